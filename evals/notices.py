"""Government notices: a stand-in for the public QA set we cannot see (real documents of many cities, questions
whose gold answer is a short span of one document, scored by whether the shown answer contains it).

`python -m evals notices [--embedding NAME ...] [--dataset DIR ...] [--pooled]` ingests each set's `docs/` into a
cached store per set and profile (or, pooled, all sets' into one) and asks its `qa.jsonl`. Each set was written by
people who never read the code, before anything was measured on it, and split once by document (`split.json`): tune
on dev.
- `notices/` (Dec 7): 40 short notices, measures, guides and Q&A pages of several cities, 2020-2025, in TXT,
  Markdown and HTML, with near-twins (two cities' policies, a 2021 and a 2023 version); 120 questions, 3 per
  document; split 20/20 with near-twins in one half (seed 47).
- `notices2/` (Dec 7, later): 40 documents of 2,500-3,100 characters as portals publish them (印发 notices with
  their letterhead and transmittal, PDF text with hard wraps and page marks, portal pages with tables, 政策问答),
  near-twins inside each half; 160 questions, 4 per document, each with the answer type its author meant. Each
  half had its own author: dev (101-120) and held-out (201-220).
- `notices3/` (Dec 7, after tuning on notices2's dev half): 40 documents of 3,500-6,200 characters on the approvals
  of industrial projects and their subsidies, in PDF (wrapped lines, page numbers, running headers, drawn tables),
  DOCX (Word tables), TXT (copied from PDFs or web pages) and HTML; 160 questions, one author per half: dev
  (301-320), held-out (401-420).
- `notices4/` (Dec 7, evening): 40 documents of 600-6,000 characters on public services and enterprise support
  of 2020-2024 (复工复产, 稳岗返还, 公积金, 消费券, 创业担保贷款, 人才安家, 垃圾分类, 停车, 养老补贴) in 19 cities and
  4 invented counties, in every format, with near-twins (2021 against 2023, two cities, a notice and its 解读);
  160 questions; one author per half: dev (501-520), held-out (601-620).
- `notices5/` (Dec 7, after the notices4 round): 24 documents of about 1,000 characters on topics none of the
  others has (专利资助, 科技创新券, 绿色工厂, 高企奖励, 外资到位, 总部企业, 冷链, 跨境电商, 人才落户, 博士后, 上市挂牌,
  节水, 电梯安全, 夜间经济, 老字号, 龙头企业, 民宿, 建筑业资质, 施工图审查, 城市更新, 政府采购预留) in 14 cities and 2
  invented places, every format, near-twins in dev (two cities, a 2022 and a 2024 version, a notice and its 解读);
  96 questions with their answer types; split by document, dev (701, 702, 705-707, 709, 710, 713, 716-718, 720).
- `notices6/` (Dec 7, night): 24 documents of 2,800-3,300 characters on topics none of the others has (算力券, 首店经济,
  托育, 分布式光伏备案, 技能大师工作室, 会展业, 海外仓, 低空经济, 工业设计中心, 预制菜, 充电设施, 软件首版次, 建筑垃圾
  资源化, 户外招牌, 就业见习, 老年食堂, 专项维修资金, 特种设备登记, 退役军人创业, 体育场馆开放) in 14 cities and 2
  invented places, every format, Word and PDF tables, facts among same-type distractors (tiers, batches, two
  deadlines), near-twins split across the halves; 96 typed questions; dev (801, 804, 805, 808, 809, 812, 814, 816-818,
  820, 823).
- `notices7/` (Dec 7, late): 24 documents in the public set's mix of lengths - 6 news reports of 400-800 characters,
  10 notices and guides of 1,500-2,300, 8 measures of about 6,000 with 章 and 条 - on topics none of the others has
  (高温津贴, 农村危房改造, 租赁备案, 门诊慢特病, 课后服务, 餐饮油烟, 应急物资, 噪声, 个转企, 招投标投诉, 快递进村, 数据要素,
  企业上云, 长护险, 裁量基准) in 16 cities and 2 invented places, every format (Word and PDF tables, a text folded at
  40 characters), nine near-twin pairs split across the halves (two cities, a measure and a news report on it);
  96 typed questions; dev (902, 903, 906, 907, 910, 912, 914, 915, 917, 919, 921, 922).
- `notices8/` (Dec 7, last): 24 documents in the same mix of lengths on new topics (殡葬减免, 居民养老保险档次, 绿色建筑
  奖励, 工伤认定, 电动自行车登记, 带押过户, 古树名木, 养犬, 河道采砂裁量基准, 年休假, 个人养老金, 校外培训预收费, 出生一件事,
  无偿献血, 耕地地力补贴, 公益性岗位) in 16 cities and 2 invented places, 11 documents with tables holding an answer
  in a cell (a fee schedule, a discretion benchmark of 25 rows, office lists, county allocations), eight near-twin
  pairs split across the halves; 96 typed questions; dev (1001, 1003, 1005, 1007, 1009, 1011, 1013, 1015, 1018, 1019,
  1021, 1023).
- `notices9/` (Dec 8): 24 documents in the same mix on new topics (房屋征收补偿, 学前教育资助 2022 and 2024, 共享单车,
  夜市摊点, 前期物业收费, 伏季休渔 2023 and 2024, 药品零售许可, 森林防火, 燃气入户安检, 文物修缮补助, 见义勇为, 法律援助,
  玉米完全成本保险, 老人免费乘车, 医疗救助问答, 居住证) in 16 cities and 2 invented places, 10 documents with an answer
  in a table cell, questions naming a district or county of a city whose document speaks only of the city, eight
  near-twin pairs split across the halves; 96 typed questions; dev (1101, 1103, 1105, 1107, 1109, 1111, 1113, 1115,
  1117, 1119, 1121, 1123).
- `notices10/` (Dec 8): 24 documents, half of them from the COVID period as much of the public set is (租金减免 2020 and
  2022, 疫情贷款贴息 in two cities, 分批复工复产, 复工备案, 社保减免问答, 防疫物资补助, 外贸纾困, 消费券, 个体户帮扶问答,
  稳岗返还), half on new topics (公积金贷款额度 2021 and 2023, 人才公寓, 一照多址, 燃气经营许可, 多测合一, 技能提升补贴问答,
  就业补贴问答, 户外广告审批, 交房即交证) in 20 cities and 2 invented places, four in 问/答 form, 12 with an answer in a
  table cell, three twin pairs split across the halves; 96 typed questions with more dates, durations and websites;
  dev (1201, 1203, ..., 1223: the odd numbers).

Per split: the gold shown (the longest common substring of gold and answer, whitespace aside, is >= 80% of the
gold, as the public set scores it), mean answer length, refusals, the right document cited first; beside the
same-run baselines, which never refuse: the best retrieved passage shown whole, the top-2 sentences of the
top passages, and the right document first by jieba-BM25 over whole documents. And per document, the share of its
text the store holds (evals/coverage.py): a loader that lost a page shows there, asked about or not.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel
from tqdm import tqdm

from bot.answer import Assistant
from bot.answer.extractive import query_weights
from evals.answers import body_of, top2_sentences
from evals.coverage import KEPT_BAR, DocumentKept, documents_kept
from evals.data import DATASETS_DIR
from evals.kb import open_eval_store, profile_dirname
from evals.laws import DocumentBM25, write_results
from evals.metrics import mean, percentile
from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)

ROOT = DATASETS_DIR / "notices"
SETS = (ROOT, *(DATASETS_DIR / f"notices{n}" for n in range(2, 11)))  # each: docs/, qa.jsonl, split.json
SPLITS = ("dev", "heldout")
GOLD_SHOWN = 0.8  # the public set's bar: this share of the gold, in one piece, in the answer


class Question(BaseModel):
    id: str
    doc: str
    question: str
    gold: str
    type: str | None = None  # the answer type its author meant (notices2), for failures by kind


class Outcome(BaseModel):
    id: str
    split: str
    question: str
    gold: str
    answer: str
    refused: bool
    shown: bool
    chars: int
    right_doc: bool
    best_chunk: bool
    best_chunk_chars: int
    top2: bool
    top2_chars: int
    bm25_doc: bool
    ms: float
    type: str | None = None


class SplitScores(BaseModel):
    questions: int
    gold_shown: float
    mean_chars: float | None
    refused: float
    right_doc_first: float
    best_chunk_shown: float
    best_chunk_chars: float | None
    top2_shown: float
    top2_chars: float | None
    bm25_doc_first: float
    ask_ms_p50: float | None
    text_kept: float | None = None  # mean share of a document's text the store holds (evals/coverage.py)


class NoticesResult(BaseModel):
    dataset: str
    profile: str
    splits: dict[str, SplitScores]
    failures: list[Outcome]
    partly_lost: list[DocumentKept] = []  # documents whose text the store holds less than KEPT_BAR of


def gold_shown(gold: str, text: str) -> bool:
    g, t = re.sub(r"\s+", "", gold), re.sub(r"\s+", "", text)
    if not g:
        return False
    match = SequenceMatcher(None, g, t, autojunk=False).find_longest_match(0, len(g), 0, len(t))
    return match.size >= GOLD_SHOWN * len(g)


def load_questions(root: Path = ROOT) -> list[Question]:
    return [Question.model_validate_json(line) for line in (root / "qa.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def load_split(root: Path = ROOT) -> dict[str, set[str]]:
    raw = json.loads((root / "split.json").read_text(encoding="utf-8"))
    return {name: set(raw[name]) for name in SPLITS}


class Readers(NamedTuple):
    """What answers from a store and ranks its whole documents, built once per store (pooled, every set asks one)."""

    assistant: Assistant
    bm25: DocumentBM25

    @classmethod
    def of(cls, store: KnowledgeStore) -> Readers:
        return cls(Assistant(store, store.settings), DocumentBM25(store))


def evaluate_notices(store: KnowledgeStore, questions: list[Question], split: dict[str, set[str]],
                     progress: bool = True, readers: Readers | None = None) -> tuple[dict[str, SplitScores], list[Outcome]]:
    assistant, bm25 = readers or Readers.of(store)
    index = store.keyword_index()
    half = {doc: name for name, docs in split.items() for doc in docs}
    outcomes = []
    for q in tqdm(questions, desc="公文问答评测", unit="题", disable=not progress):
        answer = assistant.ask(q.question)
        body = "" if answer.refused else body_of(answer.answer)
        top = answer.retrieved[0].chunk.text if answer.retrieved else ""
        two = top2_sentences(answer.retrieved, query_weights(answer.condensed_question or q.question, index))
        first = answer.citations[0].source if answer.citations else None
        outcomes.append(Outcome(
            id=q.id, split=half[q.doc], question=q.question, gold=q.gold, answer=answer.answer, refused=answer.refused,
            shown=gold_shown(q.gold, body), chars=len(body), right_doc=first == q.doc,
            best_chunk=gold_shown(q.gold, top), best_chunk_chars=len(top), top2=gold_shown(q.gold, two),
            top2_chars=len(two), bm25_doc=bm25.rank(q.question)[0] == q.doc,
            ms=answer.timings_ms.get("total", 0.0), type=q.type))
    scores = {name: _scores([o for o in outcomes if o.split == name]) for name in SPLITS}
    return scores, [o for o in outcomes if not o.shown]


def _scores(outcomes: list[Outcome]) -> SplitScores:
    n = max(len(outcomes), 1)
    answered = [o for o in outcomes if not o.refused]
    return SplitScores(
        questions=len(outcomes), gold_shown=sum(o.shown for o in outcomes) / n,
        mean_chars=mean(o.chars for o in answered), refused=sum(o.refused for o in outcomes) / n,
        right_doc_first=sum(o.right_doc for o in outcomes) / n, best_chunk_shown=sum(o.best_chunk for o in outcomes) / n,
        best_chunk_chars=mean(o.best_chunk_chars for o in outcomes), top2_shown=sum(o.top2 for o in outcomes) / n,
        top2_chars=mean(o.top2_chars for o in outcomes), bm25_doc_first=sum(o.bm25_doc for o in outcomes) / n,
        ask_ms_p50=percentile([o.ms for o in outcomes], 50))


def run_notices(profiles: Sequence[str], cache_dir: Path, out: Path, sets: Sequence[Path] = SETS,
                progress: bool = True, pooled: bool = False) -> list[NoticesResult]:
    """Evaluate each set with each profile and write report.md and results.json into `out`. Each set has a store
    of its own, or with `pooled` all sets share one: the public set's 599 documents make retrieval harder than a
    set's 40 do, and near-twins of one set then compete with those of the others."""
    results = []
    for profile in profiles:
        shared = _store(profile, cache_dir / f"pooled-{profile_dirname(profile)}", sets, progress) if pooled else None
        shared_readers = Readers.of(shared) if shared else None
        for root in sets:
            store = shared or _store(profile, cache_dir / f"{root.name}-{profile_dirname(profile)}", [root], progress)
            split = load_split(root)
            scores, failures = evaluate_notices(store, load_questions(root), split, progress, shared_readers)
            kept = documents_kept(store, root / "docs")
            for name, s in scores.items():
                s.text_kept = mean(k.kept for k in kept if k.doc in split[name])
            results.append(NoticesResult(dataset=root.name + (" (pooled)" if pooled else ""), profile=profile,
                                         splits=scores, failures=failures,
                                         partly_lost=[k for k in kept if k.kept < KEPT_BAR]))
    write_results(out, results, render(results))
    return results


def _store(profile: str, kb_dir: Path, sets: Sequence[Path], progress: bool) -> KnowledgeStore:
    store, report = open_eval_store(profile, kb_dir, [root / "docs" for root in sets], progress)
    if report.files_failed:
        log.warning("%d notices not ingested into %s", len(report.files_failed), kb_dir.name)
    return store


def render(results: list[NoticesResult]) -> str:
    lines = ["# 公文问答评测 (government notices, a stand-in for the public QA set)", ""]
    for r in results:
        lines += [f"## {r.dataset} · {r.profile}", "",
                  "| split | questions | gold shown | mean chars | refused | right doc first | best chunk shown / chars "
                  "| top-2 sentences shown / chars | BM25 doc first | ask p50 ms | text kept |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for name, s in r.splits.items():
            lines.append(f"| {name} | {s.questions} | {s.gold_shown:.3f} | {_num(s.mean_chars)} | {s.refused:.3f} | "
                         f"{s.right_doc_first:.3f} | {s.best_chunk_shown:.3f} / {_num(s.best_chunk_chars)} | "
                         f"{s.top2_shown:.3f} / {_num(s.top2_chars)} | {s.bm25_doc_first:.3f} | {_num(s.ask_ms_p50)} | "
                         f"{'–' if s.text_kept is None else f'{s.text_kept:.3f}'} |")
        lines += ["", f"### 正文保留不足 {KEPT_BAR:.0%} 的文档 (documents the store holds less of)", ""]
        lines += [f"- {k.doc}：{k.kept:.3f}" for k in r.partly_lost] or ["- 无"]
        lines += ["", "### 未显示金标准答案的题 (gold not shown)", ""]
        lines += [f"- {o.split} {o.id}{f' [{o.type}]' if o.type else ''} {o.question} — 金标准：{o.gold}"
                  for o in r.failures]
        lines.append("")
    return "\n".join(lines)


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"

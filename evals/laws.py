"""External evaluation on the 29 national statutes (DESIGN.md §8): documents nobody here wrote.

`python -m evals laws [--embedding NAME ...]` ingests `ZONEBOT_LAWS_DIR` (default ../shared/laws) into
a cached store per profile (data/eval-kb/laws-<profile>) and asks `evals/datasets/laws.jsonl`, dev and
held-out separately (`laws_split.json`, split once before any tuning), and the two-turn follow-ups of
`laws_followups.jsonl` and every later set (`laws_followups_b.jsonl` onwards, one letter each)
(the later sets in phrasings the earlier ones do not use; split lists in datasets/splits/; the second turn is scored like a
question, and reported per file too):
- retrieval: document hit@1/hit@5 of the assistant's retriever, beside jieba-BM25 over whole
  documents computed in the same run (the baseline any retriever has to beat);
- answers: every key fact in the answer, the article shown (in the answer or on the first citation),
  the first citation the right file, answerable questions refused, out-of-scope questions refused;
  the same four for the follow-ups, asked after their first turn and its answer;
- length: the composer's key facts and mean answer length beside the two same-run baselines of
  `evals answers` (the best passage shown whole, the top-2 sentences), on the passages it was given;
- topic switches: follow-ups whose second turn leaves the statutes (`out_of_scope`), refused or not,
  apart from both the follow-ups and the standalone out-of-scope questions.
When the folder is absent it says so in Chinese and skips.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel
from rank_bm25 import BM25Okapi
from tqdm import tqdm

from bot.answer import Assistant
from bot.models import Answer, ChatTurn
from bot.retrieval import HybridRetriever
from evals.answers import BASELINES, COMPOSER, MethodScore, ask_after, baseline_answers, body_of, source_after_other_topic
from evals.data import DATASETS_DIR, Answerable, Cases, FollowUp, OutOfScope, load_cases
from evals.kb import open_eval_store, profile_dirname
from evals.metrics import fact_found, hit_at, mean, percentile, unique_sources
from knowledge.keyword import tokenize
from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)

DATASET = DATASETS_DIR / "laws.jsonl"
FOLLOWUPS = tuple(sorted(DATASETS_DIR.glob("laws_followups*.jsonl")))  # every set, a new one included
SPLIT = DATASETS_DIR / "laws_split.json"
FETCH_CHUNKS = 30
SPLITS = ("dev", "heldout")


class LawsCase(BaseModel):
    id: str
    kind: str  # "answerable" | "followup" | "out_of_scope" | "topic_switch" (a follow-up leaving the statutes)
    style: str
    dataset: str = ""  # the file a follow-up came from (its stem: FollowUp.dataset)
    question: str  # a follow-up's last turn, after the earlier ones in `history`
    history: list[str] = []
    expected: str | None
    article: str | None
    retrieved: list[str]  # documents, best first (hybrid)
    baseline: list[str]  # documents, best first (whole-document BM25)
    refused: bool
    first_citation: str | None
    first_article: str | None
    answer: str
    problems: list[str]  # kinds of failure (see FAILURES)
    # a follow-up's first turn: refused, and whether its first citation is a file the follow-up expects
    opener_refused: bool | None = None
    opener_on_file: bool | None = None
    chars: int = 0  # length of the answer body (without the source lines); 0 when refused
    baselines: dict[str, bool] = {}  # same-run baseline -> all key facts in its answer (answered rows)
    baseline_chars: dict[str, int] = {}


# Where a follow-up that does not reach its file went wrong: the stage of the conversation that failed.
STAGES = {"opener_refused": "首问被拒答", "opener_elsewhere": "首问答自别的文件",
          "refused_after_right_opener": "首问对、追问被拒答", "elsewhere_after_right_opener": "首问对、追问答自别的文件"}
FAILURES = {"refused": "误拒答", "wrong_file": "首个引用不是预期文件", "missing_facts": "缺少关键事实",
            "no_article": "没有给出条文号", "not_refused": "应拒答却作答", "retrieval_miss": "检索前五没有预期文件",
            "switch_not_refused": "话题转出法规后仍作答"}


class FollowupScores(BaseModel):
    """The follow-up figures of one file (topic switches apart)."""

    n: int
    citation_right: float | None
    key_facts: float | None
    article_shown: float | None
    refused: float | None


class SplitScores(BaseModel):
    answerable: int
    out_of_scope: int
    hit1: float
    hit5: float
    baseline_hit1: float
    baseline_hit5: float
    first_citation_right: float
    key_facts: float
    article_shown: float
    false_refusal: float
    refused_out_of_scope: float | None
    refused_in_conversation: float | None = None  # the same, each asked right after an answered question
    # first citation the right file when each question is asked right after one on another statute
    source_after_other_topic: float | None = None
    followups: int
    followup_citation_right: float | None  # the follow-up's first citation is the right file
    followup_key_facts: float | None
    followup_article_shown: float | None
    followup_refused: float | None
    # the composer beside the same-run baselines (key facts / mean characters over the answered rows)
    methods: dict[str, MethodScore] = {}
    followup_methods: dict[str, MethodScore] = {}
    followups_by_file: dict[str, FollowupScores] = {}  # dataset stem -> the same four figures
    followup_misses: dict[str, int] = {}  # follow-ups not reaching their file, by failing stage (STAGES)
    topic_switches: int = 0
    topic_switch_refused: float | None = None  # share of follow-ups leaving the statutes that were refused
    failures: dict[str, int]


class LawsResult(BaseModel):
    profile: str
    laws_dir: str
    documents: int
    chunks: int
    splits: dict[str, SplitScores]
    latency_ms_p50: float | None
    cases: list[LawsCase]


def load_split(path: Path = SPLIT) -> dict[str, set[str]]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {name: set(raw[name]) for name in SPLITS}


class DocumentBM25:
    """The baseline: jieba-BM25 (Okapi, rank_bm25 defaults) over each document's whole text."""

    def __init__(self, store: KnowledgeStore) -> None:
        texts: dict[str, list[str]] = defaultdict(list)
        for chunk in sorted(store.all_chunks(), key=lambda c: (c.source, c.chunk_index)):
            texts[chunk.source].append(chunk.text)
        self.sources = list(texts)
        titles = {d.source: d.title for d in store.documents()}
        self.bm25 = BM25Okapi([tokenize(titles.get(s, "") + "\n" + "\n".join(texts[s])) for s in self.sources])

    def rank(self, question: str) -> list[str]:
        scores = self.bm25.get_scores(tokenize(question) or [""])
        return [self.sources[i] for i in sorted(range(len(scores)), key=lambda i: -scores[i])]


def _article_shown(answer_text: str, first_article: str | None, article: str | None) -> bool:
    return bool(article) and (first_article == article or article in answer_text)


def evaluate_laws(store: KnowledgeStore, cases: Cases, split: dict[str, set[str]], laws_dir: Path,
                  progress: bool = True) -> LawsResult:
    assistant = Assistant(store, store.settings)
    retriever = HybridRetriever(store, store.settings)
    baseline = DocumentBM25(store)
    outcomes: list[LawsCase] = []
    totals: list[float] = []
    rows: list[Answerable | FollowUp | OutOfScope] = [*cases.answerable, *cases.followups, *cases.out_of_scope]
    for case in tqdm(rows, desc=f"法规评测 {store.settings.embedding}", unit="题", disable=not progress):
        history: list[ChatTurn] = []
        earlier: list[Answer] = []  # the answers to a follow-up's earlier turns
        if isinstance(case, FollowUp):
            for said in case.turns[:-1]:
                earlier.append(assistant.ask(said, history))
                history += [ChatTurn(role="user", content=said), ChatTurn(role="assistant", content=earlier[-1].answer)]
            question = case.turns[-1]
        else:
            question = case.question
        answer = assistant.ask(question, history)
        compared: dict = {}
        totals.append(answer.timings_ms.get("total", 0.0))
        first = answer.citations[0] if answer.citations else None
        # retrieval hit@k is scored on standalone questions (a follow-up's retrieval runs on its condensed form)
        ranked = [] if history else unique_sources(r.chunk.source for r in retriever.search(question, FETCH_CHUNKS))
        problems: list[str] = []
        if isinstance(case, OutOfScope):
            expected, kind, style, article = None, "out_of_scope", case.reason, None
            if not answer.refused:
                problems.append("not_refused")
        elif isinstance(case, FollowUp) and case.out_of_scope:  # sources and article describe the first turn
            expected, kind, style, article = None, "topic_switch", case.style, None
            if not answer.refused:
                problems.append("switch_not_refused")
        else:
            expected, style, article = case.sources[0], case.style, case.article
            kind = "followup" if isinstance(case, FollowUp) else "answerable"
            if answer.refused:
                problems.append("refused")
            else:
                if first is None or first.source not in case.sources:
                    problems.append("wrong_file")
                if not all(fact_found(f, answer.answer) for f in case.key_facts):
                    problems.append("missing_facts")
                if not _article_shown(answer.answer, first.article if first else None, case.article):
                    problems.append("no_article")
            if ranked and not hit_at(ranked, set(case.sources), 5):
                problems.append("retrieval_miss")
            if not answer.refused:
                texts = baseline_answers(answer, store.keyword_index())
                compared = {"chars": len(body_of(answer.answer)),
                            "baselines": {b: all(fact_found(f, t) for f in case.key_facts) for b, t in texts.items()},
                            "baseline_chars": {b: len(t) for b, t in texts.items()}}
        outcomes.append(LawsCase(
            id=case.id, kind=kind, style=style, dataset=case.dataset if isinstance(case, FollowUp) else "", question=question,
            history=[t.content for t in history if t.role == "user"],
            expected=expected, article=article, retrieved=ranked[:5],
            baseline=[] if history else baseline.rank(question)[:5], refused=answer.refused,
            first_citation=first.source if first else None, first_article=first.article if first else None,
            answer=answer.answer, problems=problems, **_opener(earlier, case), **compared))
    splits = {name: _scores([o for o in outcomes if o.id in ids]) for name, ids in split.items()}
    for name, ids in split.items():
        mine = [c for c in cases.answerable if c.id in ids]
        splits[name].refused_in_conversation = _refused_in_conversation(
            assistant, mine, [c for c in cases.out_of_scope if c.id in ids])
        splits[name].source_after_other_topic = source_after_other_topic(assistant.ask, mine)
    return LawsResult(profile=store.settings.embedding, laws_dir=str(laws_dir), documents=len(store.documents()),
                      chunks=store.stats()["chunks"], splits=splits, latency_ms_p50=percentile(totals, 50),
                      cases=outcomes)


def _opener(earlier: list[Answer], case: Answerable | FollowUp | OutOfScope) -> dict[str, bool]:
    """A follow-up's first answer: refused, and whether its first citation is a file the follow-up expects
    (LawsCase.opener_refused / opener_on_file); nothing for a question asked alone."""
    if not earlier or isinstance(case, OutOfScope):
        return {}
    first = earlier[0]
    return {"opener_refused": first.refused,
            "opener_on_file": bool(first.citations) and first.citations[0].source in case.sources}


def _refused_in_conversation(assistant: Assistant, answerable: list[Answerable],
                             oos: list[OutOfScope]) -> float | None:
    """Share of out-of-scope questions refused when asked right after a statute question of the split."""
    if not answerable:
        return None
    return mean(float(ask_after(assistant.ask, answerable[i * 7 % len(answerable)].question, case.question).refused)
                for i, case in enumerate(oos))


def _scores(outcomes: list[LawsCase]) -> SplitScores:
    ans = [o for o in outcomes if o.kind == "answerable"]
    fus = [o for o in outcomes if o.kind == "followup"]
    oos = [o for o in outcomes if o.kind == "out_of_scope"]
    switches = [o for o in outcomes if o.kind == "topic_switch"]

    def share(flags: Sequence[bool]) -> float:
        return mean(float(f) for f in flags) or 0.0

    def hit(o: LawsCase, docs: list[str], k: int) -> bool:
        return bool(hit_at(docs, {o.expected or ""}, k))

    def right(o: LawsCase, problem: str) -> bool:
        return not o.refused and problem not in o.problems

    def followup_scores(rows: list[LawsCase]) -> FollowupScores:
        return FollowupScores(n=len(rows), citation_right=mean(float(right(o, "wrong_file")) for o in rows),
                              key_facts=mean(float(right(o, "missing_facts")) for o in rows),
                              article_shown=mean(float(right(o, "no_article")) for o in rows),
                              refused=mean(float(o.refused) for o in rows))

    overall = followup_scores(fus)

    def methods(rows: list[LawsCase]) -> dict[str, MethodScore]:
        """Key facts over all rows (a refusal is a miss for every method) and mean length over the answered."""
        answered = [o for o in rows if not o.refused]
        found = {COMPOSER: [right(o, "missing_facts") for o in rows]}
        chars = {COMPOSER: [o.chars for o in answered]}
        for b in BASELINES:
            if all(b in o.baselines for o in answered):
                found[b] = [not o.refused and o.baselines[b] for o in rows]
                chars[b] = [o.baseline_chars[b] for o in answered]
        return {m: MethodScore(key_fact_recall=mean(float(f) for f in found[m]), mean_chars=mean(chars[m]))
                for m in found}

    return SplitScores(
        answerable=len(ans), out_of_scope=len(oos),
        hit1=share([hit(o, o.retrieved, 1) for o in ans]), hit5=share([hit(o, o.retrieved, 5) for o in ans]),
        baseline_hit1=share([hit(o, o.baseline, 1) for o in ans]),
        baseline_hit5=share([hit(o, o.baseline, 5) for o in ans]),
        first_citation_right=share([right(o, "wrong_file") for o in ans]),
        key_facts=share([right(o, "missing_facts") for o in ans]),
        article_shown=share([right(o, "no_article") for o in ans]),
        false_refusal=share([o.refused for o in ans]),
        refused_out_of_scope=mean(float(o.refused) for o in oos),
        followups=len(fus), followup_citation_right=overall.citation_right, followup_key_facts=overall.key_facts,
        followup_article_shown=overall.article_shown, followup_refused=overall.refused,
        methods=methods(ans), followup_methods=methods(fus),
        followups_by_file={name: followup_scores([o for o in fus if o.dataset == name])
                           for name in sorted({o.dataset for o in fus})},
        followup_misses=dict(Counter(stage for o in fus if (stage := failing_stage(o)) is not None)),
        topic_switches=len(switches), topic_switch_refused=mean(float(o.refused) for o in switches),
        failures=dict(Counter(p for o in outcomes for p in o.problems)))


def failing_stage(case: LawsCase) -> str | None:
    """The stage at which a follow-up missed its file (STAGES), None when it reached it: a refused or
    misplaced opener takes the follow-up with it, so the two are told apart from the follow-up's own miss."""
    if not (case.refused or "wrong_file" in case.problems):
        return None
    if case.opener_refused:
        return "opener_refused"
    if not case.opener_on_file:
        return "opener_elsewhere"
    return "refused_after_right_opener" if case.refused else "elsewhere_after_right_opener"


def run_laws(profiles: Sequence[str], cache_dir: Path, laws_dir: Path, out: Path,
             progress: bool = True) -> list[LawsResult] | None:
    """Evaluate each profile and write report.md and results.json into `out`; None when the statutes
    are absent (the caller prints why)."""
    if not laws_dir.is_dir():
        return None
    cases = load_cases([DATASET, *FOLLOWUPS])
    split = load_split()
    for followup in cases.followups:  # split by their own committed lists (datasets/splits/)
        split.setdefault(followup.split, set()).add(followup.id)
    results = []
    for profile in profiles:
        started = time.perf_counter()
        store, report = open_eval_store(profile, cache_dir / f"laws-{profile_dirname(profile)}", laws_dir, progress)
        if report.files_failed:
            log.warning("%d statute files not ingested", len(report.files_failed))
        result = evaluate_laws(store, cases, split, laws_dir, progress)
        log.info("laws/%s took %.0f s", profile, time.perf_counter() - started)
        results.append(result)
    write_results(out, results, render(results))
    return results


def write_results(out: Path, results: Sequence[BaseModel], report: str) -> None:
    """results.json (one object per profile) and report.md of an external evaluation into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps([r.model_dump() for r in results], ensure_ascii=False, indent=1),
                                      encoding="utf-8")
    (out / "report.md").write_text(report, encoding="utf-8")


def render(results: list[LawsResult]) -> str:
    lines = ["# 外部评测：29 部法律法规 (external evaluation: national statutes)", ""]
    for r in results:
        lines += [f"## {r.profile}", "",
                  f"{r.documents} documents, {r.chunks} chunks, warm ask p50 {r.latency_ms_p50 or 0:.0f} ms", "",
                  "| split | n | hit@1 | hit@5 | doc-BM25 hit@1 | doc-BM25 hit@5 | first citation | key facts "
                  "| article shown | false refusal | out-of-scope refused (n) |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for name, s in r.splits.items():
            oos = f"{s.refused_out_of_scope:.3f} ({s.out_of_scope})" if s.refused_out_of_scope is not None else "-"
            lines.append(f"| {name} | {s.answerable} | {s.hit1:.3f} | {s.hit5:.3f} | {s.baseline_hit1:.3f} | "
                         f"{s.baseline_hit5:.3f} | {s.first_citation_right:.3f} | {s.key_facts:.3f} | "
                         f"{s.article_shown:.3f} | {s.false_refusal:.3f} | {oos} |")
        lines += [""] + [f"- {name}: out-of-scope refused when asked right after an answered question "
                         f"{s.refused_in_conversation:.3f}" for name, s in r.splits.items()
                         if s.refused_in_conversation is not None]
        lines += [f"- {name}: first citation the right file when asked right after a question on another statute "
                  f"{s.source_after_other_topic:.3f} (alone {s.first_citation_right:.3f})"
                  for name, s in r.splits.items() if s.source_after_other_topic is not None]
        lines += ["", "组合答案与同轮基线 (composer vs same-run baselines: key facts / mean characters of the answered):",
                  "", "| split | rows | " + " | ".join((COMPOSER, *BASELINES)) + " |", "|---|---|---" + "|---" * len(BASELINES) + "|"]
        for name, s in r.splits.items():
            for rows, by_method in (("standalone", s.methods), ("follow-ups", s.followup_methods)):
                if by_method:
                    lines.append(f"| {name} | {rows} | " + " | ".join(
                        f"{m.key_fact_recall or 0:.3f} / {m.mean_chars or 0:.0f}" if (m := by_method.get(k)) else "-"
                        for k in (COMPOSER, *BASELINES)) + " |")
        lines += ["", "Two-turn follow-ups (the last turn scored, asked after the first and its answer):", "",
                  "| split | n | first citation right file | key facts | article shown | refused |", "|---|---|---|---|---|---|"]
        for name, s in r.splits.items():
            if s.followups:
                lines.append(f"| {name} | {s.followups} | {s.followup_citation_right or 0:.3f} | "
                             f"{s.followup_key_facts or 0:.3f} | {s.followup_article_shown or 0:.3f} | "
                             f"{s.followup_refused or 0:.3f} |")
        lines += ["", "The same per file (each later set uses phrasings the earlier ones did not):", "",
                  "| split | file | n | first citation right file | key facts | article shown | refused |",
                  "|---|---|---|---|---|---|---|"]
        for name, s in r.splits.items():
            for file, f in s.followups_by_file.items():
                lines.append(f"| {name} | {file or '-'} | {f.n} | {f.citation_right or 0:.3f} | "
                             f"{f.key_facts or 0:.3f} | {f.article_shown or 0:.3f} | {f.refused or 0:.3f} |")
        lines += ["", "Follow-ups missing their file, by the stage that failed (an opener refused or answered from "
                  "another file takes its follow-up with it):", ""]
        for name, s in r.splits.items():
            if s.followups:
                misses = "，".join(f"{label} {s.followup_misses[k]}" for k, label in STAGES.items() if k in s.followup_misses)
                lines.append(f"- {name}: {misses or '无'}")
        lines += ["", "Follow-ups whose second turn leaves the statutes (to be refused; not in the tables above):",
                  ""]
        lines += [f"- {name}: topic switch refused (n) {s.topic_switch_refused:.3f} ({s.topic_switches})"
                  for name, s in r.splits.items() if s.topic_switch_refused is not None] or ["- 无 (none)"]
        lines += ["", "### 失败按类型 (failures by kind)", ""]
        for name, s in r.splits.items():
            counts = "，".join(f"{FAILURES[k]} {v}" for k, v in sorted(s.failures.items())) or "无"
            lines.append(f"- {name}: {counts}")
        lines += ["", "### 失败的题目 (failing cases)", ""]
        for case in r.cases:
            if case.problems:
                shown = case.answer.replace("\n", " ")[:160]
                asked = " → ".join([*case.history, case.question])
                lines.append(f"- `{case.id}` {asked} — {'、'.join(FAILURES[p] for p in case.problems)}；"
                             f"预期 {case.expected or '拒答'} {case.article or ''}，首个引用 {case.first_citation} "
                             f"{case.first_article or ''}；检索 {case.retrieved[:3]}；回答：{shown}")
        lines.append("")
    return "\n".join(lines)

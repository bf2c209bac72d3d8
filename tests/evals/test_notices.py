"""The government-notices set (a stand-in for the public QA set): every gold a span of its document, three
questions per document, the split covering every document once; the scoring of "gold shown"; and the
evaluation end to end on the light model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evals.coverage import documents_kept, reference_text, text_kept
from evals.kb import eval_settings
from evals.notices import (ROOT, SETS, SPLITS, evaluate_notices, gold_shown, load_questions, load_split,
                            run_notices)
from ingest.pipeline import ingest_paths
from knowledge.settings import Settings
from knowledge.store import KnowledgeStore


def _plain(path: Path) -> str:
    """The document's text as its author's own tools read it (not our loaders), whitespace aside."""
    return re.sub(r"\s+", "", reference_text(path))


@pytest.mark.parametrize("root", SETS, ids=[root.name for root in SETS])
def test_every_gold_is_a_span_of_its_document_and_the_split_covers_each_document_once(root: Path) -> None:
    questions = load_questions(root)
    docs = {p.name for p in (root / "docs").iterdir()}
    assert len(docs) in (24, 40) and len(questions) in (3 * len(docs), 4 * len(docs))
    for q in questions:
        assert q.doc in docs and re.sub(r"\s+", "", q.gold) in _plain(root / "docs" / q.doc), q.id
    per_doc: dict[str, int] = {}
    for q in questions:
        per_doc[q.doc] = per_doc.get(q.doc, 0) + 1
    assert set(per_doc.values()) == {len(questions) // len(docs)}
    split = load_split(root)
    assert set(split) == set(SPLITS) and not split["dev"] & split["heldout"] and split["dev"] | split["heldout"] == docs


def test_gold_shown_needs_most_of_the_gold_in_one_piece() -> None:
    assert gold_shown("2020年2月10日", "自2020年2月10日起，各企业有序复工[1]。")
    assert gold_shown("按减免金额的30%给予补助", "按减免 金额的30%给予补助")  # whitespace aside
    assert not gold_shown("复工复产申请表；疫情防控工作方案", "复工复产申请表[1]；疫情防控工作方案[1]")
    assert not gold_shown("", "任何回答")


def test_text_kept_counts_runs_between_marks_whole() -> None:
    """A run of letters and digits between marks of punctuation or markup counts when the store holds it whole:
    table pipes, Markdown and line breaks cost nothing, a lost sentence costs its length."""
    document = "| 类别 | 补助 |\n|---|---|\n| 甲类 | 每户3000元 |\n\n## 申报时间\n\n申报时间为3月1日至\n4月15日。逾期不再受理。"
    stored = "类别：甲类；补助：每户3000元\n申报时间\n申报时间为3月1日至4月15日。逾期不再受理。"
    assert text_kept(document, stored) == 1.0
    lost = text_kept(document, stored.replace("逾期不再受理。", ""))
    assert lost == pytest.approx(1 - len("逾期不再受理") / sum(map(len, ["类别", "补助", "甲类", "每户3000元", "申报时间",
                                                                   "申报时间为3月1日至", "4月15日", "逾期不再受理"])))
    assert text_kept(document, "") == 0.0 and text_kept("。", "") == 1.0


def test_notices_are_answered_and_scored_with_their_baselines(tmp_path: Path) -> None:
    store = KnowledgeStore(Settings(kb_dir=tmp_path / "kb", embedding="light"))
    ingest_paths([ROOT / "docs"], store, progress=False)
    questions = [q for q in load_questions() if q.doc.startswith(("001_", "002_"))]
    scores, failures = evaluate_notices(store, questions, load_split(), progress=False)
    kept = documents_kept(store, ROOT / "docs")
    assert len(kept) == 40 and min(k.kept for k in kept) >= 0.9
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "999_未导入的通知.txt").write_text("某某市关于开展夜间经济街区评定的通知。", encoding="utf-8")
    assert [k.kept for k in documents_kept(store, tmp_path / "other")] == [0.0]
    counted = {name: s for name, s in scores.items() if s.questions}
    assert sum(s.questions for s in counted.values()) == 6
    for s in counted.values():
        assert 0 <= s.gold_shown <= 1 and s.best_chunk_chars and s.ask_ms_p50 is not None
    assert len(failures) == sum(round((1 - s.gold_shown) * s.questions) for s in counted.values())


def test_pooled_sets_share_one_store_that_holds_every_set(tmp_path: Path) -> None:
    """`--pooled`: the documents of all sets in one store, each set's questions asked of it, so a near-twin of
    another set competes for them as the public set's 599 documents do."""
    sets = []
    for root, first in ((SETS[0], "001_"), (SETS[1], "101_")):
        copy = tmp_path / root.name
        (copy / "docs").mkdir(parents=True)
        doc = next(p for p in (root / "docs").iterdir() if p.name.startswith(first))
        (copy / "docs" / doc.name).write_bytes(doc.read_bytes())
        (copy / "qa.jsonl").write_text("".join(q.model_dump_json() + "\n" for q in load_questions(root)
                                               if q.doc == doc.name), encoding="utf-8")
        (copy / "split.json").write_text(json.dumps({"dev": [doc.name], "heldout": []}), encoding="utf-8")
        sets.append(copy)
    results = run_notices(["light"], tmp_path / "cache", tmp_path / "out", sets, progress=False, pooled=True)
    assert [r.dataset for r in results] == ["notices (pooled)", "notices2 (pooled)"]
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["pooled-light"]
    store = KnowledgeStore(eval_settings("light", tmp_path / "cache" / "pooled-light"))
    assert {d.source for d in store.documents()} == {next((s / "docs").iterdir()).name for s in sets}
    assert all(r.splits["dev"].questions >= 3 for r in results)
    assert "notices2 (pooled)" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")

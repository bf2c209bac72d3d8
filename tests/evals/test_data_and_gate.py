"""Dataset reading (mixed staff exports, readable errors), the gate check, perf bookkeeping."""

import json
from pathlib import Path

import pytest

from evals.data import DEFAULT_DATASETS, DatasetError, load_cases
from evals.gate import Thresholds, check, load_thresholds


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_bundled_datasets_load_with_expected_sizes() -> None:
    cases = load_cases(DEFAULT_DATASETS)
    assert cases.counts() == {"answerable": 340, "followups": 68 + 375 + 70 + 70 + 70 + 70, "out_of_scope": 60}
    assert sum(c.out_of_scope for c in cases.followups) == 10 + 10 + 10 + 10  # the free, fresh, blind, blind2 switches
    assert all(c.style != "unspecified" for c in cases.answerable)


def test_every_bundled_row_is_in_exactly_one_committed_split() -> None:
    from evals.data import SPLITS_DIR

    for path in DEFAULT_DATASETS:
        ids = [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        dev, held = ({line for line in (SPLITS_DIR / f"{path.stem}.{s}.txt").read_text().splitlines() if line}
                     for s in ("dev", "heldout"))
        assert not dev & held and dev | held == set(ids) and len(ids) == len(set(ids))
        assert 0.3 <= len(held) / len(ids) <= 0.5
    cases = load_cases()
    assert {c.split for c in cases.answerable} == {"dev", "heldout"}
    assert cases.only("heldout").counts()["answerable"] == len(
        (SPLITS_DIR / "answerable.heldout.txt").read_text().split())


def test_catalogue_follow_ups_cover_every_item_and_aspect_with_facts_from_the_guide() -> None:
    from evals.data import DATASETS_DIR
    from knowledge.catalogue import load_catalogue
    from knowledge.settings import get_settings

    rows = [json.loads(line) for line in (DATASETS_DIR / "followups_catalogue.jsonl").read_text(encoding="utf-8")
            .splitlines() if line.strip()]
    aspects = {"time", "fee", "materials", "department", "conditions"}
    seen = {(r["id"].split("-")[1], r["id"].split("-")[2]) for r in rows}
    assert seen == {(item.id, a) for item in load_catalogue().items for a in aspects}
    assert len(rows) >= 3 * len(seen)
    corpus = get_settings().corpus_dir
    for row in rows:
        guide = (corpus / row["sources"][0]).read_text(encoding="utf-8")
        assert all(fact in guide for fact in row["key_facts"]), row["id"]  # quoted literally
        assert not any(fact in row["turns"][-1] for fact in row["key_facts"])


def test_console_export_mixing_kinds_is_split_by_row_shape(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "export.jsonl", [
        {"id": "console-0001", "question": "节能审查要多久？", "sources": ["guides/energy.md"], "key_facts": []},
        {"id": "console-0002", "question": "深圳怎么备案？", "reason": "工作人员标注为应当拒答"},
        {"id": "fu-1", "turns": ["节能审查谁办？", "要多久？"], "sources": ["guides/energy.md"],
         "key_facts": ["20个工作日"]},
    ])
    cases = load_cases([path])
    assert cases.counts() == {"answerable": 1, "followups": 1, "out_of_scope": 1}
    assert cases.answerable[0].style == "unspecified"
    assert cases.limited(0).counts() == {"answerable": 0, "followups": 0, "out_of_scope": 0}


@pytest.mark.parametrize(("line", "says"), [
    ("{not json", "不是合法的 JSON"),
    ('{"id": "x", "question": "q"}', "无法判断题目类型"),
    ('{"id": "x", "question": "q", "sources": []}', "sources"),
    ('["a list"]', "JSON 对象"),
])
def test_bad_rows_name_file_line_and_problem(tmp_path: Path, line: str, says: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "question": "q", "reason": "r"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as err:
        load_cases([path])
    assert f"{path}:3" in str(err.value) and says in str(err.value)


def test_gate_checks_bounds_and_fails_missing_figures() -> None:
    bounds = Thresholds(profile="light", min={"retrieval.hybrid.hit5": 0.9, "intake.field_accuracy": 0.95},
                        max={"answers.false_refusal_rate": 0.1})
    figures = {"retrieval.hybrid.hit5": 0.9, "answers.false_refusal_rate": 0.2}
    rows = {r.figure: r.passed for r in check(figures, bounds)}
    assert rows == {"retrieval.hybrid.hit5": True, "intake.field_accuracy": False, "answers.false_refusal_rate": False}
    only = bounds.for_sections({"retrieval"})
    assert list(only.min) == ["retrieval.hybrid.hit5"] and not only.max


def test_committed_thresholds_name_every_headline() -> None:
    from evals.runner import Results, RunMeta

    empty = Results(meta=RunMeta(started="", commands=[], profiles=[], datasets=[], cases={}, limit=None, machine=""))
    thresholds = load_thresholds()
    assert thresholds.profile == "light"
    assert set(thresholds.min) | set(thresholds.max) == set(empty.headline("light"))
    assert set(thresholds.max) == {"answers.false_refusal_rate"}


def test_a_crashing_step_is_recorded_and_fails_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    from evals import runner

    def broken(*_: object) -> None:
        raise KeyError("thresholds")

    monkeypatch.setattr(runner, "run_intake_eval", broken)
    results = runner.run_evaluation(runner.Request(commands=("intake",), profiles=("light",), progress=False))
    assert results.meta.errors == {"intake": "KeyError: 'thresholds'"}
    assert [(g.figure, g.value, g.passed) for g in results.gate] == [("intake.field_accuracy", None, False)]

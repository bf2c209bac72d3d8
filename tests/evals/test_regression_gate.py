"""The regression gate: the quick light evaluation (full datasets, fresh store) against
evals/thresholds.json. Raising a threshold is a reviewed change (README, "Evaluation")."""

import json
from pathlib import Path

import pytest

from evals.data import load_cases
from evals.gate import load_thresholds
from evals.report import write_report
from evals.runner import Request, Results, run_evaluation


@pytest.fixture(scope="module")
def light_results(eval_cache: Path) -> Results:
    return run_evaluation(Request(commands=("retrieval", "answers", "intake"), profiles=("light",),
                                  cache_dir=eval_cache, progress=False))


def test_headline_figures_meet_committed_thresholds(light_results: Results) -> None:
    assert light_results.meta.cases == load_cases().counts()  # the full bundled datasets (sizes: test_data_and_gate)
    heldout = load_cases().only("heldout")
    answers = light_results.answers["light"].splits["heldout"]  # what the gate reads
    switches = [c for c in heldout.followups if c.out_of_scope]  # judged on refusal only, apart
    assert answers.answerable.n == len(heldout.answerable)
    assert answers.followups.n == len(heldout.followups) - len(switches) and answers.topic_switch_n == len(switches)
    assert light_results.headline("light")["answers.key_fact_recall"] == answers.answerable.key_fact_recall
    assert not light_results.meta.errors
    assert light_results.gate, "the gate was not checked"
    assert len(light_results.gate) == len(light_results.headline("light"))
    failed = [f"{g.figure} = {g.value} ({'≥' if g.kind == 'min' else '≤'} {g.bound} required)"
              for g in light_results.gate if not g.passed]
    assert not failed, "regression: " + "; ".join(failed)


def test_report_holds_figures_plots_and_readable_failures(light_results: Results, tmp_path: Path) -> None:
    report = write_report(light_results, tmp_path).read_text(encoding="utf-8")
    figures = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    hybrid = figures["retrieval"]["light"]["modes"]["hybrid"]
    assert hybrid["hit5"] == light_results.retrieval["light"].modes["hybrid"].hit5
    assert f"| light | hybrid | {hybrid['hit1']:.3f} |" in report
    for png in ("retrieval.png", "answers.png", "answers_by_style.png"):
        assert (tmp_path / png).stat().st_size > 5000 and f"({png})" in report
    assert "## 回归门槛" in report and "## 填报对话" in report
    for failure in light_results.answers["light"].failures[:5]:
        assert f"`{failure.id}`" in report
    assert set(load_thresholds().min) <= {g.figure for g in light_results.gate}

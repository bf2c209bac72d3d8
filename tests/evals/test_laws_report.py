"""The statute report's follow-up misses, told apart by the stage of the conversation that failed."""

from __future__ import annotations

from evals.laws import LawsCase, LawsResult, _scores, failing_stage, render


def _followup(id_: str, *, refused: bool = False, wrong_file: bool = False, opener_refused: bool = False,
              opener_on_file: bool = True) -> LawsCase:
    problems = ["refused"] if refused else ["wrong_file"] if wrong_file else []
    return LawsCase(id=id_, kind="followup", style="short", question="罚多少", history=["开工前要办什么"],
                    expected="a.md", article=None, retrieved=[], baseline=[], refused=refused,
                    first_citation=None if refused else "b.md" if wrong_file else "a.md", first_article=None,
                    answer="", problems=problems, opener_refused=opener_refused,
                    opener_on_file=False if opener_refused else opener_on_file)


def test_each_miss_is_put_down_to_the_first_stage_that_failed() -> None:
    cases = [_followup("ok"), _followup("a", refused=True, opener_refused=True),
             _followup("b", wrong_file=True, opener_on_file=False), _followup("c", refused=True),
             _followup("d", wrong_file=True), _followup("e", wrong_file=True, opener_refused=True)]
    assert [failing_stage(c) for c in cases] == [None, "opener_refused", "opener_elsewhere",
                                                 "refused_after_right_opener", "elsewhere_after_right_opener",
                                                 "opener_refused"]
    scores = _scores(cases)
    assert scores.followup_misses == {"opener_refused": 2, "opener_elsewhere": 1, "refused_after_right_opener": 1,
                                      "elsewhere_after_right_opener": 1}
    report = render([LawsResult(profile="light", laws_dir="x", documents=1, chunks=1, splits={"dev": scores},
                                latency_ms_p50=1.0, cases=cases)])
    assert "- dev: 首问被拒答 2，首问答自别的文件 1，首问对、追问被拒答 1，首问对、追问答自别的文件 1" in report


def test_the_composer_is_reported_beside_the_same_run_baselines() -> None:
    short = _followup("short").model_copy(update={
        "kind": "answerable", "chars": 100, "baselines": {"best_chunk": True, "top2_sentences": False},
        "baseline_chars": {"best_chunk": 400, "top2_sentences": 80}})
    missed = short.model_copy(update={"id": "missed", "problems": ["missing_facts"], "chars": 200,
                                      "baselines": {"best_chunk": True, "top2_sentences": True}})
    refused = _followup("refused", refused=True).model_copy(update={"kind": "answerable"})
    scores = _scores([short, missed, refused])
    # a refusal is a miss for every method and has no length
    assert {m: (s.key_fact_recall, s.mean_chars) for m, s in scores.methods.items()} == {
        "composer": (1 / 3, 150), "best_chunk": (2 / 3, 400), "top2_sentences": (1 / 3, 80)}
    report = render([LawsResult(profile="light", laws_dir="x", documents=1, chunks=1, splits={"dev": scores},
                                latency_ms_p50=1.0, cases=[short, missed, refused])])
    assert "| dev | standalone | 0.333 / 150 | 0.667 / 400 | 0.333 / 80 |" in report

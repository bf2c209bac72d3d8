"""Metric functions against values computed by hand."""

import math

import pytest

from bot.models import Answer, Citation
from evals.answers import judge_answer, judge_refusal, scores
from evals.metrics import fact_found, hit_at, mean, ndcg_at, percentile, reciprocal_rank, unique_sources

RANKED = ["a", "b", "c", "d"]


@pytest.mark.parametrize(("k", "expected"), [(1, 0.0), (2, 0.0), (3, 1.0), (5, 1.0)])
def test_hit_at_k(k: int, expected: float) -> None:
    assert hit_at(RANKED, {"c"}, k) == expected


def test_reciprocal_rank_is_one_over_first_relevant_rank_within_depth() -> None:
    assert reciprocal_rank(RANKED, {"c", "d"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(RANKED, {"d"}, k=3) == 0.0
    assert reciprocal_rank(RANKED, {"x"}) == 0.0


def test_ndcg_single_relevant_at_rank_three() -> None:
    # DCG = 1/log2(4) = 0.5, ideal = 1/log2(2) = 1
    assert ndcg_at(RANKED, {"c"}) == pytest.approx(0.5)


def test_ndcg_two_relevant_against_ideal_order() -> None:
    # DCG = 1/log2(3) + 1/log2(5) = 1.06174; ideal = 1 + 1/log2(3) = 1.63093
    assert ndcg_at(RANKED, {"b", "d"}) == pytest.approx(1.06174 / 1.63093, abs=1e-4)
    assert ndcg_at(["b", "d", "a"], {"b", "d"}) == pytest.approx(1.0)
    assert ndcg_at(RANKED, set()) == 0.0


def test_ranking_is_judged_per_document_after_dedupe() -> None:
    chunks = ["a", "a", "b", "a", "c"]  # sources of retrieved chunks, best first
    docs = unique_sources(chunks)
    assert docs == ["a", "b", "c"]
    assert hit_at(docs, {"c"}, 3) == 1.0  # the chunk at rank 5 is the third document
    assert reciprocal_rank(docs, {"c"}) == pytest.approx(1 / 3)


@pytest.mark.parametrize(("fact", "answer", "found"), [
    ("20个工作日", "办理时限为 20 个\n工作日。", True),  # whitespace and line breaks ignored
    ("不收费|不收取任何费用", "本事项不收取任何费用[1]", True),  # any alternative
    ("不收费|不收取任何费用", "收费标准见附件", False),
    ("24位", "项目代码为二十四位", False),  # no numeral conversion: the fact must be stated as written
    ("|", "任何回答", False),  # empty alternatives never match everything
])
def test_key_fact_matching(fact: str, answer: str, found: bool) -> None:
    assert fact_found(fact, answer) is found


def test_percentile_and_mean() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == pytest.approx(2.5)
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    assert percentile([], 50) is None
    assert mean([]) is None and mean([1.0, 0.0, 0.0, 1.0]) == 0.5


def answer(text: str, refused: bool = False, cited: str | None = None) -> Answer:
    citations = [Citation(n=1, source=cited, title="t", section="s", quote="q", score=1.0)] if cited else []
    return Answer(question="q", answer=text, refused=refused, citations=citations)


def test_answer_scores_by_hand() -> None:
    outcomes = [
        judge_answer("1", "answerable", "formal", "q1", answer("时限20个工作日，不收费", cited="g.md"), ["g.md"],
                     ["20个工作日", "不收费"]),
        judge_answer("2", "answerable", "typo", "q2", answer("时限20个工作日", cited="other.md"), ["g.md"],
                     ["20个工作日", "不收费"]),
        judge_answer("3", "answerable", "typo", "q3", answer("抱歉，20个工作日", refused=True), ["g.md"],
                     ["20个工作日"]),
    ]
    assert [set(o.problems) for o in outcomes] == [set(), {"missing_facts", "wrong_citation"}, {"false_refusal"}]
    assert outcomes[2].facts[0].found is False  # a refusal never counts as stating a fact
    s = scores(outcomes)
    assert s is not None
    assert s.key_fact_recall == pytest.approx(1 / 3)
    assert s.fact_recall == pytest.approx(3 / 5)  # 2 + 1 + 0 of 5 facts
    assert s.citation_precision == pytest.approx(1 / 2)  # over the 2 answered
    assert s.false_refusal_rate == pytest.approx(1 / 3)
    assert s.by_group == {"formal": 1.0, "typo": 0.0}


def test_out_of_scope_passes_only_when_refused() -> None:
    assert judge_refusal("o1", "unrelated", "q", answer("抱歉", refused=True)).problems == {}
    wrong = judge_refusal("o2", "unrelated", "q", answer("答案", cited="g.md"))
    assert set(wrong.problems) == {"not_refused"} and wrong.first_citation == "g.md"


def test_no_cases_gives_no_scores() -> None:
    assert scores([]) is None
    assert math.isclose(ndcg_at(["a"], {"a"}), 1.0)

"""Metric functions against values computed by hand."""

import math
from types import SimpleNamespace

import pytest

from bot.models import Answer, ChatTurn, Citation
from evals import answers
from evals.data import Answerable, Cases, FollowUp
from evals.report import split_tables
from evals.answers import FOLLOWUP_GROUP, judge_answer, judge_refusal, judge_switch, scores, style_scores
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


def test_a_follow_up_leaving_the_knowledge_base_passes_only_when_refused() -> None:
    refused = judge_switch("s1", "out_of_scope_switch", "排水许可证有效期多长？ → 顺便问下，公积金怎么提取？",
                           answer("抱歉，这个问题不在知识库范围内", refused=True), "heldout")
    assert refused.problems == {} and refused.kind == "followup" and refused.split == "heldout"
    answered = judge_switch("s2", "out_of_scope_switch", "q → 公积金怎么提取？", answer("有效期5年", cited="g.md"))
    assert set(answered.problems) == {"switch_not_refused"} and answered.first_citation == "g.md"
    assert answered.expected_sources == [] and answered.facts == []  # the first turn's facts are not asked for


def test_follow_up_figures_per_style_leave_unlabelled_rows_out() -> None:
    outcomes = [
        judge_answer("1", "followup", "ellipsis", "q → a", answer("60日", cited="g.md"), ["g.md"], ["60日"]),
        judge_answer("2", "followup", "ellipsis", "q → b", answer("30日", cited="x.md"), ["g.md"], ["60日"]),
        judge_answer("3", "followup", "negation", "q → c", answer("抱歉", refused=True), ["g.md"], ["60日"]),
        judge_answer("4", "followup", FOLLOWUP_GROUP, "q → d", answer("60日", cited="g.md"), ["g.md"], ["60日"]),
    ]
    by_style = style_scores(outcomes)
    assert list(by_style) == ["ellipsis", "negation"]
    assert (by_style["ellipsis"].n, by_style["ellipsis"].citation_precision, by_style["ellipsis"].key_fact_recall) \
        == (2, 0.5, 0.5)
    assert (by_style["negation"].n, by_style["negation"].citation_precision, by_style["negation"].key_fact_recall) \
        == (1, None, 0.0)


def test_topic_switches_are_judged_apart_from_the_follow_up_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    class Scripted:  # answers permit questions, refuses 公积金, answers 驾照 (a miss)
        def __init__(self, *_: object) -> None:
            pass

        def ask(self, question: str, history: list[ChatTurn]) -> Answer:
            if "公积金" in question:
                return answer("抱歉，知识库没有相关内容", refused=True)
            return answer("有效期为5年，续期提前60日", cited="g.md")

    monkeypatch.setattr(answers, "Assistant", Scripted)
    monkeypatch.setattr(answers, "baseline_answers", lambda *_: {})
    store = SimpleNamespace(settings=SimpleNamespace(embedding="fake", llm_base_url=None), keyword_index=lambda: None)
    rows = [FollowUp(id="f1", turns=["排污许可证能用几年？", "续期提前几天？"], sources=["g.md"], key_facts=["60日"],
                     style="ellipsis", split="dev"),
            FollowUp(id="f2", turns=["排污许可证能用几年？", "那续期呢？"], sources=["g.md"], key_facts=["60日"],
                     split="dev"),
            FollowUp(id="s1", turns=["排水许可证有效期多长？", "顺便问下，公积金怎么提取？"], sources=["g.md"],
                     key_facts=["有效期为5年"], style="out_of_scope_switch", out_of_scope=True, split="dev"),
            FollowUp(id="s2", turns=["施工许可证几天办下来？", "我驾照快到期了，去哪儿换？"], sources=["g.md"],
                     key_facts=["7日"], style="out_of_scope_switch", out_of_scope=True, split="heldout")]
    result = answers.evaluate_answers(store, Cases(followups=rows), progress=False)  # type: ignore[arg-type]
    assert result.followups is not None and result.followups.n == 2 and result.followups.key_fact_recall == 1.0
    assert (result.topic_switch_refused, result.topic_switch_n) == (0.5, 2)
    dev, held = result.splits["dev"], result.splits["heldout"]
    assert (dev.topic_switch_refused, dev.topic_switch_n, held.topic_switch_refused) == (1.0, 1, 0.0)
    assert held.followups is None and list(dev.followups_by_style) == ["ellipsis"]  # unlabelled and switches apart
    assert [(o.id, o.group, set(o.problems)) for o in result.failures] == [
        ("s2", "out_of_scope_switch", {"switch_not_refused"})]
    report = "\n".join(split_tables({"fake": result}))
    assert "| out-of-scope topic switch refused (n) |" in report and "| 1.000 (1) |" in report
    assert "| fake | dev | ellipsis | 1 | 1.000 | 1.000 |" in report


def test_no_cases_gives_no_scores() -> None:
    assert scores([]) is None
    assert math.isclose(ndcg_at(["a"], {"a"}), 1.0)


def test_each_question_is_asked_after_one_on_other_sources_and_scored_by_its_first_citation() -> None:
    asked: list[tuple[str, str]] = []

    def ask(question: str, history: list[ChatTurn]) -> Answer:
        asked.append((history[0].content if history else "", question))
        # a question asked after the road question is taken for a follow-up of it
        road = "公路" in question or (history and "公路" in history[0].content)
        cited = "road.md" if road else question[:1] + ".md"
        return answer("……", cited=cited)

    rows = [Answerable(id=i, question=q, sources=[s], split="dev")
            for i, q, s in (("1", "甲要多久", "甲.md"), ("2", "乙要多久", "乙.md"), ("3", "丙要多久", "丙.md"),
                            ("4", "公路挖掘要交什么", "road.md"), ("5", "公路占用要交什么", "road.md"))]
    share = answers.source_after_other_topic(ask, rows)
    openers = [pair for pair in asked if pair[0]]
    assert all(o != q and not (o.startswith("公路") and q.startswith("公路")) for o, q in openers)  # other sources only
    missed = {q for o, q in openers if o.startswith("公路") and not q.startswith("公路")}
    assert share == (5 - len(missed)) / 5 and missed  # the stride puts a road question before some other one
    assert answers.source_after_other_topic(ask, rows[3:]) is None  # no question on other sources to ask first

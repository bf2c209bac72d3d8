"""Answer evaluation: key facts, first citation, refusals, follow-ups; every failing case kept for reading."""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from pydantic import BaseModel
from tqdm import tqdm

from bot.answer import Assistant
from bot.models import Answer, ChatTurn
from evals.data import Cases
from evals.metrics import fact_found, mean, percentile
from knowledge.store import KnowledgeStore

Kind = Literal["answerable", "followup", "out_of_scope"]
# Why a case failed, so the report can count failures by cause.
PROBLEMS = {"false_refusal": "误拒答 (refused an answerable question)",
            "missing_facts": "缺少关键事实 (key facts missing)",
            "no_citation": "没有引用 (no citation)",
            "wrong_citation": "首个引用不是预期来源 (first citation not an expected source)",
            "not_refused": "应拒答却作答 (answered an out-of-scope question)"}
FOLLOWUP_GROUP = "follow-up"


class FactCheck(BaseModel):
    fact: str
    found: bool


class CaseOutcome(BaseModel):
    id: str
    kind: Kind
    group: str  # style of an answerable question, reason of an out-of-scope one
    question: str  # follow-ups: the turns joined by " → "
    condensed: str
    answer: str
    refused: bool
    expected_sources: list[str]
    first_citation: str | None
    facts: list[FactCheck]
    problems: dict[str, str]  # cause (a PROBLEMS key) -> what a person reads; empty when the case passed


class AnswerScores(BaseModel):
    """Over n answerable (or follow-up) cases. Citation precision is over the answered ones: a refusal
    is already counted by the false-refusal rate and has no citation to judge."""

    n: int
    answered: int
    key_fact_recall: float  # share of cases whose answer holds all key facts (refusals count as misses)
    fact_recall: float | None  # share of single key facts found, over all facts of all cases
    citation_precision: float | None
    false_refusal_rate: float
    by_group: dict[str, float]  # key-fact recall per style


class ProfileAnswers(BaseModel):
    profile: str
    mode: str
    answerable: AnswerScores | None
    followups: AnswerScores | None
    refusal_accuracy: float | None
    refusal_by_reason: dict[str, float]
    out_of_scope_n: int
    latency_ms_p50: float | None
    latency_ms_p95: float | None
    failures: list[CaseOutcome]


def judge_answer(case_id: str, kind: Kind, group: str, question: str, answer: Answer,
                 sources: list[str], key_facts: list[str]) -> CaseOutcome:
    """Outcome of an answerable or follow-up case: facts in the answer, first citation, not refused."""
    facts = [FactCheck(fact=f, found=not answer.refused and fact_found(f, answer.answer)) for f in key_facts]
    first = answer.citations[0].source if answer.citations else None
    problems: dict[str, str] = {}
    if answer.refused:
        problems["false_refusal"] = "误拒答：可回答的问题被拒答"
    else:
        if missing := [f.fact for f in facts if not f.found]:
            problems["missing_facts"] = "缺少关键事实：" + "；".join(missing)
        if first is None:
            problems["no_citation"] = "回答没有引用来源"
        elif first not in sources:
            problems["wrong_citation"] = f"首个引用 {first} 不是预期来源"
    return CaseOutcome(id=case_id, kind=kind, group=group, question=question, condensed=answer.condensed_question,
                       answer=answer.answer, refused=answer.refused, expected_sources=sources, first_citation=first,
                       facts=facts, problems=problems)


def judge_refusal(case_id: str, reason: str, question: str, answer: Answer) -> CaseOutcome:
    first = answer.citations[0].source if answer.citations else None
    problems = {} if answer.refused else {"not_refused": "应拒答却作答"}
    return CaseOutcome(id=case_id, kind="out_of_scope", group=reason, question=question,
                       condensed=answer.condensed_question, answer=answer.answer, refused=answer.refused,
                       expected_sources=[], first_citation=first, facts=[], problems=problems)


def scores(outcomes: list[CaseOutcome]) -> AnswerScores | None:
    if not outcomes:
        return None
    answered = [o for o in outcomes if not o.refused]
    all_facts = [f.found for o in outcomes for f in o.facts]
    by_group: dict[str, list[float]] = defaultdict(list)
    for o in outcomes:
        by_group[o.group].append(float(all_facts_found(o)))
    return AnswerScores(
        n=len(outcomes), answered=len(answered),
        key_fact_recall=mean(float(all_facts_found(o)) for o in outcomes) or 0.0,
        fact_recall=mean(float(f) for f in all_facts),
        citation_precision=mean(float(o.first_citation in o.expected_sources) for o in answered),
        false_refusal_rate=(len(outcomes) - len(answered)) / len(outcomes),
        by_group={g: mean(v) or 0.0 for g, v in sorted(by_group.items())})


def all_facts_found(outcome: CaseOutcome) -> bool:
    """A case with no key facts listed (a console export may have none) passes on the facts when answered."""
    return not outcome.refused and all(f.found for f in outcome.facts)


def evaluate_answers(store: KnowledgeStore, cases: Cases, progress: bool = True) -> ProfileAnswers:
    assistant = Assistant(store, store.settings)
    profile = store.settings.embedding
    totals: list[float] = []

    def ask(question: str, history: list[ChatTurn]) -> Answer:
        answer = assistant.ask(question, history)
        totals.append(answer.timings_ms.get("total", 0.0))
        return answer

    answerable = [judge_answer(c.id, "answerable", c.style, c.question, ask(c.question, []), c.sources, c.key_facts)
                  for c in tqdm(cases.answerable, desc=f"问答评测 {profile}", unit="题", disable=not progress)]
    followups = []
    for c in tqdm(cases.followups, desc=f"追问评测 {profile}", unit="组", disable=not progress):
        history: list[ChatTurn] = []
        for turn in c.turns[:-1]:
            reply = ask(turn, history).answer
            history = [*history, ChatTurn(role="user", content=turn), ChatTurn(role="assistant", content=reply)]
        followups.append(judge_answer(c.id, "followup", FOLLOWUP_GROUP, " → ".join(c.turns),
                                      ask(c.turns[-1], history), c.sources, c.key_facts))
    refusals = [judge_refusal(c.id, c.reason, c.question, ask(c.question, []))
                for c in tqdm(cases.out_of_scope, desc=f"拒答评测 {profile}", unit="题", disable=not progress)]
    by_reason: dict[str, list[float]] = defaultdict(list)
    for o in refusals:
        by_reason[o.group].append(float(o.refused))
    return ProfileAnswers(
        profile=profile, mode="generative" if store.settings.llm_base_url else "extractive",
        answerable=scores(answerable), followups=scores(followups),
        refusal_accuracy=mean(float(o.refused) for o in refusals), out_of_scope_n=len(refusals),
        refusal_by_reason={r: mean(v) or 0.0 for r, v in sorted(by_reason.items())},
        latency_ms_p50=percentile(totals, 50), latency_ms_p95=percentile(totals, 95),
        failures=[o for o in answerable + followups + refusals if o.problems])


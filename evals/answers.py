"""Answer evaluation: key facts, first citation, refusals, follow-ups; every failing case kept for reading.

Figures are given for all rows and for the dev and held-out splits (evals/data.py). A row whose key
fact is written in its own question is flagged and left out of key-fact recall: echoing the question
would pass it. A follow-up whose last turn leaves the knowledge base (`out_of_scope`) is judged only on
whether that turn was refused, apart from the follow-up figures; follow-ups with a style are also
scored per style. Beside the composed answer, two baselines run on the same retrieved passages of the
same run: the best passage shown whole, and the two sentences of the top passages that share most
of the question's terms; each is scored by the same key facts and by its length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel
from tqdm import tqdm

from bot.answer import Assistant
from bot.answer.extractive import coverage, query_weights
from bot.answer.text import split_units
from bot.models import Answer, ChatTurn
from evals.data import SPLITS, UNLABELLED, Answerable, Cases, Split
from evals.metrics import fact_found, mean, percentile
from knowledge.keyword import KeywordIndex
from knowledge.store import KnowledgeStore

Kind = Literal["answerable", "followup", "out_of_scope"]
# Why a case failed, so the report can count failures by cause.
PROBLEMS = {"false_refusal": "误拒答 (refused an answerable question)",
            "missing_facts": "缺少关键事实 (key facts missing)",
            "no_citation": "没有引用 (no citation)",
            "wrong_citation": "首个引用不是预期来源 (first citation not an expected source)",
            "not_refused": "应拒答却作答 (answered an out-of-scope question)",
            "switch_not_refused": "话题转出知识库后仍作答 (answered a follow-up that left the knowledge base)"}
FOLLOWUP_GROUP = "follow-up"  # the group of a follow-up without a style
BASELINES = ("best_chunk", "top2_sentences")
COMPOSER = "composer"


def body_of(answer: str) -> str:
    """The answer without its "来源：" block: what a length budget is about."""
    return answer.split("\n\n来源：", 1)[0]


def best_chunk(retrieved: list, _weights: dict[str, float]) -> str:
    """Baseline: the best passage shown whole."""
    return retrieved[0].chunk.text if retrieved else ""


def top2_sentences(retrieved: list, weights: dict[str, float]) -> str:
    """Baseline: the two sentences of the top passages that share most of the question's terms."""
    units = [u.text for r in retrieved[:3] for u in split_units(r.chunk.text)]
    best = sorted(units, key=lambda u: -coverage(weights, u))[:2]
    return "".join(best)


def baseline_answers(answer: Answer, index: KeywordIndex) -> dict[str, str]:
    """The baseline answers for the passages this answer was composed from ("" when it was refused)."""
    if answer.refused:
        return dict.fromkeys(BASELINES, "")
    weights = query_weights(answer.condensed_question or answer.question, index)
    return {"best_chunk": best_chunk(answer.retrieved, weights), "top2_sentences": top2_sentences(answer.retrieved, weights)}


class FactCheck(BaseModel):
    fact: str
    found: bool


class CaseOutcome(BaseModel):
    id: str
    kind: Kind
    split: Split = "unsplit"
    group: str  # style of an answerable question or follow-up, reason of an out-of-scope one
    question: str  # follow-ups: the turns joined by " → "
    condensed: str
    answer: str
    refused: bool
    expected_sources: list[str]
    first_citation: str | None
    facts: list[FactCheck]
    problems: dict[str, str]  # cause (a PROBLEMS key) -> what a person reads; empty when the case passed
    fact_in_question: bool = False  # a key fact is written in the question: not counted in key-fact recall
    chars: int = 0  # length of the answer body (without the source lines)
    baselines: dict[str, bool] = {}  # baseline -> all key facts in its answer
    baseline_chars: dict[str, int] = {}


class MethodScore(BaseModel):
    """Key-fact recall and mean answer length of one way of composing, over the same answered rows."""

    key_fact_recall: float | None
    mean_chars: float | None


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
    flagged: int = 0  # rows whose key fact is in the question, left out of key-fact recall
    mean_chars: float | None = None  # mean length of the answer bodies of answered rows
    methods: dict[str, MethodScore] = {}  # the composer and the same-run baselines


class StyleScores(BaseModel):
    """The follow-ups of one style: n, citation precision and key-fact recall as in AnswerScores."""

    n: int
    citation_precision: float | None
    key_fact_recall: float


class SplitAnswers(BaseModel):
    answerable: AnswerScores | None
    followups: AnswerScores | None
    refusal_accuracy: float | None
    refusal_in_conversation: float | None = None
    topic_switch_refused: float | None = None  # see ProfileAnswers
    topic_switch_n: int = 0
    followups_by_style: dict[str, StyleScores] = {}  # follow-ups with a style, out-of-scope switches apart
    # answerable questions whose first citation is expected (refusals miss), asked alone and asked right
    # after a question on other sources (`source_after_other_topic`)
    source_alone: float | None = None
    source_after_other_topic: float | None = None


class ProfileAnswers(BaseModel):
    profile: str
    mode: str
    answerable: AnswerScores | None
    followups: AnswerScores | None
    refusal_accuracy: float | None
    # the same out-of-scope questions asked right after an answered question of the same split: a new topic
    # must not inherit the conversation's ("商标注册要多久？" after a permit question)
    refusal_in_conversation: float | None = None
    # follow-ups whose last turn leaves the knowledge base ("顺便问下，公积金怎么提取？" after a permit
    # question): share refused; they are not in `followups`
    topic_switch_refused: float | None = None
    topic_switch_n: int = 0
    refusal_by_reason: dict[str, float]
    out_of_scope_n: int
    latency_ms_p50: float | None
    latency_ms_p95: float | None
    failures: list[CaseOutcome]
    splits: dict[str, SplitAnswers] = {}  # "dev", "heldout"


def judge_answer(case_id: str, kind: Kind, group: str, question: str, answer: Answer,
                 sources: list[str], key_facts: list[str], split: Split = "unsplit",
                 baselines: dict[str, str] | None = None) -> CaseOutcome:
    """Outcome of an answerable or follow-up case: facts in the answer, first citation, not refused."""
    facts = [FactCheck(fact=f, found=not answer.refused and fact_found(f, answer.answer)) for f in key_facts]
    baselines = baselines or {}
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
    return CaseOutcome(id=case_id, kind=kind, split=split, group=group, question=question,
                       condensed=answer.condensed_question, answer=answer.answer, refused=answer.refused,
                       expected_sources=sources, first_citation=first, facts=facts, problems=problems,
                       fact_in_question=any(fact_found(f, question) for f in key_facts),
                       chars=0 if answer.refused else len(body_of(answer.answer)),
                       baselines={b: bool(text) and all(fact_found(f, text) for f in key_facts)
                                  for b, text in baselines.items()},
                       baseline_chars={b: len(text) for b, text in baselines.items()})


def judge_refusal(case_id: str, reason: str, question: str, answer: Answer, split: Split = "unsplit") -> CaseOutcome:
    first = answer.citations[0].source if answer.citations else None
    problems = {} if answer.refused else {"not_refused": "应拒答却作答"}
    return CaseOutcome(id=case_id, kind="out_of_scope", split=split, group=reason, question=question,
                       condensed=answer.condensed_question, answer=answer.answer, refused=answer.refused,
                       expected_sources=[], first_citation=first, facts=[], problems=problems)


def judge_switch(case_id: str, style: str, question: str, answer: Answer, split: Split = "unsplit") -> CaseOutcome:
    """Outcome of a follow-up whose last turn leaves the knowledge base: it passes when refused."""
    outcome = judge_refusal(case_id, style, question, answer, split)
    problems = {} if answer.refused else {"switch_not_refused": "话题已转到知识库之外，应拒答却作答"}
    return outcome.model_copy(update={"kind": "followup", "problems": problems})


def scores(outcomes: list[CaseOutcome]) -> AnswerScores | None:
    if not outcomes:
        return None
    answered = [o for o in outcomes if not o.refused]
    counted = [o for o in outcomes if not o.fact_in_question]
    all_facts = [f.found for o in counted for f in o.facts]
    by_group: dict[str, list[float]] = defaultdict(list)
    for o in counted:
        by_group[o.group].append(float(all_facts_found(o)))
    methods = {COMPOSER: MethodScore(key_fact_recall=mean(float(all_facts_found(o)) for o in counted),
                                     mean_chars=mean(o.chars for o in answered))}
    for b in BASELINES:
        if all(b in o.baselines for o in outcomes):
            methods[b] = MethodScore(key_fact_recall=mean(float(o.baselines[b]) for o in counted),
                                     mean_chars=mean(o.baseline_chars[b] for o in answered))
    return AnswerScores(
        n=len(outcomes), answered=len(answered),
        key_fact_recall=mean(float(all_facts_found(o)) for o in counted) or 0.0,
        fact_recall=mean(float(f) for f in all_facts),
        citation_precision=mean(float(o.first_citation in o.expected_sources) for o in answered),
        false_refusal_rate=(len(outcomes) - len(answered)) / len(outcomes),
        by_group={g: mean(v) or 0.0 for g, v in sorted(by_group.items())},
        flagged=len(outcomes) - len(counted), mean_chars=mean(o.chars for o in answered), methods=methods)


def style_scores(outcomes: list[CaseOutcome]) -> dict[str, StyleScores]:
    """Follow-up figures per style, for the follow-ups that have one."""
    by_style: dict[str, list[CaseOutcome]] = defaultdict(list)
    for o in outcomes:
        if o.group != FOLLOWUP_GROUP:
            by_style[o.group].append(o)
    found = {style: scores(items) for style, items in sorted(by_style.items())}
    return {style: StyleScores(n=s.n, citation_precision=s.citation_precision, key_fact_recall=s.key_fact_recall)
            for style, s in found.items() if s}


def all_facts_found(outcome: CaseOutcome) -> bool:
    """A case with no key facts listed (a console export may have none) passes on the facts when answered."""
    return not outcome.refused and all(f.found for f in outcome.facts)


def ask_after(ask: Callable[[str, list[ChatTurn]], Answer], opener: str, question: str) -> Answer:
    """`question` asked right after `opener` and its answer: an out-of-scope question must not inherit
    the conversation's topic ("商标注册要多久？" after a permit question). Callers spread openers over a
    split by a fixed stride, so every run pairs the same questions."""
    history = [ChatTurn(role="user", content=opener), ChatTurn(role="assistant", content=ask(opener, []).answer)]
    return ask(question, history)


def source_after_other_topic(ask: Callable[[str, list[ChatTurn]], Answer],
                             cases: Sequence[Answerable]) -> float | None:
    """Share of answerable questions whose first citation is an expected source when each is asked right
    after a question of the same list on other sources (by a fixed stride, so every run pairs the same
    ones): a new topic must not be taken for a follow-up ("屋面防水工程最低保修几年" after a road question)."""
    right = []
    for i, case in enumerate(cases):
        others = (cases[(i * 7 + k) % len(cases)] for k in range(1, len(cases)))
        opener = next((o for o in others if not set(o.sources) & set(case.sources)), None)
        if opener is not None:
            answer = ask_after(ask, opener.question, case.question)
            right.append(bool(answer.citations) and answer.citations[0].source in case.sources)
    return mean(float(r) for r in right)


def evaluate_answers(store: KnowledgeStore, cases: Cases, progress: bool = True) -> ProfileAnswers:
    assistant = Assistant(store, store.settings)
    profile = store.settings.embedding
    totals: list[float] = []

    def ask(question: str, history: list[ChatTurn]) -> Answer:
        answer = assistant.ask(question, history)
        totals.append(answer.timings_ms.get("total", 0.0))
        return answer

    index = store.keyword_index()
    answerable = []
    for c in tqdm(cases.answerable, desc=f"问答评测 {profile}", unit="题", disable=not progress):
        answer = ask(c.question, [])
        answerable.append(judge_answer(c.id, "answerable", c.style, c.question, answer, c.sources, c.key_facts,
                                       c.split, baseline_answers(answer, index)))
    followups, switches = [], []
    for c in tqdm(cases.followups, desc=f"追问评测 {profile}", unit="组", disable=not progress):
        history: list[ChatTurn] = []
        for turn in c.turns[:-1]:
            reply = ask(turn, history).answer
            history = [*history, ChatTurn(role="user", content=turn), ChatTurn(role="assistant", content=reply)]
        answer = ask(c.turns[-1], history)
        group = FOLLOWUP_GROUP if c.style == UNLABELLED else c.style
        if c.out_of_scope:
            switches.append(judge_switch(c.id, group, " → ".join(c.turns), answer, c.split))
        else:
            followups.append(judge_answer(c.id, "followup", group, " → ".join(c.turns), answer,
                                          c.sources, c.key_facts, c.split, baseline_answers(answer, index)))
    refusals = [judge_refusal(c.id, c.reason, c.question, ask(c.question, []), c.split)
                for c in tqdm(cases.out_of_scope, desc=f"拒答评测 {profile}", unit="题", disable=not progress)]
    in_conversation = []
    openers_of: dict[Split, list[str]] = defaultdict(list)
    for a in cases.answerable:
        openers_of[a.split].append(a.question)
    everyone = [a.question for a in cases.answerable]
    for i, c in enumerate(tqdm(cases.out_of_scope, desc=f"对话中拒答 {profile}", unit="题", disable=not progress)):
        openers = openers_of.get(c.split) or everyone
        if not openers:
            break
        opener = openers[i * 7 % len(openers)]
        outcome = judge_refusal(c.id, c.reason, c.question, ask_after(ask, opener, c.question), c.split)
        in_conversation.append(outcome.model_copy(update={"question": f"{opener} → {c.question}"}))
    after_other_topic = {split: source_after_other_topic(ask, [c for c in cases.answerable if c.split == split])
                         for split in SPLITS}
    by_reason: dict[str, list[float]] = defaultdict(list)
    for o in refusals:
        by_reason[o.group].append(float(o.refused))
    splits = {}
    for split in SPLITS:
        mine = [o for o in refusals if o.split == split]
        switched = [o for o in switches if o.split == split]
        alone = [o for o in answerable if o.split == split]
        splits[split] = SplitAnswers(answerable=scores(alone),
                                     followups=scores([o for o in followups if o.split == split]),
                                     refusal_accuracy=mean(float(o.refused) for o in mine),
                                     refusal_in_conversation=mean(float(o.refused) for o in in_conversation
                                                                  if o.split == split),
                                     topic_switch_refused=mean(float(o.refused) for o in switched),
                                     topic_switch_n=len(switched),
                                     source_alone=mean(float(o.first_citation in o.expected_sources) for o in alone),
                                     source_after_other_topic=after_other_topic[split],
                                     followups_by_style=style_scores([o for o in followups if o.split == split]))
    return ProfileAnswers(
        profile=profile, mode="generative" if store.settings.llm_base_url else "extractive",
        answerable=scores(answerable), followups=scores(followups),
        refusal_accuracy=mean(float(o.refused) for o in refusals), out_of_scope_n=len(refusals),
        refusal_in_conversation=mean(float(o.refused) for o in in_conversation),
        topic_switch_refused=mean(float(o.refused) for o in switches), topic_switch_n=len(switches),
        refusal_by_reason={r: mean(v) or 0.0 for r, v in sorted(by_reason.items())},
        latency_ms_p50=percentile(totals, 50), latency_ms_p95=percentile(totals, 95),
        failures=[o for o in answerable + followups + switches + refusals + in_conversation if o.problems],
        splits={k: v for k, v in splits.items()
                if v.answerable or v.followups or v.topic_switch_n or v.refusal_accuracy is not None})


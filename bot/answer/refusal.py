"""Deciding whether the knowledge base answers a question, and saying so plainly when it does not.

Cheap signals: how much of the question (IDF-weighted terms) the best passages cover, and the best
dense similarity. The question is answerable when coverage + dense_weight * dense reaches min_score.
A question asked with no conversation before it has a third: how much retrieval agrees on one document
(the share of the top passages that come from the document most of them come from), and its own
threshold, first_min_score, on coverage + dense_weight * dense + agreement_weight * agreement.
Agreement is what an everyday question on a covered topic has and an uncovered one lacks: "公司楼顶装着
一台防空警报器，平时的维护保养归谁管" shares few words with the civil air defence law, yet all its best
passages come from that law, while a question on a topic no document covers scatters over several.
Mid-conversation it says nothing: retrieval is steered toward the documents already cited, and a
question may be read with the previous one, so the passages agree whatever the new question asks.
All the numbers are calibrated per embedding model on the evaluation sets by
`python -m bot.answer.calibrate` and stored, with the rates they gave, in calibration.json.
Three more rules handle scope: the corpus is one zone's, so a question about another place whose name
the retrieved passages never mention ("深圳的备案要多久"; names from jionlp's gazetteer, knowledge/terms.py)
is refused however well its topic matches;
a licence the passages never name ("食品经营许可证怎么办") is not covered, however many guides
explain how some other licence is applied for, unless the best passage states a rule of every licence
(行政许可, scope.yaml `licence.general`); and a value asked in a unit family ("几米", "多少钱")
that no top passage states is not answered by passages on the topic (scope.yaml `values`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from bot.answer.condense import SHORT_QUESTION
from bot.answer.config import CONFIG
from bot.answer.extractive import coverage, document_shares, places_named
from bot.models import RetrievedChunk
from bot.retrieval.query import definite, intents_of, licences
from knowledge.terms import Value, dialogue, place_parents, scope, value_rules

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
COVERAGE_PASSAGES = CONFIG.coverage_passages
LICENCE_GAP = CONFIG.licence_gap
HUMAN_SERVICE = "如需人工帮助，请联系示范区政务服务中心窗口或项目代办专员。"
_QUESTION = dialogue()["question"]  # a turn without its marks is a statement setting the scene


@dataclass(frozen=True)
class Thresholds:
    dense_weight: float
    min_score: float
    # A question refused mid-conversation and read again with the previous one is kept on this cosine
    # similarity between it, as asked, and a sentence of the passages found (None: not calibrated for the
    # model, so only a word of the question's own can keep that reading: `Assistant._reread`).
    reread_similarity: float | None = None
    # ...or on this gain in cosine similarity of its best passages, from the previous question alone to the
    # two read together, when they stay in the document the previous answer cited (`Assistant.topic_gain`).
    reread_gain: float | None = None
    # A short question read as a follow-up stands alone when it names things of its own that neither its
    # passages nor the cited documents speak of, and is less similar than this to the previous question
    # (None: not calibrated for the model: `Assistant.unrelated`).
    apart_similarity: float | None = None
    # ...and one tied to the conversation ("那…呢") when a thing it names is a word the knowledge base never uses
    # and it is less similar than this (`Assistant.names_unknown_thing`).
    apart_named_similarity: float | None = None
    # A question with no conversation before it (None: not calibrated for the model, min_score decides).
    agreement_weight: float = 0.0
    first_min_score: float | None = None

    def margin(self, coverage: float, dense: float, agreement: float | None) -> float:
        """How far the evidence clears the threshold: answerable from 0 up. `agreement` is None for a
        question asked mid-conversation."""
        score = coverage + self.dense_weight * dense
        if agreement is None or self.first_min_score is None:
            return score - self.min_score
        return score + self.agreement_weight * agreement - self.first_min_score


@dataclass(frozen=True)
class Decision:
    answerable: bool
    reason: Literal["ok", "low_score", "other_place", "unknown_licence", "no_value"]
    coverage: float
    dense: float
    agreement: float | None  # None mid-conversation
    place: str | None = None
    licence: str | None = None
    value: Value | None = None  # no_value: the asked value no passage states, in `unit`
    unit: str = ""


@lru_cache(maxsize=1)
def _calibration() -> dict[str, dict]:
    return json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))


def thresholds_for(embedding: str) -> Thresholds:
    """The calibrated thresholds of this embedding profile; an uncalibrated model gets the default
    model's, which is a guess: run the calibration for it."""
    table = _calibration()
    values = table.get(embedding, table["default"])
    return Thresholds(values["dense_weight"], values["min_score"], values.get("reread_similarity"),
                      values.get("reread_gain"), values.get("apart_similarity"), values.get("apart_named_similarity"),
                      values.get("agreement_weight", 0.0), values.get("first_min_score"))


def agreement(retrieved: list[RetrievedChunk]) -> float:
    """The share of the top passages that come from the document most of them come from."""
    return max(document_shares(retrieved).values(), default=0.0)


def features(weights: dict[str, float], retrieved: list[RetrievedChunk],
             in_conversation: bool = False) -> tuple[float, float, float | None]:
    """(best coverage of the question by one of the top passages, best dense similarity, agreement: None
    for a question asked mid-conversation)."""
    cov = max((coverage(weights, r.chunk.text, f"{r.chunk.title} {r.chunk.section}")
               for r in retrieved[:COVERAGE_PASSAGES]), default=0.0)
    dense = max((r.dense_score for r in retrieved if r.dense_score is not None), default=0.0)
    return cov, dense, None if in_conversation else agreement(retrieved)


def other_place(question: str, retrieved: list[RetrievedChunk]) -> str | None:
    """A place the question names that the best passages never name, nor the city or province it lies in, in
    their text or their document's title and headings ("贵阳市关于推进企业复工复产的通知" covers 贵阳 though its
    passages only say "本市")."""
    mentioned = places_named(question)
    passages = "".join(f"{r.chunk.title} {r.chunk.section} {r.chunk.text}" for r in retrieved[:COVERAGE_PASSAGES])
    # a place is named by its full or its short name ("贵阳市", "贵阳"): either in the passages covers it, and so
    # does the city or province it lies in (a 威海 measure covers 环翠区, its rules hold in every district)
    parents = place_parents()
    return next((p for p in mentioned if not any(q in passages for q in mentioned if q in p)
                 and not any(a in passages for a in parents.get(p, ()))), None)


def unknown_licence(question: str, retrieved: list[RetrievedChunk], cited: Sequence[str] = ()) -> str | None:
    """A licence the question names that no retrieved passage mentions, nor a document the previous answer
    cited (`cited`, titles: a follow-up read with the case "安全生产许可证上个月就到期了" may find only the general
    law's fines), shown by its full name. None when the best passage states a rule of every licence (行政许可).

    Names are compared by their last two characters before 许可 ("经营许可证"), allowing one typo
    ("规化许可证" is 规划许可证)."""
    if retrieved and any(word in retrieved[0].chunk.text for word in scope().licence.general):
        # the best passage only: a general rule further down does not make another licence's rule the answer
        return None
    passages = "".join([*cited, *(f"{r.chunk.title}{r.chunk.text}" for r in retrieved)])
    known = {name[-2:] for name, _ in licences(passages)}
    for name, kind in licences(question):
        # named there, if not always right before 许可 ("涉路施工许可"); an everyday word anywhere ("工作"
        # in "20个工作日") names no licence
        if re.search(f"{re.escape(name)}.{{0,{LICENCE_GAP}}}许可", passages):
            continue
        if not any(sum(a != b for a, b in zip(name[-2:], k)) <= 1 for k in known):
            return name + kind
    return None


def missing_value(question: str, retrieved: list[RetrievedChunk]) -> tuple[Value, str] | None:
    """(the rule, the unit) of a value the question asks for that no passage the answer may quote states
    (scope.yaml): the composer reads CONFIG.max_passages, and a value in the fourth is no value missing."""
    sentences = [s for r in retrieved[:CONFIG.max_passages] for s in re.split(r"(?<=[。；！？\n])", r.chunk.text)]
    question = definite(question)
    for rule in value_rules():
        asked = re.search(rule.asks, question)
        if not asked or (rule.other_kind and re.search(rule.other_kind, question)) or (
                rule.other_type and any(i.name == rule.other_type for i in intents_of(question))):
            continue
        unit = asked.group(1) if asked.re.groups else ""
        given = re.compile(rule.given.replace("{U}", re.escape(unit)))
        if not any(given.search(s) and not (rule.other_kind and re.search(rule.other_kind, s)) for s in sentences):
            return rule, unit
    return None


def decide(question: str, weights: dict[str, float], retrieved: list[RetrievedChunk], limits: Thresholds,
           in_conversation: bool = False, cited: Sequence[str] = ()) -> Decision:
    """Whether the passages answer the question; `cited`: the titles the previous answer cited."""
    retrieved = [r for r in retrieved if not r.offered]
    evidence = features(weights, retrieved, in_conversation)
    place = other_place(question, retrieved)
    if place:
        return Decision(False, "other_place", *evidence, place=place)
    licence = unknown_licence(question, retrieved, cited)
    if licence:
        return Decision(False, "unknown_licence", *evidence, licence=licence)
    value = missing_value(question, retrieved)
    if value:
        return Decision(False, "no_value", *evidence, value=value[0], unit=value[1])
    ok = bool(retrieved) and limits.margin(*evidence) >= 0
    return Decision(ok, "ok" if ok else "low_score", *evidence)


def suggestions(retrieved: list[RetrievedChunk], limit: int = 3) -> list[str]:
    """The covered topics nearest the question: the documents retrieved for it, by name."""
    titles = dict.fromkeys(re.sub(r"(办事指南|服务指南)$", "", r.chunk.title) for r in retrieved)
    return list(titles)[:limit]


def refusal_text(question: str, decision: Decision | None, topics: list[str]) -> str:
    shown = question if len(question) <= 40 else question[:40] + "……"
    if decision is not None and decision.reason == "other_place":
        head = (f"知识库只收录山西转型综合改革示范区的办事指南和政策，没有{decision.place}的规定，"
                f"不能回答“{shown}”；{decision.place}的要求请咨询当地政务服务部门。")
    elif decision is not None and decision.reason == "unknown_licence":
        head = (f"知识库收录的是示范区工业项目从立项到竣工投产的审批事项，没有“{decision.licence}”的办事指南，"
                f"不能回答“{shown}”，我不能凭空作答。")
    elif decision is not None and decision.reason == "no_value" and decision.value:
        missing, advice = (t.replace("{U}", decision.unit) for t in (decision.value.refusal, decision.value.advice))
        head = f"{missing}，不能回答“{shown}”；{advice}"
    elif len(question) > SHORT_QUESTION and not _QUESTION.search(question):
        # a statement setting a scene asks nothing yet ("我们厂房去年11月竣工验收，产权证正在办。"): "cannot
        # answer" would misread it, so the user is asked what they want to know of the case. Short turns
        # ("你好", "谢谢") set no scene.
        head = (f"您说的情况是：“{shown.rstrip('。！!；;，, ')}”。知识库里没有找到与这一情况直接对应的规定。"
                "请告诉我您想了解它的哪方面，例如要办什么手续、期限多长、不办会怎样。")
    else:
        head = f"抱歉，知识库中没有找到能回答“{shown}”的内容，我不能凭空作答。"
    offer = f"知识库里与此最接近的内容有：{'、'.join(topics)}，您可以换个问法或就这些事项提问。" if topics else ""
    return "\n".join(x for x in (head, offer, HUMAN_SERVICE) if x)

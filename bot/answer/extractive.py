"""The default answerer, no LLM: quote the sentences or list items of the best passages that answer
the question, each marked [n], then the sources (title › heading path).

Every word of the answer body is a quotation, so it cannot say anything the documents do not say.
Units of the top passages are ranked by their passage's retrieval score, by how much of the question
(IDF-weighted query terms) they and their headings cover, by their dense similarity to the question
(the configured embedding model, sentence by sentence: sentences.py), by whether they carry the type
of answer the question asks for (a time limit, a date, an amount, a department...: answer types in
knowledge/lexicon/answer_types.yaml), and by how well their neighbours cover the question. The
answer is one to three whole units within a length budget; a unit is never cut. A statute article is
one unit, but a long one after the first is shown by its paragraph or list item that answers best.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.answer.config import CONFIG, Weights
from bot.answer.guard import looks_like_injection
from bot.answer.sentences import SentenceScorer
from bot.answer.text import TABLE_ROW, Unit, is_item, lines_once, split_units, support
from bot.models import Citation, RetrievedChunk
from bot.retrieval.query import (INTENTS, Intent, case_figures, contrary, holds_figures, intents_of, other_event,
                                 other_value, without_intent_words)
from knowledge.keyword import KeywordIndex, tokenize
from knowledge.records import ChunkRecord
from knowledge.statute import ARTICLE_START
from knowledge.terms import enumeration, figure, no_answer, other_places, place_names, scope, yes_no

DEFAULT_WEIGHTS = CONFIG.weights
# (a passage, a unit of it) -> the articles the unit leaves its penalty to, with what to show of each
Delegated = Callable[[ChunkRecord, str], list[tuple[ChunkRecord, str]]]
HEADING_CREDIT = CONFIG.heading_credit
MAX_PASSAGES = CONFIG.max_passages
_FIGURE = re.compile(r"\d")
MAX_UNITS = CONFIG.max_units
MAX_CHARS = CONFIG.max_chars
MAX_LIST_ITEMS = CONFIG.max_list_items
VERDICT_CHARS = CONFIG.verdict_chars
LIST_TYPES = CONFIG.list_types
DENSE_CANDIDATES = CONFIG.dense_candidates
MAX_ARTICLE_CHARS = CONFIG.max_article_chars
TWIN_TITLE = CONFIG.twin_title
ARTICLE_PART_CHARS = CONFIG.article_part_chars
SOURCES_HEADER = "来源："
_LATIN = re.compile(r"[a-z]+")
_PARTICLE = re.compile(f"[{scope().particles}]")
_NUMBERED = re.compile(r"\s*(\d{1,2})[.、．]")  # a numbered list item's number
CLAUSE_END = re.compile(r"[，,；;。！？!?\n]")  # a rule's clauses: where an answer's figure is read with its words
ENUMERATION, LIST_NOUNS = enumeration()  # questions whose answer is a whole list (materials, steps)
_NO_ANSWER = no_answer()


@dataclass
class Scored:
    unit: Unit
    position: int
    passage: int  # index into the retrieved list
    score: float
    faq: bool
    fits: bool  # gives the kind of answer the question asks for
    in_section: bool  # its passage is in a section that answers the type asked for (申请材料)
    parts: list[Scored] | None = None  # a whole statute article's paragraphs and list items, scored alike
    whole: bool = False  # gives a list type's whole answer at once ("网上申请→受理→审查→决定→发证")
    holds: bool | None = None  # a rule for the figures the question states of its case (None: it bounds none)


def query_weights(question: str, index: KeywordIndex) -> dict[str, float]:
    """IDF weight per query term; terms the corpus never uses weigh as much as its rarest ones.

    The words that only say what kind of answer is wanted ("多久能办下来") are left out: the intent
    bonus covers them, and as terms they are rare enough (FAQ headings) to outweigh the item named.
    """
    tokens = list(dict.fromkeys(tokenize(without_intent_words(question)) or tokenize(question)))
    idfs = {t: index.idf(t) for t in tokens}
    known = [v for v in idfs.values() if v > 0]
    rarest = max(known, default=1.0)
    # Unknown tokens that cannot be a term say nothing about coverage: jieba's joins of a particle and
    # its neighbour ("划拨的地要办" -> "地要", "要交"), and, once the question's names have been put into
    # Chinese, English words ("how", "take"), which a Chinese corpus can never match.
    idfs = {t: v for t, v in idfs.items()
            if v > 0 or not ((len(t) <= 2 and _PARTICLE.search(t)) or (known and _LATIN.fullmatch(t)))}
    return {t: (v if v > 0 else rarest) for t, v in idfs.items()}


def coverage(weights: dict[str, float], text: str, context: str = "") -> float:
    """Weighted share of query terms in `text` (full credit) or only in `context` (partial credit)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    text, context = text.lower(), context.lower()
    got = sum(w if t in text else HEADING_CREDIT * w if t in context else 0.0 for t, w in weights.items())
    return got / total


def heading(chunk: ChunkRecord) -> str:
    return " › ".join(p for p in (chunk.title, chunk.section, chunk.article) if p)


def document_shares(retrieved: list[RetrievedChunk]) -> dict[str, float]:
    """Source -> the share of the top passages (CONFIG.agreement_passages) that come from it."""
    top = [r.chunk.source for r in retrieved[:CONFIG.agreement_passages]]
    return {source: top.count(source) / len(top) for source in top}


def _is_faq(chunk: ChunkRecord) -> bool:
    """An FAQ answer: its section ends in a "问：……" heading."""
    return chunk.section.split(" › ")[-1].startswith(("问：", "问:"))


def _score_units(question: str, terms: dict[str, float], retrieved: list[RetrievedChunk], w: Weights,
                 scorer: SentenceScorer | None = None, asked: str | None = None, alone: bool = True,
                 depth: int = MAX_PASSAGES) -> list[Scored]:
    intents = intents_of(question)
    whether = not intents and yes_no().search(question) is not None  # "能申请吗", "够不够", no other type asked
    stated = set(case_figures(question))
    top = max((r.fused_score for r in retrieved[:depth]), default=1.0) or 1.0
    # a document's "ignore your instructions" is never an answer, nor a notice's cover ("现印发给你们") or a question
    passages = [(item, [u for u in _units(item.chunk)
                        if not (looks_like_injection(u.text) or _NO_ANSWER.search(u.text))])
                for item in retrieved[:depth]]
    # an FAQ asked about another value ("土方2万方" for "6万方") answers another case, and one asking of a further
    # event ("办下来多久必须开工" for "办下来要多久") another question; and a document of another place than the one
    # asked about ("海口市…的通知" for "济南…能不能缓缴") another place's rule: not quoted, unless every passage is such
    places = places_named(question)
    asked_places = places_asked(question)
    other_case = [_other_case(question, item.chunk) or _of_another_place(places, item.chunk.title)
                  for item, _ in passages]
    # and a document of another year than the one asked whose twin of the year asked is retrieved too ("渭南2022年那版":
    # the 2024 revision beside the 2022 measure) is another version
    versions = _other_versions(question, [item for item, _ in passages])
    other_case = [o or item.chunk.source in versions for o, (item, _) in zip(other_case, passages)]
    scored: list[Scored] = []
    # Asked alone, a question is about the document most of its best passages come from: a unit of another
    # document must beat that agreement by w.document times the gap in shares (units of the leading document
    # lose nothing, so the keep ratios are untouched). Mid-conversation the conversation's documents decide.
    share = document_shares(retrieved) if alone else {}
    leading = max(share.values(), default=0.0)
    for p, (item, units) in enumerate(passages):
        if other_case[p] and not all(other_case):
            continue
        chunk = item.chunk
        context = f"{chunk.title} {chunk.section}"
        section_intent = any(s in chunk.section for i in intents for s in i.sections)
        prior = w.rank * item.fused_score / top - w.document * (leading - share.get(chunk.source, 0.0))

        def rate(units: list[Unit]) -> list[Scored]:
            covered = [coverage(terms, u.text, context) for u in units]
            out, lead_in = [], ""
            for pos, unit in enumerate(units):
                if not unit.is_item:  # a list item gives what its lead-in says of every item ("处五万元以下的罚款：")
                    lead_in = unit.text if unit.text.endswith(("：", ":")) else ""
                said = f"{lead_in}{unit.text}" if unit.is_item else unit.text
                holds = holds_figures(question, said)
                # a rule bounding the figures a yes/no question of no other type states of its case ("去年营收400万，能申请
                # 吗" and "上年度营业收入500万元以上") answers whether the case qualifies, as a typed answer would; not one
                # stating the figure itself, which the question quotes to ask about that rule ("这个二十日是按工作日算吗")
                fits = ((((section_intent and not _ruled_out(intents, said)) or _carries(intents, said))
                         or (holds is not None and whether and not stated & set(case_figures(said))))
                        and not any(i.other_unit(question, said) for i in intents))
                around = max(covered[max(pos - 1, 0):pos] + covered[pos + 1:pos + 2], default=0.0)
                score = (prior + covered[pos] + (w.intent if fits else 0.0) + w.neighbour * around
                         - (w.contrary if contrary(question, f"{chunk.section} {unit.text}")
                            or _row_of_another_place(asked_places, unit) else 0.0))
                whole = fits and any(i.whole is not None and i.whole.search(unit.text) for i in intents)
                out.append(Scored(unit, pos, p, score, _is_faq(chunk), fits, section_intent, whole=whole, holds=holds))
            return out

        rated = rate(units)
        if len(rated) == 1 and ARTICLE_START.match(rated[0].unit.text):
            rated[0].parts = rate(split_units(chunk.text, rated[0].unit.article, paragraphs=True))
        scored += rated
    _rank_by_figures(scored, w)
    # The strongest candidates re-ranked by their dense similarity to the question. Only those within
    # w.dense of the best can change places with it, so only they are embedded (none when one leads).
    # A follow-up read with the conversation (`asked`: the words typed this turn) is compared by what it
    # asks too: its condensed form carries the topic, which already chose the passages and favours the
    # sentences naming it ("洪评报告谁来编" -> the sentence defining 洪评); the typed words alone lose the topic
    # ("几天内报？" matches any deadline). The mean of both similarities, at w.followup_dense.
    dense = w.dense if asked is None else w.followup_dense
    ranked = sorted(scored, key=lambda s: -s.score)[:DENSE_CANDIDATES]
    top = [s for s in ranked if s.score >= ranked[0].score - dense] if ranked else []
    if scorer is not None and len(top) > 1:
        texts = [s.unit.text for s in top]
        sims = _scaled(scorer.similarities(question, texts))
        if asked is not None:
            sims = [(a + b) / 2 for a, b in zip(sims, _scaled(scorer.similarities(asked, texts)))]
        for s, sim in zip(top, sims):
            s.score += dense * sim
    return scored


def _rank_by_figures(scored: list[Scored], w: Weights) -> None:
    """A rule whose bounds rule out a figure the question states ("同比涨了15%" and the tier "5%（含）至10%") answers
    another case, as a contrasting kind does, when another rule holds it (the tier "10%（含）至20%"). With none that
    does, the rule ruling it out is the answer ("收托率只有40%，还能拿补助吗" and "收托率不低于50%")."""
    every = scored + [part for s in scored for part in s.parts or []]
    if any(s.holds for s in every):
        for s in every:
            if s.holds is False:
                s.score -= w.contrary


def _other_case(question: str, chunk: ChunkRecord) -> bool:
    """The passage is an FAQ asked about another value or of a further event than the question's."""
    case = chunk.section.split(" › ")[-1]
    return _is_faq(chunk) and (other_value(question, case) or other_event(question, case))


@lru_cache(maxsize=1024)
def places_named(text: str) -> tuple[str, ...]:
    """The places outside the home province a text names, by full or short name (jionlp's gazetteer)."""
    return tuple(p for p in other_places() if p in text)


@lru_cache(maxsize=1024)
def places_asked(question: str) -> frozenset[str]:
    """The places a question names, anywhere in the country, by full name (a city's or province's short name
    counts as its full one)."""
    return _places_in(question) | {full for short, full in place_names()[1].items() if short in question}


def _row_of_another_place(asked: frozenset[str], unit: Unit) -> bool:
    """A table row naming places (a county's line of a contact list), none of them one the question names: it
    answers for another place ("福州市工信局…电话" and the row of 闽侯县)."""
    if not asked or not unit.is_item or not TABLE_ROW.match(unit.text):
        return False
    named = _places_in(unit.text)
    return bool(named) and not named & asked


@lru_cache(maxsize=4096)
def _places_in(text: str) -> frozenset[str]:
    """Full place names in a text, looked up by substring (a regex of 3,000 alternatives is slow)."""
    full, longest = place_names()[0], _longest_place()
    return frozenset(text[i:i + n] for i in range(len(text)) for n in range(3, longest + 1) if text[i:i + n] in full)


@lru_cache(maxsize=1)
def _longest_place() -> int:
    return max(map(len, place_names()[0]))


def _other_versions(question: str, retrieved: list[RetrievedChunk]) -> set[str]:
    """Sources titled with years none of which the question asks, each with a twin among the retrieved documents
    (the same title, years and revision marks aside) that names a year asked in its title or its retrieved text."""
    asked = _years(question)
    if not asked:
        return set()
    titles = {r.chunk.source: r.chunk.title for r in retrieved}
    cores = {source: _VERSION_MARKS.sub("", title) for source, title in titles.items()}
    of_year = {source for source, title in titles.items() if asked & _years(title)} | {
        r.chunk.source for r in retrieved if asked & _years(r.chunk.text)}

    def twins(a: str, b: str) -> bool:
        return max(support(cores[a], cores[b]), support(cores[b], cores[a])) >= TWIN_TITLE

    return {source for source, title in titles.items() if (years := _years(title)) and not years & asked
            and any(other != source and twins(source, other) for other in of_year)}


# A title's years and revision marks, which twins of two versions differ by ("（2024年修订）", "2022年度")
_VERSION_MARKS = re.compile(r"(?:19|20)\d{2}年?度?|修订|[（）()《》〈〉\s]")


@lru_cache(maxsize=1024)
def _years(text: str) -> frozenset[str]:
    """The years a text names ("2022年", "2024年度", "（2024年修订）")."""
    return frozenset(re.findall(r"(?<!\d)((?:19|20)\d{2})(?=年)", text))


def _of_another_place(asked: tuple[str, ...], title: str) -> bool:
    """The document's title names a place, and none of those the question asks about."""
    return bool(asked) and bool(named := places_named(title)) and not any(a in named for a in asked)


def _units(chunk: ChunkRecord) -> list[Unit]:
    """A statute article (or the piece of a long one) is quoted whole: its sentences lean on each other
    ("有下列行为之一的" / "前款规定"), and the article is what a citation names. Other passages are split
    into sentences and list items, each knowing its article."""
    if opened := ARTICLE_START.match(chunk.text):
        return [Unit(chunk.text, False, 0, opened[1])]
    return split_units(chunk.text, chunk.article or None)


def _ruled_out(intents: list[Intent], text: str) -> bool:
    """The text gives an answer of a type not asked for that rules out one asked for ("2年内有效" is a
    validity period, no answer to "要多久", even in the 办理时限 section)."""
    asked = {i.name for i in intents}
    return any(other.name not in asked and asked & set(other.overrides) and other.unit is not None
               and other.unit.search(text) for other in INTENTS)


def _carries(intents: list[Intent], text: str) -> bool:
    """A clause of the text gives an answer of a type asked for, and that clause does not rule it out: "三个月内开工"
    answers "多久" though the next clause of the article is on 延期; "2年内有效" is ruled out in its own clause."""
    return any(any(i.unit is not None and i.unit.search(clause) for i in intents) and not _ruled_out(intents, clause)
               for clause in CLAUSE_END.split(text))


def _scaled(similarities: list[float]) -> list[float]:
    """Similarities min-max scaled: the best candidate 1, the worst 0."""
    if not similarities:
        return []
    lo, hi = min(similarities), max(similarities)
    return [(x - lo) / (hi - lo) if hi > lo else 0.0 for x in similarities]


def _select(scored: list[Scored], w: Weights, enumerates: bool, has_intent: bool,
            wants_list: bool, asks_yes_no: bool = False) -> list[Scored]:
    """The best unit with what completes it: the rest of its FAQ answer, its whole list when the
    question asks for a list, or up to MAX_UNITS strong units. A question asking for materials or steps
    (`wants_list`) is answered by a list whenever one of its items is a strong candidate."""
    # a lead-in alone says nothing, unless it carries the answer ("……并处三万元以上三十万元以下罚款：")
    candidates = [s for s in scored if s.fits or not s.unit.text.endswith(("：", ":"))]
    if not candidates:
        return []
    best = max(candidates, key=lambda s: s.score)
    summary = max((s for s in candidates if s.whole), key=lambda s: s.score, default=None)
    if wants_list and summary is not None and summary.score >= w.keep * best.score:
        best = summary  # the sentence naming every step answers at once; the steps' own paragraphs would cut it
    elif wants_list and not best.in_section:
        # materials or steps are what their own section gives (办理流程's "申请→受理→发证"), when a unit of it fitting
        # the type is a strong candidate: other passages name 申请 and 材料 in passing
        own = max((s for s in candidates if s.in_section and s.fits), key=lambda s: s.score, default=None)
        if own is not None and own.score >= w.keep * best.score:
            best = own
    if wants_list and not best.whole and (not best.unit.is_item or not best.in_section):
        # materials or steps ("要哪些材料") are answered by their list, when one of its items is a strong
        # candidate: the list of the section that answers the type when there is one (申请材料, not 办理流程).
        # A list giving another type (the cases exempt from a licence) is not that list, and one outside the
        # section never displaces a best unit of it, nor a best unit that is a list itself ("需提交：申请书；论证报告；…").
        # A list is that list when most of its items give the type: one item of a list of beneficiaries naming a
        # 证明 in passing does not make the list the materials.
        settled = best.fits and (best.in_section or _INLINE_LIST.search(best.unit.text) is not None)
        items = [s for s in candidates if s.unit.is_item and s.fits and (s.in_section or not settled)
                 and _mostly_fits(s, scored)]
        item = max([s for s in items if s.in_section] or items, key=lambda s: s.score, default=None)
        if item is not None and item.score >= w.keep * best.score:
            best = item
    same_passage = [s for s in scored if s.passage == best.passage]
    if best.unit.is_item and enumerates:
        items = [s for s in same_passage if s.unit.block == best.unit.block][:MAX_LIST_ITEMS]
        return _lead(same_passage, items[0]) + items
    if best.faq:
        # the FAQ's bare verdict ("不归。") answers the FAQ's own yes/no question: shown to a question asking only
        # a type it does not give ("消防验收找哪个部门"), it reads as a non sequitur
        drop = has_intent and not asks_yes_no
        return [s for s in same_passage if not s.unit.is_item
                and not (drop and not s.fits and _verdict(s.unit.text))][:MAX_UNITS]
    chosen = _lead(same_passage, best) if best.unit.is_item else []  # a statute's item says little alone
    chosen.append(best)
    # A close further article is worth showing beside a first within MAX_ARTICLE_CHARS in all (a long one by
    # the part that answers); other units share MAX_CHARS after the first, which is always shown whole.
    if ARTICLE_START.match(best.unit.text):
        length, limit, keep = sum(len(s.unit.text) for s in chosen), MAX_ARTICLE_CHARS, w.article_keep
    else:
        length, limit, keep = 0, MAX_CHARS, w.keep
    for s in sorted(candidates, key=lambda s: -s.score):
        if len(chosen) >= MAX_UNITS or s.score < keep * best.score:
            break
        if s is best or length + len(s.unit.text) > limit:
            continue
        if s.parts and len(s.unit.text) > ARTICLE_PART_CHARS:  # a long further article: the part that answers
            s = _part(s, s.parts)
        if s.passage != best.passage and not (s.fits or not has_intent):  # another passage, off the question
            continue
        if any(max(support(s.unit.text, c.unit.text), support(c.unit.text, s.unit.text)) > 0.8 for c in chosen):
            # says the same again (a guide's rule repeated in its FAQ)
            continue
        if has_intent and not ARTICLE_START.match(s.unit.text) and any(_restates(s.unit.text, c.unit.text)
                                                                       for c in chosen):
            continue  # (the pieces of a long article repeat its lead-in and its fine, and are one source)
        chosen.append(s)
        length += len(s.unit.text)
    return chosen


def _mostly_fits(item: Scored, scored: list[Scored]) -> bool:
    """At least half the items of the item's list fit the type asked."""
    block = [s.fits for s in scored if s.passage == item.passage and s.unit.block == item.unit.block and s.unit.is_item]
    return 2 * sum(block) >= len(block)


# A sentence listing its items after a colon ("需提交：申请表；营业执照复印件；纳税申报表"): a list written inline
_INLINE_LIST = re.compile(r"[：:][^。：:]+；[^。：:]+；")


def _verdict(text: str) -> bool:
    """A bare yes or no ("不归。", "需要。", "可以的。"): a few characters and nothing else."""
    return len(text.strip(" 。！!，,；;")) <= VERDICT_CHARS


def _restates(text: str, shown: str) -> bool:
    """Whether `text` gives again the figures of a shown unit ("7日", "二万元"), every one, in much the same words
    (CONFIG.restated of its character pairs): "施工许可证法定办理时限为7日，核发不收费" after "施工许可证的法定办理
    时限为7日，自收到申请之日起计算". One giving another value (核准 20个工作日 beside 备案) adds to the answer, and
    so does one putting the same figure otherwise ("自验收合格之日起15日内" after "15日是自然日")."""
    values = {m[0] for m in figure().finditer(text)}
    return bool(values) and all(v in shown for v in values) and support(text, shown) >= CONFIG.restated


def _complete(chosen: list[Scored], scored: list[Scored], intents: list[Intent], w: Weights) -> list[Scored]:
    """A question asking two types at once ("多久能拿到 登记费多少") gets a unit for each: for a type no chosen
    unit gives, the best unit giving it is added (one with a figure first: "登记费550元", not "缴费发证"), when
    it scores at least w.keep of the best one and fits the MAX_CHARS budget after the first unit."""
    if len(intents) < 2 or not chosen:
        return chosen
    best = max(s.score for s in chosen)
    length = sum(len(s.unit.text) for s in chosen[1:])
    for intent in intents:
        if intent.unit is None or any(intent.unit.search(s.unit.text) for s in chosen):
            continue
        giving = [s for s in scored if s not in chosen and s.score >= w.keep * best
                  and intent.unit.search(s.unit.text) and not _ruled_out(intents, s.unit.text)]
        pick = max(giving, key=lambda s: (_FIGURE.search(s.unit.text) is not None, s.score), default=None)
        if pick is not None and length + len(pick.unit.text) <= MAX_CHARS:
            chosen.append(pick)
            length += len(pick.unit.text)
    return chosen


def _with_items(chosen: list[Scored], scored: list[Scored]) -> list[Scored]:
    """A chosen line introducing a list ("……应当具备下列条件：") none of whose items is chosen says nothing
    alone: its best item is added after it."""
    shown = {(s.passage, s.position) for s in chosen}
    added: list[Scored] = []
    for lead in chosen:
        if lead.unit.is_item or not lead.unit.text.endswith(("：", ":")):
            continue
        by_position = {s.position: s for s in scored if s.passage == lead.passage}
        items, position = [], lead.position + 1
        while position in by_position and by_position[position].unit.is_item:
            items.append(by_position[position])
            position += 1
        if items and not any((s.passage, s.position) in shown for s in items):
            added.append(max(items, key=lambda s: s.score))
    return chosen + added


def _part(article: Scored, parts: list[Scored]) -> Scored:
    """A further article shown by its best paragraph or list item (under the item's lead-in) and its
    number; whole when its best part is a lead-in, which answers with the whole list."""
    pick = max(parts, key=lambda p: p.score)
    if pick.unit.text.endswith(("：", ":")):
        return article
    text = "\n".join(p.unit.text for p in (_lead(parts, pick) if pick.unit.is_item else []) + [pick])
    number = article.unit.article or ""
    if not text.startswith(number):
        text = f"{number} {text}"
    return replace(article, unit=replace(article.unit, text=text), parts=None)


def _lead(same_passage: list[Scored], item: Scored) -> list[Scored]:
    """The line introducing the list `item` belongs to ("……处三万元以上三十万元以下罚款："), if any."""
    by_position = {s.position: s for s in same_passage}
    position = item.position - 1
    while position in by_position and by_position[position].unit.is_item:
        position -= 1
    lead = by_position.get(position)
    return [lead] if lead is not None and lead.unit.text.endswith(("：", ":")) else []


def _whole_list(item: RetrievedChunk, index: KeywordIndex) -> RetrievedChunk:
    """A passage opening in the middle of a numbered list ("5. ……" - the chunker cut a long list) with the
    list's start from the chunks before it under the same heading put in front, lead-in included, so a
    question asking for the list gets it from item 1. Lines the chunks share (their overlap) count once."""
    chunk, lines = item.chunk, item.chunk.text.splitlines()
    while (opened := _NUMBERED.match(lines[0]) if lines else None) and int(opened[1]) > 1:
        before = index.preceding(chunk)  # chunk_index falls each step, so this ends
        if before is None or before.section != item.chunk.section:
            break
        earlier = before.text.splitlines()
        lines = earlier + [line for line in lines if line not in earlier]
        chunk = before
    if chunk is item.chunk:
        return item
    return item.model_copy(update={"chunk": item.chunk.model_copy(update={"text": "\n".join(lines)})})


def _mark(text: str, n: int) -> str:
    """Put the [n] marker before the closing punctuation: "……为准[1]。"."""
    body = text.rstrip("。！？!?；;")
    return f"{body}[{n}]{text[len(body):]}"


def _marked(texts: list[str], n: int) -> list[str]:
    """The [n] marker after each sentence quoted from one source, and once after a list, not after each of its
    items: a list is one claim, and markers inside it would cut the quoted list, which is read as one."""
    def inside_list(i: int) -> bool:
        return is_item(texts[i]) and i + 1 < len(texts) and is_item(texts[i + 1])

    return [t if t.endswith(("：", ":")) or inside_list(i) else _mark(t, n) for i, t in enumerate(texts)]


def extractive_answer(question: str, retrieved: list[RetrievedChunk], index: KeywordIndex,
                      weights: Weights = DEFAULT_WEIGHTS, scorer: SentenceScorer | None = None,
                      asked: str | None = None, alone: bool = True,
                      delegated: Delegated | None = None) -> tuple[str, list[Citation]]:
    """(answer text with [n] markers and source lines, citations); ("", []) when nothing is quotable.
    Without a `scorer` the units are ranked without dense similarity. `asked`: for a question read with
    the conversation (`question` is then its condensed form), the words the user typed. `alone`: asked with
    no conversation before it. `delegated`: the articles a shown unit leaves its penalty to, shown after
    the answer ("……依照《中华人民共和国水法》第六十九条规定处罚" says nothing of the fine without that article)."""
    intents = intents_of(question)
    # a list word, or a list named or asked for alone ("要准备啥材料", "要带什么": materials are a list)
    enumerates = bool(ENUMERATION.search(question)) or (
        (LIST_NOUNS.search(question) is not None or any(i.name == "materials" for i in intents))
        and all(i.name in LIST_TYPES for i in intents))
    if enumerates:
        retrieved = [_whole_list(r, index) for r in retrieved[:MAX_PASSAGES]] + retrieved[MAX_PASSAGES:]
    terms = query_weights(question, index)
    scored = _score_units(question, terms, retrieved, weights, scorer, asked, alone)
    # a value asked alone (CONFIG.value_types) that none of the first passages gives ("什么时候申报" and only the
    # background of its 解读): the further passages retrieved are read for one, and come in only if one gives it.
    # Mid-conversation the chain seeks it in the other documents instead (Assistant._value_elsewhere).
    if (alone and any(i.name in CONFIG.value_types for i in intents) and not any(s.fits for s in scored)
            and len(retrieved) > MAX_PASSAGES):
        deeper = _score_units(question, terms, retrieved, weights, scorer, asked, alone, len(retrieved))
        if any(s.fits for s in deeper):
            scored = deeper
    wants_list = enumerates and any(i.name in LIST_TYPES for i in intents)
    # a type no passage gives ("啥时候去领" answered by "签订出让合同后") leaves the question untyped: it must not
    # keep out the further units that answer it
    typed = any(s.fits for s in scored)
    chosen = _complete(_select(scored, weights, enumerates, typed, wants_list,
                               yes_no().search(question) is not None), scored, intents, weights)
    chosen = _with_items(chosen, scored)
    if not chosen:
        return "", []
    # Citations numbered by first use, one per article (the pieces of a long article are one source) or else
    # per passage; in order of their best unit, units in document order, a line the pieces repeat (the
    # lead-in of a list) once.
    def cited(s: Scored) -> tuple[str, str] | int:
        chunk = retrieved[s.passage].chunk
        return (chunk.source, chunk.article) if chunk.article else s.passage

    order: list[tuple[str, str] | int] = []
    for s in sorted(chosen, key=lambda s: (s is not chosen[0], -s.score)):  # the unit chosen first, first
        if cited(s) not in order:
            order.append(cited(s))
    lines: list[str] = []
    citations: list[Citation] = []
    sources: list[str] = []
    for n, key in enumerate(order, 1):
        units = sorted((s for s in chosen if cited(s) == key),
                       key=lambda s: (retrieved[s.passage].chunk.chunk_index, s.position))
        item = retrieved[units[0].passage]
        texts = lines_once([s.unit.text for s in units])
        lines += _marked(texts, n)
        citations.append(Citation(n=n, source=item.chunk.source, title=item.chunk.title, section=item.chunk.section,
                                  quote="".join(texts),
                                  score=round(max(retrieved[s.passage].fused_score for s in units), 6),
                                  article=next((s.unit.article for s in units if s.unit.article), None)
                                  or item.chunk.article or None))
        sources.append(f"[{n}] {heading(item.chunk)}")
    for chunk, shown in _delegations(chosen, retrieved, delegated, order):
        n = len(citations) + 1
        texts = shown.splitlines()
        if chunk.source != retrieved[chosen[0].passage].chunk.source:
            texts[0] = f"《{chunk.title}》{texts[0]}"
        lines += _marked(texts, n)
        citations.append(Citation(n=n, source=chunk.source, title=chunk.title, section=chunk.section,
                                  quote="".join(shown.splitlines()), score=0.0, article=chunk.article or None))
        sources.append(f"[{n}] {heading(chunk)}")
    return f"{_join(lines)}\n\n{SOURCES_HEADER}\n" + "\n".join(sources), citations


def _delegations(chosen: list[Scored], retrieved: list[RetrievedChunk], delegated: Delegated | None,
                 cited: list[tuple[str, str] | int]) -> list[tuple[ChunkRecord, str]]:
    """The articles the chosen units leave their penalty to, each once, none already cited."""
    if delegated is None:
        return []
    found: dict[tuple[str, str], tuple[ChunkRecord, str]] = {}
    for s in chosen:
        for chunk, shown in delegated(retrieved[s.passage].chunk, s.unit.text):
            key = (chunk.source, chunk.article)
            if key not in cited:
                found.setdefault(key, (chunk, shown))
    return list(found.values())


def _join(lines: list[str]) -> str:
    """Sentences run on as prose; list items, the line introducing them and the line after them
    stay on their own lines."""
    out = ""
    for prev, line in zip([None, *lines], lines):
        if prev is None:
            out = line
        elif is_item(line) or is_item(prev) or prev.endswith(("：", ":")):
            out += "\n" + line
        else:
            out += line
    return out

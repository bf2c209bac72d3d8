"""Query understanding shared by retrieval and the answerers: what kind of answer a question asks for
(its answer type: a time limit, a date, an amount, a department...), the corpus's words for colloquial
or English names, and the kinds the corpus itself lists side by side (siblings: 报告书/报告表/登记表).

Every word list here is data: knowledge/lexicon/*.yaml (knowledge/terms.py), the catalogue's items
and variants, and the enumerations of the base fields. Expansion appends words, never replaces: BM25
gains the terms the guides use, while the original wording still reaches the dense model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.jio import jionlp
from knowledge.catalogue import load_catalogue
from knowledge.fields import FIELDS_BY_ID
from knowledge.keyword import dictionary_tag, tokenize, words
from knowledge.terms import (answer_types, asking_clause, bounds, figure, further_event, indefinite, question_forms,
                             scope, supposed_case, vocabulary)


@dataclass(frozen=True)
class Intent:
    """An answer type: question wording that asks for it, the guide sections that answer it, and the
    wording of a sentence that gives it."""

    name: str
    cues: re.Pattern[str]
    sections: tuple[str, ...] = ()
    unit: re.Pattern[str] | None = None
    overrides: tuple[str, ...] = ()  # types this one rules out: "有效期多久" asks for validity, not a time limit
    units: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()  # (the question names a unit, a text gives it)
    whole: re.Pattern[str] | None = None  # a sentence giving a list type's whole answer at once

    def other_unit(self, question: str, text: str) -> bool:
        """The question names a unit ("几年") and the text gives none in it ("15日内")."""
        question = definite(question)
        return any(asks.search(question) and not gives.search(text) for asks, gives in self.units)


INTENTS = tuple(Intent(t.name, re.compile(t.asks), tuple(t.sections), re.compile(t.carries) if t.carries else None,
                       tuple(t.overrides), tuple((re.compile(u.asks), re.compile(u.gives)) for u in t.units),
                       re.compile(t.whole) if t.whole else None)
                for t in answer_types())
ALIASES = {a.alias: a.means for a in vocabulary().aliases}
ENGLISH = {e.english: e.means for e in vocabulary().english}
_LICENCE = re.compile(rf"(?P<name>[\u4e00-\u9fff]*?)(?P<kind>{'|'.join(scope().licence.kinds)})")
_NOT_NAME = re.compile(rf".*[{scope().licence.not_name_chars}]")
_HANDLING = tuple(scope().licence.handling_verbs)
_ASIDE = re.compile(r"（[^）]*）|\([^)]*\)")
_KIND = re.compile(r"[\u4e00-\u9fff]{2,8}")  # a sibling is a short name, not a clause


_SUPPOSED, _CONSEQUENCE_NAME = supposed_case()
_QUESTION_FORMS = question_forms()
# the type asked of a supposed case; a name no type has fails here with a KeyError naming it
_CONSEQUENCE = {i.name: i for i in INTENTS}[_CONSEQUENCE_NAME]
_CLAUSE = re.compile(r"[，,；;：:\s]+")
_ASKING = asking_clause()
_SENTENCE_CLAUSE = re.compile(r"[^，,；;：:\s。！!？?]+")  # a clause, sentence ends too ("罚了。能复议吗")
_INDEFINITE, _MORE, _ASKING_WORD = indefinite()
_SENTENCE = re.compile(r"[^。！!？?\n]+[。！!？?\n]*")


def definite(question: str) -> str:
    """The question with each 几 that asks no number ("十几米宽", "多挖几米、多拖几天，怎么办") written 数, so that
    no answer type, asking clause or asked value reads it as asked; the same length, so spans keep."""
    def sentence(found: re.Match[str]) -> str:
        text = found[0]
        return _MORE.sub("数", text) if _ASKING_WORD.search(_MORE.sub("数", text)) else text

    return _SENTENCE.sub(sentence, _INDEFINITE.sub("数", question))


def intents_of(question: str) -> list[Intent]:
    question = definite(question)
    found = [i for i in INTENTS if i.cues.search(question)]
    asked = _asked_of_case(question)
    if asked is not None:
        found = [i for i in found if i is _CONSEQUENCE or i.cues.search(asked)]
    ruled_out = {name for i in found for name in i.overrides}
    ruled_out |= {i.name for i in found if i.name in _QUESTION_FORMS and _only_after_another(i, found, question)}
    return [i for i in found if i.name not in ruled_out]


def _only_after_another(intent: Intent, found: list[Intent], question: str) -> bool:
    """Every cue of `intent` follows a cue of another found type at once ("流程是啥": 是啥 after 流程)."""
    ends = {m.end() for other in found if other is not intent for m in other.cues.finditer(question)}
    return all(m.start() in ends for m in intent.cues.finditer(question))


def told_only(question: str) -> set[str]:
    """The types a question cues only in clauses telling the case, beside a clause that asks: "环保局给我们开了罚单，
    我们觉得认定有问题，能申请行政复议吗" tells of a fine and asks whether it can be reviewed. A clause supposing
    a case is part of what is asked ("要是我们不理 继续用呢")."""
    question = definite(question)
    clauses = _clauses(question)
    if not any(asks for _, asks, _ in clauses):
        return set()
    kept = [clause.span() for clause, asks, supposes in clauses if asks or supposes]

    def in_kept(cue: re.Match[str]) -> bool:
        return any(cue.start() < end and start < cue.end() for start, end in kept)

    return {i.name for i in intents_of(question) if not any(in_kept(cue) for cue in i.cues.finditer(question))}


def told_words(question: str) -> set[str]:
    """The words of the clauses that only tell the case, beside a clause that asks, and of no other clause:
    "我们买下了隔壁公司的厂房，转移登记一般多久能办完？" -> 买下, 隔壁, 公司, 厂房; none when no clause asks.
    A supposed case is part of what is asked ("要是我们不理 继续用呢")."""
    clauses = _clauses(question)
    if not any(asks for _, asks, _ in clauses):
        return set()
    told = {t for clause, asks, supposes in clauses if not (asks or supposes) for t in tokenize(clause[0])}
    return told - {t for clause, asks, supposes in clauses if asks or supposes for t in tokenize(clause[0])}


def _clauses(question: str) -> list[tuple[re.Match[str], bool, bool]]:
    """(clause, asks, supposes a case) for each clause; a clause supposing a case does not ask."""
    found = []
    plain = definite(question)
    for clause in _SENTENCE_CLAUSE.finditer(question):
        asking = plain[clause.start():clause.end()]
        supposes = bool(_SUPPOSED.search(clause[0]))
        found.append((clause, not supposes and bool(_ASKING.search(asking)), supposes))
    return found


def _asked_of_case(question: str) -> str | None:
    """For a consequence asked of a supposed case, the question without the clauses describing the case:
    "要是哪天烟气超标被查到 罚款是多少" -> "罚款是多少"; None for any other question."""
    clauses = [c for c in _CLAUSE.split(question) if c]
    first = next((k for k, c in enumerate(clauses[:-1]) if _SUPPOSED.search(c)), None)
    if first is None or not _CONSEQUENCE.cues.search(clauses[-1]):
        return None
    return "，".join(clauses[:first] + clauses[-1:])


def without_intent_words(question: str) -> str:
    """The question with the words that only ask for a kind of answer blanked out."""
    for intent in INTENTS:
        question = intent.cues.sub(" ", question)
    return question


def expand_query(question: str) -> str:
    """The question followed by the corpus's words for the colloquial or English names it uses.

    Appending the answering section's name ("办理时限" for "要多久") was tried too: it pulled other
    items' sections of that name ahead and lowered document hit@5 (0.982 -> 0.974 on EmbeddingGemma).
    """
    lower = question.lower()
    extra = [zh for en, zh in ENGLISH.items() if re.search(rf"(?<![a-z]){re.escape(en)}(?![a-z])", lower)]
    extra += [official for alias, official in ALIASES.items() if alias in question]
    extra = [w for w in dict.fromkeys(extra) if w not in question]
    return f"{question} {' '.join(extra)}" if extra else question


def _distinct_parts(names: list[str]) -> list[str]:
    """What tells sibling names apart: each without the longest stretch they all share, the part
    before it when every name has one, else the part after it (环境影响报告书/环境影响报告表 -> 报告书/报告表;
    特殊建设工程消防验收/其他建设工程消防验收备案 -> 特殊/其他)."""
    if len(names) < 2:
        return []
    first = names[0]
    shared = next((first[i:i + size] for size in range(len(first), 1, -1) for i in range(len(first) - size + 1)
                   if all(first[i:i + size] in n for n in names)), "")
    if not shared:
        return names
    split = [n.split(shared, 1) for n in names]
    parts = [before for before, _ in split] if all(before for before, _ in split) else [after for _, after in split]
    return parts if all(parts) and len(set(parts)) == len(parts) else []


@lru_cache(maxsize=1)
def sibling_groups() -> tuple[tuple[str, ...], ...]:
    """Kinds the corpus lists side by side, each group a tuple of names:
    - the variants of a catalogue item (报告书/报告表/登记表, 地下/地表);
    - slash lists in item names ("报告书/报告表审批" -> 报告书, 报告表);
    - a name and the alternative in its aside ("企业投资项目备案（核准）" -> 备案, 核准);
    - the values of the enumerated base fields (供地方式: 招拍挂出让/协议出让/划拨/租赁/自有存量)."""
    from bot.intake.fields import ENUMS  # the base fields' vocabulary, defined with their validation

    groups: list[tuple[str, ...]] = []
    for item in load_catalogue().items:
        found = _distinct_parts([_ASIDE.sub("", v.name) for v in item.variants])
        if found:
            groups.append(tuple(found))
        plain = _ASIDE.sub(lambda m: m[0][1:-1], item.name)
        for before, after in re.findall(r"([\u4e00-\u9fff]+)/([\u4e00-\u9fff]+)", plain):
            # "报告书/报告表审批": as long as the words share their first character, else two characters
            size = next((m for m in (3, 2) if len(before) >= m and before[-m] == after[0]), 2)
            groups.append((before[-size:], after[:size]))
        aside = re.search(r"([\u4e00-\u9fff]{2})（([\u4e00-\u9fff]{2})）$", item.name)
        if aside:
            groups.append((aside[1], aside[2]))
    for field, values in ENUMS.items():
        # one-character classes are asked about as "丁类"
        groups.append(tuple(v + "类" if FIELDS_BY_ID[field].label.endswith("类别") else v for v in values))
    return tuple(dict.fromkeys(g for g in groups if len(g) > 1 and all(_KIND.fullmatch(k) for k in g)))


def forms(kind: str) -> tuple[str, ...]:
    """How a question may name a sibling: whole, or by its last or first two characters when it is
    longer ("协议出让" is asked about as "出让")."""
    return (kind,) if len(kind) <= 2 else (kind, kind[-2:], kind[:2])


# A number with its unit ("3万方", "50亩"): a correction or a supposition giving another value of the same
# unit replaces it (condense); an FAQ asked about another value is another case (other_value), and so is a rule
# whose bounds rule out the value (holds_figures)
_AMOUNT = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*[万千百]?"
# a classifier is read with the word it counts ("6个月" is in months, "两个税收优惠" counts no month)
_UNIT = r"(?:个(?=[\u4e00-\u9fff]))?[\u4e00-\u9fff%㎡]"
VALUE = re.compile(rf"(?P<amount>{_AMOUNT})(?P<unit>{_UNIT})")


@lru_cache(maxsize=4096)
def _number(amount: str) -> str:
    """An amount as one number, however written ("两万", "2万" -> "20000.00"; jionlp's money parser)."""
    try:
        parsed = jionlp().parse_money(amount.replace(" ", "") + "元")
    except (ValueError, TypeError, KeyError, IndexError):
        return amount
    return parsed["num"] if isinstance(parsed.get("num"), str) else amount


def other_value(question: str, case: str) -> bool:
    """`case` (an FAQ's question) states another value in a unit the question gives one in ("土方2万方" for
    "土方6万方", not for "土方两万方"): its answer is about another case."""
    asked = {(m["unit"], _number(m["amount"])) for m in VALUE.finditer(question)}
    units = {unit for unit, _ in asked}
    return any(m["unit"] in units and (m["unit"], _number(m["amount"])) not in asked for m in VALUE.finditer(case))


_INCLUDED = r"(?:[（(]含[^）)]{0,8}[）)])?"
_B = bounds()
_PER = r"(?!\s*[/／])"  # a rate ("200万元/亩", "8元/平方米·月") bounds no sum or count of the case
_RANGE = re.compile(rf"(?P<lo>{_AMOUNT})\s*(?P<lu>{_UNIT})?\s*{_INCLUDED}\s*(?:{_B.range})\s*(?P<hi>{_AMOUNT})\s*(?P<u>{_UNIT}){_PER}")
_FLOOR = re.compile(rf"(?<![不未没])(?:{_B.floor_before})\s*(?P<n>{_AMOUNT})\s*(?P<u>{_UNIT}){_PER}"
                    rf"|(?P<n2>{_AMOUNT})\s*(?P<u2>{_UNIT})[\u4e00-\u9fff]{{0,4}}?{_INCLUDED}(?:{_B.floor_after})")
_CEILING = re.compile(rf"(?:{_B.ceiling_before})\s*(?P<n>{_AMOUNT})\s*(?P<u>{_UNIT}){_PER}"
                      rf"|(?P<n2>{_AMOUNT})\s*(?P<u2>{_UNIT})[\u4e00-\u9fff]{{0,4}}?{_INCLUDED}(?:{_B.ceiling_after})")
_BOUND_CLAUSE = re.compile(r"[，,；;。！!？?\n]")
_YEAR = re.compile(r"\d{4}")
_MAGNITUDES = "万亿"
_SPOKEN = re.compile(f"[{scope().particles}]")


def _value(amount: str) -> float | None:
    """An amount as a number ("1.2万" -> 12000.0), or None when jionlp cannot read it."""
    try:
        return float(_number(amount))
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def case_figures(question: str) -> tuple[tuple[str, float], ...]:
    """The figures a question states of its case, as (unit character, value): "年综合能耗600吨标煤" -> ("吨", 600.0).
    A calendar year ("2024年") is no figure of the case, nor is 一 before a measure word ("一家企业")."""
    found = []
    for m in VALUE.finditer(question):
        amount, unit = m["amount"].strip(), m["unit"]
        if (unit == "年" and _YEAR.fullmatch(amount)) or amount == "一":
            continue
        if unit in _MAGNITUDES:  # "营收400万，", "投资2亿": a sum said without 元 is money
            amount, unit = amount + unit, _B.money
        elif amount[-1:] in _MAGNITUDES and _SPOKEN.search(unit):  # "400万的" (a particle, no unit, after it)
            unit = _B.money
        if (value := _value(amount)) is not None:
            found.append((unit, value))
    return tuple(found)


def _limits(clause: str, units: set[str]) -> list[tuple[str, float, float]]:
    """The (unit, lowest, highest) bounds a clause sets on figures in `units`; money takes floors only."""
    limits = []
    for m in _RANGE.finditer(clause):
        lo, hi = _value(m["lo"]), _value(m["hi"])
        if m["u"] in units and (m["lu"] in (None, m["u"])) and lo is not None and hi is not None and lo <= hi:
            limits.append((m["u"], lo, hi))
    for pattern, floor in ((_FLOOR, True), (_CEILING, False)):
        for m in pattern.finditer(clause):
            unit, amount = m["u"] or m["u2"], m["n"] or m["n2"]
            if unit not in units or (not floor and unit in _B.money) or (value := _value(amount)) is None:
                continue
            limits.append((unit, value, float("inf")) if floor else (unit, float("-inf"), value))
    return limits


def holds_figures(question: str, text: str) -> bool | None:
    """Whether `text` is a rule for the case whose figures the question states: True when a clause bounding them
    holds them all, False when every clause bounding them rules one out ("1000吨标准煤以上（含1000吨）、不满1万吨
    标准煤的项目" for a project of 600吨标煤; the tier "5%（含）至10%" for growth of 15%), None when none bounds them."""
    case = case_figures(question)
    if not case:
        return None
    units = {unit for unit, _ in case}
    judged = []
    for clause in _BOUND_CLAUSE.split(text):
        limits = _limits(clause, units)
        if limits:
            judged.append(all(lo <= value <= hi for unit, lo, hi in limits for asked, value in case if asked == unit))
    return any(judged) if judged else None


_NO_EVENT, _EVENT_TYPES = further_event()
_FIGURE = figure()
_ASKED_CLAUSE_END = re.compile(r"[，,；;。？?！!]")
_EVENT_TAGS = ("v", "a")  # jieba's tags of verbs (开工, 施工) and of states (失效)


def other_event(question: str, case: str) -> bool:
    """`case` (an FAQ's question) asks a value the question asks too, but of a further event the question does not
    name: none of the verbs after its cue ("施工许可证办下来多久必须开工" -> 开工) is in the question ("施工许可证办下来
    要多久"). A figure there ("多少钱一平方米") is the unit of the answer, a noun the item: neither is an event."""
    asked = {i.name for i in intents_of(question)} & _EVENT_TYPES
    plain = definite(case)
    for intent in intents_of(case):
        cue = intent.cues.search(plain)
        if intent.name in asked and cue is not None:
            tail = _ASKED_CLAUSE_END.split(case[cue.end():], 1)[0]
            named = [w for w in words(_FIGURE.sub(" ", tail)) if len(w) > 1 and not _NO_EVENT.fullmatch(w)
                     and dictionary_tag(w)[:1] in _EVENT_TAGS and not _ASKING.search(w)]
            return bool(named) and not any(t in question for t in named)
    return False


def contrary(question: str, text: str) -> bool:
    """`text` speaks of a sibling of a kind the question asks about, and not of that one."""
    for kinds in sibling_groups():
        asked = [k for k in kinds if k in question]
        if asked and not any(k in text for k in asked) and any(k in text for k in kinds):
            return True
    return False


def _licence_name(run: str) -> str:
    """The name in the run of characters before a licence kind: what follows the last word that does
    something to a licence ("去行政机关递交" -> "", "我们要办理排污" -> "排污"), and then the last function
    word or verb of asking ("我们要办食品经营" -> "食品经营")."""
    parts = words(run)
    start = max((i + 1 for i, word in enumerate(parts) if word.endswith(_HANDLING)), default=0)
    return _NOT_NAME.sub("", "".join(parts[start:]))


def licences(text: str) -> list[tuple[str, str]]:
    """(name, kind) of every licence the text names with at least two characters: ("食品经营", "许可证")."""
    found = [(_licence_name(m["name"]), m["kind"]) for m in _LICENCE.finditer(text)]
    return [(name, kind) for name, kind in found if len(name) >= 2]

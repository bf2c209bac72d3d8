"""Rule-based extraction of the 28 fields from one chat message, without an LLM.

Order of evidence: labelled values ("联系人张三", "用地面积不对，是80亩") first, then unambiguous patterns
(credit codes, phones, 亩/公顷, 吨标准煤, 自来水…), then context (the fields the dialogue just asked for:
a bare answer to a single question fills it; a terse list fills the asked fields in order).
Values come out raw (numbers in canonical units); the pydantic model in fields.py has the last word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.intake.fields import ENUMS, SYNONYMS, normalize_enum
from bot.intake.lexicon import (
    CANCEL,
    COMPANY,
    COMPANY_LEAD,
    CONFIRM,
    CONNECTOR,
    CORRECTION,
    DELIM,
    FILLER,
    FIRE,
    INDUSTRY,
    LABEL_OF,
    LABEL_RE,
    LANDLINE,
    LONG_TEXT,
    MOBILE,
    NAMES,
    NATURE,
    NEGATION,
    NUMERIC,
    PERIOD_END,
    PRODUCTS,
    PROJECT,
    QUESTION,
    SELF,
    SENTENCE_END,
    SKIP,
    STREET,
    UNLABELLED_ENUM,
    USCC,
)
from bot.intake.units import duration_months, months_in, quantities, to_canonical
from knowledge.zone import load_zone


@dataclass
class Extraction:
    values: dict[str, Any] = field(default_factory=dict)   # field id -> raw value in canonical units
    errors: dict[str, str] = field(default_factory=dict)   # field id -> why the text could not be read
    period: dict[str, Any] = field(default_factory=dict)   # partial 计划建设期: start/end YYYY-MM, months
    skipped: list[str] = field(default_factory=list)       # fields the user said to skip
    skip_rest: bool = False                                 # "其他不知道": skip what was asked and not given
    reask: list[str] = field(default_factory=list)         # "联系人填错了" without the right value
    questions: list[str] = field(default_factory=list)     # side questions carrying no field
    correction: bool = False
    _spans: list[tuple[int, int]] = field(default_factory=list, repr=False)
    _where: dict[str, int] = field(default_factory=dict, repr=False)

    def found(self) -> bool:
        return bool(self.values or self.errors or self.period)

    def put(self, fid: str, value: Any, start: int, end: int) -> None:
        self.values[fid] = value
        self._where[fid] = start
        self._claim(start, end)

    def fail(self, fid: str, message: str, pos: int) -> None:
        self.errors[fid] = message
        self._where[fid] = pos

    def _claim(self, start: int, end: int) -> None:
        self._spans.append((start, end))

    def _free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self._spans)


def normalize(text: str) -> str:
    """Full-width to half-width (：，？ → :,?), ㎡ → m2, 个亿 → 亿."""
    return unicodedata.normalize("NFKC", text).replace("个亿", "亿").strip()


def intent(message: str) -> str | None:
    """'confirm' or 'cancel' for whole-message replies; None otherwise."""
    text = normalize(message)
    if CANCEL.search(text) and not QUESTION.search(text):
        return "cancel"
    parts = [p.strip("了啊吧呀的哈嗯~").lower() for p in re.split(r"[\s,.!。]+", text) if p]
    if parts and all(p in CONFIRM or (p.startswith("确认") and len(p) <= 6) for p in parts):
        return "confirm"
    return None


def parse(message: str, expecting: Sequence[str] = (), today: date | None = None) -> Extraction:
    text = normalize(message)
    out = Extraction(correction=bool(CORRECTION.search(text)))
    questions = _question_spans(text)
    labels = _labels(text)
    _labelled(text, labels, out)
    _period(text, today or date.today(), out)
    _patterns(text, out)
    _skips(text, labels, questions, out)
    _context(text, expecting, out)
    _drop_in_questions(text, questions, out)
    out.reask = [f for f in out.reask if f not in out.values]
    return out


def read_value(fid: str, text: str) -> Any:
    """A quoted value ("120亩", "自来水") for one field in the rules' canonical form; None if unreadable."""
    out = Extraction()
    _bare(fid, normalize(text), 0, out)
    return out.values.get(fid)


# ---- labelled values ---------------------------------------------------------------------------

def _labels(text: str) -> list[tuple[str, int, int]]:
    """(field, start, end) of each label, minus labels inside a value word (供水 in 市政供水) and
    number labels followed by no number (用电 in 使用电解液)."""
    words = [(m.start(), m.end()) for w in _VALUE_WORDS for m in re.finditer(re.escape(w), text)]
    found = []
    for m in LABEL_RE.finditer(text):
        fid = LABEL_OF[m[0]]
        inside = any(s <= m.start() and m.end() <= e and e - s > m.end() - m.start() for s, e in words)
        here, *more = re.split(rf"[{DELIM}]", text[m.end():], maxsplit=1)
        if CORRECTION.search(here) and more:  # "用地面积不对，是80亩": the number is in the next clause
            here += "," + re.split(rf"[{DELIM}]", more[0], maxsplit=1)[0]
        idle = fid in NUMERIC and not (quantities(here) or SKIP.search(here) or CORRECTION.search(here))
        if not inside and not idle:
            found.append((fid, m.start(), m.end()))
    return found


_VALUE_WORDS = sorted({w for fid in ENUMS for w in (*ENUMS[fid], *SYNONYMS[fid]) if len(w) >= 3})


def _labelled(text: str, labels: list[tuple[str, int, int]], out: Extraction) -> None:
    long_spans: list[tuple[int, int]] = []
    for i, (fid, start, end) in enumerate(labels):
        if fid not in LONG_TEXT:
            continue
        stop = _long_end(text, end, labels[i + 1:])
        value = _strip_connector(text[end:stop]).strip(" ,、")
        if SKIP.search(value[:8]):
            out.skipped.append(fid)
        elif value:
            out.put(fid, value, start, stop)
        long_spans.append((start, stop))
    for i, (fid, start, end) in enumerate(labels):
        if fid in LONG_TEXT or fid == "construction_period":
            continue
        in_long = any(s <= start < e for s, e in long_spans)
        if in_long and fid not in NUMERIC:
            continue  # 供水、排水设施 inside a 建设内容 are words, not labels
        nxt = next((s for _, s, _ in labels[i + 1:] if s >= end), len(text))
        _one_label(text, fid, start, end, nxt, quiet=in_long, out=out)


def _long_end(text: str, start: int, later: list[tuple[str, int, int]]) -> int:
    """A description runs to the end of its sentence, or to the first ", <label>" after which it is
    already long enough (建设内容 needs 20 characters: "新建厂房2栋，总建筑面积5万平方米" stays whole),
    and never past ", <label of a non-numeric field>" (联系人 does not describe the works)."""
    stop = next((j for j in range(start, len(text)) if text[j] in SENTENCE_END), len(text))
    for fid, s, _ in later:
        long_enough = len(_strip_connector(text[start:s - 1])) >= 20
        if start < s < stop and text[s - 1] in ", " and (fid not in NUMERIC or long_enough):
            return s - 1
    return stop


def _strip_connector(value: str) -> str:
    return CONNECTOR.sub("", value, count=1)


def _one_label(text: str, fid: str, start: int, end: int, nxt: int, quiet: bool, out: Extraction) -> None:
    region = text[end:nxt]
    clause = region[:next((j for j, c in enumerate(region) if c in DELIM), len(region))]
    no_value = fid not in ENUMS and re.match(r"(?:没有|无|暂无)(?:$|[,;。!?\s])", _strip_connector(clause) or "-")
    if SKIP.search(clause) or SKIP.search(_strip_connector(region)[:8]) or no_value:
        out.skipped.append(fid)
        out._where[fid] = start
        return
    if fid in NUMERIC:
        _numeric(fid, text, start, end, min(nxt, end + 40), quiet, out)
    elif fid in ENUMS:
        _enum(fid, text, start, end, nxt, out)
    else:
        _short_text(fid, text, start, end, nxt, out)


def _numeric(fid: str, text: str, label_at: int, start: int, stop: int, quiet: bool, out: Extraction) -> None:
    """quiet: a label inside a 建设内容 value; take a quantity if one is there, never complain."""
    found = [q for q in quantities(text[start:stop], start) if quiet or out._free(q.start, q.end)]
    dimension = NUMERIC[fid]
    for q in found:
        value = to_canonical(q, dimension)
        if value is not None:
            out.put(fid, value, q.start, q.end)
            return
    if quiet:
        return
    if found and dimension == "area_strict" and found[0].unit is None:
        out.fail(fid, "请说明用地面积的单位：亩、公顷或平方米（如120亩）", label_at)
    elif found:
        out.fail(fid, f"“{text[found[0].start:found[0].end]}”的单位不对：{_UNIT_HINT[dimension]}", label_at)
    elif out.correction:
        out.reask.append(fid)


_UNIT_HINT = {"area_strict": "用地面积请用亩、公顷或平方米", "area": "面积请用平方米、亩或公顷",
              "money": "投资请用元、万元或亿元", "persons": "劳动定员请填人数", "volume": "土石方请用立方米（方）",
              "energy": "能耗请用吨标准煤", "electricity": "用电量请用千瓦时（度）或万千瓦时"}


def _enum(fid: str, text: str, start: int, end: int, nxt: int, out: Extraction) -> None:
    before = start - next((j for j, c in enumerate(reversed(text[:start])) if c in DELIM), start)
    after = end + next((j for j, c in enumerate(text[end:nxt]) if c in DELIM), nxt - end)
    if fid == "hazardous_chemicals" and NEGATION.search(text[before:start]):
        out.put(fid, "无", before, end)
        return
    for lo, hi in ((before, after), (end, nxt)):
        found = _find_enum(fid, text[lo:hi])
        if found:
            out.put(fid, found, start, hi)
            return
    said = _strip_connector(text[end:after]).strip(" ,")
    if said:
        out.put(fid, said, start, after)  # not a known value: the validator says what is allowed
    elif out.correction:
        out.reask.append(fid)


def _find_enum(fid: str, region: str) -> str | None:
    """Earliest (then longest) value or synonym of fid inside region."""
    hits = [(region.find(w), -len(w), w) for w in (*ENUMS[fid], *SYNONYMS[fid]) if w in region]
    return normalize_enum(fid, min(hits)[2]) if hits else None


def _short_text(fid: str, text: str, start: int, end: int, nxt: int, out: Extraction) -> None:
    region = text[end:nxt]
    value = _strip_connector(region)
    at = end + len(region) - len(value)
    codes = {"uscc": r"[0-9A-Za-z]{6,}", "contact_phone": r"\+?\d[\d()\-\s]*\d", "industry_code": r"[A-Za-z]?\d{2,}"}
    names = r"[\u4e00-\u9fa5·]+"
    m = (re.search(codes[fid], value) if fid in codes
         else re.match(names if fid in NAMES else rf"[^{DELIM}\s]+", value))
    if m and m[0].strip():
        out.put(fid, m[0].strip(), start, at + m.end())
    elif out.correction:
        out.reask.append(fid)


# ---- patterns without labels -------------------------------------------------------------------

def _patterns(text: str, out: Extraction) -> None:
    def first(regex: re.Pattern[str]) -> re.Match[str] | None:
        return next((m for m in regex.finditer(text) if out._free(m.start(), m.end())), None)

    for fid, regex in (("uscc", USCC), ("contact_phone", MOBILE), ("contact_phone", LANDLINE),
                       ("industry_code", INDUSTRY), ("unit_name", COMPANY), ("project_name", PROJECT),
                       ("main_products_capacity", PRODUCTS), ("contact_name", SELF)):
        m = first(regex) if fid not in out.values else None
        if m:
            value = COMPANY_LEAD.sub("", m[0], count=1) if fid == "unit_name" else m[m.lastindex or 0]
            out.put(fid, value, m.start(), m.end())
    park = _find_park(text)
    if park and "site_park" not in out.values:
        name, start, end = park
        out.values["site_park"] = name
        out._where["site_park"] = start
        alone = (start == 0 or text[start - 1] in DELIM + " ") and (end == len(text) or text[end] in DELIM + " ")
        if alone:
            out._claim(start, end)  # a park named on its own is not also an address
    if "site_address" not in out.values:  # addresses in the zone start with the park: 唐槐产业园区康宁街北段
        aliases = sorted((a for p in load_zone().parks for a in (p.name, *p.aliases)), key=len, reverse=True)
        m = first(re.compile(rf"(?:{'|'.join(aliases)}){STREET}"))
        if m:
            out.put("site_address", m[0], m.start(), m.end())
    for q in quantities(text):
        fid = _UNIT_FIELD.get(q.unit.lower()) if q.unit else None
        if fid and fid not in out.values and out._free(q.start, q.end):
            out.put(fid, to_canonical(q, NUMERIC[fid]), q.start, q.end)
    _enum_patterns(text, out)


def _find_park(text: str) -> tuple[str, int, int] | None:
    """Earliest park name or alias in the text (longest at a position): (canonical name, start, end)."""
    hits = [(text.find(alias), -len(alias), p.name) for p in load_zone().parks for alias in (p.name, *p.aliases)
            if alias in text]
    if not hits:
        return None
    start, neg_len, name = min(hits)
    return name, start, start - neg_len


_UNIT_FIELD = {"亩": "land_area", "公顷": "land_area", "千瓦时": "annual_electricity", "kwh": "annual_electricity",
               "kw·h": "annual_electricity", "度": "annual_electricity", "吨标准煤": "annual_energy_tce",
               "吨标煤": "annual_energy_tce", "tce": "annual_energy_tce", "立方米": "earthwork_volume",
               "m3": "earthwork_volume", "人": "employee_count"}


def _enum_patterns(text: str, out: Extraction) -> None:
    for fid, words in UNLABELLED_ENUM.items():
        hits = [(text.find(w), w) for w in words if w in text]
        hits = [(pos, w) for pos, w in hits if out._free(pos, pos + len(w))]
        if hits and fid not in out.values:
            pos, word = min(hits)
            out.put(fid, normalize_enum(fid, word), pos, pos + len(word))
    for fid, regex in (("construction_nature", NATURE), ("fire_hazard_class", FIRE)):
        m = regex.search(text)
        if m and fid not in out.values and out._free(m.start(), m.end()):
            out.put(fid, normalize_enum(fid, m[1] or m[2]), m.start(), m.end())
    for m in re.finditer(rf"(?:^|(?<=[{DELIM}]))\s*([^{DELIM}]+?)\s*(?=[{DELIM}]|$)", text):
        owners = [f for f in ENUMS if normalize_enum(f, m[1]) is not None]
        if len(owners) == 1 and owners[0] not in out.values and out._free(m.start(1), m.end(1)):
            out.put(owners[0], normalize_enum(owners[0], m[1]), m.start(1), m.end(1))  # "，新建，"
    m = re.search(r"(?:不涉及|没有|无)(?:任何)?(?:危险化学品|危化)", text)
    if m and "hazardous_chemicals" not in out.values:
        out.put("hazardous_chemicals", "无", m.start(), m.end())


def _period(text: str, today: date, out: Extraction) -> None:
    """Months and a duration: the first month starts the works unless 竣工/建成 is said around it."""
    months = [m for m in months_in(text, today) if out._free(m.start, m.end)]
    duration = duration_months(text)
    if duration and any(m.start < duration[2] and duration[1] < m.end for m in months):
        duration = None
    if duration:
        out.period["months"] = duration[0]
        out._claim(duration[1], duration[2])
        out._where["construction_period"] = duration[1]
    for i, m in enumerate(months):
        after, before = text[m.end:m.end + 6], text[max(0, m.start - 6):m.start]
        ends = PERIOD_END.search(after) or PERIOD_END.search(before) or (i > 0 and "start" in out.period)
        key = "end" if ends else "start"
        out.period.setdefault(key, m.iso)
        out._claim(m.start, m.end)
        out._where.setdefault("construction_period", m.start)


# ---- skips, context, questions -----------------------------------------------------------------

def _skips(text: str, labels: list[tuple[str, int, int]], questions: list[tuple[int, int]],
           out: Extraction) -> None:
    """A skip phrase outside any labelled clause skips whatever was asked and not given."""
    labelled = {_clause(text, s) for _, s, _ in labels}
    for m in SKIP.finditer(text):
        if _clause(text, m.start()) not in labelled and not any(s <= m.start() < e for s, e in questions):
            out.skip_rest = True


def _clause(text: str, pos: int) -> int:
    return sum(1 for c in text[:pos] if c in DELIM)


def _context(text: str, expecting: Sequence[str], out: Extraction) -> None:
    asked = [f for f in expecting if f != "construction_period"]
    open_fields = [f for f in asked if f not in out.values and f not in out.errors and f not in out.skipped]
    if not open_fields or out.skip_rest or intent(text) or QUESTION.search(text) or FILLER.fullmatch(text):
        return
    if len(asked) == 1 and not out.values and not out.period:
        _bare(open_fields[0], text, 0, out)
        return
    pieces = [m for m in re.finditer(r"[^,;。!?\n\s]+", text) if out._free(m.start(), m.end())]
    if len(pieces) == 1:  # one bare answer to a list: the first asked field it fits
        fid = next((f for f in open_fields if _fits(f, pieces[0][0])), None)
        if fid:
            _bare(fid, pieces[0][0], pieces[0].start(), out)
    elif pieces and len(pieces) == len(open_fields):  # a terse list answers the asked fields in order
        trial = Extraction()
        for fid, m in zip(open_fields, pieces, strict=True):
            _bare(fid, m[0], m.start(), trial)
        if not trial.errors and len(trial.values) == len(open_fields):
            for m, (fid, value) in zip(pieces, trial.values.items(), strict=True):
                out.put(fid, value, m.start(), m.end())


_PERSON = r"[\u4e00-\u9fa5]{2,4}|[\u4e00-\u9fa5]+·[\u4e00-\u9fa5·]+"  # 张三, 欧阳晓明, 阿依古丽·买买提
_SHAPES = {
    "unit_name": r".{2,}(?:公司|厂|集团|中心|合作社)$", "legal_rep_name": _PERSON, "contact_name": _PERSON,
    "unit_address": r".*(?:省|市|区|县|镇|路|街|号|园区).*",
    "site_address": r".*(?:区|县|镇|路|街|号|园区|以东|以西|以南|以北|侧).*", "project_name": r".{2,}项目$",
    "land_parcel_no": r"[^\u4e00-\u9fa5]*\d[^\u4e00-\u9fa5]*|.*(?:不动产|证|号).*\d.*",
    "construction_content": r".{20,}", "main_products_capacity": r".*\d.*", "uscc": r"[0-9A-Za-z]{15,20}",
    "contact_phone": r"\+?[\d\-()]{7,16}", "industry_code": r"[A-Za-z]?\d{4}",
}


def _fits(fid: str, piece: str) -> bool:
    """Whether a lone answer looks like this field (so "李四" is not taken for an address)."""
    if fid in _SHAPES:
        return re.fullmatch(_SHAPES[fid], piece) is not None
    if fid == "site_park":
        return load_zone().match_park(piece) is not None
    if fid in ENUMS:
        return normalize_enum(fid, piece) is not None or _find_enum(fid, piece) is not None
    trial = Extraction()
    _bare(fid, piece, 0, trial)
    return fid in trial.values


def _bare(fid: str, text: str, at: int, out: Extraction) -> None:
    """A whole answer to a question about this one field (at: where it starts in the message)."""
    value = _strip_connector(text).strip(" ,.。!")
    if not value:
        return
    if fid in NUMERIC:
        alone = Extraction()  # positions inside this answer must not collide with the message's
        _numeric(fid, value, 0, 0, len(value), False, alone)
        if fid in alone.values:
            out.put(fid, alone.values[fid], at, at + len(text))
        elif fid in alone.errors:
            out.fail(fid, alone.errors[fid], at)
    elif fid in ENUMS:
        out.put(fid, normalize_enum(fid, value) or _find_enum(fid, value) or value, at, at + len(text))
    elif fid == "site_park":
        out.put(fid, load_zone().match_park(value) or value, at, at + len(text))
    else:
        out.put(fid, value, at, at + len(text))


def _question_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for i, c in enumerate(text + "\n"):
        if c in SENTENCE_END:
            sentence = text[start:i + 1].strip()
            if sentence and QUESTION.search(sentence):
                spans.append((start, i + 1))
            start = i + 1
    return spans


def _drop_in_questions(text: str, questions: list[tuple[int, int]], out: Extraction) -> None:
    """In a question keep only values of a clear shape; a question left without any is a side question."""
    shaped = (*NUMERIC, *ENUMS, "uscc", "contact_phone", "industry_code", "site_park", "construction_period")
    for qs, qe in questions:
        inside = [f for f, pos in out._where.items() if qs <= pos < qe]
        for fid in inside:
            out.errors.pop(fid, None)
            if fid not in shaped:
                out.values.pop(fid, None)
            if fid in out.skipped:
                out.skipped.remove(fid)
        if not any(f in out.values or (f == "construction_period" and out.period) for f in inside):
            out.questions.append(text[qs:qe].strip())

"""Numbers, units and months in Chinese free text: 5.2亿元, 一百二十亩, 300万度, 明年三月, 工期一年半."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import cn2an

from bot.intake.wordfiles import read_words
from bot.jio import jionlp

_CN_DIGITS = "零〇一二两三四五六七八九十百万亿点壹贰叁肆伍陆柒捌玖拾佰仟"
# 千 followed by 瓦 or 克 is the unit 千瓦时 or 千克, not a magnitude.
_MAG = r"(?:千(?![瓦克])|[万亿百])"
# 5000万, 1亿2千万, 八千多万, 两百来 (多/余/来 make a figure vague: it is read as its lower bound)
NUM = (rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?(?:[多余来]?{_MAG}+(?:\d+(?:\.\d+)?)?)*[多余来]?"
       rf"|(?:[{_CN_DIGITS}]|千(?![瓦克]))+(?:[多余来]{_MAG}*)?)")
_MAGNITUDES = {"百": 1e2, "千": 1e3, "万": 1e4, "亿": 1e8}

# unit -> (dimension, factor to the base unit of that dimension); longest first in the regex.
UNITS: dict[str, tuple[str, float]] = {
    "平方公里": ("area", 1e6), "平方米": ("area", 1.0), "平米": ("area", 1.0), "平方": ("area", 1.0),
    "平方公尺": ("area", 1.0),  # Taiwan's name of the square metre (公尺 = 米)
    "m2": ("area", 1.0), "平": ("area", 1.0), "公顷": ("area", 1e4), "亩": ("area", 666.67),
    "元": ("money", 1.0),
    # Currency tags said after a sum ("5.8亿RMB", "2亿人民币"): the sum is in 元; without them 人民币 read as 人
    # (a head count) and RMB cut 亿 off the figure.
    "人民币": ("money", 1.0), "rmb": ("money", 1.0), "cny": ("money", 1.0), "yuan": ("money", 1.0),
    # Foreign currencies are another dimension: a sum in 美元 is refused with a request to convert.
    "美元": ("foreign_money", 1.0), "欧元": ("foreign_money", 1.0), "港元": ("foreign_money", 1.0),
    "港币": ("foreign_money", 1.0), "日元": ("foreign_money", 1.0), "英镑": ("foreign_money", 1.0),
    "千瓦时": ("electricity", 1.0), "kw·h": ("electricity", 1.0), "kwh": ("electricity", 1.0),
    "度": ("electricity", 1.0),
    "吨标准煤": ("energy", 1.0), "吨标煤": ("energy", 1.0), "tce": ("energy", 1.0),
    # kilograms of standard coal, as energy-assessment reports give them (GB/T 2589-2020: 1 kgce = 29.3076 MJ).
    "千克标准煤": ("energy", 1e-3), "公斤标准煤": ("energy", 1e-3), "kgce": ("energy", 1e-3),
    "立方米": ("volume", 1.0), "立方": ("volume", 1.0), "m3": ("volume", 1.0), "方": ("volume", 1.0),
    "人": ("persons", 1.0), "名": ("persons", 1.0),
    # English unit names mixed into Chinese messages ("6.5 hectares", "50,000 sqm"); SI / common usage.
    "hectares": ("area", 1e4), "hectare": ("area", 1e4), "ha": ("area", 1e4), "sqm": ("area", 1.0),
    "square meters": ("area", 1.0), "square metres": ("area", 1.0), "sq m": ("area", 1.0),
    "cubic meters": ("volume", 1.0), "cubic metres": ("volume", 1.0),
    # 亩 in pinyin, as English texts about Chinese land write it ("land area 65 mu").
    "mu": ("area", 666.67), "mou": ("area", 666.67),
    # hm² is the SI symbol of 公顷 (NFKC makes it hm2); GWh and MWh are 10^6 and 10^3 kWh.
    "hm2": ("area", 1e4), "gwh": ("electricity", 1e6), "mwh": ("electricity", 1e3),
    # Their Chinese names (GB 3100: 兆 = 10^6, 吉 = 10^9 of 瓦时), as energy reports write them; 兆瓦 alone is power.
    "兆瓦时": ("electricity", 1e3), "吉瓦时": ("electricity", 1e6),
    # km² (NFKC: km2) and its Chinese name 平方千米, the SI unit of large areas (1 km² = 100 公顷).
    "km2": ("area", 1e6), "平方千米": ("area", 1e6),
}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QTY_RE = re.compile(rf"(?P<neg>(?<![\dA-Za-z])-\s*|负)?(?P<num>{NUM})\s*(?:左右|上下)?\s*(?P<unit>{_UNIT_RE})?(?![a-z])",
                    re.I)


@dataclass(frozen=True)
class Quantity:
    value: float          # in the unit written, magnitudes applied (5.2亿 -> 520000000)
    magnitude: bool       # a 万/亿 was written, so a bare value is absolute (5.2亿 = 5.2亿元)
    unit: str | None
    start: int
    end: int
    negative: bool = False  # "-500平方米": refused with a reason, never silently made positive
    range_said: str | None = None  # "3000-3500万": a range, read as its upper bound and said back to the user

    @property
    def dimension(self) -> str | None:
        return UNITS[self.unit.lower()][0] if self.unit else None


def to_number(text: str) -> tuple[float, bool] | None:
    """(value, has magnitude) for '5.2亿', '一百二十', '五点二亿', '1,200', '3千万', '1亿2千万', '一亿二'
    (the colloquial tail: one digit after a magnitude counts in the next lower one); None if not a number."""
    text = re.sub(r"[多余来]", "", text.replace(",", ""))
    magnitude = "万" in text or "亿" in text  # 一百二十 is a plain number; 三千万 is absolute
    tail = re.fullmatch(r"(.*[亿万千百])([一二两三四五六七八九1-9])", text)
    if tail:
        text += _NEXT_LOWER[tail[1][-1]]
    if re.fullmatch(r"\d+(?:\.\d+)?[万亿千百]*", text):
        digits = re.match(r"\d+(?:\.\d+)?", text)
        assert digits
        value = float(digits[0])
        for m in text[digits.end():]:
            value *= _MAGNITUDES[m]
        return value, magnitude
    try:
        return float(cn2an.cn2an(text, "smart")), magnitude
    except (ValueError, KeyError, IndexError):
        pass
    head = re.fullmatch(r"(.+?)([万亿]+)", text)  # cn2an rejects 五点二亿: convert the head, apply the tail
    if head:
        number = to_number(head[1])
        if number:
            value = number[0]
            for m in head[2]:
                value *= _MAGNITUDES[m]
            return value, True
    return None


_NEXT_LOWER = {"亿": "千万", "万": "千", "千": "百", "百": "十"}


# English magnitudes ("RMB 1.5 billion", "300 million yuan"): a written magnitude, like 亿 and 万.
_ENGLISH_MAG = re.compile(r"(?<![\dA-Za-z.])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<mag>billion|bn|million|mn)\b"
                          r"(?:\s*(?:yuan|rmb|cny)\b|\s*(?P<unit>元))?", re.I)
_ENGLISH_FACTOR = {"billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6}


def quantities(text: str, offset: int = 0) -> list[Quantity]:
    out = [Quantity(float(m["num"].replace(",", "")) * _ENGLISH_FACTOR[m["mag"].lower()], True, m["unit"],
                    offset + m.start(), offset + m.end()) for m in _ENGLISH_MAG.finditer(text)]
    taken = [(q.start - offset, q.end - offset) for q in out] + [c.span() for c in _HYPHEN_CODE.finditer(text)]
    for m in QTY_RE.finditer(_SHORTHAND.sub(lambda m: m[1] + _SHORTHAND_MAG[m[2].lower()], text)):
        parsed = to_number(m["num"])
        if parsed is None or _word_not_number(m, text) or any(s < m.end() and m.start() < e for s, e in taken) \
                or m.start() > 0 and _UNIT_SYMBOL_POWER.match(text, m.start() - 1) and not m["neg"]:
            continue
        out.append(Quantity(parsed[0], parsed[1], m["unit"], offset + m.start(), offset + m.end(), bool(m["neg"])))
    return _ranges(sorted(out, key=lambda q: q.start), text, offset)


# The power of a unit symbol (m³, m², hm², km² after NFKC: m3, m2): part of the unit, never a figure.
_UNIT_SYMBOL_POWER = re.compile(r"(?:(?<![A-Za-z])|(?<=[hk]))[mM][23](?![\d.,])")


# "1.2w平", "2w方", "3.5W平米": w is the pinyin initial of 万 in chat shorthand, and "1.1k吨", "3K方" the k of
# thousand (a Latin letter after it is another unit: 2GW, 5kW, 3kg; a Latin letter before the figure makes it a
# model name: X5w, H3k). The capital letter only before a Chinese character (30W, 5K alone are watts, kelvin).
_SHORTHAND = re.compile(r"(?<![A-Za-z\d.])(\d+(?:\.\d+)?)(w|k|[WK](?=[\u4e00-\u9fa5]))(?![A-Za-z])")
_SHORTHAND_MAG = {"w": "万", "k": "千"}


# "3-5万方", "3到5万方", "3万～5万方": a range with the unit said once, after its upper bound.
_RANGE_SEP = re.compile(r"\s*(?:-|~|～|—|–|到|至)\s*")


def _ranges(found: list[Quantity], text: str, offset: int) -> list[Quantity]:
    """A range is one quantity, its upper bound (what an approval threshold must be checked against); its
    lower bound alone ("3") is never a value."""
    out: list[Quantity] = []
    for q in found:
        low = out[-1] if out else None
        gap = text[low.end - offset:q.start - offset] if low else ""
        if low and q.negative and not gap:  # "3万-5万方": the hyphen was read as the upper bound's minus sign
            gap = "-"
        if low and low.unit is None and not low.negative and (q.unit or q.magnitude and not low.magnitude) \
                and _RANGE_SEP.fullmatch(gap) and low.value < q.value:  # "3000-3500万": 万 said once too
            out[-1] = Quantity(q.value, q.magnitude, q.unit, low.start, q.end,
                               range_said=text[low.start - offset:q.end - offset])
        else:
            out.append(q)
    return out


# Digit groups joined by hyphens (140109-2026-061, a 宗地编号) are a code, not an amount; a range ("80-100亩")
# and a phone (0351-7654321) have two groups, so neither is matched.
_HYPHEN_CODE = re.compile(r"(?<![\d.])\d+(?:\s*-\s*\d+){2,}(?![\d.])")


def _word_not_number(m: re.Match[str], text: str) -> bool:
    """一 in 一共/一起/一期, 两 in 两栋: Chinese numerals without a unit or magnitude, followed by a word."""
    after = text[m.end():m.end() + 1]
    if not m["unit"] and (after in ("号", "#") or text[max(0, m.start() - 1):m.start()] == "第"):
        return True  # 5号楼, 3#车间, 第2期: a number naming a thing, not an amount
    if len(m["num"]) >= 2 and after in _MEASURE_WORDS:  # 八十个 (工人), 九百吨 (标煤): a count; 两个车间 stays a word
        return False
    return (not m["unit"] and not re.search(r"[\d万亿]", m["num"])
            and re.match(r"[\u4e00-\u9fa5]", after) is not None)


# Measure words a spoken count ends with when the unit is the label's: 工人要八十个, 折标煤九百吨, 二百万度.
_MEASURE_WORDS = ("个", "位", "名", "吨", "度", "方")


# A unit declared once for a figure, as tables and reports do: 总投资（万元）：12000, | 总用地面积 | 平方米 | 53333 |,
# and a table copied from Word or Excel, its cells split by tabs: 总用地面积<TAB>hm²<TAB>8.60.
DECLARED_UNIT = re.compile(rf"(?:\s*[(（|]\s*|[ ]*\t[ \t]*)(?P<mag>[万亿]?)(?P<unit>{_UNIT_RE})(?:\s*[)）|]|[ ]*\t)\s*:?",
                           re.I)


def with_declared(q: Quantity, magnitude: str, unit: str) -> Quantity:
    """A unitless figure read in the unit its label declared."""
    if q.unit is not None:
        return q
    factor = _MAGNITUDES.get(magnitude, 1.0)
    return Quantity(q.value * factor, bool(magnitude) or q.magnitude, unit, q.start, q.end, q.negative, q.range_said)


def to_canonical(q: Quantity, dimension: str) -> float | None:
    """The quantity in the field's canonical unit (m², 万元, 万kWh, tce, m³, persons); None if the unit
    belongs to another dimension or is missing where a bare number would be a guess (land area)."""
    if q.unit is None:
        if dimension == "area_strict":
            return None
        if dimension == "money" and q.magnitude:  # 5.2亿 = 5.2亿元
            return round(q.value / 1e4, 4)
        if dimension == "electricity" and q.magnitude:  # 300万 = 300万千瓦时
            return round(q.value / 1e4, 4)
        return q.value
    unit_dim, factor = UNITS[q.unit.lower()]
    wanted = "area" if dimension == "area_strict" else dimension
    if unit_dim != wanted:
        return None
    value = q.value * factor
    if dimension in ("money", "electricity"):  # 万元, 万kWh
        value /= 1e4
    return round(value, 4)


# ---- months and durations (jionlp's time extraction, with today as the time base) ---------------

_DURATION_CUE = re.compile(r"(?:工期|建设期|建设周期|周期|建期|用时|需要|为期|计划)\s*(?:为|是|约|大约|大概)?\s*$")
_MONTH_SAID = re.compile(r"月|底|末|初|半年|季|\d[./-]\d")  # a bare year ("2027年开工") does not say the month
_EDGE_END = re.compile(r"底|末|上半年")                    # 年底/年末/上半年 name the last month of the span
# A quarter ("明年二季度开工", "2028年第四季度竣工") says one month of the works: its first for a start, its last when the
# works end in it (a word of ending right after it).
_QUARTER = re.compile(r"季")
_ENDS_AFTER = re.compile(r"\s*(?:前|内)?\s*(?:竣工|完工|建成|投产|完成|结束|全部建成)")
_ENDS_BEFORE = re.compile(r"(?:竣工|完工|建成|投产)(?:时间|日期)?\s*[:：]?\s*(?:为|是|在)?\s*$")


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    start: int
    end: int
    role: str | None = None  # "start"/"end" when the text said a span (2027年3月至2028年6月)

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


_FULL_WIDTH = str.maketrans(",;:!?", "，；：！？")  # same length: offsets stay valid


@lru_cache(maxsize=8)  # months_in and duration_months read the same message
def _times(text: str, today: date) -> list[dict]:
    base = time.mktime(datetime(today.year, today.month, today.day).timetuple())
    said, where = _seasons(*_edge_years(*_relative_years(*_counted_years(*short_years(text))), today))
    try:  # jionlp splits clauses at Chinese punctuation ("18个月,2027年5月" is one odd time): give it back
        found = jionlp().ner.extract_time(said.translate(_FULL_WIDTH), time_base=base, with_parsing=True)
    except (ValueError, KeyError, IndexError, TypeError):  # a parser error on odd text reads as no time
        return []
    if said is text:
        return found
    return [{**t, "offset": [where[t["offset"][0]], where[t["offset"][1]]]} for t in found]


_RELATIVE = {e["word"]: int(e["shift"]) for e in read_words("relative_years")}
_RELATIVE_YEAR = re.compile("|".join(sorted(map(re.escape, _RELATIVE), key=len, reverse=True)))
_NAMED_YEAR = re.compile(r"(?<![\d〇○零一二三四五六七八九])((?:19|20)\d{2}|[一二][〇○零九][〇○零一二三四五六七八九]{2})"
                         r"(?:\s*年|[./-]\d)")
_DIGIT_BY_CHAR = str.maketrans("〇○零一二三四五六七八九", "000123456789")  # 二〇二七 read digit by digit


def _relative_years(text: str, where: list[int]) -> tuple[str, list[int]]:
    """当年/次年… after a year named earlier in the text, written as that year (or the next): jionlp reads
    them against today. where maps positions of text to the original message (empty: the same)."""
    spans = []
    for m in _RELATIVE_YEAR.finditer(text):
        before = list(_NAMED_YEAR.finditer(text, 0, m.start()))
        if before:
            spans.append((m.start(), m.end(), f"{int(before[-1][1].translate(_DIGIT_BY_CHAR)) + _RELATIVE[m[0]]}年"))
    return _rewritten(text, where, spans)


def _rewritten(text: str, where: list[int], spans: list[tuple[int, int, str]]) -> tuple[str, list[int]]:
    """The text with each (start, end, new) span replaced, in order, and for each position of the result the
    position in the original message (where maps the text's own positions to it; empty: the same)."""
    if not spans:
        return text, where
    out, positions, pos = [], [], 0
    for start, end, new in spans:
        out += [text[pos:start], new]
        positions += [*range(pos, start), *[start] * len(new)]
        pos = end
    out.append(text[pos:])
    positions += range(pos, len(text) + 1)
    return "".join(out), [where[p] for p in positions] if where else positions


_SEASON = {e["word"]: int(e["month"]) for e in read_words("seasons")}
_SEASON_AFTER_YEAR = re.compile(r"(?<=年)(?:" + "|".join(map(re.escape, _SEASON)) + ")")


def _seasons(text: str, where: list[int]) -> tuple[str, list[int]]:
    """"2027年开春" written as "2027年3月" (words/seasons.yaml): right after a year, a season is its first month."""
    return _rewritten(text, where, [(m.start(), m.end(), f"{_SEASON[m[0]]}月") for m in _SEASON_AFTER_YEAR.finditer(text)])


# 年底/年末/年初/年中 with no year of its own: the year said last before it ("明年三月开工 年底建完" is next year's end).
_BARE_EDGE = re.compile(r"(?<![\d〇○零一二三四五六七八九十今明后去前当同次翌该本每])年(?=底|末|初|中)")
_SPOKEN_YEAR = {"前年": -2, "去年": -1, "今年": 0, "明年": 1, "后年": 2}
_SPOKEN_YEAR_RE = re.compile("|".join(_SPOKEN_YEAR))


def _edge_years(text: str, where: list[int], today: date) -> tuple[str, list[int]]:
    """A bare 年底 after a named (2027年) or spoken (明年) year written as that year's; without one it is left
    to jionlp (this year's). where maps positions of text to the original message (empty: the same)."""
    spans = []
    for m in _BARE_EDGE.finditer(text):
        years = [(y.start(), int(y[1].translate(_DIGIT_BY_CHAR))) for y in _NAMED_YEAR.finditer(text, 0, m.start())]
        years += [(y.start(), today.year + _SPOKEN_YEAR[y[0]]) for y in _SPOKEN_YEAR_RE.finditer(text, 0, m.start())]
        if years:
            spans.append((m.start(), m.end(), f"{max(years)[1]}年"))
    return _rewritten(text, where, spans)


# A year said as a counted number, 两千零二十七年 (jionlp reads 二〇二七年 and 2027年, not this).
_COUNTED_YEAR = re.compile(r"[两二贰][千仟][零〇]?[一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,3}(?=年)")


# A span of months with two-digit years, as terse notes write it ("27.3-27.12", "26.10~28.6"): the years of this
# century's projects (2020-2039), months 1-12, the end not before the start, and no unit after it (27.3-27.12亩
# is a range of figures).
_SHORT_SPAN = re.compile(rf"(?<![\d.])(?P<y1>[23]\d)\.(?P<m1>\d{{1,2}})\s*(?:-|~|～|—|至|到)\s*"
                         rf"(?P<y2>[23]\d)\.(?P<m2>\d{{1,2}})(?![\d.]|\s*(?:[万亿%]|{_UNIT_RE}))", re.I)


def short_years(text: str) -> tuple[str, list[int]]:
    """The text with each such span's years written in full ("2027.3-2027.12"), and the positions map."""
    spans = []
    for m in _SHORT_SPAN.finditer(text):
        y1, m1, y2, m2 = (int(m[k]) for k in ("y1", "m1", "y2", "m2"))
        if 1 <= m1 <= 12 and 1 <= m2 <= 12 and (y1, m1) < (y2, m2):
            spans += [(m.start("y1"), m.end("y1"), f"20{m['y1']}"), (m.start("y2"), m.end("y2"), f"20{m['y2']}")]
    return _rewritten(text, [], spans)


def _counted_years(text: str, where: list[int]) -> tuple[str, list[int]]:
    """The text with counted years in digits, and for each position of it the position in the message (where maps
    the text's positions to it; empty: the same)."""
    spans = []
    for m in _COUNTED_YEAR.finditer(text):
        try:
            spans.append((m.start(), m.end(), str(int(cn2an.cn2an(m[0].replace("〇", "零"), "smart")))))
        except (ValueError, KeyError, IndexError):
            continue
    return _rewritten(text, where, spans)


_STAMP = re.compile(r"\d{4}-\d{2}")  # a year-month of jionlp's stamps ("2027-04"); open spans end in "inf"


def _month(stamp: str, start: int, end: int, role: str | None = None) -> Month:
    return Month(int(stamp[:4]), int(stamp[5:7]), start, end, role)


def months_in(text: str, today: date) -> list[Month]:
    """Months said in the text: 2027年3月, 明年三月, 二〇二七年三月, 27年4月, 2027.05-2028.12, 明年年底."""
    if not re.search(r"年|\d[./-]\d", text):
        return []
    out = []
    for t in _times(text, today):
        detail, (start, end) = t["detail"], t["offset"]
        if detail["type"] not in ("time_point", "time_span") or not _MONTH_SAID.search(t["text"]):
            continue
        first, last = detail["time"][0][:7], detail["time"][1][:7]
        closed_start, closed_end = _STAMP.fullmatch(first), _STAMP.fullmatch(last)
        if not (closed_start and closed_end):
            # an open span ("2027年4月开始", "…起": jionlp's end is "inf") says one month, where the period starts
            # or ends
            if closed_start or closed_end:
                out.append(_month(first, start, end, "start") if closed_start else _month(last, start, end, "end"))
            continue
        if first == last:
            out.append(_month(first, start, end))
        elif _QUARTER.search(t["text"]):
            ends = _ENDS_AFTER.match(text, end) or _ENDS_BEFORE.search(text[max(0, start - 10):start])
            out.append(_month(last if ends else first, start, end))
        elif detail["definition"] == "blur":  # 年底, 上半年: one month of the span
            out.append(_month(last if _EDGE_END.search(t["text"]) else first, start, end))
        else:
            out += [_month(first, start, end, "start"), _month(last, start, end, "end")]
    return out


def delta_months(text: str, today: date) -> int | None:
    """The months of a span of time said alone ("两个月", "一个半月", "1年"), by jionlp; None when none is said."""
    for t in _times(text, today):
        if t["detail"]["type"] == "time_delta":
            delta = t["detail"]["time"]
            months = delta.get("year", 0) * 12 + delta.get("month", 0)
            return int(months) if isinstance(months, (int, float)) and 0 < months <= 120 else None
    return None


def duration_months(text: str, today: date) -> tuple[int, int, int] | None:
    """(months, start, end) for 工期18个月 / 建设期两年 / 工期一年半 (a duration needs its cue word)."""
    if not re.search(r"月|年", text):
        return None
    for t in _times(text, today):
        start, end = t["offset"]
        if t["detail"]["type"] != "time_delta" or not _DURATION_CUE.search(text[max(0, start - 8):start]):
            continue
        delta = t["detail"]["time"]
        months = delta.get("year", 0) * 12 + delta.get("month", 0)
        if isinstance(months, (int, float)) and 0 < months <= 120:
            return int(months), start, end
    return None


def add_months(iso: str, months: int) -> str:
    year, month = map(int, iso.split("-"))
    total = year * 12 + month - 1 + months
    return f"{total // 12:04d}-{total % 12 + 1:02d}"

"""Values said roughly, then exactly in the same sentence: "总投资十来个亿，备案写的是11.6亿元", "用电七千多万度，报告里
准确是7350万千瓦时", "大概明年上半年开工……按排的计划是2027年5月开工", and a share before its amount ("占总投资的八成，
计33600万元"). The exact value is the value: what comes before it is dropped before reading, so that it stands
after the label."""

from __future__ import annotations

import re

from bot.intake.lexicon import LABEL_OF, LABEL_RE
from bot.intake.units import UNITS, Quantity, quantities

_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
# A figure in digits or Chinese numerals, perhaps vague (九个多亿, 十来万), with its unit and an approximation after.
_FIGURE = re.compile(rf"[\d.零〇一二两三四五六七八九十百千万亿]+个?(?P<vague>[多余来])?[万亿千百]*\s*(?P<unit>{_UNIT})?"
                     r"(?P<approx>\s*(?:左右|上下|的样子|出头))?", re.I)
# Two neighbouring digits for a range: 八九万, 一百二三十, 五六百.
_NEIGHBOURS = re.compile(r"([一二三四五六七八九])(?!\1)[一二三四五六七八九](?=[十百千万亿])")
_HEDGE_BEFORE = re.compile(r"(?:大概|大约|约|差不多|将近|接近|估计|估摸|预计)\s*$")
# What stands between the rough figure and the exact one: words only, no sentence end, ending as a statement of
# the figure (…是, …为, …写的是); a part of the whole (其中, 包括, 另有…) is another figure, not the exact one.
_BETWEEN = re.compile(r"(?![^\d。;；!?！？\n]*(?:其中|当中|里面|里头|包括|包含|含|另外|另有|还有|以及|加上))"
                      r"[^\d。;；!?！？\n]{0,22}(?:是|为|:)\s*")
_SENTENCE = re.compile(r"[^。;；!?！？\n]+")


def _hedged(text: str, start: int) -> int | None:
    """Where a hedge said just before a figure starts."""
    hedge = _HEDGE_BEFORE.search(text, 0, start)
    return hedge.start() if hedge else None


def _rough_before(text: str, start: int, exact: Quantity) -> int | None:
    """Where the rough figure of exact's kind that the words up to exact follow starts, or None."""
    figures = list(_FIGURE.finditer(text, start, exact.start))
    figure = figures[-1] if figures else None
    if figure is None or not _BETWEEN.fullmatch(text, figure.end(), exact.start) \
            or _names_another_field(text, start, figure.start(), exact.start):
        return None  # no figure just before, or the words between name another field: another value
    unit = figure["unit"]
    if unit and UNITS[unit.lower()][0] != exact.dimension:
        return None
    hedge = _hedged(text, figure.start())
    rough = hedge is not None or figure["vague"] or figure["approx"] or _NEIGHBOURS.search(figure[0])
    return (figure.start() if hedge is None else hedge) if rough else None


def _names_another_field(text: str, start: int, rough: int, exact: int) -> bool:
    """Whether the words between the rough figure and the exact one name a field other than the one named before
    the rough figure ("土方十万方上下，勘察报告算的挖填总量是9.8万立方米" names earthwork twice)."""
    before = [LABEL_OF[m[0].lower()] for m in LABEL_RE.finditer(text, start, rough)]
    between = {LABEL_OF[m[0].lower()] for m in LABEL_RE.finditer(text, rough, exact)}
    return bool(between) and (not before or between != {before[-1]})


def _settle_figures(text: str) -> str:
    """The text with each rough figure followed by an exact one of its kind, in one sentence, cut to the exact one."""
    cuts: list[tuple[int, int]] = []
    for sentence in _SENTENCE.finditer(text):
        for exact in quantities(sentence[0], sentence.start()):
            if _hedged(text, exact.start) is None and \
                    (start := _rough_before(text, sentence.start(), exact)) is not None:
                cuts.append((start, exact.start))
    for start, end in reversed(cuts):
        text = text[:start] + text[end:]
    return text


# The same for the works' dates: "大概明年上半年开工，两年左右建完，按排的计划是2027年5月开工、2029年4月竣工" - the rough
# clauses go when a later clause of the sentence dates the works by year and month.
_WORKS_TIME = re.compile(r"开工|动工|开建|竣工|完工|建成|建完|投产|工期|建设期")
_ROUGH_TIME = re.compile(r"大概|大约|约|差不多|估计|左右|上下|前后|来月|多月")
_EXACT_MONTH = re.compile(r"\d{4}\s*(?:年\s*\d{1,2}\s*月|[./-]\d{1,2}(?!\d))")
_CLAUSE = re.compile(r"[^,]+,?")


def _settle_dates(text: str) -> str:
    """The text without the rough clauses about the works' dates that a dated clause after them settles."""
    out: list[str] = []
    for sentence in re.split(r"([。;!?\n])", text):
        clauses = _CLAUSE.findall(sentence)
        exact = [bool(_EXACT_MONTH.search(c) and _WORKS_TIME.search(c) and not _ROUGH_TIME.search(c)) for c in clauses]
        out.append("".join(c for i, c in enumerate(clauses)
                           if not (_ROUGH_TIME.search(c) and _WORKS_TIME.search(c) and any(exact[i + 1:]))))
    return "".join(out)


# A share of another figure, then the amount: "固定资产投资拟占总投资的八成，计33600万元", "占总投资的85%，即2.9亿元".
_SHARE_THEN_AMOUNT = re.compile(r"(?:拟|约|大约|将)?占[^,;。\d]{0,8}?的?(?:\d+(?:\.\d+)?%|百分之[零一二两三四五六七八九十点]+"
                                r"|[一二两三四五六七八九]成[一二三四五六七八九]?)\s*[,，]?\s*(?:计|合计|共计|即|约|为|折合|合)\s*(?=\d)")


def _settle_shares(text: str) -> str:
    """The text with a share said before its amount dropped, so the amount stands after the label."""
    return _SHARE_THEN_AMOUNT.sub("", text)


def settle(text: str) -> str:
    """The text with rough figures and dates, and shares, that an exact value after them settles, dropped."""
    return _settle_shares(_settle_dates(_settle_figures(text)))

"""A total the user asks us to add up from the parts they list: "建筑面积只有分栋的：1号厂房21600㎡，2号厂房13800㎡…
总数你帮我加一下", "总投资就是这五项加起来，固定资产投资是除了铺底流动资金以外的那四项". Only when the message asks
for the sum (lexicon.SUM_ASKED): parts are never added on a guess."""

from __future__ import annotations

import re

from bot.intake.extraction import Extraction
from bot.intake.lexicon import DELIM, LABELS, NUMERIC, SUM_ASKED, SUM_EXCEPT
from bot.intake.units import Quantity, quantities, to_canonical

_SENTENCE_END = re.compile(r"[。!?\n]")
# The numeric fields' Chinese labels, found here even with no figure after them ("总投资就是这五项加起来").
_NUMERIC_LABEL = re.compile("|".join(sorted((re.escape(w) for f in NUMERIC for w in LABELS[f] if not w.isascii()),
                                            key=len, reverse=True)))
_FIELD_OF = {w: f for f in NUMERIC for w in LABELS[f]}


def read_sums(text: str, out: Extraction) -> None:
    ask = SUM_ASKED.search(text)
    if ask is None or re.match(r"[是为约共:\s]*\d", text[ask.end():]):
        return  # "土建5000万，设备7000万，加起来1.2亿": the total is said, nothing to add
    labels = [(_FIELD_OF[m[0]], m.start(), m.end()) for m in _NUMERIC_LABEL.finditer(text)]
    asked = [lab for lab in labels if lab[0] in NUMERIC and lab[1] < ask.end()]
    if not asked:
        return
    fid, label_start, label_end = asked[-1]
    parts = _parts(text, fid, label_end, ask.start())  # "建筑面积只有分栋的：…21600㎡，…13800㎡。总数你帮我加一下"
    if len(parts) < 2:  # "…预备费1200万。总投资就是这五项加起来": the parts are in the sentence before the label's
        sentence = _sentence_start(text, label_start)
        parts = _parts(text, fid, _sentence_start(text, max(sentence - 1, 0)), sentence)
    if len(parts) < 2:
        return
    _put_sum(fid, [v for _, v in parts], ask.start(), out)
    for other, start, end in labels:  # "固定资产投资是除了铺底流动资金以外的那四项": the same parts, one left out
        if other == fid or NUMERIC.get(other) != NUMERIC[fid] or start < ask.start():
            continue
        if (m := SUM_EXCEPT.match(text, end)) is not None:
            kept = [v for name, v in parts if m["left"] not in name]
            if len(kept) < len(parts):
                _put_sum(other, kept, start, out)


def _put_sum(fid: str, values: list[float], at: int, out: Extraction) -> None:
    out.values[fid] = round(sum(values), 4)
    out.where[fid] = at
    out.conflicts.pop(fid, None)
    out.errors.pop(fid, None)


def _parts(text: str, fid: str, start: int, stop: int) -> list[tuple[str, float]]:
    """(the words naming the part, its value) for each figure of the field's dimension between start and stop."""
    found = []
    for q in quantities(text[start:stop], start):
        value = _canonical(q, NUMERIC[fid])
        if value is not None:
            clause = max(text.rfind(d, start, q.start) for d in DELIM)
            found.append((text[max(clause + 1, start):q.start], value))
    return found


def _canonical(q: Quantity, dimension: str) -> float | None:
    return None if q.negative or (dimension != "money" and q.unit is None) else to_canonical(q, dimension)


def _sentence_start(text: str, pos: int) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, pos)]
    return ends[-1] if ends else 0


# "固定资产投资占总投资的87.5%", "其中固定资产投资为总投资的90%": one figure given as a share of another field's.
_SHARE = re.compile(rf"(?P<part>{_NUMERIC_LABEL.pattern})(?:约|大约)?(?:占|为|是)(?P<whole>{_NUMERIC_LABEL.pattern})"
                    r"(?:的|之)?(?:比例|比重)?(?:为|是|约)?\s*(?P<pct>\d{1,3}(?:\.\d+)?)\s*[%％]")


def read_shares(text: str, out: Extraction) -> None:
    """A field said as a percentage of another of the same dimension whose figure the message gives: the share's
    figure is computed, and a reading of the percentage as the other field's figure (a conflict) is dropped."""
    for m in _SHARE.finditer(text):
        part, whole, pct = _FIELD_OF[m["part"]], _FIELD_OF[m["whole"]], float(m["pct"])
        if part == whole or NUMERIC[part] != NUMERIC[whole] or not 0 < pct <= 100:
            continue
        said = out.conflicts.get(whole)
        if said is not None and pct in said:  # "总投资的87.5%" read as a second 总投资 of 87.5
            out.values[whole] = next(v for v in said if v != pct)
            out.where[whole] = out.where.get(whole, 0)
            out.conflicts.pop(whole)
        value = out.values.get(whole)
        if isinstance(value, (int, float)) and value != pct:
            _put_sum(part, [value * pct / 100], m.start(), out)
            out.claim(m.start(), m.end())

"""Bare values one a line, in the form's order but not the order asked ("3.8亿\n3.15亿" while the products were
asked; "…1900万kWh\n市政\n园区污水处理厂"): a line nothing else read is the value of an open field it fits by
its own shape, taken in the form's order between the fields its neighbouring lines gave.

Only a fit by shape counts: a quantity with a unit of the field's dimension (a bare 亿 or 万 is money), an option
of an enum, a code of its pattern. A line that fits no open field there is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.intake.extraction import Extraction
from bot.intake.lexicon import NUMERIC
from bot.intake.units import quantities
from knowledge.fields import FIELD_IDS

Fits = Callable[[str, str], bool]
Read = Callable[[str, str, int, Extraction], None]

_LINE = re.compile(r"[^\n]+")


def unit_fits(fid: str, piece: str) -> bool:
    """Whether a lone quantity says by its unit that it is this numeric field's ("3.2万m2" an area, "3.8亿" money)."""
    found = quantities(piece)
    if len(found) != 1 or piece[:found[0].start].strip() or piece[found[0].end:].strip():
        return False
    q, dimension = found[0], NUMERIC[fid].replace("area_strict", "area")
    if q.unit is None:
        return dimension == "money" and q.magnitude
    return q.dimension == dimension


def read_bare_lines(text: str, open_fields: Sequence[str], fits: Fits, read: Read, out: Extraction) -> None:
    """fits(fid, piece): whether a piece has the shape of the field; read: the field's reading of a whole answer."""
    lines = [m for m in _LINE.finditer(text) if m[0].strip()]
    if len(lines) < 2:
        return
    order = {fid: n for n, fid in enumerate(FIELD_IDS)}
    given = [_fields_at(out, m.start(), m.end(), order) for m in lines]
    for i, m in enumerate(lines):
        if given[i] or not out.unclaimed(m.start(), m.end()):
            continue
        after = max((max(g) for g in given[:i] if g), default=-1)
        before = min((min(g) for g in given[i + 1:] if g), default=len(FIELD_IDS))
        piece = m[0].strip()
        for fid in (f for f in FIELD_IDS if after < order[f] < before and f in open_fields and f not in out.values
                    and f != "construction_period"):  # read by its own reader, which knows months
            if (unit_fits(fid, piece) if fid in NUMERIC else fits(fid, piece)):
                read(fid, piece, m.start() + m[0].index(piece), out)
                if fid in out.values:
                    given[i] = [order[fid]]
                    break


def _fields_at(out: Extraction, start: int, end: int, order: dict[str, int]) -> list[int]:
    """The form positions of the fields read from this span of the message."""
    return [order[f] for f, at in out.where.items() if start <= at < end and f in out.values and f in order]

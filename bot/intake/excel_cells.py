"""Cells of a spreadsheet pasted as Excel displays them, not as they hold their values: "########" when the column is
too narrow for the figure, "1.59672E+10" or "7.20E+07" when a long number is shown in scientific notation, and
"46508" when a date cell is formatted as a plain number (Excel counts days from 1899-12-30). A figure in scientific
notation is the number it stands for, but a phone or code so shown has lost its last digits, and "#####" shows
nothing: such cells are no value (the field is asked for) rather than a wrong one."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.intake.lexicon import LABEL_OF

_HIDDEN = re.compile(r"#{3,}")
_SCIENTIFIC = re.compile(r"(\d(?:\.\d+)?)[Ee]\+(\d{1,2})")
# Fields whose value is a string of digits or letters: scientific notation keeps only its first few.
_DIGIT_STRINGS = frozenset({"contact_phone", "uscc", "land_parcel_no", "industry_code"})
# Excel's day 0 (its serial numbers count from here, its 1900 leap-year bug included) and the serials of
# 2000-01-01 and 2099-12-31: a five-digit number in that span under a date header is a date.
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIALS = range(36526, 73051)


def excel_cell(label: str, value: str, dated: bool) -> str | None:
    """The value a cell under label holds, or None when Excel's display hides it; dated: the header names a date."""
    text = value.strip()
    if _HIDDEN.fullmatch(text):
        return None
    if m := _SCIENTIFIC.fullmatch(text):
        if LABEL_OF.get(label.lower()) in _DIGIT_STRINGS:
            return None
        return f"{float(m[1]) * 10 ** int(m[2]):.0f}"
    if dated and text.isdigit() and int(text) in _SERIALS:
        day = _EXCEL_EPOCH + timedelta(days=int(text))
        return f"{day.year}年{day.month}月{day.day}日"
    return value

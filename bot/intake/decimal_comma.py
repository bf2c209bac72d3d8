"""Figures and dates written the continental-European way, as a German or French ERP (SAP in German) exports them:
a comma is the decimal point and a dot groups thousands ("38.760,00 m²", "425.000.000,00 CNY", "5,35 ha"), and a
date is day.month.year ("01.05.2027"). Read the Chinese way, "38.760,00" is 38.76 and "5,35" two numbers, so a
message is rewritten with its figures in the form the unit reader knows, but only when it holds a figure that can
be European only (dot groups then a decimal comma, or two dot groups or more): "1.5亿" or "3,200平方米" alone
decides nothing. A day.month.year date is unambiguous (Chinese writes year.month) and is always rewritten."""

from __future__ import annotations

import re

# A figure that can only be European: dot-grouped thousands with a decimal comma ("1.234,5"), or two dot groups
# or more ("12.450.000"). Not inside a longer run of digits, dots and commas (a version, a code).
_EUROPEAN_ONLY = re.compile(r"(?<![\d.,])\d{1,3}(?:(?:\.\d{3})+,\d+|(?:\.\d{3}){2,})(?![\d.,]*\d)")
# Any figure of a European message: dot-grouped thousands with or without decimals, or a decimal comma alone.
_EUROPEAN = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)(?![\d.,]*\d)")
# day.month.year: "01.05.2027", "1.5.2027".
_DAY_MONTH_YEAR = re.compile(r"(?<![\d.])(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d\d)(?![\d.]*\d)")


def _figure(m: re.Match[str]) -> str:
    return m[0].replace(".", "").replace(",", ".")


def european_figures(text: str) -> str:
    """The text with day.month.year dates as year-month-day and, in a message holding a figure that can only be
    European, every European figure in the Chinese way ("38.760,00" -> "38760.00")."""
    text = _DAY_MONTH_YEAR.sub(lambda m: f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", text)
    if _EUROPEAN_ONLY.search(text) is None:
        return text
    return _EUROPEAN.sub(_figure, text)

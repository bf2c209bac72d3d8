"""Figures grouped by 万 rather than by thousands: Chinese accountants often put a comma every four digits, the way
the number is said ("2,8600,0000.00元" is 2亿8600万元, "4,6000平方米" is 4万6000). Read the international way,
a four-digit group after a comma is no figure at all ("4,6000" would become 4 and 6000), so a figure whose every
group after the first has exactly four digits can only be grouped by 万 and loses its commas. A thousands-grouped
("46,000") or European ("1.234,5") figure never has such a group, so neither is touched."""

from __future__ import annotations

import re

# One to four digits, then one or more ",dddd" groups, perhaps decimals; not part of a longer run of digits,
# dots and commas (a code, a list "1,2,3"), of a date ("2027/6/1") nor glued to Latin letters (a licence code).
_WAN_GROUPED = re.compile(r"(?<![\dA-Za-z.,，/\-])\d{1,4}(?:,\d{4})+(?:\.\d+)?(?![\d,]*\d)(?!\.\d)")
# A comma with a non-digit beside it: Chinese prose writes "，", so two of them make a line a comma-separated row
# ("…,72,5860,…"), whose commas part cells, not groups of digits.
_CELL_COMMA = re.compile(r"[^\d\s],|,[^\d\s]")


def _line(line: str) -> str:
    if len(_CELL_COMMA.findall(line)) >= 2:
        return line
    return _WAN_GROUPED.sub(lambda m: m[0].replace(",", ""), line)


def wan_grouped_figures(text: str) -> str:
    """The text with every 万-grouped figure written without its commas ("3,2400" -> "32400"), except in
    comma-separated rows."""
    return "\n".join(_line(line) for line in text.split("\n"))

"""A fixed-width report printed from an ERP system and copied as text: per page a title, a column header
("字段编码  字段名称  字段值") over a dashed rule of one group per column, then one row per field (a code, the
label, the value), a long value wrapped onto indented lines below its row, and a footer after a full rule. The rows
are rewritten as "label:value" pairs, which the labelled reader understands; a value wrapped across a page break
is joined over the footer and the next page's header, and the page furniture (headers, footers) is dropped: a title
naming the company or the form would read as a second value. A page
that is not the last ("第 1 页 共 2 页") holds its last row back, since its value may go on in the next page."""

from __future__ import annotations

import re

from bot.intake.table import _pair

# The rule under the column header: one group of dashes per column ("------------  -------  ------").
_COLUMN_RULE = re.compile(r"[ \t]*-{3,}(?:[ \t]+-{3,}){2,}[ \t]*")
# A full rule closing the page's table (the footer follows) or opening a page.
_FULL_RULE = re.compile(r"[ \t]*(?:-{10,}|={10,})[ \t]*")
# A row: the field's code in capitals, its label and its value, the cells apart by two spaces or more.
_ROW = re.compile(r"(?P<code>[A-Z][A-Z0-9_]{1,30})[ \t]{2,}(?P<label>\S+)[ \t]{2,}(?P<value>\S.*)")
_WRAPPED = re.compile(r"[ \t]{2,}(?P<value>\S.*)")
_PAGE = re.compile(r"第\s*(\d{1,3})\s*页\s*[,，/]?\s*共\s*(\d{1,3})\s*页")
# An option's number in the system's enum before its name ("01-新建", "3-生产或储存"): the name is the value.
_ENUM_NO = re.compile(r"^\d{1,3}\s*-\s*(?=[\u4e00-\u9fa5])")
# A month written as YYYYMM under a label saying so ("计划开工(YYYYMM)  202706").
_YYYYMM = re.compile(r"(20\d\d)(0[1-9]|1[0-2])")
# One row is enough: the dashed rule of three columns over it says this is a printout.
_MIN_ROWS = 1
# How far above the column rule a page's header (title, print date, page number) opens with a full rule.
_HEADER_LINES = 8


def _rows(lines: list[str]) -> tuple[list[list[str]], int, int] | None:
    """The [label, value] rows of the printout's tables, and the first and last line they span; None when the text
    holds no such table. Lines between one page's table and the next are furniture."""
    rows: list[list[str]] = []
    first = last = -1
    inside = False
    for n, line in enumerate(lines):
        if _COLUMN_RULE.fullmatch(line):
            inside, first = True, n if first < 0 else first
        elif inside and _FULL_RULE.fullmatch(line):
            inside, last = False, n
        elif inside and (row := _ROW.fullmatch(line)):
            rows.append([row["label"], row["value"].rstrip()])
            last = n
        elif inside and rows and (wrapped := _WRAPPED.fullmatch(line)):
            rows[-1][1] += wrapped["value"].rstrip()  # a wrapped value, on this page or where the last page left it
            last = n
    return (rows, first, last) if len(rows) >= _MIN_ROWS else None


def _pair_of(label: str, value: str) -> str | None:
    value = _ENUM_NO.sub("", value)
    if "YYYYMM" in label.upper() and (month := _YYYYMM.fullmatch(value)):
        value = f"{month[1]}-{month[2]}"
    return _pair(label, value)


def read_printout(text: str) -> str:
    """The text with a fixed-width report's rows as "label:value" pairs; unchanged when it holds none."""
    lines = text.split("\n")
    found = _rows(lines)
    if found is None:
        return text
    rows, first, last = found
    read = ";".join(p for label, value in rows if (p := _pair_of(label, value)))
    head = next((n for n in range(max(0, first - _HEADER_LINES), first) if _FULL_RULE.fullmatch(lines[n])), first)
    end = last + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t" or _FULL_RULE.fullmatch(lines[end])):
        end += 1  # the footer ("制表：… 审核："), indented under the closing rule
    return "\n".join([*lines[:head], read, *lines[end:]])


def held_page(text: str) -> tuple[str, str] | None:
    """(the text without its table's last row, that row) for a page that says another follows, else None."""
    page = _PAGE.search(text)
    if page is None or int(page[1]) >= int(page[2]):
        return None
    lines = text.split("\n")
    found = _rows(lines)
    if found is None:
        return None
    starts = [n for n, line in enumerate(lines) if _ROW.fullmatch(line)]
    end = starts[-1] + 1
    while end < len(lines) and _WRAPPED.fullmatch(lines[end]) and not _FULL_RULE.fullmatch(lines[end]):
        end += 1
    return "\n".join([*lines[:starts[-1]], *lines[end:]]), "\n".join(lines[starts[-1]:end])


def continued_page(tail: str, text: str) -> str | None:
    """The next page with the row held back put back where its table begins, so its wrapped lines join it; None
    when the tail is no printout row or the text no page of a printout."""
    lines = text.split("\n")
    if not _ROW.fullmatch(tail.split("\n")[0]):
        return None
    rule = next((n for n, line in enumerate(lines) if _COLUMN_RULE.fullmatch(line)), None)
    if rule is None:
        return None
    return "\n".join([*lines[:rule + 1], tail, *lines[rule + 1:]])

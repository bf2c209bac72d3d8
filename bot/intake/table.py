"""Rows pasted from a spreadsheet: a line of labels over a line of values, cells split by tabs (or runs of
spaces), or one "label<TAB>value" per line. Rewritten as "label:value" pairs (";" between the pairs of one
row), which the labelled reader understands; a cell under a header that is no known label is dropped rather
than guessed (a wrong value is worse than a question).
"""

from __future__ import annotations

import csv
import re
import unicodedata

from bot.intake.excel_cells import excel_cell
from bot.intake.exported import label_of
from bot.intake.lexicon import LABEL_OF, LABEL_RE

# Cells are split by a tab, a full-width space, or two or more spaces (a copied table or aligned text).
_CELL_SPLIT = re.compile(r"\t|\u3000+| {2,}")
# A unit written in the header: "用地面积(亩)", "总投资（万元）", "土石方(m³)".
_HEADER_UNIT = re.compile(r"\s*[(（]([^()（）]{1,8})[)）]\s*$")
_BARE_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")
# Dates of the construction period have no field label of their own; the period reader reads "开工时间:2027.05".
_PERIOD_HEADER = re.compile(r"(?:计划)?(?:开工|动工|开建|竣工|完工|建成|投产)(?:时间|日期|年月)?")


def _cells(line: str) -> list[str]:
    """A tab-separated line keeps its empty cells (a blank value under its header)."""
    parts = line.rstrip("\r").split("\t") if "\t" in line else _CELL_SPLIT.split(line.strip())
    return [c.strip() for c in parts]


# A sub-row of the row above: "其中：固定资产投资（万元）".
_SUB_ROW = re.compile(r"^其中\s*:?\s*")
# How long a qualifier after a label may be ("土石方挖填总量", "总投资额合计").
_QUALIFIER_CHARS = 4


def _known_name(name: str) -> bool:
    """A known label, or one followed by a short qualifier that names no other field ("土石方挖填总量";
    not "建设单位联系人")."""
    if name.lower() in LABEL_OF or _PERIOD_HEADER.fullmatch(name):
        return True
    head = LABEL_RE.match(name)
    return (head is not None and 0 < len(name) - head.end() <= _QUALIFIER_CHARS
            and LABEL_RE.search(name, head.end()) is None)


def _header_label(cell: str) -> tuple[str, str] | None:
    """(label, unit) when the cell is a known label, perhaps with its unit in brackets."""
    plain = _SUB_ROW.sub("", unicodedata.normalize("NFKC", cell).strip(), count=1).rstrip(":")
    unit = _HEADER_UNIT.search(plain)
    name = plain[:unit.start()] if unit else plain
    return (name, unit[1] if unit else "") if _known_name(name) else None


def _is_header(cells: list[str]) -> bool:
    """Mostly known labels (a stray unknown column is tolerated)."""
    known = sum(_header_label(c) is not None for c in cells)
    return known >= 2 and known * 3 >= len(cells) * 2


def _pair(header: str, value: str) -> str | None:
    found = _header_label(header)
    if found is None or not value:
        return None
    name, unit = found
    shown = excel_cell(name, value, _PERIOD_HEADER.fullmatch(name) is not None)
    if shown is None:
        return None  # "########", a phone shown as 1.59672E+10: no value, so the field is asked for
    value = shown
    if unit and _BARE_NUMBER.fullmatch(unicodedata.normalize("NFKC", value)):
        value += unit  # "用地面积(亩)" over "48": 48亩
    return f"{name}:{value}"


# A form row pasted as one line of "label｜value｜label｜value" cells (a Word table copied with its borders).
_BAR = re.compile(r"\s*[|｜]\s*")
# Tick boxes of a form's options ("□新建 ☑扩建 □技术改造"): the ticked option is the value.
_TICKED = re.compile(r"[☑☒■✓✔√]\s*([^□☐☑☒■✓✔√]+)")
_BOX = re.compile(r"[□☐]")


def _ticked(value: str) -> str:
    """The one ticked option of a row of tick boxes; the value itself when it has none or several."""
    ticked = _TICKED.findall(value)
    if _BOX.search(value) and len(ticked) == 1:
        return ticked[0].strip()
    return value


def _bar_row(line: str) -> str | None:
    """"建设项目名称｜年产…项目｜项目代码｜2704-…｜建设地点｜…" as "label:value" pairs; text before the first
    label (an introduction ending in a colon) is kept. None when the cells do not alternate label/value."""
    cells = _BAR.split(line.strip().strip("|｜"))
    if len(cells) < 4:
        return None
    lead, colon, first = cells[0].rpartition("：") if "：" in cells[0] else cells[0].rpartition(":")
    cells[0] = first if colon else cells[0]
    if colon and not first.strip():  # "表格贴给你：| 建设单位名称 | …": the introduction ends before the first bar
        cells = cells[1:]
    if len(cells) % 2:
        return None
    pairs = list(zip(cells[::2], cells[1::2], strict=True))
    known = sum(_header_label(h) is not None for h, _ in pairs)
    if known < 2 or known * 2 < len(pairs) or any(_header_label(v) for _, v in pairs):
        return None
    read = ";".join(p for h, v in pairs if (p := _pair(h, _ticked(v))))
    return f"{lead}{colon}\n{read}" if colon else read


# A Markdown table: "| 建设单位 | 某某公司 |" rows under a "|---|:--:|" rule line.
_MD_ROW = re.compile(r"\s*\|.*\|\s*")
_MD_RULE = re.compile(r"\s*\|(?:\s*:?-+:?\s*\|)+\s*")


def _markdown_rows(message: str) -> str:
    """Markdown rows as tab-separated cells, which the spreadsheet readers below understand, in a message with
    a rule line (a bar-written row alone is left to the row reader); the rule line goes (it would read as a
    value row under the header)."""
    lines = [line for line in message.split("\n") if not _MD_RULE.fullmatch(line)]
    if len(lines) == message.count("\n") + 1:
        return message
    return "\n".join("\t".join(c.strip() for c in line.strip().strip("|").split("|"))
                     if _MD_ROW.fullmatch(line) and _bar_row(line) is None else line for line in lines)


def _delimited_cells(line: str, sep: str) -> list[str]:
    """A line of an exported CSV split at its separators, a quoted cell kept whole ("…;\"新建A、B;C\"");
    a byte-order mark left by the export (Excel, Notepad) goes."""
    return [c.strip() for c in next(csv.reader([line.lstrip("\ufeff")], delimiter=sep), [])]


# A column named the way a database names it (unit_name, land_area_mu, total_inv_10k_cny).
_ASCII_KEY = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)*")


def _named_header(cell: str) -> str:
    """A header cell as the labelled reader's label: a system's English column name (exported.label_of) as its
    Chinese label with the unit the name holds ("land_area_mu" -> "用地面积（亩）", which the bare "gfa" of
    "gfa_m2" would lose); any other cell as it is."""
    found = label_of([cell]) if _ASCII_KEY.fullmatch(cell) else None
    if found is None:
        return cell
    label, unit = found
    return f"{label}（{unit}）" if unit else label


def _delimited_rows(message: str, sep: str) -> str:
    """A CSV exported with ";" (or ",") between its cells, as the tab-separated rows the readers below understand: a
    header of labels (or of a system's English column names) over one or more rows of values, each later row (a
    newer version) overriding the earlier ones in the cells it fills (an empty cell keeps the value above), read as
    one row; or, for ";", "label;value" lines under any header. Lines that are no such table stay as they are (a
    separator in prose separates clauses)."""
    lines = message.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        cells = [_named_header(c) for c in _delimited_cells(lines[i], sep)] if sep in lines[i] else []
        rows: list[list[str]] = []
        while len(cells) >= 2 and i + 1 + len(rows) < len(lines) and sep in lines[i + 1 + len(rows)]:
            row = _delimited_cells(lines[i + 1 + len(rows)], sep)
            if len(row) != len(cells):
                break
            rows.append(row)
        if rows and len(cells) >= 3 and _is_header(cells) and not any(_is_header(r) for r in rows):
            merged = [next((r[k] for r in reversed(rows) if r[k]), "") for k in range(len(cells))]
            out += ["\t".join(cells), "\t".join(merged)]
        elif (sep == ";" and rows and len(cells) == 2
              and all(_header_label(r[0]) and not _header_label(r[1]) for r in rows)):
            pairs = [cells, *rows] if _header_label(cells[0]) and not _header_label(cells[1]) else rows
            out += ["\t".join(r) for r in pairs]  # "label;value" lines, under a header such as "字段;内容"
        else:
            out += lines[i:i + 1 + len(rows)]  # the whole run: each line is split once, however long the paste
        i += 1 + len(rows)
    return "\n".join(out)


# Fewer label lines than this in a row are prose lines that happen to be labels, not a column copied whole.
_MIN_COLUMN = 3


def _split_columns(message: str) -> str:
    """A two-column form copied from a PDF comes out one column after the other: a run of label lines (each line a
    known label alone, perhaps with its unit in brackets), then as many value lines in the same order. The n-th value
    is paired with the n-th label (";" between the pairs, as for a row); lines after the values (a page footer) stay.
    The run is read only when the lines after it hold that many values and none of them is a label."""
    lines = message.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        n = 0
        while i + n < len(lines) and _header_label(lines[i + n]) is not None and "\t" not in lines[i + n]:
            n += 1
        values = lines[i + n:i + 2 * n]
        if n >= _MIN_COLUMN and len(values) == n and all(v.strip() and _header_label(v) is None for v in values):
            out.append(";".join(p for h, v in zip(lines[i:i + n], values, strict=True) if (p := _pair(h, v.strip()))))
            i += 2 * n
            continue
        out += lines[i:i + max(n, 1)]
        i += max(n, 1)
    return "\n".join(out)


# A column of a comparison table holding one alternative: "方案A", "方案二", "选项1", "Option B".
_ALTERNATIVE = re.compile(r"(?:比选|备选)?(?:方案|选项|Option|Plan)\s*[A-Da-d一二三四1-4]", re.I)


def _alternatives(message: str) -> str:
    """A comparison table ("指标 | 方案A | 方案B", then one row per field: its label, then each alternative's value)
    as one block per alternative ("方案A：label:value;…"), the way two alternatives are written out in prose, so
    the fields that differ are asked about (or picked: "走方案B") like two projects in one message."""
    lines = message.split("\n")
    for i, line in enumerate(lines):
        head = _cells(line)
        if len(head) < 3 or not all(_ALTERNATIVE.fullmatch(c) for c in head[1:]) or _header_label(head[0]):
            continue
        rows = []
        for below in lines[i + 1:]:
            cells = _cells(below)
            if len(cells) != len(head) or _header_label(cells[0]) is None:
                break
            rows.append(cells)
        if len(rows) < 2:
            continue
        blocks = [f"{name}：" + ";".join(p for row in rows if (p := _pair(row[0], row[k])))
                  for k, name in enumerate(head[1:], 1)]
        return "\n".join([*lines[:i], *blocks, *lines[i + 1 + len(rows):]])
    return message


def read_table(message: str) -> str:
    """The message with its table rows rewritten as "label:value" lines; unchanged when it has none."""
    message = _delimited_rows(_delimited_rows(_markdown_rows(message), ";"), ",")
    message = _split_columns(_alternatives(message))
    message = "\n".join(row if (row := _bar_row(line)) is not None else line for line in message.split("\n"))
    lines = message.split("\n")
    split = [_cells(line) for line in lines]
    out: list[str] = []
    i = 0
    transposed_before = False
    while i < len(lines):
        cells = split[i]
        below = split[i + 1] if i + 1 < len(lines) else []
        if len(cells) >= 2 and len(below) == len(cells) and _is_header(cells) and not _is_header(below):
            # ";" and not a line break between pairs: "开工时间:2027.05\n竣工…" would read the start as an end
            out.append(";".join(p for h, v in zip(cells, below, strict=True) if (p := _pair(h, v))))
            transposed_before = False
            i += 2
            continue
        if len(cells) == 2 and _header_label(cells[0]) and not _header_label(cells[1]):
            pair = _pair(cells[0], cells[1])  # transposed: one "label<TAB>value" a line
            if pair:
                out.append(f"{out.pop()};{pair}" if transposed_before else pair)
            transposed_before = pair is not None or transposed_before  # a cell with no value keeps the run
            i += 1
            continue
        transposed_before = False
        out.append(lines[i])
        i += 1
    return "\n".join(out)


"""Records exported from an enterprise's own system and pasted as JSON ({"company": {"name": …}}) or as
"key: value" lines (company_name: …, contact.tel = …): each value whose key names a field is rewritten as a
"中文标签：值" line, which the labelled reader understands; keys naming nothing we collect (id, status,
created_at) are dropped with their values. The keys are data: words/export_keys.yaml, each with its reason."""

from __future__ import annotations

import ast
import json
import re
from functools import lru_cache
from typing import Any

import yaml

from bot.intake.lexicon import ENGLISH_LABELS, LABELS
from bot.intake.wordfiles import read_words

_FENCE = re.compile(r"```[A-Za-z]*\s*\n?|```")
# "key: value" lines of a flat export: an ASCII identifier holding _ or . (company_name, contact.tel), then : or =.
_KEY_LINE = re.compile(r"^[ \t]*[\"']?(?P<key>[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+)[\"']?[ \t]*[:=][ \t]*"
                       r"(?P<value>.*?)[ \t]*,?[ \t]*$", re.M)
BARE_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


@lru_cache(maxsize=1)
def _rules() -> tuple[list[tuple[list[str], str]], list[tuple[re.Pattern[str], str]]]:
    data = read_words("export_keys")
    units = [(u["word"].split(), u["unit"]) for u in data["units"]]
    units.sort(key=lambda u: -len(u[0]))  # "kwh 10k" before "kwh"
    keys = [(re.compile(k["pattern"], re.I), k["label"]) for k in data["keys"]]
    return units, keys


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    return {a["word"]: a["means"] for a in read_words("export_keys")["abbreviations"]}


def _words(key: str) -> list[str]:
    """"investment_wan" -> [investment, wan]; "landAreaMu" -> [land, area, mu]; "prj_name" -> [project, name]."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key)
    short = _abbreviations()
    return [short.get(w.lower(), w.lower()) for w in re.split(r"[\s_.\-]+", spaced) if w]


def _unit(words: list[str]) -> tuple[list[str], str]:
    """The words without the unit they end in (or hold), and that unit ("" when none)."""
    units, _ = _rules()
    for unit_words, unit in units:
        n = len(unit_words)
        for i in range(len(words) - n, -1, -1):
            if words[i:i + n] == unit_words:
                return words[:i] + words[i + n:], unit
    return words, ""


def label_of(path: list[str]) -> tuple[str, str] | None:
    """(Chinese label, unit) for a key's path, or None when it names no field we collect."""
    words, unit = _unit([w for key in path for w in _words(key)])
    phrase = " ".join(words + _unit_words(unit))
    _, keys = _rules()
    for pattern, label in keys:
        if pattern.search(phrase):
            return label, unit
    own = " ".join(_words(path[-1]))
    for fid, labels in ENGLISH_LABELS.items():
        if any(re.fullmatch(re.escape(lab), own) for lab in labels):
            return LABELS[fid][0], unit
    return None


def _unit_words(unit: str) -> list[str]:
    units, _ = _rules()
    return next((w for w, u in units if u == unit), [])


def _leaves(node: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, [*path, str(k)])]
    if isinstance(node, list) and all(isinstance(v, (str, int, float)) for v in node):
        return [(path, "、".join(str(v) for v in node))] if node else []
    return [(path, node)] if isinstance(node, (str, int, float)) and not isinstance(node, bool) else []


def _line(path: list[str], value: Any) -> str | None:
    found = label_of(path)
    text = str(value).strip()
    if found is None or not text:
        return None
    label, unit = found
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return f"{label}：{text}{unit if unit and BARE_NUMBER.fullmatch(text) else ''}"


def _json_block(text: str) -> tuple[int, int, Any] | None:
    """The first JSON object in the text (start, end, data), its ``` fences included in the span; a Python
    dict literal printed by a script ({'单位名称': '…', '定员': 240, '建设内容': None}) counts as one."""
    for m in re.finditer(r"\{", text):
        try:
            data, end = json.JSONDecoder().raw_decode(text, m.start())
        except ValueError:
            found = _python_dict(text, m.start())
            if found is None:
                continue
            data, end = found
        if isinstance(data, dict):
            start = m.start()
            fence = re.search(r"```[A-Za-z]*\s*$", text[:start])
            after = re.match(r"\s*```", text[end:])
            return (fence.start() if fence else start), end + (after.end() if after else 0), data
    return None


def _python_dict(text: str, start: int) -> tuple[dict[Any, Any], int] | None:
    """A Python dict literal from start to its closing brace (single quotes, None, True), or None."""
    close = text.find("}", start)
    while close >= 0:
        try:
            data = ast.literal_eval(text[start:close + 1])
        except (ValueError, SyntaxError):
            close = text.find("}", close + 1)
            continue
        return (data, close + 1) if isinstance(data, dict) else None
    return None


# A unit written into a Chinese key after _ or in brackets ("用地_亩", "总投资(万元)", "建筑面积_m2"): a bare number
# under it is in that unit, written after it as the user would.
_KEY_UNIT = re.compile(r"\s*(?:_|[(（])\s*(?P<unit>亩|公顷|m2|㎡|平方米|平米|万元|元|亿元|m3|立方米|方|tce|吨标准煤|吨标煤|"
                       r"万kWh|万千瓦时|万度|人)\s*[)）]?\s*$", re.I)


def _chinese_line(key: str, value: Any) -> str | None:
    """"定员: 240" as "定员：240"; "用地_亩: 128" as "用地：128亩"; an empty value (None, "") says nothing."""
    if value is None or isinstance(value, bool) or isinstance(value, (dict, list)):
        return None
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
    unit = _KEY_UNIT.search(key)
    label = key[:unit.start()] if unit else key
    if unit and BARE_NUMBER.fullmatch(text):
        text += unit["unit"]
    return f"{label}：{text}" if text and text.lower() not in ("none", "null") else None


def _chinese_keys(data: dict[Any, Any]) -> bool:
    """Most keys written in Chinese: the record's own labels, which the labelled reader knows."""
    keys = [k for k in data if isinstance(k, str)]
    return bool(keys) and sum(bool(re.search(r"[\u4e00-\u9fa5]", k)) for k in keys) * 2 > len(keys)


# A YAML document in a Markdown code fence (```yaml … ```): nested keys, "# " comments holding old values.
_YAML_FENCE = re.compile(r"```(?:yaml|yml)?[ \t]*\n(?P<body>.*?)\n[ \t]*```", re.S | re.I)


def _yaml_block(text: str) -> tuple[int, int, Any] | None:
    """The first fenced YAML mapping (start, end, data), read with every scalar a string (2027-04 stays a month) and
    its comments dropped: what a "#" comments out is no value."""
    for m in _YAML_FENCE.finditer(text):
        try:
            data = yaml.load(m["body"], Loader=yaml.BaseLoader)
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and (len(data) >= 2 or any(isinstance(v, dict) for v in data.values())):
            return m.start(), m.end(), data
    return None


# An SQL INSERT with its column list, as a database client copies rows ("复制为INSERT语句"): the columns, then one or
# more rows of values. The names are quoted with `…`, "…" or […] or bare.
_INSERT = re.compile(r"INSERT\s+INTO\s+[`\"\[]?[\w.]+[`\"\]]?\s*\((?P<columns>[^()]*)\)\s*VALUES\s*", re.I)
# One SQL literal: a quoted string ('' is a quote inside it), NULL, or a number.
_SQL_LITERAL = re.compile(r"\s*(?:'(?P<text>(?:[^']|'')*)'|(?P<null>NULL)\b|(?P<number>[-+]?\d+(?:\.\d+)?))\s*", re.I)
# The column of a key/value child table naming each row's field ("item_type": CONTENT), and the one holding its text.
_KEY_COLUMN = re.compile(r"(?:item|attr|field|prop)?_?(?:type|key|name|code)$", re.I)
_TEXT_COLUMN = re.compile(r"(?:item|attr|field|prop)?_?(?:text|value|content|val)$", re.I)


def _sql_rows(text: str, at: int) -> tuple[list[list[str | None]], int]:
    """The rows of values after VALUES (None for NULL), and where the statement ends."""
    rows: list[list[str | None]] = []
    pos = at
    while (opening := re.compile(r"\s*\(").match(text, pos)) is not None:
        row: list[str | None] = []
        pos = opening.end()
        while (lit := _SQL_LITERAL.match(text, pos)) is not None:
            row.append(None if lit["null"] else lit["text"].replace("''", "'") if lit["text"] is not None
                       else lit["number"])
            pos = lit.end()
            if text.startswith(",", pos):
                pos += 1
        if not text.startswith(")", pos):
            break
        rows.append(row)
        pos += 1
        if (comma := re.compile(r"\s*,").match(text, pos)) is None:
            break
        pos = comma.end()
    semicolon = re.compile(r"\s*;?").match(text, pos)
    return rows, semicolon.end() if semicolon else pos


def _sql_lines(columns: list[str], rows: list[list[str | None]]) -> list[str]:
    """Each row's values under their columns' labels; in a key/value child table (prj_id, item_type, item_text), each
    row's text under the label its key names (CONTENT: 建设规模及内容)."""
    keyed = next((i for i, c in enumerate(columns) if _KEY_COLUMN.fullmatch(c)), None)
    texts = next((i for i, c in enumerate(columns) if _TEXT_COLUMN.fullmatch(c)), None)
    lines = []
    for row in rows:
        if len(row) != len(columns):
            continue
        if keyed is not None and texts is not None and row[keyed] and label_of([row[keyed]]) is not None:
            lines.append(_line([row[keyed]], row[texts]) if row[texts] is not None else None)
            continue
        lines += [_line([column], value) for column, value in zip(columns, row, strict=True) if value is not None]
    return [line for line in lines if line]


def _sql_inserts(text: str) -> str:
    """The text with each INSERT statement as "标签：值" lines; columns naming nothing we collect are dropped."""
    out, pos = [], 0
    for m in _INSERT.finditer(text):
        if m.start() < pos:
            continue
        columns = [c.strip().strip("`\"[]") for c in m["columns"].split(",")]
        rows, end = _sql_rows(text, m.end())
        lines = _sql_lines(columns, rows)
        if not lines:
            continue
        out += [text[pos:m.start()], "\n".join(lines), "\n"]
        pos = end
    return "".join(out) + text[pos:] if out else text


def read_export(text: str) -> str:
    """The text with a pasted JSON or YAML record, an SQL INSERT, or its "key: value" lines, as "标签：值" lines;
    unchanged otherwise."""
    if "INSERT" in text.upper():
        text = _sql_inserts(text)
    if (block := _json_block(text) or _yaml_block(text)) is not None:
        start, end, data = block
        if _chinese_keys(data):
            lines = [line for key, value in data.items() if (line := _chinese_line(str(key), value))]
        else:
            lines = [line for path, value in _leaves(data, []) if (line := _line(path, value))]
        if lines:
            return f"{text[:start]}\n" + "\n".join(lines) + f"\n{text[end:]}"
    if len(_KEY_LINE.findall(text)) < 2:
        return text

    def rewrite(m: re.Match[str]) -> str:
        value = m["value"].strip().strip("\"'")
        return _line([m["key"]], value) or "" if value and value.lower() != "null" else ""

    return _KEY_LINE.sub(rewrite, text)

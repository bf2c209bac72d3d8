"""Records exported from an enterprise's own system and pasted as JSON ({"company": {"name": …}}) or as
"key: value" lines (company_name: …, contact.tel = …): each value whose key names a field is rewritten as a
"中文标签：值" line, which the labelled reader understands; keys naming nothing we collect (id, status,
created_at) are dropped with their values. The keys are data: words/export_keys.yaml, each with its reason."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from bot.intake.lexicon import ENGLISH_LABELS, LABELS
from bot.intake.wordfiles import read_words

_FENCE = re.compile(r"```[A-Za-z]*\s*\n?|```")
# "key: value" lines of a flat export: an ASCII identifier holding _ or . (company_name, contact.tel), then : or =.
_KEY_LINE = re.compile(r"^[ \t]*[\"']?(?P<key>[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+)[\"']?[ \t]*[:=][ \t]*"
                       r"(?P<value>.*?)[ \t]*,?[ \t]*$", re.M)
_BARE_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


@lru_cache(maxsize=1)
def _rules() -> tuple[list[tuple[list[str], str]], list[tuple[re.Pattern[str], str]]]:
    data = read_words("export_keys")
    units = [(u["word"].split(), u["unit"]) for u in data["units"]]
    units.sort(key=lambda u: -len(u[0]))  # "kwh 10k" before "kwh"
    keys = [(re.compile(k["pattern"], re.I), k["label"]) for k in data["keys"]]
    return units, keys


def _words(key: str) -> list[str]:
    """"investment_wan" -> [investment, wan]; "landAreaMu" -> [land, area, mu]."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key)
    return [w.lower() for w in re.split(r"[\s_.\-]+", spaced) if w]


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
    return f"{label}：{text}{unit if unit and _BARE_NUMBER.fullmatch(text) else ''}"


def _json_block(text: str) -> tuple[int, int, Any] | None:
    """The first JSON object in the text (start, end, data), its ``` fences included in the span."""
    for m in re.finditer(r"\{", text):
        try:
            data, end = json.JSONDecoder().raw_decode(text, m.start())
        except ValueError:
            continue
        if isinstance(data, dict):
            start = m.start()
            fence = re.search(r"```[A-Za-z]*\s*$", text[:start])
            after = re.match(r"\s*```", text[end:])
            return (fence.start() if fence else start), end + (after.end() if after else 0), data
    return None


def read_export(text: str) -> str:
    """The text with a pasted JSON record, or its "key: value" lines, as "标签：值" lines; unchanged otherwise."""
    if (block := _json_block(text)) is not None:
        start, end, data = block
        lines = [line for path, value in _leaves(data, []) if (line := _line(path, value))]
        if lines:
            return f"{text[:start]}\n" + "\n".join(lines) + f"\n{text[end:]}"
    if len(_KEY_LINE.findall(text)) < 2:
        return text

    def rewrite(m: re.Match[str]) -> str:
        value = m["value"].strip().strip("\"'")
        return _line([m["key"]], value) or "" if value and value.lower() != "null" else ""

    return _KEY_LINE.sub(rewrite, text)

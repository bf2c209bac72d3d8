"""Records exported from a project database as XML (<DWMC>…</DWMC>, <YDMJ dw="公顷">4.8</YDMJ>): parsed with the
standard library, each leaf whose tag names a field rewritten as a "中文标签：值" line, its unit taken from the
attribute that names it. A tag is read by its English words as the JSON keys are (exported.py), or as the pinyin
initials of one of the intake's Chinese labels; tags naming nothing we collect (ZCZB, 注册资本) are dropped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from bot.intake.exported import BARE_NUMBER, label_of
from bot.intake.lexicon import LABELS
from bot.intake.wordfiles import read_words
from bot.jio import jionlp

# An element opening a line: a record's root (the declaration before it, if any, goes with it).
_DECLARATION = re.compile(r"<\?xml[^>]*\?>\s*")
_OPENING = re.compile(r"^[ \t]*<(?P<root>[A-Za-z_][\w.-]*)(?:\s[^<>]*)?>", re.M)
_INITIALS = re.compile(r"[A-Z]{2,12}")


@lru_cache(maxsize=1)
def _unit_attributes() -> frozenset[str]:
    return frozenset(e["word"] for e in read_words("export_keys")["unit_attributes"])


@lru_cache(maxsize=1)
def _by_initials() -> dict[str, str]:
    """Pinyin initials -> the Chinese label they abbreviate, for the initials only one field's labels give."""
    words = [w for labels in LABELS.values() for w in labels if re.fullmatch(r"[\u4e00-\u9fa5]{2,}", w)]
    words += [e["word"] for e in read_words("export_keys")["period_labels"]]
    jio = jionlp()
    seen: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    for word in words:
        initials = "".join(p[0] for p in jio.pinyin(word, formater="simple")).upper()
        seen.setdefault(initials, set()).add(_field_of(word))
        first.setdefault(initials, word)
    return {k: first[k] for k, fields in seen.items() if len(fields) == 1}


def _field_of(word: str) -> str:
    """The field a label names; the period labels of the word file name the construction period."""
    return next((fid for fid, labels in LABELS.items() if word in labels), "construction_period")


def _label(path: list[str]) -> str | None:
    """The Chinese label of a leaf by its own tag's initials, or by the English words of its path."""
    if _INITIALS.fullmatch(path[-1]) and (label := _by_initials().get(path[-1])):
        return label
    found = label_of(path[1:])  # the root names the record, not a field
    return found[0] if found else None


def _leaves(node: ET.Element, path: list[str]) -> list[tuple[list[str], ET.Element]]:
    path = [*path, node.tag]
    return [leaf for child in node for leaf in _leaves(child, path)] if len(node) else [(path, node)]


def _record(text: str) -> tuple[int, int, ET.Element] | None:
    """(start, end, root) of the first well-formed XML record in the text, its declaration included."""
    for m in _OPENING.finditer(text):
        close = text.rfind(f"</{m['root']}>")
        if close < m.end():
            continue
        end = close + len(m["root"]) + 3
        try:
            root = ET.fromstring(text[m.start():end])
        except ET.ParseError:
            continue
        declaration = _DECLARATION.search(text, max(0, m.start() - 200), m.start())
        return (declaration.start() if declaration and declaration.end() == m.start() else m.start()), end, root
    return None


def read_xml(text: str) -> str:
    """The text with a pasted XML record as "标签：值" lines; unchanged when it holds none with two known tags."""
    found = _record(text)
    if found is None:
        return text
    start, end, root = found
    lines = []
    for path, leaf in _leaves(root, []):
        value = (leaf.text or "").strip()
        if not value or (label := _label(path)) is None:
            continue
        unit = next((v for k, v in leaf.attrib.items() if k.lower() in _unit_attributes()), "")
        lines.append(f"{label}：{value}{unit if BARE_NUMBER.fullmatch(value) else ''}")
    if len(lines) < 2:
        return text
    return f"{text[:start]}\n" + "\n".join(lines) + f"\n{text[end:]}"

"""Text helpers shared by the answerers: splitting passages into quotable units, and character n-gram
support of one text by another."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.statute import ARTICLE_START

# A list item: "1. ", "1、", "（1）", a statute's "（一）", "- ", "• " at the start of a line.
LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.、．)）]|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|[-•·*])\s*")
# A table row as the loaders write it: cells between " | ", or labelled cells "列：值；列：值" (ingest render_table). It
# is an item of the table the line above introduces ("各县资金分配情况如下表（单位：万元）："), which says what its figures are.
TABLE_ROW = re.compile(r"^[^\n]*? \| [^\n]*$|^[^：:；。\n]{1,20}[：:][^；。\n]*(?:；[^：:；。\n]{1,20}[：:][^；。\n]*)+$")
# Sentence ends; "；" is kept inside a sentence, where it usually joins clauses of one rule.
_SENTENCE = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+[”’」』）)\"']*|$)")
_FAQ_ANSWER = re.compile(r"^\s*答[:：]\s*")
_CITATION_MARK = re.compile(r"\[\d+\]")
# A statute article opening its line: "第五十八条 ……", "第12条之一".
_NON_CONTENT = re.compile(r"[^\w\u4e00-\u9fff]+")


def is_item(line: str) -> bool:
    """A list item or a table row: quoted on its own line, as one of its list."""
    return bool(LIST_ITEM.match(line) or TABLE_ROW.match(line))


@dataclass(frozen=True)
class Unit:
    """A sentence or list item of a passage, quotable on its own."""

    text: str
    is_item: bool
    block: int  # units of one list (or one paragraph) share a block number
    article: str | None = None  # the statute article the unit belongs to ("第五十八条"), when known


def split_units(passage: str, article: str | None = None, paragraphs: bool = False) -> list[Unit]:
    """Sentences and list items of a passage, or its paragraphs (a statute's 款) and list items when
    `paragraphs`. `article` is the passage's article (chunk metadata); a line opening with another
    "第X条" starts that article, so every unit keeps its own."""
    units: list[Unit] = []
    block, prev_item = 0, False
    for line in passage.splitlines():
        line = _FAQ_ANSWER.sub("", line.strip())
        if not line:
            block += 1
            prev_item = False
            continue
        if opened := ARTICLE_START.match(line):
            article = opened[1]
        if is_item(line):
            if not prev_item:
                block += 1
            units.append(Unit(line, True, block, article))
            prev_item = True
            continue
        if prev_item:
            block += 1
        prev_item = False
        pieces = [line] if paragraphs else _SENTENCE.findall(line)
        units += [Unit(s.strip(), False, block, article) for s in pieces if s.strip()]
    return units


def content_chars(text: str) -> str:
    """Letters, digits and CJK characters only, lower-cased: what support is measured on."""
    return _NON_CONTENT.sub("", _CITATION_MARK.sub("", text)).lower()


def ngrams(text: str, n: int = 2) -> set[str]:
    flat = content_chars(text)
    if len(flat) < n:
        return {flat} if flat else set()
    return {flat[i:i + n] for i in range(len(flat) - n + 1)}


def support(claim: str, evidence: str, n: int = 2) -> float:
    """Share of the claim's character n-grams found in the evidence (1.0 = every n-gram is there)."""
    grams = ngrams(claim, n)
    return len(grams & ngrams(evidence, n)) / len(grams) if grams else 1.0


def lines_once(texts: list[str]) -> list[str]:
    """The texts with blank lines and every line already given (by them or a text before them) left out,
    those left empty dropped: the pieces of a long article each repeat the line introducing its list."""
    seen: set[str] = set()
    kept: list[str] = []
    for text in texts:
        lines: list[str] = []
        for line in text.splitlines():
            if line.strip() and line not in seen:
                seen.add(line)
                lines.append(line)
        if lines:
            kept.append("\n".join(lines))
    return kept

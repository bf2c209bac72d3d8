"""The structure of laws, regulations, notices and numbered guides, recognised on loaded text.

Works on `Section`s whatever the file format was, so a statute read from PDF, DOCX, TXT or HTML is cut
the same way as the Markdown one:
- 编/章/节 headings written as body lines ("第二章 火灾预防") join the heading path;
- an article ("第五十八条 ……", also "第58条") runs until the next article or heading, and is one
  `Piece` with its number; its 款 are its lines and its items the "（一）"/"(一)" lines;
- in documents without articles, top-level numbered clauses ("一、……") are the units, labelled by
  their number, so a guide's "二、办理时限" is cited as such;
- in a document with articles, the enactment lines before the first heading or article ("1998年4月29日
  ……通过", the title repeated) are metadata, not content, and are dropped (the Markdown loader reads the same block
  of the national database's files into the document's date).
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from ingest.loaders.common import Section
from knowledge.statute import ARTICLE_START, CN_NUM as _CN_NUM, article_label
# A heading line: "第二章 火灾预防", "第一节　一般规定", "第三编" — short, no sentence end.
DIVISION = re.compile(rf"^\s*第\s*(?:[{_CN_NUM}]+|\d+)\s*[编章节](?:\s+\S.{{0,30}})?\s*$")
# Items of an article or clause: "（一）", "(一)", "（1）".
ITEM = re.compile(rf"^\s*[（(]\s*(?:[{_CN_NUM}]+|\d+)\s*[)）]")
# Top-level clauses of a notice or guide: "一、……".
CLAUSE = re.compile(rf"^\s*([{_CN_NUM}]+)、")
# An enactment or amendment line: a date with 通过/修订/修正/公布/施行/发布.
_ENACTMENT = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.*(通过|修订|修正|公布|施行|发布|国务院令)")


class Piece(BaseModel):
    heading_path: list[str]
    article: str  # "第五十八条", "二、" for a guide's clause, "" for text outside any
    text: str


def _has_articles(sections: list[Section]) -> bool:
    return any(ARTICLE_START.match(line) for s in sections for line in s.text.splitlines())


def structure(sections: list[Section]) -> list[Piece]:
    """Pieces in document order: each article (or clause) whole, and the text between them."""
    by_article = _has_articles(sections)
    unit_start = ARTICLE_START if by_article else CLAUSE
    pieces: list[Piece] = []
    seen_unit = False
    for section in sections:
        path = list(section.heading_path)
        label, lines = "", []

        def flush() -> None:
            text = "\n".join(lines).strip()
            if text:
                pieces.append(Piece(heading_path=list(path), article=label, text=text))
            lines.clear()

        for line in section.text.splitlines():
            if DIVISION.match(line) and not (by_article and ARTICLE_START.match(line)):
                flush()
                label = ""
                path = _enter(path, line.strip())
                seen_unit = True
                continue
            start = unit_start.match(line)
            if start:
                flush()
                label = article_label(start[1]) if by_article else f"{start[1]}、"
                seen_unit = True
            elif by_article and not seen_unit and not section.heading_path and _front_matter(line):
                continue
            lines.append(line)
        flush()
    return pieces


def _front_matter(line: str) -> bool:
    """A line before a statute's first article that is no content: an enactment line, or a short line
    with no sentence in it (the title again, "（2021年修正）", "目录")."""
    return bool(_ENACTMENT.search(line)) or (len(line.strip()) <= 40 and "。" not in line)


_DIVISION_RANK = {"编": 0, "章": 1, "节": 2}


def _rank(heading: str) -> int | None:
    m = re.match(rf"^\s*第\s*(?:[{_CN_NUM}]+|\d+)\s*([编章节])", heading)
    return _DIVISION_RANK[m[1]] if m else None


def _enter(path: list[str], heading: str) -> list[str]:
    """The heading path after a 编/章/节 line: it replaces divisions of its rank or below."""
    rank = _rank(heading)
    while path and (r := _rank(path[-1])) is not None and rank is not None and r >= rank:
        path.pop()
    return [*path, re.sub(r"\s+", " ", heading)]

"""The structure of laws, regulations, notices and numbered guides, recognised on loaded text.

Works on `Section`s whatever the file format was, so a statute read from PDF, DOCX, TXT or HTML is cut
the same way as the Markdown one:
- 编/章/节 headings written as body lines ("第二章 火灾预防") join the heading path;
- an article ("第五十八条 ……", also "第58条") runs until the next article or heading, and is one
  `Piece` with its number; its 款 are its lines and its items the "（一）"/"(一)" lines;
- in documents without articles, a top-level numbered clause written as a heading ("二、办理时限") is a
  section heading, and one written as a sentence ("一、压缩时限。……") is a unit kept whole; neither is an
  article: `article` is only ever a statute's "第X条" or empty (DESIGN.md §5);
- an attachment ("附件1：材料清单", "附件2") is a section of its own: it ends the article or clause before it, and
  the headings after it sit under it;
- in a document with articles, the enactment lines before the first heading or article ("1998年4月29日
  ……通过", the title repeated) are metadata, not content, and are dropped (the Markdown loader reads the same block
  of the national database's files into the document's date).
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from ingest.loaders.common import Section
from ingest.loaders.plaintext import HEADING_CHARS, SENTENCE_MARKS, text_heading
from knowledge.statute import ARTICLE_START, CN_NUM as _CN_NUM, article_label
# A heading line: "第二章 火灾预防", "第一节　一般规定", "第三编" — short, no sentence end.
DIVISION = re.compile(rf"^\s*第\s*(?:[{_CN_NUM}]+|\d+)\s*[编章节](?:\s+\S.{{0,30}})?\s*$")
# Items of an article or clause: "（一）", "(一)", "（1）".
ITEM = re.compile(rf"^\s*[（(]\s*(?:[{_CN_NUM}]+|\d+)\s*[)）]")
# Top-level clauses of a notice or guide: "一、……".
CLAUSE = re.compile(rf"^\s*([{_CN_NUM}]+)、")
# An attachment after the body of a notice or regulation, on a line of its own: "附件1", "附件二", "附件2：联系方式", or
# "附件" above the only one. The body's list of its attachments ("附件：1．申报材料清单") is no attachment.
ATTACHMENT = re.compile(rf"^\s*附\s*件\s*(?:(?:\d+|[{_CN_NUM}]+)\s*(?:[：:．.、]?\s*[^\s\d：:].{{0,38}})?)?\s*$")
# An enactment or amendment line: a date with 通过/修订/修正/公布/施行/发布.
_ENACTMENT = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.*(通过|修订|修正|公布|施行|发布|国务院令)")


class Piece(BaseModel):
    heading_path: list[str]
    article: str  # "第五十八条", or "" for text outside any article (never a guide's "二、")
    text: str
    unit: bool = False  # an article or a numbered clause: kept whole, cut only between its lines


def _has_articles(sections: list[Section]) -> bool:
    return any(ARTICLE_START.match(line) for s in sections for line in s.text.splitlines())


def structure(sections: list[Section]) -> list[Piece]:
    """Pieces in document order: each article (or clause) whole, and the text between them."""
    by_article = _has_articles(sections)
    unit_start = ARTICLE_START if by_article else CLAUSE
    pieces: list[Piece] = []
    seen_unit = False
    attachment: list[str] = []  # the attachment the text has reached: it heads the loader's headings after it
    for section in sections:
        given = [*attachment, *section.heading_path]
        path = list(given)
        label, unit, lines = "", False, []

        def flush() -> None:
            text = "\n".join(lines).strip()
            if text:
                pieces.append(Piece(heading_path=list(path), article=label, text=text, unit=unit))
            lines.clear()

        lines_of = section.text.splitlines()
        named: set[int] = set()  # lines that are an attachment's name, in its heading
        for i, line in enumerate(lines_of):
            if i in named:
                continue
            if _is_attachment(line, lines_of[i + 1:]):  # its own section, outside every heading and article
                flush()
                label, unit = "", False
                heading = re.sub(r"\s+", " ", line.strip())
                if (name := _attachment_name(heading, lines_of, i)) is not None:  # "附件1" above "申报材料清单"
                    heading = f"{heading} {lines_of[name].strip()}"
                    named.add(name)
                path = attachment = [heading]
                seen_unit = True
                continue
            if _is_heading(line, by_article, lines_of[i + 1:]):
                flush()
                label, unit = "", False
                path = _enter(path, re.sub(r"\s+", " ", line.strip()), len(given))
                seen_unit = True
                continue
            start = unit_start.match(line)
            if start:
                flush()
                label, unit = (article_label(start[1]) if by_article else ""), True
                seen_unit = True
            elif by_article and not seen_unit and not section.heading_path and _front_matter(line):
                continue
            lines.append(line)
        flush()
    return pieces


def _is_heading(line: str, by_article: bool, after: list[str]) -> bool:
    """A 编/章/节 line, or (outside statutes) a clause line shaped like a heading: short, no sentence in it,
    and followed by text of its own. A list of short clause lines ("一、营业执照" "二、申请表") is content: as
    headings without text it would vanish."""
    if DIVISION.match(line):
        return not (by_article and ARTICLE_START.match(line))
    if by_article or not CLAUSE.match(line) or text_heading(line) is None:
        return False
    following = next((x for x in after if x.strip()), None)
    return following is not None and not DIVISION.match(following) and \
        not (CLAUSE.match(following) and text_heading(following) is not None)


def _is_attachment(line: str, after: list[str]) -> bool:
    """An attachment's heading line ("附件1：材料清单", "附件2"), no sentence, with text of its own after it."""
    return bool(ATTACHMENT.match(line)) and not any(mark in line for mark in SENTENCE_MARKS) and \
        any(x.strip() for x in after)


def _attachment_name(heading: str, lines: list[str], at: int) -> int | None:
    """The line after a bare "附件1" that names the attachment: short, no sentence, list item or table row, and
    with text after it."""
    if not re.fullmatch(rf"附\s*件\s*(?:\d+|[{_CN_NUM}]+)?", heading):
        return None
    name = next((j for j in range(at + 1, len(lines)) if lines[j].strip()), None)
    if name is None or not any(x.strip() for x in lines[name + 1:]):
        return None
    text = lines[name].strip()
    plain = len(text) <= HEADING_CHARS and not any(mark in text for mark in SENTENCE_MARKS + "：:|") and text_heading(text) is None
    return name if plain and not ITEM.match(text) and not re.match(r"\d+[、.．]", text) else None


def _front_matter(line: str) -> bool:
    """A line before a statute's first article that is no content: an enactment line, or a short line
    with no sentence in it (the title again, "（2021年修正）", "目录")."""
    return bool(_ENACTMENT.search(line)) or (len(line.strip()) <= HEADING_CHARS and "。" not in line)


_DIVISION_RANK = {"编": 0, "章": 1, "节": 2}
_CLAUSE_RANK = 3  # "一、" sits below 节


def _rank(heading: str) -> int | None:
    m = re.match(rf"^\s*第\s*(?:[{_CN_NUM}]+|\d+)\s*([编章节])", heading)
    if m:
        return _DIVISION_RANK[m[1]]
    return _CLAUSE_RANK if CLAUSE.match(heading) else None


def _enter(path: list[str], heading: str, given: int) -> list[str]:
    """The heading path after a 编/章/节 or clause line: it replaces headings of its rank or below. A clause
    line replaces only clauses found in the text, never the `given` headings of the loader: "一、营业执照" listed
    under a "## 一、申请材料" heading is a heading inside it."""
    rank = _rank(heading)
    while path and (r := _rank(path[-1])) is not None and rank is not None and r >= rank:
        if rank == _CLAUSE_RANK and len(path) <= given:
            break
        path.pop()
    return [*path, heading]

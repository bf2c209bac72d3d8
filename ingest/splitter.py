"""Chinese-aware, heading-aware splitting of a loaded document into chunk drafts.

Written plainly rather than with RecursiveCharacterTextSplitter: that splitter's overlap is a character
window, which can start a chunk mid-sentence, while here overlap is whole trailing sentences.
Each section is split on its own, so a chunk never spans two headings. Sizes are in characters.
A statute's article (or a guide's numbered clause written as a sentence, see ingest/structure.py) is a unit: a chunk never
spans two of them, so every sentence knows its article; a long one is cut between its 款 and items,
each piece keeps the number, and an item cut off from the line introducing its list gets that line
again ("有下列行为之一的，……处三万元以上三十万元以下罚款：" says what the items are about).
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from ingest.loaders import LoadedDocument
from ingest.structure import ITEM, structure


class ChunkDraft(BaseModel):
    text: str
    heading_path: list[str]
    index: int  # position in the document, from 0
    article: str = ""  # "第五十八条" the text belongs to; "" outside any (DESIGN.md §5: 第X条 or null)


# A sentence ends at 。！？； (or ASCII !?; and ". "), with any closing quotes/brackets, or at a newline.
_SENTENCE = re.compile(r".*?(?:[。！？；!?;]+[”’」』）)\"']*|\.(?=\s)|(?=\n)|$)\s*", re.DOTALL)
_SOFT_BREAKS = "，、,：:"  # where an overlong sentence is cut if possible


def _sentences(text: str) -> list[str]:
    """Sentences with their trailing whitespace, so that "".join(result) == text."""
    return [s for s in _SENTENCE.findall(text) if s]


def _hard_cut(sentence: str, size: int) -> list[str]:
    """Cut one overlong sentence into pieces of at most `size`, after a comma when one is near the end."""
    pieces = []
    while len(sentence.strip()) > size:
        window = sentence[:size]
        cut = max(window.rfind(c) for c in _SOFT_BREAKS) + 1
        cut = cut if cut > size // 2 else size
        pieces.append(sentence[:cut])
        sentence = sentence[cut:]
    return [*pieces, sentence]


def _units(text: str, size: int) -> list[str]:
    """Lines that fit whole; longer lines as sentences; overlong sentences cut."""
    units = []
    for line in re.findall(r"[^\n]*\n*", text):
        if len(line.strip()) <= size:
            units.append(line)
        else:
            units.extend(piece for s in _sentences(line) for piece in _hard_cut(s, size))
    return [u for u in units if u.strip()]


def _overlap(chunk: str, limit: int) -> str:
    """The whole trailing sentences of `chunk` that fit in `limit` characters."""
    tail = ""
    for sentence in reversed(_sentences(chunk)):
        if len((sentence + tail).strip()) > limit:
            break
        tail = sentence + tail
    return tail


def _split_text(text: str, size: int, overlap: int) -> list[str]:
    chunks: list[str] = []
    current = ""
    for unit in _units(text, size):
        if current and len((current + unit).strip()) > size:
            chunks.append(current.strip())
            current = _overlap(current, overlap)
            while current and len((current + unit).strip()) > size:  # keep only the overlap that fits
                current = "".join(_sentences(current)[1:])
        current += unit
    if current.strip():
        chunks.append(current.strip())
    return chunks


def _split_article(text: str, size: int) -> list[str]:
    """An article in pieces of about `size` cut between lines (款, items); an item piece that lost
    the line introducing its list starts with that line again."""
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())  # a list stays one block
    if len(text) <= size:
        return [text]
    chunks: list[str] = []
    current: list[str] = []
    stem = ""  # the line ending in "：" before the items being packed
    for unit in _units(text, size):
        line = unit.strip()
        if current and len("\n".join([*current, line])) > size:
            chunks.append("\n".join(current))
            current = [stem] if stem and ITEM.match(line) else []
        if not ITEM.match(line):
            stem = line if line.endswith(("：", ":")) else ""
        current.append(line)
    if current:
        chunks.append("\n".join(current))
    return chunks


def split_document(doc: LoadedDocument, chunk_size: int, overlap: int) -> list[ChunkDraft]:
    """Chunks of at most `chunk_size` characters that end at sentence ends, stay under one heading
    and within one article."""
    if chunk_size <= 0 or not 0 <= overlap < chunk_size:
        raise ValueError(f"need chunk_size > 0 and 0 <= overlap < chunk_size, got {chunk_size}, {overlap}")
    drafts: list[ChunkDraft] = []
    for piece in structure(doc.sections):
        texts = (_split_article(piece.text, chunk_size) if piece.unit
                 else _split_text(piece.text, chunk_size, overlap))
        for text in texts:
            drafts.append(ChunkDraft(text=text, heading_path=piece.heading_path, index=len(drafts),
                                     article=piece.article))
    return drafts

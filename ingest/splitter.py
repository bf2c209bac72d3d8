"""Chinese-aware, heading-aware splitting of a loaded document into chunk drafts.

Written plainly rather than with RecursiveCharacterTextSplitter: that splitter's overlap is a character
window, which can start a chunk mid-sentence, while here overlap is whole trailing sentences.
Each section is split on its own, so a chunk never spans two headings. Sizes are in characters.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from ingest.loaders import LoadedDocument


class ChunkDraft(BaseModel):
    text: str
    heading_path: list[str]
    index: int  # position in the document, from 0


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


def split_document(doc: LoadedDocument, chunk_size: int, overlap: int) -> list[ChunkDraft]:
    """Chunks of at most `chunk_size` characters that end at sentence ends and stay under one heading."""
    if chunk_size <= 0 or not 0 <= overlap < chunk_size:
        raise ValueError(f"need chunk_size > 0 and 0 <= overlap < chunk_size, got {chunk_size}, {overlap}")
    drafts: list[ChunkDraft] = []
    for section in doc.sections:
        for text in _split_text(section.text, chunk_size, overlap):
            drafts.append(ChunkDraft(text=text, heading_path=section.heading_path, index=len(drafts)))
    return drafts

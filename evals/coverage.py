"""How much of each document's text the store holds. A document a loader lost in part (a page, a table, a footer
that broke the parse) shows here before any question about it fails, and for documents no question touches.

The reference text is read with the authors' own tools (pypdf, python-docx, html.parser), not our loaders. It is
compared run by run, a run being the letters and digits between two marks of punctuation or markup: a table's cells,
Markdown's symbols and the lines a loader joins or splits then cost nothing, while a lost sentence costs its length.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import docx
import pypdf
from pydantic import BaseModel

from knowledge.store import KnowledgeStore

KEPT_BAR = 0.9  # a document holding less than this share of its text is listed as partly lost
MIN_RUN = 2  # single characters between marks say nothing about where they went
_RUN = re.compile(r"[^\W_]+")


class _Text(HTMLParser):
    """Visible text: what a browser shows, without scripts and styles; every tag ends a run (a table's cells are
    not one word)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._hidden += tag in ("script", "style")
        self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style") and self._hidden > 0
        self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def reference_text(path: Path) -> str:
    """The document's text as its author's tools read it."""
    if path.suffix == ".pdf":
        text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    elif path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        text = "\n".join([p.text for p in document.paragraphs] + cells)
    else:
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".html", ".htm"):
            parser = _Text()
            parser.feed(text)
            text = "".join(parser.parts)
    return text


def text_kept(document: str, stored: str) -> float:
    """Share of the document's characters, in runs of at least MIN_RUN, whose run the stored text holds whole.
    Whitespace ends a run in the document (lines of a page are no sentence) and is ignored in the store (a loader
    joins wrapped lines)."""
    held = re.sub(r"\s+", "", unicodedata.normalize("NFKC", stored))
    runs = [run for run in _RUN.findall(unicodedata.normalize("NFKC", document)) if len(run) >= MIN_RUN]
    total = sum(map(len, runs))
    return sum(len(run) for run in runs if run in held) / total if total else 1.0


class DocumentKept(BaseModel):
    doc: str
    kept: float


def documents_kept(store: KnowledgeStore, docs: Path) -> list[DocumentKept]:
    """Every document under `docs` against the chunks the store holds for it (none: 0)."""
    stored: dict[str, list[str]] = defaultdict(list)
    for chunk in store.all_chunks():
        stored[Path(chunk.source).name].append(chunk.context_text)  # a heading may live in the chunk's path
    return [DocumentKept(doc=path.name, kept=text_kept(reference_text(path), "".join(stored.get(path.name, []))))
            for path in sorted(docs.iterdir()) if path.is_file()]

"""PDF text layers; a scanned PDF without one is reported, not silently skipped."""

from __future__ import annotations

import logging
import re
from io import BytesIO
from itertools import groupby

from pypdf import PageObject, PasswordType, PdfReader

from ingest.loaders.common import (CELL_SEP, PAGE_NUMBER, DocMeta, LoadError, Parsed, clean_line, labels_over_figures,
                                   render_table)
from ingest.loaders.plaintext import drop_running_lines, reflow, text_blocks

log = logging.getLogger(__name__)
# pypdf logs recoverable damage ("EOF marker not found") as warnings: English noise on the user's terminal.
# Unrecoverable damage still raises, and is reported in Chinese below.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# Metadata titles that are only the name of the file the PDF was printed from ("Microsoft Word - 通知.doc",
# "chrome_src.html"): no title at all, so the first line decides.
_FILE_NAME_TITLE = re.compile(
    r"(?:microsoft\s+\w+\s*-\s*)?.*\.(?:html?|docx?|wps|pdf|txt|rtf|xlsx?|pptx?|md)|untitled|无标题|新建.*文档.*",
    re.IGNORECASE)
def _unlocks(reader: PdfReader) -> bool:
    try:
        return reader.decrypt("") != PasswordType.NOT_DECRYPTED  # owner-only passwords open with ""
    except Exception:  # e.g. AES without the optional `cryptography` package
        return False


# A drawn table comes out of pypdf's text extraction one cell per line. Its layout mode keeps a row on one
# line, its cells apart by runs of spaces; it is slower and pads everything, so it is asked only of pages
# with a run of short lines, and only to find rows, whose cell lines are then joined in the plain text.
CELL_CHARS = 20  # a table cell's line is at most this long
ROW_CELLS = 2  # lines this many in a row (and short) may be a table row's cells
_CELL_GAP = re.compile(r"\s{3,}")


def _cell_like(lines: list[str]) -> bool:
    run = 0
    for line in lines:
        run = run + 1 if 0 < len(line.strip()) <= CELL_CHARS else 0
        if run >= 2 * ROW_CELLS:  # two rows at least: one short line pair is just a short paragraph
            return True
    return False


def _layout_rows(page: PageObject) -> list[list[str]]:
    """The rows a page's layout shows: lines of two or more cells set apart by wide gaps."""
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except Exception as exc:  # layout mode is a help, never a reason to fail the file
        log.info("pypdf layout extraction failed: %s: %s", type(exc).__name__, exc)
        return []
    rows = ([clean_line(cell) for cell in _CELL_GAP.split(line.strip())] for line in layout.splitlines())
    return [row for row in rows if len(row) >= ROW_CELLS and all(row)]


def _squeezed(cells: list[str]) -> str:
    """The cells' text without any whitespace: how a layout row and plain lines are compared."""
    return re.sub(r"\s+", "", "".join(cells))


def _join_rows(lines: list[str], rows: list[list[str]]) -> list[str]:
    """Each row whose cells stand on consecutive lines, in order, becomes one "a | b | c" line.

    A cell long enough to nearly touch the next column leaves layout mode too narrow a gap to split them, so its
    row no longer matches cell for cell. It is still a row when the lines right below the row found above it (or
    right above the row found below it), as many as that row's cells, read as the layout row once spaces are
    dropped: those lines are its cells. A paragraph's line is one line in both extractions, and a cell wrapped
    onto a second line has that line on another layout line, so neither reads as such a row."""
    found: dict[int, tuple[int, list[str]]] = {}  # row index -> (its first line, its cells)
    at = 0
    for r, row in enumerate(rows):
        i = next((i for i in range(at, len(lines) - len(row) + 1) if lines[i:i + len(row)] == row), None)
        if i is not None:
            found[r], at = (i, row), i + len(row)
    for r in [*range(len(rows)), *reversed(range(len(rows)))]:  # both ways: a run of such rows follows its table
        for side in (-1, 1):
            if r in found or r + side not in found:
                continue
            start, n = found[r + side][0], len(found[r + side][1])
            i = start + n if side < 0 else start - n
            taken = {j for first, cells in found.values() for j in range(first, first + len(cells))}
            if 0 <= i <= len(lines) - n and taken.isdisjoint(range(i, i + n)) \
                    and _squeezed(lines[i:i + n]) == _squeezed(rows[r]):
                found[r] = (i, lines[i:i + n])
    out: list[str] = []
    at = 0
    for i, cells in sorted(found.values()):
        out += [*lines[at:i], CELL_SEP.join(cells)]
        at = i + len(cells)
    return out + lines[at:]


def _page_lines(page: PageObject) -> tuple[list[str], list[list[str]]]:
    """A page's cleaned lines, and the table rows its layout shows where they may hold a table."""
    lines = [cleaned for line in (page.extract_text() or "").splitlines() if (cleaned := clean_line(line))]
    return lines, _layout_rows(page) if _cell_like(lines) else []


def _pdf_pages(raw: bytes) -> tuple[list[tuple[list[str], list[list[str]]]], str | None]:
    """Cleaned lines of each page with its table rows, and the metadata title."""
    # pypdf reports corruption through a zoo of exception types (PdfReadError, ValueError, KeyError…).
    try:
        reader = PdfReader(BytesIO(raw))
        locked = reader.is_encrypted and not _unlocks(reader)
        pages = [] if locked else [_page_lines(page) for page in reader.pages]
        title = None if locked or reader.metadata is None else reader.metadata.title
    except Exception as exc:  # the parser's (English) words go to the log, the user gets what to do
        log.info("pypdf could not read the file: %s: %s", type(exc).__name__, exc)
        raise LoadError("文件损坏，无法解析为 PDF（文件可能不完整或已损坏），请用 PDF 阅读器打开检查，重新导出或下载后再导入") from exc
    if locked:
        raise LoadError("PDF 已加密，需要密码才能打开，请提供未加密的版本")
    if not pages:
        raise LoadError("文件损坏，无法解析为 PDF：没有任何页面")
    if not any(lines for lines, _ in pages):
        raise LoadError("扫描版 PDF，没有文字层，无法提取文字（请提供文字版或先做 OCR）")
    title = (title or "").strip()
    return pages, None if not title or _FILE_NAME_TITLE.fullmatch(title) else title


def parse_pdf(raw: bytes) -> Parsed:
    pages, title = _pdf_pages(raw)
    # running headers go before rows are joined: a header set in two parts would read as a row on some pages only
    kept = drop_running_lines([lines for lines, _ in pages])
    lines = [line for page, (_, rows) in zip(kept, pages, strict=True) for line in _join_rows(page, rows)
             if not PAGE_NUMBER.fullmatch(line)]
    blocks, number = text_blocks(_labelled_tables(reflow(lines)), first_line_is_title=title is None)
    return Parsed(blocks, DocMeta(title=title, doc_number=number))


def _labelled_tables(lines: list[str]) -> list[str]:
    """Each run of table rows whose first row labels columns of figures (labels_over_figures) read row by row as
    列：值 pairs, as Word and HTML tables are; a header repeated on a later page is dropped."""
    out: list[str] = []
    for is_row, run in groupby(lines, key=lambda line: CELL_SEP in line):
        run = list(run)
        rows = [line.split(CELL_SEP) for line in run]
        if is_row and labels_over_figures(rows):
            out += render_table([rows[0], *(row for row in rows[1:] if row != rows[0])], has_header=True).split("\n")
        else:
            out += run
    return out

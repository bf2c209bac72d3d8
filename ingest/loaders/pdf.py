"""PDF text layers; a scanned PDF without one is reported, not silently skipped."""

from __future__ import annotations

import logging
import re
from collections import Counter
from io import BytesIO

from pypdf import PasswordType, PdfReader

from ingest.loaders.common import PAGE_NUMBER, DocMeta, LoadError, Parsed, clean_line, join_wrapped
from ingest.loaders.plaintext import text_blocks, text_heading
from knowledge.statute import CN_NUM as _CN_NUM

log = logging.getLogger(__name__)
# pypdf logs recoverable damage ("EOF marker not found") as warnings: English noise on the user's terminal.
# Unrecoverable damage still raises, and is reported in Chinese below.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# Metadata titles that are only the name of the file the PDF was printed from ("Microsoft Word - 通知.doc",
# "chrome_src.html"): no title at all, so the first line decides.
_FILE_NAME_TITLE = re.compile(
    r"(?:microsoft\s+\w+\s*-\s*)?.*\.(?:html?|docx?|wps|pdf|txt|rtf|xlsx?|pptx?|md)|untitled|无标题|新建.*文档.*",
    re.IGNORECASE)
# A line starting with an article, clause or item number begins a paragraph: it never continues the line
# above, however wide that line is ("第三条", "一、", "（一）", "(1)", "1." but not "2025.3").
_NUMBERED_START = re.compile(rf"\s*(?:第[{_CN_NUM}\d]+[编章节条]|[{_CN_NUM}]+、|[（(](?:[{_CN_NUM}]+|\d+)[）)]|\d+[、．.](?!\d))")
EDGE_LINES = 2  # lines at the top and at the bottom of a page where running headers and footers sit


def _width(line: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in line)  # CJK glyphs are twice as wide as ASCII


def _ends_paragraph(line: str) -> bool:
    """A sentence end or a colon; not the colon of a time cut by the wrap ("上午9:" above "00")."""
    return line[-1] in "。！？；：!?;" or (line[-1] == ":" and not line[-2:-1].isdigit())


def _reflow(lines: list[str]) -> list[str]:
    """Join a PDF's visual line wraps back into paragraphs, so that splitting by line keeps sentences whole.

    A line "wraps" into the next when it is nearly as wide as the widest line and does not end a
    sentence. Only the last *visual* line decides, so a short line still ends its paragraph after a
    long run of wraps, and each line is measured once: linear in the text.
    """
    widths = [_width(line) for line in lines]
    full = max(widths, default=0)
    out: list[str] = []
    wraps = False  # whether the previous visual line continues into this one
    for line, width in zip(lines, widths, strict=True):
        if out and wraps and not text_heading(line) and not _NUMBERED_START.match(line):
            out[-1] = join_wrapped(out[-1], line)
        else:
            out.append(line)
        # A line as wide as the text column that looks like a heading ("一、新建危险化学品项目应当进行安全条")
        # is the first visual line of a numbered paragraph; a real heading is shorter than the column.
        heading = text_heading(line) and not (width >= 0.95 * full and len(line) >= 20)
        wraps = width >= 0.8 * full and not _ends_paragraph(line) and not heading
    return out


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", line)  # "第 3 页", "2025年第3期" repeat with another number


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove running headers and footers: lines among the first or last EDGE_LINES of a page that recur
    there on at least half of the pages (two at least). Page numbers are removed by PAGE_NUMBER anyway."""
    if len(pages) < 2:
        return pages

    def edges(lines: list[str]) -> set[str]:
        return {_edge_key(line) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]}

    counts = Counter(key for lines in pages for key in edges(lines))
    running = {key for key, n in counts.items() if n >= max(2, (len(pages) + 1) // 2)}
    if not running:
        return pages
    cleaned = []
    for lines in pages:
        top, bottom = EDGE_LINES, len(lines) - EDGE_LINES
        cleaned.append([line for i, line in enumerate(lines)
                        if not ((i < top or i >= bottom) and _edge_key(line) in running)])
    return cleaned


def _unlocks(reader: PdfReader) -> bool:
    try:
        return reader.decrypt("") != PasswordType.NOT_DECRYPTED  # owner-only passwords open with ""
    except Exception:  # e.g. AES without the optional `cryptography` package
        return False


def _pdf_pages(raw: bytes) -> tuple[list[str], str | None]:
    """Page texts and the metadata title."""
    # pypdf reports corruption through a zoo of exception types (PdfReadError, ValueError, KeyError…).
    try:
        reader = PdfReader(BytesIO(raw))
        locked = reader.is_encrypted and not _unlocks(reader)
        pages = [] if locked else [page.extract_text() or "" for page in reader.pages]
        title = None if locked or reader.metadata is None else reader.metadata.title
    except Exception as exc:  # the parser's (English) words go to the log, the user gets what to do
        log.info("pypdf could not read the file: %s: %s", type(exc).__name__, exc)
        raise LoadError("文件损坏，无法解析为 PDF（文件可能不完整或已损坏），请用 PDF 阅读器打开检查，重新导出或下载后再导入") from exc
    if locked:
        raise LoadError("PDF 已加密，需要密码才能打开，请提供未加密的版本")
    if not pages:
        raise LoadError("文件损坏，无法解析为 PDF：没有任何页面")
    if not any(page.strip() for page in pages):
        raise LoadError("扫描版 PDF，没有文字层，无法提取文字（请提供文字版或先做 OCR）")
    title = (title or "").strip()
    return pages, None if not title or _FILE_NAME_TITLE.fullmatch(title) else title


def parse_pdf(raw: bytes) -> Parsed:
    pages, title = _pdf_pages(raw)
    page_lines = [[cleaned for line in page.splitlines() if (cleaned := clean_line(line))] for page in pages]
    lines = [line for page in _drop_running_lines(page_lines) for line in page if not PAGE_NUMBER.fullmatch(line)]
    meta = DocMeta(title=title)
    return Parsed(text_blocks(_reflow(lines), first_line_is_title=meta.title is None), meta)

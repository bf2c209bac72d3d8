"""PDF text layers; a scanned PDF without one is reported, not silently skipped."""

from __future__ import annotations

import logging
import re
from io import BytesIO

from pypdf import PasswordType, PdfReader

from ingest.loaders.common import PAGE_NUMBER, DocMeta, LoadError, Parsed, clean_line
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
    lines = [line for page in drop_running_lines(page_lines) for line in page if not PAGE_NUMBER.fullmatch(line)]
    meta = DocMeta(title=title)
    return Parsed(text_blocks(reflow(lines), first_line_is_title=meta.title is None), meta)

"""PDF text layers; a scanned PDF without one is reported, not silently skipped."""

from __future__ import annotations

from io import BytesIO

from pypdf import PasswordType, PdfReader

from ingest.loaders.common import PAGE_NUMBER, DocMeta, LoadError, Parsed, clean_line
from ingest.loaders.plaintext import text_blocks, text_heading

def _width(line: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in line)  # CJK glyphs are twice as wide as ASCII


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
        if out and wraps and not text_heading(line):
            out[-1] += (" " if out[-1][-1].isascii() and line[0].isascii() else "") + line
        else:
            out.append(line)
        wraps = width >= 0.8 * full and line[-1] not in "。！？；：!?;:" and not text_heading(line)
    return out


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
    except Exception as exc:
        raise LoadError(f"文件损坏，无法解析为 PDF：{exc}") from exc
    if locked:
        raise LoadError("PDF 已加密，需要密码才能打开，请提供未加密的版本")
    if not pages:
        raise LoadError("文件损坏，无法解析为 PDF：没有任何页面")
    if not any(page.strip() for page in pages):
        raise LoadError("扫描版 PDF，没有文字层，无法提取文字（请提供文字版或先做 OCR）")
    return pages, None if title in (None, "", "untitled") else title


def parse_pdf(raw: bytes) -> Parsed:
    pages, title = _pdf_pages(raw)
    lines = [
        cleaned for page in pages for line in page.splitlines()
        if (cleaned := clean_line(line)) and not PAGE_NUMBER.fullmatch(cleaned)
    ]
    meta = DocMeta(title=title)
    return Parsed(text_blocks(_reflow(lines), first_line_is_title=meta.title is None), meta)

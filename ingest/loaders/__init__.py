"""Load md/txt/html/docx/pdf files into a title, metadata and heading-pathed sections of clean text."""

from __future__ import annotations

import errno
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from ingest.loaders.common import MB, DocMeta, LoadedDocument, LoadError, Parsed, Section, assemble, clean_line
from ingest.loaders.html import parse_html
from ingest.loaders.markdown import parse_markdown
from ingest.loaders.pdf import parse_pdf
from ingest.loaders.plaintext import parse_txt
from ingest.loaders.word import parse_docx

__all__ = ["SUPPORTED_SUFFIXES", "DocMeta", "LoadError", "LoadedDocument", "Section", "load_document"]

PARSERS: dict[str, Callable[[bytes], Parsed]] = {
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".txt": parse_txt,
    ".html": parse_html,
    ".htm": parse_html,
    ".xhtml": parse_html,
    ".shtml": parse_html,  # server-side-include pages, common on government sites
    ".docx": parse_docx,
    ".pdf": parse_pdf,
}
SUPPORTED_SUFFIXES = frozenset(PARSERS)
TITLE_LINES = 3  # a title repeated above the text spans at most this many lines
_OS_REASONS = {errno.ENOENT: "文件不存在", errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
               errno.EISDIR: "这是一个文件夹", errno.EIO: "磁盘读取错误"}


def load_document(path: Path, max_bytes: int) -> LoadedDocument:
    """Read, parse and clean one file; raises LoadError for anything a user has to fix."""
    suffix = path.suffix.lower()
    if path.name.startswith("~$"):
        raise LoadError("这是 Word/WPS 打开文档时生成的临时锁定文件（~$ 开头），不是文档本身，请关闭文档后导入原文件")
    if suffix not in SUPPORTED_SUFFIXES:
        supported = "、".join(sorted(SUPPORTED_SUFFIXES))
        raise LoadError(f"不支持的文件类型 {suffix or '（无扩展名）'}，请转换为以下格式之一：{supported}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            limit = _format_size(max_bytes)
            raise LoadError(f"文件过大（{_format_size(size)}，上限 {limit}），请拆分后再导入")
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"无法读取文件：{_OS_REASONS.get(exc.errno, '读取出错')}，请检查路径和权限后重试") from exc
    if not raw:
        raise LoadError("文件为空（0 字节），请确认文件已正确保存后重新导入")

    parsed = PARSERS[suffix](raw)
    block_title, sections = assemble(parsed.blocks)
    if not sections and block_title:  # a one-line file: its only line is its content, not just a title
        sections = [Section(heading_path=[], text=block_title)]
    if not sections:
        raise LoadError("文件为空：清理后没有可提取的文字内容，请确认文件中有正文文字（不是只有空白、图片或网页导航）")
    title = parsed.meta.title or block_title or parsed.fallback_title or path.stem
    return LoadedDocument(
        path=path,
        title=title,
        meta=parsed.meta.model_dump(exclude_none=True),
        sections=_without_title(sections, title),
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def _without_title(sections: list[Section], title: str) -> list[Section]:
    """The title once, as the title: not again as the first line of text (a PDF or page whose title came
    from its metadata or <title>, and whose first line repeats it) nor as a heading under itself."""
    key = clean_line(title)
    sections = [s.model_copy(update={"heading_path": [h for h in s.heading_path if h != key]}) for s in sections]
    first = sections[0]
    lines = first.text.split("\n")
    # the title may be set on two or three lines of its own (a long title centred on a PDF's first page)
    said = next((k for k in range(1, min(TITLE_LINES, len(lines)) + 1)
                 if _bare("".join(lines[:k])) == _bare(key)), None)
    if first.heading_path or said is None:
        return sections
    rest = "\n".join(lines[said:]).strip()
    if not rest:  # the title line was the whole section: drop it, unless it is the whole document
        return sections[1:] or sections
    return [first.model_copy(update={"text": rest}), *sections[1:]]


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", clean_line(text))


def _format_size(n: int) -> str:
    for unit, scale in (("MB", MB), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} B"

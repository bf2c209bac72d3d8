"""Load md/txt/html/docx/pdf files into a title, metadata and heading-pathed sections of clean text.

Every format is first turned into a flat list of blocks — (level, text), level 0 for body text and
1.. for headings, 1 being the document title — and one assembler turns blocks into sections, so the
heading rules live in one place. Problems a user can fix raise LoadError with a Chinese reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, datetime
from io import BytesIO
from itertools import groupby, zip_longest
from pathlib import Path
from typing import Any, NamedTuple

import charset_normalizer
import docx
import frontmatter
import yaml
from bs4 import BeautifulSoup, NavigableString, Tag
from docx.table import Table
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator
from pypdf import PasswordType, PdfReader

SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".docx", ".pdf"}

Block = tuple[int, str]  # (0, body text) or (heading level, heading text); level 1 is the title
MB = 1024 * 1024


class Section(BaseModel):
    heading_path: list[str]  # headings above the text, outermost first; never the document title
    text: str


class LoadedDocument(BaseModel):
    path: Path
    title: str
    meta: dict[str, Any]
    sections: list[Section]
    content_hash: str  # sha256 of the raw bytes: unchanged files are skipped on re-ingest


class LoadError(Exception):
    """A file that cannot be ingested; `reason` is Chinese and tells the user what to do."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DocMeta(BaseModel):
    """Document metadata from front matter or file properties; unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)

    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None
    sources: list[str] | None = Field(None, validation_alias=AliasChoices("sources", "source"))
    doc_type: str = "document"
    item_id: str | None = None
    item_ids: list[str] | None = None
    stage: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str) and (m := re.match(r"\d{4}-\d{2}-\d{2}", value.strip())):
            return m.group()  # "2024-03-01 10:00" from web pages -> the date only
        return value

    @field_validator("sources", "item_ids", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("title", mode="after")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return _clean_line(value or "") or None


class _Parsed(NamedTuple):
    blocks: list[Block]
    meta: DocMeta
    fallback_title: str | None = None  # used when neither meta nor a level-1 block gives a title


# ---------------------------------------------------------------- entry point


def load_document(path: Path, max_bytes: int) -> LoadedDocument:
    """Read, parse and clean one file; raises LoadError for anything a user has to fix."""
    suffix = path.suffix.lower()
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
        raise LoadError(f"无法读取文件：{exc.strerror or exc}") from exc
    if not raw:
        raise LoadError("文件为空（0 字节）")

    parsed = _PARSERS[suffix](raw)
    block_title, sections = _assemble(parsed.blocks)
    if not sections:
        raise LoadError("文件为空：清理后没有可提取的文字内容")
    title = parsed.meta.title or block_title or parsed.fallback_title or path.stem
    return LoadedDocument(
        path=path,
        title=title,
        meta=parsed.meta.model_dump(exclude_none=True),
        sections=sections,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def _format_size(n: int) -> str:
    for unit, scale in (("MB", MB), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} B"


def _assemble(blocks: list[Block]) -> tuple[str | None, list[Section]]:
    """Group body blocks under the heading stack; a heading closes the text before it."""
    title: str | None = None
    stack: list[tuple[int, str]] = []
    body: list[str] = []
    sections: list[Section] = []

    def flush() -> None:
        if text := _clean_text("\n".join(body)):
            sections.append(Section(heading_path=[h for _, h in stack], text=text))
        body.clear()

    for level, text in blocks:
        if level == 0:
            body.append(text)
            continue
        flush()
        if not (heading := _clean_line(text)):
            continue
        if level == 1:
            title = title or heading
            stack.clear()
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, heading))
    flush()
    return title, sections


# ---------------------------------------------------------------- cleaning

# Full-width digits and Latin letters only: NFKC on everything would also turn "，：（" into ASCII.
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for c in range(r[0], r[1] + 1)}
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f]")
_PAGE_NUMBER = re.compile(
    r"[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页"
    r"|page\s*\d+(\s*of\s*\d+)?",
    re.IGNORECASE,
)


def _clean_line(line: str) -> str:
    line = _INVISIBLE.sub("", line.translate(_FULLWIDTH_ALNUM))
    return _SPACES.sub(" ", line).strip()


def _clean_text(text: str) -> str:
    """Clean each line, drop page-number lines, keep one blank line between paragraphs."""
    lines = [_clean_line(line) for line in text.splitlines()]
    kept = "\n".join(line for line in lines if not _PAGE_NUMBER.fullmatch(line))
    return re.sub(r"\n{3,}", "\n\n", kept).strip()


def _render_table(rows: list[list[str]], has_header: bool) -> str:
    """Header tables as "列：值；列：值" rows (each row reads on its own); others as pipe rows."""
    rows = [row for row in rows if any(row)]
    if has_header and len(rows) > 1:
        header, *body = rows
        lines = ["；".join(f"{h}：{v}" if h else v for h, v in zip_longest(header, row, fillvalue="") if v)
                 for row in body]
    else:
        lines = [" | ".join(row) for row in rows]
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- text decoding

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"}


def _strict_decode(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode("gb18030" if encoding.lower() in _GB_FAMILY else encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _decode(raw: bytes, declared: str | None = None) -> str:
    """Declared charset if it works, else UTF-8, else detection; the GB family is read as gb18030.

    UTF-8 goes first: GBK bytes are almost never valid UTF-8. gb18030 is not tried blindly because
    Big5 text decodes as (wrong) gb18030 too; detection decides between them.
    """
    text = (declared and _strict_decode(raw, declared)) or _strict_decode(raw, "utf-8-sig")
    if text is None:
        match = charset_normalizer.from_bytes(raw).best()
        if match is None:
            raise LoadError("无法识别文本编码，请另存为 UTF-8 编码后重试")
        text = raw.decode("gb18030") if match.encoding in _GB_FAMILY else str(match)
    if "\x00" in text:  # valid UTF-8 can still be binary data
        raise LoadError("无法识别文本编码（内容像二进制数据），请确认是文本文件并另存为 UTF-8")
    return text


# ---------------------------------------------------------------- plain-text headings (TXT, PDF)

_CN_NUM = "一二三四五六七八九十百零〇两"
_TEXT_HEADINGS = [  # ranks 章 > 节 > 一、 > （一）; "第一条" articles are text, not headings
    (re.compile(rf"第[{_CN_NUM}\d]+[编章](\s*\S.*)?"), 2),
    (re.compile(rf"第[{_CN_NUM}\d]+节(\s*\S.*)?"), 3),
    (re.compile(rf"[{_CN_NUM}]+、\s*\S.*"), 4),
    (re.compile(rf"[（(][{_CN_NUM}]+[）)]\s*\S.*"), 5),
]


def _text_heading(line: str) -> Block | None:
    """A short line in a heading pattern; numbered sentences ("一、企业应当……。") stay text."""
    line = line.strip()
    if not line or len(line) > 40 or line[-1] in "。；;，,":
        return None
    if markdown := re.fullmatch(r"(#{1,4})\s+(\S.*)", line):
        return len(markdown[1]), markdown[2]
    return next(((level, line) for pattern, level in _TEXT_HEADINGS if pattern.fullmatch(line)), None)


def _text_blocks(lines: list[str], first_line_is_title: bool = True) -> list[Block]:
    blocks = [_text_heading(line) or (0, line) for line in lines]
    if first_line_is_title:
        first = next((i for i, (_, text) in enumerate(blocks) if text.strip()), None)
        if first is not None and blocks[first][0] == 0 and len(blocks[first][1].strip()) <= 40:
            blocks[first] = (1, blocks[first][1])
    return blocks


def _parse_txt(raw: bytes) -> _Parsed:
    return _Parsed(_text_blocks(_decode(raw).splitlines()), DocMeta())


# ---------------------------------------------------------------- Markdown

_MD_HEADING = re.compile(r"(#{1,6})\s+(.+?)\s*#*\s*")
_MD_TABLE_RULE = re.compile(r":?-{3,}:?")
_MD_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # link -> link text
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),
    (re.compile(r"(\*\*|__|~~)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # not the "* " list marker
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"^\s*>\s?"), ""),  # blockquote marker
]


def _strip_markdown(line: str) -> str:
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return line


def _markdown_table(lines: list[str]) -> str:
    rows = [[_strip_markdown(c.strip()) for c in line.strip().strip("|").split("|")] for line in lines]
    has_header = len(rows) > 1 and all(_MD_TABLE_RULE.fullmatch(c.replace(" ", "")) for c in rows[1])
    return _render_table([rows[0], *rows[2:]] if has_header else rows, has_header)


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Front matter mapping and the body; python-frontmatter alone silently drops a non-mapping."""
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return {}, text
    try:
        front, body = handler.split(text)
    except ValueError as exc:
        raise LoadError("文件头部的 front matter 缺少结束的 --- 行，请补全后重试") from exc
    try:
        data = handler.load(front) or {}
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: impossible dates such as 2024-13-01
        reason = f"文件头部的 front matter（两行 --- 之间的 YAML）格式错误，请修正后重试：{exc}"
        raise LoadError(reason) from exc
    if not isinstance(data, dict):
        raise LoadError("文件头部的 front matter 必须是“键: 值”形式的 YAML，例如 title: 节能审查办事指南")
    return data, body


def _parse_markdown(raw: bytes) -> _Parsed:
    data, text = _front_matter(_decode(raw))
    try:
        meta = DocMeta.model_validate(data)
    except ValidationError as exc:
        fields = "、".join(str(err["loc"][0]) for err in exc.errors())
        raise LoadError(f"front matter 字段取值不正确：{fields}，请修正后重试") from exc

    blocks: list[Block] = []
    for is_table, group in groupby(text.splitlines(), key=lambda ln: ln.lstrip().startswith("|")):
        lines = list(group)
        if is_table:
            blocks.append((0, _markdown_table(lines)))
            continue
        for line in lines:
            heading = _MD_HEADING.fullmatch(line)
            if heading and len(heading[1]) <= 4:
                blocks.append((len(heading[1]), _strip_markdown(heading[2])))
            elif not re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", line):  # horizontal rules carry no text
                blocks.append((0, _strip_markdown(heading[2] if heading else line)))  # "#####": text
    return _Parsed(blocks, meta)


# ---------------------------------------------------------------- HTML

_CHROME_TAGS = ["nav", "header", "footer", "aside", "script", "style", "noscript", "iframe", "template"]
_CHROME_NAMES = re.compile(  # class/id words for page chrome; "daohang" (导航) is common on government sites
    r"(?<![a-z])(nav|navbar|navigation|daohang|breadcrumbs?|crumbs?|menus?"
    r"|footer|sidebar|side-?bar|copyright)(?![a-z])",
    re.IGNORECASE,
)
_BLOCK_TAGS = ["p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
               "pre", "tr", "td", "th", "h5", "h6", "address", "figure", "figcaption", "center"]
_HEADING_MARK = "\x01"  # marks heading lines in the flattened text (not a str.splitlines() boundary)
# Government sites publish these per the 政府网站发展指引; map them onto our metadata keys.
_HTML_META = {"articletitle": "title", "pubdate": "date", "contentsource": "issuer"}


def _chrome_by_name(tag: Tag) -> bool:
    names = " ".join([*tag.get("class", []), tag.get("id") or ""])
    return tag.name == "form" or bool(_CHROME_NAMES.search(names))


def _drop_chrome(root: Tag) -> None:
    """Remove navigation, headers, footers, sidebars, scripts and forms, but not page wrappers."""
    for tag in root.find_all(_CHROME_TAGS):
        own_header = tag.name in ("header", "footer") and tag.find_parent(["article", "main"])
        # decomposed: removed with a parent already; an article's own header holds its title
        if not tag.decomposed and not own_header:
            tag.decompose()
    page_chars = len(root.get_text(strip=True))
    for tag in root.find_all(_chrome_by_name):
        # ASP.NET pages wrap everything in one <form>, and a "page-with-sidebar" div wraps the content.
        if not tag.decomposed and len(tag.get_text(strip=True)) < page_chars / 2:
            tag.decompose()


def _html_table(table: Tag) -> str:
    rows = [cells for tr in table.find_all("tr") if (cells := tr.find_all(["th", "td"]))]
    has_header = bool(rows) and (
        all(c.name == "th" for c in rows[0]) or rows[0][0].find_parent("thead") is not None)
    return _render_table([[c.get_text(" ", strip=True) for c in row] for row in rows], has_header)


def _parse_html(raw: bytes) -> _Parsed:
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", raw[:4096], re.IGNORECASE)
    soup = BeautifulSoup(_decode(raw, declared[1].decode("ascii") if declared else None), "html.parser")

    found = {key: tag["content"] for tag in soup.find_all("meta", attrs={"name": True, "content": True})
             if (key := _HTML_META.get(str(tag["name"]).lower()))}
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root = soup.body or soup

    _drop_chrome(root)
    for text in root.find_all(string=True):
        if type(text) is not NavigableString:  # comments, doctype, CDATA
            text.extract()
        elif not text.find_parent("pre"):  # source line breaks are not paragraph breaks in HTML
            text.replace_with(re.sub(r"\s+", " ", text))
    for table in root.find_all("table"):
        if not table.find("table"):  # tables holding tables are page layout, walked as blocks
            table.replace_with(f"\n{_html_table(table)}\n")
    for heading in root.find_all(["h1", "h2", "h3", "h4"]):
        heading.replace_with(f"\n{_HEADING_MARK}{heading.name[1]}{heading.get_text(' ', strip=True)}\n")
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")

    blocks = [
        (int(line[1]), line[2:]) if line.startswith(_HEADING_MARK) else (0, line)
        for line in (ln.strip() for ln in root.get_text().splitlines())
        if line
    ]
    # "节能审查办事指南_某某区人民政府" -> the part before the site name
    fallback = re.split(r"\s*(?:[_|｜]|-{2,}|—{2}|\s[-—]\s)\s*", page_title)[0] or None
    return _Parsed(blocks, DocMeta.model_validate(found), fallback)


# ---------------------------------------------------------------- DOCX

_DOCX_HEADING = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)
_DOCX_TITLE = re.compile(r"title|标题", re.IGNORECASE)


def _docx_level(style_name: str) -> int:
    """Title style -> 1; "Heading N"/"标题 N" -> N + 1 (Heading 1 is a section); else 0."""
    if _DOCX_TITLE.fullmatch(style_name):
        return 1
    heading = _DOCX_HEADING.fullmatch(style_name)
    return int(heading[1]) + 1 if heading else 0


def _docx_table(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            if cell._tc is not previous:  # a merged cell is repeated once per grid column it spans
                cells.append(" ".join(cell.text.split()))
            previous = cell._tc
        rows.append(cells)
    return _render_table(rows, has_header=False)  # Word does not say whether row 1 is a header


def _parse_docx(raw: bytes) -> _Parsed:
    # python-docx reports a damaged package through many exception types (zip, XML, KeyError).
    try:
        document = docx.Document(BytesIO(raw))
        blocks: list[Block] = [
            (0, _docx_table(item)) if isinstance(item, Table)
            else (_docx_level(item.style.name if item.style else ""), item.text)
            for item in document.iter_inner_content()
        ]
        core_title = document.core_properties.title
    except Exception as exc:
        raise LoadError(f"文件损坏，无法解析为 Word 文档（.docx）：{exc}。如果是旧版 .doc，请先另存为 .docx") from exc

    levels = [level for level, text in blocks if level and text.strip()]
    if 1 not in levels and levels.count(2) == 1 and levels[0] == 2:
        # A lone leading Heading 1 is the document's title, like Markdown's single "#".
        first = next(i for i, (level, text) in enumerate(blocks) if level == 2 and text.strip())
        blocks[first] = (1, blocks[first][1])
    first_heading = next((text for level, text in blocks if level and text.strip()), None)
    return _Parsed(blocks, DocMeta(title=core_title), first_heading)


# ---------------------------------------------------------------- PDF


def _width(line: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in line)  # CJK glyphs are twice as wide as ASCII


def _reflow(lines: list[str]) -> list[str]:
    """Join a PDF's visual line wraps back into paragraphs, so that splitting by line keeps sentences whole.

    A line "wraps" when it is nearly as wide as the widest line and does not end a sentence.
    """
    full = max(map(_width, lines), default=0)
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        if (previous and _width(previous) >= 0.8 * full and previous[-1] not in "。！？；：!?;:"
                and not _text_heading(previous) and not _text_heading(line)):
            out[-1] = previous + (" " if previous[-1].isascii() and line[0].isascii() else "") + line
        else:
            out.append(line)
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


def _parse_pdf(raw: bytes) -> _Parsed:
    pages, title = _pdf_pages(raw)
    lines = [
        cleaned for page in pages for line in page.splitlines()
        if (cleaned := _clean_line(line)) and not _PAGE_NUMBER.fullmatch(cleaned)
    ]
    meta = DocMeta(title=title)
    return _Parsed(_text_blocks(_reflow(lines), first_line_is_title=meta.title is None), meta)


_PARSERS: dict[str, Callable[[bytes], _Parsed]] = {
    ".md": _parse_markdown,
    ".markdown": _parse_markdown,
    ".txt": _parse_txt,
    ".html": _parse_html,
    ".htm": _parse_html,
    ".docx": _parse_docx,
    ".pdf": _parse_pdf,
}

"""Word documents (.docx): heading styles, paragraphs and tables in document order."""

from __future__ import annotations

import logging
import re
import zipfile
from io import BytesIO

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from ingest.loaders.common import Block, DocMeta, LoadError, Parsed, render_table
from ingest.loaders.plaintext import letterhead, text_heading

log = logging.getLogger(__name__)

_DOCX_HEADING = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)
_DOCX_TITLE = re.compile(r"title|标题", re.IGNORECASE)
# A .docx is a zip: these bound what it may unpack to (a 2 MB file can hold 800 MB of XML). Real
# documents, images included, stay far below; the worker's memory cap is the last line behind them.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 5000


def _docx_level(paragraph: Paragraph) -> int:
    """The paragraph's style: Title -> 1; "Heading N"/"标题 N" -> N + 1 (Heading 1 is a section); else 0."""
    style_name = paragraph.style.name if paragraph.style else ""
    if _DOCX_TITLE.fullmatch(style_name):
        return 1
    heading = _DOCX_HEADING.fullmatch(style_name)
    return int(heading[1]) + 1 if heading else 0


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NS = {"w": _W, "mc": _MC}
# Text boxes and shapes: Word writes each twice (DrawingML in mc:Choice, VML in mc:Fallback); read one.
_TEXT_BOX_PARAGRAPHS = etree.XPath(".//w:txbxContent[not(ancestor::mc:Fallback)]//w:p[not(.//w:txbxContent)]",
                                   namespaces=_NS)
_FOOTNOTE_REFS = etree.XPath(".//w:footnoteReference/@w:id | .//w:endnoteReference/@w:id", namespaces=_NS)


def _xml_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{_W}}}t"))


def _cell_text(cell: _Cell) -> str:
    """A cell's paragraphs, and a table nested in it as "a b；c d" (cell.text leaves nested tables out)."""
    parts = []
    for item in cell.iter_inner_content():
        if isinstance(item, Table):
            parts.append("；".join(" ".join(row) for row in _table_rows(item) if any(row)))
        else:
            parts.append(item.text)
    return " ".join(" ".join(parts).split())


def _table_rows(table: Table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            if cell._tc is not previous:  # a merged cell is repeated once per grid column it spans
                cells.append(_cell_text(cell))
            previous = cell._tc
        rows.append(cells)
    return rows


def _docx_table(table: Table) -> str:
    return render_table(_table_rows(table), has_header=False)  # Word does not say whether row 1 is a header: inferred


def _notes(document: docx.document.Document) -> dict[str, str]:
    """Footnote and endnote texts by id (separators have none)."""
    notes: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(("/footnotes", "/endnotes")):
            continue
        root = parse_xml(rel.target_part.blob)  # python-docx's parser: no entities resolved (XXE)
        for note in root:
            if (note_id := note.get(f"{{{_W}}}id")) and (text := " ".join(_xml_text(note).split())):
                notes[note_id] = text
    return notes


def _bold(paragraph: Paragraph) -> bool:
    """Every run with text is bold, by its own format, its character style or the paragraph's style."""
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(
        run.bold if run.bold is not None else
        bool(run.style is not None and run.style.font.bold) or style_bold for run in runs)


def _level(paragraph: Paragraph) -> int:
    """The heading style's level; else a bold paragraph in a heading pattern ("一、申请条件") is a heading at
    that pattern's level, as in a text file: documents typed without heading styles mark sections so."""
    level = _docx_level(paragraph)
    if level or not _bold(paragraph):
        return level
    heading = text_heading(paragraph.text)
    return heading[0] if heading else 0


def _centred(paragraph: Paragraph) -> bool:
    alignment = paragraph.paragraph_format.alignment
    if alignment is None and paragraph.style is not None:
        alignment = paragraph.style.paragraph_format.alignment
    return alignment == WD_ALIGN_PARAGRAPH.CENTER


MAX_TITLE_CHARS = 60


def _typed_title(document: docx.document.Document) -> int | None:
    """The position among the body's items of the title of a document typed without a Title style: a bold
    paragraph among the centred ones it opens with (a notice's document number, also centred, is not bold; the
    issuing office's red mark "某某局文件" above it is bold, but letterhead, not the title)."""
    for i, item in enumerate(document.iter_inner_content()):
        if isinstance(item, Table):
            return None
        text = item.text.strip()
        if not text or letterhead(text)[0]:
            continue
        if not _centred(item) or _docx_level(item):
            return None
        if _bold(item) and len(text) <= MAX_TITLE_CHARS and text_heading(text) is None:
            return i
    return None


def _drop_letterhead(blocks: list[Block], at: list[int]) -> str | None:
    """Blank the letterhead paragraphs the document opens with, around its title ("某某局文件", "某发〔2025〕12号"):
    no content, and a document number alone would make a chunk of its own. Returns the number (doc_number)."""
    number = None
    for start in at:
        level, text = blocks[start]
        if not text.strip() or level == 1:
            continue
        is_letterhead, found = letterhead(text) if level == 0 else (False, None)
        if not is_letterhead:
            break
        blocks[start] = (0, "")
        number = number or found
    return number


def _paragraph_blocks(paragraph: Paragraph, notes: dict[str, str], numbered: list[str]) -> list[Block]:
    """The paragraph; then the text of its text boxes, and its footnotes as "注1：……" (python-docx's
    paragraph.text holds neither)."""
    blocks: list[Block] = [(_level(paragraph), paragraph.text)]
    blocks += [(0, text) for p in _TEXT_BOX_PARAGRAPHS(paragraph._p) if (text := _xml_text(p).strip())]
    for ref in _FOOTNOTE_REFS(paragraph._p):
        if ref in notes:
            numbered.append(ref)
            blocks.append((0, f"注{len(numbered)}：{notes[ref]}"))
    return blocks


def _check_package(raw: bytes) -> None:
    """Refuse zip bombs from the central directory, before anything is unpacked. The declared sizes can
    be trusted: zipfile never returns more bytes than an entry declares."""
    try:
        entries = zipfile.ZipFile(BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise LoadError("文件损坏，无法解析为 Word 文档（.docx）。如果是旧版 .doc，请先另存为 .docx") from exc
    if len(entries) > MAX_ENTRIES:
        raise LoadError(f"Word 文档内部文件过多（{len(entries)} 个，上限 {MAX_ENTRIES} 个），文件可能异常，请另存后再导入")
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNZIPPED_BYTES:
        raise LoadError(f"Word 文档解压后过大（{unpacked // (1024 * 1024)} MB，上限 {MAX_UNZIPPED_BYTES // (1024 * 1024)} MB），"
                        "可能是压缩炸弹或含超大图片，请压缩图片或拆分后再导入")


def parse_docx(raw: bytes) -> Parsed:
    _check_package(raw)
    # python-docx reports a damaged package through many exception types (zip, XML, KeyError).
    try:
        document = docx.Document(BytesIO(raw))
        notes, numbered = _notes(document), []
        blocks: list[Block] = []
        at: list[int] = []  # the index of each body item's (first) block
        for item in document.iter_inner_content():
            at.append(len(blocks))
            if isinstance(item, Table):
                blocks.append((0, _docx_table(item)))
            else:
                blocks += _paragraph_blocks(item, notes, numbered)
        if (title := _typed_title(document)) is not None and not any(level == 1 for level, _ in blocks):
            blocks[at[title]] = (1, blocks[at[title]][1])
        number = _drop_letterhead(blocks, at)
        core_title = document.core_properties.title
        # Only a heading style names the document: a bold "一、申请条件" is a section, not its title.
        first_heading = next((p.text for p in document.paragraphs
                              if p.text.strip() and _docx_level(p)), None)
    except Exception as exc:  # the parser's (English) words go to the log, the user gets what to do
        log.info("python-docx could not read the file: %s: %s", type(exc).__name__, exc)
        raise LoadError("文件损坏，无法解析为 Word 文档（.docx）：缺少 Word 文档的必要部件或内容已损坏。"
                        "请用 Word 或 WPS 打开检查并另存为 .docx；如果是旧版 .doc，请先另存为 .docx") from exc

    levels = [level for level, text in blocks if level and text.strip()]
    if 1 not in levels and levels.count(2) == 1 and levels[0] == 2:
        # A lone leading Heading 1 is the document's title, like Markdown's single "#".
        first = next(i for i, (level, text) in enumerate(blocks) if level == 2 and text.strip())
        blocks[first] = (1, blocks[first][1])
    return Parsed(blocks, DocMeta(title=core_title, doc_number=number), first_heading)

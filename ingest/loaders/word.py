"""Word documents (.docx): heading styles, paragraphs and tables in document order."""

from __future__ import annotations

import re
from io import BytesIO

import docx
from docx.table import Table

from ingest.loaders.common import Block, DocMeta, LoadError, Parsed, render_table

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
    return render_table(rows, has_header=False)  # Word does not say whether row 1 is a header


def parse_docx(raw: bytes) -> Parsed:
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
    return Parsed(blocks, DocMeta(title=core_title), first_heading)

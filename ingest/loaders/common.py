"""What every loader shares: the document models, the block assembler, text cleaning and decoding.

Every format is first turned into a flat list of blocks — (level, text), level 0 for body text and
1.. for headings, 1 being the document title — and `assemble` turns blocks into sections, so the
heading rules live in one place. Problems a user can fix raise LoadError with a Chinese reason.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from itertools import zip_longest
from pathlib import Path
from typing import Any, NamedTuple

import charset_normalizer
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

Block = tuple[int, str]  # (0, body text) or (heading level, heading text); level 1 is the title
# (level, SECTION_END): the sections of that level and below end here, and no heading opens (a numbered clause
# "五、收费标准：不收费" after the heading "四、申请材料：" is no longer under it)
SECTION_END = "\x03"
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
        return clean_line(value or "") or None


class Parsed(NamedTuple):
    blocks: list[Block]
    meta: DocMeta
    fallback_title: str | None = None  # used when neither meta nor a level-1 block gives a title


def assemble(blocks: list[Block]) -> tuple[str | None, list[Section]]:
    """Group body blocks under the heading stack; a heading closes the text before it."""
    title: str | None = None
    stack: list[tuple[int, str]] = []
    body: list[str] = []
    sections: list[Section] = []

    def flush() -> None:
        if text := clean_text("\n".join(body)):
            sections.append(Section(heading_path=[h for _, h in stack], text=text))
        body.clear()

    for level, text in blocks:
        if level == 0:
            body.append(text)
            continue
        flush()
        if text == SECTION_END:
            while stack and stack[-1][0] >= level:
                stack.pop()
            continue
        if not (heading := clean_line(text)):
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


# Full-width digits and Latin letters only: NFKC on everything would also turn "，：（" into ASCII.
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for c in range(r[0], r[1] + 1)}
# PDF text layers of CJK fonts (Noto/Source Han, as Chromium and Word embed them) often map glyphs to the
# radical blocks instead of the ideographs: "建设⽤地" (U+2F64), "⼀、" (U+2F00), "中华⼈⺠" (U+2EA0), "部⻔"
# (U+2ED4). They look right but match no search. Kangxi radicals have NFKC decompositions; the CJK Radicals
# Supplement mostly has none, so its characters that stand for a whole ideograph are mapped per Unicode's
# EquivalentUnifiedIdeograph.txt (radical-only shapes such as ⺅ are left alone).
_RADICAL_SUPPLEMENT = dict(zip(
    [0x2E81, 0x2E84, 0x2E8A, 0x2E8C, 0x2E8D, 0x2E8E, 0x2E92, 0x2E93, 0x2E97, 0x2E9C, 0x2E9D, 0x2E9F, 0x2EA0,
     0x2EA7, 0x2EA9, 0x2EAB, 0x2EAC, 0x2EAF, 0x2EB6, 0x2EB7, 0x2EBB, 0x2EBC, 0x2EBD, 0x2EC1, 0x2EC4, 0x2EC5,
     0x2EC6, 0x2EC9, 0x2ECB, 0x2ED1, 0x2ED3, 0x2ED4, 0x2ED7, 0x2ED8, 0x2ED9, 0x2EDA, 0x2EDB, 0x2EDC, 0x2EDD,
     0x2EE2, 0x2EE3, 0x2EE4, 0x2EE5, 0x2EE6, 0x2EE7, 0x2EE8, 0x2EE9, 0x2EEA, 0x2EEC, 0x2EEE, 0x2EF0, 0x2EF3],
    "厂乙卜小小兀巳幺心日月母民牛王目示糸羊羊聿肉臼虎西见角贝车長长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龟",
    strict=True))
_KANGXI = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
# Half-width CJK punctuation (old encodings, OCR): ｡｢｣､ -> 。「」、 so sentences still end at ｡.
_HALFWIDTH_PUNCT = {0xFF61: "。", 0xFF62: "「", 0xFF63: "」", 0xFF64: "、"}
_COMPAT = {**_FULLWIDTH_ALNUM, **_RADICAL_SUPPLEMENT, **_KANGXI, **_HALFWIDTH_PUNCT}
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f]")
PAGE_NUMBER = re.compile(
    r"[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(\s*[/，,]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页"
    r"|page\s*\d+(\s*of\s*\d+)?",
    re.IGNORECASE,
)


def clean_line(line: str) -> str:
    line = _INVISIBLE.sub("", line.translate(_COMPAT))
    return _SPACES.sub(" ", line).strip()


def clean_text(text: str) -> str:
    """Clean each line, drop page-number lines, keep one blank line between paragraphs."""
    lines = [clean_line(line) for line in text.splitlines()]
    kept = "\n".join(line for line in lines if not PAGE_NUMBER.fullmatch(line))
    return re.sub(r"\n{3,}", "\n\n", kept).strip()


_NUMBER_END = re.compile(r"\d[.:,]?$")  # "9", "9:", "3." at a line's end: a number may go on below


def join_wrapped(head: str, tail: str) -> str:
    """Two visual lines of one paragraph as one line. Only Latin words wrapped at a space get it back
    ("Total" + "Investment"); Chinese text wraps anywhere, also inside "9:00", "8:30" or "3000", which stay
    whole."""
    end, start = head[-1:], tail[:1]
    word_end = end.isascii() and (end.isalnum() or end in ",.;:!?)")
    word_start = start.isascii() and (start.isalnum() or start == "(")
    in_number = start.isdigit() and bool(_NUMBER_END.search(head))
    return head + (" " if word_end and word_start and not in_number else "") + tail


CELL_SEP = " | "  # between the cells of a table row written on one line


HEADER_COLUMNS = 3  # a table of two columns is mostly a form of label | value pairs, whose first pair is no header
_DIGIT = re.compile(r"\d")


def labels_over_figures(rows: list[list[str]]) -> bool:
    """Whether the first row labels the columns of a table whose file does not say so (Word, a plain HTML table):
    it is filled with words without a digit, and a column after the first holds figures in two rows of three at
    least (a data column; a form's values are mixed)."""
    if len(rows) < 3 or len(rows[0]) < HEADER_COLUMNS or not all(rows[0]) or any(map(_DIGIT.search, rows[0])):
        return False
    body = rows[1:]
    return any(sum(bool(_DIGIT.search(row[col])) for row in body if col < len(row)) * 3 >= 2 * len(body)
               for col in range(1, len(rows[0])))


def render_table(rows: list[list[str]], has_header: bool) -> str:
    """Header tables as "列：值；列：值" rows (each row reads on its own, and a row a question names is found with
    what its figures are); others as pipe rows. A header the file does not mark is inferred (labels_over_figures)."""
    rows = [row for row in rows if any(row)]
    if (has_header or labels_over_figures(rows)) and len(rows) > 1:
        header, *body = rows
        lines = ["；".join(f"{h}：{v}" if h else v for h, v in zip_longest(header, row, fillvalue="") if v)
                 for row in body]
    else:
        lines = [CELL_SEP.join(row) for row in rows]
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- text decoding

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936"}


def _strict_decode(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode("gb18030" if encoding.lower() in _GB_FAMILY else encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def decode(raw: bytes, declared: str | None = None) -> str:
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

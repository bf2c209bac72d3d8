"""Markdown with YAML front matter: the format of the bundled corpus."""

from __future__ import annotations

import html
import re
from itertools import groupby
from typing import Any

import frontmatter
import yaml
from pydantic import ValidationError

from ingest.loaders.common import Block, DocMeta, LoadError, Parsed, decode, render_table
from ingest.loaders.furniture import info_bar

_MD_HEADING = re.compile(r"(#{1,6})\s+(.+?)\s*#*\s*")
_MD_TABLE_RULE = re.compile(r":?-{3,}:?")
_MD_INLINE = [
    # An image says nothing a reader can quote: its alt text is a file's caption ("首页截图") or decoration,
    # and as text it became a chunk of its own. Dropped, as HTML drops <img>.
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # link -> link text (none left of a linked image)
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),
    (re.compile(r"(\*\*|__|~~)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # not the "* " list marker
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"^\s*>\s?"), ""),  # blockquote marker
    (re.compile(r"\[\^[^\]\s]+\](?!:)"), ""),  # footnote reference "[^1]": its note is kept where defined
    (re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags; their text stays
]
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FOOTNOTE = re.compile(r"\s*\[\^([^\]\s]+)\]:\s*(.*)")  # "[^1]: 见《办法》第八条。"
_FENCE = re.compile(r"\s*(`{3,}|~{3,})[^`]*")
_SETEXT = re.compile(r"\s{0,3}(=+|-+)\s*")
_NOT_PARAGRAPH = re.compile(r"\s*(?:#|[-*+]\s|\d+[.)]\s|>|\|)|\s*$")  # lines a setext underline cannot make a heading


def _strip_markdown(line: str) -> str:
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return html.unescape(line) if "&" in line else line


def _normalise(text: str) -> list[str]:
    """Lines in ATX form: setext headings ("标题" over "===" or "---") become "#"/"##" lines, fenced code
    loses its fences (its lines stay as plain text, never headings or tables), footnote definitions read
    "注1：……", HTML comments go and <br> breaks the line (in a table cell, it is a space)."""
    lines: list[str] = []
    fence = ""
    # <br> breaks a line, but not a table row: in a cell it separates the cell's lines, which stay in the cell
    raw = [_HTML_BREAK.sub(" " if line.lstrip().startswith("|") else "\n", line)
           for line in _HTML_COMMENT.sub("", text).splitlines()]
    for line in "\n".join(raw).splitlines():
        if fence_mark := _FENCE.fullmatch(line):
            if not fence:
                fence = fence_mark[1]
                continue
            if fence_mark[1].startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
                continue
        if fence:
            lines.append("\x00" + line)  # code: kept verbatim, marked so no rule below applies
        elif (underline := _SETEXT.fullmatch(line)) and lines and not lines[-1].startswith("\x00") \
                and not _NOT_PARAGRAPH.match(lines[-1]) and (underline[1][0] == "=" or len(underline[1]) >= 2):
            lines[-1] = ("# " if underline[1][0] == "=" else "## ") + lines[-1].strip()
        elif footnote := _FOOTNOTE.fullmatch(line):
            lines.append(f"注{footnote[1]}：{footnote[2]}")
        else:
            lines.append(line)
    return lines


def _markdown_table(lines: list[str]) -> str:
    rows = [[_strip_markdown(c.strip()) for c in line.strip().strip("|").split("|")] for line in lines]
    has_header = len(rows) > 1 and all(_MD_TABLE_RULE.fullmatch(c.replace(" ", "")) for c in rows[1])
    return render_table([rows[0], *rows[2:]] if has_header else rows, has_header)


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
        mark = getattr(exc, "problem_mark", None)  # line 0 of the YAML is the file's line 2
        where = f"（第 {mark.line + 2} 行附近）" if mark is not None else ""
        reason = f"文件头部的 front matter（两行 --- 之间的 YAML）格式错误{where}，请检查冒号、引号和括号是否成对后重试"
        raise LoadError(reason) from exc
    if not isinstance(data, dict):
        raise LoadError("文件头部的 front matter 必须是“键: 值”形式的 YAML，例如 title: 节能审查办事指南")
    return data, body


# Statutes from the national database end their enactment block (dates of passing and amendments)
# with this marker: what comes before it, except the title, is metadata.
INFO_END = "<!-- INFO END -->"


_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _latest_date(text: str) -> str | None:
    """The last date of an enactment block (its latest amendment), ISO formatted."""
    dates = [f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in _DATE.findall(text)]
    return max(dates) if dates else None


def _enactment(text: str, data: dict[str, Any]) -> str:
    """The body without the enactment block; its latest date becomes the document's date."""
    head, found, body = text.partition(INFO_END)
    if not found:
        return text
    title = [line for line in head.splitlines() if _MD_HEADING.fullmatch(line)]
    if "date" not in data and (latest := _latest_date(head)):
        data["date"] = latest
    return "\n".join([*title, body])


_LIST_ITEM = re.compile(r"(\s*)(?:[-*+]\s+|(?=\d+[.)]\s))(\S.*)")  # an ordered item keeps its number


def _with_sub_item(parent: str, sub: str, first: bool) -> str:
    """A nested list item written onto its parent item's line, so the two are never split apart and the item
    reads with what it details: "- 竣工图纸：建筑专业竣工图；规划核实测量成果报告". The first after a colon, the
    others after a semicolon, unless the text before already ends a clause."""
    if parent.rstrip()[-1:] in "。；：，、;:,!?！？":
        return parent.rstrip() + sub
    return parent.rstrip() + ("：" if first else "；") + sub


def parse_markdown(raw: bytes) -> Parsed:
    data, text = _front_matter(decode(raw))
    text = _enactment(text, data)
    try:
        meta = DocMeta.model_validate(data)
    except ValidationError as exc:
        fields = "、".join(str(err["loc"][0]) for err in exc.errors())
        raise LoadError(f"front matter 字段取值不正确：{fields}，请修正后重试") from exc

    blocks: list[Block] = []

    def kind(line: str) -> str:
        return "code" if line.startswith("\x00") else "table" if line.lstrip().startswith("|") else "text"

    for group_kind, group in groupby(_normalise(text), key=kind):
        lines = list(group)
        if group_kind == "code":
            blocks += [(0, line[1:]) for line in lines]
            continue
        if group_kind == "table":
            blocks.append((0, _markdown_table(lines)))
            continue
        item_indent, subs = None, 0  # the indentation of the list item the lines above belong to, its sub-items
        for line in lines:
            heading = _MD_HEADING.fullmatch(line)
            item = _LIST_ITEM.match(line)
            if item and item_indent is not None and len(item[1].expandtabs(4)) > item_indent:
                blocks[-1] = (0, _with_sub_item(blocks[-1][1], _strip_markdown(item[2]), first=not subs))
                subs += 1
                continue
            if line.strip():
                item_indent, subs = len(item[1].expandtabs(4)) if item else None, 0
            if heading and len(heading[1]) <= 4:
                blocks.append((len(heading[1]), _strip_markdown(heading[2])))
            elif not re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", line) and not info_bar(_strip_markdown(line)):
                # horizontal rules carry no text, nor does a portal page's info bar kept in a Markdown copy
                blocks.append((0, _strip_markdown(heading[2] if heading else line)))  # "#####": text
    return Parsed(blocks, meta)

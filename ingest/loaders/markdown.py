"""Markdown with YAML front matter: the format of the bundled corpus."""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any

import frontmatter
import yaml
from pydantic import ValidationError

from ingest.loaders.common import Block, DocMeta, LoadError, Parsed, decode, render_table

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


def parse_markdown(raw: bytes) -> Parsed:
    data, text = _front_matter(decode(raw))
    text = _enactment(text, data)
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
    return Parsed(blocks, meta)

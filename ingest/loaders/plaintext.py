"""Plain text (TXT, and PDF text layers): Chinese heading patterns and the TXT parser."""

from __future__ import annotations

import re

from ingest.loaders.common import Block, DocMeta, Parsed, clean_line, decode
from knowledge.statute import CN_NUM as _CN_NUM

_TEXT_HEADINGS = [  # ranks 章 > 节 > 一、 > （一）; "第一条" articles are text, not headings
    (re.compile(rf"第[{_CN_NUM}\d]+[编章](\s*\S.*)?"), 2),
    (re.compile(rf"第[{_CN_NUM}\d]+节(\s*\S.*)?"), 3),
    (re.compile(rf"[{_CN_NUM}]+、\s*\S.*"), 4),
    (re.compile(rf"[（(][{_CN_NUM}]+[）)]\s*\S.*"), 5),
]


def text_heading(line: str) -> Block | None:
    """A short line in a heading pattern; numbered sentences ("一、企业应当……。", "一、标题。正文……") stay text."""
    line = clean_line(line)  # "⼀、" (a Kangxi radical from a PDF font) is "一、"; indentation goes
    if not line or len(line) > 40 or line[-1] in "，," or any(mark in line for mark in "。；;！？"):
        return None
    if markdown := re.fullmatch(r"(#{1,4})\s+(\S.*)", line):
        return len(markdown[1]), markdown[2]
    return next(((level, line) for pattern, level in _TEXT_HEADINGS if pattern.fullmatch(line)), None)


def text_blocks(lines: list[str], first_line_is_title: bool = True) -> list[Block]:
    blocks = [text_heading(line) or (0, line) for line in lines]
    if first_line_is_title:
        first = next((i for i, (_, text) in enumerate(blocks) if text.strip()), None)
        if first is not None and blocks[first][0] == 0 and len(blocks[first][1].strip()) <= 40:
            blocks[first] = (1, blocks[first][1])
    return blocks


def parse_txt(raw: bytes) -> Parsed:
    return Parsed(text_blocks(decode(raw).splitlines()), DocMeta())

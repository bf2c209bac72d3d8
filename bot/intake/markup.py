"""Rich text pasted from office systems and note apps, reduced to the text a person reads: HTML copied from a web
page or Word (tags, entities such as &nbsp; and &sup2;, a table's cells), and Markdown (emphasis, inline code,
headings, list bullets, block quotes and code fences). A struck-out span (~~旧值~~) is a value no longer valid:
it is dropped, so the value after it is the one read."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.intake.lexicon import LABEL_OF

# Elements that end a line as a browser shows them; a table's cells are split by tabs, which table.py reads.
_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "table", "tbody", "thead", "ul", "ol", "h1", "h2", "h3", "h4",
                     "h5", "h6", "blockquote", "section", "article", "header", "footer", "hr", "dt", "dd", "pre"})
_CELLS = frozenset({"td", "th"})
# An element's tag or a named or numbered entity: a letter right after "<" ("容积率<1.0" is no tag).
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|<!--|&(?:[A-Za-z]{2,8}|#\d{2,6}|#x[0-9A-Fa-f]{2,5});")


class _Text(HTMLParser):
    """The text of an HTML fragment, a line per block and a tab between the cells of a row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.cells = 0  # cells begun in the current row

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CELLS:
            self.parts.append("\t" if self.cells else "")
            self.cells += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
            self.cells = 0 if tag == "tr" else self.cells

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(text: str) -> str:
    parser = _Text()
    parser.feed(text)
    parser.close()
    plain = "".join(parser.parts).replace("\xa0", " ")  # &nbsp;
    lines = [line.strip(" ") for line in plain.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


# ~~struck~~ on one line, opened before a non-space and closed after one ("~~ 好的~~" is chat, not a strike).
_STRUCK = re.compile(r"(?<!~)~~(?=[^\s~])[^~\n]*?(?<=[^\s~])~~(?!~)")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`\n]+)`")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?P<title>\S[^\n]*?)[ \t#]*$", re.M)
_FENCE = re.compile(r"^[ \t]*```[A-Za-z0-9_-]*[ \t]*$", re.M)
_QUOTE = re.compile(r"^[ \t]*>[ \t]?", re.M)
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(?=\S)", re.M)
_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)


def _heading(m: re.Match[str]) -> str:
    """A heading that is a field's label introduces its value ("## 建设内容"); any other is a section's title, which
    says no value ("## 单位信息", "## 建设内容和产品") and goes."""
    title = m["title"].strip("*_ ")
    return f"{title}：" if title.lower() in LABEL_OF else ""


def _markdown_text(text: str) -> str:
    """The text of a Markdown note. Block quotes are read as text only in a note that is Markdown by its headings
    or emphasis; a bare "> " line is a mail's quoted history (quoted.py)."""
    markdown = bool(_HEADING.search(text) or _EMPHASIS.search(text) or _STRUCK.search(text))
    text = _STRUCK.sub("", text)
    text = _EMPHASIS.sub(r"\2", _CODE.sub(r"\1", text))
    text = _FENCE.sub("", _HEADING.sub(_heading, text))
    if markdown:
        text = _RULE.sub("", _BULLET.sub("", _QUOTE.sub("", text)))
    return text


# A blank of a fill-in template, filled in Word and copied with its underline as underscores ("我单位____某某有限公司
# ____（统一社会信用代码：____9114…____）"): the filled text between two runs of three underscores or more.
_FILLED_BLANK = re.compile(r"_{3,}[ \t]*([^_\n]+?)[ \t]*_{3,}")
# A blank left empty, or one run left over: nothing was written there.
_EMPTY_BLANK = re.compile(r"_{3,}")


def _filled_blanks(text: str) -> str:
    """Each filled blank as its text. When it stands between Chinese words, a space either side ends the value where
    the template's own words resume ("…为 新建 （新建/扩建…）", "主要建设内容为 新建厂房… ，建成后")."""
    def filled(m: re.Match[str]) -> str:
        return m[1].strip()
    return _EMPTY_BLANK.sub("", _FILLED_BLANK.sub(filled, text))


def plain_text(text: str) -> str:
    """The message without its HTML and Markdown markup and its fill-in blanks' underlines; plain text comes back as
    it is."""
    if _HTML.search(text):
        text = _html_text(text)
    if "___" in text:
        text = _filled_blanks(text)
    return _markdown_text(text)

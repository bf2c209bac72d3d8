"""HTML pages: page chrome (navigation, footers, sidebars) dropped, headings and tables kept."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bs4 import BeautifulSoup, NavigableString, Tag

from ingest.loaders.common import DocMeta, LoadError, Parsed, decode, render_table
from ingest.loaders.furniture import MENU_ITEM_CHARS, drop_furniture_lines
from ingest.loaders.plaintext import text_heading
from knowledge.terms import page_blocks, qa_labels, site_title_parts

# "title", "meta", "link", "base" belong to <head>: without a <body> the whole page is walked, and the
# <title> would become a paragraph (the title is read from it before).
_CHROME_TAGS = ["nav", "header", "footer", "aside", "script", "style", "noscript", "iframe", "template",
                "title", "meta", "link", "base", "dialog"]
_CHROME_NAMES = re.compile(  # class/id words for page chrome; "daohang" (导航) is common on government sites
    r"(?<![a-z])(nav|navbar|navigation|daohang|breadcrumbs?|crumbs?|menus?"
    r"|footer|sidebar|side-?bar|copyright|cookies?|consent|gdpr)(?![a-z])",
    re.IGNORECASE,
)
# ARIA roles of page chrome and pop-ups (cookie notices, consent and login dialogs).
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCK_TAGS = ["p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
               "pre", "tr", "td", "th", "h5", "h6", "address", "figure", "figcaption", "center"]
_HEADING_MARK = "\x01"  # marks heading lines in the flattened text (not a str.splitlines() boundary)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never text; \x01 is our heading mark
# Real pages nest a few dozen levels; the tree walks below cost depth × nodes, so a 200k-deep page would
# take hours. Deeper pages are refused after one linear pass.
MAX_DEPTH = 256
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SELF_CLOSING = {"p", "li", "dt", "dd", "tr", "td", "th", "option"}  # an open one ends at the next sibling
# Government sites publish these per the 政府网站发展指引; map them onto our metadata keys.
MAX_COLUMNS = 64  # a cell never spans more columns than this (colspan="1000000" would fill memory)
_HTML_META = {"articletitle": "title", "pubdate": "date", "contentsource": "issuer"}


def _chrome_by_name(tag: Tag) -> bool:
    names = " ".join([*tag.get("class", []), tag.get("id") or ""])
    return tag.name == "form" or bool(_CHROME_NAMES.search(names)) or \
        str(tag.get("role") or "").strip().lower() in _CHROME_ROLES


def _hidden(tag: Tag) -> bool:
    """Content a reader never sees: the `hidden` attribute, aria-hidden, or an inline display:none."""
    return (tag.has_attr("hidden") or str(tag.get("aria-hidden") or "").lower() == "true"
            or bool(_HIDDEN_STYLE.search(str(tag.get("style") or ""))))


def _drop_chrome(root: Tag) -> None:
    """Remove navigation, headers, footers, sidebars, scripts and forms, but not page wrappers."""
    for tag in root.find_all(_CHROME_TAGS):
        own_header = tag.name in ("header", "footer") and tag.find_parent(["article", "main"])
        # decomposed: removed with a parent already; an article's own header holds its title
        if not tag.decomposed and not own_header:
            tag.decompose()
    for tag in root.find_all(_hidden):
        if not tag.decomposed:
            tag.decompose()
    page_chars = len(root.get_text(strip=True))
    for tag in root.find_all(_chrome_by_name):
        # ASP.NET pages wrap everything in one <form>, and a "page-with-sidebar" div wraps the content.
        if not tag.decomposed and len(tag.get_text(strip=True)) < page_chars / 2:
            tag.decompose()


# A link to a file ("申请表.docx") is an attachment, content; links to pages of the site make menus.
_FILE_LINK = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|et|pptx?|zip|rar|7z|ofd|txt|jpe?g|png)(?:[?#].*)?$", re.IGNORECASE)
MENU_LINKS = 3  # a menu has at least this many links,
MENU_LINK_SHARE = 0.7  # holds at least this share of its text in them,
# ...and its links are MENU_ITEM_CHARS short on average (menu items, not titles of documents)


def _is_page_link(tag: Tag) -> bool:
    return tag.name == "a" and not _FILE_LINK.search(str(tag.get("href") or ""))


def _drop_link_lists(root: Tag) -> None:
    """Remove menus by their shape, whatever their class names: an element whose text is mostly short links
    to pages (a top navigation bar, a left-hand menu in a layout table). Lengths are summed bottom-up in
    one pass over the tree, so a deep page costs no more than its size."""
    totals: dict[int, list[int]] = {}  # id(tag) -> [text chars, link chars, links]
    for node in reversed(list(root.descendants)):  # children before their parents
        if isinstance(node, NavigableString):
            chars = len("".join(node.split()))
            if chars and isinstance(node.parent, Tag):
                totals.setdefault(id(node.parent), [0, 0, 0])[0] += chars
            continue
        if not isinstance(node, Tag):
            continue
        own = totals.setdefault(id(node), [0, 0, 0])
        if _is_page_link(node):
            own[1], own[2] = own[0], own[2] + 1
        if isinstance(node.parent, Tag):
            parent = totals.setdefault(id(node.parent), [0, 0, 0])
            for i in range(3):
                parent[i] += own[i]
    page_chars = totals.get(id(root), [0])[0]
    for tag in root.find_all(True):
        text, linked, links = totals.get(id(tag), [0, 0, 0])
        if (not tag.decomposed and tag.name != "a" and links >= MENU_LINKS and linked >= MENU_LINK_SHARE * text
                and linked <= MENU_ITEM_CHARS * links and text < page_chars / 2):
            tag.decompose()


LINK_BOX_LEVELS = 4  # how far above its title a box of links may end


def _drop_furniture_blocks(root: Tag) -> None:
    """Remove blocks of page furniture that are no menu by shape (knowledge/lexicon/page_furniture.yaml): a site
    footer (a short block holding a copyright or filing mark goes whole, with the 主办, 电话 and 地址 it lists) and
    a box titled as a list of other pages ("相关链接") whose text besides the title is mostly links to pages,
    whatever the length of the linked titles."""
    marks, footer_chars, box_titles, *_ = page_blocks()
    page_chars = len(root.get_text(strip=True))
    for text in root.find_all(string=marks):
        if text.decomposed:  # a further mark of a footer already removed ("Copyright ©…<br>…ICP备…")
            continue
        block = None
        for node in text.parents:
            if node is root or node.name in ("body", "html", "[document]"):
                break
            size = len(node.get_text(strip=True))
            if size > footer_chars or size >= page_chars / 2:
                break
            block = node
        if block is not None and not block.decomposed:
            block.decompose()
    for text in root.find_all(string=lambda s: s.strip() in box_titles):
        if type(text) is NavigableString:  # not a comment or CDATA, which subclass it
            title = len(text.strip())
            for level, node in enumerate(text.parents):
                if level >= LINK_BOX_LEVELS or node is root or node.decomposed:
                    break
                links = [a for a in node.find_all("a") if _is_page_link(a)]
                linked = sum(len(a.get_text(strip=True)) for a in links)
                rest = len(node.get_text(strip=True)) - title
                if len(links) >= 2 and linked >= MENU_LINK_SHARE * rest and rest < page_chars / 2:
                    node.decompose()
                    break


_PARAGRAPH_MARKS = ["br", "p", "div", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"]


def _layout_table(table: Tag) -> bool:
    """Tables holding tables, and single-row tables whose cells hold paragraphs (a page's columns side by
    side), are page layout: walked as blocks, not read as data. A one-row table of plain cells is data."""
    if table.find("table") is not None or len(table.find_all(["td", "th"])) <= 1:
        return True  # a table of one cell is a box around a breadcrumb, a footer or an article: no data
    return len(table.find_all("tr")) <= 1 and table.find(_PARAGRAPH_MARKS) is not None


_TABLE_LINE = "\x02"  # marks lines of rendered data tables, which are content whatever their shape
_BOLD = ["b", "strong"]
_PARAGRAPHS = ["p", "div", "dt", "li", "center"]


def _inside_bold(text: NavigableString, paragraph: Tag) -> bool:
    """Whether a <b>/<strong> inside the paragraph holds the text (the walk stops at the paragraph: a
    deep page costs no more than its paragraphs' own depth)."""
    node = text.parent
    while node is not None and node is not paragraph:
        if node.name in _BOLD:
            return True
        node = node.parent
    return False


def _bold_heading(tag: Tag) -> tuple[int, str] | None:
    """A paragraph written wholly in bold in a heading pattern ("<p><strong>一、申请条件</strong></p>"): pages
    made in editors mark sections so, not with <h2>. Its level is that of the same line in a text file."""
    if tag.find(_BLOCK_TAGS + ["table", "br"]):
        return None
    strings = [t for t in tag.find_all(string=True) if t.strip()]
    if not strings or not all(_inside_bold(t, tag) for t in strings):
        return None
    return text_heading(tag.get_text().strip())


QA_LEVEL = 5  # a question of a Q&A table heads its answer below the page's own headings (h1-h4)


def _qa_table(table: Tag) -> str | None:
    """A question-and-answer table ("问 | 一、什么是标准地？" "答 | ……", labels in page_furniture.yaml) as its
    questions, each the heading of the answer rows after it; None for any other table."""
    questions, answers = qa_labels()
    rows = [[cell.get_text(" ", strip=True) for cell in cells]
            for tr in table.find_all("tr") if (cells := tr.find_all(["th", "td"]))]
    labels = [row[0].rstrip("：:").strip() if len(row) == 2 and row[1] else None for row in rows]
    if not rows or labels[0] not in questions or not all(label in questions | answers for label in labels):
        return None
    if not any(label in answers for label in labels):
        return None
    return "\n".join(f"{_HEADING_MARK}{QA_LEVEL}{row[1]}" if label in questions else _TABLE_LINE + row[1]
                     for label, row in zip(labels, rows, strict=True))


def _html_table(table: Tag) -> str:
    rows = [cells for tr in table.find_all("tr") if (cells := tr.find_all(["th", "td"]))]
    has_header = bool(rows) and (
        all(c.name == "th" for c in rows[0]) or rows[0][0].find_parent("thead") is not None)
    return render_table(_grid(rows), has_header)


def _span(cell: Tag, name: str, most: int) -> int:
    try:
        return min(max(int(str(cell.get(name) or 1)), 1), most)  # a hostile rowspan="99999" is capped
    except ValueError:
        return 1


def _grid(rows: list[list[Tag]]) -> list[list[str]]:
    """The cells' texts in their columns: a cell spanning rows (rowspan) gives its text to each row it covers,
    so "报告表" under a merged "审批时限" cell still reads "审批时限：10个工作日", and the cells after it keep their
    columns; a cell spanning columns (colspan) is written once, in its first column."""
    taken: dict[tuple[int, int], str] = {}
    out: list[list[str]] = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            text = cell.get_text(" ", strip=True)
            down = _span(cell, "rowspan", len(rows) - r)
            wide = _span(cell, "colspan", MAX_COLUMNS)
            for dr in range(down):
                for dc in range(wide):
                    taken[(r + dr, c + dc)] = text if dc == 0 else ""
            c += wide
        width = max((col for (row_at, col) in taken if row_at == r), default=-1) + 1
        out.append([taken.get((r, col), "") for col in range(width)])
    return out


class _DepthProbe(HTMLParser):
    """Element nesting depth as a browser would build it, in one linear pass (no tree is built)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.open: dict[str, int] = {}
        self.deepest = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _VOID:
            return
        if tag in _SELF_CLOSING and self.stack and self.stack[-1] == tag:
            self.handle_endtag(tag)
        self.stack.append(tag)
        self.open[tag] = self.open.get(tag, 0) + 1
        self.deepest = max(self.deepest, len(self.stack))

    def handle_endtag(self, tag: str) -> None:
        if not self.open.get(tag):
            return  # a stray end tag
        while self.stack:  # each pop undoes one push: linear overall
            top = self.stack.pop()
            self.open[top] -= 1
            if top == tag:
                return


def _check_depth(text: str) -> None:
    probe = _DepthProbe()
    probe.feed(text)
    probe.close()
    if probe.deepest > MAX_DEPTH:
        raise LoadError(f"HTML 标签嵌套过深（{probe.deepest} 层，上限 {MAX_DEPTH} 层），文件可能异常，请另存为正常网页后再导入")


def parse_html(raw: bytes) -> Parsed:
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", raw[:4096], re.IGNORECASE)
    text = _CONTROL.sub("", decode(raw, declared[1].decode("ascii") if declared else None))
    _check_depth(text)
    soup = BeautifulSoup(text, "html.parser")

    found = {key: tag["content"] for tag in soup.find_all("meta", attrs={"name": True, "content": True})
             if (key := _HTML_META.get(str(tag["name"]).lower()))}
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    # A frameset page shows other pages; its only text is the <noframes> fallback ("您的浏览器不支持框架").
    frames = [str(f.get("src") or "").strip() for f in soup.find_all("frame")]
    if frames or soup.find("frameset"):
        for fallback in soup.find_all("noframes"):
            fallback.decompose()
        root = soup
    else:
        root = soup.body or soup

    _drop_chrome(root)
    _drop_link_lists(root)
    _drop_furniture_blocks(root)
    # One pass over <pre> blocks: asking each string for a <pre> ancestor costs depth × strings.
    preformatted = {id(s) for pre in root.find_all("pre") for s in pre.find_all(string=True)}
    for text in root.find_all(string=True):
        if type(text) is not NavigableString:  # comments, doctype, CDATA
            text.extract()
        elif id(text) not in preformatted:  # source line breaks are not paragraph breaks in HTML
            text.replace_with(re.sub(r"\s+", " ", text))
    for table in root.find_all("table"):
        if not table.decomposed and not _layout_table(table):
            rendered = _qa_table(table) or "\n".join(_TABLE_LINE + row for row in _html_table(table).splitlines())
            table.replace_with(f"\n{rendered}\n")
    for paragraph in root.find_all(_PARAGRAPHS):
        if not paragraph.decomposed and (bold := _bold_heading(paragraph)):
            paragraph.replace_with(f"\n{_HEADING_MARK}{bold[0]}{bold[1]}\n")
    for heading in root.find_all(["h1", "h2", "h3", "h4"]):
        heading.replace_with(f"\n{_HEADING_MARK}{heading.name[1]}{heading.get_text(' ', strip=True)}\n")
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")

    lines = drop_furniture_lines([line for ln in root.get_text().splitlines() if (line := ln.strip())],
                                 content=lambda line: line.startswith((_TABLE_LINE, _HEADING_MARK)))
    blocks = [
        (int(line[1]), line[2:]) if line.startswith(_HEADING_MARK) else (0, line.removeprefix(_TABLE_LINE))
        for line in lines
    ]
    if (frames or root.find("frameset")) and not any(level == 0 for level, _ in blocks):
        shown = "、".join(f for f in frames if f)[:200] or "子页面"
        raise LoadError(f"这是框架网页（frameset），本身没有正文，内容在它引用的子页面中（{shown}），"
                        "请在浏览器中打开这些子页面另存后再导入")
    headings = [text for level, text in blocks if level]
    return Parsed(blocks, DocMeta.model_validate(found), _page_title(page_title, headings))


_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|｜]|-{2,}|—{2}|\s[-—]\s)\s*")


_BARE_HYPHEN = re.compile(r"(?<=[\u4e00-\u9fff）》”])[-－—](?=[\u4e00-\u9fff])")


def _site_after_hyphen(part: str, site: re.Pattern[str], columns: frozenset[str]) -> list[str]:
    """A part cut at its last bare hyphen between Chinese words ("…办事指南-某某经济技术开发区") when what follows names
    the site or a column; a hyphen inside a title ("京津冀-雄安协同事项", "2025-2026年度") keeps it whole."""
    cuts = list(_BARE_HYPHEN.finditer(part))
    if cuts and ((tail := part[cuts[-1].end():].strip()) in columns or site.search(tail)):
        return [part[:cuts[-1].start()].strip(), tail]
    return [part]


def _page_title(title: str, headings: list[str]) -> str | None:
    """The page's own part of its <title>: "节能审查办事指南_某某区人民政府" -> "节能审查办事指南". A part the page
    has as a heading wins; else parts naming the site or a column (knowledge/lexicon/page_furniture.yaml) go
    while another remains, and the first left is the title."""
    site, columns = site_title_parts()
    parts = [cut for part in _TITLE_SEPARATOR.split(title) if part for cut in _site_after_hyphen(part, site, columns)]
    if not parts:
        return None
    if said := next((part for part in parts if part in headings), None):
        return said
    own = [part for part in parts if not site.search(part) and part not in columns]
    return (own or parts)[0]

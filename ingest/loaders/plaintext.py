"""Plain text (TXT, and PDF text layers): Chinese heading patterns and the TXT parser."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ingest.loaders.common import CELL_SEP, PAGE_NUMBER, SECTION_END, Block, DocMeta, Parsed, clean_line, decode, join_wrapped
from ingest.loaders.furniture import furniture_free
from knowledge.statute import CN_NUM as _CN_NUM
from knowledge.terms import letterhead as letterhead_patterns, open_ending

_TEXT_HEADINGS = [  # ranks 章 > 节 > 一、 > （一）; "第一条" articles are text, not headings
    (re.compile(rf"第[{_CN_NUM}\d]+[编章](\s*\S.*)?"), 2),
    (re.compile(rf"第[{_CN_NUM}\d]+节(\s*\S.*)?"), 3),
    (re.compile(rf"[{_CN_NUM}]+、\s*\S.*"), 4),
    (re.compile(rf"[（(][{_CN_NUM}]+[）)]\s*\S.*"), 5),
]


SENTENCE_MARKS = "。；;！？"  # a line holding one of these holds a sentence: no heading, title or name
HEADING_CHARS = 40  # a heading, a title or a name is at most this long (an official subject line excepted)


def text_heading(line: str) -> Block | None:
    """A short line in a heading pattern; numbered sentences ("一、企业应当……。", "一、标题。正文……") and numbered
    label-value clauses ("二、实施机关：某某局") stay text."""
    line = clean_line(line)  # "⼀、" (a Kangxi radical from a PDF font) is "一、"; indentation goes
    if (not line or len(line) > HEADING_CHARS or line[-1] in "，," or any(mark in line for mark in SENTENCE_MARKS)
            or open_ending().search(line)):
        return None
    if markdown := re.fullmatch(r"(#{1,4})\s+(\S.*)", line):
        return len(markdown[1]), markdown[2]
    found = next(((level, line) for pattern, level in _TEXT_HEADINGS if pattern.fullmatch(line)), None)
    # "二、实施机关：某某局" gives its value on its own line: a clause, however short ("四、申请材料：" is a heading)
    return None if found and found[0] >= 4 and _LABEL_VALUE.search(line) else found


_LABEL_VALUE = re.compile(r"[：:]\s*\S")


def letterhead(line: str) -> tuple[bool, str | None]:
    """Whether a line is an official document's letterhead (knowledge/lexicon/letterhead.yaml) — its number
    ("晋综示规建发〔2026〕3号"), its issuing office's mark ("某某局文件"), or both side by side — and the number."""
    number_pattern, mark = letterhead_patterns()
    line = clean_line(line)
    rest = number_pattern.sub(" ", line).strip(" （）()")
    found = not rest or (bool(mark.fullmatch(rest)) and not rest.startswith("关于"))
    number = number_pattern.search(line) if line and found else None
    return bool(line) and found, number.group() if number else None


def _reads_as_title(line: str) -> bool:
    """A short line that is no heading, numbered paragraph, sentence, bracketed note or letterhead."""
    line = clean_line(line)
    return (0 < len(line) <= HEADING_CHARS and text_heading(line) is None and not _NUMBERED_START.match(line)
            and not any(mark in line for mark in SENTENCE_MARKS) and line[-1] not in "，,：:"
            and line[0] not in "（(【[" and not letterhead(line)[0])


def _closing_clauses(blocks: list[Block]) -> list[Block]:
    """A numbered clause that is no heading ("五、收费标准：不收费") numbered like an open heading ("四、申请材料：")
    is that heading's sibling: the heading's section ends before it."""
    out: list[Block] = []
    open_levels: list[int] = []
    for level, text in blocks:
        if level:
            open_levels = [*(kept for kept in open_levels if kept < level), level]
        elif open_levels and (clause := next((lvl for pattern, lvl in _TEXT_HEADINGS[2:]
                                              if pattern.fullmatch(clean_line(text))), None)):
            if any(kept >= clause for kept in open_levels):
                out.append((clause, SECTION_END))
                open_levels = [kept for kept in open_levels if kept < clause]
        out.append((level, text))
    return out


# An official document's head (GB/T 9704): the letterhead (letterhead.yaml), the issuing offices on a line or lines of
# their own, and the subject line, 发文机关 + 关于 + 事由 + 文种, however long and maybe set on two lines
# ("兰州市人民政府办公室关于印发兰州市2024年……补贴实施方案的通知"). A document without one is titled by a line ending in
# a kind of document ("宜昌市城市生活垃圾分类管理办法" under an order's promulgation).
_DOC_KINDS = "通知|通告|公告|意见|决定|批复|办法|方案|细则|规定|规则|函|通报|报告|指南|答复"
_TITLE_KINDS = f"{_DOC_KINDS}|措施|条例|解读|问答|须知|规划|公示|清单"
_SUBJECT = re.compile(rf"[^。；;！？]{{0,60}}关于[^。；;！？]{{2,100}}(?:{_DOC_KINDS})")
_KIND_END = re.compile(rf"(?:{_DOC_KINDS})")
_ISSUERS = re.compile(r"(?:[\u4e00-\u9fff（）()]{2,30}?(?:局|委员会|政府|办公室|办公厅|厅|中心|支行|分行|管委会|公司|院|部)\s*){1,6}")
HEAD_LINES = 8  # the letterhead, the issuers and a title set apart stand within this many lines of the top


def _addressed(rest: str) -> bool:
    """What a wrap may have joined to a subject line: the document number, or the offices the document is
    addressed to (主送机关, "各县市区人民政府，市直各部门：")."""
    return letterhead(rest)[0] or (rest[-1:] in "：:" and not any(mark in rest for mark in SENTENCE_MARKS))


def _subject(text: str) -> tuple[str, str] | None:
    """The subject line a line is, and what a wrap joined to it (maybe nothing)."""
    if _SUBJECT.fullmatch(text):
        return text, ""
    for kind in reversed(list(_KIND_END.finditer(text))):
        head, rest = text[:kind.end()], text[kind.end():].strip()
        if _SUBJECT.fullmatch(head) and rest[:1] not in NO_LINE_START and _addressed(rest):
            return head, rest
    return None


def _subject_title(blocks: list[Block], filled: list[int], head: int, issuers: list[str]) -> bool:
    """Make the subject line at `head` (in `filled`) the title, with the issuers on lines of their own above it, or
    the subject line set on two lines: whether there was one. A subject line without issuers counts only when it
    is longer than a heading or had a line joined to it (a shorter one is a title anyway)."""
    texts = [clean_line(blocks[i][1]) if blocks[i][0] == 0 else "" for i in filled[head:head + 2]]
    for used in (1, 2):
        if len(texts) < used or (used == 2 and (not texts[1] or len(texts[1]) > HEADING_CHARS)):
            continue
        found = _subject("".join(texts[:used]))
        if used == 2 and _subject(texts[0]):
            break  # the first line is a subject line of its own; the second is no part of it
        if found and (issuers or used == 2 or found[1] or len(found[0]) > HEADING_CHARS):
            subject, rest = found
            for i in filled[head + 1:head + used]:
                blocks[i] = (0, "")
            title = f"{' '.join(issuers)}{subject}" if issuers and subject.startswith("关于") else subject
            blocks[filled[head]] = (1, title)
            if rest:
                blocks.insert(filled[head] + 1, (0, rest))
            return True
    return False


def _later_title(blocks: list[Block], filled: list[int], head: int) -> int | None:
    """The first line near the top, after `head`, that reads as a title and ends in a kind of document."""
    for i in filled[head:HEAD_LINES]:
        text = clean_line(blocks[i][1])
        if blocks[i][0] == 0 and _reads_as_title(text) and re.search(rf"(?:{_TITLE_KINDS})$", text):
            return i
    return None


def text_blocks(lines: list[str], first_line_is_title: bool = True,
                running_first: bool = False) -> tuple[list[Block], str | None]:
    """Blocks of the lines, and the document number of their letterhead. With `first_line_is_title` the first
    line is the title, unless it is letterhead (or, `running_first`, the running header repeated on every page) or
    an issuing office: then the subject line after them is, or the first line after the letterhead that reads as a
    title, or one ending in a kind of document; the letterhead and issuers go."""
    blocks = _closing_clauses([text_heading(line) or (0, line) for line in lines])
    if not first_line_is_title:
        return blocks, None
    filled = [i for i, (_, text) in enumerate(blocks) if text.strip()]
    head, number, issuers = 0, None, []
    while head < min(len(filled), HEAD_LINES) and blocks[filled[head]][0] == 0:
        text = clean_line(blocks[filled[head]][1])
        is_letterhead, found = letterhead(text)
        if _ISSUERS.fullmatch(text) and not is_letterhead:
            issuers.append(text)
        elif not (is_letterhead or (head == 0 and running_first)):
            break
        number, head = number or found, head + 1
    if head < len(filled) and _subject_title(blocks, filled, head, issuers):
        for i in filled[:head]:
            blocks[i] = (0, "")
        return blocks, number
    if head == len(issuers):
        head = 0  # offices alone above the text are no letterhead: the first line is judged as any other
    if head and (title := next((i for i in filled[head:head + 1] if blocks[i][0] == 0
                                and _reads_as_title(blocks[i][1])), None) or _later_title(blocks, filled, head)):
        for i in filled[:head]:
            blocks[i] = (0, "")
        blocks[title] = (1, blocks[title][1])
        return blocks, number
    if filled and blocks[filled[0]][0] == 0 and len(blocks[filled[0]][1].strip()) <= HEADING_CHARS:
        blocks[filled[0]] = (1, blocks[filled[0]][1])
    return blocks, None


# A line starting with an article, clause or item number begins a paragraph: it never continues the line
# above, however wide that line is ("第三条", "一、", "（一）", "(1)", "1." but not "2025.3").
_NUMBERED_START = re.compile(rf"\s*(?:第[{_CN_NUM}\d]+[编章节条]|[{_CN_NUM}]+、|[（(](?:[{_CN_NUM}]+|\d+)[）)]|\d+[、．.](?!\d))")
EDGE_LINES = 2  # lines at the top and at the bottom of a page where running headers and footers sit


def _width(line: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in line)  # CJK glyphs are twice as wide as ASCII


def _ends_paragraph(line: str) -> bool:
    """A sentence end or a colon; not the colon of a time cut by the wrap ("上午9:" above "00")."""
    return line[-1] in "。！？；：!?;" or (line[-1] == ":" and not line[-2:-1].isdigit())


PARAGRAPH_INDENT = "\u3000\u3000"  # two full-width spaces open a paragraph of Chinese text


def reflow(lines: list[str], full: int | None = None, measure: Callable[[str], int] = _width) -> list[str]:
    """Join visual line wraps (of a PDF, or of text copied out of one) back into paragraphs, so that splitting
    by line keeps sentences whole. `full`: the text column's width, when `lines` are only part of the text.

    A line "wraps" into the next when it is nearly as wide as the widest line and does not end a
    sentence. Only the last *visual* line decides, so a short line still ends its paragraph after a
    long run of wraps, and each line is measured once: linear in the text. `measure`: how wide a line is (its
    width on the page; `len` for a text wrapped at a number of characters).
    """
    widths = [measure(line) for line in lines]
    # a table row joined onto one line (pdf.py) is no line of the text column: it neither sets its width nor wraps
    rows = [CELL_SEP in line for line in lines]
    full = column_width([w for w, row in zip(widths, rows, strict=True) if not row]) if full is None else full
    # a row's last cell wraps inside its box when it is the widest last cell of the rows (the box's width)
    last_cells = [measure(line.rsplit(CELL_SEP, 1)[-1]) for line, row in zip(lines, rows, strict=True) if row]
    box = max(last_cells, default=0) if len(last_cells) >= 2 else 0
    indent = measure(PARAGRAPH_INDENT)
    out: list[str] = []
    wraps = False  # whether the previous visual line continues into this one
    in_box = False  # whether that line is a table row, whose last cell would go on
    for line, width, row, next_row in zip(lines, widths, rows, [*rows[1:], False], strict=True):
        if out and not row and line[0] in NO_LINE_START:  # "；与……", "、学历……": never the start of a line
            out[-1] = join_wrapped(out[-1], line)
        elif (out and wraps and not row and not text_heading(line) and not _NUMBERED_START.match(line)
              # what goes on inside a box is no wider than the box, and the table's rows go on after it
              and not (in_box and (width > box or not next_row))):
            out[-1] = join_wrapped(out[-1], line)
        else:
            out.append(line)
        # A line as wide as the text column that looks like a heading ("一、新建危险化学品项目应当进行安全条")
        # is the first visual line of a numbered paragraph; a real heading is shorter than the column. Such a
        # first line is indented two characters (GB/T 9704: 每个自然段左空二字), lost when lines are stripped.
        heading = text_heading(line) and not (width >= min(0.95 * full, full - indent) and len(line) >= 20)
        in_box = row
        if row:
            cell = line.rsplit(CELL_SEP, 1)[-1]
            wraps = bool(box) and measure(cell) >= 0.8 * box and not _ends_paragraph(cell)
        else:
            # a line ending on a word no sentence stops on ("……是指") goes on, however short
            wraps = (width >= 0.8 * full or bool(open_ending().search(line))) and not _ends_paragraph(line) and not heading
    return out


# Punctuation that never starts a line in Chinese typesetting (避头点): a line starting with it continues the one
# above, however narrow that is.
NO_LINE_START = frozenset("，、。；：！？）》」』】〕”’,;)!?")
WIDE_SHARE = 0.1  # lines wider than the text column (a title, a running header, a long number) are at most this share


def column_width(widths: list[int]) -> int:
    """The width of the text column: the width the widest lines reach, leaving out the few (WIDE_SHARE) that
    stand out of it, so a title or a header wider than the text, or a page set in two columns whose lines come
    out one column after the other, still joins the wraps of its column."""
    ranked = sorted(widths, reverse=True)
    # a column is at least half the widest line: a page of short items under a few long lines is no column of them
    return max(ranked[int(len(ranked) * WIDE_SHARE)], ranked[0] // 2) if ranked else 0


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", line)  # "第 3 页", "2025年第3期" repeat with another number


def _edge_positions(lines: list[str]) -> set[int]:
    """Positions of the first and last EDGE_LINES lines of a page that hold text (blank lines sit anywhere)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])


def running_keys(pages: list[list[str]]) -> set[str]:
    """The keys (_edge_key) of lines among the first or last EDGE_LINES of a page that recur there on at least
    half of the pages (two at least)."""
    if len(pages) < 2:
        return set()
    counts = Counter(key for lines in pages for key in {_edge_key(lines[i]) for i in _edge_positions(lines)})
    return {key for key, n in counts.items() if n >= max(2, (len(pages) + 1) // 2)}


def drop_running_lines(pages: list[list[str]], keep_first: bool = False,
                       running: set[str] | None = None) -> list[list[str]]:
    """Remove running headers and footers: lines among the first or last EDGE_LINES of a page that recur
    there on at least half of the pages (two at least). Page numbers are removed by PAGE_NUMBER anyway.
    `keep_first`: the document's first line stays (a text file's title may be repeated as its running header;
    text_blocks decides whether it is). `running`: the pages' running_keys, when the caller has them already."""
    running = running_keys(pages) if running is None else running
    if not running:  # also when there are fewer than two pages
        return pages
    edges = [_edge_positions(lines) for lines in pages]
    first = next(((p, i) for p, lines in enumerate(pages) for i, line in enumerate(lines) if line.strip()), None)
    return [[line for i, line in enumerate(lines)
             if not (i in at and _edge_key(line) in running and not (keep_first and (p, i) == first))]
            for p, (lines, at) in enumerate(zip(pages, edges, strict=True))]


def _pages(text: str) -> list[list[str]]:
    """Cleaned lines by page: pages end at form feeds and at page-number lines ("- 2 -", "第 3 页 共 8 页"),
    which text copied out of a PDF keeps; the page-number lines go."""
    pages: list[list[str]] = []
    for sheet in text.split("\f"):
        page: list[str] = []
        for line in map(clean_line, sheet.splitlines()):
            if PAGE_NUMBER.fullmatch(line):
                pages.append(page)
                page = []
            else:
                page.append(line)
        pages.append(page)
    return [page for page in pages if any(page)] or [[]]


MIN_WRAPS = 2  # lines cut at the text column's width before a text counts as hard-wrapped


def _cuts(lines: list[str], measure: Callable[[str], int]) -> int:
    """How many lines as wide as the widest, by `measure`, end mid-sentence and go on in the next line."""
    full = max(map(measure, lines), default=0)
    return sum(1 for line, after in zip(lines, lines[1:])
               if line and after and measure(line) >= 0.9 * full and not _ends_paragraph(line)
               and not _NUMBERED_START.match(after) and not text_heading(after))


def _wrap_measure(lines: list[str]) -> Callable[[str], int] | None:
    """How the text was wrapped at a fixed width (copied out of a PDF, or folded by a tool): at a width on the
    page (CJK glyphs twice as wide as digits and Latin letters) or at a number of characters, whichever cuts
    more lines (a line holding "9:00-12:00" is narrower on the page, but as long in characters); None when
    fewer than MIN_WRAPS lines are cut: a text with a paragraph per line has none."""
    cuts, measure = max((_cuts(lines, m), i, m) for i, m in enumerate((len, _width)))[::2]
    return measure if cuts >= MIN_WRAPS else None


def _unwrap(pages: list[list[str]]) -> list[str]:
    """The pages' lines, visual wraps joined (also across a page break, between whose halves the removed
    header and page number left blank lines); a text that is not hard-wrapped keeps its lines."""
    measure = _wrap_measure([line for page in pages for line in page])
    if measure is None:
        return [line for i, page in enumerate(pages) for line in ([""] if i else []) + page]
    lines = [line for i, page in enumerate(pages) for line in _trim(page, start=i > 0, end=i < len(pages) - 1)]
    full = max(map(measure, lines), default=0)
    out: list[str] = []
    paragraph: list[str] = []
    for line in [*lines, ""]:
        if line:
            paragraph.append(line)
            continue
        out += [*reflow(paragraph, full, measure), ""] if paragraph else [""]
        paragraph = []
    return out


def _trim(page: list[str], start: bool, end: bool) -> list[str]:
    """A page without the blank lines at the page break(s) it borders."""
    first = next((i for i, line in enumerate(page) if line), len(page)) if start else 0
    last = max((i for i, line in enumerate(page) if line), default=-1) + 1 if end else len(page)
    return page[first:last]


def _without_furniture(page: list[str]) -> list[str]:
    """A page of text copied from a web page without the portal's furniture (its breadcrumb, info bar, print and
    share buttons: furniture.py); a line of nothing but furniture becomes blank."""
    return [furniture_free(line, [page[j] for j in (i - 1, i + 1) if 0 <= j < len(page)]) if line else line
            for i, line in enumerate(page)]


def parse_txt(raw: bytes) -> Parsed:
    pages = [_without_furniture(page) for page in _pages(decode(raw))]
    first = next((line for page in pages for line in page if line.strip()), "")
    running = running_keys(pages)
    running_first = bool(first) and _edge_key(first) in running
    pages = drop_running_lines(pages, keep_first=True, running=running)
    blocks, number = text_blocks(_unwrap(pages), running_first=running_first)
    return Parsed(blocks, DocMeta(doc_number=number))

"""Page furniture line by line: what a portal shows around its article (info bar, breadcrumb, print and share
buttons, header bars of short links), found on the lines of a page's text by the phrases and shapes of
knowledge/lexicon/page_furniture.yaml. Shared by the HTML loader and by text files copied out of a web page."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from knowledge.terms import page_blocks, page_furniture, site_title_parts

MENU_ITEM_CHARS = 10  # menu items are this short on average (not titles of documents)
_ITEM_SEPARATOR = re.compile(r"\s*[|｜]\s*")
_SENTENCE_MARK = re.compile(r"[。！？；!?;]")
MENU_ITEMS = 3


def _short_stretches(line: str, starts: list[int], limit: int) -> bool:
    """Whether the stretches of the line from each start to the next (the last to the end) are all at most
    `limit` long and no sentence."""
    stretches = [line[a:b] for a, b in zip(starts, [*starts[1:], len(line)])]
    return all(len(part) <= limit and not _SENTENCE_MARK.search(part) for part in stretches)


def _without_furniture_tail(line: str) -> str:
    """The line without the furniture its end holds ("…来源：某局 浏览次数：1024" -> "…来源：某局"):
    from a furniture phrase (knowledge/lexicon/page_furniture.yaml) to the end, if that is short and no sentence,
    or made of such short stretches, each opened by a furniture phrase ("上一篇：… 下一篇：…")."""
    phrases, limit = page_furniture()
    starts = [found.start() for found in phrases.finditer(line)]
    for i, start in enumerate(starts):
        if _short_stretches(line, starts[i:], limit):  # the tail, cut at the later furniture phrases it holds
            return line[:start].rstrip(" |｜")
    return line


_INFO_DATE = r"\s*[:：]\s*\d{4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"


@lru_cache(maxsize=1)
def _info_bar_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The info bar's publication date alone, a date with its label, another label opening the line, and a label
    after a space (page_furniture.yaml), built once."""
    *_, date_label, published, labels = page_blocks()
    return (re.compile(rf"(?:{published.pattern}){_INFO_DATE}"), re.compile(rf"(?:{date_label.pattern}){_INFO_DATE}"),
            re.compile(rf"(?:{labels.pattern})\s*[:：]"),
            re.compile(rf"(?<=[\s【|｜])(?:(?:{labels.pattern})\s*[:：]|(?:{date_label.pattern}){_INFO_DATE})"))


def info_bar(line: str) -> bool:
    """The info bar under an article's title ("发布时间：2026-03-18 09:30 来源：某局 作者：某科 阅读：563次", or "发布机构：
    某局 发布日期：2024年2月23日 解读类型：部门解读"): opened by a publication date or by another info label with a
    publication date further on, each stretch short and no sentence, or a publication date alone
    (page_furniture.yaml)."""
    published, dated, labelled, later = _info_bar_patterns()
    _, limit = page_furniture()
    if published.fullmatch(line):
        return True  # the publication date alone
    if not (dated.match(line) or labelled.match(line) and dated.search(line)):
        return False
    starts = [0] + [m.start() for m in later.finditer(line)]
    return len(starts) >= 2 and _short_stretches(line, starts, limit)


def _item_count(line: str) -> int:
    """How many short items a "a | b | c" bar holds (0 when it is not one)."""
    items = _ITEM_SEPARATOR.split(line.strip(" |｜"))
    short = all(0 < len(item) <= MENU_ITEM_CHARS + 2 for item in items) and not _SENTENCE_MARK.search(line)
    return len(items) if short and len(items) >= MENU_ITEMS else 0


_CRUMB_ARROW = re.compile(r"\s*(?:>>?|＞|»|›)\s*")


def breadcrumb(line: str) -> bool:
    """A breadcrumb without its label ("潍坊市水利局 > 信息公开 > 政策文件 > 规范性文件"): short items between arrows, one
    of them the home page, the site or a column of the portal (page_furniture.yaml), so that steps of a procedure
    written with arrows ("申请 > 受理 > 审查 > 决定") stay."""
    items = _CRUMB_ARROW.split(line.strip())
    if len(items) < 2 or not all(0 < len(item) <= 2 * MENU_ITEM_CHARS and not _SENTENCE_MARK.search(item)
                                 for item in items):
        return False
    site, columns = site_title_parts()
    return any(item in columns or site.search(item) for item in items)


def furniture_free(line: str, neighbours: list[str]) -> str:
    """The line without its furniture: nothing for an info bar, a breadcrumb or a bar of short items separated by |
    (a site's header bar, "首页 | 政务公开 | 办事服务") unless a neighbouring line has its shape (a table typed as
    text), else the line without its furniture tail."""
    items = _item_count(line)
    if items and not any(_item_count(n) == items for n in neighbours) or info_bar(line) or breadcrumb(line):
        return ""
    return _without_furniture_tail(line)


def drop_furniture_lines(lines: list[str], content: Callable[[str], bool] = lambda line: False) -> list[str]:
    """Non-blank lines without their furniture (`furniture_free`); every line `content` says is content whatever
    its shape is kept (the HTML loader's tables and headings)."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if content(line):
            out.append(line)
        elif kept := furniture_free(line, [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]):
            out.append(kept)
    return out

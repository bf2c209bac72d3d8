"""A slide deck pasted from PowerPoint's or WPS's outline view: each slide headed "幻灯片 N  标题", its speaker notes
under it ("备注：…"). The slide's number is no value and goes, so the title stands alone on its line as a heading. A
note and its slide may give one field two figures; which part wins is said once in the paste ("跟正文不一样的以备注为准"),
read by sources.py as the rule for every field, and applied here by the spans of the part that wins."""

from __future__ import annotations

import re

from bot.intake.extraction import Extraction
from bot.intake.lexicon import DELIM, one_of
from bot.intake.plausible import implausible
from bot.intake.wordfiles import read_words

_WORDS = read_words("slides")


def _one_of(entries: list[dict[str, str]]) -> str:
    return one_of(e["word"] for e in entries)


NOTES = "备注"  # the rule's name for the notes part, whichever word the paste uses for it
BODY = "正文"
# "幻灯片 5  产品与产能", "Slide 3": the slide's number at a line's start.
_SLIDE_MARK = re.compile(rf"^[ \t]*(?:{_one_of(_WORDS['slide_marks'])})[ \t]*\d{{1,3}}[ \t]*(?=$|\S)", re.M | re.I)
_NOTE_WORDS = _one_of(_WORDS["notes"])
_BODY_WORDS = _one_of(_WORDS["body"])
# A line opening a note: "备注：…", "【演讲者备注】…", "Notes: …"; the note runs to the next blank line.
_NOTE = re.compile(rf"^[ \t]*(?:[\[【(（][ \t]*(?:{_NOTE_WORDS})[ \t]*[\]】)）]|(?:{_NOTE_WORDS})[ \t]*[:：])"
                   r"[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*", re.M | re.I)
# "以备注为准", "备注为准", "以讲稿里的数为准", "以正文为准": which part of the paste wins where the two differ.
_PRECEDENCE = re.compile(rf"(?:以|按)?(?:(?P<notes>{_NOTE_WORDS})|(?P<body>{_BODY_WORDS}))"
                         r"(?:里|中|上|栏)?(?:的(?:数|数字|数据|口径|内容|说法|写法))?为准", re.I)


def slide_titles(text: str) -> str:
    """The paste without its slides' numbers; text without them comes back as it is."""
    return _SLIDE_MARK.sub("", text) if "\n" in text else text


def precedence(text: str) -> str | None:
    """NOTES or BODY when the text says that part wins, None otherwise."""
    m = _PRECEDENCE.search(text)
    return None if m is None else NOTES if m["notes"] else BODY


def winning_spans(text: str, part: str | None) -> list[tuple[int, int]]:
    """The spans of the part that wins: the notes, or everything but the notes; none without a rule or notes."""
    if part is None:
        return []
    notes = [m.span() for m in _NOTE.finditer(text) if m[0].strip()]
    if not notes or part == NOTES:
        return notes
    body, at = [], 0
    for s, e in notes:
        body.append((at, s))
        at = e
    return [*body, (at, len(text))]


# "地块：学府产业园区锦绣街以南、科技街以东（宗地编号140105-…）": a parcel's heading, where it lies up to a bracket or
# the clause's end, and maybe its number in the bracket (read by its own label).
_PARCEL_HEAD = re.compile(rf"(?:^|(?<=[{DELIM}\s]))(?:{_one_of(_WORDS['parcel_heads'])})[ \t]*:[ \t]*"
                          rf"(?P<place>[^{DELIM}()（）:]{{4,60}}(?:、[^{DELIM}()（）:]{{2,30}})*)(?=[(（]|[,;。!?\n]|$)")


def read_parcel_site(text: str, out: Extraction) -> None:
    """The place after a parcel's heading is the site, when it reads as one and no label gave the site."""
    if "site_address" in out.values:
        return
    for m in _PARCEL_HEAD.finditer(text):
        place = m["place"].strip()
        if implausible("site_address", place) is None and not re.fullmatch(r"[\dA-Za-z\-]+", place):
            out.put("site_address", place, m.start("place"), m.end("place"))
            return

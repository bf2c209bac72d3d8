"""Addresses said in prose: a place bounded by roads, the detail or the full form said in the next clause, and a
word for "place" that names none."""

from __future__ import annotations

import re

from bot.intake.lexicon import DELIM

# A place described by the roads around it, listed with 、: "纬三路以南、经二路以东", "兴业街以东、潇河大道以北".
_ROAD_SIDE = r"[\u4e00-\u9fa5A-Za-z0-9]{1,20}?(?:路|街|大道|大街|道|巷)(?:以|之)?(?:[东西南北]{1,2}(?:侧|面|边|角|段)?|交叉口|交汇处|口)"
# A river's bank bounds a place the same way: "潇河北岸、规划纬十路以南".
_BANK = r"[\u4e00-\u9fa5]{1,10}?(?:河|江|湖|渠)(?:[东西南北]岸|以[东西南北])"
_SIDE = rf"(?:{_ROAD_SIDE}|{_BANK})"
# The parcel word after them is part of the place ("潇河大道以南、兴业街以西地块").
ADDRESS_PARTS = re.compile(rf"[^{DELIM}\s]+?{_SIDE}(?:、{_SIDE})+(?:的?地块|宗地)?(?=[{DELIM}\s]|$)")


def whole_address(text: str, value: str, at: int, nxt: int) -> str:
    """"在太原，具体是小店区长风街1号": the detail said in the next clause completes the address; a lead
    like "我们厂在" is not part of it."""
    value = re.sub(r"^[\u4e00-\u9fa5]{0,6}?(?:在|位于|坐落于|地处)(?=[\u4e00-\u9fa5])", "", value)
    first = re.split(rf"[{DELIM}]", value, maxsplit=1)[0]
    if (full := said_in_full(text[at:nxt])) != text[at:nxt]:
        return full
    more = re.match(rf"[{DELIM}\s]*(?:具体|详细)(?:地址|位置)?(?:是|在|为)?[:\s]*([^{DELIM}]+)", text[at + len(first):nxt])
    return first + more[1] if more and not first.endswith(more[1]) else value


# A character every place has (a district, road, number, park…): a word for "place" followed by none is prose.
_PLACE_WORD = re.compile(r"[省市区县镇乡村路街道巷号楼栋幢园侧角]|以[东西南北]")
# The value said again in full in the next clause: "写全是…", "写全了就是…", "完整地址是…", "全称是…".
_IN_FULL = re.compile(rf"[{DELIM}\s]*(?:写全了?|写完整|完整的?(?:地址)?|全称)(?:的话)?(?:就|也)?(?:是|为|叫)?[:\s]*([^{DELIM}]+)")


def said_in_full(value: str) -> str:
    """"在小店区长风街1号，写全是太原市小店区长风街1号": the full form said in the next clause, when it contains the
    first (or the first clause is empty: "单位地址，写全是…"); the value as given otherwise."""
    first = re.split(rf"[{DELIM}]", value, maxsplit=1)[0]
    full = _IN_FULL.match(value, len(first))
    return full[1] if full and (not first.strip() or first.strip() in full[1]) else value


def names_a_place(value: str) -> bool:
    """Whether the first clause of a value has a character every place has."""
    return _PLACE_WORD.search(re.split(rf"[{DELIM}]", value)[0]) is not None

"""How statutes number their articles and are named, shared by ingest (which labels chunks) and bot (which
looks articles up and recognises statutes a question names): "第58条", "第 五十八 条" and "第五十八条" are one
label, written as statutes write it; "中华人民共和国消防法" is called 消防法."""

from __future__ import annotations

import re

import cn2an

CN_NUM = "零〇一二两三四五六七八九十百千"
COUNTRY = "中华人民共和国"  # the prefix of a national law's title, which nobody says
# "第五十八条 ……", "第58条……", "第一百零五条之一 ……"; group 1 is the label, group 2 the number.
ARTICLE_START = re.compile(rf"^\s*(第\s*([{CN_NUM}]+|\d+)\s*条(?:之[{CN_NUM}]+)?)\s*")


def bare_title(title: str) -> str:
    """A national law's title as people call it: "中华人民共和国消防法" -> "消防法"; other titles unchanged."""
    return title.removeprefix(COUNTRY)


def article_label(number: str) -> str:
    """"第58条" -> "第五十八条", "第 五十八 条" -> "第五十八条"; anything else stripped and unchanged."""
    m = ARTICLE_START.match(number)
    if not m:
        return number.strip()
    digits = m[2]
    cn = cn2an.an2cn(int(digits)) if digits.isdigit() else digits
    return re.sub(r"\s+", "", m[1].replace(digits, cn, 1))

"""Fields posted as hashtags, the way a team chat or a notes app tags them: "#单位名称 某某有限公司 #联系人 张三". Each tag
naming a field opens a "label:value" line, its value running to the next tag; other tags (#项目申报, #更正) stand on
lines of their own, as headings. A message with fewer than two field tags is left as it is ("#3车间")."""

from __future__ import annotations

import re

from bot.intake.table import _header_label

# A tag: "#" at the start or after a space, then a word up to a space or the next "#". One class each: linear.
_TAG = re.compile(r"(?:^|(?<=\s))#(?P<tag>[^\s#]{1,30})[ \t]*", re.M)
_MIN_FIELD_TAGS = 2


def read_hashtags(text: str) -> str:
    tags = list(_TAG.finditer(text))
    if sum(_header_label(m["tag"]) is not None for m in tags) < _MIN_FIELD_TAGS:
        return text
    return _TAG.sub(lambda m: f"\n{m['tag']}:" if _header_label(m["tag"]) else f"\n{m['tag']}\n", text)

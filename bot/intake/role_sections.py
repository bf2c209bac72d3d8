"""A section headed by a person's role ("[经办人]", "【法定代表人】", as INI exports and forms group their keys) names
that person under a bare 姓名 key ("姓名=璩雪"): the key is read as the heading's label, the role it is under."""

from __future__ import annotations

import re

from bot.intake.lexicon import LABEL_OF, NAMES

# A heading alone on its line: [经办人], 【联系人】, ［法人代表］.
_HEADING = re.compile(r"^[ \t]*[\[【［](?P<head>[^\]】］\n]{2,10})[\]】］][ \t]*$", re.M)
# The person labels a heading may end with ("项目联系人" ends with 联系人), longest first.
_ROLES = sorted((lab for lab, fid in LABEL_OF.items()
                 if fid in NAMES and not lab.isascii() and not lab.startswith("我")), key=len, reverse=True)
# A bare name key at a line's start, before = or a colon.
_NAME_KEY = re.compile(r"^(?P<indent>[ \t]*)(?:姓名|名字|人员姓名)(?=[ \t]*[=:：])", re.M)


def role_sections(text: str) -> str:
    """The text with each bare 姓名 key under a person's heading written as that heading's label."""
    headings = list(_HEADING.finditer(text))
    if not headings:
        return text
    out, pos = [], 0
    for i, h in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        role = next((lab for lab in _ROLES if h["head"].strip().endswith(lab)), None)
        if role is not None:
            body = _NAME_KEY.sub(lambda m: m["indent"] + role, text[h.end():end])
            out += [text[pos:h.end()], body]
            pos = end
    out.append(text[pos:])
    return "".join(out)

"""A value cut off at the end of one chat message and finished at the start of the next.

People press send mid-value: "…电话1390" then "3512876", "总投资3." then "2亿…". Read alone, each half is
wrong (a 4-digit phone, 3万元), so the cut tail is held back (kept in IntakeState, which survives a
restart) and read joined to the next message's leading digits.
"""

from __future__ import annotations

import re

from bot.intake.printout import continued_page, held_page

# The last clause of a message, after the last clause separator.
_CLAUSE = re.compile(r"[^，,；;。！!？?\n]*$")
# A phone label then the start of a valid number that stops short: a mobile (1[3-9]…) or a landline.
_PHONE = re.compile(r"(?:电话|手机|手机号|联系方式|联系电话|mobile|phone|tel)[号码]?[：:\s]*(?P<d>1(?:[3-9]\d{0,8})?|0\d{2,3}-?\d{0,7})$",
                    re.IGNORECASE)
# A number that ends in a decimal point: its fraction comes next ("3." then "2亿").
_DECIMAL = re.compile(r"[\u4e00-\u9fff][^\u4e00-\u9fff]*?\d[.．]$")
# What finishes a cut value: the next message begins with digits.
_NEXT = re.compile(r"\s*\d")


def cut_tail(message: str) -> tuple[str, str] | None:
    """(the message without its cut tail, the tail) when the message ends inside a value, or is a printed page
    whose last row may go on in the next page."""
    if (held := held_page(message)) is not None:
        return held
    text = message.rstrip()
    clause = _CLAUSE.search(text)
    tail = clause.group(0).strip() if clause else ""
    if not tail:
        return None
    phone = _PHONE.search(tail)
    if phone and not _complete_phone(phone["d"]):
        return text[: len(text) - len(tail)].rstrip(), tail
    if _DECIMAL.search(tail):
        return text[: len(text) - len(tail)].rstrip(), tail
    return None


def join_cut(tail: str, message: str) -> str:
    """The next message read with the held-back tail: joined when it continues it, else after it."""
    if not tail:
        return message
    if (page := continued_page(tail, message)) is not None:
        return page
    if _NEXT.match(message):
        return tail + message.lstrip()
    return f"{tail}，{message}"  # not finished after all: read as said, so a bad value is still explained


def _complete_phone(digits: str) -> bool:
    plain = digits.replace("-", "")
    return len(plain) == 11 if plain.startswith("1") else len(plain) >= 10

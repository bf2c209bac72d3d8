"""A figure replaced inside its own clause: "劳动定员400人，后来改成600人", "固定资产投资4.9亿，以4.8亿为准",
"定员群里有人说先招400，刘总定了按满产600人报". The message itself says the later figure is the one (a change
word, or the figure named the one to report), so it is the value: never a silent choice between two figures."""

from __future__ import annotations

import re

from bot.intake.extraction import Extraction
from bot.intake.lexicon import LANDLINE_WANTED, MOBILE_WANTED, NUMERIC, REPLACING
from bot.intake.units import quantities, to_canonical

# Change words before the new figure (as in a later message's correction), and the phrases naming the figure to use.
_CHANGE = re.compile(rf"(?:改成|改为|改到|更正为|更正成|变更为|调整为|调整到|应为|应该是|{REPLACING.pattern})")
_CLAUSE_END = re.compile(r"[。;!?\n]")


def read_replacements(text: str, labels: list[tuple[str, int, int]], out: Extraction) -> None:
    for n, (fid, _, end) in enumerate(labels):
        at = out.where.get(fid)
        if fid not in NUMERIC or fid not in out.values or at is None or not end <= at:
            continue
        stop = min([s for _, s, _ in labels[n + 1:]] + [len(text)])
        if at >= stop:
            continue
        clause = _CLAUSE_END.search(text, at, stop)
        stop = clause.start() if clause else stop
        for change in _CHANGE.finditer(text, at + 1, stop):
            value = _figure(fid, text, change.start(), stop)
            if value is not None:
                out.values[fid], out.where[fid] = value, change.start()
                out.conflicts.pop(fid, None)
                out.claim(change.start(), stop)


def _figure(fid: str, text: str, start: int, stop: int) -> float | None:
    """The first figure of the field's dimension from start, not a rate (每亩300万, 300万/亩)."""
    for q in quantities(text[start:stop], start):
        if "每" in text[max(start, q.start - 3):q.start] or text[q.end:q.end + 1] == "/":
            continue
        value = to_canonical(q, NUMERIC[fid])
        if value is not None:
            return value
    return None


def the_number_asked_for(text: str, out: Extraction) -> None:
    """A landline and a mobile given for 联系电话 in one message (a mail's signature) where the message says which to
    use ("联系电话请留我手机", "座机经常没人接", "留公司座机"): that one, instead of asking."""
    pair = out.conflicts.get("contact_phone")
    if pair is None:
        return
    kinds = {_phone_kind(str(v)): v for v in pair}
    want = "mobile" if MOBILE_WANTED.search(text) else "landline" if LANDLINE_WANTED.search(text) else None
    if want and set(kinds) == {"mobile", "landline"}:
        out.values["contact_phone"] = kinds[want]
        del out.conflicts["contact_phone"]


def _phone_kind(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    digits = digits[2:] if digits.startswith("86") and len(digits) == 13 else digits
    return "mobile" if digits.startswith("1") else "landline" if digits.startswith("0") else "other"

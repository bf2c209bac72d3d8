"""Labels said with a value no reader could read ("用地面积：很大", "法人：张", "总投资：三个多亿吧"): when nothing else
of the message was understood, the reply names the field and shows how to write it instead of saying only that
nothing was understood. Only a label followed by a colon counts: that is a value given. (Beside values read from
the same message it says nothing: a value held by a reader of its own - a precedence rule, a note in brackets - is
no value of this turn, and telling the user it was not read would be wrong; the field is asked for again anyway.)"""

from __future__ import annotations

import re

from bot.intake.extraction import Extraction
from bot.intake.lexicon import IGNORED, LABEL_OF, LABEL_RE

# The value after a label's colon, to the end of its clause.
_SAID = re.compile(r"[ \t]*[:：][ \t]*(?P<value>[^，,；;。\n]{1,30})")


def unread_labels(message: str, x: Extraction) -> dict[str, str]:
    """Field -> what was said after its label, for each field the message gives a value for by "label：value" that
    no reader took as a value, an error, a skip, a reference or a request to re-ask."""
    unread: dict[str, str] = {}
    for m in LABEL_RE.finditer(message):
        fid = LABEL_OF.get(m[0].lower())
        said = _SAID.match(message, m.end())
        if fid in (None, IGNORED) or said is None or fid in unread:
            continue
        handled = (fid in x.values or fid in x.errors or fid in x.skipped or fid in x.refs or fid in x.reask
                   or fid in x.pointed or (fid == "construction_period" and x.period))
        if not handled:
            unread[fid] = said["value"].strip()
    return unread

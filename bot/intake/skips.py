"""When a skip phrase is no skip: "信用代码语音说不清楚，我手打给你 9114…" says why the value is typed, then types
it. A code of a fixed form after the phrase, in the same labelled clause, is the answer."""

from __future__ import annotations

import re

from bot.intake.lexicon import INDUSTRY, USCC

# Fields whose value has a form nothing else in a message has (18 letters and digits; a letter and four digits).
_FORMED = {"uscc": USCC, "industry_code": INDUSTRY}


def answered_after_all(fid: str, region: str, skip_at: int) -> bool:
    """Whether the text after a skip phrase (at skip_at in region, the text up to the next label) gives fid's
    value in its own unmistakable form."""
    form = _FORMED.get(fid)
    return form is not None and form.search(region, skip_at) is not None

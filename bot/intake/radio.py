"""Digits said the radio way (words/radio_digits.yaml): "幺三拐洞" is 1370, "两洞两拐年" is 2027, "幺点勾八亿" is 1.98亿.
A code-like run (digit words, Latin letters and digits, single spaces or hyphens between groups) holding a radio-only
word (洞, 拐, 勾) and two digit words or more is written in Arabic digits before anything else reads the message, so
codes, phones, figures and years said that way read as if typed; a lone 勾 or 拐 ("打勾", "拐角") and runs of
everyday digits ("两亿三千五百万") stay as they are."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.intake.wordfiles import read_words


@lru_cache(maxsize=1)
def _digits() -> tuple[dict[str, str], frozenset[str], re.Pattern[str]]:
    data = read_words("radio_digits")
    every = {e["word"]: e["digit"] for e in [*data["radio_only"], *data["everyday"]]}
    words = "".join(every)
    # One character class per step, single-character lookaheads: linear on any paste.
    run = re.compile(rf"(?:[{words}A-Za-z0-9]|点(?=[{words}])|[ \-](?=[{words}A-Za-z0-9]))+")
    return every, frozenset(e["word"] for e in data["radio_only"]), run


def _spelled(m: re.Match[str]) -> str:
    every, radio, _ = _digits()
    if not radio & set(m[0]) or sum(c in every for c in m[0]) < 2:
        return m[0]
    return "".join(every.get(c, "." if c == "点" else c) for c in m[0])


def radio_digits(text: str) -> str:
    return _digits()[2].sub(_spelled, text)

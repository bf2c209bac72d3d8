"""Punctuation said aloud to voice input and written out as words (words/spoken_punctuation.yaml): "单位名称冒号
某某有限公司逗号…换行联系人冒号…" is read as "单位名称：某某有限公司，…\n联系人：…", and "杠" between the letters or
digits of a code as its hyphen. Only in a message holding three such words or more: voice input naming its marks
says one at nearly every pause, while prose mentioning "句号" once does not."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.intake.lexicon import one_of
from bot.intake.wordfiles import read_words

# Fewer mark words than this are prose that names a mark, not dictation.
_MIN_MARKS = 3


@lru_cache(maxsize=1)
def _rules() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    data = read_words("spoken_punctuation")
    marks = {m["word"]: m["mark"] for m in data["marks"]}
    words = re.compile(one_of(marks))
    hyphens = one_of(h["word"] for h in data["hyphens"])
    hyphen = re.compile(rf"(?<=[0-9A-Za-z])\s*(?:{hyphens})\s*(?=[0-9A-Za-z])")
    return marks, words, hyphen


def spoken_marks(text: str) -> str:
    """The text with its spoken marks written as marks, when it is dictation; unchanged otherwise."""
    marks, words, hyphen = _rules()
    if len(words.findall(text)) < _MIN_MARKS:
        return text
    return hyphen.sub("-", words.sub(lambda m: marks[m[0]], text))

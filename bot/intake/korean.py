"""Korean labels and number words around Chinese values (words/korean.yaml): "프로젝트명: 车载…项目" is read as
"项目名称: 车载…项目", "2억 9,500만 위안" as "2亿9,500万元". A label is replaced only at a line's start before its
colon, a number word or unit only right after a figure; only Hangul is matched."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.intake.lexicon import one_of
from bot.intake.wordfiles import read_words

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], dict[str, str]]:
    data = read_words("korean")
    labels = {e["word"]: e["label"] for e in data["labels"]}
    units = {e["word"]: e["chinese"] for e in data["units"]}
    label_re = re.compile(rf"^([ \t]*)({one_of(labels)})(?=[ \t]*[:：])", re.M)
    unit_re = re.compile(rf"(?<=[\d.,])[ \t]?({one_of(units)})(?![\uac00-\ud7a3])")
    return label_re, labels, unit_re, units


def korean_as_chinese(text: str) -> str:
    if _HANGUL.search(text) is None:
        return text
    label_re, labels, unit_re, units = _rules()
    text = label_re.sub(lambda m: m[1] + labels[m[2]], text)
    text = unit_re.sub(lambda m: units[m[1]], text)
    # "3.6억 위안": the currency after a number word and a space; "2억 9,500만": Korean spaces after each number word
    text = re.sub(r"(?<=\d[万亿])[ \t]?위안", "元", text)
    text = re.sub(r"(?<=\d亿)[ \t]+(?=\d)", "", text)
    return re.sub(r"(?<=\d亿)(\d),(\d{3})(?=万)", r"\1\2", text)  # "2억 9,500만": 2亿9500万

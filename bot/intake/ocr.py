"""Text copied from an OCR'd business licence: "名 称 山西 晋通 建 材有限公司 类 型 有限责任公司(…)
法 定 代 表 人 张 晓东". Spaces inside words are removed, each printed label starts a clause again, the
registration items that are no field (类型, 经营范围…) are dropped, and O/l misread in the credit code are
put back when that makes a valid code (python-stdnum)."""

from __future__ import annotations

import re
from functools import lru_cache

from stdnum.cn import uscc

from bot.intake.lexicon import LABEL_OF
from bot.intake.wordfiles import read_words

_HAN = "\u4e00-\u9fa5"
_LONE_HAN = re.compile(rf"(?:^|(?<=\s))[{_HAN}](?=\s)")  # one Han character standing between spaces
_MIN_LONE = 6  # fewer single characters are ordinary spacing ("张 晓东"), not an OCR signature
# Table rules and bullets OCR reads between a printed label and its value ("名 称 丨 山西…", "用 途 ■ 工业用地"): 丨
# (U+4E28) is the Han character OCR takes a vertical rule for.
_MARKS = " :|丨｜■□▲△●◆\n"
# A value wrapped onto the next printed line ("学府街1\n26号B座2层"): a short last line without a label joins it.
_WRAP = re.compile(r"(?<=\w)\n(?=[^\n:\s]{1,12}$)")
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})


@lru_cache(maxsize=1)
def _labels() -> tuple[re.Pattern[str], frozenset[str]]:
    raw = read_words("licence_labels")
    words = sorted({w for g in raw["labels"] for w in g["words"]}, key=len, reverse=True)
    dropped = frozenset(w for g in raw["not_fields"] for w in g["words"])
    return re.compile("|".join(map(re.escape, words))), dropped


def is_ocr(text: str) -> bool:
    return len(_LONE_HAN.findall(text)) >= _MIN_LONE


# A label printed with a space between its characters, before its colon: "项 目 名 称：", "法 定 代 表 人:".
_SPACED_LABEL = re.compile(rf"(?<![{_HAN}])((?:[{_HAN}] ){{1,9}}[{_HAN}])(?=\s*[:：])")


def read_ocr(text: str) -> str:
    """The OCR'd text as clauses "label:value"; text without the OCR signature keeps its words, its spaced labels
    joined ("项 目 名 称：…" in a certificate's text copied from a photo)."""
    text = _SPACED_LABEL.sub(lambda m: joined if (joined := m[1].replace(" ", "")) in LABEL_OF else m[1], text)
    if not is_ocr(text):
        return text
    joined = re.sub(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])", "", text)
    labels, dropped = _labels()
    marks = [m for m in labels.finditer(joined)]
    if not marks:
        return joined
    parts = [joined[:marks[0].start()].rstrip(" :")]
    for m, nxt in zip(marks, [*marks[1:], None], strict=True):
        value = _WRAP.sub("", joined[m.end():nxt.start() if nxt else len(joined)].strip(_MARKS))
        if m[0] not in dropped and value:
            parts.append(f"{m[0]}:{_fix_code(value) if m[0] == '统一社会信用代码' else value}")
    return ";".join(p for p in parts if p)


def _fix_code(value: str) -> str:
    """9114O1O5MAOL1XOBlN -> 91140105MA0L1X0B1N: O read for 0 and l for 1 (neither letter is used in codes)."""
    code = value.replace(" ", "")
    if len(code) != 18 or uscc.is_valid(code):
        return value
    fixed = code.translate(_OCR_DIGITS).upper()
    return fixed if uscc.is_valid(fixed) else value

"""Field labels typed with a pinyin input method slip: a wrong character of the same sound ("统一社会信用带码",
"总头资", "劳动定圆", "土石放", "排水去相"). Such a label is read as the label it sounds like.

A label of three characters or more, with exactly one character replaced by another of the same toneless
pinyin (any reading of either, from jionlp's character dictionary), at the start of a clause (where labels
stand): "太原市土地市场" has no label 土地是, because 土地市 does not start a clause.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

from bot.jio import jionlp

_CLAUSE_START = ",;。!?\n、: "


@lru_cache(maxsize=1)
def _readings() -> dict[str, frozenset[str]]:
    """Character -> its toneless pinyin readings (all of them: 称 is cheng and chen)."""
    jionlp()  # the loader lives in jionlp; importing it prints a banner, which bot.jio swallows
    from jionlp.dictionary.dictionary_loader import pinyin_char_loader

    return {char: frozenset(_toneless(p) for p in readings) for char, readings in pinyin_char_loader().items()}


def _toneless(syllable: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))
    return plain.lower().replace("ü", "v")


def same_sound(a: str, b: str) -> bool:
    readings = _readings()
    return bool(readings.get(a, frozenset()) & readings.get(b, frozenset()))


# How often a two-character word must occur in jionlp's word distribution (a corpus count) to be a word the
# writer meant: 明年 (481900) is, 值新 or 资3 are not words at all.
_COMMON = 10000


def _common_word(word: str) -> bool:
    return len(word) == 2 and _word_counts().get(word, {}).get("total_num", 0) >= _COMMON


@lru_cache(maxsize=1)
def _word_counts() -> dict[str, dict[str, float]]:
    jionlp()
    from jionlp.dictionary.dictionary_loader import word_distribution_loader

    return word_distribution_loader()


@lru_cache(maxsize=1)
def _index(labels: tuple[str, ...]) -> dict[tuple[int, str], list[tuple[str, int]]]:
    """(length, label with one position blanked) -> [(label, blanked position)]."""
    index: dict[tuple[int, str], list[tuple[str, int]]] = {}
    for lab in labels:
        for i in range(len(lab)):
            index.setdefault((len(lab), lab[:i] + "\0" + lab[i + 1:]), []).append((lab, i))
    return index


def _sound_alikes(window: str, index: dict[tuple[int, str], list[tuple[str, int]]]) -> list[str]:
    if not all("\u4e00" <= c <= "\u9fff" for c in window):
        return []
    return [lab for i, c in enumerate(window)
            for lab, at in index.get((len(window), window[:i] + "\0" + window[i + 1:]), ())
            if at == i and same_sound(c, lab[i])]


def respell_labels(text: str, labels: tuple[str, ...], follows: Callable[[str, int], bool] | None = None) -> str:
    """The text with each clause-initial sound-alike of a label replaced by that label (same length, so
    positions stay valid); labels: the Chinese labels of three characters or more, or shorter ones with
    follows, which must accept what comes after the sound-alike (发人张玉兰: a name after 法人)."""
    if not labels:
        return text
    index = _index(labels)
    known = frozenset(labels)
    lengths = sorted({n for n, _ in index}, reverse=True)
    chars = list(text)
    pos = 0
    while pos < len(text):
        hit = None
        if not pos or text[pos - 1] in _CLAUSE_START:
            for n in lengths:  # the longest label said here wins: 固定资产头资 is 固定资产投资, not 固定资产
                window = text[pos:pos + n]
                if window in known:
                    break
                hit = next(iter(_sound_alikes(window, index)), None)
                if hit and follows is not None and not follows(text, pos + n):
                    hit = None
                if hit and hit[-1] != window[-1] and _common_word(text[pos + n - 1:pos + n + 1]):
                    hit = None  # "项目明年5月动工": 明 begins 明年 with the next character, not 项目名 mistyped
                if hit:
                    break
        if hit:
            chars[pos:pos + len(hit)] = hit
            pos += len(hit)
        else:
            pos += 1
    return "".join(chars)

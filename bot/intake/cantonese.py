"""Cantonese function words around values (words/cantonese.yaml): "公司全名系佛山市…有限公司", "我哋系…嘅公司" are read as
"公司全名是…", "我们是…的公司", so the labels and values in them read as in Mandarin. Only in a message with a
Cantonese marker; 系 stays in the Mandarin words it belongs to (联系人, 系统, 关系)."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.intake.wordfiles import read_words


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    data = read_words("cantonese")
    mandarin = {e["word"]: e["mandarin"] for e in data["words"]}
    kept = data["copula_kept"]
    before = "".join(f"(?<!{re.escape(w)})" for w in kept["before"])
    after = "".join(kept["after"])
    words = [re.escape(w) for w in sorted(mandarin, key=len, reverse=True) if w != "系"]
    said = re.compile("|".join([*words, rf"{before}系(?![{after}])"]))
    return re.compile(f"[{''.join(data['markers'])}]"), said, mandarin


def cantonese_as_mandarin(text: str) -> str:
    marker, said, mandarin = _rules()
    if marker.search(text) is None:
        return text
    return said.sub(lambda m: mandarin[m[0]], text)

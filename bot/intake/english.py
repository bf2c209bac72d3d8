"""English prose around Chinese values ("Construction from Mar 2027 to Dec 2028", "east of 综保大道"), rewritten
into the Chinese the rules read. The phrases are data: words/english.yaml, each with its reason."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.intake.wordfiles import read_words



@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern[str], list[str], list[tuple[re.Pattern[str], str]]]:
    data = read_words("english")
    names: list[str] = data["months"]["names"]
    spelled = "|".join(f"{n[:3]}(?:{n[3:]}|t)?" if n.startswith("sep") else f"{n[:3]}(?:{n[3:]})?" for n in names)
    month = re.compile(rf"\b({spelled})\.?\s+(\d{{4}})\b", re.I)  # "Mar 2027", "September 2027", "Sept. 2027"
    return month, [n[:3] for n in names], [(re.compile(r["pattern"], re.I), r["replace"]) for r in data["rewrites"]]


def english_prose(text: str) -> str:
    """The text with its English dates, directions and option phrases in Chinese; unchanged without Latin words."""
    if not re.search(r"[A-Za-z]{2}", text):
        return text
    month, order, rewrites = _rules()
    text = month.sub(lambda m: f"{m[2]}年{order.index(m[1].lower()[:3]) + 1}月", text)
    for pattern, replace in rewrites:
        text = pattern.sub(replace, text)
    return text

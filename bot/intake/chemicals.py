"""危险化学品情况 from a named chemical: "热处理炉用天然气，管道接进来不储存" is 使用, "厂区有液氨储罐" is
生产或储存. The names and verbs are in words/hazardous_chemicals.yaml (《危险化学品目录（2015版）》)."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.intake.extraction import Extraction
from bot.intake.labelled import find_labels
from bot.intake.wordfiles import read_words

_CLAUSE = re.compile(r"[^,;。!?\n]+")
_NEGATED = re.compile(r"(?:不|没|没有|无|未)[使需再会]?$")
_ASKED = re.compile(r"[?吗]")  # "用天然气要不要办…?" asks, it does not say what the plant does


@lru_cache(maxsize=1)
def _lists() -> tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...]]:
    raw = read_words("hazardous_chemicals")
    names = sorted({w for group in raw["chemicals"] for w in group["words"]}, key=len, reverse=True)
    verbs = raw["verbs"]
    return (re.compile("|".join(map(re.escape, names)), re.IGNORECASE),
            tuple(sorted(verbs["store"]["words"], key=len, reverse=True)),
            tuple(sorted(verbs["use"]["words"], key=len, reverse=True)))


def _said(window: str, verbs: tuple[str, ...]) -> bool:
    """A verb in the window not negated just before it (不储存, 没用)."""
    return any(not _NEGATED.search(window[:m.start()]) for v in verbs for m in re.finditer(re.escape(v), window))


def read_chemicals(text: str, out: Extraction) -> None:
    """The category from the verbs in the clause naming a chemical and the clause after it (unless that
    one starts another field); nothing when no verb says how the chemical is handled."""
    if "hazardous_chemicals" in out.values:
        return
    names, store, use = _lists()
    clauses = list(_CLAUSE.finditer(text))
    for i, clause in enumerate(clauses):
        hit = names.search(clause[0])
        if not hit or _ASKED.search(clause[0]):
            continue
        window = clause[0]
        if i + 1 < len(clauses) and not find_labels(clauses[i + 1][0]):
            window += "," + clauses[i + 1][0]
        value = "生产或储存" if _said(window, store) else "使用" if _said(window, use) else None
        if value:
            out.put("hazardous_chemicals", value, clause.start() + hit.start(), clause.start() + hit.end(), weak=True)
            return

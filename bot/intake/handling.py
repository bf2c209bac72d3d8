"""How a plant handles the hazardous chemicals it names after the field's label, from the verbs of each clause:
"使用电解液等危险化学品，不涉及危险化学品的生产和储存" is 使用, "危化品有乙醇、盐酸，建了危化品库储存" is 生产或储存.
The verbs are in words/hazardous_chemicals.yaml."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.intake.wordfiles import read_words

_CLAUSE = re.compile(r"[^,;。!?\n]+")


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _verbs() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    verbs = read_words("hazardous_chemicals")["verbs"]
    nouns = _alternation(verbs["not_a_verb_before"]["words"])
    store = re.compile(rf"(?:{_alternation(verbs['store']['words'])})(?<!生产)|生产(?!{nouns})")
    # 用, alone or ending a use word (使用, 耗用), before 水/电/地/工 is another field's amount (用电1580万度, 用水用电都…),
    # unless a chemical's name goes on (用电解液, 用水处理剂)
    nouns_of_amounts, amount_words = "".join(verbs["use_not_before"]["words"]), "".join(verbs["amount_words"]["words"])
    amount = rf"[{nouns_of_amounts}](?:[{amount_words}]|(?![\u4e00-\u9fa5]))"
    use = re.compile(rf"(?:{_alternation(verbs['use']['words'])})(?<!用)|用(?!{amount})")
    return store, use, re.compile(_alternation(verbs["negation"]["words"]))


def stated_handling(region: str) -> str | None:
    """生产或储存 when a clause says the chemicals are stored or produced, else 使用 when one says they are used, 无
    when it is only denied that they are used; "" when only storing and producing are denied (不生产也不储存 leaves
    the use open); None when no clause says how they are handled."""
    store, use, negation = _verbs()
    said: dict[str, set[bool]] = {"store": set(), "use": set()}
    for clause in _CLAUSE.finditer(region):
        for kind, regex in (("store", store), ("use", use)):
            for m in regex.finditer(clause[0]):
                said[kind].add(negation.search(clause[0], 0, m.start()) is None)
    if True in said["store"]:
        return "生产或储存"
    if True in said["use"]:
        return "使用"
    if said["use"]:
        return "无"
    return "" if said["store"] else None

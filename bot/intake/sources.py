"""Two documents pasted with rules saying which one each field is taken from: "· 投资、劳动定员：以A（可研摘要）为准",
"· 用地面积、能耗：以B为准", then blocks headed "【A 可研摘要】", "【B 设计院指标表】". A rule line is an instruction, not
a value: it is read here and blanked; each value read later is tagged with the block it stands in, and the dialogue
keeps, for a field under a rule, only the values of the document the rule names."""

from __future__ import annotations

import re

from bot.intake.lexicon import IGNORED, LABEL_OF, LABEL_RE
from bot.intake.slides import precedence

EVERY_FIELD = "*"  # a rule for every field: the part of a paste that wins where two parts differ ("以备注为准")

# "· 投资、产品产能：以A（可研报告摘要，10月版）为准": the fields before, the document's short name after 以.
_RULE = re.compile(r"^[ \t]*[·•\-*]?[ \t]*(?P<fields>[^\n:：]{2,80})[:：][ \t]*以(?P<source>[A-Za-z0-9甲乙丙]{1,3})"
                   r"(?:[(（][^()（）\n]{0,40}[)）])?[ \t]*为准[^\n]*$", re.M)
# "【A 可研摘要】": a block of one document, up to the next block.
_BLOCK = re.compile(r"【[ \t]*(?P<source>[A-Za-z0-9甲乙丙]{1,3})(?![A-Za-z0-9])[^】\n]{0,40}】")


def read_rules(text: str) -> tuple[str, dict[str, str]]:
    """The text with its rule lines blanked, and field -> the document its values are taken from; EVERY_FIELD -> the
    part (slides.NOTES or slides.BODY) whose values win over the other's."""
    rules: dict[str, str] = {}
    for m in _RULE.finditer(text):
        for label in LABEL_RE.finditer(m["fields"]):  # field names listed bare, no value after them
            if (fid := LABEL_OF[label[0].lower()]) != IGNORED:
                rules.setdefault(fid, m["source"].upper())
    if (part := precedence(text)) is not None:
        rules[EVERY_FIELD] = part  # said once in prose, not a line of its own: the text stays
    if not rules or list(rules) == [EVERY_FIELD]:
        return text, rules
    return _RULE.sub(lambda m: " " * len(m[0]), text), rules


def block_of(text: str, at: int) -> str | None:
    """The document whose block holds position at, None outside any block."""
    source = None
    for m in _BLOCK.finditer(text, 0, at):
        source = m["source"].upper()
    return source

"""The works (建设规模及内容) described without their label inside a longer message, while they are asked:
"…行业代码C3581，主要是改造现有装配车间、新建洁净车间和检测中心，总建筑面积9800平方米"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.intake.extraction import Extraction
from bot.intake.fields import CONTENT_MIN
from bot.intake.labelled import find_labels, strip_connector
from bot.intake.lexicon import CAPACITY, DESCRIPTION, PER_YEAR
from knowledge.zone import load_zone


def read_works(text: str, expecting: Sequence[str], out: Extraction) -> None:
    """The first unlabelled clause that lists buildings or works (a list with 、, a word of works such as 车间 or
    改造, long enough to be valid): no product with its output, no place in a park."""
    if "construction_content" not in expecting or "construction_content" in out.values:
        return
    clauses = list(re.finditer(r"[^,;。!?\n]+", text))
    for i, m in enumerate(clauses):
        value = strip_connector(m[0]).strip()
        if out.unclaimed(m.start(), m.end()) and "、" in value \
                and DESCRIPTION.search(value) and not CAPACITY.search(value) and not find_labels(m[0]) \
                and load_zone().match_park(value) is None:
            end = _going_on(text, clauses[i + 1:], m.end(), out)
            works = strip_connector(text[m.start():end]).strip()
            if len(works) >= CONTENT_MIN:
                out.put("construction_content", works, m.start(), end)
                return


def _going_on(text: str, after: list[re.Match[str]], end: int, out: Extraction) -> int:
    """Where the works end: further clauses after a comma in the same sentence that still describe works and
    name no field ("新建…综合楼，购置…等设备260台（套）")."""
    for m in after:
        if text[end:m.start()] not in (",", "，") or not out.unclaimed(m.start(), m.end()) or find_labels(m[0]) \
                or not DESCRIPTION.search(m[0]) or PER_YEAR.search(m[0]):
            break
        end = m.end()
    return end

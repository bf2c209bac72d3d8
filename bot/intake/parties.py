"""A contract's parties pasted with their entries ("甲方：…管理委员会 / 负责人：… / 地址：…", "乙方：…有限公司 / 法定代表人：…")
when the user says which party they are ("我们公司是乙方", "按乙方的信息填"): the other parties' blocks are not the
user's data (the 管委会's head, address and phone), so they are dropped before reading; the user's block and the
contract's terms stay."""

from __future__ import annotations

import re

from bot.intake.lexicon import one_of
from bot.intake.wordfiles import read_words

_PARTY = one_of(e["word"] for e in read_words("contract_parties"))
# "我们公司是乙方", "我司为乙方", "按乙方的信息填", "以乙方为准".
_OURS = re.compile(rf"(?:我们公司|我们|我司|我方|本公司|本单位)(?:在协议里|在合同里|在合同中|在协议中)?(?:是|为|作为)(?P<a>{_PARTY})"
                   rf"|(?:按|按照|以)(?P<b>{_PARTY})(?:的)?(?:信息|资料|内容)?(?:填|为准)")
# A party's line opening its block ("乙方：山西…有限公司", "乙方（受让方）：…").
_BLOCK_START = re.compile(rf"^[ \t]*(?P<party>{_PARTY})\s*(?:[(（][^)）\n]{{0,8}}[)）])?\s*[:：]", re.M)


def other_parties_dropped(text: str) -> str:
    """The text without the blocks of the parties the user is not, each up to the next party's line or a blank line;
    unchanged when no party is said to be the user's, or that party has no block of its own."""
    said = _OURS.search(text)
    if said is None:
        return text
    ours = said["a"] or said["b"]
    starts = list(_BLOCK_START.finditer(text))
    if not any(m["party"] == ours for m in starts):
        return text
    out, pos = [], 0
    for i, m in enumerate(starts):
        if m["party"] == ours:
            continue
        blank = text.find("\n\n", m.end())
        end = min(starts[i + 1].start() if i + 1 < len(starts) else len(text), blank if blank >= 0 else len(text))
        out.append(text[pos:m.start()])
        pos = end
    out.append(text[pos:])
    return "".join(out)

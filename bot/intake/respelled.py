"""A word the user says was misheard or mistyped everywhere it was written: "语音把潇河识别成小河了", "上面说的小河都是
潇河", "刚才的‘晋源’都打成了‘晋原’". Voice input hears a place's name as a common word of the same sound (潇河 as
小河), and every value said that way carries it: each stored text holding the wrong word takes the right one."""

from __future__ import annotations

import re

from bot.intake.lexicon import LABEL_OF

_WORD = r"[“‘\"']?(?P<{}>[\u4e00-\u9fa5A-Za-z0-9]{{2,8}}?)[”’\"']?"
_MISHEARD = r"(?:语音|系统|输入法)?(?:识别|听|打|写|转|认|录)成了?"
_BACK = r"(?:上面|前面|刚才|之前|以上)(?:说的|写的|发的|的)?"
# "把潇河识别成小河了", "潇河被听成了小河", "前面的潇河都打成了小河": the right word first, then what it became.
_HEARD_AS = tuple(re.compile(rf"{lead}{_MISHEARD}{_WORD.format('wrong')}(?:了)?(?=$|[,;。!?\s])")
                  for lead in (rf"(?:把|将){_WORD.format('right')}", rf"{_WORD.format('right')}被",
                               rf"{_BACK}{_WORD.format('right')}都(?:被)?"))
# "上面说的小河都是潇河", "前面写的小河都改成潇河": every place of the wrong word, then the right one.
_ALL_ARE = re.compile(rf"{_BACK}{_WORD.format('wrong')}(?:全|都|全都|一律)"
                      rf"(?:是|应该是|改成|改为|换成){_WORD.format('right')}(?=$|[,;。!?\s])")


def respellings(text: str) -> list[tuple[str, str]]:
    """(wrong, right) for each word the text says was written wrong wherever it appears."""
    found = [(m["wrong"], m["right"]) for regex in (*_HEARD_AS, _ALL_ARE) for m in regex.finditer(text)]
    return list(dict.fromkeys((w, r) for w, r in found if w != r and w.lower() not in LABEL_OF))  # "联系人都是…"


def respelled(values: dict[str, object], pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The stored texts holding a wrong word, with the right one in its place."""
    out: dict[str, str] = {}
    for fid, value in values.items():
        if isinstance(value, str):
            new = value
            for wrong, right in pairs:
                new = new.replace(wrong, right)
            if new != value:
                out[fid] = new
    return out

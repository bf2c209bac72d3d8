"""A group chat's chain (微信接龙) pasted whole: numbered entries, each signed by whoever posted it ("3. 工程部-贾文涛：…",
"4. 鲍静：…"; a department before a dash is optional). The signature says who wrote the entry, so a name field the
poster fills with themself ("联系人写我", "对接人：本人") means the poster, whom nothing else in the chain names as
that field. No other reader knows who "我" is in a message written by several people: each such "我" is rewritten as
its entry's poster; the rest of the text is left as it is (a later entry's correction wins the usual way)."""

from __future__ import annotations

import re

from bot.intake.lexicon import LABEL_OF, LABEL_RE, NAMES, WORDS, one_of
from bot.intake.plausible import is_person_name

# An entry: its number, an optional department and a dash, the poster's name, a colon. Bounded classes: linear.
_ENTRY = re.compile(r"^[ \t]*\d{1,3}[.、．][ \t]*(?:[^\s:：\-－—]{1,10}[ \t]*[-－—][ \t]*)?"
                    r"(?P<poster>[\u4e00-\u9fa5·]{2,5})[ \t]*[:：](?P<said>[^\n]*)$", re.M)
_MIN_ENTRIES = 2
# A name field's value said as the speaker: the label, a connector, 我/本人…, then the end of the clause.
_SELF_VALUE = re.compile(rf"(?P<lead>[ \t]*(?:就|也|都)?(?:写|填|填写|是|为|:|：)?[ \t]*)(?:{one_of(WORDS['self_reference'])})"
                         r"(?:本人|自己)?(?:吧|啊)?(?=[ \t]*(?:[,，;；。.!！\n]|$))")


def read_chain(text: str) -> str:
    """The chain with each name field filled as "我" in an entry written as the entry's poster."""
    entries = [m for m in _ENTRY.finditer(text) if is_person_name(m["poster"])]
    if len(entries) < _MIN_ENTRIES:
        return text
    pieces, last = [], 0
    for entry in entries:
        said, at = entry["said"], entry.start("said")
        if not _SELF_VALUE.search(said):
            continue
        for lab in LABEL_RE.finditer(said):
            if LABEL_OF[lab[0].lower()] not in NAMES or not (me := _SELF_VALUE.match(said, lab.end())) \
                    or at + me.start() < last:
                continue
            pieces += [text[last:at + me.end("lead")], entry["poster"]]
            last = at + me.end()
    return "".join(pieces) + text[last:]

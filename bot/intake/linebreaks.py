"""Values broken over two lines by a copy from a PDF or Word file: "建设单位名称 山西华宇电线电缆有限\n公司".

A line break is joined only when it cuts a labelled value: the line before does not end in punctuation,
the next line does not start with a label, the value before the break is incomplete for its field and the
value with the next line's first piece is complete. Otherwise the break stays: a terse list of answers one a
line ("王强\n13812345678", "…项目\n新建") is not one value, and a cut value is never stored as complete.
"""

from __future__ import annotations

import re

from bot.intake.labelled import find_labels, strip_connector
from bot.intake.lexicon import BULLET, DELIM, LABEL_RE, LONG_TEXT, NAMES, WORDS
from bot.intake.plausible import implausible, person_reason
from bot.intake.value_ends import CHAT_STAMP

_END_PUNCT = ",;。!?:、.)）”」》】〗〕"
# Characters a value never ends on: they need the word after them (太行大街以|南, 不动产权第|0031527号).
_DANGLING = "以之与和及或第的至向"
_PROJECT_END = re.compile(r"(?:项目|工程)(?:\s*[(（][^()（）]{1,12}[)）])?$")
_PARCEL_END = re.compile(r"[0-9A-Za-z号]$")
# A line opening with a heading's mark is a new section or item of a form, never the rest of a value: "【三、投资及进度】",
# "十七、总投资：…", "（二）项目情况".
_HEADING = re.compile(r"^(?:[【〖〔][^】〗〕]*[】〗〕]|[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])")
# A next line opening with these is the speaker going on, not the rest of a value ("我们在…", "另外…").
_SPEECH_START = tuple(WORDS["pronouns"]) + ("另外", "还有", "然后", "对了")


def join_broken_lines(text: str) -> str:
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if _cuts_value(out[-1], line):
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def _cuts_value(before: str, after: str) -> bool:
    """Whether the break between these two lines falls inside the value labelled last on the line before."""
    before, after = before.rstrip(), after.strip()
    if CHAT_STAMP.match(before) or CHAT_STAMP.match(after):
        return False  # "…2GWh/年\n王工 10:42\n刘总，…": another message of a forwarded chat
    if not before or not after or before[-1] in _END_PUNCT or LABEL_RE.match(after) or \
            any(s == 0 for _, s, _ in find_labels(after)) or after.startswith(_SPEECH_START) or _HEADING.match(after) \
            or BULLET.match(after):
        return False  # a bulleted line is the next item of a list ("产品与产能\n• 电堆1万台/年"), never a wrapped value
    labels = find_labels(before)
    if not labels:
        return False
    fid, _, end = labels[-1]
    value = strip_connector(before[end:]).strip()
    piece = re.match(rf"[^{DELIM}\s]+", after)
    if not value or piece is None:
        return False
    if fid in LONG_TEXT:  # a description wraps anywhere: the next line goes on with it unless it has a label
        first_clause = re.split(rf"[{DELIM}]", after, maxsplit=1)[0]
        return not find_labels(first_clause)
    return _complete(fid, value) is False and _complete(fid, value + piece[0]) is True


def _complete(fid: str, value: str) -> bool | None:
    """Whether a value reads as whole for its field; None for fields whose values are not joined (numbers,
    known values and codes, which a line never cuts in a way we could tell)."""
    if value[-1] in _DANGLING:
        return False
    if fid == "unit_name":
        return implausible(fid, value) is None
    if fid in NAMES:
        return person_reason(value) is None
    if fid in ("unit_address", "site_address"):
        return implausible(fid, value) is None
    if fid == "project_name":
        return _PROJECT_END.search(value) is not None
    if fid == "land_parcel_no":
        return _PARCEL_END.search(value) is not None
    return None

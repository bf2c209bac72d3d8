"""An interview transcript pasted whole ("问：单位全称？\n答（贺立新）：山西…有限公司。"): each answer is read under the
question it answers. A question naming a field becomes that answer's label, without its question mark (a "？" would
make the line a side question to us); the speaker after 答 is who said it, not a value, and the full stop ending the
answer is the speaker's; a question naming no field ("新建还是扩建？", "地块情况？") leaves its answer to be read alone,
since its words are choices, not the answer."""

from __future__ import annotations

import re

from bot.intake.extraction import normalize
from bot.intake.lexicon import LABEL_RE

_QUESTION = re.compile(r"^[ \t]*(?:问|提问|Q)[ \t]*[:：][ \t]*(?P<text>.*)$", re.M)
_ANSWER = re.compile(r"^[ \t]*(?:答|回答|A)[ \t]*(?:[（(][^（()）\n]*[)）])?[ \t]*[:：][ \t]*(?P<text>.*)$", re.M)


def _labels_asked(question: str) -> str:
    """The question's words from its first field label to its last ("项目名称定了吗？" -> 项目名称, "年综合能源消费量和年用电量？"
    as asked), or "" when it names no field."""
    plain = normalize(question)
    found = [m.span() for m in LABEL_RE.finditer(plain)]
    return plain[found[0][0]:found[-1][1]] if found else ""


def read_interview(text: str) -> str:
    """The text with its question/answer pairs as "label：answer" lines; unchanged unless it holds two of each."""
    if len(_QUESTION.findall(text)) < 2 or len(_ANSWER.findall(text)) < 2:
        return text
    out: list[str] = []
    label = ""
    for line in text.split("\n"):
        if (q := _QUESTION.match(line)) is not None:
            label = _labels_asked(q["text"])
            continue
        if (a := _ANSWER.match(line)) is not None:
            said = a["text"].rstrip().removesuffix("。") + "；"  # the answer ends here; its full stop is the speaker's
            out.append(f"{label}：{said}" if label else said)
            label = ""  # a second answer to one question goes on from the first, unlabelled
            continue
        out.append(line)
    return "\n".join(out)

"""A value quoted after its label ("单位名称写全称“山西省计量检测研究院”"): the quotes hold the whole value, so a
field's label word inside them (产品, 地址, 项目…) is a word of that value, not a new label cutting it short."""

from __future__ import annotations

import re

from bot.intake.lexicon import DELIM

# An opening quote mark, the quoted text (one line, no nested quote), its closing mark.
_QUOTED = re.compile(r"[“「『\"](?P<inside>[^“”「」『』\"\n]{2,80})[”」』\"]")
# What may stand between a label and the quote opening its value: a short verb phrase ("写全称", "叫", "为"), no break.
_GAP = re.compile(rf"[^{DELIM}“”「」『』\"]{{0,8}}")


def labels_outside_quoted_values(text: str, labels: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """labels without those inside a quoted value that another label, shortly before the quote, introduces."""
    inside: list[tuple[int, int]] = []
    for m in _QUOTED.finditer(text):
        if any(end <= m.start() and _GAP.fullmatch(text[end:m.start()]) for _, _, end in labels):
            inside.append((m.start("inside"), m.end("inside")))
    return [lab for lab in labels if not any(s < lab[1] < e for s, e in inside)]

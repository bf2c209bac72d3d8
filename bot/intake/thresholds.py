"""A figure compared against a line inside a question ("是不是用地超过5公顷才要做报告书？"): the line of a rule the
user asks about, not the project's value, so it is never stored (words/thresholds.yaml)."""

from __future__ import annotations

import re

from bot.intake.lexicon import DELIM, one_of
from bot.intake.wordfiles import read_words

# A comparing word right before the figure, maybe with 了/过 and a space ("超过了 5公顷").
_BEFORE_FIGURE = re.compile(rf"(?:{one_of(e['word'] for e in read_words('thresholds'))})[了过]?\s*$")


# Words of the speaker's own project opening the clause ("我们用电超过600万度了，要做节能审查吗？"): the figure is
# theirs, said roughly, not a rule's line.
_OURS = re.compile(r"我们|我司|咱们|本项目|我们的项目|我们项目")


def is_threshold(text: str, figure_at: int) -> bool:
    """True when the figure starting at figure_at follows a comparing word (超过, 低于, 不足…) in a clause that does
    not speak of the speaker's own project."""
    clause_start = max(text.rfind(d, 0, figure_at) for d in DELIM) + 1
    return _BEFORE_FIGURE.search(text[max(0, figure_at - 8):figure_at]) is not None \
        and _OURS.search(text, clause_start, figure_at) is None

"""A label written as two labels of one field ("产品产能：…", "主要产品 年产能：…"): one label, so its value is what
follows the whole, not "产能：…" (read by the first) and "…" (read by the second) as two different values."""

from __future__ import annotations

import re

# What may stand between the two pieces: nothing, a space, or a word joining them ("产品及产能" is a label itself);
# or an opening bracket, the second label glossing the first ("地番（宗地编号）：…"), its closing bracket in the label.
_BETWEEN = re.compile(r"[\s及和与、/]*|\s*[(（]\s*")
_GLOSS_END = re.compile(r"\s*[)）]")


def joined_labels(text: str, labels: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """labels (sorted by start) with each run of adjacent labels of one field made one label."""
    out: list[tuple[str, int, int]] = []
    for fid, start, end in labels:
        last = out[-1] if out else None
        if last and last[0] == fid and last[2] <= start and (between := _BETWEEN.fullmatch(text[last[2]:start])):
            gloss = _GLOSS_END.match(text, end) if "(" in between[0] or "（" in between[0] else None
            out[-1] = (fid, last[1], gloss.end() if gloss else end)
        else:
            out.append((fid, start, end))
    return out

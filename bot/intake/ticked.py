"""A form's options pasted with their boxes ("☐甲 ☐乙 ☑丁", "新建（ ）扩建（√）"): only the ticked options are kept, so
the line says its answer and the printed choices are no values. The boxes are data: words/checkbox_marks.yaml."""

from __future__ import annotations

import re

from bot.intake.wordfiles import read_words

_MARKS = read_words("checkbox_marks")
_TICKED = "".join(e["word"] for e in _MARKS["ticked"])
_BOXES = re.escape(_TICKED + "".join(e["word"] for e in _MARKS["unticked"]))
# A box, then its option up to a space or a separator ("☑丁 ", "□租赁｜用地面积…").
_BOX_BEFORE = re.compile(rf"([{_BOXES}])\s*([^{_BOXES}\s|｜,;，；]*)")
# An option, then its box ("甲□ 乙□ 丙☑").
_BOX_TRAILING = re.compile(rf"([^{_BOXES}\s|｜,;，；:：]+)\s*([{_BOXES}])")
# An option, then its bracket, blank or ticked ("扩建（ ）", "技术改造（√）").
_BOX_AFTER = re.compile(rf"([^\s(（)）:：{re.escape(_TICKED)}]+?)\s*[(（]\s*([{re.escape(_TICKED)}]?)\s*[)）]")


def ticked_options(text: str) -> str:
    """Each line holding two or more boxes with only its ticked options, joined by 、; other lines unchanged."""
    return "\n".join(_ticked_line(line) for line in text.split("\n"))


def _ticked_line(line: str) -> str:
    before = list(_BOX_BEFORE.finditer(line))
    if len(before) >= 2 and before[0].start() > 0 and line[before[0].start() - 1].isalnum():
        trailing = list(_BOX_TRAILING.finditer(line))  # the first box right after a word: boxes follow options
        return _kept(line, trailing, [m[1] for m in trailing if m[2] in _TICKED])
    if len(before) >= 2:
        return _kept(line, before, [m[2].strip() for m in before if m[1] in _TICKED and m[2].strip()])
    after = list(_BOX_AFTER.finditer(line))
    if len(after) >= 2:
        return _kept(line, after, [m[1] for m in after if m[2]])
    return line


def _kept(line: str, boxes: list[re.Match[str]], chosen: list[str]) -> str:
    """The line with the run of options from the first box to the last replaced by the chosen ones."""
    return line[:boxes[0].start()] + "、".join(chosen) + line[boxes[-1].end():]

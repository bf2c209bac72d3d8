"""A form's options pasted with their boxes ("☐甲 ☐乙 ☑丁", "新建（ ）扩建（√）"): only the ticked options are kept, so
the line says its answer and the printed choices are no values. The boxes are data: words/checkbox_marks.yaml."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.intake.wordfiles import read_words


@lru_cache(maxsize=1)
def _marks() -> tuple[str, str]:
    data = read_words("checkbox_marks")
    return "".join(e["word"] for e in data["ticked"]), "".join(e["word"] for e in data["unticked"])


@lru_cache(maxsize=1)
def _box_before() -> re.Pattern[str]:
    """A box, then its option up to a space or a separator ("☑丁 ", "□租赁｜用地面积…")."""
    boxes = re.escape("".join(_marks()))
    return re.compile(rf"([{boxes}])\s*([^{boxes}\s|｜,;，；]*)")


@lru_cache(maxsize=1)
def _box_trailing() -> re.Pattern[str]:
    """An option, then its box ("甲□ 乙□ 丙☑")."""
    boxes = re.escape("".join(_marks()))
    return re.compile(rf"([^{boxes}\s|｜,;，；:：]+)\s*([{boxes}])")


@lru_cache(maxsize=1)
def _box_after() -> re.Pattern[str]:
    """An option, then its bracket, blank or ticked ("扩建（ ）", "技术改造（√）")."""
    ticked, _ = _marks()
    return re.compile(rf"([^\s(（)）:：{re.escape(ticked)}]+?)\s*[(（]\s*([{re.escape(ticked)}]?)\s*[)）]")


def ticked_options(text: str) -> str:
    """Each line holding two or more boxes with only its ticked options, joined by 、; other lines unchanged."""
    return "\n".join(_ticked_line(line) for line in text.split("\n"))


def _ticked_line(line: str) -> str:
    ticked, _ = _marks()
    before = list(_box_before().finditer(line))
    if len(before) >= 2 and before[0].start() > 0 and line[before[0].start() - 1].isalnum():
        trailing = list(_box_trailing().finditer(line))  # the first box right after a word: boxes follow options
        chosen = [m[1] for m in trailing if m[2] in ticked]
        return line[:trailing[0].start()] + "、".join(chosen) + line[trailing[-1].end():]
    if len(before) >= 2:
        chosen = [m[2].strip() for m in before if m[1] in ticked and m[2].strip()]
        return line[:before[0].start()] + "、".join(chosen) + line[before[-1].end():]
    after = list(_box_after().finditer(line))
    if len(after) >= 2:
        chosen = [m[1] for m in after if m[2]]
        return line[:after[0].start()] + "、".join(chosen) + line[after[-1].end():]
    return line

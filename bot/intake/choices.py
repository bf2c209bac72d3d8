"""Two alternatives in one message (two projects' data), then the user's pick ("以项目二为准", "按第二个",
"后面那个"). The message and its conflicting values are kept in IntakeState until the pick, which stores the
picked project's values: re-read from its own block ("项目二：…") when the message has blocks, else the n-th
of each pair of conflicting values."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.intake.extraction import Extraction
from bot.intake.lexicon import ORG_FORMS
from bot.intake.parse import parse
from bot.intake.table import read_table

_N = {"一": 1, "1": 1, "二": 2, "两": 2, "2": 2, "三": 3, "3": 3, "四": 4, "4": 4,
      "A": 1, "B": 2, "C": 3, "D": 4}  # 方案A/方案B: a comparison's alternatives named by letter
# Where a project's block starts: "项目二：", "方案1:", "第二个项目：" at the start of a line or sentence.
# Or a numbered heading alone on its line ("一、山西汇川新材料科技有限公司"), as a letter lists its companies.
_BLOCK = re.compile(r"(?:^|(?<=[\n;；。]))\s*(?:(?:项目|方案)\s*([一二三四1-4A-D])|第([一二三四1-4])个(?:项目|方案))\s*[:：]"
                    r"|^[ \t]*[一二三四][、.．][^\n]{2,40}$", re.M)
# One alternative named: "项目二", "第二个(项目)", "后面那个", "前者".
_ORD = (r"(?:(?:项目|方案)\s*(?P<a>[一二两三四1-4A-D])|第(?P<b>[一二两三四1-4])[个家]?(?:项目|方案|公司|企业)?"
        r"|(?P<first>前面|上面|前一|头一)(?:那|这)?个|(?P<last>后面|下面|后一|最后)(?:那|这)?个|(?P<former>前者)|(?P<latter>后者))")
# The pick: a choosing word before it (以/按/选/用/填/要…的是; "走方案B", "定方案二": the way taken) or 为准 after it, or the alternative said alone.
_ORD_RE = re.compile(_ORD)
_ANY = re.sub(r"\?P<\w+>", "", _ORD)
_PICK = re.compile(rf"(?:以|按|按照|选|用|填|要|就|取|是|走|定|报|申报|提交)\s*{_ANY}|{_ANY}\s*(?:为准|吧|就行|就对了)"
                   rf"|(?:^|(?<=[,，;；。!！\s])){_ANY}\s*(?=$|[,，;；。!！])")


def picked(message: str, count: int) -> int | None:
    """The 0-based alternative the message picks among count, or None when it picks none."""
    found = None
    for pick in _PICK.finditer(message):
        m = _ORD_RE.search(pick[0])
        if m is None:
            continue
        n = _N.get(m["a"] or m["b"] or "", 0) - 1
        if m["first"] or m["former"]:
            n = 0
        elif m["last"] or m["latter"]:
            n = count - 1
        if 0 <= n < count:
            found = n  # the last pick said counts ("项目一是去年的，以项目二为准")
    return found


def blocks(text: str) -> tuple[str, list[str]]:
    """The text before the first project block, and the blocks in order ([] when there are fewer than two)."""
    starts = [m.start() for m in _BLOCK.finditer(text)]
    if len(starts) < 2:
        return text, []
    return text[:starts[0]], [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def picked_values(text: str, pairs: dict[str, list[Any]], current: dict[str, Any], n: int,
                  today: date) -> dict[str, Any]:
    """The values of alternative n: every conflicting field, and any field the message stored from another
    alternative (its 扩建 when the picked project is 新建)."""
    common, parts = blocks(read_table(text))  # a comparison table is written out as one block per alternative
    if not parts:
        return {fid: pair[n] for fid, pair in pairs.items() if n < len(pair)}
    read = [_values(parse(f"{common}\n{part}", [], today)) for part in parts]
    if n >= len(read):
        return {}
    others = [r for i, r in enumerate(read) if i != n]
    headed = _heading_organisation(parts[n])
    return {**{fid: value for fid, value in read[n].items()
               if fid in pairs or any(fid in o and o[fid] == current.get(fid) != value for o in others)},
            **({"unit_name": headed} if headed else {})}


# A block headed by an organisation's name alone ("二、山西汇川新材料科技有限公司"): that organisation's data, whoever
# sent it (a group's staff sending its subsidiaries' profiles).
_HEADING = re.compile(r"\s*[一二三四][、.．]\s*(?P<name>[^\n]{2,40}?)\s*(?:\n|$)")


def _heading_organisation(part: str) -> str | None:
    m = _HEADING.match(part)
    return m["name"] if m and m["name"].endswith(ORG_FORMS) else None


def _values(x: Extraction) -> dict[str, Any]:
    """The values of an alternative, its whole 计划建设期 among them."""
    period = {k: x.period[k] for k in ("start", "end") if k in x.period}
    return {**x.values, **({"construction_period": period} if len(period) == 2 else {})}


def ask_pick(labels: list[str]) -> str:
    """One question for two sets of data in one message, instead of one per field."""
    return (f"这条消息里有两组数据（{'、'.join(labels)}各有两个不同的值），这些项先不记录。"
            "请告诉我以哪一组为准，如“以第二个为准”“以项目二为准”。")

"""Changes sent as patches to a value given before, the field named in the same clause, often obliquely ("项目名称后面
括号里的“（一期）”去掉", "电话那个写错了，最后两位是35", "建设内容那段，“封装线6条”改成8条，末尾再加一句“…”", "产能那个数，200万改成
240万", "单位地址那个楼层少打了个1，是19层"). Each patch is read here; the dialogue applies it to the stored value, so
the fragment itself is never stored as the value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.intake.labelled import find_labels

_OPEN, _CLOSE = "“\"'‘「", "”\"'’」"
_QUOTED = rf"[{_OPEN}](?P<{{}}>[^{_OPEN}{_CLOSE}\n]{{{{1,80}}}})[{_CLOSE}]"
# Bounded, and starting where a run of digits does, so a long paste of digits is read in linear time.
_FIGURE = r"(?<![\d.])\d{1,12}(?:\.\d{1,6})?[万亿千百]?"
_TO = r"(?:改成|改为|换成|更正为)"
# "“封装线6条”改成8条", "“甲”改为“乙”"; "200万改成240万" (a figure for a figure).
_REPLACE = re.compile(rf"{_QUOTED.format('old')}\s*{_TO}\s*(?:{_QUOTED.format('new')}|(?P<bare>[^,;。\n“”\"]{{1,40}}))"
                      rf"|(?P<old_figure>{_FIGURE})\s*{_TO}\s*(?P<new_figure>{_FIGURE})")
# "“（一期）”去掉": a part taken out.
_DROP = re.compile(rf"{_QUOTED.format('old')}\s*(?:去掉|删掉|删除|拿掉|不要了?)")
# "末尾再加一句“，配套建设…”": a part added at the end.
_APPEND = re.compile(rf"(?:末尾|最后|结尾|后面)(?:再)?(?:加|补|添|增加|补充)(?:上)?(?:一句|一段|一项)?[:：]?\s*{_QUOTED.format('new')}")
# "最后两位是35": the last digits of a number.
_LAST_DIGITS = re.compile(r"(?:最后|末尾|后)(?P<n>[一两二三四五1-5])位(?:是|应为|应该是|改成|改为)\s*(?P<digits>\d{1,5})")
# "少打了个1，是19层": a slip of the keys, then the part as it should read (figures ending in the same word).
_SLIP = re.compile(r"(?:少打了?|多打了?|打错了?|写错了?|漏了)[^,;。\n]{0,6}[,;\s]*(?:是|应为|应该是)\s*(?P<token>\d{1,12}[\u4e00-\u9fa5])")
_COUNT = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5}


@dataclass(frozen=True)
class Patch:
    field: str
    kind: str      # replace / append / last_digits / token
    old: str
    new: str


def read_patches(text: str) -> list[Patch]:
    """The patches of the text, one field per line or sentence: the first field its clause names."""
    found: list[Patch] = []
    for line in re.split(r"[\n。;]", text):
        if not any(r.search(line) for r in (_REPLACE, _DROP, _APPEND, _LAST_DIGITS, _SLIP)):
            continue  # no patch: the labels of the line are not looked for
        labels = find_labels(line)
        if not labels:
            continue
        fid = labels[0][0]
        for m in _REPLACE.finditer(line):
            old = m["old"] or m["old_figure"]
            new = m["new"] if m["new"] is not None else (m["bare"] or m["new_figure"] or "").strip()
            found.append(Patch(fid, "replace", old, new))
        found += [Patch(fid, "replace", m["old"], "") for m in _DROP.finditer(line)]
        found += [Patch(fid, "append", "", m["new"]) for m in _APPEND.finditer(line)]
        found += [Patch(fid, "last_digits", str(_COUNT.get(m["n"], m["n"])), m["digits"])
                  for m in _LAST_DIGITS.finditer(line)]
        found += [Patch(fid, "token", "", m["token"]) for m in _SLIP.finditer(line)]
    return found


def patched(values: dict[str, object], patches: list[Patch]) -> dict[str, str | None]:
    """The stored texts with their patches applied, None for a text a patch does not fit (the old part is not in it:
    nothing to change, and the fragment is no value either). Fields without a stored text are left to the reading."""
    out: dict[str, str | None] = {}
    for p in patches:
        value = out[p.field] if p.field in out else values.get(p.field)
        if isinstance(value, str):
            out[p.field] = _apply(value, p)
    return out


def _apply(value: str, p: Patch) -> str | None:
    if p.kind == "append":
        return value + p.new
    if p.kind == "last_digits":
        n = int(p.old)
        digits = [i for i, c in enumerate(value) if c.isdigit()]
        if len(p.new) != n or len(digits) < n:
            return None
        chars = list(value)
        for i, d in zip(digits[-n:], p.new, strict=True):
            chars[i] = d
        return "".join(chars)
    if p.kind == "token":  # "19层" for the last "9层": the figure before the same word
        shaped = list(re.finditer(rf"(?<!\d)\d{{1,12}}{re.escape(p.new[-1])}", value))
        return value[:shaped[-1].start()] + p.new + value[shaped[-1].end():] if shaped else None
    if (renumbered := _renumbered(value, p)) is not None:
        return renumbered
    return value.replace(p.old, p.new, 1) if p.old in value else None


def _renumbered(value: str, p: Patch) -> str | None:
    """"“封装线6条”改成8条": the new part says only the changed figure with its word; the old part with it put in."""
    old_figure = re.search(r"\d+(?:\.\d+)?", p.old)
    new_figure = re.fullmatch(r"(\d+(?:\.\d+)?)(\S*)", p.new)
    if not (old_figure and new_figure) or not p.old.endswith(new_figure[2]) or p.old not in value:
        return None
    fixed = p.old[:old_figure.start()] + new_figure[1] + p.old[old_figure.end():]
    return value.replace(p.old, fixed, 1)

"""What the rules read from one message: the Extraction every reader fills, and the text normalization."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import opencc

if TYPE_CHECKING:
    from bot.intake.patches import Patch
    from bot.intake.units import Quantity


@dataclass
class Extraction:
    values: dict[str, Any] = field(default_factory=dict)   # field id -> raw value in canonical units
    errors: dict[str, str] = field(default_factory=dict)   # field id -> why the text could not be read
    period: dict[str, Any] = field(default_factory=dict)   # partial 计划建设期: start/end YYYY-MM, months
    skipped: list[str] = field(default_factory=list)       # fields the user said to skip
    skip_rest: bool = False                                 # "其他不知道": skip what was asked and not given
    reask: list[str] = field(default_factory=list)         # "联系人填错了" without the right value
    questions: list[str] = field(default_factory=list)     # side questions carrying no field
    correction: bool = False
    last_said_wins: bool = False                            # "按最后定的提取": a field said twice takes its later value
    replacing: list[tuple[int, int]] = field(default_factory=list)  # "按4.8亿报": spans naming a value the one to use
    winning: list[tuple[int, int]] = field(default_factory=list)  # spans of the part that wins ("以备注为准")
    conflicts: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    weak: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)          # understood but not a value: "孔部长" (a title)
    refs: dict[str, str] = field(default_factory=dict)      # field id -> field whose value it repeats (联系人同法人)
    respell: list[tuple[str, str]] = field(default_factory=list)  # (wrong, right): "把潇河识别成小河了"
    patches: list[Patch] = field(default_factory=list)  # "电话最后两位是35": changes to a value given before
    rules: dict[str, str] = field(default_factory=dict)  # field -> the document it is taken from ("以A为准")
    sources: dict[str, str] = field(default_factory=dict)  # field -> the document block its value stands in
    misplaced: dict[str, Quantity] = field(default_factory=dict)  # field id -> its figure in another field's unit
    pointed: list[str] = field(default_factory=list)       # fields pointed at, not said: "建设地点是厂里那个"
    swapped: bool = False                                   # "上面两对写反了": values of fields were exchanged
    _spans: list[tuple[int, int]] = field(default_factory=list, repr=False)
    where: dict[str, int] = field(default_factory=dict, repr=False)  # field id -> position, to drop it in questions

    def found(self) -> bool:
        return bool(self.values or self.errors or self.period)

    def put(self, fid: str, value: Any, start: int, end: int, weak: bool = False) -> None:
        """weak: an incidental word (新建 in a description), which never replaces a value given before."""
        if fid in self.values and self.values[fid] != value:
            if (wins := self._part_wins(fid, start)) is False:
                self.claim(start, end)  # the slide's figure after its note's: the note's stands, no question
                return
            if wins:
                self.conflicts.pop(fid, None)  # "占地约70亩 … 备注：占地68亩" under "以备注为准": the note's figure
            elif weak and fid not in self.weak:
                return  # a detail never replaces a statement
            elif not weak and fid not in self.weak and _contains(self.values[fid], value):
                value = max(self.values[fid], value, key=len)  # "武宿综合保税区" then "武宿综合保税区综保大道以北"
            elif not weak and fid not in self.weak and not self.correction and not self._replaces(fid, end):
                self.conflicts[fid] = (self.values[fid], value)  # the same field twice in one message: ask which
        self.weak.discard(fid)
        if weak:
            self.weak.add(fid)
        self.values[fid] = value
        self.where[fid] = start
        self.claim(start, end)

    def _part_wins(self, fid: str, start: int) -> bool | None:
        """True when the value at start stands in the winning part of the paste and the earlier one does not, False
        the other way round, None when both stand in one part (or no part wins)."""
        if not self.winning or fid not in self.where:
            return None
        new, old = (any(s <= at < e for s, e in self.winning) for at in (start, self.where[fid]))
        return None if new == old else new

    def _replaces(self, fid: str, end: int) -> bool:
        """The message says a later value replaces the earlier: everywhere ("按最后定的"), or by a phrase after the
        earlier value and at or just after the later one ("固投4.9亿……固投按4.8亿报")."""
        return self.last_said_wins or any(self.where.get(fid, end) < s <= end + 4 for s, _ in self.replacing)

    def fail(self, fid: str, message: str, pos: int) -> None:
        self.errors[fid] = message
        self.where[fid] = pos

    def claim(self, start: int, end: int) -> None:
        self._spans.append((start, end))

    def unclaimed(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self._spans)


def _contains(first: Any, second: Any) -> bool:
    """Two texts for one field where one goes on from the other (a place, then the place with its street): the
    fuller one says both, no need to ask. Short texts (names: 张三 / 张三丰) are different values."""
    if not (isinstance(first, str) and isinstance(second, str)):
        return False
    short, long = sorted((first, second), key=len)
    return len(short) >= 4 and long.startswith(short)


def normalize(text: str) -> str:
    """Traditional to Simplified characters, full-width to half-width (：，？ → :,?) except the full-width
    parentheses a value is written with (晋（2026）…不动产权) and ℃, ㎡ → m2, 个亿 → 亿, 两个半亿 → 两点五亿, 廿 → 二十."""
    text = _plain_figures(to_simplified(text))
    kept = "（）℃"  # ℃ stays as the user wrote it (NFKC makes it °C)
    text = "".join(c if c in kept or _PROCESS_SUPERSCRIPT.match(text, i) else unicodedata.normalize("NFKC", c)
                   for i, c in enumerate(text))
    text = _HALF.sub(lambda m: m[1] + (".5" if m[1].isdigit() else "点五"), _PICTOGRAPH.sub(" ", text))
    return _TENS.sub(lambda m: "二十" if m[0] == "廿" else "三十", text).replace("个亿", "亿").strip()


# "两个半亿", "3个半万": the half of a count of 亿/万 is its decimal five (2.5亿).
_HALF = re.compile(r"(\d+|[一二两三四五六七八九十]+)个半(?=[百千万亿])")
# 廿 and 卅, the written twenty and thirty ("廿三万方"): no other use in today's Chinese.
_TENS = re.compile("[廿卅]")


# A figure in scientific notation as engineers write it ("6.42×10⁴ m²", "1.86 x 10^9 元"): written out before NFKC
# would turn 10⁴ into 104.
_SCIENTIFIC = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*[×xX*]\s*10\s*(?:\^\s*([-−]?\d{1,2})|([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}))")
_SUPERSCRIPT_DIGITS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹−", "-0123456789-")


def _plain_figures(text: str) -> str:
    def plain(m: re.Match[str]) -> str:
        power = int((m[2] or m[3]).translate(_SUPERSCRIPT_DIGITS))
        return format(Decimal(m[1]).scaleb(power).normalize(), "f")
    return _SCIENTIFIC.sub(plain, text)


# A superscript after a capital letter names a process (A²/O, the anaerobic-anoxic-oxic treatment), kept as written;
# after a unit's letter (m², km³) it is the unit's power, which NFKC writes as m2.
_PROCESS_SUPERSCRIPT = re.compile(r"(?<=[A-Z])[²³]")


# Emoji and pictographs (👍 😊 ✅ 🏭, with their joiners, variation selectors and skin tones) never belong in a
# value: each becomes a space, which ends the value it was typed after ("…项目👍 新建"). Letterlike and
# mathematical symbols (℃, °, ≥, ≈) are kept.
_PICTOGRAPH = re.compile("(?:[\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u297f\u2b00-\u2bff"
                         "\U0001f000-\U0001faff]|[\u200d\ufe0e\ufe0f])+")


# Kana (not the middle dot ・ or the long mark ー, which Chinese writes too): the text is written partly in Japanese.
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")


def to_simplified(text: str) -> str:
    """Traditional Chinese in Simplified, by OpenCC's phrase-aware tables: a Simplified text stays as it is
    (包覆, 覆盖, 乾坤), where a character table would turn 包覆 into 包复. A text holding kana has its Japanese
    forms (産, 設, 従, 総) read as the Chinese characters first; only then, as 芸 is Japanese for 藝 but Chinese too."""
    if _KANA.search(text):
        text = _opencc("jp2t").convert(text)
    return _opencc("t2s").convert(text)


@lru_cache(maxsize=2)
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)

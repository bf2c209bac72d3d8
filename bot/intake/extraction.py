"""What the rules read from one message: the Extraction every reader fills, and the text normalization."""

from __future__ import annotations

import importlib.util
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.jio import jionlp


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
    conflicts: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    weak: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)          # understood but not a value: "孔部长" (a title)
    refs: dict[str, str] = field(default_factory=dict)      # field id -> field whose value it repeats (联系人同法人)
    _spans: list[tuple[int, int]] = field(default_factory=list, repr=False)
    where: dict[str, int] = field(default_factory=dict, repr=False)  # field id -> position, to drop it in questions

    def found(self) -> bool:
        return bool(self.values or self.errors or self.period)

    def put(self, fid: str, value: Any, start: int, end: int, weak: bool = False) -> None:
        """weak: an incidental word (新建 in a description), which never replaces a value given before."""
        if fid in self.values and self.values[fid] != value:
            if weak and fid not in self.weak:
                return  # a detail never replaces a statement
            if not weak and fid not in self.weak and not self.correction:
                self.conflicts[fid] = (self.values[fid], value)  # the same field twice in one message: ask which
        self.weak.discard(fid)
        if weak:
            self.weak.add(fid)
        self.values[fid] = value
        self.where[fid] = start
        self.claim(start, end)

    def fail(self, fid: str, message: str, pos: int) -> None:
        self.errors[fid] = message
        self.where[fid] = pos

    def claim(self, start: int, end: int) -> None:
        self._spans.append((start, end))

    def unclaimed(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self._spans)


def normalize(text: str) -> str:
    """Traditional to Simplified characters, full-width to half-width (：，？ → :,?) except the full-width
    parentheses a value is written with (晋（2026）…不动产权), ㎡ → m2, 个亿 → 亿."""
    if any(ord(c) > 0x3400 and c in _traditional() for c in text):
        text = _tra2sim(text)
    kept = "（）"
    text = "".join(c if c in kept else unicodedata.normalize("NFKC", c) for c in text)
    return text.replace("个亿", "亿").strip()


@lru_cache(maxsize=1)
def _traditional() -> frozenset[str]:
    """Characters jionlp converts to Simplified (read from its dictionary once, without loading jionlp)."""
    spec = importlib.util.find_spec("jionlp")
    assert spec and spec.origin
    path = Path(spec.origin).parent / "dictionary" / "tra2sim_char.txt"
    return frozenset(line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines() if line)


def _tra2sim(text: str) -> str:
    return jionlp().tra2sim(text, mode="char")

"""What the rules read from one message: the Extraction every reader fills, and the text normalization."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any


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
    _spans: list[tuple[int, int]] = field(default_factory=list, repr=False)
    where: dict[str, int] = field(default_factory=dict, repr=False)  # field id -> position, to drop it in questions

    def found(self) -> bool:
        return bool(self.values or self.errors or self.period)

    def put(self, fid: str, value: Any, start: int, end: int) -> None:
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
    """Full-width to half-width (：，？ → :,?), ㎡ → m2, 个亿 → 亿."""
    return unicodedata.normalize("NFKC", text).replace("个亿", "亿").strip()

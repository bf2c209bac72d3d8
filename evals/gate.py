"""The regression gate: headline figures of one profile against the committed thresholds.json.

A headline that was not measured counts as a failure: a gate that passes because a figure went
missing guards nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

THRESHOLDS = Path(__file__).with_name("thresholds.json")


class Thresholds(BaseModel):
    profile: str
    min: dict[str, float]
    max: dict[str, float]

    def for_sections(self, sections: set[str]) -> Thresholds:
        """Only the figures of the evaluations that ran ("retrieval.hybrid.hit5" belongs to retrieval)."""
        def keep(bounds: dict[str, float]) -> dict[str, float]:
            return {k: v for k, v in bounds.items() if k.split(".", 1)[0] in sections}
        return Thresholds(profile=self.profile, min=keep(self.min), max=keep(self.max))


class GateRow(BaseModel):
    figure: str
    value: float | None
    kind: Literal["min", "max"]
    bound: float
    passed: bool


def load_thresholds(path: Path = THRESHOLDS) -> Thresholds:
    return Thresholds.model_validate(json.loads(path.read_text(encoding="utf-8")))


def check(figures: dict[str, float | None], thresholds: Thresholds) -> list[GateRow]:
    rows = []
    for kind, bounds in (("min", thresholds.min), ("max", thresholds.max)):
        for name, bound in bounds.items():
            value = figures.get(name)
            passed = value is not None and (value >= bound if kind == "min" else value <= bound)
            rows.append(GateRow(figure=name, value=value, kind=kind, bound=bound, passed=passed))
    return rows

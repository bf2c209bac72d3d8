"""The zone's own data (parks, indicator thresholds) from knowledge/zone.yaml, validated."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

ZONE_FILE = Path(__file__).with_name("zone.yaml")


class Park(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    aliases: list[str] = []
    note: str = ""
    source: str
    confirmed: bool


class Threshold(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str
    unit: str
    min: float | None
    rule: str
    source: str


class Zone(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    level: str
    parks: list[Park]
    indicators: dict[str, Threshold]

    def park_names(self) -> list[str]:
        return [p.name for p in self.parks]

    def match_park(self, text: str) -> str | None:
        """Canonical park name for a name or alias; longest alias first so 潇河新城 beats 潇河."""
        pairs = sorted(((a, p.name) for p in self.parks for a in [p.name, *p.aliases]),
                       key=lambda pair: -len(pair[0]))
        return next((name for alias, name in pairs if alias in text), None)


@lru_cache
def load_zone(path: Path = ZONE_FILE) -> Zone:
    return Zone.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))

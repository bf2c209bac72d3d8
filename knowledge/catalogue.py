"""The approval-item catalogue: one YAML file per item in knowledge/catalogue/, validated here.

Applicability rules are data: a tiny tri-state expression language over the 28 base fields
(canonical units: m², m³, 万元, 万kWh, tce) and a few derived values. A rule that cannot be
decided from the fields (e.g. "is the site in a flood zone?") is `manual` and evaluates to None.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from knowledge.fields import FIELD_IDS

Stage = Literal["立项用地规划许可", "工程建设许可", "施工许可", "竣工验收", "投产运营"]
STAGES: tuple[str, ...] = Stage.__args__  # type: ignore[attr-defined]
ItemKind = Literal["政府服务", "承诺制", "审批", "备案"]

MU_M2 = 666.67
HECTARE_M2 = 10_000.0
DERIVED_IDS = ("land_area_ha", "land_area_mu", "investment_intensity", "floor_area_ratio")
RULE_VARIABLES = frozenset(FIELD_IDS) | frozenset(DERIVED_IDS)


def derive(values: dict[str, Any]) -> dict[str, Any]:
    """Fields plus derived values: land in ha and 亩, 万元 of fixed assets per 亩, 容积率."""
    out = dict(values)
    land = values.get("land_area")
    if isinstance(land, (int, float)) and land > 0:
        out["land_area_ha"] = land / HECTARE_M2
        out["land_area_mu"] = land / MU_M2
        fixed = values.get("fixed_asset_investment")
        if isinstance(fixed, (int, float)):
            out["investment_intensity"] = fixed / (land / MU_M2)
        floor = values.get("total_floor_area")
        if isinstance(floor, (int, float)):
            out["floor_area_ratio"] = floor / land
    return out


class Rule(BaseModel):
    """Exactly one of: always / field+op+value / any / all / not / manual."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    always: bool | None = None
    field: str | None = None
    op: Literal[">=", ">", "<=", "<", "==", "!=", "in", "not_in"] | None = None
    value: float | str | list[str] | None = None
    any: list[Rule] | None = None
    all: list[Rule] | None = None
    not_: Rule | None = Field(None, alias="not")
    manual: str | None = Field(None, description="Question to ask when the fields cannot decide")

    @model_validator(mode="after")
    def _one_form(self) -> Rule:
        forms = [self.always is not None, self.field is not None, self.any is not None,
                 self.all is not None, self.not_ is not None, self.manual is not None]
        if sum(forms) != 1:
            raise ValueError("a rule has exactly one of always/field/any/all/not/manual")
        if self.field is not None:
            if self.field not in RULE_VARIABLES:
                raise ValueError(f"unknown field in rule: {self.field}")
            if self.op is None or self.value is None:
                raise ValueError(f"rule on {self.field} needs op and value")
        return self

    def evaluate(self, values: dict[str, Any]) -> bool | None:
        """True/False when decided; None when a needed value is missing or the rule is manual."""
        if self.always is not None:
            return self.always
        if self.manual is not None:
            return None
        if self.not_ is not None:
            inner = self.not_.evaluate(values)
            return None if inner is None else not inner
        if self.any is not None:
            results = [r.evaluate(values) for r in self.any]
            return True if True in results else (None if None in results else False)
        if self.all is not None:
            results = [r.evaluate(values) for r in self.all]
            return False if False in results else (None if None in results else True)
        actual = values.get(self.field)  # type: ignore[arg-type]
        if actual is None or actual == "":
            return None
        return _compare(actual, self.op, self.value)  # type: ignore[arg-type]

    def describe(self) -> str:
        """Short Chinese-friendly rendering, for checklists and tests."""
        if self.always is not None:
            return "所有项目" if self.always else "不适用"
        if self.manual is not None:
            return f"需确认：{self.manual}"
        if self.not_ is not None:
            return f"非（{self.not_.describe()}）"
        if self.any is not None:
            return " 或 ".join(r.describe() for r in self.any)
        if self.all is not None:
            return " 且 ".join(r.describe() for r in self.all)
        return f"{self.field} {self.op} {self.value}"


def _compare(actual: Any, op: str, expected: Any) -> bool:
    if op == "in":
        return actual in expected
    if op == "not_in":
        return actual not in expected
    if op in ("==", "!="):
        return (actual == expected) == (op == "==")
    a, b = float(actual), float(expected)
    return {">=": a >= b, ">": a > b, "<=": a <= b, "<": a < b}[op]


class Variant(BaseModel):
    """A form of the item chosen by the project's values (e.g. 报告书 vs 报告表); first match wins."""

    model_config = ConfigDict(extra="forbid")
    name: str
    when: Rule
    time_limit: str | None = None


class ApprovalItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]+$")
    name: str
    stage: Stage
    order: int = Field(description="Position within the whole life cycle, for checklists")
    department: str
    legal_basis: list[str] = Field(min_length=1)
    time_limit: str = Field(description="As an enterprise reads it, e.g. 20个工作日")
    time_limit_days: int | None = None
    time_limit_unit: Literal["工作日", "自然日"] | None = None
    kind: ItemKind
    fee: str
    materials: list[str] = Field(min_length=1)
    fields: list[str] = Field(min_length=1, description="Base fields its application form uses")
    applies: Rule
    applies_note: str = Field(description="The rule in plain Chinese, with its source")
    variants: list[Variant] = []
    guide: str = Field(description="Service guide path relative to the corpus folder")

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, v: list[str]) -> list[str]:
        unknown = sorted(set(v) - set(FIELD_IDS))
        if unknown:
            raise ValueError(f"unknown base field ids: {unknown}")
        return v

    def applicability(self, values: dict[str, Any]) -> tuple[bool | None, Variant | None]:
        """Whether this project needs the item (None = to be confirmed) and which variant."""
        derived = derive(values)
        needed = self.applies.evaluate(derived)
        if not needed:
            return needed, None
        variant = next((v for v in self.variants if v.when.evaluate(derived)), None)
        return needed, variant


class Catalogue(BaseModel):
    items: list[ApprovalItem]

    @model_validator(mode="after")
    def _unique(self) -> Catalogue:
        ids = [i.id for i in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError("duplicate item ids in the catalogue")
        return self

    def by_id(self, item_id: str) -> ApprovalItem:
        return next(i for i in self.items if i.id == item_id)


def load_catalogue(folder: Path | None = None) -> Catalogue:
    from knowledge.settings import get_settings

    folder = folder or get_settings().catalogue_dir
    return _load(Path(folder))


@lru_cache
def _load(folder: Path) -> Catalogue:
    items = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]
    catalogue = Catalogue(items=items)
    catalogue.items.sort(key=lambda i: (STAGES.index(i.stage), i.order))
    return catalogue

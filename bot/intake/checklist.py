"""The personal approval checklist: which catalogue items a project needs, in life-cycle order,
plus the derived land-use indicators checked against the zone's thresholds (knowledge/zone.yaml)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from knowledge.catalogue import ApprovalItem, Catalogue, Rule, derive, load_catalogue
from knowledge.fields import FIELDS_BY_ID
from knowledge.zone import Zone, load_zone

Status = Literal["需要办理", "待确认", "不需要"]


class ChecklistEntry(BaseModel):
    item_id: str
    name: str
    stage: str
    order: int
    status: Status
    kind: str
    department: str
    time_limit: str
    variant: str | None = None
    variant_options: list[str] = []   # possible forms while the variant is still undecided
    reason: str                        # the rule in plain Chinese, or what must be confirmed
    to_confirm: list[str] = []         # manual questions and missing base fields deciding it


class Indicator(BaseModel):
    id: str
    label: str
    value: float | None
    unit: str
    threshold: float | None
    ok: bool | None                    # None: no value, or no sourced threshold to compare with
    message: str
    source: str


class Checklist(BaseModel):
    entries: list[ChecklistEntry]
    indicators: list[Indicator]

    def with_status(self, status: Status) -> list[ChecklistEntry]:
        return [e for e in self.entries if e.status == status]

    def warnings(self) -> list[str]:
        return [i.message for i in self.indicators if i.ok is False]


def build_checklist(values: dict[str, Any], catalogue: Catalogue | None = None,
                    zone: Zone | None = None) -> Checklist:
    catalogue = catalogue or load_catalogue()
    entries = [_entry(item, values) for item in catalogue.items]
    return Checklist(entries=entries, indicators=indicators(values, zone or load_zone()))


def _entry(item: ApprovalItem, values: dict[str, Any]) -> ChecklistEntry:
    needed, variant = item.applicability(values)
    status: Status = {True: "需要办理", None: "待确认", False: "不需要"}[needed]
    derived = derive(values)
    undecided = [v for v in item.variants if v.when.evaluate(derived) is None]
    open_questions = _open(item.applies, derived) if needed is None else []
    if needed and variant is None and undecided:
        open_questions = [q for v in undecided for q in _open(v.when, derived)]
    return ChecklistEntry(
        item_id=item.id, name=item.name, stage=item.stage, order=item.order, status=status, kind=item.kind,
        department=item.department, time_limit=(variant.time_limit if variant and variant.time_limit
                                                else item.time_limit),
        variant=variant.name if variant else None,
        variant_options=[v.name for v in undecided] if needed and variant is None else [],
        reason=item.applies_note, to_confirm=list(dict.fromkeys(open_questions)))


def _open(rule: Rule, values: dict[str, Any]) -> list[str]:
    """What leaves a rule undecided: its manual questions and the base fields it lacks."""
    if rule.evaluate(values) is not None:
        return []
    if rule.manual is not None:
        return [rule.manual]
    if rule.field is not None:
        label = FIELDS_BY_ID[rule.field].label if rule.field in FIELDS_BY_ID else _DERIVED[rule.field]
        return [f"缺少“{label}”"]
    children = rule.any or rule.all or ([rule.not_] if rule.not_ else [])
    return [q for child in children for q in _open(child, values)]


_DERIVED = {"land_area_ha": "用地面积", "land_area_mu": "用地面积",
            "investment_intensity": "固定资产投资或用地面积", "floor_area_ratio": "总建筑面积或用地面积"}


def indicators(values: dict[str, Any], zone: Zone) -> list[Indicator]:
    derived = derive(values)
    out = []
    for key, label_of_missing in (("investment_intensity", "固定资产投资和用地面积"),
                                  ("floor_area_ratio", "总建筑面积和用地面积")):
        spec = zone.indicators[key]
        value = derived.get(key)
        if value is None:
            ok, message = None, f"{spec.label}：缺少{label_of_missing}，暂无法计算"
        elif spec.min is None:
            ok, message = None, f"{spec.label}：{value:.2f}{spec.unit}（{spec.rule}；示范区统一门槛未明确，仅供参考）"
        elif value >= spec.min:
            ok, message = True, f"{spec.label}：{value:.2f}{spec.unit}，达到不低于{spec.min:g}{spec.unit}的要求"
        else:
            ok, message = False, (f"注意：{spec.label}为{value:.2f}{spec.unit}，低于{zone.name}不低于"
                                  f"{spec.min:g}{spec.unit}的要求（{spec.rule}），供地和准入可能受影响，"
                                  "建议与园区招商或自然资源部门沟通")
        out.append(Indicator(id=key, label=spec.label, value=None if value is None else round(value, 4),
                             unit=spec.unit, threshold=spec.min, ok=ok, message=message, source=spec.source))
    return out


def render_markdown(checklist: Checklist) -> str:
    """The checklist as an enterprise reads it in the chat."""
    lines = ["**您的审批事项清单**（按办理阶段排序）"]
    stage = None
    for e in checklist.entries:
        if e.status == "不需要":
            continue
        if e.stage != stage:
            stage = e.stage
            lines.append(f"\n**{stage}**")
        form = f"（{e.variant}）" if e.variant else (f"（形式待定：{' / '.join(e.variant_options)}）"
                                                    if e.variant_options else "")
        line = f"- {e.name}{form} —— {e.status}｜{e.kind}｜时限：{e.time_limit}"
        if e.to_confirm:
            line += f"\n  - 需确认：{'；'.join(e.to_confirm)}"
        lines.append(line)
    skipped = checklist.with_status("不需要")
    if skipped:
        lines.append("\n**按您填写的信息无需办理**：" + "、".join(e.name for e in skipped))
    lines.append("\n**用地指标**")
    lines += [f"- {i.message}" for i in checklist.indicators]
    return "\n".join(lines)

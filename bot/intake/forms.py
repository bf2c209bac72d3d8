"""Reference form generator: for each item the project needs, a Word form whose rows are that item's
base fields, filled from the confirmed payload; plus the checklist as a document.

A form missing a value it needs is refused with the labels that are missing, never produced half-empty.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from pydantic import BaseModel

from bot.intake.checklist import Checklist
from bot.intake.fields import display, label
from bot.intake.handoff import HandoffPayload
from knowledge.catalogue import STAGES, ApprovalItem, Catalogue, load_catalogue


class MissingValuesError(ValueError):
    def __init__(self, item: ApprovalItem, missing: list[str]) -> None:
        self.item_id, self.missing = item.id, missing
        super().__init__(f"《{item.name}》申请表未生成：缺少{'、'.join(label(f) for f in missing)}，"
                         "请补充后重新生成")


class FormsReport(BaseModel):
    written: dict[str, Path]           # item id -> form path
    refused: dict[str, str]            # item id -> why (Chinese, names the missing fields)
    checklist: Path


def render_form(item: ApprovalItem, values: dict[str, object], path: Path) -> Path:
    missing = [f for f in item.fields if values.get(f) in (None, "")]
    if missing:
        raise MissingValuesError(item, missing)
    doc = Document()
    doc.add_heading(f"{item.name}申请表（参考）", level=1)
    doc.add_paragraph(f"办理部门：{item.department}　办理时限：{item.time_limit}")
    _table(doc, [("项目", "内容"), *((label(f), display(f, values[f])) for f in item.fields)])
    doc.add_paragraph("本表由基础信息自动生成，仅供参考；正式申请以示范区政务服务中心的表单为准。")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def render_checklist(checklist: Checklist, path: Path) -> Path:
    doc = Document()
    doc.add_heading("审批事项办理清单", level=1)
    rows = [("阶段", "事项", "状态", "类型", "办理形式", "时限")]
    rows += [(e.stage, e.name, e.status, e.kind, e.variant or " / ".join(e.variant_options) or "—", e.time_limit)
             for e in checklist.entries if e.status != "不需要"]
    _table(doc, rows)
    to_confirm = [e for e in checklist.entries if e.to_confirm]
    if to_confirm:
        doc.add_heading("需要确认的事项", level=2)
        for e in to_confirm:
            doc.add_paragraph(f"{e.name}：{'；'.join(e.to_confirm)}", style="List Bullet")
    not_needed = checklist.with_status("不需要")
    if not_needed:
        doc.add_heading("按所填信息无需办理", level=2)
        doc.add_paragraph("、".join(e.name for e in not_needed))
    doc.add_heading("用地指标", level=2)
    for indicator in checklist.indicators:
        doc.add_paragraph(indicator.message, style="List Bullet")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def render_all(payload: HandoffPayload, out_dir: Path, catalogue: Catalogue | None = None) -> FormsReport:
    """Every needed item's form (or the reason it was refused) and the checklist, under out_dir."""
    catalogue = catalogue or load_catalogue()
    values = payload.fields.values()
    written, refused = {}, {}
    for entry in payload.checklist.with_status("需要办理"):
        item = catalogue.by_id(entry.item_id)
        try:
            name = f"{STAGES.index(item.stage) + 1}{item.order:02d}_{item.id}.docx"  # sorts in stage order
            written[item.id] = render_form(item, values, out_dir / name)
        except MissingValuesError as exc:
            refused[item.id] = str(exc)
    checklist = render_checklist(payload.checklist, out_dir / "checklist.docx")
    return FormsReport(written=written, refused=refused, checklist=checklist)


def _table(doc: DocxDocument, rows: list[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text

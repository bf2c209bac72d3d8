import pytest
from docx import Document

from bot.intake.forms import MissingValuesError, render_all, render_form
from bot.intake.handoff import build_payload
from knowledge.catalogue import load_catalogue


def rows(path) -> list[tuple[str, ...]]:
    table = Document(str(path)).tables[0]
    return [tuple(cell.text for cell in row.cells) for row in table.rows]


def test_every_needed_item_gets_a_form_with_its_fields_as_rows(tmp_path, values):
    payload = build_payload("s-1", values)
    report = render_all(payload, tmp_path)
    needed = [e.item_id for e in payload.checklist.with_status("需要办理")]
    assert sorted(report.written) == sorted(needed) and report.refused == {}
    item = load_catalogue().by_id("energy_review")
    table = rows(report.written["energy_review"])
    assert table[0] == ("项目", "内容") and len(table) == len(item.fields) + 1
    as_dict = dict(table[1:])
    assert as_dict["建设单位名称"] == "太原星河新材料有限公司"
    assert as_dict["年综合能源消费量"] == "8,000 吨标准煤" and as_dict["计划建设期"] == "2025-03 至 2026-06"
    assert "固定资产投资项目节能审查申请表" in Document(str(report.written["energy_review"])).paragraphs[0].text


def test_items_not_needed_get_no_form(tmp_path, values):
    report = render_all(build_payload("s-1", values), tmp_path)
    assert "water_permit" not in report.written and "land_presite" not in report.written


def test_checklist_document(tmp_path, values):
    report = render_all(build_payload("s-1", values), tmp_path)
    doc = Document(str(report.checklist))
    table = rows(report.checklist)
    assert table[0] == ("阶段", "事项", "状态", "类型", "办理形式", "时限")
    names = [r[1] for r in table[1:]]
    assert "固定资产投资项目节能审查" in names and "取水许可" not in names
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "需要确认的事项" in text and "固定资产投资强度" in text and "取水许可" in text  # listed as not needed


def test_a_form_missing_a_value_is_refused_never_half_filled(tmp_path, values):
    del values["land_parcel_no"]
    report = render_all(build_payload("s-1", values), tmp_path)
    assert "construction_permit" in report.refused and "construction_permit" not in report.written
    assert "缺少宗地编号或不动产权证号" in report.refused["construction_permit"]
    assert not list(tmp_path.glob("*construction_permit*"))
    assert "energy_review" in report.written  # its form does not use the parcel number
    with pytest.raises(MissingValuesError, match="宗地编号"):
        render_form(load_catalogue().by_id("construction_permit"), values, tmp_path / "x.docx")

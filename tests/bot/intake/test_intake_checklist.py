"""Each applicability rule of the catalogue, exercised through the checklist, and the indicators."""

import pytest

from bot.intake.checklist import build_checklist, render_markdown
from knowledge.catalogue import load_catalogue
from knowledge.zone import load_zone


def status(values: dict, item_id: str) -> str:
    return next(e for e in build_checklist(values).entries if e.item_id == item_id).status


def entry(values: dict, item_id: str):
    return next(e for e in build_checklist(values).entries if e.item_id == item_id)


ALWAYS = ["project_filing", "regional_assessment", "construction_planning_permit", "safety_facilities",
          "lightning_protection", "fire_design_review", "fire_acceptance", "planning_verification",
          "joint_acceptance", "completion_filing"]
MANUAL = ["civil_air_defense", "construction_waste", "road_occupation", "highway_construction", "pollutant_permit"]


def test_catalogue_is_complete_and_covered_here():
    ids = {i.id for i in load_catalogue().items}
    covered = set(ALWAYS) | set(MANUAL) | {"land_presite", "land_use_planning_permit", "energy_review", "eia",
                                           "soil_water_conservation", "water_permit", "flood_impact",
                                           "construction_permit", "real_estate_registration", "drainage_permit"}
    assert ids == covered and len(ids) == 25


@pytest.mark.parametrize("item_id", ALWAYS)
def test_items_every_project_needs(item_id, values):
    assert status(values, item_id) == "需要办理"
    assert status({}, item_id) == "需要办理"


@pytest.mark.parametrize("item_id", MANUAL)
def test_items_decided_by_facts_outside_the_28_fields(item_id, values):
    e = entry(values, item_id)
    assert e.status == "待确认" and e.to_confirm and "？" in e.to_confirm[0]


@pytest.mark.parametrize("mode, presite, planning, registration", [
    ("划拨", "需要办理", "需要办理", "需要办理"), ("招拍挂出让", "不需要", "需要办理", "需要办理"),
    ("协议出让", "不需要", "需要办理", "需要办理"), ("租赁", "不需要", "不需要", "不需要"),
    ("自有存量", "不需要", "不需要", "需要办理"),
])
def test_land_supply_mode_rules(values, mode, presite, planning, registration):
    values["land_supply_mode"] = mode
    assert (status(values, "land_presite"), status(values, "land_use_planning_permit"),
            status(values, "real_estate_registration")) == (presite, planning, registration)


@pytest.mark.parametrize("tce, power, expected", [
    (999.0, 499.0, "不需要"), (1000.0, 0.0, "需要办理"), (0.0, 500.0, "需要办理"), (400.0, 600.0, "需要办理"),
])
def test_energy_review_thresholds(values, tce, power, expected):
    values.update(annual_energy_tce=tce, annual_electricity=power)
    assert status(values, "energy_review") == expected


def test_energy_review_unknown_until_energy_is_given(values):
    del values["annual_energy_tce"], values["annual_electricity"]
    e = entry(values, "energy_review")
    assert e.status == "待确认" and "缺少“年综合能源消费量”" in e.to_confirm


@pytest.mark.parametrize("land, earth, expected, variant", [
    (4999.0, 999.0, "不需要", None), (5000.0, 0.0, "需要办理", "水土保持方案报告表（承诺制）"),
    (4000.0, 1000.0, "需要办理", "水土保持方案报告表（承诺制）"), (50000.0, 0.0, "需要办理", "水土保持方案报告书"),
    (1000.0, 50000.0, "需要办理", "水土保持方案报告书"),
])
def test_soil_and_water_conservation_thresholds(values, land, earth, expected, variant):
    values.update(land_area=land, earthwork_volume=earth, total_floor_area=min(values["total_floor_area"], land))
    e = entry(values, "soil_water_conservation")
    assert (e.status, e.variant) == (expected, variant)


@pytest.mark.parametrize("source, water, flood", [
    ("市政供水", "不需要", "待确认"), ("再生水", "不需要", "待确认"), ("自备井", "需要办理", "待确认"),
    ("地表水", "需要办理", "需要办理"),
])
def test_water_permit_and_flood_impact(values, source, water, flood):
    values["water_source"] = source
    assert (status(values, "water_permit"), status(values, "flood_impact")) == (water, flood)


@pytest.mark.parametrize("destination, expected", [
    ("市政管网", "需要办理"), ("园区污水处理厂", "待确认"), ("直排水体", "不需要"), ("零排放", "不需要"),
])
def test_drainage_permit(values, destination, expected):
    values["wastewater_destination"] = destination
    assert status(values, "drainage_permit") == expected


@pytest.mark.parametrize("investment, floor, expected", [
    (29.9, 5000.0, "不需要"), (5000.0, 299.0, "不需要"), (30.0, 300.0, "需要办理"),
])
def test_construction_permit_exemption(values, investment, floor, expected):
    values.update(total_investment=investment, fixed_asset_investment=min(investment, 20.0), total_floor_area=floor)
    assert status(values, "construction_permit") == expected


@pytest.mark.parametrize("chemicals, expected", [("生产或储存", "需要办理"), ("使用", "待确认"), ("无", "待确认")])
def test_eia(values, chemicals, expected):
    values["hazardous_chemicals"] = chemicals
    e = entry(values, "eia")
    assert e.status == expected
    if expected == "需要办理":  # needed, but the form (报告书/报告表/登记表) is still to be confirmed
        assert e.variant is None and len(e.variant_options) == 3


@pytest.mark.parametrize("fire, design, acceptance", [
    ("甲", "特殊建设工程消防设计审查", "特殊建设工程消防验收"), ("乙", "特殊建设工程消防设计审查", "特殊建设工程消防验收"),
    ("丙", "其他建设工程", "其他建设工程消防验收备案"),
])
def test_fire_variants(values, fire, design, acceptance):
    values["fire_hazard_class"] = fire
    assert entry(values, "fire_design_review").variant.startswith(design)
    assert entry(values, "fire_acceptance").variant == acceptance


def test_safety_facilities_variant_for_hazardous_chemicals(values):
    values["hazardous_chemicals"] = "生产或储存"
    assert entry(values, "safety_facilities").variant.startswith("危险化学品建设项目安全审查")
    assert "45日" in entry(values, "safety_facilities").time_limit


def test_checklist_is_in_stage_order_with_kind_and_time_limit(values):
    entries = build_checklist(values).entries
    stages = ["立项用地规划许可", "工程建设许可", "施工许可", "竣工验收", "投产运营"]
    keys = [(stages.index(e.stage), e.order) for e in entries]
    assert keys == sorted(keys)
    assert all(e.kind in ("政府服务", "承诺制", "审批", "备案") and e.time_limit for e in entries)


def test_investment_intensity_against_the_zone_threshold(values):
    minimum = load_zone().indicators["investment_intensity"].min
    assert minimum == 300
    values.update(fixed_asset_investment=40000.0, land_area=80000.4)  # 120亩 -> 333.3万元/亩
    ok = build_checklist(values).indicators[0]
    assert ok.ok is True and ok.value == pytest.approx(333.33, abs=0.01)
    values["fixed_asset_investment"] = 30000.0  # 250万元/亩
    low = build_checklist(values)
    assert low.indicators[0].ok is False and "低于" in low.warnings()[0] and "300万元/亩" in low.warnings()[0]


def test_floor_area_ratio_is_reported_without_an_invented_threshold(values):
    far = build_checklist(values).indicators[1]
    assert far.value == pytest.approx(50000 / 80000.4, abs=1e-4) and far.threshold is None and far.ok is None
    assert "仅供参考" in far.message


def test_indicators_without_land_area():
    assert "暂无法计算" in build_checklist({}).indicators[0].message


def test_markdown_lists_needed_and_to_confirm_items_and_not_needed_separately(values):
    text = render_markdown(build_checklist(values))
    assert "**立项用地规划许可**" in text and "需确认：" in text
    assert "按您填写的信息无需办理" in text and "取水许可" in text.split("按您填写的信息无需办理")[1]

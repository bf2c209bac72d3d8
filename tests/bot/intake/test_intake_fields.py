import pytest
from intake_data import USCC, VALUES, make_uscc

from bot.intake.fields import USCC_CHARS, IntakeFields, check_value, display, normalize_enum, uscc_check_char
from knowledge.fields import BASE_FIELDS


def test_model_uses_the_contract_ids_and_labels():
    assert list(IntakeFields.model_fields) == [f.id for f in BASE_FIELDS]
    assert [IntakeFields.model_fields[f.id].title for f in BASE_FIELDS] == [f.label for f in BASE_FIELDS]


def test_complete_valid_project_passes(values):
    assert IntakeFields.model_validate(values).values() == values


# ---- 统一社会信用代码 (GB 32100-2015) ----------------------------------------------------------------

def test_check_character_matches_the_published_algorithm():
    # weights 3^(i-1) mod 31; check = (31 - sum mod 31) mod 31
    body = "91350100M000100Y4"
    total = sum(USCC_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    assert uscc_check_char(body) == USCC_CHARS[(31 - total % 31) % 31]
    assert uscc_check_char(body) == "3"  # 91350100M000100Y43 is a commonly cited valid code


@pytest.mark.parametrize("first17", ["91140100MA0K1234X", "92140100MA0PQ8TK3", "11100000000013127"])
def test_valid_codes_are_accepted_and_uppercased(first17):
    code = make_uscc(first17)
    value, error = check_value({}, "uscc", code.lower())
    assert error is None and value == code


def test_wrong_check_character_names_expected_character():
    wrong = USCC[:17] + ("0" if USCC[17] != "0" else "1")
    _, error = check_value({}, "uscc", wrong)
    assert f"第18位（校验位）是“{wrong[17]}”" in error and f"应为“{USCC[17]}”" in error


def test_typo_in_body_is_caught_by_the_check_character():
    typo = USCC[:5] + ("1" if USCC[5] != "1" else "2") + USCC[6:]
    _, error = check_value({}, "uscc", typo)
    assert "校验未通过" in error


def test_forbidden_letter_is_named_with_its_position():
    _, error = check_value({}, "uscc", "9114010OMA0K1234X9")
    assert "第8位“O”不是有效字符" in error


def test_wrong_length_says_how_long_it_is():
    _, error = check_value({}, "uscc", "91140100MA0XXXXXX")
    assert "应为18位" in error and "17位" in error


# ---- phones, industry code, park ------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("13812345678", "13812345678"), ("+86 138-1234-5678", "13812345678"), ("8613812345678", "13812345678"),
    ("0351-7654321", "0351-7654321"), ("03517654321", "0351-7654321"), ("010-12345678", "010-12345678"),
    ("(0351)7654321", "0351-7654321"),
])
def test_phone_formats_normalise(raw, expected):
    assert check_value({}, "contact_phone", raw) == (expected, None)


@pytest.mark.parametrize("raw, fragment", [
    ("12812345678", "第2位应为3-9"), ("1381234567", "应为11位"), ("351-7654321", "格式不对"), ("138abc45678", "非数字"),
])
def test_bad_phones_say_what_is_expected(raw, fragment):
    assert fragment in check_value({}, "contact_phone", raw)[1]


def test_industry_code_section_letter_is_checked_against_the_division():
    assert check_value({}, "industry_code", "c3985") == ("C3985", None)
    assert check_value({}, "industry_code", "3985") == ("C3985", None)  # the letter follows from division 39
    assert "应为C3061" in check_value({}, "industry_code", "B3061")[1]
    assert "如C3985" in check_value({}, "industry_code", "C39")[1]
    assert "大类99不在GB/T 4754-2017中" in check_value({}, "industry_code", "C9912")[1]
    assert "格式不对" in check_value({}, "industry_code", "Z9912")[1]  # sections run A-T


def test_park_must_be_a_park_of_the_zone():
    assert check_value({}, "site_park", "阳曲园区") == ("阳曲产业园区", None)
    error = check_value({}, "site_park", "浦东新区")[1]
    assert "不是山西转型综合改革示范区的园区" in error and "潇河产业园区" in error


# ---- enums and synonyms ---------------------------------------------------------------------------

@pytest.mark.parametrize("fid, raw, expected", [
    ("water_source", "自来水", "市政供水"), ("water_source", "中水", "再生水"), ("construction_nature", "新建的", "新建"),
    ("construction_nature", "技改", "技术改造"), ("land_supply_mode", "招拍挂", "招拍挂出让"),
    ("wastewater_destination", "不外排", "零排放"), ("fire_hazard_class", "丙类", "丙"),
    ("hazardous_chemicals", "没有", "无"),
])
def test_enum_synonyms(fid, raw, expected):
    assert normalize_enum(fid, raw) == expected
    assert check_value({}, fid, raw) == (expected, None)


def test_unknown_enum_value_lists_the_options():
    error = check_value({}, "construction_nature", "翻新")[1]
    assert "新建、扩建、改建、迁建、技术改造" in error and "翻新" in error


# ---- numbers and relations ------------------------------------------------------------------------

def test_fixed_assets_cannot_exceed_total_investment():
    value, error = check_value({"total_investment": 30000.0}, "fixed_asset_investment", 40000.0)
    assert value is None and "不能大于总投资" in error
    assert check_value({"total_investment": 30000.0}, "fixed_asset_investment", 30000.0) == (30000.0, None)


@pytest.mark.parametrize("fid, raw, fragment", [
    ("land_area", 0, "应大于0"), ("total_investment", -5, "应大于0"), ("earthwork_volume", -1, "不小于0"),
    ("employee_count", 3.5, "整数"), ("annual_energy_tce", "很多", "应为数字"),
])
def test_number_bounds(fid, raw, fragment):
    assert fragment in check_value({}, fid, raw)[1]


def test_zero_is_allowed_where_the_rule_says_at_least_zero():
    assert check_value({}, "earthwork_volume", 0) == (0.0, None)
    assert check_value({}, "employee_count", 0) == (0, None)


@pytest.mark.parametrize("period, fragment", [
    ({"start": "2026-06", "end": "2025-03"}, "应晚于开工时间"), ({"start": "2025-03", "end": "2025-03"}, "应晚于"),
    ({"start": "2025-13", "end": "2026-01"}, "不是有效的年月"), ({"start": "2025-03"}, "需要开工和竣工"),
])
def test_period_rules(period, fragment):
    assert fragment in check_value({}, "construction_period", period)[1]


def test_text_lengths():
    assert "至少20个字" in check_value({}, "construction_content", "新建厂房")[1]
    assert "2-30个字" in check_value({}, "contact_name", "张3")[1]
    assert check_value({}, "unit_name", "X" * 101)[1].startswith("建设单位名称太长")


def test_display_gives_units_and_mu():
    assert display("land_area", 80000.4) == "80,000.4 平方米（约120.00亩）"
    assert display("total_investment", 52000.0) == "52,000 万元"
    assert display("construction_period", VALUES["construction_period"]) == "2025-03 至 2026-06"

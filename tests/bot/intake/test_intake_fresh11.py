"""Classes of input the blind set fresh21 (evals: fresh11) showed the intake missing."""

import pytest

from intake_data import TODAY, new_session

from bot.intake.excel_cells import excel_cell
from bot.intake.extraction import Extraction
from bot.intake.korean import korean_as_chinese
from bot.intake.parse import parse
from bot.intake.sums import read_shares
from bot.intake.spoken_marks import spoken_marks
from bot.intake.wan_groups import wan_grouped_figures
from knowledge.fields import FIELD_IDS


# ---- figures with a comma every four digits, grouped by 万 ------------------------------------------------------

def test_figures_grouped_by_wan_are_read_whole():
    x = parse("项目单位：湖南湘瓷新材料有限公司\n用地面积：5,3000平方米\n总建筑面积：6,1200平方米\n"
              "总投资：3,9500,0000.00元\n年用电量：2480,0000千瓦时", [], TODAY, FIELD_IDS)
    assert x.values["land_area"] == 53000.0
    assert x.values["total_floor_area"] == 61200.0
    assert x.values["total_investment"] == 39500.0
    assert x.values["annual_electricity"] == 2480.0


def test_thousands_grouped_and_european_figures_are_left_alone():
    assert wan_grouped_figures("总建筑面积61,200平方米") == "总建筑面积61,200平方米"
    assert wan_grouped_figures("1.234,5678") == "1.234,5678"
    assert wan_grouped_figures("编号A1,2345") == "编号A1,2345"


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_wan_grouping_reader_is_fast_on_a_long_paste():
    paste = ("用地面积：4,6000平方米，" * 1500)[:20000]
    assert "46000" in wan_grouped_figures(paste)


# ---- a comma-separated export with a system's English column names ----------------------------------------------

_CSV = ("\ufeffcompany_name,legal_rep,mobile,land_area_mu,gfa_m2,total_inv_10k_cny,fixed_inv_10k_cny,start_date\n"
        "湖北楚瓴精密机械有限公司,钮德昌,13807214568,90,\"61,500\",52000,46800,2027/3/1\n")


def test_a_comma_csv_with_english_column_names_is_read_with_the_units_they_hold():
    x = parse(_CSV + "↑系统导出的，金额是万元。", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "湖北楚瓴精密机械有限公司"
    assert x.values["legal_rep_name"] == "钮德昌"
    assert x.values["contact_phone"] == "13807214568"
    assert x.values["land_area"] == 60000.3
    assert x.values["total_floor_area"] == 61500.0
    assert x.values["total_investment"] == 52000.0
    assert x.values["fixed_asset_investment"] == 46800.0


def test_a_comma_csv_row_is_not_read_as_figures_grouped_by_wan():
    assert wan_grouped_figures("钮德昌,72,5860,2027/6/1,2028") == "钮德昌,72,5860,2027/6/1,2028"


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_comma_paste_is_read_quickly():
    paste = (_CSV * 200)[:20000]
    parse(paste, [], TODAY, FIELD_IDS)


# ---- voice input that writes the punctuation said aloud as words ------------------------------------------------

def test_dictated_marks_are_read_as_marks():
    x = parse("换行单位名称冒号甘肃陇晟果业有限公司逗号法定代表人冒号芮守仁逗号宗地编号冒号620102杠2026杠GY杠017句号"
              "换行联系人冒号苟慧敏逗号手机13919604528句号", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "甘肃陇晟果业有限公司"
    assert x.values["legal_rep_name"] == "芮守仁"
    assert x.values["land_parcel_no"] == "620102-2026-GY-017"
    assert x.values["contact_name"] == "苟慧敏"


def test_prose_naming_a_mark_once_is_left_alone():
    assert spoken_marks("逗号后面那个是法人名字") == "逗号后面那个是法人名字"


def test_a_value_promised_for_later_is_not_read_as_the_value():
    x = parse("项目名称：冷链物流中心项目，建设地点我等会儿单独发你", ["site_address"], TODAY, FIELD_IDS)
    assert "site_address" not in x.values


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_spoken_marks_reader_is_fast_on_a_long_paste():
    paste = ("联系人冒号苟慧敏逗号" * 2000)[:20000]
    assert "联系人：苟慧敏，" in spoken_marks(paste)


# ---- a landline's area code in brackets -------------------------------------------------------------------------

def test_a_bracketed_area_code_stays_with_its_landline():
    x = parse("联系人：房晓冬，座机（0931）8426153", [], TODAY, FIELD_IDS)
    assert x.values["contact_phone"] == "0931-8426153"
    assert parse("联系电话：(021) 6215 7308", [], TODAY, FIELD_IDS).values["contact_phone"] == "021-62157308"


# ---- a company's page on a business-registry site ---------------------------------------------------------------

def test_registry_entries_we_do_not_collect_are_not_read_as_fields():
    x = parse("甘肃陇晟果业有限公司\n存续\n企业类型：有限责任公司(国有独资)\n曾用名：天水陇晟果品厂\n"
              "参保人数：97\n法定代表人：芮守仁", [], TODAY, FIELD_IDS)
    assert x.values.get("unit_name") not in ("有限责任公司", "天水陇晟果品厂")
    assert x.values["legal_rep_name"] == "芮守仁"
    assert "employee_count" not in x.values


# ---- cells pasted as Excel displays them ------------------------------------------------------------------------

_SHEET = ("单位名称\t宁夏贺兰山葡萄酒业有限公司\n联系电话\t1.39951E+10\n总建筑面积（㎡）\t#######\n"
          "计划开工\t46539\n计划竣工\t47088\n年用电量（kWh）\t3.15E+07\n劳动定员（人）\t210")


def test_excel_display_artifacts_are_read_or_left_to_ask():
    session = new_session()
    session.handle(_SHEET)
    values = session.state.values
    assert values["unit_name"] == "宁夏贺兰山葡萄酒业有限公司"
    assert "contact_phone" not in values and "contact_phone" not in session.last.errors
    assert "total_floor_area" not in values
    assert values["annual_electricity"] == 3150.0
    assert values["construction_period"] == {"start": "2027-06", "end": "2028-12"}
    assert values["employee_count"] == 210


def test_excel_cell_keeps_ordinary_values():
    assert excel_cell("劳动定员", "46539", False) == "46539"
    assert excel_cell("宗地编号", "6.4E+11", False) is None
    assert excel_cell("总投资", "2.5E+08", False) == "250000000"


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_excel_cells_are_fast_on_a_long_paste():
    paste = ((_SHEET + "\n") * 200)[:20000]
    parse(paste, [], TODAY, FIELD_IDS)


# ---- one figure given as a share of another ---------------------------------------------------------------------

def test_a_share_of_the_total_is_computed_and_not_read_as_a_second_total():
    x = parse("总投资3.6亿元，固定资产投资占总投资的92.5%。", [], TODAY, FIELD_IDS)
    assert x.values["total_investment"] == 36000.0
    assert x.values["fixed_asset_investment"] == 33300.0
    assert not x.conflicts


def test_a_share_without_the_whole_stated_computes_nothing():
    x = parse("固定资产投资占总投资的八成左右", [], TODAY, FIELD_IDS)
    assert "fixed_asset_investment" not in x.values


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_share_reader_is_fast_on_a_long_paste():
    paste = ("总投资3.6亿元，固定资产投资占总投资的92.5%。" * 800)[:20000]
    out = Extraction()
    out.values["total_investment"] = 36000.0
    read_shares(paste, out)
    assert out.values["fixed_asset_investment"] == 33300.0


# ---- Korean labels and number words around Chinese values -------------------------------------------------------

def test_korean_labels_and_number_words_are_read_as_chinese():
    x = parse("회사명: 苏州韩森精密电子有限公司\n프로젝트명: 精密连接器扩产项目\n부지 면적: 3.5헥타르\n"
              "총투자: 4억 2,300만 위안\n정원: 380명", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "苏州韩森精密电子有限公司"
    assert x.values["project_name"] == "精密连接器扩产项目"
    assert x.values["land_area"] == 35000.0
    assert x.values["total_investment"] == 42300.0
    assert x.values["employee_count"] == 380


def test_chinese_text_is_untouched_by_the_korean_reader():
    text = "单位名称：苏州韩森精密电子有限公司，定员380名"
    assert korean_as_chinese(text) == text


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_korean_reader_is_fast_on_a_long_paste():
    paste = ("총투자: 4억 2,300만 위안\n정원: 380명\n" * 800)[:20000]
    assert "总投资: 4亿2300万元" in korean_as_chinese(paste)

"""Classes of input the blind set fresh13 (evals: fresh3) showed the intake missing."""

import pytest
from intake_data import TODAY, new_session

from bot.intake.dialogue import IntakeSession
from bot.intake.parse import parse
from knowledge.fields import FIELD_IDS



# ---- bare values one a line, in the form's order but not the order asked --------------------------------

@pytest.mark.parametrize("text, total, fixed", [
    ("3.8亿\n3.15亿", 38000, 31500),
    ("5000万元\n4200万元", 5000, 4200),
    ("总投资\n1.2亿\n9800万", 12000, 9800),
])
def test_bare_sums_one_a_line_are_total_then_fixed_investment(text, total, fixed):
    x = parse(text, ["construction_content", "main_products_capacity"], TODAY, FIELD_IDS)
    assert x.values["total_investment"] == pytest.approx(total)
    assert x.values["fixed_asset_investment"] == pytest.approx(fixed)


@pytest.mark.parametrize("text", ["丁\n使用\n24000m³\n市政\n园区污水处理厂", "1900万kWh\n市政\n零排放",
                                  "6800tce\n市政\n市政管网"])
def test_a_bare_option_between_two_lines_is_the_field_between_them(text):
    assert parse(text, [], TODAY, FIELD_IDS).values["water_source"] == "市政供水"


@pytest.mark.parametrize("code", ["140122-2026-043", "140105-2027-113", "TY2026-15"])
def test_a_bare_parcel_code_after_the_site_is_the_parcel(code):
    x = parse(f"阳曲园区纬三路与经五路交叉口西北角\n{code}\n招拍挂", [], TODAY, FIELD_IDS)
    assert x.values["land_parcel_no"] == code and x.values["land_supply_mode"] == "招拍挂出让"


def test_bare_lines_fill_only_open_fields_of_their_shape():
    assert "total_investment" not in parse("3.8亿", [], TODAY, FIELD_IDS).values   # one line: no list
    open_ = [f for f in FIELD_IDS if f != "total_investment"]
    x = parse("张三\n3.8亿", [], TODAY, open_)
    assert x.values.get("fixed_asset_investment") == pytest.approx(38000) and "total_investment" not in x.values
    assert "total_floor_area" not in parse("3.8亿\n3.15亿", [], TODAY, ["total_floor_area"]).values
    assert parse("3.8亿\n3.15亿", [], TODAY).values == {}                   # no open fields given: nothing


def test_unnumbered_lines_that_name_other_fields_are_not_the_asked_order():
    s = new_session()
    s.state.expecting = ["total_floor_area", "construction_content", "main_products_capacity"]
    s.handle("阳曲园区纬三路与经五路交叉口西北角\n140122-2026-043\n招拍挂")
    v = s.state.values
    assert v["site_park"] == "阳曲产业园区" and v["land_parcel_no"] == "140122-2026-043"
    assert v["land_supply_mode"] == "招拍挂出让" and not s.last.errors


# ---- one value for two joined labels ----------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("法人和联系人都是我王建斌，手机15803417788", "王建斌"),
    ("联系人、法人均为李强", "李强"),
    ("法人跟联系人都是张伟，电话13812345678", "张伟"),
    ("法定代表人和联系人都是王芳。", "王芳"),
    ("联系人和法人都是我，赵一鸣", "赵一鸣"),
])
def test_two_joined_person_labels_share_the_name_said_for_both(text, name):
    x = parse(text)
    assert x.values["legal_rep_name"] == name and x.values["contact_name"] == name


def test_two_joined_address_labels_share_the_address():
    x = parse("单位地址和建设地点都在太原市阳曲县大盂镇工业园路3号")
    assert x.values["unit_address"] == x.values["site_address"] == "太原市阳曲县大盂镇工业园路3号"
    assert "legal_rep_name" not in parse("法人和联系人不是一个人，联系人是李娜").values   # no 都: not both's
    assert "unit_address" not in parse("单位地址和建设地点不在一起，建设地点在阳曲产业园区纬二路以南").values


# ---- the speaker's firm or department by a short name, then 的 and the name ------------------------------

@pytest.mark.parametrize("text, name", [
    ("我是铖锐汽车零部件的刘婧，帮领导填一下", "刘婧"),
    ("联系人是销售部的王强", "王强"),
    ("我是华宇电缆的孙倩", "孙倩"),
    ("联系人：综合办的赵丽娜，电话13812345678", "赵丽娜"),
])
def test_a_short_firm_or_department_before_the_name_is_not_part_of_it(text, name):
    assert parse(text).values["contact_name"] == name


def test_the_self_introduced_speaker_is_the_contact_who_is_me():
    x = parse("您好，我是铖锐汽车零部件的刘婧，帮领导填一下。法定代表人秦海涛，联系人就是我，座机0351-7236618。")
    assert x.values["contact_name"] == "刘婧" and x.values["legal_rep_name"] == "秦海涛"
    assert "contact_name" not in parse("法人是张三的儿子").values


# ---- a bare 地址 that gives a place by its roads is the site ----------------------------------------------

@pytest.mark.parametrize("text, site", [
    ("在潇河园区，地址是榆次片区潇河北路与蕴华街交叉口西南角。", "榆次片区潇河北路与蕴华街交叉口西南角"),
    ("地址：纬三路以南、经二路以东", "纬三路以南、经二路以东"),
    ("项目叫年产5万吨饲料项目，地址在经四路与纬六路交叉口东北角", "经四路与纬六路交叉口东北角"),
])
def test_a_bare_address_label_before_a_roads_place_is_the_site(text, site):
    x = parse(text, ["project_name", "construction_nature", "industry_code"])
    assert x.values["site_address"].endswith(site) and "unit_address" not in x.values


def test_a_bare_address_label_before_a_street_address_stays_the_enterprises():
    assert parse("地址是太原市小店区长风街1号").values["unit_address"] == "太原市小店区长风街1号"


# ---- a confirmation that says a value of the summary again ----------------------------------------------

def confirming_session() -> IntakeSession:
    from intake_data import VALUES
    s = new_session()
    s.state.values = dict(VALUES)
    s.handle("好的")   # all fields known: the summary is shown
    assert s.stage == "confirming"
    return s


@pytest.mark.parametrize("text", [
    "总投资就是5.2亿，没问题，确认提交。",
    "计划建设期是2025年3月到2026年6月对吧？对的话就确认提交。",
    "联系人张三，电话13812345678，核对无误，确认。",
])
def test_a_confirmation_restating_stored_values_confirms(text):
    s = confirming_session()
    s.handle(text)
    assert s.stage == "confirmed"


@pytest.mark.parametrize("text", ["总投资是5.3亿，确认提交。", "总投资就是5.2亿，先别提交。", "总投资就是5.2亿"])
def test_a_changed_value_or_no_confirming_word_does_not_confirm(text):
    s = confirming_session()
    s.handle(text)
    assert s.stage == "confirming"


# ---- a season after a year is a month of the plan ---------------------------------------------------------

@pytest.mark.parametrize("text, period", [
    ("工期18个月，2027年开春动工。", {"months": 18, "start": "2027-03"}),
    ("2027年春季开工，2028年秋季竣工", {"start": "2027-03", "end": "2028-09"}),
    ("明年开春开工", {"start": "2027-03"}),
    ("二〇二七年夏天开工，工期一年", {"start": "2027-06", "months": 12}),
])
def test_a_season_after_a_year_is_its_first_month(text, period):
    assert parse(text, [], TODAY).period == period


def test_a_season_without_a_year_is_no_month():
    assert parse("春天的时候风大", [], TODAY).period == {}


@pytest.mark.parametrize("text", [
    "计划建设期再核对一下，是2025年3月到2026年6月对吧？对的话就确认提交。",
    "再核对一下总投资，是5.2亿对吧？没问题的话就提交。",
])
def test_a_check_of_a_stored_value_then_a_conditional_confirmation_confirms(text):
    s = confirming_session()
    s.handle(text)
    assert s.stage == "confirmed"


def test_a_check_of_a_different_value_does_not_confirm():
    s = confirming_session()
    s.handle("计划建设期再核对一下，是2025年4月到2026年6月对吧？对的话就确认提交。")
    assert s.stage == "confirming"


# ---- a value announced as granted: "也下来了：…" -----------------------------------------------------------

@pytest.mark.parametrize("text, parcel", [
    ("宗地编号也下来了：140122-2027-018", "140122-2027-018"),
    ("问到了，宗地编号下来了，140105-2026-061", "140105-2026-061"),
    ("不动产权证号批下来了：晋（2026）阳曲县不动产权第0001234号", "晋（2026）阳曲县不动产权第0001234号"),
    ("宗地号总算出来了 140122-2027-003", "140122-2027-003"),
])
def test_a_status_phrase_between_label_and_value_is_no_part_of_it(text, parcel):
    assert parse(text).values["land_parcel_no"] == parcel


# ---- a code dictated in Chinese digits, in hyphenated groups ----------------------------------------------

@pytest.mark.parametrize("text, parcel", [
    ("宗地编号一四零一零五-二〇二七-〇五四", "140105-2027-054"),
    ("宗地号幺四零幺二二—二零二六—零四三", "140122-2026-043"),
    ("地块编号一四零一零五－二零二七－零一一", "140105-2027-011"),
])
def test_hyphenated_groups_of_chinese_digits_are_a_code(text, parcel):
    assert parse(text).values["land_parcel_no"] == parcel


def test_a_short_hyphenated_chinese_range_is_no_code():
    assert parse("工期一二-一八个月").values == {}


# ---- a part of an investment said after its label ---------------------------------------------------------

@pytest.mark.parametrize("text, total, fixed", [
    ("总投资三亿二千八百万，其中固定资产投资两亿七千万，固投里头设备是两千八百万。", 32800, 27000),
    ("总投资1.5亿，固定资产投资1.2亿，固定资产投资里面设备3000万", 15000, 12000),
    ("总投资5000万，投资中土建2000万，固投4000万", 5000, 4000),
])
def test_a_part_named_after_an_investment_label_is_not_that_investment(text, total, fixed):
    x = parse(text)
    assert x.values["total_investment"] == total and x.values["fixed_asset_investment"] == fixed and not x.conflicts


# ---- when the output is reached is no part of the products ------------------------------------------------

@pytest.mark.parametrize("said, stored", [
    ("达产后一体化压铸结构件30万件/年", "一体化压铸结构件30万件/年"),
    ("项目建成后年产车规级功率模块600万只", "年产车规级功率模块600万只"),
    ("全部达产后，液压油缸8万支/年", "液压油缸8万支/年"),
    ("投产后老陈醋5万吨/年", "老陈醋5万吨/年"),
])
def test_a_time_lead_before_the_products_is_dropped(said, stored):
    from bot.intake.fields import check_value
    assert check_value({}, "main_products_capacity", said) == (stored, None)


# ---- a description on its own line of a pasted form is the whole line ------------------------------------

CERTIFICATE = ("项目名称：年产1万吨精密铸件项目\n项目单位：山西示例铸造有限公司\n建设性质：新建\n"
               "{label}：{content}\n项目总投资：45000万元")


@pytest.mark.parametrize("label, content", [
    ("建设规模及主要建设内容", "项目总用地面积约120亩，总建筑面积96000平方米，新建厂房两栋、动力站及研发中心。"
                              "项目建成后形成年产精密铸件1万吨的生产能力。"),
    ("建设内容", "总建筑面积3.2万平方米，新建熔炼车间、造型车间及仓库，购置中频炉等设备。"),
    ("建设规模及内容", "用地50亩，新建生产车间2栋、仓库1栋及配套设施。"),
])
def test_a_form_line_of_works_keeps_its_figures_and_sentences(label, content):
    from bot.intake.fields import check_value
    x = parse(CERTIFICATE.format(label=label, content=content))
    assert check_value({}, "construction_content", x.values["construction_content"]) == (content, None)
    assert x.values["total_investment"] == 45000 and x.values["project_name"] == "年产1万吨精密铸件项目"


def test_works_said_in_a_chat_line_still_end_before_the_next_figure():
    x = parse("建设内容：新建车间2栋、仓库1栋及配套设施，总投资5000万，固投4000万")
    assert x.values["construction_content"] == "新建车间2栋、仓库1栋及配套设施" and x.values["total_investment"] == 5000


# ---- the bare word 园区 before a site names no park ---------------------------------------------------------

@pytest.mark.parametrize("said, stored", [
    ("园区榆次片区大学城南街与潇河南路交叉口东北角", "榆次片区大学城南街与潇河南路交叉口东北角"),
    ("本园区内科创大道与晋商路交叉口西南角", "潇河产业园区科创大道与晋商路交叉口西南角"),
    ("园区纬二路以南", "潇河产业园区纬二路以南"),
])
def test_the_bare_word_park_before_a_site_is_dropped(said, stored):
    from bot.intake.site import in_park
    assert in_park(said, "潇河产业园区") == stored


def test_a_named_park_before_a_site_stays():
    from bot.intake.site import in_park
    assert in_park("阳曲园区纬三路与经五路交叉口西北角", "阳曲产业园区") == "阳曲园区纬三路与经五路交叉口西北角"

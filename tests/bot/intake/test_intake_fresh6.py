"""Classes of input the blind set fresh16 (evals: fresh6) showed the intake missing."""

import pytest
from intake_data import TODAY, new_session

from bot.intake.parse import parse
from knowledge.fields import FIELD_IDS



# ---- a Markdown table: "| 项目 | 值 |" rows under a "|---|" rule, headers with a qualifier or 其中 ----------------

def test_a_markdown_table_of_label_and_value_rows_is_read():
    x = parse("表格如下：\n| 字段 | 内容 |\n|:---|---:|\n| 建设单位 | 晋中华拓化工机械有限公司 |\n"
              "| 项目名称 | 年产5000台换热器生产线项目 |\n| 单位地址 | 山西省晋中市榆次区迎宾街88号 |\n"
              "| 总投资（万元） | 18,600 |\n| 其中：固定资产投资（万元） | 15,200 |\n| 土石方开挖总量（m³） | 12,800 |",
              [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "晋中华拓化工机械有限公司"
    assert x.values["project_name"] == "年产5000台换热器生产线项目"
    assert x.values["unit_address"] == "山西省晋中市榆次区迎宾街88号"
    assert x.values["total_investment"] == 18600 and x.values["fixed_asset_investment"] == 15200
    assert x.values["earthwork_volume"] == 12800
    assert not x.errors


def test_a_markdown_table_with_labels_over_values_is_read():
    x = parse("| 建设单位 | 法定代表人 |\n|---|---|\n| 晋中华拓化工机械有限公司 | 武志刚 |", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "晋中华拓化工机械有限公司" and x.values["legal_rep_name"] == "武志刚"


# ---- thousands set apart by a space ("18 400 平方米"), as report templates print them ---------------------------

def test_thousands_set_apart_by_a_space_are_one_number():
    x = parse("总建筑面积：15 300 平方米；总投资 41 000 万元，固定资产投资 36 800 万元；年综合能耗 1 250 吨标准煤",
              [], TODAY, FIELD_IDS)
    assert x.values["total_floor_area"] == 15300 and x.values["total_investment"] == 41000
    assert x.values["fixed_asset_investment"] == 36800 and x.values["annual_energy_tce"] == 1250


def test_a_phone_number_in_groups_is_no_spaced_number():
    x = parse("联系人：郝建平 139 3456 7821", [], TODAY, FIELD_IDS)
    assert x.values["contact_phone"].replace(" ", "") == "13934567821"
    assert set(x.values) == {"contact_name", "contact_phone"}


# ---- a technical renovation's 改造内容 and the short 产权证 are the form's labels -----------------------------------

def test_renovation_contents_and_a_title_certificate_are_labels():
    x = parse("产权证：晋(2020)晋中市不动产权第0031175号\n改造内容：拆除旧烘干线2条，新建连续式烘干线3条并配套余热回收系统",
              [], TODAY, FIELD_IDS)
    assert x.values["land_parcel_no"] == "晋(2020)晋中市不动产权第0031175号"
    assert x.values["construction_content"] == "拆除旧烘干线2条,新建连续式烘干线3条并配套余热回收系统"


# ---- 第N项: the number of a field on the 28-field form, said for its name ------------------------------------------

def test_form_item_numbers_name_their_fields():
    x = parse("第7项：年产3万吨球墨铸件项目\n第4项：山西省晋城市泽州县金村镇工业路9号\n第19项：1.4亿元\n第18项：1.6亿元\n"
              "第21项：180人", [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产3万吨球墨铸件项目"
    assert x.values["unit_address"] == "山西省晋城市泽州县金村镇工业路9号"
    assert x.values["total_investment"] == 16000 and x.values["fixed_asset_investment"] == 14000
    assert x.values["employee_count"] == 180 and not x.errors


def test_a_correction_names_the_form_item_it_corrects():
    session = new_session()
    session.handle("第18项：3.2亿元\n第19项：2.9亿元")
    session.handle("第19项填错了，改成2.7亿元")
    assert session.state.values["fixed_asset_investment"] == 27000


# ---- a rough figure or date, then the exact one in the same sentence: the exact one is the value -------------------

@pytest.mark.parametrize("text, fid, value", [
    ("总投资五个多亿，可研里写的是5.37亿元", "total_investment", 53700),
    ("用电大概三千万度左右，能评报告准确数是3120万千瓦时", "annual_electricity", 3120),
    ("挖填方两万方上下，测量队算的是1.85万立方米", "earthwork_volume", 18500),
    ("能耗差不多八百吨标煤，能评核定为812吨标准煤", "annual_energy_tce", 812),
    ("建筑面积三四万平方米，图纸上是36200平方米", "total_floor_area", 36200),
])
def test_an_exact_figure_after_a_rough_one_is_the_value(text, fid, value):
    x = parse(text, [], TODAY, FIELD_IDS)
    assert x.values[fid] == value and not x.conflicts


def test_a_part_after_a_rough_whole_is_no_exact_whole():
    x = parse("总投资七个多亿，其中固定资产投资是6.1亿元", [], TODAY, FIELD_IDS)
    assert x.values["fixed_asset_investment"] == 61000


def test_dates_of_the_works_after_rough_ones_are_the_period():
    x = parse("差不多后年春天动工，工期一年半左右，排期表上定的是2028年4月开工、2029年9月竣工。", [], TODAY, FIELD_IDS)
    assert x.period == {"start": "2028-04", "end": "2029-09"} and "construction_period" not in x.errors


# ---- a post compounded with what it is for (项目专员, 销售总监) is no person's name -----------------------------------

@pytest.mark.parametrize("post", ["项目专员", "销售总监", "技术主管"])
def test_a_compound_post_is_no_contact_name(post):
    x = parse(f"您好，我是本公司的{post}。联系人：晏春梅，电话13653517720", [], TODAY, FIELD_IDS)
    assert x.values["contact_name"] == "晏春梅" and not x.conflicts


# ---- a park's 片区 is no county; a relative after the filling verb (联系人写我女儿…) ------------------------------------

def test_a_site_in_a_parks_area_by_a_road_is_complete():
    session = new_session()
    session.handle("建设地点：潇河产业园区经三路东侧装备制造片区")
    assert session.state.values["site_address"] == "潇河产业园区经三路东侧装备制造片区"
    assert "site_address" not in session.last.errors


def test_a_relative_after_the_filling_verb_leads_the_name():
    x = parse("联系人填我侄子郜立新，手机15935102284", [], TODAY, FIELD_IDS)
    assert x.values["contact_name"] == "郜立新"


def test_a_county_said_without_its_suffix_is_said():
    session = new_session()
    session.handle("建设地点：清徐片区东湖路与工业大街交叉口西南角")
    assert session.state.values["site_address"] == "清徐片区东湖路与工业大街交叉口西南角"


# ---- chat: a word after a space and before a tilde, laughter, a question after a space --------------------------

def test_an_option_between_a_space_and_a_delimiter_is_read():
    x = parse("项目叫年产8000吨膨化饲料项目 🚜 扩建的～ 行业代码C1320", [], TODAY, FIELD_IDS)
    assert x.values["construction_nature"] == "扩建"


def test_laughter_is_no_name():
    session = new_session()
    session.handle("单位叫山西禾丰农牧科技有限公司，法人贺振东")
    session.handle("总投资1.5个亿，定员120人～ 哈哈哈")
    assert "contact_name" not in session.state.values


def test_a_question_after_a_space_keeps_the_answer_before_it():
    x = parse("联系人是我，鲁晓雯 😊 手机号可不可以不填啊 🙈", [], TODAY, FIELD_IDS)
    assert x.values["contact_name"] == "鲁晓雯"


# ---- a line that ends in a colon introduces the lines after it: no value of the label in it -----------------------

def test_a_line_introducing_the_next_lines_is_no_value():
    x = parse("编号按表里的顺序往下写：\n⑨ 总投资：2.4亿元\n⑩ 劳动定员：96人", [], TODAY, FIELD_IDS)
    assert "land_parcel_no" not in x.values
    assert x.values["total_investment"] == 24000 and x.values["employee_count"] == 96


# ---- an address by a licence: the building's 中心 is no organisation; "按执照上的住所填，就是…"; remarks on a field --------

def test_a_centre_with_a_floor_after_it_is_a_building_not_the_builder():
    x = parse("我们在山西省晋中市榆次区汇通路56号创新服务中心3层301室办公", [], TODAY, FIELD_IDS)
    assert "unit_name" not in x.values


def test_a_value_said_after_pointing_at_the_licence_is_read():
    x = parse("法人地址不用管，单位地址请按执照上的住所填，就是山西省晋中市榆次区汇通路56号5层", [], TODAY, FIELD_IDS)
    assert x.values["unit_address"] == "山西省晋中市榆次区汇通路56号5层" and not x.conflicts


def test_remarks_on_a_field_are_no_values():
    x = parse("这两个住所不一样：执照是老地址，后来办公室搬了，单位地址一直没变，还是山西省晋中市榆次区汇通路56号",
              [], TODAY, FIELD_IDS)
    assert x.values.get("unit_address") in (None, "山西省晋中市榆次区汇通路56号") and not x.conflicts


# ---- a formal report: a river's bank bounding a site, a share then its amount, works going on past a semicolon,
# a process written with a superscript, and a reply that holds back the submission in formal words -----------------

def test_a_site_bounded_by_a_river_bank_and_a_road_is_one_place():
    x = parse("建设地点为阳曲产业园区汾河东岸、规划经五路以西，用地约60亩", [], TODAY, FIELD_IDS)
    assert x.values["site_address"] == "阳曲产业园区汾河东岸、规划经五路以西"


@pytest.mark.parametrize("text, value", [
    ("总投资5亿元，其中固定资产投资约占总投资的九成，计4.5亿元", 45000),
    ("固定资产投资占总投资的76%，即15200万元", 15200),
])
def test_an_amount_after_its_share_is_the_value(text, value):
    assert parse(text, [], TODAY, FIELD_IDS).values["fixed_asset_investment"] == value


def test_works_go_on_past_a_semicolon_that_builds_more():
    x = parse("建设内容为：新建生物质锅炉房一座及配套除尘脱硫设施；配套建设供热管网约8公里。总投资1.2亿元", [], TODAY, FIELD_IDS)
    assert x.values["construction_content"] == "新建生物质锅炉房一座及配套除尘脱硫设施;配套建设供热管网约8公里"
    assert "unit_name" not in x.values


def test_a_process_superscript_is_kept_and_a_units_power_is_read():
    x = parse("建设内容：新建污水处理站一座，采用A²O+MBR工艺，处理规模3000立方米/日；总建筑面积4500m²", [], TODAY, FIELD_IDS)
    assert "A²O" in x.values["construction_content"] and x.values["total_floor_area"] == 4500


@pytest.mark.parametrize("reply", ["以上为初步填报内容，待集团领导审定后再行确认，请暂勿提交。", "领导看过后再提交，先确认到这儿"])
def test_a_formal_hold_is_no_confirmation(reply):
    from bot.intake.parse import intent
    assert intent(reply) is None


def test_an_item_number_inside_a_clause_counts_something_else():
    x = parse("建设内容：新建综合仓库1栋，作为本期第2项工程，配套建设道路和管网", [], TODAY, FIELD_IDS)
    assert x.values["construction_content"] == "新建综合仓库1栋,作为本期第2项工程,配套建设道路和管网"

"""Classes of input the blind set fresh15 (evals: fresh5) showed the intake missing."""

import pytest
from intake_data import TODAY, new_session

from bot.intake.parse import parse
from knowledge.fields import FIELD_IDS



# ---- leads kept in a value: who wrote it, 名字叫, 叫个, and field names said the way people talk ----------------

@pytest.mark.parametrize("text, fid, value", [
    ("厂子名字叫太原恒岳机械制造有限公司，法人王德厚", "unit_name", "太原恒岳机械制造有限公司"),
    ("项目叫个年产2万吨铝型材深加工项目，新建", "project_name", "年产2万吨铝型材深加工项目"),
    ("项目名称是个性化家居定制生产基地项目", "project_name", "个性化家居定制生产基地项目"),
])
def test_a_spoken_lead_before_a_name_is_no_part_of_it(text, fid, value):
    assert parse(text, [], TODAY, FIELD_IDS).values[fid] == value


@pytest.mark.parametrize("lead", ["王总口述、我整理的：", "可研报告上写的：", "设计院给的："])
def test_who_wrote_a_description_is_no_part_of_it(lead):
    x = parse(f"建设内容是{lead}新建铸造车间2栋、精加工车间1栋，配套成品库和办公楼。", [], TODAY, FIELD_IDS)
    assert x.values["construction_content"] == "新建铸造车间2栋、精加工车间1栋,配套成品库和办公楼"


def test_field_names_said_the_way_people_talk_are_labels():
    x = parse("盖的房子总共9200平米。\n建的东西：新建冲压车间1栋、装配车间1栋，配套仓库和门卫室，买冲床等设备40台。\n"
              "出的货：汽车支架件800万件/年", [], TODAY, FIELD_IDS)
    assert x.values["total_floor_area"] == 9200
    assert x.values["construction_content"] == "新建冲压车间1栋、装配车间1栋,配套仓库和门卫室,买冲床等设备40台"
    assert x.values["main_products_capacity"] == "汽车支架件800万件/年"


# ---- a narrative paragraph: the company's history, benefits and a letter's date are no values ---------------

def test_a_month_of_the_companys_history_is_no_start_of_the_works():
    x = parse("山西恒泰新能源有限公司成立于2019年4月，注册资本2亿元。项目计划于2027年9月开工建设，2029年3月建成投产，"
              "建设期18个月。", [], TODAY, FIELD_IDS)
    assert x.period["start"] == "2027-09" and x.period["end"] == "2029-03"


@pytest.mark.parametrize("text, period", [
    ("公司2023年8月完成股份制改造。项目建设期自2027年6月至2029年2月。", {"start": "2027-06", "end": "2029-02"}),
    ("2026年11月完成备案后，2027年5月开工，2028年7月竣工。", {"start": "2027-05", "end": "2028-07"}),
    ("2027年5月开工，2028年7月完成。", {"start": "2027-05", "end": "2028-07"}),
])
def test_another_event_finished_in_a_month_is_no_end_of_the_works(text, period):
    assert parse(text, [], TODAY, FIELD_IDS).period == period


def test_an_entry_we_do_not_collect_ends_at_a_semicolon():
    x = parse("公司成立于2018年9月。项目总投资6亿元，其中流动资金0.8亿元；计划于2027年5月开工，2028年9月建成。", [], TODAY,
              FIELD_IDS)
    assert x.period == {"start": "2027-05", "end": "2028-09"}


def test_a_letters_date_on_its_own_line_is_no_month_of_the_works():
    x = parse("十八、计划建设期：二〇二八年三月至二〇二九年十月\n\n特此报告。\n\n山西某某化工有限公司\n二〇二七年一月十五日",
              [], TODAY, FIELD_IDS)
    assert x.period == {"start": "2028-03", "end": "2029-10"}
    alone = parse("山西某某化工有限公司\n2026年12月20日", [], TODAY, FIELD_IDS)
    assert "start" not in alone.period


def test_investing_as_a_verb_is_no_investment_label():
    x = parse("公司拟在示范区投资建设“年产8GWh钠离子电池项目”，项目总投资15亿元。", [], TODAY, FIELD_IDS)
    assert x.values["total_investment"] == pytest.approx(150000) and "total_investment" not in x.errors


def test_benefit_figures_of_a_feasibility_study_are_no_fields():
    x = parse("项目劳动定员560人，达产后预计年产值18亿元，年纳税0.9亿元，年利税2亿元，带动周边就业约2000人。",
              ["total_investment", "employee_count", "main_products_capacity"], TODAY, FIELD_IDS)
    assert x.values == {"employee_count": 560} and not x.conflicts


# ---- 危险化学品情况 from the verbs of each clause after its label ----------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("生产过程中使用硫酸等危险化学品，不涉及危险化学品的生产和储存。", "使用"),
    ("危化品就是实验室用少量无水乙醇，属于使用，不生产也不储存。", "使用"),
    ("危化品的话，锅炉烧天然气，管道直供，厂区不设储罐，算使用。", "使用"),
    ("危险化学品有甲醇、液碱，厂区建了储罐储存。", "生产或储存"),
    ("危化品不使用也不储存。", "无"),
    ("危化品没有，用的自来水。", "无"),
    ("危化品：无，仅生活用水", "无"),
    ("危化品的话我们也没有，用电用水都走园区。", "无"),
    ("危化品的话，循环水系统用水处理剂，不储存。", "使用"),
    ("生产中使用电解液等危险化学品，不涉及危险化学品的储存。", "使用"),
])
def test_how_the_chemicals_are_handled_is_read_from_each_clauses_verbs(text, value):
    assert parse(text, [], TODAY, FIELD_IDS).values["hazardous_chemicals"] == value


def test_a_chemicals_store_is_a_building_not_the_label():
    x = parse("火灾危险性按危化品库定为甲类；危化品有丙酮，进危化品库储存。", [], TODAY, FIELD_IDS)
    assert x.values["fire_hazard_class"] == "甲" and x.values["hazardous_chemicals"] == "生产或储存"


# ---- OCR'd licence and title certificate: rules read as bars, wrapped lines, the certificate's entries ---------

def test_an_ocrd_licence_with_rules_and_a_wrapped_address():
    x = parse("营 业 执 照\n统一社会信用代码 | 91140100MA0K1234X9\n名 称 丨 太原晋德环保科技有限公司\n类 型 | 有限责任公司\n"
              "法定代表人 乔永胜\n住 所 | 山西省太原市杏花岭区胜利街2\n18号3层\n登记机关 ▲ 太原市行政审批服务管理局",
              [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "太原晋德环保科技有限公司" and x.values["legal_rep_name"] == "乔永胜"
    assert x.values["unit_address"] == "山西省太原市杏花岭区胜利街218号3层"


def test_an_ocrd_title_certificate_gives_parcel_site_and_area():
    x = parse("晋（2027）晋中市不动产权第0012345号\n权 利 人 | 山西某某材料有限公司\n坐 落\u3000潇河产业园区经三路以东、"
              "迎宾街以南\n不动产单元号 140702 003 001 GB00099 W00000000\n权利类型 国有建设用地使用权\n用 途 ■ 工业用地\n"
              "面 积 宗地面积40000.20m²\n使用期限 2027年01月10日起2077年01月09日止", [], TODAY, FIELD_IDS)
    assert x.values["land_parcel_no"] == "晋（2027）晋中市不动产权第0012345号"
    assert x.values["site_address"] == "潇河产业园区经三路以东、迎宾街以南"
    assert x.values["land_area"] == pytest.approx(40000.2) and "start" not in x.period


@pytest.mark.parametrize("text", ["宗地编号那栏填上面的证号就行", "宗地编号就写证上的证号", "建设地点就是证上的坐落"])
def test_a_label_pointing_back_at_a_document_gives_no_value(text):
    x = parse(text, [], TODAY, FIELD_IDS)
    assert not x.values and not x.errors


def test_a_label_pointing_back_with_a_new_value_takes_it():
    x = parse("前面的项目名称改成年产3万吨铝材项目", [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产3万吨铝材项目"


# ---- a paper form's own rows and headings -------------------------------------------------------------------

def test_a_forms_building_scale_row_is_the_floor_area():
    x = parse("占地：45亩\n建筑规模：3.6万平方米\n主要建设内容：新建发酵车间、灌装车间、成品库及污水预处理站，配套综合楼",
              [], TODAY, FIELD_IDS)
    assert x.values["total_floor_area"] == 36000 and not x.conflicts
    assert x.values["construction_content"] == "新建发酵车间、灌装车间、成品库及污水预处理站,配套综合楼"


@pytest.mark.parametrize("heading", ["【三、投资及进度】", "十二、总投资：18000万元", "（三）投资情况"])
def test_a_heading_line_is_never_the_rest_of_a_value(heading):
    x = parse(f"产品方案：食用醋6万吨/年、料酒2万吨/年\n{heading}\n投资总额：18000万元", [], TODAY, FIELD_IDS)
    assert x.values["main_products_capacity"] == "食用醋6万吨/年、料酒2万吨/年"


# ---- a parcel code of letter groups after 宗地; a correction naming the character that is wrong -------------------

@pytest.mark.parametrize("code", ["XH-DQ-2027-11", "YQ-2027-08", "TH2027-03"])
def test_a_parcel_code_of_letter_groups_after_zongdi(code):
    assert parse(f"新建，宗地{code}，协议出让，90亩", [], TODAY, FIELD_IDS).values["land_parcel_no"] == code


@pytest.mark.parametrize("text", ["法人那个字打错了，是王赟，贝字底那个赟，不是云彩的云。", "法人名字写错了，是王赟",
                                  "法人第二个字错了，是王赟"])
def test_a_correction_naming_the_wrong_character_takes_the_name(text):
    session = new_session()
    session.handle("法人王云")
    session.handle(text)
    assert session.state.values["legal_rep_name"] == "王赟" and not session.last.errors


# ---- a question about a field's term; an aside where options were asked ----------------------------------------

def test_a_question_about_a_fields_term_gives_no_value_and_no_conflict():
    x = parse("“用地方式”是什么意思？是问土地是怎么拿到的吗？", ["land_supply_mode", "land_area"], TODAY, FIELD_IDS)
    assert not x.values and not x.conflicts and x.questions


def test_an_aside_where_options_were_asked_is_no_wrong_option():
    x = parse("土方老板又补了一句：“土方别报错了，挖填一共三万一。”就是31000立方米。",
              ["earthwork_volume", "water_source", "wastewater_destination"], TODAY, FIELD_IDS)
    assert x.values == {"earthwork_volume": 31000} and not x.errors


def test_spoken_months_restated_as_a_span_take_the_span():
    x = parse("后年个五月开工，到年底十一月就完了，就是2028年5月到2028年11月。", ["construction_period"], TODAY, FIELD_IDS)
    assert x.period == {"start": "2028-05", "end": "2028-11"}


@pytest.mark.parametrize("text", ["盖的楼有5栋", "出的货主要卖到华北", "建的东西还挺多"])
def test_a_field_name_said_the_way_people_talk_in_prose_is_no_label(text):
    assert not parse(text, [], TODAY, FIELD_IDS).values


def test_a_phase_before_a_colon_stays_in_the_description():
    x = parse("建设内容：一期建设的：新建厂房2栋、仓库1栋及配套设施", [], TODAY, FIELD_IDS)
    assert x.values["construction_content"] == "一期建设的:新建厂房2栋、仓库1栋及配套设施"


# ---- a sound-alike label is not read where its last character begins a common word with the next one --------------

def test_a_word_after_a_label_is_no_mistyped_label():
    x = parse("我们2019年5月拿的执照，项目明年6月动工，后年9月完工。", [], TODAY, FIELD_IDS)
    assert "project_name" not in x.values and x.period == {"start": "2027-06", "end": "2028-09"}


# ---- quarters: a start in the quarter's first month, an end in its last; a span said whole outranks them ----------

@pytest.mark.parametrize("text, period", [
    ("2028年一季度开工，2029年三季度竣工", {"start": "2028-01", "end": "2029-09"}),
    ("明年三季度开工，后年第二季度建成", {"start": "2027-07", "end": "2028-06"}),
    ("计划开工：2027年第四季度；计划竣工：2029年第一季度", {"start": "2027-10", "end": "2029-03"}),
    ("明年一季度开工，一期当年四季度投产，全部按2027年2月到2028年11月填。", {"start": "2027-02", "end": "2028-11"}),
])
def test_quarters_give_the_months_of_the_works(text, period):
    assert parse(text, [], TODAY, FIELD_IDS).period == period


# ---- a date of the works moved by some months -------------------------------------------------------------------

def test_a_date_moved_by_some_months_moves_the_one_held():
    session = new_session()
    session.handle("2027年6月开工，2029年1月竣工")
    session.handle("开工时间往后推三个月，竣工不变")
    assert session.state.values["construction_period"] == {"start": "2027-09", "end": "2029-01"}
    session.handle("竣工日期提前两个月")
    assert session.state.values["construction_period"] == {"start": "2027-09", "end": "2028-11"}
    session.handle("开工又推迟一个月，改成2027年11月")
    assert session.state.values["construction_period"]["start"] == "2027-11"


def test_a_date_moved_before_it_was_given_is_asked_for():
    session = new_session()
    session.handle("开工推迟两个月")
    assert "construction_period" in session.last.errors and "construction_period" not in session.state.values


# ---- a reference pointing back at what was said before the field it repeats -------------------------------------

@pytest.mark.parametrize("text, fid, target", [
    ("单位地址：太原市小店区长风街100号。项目地址同上面的单位地址", "site_address", "unit_address"),
    ("建设地点和前面的公司地址一样", "site_address", "unit_address"),
    ("联系人同上面的法人", "contact_name", "legal_rep_name"),
])
def test_a_reference_pointing_back_repeats_the_field_named(text, fid, target):
    x = parse(text, [], TODAY, FIELD_IDS)
    assert x.refs.get(fid) == target and fid not in x.values

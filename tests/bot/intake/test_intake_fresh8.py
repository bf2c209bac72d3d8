"""Classes of input the blind set fresh18 (evals: fresh8) showed the intake missing."""

from intake_data import MESSAGES, TODAY, USCC, new_session

from bot.intake.parse import parse
from knowledge.fields import FIELD_IDS


# ---- HTML copied from an office system's web page: tags, entities (&nbsp; &sup2;) and a table's cells --------------

def test_html_paragraphs_and_entities_are_read_as_their_text():
    x = parse('<p class="MsoNormal"><strong>法定代表人：</strong><span style="font-family:宋体">王立新</span></p>'
              '<p>联系电话：139&nbsp;0351&nbsp;2288</p><p>单位地址：山西省太原市万柏林区千峰南路12号<br/></p>',
              [], TODAY, FIELD_IDS)
    assert x.values["legal_rep_name"] == "王立新"
    assert x.values["contact_phone"].replace(" ", "") == "13903512288"
    assert x.values["unit_address"] == "山西省太原市万柏林区千峰南路12号"


def test_an_html_table_is_read_cell_by_cell():
    x = parse("<table><tbody><tr><td>项目名称</td><td>年产5万吨饲料项目</td></tr><tr><td>用地面积</td>"
              "<td>12,000&nbsp;m&sup2;</td></tr></tbody></table>", [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产5万吨饲料项目"
    assert x.values["land_area"] == 12000


# ---- Markdown notes: a struck-out old value is superseded, emphasis and headings are no part of a value ----------

def test_a_struck_out_value_gives_way_to_the_one_after_it():
    x = parse("- 联系人：~~李主任~~ **王芳**\n- 总投资：~~2.1亿元~~ **2.3亿元**\n- 单位地址：太原市小店区龙城大街~~66~~68号",
              [], TODAY, FIELD_IDS)
    assert x.values["contact_name"] == "王芳"
    assert x.values["total_investment"] == 23000
    assert x.values["unit_address"] == "太原市小店区龙城大街68号"
    assert not x.conflicts


def test_a_section_title_holds_no_value():
    x = parse("### 一、建设单位信息\n1. **建设单位名称**：太原远航机械有限公司\n### 三、建设规模与投资\n"
              "16. **总投资**：8000万元", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "太原远航机械有限公司"
    assert x.values["total_investment"] == 8000
    assert not x.conflicts


def test_a_quoted_paragraph_under_a_heading_is_the_works_asked_for():
    session = new_session()
    for message in MESSAGES[:2]:
        session.handle(message)
    session.state.values.pop("construction_content")
    session.state.expecting = ["construction_content"]
    session.handle("## 建设内容\n> 新建压铸车间、机加车间及成品库，购置压铸岛、加工中心等设备80台")
    assert session.state.values["construction_content"] == "新建压铸车间、机加车间及成品库，购置压铸岛、加工中心等设备80台"


# ---- "…什么的" closing a list means "and the like": no question ---------------------------------------------------

def test_a_list_ending_in_shenmede_confirms():
    session = new_session()
    for message in MESSAGES:
        session.handle(message)
    assert session.stage == "confirming"
    session.handle("表里的星号、横线什么的不用管，内容都对，确认提交。")
    assert session.stage == "confirmed"


# ---- a remark in brackets after an organisation's whole name is no part of the name -------------------------------

def test_a_remark_in_brackets_after_a_company_name_is_dropped():
    x = parse("单位名称：山西恒达新能源科技有限公司（前年更名，以执照为准）", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "山西恒达新能源科技有限公司"
    kept = parse("单位名称：太原创投股权投资合伙企业（有限合伙）", [], TODAY, FIELD_IDS)
    assert kept.values["unit_name"] == "太原创投股权投资合伙企业（有限合伙）"


# ---- 挖填总量 names the earthwork; the same field named again between a rough and an exact figure --------------------

def test_wa_tian_zong_liang_is_the_earthwork():
    x = parse("厂房是现成的，挖填总量：0", [], TODAY, FIELD_IDS)
    assert x.values["earthwork_volume"] == 0


def test_a_rough_figure_then_the_exact_one_under_the_same_label_again():
    x = parse("土方大概两万方左右，勘察报告的土石方量是1.85万立方米", [], TODAY, FIELD_IDS)
    assert x.values["earthwork_volume"] == 18500 and not x.conflicts


# ---- works said without their label go on past a comma while they still describe works -----------------------------

def test_unlabelled_works_go_on_past_a_comma():
    x = parse("行业代码C3360，新建喷涂车间、烘干车间及危废暂存间，购置自动喷涂线、RTO焚烧炉等设备，总建筑面积9800平方米",
              ["construction_content"], TODAY, FIELD_IDS)
    assert x.values["construction_content"].replace(",", "，") == "新建喷涂车间、烘干车间及危废暂存间，购置自动喷涂线、RTO焚烧炉等设备"
    assert x.values["total_floor_area"] == 9800


# ---- an XML export: tags in pinyin initials of the labels or in English words, units in an attribute --------------

def test_an_xml_export_is_read_by_its_tags_and_unit_attributes():
    x = parse('系统导出的：\n<?xml version="1.0" encoding="UTF-8"?>\n<XMXX>\n  <XMMC>年产2万吨特种纸项目</XMMC>\n'
              '  <ZJZMJ dw="平方米">18000</ZJZMJ>\n  <YDMJ dw="亩">45</YDMJ>\n  <ZCZB dw="万元">3000</ZCZB>\n'
              '  <ZTZ dw="元">120000000.00</ZTZ>\n  <JHKGSJ>2027-05-01</JHKGSJ>\n  <JHJCSJ>2028-10-31</JHJCSJ>\n</XMXX>',
              [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产2万吨特种纸项目"
    assert x.values["total_floor_area"] == 18000
    assert round(x.values["land_area"], 2) == 30000.15
    assert x.values["total_investment"] == 12000
    assert x.period == {"start": "2027-05", "end": "2028-10"}


def test_an_xml_export_in_english_tags():
    x = parse("<record>\n<company><name>太原丰瑞包装有限公司</name><legalPerson>任国强</legalPerson></company>\n"
              '<land><area unit="公顷">3.2</area></land>\n</record>', [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "太原丰瑞包装有限公司"
    assert x.values["legal_rep_name"] == "任国强"
    assert x.values["land_area"] == 32000


# ---- a YAML record in a code fence: nested keys, values commented out with # are old ones --------------------------

def test_a_fenced_yaml_record_is_read_without_its_commented_out_values():
    x = parse("资料是YAML：\n```yaml\nproject:\n  name: 年产8000吨调味品项目\n  content: >-\n"
              "    新建调味品生产车间2栋、原料库及成品库，购置灌装线3条\n  land_area_mu: 36\n  # land_area_mu: 40   # 旧方案\n"
              "contact:\n  name: 曹敏\n  # phone: \"0351-6012345\"\n  phone: \"139-3456-1278\"\nschedule:\n  start: 2027-06\n"
              "  end: 2028-09\n```", [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产8000吨调味品项目"
    assert x.values["construction_content"].replace(",", "，") == "新建调味品生产车间2栋、原料库及成品库，购置灌装线3条"
    assert round(x.values["land_area"], 2) == 24000.12
    assert x.values["contact_name"] == "曹敏"
    assert x.values["contact_phone"].replace("-", "") == "13934561278"
    assert x.period == {"start": "2027-06", "end": "2028-09"}
    assert not x.conflicts


# ---- SI units and scientific notation: km², ×10⁴ m², ×10⁹ 元, x10^5 kWh ------------------------------------------

def test_figures_in_scientific_notation_are_read_as_their_values():
    x = parse("总建筑面积：2.35×10⁴ m²；总投资：7.5 x 10^8 元；挖填土石方总量：4.2×10³ m³；年用电量：1.2×10^7 kWh",
              [], TODAY, FIELD_IDS)
    assert x.values["total_floor_area"] == 23500
    assert x.values["total_investment"] == 75000
    assert x.values["earthwork_volume"] == 4200
    assert x.values["annual_electricity"] == 1200


def test_square_kilometres_are_an_area():
    assert parse("用地面积：0.05 km²", [], TODAY, FIELD_IDS).values["land_area"] == 50000
    assert parse("用地面积0.12平方千米", [], TODAY, FIELD_IDS).values["land_area"] == 120000


# ---- a post ending in 负责人 (机电负责人, 技术负责人) is no legal representative ------------------------------------

def test_a_post_ending_in_fuzeren_is_no_legal_representative():
    x = parse("我是公司的技术负责人邵峰。法定代表人：蒋国平", [], TODAY, FIELD_IDS)
    assert x.values["legal_rep_name"] == "蒋国平" and not x.conflicts


# ---- an interview transcript: each answer under the question it answers, the speaker no value -----------------------

def test_answers_of_an_interview_are_read_under_their_questions():
    x = parse("问：企业全称？\n答（王海）：太原宏泰精工机械有限公司，就是执照上的。\n问：总建筑面积？\n答（设计院 李工）：2.3万平方米。\n"
              "问：其中固定资产投资？\n答（财务 周丽）：8000万元。\n问：建设内容？\n"
              "答（李工）：新建铸造车间、机加车间及成品库，购置数控机床等设备120台。", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "太原宏泰精工机械有限公司"
    assert x.values["total_floor_area"] == 23000
    assert x.values["fixed_asset_investment"] == 8000
    assert x.values["construction_content"].replace(",", "，") == "新建铸造车间、机加车间及成品库，购置数控机床等设备120台"
    assert not x.questions


def test_a_yes_before_the_value_is_no_part_of_it():
    x = parse("问：项目名称定了吗？\n答：定了，年产2万吨环保涂料项目。\n问：行业代码？\n答：C2641。", [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产2万吨环保涂料项目"
    assert x.values["industry_code"] == "C2641"


# ---- letters in brackets inside a name (a technology's abbreviation) are the name's, unlike a translation after it -

def test_an_abbreviation_in_brackets_inside_a_project_name_is_kept():
    x = parse("项目名称：年产5万吨聚乳酸（PLA）生物降解材料项目", [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产5万吨聚乳酸（PLA）生物降解材料项目"


# ---- a repair said inside the message: the clause after 不对/打反了/啊不 takes the place of the clause before ----------

def test_a_repair_clause_replaces_the_value_before_it():
    x = parse("联系电话13903517725，哎中间两位打反了，是13903571725。总建筑面积3万2，嗯……不是，3万1千5。"
              f"火灾危险性丙类，啊不，有溶剂库那就是乙类。法定代表人是赵刚，不是李总哈。信用代码是{USCC}，你看看对不对",
              [], TODAY, FIELD_IDS)
    assert x.values["contact_phone"] == "13903571725"
    assert x.values["total_floor_area"] == 31500
    assert x.values["fire_hazard_class"] == "乙"
    assert x.values["legal_rep_name"] == "赵刚" and x.values["uscc"] == USCC  # no repairs: 不是 a word, 对不对 asks


def test_a_repair_naming_the_field_again_keeps_the_value_said_there():
    x = parse("法人是王建平，不对不对，王总是总经理，执照上的法定代表人是刘海涛。", [], TODAY, FIELD_IDS)
    assert x.values["legal_rep_name"] == "刘海涛" and not x.conflicts


def test_a_repaired_part_of_an_address_is_put_in_its_place():
    x = parse("地址太原市小店区长风街东段138号，呃写反了，是183号，长风街东段183号。", [], TODAY, FIELD_IDS)
    assert x.values["unit_address"] == "太原市小店区长风街东段183号"


def test_a_name_said_short_then_in_full():
    x = parse("公司叫晋安环保，哦全称是山西晋安环保科技有限公司。", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "山西晋安环保科技有限公司"



# ---- a few words ending in a colon before a description introduce it ----------------------------------------------

def test_words_ending_in_a_colon_before_the_products_introduce_them():
    x = parse("主要产品：产品就一种：高纯石英砂5万吨/年", [], TODAY, FIELD_IDS)
    assert x.values["main_products_capacity"] == "高纯石英砂5万吨/年"


def test_an_interview_answer_ends_with_its_line():
    x = parse("问：产品和产能？\n答（张总）：碳化硅衬底20万片/年。\n问：环评做哪一类？\n答（李工）：报告表，另外报", [], TODAY,
              FIELD_IDS)
    assert x.values["main_products_capacity"] == "碳化硅衬底20万片/年"


# ---- "你就写：" before a value is the speaker telling us what to write ----------------------------------------------

def test_ni_jiu_xie_before_the_works_is_no_part_of_them():
    x = parse("建设内容你就写：新建冲压车间、焊装车间及成品库，购置冲压线2条", [], TODAY, FIELD_IDS)
    assert x.values["construction_content"].replace(",", "，") == "新建冲压车间、焊装车间及成品库，购置冲压线2条"


# ---- a value in quotes inside its sentence ends before the closing quote -----------------------------------------

def test_a_quoted_name_followed_by_a_comma_loses_its_closing_quote():
    x = parse("项目名称“年产1万吨光学膜项目”，扩建", [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产1万吨光学膜项目"


# ---- meeting minutes: a day something is due by is no date of the works; a decision adjusts the figures ------------

def test_a_deadline_is_no_date_of_the_works():
    x = parse("三、项目计划2027年6月开工，2028年9月竣工。\n四、请企划部于12月10日前完成线上申报。", [], TODAY, FIELD_IDS)
    assert x.period == {"start": "2027-06", "end": "2028-09"}
    contract = parse("受让人同意在2027年9月30日之前开工，在2029年9月30日之前竣工。", [], TODAY, FIELD_IDS)
    assert "start" not in contract.period and "end" not in contract.period


def test_figures_adjusted_by_a_decision_replace_the_reported_ones():
    x = parse("企划部汇报总投资3.2亿元、固定资产投资2.8亿元。会议决定总投资调整为3.5亿元，其中固定资产投资3.1亿元，"
              "以调整后数据申报。", [], TODAY, FIELD_IDS)
    assert x.values["total_investment"] == 35000
    assert x.values["fixed_asset_investment"] == 31000
    assert not x.conflicts


def test_a_name_decided_in_minutes():
    x = parse("一、项目名称统一为“年产20万套汽车轮毂项目”，建设性质为新建。", [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产20万套汽车轮毂项目"


def test_wo_jiu_shi_names_the_contact():
    x = parse("我就是纪要第五条里的周婷。其他都写全了。", [], TODAY, FIELD_IDS)
    assert x.values["contact_name"] == "周婷"


# ---- a land contract's clauses: 建设用地使用权 is the right, not the area; "和合同第五条写的一样" points at pasted text ---

def test_the_price_of_the_land_use_right_is_no_land_area():
    x = parse("第三条 宗地总面积大写叁万贰仟平方米（小写32000平方米）。第九条 本宗地国有建设用地使用权出让价款为人民币大写"
              "贰仟万元整（小写2000万元）。", [], TODAY, FIELD_IDS)
    assert x.values["land_area"] == 32000 and "land_area" not in x.errors


def test_a_site_said_to_be_as_in_a_pasted_clause_gives_no_new_value():
    session = new_session()
    session.handle("合同第五条：本合同项下的出让宗地坐落于唐槐产业园区龙盛街以北、唐明路以东。")
    session.handle("园区就是唐槐产业园区，建设地点和合同第五条写的一样，总建筑面积12000平方米")
    assert session.state.values["site_address"] == "唐槐产业园区龙盛街以北、唐明路以东"
    assert session.state.values["total_floor_area"] == 12000 and not session.last.errors


# ---- labels swapped: the units say which figure is whose; a swap declared, one side only pointed at -----------------

def test_two_figures_under_each_others_labels_are_put_right_by_their_units():
    x = parse("总建筑面积：3.6万立方米\n挖填土石方总量：2.8万平方米", [], TODAY, FIELD_IDS)
    assert x.values["total_floor_area"] == 28000 and x.values["earthwork_volume"] == 36000
    assert not x.errors


def test_a_place_pointed_at_then_said_is_the_value():
    x = parse("单位地址是小店那个，太原市小店区真武路16号", [], TODAY, FIELD_IDS)
    assert x.values["unit_address"] == "太原市小店区真武路16号" and not x.errors


def test_a_declared_swap_gives_the_field_pointed_at_the_others_old_value():
    session = new_session()
    session.handle("单位地址：潇河产业园区正兴街8号厂区内\n建设地点：山西省晋中市榆次区顺城街12号")
    session.handle("地址写反了：单位地址是榆次那个，山西省晋中市榆次区顺城街12号，建设地点才是潇河园区厂里那个")
    assert session.state.values["unit_address"] == "山西省晋中市榆次区顺城街12号"
    assert session.state.values["site_address"] == "潇河产业园区正兴街8号厂区内"
    assert not session.last.errors


# ---- an angry user: values buried in complaints ------------------------------------------------------------------

def test_the_old_address_pointed_at_then_said():
    x = parse("地址还是老地址，太原市尖草坪区柴村街道工业路12号，执照没变更，新厂还没盖你让我写哪？", [], TODAY, FIELD_IDS)
    assert x.values["unit_address"] == "太原市尖草坪区柴村街道工业路12号"
    assert "unit_address" not in x.errors


def test_the_figure_said_to_be_filled_in_replaces_an_earlier_one():
    x = parse("地是划拨的。原来批的50亩，最后只给了45亩，就填45亩。", [], TODAY, FIELD_IDS)
    assert x.values["land_supply_mode"] == "划拨"
    assert round(x.values["land_area"], 2) == 30000.15


def test_the_option_said_to_be_reported_after_others():
    x = parse("火灾危险性类别：仓库是丙类，涂装线用溶剂是乙类，按最高的报，报乙类。", [], TODAY, FIELD_IDS)
    assert x.values["fire_hazard_class"] == "乙"


def test_zero_discharge_of_part_of_the_water_gives_way_to_where_the_rest_goes():
    x = parse("冷却水循环使用不外排，生活污水排进园区污水处理厂。", [], TODAY, FIELD_IDS)
    assert x.values["wastewater_destination"] == "园区污水处理厂"
    labelled = parse("排水去向：设备冷却水不外排，生活污水接市政管网", [], TODAY, FIELD_IDS)
    assert labelled.values["wastewater_destination"] == "市政管网"


def test_remarks_after_the_output_are_no_part_of_the_products():
    x = parse("主要产品：精密铸件8000吨/年，和老厂一样，一点没多", [], TODAY, FIELD_IDS)
    assert x.values["main_products_capacity"] == "精密铸件8000吨/年"


def test_two_options_named_together_take_their_values_in_order():
    x = parse("供水和排水：自备井；生产废水预处理后排园区污水处理厂", [], TODAY, FIELD_IDS)
    assert x.values["water_source"] == "自备井"
    assert x.values["wastewater_destination"] == "园区污水处理厂"


def test_a_value_said_again_in_the_form_asked_for():
    x = parse("产品是一年板材3万张、门窗5000樘，哦要写规范的，那就是：实木板材3万张/年、铝合金门窗5000樘/年。", [], TODAY,
              FIELD_IDS)
    assert x.values["main_products_capacity"] == "实木板材3万张/年、铝合金门窗5000樘/年"


def test_a_month_said_with_jiancheng_beats_an_unnamed_one_before_it():
    x = parse("明年4月开工，后年8月，呃，对后年9月建成，8月是试生产。", [], TODAY, FIELD_IDS)
    assert x.period == {"start": "2027-04", "end": "2028-09"}

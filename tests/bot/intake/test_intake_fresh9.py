"""Classes of input the blind set fresh19 (evals: fresh9) showed the intake missing."""


import pytest
from intake_data import TODAY, new_session

from bot.intake.hashtags import read_hashtags
from bot.intake.parse import parse
from bot.intake.patches import read_patches
from bot.intake.printout import read_printout
from bot.intake.sources import block_of, read_rules
from bot.intake.table import read_table
from bot.intake.unit_tables import read_unit_tables
from knowledge.fields import FIELD_IDS


# ---- a CSV exported with ";" between cells: a header row over versions, a later row's filled cells win ------------

def test_a_semicolon_csv_header_over_two_versions_reads_the_newer_cells():
    session = new_session()
    session.handle("台账导出的CSV，分号分隔：\n版本;单位名称;法定代表人;联系电话;用地面积(亩);总投资(万元);劳动定员(人)\n"
                   "旧;太原鼎盛机电有限公司;赵明远;0351-7012345;60;18000;150\n"
                   "新;;;13935112468;;19500;")
    values = session.state.values
    assert values["unit_name"] == "太原鼎盛机电有限公司"
    assert values["legal_rep_name"] == "赵明远"
    assert values["contact_phone"] == "13935112468"
    assert values["land_area"] == 40000.2
    assert values["total_investment"] == 19500
    assert values["employee_count"] == 150


def test_semicolon_label_value_lines_with_a_quoted_cell():
    x = parse('字段;内容\n建设规模及内容;"新建铸造车间1栋、机加车间1栋、成品库及综合楼、购置中频炉、造型线等设备60台（套）"\n'
              '主要产品及年产能;"球墨铸件2万吨/年"', [], TODAY, FIELD_IDS)
    assert x.values["construction_content"] == "新建铸造车间1栋、机加车间1栋、成品库及综合楼、购置中频炉、造型线等设备60台（套）"
    assert x.values["main_products_capacity"] == "球墨铸件2万吨/年"


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_paste_of_semicolon_lines_is_read_quickly():
    assert read_table("甲;乙;丙;丁\n" * 2500).count("\n") == 2500


# ---- a fixed-width ERP printout: coded rows, enum numbers before options, a value wrapped over a page break ------

_PAGE_ONE = """打印预览复制的，第一页：
==============================================================
                太原示例机械有限公司  项目信息表
打印日期：2026-10-08                              第 1 页 共 2 页
==============================================================
编码          名称                 值
------------  -------------------  ---------------------------
UNIT_NAME     单位名称             太原恒泰重工机械有限公司
PRJ_NAME      项目名称             危险化学品运输车辆维修中心项目
PRJ_NATURE    建设性质             02-扩建
SUPPLY        供地方式             1-划拨
START_YM      计划开工(YYYYMM)     202709
FLOOR         总建筑面积(M2)            12,400.00
WORKS         建设规模及内容       新建维修车间1栋、喷漆房1座、配件
                                   库及办公楼，购置举升机、四轮定位
--------------------------------------------------------------
                                          制表：综合部  审核："""
_PAGE_TWO = """第二页（建设内容那一栏接着上一页）：
==============================================================
                太原示例机械有限公司  项目信息表
打印日期：2026-10-08                              第 2 页 共 2 页
==============================================================
编码          名称                 值
------------  -------------------  ---------------------------
                                   仪等设备45台（套）
END_YM        计划竣工(YYYYMM)     202811
--------------------------------------------------------------"""


def test_a_fixed_width_printout_is_read_row_by_row_and_joined_over_its_page_break():
    session = new_session()
    session.handle(_PAGE_ONE)
    values = session.state.values
    assert values["unit_name"] == "太原恒泰重工机械有限公司"
    assert values["project_name"] == "危险化学品运输车辆维修中心项目"
    assert values["construction_nature"] == "扩建"
    assert values["land_supply_mode"] == "划拨"
    assert values["total_floor_area"] == 12400
    assert "hazardous_chemicals" not in values
    assert "construction_content" not in values  # held back: the page says another follows
    session.handle(_PAGE_TWO)
    assert values["construction_content"] == "新建维修车间1栋、喷漆房1座、配件库及办公楼，购置举升机、四轮定位仪等设备45台（套）"
    assert values["construction_period"] == {"start": "2027-09", "end": "2028-11"}


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_printout_is_read_quickly():
    rows = "".join(f"CODE_{n}        单位名称             值{n}\n" for n in range(400))
    read_printout("------------  -------  -------\n" + rows + " " * 5000 + "x")


# ---- digits said the radio way (洞幺两拐勾): codes, phones, figures and years read as digits ------------------------

def test_radio_digits_are_read_as_digits():
    x = parse("行业代码：C两拐幺洞\n宗地编号：幺四洞幺洞六-两洞两拐-洞五勾\n用地面积：两洞洞亩\n总投资：幺点拐五亿元\n"
              "建设期：两洞两拐年六月开工，两洞两勾年三月竣工\n劳动定员：幺八洞人", [], TODAY, FIELD_IDS)
    assert x.values["industry_code"] == "C2710"
    assert x.values["land_parcel_no"] == "140106-2027-059"
    assert x.values["land_area"] == 133334
    assert x.values["total_investment"] == 17500
    assert x.period == {"start": "2027-06", "end": "2029-03"}
    assert x.values["employee_count"] == 180


def test_a_phone_said_the_radio_way_in_groups_is_checked_whole():
    session = new_session()
    session.handle("联系人：郑晓光，电话：幺八拐洞 三五幺两 勾")
    assert "contact_phone" not in session.state.values  # nine digits: refused, not half read
    session.handle("电话重报：幺八拐洞 三五幺两 勾洞四")
    assert session.state.values["contact_phone"].replace(" ", "") == "18703512904"


def test_a_lone_radio_word_in_prose_stays_a_word():
    x = parse("建设内容：新建拐角处仓库1栋，表格里打勾的是新建", [], TODAY, FIELD_IDS)
    assert "拐角" in x.values["construction_content"]


# ---- Japanese terms as labels (延床面積, 敷地面積, 着工, 従業員数), kanji read as Chinese when kana are about ----------

def test_japanese_labels_are_read_as_the_forms_labels():
    x = parse("延床面積：18,200㎡\n敷地面積：3.1ha\n着工：2027年9月\n竣工：2028年12月\n従業員数：165名\n"
              "年間電力使用量：730万kWh\n以上です。", [], TODAY, FIELD_IDS)
    assert x.values["total_floor_area"] == 18200
    assert x.values["land_area"] == 31000
    assert x.period == {"start": "2027-09", "end": "2028-12"}
    assert x.values["employee_count"] == 165
    assert x.values["annual_electricity"] == 730


def test_a_label_glossed_by_another_in_brackets_is_one_label():
    x = parse("地番（宗地编号）：140105-2027-TH-088\n用地（用地面积）：45亩", [], TODAY, FIELD_IDS)
    assert x.values["land_parcel_no"] == "140105-2027-TH-088"
    assert not x.conflicts


# ---- Cantonese function words around values (系/嘅/哋/喺), and numbers said 廿三万 / 两个半亿 ----------------------

def test_cantonese_particles_around_values_are_read_as_mandarin():
    x = parse("我哋系东莞长安嘅厂，公司全名系东莞市长安镇恒锐五金制品有限公司，法人系黄志明，"
              "块地喺潇河产业园区，联系人系陈秀英。", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "东莞市长安镇恒锐五金制品有限公司"
    assert x.values["legal_rep_name"] == "黄志明"
    assert x.values["site_park"] == "潇河产业园区"
    assert x.values["contact_name"] == "陈秀英"


def test_mandarin_words_holding_xi_keep_it():
    x = parse("联系人：关系统，系统集成商系我哋嘅老客户", [], TODAY, FIELD_IDS)
    assert x.values["contact_name"] == "关系统"


def test_numbers_with_nian_and_a_half_of_a_magnitude():
    x = parse("总投资三个半亿，挖填土石方加埋廿一万方", [], TODAY, FIELD_IDS)
    assert x.values["total_investment"] == 35000
    assert x.values["earthwork_volume"] == 210000
    assert parse("固定资产投资1个半亿", [], TODAY, FIELD_IDS).values["fixed_asset_investment"] == 15000


def test_a_remark_before_the_colon_ending_a_label_line_leaves_the_value_below():
    x = parse("建设内容照抄环评的：\n新建发酵车间2栋、提取车间1栋、原料库及污水处理站，购置发酵罐40台\n"
              "主要产品及年产能：饲用酶制剂8000吨/年", [], TODAY, FIELD_IDS)
    assert x.values["construction_content"] == "新建发酵车间2栋、提取车间1栋、原料库及污水处理站,购置发酵罐40台"


# ---- spoken answers: 纯新建的, 水用市政的; a topic ("钱这块") is no contact's name -----------------------------------

def test_spoken_nature_and_water_source():
    x = parse("纯新建的，水用园区的，污水进园区污水处理厂", [], TODAY, FIELD_IDS)
    assert x.values["construction_nature"] == "新建"
    assert x.values["water_source"] == "市政供水"


def test_a_topic_opening_a_message_is_no_contact_name():
    session = new_session()
    session.state.expecting = ["contact_name", "contact_phone"]
    session.handle("钱这块，总投资两个亿，其中固定资产投资一亿八千万")
    assert "contact_name" not in session.state.values
    assert session.state.values["total_investment"] == 20000


# ---- hashtags naming fields: "#字段 值", each value running to the next tag -------------------------------------------

def test_hashtag_fields_end_at_the_next_tag():
    x = parse("#项目信息 #建设规模及内容 新建纺纱车间2栋、织造车间1栋及成品库，购置细纱机、喷气织机等设备210台（套） "
              "#主要产品及年产能 高支棉纱8000吨/年 #劳动定员 320人", [], TODAY, FIELD_IDS)
    assert x.values["construction_content"] == "新建纺纱车间2栋、织造车间1栋及成品库,购置细纱机、喷气织机等设备210台（套）"
    assert x.values["main_products_capacity"] == "高支棉纱8000吨/年"
    assert x.values["employee_count"] == 320


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_paste_of_hashtags_is_read_quickly():
    read_hashtags("#" * 10000 + " #联系人 张三 #单位名称 " + "甲" * 10000)


# ---- units of a finance or energy report: a table's declared 千元, kgce, the class the whole plant is filed under ----

def test_figures_under_a_title_declaring_thousand_yuan_are_in_that_unit():
    x = parse("投资估算表（单位：千元）\n一、建设投资　286,400\n　　1. 建筑工程费　120,000\n二、建设期利息　3,600\n"
              "三、固定资产投资合计（一+二）　290,000\n四、铺底流动资金　20,000\n五、项目总投资（三+四）　310,000",
              [], TODAY, FIELD_IDS)
    assert x.values["fixed_asset_investment"] == 29000
    assert x.values["total_investment"] == 31000
    assert not x.conflicts


def test_kilograms_of_standard_coal_are_converted():
    x = parse("年综合能源消费量：当量值2,150,000千克标准煤，等价值4,800,000千克标准煤", [], TODAY, FIELD_IDS)
    assert x.values["annual_energy_tce"] == 2150
    assert parse("年综合能耗 870000 kgce", [], TODAY, FIELD_IDS).values["annual_energy_tce"] == 870


def test_the_class_the_whole_plant_is_filed_under_outranks_a_buildings():
    x = parse("火灾危险性：加工车间戊类，仓库丙类，全厂按丙类报", [], TODAY, FIELD_IDS)
    assert x.values["fire_hazard_class"] == "丙"


def test_a_yaml_comment_declaring_a_unit_is_read_with_its_record_not_twice():
    x = parse("```yaml\ninvestment:    # 单位：万元\n  total: 18000\n  fixed_asset: 15500\nheadcount: 120\n```",
              [], TODAY, FIELD_IDS)
    assert x.values["total_investment"] == 18000
    assert x.values["employee_count"] == 120


# ---- an approval form exported with its workflow: the form's own number is no parcel, a comment changes a value ----

def test_an_approval_forms_number_is_no_parcel_number():
    x = parse("审批编号：202612010045\n申请时间：2026-12-01 09:30\n当前状态：审批中\n地块编号：140121-2027-XH-016",
              [], TODAY, FIELD_IDS)
    assert x.values["land_parcel_no"] == "140121-2027-XH-016"
    assert not x.conflicts


def test_a_comment_saying_a_value_was_changed_replaces_it():
    x = parse("法定代表人：马国庆\n审批记录：\n　　评论：法定代表人9月已变更为何立新，信用代码不变", [], TODAY, FIELD_IDS)
    assert x.values["legal_rep_name"] == "何立新"


def test_a_unit_in_brackets_before_the_colon_goes_with_the_figure():
    x = parse("人员规模（人）：215\n土方挖填量（m³）：18500\n年综合能耗（tce，当量值）：640\n用地面积（亩）：30",
              [], TODAY, FIELD_IDS)
    assert x.values["employee_count"] == 215
    assert x.values["earthwork_volume"] == 18500
    assert x.values["annual_energy_tce"] == 640
    assert x.values["land_area"] == 20000.1


def test_a_capacity_said_as_the_ability_formed_is_the_products():
    x = parse("设计产能：达产后形成动物疫苗3000万头份/年的生产能力", [], TODAY, FIELD_IDS)
    assert x.values["main_products_capacity"] == "动物疫苗3000万头份/年"


def test_holding_back_the_submission_answers_nothing_asked():
    session = new_session()
    session.state.expecting = ["main_products_capacity"]
    session.handle("先别提交，设计院的盖章版下周才出来，到时候我核完再来确认")
    assert "main_products_capacity" not in session.state.values


def test_a_date_moved_later_with_wanghou_shunyan():
    x = parse("开工不变，竣工时间往后顺延三个月", [], TODAY, FIELD_IDS)
    assert x.period == {"end_shift": 3}


# ---- patches to values given before, the field named obliquely ("电话那个…最后两位是…", "“…”改成…", "末尾再加…") -----

def test_patches_change_the_stored_values_not_replace_them_with_the_fragment():
    session = new_session()
    session.handle("单位名称：太原汇川精密机械有限公司，单位地址：太原市小店区龙城大街99号恒泰大厦6层，联系人：梁宏，"
                   "电话13934521176\n项目名称：精密轴承生产线项目（试生产）\n"
                   "建设规模及内容：新建轴承车间1栋、热处理车间1栋及综合库，建设轴承自动化生产线3条\n"
                   "主要产品及年产能：精密轴承300万套/年")
    session.handle("改几处，其余不动：\n1. 项目名称后面的“（试生产）”去掉\n2. 电话那个写错了，最后两位是67\n"
                   "3. 建设内容那段，“生产线3条”改成5条，末尾再加一句“，配套建设危废暂存间”\n"
                   "4. 产能那个数，300万改成360万\n5. 单位地址那个楼层少打了个1，是16层")
    values = session.state.values
    assert values["project_name"] == "精密轴承生产线项目"
    assert values["contact_phone"] == "13934521167"
    assert values["construction_content"] == "新建轴承车间1栋、热处理车间1栋及综合库，建设轴承自动化生产线5条，配套建设危废暂存间"
    assert values["main_products_capacity"] == "精密轴承360万套/年"
    assert values["unit_address"] == "太原市小店区龙城大街99号恒泰大厦16层"


def test_a_patch_whose_old_part_is_not_in_the_value_changes_nothing():
    session = new_session()
    session.handle("项目名称：年产3万吨纸箱项目")
    reply = session.handle("项目名称里的“二期”去掉")
    assert session.state.values["project_name"] == "年产3万吨纸箱项目"
    assert "完整项目名称" in reply


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_paste_of_digits_is_read_for_patches_quickly():
    read_patches("电话最后两位是" + "1" * 20000)
    read_patches("电话" + "1" * 20000 + "改成2")


# ---- a listed company's contact: the speaker, then a long department and post before the name --------------------

def test_the_speaker_named_after_a_department_and_a_listed_companys_post():
    session = new_session()
    session.state.expecting = ["contact_name", "contact_phone"]
    session.handle("联系人写我，董事会办公室证券事务代表韩静怡，电话0351-5201368。")
    assert session.state.values["contact_name"] == "韩静怡"


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_long_pastes_of_unit_tables_are_read_quickly():
    read_unit_tables("（m3）：" + "1" * 20000 + "x")
    read_unit_tables("（单位：千元）\n" + ("建设投资 " + "1 " * 50 + "\n") * 300)


def test_a_surname_that_is_also_a_cantonese_word_stays_a_name():
    x = parse("联系人：乜晓东，我哋嘅手机13912345678", [], TODAY, FIELD_IDS)
    assert x.values["contact_name"] == "乜晓东"


# ---- two documents with rules naming which one each field is taken from ------------------------------------------

def test_precedence_rules_between_two_documents_keep_each_fields_named_source():
    session = new_session()
    session.handle("两份材料数对不上，取数规则：\n· 投资、劳动定员：以A（可研，9月版）为准\n· 用地面积、能耗：以B为准\n\n"
                   "【A 可研摘要】\n项目名称：年产20万吨饲料项目\n用地面积：约60亩\n总投资：2.4亿元\n劳动定员：180人\n"
                   "年综合能源消费量：约900吨标准煤")
    session.handle("【B 设计院指标表】\n总用地面积：38,600 m²\n估算总投资：2.2亿元\n劳动定员：150人\n"
                   "年综合能源消费量（当量值）：860 tce")
    values = session.state.values
    assert values["total_investment"] == 24000
    assert values["employee_count"] == 180
    assert values["land_area"] == 38600
    assert values["annual_energy_tce"] == 860
    assert values["project_name"] == "年产20万吨饲料项目"


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_paste_is_read_for_rules_and_blocks_quickly():
    text = ("· 投资：以A" + "（" * 30 + "\n") * 2000 + "【A" + " " * 20000
    read_rules(text)
    block_of(text, len(text))

"""Classes of input the blind set fresh17 (evals: fresh7) showed the intake missing."""

from intake_data import MESSAGES, TODAY, new_session

from bot.intake.parse import parse
from knowledge.fields import FIELD_IDS



# ---- a record printed by a script: a Python dict with Chinese keys, units in the keys, None for empty --------------

def test_a_python_dict_with_chinese_keys_is_read_by_its_keys():
    x = parse("从台账里导出的：{'企业名称': '山西恒泰机电设备有限公司', '法人': '乔国栋', '项目名称': '年产3000台矿用变频器项目', "
              "'占地_亩': 45, '总投资(万元)': 21000.0, '劳动定员': 160, '产品方案': None}", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "山西恒泰机电设备有限公司"
    assert x.values["legal_rep_name"] == "乔国栋"
    assert x.values["project_name"] == "年产3000台矿用变频器项目"
    assert round(x.values["land_area"], 2) == 30000.15
    assert x.values["total_investment"] == 21000 and x.values["employee_count"] == 160
    assert "main_products_capacity" not in x.values and not x.errors


# ---- a form's ticked boxes: ☑/■ before an option, （√） after it; the unticked options are no answer --------------

def test_ticked_boxes_give_the_ticked_option_only():
    x = parse("火灾危险性类别：☐甲 ☐乙 ☑丙 ☐丁 ☐戊\n供地方式：■招拍挂出让 □协议出让 □划拨 □租赁 □自有存量\n"
              "建设性质：新建（ ）扩建（√）改建（ ）\n供水方式：☐市政供水 ☑自备井 ☐地表水 ☐再生水", [], TODAY, FIELD_IDS)
    assert x.values["fire_hazard_class"] == "丙"
    assert x.values["land_supply_mode"] == "招拍挂出让"
    assert x.values["construction_nature"] == "扩建"
    assert x.values["water_source"] == "自备井"
    assert not x.conflicts


def test_a_ticked_box_in_a_row_of_cells_leaves_the_cells_after_it():
    x = parse("建设性质｜□新建 ☑改建 □扩建｜总投资（万元）｜8600", [], TODAY, FIELD_IDS)
    assert x.values["construction_nature"] == "改建" and x.values["total_investment"] == 8600


# ---- a returnee's English labels and titles: fire rating, parcel number, products & capacity, "my assistant" ------

def test_english_labels_of_a_returnee_are_read():
    x = parse("fire rating乙类，parcel number 140122-2026-YQ-090，Products & capacity：储能变流器5000台/年", [], TODAY,
              FIELD_IDS)
    assert x.values["fire_hazard_class"] == "乙"
    assert x.values["land_parcel_no"] == "140122-2026-YQ-090"
    assert x.values["main_products_capacity"] == "储能变流器5000台/年"


def test_an_english_job_title_before_a_name_is_no_part_of_it():
    x = parse("Contact person是我们的secretary孟婷婷，cell 13934561278", [], TODAY, FIELD_IDS)
    assert x.values["contact_name"] == "孟婷婷"


def test_the_park_then_the_site_in_one_message_is_no_conflict():
    x = parse("建设地点在唐槐园区，具体位置：唐槐产业园区电子街与唐槐路交叉口东北角", [], TODAY, FIELD_IDS)
    assert x.values["site_address"] == "唐槐产业园区电子街与唐槐路交叉口东北角"
    assert x.values["site_park"] == "唐槐产业园区"
    assert not x.conflicts


# ---- Taiwan's terms in Traditional characters: 負責人, 聯絡窗口, 專案名稱, 總樓地板面積, 平方公尺, 土地係…承租 -----------

def test_taiwan_terms_are_read_as_the_forms_labels():
    x = parse("負責人張國華；聯絡窗口為吳佩珊小姐；專案名稱：半導體設備零組件生產項目；總樓地板面積15,200平方公尺；"
              "土地係向開發公司承租", [], TODAY, FIELD_IDS)
    assert x.values["legal_rep_name"] == "张国华"
    assert x.values["contact_name"] == "吴佩珊"
    assert x.values["project_name"] == "半导体设备零组件生产项目"
    assert x.values["total_floor_area"] == 15200
    assert x.values["land_supply_mode"] == "租赁"


# ---- a parent company named by its place ("香港母公司", "台湾总公司") is no builder's name ----------------------------

def test_a_parent_company_by_its_place_is_no_unit_name():
    x = parse("这些数据要等香港母公司审批后才能最终确定", [], TODAY, FIELD_IDS)
    assert "unit_name" not in x.values


# ---- a label mistyped around a shorter label it holds: "固定资厂投资" is 固定资产投资, not 投资 ------------------------

def test_a_mistyped_label_holding_a_shorter_label_is_the_long_one():
    x = parse("项目总投资：26000万元\n固定资厂投资：21500万元", [], TODAY, FIELD_IDS)
    assert x.values["total_investment"] == 26000 and x.values["fixed_asset_investment"] == 21500
    assert not x.conflicts


# ---- a field's name in a side question, its value said apart in the same message ---------------------------------

def test_a_label_in_a_side_question_leaves_the_value_said_apart():
    x = parse("排水去向园区污水处理厂。排水许可要去哪里办？", [], TODAY, FIELD_IDS)
    assert x.values["wastewater_destination"] == "园区污水处理厂"
    y = parse("宗地编号是不是土地证上那个号？宗地编号140122-2026-YQ-066。", [], TODAY, FIELD_IDS)
    assert y.values["land_parcel_no"] == "140122-2026-YQ-066" and not y.conflicts


# ---- a confirmation, then a side question in the same message: confirmed, and the question answered --------------

def test_a_confirmation_followed_by_a_side_question_confirms_and_answers():
    from bot.intake.parse import intent
    assert intent("核对过了，确认提交。另外想问下备案证多久能拿到？") == "confirm"
    assert intent("确认提交吗？") is None


def test_the_dialogue_confirms_and_answers_the_question_after_it():
    session = new_session(side_answer=lambda q: "（回答）")
    for message in MESSAGES:
        session.handle(message)
    assert session.stage == "confirming"
    reply = session.handle("没问题，确认提交。提交以后多久能审完？")
    assert session.stage == "confirmed" and "（回答）" in reply


# ---- an item number at a line's start ("17. ") in a message with Latin letters is no English full stop ------------

def test_item_numbers_of_lines_stay_out_of_the_values_before_them():
    x = parse("12. 主要产品及年产能：SMT贴片模组80万片/年\n11. 建设规模及内容：新建SMT车间2栋、老化测试车间1栋及成品库\n"
              "10. 总建筑面积：24000平方米", [], TODAY, FIELD_IDS)
    assert x.values["main_products_capacity"] == "SMT贴片模组80万片/年"
    assert x.values["construction_content"] == "新建SMT车间2栋、老化测试车间1栋及成品库"


# ---- 产能 after a verb (扩产能, 去产能) is prose, not the products' label -------------------------------------------

def test_capacity_after_a_verb_is_no_label():
    x = parse("属于扩建（原厂区放不下，到潇河园区扩产能），行业代码C3489", [], TODAY, FIELD_IDS)
    assert "main_products_capacity" not in x.values and x.values["industry_code"] == "C3489"


# ---- 建筑 before an area ("建筑3.2W平") is 总建筑面积 said short; before other words it is prose --------------------

def test_building_before_an_area_is_the_floor_area():
    assert parse("拿地40亩，建筑3.2W平", [], TODAY, FIELD_IDS).values["total_floor_area"] == 32000
    assert "total_floor_area" not in parse("建筑高度24米", [], TODAY, FIELD_IDS).values


# ---- a WeChat quote-reply: 「sender：the old line」 over a rule of dashes, then the change ---------------------------

def test_a_wechat_quote_is_the_old_value_and_the_reply_the_new():
    x = parse("「王总：法定代表人：张卫东 总投资：3.2亿元」\n- - - - - - - - - - - - - - -\n法定代表人改成张卫国", [], TODAY,
              FIELD_IDS)
    assert x.values == {"legal_rep_name": "张卫国"} and not x.conflicts


# ---- the end of the works said wrong, then changed: "竣工时间不对，改成…" sets the end, not the start ---------------------

def test_an_end_month_changed_after_its_label_is_the_end():
    assert parse("完工日期有误，应为2029年3月", [], TODAY, FIELD_IDS).period == {"end": "2029-03"}


# ---- a field said to stay as it is, beside a change ("电话不变", "地址不用改"): nothing to ask again ------------------

def test_a_field_said_unchanged_is_not_asked_again():
    x = parse("法人改成张卫国，单位地址不用改", [], TODAY, FIELD_IDS)
    assert x.values == {"legal_rep_name": "张卫国"} and x.reask == []


# ---- voice input's fillers around a value: "就是说" after the label, "然后" before the next one ---------------------

def test_spoken_fillers_around_values_are_no_part_of_them():
    x = parse("嗯单位地址就是说山西省晋中市榆次区顺城街9号 那个建设内容就是说新建总装车间2栋和立体仓库1栋以及办公楼等配套设施 "
              "然后主要产品是年产电动叉车5000台", [], TODAY, FIELD_IDS)
    assert x.values["unit_address"] == "山西省晋中市榆次区顺城街9号"
    assert x.values["construction_content"] == "新建总装车间2栋和立体仓库1栋以及办公楼等配套设施"


# ---- a word misheard by voice input, corrected once for every value said with it ---------------------------------

def test_a_misheard_word_is_corrected_in_every_value_holding_it():
    session = new_session()
    session.handle("单位地址山西省晋中市榆次区晋原路8号，建设地点阳曲产业园区晋原街以北")
    session.handle("语音把晋源识别成晋原了，上面的晋原都是晋源")
    assert session.state.values["unit_address"] == "山西省晋中市榆次区晋源路8号"
    assert session.state.values["site_address"] == "阳曲产业园区晋源街以北"


# ---- a field's word in prose that introduces the values after a colon ("编号我发你：…") is no value ---------------------

def test_words_ending_in_a_colon_introduce_the_values_after_them():
    x = parse("地址和编号我复制给你：单位地址山西省太原市尖草坪区胜利街5号，宗地编号140108-2026-JC-003", [], TODAY, FIELD_IDS)
    assert x.values["land_parcel_no"] == "140108-2026-JC-003"
    assert x.values["unit_address"] == "山西省太原市尖草坪区胜利街5号"
    assert not x.conflicts


def test_boxes_after_their_options_are_read_too():
    x = parse("火灾危险性类别：甲□ 乙□ 丙□ 丁☑ 戊□\n建设性质：新建■ 扩建□", [], TODAY, FIELD_IDS)
    assert x.values["fire_hazard_class"] == "丁" and x.values["construction_nature"] == "新建"

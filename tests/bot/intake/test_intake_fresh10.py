"""Classes of input the blind set fresh20 (evals: fresh10) showed the intake missing."""


import pytest
from intake_data import TODAY, new_session

from bot.intake.decimal_comma import european_figures
from bot.intake.exported import read_export
from bot.intake.extraction import Extraction
from bot.intake.markup import plain_text
from bot.intake.parse import parse
from bot.intake.slides import precedence, read_parcel_site, slide_titles, winning_spans
from bot.intake.table import read_table
from bot.intake.tree import read_tree
from knowledge.fields import FIELD_IDS


# ---- a two-column form copied from a PDF: all the labels, then all the values ----------------------------------

def test_a_pdf_column_of_labels_then_a_column_of_values_pairs_them_in_order():
    x = parse("表格复制出来变成这样了：\n单位名称\n法定代表人\n联系电话\n用地面积（亩）\n"
              "大同云岗新材料有限公司\n庞志刚\n13700456281\n75\n第 1 页 共 3 页", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "大同云岗新材料有限公司"
    assert x.values["legal_rep_name"] == "庞志刚"
    assert x.values["contact_phone"] == "13700456281"
    assert x.values["land_area"] == 50000.25


def test_a_confirmation_restating_a_stored_option_confirms():
    session = new_session()
    session.state.values.update({**_full_form(), "hazardous_chemicals": "使用"})
    session.state.stage = "confirming"
    session.handle("危险化学品那栏填“使用”是因为喷涂要用少量稀释剂，随用随买，厂里不存。都核对了，确认提交。")
    assert session.stage == "confirmed"


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_run_of_label_lines_is_read_quickly():
    read_table("单位名称\n" * 10000)


# ---- SQL INSERT statements with a column list ------------------------------------------------------------------

def test_an_sql_insert_reads_abbreviated_columns_with_their_units():
    text = read_export("库里导出的：\nINSERT INTO `proj` (`corp_name`, `linkman`, `prj_name`, `ind_code`, `land_area_ha`, "
                       "`inv_total_yuan`, `start_dt`, `elec_kwh`, `remark`) VALUES ('晋北精工机械有限公司', '房丽', "
                       "'矿山机械装备制造项目', 'C3511', 2.4, 150000000.00, '2027-08-01', 3200000, NULL);")
    x = parse(text, [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "晋北精工机械有限公司"
    assert x.values["contact_name"] == "房丽"
    assert x.values["project_name"] == "矿山机械装备制造项目"
    assert x.values["industry_code"] == "C3511"
    assert x.values["land_area"] == 24000
    assert x.values["total_investment"] == 15000
    assert x.values["annual_electricity"] == 320
    assert x.period.get("start") == "2027-08"


def test_key_value_child_rows_of_an_insert_go_under_their_key():
    text = read_export("INSERT INTO t_scale (prj_id, item_type, item_text) VALUES (7, 'CAPACITY', '矿用减速机3000台/年'), "
                       "(7, 'CONTENT', '新建装配车间2栋、试验车间1栋及配套仓库，购置加工中心等设备80台（套）');")
    x = parse(text, [], TODAY, FIELD_IDS)
    assert x.values["main_products_capacity"] == "矿用减速机3000台/年"
    assert x.values["construction_content"].startswith("新建装配车间2栋")


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_insert_is_read_quickly():
    read_export("INSERT INTO t (a_name, b_code) VALUES " + ", ".join(["('x', 1)"] * 3000) + ";")
    read_export("INSERT INTO t (" + "a," * 20000)


# ---- figures and dates in a European locale -------------------------------------------------------------------

def test_european_figures_are_read_with_a_decimal_comma():
    x = parse("Grundstücksfläche / 用地面积: 4,20 ha\nBGF / 总建筑面积: 21.450,50 m²\n"
              "Gesamtinvestition / 总投资: 186.000.000,00 CNY\nErdarbeiten / 土方: 18.600 m³", [], TODAY, FIELD_IDS)
    assert x.values["land_area"] == 42000
    assert x.values["total_floor_area"] == 21450.5
    assert x.values["total_investment"] == 18600
    assert x.values["earthwork_volume"] == 18600


def test_day_month_year_dates_give_the_period_and_a_reversed_one_is_caught():
    session = new_session()
    session.handle("Bauzeit / 建设期: 01.09.2027 – 30.06.2027")
    assert "construction_period" in session.last.errors
    session.handle("竣工那个年份写错了，应该是30.06.2029，开工01.09.2027不变")
    assert session.state.values["construction_period"] == {"start": "2027-09", "end": "2029-06"}


def test_chinese_figures_are_left_alone_and_a_german_word_is_no_credit_code():
    assert european_figures("用地3,20亩，总投资1.5亿") == "用地3,20亩，总投资1.5亿"
    assert "uscc" not in parse("Landbereitstellung: 协议出让", [], TODAY).values


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_paste_of_european_figures_is_read_quickly():
    european_figures("1.234,5 " * 2500 + "1" * 20000)


# ---- a comparison of alternatives, then the pick ---------------------------------------------------------------

def test_a_comparison_table_then_the_pick_stores_that_column():
    session = new_session()
    session.handle("两个选址方案：\n对比项\t方案一\t方案二\n所在园区\t阳曲产业园区\t唐槐产业园区\n"
                   "用地面积\t80亩\t60亩\n总投资\t3亿元\t2.6亿元\n建设期\t2027.05-2028.10\t2027.05-2028.06")
    assert "site_park" not in session.state.values
    session.handle("领导拍板了，走方案二。")
    values = session.state.values
    assert values["site_park"] == "唐槐产业园区"
    assert values["land_area"] == 40000.2
    assert values["total_investment"] == 26000
    assert values["construction_period"] == {"start": "2027-05", "end": "2028-06"}


# ---- a fill-in template with underscores; a description's lead and trailing clause -----------------------------

def test_a_fill_in_template_reads_the_filled_blanks():
    x = parse(plain_text("本企业拟投资建设____年产5000吨精密铸件项目____，主要建设内容为____新建熔炼车间、造型车间、"
                         "清理车间及成品库，购置中频炉等设备45台（套）____，建成后主要产品及年产能为____精密铸件5000吨/年____。"),
              [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产5000吨精密铸件项目"
    assert x.values["construction_content"] == "新建熔炼车间、造型车间、清理车间及成品库,购置中频炉等设备45台（套）"
    assert x.values["main_products_capacity"] == "精密铸件5000吨/年"


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_run_of_underscores_is_read_quickly():
    plain_text("____" + "甲_" * 10000)


def test_an_instruction_before_a_description_is_not_part_of_it():
    x = parse("建设内容按最新方案改为：新建包装车间1栋、立体仓库1座，购置自动包装线3条及配套设备", [], TODAY)
    assert x.values["construction_content"] == "新建包装车间1栋、立体仓库1座,购置自动包装线3条及配套设备"


# ---- a daily report's date -------------------------------------------------------------------------------------

def test_a_report_dated_with_its_weekday_gives_no_period():
    x = parse("【周报】2026-11-02（星期一）\n本周完成：整理项目资料", [], TODAY)
    assert x.period == {}


# ---- a mind map exported as a text tree ------------------------------------------------------------------------

def test_a_mind_map_tree_reads_leaves_under_their_branch():
    x = parse(read_tree("申报信息\n├─ 单位\n│  ├─ 名称：朔州恒源环保科技有限公司\n│  └─ 地址：山西省朔州市朔城区开发路12号\n"
                        "├─ 项目\n│  ├─ 名称：工业固废综合利用项目\n│  └─ 规模及内容：新建预处理车间、制砖车间及成品堆场，购置破碎筛分设备30台（套）\n"
                        "└─ 土地\n   └─ 面积：3公顷\n      └─ 其中代征道路0.2公顷"), [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "朔州恒源环保科技有限公司"
    assert x.values["project_name"] == "工业固废综合利用项目"
    assert x.values["unit_address"] == "山西省朔州市朔城区开发路12号"
    assert x.values["construction_content"].startswith("新建预处理车间")
    assert x.values["land_area"] == 30000


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_deep_tree_is_read_quickly():
    read_tree("\n".join("│  " * (n % 50) + "├─ 名称：某" for n in range(2000)))


def _full_form() -> dict:
    return {
        "unit_name": "太原恒晟包装材料有限公司", "uscc": "91140100MA0K1234X9", "legal_rep_name": "王建国",
        "unit_address": "山西省太原市小店区长风街1号", "contact_name": "李娜", "contact_phone": "13812345678",
        "project_name": "年产2万吨包装材料项目", "construction_nature": "新建", "industry_code": "C2231",
        "site_park": "阳曲产业园区", "site_address": "阳曲产业园区经一路以东", "land_parcel_no": "140122-2026-YQ-001",
        "land_supply_mode": "招拍挂出让", "land_area": 40000.0, "total_floor_area": 30000.0,
        "construction_content": "新建生产车间2栋、仓库1栋及配套设施，购置生产线4条",
        "main_products_capacity": "包装材料2万吨/年", "total_investment": 20000.0, "fixed_asset_investment": 18000.0,
        "construction_period": {"start": "2027-04", "end": "2028-06"}, "employee_count": 200,
        "fire_hazard_class": "丙", "hazardous_chemicals": "无", "earthwork_volume": 20000.0,
        "annual_energy_tce": 900.0, "annual_electricity": 500.0, "water_source": "市政供水",
        "wastewater_destination": "园区污水处理厂",
    }


# ---- a real surname the tagger reads as a common word (漆 'lacquer', 么 a particle) ------------------------------

def test_a_surname_tagged_as_a_common_word_is_kept_when_the_rest_is_a_given_name():
    session = new_session()
    session.handle("单位名称：临汾汾州陶瓷有限公司\n法定代表人：漆海涛\n联系人：么志强\n联系电话：13935712468")
    assert session.state.values["legal_rep_name"] == "漆海涛"
    assert session.state.values["contact_name"] == "么志强"


def test_a_first_character_read_as_a_pronoun_or_chatter_is_still_no_name():
    from bot.intake.plausible import rare_surname_name

    assert not rare_surname_name("我丽娜")
    assert not rare_surname_name("待确认")
    assert not rare_surname_name("同法人")


# ---- a group chat's chain (接龙): "我" is the entry's poster; a later entry corrects an earlier one ---------------

def test_a_chain_entry_naming_its_poster_as_contact_stores_the_poster():
    x = parse("#接龙 项目信息，格式：部门-姓名：内容\n1. 综合部-阚晓雯：单位名称 忻州晋华食品有限公司；法定代表人 郭守义\n"
              "2. 综合部-阚晓雯：对接人填我，电话13603501287\n3. 工程部-霍建伟：用地85亩；总建筑面积32100平方米",
              [], TODAY, FIELD_IDS)
    assert x.values["contact_name"] == "阚晓雯"
    assert x.values["contact_phone"] == "13603501287"
    assert x.values["legal_rep_name"] == "郭守义"


def test_a_later_chain_entry_correcting_an_earlier_one_wins_though_it_explains_the_slip():
    session = new_session()
    session.handle("1. 工程部-霍建伟：总建筑面积32100平方米；用地85亩\n2. 财务部-秦岚：总投资2.6亿元\n"
                   "3. 工程部-霍建伟：更正第1条，总建筑面积是31200平方米，之前两位数字写反了")
    assert session.state.values["total_floor_area"] == 31200


def test_a_repair_clause_right_after_a_value_still_repairs_it():
    assert parse("更正一下，电话13603501287，哎后两位也反了，是13603501278", [], TODAY, FIELD_IDS).values[
        "contact_phone"] == "13603501278"


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_chain_is_read_quickly():
    from bot.intake.chain import read_chain

    read_chain("".join(f"{n % 999}. 工程部-霍建伟：联系人写我，电话1360350128{n % 10}\n" for n in range(500))[:20000])
    read_chain("\n".join(f"{n % 999}. 综合部-阚晓雯：联系人填我" for n in range(1200))[:20000])
    parse("\n".join(f"{n % 99}. 综合部-阚晓雯：联系人填我，电话13603501287" for n in range(60))[:2000], [], TODAY, FIELD_IDS)


# ---- a form page copied from a browser with select-all --------------------------------------------------------

_PAGE = ("首页 > 在线申报 > 项目备案\n① 建设单位信息 —— ② 项目信息 —— ③ 提交\n\n建设单位信息\n* 单位名称\n"
         "运城盐湖新能源科技有限公司\n14/60\n* 法定代表人\n邵立群\n3/20\n* 所在园区\n--请选择-- ▾\n* 计划开工时间\n"
         "2027-06 📅\n* 建设规模及内容\n新建电芯车间、模组PACK车间及立体仓库，建设储能电池生产线3条、PACK线2条\n38/500\n\n保存草稿　　下一步")


def test_a_form_page_reads_each_label_line_with_the_value_below_it():
    x = parse(_PAGE, [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "运城盐湖新能源科技有限公司"
    assert x.values["legal_rep_name"] == "邵立群"
    assert x.values["construction_content"].startswith("新建电芯车间、模组PACK车间")
    assert x.period.get("start") == "2027-06"
    assert not x.conflicts


def test_an_untouched_dropdown_on_a_form_page_is_no_value():
    session = new_session()
    reply = session.handle(_PAGE)
    assert "site_park" not in session.state.values
    assert "请选择" not in reply
    assert session.state.values["unit_name"] == "运城盐湖新能源科技有限公司"


def test_a_section_title_without_brackets_holds_no_value():
    x = parse("建设单位基本信息\n单位名称：运城盐湖新能源科技有限公司\n法定代表人：邵立群", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "运城盐湖新能源科技有限公司"
    assert not x.conflicts


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_form_page_is_read_quickly():
    from bot.intake.widgets import page_without_widgets

    page_without_widgets(("* 单位名称\n某某有限公司\n12/50\n* 所在园区\n请选择 ▼\n" * 400)[:20000])
    page_without_widgets("1/50\n" * 5000)


# ---- a formal letter in the written register: 敝司, 老朽, 司址, "由…接洽" ----------------------------------------

def test_a_formal_letter_names_the_company_writer_address_and_contact_in_its_register():
    session = new_session()
    session.handle("敬启者：敝司山西汾河酿造股份有限公司，法定代表人即老朽宫守礼，司址在山西省吕梁市汾阳市杏花村镇酒都大道9号。"
                   "日后诸事由敝司董事会办公室邰文娟女士接洽，电话13835841176。")
    values = session.state.values
    assert values["unit_name"] == "山西汾河酿造股份有限公司"
    assert values["legal_rep_name"] == "宫守礼"
    assert values["unit_address"] == "山西省吕梁市汾阳市杏花村镇酒都大道9号"
    assert values["contact_name"] == "邰文娟"


def test_a_liaison_verb_after_no_person_names_no_contact():
    assert "contact_name" not in parse("项目审批由园区行政审批局对接，由于工期紧，请尽快。", [], TODAY, FIELD_IDS).values


# ---- a slide deck pasted from the outline view, with speaker notes ----------------------------------------------

_DECK = ("PPT大纲视图复制的，页下“讲稿”是汇报人的口径，和页面上不一致的，讲稿为准。\n\n"
         "幻灯片 3  用地与规模\n◆ 用地面积：约52亩\n◆ 总建筑面积：约3.2万㎡\n"
         "讲稿：用地按规划条件核定为49.5亩，总建筑面积按方案批复31,400㎡\n\n"
         "幻灯片 4  投资\n◆ 劳动定员：260人\n")


def test_a_speaker_note_wins_over_its_slide_when_the_paste_says_so():
    x = parse(_DECK, [], TODAY, FIELD_IDS)
    assert round(x.values["land_area"], 2) == 33000.17
    assert x.values["total_floor_area"] == 31400
    assert not x.conflicts
    assert x.values["employee_count"] == 260  # a slide's own figure without a note stands


def test_without_a_precedence_rule_a_note_and_its_slide_differing_are_asked():
    x = parse(_DECK.split("\n\n", 1)[1], [], TODAY, FIELD_IDS)
    assert "land_area" in x.conflicts


def test_the_body_wins_when_the_paste_says_so():
    x = parse(_DECK.replace("讲稿为准", "以正文为准"), [], TODAY, FIELD_IDS)
    assert round(x.values["land_area"], 2) == 34666.84 and not x.conflicts


def test_a_notes_rule_said_in_an_earlier_message_holds_for_the_next_slides():
    session = new_session()
    session.handle("我是联系人尚可心，电话13835126604。下面分两条发PPT大纲，备注里的是最新数，以备注为准。")
    session.handle("幻灯片 6  投资与人员\n▸ 总投资：3.6亿元\n▸ 劳动定员：约220人\n备注：劳动定员208人（人资部最新），总投资不变")
    assert session.state.values["employee_count"] == 208
    assert session.state.values["total_investment"] == 36000


def test_a_headquarters_line_on_a_profile_slide_is_the_company_address():
    x = parse("幻灯片 2  企业简介\n• 山西禾岚生物科技有限公司\n• 总部：太原市小店区龙城大街99号\n", [], TODAY, FIELD_IDS)
    assert x.values["unit_address"] == "太原市小店区龙城大街99号"
    assert "unit_address" not in parse("总部在北京，这边是分公司", [], TODAY, FIELD_IDS).values


def test_a_parcel_line_gives_the_site_and_the_parcel_number_in_brackets():
    x = parse("幻灯片 3  用地\n➢ 地块：潇河产业园区纬十路以北、兴业街以西（宗地编号140121-2027-QX-012）\n"
              "➢ 拿地方式：招拍挂出让", [], TODAY, FIELD_IDS)
    assert x.values["site_address"] == "潇河产业园区纬十路以北、兴业街以西"
    assert x.values["land_parcel_no"] == "140121-2027-QX-012"


def test_a_bulleted_line_under_a_slide_title_is_its_value_without_the_bullet():
    x = parse("幻灯片 5  产品与产能\n• 锂电隔膜4亿平方米/年、涂覆膜1.5亿平方米/年\n• 达产后年产值约12亿元",
              [], TODAY, FIELD_IDS)
    assert x.values["main_products_capacity"] == "锂电隔膜4亿平方米/年、涂覆膜1.5亿平方米/年"


def test_a_bulleted_value_under_a_label_and_colon_is_read():
    x = parse("主要产品：\n• 碳化硅衬底8万片/年\n", [], TODAY, FIELD_IDS)
    assert x.values["main_products_capacity"] == "碳化硅衬底8万片/年"


@pytest.mark.timeout(60)  # a hang guard (catastrophic backtracking), not a speed bar
def test_a_long_slide_paste_is_read_quickly():
    text = ("幻灯片 1  概况\n• 地块：" + "纬一路以南、" * 40 + "\n备注：以备注为准" + " 占地" * 30 + "\n\n") * 60
    text = text[:20000]
    read_parcel_site(slide_titles(text), Extraction())
    winning_spans(text, precedence(text))
    winning_spans(text, "正文")

"""Classes of input the blind set fresh22 (evals: fresh12) showed the intake missing."""

from intake_data import TODAY, new_session

from bot.intake import choices
from bot.intake.parse import parse
from bot.intake.parties import other_parties_dropped
from bot.intake.role_sections import role_sections
from bot.intake.units import short_years
from knowledge.fields import FIELD_IDS


# ---- electricity in 兆瓦时 / 吉瓦时 (MWh / GWh) -------------------------------------------------------------------

def test_electricity_in_chinese_mwh_and_gwh_is_converted_to_wan_kwh():
    assert parse("年耗电量：八千二百兆瓦时", [], TODAY, FIELD_IDS).values["annual_electricity"] == 820.0
    assert parse("全年用电约1.6吉瓦时", [], TODAY, FIELD_IDS).values["annual_electricity"] == 160.0


def test_a_power_rating_in_megawatts_is_not_electricity():
    x = parse("年用电量3000万千瓦时，屋顶光伏装机8兆瓦", [], TODAY, FIELD_IDS)
    assert x.values["annual_electricity"] == 3000.0


# ---- a value quoted after its label holds label words of other fields ------------------------------------------

def test_a_quoted_unit_name_is_not_cut_at_a_label_word_inside_it():
    x = parse("单位名称就写“晋中市农产品质量安全检验监测中心”，法人张强", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "晋中市农产品质量安全检验监测中心"
    assert x.values["legal_rep_name"] == "张强"


def test_a_label_after_the_closing_quote_still_starts_its_own_value():
    x = parse("项目名称“年产3万吨速冻食品项目”，产品：速冻水饺3万吨/年", [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产3万吨速冻食品项目"
    assert x.values["main_products_capacity"] == "速冻水饺3万吨/年"


# ---- a date with its clock time is when a message was sent, not a month of the works ----------------------------

def test_a_forwarded_message_stamp_is_no_start_of_the_works():
    session = new_session()
    session.handle("【微信转发】李总 2026-10-27 18:42\n开工按明年5月报，后年10月竣工")
    assert session.state.values["construction_period"] == {"start": "2027-05", "end": "2028-10"}


def test_an_export_time_to_the_second_is_no_start_of_the_works():
    session = new_session()
    session.handle("生成时间=2026/10/25 09:13:40\n计划竣工=2028年6月")
    assert session.state.values.get("construction_period", {}).get("start") is None


def test_a_plain_start_month_is_still_read():
    session = new_session()
    session.handle("2027年3月开工，2028年6月竣工")
    assert session.state.values["construction_period"] == {"start": "2027-03", "end": "2028-06"}


# ---- a figure compared against a line inside a question is the rule's threshold ---------------------------------

def test_threshold_figures_in_a_side_question_do_not_overwrite_stored_values():
    session = new_session()
    session.handle("用地60亩，挖填土方3.2万立方米")
    session.handle("顺便问下，土石方大于10万方或者占地不少于20公顷的，是不是要编制报告书？")
    assert session.state.values["land_area"] == 40000.2
    assert session.state.values["earthwork_volume"] == 32000.0


def test_a_value_asked_back_in_a_question_is_still_read():
    x = parse("用地是45亩吧？", [], TODAY, FIELD_IDS)
    assert x.values["land_area"] == 30000.15


# ---- a span of months with two-digit years ("26.11-28.4") ----------------------------------------------------------

def test_a_terse_span_with_two_digit_years_is_the_period():
    session = new_session()
    session.handle("建设周期 28.2-29.11 劳动定员85")
    assert session.state.values["construction_period"] == {"start": "2028-02", "end": "2029-11"}


def test_a_range_of_figures_with_a_unit_is_no_period():
    assert short_years("用地26.5-28.3亩") == ("用地26.5-28.3亩", [])
    assert short_years("版本31.2-30.9") == ("版本31.2-30.9", [])  # ends before it starts


# ---- "联系：" alone labels the contact in terse notes ---------------------------------------------------------------

def test_lianxi_with_a_colon_labels_the_contact_person():
    x = parse("联系：甘晓峰 13935127746", [], TODAY, FIELD_IDS)
    assert x.values["contact_name"] == "甘晓峰"
    assert x.values["contact_phone"] == "13935127746"


def test_lianxi_as_a_verb_is_no_label():
    x = parse("有事请联系：13935127746", [], TODAY, FIELD_IDS)
    assert "contact_name" not in x.values


# ---- "地是" before an area figure says the land area, not how the land was got -----------------------------------

def test_di_shi_before_an_area_figure_is_the_land_area():
    x = parse("改一下：地是64亩，原来报的60亩不对", [], TODAY, FIELD_IDS)
    assert x.values["land_area"] == 42666.88
    assert "land_supply_mode" not in x.values and "land_supply_mode" not in x.errors


def test_di_shi_before_a_way_of_supply_is_still_the_supply_mode():
    assert parse("地是租赁的", [], TODAY, FIELD_IDS).values["land_supply_mode"] == "租赁"


# ---- an option of another field in brackets after a value is that field's answer ---------------------------------

def test_a_bracketed_supply_mode_after_a_parcel_code_is_read_on_its_own():
    x = parse("宗地编号：140121-2027-QX-015（划拨），用地40亩", [], TODAY, FIELD_IDS)
    assert x.values["land_parcel_no"] == "140121-2027-QX-015"
    assert x.values["land_supply_mode"] == "划拨"


def test_a_bracket_that_is_part_of_a_name_stays():
    x = parse("单位名称：太原汇金创业投资合伙企业（有限合伙）", [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "太原汇金创业投资合伙企业（有限合伙）"


# ---- 在 opening a word (在线, 在建) is part of the value; after = as after a colon, 在 opens the content -------------

def test_a_name_opening_with_a_zai_word_keeps_it():
    assert parse("项目名称：在线粉尘监测设备生产项目", [], TODAY, FIELD_IDS).values["project_name"] == "在线粉尘监测设备生产项目"


def test_zai_as_a_connector_is_still_dropped():
    assert parse("建设地点在唐槐产业园区康宁街以北", [], TODAY, FIELD_IDS).values["site_address"] == "唐槐产业园区康宁街以北"


def test_content_after_an_equals_sign_keeps_its_zai():
    x = parse("建设内容=在原有仓库内改建成品库并新增自动分拣线2条", [], TODAY, FIELD_IDS)
    assert x.values["construction_content"] == "在原有仓库内改建成品库并新增自动分拣线2条"


# ---- the power of a unit symbol (m³, m²) is part of the unit, never a figure --------------------------------------

def test_a_figure_after_a_cubic_metre_symbol_is_the_value():
    assert parse("土石方量(m³)=15200", [], TODAY, FIELD_IDS).values["earthwork_volume"] == 15200.0
    assert parse("挖填方总量\tm³\t9400", [], TODAY, FIELD_IDS).values["earthwork_volume"] == 9400.0


def test_a_figure_before_the_symbol_is_unchanged():
    assert parse("土方2.4万m³", [], TODAY, FIELD_IDS).values["earthwork_volume"] == 24000.0


# ---- a mail signature below "-- " is the sender's card; the body's values stand -----------------------------------

_MAIL = ("您好，项目信息如下：\n联系人：霍思远，联系电话15035126678\n总投资：1.8亿元\n\n谢谢\n\n--\n霍思远\n"
         "规划发展部\n电话：0351-6028815　传真：0351-6028816\n手机：15035126678\n")


def test_a_signature_phone_raises_no_conflict_with_the_body():
    x = parse(_MAIL, [], TODAY, FIELD_IDS)
    assert x.values["contact_phone"] == "15035126678"
    assert "contact_phone" not in x.conflicts


def test_a_field_only_the_signature_gives_is_still_read():
    x = parse("您好，总投资1.8亿元，请查收。\n--\n霍思远\n手机：15035126678\n", [], TODAY, FIELD_IDS)
    assert x.values["contact_phone"] == "15035126678"


# ---- 系 in Traditional words (系統, 聯系) is no Cantonese copula ---------------------------------------------------

def test_xi_in_traditional_xitong_is_not_read_as_shi():
    x = parse("（總部嘅座機喺內地系統登記唔到，麻煩用手機）", [], TODAY, FIELD_IDS)
    assert "land_supply_mode" not in x.values and "land_supply_mode" not in x.errors


def test_the_cantonese_copula_xi_is_still_read():
    assert parse("法人系梁志明，公司喺佛山", [], TODAY, FIELD_IDS).values["legal_rep_name"] == "梁志明"


# ---- a contact named by its label outranks the speaker's self-introduction ------------------------------------------

def test_a_labelled_contact_wins_over_the_speaker_without_a_question():
    x = parse("我是晋华会计师事务所的经办会计于慧，受托报送。企业的对接人是姬宏亮，电话13903418822", [], TODAY, FIELD_IDS)
    assert x.values["contact_name"] == "姬宏亮"
    assert "contact_name" not in x.conflicts


def test_the_speaker_is_still_the_contact_when_no_other_is_named():
    assert parse("我是于慧，电话13903418822", [], TODAY, FIELD_IDS).values["contact_name"] == "于慧"


# ---- a tab-separated table row declares its figure's unit in a column before it ----------------------------------

def test_a_unit_cell_between_the_label_and_the_figure_applies_to_it():
    x = parse("序号\t指标\t单位\t数量\n1\t总用地面积\thm²\t5.20\n2\t项目总投资\t万元\t23600\n", [], TODAY, FIELD_IDS)
    assert x.values["land_area"] == 52000.0
    assert x.values["total_investment"] == 23600.0


def test_a_tab_row_with_the_unit_after_the_figure_is_unchanged():
    assert parse("总用地面积\t78亩", [], TODAY, FIELD_IDS).values["land_area"] == 52000.26


# ---- a platform export's own record number is no parcel number ----------------------------------------------------

def test_an_exports_record_number_is_not_the_parcel_number():
    x = parse("档案编号=XM-2026-01127\n导出人=侯佳\n不动产权证号=晋（2024）清徐县不动产权第0031852号", [], TODAY, FIELD_IDS)
    assert x.values["land_parcel_no"] == "晋（2024）清徐县不动产权第0031852号"
    assert "land_parcel_no" not in x.conflicts


# ---- 工程名称 names the project; 单位工程名称 names one building ----------------------------------------------------

def test_gongcheng_mingcheng_is_the_project_name():
    assert parse("工程名称：太行精密铸件扩能工程，新建", [], TODAY, FIELD_IDS).values["project_name"] == "太行精密铸件扩能工程"


def test_a_unit_works_name_is_not_the_project_name():
    assert "project_name" not in parse("单位工程名称：2#成品库", [], TODAY, FIELD_IDS).values


# ---- a bare 姓名 key under a person's heading is that person -------------------------------------------------------

def test_a_name_key_under_a_role_heading_is_that_role():
    x = parse("[法定代表人]\n姓名=龚永胜\n\n[项目联系人]\n姓名=谈晓雯\n电话=13834567120", [], TODAY, FIELD_IDS)
    assert x.values["legal_rep_name"] == "龚永胜"
    assert x.values["contact_name"] == "谈晓雯"


def test_a_name_key_under_another_heading_is_unchanged():
    assert role_sections("[附件]\n姓名=无") == "[附件]\n姓名=无"


# ---- an option in brackets after a value is stored for its own field -----------------------------------------------

def test_a_bracketed_nature_after_the_project_name_is_the_construction_nature():
    x = parse("项目名称：高纯石英砂提纯项目（改建）", [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "高纯石英砂提纯项目"
    assert x.values["construction_nature"] == "改建"


def test_a_nature_said_by_its_label_is_not_replaced_by_a_bracket():
    x = parse("建设性质：扩建。项目名称：高纯石英砂提纯项目（新建）", [], TODAY, FIELD_IDS)
    assert x.values["construction_nature"] == "扩建"


# ---- companies listed under numbered headings, then one picked ("只报第二家") --------------------------------------

_GROUP = ("我是晋阳控股集团战略部的武佳，两家子公司的资料一起发您：\n\n"
          "一、山西晋阳精密铸造有限公司\n法定代表人常宏，项目：汽车铝合金压铸件项目，总投资1.6亿元，用地30亩\n\n"
          "二、山西晋阳环保科技有限公司\n法定代表人贺明远，项目：工业固废资源化利用项目，总投资0.9亿元，用地22亩\n")


def test_a_pick_of_the_second_company_stores_its_block():
    session = new_session()
    session.handle(_GROUP)
    session.handle("领导定了，这次只报第二家。")
    values = session.state.values
    assert values["unit_name"] == "山西晋阳环保科技有限公司"
    assert values["legal_rep_name"] == "贺明远"
    assert values["total_investment"] == 9000.0


def test_a_numbered_heading_that_is_no_organisation_names_no_builder():
    assert choices._heading_organisation("一、项目基本情况\n总投资1亿元") is None


# ---- a contract's other party, when the user says which party they are, is not the user's data ----------------------

_LEASE = ("厂房租赁合同里我们公司是承租方，按承租方填：\n出租方：太原市晋源区城市建设投资有限公司\n法定代表人：阎国平\n"
          "住所：山西省太原市晋源区晋祠路二段9号\n联系电话：0351-6589920\n\n承租方：山西恒昌医疗器械有限公司\n"
          "法定代表人：申雅琴\n住所：山西省太原市万柏林区千峰南路37号\n")


def test_the_other_partys_head_and_address_are_dropped():
    x = parse(_LEASE, [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "山西恒昌医疗器械有限公司"
    assert x.values["legal_rep_name"] == "申雅琴"
    assert x.values["unit_address"] == "山西省太原市万柏林区千峰南路37号"
    assert "contact_phone" not in x.values and not x.conflicts


def test_parties_are_kept_when_the_user_does_not_say_which_is_theirs():
    text = "甲方：山西某某有限公司\n法定代表人：阎国平\n\n乙方：山西恒昌医疗器械有限公司\n法定代表人：申雅琴\n"
    assert other_parties_dropped(text) == text


def test_the_speakers_own_figure_after_a_comparing_word_in_a_question_is_kept():
    x = parse("我们年用电超过900万千瓦时，需要单独做节能审查吗？", [], TODAY, FIELD_IDS)
    assert x.values["annual_electricity"] == 900.0

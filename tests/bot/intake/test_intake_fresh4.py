"""Classes of input the blind set fresh14 (evals: fresh4) showed the intake missing."""

import pytest
from intake_data import TODAY, new_session

from bot.intake.parse import parse
from knowledge.fields import FIELD_IDS



# ---- chat shorthand: k for thousand, like w for 万 ----------------------------------------------------------

@pytest.mark.parametrize("text, fid, value", [
    ("能耗1.1k吨标煤", "annual_energy_tce", 1100),
    ("年综合能耗2k吨标准煤", "annual_energy_tce", 2000),
    ("土方3.5K方", "earthwork_volume", 3500),
    ("建面8k平", "total_floor_area", 8000),
])
def test_k_after_a_figure_is_thousand(text, fid, value):
    assert parse(text, [], TODAY, FIELD_IDS).values[fid] == pytest.approx(value)


@pytest.mark.parametrize("text", ["功率5kW的电机", "每袋25kg"])
def test_k_before_another_latin_unit_is_no_thousand(text):
    from bot.intake.units import quantities
    assert all(q.value < 1000 for q in quantities(text))


# ---- a forwarded mail: its header and the older mail it quotes are not this message's values ----------------

@pytest.mark.parametrize("older", [
    "> 在 2026年11月10日 09:15，蔡明远 写道：\n> 总投资暂按2.5亿，开工暂定2027年3月，定员200人",
    "在 2026年11月10日 09:15，蔡明远 写道：\n> 总投资暂按2.5亿，开工暂定2027年3月，定员200人",
    "-----原始邮件-----\n发件人：蔡明远\n总投资暂按2.5亿，开工暂定2027年3月，定员200人",
    "On Mon, Nov 10, 2026 at 9:15 AM Cai Mingyuan wrote:\n> 总投资暂按2.5亿，开工暂定2027年3月，定员200人",
])
def test_the_older_mail_a_reply_quotes_is_dropped(older):
    newest = "总投资调整为2.8亿元；开工推迟到2027年6月，2028年12月竣工；劳动定员240人。"
    x = parse(f"{newest}\n\n{older}", [], TODAY, FIELD_IDS)
    assert x.values["total_investment"] == pytest.approx(28000) and x.values["employee_count"] == 240
    assert x.period == {"start": "2027-06", "end": "2028-12"}


@pytest.mark.parametrize("header", [
    "发件人：张莉 <zhangli@example.cn>\n发送时间：2026年11月24日 16:42\n收件人：项目申报组\n主题：项目信息",
    "From: Zhang Li\nSent: 2026年11月24日 16:42\nTo: 申报组\nSubject: 项目信息",
])
def test_a_pasted_mail_header_gives_no_date_of_the_works(header):
    x = parse(f"{header}\n\n开工时间2027年6月，2028年12月竣工", [], TODAY, FIELD_IDS)
    assert x.period == {"start": "2027-06", "end": "2028-12"}


def test_a_sentence_ending_in_xiedao_keeps_what_follows():
    x = parse("可研里写道：\n总投资2.8亿元，劳动定员240人", [], TODAY, FIELD_IDS)
    assert x.values["total_investment"] == pytest.approx(28000) and x.values["employee_count"] == 240


# ---- "同X": a field said to repeat another field's value, for any type of field -------------------------------

@pytest.mark.parametrize("text, fid, target", [
    ("建设地点同单位地址，我们注册就在厂房里。", "site_address", "unit_address"),
    ("项目地址跟单位地址一致", "site_address", "unit_address"),
    ("固定资产投资同总投资，全是设备和装修", "fixed_asset_investment", "total_investment"),
    ("固投和总投资一样", "fixed_asset_investment", "total_investment"),
    ("固定资产投资跟总投资相同。", "fixed_asset_investment", "total_investment"),
])
def test_a_field_the_same_as_another_names_that_field(text, fid, target):
    assert parse(text, [], TODAY, FIELD_IDS).refs == {fid: target}


def test_a_reference_takes_the_other_fields_value_in_the_session():
    session = new_session()
    session.handle("单位地址太原市小店区通关路8号3号标准厂房，总投资1.8亿元")
    session.handle("建设地点同单位地址；固定资产投资同总投资，全是设备")
    assert session.state.values["site_address"] == "太原市小店区通关路8号3号标准厂房"
    assert session.state.values["fixed_asset_investment"] == pytest.approx(18000)


def test_a_reference_to_an_unfilled_amount_asks_for_the_amount():
    session = new_session()
    session.handle("固定资产投资同总投资")
    assert "请直接告诉我固定资产投资" in session.last.errors["fixed_asset_investment"]


# ---- planning figures holding a field's word are other areas (计容建筑面积, 建筑占地面积) ------------------------

@pytest.mark.parametrize("text, fid, value", [
    ("总建筑面积41,280 m²；计容建筑面积58,600 m²，容积率1.63", "total_floor_area", 41280),
    ("计容建筑面积5万平方米，总建筑面积4.2万平方米", "total_floor_area", 42000),
    ("总建筑面积3.2万平方米，计容面积4.1万平方米", "total_floor_area", 32000),
    ("用地面积60亩，建筑占地面积2.1万平方米，总建筑面积3万平方米", "land_area", 40000.2),
    ("建筑基底面积12000平方米，用地面积30亩", "land_area", 20000.1),
])
def test_other_planning_areas_are_not_the_field_whose_word_they_hold(text, fid, value):
    x = parse(text, [], TODAY, FIELD_IDS)
    assert x.values[fid] == pytest.approx(value) and not x.conflicts


# ---- a mobile with a digit too many or too few, given without a label, is read and refused ------------------

@pytest.mark.parametrize("text", [
    "联系人范磊 139035178826",
    "打我电话 139035178826 就行",
    "联系人范磊，1863512046。",
    "有事找小孟1593512440吧",
])
def test_a_mistyped_mobile_without_a_label_is_refused(text):
    session = new_session()
    reply = session.handle(text)
    assert session.state.values.get("contact_phone") is None and "手机号应为11位" in reply


@pytest.mark.parametrize("text, fid", [("年用电18450000000度", "annual_electricity"),
                                       ("总投资 1,3903517882元", "total_investment")])
def test_a_long_figure_with_a_unit_is_no_mobile(text, fid):
    x = parse(text, [], TODAY, FIELD_IDS)
    assert fid in x.values and "contact_phone" not in x.values


# ---- a record exported from the company's own system, pasted as JSON or "key: value" lines -----------------

_NESTED = """导出的JSON：
```json
{"id": 10233, "status": "draft", "created_at": "2026-11-18T09:12:44",
 "company": {"name": "山西潇芯电子材料有限公司", "legal_person": "邵文涛", "reg_capital_wan": 20000},
 "contact": {"name": "何一鸣", "tel": "18635120467"},
 "project": {"title": "高纯电子特气项目", "land_area_mu": 42, "gfa_m2": "31,500"},
 "investment_wan": {"total": 48000, "fixed": 41500, "loan": 20000},
 "schedule": {"start": "2027/05", "end": "2029/04"}, "earthwork_m3": 28000,
 "energy": {"tce": null, "kwh_10k": 2150}}
```"""
_CAMEL = ('{"companyName": "山西潇芯电子材料有限公司", "legalPerson": "邵文涛", "contactName": "何一鸣", '
          '"contactTel": "18635120467", "projectTitle": "高纯电子特气项目", "landAreaMu": 42, "gfaM2": 31500, '
          '"totalInvestmentWan": 48000, "fixedAssetInvestmentWan": 41500, "earthworkM3": 28000, '
          '"scheduleStart": "2027-05", "scheduleEnd": "2029-04", "energyKwh10k": 2150, "createdAt": "2026-11-18"}')
_FLAT = """company_name: 山西潇芯电子材料有限公司
legal_person: 邵文涛
contact_name: 何一鸣
contact.tel: 18635120467
project_title: 高纯电子特气项目
land_area_mu: 42
gfa_m2: 31500
investment_wan.total: 48000
investment_wan.fixed: 41500
earthwork_m3: 28000
schedule.start: 2027-05
schedule.end: 2029-04
energy.kwh_10k: 2150
created_at: 2026-11-18T09:12:44"""


@pytest.mark.parametrize("text", [_NESTED, _CAMEL, _FLAT])
def test_an_exported_record_is_read_by_its_keys(text):
    x = parse(text, [], TODAY, FIELD_IDS)
    assert x.values["unit_name"] == "山西潇芯电子材料有限公司" and x.values["legal_rep_name"] == "邵文涛"
    assert x.values["contact_name"] == "何一鸣" and x.values["contact_phone"] == "18635120467"
    assert x.values["project_name"] == "高纯电子特气项目"
    assert x.values["land_area"] == pytest.approx(28000.14) and x.values["total_floor_area"] == pytest.approx(31500)
    assert x.values["total_investment"] == pytest.approx(48000)
    assert x.values["fixed_asset_investment"] == pytest.approx(41500)
    assert x.values["earthwork_volume"] == pytest.approx(28000)
    assert x.values["annual_electricity"] == pytest.approx(2150)
    assert x.period == {"start": "2027-05", "end": "2029-04"} and not x.conflicts


def test_keys_naming_nothing_collected_are_dropped():
    from bot.intake.exported import label_of
    for path in (["id"], ["status"], ["created_at"], ["company", "reg_capital_wan"], ["investment_wan", "loan"]):
        assert label_of(path) is None, path


def test_braces_that_are_no_json_leave_the_text_as_it_was():
    from bot.intake.exported import read_export
    text = "建设内容{厂房、仓库}，总投资1.2亿"
    assert read_export(text) == text


# ---- a later value the message itself says replaces the earlier one ----------------------------------------

@pytest.mark.parametrize("text, fid, value", [
    ("劳动定员400人，后来改成600人", "employee_count", 600),
    ("定员这块群里有人说一期先招400，刘总定了按满产600人报", "employee_count", 600),
    ("固定资产投资4.9亿，以4.8亿为准", "fixed_asset_investment", 48000),
    ("总投资5.6亿，固定资产投资4.9亿\n固投按4.8亿报，有一部分设备走融资租赁", "fixed_asset_investment", 48000),
    ("您按最后定的提取：\n【财务】固定资产投资4.9亿\n【刘总】固投4.8亿", "fixed_asset_investment", 48000),
    ("以后面的为准：\n总建筑面积4.2万平方米\n总建筑面积40500平方米", "total_floor_area", 40500),
])
def test_a_later_value_said_to_replace_the_earlier_wins(text, fid, value):
    x = parse(text, [], TODAY, FIELD_IDS)
    assert x.values[fid] == pytest.approx(value) and fid not in x.conflicts


@pytest.mark.parametrize("text, fid", [
    ("固定资产投资4.9亿，固投4.8亿", "fixed_asset_investment"),
    ("以最新那封为准：\n总投资2.5亿\n总投资2.8亿", "total_investment"),
])
def test_two_values_without_a_replacing_word_are_still_asked(text, fid):
    assert fid in parse(text, [], TODAY, FIELD_IDS).conflicts


@pytest.mark.parametrize("text, value", [("总投资1.2亿，按每亩300万算", 12000), ("总投资1.2亿，按300万/亩算", 12000),
                                         ("总投资调整为2.8亿元，其中固定资产投资2.35亿元", 28000)])
def test_a_rate_after_the_figure_replaces_nothing(text, value):
    assert parse(text, [], TODAY, FIELD_IDS).values["total_investment"] == pytest.approx(value)


# ---- a signature giving a landline and a mobile, the message saying which to use --------------------------

_SIGNATURE = "\n\n张莉 | 项目部\n电话：0351-7023588  传真：0351-7023599\n手机：13703518826"


@pytest.mark.parametrize("ask, number", [
    ("联系人：张莉（联系电话请留我手机，见签名，座机经常没人接）", "13703518826"),
    ("联系人张莉，打我手机就行", "13703518826"),
    ("联系人张莉，座机经常没人接", "13703518826"),
    ("联系人张莉，联系电话留公司座机", "0351-7023588"),
])
def test_the_number_the_message_asks_for_is_the_phone(ask, number):
    x = parse(ask + _SIGNATURE, [], TODAY, FIELD_IDS)
    assert x.values["contact_phone"] == number and "contact_phone" not in x.conflicts


def test_a_landline_and_a_mobile_without_a_word_on_which_are_asked():
    assert "contact_phone" in parse("联系人张莉" + _SIGNATURE, [], TODAY, FIELD_IDS).conflicts


# ---- a water or gas volume is no earthwork; cut and fill written as engineers write figures are summed -----

@pytest.mark.parametrize("text", ["能源：年耗电18,450,000 kWh，天然气180万Nm³，新水12万m³。", "年用水量5万立方米",
                                  "新鲜水用量3万m³", "中水回用3000m3"])
def test_a_fluid_volume_is_no_earthwork(text):
    assert "earthwork_volume" not in parse(text, [], TODAY, FIELD_IDS).values


def test_earthwork_after_a_fluid_volume_is_still_read():
    assert parse("天然气用量180万m³，土方1.2万立方米", [], TODAY, FIELD_IDS).values["earthwork_volume"] == 12000


@pytest.mark.parametrize("text, total", [
    ("土石方：挖方32,000 m³，填方21,500 m³，外运10,500 m³。", 53500),
    ("挖方 3.2万 m3、填方 2.15万 m3", 53500),
    ("挖方32000 立方米，回填方21500 立方米", 53500),
])
def test_cut_and_fill_with_spaced_or_grouped_figures_are_summed(text, total):
    assert parse(text, [], TODAY, FIELD_IDS).values["earthwork_volume"] == pytest.approx(total)


# ---- a name holding English words spaced apart ------------------------------------------------------------

@pytest.mark.parametrize("text, fid, value", [
    ("项目名就叫年产3GW TOPCon高效光伏组件项目，新建", "project_name", "年产3GW TOPCon高效光伏组件项目"),
    ("项目名称：年产3GW TOPCon高效光伏组件项目 新建 C3825", "project_name", "年产3GW TOPCon高效光伏组件项目"),
    ("项目名称：年产10万片SiC MOSFET功率器件项目，扩建", "project_name", "年产10万片SiC MOSFET功率器件项目"),
    ("公司名称：山西ABC Tech有限公司", "unit_name", "山西ABC Tech有限公司"),
])
def test_a_name_goes_on_across_a_space_between_latin_words(text, fid, value):
    assert parse(text, [], TODAY, FIELD_IDS).values[fid] == value


def test_a_space_before_the_next_value_still_ends_the_name():
    x = parse("项目名称 年产5000吨 新建", [], TODAY, FIELD_IDS)
    assert x.values["project_name"] == "年产5000吨" and x.values["construction_nature"] == "新建"


# ---- how a row is to be filled, said between its label and the value (写, 填) ------------------------------

@pytest.mark.parametrize("text, fid, value", [
    ("建设地点写潇河产业园区潇河大街与新兴路交叉口东南角", "site_address", "潇河产业园区潇河大街与新兴路交叉口东南角"),
    ("项目名称就写成年产5万吨饲料项目", "project_name", "年产5万吨饲料项目"),
    ("单位地址填写太原市小店区长治路1号", "unit_address", "太原市小店区长治路1号"),
    ("建设内容填新建厂房2栋及配套设施", "construction_content", "新建厂房2栋及配套设施"),
])
def test_a_filling_verb_after_the_label_is_no_part_of_the_value(text, fid, value):
    assert parse(text, [], TODAY, FIELD_IDS).values[fid] == value


# ---- two long fields named together in prose give neither a value ----------------------------------------

@pytest.mark.parametrize("lead", ["另外建设内容和产品我们系统里没有这两个字段，单独补：",
                                  "建设内容及产品方案下面分开写：", "建设内容、主要产品这两项补一下："])
def test_two_long_fields_named_together_take_the_values_given_after(lead):
    x = parse(f"{lead}\n建设内容：新建车间及仓库\n产品：高纯三氟化氮1500吨/年", [], TODAY, FIELD_IDS)
    assert x.values["construction_content"] == "新建车间及仓库" and not x.conflicts
    assert x.values["main_products_capacity"] == "高纯三氟化氮1500吨/年"


def test_two_long_fields_named_together_and_skipped_are_both_skipped():
    x = parse("建设内容、产品方案还没定，回头补", [], TODAY, FIELD_IDS)
    assert {"construction_content", "main_products_capacity"} <= set(x.skipped)


# ---- a total the user asks us to add up from the parts they list ------------------------------------------

@pytest.mark.parametrize("text, fid, total", [
    ("建筑面积我手上只有分栋的：1号联合厂房21600㎡，2号厂房13800㎡，综合楼5400㎡，辅助用房一共1200㎡。总数你帮我加一下。",
     "total_floor_area", 42000),
    ("总建筑面积：生产车间1.2万平方米、仓库3000平方米、办公楼2000平方米，你加起来填", "total_floor_area", 17000),
    ("投资分项：建筑工程费1.28亿，设备购置2.65亿，其他费用2300万，预备费1200万，铺底流动资金5000万。总投资就是这五项加起来。",
     "total_investment", 47800),
    ("用电：生产线800万度，空压站200万度，办公50万度，帮我相加", "annual_electricity", 1050),
])
def test_the_parts_are_added_when_the_user_asks(text, fid, total):
    assert parse(text, [], TODAY, FIELD_IDS).values[fid] == pytest.approx(total)


def test_a_total_of_the_parts_but_one_leaves_that_one_out():
    x = parse("建筑工程费1.28亿，设备购置及安装2.65亿，工程建设其他费用2300万，预备费1200万，铺底流动资金5000万。"
              "总投资就是这五项加起来，固定资产投资是除了铺底流动资金以外的那四项。", [], TODAY, FIELD_IDS)
    assert x.values["total_investment"] == pytest.approx(47800)
    assert x.values["fixed_asset_investment"] == pytest.approx(42800)


@pytest.mark.parametrize("text", ["总投资1.2亿，其中土建5000万，设备7000万，加起来1.2亿", "总投资1.2亿，土建5000万，设备7000万"])
def test_parts_are_not_added_unasked_or_when_the_total_is_said(text):
    assert parse(text, [], TODAY, FIELD_IDS).values["total_investment"] == pytest.approx(12000)


# ---- a clause naming its field twice: the value follows the second label -----------------------------------

@pytest.mark.parametrize("text, fid, value", [
    ("宗地编号那栏填厂房的不动产权证号吧：晋（2020）太原市不动产权第0107715号", "land_parcel_no",
     "晋（2020）太原市不动产权第0107715号"),
    ("宗地编号这一栏我们填土地证号：并国用（2015）第0123号", "land_parcel_no", "并国用（2015）第0123号"),
    ("联系人那一栏写项目经理联系人：赵磊", "contact_name", "赵磊"),
])
def test_a_field_named_twice_in_a_clause_takes_the_value_after_the_second(text, fid, value):
    x = parse(text, [], TODAY, FIELD_IDS)
    assert x.values[fid] == value and fid not in x.conflicts


# ---- a bracketed aside holding another entry of the document (注册资本, 成立日期, 邮编) -------------------------

@pytest.mark.parametrize("text, fid, value", [
    ("单位地址：太原市阳曲县黄寨镇工业路18号（注册资本人民币伍仟万元整）。", "unit_address", "太原市阳曲县黄寨镇工业路18号"),
    ("单位名称：山西某某食品有限公司（成立日期2015年3月）", "unit_name", "山西某某食品有限公司"),
    ("地址：太原市小店区长治路1号（邮编030006）", "unit_address", "太原市小店区长治路1号"),
    ("地址：太原市万柏林区长风西街1号丽华大厦B座1506 邮编030024", "unit_address", "太原市万柏林区长风西街1号丽华大厦B座1506"),
])
def test_an_aside_with_an_entry_we_do_not_collect_is_no_part_of_the_value(text, fid, value):
    assert parse(text, [], TODAY, FIELD_IDS).values[fid] == value


def test_a_bracket_that_is_part_of_the_address_stays():
    assert parse("单位地址：太原市小店区长治路1号（3号楼）", [], TODAY, FIELD_IDS).values["unit_address"] == \
        "太原市小店区长治路1号（3号楼）"


# ---- after a colon, 在 opens a works description ------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("建设内容：在现有固体制剂车间内拆除旧生产线，新建智能化片剂生产线2条", "在现有固体制剂车间内拆除旧生产线,新建智能化片剂生产线2条"),
    ("主要建设内容: 在原址新建仓库2栋，购置设备10台", "在原址新建仓库2栋,购置设备10台"),
    ("建设内容：在现有厂区东侧新建一座钢结构联合厂房", "在现有厂区东侧新建一座钢结构联合厂房"),
])
def test_zai_after_a_colon_is_part_of_the_works(text, value):
    assert parse(text, [], TODAY, FIELD_IDS).values["construction_content"] == value


# ---- the speaker's firm and section before their name, without 的 ----------------------------------------

@pytest.mark.parametrize("text, name", [
    ("您好，我是山西晋康药业股份有限公司设备部石海波，座机0351-7964120。", "石海波"),
    ("我是山西晋康药业股份有限公司项目部经理王建军，电话13812345678", "王建军"),
    ("我是太原某某农业专业合作社王五，电话13812345678", "王五"),
])
def test_the_speaker_named_after_their_firm_without_de_is_the_contact(text, name):
    assert parse(text, [], TODAY, FIELD_IDS).values["contact_name"] == name


# ---- a project named after 报的是 (the project being filed) -------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("这次报的是固体制剂车间智能化技术改造项目，性质就是技术改造", "固体制剂车间智能化技术改造项目"),
    ("我们报的是年产5万吨饲料项目", "年产5万吨饲料项目"),
    ("今年报的是智能仓储物流中心项目，新建", "智能仓储物流中心项目"),
])
def test_a_project_named_after_bao_de_shi_is_the_project(text, name):
    assert parse(text, [], TODAY, FIELD_IDS).values["project_name"] == name


# ---- a relative of someone just named (他儿子, 她女儿) before a name ------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("法人孔德旺。我是他儿子孔维，这个事我来弄，电话13603517742", "孔维"),
    ("联系人是她女儿王芳", "王芳"),
    ("联系人：他侄子李明", "李明"),
])
def test_a_relative_of_someone_just_named_is_no_part_of_the_name(text, name):
    assert parse(text, [], TODAY, FIELD_IDS).values["contact_name"] == name


# ---- a project's name ending in its nature (…扩建项目) gives the nature, unless told otherwise ----------------

@pytest.mark.parametrize("text, nature", [
    ("项目叫装配式钢结构构件生产线扩建项目。就在我们现在的厂区里头", "扩建"),
    ("项目名称：年产5万吨饲料技改项目", "技术改造"),
    ("这次报的是冷链仓储中心迁建项目", "迁建"),
])
def test_the_nature_a_project_name_ends_in_is_its_nature(text, nature):
    assert parse(text, [], TODAY, FIELD_IDS).values["construction_nature"] == nature


def test_a_nature_said_outright_outranks_the_name():
    assert parse("项目名称：年产5万吨饲料扩建项目，建设性质新建", [], TODAY, FIELD_IDS).values["construction_nature"] == "新建"
    session = new_session()
    session.handle("建设性质是改建")
    session.handle("项目名称：年产5万吨饲料扩建项目")
    assert session.state.values["construction_nature"] == "改建"

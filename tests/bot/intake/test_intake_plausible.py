"""How enterprises actually type: conversation acts are never values, implausible values are asked back,
pasted documents are read label by label (issue 13)."""

from intake_data import MESSAGES, TODAY, USCC

from bot.intake.dialogue import IntakeSession
from bot.intake.fields import check_value
from bot.intake.parse import parse
from bot.intake.plausible import implausible, strip_title
from bot.intake.state import IntakeState


def session_after(*messages: str) -> IntakeSession:
    s = IntakeSession(IntakeState(session_id="p1"), today=lambda: TODAY)
    s.opening()
    for m in messages:
        s.handle(m)
    return s


def test_conversation_acts_are_never_names():
    for said in ("法人我问一下同事", "联系人开始", "法人应该是", "联系人写错了", "联系人你好"):
        x = parse(said, today=TODAY)
        assert "legal_rep_name" not in x.values and "contact_name" not in x.values, said
    for act in ("问一下同事", "开始", "也是他", "谢谢", "我吧", "下一步"):
        assert implausible("contact_name", act) is not None, act


def test_titles_are_stripped_and_a_title_alone_is_asked_back():
    assert strip_title("董事长王强") == "王强" and strip_title("王强总经理") == "王强"
    assert parse("法人是董事长王强", today=TODAY).values["legal_rep_name"] == "王强"
    x = parse("联系人找孔部长就行", today=TODAY)
    assert "contact_name" not in x.values and any("孔部长" in n for n in x.notes)
    assert parse("孔部长全名孔艳", ["contact_name"], today=TODAY).values["contact_name"] == "孔艳"


def test_a_reference_takes_the_other_fields_value():
    s = session_after(f"我们是太原星河新材料有限公司，信用代码{USCC}，法定代表人李建国，公司地址太原市小店区长风街1号",
                      "联系人也是他，电话13812345678")
    assert s.state.values["contact_name"] == "李建国"
    s = session_after(f"公司太原星河新材料有限公司，代码{USCC}，法人王芳", "联系人就是法人本人")
    assert s.state.values["contact_name"] == "王芳" and s.state.values["legal_rep_name"] == "王芳"


def test_negative_and_implausible_numbers_are_not_stored():
    x = parse("用地面积-500平方米", today=TODAY)
    assert "land_area" not in x.values and "负数" in x.errors["land_area"]
    s = session_after(*MESSAGES[:2], "在阳曲园区，建设地点阳曲产业园区纬三路以东，用地面积0.5平方米")
    assert "land_area" not in s.state.values
    assert "0.5 平方米" in s.last.errors["land_area"] and "单位" in s.last.errors["land_area"]
    assert implausible("total_investment", 0.3) and implausible("employee_count", 300) is None


def test_organisations_and_addresses_must_look_like_them():
    assert implausible("unit_name", "我们有两个车间") and implausible("unit_name", "太原恒通合作社") is None
    assert implausible("unit_address", "公司有两栋楼") and implausible("unit_address", "太原市小店区") is not None
    assert implausible("site_address", "阳曲产业园区纬三路以东") is None


def test_a_pasted_licence_is_read_label_by_label():
    licence = (f"名称：山西恒润新能源科技有限公司 类型：有限责任公司 住所：山西省太原市迎泽区长治路345号 法定代表人：王华 "
               f"注册资本：壹亿贰仟万元整 成立日期：2016年05月18日 经营范围：锂离子电池的研发、生产、销售；技术咨询服务。 "
               f"统一社会信用代码：{USCC}")
    x = parse(licence, ["unit_name", "uscc", "legal_rep_name", "unit_address"], today=TODAY)
    assert x.values["unit_name"] == "山西恒润新能源科技有限公司" and x.values["uscc"] == USCC
    assert x.values["unit_address"] == "山西省太原市迎泽区长治路345号" and x.values["legal_rep_name"] == "王华"
    assert "total_investment" not in x.values and "construction_period" not in x.values and not x.period


def test_statements_in_sentences_and_explicit_beats_incidental():
    assert parse("一年大概消耗标准煤350吨", today=TODAY).values["annual_energy_tce"] == 350
    assert parse("项目建成后形成数控机床5000台的生产能力", today=TODAY).values.get("main_products_capacity") != "力"
    s = session_after(*MESSAGES[:1], "项目名称年产10万吨玻璃纤维项目，是扩建，行业代码C3061")
    assert s.state.values["construction_nature"] == "扩建"
    s.handle("另外还有新建项目的配套仓库")
    assert s.state.values["construction_nature"] == "扩建"


def test_the_same_field_twice_asks_which():
    s = session_after("法人李四，法定代表人王五")
    assert "legal_rep_name" not in s.state.values and "两个不同的值" in s.last.errors["legal_rep_name"]


def test_traditional_characters_and_english_labels():
    x = parse("聯繫人：陳建國，聯繫電話13812345678", today=TODAY)
    assert x.values["contact_name"] == "陈建国" and x.values["contact_phone"] == "13812345678"
    x = parse("Contact: 张伟，Tel: 13912345678", today=TODAY)
    assert x.values["contact_name"] == "张伟" and x.values["contact_phone"] == "13912345678"


def test_credit_code_errors_name_the_wrong_character():
    wrong = USCC[:-1] + ("0" if USCC[-1] != "0" else "1")
    assert "第18位" in check_value({}, "uscc", wrong)[1]
    assert "第5位“I”" in check_value({}, "uscc", USCC[:4] + "I" + USCC[5:])[1]


def test_words_with_numerals_are_not_numbers():
    x = parse("总投资一共5000万元，固定资产投资一共4000万", today=TODAY)
    assert x.values["total_investment"] == 5000 and x.values["fixed_asset_investment"] == 4000


def test_statements_keyed_to_the_fields_meaning():
    x = parse("我们公司在太原市小店区长治路88号，公司名字叫太原市宏达机械制造有限公司", today=TODAY)
    assert x.values["unit_address"] == "太原市小店区长治路88号" and x.values["unit_name"] == "太原市宏达机械制造有限公司"
    assert parse("地是自己原来的，用地面积50亩", today=TODAY).values["land_supply_mode"] == "自有存量"
    s = session_after("公司地址太原市小店区长风街1号", "建设地点和公司地址一样")
    assert s.state.values["site_address"] == "太原市小店区长风街1号"


def test_a_title_then_the_full_name_fills_the_same_field():
    x = parse("联系人是张总，全名张建华", today=TODAY)
    assert x.values == {"contact_name": "张建华"}


def test_feasibility_tables_declare_units_and_brackets_hold_breakdowns():
    x = parse("| 序号 | 指标 | 单位 | 数值 | | 1 | 总用地面积 | 平方米 | 53333 | | 2 | 总投资 | 万元 | 12000 |", today=TODAY)
    assert x.values["land_area"] == 53333 and x.values["total_investment"] == 12000
    x = parse("用地面积（亩）：80；总建筑面积（㎡）：35000；劳动定员（人）：120", today=TODAY)
    assert x.values == {"land_area": 53333.6, "total_floor_area": 35000, "employee_count": 120}
    x = parse("总投资1.2亿元（其中建设投资1亿元，铺底流动资金2000万元）", today=TODAY)
    assert x.values == {"total_investment": 12000} and not x.conflicts
    x = parse("年用电量：约300万kWh（折标煤369吨）", today=TODAY)
    assert x.values == {"annual_electricity": 300}
    x = parse("（一）项目名称：年产5万吨新型建材项目（二）建设性质：新建", today=TODAY)
    assert x.values["project_name"] == "年产5万吨新型建材项目" and x.values["construction_nature"] == "新建"


def test_a_speaker_introducing_themselves_is_the_contact():
    x = parse("我是小王，王磊，负责这个项目，电话13912345678", today=TODAY)
    assert x.values["contact_name"] == "王磊"
    assert parse("员工大概两百来人", today=TODAY).values["employee_count"] == 200


def test_hedges_and_labels_never_become_names():
    x = parse("宗地编号我问一下同事", ["legal_rep_name", "land_parcel_no"], today=TODAY)
    assert x.values == {} and x.skipped == ["land_parcel_no"]
    assert parse("法人是我们董事长，叫王国平", today=TODAY).values["legal_rep_name"] == "王国平"
    assert parse("项目名称暂定为年产2000台精密减速机项目", today=TODAY).values["project_name"] == "年产2000台精密减速机项目"
    x = parse("园区：潇河", ["site_park", "site_address"], today=TODAY)
    assert list(x.values) == ["site_park"] and check_value({}, "site_park", x.values["site_park"])[0] == "潇河产业园区"


def test_a_labelled_figure_ends_a_description():
    x = parse("建设规模及内容：新建原丝车间、碳化车间、仓库及配套设施，总建筑面积：45000平方米", today=TODAY)
    assert x.values["construction_content"] == "新建原丝车间、碳化车间、仓库及配套设施"
    assert x.values["total_floor_area"] == 45000


def test_a_description_detail_never_replaces_the_stated_figure():
    x = parse("建设规模及内容：新建组件车间2栋（建筑面积36000平方米）、仓库1栋（建筑面积8000平方米）及配套动力站，"
              "总建筑面积45000平方米。", today=TODAY)
    assert x.values["total_floor_area"] == 45000 and not x.conflicts


def test_park_from_the_site_address_but_not_from_a_street_name():
    x = parse("单位地址：山西省太原市小店区学府街126号", today=TODAY)
    assert "site_park" not in x.values
    x = parse("建设地点：学府产业园区产业路以南", today=TODAY)
    assert x.values["site_park"] == "学府产业园区"


def test_english_mixed_in():
    x = parse("Project name：年产20万套汽车部件项目，new build 新建，Total investment 4.5亿元，fixed assets 3.8亿元", today=TODAY)
    assert x.values["construction_nature"] == "新建" and x.values["total_investment"] == 45000
    assert x.values["fixed_asset_investment"] == 38000
    assert parse("Contact：Tom Zhang（张涛）", today=TODAY).values["contact_name"] == "张涛"
    assert parse("联系人：周志刚的助理 吴倩", today=TODAY).values["contact_name"] == "吴倩"


def test_voice_input_without_punctuation():
    x = parse("建设内容是新建智能立体仓库两栋分拣中心一栋以及办公楼和配套设施总建筑面积是六万平方米", today=TODAY)
    assert x.values["construction_content"] == "新建智能立体仓库两栋分拣中心一栋以及办公楼和配套设施"
    assert x.values["total_floor_area"] == 60000


def test_confirmation_with_fillers():
    from bot.intake.parse import intent
    assert all(intent(t) == "confirm" for t in ("好的确认", "嗯确认", "OK，确认", "那就确认吧", "确认无误"))
    assert intent("确认一下联系人是谁") is None


def test_money_as_enterprises_say_it():
    said = {"总投资八千多万": 8000, "总投资一亿二": 12000, "总投资1亿2千万": 12000, "总投资2.3亿（含流动资金）": 23000,
            "总投资壹亿贰仟万元整": 12000, "总投资1.8个亿": 18000, "总投资两千五百万": 2500, "总投资3千5百万": 3500}
    for text, wan in said.items():
        assert parse(text, today=TODAY).values["total_investment"] == wan, text
    x = parse("总投资500万美元", today=TODAY)
    assert "total_investment" not in x.values and "人民币" in x.errors["total_investment"]


def test_an_address_needs_a_district_and_a_street():
    assert "区县" in implausible("unit_address", "太原市迎泽大街100号")
    assert implausible("unit_address", "太原高新区长治路8号") is None  # a development zone stands for a district
    assert implausible("unit_address", "清徐县徐沟镇工业园区") is None
    s = session_after("公司地址太原市迎泽大街100号")
    assert "unit_address" not in s.state.values and "区县" in s.last.errors["unit_address"]


def test_phones_in_the_forms_people_write_them():
    for said, stored in (("座机0351 7654321", "0351-7654321"), ("电话(0351)7654321", "0351-7654321"),
                         ("我是张三 138-1234-5678", "13812345678"), ("手机+86 139 1234 5678", "13912345678")):
        x = parse(said, today=TODAY)
        assert check_value({}, "contact_phone", x.values["contact_phone"])[0] == stored, said


def test_self_corrections_of_several_kinds():
    assert parse("法人是王强，哦不，王刚", today=TODAY).values["legal_rep_name"] == "王刚"
    assert parse("用地面积不是80亩是85亩", today=TODAY).values["land_area"] == 56666.95
    assert parse("用地80亩，说错了，是85亩", today=TODAY).values["land_area"] == 56666.95
    x = parse("法人王强，不对，法人是王刚，公司地址太原市小店区长风街1号", today=TODAY)
    assert x.values["legal_rep_name"] == "王刚" and not x.conflicts
    s = session_after("联系人张三", "算了还是写李四吧")
    assert s.stage == "collecting" and s.state.values["contact_name"] == "李四"
    s = session_after("电话13812345678", "错了 是13812345679")
    assert s.state.values["contact_phone"] == "13812345679"
    s = session_after("联系人张三", "不对")
    assert "contact_name" in s.last.errors and s.state.values["contact_name"] == "张三"


def test_chatter_is_never_a_bare_answer():
    for said, asked in (("继续", "project_name"), ("好的谢谢", "construction_content"), ("下一步", "main_products_capacity"),
                        ("嗯，应该是吧", "project_name"), ("我看看哈", "land_parcel_no"), ("好嘞", "project_name")):
        assert parse(said, [asked], today=TODAY).values == {}, said
    assert parse("年产10万吨玻纤项目", ["project_name"], today=TODAY).values == {"project_name": "年产10万吨玻纤项目"}


def test_same_as_above():
    s = session_after("公司地址太原市小店区长风街1号", "建设地点同上")
    assert s.state.values["site_address"] == "太原市小店区长风街1号"
    assert parse("同上", ["contact_name", "contact_phone"], today=TODAY).refs == {"contact_name": "legal_rep_name"}


def test_side_questions_beside_values():
    x = parse("我们用地50亩，需要做水土保持吗？", today=TODAY)
    assert x.values["land_area"] == 33333.5 and x.questions == ["需要做水土保持吗?"]
    x = parse("火灾危险性类别是什么意思", ["fire_hazard_class"], today=TODAY)
    assert x.values == {} and x.questions


def test_typos_one_character_off_a_label_or_a_value():
    x = parse("建设性值：新建，联系电化：13912345678，排水去向：园区污水处理场", today=TODAY)
    assert x.values == {"construction_nature": "新建", "contact_phone": "13912345678",
                        "wastewater_destination": "园区污水处理厂"}


def test_addresses_said_in_sentences():
    g1 = ["unit_name", "uscc", "legal_rep_name", "unit_address", "contact_name", "contact_phone"]
    assert parse("我们厂在太原市小店区长风街1号", g1, today=TODAY).values == {"unit_address": "太原市小店区长风街1号"}
    assert parse("办公地点位于太原市小店区长风街1号", today=TODAY).values == {"unit_address": "太原市小店区长风街1号"}
    x = parse("公司在太原，具体是小店区长风街1号", today=TODAY)
    assert x.values["unit_address"] == "太原小店区长风街1号"
    assert parse("法人：Zhang Wei（张伟）", g1, today=TODAY).values == {"legal_rep_name": "张伟"}
    assert parse("我是项目经理唐雪，手机15803456789", today=TODAY).values["contact_name"] == "唐雪"


def test_a_bare_name_with_a_phone_is_the_contact():
    g1 = ["unit_name", "uscc", "legal_rep_name", "unit_address", "contact_name", "contact_phone"]
    assert parse("张伟 13812345678", g1, today=TODAY).values == {"contact_name": "张伟", "contact_phone": "13812345678"}
    assert parse("张伟", g1, today=TODAY).values == {"legal_rep_name": "张伟"}


def test_bursts_answer_the_asked_group_in_their_own_words():
    asked = ["project_name", "construction_nature", "industry_code", "total_floor_area", "construction_content",
             "main_products_capacity"]
    assert parse("项目就叫速达保税仓储项目吧", asked, today=TODAY).values == {"project_name": "速达保税仓储项目"}
    assert parse("一共3万平方米建筑面积", asked, today=TODAY).values == {"total_floor_area": 30000}
    said = "建两栋保税仓库和一栋综合楼，还有配套的消防泵房和道路"
    assert parse(said, asked, today=TODAY).values == {"construction_content": "建两栋保税仓库和一栋综合楼,还有配套的消防泵房和道路"}
    assert parse("主要是仓储服务，年周转货物20万吨", asked, today=TODAY).values == {
        "main_products_capacity": "仓储服务,年周转货物20万吨"}
    assert parse("5万平方米", asked, today=TODAY).values.get("main_products_capacity") is None


def test_a_credit_code_written_in_groups():
    grouped = f"统一社会信用代码：{USCC[:4]} {USCC[4:8]} {USCC[8:12]} {USCC[12:16]} {USCC[16:]}"
    assert parse(grouped, today=TODAY).values["uscc"] == USCC
    x = parse(f"信用代码 {USCC[:8]}-{USCC[8:]}，法人张三", today=TODAY)
    assert x.values["uscc"] == USCC and x.values["legal_rep_name"] == "张三"


def test_a_county_named_like_a_park_is_not_the_park():
    g1 = ["unit_name", "uscc", "legal_rep_name", "unit_address", "contact_name", "contact_phone"]
    x = parse("我们在太原市阳曲县大盂镇工业路8号", g1, today=TODAY)
    assert x.values == {"unit_address": "太原市阳曲县大盂镇工业路8号"}


def test_a_labelled_name_with_a_surname_off_the_list_is_kept_and_said_so():
    s = session_after("法定代表人：隋立军，联系人亓晓燕，电话13912345678", "法人隋立军董事长")
    assert s.state.values["legal_rep_name"] == "隋立军" and s.state.values["contact_name"] == "亓晓燕"
    assert parse("联系人禚宝华", today=TODAY).values["contact_name"] == "禚宝华"  # a character jieba does not know
    x = parse("法定代表人：郇丽丽", today=TODAY)
    assert x.values["legal_rep_name"] == "郇丽丽" and any("郇" in n and "核对" in n for n in x.notes)
    assert implausible("legal_rep_name", "隋立军") is None


def test_chatter_and_familiar_forms_are_still_no_names():
    for said in ("联系人：待定", "法人：回头补", "联系人：小隋", "联系人老阎", "董事长：亓凯"):
        x = parse(said, today=TODAY)
        assert x.values.get("contact_name") in (None, "亓凯") and x.values.get("legal_rep_name") in (None, "亓凯"), said
    for said in ("待定", "回头补", "小孟", "老阎", "事长"):
        assert implausible("contact_name", said) is not None, said

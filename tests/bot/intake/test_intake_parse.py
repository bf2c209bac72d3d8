import pytest
from intake_data import TODAY, USCC

from bot.intake.fields import check_value
from bot.intake.parse import intent, parse
from bot.intake.units import add_months, duration_months, months_in, quantities, to_canonical, to_number


@pytest.mark.parametrize("text, value", [
    ("5.2亿", 5.2e8), ("一百二十", 120), ("五点二亿", 5.2e8), ("1,200", 1200), ("3千万", 3e7), ("两千", 2000),
    ("一万二", 12000), ("5000多万", 5e7), ("二〇二五", 2025), ("零点五", 0.5),
])
def test_numbers(text, value):
    assert to_number(text)[0] == pytest.approx(value)


@pytest.mark.parametrize("text, dimension, canonical", [
    ("5.2亿元", "money", 52000), ("5000万元", "money", 5000), ("30000000元", "money", 3000), ("8000", "money", 8000),
    ("4亿", "money", 40000), ("120亩", "area_strict", 80000.4), ("8公顷", "area_strict", 80000),
    ("80000平方米", "area_strict", 80000), ("5万平米", "area", 50000), ("50,000m²", "area", 50000),
    ("300万千瓦时", "electricity", 300), ("4800000度", "electricity", 480), ("500万kWh", "electricity", 500),
    ("1.2万吨标准煤", "energy", 12000), ("800吨标煤", "energy", 800), ("3万方", "volume", 30000),
    ("30000m³", "volume", 30000), ("200人", "persons", 200),
])
def test_units_to_canonical(text, dimension, canonical):
    from bot.intake.extraction import normalize
    q = quantities(normalize(text))[0]
    assert to_canonical(q, dimension) == pytest.approx(canonical)


@pytest.mark.parametrize("message, expected", [
    ("总投资3.6亿RMB，固定资产投资3亿", {"total_investment": 36000.0, "fixed_asset_investment": 30000.0}),
    ("总投资2亿人民币，劳动定员120人", {"total_investment": 20000.0, "employee_count": 120.0}),  # 人民币 is no head count
    ("固定资产投资 8000万CNY", {"fixed_asset_investment": 8000.0}),
])
def test_a_currency_tag_after_a_sum_keeps_its_magnitude(message, expected):
    x = parse(message, today=TODAY)
    assert {k: x.values.get(k) for k in expected} == expected


@pytest.mark.parametrize("message, field, stored", [
    ("建设内容：新建仓库两座、分拣车间一座及配套办公用房，多谢您了", "construction_content",
     "新建仓库两座、分拣车间一座及配套办公用房"),
    ("主要产品：年产果汁饮料3万吨，辛苦了师傅~", "main_products_capacity", "年产果汁饮料3万吨"),
    ("主要产品及产能：年产手工挂面5000吨。拜托了！", "main_products_capacity", "年产手工挂面5000吨"),
])
def test_thanks_after_a_text_value_is_no_part_of_it(message, field, stored):
    assert check_value({}, field, parse(message, today=TODAY).values[field]) == (stored, None)


@pytest.mark.parametrize("message, expected", [
    ("信用代码嘴上念不清楚 我直接打给你 91140105MA0K7R2J3X", {"uscc": "91140105MA0K7R2J3X"}),  # why it is typed
    ("项目叫晋北铸件改建项目，老车间拆了重盖 算改建 行业代码C3391", {"construction_nature": "改建"}),  # 算 says it
    ("这个不算扩建，属于新建", {"construction_nature": "新建"}),                               # …and 不算 denies one
    ("parcel No. 140121-2027-015, land 30,000 m², GFA 18,000 m²", {"land_area": 30000.0}),  # English: land
    ("land leased from the village (租赁), 45 mu", {"land_area": 30000.15, "land_supply_mode": "租赁"}),  # land: no label
])
def test_a_value_said_after_an_aside_or_with_a_plain_word_is_stored(message, expected):
    x = parse(message, today=TODAY)
    assert {k: x.values.get(k) for k in expected} == expected


@pytest.mark.parametrize("message, expected", [
    ("给排水的情况我先说一下：用自来水，废水排进市政管网",
     {"water_source": "市政供水", "wastewater_destination": "市政管网"}),
    ("下面是供排水的资料，供水用园区管网水，生产废水预处理后排园区污水处理厂",
     {"wastewater_destination": "园区污水处理厂"}),
])
def test_a_label_word_announcing_data_to_come_is_no_value(message, expected):
    x = parse(message, today=TODAY)
    assert {k: x.values.get(k) for k in expected} == expected and not x.errors


@pytest.mark.parametrize("message, site", [
    ("建设地点为阳曲产业园区纬三路以北、经七路以东地块，宗地编号140122-2027-021", "阳曲产业园区纬三路以北、经七路以东地块"),
    ("项目建设地点：潇河产业园区文华街以西、潇河大道以北的地块。", "潇河产业园区文华街以西、潇河大道以北的地块"),
])
def test_a_site_bounded_by_roads_keeps_every_road_before_its_parcel_word(message, site):
    assert parse(message, today=TODAY).values.get("site_address") == site


@pytest.mark.parametrize("message, field, value", [
    ("建设内容：新建压铸车间、机加车间、成品库及配套用房\n产品产能：铝合金压铸件3万吨/年", "main_products_capacity",
     "铝合金压铸件3万吨/年"),
    ("主要产品 年产能：年产瓷砖600万平方米", "main_products_capacity", "年产瓷砖600万平方米"),
])
def test_a_label_written_as_two_labels_of_one_field_is_one_label(message, field, value):
    x = parse(message, today=TODAY)
    assert x.values.get(field) == value and not x.conflicts


def test_a_value_in_a_forwarded_chat_ends_at_the_next_speaker_and_time():
    x = parse("转一下张总发的：\n张总 14:05\n建设内容：新建冲压车间、焊装车间、涂装车间及配套仓库\n主要产品：汽车冲压件"
              "50万件/年\n李工 14:07\n张总，焊装车间要不要单独报？\n张总 14:09\n先一起报", today=TODAY)
    assert x.values["main_products_capacity"] == "汽车冲压件50万件/年"
    assert x.values["construction_content"] == "新建冲压车间、焊装车间、涂装车间及配套仓库"


def test_land_area_without_unit_is_not_guessed_and_wrong_dimension_is_refused():
    assert to_canonical(quantities("80")[0], "area_strict") is None
    assert to_canonical(quantities("80万元")[0], "area") is None


@pytest.mark.parametrize("text, months", [
    ("2025年3月开工", ["2025-03"]), ("明年三月开工", ["2027-03"]), ("2025.3-2026.6", ["2025-03", "2026-06"]),
    ("明年底竣工", ["2027-12"]), ("二〇二五年十二月", ["2025-12"]), ("今年12月", ["2026-12"]), ("后年10月", ["2028-10"]),
    ("27年4月开工 28年10月完工", ["2027-04", "2028-10"]), ("2027年3月至2028年6月", ["2027-03", "2028-06"]),
    ("2027年开工", []), ("计划2028年底前竣工", ["2028-12"]),
])
def test_months_relative_to_an_injected_today(text, months):
    assert [m.iso for m in months_in(text, TODAY)] == months


@pytest.mark.parametrize("text, months", [("工期18个月", 18), ("建设期两年", 24), ("工期一年半", 18), ("计划2年建成", 24)])
def test_durations(text, months):
    assert duration_months(text, TODAY)[0] == months


def test_a_date_is_not_a_duration():
    assert duration_months("计划2025年3月开工", TODAY) is None
    assert duration_months("员工300人，24小时三班倒", TODAY) is None
    assert add_months("2025-11", 3) == "2026-02" and add_months("2026-02", -3) == "2025-11"


# Table: message -> expected raw values (subset), in canonical units.
CASES = [
    (f"我们是太原某某新材料有限公司，信用代码{USCC}，总投资5.2亿元，其中固定资产4亿，占地120亩",
     {"unit_name": "太原某某新材料有限公司", "uscc": USCC, "total_investment": 52000.0,
      "fixed_asset_investment": 40000.0, "land_area": 80000.4}),
    ("联系人张三，电话13812345678，法人：李四",
     {"contact_name": "张三", "contact_phone": "13812345678", "legal_rep_name": "李四"}),
    ("我叫赵敏，手机号是139 1234 5678", {"contact_name": "赵敏", "contact_phone": "139 1234 5678"}),
    ("供水方式：自来水，排水去向：园区污水处理厂", {"water_source": "市政供水", "wastewater_destination": "园区污水处理厂"}),
    ("用中水，废水全部回用", {"water_source": "再生水", "wastewater_destination": "零排放"}),
    ("我们是新建项目，行业代码C3985，在阳曲园区，火灾危险性丙类，不涉及危化品",
     {"construction_nature": "新建", "industry_code": "C3985", "site_park": "阳曲产业园区", "fire_hazard_class": "丙",
      "hazardous_chemicals": "无"}),
    ("危化品：使用少量盐酸", {"hazardous_chemicals": "使用"}),
    ("年综合能耗800吨标准煤，年用电量300万千瓦时，挖填土石方3万方，员工200人",
     {"annual_energy_tce": 800.0, "annual_electricity": 300.0, "earthwork_volume": 30000.0, "employee_count": 200.0}),
    ("投资三千万，员工一百二十人", {"total_investment": 3000.0, "employee_count": 120.0}),
    ("总投资五点二亿，固投四个亿", {"total_investment": 52000.0, "fixed_asset_investment": 40000.0}),
    ("地块在潇河园区，编号XH-2024-017，挂牌拿的地，一共80亩，总建筑面积6万平米",
     {"site_park": "潇河产业园区", "land_parcel_no": "XH-2024-017", "land_supply_mode": "招拍挂出让",
      "land_area": 53333.6, "total_floor_area": 60000.0}),
    ("项目名 云图数据中心二期项目 性质 扩建 行业代码 I6450", {"project_name": "云图数据中心二期项目",
                                              "construction_nature": "扩建", "industry_code": "I6450"}),
    ("建设内容：新建生产车间2栋、仓库1栋、办公楼1栋及配套供水、排水设施，总建筑面积5万平方米，联系人张三",
     {"construction_content": "新建生产车间2栋、仓库1栋、办公楼1栋及配套供水、排水设施", "total_floor_area": 50000.0,
      "contact_name": "张三"}),
    ("建设内容：新建厂房2栋，总建筑面积5万平方米，联系人张三",  # 总建筑面积 is the next field; the validator judges the rest
     {"construction_content": "新建厂房2栋", "total_floor_area": 50000.0, "contact_name": "张三"}),
    ("公司地址在太原市小店区龙城大街88号", {"unit_address": "太原市小店区龙城大街88号"}),
    ("火灾危险性：甲类；危险化学品：生产或储存", {"fire_hazard_class": "甲", "hazardous_chemicals": "生产或储存"}),
    ("座机03517654321", {"contact_phone": "03517654321"}),
]


@pytest.mark.parametrize("message, expected", CASES)
def test_extraction(message, expected):
    got = parse(message, today=TODAY).values
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize("message, field, value", [
    ("联系人改成王五", "contact_name", "王五"), ("用地面积不对，是80亩", "land_area", 53333.6),
    ("信用代码抄错了，应该是" + USCC, "uscc", USCC), ("排水去向不对，应该是零排放", "wastewater_destination", "零排放"),
    ("火灾危险性应该是甲类", "fire_hazard_class", "甲"), ("电话改成座机0351-5551234", "contact_phone", "0351-5551234"),
])
def test_corrections(message, field, value):
    x = parse(message, today=TODAY)
    assert x.values[field] == value and x.correction and not x.reask


def test_correction_without_a_value_asks_again():
    x = parse("联系人填错了", today=TODAY)
    assert x.reask == ["contact_name"] and "contact_name" not in x.values


def test_period_pieces():
    assert parse("明年三月开工，工期18个月", today=TODAY).period == {"months": 18, "start": "2027-03"}
    assert parse("计划2025年3月开工，2026年6月竣工", today=TODAY).period == {"start": "2025-03", "end": "2026-06"}


@pytest.mark.parametrize("message, asked, field, value", [
    ("新建的", ["construction_nature"], "construction_nature", "新建"),
    ("80亩", ["land_area"], "land_area", 53333.6),
    ("5.2亿", ["total_investment", "fixed_asset_investment"], "total_investment", 52000.0),
    ("李四", ["legal_rep_name", "unit_address"], "legal_rep_name", "李四"),
    ("太原市小店区长风街1号", ["legal_rep_name", "unit_address"], "unit_address", "太原市小店区长风街1号"),
    ("阳曲产业园区纬三路以东", ["site_address", "land_parcel_no"], "site_address", "阳曲产业园区纬三路以东"),
    ("张三", ["contact_name"], "contact_name", "张三"),
])
def test_a_bare_answer_fills_what_was_asked(message, asked, field, value):
    assert parse(message, asked, TODAY).values[field] == value


def test_a_bare_number_is_not_taken_when_nothing_was_asked():
    assert parse("80", today=TODAY).values == {}


def test_land_area_without_unit_is_an_error():
    assert "单位" in parse("80", ["land_area"], TODAY).errors["land_area"]


def test_a_terse_list_fills_the_asked_fields_in_order():
    asked = ["unit_name", "uscc", "legal_rep_name", "unit_address", "contact_name", "contact_phone"]
    got = parse(f"太原星河新材料有限公司 {USCC} 李四 太原市小店区长风街1号 张三 13812345678", asked, TODAY).values
    assert (got["legal_rep_name"], got["unit_address"], got["contact_name"]) == ("李四", "太原市小店区长风街1号", "张三")


@pytest.mark.parametrize("message, skipped, rest", [
    ("这个先跳过", [], True), ("不知道", [], True), ("宗地编号还没有，其他都在上面", ["land_parcel_no"], False),
    ("用地面积暂时不清楚", ["land_area"], False),
])
def test_skips(message, skipped, rest):
    x = parse(message, ["land_parcel_no", "land_area"], TODAY)
    assert x.skipped == skipped and x.skip_rest is rest


@pytest.mark.parametrize("message, is_side", [
    ("节能审查要多久？", True), ("那个环评要多久呢", True), ("法人是谁都要填吗？", True), ("需要办哪些手续", True),
    ("不知道要不要做环评？", True), ("施工许可证怎么办", True),
    ("年用电量500万度需要节能审查吗？", False),  # carries a field: taken as data
    ("联系人张三", False), ("不涉及危化品", False),
])
def test_side_questions_are_questions_without_fields(message, is_side):
    x = parse(message, today=TODAY)
    assert bool(x.questions) is is_side
    if is_side:
        assert not x.values and not x.errors and not x.skip_rest


def test_question_and_data_in_one_message_are_split():
    x = parse("需要办哪些手续？我们用地50亩", today=TODAY)
    assert x.questions == ["需要办哪些手续?"] and x.values["land_area"] == pytest.approx(33333.5)


@pytest.mark.parametrize("message, expected", [
    ("确认", "confirm"), ("对", "confirm"), ("没问题", "confirm"), ("好的，确认！", "confirm"), ("对的，没问题", "confirm"),
    ("取消", "cancel"), ("不填了", "cancel"), ("算了，不填了", "cancel"),
    ("联系人张三", None), ("确认一下联系人电话", None), ("取消了选址意见书吗？", None),
])
def test_intents(message, expected):
    assert intent(message) == expected


def test_words_inside_values_are_not_labels():
    # 供水 inside 市政供水 and 排水 inside a 建设内容 do not start new fields
    x = parse("供水方式：市政供水", today=TODAY)
    assert x.values == {"water_source": "市政供水"} and not x.errors
    x = parse("建设内容：新建车间及配套供水、排水、供电设施和道路绿化工程", today=TODAY)
    assert set(x.values) == {"construction_content"}


def test_label_guards():
    assert parse("土地性质是工业用地", today=TODAY).values == {}
    assert "total_investment" not in parse("投资强度要达到多少", today=TODAY).values


@pytest.mark.parametrize("message, content, area", [
    ("建设内容：精馏车间、包装车间、原料库及门卫，总建筑面积12000平方米", "精馏车间、包装车间、原料库及门卫", 12000.0),
    ("建设规模及内容是烘焙车间、冷库和办公楼，总建面八千平米", "烘焙车间、冷库和办公楼", 8000.0),
])
def test_a_short_list_of_works_stops_at_the_total_floor_area(message, content, area):
    """A description ends at ", 总…": the project's own figure is the next field, however short the list before it;
    a list shorter than DESIGN §6's 20 characters is then explained and asked again, not stored with the figure."""
    x = parse(message, today=TODAY)
    assert (x.values.get("construction_content"), x.values.get("total_floor_area")) == (content, area)
    assert "至少20个字" in check_value({}, "construction_content", content)[1]


def test_a_building_figure_inside_a_short_description_stays_in_it():
    x = parse("建设内容：新建仓库1栋，建筑面积3000平方米", today=TODAY)
    assert x.values["construction_content"] == "新建仓库1栋,建筑面积3000平方米"


@pytest.mark.parametrize("message, field, value", [
    ("联系人王磊 电话13903511234 1号楼", "contact_phone", "13903511234"),   # the next thing said, not a 12th digit
    ("联系电话0351 765 4321 8栋", "contact_phone", "0351 765 4321"),
    ("座机0351 7654 3210", "contact_phone", "0351 7654 3210"),              # 8 local digits: still one number
    ("主要产品/规模：年产包装箱800万只；总建筑面积：9000平方米", "main_products_capacity", "年产包装箱800万只"),
    ("联系人/经办人：周海燕；电话：13903517788", "contact_name", "周海燕"),
])
def test_a_value_ends_where_it_was_said(message, field, value):
    assert parse(message, today=TODAY).values.get(field) == value


@pytest.mark.parametrize("field, said, stored", [
    ("main_products_capacity", "年产螺栓3亿件.", "年产螺栓3亿件"), ("unit_address", "太原市小店区长风街18号/", "太原市小店区长风街18号"),
    ("construction_content", "新建冲压车间、焊装车间、涂装车间及综合办公楼、", "新建冲压车间、焊装车间、涂装车间及综合办公楼"),
    ("unit_name", "Taiyuan Essent Co., Ltd.", "Taiyuan Essent Co., Ltd."),
])
def test_a_stored_text_has_no_trailing_separator(field, said, stored):
    assert check_value({}, field, said) == (stored, None)


@pytest.mark.parametrize("message, expecting, expected", [
    ("Schedule: from Sept 2027 to February 2029.", [], {"construction_period": ("2027-09", "2029-02")}),
    ("Site is located at 阳曲产业园区, west of 经三路 and north of 纬五路. Land area about 3.5 hm².",
     ["site_park", "site_address", "land_area"], {"site_address": "阳曲产业园区经三路以西、纬五路以北", "land_area": 35000.0}),
    ("Power 12 GWh per year. We use dangerous chemicals (chlorine). Tap water.", [],
     {"annual_electricity": 1200.0, "hazardous_chemicals": "使用", "water_source": "市政供水"}),
    ("Fire hazard category 乙 (solvent store). FAI RMB 95 million, type: 扩建", [],
     {"fire_hazard_class": "乙", "fixed_asset_investment": 9500.0, "construction_nature": "扩建"}),
    ("I'm the project manager at a JV. Registered address: 太原市迎泽区双塔西街8号.", [],
     {"project_name": None, "unit_address": "太原市迎泽区双塔西街8号"}),
    ("The plot is leased, 36 mu. We keep no solvents on site overnight.", ["site_address", "land_area"],
     {"land_area": 24000.12, "site_address": None}),
])
def test_english_prose_around_chinese_values(message, expecting, expected):
    x = parse(message, expecting, TODAY)
    got = {**x.values, "construction_period": (x.period.get("start"), x.period.get("end"))}
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize("message, mode", [
    ("用地就是我们厂里自有的存量用地，32亩", "自有存量"), ("利用我司老厂区存量土地建设", "自有存量"),
    ("园区把一块存量用地协议出让给我们", "协议出让"),  # the park's land, sold: not the enterprise's own
])
def test_the_enterprise_s_own_existing_land_is_zi_you_cun_liang(message, mode):
    assert parse(message, today=TODAY).values.get("land_supply_mode") == mode


@pytest.mark.parametrize("message, expected", [
    ("建设内容：原料罐区、产品罐区、包装车间及配套公用工程，总建筑面积6000平方米，主要产品：硫酸铵3万吨/年",
     {"construction_content": "原料罐区、产品罐区、包装车间及配套公用工程", "main_products_capacity": "硫酸铵3万吨/年"}),
    ("危化品：使用，产品乙酸乙酯在罐区暂存", {"hazardous_chemicals": "使用", "main_products_capacity": None}),
    ("用地是公司名下的存量建设用地", {"unit_name": None, "land_supply_mode": "自有存量"}),
])
def test_a_label_word_inside_a_value_or_prose_is_no_label(message, expected):
    x = parse(message, today=TODAY)
    assert {k: x.values.get(k) for k in expected} == expected and not x.conflicts


@pytest.mark.parametrize("message, expecting, expected", [
    ("主要设备是K7w型号的", ["employee_count"], {}),                      # a model name, not 7万 people
    ("T2w", ["total_investment"], {}),
    ("土方2.4w方，总投资9000w元", [], {"earthwork_volume": 24000.0, "total_investment": 9000.0}),  # chat shorthand
])
def test_w_is_wan_only_after_a_figure_that_is_not_a_model_name(message, expecting, expected):
    assert parse(message, expecting, TODAY).values == expected


@pytest.mark.parametrize("message, expecting, expected", [
    ("1. 手机：15034567890\n2. 郝丽娟", ["contact_name", "contact_phone"],
     {"contact_name": "郝丽娟", "contact_phone": "15034567890"}),
    ("1. 行业代码C2929\n2. 年产3000吨塑料托盘项目\n3. 扩建", ["project_name", "construction_nature", "industry_code"],
     {"project_name": "年产3000吨塑料托盘项目", "construction_nature": "扩建", "industry_code": "C2929"}),
])
def test_a_labelled_line_of_a_listed_reply_answers_its_own_field(message, expecting, expected):
    """Lines that name their field take it; the other lines answer the remaining asked fields in order."""
    x = parse(message, expecting, TODAY)
    assert x.values == expected and not x.errors


@pytest.mark.parametrize("message, expecting, expected", [
    ("厂子就在清徐县东于镇工业路3号，写全了是太原市清徐县东于镇工业路3号", ["unit_address"],
     {"unit_address": "太原市清徐县东于镇工业路3号"}),                              # said again in full
    ("办公地址，完整地址是太原市迎泽区桥东街12号", [], {"unit_address": "太原市迎泽区桥东街12号"}),
    ("企业就在小店区南内环街98号", [], {"unit_address": "小店区南内环街98号"}),
    ("那个地点离高速很近，建设地点是潇河产业园区兴华街以东", [], {"site_address": "潇河产业园区兴华街以东"}),  # prose
])
def test_an_address_said_in_prose_is_read_in_full_and_once(message, expecting, expected):
    x = parse(message, expecting, TODAY)
    assert {k: x.values.get(k) for k in expected} == expected and not x.conflicts


def test_works_described_without_their_label_are_the_content_and_no_organisation():
    expecting = ["project_name", "construction_content", "total_floor_area", "main_products_capacity"]
    x = parse("项目名称晋远轴承技改项目，主要是改造热处理车间、新建磨加工车间和研发中心，总建筑面积7600平方米，"
              "主要产品高精度轴承，年产80万套", expecting, TODAY)
    assert x.values["construction_content"] == "改造热处理车间、新建磨加工车间和研发中心"
    assert "unit_name" not in x.values and x.values["total_floor_area"] == 7600.0


def test_an_unlabelled_list_is_not_the_content_when_the_content_is_not_asked():
    x = parse("我们是晋远轴承有限公司，主要是改造热处理车间、新建磨加工车间和研发中心", ["unit_name"], TODAY)
    assert "construction_content" not in x.values and x.values["unit_name"] == "晋远轴承有限公司"


def test_a_bordered_table_row_after_an_introduction_is_read_cell_by_cell():
    x = parse("资料如下：| 企业名称 | 太原鑫达机电有限公司 | 法定代表人 | 韩志强 | 注册地址 | 太原市尖草坪区胜利街6号 |",
              today=TODAY)
    assert x.values == {"unit_name": "太原鑫达机电有限公司", "legal_rep_name": "韩志强",
                        "unit_address": "太原市尖草坪区胜利街6号"}


def test_a_certificate_s_spaced_labels_and_its_project_unit_are_read():
    x = parse("备案证拍照识别的： 项 目 名 称：年产2万套智能门锁项目 项目单位：太原安居智能科技有限公司 "
              "法 定 代 表 人：秦文斌", today=TODAY)
    assert x.values == {"project_name": "年产2万套智能门锁项目", "unit_name": "太原安居智能科技有限公司",
                        "legal_rep_name": "秦文斌"}


@pytest.mark.parametrize("message, expected", [
    ("项目叫云峰智能仓储项目，纯纯扩建～行业代码G5990", {"construction_nature": "扩建", "industry_code": "G5990"}),
    ("完全是技术改造~土方3~5万方", {"construction_nature": "技术改造", "earthwork_volume": 50000.0}),  # 3~5: a range
])
def test_a_chat_phrase_ends_at_a_tilde_and_an_emphasised_option_is_the_option(message, expected):
    x = parse(message, today=TODAY)
    assert {k: x.values.get(k) for k in expected} == expected


def test_a_terse_reply_of_spaced_labels_reads_the_works_after_nei_rong():
    x = parse("项目 晋兴铸件技改项目 技术改造 C3391 内容 制芯车间、熔炼车间、清理车间、机加工车间及成品库 建筑面积1.2万平米",
              today=TODAY)
    assert x.values["construction_content"] == "制芯车间、熔炼车间、清理车间、机加工车间及成品库"
    assert x.values["total_floor_area"] == 12000.0


@pytest.mark.parametrize("message, field, name", [
    ("社长也就是法人是闫春生", "legal_rep_name", "闫春生"),            # a title, then "也就是法人是…": a name, no reference
    ("联系人是闫春生的女婿白小龙，电话13603517654", "contact_name", "白小龙"),  # a named person's relative
    ("联系人就是本宝宝祁悦，有事cue我", "contact_name", "祁悦"),         # chat's word for 我
])
def test_a_person_named_through_a_role_relative_or_slang_is_read(message, field, name):
    assert parse(message, today=TODAY).values.get(field) == name


@pytest.mark.parametrize("message, field, name", [
    ("联系人是我孙子，李浩然，麻烦了", "contact_name", "李浩然"),   # a grandchild, then the name in the next clause
    ("法人是俺外孙女周静怡", "legal_rep_name", "周静怡"),
    ("联系人孙晓东，电话13903517788", "contact_name", "孙晓东"),   # 孙 is still a surname without 我/俺 before it
])
def test_a_grandparent_naming_a_grandchild_stores_the_name_not_the_relation(message, field, name):
    assert parse(message, today=TODAY).values.get(field) == name


def test_a_reference_to_the_other_person_stays_a_reference():
    assert parse("联系人就是法人", today=TODAY).refs == {"contact_name": "legal_rep_name"}


@pytest.mark.parametrize("message, expected", [
    ("这回要建的是阳曲小杂粮仓储加工中心项目，建成后年加工小杂粮2万吨",
     {"project_name": "阳曲小杂粮仓储加工中心项目", "main_products_capacity": "年加工小杂粮2万吨"}),
    ("我们准备建一个年产50万套汽车座椅项目", {"project_name": "年产50万套汽车座椅项目"}),   # 一个 is no part of it
    ("投产后年屠宰肉牛5万头", {"main_products_capacity": "年屠宰肉牛5万头"}),
])
def test_a_project_after_a_verb_of_building_and_an_output_by_the_trade_s_verb_are_read(message, expected):
    x = parse(message, today=TODAY)
    assert {k: x.values.get(k) for k in expected} == expected


def test_a_description_ends_before_a_clause_that_leads_into_the_total_figure():
    x = parse("建设内容：新建熔炼车间、铸造车间、机加工车间及成品库，一期新建总建筑面积1.5万平方米", today=TODAY)
    assert x.values["construction_content"] == "新建熔炼车间、铸造车间、机加工车间及成品库"
    assert x.values["total_floor_area"] == 15000.0

"""The words the rule parser reads: field labels, value words safe without a label, and the phrases of
corrections, skips, questions, confirmations and cancellations. Data, kept apart from the parsing logic."""

import re
from collections.abc import Iterable

from bot.intake.units import _UNIT_RE, NUM
from bot.intake.wordfiles import WORDS_DIR, read_words

LABELS: dict[str, tuple[str, ...]] = {
    "unit_name": ("建设单位名称", "建设单位", "单位名称", "公司名称", "企业名称", "公司全称", "企业全称",
                  "单位全称", "公司全名", "企业全名", "单位全名", "公司名字", "企业名字", "单位名字", "公司名", "公司叫", "企业叫", "名称",
                  # 个体工商户: the name on the business licence (《个体工商户名称登记管理办法》)
                  "营业执照名称", "营业执照上的名称", "执照上的名称", "执照上名称", "执照名称", "个体工商户名称",
                  "个体户名称", "字号名称", "company name", "company",
                  "项目单位"),  # 项目备案证's entry for the enterprise (《企业投资项目核准和备案管理办法》)
    "uscc": ("统一社会信用代码", "社会统一信用代码", "社会信用代码", "信用代码", "统一代码", "信用代吗", "信用代马",
             "uscc", "credit code"),
    "legal_rep_name": ("法定代表人", "法人代表", "法人", "legal representative", "legal rep",
                       "经营者姓名", "经营者"),  # 经营者: a 个体工商户's owner, its legal representative
    "unit_address": ("单位地址", "公司地址", "企业地址", "注册地址", "办公地址", "通讯地址", "公司位于", "注册在",
                     "注册地", "地址", "住所地", "住所", "经营场所",  # 经营场所: a 个体工商户's registered place
                      "办公地点", "办公在", "办公楼在", "公司在", "企业位于", "企业在", "单位位于", "单位在", "address",
                     "公司就在", "企业就在", "单位就在"),  # 就: a spoken filler ("公司就在阳曲县…")
    "contact_name": ("联系人及联系电话", "联系人及联系方式", "联系人及电话", "联系人和电话", "联系人及手机",  # combined
                     "联系人", "对接人", "经办人", "我叫", "我是", "我就是",  # 就: a spoken filler ("我就是…的马晓丽")
                     "连系人", "联络人", "contact person", "contact",
                     "联系"),  # "联系：仇涛 182…" in terse notes, at a phrase start before a colon (GUARDS)
    "contact_phone": ("联系电话", "联系方式", "手机号码", "手机号", "电话号码", "电话", "手机", "座机", "电化",
                      "tel", "phone", "mobile"),
    "project_name": ("项目名称", "项目全称", "项目名字", "项目名", "项目叫做", "项目叫",  # 项目名字叫…: 名字 is the label
                     "工程名称",  # construction documents' and platforms' name of the project (GUARDS: not 单位工程名称)
                     "项目",  # "项目：…" at a phrase start, before a colon (GUARDS)
                     "project name"),
    "construction_nature": ("建设性质", "项目性质", "性质"),
    "industry_code": ("国民经济行业代码", "国民经济行业分类代码", "行业分类代码", "行业代码", "行业分类"),
    "site_park": ("所在园区", "入驻园区", "落户园区", "落地园区", "园区"),
    "site_address": ("建设地点", "建设地址", "项目地址", "项目地点", "项目位置", "项目选址", "厂址", "建在", "地点",
                     "位置",
                     "坐落"),  # 不动产权证书's entry for where the parcel lies (坐落于…/坐落在… is prose: GUARDS)
    "land_parcel_no": ("宗地编号", "宗地号", "宗地代码", "地块编号", "地块号", "不动产权证书号", "不动产权证号",
                       "不动产权证", "不动产证号", "产权证号", "土地证号", "编号", "证号", "宗地", "地块"),
    "land_supply_mode": ("供地方式", "用地方式", "土地来源", "拿地方式", "土地取得方式", "取得方式", "供地", "土地是",
                         "地是", "土地通过"),
    "land_area": ("用地面积", "占地面积", "土地面积", "净用地面积", "总用地面积", "项目用地", "用地", "占地",
                  "拿地",
                  "宗地面积",  # 不动产权证书's 面积 entry ("面积 宗地面积53333.60m²")
                  "宗地总面积"),  # 国有建设用地使用权出让合同 (示范文本) 第四条's entry
    "total_floor_area": ("总建筑面积", "建筑面积", "总建面", "建面",
                         "建筑规模"),  # a form's row for the floor area ("建筑规模：2.4万平方米"); 建设规模 is the works
    "construction_content": ("建设规模及内容", "建设规模和内容", "建设规模与内容", "建设内容与规模",
                             "建设内容和规模", "建设内容及规模", "主要建设内容", "建设内容",
                             "建设规模", "主要建设",
                             "规模及内容", "规模和内容",  # the entry under a 项目 heading or branch, 建设 left out
                             "内容"),  # "内容：…" at a phrase start, before a colon (GUARDS)
    "main_products_capacity": ("主要产品及年产能", "主要产品及产能", "产品及产能", "主要产品及能力", "产品及能力",
                               "主要产品及规模", "主要产品方案", "产品方案", "主要产品", "年产能", "产能",
                               "产品"),
    "total_investment": ("计划总投资", "项目总投资", "总投资额", "投资总额", "总投资", "计划投资", "投资额",
                         "总投", "总共投", "一共投",  # spoken short forms, like 固投 ("总共投一个亿两千万")
                         "投资"),
    "fixed_asset_investment": ("固定资产投资", "固定资产", "固投"),
    "construction_period": ("计划建设期", "建设工期", "建设期", "建设周期", "施工期", "工期"),
    "employee_count": ("劳动定员", "员工人数", "人员规模", "用工人数", "定员", "员工", "职工", "用工", "工人", "就业", "招工"),
    "fire_hazard_class": ("火灾危险性类别", "火灾危险性", "火灾危险类别", "火险类别", "火灾类别", "生产类别"),
    "hazardous_chemicals": ("危险化学品情况", "危险化学品", "危化品", "危化"),
    "earthwork_volume": ("挖填土石方总量", "挖填土石方", "土石方总量", "土石方量", "土石方", "挖填方总量", "挖填方量",
                         "挖填方", "挖填总量",  # 土石方 left out: the cut and fill are earth
                         "土方量", "土方"),
    "annual_energy_tce": ("年综合能源消费量", "综合能源消费量", "年综合能耗", "综合能耗", "能源消费量", "年能耗",
                          "能耗", "年耗能", "耗能"),
    "annual_electricity": ("年用电量", "年用电", "用电量", "用电", "年耗电", "耗电量", "耗电", "电量"),
    "water_source": ("供水方式", "供水来源", "用水来源", "水源", "供水", "用水是", "用水", "给水", "水是", "水由"),
    "wastewater_destination": ("排水去向", "废水去向", "污水去向", "排放去向", "排水方式", "废水排放", "污水排放",
                               "污水排入", "废水排入", "排水", "排入", "排到", "排至", "排往"),
}
# English labels enterprises mix in ("Contact: 张伟", "Total investment 4.5亿元"); matched case-insensitively
# as whole words. With the abbreviations English forms print for them (GFA, FAI, Add. for address, Haz. Chem.).
ENGLISH_LABELS: dict[str, tuple[str, ...]] = {
    "project_name": ("project name", "project"), "construction_nature": ("nature",),
    "construction_content": ("construction content", "scope of construction", "scope of works", "scope"),
    "industry_code": ("industry code",), "site_park": ("park",), "site_address": ("site address", "site", "location"),
    "land_parcel_no": ("parcel number", "parcel no", "parcel", "lot number", "plot number", "land no", "plot no",
                       "lot no", "land certificate", "property certificate", "title certificate"), "land_area": ("land area", "site area"),
    "total_floor_area": ("total floor area", "gross floor area", "floor area", "gfa"),
    "main_products_capacity": ("products & capacity", "products and capacity", "product & capacity",
                               "main products", "products", "product", "capacity"),
    "total_investment": ("total investment", "investment"),
    "fixed_asset_investment": ("fixed asset investment", "fixed assets", "fai"),
    "employee_count": ("staff", "employees", "headcount"),
    "fire_hazard_class": ("fire hazard class", "fire hazard category", "fire hazard", "fire class",
                          "fire rating"),  # a building's rating in the Chinese codes' English versions
    "unit_address": ("registered address", "add."),
    "hazardous_chemicals": ("hazardous chemicals", "dangerous chemicals", "hazardous chemical", "haz. chem"),
    "earthwork_volume": ("earthwork",), "annual_energy_tce": ("energy",), "annual_electricity": ("electricity", "power consumption", "power"),
    "water_source": ("water supply", "water"), "wastewater_destination": ("wastewater", "sewage"),
}
for _fid, _labels in ENGLISH_LABELS.items():
    LABELS[_fid] += _labels
# Row labels of the 《建设项目环境影响报告表》 form (生态环境部 2020, 表一“建设项目基本情况”), pasted by enterprises.
EIA_FORM_LABELS: dict[str, tuple[str, ...]] = {
    "project_name": ("建设项目名称",), "contact_name": ("建设单位联系人",), "industry_code": ("国民经济行业类别",),
    "land_area": ("用地（用海）面积", "用地(用海)面积"), "construction_period": ("施工工期",),
}
for _fid, _labels in EIA_FORM_LABELS.items():
    LABELS[_fid] += _labels

# Field names said the way people talk ("建的东西：…", "出的货：…"): words/spoken_labels.yaml, each with its reason.
_SPOKEN = read_words("spoken_labels")
for _entry in _SPOKEN:
    LABELS[_entry["field"]] += tuple(_entry["words"])
SPOKEN_LABELS = frozenset(w for e in _SPOKEN for w in e["words"])  # labels only before a unit or a colon (labelled.py)
# Field names as Taiwan writes them ("负责人", "总楼地板面积"): words/regional_labels.yaml, each with its reason.
for _entry in read_words("regional_labels"):
    LABELS[_entry["field"]] += tuple(_entry["words"])
# Field names in a formal letter's written register ("司址"): words/literary_labels.yaml, each with its reason.
for _entry in read_words("literary_labels"):
    LABELS[_entry["field"]] += tuple(_entry["words"])
# Field names as Japanese companies write them ("延床面積", "従業員数"): words/japanese_labels.yaml, each with its reason.
for _entry in read_words("japanese_labels"):
    LABELS[_entry["field"]] += tuple(_entry["words"])
# Labels a pasted slide heads its lines with ("总部：…", "产品与产能"): words/slides.yaml, each with its reason.
for _entry in read_words("slides")["labels"]:
    LABELS[_entry["field"]] += tuple(_entry["words"])
COLON_LABELS = frozenset(w for e in read_words("slides")["labels"] if e.get("colon_only") for w in e["words"])

# Labels of pasted documents (营业执照, 可研报告, 备案表) for things we do not collect: read so that their
# text ends the value before them and is never taken for a field.
IGNORED_LABELS = ("类型", "注册资本", "实收资本", "成立日期", "营业期限", "经营范围", "登记机关", "核准日期", "发照日期",
                  "项目代码", "资金来源", "项目负责人", "容积率", "建筑密度", "绿地率", "铺底流动资金", "流动资金",
                  "年用水量", "组成形式",
                  # a feasibility study's economic benefits (经济效益): figures in 元 that are no investment, and 产值
                  # is no product (not 年产值: its sound-alike 年产纸 opens a product's name)
                  "产值", "销售收入", "营业收入", "年纳税", "年税收", "利税", "利润",
                  "邮编", "邮政编码",  # a mail signature's or letterhead's postcode after the address
                  # 规划指标 (GB/T 50353-2013, GB 50180): other areas than 总建筑面积 and 用地面积, each holding the
                  # word of one: 计容建筑面积 counts some floors twice, 建筑基底/占地面积 is the buildings' footprint
                  "计容建筑面积", "计容面积", "建筑基底面积", "基底面积", "建筑占地面积",
                  "环保投资占比", "环保投资",  # 环评报告表: not 总投资
                  # 项目备案证 (《企业投资项目核准和备案管理办法》): the certificate's own entries
                  "备案机关", "备案部门", "备案证号", "备案编号", "备案号", "备案日期", "备案时间", "打印日期",
                  # an approval workflow's own entries (飞书/钉钉/OA 审批单): the form's number and state, not the project's
                  "审批编号", "审批单号", "申请编号", "流程编号", "单据编号", "申请时间", "当前状态", "审批状态",
                  # a platform's export of a record (项目档案导出): the record's own number, version and export, not
                  # the project's (档案编号 is no parcel number)
                  "档案编号", "档案号", "平台版本", "导出时间", "导出人", "导出日期")
# A business-registry page's entries (企查查、天眼查): words/registry_labels.yaml, each with its reason.
IGNORED_LABELS += tuple(e["word"] for e in read_words("registry_labels")["ignored"])
IGNORED = "_ignored"
LABEL_OF = {lab: fid for fid, labs in {**LABELS, IGNORED: IGNORED_LABELS}.items() for lab in labs}
_PART_OF_INVESTMENT = "".join(f"(?<!{w})" for w in ("建设", "设备", "土建", "工程", "流动", "股权", "环保", "安全", "安装",
                                                    "其他", "预备", "研发"))
_BEFORE_CODE = r"(?=[:\s是为]*(?:\d{6}|\d+-\d|[A-Za-z]{1,4}-?\d|[A-Za-z]{1,4}-[A-Za-z]{1,4}-|晋))"
# 投资 before a verb of building is the verb ("拟在…投资建设…项目"), not the label.
# 产能 after a verb (扩产能, 去产能, 提产能) is a plan said in prose, not the label.
# 地是 asks how the land was got ("地是划拨的"); before a figure with a land unit it says how much ("地是52亩").
_AREA_AFTER = r"(?!\s*[\d零〇一二两三四五六七八九十百千万.]+\s*(?:亩|公顷|平|m2|hm2|㎡))"
GUARDS = {"投资": (_PART_OF_INVESTMENT, "(?!强度|建设|兴建|新建|建|设立|开发)"), "地是": ("(?<![宗用占场土])", _AREA_AFTER),
          "产能": ("(?<![扩提去降压])", "(?!力)"),
          "性质": ("(?<!土地)(?<!用地)", ""), "名称": ("(?<![\u4e00-\u9fa5])", ""),
          # 项目/内容 alone are labels only as "项目：…" / "内容：…" starting a phrase (项目叫 and 建设内容 are their own);
          # 内容 also before a space in terse "label value" replies ("迁建 C3312 内容 铝型材加工车间…")
          "项目": ("(?<![\u4e00-\u9fa5])", "(?=\\s*:)"), "内容": ("(?<![\u4e00-\u9fa5])", "(?=\\s*:|\\s+(?=[\u4e00-\u9fa5]))"),
          "联系": ("(?<![\u4e00-\u9fa5])", "(?=\\s*:)"),  # 联系人/联系电话 are their own; "请联系：" needs a verb before
          # 单位工程/单项工程/分部工程: a building or a part of the works (GB 50300), not the whole project
          "工程名称": ("(?<!单位)(?<!单项)(?<!分部)(?<!分项)(?<!子)", ""),
          "公司名": ("", "(?![下义])"),  # 公司名下的地, 以公司名义: a word, not the label
          "project": ("", "(?=\\s*:)"),  # "project manager at …" is a job, not the project's name
          "类型": ("(?<![\u4e00-\u9fa5])", ""),
          # 危化品库, 危险化学品仓库: a building of the works, not the label
          "危化品": ("", "(?!库|仓库)"), "危险化学品": ("", "(?!库|仓库)"), "危化": ("", "(?!品)"),
          "园区": ("(?<![\u4e00-\u9fa5])", "(?=\\s*[:是在为])"),
          # 宗地/地块 alone ("宗地140181-2026-008") only before a code, not in 宗地面积/地块四至
          # jobs the project brings about around it (带动上下游就业3000人) are no staff of its own
          "就业": ("(?<!带动)(?<!上下游)(?<!间接)(?<!周边)", ""),
          "坐落": ("", "(?![于在])"),
          "宗地": ("", _BEFORE_CODE), "地块": ("", _BEFORE_CODE),
          "用水": ("(?<![\u4e00-\u9fa5])", "(?!量|指标|定额|来源)"),  # 用水量 is an amount, not the source
          "给水": ("(?<![\u4e00-\u9fa5])", "(?!排水|管|设施|泵|站|工程|系统|量)"),  # 可研 wording for 供水
          "水是": ("(?<![\u4e00-\u9fa5])", ""), "水由": ("(?<![\u4e00-\u9fa5])", ""),
          "地址": ("(?<![老原新旧])", ""),  # "还是老地址，山西省…": the old address, pointed at, is no label
          # 建设用地使用权, 用地规划许可, 用地预审: the land's right and its permits, not its area
          "用地": ("", "(?!使用权|规划|预审|性质|指标|手续|审批)"),
          # Taiwan's 负责人 (the legal representative) stands alone or after 公司/的; 机电负责人, 技术负责人 are posts
          "负责人": ("(?:(?<![\u4e00-\u9fa5])|(?<=公司)|(?<=的))", "")}
# An investment label followed by a part of it ("固投里头设备是2800万", "总投资中土建1.2亿"): the figure is the part's.
_INVESTMENT_PARTS = ("设备", "土建", "建安", "建筑安装", "工程", "安装", "流动资金", "铺底", "其他费用", "预备费", "研发")
_BREAKDOWN = r"(?!(?:投资)?\s*(?:里头|里面|里边|当中|中间|其中|中|里)[,\s]*(?:" + "|".join(_INVESTMENT_PARTS) + "))"
for _lab in {*LABELS["total_investment"], *LABELS["fixed_asset_investment"], "投资"}:
    _behind, _ahead = GUARDS.get(_lab, ("", ""))
    GUARDS[_lab] = (_behind, _ahead + _BREAKDOWN)
# Guards: 投资强度/建设投资, 土地性质, 生产能力 and 宗地是 are not these labels; 名称/类型/园区 only start a phrase,
# and so does 水是 ("水是市政供的"; 污水是/废水是 are about drainage).
LABEL_RE = re.compile("|".join(GUARDS.get(lab, ("", ""))[0] + re.escape(lab) + GUARDS.get(lab, ("", ""))[1]
                                + (r"(?![a-z])" if lab.isascii() else "")
                                for lab in sorted(LABEL_OF, key=len, reverse=True)), re.I)

NUMERIC = {"land_area": "area_strict", "total_floor_area": "area", "total_investment": "money",
           "fixed_asset_investment": "money", "employee_count": "persons", "earthwork_volume": "volume",
           "annual_energy_tce": "energy", "annual_electricity": "electricity"}
LONG_TEXT = ("construction_content", "main_products_capacity")
NAMES = ("legal_rep_name", "contact_name")
# Synonyms safe to read without a label (市政 alone could be water or drainage: needs a label).
UNLABELLED_ENUM = {
    "water_source": ("自来水", "市政供水", "自备井", "自备水井", "地下水", "地表水", "中水", "再生水", "河水"),
    "wastewater_destination": ("市政管网", "市政污水管网", "园区污水处理厂", "园区污水厂", "零排放", "不外排",
                               "直排水体", "全部回用"),
    "land_supply_mode": ("招拍挂", "挂牌", "摘牌", "拍卖出让", "协议出让", "划拨", "租赁", "租的", "租用", "自有存量"),
}

DELIM = ",;。!?\n、"
SENTENCE_END = "。!?;\n"
# A correction may name the part that is wrong: "法人那个字打错了，是…", "联系人名字写错了", "第二个字错了".
# 个 (叫个, 是个) before a name is the spoken measure word ("项目叫个装配式…项目"), not a character of the name
# (个性化…, 个人…, 个体…, 个旧市…).
# 都/均 before 是/为 after two joined labels: "法人和联系人都是王建斌" (labelled.py gives the first label the value).
CONNECTOR = re.compile(r"^(?:[\s:=]|(?:叫|是)?个(?![性人体旧])|(?:也都|都|均|全都)(?=是|为|在)|就是说|就是|就|即|是|为|包括|主要是|叫做|叫|名叫|大概|大约|约|共|一共|合计|总共|在|位于|"
                        r"(?:名字|的?(?:第[一二三四]个|中间那个|最后那个|最后一个)?字)?(?:填|写|抄|打|搞)?(?:错了|不对|有误)[,\s]*|暂定为|暂定|初定为|拟定为|拟为|暂叫|(?:应该|应)?(?:改成|改为|换成|"
                        r"更正为|修改为|更改为|变更为)|应该是|应为|其实是)+")
CORRECTION = re.compile(r"改成|改为|换成|更正|修改|更改|变更|不对|错了|有误|应该是|应为|还是写|还是填|还是用|改回|改一下")
# A message saying its last word on each field is the one ("您按最后定的提取", "以最后说的为准", "以后面的为准"; not
# "以最新那封为准": the newest mail of a thread comes first): in a
# pasted group chat or thread, a field said twice takes its later value, no question asked.
LAST_SAID_WINS = re.compile(r"按(?:最后|最终)(?:定|确定|商定|说|敲定)?的|以(?:最后|最终|后面|后者|下面)(?:定|确定|说|敲定)?"
                            r"(?:的|那[个条封版次]?)?[^,;。\n]{0,4}为准")
# A value said to be the one reported, after another for the same field ("固投按4.8亿报", "定了按满产600人报",
# "批的是40500平方米，按这个报", "以4.8亿为准"); a decision in minutes ("总投资调整为5.6亿元…以调整后数据申报"): that
# value replaces the earlier one in the same message.
REPLACING = re.compile(r"按(?:这个|这|它)?[^,;。\n]{0,14}?(?:报|填|算)(?![告表道])|以[^,;。\n]{1,12}(?:为准|申报|上报|填报)"
                       r"|(?:最终|最后)?定了|调整为|调整成|调整到|调增为|调减为"
                       r"|(?:就|只|直接)(?:填|写|报)(?=\s*\d)")  # "说好的80亩，最后给了60亩……就填60亩"
# Which of two numbers the contact wants used, said beside a signature giving both ("联系电话请留我手机，座机经常没人接",
# "打我手机"; "留公司座机"): of a landline and a mobile given for 联系电话 in one message, the one asked for.
MOBILE_WANTED = re.compile(r"(?:留|打|用|填|写|联系)(?:我|她|他|本人)?的?手机|手机(?:联系|为准)|"
                           r"座机(?:经常|常常|一般|总是)?(?:没人接|打不通|不在)")
LANDLINE_WANTED = re.compile(r"(?:留|打|用|填|写)(?:我|她|他|公司|单位|办公室)?的?座机|座机为准|"
                             r"手机(?:经常|常常|一般|总是)?(?:没人接|打不通|关机)")
# A volume right after a water or gas word is that fluid's yearly use, not earthwork ("新水12万m³", "年用水量5万立方米",
# "天然气用量180万m³", "中水回用3000m3"): an unlabelled figure in m³ is earthwork only when no fluid precedes it.
FLUID_BEFORE_VOLUME = re.compile(r"(?:水|气|汽|油)(?:量|用量|耗量|消耗量|消耗|排放量|需求量|回用|年用量)?"
                                 r"(?:约|为|是|:|达)?\s*$")
# The user asks us to add up the parts they listed ("总数你帮我加一下", "总投资就是这五项加起来", "定员就按这些合计"):
# the field named last before the ask is their sum (sums.py); never added without such words.
SUM_ASKED = re.compile(r"(?:帮我|你|您)?(?:帮忙)?(?:加一下|加一加|加起来|加总|相加|求和|合计一下|合起来|汇总一下)|"
                       r"按(?:这些|以上|上面)?(?:的)?合计")
# Another total of the same parts with one left out, said after the ask: "固定资产投资是除了铺底流动资金以外的那四项".
SUM_EXCEPT = re.compile(r"[是为:\s]*(?:就是)?除(?:了|去|掉)?(?P<left>[^,;。\s]{2,10}?)(?:以外|之外|外)")
# A correction said inside one message: "法人是王强，哦不，王刚", "用地80亩，说错了，是85亩", "不是80亩是85亩".
SELF_FIX = re.compile(r"(?:哦|噢|啊|呃|额|嗯)?(?:不对|不是|说错了|写错了|打错了|填错了|搞错了|错了|更正一下|更正|纠正一下|"
                      r"哦不|不不)(?=[,;\s:]|是|应|$)[,;\s:]*(?:应该是|应为|而是|是)?")
# A clause that is nothing but a repair of the clause before: "不对不对", "哎后两位也反了", "诶不对那是锂电池的", "哦少说了半截",
# "啊不", "嗯……不是" (no figure and no label of its own). 不是 before a word sets the value against another ("不是刘总哈"),
# and 对不对 asks: neither repairs. Or a clause restating the value in full: "哦全称是…", "…写规范的，那就是：…".
REPAIR_CLAUSE = re.compile(r"[^\d]{0,8}?(?:(?:(?<!对)不对|反了|说错|写错|打错|搞错|记错|错了|少说了|说漏了|说少了)[^\d]{0,8}"
                           r"|(?<!是)不是[啊呀哈的吧]*)|(?:哦|噢|啊|呃|额|嗯|诶|哎|…|\.)+不")
RESTATED = re.compile(r"\s*(?:哦|噢|啊|呃|额|嗯|诶|哎)*(?:全称|全名)(?:是|叫)|\s*那就是\s*:")  # "…，那就是：" the formal form
# Values said to have been written under each other's labels: "上面有两对写反了", "投资和工期也都颠倒了".
SWAPPED = re.compile(r"(?:写|弄|填|搞|放|说|打)反了|颠倒了|对调了|反过来了")
NEGATED = re.compile(r"(?<![是还要])不是([^,;。!?\s]{1,20}?)[,\s]*(?:而)?是")
# A bare value after a correction word in a later message: "算了还是写李四吧", "错了 是13812345679".
CORRECTION_LEAD = re.compile(r"^(?:[\s,:]|算了|哦|噢|啊|嗯|不对|错了|说错了|写错了|还是|写|填|用|改成|改为|改回|改一下|"
                             r"应该是|应为|是)+")
SKIP = re.compile(r"跳过|不知道|(?:我|我们)?(?:得|要|再|先)?(?:查|问|核实|核对)一下|查查|问问|不清楚|不确定|还没(?:有|定|确定|拿到|办)|还是没有|目前没有|现在没有|"
                   r"暂(?:时)?(?:没有|不清楚|不填|无)|"
                   r"以后再(?:说|填|补)|回头再(?:说|补|填)|稍后(?:再)?(?:补|填)|待定|先空着|先不填|"
                   # a value promised for later: "建设地点我一会儿打字发", "地址等会儿单独发你"
                   r"(?:一会儿?|等会儿?|待会儿?|晚点|晚些|稍后|回头)(?:再)?(?:打字|手打|单独|整理好)?(?:发|补|给|告诉)")
# 什么的 closing a list ("尖括号、&nbsp;什么的都不用管") means "and the like", no question; after a verb ("是干什么的")
# it asks.
QUESTION = re.compile(r"[?]\s*$|[吗呢么嘛]\s*$|怎么|怎样|如何|多久|多长时间|多少钱|哪些|哪个|哪里|什么(?!的)|"
                       r"[干做是用搞管]什么的|为什么|是否|能否|能不能|可不可以|要不要|需不需要|用不用|有没有|需要.{0,12}吗")
FILLER = re.compile(r"[嗯哦噢啊呃哈额唔好的吧呀~,.!\s]+|(?:稍等|等一下|等等|你好|您好|谢谢|收到|知道了|明白).*")
CANCEL = re.compile(r"^(?:取消|不填了|不弄了|退出|放弃|不办了)|^算了(?:吧)?$|^算了(?:吧)?[,\s]*(?:不填|不弄|不办|不报)|取消填报|取消申报|不想填了|不填了|退出填报")
NEGATION = re.compile(r"(?:不涉及|没有|无|不使用|不用|不存|不生产|不储存)(?:任何)?$")
STREET = r"[\u4e00-\u9fa5A-Za-z0-9]*?(?:路|街|大道|大街|道|巷)[^,;。!?\s]*"
SELF = re.compile(r"我是[\u4e00-\u9fa5]{0,8}?(?:经理|主任|负责人|专员|总监|主管|助理|秘书|部长|经办人)"
                   r"([\u4e00-\u9fa5]{2,3})(?=[,;。!?\s]|$)")
# 俺/咱: northern dialect for 我 (俺们厂叫…); 厂子 is the colloquial 厂.
COMPANY_LEAD = re.compile(r"^(?:我们|我司|我|俺们|俺|咱们|咱|本(?=公司|企业|单位|厂|项目)|这边|这个|的)*"
                          r"(?:公司|企业|单位|厂子|工厂|厂|项目|project)?"
                          r"(?:就|暂时|打算)?(?:全名|全称|大名|名字|名称)?(?:是|叫|名叫|名称是|全称是|全称|为|的)*", re.I)  # 本草堂: 本 is the name's
PROJECT = re.compile(r"(?:年产|年加工|年处理)[^,;。!?、\s:]{2,40}?项目|[“「《]([^”」》]{2,60}?项目)[”」》]"
                     r"|(?:^|(?<=\s))项目[\s;]+([^\s,;。!?:]{2,40}?项目)(?=\s|$|[,;。!?])"  # "项目 储能…项目 新建" (voice)
                     # named after a verb of building: "这次要建的是清徐葡萄产地冷藏及分拣中心项目", "拟在…投资建设…项目"
                     r"|(?:要建的是|要建设的是|要做的是|要上的是|拟建设?|计划建设|准备建设?|投资建设|投资兴建|申报的是|(?<!申)报的是)"
                     r"(?:一个|个|的是)?([^\s,;。!?:“”]{4,40}?项目)(?=\s|$|[,;。!?])")
# Annual output said with the verb of the trade, not 产: "年分拣冷藏鲜食葡萄8000吨", "年屠宰生猪30万头".
PRODUCTS_BY_VERB = re.compile(r"年(?:生产|加工|处理|分拣|屠宰|出栏|周转|仓储|储存|组装|装配)[^,;。!?\n]{2,60}")
PRODUCTS = re.compile(r"年产[^,;。!?\n]{2,80}")
# An output by the year ("8000万粒/年", "年产…", "一年…"): products, not works.
PER_YEAR = re.compile(r"/\s*年|年产|每年|一年")
# 18 letters or digits, digits among them (places 3-8 are the region's code): an 18-letter word
# ("Landbereitstellung" in a German export) is no code.
USCC = re.compile(r"(?<![0-9A-Za-z])(?=[A-Za-z]*\d)[0-9A-Za-z]{18}(?![0-9A-Za-z])")
INDUSTRY = re.compile(r"(?<![A-Za-z0-9])[A-T]\d{4}(?!\d)")
# 纯 as an adverb before the nature ("纯新建的": purely new) states it as 是 does.
NATURE = re.compile(r"(?:属于|属|(?<![不没])算是?|是|为|纯粹?)(新建|扩建|改建|迁建|技术改造|技改)|(新建|扩建|改建|迁建|技术改造|技改)项目")
FIRE = re.compile(r"(?<![A-Za-z])([甲乙丙丁戊])类")
# A start label right before a month ("计划开工\t2027-04"): the month starts the works, even when an end label
# follows it in the next cell ("\t计划竣工\t2028-10"). Not a word that ends the month before ("2027年3月开工 2027年12月竣工").
PERIOD_START_BEFORE = re.compile(r"(?<![\d年月日号底初中])(?:开工|动工|着工|开建|开始建设|启动建设)(?:时间|日期|年月)?\s*[:：]?\s*(?:为|是|在)?\s*$")
# An end label said wrong and changed before the month: "竣工时间不对，改成2028年9月", "完工日期有误，应为2028年9月",
# "竣工那个年份录错了，应该是…" (the part of the date that is wrong named).
PERIOD_END_CHANGED = re.compile(r"(?:竣工|完工|建成|投产)(?:时间|日期|年月)?(?:那个|的)?(?:年份|月份|年|月)?"
                                r"(?:不对|有误|错了|写错了|填错了|录错了|打错了)?[,;\s]*"
                                r"(?:应该是|应为|应是|改成|改为|更正为|改到|推迟到|提前到)\s*$")
# 完成 ends the works alone or before a word of building ("2028年6月完成", "…完成建设"); "完成备案", "完成股份制改造"
# are other events. A label of the end with its colon ("计划竣工时间：2028年11月") names it too.
PERIOD_END = re.compile(r"^\s*(?:竣工|完工|建成|结束|投产|完成(?:建设|施工|投产|全部)|完成(?![\u4e00-\u9fa5])|止)|(?:竣工|完工|建成|投产)(?:时间|日期|年月)?\s*[:：]?\s*(?:为|是)?\s*$")


# ---- word lists kept as reviewed data files (bot/intake/words/) -----------------------------------

def _words() -> dict[str, tuple[str, ...]]:
    raw = read_words("conversation")
    return {kind: tuple(dict.fromkeys(w for group in groups for w in group["words"])) for kind, groups in raw.items()}


WORDS = _words()


def one_of(words: Iterable[str]) -> str:
    """The words as a regular-expression alternation, longest first (so "我们公司" is tried before "我")."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


TITLES = tuple(sorted(WORDS["titles"], key=len, reverse=True))
# A department before a person's name ("安环部卫东", "工程部白晓琳"): up to five characters ending in 部/科/办公室….
DEPARTMENT = re.compile("^(?:我司|我们公司|我们|本公司|公司|单位)?的?[\u4e00-\u9fa5]{1,5}?(?:"
                        + "|".join(sorted(map(re.escape, WORDS["department_ends"]), key=len, reverse=True)) + ")的?")
ORG_FORMS = tuple(sorted(WORDS["organisation_forms"], key=len, reverse=True))
# An ownership type in brackets after a name ("…有限公司（中外合资）"): the licence's 类型, not the name.
_OWNERSHIP_TAG = re.compile(r"\s*[(（](?:" + "|".join(sorted(map(re.escape, WORDS["ownership_tags"]), key=len, reverse=True))
                            + r")(?:企业|公司|经营)?[)）]\s*$")


def without_ownership_tag(name: str) -> str:
    """The name without a trailing bracketed ownership type, kept only when an organisation form precedes it."""
    m = _OWNERSHIP_TAG.search(name)
    return name[:m.start()] if m and name[:m.start()].endswith(ORG_FORMS + SOLE_FORMS) else name


# Forms of a 个体工商户's name (店, 坊, 铺…): accepted after a label, too common in prose to find a name unlabelled.
SOLE_FORMS = tuple(sorted(WORDS["sole_proprietor_forms"], key=len, reverse=True))
# Words of speech that no organisation's name contains: "想在学府产业园区那边扩建个小厂" is a plan, not a name.
NOT_IN_NAMES = WORDS["not_in_names"]
CHAT_ACTS = frozenset(w.lower() for kind in ("pronouns", "greetings", "commands", "hedges", "corrections")
                      for w in WORDS[kind])
# "有啥事找俺儿子郭建军，他电话139…": who to call, said with a phone; the name follows 找 and a relation.
_RELATIVES = "|".join(sorted(map(re.escape, (*WORDS["relatives"], *TITLES)), key=len, reverse=True))
# "找我秘书小周 周婷": a nickname (小周, 老李) before the full name is how the speaker calls them, not the name.
CALL_PERSON = re.compile(rf"(?:找|联系|打给|问)(?:我们|俺们|我|俺|咱们|咱)?(?:的|家|厂里|公司)?(?:{_RELATIVES})?"
                         rf"(?:(?:小|老|阿)[\u4e00-\u9fa5][\s,]+)?([\u4e00-\u9fa5]{{2,4}}?)(?=[{DELIM}\s]|他|她|电话|手机|$)")
# An English word after one of these is its object, not a label: "wastewater to park WWTP".
ENGLISH_PREPOSITIONS = frozenset(w.lower() for w in WORDS["english_prepositions"])
# Labels that say only "address": the enterprise's, unless the site's address is what was asked.
GENERIC_ADDRESS_LABELS = ("地址", "address")
SURNAMES = frozenset(w for line in (WORDS_DIR / "surnames.txt").read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#") for w in line.split())
BOUNDS: dict[str, dict] = read_words("bounds")
_WATER = {kind: [w for group in groups for w in group["words"]]
          for kind, groups in read_words("water_bodies").items()}
# A named water body (汾河, 晋阳湖, 汾河水库): where water comes from or goes to, when no value word is said.
WATER_BODY = re.compile(r"[\u4e00-\u9fa5]{1,6}?(?:" + "|".join(sorted(_WATER["water_body_ends"], key=len, reverse=True))
                        + r")(?!" + "|".join(_WATER["not_after"]) + r")")
WATER_BODY_VALUE = {"water_source": "地表水", "wastewater_destination": "直排水体"}

ENERGY_VERB = re.compile(r"(?:消耗|消费|耗用|用掉|烧|用)(?:约|大概|大约)?(?:标准煤|标煤)(?:约|大概|大约)?\s*"
                         rf"(?P<num>{NUM})\s*吨")
# "4.8 亿元", "6 万平方米": a space typed between a number and its 万/亿 (joined before reading, else 4.8亿 is 4.8).
SPACED_MAGNITUDE = re.compile(r"(?<=\d)[ \t]+(?=[万亿])")
# "28 600 平方米", "32 000 万元": thousands set apart by a space (SI style, some report templates); the groups after
# the first have exactly three digits, which a phone number's or a date's do not.
SPACED_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?: \d{3})+(?! ?\d)")
# A landline's area code in brackets ("（0351）6135274", "(010) 8765 4321"), as business cards and company registries
# print it: written "0351-6135274" before anything reads brackets as an aside and drops the code.
BRACKETED_AREA_CODE = re.compile(r"[(（]\s*(0\d{2,3})\s*[)）]\s*-?\s*(\d{3,4}\s?\d{4})(?!\d)")
# "1.3 项目概况": a section number before a heading; "用地面积 8.2 公顷" is a quantity, its unit follows.
SECTION_NO = re.compile(rf"(?:^|(?<=\s))\d{{1,2}}(?:\.\d{{1,2}})+\s+(?=[\u4e00-\u9fa5])(?!(?:{_UNIT_RE}|[百千万亿]))", re.I)
# An organisation's name ends in its form; forms other than 公司 must end the word (厂 in 厂房 does not).
COMPANY = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9()（）]{4,60}?(?:有限责任公司|股份有限公司|有限公司|集团公司|公司|"
                     rf"(?:{'|'.join(f for f in ORG_FORMS if not f.endswith('公司'))})"
                     rf"(?=[^\u4e00-\u9fa5]|$|{LABEL_RE.pattern}))")
QUOTES = "“”\"「」『』《》'‘’"
# A figure's breakdown or conversion in brackets is not the figure: （其中建设投资1亿元…）, （折标煤369吨）.
ASIDE = re.compile(r"[(（](?:其中|含|包括|包含|折|折合|约合|合|等价值|等价|即|合计)[^)）]*[)）]")
# A list item's bullet at a line's start: a glyph of words/bullets.yaml, "*", or "-" before a space or a word.
BULLET = re.compile("[ \t]*(?:[" + re.escape("".join(e["word"] for e in read_words("bullets")["bullets"]))
                    + r"*]|-(?=[ \t]|[\u4e00-\u9fa5]))[ \t]*")
# Item markers are separators, never part of a value: （一）项目名称… 1、建设地点… (1)企业名称…(2)… ①… and, at a line's
# start, bullets and "1." ("1.5亿元" is a number: a digit follows the dot; "2.15万m3、" a unit: a letter precedes).
ENUMERATOR = re.compile(r"[(（](?:[一二三四五六七八九十]{1,2}|\d{1,2})[)）]|(?<![\d.A-Za-z])\d{1,2}、|[\u2460-\u2473]"
                        r"|(?:^|(?<=[\s,;。]))\d{1,2}[)）](?=\s*[\u4e00-\u9fa5])"  # "1）单位：… 2）信用代码：…"
                        rf"|(?m:^(?:{BULLET.pattern}|[ \t]*\d{{1,2}}\.(?!\d)[ \t]*))")
# A slash between spaced items ("法人 段志强 / 地址 …") or ending a clause separates values; "吨/年", "m3/h" are units.
SLASH_SEPARATOR = re.compile(r"\s+/\s*|\s*/\s+|/(?=[\u4e00-\u9fa5]{2,}(?:项目|新建|扩建|改建|迁建|技术改造))|(?<=项目)/")
# A tilde ending a chat phrase ("哈喽～", "纯纯新建～行业代码…") separates it like a comma; between figures it is a
# range ("3~5万方").
CHAT_TILDE = re.compile(r"(?<=[^\d\s~])\s*~+\s*(?!\d)")
# "同上" said for a field means the value of the field asked just before it of the same kind.
SAME_AS_ABOVE = re.compile(r"^(?:同上|如上|同前|和上面一样|跟上面一样|与上面一致|和上面的一样|跟上面的一样|一样)$")
ABOVE = {"contact_name": "legal_rep_name", "site_address": "unit_address", "fixed_asset_investment": "total_investment"}
_PARTICLES = "了啊吧呀的哈嗯~嘞诶呢哦噢额呃喔嘛哟"
_ACTS_RE = re.compile("(?:" + "|".join(re.escape(w) for w in sorted(CHAT_ACTS, key=len, reverse=True)) + ")+")


def is_chatter(text: str) -> bool:
    """Whether a message is only conversation: greetings, thanks, commands, hedges, corrections, particles."""
    clauses = [c.strip(_PARTICLES + " ") for c in re.split(r"[\s,;。!?、.~]+", text.lower())]
    return all(not c or _ACTS_RE.fullmatch(c) for c in clauses)
_NEG_BEFORE = re.compile("(?:" + "|".join(sorted(map(re.escape, WORDS["negation_before"]), key=len, reverse=True))
                         + r")(?:任何)?\s*$")
_NEG_AFTER = re.compile(r"^[^,;。!?\n、\s]{0,4}?(?:"
                        + "|".join(sorted(map(re.escape, WORDS["negation_after"]), key=len, reverse=True))
                        + r")(?:的|了)?(?=$|[,;。!?\n、\s])")
_CONFIRMATION = read_words("confirmation")
_CONFIRMING = sorted({w for g in _CONFIRMATION["confirming"] for w in g["words"]}, key=len, reverse=True)
# A word holding back from confirming ("有误", "先别提交"); words/confirmation.yaml.
# "对的话就确认提交": a confirmation on the condition that the values said again are right (parse.confirms_restating).
CONDITIONAL_CONFIRM = re.compile("|".join(map(re.escape, sorted({w for g in _CONFIRMATION["conditional"] for w in g["words"]},
                                                                key=len, reverse=True))))
HOLDING_BACK = re.compile("|".join(map(re.escape, sorted({w for g in _CONFIRMATION["holding_back"] for w in g["words"]},
                                                         key=len, reverse=True))), re.I)
# A one-character confirming word (中, 行, 对) counts only as a clause of its own ("行吧", "对，提交"): inside
# a value it is part of a word (南中环街, 行政区, 对面).
CONFIRMING_WORD = re.compile("|".join(
    re.escape(w) if len(w) > 1 or w.isascii()
    else rf"(?<![\u4e00-\u9fa5]){re.escape(w)}(?=[吧啊了呀嘛哈]*(?:$|[^\u4e00-\u9fa5]))" for w in _CONFIRMING), re.I)


# Options said in other words ("利用企业现有厂区用地" -> 自有存量): (field, value or None for the captured word, regex).
_PARAPHRASE_ENTRIES = read_words("option_paraphrases")
# All paraphrases, read in the clause after a field's label; those safe in a whole message too (not English).
LABEL_PARAPHRASES = [(e["field"], e["value"], re.compile(p)) for e in _PARAPHRASE_ENTRIES for p in e["patterns"]]
PARAPHRASES = [(e["field"], e["value"], re.compile(p)) for e in _PARAPHRASE_ENTRIES for p in e["patterns"]
               if not e.get("after_label_only")]
# Said between a label and its value (words/conversation.yaml): spoken fillers ("项目名称叫那个年产…项目", "建设内容的话
# 主要是…") and leads ("定的是", "主要有：", "补上：", "全名叫").
VALUE_LEAD = re.compile("^(?:" + "|".join(sorted(map(re.escape, (*WORDS["discourse_fillers"], *WORDS["value_leads"])),
                                                 key=len, reverse=True)) + r")[,:\s]*"
                        "|^(?:" + "|".join(sorted(map(re.escape, WORDS["filling_verbs"]), key=len, reverse=True))
                        + ")(?!" + "|".join(sorted(map(re.escape, WORDS["self_reference"]), key=len, reverse=True))
                        + r")[,:\s]*")
# An adverb may come first: "刚问到了：…", "终于查到了…", "也下来了：…".
STATUS_LEAD = re.compile("^(?:刚刚|刚才|刚|已经|终于|总算|现在|也|都)?(?:" + "|".join(sorted(map(re.escape, WORDS["status_phrases"]), key=len, reverse=True))
                         + r")[,;:\s]*")


def negation_end(text: str, start: int, end: int) -> int | None:
    """Where the negation of the option word text[start:end] ends ("自备井没有", "没有自备井"); None when the
    word is not negated. Only within its clause: "市政供水，没有自备井" negates 自备井, not 市政供水."""
    clause_start = max((text.rfind(d, 0, start) for d in DELIM), default=-1) + 1
    if _NEG_BEFORE.search(text[clause_start:start]):
        return end
    after = _NEG_AFTER.match(text[end:])
    return end + after.end() if after else None


# An agent filing for a client: "客户是…有限公司", "帮…公司办"; "…有限公司的代办员" is the agent's own firm.
_CUES = "|".join(sorted(map(re.escape, (w for w in WORDS["client_cues"] if len(w) > 1)), key=len, reverse=True))
_ONE_CHAR_CUES = "".join(w for w in WORDS["client_cues"] if len(w) == 1)
# At the start of a found name: a cue word ("这次的客户是…"), a one-character cue (帮, 替) only at the very start,
# so that 代 in 山西现代农业有限公司 and 客户 in 山西客户服务有限公司 stay part of the name.
CLIENT_LEAD = re.compile(rf"^(?:(?:我们的|我的|这次的|这位|这家|这个)?(?:{_CUES})(?:是|为|叫)?|(?:我们|我|是)?[{_ONE_CHAR_CUES}])")
CLIENT_CUE_BEFORE = re.compile(rf"(?:{_CUES})(?:是|为|叫)?[:\s]*$")  # "客户：山西…有限公司"
AGENT_ROLE = re.compile("的?(?:" + "|".join(sorted(map(re.escape, WORDS["agent_roles"]), key=len, reverse=True)) + ")")
STAFF_ROLE = re.compile("的?(?:" + "|".join(sorted(map(re.escape, WORDS["staff_roles"]), key=len, reverse=True)) + ")")


# A whole message that answers "建设规模及内容" or "主要产品及年产能" when they were asked, without labels.
DESCRIPTION = re.compile(r"建|改造|车间|厂房|仓库|库房|楼|生产线|设施|装置|设备")
CAPACITY = re.compile(r"[\u4e00-\u9fa5]{2}.*(?:\d|[一二两三四五六七八九十百千万])\s*(?:万|千|百)?\s*"
                      r"(?:吨|台|套|件|只|片|辆|个|块|gwh|mwh|张|箱|瓶|支|头|羽)", re.I)  # 头/羽: livestock, poultry
PRODUCTS_LEAD = re.compile(r"^(?:主要产品|产品|主要)?(?:是|为|:)?(?:主要是)?")
# A figure before its label, ending the clause ("一共3万平方米建筑面积", "80亩用地"): read as label then figure.
_NUMERIC_LABELS = "|".join(sorted((lab for f in NUMERIC for lab in LABELS[f] if not lab.isascii()),
                                  key=len, reverse=True))
TRAILING_LABEL = re.compile(rf"(?P<qty>{NUM}\s*(?:{_UNIT_RE}))的?(?P<label>{_NUMERIC_LABELS})(?=$|[{DELIM}])")

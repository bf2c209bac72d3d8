"""Values recognised by their shape alone, without a label: credit codes, phones, company and project
names, parks and their addresses, 亩/公顷, 吨标准煤, 自来水…, and the months of the construction period."""

from __future__ import annotations

import re
from datetime import date

from bot.intake.extraction import Extraction
from bot.intake.fields import ENUMS, NONE_WORD, SYNONYMS, normalize_enum
from bot.jio import jionlp
from bot.intake.homophones import same_sound
from bot.intake.labelled import discharged, negative_message, note_range
from bot.intake.name_leads import after_own_organisation
from bot.intake.plausible import person_reason
from bot.intake.lexicon import (
    AGENT_ROLE,
    CALL_PERSON,
    CLIENT_CUE_BEFORE,
    CLIENT_LEAD,
    COMPANY,
    COMPANY_LEAD,
    DELIM,
    ENERGY_VERB,
    FLUID_BEFORE_VOLUME,
    FIRE,
    INDUSTRY,
    NATURE,
    PARAPHRASES,
    NOT_IN_NAMES,
    ORG_FORMS,
    NUMERIC,
    PERIOD_END,
    PERIOD_END_CHANGED,
    PERIOD_START_BEFORE,
    PRODUCTS,
    PRODUCTS_BY_VERB,
    CAPACITY,
    PROJECT,
    SELF,
    STAFF_ROLE,
    STREET,
    UNLABELLED_ENUM,
    USCC,
    negation_end,
)
from bot.intake.site import BUILDING
from bot.intake.units import NUM, Month, delta_months, duration_months, months_in, quantities, to_canonical
from bot.intake.wordfiles import read_words
from knowledge.zone import load_zone


def read_patterns(text: str, out: Extraction) -> None:
    def first(regex: re.Pattern[str]) -> re.Match[str] | None:
        return next((m for m in regex.finditer(text) if out.unclaimed(m.start(), m.end())), None)

    if "uscc" not in out.values and (m := first(USCC)):
        out.put("uscc", m[0], m.start(), m.end())
    if "land_parcel_no" not in out.values and (m := first(_TITLE_NUMBER)):
        out.put("land_parcel_no", m[0], m.start(), m.end())
    if "contact_phone" not in out.values:
        _phone(text, out)
    if "unit_name" not in out.values:
        _unit_name(text, out)
    if "contact_phone" in out.values and "contact_name" not in out.values and (m := first(CALL_PERSON)) \
            and person_reason(m[1]) is None:
        out.put("contact_name", m[1], m.start(1), m.end(1))  # "有事找俺儿子郭建军，他电话139…"
    for fid, regex in (("industry_code", INDUSTRY), ("project_name", PROJECT),
                       ("main_products_capacity", PRODUCTS), ("contact_name", SELF)):
        m = first(regex) if fid not in out.values else None
        if m:
            out.put(fid, m[m.lastindex or 0], m.start(), m.end())
    park = _find_park(text, out)
    park_by_pattern = park is not None and "site_park" not in out.values
    if park and "site_park" not in out.values:
        name, start, end = park
        out.values["site_park"] = name
        out.where["site_park"] = start
        alone = (start == 0 or text[start - 1] in DELIM + " ") and (end == len(text) or text[end] in DELIM + " ")
        if alone:
            out.claim(start, end)  # a park named on its own is not also an address
    if "site_park" not in out.values and "site_address" in out.values:  # 建设地点：学府产业园区产业路以南
        inside = _find_park(str(out.values["site_address"]), Extraction())
        if inside:
            out.values["site_park"] = inside[0]
            out.where["site_park"] = out.where["site_address"]
    if "site_address" not in out.values:  # addresses in the zone start with the park: 唐槐产业园区康宁街北段
        aliases = sorted((a for p in load_zone().parks for a in (p.name, *p.aliases)), key=len, reverse=True)
        m = first(re.compile(rf"(?:{'|'.join(aliases)})(?![县市])(?:{STREET}|{BUILDING})"))  # 阳曲县… is a county
        if m:
            out.put("site_address", m[0], m.start(), m.end())
    if park_by_pattern and "site_address" in out.values:  # "唐槐那块没谈成，改到潇河了：潇河产业园区建业路以西"
        inside = _find_park(str(out.values["site_address"]), Extraction())
        if inside and inside[0] != out.values["site_park"]:
            out.values["site_park"] = inside[0]  # the park the site lies in outranks one named (and dropped) before
    m = first(ENERGY_VERB)
    if m and "annual_energy_tce" not in out.values:  # 一年消耗标准煤350吨: the unit split around the number
        out.put("annual_energy_tce", quantities(m["num"])[0].value, m.start(), m.end())
    if "land_area" not in out.values and (m := _AREA_THEN_MU.search(text)):
        first_area = quantities(m["area"])[0]  # "32000平方米（合48亩）": the figure stated, not its conversion
        if (value := to_canonical(first_area, "area_strict")) is not None:
            out.put("land_area", value, m.start(), m.end())
    units_read: set[str] = set()  # fields read here by a figure's unit, which a figure named the one to use replaces
    for q in quantities(text):
        fid = _UNIT_FIELD.get(q.unit.lower()) if q.unit else None
        if fid == "earthwork_volume" and FLUID_BEFORE_VOLUME.search(text, 0, q.start):
            out.claim(q.start, q.end)  # 新水12万m³: the water's volume, not the earthwork nor another figure
            continue
        named = any(s <= q.start <= e + 1 for s, e in out.replacing)  # "…就填60亩": the figure to use
        if fid and (fid not in out.values or named and fid in units_read) and fid not in out.errors \
                and out.unclaimed(q.start, q.end):
            units_read.add(fid)
            if q.negative:
                out.fail(fid, negative_message(fid, text[q.start:q.end]), q.start)
            else:
                out.put(fid, to_canonical(q, NUMERIC[fid]), q.start, q.end)
                note_range(fid, q, out)
    _enum_patterns(text, out)


# A 不动产权证书's number has its own shape (《不动产登记暂行条例实施细则》 式样): 晋（2026）太原市不动产权第0057213号.
_TITLE_NUMBER = re.compile(r"[\u4e00-\u9fa5]（\d{4}）[\u4e00-\u9fa5]{2,12}?不动产权第\d{5,8}号")


def read_output(text: str, out: Extraction) -> None:
    """An annual output said with the verb of the trade ("建成后年分拣冷藏鲜食葡萄8000吨"), when no other reading
    (a label, 年产…, a whole answer to the question) gave the products."""
    if "main_products_capacity" in out.values:
        return
    m = next((m for m in PRODUCTS_BY_VERB.finditer(text) if out.unclaimed(m.start(), m.end())), None)
    if m and CAPACITY.search(m[0]):
        out.put("main_products_capacity", m[0], m.start(), m.end())


# A floor, room or block after a name ending like an organisation's (中心, 大厦里的…中心): the name is a building's.
_FLOOR_AFTER = re.compile(r"\s*(?:[A-Za-z]|\d+)\s*(?:层|楼|室|座|栋|单元|F\b)")


def _unit_name(text: str, out: Extraction) -> None:
    """The builder named without a label: the first organisation's name, but when an agent files for a client
    ("我是…服务有限公司的代办员…客户是…有限公司") the client's; an agency's own firm never, and the
    speaker's employer ("我是…公司的工作人员") only when no other is named."""
    found = []
    for m in COMPANY.finditer(text):
        core = m.end() - len(COMPANY_LEAD.sub("", m[0], count=1))  # "我是" before a name may be a claimed label
        if not out.unclaimed(core, m.end()) or any(m[0].endswith(w) for w in ENUM_WORDS):
            continue  # 园区污水处理厂 is where water goes, not who builds
        lead = CLIENT_LEAD.match(m[0])  # "客户是山西…有限公司", "帮山西…公司", "企业那边是…"
        if any(w in m[0][lead.end() if lead else 0:] for w in NOT_IN_NAMES):
            continue  # "想在学府产业园区那边扩建个小厂": a plan said, not a name
        if AGENT_ROLE.match(text, m.end()):
            continue  # "…有限公司的代办员": the speaker's employer
        if _FLOOR_AFTER.match(text, m.end()):
            continue  # "…长风街118号科创中心15层1502室": a building of an address, not an organisation
        cue = lead is not None or CLIENT_CUE_BEFORE.search(text[max(0, m.start() - 8):m.start()]) is not None
        name = _company_name(m[0][lead.end():] if lead else m[0])
        if "受" in name and re.match(r"的?委托", text[m.end():]):  # "本所受…有限公司委托": the client
            name, cue = name[name.rindex("受") + 1:], True
        name = after_own_organisation(name)
        if _PARENT_BY_PLACE.search(name):
            continue  # "待台湾总公司董事会核准": the parent company by its place, no name
        if name.startswith(ORG_FORMS):
            continue  # "企业类型：有限责任公司(自然人投资或控股)": a company's form, never its name
        if len(name) >= 4:  # rank: a client named, then any name, then the speaker's employer
            rank = 0 if cue else 2 if STAFF_ROLE.match(text, m.end()) else 1
            found.append((rank, m.start(), m.end(), name))
    if found:
        _, start, end, name = min(found)
        out.put("unit_name", name, start, end)


# A parent company referred to, not named: 母公司 is no registered name's ending, and a 总公司/分公司 after a short place
# or a verb of waiting or reporting ("台湾总公司", "要等香港母公司", "报总公司") is the speaker's own parent.
_PARENT_BY_PLACE = re.compile(r"母公司$|(?:^|等|待|经|由|向|跟|报|请|给)[\u4e00-\u9fa5]{0,5}(?:总公司|分公司|子公司)$")


def _company_name(said: str) -> str:
    """The name without its lead ("我们是…"), nor a mistyped 是 after 我们/我司: "我们事山西恒信食品有限公司"."""
    name = COMPANY_LEAD.sub("", said, count=1)
    lead = said[:len(said) - len(name)]
    if re.search(r"(?:我们|我司|咱们)$", lead) and len(name) > 5 and name[0] != "是" and same_sound(name[0], "是"):
        return name[1:]
    return name


def _phone(text: str, out: Extraction) -> None:
    """The first mobile or landline number (jionlp: 138-1234-5678, +86 139…, (0351)7654321, 0351 7654321)
    that is not part of another value and not a sum of money."""
    for found in jionlp().extract_phone_number(text, detail=True):
        start, end = found["offset"]
        start += len(found["text"]) - len(found["text"].lstrip())
        if out.unclaimed(start, end) and not re.match(r"\s*[元万亿]", text[end:]) \
                and not (start and text[start - 1].isalnum() and text[start - 1].isascii()):
            ext = _EXTENSION.match(text, end)
            end = ext.end() if ext and text[start] in "0(" else end  # a landline's 转801 is part of it
            out.put("contact_phone", text[start:end], start, end)
            return
    if (m := next((m for m in _MOBILE_MISTYPED.finditer(text) if out.unclaimed(m.start(), m.end())), None)):
        out.put("contact_phone", m[0], m.start(), m.end())  # the validator says how many digits it has


# A mobile with a digit dropped or doubled (1863512046, 139035178826): 1 and 3-9, then 8 or 10 more digits, on its
# own (no digit, letter or unit after it), which jionlp does not take for a phone. Read so the user is told.
_MOBILE_MISTYPED = re.compile(r"(?<![\dA-Za-z.\-])(?<!\d,)1[3-9](?:\d{8}|\d{10})"
                              r"(?![\dA-Za-z\-%元万亿千吨平方米亩立个人台套件度瓦])(?![.,]\d)")
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?)\s*\d{1,6}(?!\d)", re.I)


def _find_park(text: str, out: Extraction) -> tuple[str, int, int] | None:
    """Earliest park name or alias in the text (longest at a position): (canonical name, start, end); not
    inside a value already read (an address) and not the start of a street name (学府街 is no 学府园区)."""
    hits = [(m.start(), -len(alias), p.name) for p in load_zone().parks for alias in (p.name, *p.aliases)
            for m in re.finditer(re.escape(alias), text)
            if out.unclaimed(m.start(), m.end()) and not re.match(STREET_WORD, text[m.end():])]
    if not hits:
        return None
    start, neg_len, name = min(hits)
    return name, start, start - neg_len


STREET_WORD = r"(?:路|街|大道|大街|道|巷|村|镇|乡|县|市|小区)"
ENUM_WORDS = tuple(w for fid in ENUMS for w in (*ENUMS[fid], *SYNONYMS[fid]) if len(w) >= 3)
# An area in square metres followed by its conversion to 亩/公顷 in brackets: the land, as first stated.
_AREA_THEN_MU = re.compile(rf"(?P<area>{NUM}\s*(?:平方米|平米|m2))\s*[(（](?:合|约合|折合|折|约|即)?\s*{NUM}\s*(?:亩|公顷)[)）]")
_UNIT_FIELD = {"亩": "land_area", "公顷": "land_area", "千瓦时": "annual_electricity", "kwh": "annual_electricity",
               "kw·h": "annual_electricity", "度": "annual_electricity", "吨标准煤": "annual_energy_tce",
               "吨标煤": "annual_energy_tce", "tce": "annual_energy_tce", "立方米": "earthwork_volume",
               "m3": "earthwork_volume", "人": "employee_count",
               # English land units: a figure in hectares or mu is land (floor areas are given in sqm)
               "hectares": "land_area", "hectare": "land_area", "ha": "land_area", "hm2": "land_area",
               "mu": "land_area", "mou": "land_area", "gwh": "annual_electricity", "mwh": "annual_electricity",
               "兆瓦时": "annual_electricity", "吉瓦时": "annual_electricity"}


def _enum_patterns(text: str, out: Extraction) -> None:
    for fid, words in UNLABELLED_ENUM.items():
        hits = [(text.find(w), w) for w in words if w in text]
        hits = [(pos, w) for pos, w in hits if out.unclaimed(pos, pos + len(w))]
        for pos, w in hits:
            if (stop := negation_end(text, pos, pos + len(w))) is not None:
                out.claim(pos, stop)  # "自备井没有": said, and not the value (nor an answer to anything else)
        hits = [(pos, w) for pos, w in hits if negation_end(text, pos, pos + len(w)) is None]
        hits = [(pos, w) for pos, w in hits if w in discharged(fid, [w for _, w in hits])]
        if hits and fid not in out.values:
            pos, word = min(hits)
            out.put(fid, normalize_enum(fid, word), pos, pos + len(word), weak=True)
    for fid, value, regex in PARAPHRASES:  # "利用企业现有厂区用地" is 自有存量, "在原厂基础上改建" is 改建
        m = regex.search(text)
        if m and fid not in out.values and out.unclaimed(m.start(), m.end()):
            out.put(fid, value or normalize_enum(fid, m[1]), m.start(), m.end())
    # "项目 …项目 新建": voice, no commas; "…项目 ✈️ 新建的～": a space before, a delimiter after
    for m in re.finditer(rf"(?:^|(?<=\s))([^\s{DELIM}]{{2,4}})(?=\s|$|[{DELIM}])", text):
        owners = [f for f in ENUMS if normalize_enum(f, m[1]) is not None]
        if len(owners) == 1 and owners[0] not in out.values and out.unclaimed(m.start(1), m.end(1)):
            out.put(owners[0], normalize_enum(owners[0], m[1]), m.start(1), m.end(1))
    for fid, regex in (("construction_nature", NATURE), ("fire_hazard_class", FIRE)):
        # the first one not inside a value read before: "…迁建项目，算迁建" (the project's name says it too)
        m = next((m for m in regex.finditer(text) if out.unclaimed(m.start(), m.end())), None)
        if m and fid not in out.values:
            out.put(fid, normalize_enum(fid, m[1] or m[2]), m.start(), m.end(), weak=not m[1])  # 新建项目 is a word
    for m in re.finditer(rf"(?:^|(?<=[{DELIM}]))\s*([^{DELIM}]+?)\s*(?=[{DELIM}]|$)", text):
        said = re.sub(r"[A-Za-z][A-Za-z .'-]*", "", m[1]).strip() or m[1]  # "new build 新建"
        gloss = re.fullmatch(r"[:\s]*[(（]([^()（）]+)[)）]\s*", said)  # "type: new build (新建)": the Chinese in brackets
        said = gloss[1].strip() if gloss else said.lstrip(" :")  # "type: 新建": an English label we do not read
        owners = [f for f in ENUMS if normalize_enum(f, said) is not None]
        if len(owners) == 1 and owners[0] not in out.values and out.unclaimed(m.start(1), m.end(1)):
            out.put(owners[0], normalize_enum(owners[0], said), m.start(1), m.end(1))  # "，新建，"
    named = re.search(r"(新建|扩建|改建|迁建|技术改造|技改)项目$", str(out.values.get("project_name", "")))
    if named and "construction_nature" not in out.values:  # "…生产线扩建项目": the name says it, unless told otherwise
        at = out.where.get("project_name", 0)
        out.put("construction_nature", normalize_enum("construction_nature", named[1]), at, at, weak=True)
    m = re.search(rf"(?:不涉及|没有|无|{NONE_WORD})(?:任何)?(?:危险化学品|危化)", text)  # 木有危化品: chat for 没有
    if m and "hazardous_chemicals" not in out.values:
        out.put("hazardous_chemicals", "无", m.start(), m.end())
    if whole := _WHOLE_PLANT_CLASS.search(text):  # the class the whole plant is filed under outranks its buildings'
        out.values["fire_hazard_class"] = whole[1]
        out.where["fire_hazard_class"] = whole.start()
        out.conflicts.pop("fire_hazard_class", None)


# "生产车间丁类，库房丙类，全厂按丙类报": the fire class the whole plant is filed under, said apart from its buildings'.
_WHOLE_PLANT_CLASS = re.compile(r"(?:全厂|整个厂区?|整厂|全项目|整个项目|项目整体)(?:统一|整体)?按\s*([甲乙丙丁戊])类")


def read_period(text: str, today: date, out: Extraction) -> None:
    """Months and a duration: the first month starts the works unless 竣工/建成 is said around it."""
    said = months_in(text, today)
    months = [m for m in said if out.unclaimed(m.start, m.end)]
    duration = duration_months(text, today)
    if duration and any(m.start < duration[2] and duration[1] < m.end for m in months):
        duration = None
    if duration:
        out.period["months"] = duration[0]
        out.claim(duration[1], duration[2])
        out.where["construction_period"] = duration[1]
    for m in months:
        if _other_date(text, m, said):
            out.claim(m.start, m.end)
    months = [m for m in months if out.unclaimed(m.start, m.end)]
    spans = [m for m in months if m.role and any(n is not m and n.role and n.start == m.start for n in months)]
    if spans:  # "…四季度投产…就按2027年4月到2028年9月填": a span said from start to end outranks single months
        for m in months:
            out.claim(m.start, m.end)
        months = spans
    _shifts(text, today, out)
    cued: set[str] = set()  # ends of the period named by a word of the works (开工, 建成), which an unnamed month never beats
    for i, m in enumerate(months):
        after, before = text[m.end:m.end + 6], text[max(0, m.start - 6):m.start]
        starts = PERIOD_START_BEFORE.search(text[max(0, m.start - 10):m.start])
        changed_end = PERIOD_END_CHANGED.search(text[max(0, m.start - 16):m.start])
        named_end = PERIOD_END.search(after) or PERIOD_END.search(before) or changed_end
        ends = not starts and (named_end or (i > 0 and "start" in out.period))
        key = m.role or ("end" if ends else "start")
        named = bool(m.role or starts or named_end or _START_AFTER.match(after))
        if key not in out.period or named and key not in cued:  # "后年5月，呃，对后年6月建成": the month said 建成
            out.period[key] = m.iso
        cued |= {key} if named else set()
        out.claim(m.start, m.end)
        out.where.setdefault("construction_period", m.start)


# A month the works start in, said after it: "2027年3月开工建设", "明年4月动工".
_START_AFTER = re.compile(r"^\s*(?:份)?(?:正式)?(?:开工|动工|着工|开建|开始建设|启动建设|开始施工|进场施工)")
# A dated line of its own ("二〇二六年十二月八日", "2026年11月20日"): the date a letter or form was signed.
_DATE_LINE = re.compile(r"^[^\S\n]*[\d〇零一二三四五六七八九十]{2,4}\s*年[\d〇零一二三四五六七八九十]{1,2}\s*月"
                        r"[\d〇零一二三四五六七八九十]{1,3}\s*[日号][^\S\n]*$", re.M)


# A day with its weekday ("2026-10-28（周三）", "10月28日 星期三"): the day a report or a meeting is dated, not a month the
# works are planned in (the date read may take the weekday in, or stop before the day).
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天]")
_WEEKDAY_AFTER = re.compile(r"(?:[-./]\d{1,2}|\d{0,2}\s*[日号])?\s*[(（]?\s*(?:周|星期|礼拜)[一二三四五六日天]")
# A clock time in or right after the date ("2026-10-29 21:16", "导出时间=2026-10-30 14:22:08"): when a message was
# sent or a file exported; no one dates the works to the minute.
_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:：]\d{2}(?!\d)")
_CLOCK_AFTER = re.compile(r"(?:[-./]\d{1,2}|\d{0,2}\s*[日号])?\s*(?:[(（]?\s*(?:周|星期|礼拜)[一二三四五六日天][)）]?)?\s*"
                          r"\d{1,2}[:：]\d{2}(?!\d)")


# A day something is due by ("12月5日前完成申报", "2027年6月30日之前开工" in a contract): a deadline, not the plan, though
# jionlp reads it as a span from today.
_DEADLINE = re.compile(r"[日号]\s*(?:之|以)?前$")


def _starts_works(text: str, m: Month) -> bool:
    return m.role == "start" or bool(PERIOD_START_BEFORE.search(text[max(0, m.start - 10):m.start])
                                     or _START_AFTER.match(text[m.end:m.end + 8]))


def _other_date(text: str, m: Month, months: list[Month]) -> bool:
    """A month that is no date of the works: a letter's date on a line of its own, or, in prose telling the
    company's story ("公司成立于2021年6月……计划于2027年3月开工"), a month said without a word of the works before
    another said to start them."""
    if any(d.start() <= m.start < d.end() for d in _DATE_LINE.finditer(text)) or _DEADLINE.search(text, m.start, m.end) \
            or _WEEKDAY_AFTER.match(text, m.end) or _WEEKDAY.search(text, m.start, m.end) \
            or _CLOCK.search(text, m.start, m.end) or _CLOCK_AFTER.match(text, m.end):
        return True
    ends = PERIOD_END.search(text[m.end:m.end + 6]) or PERIOD_END.search(text[max(0, m.start - 6):m.start]) \
        or PERIOD_END_CHANGED.search(text[max(0, m.start - 16):m.start])  # "竣工那个年份录错了，应该是…"
    uncued = m.role is None and not _starts_works(text, m) and not ends
    return uncued and any(_starts_works(text, n) for n in months if n.start > m.start)


_SHIFT_WORDS = read_words("period_shifts")
_EARLIER = frozenset(_SHIFT_WORDS["earlier"]["words"])
_MOVES = sorted({*_SHIFT_WORDS["later"]["words"], *_EARLIER}, key=len, reverse=True)
# "开工时间往后推两个月", "竣工日期提前一个月": the date named, a word moving it, the months (words/period_shifts.yaml).
_SHIFT = re.compile(r"(?P<which>开工|动工|开建|竣工|完工|建成|投产)(?:时间|日期|年月)?(?:要|得|再|又|需要|可能)?"
                    rf"(?P<way>{'|'.join(map(re.escape, _MOVES))})了?(?P<delta>[^,;。!?\n]{{1,6}}?月)")


def _shifts(text: str, today: date, out: Extraction) -> None:
    """A date of the works moved by some months ("开工时间往后推两个月"): period["start_shift"] or ["end_shift"] in
    months, which the dialogue adds to the date it holds, unless the message gives that date itself."""
    for m in _SHIFT.finditer(text):
        months = delta_months(m["delta"], today)
        if months:
            key = "start" if m["which"] in ("开工", "动工", "开建") else "end"
            out.period[f"{key}_shift"] = -months if m["way"] in _EARLIER else months
            out.claim(m.start(), m.end())
            out.where.setdefault("construction_period", m.start())

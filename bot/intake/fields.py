"""The 28 base fields as a pydantic model (ids and labels from knowledge.fields, rules of DESIGN.md §6).

Every validator raises a Chinese message that says what is wrong and what is expected; the model is the
last word on any value, whoever extracted it (rules, an LLM, a UI form).
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from bot.intake.lexicon import WORDS, one_of
from bot.intake.value_ends import without_trailing_separator
from bot.intake.wordfiles import read_words
from knowledge.fields import FIELDS_BY_ID
from knowledge.zone import load_zone

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"

ENUMS: dict[str, tuple[str, ...]] = {
    "construction_nature": ("新建", "扩建", "改建", "迁建", "技术改造"),
    "land_supply_mode": ("招拍挂出让", "协议出让", "划拨", "租赁", "自有存量"),
    "fire_hazard_class": ("甲", "乙", "丙", "丁", "戊"),
    "hazardous_chemicals": ("无", "使用", "生产或储存"),
    "water_source": ("市政供水", "自备井", "地表水", "再生水"),
    "wastewater_destination": ("市政管网", "园区污水处理厂", "直排水体", "零排放"),
}

# Whole-answer synonyms ("自来水" for 市政供水); the parser also searches these inside sentences.
SYNONYMS: dict[str, dict[str, str]] = {
    "construction_nature": {"新建的": "新建", "新上": "新建", "全新": "新建", "新项目": "新建",
                            "扩产": "扩建", "扩能": "扩建", "扩建的": "扩建", "改扩建": "改建",
                            "改造": "技术改造", "技改": "技术改造", "搬迁": "迁建", "异地搬迁": "迁建"},
    "land_supply_mode": {"招拍挂": "招拍挂出让", "挂牌": "招拍挂出让", "拍卖": "招拍挂出让",
                         "挂牌出让": "招拍挂出让", "拍卖出让": "招拍挂出让", "招标出让": "招拍挂出让",
                         "摘牌": "招拍挂出让", "协议": "协议出让", "租的": "租赁", "租用": "租赁", "承租": "租赁",
                         "租地": "租赁", "租厂房": "租赁", "自有": "自有存量", "存量": "自有存量",
                         "自有土地": "自有存量", "存量土地": "自有存量", "自己的地": "自有存量",
                         "自己原来的": "自有存量", "原有土地": "自有存量", "原有用地": "自有存量",
                         "现有厂区": "自有存量", "原厂区": "自有存量", "自己的": "自有存量"},
    "fire_hazard_class": {f"{c}类": c for c in "甲乙丙丁戊"},
    "hazardous_chemicals": {"没有": "无", "不涉及": "无", "不使用": "无", "不用": "无", "无危化品": "无",
                            "涉及使用": "使用", "用到": "使用", "会用": "使用", "有使用": "使用",
                            "生产": "生产或储存", "储存": "生产或储存", "存储": "生产或储存",
                            "储罐": "生产或储存", "仓储": "生产或储存"},
    "water_source": {"自来水": "市政供水", "市政": "市政供水", "管网供水": "市政供水",
                     "园区供水": "市政供水", "自备水井": "自备井", "打井": "自备井", "井水": "自备井",
                     "地下水": "自备井", "河水": "地表水", "水库": "地表水", "河道取水": "地表水",
                     "中水": "再生水", "回用水": "再生水"},
    "wastewater_destination": {"市政污水管网": "市政管网", "城市管网": "市政管网", "污水管网": "市政管网",
                               "市政": "市政管网", "园区污水厂": "园区污水处理厂",
                               "污水处理厂": "园区污水处理厂", "直排": "直排水体", "排河": "直排水体",
                               "不外排": "零排放", "不排放": "零排放", "全部回用": "零排放",
                               "零排": "零排放"},
}

# GB/T 4754-2017 sections by two-digit division.
_SECTIONS = (("A", 1, 5), ("B", 6, 12), ("C", 13, 43), ("D", 44, 46), ("E", 47, 50), ("F", 51, 52),
             ("G", 53, 60), ("H", 61, 62), ("I", 63, 65), ("J", 66, 69), ("K", 70, 70), ("L", 71, 72),
             ("M", 73, 75), ("N", 76, 79), ("O", 80, 82), ("P", 83, 83), ("Q", 84, 85), ("R", 86, 90),
             ("S", 91, 96), ("T", 97, 97))

# The shortest 建设规模及内容 accepted: DESIGN §6 sets 20-2000 characters, a contract the form generator and others
# script against. A shorter list of works is explained and asked again, never stored.
CONTENT_MIN = 20
HINTS: dict[str, str] = {
    "unit_name": "如：太原某某新材料有限公司",
    "uscc": "营业执照上的18位代码",
    "legal_rep_name": "如：李四",
    "unit_address": "如：太原市小店区某某路1号",
    "contact_name": "如：张三",
    "contact_phone": "手机或带区号的座机，如13812345678",
    "project_name": "如：年产10万吨玻璃纤维项目",
    "construction_nature": "新建/扩建/改建/迁建/技术改造",
    "industry_code": "门类字母+4位数字，如C3985",
    "site_park": "、".join(load_zone().park_names()),
    "site_address": "如：阳曲产业园区某某路以东",
    "land_parcel_no": "如：140100-2024-001，或不动产权证书上的证号",
    "land_supply_mode": "招拍挂出让/协议出让/划拨/租赁/自有存量",
    "land_area": "如：120亩、8公顷或80000平方米",
    "total_floor_area": "如：5万平方米",
    "construction_content": f"至少{CONTENT_MIN}个字，如：新建生产车间2栋、仓库1栋及配套设施",
    "main_products_capacity": "如：玻璃纤维10万吨/年",
    "total_investment": "如：5.2亿元",
    "fixed_asset_investment": "如：4亿元",
    "construction_period": "如：2025年3月至2026年6月，或明年3月开工、工期18个月",
    "employee_count": "如：200人",
    "fire_hazard_class": "甲/乙/丙/丁/戊类",
    "hazardous_chemicals": "无/使用/生产或储存",
    "earthwork_volume": "如：3万立方米",
    "annual_energy_tce": "如：800吨标准煤",
    "annual_electricity": "如：300万千瓦时",
    "water_source": "市政供水/自备井/地表水/再生水",
    "wastewater_destination": "市政管网/园区污水处理厂/直排水体/零排放",
}


def _err(message: str) -> PydanticCustomError:
    return PydanticCustomError("intake_field", message)


def label(field_id: str) -> str:
    return FIELDS_BY_ID[field_id].label


def uscc_check_char(first17: str) -> str:
    """GB 32100-2015 check character for the first 17 characters (python-stdnum's cn.uscc)."""
    return uscc.calc_check_digit(first17)


def _uscc(value: Any) -> str:
    code = re.sub(r"\s", "", str(value)).upper()
    try:
        return uscc.validate(code)
    except InvalidLength:
        raise _err(f"统一社会信用代码应为18位，您给出的“{code}”是{len(code)}位，请对照营业执照核对") from None
    except InvalidChecksum:
        raise _err(f"统一社会信用代码校验未通过：第18位（校验位）是“{code[17]}”，按前17位计算应为“{uscc_check_char(code[:17])}”"
                   "（GB 32100-2015）。多半是某一位抄错了，请对照营业执照逐位核对") from None
    except InvalidFormat:  # stdnum says only "invalid format": name the character, as an enterprise needs
        bad = next(((i, ch) for i, ch in enumerate(code, start=1) if ch not in USCC_CHARS), None)
        if bad:
            raise _err(f"统一社会信用代码第{bad[0]}位“{bad[1]}”不是有效字符（代码只用数字和除I、O、S、V、Z以外的大写字母），"
                       "请对照营业执照核对") from None
        raise _err(f"统一社会信用代码第3-8位应为6位数字的行政区划码，您给出的是“{code[2:8]}”，请核对") from None


# A landline's extension: 0351-7023456转801, 分机801, ext. 801 (kept: the switchboard alone reaches no one).
PHONE_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x)\s*(\d{1,6})$", re.I)


def _phone(value: Any) -> str:
    raw = str(value).strip()
    ext = PHONE_EXTENSION.search(raw)
    if ext and raw.startswith(("0", "(0", "（0")):
        return f"{_phone(raw[:ext.start()])}转{ext[1]}"
    compact = re.sub(r"[\s()（）]", "", raw.replace("（", "(").replace("）", ")"))
    digits = re.sub(r"-", "", compact)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not digits.isdigit():
        raise _err(f"联系电话“{raw}”里有非数字字符，请填写11位手机号（如13812345678）或带区号的座机（如0351-1234567）")
    if digits.startswith("1"):
        if len(digits) != 11:
            raise _err(f"手机号应为11位，您填的“{raw}”是{len(digits)}位，请核对")
        if digits[1] not in "3456789":
            raise _err(f"手机号第2位应为3-9，您填的“{raw}”第2位是{digits[1]}，请核对")
        return digits
    if digits.startswith("0"):
        if "-" in compact:
            area, _, number = compact.partition("-")
        else:  # 010 and 02X are the only three-digit area codes
            cut = 3 if digits[1] in "12" else 4
            area, number = digits[:cut], digits[cut:]
        if re.fullmatch(r"0\d{2,3}", area) and re.fullmatch(r"\d{7,8}", number.replace("-", "")):
            return f"{area}-{number.replace('-', '')}"
    raise _err(f"联系电话“{raw}”格式不对：请填写11位手机号（1开头，第2位3-9）或带区号的座机（如0351-1234567）")


def _industry_code(value: Any) -> str:
    code = re.sub(r"\s", "", str(value)).upper()
    if re.fullmatch(r"\d{4}", code):  # the section letter follows from the division
        code = _section(int(code[:2])) + code
    if not re.fullmatch(r"[A-T]\d{4}", code):
        raise _err(f"国民经济行业代码“{value}”格式不对：应为门类字母加4位小类数字（GB/T 4754-2017），如C3985")
    section = _section(int(code[1:3]))
    if not section:
        raise _err(f"国民经济行业代码“{code}”的大类{code[1:3]}不在GB/T 4754-2017中（大类为01-97），请核对")
    if section != code[0]:
        raise _err(f"国民经济行业代码“{code}”的门类字母与大类不符：大类{code[1:3]}属于{section}门类，"
                   f"应为{section}{code[1:]}，请核对")
    return code


def _section(division: int) -> str:
    return next((s for s, lo, hi in _SECTIONS if lo <= division <= hi), "")


# Chat and dialect words for 没有 (木有, 没得, 冇): the option 无 when said as a whole answer (words/none_words.yaml).
NONE_WORDS = frozenset(e["word"] for e in read_words("none_words"))
# The same words as a regular-expression alternation, longest first ("冇得" before "冇").
NONE_WORD = one_of(NONE_WORDS)


def normalize_enum(field_id: str, value: str) -> str | None:
    """Canonical enum value for a value or a whole-answer synonym; None when it is neither."""
    text = value.strip()
    for candidate in (text, text.removesuffix("的")):
        if candidate in ENUMS[field_id]:
            return candidate
        if candidate in SYNONYMS[field_id]:
            return SYNONYMS[field_id][candidate]
        if "无" in ENUMS[field_id] and candidate.rstrip("啦呀哦哈喔嘞～~") in NONE_WORDS:
            return "无"
    return None


def _enum(field_id: str):
    def check(value: Any) -> str:
        found = normalize_enum(field_id, str(value))
        if found is None:
            options = "、".join(ENUMS[field_id])
            raise _err(f"{label(field_id)}只能是以下之一：{options}；您填的是“{value}”")
        return found
    return check


# Messages are read with half-width punctuation (extraction.normalize); a text value keeps the Chinese
# punctuation it was typed with beside Chinese words ("改造车间，新增产线", not "改造车间,新增产线"), while figures
# and Latin text keep theirs ("1,200", "Co., Ltd.").
_FULL_WIDTH_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_BESIDE_CJK = re.compile(r"(?<=[\u4e00-\u9fff])[,;:?!]|[,;:?!](?=[\u4e00-\u9fff])")


def chinese_punctuation(text: str) -> str:
    return _HALF_BESIDE_CJK.sub(lambda m: _FULL_WIDTH_PUNCT[m[0]], text)


# "达产后…30万件/年": when the output is reached is no part of the products (words/conversation.yaml output_time_leads).
_OUTPUT_TIME_LEAD = re.compile(rf"^(?:{one_of(WORDS['output_time_leads'])})[,，:：\s]*(?=\S)")


def _text(field_id: str, lo: int, hi: int):
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise _err(f"{label(field_id)}应为文字")
        text = chinese_punctuation(without_trailing_separator(value.strip()))
        if field_id == "main_products_capacity":
            text = _OUTPUT_TIME_LEAD.sub("", text)
        if len(text) < lo:
            raise _err(f"{label(field_id)}太短：至少{lo}个字，您填了{len(text)}个字（{HINTS[field_id]}）")
        if len(text) > hi:
            raise _err(f"{label(field_id)}太长：最多{hi}个字，您填了{len(text)}个字，请精简")
        return text
    return check


def _name(field_id: str):
    text_check = _text(field_id, 2, 30)

    def check(value: Any) -> str:
        text = text_check(value)
        if re.search(r"\d", text):
            raise _err(f"{label(field_id)}应为姓名（2-30个字），不应含数字；您填的是“{text}”")
        return text
    return check


def _park(value: Any) -> str:
    zone = load_zone()
    found = zone.match_park(str(value))
    if found is None:
        raise _err(f"“{value}”不是{zone.name}的园区，请从以下园区中选择：{'、'.join(zone.park_names())}")
    return found


def _number(field_id: str, strict: bool):
    unit = FIELDS_BY_ID[field_id].unit

    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise _err(f"{label(field_id)}应为数字（单位：{unit}）")
        try:
            number = float(str(value).replace(",", ""))
        except ValueError:
            raise _err(f"{label(field_id)}应为数字（单位：{unit}），您填的是“{value}”") from None
        if not math.isfinite(number) or (number <= 0 if strict else number < 0):
            bound = "大于0" if strict else "不小于0"
            raise _err(f"{label(field_id)}应{bound}（单位：{unit}），您填的是{value}")
        return round(number, 4)
    return check


def _count(value: Any) -> int:
    number = _number("employee_count", strict=False)(value)
    if number != int(number):
        raise _err(f"劳动定员应为整数人数，您填的是{value}")
    return int(number)


class Period(BaseModel):
    """计划建设期 as two months, YYYY-MM."""

    model_config = ConfigDict(extra="forbid")
    start: str = Field(pattern=r"^\d{4}-\d{2}$", title="计划开工年月", description="YYYY-MM")
    end: str = Field(pattern=r"^\d{4}-\d{2}$", title="计划竣工年月", description="YYYY-MM")

    @model_validator(mode="before")
    @classmethod
    def _check(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not {"start", "end"} <= set(data):
            raise _err("计划建设期需要开工和竣工两个年月，如2025年3月至2026年6月")
        for key, word in (("start", "开工"), ("end", "竣工")):
            match = re.fullmatch(r"(\d{4})-(\d{2})", str(data[key]))
            if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
                raise _err(f"计划{word}时间“{data[key]}”不是有效的年月，请写成如2025年3月")
        if data["end"] <= data["start"]:
            raise _err(f"计划竣工时间（{data['end']}）应晚于开工时间（{data['start']}），请核对")
        return data


def _period(value: Any) -> Any:
    return value.model_dump() if isinstance(value, Period) else value


def _f(field_id: str, validator: Any, kind: Any) -> Any:
    info = FIELDS_BY_ID[field_id]
    unit = f"（{info.unit}）" if info.unit else ""
    return Annotated[kind | None, BeforeValidator(lambda v: v if v is None else validator(v)),
                     Field(None, title=info.label, description=f"{info.label}{unit}；{HINTS[field_id]}")]


def _enum_type(field_id: str) -> Any:
    return _f(field_id, _enum(field_id), Literal[ENUMS[field_id]])  # type: ignore[valid-type]


class IntakeFields(BaseModel):
    """The 28 base fields; None means not yet given. Canonical units: m², m³, 万元, 万kWh, tce."""

    model_config = ConfigDict(extra="forbid")

    unit_name: _f("unit_name", _text("unit_name", 2, 100), str)
    uscc: _f("uscc", _uscc, str)
    legal_rep_name: _f("legal_rep_name", _name("legal_rep_name"), str)
    unit_address: _f("unit_address", _text("unit_address", 2, 200), str)
    contact_name: _f("contact_name", _name("contact_name"), str)
    contact_phone: _f("contact_phone", _phone, str)
    project_name: _f("project_name", _text("project_name", 2, 100), str)
    construction_nature: _enum_type("construction_nature")
    industry_code: _f("industry_code", _industry_code, str)
    site_park: _f("site_park", _park, str)
    site_address: _f("site_address", _text("site_address", 2, 200), str)
    land_parcel_no: _f("land_parcel_no", _text("land_parcel_no", 2, 100), str)
    land_supply_mode: _enum_type("land_supply_mode")
    land_area: _f("land_area", _number("land_area", strict=True), float)
    total_floor_area: _f("total_floor_area", _number("total_floor_area", strict=True), float)
    construction_content: _f("construction_content", _text("construction_content", CONTENT_MIN, 2000), str)
    main_products_capacity: _f("main_products_capacity", _text("main_products_capacity", 2, 500), str)
    total_investment: _f("total_investment", _number("total_investment", strict=True), float)
    fixed_asset_investment: _f("fixed_asset_investment", _number("fixed_asset_investment", strict=True), float)
    construction_period: _f("construction_period", _period, Period)
    employee_count: _f("employee_count", _count, int)
    fire_hazard_class: _enum_type("fire_hazard_class")
    hazardous_chemicals: _enum_type("hazardous_chemicals")
    earthwork_volume: _f("earthwork_volume", _number("earthwork_volume", strict=False), float)
    annual_energy_tce: _f("annual_energy_tce", _number("annual_energy_tce", strict=False), float)
    annual_electricity: _f("annual_electricity", _number("annual_electricity", strict=False), float)
    water_source: _enum_type("water_source")
    wastewater_destination: _enum_type("wastewater_destination")

    @model_validator(mode="after")
    def _relations(self) -> IntakeFields:
        fixed, total = self.fixed_asset_investment, self.total_investment
        if fixed is not None and total is not None and fixed > total:
            raise _err(f"固定资产投资（{fmt_number(fixed)}万元）不能大于总投资（{fmt_number(total)}万元），"
                       "请核对这两项")
        return self

    def values(self) -> dict[str, Any]:
        """Given fields only, JSON-ready (construction_period as {start, end})."""
        return {k: v for k, v in self.model_dump(mode="json").items() if v is not None}


def check_value(values: dict[str, Any], field_id: str, value: Any) -> tuple[Any, str | None]:
    """Validate one new value together with the accepted ones: (canonical value, None) or (None, error)."""
    try:
        fields = IntakeFields.model_validate({**values, field_id: value})
    except ValidationError as exc:
        return None, exc.errors()[0]["msg"]
    return fields.values()[field_id], None


def fmt_number(x: float) -> str:
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def display(field_id: str, value: Any) -> str:
    """A value as an enterprise reads it in a summary or form."""
    if value is None:
        return "（未填）"
    if field_id == "construction_period":
        return f"{value['start']} 至 {value['end']}"
    if field_id == "land_area":
        return f"{fmt_number(value)} 平方米（约{value / 666.67:,.2f}亩）"
    if field_id == "fire_hazard_class":
        return f"{value}类"
    unit = FIELDS_BY_ID[field_id].unit
    if isinstance(value, (int, float)):
        return f"{fmt_number(value)} {unit}".strip()
    return str(value)


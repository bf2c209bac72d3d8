"""Plausibility of a value before it is stored: a name is a person's name, an organisation ends in an
organisation form, an address reaches street level, a number lies in the field's sane range.

A value can pass the format rules of fields.py and still be nonsense in context ("问一下同事" as 法定代表人,
0.5 平方米 of land): such a value is not stored, and the reply says what was understood and asks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from bot.intake.fields import fmt_number, label
from bot.intake.units import UNITS
from bot.jio import jionlp
from bot.intake.lexicon import BOUNDS, CHAT_ACTS, DEPARTMENT, LABEL_OF, NOT_IN_NAMES, ORG_FORMS, SOLE_FORMS, SURNAMES, TITLES
from bot.intake.name_leads import OWN_ORGANISATION
from knowledge.zone import load_zone

NAMES = ("legal_rep_name", "contact_name")
_HAN = r"[\u4e00-\u9fa5]"
_STREET = re.compile(r"路|街|道|巷|弄|号|村|组|段|园|区\d|以东|以西|以南|以北|侧|岸|畔|交叉口|角|幢|栋|楼|室|层|大厦|广场")
# A district or county written out; 园区, 小区, 社区, 景区, 矿区, 厂区 and a park's 片区 are no county.
_COUNTY = re.compile(r"[\u4e00-\u9fa5]{1,5}?(?<![园小社景矿厂片])(?:区|县|旗)(?![域间内外])")
# Characters a place or a certificate number never ends on: they need the word after them (以南, 第…号).
_DANGLING = "以之与和及第至"
# A unit of measure of three Han characters or more (平方米, 千瓦时): "万平方米" is a figure's tail, not a person
# (shorter units such as 立方, 平方 can be given names: 李立方).
_UNIT_WORD = re.compile("|".join(sorted((u for u in UNITS if len(u) >= 3 and re.fullmatch(r"[\u4e00-\u9fa5]+", u)),
                                        key=len, reverse=True)))
# A name in Latin letters: two to four capitalised words ("Markus Schmidt", "Anne-Marie O'Neil").
# Latin letters with accents (Müller, José, Søren): U+00C0-U+024F minus × and ÷.
_LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ɏ'-]*\.?(?: [A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ɏ'-]*\.?){1,3}")
# jieba's tags a given name's words take after the surname: n (nr, nz, ns...), x (an unknown character), a (丽丽).
_NAME_TAGS = frozenset("nxa")
# jieba's tags of function words (pronoun, preposition, conjunction, particle, adverb): none starts a name ("我丽娜").
_FUNCTION_TAGS = frozenset("rpcud")
_FAMILIAR = "小老阿"  # prefixes of a familiar form of address
_ZONE = r"(?:开发区|高新区|示范区|园区|工业园|产业园|保税区|新区|新城)"


def strip_title(text: str) -> str:
    """王强董事长 / 董事长王强 / 总经理：王强 -> 王强; a title alone (王部长, 张总) stays as it is."""
    name = text.strip(" :：,，")
    dept = DEPARTMENT.match(name)
    if dept and 2 <= len(name) - dept.end() and person_reason(name) is not None \
            and (person_reason(rest := strip_title(name[dept.end():])) is None):
        return rest  # 安环部卫东, 我司工程部白晓琳同志: the department says where the person works
    for title in TITLES:
        if name.startswith(title) and len(name) - len(title) >= 2:
            name = name[len(title):].lstrip(" :：")
            break
    for title in TITLES:
        if name.endswith(title) and len(name) - len(title) >= 2 and is_person_name(name[:-len(title)]):
            return name[:-len(title)]
    for title in TITLES:  # 项目经理唐雪, 办公室主任赵敏: the name follows the last title
        at = name.rfind(title)
        if at > 0 and 2 <= len(name) - at - len(title) <= 4 and is_person_name(name[at + len(title):]):
            return name[at + len(title):]
    return name


def is_person_name(text: str) -> bool:
    """A person's name, its surname on the list or, checked by rare_surname_name, off it."""
    return person_reason(text) is None or rare_surname_name(text)


def person_reason(name: str, *, any_surname: bool = False) -> str | None:
    """None when this reads as a person's name; otherwise why not (in Chinese). any_surname: a surname
    outside the list is no reason (a name the user labelled, checked by rare_surname_name)."""
    if _LATIN_NAME.fullmatch(name):  # a foreign legal representative: "Markus Schmidt"
        words = name.lower().split()
        return None if not any(w in CHAT_ACTS or w in LABEL_OF for w in words) else f"“{name}”不像姓名"
    if "·" in name:
        return None if re.fullmatch(rf"{_HAN}+(?:·{_HAN}+)+", name) else "含“·”的姓名应由汉字组成"
    if name.lower() in CHAT_ACTS or name.lower() in LABEL_OF:
        if name.lower() in LABEL_OF:
            return f"“{name}”是填写项的名称，不是姓名"
        return f"“{name}”是一句应答或指代，不是姓名"
    if not re.fullmatch(rf"{_HAN}{{2,4}}", name) or re.search(r"[的之和与及在是]", name[1:]):
        return f"“{name}”不像姓名（应为2-4个汉字，少数民族姓名可用“·”分隔）"
    if name in ORG_FORMS or name.endswith(tuple(f for f in ORG_FORMS if len(f) >= 2)):
        return f"“{name}”是单位，不是姓名"  # 公 is a surname, 公司 is not a person
    if _UNIT_WORD.search(name):
        return f"“{name}”带有计量单位，不是姓名"
    surname = name[:2] if name[:2] in SURNAMES else name[0]
    if surname not in SURNAMES and not any_surname:
        return f"“{name}”不像姓名（“{name[0]}”不是常见姓氏）"
    rest = name[len(surname):]
    if name in TITLES:  # "代办员": 代 is a surname, but the word is a role
        return f"“{name}”是称呼，请告诉我全名"
    if rest in TITLES or rest in ("先生", "女士", "小姐", "师傅", "老师"):
        return f"“{name}”是称呼，请告诉我全名"
    if name.endswith(tuple(t for t in TITLES if len(t) >= 2)):  # 项目专员, 销售总监: a post, 项 being a surname
        return f"“{name}”是职务，请告诉我姓名"
    if any(name.endswith(w) or name.startswith(w) for w in CHAT_ACTS if len(w) >= 2):
        return f"“{name}”不像姓名"
    if re.search(r"[我你您俺咱]", rest):  # "有事找我": 有 is a surname, but a given name holds no pronoun
        return f"“{name}”不像姓名"
    if re.search(r"[这那哪](?:块|边|个|里|儿|些|部分)", rest):  # "钱这块，总投资…": a topic, 钱 being a surname
        return f"“{name}”不像姓名"
    return None


def rare_surname_name(name: str) -> bool:
    """A 2-3 character name whose surname is not on the list (隋立军, 亓晓燕, 禚宝华): no other reason holds, jieba's
    tagger starts it with a person's name or a character it does not know, and reads no later word as a verb,
    adverb or particle - as it does in chatter (待定, 不清楚, 回头补) and in the tail of a title (董|事长); or it
    splits off a first character that is no function word and reads all the rest as one given name (漆|红霞)."""
    if not 2 <= len(name) <= 3 or person_reason(name, any_surname=True) is not None:
        return False
    if name[0] in _FAMILIAR and name[1:] in SURNAMES:  # 小孟, 老阎: how colleagues call someone, not a full name
        return False
    (word, first), *rest = _tagged(name)
    if (first.startswith("nr") or first == "x") and all(tag[:1] in _NAME_TAGS for _word, tag in rest):
        return True
    # A surname that is also a common word (漆 'lacquer' as a verb, 么 as a particle) is split off and tagged as that
    # word; the rest read as one given name (漆|红霞, 么|秀英) still says a person is named.
    # (小隋, 老阎: a familiar prefix before a surname, the surname alone tagged as a name, is still no full name).
    return len(word) == 1 and word not in _FAMILIAR and first[:1] not in _FUNCTION_TAGS and len(rest) == 1 \
        and len(rest[0][0]) >= 2 and rest[0][1].startswith("nr")


@lru_cache(maxsize=256)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    import jieba.posseg  # loaded on the first rare surname only: about a second

    return tuple((w.word, w.flag) for w in jieba.posseg.cut(text))


def implausible(fid: str, value: Any, values: dict[str, Any] | None = None) -> str | None:
    """Why a (format-valid) value is implausible for this field, in Chinese; None when it is plausible."""
    if fid in NAMES:
        reason = person_reason(str(value))
        return None if reason and rare_surname_name(str(value)) else reason
    if fid == "unit_name":
        text = str(value)
        if text.startswith(ORG_FORMS):  # 有限责任公司(自然人投资或控股) is a licence's 类型, not a name
            return f"“{text}”是企业类型，不是单位名称，请告诉我营业执照上的名称"
        if OWN_ORGANISATION.search(text):  # "联系人为我公司": words that refer to an organisation, never its name
            return f"“{text}”是对单位的代称，不是单位全称，请告诉我营业执照上的名称"
        if not text.endswith(ORG_FORMS + SOLE_FORMS) or len(text) < 4 or any(w in text for w in NOT_IN_NAMES):
            return f"“{text}”不像单位全称（应以有限公司、股份有限公司、集团、厂、合作社等组织形式结尾）"
        return None
    if fid in ("unit_address", "site_address", "land_parcel_no") and str(value)[-1:] in _DANGLING:
        return f"{label(fid)}“{value}”好像没有写完，请补充完整"  # 太行大街以|南: cut where a line broke
    if fid in ("unit_address", "site_address"):
        return _address_reason(fid, str(value))
    if fid == "project_name":
        text = str(value)
        return f"“{text}”不像项目名称" if text.lower() in CHAT_ACTS or len(text) < 4 else None
    if fid in BOUNDS and isinstance(value, (int, float)):
        b = BOUNDS[fid]
        if value < b["min"] or value > b["max"]:
            side = "偏小" if value < b["min"] else "偏大"
            return (f"{label(fid)}{fmt_number(value)} {b['unit']}，明显{side}，是不是单位写错了或少写/多写了“万”？"
                    f"请再说一遍（带上单位）")
    if fid == "construction_period" and isinstance(value, dict) and value.get("end", "") <= value.get("start", ""):
        return "计划竣工时间应晚于开工时间"
    return None


def _address_reason(fid: str, text: str) -> str | None:
    """At least a district or county (jionlp's place parser, or a park or development zone of the text) and
    a street-level detail."""
    if text.lower() in CHAT_ACTS or len(text) < 4:
        return f"“{text}”不像地址"
    county = _COUNTY.search(text)  # 小店区/清徐县 written out: no need to ask the place parser (about 10 ms)
    place = {"county": county[0], "detail": text[county.end():]} if county else _place(text)
    parks = [a for p in load_zone().parks for a in (p.name, *p.aliases) if len(a) >= 3]
    detail = place["detail"] or ""
    zone = re.match(rf"[\u4e00-\u9fa5]{{1,8}}?{_ZONE}", detail) or any(a in text for a in parks)
    county_said = place["county"] and (place["county"] in text or _short_county(place["county"]) in text)
    if not county_said and not zone:
        return f"{label(fid)}“{text}”缺少所在的区县（或园区），请补充完整，如“太原市小店区长风街1号”"
    if not _STREET.search(detail if place["county"] else text):
        return f"{label(fid)}“{text}”只到区县，请补充街道、路名或门牌号"
    return None


def _short_county(county: str) -> str:
    """榆次 for 榆次区, 清徐 for 清徐县: a county said by its name without the suffix (榆次片区) is said."""
    return county[:-1] if len(county) > 2 and county.endswith(("区", "县", "市", "旗")) else county


@lru_cache(maxsize=256)
def _place(text: str) -> dict[str, Any]:
    """jionlp's parse of an address into province/city/county/detail (a few ms; the same text is asked often)."""
    return jionlp().parse_location(text)

"""Values named by a label: "联系人张三", "用地面积不对，是80亩", "建设内容：新建厂房2栋…".

The label's field decides how the text after it is read: a quantity with its unit, a known value,
a code or a name, or a free description.
"""

from __future__ import annotations

import re

from bot.intake.addresses import ADDRESS_PARTS, names_a_place, whole_address
from bot.intake.extraction import Extraction
from bot.intake.handling import stated_handling
from bot.intake.homophones import respell_labels
from bot.intake.fields import CONTENT_MIN, ENUMS, NONE_WORD, SYNONYMS, label, normalize_enum
from bot.intake.lexicon import (
    ABOVE,
    without_ownership_tag,
    COMPANY_LEAD,
    COLON_LABELS,
    CONNECTOR,
    CORRECTION,
    DELIM,
    ENGLISH_PREPOSITIONS,
    IGNORED,
    IGNORED_LABELS,
    LABEL_OF,
    LABELS,
    LABEL_RE,
    LONG_TEXT,
    NAMES,
    PER_YEAR,
    ORG_FORMS,
    LABEL_PARAPHRASES,
    NEGATION,
    NUMERIC,
    QUOTES,
    SAME_AS_ABOVE,
    SENTENCE_END,
    SKIP,
    SPOKEN_LABELS,
    STATUS_LEAD,
    SURNAMES,
    TITLES,
    UNLABELLED_ENUM,
    VALUE_LEAD,
    WORDS,
    WATER_BODY,
    WATER_BODY_VALUE,
    negation_end,
    one_of,
)
from bot.intake.label_pieces import joined_labels
from bot.intake.name_leads import lead_before_name
from bot.intake.plausible import person_reason, rare_surname_name, strip_title
from bot.intake.skips import answered_after_all
from bot.intake.units import DECLARED_UNIT, Quantity, quantities, to_canonical, with_declared
from bot.intake.value_ends import ATTRIBUTIVE_LABEL, LABEL_ALTERNATIVE, TRAILING_SEPARATOR as _END_DOT, phone_groups


def find_labels(text: str) -> list[tuple[str, int, int]]:
    """(field, start, end) of each label, minus labels inside a value word (供水 in 市政供水) and
    number labels followed by no number (用电 in 使用电解液)."""
    words = [(m.start(), m.end()) for w in _VALUE_WORDS for m in re.finditer(re.escape(w), text)]
    titles = [m.span() for m in _SECTION_TITLE.finditer(text)]
    found = []
    respelled = respell_labels(respell_labels(text, _SOUND_LABELS), _SHORT_NAME_LABELS, _person_follows)
    for m in LABEL_RE.finditer(respelled):  # "总头资" is 总投资 mistyped, "发人张玉兰" is 法人张玉兰
        fid = LABEL_OF[m[0].lower()]
        if any(s <= m.start() < e for s, e in titles):
            continue  # "【一、建设单位信息】": a section's title names what follows, it holds no value
        if fid != "unit_name" and _in_organisation_name(text, m.start(), m.end()):
            continue  # 产品 in 太原福源农产品加工有限公司, 供水 in 太原市供水有限公司: part of a name
        if fid != "project_name" and _in_project_name(text, m.start(), m.end()):
            continue  # 产品 in 云图智能照明产品生产基地项目
        before = re.search(r"([A-Za-z]+)\s+(?:(?:the|a|an|our|its)\s+)?$", text[max(0, m.start() - 18):m.start()])
        if m[0].isascii() and before and before[1].lower() in ENGLISH_PREPOSITIONS:
            continue  # "wastewater to park WWTP": the object of a preposition, not a label
        if _CELL_REFERENCE.match(text, m.end()):
            continue  # "建设内容那一栏是跨页接着的": the form's cell of the field is talked about, no value follows
        if _GROUP_TITLE.match(text, m.end()):
            continue  # "建设单位信息" alone on its line (or a step of a page's wizard): it heads the fields after it
        named = _NAMES_ONE.match(text, m.end())
        names_one = named is not None and _person_follows(text, named.end())
        if _REF_LEAD.search(text[max(0, m.start() - 8):m.start()]) and (
                fid in NAMES and not names_one or re.match(r"(?:一样|相同|一致)", text[m.end():])
                or _SAME_LEAD.search(text[max(0, m.start() - 8):m.start()]) and re.match(rf"\s*(?:$|[{DELIM}])", text[m.end():])):
            continue  # "联系人同法人", "和公司地址一样": a reference; "理事长也就是法人是武福生" names one
        inside = any(s <= m.start() and m.end() <= e and e - s > m.end() - m.start() for s, e in words)
        here, *more = re.split(rf"[{DELIM}]", text[m.end():], maxsplit=1)
        if CORRECTION.search(here) and more:  # "用地面积不对，是80亩": the number is in the next clause
            here += "," + re.split(rf"[{DELIM}]", more[0], maxsplit=1)[0]
        if more and not quantities(here) and fid in NUMERIC:  # "建筑面积设计院给了，大概1.65万平方米",
            after = re.split(rf"[{DELIM}]", more[0], maxsplit=1)[0]  # "建筑面积还没给准数，先跳过"
            if SKIP.search(after) or (quantities(after) and _LEADS_WITH_NUMBER.match(after)):
                here += "," + after
        idle = fid in NUMERIC and not (quantities(here) or SKIP.search(here) or CORRECTION.search(here)
                                       or _SAME_AS.match(strip_connector(here).strip()))  # 固投同总投资
        if m[0] in SPOKEN_LABELS and not (any(q.unit for q in quantities(here)) if fid in NUMERIC
                                          else _SPOKEN_LEAD.match(text, m.end())):
            continue  # "盖的楼有5栋", "出的货主要卖到华北": the words in prose, not a field's name
        if m[0] in COLON_LABELS and not re.match(r"[ \t]*:", text[m.end():]):
            continue  # "总部在上海，工厂在太原": a slide's "总部：…" heads a value, the word in prose does not
        if not inside and not idle:
            found.append((fid, m.start(), m.end()))
    mistyped = _mistyped_labels(text, found)
    found = [lab for lab in found if not any(s <= lab[1] and lab[2] <= e for _, s, e in mistyped)]
    return joined_labels(text, sorted(found + mistyped, key=lambda lab: lab[1]))


# A label then "that cell/column/line" of a form or table: the field is talked about ("建设内容那一栏跨页了").
_CELL_REFERENCE = re.compile(r"\s*[那这此该]一?(?:栏|列|格|行)")
# A line that is all a section's title in brackets: "【二、项目基本情况】", a Markdown heading (markup.py).
_SECTION_TITLE = re.compile(r"^[ \t]*[【〖〔][^】〗〕\n]*[】〗〕][ \t]*$", re.M)
# A label then "(basic) information/situation" ending its line or a step of a wizard ("项目单位信息 —— ② …"): a
# section's title without brackets, naming the group of fields under it.
_GROUP_TITLE = re.compile(r"(?:基本|主要)?(?:信息|情况|概况)[ \t]*(?=$|[—-]{2}|[>＞→])", re.M)
# A description after a field name said the way people talk: "建的东西：…", "出的货是…", "盖的东西主要有…".
_SPOKEN_LEAD = re.compile(r"\s*(?::|是|有|主要是|主要有|就是|包括)")
# "是/为" then a name after a label: it names one ("理事长也就是法人是武福生", "法人和联系人都是我王建斌").
_NAMES_ONE = re.compile(r"(?:也都|都|均|全都)?[是为:](?:我|本人)?[,\s]*")
# A clause that is nothing but a (hedged) figure: the value of a label whose own clause only remarked on it.
_LEADS_WITH_NUMBER = re.compile(r"\s*(?:大概|大约|约|差不多|估计|应该是|是|为|共|一共)?\s*[\d零一二两三四五六七八九十百千万]")


def _mistyped_labels(text: str, found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """"建设性值：新建", "联系电化：139…": a word before a colon one character away from a label of the
    same length (3 characters or more) is that label mistyped, also when a shorter label is left whole inside it
    ("固定资厂投资：" holds 投资, but is 固定资产投资 mistyped)."""
    out = []
    for m in re.finditer(r"([\u4e00-\u9fa5]{3,8}):", text):
        only_shorter_inside = all(m.start(1) <= s and e <= m.end(1) and e - s < len(m[1]) for _, s, e in found
                                  if s < m.end(1) and m.start(1) < e)
        if not only_shorter_inside or m[1] in LABEL_OF:
            continue
        near = {LABEL_OF[lab] for lab in _LONG_LABELS.get(len(m[1]), ())
                if sum(a != b for a, b in zip(lab, m[1], strict=True)) == 1}
        if len(near) == 1:
            out.append((near.pop(), m.start(1), m.end(1)))
    return out


_ORG_TAIL = re.compile(rf"[^{DELIM}\s:]*?(?:{'|'.join(map(re.escape, ORG_FORMS))})(?=[{DELIM}\s]|$)")


def _in_organisation_name(text: str, start: int, end: int) -> bool:
    """A label word in the middle of an organisation's name: preceded by a character of the name and
    followed, without a break, by the rest of it up to its form (有限公司, 合作社…)."""
    if not (start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff"):
        return False
    tail = _ORG_TAIL.match(text, end)
    return tail is not None and not any(w in tail[0] for w in _VALUE_WORDS)  # 排到园区污水处理厂 is a place


# The speaker's organisation before their title and name: "…有限公司的厂长", "…合作社的", "…有限公司设备部石海波".
_EMPLOYER_BEFORE = re.compile(rf"[^{DELIM}\s:]{{2,40}}?(?:{'|'.join(map(re.escape, ORG_FORMS))})的?")
_PROJECT_TAIL = re.compile(rf"[^{DELIM}\s:]*?项目(?=[{DELIM}\s]|$)")


# A project-name label and its colon, which a name opening with a label word follows ("项目名称:危险化学品仓储项目").
_PROJECT_LABEL_BEFORE = re.compile("(?:" + "|".join(map(re.escape, sorted(LABELS["project_name"], key=len, reverse=True)))
                                   + r")\s*:\s*$")


def _in_project_name(text: str, start: int, end: int) -> bool:
    """A label word inside a project's name: between characters of the name, or opening it right after its label;
    the name runs on to 项目."""
    opens_name = _PROJECT_LABEL_BEFORE.search(text[max(0, start - 12):start]) is not None
    if not (start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff" or opens_name) or text[end:end + 1] in (":", "是", "为"):
        return False
    tail = _PROJECT_TAIL.match(text, end)
    return tail is not None and not any(w in tail[0] for w in _VALUE_WORDS)


_LONG_LABELS: dict[int, list[str]] = {}
for _label in LABEL_OF:
    if len(_label) >= 3 and not _label.isascii():
        _LONG_LABELS.setdefault(len(_label), []).append(_label)


# Chinese labels long enough to be recognised when typed with a sound-alike character (homophones.py).
_SOUND_LABELS = tuple(sorted(lab for lab in LABEL_OF if len(lab) >= 3 and not lab.isascii()))
# Two-character labels of a person (法人): sound-alikes only when a plausible full name follows directly.
_SHORT_NAME_LABELS = tuple(sorted(lab for lab, fid in LABEL_OF.items()
                                  if fid in NAMES and len(lab) == 2 and not lab.isascii() and not lab.startswith("我")))


def _person_follows(text: str, at: int) -> bool:
    name = re.match(rf"[\u4e00-\u9fa5·]{{2,4}}(?=[{DELIM}\s]|$)", text[at:])
    return name is not None and person_reason(name[0]) is None


_VALUE_WORDS = sorted({w for fid in ENUMS for w in (*ENUMS[fid], *SYNONYMS[fid]) if len(w) >= 3})


def read_labelled(text: str, labels: list[tuple[str, int, int]], out: Extraction) -> None:
    long_spans: list[tuple[int, int]] = []
    ignored: list[tuple[int, int]] = []
    for i, (fid, start, end) in enumerate(labels):
        if fid == IGNORED and not any(s <= start < e for s, e in ignored):
            stop = next((s for _, s, _ in labels[i + 1:] if s >= end and text[s - 1] in DELIM + " "), len(text))
            stop = next((j for j in range(end, stop) if text[j] in SENTENCE_END), stop)  # never past its sentence or a ;
            ignored.append((start, stop))  # 经营范围：… up to the next label is not ours to read
            out.claim(start, stop)
    labels[:] = [lab for lab in labels if lab[0] != IGNORED and not any(s <= lab[1] < e for s, e in ignored)]
    for i, (fid, start, end) in enumerate(labels):
        if fid not in LONG_TEXT or any(s <= start < e for s, e in long_spans):
            continue  # 产品 in "甲醇罐区、产品罐区" inside a 建设内容 is a word of it, not a label
        if (pair := _named_together(text, labels, i)) is not None:
            if SKIP.search(text[pair:pair + 12]):
                out.skipped.append(fid)  # "建设内容、产品方案还没定": both skipped
            continue  # "建设内容和产品我们系统里没有": the fields named together in prose, no value of either
        # "建设内容：" ending its line (a heading), or the label alone on its line: the value is the next line
        below = _VALUE_BELOW.match(text, end) or _alone_on_line(text, start, end)
        begin = below.end() if below else end
        stop = _form_line_end(text, start, end, labels) if not below else None
        stop = stop or _long_end(text, begin, labels[i + 1:], _MIN_LENGTH[fid])
        said = text[begin:stop]
        colon = re.match(r"\s*[:=]\s*(?=在)", said)  # "建设内容：在现有车间内…", "建设规模=在…": 在 opens the content
        value = _END_DOT.sub("", (said[colon.end():] if colon else strip_connector(said)).strip(" ,、"))
        value = _INTRO_LEAD.sub("", _SOURCE_LEAD.sub("", _HAS_LEAD.sub("", value, count=1), count=1), count=1)
        value = _LEADS_NEXT.sub("", _TRAILING_FILLER.sub("", value))
        if fid == "construction_content" and (lead := _COLON_LEAD.match(value)) and len(value) - lead.end() >= CONTENT_MIN:
            value = value[lead.end():]
        if fid == "main_products_capacity":
            value = _without_remarks_after_output(value)
        if text[start:end] == "产品" and not re.search(r"\d|[一二两三四五六七八九十百千万]\s*(?:万|千|百)?[吨台套件]", value):
            continue  # "产品甲醛溶液也在厂内储存": the word 产品 in prose, no product with its output
        if SKIP.search(value[:8]):
            out.skipped.append(fid)
        elif value:
            out.put(fid, value, start, stop)
        long_spans.append((start, stop))
    paired: dict[int, int] = {}  # label index -> where its value starts, the second of two options named together
    for i, (fid, start, end) in enumerate(labels):
        if fid in LONG_TEXT or fid == "construction_period":
            continue
        in_long = any(s <= start < e for s, e in long_spans)
        if in_long and fid not in NUMERIC:
            continue  # 供水、排水设施 inside a 建设内容 are words, not labels
        nxt = next((s for _, s, _ in labels[i + 1:] if s >= end), len(text))
        if i + 1 < len(labels) and labels[i + 1][0] == fid and not re.search(rf"[{DELIM}]", text[end:nxt]):
            continue  # "宗地编号那栏填厂房的不动产权证号：晋…": the clause names the field again, then its value
        if (pair := _options_in_order(text, labels, i)) is not None:  # "供水和排水：市政供水；…排园区污水处理厂"
            end, nxt = pair[0], pair[1]
            paired[i + 1] = pair[1] + 1
        _one_label(text, fid, start, paired.get(i, end), nxt, quiet=in_long, out=out)
    _shared_values(text, labels, out)
    _swapped_by_units(out)


# A label's colon ending its line, and the line after it that holds no label of its own; a short remark without a
# figure may stand before the colon ("建设内容我直接抄可研的：\n新建…").
_VALUE_BELOW = re.compile(r"[^:\n\d]{0,16}?[ \t]*:[ \t]*\n[\s;]*")  # ; : the next line's bullet (ENUMERATOR)


# A label alone on its line, maybe after a required field's star ("* 建设规模及内容" on a form page, the star read as a
# list item's ";"): the line break.
_LINE_OF_LABEL_ENDS = re.compile(r"[ \t]*\n[\s;]*")


def _alone_on_line(text: str, start: int, end: int) -> re.Match[str] | None:
    """The line break after a label that has its line to itself (the value on the next line), or None."""
    line_start = text.rfind("\n", 0, start) + 1
    return _LINE_OF_LABEL_ENDS.match(text, end) if re.fullmatch(r"[ \t*＊;]*", text[line_start:start]) else None


# An output said as the capacity it forms ("达产后形成X吨/年的生产能力", "具备年产X的能力"): X is the value.
_CAPACITY_WRAP = re.compile(r"(?:达产后)?(?:形成|具备|达到)([^\n]+?)的?(?:生产|加工|处理|综合)?(?:能力|规模)")


def _without_remarks_after_output(value: str) -> str:
    """The products up to the last clause saying an output by the year; clauses after it without a figure are remarks
    ("…5万吨/年，跟老厂一样，一吨都没多")."""
    if (wrapped := _CAPACITY_WRAP.fullmatch(value)) and re.search(r"\d", wrapped[1]):
        value = wrapped[1]  # "形成重组蛋白疫苗1.2亿剂/年的生产能力": the products and their output
    clauses = re.split(r"(?<=,)", value)
    last = max((i for i, c in enumerate(clauses) if PER_YEAR.search(c)), default=None)
    if last is None or last == len(clauses) - 1 or re.search(r"\d", "".join(clauses[last + 1:])):
        return value
    return "".join(clauses[:last + 1]).rstrip(",")


def _options_in_order(text: str, labels: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
    """Two option fields named together before a colon, then their values in that order split by a semicolon
    ("供水和排水：市政供水；含氟废水处理后排园区污水处理厂"): (where the first's value starts, where it ends)."""
    if i + 1 >= len(labels) or labels[i][0] == labels[i + 1][0] or not {labels[i][0], labels[i + 1][0]} <= set(ENUMS):
        return None
    (_, _, end), (_, _, end2) = labels[i], labels[i + 1]
    colon = re.match(r"\s*:\s*", text[end2:])
    if not _JOINED.fullmatch(text[end:labels[i + 1][1]]) or colon is None:
        return None
    nxt = next((s for _, s, _ in labels[i + 2:] if s >= end2), len(text))
    split = text.find(";", end2, nxt)
    return (end2 + colon.end(), split) if split > 0 else None


def _named_together(text: str, labels: list[tuple[str, int, int]], i: int) -> int | None:
    """Where the pair ends when labels[i] and a neighbour, both long fields, are joined by 和/及/、 and the pair is not
    followed by a colon ("建设内容和产品我们系统里没有", "建设内容及产品方案下面分开写"): prose about the fields."""
    for first, second in ((i - 1, i), (i, i + 1)):
        if first < 0 or second >= len(labels) or not {labels[first][0], labels[second][0]} <= set(LONG_TEXT):
            continue
        if _JOINED.fullmatch(text[labels[first][2]:labels[second][1]]) and not re.match(r"\s*:", text[labels[second][2]:]):
            return labels[second][2]
    return None


# Two labels joined, then one value for both: "法人和联系人都是王建斌", "联系人、法人均为李强", "单位地址和建设地点都在…".
_JOINED = re.compile(r"\s*(?:和|跟|与|及|以及|、|/)\s*")
_BOTH = re.compile(r"\s*(?:也都|都|均|全都)")
_KINDS = (frozenset(NAMES), frozenset({"unit_address", "site_address"}))


def _shared_values(text: str, labels: list[tuple[str, int, int]], out: Extraction) -> None:
    """The first of two joined labels of one kind takes the value read after the second when 都/均 says so."""
    for (first, _, end), (second, start, end2) in zip(labels, labels[1:]):
        if (any({first, second} <= kind for kind in _KINDS) and first != second and first not in out.values
                and second in out.values and _JOINED.fullmatch(text[end:start]) and _BOTH.match(text, end2)):
            out.values[first] = out.values[second]
            out.where[first] = out.where[second]


# "建设内容有原料车间…", "主要产品有…": the verb 有 leads a list; 有机肥, 有色金属, 有限… are words that start with it.
_HAS_LEAD = re.compile(r"^(?:一共|总共|共|还|都)?有(?![机限色效线害毒关偿源])[,:\s]*")
# A spoken filler after a pause at the end of a description ("…配套设施 然后主要产品…"): it leads the next field.
_TRAILING_FILLER = re.compile(rf"\s+(?:{one_of(WORDS['discourse_fillers'])})$")
# Who said or wrote the description, before a colon: "建设内容是郭总口述、我整理的：新建…", "产品是可研上写的：…" (a verb
# of saying or writing before 的: "一期建设的：…" says which phase and stays).
_SOURCE_LEAD = re.compile(r"^[^:\d,;。]{0,12}?(?:口述|整理|说|讲|写|给|提供|算|定|出)的\s*:\s*")
# Words counting what follows, ending in a colon before the description: they introduce it ("产品就一个：…",
# "建设内容分两块：…"); a phase ("一期建设的：…") says which part and stays.
_INTRO_LEAD = re.compile(r"^[^:\d,;。]{0,6}?[一两二三四五六七八九几]\s*(?:个|种|样|类|块|部分)[^:\d,;。]{0,3}:\s*(?=\S)")
# An instruction ending in a colon before a description ("相应改为：…", "报园区的就用这两条连起来：…"): short, no
# figure, no phase (一期建设的：… says which part and stays); the description is what follows it.
_COLON_LEAD = re.compile(r"^[^:\d,;。期]{1,14}:\s*(?=\S)")
# A time clause ending a description that leads the next field: "…及综合楼，建成后主要产品…", "…，达产后年产…".
_LEADS_NEXT = re.compile(r",\s*(?:项目)?(?:建成|投产|达产|完工|竣工)(?:后|以后)$")
# The shortest valid value of each description (fields.py): a ", <label>" ends it only once this long.
_MIN_LENGTH = {"construction_content": CONTENT_MIN, "main_products_capacity": 2}


def _form_line_end(text: str, start: int, end: int, labels: list[tuple[str, int, int]]) -> int | None:
    """In a pasted form ("项目名称：…\n建设规模及主要建设内容：…\n项目总投资：…", three or more lines opening with a
    label and a colon), a description on its own "label：" line is the whole line, figures and sentences and all
    ("项目总用地面积约120亩，总建筑面积96000平方米，新建…。项目建成后…"): None when this is not such a line."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() or text[end:end + 1] != ":":
        return None
    heads = sum(1 for _, s, e in labels if not text[text.rfind("\n", 0, s) + 1:s].strip() and text[e:e + 1] == ":")
    if heads < 3:
        return None
    line_end = text.find("\n", end)
    return len(text) if line_end < 0 else line_end


def _long_end(text: str, start: int, later: list[tuple[str, int, int]], min_length: int) -> int:
    """A description runs to the end of its sentence, or to the first ", <label>" after which it is
    already long enough (a figure of one building may follow a short one: "新建厂房2栋，建筑面积3000平方米"),
    and never past ", <label of a non-numeric field>" (联系人 does not describe the works) nor ", 总…" (总建筑面积,
    总投资: the project's own figure, the next field)."""
    stop = _works_go_on(text, next((j for j in range(start, len(text)) if text[j] in SENTENCE_END), len(text)), later)
    for fid, s, e in later:
        long_enough = len(strip_connector(text[start:s - 1]).strip(" ,")) >= min_length
        declared = text[e:e + 1] == ":" or text[s] == "总"  # "…,总建筑面积:45000平方米" is the next field
        if start < s < stop and text[s - 1] in ", " and (fid not in NUMERIC or long_enough or declared):
            return s - 1
        if start < s < stop and long_enough and text[e:e + 1] in ("是", "为", ":"):
            return s  # voice input without punctuation: "…配套设施总建筑面积是六万平方米"
        lead = re.search(r",([^\d,]{1,4})$", text[start:s])  # ", 二期新建总建筑面积…": a few words, then 总…
        if start < s < stop and text[s] == "总" and lead and long_enough:
            return s - len(lead[1]) - 1
    return stop


# A clause after a semicolon that builds more ("；同步建设再生水厂5万立方米/日…", "；配套建设…"): the works go on.
_MORE_WORKS = re.compile(r";\s*(?:同步|同时|另外|另|并)?(?:建设|新建|扩建|改建|配套|购置|新增|改造|拆除|安装|铺设)")


def _works_go_on(text: str, stop: int, later: list[tuple[str, int, int]]) -> int:
    """The end of the description past each semicolon that goes on building, with no label in what follows."""
    while _MORE_WORKS.match(text, stop):
        end = next((j for j in range(stop + 1, len(text)) if text[j] in SENTENCE_END), len(text))
        if any(stop < s < end for _, s, _ in later):
            break
        stop = end
    return stop


# Words opening with 在 (在线, 在建…): there 在 starts the value, it is no connector (words/conversation.yaml).
_ZAI_WORD = re.compile(one_of(WORDS["words_opening_with_zai"]))


def _without_connector(value: str) -> str:
    m = CONNECTOR.match(value)
    if not m:
        return value
    end = m.end() - 1 if value[m.end() - 1] == "在" and _ZAI_WORD.match(value, m.end() - 1) else m.end()
    return value[end:]


def strip_connector(value: str) -> str:
    """Without the connector and spoken fillers a value follows its label with: "叫那个", "的话主要是"."""
    while True:
        shorter = VALUE_LEAD.sub("", _without_connector(LABEL_ALTERNATIVE.sub("", value, count=1)), count=1)
        if shorter == value:
            return value
        value = shorter


def _one_label(text: str, fid: str, start: int, end: int, nxt: int, quiet: bool, out: Extraction) -> None:
    region = text[end:nxt]
    if _JOINED.fullmatch(region):
        return  # "法人和联系人…": joined to the next label, whose value may be both's (_shared_values)
    clause = region[:next((j for j, c in enumerate(region) if c in DELIM), len(region))]
    # "宗地编号木有": a chat word for 没有 (words/none_words.yaml) gives no value either
    no_value = fid not in ENUMS and re.match(rf"(?:没有|无|暂无|{NONE_WORD})(?:$|[,;。!?\s])", strip_connector(clause) or "-")
    skip = SKIP.search(clause) or SKIP.search(strip_connector(region)[:8])
    if (skip and not answered_after_all(fid, region, skip.end())) or no_value:
        out.skipped.append(fid)
        out.where[fid] = start
        out.claim(start, end + len(clause))  # "宗地编号我问一下同事" says nothing else
        return
    if fid in NUMERIC or fid in ENUMS:
        value = strip_connector(region)
        if _reference(fid, value, start, end + len(region) - len(value), out):
            return  # "固定资产投资同总投资": the value of another field, whatever its type
    if fid in NUMERIC:
        numeric_value(fid, text, start, end, min(nxt, end + 40), quiet, out)
    elif fid in ENUMS:
        _enum(fid, text, start, end, nxt, out)
    else:
        _short_text(fid, text, start, end, nxt, out)


def numeric_value(fid: str, text: str, label_at: int, start: int, stop: int, quiet: bool, out: Extraction) -> None:
    """quiet: a label inside a 建设内容 value; take a quantity if one is there, never complain."""
    declared = DECLARED_UNIT.match(text, start, stop)
    if declared:
        start = declared.end()
    found = [q for q in quantities(text[start:stop], start) if quiet or out.unclaimed(q.start, q.end)]
    if declared:
        found = [with_declared(q, declared["mag"], declared["unit"]) for q in found]
    dimension = NUMERIC[fid]
    if dimension == "persons" and _BY_CATEGORY.match(text, start, stop) and not quiet:
        sentence = next((j for j in range(start, len(text)) if text[j] in "。!?;\n"), len(text))
        parts = [q for q in quantities(text[start:sentence], start) if q.unit in ("人", "名") and not q.negative]
        if len(parts) >= 2:  # "定员包括管理人员60人、生产工人320人、研发40人": the staff is the sum
            out.put(fid, float(sum(q.value for q in parts)), parts[0].start, parts[-1].end)
            return
    if found and found[0].negative and not quiet:
        out.fail(fid, negative_message(fid, text[found[0].start:found[0].end]), label_at)
        return
    for q in found:
        value = to_canonical(q, dimension)
        if value is not None:
            out.put(fid, value, q.start, q.end, weak=quiet)  # 建筑面积 inside a description is a detail
            note_range(fid, q, out)
            return
    if quiet:
        return
    if found and dimension == "area_strict" and found[0].unit is None:
        out.fail(fid, "请说明用地面积的单位：亩、公顷或平方米（如120亩）", label_at)
    elif found:
        out.fail(fid, f"“{text[found[0].start:found[0].end]}”的单位不对：{_UNIT_HINT[dimension]}", label_at)
        out.misplaced[fid] = found[0]
    elif out.correction:
        out.reask.append(fid)


def _swapped_by_units(out: Extraction) -> None:
    """Two labels whose figures each carry the other's unit ("年综合能源消费量：2.3亿千瓦时\n年用电量：6.8万吨标准煤"): the
    labels were swapped, and the units say which figure is which."""
    for first, q in list(out.misplaced.items()):
        for second, r in list(out.misplaced.items()):
            if first >= second or first in out.values or second in out.values:
                continue
            mine, theirs = to_canonical(r, NUMERIC[first]), to_canonical(q, NUMERIC[second])
            if mine is not None and theirs is not None:
                for fid, value, at in ((first, mine, r), (second, theirs, q)):
                    out.errors.pop(fid, None)
                    out.put(fid, value, at.start, at.end)


# A head count given by category after its label: "劳动定员包括…", "定员其中…", "员工分为…".
_BY_CATEGORY = re.compile(r"[\s:]*(?:包括|包含|其中|含|分为|分别是|由)")
_UNIT_HINT = {"area_strict": "用地面积请用亩、公顷或平方米", "area": "面积请用平方米、亩或公顷",
              "money": "投资请用人民币元、万元或亿元（外币请换算成人民币）", "persons": "劳动定员请填人数", "volume": "土石方请用立方米（方）",
              "energy": "能耗请用吨标准煤", "electricity": "用电量请用千瓦时（度）或万千瓦时"}


def _enum(fid: str, text: str, start: int, end: int, nxt: int, out: Extraction) -> None:
    before = start - next((j for j, c in enumerate(reversed(text[:start])) if c in DELIM + " "), start)
    after = end + next((j for j, c in enumerate(text[end:nxt]) if c in DELIM), nxt - end)
    if fid == "hazardous_chemicals" and not _SAID_OUTRIGHT.match(text, end):
        handling = stated_handling(text[before:_chemicals_end(text, end, nxt)])
        if handling is not None:  # "使用电解液等危险化学品，不涉及危险化学品的生产和储存": the verbs say how
            if handling:
                out.put(fid, handling, start, after)
            return
        if NEGATION.search(text[before:start]):
            out.put(fid, "无", before, end)
            return
    reported = [e for s, e in out.replacing if end <= s < nxt]  # "主厂房丙类……按项目最高的报，报甲类": the one reported
    if reported and (said := find_enum_span(fid, text[reported[-1]:nxt])) is not None:
        out.put(fid, said[0], start, reported[-1] + said[1])
        return
    if fid == "wastewater_destination" and not ATTRIBUTIVE_LABEL.match(text[end:after]) \
            and (said := find_enum_span(fid, text[end:nxt])) and said[0] != "零排放":
        out.put(fid, said[0], start, end + said[1])  # "冷却水不外排，生活污水接市政管网": a destination beats 零排放
        return
    for lo, hi in ((before, after), (end, nxt)):
        found = find_enum_span(fid, text[lo:hi])
        if found and hi == after:  # the label's clause up to the value's word: voice input runs on without
            word_end = re.match(r"[^\s]*", text[lo + found[1]:hi])  # commas ("地是招拍挂拿的 面积是三十二亩")
            out.put(fid, found[0], start, max(end, lo + found[1] + (word_end.end() if word_end else 0)))
            return
        if ATTRIBUTIVE_LABEL.match(text[end:after]):
            return  # "给排水的数据给您，…": the values come later, each read where it is said
        if found:  # claimed to the end of the option's sentence: the next ("协议出让。说好的80亩") is read on its own
            stop = next((j + 1 for j in range(lo + found[1], hi) if text[j] in SENTENCE_END), hi)
            out.put(fid, found[0], start, stop)
            return
    said = strip_connector(text[end:after]).strip(" ,")
    paraphrase = next((value for f, value, regex in LABEL_PARAPHRASES if f == fid and value and regex.search(said)), None)
    if paraphrase:  # "水是自己打的井", "地是园区租给俺们的": an option said in other words (words/option_paraphrases.yaml)
        out.put(fid, paraphrase, start, after)
    elif said:
        out.put(fid, said, start, after)  # not a known value: the validator says what is allowed
    elif out.correction:
        out.reask.append(fid)


# 危险化学品情况 answered by its option right after the label ("危化品：无，仅用水", "危险化学品：使用，不储存"): the option
# says it, not the verbs of the clauses after it.
_SAID_OUTRIGHT = re.compile(r"[\s:]*(?:是|为)?(?:无|没有|不涉及|使用|生产或储存)(?![\u4e00-\u9fa5])")


def _chemicals_end(text: str, end: int, nxt: int) -> int:
    """Where the talk of the chemicals after their label ends: at the sentence's end, the next label, or the first
    clause naming another field's option ("…不储存，自来水，零排放": the water is no verb of the chemicals)."""
    stop = next((j for j in range(end, nxt) if text[j] in SENTENCE_END), nxt)
    for m in re.finditer(rf"[^{DELIM}]+", text[end:stop]):
        if any(w in m[0] for f, words in UNLABELLED_ENUM.items() for w in words):
            return end + m.start()
    return stop


def find_enum(fid: str, region: str) -> str | None:
    """Earliest (then longest) value or synonym of fid inside region."""
    found = find_enum_span(fid, region)
    return found[0] if found else None


def find_enum_span(fid: str, region: str) -> tuple[str, int] | None:
    """find_enum's value and where its word ends in region (a water body: the region's end)."""
    hits = [(at, -len(w), w) for w in (*ENUMS[fid], *SYNONYMS[fid]) if (at := region.find(w)) >= 0
            and negation_end(region, at, at + len(w)) is None]  # "自备井没有，用自来水": not 自备井
    if not hits:  # "园区污水处理场", "市政共水": one character off a value of four characters or more
        hits = [(i, -len(w), w) for w in ENUMS[fid] if len(w) >= 4 for i in range(len(region) - len(w) + 1)
                if sum(a != b for a, b in zip(region[i:i + len(w)], w, strict=True)) == 1]
    body = WATER_BODY.search(region) if fid in WATER_BODY_VALUE else None
    if not hits and body and negation_end(region, body.start(), body.end()) is None:
        return WATER_BODY_VALUE[fid], len(region)  # "处理达标后排入汾河": a named river is a water body
    if not hits:
        return None
    kept = discharged(fid, [w for _, _, w in hits])
    at, length, word = min(h for h in hits if h[2] in kept)
    return normalize_enum(fid, word), at - length


def discharged(fid: str, words: list[str]) -> list[str]:
    """The option words said for a field, without 零排放 when a destination is named too: "生产上循环水不外排，往外排的只有
    生活污水，走市政管网" - part of the water goes somewhere, so that is where it goes."""
    if fid != "wastewater_destination":
        return words
    return [w for w in words if normalize_enum(fid, w) != "零排放"] or words


def _reference(fid: str, value: str, start: int, at: int, out: Extraction) -> bool:
    """"建设地点同上", "建设地点同公司地址", "固定资产投资同总投资": the field repeats another one's value (out.refs)."""
    if SAME_AS_ABOVE.match(value.split(",")[0].strip()) and fid in ABOVE:
        out.refs[fid] = ABOVE[fid]
        out.where[fid] = start
        return True
    same = _SAME_AS.match(value)
    target = LABEL_OF.get(re.sub(r"^(?:上面|前面|上述|刚才|之前|以上|公司|企业|单位|的)+", "", same[1]).lower()) if same else None
    if same and target is None and _SAME_AS_PASTED.match(value):
        out.claim(start, at + same.end())  # "建设地点和合同第五条写的一样": read where that text was pasted
        return True
    if target in (None, fid, IGNORED) or same is None:
        return False
    out.refs[fid] = target
    out.where[fid] = start
    out.claim(start, at + same.end())
    return True


def _short_text(fid: str, text: str, start: int, end: int, nxt: int, out: Extraction) -> None:
    region = text[end:nxt]
    clause_start = max((text.rfind(d, 0, start) for d in DELIM), default=-1) + 1
    rest = re.split(rf"[{DELIM}]", region, maxsplit=1)[0]
    pointed = strip_connector(rest).rstrip("吧了呢啊")
    if _POINTER.search(text, clause_start, start) and len(pointed) <= 3 \
            and not (fid in NAMES and person_reason(pointed) is None):  # "执照上的法人是贾志鹏" names them
        again = _SAID_AGAIN.match(region, len(rest))
        if again is None:
            out.claim(start, end + len(rest))  # "宗地编号填上面的证号就行": what was said before, no new value
            return
        region = region[again.end():]  # "按营业执照上的住所填，就是山西省…": the value pointed at, said after all
    value = strip_connector(region)
    at = nxt - len(value)
    if _REMARK.match(value):
        return  # "地址不一样：…", "住所一直没变": said about the field, no value of it
    change = _CHANGE_TO.search(value)
    if change and change.start() > 0:  # "项目名称要跟备案一致，改成年产8万台…项目": the value is what it changes to
        at, value = at + change.end(), value[change.end():]
    codes = {"uscc": r"[0-9A-Za-z](?:[0-9A-Za-z]|[\s-](?=[0-9A-Za-z]))+",
             "contact_phone": r"\+?\(?\d[\d()\- ]*\d(?:\s*(?:转|分机)\s*\d{1,6})?", "industry_code": r"[A-Za-z]?\d{2,}"}
    if fid in NAMES:
        label_to = at
        employer = _EMPLOYER_BEFORE.match(value) if fid == "contact_name" else None
        if employer:  # "我是山西…有限公司的厂长白建军": the firm is left for the builder's name
            at, value = at + employer.end(), value[employer.end():]
        introduced = text[start:end].startswith("我")  # "我是…的陶丽君": the speaker, who may not be the contact
        if introduced and fid in out.values:
            out.claim(start, label_to)  # a contact named by its label before stands; the speaker's name is no rival
            return
        _name_after_label(fid, text, value, at, nxt, out)
        if fid in out.values:
            out.claim(start, label_to)  # the label itself is never a value ("法人" is no contact's name)
            if introduced:
                out.weak.add(fid)  # a contact named by its label later replaces the speaker without a question
        return
    if fid in ("unit_address", "site_address"):
        if (that := _THAT_ONE.match(value)) is not None:  # "单位地址是清徐那个，山西省…9号": the place said after it
            rest = value[that.end():].lstrip(DELIM + " ")
            if not rest or not names_a_place(rest) or find_labels(re.split(rf"[{DELIM}]", rest)[0]):
                out.pointed.append(fid)  # "建设地点才是阳曲园区厂里那个": one said before, no new value
                out.claim(start, at + that.end())
                return
            at, value = nxt - len(rest), rest
        value = whole_address(text, value, at, nxt)
        if text[start:end] in ("位置", "地点") and not names_a_place(value):
            return  # "这个位置交通比较方便": the word in prose, no place after it
    if _reference(fid, value, start, at, out):
        return
    value = STATUS_LEAD.sub("", re.sub(r"^[.:#\s]+", "", value)).rstrip("吧呢啊").strip(QUOTES)
    if fid in ("unit_name", "project_name"):
        value = COMPANY_LEAD.sub("", value, count=1)
        value = _LATIN_GLOSS.sub("", value, count=1)  # "…有限公司（Taiyuan … Co., Ltd.）": the Chinese name
    m = (re.search(codes[fid], value) if fid in codes else re.match(rf"[^{DELIM}\s]+", value))
    if m and fid in _LATIN_SPACED:  # "年产3GW TOPCon高效光伏组件项目": a space between Latin words is inside the name
        spaced = re.match(rf"[^{DELIM}\s]+(?:(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])[^{DELIM}\s]+)+", value)
        m = spaced if spaced and re.search(_LATIN_SPACED[fid], spaced[0]) else m
    if m and fid in ("unit_address", "site_address"):
        m = ADDRESS_PARTS.match(value) or m  # "纬三路以南、经二路以东": one place bounded by two roads
    if m and (_INTRODUCES_LINES.match(value, m.start()) or _INTRODUCES_NEXT.fullmatch(m[0].strip())):
        return  # "编号接着上面的往下排：", "代码和编号我打字发你：信用代码…": it introduces what follows, no value
    if m and m[0].strip():
        said = _code_groups(m[0]) if fid == "uscc" else _END_DOT.sub("", _before_unopened_quote(
            _before_unopened_bracket(m[0].strip())))
        if fid == "contact_phone":
            said = phone_groups(said)
        said = _IGNORED_ASIDE.sub("", said)
        if (option := _BRACKETED.search(said)) and (other := _another_fields_option(fid, option["inside"])):
            said = said[:option.start()]  # "140105-2026-XF-073（招拍挂出让）": the option is read as its own field
            value_at = at + m.start() + len(m[0]) - len(m[0].lstrip())
            out.put(fid, said, start, value_at + len(said))
            if other not in out.values:  # "…项目（新建）": 新建 alone is no sure word in prose, here it is the answer
                out.put(other, normalize_enum(other, option["inside"]), value_at + option.start(),
                        value_at + option.end())
            return
        if fid == "unit_name":
            said = _before_remark(without_ownership_tag(said))
        out.put(fid, said, start, at + m.end())
    elif out.correction:
        out.reask.append(fid)


# Words about a field's value, not the value (words/conversation.yaml field_remarks), ending their clause.
_REMARK = re.compile(rf"(?:{one_of(WORDS['field_remarks'])})(?:$|[{DELIM}\s:])")
# The next clause saying the value a pointer names: "…执照上的住所填，就是山西省…".
_SAID_AGAIN = re.compile(rf"[{DELIM}]\s*(?:也就是|就是|即)\s*")
# Words ending their line in a colon: they introduce the lines after them.
_INTRODUCES_LINES = re.compile(r"[^:\n]+:[ \t]*\n")
# Words without a figure ending in a colon, as a whole value: they introduce the values after them.
_INTRODUCES_NEXT = re.compile(r"[^:\d\n]{1,20}:")
# A label pointing back at a document or message given before ("上面的证号", "证上的坐落", "执照上的地址"): it names a
# value already said, it does not say one.
_POINTER = re.compile(r"(?:上面|前面|上边|上述|刚才|以上|证上|证书上|执照上|表上)(?:的|说的|写的|发的)?$")
# A bracketed aside after a value, opening with the label of something we do not collect: "…工业路18号（注册资本
#人民币伍仟万元整）", "…有限公司（成立日期2015年3月）": another entry of the pasted document, not part of the value.
_IGNORED_ASIDE = re.compile(r"\s*[(（](?:" + "|".join(map(re.escape, IGNORED_LABELS)) + r")[^()（）]*[)）]\s*$")
# Names that may hold English words spaced apart (a technology, a brand), read on across such a space when the
# whole ends as the kind of name it is: a project's, or an organisation's.
_LATIN_SPACED = {"project_name": r"(?:项目|工程)$", "unit_name": r"(?:公司|厂|集团|中心)$"}


# A remark in brackets after an organisation's whole name ("…科技有限公司（去年改了名，执照上是这个）"), three or more
# characters long and no organisation form ("…合伙企业（有限合伙）" and "…有限公司（筹）" are the names themselves).
_BRACKETED = re.compile(r"\s*[(（](?P<inside>[^()（）]*)[)）]?\s*$")


def _another_fields_option(fid: str, inside: str) -> str | None:
    """The option field whose option the bracketed words are (招拍挂出让, 新建, 划拨…), other than fid; None if none."""
    return next((other for other in ENUMS if other != fid and normalize_enum(other, inside) is not None), None)


def _before_remark(name: str) -> str:
    m = _BRACKETED.search(name)
    if m and name[:m.start()].endswith(ORG_FORMS) and len(m["inside"]) >= 3 \
            and not m["inside"].startswith(ORG_FORMS):
        return name[:m.start()]
    return name


def _before_unopened_bracket(said: str) -> str:
    """"太原市小店区龙城大街88号）拟在贵区…": a value said inside brackets ends at the bracket closing them."""
    depth = 0
    for i, c in enumerate(said):
        depth += c in "(（"
        if c in ")）":
            if depth == 0:
                return said[:i].strip()
            depth -= 1
    return said


_CLOSING = {"”": "“", "」": "「", "』": "『", "》": "《", "’": "‘"}


def _before_unopened_quote(said: str) -> str:
    """"…深加工项目”，新建": a value quoted in its sentence ends before the quote closing it."""
    return said[:-1] if said and said[-1] in _CLOSING and _CLOSING[said[-1]] not in said else said


def _code_groups(said: str) -> str:
    """A credit code written in groups ("9114 0100 MA0K 1234 X9"): groups joined up to 18 characters."""
    code = ""
    for group in re.split(r"[\s-]+", said):
        if len(code) >= 18:
            break
        code += group
    return code


def _name_after_label(fid: str, text: str, value: str, at: int, nxt: int, out: Extraction) -> None:
    """The first clause names the person; when it only chatters ("就我吧") or gives a title ("张总"), a later
    clause up to the next label may: "联系人就我吧，杨兰勇" / "联系人是张总，全名张建华"."""
    read_name(fid, value, at, out)
    if fid in out.values or fid in out.refs:
        return
    first = re.match(rf"[^{DELIM}\s]*", value)
    rest = text[at + (first.end() if first else 0):nxt]
    later = re.search(r"(?:全名|名字叫|名字是|姓名|名叫|叫)[是为:\s]*([\u4e00-\u9fa5·]{2,8})", rest) or \
        re.match(rf"[{DELIM}\s]+([\u4e00-\u9fa5·]{{2,8}})(?=[{DELIM}\s]|$)", rest)
    if later and read_name(fid, later[1], at + len(text[at:nxt]) - len(rest) + later.start(1), out) and \
            fid in out.values:
        return
    if out.correction and not any(fid in n for n in out.notes):
        out.reask.append(fid)


# A name's translation in brackets after it: "（Taiyuan Essent Precision Machinery Co., Ltd.）" (up to a label inside).
# Inside the name, more of it following, the letters are its own: "年产3GW异质结（HJT）高效电池片项目".
_LATIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fa5])\s*[(（][A-Za-z][^()（）\u4e00-\u9fa5]*(?:[)）](?![\u4e00-\u9fa5\w])|$)")
# A change said after a remark on the field, in a later clause: "…要跟备案一致，改成X", "…写错了，应改为X".
# "…，改成…", or a change already made said after its date ("法定代表人10月已变更为周某").
_CHANGE_TO = re.compile(rf"(?:(?<=[{DELIM}\s])(?:应该|应|要|需要|得|请)?|已经?)(?:改成|改为|换成|更正为|修改为|更改为|变更为)[:\s]*")
# Words the speaker calls themself by (我, 本人, chat's 本宝宝; words/conversation.yaml self_reference).
_SELF = one_of(WORDS["self_reference"])
# The speaker, then their name in the next clause: "我，孙倩", "是我，贾婷婷", "就我吧，杨兰勇" (the name says who "我"
# is; without it "联系人是我" stays a reference).
SELF_THEN_NAME = re.compile(rf"^(?:也|都|还)?(?:是|就是|就|写|填)?(?:{_SELF})(?:本人|自己)?(?:吧|啊|呀)?[{DELIM}\s:]+"
                            rf"(?:叫|名字叫|是)?([\u4e00-\u9fa5·]{{2,16}})(?=$|[{DELIM}\s])")  # 财务经理贺丽萍: titled
_SAME_AS = re.compile(r"^(?:和|跟|与|同)(.{2,12}?)(?:一样|相同|一致)?(?:$|[,;。!\s])")
# A place pointed at rather than said: "清徐那个", "才是阳曲园区厂里那个" (the one already named), "还是老地址".
# 那个 after a space is a spoken filler ("…纬二路以南 那个宗地编号…").
_THAT_ONE = re.compile(rf"[^{DELIM}\s]{{0,14}}?(?:那个|那一个|那家|那处|那块|老地址|原地址|原来的地址|原来的)(?=$|[{DELIM}])")
# The same as a document pasted before, by its clause or page ("和合同第五条写的一样", "跟执照上的一致"): no value here.
_SAME_AS_PASTED = re.compile(r"^(?:和|跟|与|同)[^,;。!\s]{2,12}?(?:写的|说的|上的|里的)(?:一样|相同|一致)(?:$|[,;。!\s])")
_REF = re.compile(r"^(?:也|都|还)?(?:是|就是|同|和|跟|与)?(?:他|她|法人|法定代表人|联系人|同上|本人|我)(?:本人|自己)?"
                  r"(?:一样|相同|同一人|同一个人|一个人)?(?:$|[,;。!\s])")
# a word pointing back at what was said ("同上面的单位地址", "和前面的公司地址一样")
_BACK = r"(?:上面|前面|上述|刚才|之前|以上)?(?:的)?"
_SAME_LEAD = re.compile(rf"(?:同|和|跟|与){_BACK}(?:公司|企业|单位)?(?:的)?$")  # "建设地点同单位地址，…" (not "就是厂址，<value>")
_REF_LEAD = re.compile(rf"(?:同|和|跟|与|也是|就是){_BACK}(?:公司|企业|单位)?(?:的)?$")
_OTHER_NAME = {"contact_name": "legal_rep_name", "legal_rep_name": "contact_name"}


def read_name(fid: str, value: str, at: int, out: Extraction) -> bool:
    """A person's name for fid from the text after its label (or a whole answer): True when something was
    understood. A title is dropped (董事长王强 -> 王强); a title alone (孔部长) is noted, not stored;
    "也是他"/"同法人" repeats the other name; chatter ("我问一下同事") is nothing."""
    text = value.strip()
    lead = lead_before_name(text)
    if lead and read_name(fid, text[lead:], at + lead, out) and fid in out.values:
        return True  # "法人是我儿子郝建国", "我公司综合管理部马文杰", "芯拓的PM邢薇": who they are, then the name
    if (said := SELF_THEN_NAME.match(text)) and person_reason(name := strip_title(said[1])) is None:
        out.put(fid, name, at + said.start(1), at + said.end(1))  # "我，贾婷婷": the speaker names themself
        return True
    if _REF.match(text) and not re.match(r"^(?:我|本人)$", text):
        out.refs[fid] = _OTHER_NAME[fid]
        out.where[fid] = at
        out.claim(at, at + _REF.match(text).end())
        return True
    m = re.match(r"[\u4e00-\u9fa5·]+", text)
    if not m and re.match(r"\d", text):
        return False  # "2.2万平方米": a figure, not a person
    if not m:  # "Tom Zhang（张涛）": the Han name in the same clause; without one, "Markus Schmidt"
        clause = re.split(rf"[{DELIM}]", text, maxsplit=1)[0]
        han = re.search(r"[\u4e00-\u9fa5·]{2,8}", clause)
        if han:
            return read_name(fid, han[0], at + han.start(), out) and fid in out.values
        latin = re.match(r"[A-Za-zÀ-ÖØ-öø-ɏ'. -]+?(?=\s*(?:$|[^A-Za-zÀ-ÖØ-öø-ɏ'. -]))", clause)
        said = re.sub(r"(?<=[^\W\d_]{2})\.$", "", latin[0].strip()) if latin else ""  # "…Müller." ends a sentence
        if latin and person_reason(said) is None:
            out.put(fid, said, at, at + latin.end())
            return True
        return False
    cue = list(re.finditer(r"全名|名字叫|名字是|叫做|名叫|姓名", m[0]))
    if cue and read_name(fid, m[0][cue[-1].end():].lstrip("是为:"), at + cue[-1].end(), out):
        return True  # "孔部长全名孔艳"
    name = strip_title(m[0])
    self_named = re.match(rf"(?:就|也|都|还|均)?(?:写|填|填写|是|为)?(?:{_SELF})(?:就是|叫|是)?([\u4e00-\u9fa5·]{{2,4}})$", name)
    if self_named and person_reason(name) is not None and person_reason(self_named[1]) is None:
        out.put(fid, self_named[1], at + self_named.start(1), at + m.end())  # "联系人是我韩梦瑶"
        return True
    if person_reason(name) is None:
        out.put(fid, name, at, at + m.end())
        return True
    for cut in (4, 3, 2):  # voice input runs on: "韩丽公司在太原市…" (but 宗地编号… starts with a label)
        head = strip_title(m[0][:cut])
        if cut < len(m[0]) and person_reason(head) is None and LABEL_RE.match(m[0], cut) and \
                not LABEL_RE.match(m[0]):
            out.put(fid, head, at, at + cut)
            return True
    if rare_surname_name(name):  # said where a name goes, with a surname off the list: kept, and said so
        out.put(fid, name, at, at + m.end())
        out.notes.append(f"{label(fid)}：记下了“{name}”（“{name[0]}”姓较少见，请核对）")
        return True
    called = re.search(rf"([{''.join(s for s in SURNAMES if len(s) == 1)}])({'|'.join(TITLES)})", name)
    if called:
        out.notes.append(f"{label(fid)}：记下了“{called[0]}”，这是称呼，请告诉我{called[0]}的全名")
        out.claim(at, at + m.end())
        return True
    return False


def note_range(fid: str, q: Quantity, out: Extraction) -> None:
    """A range is stored as its upper bound (the one approval thresholds are checked against): say so."""
    if q.range_said and not any(q.range_said in n for n in out.notes):
        out.notes.append(f"{label(fid)}：您给的是范围“{q.range_said}”，已先按上限记录（审批门槛按上限判断），有准确数字请直接告诉我。")


def negative_message(fid: str, said: str) -> str:
    return f"{label(fid)}不能是负数（您写的是“{said}”），请填写实际数值"

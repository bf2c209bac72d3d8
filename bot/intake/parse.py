"""Rule-based extraction of the 28 fields from one chat message, without an LLM.

Order of evidence: labelled values ("联系人张三", "用地面积不对，是80亩"; labelled.py) first, then unambiguous
patterns (credit codes, phones, 亩/公顷, 吨标准煤, 自来水…, the construction period; patterns.py), then
context, read here (the fields the dialogue just asked for: a bare answer to a single question fills it; a
terse list fills the asked fields in order). Values come out raw (numbers in canonical units) in an
Extraction (extraction.py); the pydantic model in fields.py has the last word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from bot.intake.addresses import said_in_full
from bot.intake.bare_lines import read_bare_lines
from bot.intake.cantonese import cantonese_as_mandarin
from bot.intake.chain import read_chain
from bot.intake.chemicals import read_chemicals
from bot.intake.decimal_comma import european_figures
from bot.intake.wan_groups import wan_grouped_figures
from bot.intake.spoken_marks import spoken_marks
from bot.intake.korean import korean_as_chinese
from bot.intake.english import english_prose
from bot.intake.exported import read_export
from bot.intake.extraction import Extraction, normalize
from bot.intake.hashtags import read_hashtags
from bot.intake.fields import CONTENT_MIN, ENUMS, label, normalize_enum
from bot.intake.labelled import (
    SELF_THEN_NAME,
    find_enum,
    read_name,
    find_labels,
    numeric_value,
    read_labelled,
    strip_connector,
)
from bot.intake.lexicon import (
    LABELS,
    ABOVE,
    without_ownership_tag,
    ASIDE,
    CANCEL,
    COMPANY_LEAD,
    CONDITIONAL_CONFIRM,
    CONFIRMING_WORD,
    HOLDING_BACK,
    LAST_SAID_WINS,
    REPLACING,
    REPAIR_CLAUSE,
    RESTATED,
    CORRECTION,
    CORRECTION_LEAD,
    CAPACITY,
    CHAT_TILDE,
    DELIM,
    DESCRIPTION,
    ENUMERATOR,
    FILLER,
    NAMES,
    NEGATED,
    NUMERIC,
    PRODUCTS_LEAD,
    QUESTION,
    QUOTES,
    SAME_AS_ABOVE,
    SECTION_NO,
    SPACED_MAGNITUDE,
    BRACKETED_AREA_CODE,
    SPACED_THOUSANDS,
    SWAPPED,
    SELF_FIX,
    SENTENCE_END,
    SKIP,
    SLASH_SEPARATOR,
    TITLES,
    TRAILING_LABEL,
    WORDS,
    is_chatter,
    one_of,
)
from bot.intake.interview import read_interview
from bot.intake.linebreaks import join_broken_lines
from bot.intake.markup import plain_text
from bot.intake.ocr import read_ocr
from bot.intake.patches import read_patches
from bot.intake.patterns import read_output, read_patterns, read_period
from bot.intake.plausible import implausible, person_reason
from bot.intake.printout import read_printout
from bot.intake.quoted import drop_quoted_history
from bot.intake.parties import other_parties_dropped
from bot.intake.quoted_values import labels_outside_quoted_values
from bot.intake.role_sections import role_sections
from bot.intake.signature import body_above_signature
from bot.intake.thresholds import is_threshold
from bot.intake.radio import radio_digits
from bot.intake.replaced import read_replacements, the_number_asked_for
from bot.intake.respelled import respellings
from bot.intake.sums import read_shares, read_sums
from bot.intake.settled import settle
from bot.intake.site import read_roads, site_address_asked, site_in_park
from bot.intake.slides import read_parcel_site, slide_titles, winning_spans
from bot.intake.sources import EVERY_FIELD, block_of, read_rules
from bot.intake.table import read_table
from bot.intake.ticked import ticked_options
from bot.intake.tree import read_tree
from bot.intake.unit_tables import read_unit_tables
from bot.intake.units import NUM
from bot.intake.widgets import page_without_widgets
from bot.intake.works import read_works
from bot.intake.xml_export import read_xml
from knowledge.fields import FIELD_IDS, FIELDS_BY_ID, GROUPS
from knowledge.zone import load_zone




def intent(message: str) -> str | None:
    """'confirm' or 'cancel' for whole-message replies; None otherwise."""
    text = normalize(message)
    if CANCEL.search(text) and not QUESTION.search(text):
        return "cancel"
    return "confirm" if _confirms(text) else None


def _confirms(text: str) -> bool:
    """"企业已核对，确认提交", "核对过了，没问题，就按这个提交吧", "嗯，确认吧": a confirming word, no word holding back
    ("有误", "先别提交"), no question, and no value of a field (a value is a correction, shown again to confirm)."""
    return (CONFIRMING_WORD.search(text) is not None and not HOLDING_BACK.search(text)
            and _confirms_apart_from_questions(text) and not parse(text).values)


def _confirms_apart_from_questions(text: str) -> bool:
    """No question at the end, or a confirming sentence before the questions: "信息都对，确认提交。最后问下提交后多久能出结果？"
    confirms, then asks a side question; "确认提交吗？" and "有个问题：…？没问题就确认" do not."""
    if not QUESTION.search(text):
        return True  # "都齐了吧？确认提交。", "项目代码不用填吗？行，那就确认吧": the message ends confirming
    sentences = [s for s in re.split(rf"(?<=[{SENTENCE_END}])", text) if s.strip()]
    asking = [QUESTION.search(s.strip()) is not None for s in sentences]
    if not any(asking):
        return True
    first_question = asking.index(True)
    return any(CONFIRMING_WORD.search(s) for s in sentences[:first_question])


def confirms_restating(message: str) -> bool:
    """"总投资就是3.26亿，没问题，确认提交", "建设期是2027年3月到2028年8月对吧？对的话就确认提交": a confirming word
    and no word holding back, with values in it (a check of the summary): a confirmation when those values change
    nothing, which the dialogue knows."""
    text = normalize(message)
    return CONFIRMING_WORD.search(text) is not None and (not HOLDING_BACK.search(text)
                                                         or CONDITIONAL_CONFIRM.search(text) is not None)


def parse(message: str, expecting: Sequence[str] = (), today: date | None = None,
          open_fields: Sequence[str] = (), rules_before: Mapping[str, str] | None = None) -> Extraction:
    """open_fields: the fields the session still lacks, which bare lines may answer in the form's order;
    rules_before: the session's precedence rules from earlier messages (sources.py)."""
    message, rules = read_rules(message)
    winner = rules.get(EVERY_FIELD, (rules_before or {}).get(EVERY_FIELD))
    for read in _READERS:
        message = read(message)
    normalized = normalize(message)
    listed = _listed_answers(normalized, expecting, today)
    if listed is not None:
        listed.patches, listed.rules = read_patches(normalized), rules
        return listed
    text = _spelled_digits(join_broken_lines(read_ocr(english_prose(normalize(read_table(message))))))
    text = BRACKETED_AREA_CODE.sub(lambda m: f"{m[1]}-{m[2].replace(' ', '')}", text)
    text = settle(SPACED_THOUSANDS.sub(lambda m: m[0].replace(" ", ""), text))
    text = CHAT_TILDE.sub(",", SLASH_SEPARATOR.sub(";", SECTION_NO.sub("", SPACED_MAGNITUDE.sub("", text))))
    text = _self_corrections(ENUMERATOR.sub(";", text))
    text = TRAILING_LABEL.sub(r"\g<label>\g<qty>", text)
    text = _LIAISON.sub(_liaison_as_contact, _NAME_BEFORE_LABEL.sub(_name_then_label, text))
    out = Extraction(correction=bool(CORRECTION.search(text)), last_said_wins=bool(LAST_SAID_WINS.search(text)),
                     swapped=bool(SWAPPED.search(text)),
                     replacing=[m.span() for m in REPLACING.finditer(text)],
                     winning=winning_spans(text, winner) or body_above_signature(text))
    questions = _question_spans(text)
    asides = [m.span() for m in ASIDE.finditer(text)]
    labels = [lab for lab in find_labels(text)
              if lab[0] == "fixed_asset_investment" or not any(s <= lab[1] < e for s, e in asides)]
    labels = labels_outside_quoted_values(text, labels)
    labels = _asked_about_only(labels, questions)
    labels = site_address_asked(text, labels, expecting)
    read_labelled(text, labels, out)
    read_replacements(text, labels, out)
    for s, e in asides:
        out.claim(s, e)
    read_period(text, today or date.today(), out)
    read_works(text, expecting, out)
    read_patterns(text, out)
    read_parcel_site(text, out)
    _cut_and_fill(text, out)
    read_sums(text, out)
    read_shares(text, out)
    read_chemicals(text, out)
    read_roads(text, expecting, out)
    _skips(text, labels, questions, out)
    _context(text, expecting, out)
    read_bare_lines(text, open_fields, _fits, _bare, out)
    read_output(text, out)
    _drop_in_questions(text, questions, out)
    site_in_park(out)
    the_number_asked_for(text, out)
    out.reask = [f for f in out.reask if f not in out.values]
    out.respell = respellings(text)
    out.patches, out.rules = read_patches(text), rules
    out.sources = {fid: source for fid in out.values if (source := block_of(text, out.where.get(fid, 0)))}
    return out


# A phone said digit by digit in Chinese numerals ("一三九零三五一六六二七"): seven or more digits with no 十/百/千/万
# between them are a string of digits, not a number (幺 is the spoken 1). So are groups of two or more such digits
# joined by hyphens, seven or more in all: a parcel code dictated ("一四零一零五-二〇二七-〇五四").
_SPELLED = re.compile(r"[零〇一二三四五六七八九幺]{7,}|[零〇一二三四五六七八九幺]{2,}(?:\s*[-－—]\s*[零〇一二三四五六七八九幺]{2,})+")
_DIGIT_OF = str.maketrans("零〇一二三四五六七八九幺－—", "001234567891--")


# "第7项：…", "第20项刚才写错了": the number of a field on the 28-field form (DESIGN.md §6), said for its name, at
# the start of a line or clause (in "仓库是第2项工程" it counts something else).
_FORM_ITEM = re.compile(r"(?:^|(?<=[\s,，;；。:：]))第\s*(\d{1,2})\s*[项栏](?!目)", re.M)


def _form_item_numbers(text: str) -> str:
    """Each 第N项 of the form's numbering written as its field's label."""
    def named(m: re.Match[str]) -> str:
        n = int(m[1])
        return label(FIELD_IDS[n - 1]) if 1 <= n <= len(FIELD_IDS) else m[0]
    return _FORM_ITEM.sub(named, text)


# What a pasted document or form is read as, in this order, before the message's sentences are: marks dictated as
# words ("冒号", "逗号") as marks, European figures and dates the Chinese way, figures grouped by 万 ("4,6000")
# without their commas, Cantonese function words as Mandarin ones, Korean labels and number words as Chinese ones,
# digits said the radio way as digits, hashtags naming fields as labels, a chat chain's "我" as its entry's poster, a
# form page without its controls' text, an XML, JSON/YAML or SQL INSERT export or a fixed-width printout as
# label-value lines, figures under a title declaring their unit with that unit (a YAML comment declaring one is read
# with its record), rich text as its plain text, a mind map's tree as its leaves' label-value lines, an interview's
# answers under their questions' labels, ticked boxes as the options ticked, a quoted earlier message dropped, a
# bare 姓名 key under a person's heading ([经办人]) as that role's label, a contract's other parties' blocks dropped
# (words/contract_parties.yaml), and the form's item numbers as its labels.
# A slide deck's slides lose their numbers ("幻灯片 5  产品与产能": the title is a heading).
_READERS: tuple[Callable[[str], str], ...] = (spoken_marks, european_figures, wan_grouped_figures,
                                             cantonese_as_mandarin, korean_as_chinese, radio_digits,
                                             read_hashtags, read_chain, slide_titles, page_without_widgets,
                                             read_xml, read_export, read_printout, read_unit_tables, plain_text,
                                             read_tree, read_interview, ticked_options, drop_quoted_history,
                                             role_sections, other_parties_dropped, _form_item_numbers)


def _spelled_digits(text: str) -> str:
    return _SPELLED.sub(lambda m: m[0].translate(_DIGIT_OF) if len(re.sub(r"\W", "", m[0])) >= 7 else m[0], text)


# "1. …" "2、…" "(3)…" "④…" at the start of a line; "1.5亿元" is a number, not an item marker.
_ITEM_MARK = re.compile(r"^\s*(?:(\d{1,2})(?:\.(?!\d)|[、):])|[(（](\d{1,2})[)）]|([\u2460-\u2473]))\s*")


def _listed_answers(text: str, expecting: Sequence[str], today: date | None) -> Extraction | None:
    """A reply with one line per asked field, in the order asked ("1. 金石…项目\n2. 新建\n…"): each line is
    read as the answer to its field. An unlabelled line that does not fit its field is asked again, never
    stored under another one. None when the reply is not such a list."""
    lines = [(m.start(), m[0]) for m in re.finditer(r"[^\n]+", text) if m[0].strip()]
    marks = [_ITEM_MARK.match(line) for _, line in lines]
    preamble = None
    if len(lines) >= 3 and not marks[0] and all(marks[1:]):  # "按您列的顺序回复：\n1. …\n2. …"
        preamble, lines, marks = lines[0], lines[1:], marks[1:]
    numbers = [int(m[1] or m[2]) if m and (m[1] or m[2]) else (ord(m[3]) - 0x245F if m else None) for m in marks]
    if any(marks) and numbers != list(range(1, len(lines) + 1)):
        return None  # numbered, but not 1..n: not an answer in the asked order
    labelled = [bool(find_labels(line)) for _, line in lines]
    if not any(marks) and any(labelled):
        return None  # unnumbered labelled lines ("联系人张三\n电话…") are read the usual way
    if len(expecting) >= 2 and len(lines) == len(expecting):  # a labelled line answers its own field, not the
        named = [find_labels(line[m.end():] if m else line) for (_, line), m in zip(lines, marks, strict=True)]
        rest = iter([f for f in expecting if not any(lab[0] == f for n in named for lab in n[:1])])
        order: Sequence[str] | None = [n[0][0] if n else next(rest, f) for n, f in zip(named, expecting, strict=True)]
        if not any(marks) and _says_another(lines, order, labelled, today):
            return None
    elif all(marks) and len(lines) >= 3:
        order = _group_in_order(lines, marks, labelled, today)
    else:
        order = None
    if order is None:
        return None
    out = Extraction(correction=bool(CORRECTION.search(text)))
    if preamble is not None:
        _merge(parse(preamble[1], [], today), out, preamble[0], len(preamble[1]), None)
    for n, (fid, (at, line), mark, has_label) in enumerate(zip(order, lines, marks, labelled, strict=True), 1):
        item = line[mark.end():] if mark else line
        at += mark.end() if mark else 0
        sub = parse(item, [] if has_label else [fid], today)
        if not has_label and fid in sub.values and fid in _SHAPES and fid != "construction_content" \
                and not _fits(fid, str(sub.values[fid])):
            sub.values.pop(fid)
            sub.errors[fid] = f"第{n}条“{_short_item(item)}”看起来不是{label(fid)}，请单独告诉我"
        _merge(sub, out, at, len(item), fid if sub.skip_rest else None)
    return out


def _group_in_order(lines: list[tuple[int, str]], marks: list[re.Match[str] | None], labelled: list[bool],
                    today: date | None) -> list[str] | None:
    """A numbered reply that answers a whole field group in the form's order, not the fields just asked
    ("1. 年产…项目\n2. 扩建\n3. C1462…" after the company fields were asked): the one group of that many fields
    where every unlabelled item fits its field, at least two items name their field by themselves, and no item
    names another field. None when no group, or more than one, reads that way."""
    fits: list[tuple[int, list[str]]] = []
    for group in GROUPS:
        order = [f for f in FIELD_IDS if FIELDS_BY_ID[f].group == group]
        if len(order) != len(lines):
            continue
        anchors, ok = 0, True
        for fid, (_, line), mark, has_label in zip(order, lines, marks, labelled, strict=True):
            item = line[mark.end():] if mark else line
            alone = _said(parse(item, [], today))
            if has_label:
                ok = fid in alone
            elif alone - {fid} and fid not in alone:
                ok = False  # the item says another field by itself
            else:
                anchors += fid in alone
                sub = parse(item, [fid], today)
                ok = fid in _said(sub) and (fid not in _SHAPES or _fits(fid, str(sub.values[fid]))) \
                    or bool(sub.skipped) or fid in ENUMS and item.strip() in ("无", "没有")
            if not ok:
                break
        if ok and anchors >= 2:
            fits.append((anchors, order))
    return fits[0][1] if len(fits) == 1 else None


def _says_another(lines: list[tuple[int, str]], order: Sequence[str], labelled: list[bool],
                  today: date | None) -> bool:
    """Whether an unnumbered line says, by itself, another field than the one its place would answer
    ("阳曲园区纬三路…" where the floor area was asked first), or has not the shape of that one ("3.8亿" where the
    works were asked): the lines are then not in the asked order."""
    for fid, (_, line), has_label in zip(order, lines, labelled, strict=True):
        alone = _said(parse(line, [], today))
        if not has_label and (alone and fid not in alone or not _looks_like(fid, line.strip())):
            return True
    return False


def _said(x: Extraction) -> set[str]:
    """The fields an extraction holds a value for (a whole 计划建设期 counts)."""
    return set(x.values) | ({"construction_period"} if {"start", "end"} <= set(x.period) else set())


def _short_item(item: str) -> str:
    item = item.strip()
    return item if len(item) <= 20 else item[:20] + "…"


def _merge(sub: Extraction, out: Extraction, at: int, length: int, skipped: str | None) -> None:
    """Add what one list item said to the whole reply's extraction."""
    for fid, value in sub.values.items():
        out.put(fid, value, at, at + length)
    for fid, error in sub.errors.items():
        out.fail(fid, error, at)
    out.period.update(sub.period)
    out.skipped += [f for f in [*sub.skipped, *([skipped] if skipped else [])] if f not in out.skipped]
    out.reask += sub.reask
    out.questions += sub.questions
    out.notes += sub.notes
    out.refs.update(sub.refs)
    out.conflicts.update(sub.conflicts)


# "挖方3万方，填方2万方": the field is 挖填土石方总量 (knowledge/fields.py), the sum of cut and fill.
_VOLUME = rf"{NUM}\s*万?\s*(?:立方米|立方|方|m3)|[^,;。\s]{{1,16}}?方|[^,;。\s]{{1,16}}?立方米|[^,;。\s]{{1,16}}?m3"
# "挖方9000填方7000": bare figures after 挖方/填方 are volumes (the labels say so), in 方.
_CUT_FILL = re.compile(rf"挖方(?:量)?\s*(?:约|为|是|大概|:)?\s*(?P<cut>{_VOLUME}|{NUM}(?![\d.]))"
                       rf"[,、\s]*(?:回)?填方(?:量)?\s*(?:约|为|是|大概|:)?\s*(?P<fill>{_VOLUME}|{NUM}(?![\d.]))")


def _cut_and_fill(text: str, out: Extraction) -> None:
    m = _CUT_FILL.search(text)
    if not m:
        return
    parts = [read_value("earthwork_volume", m[g]) for g in ("cut", "fill")]
    if all(isinstance(v, float | int) for v in parts):
        out.conflicts.pop("earthwork_volume", None)
        out.values["earthwork_volume"] = float(sum(parts))
        out.where["earthwork_volume"] = m.start()
        out.claim(m.start(), m.end())


_TITLES = "|".join(map(re.escape, TITLES))  # "理事长郝二柱是法定代表人": the title before the name is dropped
# A person named before their role: "王建国是我们法人", "刘振海是法人，地址是…" (read as "法人王建国").
_PERSON_LABELS = "|".join(sorted((lab for f in NAMES for lab in LABELS[f]
                                  if not lab.isascii() and not lab.startswith("我")), key=len, reverse=True))
_NAME_BEFORE_LABEL = re.compile(rf"(?:^|(?<=[{DELIM}\s]))(?:{_TITLES})?(?P<name>[\u4e00-\u9fa5·]{{2,4}}?)(?:就)?是"
                                rf"(?:我们|我司|我们公司|本公司|公司|咱们|俺们)?(?:的)?(?P<label>{_PERSON_LABELS})(?:代表)?"
                                rf"(?=$|[{DELIM}\s])")


# "由敝司总裁办王某女士接洽": who deals with the park, said between 由 and a verb of liaison (words/conversation.yaml
# liaison_verbs), is the contact; rewritten as "联系人…" for the label's reading (own organisation, department, title).
_LIAISON = re.compile(rf"(?:^|(?<=[{DELIM}\s]))[\u4e00-\u9fa5]{{0,6}}?由(?!于)(?P<who>[^{DELIM}\s]{{2,24}}?)"
                      rf"(?:{one_of(WORDS['liaison_verbs'])})(?=$|[{DELIM}\s])")


def _liaison_as_contact(m: re.Match[str]) -> str:
    return f"联系人{m['who']}"


def _name_then_label(m: re.Match[str]) -> str:
    return f"{m['label']}{m['name']}" if person_reason(m["name"]) is None else m[0]


def _self_corrections(text: str) -> str:
    """Keep only the corrected value of a correction said inside the message: "法人是王强，哦不，王刚" becomes
    "法人是王刚" (the label of the clause before the correction carries over), "用地面积不是80亩是85亩"
    becomes "用地面积是85亩". A correction at the start of a message is about an earlier turn: left as is."""
    text = NEGATED.sub("是", _repaired_clauses(text))
    pos = 0
    while m := SELF_FIX.search(text, pos):
        start = m.start()
        if start == 0 or text[start - 1] not in DELIM + " ":
            pos = m.end()
            continue
        prev_start = max((text.rfind(d, 0, start - 1) for d in DELIM + " "), default=-1) + 1
        prev = text[prev_start:start - 1]
        following = text[m.end():]
        first_clause = re.split(rf"[{DELIM}]", following, maxsplit=1)[0]
        labels = find_labels(prev)
        if not prev.strip() or not following.strip():
            pos = m.end()
            continue
        carried = "" if find_labels(first_clause) or not labels else prev[:labels[-1][2]] + "是"
        text = text[:prev_start] + carried + following
        pos = prev_start + len(carried)
    return text


_CLAUSE_OF = re.compile(rf"[^{DELIM}]+")


def _repaired_clauses(text: str) -> str:
    """A clause that repairs the one before ("电话13753169248，哎后两位也反了，是13753169284", "法人是常文斌，不对不对，常总是
    董事长，营业执照上的法人是贾志鹏") takes that clause's value away: its label carries over to what follows, or, when
    the sentence names the field again, everything up to there goes."""
    while True:
        clauses = list(_CLAUSE_OF.finditer(text))
        for k, repair in enumerate(clauses[1:], 1):
            restated = RESTATED.match(text, repair.start())
            if not (restated or REPAIR_CLAUSE.fullmatch(repair[0].strip()) and not find_labels(repair[0])):
                continue
            before = _restated_clause(text, clauses[:k]) if restated else clauses[k - 1]
            labels = find_labels(before[0]) if before else []
            if not labels or not restated and _said_as_correction(text, before) and _ends_sentence(text, repair):
                continue  # "更正：面积是43600平方米，刚才中间两位打反了": the repair explains the earlier value
            fid = labels[-1][0]
            end = next((j for j in range(repair.end(), len(text)) if text[j] in SENTENCE_END), len(text))
            again = next((c for c in clauses if repair.end() <= c.start() < end
                          and any(f == fid for f, _, _ in find_labels(c[0]))), None)
            if again is not None:  # "…营业执照上的法人是贾志鹏": the sentence says the field again
                text = text[:before.start()] + text[again.start():]
                break
            rest = text[restated.end():] if restated else text[repair.end():].lstrip(DELIM + " ")
            rest = _spliced(before[0][labels[-1][2]:], re.sub(r"^(?:就是|是)", "", rest))
            text = text[:before.start()] + before[0][:labels[-1][2]] + "是" + rest
            break
        else:
            return text


# Words announcing that what follows is the corrected value (更正第4条：…), not a value to be repaired.
_CORRECTING = re.compile(r"更正|订正|纠正|修正|改正")


def _said_as_correction(text: str, clause: re.Match[str]) -> bool:
    """Whether the clause is itself a correction, or follows one in its sentence ("更正第4条，总建筑面积是…")."""
    start = max((text.rfind(c, 0, clause.start()) for c in SENTENCE_END), default=-1) + 1
    return _CORRECTING.search(text[start:clause.end()]) is not None


def _ends_sentence(text: str, clause: re.Match[str]) -> bool:
    """Whether nothing but spaces follows the clause up to the end of its sentence."""
    rest = text[clause.end():]
    return re.match(rf"[^{SENTENCE_END}]*", rest)[0].strip(DELIM + " ") == ""


def _restated_clause(text: str, before: list[re.Match[str]]) -> re.Match[str] | None:
    """The clause a restatement ("哦你们要写规范的，那就是：…") says again: the last one of its sentence naming a field."""
    for clause in reversed(before):
        if find_labels(clause[0]):
            return clause
        if any(c in SENTENCE_END for c in text[clause.start() - 1:clause.start()]):
            return None
    return None


# The words a repaired part is said again with: two characters or more, not digits ("迎宾街东段" in "迎宾街东段219号").
_REPEATED_WORDS = re.compile(r"[^\d\W]{2,}")


def _spliced(old: str, rest: str) -> str:
    """rest with a repaired part put in its place in the old value: "…迎宾街东段291号" repaired as "是219号，迎宾街东段219号"
    is "…迎宾街东段219号" (a clause of the repair that opens with words of the old value replaces it from there)."""
    for clause in list(_CLAUSE_OF.finditer(rest))[:2]:
        words = _REPEATED_WORDS.match(clause[0])
        if words and (at := old.find(words[0])) > 0:
            return old[:at] + rest[clause.start():]
    return rest


def correct_last(fid: str, message: str) -> Any:
    """The value of "算了还是写李四吧" / "错了 是13812345679" for the field changed just before; None if none."""
    return read_value(fid, CORRECTION_LEAD.sub("", normalize(message)).rstrip("吧呢啊"))


def read_value(fid: str, text: str) -> Any:
    """A quoted value ("120亩", "自来水") for one field in the rules' canonical form; None if unreadable."""
    out = Extraction()
    _bare(fid, normalize(text), 0, out)
    return out.values.get(fid)


# ---- skips, context, questions -----------------------------------------------------------------

def _skips(text: str, labels: list[tuple[str, int, int]], questions: list[tuple[int, int]],
           out: Extraction) -> None:
    """A skip phrase outside any labelled clause skips whatever was asked and not given."""
    labelled = {_clause(text, s) for _, s, _ in labels}
    for m in SKIP.finditer(text):
        if _clause(text, m.start()) not in labelled and not any(s <= m.start() < e for s, _, e in questions):
            out.skip_rest = True


def _clause(text: str, pos: int) -> int:
    return sum(1 for c in text[:pos] if c in DELIM)


def _context(text: str, expecting: Sequence[str], out: Extraction) -> None:
    asked = [f for f in expecting if f != "construction_period"]
    open_fields = [f for f in asked if f not in out.values and f not in out.errors and f not in out.skipped
                   and f not in out.refs]  # "法人也是我" answered it already
    above = [f for f in open_fields if f in ABOVE]
    if above and SAME_AS_ABOVE.match(text.strip(" ,.。!")):  # "同上" to 联系人 or 建设地点
        out.refs[above[0]] = ABOVE[above[0]]
        out.where[above[0]] = 0
        return
    if (not open_fields or out.skip_rest or intent(text) or QUESTION.search(text) or FILLER.fullmatch(text)
            or is_chatter(text) or HOLDING_BACK.search(text) and CONFIRMING_WORD.search(text)):
        return  # "先别提交，等盖章版出来再来确认": about submitting, no answer to what was asked
    if len(asked) == 1 and not out.values and not out.period:
        _bare(open_fields[0], text, 0, out)
        return
    if "contact_name" in open_fields and not out.values and SELF_THEN_NAME.fullmatch(text.strip(" ,.。!")):
        read_name("contact_name", text.strip(), 0, out)  # "我，孙倩" to 联系人 and 联系电话: the contact names themself
        return
    whole = strip_connector(text).strip(" ,.。!").rstrip("吧呢啊")
    if not out.values and not out.period and not out.errors:  # a whole message describing the works/products
        if "construction_content" in open_fields and len(whole) >= CONTENT_MIN and DESCRIPTION.search(whole) \
                and not whole.endswith("项目"):  # "医用敷料生产线改造项目" names the project
            out.put("construction_content", whole, 0, len(text))
            return
        if "main_products_capacity" in open_fields and len(whole) <= 80 and CAPACITY.search(whole):
            out.put("main_products_capacity", PRODUCTS_LEAD.sub("", whole), 0, len(text))
            return
    pieces = [m for m in re.finditer(r"[^,;。!?\n\s]+", text) if out.unclaimed(m.start(), m.end())]
    if len(pieces) == 1:  # one bare answer to a list: the first asked field it fits
        if "contact_phone" in out.values and "contact_name" in open_fields:  # "张伟 13812345678": the contact
            open_fields = ["contact_name", *(f for f in open_fields if f != "contact_name")]
        fid = next((f for f in open_fields if _fits(f, pieces[0][0])), None)
        if fid:
            _bare(fid, pieces[0][0], pieces[0].start(), out)
    elif pieces and len(pieces) == len(open_fields) and all(_looks_like(f, m[0]) for f, m in
                                                            zip(open_fields, pieces, strict=True)):
        trial = Extraction()  # a terse list answers the asked fields in order
        for fid, m in zip(open_fields, pieces, strict=True):
            _bare(fid, m[0], m.start(), trial)
        if not trial.errors and len(trial.values) == len(open_fields):
            for m, (fid, value) in zip(pieces, trial.values.items(), strict=True):
                out.put(fid, value, m.start(), m.end())


_SHAPES = {
    "unit_name": r".{2,}(?:公司|厂|集团|中心|合作社)$",
    "unit_address": r".*(?:省|市|区|县|镇|路|街|号|园区).*",
    "site_address": r".*(?:区|县|镇|路|街|号|园区|以东|以西|以南|以北|侧).*", "project_name": r".{2,}项目$",
    "land_parcel_no": r"[^\u4e00-\u9fa5]*\d[^\u4e00-\u9fa5]*|.*(?:不动产|证|号).*\d.*",
    "construction_content": rf".{{{CONTENT_MIN},}}", "main_products_capacity": r".*\d.*", "uscc": r"[0-9A-Za-z]{15,20}",
    "contact_phone": r"\+?[\d\-()]{7,16}", "industry_code": r"[A-Za-z]?\d{4}",
}


def _looks_like(fid: str, piece: str) -> bool:
    """Whether a piece of a terse list can be this field's answer at all: a field with a shape (an industry code
    is a letter and 4 digits) is read, and explained when wrong, only from a piece of that shape, so a chat
    sentence ("我们今年报了两个项目") is no malformed code. A list of works only needs a works word here: a short
    one is still explained against the 20-character minimum."""
    if fid == "construction_content":
        return DESCRIPTION.search(piece) is not None
    if fid in ENUMS:  # "…土方别写错了" where 供水方式 was asked is an aside, not a wrong option
        return _fits(fid, piece)
    return fid not in _SHAPES or _fits(fid, piece)


def _fits(fid: str, piece: str) -> bool:
    """Whether a lone answer looks like this field (so "李四" is not taken for an address)."""
    piece = piece.rstrip("吧呢啊")
    if fid in ("unit_address", "site_address"):
        return re.fullmatch(_SHAPES[fid], piece) is not None and implausible(fid, piece) is None
    if fid == "main_products_capacity":  # a product with its quantity; "…保税区标准化厂房5号楼" is a place
        return (CAPACITY.search(piece) is not None or re.search(r"/年|年产|每年", piece) is not None) \
            and load_zone().match_park(piece) is None
    if fid in _SHAPES:
        return re.fullmatch(_SHAPES[fid], piece) is not None
    if fid == "site_park":
        return load_zone().match_park(piece) is not None
    if fid in NAMES:
        trial = Extraction()
        return read_name(fid, piece, 0, trial) and fid in trial.values
    if fid in ENUMS:
        return normalize_enum(fid, piece) is not None or find_enum(fid, piece) is not None
    trial = Extraction()
    _bare(fid, piece, 0, trial)
    return fid in trial.values


def _bare(fid: str, text: str, at: int, out: Extraction) -> None:
    """A whole answer to a question about this one field (at: where it starts in the message)."""
    value = strip_connector(text).strip(" ,.。!").rstrip("吧呢啊").strip(QUOTES)
    if fid in ("unit_name", "project_name"):
        value = COMPANY_LEAD.sub("", value, count=1)
    if fid == "unit_name":
        value = without_ownership_tag(value)
    if fid in ("unit_address", "site_address"):  # "我们厂在太原市小店区长风街1号"
        value = said_in_full(re.sub(r"^[\u4e00-\u9fa5]{0,6}?(?:在|位于|坐落于|地处)(?=[\u4e00-\u9fa5]{2})", "", value))
    if SAME_AS_ABOVE.match(value) and fid in ABOVE:
        out.refs[fid] = ABOVE[fid]
        out.where[fid] = at
        return
    if not value:
        return
    if fid in NUMERIC:
        alone = Extraction()  # positions inside this answer must not collide with the message's
        numeric_value(fid, value, 0, 0, len(value), False, alone)
        if fid in alone.values:
            out.put(fid, alone.values[fid], at, at + len(text))
        elif fid in alone.errors:
            out.fail(fid, alone.errors[fid], at)
    elif fid in ENUMS:
        out.put(fid, normalize_enum(fid, value) or find_enum(fid, value) or value, at, at + len(text))
    elif fid == "site_park":
        out.put(fid, load_zone().match_park(value) or value, at, at + len(text))
    elif fid in NAMES:
        read_name(fid, value, at, out)
    else:
        out.put(fid, value, at, at + len(text))


def _asked_about_only(labels: list[tuple[str, int, int]], questions: list[tuple[int, int, int]]
                      ) -> list[tuple[str, int, int]]:
    """Without the labels of asking clauses whose field the message also names outside any question: "宗地编号是出让
    合同上那个号吗？宗地编号1401…", "排水去向市政管网。排水许可是哪个部门办？" ask about the field, the value is said apart."""
    def asking(at: int) -> bool:
        return any(qs <= at < qe for _, qs, qe in questions)
    outside = {fid for fid, s, _ in labels if not asking(s)}
    return [lab for lab in labels if not (asking(lab[1]) and lab[0] in outside)]


def _question_spans(text: str) -> list[tuple[int, int, int]]:
    """(sentence start, question start, end) of each sentence that asks: the question is the trailing run of
    clauses that ask (or set a condition for the asking one); the clauses before it are answers
    ("联系人宋佳，电话…，这些信息会不会泄露啊？")."""
    spans, start = [], 0
    for i, c in enumerate(text + "\n"):
        if c in SENTENCE_END:
            sentence = text[start:i + 1]
            if sentence.strip() and QUESTION.search(sentence.strip()):
                spans.append((start, start + _asking_start(sentence), i + 1))
            start = i + 1
    return spans


_CONDITION = re.compile(r"^\s*(?:如果|要是|假如|假设|万一|若|像|那)")
# Clauses of a sentence: split by commas, and in chat by a space between Chinese words (an emoji became one).
_CLAUSE_BREAK = re.compile(r",|(?<=[\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])")


def _asking_start(sentence: str) -> int:
    """Where the asking clauses of a question sentence begin (0: the whole sentence asks). Chat separates clauses
    by spaces too ("联系人是我，宋雨桐 🙋 电话能不能先不留啊")."""
    bounds = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence))]
    begin = len(sentence)
    for b in reversed(bounds):
        clause = sentence[b:begin].strip(" ,")
        if begin < len(sentence) and not (QUESTION.search(clause) or _CONDITION.match(clause)):
            break
        begin = b
    return begin


def _drop_in_questions(text: str, questions: list[tuple[int, int, int]], out: Extraction) -> None:
    """In a question keep only values of a clear shape (an enum only when it is one of its values); a
    question sentence left without any is a side question, and so is each question clause of a sentence that
    also gives values ("我们用地50亩，需要做水土保持吗？"). Clauses before the asking ones are answers."""
    shaped = (*NUMERIC, *ENUMS, "uscc", "contact_phone", "industry_code", "site_park", "construction_period")
    for ss, qs, qe in questions:
        for fid in [f for f, pos in out.where.items() if ss <= pos < qe and f in NUMERIC and is_threshold(text, pos)]:
            for found in (out.values, out.errors, out.conflicts):  # "土方超过5万方的，要做报告书吗？": a rule's line
                found.pop(fid, None)
        inside = [f for f, pos in out.where.items() if qs <= pos < qe]
        for fid in inside:
            out.errors.pop(fid, None)
            if fid not in shaped or (fid in ENUMS and fid in out.values
                                     and normalize_enum(fid, str(out.values[fid])) is None):
                out.values.pop(fid, None)
                out.conflicts.pop(fid, None)  # "“供地方式”是什么意思？是问地是怎么来的吗？": no value, nothing to pick
            if fid in out.skipped:
                out.skipped.remove(fid)
        kept = [out.where[f] for f in inside if f in out.values or (f == "construction_period" and out.period)]
        answered = any(ss <= pos < qs for f, pos in out.where.items() if f in out.values or f in out.errors)
        if not kept:
            out.questions.append(text[ss if not answered else qs:qe].strip(" ,"))
            continue
        for m in re.finditer(rf"[^,;\s]+", text[qs:qe]):
            start, end = qs + m.start(), qs + m.end()
            if QUESTION.search(m[0]) and not any(start <= pos < end for pos in kept):
                out.questions.append(m[0].strip())

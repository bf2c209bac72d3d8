"""Turn a follow-up ("那要多久？") into a standalone question ("节能审查要多久？") using the conversation.

Rule-based on purpose: it runs in well under a millisecond, needs no LLM, and its behaviour is
testable. "那X呢？" asks the previous question again about X: X takes the place of the sibling kind
the corpus lists beside it (报告书/报告表 from the catalogue's variants, 出让/租赁 from the base fields'
values: `sibling_groups`), of the item, or of the stage (以后/投产前) it stands against; a word the
previous question already has is never doubled ("环评报告表", not "环评环评报告表"); an X that states an
event ("那超期了呢") supposes it, like "要是超期了呢", and another value of the previous question's unit
("要是土方有6万方呢") asks that question again at that value. Otherwise a
question is a follow-up when it is short, opens with a follow-up cue ("那", "它") or a supposition
("要是……呢"), points back without naming ("第二道", "那份报告", "你说的X", "接下来", "建在那儿"), takes up a word
of the previous question, or however long names nothing of its own ("一直没装 被查出来会怎么弄"); and it
names no item of its own, nor (unless a cue ties it to the conversation) a specific thing the knowledge
base never mentions ("商标注册要多久？"); an opening like "对了，" or "顺便问下，" leaves the topic. A
statement after a question ("搞错了，是丁类", "实际有6万方", "我们是改扩建") asks that question again for
the corrected case. A follow-up inherits the context of the latest user turn: that
turn whole when it was a statement ("危化品项目的安全条件审查意见书") or the supposition continues it,
else the items it named (with the statute and the case's words when an article of a statute not named for
them answered it), else its own words when they are few ("丁类厂房竣工后消防"), else its domain
dictionary terms and the name of the document its answer cited, else (nothing named, nothing cited) its
own words however many.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

import cn2an

from bot.models import ChatTurn
from bot.retrieval.query import ALIASES, VALUE, forms, intents_of, licences, sibling_groups, without_intent_words
from knowledge.catalogue import load_catalogue
from knowledge.keyword import USER_DICT, dictionary_tag, general_rarity, is_noun, tokenize, words
from knowledge.statute import bare_title
from knowledge.terms import dialogue

# new_topic(question, previous question, its answer, whether the question names nothing of its own)
NewTopic = Callable[[str, str, str, bool], bool]
_PATTERNS = dialogue()  # knowledge/lexicon/dialogue.yaml
_FOLLOW_UP_CUE, _PRONOUN, _WHAT_ABOUT = _PATTERNS["follow_up_cue"], _PATTERNS["pronoun"], _PATTERNS["what_about"]
_SUPPOSITION, _STAGE, _QUESTION = _PATTERNS["supposition"], _PATTERNS["stage"], _PATTERNS["question"]
_INTRODUCTION = _PATTERNS["introduction"]  # "想了解一下X": the topic is X
_UNNAMED = _PATTERNS["unnamed"]  # verb forms that name no thing: "报上去", "没去", "咋办"
_AGENCY = _PATTERNS["agency"]  # "环保局", "管委会": who acts, not what is asked about
_REFERENCE, _CORRECTION, _NEW_TOPIC = _PATTERNS["reference"], _PATTERNS["correction"], _PATTERNS["new_topic"]
_EVENT = _PATTERNS["event"]  # "那超期了呢": X states an event, read over X's words
_ADDITIVE = _PATTERNS["additive"]  # a bare "还有": no tie against a thing the knowledge base never mentions
_ANOTHER_SOURCE = _PATTERNS["another_source"]  # "有没有哪个条例写了具体比例": the case, from another document
_ENGLISH_PRONOUN = _PATTERNS["english_pronoun"]  # "How long is it valid?": tied as 它 ties
_IMPLEMENTING = _PATTERNS["implementing_rules"]  # "实施条例里有没有": the rules implementing a law named or cited
_LACKING = _PATTERNS["lacking"]  # after a document's name: "里只写了处以罚款", it does not give what is asked
_LATIN = re.compile(r"[A-Za-z]")  # a word in Latin letters names a thing ("iPhone", "ISO9001")
SHORT_QUESTION = 12  # characters: a question this short may be a follow-up for its length alone ("收费吗？")
_CONTINUING = 20  # a question this short that repeats a word of the previous one continues it
# jieba tags of words that never name a thing: pronouns (俺们, 别家), numerals and measures (两亩), adverbs
# (最迟), localities, prepositions, conjunctions, particles
_FUNCTION_TAGS = frozenset({"r", "m", "q", "d", "f", "p", "c", "u"})
_VERB_TAGS = frozenset({"v", "vd", "vn"})
_SPECIFIC = 10.0  # general_rarity of a noun naming a specific thing rather than an everyday one (时候 7.6, 老板 9.5, 商标 12.0)
_TOPICAL = 2.0  # idf of a word in under about one passage in seven: it can name a topic (消防 2.1, not 审批 1.1)
_RECENT = 8  # messages of the conversation that can still shape a follow-up (four exchanges)
_FEW_WORDS = 10  # a vague question this short carries its own context ("丁类厂房竣工后消防")
_HEAD = 2  # characters of a shared head ("企业", "仓库") that make two kinds siblings in "那X呢"
_CASE_WORDS = 3  # specific words of the previous question kept beside the name of the document it was answered from
# Three-character item-name parts (报告书, 报告表, 登记表, 承诺制) name a kind of document or regime
# shared by several items, not an item: "报告表的门槛是多少？" after a 水保 question is about 水保.
_GENERIC_LENGTH = 3
_SOURCE_LINE = re.compile(r"^\[\d+\]\s*(?P<title>[^›\n]+)", re.MULTILINE)
_ARTICLE_LINE = re.compile(r"^\[\d+\]\s*(?P<title>[^›\n]+?)\s*›.*?(?P<article>第[零〇一二两三四五六七八九十百千]+条)\s*$",
                           re.MULTILINE)
_DOCUMENT_KIND = re.compile(r"(?:实施条例|实施细则|条例|法)(?![子人定])")  # how a statute's name ends ("别的法子" is none)
_KIND_AT_END = re.compile(f"(?:{_DOCUMENT_KIND.pattern})$")
_NAME_CHARS = 12  # the longest name searched for before a kind: "取水许可和水资源费征收管理条例" abbreviated
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_POINTING = "那这个该此的"  # characters a bare word may follow: "那个备案表", "我们的备案"
_TITLE_NOISE = re.compile(r"（[^）]*）|\([^)]*\)|(办事指南|服务指南|指南)$")


def _dictionary() -> list[str]:
    return [line.split()[0] for line in USER_DICT.read_text(encoding="utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=1)
def topic_terms() -> tuple[str, ...]:
    """Terms that name an item (parts of catalogue item names, and aliases), longest first."""
    names = [item.name for item in load_catalogue().items]
    terms = {w for w in _dictionary() if any(w in n for n in names)} | set(ALIASES)
    return tuple(sorted(terms, key=len, reverse=True))


@lru_cache(maxsize=1)
def domain_terms() -> tuple[str, ...]:
    """Every term of the domain dictionary and every alias, longest first."""
    return tuple(sorted(set(_dictionary()) | set(ALIASES), key=len, reverse=True))


def _find(text: str, terms: Sequence[str]) -> list[str]:
    """`terms` occurring in `text`, in text order, leaving out those inside a longer one found."""
    found: list[str] = []
    for term in terms:
        if term in text and not any(term in longer for longer in found):
            found.append(term)
    return sorted(found, key=text.index)


def topics_in(text: str) -> list[str]:
    return _find(text, topic_terms())


def cited_titles(answer: str) -> list[str]:
    """The titles of the documents an answer cites, from its source lines, in order."""
    return list(dict.fromkeys(m["title"].strip() for m in _SOURCE_LINE.finditer(answer)))


def cited_articles(answer: str) -> list[tuple[str, str, str]]:
    """(title, article, the whole source line) of every statute article an answer cites, from its source
    lines ("[1] 中华人民共和国公路法 › 第五章 … › 第五十五条"), in order."""
    return list(dict.fromkeys((m["title"].strip(), m["article"], m[0]) for m in _ARTICLE_LINE.finditer(answer)))


def _title_topic(answer: str) -> str | None:
    """The first cited document's name, from an answer's source lines, without its kind or aside."""
    match = _SOURCE_LINE.search(answer)
    return _TITLE_NOISE.sub("", match["title"].strip()) if match else None


def _named_for(title: str, item: str) -> bool:
    """Whether a document's title names the item: a specific word of it or of what it stands for ("排污证":
    排污许可; not 工程 of 人防工程), or its characters in order, as an abbreviation takes them ("人防" in
    人民防空法, "环评" in 环境影响评价法)."""
    if any(w in title for w in tokenize(ALIASES.get(item, item)) if general_rarity(w) >= _SPECIFIC):
        return True
    return _in_order(item, title)


def _in_order(short: str, name: str) -> bool:
    """Whether `short` has the characters of `name` in order, as an abbreviation takes them ("环评", 环境影响评价)."""
    rest = iter(name)
    return all(c in rest for c in short)


def _from_article(answer: str) -> bool:
    """Whether an answer's first source is an article of a statute ("[1] 中华人民共和国安全生产法 › … › 第八十二条")."""
    first = _SOURCE_LINE.search(answer)
    return first is not None and _ARTICLE_LINE.match(answer, first.start()) is not None


def _own_words(question: str) -> str:
    """A question without the words that only ask for a kind of answer, or its closing particle."""
    words = re.sub(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])", "", without_intent_words(question))
    return re.sub(r"[吗呢么吧啊]?[？?。！!，,\s]*$", "", words).strip(" ，,")


def _sibling_swap(previous: str, new: str) -> str | None:
    """`previous` about `new`'s sibling kind, when `new` names one and `previous` names another of its
    group, and `new` says nothing else that `previous` lacks."""
    for kinds in sibling_groups():
        named = [(len(f), k, f) for k in kinds for f in forms(k) if f in new]
        if not named:
            continue
        _, mine, asked = max(named)  # the sibling named most fully
        theirs = next((f for k in kinds if k != mine for f in forms(k) if f in previous and f not in forms(mine)), None)
        rest = new.replace(asked, "")
        if theirs and not any(t not in previous for t in topics_in(rest)):
            return previous.replace(theirs, asked, 1)
    return None


# An ordinal counting the items of the previous answer ("第二步", "头一个", "你说的最后那个"; not 第五十八条, an article),
# with the words around it that only point back ("你刚才列的", "流程里的", "那个").
_ORDINAL = re.compile(r"(?:(?:你|您)?(?:刚才|刚刚|上面|前面)?(?:说|列|提|讲)(?:到)?的|[\u4e00-\u9fff]{1,4}[里中]的)?"
                      r"(?:第(?P<n>[一二两三四五六七八九十]|\d{1,2})(?:个|项|步|种|样|份|类|点)|(?P<first>头一?个)"
                      r"|(?P<last>最后(?:那|一)?(?:个|项|步|种|样|份)))(?:那个|这个|那)?")
# A numbered line of an answer ("2. 安全评价：…", "（二）…") and its head: up to the first colon or clause break.
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十]{1,2}[）)])\s*(?P<text>.+)$", re.MULTILINE)
_ITEM_HEAD = re.compile(r"[：:，,。；;（(]")


def _counted_items(answer: str, previous: str) -> list[str]:
    """The items of an answer a user may count: the heads of its numbered lines, else the items the one
    sentence naming most of them names ("是后续竣工验收备案和不动产首次登记的前提"), other than the ones the
    previous question names."""
    body = _SOURCE_LINE.sub("", answer)
    heads = [head for m in _NUMBERED.finditer(body) if (head := _ITEM_HEAD.split(m["text"].strip())[0].strip())]
    if len(heads) >= 2:
        return heads
    named = (list(dict.fromkeys(t for t in topics_in(s) if t not in previous)) for s in re.split(r"[。；;\n]", body))
    most = max(named, key=len, default=[])
    return most if len(most) >= 2 else []


def _counted(question: str, answer: str, previous: str) -> tuple[str, re.Match[str]] | None:
    """(the item of the previous answer an ordinal of the question counts to, the ordinal), or None."""
    match = _ORDINAL.search(question)
    items = _counted_items(answer, previous) if match else []
    if not items:
        return None
    if match["first"]:
        return items[0], match
    if match["last"]:
        return items[-1], match
    n = int(cn2an.cn2an(match["n"], "smart"))
    return (items[n - 1], match) if 1 <= n <= len(items) else None


def _undouble(text: str, said: str) -> str:
    """A word written twice in a row by a swap or by putting a context in front ("环评环评报告表") once; one the
    user wrote twice (`said`: "材料要一个一个交吗") stays."""
    return re.sub(r"([\u4e00-\u9fff]{2,})\1", lambda m: m[0] if m[0] in said else m[1], text)


def _swap(previous: str, new: str) -> str | None:
    """The previous question asked about `new` ("那划拨的呢？"), or None when nothing in it stands
    against `new`."""
    new = new.strip().removesuffix("的")
    swapped = _sibling_swap(previous, new)
    if swapped:
        return swapped
    earlier = topics_in(previous)
    if topics_in(new) and earlier:
        # Another item: swap the earlier topic most like it; ties go to the last named.
        target = max(reversed(earlier), key=lambda t: len(set(t) & set(new)))
        return _undouble(previous.replace(target, new, 1), previous + new)
    stage, earlier_stage = _STAGE.fullmatch(new), _STAGE.search(previous)
    if stage and earlier_stage:
        return previous.replace(earlier_stage[0], new, 1)
    return _head_swap(previous, new)


def _head_swap(previous: str, new: str) -> str | None:
    """`previous` about `new` when a word of it has the same head and another modifier ("内资企业" for
    "外资企业", "丁类仓库" for "甲类仓库"): a kind the corpus lists nowhere still stands against its sibling.
    Not an event or a supposition ("要是过期了没备案" is no kind of 竣工验收备案)."""
    if _SUPPOSITION.search(new) or _EVENT.search(" ".join(words(new))):
        return None
    # (characters the word and `new` end alike, the word), for words that are more than that shared head
    heads = [(len(os.path.commonprefix([w[::-1], new[::-1]])), w) for w in words(previous)]
    _, word = max(((n, w) for n, w in heads if _HEAD <= n < min(len(w), len(new))), default=(0, ""))
    return previous.replace(word, new, 1) if word else None


def _value_swap(previous: str, new: str) -> str | None:
    """`previous` with its value replaced by the one `new` gives in the same unit ("实际有6万方")."""
    for value in VALUE.finditer(new):
        old = next((m for m in VALUE.finditer(previous) if m["unit"] == value["unit"]), None)
        if old:
            return previous[:old.start("amount")] + value["amount"] + previous[old.end("amount"):]
    return None


def _head_reference(question: str, said: str) -> str | None:
    """The question with a bare word standing for the one domain term of the conversation (`said`: the
    previous question and its answer's text) that ends in it, named in full: Chinese refers back to a compound
    by its head, so "备案要填啥表" after an answer on 消防验收备案 asks about 消防验收备案. Bare: not part of a
    longer word of the question ("项目备案" is another item), and the question names no item of its own."""
    if topics_in(question):
        return None
    named = [t for t in _find(said, domain_terms()) if len(t) > _GENERIC_LENGTH and t not in question]
    for word in dict.fromkeys(tokenize(question)):
        at = question.find(word)
        if len(word) < 2 or at < 0 or (at > 0 and _CJK.match(question[at - 1]) and question[at - 1] not in _POINTING):
            continue
        heads = {t for t in named if t.endswith(word) and len(t) > len(word)}
        if len(heads) == 1:
            return question[:at] + heads.pop() + question[at + len(word):]
    return None


def _corrected(previous: str, statement: str) -> str:
    """The previous question asked again with what a statement following it corrects or adds: a
    sibling kind or a value in its place ("搞错了，是丁类", "实际有6万方"), else the statement before it."""
    said = _CORRECTION.sub("", statement).strip(" ，,。！!")
    swapped = _sibling_swap(previous, said) or _value_swap(previous, said)
    return swapped or f"{said}，{previous}"


def _supposes(question: str) -> bool:
    """Whether the question supposes something of the case before: "要是开不了工呢？", or "那X呢" whose X
    states an event ("那超期了呢", "那承诺了最后没做到呢") rather than a kind ("那外资企业呢")."""
    what_about = _WHAT_ABOUT.match(question)
    return bool(_SUPPOSITION.search(question)) or (
        what_about is not None and _EVENT.search(" ".join(words(what_about["topic"]))) is not None)


def _context(said: str, answer: str, question: str, idf: Callable[[str], float] | None = None) -> str | None:
    """What the latest user turn (`said`, as it was understood) was about, as words to put in front of
    a follow-up; `answer` is the reply it got; `idf`, the corpus's, picks the words of `said` that
    name its case beside the name of the document the answer cited."""
    said = said.strip()
    if not _QUESTION.search(said):  # a statement sets the scene whole: "我们要在河边建个取水口"
        return _INTRODUCTION.sub("", said).rstrip("。！!，,") or said.rstrip("。！!，,")
    said = said.rstrip("。！!，,？?")
    if _supposes(question) and not intents_of(question):
        # "要是到时候开不了工呢？" asks nothing of its own: it carries the question on
        return said + "，"
    found = [t for t in topics_in(said) if not _listed_kind(t, said + question)]
    if not found:  # no item named: its domain terms, its own words when few, the document its answer cited
        found = _find(said, domain_terms())
        own = _own_words(said)
        if not found and len(own) <= _FEW_WORDS:
            return own
        title = _title_topic(answer)
        if title and not any(t in title for t in found):
            found.append(_cited(said, "".join(found), title, idf))
    elif idf is not None and _from_article(answer) and (title := _title_topic(answer)) and not any(
            _named_for(title, t) for t in found):
        # items named, but answered by an article of a statute not named for them: the statute and the case's
        # words beside the items ("危化" + 安全生产法 + 应急救援), as when nothing is named
        named = _join([t for t in found if t not in question], said)
        return " ".join(w for w in (named, _cited(said, "".join(found), title, idf)) if w)
    if not found:  # nothing named, nothing cited (the turn was not answered): the case as the user put it
        return _own_words(said) or None
    return _join([t for t in found if t not in question], said) or None


def _cited(said: str, named: str, title: str, idf: Callable[[str], float] | None) -> str:
    """The cited document's name and the case's words it and `named` lack (`_case_words`), apart: a space keeps
    the case words from gluing to the title ("……条例许可证" is no licence's name)."""
    case = _case_words(said, named + title, idf) if idf is not None else ""
    return f"{title} {case}" if case else title


def _case_words(said: str, named: str, idf: Callable[[str], float]) -> str:
    """The first few specific words of `said` the corpus uses and the context (`named`: the document's
    name and the terms already taken) lacks ("国道" in "厂门口想直接开个路口接到国道上，需要审批吗"): a
    follow-up then stays on the case, not only on the document ("没批就开了会怎样" is about the junction,
    not any of 公路法's penalties). Specific as in `names_own_topic`."""
    words = [w for w in _content_words(said) if _specific(w, idf) and w not in named]
    return "".join([w for w in words if not any(w != other and w in other for other in words)][:_CASE_WORDS])


def _content_words(text: str) -> list[str]:
    """The words of `text` that can carry content: jieba's, two characters or more, once each, in order,
    without those that only ask for a kind of answer."""
    found = [w for w in dict.fromkeys(tokenize(without_intent_words(text))) if len(w) >= 2]
    offices = [w for w in found if _AGENCY.search(w)]  # "环保局" and its search-mode piece "环保": who acts
    return [w for w in found if not any(w in office for office in offices)]


def _names_nothing_by_form(word: str) -> bool:
    """A word that names no thing whatever its rarity: a function word by its dictionary tag, or a verb form
    (`_UNNAMED`) - "俺们", "两亩", "最迟", "报上去", "没去", "咋办"."""
    return dictionary_tag(word) in _FUNCTION_TAGS or _verb_form(word)


def _verb_form(word: str) -> bool:
    """A verb with a complement, negated, or holding a question word (`_UNNAMED`): "批下来", "报上去", "没去"."""
    return dictionary_tag(word) in _VERB_TAGS and _UNNAMED.match(word) is not None


def _spelled_by(word: str, parts: list[str]) -> bool:
    """Whether the word is a run of the parts, end to end: 保险期限 is 保险 + 期限; 电动车 is not 电动 + 动车,
    whose pieces overlap."""
    ends = {0}
    for i in range(len(word)):
        if i in ends:
            ends |= {i + len(p) for p in parts if word.startswith(p, i)}
    return len(word) in ends


def _unknown_words(question: str, known: Callable[[str], bool]) -> Iterator[str]:
    """Words of the question that name something specific in general language (`general_rarity`) and
    that the knowledge base never uses, unless it is spelled by known pieces ("保险期限": 保险, 期限)."""
    words = _content_words(question)
    for word in words:
        parts = [p for p in words if p != word and p in word and known(p)]  # search-mode pieces
        if (general_rarity(word) >= _SPECIFIC and not known(word) and not _spelled_by(word, parts)
                and not _names_nothing_by_form(word)):
            yield word


def _known_or_said(known: Callable[[str], bool], said: str, word: str) -> bool:
    return known(word) or word in said


def outside_topic(question: str, known: Callable[[str], bool]) -> str | None:
    """A thing the question names that the knowledge base never mentions: a specific noun of jieba's
    general dictionary ("商标", "所得税", "红烧肉"; not everyday ones like 时候, 老板, which formal documents
    merely word otherwise). Colloquial verbs the documents do not use ("逮到", "补上") are not things, and
    follow-ups are full of them."""
    return next((w for w in _unknown_words(question, known) if is_noun(w)), None)


def unknown_word(question: str, known: Callable[[str], bool]) -> str | None:
    """A specific word of the question the knowledge base never uses, of any part of speech: a thing
    jieba's tags miss ("驾照", "比特币"), an act ("注销", "退税"), or a colloquial verb ("作废", "补上"),
    which only the passages can tell apart."""
    return next(_unknown_words(question, known), None)


@dataclass(frozen=True)
class Mention:
    """Documents a question names at one place (`end`: where the name ends), and whether it names them as not
    giving what is asked ("环保法里只写了处以罚款", dialogue.yaml `lacking`)."""
    end: int
    titles: frozenset[str]
    lacking: bool


def mentions(question: str, titles: Sequence[str]) -> list[Mention]:
    """The places a question names documents by their titles, in order: by the name as people call it (`bare_title`),
    or abbreviated - the same kind of document (法, 条例, 实施条例) and at least two characters of its name in
    order ("环保法": 环境保护法, "规划法": 城乡规划法, "取水条例"); the longest name ending at a place wins, and a
    whole name rules out the abbreviations it also fits ("水法" is 水法, not 水土保持法)."""
    kinds = {t: _kind(bare_title(t)) for t in titles}
    found: list[Mention] = []
    for end in (m.end() for m in _DOCUMENT_KIND.finditer(question)):
        for start in range(max(0, end - _NAME_CHARS), end):
            word = question[start:end]
            if not _CJK.fullmatch(word):
                continue
            stem, kind = _kind(word)
            exact = {t for t, (tstem, tkind) in kinds.items() if (tstem, tkind) == (stem, kind)}
            named = exact or {t for t, (tstem, tkind) in kinds.items()
                              if tkind == kind and len(stem) >= 2 and _in_order(stem, tstem)}
            if named:
                found.append(Mention(end, frozenset(named), _LACKING.match(question, end) is not None))
                break
    return found


def implementing(question: str, laws: set[str], titles: Sequence[str]) -> Mention | None:
    """Where the question asks for the rules implementing one of `laws` ("有没有配套的实施条例"), and those
    documents: the titles that are the law's followed by more (中华人民共和国土地管理法 -> …土地管理法实施条例)."""
    match = _IMPLEMENTING.search(question)
    rules = frozenset(t for t in titles for law in laws if t != law and t.startswith(law)) if match else frozenset()
    return Mention(match.end(), rules, _LACKING.match(question, match.end()) is not None) if match and rules else None


def _kind(name: str) -> tuple[str, str]:
    """(the name without its kind, the kind): "环保法" -> ("环保", "法")."""
    match = _KIND_AT_END.search(name)
    return (name[:match.start()], match[0]) if match else (name, "")


def may_name_documents(question: str) -> bool:
    """Whether the question has the ending of a document's name or asks for implementing rules: only then can
    `mentions` or `implementing` find anything (a cheap test before reading the store's titles)."""
    return bool(_DOCUMENT_KIND.search(question) or _IMPLEMENTING.search(question))


def asks_elsewhere(question: str) -> bool:
    """Whether the question asks what another statute or regulation says of the case discussed ("建筑法里没写罚多少
    有没有哪个条例写了具体比例"): the documents the last answer cited are not its answer."""
    return _ANOTHER_SOURCE.search(question) is not None


def short_only(question: str, previous: str) -> bool:
    """Whether the question would be read as a follow-up of `previous` for being short alone: nothing
    ties it to the conversation ("那", "它", "要是……", "……呢"), nor does it take up a word of `previous`.
    "要交费吗？" is such a question, and so is "比特币现在多少钱？"."""
    tied = _tied(question) or _CORRECTION.match(question)
    return not tied and len(question) <= SHORT_QUESTION and not _continues(question, previous)


def _marked(question: str) -> bool:
    """Words that tie a question to the conversation whatever else it names: "那", "它", "要是……", "第二道", "it"."""
    return bool(_FOLLOW_UP_CUE.match(question) or _PRONOUN.search(question) or _SUPPOSITION.search(question)
                or _REFERENCE.search(question) or _ENGLISH_PRONOUN.search(question))


def _tied(question: str) -> bool:
    """`_marked`, or a closing 呢 ("地表水呢"), which ties a question to the conversation too."""
    what_about = _WHAT_ABOUT.match(question)
    return _marked(question) or (what_about is not None and what_about["ending"] == "呢")


def _continues(question: str, previous: str) -> bool:
    """A question of moderate length that takes up a word of the previous one ("意外伤害保险谁出钱" ->
    "保险期限从啥时候算？"): the same case, a new aspect."""
    if len(question) > _CONTINUING:
        return False
    earlier = {t for t in tokenize(previous) if len(t) >= 2}
    return any(t in earlier for t in tokenize(question) if len(t) >= 2)


def _listed_kind(term: str, text: str) -> bool:
    """A kind named beside its siblings ("分报告书和报告表"): the sentence is about the item."""
    return any(term in kinds and sum(k in text for k in kinds) > 1 for kinds in sibling_groups())


def _join(terms: list[str], said: str) -> str:
    """Terms as the user put them together: "水保报告表", "节能审查和施工许可证"."""
    out = terms[0] if terms else ""
    for before, term in zip(terms, terms[1:]):
        out += term if before + term in said else "和" + term
    return out


def _specific(word: str, idf: Callable[[str], float]) -> bool:
    """A word that can name a topic: rare in the corpus (`idf`, the corpus's) and the name of a specific
    thing in general language (商标, 消防; not 时候, 审批), not a verb form that names no thing whatever
    the corpus does with it (a guide's "批下来以后" makes no topic of "批下来要多久？")."""
    return idf(word) >= _TOPICAL and general_rarity(word) >= _SPECIFIC and not _verb_form(word)


def names_nothing(question: str, previous: str, known: Callable[[str], bool], idf: Callable[[str], float]) -> bool:
    """Whether a question names no thing of its own: no specific word (`_specific`) the previous
    question lacks, and no word the knowledge base never uses that could name a thing (a noun; a Latin-letter
    name: "iPhone", "ISO9001"). Asked mid-conversation it is about the conversation however long it is:
    "一直没装 被查出来会怎么弄", "快到期了 得提前多久去办延期啊"."""
    words = _content_words(question)
    return not any(_specific(w, idf) and w not in previous for w in words) \
        and not any((is_noun(w) or _LATIN.search(w)) and not known(w) for w in words)


def own_things(question: str, conversation: str) -> list[str]:
    """The things the question names that the conversation never used: the words jieba's dictionary tags as
    nouns ("孩子上小学要准备啥材料": 孩子, 小学; "微信支付限额咋提高": 限额)."""
    return [w for w in _content_words(question) if w not in conversation and is_noun(w)]


def names_own_topic(question: str, conversation: str, passage: str, idf: Callable[[str], float]) -> bool:
    """Whether the question names a specific thing of its own that the conversation (`conversation`: the
    previous question and answer) never used and that `passage`, the best one for the question alone,
    speaks of: "屋面防水工程最低保修几年" after a question on road permits; not "审批时间目标是多少？"
    (everyday words), "审批时限是几天？" (审批 is in every other passage: `idf`, the corpus's), nor
    "试鸣提前多久公告" after an answer on 试鸣 and its 公告."""
    return any(_specific(w, idf) and w not in conversation and w in passage for w in _content_words(question))


def without_opening(question: str) -> str:
    """The question without an opening that leaves the topic ("跟项目无关哈，我下个月结婚……"): searched with it, its
    words (项目) would find passages on the topic it leaves."""
    return _NEW_TOPIC.sub("", question, count=1) or question


def condense(question: str, history: Sequence[ChatTurn], known: Callable[[str], bool] | None = None,
             new_topic: NewTopic | None = None, idf: Callable[[str], float] | None = None) -> str:
    """The question as it would be asked without the conversation. `known` tells whether the knowledge
    base uses a word; with it, an unmarked question naming a thing the knowledge base never mentions
    ("猫咪不吃东西怎么办？" after a question on permits) stands alone instead of inheriting the topic.
    `new_topic(question, previous question, its answer, names nothing)` tells whether an unmarked question
    that would be read as a follow-up only for being short, sharing a word or naming nothing of its own
    (`names_nothing`) is a new topic of its own
    ("屋面防水工程最低保修几年" after a question on road permits); the chain answers it from retrieval.
    `idf`, the corpus's, adds the previous question's specific words to the name of the document its
    answer cited, when that name is the context."""
    if _NEW_TOPIC.match(question):
        rest = without_opening(question)
        # an opening followed by a word pointing back only adds a question on it ("另外这个考核要交钱吗")
        if not (_FOLLOW_UP_CUE.match(rest) or _PRONOUN.match(rest)):
            return question
        question = rest
    exchange = _previous(history, known, new_topic, idf)
    if exchange is None:
        return question
    previous, answer = exchange
    if known is not None:  # the user's own word for the case discussed ("甲方") names no new topic
        known = partial(_known_or_said, known, previous)
    what_about = _WHAT_ABOUT.match(question)
    if (what_about or _SUPPOSITION.search(question)) and _QUESTION.search(previous):
        # "要是土方有6万方呢" after "土方两万方 水保要做报告书还是报告表": the question again at that value
        swapped = _value_swap(previous, question)
        if swapped:
            return swapped
    # Words that tie a question to the conversation whatever else it names: "那", "它", "要是……", "第二道", "……呢"
    marked, tied = _marked(question), _tied(question)
    if what_about:
        swapped = _swap(previous, what_about["topic"])
        if swapped:
            return swapped
        # Nothing to swap: X qualifies the previous question ("那外资企业呢？"), never a dangling "…的呢"
        topic = what_about["topic"].strip().removesuffix("的")
        if not tied and known is not None and outside_topic(topic, known):  # "明天太原天气怎么样？"
            return question
        if topic and not topics_in(topic) and not _supposes(question):
            return f"{topic}{previous}" if topic not in previous else previous
    if _CORRECTION.match(question) and _QUESTION.search(previous):
        return _corrected(previous, question)
    follow_up = marked or len(question) <= SHORT_QUESTION or _continues(question, previous)
    bare = not follow_up and known is not None and idf is not None and names_nothing(question, previous, known, idf)
    # A question naming an item, or a licence of its own ("食品经营许可证怎么办？"), stands alone.
    names_an_item = any(len(t) > _GENERIC_LENGTH or t in ALIASES for t in topics_in(question)) or licences(question)
    # A pronoun stands for the previous turn's item even beside an item of the question's own
    # ("我们是特殊建设工程，在它之前还得先过哪一关？" after a construction-permit question).
    # "这个节能审查" only points at the item it names.
    pronoun = _PRONOUN.search(question)
    pointed = pronoun is not None and not any(question.startswith(t, pronoun.end()) for t in topics_in(question))
    unknown = known is not None and not _tied(_ADDITIVE.sub("", question)) and outside_topic(question, known) is not None
    if (names_an_item and not pointed) or unknown:
        return question
    if not _QUESTION.search(question) and _QUESTION.search(previous):  # "我们是改扩建项目": the question again, for this case
        return _corrected(previous, question)
    if not (follow_up or bare) or (not tied and new_topic is not None and new_topic(question, previous, answer, bare)):
        # standing alone, it may still name by its head a thing the conversation named in full
        return _head_reference(question, previous + _SOURCE_LINE.sub("", answer)) or question
    context = _context(previous, answer, question, idf)
    if not context:
        return question
    if (counted := _counted(question, answer, previous)) is not None:
        # "你说的最后那个多久能办完": that item, in place of the ordinal; an item of its own alone, a part of the
        # topic (a step of its procedure) after it
        item, ordinal = counted
        rest = _FOLLOW_UP_CUE.sub("", question[:ordinal.start()] + question[ordinal.end():]).lstrip("，,、 ")
        own = any(t not in previous for t in topics_in(item))
        return f"{item}{rest}" if own else f"{context}{item}{rest}"
    if _PRONOUN.search(question):
        return _undouble(_PRONOUN.sub(context, question, count=1), question)
    if not (_QUESTION.search(previous) or _INTRODUCTION.search(previous.strip())):  # a scene set whole: its own clause
        return f"{context}，{_FOLLOW_UP_CUE.sub('', question)}"
    # a word ending the context and starting the follow-up once: "竣工验收备案" + "备案表…" = "竣工验收备案表…"
    return _undouble(context + _FOLLOW_UP_CUE.sub("", question), question)


def reread(question: str, history: Sequence[ChatTurn], known: Callable[[str], bool] | None = None,
           new_topic: NewTopic | None = None,
           idf: Callable[[str], float] | None = None) -> tuple[str, str] | None:
    """(the previous question as understood, the question asked right after it as one question), for a
    question the knowledge base could not answer as `condense` read it: "情节较轻的呢" after "用暗管偷排被
    查了，负责人会被拘留几天" -> "用暗管偷排被查了，负责人会被拘留几天，情节较轻的呢". None when there is no
    earlier question. A question opening a new topic ("对了，…") is read so too, without its opening: it
    may still be about the case ("对了 真租了罚款一般按什么标准算"); the chain keeps that reading only
    when it is about the question's own words (`Assistant._reread`)."""
    exchange = _previous(history, known, new_topic, idf)
    if exchange is None:
        return None
    previous = exchange[0]
    asked = _FOLLOW_UP_CUE.sub("", _NEW_TOPIC.sub("", question))
    return previous, f"{previous.rstrip('。！!，,？? ')}，{asked}"


def _previous(history: Sequence[ChatTurn], known: Callable[[str], bool] | None,
              new_topic: NewTopic | None,
              idf: Callable[[str], float] | None) -> tuple[str, str] | None:
    """(the latest user turn of the recent conversation as it was understood, the reply it got), or None
    before any user turn. Understood: "收费吗？" after "报告表呢？" after "水保报告书审批多久？" is about
    水保报告表; earlier turns resolve the same way, once each."""
    history = history[-_RECENT:]
    users = [i for i, t in enumerate(history) if t.role == "user"]
    if not users:
        return None
    last = users[-1]
    previous = condense(history[last].content, history[:last], known, new_topic, idf)
    return previous, next((t.content for t in history[last + 1:] if t.role == "assistant"), "")

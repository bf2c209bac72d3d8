"""Turn a follow-up ("那要多久？") into a standalone question ("节能审查要多久？") using the conversation.

Rule-based on purpose: it runs in well under a millisecond, needs no LLM, and its behaviour is
testable. A question is a follow-up when it is short or opens with a follow-up cue ("那", "它") and
names no item of its own. It then inherits the context of the latest user turn: that turn whole when
it was a statement ("危化品项目的安全条件审查意见书"), else the items it named, else its domain
dictionary terms and the title of the document its answer cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.models import ChatTurn
from bot.retrieval.query import ALIASES
from knowledge.catalogue import load_catalogue
from knowledge.keyword import USER_DICT

_FOLLOW_UP_CUE = re.compile(r"^(那么?|那个|这个|还有|另外|以及|它|其|该|此|再问一下|然后)")
_PRONOUN = re.compile(r"这个事项|该事项|这个手续|这项|这个证|这个|它们|它")
_WHAT_ABOUT = re.compile(r"^(那么?)?(?P<topic>.{1,20}?)(呢|怎么样|又如何)[？?。！!]*$")
_QUESTION = re.compile(r"[？?吗呢么]|什么|怎么|怎样|如何|多少|多久|几|哪|是否|要不要|能不能|可不可以|是不是")
_SHORT = 12
# Three-character item-name parts (报告书, 报告表, 登记表, 承诺制) name a kind of document or regime
# shared by several items, not an item: "报告表的门槛是多少？" after a 水保 question is about 水保.
_GENERIC_LENGTH = 3
_SOURCE_LINE = re.compile(r"^\[\d+\]\s*(?P<title>[^›\n]+)", re.MULTILINE)


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


def _title_topic(answer: str) -> str | None:
    """The first cited document's name, from an answer's source lines."""
    match = _SOURCE_LINE.search(answer)
    return re.sub(r"(办事指南|服务指南|指南)$", "", match["title"].strip()) if match else None


def _context(history: Sequence[ChatTurn], question: str) -> str | None:
    """What the latest user turn was about, as words to put in front of a follow-up."""
    users = [i for i, t in enumerate(history) if t.role == "user"]
    if not users:
        return None
    last = users[-1]
    said = history[last].content.strip().rstrip("。！!，,")
    if not _QUESTION.search(said):  # a statement sets the scene whole: "我们要在河边建个取水口"
        return said
    found = topics_in(said)
    if not found:  # no item named: its domain terms, and the item its answer came from
        answers = [t.content for t in history[last + 1:] if t.role == "assistant"]
        title = _title_topic(answers[0]) if answers else None
        found = _find(said, domain_terms()) + ([title] if title else [])
    found = [t for t in found if t not in question]
    return "和".join(found) or None


def condense(question: str, history: Sequence[ChatTurn]) -> str:
    """The question as it would be asked without the conversation."""
    if not history:
        return question
    own = topics_in(question)
    previous = next((t.content for t in reversed(history) if t.role == "user"), None)
    what_about = _WHAT_ABOUT.match(question)
    if what_about and own and previous and topics_in(previous):
        # "环评呢？" after "节能审查要多久？" asks the same about another topic: swap the earlier topic
        # most like the new one (报告书 -> 报告表); ties go to the last named.
        new = what_about["topic"].strip()
        target = max(reversed(topics_in(previous)), key=lambda t: len(set(t) & set(new)))
        return previous.replace(target, new, 1)
    follow_up = len(question) <= _SHORT or _FOLLOW_UP_CUE.match(question) or _PRONOUN.search(question)
    names_an_item = any(len(t) > _GENERIC_LENGTH or t in ALIASES for t in own)
    if not follow_up or names_an_item:
        return question
    context = _context(history, question)
    if not context:
        return question
    if _PRONOUN.search(question):
        return _PRONOUN.sub(context, question, count=1)
    return context + _FOLLOW_UP_CUE.sub("", question)

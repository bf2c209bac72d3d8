"""Two-character short forms written out as the knowledge base writes them: 人防 -> 人民防空.

Chinese shortens a compound of two words to the first character of each (人民防空 -> 人防, 水土保持 ->
水保, 环境影响评价 -> 环评, 危险化学品 -> 危化). Enterprises ask in short forms; statutes write the
compounds out, so a short form the corpus never uses matches nothing on the keyword side, counts as
an unknown word against coverage, and leaves the embedding to guess. The compounds are derived from
the corpus's own vocabulary, not listed: a term of four to six characters that splits into two dictionary
words of two to four characters abbreviates to their first characters. Only a compound the corpus uses
in more than one passage is taken (one used once is not what the corpus calls the thing: "业务主管" is
no reading of 业主), only for a short form the corpus never uses itself and that stands for one compound
only (社保 may be 社会保险 or 社会保障: the corpus does not say which is meant), and never for an everyday
word (人工 is no 人防工程, 水流 no 水土流失), a question word (哪项 is no 哪些项目) or pieces of a number
(一百五十 holds no 百分之五).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from knowledge.keyword import KeywordIndex, general_rarity, tokenize
from knowledge.store import KnowledgeStore
from knowledge.terms import dialogue

MIN_USES = 2  # passages that must use a compound for it to be read into a short form
# general_rarity below which a word is everyday language, not a short form (人工 10.0, 水流 10.8, 建工 11.4;
# 社保 13.1, 环评 14.0, 人防 14.5; 0 for a word jieba's dictionary lacks)
EVERYDAY = 12.0
_COMPOUND = re.compile(r"[\u4e00-\u9fff]{4,6}")
_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")
_SHORT = re.compile(r"[\u4e00-\u9fff]{2}")
_QUESTION = dialogue()["question"]  # knowledge/lexicon/dialogue.yaml: 哪, 几, 谁, 啥...


def _halves(term: str) -> Iterator[tuple[str, str]]:
    """Every way to cut `term` into two pieces of two to four characters."""
    for cut in range(2, 5):
        if 2 <= len(term) - cut <= 4:
            yield term[:cut], term[cut:]


def abbreviations(terms: dict[str, int]) -> dict[str, list[str]]:
    """Short form -> the compounds of `terms` (term -> passages using it) it abbreviates, sorted."""
    found: dict[str, set[str]] = defaultdict(set)
    for term, uses in terms.items():
        if uses < MIN_USES or not _COMPOUND.fullmatch(term) or _NUMERAL.search(term):
            continue
        for first, second in _halves(term):
            if all(w in terms or general_rarity(w) > 0 for w in (first, second)):
                found[first[0] + second[0]].add(term)
    return {short: sorted(longs) for short, longs in found.items()
            if not 0 < general_rarity(short) < EVERYDAY and not _QUESTION.search(short)}


class ShortForms:
    """The store's short forms, derived again whenever its keyword index changes."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store
        self._built_for: int | None = None  # generation of the keyword index the table reflects
        self._table: dict[str, list[str]] = {}

    def _current(self) -> tuple[KeywordIndex, dict[str, list[str]]]:
        index = self.store.keyword_index()
        if self._built_for != index.generation:
            self._table, self._built_for = abbreviations(index.terms()), index.generation
        return index, self._table

    def stands_for(self, word: str) -> str | None:
        """The one compound the corpus uses that `word`, a short form it never uses, stands for."""
        return _written_out(word, *self._current())

    def expand(self, query: str) -> str:
        """`query` with each short form the corpus never uses written out ("人防设备" -> "人民防空设备", "人防工程" ->
        "人民防空工程"). What follows a short form and ends its compound already is not written twice ("危化品" ->
        "危险化学品", not "危险化学品品")."""
        index, table = self._current()  # once: the store checks its manifest on every call
        for token in dict.fromkeys(tokenize(query)):
            compound = _written_out(token, index, table)
            if compound:
                ends = "|".join(re.escape(compound[-k:]) for k in range(len(compound) - len(token), 0, -1))
                query = re.sub(f"{re.escape(token)}(?:{ends})?", compound, query)
        return query


def _written_out(word: str, index: KeywordIndex, table: dict[str, list[str]]) -> str | None:
    """The compound a two-character word the corpus never uses stands for, if it stands for one only."""
    longs = table.get(word, []) if _SHORT.fullmatch(word) and index.idf(word) == 0 else []
    return longs[0] if len(longs) == 1 else None

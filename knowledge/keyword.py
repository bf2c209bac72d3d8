"""Keyword side of retrieval: jieba tokens (with the domain dictionary) scored by BM25 over an inverted
index that is updated in place, so a changed document costs its own chunks, not the whole store."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import jieba
import numpy as np

from knowledge.records import ChunkRecord, Hit

USER_DICT = Path(__file__).with_name("userdict.txt")
# Function words that match everywhere and so only add noise to BM25.
STOPWORDS = frozenset("的 了 吗 呢 吧 啊 呀 是 在 和 与 及 或 有 我 我们 你 你们 他们 这 那 个 要 就 都 也 还 又 "
                      "请问 一下 什么 怎么 怎样 如何 哪些 多少 能 可以 需要 需 办 办理 么 嘛 啥".split())
_TOKEN = re.compile(r"[\w\u4e00-\u9fff]+")
# Okapi BM25 constants (those of rank_bm25, which this index replaced with the same rankings).
K1 = 1.5
B = 0.75
# Removed chunks leave dead slots in the postings; past this share of all slots they are compacted away.
DEAD_SHARE = 0.5
# Process-wide, so a generation names one index in one state (another index, or any change, gives another).
_GENERATIONS = itertools.count()


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    tok = jieba.Tokenizer()
    tok.load_userdict(str(USER_DICT))
    return tok


def tokenize(text: str) -> list[str]:
    """Search-engine-mode jieba tokens, lower-cased, without punctuation and stopwords."""
    tokens = []
    for tok in _tokenizer().cut_for_search(text.lower()):
        tok = tok.strip()
        if tok and _TOKEN.fullmatch(tok) and tok not in STOPWORDS:
            tokens.append(tok)
    return tokens


def words(text: str) -> list[str]:
    """Precise-mode jieba words with the domain dictionary, as written: nothing lower-cased or dropped."""
    return _tokenizer().lcut(text)


# Part-of-speech tags of nouns in jieba's general dictionary: common and proper nouns, names of places and
# organisations, abbreviations (社保, 房产税).
NOUN_TAGS = frozenset({"n", "nz", "nr", "ns", "nt", "j"})


@lru_cache(maxsize=1)
def _dictionary_tags() -> dict[str, str]:
    import jieba.posseg  # reads the dictionary's tags when imported (~0.5 s, once)

    return jieba.posseg.dt.word_tag_tab


def is_noun(word: str) -> bool:
    """Whether jieba's general dictionary tags the word a noun."""
    return dictionary_tag(word) in NOUN_TAGS


def dictionary_tag(word: str) -> str:
    """jieba's general-dictionary part-of-speech tag of the word ("" for a word it lacks)."""
    return _dictionary_tags().get(word, "")


def general_rarity(word: str) -> float:
    """-log of the word's share of jieba's general-language dictionary counts (0 for a word it lacks):
    about 6-9 for everyday words (时候, 老板, 公司), 10 and more for the names of specific things (商标, 所得税)."""
    tok = _tokenizer()
    tok.check_initialized()
    freq = tok.FREQ.get(word, 0)
    return math.log(tok.total / freq) if freq else 0.0


def lucene_idf(n_docs: int, doc_freq: int) -> float:
    """Lucene's idf, log(1 + (N - n + .5) / (n + .5)): never negative, so a term found in half of a
    small corpus still counts (Okapi's idf would zero it out)."""
    return math.log(1 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))


class _Postings:
    """One term's (slot, term frequency) pairs: appended as lists, read as arrays built on demand."""

    __slots__ = ("slots", "tfs", "_arrays")

    def __init__(self) -> None:
        self.slots: list[int] = []
        self.tfs: list[int] = []
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None

    def append(self, slot: int, tf: int) -> None:
        self.slots.append(slot)
        self.tfs.append(tf)
        self._arrays = None

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if self._arrays is None:
            self._arrays = (np.asarray(self.slots, dtype=np.int64), np.asarray(self.tfs, dtype=np.float64))
        return self._arrays


class KeywordIndex:
    """BM25 over an inverted index: a query reads only the postings of its own terms, and chunks are
    added and removed in place. Scores equal a BM25 rebuilt over the live chunks (N, document
    frequencies and the average length are kept current); ties rank by chunk id."""

    def __init__(self, chunks: Iterable[ChunkRecord] = ()) -> None:
        self._slot_of: dict[str, int] = {}
        self._chunks: list[ChunkRecord | None] = []  # by slot; None once removed
        self._lengths: list[int] = []
        self._postings: dict[str, _Postings] = {}
        self._df: Counter[str] = Counter()
        self._total_length = 0
        self._dead = 0
        self._cache: tuple[np.ndarray, np.ndarray] | None = None  # (lengths, alive) by slot
        self._live: list[ChunkRecord] | None = None
        self._positions: dict[tuple[str, int], ChunkRecord] | None = None  # (source, chunk_index) -> chunk
        self.generation = next(_GENERATIONS)  # what is derived from the index rebuilds when this moves
        self.add(chunks)

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, chunk_id: str) -> bool:
        return chunk_id in self._slot_of

    @property
    def chunks(self) -> list[ChunkRecord]:
        """The indexed chunks, in the order they were added."""
        if self._live is None:
            self._live = [c for c in self._chunks if c is not None]
        return self._live

    def preceding(self, chunk: ChunkRecord) -> ChunkRecord | None:
        """The chunk just before `chunk` in its document, if indexed."""
        if self._positions is None:
            self._positions = {(c.source, c.chunk_index): c for c in self.chunks}
        return self._positions.get((chunk.source, chunk.chunk_index - 1))

    def add(self, chunks: Iterable[ChunkRecord]) -> int:
        """Index chunks not indexed yet (by id); returns how many were added."""
        added = 0
        for chunk in chunks:
            if chunk.id in self._slot_of:
                continue
            counts = Counter(tokenize(chunk.context_text))
            slot = len(self._chunks)
            self._slot_of[chunk.id] = slot
            self._chunks.append(chunk)
            length = sum(counts.values())
            self._lengths.append(length)
            self._total_length += length
            for term, tf in counts.items():
                self._postings.setdefault(term, _Postings()).append(slot, tf)
            self._df.update(counts.keys())
            added += 1
        if added:
            self._changed()
        return added

    def remove(self, chunk_ids: Iterable[str]) -> int:
        """Drop chunks by id (unknown ids are ignored); returns how many were removed."""
        removed = 0
        for chunk_id in chunk_ids:
            slot = self._slot_of.pop(chunk_id, None)
            if slot is None:
                continue
            chunk = self._chunks[slot]
            assert chunk is not None
            # Re-tokenising the few removed chunks is cheaper than keeping every chunk's term list.
            self._df.subtract(set(tokenize(chunk.context_text)))
            self._total_length -= self._lengths[slot]
            self._chunks[slot] = None
            self._dead += 1
            removed += 1
        if removed:
            if self._dead > DEAD_SHARE * len(self._chunks):
                self._compact()
            self._changed()
        return removed

    def terms(self) -> dict[str, int]:
        """Every term the live chunks use, with the number of chunks using it."""
        return {term: df for term, df in self._df.items() if df > 0}

    def idf(self, token: str) -> float:
        """BM25 inverse document frequency of a tokenize() token; 0 when the corpus never uses it."""
        df = self._df.get(token, 0)
        return lucene_idf(len(self), df) if df > 0 else 0.0

    def search(self, query: str, k: int = 10) -> list[Hit]:
        tokens = tokenize(query)
        if not self._slot_of or not tokens or k <= 0:
            return []
        lengths, alive = self._arrays()
        norm = K1 * (1 - B + B * lengths / (self._total_length / len(self)))
        scores = np.zeros(len(self._chunks))
        # Term by term in query order (a repeated term counts again), as BM25 over the whole corpus adds them.
        for term in tokens:
            postings = self._postings.get(term)
            if postings is None or self._df.get(term, 0) <= 0:
                continue
            slots, tfs = postings.arrays()
            scores[slots] += self.idf(term) * (tfs * (K1 + 1) / (tfs + norm[slots]))
        scores[~alive] = 0.0
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > k:  # everything tied with the k-th score stays, so ties resolve by id below
            kth = np.partition(scores[candidates], len(candidates) - k)[len(candidates) - k]
            candidates = candidates[scores[candidates] >= kth]
        ranked = sorted(candidates.tolist(), key=lambda s: (-scores[s], self._chunks[s].id))[:k]
        return [Hit(chunk=self._chunks[s], score=float(scores[s])) for s in ranked]

    def _arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if self._cache is None:
            self._cache = (np.asarray(self._lengths, dtype=np.float64),
                           np.asarray([c is not None for c in self._chunks], dtype=bool))
        return self._cache

    def _changed(self) -> None:
        self.generation = next(_GENERATIONS)
        self._cache = None
        self._live = None
        self._positions = None

    def _compact(self) -> None:
        """Renumber the live slots and drop dead postings, without tokenising anything again."""
        keep = [s for s, c in enumerate(self._chunks) if c is not None]
        new_slot = np.full(len(self._chunks), -1, dtype=np.int64)
        new_slot[keep] = np.arange(len(keep))
        for term in list(self._postings):
            slots, tfs = self._postings[term].arrays()
            mapped = new_slot[slots]
            live = mapped >= 0
            if not live.any():
                del self._postings[term]
                self._df.pop(term, None)
                continue
            fresh = _Postings()
            fresh.slots, fresh.tfs = mapped[live].tolist(), tfs[live].astype(np.int64).tolist()
            self._postings[term] = fresh
        self._chunks = [self._chunks[s] for s in keep]
        self._lengths = [self._lengths[s] for s in keep]
        self._slot_of = {c.id: i for i, c in enumerate(self._chunks) if c is not None}
        self._dead = 0

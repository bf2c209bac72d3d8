"""Keyword side of retrieval: jieba tokens (with the domain dictionary) scored by BM25."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
import jieba
from rank_bm25 import BM25Okapi

from knowledge.records import ChunkRecord, Hit

USER_DICT = Path(__file__).with_name("userdict.txt")
# Function words that match everywhere and so only add noise to BM25.
STOPWORDS = frozenset("的 了 吗 呢 吧 啊 呀 是 在 和 与 及 或 有 我 我们 你 你们 他们 这 那 个 要 就 都 也 还 又 "
                      "请问 一下 什么 怎么 怎样 如何 哪些 多少 能 可以 需要 需 办 办理 么 嘛 啥".split())
_TOKEN = re.compile(r"[\w\u4e00-\u9fff]+")


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


class LuceneBM25(BM25Okapi):
    """BM25 with Lucene's idf, log(1 + (N - n + .5) / (n + .5)): never negative, so a term found in
    half of a small corpus still counts (Okapi's idf would zero it out)."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - freq + 0.5) / (freq + 0.5))


class KeywordIndex:
    def __init__(self, chunks: list[ChunkRecord]) -> None:
        self.chunks = chunks
        self._bm25 = LuceneBM25([tokenize(c.context_text) for c in chunks]) if chunks else None

    def idf(self, token: str) -> float:
        """BM25 inverse document frequency of a tokenize() token; 0 when the corpus never uses it."""
        return float(self._bm25.idf.get(token, 0.0)) if self._bm25 is not None else 0.0

    def search(self, query: str, k: int = 10) -> list[Hit]:
        tokens = tokenize(query)
        if self._bm25 is None or not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [Hit(chunk=self.chunks[i], score=float(scores[i])) for i in order if scores[i] > 0]

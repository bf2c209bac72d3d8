"""Hybrid retrieval: dense (Chroma) and keyword (jieba BM25) ranked lists, fused by a weighted sum of
min-max normalised scores, near-duplicates collapsed, optional metadata filters.

Both sides run in parallel as a LangChain `RunnableParallel` (the dense side waits on the embedding
model, which releases the GIL). `as_langchain()` exposes the same search as a `BaseRetriever` whose
Documents carry every score in their metadata.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableLambda, RunnableParallel
from pydantic import ConfigDict

from bot.models import RetrievalMode, RetrievedChunk
from bot.retrieval.documents import DOC_WEIGHT, DocumentIndex
from bot.retrieval.query import expand_query
from bot.retrieval.short_forms import ShortForms
from knowledge.records import ChunkRecord, Hit
from knowledge.settings import Settings
from knowledge.store import KnowledgeStore

FILTER_KEYS = ("item_id", "stage", "doc_type", "source")

# Fusion: a convex combination of min-max normalised scores, dense weight DENSE_WEIGHT, keyword the
# rest. Measured on evals/datasets/answerable.jsonl (340 questions; document hit@5 / MRR@10 / hit@1
# over the first 30 chunks, as evals/retrieval.py counts them; Nov 2026):
#   EmbeddingGemma  dense 0.985/0.930/0.885  BM25 0.988/0.911/0.853  convex 0.5: 0.994/0.939/0.897
#   USE (light)     dense 0.959/0.864/0.782  BM25 0.988/0.911/0.853  convex 0.5: 0.991/0.916/0.853
# Weights 0.4-0.6 beat both sides on EmbeddingGemma; 0.5 has the best hit@5 on both models.
# Reciprocal rank fusion (k=60) was lower on both, 0.991/0.934/0.891 and 0.982/0.908/0.844: it
# flattens a decisive first place into a small margin.
# This and DOC_WEIGHT are what a model without an entry in FUSION_FILE gets; the profiles' own weights are
# chosen on the dev questions by `python -m bot.answer.calibrate --fusion` and stored there.
DENSE_WEIGHT = 0.5
FUSION_FILE = Path(__file__).with_name("fusion.json")
# Candidates per side. Normalisation depends on the depth of each list, so it is fixed, not tied to k.
FETCH_K = 40
# Jaccard similarity of character trigrams above which two chunks say the same thing (a paragraph
# repeated in a guide and in the FAQ, a document ingested twice under two names).
DUPLICATE_JACCARD = 0.8
_NOT_TEXT = re.compile(r"[\W_]+")


def chroma_where(where: dict[str, Any] | None) -> dict[str, Any] | None:
    """{"item_id": "eia", "stage": ["施工许可", "竣工验收"]} -> Chroma's where syntax."""
    if not where:
        return None
    unknown = set(where) - set(FILTER_KEYS)
    if unknown:
        raise ValueError(f"unsupported filter keys {sorted(unknown)}; use {FILTER_KEYS}")
    clauses = [{k: {"$in": list(v)} if isinstance(v, (list, tuple, set)) else {"$eq": v}} for k, v in where.items()]
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def matches(chunk: ChunkRecord, where: dict[str, Any] | None) -> bool:
    """The same filter applied in Python, for the keyword side (BM25 has no metadata index)."""
    for key, wanted in (where or {}).items():
        allowed = wanted if isinstance(wanted, (list, tuple, set)) else (wanted,)
        if getattr(chunk, key) not in allowed:
            return False
    return True


def _trigrams(text: str) -> set[str]:
    flat = _NOT_TEXT.sub("", text.lower())
    return {flat[i:i + 3] for i in range(max(len(flat) - 2, 1))}


def collapse_duplicates(ranked: list[RetrievedChunk], k: int,
                        threshold: float = DUPLICATE_JACCARD) -> list[RetrievedChunk]:
    """The first k of `ranked`, keeping only the best-ranked of each group of near-identical chunks."""
    kept: list[tuple[RetrievedChunk, set[str]]] = []
    for item in ranked:
        grams = _trigrams(item.chunk.text)
        if not _near_any(grams, [g for _, g in kept], threshold):
            kept.append((item, grams))
            if len(kept) == k:
                break
    return [item for item, _ in kept]


def _near_any(grams: set[str], others: list[set[str]], threshold: float = DUPLICATE_JACCARD) -> bool:
    return any(len(grams & g) / max(len(grams | g), 1) >= threshold for g in others)


@lru_cache(maxsize=1)
def _fusion_table() -> dict[str, dict]:
    return json.loads(FUSION_FILE.read_text(encoding="utf-8")) if FUSION_FILE.exists() else {}


def fusion_weights(embedding: str) -> tuple[float, float]:
    """(dense share, document weight) calibrated for this embedding profile; the neutral defaults for a
    model that has none (a strong model wants more dense share than a weak one: measure it)."""
    entry = _fusion_table().get(embedding, {})
    return entry.get("dense_weight", DENSE_WEIGHT), entry.get("doc_weight", DOC_WEIGHT)


class HybridRetriever:
    def __init__(self, store: KnowledgeStore, settings: Settings | None = None, dense_weight: float | None = None,
                 doc_weight: float | None = None) -> None:
        self.store = store
        self.settings = settings or store.settings
        calibrated = fusion_weights(self.settings.embedding)
        self.dense_weight = calibrated[0] if dense_weight is None else dense_weight
        self.doc_weight = calibrated[1] if doc_weight is None else doc_weight
        self.documents = DocumentIndex(store)
        self.short_forms = ShortForms(store)
        self._both = RunnableParallel(dense=RunnableLambda(self._dense), keyword=RunnableLambda(self._keyword))

    def search(self, query: str, k: int = 10, mode: RetrievalMode = "hybrid",
               where: dict[str, Any] | None = None, expanded: bool = False) -> list[RetrievedChunk]:
        """Top-k chunks for `query` (passed through `expand` unless the caller did: `expanded`), ranks
        1-based per side, best first."""
        query = query.strip()
        if not query or k <= 0:
            return []
        if not expanded:
            query = self.expand(query)
        return self.rank(query, self.candidates(query, k, mode, where), k, mode)

    def candidates(self, query: str, k: int = FETCH_K, mode: RetrievalMode = "hybrid",
                   where: dict[str, Any] | None = None) -> dict[str, list[Hit]]:
        """The dense and keyword hits for an expanded `query`, before fusion (a side the mode skips empty)."""
        request = {"query": query, "k": max(FETCH_K, k), "where": where}
        if mode == "hybrid":
            return self._both.invoke(request)
        if mode == "dense":
            return {"dense": self._dense(request), "keyword": []}
        if mode == "bm25":
            return {"dense": [], "keyword": self._keyword(request)}
        raise ValueError(f"unknown retrieval mode {mode!r}")

    def rank(self, query: str, candidates: dict[str, list[Hit]], k: int,
             mode: RetrievalMode = "hybrid") -> list[RetrievedChunk]:
        """The first k of `candidates` fused with this retriever's weights, near-duplicates collapsed."""
        ranked = self._fuse(candidates["dense"], candidates["keyword"])
        if mode == "hybrid":  # the production path also weighs which document is about the question
            ranked = self.documents.rerank(query, ranked, self.doc_weight)
        top = collapse_duplicates(ranked, k)
        if len(top) < k or k <= 2:  # fewer passages than asked hold every one; a shortlist of two keeps fusion's
            return top
        # each side's best hit stays in, last: the passage most like the question in meaning may share few words
        # with it ("啥时候申报" and "于2024年3月1日至4月15日登录……填报"), and fusion then ranks it just out of reach
        ids, kept = {r.chunk.id for r in top}, [_trigrams(r.chunk.text) for r in top]
        firsts = [r for r in ranked if (r.dense_rank == 1 or r.keyword_rank == 1) and r.chunk.id not in ids
                  and not _near_any(_trigrams(r.chunk.text), kept)]
        return top[:k - len(firsts)] + firsts

    def expand(self, query: str) -> str:
        """The query with its short forms written out as the corpus writes them, then the corpus's words
        for its colloquial or English names (an alias already written out is not appended again)."""
        return expand_query(self.short_forms.expand(query))

    def as_langchain(self, k: int = 5, mode: RetrievalMode = "hybrid",
                     where: dict[str, Any] | None = None) -> BaseRetriever:
        return ScoredRetriever(hybrid=self, k=k, mode=mode, where=where)

    def _dense(self, request: dict[str, Any]) -> list[Hit]:
        return self.store.dense_search(request["query"], request["k"], chroma_where(request["where"]))

    def _keyword(self, request: dict[str, Any]) -> list[Hit]:
        index = self.store.keyword_index()
        where = request["where"]
        if not where:
            return index.search(request["query"], request["k"])
        chroma_where(where)  # same validation as the dense side
        hits = index.search(request["query"], len(index.chunks))
        return [h for h in hits if matches(h.chunk, where)][:request["k"]]

    def _fuse(self, dense: list[Hit], keyword: list[Hit]) -> list[RetrievedChunk]:
        merged: dict[str, RetrievedChunk] = {}
        for side, hits, weight in (("dense", dense, self.dense_weight), ("keyword", keyword, 1.0 - self.dense_weight)):
            if not dense or not keyword:  # one side only: its own order, full weight
                weight = 1.0
            for rank, (hit, norm) in enumerate(zip(hits, _min_max([h.score for h in hits])), 1):
                item = merged.setdefault(hit.chunk.id, RetrievedChunk(chunk=hit.chunk))
                setattr(item, f"{side}_rank", rank)
                setattr(item, f"{side}_score", hit.score)
                item.fused_score += weight * norm
        # Ties go to the better single-side rank, then to document order.
        return sorted(merged.values(), key=lambda r: (-r.fused_score, min(r.dense_rank or 10**6, r.keyword_rank or 10**6),
                                                       r.chunk.source, r.chunk.chunk_index))


def _min_max(scores: list[float]) -> list[float]:
    """Scores mapped to [0, 1] within their list (all 1.0 when they are equal)."""
    if not scores:
        return []
    lo, hi = min(scores), max(scores)
    return [(s - lo) / (hi - lo) if hi > lo else 1.0 for s in scores]


class ScoredRetriever(BaseRetriever):
    """`HybridRetriever` as a LangChain retriever; scores and ranks travel in Document metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    hybrid: HybridRetriever
    k: int = 5
    mode: RetrievalMode = "hybrid"
    where: dict[str, Any] | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [to_document(r) for r in self.hybrid.search(query, self.k, self.mode, self.where)]


def to_document(item: RetrievedChunk) -> Document:
    meta = item.chunk.metadata() | item.model_dump(exclude={"chunk"}) | {"id": item.chunk.id}
    return Document(page_content=item.chunk.text, metadata=meta, id=item.chunk.id)

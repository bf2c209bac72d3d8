"""Retrieval evaluation: document-level hit@1/3/5, MRR@10 and nDCG@10 for BM25, dense and hybrid."""

from __future__ import annotations

import time
from collections import defaultdict

from pydantic import BaseModel
from tqdm import tqdm

from bot.models import RetrievalMode
from bot.retrieval import HybridRetriever
from evals.data import Answerable
from evals.metrics import hit_at, mean, ndcg_at, percentile, reciprocal_rank, unique_sources
from knowledge.store import KnowledgeStore

MODES: tuple[RetrievalMode, ...] = ("bm25", "dense", "hybrid")
DEPTH = 10
# Chunks fetched per query: enough that deduplicating by source still leaves about DEPTH documents.
FETCH_CHUNKS = 30
SHOWN = 5  # documents shown per miss


class ModeScores(BaseModel):
    n: int
    hit1: float
    hit3: float
    hit5: float
    mrr10: float
    ndcg10: float
    latency_ms_p50: float


class RetrievalMiss(BaseModel):
    id: str
    style: str
    question: str
    expected: list[str]
    got: list[str]


class ProfileRetrieval(BaseModel):
    profile: str
    model_id: str
    chunks: int
    modes: dict[str, ModeScores]
    hybrid_hit5_by_style: dict[str, float]
    misses: list[RetrievalMiss]  # hybrid, no expected document in the first SHOWN


def ranked_documents(retriever: HybridRetriever, question: str, mode: RetrievalMode) -> list[str]:
    return unique_sources(r.chunk.source for r in retriever.search(question, FETCH_CHUNKS, mode))[:DEPTH]


def evaluate_retrieval(store: KnowledgeStore, cases: list[Answerable], progress: bool = True) -> ProfileRetrieval:
    retriever = HybridRetriever(store, store.settings)
    modes: dict[str, ModeScores] = {}
    misses: list[RetrievalMiss] = []
    by_style: dict[str, list[float]] = defaultdict(list)
    for mode in MODES:
        rows: list[tuple[float, float, float, float, float]] = []
        latencies: list[float] = []
        for case in tqdm(cases, desc=f"检索评测 {store.settings.embedding}/{mode}", unit="题", disable=not progress):
            start = time.perf_counter()
            ranked = ranked_documents(retriever, case.question, mode)
            latencies.append((time.perf_counter() - start) * 1000)
            relevant = set(case.sources)
            rows.append((hit_at(ranked, relevant, 1), hit_at(ranked, relevant, 3), hit_at(ranked, relevant, 5),
                         reciprocal_rank(ranked, relevant, DEPTH), ndcg_at(ranked, relevant, DEPTH)))
            if mode == "hybrid":
                by_style[case.style].append(rows[-1][2])
                if not rows[-1][2]:
                    misses.append(RetrievalMiss(id=case.id, style=case.style, question=case.question,
                                                expected=case.sources, got=ranked[:SHOWN]))
        columns = [mean(col) or 0.0 for col in zip(*rows, strict=True)] if rows else [0.0] * 5
        modes[mode] = ModeScores(n=len(rows), hit1=columns[0], hit3=columns[1], hit5=columns[2], mrr10=columns[3],
                                 ndcg10=columns[4], latency_ms_p50=percentile(latencies, 50) or 0.0)
    return ProfileRetrieval(profile=store.settings.embedding, model_id=store.model_id, chunks=store.stats()["chunks"],
                            modes=modes, hybrid_hit5_by_style={s: mean(v) or 0.0 for s, v in sorted(by_style.items())},
                            misses=misses)

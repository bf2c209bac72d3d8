"""How the chunk size changes retrieval and answers: the corpus split at several sizes into temporary
stores, each evaluated as the main run evaluates the served store.

Not part of `all`: it embeds the whole corpus once per size (seconds on the light profile, many minutes
on EmbeddingGemma). The refusal threshold stays the one calibrated at the configured size, so a size far
from it is judged with a threshold not tuned for it; retrieval figures are unaffected.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from langchain_core.embeddings import Embeddings
from pydantic import BaseModel
from tqdm import tqdm

from evals.answers import AnswerScores, evaluate_answers
from evals.data import Cases
from evals.kb import eval_settings
from evals.retrieval import ModeScores, evaluate_retrieval
from ingest.pipeline import ingest_paths
from knowledge.embeddings import get_embeddings
from knowledge.settings import get_settings
from knowledge.store import KnowledgeStore

SIZES = (150, 250, 400, 600, 900)


class ChunkingRow(BaseModel):
    size: int
    overlap: int
    chunks: int
    ingest_s: float
    modes: dict[str, ModeScores]  # bm25, dense, hybrid on the answerable set
    answerable: AnswerScores | None
    followups: AnswerScores | None


class ChunkingResult(BaseModel):
    profile: str
    configured: int  # the size the served store is built with
    rows: list[ChunkingRow]


def evaluate_size(profile: str, size: int, corpus: Path, cases: Cases, embeddings: Embeddings) -> ChunkingRow:
    overlap = min(get_settings().chunk_overlap, size // 4)
    with tempfile.TemporaryDirectory(prefix=f"chunking-{size}-") as tmp:
        settings = eval_settings(profile, Path(tmp)).model_copy(update={"chunk_size": size, "chunk_overlap": overlap})
        store = KnowledgeStore(settings, embeddings=embeddings)  # one model for every size
        start = time.perf_counter()
        ingest_paths([corpus], store, progress=False)
        ingest_s = time.perf_counter() - start
        retrieval = evaluate_retrieval(store, cases.answerable, progress=False)
        answers = evaluate_answers(store, cases, progress=False)
        chunks = store.stats()["chunks"]
    return ChunkingRow(size=size, overlap=overlap, chunks=chunks, ingest_s=ingest_s, modes=retrieval.modes,
                       answerable=answers.answerable, followups=answers.followups)


def run_chunking(profile: str, sizes: tuple[int, ...], corpus: Path, cases: Cases, progress: bool = True) -> ChunkingResult:
    embeddings = get_embeddings(profile)
    rows = [evaluate_size(profile, size, corpus, cases, embeddings)
            for size in tqdm(sizes, desc=f"分块大小 {profile}", unit="档", disable=not progress)]
    return ChunkingResult(profile=profile, configured=get_settings().chunk_size, rows=rows)

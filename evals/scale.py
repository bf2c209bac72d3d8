"""How cost grows with the store: `ask` latency and keyword-index update time at 1k .. 50k chunks.

The store is synthetic: the bundled corpus and the statutes, then copies of their documents under other
source ids until each size is reached. Copies reuse the vectors of their original text (embedding 50k
chunks with EmbeddingGemma would take hours on 2 cores and measure nothing new), but everything else —
Chroma writes, the manifest, the keyword index, retrieval and the answer chain — runs as in production.
Each size is measured beside the old behaviour in the same run: a keyword index rebuilt whole, which is
what every manifest change used to cost.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from langchain_core.embeddings import Embeddings
from pydantic import BaseModel
from tqdm import tqdm

from evals.kb import eval_settings
from evals.perf import Latency, spread, timed
from ingest.loaders import LoadError, load_document
from ingest.pipeline import collect_files, to_records
from ingest.splitter import split_document
from knowledge.embeddings import get_embeddings, model_id_of
from knowledge.keyword import KeywordIndex
from knowledge.records import ChunkRecord
from knowledge.settings import Settings
from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)

SIZES = (1_000, 5_000, 20_000, 50_000)
QUESTIONS = 20  # timed per size, spread over the answerable set
# A whole rebuild (the old cost of every change) is timed up to this size; beyond, it only grows linearly
# with the chunks tokenised, and timing it would double the run.
REBUILD_UP_TO = 5_000
WARMUP = 2


class ScaleRow(BaseModel):
    chunks: int
    documents: int
    grow_s: float  # writing this size's new copies (vectors reused) and indexing them incrementally
    update_ms: float  # the keyword index taking in one changed document (median of add and remove)
    rebuild_s: float | None  # a keyword index built whole over every chunk: the old cost of each change
    latency_ms: dict[str, Latency]  # bm25, hybrid, ask


class ScaleResult(BaseModel):
    profile: str
    model_id: str
    base_documents: int
    base_chunks: int
    sources: list[str]
    embed_s: float  # the base chunks embedded once
    rows: list[ScaleRow]
    load_average: list[float]


class ReusedVectors(Embeddings):
    """The model's vectors, computed once per distinct text: copies of a chunk cost a lookup."""

    def __init__(self, model: Embeddings) -> None:
        self.model = model
        self.model_id = model_id_of(model)
        self.vectors: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            self.vectors.update(zip(missing, self.model.embed_documents(missing)))
        return [self.vectors[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)


class BaseDocument(BaseModel):
    source: str
    title: str
    doc_type: str
    content_hash: str
    chunks: list[ChunkRecord]

    def copy_as(self, n: int) -> BaseDocument:
        """The same text under another source id (so other chunk ids)."""
        source = f"copies/{n}/{self.source}"
        chunks = [c.model_copy(update={"source": source,
                                       "id": hashlib.sha256(f"{source}\x1f{c.id}".encode()).hexdigest()[:32]})
                  for c in self.chunks]
        return self.model_copy(update={"source": source, "chunks": chunks})


def base_documents(folders: list[Path], settings: Settings) -> list[BaseDocument]:
    docs = []
    for root, path in collect_files(folders):
        source = path.relative_to(root).as_posix()
        try:
            doc = load_document(path, max_bytes=int(settings.max_file_mb * 1024 * 1024))
        except LoadError as exc:
            log.warning("not used for the scale store: %s (%s)", path, exc.reason)
            continue
        chunks = to_records(source, doc, split_document(doc, settings.chunk_size, settings.chunk_overlap))
        docs.append(BaseDocument(source=source, title=doc.title, doc_type=str(doc.meta.get("doc_type", "document")),
                                 content_hash=doc.content_hash, chunks=chunks))
    return docs


def copies(docs: list[BaseDocument]) -> Iterator[BaseDocument]:
    yield from docs
    n = 1
    while True:
        yield from (d.copy_as(n) for d in docs)
        n += 1


def write(store: KnowledgeStore, doc: BaseDocument) -> None:
    store.write_document(doc.source, doc.title, doc.doc_type, doc.content_hash, doc.chunks)


def update_ms(store: KnowledgeStore, probe: BaseDocument) -> float:
    """Median cost of the index following one document in and out (each write bumps the manifest)."""
    store.keyword_index()
    write(store, probe)
    added, _ = timed(store.keyword_index)
    store.remove_document(probe.source)
    removed, _ = timed(store.keyword_index)
    return (added + removed) / 2


def time_queries(stages: dict, questions: list[str]) -> dict[str, Latency]:
    for q in questions[:WARMUP]:
        for stage in stages.values():
            stage(q)
    samples: dict[str, list[float]] = {name: [] for name in stages}
    for q in questions:  # question-major, as perf does: load from other processes hits all stages alike
        for name, stage in stages.items():
            samples[name].append(timed(stage, q)[0])
    return {name: Latency.of(s) for name, s in samples.items()}


def run_scale(profile: str, corpus: Path, laws: Path | None, questions: list[str],
              sizes: tuple[int, ...] = SIZES, progress: bool = True) -> ScaleResult:
    from bot.answer import Assistant
    from bot.retrieval import HybridRetriever

    load = [os.getloadavg()[0]]
    folders = [corpus] + ([laws] if laws and laws.is_dir() else [])
    sample = spread(questions, QUESTIONS)
    with tempfile.TemporaryDirectory(prefix="zonebot-scale-") as tmp:
        settings = eval_settings(profile, Path(tmp))
        docs = base_documents(folders, settings)
        embeddings = ReusedVectors(get_embeddings(profile))
        embed_ms, _ = timed(embeddings.embed_documents, [c.context_text for d in docs for c in d.chunks])
        store = KnowledgeStore(settings, embeddings)
        retriever, assistant = HybridRetriever(store, settings), Assistant(store, settings)
        stages = {"bm25": lambda q: store.keyword_index().search(q, 10),
                  "hybrid": lambda q: retriever.search(q, 10),
                  "ask": lambda q: assistant.ask(q, [])}
        source, rows, total, n_docs = copies(docs), [], 0, 0
        probe = docs[0].copy_as(0)
        for size in tqdm(sizes, desc=f"规模测量 {profile}", unit="档", disable=not progress):
            start = time.perf_counter()
            while total < size:
                doc = next(source)
                write(store, doc)
                total += len(doc.chunks)
                n_docs += 1
            store.keyword_index()
            grow_s = time.perf_counter() - start
            update = update_ms(store, probe)
            rebuild_s = timed(lambda: KeywordIndex(store.all_chunks()))[0] / 1000 if size <= REBUILD_UP_TO else None
            # On a worker thread, as the server runs handlers (see evals/perf.py).
            with ThreadPoolExecutor(max_workers=1) as worker:
                latency = worker.submit(time_queries, stages, sample).result()
            rows.append(ScaleRow(chunks=total, documents=n_docs, grow_s=grow_s, update_ms=update,
                                 rebuild_s=rebuild_s, latency_ms=latency))
    load.append(os.getloadavg()[0])
    return ScaleResult(profile=profile, model_id=embeddings.model_id, base_documents=len(docs),
                       base_chunks=sum(len(d.chunks) for d in docs), sources=[str(f) for f in folders],
                       embed_s=embed_ms / 1000, rows=rows, load_average=load)

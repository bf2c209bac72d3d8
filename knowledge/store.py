"""The knowledge store: a Chroma collection of chunks, a manifest of committed documents, and a
keyword index derived from the committed chunks.

Consistency: a document's chunks are written first, then its manifest record (one atomic upsert)
names exactly which chunk ids form the current version, then stale chunks are deleted. Readers
only ever see chunks a manifest record names, so an interrupted write is invisible; `repair()`
removes the orphans it left behind.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_core.embeddings import Embeddings

from knowledge.embeddings import get_embeddings, model_id_for, model_id_of
from knowledge.keyword import KeywordIndex
from knowledge.records import ChunkRecord, DocumentRecord, Hit
from knowledge.settings import Settings, get_settings

log = logging.getLogger(__name__)

BATCH = 64
REVISION_ID = "manifest"
FETCH_BATCH = 5000  # ids per Chroma get: SQLite limits the variables of one statement


class EmbeddingMismatchError(RuntimeError):
    """The collection was built with another embedding model; mixing vectors would be garbage."""


def default_collection_name(embedding: str) -> str:
    """One collection per embedding profile, so switching models never mixes vectors."""
    suffix = re.sub(r"[^a-zA-Z0-9._-]+", "-", embedding).strip("-._") or "custom"
    return f"zone-kb-{suffix}"[:200]


class KnowledgeStore:
    def __init__(self, settings: Settings | None = None, embeddings: Embeddings | None = None,
                 collection: str | None = None) -> None:
        self.settings = settings or get_settings()
        # Loaded on first use: re-ingesting an unchanged corpus never needs the model.
        self._embeddings = embeddings
        self.model_id = model_id_of(embeddings) if embeddings else model_id_for(self.settings.embedding)
        self.name = collection or self.settings.collection or default_collection_name(self.settings.embedding)
        self.client = _client(self.settings)
        # embedding_function=None: Chroma must never embed (its default model downloads, and fails offline)
        hnsw = {"space": "cosine", "ef_search": self.settings.dense_ef_search}
        self.chunks = self.client.get_or_create_collection(
            self.name, embedding_function=None, metadata={"embedding_model": self.model_id},
            configuration={"hnsw": hnsw})
        built_with = (self.chunks.metadata or {}).get("embedding_model")
        if built_with != self.model_id:
            raise EmbeddingMismatchError(
                f"知识库集合“{self.name}”是用嵌入模型 {built_with} 构建的，当前模型为 {self.model_id}，不能混用。"
                f"请改用原模型，或换一个集合名（--collection）重新导入。\n"
                f"Collection '{self.name}' was built with {built_with}; the current model is {self.model_id}. "
                "Use the same model or ingest into another collection.")
        if (self.chunks.configuration.get("hnsw") or {}).get("ef_search") != hnsw["ef_search"]:
            # a search setting, so a collection built before (or with another value) takes the current one
            self.chunks.modify(configuration={"hnsw": {"ef_search": hnsw["ef_search"]}})
        self.files = self.client.get_or_create_collection(f"{self.name}-files", embedding_function=None)
        # A token replaced after every manifest change, so readers (other replicas too) can keep the
        # manifest and the keyword index cached and check them with one small read.
        self.revisions = self.client.get_or_create_collection(f"{self.name}-revision", embedding_function=None)
        if self.revision() is None:  # a store written before revisions existed
            self._bump_revision()
        self._manifest: tuple[str | None, list[DocumentRecord], frozenset[str]] | None = None
        # (revision, chunk ids per committed source as last indexed, the index)
        self._keyword: tuple[str | None, dict[str, tuple[str, ...]], KeywordIndex] | None = None

    @property
    def embeddings(self) -> Embeddings:
        if self._embeddings is None:
            self._embeddings = get_embeddings(self.settings.embedding)
        return self._embeddings

    # -- manifest ---------------------------------------------------------------------------------
    def revision(self) -> str | None:
        got = self.revisions.get(ids=[REVISION_ID], include=["metadatas"])
        return str(got["metadatas"][0]["revision"]) if got["ids"] else None

    def _bump_revision(self) -> None:
        self.revisions.upsert(ids=[REVISION_ID], embeddings=[[1.0]], metadatas=[{"revision": uuid.uuid4().hex}])

    def _read_manifest(self) -> tuple[str | None, list[DocumentRecord], frozenset[str]]:
        # The revision is read before the manifest: a write landing in between leaves an older
        # revision beside a newer manifest, so the next call reads again (never the other way round).
        revision = self.revision()
        if revision is None or self._manifest is None or self._manifest[0] != revision:
            got = self.files.get(include=["metadatas"])
            docs = sorted((_document(i, m) for i, m in zip(got["ids"], got["metadatas"])), key=lambda d: d.source)
            self._manifest = (revision, docs, frozenset(cid for d in docs for cid in d.chunk_ids))
        return self._manifest

    def documents(self) -> list[DocumentRecord]:
        return list(self._read_manifest()[1])

    def document(self, source: str) -> DocumentRecord | None:
        got = self.files.get(ids=[source], include=["metadatas"])
        return _document(got["ids"][0], got["metadatas"][0]) if got["ids"] else None

    def committed_ids(self) -> frozenset[str]:
        return self._read_manifest()[2]

    # -- writing ----------------------------------------------------------------------------------
    def missing_ids(self, ids: list[str]) -> set[str]:
        """The ids among `ids` the store does not hold yet (their chunks need embedding)."""
        held: set[str] = set()
        for start in range(0, len(ids), FETCH_BATCH):
            held.update(self.chunks.get(ids=ids[start:start + FETCH_BATCH], include=[])["ids"])
        return set(ids) - held

    def embed(self, chunks: list[ChunkRecord]) -> dict[str, list[float]]:
        """Embeddings of the chunks' context texts, by chunk id."""
        return dict(zip((c.id for c in chunks), self.embeddings.embed_documents([c.context_text for c in chunks])))

    def write_document(self, source: str, title: str, doc_type: str, content_hash: str,
                       chunks: list[ChunkRecord], on_embedded: Callable[[int], None] | None = None,
                       origin: str = "", vectors: dict[str, list[float]] | None = None) -> tuple[int, int, int]:
        """Make `chunks` the current version of `source`. Returns (added, unchanged, removed).
        `origin` is where the document came from (an ingest root, or "console"): prune scopes by it.
        `vectors` holds embeddings computed by the caller (by chunk id); the others are embedded here."""
        new_ids = list(dict.fromkeys(c.id for c in chunks))
        existing = set(new_ids) - self.missing_ids(new_ids)
        to_add = [c for c in {c.id: c for c in chunks}.values() if c.id not in existing]
        given = vectors or {}
        for start in range(0, len(to_add), BATCH):
            batch = to_add[start:start + BATCH]
            todo = [c for c in batch if c.id not in given]
            computed = self.embed(todo) if todo else {}
            self.chunks.upsert(ids=[c.id for c in batch], embeddings=[given.get(c.id) or computed[c.id] for c in batch],
                               documents=[c.text for c in batch], metadatas=[c.metadata() for c in batch])
            if on_embedded:
                on_embedded(len(batch))
        old = self.document(source)
        record = {"title": title, "doc_type": doc_type, "content_hash": content_hash,
                  "chunk_ids": json.dumps(new_ids), "origin": origin, "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        self.files.upsert(ids=[source], embeddings=[[1.0]], documents=[title], metadatas=[record])  # the commit point
        self._bump_revision()
        stale = sorted(set(old.chunk_ids) - set(new_ids)) if old else []
        if stale:
            self.chunks.delete(ids=stale)
        return len(to_add), len(new_ids) - len(to_add), len(stale)

    def remove_document(self, source: str) -> int:
        old = self.document(source)
        if old is None:
            return 0
        self.files.delete(ids=[source])
        self._bump_revision()
        if old.chunk_ids:
            self.chunks.delete(ids=old.chunk_ids)
        return len(old.chunk_ids)

    def repair(self) -> int:
        """Delete chunks no manifest record names (left by an interrupted write)."""
        orphans = sorted(set(self.chunks.get(include=[])["ids"]) - self.committed_ids())
        for start in range(0, len(orphans), 500):
            self.chunks.delete(ids=orphans[start:start + 500])
        if orphans:
            log.warning("removed %d orphan chunks from an interrupted ingest", len(orphans))
        return len(orphans)

    # -- reading ----------------------------------------------------------------------------------
    def vectors(self, ids: list[str]) -> dict[str, list[float]]:
        """The stored embeddings of these chunks, by id (an id the store lacks is left out)."""
        got = self.chunks.get(ids=ids, include=["embeddings"]) if ids else {"ids": [], "embeddings": []}
        return {i: list(v) for i, v in zip(got["ids"], got["embeddings"])}

    def all_chunks(self) -> list[ChunkRecord]:
        return self._chunks_by_id(sorted(self.committed_ids()))

    def dense_search(self, query: str, k: int = 10, where: dict | None = None) -> list[Hit]:
        """Nearest chunks by cosine similarity (score = 1 - distance), committed chunks only."""
        return self.dense_search_vector(self.embeddings.embed_query(query), k, where)

    def dense_search_vector(self, vector: list[float], k: int = 10, where: dict | None = None) -> list[Hit]:
        committed = self.committed_ids()
        if not committed:
            return []
        # Over-fetch a little: orphans of an interrupted write may occupy some of the top slots.
        n = min(len(committed), k + 8)
        res = self.chunks.query(query_embeddings=[vector], n_results=n, where=where,
                                include=["documents", "metadatas", "distances"])
        hits = [Hit(chunk=ChunkRecord(id=i, text=t, **m), score=1.0 - d)
                for i, t, m, d in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0])
                if i in committed]
        return hits[:k]

    def keyword_index(self) -> KeywordIndex:
        """BM25 over the committed chunks, kept in step with the manifest: a changed document's old
        chunks leave the index and its new ones enter it; the rest is not touched."""
        revision, docs, _ = self._read_manifest()
        if self._keyword is not None and revision is not None and self._keyword[0] == revision:
            return self._keyword[2]
        committed = {d.source: tuple(d.chunk_ids) for d in docs}
        if self._keyword is None:
            index = KeywordIndex(self._chunks_by_id(sorted({i for ids in committed.values() for i in ids})))
        else:
            _, indexed, index = self._keyword
            changed = {s for s in committed.keys() | indexed.keys() if committed.get(s) != indexed.get(s)}
            before = {i for s in changed for i in indexed.get(s, ())}
            after = {i for s in changed for i in committed.get(s, ())}
            index.remove(before - after)
            index.add(self._chunks_by_id(sorted(after - before)))
        self._keyword = (revision, committed, index)
        return index

    def _chunks_by_id(self, ids: list[str]) -> list[ChunkRecord]:
        chunks: list[ChunkRecord] = []
        for start in range(0, len(ids), FETCH_BATCH):
            got = self.chunks.get(ids=ids[start:start + FETCH_BATCH], include=["documents", "metadatas"])
            chunks += [ChunkRecord(id=i, text=t, **m) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return chunks

    def stats(self) -> dict[str, int]:
        docs = self.documents()
        return {"documents": len(docs), "chunks": sum(d.chunks for d in docs)}


def _document(source: str, meta: dict) -> DocumentRecord:
    return DocumentRecord(source=source, chunk_ids=json.loads(meta["chunk_ids"]),
                          **{k: v for k, v in meta.items() if k != "chunk_ids"})


def _client(settings: Settings) -> chromadb.api.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=chroma_settings)
    settings.kb_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.kb_dir), settings=chroma_settings)


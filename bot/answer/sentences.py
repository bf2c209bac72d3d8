"""Sentence-level dense similarity with the configured embedding model, for choosing what to quote.

The units (sentences and list items) of the top passages are embedded in one batch and cached per
chunk: a chunk's units never change while its id (a content hash) is the same, so a passage seen once
costs nothing again. The query vector is cached by text as well.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.answer.text import Unit


class SentenceScorer:
    def __init__(self, embeddings: Embeddings, max_chunks: int = 4096, max_queries: int = 256) -> None:
        self.embeddings = embeddings
        self._chunks: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max_chunks, self._max_queries = max_chunks, max_queries
        self._lock = threading.Lock()  # the chain may serve several threads (Gradio, batch)

    def similarities(self, query: str, passages: Sequence[tuple[str, list[Unit]]]) -> list[np.ndarray]:
        """Cosine similarity of `query` to every unit of every (chunk id, units) passage."""
        with self._lock:
            missing = [(cid, units) for cid, units in passages if cid not in self._chunks and units]
        if missing:
            texts = [u.text for _, units in missing for u in units]
            vectors = _normalise(np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32))
            start = 0
            with self._lock:
                for cid, units in missing:
                    self._chunks[cid] = vectors[start:start + len(units)]
                    start += len(units)
                while len(self._chunks) > self._max_chunks:
                    self._chunks.popitem(last=False)
        q = self._query(query)
        with self._lock:
            out = []
            for cid, units in passages:
                if not units:
                    out.append(np.zeros(0, dtype=np.float32))
                    continue
                self._chunks.move_to_end(cid)
                out.append(self._chunks[cid] @ q)
        return out

    def _query(self, text: str) -> np.ndarray:
        with self._lock:
            if text in self._queries:
                self._queries.move_to_end(text)
                return self._queries[text]
        vector = _normalise(np.asarray([self.embeddings.embed_query(text)], dtype=np.float32))[0]
        with self._lock:
            self._queries[text] = vector
            while len(self._queries) > self._max_queries:
                self._queries.popitem(last=False)
        return vector


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)

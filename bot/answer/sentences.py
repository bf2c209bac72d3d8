"""Sentence-level dense similarity with the configured embedding model, for choosing what to quote.

Only the strongest candidate units of a question are embedded (the composer ranks every unit
lexically first), in one batch; vectors are cached by unit text, so a sentence seen once costs
nothing again. The query vector is cached by text as well.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
from langchain_core.embeddings import Embeddings


class SentenceScorer:
    def __init__(self, embeddings: Embeddings, max_sentences: int = 20000, max_queries: int = 256) -> None:
        self.embeddings = embeddings
        self._sentences: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max_sentences, self._max_queries = max_sentences, max_queries
        self._lock = threading.Lock()  # the chain may serve several threads (Gradio, batch)

    def similarities(self, query: str, texts: Sequence[str]) -> list[float]:
        """Cosine similarity of `query` to each text."""
        if not texts:
            return []
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._sentences))
        if missing:
            vectors = _normalise(np.asarray(self.embeddings.embed_documents(missing), dtype=np.float32))
            with self._lock:
                self._sentences.update(zip(missing, vectors))
                while len(self._sentences) > self._max_sentences:
                    self._sentences.popitem(last=False)
        q = self.query_vector(query)
        with self._lock:
            for t in texts:
                self._sentences.move_to_end(t)
            return [float(self._sentences[t] @ q) for t in texts]

    def query_vector(self, text: str) -> np.ndarray:
        """The query's embedding, cached by text (retrieval's dense side asks for it first)."""
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

"""Document-level evidence beside chunk-level: which document is about the question as a whole.

In a corpus of similar documents (29 statutes that all speak of 建设单位, 审批, 罚款) the best single
chunk is often a near-twin in the wrong document: "竣工验收合格之日起15日内……备案" is in the
construction-quality regulation and in the drainage one. The whole document's vocabulary, and its
title above all, say which one the question is about. So each document gets a BM25 score over its
full text (title repeated, as a heading weighs more than a sentence) through the same `KeywordIndex`
the chunk side uses, and a chunk's fused score gains DOC_WEIGHT times its document's normalised score.
"""

from __future__ import annotations

from collections import defaultdict

from bot.models import RetrievedChunk
from knowledge.keyword import KeywordIndex
from knowledge.records import ChunkRecord
from knowledge.store import KnowledgeStore

# Chosen on the statutes' dev split (evals/datasets/laws_split.json), light profile, Nov 2026: document
# hit@1 0.815 (0.0), 0.840 (0.1), 0.864 (0.3), 0.889 (0.5), 0.877 (0.8); hit@5 0.988 throughout. The
# bundled answerable set kept hit@5 0.991 at every weight (hit@1 0.859-0.862). A profile with an entry in
# bot/retrieval/fusion.json uses its own (`python -m bot.answer.calibrate --fusion`).
DOC_WEIGHT = 0.5
TITLE_REPEAT = 3  # the title counted this many times in its document's text


class DocumentIndex:
    """BM25 over whole documents of the store, rebuilt when the store's keyword index is."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store
        self._built_for: int | None = None  # generation of the chunk index it reflects
        self._index: KeywordIndex | None = None
        self._documents = 0

    def _current(self) -> KeywordIndex:
        generation = self.store.keyword_index().generation  # kept in step with the manifest, updated in place
        if self._index is None or self._built_for != generation:
            documents = whole_documents(self.store.all_chunks())
            self._index, self._built_for, self._documents = KeywordIndex(documents), generation, len(documents)
        return self._index

    def scores(self, query: str) -> dict[str, float]:
        """Source -> document score in [0, 1] (the best document 1); documents without a match absent."""
        index = self._current()
        hits = index.search(query, self._documents) if self._documents else []
        top = max((h.score for h in hits), default=0.0)
        return {h.chunk.source: h.score / top for h in hits} if top > 0 else {}

    def rerank(self, query: str, ranked: list[RetrievedChunk], weight: float = DOC_WEIGHT) -> list[RetrievedChunk]:
        """`ranked` re-sorted by fused score plus `weight` times the chunk's document score."""
        if weight <= 0 or not ranked:
            return ranked
        docs = self.scores(query)
        if not docs:
            return ranked
        for item in ranked:
            item.fused_score += weight * docs.get(item.chunk.source, 0.0)
        return sorted(ranked, key=lambda r: -r.fused_score)


def whole_documents(chunks: list[ChunkRecord]) -> list[ChunkRecord]:
    """One record per source: the title (repeated) and the headings over all its text."""
    parts: dict[str, list[ChunkRecord]] = defaultdict(list)
    for chunk in chunks:
        parts[chunk.source].append(chunk)
    docs = []
    for source, pieces in sorted(parts.items()):
        pieces.sort(key=lambda c: c.chunk_index)
        first = pieces[0]
        headings = dict.fromkeys(c.section for c in pieces if c.section)
        text = "\n".join([first.title] * (TITLE_REPEAT - 1) + list(headings) + [c.text for c in pieces])
        docs.append(ChunkRecord(id=source, text=text, source=source, title=first.title, doc_type=first.doc_type))
    return docs

"""Hybrid retrieval over the knowledge store: `HybridRetriever(store, settings).search(query, k, mode, where)`."""

from bot.retrieval.hybrid import HybridRetriever, ScoredRetriever, chroma_where
from bot.retrieval.query import expand_query

__all__ = ["HybridRetriever", "ScoredRetriever", "chroma_where", "expand_query"]

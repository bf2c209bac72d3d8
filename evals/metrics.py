"""Pure metric functions: document-level ranking metrics, key-fact matching, percentiles.

Ranking is judged per document, not per chunk: a person reads a cited document, so a second chunk of an
already-seen document adds nothing and must not push a relevant one down (dedupe by source first).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import numpy as np

_SPACE = re.compile(r"\s+")


def unique_sources(sources: Iterable[str]) -> list[str]:
    """Sources in first-seen order, each once."""
    return list(dict.fromkeys(sources))


def hit_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """1.0 when one of the first k ranked documents is relevant."""
    return 1.0 if any(doc in relevant for doc in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    """1/rank of the first relevant document within the first k, 0.0 when none."""
    return next((1.0 / rank for rank, doc in enumerate(ranked[:k], 1) if doc in relevant), 0.0)


def ndcg_at(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    """Binary-relevance nDCG@k: DCG = sum of 1/log2(rank+1) over relevant ranks, over the ideal DCG."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, doc in enumerate(ranked[:k], 1) if doc in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal if ideal else 0.0


def normalize(text: str) -> str:
    """Whitespace removed: the extractive answerer may re-wrap lines or add spaces around numbers."""
    return _SPACE.sub("", text)


def fact_found(fact: str, answer: str) -> bool:
    """A key fact is found when any of its "|"-separated alternatives occurs in the answer."""
    flat = normalize(answer)
    return any(alt and alt in flat for alt in (normalize(a) for a in fact.split("|")))


def mean(values: Iterable[float]) -> float | None:
    """Arithmetic mean, None for no values (a figure that was not measured is not 0)."""
    items = list(values)
    return sum(items) / len(items) if items else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100), None for no values."""
    return float(np.percentile(values, q)) if len(values) else None

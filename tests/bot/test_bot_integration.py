"""The answering bars of issue 4 on the default model (EmbeddingGemma) over the bundled corpus and datasets,
measured by the evaluation runner itself, so the test and the report cannot disagree."""

from __future__ import annotations

import pytest

from evals.answers import evaluate_answers
from evals.data import DEFAULT_DATASETS, load_cases
from evals.kb import DEFAULT_CACHE, eval_settings, open_eval_store, profile_dirname
from evals.retrieval import evaluate_retrieval
from knowledge.store import KnowledgeStore

pytestmark = pytest.mark.integration

# The bars of issue 4 hold on the datasets they were set on. The generated catalogue follow-ups of issue 12
# (25 items x 5 aspects x 3 phrasings, some key facts clipped first clauses) are reported by
# `python -m evals answers` and gated on their held-out split by the regression gate; so are the follow-ups
# of followups_free.jsonl, followups_fresh.jsonl, followups_blind.jsonl and followups_blind2.jsonl, in phrasings the
# earlier sets do not use.
ISSUE4_DATASETS = tuple(p for p in DEFAULT_DATASETS
                        if p.name not in {"followups_catalogue.jsonl", "followups_free.jsonl", "followups_fresh.jsonl",
                                           "followups_blind.jsonl", "followups_blind2.jsonl"})


@pytest.fixture(scope="module")
def default_store() -> KnowledgeStore:
    # The evaluation's cached store: embedding the corpus takes minutes, refreshing it a second.
    kb_dir = DEFAULT_CACHE / profile_dirname("default")
    store, report = open_eval_store("default", kb_dir, progress=False)
    assert not report.files_failed and store.stats()["chunks"] > 300
    # Answers are extractive (no LLM), whatever endpoint the environment configures; same loaded model.
    extractive = eval_settings("default", kb_dir).model_copy(update={"llm_base_url": None})
    return KnowledgeStore(extractive, embeddings=store.embeddings)


@pytest.mark.timeout(3600)  # ingests the whole corpus with EmbeddingGemma on 2 cores
def test_default_model_meets_the_answering_bars(default_store: KnowledgeStore) -> None:
    cases = load_cases(ISSUE4_DATASETS)
    modes = evaluate_retrieval(default_store, cases.answerable, progress=False).modes
    hybrid = modes["hybrid"]
    assert hybrid.hit5 >= 0.95 and hybrid.mrr10 >= 0.85, modes
    for single in ("bm25", "dense"):  # hybrid beats each single mode: hit@5 first, then MRR
        assert (hybrid.hit5, hybrid.mrr10) > (modes[single].hit5, modes[single].mrr10), modes

    result = evaluate_answers(default_store, cases, progress=False)
    for name, scores in (("answerable", result.answerable), ("follow-ups", result.followups)):
        assert scores is not None
        assert scores.key_fact_recall >= 0.85, (name, scores)
        assert scores.citation_precision is not None and scores.citation_precision >= 0.90, (name, scores)
        assert scores.false_refusal_rate <= 0.05, (name, scores)
    assert result.refusal_accuracy is not None and result.refusal_accuracy >= 0.90
    # Latency bars are measured by `python -m evals perf`, not asserted here (noisy shared machines).

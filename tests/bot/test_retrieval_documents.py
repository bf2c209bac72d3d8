"""Document-level evidence: a sentence two regulations share is credited to the one the question is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.retrieval import HybridRetriever
from bot.retrieval.documents import DocumentIndex
from ingest.pipeline import ingest_paths
from knowledge.store import KnowledgeStore
from tests.bot.conftest import ingested

SHARED = "建设单位应当自竣工验收合格之日起15日内，将竣工验收报告报有关部门备案。"
# Titles that say nothing of the topic: only the rest of each document tells them apart.
QUALITY = f"""# 示范条例甲

第一条 为了加强对建设工程质量的管理，保证建设工程质量，制定本条例。

第二条 施工单位对建设工程的施工质量负责，建立质量责任制。

第三条 {SHARED}
"""
DRAINAGE = f"""# 示范条例乙

第一条 为了加强对城镇排水与污水处理的管理，制定本条例。

第二条 排水户向城镇排水设施排放污水的，应当申请排水许可。

第三条 {SHARED}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeStore:
    return ingested(tmp_path_factory.mktemp("twins"), tmp_path_factory.mktemp("twins-kb"),
                    {"quality.md": QUALITY, "drainage.md": DRAINAGE})


def test_document_scores_follow_the_whole_document(store: KnowledgeStore) -> None:
    scores = DocumentIndex(store).scores("施工质量责任制 竣工验收合格后几天内备案")
    assert scores["quality.md"] == 1.0 and scores["drainage.md"] < 1.0
    scores = DocumentIndex(store).scores("排水户排放污水 竣工验收合格后几天内备案")
    assert scores["drainage.md"] == 1.0 and scores["quality.md"] < 1.0


@pytest.mark.parametrize(("question", "expected"), [("施工质量责任制 竣工验收合格后几天内备案", "quality.md"),
                                                    ("排水户排放污水 竣工验收合格后几天内备案", "drainage.md")])
def test_the_twin_sentence_is_credited_to_the_document_asked_about(store: KnowledgeStore, question: str,
                                                                  expected: str) -> None:
    top = HybridRetriever(store, store.settings).search(question, k=4)
    twin = next(r for r in top if SHARED in r.chunk.text)  # near-duplicates collapse to the better one
    assert twin.chunk.source == expected


def test_weight_zero_leaves_the_chunk_ranking_alone(store: KnowledgeStore) -> None:
    plain = HybridRetriever(store, store.settings, doc_weight=0.0).search("竣工验收合格后几天内备案", k=4)
    assert [r.fused_score for r in plain] == sorted((r.fused_score for r in plain), reverse=True)
    assert DocumentIndex(store).rerank("竣工验收合格后几天内备案", plain, 0.0) == plain


def test_document_scores_follow_a_document_ingested_later(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    store = ingested(root, tmp_path / "kb", {"quality.md": QUALITY})
    index = DocumentIndex(store)
    assert set(index.scores("排水户排放污水")) <= {"quality.md"}
    (root / "drainage.md").write_text(DRAINAGE, encoding="utf-8")
    ingest_paths([root], store, progress=False)  # the store's keyword index is updated in place
    assert index.scores("排水户排放污水")["drainage.md"] == 1.0


def test_the_fusion_sweep_credits_the_weights_that_find_the_asked_document(store: KnowledgeStore) -> None:
    """"质量 + the twin sentence" finds the twin first; which twin depends on the document score alone."""
    from bot.answer.calibrate import DENSE_SHARES, DOC_WEIGHTS, fusion_hits

    rows = [{"question": "质量 竣工验收合格之日起15日内备案", "sources": ["quality.md"]},
            {"question": "排水 竣工验收合格之日起15日内备案", "sources": ["drainage.md"]},
            {"question": "施工质量责任制", "key_facts": []}]  # names no source: not counted
    hits = fusion_hits(HybridRetriever(store, store.settings), rows)
    assert set(hits) == {(d, w) for d in DENSE_SHARES for w in DOC_WEIGHTS}
    assert all(hits[(d, 0.0)][0] == 1 and hits[(d, 1.0)] == (2, 2) for d in DENSE_SHARES)


def test_fusion_weights_come_from_the_profile_entry_or_fall_back_to_an_even_share(monkeypatch, tmp_path: Path) -> None:
    import bot.retrieval.hybrid as hybrid

    table = tmp_path / "fusion.json"
    table.write_text('{"strong": {"dense_weight": 0.7, "doc_weight": 0.25}}', encoding="utf-8")
    monkeypatch.setattr(hybrid, "FUSION_FILE", table)
    hybrid._fusion_table.cache_clear()
    try:
        assert hybrid.fusion_weights("strong") == (0.7, 0.25)
        assert hybrid.fusion_weights("some/other-model") == (hybrid.DENSE_WEIGHT, hybrid.DOC_WEIGHT)
    finally:
        hybrid._fusion_table.cache_clear()

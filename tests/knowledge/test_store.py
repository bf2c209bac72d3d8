from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import ingest_paths
from knowledge.records import ChunkRecord
from knowledge.settings import Settings
from knowledge.store import EmbeddingMismatchError, KnowledgeStore, default_collection_name


def test_dense_and_keyword_search_find_the_right_passage(light_store: KnowledgeStore, small_corpus: Path) -> None:
    ingest_paths([small_corpus], light_store, progress=False)
    dense = light_store.dense_search("施工许可证多久能办下来", k=2)
    keyword = light_store.keyword_index().search("施工许可证 办理时限", k=2)
    assert dense[0].chunk.source == "guides/permit.md"
    assert keyword[0].chunk.source == "guides/permit.md"
    assert keyword[0].chunk.section == "办理时限"
    assert 0 < dense[0].score <= 1.0


def test_metadata_filter_restricts_dense_search(light_store: KnowledgeStore, small_corpus: Path) -> None:
    ingest_paths([small_corpus], light_store, progress=False)
    hits = light_store.dense_search("办理时限", k=5, where={"item_id": "energy_review"})
    assert hits and {h.chunk.item_id for h in hits} == {"energy_review"}


def test_collection_records_its_model_and_refuses_another(light_settings: Settings, small_corpus: Path) -> None:
    store = KnowledgeStore(light_settings, collection="shared-name")
    ingest_paths([small_corpus], store, progress=False)
    assert store.chunks.metadata["embedding_model"] == store.model_id
    other = light_settings.model_copy(update={"embedding": "default"})
    with pytest.raises(EmbeddingMismatchError, match="不能混用"):
        KnowledgeStore(other, collection="shared-name")  # the model id is checked before any model loads


def test_default_collection_name_is_per_profile_and_valid() -> None:
    assert default_collection_name("light") == "zone-kb-light"
    name = default_collection_name("BAAI/bge-small-zh-v1.5")
    assert name == "zone-kb-BAAI-bge-small-zh-v1.5"


def test_keyword_index_follows_the_manifest(light_store: KnowledgeStore, small_corpus: Path) -> None:
    ingest_paths([small_corpus], light_store, progress=False)
    assert light_store.keyword_index().search("节能审查", k=5)
    light_store.remove_document("guides/energy.md")
    assert all(h.chunk.source != "guides/energy.md" for h in light_store.keyword_index().search("节能审查", k=5))
    assert light_store.stats()["documents"] == 1


def test_keyword_index_is_updated_in_place_when_a_document_changes(light_store: KnowledgeStore,
                                                                    small_corpus: Path) -> None:
    ingest_paths([small_corpus], light_store, progress=False)
    index = light_store.keyword_index()
    before = {c.id for c in index.chunks}
    energy = small_corpus / "guides" / "energy.md"
    energy.write_text(energy.read_text(encoding="utf-8").replace("20个工作日", "15个工作日"), encoding="utf-8")
    ingest_paths([small_corpus], light_store, progress=False)
    assert light_store.keyword_index() is index  # not rebuilt
    after = {c.id for c in index.chunks}
    assert after == {c.id for c in light_store.all_chunks()} and after != before
    assert "15个工作日" in index.search("节能审查 办理时限", k=1)[0].chunk.text


def test_a_second_store_on_the_same_collection_sees_every_manifest_change(light_settings: Settings,
                                                                          small_corpus: Path) -> None:
    writer, reader = KnowledgeStore(light_settings), KnowledgeStore(light_settings)  # two replicas
    assert reader.documents() == [] and len(reader.keyword_index()) == 0
    ingest_paths([small_corpus], writer, progress=False)
    assert [d.source for d in reader.documents()] == ["guides/energy.md", "guides/permit.md"]
    assert reader.keyword_index().search("节能审查", k=1)[0].chunk.source == "guides/energy.md"
    writer.remove_document("guides/energy.md")
    assert [d.source for d in reader.documents()] == ["guides/permit.md"]
    assert reader.committed_ids() == writer.committed_ids()
    assert all(h.chunk.source != "guides/energy.md" for h in reader.keyword_index().search("节能审查", k=5))


def test_dense_search_returns_the_exact_nearest_chunks_on_a_store_of_thousands(light_settings: Settings) -> None:
    # Chroma's HNSW graph is approximate: at its default search breadth it missed some of the true top 28
    # of dev questions on the statute store, and differently in each process. Random vectors are the
    # hardest case for the graph; the store must still return what brute force finds.
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(3000, 64)).astype(np.float32)
    chunks = [ChunkRecord(id=f"c{i}", text=f"第{i}段", source="big.md", title="大文件") for i in range(len(vectors))]
    store = KnowledgeStore(light_settings, collection="approximate")
    store.write_document("big.md", "大文件", "document", "h", chunks, vectors={c.id: v.tolist() for c, v in zip(chunks, vectors)})
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    for query in rng.normal(size=(20, 64)):
        exact = [f"c{i}" for i in np.argsort(-(unit @ (query / np.linalg.norm(query))))[:20]]
        assert [h.chunk.id for h in store.dense_search_vector(query.tolist(), k=20)] == exact


def test_a_store_opened_on_an_older_collection_takes_the_configured_search_breadth(light_settings: Settings) -> None:
    old = KnowledgeStore(light_settings.model_copy(update={"dense_ef_search": 100}), collection="older")
    assert old.chunks.configuration["hnsw"]["ef_search"] == 100
    store = KnowledgeStore(light_settings, collection="older")
    assert store.chunks.configuration["hnsw"]["ef_search"] == light_settings.dense_ef_search
    assert store.chunks.configuration["hnsw"]["space"] == "cosine"

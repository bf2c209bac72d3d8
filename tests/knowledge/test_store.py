from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
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

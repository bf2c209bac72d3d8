"""The scale-out path: a real `chroma run` server shared by two store instances (two bot replicas)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from knowledge.settings import Settings
from knowledge.store import KnowledgeStore

pytestmark = pytest.mark.integration


def test_two_replicas_share_one_server(chroma_server: str, light_settings: Settings, small_corpus: Path) -> None:
    # a collection of its own: the server is shared by the session's scale-out tests
    settings = light_settings.model_copy(update={"chroma_url": chroma_server, "collection": "scale-out-test"})
    writer = KnowledgeStore(settings)
    report = ingest_paths([small_corpus], writer, progress=False)
    assert report.files_ok == 2
    replica = KnowledgeStore(settings)  # a second bot process would open it the same way
    assert replica.stats() == writer.stats()
    assert replica.dense_search("施工许可证要多久", k=1)[0].chunk.source == "guides/permit.md"
    assert not (light_settings.kb_dir / "chroma.sqlite3").exists()  # nothing went to the embedded store

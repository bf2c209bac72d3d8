"""Ingest end to end on the light model and a real Chroma on disk: idempotency, updates, prune, crashes, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from knowledge.settings import Settings
from knowledge.store import KnowledgeStore

ROOT = Path(__file__).resolve().parents[2]


def test_second_ingest_embeds_nothing(light_store: KnowledgeStore, small_corpus: Path) -> None:
    first = ingest_paths([small_corpus], light_store, progress=False)
    assert first.files_ok == 2 and first.chunks_added > 0 and not first.files_failed
    second = ingest_paths([small_corpus], light_store, progress=False)
    assert second.chunks_added == 0
    assert second.chunks_unchanged == first.chunks_added
    assert {d.source for d in light_store.documents()} == {"guides/energy.md", "guides/permit.md"}


def test_new_chunks_of_several_documents_are_embedded_in_one_call(light_store: KnowledgeStore, small_corpus: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Small documents share the model's length-sorted batches; each chunk keeps its own vector."""
    calls: list[int] = []
    embed = light_store.embeddings.embed_documents

    def counted(texts: list[str]) -> list[list[float]]:
        calls.append(len(texts))
        return embed(texts)

    monkeypatch.setattr(light_store.embeddings, "embed_documents", counted)
    report = ingest_paths([small_corpus], light_store, progress=False)
    assert calls == [report.chunks_added]  # both documents, one call
    chunk = light_store.all_chunks()[0]
    stored = light_store.chunks.get(ids=[chunk.id], include=["embeddings"])["embeddings"][0]
    assert sum(a * b for a, b in zip(stored, embed([chunk.context_text])[0])) > 0.999


def test_changed_file_replaces_its_old_chunks(light_store: KnowledgeStore, small_corpus: Path) -> None:
    ingest_paths([small_corpus], light_store, progress=False)
    path = small_corpus / "guides" / "permit.md"
    path.write_text(path.read_text(encoding="utf-8").replace("7日", "5个工作日"), encoding="utf-8")
    report = ingest_paths([small_corpus], light_store, progress=False)
    assert report.chunks_added == 1 and report.chunks_removed == 1
    texts = " ".join(c.text for c in light_store.all_chunks())
    assert "5个工作日" in texts and "7日" not in texts
    assert light_store.chunks.count() == len(light_store.committed_ids())


def test_prune_removes_deleted_files(light_store: KnowledgeStore, small_corpus: Path) -> None:
    ingest_paths([small_corpus], light_store, progress=False)
    (small_corpus / "guides" / "energy.md").unlink()
    kept = ingest_paths([small_corpus], light_store, progress=False)
    assert kept.chunks_removed == 0 and light_store.document("guides/energy.md") is not None
    pruned = ingest_paths([small_corpus], light_store, prune=True, progress=False)
    assert pruned.chunks_removed > 0
    assert light_store.document("guides/energy.md") is None
    assert all(c.source != "guides/energy.md" for c in light_store.all_chunks())


def test_crash_before_commit_leaves_old_version_visible(light_store: KnowledgeStore, small_corpus: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    ingest_paths([small_corpus], light_store, progress=False)
    path = small_corpus / "guides" / "energy.md"
    path.write_text(path.read_text(encoding="utf-8").replace("20个工作日", "15个工作日"), encoding="utf-8")

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("simulated crash between writing chunks and committing")

    monkeypatch.setattr(light_store.files, "upsert", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([small_corpus], light_store, progress=False)
    monkeypatch.undo()
    # The new chunk is in Chroma but not committed: no reader may see it.
    assert light_store.chunks.count() > len(light_store.committed_ids())
    visible = " ".join(c.text for c in light_store.all_chunks())
    assert "20个工作日" in visible and "15个工作日" not in visible
    assert all("15个工作日" not in h.chunk.text for h in light_store.dense_search("节能审查的办理时限", k=10))
    # The next run repairs and commits.
    ingest_paths([small_corpus], light_store, progress=False)
    assert light_store.chunks.count() == len(light_store.committed_ids())
    assert "15个工作日" in " ".join(c.text for c in light_store.all_chunks())


def test_reopened_store_sees_the_same_documents(light_settings: Settings, small_corpus: Path) -> None:
    ingest_paths([small_corpus], KnowledgeStore(light_settings), progress=False)
    reopened = KnowledgeStore(light_settings)
    assert reopened.stats()["documents"] == 2
    assert reopened.dense_search("节能审查要多久", k=1)[0].chunk.source == "guides/energy.md"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd)})


def test_cli_reports_broken_files_and_ingests_the_rest(tmp_path: Path, small_corpus: Path) -> None:
    (small_corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (small_corpus / "empty.txt").write_bytes(b"")
    result = _cli(str(small_corpus), "--kb", str(tmp_path / "kb"), "--embedding", "light", "--json", "--quiet",
                  cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"files_ok", "files_failed", "chunks_added", "chunks_unchanged", "chunks_removed"}
    assert report["files_ok"] == 2 and report["chunks_added"] > 0
    failed = {Path(f["path"]).name: f["error"] for f in report["files_failed"]}
    assert set(failed) == {"broken.pdf", "empty.txt"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in reason) for reason in failed.values())


def test_cli_exit_codes(tmp_path: Path, small_corpus: Path) -> None:
    ok = _cli(str(small_corpus), "--kb", str(tmp_path / "kb"), "--embedding", "light", "--json", "--quiet", cwd=tmp_path)
    assert ok.returncode == 0 and json.loads(ok.stdout)["files_failed"] == []
    missing = _cli(str(tmp_path / "nope"), "--embedding", "light", cwd=tmp_path)
    assert missing.returncode == 2 and "路径不存在" in missing.stderr
    assert _cli(cwd=tmp_path).returncode == 2

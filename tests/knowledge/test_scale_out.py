"""The scale-out path: a real `chroma run` server shared by two store instances (two bot replicas)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import chromadb
import pytest

from ingest.pipeline import ingest_paths
from knowledge.settings import Settings
from knowledge.store import KnowledgeStore

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    exe = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
    proc = subprocess.Popen([exe, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(tmp_path / "srv")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            break
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("chroma server did not start")
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


def test_two_replicas_share_one_server(chroma_server: str, light_settings: Settings, small_corpus: Path) -> None:
    settings = light_settings.model_copy(update={"chroma_url": chroma_server})
    writer = KnowledgeStore(settings)
    report = ingest_paths([small_corpus], writer, progress=False)
    assert report.files_ok == 2
    replica = KnowledgeStore(settings)  # a second bot process would open it the same way
    assert replica.stats() == writer.stats()
    assert replica.dense_search("施工许可证要多久", k=1)[0].chunk.source == "guides/permit.md"
    assert not (light_settings.kb_dir / "chroma.sqlite3").exists()  # nothing went to the embedded store

"""Shared fixtures: settings pointing at a temporary store, on the light model unless a test says otherwise."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from knowledge.settings import Settings  # noqa: E402
from knowledge.store import KnowledgeStore  # noqa: E402
from evals import servers  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def light_settings(tmp_path: Path) -> Settings:
    return Settings(kb_dir=tmp_path / "kb", embedding="light", state_db=tmp_path / "state.sqlite3",
                    handoff_dir=tmp_path / "handoff")


@pytest.fixture
def light_store(light_settings: Settings) -> KnowledgeStore:
    return KnowledgeStore(light_settings)


def write_md(folder: Path, name: str, title: str, sections: dict[str, str], **front: str) -> Path:
    """A small Markdown document with front matter, as the bundled corpus has."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = "\n".join(f"{k}: {v}" for k, v in {"title": title, "doc_type": "guide", **front}.items())
    body = "\n\n".join(f"## {h}\n\n{textwrap.dedent(t).strip()}" for h, t in sections.items())
    path = folder / name
    path.write_text(f"---\n{meta}\n---\n\n# {title}\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write_md(root / "guides", "energy.md", "节能审查办事指南", {
        "适用范围": "年综合能源消费量1000吨标准煤以上，或年电力消费量500万千瓦时以上的项目，应当单独开展节能审查。",
        "办理时限": "节能审查的办理时限为20个工作日，专家评审时间不计算在内。",
    }, item_id="energy_review")
    write_md(root / "guides", "permit.md", "建筑工程施工许可办事指南", {
        "适用范围": "工程投资额在30万元以下或者建筑面积在300平方米以下的建筑工程，可以不申请施工许可证。",
        "办理时限": "施工许可证的办理时限为7日。建设单位应当自领取施工许可证之日起三个月内开工。",
    }, item_id="construction_permit")
    return root


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """One real PostgreSQL server for the session (skipped, with the reason, where none is installed)."""
    if servers.postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed here: apt-get install postgresql (make test does it as root)")
    with servers.postgres() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> str:
    """A fresh database per test."""
    return servers.new_database(postgres_admin_url)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with servers.chroma(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url

"""`python -m evals load` mechanics on a small corpus: real servers (one process, then a Chroma server
and PostgreSQL shared by one process and by two replicas), a few answers per level."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.load import SETUPS, run_load

pytestmark = pytest.mark.integration


def test_every_setup_answers_every_request(tmp_path: Path, small_corpus: Path, postgres_admin_url: str) -> None:
    # postgres_admin_url: skips, with the reason, where PostgreSQL is not installed
    questions = ["节能审查要多久？", "施工许可证什么情况下可以不办？"]
    result = run_load(["light"], questions, small_corpus, tmp_path / "cache", progress=False, clients=(1, 3), answers=6)
    assert result.errors == {}
    rows = result.rows["light"]
    assert [(r.setup, r.clients) for r in rows] == [(s, c) for s in SETUPS for c in (1, 3)]
    for row in rows:
        assert (row.answers, row.errors) == (6, 0) and row.latency_ms.n == 6
        assert row.answers_per_s > 0 and row.latency_ms.p95 >= row.latency_ms.p50 > 0
        assert row.replicas == (2 if row.setup == "replicas" else 1)
    assert all(r.vs_single == 1.0 for r in rows if r.setup == "single")
    assert all(r.vs_single is not None for r in rows)

"""Perf bookkeeping (sampling, same-run ratios, the report section) and the cold-start measurement.
No timing is asserted: timings are reported by `python -m evals perf`, never judged by a test."""

from pathlib import Path

import pytest

from bot.models import Answer
from evals.coldstart import measure_cold_start
from evals.kb import open_eval_store
from evals.perf import Latency, PerfResult, ProfilePerf, ratios, spread, time_stages
from evals.report import perf_section


def test_spread_covers_the_whole_list() -> None:
    assert spread(list("abcdefghij"), 5) == ["a", "c", "e", "g", "i"]
    assert spread(["a"], 5) == ["a"]


def test_time_stages_times_every_stage_per_question_after_warmup() -> None:
    calls: list[tuple[str, str]] = []
    stages = {"bm25": lambda q: calls.append(("bm25", q)),
              "ask": lambda q: Answer(question=q, answer="a", refused=False,
                                      timings_ms={"retrieve": 2.0, "total": 3.0})}
    latency, ask_stages = time_stages(stages, ["q1", "q2", "q3", "q4"], "t", progress=False)
    assert {k: len(v) for k, v in latency.items()} == {"bm25": 4, "ask": 4}
    assert ask_stages == {"retrieve": [2.0] * 4, "total": [3.0] * 4}
    assert len(calls) == 3 + 4  # three warm-up questions are run first and not timed


def perf(profile: str, dense_ms: float, hybrid_ms: float, chunks_per_s: float) -> ProfilePerf:
    latency = {"dense": Latency.of([dense_ms, dense_ms * 3]), "hybrid": Latency.of([hybrid_ms, hybrid_ms * 3])}
    return ProfilePerf(profile=profile, model_id=profile, model_load_s=1, ingest_s=1, chunks=1,
                       chunks_per_s=chunks_per_s, store_mb=2, corpus_mb=1, latency_ms=latency,
                       ask_stages_ms={"total": Latency.of([5.0])}, peak_rss_mb={"imports": 50.0, "queries": 100.0})


def test_ratios_against_same_run_baselines() -> None:
    r = ratios({"light": perf("light", 10, 15, 20), "default": perf("default", 100, 120, 2)})
    assert r["light.hybrid_p50_vs_dense"] == pytest.approx(1.5)
    assert r["default.hybrid_p50_vs_dense"] == pytest.approx(1.2)
    assert r["default_vs_light.dense_p50"] == pytest.approx(10)
    assert r["default_vs_light.chunks_per_s"] == pytest.approx(0.1)


def test_perf_section_shows_baselines_and_plot(tmp_path: Path) -> None:
    profiles = {"light": perf("light", 10, 15, 20), "default": perf("default", 100, 120, 2)}
    result = PerfResult(profiles=profiles, ratios=ratios(profiles), install_s=95.0)
    text = "\n".join(perf_section(result, tmp_path))
    # light hybrid [15, 45]: p50 30, p95 15 + 0.95 * 30 = 43.5, over dense p50 20 = 1.5;
    # default hybrid [120, 360]: p50 240, p95 348, over dense p50 200 = 1.2; default over light 240 / 30 = 8
    assert "| hybrid retrieval | 30.0 | 43.5 | 1.500 | 240.0 | 348.0 | 1.200 | 8.000 |" in text
    assert "| ingest chunks/s | 20.000 | 2.000 |" in text
    assert "95 s" in text and (tmp_path / "latency.png").stat().st_size > 5000


def test_cold_start_serves_the_page_from_a_built_store(small_corpus: Path, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    open_eval_store("light", kb, small_corpus, progress=False)
    cold = measure_cold_start(kb, small_corpus, "light")
    assert cold.serve_s is not None, cold.note
    assert cold.reingest_s is not None and cold.total_s == pytest.approx(cold.reingest_s + cold.serve_s)

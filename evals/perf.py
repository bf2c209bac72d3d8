"""Performance benchmark: ingest throughput, store size, latency per stage, peak memory, cold start.

Each profile is measured in a freshly spawned process: peak RSS is per process and only grows, and a
fresh process makes model load and ingest truly cold. Every latency is set beside a baseline measured
in the same run (the bare store query, and the light profile), because absolute numbers on a shared
2-core machine drift from run to run while ratios hold.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
from tqdm import tqdm

from evals.coldstart import ColdStart, measure_cold_start
from evals.embedding_options import EmbeddingOptions, measure_options, run_ingest
from evals.kb import eval_settings, profile_dirname
from evals.metrics import percentile
from knowledge.model_fetch import ModelUnavailableError

log = logging.getLogger(__name__)
T = TypeVar("T")

QUERIES = 100  # questions timed per stage, spread over the answerable set
WARMUP = 3  # first calls build caches (BM25 index, Chroma segments) and are not timed
DEPTH = 10
BASELINE_STAGE = "dense"


class Latency(BaseModel):
    n: int
    p50: float
    p95: float
    mean: float
    samples: list[float]

    @classmethod
    def of(cls, samples: list[float]) -> Latency:
        return cls(n=len(samples), p50=percentile(samples, 50) or 0.0, p95=percentile(samples, 95) or 0.0,
                   mean=sum(samples) / len(samples) if samples else 0.0, samples=[round(s, 3) for s in samples])


class ProfilePerf(BaseModel):
    profile: str
    model_id: str
    model_load_s: float
    ingest_s: float
    chunks: int
    chunks_per_s: float
    store_mb: float
    corpus_mb: float
    latency_ms: dict[str, Latency]  # embed, vector, dense, bm25, hybrid, ask
    ask_stages_ms: dict[str, Latency]  # the answer chain's own timings_ms
    peak_rss_mb: dict[str, float]  # after imports (the baseline: every module, no model), model, ingest, queries


class PerfResult(BaseModel):
    profiles: dict[str, ProfilePerf] = {}
    skipped: dict[str, str] = {}
    errors: dict[str, str] = {}  # profile -> the exception that stopped its measurement
    ratios: dict[str, float] = {}
    cold_start: ColdStart | None = None
    embedding_options: EmbeddingOptions | None = None  # the default model's ways to run, same-run fp32 baseline
    install_s: float | None = None


def in_fresh_process(call: Callable[..., T], *args: Any) -> T:
    """call(*args) in a newly spawned process (fresh memory figures, no model inherited from this one).
    Not a multiprocessing.Pool: its workers are daemons, which may not start the ingest's parse worker."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as worker:
        return worker.submit(call, *args).result()


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def peak_rss_mb() -> float:
    """Peak resident memory of this process. Linux's VmHWM belongs to the address space, which exec
    replaces; ru_maxrss survives exec, so a spawned child would report its parent's peak at fork."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux, bytes on macOS


def timed(call: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = call(*args)
    return (time.perf_counter() - start) * 1000, out


def warmed(embeddings: Any) -> Any:
    embeddings.embed_query("预热")
    return embeddings


def time_stages(stages: dict[str, Callable[[str], Any]], questions: list[str], label: str,
                progress: bool) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Milliseconds per stage and question, and the answer chain's own stage timings of each `ask`."""
    for q in questions[:WARMUP]:
        for stage in stages.values():
            stage(q)
    latency: dict[str, list[float]] = {name: [] for name in stages}
    ask_stages: dict[str, list[float]] = {}
    # Question-major: every stage of one question runs back to back, so load from other processes on
    # the machine hits all stages alike and the ratios to the baseline stay meaningful.
    for q in tqdm(questions, desc=label, unit="题", disable=not progress):
        for name, stage in stages.items():
            ms, out = timed(stage, q)
            latency[name].append(ms)
            if name == "ask":
                for key, value in out.timings_ms.items():
                    ask_stages.setdefault(key, []).append(value)
    return latency, ask_stages


def measure_profile(profile: str, kb_dir: Path, corpus: Path, questions: list[str], progress: bool) -> dict:
    """Runs in a spawned process; returns ProfilePerf as a dict (plain data crosses the process boundary)."""
    from bot.answer import Assistant
    from bot.retrieval import HybridRetriever
    from ingest.pipeline import ingest_paths
    from knowledge.embeddings import get_embeddings
    from knowledge.store import KnowledgeStore

    logging.getLogger("jieba").setLevel(logging.WARNING)  # a fresh process: quiet its loading chatter again
    rss = {"imports": peak_rss_mb()}
    settings = eval_settings(profile, kb_dir)
    # Load = construct + one embedding: some models read their weights lazily on first use.
    load_ms, embeddings = timed(lambda: warmed(get_embeddings(profile)))
    rss["model"] = peak_rss_mb()
    store = KnowledgeStore(settings, embeddings)
    ingest_ms, report = timed(lambda: ingest_paths([corpus], store, progress=progress))
    rss["ingest"] = peak_rss_mb()
    retriever, assistant = HybridRetriever(store, settings), Assistant(store, settings)
    vectors = {q: embeddings.embed_query(q) for q in questions}
    stages: dict[str, Callable[[str], Any]] = {
        "embed": embeddings.embed_query,
        "vector": lambda q: store.dense_search_vector(vectors[q], DEPTH),
        "dense": lambda q: store.dense_search(q, DEPTH),
        "bm25": lambda q: store.keyword_index().search(q, DEPTH),
        "hybrid": lambda q: retriever.search(q, DEPTH, "hybrid"),
        "ask": lambda q: assistant.ask(q, []),
    }
    # On a worker thread, as the server calls them (Gradio runs handlers on a thread pool). It matters:
    # on this loaded 2-core machine torch ran 2-4x slower on the main thread than on a worker thread.
    with ThreadPoolExecutor(max_workers=1) as worker:
        latency, ask_stages = worker.submit(time_stages, stages, questions, f"延迟测量 {profile}", progress).result()
    rss["queries"] = peak_rss_mb()
    return ProfilePerf(
        profile=profile, model_id=store.model_id, model_load_s=load_ms / 1000, ingest_s=ingest_ms / 1000,
        chunks=report.chunks_added, chunks_per_s=report.chunks_added / (ingest_ms / 1000),
        store_mb=folder_mb(kb_dir), corpus_mb=folder_mb(corpus),
        latency_ms={k: Latency.of(v) for k, v in latency.items()},
        ask_stages_ms={k: Latency.of(v) for k, v in ask_stages.items()}, peak_rss_mb=rss).model_dump()


def spread(items: list[str], n: int) -> list[str]:
    """n items evenly spaced over the list: every topic of the dataset, not only the first guides."""
    if len(items) <= n:
        return items
    return [items[i * len(items) // n] for i in range(n)]


def ratios(profiles: dict[str, ProfilePerf]) -> dict[str, float]:
    """Each stage's p50 over the bare dense query of its profile, and default over light per figure."""
    out: dict[str, float] = {}
    for name, p in profiles.items():
        base = p.latency_ms[BASELINE_STAGE].p50
        for stage, lat in p.latency_ms.items():
            if base:
                out[f"{name}.{stage}_p50_vs_{BASELINE_STAGE}"] = lat.p50 / base
    light, default = profiles.get("light"), profiles.get("default")
    if light and default:
        for stage in light.latency_ms.keys() & default.latency_ms.keys():
            if light.latency_ms[stage].p50:
                out[f"default_vs_light.{stage}_p50"] = default.latency_ms[stage].p50 / light.latency_ms[stage].p50
        out["default_vs_light.chunks_per_s"] = default.chunks_per_s / light.chunks_per_s
        out["default_vs_light.store_mb"] = default.store_mb / light.store_mb
        out["default_vs_light.peak_rss_mb"] = default.peak_rss_mb["queries"] / light.peak_rss_mb["queries"]
    return out


def run_perf(profiles: list[str], questions: list[str], corpus: Path, progress: bool = True,
             install_s: float | None = None, laws: Path | None = None) -> PerfResult:
    result = PerfResult(install_s=install_s)
    if "default" in profiles:
        folders = [corpus] + ([laws] if laws and laws.is_dir() else [])
        try:
            result.embedding_options = EmbeddingOptions.model_validate(in_fresh_process(measure_options, folders))
            result.embedding_options.ingest = run_ingest(folders)
        except ModelUnavailableError as exc:
            result.skipped["default"] = str(exc)
        except Exception as exc:  # noqa: BLE001 - the rest of perf is still worth having
            log.exception("embedding options failed")
            result.errors["embedding-options"] = f"{type(exc).__name__}: {exc}"
    sample = spread(questions, QUERIES)
    with tempfile.TemporaryDirectory(prefix="zonebot-perf-") as tmp:
        for profile in profiles:
            kb_dir = Path(tmp) / profile_dirname(profile)
            try:
                raw = in_fresh_process(measure_profile, profile, kb_dir, corpus, sample, progress)
            except ModelUnavailableError as exc:
                result.skipped[profile] = str(exc)
                continue
            except Exception as exc:  # noqa: BLE001 - the other profile's figures are still worth having
                log.exception("perf of %s failed", profile)
                result.errors[profile] = f"{type(exc).__name__}: {exc}"
                continue
            result.profiles[profile] = ProfilePerf.model_validate(raw)
        if "light" in result.profiles:
            result.cold_start = measure_cold_start(Path(tmp) / profile_dirname("light"), corpus, "light")
        else:
            result.cold_start = ColdStart(note="没有测 light 档，冷启动未测（它在 light 档预建的知识库上测量）。")
    result.ratios = ratios(result.profiles)
    return result

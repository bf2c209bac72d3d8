"""Load: latency p50/p95 and answers per second of the chat API (`POST /v1/chat/completions`) under 1, 5
and 20 concurrent clients, for three setups side by side in one run:

- one process on its embedded store and SQLite state (the baseline: `make run`),
- one process on a `chroma run` server and PostgreSQL (what sharing costs),
- two replicas on that Chroma server and PostgreSQL, requests alternating between them as a
  round-robin load balancer would (what a second process buys on this machine).

Every server is local and on loopback; every loop is bounded (a fixed number of answers per level).
The stores are copies of the cached evaluation store, so nothing is embedded twice.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from pydantic import BaseModel

from evals import servers
from evals.kb import open_eval_store, profile_dirname
from evals.perf import Latency

log = logging.getLogger(__name__)

CLIENTS = (1, 5, 20)
ANSWERS_PER_LEVEL = 60  # three rounds at 20 clients
SETUPS = {"single": "单进程（内嵌 Chroma + SQLite）", "single-shared": "单进程（Chroma 服务 + PostgreSQL）",
          "replicas": "两个副本（Chroma 服务 + PostgreSQL）"}
REQUEST_TIMEOUT_S = 300


class LoadRow(BaseModel):
    setup: str
    replicas: int
    clients: int
    answers: int
    errors: int
    latency_ms: Latency
    answers_per_s: float
    vs_single: float | None = None  # answers/s over the single process at the same number of clients


class LoadResult(BaseModel):
    rows: dict[str, list[LoadRow]] = {}  # profile -> rows
    skipped: dict[str, str] = {}
    errors: dict[str, str] = {}
    load_average: list[float] = []  # at start and end: on a shared machine the ratios are the stable figures


def measure(urls: list[str], questions: list[str], clients: int, total: int) -> tuple[list[float], int, float]:
    """`total` answers by `clients` threads, request n going to urls[n % len(urls)]; returns the
    latencies (ms) of the good answers, the number of failures and the wall time (s)."""
    counter, lock = itertools.count(), threading.Lock()
    latencies: list[float] = []
    errors = 0

    def client() -> None:
        nonlocal errors
        with httpx.Client(timeout=REQUEST_TIMEOUT_S) as http:
            while True:
                with lock:
                    n = next(counter)
                if n >= total:
                    return
                body = {"model": "zonebot", "messages": [{"role": "user", "content": questions[n % len(questions)]}]}
                start = time.perf_counter()
                try:
                    ok = http.post(f"{urls[n % len(urls)]}/v1/chat/completions", json=body).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    if ok:
                        latencies.append(elapsed)
                    else:
                        errors += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - start


@contextmanager
def setup(name: str, profile: str, work: Path, chroma_url: str | None, database_url: str | None) -> Iterator[list[str]]:
    """The servers of one setup, warmed; yields their URLs."""
    env = {k: v for k, v in os.environ.items() if k not in ("ZONEBOT_CHROMA_URL", "ZONEBOT_DATABASE_URL",
                                                            "ZONEBOT_API_KEYS", "ZONEBOT_COLLECTION")}
    env |= {"ZONEBOT_STATE_DB": str(work / f"{name}-state.sqlite3"), "ZONEBOT_HANDOFF_DIR": str(work / "handoff")}
    if name != "single":
        env |= {"ZONEBOT_CHROMA_URL": chroma_url or "", "ZONEBOT_DATABASE_URL": database_url or ""}
    args = ["--kb", str(work / "embedded"), "--embedding", profile, "--no-console"]
    with ExitStack() as stack:
        urls = [stack.enter_context(servers.ui_replica(args, env, work / f"{name}-{n}.log"))
                for n in range(2 if name == "replicas" else 1)]
        measure(urls, ["节能审查要多久？"], len(urls), len(urls))  # each replica answers once before timing
        yield urls


def run_load(profiles: list[str], questions: list[str], corpus: Path, cache_dir: Path,
             progress: bool = True, clients: tuple[int, ...] = CLIENTS, answers: int = ANSWERS_PER_LEVEL) -> LoadResult:
    result = LoadResult(load_average=[os.getloadavg()[0]])
    for profile in profiles:
        try:
            result.rows[profile] = load_profile(profile, questions, corpus, cache_dir, progress, clients, answers)
        except Exception as exc:  # noqa: BLE001 - recorded; the other profile still runs
            log.exception("load measurement of %s failed", profile)
            result.errors[profile] = f"{type(exc).__name__}: {exc}"
    result.load_average.append(os.getloadavg()[0])
    return result


def load_profile(profile: str, questions: list[str], corpus: Path, cache_dir: Path, progress: bool,
                 clients: tuple[int, ...], answers: int) -> list[LoadRow]:
    kb_dir = cache_dir / profile_dirname(profile)
    open_eval_store(profile, kb_dir, corpus, progress)  # built or brought up to date, then only copied
    rows: list[LoadRow] = []
    with tempfile.TemporaryDirectory(prefix="zonebot-load-") as tmp, ExitStack() as shared:
        work = Path(tmp)
        shutil.copytree(kb_dir, work / "embedded")
        shutil.copytree(kb_dir, work / "served")  # `chroma run` reads the embedded layout as it is
        chroma_url = shared.enter_context(servers.chroma(work / "served"))
        database_url = servers.new_database(shared.enter_context(servers.postgres()))
        for name in SETUPS:
            with setup(name, profile, work, chroma_url, database_url) as urls:
                for level in clients:
                    latencies, errors, wall = measure(urls, questions, level, answers)
                    rows.append(LoadRow(setup=name, replicas=len(urls), clients=level, answers=len(latencies),
                                        errors=errors, latency_ms=Latency.of(latencies),
                                        answers_per_s=round(len(latencies) / wall, 3)))
                    if progress:
                        last = rows[-1]
                        print(f"load {profile} {name} x{level}: p50 {last.latency_ms.p50:.0f} ms, "
                              f"{last.answers_per_s:.2f} answers/s, {errors} errors", flush=True)
    single = {r.clients: r.answers_per_s for r in rows if r.setup == "single"}
    for row in rows:
        if single.get(row.clients):
            row.vs_single = round(row.answers_per_s / single[row.clients], 3)
    return rows

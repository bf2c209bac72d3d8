"""Cold start of serving, as `make run` does it after install: an idempotent re-ingest of the corpus,
then `python -m ui` until its page answers HTTP 200. Measured on a store that is already built."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from pydantic import BaseModel

from knowledge.settings import PROJECT_ROOT

TIMEOUT_S = 240
POLL_S = 0.2


class ColdStart(BaseModel):
    reingest_s: float | None = None  # `python -m ingest corpus --prune` on the built store: nothing to embed
    serve_s: float | None = None  # process start -> GET / answers 200
    total_s: float | None = None
    note: str = ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_cold_start(kb_dir: Path, corpus: Path, profile: str) -> ColdStart:
    if importlib.util.find_spec("ui.__main__") is None:
        return ColdStart(note="ui 模块还不存在（python -m ui），跳过冷启动测量。")
    env = os.environ | {"GRADIO_ANALYTICS_ENABLED": "False", "ZONEBOT_STATE_DB": str(kb_dir / "ui-state.sqlite3"),
                        "ZONEBOT_HANDOFF_DIR": str(kb_dir / "handoff")}
    env.pop("ZONEBOT_CHROMA_URL", None)  # the pre-built embedded store, never a shared server
    store_args = ["--kb", str(kb_dir), "--embedding", profile]
    start = time.perf_counter()
    ingest = subprocess.run([sys.executable, "-m", "ingest", str(corpus), "--prune", "--json", *store_args],
                            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    reingest_s = time.perf_counter() - start
    if ingest.returncode != 0:
        return ColdStart(reingest_s=reingest_s,
                         note=f"重新导入失败（退出码 {ingest.returncode}）：{ingest.stderr[-300:]}")
    port = free_port()
    log = kb_dir / "ui-coldstart.log"
    with log.open("w") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "ui", "--port", str(port), *store_args], cwd=PROJECT_ROOT,
                                env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            serve_s = _wait_for_page(f"http://127.0.0.1:{port}/", proc, start)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    if serve_s is None:
        tail = log.read_text(errors="replace")[-300:]
        return ColdStart(reingest_s=reingest_s,
                         note=f"页面在 {TIMEOUT_S} 秒内没有返回 200（退出码 {proc.returncode}）：{tail}")
    return ColdStart(reingest_s=reingest_s, serve_s=serve_s, total_s=reingest_s + serve_s,
                     note=f"light 档、已建好的知识库；端口 {port}。")


def _wait_for_page(url: str, proc: subprocess.Popen, start: float) -> float | None:
    """Seconds from `start` until `url` answers 200; None if the process dies or time runs out."""
    while time.perf_counter() - start < TIMEOUT_S and proc.poll() is None:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.perf_counter() - start
        except httpx.HTTPError:
            pass  # not listening yet
        time.sleep(POLL_S)
    return None

"""A real `python -m ui` server for the API and browser tests: light model, a few bundled guides ingested
into a temporary store, console credentials set, on a free loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from bot.intake.fields import uscc_check_char
from knowledge.settings import PROJECT_ROOT

CONSOLE_USER = "staff"
CONSOLE_PASSWORD = "park-test-2026"
API_KEY = "zb-test-api-key-2026"
CORPUS_FILES = ("guides/energy_review.md", "guides/construction_permit.md", "guides/project_filing.md",
                "guides/water_permit.md")
START_TIMEOUT_S = 180
USCC_17 = "91140100MA0K5678Y"  # the check character is computed, as on a real licence
INTAKE_STEPS = (  # (what the enterprise types, progress n/28 after it)
    ("我们是太原晋材新材料有限公司，信用代码{uscc}，法人李四，公司地址太原市小店区长风街1号，"
     "联系人张三，电话13812345678", "6/28"),
    ("项目名称年产10万吨玻璃纤维项目，新建，行业代码C3061，建设内容：新建熔制车间、拉丝车间、成品仓库及配套公用工程，"
     "总建筑面积5万平方米，主要产品玻璃纤维纱10万吨/年", "12/28"),
    ("在阳曲园区，建设地点阳曲产业园区纬三路以东，宗地编号140100-2024-001，招拍挂，用地120亩", "17/28"),
    ("总投资5.2亿元，固定资产4亿，2025年3月开工，2026年6月竣工，员工300人", "21/28"),
    ("火灾危险性丙类，不涉及危化品，土石方3万方，年综合能耗8000吨标准煤，年用电量2000万千瓦时，"
     "自来水，排水去向市政管网", "28/28"),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class UiServer:
    root: Path
    port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. a shared database and Chroma server
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def console_url(self) -> str:
        return f"{self.url}/console/"

    @property
    def console_auth(self) -> tuple[str, str]:
        return CONSOLE_USER, CONSOLE_PASSWORD

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "ZONEBOT_STATE_DB": str(self.root / "state.sqlite3"),
                "ZONEBOT_HANDOFF_DIR": str(self.root / "handoff"), "ZONEBOT_CONSOLE_USER": CONSOLE_USER,
                "ZONEBOT_GRADIO_TEMP_DIR": str(self.root / "gradio"),
                "ZONEBOT_CONSOLE_PASSWORD": CONSOLE_PASSWORD, "ZONEBOT_API_KEYS": f"other-key,{API_KEY}",
                "GRADIO_ANALYTICS_ENABLED": "False",
                "NO_PROXY": "127.0.0.1,localhost", **self.extra_env}

    def ingest(self, corpus: Path) -> None:
        run = subprocess.run([sys.executable, "-m", "ingest", str(corpus), "--kb", str(self.root / "kb"),
                              "--embedding", "light", "--json"], cwd=PROJECT_ROOT, env=self.env,
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr[-2000:]

    def start(self) -> None:
        log = (self.root / "server.log").open("a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ui", "--host", "127.0.0.1", "--port", str(self.port),
             "--kb", str(self.root / "kb"), "--embedding", "light"],
            cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"the ui server exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        self.stop()
        pytest.fail(f"the ui server did not start in {START_TIMEOUT_S} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_tail(self, chars: int = 4000) -> str:
        return (self.root / "server.log").read_text(encoding="utf-8", errors="replace")[-chars:]


def copy_guides(corpus: Path) -> Path:
    """A few bundled guides in a corpus folder of their own."""
    for name in CORPUS_FILES:
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT_ROOT / "knowledge" / "corpus" / name, corpus / name)
    return corpus


@pytest.fixture(scope="session")
def ui_server(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("ui-server")
    server = UiServer(root)
    server.ingest(copy_guides(root / "corpus"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def uscc() -> str:
    return USCC_17 + uscc_check_char(USCC_17)


@pytest.fixture(scope="session")
def intake_steps(uscc: str) -> list[tuple[str, str]]:
    """Five messages that fill all 28 fields, each with the progress the page shows after it."""
    return [(message.format(uscc=uscc), progress) for message, progress in INTAKE_STEPS]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = PROJECT_ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path

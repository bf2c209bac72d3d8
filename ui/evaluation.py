"""Run `python -m evals answers` from the console and show its Markdown report and plots.

A subprocess, not an import: the evaluation builds its own store and loads its own models, and a crash
or a half-hour run must not take the web server with it.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import gradio as gr

from knowledge.settings import PROJECT_ROOT, Settings
from ui.errors import friendly, user_error
from ui.feedback import FeedbackStore

log = logging.getLogger("ui.evaluation")

TIMEOUT_S = 3600
LOG_TAIL = 40
NOT_INSTALLED = ("评测模块还没有安装（找不到 `python -m evals`），暂时无法在这里运行评测。"
                 "请联系管理员；也可以在命令行运行 `make eval`。")
_running = threading.Lock()
BAR = re.compile(r"^([^:|]{1,60}):\s+\d+%\|")  # "问答评测 light:  40%|████ |"
REFRESH_S = 0.5
IMAGE_LINK = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*$", re.MULTILINE)


def evals_available() -> bool:
    return importlib.util.find_spec("evals.__main__") is not None


def command(embedding: str, out_dir: Path, extra_cases: Path | None = None) -> list[str]:
    argv = [sys.executable, "-m", "evals", "answers", "--embedding", embedding, "--out", str(out_dir), "--json"]
    if extra_cases is not None:
        from evals.data import DEFAULT_DATASETS  # only the list of bundled files; imports nothing heavy

        argv += ["--dataset", *map(str, DEFAULT_DATASETS), str(extra_cases)]
    return argv


def report_of(out_dir: Path) -> tuple[str, list[str]]:
    """The run's Markdown report (all .md files, in name order) and its plots. Image links are dropped
    from the Markdown: their relative paths would show as broken images; the gallery shows the plots."""
    reports = sorted(out_dir.rglob("*.md"))
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in reports)
    text = IMAGE_LINK.sub("", text).strip()
    return text or "评测已结束，但没有生成 Markdown 报告。", [str(p) for p in sorted(out_dir.rglob("*.png"))]


def add_line(lines: list[str], line: str) -> list[str]:
    """The log tail with `line` added; a progress bar's redraw replaces its previous state."""
    if not line:
        return lines
    bar = BAR.match(line)
    if bar and lines and lines[-1].startswith(bar.group(1)):
        return [*lines[:-1], line]
    return [*lines[-LOG_TAIL + 1:], line]


def run(embedding: str, extra_cases: Path | None = None) -> Iterator[tuple[str, str, list[str]]]:
    """Yields (log tail, report markdown, plot paths) while the evaluation runs."""
    out_dir = Path(tempfile.mkdtemp(prefix="zonebot-eval-"))
    proc = subprocess.Popen(command(embedding, out_dir, extra_cases), cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", bufsize=1)
    # A watchdog, not a check per line: a run that hangs silently prints no line to check on.
    watchdog = threading.Timer(TIMEOUT_S, proc.kill)
    watchdog.start()
    started, shown, lines = time.monotonic(), 0.0, []
    try:
        assert proc.stderr is not None
        # Progress and warnings go to stderr (the --json summary is not needed here). Text mode turns
        # tqdm's "\r" redraws into lines; add_line keeps one line per bar.
        for line in proc.stderr:
            lines = add_line(lines, line.strip())
            if time.monotonic() - shown >= REFRESH_S:  # a bar redraws ten times a second: send less
                shown = time.monotonic()
                yield "\n".join(lines), f"评测运行中……已用时 {shown - started:.0f} 秒", []
        code = proc.wait()
    finally:
        watchdog.cancel()
        if proc.poll() is None:  # the page was closed mid-run: stop the evaluation too
            proc.kill()
    tail = "\n".join(lines)
    if time.monotonic() - started >= TIMEOUT_S:
        yield tail, f"评测超过 {TIMEOUT_S // 60} 分钟仍未结束，已停止。请在命令行运行 `make eval` 查看原因。", []
    elif code != 0:
        log.warning("evaluation exited with %s", code)
        yield tail, f"评测没有成功结束（退出码 {code}）。请查看上方日志的最后几行，或在命令行运行 `make eval`。", []
    else:
        yield tail, *report_of(out_dir)


def build_tab(settings: Settings, feedback: FeedbackStore) -> None:
    gr.Markdown("用评测集检验问答质量：检索命中率、关键事实覆盖、应拒答的是否拒答。"
                "评测在独立的临时知识库上运行，不影响正在服务的知识库。")
    with gr.Row():
        embedding = gr.Dropdown([("light（快速，约数分钟）", "light"), ("default（EmbeddingGemma，较慢）", "default")],
                                value="light" if settings.embedding != "default" else "default",
                                label="评测用的嵌入模型", scale=3)
        with_marks = gr.Checkbox(label="同时评测控制台标注的用例", value=False, scale=2)
        start = gr.Button("运行评测", variant="primary", scale=1, min_width=100, elem_id="zb-eval-run")
    output = gr.Textbox(label="运行日志", lines=6, max_lines=12, interactive=False, autoscroll=True)
    plots = gr.Gallery(label="评测图表", columns=2, height="auto", elem_id="zb-eval-plots")
    report = gr.Markdown(elem_id="zb-eval-report", max_height=720)

    @friendly("评测")
    def evaluate(chosen: str, include_marks: bool) -> Iterator[tuple[str, str, list[str]]]:
        if not evals_available():
            yield "", NOT_INSTALLED, []  # shown where the report would be: it is the answer to "run"
            return
        extra = None
        if include_marks:
            cases = feedback.export()
            if not cases.rows:
                raise user_error("还没有可用的标注用例。请先在“问答调试”里标注，或取消勾选后再运行。")
            extra = Path(tempfile.mkdtemp(prefix="zonebot-marks-")) / "console-cases.jsonl"
            extra.write_text(cases.jsonl(), encoding="utf-8")
        if not _running.acquire(blocking=False):
            raise user_error("已有一次评测正在运行，请等它结束后再试。")
        try:
            yield from run(chosen, extra)
        finally:
            _running.release()

    start.click(evaluate, [embedding, with_marks], [output, report, plots], api_name="run_eval")

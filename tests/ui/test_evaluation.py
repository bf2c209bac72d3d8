import sys
from pathlib import Path

import pytest

from ui import evaluation

FAKE_EVAL = """
import sys, pathlib
out = pathlib.Path(sys.argv[1])
print("评测进行中 1/2", file=sys.stderr, flush=True)
report = "| 指标 | 值 |\\n|---|---|\\n| 命中率 | 0.9 |\\n\\n![answers](hits.png)\\n"
(out / "answers.md").write_text(report, encoding="utf-8")
(out / "plots").mkdir()
(out / "plots" / "hits.png").write_bytes(b"\\x89PNG\\r\\n\\x1a\\n")
print("完成 2/2", file=sys.stderr)
sys.exit(int(sys.argv[2]))
"""


@pytest.fixture
def fake_evals(monkeypatch: pytest.MonkeyPatch):
    def use(exit_code: int) -> None:
        monkeypatch.setattr(evaluation, "command",
                            lambda embedding, out, extra: [sys.executable, "-c", FAKE_EVAL, str(out), str(exit_code)])
    return use


def test_run_streams_the_log_then_shows_report_and_plots(fake_evals) -> None:
    fake_evals(0)
    steps = list(evaluation.run("light"))
    assert "评测进行中 1/2" in steps[0][0] and "评测运行中" in steps[0][1]
    log, report, plots = steps[-1]
    assert "完成 2/2" in log and "| 命中率 | 0.9 |" in report and "![" not in report
    assert [Path(p).name for p in plots] == ["hits.png"]


def test_failed_run_says_so_in_chinese(fake_evals) -> None:
    fake_evals(3)
    log, report, plots = list(evaluation.run("light"))[-1]
    assert "退出码 3" in report and plots == []


def test_command_follows_the_evals_contract(tmp_path: Path) -> None:
    assert evaluation.command("light", tmp_path)[1:] == ["-m", "evals", "answers", "--embedding", "light",
                                                        "--out", str(tmp_path), "--json"]
    marks = tmp_path / "console-cases.jsonl"
    argv = evaluation.command("light", tmp_path, marks)
    datasets = argv[argv.index("--dataset") + 1:]
    assert datasets[-1] == str(marks) and any(d.endswith("answerable.jsonl") for d in datasets)
    assert all(Path(d).exists() for d in datasets[:-1])  # the bundled datasets are kept, not replaced


def test_progress_bar_redraws_keep_one_line_per_bar() -> None:
    lines: list[str] = []
    for line in ["读取文件:   0%|          | 0/31", "读取文件: 100%|██████████| 31/31", "",
                 "问答评测 light:  10%|█         | 34/340", "问答评测 light: 100%|██████████| 340/340", "完成"]:
        lines = evaluation.add_line(lines, line)
    assert lines == ["读取文件: 100%|██████████| 31/31", "问答评测 light: 100%|██████████| 340/340", "完成"]

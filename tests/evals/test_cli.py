"""`python -m evals` as staff use it: their exported questions, on the evaluation store."""

import json
import subprocess
import sys
from pathlib import Path

from evals.kb import open_eval_store, profile_dirname
from knowledge.settings import PROJECT_ROOT


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "evals", *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=600)


def test_staff_export_is_evaluated_and_reported(eval_cache: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    rows = [
        {"id": "console-0001", "question": "核准类项目审批时限是多少个工作日？",
         "sources": ["guides/project_filing.md"], "key_facts": ["20个工作日"]},
        {"id": "console-0002", "question": "今天太原天气怎么样？", "reason": "工作人员标注为应当拒答"},
        {"id": "console-0003", "turns": ["备案后能拿到项目代码吧？", "它有几位？"],
         "sources": ["guides/project_filing.md"], "key_facts": ["24位"]},
    ]
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "report"
    done = run_cli("answers", "--embedding", "light", "--dataset", str(export), "--kb-cache", str(eval_cache),
                   "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    light = results["answers"]["light"]
    assert (light["answerable"]["n"], light["followups"]["n"], light["out_of_scope_n"]) == (1, 1, 1)
    assert results["gate"] == []  # staff data is not compared with thresholds set on the bundled datasets
    assert json.loads((out / "results.json").read_text(encoding="utf-8")) == results
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## 问答 (answers)" in report and "## 检索" not in report
    assert (out / "answers.png").exists()


def test_broken_dataset_is_reported_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "question": "节能审查要多久？"}\n', encoding="utf-8")
    done = run_cli("answers", "--embedding", "light", "--dataset", str(bad), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert f"{bad}:1" in done.stderr and "无法判断题目类型" in done.stderr


def test_bad_usage_exits_2() -> None:
    assert run_cli("everything").returncode == 2
    assert run_cli("answers", "--limit", "0").returncode == 2


def test_cached_store_is_reused_without_embedding(eval_cache: Path) -> None:
    kb = eval_cache / profile_dirname("light")
    first = open_eval_store("light", kb, progress=False)[1]
    again = open_eval_store("light", kb, progress=False)[1]
    assert again.chunks_added == 0 and again.chunks_removed == 0
    assert again.chunks_unchanged == first.chunks_added + first.chunks_unchanged > 0

"""`python -m bot ask` per DESIGN.md §5, and the dispatch of `python -m bot intake`."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.store import KnowledgeStore

ROOT = Path(__file__).resolve().parents[2]


def store_flags(store: KnowledgeStore) -> list[str]:
    return ["--kb", str(store.settings.kb_dir), "--embedding", "light"]


def test_ask_json_prints_the_contract_object(answer_store: KnowledgeStore) -> None:
    run = subprocess.run([sys.executable, "-m", "bot", "ask", "节能审查要多久？", *store_flags(answer_store), "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert set(out) == {"answer", "refused", "citations"} and out["refused"] is False
    assert "20个工作日" in out["answer"]
    first = out["citations"][0]
    assert set(first) == {"n", "source", "title", "section", "quote", "score", "article"}  # DESIGN.md §5
    assert (first["n"], first["source"], first["section"]) == (1, "guides/energy.md", "办理时限")


def test_ask_without_question_answers_each_stdin_line(answer_store: KnowledgeStore) -> None:
    lines = ["施工许可证要几天？", "", "红烧肉怎么做好吃？"]
    run = subprocess.run([sys.executable, "-m", "bot", "ask", *store_flags(answer_store)], cwd=ROOT,
                         input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    outs = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(outs) == 3
    assert "7日" in outs[0]["answer"] and not outs[0]["refused"]
    assert outs[1]["refused"] and "请输入" in outs[1]["answer"]
    assert outs[2]["refused"] and outs[2]["citations"] == []


def test_ask_prints_plain_text_without_json(answer_store: KnowledgeStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "节能审查收费吗", *store_flags(answer_store)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("节能审查不收费[1]。") and "来源：" in out and not out.lstrip().startswith("{")


def test_empty_knowledge_base_says_how_to_fill_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "节能审查要多久", "--kb", str(tmp_path / "kb"), "--embedding", "light"]) == 1
    assert "python -m ingest knowledge/corpus" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2 and "用法" in capsys.readouterr().err
    assert main(["chat"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["ask", "--no-such-flag"])
    assert exc.value.code == 2


def test_intake_is_dispatched_with_its_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    fake = types.ModuleType("bot.intake.cli")
    fake.main = lambda argv: seen.append(argv) or 7  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bot.intake.cli", fake)
    assert main(["intake", "--json"]) == 7 and seen == [["--json"]]

"""The CLI contract of DESIGN.md §5 and crash-resume, with real subprocesses."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from intake_data import MESSAGES, VALUES

from bot.intake.cli import main

ROOT = Path(__file__).resolve().parents[3]
RUN = "import sys; from bot.intake.cli import main; sys.exit(main(sys.argv[1:]))"


def cli(tmp_path: Path, *args: str, stdin: str = "", **popen) -> subprocess.Popen:
    env = {**os.environ, "ZONEBOT_HANDOFF_DIR": str(tmp_path / "handoff"), "ZONEBOT_HANDOFF_SINK": "file",
           "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen([sys.executable, "-c", RUN, "--db", str(tmp_path / "state.sqlite3"), *args],
                            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", **popen)


def test_json_contract(tmp_path):
    proc = cli(tmp_path, "--json", "--session", "c1", "--forms", str(tmp_path / "forms"))
    out, err = proc.communicate("\n".join([*MESSAGES, "", "确认"]) + "\n", timeout=120)
    assert proc.returncode == 0, err
    data = json.loads(out)
    assert {"transcript", "fields", "missing", "confirmed", "payload"} <= set(data)
    assert data["confirmed"] is True and data["missing"] == [] and data["fields"] == VALUES
    assert data["payload"]["schema_version"] == "1.0" and data["payload"]["session_id"] == "c1"
    roles = [t["role"] for t in data["transcript"]]
    assert roles[0] == "assistant" and roles.count("user") == len(MESSAGES) + 1  # the blank line is ignored
    assert (tmp_path / "handoff" / "c1.json").exists()
    assert Path(data["forms"]["checklist"]).exists() and data["forms"]["written"]


def test_plain_output_prints_each_reply(tmp_path):
    proc = cli(tmp_path)
    out, _ = proc.communicate(MESSAGES[0] + "\n", timeout=120)
    assert proc.returncode == 0 and out.startswith("助手：您好") and "用户：我们是" in out and "【项目信息】" in out


def test_bad_usage_exits_2():
    assert main(["--nope"]) == 2


def _turns(db: Path, session: str) -> int:
    try:
        with sqlite3.connect(db) as conn:
            row = conn.execute("SELECT state FROM intake_sessions WHERE id = ?", (session,)).fetchone()
    except sqlite3.OperationalError:
        return 0
    return json.loads(row[0])["user_turns"] if row else 0


def test_killed_mid_dialogue_resumes_with_every_field(tmp_path):
    proc = cli(tmp_path, "--session", "crash1")
    for message in MESSAGES[:3]:
        proc.stdin.write(message + "\n")
    proc.stdin.flush()
    deadline = time.time() + 60
    while _turns(tmp_path / "state.sqlite3", "crash1") < 3 and time.time() < deadline:
        time.sleep(0.1)
    assert _turns(tmp_path / "state.sqlite3", "crash1") == 3
    proc.send_signal(signal.SIGKILL)  # no chance to clean up
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    again = cli(tmp_path, "--json", "--session", "crash1")
    out, err = again.communicate("\n".join([*MESSAGES[3:], "确认"]) + "\n", timeout=120)
    assert again.returncode == 0, err
    data = json.loads(out)
    assert data["fields"] == VALUES and data["confirmed"] is True
    users = [t["content"] for t in data["transcript"] if t["role"] == "user"]
    assert users == [*MESSAGES, "确认"]
    assert any(t["content"].startswith("欢迎回来") and "已填 17/28" in t["content"] for t in data["transcript"])


def test_a_new_session_id_is_made_when_none_is_given(tmp_path):
    first = cli(tmp_path, "--json")
    second = cli(tmp_path, "--json")
    a = json.loads(first.communicate(MESSAGES[0] + "\n", timeout=120)[0])
    b = json.loads(second.communicate("", timeout=120)[0])
    assert a["session_id"] != b["session_id"] and b["fields"] == {}

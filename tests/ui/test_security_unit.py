"""Issue 14 (#2, #6, #9, #10, #12, #14) without a server: rendering, upload paths, throttling, the
Host/Origin allow-list, retention and invalid Unicode."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.intake.retention import purge
from bot.intake.state import IntakeState, SessionStore
from bot.models import Answer, Citation
from knowledge.settings import Settings
from ui import protect
from ui.chat import render_answer, respond
from ui.errors import Hint
from ui.kb_admin import uploaded


def _answer(text: str) -> Answer:
    cite = Citation(n=1, source="a.html", title="指南", section="", quote=text, score=0.5)
    return Answer(question="q", answer=text, refused=False, citations=[cite])


def test_document_html_and_links_render_as_text() -> None:
    shown = render_answer(_answer('详见<a href="https://evil.example/login">官方网站</a>。'
                                  '<img src="https://tracker.example/p.gif">办理时限20个工作日[1]。'
                                  '示例&lt;img&gt;保持文字。[点此](https://evil.example/x)'))
    body = shown.split('<div class="zb-sources">')[0]
    assert "<a" not in body and "<img" not in body and "https://" not in body
    assert "`evil.example`" in body and "`tracker.example`" in body and "](" not in body
    assert "&amp;lt;img&amp;gt;" in body or "&lt;img&gt;" in body  # shown as the text "<img>", never a tag
    marked = render_answer(_answer("登录 https://www.shanxi.gov.cn/zwfw[1]。"))
    assert marked.startswith("登录 （网址：`www.shanxi.gov.cn`）[1]。")  # the citation mark stays outside


def test_a_lone_surrogate_is_replaced_not_an_internal_error() -> None:
    class Engine:
        def stream(self, question, history):
            question.encode("utf-8")  # what SQLite, JSON and the log would do
            yield Answer(question=question, answer="好的", refused=False)

    *_, (messages, _) = respond(Engine(), "节能审查\ud800要多久？", None)
    assert messages[0]["content"] == "节能审查\ufffd要多久？"


def test_an_overlong_question_is_refused_in_chinese() -> None:
    with pytest.raises(Hint, match="问题太长了"):
        list(respond(object(), "问" * 7000, None, limit=6000))


def test_console_ingests_only_uploaded_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    upload_dir = tmp_path / "gradio"
    (upload_dir / "abc").mkdir(parents=True)
    mine = upload_dir / "abc" / "guide.md"
    mine.write_text("# 指南\n", encoding="utf-8")
    secret = tmp_path / "server-notes.md"
    secret.write_text("# 内部\n", encoding="utf-8")
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(upload_dir))
    assert uploaded([str(mine)]) == [mine.resolve()]
    for path in (secret, upload_dir / "abc" / ".." / ".." / "server-notes.md"):
        with pytest.raises(Hint, match="只能导入本次上传的文件"):
            uploaded([str(mine), str(path)])


def test_login_throttle_backs_off_and_forgets_success() -> None:
    throttle = protect.LoginThrottle()
    for _ in range(protect.FREE_FAILURES):
        assert throttle.wait_s("k", now=100.0) == 0
        throttle.failed("k", now=100.0)
    throttle.failed("k", now=100.0)
    assert throttle.wait_s("k", now=100.0) == 4 and throttle.wait_s("k", now=105.0) == 0
    throttle.succeeded("k")
    assert throttle.wait_s("k", now=100.0) == 0


def test_per_user_login_failures_are_logged_without_the_password(caplog: pytest.LogCaptureFixture) -> None:
    login = protect.throttled_login(lambda user, password: password == "right", protect.LoginThrottle())
    for _ in range(protect.FREE_FAILURES):
        assert login("staff", "guess-123") is False
    with pytest.raises(Exception) as refused:
        login("staff", "guess-123")
    assert getattr(refused.value, "status_code", None) == 429
    assert "staff" in caplog.text and "guess-123" not in caplog.text


def test_console_host_and_origin_allow_list(tmp_path: Path) -> None:
    app = FastAPI()
    app.get("/console/x")(lambda: {"ok": True})
    app.get("/x")(lambda: {"ok": True})
    protect.install(app, Settings(allowed_hosts=["zone.example.gov.cn"]), "/console", protect.LoginThrottle(),
                    check_host=True)
    client = TestClient(app)
    assert client.get("/console/x", headers={"host": "127.0.0.1:7860"}).status_code == 200
    assert client.get("/console/x", headers={"host": "zone.example.gov.cn"}).status_code == 200
    assert client.get("/console/x", headers={"host": "rebound.attacker.example"}).status_code == 403
    assert client.get("/console/x", headers={"host": "127.0.0.1", "origin": "http://attacker.example"}).status_code == 403
    assert client.get("/x", headers={"host": "anything.example"}).status_code == 200  # the public page is not limited
    assert client.post("/gradio_api/upload").status_code == 403


def test_retention_purges_old_sessions_and_handoff_files(tmp_path: Path) -> None:
    settings = Settings(state_db=tmp_path / "state.sqlite3", handoff_dir=tmp_path / "handoff",
                        gradio_temp_dir=tmp_path / "gradio", intake_retention_days=30)
    store = SessionStore(settings.state_db)
    store.save(IntakeState(session_id="old"))
    store.save(IntakeState(session_id="new"))
    settings.handoff_dir.mkdir()
    old_file, new_file = settings.handoff_dir / "old.json", settings.handoff_dir / "new.json"
    for f in (old_file, new_file):
        f.write_text("{}", encoding="utf-8")
    long_ago = time.time() - 31 * 86400
    os.utime(old_file, (long_ago, long_ago))
    with sqlite3.connect(settings.state_db) as db:  # age one row as if written 31 days ago
        db.execute("UPDATE intake_sessions SET updated_at = ? WHERE id = 'old'",
                   ((datetime.now(UTC) - timedelta(days=31)).isoformat(timespec="seconds"),))
    report = purge(settings)
    assert report.sessions == 1 and report.handoff_files == 1
    assert store.load("old") is None and store.load("new") is not None
    assert not old_file.exists() and new_file.exists()
    assert oct(settings.state_db.stat().st_mode & 0o777) == "0o600"

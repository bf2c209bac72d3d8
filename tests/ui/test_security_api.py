"""Issue 14 (#1, #9, #11, #12, #14) against a real `python -m ui`: another client gets nothing of a
confirmed intake by path, by the session id in the log or in file names; no public uploads; 429 after
repeated wrong logins; a lone surrogate is no internal error."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from ui.chat import FAILED

pytestmark = pytest.mark.integration


def client(url: str) -> Client:
    return Client(url, verbose=False, analytics_enabled=False)


def text_of(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(p.get("text", "") for p in content if isinstance(p, dict))


def test_a_confirmed_intake_belongs_to_its_browser(ui_server, intake_steps) -> None:
    owner = client(ui_server.url)
    owner.predict(api_name="/intake_start")
    for message, _ in intake_steps:
        credential, *_ = owner.predict(message, api_name="/intake_message")
    *_, files, _ = owner.predict(api_name="/intake_confirm")
    assert files and all(Path(f).name in {"基础信息.json", "审批事项办理清单.docx", "申请表（参考）.zip"} for f in files)

    handoff = list((ui_server.root / "handoff").glob("*.json"))
    session_id = credential.split(".")[0]
    assert [p.stem for p in handoff if p.stem == session_id]  # the handoff file is named by the session id …
    log = ui_server.log_tail(10**7)
    assert session_id not in log  # … which the log never shows in full
    names = {p.name for p in ui_server.root.rglob("*")}
    identifiers = {session_id, *(n.split(".")[0] for n in names), *re.findall(r"[0-9a-f]{4,}", log)}

    other = client(ui_server.url)
    for identifier in identifiers:
        for guess in (identifier, f"{identifier}.", f"{identifier}.x"):
            resumed, transcript, progress, table, *_ = other.predict(guess, api_name="/intake_resume")
            assert resumed is None and transcript == [] and "0/28" in progress
    # Writing: the other client's events only ever reach a session of its own.
    other.predict(api_name="/intake_start")
    _, transcript, *_ = other.predict("联系人赵六", api_name="/intake_message")
    resumed, transcript, *_ = owner.predict(credential, api_name="/intake_resume")
    assert resumed is None and transcript == []  # confirmed: a reload starts clean, nothing to read

    for path in handoff:
        for url in (f"{ui_server.url}/gradio_api/file={path}", f"{ui_server.url}/file={path}"):
            response = httpx.get(url, timeout=10)
            assert response.status_code in (403, 404) and "contact_name" not in response.text
    # Downloads live only in the private cache, under a random 128-bit folder (not derived from the id),
    # readable by this service only, and are purged after an hour.
    downloads = list((ui_server.root / "gradio").rglob("基础信息.json"))
    assert downloads and all(session_id not in str(p) and len(p.parent.name) == 32 for p in downloads)
    assert all(p.stat().st_mode & 0o077 == 0 for p in [*handoff, *downloads])  # 0600


def test_the_public_page_refuses_uploads(ui_server) -> None:
    response = httpx.post(f"{ui_server.url}/gradio_api/upload", files={"files": ("big.bin", b"\0" * (30 * 2**20))},
                          timeout=60)
    assert response.status_code in (403, 413) and "上传" in response.text


def test_repeated_wrong_logins_get_429(ui_server) -> None:
    attacker = {"X-Forwarded-For": "203.0.113.7"}  # uvicorn trusts the header from a loopback proxy
    codes = [httpx.post(f"{ui_server.console_url}login", data={"username": "staff", "password": f"guess{i}"},
                        headers=attacker, timeout=10).status_code for i in range(30)]
    assert codes[0] == 400 and 429 in codes and codes[-1] == 429
    assert "console login failed" in ui_server.log_tail() and "guess29" not in ui_server.log_tail(10**7)
    # The real staff, from another address and after the user lock, still get in eventually; not asserted
    # here (per-user backoff is up to 15 minutes) — another address with another user is unaffected:
    ok = httpx.post(f"{ui_server.console_url}login", data={"username": "nobody", "password": "x"}, timeout=10)
    assert ok.status_code == 400


def _call(url: str, api: str, data: list) -> str:
    """A raw call with JSON escapes: gradio_client cannot even encode a lone surrogate."""
    body = json.dumps({"data": data}).encode("ascii")  # "\\ud800" as JSON text, as a broken client sends it
    start = httpx.post(f"{url}/gradio_api/call/{api}", content=body, headers={"Content-Type": "application/json"},
                       timeout=30)
    start.raise_for_status()
    stream = httpx.get(f"{url}/gradio_api/call/{api}/{start.json()['event_id']}", timeout=120).text
    events = [line.removeprefix("event: ") for line in stream.splitlines() if line.startswith("event: ")]
    data = [json.loads(line.removeprefix("data: ")) for line in stream.splitlines() if line.startswith("data: ")]
    assert "error" not in events, stream[-500:]
    return json.dumps(data, ensure_ascii=False)


def test_a_lone_surrogate_is_no_internal_error(ui_server) -> None:
    shown = _call(ui_server.url, "chat", ["节能审查\ud800要多久？"])
    assert "20个工作日" in shown and FAILED not in shown
    assert "张三" in _call(ui_server.url, "intake_message", ["联系人张三\udc80"])

"""The HTTP API at /v1 of a real `python -m ui` server: the official `openai` client as the real client
(answers with citations, streaming, follow-ups, a wrong key), plain HTTP for malformed requests, and
the intake a portal drives (start, message, read, correct, confirm; the session belongs to its token)."""

from __future__ import annotations

import re

import httpx
import openai
import pytest
from starlette.requests import Request

from bot.models import Citation
from tests.ui.conftest import API_KEY
from ui.api import ApiError, check_access

pytestmark = pytest.mark.integration

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def ai(ui_server) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{ui_server.url}/v1", api_key=API_KEY, max_retries=0, timeout=120)


@pytest.fixture
def http(ui_server) -> httpx.Client:
    with httpx.Client(base_url=f"{ui_server.url}/v1", headers={"Authorization": f"Bearer {API_KEY}"},
                      timeout=120) as client:
        yield client


def test_models_lists_the_assistant(ai: openai.OpenAI) -> None:
    assert [m.id for m in ai.models.list()] == ["zonebot"]


def test_answer_carries_marks_sources_and_citations(ai: openai.OpenAI) -> None:
    reply = ai.chat.completions.create(model="zonebot", messages=[{"role": "user", "content": "节能审查要多久？"}])
    text = reply.choices[0].message.content
    assert "20个工作日" in text and "[1]" in text and "\n来源：\n[1] " in text
    extra = reply.model_extra
    assert extra["refused"] is False
    first = extra["citations"][0]
    assert set(first) == set(Citation.model_fields)  # the fields of `python -m bot ask --json`
    assert first["n"] == 1 and first["source"] == "guides/energy_review.md"


def test_streamed_answer_equals_the_whole_one(ai: openai.OpenAI) -> None:
    messages = [{"role": "user", "content": "项目备案需要提交哪些材料？"}]
    whole = ai.chat.completions.create(model="zonebot", messages=messages)
    chunks = list(ai.chat.completions.create(model="zonebot", messages=messages, stream=True))
    assert len(chunks) >= 3  # the role, at least one piece of text, the end
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert streamed == whole.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["citations"] == whole.model_extra["citations"]


def test_follow_up_is_understood_from_the_messages(ai: openai.OpenAI) -> None:
    first = "施工许可证什么情况下可以不办？"
    answer = ai.chat.completions.create(model="zonebot", messages=[{"role": "user", "content": first}])
    follow = ai.chat.completions.create(model="zonebot", messages=[
        {"role": "system", "content": "你是园区助手"},
        {"role": "user", "content": first},
        {"role": "assistant", "content": answer.choices[0].message.content},
        {"role": "user", "content": "那办理时限是多久？"}])
    assert follow.model_extra["refused"] is False
    assert follow.model_extra["citations"][0]["source"] == "guides/construction_permit.md"
    assert "7日" in follow.choices[0].message.content
    alone = ai.chat.completions.create(model="zonebot", messages=[{"role": "user", "content": "那办理时限是多久？"}])
    assert alone.choices[0].message.content != follow.choices[0].message.content


def test_refusal_is_an_ordinary_answer(ai: openai.OpenAI) -> None:
    reply = ai.chat.completions.create(model="zonebot",
                                       messages=[{"role": "user", "content": "深圳的厂房怎么备案？"}])
    assert reply.model_extra["refused"] is True and reply.model_extra["citations"] == []
    assert CHINESE.search(reply.choices[0].message.content)


def test_wrong_key_is_refused_with_401(ui_server) -> None:
    wrong = openai.OpenAI(base_url=f"{ui_server.url}/v1", api_key="not-a-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as caught:
        wrong.chat.completions.create(model="zonebot", messages=[{"role": "user", "content": "节能审查要多久？"}])
    assert caught.value.status_code == 401
    assert "API 密钥" in caught.value.body["message"]


@pytest.mark.parametrize(("body", "status", "words"), [
    ('{"model": "zonebot", "messages": [', 400, "JSON"),
    ('{"model": "zonebot"}', 400, "messages"),
    ('{"model": "zonebot", "messages": []}', 400, "messages"),
    ('{"model": "zonebot", "messages": [{"role": "user", "content": "' + "节能" * 3100 + '"}]}', 400, "太长"),
    ('{"model": "gpt-4", "messages": [{"role": "user", "content": "节能审查要多久？"}]}', 404, "zonebot"),
    ('{"model": "zonebot", "messages": [{"role": "assistant", "content": "您好"}]}', 400, "用户"),
])
def test_bad_requests_get_a_chinese_message(http: httpx.Client, body: str, status: int, words: str) -> None:
    response = http.post("/chat/completions", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    message = response.json()["error"]["message"]
    assert CHINESE.search(message) and words in message


@pytest.mark.parametrize("auth", [None, "Bearer wrong", f"Basic {API_KEY}", f"Bearer {API_KEY}x"])
def test_missing_or_wrong_key_gets_401(ui_server, auth: str | None) -> None:
    headers = {"Authorization": auth} if auth else {}
    response = httpx.get(f"{ui_server.url}/v1/models", headers=headers)
    assert response.status_code == 401 and "密钥" in response.json()["error"]["message"]


def _request_from(host: str, authorization: str | None = None) -> Request:
    headers = [(b"authorization", authorization.encode())] if authorization else []
    return Request({"type": "http", "method": "GET", "path": "/v1/models", "headers": headers,
                    "client": (host, 40000)})


def test_without_keys_only_this_machine_may_call() -> None:
    check_access(_request_from("127.0.0.1"), [])
    check_access(_request_from("::1"), [])
    with pytest.raises(ApiError) as caught:
        check_access(_request_from("192.168.1.20"), [])
    assert caught.value.status == 403 and "ZONEBOT_API_KEYS" in caught.value.message
    check_access(_request_from("192.168.1.20", "Bearer k2"), ["k1", "k2"])
    with pytest.raises(ApiError):
        check_access(_request_from("127.0.0.1"), ["k1"])  # with keys set, loopback needs one too


def test_intake_over_http(http: httpx.Client, intake_steps: list[tuple[str, str]]) -> None:
    started = http.post("/intake/sessions")
    assert started.status_code == 201
    sid, token = started.json()["session_id"], started.json()["token"]
    assert "28项" in started.json()["reply"]
    mine = {"X-Intake-Token": token}
    for message, progress in intake_steps:
        view = http.post(f"/intake/sessions/{sid}/messages", json={"content": message}, headers=mine).json()
        assert f"{view['progress']['done']}/{view['progress']['total']}" == progress
    assert view["stage"] == "confirming" and view["missing"] == []

    bad = http.put(f"/intake/sessions/{sid}/fields/contact_phone", json={"value": "123"}, headers=mine)
    assert bad.status_code == 422 and "联系电话" in bad.json()["error"]["message"]
    fixed = http.put(f"/intake/sessions/{sid}/fields/contact_phone", json={"value": "13900001111"}, headers=mine)
    assert fixed.status_code == 200
    read = http.get(f"/intake/sessions/{sid}", headers=mine).json()
    assert {f["id"]: f["value"] for f in read["fields"]}["contact_phone"] == "13900001111"

    done = http.post(f"/intake/sessions/{sid}/confirm", headers=mine).json()
    assert done["stage"] == "confirmed"
    assert done["payload"]["fields"]["contact_phone"] == "13900001111"
    assert done["payload"]["session_id"] == sid


def test_intake_belongs_to_its_token(http: httpx.Client) -> None:
    first = http.post("/intake/sessions").json()
    other = http.post("/intake/sessions").json()
    sid = first["session_id"]
    for headers in ({}, {"X-Intake-Token": other["token"]}, {"X-Intake-Token": first["token"] + "x"}):
        response = http.post(f"/intake/sessions/{sid}/messages", json={"content": "联系人张三"}, headers=headers)
        assert response.status_code == 404 and "凭证" in response.json()["error"]["message"]
    assert http.get("/intake/sessions/000000000000", headers={"X-Intake-Token": first["token"]}).status_code == 404
    untouched = http.get(f"/intake/sessions/{sid}", headers={"X-Intake-Token": first["token"]}).json()
    assert untouched["progress"]["done"] == 0
    assert http.post(f"/intake/sessions/{sid}/confirm", headers={"X-Intake-Token": first["token"]}).status_code == 409
    unknown = http.put(f"/intake/sessions/{sid}/fields/no_such_field", json={"value": "x"},
                       headers={"X-Intake-Token": first["token"]})
    assert unknown.status_code == 404 and "unit_name" in unknown.json()["error"]["message"]

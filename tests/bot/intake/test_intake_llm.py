"""Optional LLM recall against a tiny local server speaking the OpenAI chat-completions protocol."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from intake_data import TODAY

from bot.intake.dialogue import IntakeSession
from bot.intake.llm import make_llm_extractor
from bot.intake.state import IntakeState
from knowledge.settings import Settings


class FakeOpenAI:
    """Answers every chat completion with `reply` (a JSON string) and records the requests."""

    def __init__(self, reply: str) -> None:
        self.reply, self.requests = reply, []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake.requests.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                body = json.dumps({
                    "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "fake",
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": fake.reply}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def fake():
    servers = []

    def start(reply: dict) -> FakeOpenAI:
        servers.append(FakeOpenAI(json.dumps(reply, ensure_ascii=False)))
        return servers[-1]
    yield start
    for s in servers:
        s.server.shutdown()
        s.server.server_close()


def session(url: str | None) -> IntakeSession:
    extractor = make_llm_extractor(Settings(llm_base_url=url, llm_timeout_s=5)) if url else None
    s = IntakeSession(IntakeState(), today=lambda: TODAY, extractor=extractor)
    s.opening()
    return s


MESSAGE = "公司是太原星河新材料有限公司，老板是冯志刚，厂子占了一百二十亩"


def test_without_an_endpoint_there_is_no_extractor():
    assert make_llm_extractor(Settings(llm_base_url=None)) is None
    s = session(None)
    s.handle(MESSAGE)
    assert "legal_rep_name" not in s.state.values and s.state.values["unit_name"] == "太原星河新材料有限公司"


def test_llm_adds_what_the_rules_missed_through_the_same_parser(fake):
    server = fake({"legal_rep_name": "冯志刚", "land_area": "一百二十亩", "unit_name": "别的公司有限公司"})
    s = session(server.url)
    s.handle(MESSAGE)
    assert s.state.values["legal_rep_name"] == "冯志刚"           # the rules do not read 老板 as 法定代表人
    assert s.state.values["land_area"] == 80000.4                  # 占了 is no label; the quote is parsed by rules
    assert s.state.values["unit_name"] == "太原星河新材料有限公司"  # rules found it: the model is not asked
    prompt = server.requests[0]["messages"][-1]["content"]
    assert "legal_rep_name=法定代表人" in prompt and "unit_name=" not in prompt


def test_llm_inventions_and_invalid_values_are_dropped(fake):
    server = fake({"contact_phone": "12345", "legal_rep_name": "王二麻子"})  # not said / not valid
    s = session(server.url)
    s.handle("老板是冯志刚，电话12345")
    assert "legal_rep_name" not in s.state.values               # the quote is not in the message
    assert "contact_phone" not in s.state.values and "contact_phone" in s.last.errors  # the validator refuses


def test_endpoint_down_means_rules_only():
    s = session("http://127.0.0.1:9/v1")
    reply = s.handle(MESSAGE)
    assert s.state.values["unit_name"] == "太原星河新材料有限公司" and "legal_rep_name" not in s.state.values
    assert "已记录" in reply

import json
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.intake.handoff import (
    SCHEMA_PATH,
    FileSink,
    HandoffPayload,
    HttpSink,
    build_payload,
    idempotency_key,
    make_sink,
    payload_schema,
)
from knowledge.settings import Settings

NOW = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def payload(values) -> HandoffPayload:
    return build_payload("s-42", values, now=NOW)


def test_committed_schema_is_the_generated_one():
    committed = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert committed == payload_schema(), (
        'regenerate: python -c "from bot.intake.handoff import write_schema; write_schema()"')


def test_payload_is_versioned_and_complete(payload, values):
    data = json.loads(payload.model_dump_json())
    assert data["schema_version"] == "1.0" and data["missing"] == [] and data["fields"] == values
    assert data["derived"]["land_area_mu"] == pytest.approx(120.0, abs=1e-3)
    assert data["derived"]["investment_intensity"] == pytest.approx(333.33, abs=0.01)
    assert {e["item_id"] for e in data["checklist"]["entries"]} >= {"project_filing", "energy_review"}
    assert HandoffPayload.model_validate(data) == payload


def test_missing_fields_are_listed(values):
    del values["land_parcel_no"]
    payload = build_payload("s-1", values, now=NOW)
    assert payload.missing == ["land_parcel_no"] and payload.fields.land_parcel_no is None


def test_idempotency_key_is_stable_per_payload(payload, values):
    assert idempotency_key(payload) == idempotency_key(HandoffPayload.model_validate(payload.model_dump()))
    values["contact_name"] = "王五"
    assert idempotency_key(build_payload("s-42", values, now=NOW)) != idempotency_key(payload)


def test_file_sink_writes_atomically(tmp_path, payload):
    sink = FileSink(tmp_path / "out")
    result = sink.deliver(payload)
    assert result.ok and result.target.endswith("s-42.json")
    assert json.loads((tmp_path / "out" / "s-42.json").read_text(encoding="utf-8"))["session_id"] == "s-42"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["s-42.json"]  # no temp file left behind


def test_file_sink_reports_failure(tmp_path, payload):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    result = FileSink(blocker / "out").deliver(payload)
    assert not result.ok and result.error


class _Receiver:
    """A local endpoint that answers the first `fail` requests with `status` (or stalls), then 201."""

    def __init__(self, fail: int, status: int = 503, stall_s: float = 0.0) -> None:
        self.fail, self.status, self.stall_s = fail, status, stall_s
        self.requests: list[tuple[dict, dict]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.requests.append((dict(self.headers), body))
                if len(receiver.requests) <= receiver.fail:
                    if receiver.stall_s:
                        time.sleep(receiver.stall_s)
                    self.send_response(receiver.status)
                else:
                    self.send_response(201)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/handoff"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory():
    made = []

    def make(**kwargs) -> _Receiver:
        made.append(_Receiver(**kwargs))
        return made[-1]
    yield make
    for r in made:
        r.close()


def test_http_sink_retries_with_the_same_idempotency_key(receiver_factory, payload):
    receiver = receiver_factory(fail=2)
    result = HttpSink(receiver.url, timeout_s=2, retries=3, backoff_s=0.01).deliver(payload)
    assert result.ok and result.attempts == 3 and len(receiver.requests) == 3
    keys = {headers["Idempotency-Key"] for headers, _ in receiver.requests}
    assert keys == {idempotency_key(payload)}
    assert receiver.requests[-1][1]["schema_version"] == "1.0"


def test_http_sink_gives_up_after_its_retries(receiver_factory, payload):
    receiver = receiver_factory(fail=10)
    result = HttpSink(receiver.url, timeout_s=2, retries=2, backoff_s=0.01).deliver(payload)
    assert not result.ok and result.attempts == 3 and result.error == "HTTP 503" and len(receiver.requests) == 3


def test_http_sink_does_not_retry_a_rejected_payload(receiver_factory, payload):
    receiver = receiver_factory(fail=10, status=422)
    result = HttpSink(receiver.url, timeout_s=2, retries=3, backoff_s=0.01).deliver(payload)
    assert not result.ok and result.attempts == 1 and len(receiver.requests) == 1


def test_http_sink_retries_after_a_timeout(receiver_factory, payload):
    receiver = receiver_factory(fail=1, stall_s=1.0)
    result = HttpSink(receiver.url, timeout_s=0.3, retries=2, backoff_s=0.01).deliver(payload)
    assert result.ok and result.attempts == 2


def test_http_sink_unreachable(payload):
    result = HttpSink("http://127.0.0.1:9/none", timeout_s=0.5, retries=1, backoff_s=0.01).deliver(payload)
    assert not result.ok and result.attempts == 2 and result.error


def test_make_sink_from_settings(tmp_path):
    assert isinstance(make_sink(Settings(handoff_dir=tmp_path)), FileSink)
    sink = make_sink(Settings(handoff_sink="http", handoff_url="http://x/y", handoff_retries=5))
    assert isinstance(sink, HttpSink) and sink.retries == 5
    with pytest.raises(ValueError, match="HANDOFF_URL"):
        make_sink(Settings(handoff_sink="http"))
    with pytest.raises(ValueError, match="unknown handoff sink"):
        make_sink(Settings(handoff_sink="ftp"))

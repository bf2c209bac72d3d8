"""The handoff to the form generator: a versioned payload and the sinks that deliver it.

The JSON Schema of the payload is generated from these models and committed in bot/schemas/
(regenerate with `python -c "from bot.intake.handoff import write_schema; write_schema()"`);
a test keeps the two equal.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

import httpx
from pydantic import BaseModel, ConfigDict, Field

from bot.intake.checklist import Checklist, build_checklist
from bot.intake.fields import IntakeFields
from bot.intake.state import short_id
from knowledge.catalogue import Catalogue, derive
from knowledge.fields import FIELD_IDS
from knowledge.settings import Settings

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "handoff_payload.v1.json"


class Derived(BaseModel):
    land_area_mu: float | None = Field(None, description="用地面积（亩）")
    land_area_ha: float | None = Field(None, description="用地面积（公顷）")
    investment_intensity: float | None = Field(None, description="固定资产投资强度（万元/亩）")
    floor_area_ratio: float | None = Field(None, description="容积率（总建筑面积/用地面积）")


class HandoffPayload(BaseModel):
    """What the form generator receives once the enterprise has confirmed its fields."""

    model_config = ConfigDict(extra="forbid", title="ZonebotIntakeHandoff")
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    session_id: str
    confirmed_at: datetime
    fields: IntakeFields
    missing: list[str] = Field(description="Field ids left empty at confirmation")
    derived: Derived
    checklist: Checklist


def build_payload(session_id: str, values: dict[str, Any], catalogue: Catalogue | None = None,
                  now: datetime | None = None) -> HandoffPayload:
    fields = IntakeFields.model_validate(values)
    given = fields.values()
    extra = derive(given)
    return HandoffPayload(
        session_id=session_id, confirmed_at=now or datetime.now(UTC), fields=fields,
        missing=[f for f in FIELD_IDS if f not in given],
        derived=Derived(**{k: round(v, 4) for k, v in extra.items() if k in Derived.model_fields}),
        checklist=build_checklist(given, catalogue))


def idempotency_key(payload: HandoffPayload) -> str:
    """Same payload, same key: a receiver can drop a retried delivery it already processed."""
    body = json.dumps(payload.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return f"{payload.session_id}-{hashlib.sha256(body.encode()).hexdigest()[:32]}"


class DeliveryResult(BaseModel):
    ok: bool
    target: str
    attempts: int = 1
    error: str | None = None


class HandoffRecord(DeliveryResult):
    """One delivery as kept in the state store: staff resubmit the failed ones."""

    session_id: str
    at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


class Sink(Protocol):
    def deliver(self, payload: HandoffPayload) -> DeliveryResult: ...


class FileSink:
    """One JSON file per session, written atomically (temp file + rename) so a reader never sees half."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path_for(self, session_id: str) -> Path:
        return self.directory / f"{session_id}.json"

    def deliver(self, payload: HandoffPayload) -> DeliveryResult:
        target = self.path_for(payload.session_id)
        tmp = ""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".handoff-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(payload.model_dump_json(indent=2))
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            log.error("handoff file write failed for session %s: %s", short_id(payload.session_id), type(exc).__name__)
            return DeliveryResult(ok=False, target=str(target), error=str(exc))
        log.info("handoff written for session %s", short_id(payload.session_id))
        return DeliveryResult(ok=True, target=str(target))


class HttpSink:
    """POST with a timeout, retries with exponential backoff on network errors, 429 and 5xx, and an
    Idempotency-Key header so the receiver can deduplicate retries."""

    def __init__(self, url: str, timeout_s: float = 10.0, retries: int = 3, backoff_s: float = 0.5) -> None:
        self.url, self.timeout_s, self.retries, self.backoff_s = url, timeout_s, retries, backoff_s

    def deliver(self, payload: HandoffPayload) -> DeliveryResult:
        headers = {"Idempotency-Key": idempotency_key(payload), "Content-Type": "application/json"}
        body = payload.model_dump_json()
        error = ""
        attempts = 0
        with httpx.Client(timeout=self.timeout_s) as client:
            for attempts in range(1, self.retries + 2):
                try:
                    response = client.post(self.url, content=body, headers=headers)
                except httpx.TransportError as exc:
                    error = f"{type(exc).__name__}"
                else:
                    if response.is_success:
                        log.info("handoff posted for session %s after %d attempt(s)", short_id(payload.session_id), attempts)
                        return DeliveryResult(ok=True, target=self.url, attempts=attempts)
                    error = f"HTTP {response.status_code}"
                    if response.status_code != 429 and response.status_code < 500:
                        break  # the receiver rejected the payload: retrying will not help
                log.warning("handoff attempt %d for session %s failed: %s", attempts, short_id(payload.session_id), error)
                if attempts <= self.retries:
                    time.sleep(self.backoff_s * 2 ** (attempts - 1))
        return DeliveryResult(ok=False, target=self.url, attempts=attempts, error=error)


def make_sink(settings: Settings) -> Sink:
    if settings.handoff_sink == "file":
        return FileSink(settings.handoff_dir)
    if settings.handoff_sink == "http":
        if not settings.handoff_url:
            raise ValueError("ZONEBOT_HANDOFF_SINK=http needs ZONEBOT_HANDOFF_URL")
        return HttpSink(settings.handoff_url, settings.handoff_timeout_s, settings.handoff_retries)
    raise ValueError(f"unknown handoff sink {settings.handoff_sink!r}: use 'file' or 'http'")


def payload_schema() -> dict[str, Any]:
    return HandoffPayload.model_json_schema()


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path

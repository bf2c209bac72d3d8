"""Intake session state (one row per session in `bot.state`, rewritten after every turn)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from bot.state import StateStore

Stage = Literal["collecting", "confirming", "confirmed", "cancelled"]


def new_session_id() -> str:
    return uuid.uuid4().hex[:12]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_owner_secret() -> str:
    """The secret the owning browser keeps; only its hash is stored."""
    return secrets.token_urlsafe(24)


def owner_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def short_id(session_id: str) -> str:
    """How logs name a session: enough to follow one in a log, never the whole id."""
    return f"{session_id[:4]}…"


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class IntakeState(BaseModel):
    session_id: str = Field(default_factory=new_session_id)
    owner: str | None = None  # sha256 of the owning browser's secret; the session id alone grants nothing
    stage: Stage = "collecting"
    values: dict[str, Any] = {}          # accepted, validated values in canonical units
    skipped: list[str] = []              # skipped once: asked again before the summary
    deferred: list[str] = []             # skipped twice: left empty at confirmation
    expecting: list[str] = []            # what the last question asked for
    period_partial: dict[str, Any] = {}  # 计划建设期 pieces until both ends are known
    choices: dict[str, list[Any]] = {}  # a field's values from two alternatives in one message, until a pick
    choice_text: str = ""                # that message, to re-read the picked project's block
    cut: str = ""                        # a message's unfinished last value ("电话1390"), read with the next
    source_rules: dict[str, str] = {}    # field -> the pasted document its values are taken from ("以A为准")
    transcript: list[Turn] = []
    user_turns: int = 0
    payload: dict[str, Any] | None = None
    created_at: str = Field(default_factory=_now)
    updated_at: str = Field(default_factory=_now)

    def owned_by(self, secret: str) -> bool:
        return self.owner is not None and hmac.compare_digest(self.owner, owner_hash(secret))


def SessionStore(path: Path) -> StateStore:  # noqa: N802 - the name callers have always used
    """The embedded SQLite store of `bot.state`, for callers that name a file (the CLI, tests)."""
    from bot.state.sqlite import SqliteStore  # bot.state imports this module's models

    return SqliteStore(path)

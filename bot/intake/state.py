"""Intake session state (one row per session in `bot.state`, rewritten after every turn)."""

from __future__ import annotations

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


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class IntakeState(BaseModel):
    session_id: str = Field(default_factory=new_session_id)
    stage: Stage = "collecting"
    values: dict[str, Any] = {}          # accepted, validated values in canonical units
    skipped: list[str] = []              # skipped once: asked again before the summary
    deferred: list[str] = []             # skipped twice: left empty at confirmation
    expecting: list[str] = []            # what the last question asked for
    period_partial: dict[str, Any] = {}  # 计划建设期 pieces until both ends are known
    transcript: list[Turn] = []
    user_turns: int = 0
    payload: dict[str, Any] | None = None
    owner: str | None = None             # sha256 of the secret its starter holds; the id alone opens nothing
    created_at: str = Field(default_factory=_now)
    updated_at: str = Field(default_factory=_now)


def SessionStore(path: Path) -> StateStore:  # noqa: N802 - the name callers have always used
    """The embedded SQLite store of `bot.state`, for callers that name a file (the CLI, tests)."""
    from bot.state.sqlite import SqliteStore  # bot.state imports this module's models

    return SqliteStore(path)

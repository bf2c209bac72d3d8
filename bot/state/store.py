"""The state interface and the SQL both backends share; each backend supplies connections, placeholders,
its key column type and how a turn gets one session to itself."""

from __future__ import annotations

import json
import secrets
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.intake.handoff import HandoffRecord
from bot.intake.state import IntakeState


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StateUnavailableError(RuntimeError):
    """The state database cannot be reached or opened; the message says what to check, in Chinese."""


# Append-only: a deployed database is at version len(MIGRATIONS) and gets only the steps after its own.
# {id} is the backend's auto-increment primary key column. Version 1 is the layout of the first SQLite
# files, so their data is kept.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    ("CREATE TABLE IF NOT EXISTS intake_sessions (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL)",
     "CREATE TABLE IF NOT EXISTS ui_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
     "CREATE TABLE IF NOT EXISTS ui_feedback (id {id}, created_at TEXT NOT NULL, question TEXT NOT NULL,"
     " answer TEXT NOT NULL, refused INTEGER NOT NULL, verdict TEXT NOT NULL, note TEXT NOT NULL,"
     " sources TEXT NOT NULL, key_facts TEXT NOT NULL)"),
    ("CREATE INDEX IF NOT EXISTS intake_sessions_updated ON intake_sessions (updated_at)",
     "CREATE TABLE IF NOT EXISTS handoffs (id {id}, session_id TEXT NOT NULL, at TEXT NOT NULL, target TEXT NOT NULL,"
     " ok INTEGER NOT NULL, attempts INTEGER NOT NULL, error TEXT)",
     "CREATE INDEX IF NOT EXISTS handoffs_session ON handoffs (session_id)"),
)
FEEDBACK_COLUMNS = ("created_at", "question", "answer", "refused", "verdict", "note", "sources", "key_facts")


class StateStore(ABC):
    """Intake sessions (`save`/`load`/`purge`, the interface IntakeSession uses), feedback, handoff
    records and small server secrets. Thread-safe; every call is its own transaction unless it runs
    inside `turn()`, which makes a whole intake turn one transaction."""

    ID_COLUMN: str  # DDL of an auto-increment integer primary key

    def __init__(self) -> None:
        self._tx: ContextVar[Any | None] = ContextVar(f"zonebot-state-tx-{id(self)}", default=None)

    # ---- what a backend supplies -------------------------------------------------------------

    @abstractmethod
    def _transaction(self, exclusive: bool = False) -> AbstractContextManager[Any]:
        """A connection inside a transaction, committed on success and rolled back on error.
        exclusive: for migrations, where two processes starting together must not both apply a step."""

    @abstractmethod
    def _execute(self, conn: Any, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run SQL written with %s placeholders; returns a cursor."""

    @abstractmethod
    def _turn_transaction(self, session_id: str) -> AbstractContextManager[Any]:
        """A transaction that is the only writer of this session until it ends."""

    def close(self) -> None:
        """Release connections (the SQLite backend keeps none)."""

    # ---- shared ------------------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._transaction(exclusive=True) as conn:
            self._execute(conn, "CREATE TABLE IF NOT EXISTS zonebot_schema (version INTEGER NOT NULL)")
            row = self._execute(conn, "SELECT version FROM zonebot_schema").fetchone()
            version = row[0] if row else 0
            for step in MIGRATIONS[version:]:
                for statement in step:
                    self._execute(conn, statement.format(id=self.ID_COLUMN))
            if row is None:
                self._execute(conn, "INSERT INTO zonebot_schema (version) VALUES (%s)", (len(MIGRATIONS),))
            elif version < len(MIGRATIONS):
                self._execute(conn, "UPDATE zonebot_schema SET version = %s", (len(MIGRATIONS),))

    @contextmanager
    def _conn(self) -> Iterator[Any]:
        current = self._tx.get()
        if current is not None:
            yield current
            return
        with self._transaction() as conn:
            yield conn

    @contextmanager
    def turn(self, session_id: str) -> Iterator[None]:
        """One intake turn (load, change, save) as one transaction, one at a time per session, on this
        replica or any other. Store calls made inside, on this thread, join the transaction."""
        if self._tx.get() is not None:
            yield
            return
        with self._turn_transaction(session_id) as conn:
            token = self._tx.set(conn)
            try:
                yield
            finally:
                self._tx.reset(token)

    # ---- intake sessions ---------------------------------------------------------------------

    def save(self, state: IntakeState) -> None:
        state.updated_at = _now()
        with self._conn() as conn:
            self._execute(conn, "INSERT INTO intake_sessions (id, state, updated_at) VALUES (%s, %s, %s) "
                                "ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                          (state.session_id, state.model_dump_json(), state.updated_at))

    def load(self, session_id: str) -> IntakeState | None:
        with self._conn() as conn:
            row = self._execute(conn, "SELECT state FROM intake_sessions WHERE id = %s", (session_id,)).fetchone()
        return IntakeState.model_validate_json(row[0]) if row else None

    def purge(self, older_than: timedelta) -> int:
        """Delete intake sessions untouched for `older_than`; how many went."""
        cutoff = (datetime.now(UTC) - older_than).isoformat(timespec="seconds")
        with self._conn() as conn:
            return self._execute(conn, "DELETE FROM intake_sessions WHERE updated_at < %s", (cutoff,)).rowcount

    # ---- feedback ----------------------------------------------------------------------------

    def add_feedback(self, *, question: str, answer: str, refused: bool, verdict: str, note: str,
                     sources: list[str], key_facts: list[str]) -> int:
        values = (_now(), question, answer, int(refused), verdict, note, json.dumps(sources, ensure_ascii=False),
                  json.dumps(key_facts, ensure_ascii=False))
        with self._conn() as conn:
            return int(self._execute(conn, f"INSERT INTO ui_feedback ({', '.join(FEEDBACK_COLUMNS)}) VALUES "
                                           f"({', '.join(['%s'] * len(values))}) RETURNING id", values).fetchone()[0])

    def feedback(self) -> list[dict[str, Any]]:
        """Every mark, newest first, with `sources` and `key_facts` as lists."""
        with self._conn() as conn:
            rows = self._execute(conn, f"SELECT id, {', '.join(FEEDBACK_COLUMNS)} FROM ui_feedback "
                                       "ORDER BY id DESC").fetchall()
        out = [dict(zip(("id", *FEEDBACK_COLUMNS), row, strict=True)) for row in rows]
        for row in out:
            row.update(refused=bool(row["refused"]), sources=json.loads(row["sources"]),
                       key_facts=json.loads(row["key_facts"]))
        return out

    # ---- handoff records ---------------------------------------------------------------------

    def record_handoff(self, record: HandoffRecord) -> None:
        with self._conn() as conn:
            self._execute(conn, "INSERT INTO handoffs (session_id, at, target, ok, attempts, error) "
                                "VALUES (%s, %s, %s, %s, %s, %s)",
                          (record.session_id, record.at, record.target, int(record.ok), record.attempts, record.error))

    def handoffs(self, session_id: str | None = None) -> list[HandoffRecord]:
        """Delivery records, oldest first; of one session when given."""
        where, params = ("WHERE session_id = %s", (session_id,)) if session_id else ("", ())
        with self._conn() as conn:
            rows = self._execute(conn, f"SELECT session_id, at, target, ok, attempts, error FROM handoffs {where} "
                                       "ORDER BY id", params).fetchall()
        return [HandoffRecord(session_id=r[0], at=r[1], target=r[2], ok=bool(r[3]), attempts=r[4], error=r[5])
                for r in rows]

    # ---- server secrets ----------------------------------------------------------------------

    def secret(self, key: str) -> str:
        """A random value made once and then shared by every process on this store (e.g. the key that
        encrypts what the page keeps in the browser: every replica must read it)."""
        with self._conn() as conn:
            self._execute(conn, "INSERT INTO ui_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                          (key, secrets.token_urlsafe(24)))
            return self._execute(conn, "SELECT value FROM ui_meta WHERE key = %s", (key,)).fetchone()[0]

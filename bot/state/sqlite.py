"""The embedded backend: one SQLite file, a connection per call (a killed process never leaves one
open mid-write). A turn holds the file's write lock, which serialises turns of every process on it."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, closing, contextmanager
from pathlib import Path
from typing import Any

from bot.state.store import StateStore

BUSY_TIMEOUT_S = 30


class SqliteStore(StateStore):
    ID_COLUMN = "INTEGER PRIMARY KEY AUTOINCREMENT"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._use_wal()
        self._migrate()
        self.path.chmod(0o600)  # the 28 fields of every enterprise: readable by this service only

    def _use_wal(self) -> None:
        """WAL: readers do not wait for a turn in progress. Switching a new file to it can fail at once
        with "database is locked" while another process switches it too (SQLite calls no busy handler
        there), so processes starting together retry for as long as any other lock would wait."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)) as db:
                    db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    @contextmanager
    def _transaction(self, exclusive: bool = False) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            # IMMEDIATE takes the write lock at once: a read-then-write transaction that upgrades later
            # can fail with "database is locked" when another writer got there first.
            db.execute("BEGIN IMMEDIATE" if exclusive else "BEGIN")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    def _execute(self, conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return conn.execute(sql.replace("%s", "?"), tuple(params))

    def _turn_transaction(self, session_id: str) -> AbstractContextManager[sqlite3.Connection]:
        return self._transaction(exclusive=True)  # the file's write lock: one turn at a time, any session

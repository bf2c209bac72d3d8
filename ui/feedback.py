"""Staff verdicts on answers, kept in SQLite and exported as evaluation JSONL (the format of
evals/datasets): a checked answer becomes a regression case for the next evaluation run."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel


class Verdict(StrEnum):
    RIGHT = "right"                  # answered correctly
    WRONG = "wrong"                  # answerable, but answered wrongly or refused
    SHOULD_REFUSE = "should_refuse"  # out of scope: the assistant should have refused


VERDICT_LABELS = {Verdict.RIGHT: "回答正确", Verdict.WRONG: "回答错误", Verdict.SHOULD_REFUSE: "应当拒答"}


class Feedback(BaseModel):
    id: int
    created_at: str
    question: str
    answer: str
    refused: bool
    verdict: Verdict
    note: str
    sources: list[str]
    key_facts: list[str]


class ExportResult(BaseModel):
    rows: list[dict]
    skipped: list[int]  # ids of wrong answers with no expected source: nothing to check them against

    def jsonl(self) -> str:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.rows)


SCHEMA = """
CREATE TABLE IF NOT EXISTS ui_feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL,
    verdict TEXT NOT NULL,
    note TEXT NOT NULL,
    sources TEXT NOT NULL,
    key_facts TEXT NOT NULL
)"""


class FeedbackStore:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")  # the intake writes to the same file concurrently
            db.execute(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One connection per call: Gradio runs handlers on a thread pool.
        db = sqlite3.connect(self.db_path, timeout=10)
        try:
            with db:
                yield db
        finally:
            db.close()

    def add(self, *, question: str, answer: str, refused: bool, verdict: Verdict, note: str = "",
            sources: list[str] | None = None, key_facts: list[str] | None = None) -> int:
        if not question.strip():
            raise ValueError("question is empty")
        with self._connect() as db:
            cur = db.execute(
                "INSERT INTO ui_feedback (created_at, question, answer, refused, verdict, note, sources, key_facts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (datetime.now(UTC).isoformat(timespec="seconds"), question.strip(), answer, int(refused),
                 Verdict(verdict).value, note.strip(), json.dumps(sources or [], ensure_ascii=False),
                 json.dumps(key_facts or [], ensure_ascii=False)))
            return int(cur.lastrowid)

    def all(self) -> list[Feedback]:
        with self._connect() as db:
            rows = db.execute("SELECT id, created_at, question, answer, refused, verdict, note, sources, key_facts"
                              " FROM ui_feedback ORDER BY id DESC").fetchall()
        return [Feedback(id=r[0], created_at=r[1], question=r[2], answer=r[3], refused=bool(r[4]), verdict=r[5],
                         note=r[6], sources=json.loads(r[7]), key_facts=json.loads(r[8])) for r in rows]

    def export(self) -> ExportResult:
        """Rows in evals/datasets format, oldest first so ids stay in order across exports."""
        rows: list[dict] = []
        skipped: list[int] = []
        for fb in reversed(self.all()):
            case_id = f"console-{fb.id:04d}"
            if fb.verdict is Verdict.SHOULD_REFUSE:
                rows.append({"id": case_id, "question": fb.question, "reason": fb.note or "工作人员标注为应当拒答"})
            elif fb.sources:
                rows.append({"id": case_id, "question": fb.question, "sources": fb.sources, "key_facts": fb.key_facts})
            else:
                skipped.append(fb.id)
        return ExportResult(rows=rows, skipped=skipped)

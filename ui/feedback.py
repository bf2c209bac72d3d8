"""Staff verdicts on answers, kept in the state store and exported as evaluation JSONL (the format of
evals/datasets): a checked answer becomes a regression case for the next evaluation run."""

from __future__ import annotations

import json
from enum import StrEnum

from pydantic import BaseModel

from bot.state import StateStore


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


class FeedbackStore:
    """Verdicts kept in the shared state store (every replica's console sees every mark)."""

    def __init__(self, state: StateStore) -> None:
        self.state = state

    def add(self, *, question: str, answer: str, refused: bool, verdict: Verdict, note: str = "",
            sources: list[str] | None = None, key_facts: list[str] | None = None) -> int:
        if not question.strip():
            raise ValueError("question is empty")
        return self.state.add_feedback(question=question.strip(), answer=answer, refused=refused,
                                       verdict=Verdict(verdict).value, note=note.strip(), sources=sources or [],
                                       key_facts=key_facts or [])

    def all(self) -> list[Feedback]:
        return [Feedback.model_validate(row) for row in self.state.feedback()]

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

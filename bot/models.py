"""What the answering side returns: the contract between bot, ui, evals and `python -m bot ask --json`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from knowledge.records import ChunkRecord

RetrievalMode = Literal["bm25", "dense", "hybrid"]


class RetrievedChunk(BaseModel):
    """One retrieved passage and why: ranks on each side (1-based, None = not retrieved there)."""

    chunk: ChunkRecord
    keyword_rank: int | None = None
    dense_rank: int | None = None
    keyword_score: float | None = None
    # similarity to the query; a passage found by keywords alone gets it before the refusal decision
    # (`_SharedQueryRetriever.complete_dense`), so it may be set where dense_rank is None
    dense_score: float | None = None
    fused_score: float = 0.0
    offered: bool = False  # put first by the conversation, not found by retrieval: no evidence of answerability


class Citation(BaseModel):
    n: int
    source: str = Field(description="Ingested file's path relative to the ingest root")
    title: str
    section: str
    quote: str
    score: float
    article: str | None = Field(None, description="Statute article shown, e.g. 第五十八条; None when none")


class ChatTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class Answer(BaseModel):
    question: str
    condensed_question: str = ""
    answer: str
    refused: bool
    citations: list[Citation] = []
    retrieved: list[RetrievedChunk] = []
    suggestions: list[str] = Field(default_factory=list, description="Covered topics offered on refusal")
    timings_ms: dict[str, float] = {}
    mode: Literal["extractive", "generative"] = "extractive"

    def contract_json(self) -> dict:
        """The `python -m bot ask --json` object of DESIGN.md §5."""
        return {"answer": self.answer, "refused": self.refused,
                "citations": [c.model_dump() for c in self.citations]}

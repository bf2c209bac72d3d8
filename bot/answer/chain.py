"""The answer chain: check input -> condense -> retrieve -> decide -> compose (extractive or generative).

The first stages are an LCEL pipeline of RunnableLambdas over one `Turn` state; composing is split
out so `stream()` can yield text as it is produced. Each stage records its wall time in milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda

from bot.answer.articles import ArticleLookup
from bot.answer.condense import condense
from bot.answer.extractive import extractive_answer, query_weights
from bot.answer.generative import GenerativeAnswerer
from bot.answer.guard import ENGLISH_REFUSAL, CheckedInput, check_input
from bot.answer.refusal import Decision, decide, refusal_text, suggestions, thresholds_for
from bot.models import Answer, ChatTurn, RetrievedChunk
from bot.retrieval import HybridRetriever, expand_query
from knowledge.settings import Settings
from knowledge.store import KnowledgeStore

RETRIEVE_K = 10
STREAM_PIECE = 24  # characters per streamed delta of an extractive answer


@dataclass
class Turn:
    question: str
    history: Sequence[ChatTurn]
    where: dict[str, Any] | None = None
    checked: CheckedInput | None = None
    condensed: str = ""
    query: str = ""  # the condensed question with the corpus's words for its colloquial names
    retrieved: list[RetrievedChunk] = field(default_factory=list)
    decision: Decision | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _timed(name: str, step: Callable[[Turn], None]) -> Runnable[Turn, Turn]:
    def run(turn: Turn) -> Turn:
        start = time.perf_counter()
        step(turn)
        turn.timings[name] = round((time.perf_counter() - start) * 1000, 2)
        return turn
    return RunnableLambda(run, name=name)


def build_llm(settings: Settings) -> BaseChatModel | None:
    """ChatOpenAI on the configured OpenAI-compatible endpoint, or None for the extractive default."""
    if not settings.llm_base_url:
        return None
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model, api_key=settings.llm_api_key,
                      timeout=settings.llm_timeout_s, temperature=0, max_retries=1)


class Assistant:
    def __init__(self, store: KnowledgeStore, settings: Settings | None = None, llm: BaseChatModel | None = None) -> None:
        self.store = store
        self.settings = settings or store.settings
        self.retriever = HybridRetriever(store, self.settings)
        self.articles = ArticleLookup(store)
        self.limits = thresholds_for(self.settings.embedding)
        llm = llm if llm is not None else build_llm(self.settings)
        self.generative = GenerativeAnswerer(llm) if llm is not None else None
        self.prepare: Runnable[Turn, Turn] = (_timed("condense", self._condense) | _timed("retrieve", self._retrieve)
                                              | _timed("decide", self._decide))

    # -- stages -----------------------------------------------------------------------------------
    def _condense(self, turn: Turn) -> None:
        turn.checked = check_input(turn.question)
        if turn.checked.reply is None:
            turn.condensed = condense(turn.checked.text, turn.history)

    def _retrieve(self, turn: Turn) -> None:
        if turn.condensed:
            turn.query = expand_query(turn.condensed)
            turn.retrieved = self.retriever.search(turn.condensed, RETRIEVE_K, "hybrid", turn.where)

    def _decide(self, turn: Turn) -> None:
        if turn.condensed:
            weights = query_weights(turn.query, self.store.keyword_index())
            turn.decision = decide(turn.condensed, weights, turn.retrieved, self.limits)

    # -- public -----------------------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[ChatTurn] = (), where: dict[str, Any] | None = None) -> Answer:
        answer: Answer | None = None
        for piece in self.stream(question, history, where):
            if isinstance(piece, Answer):
                answer = piece
        assert answer is not None  # stream() always ends with the Answer
        return answer

    def stream(self, question: str, history: Sequence[ChatTurn] = (),
               where: dict[str, Any] | None = None) -> Iterator[str | Answer]:
        """Text deltas as they are ready, then the final Answer."""
        start = time.perf_counter()
        if (direct := self.articles.answer(question)) is not None:  # "消防法第五十八条": that article, no search
            direct.timings_ms = {"total": round((time.perf_counter() - start) * 1000, 2)}
            yield direct.answer
            yield direct
            return
        turn = self.prepare.invoke(Turn(question, history, where))
        compose_start = time.perf_counter()
        answer = yield from self._compose(turn)
        turn.timings["compose"] = round((time.perf_counter() - compose_start) * 1000, 2)
        turn.timings["total"] = round((time.perf_counter() - start) * 1000, 2)
        answer.timings_ms = turn.timings
        yield answer

    # -- composing --------------------------------------------------------------------------------
    def _compose(self, turn: Turn) -> Iterator[str]:  # returns the Answer via StopIteration
        checked = turn.checked
        assert checked is not None
        base = {"question": turn.question, "condensed_question": turn.condensed, "retrieved": turn.retrieved,
                "mode": "generative" if self.generative else "extractive"}
        notes = "".join(checked.notes)
        if checked.reply is not None:
            yield checked.reply
            return Answer(answer=checked.reply, refused=True, **base)
        if turn.decision is not None and turn.decision.answerable:
            if self.generative is not None:
                result = yield from self.generative.stream(turn.condensed, turn.retrieved, prefix=notes)
                if result is not None:
                    text, citations = result
                    return Answer(answer=text, refused=False, citations=citations, **base)
            text, citations = extractive_answer(turn.query, turn.retrieved, self.store.keyword_index())
            if text:
                text = f"{notes}\n{text}" if notes else text
                yield from _pieces(text)
                return Answer(answer=text, refused=False, citations=citations, **base | {"mode": "extractive"})
        topics = suggestions(turn.retrieved)
        text = refusal_text(checked.text, turn.decision, topics)
        if checked.english:
            text = f"{text}\n{ENGLISH_REFUSAL}"
        yield text
        return Answer(answer=text, refused=True, suggestions=topics, **base)


def _pieces(text: str) -> Iterator[str]:
    for i in range(0, len(text), STREAM_PIECE):
        yield text[i:i + STREAM_PIECE]

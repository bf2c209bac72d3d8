"""What one server process loads once and every browser session shares: the store, the assistant
(with its models) and the state store (SQLite, or PostgreSQL shared by replicas). Conversations and
intakes stay per session."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.jio import warm_up
from bot.state import StateStore, open_state
from knowledge.settings import Settings
from knowledge.store import KnowledgeStore
from ui.chat import AnswerEngine
from ui.feedback import FeedbackStore

log = logging.getLogger("ui")


@dataclass
class Services:
    settings: Settings
    store: KnowledgeStore
    assistant: AnswerEngine
    state: StateStore
    feedback: FeedbackStore
    browser_secret: str


def load_services(settings: Settings, store: KnowledgeStore) -> Services:
    from bot.answer import Assistant  # heavy: langchain chains and the answer models

    state = open_state(settings)  # first: an unreachable database must fail before the models load
    assistant = Assistant(store, settings)
    # One question now loads the embedding model, the tokenizer and the keyword index (seconds on a
    # full corpus), so the first visitor does not wait for them.
    assistant.ask("节能审查要多久？")
    warm_up()  # jionlp's dictionaries, likewise, before the first intake turn
    if store.stats()["documents"] == 0:
        log.warning("the knowledge base %s is empty; every question will be refused", store.name)
    # The key that encrypts the intake session id in the browser's localStorage, kept in the state store:
    # a key per process would make browsers forget their intake on a restart or on another replica.
    return Services(settings=settings, store=store, assistant=assistant, state=state, feedback=FeedbackStore(state),
                    browser_secret=state.secret("browser_secret"))

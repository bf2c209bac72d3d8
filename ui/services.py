"""What one server process loads once and every browser session shares: the store, the assistant
(with its models) and the SQLite-backed stores. Conversations and intakes stay per session."""

from __future__ import annotations

import logging
import secrets
import sqlite3
from dataclasses import dataclass

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
    feedback: FeedbackStore
    browser_secret: str


def browser_secret(settings: Settings) -> str:
    """The key that encrypts the intake session id in the browser's localStorage. Kept in the state
    database: a fresh key per process would make every browser forget its intake on a server restart."""
    settings.state_db.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(settings.state_db, timeout=10) as db:
        db.execute("CREATE TABLE IF NOT EXISTS ui_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT OR IGNORE INTO ui_meta VALUES ('browser_secret', ?)", (secrets.token_urlsafe(24),))
        return db.execute("SELECT value FROM ui_meta WHERE key = 'browser_secret'").fetchone()[0]


def load_services(settings: Settings, store: KnowledgeStore) -> Services:
    from bot.answer import Assistant  # heavy: langchain chains and the answer models

    assistant = Assistant(store, settings)
    # One question now loads the embedding model, the tokenizer and the keyword index (seconds on a
    # full corpus), so the first visitor does not wait for them.
    assistant.ask("节能审查要多久？")
    if store.stats()["documents"] == 0:
        log.warning("the knowledge base %s is empty; every question will be refused", store.name)
    return Services(settings=settings, store=store, assistant=assistant, feedback=FeedbackStore(settings.state_db),
                    browser_secret=browser_secret(settings))

"""Shared state of the dialogue side: intake sessions, staff feedback, handoff records and server secrets,
behind one interface (`StateStore`) with two backends: SQLite (embedded, the default) and PostgreSQL
(`ZONEBOT_DATABASE_URL`, for several replicas behind a load balancer).

    state = open_state(settings)
    with state.turn(session_id):          # one transaction, one writer per session (also across replicas)
        session = IntakeSession.open(session_id, state, ...); session.handle(message)
"""

from __future__ import annotations

from bot.state.store import HandoffRecord, StateStore, StateUnavailableError
from knowledge.settings import Settings


def open_state(settings: Settings) -> StateStore:
    """The store the settings name: PostgreSQL when a database URL is set, else the SQLite file."""
    if settings.database_url is not None:
        from bot.state.postgres import PostgresStore  # psycopg only where it is used

        return PostgresStore(settings.database_url.get_secret_value())
    from bot.state.sqlite import SqliteStore

    return SqliteStore(settings.state_db)


__all__ = ["HandoffRecord", "StateStore", "StateUnavailableError", "open_state"]

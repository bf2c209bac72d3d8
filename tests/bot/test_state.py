"""The state store's contract, the same for both backends: SQLite (a file) and PostgreSQL (a real
server started by the session fixture)."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from bot.intake.handoff import HandoffRecord
from bot.intake.state import IntakeState, SessionStore
from bot.state import StateStore, StateUnavailableError, open_state
from bot.state.store import MIGRATIONS
from evals import servers
from knowledge.settings import Settings


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    return Settings(state_db=tmp_path / "state.sqlite3", database_url=url)


@pytest.fixture
def store(settings: Settings) -> StateStore:
    opened = open_state(settings)
    yield opened
    opened.close()


def test_backend_follows_the_settings(settings: Settings, store: StateStore) -> None:
    assert type(store).__name__ == ("PostgresStore" if settings.database_url else "SqliteStore")
    assert settings.state_db.exists() is (settings.database_url is None)


def test_intake_state_round_trips(store: StateStore) -> None:
    state = IntakeState(values={"contact_name": "张三", "land_area": 80000.4}, owner="ab" * 32)
    store.save(state)
    again = store.load(state.session_id)
    assert again == state and again.owner == "ab" * 32
    assert store.load("000000000000") is None


def test_a_failed_turn_leaves_nothing_behind(store: StateStore) -> None:
    state = IntakeState(values={"contact_name": "张三"})
    store.save(state)
    with pytest.raises(RuntimeError), store.turn(state.session_id):
        changed = store.load(state.session_id)
        changed.values["contact_name"] = "李四"
        store.save(changed)
        raise RuntimeError("the turn broke after saving")
    assert store.load(state.session_id).values == {"contact_name": "张三"}


def test_turns_on_one_session_never_interleave(settings: Settings, store: StateStore) -> None:
    """Two processes' worth of stores, 4 threads each adding 1 to the same session 10 times: a turn
    that read a stale state would lose an increment."""
    other = open_state(settings)  # as another replica would open it
    state = IntakeState()
    store.save(state)

    def bump(on: StateStore) -> None:
        for _ in range(10):
            with on.turn(state.session_id):
                current = on.load(state.session_id)
                current.user_turns += 1
                on.save(current)

    threads = [threading.Thread(target=bump, args=(s,)) for s in (store, other) * 4]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert store.load(state.session_id).user_turns == 80


def test_purge_removes_only_old_sessions(store: StateStore) -> None:
    store.save(IntakeState())
    assert store.purge(timedelta(days=30)) == 0
    assert store.purge(timedelta(seconds=-5)) == 1  # a cutoff in the future: everything is older


def test_feedback_and_handoff_records(store: StateStore) -> None:
    first = store.add_feedback(question="节能审查要多久？", answer="20个工作日[1]", refused=False, verdict="right",
                               note="", sources=["guides/energy_review.md"], key_facts=["20个工作日"])
    second = store.add_feedback(question="深圳怎么办？", answer="抱歉", refused=True, verdict="should_refuse",
                                note="外地", sources=[], key_facts=[])
    rows = store.feedback()
    assert [r["id"] for r in rows] == [second, first] and second > first
    assert rows[1]["sources"] == ["guides/energy_review.md"] and rows[0]["refused"] is True

    store.record_handoff(HandoffRecord(session_id="s1", target="http://forms", ok=False, attempts=4, error="HTTP 503"))
    store.record_handoff(HandoffRecord(session_id="s2", target="/tmp/x.json", ok=True, attempts=1))
    assert [(h.session_id, h.ok, h.error) for h in store.handoffs()] == [("s1", False, "HTTP 503"), ("s2", True, None)]
    assert [h.target for h in store.handoffs("s2")] == ["/tmp/x.json"]


def test_secrets_are_shared_and_migrations_run_once(settings: Settings, store: StateStore) -> None:
    key = store.secret("browser_secret")
    again = open_state(settings)  # a second start applies no migration twice and keeps the data
    assert again.secret("browser_secret") == key and len(key) >= 24
    assert again.secret("another") != key
    again.close()


def test_a_first_generation_sqlite_file_keeps_its_data(tmp_path: Path) -> None:
    """Files written before the store had versions: the tables exist, the version table does not."""
    path = tmp_path / "old.sqlite3"
    state = IntakeState(values={"contact_name": "张三"})
    with sqlite3.connect(path) as db:
        for statement in MIGRATIONS[0]:
            db.execute(statement.format(id="INTEGER PRIMARY KEY AUTOINCREMENT"))
        db.execute("INSERT INTO intake_sessions VALUES (?, ?, ?)",
                   (state.session_id, state.model_dump_json(), state.updated_at))
    store = SessionStore(path)
    assert store.load(state.session_id) == state
    store.record_handoff(HandoffRecord(session_id=state.session_id, target="t", ok=True, attempts=1))
    assert len(store.handoffs()) == 1


def test_a_new_sqlite_file_being_written_by_another_process_is_waited_for(tmp_path: Path) -> None:
    """Two processes opening one new file together: the other holds its write lock before either has
    switched it to WAL, a case in which SQLite fails the switch at once instead of waiting."""
    path = tmp_path / "new.sqlite3"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE started (x)")
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    store = SessionStore(path)
    release.join()
    other.close()
    state = IntakeState(values={"contact_name": "张三"})
    store.save(state)
    assert store.load(state.session_id) == state


def test_an_unreachable_database_is_named_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.state import postgres

    monkeypatch.setattr(postgres, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(StateUnavailableError) as caught:
        open_state(Settings(database_url=f"postgresql://zonebot@127.0.0.1:{servers.free_port()}/zonebot"))
    assert "ZONEBOT_DATABASE_URL" in str(caught.value) and "无法连接" in str(caught.value)

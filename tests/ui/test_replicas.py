"""Two `python -m ui` replicas sharing one PostgreSQL and one `chroma run` server, as behind a load
balancer: any turn of a chat or an intake may land on either replica."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import openai
import pytest

from evals import servers
from tests.ui.conftest import API_KEY, UiServer, copy_guides

pytestmark = pytest.mark.integration

QUESTIONS = (("节能审查要多久？", "guides/energy_review.md"),
             ("什么情况下可以不办施工许可证？", "guides/construction_permit.md"),
             ("取水许可什么时候需要办？", "guides/water_permit.md"))


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory, chroma_server: str,
             postgres_admin_url: str) -> tuple[UiServer, UiServer]:
    root = tmp_path_factory.mktemp("replicas")
    shared = {"ZONEBOT_DATABASE_URL": servers.new_database(postgres_admin_url), "ZONEBOT_CHROMA_URL": chroma_server,
              "ZONEBOT_COLLECTION": "replicas-light"}
    pair = []
    for name in ("a", "b"):
        (root / name).mkdir()
        pair.append(UiServer(root / name, extra_env=shared))
    pair[0].ingest(copy_guides(root / "corpus"))  # into the shared Chroma server
    try:
        for server in pair:
            server.start()
        yield pair[0], pair[1]
    finally:
        for server in pair:
            server.stop()
    for server in pair:  # each wrote nothing of its own: the state is in PostgreSQL, the store in Chroma
        assert not (server.root / "state.sqlite3").exists() and not (server.root / "kb").exists()


def ai(server: UiServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key=API_KEY, max_retries=0, timeout=180)


def http(server: UiServer) -> httpx.Client:
    return httpx.Client(base_url=f"{server.url}/v1", headers={"Authorization": f"Bearer {API_KEY}"}, timeout=180)


def test_a_chat_begun_on_one_replica_continues_on_the_other(replicas: tuple[UiServer, UiServer]) -> None:
    a, b = replicas
    first = "施工许可证什么情况下可以不办？"
    answer = ai(a).chat.completions.create(model="zonebot", messages=[{"role": "user", "content": first}])
    assert answer.model_extra["citations"][0]["source"] == "guides/construction_permit.md"
    follow = ai(b).chat.completions.create(model="zonebot", messages=[
        {"role": "user", "content": first}, {"role": "assistant", "content": answer.choices[0].message.content},
        {"role": "user", "content": "那办理时限是多久？"}])
    assert follow.model_extra["citations"][0]["source"] == "guides/construction_permit.md"
    assert "7日" in follow.choices[0].message.content


def test_an_intake_begun_on_one_replica_confirms_on_the_other(replicas: tuple[UiServer, UiServer],
                                                               intake_steps: list[tuple[str, str]]) -> None:
    with http(replicas[0]) as a, http(replicas[1]) as b:
        started = a.post("/intake/sessions").json()
        sid, mine = started["session_id"], {"X-Intake-Token": started["token"]}
        for n, (message, progress) in enumerate(intake_steps):
            view = (a, b)[n % 2].post(f"/intake/sessions/{sid}/messages", json={"content": message}, headers=mine)
            assert f"{view.json()['progress']['done']}/28" == progress
        assert b.put(f"/intake/sessions/{sid}/fields/employee_count", json={"value": "320人"},
                     headers=mine).status_code == 200
        assert b.post(f"/intake/sessions/{sid}/confirm", headers=mine).json()["stage"] == "confirmed"
        seen_on_a = a.get(f"/intake/sessions/{sid}", headers=mine).json()
        assert seen_on_a["stage"] == "confirmed" and seen_on_a["payload"]["fields"]["employee_count"] == 320


def test_twenty_concurrent_clients_keep_their_own_state(replicas: tuple[UiServer, UiServer]) -> None:
    """Each client alternates replicas on every call; a mixed state or a lost write shows as another
    client's name, or a missing field, in the final read."""

    def one_client(i: int) -> dict:
        here, there = replicas[i % 2], replicas[(i + 1) % 2]
        tag = "一二三四五六七八九十"[i % 10] + "甲乙"[i // 10]
        mine = {"contact_name": f"张{tag}", "contact_phone": f"1381234{i:04d}",
                "unit_name": f"太原晋材{tag}新材料有限公司", "legal_rep_name": f"李{tag}"}
        question, source = QUESTIONS[i % len(QUESTIONS)]
        with http(here) as h, http(there) as t:
            started = h.post("/intake/sessions").json()
            sid, token = started["session_id"], {"X-Intake-Token": started["token"]}
            t.post(f"/intake/sessions/{sid}/messages", headers=token,
                   json={"content": f"联系人{mine['contact_name']}，电话{mine['contact_phone']}"}).raise_for_status()
            cited = ai(here).chat.completions.create(model="zonebot", messages=[{"role": "user", "content": question}])
            h.post(f"/intake/sessions/{sid}/messages", headers=token,
                   json={"content": f"我们是{mine['unit_name']}，法人{mine['legal_rep_name']}"}).raise_for_status()
            final = t.get(f"/intake/sessions/{sid}", headers=token).json()
        return {"sid": sid, "mine": mine, "final": final, "source": source,
                "cited": cited.model_extra["citations"][0]["source"]}

    with ThreadPoolExecutor(20) as pool:
        clients = list(pool.map(one_client, range(20)))

    assert len({c["sid"] for c in clients}) == 20
    for c in clients:
        values = {f["id"]: f["value"] for f in c["final"]["fields"] if f["value"] is not None}
        assert values == c["mine"], c["sid"]
        assert c["cited"] == c["source"]

"""The named API endpoints of a running server, driven by gradio_client, including 20 concurrent sessions."""

from __future__ import annotations

import json
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from ui.chat import FAILED

pytestmark = pytest.mark.integration

ENTERPRISE_ENDPOINTS = {"/chat", "/new_chat", "/intake_resume", "/intake_start", "/intake_new", "/intake_message",
                        "/intake_edit", "/intake_confirm"}
CONSOLE_ENDPOINTS = {"/inspect", "/mark", "/export_feedback", "/feedback_list", "/kb_documents", "/kb_ingest",
                     "/kb_remove", "/run_eval"}


def text_of(message: dict) -> str:
    """A chat message's text, whether the client returns it as a string or as content parts."""
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


def client(url: str, **kwargs) -> Client:
    return Client(url, verbose=False, analytics_enabled=False, **kwargs)


@pytest.fixture
def console(ui_server) -> Client:  # a login per test: a server restart ends every login
    return client(ui_server.console_url, auth=ui_server.console_auth)


def test_every_endpoint_is_named(ui_server, console: Client) -> None:
    page = client(ui_server.url).view_api(return_format="dict", print_info=False)
    assert set(page["named_endpoints"]) == ENTERPRISE_ENDPOINTS
    assert not page["unnamed_endpoints"]
    staff = console.view_api(return_format="dict", print_info=False)
    assert set(staff["named_endpoints"]) == CONSOLE_ENDPOINTS
    assert not staff["unnamed_endpoints"]


def test_chat_streams_a_cited_answer(ui_server) -> None:
    job = client(ui_server.url).submit("节能审查要多久？", api_name="/chat")
    updates = list(job)
    messages, box = job.result()
    assert box == ""
    assert len(updates) >= 3  # the question, at least one partial answer, the final answer
    assert [m["role"] for m in messages] == ["user", "assistant"]
    answer = text_of(messages[-1])
    assert "20个工作日" in answer
    assert '<details class="zb-source">' in answer and "节能审查" in answer


def test_follow_up_uses_the_session_history_and_new_chat_forgets_it(ui_server) -> None:
    c = client(ui_server.url)
    c.predict("施工许可证什么情况下可以不办？", api_name="/chat")
    messages, _ = c.predict("那办理时限是多久？", api_name="/chat")
    assert len(messages) == 4 and "施工许可" in text_of(messages[-1])
    assert c.predict(api_name="/new_chat") == []
    messages, _ = c.predict("节能审查要多久？", api_name="/chat")
    assert len(messages) == 2


def unchanged(outputs: tuple) -> bool:
    """Every output is Gradio's "leave it as it is" (what an endpoint returns after a hint toast)."""
    return all(isinstance(out, dict) and out.get("__type__") == "update" and "value" not in out for out in outputs)


def test_empty_question_changes_nothing(ui_server) -> None:
    c = client(ui_server.url)
    assert unchanged(c.predict("   ", api_name="/chat"))  # the page shows a hint toast instead
    messages, _ = c.predict("节能审查要多久？", api_name="/chat")
    assert len(messages) == 2


def test_twenty_concurrent_sessions_see_only_their_own_state(ui_server) -> None:
    questions = ["节能审查要多久？", "什么情况下可以不办施工许可证？", "项目备案需要提交哪些材料？",
                 "取水许可什么时候需要办？"]

    def one_session(i: int) -> dict:
        c = client(ui_server.url)
        asked = f"{questions[i % len(questions)]}（企业{i}）"
        chat, _ = c.predict(asked, api_name="/chat")
        c.predict(api_name="/intake_start")
        contact = "张" + "一二三四五六七八九十"[i % 10] + "甲乙丙"[i // 10]  # a name no other session uses
        sid, transcript, _, table, _, _ = c.predict(f"联系人{contact}", api_name="/intake_message")
        return {"asked": asked, "chat": chat, "sid": sid, "contact": contact, "transcript": transcript, "table": table}

    with ThreadPoolExecutor(20) as pool:
        sessions = list(pool.map(one_session, range(20)))

    assert len({s["sid"] for s in sessions}) == 20
    for s in sessions:
        assert [text_of(m) for m in s["chat"] if m["role"] == "user"] == [s["asked"]]
        answer = text_of(s["chat"][-1])
        assert answer and answer != FAILED
        contacts = [row[1] for row in s["table"]["data"] if row[0] == "联系人"]
        assert contacts == [s["contact"]]
        others = {o["contact"] for o in sessions} - {s["contact"]}
        transcript = "\n".join(text_of(m) for m in s["transcript"])
        assert not any(name in transcript for name in others)


def test_intake_end_to_end_with_table_corrections(ui_server, intake_steps) -> None:
    c = client(ui_server.url)
    sid, transcript, progress, *_ = c.predict(api_name="/intake_start")
    assert "0/28" in progress and "28项" in text_of(transcript[0])
    for message, _ in intake_steps:
        sid, transcript, progress, table, files, _ = c.predict(message, api_name="/intake_message")
    assert "28/28" in progress and "待确认" in progress and "请核对" in text_of(transcript[-1])

    rows = table["data"]
    by_label = {row[0]: i for i, row in enumerate(rows)}
    rows[by_label["联系电话"]][1] = "12345"  # invalid: not saved, the old value stays
    rows[by_label["联系人"]][1] = "王五"      # valid: saved
    _, _, progress, table, _, _ = c.predict({"headers": table["headers"], "data": rows}, api_name="/intake_edit")
    fixed = {row[0]: row[1] for row in table["data"]}
    assert fixed["联系人"] == "王五" and fixed["联系电话"] == "13812345678"

    _, transcript, progress, _, files, _ = c.predict(api_name="/intake_confirm")
    assert "已确认" in progress and "已确认" in text_of(transcript[-1])
    assert [Path(f).name for f in files] == ["基础信息.json", "审批事项办理清单.docx", "申请表（参考）.zip"]
    with zipfile.ZipFile(files[2]) as forms:
        names = forms.namelist()
    assert names[0].startswith("01_") and all(n.endswith("申请表（参考）.docx") for n in names)
    assert any("施工许可" in n for n in names)
    payload = json.loads(Path(files[0]).read_text(encoding="utf-8"))
    assert sid.startswith(payload["session_id"] + ".") and payload["fields"]["contact_name"] == "王五"
    assert payload["fields"]["land_area"] == pytest.approx(80000.4, rel=1e-3)


def test_confirm_before_complete_changes_nothing(ui_server) -> None:
    c = client(ui_server.url)
    c.predict(api_name="/intake_start")
    assert unchanged(c.predict(api_name="/intake_confirm"))
    _, _, progress, _, files, _ = c.predict(api_name="/intake_start")
    assert "填写中" in progress and files is None


def test_intake_survives_a_server_restart(ui_server, intake_steps) -> None:
    c = client(ui_server.url)
    c.predict(api_name="/intake_start")
    sid, *_ = c.predict(intake_steps[0][0], api_name="/intake_message")
    ui_server.restart()
    again = client(ui_server.url)
    resumed, transcript, progress, table, *_ = again.predict(sid, api_name="/intake_resume")
    assert resumed == sid and "6/28" in progress
    assert {row[0]: row[1] for row in table["data"]}["建设单位名称"] == "太原晋材新材料有限公司"
    assert intake_steps[0][0] in [text_of(m) for m in transcript]


def test_unknown_session_id_starts_nothing(ui_server) -> None:
    resumed, transcript, progress, *_ = client(ui_server.url).predict("0123456789ab", api_name="/intake_resume")
    assert resumed is None and transcript == [] and "0/28" in progress


def test_console_refuses_a_wrong_password(ui_server) -> None:
    with pytest.raises(ValueError, match="login"):
        client(ui_server.console_url, auth=(ui_server.console_auth[0], "wrong"))


def test_console_shows_ranks_scores_and_timings(console: Client) -> None:
    status, answer, timings, retrieved, sources, verdict = console.predict("节能审查要多久？", api_name="/inspect")
    assert "已回答" in status and "20个工作日" in answer
    assert {"检索", "合计"} <= {row[0] for row in timings["data"]}
    header = retrieved["headers"]
    first = dict(zip(header, retrieved["data"][0], strict=True))
    assert first["名次"] == 1 and first["来源文件"] == "guides/energy_review.md"
    assert first["关键词名次"] != "—" or first["向量名次"] != "—"
    assert float(first["融合分"]) > 0 and first["章节路径"]
    assert verdict == "right"


def test_console_marks_and_exports_evaluation_cases(console: Client) -> None:
    console.predict("节能审查要多久？", api_name="/inspect")
    records, *_ = console.predict("right", ["guides/energy_review.md"], "20个工作日", "准确", api_name="/mark")
    console.predict("明天太原天气怎么样？", api_name="/inspect")
    console.predict("should_refuse", [], "", "与园区办事无关", api_name="/mark")
    path = console.predict(api_name="/export_feedback")
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
    answerable = [r for r in rows if r["question"] == "节能审查要多久？"]
    refused = [r for r in rows if r["question"] == "明天太原天气怎么样？"]
    assert answerable and set(answerable[-1]) == {"id", "question", "sources", "key_facts"}
    assert answerable[-1]["sources"] == ["guides/energy_review.md"] and answerable[-1]["key_facts"] == ["20个工作日"]
    assert refused and refused[-1]["reason"] == "与园区办事无关" and set(refused[-1]) == {"id", "question", "reason"}


def test_mark_without_a_question_stores_nothing(ui_server) -> None:
    fresh = client(ui_server.console_url, auth=ui_server.console_auth)
    before = fresh.predict(api_name="/feedback_list")
    assert unchanged(fresh.predict("right", [], "", "", api_name="/mark"))
    assert fresh.predict(api_name="/feedback_list") == before


def test_console_ingests_and_removes_a_document(console: Client, tmp_path: Path) -> None:
    doc = tmp_path / "rooftop_solar.md"
    doc.write_text("---\ntitle: 屋顶光伏备案指南\ndoc_type: guide\n---\n\n# 屋顶光伏备案指南\n\n## 办理时限\n\n"
                   "企业屋顶分布式光伏项目备案，材料齐全的当场办结，不收取费用。\n", encoding="utf-8")
    result, summary, docs, _, _ = console.predict([handle_file(str(doc))], api_name="/kb_ingest")
    assert "成功 1 个文件" in result
    listed = {row[0]: row for row in docs["data"]}
    assert listed["rooftop_solar.md"][1] == "屋顶光伏备案指南" and listed["rooftop_solar.md"][3] >= 1
    _, answer, *_ = console.predict("屋顶光伏备案要多久？", api_name="/inspect")
    assert "当场办结" in answer

    result, summary, docs, _ = console.predict("rooftop_solar.md", api_name="/kb_remove")
    assert "已删除" in result and "rooftop_solar.md" not in {row[0] for row in docs["data"]}
    _, docs, _ = console.predict(api_name="/kb_documents")
    assert "rooftop_solar.md" not in {row[0] for row in docs["data"]}


def test_console_rejects_an_unsupported_upload(console: Client, tmp_path: Path) -> None:
    bad = tmp_path / "notes.xyz"
    bad.write_text("随便写点", encoding="utf-8")
    result, *_ = console.predict([handle_file(str(bad))], api_name="/kb_ingest")
    assert "成功 0 个文件" in result and "不支持的文件类型" in result


def test_console_runs_the_evaluation_and_shows_its_report(console: Client) -> None:
    log, report, plots = console.predict("light", False, api_name="/run_eval")
    assert "评测报告" in report and "![" not in report  # image links dropped: the gallery shows the plots
    assert [Path(p["image"]).suffix for p in plots] == [".png"] * len(plots) and plots
    assert "问答评测" in log

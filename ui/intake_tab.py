"""填报基础信息: the 28-field intake dialogue with progress, an editable table, confirmation and downloads.

The browser keeps a credential "<session id>.<secret>" (gr.BrowserState, encrypted in its localStorage)
and the session itself is in the state store (SQLite or PostgreSQL) with only the secret's hash
(`IntakeState.owner`), so a reload, a server restart or another replica resumes where the enterprise left
off, while the session id alone — in logs, in handoff file names — opens nothing. Every event reopens the
session from the store and checks the secret: nothing about an intake is kept in this process between
events. Downloads are produced per request into a random folder of the private Gradio cache, named
without the id, and purged after an hour. A confirmed intake is not reopened on the next page load: the
next visitor at a shared computer starts clean.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import gradio as gr

from bot.intake.dialogue import IntakeSession
from bot.intake.forms import render_all
from bot.intake.handoff import make_sink
from bot.answer.guard import repair_unicode
from bot.intake.state import new_owner_secret, owner_hash
from knowledge.fields import BASE_FIELDS
from ui.chat import AnswerEngine, as_text, without_source_lines
from ui.errors import friendly, notify, user_error, warn
from ui.services import Services

TABLE_HEADERS = ["字段", "填写内容（可直接修改）", "状态"]
STAGE_BADGES = {"collecting": ("warn", "填写中"), "confirming": ("warn", "待确认"), "confirmed": ("ok", "已确认"),
                "cancelled": ("no", "已取消")}
INTRO = ("### 填报基础信息\n28项基础信息填一次，系统自动生成各审批事项的申请表（参考）和您的办理清单。"
         "点击下方“开始填报”，或直接输入，如“我们是太原某某新材料有限公司，项目叫年产10万吨玻璃纤维项目”。")
MAX_MESSAGE_CHARS = 2000
REPEAT_WINDOW_S = 3.0


def side_answer(engine: AnswerEngine):
    """Questions asked in the middle of the intake, answered by the shared assistant, sources named."""

    def answer(question: str) -> str:
        result = engine.ask(question, [])
        if not result.citations:
            return as_text(result.answer)
        sources = "；".join(dict.fromkeys(f"《{c.title}》{c.section}" for c in result.citations))
        return as_text(f"{without_source_lines(result.answer)}\n\n（依据：{sources}）")

    return answer


class IntakeBackend:
    """Opens sessions from the state store and serialises the events of one session (a table edit racing
    a message would otherwise overwrite each other's changes)."""

    def __init__(self, services: Services) -> None:
        self.settings = services.settings
        self.store = services.state
        self.sink = make_sink(services.settings)
        self.side_answer = side_answer(services.assistant)
        self._rejected: dict[str, tuple[str, float]] = {}

    def lock(self, session_id: str) -> AbstractContextManager[None]:
        """One transaction for the whole event, the only one on this session in any replica."""
        return self.store.turn(session_id)

    def first_rejection(self, session_id: str, problems: list[str]) -> bool:
        """False for the same rejected edit again within seconds: the grid sends an edit a second time
        when the cell loses focus, and the user should not be told twice."""
        key, now = "\n".join(problems), time.monotonic()
        last = self._rejected.get(session_id)
        self._rejected = {sid: seen for sid, seen in self._rejected.items() if now - seen[1] < REPEAT_WINDOW_S}
        self._rejected[session_id] = (key, now)
        return not (last and last[0] == key and now - last[1] < REPEAT_WINDOW_S)

    def open(self, session_id: str) -> IntakeSession:
        return IntakeSession.open(session_id, self.store, side_answer=self.side_answer, sink=self.sink)

    def create(self) -> tuple[IntakeSession, str]:
        """A new session owned by the browser that gets the returned credential."""
        session = IntakeSession.open(None, self.store, side_answer=self.side_answer, sink=self.sink)
        secret = new_owner_secret()
        session.state.owner = owner_hash(secret)
        return session, f"{session.session_id}.{secret}"

    def existing(self, credential: str | None) -> IntakeSession | None:
        """The session this credential owns, or None (unknown, expired, or someone else's)."""
        session_id, _, secret = (credential or "").partition(".")
        state = self.store.load(session_id) if session_id and secret else None
        if state is None or not state.owned_by(secret):
            return None
        return self.open(session_id)

    def downloads(self, session: IntakeSession) -> list[str]:
        """The payload JSON, the personal checklist and the filled forms (one zip) of a confirmed session,
        produced for this request in a fresh random folder of the private Gradio cache (Gradio serves it
        from there without another copy); file names carry no session id."""
        payload = session.payload
        if payload is None:
            return []
        folder = Path(self.settings.gradio_temp_dir) / secrets.token_hex(16)
        folder.mkdir(parents=True, mode=0o700)
        json_path, checklist, forms = folder / "基础信息.json", folder / "审批事项办理清单.docx", folder / "申请表（参考）.zip"
        names = {e.item_id: e.name for e in payload.checklist.entries}
        with tempfile.TemporaryDirectory(dir=folder) as tmp:
            report = render_all(payload, Path(tmp))
            with zipfile.ZipFile(forms, "w", zipfile.ZIP_DEFLATED) as archive:
                # render_all names files by stage and order: sorted by name = the order they are handled in
                ordered = sorted(report.written.items(), key=lambda item: item[1].name)
                for n, (item_id, path) in enumerate(ordered, 1):
                    archive.write(path, f"{n:02d}_{names.get(item_id, item_id)}申请表（参考）.docx")
                if report.refused:
                    archive.writestr("未生成的申请表.txt", "\n".join(report.refused.values()))
            shutil.move(report.checklist, checklist)
        json_path.write_text(payload.model_dump_json(indent=2), encoding="utf-8")
        for path in (json_path, checklist, forms):
            path.chmod(0o600)
        return [str(json_path), str(checklist), str(forms)]


def progress_html(session: IntakeSession | None) -> str:
    done, total = session.progress if session else (0, len(BASE_FIELDS))
    kind, text = STAGE_BADGES.get(session.stage if session else "", ("warn", "未开始"))
    return (f'<div class="zb-progress" id="zb-intake-progress"><div class="zb-progress-top">'
            f'<span>已填写 <b>{done}/{total}</b> 项</span><span class="zb-badge {kind}">{text}</span></div>'
            f'<div class="zb-progress-bar"><div style="width:{100 * done / total:.0f}%"></div></div></div>')


def table_rows(session: IntakeSession | None) -> list[list[str]]:
    if session is None:
        return [[f.label, "", "未填"] for f in BASE_FIELDS]
    return [[row["label"], row["display"], row["status"]] for row in session.fields_table()]


def messages(session: IntakeSession | None) -> list[dict]:
    return [{"role": t.role, "content": t.content} for t in session.state.transcript] if session else []


def remembered_session(services: Services) -> gr.BrowserState:
    """The intake credential in the browser. Create it outside any tab: a component inside a tab that is
    not shown yet is not mounted, and the page's load event would see no stored value."""
    # The secret must outlive the process, or a restarted server could not read what browsers stored.
    return gr.BrowserState(None, storage_key="zonebot-intake-session", secret=services.browser_secret)


def build_intake_tab(page: gr.Blocks, remembered: gr.BrowserState, services: Services) -> None:
    """Components and events of the tab; `page` is the enclosing Blocks, whose load resumes the intake."""
    backend = IntakeBackend(services)
    sid = gr.State(None)
    progress = gr.HTML(progress_html(None))
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            chatbot = gr.Chatbot(show_label=False, placeholder=INTRO, height="56vh", min_height=340,
                                 latex_delimiters=[], feedback_options=None, buttons=["copy"], elem_id="zb-intake-chat")
            box = gr.Textbox(show_label=False, placeholder="在这里回答，可一次说几项；也可以提问或说“先跳过”",
                             submit_btn="发送", max_length=MAX_MESSAGE_CHARS, elem_id="zb-intake-input")
            start = gr.Button("开始填报", variant="primary", elem_id="zb-intake-start")
            restart = gr.Button("重新填报", variant="secondary", size="sm", visible=False, elem_id="zb-intake-new")
            # Asked in the page, not with a browser dialog: works the same on phones and in tests.
            with gr.Row(visible=False, elem_id="zb-intake-new-confirm") as ask_restart:
                gr.Markdown("开始一份新的填报？当前这份将不再显示。", elem_classes="zb-note")
                restart_yes = gr.Button("确定重新填报", variant="stop", size="sm", elem_id="zb-intake-new-yes")
                restart_no = gr.Button("取消", size="sm", elem_id="zb-intake-new-no")
        with gr.Column(scale=2, min_width=300):
            table = gr.Dataframe(table_rows(None), headers=TABLE_HEADERS,
                                 label="已收集的信息（点击“填写内容”可直接修改）",
                                 interactive=True, static_columns=[0, 2], type="array", wrap=True, max_height=460,
                                 column_widths=["34%", "46%", "20%"], elem_id="zb-intake-table")
            confirm = gr.Button("确认无误，生成材料", variant="primary", interactive=False, elem_id="zb-intake-confirm")
            files = gr.File(label="下载材料：基础信息（JSON）、办理清单、申请表（Word，打包）。请现在保存：刷新页面后不再显示",
                            file_count="multiple",
                            interactive=False, visible=False, elem_id="zb-intake-files")

    def view(session: IntakeSession | None, credential: str | None) -> tuple:
        """The data outputs of every intake endpoint, from one session (None: nothing started here)."""
        ready = backend.downloads(session) if session and session.stage == "confirmed" else []
        credential = credential if session else None
        return (credential, credential, messages(session), progress_html(session), table_rows(session),
                ready or None, "")

    @friendly("刷新")
    def controls(credential: str | None) -> tuple:
        """What may be clicked or edited at this stage. A second step after each event, so API callers
        get plain values from the endpoints above rather than component updates."""
        session = backend.existing(credential)
        stage = session.stage if session else None
        return (gr.update(interactive=stage not in ("confirmed", "cancelled")),
                gr.update(interactive=stage == "confirming", visible=stage != "confirmed"),
                gr.update(visible=stage == "confirmed"),
                gr.update(visible=session is None), gr.update(visible=session is not None), gr.update(visible=False))

    outputs = [sid, remembered, chatbot, progress, table, files, box]
    control_outputs = [table, confirm, files, start, restart, ask_restart]

    def with_session(credential: str | None, change: Callable[[IntakeSession], object] | None = None) -> tuple:
        """Apply `change` to this browser's session (a new one, greeted, if there is none) and show it."""
        existing = backend.existing(credential)
        if existing is None:
            session, credential = backend.create()
        else:
            session = existing
        with backend.lock(session.session_id):
            if existing:
                session = backend.open(session.session_id)  # re-read under the lock
            else:
                session.opening()
            if change:
                change(session)
            return view(session, credential)

    @friendly("恢复填报")
    def resume(stored: str | None) -> tuple:
        session = backend.existing(stored)
        if session is not None and session.stage in ("confirmed", "cancelled"):
            session = None  # finished: the next person at this browser starts clean
        if session is not None:
            done, total = session.progress
            notify(f"已恢复您上次的填报：已填 {done}/{total} 项。")
        return view(session, stored)

    @friendly("开始填报")
    def begin(credential: str | None) -> tuple:
        return with_session(credential)

    @friendly("新建填报")
    def begin_new() -> tuple:
        return with_session(None)

    @friendly("发送")
    def send(credential: str | None, message: str) -> tuple:
        message = repair_unicode(message or "").strip()
        if not message:
            raise user_error("请输入要填写的内容，例如：联系人张三，电话13812345678。")
        if len(message) > MAX_MESSAGE_CHARS:
            raise user_error(f"一次输入太长了（{len(message)}字），请分几次发送，每次不超过{MAX_MESSAGE_CHARS}字。")
        return with_session(credential, lambda session: session.handle(message))

    @friendly("修改")
    def edit(credential: str | None, rows: list[list[Any]]) -> tuple:
        session = backend.existing(credential)
        if session is None:
            raise user_error("请先点击“开始填报”，再修改表格。")
        with backend.lock(session.session_id):
            session = backend.open(session.session_id)
            if len(rows) != len(BASE_FIELDS) or any(len(row) < 2 for row in rows):
                raise user_error("表格的行不完整，请刷新页面后再修改。")
            saved, problems = [], []
            for field, row, old in zip(BASE_FIELDS, rows, table_rows(session), strict=True):
                text = repair_unicode(str(row[1] or "")).strip()
                if text == old[1]:
                    continue
                cleared = f"不能清空，如暂时没有请在对话里说“{field.label}先跳过”"
                error = session.correct(field.id, text) if text else cleared
                if error:
                    problems.append(f"{field.label}：{error}")
                else:
                    saved.append(field.label)
            if saved:
                notify(f"已更新：{'、'.join(saved)}。")
            if problems and backend.first_rejection(session.session_id, problems):
                warn("以下修改未保存：\n" + "\n".join(problems))
            return view(backend.open(session.session_id), credential)

    @friendly("确认")
    def confirm_all(credential: str | None) -> tuple:
        session = backend.existing(credential)
        if session is None or session.stage != "confirming":
            raise user_error("还不能确认：请先填完全部信息（或说明哪些先不填），助手列出核对清单后再确认。")
        return with_session(credential, lambda session: session.confirm())

    # Quick events: no spinner, and a hint ("not complete yet") stays a toast instead of covering the tab.
    quiet = {"show_progress": "hidden"}
    events = [page.load(resume, remembered, outputs, api_name="intake_resume", **quiet),
              start.click(begin, sid, outputs, api_name="intake_start", **quiet),
              restart_yes.click(begin_new, None, outputs, api_name="intake_new", **quiet),
              box.submit(send, [sid, box], outputs, api_name="intake_message", trigger_mode="once", **quiet),
              table.input(edit, [sid, table], outputs, api_name="intake_edit", **quiet),
              confirm.click(confirm_all, sid, outputs, api_name="intake_confirm", **quiet)]
    for n, event in enumerate(events):
        event.then(controls, sid, control_outputs, api_name=f"intake_controls_{n}", api_visibility="private", **quiet)
    restart.click(lambda: (gr.update(visible=False), gr.update(visible=True)), None, [restart, ask_restart],
                  api_name="intake_new_ask", api_visibility="private", queue=False)
    restart_no.click(lambda: (gr.update(visible=True), gr.update(visible=False)), None, [restart, ask_restart],
                     api_name="intake_new_cancel", api_visibility="private", queue=False)

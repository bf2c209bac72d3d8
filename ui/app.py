"""Assemble the server: the enterprise page at /, the staff console at /console/ and the HTTP API at
/v1, one FastAPI app, one set of loaded models."""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from ui import theme
from ui.api import build_api
from ui.chat import build_chat_tab
from ui.console import build_console
from ui.intake_tab import build_intake_tab, remembered_session
from ui.services import Services

TITLE = "园区企业服务智能助手"
SUBTITLE = "政策咨询 · 审批办事指南 · 要素化智能申报（28项基础信息，一次填报）"
CONSOLE_PATH = "/console"
# Gradio's own stack traces stay in the log; users see the Chinese messages of ui.errors.
# run_history=False: Gradio would otherwise keep every input and output, the 28 fields included, in the
# browser's localStorage, readable by the next person at a shared computer.
COMMON = dict(show_error=False, footer_links=[], run_history=False, theme=theme.theme(), css=theme.CSS,
              head=theme.HEAD)


def build_enterprise(services: Services) -> gr.Blocks:
    with gr.Blocks(title=TITLE, fill_width=True) as page:
        remembered = remembered_session(services)
        gr.HTML(elem_classes=theme.HEADER_CLASS, value=theme.header(TITLE, SUBTITLE))
        with gr.Tabs():
            with gr.Tab("政策咨询", id="chat", elem_id="zb-tab-chat"):
                build_chat_tab(services.assistant)
            with gr.Tab("填报基础信息", id="intake", elem_id="zb-tab-intake"):
                build_intake_tab(page, remembered, services)
    return page


def build_app(services: Services, console_login: Callable[[str, str], bool] | None,
              with_console: bool = True) -> FastAPI:
    app = FastAPI(title=TITLE, docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/healthz")
    def healthz() -> dict:
        return {"ok": True, **services.store.stats()}

    app.mount("/v1", build_api(services))  # before the page's mount at /, which would take every path

    if with_console:
        @app.get(CONSOLE_PATH, include_in_schema=False)
        def console_root() -> RedirectResponse:
            # Typed without the slash, and where Gradio's logout lands: the mount itself answers 404.
            return RedirectResponse(f"{CONSOLE_PATH}/")

        console = build_console(services.assistant, services.store, services.feedback,
                                logout_link=f"{CONSOLE_PATH}/logout" if console_login else None)
        console.queue(default_concurrency_limit=2)
        app = gr.mount_gradio_app(app, console, CONSOLE_PATH, auth=console_login,
                                  auth_message="园区工作人员登录：请输入控制台账号和密码", **COMMON)
    page = build_enterprise(services)
    # Answers are CPU-bound and short; a few at once keeps the queue moving without thrashing 2 cores.
    page.queue(default_concurrency_limit=4, max_size=200)
    return gr.mount_gradio_app(app, page, "/", allowed_paths=[str(services.settings.handoff_dir)], **COMMON)

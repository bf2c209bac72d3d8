"""Assemble the server: the enterprise page at /, the staff console at /console/ and the HTTP API at
/v1, one FastAPI app, one set of loaded models."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

import gradio as gr
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from bot.intake.retention import CACHE_MAX_AGE_S, purge
from ui import protect, theme
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
# Gradio deletes its cached uploads and downloads older than an hour, checking every ten minutes.
DELETE_CACHE = (600, CACHE_MAX_AGE_S)
PURGE_EVERY_S = 3600

log = logging.getLogger("ui")


def build_enterprise(services: Services) -> gr.Blocks:
    with gr.Blocks(title=TITLE, fill_width=True, delete_cache=DELETE_CACHE) as page:
        remembered = remembered_session(services)
        gr.HTML(elem_classes=theme.HEADER_CLASS, value=theme.header(TITLE, SUBTITLE))
        with gr.Tabs():
            with gr.Tab("政策咨询", id="chat", elem_id="zb-tab-chat"):
                build_chat_tab(services.assistant, services.settings.max_question_chars)
            with gr.Tab("填报基础信息", id="intake", elem_id="zb-tab-intake"):
                build_intake_tab(page, remembered, services)
    return page


def private_cache(folder: os.PathLike) -> None:
    """Gradio's upload/download cache in a folder only this service can read (not the shared /tmp).
    Gradio reads GRADIO_TEMP_DIR when a Blocks is created, so this runs before any is built."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    os.environ["GRADIO_TEMP_DIR"] = str(folder)


def start_purging(services: Services) -> None:
    """Retention (bot/intake/retention.py) now and every hour, in a daemon thread."""

    def loop() -> None:
        while True:
            try:
                purge(services.settings, services.state)
            except Exception as exc:  # a locked database or a vanished file must not stop the loop
                log.error("retention purge failed: %s", type(exc).__name__)
            time.sleep(PURGE_EVERY_S)

    threading.Thread(target=loop, name="zonebot-purge", daemon=True).start()


def build_app(services: Services, console_login: Callable[[str, str], bool] | None,
              with_console: bool = True) -> FastAPI:
    settings = services.settings
    private_cache(settings.gradio_temp_dir)
    app = FastAPI(title=TITLE, docs_url=None, redoc_url=None, openapi_url=None)
    throttle = protect.LoginThrottle()
    protect.install(app, settings, CONSOLE_PATH if with_console else None, throttle,
                    check_host=console_login is None or bool(settings.allowed_hosts))

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
                                logout_link=f"{CONSOLE_PATH}/logout" if console_login else None,
                                delete_cache=DELETE_CACHE)
        console.queue(default_concurrency_limit=2)
        login = protect.throttled_login(console_login, throttle) if console_login else None
        app = gr.mount_gradio_app(app, console, CONSOLE_PATH, auth=login, max_file_size=int(settings.max_file_mb * 1024 * 1024),
                                  auth_message="园区工作人员登录：请输入控制台账号和密码", **COMMON)
    page = build_enterprise(services)
    # Answers are CPU-bound and short; a few at once keeps the queue moving without thrashing 2 cores.
    page.queue(default_concurrency_limit=4, max_size=200)
    # No allowed_paths: handoff files are never served by path; downloads come from the private cache.
    app = gr.mount_gradio_app(app, page, "/", max_file_size=0, **COMMON)
    start_purging(services)
    return app

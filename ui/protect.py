"""HTTP-level protections in front of the Gradio apps: login throttling, a Host/Origin allow-list for the
console, and no uploads to the public page (it has no upload control).

Client addresses come from uvicorn, which trusts X-Forwarded-For only from 127.0.0.1 (a reverse proxy on
the same machine; see SECURITY.md).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse

from knowledge.settings import Settings

log = logging.getLogger("ui")

FREE_FAILURES = 5          # wrong logins allowed before a delay
MAX_DELAY_S = 15 * 60      # the longest a client or user waits between attempts
FORGET_AFTER_S = 60 * 60   # a quiet hour clears a record
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
THROTTLED = "登录失败次数过多，请 {wait} 秒后再试。"


@dataclass
class _Record:
    failures: int = 0
    last: float = 0.0


@dataclass
class LoginThrottle:
    """Failed logins per key (a client address, a user name). After FREE_FAILURES the next attempt must
    wait 2, 4, 8 … seconds after the last failure, up to MAX_DELAY_S; a success clears the key."""

    records: dict[str, _Record] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_s(self, key: str, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        with self.lock:
            record = self.records.get(key)
            if record is None or record.failures < FREE_FAILURES:
                return 0
            delay = min(MAX_DELAY_S, 2 ** (record.failures - FREE_FAILURES + 1))
            return max(0, int(record.last + delay - now + 0.999))

    def failed(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self.lock:
            self.records = {k: r for k, r in self.records.items() if now - r.last < FORGET_AFTER_S}
            record = self.records.setdefault(key, _Record())
            record.failures += 1
            record.last = now

    def succeeded(self, key: str) -> None:
        with self.lock:
            self.records.pop(key, None)


def too_many(wait: int) -> HTTPException:
    return HTTPException(status_code=429, detail=THROTTLED.format(wait=wait), headers={"Retry-After": str(wait)})


def throttled_login(check: Callable[[str, str], bool], throttle: LoginThrottle) -> Callable[[str, str], bool]:
    """The per-user half: Gradio's login route calls this with the user name (the client address is
    throttled by the middleware). Failures are logged with the user name, never the password."""

    def login(user: str, password: str) -> bool:
        key = f"user:{user}"
        if wait := throttle.wait_s(key):
            raise too_many(wait)
        if check(user, password):
            throttle.succeeded(key)
            return True
        throttle.failed(key)
        log.warning("console login failed for user %r", user[:64])
        return False

    return login


def _host(value: str) -> str:
    """'Example.org:7860' -> 'example.org'; '[::1]:7860' -> '::1'."""
    return (urlsplit(f"//{value}").hostname or "").lower()


def allowed_hosts(settings: Settings) -> set[str]:
    return LOOPBACK_NAMES | {_host(settings.host)} | {_host(h) for h in settings.allowed_hosts}


def install(app: FastAPI, settings: Settings, console_path: str | None, throttle: LoginThrottle,
            check_host: bool) -> None:
    """`check_host`: enforce the Host allow-list on the console (always when it has no login: a DNS
    rebinding page would otherwise reach it through the visitor's browser)."""
    hosts = allowed_hosts(settings)

    @app.middleware("http")
    async def protect(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        in_console = console_path is not None and (path == console_path or path.startswith(f"{console_path}/"))
        if in_console:
            host = _host(request.headers.get("host", ""))
            origin = request.headers.get("origin")
            if check_host and host not in hosts:
                log.warning("console request refused: host %r is not allowed", host[:100])
                return JSONResponse({"detail": "拒绝访问：访问地址不在允许列表中（ZONEBOT_ALLOWED_HOSTS）。"}, 403)
            if origin and origin != "null" and _host(urlsplit(origin).netloc) not in hosts | {host}:
                log.warning("console request refused: cross-origin request from %r", origin[:100])
                return JSONResponse({"detail": "拒绝访问：不接受来自其他网站的请求。"}, 403)
            if path.rstrip("/") == f"{console_path}/login" and request.method == "POST":
                client = f"client:{request.client.host if request.client else '?'}"
                if wait := throttle.wait_s(client):
                    return JSONResponse({"detail": THROTTLED.format(wait=wait)}, 429, {"Retry-After": str(wait)})
                response = await call_next(request)
                if response.status_code == 400:
                    throttle.failed(client)
                    log.warning("console login failed from %s", client.removeprefix("client:"))
                elif response.status_code < 300:
                    throttle.succeeded(client)
                return response
        elif "/gradio_api/upload" in path:
            # The public page has no upload control: refuse the endpoint Gradio adds to every app.
            return JSONResponse({"detail": "企业服务页面不接受上传文件。"}, 403)
        return await call_next(request)

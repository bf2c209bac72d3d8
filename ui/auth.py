"""Who may open the staff console: credentials come from settings, and the console is never exposed
beyond this machine without them (it can ingest and delete documents)."""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Callable

from knowledge.settings import Settings


class ConsoleExposureError(RuntimeError):
    """The console would be reachable from other machines with no login in front of it."""


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def console_login(settings: Settings) -> Callable[[str, str], bool] | None:
    """The console's login check, or None when it may run open (loopback only, no credentials set).

    Raises ConsoleExposureError with a Chinese message saying what to do next.
    """
    user = (settings.console_user or "").strip()
    password = settings.console_password.get_secret_value() if settings.console_password else ""
    if bool(user) != bool(password):
        raise ConsoleExposureError(
            "员工控制台的登录账号不完整：请同时设置 ZONEBOT_CONSOLE_USER 和 ZONEBOT_CONSOLE_PASSWORD。")
    if not user:
        if is_loopback(settings.host):
            return None
        raise ConsoleExposureError(
            f"拒绝启动：服务将监听 {settings.host}（其他电脑可以访问），但员工控制台没有设置登录账号。\n"
            "请设置环境变量 ZONEBOT_CONSOLE_USER 和 ZONEBOT_CONSOLE_PASSWORD 后重试；"
            "或只在本机地址启动（--host 127.0.0.1）；或加 --no-console 只提供企业服务页面。")

    def check(given_user: str, given_password: str) -> bool:
        # compare_digest on both, always: the response time must not reveal which one was wrong
        ok_user = secrets.compare_digest(given_user.encode(), user.encode())
        ok_password = secrets.compare_digest(given_password.encode(), password.encode())
        return ok_user and ok_password

    return check

"""`python -m ui [--host 127.0.0.1] [--port 7860] [--kb DIR] [--collection NAME] [--embedding NAME]`"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys

from bot.state import StateUnavailableError
from knowledge.cli import add_store_arguments, settings_from_args
from knowledge.model_fetch import ModelUnavailableError
from knowledge.store import EmbeddingMismatchError, KnowledgeStore
from ui.auth import ConsoleExposureError, console_login


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui", description="园区企业服务智能助手：企业服务页面与员工控制台")
    parser.add_argument("--host", help="监听地址（默认 127.0.0.1，只允许本机访问）")
    parser.add_argument("--port", type=int, help="端口（默认 7860）")
    parser.add_argument("--no-console", action="store_true", help="不提供员工控制台，只提供企业服务页面")
    add_store_arguments(parser)
    args = parser.parse_args(argv)
    os.umask(0o077)  # everything this server writes (intake state, handoff files, downloads) is 0600
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    overrides = {"host": args.host, "port": args.port}
    settings = settings_from_args(args).model_copy(update={k: v for k, v in overrides.items() if v is not None})
    try:
        login = None if args.no_console else console_login(settings)
    except ConsoleExposureError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not port_free(settings.host, settings.port):
        print(f"端口 {settings.port} 已被占用（可能已有一个服务在运行）：\n"
              "请用 --port 指定其他端口，或先停止占用它的程序。", file=sys.stderr)
        return 2
    try:
        store = KnowledgeStore(settings)
        from ui.services import load_services  # after the checks above: they must fail fast, before models load

        services = load_services(settings, store)
    except (EmbeddingMismatchError, ModelUnavailableError, StateUnavailableError) as exc:
        print(str(exc), file=sys.stderr)
        return 1

    import uvicorn

    from ui.app import CONSOLE_PATH, build_app

    app = build_app(services, login, with_console=not args.no_console)
    base = f"http://{settings.host}:{settings.port}"
    print(f"企业服务页面：{base}/", flush=True)
    if not args.no_console:
        access = "（需登录）" if login else "（仅本机访问，未设登录）"
        print(f"员工控制台：{base}{CONSOLE_PATH}/{access}", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

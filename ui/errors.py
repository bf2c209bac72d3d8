"""Every handler's failure reaches the page as a short Chinese message; the details go to the log."""

from __future__ import annotations

import functools
import inspect
import logging
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr

log = logging.getLogger("ui")

F = TypeVar("F", bound=Callable[..., Any])


class Hint(Exception):
    """A mistake the user can fix (an empty question, confirming too early): shown as a toast that says
    what to do next, and nothing on the page changes. Not gr.Error: that would also cover the outputs,
    the chat included, with an error badge."""


def user_error(message: str) -> Hint:
    return Hint(message)


def log_failure(what: str, exc: BaseException) -> None:
    """Where it failed, without the exception's message: that can quote what the user typed, and logs
    must never hold an enterprise's field values (DESIGN.md §7)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("%s failed with %s\n%s", what, type(exc).__name__, frames)


def notify(message: str) -> None:
    """A short success toast (Gradio's default title would be the English "Info")."""
    gr.Info(message, title="完成")


def warn(message: str) -> None:
    gr.Warning(message, title="请注意")


def friendly(action: str) -> Callable[[F], F]:
    """Turn unexpected exceptions in a handler into '{action}失败…' instead of a stack trace."""

    def wrap(fn: F) -> F:
        def hint(exc: Hint) -> Any:
            warn(str(exc))
            return gr.skip()  # for every output

        def fail(exc: Exception) -> gr.Error:
            log_failure(fn.__name__, exc)
            return gr.Error(f"{action}失败：系统内部出错（{type(exc).__name__}）。"
                            "请稍后重试；如果一直出现，请联系园区服务窗口。",
                            title="出错了", print_exception=False)

        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def gen(*args: Any, **kwargs: Any) -> Any:
                try:
                    yield from fn(*args, **kwargs)
                except Hint as exc:
                    yield hint(exc)
                except gr.Error:
                    raise
                except Exception as exc:
                    raise fail(exc) from exc
            return gen  # type: ignore[return-value]

        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Hint as exc:
                return hint(exc)
            except gr.Error:
                raise
            except Exception as exc:
                raise fail(exc) from exc
        return call  # type: ignore[return-value]

    return wrap

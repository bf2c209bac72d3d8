"""`python -m bot intake [--json] [--session ID] [--db PATH] [--forms DIR]`: the guided intake on stdin,
one user message per line (DESIGN.md §5). With --session an interrupted dialogue resumes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.intake.dialogue import IntakeSession, SideAnswer
from bot.intake.forms import render_all
from bot.intake.handoff import make_sink
from bot.jio import warm_up
from bot.intake.llm import make_llm_extractor
from bot.intake.state import SessionStore
from bot.state import open_state
from knowledge.settings import get_settings


def main(argv: list[str], side_answer: SideAnswer | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot intake",
                                     description="填写28项基础信息（每行一条用户消息，从标准输入读取）")
    parser.add_argument("--json", action="store_true", help="print one JSON object at the end")
    parser.add_argument("--session", help="resume this session id (default: start a new session)")
    parser.add_argument("--db", type=Path, help="SQLite state file (default: the configured state store)")
    parser.add_argument("--forms", type=Path, help="after confirmation, write the reference forms here")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    for stream in (sys.stdin, sys.stdout):
        stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    settings = get_settings()
    try:
        sink = make_sink(settings)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    warm_up()  # jionlp's dictionaries load here, not in the first turns
    store = SessionStore(args.db) if args.db else open_state(settings)
    session = IntakeSession.open(args.session, store,
                                 side_answer=side_answer, sink=sink, extractor=make_llm_extractor(settings))
    _show(args.json, f"助手：{session.opening()}")
    for line in sys.stdin:
        message = line.strip()
        if message:
            _show(args.json, f"用户：{message}\n助手：{session.handle(message)}")
    forms = None
    if args.forms and session.payload:
        report = render_all(session.payload, args.forms / session.session_id)
        forms = json.loads(report.model_dump_json())
        _show(args.json, "已生成参考表单：\n" + "\n".join(f"- {p}" for p in report.written.values())
              + "".join(f"\n- 未生成：{why}" for why in report.refused.values()) + f"\n- 清单：{report.checklist}")
    if args.json:
        out = {"transcript": [t.model_dump() for t in session.state.transcript],
               "fields": session.state.values, "missing": session.missing(),
               "confirmed": session.stage == "confirmed", "payload": session.state.payload,
               "session_id": session.session_id}
        if forms is not None:
            out["forms"] = forms
        print(json.dumps(out, ensure_ascii=False))
    return 0


def _show(quiet: bool, text: str) -> None:
    if not quiet:
        print(text + "\n", flush=True)

"""`python -m bot ask "QUESTION" [--kb DIR] [--collection NAME] [--embedding NAME] [--json]` and
`python -m bot intake ...` (DESIGN.md §5).

Without a QUESTION, `ask` reads one question per stdin line and prints one JSON object per line,
also for blank lines (they get the "please ask something" reply), so output lines pair with input
lines; the models load once.
"""

from __future__ import annotations

import argparse
import json
import sys

from knowledge.cli import add_store_arguments, open_store_or_exit
from knowledge.model_fetch import ModelUnavailableError

USAGE = "用法：python -m bot ask \"问题\" [--json] | python -m bot intake [--json] | python -m bot purge [--days N]"


def _ask_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot ask", description="根据知识库回答企业办事问题，附来源。")
    parser.add_argument("question", nargs="?", help="问题；省略时从标准输入逐行读取，每行输出一个 JSON 对象")
    add_store_arguments(parser)
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（answer、refused、citations）")
    return parser


def ask_main(argv: list[str]) -> int:
    args = _ask_parser().parse_args(argv)
    store = open_store_or_exit(args)
    if not store.stats()["documents"]:
        print(f"知识库“{store.name}”是空的，请先导入文档：python -m ingest knowledge/corpus"
              + (f" --kb {args.kb}" if args.kb else "") + (f" --embedding {args.embedding}" if args.embedding else ""),
              file=sys.stderr)
        return 1
    from bot.answer import Assistant  # after the cheap checks: loading the chain imports LangChain
    from bot.answer.guard import InputRejected, bounded_question

    bot = Assistant(store)
    limit = store.settings.max_question_chars

    def reply(question: str) -> dict:
        try:
            return bot.ask(bounded_question(question, limit)).contract_json()
        except InputRejected as exc:
            return {"answer": str(exc), "refused": True, "citations": []}

    try:
        if args.question is not None:
            result = reply(args.question)
            print(json.dumps(result, ensure_ascii=False) if args.json else result["answer"])
            return 0
        sys.stdin.reconfigure(errors="replace")  # undecodable bytes become U+FFFD, not a traceback
        for line in sys.stdin:
            print(json.dumps(reply(line.rstrip("\n")), ensure_ascii=False), flush=True)
    except ModelUnavailableError as exc:  # the embedding model loads on the first question
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def purge_main(argv: list[str]) -> int:
    from bot.intake.retention import purge
    from knowledge.settings import get_settings

    parser = argparse.ArgumentParser(prog="python -m bot purge",
                                     description="删除超过保留期限的填报记录、移交文件和页面下载缓存。")
    parser.add_argument("--days", type=float, help="保留天数（默认取 ZONEBOT_INTAKE_RETENTION_DAYS，30 天）")
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.days is not None:
        settings = settings.model_copy(update={"intake_retention_days": args.days})
    report = purge(settings)
    print(f"已清理：填报记录 {report.sessions} 份，移交文件 {report.handoff_files} 个，页面缓存 {report.cache_entries} 项"
          f"（保留期限 {settings.intake_retention_days:g} 天）。")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "ask":
        return ask_main(argv[1:])
    if argv and argv[0] == "intake":
        from bot.intake.cli import main as intake_main  # owned by the intake dialogue; imported only when used

        return intake_main(argv[1:])
    if argv and argv[0] == "purge":
        return purge_main(argv[1:])
    print(USAGE, file=sys.stderr)
    return 0 if argv and argv[0] in ("-h", "--help") else 2

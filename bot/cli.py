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

USAGE = "用法：python -m bot ask \"问题\" [--json] | python -m bot intake [--json]"


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

    bot = Assistant(store)
    try:
        if args.question is not None:
            answer = bot.ask(args.question)
            print(json.dumps(answer.contract_json(), ensure_ascii=False) if args.json else answer.answer)
            return 0
        for line in sys.stdin:
            print(json.dumps(bot.ask(line.rstrip("\n")).contract_json(), ensure_ascii=False), flush=True)
    except ModelUnavailableError as exc:  # the embedding model loads on the first question
        print(str(exc), file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "ask":
        return ask_main(argv[1:])
    if argv and argv[0] == "intake":
        from bot.intake.cli import main as intake_main  # owned by the intake dialogue; imported only when used

        return intake_main(argv[1:])
    print(USAGE, file=sys.stderr)
    return 0 if argv and argv[0] in ("-h", "--help") else 2

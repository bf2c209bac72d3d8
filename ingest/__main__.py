"""`python -m ingest PATH... [--kb DIR] [--collection NAME] [--embedding NAME] [--json] [--prune]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingest.pipeline import ingest_paths
from knowledge.cli import add_store_arguments, open_store_or_exit
from knowledge.model_fetch import ModelUnavailableError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest", description="把文件或文件夹导入知识库（md/txt/html/docx/pdf）。")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="文件或文件夹")
    add_store_arguments(parser)
    parser.add_argument("--prune", action="store_true", help="删除知识库中本次未出现的文件对应的片段")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        parser.error(f"路径不存在：{'、'.join(missing)}")
    store = open_store_or_exit(args)
    try:
        report = ingest_paths(args.paths, store, prune=args.prune, progress=not args.quiet)
    except ModelUnavailableError as exc:  # the model loads only when something needs embedding
        print(str(exc), file=sys.stderr)
        return 1
    if args.json:  # the §5 contract's keys only; flagged sentences go to stderr below
        print(report.model_dump_json(exclude={"instructions", "skipped"}))
    else:
        print(f"导入完成：成功 {report.files_ok} 个文件，新增 {report.chunks_added} 段，未变 {report.chunks_unchanged} 段，"
              f"删除 {report.chunks_removed} 段。")
        for failure in report.files_failed:
            print(f"未导入 {failure.path}：{failure.error}", file=sys.stderr)
    for skipped in report.skipped:
        print(f"跳过 {skipped.path}：{skipped.error}", file=sys.stderr)
    for flagged in report.instructions:
        print(f"注意 {flagged.source} 含有疑似对智能助手下达指令的句子（已导入，但回答中不会引用）：{flagged.text[:80]}",
              file=sys.stderr)
    return 1 if report.files_failed else 0


if __name__ == "__main__":
    sys.exit(main())

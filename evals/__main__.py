"""`python -m evals {retrieval,answers,intake,perf,all,chunking,scale,load,laws,notices} [--embedding NAME ...] [--json] [--out DIR]
[--dataset PATH ...] [--limit N] [--kb-cache DIR] [--install-seconds S] [--chunk-sizes N ...] [--scale-sizes N ...] [--pooled]`"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import datetime
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from evals.data import DEFAULT_DATASETS, DatasetError  # noqa: E402
from evals.kb import DEFAULT_CACHE  # noqa: E402
from evals.chunking import SIZES  # noqa: E402
from evals.scale import SIZES as SCALE_SIZES  # noqa: E402
from evals.runner import COMMANDS, EMBEDDINGS, EXTRA_COMMANDS, Request, run_evaluation  # noqa: E402
from knowledge.settings import PROJECT_ROOT, get_settings  # noqa: E402


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m evals",
                                     description="评测：检索、问答、填报对话、性能，输出报告与 JSON")
    parser.add_argument("command", choices=[*COMMANDS, "all", *EXTRA_COMMANDS, "laws", "notices"],
                        help="要运行的评测；all = 前四项；chunking = 按不同分块大小重建知识库并比较；scale = 知识库增长到 5 万段时的延迟；"
                             "load = 单进程与两个副本在 1/5/20 个并发客户端下的延迟和吞吐（以上三项不在 all 内）；"
                             "laws = 29 部法律法规的外部评测（需要 ../shared/laws 或 ZONEBOT_LAWS_DIR）；"
                             "notices = 各地政府公文问答（公开问答集的替代评测）")
    parser.add_argument("--embedding", nargs="+", default=list(EMBEDDINGS), metavar="NAME",
                        help="嵌入档，可给多个（默认 light default）：default、light 或模型名/路径")
    parser.add_argument("--dataset", nargs="+", type=Path, metavar="PATH",
                        help="评测集 JSONL，可给多个，例如控制台导出的反馈（默认 evals/datasets 下的五个文件）；"
                             "notices 评测则是公文集目录（含 docs/、qa.jsonl、split.json，默认全部十套：notices 至 notices10）")
    parser.add_argument("--pooled", action="store_true",
                        help="notices：所有公文集的文档放进同一个知识库再问（更接近公开集的规模）")
    parser.add_argument("--limit", type=int, metavar="N", help="每类题目只取前 N 道（快速试跑）")
    parser.add_argument("--out", type=Path, help="报告目录（默认 evals/reports/<时间>/）")
    parser.add_argument("--kb-cache", type=Path, default=DEFAULT_CACHE, metavar="DIR",
                        help="评测知识库缓存目录，每个嵌入档一个子目录（默认 data/eval-kb）")
    parser.add_argument("--install-seconds", type=float, metavar="S",
                        help="实测的安装用时（秒），写进性能报告；测法见 README")
    parser.add_argument("--chunk-sizes", nargs="+", type=int, default=list(SIZES), metavar="N",
                        help=f"chunking 比较的分块大小（字符，默认 {' '.join(map(str, SIZES))}）")
    parser.add_argument("--scale-sizes", nargs="+", type=int, default=list(SCALE_SIZES), metavar="N",
                        help=f"scale 测量的知识库规模（段数，默认 {' '.join(map(str, SCALE_SIZES))}）")
    parser.add_argument("--json", action="store_true", help="把全部结果以一个 JSON 对象打印到标准输出")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit 必须是正整数")
    if any(size < 1 for size in args.scale_sizes):
        parser.error("--scale-sizes 每个值必须是正整数")
    if any(size < 50 for size in args.chunk_sizes):
        parser.error("--chunk-sizes 每个值至少 50 个字符")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary-loading chatter would bury the progress bars
    out = args.out or PROJECT_ROOT / "evals" / "reports" / datetime.now().strftime("%Y%m%d-%H%M%S")
    if args.command == "laws":
        return laws_main(args, out)
    if args.command == "notices":
        return notices_main(args, out)
    from evals.report import write_report  # matplotlib loads only once the arguments are known to be valid

    request = Request(commands=COMMANDS if args.command == "all" else (args.command,),
                      profiles=tuple(dict.fromkeys(args.embedding)),
                      datasets=tuple(args.dataset) if args.dataset else DEFAULT_DATASETS, limit=args.limit,
                      cache_dir=args.kb_cache, install_s=args.install_seconds,
                      chunk_sizes=tuple(dict.fromkeys(args.chunk_sizes)),
                      scale_sizes=tuple(sorted(set(args.scale_sizes))))
    try:
        results = run_evaluation(request)
    except DatasetError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    report = write_report(results, out)
    if args.json:
        print(results.model_dump_json(indent=2))
    print(f"报告 (report): {report}\n数据 (figures): {out / 'results.json'}", file=sys.stderr)
    if results.meta.errors:
        print("有评测步骤出错（见报告开头）：" + "、".join(results.meta.errors), file=sys.stderr)
        return 1
    if results.meta.skipped and len(results.meta.skipped) == len(request.profiles) and args.command != "intake":
        print("所有嵌入档都无法评测，见报告开头的原因。", file=sys.stderr)
        return 1
    return 0


def laws_main(args: argparse.Namespace, out: Path) -> int:
    from evals.laws import run_laws

    laws_dir = get_settings().laws_dir
    results = run_laws(tuple(dict.fromkeys(args.embedding)), args.kb_cache, laws_dir, out)
    if results is None:
        print(f"没有找到法律法规文本目录 {laws_dir}，跳过外部评测。请把 29 部法规放在项目旁的 ../shared/laws，"
              "或用环境变量 ZONEBOT_LAWS_DIR 指定目录。", file=sys.stderr)
        return 0
    if args.json:
        print(json.dumps([r.model_dump(exclude={"cases"}) for r in results], ensure_ascii=False, indent=2))
    print(f"报告 (report): {out / 'report.md'}\n数据 (figures): {out / 'results.json'}", file=sys.stderr)
    return 0


def notices_main(args: argparse.Namespace, out: Path) -> int:
    from evals.notices import SETS, run_notices

    sets = tuple(args.dataset) if args.dataset else SETS
    missing = [str(root) for root in sets if not (root / "qa.jsonl").is_file()]
    if missing:
        print("不是公文问答评测集（需要 docs/、qa.jsonl 和 split.json）：" + "、".join(missing), file=sys.stderr)
        return 1
    results = run_notices(tuple(dict.fromkeys(args.embedding)), args.kb_cache, out, sets, pooled=args.pooled)
    if args.json:
        print(json.dumps([r.model_dump(exclude={"failures"}) for r in results], ensure_ascii=False, indent=2))
    print(f"报告 (report): {out / 'report.md'}\n数据 (figures): {out / 'results.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`python -m knowledge coverage` — the items x sections coverage table of the bundled corpus."""

from __future__ import annotations

import argparse
import sys

from knowledge.catalogue import load_catalogue
from knowledge.coverage import guide_coverage, render_table
from knowledge.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description="知识库自检")
    parser.add_argument("command", choices=["coverage"], help="coverage：事项 × 章节覆盖表")
    parser.parse_args(argv)
    settings = get_settings()
    rows = guide_coverage(load_catalogue(settings.catalogue_dir), settings.corpus_dir)
    print(render_table(rows))
    return 0 if all(r.complete for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

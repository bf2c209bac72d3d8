"""The chunk-size comparison: the corpus re-split at each size into a temporary store and evaluated."""

import shutil
import subprocess
import sys
from pathlib import Path

from evals.chunking import run_chunking
from evals.data import Cases, load_cases
from evals.report import chunking_section
from knowledge.settings import PROJECT_ROOT, get_settings

GUIDES = ("energy_review", "construction_permit", "water_permit")


def test_each_size_is_ingested_and_evaluated(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus" / "guides"
    corpus.mkdir(parents=True)
    for name in GUIDES:
        shutil.copy(get_settings().corpus_dir / "guides" / f"{name}.md", corpus)
    every = load_cases()
    ours = [c for c in every.answerable if any(s.endswith(f"{n}.md") for s in c.sources for n in GUIDES)][:12]
    result = run_chunking("light", (150, 600), corpus.parent, Cases(answerable=ours), progress=False)
    small, large = result.rows
    assert (small.size, large.size) == (150, 600) and small.chunks > large.chunks > 0
    assert set(small.modes) == {"bm25", "dense", "hybrid"} and small.modes["hybrid"].n == len(ours)
    assert small.answerable is not None and small.answerable.n == len(ours)
    assert small.followups is None  # no follow-ups were given
    report = "\n".join(chunking_section({"light": result}))
    assert "## 分块大小" in report and f"| 150 | 37 | {small.chunks} |" in report


def test_chunk_sizes_too_small_are_refused() -> None:
    done = subprocess.run([sys.executable, "-m", "evals", "chunking", "--chunk-sizes", "10"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--chunk-sizes" in done.stderr

"""One evaluation store per embedding profile, built from the bundled corpus and reused across runs.

Ingest is idempotent (content-hashed chunk ids, pruned), so reusing the cache costs one scan of the
corpus, and a changed corpus is picked up without deleting anything by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from ingest.pipeline import IngestReport, ingest_paths
from knowledge.settings import PROJECT_ROOT, Settings, get_settings
from knowledge.store import KnowledgeStore, default_collection_name

log = logging.getLogger(__name__)

DEFAULT_CACHE = PROJECT_ROOT / "data" / "eval-kb"


def profile_dirname(profile: str) -> str:
    """A folder name for a profile; model ids and paths contain '/'."""
    return default_collection_name(profile).removeprefix("zone-kb-")


def eval_settings(profile: str, kb_dir: Path) -> Settings:
    """The environment's settings (so a configured LLM endpoint is what gets evaluated), pointed at an
    embedded store of its own: an evaluation must never write into the served store or a shared server."""
    return get_settings().model_copy(update={
        "kb_dir": kb_dir, "embedding": profile, "collection": None, "chroma_url": None,
        "state_db": kb_dir / "state.sqlite3", "handoff_dir": kb_dir / "handoff"})


def open_eval_store(profile: str, kb_dir: Path, corpus: Path | Sequence[Path] | None = None,
                    progress: bool = True) -> tuple[KnowledgeStore, IngestReport]:
    """Open (building or refreshing) the store of `profile` in `kb_dir` from the corpus (one folder or several)."""
    settings = eval_settings(profile, kb_dir)
    store = KnowledgeStore(settings)
    paths = [corpus] if isinstance(corpus, Path) else list(corpus or [settings.corpus_dir])
    report = ingest_paths(paths, store, prune=True, progress=progress)
    for failed in report.files_failed:
        log.warning("corpus file not ingested: %s (%s)", failed.path, failed.error)
    return store, report

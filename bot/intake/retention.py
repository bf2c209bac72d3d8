"""Retention of personal data: intake sessions and handoff files are kept `intake_retention_days`
(default 30), the page's upload/download cache one hour. `python -m bot purge` runs it once; the web
server runs it at start and every hour."""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import BaseModel

from bot.state import StateStore, open_state
from knowledge.settings import Settings

log = logging.getLogger(__name__)

CACHE_MAX_AGE_S = 3600  # downloads are produced per request; an hour is enough to save them


class PurgeReport(BaseModel):
    sessions: int = 0
    handoff_files: int = 0
    cache_entries: int = 0


def _older_files(folder: Path, max_age_s: float, now: float) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if now - p.lstat().st_mtime > max_age_s]


def purge(settings: Settings, store: StateStore | None = None) -> PurgeReport:
    """`store`: the server's open state store; the CLI opens the configured one."""
    now = datetime.now(UTC)
    keep_s = settings.intake_retention_days * 86400
    report = PurgeReport(sessions=(store or open_state(settings)).purge(timedelta(seconds=keep_s)))
    for path in _older_files(settings.handoff_dir, keep_s, now.timestamp()):
        if path.is_file():
            path.unlink(missing_ok=True)
            report.handoff_files += 1
        elif path.name == "downloads":  # download folders of earlier versions, named by session id
            shutil.rmtree(path, ignore_errors=True)
    for path in _older_files(settings.gradio_temp_dir, CACHE_MAX_AGE_S, now.timestamp()):
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        report.cache_entries += 1
    if report.sessions or report.handoff_files or report.cache_entries:
        log.info("retention purge: %s", report.model_dump_json())
    return report

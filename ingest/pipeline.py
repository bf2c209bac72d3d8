"""files -> load -> split -> embed -> store, idempotent by content-hashed chunk ids."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel
from tqdm import tqdm

from ingest.loaders import LoadedDocument, LoadError, load_document
from ingest.splitter import ChunkDraft, split_document
from knowledge.records import ChunkRecord
from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)

SECTION_SEP = " › "


class FileError(BaseModel):
    path: str
    error: str


class IngestReport(BaseModel):
    """The `--json` object of `python -m ingest` (DESIGN.md §5)."""

    files_ok: int = 0
    files_failed: list[FileError] = []
    chunks_added: int = 0
    chunks_unchanged: int = 0
    chunks_removed: int = 0


def collect_files(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    """(root, file) pairs; a chunk's `source` is the file's path relative to its root."""
    found: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            files = (p for p in sorted(path.rglob("*")) if p.is_file())
            found += [(path, f) for f in files if not any(part.startswith(".") for part in f.relative_to(path).parts)]
        else:
            found.append((path.parent, path))
    return found


def chunk_id(source: str, draft: ChunkDraft) -> str:
    # The article joins the key only when there is one, so chunks of other documents keep their ids.
    parts = [source, SECTION_SEP.join(draft.heading_path), draft.text] + ([draft.article] if draft.article else [])
    key = "\x1f".join(parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def to_records(source: str, doc: LoadedDocument, drafts: list[ChunkDraft]) -> list[ChunkRecord]:
    meta = doc.meta
    item_id = meta.get("item_id") or next(iter(meta.get("item_ids") or []), "")
    return [ChunkRecord(id=chunk_id(source, d), text=d.text, source=source, title=doc.title,
                        section=SECTION_SEP.join(d.heading_path), doc_type=str(meta.get("doc_type", "document")),
                        item_id=str(item_id), stage=str(meta.get("stage", "")), chunk_index=d.index,
                        article=d.article)
            for d in drafts]


def ingest_paths(paths: Iterable[Path], store: KnowledgeStore, *, prune: bool = False,
                 progress: bool = True) -> IngestReport:
    settings = store.settings
    report = IngestReport()
    store.repair()
    prepared: list[tuple[str, LoadedDocument, list[ChunkRecord]]] = []
    seen: set[str] = set()
    for root, path in tqdm(collect_files(paths), desc="读取文件", unit="个", disable=not progress):
        source = path.relative_to(root).as_posix()
        seen.add(source)
        try:
            doc = load_document(path, max_bytes=int(settings.max_file_mb * 1024 * 1024))
            drafts = split_document(doc, settings.chunk_size, settings.chunk_overlap)
        except LoadError as exc:
            report.files_failed.append(FileError(path=str(path), error=exc.reason))
            continue
        prepared.append((source, doc, to_records(source, doc, drafts)))

    total = sum(len(records) for _, _, records in prepared)
    with tqdm(total=total, desc="写入知识库", unit="段", disable=not progress) as bar:
        for source, doc, records in prepared:
            added, unchanged, removed = store.write_document(
                source, doc.title, str(doc.meta.get("doc_type", "document")), doc.content_hash, records,
                on_embedded=bar.update)
            bar.update(unchanged)
            report.files_ok += 1
            report.chunks_added += added
            report.chunks_unchanged += unchanged
            report.chunks_removed += removed
    if prune:
        for doc in store.documents():
            if doc.source not in seen:
                report.chunks_removed += store.remove_document(doc.source)
    log.info("ingest done: %s", report.model_dump_json())
    return report

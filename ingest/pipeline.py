"""files -> load -> split -> embed -> store, idempotent by content-hashed chunk ids.

Each file is loaded and split in a child process (ingest/worker.py): whatever a file does, it is that
file's reported failure and the rest ingests. Documents record their origin (the ingest root, or
"console" for uploads), so `--prune` removes only what is gone from the root being ingested.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pydantic import BaseModel
from tqdm import tqdm

from bot.answer.guard import instruction_sentences
from ingest.loaders import LoadedDocument, LoadError
from ingest.splitter import ChunkDraft
from ingest.worker import ParseWorker
from knowledge.records import ChunkRecord
from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)

SECTION_SEP = " › "
EMBED_WINDOW = 256  # chunks embedded in one call across documents: fuller batches, bounded memory


class FileError(BaseModel):
    path: str
    error: str


class FlaggedSentence(BaseModel):
    """A sentence of an ingested document addressed to an assistant: kept as data, never quoted."""

    source: str
    text: str


class IngestReport(BaseModel):
    """The `--json` object of `python -m ingest` (DESIGN.md §5), plus the flagged sentences."""

    files_ok: int = 0
    files_failed: list[FileError] = []
    chunks_added: int = 0
    chunks_unchanged: int = 0
    chunks_removed: int = 0
    instructions: list[FlaggedSentence] = []
    skipped: list[FileError] = []  # not ingested on purpose (a copy of another file): not failures


def _is_skipped_name(part: str) -> bool:
    """Hidden files and folders, and the lock files Word/WPS keep beside an open document ("~$指南.docx")."""
    return part.startswith((".", "~$"))


def _walk(paths: Iterable[Path]) -> tuple[list[tuple[Path, Path]], list[FileError]]:
    """(root, file) pairs, and the symbolic links of a folder that were refused.

    A link inside a folder is followed only when its target lies inside that folder too, and then only
    once: a link to a file already ingested under its own name would store it twice. A link out of the
    folder is refused and reported: ingesting a folder never reads files the folder does not hold.
    """
    found: list[tuple[Path, Path]] = []
    refused: list[FileError] = []
    for path in paths:
        if not path.is_dir():
            found.append((path.parent, path))
            continue
        base = path.resolve()
        files = [f for f in sorted(path.rglob("*")) if f.is_file()
                 and not any(_is_skipped_name(part) for part in f.relative_to(path).parts)]
        real = {f.resolve() for f in files if not f.is_symlink()}
        for f in files:
            if not f.is_symlink():
                found.append((path, f))
                continue
            target = f.resolve()
            if not target.is_relative_to(base):
                refused.append(FileError(path=str(f), error="这是指向导入文件夹之外的符号链接，为安全起见未读取；"
                                         "如需导入，请把目标文件复制到该文件夹中后重试"))
            elif target not in real:  # a link to a file of the folder is that file, ingested once
                real.add(target)
                found.append((path, f))
    return found, refused


def collect_files(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    """(root, file) pairs; a chunk's `source` is the file's path relative to its root."""
    return _walk(paths)[0]


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


Prepared = tuple[str, str, LoadedDocument, list[ChunkRecord]]


def _windows(prepared: list[Prepared], size: int) -> Iterator[list[Prepared]]:
    """Consecutive documents grouped until a group holds at least `size` chunks."""
    window: list[Prepared] = []
    held = 0
    for item in prepared:
        window.append(item)
        held += len(item[3])
        if held >= size:
            yield window
            window, held = [], 0
    if window:
        yield window


def _write_window(store: KnowledgeStore, window: list[Prepared], vectors: dict[str, list[float]],
                  lock: contextlib.AbstractContextManager, report: IngestReport, bar: tqdm) -> None:
    for source, where, doc, records in window:
        with lock:
            added, unchanged, removed = store.write_document(
                source, doc.title, str(doc.meta.get("doc_type", "document")), doc.content_hash, records,
                on_embedded=bar.update, origin=where, vectors=vectors)
        bar.update(unchanged)
        report.files_ok += 1
        report.chunks_added += added
        report.chunks_unchanged += unchanged
        report.chunks_removed += removed


def origin_of(root: Path) -> str:
    return str(root.resolve())


def ingest_paths(paths: Iterable[Path], store: KnowledgeStore, *, prune: bool = False, progress: bool = True,
                 origin: str | None = None, write_lock: contextlib.AbstractContextManager | None = None) -> IngestReport:
    """Ingest files and folders. `origin` overrides the recorded origin (the console's "console");
    `write_lock` is held around each store write only, never while files are parsed."""
    settings = store.settings
    lock = write_lock or contextlib.nullcontext()
    report = IngestReport()
    with lock:
        store.repair()
    prepared: list[Prepared] = []
    seen: dict[str, set[str]] = {}
    files, report.files_failed = _walk(paths)
    first_of: dict[str, str] = {}  # content hash -> the file ingested with it in this run
    with ParseWorker(settings) as worker:
        for root, path in tqdm(files, desc="读取文件", unit="个", disable=not progress):
            source, where = path.relative_to(root).as_posix(), origin or origin_of(root)
            seen.setdefault(where, set()).add(source)
            try:
                doc, drafts = worker.parse(path)
            except LoadError as exc:
                report.files_failed.append(FileError(path=str(path), error=exc.reason))
                continue
            if (original := first_of.setdefault(doc.content_hash, str(path))) != str(path):
                # Byte-identical copies under other names would answer every question twice.
                seen[where].discard(source)  # a copy stored by an earlier run goes with --prune
                report.skipped.append(FileError(path=str(path), error=f"与 {original} 内容完全相同，只导入一份；"
                                                "如确需分别保存，请修改其中一份的内容"))
                continue
            for draft in drafts:
                report.instructions += [FlaggedSentence(source=source, text=t) for t in instruction_sentences(draft.text)]
            prepared.append((source, where, doc, to_records(source, doc, drafts)))
    if report.instructions:
        log.warning("%d instruction-like sentences in ingested documents (never quoted in answers)",
                    len(report.instructions))

    total = sum(len(records) for *_, records in prepared)
    with tqdm(total=total, desc="写入知识库", unit="段", disable=not progress) as bar, \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="zonebot-write") as writer:
        written: Future | None = None
        for window in _windows(prepared, EMBED_WINDOW):
            # One embedding call for the new chunks of several documents: the model batches them by length
            # across documents, so small documents do not each pay for short, padded batches.
            ids = [r.id for *_, records in window for r in records]
            with lock:
                missing = store.missing_ids(ids)
            todo = list({r.id: r for *_, records in window for r in records if r.id in missing}.values())
            vectors = store.embed(todo) if todo else {}
            if written:
                written.result()  # one window in writing at a time; its error stops the ingest here
            # Written on a thread while the next window is embedded: the store's writes and the model overlap.
            written = writer.submit(_write_window, store, window, vectors, lock, report, bar)
        if written:
            written.result()
    if prune:
        for doc in store.documents():
            # Only documents that came from a root ingested now: another folder's and the console's stay.
            if doc.origin in seen and doc.source not in seen[doc.origin]:
                with lock:
                    report.chunks_removed += store.remove_document(doc.source)
    log.info("ingest done: %s", report.model_dump_json(exclude={"instructions", "skipped"}))
    return report

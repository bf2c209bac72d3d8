"""Parse files in a child process with a memory cap and a per-file time limit.

A hostile or broken file (a docx XML bomb, a 200k-deep HTML page, a huge PDF) can only cost the child:
past the address-space limit (RLIMIT_AS) the child's allocation fails, past the timeout it is killed,
and either way that file is reported with a Chinese reason and the next file gets a fresh child. The
web process never parses, so it never grows or stalls, and no store lock is held meanwhile.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
from multiprocessing.connection import Connection
from pathlib import Path

from ingest.loaders import LoadedDocument, LoadError, load_document
from ingest.splitter import ChunkDraft, split_document
from knowledge.settings import Settings

log = logging.getLogger(__name__)

Parsed = tuple[LoadedDocument, list[ChunkDraft]]


def parse_file(path: Path, settings: Settings) -> Parsed:
    """Load, clean and split one file; every failure is a LoadError with a Chinese reason."""
    try:
        doc = load_document(path, max_bytes=int(settings.max_file_mb * 1024 * 1024))
        return doc, split_document(doc, settings.chunk_size, settings.chunk_overlap)
    except LoadError:
        raise
    except MemoryError as exc:
        raise LoadError(f"解析时内存超出上限（{settings.ingest_worker_memory_mb} MB），文件可能过大或是压缩炸弹，"
                        "请检查文件后拆分再导入") from exc
    except RecursionError as exc:
        raise LoadError("文件结构嵌套过深，无法解析，请检查文件是否损坏") from exc
    except Exception as exc:  # any other parser bug is this file's failure, never the whole import's
        raise LoadError(f"解析文件时出错（{type(exc).__name__}），请检查文件内容或另存后重试") from exc


def _serve(conn: Connection, settings: Settings) -> None:
    limit = settings.ingest_worker_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", parse_file(path, settings)))
        except LoadError as exc:
            conn.send(("error", exc.reason))


class ParseWorker:
    """One child at a time, reused across files and replaced after a timeout or a crash."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._context = multiprocessing.get_context("spawn")  # never fork a process holding models and threads
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._process is None or not self._process.is_alive():
            parent, child = self._context.Pipe()
            self._process = self._context.Process(target=_serve, args=(child, self.settings), daemon=True,
                                                  name="zonebot-parse")
            self._process.start()
            child.close()
            self._conn = parent
        assert self._conn is not None
        return self._conn

    def parse(self, path: Path) -> Parsed:
        conn = self._start()
        timeout = self.settings.ingest_file_timeout_s
        conn.send(path)
        try:
            ready = conn.poll(timeout)
            status, value = conn.recv() if ready else ("timeout", None)
        except (EOFError, OSError):
            status, value = "crashed", None
        if status == "ok":
            return value
        if status == "error":
            raise LoadError(value)
        self.close()
        if status == "timeout":
            log.warning("parsing %s exceeded %.0f s; worker killed", path.name, timeout)
            raise LoadError(f"解析超时（超过 {timeout:.0f} 秒），文件可能过大或结构异常，请拆分或检查后再导入")
        log.warning("the parse worker died on %s", path.name)
        raise LoadError(f"解析时内存超出上限（{self.settings.ingest_worker_memory_mb} MB）或解析程序异常退出，"
                        "请检查文件后拆分再导入")

    def close(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

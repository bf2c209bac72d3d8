"""Command-line flags every entry point shares for choosing the store, and opening it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from knowledge.model_fetch import ModelUnavailableError
from knowledge.settings import Settings, get_settings
from knowledge.store import EmbeddingMismatchError, KnowledgeStore


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kb", type=Path, help="知识库目录（默认 data/kb）")
    parser.add_argument("--collection", help="集合名（默认按嵌入模型命名）")
    parser.add_argument("--embedding", help="default（EmbeddingGemma）、light（USE）或模型名/路径")


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides = {"kb_dir": args.kb, "collection": args.collection, "embedding": args.embedding}
    return get_settings().model_copy(update={k: v for k, v in overrides.items() if v is not None})


def open_store_or_exit(args: argparse.Namespace) -> KnowledgeStore:
    """Open the store, or print the reason in Chinese (and English) and exit 1."""
    try:
        return KnowledgeStore(settings_from_args(args))
    except (EmbeddingMismatchError, ModelUnavailableError) as exc:
        print(str(exc), file=sys.stderr)
        raise SystemExit(1) from exc

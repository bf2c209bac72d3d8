"""The reviewed word lists of bot/intake/words/, each file read once for every module that needs it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

WORDS_DIR = Path(__file__).resolve().parent / "words"


@lru_cache(maxsize=None)
def read_words(name: str) -> Any:
    """The parsed YAML of words/<name>.yaml (shared: never mutate it)."""
    return yaml.safe_load((WORDS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))

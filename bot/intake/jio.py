"""jionlp, imported once and lazily: it takes about a second and prints a banner to stdout on import,
which would break `python -m bot intake --json` (one JSON object on stdout)."""

from __future__ import annotations

import contextlib
import io
from functools import lru_cache
from types import ModuleType


@lru_cache(maxsize=1)
def jionlp() -> ModuleType:
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp as module
    return module

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


def warm_up() -> None:
    """Load jionlp and the dictionaries the intake uses (time, places, phones: about 2 s once per process),
    so that no dialogue turn pays for them; call it where a process starts serving, not per turn."""
    module = jionlp()
    with contextlib.redirect_stdout(io.StringIO()):
        module.ner.extract_time("2027年3月开工", time_base=0)
        module.parse_location("太原市小店区长风街1号")
        module.extract_phone_number("13812345678")

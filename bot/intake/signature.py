"""A mail's signature, below its "-- " line (RFC 3676's signature separator), is the sender's card: its phone,
fax and address say how to reach the sender, not what the form asks. Where the body gives a field the card gives
too, the body's value stands and the card's raises no question; a field only the card gives is still read."""

from __future__ import annotations

import re

# The separator alone on its line: two hyphens, maybe the standard's trailing space (after normalising, a dash pair).
_SEPARATOR = re.compile(r"^[ \t]*--[ \t]*$", re.M)


def body_above_signature(text: str) -> list[tuple[int, int]]:
    """The span of the body above the last signature separator, as the part that wins; none without one."""
    found = list(_SEPARATOR.finditer(text))
    if not found or not text[:found[-1].start()].strip():
        return []
    return [(0, found[-1].start())]

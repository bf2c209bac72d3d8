"""Values declared swapped ("上面有两对写反了：…单位地址是清徐那个，山西省…9号，建设地点才是阳曲园区厂里那个"): a field
given the value another one had, that other one only pointed at ("厂里那个"), takes the value the first one had."""

from __future__ import annotations

from typing import Any

from bot.intake.extraction import Extraction


def swapped_values(x: Extraction, known: dict[str, Any]) -> dict[str, Any]:
    """The values of the fields this message points at, by the swap it declares; {} when it declares none."""
    if not x.swapped:
        return {}
    out = {}
    for pointed in x.pointed:
        first = next((f for f, v in x.values.items() if f != pointed and v == known.get(pointed)), None)
        if first is not None and first in known:
            out[pointed] = known[first]
    return out

"""The site (建设地点) inside a park: addresses in the zone are written from the park ("阳曲产业园区纬二路以南"),
but people give the park once and the roads apart - in another clause, or in an earlier turn."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.intake.extraction import Extraction
from bot.intake.labelled import strip_connector
from bot.intake.lexicon import DELIM, GENERIC_ADDRESS_LABELS
from bot.intake.plausible import implausible
from knowledge.zone import load_zone

# A building of the park after its name: "武宿综合保税区标准化厂房5号楼", "唐槐产业园区孵化基地3栋".
BUILDING = r"[\u4e00-\u9fa5A-Za-z0-9]{0,12}?\d+\s*(?:号楼|号厂房|号库|栋|幢)"
# A place by the roads around it: "纬二路以南", "产业路与晋阳街交叉口西南角", "纬三路以南、经二路以东".
_ROAD = r"[\u4e00-\u9fa5A-Za-z0-9]{1,12}?(?:路|街|大道|大街|巷)"
_SIDE = rf"(?:以|之)?[东西南北]{{1,2}}(?:侧|面|边|角|段)?|(?:与{_ROAD})?(?:交叉口|交汇处|口)(?:[东西南北]{{1,2}}(?:角|侧)?)?"
_ROAD_SIDE = rf"{_ROAD}(?:{_SIDE})"
# A clause that is nothing but such a place, perhaps with a pointing word after it ("纬二路以北那块").
ROADS_CLAUSE = re.compile(rf"(?:^|(?<=[{DELIM}\s]))(?:具体是|具体在|就在|在)?(?P<place>{_ROAD_SIDE}(?:、{_ROAD_SIDE})*)"
                          rf"(?:那块|那边|这块|这边|那里|附近|一带)?(?:的地|地块)?(?=$|[{DELIM}\s])")


def _roads_place(text: str, at: int) -> bool:
    """Whether the clause from at is nothing but a place by its roads ("是榆次片区潇河北路与蕴华街交叉口西南角")."""
    clause = re.split(rf"[{DELIM}]", strip_connector(text[at:]), maxsplit=1)[0].strip()
    return ROADS_CLAUSE.fullmatch(clause) is not None


def read_roads(text: str, expecting: Sequence[str], out: Extraction) -> None:
    """A clause of roads alone is the site when the site is asked or the park is said in the same message; after
    a site that named only the park ("Site: 武宿综合保税区, 综保大道以东、保税路以南") too."""
    site = out.values.get("site_address")
    asked = "site_address" in expecting or "site_park" in out.values
    if not asked or site is not None and _park_alone(str(site)) is None:
        return
    m = next((m for m in ROADS_CLAUSE.finditer(text) if out.unclaimed(m.start(), m.end())), None)
    if m:
        out.values.pop("site_address", None)
        out.put("site_address", m["place"], m.start(), m.end())


def _park_alone(text: str) -> str | None:
    """The park a text names when it is nothing but the park's name or alias."""
    return next((p.name for p in load_zone().parks if text in (p.name, *p.aliases)), None)


def starts_with_park(text: str) -> bool:
    return any(text.startswith(a) for p in load_zone().parks for a in (p.name, *p.aliases))


# "建设地点在园区榆次片区…": the park said by the bare word, which names none (the park is its own field).
_PARK_WORD = re.compile(r"^(?:本|我们|咱们|咱)?园区(?:内|里|的)?(?=[\u4e00-\u9fa5A-Za-z0-9])")


def in_park(site: str, park: str | None) -> str:
    """The site with its park in front when, given by its roads alone, it is no address without it; without the
    bare word 园区 in front."""
    site = _PARK_WORD.sub("", site)
    if park and park not in site and implausible("site_address", site) and implausible("site_address", park + site) is None:
        return park + site
    return site


def site_in_park(out: Extraction) -> None:
    """"潇河产业园区 地在潇河大道和纬十路交叉口西北角": a site given by its roads alone, with the park said in
    the same message, is in that park."""
    first = out.conflicts.get("site_address", (None,))[0]
    if isinstance(first, str) and (park_said := _park_alone(strip_connector(first))) is not None:
        out.conflicts.pop("site_address")  # "Site在学府园区，具体location：学府产业园区…路": the park, then the site
        out.values.setdefault("site_park", park_said)
    site, park = out.values.get("site_address"), out.values.get("site_park")
    if isinstance(site, str) and isinstance(park, str):
        out.values["site_address"] = in_park(site, park)


def site_address_asked(text: str, labels: list[tuple[str, int, int]], expecting: Sequence[str]
                       ) -> list[tuple[str, int, int]]:
    """"地址：…" / "address: …" while the site is asked (and the enterprise's address is not) is the site's;
    after the site's own label too when it starts with a park ("Site: 潇河产业园区, address 潇河产业园区文源路以北").
    Whatever is asked, "地址是…交叉口西南角" is the site's: a place by its roads is where one builds, never where
    mail is sent (an enterprise's address has a house number)."""
    labels = [("site_address" if fid == "unit_address" and text[s:e].lower() in GENERIC_ADDRESS_LABELS
               and _roads_place(text, e) else fid, s, e) for fid, s, e in labels]
    if "site_address" not in expecting or "unit_address" in expecting:
        return labels
    site_said = any(fid == "site_address" for fid, _, _ in labels)
    return [("site_address" if fid == "unit_address" and text[s:e].lower() in GENERIC_ADDRESS_LABELS
             and (not site_said or starts_with_park(strip_connector(text[e:]))) else fid, s, e)
            for fid, s, e in labels]

"""Time zones people choose from (IANA names, from the tzdata package), and their plain names.
(No zone is guessed from a browser's language: a wrong guess saved times hours off.)"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones

UTC = "UTC"
# The continents and oceans of the IANA names: aliases such as US/Eastern are left out.
REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
           "Indian", "Pacific")


@cache
def names() -> frozenset[str]:
    """Every zone a person may choose (and a stored entry may carry)."""
    return frozenset(z for z in available_timezones() if z.split("/")[0] in REGIONS) | {UTC}


def is_zone(name: object) -> bool:
    return isinstance(name, str) and name in names()


def label(name: str) -> str:
    """"Europe/Paris" -> "Paris"; "America/Argentina/Cordoba" -> "Cordoba (Argentina)"."""
    if name == UTC:
        return UTC
    parts = [part.replace("_", " ") for part in name.split("/")[1:]]
    return f"{parts[-1]} ({', '.join(parts[:-1])})" if len(parts) > 1 else parts[-1]


@cache
def _zone_table() -> tuple[tuple[str, str], ...]:
    """(country code, zone) from tzdata's zone.tab: one line per zone in use today, so no
    old aliases (America/Buenos_Aires beside America/Argentina/Buenos_Aires)."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    rows = (line.split("\t") for line in table.splitlines()
            if line and not line.startswith("#"))
    return tuple((row[0], row[2]) for row in rows if row[2] in names())


@cache
def grouped() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(region, ((zone, label), ...)) for a select, sorted by label within each region:
    the zones of zone.tab, each label once."""
    listed = {zone for _, zone in _zone_table()}
    regions = [(region, tuple(sorted(((z, label(z)) for z in listed
                                      if z.startswith(region + "/")),
                                     key=lambda pair: pair[1])))
               for region in REGIONS]
    return (*regions, ("Other", ((UTC, "UTC (Coordinated Universal Time)"),)))


def load() -> None:
    """Read the zone tables now: listing the zones walks tzdata's folders (~0.3 s), which
    the first diary or result page served would otherwise wait for."""
    grouped()


def local(moment: datetime, zone: str) -> datetime:
    """An instant as the clock in `zone` showed it."""
    return moment.astimezone(ZoneInfo(zone if is_zone(zone) else UTC))

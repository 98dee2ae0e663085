"""app.zones: the time zones a person chooses from, and the first guess."""

from __future__ import annotations

from collections import Counter

from app import zones


def listed() -> list[tuple[str, str]]:
    return [pair for _, pairs in zones.grouped() for pair in pairs]


def test_each_zone_in_the_list_has_a_name_no_other_has():
    labels = Counter(label for _, label in listed())
    assert [name for name, n in labels.items() if n > 1] == []


def test_the_list_holds_the_zones_in_use_not_their_old_aliases():
    names = {zone for zone, _ in listed()}
    assert {"America/New_York", "Asia/Tokyo", "Asia/Kolkata", "Europe/Kyiv",
            "America/Argentina/Buenos_Aires", "UTC"} <= names
    assert not {"America/Buenos_Aires", "Asia/Calcutta", "Africa/Timbuktu"} & names
    # An alias a browser may still report stays a zone an entry can carry.
    assert zones.is_zone("Asia/Calcutta")


def test_labels_say_the_place_and_its_country_or_state_when_there_is_one():
    assert zones.label("Europe/Paris") == "Paris"
    assert zones.label("America/Argentina/Cordoba") == "Cordoba (Argentina)"
    assert zones.label("UTC") == "UTC"

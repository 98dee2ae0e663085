"""app.web.phrases: the emergency line and the sources line, kept once made per language."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from app import i18n
from app.assessments import to_the_hour
from app.i18n import Languages
from app.resources import shipped_dir
from app.web import phrases


def fresh(function, *args):
    """What the phrase is when made now, past the kept one."""
    return function.__wrapped__(*args)


def test_the_emergency_line_is_in_the_language_drawn_and_each_number_can_be_called():
    languages = Languages.of()
    with i18n.speaking(languages.get("en")):
        english = phrases.emergency_line()
    with i18n.speaking(languages.get("es")):
        spanish = phrases.emergency_line()
    assert english.startswith("call your local emergency number: ")
    assert '<a href="tel:911">911</a> in the US and Canada' in english
    assert spanish.startswith("llame al número de emergencias")
    for number in ("911", "999", "112"):
        assert f'<a href="tel:{number}">{number}</a>' in english
        assert f'<a href="tel:{number}">{number}</a>' in spanish


def test_a_kept_phrase_is_the_one_made_afresh_in_every_language():
    titles = ("NHS: Muscle twitches", "Cleveland Clinic: Muscle Twitching (Fasciculations)")
    for language in Languages.of():
        with i18n.speaking(language):
            assert phrases.emergency_line() == fresh(phrases._emergency_line, language)
            assert phrases.sources(list(titles)) == fresh(phrases._sources, language, titles)
    # One entry per language and per list of titles, whatever else changes.
    assert phrases._emergency_line.cache_info().maxsize == 8
    assert phrases._sources.cache_info().maxsize == 128


def test_titles_are_escaped_and_one_kept_in_english_says_so():
    with i18n.speaking(Languages.of().get("es")):
        line = phrases.sources(["<b>An article</b>"])
    assert line == ('<p class="sources">Fuente: <cite lang="en">&lt;b&gt;An article&lt;/b&gt;'
                    "</cite></p>")
    with i18n.speaking(Languages.of().get("en")):
        two = phrases.sources(["A", "B"])
    assert two.startswith('<p class="sources">Sources: <cite lang="en">A</cite>; ')



def test_a_moments_day_is_a_time_with_utcs_day_in_words_and_how_far_it_may_be_off():
    # 01:00 in India on 2 December is 19:30 UTC on 1 December.
    india = timezone(timedelta(hours=5, minutes=30))
    scored = datetime(2026, 12, 2, 1, 0, tzinfo=india)
    languages = Languages.of()
    with i18n.speaking(languages.get("en")):
        english = phrases.local_day(scored)
        hour = phrases.local_day(scored.replace(minute=30), to_the_hour=True)
    with i18n.speaking(languages.get("es")):
        spanish = phrases.local_day(scored)
    assert english == ('<time datetime="2026-12-01T19:30Z" data-local-day="0">'
                       "1 December 2026</time>")
    assert spanish == ('<time datetime="2026-12-01T19:30Z" data-local-day="0">'
                       "1 de diciembre de 2026</time>")
    assert hour == '<time datetime="2026-12-01T20:00Z" data-local-day="60">1 December 2026</time>'


def test_every_results_scored_day_says_it_was_kept_to_the_hour():
    """app.assessments keeps a result's time to the hour: its day is that hour's middle."""
    kept = to_the_hour(datetime(2026, 12, 1, 18, 40, tzinfo=UTC))
    assert kept == datetime(2026, 12, 1, 18, tzinfo=UTC)
    uses = [(path.name, use) for path in Path(shipped_dir("templates")).glob("*.html")
            for use in re.findall(r"created_at\|[^}]*", path.read_text())]
    assert len(uses) >= 5
    assert all("local_day(to_the_hour=True)" in use for _, use in uses), uses

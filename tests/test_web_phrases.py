"""app.web.phrases: the emergency line and the sources line, kept once made per language."""

from __future__ import annotations

from app import i18n
from app.i18n import Languages
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

"""The Spanish reasons, advice and safety net read for the general public: Fernández-Huerta
60 or more ("normal" and easier) and Szigriszt-Pazos 55 or more ("normal"), textstat 0.7.3,
for every rule, every form an advice text can take, and the safety net at every level."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import textstat

from app.i18n import Languages
from app.triage import assess
from app.triage.advice import ADVICE
from app.triage.levels import VERSIONS
from app.triage.rules import RULES
from tests.factories import CASES
from tests.test_readability import _advice_forms, safety_nets

ES = Languages().get("es")
MIN_FERNANDEZ_HUERTA = 60.0
MIN_SZIGRISZT_PAZOS = 55.0


@pytest.fixture(autouse=True)
def spanish() -> Iterator[None]:
    # textstat's language is global: put English back for the other tests.
    textstat.set_lang("es")
    yield
    textstat.set_lang("en_US")


def plain(text: str) -> None:
    huerta, pazos = textstat.fernandez_huerta(text), textstat.szigriszt_pazos(text)
    assert huerta >= MIN_FERNANDEZ_HUERTA, f"Fernández-Huerta {huerta}: {text}"
    assert pazos >= MIN_SZIGRISZT_PAZOS, f"Szigriszt-Pazos {pazos}: {text}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_reason_is_plain(rule):
    spoken = ES.gettext(rule.text)
    assert spoken != rule.text
    plain(spoken)


@pytest.mark.parametrize("advice", [a for a in ADVICE if a.id != "safety-net"],
                         ids=lambda a: a.id)
def test_each_advice_text_is_plain_in_every_form(advice):
    # The forms tests/test_readability.py reads in English, in Spanish.
    english = set(_advice_forms(advice))
    spoken = set(_advice_forms(advice, ES.gettext))
    assert len(spoken) == len(english) and not spoken & english
    for text in spoken:
        plain(text)


def test_the_safety_net_is_plain_whatever_was_reported():
    texts = safety_nets(ES.gettext)
    assert len(texts) > 100 and not texts & safety_nets()
    for text in texts:
        plain(text)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_each_whole_result_is_plain(case):
    result = assess(case["answers"], ES.gettext)
    plain(" ".join([result.level.meaning, result.level.reassurance or "",
                    *(r.text for r in result.reasons),
                    *(f"{a.title}. {a.text}" for a in result.advice)]))


def test_level_words_are_plain_in_every_version():
    for levels in VERSIONS.values():
        for level in levels.values():
            spoken = level.translated(ES.gettext)
            assert spoken.meaning != level.meaning
            plain(spoken.meaning)
            if spoken.reassurance:
                plain(spoken.reassurance)

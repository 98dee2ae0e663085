"""Triage: answers in, result out. Pure: no web, database or other I/O.

The level is the most urgent of all rules that fire; no rule can lower another's level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.triage.advice import ADVICE, Advice, GivenAdvice, PlannedAdvice, plan, worded
from app.triage.levels import BY_ID as LEVELS_BY_ID
from app.triage.levels import LEVELS, Level, most_urgent
from app.triage.rules import RULES, RULES_VERSION, Rule
from app.triage.sources import SOURCES
from app.triage.words import Gettext, identity

__all__ = ["ADVICE", "LEVELS", "LEVELS_BY_ID", "RULES", "RULES_VERSION", "SOURCES",
           "Advice", "Gettext", "GivenAdvice", "Level", "Rule", "Scored", "TriageResult",
           "assess", "identity", "score"]


@dataclass(frozen=True)
class TriageResult:
    level: Level
    reasons: tuple[Rule, ...]  # every rule that fired, most urgent first
    advice: tuple[GivenAdvice, ...]

    @property
    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.reasons]


@dataclass(frozen=True)
class Scored:
    """Answers scored once, in no language yet: the rules that fired (most urgent first)
    and the advice chosen. Each language words the same scoring (`in_words`): a result
    kept in several languages is scored once."""

    level: Level
    reasons: tuple[Rule, ...]
    advice: tuple[PlannedAdvice, ...]

    def in_words(self, gettext: Gettext = identity) -> TriageResult:
        """The result, its words in `gettext`'s language (English by default); the level
        and rule ids are the same in every language."""
        level, reasons = self.level, self.reasons
        if gettext is not identity:
            level = level.translated(gettext)
            reasons = tuple(rule.translated(gettext) for rule in reasons)
        return TriageResult(level=level, reasons=reasons,
                            advice=worded(self.advice, gettext))


def score(answers: Mapping[str, Any]) -> Scored:
    fired = [rule for rule in RULES if rule.fires_when(answers)]
    level = most_urgent([rule.level for rule in fired])
    # sorted() is stable, so rules of one level keep the table's order.
    reasons = tuple(sorted(fired, key=lambda rule: LEVELS_BY_ID[rule.level].rank))
    return Scored(level=level, reasons=reasons, advice=plan(answers, level.id))


def assess(answers: Mapping[str, Any], gettext: Gettext = identity) -> TriageResult:
    """The result, its words in `gettext`'s language (English by default)."""
    return score(answers).in_words(gettext)

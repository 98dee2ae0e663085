"""What the rules and advice cite: the four source articles, and the tool's own safety rules
(the few that are not from the articles and must not pretend to be)."""

from app.triage.words import N_

# Marked for the catalogue (pages translate titles where shown), but an article's title is
# its own: every language keeps the English one, as the article is written.
ARTICLES: dict[str, str] = {
    "telling-you": N_("What Your Muscle Twitches Are Actually Telling You"),
    "red-flags": N_("Random Muscle Twitches: When Should You Be Concerned?"),
    "twitching-randomly": N_("Why Am I Twitching Randomly? Sudden Muscle Spasms"),
    "when-to-worry": N_("How to Get Rid of Muscle Twitches and When to Worry"),
}
SOURCES: dict[str, str] = {
    **ARTICLES,
    "product-safety": N_("Safety rule of this tool (not from the four articles)"),
}
ALL_ARTICLES: tuple[str, ...] = tuple(ARTICLES)


def titles(source_ids: tuple[str, ...] | list[str]) -> list[str]:
    return [SOURCES[s] for s in source_ids]

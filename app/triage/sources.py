"""The four source articles, by the ids the rules cite (spec/triage-rules.md, "Sources")."""

SOURCES: dict[str, str] = {
    "telling-you": "What Your Muscle Twitches Are Actually Telling You",
    "red-flags": "Random Muscle Twitches: When Should You Be Concerned?",
    "twitching-randomly": "Why Am I Twitching Randomly? Sudden Muscle Spasms",
    "when-to-worry": "How to Get Rid of Muscle Twitches and When to Worry",
}
ALL_SOURCES: tuple[str, ...] = tuple(SOURCES)


def titles(source_ids: tuple[str, ...] | list[str]) -> list[str]:
    return [SOURCES[s] for s in source_ids]

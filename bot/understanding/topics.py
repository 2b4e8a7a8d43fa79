"""Which words point at which critique/defence topic, for questions and `/critiques TOPIC`."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.knowledge.models import ArgumentTopic
from bot.knowledge.normalize import normalize

# Phrases (normalised) that name a topic in a question.
TOPIC_WORDS: dict[str, ArgumentTopic] = {
    "palestinians": ArgumentTopic.PALESTINIANS,
    "palestinian": ArgumentTopic.PALESTINIANS,
    "palestine": ArgumentTopic.PALESTINIANS,
    "gaza": ArgumentTopic.PALESTINIANS,
    "west bank": ArgumentTopic.PALESTINIANS,
    "annexation": ArgumentTopic.PALESTINIANS,
    "two state": ArgumentTopic.PALESTINIANS,
    "human rights": ArgumentTopic.HUMAN_RIGHTS,
    "rights": ArgumentTopic.HUMAN_RIGHTS,
    "spyware": ArgumentTopic.HUMAN_RIGHTS,
    "pegasus": ArgumentTopic.HUMAN_RIGHTS,
    "surveillance": ArgumentTopic.HUMAN_RIGHTS,
    "autocrats": ArgumentTopic.HUMAN_RIGHTS,
    "dissidents": ArgumentTopic.HUMAN_RIGHTS,
    "western sahara": ArgumentTopic.WESTERN_SAHARA,
    "sahara": ArgumentTopic.WESTERN_SAHARA,
    "polisario": ArgumentTopic.WESTERN_SAHARA,
    "arms sales": ArgumentTopic.ARMS_SALES,
    "arms": ArgumentTopic.ARMS_SALES,
    "arm": ArgumentTopic.ARMS_SALES,
    "weapons": ArgumentTopic.ARMS_SALES,
    "f35": ArgumentTopic.ARMS_SALES,
    "f 35": ArgumentTopic.ARMS_SALES,
    "jets": ArgumentTopic.ARMS_SALES,
    "jet": ArgumentTopic.ARMS_SALES,
    "drones": ArgumentTopic.ARMS_SALES,
    "mandate": ArgumentTopic.SUDAN_MANDATE,
    "sudans mandate": ArgumentTopic.SUDAN_MANDATE,
    "sudan mandate": ArgumentTopic.SUDAN_MANDATE,
    "forced": ArgumentTopic.SUDAN_MANDATE,
    "real peace": ArgumentTopic.REAL_PEACE,
    "never at war": ArgumentTopic.REAL_PEACE,
    "anti iran": ArgumentTopic.REAL_PEACE,
    "transactional": ArgumentTopic.TRANSACTIONAL,
    "bought": ArgumentTopic.TRANSACTIONAL,
    "bribe": ArgumentTopic.TRANSACTIONAL,
    "bribes": ArgumentTopic.TRANSACTIONAL,
    "public opinion": ArgumentTopic.PUBLIC_OPINION,
    "arab public": ArgumentTopic.PUBLIC_OPINION,
    "arab publics": ArgumentTopic.PUBLIC_OPINION,
    "popular": ArgumentTopic.PUBLIC_OPINION,
    "economy": ArgumentTopic.ECONOMY,
    "economic": ArgumentTopic.ECONOMY,
    "trade": ArgumentTopic.ECONOMY,
    "business": ArgumentTopic.ECONOMY,
    "durability": ArgumentTopic.DURABILITY,
    "durable": ArgumentTopic.DURABILITY,
    "survive": ArgumentTopic.DURABILITY,
    "survived": ArgumentTopic.DURABILITY,
    "dead": ArgumentTopic.DURABILITY,
    "died": ArgumentTopic.DURABILITY,
    "dying": ArgumentTopic.DURABILITY,
    "lasting": ArgumentTopic.DURABILITY,
    "collapse": ArgumentTopic.DURABILITY,
    "collapsed": ArgumentTopic.DURABILITY,
}

# An entity named in a critique question narrows it to this topic.
ENTITY_TOPICS: dict[str, ArgumentTopic] = {
    "morocco": ArgumentTopic.WESTERN_SAHARA,
    "sudan": ArgumentTopic.SUDAN_MANDATE,
    "kazakhstan": ArgumentTopic.KAZAKHSTAN,
    "somaliland": ArgumentTopic.SOMALILAND,
}


def topics_in(normalized: str) -> tuple[ArgumentTopic, ...]:
    """Return the topics named in a normalised question, in order of first mention."""
    padded = f" {normalized} "
    found: list[tuple[int, ArgumentTopic]] = []
    for phrase, topic in TOPIC_WORDS.items():
        at = padded.find(f" {phrase} ")
        if at >= 0 and all(t is not topic for _, t in found):
            found.append((at, topic))
    return tuple(t for _, t in sorted(found, key=lambda x: x[0]))


def resolve_topic(text: str) -> ArgumentTopic | None:
    """Resolve a `/critiques` argument ("human rights", "W. Sahara", "arms") to a topic."""
    key = normalize(text)
    if not key:
        return None
    names: dict[str, ArgumentTopic] = {normalize(t.label): t for t in ArgumentTopic}
    names.update({t.value.replace("_", " "): t for t in ArgumentTopic})
    names.update(TOPIC_WORDS)
    if key in names:
        return names[key]
    named = topics_in(key)
    if named:
        return named[0]
    hit = process.extractOne(key, list(names), scorer=fuzz.WRatio, score_cutoff=86)
    return names[hit[0]] if hit else None

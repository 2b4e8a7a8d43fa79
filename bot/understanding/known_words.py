"""The words the fact base knows: every word a question may use and still be on its topic.

Built once per knowledge base from the phrasings, the names, every text of the records, the
debate topics' words, month names, the cue words of the kinds of answer and the word
families. A word outside it is unknown to the facts, which marks a question as off-topic
when nothing else of the base is named; a typo is repaired towards a word inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.knowledge.models import KnowledgeBase
from bot.knowledge.normalize import normalize
from bot.understanding.kinds import CUE_WORDS
from bot.understanding.topics import TOPIC_WORDS
from bot.understanding.vocabulary import FAMILIES, FILLER, GENERIC, MONTHS, NEUTRAL, STOPWORDS


def _texts(kb: KnowledgeBase) -> list[str]:
    texts: list[str] = []
    for m in kb.members:
        texts += [
            m.status_detail,
            m.announced.detail,
            m.offered,
            m.ratification,
            *(x.text for x in m.milestones),
        ]
        if m.signed:
            texts += [m.signed.place, *m.signed.documents, m.signed.detail]
    for r in kb.related:
        texts += [r.summary, r.why_not]
    for p in kb.people:
        texts += [p.role, p.summary]
    texts += [e.text for e in kb.events]
    texts += [t.answer for t in kb.topics]
    texts += [a.claim + " " + a.who for a in kb.arguments]
    return texts


def vocabulary_of(
    kb: KnowledgeBase, phrasings: Iterable[str], aliases: Mapping[str, object]
) -> frozenset[str]:
    """Return every normalised word the fact base, its phrasings and its names use."""
    words: set[str] = set(FILLER) | set(STOPWORDS) | set(NEUTRAL) | set(GENERIC)
    for text in phrasings:
        words.update(text.split())
    for key in aliases:
        words.update(key.split())
    for text in _texts(kb):
        words.update(normalize(text).split())
    for phrase in TOPIC_WORDS:
        words.update(phrase.split())
    words.update(MONTHS)
    words.update(CUE_WORDS)
    words.update(FAMILIES)
    words.update(FAMILIES.values())
    return frozenset(words)

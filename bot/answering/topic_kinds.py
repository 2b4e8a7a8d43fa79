"""What kinds of question each topic's answer states, read by the kind model from the
topic's own questions.

A topic lists the questions it answers ("what are the abraham accords", "explain the abraham
accords"); the kinds the model reads first in enough of them are the kinds its answer states.
So "what did they get out of the accords?" answered with what the accords are states a
definition, not what anyone gained, and gives way to the findings on gains, without a list of
topic kinds written by hand.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from bot.knowledge.corpus import QuestionKind
from bot.knowledge.models import KnowledgeBase
from bot.understanding.kind_model import KindReader

SHARE = 0.2
"""A kind read first in at least this share of a topic's questions is one its answer states…"""
COVERED = 0.5
"""…when such kinds are read first in this share of them; a topic whose questions ask all
sorts of things ("what does the Iran war have to do with the accords?") may state any."""


def topic_kinds(kb: KnowledgeBase, reader: KindReader) -> Mapping[str, frozenset[QuestionKind]]:
    """Return the kinds each topic states; a topic whose questions the model reads none of, or
    reads as asking all sorts, is left out (its answer may state any kind)."""
    stated: dict[str, frozenset[QuestionKind]] = {}
    for topic in kb.topics:
        tops = Counter(reader.guess(q).top for q in topic.questions)
        tops.pop(None, None)
        tops.pop(QuestionKind.OFFTOPIC, None)
        read = sum(tops.values())
        kinds = frozenset(k for k, n in tops.items() if k is not None and n >= SHARE * read)
        if kinds and sum(tops[k] for k in kinds) >= COVERED * read:
            stated[topic.id] = kinds
    return stated

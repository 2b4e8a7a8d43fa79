"""The critiques and defences that bear most on a question, in order.

A debate answer shows a few views of each side; which few is decided here. A view that states
more of the question's own terms, weighed by how rare each term is among the views, comes
first ("were the F-35s a bribe?" leads with the views on the arms sales); views that state
none of them keep the facts' order, the most cited first.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from bot.knowledge.models import Argument
from bot.understanding.terms import quick_terms

WHO_WEIGHT = 0.5
"""How much a term counts when only the view's attribution has it: who says it, and where it
was reported ("as reported by People's Dispatch" is not a view on people)."""


class ArgumentRanking:
    """Rank views by how much of a question's terms they state."""

    def __init__(self, arguments: Sequence[Argument]) -> None:
        self._said = {
            a.id: quick_terms(" ".join((a.claim, *(t.label for t in a.topics)))) for a in arguments
        }
        self._who = {a.id: quick_terms(a.who) for a in arguments}
        counts = Counter(t for a in arguments for t in self._said[a.id] | self._who[a.id])
        total = len(arguments) + 1
        self._idf = {t: math.log(total / n) for t, n in counts.items()}

    def relevance(self, argument: Argument, focus: frozenset[str]) -> float:
        """Return the idf-weighted share of `focus` that `argument` states, a term only its
        attribution has counting less."""
        weights = {t: self._idf[t] for t in focus if t in self._idf}
        if not weights:
            return 0.0
        said = self._said.get(argument.id, frozenset())
        who = self._who.get(argument.id, frozenset())
        stated = sum(
            w * (1.0 if t in said else WHO_WEIGHT * (t in who)) for t, w in weights.items()
        )
        return stated / sum(weights.values())

    def ranked(self, arguments: Sequence[Argument], focus: frozenset[str]) -> list[Argument]:
        """Return `arguments` with those stating most of `focus` first; ties keep their order."""
        return sorted(arguments, key=lambda a: -self.relevance(a, focus))

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


class ArgumentRanking:
    """Rank views by how much of a question's terms they state."""

    def __init__(self, arguments: Sequence[Argument]) -> None:
        self._terms = {
            a.id: quick_terms(" ".join((a.who, a.claim, *(t.label for t in a.topics))))
            for a in arguments
        }
        counts = Counter(t for found in self._terms.values() for t in found)
        total = len(self._terms) + 1
        self._idf = {t: math.log(total / n) for t, n in counts.items()}

    def relevance(self, argument: Argument, focus: frozenset[str]) -> float:
        """Return the idf-weighted share of `focus` that `argument` states."""
        weights = {t: self._idf[t] for t in focus if t in self._idf}
        if not weights:
            return 0.0
        stated = sum(w for t, w in weights.items() if t in self._terms.get(argument.id, ()))
        return stated / sum(weights.values())

    def ranked(self, arguments: Sequence[Argument], focus: frozenset[str]) -> list[Argument]:
        """Return `arguments` with those stating most of `focus` first; ties keep their order."""
        return sorted(arguments, key=lambda a: -self.relevance(a, focus))

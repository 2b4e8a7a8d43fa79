"""The answering pipeline: one ordered list of routes, one of checks, one of revisions.

A question is read once (`context.asking`, with the kinds the model reads); the first route
that proposes an answer gives it; then the first check that objects to that answer replaces
it (with the claims of the year asked, or with "the facts lack that"), and the answer stands
if none does. Last, each revision by the kind read in turn may replace or extend the answer
so far: answer a question the routes left, give the kind asked instead of another, add the
second kind asked, and correct a wrong premise about the member named. A revised answer must
still state the detail asked. Adding a kind of question is one route module, one line in
`ROUTES` and its tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from bot import wording
from bot.answer import Answer
from bot.answering.pipeline.checks import (
    each_state,
    office,
    part_of_text,
    personal,
    year_asked,
    yes_no,
)
from bot.answering.pipeline.context import Asking, Proposal, Tools
from bot.answering.pipeline.revisions import kind_asked, kind_fallback, premise, second_kind
from bot.answering.pipeline.routes import (
    best_answer,
    members_table,
    memberships,
    since,
    unknown_words,
)

Check = Callable[[Tools, Asking, Proposal], Proposal | None]
"""Replace a proposed answer that misses what was asked, or None to let it stand."""
Revise = Callable[[Tools, Asking, Proposal, Proposal], Proposal | None]
"""Revise the answer so far (given the routes' own, checked, as well), or None to keep it."""


class Route(NamedTuple):
    """One route: its name, what it proposes, and whether the checks weigh its answers."""

    name: str
    propose: Callable[[Tools, Asking], Proposal | None]
    """Propose an answer to the question, or None to leave it to the next route."""
    checked: bool = False
    """Whether the checks weigh its answers: a list or a refusal stands as it is."""


ROUTES: tuple[Route, ...] = (
    Route("unknown_words", unknown_words.propose),
    Route("memberships", memberships.propose),
    Route("members_table", members_table.propose),
    Route("since", since.propose),
    Route("best_answer", best_answer.propose, checked=True),
)
CHECKS: tuple[tuple[str, Check], ...] = (
    ("part_of_text", part_of_text.check),
    ("year_asked", year_asked.check),
    ("personal", personal.check),
    ("office", office.check),
    ("each_state", each_state.check),
    ("yes_no", yes_no.check),
)


class Revision(NamedTuple):
    """One revision by the kind read: its name, what it does, and whether the checks of the
    detail asked weigh the answer it gives."""

    name: str
    revise: Revise
    detailed: bool = True


REVISIONS: tuple[Revision, ...] = (
    Revision("kind_fallback", kind_fallback.revise),
    Revision("kind_asked", kind_asked.revise),
    Revision("second_kind", second_kind.revise, detailed=False),
    Revision("premise", premise.revise, detailed=False),
)

DETAIL_CHECKS = frozenset({"part_of_text", "personal", "office"})
"""The checks that any answer, wherever it was proposed, must pass: the detail asked is in it."""


@dataclass(frozen=True, slots=True)
class Pipeline:
    """The routes and checks, in order; a test may leave one out to see what it decides."""

    routes: tuple[Route, ...] = ROUTES
    checks: tuple[tuple[str, Check], ...] = CHECKS
    revisions: tuple[Revision, ...] = REVISIONS

    def without(self, name: str) -> Pipeline:
        """Return this pipeline with the route, check or revision called `name` left out."""
        return Pipeline(
            tuple(r for r in self.routes if r.name != name),
            tuple(c for c in self.checks if c[0] != name),
            tuple(r for r in self.revisions if r.name != name),
        )

    def run(self, tools: Tools, asking: Asking) -> Proposal:
        """Return the first route's proposal, as the first objecting check leaves it when
        the route's answers are checked ("no confident match" when no route proposes), as
        the revisions leave it."""
        return self._revised(tools, asking, self._routed(tools, asking))

    def _routed(self, tools: Tools, asking: Asking) -> Proposal:
        for route in self.routes:
            proposal = route.propose(tools, asking)
            if proposal is not None:
                return self._checked(tools, asking, proposal) if route.checked else proposal
        return tools.replies.no_answer(asking.shown, wording.NO_CONFIDENT_MATCH), asking.state

    def _revised(self, tools: Tools, asking: Asking, routed: Proposal) -> Proposal:
        proposal = routed
        for revision in self.revisions:
            revised = revision.revise(tools, asking, proposal, routed)
            if revised is None:
                continue
            lacking = self.lacks_detail(tools, asking, revised[0]) if revision.detailed else None
            proposal = lacking or revised
        return proposal

    def lacks_detail(self, tools: Tools, asking: Asking, answer: Answer) -> Proposal | None:
        """Return "the facts lack that" when `answer`, proposed outside these routes (the
        kind asked, read by the model), leaves out a detail asked: a part of a text, a
        personal detail or an office."""
        proposal = (answer, asking.state)
        for name, check in self.checks:
            found = check(tools, asking, proposal) if name in DETAIL_CHECKS else None
            if found is not None:
                return found
        return None

    def _checked(self, tools: Tools, asking: Asking, proposal: Proposal) -> Proposal:
        for _, check in self.checks:
            replaced = check(tools, asking, proposal)
            if replaced is not None:
                return replaced
        return proposal

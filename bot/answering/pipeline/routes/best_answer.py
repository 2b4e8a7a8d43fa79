"""Route: the phrasing route's answer, or the claims that answer the question better.

The last route, which always proposes: the intent the question's phrasing matches answers
first; a claim of the kind asked, or one stating clearly more of the question, replaces it;
an answer that states none of what was asked becomes "the facts lack that"; a second kind
asked of the same record is added.
"""

from __future__ import annotations

from bot import wording
from bot.answer import Answer, Status
from bot.answering.pipeline.context import Asking, Proposal, Tools
from bot.answering.units import Unit
from bot.state import ConversationState
from bot.understanding.intents import IntentName
from bot.understanding.kinds import Kind


def propose(tools: Tools, asking: Asking) -> Proposal:
    """Propose the best answer the phrasing route and the claims give together."""
    answer, state = _by_phrasing(tools, asking)
    units = [] if _members_asked(answer, asking) else asking.units
    units = tools.claims.claims_instead(answer, units, asking.hits, asking.reading)
    refusal = _unanswered(tools, asking, answer, units)
    if refusal is not None:
        return refusal
    if units:
        answer, state = _from_units(tools, asking, units)
    return tools.claims.with_second_kind(answer, asking.hits, asking.reading), state


def _by_phrasing(tools: Tools, asking: Asking) -> Proposal:
    """Return the phrasing route's answer: naming only the accords asks what they are
    ("abraham accords in short??"), and asking back between readings of one record is
    answered by its overview when that states what was asked."""
    answer, state = tools.intents.by_intent(asking.shown, asking.analysis, asking.state)
    reading = asking.reading
    if (
        answer.status is not Status.ANSWERED
        and reading.names_accords
        and not (reading.entities or reading.people or reading.focus)
    ):
        answer, state = tools.intents.what_they_are(asking.shown, asking.state)
    if answer.status is Status.CLARIFY:
        return _overview_instead(tools, asking) or (answer, state)
    return answer, state


def _overview_instead(tools: Tools, asking: Asking) -> Proposal | None:
    """Return the one named record's overview in place of asking back, when it answers."""
    reading = asking.reading
    named = (*reading.entities, *reading.people)
    if len(named) != 1 or asking.units:
        return None
    overview = tools.intents.entity_answer(asking.shown, named[0], IntentName.MEMBER_OVERVIEW)
    who_is = asking.analysis.tokens[:3] in (("who", "is", "xperson"), ("who", "was", "xperson"))
    if (
        reading.focus
        and not who_is  # "who is <the person> who …": their profile answers
        and tools.claims.share_stated(overview, reading) < tools.rank_policy.min_coverage
    ):
        return None
    state = ConversationState(entity_id=named[0], fact_ids=overview.fact_ids, score=overview.score)
    return overview, state


def _members_asked(answer: Answer, asking: Asking) -> bool:
    """Return whether the question asks about the set of members and the list answers it."""
    return answer.intent == "members" and bool(asking.reading.kinds & {Kind.SET, Kind.COUNT})


def _unanswered(tools: Tools, asking: Asking, answer: Answer, units: list[Unit]) -> Proposal | None:
    """Return a refusal when no claim answers and the answer states none of the question."""
    if units:
        return None
    reading = asking.reading
    if (
        not asking.evidence
        and answer.status is Status.ANSWERED
        and len(reading.unknown) >= 2
        and tools.claims.share_stated(answer, reading) == 0.0
    ):
        # nothing of the base is named, several words are unknown to it, and the answer
        # states none of the question ("who won the league final last season?")
        return tools.replies.no_answer(asking.shown, wording.NO_CONFIDENT_MATCH), asking.state
    if tools.claims.states_nothing_asked(answer, reading):
        lacks = wording.record_lacks(tools.claim_answers.name(answer.fact_ids[0]))
        return tools.replies.no_answer(asking.shown, lacks, answer.suggestions), asking.state
    return None


def _from_units(tools: Tools, asking: Asking, units: list[Unit]) -> Proposal:
    """Answer from the claims, remembering their one subject when it is a state."""
    answer = tools.claim_answers.answer(asking.shown, units, asking.hits[0].score)
    reading = asking.reading
    subject = units[0].subject if len(units) == 1 else None
    if subject not in tools.members and subject not in tools.related:
        subject = reading.entities[0] if reading.entities else asking.state.entity_id
    return answer, ConversationState(
        entity_id=subject, fact_ids=answer.fact_ids, score=answer.score
    )

"""Compose answers from records: a date lives in one record and every answer reads it there.

Pure functions from knowledge records to `Answer`s: here the answers about one record (a
member, a non-member, a person, a topic); the lists (members, events, the debate) are in
`bot.answering.list_answers`, a record's whole text in `bot.answering.record_text`, and the
parts every answer shares in `bot.answering.assemble`. Critiques and defences are always
attributed ("Critics say… / Supporters argue…"); statuses are shown by their fixed label.
"""

from __future__ import annotations

from bot import wording
from bot.answer import Answer, AnswerField, ShownClaim
from bot.answering.assemble import (
    answered,
    caveat_notes,
    cited,
    first_sentences,
    focused,
    shown,
)
from bot.answering.list_answers import (
    arguments_answer,
    events_answer,
    members_answer,
    timeline_overview,
)
from bot.answering.record_text import (
    member_fields,
    member_more,
    record_more,
    signers,
    signing_line,
)
from bot.answering.units import claims_of
from bot.knowledge.models import Claim, FuzzyDate, KnowledgeBase, Member, Person, Related, Topic

__all__ = [
    "arguments_answer",
    "cited",
    "events_answer",
    "member_answer",
    "member_fields",
    "member_more",
    "members_answer",
    "person_answer",
    "record_more",
    "related_answer",
    "shown",
    "timeline_overview",
    "topic_answer",
]


def member_answer(kb: KnowledgeBase, question: str, m: Member, intent: str) -> Answer:  # noqa: C901  # over the limit before it was enforced: split it
    """Answer one member question in a sentence or two, each statement with its sources.

    The whole record (every detail, note and source) is in `more`. Notes are added only for
    caveats on the claims shown.
    """
    name, short = m.name, m.short_name
    signed = m.signed
    used: list[Claim] = []

    def say(
        text: str, *fields: str, noted: bool = True, date: FuzzyDate | None = None
    ) -> ShownClaim:
        found = claims_of(m, *fields)
        if noted:  # its caveats become notes; a bare status label cites without them
            used.extend(found)
        return shown(text, m.id, found, date)

    def status() -> ShownClaim:
        return say(wording.status_sentence(m.status.label), "status_detail", noted=False)

    def when() -> list[ShownClaim]:
        announced = say(
            wording.announced_clause(name, m.announced.date.human),
            "announced",
            date=m.announced.date,
        )
        if signed is None:
            return [announced, say(wording.NO_SIGNING_CLAUSE, "announced")]
        clause = wording.signed_clause(signed.date.human, signed.place)
        return [announced, say(clause, "signed", date=signed.date)]

    fields: list[AnswerField] = []
    claims: list[ShownClaim]
    title = wording.member_title(intent, name, short, signed=signed is not None)
    if intent == "member_is":
        from bot.answering.yesno import membership_lead  # the one wording of yes and no

        # the lead, then when it joined (the dates answer "since when?" too), then the status
        claims = [*when(), status()]
        body = (
            f"{membership_lead(name, m.status)} {claims[0].text}, {claims[1].text}. "
            f"{claims[2].text}"
        )
    elif intent == "member_when":
        claims = [*when(), status()]
        body = f"{claims[0].text}, {claims[1].text}. {claims[2].text}"
    elif intent == "member_how":
        claims = [
            say(m.announced.detail, "announced"),
            say(signing_line(m), "signed" if signed else "announced"),
        ]
        if signed and signed.detail:
            claims.append(say(signed.detail, "signed.detail"))
        body = " ".join(c.text for c in claims)
        if m.offered:
            offered = say(first_sentences(m.offered), "offered")
            claims.append(offered)
            fields.append(AnswerField(wording.FIELD_OFFERED, offered.text))
    elif intent == "member_documents":
        if signed:
            documents = "; ".join(signed.documents)
            claims = [say(wording.signed_documents(name, documents, signed.date.human), "signed")]
            if signed.detail:
                claims.append(say(first_sentences(signed.detail), "signed.detail"))
        else:
            claims = [say(signing_line(m), "announced")]
        body = " ".join(c.text for c in claims)
    elif intent == "member_where":
        text = (
            wording.signed_at(name, signed.place, signed.date.human) if signed else signing_line(m)
        )
        claims = [say(text, "signed" if signed else "announced")]
        body = text
    elif intent == "member_signers":
        text = wording.signed_by(signed.date.human, signers(m)) if signed else signers(m)
        claims = [say(text, "signed.signatories" if signed else "announced")]
        body = text
    elif intent == "member_offered":
        text = first_sentences(m.offered, 3) if m.offered else wording.NO_OFFER
        claims = [say(text, "offered" if m.offered else "announced")]
        body = text
    elif intent == "member_status":
        text = f"{m.status.label}. {m.status_detail}"
        claims = [say(text, "status_detail")]
        body = text
    else:
        claims = [say(m.status_detail, "status_detail"), *when()]
        body = m.status_detail
        fields = member_fields(m)
    noted = {c for claim in used for c in claim.caveats}
    return answered(
        kb,
        question,
        title,
        body,
        fact_ids=[m.id],
        provs=[m.provenance],
        intent=intent,
        fields=fields,
        notes=caveat_notes(c for c in m.caveats if c in noted),
        claims=claims,
        more=member_more(m),
    )


def related_answer(kb: KnowledgeBase, question: str, r: Related, intent: str) -> Answer:
    """Answer about a non-member: never as a member, always with its own status label."""
    title = wording.related_title(r.name, r.status.label)
    body = f"{r.summary}"
    fields = [
        AnswerField(
            wording.FIELD_WHY_NOT
            if r.status.value != "separate_agreement"
            else wording.FIELD_DIFFERS,
            r.why_not,
        )
    ]
    return answered(
        kb,
        question,
        title,
        body,
        fact_ids=[r.id],
        provs=[r.provenance],
        claims=[
            shown(r.summary, r.id, claims_of(r, "summary")),
            shown(r.why_not, r.id, claims_of(r, "why_not")),
        ],
        more=record_more(r),
        intent=intent,
        fields=fields,
        notes=caveat_notes(r.caveats),
    )


def person_answer(kb: KnowledgeBase, question: str, p: Person) -> Answer:
    """Answer who a person is and what they did."""
    return answered(
        kb,
        question,
        p.name,
        f"{p.role}. {p.summary}",
        fact_ids=[p.id],
        provs=[p.provenance],
        claims=[shown(f"{p.role}. {p.summary}", p.id, claims_of(p, "description"))],
        more=record_more(p),
        intent="person",
        notes=caveat_notes(p.caveats),
    )


def topic_answer(kb: KnowledgeBase, question: str, t: Topic) -> Answer:
    """Answer a free-text topic."""
    contested = t.id.startswith(("critique", "defence"))
    body = focused(t.answer, question)
    return answered(
        kb,
        question,
        t.title,
        body,
        fact_ids=[t.id],
        provs=[t.provenance],
        claims=[shown(body, t.id, claims_of(t, "answer"))],
        more=record_more(t),
        intent="topic",
        notes=caveat_notes(t.caveats),
        contested=contested,
    )

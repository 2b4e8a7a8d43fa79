"""Compose answers from records: a date lives in one record and every answer reads it there.

Pure functions from knowledge records to `Answer`s: here the answers about one record (a
member, a non-member, a person, a topic); the lists (members, events, the debate) are in
`bot.answering.list_answers`, a record's whole text in `bot.answering.record_text`, and the
parts every answer shares in `bot.answering.assemble`. Critiques and defences are always
attributed ("Critics say… / Supporters argue…"); statuses are shown by their fixed label.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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


def member_answer(kb: KnowledgeBase, question: str, m: Member, intent: str) -> Answer:
    """Answer one member question in a sentence or two, each statement with its sources.

    The whole record (every detail, note and source) is in `more`. Notes are added only for
    caveats on the claims shown.
    """
    saying = _Saying(m)
    claims, body = _MEMBER_ANSWERS.get(intent, _overview)(saying)
    title = wording.member_title(intent, m.name, m.short_name, signed=m.signed is not None)
    noted = {c for claim in saying.used for c in claim.caveats}
    return answered(
        kb,
        question,
        title,
        body,
        fact_ids=[m.id],
        provs=[m.provenance],
        intent=intent,
        fields=saying.fields,
        notes=caveat_notes(c for c in m.caveats if c in noted),
        claims=claims,
        more=member_more(m),
    )


@dataclass
class _Saying:
    """The statements one member answer makes, the claims they rest on and its fields."""

    m: Member
    used: list[Claim] = field(default_factory=list)
    fields: list[AnswerField] = field(default_factory=list)

    def say(
        self, text: str, *fields: str, noted: bool = True, date: FuzzyDate | None = None
    ) -> ShownClaim:
        found = claims_of(self.m, *fields)
        if noted:  # its caveats become notes; a bare status label cites without them
            self.used.extend(found)
        return shown(text, self.m.id, found, date)

    def status(self) -> ShownClaim:
        return self.say(wording.status_sentence(self.m.status.label), "status_detail", noted=False)

    def when(self) -> list[ShownClaim]:
        m, signed = self.m, self.m.signed
        announced = self.say(
            wording.announced_clause(m.name, m.announced.date.human),
            "announced",
            date=m.announced.date,
        )
        if signed is None:
            return [announced, self.say(wording.NO_SIGNING_CLAUSE, "announced")]
        clause = wording.signed_clause(signed.date.human, signed.place)
        return [announced, self.say(clause, "signed", date=signed.date)]


_Said = tuple[list[ShownClaim], str]


def _is(s: _Saying) -> _Said:
    from bot.answering.yesno import membership_lead  # the one wording of yes and no

    # the lead, then when it joined (the dates answer "since when?" too); the lead says the
    # status already, so it is stated but not said twice
    claims = [*s.when(), s.status()]
    lead = membership_lead(s.m.name, s.m.status)
    return claims, f"{lead} {claims[0].text}, {claims[1].text}."


def _when(s: _Saying) -> _Said:
    claims = [*s.when(), s.status()]
    return claims, f"{claims[0].text}, {claims[1].text}. {claims[2].text}"


def _how(s: _Saying) -> _Said:
    m, signed = s.m, s.m.signed
    claims = [
        s.say(m.announced.detail, "announced"),
        s.say(signing_line(m), "signed" if signed else "announced"),
    ]
    if signed and signed.detail:
        claims.append(s.say(signed.detail, "signed.detail"))
    body = " ".join(c.text for c in claims)
    if m.offered:
        offered = s.say(first_sentences(m.offered), "offered")
        claims.append(offered)
        s.fields.append(AnswerField(wording.FIELD_OFFERED, offered.text))
    return claims, body


def _documents(s: _Saying) -> _Said:
    m, signed = s.m, s.m.signed
    if signed is None:
        claims = [s.say(signing_line(m), "announced")]
    else:
        documents = "; ".join(signed.documents)
        said = wording.signed_documents(m.name, documents, signed.date.human)
        claims = [s.say(said, "signed", date=signed.date)]
        if signed.detail:
            claims.append(s.say(first_sentences(signed.detail), "signed.detail"))
    return claims, " ".join(c.text for c in claims)


def _where(s: _Saying) -> _Said:
    m, signed = s.m, s.m.signed
    text = wording.signed_at(m.name, signed.place, signed.date.human) if signed else signing_line(m)
    date = signed.date if signed else m.announced.date
    return [s.say(text, "signed" if signed else "announced", date=date)], text


def _signers(s: _Saying) -> _Said:
    m, signed = s.m, s.m.signed
    text = wording.signed_by(signed.date.human, signers(m)) if signed else signers(m)
    date = signed.date if signed else None
    return [s.say(text, "signed.signatories" if signed else "announced", date=date)], text


def _offered(s: _Saying) -> _Said:
    m = s.m
    text = first_sentences(m.offered, 3) if m.offered else wording.NO_OFFER
    return [s.say(text, "offered" if m.offered else "announced")], text


def _status(s: _Saying) -> _Said:
    text = f"{s.m.status.label}. {s.m.status_detail}"
    return [s.say(text, "status_detail")], text


def _overview(s: _Saying) -> _Said:
    claims = [s.say(s.m.status_detail, "status_detail"), *s.when()]
    s.fields = member_fields(s.m, brief=True)
    return claims, s.m.status_detail


_MEMBER_ANSWERS: dict[str, Callable[[_Saying], _Said]] = {
    "member_is": _is,
    "member_when": _when,
    "member_how": _how,
    "member_documents": _documents,
    "member_where": _where,
    "member_signers": _signers,
    "member_offered": _offered,
    "member_status": _status,
}
"""How each kind of member answer is said; any other is the member's overview."""


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

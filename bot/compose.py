"""Compose answers from records: a date lives in one record and every answer reads it there.

Pure functions from knowledge records to `Answer`s. Critiques and defences are always
attributed ("Critics say… / Supporters argue…"); statuses are shown by their fixed label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from bot.answer import Answer, AnswerField, ShownClaim, Source, Status
from bot.answering.units import claims_of, sentences
from bot.knowledge.models import (
    Argument,
    ArgumentTopic,
    Claim,
    Event,
    KnowledgeBase,
    Member,
    Person,
    Provenance,
    Related,
    Side,
    Topic,
)

MAX_BODY = 3500
MAX_SOURCES = 8


def _sources(provs: Iterable[Provenance], limit: int = MAX_SOURCES) -> tuple[Source, ...]:
    seen: dict[str, Source] = {}
    for prov in provs:
        for src in prov.sources:
            seen.setdefault(src.url, src)
    return tuple(list(seen.values())[:limit])


def _clip(lines: Sequence[str], more_hint: str) -> str:
    out: list[str] = []
    size = 0
    for i, line in enumerate(lines):
        if size + len(line) + 1 > MAX_BODY:
            out.append(f"… and {len(lines) - i} more. {more_hint}".strip())
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


SHOWN_SOURCES = 3


def shown(text: str, fact_id: str, claims: Sequence[Claim]) -> ShownClaim:
    """Return one statement of an answer with the sources of the claims it rests on."""
    seen: dict[str, Source] = {}
    for c in claims:
        for src in c.sources:
            seen.setdefault(src.url, src)
    return ShownClaim(text, fact_id, tuple(seen.values()))


def cited(claims: Sequence[ShownClaim], limit: int = SHOWN_SOURCES) -> tuple[Source, ...]:
    """Return the sources of the statements shown, best first: each one's first, then the rest."""
    seen: dict[str, Source] = {}
    for rank in range(max((len(c.sources) for c in claims), default=0)):
        for c in claims:
            if rank < len(c.sources):
                seen.setdefault(c.sources[rank].url, c.sources[rank])
    return tuple(list(seen.values())[:limit])


def _answer(
    kb: KnowledgeBase,
    question: str,
    title: str,
    body: str,
    *,
    fact_ids: Sequence[str],
    provs: Iterable[Provenance],
    intent: str,
    fields: Sequence[AnswerField] = (),
    notes: Sequence[str] = (),
    contested: bool = False,
    claims: Sequence[ShownClaim] = (),
    more: str = "",
) -> Answer:
    return Answer(
        question=question,
        status=Status.ANSWERED,
        title=title,
        body=body,
        fields=tuple(fields),
        sources=cited(claims) if claims else _sources(provs, SHOWN_SOURCES),
        as_of=kb.as_of,
        fact_ids=tuple(fact_ids),
        intent=intent,
        notes=tuple(notes),
        contested=contested,
        claims=tuple(claims),
        more=more,
    )


def _first(text: str, n: int = 2) -> str:
    return " ".join(sentences(text)[:n])


def member_more(m: Member) -> str:
    """Return a member's whole record as text: every detail, note and source."""
    return _record_text(
        m.name, [m.status_detail, *(f"{f.name}: {f.value}" for f in member_fields(m))], m
    )


def _record_text(
    name: str, lines: Sequence[str], rec: Member | Related | Person | Event | Topic | Argument
) -> str:
    out = [name, *lines, *(f"Note: {c}" for c in rec.caveats), "Sources:"]
    out += [f"- {s.title}: {s.url}" for s in rec.provenance.sources]
    return "\n".join(out)


def record_more(rec: Member | Related | Person | Event | Topic | Argument) -> str:
    """Return any record's whole text, as the More button and `ask --full` show it.

    The first line names the record; the sources come last as "Sources:" and "- TITLE: URL".
    """
    if isinstance(rec, Member):
        return member_more(rec)
    if isinstance(rec, Related):
        return _record_text(
            rec.name, [f"Status: {rec.status.label}", rec.summary, rec.why_not], rec
        )
    if isinstance(rec, Person):
        return _record_text(rec.name, [f"{rec.role}.", rec.summary], rec)
    if isinstance(rec, Event):
        return _record_text(rec.date.human, [rec.text], rec)
    if isinstance(rec, Topic):
        return _record_text(rec.title, [rec.answer], rec)
    side = "Critics say" if rec.side is Side.CRITIQUE else "Supporters argue"
    return _record_text(side, [f"{rec.who}: {rec.claim}"], rec)


def _caveat_notes(caveats: Iterable[str]) -> tuple[str, ...]:
    return tuple(f"Note: {c}" for c in caveats)


def _signing_line(m: Member) -> str:
    if m.signed is None:
        return (
            f"No signing of {m.short_name}'s accession is on record in the fact base "
            f"(sources reviewed up to the as-of date)."
        )
    return f"Signed on {m.signed.date.human} in {_place(m.signed.place)}."


def _place(place: str) -> str:
    place = place.rstrip(".")
    return "the" + place[3:] if place.startswith("The ") else place


def _signers(m: Member) -> str:
    if m.signed is None:
        return "No signatories are on record: no signing has been found."
    return "; ".join(f"{s.name} ({s.role})" for s in m.signed.signatories)


def member_fields(m: Member, *, brief: bool = False) -> list[AnswerField]:
    """Return the labelled parts of a member's record."""
    fields = [
        AnswerField("Status", m.status.label),
        AnswerField("Announced", f"{m.announced.date.human}: {m.announced.detail}"),
    ]
    if m.signed is not None:
        fields.append(AnswerField("Signed", f"{m.signed.date.human}, {m.signed.place}"))
        if not brief:
            fields.append(AnswerField("Documents", "; ".join(m.signed.documents)))
            fields.append(AnswerField("Signatories", _signers(m)))
    else:
        fields.append(AnswerField("Signed", _signing_line(m)))
    if not brief and m.ratification:
        fields.append(AnswerField("Ratification", m.ratification))
    if not brief and m.offered:
        fields.append(AnswerField("Offered in connection", m.offered))
    if not brief and m.milestones:
        fields.append(
            AnswerField(
                "Later milestones",
                "\n".join(f"{x.date.human}: {x.text}" for x in m.milestones),
            )
        )
    return fields


def member_answer(kb: KnowledgeBase, question: str, m: Member, intent: str) -> Answer:
    """Answer one member question in a sentence or two, each statement with its sources.

    The whole record (every detail, note and source) is in `more`. Notes are added only for
    caveats on the claims shown.
    """
    name, short = m.name, m.short_name
    signed = m.signed
    used: list[Claim] = []

    def say(text: str, *fields: str, noted: bool = True) -> ShownClaim:
        found = claims_of(m, *fields)
        if noted:  # its caveats become notes; a bare status label cites without them
            used.extend(found)
        return shown(text, m.id, found)

    def status() -> ShownClaim:
        return say(f"Status: {m.status.label}.", "status_detail", noted=False)

    def when() -> list[ShownClaim]:
        announced = say(f"{name}: announced {m.announced.date.human}", "announced")
        if signed is None:
            return [announced, say("no signing is on record", "announced")]
        return [announced, say(f"signed {signed.date.human} in {_place(signed.place)}", "signed")]

    fields: list[AnswerField] = []
    claims: list[ShownClaim]
    if intent == "member_is":
        from bot.answering.yesno import membership_lead  # the one wording of yes and no

        title = f"Is {short} a member?"
        claims = [status()]
        body = f"{membership_lead(name, m.status)} {claims[0].text}"
    elif intent == "member_when":
        title = f"When {short} joined" if signed else f"{name}: accession announced"
        claims = [*when(), status()]
        body = f"{claims[0].text}, {claims[1].text}. {claims[2].text}"
    elif intent == "member_how":
        title = f"How {short} joined"
        claims = [
            say(m.announced.detail, "announced"),
            say(_signing_line(m), "signed" if signed else "announced"),
        ]
        if signed and signed.detail:
            claims.append(say(signed.detail, "signed.detail"))
        body = " ".join(c.text for c in claims)
        if m.offered:
            offered = say(_first(m.offered), "offered")
            claims.append(offered)
            fields.append(AnswerField("Offered in connection", offered.text))
    elif intent == "member_documents":
        title = f"What {short} signed"
        if signed:
            documents = "; ".join(signed.documents)
            claims = [say(f"{name} signed: {documents} ({signed.date.human}).", "signed")]
            if signed.detail:
                claims.append(say(_first(signed.detail), "signed.detail"))
        else:
            claims = [say(_signing_line(m), "announced")]
        body = " ".join(c.text for c in claims)
    elif intent == "member_where":
        title = f"Where {short} signed"
        text = (
            f"{name} signed at {_place(signed.place)}, on {signed.date.human}."
            if signed
            else _signing_line(m)
        )
        claims = [say(text, "signed" if signed else "announced")]
        body = text
    elif intent == "member_signers":
        title = f"Who signed for {short}"
        text = f"On {signed.date.human}: {_signers(m)}." if signed else _signers(m)
        claims = [say(text, "signed.signatories" if signed else "announced")]
        body = text
    elif intent == "member_offered":
        title = f"What was offered in connection with {short}'s deal"
        text = (
            _first(m.offered, 3)
            if m.offered
            else "No offer in connection with this deal is recorded in the fact base."
        )
        claims = [say(text, "offered" if m.offered else "announced")]
        body = text
    elif intent == "member_status":
        title = f"{name}: status now"
        text = f"{m.status.label}. {m.status_detail}"
        claims = [say(text, "status_detail")]
        body = text
    else:
        title = f"{name} and the Abraham Accords"
        claims = [say(m.status_detail, "status_detail"), *when()]
        body = m.status_detail
        fields = member_fields(m)
    noted = {c for claim in used for c in claim.caveats}
    return _answer(
        kb,
        question,
        title,
        body,
        fact_ids=[m.id],
        provs=[m.provenance],
        intent=intent,
        fields=fields,
        notes=_caveat_notes(c for c in m.caveats if c in noted),
        claims=claims,
        more=member_more(m),
    )


def related_answer(kb: KnowledgeBase, question: str, r: Related, intent: str) -> Answer:
    """Answer about a non-member: never as a member, always with its own status label."""
    title = f"{r.name}: {r.status.label}"
    body = f"{r.summary}"
    fields = [
        AnswerField(
            "Why it is not a member"
            if r.status.value != "separate_agreement"
            else "How it differs",
            r.why_not,
        )
    ]
    return _answer(
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
        notes=_caveat_notes(r.caveats),
    )


def person_answer(kb: KnowledgeBase, question: str, p: Person) -> Answer:
    """Answer who a person is and what they did."""
    return _answer(
        kb,
        question,
        p.name,
        f"{p.role}. {p.summary}",
        fact_ids=[p.id],
        provs=[p.provenance],
        claims=[shown(f"{p.role}. {p.summary}", p.id, claims_of(p, "description"))],
        more=record_more(p),
        intent="person",
        notes=_caveat_notes(p.caveats),
    )


def topic_answer(kb: KnowledgeBase, question: str, t: Topic) -> Answer:
    """Answer a free-text topic."""
    contested = t.id.startswith(("critique", "defence"))
    return _answer(
        kb,
        question,
        t.title,
        t.answer,
        fact_ids=[t.id],
        provs=[t.provenance],
        claims=[shown(t.answer, t.id, claims_of(t, "answer"))],
        more=record_more(t),
        intent="topic",
        notes=_caveat_notes(t.caveats),
        contested=contested,
    )


def members_answer(kb: KnowledgeBase, question: str) -> Answer:
    """List the members with their status labels, and the closest non-members."""
    lines = []
    for m in kb.members:
        when = (
            f"signed {m.signed.date.human}"
            if m.signed
            else f"announced {m.announced.date.human}, no signing on record"
        )
        lines.append(f"• {m.name} ({when}): {m.status.label}")
    pledged = [r.name for r in kb.related if r.status.value == "pledged"]
    count = len(kb.members)
    body = f"{count} states are counted with the Abraham Accords, each with its own status:\n"
    body += "\n".join(lines)
    fields = []
    if pledged:
        fields.append(AnswerField("Pledged, not members", ", ".join(pledged)))
    non = [r.name for r in kb.related if r.status.value == "not_member" and r.kind == "country"]
    if non:
        fields.append(AnswerField("Not members (often asked about)", ", ".join(non)))
    return _answer(
        kb,
        question,
        "Members of the Abraham Accords",
        body,
        fact_ids=[m.id for m in kb.members],
        provs=[m.provenance for m in kb.members],
        claims=[
            shown(line, m.id, claims_of(m, "signed" if m.signed else "announced"))
            for line, m in zip(lines, kb.members, strict=True)
        ],
        intent="members",
        fields=fields,
    )


def events_answer(
    kb: KnowledgeBase,
    question: str,
    title: str,
    events: Sequence[Event],
    intent: str,
    more_hint: str = "",
) -> Answer:
    """List dated events."""
    lines = [f"• {e.date.human}: {e.text}" for e in events]
    notes = [f"Note ({e.date.human}): {c}" for e in events for c in e.caveats]
    return _answer(
        kb,
        question,
        title,
        _clip(lines, more_hint),
        fact_ids=[e.id for e in events],
        provs=[e.provenance for e in events],
        claims=[
            shown(line, e.id, claims_of(e, "event")) for line, e in zip(lines, events, strict=True)
        ],
        intent=intent,
        notes=notes[:6],
    )


def timeline_overview(kb: KnowledgeBase, question: str) -> Answer:
    """Summarise the timeline: events per year, the first and the latest."""
    per_year = Counter(e.date.year for e in kb.events)
    lines = [f"• {year}: {n} event{'s' if n != 1 else ''}" for year, n in sorted(per_year.items())]
    body = "The timeline, year by year (ask about a year for its events):\n" + "\n".join(lines)
    fields = []
    recent = [e for e in kb.events if e.date.year >= 2020]
    if recent:
        first, last = recent[0], recent[-1]
        fields.append(AnswerField("First", f"{first.date.human}: {first.text}"))
        fields.append(AnswerField("Latest", f"{last.date.human}: {last.text}"))
    return _answer(
        kb,
        question,
        "Timeline of the Abraham Accords",
        body,
        fact_ids=[e.id for e in recent[:1] + recent[-1:]],
        provs=[e.provenance for e in recent[:1] + recent[-1:]],
        claims=[
            shown(f"{e.date.human}: {e.text}", e.id, claims_of(e, "event"))
            for e in recent[:1] + recent[-1:]
        ],
        intent="timeline",
        fields=fields,
    )


def arguments_answer(
    kb: KnowledgeBase,
    question: str,
    args: Sequence[Argument],
    topic: ArgumentTopic | None,
    sides: Sequence[Side],
    intent: str,
) -> Answer:
    """Present critiques and/or defences, each attributed, never in the bot's own voice."""
    parts: list[str] = []
    for side in sides:
        chosen = [a for a in args if a.side is side]
        if not chosen:
            continue
        head = "Critics say:" if side is Side.CRITIQUE else "Supporters argue:"
        parts.append(head)
        parts.extend(f"• {a.who}: {a.claim.rstrip('.')}." for a in chosen)
    about = f" on {topic.label}" if topic else ""
    title = {
        "critiques": f"Critiques of the Abraham Accords{about}",
        "defences": f"Defences of the Abraham Accords{about}",
    }.get(intent, f"Critiques and defences{about}")
    body = _clip(parts, "Ask about one topic with /critiques TOPIC.")
    note = (
        "These are the views of the people named, reported with their sources; "
        "the bot takes no side."
    )
    topics = sorted({t.label for a in kb.arguments for t in a.topics})
    fields = [AnswerField("Topics", ", ".join(topics))] if topic is None else []
    return _answer(
        kb,
        question,
        title,
        body,
        fact_ids=[a.id for a in args],
        provs=[a.provenance for a in args],
        claims=[
            shown(f"{a.who}: {a.claim.rstrip('.')}.", a.id, claims_of(a, "argument"))
            for a in args
            if a.side in sides
        ],
        intent=intent,
        fields=fields,
        notes=[note],
        contested=True,
    )

"""Compose answers from records: a date lives in one record and every answer reads it there.

Pure functions from knowledge records to `Answer`s. Critiques and defences are always
attributed ("Critics say… / Supporters argue…"); statuses are shown by their fixed label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from bot import wording
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
            out.append(wording.more_lines(len(lines) - i, more_hint))
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
    out = [name, *lines, *(wording.note(c) for c in rec.caveats), "Sources:"]
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
            rec.name, [f"{wording.FIELD_STATUS}: {rec.status.label}", rec.summary, rec.why_not], rec
        )
    if isinstance(rec, Person):
        return _record_text(rec.name, [f"{rec.role}.", rec.summary], rec)
    if isinstance(rec, Event):
        return _record_text(rec.date.human, [rec.text], rec)
    if isinstance(rec, Topic):
        return _record_text(rec.title, [rec.answer], rec)
    side = wording.side_says(critique=rec.side is Side.CRITIQUE)
    return _record_text(side, [f"{rec.who}: {rec.claim}"], rec)


def _caveat_notes(caveats: Iterable[str]) -> tuple[str, ...]:
    return tuple(wording.note(c) for c in caveats)


def _signing_line(m: Member) -> str:
    if m.signed is None:
        return wording.no_signing(m.short_name)
    return wording.signed_on_in(m.signed.date.human, m.signed.place)


def _signers(m: Member) -> str:
    if m.signed is None:
        return wording.NO_SIGNATORIES
    return "; ".join(f"{s.name} ({s.role})" for s in m.signed.signatories)


def member_fields(m: Member, *, brief: bool = False) -> list[AnswerField]:
    """Return the labelled parts of a member's record."""
    fields = [
        AnswerField(wording.FIELD_STATUS, m.status.label),
        AnswerField(wording.FIELD_ANNOUNCED, f"{m.announced.date.human}: {m.announced.detail}"),
    ]
    if m.signed is not None:
        fields.append(AnswerField(wording.FIELD_SIGNED, f"{m.signed.date.human}, {m.signed.place}"))
        if not brief:
            fields.append(AnswerField(wording.FIELD_DOCUMENTS, "; ".join(m.signed.documents)))
            fields.append(AnswerField(wording.FIELD_SIGNATORIES, _signers(m)))
    else:
        fields.append(AnswerField(wording.FIELD_SIGNED, _signing_line(m)))
    if not brief and m.ratification:
        fields.append(AnswerField(wording.FIELD_RATIFICATION, m.ratification))
    if not brief and m.offered:
        fields.append(AnswerField(wording.FIELD_OFFERED, m.offered))
    if not brief and m.milestones:
        fields.append(
            AnswerField(
                wording.FIELD_MILESTONES,
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
        return say(wording.status_sentence(m.status.label), "status_detail", noted=False)

    def when() -> list[ShownClaim]:
        announced = say(wording.announced_clause(name, m.announced.date.human), "announced")
        if signed is None:
            return [announced, say(wording.NO_SIGNING_CLAUSE, "announced")]
        return [announced, say(wording.signed_clause(signed.date.human, signed.place), "signed")]

    fields: list[AnswerField] = []
    claims: list[ShownClaim]
    title = wording.member_title(intent, name, short, signed=signed is not None)
    if intent == "member_is":
        from bot.answering.yesno import membership_lead  # the one wording of yes and no

        claims = [status()]
        body = f"{membership_lead(name, m.status)} {claims[0].text}"
    elif intent == "member_when":
        claims = [*when(), status()]
        body = f"{claims[0].text}, {claims[1].text}. {claims[2].text}"
    elif intent == "member_how":
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
            fields.append(AnswerField(wording.FIELD_OFFERED, offered.text))
    elif intent == "member_documents":
        if signed:
            documents = "; ".join(signed.documents)
            claims = [say(wording.signed_documents(name, documents, signed.date.human), "signed")]
            if signed.detail:
                claims.append(say(_first(signed.detail), "signed.detail"))
        else:
            claims = [say(_signing_line(m), "announced")]
        body = " ".join(c.text for c in claims)
    elif intent == "member_where":
        text = (
            wording.signed_at(name, signed.place, signed.date.human) if signed else _signing_line(m)
        )
        claims = [say(text, "signed" if signed else "announced")]
        body = text
    elif intent == "member_signers":
        text = wording.signed_by(signed.date.human, _signers(m)) if signed else _signers(m)
        claims = [say(text, "signed.signatories" if signed else "announced")]
        body = text
    elif intent == "member_offered":
        text = _first(m.offered, 3) if m.offered else wording.NO_OFFER
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
        date = m.signed.date if m.signed else m.announced.date
        lines.append(wording.member_row(m.name, date.human, m.status.label, signed=bool(m.signed)))
    pledged = [r.name for r in kb.related if r.status.value == "pledged"]
    count = len(kb.members)
    body = wording.members_intro(count) + "\n"
    body += "\n".join(lines)
    fields = []
    if pledged:
        fields.append(AnswerField(wording.FIELD_PLEDGED, ", ".join(pledged)))
    non = [r.name for r in kb.related if r.status.value == "not_member" and r.kind == "country"]
    if non:
        fields.append(AnswerField(wording.FIELD_NOT_MEMBERS, ", ".join(non)))
    return _answer(
        kb,
        question,
        wording.MEMBERS_TITLE,
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
    notes = [wording.dated_note(e.date.human, c) for e in events for c in e.caveats]
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
    lines = [wording.events_in_year(year, n) for year, n in sorted(per_year.items())]
    body = wording.TIMELINE_INTRO + "\n" + "\n".join(lines)
    fields = []
    recent = [e for e in kb.events if e.date.year >= 2020]
    if recent:
        first, last = recent[0], recent[-1]
        fields.append(AnswerField(wording.FIELD_FIRST, f"{first.date.human}: {first.text}"))
        fields.append(AnswerField(wording.FIELD_LATEST, f"{last.date.human}: {last.text}"))
    return _answer(
        kb,
        question,
        wording.TIMELINE_TITLE,
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
        parts.append(wording.side_says(critique=side is Side.CRITIQUE) + ":")
        parts.extend(f"• {a.who}: {a.claim.rstrip('.')}." for a in chosen)
    title = wording.arguments_title(intent, topic.label if topic else None)
    body = _clip(parts, wording.ASK_ONE_TOPIC)
    topics = sorted({t.label for a in kb.arguments for t in a.topics})
    fields = [AnswerField(wording.FIELD_TOPICS, ", ".join(topics))] if topic is None else []
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
        notes=[wording.NO_SIDE_TAKEN],
        contested=True,
    )

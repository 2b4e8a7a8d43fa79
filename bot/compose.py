"""Compose answers from records: a date lives in one record and every answer reads it there.

Pure functions from knowledge records to `Answer`s. Critiques and defences are always
attributed ("Critics say… / Supporters argue…"); statuses are shown by their fixed label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from bot.answer import Answer, AnswerField, Source, Status
from bot.models import (
    Argument,
    ArgumentTopic,
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
) -> Answer:
    return Answer(
        question=question,
        status=Status.ANSWERED,
        title=title,
        body=body,
        fields=tuple(fields),
        sources=_sources(provs),
        as_of=kb.as_of,
        fact_ids=tuple(fact_ids),
        intent=intent,
        notes=tuple(notes),
        contested=contested,
    )


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
    """Answer one member question (when, how, what, where, who, offered, status, overview)."""
    name = m.name
    notes = _caveat_notes(m.caveats)
    fields: list[AnswerField] = []
    signed = m.signed
    if intent == "member_is":
        body = f"{name} is counted among the Abraham Accords states. Status: {m.status.label}."
        body += f" {m.status_detail}"
        title = f"Is {m.short_name} a member?"
    elif intent == "member_when":
        title = f"When {m.short_name} joined"
        body = f"Announced on {m.announced.date.human}: {m.announced.detail} {_signing_line(m)}"
        body += f" Status: {m.status.label}."
    elif intent == "member_how":
        title = f"How {m.short_name} joined"
        body = f"{m.announced.detail} {_signing_line(m)}"
        if signed and signed.detail:
            body += f" {signed.detail}"
        if m.offered:
            fields.append(AnswerField("Offered in connection", m.offered))
    elif intent == "member_documents":
        title = f"What {m.short_name} signed"
        body = (
            "Documents: " + "; ".join(signed.documents) + f" ({signed.date.human})."
            if signed
            else _signing_line(m)
        )
        if signed and signed.detail:
            body += f" {signed.detail}"
    elif intent == "member_where":
        title = f"Where {m.short_name} signed"
        body = f"At {_place(signed.place)}, on {signed.date.human}." if signed else _signing_line(m)
    elif intent == "member_signers":
        title = f"Who signed for {m.short_name}"
        body = f"On {signed.date.human}: {_signers(m)}." if signed else _signers(m)
    elif intent == "member_offered":
        title = f"What was offered in connection with {m.short_name}'s deal"
        body = m.offered or "No offer in connection with this deal is recorded in the fact base."
    elif intent == "member_status":
        title = f"{m.name}: status now"
        body = f"{m.status.label}. {m.status_detail}"
        if m.ratification:
            fields.append(AnswerField("Ratification", m.ratification))
        if m.milestones:
            fields.append(
                AnswerField(
                    "Latest milestones",
                    "\n".join(f"{x.date.human}: {x.text}" for x in m.milestones[-4:]),
                )
            )
    else:
        title = f"{m.name} and the Abraham Accords"
        body = m.status_detail
        fields = member_fields(m)
    return _answer(
        kb,
        question,
        title,
        body,
        fact_ids=[m.id],
        provs=[m.provenance],
        intent=intent,
        fields=fields,
        notes=notes,
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
        intent=intent,
        fields=fields,
        notes=[note],
        contested=True,
    )

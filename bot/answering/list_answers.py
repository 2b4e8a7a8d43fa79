"""Answers that list: the members, a period's events, the timeline, the debate.

Each line of a list is a statement with the sources of the claim it rests on; a list too long
for one message is cut with a note of how to see the rest. Critiques and defences are always
attributed, never said in the bot's own voice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot import wording
from bot.answer import Answer, AnswerField
from bot.answering.assemble import answered, clip, shown
from bot.answering.units import claims_of
from bot.knowledge.models import Argument, ArgumentTopic, Event, KnowledgeBase, Side
from bot.understanding.intents import IntentName


def members_answer(kb: KnowledgeBase, question: str) -> Answer:
    """List the members with their status labels and who pledged to join; the states often
    taken for members are left to More (a list holds what was asked)."""
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
    more = f"{wording.FIELD_NOT_MEMBERS}: {', '.join(non)}" if non else ""
    return answered(
        kb,
        question,
        wording.MEMBERS_TITLE,
        body,
        fact_ids=[m.id for m in kb.members],
        provs=[m.provenance for m in kb.members],
        claims=[
            shown(
                line,
                m.id,
                claims_of(m, "signed" if m.signed else "announced"),
                m.signed.date if m.signed else m.announced.date,
            )
            for line, m in zip(lines, kb.members, strict=True)
        ],
        intent="members",
        fields=fields,
        more=more,
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
    return answered(
        kb,
        question,
        title,
        clip(lines, more_hint),
        fact_ids=[e.id for e in events],
        provs=[e.provenance for e in events],
        claims=[
            shown(line, e.id, claims_of(e, "event"), e.date)
            for line, e in zip(lines, events, strict=True)
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
    return answered(
        kb,
        question,
        wording.TIMELINE_TITLE,
        body,
        fact_ids=[e.id for e in recent[:1] + recent[-1:]],
        provs=[e.provenance for e in recent[:1] + recent[-1:]],
        claims=[
            shown(f"{e.date.human}: {e.text}", e.id, claims_of(e, "event"), e.date)
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
    asked: Side | None = None,
    *,
    focused: bool = False,
) -> Answer:
    """Present critiques and/or defences, each attributed, never in the bot's own voice.

    When one side was `asked` for, it comes first and in full, and the other side's first
    views follow, fewer: a debate is never given one side only. `focused` views were ranked
    for the question: the first few of each side answer it, the rest wait in its More.
    """
    parts: list[str] = []
    everything: list[str] = []
    shown_args: list[Argument] = []
    for side in sides:
        chosen = [a for a in args if a.side is side]
        if not chosen:
            continue
        head = wording.side_says(critique=side is Side.CRITIQUE) + ":"
        lines = [_argument_line(a) for a in chosen]
        everything.extend([head, *lines])
        limit = ARGUMENTS_SHOWN if asked in (None, side) else OTHER_SIDE_SHOWN
        first = chosen[: FOCUSED_SHOWN if focused else limit]  # in the order given
        shown_args.extend(first)
        parts.extend([head, *(_argument_line(a) for a in first)])
        if len(chosen) > len(first) and not focused:
            parts.append(wording.more_lines(len(chosen) - len(first), wording.ASK_ONE_TOPIC))
    both = len({a.side for a in shown_args}) > 1
    title = wording.arguments_title(
        IntentName.DEBATE if both else intent, topic.label if topic else None
    )
    topics = sorted({t.label for a in kb.arguments for t in a.topics})
    listed = topic is None and not focused
    fields = [AnswerField(wording.FIELD_TOPICS, ", ".join(topics))] if listed else []
    return answered(
        kb,
        question,
        title,
        clip(parts, wording.ASK_ONE_TOPIC),
        fact_ids=[a.id for a in shown_args] + [a.id for a in args if a not in shown_args],
        provs=[a.provenance for a in args],
        claims=[shown(_argument_line(a)[2:], a.id, claims_of(a, "argument")) for a in shown_args],
        intent=intent,
        fields=fields,
        notes=[wording.NO_SIDE_TAKEN],
        contested=True,
        more="\n".join(everything),
    )


ARGUMENTS_SHOWN = 4
"""How many views of each side an answer shows; the rest are one step away, in its More."""
OTHER_SIDE_SHOWN = 2
"""How many views of the side not asked for follow the side asked for."""
FOCUSED_SHOWN = 2
"""How many views of each side an answer shows when they were ranked for the question."""


def _argument_line(a: Argument) -> str:
    return f"• {a.who}: {a.claim.rstrip('.')}."

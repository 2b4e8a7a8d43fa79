"""A record's whole text, as the More button and `accords-bot ask --full` show it.

Every detail, note and source of one record, and a member's labelled fields (which the
overview answer shows too). The text ends with "Sources:" and one "- TITLE: URL" line per
source: `bot.service.more` reads the sources back from that shape.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import wording
from bot.answer import AnswerField
from bot.knowledge.models import Argument, Event, Member, Person, Related, Side, Topic

SOURCES_HEAD = "Sources:"
"""The line before the sources, in the shape `bot.service.more` reads back."""


def signing_line(m: Member) -> str:
    """Say when and where a member signed, or that no signing is on record."""
    if m.signed is None:
        return wording.no_signing(m.short_name)
    return wording.signed_on_in(m.signed.date.human, m.signed.place)


def signers(m: Member) -> str:
    """List who signed for a member, with their roles, or say that no one is on record."""
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
            fields.append(AnswerField(wording.FIELD_SIGNATORIES, signers(m)))
    else:
        fields.append(AnswerField(wording.FIELD_SIGNED, signing_line(m)))
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


def member_more(m: Member) -> str:
    """Return a member's whole record as text: every detail, note and source."""
    return _record_text(
        m.name, [m.status_detail, *(f"{f.name}: {f.value}" for f in member_fields(m))], m
    )


def _record_text(
    name: str, lines: Sequence[str], rec: Member | Related | Person | Event | Topic | Argument
) -> str:
    out = [name, *lines, *(wording.note(c) for c in rec.caveats), SOURCES_HEAD]
    out += [f"- {s.title}: {s.url}" for s in rec.provenance.sources]
    return "\n".join(out)


def record_more(rec: Member | Related | Person | Event | Topic | Argument) -> str:
    """Return any record's whole text, as the More button and `ask --full` show it.

    The first line names the record; the sources come last as "Sources:" and "- TITLE: URL".
    """
    if isinstance(rec, Member):
        return member_more(rec)
    if isinstance(rec, Related):
        status = f"{wording.FIELD_STATUS}: {rec.status.label}"
        return _record_text(rec.name, [status, rec.summary, rec.why_not], rec)
    if isinstance(rec, Person):
        return _record_text(rec.name, [f"{rec.role}.", rec.summary], rec)
    if isinstance(rec, Event):
        return _record_text(rec.date.human, [rec.text], rec)
    if isinstance(rec, Topic):
        return _record_text(rec.title, [rec.answer], rec)
    side = wording.side_says(critique=rec.side is Side.CRITIQUE)
    return _record_text(side, [f"{rec.who}: {rec.claim}"], rec)

"""Answers about the member states and the other states, rebuilt in another language.

From the records an English answer names: the members list, a date filter's rows, several
memberships at once, one member's dates, place, signatories, documents and status, and a
non-member with its status. Every sentence is a template of the language file (`Say`); only a
record's free text (a status detail, an announcement's detail, a reason) may stay English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from bot import wording
from bot.answer import Answer, AnswerField
from bot.answering.in_language import Say
from bot.knowledge.models import Member, MemberStatus, Related
from bot.understanding.intents import IntentName

MEMBER_TITLES: Mapping[str, str] = {
    IntentName.MEMBER_WHEN: "title_when",
    IntentName.MEMBER_WHERE: "title_where",
    IntentName.MEMBER_SIGNERS: "title_signers",
    IntentName.MEMBER_DOCUMENTS: "title_documents",
    IntentName.MEMBER_STATUS: "title_status",
    IntentName.MEMBER_IS: "title_is",
    IntentName.MEMBER_HOW: "title_how",
    IntentName.MEMBER_OFFERED: "title_offered",
    IntentName.MEMBER_OVERVIEW: "title_overview",
}
"""The template of the title of each question about one member."""

_SIGNED_ONLY = frozenset({IntentName.MEMBER_DOCUMENTS, IntentName.MEMBER_WHERE})
"""Titles that say a member signed."""

CLAIM_INTENTS: Mapping[str, str] = {
    "claim:announced": "member_announced",
    "claim:signed": IntentName.MEMBER_WHERE,
    "claim:signatories": IntentName.MEMBER_SIGNERS,
    "claim:documents": IntentName.MEMBER_DOCUMENTS,
    "claim:status": IntentName.MEMBER_STATUS,
}
"""A claim about a member, answered as the member question that states the same field."""

# The lead of a date filter over the members, as `aggregate` writes it (its own English,
# not yet in `bot.wording`).
_JOINED = re.compile(
    r"^(?P<count>\d+) states? joined (?P<op>in|before|after|by the end of|between) "
    r"(?P<year>\d{4})(?: and (?P<until>\d{4}))? \(announced or signed\):$"
)
_JOINED_KEYS = {
    "in": "joined_in",
    "before": "joined_before",
    "after": "joined_after",
    "by the end of": "joined_by",
    "between": "joined_between",
}
_NON_MEMBER_FIELDS = {wording.FIELD_WHY_NOT, wording.FIELD_DIFFERS}


def lead_text(entity: str, status: MemberStatus, say: Say) -> str:
    """Return the yes/no lead of a membership question about `entity`, in the language."""
    name = say.name_of(entity)
    if status in (
        MemberStatus.IN_FORCE,
        MemberStatus.RELATIONS_ESTABLISHED,
        MemberStatus.RELATIONS_RESTORED,
    ):
        return say.t("lead_yes", name=name, status=say.status(status))
    key = {
        MemberStatus.STALLED: "lead_partly",
        MemberStatus.ANNOUNCED: "lead_announced",
        MemberStatus.PLEDGED: "lead_pledged",
        MemberStatus.PARTY: "lead_party",
    }.get(status, "lead_no")
    return say.t(key, name=name)


def _row(m: Member, say: Say) -> str:
    if m.signed is not None:
        return say.t(
            "row_signed",
            name=say.name_of(m.id),
            date=say.date(m.signed.date),
            status=say.status(m.status),
        )
    return say.t(
        "row_announced",
        name=say.name_of(m.id),
        date=say.date(m.announced.date),
        status=say.status(m.status),
    )


def members_list(
    answer: Answer, members: Sequence[Member], related: Sequence[Related], say: Say
) -> Answer:
    """Return the members list: each member's row, then the pledged and the non-members."""
    body = say.t("members_intro", count=say.number(len(members)))
    body += "\n" + "\n".join(f"• {_row(m, say)}" for m in members)
    fields = []
    pledged = [r.id for r in related if r.status is MemberStatus.PLEDGED]
    if pledged:
        names = ", ".join(say.name_of(r) for r in pledged)
        fields.append(AnswerField(say.label("field_pledged"), names))
    others = [r.id for r in related if r.status is MemberStatus.NOT_MEMBER and r.kind == "country"]
    if others:
        names = ", ".join(say.name_of(r) for r in others)
        fields.append(AnswerField(say.label("field_not_members"), names))
    return replace(answer, title=say.t("members_title"), body=body, fields=tuple(fields))


def member_rows(answer: Answer, members: Mapping[str, Member], say: Say) -> Answer:
    """Return a set of members (a date filter, a count) as rows of dates and status."""
    rows = [members[f] for f in answer.fact_ids if f in members]
    if not rows:
        return replace(answer, body=say.free(answer.body))
    lines = []
    for m in rows:
        signed = (
            say.t("signed_short", date=say.date(m.signed.date))
            if m.signed
            else say.t("no_signing_short")
        )
        row = say.t(
            "row_dates",
            name=say.name_of(m.id),
            announced=say.date(m.announced.date),
            signed=signed,
            status=say.status(m.status),
        )
        lines.append(f"• {row}")
    first = answer.body.split("\n", 1)[0]
    lead = "" if first.startswith("• ") else _joined(first, say)
    body = "\n".join([lead, *lines] if lead else lines)
    title = say.t("title_rows", count=say.number(len(rows)))
    return replace(answer, title=title, body=body)


def signer_rows(answer: Answer, members: Mapping[str, Member], say: Say) -> Answer:
    """Return who signed each deal the answer lists, one line a member, in the language."""
    rows = [members[f] for f in answer.fact_ids if f in members]
    lines = [
        f"• {say.name_of(m.id)}: {_signers(m, say) if m.signed else say.t('no_signatories')}"
        for m in rows
    ]
    return replace(answer, title=say.t("title_who_signed"), body="\n".join(lines))


def _joined(lead: str, say: Say) -> str:
    """Return the lead of a date filter ("2 states joined in 2020 …") in the language."""
    found = _JOINED.match(lead)
    if found is None:
        return say.free(lead)
    key = _JOINED_KEYS[found["op"]]
    values = {"count": say.number(int(found["count"])), "year": found["year"]}
    if found["until"]:
        values["until"] = found["until"]
    return say.t(key, **values)


def memberships(answer: Answer, states: Mapping[str, Member | Related], say: Say) -> Answer:
    """Return a yes/no line for each state a membership question named."""
    lines = [
        f"• {lead_text(entity, states[entity].status, say)}"
        for entity in answer.fact_ids
        if entity in states
    ]
    return replace(answer, title=say.t("title_memberships"), body="\n".join(lines))


def member(answer: Answer, m: Member, say: Say) -> Answer:
    """Return what the question asked of one member, from its record."""
    intent = CLAIM_INTENTS.get(answer.intent, answer.intent)
    fields: tuple[AnswerField, ...] = ()
    if intent == "member_announced":
        parts = [
            say.t("announced_on", date=say.date(m.announced.date)),
            say.free(m.announced.detail),
        ]
        intent = IntentName.MEMBER_WHEN
    elif intent in _MEMBER_PARTS:
        parts = _MEMBER_PARTS[intent](m, say)
    else:
        parts = [say.free(m.status_detail)]
        fields = tuple(_member_fields(m, say))
    if not any(parts):
        return replace(answer, body=say.free(answer.body))
    key = MEMBER_TITLES.get(intent, "title_overview")
    if m.signed is None and intent in _SIGNED_ONLY:
        key = "title_unsigned"  # "what Kazakhstan signed" would say it signed
    title = say.t(key, name=say.name_of(m.id))
    return replace(answer, title=title, body=" ".join(p for p in parts if p), fields=fields)


def _status_line(m: Member, say: Say) -> str:
    return say.t("status_line", status=say.status(m.status))


def _signed_or_not(m: Member, say: Say) -> str:
    """Return where and when the member signed, or that no signing is on record."""
    return _signed_line(m, say) if m.signed else say.t("no_signing", name=say.name_of(m.id))


def _announced_and_signed(m: Member, say: Say) -> list[str]:
    announced = say.t("announced_on", date=say.date(m.announced.date))
    return [announced, _signed_or_not(m, say)]


def _when(m: Member, say: Say) -> list[str]:
    return [*_announced_and_signed(m, say), _status_line(m, say)]


def _is(m: Member, say: Say) -> list[str]:
    """Whether it is in: the yes or no before it says the status; when it joined, and what
    its status means, follow."""
    return [*_announced_and_signed(m, say), say.free(m.status_detail)]


def _signers_or_none(m: Member, say: Say) -> list[str]:
    return [_signers(m, say) if m.signed else say.t("no_signatories")]


def _documents(m: Member, say: Say) -> list[str]:
    if not m.signed:
        return [say.t("no_signing", name=say.name_of(m.id))]
    documents = "; ".join(say.place(d) for d in m.signed.documents)
    return [say.t("documents_on", documents=documents, date=say.date(m.signed.date))]


def _status(m: Member, say: Say) -> list[str]:
    return [_status_line(m, say), say.free(m.status_detail)]


_MEMBER_PARTS: dict[str, Callable[[Member, Say], list[str]]] = {
    IntentName.MEMBER_WHEN: _when,
    IntentName.MEMBER_WHERE: lambda m, say: [_signed_or_not(m, say)],
    IntentName.MEMBER_SIGNERS: _signers_or_none,
    IntentName.MEMBER_DOCUMENTS: _documents,
    IntentName.MEMBER_STATUS: _status,
    IntentName.MEMBER_IS: _is,
    IntentName.MEMBER_OFFERED: lambda m, say: [say.free(m.offered)] if m.offered else [],
    IntentName.MEMBER_HOW: lambda m, say: [say.free(m.announced.detail), _signed_or_not(m, say)],
}
"""What each question about one member states, in the asker's language, from its record."""


def _signed_line(m: Member, say: Say) -> str:
    assert m.signed is not None
    place = say.place(m.signed.place.rstrip("."))
    return say.t("signed_on_in", date=say.date(m.signed.date), place=place)


def _signers(m: Member, say: Say) -> str:
    assert m.signed is not None
    people = "; ".join(
        f"{say.name_of(s.person) if s.person else s.name} ({say.free(s.role)})"
        for s in m.signed.signatories
    )
    return say.t("signed_by", date=say.date(m.signed.date), people=people)


def _member_fields(m: Member, say: Say) -> list[AnswerField]:
    fields = [
        AnswerField(say.label("field_status"), say.status(m.status)),
        AnswerField(say.label("field_announced"), say.date(m.announced.date)),
    ]
    if m.signed is None:
        fields.append(AnswerField(say.label("field_signed"), say.t("no_signing_short")))
        return fields
    place = say.place(m.signed.place.rstrip("."))
    documents = "; ".join(say.place(d) for d in m.signed.documents)
    signers = "; ".join(say.name_of(s.person) if s.person else s.name for s in m.signed.signatories)
    fields += [
        AnswerField(say.label("field_signed"), f"{say.date(m.signed.date)}, {place}"),
        AnswerField(say.label("field_documents"), documents),
        AnswerField(say.label("field_signatories"), signers),
    ]
    return fields


def related_answer(answer: Answer, r: Related, english_lead: str, say: Say) -> Answer:
    """Return an answer about a state that is not a member: its status, then why not.

    `english_lead` is the yes/no lead the English body may start with; it is dropped, as
    the title states the status.
    """
    title = say.t("title_related", name=say.name_of(r.id), status=say.status(r.status))
    label = "field_differs" if r.status is MemberStatus.SEPARATE_AGREEMENT else "field_why_not"
    body = answer.body
    if body.startswith(english_lead):
        body = body[len(english_lead) :].strip()
    fields = tuple(
        AnswerField(say.label(label), say.free(f.value))
        if f.name in _NON_MEMBER_FIELDS
        else AnswerField(f.name, say.free(f.value))
        for f in answer.fields
    )
    return replace(answer, title=title, body=say.free(body), fields=fields)

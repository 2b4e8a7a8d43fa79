"""Questions across the member records: order, rank, compare, and filter by date.

One table, one operation (WikiSQL's shape): the rows are the members with their announced
and signed dates, and every answer is computed from those fields, never written by hand.
"Joined" is ambiguous, so order is given by both dates where they differ: the announcement
(which every member has) and the signing (which Kazakhstan's accession does not have yet).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import wording
from bot.answer import Answer, ShownClaim, Status
from bot.answering.assemble import cited, shown
from bot.answering.durations import asks_duration, durations
from bot.answering.record_answers import members_answer
from bot.answering.record_text import member_more
from bot.answering.units import claims_of
from bot.knowledge.models import FuzzyDate, KnowledgeBase, Member
from bot.understanding.kinds import Kind
from bot.understanding.reading import Operator, Reading, TimeConstraint, TimeOp
from bot.understanding.terms import terms

MAX_SOURCES = 3
_MEMBER_WORDS = frozenset(
    "country countries state states nation nations member members join joined joining signed "
    "sign normalize normalized normalise normalised normalization arab muslim who".split()
)

# Israel is the party to every deal: "who signed for Israel" still asks about the member set.
_IN_EVERY_DEAL = frozenset({"israel"})

# Terms of a question about the member set as such ("how many arab states normalized?"),
# including the groupings the list itself shows (Gulf, Arab, African, Muslim-majority).
_MEMBERSHIP_TERMS = frozenset(
    terms(
        "country member join sign normalize normalization party part currently total now "
        "region list name all full complete accords signatory "
        "relations recognize diplomatic"
    )
)


# "Joined" is read from joining or signing, or a state that normalized ("which countries
# normalized in 2020?", not "the normalization deals after October 7"); "who signed" from
# signing words only. "Who signed it?" with nothing to refer to asks back, unless it names
# Israel, every deal's party.
_DETAIL_KINDS = frozenset({Kind.DOCUMENT, Kind.PLACE, Kind.TERMS, Kind.VIEWS, Kind.PERSON})
_JOIN_TERM, _SIGN_TERM = terms("join sign")
_JOINING = frozenset({_JOIN_TERM, _SIGN_TERM})
_NORMALIZED = frozenset("normalized normalised normalize normalise normalizing".split())


def _joins(reading: Reading) -> bool:
    """Return whether the question says a state joined, signed or normalized."""
    return bool(_JOINING & set(reading.terms) or _NORMALIZED & set(reading.words))


_SIGNED = frozenset("signed sign signature signatures signatory signatories signer signers".split())
_SIGNING_TERMS = frozenset(terms("sign signer signatory signature put name agreement deal"))


def _signing_words(kb: KnowledgeBase) -> frozenset[str]:
    """Return the terms of the signings' places and documents ("at the White House")."""
    return frozenset(
        t
        for m in kb.members
        if m.signed is not None
        for t in terms(" ".join([m.signed.place, *m.signed.documents]))
    )


def signers_of_each_deal(kb: KnowledgeBase, question: str, time: TimeConstraint | None) -> Answer:
    """Answer "who signed?" with no member named: every deal's signatories, one line each.

    With a time ("in 2020") only the deals signed then; a deal with no signing is listed only
    when no time narrows the question.
    """
    rows = [
        m
        for m in _by_announcement(kb)
        if time is None or time.year is None or (m.signed is not None and _ok(m.signed.date, time))
    ] or _by_announcement(kb)
    claims = [_signers_of(m) for m in rows]
    body = wording.WHO_SIGNED_EACH + "\n" + "\n".join(f"• {c.text}" for c in claims)
    return _answer(kb, question, wording.WHO_SIGNED_TITLE, body, rows, claims)


def _signers_of(m: Member) -> ShownClaim:
    """Return who signed a member's deal, or that no signing is on record, as a statement."""
    if m.signed is None:
        return shown(wording.no_signing_line(m.name), m.id, claims_of(m, "announced"))
    people = [(s.name, s.role) for s in m.signed.signatories]
    line = wording.signers_line(m.name, m.signed.date.human, people)
    return shown(line, m.id, claims_of(m, "signed.signatories"), m.signed.date)


def _signed(m: Member) -> str:
    return wording.signed_on(m.signed.date.human if m.signed else None)


def _row(m: Member) -> str:
    return wording.member_dates_row(m.name, m.announced.date.human, _signed(m), m.status.label)


def _ok(date: FuzzyDate, time: TimeConstraint) -> bool:
    year = date.year
    if time.year is None:
        return True
    if time.op is TimeOp.IN:
        return year == time.year and (time.month is None or date.month in (None, time.month))
    # With a month, the boundary year splits by month ("after October 2020")
    month, m = date.month or 0, time.month or 0
    same = year == time.year and m > 0
    if time.op is TimeOp.BEFORE:
        return year < time.year or (same and 0 < month < m)
    if time.op is TimeOp.AFTER:
        return year > time.year or (same and month in (0, *range(m, 13)))
    if time.op is TimeOp.BY:
        return year < time.year or (year == time.year and (m == 0 or month <= m))
    return time.year <= year <= (time.until_year or time.year)


def _answer(
    kb: KnowledgeBase,
    question: str,
    title: str,
    body: str,
    members: Sequence[Member],
    said: Sequence[ShownClaim] = (),
) -> Answer:
    """Return an answer over several members: its statements (by default each one's dates and
    status) cited from that member's own claims, and each member's whole record one step
    away."""
    claims = list(said) or [
        shown(_row(m), m.id, claims_of(m, "signed" if m.signed else "announced"), _joined(m))
        for m in members
    ]
    return Answer(
        question=question,
        status=Status.ANSWERED,
        title=title,
        body=body,
        sources=cited(claims, MAX_SOURCES),
        as_of=kb.as_of,
        fact_ids=tuple(m.id for m in members),
        score=100.0,
        intent=f"members:{title.split()[0].lower()}",
        claims=tuple(claims),
        more="\n\n".join(member_more(m) for m in members),
    )


def _joined(m: Member) -> FuzzyDate:
    """Return when a member joined: its signing, or its announcement when it has none."""
    return m.signed.date if m.signed else m.announced.date


def _by_announcement(kb: KnowledgeBase) -> list[Member]:
    return sorted(kb.members, key=lambda m: m.announced.date.sort_key())


def _by_signing(kb: KnowledgeBase) -> list[Member]:
    return sorted(
        (m for m in kb.members if m.signed),
        key=lambda m: m.signed.date.sort_key(),  # type: ignore[union-attr]  # filtered
    )


def about_members(reading: Reading, non_members: frozenset[str]) -> bool:
    """Return whether the question asks about the member states as a set."""
    if (set(reading.entities) - _IN_EVERY_DEAL) & non_members or reading.people:
        return False
    if reading.operator is Operator.COMPARE and len(reading.entities) >= 2:
        return True
    return bool(set(reading.words) & _MEMBER_WORDS) or asks_duration(reading)


def _ordinal(kb: KnowledgeBase, question: str, n: int, last: bool) -> Answer | None:
    announced, signed = _by_announcement(kb), _by_signing(kb)
    if n > len(announced):
        return None
    a = announced[-1] if last else announced[n - 1]
    word = wording.ordinal_word(n, last=last)
    lead = wording.by_announcement(word, a.name, a.announced.date.human)
    if not last and n <= len(signed):
        s = signed[n - 1]
        same = [m.name for m in signed if m.signed and s.signed and m.signed.date == s.signed.date]
        who = " and ".join(same) if len(same) > 1 else s.name
        lead += wording.by_signing(who, s.signed.date.human if s.signed else "")
    elif last:
        lead += f", {_signed(a)}"
    body = lead + ".\n" + "\n".join(f"• {_row(m)}" for m in announced)
    return _answer(kb, question, wording.ordinal_title(word), body, announced)


def _compare(kb: KnowledgeBase, question: str, ids: Sequence[str]) -> Answer | None:
    rows = [m for m in kb.members if m.id in ids]
    if len(rows) < 2:
        return None
    rows.sort(key=lambda m: m.announced.date.sort_key())
    first, second = rows[0], rows[1]
    if len(rows) > 2:
        order = wording.in_order([(m.name, m.announced.date.human) for m in rows])
        body = order + "\n" + "\n".join(f"• {_row(m)}" for m in rows)
        return _answer(kb, question, wording.IN_ORDER_TITLE, body, rows)
    lead = wording.came_first(
        first.name, first.announced.date.human, second.name, second.announced.date.human
    )
    if first.signed and second.signed and first.signed.date == second.signed.date:
        lead += wording.both_signed(first.signed.date.human)
    body = lead + "\n" + "\n".join(f"• {_row(m)}" for m in rows)
    return _answer(kb, question, wording.WHICH_CAME_FIRST_TITLE, body, rows)


def _joined_then(kb: KnowledgeBase, question: str, member: str, reading: Reading) -> Answer:
    """Answer "did X join in 2021?" yes or no from X's own announcement and signing dates.

    "sign" asks about the signing only; "was X a member in 2021" asks whether X had joined
    by then; "join" is either step.
    """
    m = next(x for x in kb.members if x.id == member)
    time = reading.time
    assert time is not None and time.year is not None  # checked by the caller
    signing = _SIGN_TERM in reading.terms and _JOIN_TERM not in reading.terms
    if not _JOINING & set(reading.terms):  # "a member in 2021": had it joined by then?
        time = TimeConstraint(TimeOp.BY, time.year, time.month)
    dates = [] if signing else [m.announced.date]
    dates += [m.signed.date] if m.signed else []
    yes = any(_ok(d, time) for d in dates)
    where = f" ({m.signed.place})" if m.signed and m.signed.place else ""
    said = f"announced {m.announced.date.human}, {_signed(m)}{where}"
    body = wording.joined_then(yes, m.name, said, m.status.label)
    return _answer(kb, question, wording.joined_title(m.name), body, [m])


def _filtered(kb: KnowledgeBase, question: str, time: TimeConstraint) -> Answer:
    rows = [
        m
        for m in _by_announcement(kb)
        if _ok(m.announced.date, time) or (m.signed is not None and _ok(m.signed.date, time))
    ]
    span = f"{time.year}" + (f" and {time.until_year}" if time.op is TimeOp.BETWEEN else "")
    when = wording.joined_span(time.op.value, span)
    title = wording.joined_span_title(when)
    if not rows:
        ordered = _by_announcement(kb)
        # Before anyone joined, the nearest is the first to join; after, the most recent.
        first = time.year is not None and time.year < ordered[0].announced.date.year
        nearest = ordered[0] if first else ordered[-1]
        body = wording.none_joined(
            when, nearest.name, nearest.announced.date.human, _signed(nearest), first=first
        )
        return _answer(kb, question, title, body, [nearest])
    body = wording.joined_count(len(rows), when) + "\n" + "\n".join(f"• {_row(m)}" for m in rows)
    return _answer(kb, question, title, body, rows)


def answer_members(kb: KnowledgeBase, question: str, reading: Reading) -> Answer | None:
    """Answer an ordering, comparison, count or date filter over the members, or None."""
    members = {m.id for m in kb.members}
    named = [e for e in reading.entities if e in members]
    if not named and _asks_the_list(reading):
        return members_answer(kb, question)
    if asks_duration(reading):
        timed = durations([m for m in kb.members if m.id in named] or kb.members, reading)
        if timed is not None:
            return _answer(kb, question, wording.DURATIONS_TITLE, *timed)
    if reading.operator is Operator.COMPARE and (len(named) >= 2 or not reading.entities):
        return _compare(kb, question, named or sorted(members))
    if reading.operator is Operator.ORDINAL and reading.ordinal and Kind.YESNO not in reading.kinds:
        # "the third one after the UAE and Bahrain": the states named are the ones before it
        return _ordinal(kb, question, reading.ordinal, last=False)
    if named:
        asks = len(named) == 1 and _asks_joined_then(reading)
        return _joined_then(kb, question, named[0], reading) if asks else None
    return _over_the_set(kb, question, reading)


def _asks_the_list(reading: Reading) -> bool:
    """Return whether a question naming no member asks for the list or the count of them."""
    return bool(
        reading.time is None
        and reading.operator in (Operator.COUNT, None)
        and reading.kinds & {Kind.COUNT, Kind.SET}
        and reading.focus <= _MEMBERSHIP_TERMS
    )


def _asks_joined_then(reading: Reading) -> bool:
    """Return whether a yes/no question about one member asks if it had joined by a year."""
    return bool(
        Kind.YESNO in reading.kinds
        and reading.words[1:2] not in (("israel",), ("israeli",))  # "did Israel sign with …"
        and reading.time is not None
        and reading.time.year is not None
        and (_JOINING & set(reading.terms) or set(reading.words) & {"member", "members"})
    )


def _over_the_set(kb: KnowledgeBase, question: str, reading: Reading) -> Answer | None:
    """Answer the first, the last, who signed, or who joined in a span, of all the members."""
    if reading.operator in (Operator.FIRST, Operator.ORDINAL) and reading.ordinal:
        return _ordinal(kb, question, reading.ordinal, last=False)
    if reading.operator is Operator.LAST:
        return _ordinal(kb, question, 1, last=True)
    for_israel = bool(set(reading.words) & {"israel", "israels", "israeli"})
    if (
        Kind.PERSON in reading.kinds
        and set(reading.words) & _SIGNED  # who signed, not who attended the signing
        and reading.focus
        and reading.focus <= _SIGNING_TERMS | _signing_words(kb)
        and (for_israel or not reading.refers_back)
    ):
        return signers_of_each_deal(kb, question, reading.time)
    if (
        reading.time is not None
        and reading.time.year is not None
        and (_joins(reading) or set(reading.words) & {"member", "members"})  # "new members since"
        and not reading.kinds & _DETAIL_KINDS  # "what documents were signed in 2020"
        and reading.focus <= _MEMBERSHIP_TERMS  # not "which country sent diplomats in 2020"
    ):
        return _filtered(kb, question, _as_of(reading, reading.time))
    return None


def _as_of(reading: Reading, time: TimeConstraint) -> TimeConstraint:
    """Return the span asked: "who joined in 2021" asks that year, "the members in 2021" (no
    joining said, nothing new) asks who was in by then."""
    if time.op is not TimeOp.IN or time.month is not None or _joins(reading):
        return time
    if _NEW & set(reading.words):  # "new members in 2021" asks who joined in it
        return time
    return TimeConstraint(TimeOp.BY, time.year, entity=time.entity)


_NEW = frozenset("new newest latest recent recently added".split())

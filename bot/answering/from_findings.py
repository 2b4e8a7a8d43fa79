"""Answers made of findings: the reasons, effects, reactions, prospects, gains, assessments,
texts and background the fact base records, each attributed and sourced.

Given the kind of finding asked and the records a question names, the findings of that kind
about those records are chosen, those naming more of them first; an assessment answer takes
its views from each side in turn. When the facts hold no finding of that kind about what was
named, the answer says so in one line and gives what they do record about it instead.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import zip_longest

from bot import wording
from bot.answer import Answer, ShownClaim, Source, Status
from bot.knowledge.models import Finding, FindingKind, KnowledgeBase, Person, Stance
from bot.knowledge.schema import ACCORDS_ID
from bot.understanding.terms import ordered_terms, quick_terms, term_pairs

FINDING_INTENT = "finding_"
"""The intent of an answer made of findings starts so, its kind after it."""


@dataclass(frozen=True, slots=True)
class FindingPolicy:
    """How findings are weighed against a question, how many are shown, with how many sources."""

    kind_weight: float = 1.0
    """Weight of how probable the finding's kind is among the kinds asked."""
    subject_weight: float = 1.0
    """Weight of the share of the named records the finding is about."""
    relevance_weight: float = 1.5
    """Weight of the share of the question's focus terms the finding states (idf-weighted)."""
    phrase_weight: float = 1.0
    """Weight of the share of the question's pairs of following terms the finding states in
    the same order: the "Arab Peace Initiative" asked is that finding, not one saying "Arab"."""
    min_kind: float = 0.1
    """A finding whose kind is less probable than this is not shown."""
    shown: int = 2
    shown_views: int = 2
    """An assessment shows views from both sides: up to this many in all."""
    sources: int = 3
    year_weight: float = 1.0
    """Weight of a finding dated in the year the question names ("… in 2025")."""


def subjects_of(finding: Finding) -> frozenset[str]:
    """Return the records a finding is about, its party included."""
    return frozenset((*finding.about, finding.party) if finding.party else finding.about)


def _subject_share(
    finding: Finding, subjects: Sequence[str], said_by: frozenset[str] = frozenset()
) -> float:
    """Return how much of what was named the finding is about, who said it included; a gain
    counts its party most."""
    overlap = len((subjects_of(finding) | said_by) & set(subjects)) / len(subjects)
    if finding.party:
        return overlap * (1.0 if finding.party in subjects else 0.5)
    return overlap


@dataclass(frozen=True, slots=True)
class FindingQuery:
    """What a question asks of the findings: how probable each kind is, what it names and says."""

    kinds: Mapping[FindingKind, float]
    subjects: tuple[str, ...]
    focus: frozenset[str]
    pairs: frozenset[tuple[str, str]] = frozenset()
    """Each two terms that follow each other in the question."""
    year: int | None = None
    """The year the question asks about, if it names one."""
    joined: bool = False
    """The question says a state joined or signed ("since Saudi Arabia signed …"): the standing
    of one outside the accords is said first."""
    main: frozenset[str] = frozenset()
    """The states named, when any: a finding about none of them does not answer ("Pakistan's
    answer to Trump's push" is not what Trump's ambassador once said)."""
    people: frozenset[str] = frozenset()
    """The people named: what one of them said is about them, and is how they reacted,
    whatever kind of finding it is filed as ("what did Vance say about Kazakhstan's entry?")."""
    several: bool = False
    """The question asks it of several parties ("each side", "countries"): one finding a party."""


class FindingAnswers:
    """Choose and present the findings that answer a kind asked about some records."""

    def __init__(
        self,
        kb: KnowledgeBase,
        name: Callable[[str], str],
        policy: FindingPolicy | None = None,
    ) -> None:
        self.name = name
        self.policy = policy or FindingPolicy()
        self._findings = kb.findings
        self._as_of = kb.as_of
        # Who may join next is said after whether they are in: "Saudi Arabia: Not a member."
        self._standing = {
            r.id: wording.related_title(r.name, r.status.label)
            for r in kb.related
            if not r.status.is_member
        }
        self._said_by = {f.id: _speakers(f, kb.people) for f in kb.findings}
        self._terms = {f.id: quick_terms(f"{f.text} {f.by}") for f in kb.findings}
        self._pairs = {f.id: term_pairs(ordered_terms(f.text)) for f in kb.findings}
        counts = Counter(t for found in self._terms.values() for t in found)
        total = len(self._terms) + 1
        self._idf = {t: math.log(total / n) for t, n in counts.items()}

    def ranked(self, query: FindingQuery) -> list[Finding]:
        """Return the findings that answer `query`, best first."""
        scored = [(self._score(f, query), f) for f in self._findings]
        return [f for score, f in sorted(scored, key=lambda s: -s[0]) if score > 0]

    def said_by_named(self, finding: Finding, query: FindingQuery) -> bool:
        """Return whether a person the question names said what `finding` states."""
        return bool(query.people & self._said_by[finding.id])

    def _score(self, finding: Finding, query: FindingQuery) -> float:
        policy = self.policy
        kind = query.kinds.get(finding.kind, 0.0)
        if self.said_by_named(finding, query):
            kind = max(kind, query.kinds.get(FindingKind.REACTION, 0.0))
        if kind < policy.min_kind:
            return 0.0
        if query.subjects:
            subject = _subject_share(finding, query.subjects, self._said_by[finding.id])
            if not subject or (query.main and not query.main & subjects_of(finding)):
                return 0.0
        else:
            subject = 1.0 if ACCORDS_ID in finding.about else 0.5
        return (
            policy.kind_weight * kind
            + policy.subject_weight * subject
            + policy.relevance_weight * self._relevance(finding, query.focus)
            + policy.phrase_weight * self._phrases(finding, query.pairs)
            + policy.year_weight * (finding.date.year == query.year)
        )

    def _of_the_kind(self, finding: Finding, asked: FindingKind, query: FindingQuery) -> bool:
        """Return whether `finding` is of the kind asked: what a person named said is how
        they reacted."""
        if finding.kind is asked:
            return True
        return asked is FindingKind.REACTION and self.said_by_named(finding, query)

    def _phrases(self, finding: Finding, pairs: frozenset[tuple[str, str]]) -> float:
        """Return the share of the question's following terms the finding has in that order."""
        return len(pairs & self._pairs[finding.id]) / len(pairs) if pairs else 0.0

    def _relevance(self, finding: Finding, focus: frozenset[str]) -> float:
        weights = {t: self._idf[t] for t in focus if t in self._idf}
        if not weights:
            return 0.0
        stated = sum(w for t, w in weights.items() if t in self._terms[finding.id])
        return stated / sum(weights.values())

    def answer(
        self,
        shown: str,
        query: FindingQuery,
        asked: FindingKind,
        score: float,
        *,
        instead: bool = True,
        asked_first: bool = True,
    ) -> Answer | None:
        """Answer with the findings that best fit `query`, saying so when none is of `asked`
        and giving, if `instead`, what the facts hold about what was named. With
        `asked_first`, findings of the kind `asked` come before better-fitting ones of other
        kinds ("what prompted Morocco to sign?" is a reason, even where a text of the deal
        shares more of its words)."""
        ranked = self.ranked(query)
        chosen = ranked
        if asked_first:
            first = [f for f in ranked if self._of_the_kind(f, asked, query)]
            firsts = {f.id for f in first}
            chosen = first + [f for f in ranked if f.id not in firsts]
        if not chosen and query.subjects and instead:
            # Nothing of the kinds asked: what the facts do record about what was named.
            anything = dict.fromkeys(FindingKind, self.policy.min_kind)
            chosen = self.ranked(replace(query, kinds=anything))
        if not chosen:
            return None
        kind = chosen[0].kind
        lead = ""
        of_the_kind = any(self._of_the_kind(f, asked, query) for f in chosen)
        if kind is not asked and query.subjects and not of_the_kind:
            lead = wording.findings_lack(asked.value, self.name(query.subjects[0]))
        return self._compose(shown, kind, query, chosen, score, lead)

    def _compose(
        self,
        shown: str,
        kind: FindingKind,
        query: FindingQuery,
        chosen: list[Finding],
        score: float,
        lead: str,
    ) -> Answer:
        of_kind = [f for f in chosen if f.kind is kind] or chosen
        picked = self._pick(kind, of_kind)
        if query.several and not query.subjects and kind is not FindingKind.ASSESSMENT:
            # asked of every party ("what did each side get?", "why did countries join?"):
            # as many parties as the findings shown can cover, in their order
            picked = _of_different_parties(of_kind, len(picked))
        subjects = query.subjects
        names = ", ".join(self.name(s) for s in subjects[:3])
        standing: tuple[str, ...] = ()
        first = subjects[0] if subjects else ""
        # who may join next, or a question saying one outside the accords joined: its standing
        if first in self._standing and (
            query.joined or (kind is FindingKind.PROSPECT and not lead)
        ):
            lead, standing = f"{self._standing[first]}. {lead}".strip(), (first,)
        lines = [f"• {f.text}" for f in picked]
        return Answer(
            question=shown,
            status=Status.ANSWERED,
            title=wording.finding_title(kind.value, names),
            body="\n".join([lead, *lines] if lead else lines),
            sources=self._sources(picked),
            as_of=self._as_of,
            fact_ids=(*standing, *(f.id for f in picked)),
            score=score,
            contested=kind is FindingKind.ASSESSMENT,
            intent=FINDING_INTENT + kind.value,
            notes=tuple(dict.fromkeys(wording.note(c) for f in picked for c in f.caveats)),
            claims=tuple(ShownClaim(f.text, f.id, f.sources, f.date.iso) for f in picked),
            more=_more(chosen),
        )

    def _pick(self, kind: FindingKind, chosen: list[Finding]) -> list[Finding]:
        if kind is not FindingKind.ASSESSMENT:
            return chosen[: self.policy.shown]
        # Both sides in turn, each attributed: never one side alone when the facts hold two.
        favourable = [f for f in chosen if f.side is Stance.FAVOURABLE]
        other = [f for f in chosen if f.side is not Stance.FAVOURABLE]
        turns = [f for pair in zip_longest(favourable, other) for f in pair if f is not None]
        return turns[: self.policy.shown_views]

    def _sources(self, picked: list[Finding]) -> tuple[Source, ...]:
        """Return at most a few sources, the newest finding's first."""
        newest = max(picked, key=lambda f: f.date.sort_key())
        ordered = [*newest.sources, *(s for f in picked for s in f.sources)]
        return tuple(dict.fromkeys(ordered))[: self.policy.sources]


def _of_different_parties(ranked: list[Finding], n: int) -> list[Finding]:
    """Return `n` of the `ranked` findings, each about another party first, in rank order."""
    firsts: list[Finding] = []
    parties: set[str] = set()
    for f in ranked:
        party = f.about[0] if f.about else ""
        if party not in parties:
            firsts.append(f)
            parties.add(party)
    chosen = {f.id for f in firsts[:n]}
    return [f for f in ranked if f.id in chosen] + [f for f in ranked if f.id not in chosen][
        : max(0, n - len(chosen))
    ]


def _speakers(finding: Finding, people: Sequence[Person]) -> frozenset[str]:
    """Return the people whose name or alias stands in who said `finding`."""
    said = f" {' '.join(_WORD.findall(finding.by.casefold()))} "
    return frozenset(
        p.id
        for p in people
        if any(f" {' '.join(_WORD.findall(n.casefold()))} " in said for n in (p.name, *p.aliases))
    )


_WORD = re.compile(r"\w+")


def _more(findings: list[Finding]) -> str:
    """Return every finding with its date, who says it and its sources, for More."""
    blocks = []
    for f in findings:
        cited = "; ".join(f"{s.title} <{s.url}>" for s in f.sources)
        blocks.append(f"{f.text} ({f.date.human}). {wording.CITED}: {cited}")
    return "\n\n".join(blocks)

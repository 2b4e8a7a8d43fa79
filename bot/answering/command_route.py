"""The shared commands (`/members`, `/member`, `/timeline`, `/critiques`, …) and autocomplete.

Each command composes its answer from the records directly; only `/ask` goes through the
question pipeline, in `Engine.run_command`. What a command says when its argument is missing or
unknown is `bot.wording`'s.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz, process

from bot import wording
from bot.answer import Answer, Status
from bot.answering import record_answers
from bot.answering.intent_route import IntentRoute
from bot.answering.replies import Replies
from bot.knowledge.commands import MAX_CHOICES, find_command
from bot.knowledge.models import (
    ArgumentTopic,
    EntityKind,
    KnowledgeBase,
)
from bot.knowledge.normalize import normalize
from bot.state import ConversationState
from bot.understanding.matcher import Index
from bot.understanding.topics import resolve_topic


class CommandRoute:
    """Run the shared commands and feed autocomplete."""

    def __init__(
        self, kb: KnowledgeBase, index: Index, intents: IntentRoute, replies: Replies
    ) -> None:
        self.kb = kb
        self.index = index
        self.intents = intents
        self.replies = replies
        self._years = sorted({e.date.year for e in kb.events})

    def command(
        self, name: str, argument: str, shown: str, state: ConversationState
    ) -> tuple[Answer, ConversationState]:
        """Run the shared command `name` on `argument`; return its answer and the state after."""
        if name == "member":
            return self._member(argument, shown, state)
        if name == "timeline" and argument:
            return self._timeline_year(argument, shown, state)
        if name == "critiques" and argument and resolve_topic(argument) is None:
            return self.replies.no_answer(
                shown,
                wording.unknown_topic([t.label for t in ArgumentTopic]),
                [wording.critics_on(t.label) for t in list(ArgumentTopic)[:4]],
            ), state
        return _kept(self._listing(name, argument, shown), state)

    def _listing(self, name: str, argument: str, shown: str) -> Answer:
        """Answer a command that lists or describes: members, timeline, critiques, sources or
        about."""
        if name == "members":
            return record_answers.members_answer(self.kb, shown)
        if name == "timeline":
            return record_answers.timeline_overview(self.kb, shown)
        if name == "critiques":
            topic = resolve_topic(argument) if argument else None
            return self.intents.arguments(shown, "debate", topic)
        if name == "sources":
            return self.replies.sources_answer(shown)
        return self.replies.about_answer(shown)

    def _member(
        self, argument: str, shown: str, state: ConversationState
    ) -> tuple[Answer, ConversationState]:
        """Answer /member: the state named, whose record follow-ups then ask about."""
        entity = self.resolve_entity(argument)
        if entity is None:
            options = [wording.tell_me_about(c) for c in self.complete("member", argument)[:5]]
            body = wording.NAME_A_COUNTRY if not argument else wording.NO_SUCH_COUNTRY
            return self.replies.no_answer(shown, body, options), state
        answer = self.intents.entity_answer(shown, entity, "member_overview")
        return answer, ConversationState(
            entity_id=entity, intent="member_overview", fact_ids=answer.fact_ids, score=100.0
        )

    def _timeline_year(
        self, argument: str, shown: str, state: ConversationState
    ) -> tuple[Answer, ConversationState]:
        """Answer /timeline YEAR: the year's events, whose year follow-ups then ask about."""
        # isdecimal, not isdigit: "²" is a digit int() refuses; "٢٠٢٠" is a year.
        digits = "".join(ch for ch in argument if ch.isdecimal())
        if len(digits) != 4:
            return self.replies.no_answer(
                shown,
                wording.GIVE_A_YEAR,
                [wording.what_happened_in(y) for y in self._years[-4:]],
            ), state
        year = int(digits)
        answer = self.intents.timeline(shown, year)
        if answer.status is not Status.ANSWERED:
            return _kept(answer, state)
        return answer, ConversationState(
            intent="timeline_year", year=year, fact_ids=answer.fact_ids, score=100.0
        )

    def resolve_entity(self, text: str) -> str | None:
        """Resolve a country (or agreement, person) name typed by a user to its id."""
        key = normalize(text)
        if not key:
            return None
        hit = self.index.aliases.get(key)
        if hit:
            return hit[0]
        analysis = self.index.read(text)
        if analysis.mentions and not analysis.guarded:
            return analysis.mentions[0].entity_id
        if analysis.guarded:
            return None
        found = process.extractOne(
            key, list(self.index.aliases), scorer=fuzz.ratio, score_cutoff=80
        )
        return self.index.aliases[found[0]][0] if found else None

    def complete(self, command: str, prefix: str) -> tuple[str, ...]:
        """Return up to 25 autocomplete choices for the option of `command`."""
        spec = find_command(command)
        if spec is None or spec.option is None or not spec.option.autocomplete:
            return ()
        key = normalize(prefix)
        if spec.name == "timeline":
            return tuple(str(y) for y in self._years if str(y).startswith(key))[:MAX_CHOICES]
        if spec.name == "critiques":
            labels = [t.label for t in ArgumentTopic]
            if not key:
                return tuple(labels)[:MAX_CHOICES]
            ranked = process.extract(
                key,
                labels,
                scorer=fuzz.WRatio,
                limit=MAX_CHOICES,
                score_cutoff=50,
                processor=normalize,
            )
            starts = [lb for lb in labels if normalize(lb).startswith(key)]
            return tuple(dict.fromkeys([*starts, *(r[0] for r in ranked)]))[:MAX_CHOICES]
        names = [m.name for m in self.kb.members] + [
            r.name for r in sorted(self.kb.related, key=lambda r: r.kind != EntityKind.COUNTRY)
        ]
        if not key:
            return tuple(names[:MAX_CHOICES])
        by_id = {
            **{m.id: m.name for m in self.kb.members},
            **{r.id: r.name for r in self.kb.related},
        }
        out: list[str] = []
        for alias, (entity_id, kind) in self.index.aliases.items():
            if kind != "person" and alias.startswith(key):
                out.append(by_id[entity_id])
        countries = [a for a, (_, kind) in self.index.aliases.items() if kind != "person"]
        for alias, score, _ in process.extract(
            key, countries, scorer=fuzz.WRatio, limit=MAX_CHOICES, score_cutoff=60
        ):
            if score >= 60:
                out.append(by_id[self.index.aliases[alias][0]])
        return tuple(dict.fromkeys(out))[:MAX_CHOICES]


def _kept(answer: Answer, state: ConversationState) -> tuple[Answer, ConversationState]:
    """Return a command's answer, sure, with the conversation still about what it was about."""
    answer = replace(answer, score=100.0)
    return answer, ConversationState(
        fact_ids=answer.fact_ids, score=100.0, intent=state.intent, entity_id=state.entity_id
    )

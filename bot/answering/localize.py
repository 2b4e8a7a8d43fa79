"""Turn a structured English answer into the asker's language, from maintained templates only.

The answer is rebuilt from the records it names (its fact ids and intent): a member's dates,
place, signatories and status; the members list; the yes/no lead; a year's events; "I don't
know" and the suggestions; its notes, field labels and "facts as of" date. Templates and labels
come from the language's file (`in_language.Say`); dates and numbers are formatted by Babel
from CLDR data. Free text that has no maintained translation (an announcement's detail, a
topic, an argument, an event's sentence, a caveat) stays in English, and one line in the
asker's language says so. Names take the form the language's file gives, falling back to
English. Right-to-left answers get their Latin runs isolated (`bidi`).

The English this module recognises (a clarifying question, a suggestion, a note's prefix, a
field's label) is the text `bot.wording` writes, referred to there, never copied here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bot import wording
from bot.answer import Answer, AnswerField, Status
from bot.answering.from_findings import FINDING_INTENT
from bot.answering.in_language import Say
from bot.answering.localize_lists import debate, events_answer
from bot.answering.localize_members import (
    CLAIM_INTENTS,
    MEMBER_TITLES,
    lead_text,
    member,
    member_rows,
    members_list,
    memberships,
    related_answer,
    signer_rows,
)
from bot.answering.yesno import membership_lead
from bot.knowledge.langs import ENGLISH, LanguagePack
from bot.knowledge.models import KnowledgeBase, Member, Person, Related
from bot.understanding.intents import DEBATE_INTENTS, IntentName
from bot.wording.bidi import isolated, without_bidi_controls

_SUGGESTION_KEYS = (
    "ask_member_when",
    "ask_member_is",
    "ask_member_status",
    "ask_member_overview",
    "ask_member_signers",
    "ask_member_where",
)
_FIXED_SUGGESTIONS = ("ask_members", "ask_accords", "ask_critics", "ask_latest")
_CLARIFY_BODIES: Mapping[str, str] = {
    wording.WHICH_COUNTRY: "clarify_country",
    wording.SEVERAL_COUNTRIES: "clarify_country",
    wording.WHICH_OF_THESE: "clarify_which",
    wording.WHICH_PERSON: "clarify_person",
    wording.WHICH_YEAR: "clarify_year",
}
_FIELD_LABELS: Mapping[str, str] = {
    wording.FIELD_STATUS: "field_status",
    wording.FIELD_ANNOUNCED: "field_announced",
    wording.FIELD_SIGNED: "field_signed",
    wording.FIELD_DOCUMENTS: "field_documents",
    wording.FIELD_SIGNATORIES: "field_signatories",
    wording.FIELD_RATIFICATION: "field_ratification",
    wording.FIELD_OFFERED: "field_offered",
    wording.FIELD_MILESTONES: "field_milestones",
    wording.FIELD_PLEDGED: "field_pledged",
    wording.FIELD_NOT_MEMBERS: "field_not_members",
    wording.FIELD_WHY_NOT: "field_why_not",
    wording.FIELD_DIFFERS: "field_differs",
    wording.FIELD_TOPICS: "field_topics",
    wording.FIELD_FACTS_AS_OF: "facts_as_of",
}
"""Each field label the core writes in English, and its label in the language files."""
_NOTE_HEAD = wording.note("")


@dataclass(frozen=True, slots=True)
class _Suggested:
    """What an English suggestion asks: its template, and the record or year it names."""

    key: str
    entity: str | None = None
    year: str | None = None


class Localizer:
    """Rebuild English answers in another language from the records they name."""

    def __init__(self, kb: KnowledgeBase, packs: Sequence[LanguagePack]) -> None:
        self.kb = kb
        self.packs = {p.code: p for p in packs}
        self._members = {m.id: m for m in kb.members}
        self._related = {r.id: r for r in kb.related}
        self._states: dict[str, Member | Related] = {**self._related, **self._members}
        self._people = {p.id: p for p in kb.people}
        self._events = {e.id: e for e in kb.events}
        records: tuple[Member | Related | Person, ...] = (*kb.members, *kb.related, *kb.people)
        self._names = {rec.id: rec.name for rec in records}
        self._suggestions = self._suggestion_table()
        # A caveat of a dated event, as `wording.dated_note` wrote it: its date and its text.
        self._dated_notes = {
            wording.dated_note(e.date.human, c): (e.date, c) for e in kb.events for c in e.caveats
        }

    # -- suggestions ----------------------------------------------------------------------

    def _suggestion_table(self) -> dict[str, _Suggested]:
        """Map each English suggestion the engine writes to what it asks."""
        english = self.packs.get(ENGLISH)
        table: dict[str, _Suggested] = {}
        if english is None:
            return table
        for key in _FIXED_SUGGESTIONS:
            table[english.templates[key]] = _Suggested(key)
        states: list[tuple[str, tuple[str, ...]]] = [
            (m.id, (m.short_name, m.name)) for m in self.kb.members
        ]
        states += [(r.id, (r.name,)) for r in self.kb.related]
        for entity, names in states:
            for key in _SUGGESTION_KEYS:
                for name in names:
                    text = english.template(key, name=name)
                    table.setdefault(text[:1].upper() + text[1:], _Suggested(key, entity))
        for p in self.kb.people:
            table[english.template("ask_person", name=p.name)] = _Suggested("ask_person", p.id)
        for year in sorted({e.date.year for e in self.kb.events}):
            table[wording.what_happened_in(year)] = _Suggested("ask_year", year=str(year))
        return table

    def _suggestion(self, text: str, say: Say) -> str:
        found = self._suggestions.get(text)
        if found is None:
            return text
        if found.year is not None:
            return say.t(found.key, year=found.year)
        if found.entity is not None:
            return say.t(found.key, name=say.name_of(found.entity))
        return say.t(found.key)

    # -- the entry point ----------------------------------------------------------------

    def localize(self, answer: Answer, language: str, question: str | None = None) -> Answer:
        """Return `answer` in `language`; English, unknown languages and notices pass through."""
        pack = self.packs.get(language)
        if pack is None or language == ENGLISH or answer.is_notice:
            return answer
        say = Say(pack, self._names)
        if answer.status is Status.NO_ANSWER:
            out = replace(answer, title=say.t("dont_know_title"), body=say.t("dont_know_body"))
        elif answer.status is Status.CLARIFY:
            key = _CLARIFY_BODIES.get(answer.body)
            body = say.t(key) if key else say.free(answer.body)
            out = replace(answer, title=say.t("clarify_title"), body=body)
        else:
            out = self._answered(answer, say)
        notes = [self._note(n, say) for n in out.notes if n not in say.notes] + say.notes
        if say.english_kept:
            notes.append(say.t("untranslated"))
        out = replace(
            out,
            fields=tuple(self._field(f, say) for f in out.fields),
            notes=tuple(dict.fromkeys(notes)),
            suggestions=tuple(self._suggestion(s, say) for s in answer.suggestions),
            as_of=self._as_of(answer.as_of, say),
            language=language,
            decorations=tuple(
                (k, pack.labels[k]) for k in wording.DECORATION_KEYS if k in pack.labels
            ),
            rtl=pack.rtl,
        )
        if question is not None:
            out = replace(out, question=without_bidi_controls(question).strip()[:300])
        return isolated(out) if pack.rtl else out

    def _note(self, note: str, say: Say) -> str:
        """Return a note in the language: a caveat keeps its text, under the language's head."""
        dated = self._dated_notes.get(note)
        if dated is not None:
            date, text = dated
            return say.t("note_dated", date=say.date(date), text=say.free(text))
        if note.startswith(_NOTE_HEAD):
            return say.t("note", text=say.free(note[len(_NOTE_HEAD) :]))
        return say.free(note)

    def _field(self, item: AnswerField, say: Say) -> AnswerField:
        """Return a field whose label the core wrote in English under the language's label."""
        key = _FIELD_LABELS.get(item.name)
        if key is None:
            return item
        return AnswerField(say.label(key), self._as_of(item.value, say))

    def _as_of(self, as_of: str, say: Say) -> str:
        """Return the served facts' "as of" date in the locale's form (Babel); else `as_of`."""
        return say.date(self.kb.meta.as_of) if as_of == self.kb.as_of else as_of

    # -- answered ----------------------------------------------------------------------

    def _answered(self, answer: Answer, say: Say) -> Answer:
        record = answer.fact_ids[0] if answer.fact_ids else ""
        lead, rest = self._lead(answer, record, say)
        built = self._from_records(answer, record, say) or self._from_text(
            answer, record, rest, say
        )
        if lead:
            built = replace(built, body=f"{lead} {built.body}".strip())
        return built

    def _from_records(self, answer: Answer, record: str, say: Say) -> Answer | None:
        """Rebuild an answer about the members or another state from their records, or None."""
        intent = answer.intent
        if intent == IntentName.MEMBERS:
            return members_list(answer, self.kb.members, self.kb.related, say)
        if intent == "members:who":
            return signer_rows(answer, self._members, say)
        if intent.startswith("members:"):
            return member_rows(answer, self._members, say)
        if intent == IntentName.MEMBER_IS and len(answer.fact_ids) > 1:
            return memberships(answer, self._states, say)
        if record in self._members and (intent in MEMBER_TITLES or intent in CLAIM_INTENTS):
            return member(answer, self._members[record], say)
        if record in self._related and intent.startswith(("member_", "claim:")):
            rec = self._related[record]
            return related_answer(answer, rec, membership_lead(rec.name, rec.status), say)
        return None

    def _from_text(self, answer: Answer, record: str, rest: str, say: Say) -> Answer:
        """Rebuild a list of events or views, or put the answer's own text in the language."""
        intent = answer.intent
        if intent in (IntentName.TIMELINE_YEAR, IntentName.LATEST):
            events = [self._events[f] for f in answer.fact_ids if f in self._events]
            return events_answer(answer, events, say)
        if intent in DEBATE_INTENTS or intent == "claim:argument":
            return debate(answer, say)
        if record in self._people:
            return replace(answer, title=say.name_of(record), body=say.free(rest))
        if intent.startswith(FINDING_INTENT):  # the findings' kind titles the answer
            return replace(answer, title=say.t(intent), body=say.free(rest))
        return replace(answer, body=say.free(rest))

    def _lead(self, answer: Answer, record: str, say: Say) -> tuple[str, str]:
        """Return the localized yes/no lead the English body starts with, and the body."""
        rec = self._states.get(record)
        if rec is None:
            return "", answer.body
        english = membership_lead(rec.name, rec.status)
        if not answer.body.startswith(english):
            return "", answer.body
        return lead_text(record, rec.status, say), answer.body[len(english) :].strip()

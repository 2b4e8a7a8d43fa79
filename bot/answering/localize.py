"""Turn a structured English answer into the asker's language, from maintained templates only.

The answer is rebuilt from the records it names (its fact ids and intent): a member's dates,
place, signatories and status; the members list; the yes/no lead; a year's events; "I don't
know" and the suggestions. Templates and labels come from the language's file; dates and
numbers are formatted by Babel from CLDR data. Free text that has no maintained translation
(an announcement's detail, a topic, an argument, an event's sentence, a caveat) stays in
English, and one line in the asker's language says so. Names take the form the language's
file gives, falling back to English. In right-to-left text, every run of Latin letters or
digits is wrapped in Unicode bidi isolates (U+2068 … U+2069) so it cannot reorder the line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from bot.answer import Answer, AnswerField, Status
from bot.answering.yesno import membership_lead
from bot.knowledge.langs import ENGLISH, LanguagePack
from bot.knowledge.models import Event, FuzzyDate, KnowledgeBase, Member, MemberStatus, Related

FSI, PDI = "\u2068", "\u2069"
_LATIN_RUN = re.compile(
    r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F .,;'’()\-–/:&$%]*[A-Za-z0-9\u00C0-\u024F)%]"
    r"|[A-Za-z0-9\u00C0-\u024F]"
)
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_PERIOD = re.compile(
    r"(?:(?P<day>\d{1,2}) )?(?:(?P<month>January|February|March|April|May|June|July|August|"
    r"September|October|November|December) )?(?P<year>\d{4})$"
)
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_SUGGESTION_KEYS = (
    "ask_member_when",
    "ask_member_is",
    "ask_member_status",
    "ask_member_overview",
    "ask_member_signers",
    "ask_member_where",
)
_FIXED_SUGGESTIONS = ("ask_members", "ask_accords", "ask_critics", "ask_latest")
_CLARIFY_BODIES = {
    "Which country do you mean?": "clarify_country",
    "You named several countries; which one do you mean?": "clarify_country",
    "I'm not sure which of these you mean:": "clarify_which",
}
_MEMBER_TITLES = {
    "member_when": "title_when",
    "member_where": "title_where",
    "member_signers": "title_signers",
    "member_documents": "title_documents",
    "member_status": "title_status",
    "member_is": "title_is",
    "member_how": "title_how",
    "member_offered": "title_offered",
    "member_overview": "title_overview",
}
# A claim about a member, answered as the member intent that states the same field.
_CLAIM_INTENTS = {
    "claim:announced": "member_announced",
    "claim:signed": "member_where",
    "claim:signatories": "member_signers",
    "claim:documents": "member_documents",
    "claim:status": "member_status",
}
_DEBATE = ("critiques", "defences", "debate")
# The lead of a date filter over the members, as `aggregate` writes it.
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


def _isolate_run(match: re.Match[str]) -> str:
    run, tail = match.group(0), ""
    # A closing bracket whose opening one is outside the run stays outside the isolate too.
    while run.endswith(")") and run.count(")") > run.count("("):
        run, tail = run[:-1].rstrip(), ")" + tail
    return f"{FSI}{run}{PDI}{tail}" if run else tail


def isolate(text: str) -> str:
    """Return `text` with each run of Latin letters or digits wrapped in bidi isolates."""
    return _LATIN_RUN.sub(_isolate_run, text)


def without_bidi_controls(text: str) -> str:
    """Return `text` without explicit bidi controls (embeddings, overrides, isolates, marks)."""
    return _BIDI_CONTROLS.sub("", text)


@dataclass
class _Say:
    """Wording in one language, and whether English free text had to be kept."""

    pack: LanguagePack
    english_kept: bool = False
    notes: list[str] = field(default_factory=list)

    def t(self, key: str, **values: str) -> str:
        # A locale's date may end in an abbreviation ("2020 г."): one full stop, not two.
        return self.pack.template(key, **values).replace("..", ".")

    def label(self, key: str) -> str:
        return self.pack.label(key)

    def status(self, status: MemberStatus) -> str:
        return self.pack.label(f"status_{status.value}")

    def date(self, date: FuzzyDate) -> str:
        code = self.pack.code
        if date.month is None:
            text = str(date.year)
        elif date.day is None:
            text = format_skeleton("yMMMM", dt.date(date.year, date.month, 1), locale=code)
        else:
            text = format_date(dt.date(date.year, date.month, date.day), "long", locale=code)
        return self.t("approximately", date=text) if date.approximate else text

    def number(self, n: int) -> str:
        return format_decimal(n, locale=self.pack.code)

    def free(self, text: str) -> str:
        """Return the maintained translation of `text`, or `text` itself, marked as English."""
        translated = self.pack.texts.get(text)
        if translated is not None:
            return translated
        if text.strip():
            self.english_kept = True
        return text

    def name(self, text: str) -> str:
        """Return a name of a place or document in this language, else as written."""
        return self.pack.texts.get(text, text)


class Localizer:
    """Rebuild English answers in another language from the records they name."""

    def __init__(self, kb: KnowledgeBase, packs: Sequence[LanguagePack]) -> None:
        self.kb = kb
        self.packs = {p.code: p for p in packs}
        self._members = {m.id: m for m in kb.members}
        self._related = {r.id: r for r in kb.related}
        self._people = {p.id: p for p in kb.people}
        self._events = {e.id: e for e in kb.events}
        self._suggestions = self._suggestion_table()

    # -- names ------------------------------------------------------------------------

    def _name(self, entity: str, say: _Say) -> str:
        local = say.pack.names.get(entity)
        if local is not None:
            return local
        rec = self._members.get(entity) or self._related.get(entity) or self._people.get(entity)
        return rec.name if rec is not None else entity

    def _suggestion_table(self) -> dict[str, tuple[str, str | None]]:
        """Map each English suggestion the engine writes to (template key, entity)."""
        english = self.packs.get(ENGLISH)
        table: dict[str, tuple[str, str | None]] = {}
        if english is None:
            return table
        for key in _FIXED_SUGGESTIONS:
            table[english.templates[key]] = (key, None)
        states: list[tuple[str, tuple[str, ...]]] = [
            (m.id, (m.short_name, m.name)) for m in self.kb.members
        ]
        states += [(r.id, (r.name,)) for r in self.kb.related]
        for entity, names in states:
            for key in _SUGGESTION_KEYS:
                for name in names:
                    text = english.template(key, name=name)
                    table.setdefault(text[:1].upper() + text[1:], (key, entity))
        for p in self.kb.people:
            table[english.template("ask_person", name=p.name)] = ("ask_person", p.id)
        return table

    def _suggestion(self, text: str, say: _Say) -> str:
        found = self._suggestions.get(text)
        if found is None:
            year = re.fullmatch(r"What happened in (\d{4})\?", text)
            return say.t("ask_year", year=year.group(1)) if year else text
        key, entity = found
        return say.t(key, name=self._name(entity, say)) if entity else say.t(key)

    # -- the entry point ----------------------------------------------------------------

    def localize(self, answer: Answer, language: str, question: str | None = None) -> Answer:
        """Return `answer` in `language`; English, unknown languages and notices pass through."""
        pack = self.packs.get(language)
        if pack is None or language == ENGLISH or answer.is_notice:
            return answer
        say = _Say(pack)
        if answer.status is Status.NO_ANSWER:
            out = replace(answer, title=say.t("dont_know_title"), body=say.t("dont_know_body"))
        elif answer.status is Status.CLARIFY:
            key = _CLARIFY_BODIES.get(answer.body)
            body = say.t(key) if key else say.free(answer.body)
            out = replace(answer, title=say.t("clarify_title"), body=body)
        else:
            out = self._answered(answer, say)
        notes = [say.free(n) for n in out.notes if n not in say.notes] + say.notes
        if say.english_kept:
            notes.append(say.t("untranslated"))
        out = replace(
            out,
            notes=tuple(dict.fromkeys(notes)),
            suggestions=tuple(self._suggestion(s, say) for s in answer.suggestions),
        )
        if question is not None:
            out = replace(out, question=without_bidi_controls(question).strip()[:300])
        out = replace(out, language=language)
        return _isolated(out) if pack.rtl else out

    # -- answered ----------------------------------------------------------------------

    def _answered(self, answer: Answer, say: _Say) -> Answer:
        record = answer.fact_ids[0] if answer.fact_ids else ""
        lead, rest = self._lead(answer, record, say)
        intent = answer.intent
        built: Answer | None = None
        if intent == "members":
            built = self._members_list(answer, say)
        elif intent.startswith("members:"):
            built = self._member_rows(answer, say)
        elif intent == "member_is" and len(answer.fact_ids) > 1:
            built = self._memberships(answer, say)
        elif record in self._members and (intent in _MEMBER_TITLES or intent in _CLAIM_INTENTS):
            built = self._member(answer, self._members[record], say)
        elif record in self._related and intent.startswith(("member_", "claim:")):
            built = self._related_answer(answer, self._related[record], say)
        elif intent in ("timeline_year", "latest"):
            built = self._events_answer(answer, say)
        elif intent in _DEBATE or (intent == "claim:argument"):
            built = self._debate(answer, say)
        elif record in self._people:
            built = replace(answer, title=self._name(record, say), body=say.free(rest))
        if built is None:
            built = replace(answer, body=say.free(rest))
        if lead:
            built = replace(built, body=f"{lead} {built.body}".strip())
        return built

    def _lead(self, answer: Answer, record: str, say: _Say) -> tuple[str, str]:
        """Return the localized yes/no lead the English body starts with, and the body."""
        rec: Member | Related | None = self._members.get(record) or self._related.get(record)
        if rec is None:
            return "", answer.body
        english = membership_lead(rec.name, rec.status)
        if not answer.body.startswith(english):
            return "", answer.body
        return self._lead_text(record, rec.status, say), answer.body[len(english) :].strip()

    def _lead_text(self, entity: str, status: MemberStatus, say: _Say) -> str:
        name = self._name(entity, say)
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
        }.get(status, "lead_no")
        return say.t(key, name=name)

    # -- members ------------------------------------------------------------------------

    def _row(self, m: Member, say: _Say) -> str:
        if m.signed is not None:
            return say.t(
                "row_signed",
                name=self._name(m.id, say),
                date=say.date(m.signed.date),
                status=say.status(m.status),
            )
        return say.t(
            "row_announced",
            name=self._name(m.id, say),
            date=say.date(m.announced.date),
            status=say.status(m.status),
        )

    def _members_list(self, answer: Answer, say: _Say) -> Answer:
        members = self.kb.members
        body = say.t("members_intro", count=say.number(len(members)))
        body += "\n" + "\n".join(f"• {self._row(m, say)}" for m in members)
        fields = []
        pledged = [r.id for r in self.kb.related if r.status is MemberStatus.PLEDGED]
        if pledged:
            names = ", ".join(self._name(r, say) for r in pledged)
            fields.append(AnswerField(say.label("field_pledged"), names))
        others = [
            r.id
            for r in self.kb.related
            if r.status is MemberStatus.NOT_MEMBER and r.kind == "country"
        ]
        if others:
            names = ", ".join(self._name(r, say) for r in others)
            fields.append(AnswerField(say.label("field_not_members"), names))
        return replace(answer, title=say.t("members_title"), body=body, fields=tuple(fields))

    def _member_rows(self, answer: Answer, say: _Say) -> Answer:
        rows = [self._members[f] for f in answer.fact_ids if f in self._members]
        if not rows:
            return replace(answer, body=say.free(answer.body))
        lines = []
        for m in rows:
            signed = (
                say.t("signed_short", date=say.date(m.signed.date))
                if m.signed
                else say.t("no_signing_short")
            )
            lines.append(
                "• "
                + say.t(
                    "row_dates",
                    name=self._name(m.id, say),
                    announced=say.date(m.announced.date),
                    signed=signed,
                    status=say.status(m.status),
                )
            )
        first = answer.body.split("\n", 1)[0]
        lead = "" if first.startswith("• ") else self._joined(first, say)
        body = "\n".join([lead, *lines] if lead else lines)
        title = say.t("title_rows", count=say.number(len(rows)))
        return replace(answer, title=title, body=body)

    @staticmethod
    def _joined(lead: str, say: _Say) -> str:
        """Return the lead of a date filter ("2 states joined in 2020 …") in the language."""
        found = _JOINED.match(lead)
        if found is None:
            return say.free(lead)
        key = _JOINED_KEYS[found["op"]]
        values = {"count": say.number(int(found["count"])), "year": found["year"]}
        if found["until"]:
            values["until"] = found["until"]
        return say.t(key, **values)

    def _memberships(self, answer: Answer, say: _Say) -> Answer:
        lines = []
        for entity in answer.fact_ids:
            rec = self._members.get(entity) or self._related.get(entity)
            if rec is not None:
                lines.append(f"• {self._lead_text(entity, rec.status, say)}")
        return replace(answer, title=say.t("title_memberships"), body="\n".join(lines))

    def _member(self, answer: Answer, m: Member, say: _Say) -> Answer:
        intent = _CLAIM_INTENTS.get(answer.intent, answer.intent)
        name = self._name(m.id, say)
        signed = m.signed
        status_line = say.t("status_line", status=say.status(m.status))
        no_signing = say.t("no_signing", name=name)
        fields: list[AnswerField] = []
        parts: list[str]
        if intent == "member_announced":
            parts = [
                say.t("announced_on", date=say.date(m.announced.date)),
                say.free(m.announced.detail),
            ]
            intent = "member_when"
        elif intent == "member_when":
            parts = [say.t("announced_on", date=say.date(m.announced.date))]
            parts.append(self._signed_line(m, say) if signed else no_signing)
            parts.append(status_line)
        elif intent == "member_where":
            parts = [self._signed_line(m, say) if signed else no_signing]
        elif intent == "member_signers":
            parts = [self._signers(m, say) if signed else say.t("no_signatories")]
        elif intent == "member_documents":
            parts = (
                [
                    say.t(
                        "documents_on",
                        documents="; ".join(say.name(d) for d in signed.documents),
                        date=say.date(signed.date),
                    )
                ]
                if signed
                else [no_signing]
            )
        elif intent in ("member_status", "member_is"):
            parts = [status_line, say.free(m.status_detail)]
        elif intent == "member_offered":
            parts = [say.free(m.offered)] if m.offered else []
        elif intent == "member_how":
            parts = [say.free(m.announced.detail)]
            parts.append(self._signed_line(m, say) if signed else no_signing)
        else:
            parts = [say.free(m.status_detail)]
            fields = self._member_fields(m, say)
        if not parts or not any(parts):
            return replace(answer, body=say.free(answer.body))
        title = say.t(_MEMBER_TITLES.get(intent, "title_overview"), name=name)
        return replace(
            answer, title=title, body=" ".join(p for p in parts if p), fields=tuple(fields)
        )

    def _signed_line(self, m: Member, say: _Say) -> str:
        assert m.signed is not None
        place = say.name(m.signed.place.rstrip("."))
        return say.t("signed_on_in", date=say.date(m.signed.date), place=place)

    def _signers(self, m: Member, say: _Say) -> str:
        assert m.signed is not None
        people = "; ".join(
            f"{self._name(s.person, say) if s.person else s.name} ({say.free(s.role)})"
            for s in m.signed.signatories
        )
        return say.t("signed_by", date=say.date(m.signed.date), people=people)

    def _member_fields(self, m: Member, say: _Say) -> list[AnswerField]:
        fields = [
            AnswerField(say.label("field_status"), say.status(m.status)),
            AnswerField(say.label("field_announced"), say.date(m.announced.date)),
        ]
        if m.signed is not None:
            place = say.name(m.signed.place.rstrip("."))
            fields.append(
                AnswerField(say.label("field_signed"), f"{say.date(m.signed.date)}, {place}")
            )
            fields.append(
                AnswerField(
                    say.label("field_documents"), "; ".join(say.name(d) for d in m.signed.documents)
                )
            )
            signers = "; ".join(
                self._name(s.person, say) if s.person else s.name for s in m.signed.signatories
            )
            fields.append(AnswerField(say.label("field_signatories"), signers))
        else:
            fields.append(AnswerField(say.label("field_signed"), say.t("no_signing_short")))
        return fields

    def _related_answer(self, answer: Answer, r: Related, say: _Say) -> Answer:
        title = say.t("title_related", name=self._name(r.id, say), status=say.status(r.status))
        label = "field_differs" if r.status is MemberStatus.SEPARATE_AGREEMENT else "field_why_not"
        body = answer.body
        english_lead = membership_lead(r.name, r.status)
        if body.startswith(english_lead):
            body = body[len(english_lead) :].strip()
        fields = tuple(
            AnswerField(say.label(label), say.free(f.value))
            if f.name in ("Why it is not a member", "How it differs")
            else AnswerField(f.name, say.free(f.value))
            for f in answer.fields
        )
        return replace(answer, title=title, body=say.free(body), fields=fields)

    # -- events and arguments ----------------------------------------------------------

    def _events_answer(self, answer: Answer, say: _Say) -> Answer:
        events: list[Event] = [self._events[f] for f in answer.fact_ids if f in self._events]
        if not events:
            return replace(answer, body=say.free(answer.body))
        lines = [f"• {say.date(e.date)}: {say.free(e.text)}" for e in events]
        if answer.intent == "latest":
            title = say.t("title_latest")
        else:
            title = say.t("title_events", period=self._period(answer.title, say))
        return replace(answer, title=title, body="\n".join(lines))

    def _period(self, english_title: str, say: _Say) -> str:
        words = english_title.split()
        tail = " ".join(words[3:]) if len(words) > 3 else english_title
        found = _PERIOD.search(tail)
        if found is None:
            return say.free(tail)
        month = _MONTHS.index(found["month"]) + 1 if found["month"] else None
        day = int(found["day"]) if found["day"] and month else None
        return say.date(FuzzyDate(int(found["year"]), month, day))

    def _debate(self, answer: Answer, say: _Say) -> Answer:
        heads = {"Critics say:": "critics_head", "Supporters argue:": "supporters_head"}
        lines = [
            say.t(heads[line]) if line in heads else say.free(line)
            for line in answer.body.split("\n")
        ]
        note = (
            "These are the views of the people named, reported with their sources; "
            "the bot takes no side."
        )
        if note in answer.notes:
            say.notes.append(say.t("no_side"))
        fields = tuple(
            AnswerField(say.label("field_topics"), f.value) if f.name == "Topics" else f
            for f in answer.fields
        )
        notes = tuple(n for n in answer.notes if n != note)
        title = say.t("title_debate") if answer.intent in _DEBATE else answer.title
        return replace(answer, title=title, body="\n".join(lines), fields=fields, notes=notes)


def _isolated(answer: Answer) -> Answer:
    iso: Callable[[str], str] = isolate
    return replace(
        answer,
        title=iso(answer.title),
        body=iso(answer.body),
        fields=tuple(AnswerField(iso(f.name), iso(f.value)) for f in answer.fields),
        notes=tuple(iso(n) for n in answer.notes),
    )

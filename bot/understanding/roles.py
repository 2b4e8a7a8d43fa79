"""People named by their office: "the Moroccan king", "Trump's envoy", "Sudan's prime minister".

Each person's `role` in the fact base says what office they hold and for which state ("King of
Morocco", "US special envoy (Trump's second term)"). A question that names an office and a
state is read as naming the one person whose role holds that office for that state; when two
people fit equally well ("the Israeli foreign minister" — four held the post), nobody is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from bot.knowledge.models import Person
from bot.knowledge.normalize import normalize

# Offices, longest first so "vice president" is read before "president".
OFFICES: tuple[str, ...] = (
    "vice president",
    "prime minister",
    "foreign minister",
    "crown prince",
    "treasury secretary",
    "secretary of state",
    "national security adviser",
    "special envoy",
    "son in law",
    "head of government",
    "justice minister",
    "president",
    "king",
    "minister",
    "secretary",
    "envoy",
    "ambassador",
    "adviser",
    "advisor",
    "aide",
)
# Words that name the United States or Israel, which have no record of their own as a state
# of the accords ("US President", "Israeli Foreign Minister", "Trump's envoy").
_STATE_WORDS: Mapping[str, str] = {
    "us": "united-states",
    "usa": "united-states",
    "american": "united-states",
    "america": "united-states",
    "trump": "united-states",
    "trumps": "united-states",
    "washington": "united-states",
    "israel": "israel",
    "israeli": "israel",
    "israels": "israel",
    "united": "united-states",
}


# Words that make an office phrase mean any holder of it, at any time, not the one on record.
_ANY_HOLDER = frozenset("a an any which what first last every another".split())
# Possessives that give the office to someone named earlier in the question, not the one on record.
_SOMEONES = frozenset("its their his her our my your".split())


@dataclass(frozen=True, slots=True)
class _Holder:
    person: str
    role: str  # normalised
    states: frozenset[str]

    def place(self, office: str) -> int:
        """Return the word at which the office comes in the role: one's own office is first."""
        before = f" {self.role} "[: f" {self.role} ".index(f" {office} ")]
        return before.count(" ")


class RoleIndex:
    """Who holds which office, for which state, from the people's roles."""

    def __init__(self, people: Iterable[Person], aliases: Mapping[str, tuple[str, str]]) -> None:
        self.aliases = aliases
        self.longest = max((len(a.split()) for a in aliases), default=1)
        self.holders = [
            _Holder(p.id, role, frozenset(self.states(role)))
            for p in people
            if (role := normalize(p.role))
        ]

    def states(self, normalized: str) -> set[str]:
        """Return the states a text names, by their names, demonyms or the US's and Israel's."""
        # "sudans", "kazakhstans": possessives lose their apostrophe when normalised
        words = [
            w[:-1] if w.endswith("s") and w[:-1] in self.aliases else w for w in normalized.split()
        ]
        found = {_STATE_WORDS[w] for w in words if w in _STATE_WORDS}
        for i in range(len(words)):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                hit = self.aliases.get(" ".join(words[i : i + n]))
                if hit is not None and hit[1] != "person":
                    found.add(hit[0])
                    break
        return found

    def rewrite(self, normalized: str, name: Callable[[str], str]) -> str:
        """Return the question with the office phrase replaced by its holder's name, or ""."""
        found = self._find(normalized)
        if found is None:
            return ""
        person, start, end = found
        words = normalized.split()
        return " ".join([*words[:start], normalize(name(person)), *words[end:]])

    def _find(self, normalized: str) -> tuple[str, int, int] | None:
        text = f" {normalized} "
        office = next((o for o in OFFICES if f" {o} " in text), None)
        if office is None:
            return None
        words = normalized.split()
        at = text[: text.index(f" {office} ")].count(" ")
        # "Bahrain's first ambassador", "the Moroccan king": whose office it is; "… to Israel",
        # "… of Morocco": where it is held. A holder must be of both.
        start, own = self._whose(words, at)
        end, where = self._where(words, at + len(office.split()))
        before = words[max(0, start - 1) : at]
        if set(before) & _ANY_HOLDER:
            return None  # "an Israeli PM", "the first ambassador": any holder, not one person
        if not own and at > 0 and words[at - 1] in _SOMEONES:
            return None  # "the PA recalled its ambassador": the office of someone named before
        if start > 0 and words[start - 1] == "the":
            start -= 1
        person = self._holder(office, own, where, self.states(normalized))
        return None if person is None else (person, start, end)

    def _whose(self, words: list[str], at: int) -> tuple[int, set[str]]:
        """Return where the words naming whose office it is start, and the states they name."""
        start, own = at, set[str]()
        for i in range(at - 1, max(-1, at - 4), -1):  # "Bahrain's first ambassador"
            if named := self.states(words[i]):
                start, own = i, own | named
        return start, own

    def _where(self, words: list[str], end: int) -> tuple[int, set[str]]:
        """Return where the office's words end, with "to X" / "of X" / "in X", and X's states."""
        if words[end : end + 1] not in (["to"], ["of"], ["in"]):
            return end, set()
        for stop in (end + 2, end + 3):
            where = self.states(" ".join(words[end + 1 : stop]))
            if where:
                return stop, where
        return end, set()

    def _holder(self, office: str, own: set[str], where: set[str], states: set[str]) -> str | None:
        """Return the one person on record holding `office` for the states named, or None."""
        fits = [
            h
            for h in self.holders
            if f" {office} " in f" {h.role} " and own <= h.states and where <= h.states
        ]
        # the holder for the most of the states named, whose role is that office first of all
        # ("US special envoy", not "aide to the US envoy")
        ranked = sorted(fits, key=lambda h: (-len(h.states & states), h.place(office)))
        score = [(len(h.states & states), -h.place(office)) for h in ranked]
        if not ranked or (states and score[0][0] == 0):
            return None
        if len(ranked) > 1 and score[1] == score[0]:
            return None  # two people fit as well: the question does not say which
        return ranked[0].person

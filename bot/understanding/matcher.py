"""Understanding a question: entity mentions, slots, typo repair, and ranking of candidates.

rapidfuzz does the fuzzy work (typo repair of words and names, order-aware similarity), but
never decides alone: a candidate's score blends word-set agreement (F1 over meaningful words,
so a subset cannot score 100) with `token_sort_ratio`, and the caller answers only when the
winner clears an absolute threshold *and* a margin over the runner-up. Words the fact base does
not know at all mark the question as off-topic.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from bot.knowledge.models import (
    CONTEXT_STATUSES,
    EntityKind,
    KnowledgeBase,
    MemberStatus,
    Related,
)
from bot.knowledge.normalize import normalize
from bot.understanding.intents import INTENTS, PRONOUNS, Slot
from bot.understanding.known_words import vocabulary_of
from bot.understanding.match_types import Analysis, Candidate, MatchPolicy, Mention, Scored, Target
from bot.understanding.roles import RoleIndex
from bot.understanding.terms import SKIPPED
from bot.understanding.vocabulary import (
    FAMILIES,
    FILLER,
    GENERIC,
    NEUTRAL,
    STOPWORDS,
    WH_WORDS,
    family,
)
from bot.understanding.vocabulary import MONTHS as _MONTHS

# A content word is never "repaired" into a function word ("weather" is not "whether");
# question words and the accords' name stay targets ("wat", "abrham").
# Statuses of the states named in nearly every stored text (Israel) or beside every deal (the
# Palestinians): see `Index.context_aliases`. The broker keeps its place among the aliases.
_IN_EVERY_TEXT = frozenset({MemberStatus.PARTY, MemberStatus.NOT_A_PARTY})
_NOT_REPAIRED_TO = SKIPPED - WH_WORDS - {"abraham", "accords", "accord"}

__all__ = ["Analysis", "Candidate", "Index", "MatchPolicy", "Mention", "Scored", "Target"]


_ACCORD_WORDS = frozenset(
    {
        "accords",
        "accord",
        "agreement",
        "agreements",
        "deal",
        "deals",
        "peace",
        "declaration",
        "treaty",
        "pact",
        "acords",
        "accrods",
    }
)
# Expressions whose meaning the single words lose once small words are dropped.
_MULTIWORD = (
    (re.compile(r"\b(for and against|pros and cons|both sides|good or bad)\b"), "proscons"),
    (re.compile(r"^(?:can|could|would|will) you (?=\w)"), ""),  # "can you explain …": polite
    (re.compile(r"\bsigned up\b"), "joined"),
    (re.compile(r"\bsign up\b"), "join"),
)


def _multiword(text: str) -> str:
    for pattern, token in _MULTIWORD:
        text = pattern.sub(token, text)
    return text


_ARTICLES = frozenset({"the", "a", "an"})
_ABRAHAM_TYPO = re.compile(r"^ab?ra+h?[aei]*m+s?$")
_YEAR = re.compile(r"^(19[4-9]\d|20\d\d)$")
_DAY = re.compile(r"^([12]?\d|3[01])(st|nd|rd|th)?$")

# Phrases that look on-topic but are not: answered by nobody here, never fuzzily matched.


SLOT_WORDS: frozenset[str] = frozenset({"xent", "xperson", "xyear", "xmonth", "xday"})
_SLOT_TOKENS = frozenset({"xent", "xperson"})
"""The slot words that stand for a name found, one per mention, in order."""
_COUNTERPART_WORDS = frozenset(
    "with recognize recognise recognizes recognises recognized recognised recognizing"
    " recognising recognition".split()
)
"""Words after which the party to every deal is the other side of one ("peace with Israel")."""


def _content(words: Iterable[str]) -> frozenset[str]:
    return frozenset(
        family(w)
        for w in words
        if w not in STOPWORDS and w not in NEUTRAL and w not in FILLER and w not in WH_WORDS
    )


def _wh(words: Iterable[str]) -> frozenset[str]:
    # "what" and "which" ask the same kind of thing; the others each ask their own.
    return frozenset("what" if w == "which" else w for w in words if w in WH_WORDS)


def _key_text(words: Iterable[str]) -> str:
    """Return the meaningful words in order: what token_sort_ratio compares."""
    return " ".join(
        family(w)
        for w in words
        if w in WH_WORDS or (w not in STOPWORDS and w not in NEUTRAL and w not in FILLER)
    )


@dataclass
class Index:
    """Everything precomputed from one knowledge base for fast matching."""

    kb: KnowledgeBase
    policy: MatchPolicy
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)
    alias_words: dict[str, list[str]] = field(default_factory=dict)
    max_alias_len: int = 1
    vocabulary: frozenset[str] = frozenset()
    vocab_list: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    by_word: dict[str, list[int]] = field(default_factory=dict)
    empty_candidates: list[int] = field(default_factory=list)
    single_aliases: list[str] = field(default_factory=list)
    phrase_words: set[str] = field(default_factory=set)
    phrase_list: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    # Phrases that look on-topic but are not, from the fact base: never fuzzily matched.
    lookalikes: dict[str, str] = field(default_factory=dict)
    # The years of the dated events on each (month, day): "after October 7" has one.
    day_years: dict[tuple[int, int], frozenset[int]] = field(default_factory=dict)
    # States in every deal rather than joining (Israel, the US as broker): context when another
    # state is named.
    brokers: frozenset[str] = frozenset()
    # Names of the states in (or beside) every deal, Israel and the Palestinians: read in a
    # question, but not in the stored texts, nearly all of which name Israel.
    context_aliases: dict[str, tuple[str, str]] = field(default_factory=dict)
    in_every_text: frozenset[str] = frozenset()
    party_to_every_deal: frozenset[str] = frozenset()
    roles: RoleIndex | None = None
    person_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, kb: KnowledgeBase, policy: MatchPolicy) -> Index:
        """Precompute aliases, vocabulary and candidate phrasings for `kb`."""
        index = cls(kb, policy)
        index.lookalikes = {normalize(p): reason for p, reason in kb.meta.lookalikes}
        index._build_aliases()
        index._build_candidates()
        index._build_vocabulary()
        index._build_days()
        index.roles = RoleIndex(kb.people, index.aliases)
        index.person_names = {p.id: p.name for p in kb.people}
        return index

    def _without_broker(
        self, mentions: list[Mention], tokens: list[str]
    ) -> tuple[list[Mention], list[str]]:
        """Drop the broker from a question that names a state as well.

        "What did Morocco get from the US?", "the US–Kazakhstan minerals deal": the US is
        the context of the question about the other state, not a second subject of it.
        """
        states = [m for m in mentions if m.kind != "person"]
        if not any(m.entity_id in self.brokers for m in states) or (
            all(m.entity_id in self.brokers for m in states)
            # Israel beside a person ("what did Hamdok say about Israel") is context too.
            and not (len(states) < len(mentions) and self._only_in_every_text(states))
        ):
            return mentions, tokens
        out: list[str] = []
        slots = iter(states)
        for t in tokens:
            if t == "xent":
                m = next(slots)
                if m.entity_id in self.brokers:
                    if m.entity_id in self.in_every_text:
                        # Its words stay: "the Israel–UAE trade deal" still says "Israel".
                        out.extend(m.text.split())
                    continue
            out.append(t)
        kept = [m for m in mentions if m.entity_id not in self.brokers]
        return kept, out

    def _without_counterpart(
        self, mentions: list[Mention], tokens: list[str]
    ) -> tuple[list[Mention], list[str]]:
        """Drop the party to every deal where it is the other side of one.

        "Why sign a deal with Israel?", "will Oman recognize Israel?": the deal with Israel is
        the accords, not a question about Israel's own record; its words stay.
        """
        kept: list[Mention] = []
        out: list[str] = []
        slots = iter(mentions)
        for t in tokens:
            if t not in _SLOT_TOKENS:
                out.append(t)
                continue
            m = next(slots)
            if m.entity_id in self.party_to_every_deal and out and out[-1] in _COUNTERPART_WORDS:
                out.extend(m.text.split())
                continue
            kept.append(m)
            out.append(t)
        return kept, out

    def _only_in_every_text(self, states: list[Mention]) -> bool:
        return all(m.entity_id in self.in_every_text for m in states)

    def _build_days(self) -> None:
        days: dict[tuple[int, int], set[int]] = {}
        for e in self.kb.events:
            if e.date.month is not None and e.date.day is not None:
                days.setdefault((e.date.month, e.date.day), set()).add(e.date.year)
        self.day_years = {k: frozenset(v) for k, v in days.items()}
        self.brokers = frozenset(
            r.id
            for r in self.kb.related
            if r.kind is EntityKind.COUNTRY and r.status in CONTEXT_STATUSES
        )

    def _add_alias(self, text: str, entity_id: str, kind: str) -> None:
        key = normalize(text)
        if key and key not in self.aliases:
            self.aliases[key] = (entity_id, kind)
            self.max_alias_len = max(self.max_alias_len, len(key.split()))

    def _add_context_alias(self, r: Related) -> None:
        for text in (r.name, *r.aliases):
            if key := normalize(text):
                self.context_aliases.setdefault(key, (r.id, "related"))
                self.max_alias_len = max(self.max_alias_len, len(key.split()))

    def _build_aliases(self) -> None:
        for m in self.kb.members:
            for text in (m.name, m.short_name, *m.aliases):
                self._add_alias(text, m.id, "member")
                if text.lower().startswith("the "):
                    self._add_alias(text[4:], m.id, "member")
        for r in self.kb.related:
            if r.kind is EntityKind.COUNTRY and r.status in _IN_EVERY_TEXT:
                self._add_context_alias(r)
                continue
            for text in (r.name, *r.aliases):
                self._add_alias(text, r.id, "related")
        for p in self.kb.people:
            for text in (p.name, *p.aliases):
                self._add_alias(text, p.id, "person")
        self.in_every_text = frozenset(e for e, _ in self.context_aliases.values())
        self.party_to_every_deal = frozenset(
            r.id for r in self.kb.related if r.status is MemberStatus.PARTY
        )
        self.single_aliases = [
            k for k in (*self.aliases, *self.context_aliases) if " " not in k and len(k) >= 4
        ]

    def _slotted(self, text: str) -> tuple[str, str | None]:
        """Replace entity names in a stored phrasing by slot words; return the bound entity."""
        analysis = self.read(text, repair=False)
        bound = analysis.mentions[0].entity_id if analysis.mentions else None
        return " ".join(analysis.tokens), bound

    def _add_candidate(self, text: str, target: Target) -> None:
        words = _content(text.split())
        idx = len(self.candidates)
        self.candidates.append(
            Candidate(text, words, _wh(text.split()), target, _key_text(text.split()))
        )
        self.sizes.append(max(1, len(words)))
        self.phrase_words.update(words)
        if not words:
            self.empty_candidates.append(idx)
        for w in words:
            self.by_word.setdefault(w, []).append(idx)

    def _build_candidates(self) -> None:
        for intent in INTENTS:
            for phrasing in intent.phrasings:
                text = _multiword(normalize(phrasing))
                self._add_candidate(text, Target("intent", intent.name, intent.slot))
        for topic in self.kb.topics:
            for phrasing in (*topic.questions, topic.title):
                text, bound = self._slotted(phrasing)
                if bound is not None and _content(text.split()) <= SLOT_WORDS:
                    continue  # "explain Morocco" is the member's own overview, not this topic
                self._add_candidate(text, Target("topic", topic.id, Slot.NONE, bound))

    def _build_vocabulary(self) -> None:
        words = vocabulary_of(self.kb, (c.text for c in self.candidates), self.aliases)
        self.vocabulary = words
        self.phrase_list = sorted(
            {w for c in self.candidates for w in c.text.split() if len(w) >= 3}
            | set(WH_WORDS)
            | set(FAMILIES)
        )
        self.vocab_list = sorted(w for w in words if len(w) >= 3)

    # -- reading a question -------------------------------------------------------------

    def _alias(self, phrase: str, question: bool) -> tuple[str, str] | None:
        """Return the entity `phrase` names; Israel's names only in a question, not a phrasing."""
        hit = self.aliases.get(phrase)
        if hit is None and question:
            hit = self.context_aliases.get(phrase)
        return hit

    def _fix_name(self, word: str) -> str | None:
        if len(word) < self.policy.word_fix_min_len or word in self.vocabulary:
            return None
        hit = process.extractOne(
            word,
            self.single_aliases,
            scorer=fuzz.ratio,
            score_cutoff=self.policy.name_fix_cutoff,
        )
        if hit is None:
            return None
        alias = hit[0]
        if alias[0] != word[0] or abs(len(alias) - len(word)) > self.policy.name_fix_max_len_gap:
            return None
        return alias

    def _fix_word(self, word: str) -> str:
        if len(word) < self.policy.word_fix_min_len or word in self.vocabulary or word.isdigit():
            return word
        # Short words are repaired only towards words some phrasing uses ("wher" -> "where"),
        # so that "rain" never becomes a name from the facts.
        pool = self.phrase_list if len(word) < self.policy.long_word_len else self.vocab_list
        hit = process.extractOne(
            word, pool, scorer=fuzz.ratio, score_cutoff=self.policy.word_fix_cutoff
        )
        if hit is None or hit[0][0] != word[0] or hit[0] in _NOT_REPAIRED_TO:
            return word  # a content word is never "repaired" into a function word
        return str(hit[0])

    def read(self, question: str, repair: bool = True) -> Analysis:
        """Normalise `question`, find names, years and dates, and replace them by slot words."""
        normalized = _multiword(normalize(question, slang=True))
        if repair and self.roles is not None:
            # "the Moroccan king", "Trump's envoy": read as the one person holding the office
            normalized = self.roles.rewrite(normalized, self.person_names.__getitem__) or normalized
        words = normalized.split()
        hits = [phrase for phrase in self.lookalikes if f" {phrase} " in f" {normalized} "]
        guarded = self.lookalikes[hits[0]] if hits else None
        scan = _Scan(guard_words=frozenset(w for phrase in hits for w in phrase.split()))
        i = 0
        while i < len(words):
            i = self._read_at(words, i, scan, repair and not guarded, repair)
        mentions, tokens = self._without_broker(scan.mentions, scan.tokens)
        mentions, tokens = self._without_counterpart(mentions, tokens)
        return self._analysis(
            question, normalized, replace(scan, mentions=mentions, tokens=tokens), guarded
        )

    def _read_at(self, words: list[str], i: int, scan: _Scan, fix_names: bool, repair: bool) -> int:
        """Read the word at `i` (or the name starting there) into `scan`; return the next index."""
        named = self._name_at(words, i, scan.guard_words, repair)
        if named is not None:
            scan.add_name(named[0])
            return i + named[1]
        word = words[i]
        if _names_the_accords(words, i):
            return i + 1  # "Abraham Accords" names the subject; a lone "Abraham" is a question
        if _YEAR.match(word):
            scan.years.append(int(word))
            scan.tokens.append("xyear")
        elif repair and _is_month(words, i):
            scan.month = _MONTHS[word]
            scan.tokens.append("xmonth")
        elif repair and _is_day(words, i):
            scan.day = int(re.sub(r"\D", "", word))
            scan.tokens.append("xday")
        else:
            name = self._fix_name(word) if fix_names else None
            if name is not None:
                entity_id, kind = self.aliases.get(name) or self.context_aliases[name]
                scan.add_name(Mention(entity_id, kind, word, True))
            else:
                scan.tokens.append(self._fix_word(word) if repair else word)
        return i + 1

    def _name_at(
        self, words: list[str], i: int, guard_words: frozenset[str], repair: bool
    ) -> tuple[Mention, int] | None:
        """Return the longest name starting at `i` and how many words it takes, if any."""
        for n in range(min(self.max_alias_len, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            hit = self._alias(phrase, repair)
            if hit is None and phrase.endswith("s") and len(phrase) >= 4:
                hit = self._alias(phrase[:-1], repair)  # "Sudan's" was normalised to "sudans"
            if hit is not None and not set(phrase.split()) <= guard_words:
                return Mention(hit[0], hit[1], phrase, False), n
        return None

    def _analysis(
        self, question: str, normalized: str, scan: _Scan, guarded: str | None
    ) -> Analysis:
        tokens = scan.tokens
        years = list(scan.years)
        if not years and scan.month is not None and scan.day is not None:
            # A day without a year ("since October 7") is the year of the one event on it.
            known = self.day_years.get((scan.month, scan.day), frozenset())
            if len(known) == 1:
                years.append(next(iter(known)))
        unknown = tuple(
            t
            for t in tokens
            if t not in self.vocabulary and t not in SLOT_WORDS and t not in FILLER
        )
        if "xyear" in tokens:
            tokens = [t for t in tokens if t not in ("year", "years")]
        content = _content(
            t
            for t in tokens
            if t not in unknown and (t not in GENERIC or family(t) in self.phrase_words)
        )
        words = normalized.split()
        return Analysis(
            normalized=normalized,
            tokens=tuple(tokens),
            mentions=tuple(scan.mentions),
            years=tuple(years),
            month=scan.month,
            day=scan.day,
            unknown=unknown,
            pronoun=any(w in PRONOUNS or w in ("he", "she", "him", "her", "his") for w in words),
            content=content,
            unknown_names=tuple(
                t
                for t in unknown
                if any(normalize(w) == t for w in question.split()[1:] if w[:1].isupper())
            ),
            guarded=guarded,
        )

    # -- ranking ------------------------------------------------------------------------

    def word_weight(self, word: str) -> float:
        """Words that some phrasing uses decide a match; words known only from facts count less."""
        if word in self.phrase_words or word in SLOT_WORDS:
            return 1.0
        return self.policy.fact_word_weight

    def rank(self, tokens: tuple[str, ...], content: frozenset[str]) -> list[Scored]:
        """Score the candidates that share a word with the question, best first."""
        text = _key_text(tokens)
        full = " ".join(tokens)
        small_words = set(tokens) - _ARTICLES
        pre: list[tuple[float, int]]
        if not content:
            pre = [(1.0, idx) for idx in self.empty_candidates]
        else:
            # Count shared words per candidate through the inverted index: the work grows with
            # the candidates that share a word, not with the whole base.
            # Counter.update counts in C; words of the two weights are counted apart.
            strong: Counter[int] = Counter()
            weak: Counter[int] = Counter()
            total = 0.0
            fact_weight = self.policy.fact_word_weight
            for w in content:
                weight = self.word_weight(w)
                total += weight
                (strong if weight == 1.0 else weak).update(self.by_word.get(w, ()))
            sizes = self.sizes
            pre = []
            for idx in strong.keys() | weak.keys():
                n_strong, n_weak = strong[idx], weak[idx]
                precision = (n_strong + n_weak) / sizes[idx]
                recall = (n_strong + fact_weight * n_weak) / total
                pre.append((2 * precision * recall / (precision + recall), -idx))
            pre = [(f1, -neg) for f1, neg in heapq.nlargest(self.policy.shortlist * 4, pre)]
        if not pre:
            return []
        wh = _wh(tokens)
        out: list[Scored] = []
        for f1, idx in pre[: self.policy.shortlist * 4]:
            cand = self.candidates[idx]
            if content:
                order = fuzz.token_sort_ratio(text, cand.key)
            else:
                # With no meaningful words on either side the small words are all there is:
                # F1 of the two word sets, so neither a short nor a long phrasing is favoured.
                cand_set = set(cand.text.split()) - _ARTICLES
                shared = len(cand_set & small_words)
                order = 200.0 * shared / max(1, len(cand_set) + len(small_words))
            if wh and cand.wh:
                penalty = 0.0 if wh & cand.wh else self.policy.wh_conflict
            else:
                penalty = self.policy.wh_missing if (wh or cand.wh) else 0.0
            # The whole wording breaks ties between phrasings of equal meaning.
            tie = fuzz.token_sort_ratio(full, cand.text) if content else order
            policy = self.policy
            score = policy.f1_weight * f1 + policy.order_weight * order + policy.tie_weight * tie
            out.append(Scored(score - penalty, cand))
        out.sort(key=lambda s: s.score, reverse=True)
        return out


@dataclass(slots=True)
class _Scan:
    """What reading a question word by word has found so far."""

    guard_words: frozenset[str]
    tokens: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    month: int | None = None
    day: int | None = None

    def add_name(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self.tokens.append("xperson" if mention.kind == "person" else "xent")


def _names_the_accords(words: list[str], i: int) -> bool:
    """Return whether "Abraham" at `i` starts the accords' name ("abraham accords")."""
    word = words[i]
    if not (word in ("abraham", "abrahamic", "ibrahim") or _ABRAHAM_TYPO.match(word)):
        return False
    return i + 1 < len(words) and (words[i + 1] in _ACCORD_WORDS or words[i + 1].startswith("acc"))


def _is_month(words: list[str], i: int) -> bool:
    """Return whether the word at `i` is a month of a date ("october 7", "7 october 2023")."""
    if words[i] not in _MONTHS:
        return False
    after = words[i + 1] if i + 1 < len(words) else ""
    return bool(_YEAR.match(after) or _DAY.match(after)) or (
        i > 0 and bool(_DAY.match(words[i - 1]))
    )


def _is_day(words: list[str], i: int) -> bool:
    """Return whether the word at `i` is the day of a date, next to a month."""
    if not _DAY.match(words[i]):
        return False
    after = words[i + 1] if i + 1 < len(words) else ""
    return after in _MONTHS or (i > 0 and words[i - 1] in _MONTHS)

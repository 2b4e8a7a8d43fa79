"""Which language a question is in, and the same question in the English words the reader knows.

Detection is deterministic and light: the script of the letters first; Kazakh is told from
Russian by its own letters (ә ғ қ ң ө ұ ү һ і) and words; the Latin-script languages by their
function and question words. A mixed question is answered in the language of its question
words. No model is loaded.

The rewrite does not translate: it maps each word of the question, through the language's own
file, to the English words the existing reader understands (question words, cue words, the
accords' names, names of states → their English names), so one English pipeline answers every
language. A word is found as written, by its Snowball stem, without a prefix or suffix the
language file lists (Hebrew and Arabic attach prepositions and articles, Kazakh case endings),
or, misspelt, by rapidfuzz against that language's own words and names. A word found nowhere is
kept as it is, so the reader still sees that the question holds something it does not know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import snowballstemmer  # type: ignore[import-untyped]  # the package ships no type hints
from rapidfuzz import fuzz, process

from bot.knowledge.langs import ENGLISH, LanguagePack
from bot.knowledge.normalize import CHAT_SLANG, normalize
from bot.understanding.markup import strip_markup
from bot.understanding.scripts import months_of, script_of

_YESNO = "\x00yn"  # marks a yes/no particle until the English question is assembled
_WH = frozenset("what when where who whom whose which why how".split())
_AUX = frozenset("is are was were did does do has have had can could will would should".split())
_QUESTION_MARKS = ("?", "؟", "¿")
_MAX_CACHE = 50_000


@dataclass(frozen=True, slots=True)
class FuzzyPolicy:
    """How far a misspelt word may be from a word of its language and still be read as it."""

    min_len: int = 4
    cutoff: float = 84.0
    max_len_gap: int = 2
    min_stem: int = 3
    min_rest: int = 2


class _Reader:
    """One language's words, compiled for lookup: exact, stem, affix and fuzzy."""

    def __init__(self, pack: LanguagePack, names: Mapping[str, str], policy: FuzzyPolicy) -> None:
        self.pack = pack
        self.policy = policy
        self._fold = str.maketrans(dict(pack.fold)) if pack.fold else None
        self._stemmer = snowballstemmer.stemmer(pack.stemmer) if pack.stemmer else None
        self._stems_seen: dict[str, str] = {}
        entries: dict[str, str] = {}
        # Names first: a cue word that is also a name ("Oman") reads as the name.
        for alias, english in names.items():
            if script_of(alias) == pack.script:
                entries.setdefault(self.fold(alias), english)
        self._names = frozenset(entries)
        for phrase in pack.accords:
            entries[self.fold(phrase)] = "abraham accords"
        # Month names come from CLDR, in every form the language writes them ("сентября"); as
        # written only: a word near a month is not one ("nombre" is not "noviembre"), and a
        # month read by mistake makes a date the question never gave.
        months = {self.fold(key): english for key, english in months_of(pack.code).items()}
        for key, english in months.items():
            entries.setdefault(key, english)
        for table in (pack.cue_words, pack.question_words):
            for key, english in table.items():
                entries[self.fold(key)] = english
        for word in pack.yesno_words:
            entries[self.fold(word)] = _YESNO
        self.words: dict[str, str] = {k: v for k, v in entries.items() if " " not in k}
        self.phrases: dict[tuple[str, ...], str] = {
            tuple(k.split()): v for k, v in entries.items() if " " in k
        }
        self.stem_phrases: dict[tuple[str, ...], str] = {
            tuple(self.stem(w) for w in key): v for key, v in self.phrases.items()
        }
        self.longest = max((len(k) for k in self.phrases), default=1)
        self._starts = frozenset(k[0] for k in self.phrases)
        self._stem_starts = frozenset(k[0] for k in self.stem_phrases)
        stems: dict[str, str | None] = {}
        for key, english in self.words.items():
            stem = self.stem(key)
            if len(stem) >= policy.min_stem:
                # Two words of different meaning with one stem: neither is read by its stem.
                stems[stem] = english if stems.get(stem, english) == english else None
        self.stems = {k: v for k, v in stems.items() if v is not None}
        self.function = frozenset(self.fold(w) for w in pack.function_words)
        self.question = frozenset(self.fold(w) for w in pack.question_words) | frozenset(
            self.fold(w) for w in pack.yesno_words
        )
        self.pool = sorted(w for w in self.words if len(w) >= policy.min_len and w not in months)
        month_stems = {self.stem(m) for m in months}
        self.stem_pool = sorted(
            w for w in self.stems if len(w) >= policy.min_len and w not in month_stems
        )
        self._cache: dict[str, str | None] = {}

    def fold(self, text: str) -> str:
        """Return `text` with the language's letter folding applied."""
        return text.translate(self._fold) if self._fold else text

    def stem(self, word: str) -> str:
        """Return the Snowball stem of `word` (the word itself when there is no stemmer)."""
        if self._stemmer is None:
            return word
        found = self._stems_seen.get(word)
        if found is None:
            # Snowball costs up to ~0.1 ms a word in pure Python (PyStemmer, when installed, is C):
            # each word is stemmed once.
            found = str(self._stemmer.stemWord(word))
            if len(self._stems_seen) < _MAX_CACHE:
                self._stems_seen[word] = found
        return found

    def _may_start_phrase(self, word: str) -> bool:
        if word in self._starts or (self._stemmer and self.stem(word) in self._stem_starts):
            return True
        return any(
            word.startswith(p) and word[len(p) :] in self._starts for p in self.pack.prefixes
        )

    def _known(self, word: str) -> str | None:
        if word in self.words:
            return self.words[word]
        if self._stemmer is not None:
            return self.stems.get(self.stem(word))
        return None

    def _bare(self, word: str) -> str | None:
        """Return the English of `word` without one listed prefix and/or suffix."""
        minimum = self.policy.min_rest
        for prefix in self.pack.prefixes:
            if word.startswith(prefix) and len(word) - len(prefix) >= minimum:
                rest = word[len(prefix) :]
                found = self._known(rest)
                if found is None and rest in self.function:
                    found = ""  # "بهذا", "להם": a function word with a preposition attached
                if found is not None:
                    return found
        for suffix in self.pack.suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= minimum + 1:
                rest = word[: -len(suffix)]
                found = self._known(rest)
                if found is not None:
                    return found
        return None

    def _fuzzy(self, word: str) -> str | None:
        if len(word) < self.policy.min_len:
            return None
        found = self._closest(word, self.pool)
        if found is not None:
            return self.words[found]
        if self._stemmer is not None:
            # An inflected typo is nearer the stem of its word than any listed form of it.
            found = self._closest(self.stem(word), self.stem_pool)
            if found is not None:
                return self.stems[found]
        return None

    def _closest(self, word: str, pool: list[str]) -> str | None:
        if not pool:
            return None
        hit = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=self.policy.cutoff)
        if hit is None:
            return None
        found = str(hit[0])
        if found[0] != word[0] or abs(len(found) - len(word)) > self.policy.max_len_gap:
            return None
        return found

    def word(self, raw: str) -> str | None:
        """Return the English words for one word ("" to drop it), or None if unknown."""
        cached = self._cache.get(raw, False)
        if cached is not False:
            return cached  # type: ignore[return-value]  # False marks a miss, never stored
        word = self.fold(raw)
        found = self._known(word)
        if found is None and word in self.function:
            found = ""
        if found is None:
            found = self._bare(word)
        if found is None and word not in self.function:
            found = self._fuzzy(word)
        if len(self._cache) < _MAX_CACHE:
            self._cache[raw] = found
        return found

    def phrase(self, words: Sequence[str], i: int) -> tuple[str, int] | None:
        """Return (English, words used) for the longest listed phrase starting at `i`."""
        if not self._may_start_phrase(self.fold(words[i])):
            return None
        for n in range(min(self.longest, len(words) - i), 1, -1):
            key = tuple(self.fold(w) for w in words[i : i + n])
            found = self.phrases.get(key)
            if found is None and self._stemmer is not None:
                found = self.stem_phrases.get(tuple(self.stem(w) for w in key))
            if found is None and (self.pack.prefixes or self.pack.suffixes):
                found = self._bare_phrase(key)
            if found is not None:
                return found, n
        return None

    def _bare_phrase(self, key: tuple[str, ...]) -> str | None:
        """Return a phrase's English with a prefix off its first or a suffix off its last word."""
        for prefix in self.pack.prefixes:
            if key[0].startswith(prefix) and len(key[0]) > len(prefix) + 1:
                found = self.phrases.get((key[0][len(prefix) :], *key[1:]))
                if found is not None:
                    return found
        last = key[-1]
        for suffix in self.pack.suffixes:
            if last.endswith(suffix) and len(last) - len(suffix) > self.policy.min_rest:
                bare = last[: -len(suffix)]
                found = self.phrases.get((*key[:-1], bare))
                # Kazakh stacks endings ("келісім-і-нің"): one more is tried.
                for inner in () if found is not None else self.pack.suffixes:
                    if bare.endswith(inner) and len(bare) - len(inner) > self.policy.min_rest:
                        found = self.phrases.get((*key[:-1], bare[: -len(inner)]))
                        if found is not None:
                            break
                if found is not None:
                    return found
        return None

    def score(self, words: Iterable[str], *, evidence: bool = False) -> tuple[int, int]:
        """Return (question words, other known words) of this language among `words`.

        With `evidence`, only words that are this language's own count: a name or a cue word
        written as in English ("status", "Israel") says nothing about the language.
        """
        asked = known = 0
        for w in words:
            folded = self.fold(w)
            if folded in self.question:
                asked += 1
            elif folded in self.function:
                known += 1
            elif folded not in self._names:
                found = self._known(folded)
                if found is not None and not (evidence and found == folded):
                    known += 1
        return asked, known


@dataclass(frozen=True, slots=True)
class Prepared:
    """A question as the English reader gets it, and the language to answer in."""

    english: str
    language: str


class Languages:
    """Detect the language of a question and rewrite it in the reader's English words."""

    def __init__(
        self,
        packs: Sequence[LanguagePack],
        names: Mapping[str, str],
        policy: FuzzyPolicy | None = None,
    ) -> None:
        """Compile `packs`; `names` maps each normalised alias to its record's English name."""
        policy = policy or FuzzyPolicy()
        self.readers: dict[str, _Reader] = {p.code: _Reader(p, names, policy) for p in packs}
        self._english = self.readers.get(ENGLISH)
        self._names = frozenset(names.values())
        self._named = self._names | {"abraham accords", "accords"}
        self._by_script: dict[str, list[_Reader]] = {}
        for reader in self.readers.values():
            if reader.pack.code != ENGLISH:
                self._by_script.setdefault(reader.pack.script, []).append(reader)

    def _english_word(self, word: str) -> bool:
        english = self._english
        return english is not None and (word in english.function or word in english.question)

    def detect(self, words: Sequence[str]) -> str:
        """Return the code of the language of `words` (normalised), English when unsure."""
        asked = self._by_question_word(words)
        if asked is not None:
            return asked
        scripts: dict[str, int] = {}
        for w in words:
            s = script_of(w)
            if s is not None:
                scripts[s] = scripts.get(s, 0) + 1
        latin = scripts.get("latin", 0)
        foreign = {s: n for s, n in scripts.items() if s != "latin"}
        if foreign:
            script = max(foreign, key=lambda s: foreign[s])
            readers = self._by_script.get(script, [])
            if readers and foreign[script] >= latin:
                return self._best(readers, words)
        return self._latin(words)

    def _by_question_word(self, words: Sequence[str]) -> str | None:
        """Return the language a question word decides, or None.

        In a non-Latin script, a question word decides: the first one the question has. An
        English question word decides for English. Latin-script question words of other
        languages are weighed with the rest, since many are English words too ("wen", "was").
        """
        for w in words:
            script = script_of(w)
            if script == "latin":
                if self._english is not None and w in self._english.question:
                    return ENGLISH
                continue
            asking = [r for r in self._by_script.get(script or "", ()) if r.fold(w) in r.question]
            if len(asking) == 1:
                return asking[0].pack.code
            if len(asking) > 1:
                return self._best(asking, words)
        return None

    def _latin(self, words: Sequence[str]) -> str:
        """Return the Latin-script language `words` are best read in, English when unsure."""
        readers = self._by_script.get("latin", [])
        if not readers:
            return ENGLISH
        # English chat shorthand ("wen uae deal announced") is no evidence for a language
        # whose word it happens to be ("wen" is German too)
        latin_words = [
            w
            for w in words
            if script_of(w) == "latin" and not self._english_word(w) and w not in CHAT_SLANG
        ]
        best = self._best(readers, latin_words)
        asked, known = self.readers[best].score(latin_words, evidence=True)
        english = self._english.score(words) if self._english else (0, 0)
        if asked + known > sum(english):
            return best
        return ENGLISH

    def _best(self, readers: Sequence[_Reader], words: Sequence[str]) -> str:
        def key(r: _Reader) -> tuple[int, int, int, int]:
            asked, known = r.score(words)
            letters = sum(1 for w in words for ch in w if ch in r.pack.letters)
            # With no letter of its own in the question, a language that has some is the
            # less likely one (Kazakh written without ә ғ қ … is rare; Russian never has them).
            return (letters, asked, known, -len(r.pack.letters))

        return max(readers, key=key).pack.code

    def prepare(self, question: str) -> Prepared:
        """Return the question in the reader's English words and the language to answer in."""
        # "ב2021", "в2021": a prefix or preposition written onto a year is a word of its own
        words = _LETTERS_DIGITS.sub(" ", normalize(strip_markup(question))).split()
        language = self._marked(question, words) or self.detect(words)
        if language == ENGLISH and all(script_of(w) in ("latin", None) for w in words):
            return Prepared(question, ENGLISH)
        english = self._rewrite(words, language)
        asks = any(mark in question for mark in _QUESTION_MARKS)
        return Prepared(self._assemble(english, asks), language)

    def _marked(self, question: str, words: Sequence[str]) -> str | None:
        """Return the one language whose own punctuation the question uses ("¿Siria se va a
        unir?" is Spanish, however few of its words are), when written in its script."""
        marked = [r for r in self.readers.values() if r.pack.marks & set(question)]
        if len(marked) != 1 or not words or self._by_question_word(words) is not None:
            return None  # a question word decides ("¿when did morocco join?" is English)
        script = marked[0].pack.script
        own = sum(1 for w in words if script_of(w) == script)
        return marked[0].pack.code if own * 2 >= len(words) else None

    def _readers_for(self, word: str, language: str) -> list[_Reader]:
        script = script_of(word)
        first = self.readers.get(language)
        out = [first] if first is not None and first.pack.script == script else []
        if language != ENGLISH or script != "latin":
            out += [r for r in self._by_script.get(script or "", ()) if r is not first]
        return out

    def _rewrite(self, words: Sequence[str], language: str) -> list[str]:
        out: list[str] = []
        unread: list[int] = []
        i = 0
        while i < len(words):
            readers = self._readers_for(words[i], language)
            phrase = next((p for r in readers if (p := r.phrase(words, i)) is not None), None)
            if phrase is not None:
                out.append(phrase[0])
                i += phrase[1]
                continue
            found = next((f for r in readers if (f := r.word(words[i])) is not None), None)
            if found is None and language != ENGLISH and script_of(words[i]) is not None:
                unread.append(len(out))
            out.append(words[i] if found is None else found)
            i += 1
        read = [w for j, w in enumerate(out) if j not in unread and w]
        asked = [w for w in read if w not in self._names and w.split()[0] not in _WH | _AUX]
        if any(w in self._named for w in read) and asked:
            # The question names a state, a person or the accords and asks something the
            # reader understood ("участвует в соглашениях"): a word of its language the reader
            # does not know is left out rather than read as a sign it is off-topic. With only
            # a name and a question word read ("Какое население Марокко?"), it stays.
            out = [w for j, w in enumerate(out) if j not in unread]
        return [w for w in out if w]

    @staticmethod
    def _assemble(words: list[str], asks: bool) -> str:
        yesno = _YESNO in words
        english = _time_first(" ".join(w for w in words if w != _YESNO).split())
        if not english:
            return ""
        asks_wh = bool(set(english) & _WH)
        follow_up = english[0] == "and"  # "and Sudan?": the last question, about another one
        if (yesno or (asks and not asks_wh)) and english[0] not in _AUX and not asks_wh | follow_up:
            english.insert(0, "did" if any(w.endswith("ed") for w in english) else "is")
        return " ".join(english) + "?"


_LETTERS_DIGITS = re.compile(r"(?<=[^\W\d_a-z])(?=\d)")

_POSTPOSED = frozenset({"before", "after", "since", "until"})


def _time_first(words: list[str]) -> list[str]:
    """Put a time word a language places after its year ("2021 жылға дейін") before it.

    The reader understands "before 2021"; "2021 before" would be read as "in 2021".
    """
    out = list(words)
    for i, w in enumerate(out):
        if w not in _POSTPOSED or (i + 1 < len(out) and out[i + 1].isdigit()):
            continue
        for back in (1, 2):
            if i - back >= 0 and len(out[i - back]) == 4 and out[i - back].isdigit():
                out.insert(i - back, out.pop(i))
                break
    return out

"""Text normalisation, done once per question: rapidfuzz itself preprocesses nothing.

Case-folds, applies NFKC, strips zero-width, control and bidi characters and emoji, turns
punctuation into spaces, collapses white space, and maps chat slang to plain words.
"""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 500

_SLANG: dict[str, str] = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "wen": "when",
    "wat": "what",
    "wut": "what",
    "whats": "what is",
    "wats": "what is",
    "pls": "",
    "plz": "",
    "please": "",
    "thx": "",
    "thanks": "",
    "y": "why",
    "bc": "because",
    "cuz": "because",
    "abt": "about",
    "wanna": "want to",
    "gonna": "going to",
    "dunno": "do not know",
    "isnt": "is not",
    "didnt": "did not",
    "doesnt": "does not",
    "dont": "do not",
    "wasnt": "was not",
    "hasnt": "has not",
    "havent": "have not",
    "aint": "is not",
    "whos": "who is",
    "theyd": "they would",
    "youd": "you would",
    "itd": "it would",
    "theyre": "they are",
    "youre": "you are",
    "theyve": "they have",
    "1st": "first",
    "2nd": "second",
    "3rd": "third",
    "4th": "fourth",
    "5th": "fifth",
    "wheres": "where is",
    "hows": "how is",
    "yr": "year",
    "yrs": "years",
    "govt": "government",
    "docs": "documents",
    "doc": "document",
    "mou": "memorandum of understanding",
    "mous": "memorandums of understanding",
    "info": "information",
    "gov": "government",
    "2day": "today",
    "rn": "now",
    "tho": "though",
    "ppl": "people",
    "w": "with",
    "lol": "",
    "lmao": "",
    "hey": "",
    "hi": "",
    "hello": "",
    "yo": "",
    "bro": "",
    "guys": "",
    "bot": "",
    "accordsbot": "",
    "pm": "prime minister",
    "fm": "foreign minister",
    "nah": "",
    "yeah": "",
    "yep": "",
    "yah": "",
    "ya": "",
    "omg": "",
    "smh": "",
    "fr": "",
    "ty": "",
    "afaik": "",
    "iirc": "",
    "imho": "",
    "lmk": "",
    "tf": "",
    "wtf": "",
    "tbh": "",
    "ngl": "",
    "imo": "",
    "btw": "",
    "fyi": "",
    "bruh": "",
    "dude": "",
    "lowkey": "",
    "rly": "really",
    "prolly": "probably",
    "tryna": "trying to",
    "gotta": "got to",
    "kinda": "kind of",
    "sorta": "sort of",
    "idk": "i do not know",
}

CHAT_SLANG: frozenset[str] = frozenset(_SLANG)
"""English chat shorthand ("wen", "u", "pls"): evidence that a question is English."""

_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "So", "Sk", "Mn", "Me"})


def _keep(ch: str) -> str:
    cat = unicodedata.category(ch)
    if cat in _DROP_CATEGORIES:
        # Combining marks (Mn) are kept for scripts that need them only after NFKC composed
        # what it could; what remains is decoration (emoji modifiers, zalgo text).
        return " " if cat in ("Cc", "So", "Sk") else ""
    if cat.startswith("P") or cat.startswith("Z") or cat in ("Sm", "Sc"):
        return " "
    return ch


class _Folding(dict[int, str]):
    """Each character's replacement (`_keep`), worked out once and then looked up in C by
    `str.translate`: normalising every fact at load costs a few milliseconds, not a second."""

    def __missing__(self, code: int) -> str:
        kept = _keep(chr(code))
        if len(self) < _MAX_FOLDED:  # a flood of rare characters cannot grow it without end
            self[code] = kept
        return kept


_MAX_FOLDED = 20_000
_FOLDING = _Folding()

_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")


def normalize(text: str, slang: bool = False) -> str:
    """Return `text` case-folded, NFKC-normalised, punctuation-free, with single spaces."""
    text = unicodedata.normalize("NFKC", text[: MAX_QUESTION_CHARS * 4])
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)  # U.A.E. -> UAE
    text = text.replace("'", "").replace("\u2019", "").replace("&", " and ")
    folded = text.casefold().translate(_FOLDING)
    words = folded.split()
    if slang:
        words = [w2 for w in words for w2 in _SLANG.get(w, w).split()]
    return " ".join(words)[:MAX_QUESTION_CHARS]

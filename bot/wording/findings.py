"""The words around an answer made of findings: its title, and saying what the facts lack.

A finding's own sentence is the fact base's (`knowledge/analysis.yaml`), attributed there; what
lives here is only the frame around it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

FINDING_TITLES: Final[Mapping[str, str]] = {
    "reason": "Why, as reported",
    "effect": "What changed",
    "reaction": "How others reacted",
    "prospect": "What may come next",
    "gain": "Who got what",
    "assessment": "How it is judged, by whom",
    "text": "What the texts say",
    "background": "What came before",
}
"""Each kind of finding's title (a key of `FindingKind`)."""

_LACKED: Final[Mapping[str, str]] = {
    "reason": "why {name} acted",
    "effect": "what changed for {name}",
    "reaction": "how {name} reacted",
    "prospect": "what may come next for {name}",
    "gain": "what {name} got",
    "assessment": "how {name}'s part is judged",
    "text": "what the texts say about {name}",
    "background": "the background of {name}",
}


def finding_title(kind: str, names: str) -> str:
    """Return the title of an answer of `kind` findings about `names` ("" for the accords)."""
    title = FINDING_TITLES[kind]
    return f"{title}: {names}" if names else title


def findings_lack(kind: str, name: str) -> str:
    """Return the line saying the facts record no finding of `kind` about `name`."""
    what = _LACKED[kind].format(name=name)
    return f"The facts don't record {what}; what they record about {name} is this."


CITED: Final = "Sources"

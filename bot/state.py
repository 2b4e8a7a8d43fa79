"""Conversation state for follow-ups ("and Sudan?"); the service keeps it per conversation."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class ConversationState:
    """What the last answered question was about: enough to resolve a follow-up."""

    entity_id: str | None = None
    intent: str | None = None
    year: int | None = None
    fact_ids: tuple[str, ...] = ()
    score: float = 0.0
    stated: tuple[str, ...] = ()
    """What the last answer stated, one statement each, so "why?" can say it in words."""
    cited: tuple[str, ...] = ()
    """The URLs of the sources the last answer showed: "why?" lists those, not every source
    of the records behind it."""

    def to_json(self) -> str:
        """Return the state as JSON, for the state store."""
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> ConversationState:
        """Read `to_json`'s output; an absent or unreadable value is a fresh conversation."""
        if not text:
            return cls()
        try:
            raw = json.loads(text)
            return cls(
                entity_id=None if raw.get("entity_id") is None else str(raw["entity_id"]),
                intent=None if raw.get("intent") is None else str(raw["intent"]),
                year=None if raw.get("year") is None else int(raw["year"]),
                fact_ids=tuple(str(f) for f in raw.get("fact_ids", ())),
                score=float(raw.get("score", 0.0)),
                stated=tuple(str(t) for t in raw.get("stated", ())),
                cited=tuple(str(u) for u in raw.get("cited", ())),
            )
        except (ValueError, TypeError, AttributeError):
            return cls()

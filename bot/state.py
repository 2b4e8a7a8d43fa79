"""Conversation state for follow-ups ("and Sudan?"); the service keeps it per conversation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConversationState:
    """What the last answered question was about: enough to resolve a follow-up."""

    entity_id: str | None = None
    intent: str | None = None
    year: int | None = None
    fact_ids: tuple[str, ...] = ()
    score: float = 0.0

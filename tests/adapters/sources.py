"""Sources as a whole record's More cites them: several from one publisher, one with none."""

from __future__ import annotations

from bot.answer import Source

CITED = (
    Source("Wire: First story", "https://example.org/1"),
    Source("Paper: Second story", "https://example.org/2"),
    Source("Wire: Third story", "https://example.org/3"),
    Source("A page with no publisher", "https://example.org/4"),
)
"""Four sources: more than an answer lists one by one, so a renderer groups them."""

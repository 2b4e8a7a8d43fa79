"""Render an Answer as plain text for the console and for `ask --json`'s `answer` field."""

from __future__ import annotations

from bot.answer import Answer


def render_text(answer: Answer, *, sources: bool = True, explain: bool = False) -> str:
    """Return the answer as the console shows it: text, then sources and as-of date."""
    lines = [answer.text()]
    if sources and answer.sources:
        lines.append("Sources:")
        lines.extend(f"  - {s.title}: {s.url}" for s in answer.sources)
    if answer.as_of:
        lines.append(f"(Facts as of {answer.as_of}.)")
    if explain:
        facts = ", ".join(answer.fact_ids) or "none"
        lines.append(
            f"[why: status={answer.status.value} intent={answer.intent} "
            f"facts={facts} score={answer.score:.1f}]"
        )
    return "\n".join(lines)

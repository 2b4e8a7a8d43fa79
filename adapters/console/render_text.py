"""Render an Answer as plain text for the console and for `ask --json`'s `answer` field.

The labels around the answer ("Sources", "Facts as of", "Try:") are in the answer's language,
as are its notes and its as-of date (the core localizes them), and in right-to-left answers the
Latin titles, links and dates are isolated (`bot.wording`).
"""

from __future__ import annotations

from bot import wording
from bot.answer import Answer, source_lines


def render_text(answer: Answer, *, sources: bool = True, explain: bool = False) -> str:
    """Return the answer as the console shows it: text, then sources and as-of date."""
    lines = [wording.answer_text(answer)]
    if sources and answer.sources:
        lines.append(f"{wording.label(answer, 'sources')}:")
        lines.extend(_source_lines(answer))
    if answer.as_of:
        as_of = wording.in_direction(answer, answer.as_of, whole=True)
        # A locale's date may end in an abbreviation's full stop ("июнь 2026 г."): not two.
        stop = "" if answer.as_of.endswith(".") else "."
        lines.append(f"({wording.label(answer, 'facts_as_of')} {as_of}{stop})")
    if explain:
        facts = ", ".join(answer.fact_ids) or "none"
        lines.append(
            f"[why: status={answer.status.value} intent={answer.intent} "
            f"facts={facts} score={answer.score:.1f}]"
        )
    return "\n".join(lines)


def _source_lines(answer: Answer) -> list[str]:
    lines = []
    for publisher, pages in source_lines(answer.sources):
        if publisher:
            text = f"{publisher}: " + "; ".join(f"{s.title} ({s.url})" for s in pages)
        else:
            text = f"{pages[0].title}: {pages[0].url}"
        lines.append("  - " + wording.in_direction(answer, text, whole=True))
    return lines

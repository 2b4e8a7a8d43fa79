"""The report desk: one flow for wrong-fact reports, whatever platform they come from.

A report holds the question, the answer text, the fact ids behind it, the platform, the facts'
version and as-of date, and an optional note; never a user or channel identifier. Filing one
is the same everywhere: thank the reporter, write it to the maintainers' log, post its
summary to the maintainers' channel when one is configured. Adapters only draw the button and
the form, and say how to thank and how to post on their platform.

Report buttons must carry their report across restarts, in little room (a Discord custom_id
is 100 characters); `fit_fact_ids` is the one way fact ids are cut to fit, with a final
"+N more" standing for the ones left out.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Final, Protocol

from bot import wording
from bot.answer import Answer

_log = logging.getLogger(__name__)

MAX_NOTE_CHARS: Final = 1000
MAX_TEXT_CHARS: Final = 2000

FACT_ID: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""A fact id as the fact base writes them: lower-case words joined by hyphens."""
OMITTED: Final = re.compile(r"^\+(\d{1,4})(?: more)?$")
"""The marker that stands for fact ids left out ("+3 more"; older buttons wrote "+3")."""


@dataclass(frozen=True, slots=True)
class Report:
    """One user's report that an answer is wrong."""

    question: str
    answer: str
    fact_ids: tuple[str, ...]
    platform: str
    note: str = ""
    as_of: str = ""
    knowledge_version: str = ""

    def summary(self) -> str:
        """Return the report as plain text for a maintainers' channel."""
        lines = [
            f"Wrong-fact report ({self.platform}, facts as of {self.as_of}, "
            f"version {self.knowledge_version or 'unknown'})",
            f"Question: {self.question[:300]}",
            f"Facts: {', '.join(self.fact_ids) or 'none'}",
            f"Answer: {self.answer[:500]}",
        ]
        if self.note:
            lines.append(f"Note: {self.note[:MAX_NOTE_CHARS]}")
        return "\n".join(lines)


def report_of(answer: Answer, platform: str) -> Report:
    """Return the report a press of `answer`'s report button would file (without a note)."""
    return Report(
        question=answer.question,
        answer=answer.text()[:MAX_TEXT_CHARS],
        fact_ids=answer.fact_ids,
        platform=platform,
        as_of=answer.as_of,
        knowledge_version=answer.knowledge_version,
    )


def fit_fact_ids(
    ids: Sequence[str], fits: Callable[[list[str]], bool], *, short: bool = False
) -> list[str]:
    """Keep as many whole fact ids as `fits` accepts, then "+N more" for the rest.

    Ids that are not fact ids are dropped; an incoming "+N more" marker is counted in. With
    `short` the marker is "+N" (for a Discord custom_id, where every character counts).
    Returns [] when not even the marker fits.
    """
    kept = [i for i in ids if FACT_ID.match(i)]
    more = sum(int(m[1]) for i in ids if (m := OMITTED.match(i)))
    while True:
        marker = f"+{more}" if short else f"+{more} more"
        shown = [*kept, marker] if more else list(kept)
        if fits(shown):
            return shown
        if not kept:
            return []
        kept.pop()
        more += 1


def read_fact_ids(items: Sequence[str]) -> tuple[str, ...] | None:
    """Read fact ids back from a button: whole ids and a "+N more"; None if anything else."""
    out: list[str] = []
    for item in items:
        if FACT_ID.match(item):
            out.append(item)
        elif omitted := OMITTED.match(item):
            out.append(f"+{omitted[1]} more")
        else:
            return None
    return tuple(out)


class ReportSink(Protocol):
    """Where filed reports are kept (the size-capped log file in production)."""

    def record(self, report: Report) -> bool:
        """Keep `report`; return False if it could not be kept."""
        ...


Say = Callable[[str], Awaitable[None]]


class ReportDesk:
    """File wrong-fact reports: thank, log, and post to the maintainers' channel."""

    def __init__(self, sink: ReportSink) -> None:
        self.sink = sink

    async def file(
        self, report: Report | None, note: str, *, thank: Say, post: Say | None = None
    ) -> bool:
        """File `report` with `note`; return False (after apologising) if it was unreadable.

        `thank` answers the reporter privately; `post`, when the platform has a maintainers'
        channel configured, receives the report's summary.
        """
        if report is None:
            _log.warning("a report carried an unreadable payload; nothing filed")
            await thank(wording.APOLOGY)
            return False
        report = replace(report, note=note.strip()[:MAX_NOTE_CHARS])
        await thank(wording.REPORT_THANKS)
        await asyncio.to_thread(self.sink.record, report)
        if post is not None:
            await post(report.summary())
        return True

"""The whole record behind a short answer, for a More press: recomposed, never remembered.

A More button carries only a token (`bot.knowledge.commands.more_token`: the intent and the
fact id of the answer it sits under). At the press the record is composed again from the
engine serving now, so a press works after a restart and shows the facts as they are after a
reload. This
module asks the engine for that record's whole text and turns it into an `Answer` the
renderers already know: the record as the body, its sources as sources, read back from the
shape `bot.answering.record_text` writes (its `SOURCES_HEAD`). It holds no SDK and no wording
of its own.
"""

from __future__ import annotations

import logging
from typing import Final

from bot import wording
from bot.answer import Answer, Source, Status
from bot.answering.record_text import SOURCES_HEAD
from bot.engine import Engine

_log = logging.getLogger(__name__)

_SOURCE_LINE: Final = "- "
"""How `bot.answering.record_text` starts each source line after `SOURCES_HEAD`; the test that
every record's sources come back through `record_answer` holds the two together."""
_URL_SCHEMES: Final = ("https://", "http://")


def _split_sources(text: str) -> tuple[str, tuple[Source, ...]]:
    """Split the record's text into what it says and the sources it lists at its end.

    The core writes the sources last, as `SOURCES_HEAD` then "- TITLE: URL" lines; whatever
    does not read that way stays in the text, so nothing of the record is ever lost.
    """
    lines = text.strip().splitlines()
    if SOURCES_HEAD not in lines:
        return text.strip(), ()
    at = len(lines) - 1 - lines[::-1].index(SOURCES_HEAD)
    sources: list[Source] = []
    for line in lines[at + 1 :]:
        title, sep, url = line.removeprefix(_SOURCE_LINE).rpartition(": ")
        if not line.startswith(_SOURCE_LINE) or not sep or not url.startswith(_URL_SCHEMES):
            return text.strip(), ()
        sources.append(Source(title.strip() or url, url.strip()))
    return "\n".join(lines[:at]).strip(), tuple(sources)


def record_answer(engine: Engine, token: str, version: str) -> Answer:
    """Answer a More press: the whole record `token` names, from the engine serving now."""
    kb = engine.kb
    _intent, _, fact_id = token.rpartition(":")  # fact ids are slugs; intents may hold ":"
    record = engine.record_more(fact_id) if fact_id else ""
    if not record:
        _log.info("more: no record for %r in knowledge version %s", token[:100], version)
        return Answer(
            question=f"more {token}"[:300],
            status=Status.NO_ANSWER,
            title="",
            body=wording.RECORD_GONE,
            as_of=kb.as_of,
            intent="more",
            knowledge_version=version,
        )
    text, sources = _split_sources(record)
    name, _, rest = text.partition("\n")
    title = wording.whole_record(name.strip())
    return Answer(
        question=title,
        status=Status.ANSWERED,
        title=title,
        body=rest.strip(),
        sources=sources,
        as_of=kb.as_of,
        fact_ids=(fact_id,),
        intent="more",
        knowledge_version=version,
    )

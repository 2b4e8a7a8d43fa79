"""What every long-running front end builds at start: live knowledge, the service, the logs.

`build_runtime` loads the facts once (raising KnowledgeErrors if they are invalid), and
`serve_knowledge` runs the file watcher and answers SIGHUP with a reload until stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass

from bot.config import Settings, describe_knowledge, version
from bot.gaps import GapLog
from bot.reload import KnowledgeHolder, watch
from bot.reports import ReportLog
from bot.service import ChatService, ServiceLimits, served_base_label

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    """The served knowledge, the chat service over it, and the maintainers' logs."""

    knowledge: KnowledgeHolder
    service: ChatService
    reports: ReportLog


def build_runtime(settings: Settings, platform: str) -> Runtime:
    """Load the facts and build the service for `platform` with the configured limits."""
    knowledge = KnowledgeHolder(settings.knowledge_dir)
    limits = ServiceLimits(
        rate_count=settings.rate_limit_count,
        rate_window_s=settings.rate_limit_window_s,
        conversation_ttl_s=settings.conversation_ttl_s,
    )
    gaps = GapLog(settings.gaps_log, settings.gaps_log_max_bytes) if settings.gaps_log else None
    described = describe_knowledge(knowledge.folder)
    kb = knowledge.engine().kb
    _log.info(
        "accords-bot %s serving the %s fact base: version %s, as of %s",
        version(),
        described,
        kb.content_hash,
        kb.as_of,
    )
    served = served_base_label(described, version())
    service = ChatService(knowledge.engine, limits, platform=platform, gap_log=gaps, served=served)
    reports = ReportLog(settings.reports_log, settings.gaps_log_max_bytes)
    return Runtime(knowledge, service, reports)


async def serve_knowledge(knowledge: KnowledgeHolder, stop: asyncio.Event) -> None:
    """Watch the fact files and reload on SIGHUP until `stop` is set."""
    loop = asyncio.get_running_loop()
    pending: set[asyncio.Task[object]] = set()

    def _hup() -> None:
        _log.info("SIGHUP: reloading the fact files")
        task: asyncio.Task[object] = loop.create_task(asyncio.to_thread(knowledge.reload))
        pending.add(task)
        task.add_done_callback(pending.discard)

    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGHUP, _hup)
    try:
        await watch(knowledge, stop=stop)
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(signal.SIGHUP)

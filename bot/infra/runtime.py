"""What every long-running front end builds at start: live knowledge, the service, the desk.

`build_runtime` loads the facts once (raising KnowledgeErrors if they are invalid) and logs
which fact base is served (shipped or a folder) and its version; `bot.infra.lifecycle`
keeps it live while the front end runs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot import wording
from bot.config import Settings, describe_knowledge, version
from bot.infra.gaps import GapLog
from bot.infra.metrics import Metrics, counting_store
from bot.infra.reload import KnowledgeHolder
from bot.infra.reportlog import ReportLog
from bot.infra.store_url import open_store, verify_store
from bot.service import ChatService, ServiceLimits
from bot.service.reports import ReportDesk
from bot.service.statestore import StateStore
from bot.service.storehealth import StoreHealth

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    """The served knowledge, the chat service over it, the report desk and the state store."""

    knowledge: KnowledgeHolder
    service: ChatService
    reports: ReportLog
    store: StateStore
    metrics: Metrics | None = None
    """The Prometheus metrics, served on METRICS_PORT; None when that is not set."""

    @property
    def desk(self) -> ReportDesk:
        """Return the report desk filing into this runtime's report log."""
        return ReportDesk(self.reports)

    @property
    def health(self) -> StoreHealth:
        """Return how the state store is doing, as the service sees it."""
        return self.service.health

    async def check_store(self) -> bool:
        """Make one real write through the state store; return whether it worked."""
        return await self.service.check_store()


def build_runtime(settings: Settings, platform: str) -> Runtime:
    """Load the facts and build the service for `platform` with the configured limits.

    Raises ConfigError naming STATE_URL when the state store cannot be opened or is not the
    bot's (the front ends exit with status 2).
    """
    verify_store(settings.state_url)
    knowledge = KnowledgeHolder(settings.knowledge_dir)
    limits = ServiceLimits(
        rate_count=settings.rate_limit_count,
        rate_window_s=settings.rate_limit_window_s,
        conversation_ttl_s=settings.conversation_ttl_s,
    )
    described = describe_knowledge(knowledge.folder)
    kb = knowledge.engine().kb
    _log.info(
        "accords-bot %s serving the %s fact base: version %s, as of %s",
        version(),
        described,
        kb.content_hash,
        kb.as_of,
    )
    gaps = GapLog(settings.gaps_log, settings.gaps_log_max_bytes) if settings.gaps_log else None
    store = open_store(settings.state_url)
    metrics = _metrics(settings)
    if metrics is not None:
        store = counting_store(store, metrics)
    service = ChatService(
        knowledge.engine,
        limits,
        platform=platform,
        gap_log=gaps,
        served=wording.served_base(described, version()),
        store=store,
        metrics=metrics,
    )
    reports = ReportLog(settings.reports_log, settings.gaps_log_max_bytes)
    return Runtime(knowledge, service, reports, store, metrics)


def _metrics(settings: Settings) -> Metrics | None:
    """Start serving the metrics when METRICS_PORT is set (its own port, off by default)."""
    if settings.metrics_port is None:
        return None
    metrics = Metrics()
    metrics.serve(settings.metrics_port)
    return metrics

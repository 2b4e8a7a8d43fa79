"""The service layer: what turns the pure core into a chat bot for many people at once.

    chat       ChatService: follow-up state, rate limits, the one catch-all boundary
    store      TtlLru: the one bounded, expiring store
    ratelimit  RateLimiter: a sliding window per user
    reports    Report and ReportDesk: the wrong-fact report flow
    deadline   CoreRunner: the core off the event loop, under the platforms' deadline

Stateful, but no files, sockets or chat SDKs: those belong to `bot.infra` and `adapters`.
"""

from bot.service.chat import ChatService, ServiceLimits

__all__ = ["ChatService", "ServiceLimits"]

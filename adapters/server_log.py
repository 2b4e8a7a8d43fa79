"""What the HTTP servers log about requests that are not HTTP: one short line a minute.

aiohttp logs every request whose framing it cannot parse (a chunk size that is not hex, a
Content-Length that is not a number, a header line over 8 kB, a header name with a space) at
ERROR, with a traceback quoting the bytes sent: anyone who can reach the port could fill the
logs with text of their choosing. `ServerLog` is the logger the runners hand aiohttp instead
(the Slack HTTP mode's and HEALTH_PORT's): such a request, answered 400 by aiohttp as before,
is one WARNING line a minute per kind, naming the kind and never the bytes. Anything else
aiohttp logs (a handler that raised: a bug of ours) goes through as aiohttp logs it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from types import TracebackType
from typing import Final, TypeAlias

from aiohttp.http_exceptions import HttpProcessingError

from bot.service.storehealth import LogLimiter

_log = logging.getLogger(__name__)

AIOHTTP_SERVER_LOG: Final = "aiohttp.server"

ExcInfo: TypeAlias = (
    bool
    | BaseException
    | tuple[type[BaseException], BaseException, TracebackType | None]
    | tuple[None, None, None]
    | None
)


def _error_of(exc_info: ExcInfo) -> BaseException | None:
    if isinstance(exc_info, BaseException):
        return exc_info
    if isinstance(exc_info, tuple):
        return exc_info[1]
    return sys.exc_info()[1] if exc_info else None


class ServerLog(logging.LoggerAdapter[logging.Logger]):
    """aiohttp's server logger, with requests that are not HTTP kept to one line a minute."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        super().__init__(logger or logging.getLogger(AIOHTTP_SERVER_LOG), {})
        self._logs = LogLimiter()

    def exception(
        self,
        msg: object,
        *args: object,
        exc_info: ExcInfo = True,
        stack_info: bool = False,
        stacklevel: int = 1,
        extra: Mapping[str, object] | None = None,
        **kwargs: object,
    ) -> None:
        """Log what aiohttp logs with a traceback, unless it is a request that is not HTTP."""
        error = _error_of(exc_info)
        if isinstance(error, HttpProcessingError) and 400 <= error.code < 500:
            self._refused(error)
            return
        super().exception(
            msg,
            *args,
            exc_info=exc_info,
            stack_info=stack_info,
            stacklevel=stacklevel,
            extra=extra,
            **kwargs,
        )

    def _refused(self, error: HttpProcessingError) -> None:
        kind = type(error).__name__
        held = self._logs.allow(kind)
        if held is not None:
            _log.warning(
                "http: refused a request that is not valid HTTP (%d, %s)%s",
                error.code,
                kind,
                f"; {held} more since the last line" if held else "",
            )

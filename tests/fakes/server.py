"""What both platform fakes share: an aiohttp server on 127.0.0.1 that tests start and stop.

A fake subclasses `LocalServer`, builds its routes in `build_app`, and closes its own
websockets in `close_connections`; starting (on a port the kernel picks), the address, the
async context manager and the clean-up are written here once.
"""

from __future__ import annotations

from typing import Self

from aiohttp import web


class LocalServer:
    """An aiohttp application served on 127.0.0.1 for the length of a test."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self.port = 0

    def build_app(self) -> web.Application:
        """Return the application to serve (every fake adds its routes here)."""
        raise NotImplementedError

    async def close_connections(self) -> None:
        """Close what the fake holds open (websockets, pending futures) before stopping."""

    async def start(self) -> Self:
        """Serve on 127.0.0.1 on a free port."""
        self._runner = web.AppRunner(self.build_app(), handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, 0).start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        """Close open connections and stop serving."""
        await self.close_connections()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def url(self, path: str, scheme: str = "http") -> str:
        """Return the URL of `path` on this server."""
        return f"{scheme}://{self.host}:{self.port}{path}"

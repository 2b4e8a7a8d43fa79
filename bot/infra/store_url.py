"""Open the state store named by `STATE_URL`: memory://, sqlite:///PATH or redis://…."""

from __future__ import annotations

from pathlib import Path

from bot.errors import ConfigError
from bot.service.statestore import MemoryStore, StateStore

SCHEMES = ("memory://", "sqlite:///", "redis://", "rediss://", "unix://")


def sqlite_path(url: str) -> Path:
    """Return the file of a `sqlite:///PATH` URL (relative: `sqlite:///var/state.db`;
    absolute: `sqlite:////srv/state.db`)."""
    return Path(url.removeprefix("sqlite:///"))


def open_store(url: str, *, create: bool = True) -> StateStore:
    """Return the store `url` names; nothing connects until it is first used.

    With `create=False` a SQLite file that does not exist yet is not created: an empty
    memory store stands in (for the console, which only reads past announcements).
    """
    if url.startswith("memory://"):
        return MemoryStore()
    if url.startswith("sqlite:///"):
        from bot.infra.sqlite_store import SqliteStore

        path = sqlite_path(url)
        if not create and not path.exists():
            return MemoryStore()
        return SqliteStore(path)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from bot.infra.redis_store import RedisStore

        return RedisStore(url)
    raise ConfigError("STATE_URL", "must start with memory://, sqlite:/// or redis://")


def verify_store(url: str) -> None:
    """Check at start that the store `url` names can be opened and is the bot's.

    Raises ConfigError naming STATE_URL with what is wrong (the front ends exit with status 2);
    nothing is created but the SQLite file's folder, and nothing is ever replaced.
    """
    if url.startswith("sqlite:///"):
        from bot.infra.sqlite_store import verify_file

        problem = verify_file(sqlite_path(url))
    elif url.startswith(("redis://", "rediss://", "unix://")):
        from bot.infra.redis_store import verify_redis

        problem = verify_redis(url)
    else:
        open_store(url)  # a malformed URL raises ConfigError itself
        problem = ""
    if problem:
        raise ConfigError("STATE_URL", f"the state store cannot be used: {problem}")

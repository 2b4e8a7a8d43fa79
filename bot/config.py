"""Settings: the only module that reads the environment.

`Settings.from_env(os.environ)` is built once in each entry point's `main()` and passed down.
A missing secret is reported by the name of its variable, never by its value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from bot.errors import ConfigError

SHIPPED_KNOWLEDGE_PACKAGE = "accords_bot_knowledge"
"""The package the fact base ships in; in the repository it is the `knowledge/` folder."""

DISTRIBUTION = "accords-bot"


def shipped_knowledge_dir() -> Path:
    """Return the folder of the fact base installed with the bot, wherever it is installed."""
    root = resources.files(SHIPPED_KNOWLEDGE_PACKAGE)
    if not isinstance(root, Path):  # a zipped install: the loader needs real files
        raise ConfigError("KNOWLEDGE_DIR", "the shipped facts are not on disk; set KNOWLEDGE_DIR")
    return root


def version() -> str:
    """Return the installed version of accords-bot ("unknown" when run from a bare checkout)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


def describe_knowledge(folder: Path) -> str:
    """Say which fact base `folder` is: "shipped" for the installed one, else "folder PATH"."""
    try:
        shipped = shipped_knowledge_dir().resolve()
    except ConfigError:
        shipped = None
    return "shipped" if Path(folder).resolve() == shipped else f"folder {folder}"


DEFAULT_KNOWLEDGE_DIR = shipped_knowledge_dir()
"""The shipped fact base (kept for callers that name it; new code calls the function)."""


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(name, "must be a whole number") from None


def _float(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(name, "must be a number") from None


def _opt(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    return value or None


DEFAULT_STATE_URL = "sqlite:///var/state.db"
_STATE_SCHEMES = ("memory://", "sqlite:///", "redis://", "rediss://", "unix://")


def _state_url(environ: Mapping[str, str]) -> str:
    url = _opt(environ, "STATE_URL") or DEFAULT_STATE_URL
    if not url.startswith(_STATE_SCHEMES):
        # The URL may carry a password: name the variable, never the value.
        raise ConfigError("STATE_URL", "must start with memory://, sqlite:/// or redis://")
    return url


def _shard_ids(environ: Mapping[str, str]) -> tuple[int, ...] | None:
    """Read DISCORD_SHARD_IDS: "0,1,2" or a range "0-3" (both ends included)."""
    raw = _opt(environ, "DISCORD_SHARD_IDS")
    if raw is None:
        return None
    ids: list[int] = []
    try:
        for part in raw.split(","):
            first, dash, last = part.strip().partition("-")
            ids.extend(range(int(first), int(last) + 1) if dash else [int(first)])
    except ValueError:
        raise ConfigError("DISCORD_SHARD_IDS", "must be shard numbers such as 0,1 or 0-3") from None
    if not ids or min(ids) < 0:
        raise ConfigError("DISCORD_SHARD_IDS", "must be shard numbers such as 0,1 or 0-3")
    count = _int(environ, "DISCORD_SHARD_COUNT", 0)
    if not count:
        raise ConfigError("DISCORD_SHARD_COUNT", "must be set when DISCORD_SHARD_IDS is")
    if max(ids) >= count:
        raise ConfigError("DISCORD_SHARD_IDS", "must be below DISCORD_SHARD_COUNT")
    return tuple(dict.fromkeys(ids))


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of the bot, read once."""

    knowledge_dir: Path = field(default_factory=shipped_knowledge_dir)
    discord_token: str | None = None
    discord_shard_count: int | None = None
    discord_shard_ids: tuple[int, ...] | None = None
    discord_report_channel_id: int | None = None
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_report_channel: str | None = None
    port: int = 3000
    health_port: int | None = None
    """Where `/healthz` and `/readyz` are served in every mode (HEALTH_PORT; unset: none
    besides Slack HTTP mode's own port)."""
    health_host: str = "0.0.0.0"
    """The address HEALTH_PORT is served on (HEALTH_HOST)."""
    rate_limit_count: int = 5
    rate_limit_window_s: float = 30.0
    conversation_ttl_s: float = 900.0
    log_format: str = "text"
    log_level: str = "INFO"
    gaps_log: Path | None = None
    gaps_log_max_bytes: int = 1_000_000
    reports_log: Path = Path("var/reports.jsonl")
    state_url: str = DEFAULT_STATE_URL
    metrics_port: int | None = None
    """Serve Prometheus metrics on this port (METRICS_PORT); None: off."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from an environment mapping (default: the process environment)."""
        env = os.environ if environ is None else environ
        knowledge = _opt(env, "KNOWLEDGE_DIR")
        shards = _opt(env, "DISCORD_SHARD_COUNT")
        report = _opt(env, "DISCORD_REPORT_CHANNEL_ID")
        log_format = env.get("LOG_FORMAT", "text").strip().lower() or "text"
        if log_format not in ("text", "json"):
            raise ConfigError("LOG_FORMAT", "must be 'text' or 'json'")
        gaps_off = env.get("GAPS_LOG", "").strip().lower() in ("0", "off", "false", "no")
        gaps_path = _opt(env, "GAPS_LOG_PATH")
        return cls(
            knowledge_dir=Path(knowledge) if knowledge else shipped_knowledge_dir(),
            discord_token=_opt(env, "DISCORD_TOKEN"),
            discord_shard_count=(_int(env, "DISCORD_SHARD_COUNT", 0) or None) if shards else None,
            discord_report_channel_id=(
                (_int(env, "DISCORD_REPORT_CHANNEL_ID", 0) or None) if report else None
            ),
            slack_bot_token=_opt(env, "SLACK_BOT_TOKEN"),
            slack_app_token=_opt(env, "SLACK_APP_TOKEN"),
            slack_signing_secret=_opt(env, "SLACK_SIGNING_SECRET"),
            slack_report_channel=_opt(env, "SLACK_REPORT_CHANNEL"),
            port=_int(env, "PORT", 3000),
            health_port=_int(env, "HEALTH_PORT", 0) or None,
            health_host=env.get("HEALTH_HOST", "").strip() or "0.0.0.0",
            rate_limit_count=_int(env, "RATE_LIMIT_COUNT", 5),
            rate_limit_window_s=_float(env, "RATE_LIMIT_WINDOW_S", 30.0),
            conversation_ttl_s=_float(env, "CONVERSATION_TTL_S", 900.0),
            log_format=log_format,
            log_level=env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO",
            gaps_log=None if gaps_off else Path(gaps_path or "var/unanswered.jsonl"),
            gaps_log_max_bytes=_int(env, "GAPS_LOG_MAX_BYTES", 1_000_000),
            reports_log=Path(_opt(env, "REPORTS_LOG_PATH") or "var/reports.jsonl"),
            state_url=_state_url(env),
            metrics_port=_int(env, "METRICS_PORT", 0) or None,
            discord_shard_ids=_shard_ids(env),
        )

    def require(self, *names: str) -> None:
        """Raise ConfigError naming the first of `names` (environment variables) that is unset."""
        for name in names:
            if getattr(self, name.lower(), None) is None:
                raise ConfigError(name, f"is not set; export {name}=... and try again")

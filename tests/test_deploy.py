"""The container files, checked without a Docker daemon: the Dockerfile builds the wheel from
what the package needs, runs `accords-bot` as a plain user, and compose.yaml runs it beside a
healthy Redis that holds its state. (`.ci/run` also lints the Dockerfile with hadolint.)"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml

from tests.helpers import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _instructions(name: str) -> list[str]:
    """Return the arguments of every `name` instruction, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [m.group(1).strip() for m in re.finditer(rf"^{name}\s+(.+)$", joined, re.M)]


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_image_builds_the_wheel_from_every_source_the_package_needs() -> None:
    """The build stage copies pyproject.toml, the README and every package root of the
    wheel (bot, adapters, the fact base), and .dockerignore leaves them in."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = project["tool"]["setuptools"]
    roots = {p.split(".")[0] for p in setuptools["packages"]}
    folders = {setuptools["package-dir"].get(r, r) for r in roots}
    copied = " ".join(_instructions("COPY"))
    for needed in sorted(folders | {"pyproject.toml", "README.md"}):
        assert re.search(rf"(^|\s){re.escape(needed)}(\s|$)", copied), needed
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert not (folders | {"pyproject.toml", "README.md"}) & set(ignored)


def test_the_image_runs_the_bot_as_a_plain_user_on_the_documented_ports() -> None:
    """The last stage runs `accords-bot run` as a non-root user and exposes Slack's HTTP port
    and the metrics port."""
    assert _instructions("CMD")[-1] == '["accords-bot", "run"]'
    assert _instructions("USER")[-1] not in ("root", "0")
    exposed = " ".join(_instructions("EXPOSE")).split()
    assert {"3000", "9464"} <= set(exposed)


def test_compose_runs_the_bot_beside_a_healthy_redis_that_holds_its_state() -> None:
    """The bot waits for Redis to be healthy, keeps its state there (not in a container's
    SQLite file), passes through only variables the bot reads, and shows metrics to this
    host only."""
    services = _compose()["services"]
    bot, redis = services["bot"], services["redis"]
    assert bot["build"] == "."
    env = bot["environment"]
    assert env["STATE_URL"] == "redis://redis:6379/0"
    assert bot["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "redis-cli" in redis["healthcheck"]["test"]
    assert any(v.endswith(":/data") for v in redis["volumes"])
    config = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
    for name in env:
        assert f'"{name}"' in config, f"{name} is not a variable the bot reads"
    assert all(str(p).startswith("127.0.0.1:") for p in bot.get("ports", []))
    assert str(env["METRICS_PORT"]) in " ".join(map(str, bot["ports"]))

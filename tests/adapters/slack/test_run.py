"""`adapters.slack_bot.run`: configuration errors before any traffic, both modes served by a
real child process against the fakes, and a clean exit on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from adapters.slack_bot import run
from bot.config import Settings
from bot.errors import ConfigError
from bot.infra.gaps import read_gaps
from tests.fakes.slack_server import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    SignedPoster,
    slash_command,
)
from tests.helpers import FACTS_DIR, child_env
from tests.redis_server import free_port

START_S = 30.0
STOP_S = 10.0

CHILD = """
import dataclasses, logging, sys
from adapters.slack_bot import run
from bot.config import Settings
logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
bot, app, secret, mode, base = sys.argv[1:]
settings = dataclasses.replace(Settings.from_env(), slack_bot_token=bot,
                               slack_app_token=app or None,
                               slack_signing_secret=secret or None, port=0)
raise SystemExit(run(settings, http=mode == "http", client_base_url=base, host="127.0.0.1"))
"""


def _child_env(**extra: str) -> dict[str, str]:
    """The environment minus proxies and Slack settings (the child takes those from its argv),
    with the unanswered-questions log off unless `extra` turns it on."""
    drop = re.compile(r"^(https?_proxy|all_proxy|no_proxy|SLACK_.*)$", re.IGNORECASE)
    env = {k: v for k, v in os.environ.items() if not drop.match(k)}
    return child_env(env, **{"GAPS_LOG": "off", **extra})


class Child:
    """A child process running `run()`, with its log lines collected as they arrive."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self._new_line = asyncio.Event()
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for raw in self.process.stderr:
            self.lines.append(raw.decode("utf-8", "replace").rstrip())
            self._new_line.set()
        self._new_line.set()

    async def wait_for_line(self, pattern: str, timeout: float = START_S) -> re.Match[str]:
        """Wait for a log line matching `pattern` and return the match."""
        async with asyncio.timeout(timeout):
            while True:
                for line in self.lines:
                    if found := re.search(pattern, line):
                        return found
                if self.process.returncode is not None and self._reader.done():
                    raise AssertionError(f"child exited: {self.lines}")
                self._new_line.clear()
                await self._new_line.wait()

    async def stop(self) -> int:
        """Send SIGTERM and return the exit status."""
        self.process.send_signal(signal.SIGTERM)
        return await self.wait()

    async def wait(self) -> int:
        """Wait for the child to exit (within STOP_S) and return its status."""
        code = await asyncio.wait_for(self.process.wait(), STOP_S)
        await asyncio.wait_for(self._reader, STOP_S)
        return code


@asynccontextmanager
async def child(*args: str, **env: str) -> AsyncIterator[Child]:
    """Run CHILD with `args` (and `env` added to its environment) in a subprocess; kill it if
    the test leaves it running."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        CHILD,
        *args,
        cwd=Path.cwd(),
        env=_child_env(**env),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    running = Child(process)
    try:
        yield running
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        running._reader.cancel()


@pytest.mark.parametrize(
    ("settings", "http", "variable"),
    [
        (Settings(), False, "SLACK_BOT_TOKEN"),
        (Settings(slack_bot_token=BOT_TOKEN), False, "SLACK_APP_TOKEN"),
        (
            Settings(slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN),
            True,
            "SLACK_SIGNING_SECRET",
        ),
        (
            Settings(slack_app_token=APP_TOKEN, slack_signing_secret=SIGNING_SECRET),
            True,
            "SLACK_BOT_TOKEN",
        ),
    ],
)
async def test_missing_variable_is_named_before_any_traffic(
    settings: Settings, http: bool, variable: str
) -> None:
    """A missing token or secret raises ConfigError naming it, and nothing is contacted."""
    async with FakeSlack() as slack:
        with pytest.raises(ConfigError) as raised:
            run(settings, http=http, client_base_url=slack.base_url)
        assert raised.value.variable == variable
        assert "\n" not in str(raised.value) and variable in str(raised.value)
        assert slack.calls == []


async def test_cli_reports_a_missing_variable_in_one_line() -> None:
    """`accords-bot slack --http` without its variables exits 2 naming the first missing one."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from adapters.console.cli import main; main()",
        "slack",
        "--http",
        cwd=Path.cwd(),
        env=_child_env(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), START_S)
    assert process.returncode == 2
    assert err.decode().strip().splitlines() == [
        "accords-bot: SLACK_BOT_TOKEN: is not set; export SLACK_BOT_TOKEN=... and try again"
    ]


async def test_http_mode_serves_then_exits_cleanly_on_sigterm() -> None:
    """The HTTP server answers /healthz and a signed command, then SIGTERM exits with 0."""
    async with (
        FakeSlack() as slack,
        child(BOT_TOKEN, "", SIGNING_SECRET, "http", slack.base_url) as proc,
    ):
        port = (await proc.wait_for_line(r"listening on http://127\.0\.0\.1:(\d+)/slack/events"))[1]
        base = f"http://127.0.0.1:{port}"
        timeout = aiohttp.ClientTimeout(total=STOP_S)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.get(base + "/healthz") as resp,
        ):
            assert resp.status == 200
        async with SignedPoster(base + "/slack/events") as poster:
            reply = await poster.form(
                slash_command("/about", "", response_url=slack.new_response_url())
            )
        assert reply.status == 200 and reply.json()["response_type"] == "ephemeral"
        assert await proc.stop() == 0
        assert any("slack: stopping" in line for line in proc.lines)


async def test_socket_mode_connects_then_exits_cleanly_on_sigterm() -> None:
    """The child connects over Socket Mode, answers a command, and SIGTERM closes it with 0."""
    async with (
        FakeSlack() as slack,
        child(BOT_TOKEN, APP_TOKEN, "", "socket", slack.base_url) as proc,
    ):
        link = await slack.wait_for_link(timeout=START_S)
        payload = slash_command("/members", "", response_url=slack.new_response_url())
        ack = await slack.send_envelope("slash_commands", payload)
        assert ack["payload"]["response_type"] == "ephemeral"
        assert await proc.stop() == 0
        await asyncio.wait_for(link.closed.wait(), STOP_S)


async def test_socket_mode_serves_health_on_health_port(tmp_path: Path) -> None:
    """Socket Mode has no HTTP server of its own: HEALTH_PORT serves /healthz and /readyz."""
    port = free_port()
    state = f"sqlite:///{tmp_path / 'state.db'}"
    async with (
        FakeSlack() as slack,
        child(
            BOT_TOKEN,
            APP_TOKEN,
            "",
            "socket",
            slack.base_url,
            HEALTH_PORT=str(port),
            HEALTH_HOST="127.0.0.1",
            STATE_URL=state,
        ) as proc,
    ):
        await slack.wait_for_link(timeout=START_S)
        timeout = aiohttp.ClientTimeout(total=STOP_S)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for path, body in (("/healthz", "ok"), ("/readyz", "ready")):
                async with session.get(f"http://127.0.0.1:{port}{path}") as resp:
                    assert resp.status == 200
                    assert (await resp.json())[body] is True
        assert await proc.stop() == 0


async def test_sighup_reloads_edited_facts_while_serving(tmp_path: Path) -> None:
    """`run()` serves live facts: after an edit and SIGHUP the next answer has the new text and
    /healthz the new version, the process keeps running, and it logs what it could not answer
    with platform "slack"."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(FACTS_DIR, knowledge)
    members = knowledge / "members.yaml"
    detail = "Donald Trump announced the deal on Twitter"
    gaps = tmp_path / "gaps.jsonl"
    env = {
        "KNOWLEDGE_DIR": str(knowledge),
        "GAPS_LOG": "on",
        "GAPS_LOG_PATH": str(gaps),
        "REPORTS_LOG_PATH": str(tmp_path / "reports.jsonl"),
        "RATE_LIMIT_COUNT": "1000",
    }
    async with (
        FakeSlack() as slack,
        child(BOT_TOKEN, "", SIGNING_SECRET, "http", slack.base_url, **env) as proc,
    ):
        port = (await proc.wait_for_line(r"listening on http://127\.0\.0\.1:(\d+)/slack/events"))[1]
        base = f"http://127.0.0.1:{port}"
        timeout = aiohttp.ClientTimeout(total=STOP_S)
        async with (
            SignedPoster(base + "/slack/events") as poster,
            aiohttp.ClientSession(timeout=timeout) as session,
        ):

            async def ask(command: str, text: str) -> str:
                fields = slash_command(command, text, response_url=slack.new_response_url())
                reply = await poster.form(fields)
                assert reply.status == 200, reply.body
                return json.dumps(reply.json()["blocks"])

            async def version() -> str:
                async with session.get(base + "/healthz") as resp:
                    return str((await resp.json())["knowledge"])

            assert "MARKER-HUP" not in await ask("/member", "Morocco")
            await ask("/ask", "bananas and kiwis")
            old = await version()
            text = members.read_text(encoding="utf-8")
            members.write_text(text.replace(detail, "MARKER-HUP " + detail, 1), encoding="utf-8")
            proc.process.send_signal(signal.SIGHUP)
            await proc.wait_for_line(r"SIGHUP: reloading the fact files")
            async with asyncio.timeout(START_S):
                while "MARKER-HUP" not in await ask("/member", "Morocco"):
                    await asyncio.sleep(0.1)
            assert await version() != old
        assert proc.process.returncode is None
        assert await proc.stop() == 0
    assert any("knowledge reloaded: version" in line for line in proc.lines)
    assert [(g["platform"], g["question"]) for g in read_gaps(gaps)] == [
        ("slack", "bananas and kiwis")
    ]


@pytest.mark.parametrize(
    ("bot_token", "app_token"), [("xoxb-wrong", APP_TOKEN), (BOT_TOKEN, "xapp-wrong")]
)
async def test_refused_token_exits_with_status_1_before_connecting(
    bot_token: str, app_token: str
) -> None:
    """A token Slack refuses stops the start with status 1, and no websocket is opened."""
    async with (
        FakeSlack() as slack,
        child(bot_token, app_token, "", "socket", slack.base_url) as proc,
    ):
        assert await proc.wait() == 1
        assert any("Slack refused a token (invalid_auth)" in line for line in proc.lines)
        assert slack.links == []


async def test_a_busy_health_port_stops_the_start_in_one_line(tmp_path: Path) -> None:
    """HEALTH_PORT already taken: the CLI exits 2 with one line naming HEALTH_PORT."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "from adapters.console.cli import main; main()",
            "slack",
            cwd=Path.cwd(),
            env=_child_env(
                SLACK_BOT_TOKEN=BOT_TOKEN,
                SLACK_APP_TOKEN=APP_TOKEN,
                HEALTH_PORT=str(port),
                HEALTH_HOST="127.0.0.1",
                STATE_URL=f"sqlite:///{tmp_path / 'state.db'}",
            ),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _, err = await asyncio.wait_for(process.communicate(), START_S)
    assert process.returncode == 2
    lines = [line for line in err.decode().splitlines() if "HEALTH_PORT" in line]
    assert lines == [
        f"accords-bot: HEALTH_PORT: cannot listen on 127.0.0.1:{port} (Address already in use)"
    ]
    assert "Traceback" not in err.decode()

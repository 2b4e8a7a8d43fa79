"""`adapters.discord_bot.run`, the `accords-bot discord` entry point, as a real process.

The bot runs in a child process (real signals, real asyncio.run) against the fake Discord in
this one; only discord.py's REST base and gateway URL are pointed at the fake.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from adapters.discord_bot import run
from bot.config import Settings
from bot.errors import ConfigError
from tests.fakes.discord_server import FakeDiscord
from tests.helpers import FACTS_DIR, child_env
from tests.redis_server import free_port

PROCESS_TIMEOUT_S = 20.0


def test_missing_token_raises_config_error_naming_the_variable() -> None:
    """Without DISCORD_TOKEN run() raises ConfigError, one line naming the variable."""
    with pytest.raises(ConfigError) as caught:
        run(Settings(discord_token=None))
    assert caught.value.variable == "DISCORD_TOKEN"
    assert "\n" not in str(caught.value)


async def _start(
    fake: FakeDiscord, *args: str, token: str = FakeDiscord.TOKEN, **extra_env: str
) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    env.update(DISCORD_TOKEN=token, GAPS_LOG="off", PYTHONWARNINGS="error::ResourceWarning")
    env = child_env(env, **extra_env)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.fakes.discord_run_pointed",
        fake.api_base,
        str(fake.gateway_url),
        *args,
        cwd=Path.cwd(),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _finish(process: asyncio.subprocess.Process) -> tuple[int, str]:
    """Wait for the process (bounded) and return its exit code and stderr."""
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), PROCESS_TIMEOUT_S)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, stderr.decode(errors="replace")


async def test_sigterm_closes_the_gateway_cleanly_and_exits_0(tmp_path: Path) -> None:
    """A running bot answers, logs what it could not answer, and on SIGTERM exits 0 cleanly."""
    gaps = tmp_path / "gaps.jsonl"
    async with FakeDiscord() as fake:
        process = await _start(fake, GAPS_LOG="on", GAPS_LOG_PATH=str(gaps))
        try:
            await fake.wait_ready(timeout=PROCESS_TIMEOUT_S)
            interaction = await fake.slash("ask", {"question": "bananas and kiwis"})
            await asyncio.wait_for(interaction.responded.wait(), PROCESS_TIMEOUT_S)
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        code, stderr = await _finish(process)
        assert code == 0, stderr
        await fake.wait_until(lambda: bool(fake.close_codes), timeout=5)
        # The bot closed the websocket itself. discord.py asks for 1000, but with aiohttp its
        # reader wins the race and sends 4000 (Rapptz/discord.py#6719), so both are clean.
        assert fake.close_codes in ([1000], [4000])
        assert not [r for r in fake.requests if r.method == "PUT"]  # no sync on start
        assert "signal received" in stderr
        assert "Traceback" not in stderr and "Unclosed" not in stderr, stderr
        assert not fake.problems
    (line,) = gaps.read_text(encoding="utf-8").splitlines()
    entry = json.loads(line)
    assert (entry["platform"], entry["question"]) == ("discord", "bananas and kiwis")
    assert fake.human["id"] not in line and fake.channel_id not in line


async def _get(url: str) -> tuple[int, dict[str, object]]:
    timeout = aiohttp.ClientTimeout(total=5)
    async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url) as resp:
        return resp.status, await resp.json()


async def test_health_port_serves_liveness_and_readiness(tmp_path: Path) -> None:
    """With HEALTH_PORT set the Discord bot serves /healthz and /readyz; when its state folder
    is replaced by a plain file, /readyz turns 503 while questions are still answered."""
    port = free_port()
    folder = tmp_path / "var"
    env = {
        "HEALTH_PORT": str(port),
        "HEALTH_HOST": "127.0.0.1",
        "STATE_URL": f"sqlite:///{folder / 'state.db'}",
    }
    base = f"http://127.0.0.1:{port}"
    async with FakeDiscord() as fake:
        process = await _start(fake, **env)
        try:
            await fake.wait_ready(timeout=PROCESS_TIMEOUT_S)
            assert (await _get(base + "/healthz"))[0] == 200
            assert await _get(base + "/readyz") == (200, {"ready": True, "store": "ok"})
            shutil.rmtree(folder)
            folder.write_text("not a folder")
            await asyncio.sleep(1.1)  # the file's identity is checked once a second
            status, body = await _get(base + "/readyz")
            assert status == 503 and body["ready"] is False
            interaction = await fake.slash("ask", {"question": "when did Morocco join?"})
            await asyncio.wait_for(interaction.responded.wait(), PROCESS_TIMEOUT_S)
            answer = json.dumps(interaction.response["data"])
            assert "Morocco" in answer and "went wrong" not in answer
            assert (await _get(base + "/healthz"))[0] == 200
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        code, stderr = await _finish(process)
    assert code == 0, stderr
    assert "was deleted while the bot ran" in stderr
    assert stderr.count("state store failing") == 1
    assert "Traceback" not in stderr, stderr


async def test_sighup_reloads_edited_facts_and_the_bot_keeps_running(tmp_path: Path) -> None:
    """`run()` serves live facts: after an edit and SIGHUP the next answer has the new text,
    the process is still up (SIGHUP does not kill it), and SIGTERM still exits 0."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(FACTS_DIR, knowledge)
    members = knowledge / "members.yaml"
    detail = "Donald Trump announced the deal on Twitter"
    env = {"KNOWLEDGE_DIR": str(knowledge), "REPORTS_LOG_PATH": str(tmp_path / "reports.jsonl")}

    async def morocco(fake: FakeDiscord) -> str:
        interaction = await fake.slash("member", {"country": "Morocco"})
        await asyncio.wait_for(interaction.responded.wait(), PROCESS_TIMEOUT_S)
        return json.dumps(interaction.response["data"]["embeds"])

    async with FakeDiscord() as fake:
        process = await _start(fake, RATE_LIMIT_COUNT="1000", **env)
        try:
            await fake.wait_ready(timeout=PROCESS_TIMEOUT_S)
            assert "MARKER-HUP" not in await morocco(fake)
            text = members.read_text(encoding="utf-8")
            members.write_text(text.replace(detail, "MARKER-HUP " + detail, 1), encoding="utf-8")
            process.send_signal(signal.SIGHUP)
            async with asyncio.timeout(PROCESS_TIMEOUT_S):
                while "MARKER-HUP" not in await morocco(fake):
                    await asyncio.sleep(0.1)
            assert process.returncode is None
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        code, stderr = await _finish(process)
    assert code == 0, stderr
    assert "SIGHUP: reloading the fact files" in stderr
    assert "knowledge reloaded: version" in stderr
    assert "Traceback" not in stderr, stderr


@pytest.mark.parametrize("guild", [False, True])
async def test_sync_registers_the_commands_and_exits(guild: bool) -> None:
    """--sync overwrites the global commands (or one guild's with --guild) and exits 0."""
    async with FakeDiscord() as fake:
        extra = ["--sync", "--guild", fake.guild_id] if guild else ["--sync"]
        code, stderr = await _finish(await _start(fake, *extra))
        assert code == 0, stderr
        puts = [r.path for r in fake.requests if r.method == "PUT"]
        where = f"/guilds/{fake.guild_id}" if guild else ""
        assert puts == [f"/applications/{fake.application_id}{where}/commands"]
        assert fake.gateway_queries == []  # registering never connects to the gateway
        assert "Traceback" not in stderr and "Unclosed" not in stderr, stderr


async def test_rejected_token_exits_1_with_a_clear_message() -> None:
    """A token Discord refuses ends the process with status 1 and says which variable."""
    async with FakeDiscord() as fake:
        code, stderr = await _finish(await _start(fake, token="not-the-token"))
        assert code == 1
        assert "DISCORD_TOKEN" in stderr
        assert "not-the-token" not in stderr


def _closed_port() -> int:
    """Return a port of 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_no_network_is_one_line_and_exit_1() -> None:
    """When Discord cannot be reached the bot logs one error line, no traceback, and exits 1."""
    port = _closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    env = child_env(env, DISCORD_TOKEN=FakeDiscord.TOKEN, GAPS_LOG="off")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.fakes.discord_run_pointed",
            f"http://127.0.0.1:{port}/api/v10",
            f"ws://127.0.0.1:{port}/",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT_S * 3,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR adapters.discord_bot.serving: discord: could not reach Discord "
        "(ClientConnectorError)"
    ], done.stderr
    assert "Traceback" not in done.stderr

"""Run `adapters.discord_bot.run` with discord.py pointed at a fake Discord. Tests only.

    python -m tests.fakes.discord_run_pointed API_BASE GATEWAY_URL [--sync] [--guild ID]

Settings come from the environment exactly as in production (DISCORD_TOKEN, ...); the only
difference from `accords-bot discord` is where discord.py's REST base and gateway point.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

import discord.gateway
import discord.http
import yarl

from adapters.discord_bot import run
from bot.config import Settings


def main(argv: Sequence[str]) -> int:
    """Point discord.py at the fake and run the bot as the CLI would."""
    parser = argparse.ArgumentParser()
    parser.add_argument("api_base")
    parser.add_argument("gateway_url")
    parser.add_argument("--sync", action="store_true")
    parser.add_argument("--guild", type=int)
    args = parser.parse_args(argv)
    discord.http.Route.BASE = args.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(args.gateway_url)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return run(Settings.from_env(), sync=args.sync, guild_id=args.guild)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The `accords-bot` command line: its arguments, the platform runners, and the exit status.

A front end like Discord and Slack, so it lives under `adapters/`. The only module that calls
`sys.exit`. Asking (`ask`, `chat`) is in `adapters.console.asking`, the maintainers' commands
(`validate`, `check`, `diff`, `schema`, `gaps`) in `adapters.console.maintaining`. Platform
adapters are imported lazily, so the console starts fast and never loads discord.py or
slack-bolt.
"""

from __future__ import annotations

import argparse
import importlib
import io
import logging
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from adapters.console.asking import run_ask, run_chat
from adapters.console.learning import run_learn
from adapters.console.maintaining import run_check, run_diff, run_gaps, run_schema, run_validate
from bot.config import Settings, version
from bot.errors import AccordsBotError, ConfigError, KnowledgeErrors
from bot.infra.logsetup import configure_logging

_log = logging.getLogger(__name__)


def _with_knowledge(args: argparse.Namespace, settings: Settings) -> Settings:
    """Apply `--knowledge DIR` to the settings the platform runners read."""
    return replace(settings, knowledge_dir=Path(args.knowledge)) if args.knowledge else settings


EXTRAS: dict[str, tuple[str, ...]] = {
    "discord": ("discord", "aiohttp", "yarl"),
    "slack": ("slack_bolt", "slack_sdk", "aiohttp"),
}
"""The packages each optional extra of the distribution installs (their import names)."""


class MissingExtra(Exception):
    """A platform command was run without the optional dependencies it needs."""

    def __init__(self, extra: str, module: str) -> None:
        super().__init__(
            f"`accords-bot {extra}` needs {module}, which is not installed: "
            f"pip install 'accords-bot[{extra}]'"
        )


def _platform(extra: str) -> Any:
    """Import the adapter package of `extra`; raise MissingExtra when its SDK is missing."""
    try:
        return importlib.import_module(f"adapters.{extra}_bot")
    except ImportError as exc:
        missing = (exc.name or "").partition(".")[0]
        if missing in EXTRAS[extra]:
            raise MissingExtra(extra, missing) from None
        raise


def _cmd_discord(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    settings = _with_knowledge(args, settings)
    settings.require("DISCORD_TOKEN")
    code: int = _platform("discord").run(settings, sync=args.sync, guild_id=args.guild)
    return code


def _cmd_slack(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    settings = _with_knowledge(args, settings)
    if args.http:
        settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    else:
        settings.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    code: int = _platform("slack").run(settings, http=args.http)
    return code


def _cmd_run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Start whatever platform has a token; the console chat when none has."""
    if settings.discord_token:
        args.sync, args.guild = False, None
        return _cmd_discord(args, settings, out)
    if settings.slack_bot_token:
        args.http = settings.slack_app_token is None
        return _cmd_slack(args, settings, out)
    logging.getLogger("bot").setLevel(logging.WARNING)  # the console shows answers, not logs
    return run_chat(args, settings, out)


EXIT_STATUS = """\
exit status:
  0  done: the answer printed, the facts valid, the check passed, the bot stopped cleanly
  1  failed: invalid facts (FILE:LINE:COL on stderr), a golden category below its bar or an
     answer worse than the answer lock, a platform that refused the token or could not be
     reached (one line saying so)
  2  not started: bad arguments, a missing setting (named, never its value), or a missing
     extra (one line: pip install 'accords-bot[discord]' or 'accords-bot[slack]')
"""

DESCRIPTIONS: dict[str, str] = {
    "ask": "Answer one question from the facts and print it as text, or with --json as one "
    "JSON object. With - as the question, read one question per line from stdin and print "
    "one JSON object per line, in order, with no state carried between lines.",
    "chat": "An interactive console: plain questions with follow-ups ('and Sudan?', 'why?') "
    "and the /commands every platform shares. Ends on EOF (Ctrl-D).",
    "diff": "Print the update subscribed channels will get for the change of the facts from "
    "OLD_DIR to NEW_DIR, in words, record by record.",
    "validate": "Load every fact file and print what it holds, or every problem at once as "
    "FILE:LINE:COL: problem, the path taken from the current folder.",
    "check": "Validate the facts, warn about changeable facts verified long ago, run the "
    "golden questions per category against their bars, and compare every answer with the "
    "answer lock (golden/answers.lock.json): list each answer that moved, fail on one that "
    "got worse. --update accepts today's answers as the new lock.",
    "learn": "Fit the reader's kind model on the labelled questions of corpus/, measure it by "
    "k-fold cross-validation and write model/kinds.npz beside the facts (needs the learn "
    "extra: scikit-learn). A running bot reloads the new model.",
    "schema": "Print, write (--write) or check (--check) the JSON Schema editors use to "
    "validate the fact files while you type.",
    "gaps": "Group the logged questions the bot could not answer, most asked first.",
    "discord": "Run the Discord bot (needs DISCORD_TOKEN and the discord extra), or with "
    "--sync register its slash commands and exit.",
    "slack": "Run the Slack app over Socket Mode (SLACK_BOT_TOKEN, SLACK_APP_TOKEN) or, with "
    "--http, over HTTP (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, PORT); needs the slack extra.",
    "run": "Run the platform whose token is set (Discord, then Slack), else the console chat.",
}
"""What each subcommand does, for its --help."""


def _describe(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Give every subcommand its description and the exit statuses in its --help."""
    for name, command in sub.choices.items():
        command.description = textwrap.fill(DESCRIPTIONS[name], width=88)
        command.epilog = EXIT_STATUS
        command.formatter_class = argparse.RawDescriptionHelpFormatter


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of `accords-bot`."""
    knowledge_help = "fact files to use (default: KNOWLEDGE_DIR or the shipped ones)"
    # Given after the subcommand it wins; left out there, it must not overwrite the one given
    # before the subcommand (`accords-bot --knowledge DIR validate`), hence SUPPRESS.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge", metavar="DIR", default=argparse.SUPPRESS, help=knowledge_help
    )
    parser = argparse.ArgumentParser(
        prog="accords-bot",
        description="Answers questions about the Abraham Accords from a sourced fact base. "
        "`accords-bot COMMAND --help` says what each command does.",
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--knowledge", metavar="DIR", default=None, help=knowledge_help)
    parser.add_argument("--version", action="version", version=f"accords-bot {version()}")
    sub = parser.add_subparsers(dest="command")
    ask = sub.add_parser("ask", parents=[common], help="answer one question")
    ask.add_argument("question", nargs="+", help="the question, or - to read one per line")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument("--full", action="store_true", help="print the whole record behind the answer")
    ask.add_argument("--explain", action="store_true", help="show matched fact ids and score")
    ask.set_defaults(func=run_ask)
    chat = sub.add_parser("chat", parents=[common], help="interactive console with follow-ups")
    chat.add_argument("--explain", action="store_true", help="show matched fact ids and score")
    chat.set_defaults(func=run_chat)
    diff = sub.add_parser(
        "diff",
        parents=[common],
        help="preview the update subscribed channels will get for a change of the facts",
    )
    diff.add_argument("old", metavar="OLD_DIR", help="the fact files before the change")
    diff.add_argument(
        "new", metavar="NEW_DIR", nargs="?", help="after it (default: the served facts)"
    )
    diff.set_defaults(func=run_diff)
    val = sub.add_parser("validate", parents=[common], help="check every fact file")
    val.set_defaults(func=run_validate)
    chk = sub.add_parser(
        "check", parents=[common], help="validate the facts and run the golden questions"
    )
    chk.add_argument("--golden", metavar="FILE", help="golden table (default: DIR/golden/...)")
    chk.add_argument(
        "--max-age-days",
        type=int,
        default=365,
        help="warn about changeable facts verified longer ago (default 365)",
    )
    chk.add_argument(
        "--show-failures",
        type=int,
        default=20,
        metavar="N",
        help="list up to N failing cases per category",
    )
    chk.add_argument(
        "--update",
        action="store_true",
        help="accept today's answers: write them to the answer lock (golden/answers.lock.json)",
    )
    chk.add_argument(
        "--lock", metavar="FILE", help="answer lock to compare with (default: DIR/golden/...)"
    )
    chk.set_defaults(func=run_check)
    learn = sub.add_parser(
        "learn",
        parents=[common],
        help="fit the reader's kind model on the labelled corpus (needs accords-bot[learn])",
    )
    learn.add_argument(
        "--folds", type=int, default=5, help="cross-validation folds (1: none; default 5)"
    )
    learn.set_defaults(func=run_learn)
    sch = sub.add_parser(
        "schema", parents=[common], help="print the JSON Schema of the fact files (for editors)"
    )
    sch.add_argument("--write", action="store_true", help="write DIR/schema.json")
    sch.add_argument("--check", action="store_true", help="fail if DIR/schema.json is stale")
    sch.set_defaults(func=run_schema)
    gaps = sub.add_parser(
        "gaps", parents=[common], help="group the questions the bot could not answer"
    )
    gaps.add_argument("--log", metavar="FILE", help="log file (default: GAPS_LOG_PATH)")
    gaps.add_argument("--top", type=int, default=20, help="how many groups to show")
    gaps.set_defaults(func=run_gaps)
    disc = sub.add_parser("discord", parents=[common], help="run the Discord bot")
    disc.add_argument("--sync", action="store_true", help="register slash commands and exit")
    disc.add_argument("--guild", type=int, metavar="ID", help="with --sync: one guild only")
    disc.set_defaults(func=_cmd_discord)
    slack = sub.add_parser("slack", parents=[common], help="run the Slack app")
    slack.add_argument("--http", action="store_true", help="serve HTTP instead of Socket Mode")
    slack.set_defaults(func=_cmd_slack)
    run = sub.add_parser(
        "run", parents=[common], help="run the platform whose token is set, else the console chat"
    )
    run.add_argument("--explain", action="store_true", help=argparse.SUPPRESS)
    run.set_defaults(func=_cmd_run)
    _describe(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line and exit with its status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        sys.exit(2)
    try:
        settings = Settings.from_env()
        configure_logging(settings.log_level, settings.log_format)
        if args.command in ("ask", "chat", "check", "validate", "schema", "gaps", "diff"):
            logging.getLogger("bot").setLevel(logging.WARNING)
        out = (
            io.TextIOWrapper(
                sys.stdout.buffer, encoding="utf-8", errors="replace", line_buffering=True
            )
            if hasattr(sys.stdout, "buffer")
            else sys.stdout
        )
        code = args.func(args, settings, out)
        out.flush()
    except KnowledgeErrors as exc:
        for err in exc.errors:
            sys.stderr.write(f"{err}\n")
        sys.exit(1)
    except (ConfigError, MissingExtra) as exc:
        sys.stderr.write(f"accords-bot: {exc}\n")
        sys.exit(2)
    except AccordsBotError as exc:
        sys.stderr.write(f"accords-bot: {exc}\n")
        sys.exit(1)
    sys.exit(code)

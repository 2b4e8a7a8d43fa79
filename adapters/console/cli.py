"""The `accords-bot` command line: ask, chat, validate, check, and the platform runners.

A front end like Discord and Slack, so it lives under `adapters/`. The only module that calls
`sys.exit`. Platform adapters are imported lazily, so the console starts fast and never loads
discord.py or slack-bolt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from adapters.console.render_text import render_text
from bot import wording
from bot.answer import Answer
from bot.config import Settings, describe_knowledge, version
from bot.engine import Engine
from bot.errors import AccordsBotError, ConfigError, KnowledgeErrors
from bot.infra.logsetup import configure_logging
from bot.infra.stores import open_store
from bot.knowledge.models import KnowledgeBase, Member, MemberStatus, Related
from bot.service import ChatService, ServiceLimits
from bot.service.announce import announcement, line_of
from bot.service.statestore import MemoryStore, StateStore

_log = logging.getLogger(__name__)


def _answer_json(answer: Answer) -> str:
    return json.dumps(
        {
            "question": answer.question,
            "status": answer.status.value,
            "answer": answer.text(),
            "score": answer.score,
            "sources": [{"title": s.title, "url": s.url} for s in answer.sources],
            "suggestions": list(answer.suggestions),
            "as_of": answer.as_of,
            "fact_ids": list(answer.fact_ids),
            "intent": answer.intent,
            "claims": [
                {
                    "text": c.text,
                    "fact_id": c.fact_id,
                    "sources": [{"title": s.title, "url": s.url} for s in c.sources],
                }
                for c in answer.claims
            ],
            "more": answer.more,
        },
        ensure_ascii=False,
    )


def _engine(settings: Settings, knowledge: str | None) -> Engine:
    return Engine.from_dir(Path(knowledge) if knowledge else settings.knowledge_dir)


# One person at a keyboard: no rate limit worth the name, and follow-ups kept for the session.
_CONSOLE_LIMITS = ServiceLimits(rate_count=1_000_000, rate_window_s=1.0, conversation_ttl_s=1e9)


def _service(engine: Engine, served: str = "", history: StateStore | None = None) -> ChatService:
    """Return the chat service the console asks through, like every other front end.

    Follow-ups live in memory; /changes reads past announcements from `history` (the bots'
    state store, STATE_URL) when given.
    """
    return ChatService(
        lambda: engine,
        _CONSOLE_LIMITS,
        platform="console",
        served=served,
        store=MemoryStore(),
        history=history,
    )


def _read_lines(stream: TextIO) -> list[str]:
    raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode()
    return raw.decode("utf-8", errors="replace").splitlines()


def _cmd_ask(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    service = _service(_engine(settings, args.knowledge))
    if args.question == ["-"]:
        for number, line in enumerate(_read_lines(sys.stdin)):
            # A conversation per line: batch answers carry no state from one line to the next.
            answer = service.ask(f"console:batch:{number}", "console", line)
            out.write((_answer_json(answer) if args.json else render_text(answer)) + "\n")
        return 0
    question = " ".join(args.question)
    answer = service.ask("console", "console", question)
    if args.json:
        out.write(_answer_json(answer) + "\n")
    elif args.full and answer.more:
        out.write(answer.more + "\n")
    else:
        out.write(render_text(answer, explain=args.explain) + "\n")
    return 0


def _cmd_chat(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    engine = _engine(settings, args.knowledge)
    served = wording.served_base(describe_knowledge(_folder(args, settings)), version())
    service = _service(engine, served, open_store(settings.state_url, create=False))
    out.write(wording.console_greeting(engine.kb.as_of) + "\n")
    last: Answer | None = None
    while True:
        try:
            out.write("> ")
            out.flush()
            line = sys.stdin.readline()
        except (KeyboardInterrupt, UnicodeDecodeError):
            out.write("\n")
            if isinstance(sys.exc_info()[1], KeyboardInterrupt):
                return 0
            continue
        if not line:
            out.write("\n")
            return 0
        line = line.strip()
        if line in ("/quit", "/exit", "quit", "exit"):
            return 0
        if line.lower() in ("more", "/more"):  # the whole record behind the last short answer
            out.write((last.more if last and last.more else wording.NO_MORE) + "\n")
            continue
        name, argument = ("ask", line)
        if line.startswith("/"):
            name, _, argument = line[1:].partition(" ")
        answer = service.command("console", "console", name, argument)
        last = answer
        out.write(render_text(answer, explain=args.explain) + "\n")


def _folder(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.knowledge) if args.knowledge else settings.knowledge_dir


def _load_or_report(folder: Path) -> KnowledgeBase | None:
    """Load the facts, or print every problem as file:line:col and return None."""
    from bot.knowledge import load_knowledge

    try:
        return load_knowledge(folder)
    except KnowledgeErrors as exc:
        for err in exc.errors:
            sys.stderr.write(f"{err}\n")
        sys.stderr.write(f"{len(exc.errors)} problem(s) found.\n")
        return None


def _cmd_diff(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Print what subscribed channels will be sent for the change from OLD_DIR to NEW_DIR."""
    from bot.changes import compare_bases

    new_dir = Path(args.new) if args.new else _folder(args, settings)
    old = _load_or_report(Path(args.old))
    new = _load_or_report(new_dir)
    if old is None or new is None:
        return 1
    changes = compare_bases(old, new)
    if not changes:
        out.write(wording.NO_VISIBLE_CHANGES + "\n")
        return 0
    post = announcement(changes, new, new.content_hash)
    out.write(render_text(post) + "\n")
    if post.suggestions:  # shortened: the More button shows the whole list
        full = replace(post, body="\n".join(line_of(c) for c in changes), suggestions=())
        out.write(f"\n{wording.MORE_LABEL}:\n{render_text(full)}\n")
    return 0


def _cmd_validate(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    folder = _folder(args, settings)
    kb = _load_or_report(folder)
    if kb is None:
        return 1
    counts = (
        f"{len(kb.files)} files, {len(kb.members)} members, {len(kb.related)} related, "
        f"{len(kb.people)} people, {len(kb.events)} events, {len(kb.topics)} topics, "
        f"{len(kb.arguments)} arguments"
    )
    out.write(
        f"OK: {counts}; as of {kb.as_of}; version {kb.content_hash}; "
        f"{describe_knowledge(folder)} fact base\n"
    )
    return 0


def _stale(kb: KnowledgeBase, today: dt.date, max_age_days: int) -> list[str]:
    """Return warnings for facts whose status can change and were checked too long ago."""
    out = []
    records: list[Member | Related] = [
        *kb.members,
        *(r for r in kb.related if r.status is not MemberStatus.SEPARATE_AGREEMENT),
    ]
    for rec in records:
        v = rec.provenance.verified_on
        checked = dt.date(v.year, v.month or 1, v.day or 1)
        age = (today - checked).days
        if age > max_age_days:
            out.append(
                f"{rec.provenance.file}:{rec.provenance.line}:1: warning: {rec.id!r} "
                f"({rec.status.label}) was last verified {age} days ago"
            )
    return out


def _cmd_check(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from bot.golden import all_pass, load_golden, run_golden, summary_lines

    folder = _folder(args, settings)
    kb = _load_or_report(folder)
    if kb is None:
        return 1
    out.write(
        f"validate: OK ({describe_knowledge(folder)}, {len(kb.files)} files, "
        f"version {kb.content_hash})\n"
    )
    for warning in _stale(kb, dt.date.today(), args.max_age_days):
        out.write(warning + "\n")
    # The main table and one per language (lang-*.yaml), each category against its bar.
    tables = (
        [Path(args.golden)]
        if args.golden
        else [folder / "golden" / "questions.yaml", *sorted(folder.glob("golden/lang-*.yaml"))]
    )
    for table in tables:
        if not table.is_file():
            sys.stderr.write(f"{table}: golden question table not found\n")
            return 1
    results = run_golden(Engine(kb), [case for t in tables for case in load_golden(t)])
    out.write("golden questions by category:\n")
    for line in summary_lines(results):
        out.write(f"  {line}\n")
    for name, result in results.items():
        for failure in result.failures[: args.show_failures]:
            out.write(f"  {name}: {failure}\n")
    ok = all_pass(results)
    out.write("check: OK\n" if ok else "check: FAILED (a category is below its bar)\n")
    return 0 if ok else 1


def _cmd_schema(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from bot.knowledge.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    target = _folder(args, settings) / "schema.json"
    if args.write:
        target.write_text(text, encoding="utf-8")
        out.write(f"wrote {target}\n")
        return 0
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            sys.stderr.write(f"{target}: out of date; run accords-bot schema --write\n")
            return 1
        out.write(f"{target}: up to date\n")
        return 0
    out.write(text)
    return 0


def _cmd_gaps(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from bot.infra.gaps import group_gaps, read_gaps

    path = Path(args.log) if args.log else settings.gaps_log
    if path is None:
        sys.stderr.write("the unanswered-questions log is turned off (GAPS_LOG=off)\n")
        return 1
    entries = read_gaps(path)
    if not entries:
        out.write(f"no unanswered questions logged in {path}\n")
        return 0
    groups = group_gaps(str(e["question"]) for e in entries)
    out.write(f"{len(entries)} unanswered questions in {len(groups)} groups ({path}):\n")
    for group in groups[: args.top]:
        variants = "; ".join(v for v in group.variants if v != group.example)[:200]
        out.write(
            f"{group.count:>5}  {group.example}"
            + (f"   [also: {variants}]" if variants else "")
            + "\n"
        )
    return 0


def _with_knowledge(args: argparse.Namespace, settings: Settings) -> Settings:
    """Apply `--knowledge DIR` to the settings the platform runners read."""
    return replace(settings, knowledge_dir=Path(args.knowledge)) if args.knowledge else settings


def _cmd_discord(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    settings = _with_knowledge(args, settings)
    settings.require("DISCORD_TOKEN")
    from adapters.discord_bot import run

    return run(settings, sync=args.sync, guild_id=args.guild)


def _cmd_slack(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    settings = _with_knowledge(args, settings)
    if args.http:
        settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    else:
        settings.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
    from adapters.slack_bot import run

    return run(settings, http=args.http)


def _cmd_run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Start whatever platform has a token; the console chat when none has."""
    if settings.discord_token:
        args.sync, args.guild = False, None
        return _cmd_discord(args, settings, out)
    if settings.slack_bot_token:
        args.http = settings.slack_app_token is None
        return _cmd_slack(args, settings, out)
    logging.getLogger("bot").setLevel(logging.WARNING)  # the console shows answers, not logs
    return _cmd_chat(args, settings, out)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of `accords-bot`."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge",
        metavar="DIR",
        help="fact files to use (default: KNOWLEDGE_DIR or the shipped ones)",
    )
    parser = argparse.ArgumentParser(
        prog="accords-bot",
        parents=[common],
        description="Answers questions about the Abraham Accords from a sourced fact base.",
    )
    parser.add_argument("--version", action="version", version=f"accords-bot {version()}")
    sub = parser.add_subparsers(dest="command")
    ask = sub.add_parser("ask", parents=[common], help="answer one question")
    ask.add_argument("question", nargs="+", help="the question, or - to read one per line")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument("--full", action="store_true", help="print the whole record behind the answer")
    ask.add_argument("--explain", action="store_true", help="show matched fact ids and score")
    ask.set_defaults(func=_cmd_ask)
    chat = sub.add_parser("chat", parents=[common], help="interactive console with follow-ups")
    chat.add_argument("--explain", action="store_true", help="show matched fact ids and score")
    chat.set_defaults(func=_cmd_chat)
    diff = sub.add_parser(
        "diff",
        parents=[common],
        help="preview the update subscribed channels will get for a change of the facts",
    )
    diff.add_argument("old", metavar="OLD_DIR", help="the fact files before the change")
    diff.add_argument(
        "new", metavar="NEW_DIR", nargs="?", help="after it (default: the served facts)"
    )
    diff.set_defaults(func=_cmd_diff)
    val = sub.add_parser("validate", parents=[common], help="check every fact file")
    val.set_defaults(func=_cmd_validate)
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
    chk.set_defaults(func=_cmd_check)
    sch = sub.add_parser(
        "schema", parents=[common], help="print the JSON Schema of the fact files (for editors)"
    )
    sch.add_argument("--write", action="store_true", help="write DIR/schema.json")
    sch.add_argument("--check", action="store_true", help="fail if DIR/schema.json is stale")
    sch.set_defaults(func=_cmd_schema)
    gaps = sub.add_parser(
        "gaps", parents=[common], help="group the questions the bot could not answer"
    )
    gaps.add_argument("--log", metavar="FILE", help="log file (default: GAPS_LOG_PATH)")
    gaps.add_argument("--top", type=int, default=20, help="how many groups to show")
    gaps.set_defaults(func=_cmd_gaps)
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
    except ConfigError as exc:
        sys.stderr.write(f"accords-bot: {exc}\n")
        sys.exit(2)
    except AccordsBotError as exc:
        sys.stderr.write(f"accords-bot: {exc}\n")
        sys.exit(1)
    sys.exit(code)

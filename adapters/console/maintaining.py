"""The maintainers' commands: `validate`, `check`, `diff`, `schema` and `gaps`.

Each loads the fact files (printing every problem as path:line:col), reports on them, and
returns an exit status for `adapters.console.cli` to exit with.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from adapters.console.locking import check_lock
from adapters.console.render_text import render_text
from bot import wording
from bot.config import Settings, describe_knowledge
from bot.engine import Engine
from bot.errors import KnowledgeErrors
from bot.infra.reload import accept_version
from bot.knowledge.consistency import load_status_phrases, stale_statements
from bot.knowledge.models import KnowledgeBase, Member, MemberStatus, Related
from bot.service.announce import announcement, line_of


def knowledge_folder(args: argparse.Namespace, settings: Settings) -> Path:
    """Return the fact folder: `--knowledge DIR`, else the configured one."""
    return Path(args.knowledge) if args.knowledge else settings.knowledge_dir


def load_or_report(folder: Path) -> KnowledgeBase | None:
    """Load the facts, or print every problem as file:line:col and return None."""
    from bot.knowledge import load_knowledge

    try:
        return load_knowledge(folder)
    except KnowledgeErrors as exc:
        for err in exc.errors:
            sys.stderr.write(f"{err}\n")
        sys.stderr.write(f"{len(exc.errors)} problem(s) found.\n")
        return None


def run_diff(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Print what subscribed channels will be sent for the change from OLD_DIR to NEW_DIR."""
    from bot.service.changes import compare_bases

    new_dir = Path(args.new) if args.new else knowledge_folder(args, settings)
    old = load_or_report(Path(args.old))
    new = load_or_report(new_dir)
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


def run_validate(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Load every fact file and print what they hold, or every problem found."""
    folder = knowledge_folder(args, settings)
    kb = load_or_report(folder)
    if kb is None:
        return 1
    from adapters.console.learning import corpus_size_or_report

    labelled = corpus_size_or_report(folder, kb)
    if labelled is None:
        return 1
    counts = (
        f"{len(kb.files)} files, {len(kb.members)} members, {len(kb.related)} related, "
        f"{len(kb.people)} people, {len(kb.events)} events, {len(kb.topics)} topics, "
        f"{len(kb.arguments)} arguments, {len(kb.findings)} findings, "
        f"{labelled} labelled questions"
    )
    out.write(
        f"OK: {counts}; as of {kb.as_of}; version {kb.content_hash}; "
        f"{describe_knowledge(folder)} fact base\n"
    )
    # Confirms this version to the running bots: a reload of it that was held as a likely
    # accident (a file gone, many records removed) is served now (bot.infra.reload).
    accept_version(folder, kb.content_hash)
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


def run_check(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Validate the facts, warn about stale ones, and run the golden question tables."""
    folder = knowledge_folder(args, settings)
    kb = load_or_report(folder)
    if kb is None:
        return 1
    out.write(
        f"validate: OK ({describe_knowledge(folder)}, {len(kb.files)} files, "
        f"version {kb.content_hash})\n"
    )
    if not _warnings(args, folder, kb, out):
        return 1
    tables = _tables(args, folder)
    if tables is None:
        return 1
    verdicts = _golden(args, folder, kb, tables, out)
    from adapters.console.learning import check_model

    verdicts.append(("the kind model", check_model(folder, kb, out)))
    failed = [why for why, ok in verdicts if not ok]
    out.write(f"check: FAILED ({failed[0]})\n" if failed else "check: OK\n")
    return 1 if failed else 0


def _warnings(args: argparse.Namespace, folder: Path, kb: KnowledgeBase, out: TextIO) -> bool:
    """Print the stale-fact and stale-status warnings; False when the phrase file is broken."""
    for warning in _stale(kb, dt.date.today(), args.max_age_days):
        out.write(warning + "\n")
    try:  # texts that still state a status a member no longer has
        phrases = load_status_phrases(folder)
    except KnowledgeErrors as exc:
        for err in exc.errors:
            sys.stderr.write(f"{err}\n")
        return False
    for statement in stale_statements(kb, folder, phrases):
        out.write(f"{statement}\n")
    return True


def _tables(args: argparse.Namespace, folder: Path) -> list[Path] | None:
    """Return the golden tables to run: the main one and one per language, or --golden."""
    tables = (
        [Path(args.golden)]
        if args.golden
        else [folder / "golden" / "questions.yaml", *sorted(folder.glob("golden/lang-*.yaml"))]
    )
    for table in tables:
        if not table.is_file():
            sys.stderr.write(f"{table}: golden question table not found\n")
            return None
    return tables


def _golden(
    args: argparse.Namespace, folder: Path, kb: KnowledgeBase, tables: list[Path], out: TextIO
) -> list[tuple[str, bool]]:
    """Run the golden tables against their bars and the answer lock; return the verdicts."""
    from bot.quality.golden import all_pass, load_golden, run_golden, summary_lines

    engine = Engine(kb)
    cases = {table.name: load_golden(table) for table in tables}
    results = run_golden(engine, [case for t in cases.values() for case in t])
    out.write("golden questions by category:\n")
    for line in summary_lines(results):
        out.write(f"  {line}\n")
    for name, result in results.items():
        for failure in result.failures[: args.show_failures]:
            out.write(f"  {name}: {failure}\n")
    lock = _lock_path(args, folder)
    held = lock is None or check_lock(lock, engine, cases, update=args.update, out=out)
    return [
        ("a category is below its bar", all_pass(results)),
        ("an answer got worse than the lock; see above", held),
    ]


def _lock_path(args: argparse.Namespace, folder: Path) -> Path | None:
    """Return the answer lock to compare with: `--lock FILE`, else the tables' own lock
    (none for a table given with `--golden`)."""
    from bot.quality.golden_lock import LOCK_NAME

    if args.lock:
        return Path(args.lock)
    return None if args.golden else folder / "golden" / LOCK_NAME


def run_schema(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Print, write or check the JSON Schema of the fact files."""
    from bot.knowledge.schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    target = knowledge_folder(args, settings) / "schema.json"
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


def run_gaps(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Group the logged questions the bot could not answer, most asked first."""
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

"""Fact reloads that look like accidents are held, and the fact base validates itself whole.

Real files in a copy of the shipped fact base: emptied, deleted, replaced by broken links,
link loops and FIFOs, and a reload removing most of the timeline. Then what the channels are
told about a deliberate removal and its revert.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answer import Answer
from bot.errors import KnowledgeErrors
from bot.infra.reload import ACCEPTED_FILE, KnowledgeHolder, ReloadResult, watch
from bot.knowledge import load_knowledge
from bot.service.announce import Announcer, Outcome, Posted, recent_changes_answer
from bot.service.statestore import MemoryStore, Subscription
from tests.helpers import errors_logged

REPO = Path(__file__).resolve().parents[2]
CLI = "from adapters.console.cli import main; main()"


def _errors(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeErrors) as info:
        load_knowledge(folder)
    return [str(e) for e in info.value.errors]


def _remove_on_purpose(folder: Path, name: str) -> None:
    """Delete a fact file the way a maintainer means it: out of the manifest too."""
    manifest = folder / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert f"    - {name}\n" in text, f"the frozen manifest does not list {name}"
    manifest.write_text(text.replace(f"    - {name}\n", ""), encoding="utf-8")
    (folder / name).unlink()


@pytest.mark.parametrize("name", ["members.yaml", "timeline.yaml", "critiques.yaml", "topics.yaml"])
def test_an_empty_fact_file_is_an_error_naming_it(knowledge_copy: Path, name: str) -> None:
    """An emptied fact file is reported first by its own name, not only through the records
    other files can no longer find."""
    (knowledge_copy / name).write_text("# emptied by accident\n", encoding="utf-8")
    errors = _errors(knowledge_copy)
    assert f"knowledge/{name}:1:1: the file is empty" in errors[0], errors[0]


def test_a_broken_link_a_loop_and_a_fifo_are_errors_naming_them(knowledge_copy: Path) -> None:
    """Fact or language files that are not regular files (a broken link, a loop, a FIFO, a
    link to a device) are reported, never skipped, and a FIFO is never opened (no hang)."""
    (knowledge_copy / "topics.yaml").unlink()
    (knowledge_copy / "topics.yaml").symlink_to(knowledge_copy / "nowhere.yaml")
    (knowledge_copy / "loop.yaml").symlink_to(knowledge_copy / "loop.yaml")
    os.mkfifo(knowledge_copy / "pipe.yaml")
    (knowledge_copy / "lang" / "fr.yaml").unlink()
    os.mkfifo(knowledge_copy / "lang" / "fr.yaml")
    (knowledge_copy / "lang" / "de.yaml").unlink()
    (knowledge_copy / "lang" / "de.yaml").symlink_to("/dev/null")
    errors = "\n".join(_errors(knowledge_copy))
    assert re.search(r"knowledge/topics\.yaml:1:1: cannot read file", errors)
    assert re.search(r"knowledge/loop\.yaml:1:1: cannot read file", errors)
    assert "knowledge/pipe.yaml:1:1: not a regular file" in errors
    assert "knowledge/lang/fr.yaml:1:1: not a regular file" in errors
    assert "knowledge/lang/de.yaml:1:1: not a regular file" in errors


def test_an_empty_language_file_is_an_error_not_a_dropped_language(knowledge_copy: Path) -> None:
    """An emptied language file fails validation instead of silently losing the language."""
    (knowledge_copy / "lang" / "de.yaml").write_text("", encoding="utf-8")
    assert any(
        "knowledge/lang/de.yaml:1:1: the file is empty" in e for e in _errors(knowledge_copy)
    )


def test_an_empty_file_in_a_live_reload_is_refused_and_named(knowledge_copy: Path) -> None:
    """A reload over an emptied timeline.yaml is refused with that file named; the old facts
    keep serving."""
    holder = KnowledgeHolder(knowledge_copy)
    before = holder.engine().kb.content_hash
    (knowledge_copy / "timeline.yaml").write_text("", encoding="utf-8")
    with errors_logged() as errors:
        result = holder.reload()
    assert not result.swapped and holder.engine().kb.content_hash == before
    assert any("timeline.yaml" in m for m in errors.messages())


def test_a_deleted_fact_file_is_held_until_validate_confirms_it(knowledge_copy: Path) -> None:
    """Deleting analysis.yaml on purpose (taken out of the manifest too) is held with one
    ERROR line; after `accords-bot validate` on the folder the same reload goes through."""
    holder = KnowledgeHolder(knowledge_copy)
    before = holder.engine().kb
    _remove_on_purpose(knowledge_copy, "analysis.yaml")
    with errors_logged() as errors:
        held = holder.reload()
    assert not held.swapped and holder.engine().kb is before
    assert [m for m in errors.messages() if "held" in m] == errors.messages()
    assert "analysis.yaml of the served facts is gone" in errors.messages()[0]
    validate = _validate(knowledge_copy)
    assert validate.returncode == 0, validate.stderr
    confirmed = holder.reload()
    assert confirmed.swapped and not holder.engine().kb.findings


def test_a_required_file_deleted_in_a_live_reload_is_refused_by_name(
    knowledge_copy: Path,
) -> None:
    """Deleting timeline.yaml (the manifest lists it) is not a change to serve: the reload is
    refused with one line naming the file, and all its events keep being answered."""
    holder = KnowledgeHolder(knowledge_copy)
    events = len(holder.engine().kb.events)
    (knowledge_copy / "timeline.yaml").unlink()
    with errors_logged() as errors:
        result = holder.reload()
    assert not result.swapped and events > 50 and len(holder.engine().kb.events) == events
    assert (
        len(result.errors) == 1
        and "timeline.yaml:1:1: missing: manifest.yaml" in (result.errors[0])
    )
    assert any("timeline.yaml" in m for m in errors.messages())


def test_a_deleted_manifest_is_held_until_validate_confirms_it(knowledge_copy: Path) -> None:
    """Without manifest.yaml no file is required any more: its disappearance is held like a
    removal, until validate confirms it."""
    holder = KnowledgeHolder(knowledge_copy)
    before = holder.engine().kb
    (knowledge_copy / "manifest.yaml").unlink()
    with errors_logged() as errors:
        held = holder.reload()
    assert not held.swapped and holder.engine().kb is before
    assert "manifest.yaml of the served facts is gone" in errors.messages()[0]
    assert _validate(knowledge_copy).returncode == 0
    assert holder.reload().swapped


def _validate(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLI, "validate", "--knowledge", str(folder)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )


def test_a_reload_removing_over_a_quarter_of_the_records_is_held(knowledge_copy: Path) -> None:
    """A timeline cut to its first ten events (over 60 of its events gone) is held; a restart (a
    new holder) serves it, as a deliberate removal should be."""
    timeline = knowledge_copy / "timeline.yaml"
    text = timeline.read_text(encoding="utf-8")
    holder = KnowledgeHolder(knowledge_copy)
    events = len(holder.engine().kb.events)
    timeline.write_text(_first_events(text, 10, knowledge_copy), encoding="utf-8")
    with errors_logged() as errors:
        result = holder.reload()
    assert not result.swapped and events > 60 and len(holder.engine().kb.events) == events
    total = len(holder.engine().kb.records)
    assert f"it would remove {events - 10} of {total} records" in errors.messages()[0]
    assert len(KnowledgeHolder(knowledge_copy).engine().kb.events) == 10


def _first_events(text: str, count: int, folder: Path) -> str:
    """Return timeline.yaml with only its first `count` events and the sources they cite."""
    starts = [m.start() for m in re.finditer(r"(?m)^  - id: ", text)]
    cut = text[: starts[count]]
    (folder / "timeline.yaml").write_text(cut, encoding="utf-8")
    unused = {
        int(str(e).split(":")[1])
        for e in _errors(folder)
        if "is declared but no claim cites it" in str(e)
    }
    return "".join(line for n, line in enumerate(cut.splitlines(True), 1) if n not in unused)


async def test_the_watcher_sees_validate_confirm_a_held_reload(knowledge_copy: Path) -> None:
    """Writing the accepted version (what validate does) is itself a change the watcher
    notices: the held removal is then served without a restart or SIGHUP."""
    holder = KnowledgeHolder(knowledge_copy)
    results: list[ReloadResult] = []
    stop = asyncio.Event()
    task = asyncio.create_task(
        watch(holder, poll_s=0.05, quiet_s=0.1, on_result=results.append, stop=stop)
    )
    try:
        await asyncio.sleep(0.1)
        _remove_on_purpose(knowledge_copy, "analysis.yaml")
        async with asyncio.timeout(5):
            while not results:
                await asyncio.sleep(0.05)
        assert not results[0].swapped
        new_hash = load_knowledge(knowledge_copy).content_hash
        (knowledge_copy / ACCEPTED_FILE).write_text(new_hash + "\n", encoding="utf-8")
        async with asyncio.timeout(5):
            while holder.engine().kb.content_hash != new_hash:
                await asyncio.sleep(0.05)
    finally:
        stop.set()
        await task


async def test_a_revert_is_announced_and_changes_shows_what_is_true_now(
    knowledge_copy: Path,
) -> None:
    """A deliberate removal is announced, and so is putting it back (it is not an "older
    version"); /changes then leads with the restored records."""
    store = MemoryStore()
    posts: list[Answer] = []

    async def post(sub: Subscription, answer: Answer) -> Posted:
        posts.append(answer)
        return Posted(Outcome.SENT)

    announcer = Announcer(store, "slack", post)
    full = load_knowledge(knowledge_copy)
    await announcer.announce(full)
    assert await store.subscribe("slack:T:C1", "slack", "C1", 0.0, 1)
    _remove_on_purpose(knowledge_copy, "analysis.yaml")
    cut = load_knowledge(knowledge_copy)
    first = await announcer.announce(cut, full.content_hash)
    again = await announcer.announce(full, cut.content_hash)
    assert (first.sent, again.sent) == (1, 1)
    assert "removed:" in posts[0].body and "removed:" not in posts[1].body
    assert "new:" in posts[1].body
    listed = recent_changes_answer(await store.recent_changes(3), full).body
    assert "new:" in listed
    assert "removed:" not in listed  # the removals were undone: /changes shows what is true now
    # An old process that never served the newer version does not undo it.
    assert (await announcer.announce(cut)).sent == 0

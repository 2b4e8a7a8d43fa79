"""The maintainers' loop in the core: live reload, the editor schema, the unanswered log."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.answer import Status
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.infra.gaps import GapLog, group_gaps, read_gaps
from bot.infra.reload import KnowledgeHolder, ReloadResult, watch
from bot.knowledge.schema import json_schema
from bot.service import ChatService, ServiceLimits
from tests.helpers import facts_engine

MOROCCO_DETAIL = "Donald Trump announced the deal on Twitter"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _morocco_marker(holder: KnowledgeHolder) -> str:
    return holder.engine().ask("how did morocco join").answer.body


def test_schema_file_is_generated_from_the_loader_definitions() -> None:
    """knowledge/schema.json equals what the loader's shapes generate (no drift)."""
    shipped = json.loads((DEFAULT_KNOWLEDGE_DIR / "schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema()


def test_every_fact_file_validates_against_the_schema_and_references_it() -> None:
    """Each YAML file names the schema for editors and passes it."""
    schema = json_schema()
    files = sorted(DEFAULT_KNOWLEDGE_DIR.glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=schema.json"), path.name
        jsonschema.validate(yaml.load(text, Loader=yaml.BaseLoader), schema)


def test_schema_and_loader_reject_the_same_mistake() -> None:
    """An unknown status is refused by the schema as by the loader."""
    doc = yaml.load(
        (DEFAULT_KNOWLEDGE_DIR / "members.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader
    )
    doc["members"][0]["status"] = "joined"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, json_schema())


def test_valid_edit_is_served_and_invalid_edit_keeps_the_last_good_base(
    knowledge_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A valid edit is served; a broken one is refused with file:line:col, old answers stay."""
    holder = KnowledgeHolder(knowledge_copy)
    old_hash = holder.engine().kb.content_hash
    _edit(knowledge_copy / "members.yaml", MOROCCO_DETAIL, "MARKER-NEW " + MOROCCO_DETAIL)
    result = holder.reload()
    assert result.swapped and result.content_hash != old_hash
    assert "MARKER-NEW" in _morocco_marker(holder)
    _edit(knowledge_copy / "members.yaml", "status: stalled", "status: sort-of")
    with caplog.at_level(logging.ERROR, logger="bot.reload"):
        refused = holder.reload()
    assert not refused.swapped
    assert any("knowledge/members.yaml:" in e and "sort-of" in e for e in refused.errors)
    assert any("members.yaml:" in r.getMessage() for r in caplog.records)
    assert "MARKER-NEW" in _morocco_marker(holder)
    assert holder.engine().ask("is sudan a member").answer.status is Status.ANSWERED


async def _run_watch(
    holder: KnowledgeHolder, action: object, wait_for: float = 6.0
) -> list[ReloadResult]:
    results: list[ReloadResult] = []
    stop = asyncio.Event()
    task = asyncio.create_task(
        watch(holder, poll_s=0.05, quiet_s=0.2, on_result=results.append, stop=stop)
    )
    try:
        await asyncio.sleep(0.15)
        await asyncio.to_thread(action)  # type: ignore[arg-type]
        deadline = time.monotonic() + wait_for
        while not results and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # any further reload would show up here
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=5)
    return results


async def test_watcher_reloads_an_edit_within_bounded_time(knowledge_copy: Path) -> None:
    """The watcher notices a saved edit and serves it within a few seconds."""
    holder = KnowledgeHolder(knowledge_copy)
    start = time.monotonic()
    results = await _run_watch(
        holder,
        lambda: _edit(
            knowledge_copy / "members.yaml", MOROCCO_DETAIL, "MARKER-W " + MOROCCO_DETAIL
        ),
    )
    assert results and results[0].swapped
    assert time.monotonic() - start < 6
    assert "MARKER-W" in _morocco_marker(holder)


async def test_burst_of_saves_causes_few_reloads(knowledge_copy: Path) -> None:
    """Twenty saves in a second lead to a bounded number of reloads, ending on the last save."""
    holder = KnowledgeHolder(knowledge_copy)
    path = knowledge_copy / "members.yaml"
    original = path.read_text(encoding="utf-8")

    def burst() -> None:
        for i in range(20):
            path.write_text(
                original.replace(MOROCCO_DETAIL, f"SAVE-{i} {MOROCCO_DETAIL}", 1), encoding="utf-8"
            )
            time.sleep(0.05)

    results = await _run_watch(holder, burst)
    assert 1 <= holder.reloads <= 3, holder.reloads
    assert "SAVE-19" in _morocco_marker(holder)
    assert results


async def test_delete_recreate_and_rename_behave(knowledge_copy: Path) -> None:
    """A file deleted and recreated, or renamed, ends with the base served as it should."""
    holder = KnowledgeHolder(knowledge_copy)
    people = knowledge_copy / "people.yaml"
    saved = people.read_text(encoding="utf-8")

    def delete_and_recreate() -> None:
        people.unlink()
        time.sleep(0.02)
        people.write_text(
            saved.replace("Senior White House adviser", "MARKER-P adviser"), encoding="utf-8"
        )

    await _run_watch(holder, delete_and_recreate)
    assert "MARKER-P" in holder.engine().ask("who is kushner").answer.body

    def rename() -> None:
        people.rename(knowledge_copy / "people-renamed.yaml")

    await _run_watch(holder, rename, wait_for=2.0)
    assert "MARKER-P" in holder.engine().ask("who is kushner").answer.body


def test_questions_during_reloads_never_see_a_mixed_or_empty_base(knowledge_copy: Path) -> None:
    """While reloads swap two versions, every answer comes whole from one of them."""
    holder = KnowledgeHolder(knowledge_copy)
    path = knowledge_copy / "members.yaml"
    original = path.read_text(encoding="utf-8")
    versions = {
        "A": original.replace(MOROCCO_DETAIL, "VERSION-A " + MOROCCO_DETAIL, 1).replace(
            "status: stalled", "status: stalled", 1
        ),
        "B": original.replace(MOROCCO_DETAIL, "VERSION-B " + MOROCCO_DETAIL, 1),
    }
    path.write_text(versions["A"], encoding="utf-8")
    holder.reload()
    stop = threading.Event()
    failures: list[str] = []
    answered = 0

    def ask_forever() -> None:
        nonlocal answered
        while not stop.is_set():
            engine = holder.engine()
            answer = engine.ask("how did morocco join").answer
            members = engine.run_command("members").answer
            marks = [v for v in "AB" if f"VERSION-{v}" in answer.body]
            if answer.status is not Status.ANSWERED or len(marks) != 1:
                failures.append(answer.body[:80])
            if len(members.fact_ids) != 5:
                failures.append("members list changed size")
            answered += 1

    thread = threading.Thread(target=ask_forever)
    thread.start()
    try:
        for i in range(8):
            path.write_text(versions["B" if i % 2 == 0 else "A"], encoding="utf-8")
            holder.reload()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not failures, failures[:3]
    assert answered > 10


def test_gap_log_keeps_no_ids_and_stays_under_its_cap(tmp_path: Path) -> None:
    """Unanswered questions are logged without user or channel ids, and the file stays capped."""
    log = GapLog(tmp_path / "gaps.jsonl", max_bytes=8192)
    service = ChatService(
        facts_engine, ServiceLimits(rate_count=10_000), platform="discord", gap_log=log
    )
    for i in range(400):
        service.ask("discord:998877:112233", "discord:112233", f"what is the weather {i}")
    service.ask("discord:998877:112233", "discord:112233", "when did morocco join")
    text = (tmp_path / "gaps.jsonl").read_text(encoding="utf-8")
    assert "998877" not in text and "112233" not in text
    assert (tmp_path / "gaps.jsonl").stat().st_size <= 8192
    entries = read_gaps(tmp_path / "gaps.jsonl")
    assert entries and all(e["platform"] == "discord" for e in entries)
    assert all("morocco join" not in str(e["question"]) for e in entries)
    assert set(entries[-1]) == {"time", "platform", "status", "question", "candidates"}


def test_gap_log_can_be_turned_off() -> None:
    """GAPS_LOG=off turns the log off in the settings."""
    from bot.config import Settings

    assert Settings.from_env({"GAPS_LOG": "off"}).gaps_log is None
    assert Settings.from_env({}).gaps_log is not None


def test_gaps_groups_typos_and_paraphrases() -> None:
    """Typos join their originals and paraphrases join each other; counts come first."""
    questions = [
        "does israel have an embassy in kazakhstan",
        "does israel have an embasy in kazakhstan",
        "is there an israeli embassy in kazakhstan?",
        "what is the weather in rabat",
        "whats the weather in rabat",
        "who invented hummus",
    ]
    groups = group_gaps(questions)
    assert groups[0].count == 3
    assert "embassy" in groups[0].example or "embasy" in groups[0].example
    assert any(g.count == 2 and "weather" in g.example for g in groups)
    assert sum(g.count for g in groups) == len(questions)

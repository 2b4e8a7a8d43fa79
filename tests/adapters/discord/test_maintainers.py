"""The maintainers' loop on Discord, end to end: live facts and the wrong-fact report.

The real discord.py client and the real core run against the local fake Discord (nothing
leaves 127.0.0.1). Facts are edited in a temporary copy of knowledge/; reports go to a log in
a temporary directory.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from adapters.discord_bot.reporting import REPORT_FORM_PREFIX, REPORT_PREFIX
from adapters.discord_bot.text import escape
from bot.config import Settings
from bot.infra.gaps import read_gaps
from bot.infra.reload import watch
from bot.infra.reportlog import read_reports
from bot.infra.runtime import build_runtime
from tests.fakes.discord_harness import running_bot
from tests.fakes.discord_server import (
    FLAG_EPHEMERAL,
    JSON,
    MODAL_SUBMIT,
    FakeDiscord,
    FakeInteraction,
    pings,
)
from tests.helpers import FACTS_DIR, facts_engine, until

NO_PINGS: JSON = {"parse": []}
MOROCCO_DETAIL = "Donald Trump announced the deal on Twitter"  # a phrase in members.yaml
RELOAD_TIMEOUT_S = 5.0


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _buttons(body: JSON) -> list[JSON]:
    """Return every button of an interaction callback's (or a message's) components."""
    data = body.get("data", body)
    return [b for row in data.get("components") or [] for b in row["components"]]


def _report_button(body: JSON) -> JSON:
    (button,) = [b for b in _buttons(body) if b["custom_id"].startswith(REPORT_PREFIX)]
    return button


def _shown(body: JSON) -> str:
    """Return the text of an answer's embeds (titles, descriptions, fields)."""
    parts = []
    for embed in body["data"]["embeds"]:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
    return "\n".join(parts)


async def test_edited_fact_is_answered_live_and_a_broken_edit_is_refused(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    """The running bot answers from an edited fact file within seconds, logs what it cannot
    answer, and keeps the last good facts when an edit breaks the files."""
    settings = Settings(
        discord_token=FakeDiscord.TOKEN,
        knowledge_dir=knowledge_copy,
        rate_limit_count=1000,
        gaps_log=tmp_path / "gaps.jsonl",
        reports_log=tmp_path / "reports.jsonl",
    )
    runtime = build_runtime(settings, "discord")
    holder = runtime.knowledge
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch(holder, poll_s=0.05, quiet_s=0.1, stop=stop))
    try:
        async with running_bot(
            service=runtime.service, settings=settings, reports=runtime.reports
        ) as bot:

            async def ask(question: str) -> JSON:
                return await bot.answer(await bot.fake.slash("ask", {"question": question}))

            before = await ask("How did Morocco join?")
            assert "MARKER-NEW" not in _shown(before)
            old_version = holder.engine().kb.content_hash
            assert old_version in _report_button(before)["custom_id"]

            _edit(knowledge_copy / "members.yaml", MOROCCO_DETAIL, "MARKER-NEW " + MOROCCO_DETAIL)
            await until(lambda: holder.engine().kb.content_hash != old_version, "the reload")
            after = await ask("How did Morocco join?")
            new_version = holder.engine().kb.content_hash
            assert "MARKER-NEW" in _shown(after)
            assert new_version in _report_button(after)["custom_id"]
            about = await bot.answer(await bot.fake.slash("about"))
            assert f"knowledge version {new_version}" in _shown(about)

            attempts = holder.reloads
            _edit(knowledge_copy / "members.yaml", "status: stalled", "status: sort-of")
            await until(lambda: holder.reloads > attempts, "the refused reload")
            still = await ask("How did Morocco join?")
            assert "MARKER-NEW" in _shown(still)
            assert holder.engine().kb.content_hash == new_version

            await ask("bananas and kiwis")
    finally:
        stop.set()
        await asyncio.wait_for(watcher, RELOAD_TIMEOUT_S)
    gaps = read_gaps(tmp_path / "gaps.jsonl")
    assert [(g["platform"], g["question"]) for g in gaps] == [("discord", "bananas and kiwis")]


async def _open_report_form(
    bot_fake: FakeDiscord, message: JSON, **kwargs: object
) -> tuple[FakeInteraction, JSON]:
    """Press the report button on `message`; return the press and the modal callback."""
    press = await bot_fake.press(message, _report_button(message)["custom_id"], **kwargs)
    await asyncio.wait_for(press.responded.wait(), RELOAD_TIMEOUT_S)
    return press, press.response


async def test_report_button_files_a_report_with_the_maintainers(tmp_path: Path) -> None:
    """Report button → modal → submitted note: a private thank-you, a log line without user
    or channel ids, and a post in the maintainers' channel that pings nobody."""
    fake = FakeDiscord()
    log = tmp_path / "reports.jsonl"
    settings = Settings(
        knowledge_dir=FACTS_DIR,
        discord_token=FakeDiscord.TOKEN,
        discord_report_channel_id=int(fake.report_channel_id),
        reports_log=log,
    )
    question = "When did Morocco join?"
    expected = facts_engine().ask(question).answer
    async with running_bot(settings=settings, fake=fake) as bot:
        asked = await fake.slash("ask", {"question": question})
        body = await bot.answer(asked)
        button = _report_button(body)
        assert (button["style"], button["label"]) == (2, "Report a wrong fact")
        assert len(button["custom_id"]) <= 100
        assert asked.original is not None

        press, modal = await _open_report_form(fake, asked.original)
        assert modal["type"] == 9
        payload = button["custom_id"].removeprefix(REPORT_PREFIX)
        assert modal["data"]["custom_id"] == REPORT_FORM_PREFIX + payload
        assert modal["data"]["title"] == "Report a wrong fact"
        (label,) = modal["data"]["components"]
        assert label["label"] == "What is wrong? (optional)"
        assert label["component"]["style"] == 2  # a paragraph
        assert label["component"]["required"] is False

        note = f"@everyone <@{fake.other_human['id']}> **Signed** on the 22nd, not the 10th"
        submitted = await fake.submit_modal(press, {"note": note})
        thanks = await bot.answer(submitted)
        assert thanks["type"] == 4
        assert thanks["data"]["flags"] & FLAG_EPHEMERAL
        assert thanks["data"]["allowed_mentions"] == NO_PINGS
        assert "Thank you" in thanks["data"]["content"]

        path = f"/channels/{fake.report_channel_id}/messages"
        post = await bot.within(fake.wait_for_request(lambda r: r.path == path))
        assert post.status == 200
        assert post.body["allowed_mentions"] == NO_PINGS
        assert not pings(post.body)
        content = post.body["content"]
        assert "@\u200beveryone" in content and f"<@\u200b{fake.other_human['id']}>" in content
        assert not re.search(r"(?<!\u200b)@everyone", content.replace("@\u200b", ""))
        assert escape(question) in content
        assert all(fact in content for fact in expected.fact_ids)

    (entry,) = read_reports(log)
    assert entry["question"] == question
    assert entry["fact_ids"] == list(expected.fact_ids)
    assert entry["platform"] == "discord"
    assert entry["note"] == note
    assert entry["knowledge_version"] == facts_engine().kb.content_hash
    assert entry["as_of"] == expected.as_of
    assert str(entry["answer"]).startswith(expected.title)
    raw = log.read_text(encoding="utf-8")
    for identifier in (
        fake.human["id"],
        fake.channel_id,
        fake.guild_id,
        fake.report_channel_id,
        fake.application_id,
    ):
        assert identifier not in raw


async def test_report_from_a_dm_after_a_restart_is_only_logged(tmp_path: Path) -> None:
    """A report button on a DM answer works with no maintainers' channel and after a restart:
    the reporter is thanked and the report is logged, with an empty note; nothing is posted."""
    log = tmp_path / "reports.jsonl"
    settings = Settings(knowledge_dir=FACTS_DIR, discord_token=FakeDiscord.TOKEN, reports_log=log)
    async with running_bot(settings=settings) as bot:
        fake = bot.fake
        await fake.user_message("who are the members?", dm=True)
        await bot.settle(lambda: len(fake.message_posts()) == 1)
        (answer,) = fake.bot_messages(fake.dm_channel_id)
        posts = len(fake.message_posts())
    # A new client (a restart) and a fresh fake that still shows the old message.
    async with running_bot(settings=settings) as bot:
        fake = bot.fake
        old = await fake.user_message("", author=fake.bot, dm=True)
        old = {**old, "embeds": answer["embeds"], "components": answer["components"]}
        press, modal = await _open_report_form(fake, old, dm=True)
        assert modal["type"] == 9
        thanks = await bot.answer(await fake.submit_modal(press))
        assert thanks["data"]["flags"] & FLAG_EPHEMERAL
        await until(lambda: bool(read_reports(log)), "the report log line")
        assert fake.message_posts() == []  # no maintainers' channel: nothing is posted
    assert posts == 1
    (entry,) = read_reports(log)
    expected = facts_engine().ask("who are the members?").answer
    assert (entry["question"], entry["note"]) == ("who are the members?", "")
    assert entry["fact_ids"] == list(expected.fact_ids)
    assert str(entry["answer"]).startswith(expected.title)


async def test_unreadable_report_form_is_apologised_for_and_files_nothing(tmp_path: Path) -> None:
    """A report form whose id carries no readable report gets a private apology, not thanks,
    and nothing reaches the log."""
    log = tmp_path / "reports.jsonl"
    async with running_bot(
        settings=Settings(knowledge_dir=FACTS_DIR, discord_token=FakeDiscord.TOKEN, reports_log=log)
    ) as bot:
        data = {"custom_id": REPORT_FORM_PREFIX + "not a report", "components": []}
        body = await bot.answer(await bot.fake.interact(MODAL_SUBMIT, data))
        assert body["data"]["flags"] & FLAG_EPHEMERAL
        assert "went wrong" in body["data"]["content"]
    assert not log.exists()

"""The More button on Discord, end to end: the real discord.py and core against the fake.

A short answer whose whole record adds something carries a More button; pressing it shows
the whole record, privately, with its sources, pinging nobody, also on a message an earlier
run sent. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import re

from adapters.discord_bot.render import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELDS_LIMIT,
    EMBED_TOTAL_LIMIT,
    MORE_PREFIX,
    render_answer,
)
from adapters.discord_bot.reporting import CUSTOM_ID_LIMIT
from bot import wording
from bot.engine import Engine
from bot.knowledge.commands import more_token
from bot.service.more import record_answer
from tests.fakes.discord_harness import running_bot
from tests.fakes.discord_protocol import Recorded
from tests.fakes.discord_server import FLAG_EPHEMERAL, JSON, pings

NO_PINGS: JSON = {"parse": []}


def _buttons(data: JSON) -> list[JSON]:
    return [b for row in data.get("components") or [] for b in row["components"]]


def _more(data: JSON) -> JSON:
    (button,) = [b for b in _buttons(data) if b["custom_id"].startswith(MORE_PREFIX)]
    return button


def _shown(messages: list[JSON]) -> str:
    parts: list[str] = []
    for data in messages:
        for embed in data.get("embeds") or []:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            parts += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
    return "\n".join(parts)


def _is_followup(request: Recorded) -> bool:
    return request.method == "POST" and request.path.startswith("/webhooks/")


def _assert_quiet(data: JSON) -> None:
    assert data.get("allowed_mentions") == NO_PINGS
    assert not pings(data)


async def test_more_shows_the_whole_record_privately_with_its_sources(engine: Engine) -> None:
    """A short answer has a More button labelled "More"; the press shows every detail, note
    and source of the record, to the presser only, and pings nobody."""
    async with running_bot() as bot:
        fake = bot.fake
        asked = await fake.slash("ask", {"question": "When did Morocco join?"})
        short = await bot.answer(asked)
        button = _more(short["data"])
        assert button["label"] == wording.MORE_LABEL
        assert len(button["custom_id"]) <= CUSTOM_ID_LIMIT
        assert asked.original is not None
        press = await fake.press(asked.original, button["custom_id"])
        first = await bot.answer(press)
        record = record_answer(engine, button["custom_id"].removeprefix(MORE_PREFIX), "")
        expected = len(render_answer(record))
        await bot.settle(lambda: len(press.followups) == expected - 1)
        messages = [first["data"], *press.followups]
        assert all(m.get("flags", 0) & FLAG_EPHEMERAL for m in messages)
        # what the bot sent: the response to the press and each followup it posted
        sent = [first["data"], *(r.body for r in fake.requests if _is_followup(r))]
        assert len(sent) == expected
        for message in sent:
            _assert_quiet(message)
        shown = _shown(messages)
        assert "Morocco: the whole record" in shown
        assert "Negev Summit" in shown  # a milestone the short answer leaves out
        assert "Not verified in the reviewed sources" in shown  # and a note
        assert "https://en.wikipedia.org/wiki/Negev_Summit" in shown  # every source, linked
        assert len(re.findall(r"\]\(https?://", shown)) >= 10
        assert not [f for f in fake.requests if f.method == "POST" and "/channels/" in f.path]


async def test_more_on_a_message_from_before_a_restart_uses_the_facts_served_now() -> None:
    """A More button on a message this client never sent still shows the record."""
    async with running_bot() as bot:
        fake = bot.fake
        old = await fake.user_message("", author=fake.bot)
        more_id = "more:member_when:sudan"
        button: JSON = {"type": 2, "style": 1, "label": "More", "custom_id": more_id}
        old = {**old, "components": [{"type": 1, "components": [button]}]}
        press = await fake.press(old, more_id)
        body = await bot.answer(press)
        assert body["data"]["flags"] & FLAG_EPHEMERAL
        assert "Sudan: the whole record" in _shown([body["data"], *press.followups])
        gone_id = "more:member_when:atlantis"
        gone_button = {**button, "custom_id": gone_id}
        gone_message = {**old, "components": [{"type": 1, "components": [gone_button]}]}
        gone = await fake.press(gone_message, gone_id)
        assert wording.RECORD_GONE[:40] in str((await bot.answer(gone))["data"])


def test_every_record_fits_discord_and_every_more_id_fits(engine: Engine) -> None:
    """Every answer's More id fits 100 characters, and every whole record renders within
    Discord's embed limits, split over embeds and messages when it is long."""
    tokens = {t for a in engine.every_answer() if (t := more_token(a))}
    assert tokens
    for token in tokens:
        assert len(MORE_PREFIX + token) <= CUSTOM_ID_LIMIT
        record = record_answer(engine, token, engine.kb.content_hash)
        assert record.sources, token
        for message in render_answer(record):
            assert sum(len(e) for e in message.embeds) <= EMBED_TOTAL_LIMIT
            for embed in message.embeds:
                assert len(embed.description or "") <= EMBED_DESCRIPTION_LIMIT
                assert len(embed.fields) <= EMBED_FIELDS_LIMIT
            ids = [b.custom_id for row in message.button_rows for b in row]
            assert not [i for i in ids if i.startswith(MORE_PREFIX)], "no More under More"

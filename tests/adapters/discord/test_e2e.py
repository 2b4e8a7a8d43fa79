"""End to end: the real discord.py client and the real core against the local fake Discord.

Nothing leaves 127.0.0.1. Each test runs the bot (commands registered first, as
`accords-bot discord --sync` does), drives it the way Discord would, and asserts on the
payloads the fake recorded. The harness fails a test on any protocol problem the fake
detects, on any error discord.py or the adapter logs, and on any hang (every wait is bounded).
"""

from __future__ import annotations

import asyncio
import json
import re
import time

import pytest

from adapters.discord_bot.render import ask_custom_id
from adapters.discord_bot.text import escape
from bot.engine import Engine, Reply
from bot.knowledge.commands import ALL_COMMANDS
from bot.service import ChatService, ServiceLimits
from bot.service.chat import rate_limited
from bot.state import ConversationState
from tests.fakes.discord_harness import make_service, running_bot
from tests.fakes.discord_server import (
    FLAG_EPHEMERAL,
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MESSAGES,
    INTENT_GUILDS,
    JSON,
    MANAGER_PERMISSIONS,
    pings,
)
from tests.helpers import facts_engine

NO_PINGS: JSON = {"parse": []}


def _texts(payload: JSON) -> list[str]:
    """Return every piece of text a message payload shows."""
    out = [str(payload.get("content") or "")]
    for embed in payload.get("embeds") or []:
        out += [embed.get("title") or "", embed.get("description") or ""]
        out += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
        out.append((embed.get("footer") or {}).get("text") or "")
    return out


def _assert_pings_nobody(payload: JSON) -> None:
    """Assert a payload disables every mention and shows no live mention syntax."""
    assert payload.get("allowed_mentions") == NO_PINGS
    assert not pings(payload)
    for text in _texts(payload):
        assert not re.search(r"(?<!\u200b)@(everyone|here)\b", text.replace("@\u200b", "")), text
        assert not re.search(r"<@[!&]?\d{17,20}>", text), text


def _title(body: JSON) -> str:
    return str(body["data"]["embeds"][0].get("title") or "")


# --- registration and connection ---------------------------------------------------------


async def test_command_sync_payload_is_the_shared_command_set() -> None:
    """The bulk overwrite registers exactly bot.knowledge.commands.ALL_COMMANDS, options and all;
    /subscribe and /unsubscribe need Manage Channels (bit 4) and a server."""
    async with running_bot() as bot:
        put = [r for r in bot.fake.requests if r.method == "PUT"]
        assert [r.path for r in put] == [f"/applications/{bot.fake.application_id}/commands"]
        sent = {c["name"]: c for c in put[0].body}
        assert list(sent) == [c.name for c in ALL_COMMANDS]
        for spec in ALL_COMMANDS:
            command = sent[spec.name]
            assert command["description"] == spec.description
            assert command["type"] == 1
            perms = command.get("default_member_permissions")
            needed = 1 << 4 if spec.manage_channel else None
            assert (None if perms is None else int(perms)) == needed, spec.name
            if spec.manage_channel:
                assert command.get("dm_permission") is False or command.get("contexts") == [0]
            if spec.option is None:
                assert not command.get("options")
                continue
            (option,) = command["options"]
            assert option["name"] == spec.option.name
            assert option["description"] == spec.option.description
            assert option["required"] == spec.option.required
            assert option["type"] == (4 if spec.option.integer else 3)
            assert bool(option.get("autocomplete")) == spec.option.autocomplete


DISCORD_LOCALES = {"ru": "ru", "fr": "fr", "de": "de", "es-ES": "es", "es-419": "es"}


async def test_command_sync_payload_carries_the_language_files_translations() -> None:
    """Each command, option and description carries Discord's localizations for ru, fr, de,
    es-ES and es-419 from the language files, exactly those, as Discord's name rules allow."""
    table = facts_engine().multilingual.command_translations()
    async with running_bot() as bot:
        (put,) = [r for r in bot.fake.requests if r.method == "PUT"]
        sent = {c["name"]: c for c in put.body}
    localized = 0
    for spec in ALL_COMMANDS:
        command = sent[spec.name]
        parts: list[tuple[JSON, str]] = [(command, spec.name)]
        if spec.option is not None:
            parts.append((command["options"][0], f"{spec.name}.{spec.option.name}"))
        for payload, key in parts:
            for field in ("name", "description"):
                texts = table.get(f"{key}.{field}", {})
                wanted = {loc: texts[c] for loc, c in DISCORD_LOCALES.items() if c in texts}
                assert (payload.get(f"{field}_localizations") or {}) == wanted, (key, field)
                localized += len(wanted)
                if field == "name":
                    for name in wanted.values():
                        assert re.fullmatch(r"[-_\w]{1,32}", name) and name == name.lower(), name
    assert localized >= 7 * 2 * 5  # every fact command's name and description, in five locales
    assert sent["ask"]["name_localizations"]["ru"] == table["ask.name"]["ru"]
    assert (
        sent["member"]["options"][0]["description_localizations"]["es-419"]
        == (table["member.country.description"]["es"])
    )


async def test_start_registers_nothing_and_asks_for_no_privileged_intent() -> None:
    """A plain start never touches commands, and identifies without message content."""
    async with running_bot(sync=False) as bot:
        fake = bot.fake
        assert not [r for r in fake.requests if r.method == "PUT"]
        (identify,) = fake.identifies
        assert identify["intents"] == INTENT_GUILDS | INTENT_GUILD_MESSAGES | INTENT_DIRECT_MESSAGES
        assert fake.gateway_queries[0] == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
        assert fake.heartbeats >= 1


async def test_commands_answer_after_start_without_sync() -> None:
    """Commands registered by an earlier --sync keep working after a restart."""
    async with running_bot(sync=False) as bot:
        body = await bot.answer(await bot.fake.slash("about"))
        assert body["type"] == 4


# --- slash commands ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("ask", {"question": "When did Morocco join?"}),
        ("members", {}),
        ("member", {"country": "Morocco"}),
        ("timeline", {}),
        ("timeline", {"year": "2020"}),
        ("critiques", {}),
        ("critiques", {"topic": "Western Sahara"}),
        ("sources", {}),
        ("about", {}),
    ],
)
async def test_each_slash_command_answers_with_the_cores_answer(
    name: str, options: dict[str, str]
) -> None:
    """Every command gets a type-4 callback with the core's answer, pinging nobody."""
    expected = facts_engine().run_command(name, next(iter(options.values()), "")).answer
    async with running_bot() as bot:
        interaction = await bot.fake.slash(name, options)
        body = await bot.answer(interaction)
        callback = next(r for r in bot.fake.requests if r.path.endswith("/callback"))
        assert callback.query == {"with_response": "1"}
        assert callback.status == 200
        assert body["type"] == 4
        assert _title(body) == escape(expected.title)
        assert body["data"]["embeds"][-1]["footer"]["text"] == f"Facts as of {expected.as_of}"
        ephemeral = bool(body["data"].get("flags", 0) & FLAG_EPHEMERAL)
        assert ephemeral == expected.contested
        _assert_pings_nobody(body["data"])
        assert interaction.latency_s < 3.0


async def test_ask_echoes_the_question_escaped() -> None:
    """/ask quotes the question in the reply, with @everyone and mentions defused."""
    async with running_bot() as bot:
        user = bot.fake.other_human["id"]
        question = f"@everyone <@{user}> **when** did Morocco join?"
        body = await bot.answer(await bot.fake.slash("ask", {"question": question}))
        content = body["data"]["content"]
        assert content.startswith("> ")
        assert "@\u200beveryone" in content
        assert f"<@\u200b{user}>" in content
        assert "\\*\\*when\\*\\*" in content
        _assert_pings_nobody(body["data"])


async def test_contested_question_via_ask_is_ephemeral() -> None:
    """A critiques/defences answer to /ask is shown only to the asker."""
    async with running_bot() as bot:
        body = await bot.answer(await bot.fake.slash("ask", {"question": "What do critics say?"}))
        assert body["data"]["flags"] & FLAG_EPHEMERAL
        assert bot.fake.interactions[next(iter(bot.fake.interactions))].original is not None


@pytest.mark.parametrize(
    ("name", "option", "typed", "expected"),
    [
        ("member", "country", "mor", "Morocco"),
        ("member", "country", "", "United Arab Emirates"),
        ("member", "country", "bahrian", "Bahrain"),
        ("timeline", "year", "202", "2020"),
        ("critiques", "topic", "pal", "Palestinians"),
    ],
)
async def test_autocomplete_offers_at_most_25_choices(
    name: str, option: str, typed: str, expected: str
) -> None:
    """An autocomplete interaction gets a type-8 callback with the core's choices (<= 25)."""
    async with running_bot() as bot:
        body = await bot.answer(await bot.fake.autocomplete(name, option, typed))
        assert body["type"] == 8
        choices = body["data"]["choices"]
        assert 1 <= len(choices) <= 25
        assert expected in [c["name"] for c in choices]
        assert all(c["name"] == c["value"] for c in choices)


# --- buttons -----------------------------------------------------------------------------


async def test_pressing_a_suggestion_asks_it() -> None:
    """An unanswerable question offers buttons; pressing one answers that suggestion."""
    async with running_bot() as bot:
        fake = bot.fake
        first = await fake.slash("ask", {"question": "bananas and kiwis"})
        body = await bot.answer(first)
        rows = body["data"]["components"]
        buttons = [b for row in rows for b in row["components"]]
        assert buttons and all(len(row["components"]) <= 5 for row in rows)
        button = buttons[1]
        question = button["custom_id"].removeprefix("ask:")
        assert first.original is not None
        press = await fake.press(first.original, button["custom_id"])
        answer = await bot.answer(press)
        expected = facts_engine().ask(question).answer
        assert answer["type"] == 4
        assert answer["data"]["content"] == "> " + escape(question)
        assert _title(answer) == escape(expected.title)
        _assert_pings_nobody(answer["data"])


def _message_with_button(message: JSON, question: str) -> JSON:
    """Return `message` carrying one ask button for `question`, as an earlier run sent it."""
    button = {"type": 2, "style": 2, "label": question[:80], "custom_id": ask_custom_id(question)}
    return {**message, "components": [{"type": 1, "components": [button]}]}


async def test_pressing_a_command_suggestion_runs_the_command() -> None:
    """A suggestion such as "/timeline 2023" runs that command rather than asking its text."""
    async with running_bot() as bot:
        fake = bot.fake
        old = _message_with_button(await fake.user_message("", author=fake.bot), "/timeline 2023")
        answer = await bot.answer(await fake.press(old, ask_custom_id("/timeline 2023")))
        expected = facts_engine().run_command("timeline", "2023").answer
        assert _title(answer) == escape(expected.title)
        assert not answer["data"].get("content")  # a command is not echoed as a question


async def test_button_sent_before_a_restart_still_works() -> None:
    """A button on a message this client never sent (an earlier run's) is still answered."""
    async with running_bot() as bot:
        fake = bot.fake
        question = "When did Sudan join?"
        old = _message_with_button(await fake.user_message("", author=fake.bot), question)
        answer = await bot.answer(await fake.press(old, ask_custom_id(question)))
        assert _title(answer) == escape(facts_engine().ask(question).answer.title)


# --- mentions and DMs ----------------------------------------------------------------------


async def test_mention_is_answered_as_a_reply() -> None:
    """A message mentioning the bot gets a reply referencing it, without pinging the author."""
    async with running_bot() as bot:
        fake = bot.fake
        asked = await fake.user_message(f"<@{fake.bot['id']}> when did Morocco join?")
        post = await bot.within(fake.wait_for_request(lambda r: r.path.startswith("/channels/")))
        assert post.path == f"/channels/{fake.channel_id}/messages"
        assert str(post.body["message_reference"]["message_id"]) == asked["id"]
        assert post.body["message_reference"]["fail_if_not_exists"] is False
        expected = facts_engine().ask("when did Morocco join?").answer
        assert post.body["embeds"][0]["title"] == escape(expected.title)
        _assert_pings_nobody(post.body)


async def test_nickname_mention_and_bare_mention() -> None:
    """<@!id> mentions are stripped too, and a bare mention answers with what the bot does."""
    async with running_bot() as bot:
        fake = bot.fake
        await fake.user_message(f"<@!{fake.bot['id']}>")
        post = await bot.within(fake.wait_for_request(lambda r: r.path.startswith("/channels/")))
        expected = facts_engine().run_command("about").answer
        assert post.body["embeds"][0]["title"] == escape(expected.title)


async def test_dm_is_answered_in_the_dm() -> None:
    """A DM (no mention needed) is answered in the same DM, not as a reply."""
    async with running_bot() as bot:
        fake = bot.fake
        await fake.user_message("who are the members?", dm=True)
        post = await bot.within(fake.wait_for_request(lambda r: r.path.startswith("/channels/")))
        assert post.path == f"/channels/{fake.dm_channel_id}/messages"
        assert "message_reference" not in post.body
        expected = facts_engine().ask("who are the members?").answer
        assert post.body["embeds"][0]["title"] == escape(expected.title)
        _assert_pings_nobody(post.body)


async def test_everyone_in_a_mention_pings_nobody() -> None:
    """@everyone, @here, user and role mentions in a question cannot make the reply ping."""
    async with running_bot() as bot:
        fake = bot.fake
        text = (
            f"<@{fake.bot['id']}> @everyone @here <@{fake.other_human['id']}> "
            f"<@&{fake.guild_id}> when did Morocco join?"
        )
        await fake.user_message(text)
        post = await bot.within(fake.wait_for_request(lambda r: r.path.startswith("/channels/")))
        assert post.body["allowed_mentions"] == {"parse": []}
        _assert_pings_nobody(post.body)


@pytest.mark.parametrize(
    ("markup", "question", "expected"),
    [
        ("<@{other}> <@&{role}> <#{channel}>", "when did bahrain join", "When Bahrain joined"),
        ("@everyone <:flag_bh:112233> <a:wave:445566>", "when did bahrain join", None),
        ("@here </ask:778899>", "when were the accords signed", None),
    ],
)
async def test_question_wrapped_in_discord_markup_is_answered_as_plain_text(
    markup: str, question: str, expected: str | None
) -> None:
    """Mentions, roles, channels, emoji and command mentions around a question, as Discord
    sends them, are removed before the core: the answer is the plain question's, and no
    mention from the markup comes back."""
    async with running_bot() as bot:
        fake = bot.fake
        filled = markup.format(
            other=fake.other_human["id"], role=fake.guild_id, channel=fake.channel_id
        )
        await fake.user_message(f"<@{fake.bot['id']}> {filled} {question}")
        post = await bot.within(fake.wait_for_request(lambda r: r.path.startswith("/channels/")))
        want = expected or facts_engine().ask(question).answer.title
        assert post.body["embeds"][0]["title"] == escape(want)
        _assert_pings_nobody(post.body)
        shown = " ".join(_texts(post.body))
        assert str(fake.other_human["id"]) not in shown and "everyone" not in shown


async def test_slash_ask_with_a_timestamp_reads_it_as_a_date() -> None:
    """A Discord timestamp in /ask becomes a date the core can read, not markup noise."""
    async with running_bot() as bot:
        body = await bot.answer(
            await bot.fake.slash("ask", {"question": "what happened on <t:1600128000:D>?"})
        )
        expected = facts_engine().ask("what happened on 15 September 2020?").answer
        assert body["data"]["embeds"][0]["title"] == escape(expected.title)


async def test_own_other_bots_and_unmentioning_messages_are_ignored() -> None:
    """Only mentions and DMs from people are answered; the bot's own echoes are not."""
    async with running_bot() as bot:
        fake = bot.fake
        mention = f"<@{fake.bot['id']}>"
        await fake.user_message(f"{mention} when did Morocco join?", author=fake.other_bot)
        await fake.user_message(f"{mention} when did Bahrain join?", author=fake.bot)
        await fake.user_message("when did Sudan join?")  # no mention: content never arrives
        await fake.user_message(f"{mention} who are the members?")  # the sentinel
        await bot.settle(lambda: len(fake.message_posts()) >= 1)
        # The sentinel's reply came back over the gateway as well; give a second reply (if
        # the bot wrongly answered itself) the time of one more full round trip to show up.
        await fake.user_message("who signed for Bahrain?", dm=True)
        await bot.settle(lambda: len(fake.message_posts()) >= 2)
        posts = fake.message_posts()
        assert len(posts) == 2
        titles = [p.body["embeds"][0]["title"] for p in posts]
        engine = facts_engine()
        assert titles == [
            escape(engine.ask("who are the members?").answer.title),
            escape(engine.ask("who signed for Bahrain?").answer.title),
        ]


async def test_follow_ups_keep_state_per_channel_and_user() -> None:
    """ "and Sudan?" follows the asker's own previous question, not another user's."""
    async with running_bot() as bot:
        fake = bot.fake
        mention = f"<@{fake.bot['id']}>"
        await fake.user_message(f"{mention} when did Morocco join?")
        await bot.settle(lambda: len(fake.message_posts()) >= 1)
        await fake.user_message(f"{mention} and Sudan?")
        await bot.settle(lambda: len(fake.message_posts()) >= 2)
        await fake.user_message(f"{mention} and Sudan?", author=fake.other_human)
        await bot.settle(lambda: len(fake.message_posts()) >= 3)
        engine = facts_engine()
        first = engine.ask("when did Morocco join?")
        titles = [p.body["embeds"][0]["title"] for p in fake.message_posts()]
        assert titles[1] == escape(engine.ask("and Sudan?", first.state).answer.title)
        assert titles[2] == escape(engine.ask("and Sudan?").answer.title)
        assert titles[1] != titles[2]


# --- limits, deadlines, rate limits -----------------------------------------------------------


async def test_rate_limited_slash_command_gets_a_polite_private_reply() -> None:
    """Past the per-user limit, /ask answers with the core's polite notice, ephemerally."""
    service = make_service(ServiceLimits(rate_count=2, rate_window_s=60))
    async with running_bot(service=service) as bot:
        fake = bot.fake
        bodies = []
        for _ in range(3):
            interaction = await fake.slash("ask", {"question": "When did Morocco join?"})
            bodies.append(await bot.answer(interaction))
        expected = rate_limited("When did Morocco join?", 60)
        assert [bool(b["data"].get("flags", 0) & FLAG_EPHEMERAL) for b in bodies] == [
            False,
            False,
            True,
        ]
        assert _title(bodies[2]) == escape(expected.title)
        other = await fake.slash("members", user=fake.other_human)  # limits are per user
        assert _title(await bot.answer(other)) != escape(expected.title)


async def test_rate_limited_mention_gets_a_polite_reply() -> None:
    """Past the per-user limit, a mention gets the polite notice as a reply."""
    service = make_service(ServiceLimits(rate_count=1, rate_window_s=60))
    async with running_bot(service=service) as bot:
        fake = bot.fake
        for _ in range(2):
            await fake.user_message(f"<@{fake.bot['id']}> when did Morocco join?")
        await bot.settle(lambda: len(fake.message_posts()) >= 2)
        # The notice needs no core, so it may be posted before the first answer.
        titles = [p.body["embeds"][0]["title"] for p in fake.message_posts()]
        assert escape(rate_limited("", 1).title) in titles


class _SlowEngine(Engine):
    """The frozen-facts engine, taking `delay_s` longer for every command: a slow core."""

    delay_s = 0.3

    def run_command(
        self, name: str, argument: str = "", state: ConversationState | None = None
    ) -> Reply:
        time.sleep(self.delay_s)  # runs in the adapter's worker thread, as a slow core would
        return super().run_command(name, argument, state)


def _slow_service() -> ChatService:
    engine = _SlowEngine(facts_engine().kb)
    return ChatService(lambda: engine, ServiceLimits(rate_count=1000))


async def test_slow_core_defers_then_edits_the_original() -> None:
    """When the core is slower than the budget, the bot defers first and then edits."""
    async with running_bot(service=_slow_service(), reply_budget_s=0.05) as bot:
        fake = bot.fake
        interaction = await fake.slash("ask", {"question": "When did Morocco join?"})
        body = await bot.answer(interaction)
        assert body["type"] == 5
        assert not body.get("data", {}).get("flags", 0) & FLAG_EPHEMERAL
        edit = await bot.within(fake.wait_for_request(lambda r: r.method == "PATCH"))
        assert edit.path.endswith("/messages/@original")
        assert edit.body["allowed_mentions"] == {"parse": []}
        assert interaction.original is not None
        assert interaction.original["embeds"][0]["title"] == escape(
            facts_engine().ask("When did Morocco join?").answer.title
        )


async def test_slow_critiques_defer_privately() -> None:
    """A slow /critiques is deferred as ephemeral, so its answer never shows publicly."""
    async with running_bot(service=_slow_service(), reply_budget_s=0.05) as bot:
        interaction = await bot.fake.slash("critiques")
        body = await bot.answer(interaction)
        assert body["type"] == 5
        assert body["data"]["flags"] & FLAG_EPHEMERAL
        await bot.settle(lambda: bool(interaction.original and interaction.original["embeds"]))


async def test_slow_contested_ask_replaces_the_public_thinking_message() -> None:
    """A slow /ask that turns out contested deletes the public placeholder, answers privately."""
    async with running_bot(service=_slow_service(), reply_budget_s=0.05) as bot:
        fake = bot.fake
        interaction = await fake.slash("ask", {"question": "What do critics say?"})
        deferred = await bot.answer(interaction)
        assert deferred["type"] == 5
        assert not deferred.get("data", {}).get("flags", 0) & FLAG_EPHEMERAL
        await bot.settle(lambda: bool(interaction.followups))
        assert interaction.original is None  # the public "thinking…" message is gone
        assert all(m["flags"] & FLAG_EPHEMERAL for m in interaction.followups)


async def test_core_failure_gets_a_private_apology() -> None:
    """If the core raises, the user still gets an ephemeral apology within the deadline, and
    the service (the one boundary) logs the failure once, with its traceback."""

    class _Broken(Engine):
        def run_command(
            self, name: str, argument: str = "", state: ConversationState | None = None
        ) -> Reply:
            raise RuntimeError("boom")

    broken = _Broken(facts_engine().kb)
    service = ChatService(lambda: broken, ServiceLimits(rate_count=1000))
    async with running_bot(service=service, check_errors=False) as bot:
        body = await bot.answer(await bot.fake.slash("members"))
        assert body["type"] == 4
        assert body["data"]["flags"] & FLAG_EPHEMERAL
        assert "went wrong" in body["data"]["content"]
        records = bot.errors.records
        assert [r.getMessage() for r in records] == ["the service failed on a /members request"]
        assert records[0].exc_info is not None


# --- the gateway going away -------------------------------------------------------------------


@pytest.mark.parametrize("how", ["close 4000", "op 7 reconnect"])
async def test_gateway_drop_resumes_the_session_and_still_answers(how: str) -> None:
    """After a 4000 close or a RECONNECT the bot RESUMEs (not re-IDENTIFYs) and answers."""
    async with running_bot() as bot:
        fake = bot.fake
        session, seq = fake.session_id(), fake.last_seq()
        if how == "close 4000":
            await fake.disconnect(code=4000)
        else:
            await fake.request_reconnect()
        await bot.settle(lambda: len(fake.resumes) == 1 and fake.connected())
        assert fake.resumes[0]["session_id"] == session
        assert fake.resumes[0]["seq"] == seq
        assert len(fake.identifies) == 1
        assert fake.gateway_paths[-1] == "/resume-gateway"
        body = await bot.answer(await fake.slash("member", {"country": "Bahrain"}))
        assert body["type"] == 4


async def test_interaction_sent_while_disconnected_is_replayed_and_answered() -> None:
    """An interaction dispatched during the outage arrives on RESUME and is answered in time."""
    async with running_bot() as bot:
        fake = bot.fake
        await fake.disconnect(code=4000)
        interaction = await fake.slash("members")  # the fake buffers it for the resume
        body = await bot.answer(interaction)
        assert body["type"] == 4
        assert len(fake.resumes) == 1
        assert interaction.latency_s < 3.0


async def test_sharded_client_identifies_every_shard_and_answers_on_each() -> None:
    """With DISCORD_SHARD_COUNT=2 each shard identifies and answers its own guild."""
    async with running_bot(shards=2) as bot:
        fake = bot.fake
        assert sorted(i["shard"] for i in fake.identifies) == [[0, 2], [1, 2]]
        for guild in fake.guild_ids:
            body = await bot.answer(await fake.slash("members", guild_id=guild))
            assert body["type"] == 4


@pytest.mark.parametrize(
    "app_permissions",
    [str(274877990912), str(274877990912 & ~(1 << 11) | 1 << 10)],
    ids=["no View Channel", "no Send Messages"],
)
async def test_subscribe_where_the_bot_cannot_post_is_refused(app_permissions: str) -> None:
    """/subscribe in a channel where the bot lacks View Channel or Send Messages gets a clear
    reply and makes no subscription; with both it subscribes."""
    service = make_service()
    async with running_bot(service=service) as bot:
        refused = await bot.fake.slash(
            "subscribe", permissions=MANAGER_PERMISSIONS, app_permissions=app_permissions
        )
        await asyncio.wait_for(refused.responded.wait(), 10)
        text = json.dumps(refused.response["data"], ensure_ascii=False)
        assert "View Channel and Send Messages" in text
        assert await service.store.subscriptions("discord") == []
        allowed = await bot.fake.slash("subscribe", permissions=MANAGER_PERMISSIONS)
        await asyncio.wait_for(allowed.responded.wait(), 10)
        assert len(await service.store.subscriptions("discord")) == 1

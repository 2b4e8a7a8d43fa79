"""Discord's size limits hold for every answer the fact base can produce, checked by the fake.

The fake Discord refuses an oversized message with 400 / 50035 exactly where Discord would, so
a payload that passes here would pass there.
"""

from __future__ import annotations

import time
from dataclasses import replace

from adapters.discord_bot import post_messages
from adapters.discord_bot.render import ReportButton, render_answer
from bot.answer import Status
from bot.engine import Engine, Reply
from bot.service import ChatService, ServiceLimits
from bot.state import ConversationState
from tests.adapters.discord.test_render import payload
from tests.fakes.discord_harness import running_bot
from tests.fakes.discord_server import validate_message
from tests.helpers import facts_engine


def _rendered_size(answer_messages: tuple[object, ...]) -> int:
    return sum(len(e) for m in answer_messages for e in getattr(m, "embeds", ()))


def test_every_answer_renders_within_limits() -> None:
    """Each of engine.every_answer(), echoed or not, renders to messages Discord accepts, and
    exactly the answered ones carry a report button."""
    engine = facts_engine()
    answers = list(engine.every_answer())
    assert len(answers) > 50
    for answer in answers:
        for echo in (False, True):
            stamped = replace(answer, knowledge_version=engine.kb.content_hash)
            messages = render_answer(stamped, echo_question=echo)
            for message in messages:
                assert validate_message(payload(message)) == [], answer.question
            buttons = [b for row in messages[-1].button_rows for b in row]
            reports = [b for b in buttons if isinstance(b, ReportButton)]
            assert len(reports) == (answer.status is Status.ANSWERED), answer.question


async def test_every_answer_is_accepted_when_posted_by_discord_py() -> None:
    """Posting every answer (the longest included) through discord.py is accepted by the fake."""
    answers = list(facts_engine().every_answer())
    longest = max(answers, key=lambda a: _rendered_size(render_answer(a)))
    async with running_bot() as bot:
        fake = bot.fake
        channel = bot.client.get_channel(int(fake.channel_id))
        assert channel is not None
        for answer in answers:
            await bot.within(post_messages(channel, render_answer(answer)))  # type: ignore[arg-type]
        posts = [r for r in fake.requests if r.path.startswith("/channels/")]
        assert len(posts) >= len(answers)
        assert all(r.status == 200 for r in posts), [r.response for r in posts if r.status != 200]
        titles = [r.body["embeds"][0].get("title") for r in posts]
        assert render_answer(longest)[0].embeds[0].title in titles


async def test_every_command_answer_fits_through_interactions() -> None:
    """Every command with every autocomplete choice is answered within limits and in time."""
    engine = facts_engine()
    calls: list[tuple[str, dict[str, str]]] = [
        (name, {}) for name in ("members", "timeline", "critiques", "sources", "about")
    ]
    for name, option in (("member", "country"), ("timeline", "year"), ("critiques", "topic")):
        calls += [(name, {option: choice}) for choice in engine.complete(name, "")]
    async with running_bot() as bot:
        fake = bot.fake
        for name, options in calls:
            interaction = await fake.slash(name, options)
            body = await bot.answer(interaction)
            assert body["type"] == 4, (name, options)
            assert interaction.latency_s < 3.0
        assert all(r.status == 200 for r in fake.requests), [
            (r.path, r.response) for r in fake.requests if r.status != 200
        ]


class _VerboseEngine(Engine):
    """The frozen-facts engine, its answers padded to need several messages, with a suggestion."""

    delay_s = 0.0

    def run_command(
        self, name: str, argument: str = "", state: ConversationState | None = None
    ) -> Reply:
        time.sleep(self.delay_s)  # in the adapter's worker thread, like a slow core
        reply = super().run_command(name, argument, state)
        body = "\n\n".join([reply.answer.body] * 3 + ["word " * 900] * 2)
        answer = replace(reply.answer, body=body, suggestions=("Who are the members?",))
        return Reply(answer, reply.state)


def _verbose_service(delay_s: float) -> ChatService:
    engine = _VerboseEngine(facts_engine().kb)
    engine.delay_s = delay_s
    return ChatService(lambda: engine, ServiceLimits(rate_count=1000))


async def test_answer_longer_than_a_message_continues_in_followups() -> None:
    """An answer needing several messages is the callback plus webhook followups, all valid."""
    service = _verbose_service(0.0)
    expected = render_answer(service.engine.run_command("member", "Morocco").answer)
    assert len(expected) > 1
    async with running_bot(service=service) as bot:
        fake = bot.fake
        interaction = await fake.slash("member", {"country": "Morocco"})
        await bot.answer(interaction)
        await bot.settle(lambda: len(interaction.followups) == len(expected) - 1)
        followups = [r for r in fake.requests if r.path.startswith("/webhooks/")]
        assert all(r.status == 200 and r.query.get("wait") in ("1", "true") for r in followups)
        assert all(r.body["allowed_mentions"] == {"parse": []} for r in followups)
        assert interaction.followups[-1]["components"]  # the buttons come last
        assert not interaction.response["data"].get("components")


async def test_deferred_long_answer_edits_the_original_then_follows_up() -> None:
    """A slow, long answer: defer, edit @original with the first part, followups for the rest."""
    service = _verbose_service(0.2)
    expected = render_answer(service.engine.run_command("member", "Sudan").answer)
    async with running_bot(service=service, reply_budget_s=0.05) as bot:
        fake = bot.fake
        interaction = await fake.slash("member", {"country": "Sudan"})
        assert (await bot.answer(interaction))["type"] == 5
        await bot.settle(lambda: len(interaction.followups) == len(expected) - 1)
        edits = [r for r in fake.requests if r.method == "PATCH"]
        assert [r.path.rsplit("/", 1)[-1] for r in edits] == ["@original"]
        assert interaction.original is not None
        assert interaction.original["embeds"][0]["title"] == expected[0].embeds[0].title
        assert all(r.status == 200 for r in fake.requests)

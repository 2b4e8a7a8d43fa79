"""End to end, HTTP mode: the real bolt app on 127.0.0.1 receives signed requests, and talks
to a fake Slack Web API (and fake `response_url`s) on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web

from adapters.slack_bot import bound_port, build_http_app
from adapters.slack_bot.components import ACTION_REPORT
from adapters.slack_bot.render import ACTION_MORE, ACTION_SHARE, TOOLS_BLOCK_ID
from adapters.slack_bot.serving import http_runner
from bot.config import Settings
from bot.engine import Engine
from bot.infra.sqlite_store import SqliteStore
from bot.knowledge.commands import COMMANDS
from bot.service import ChatService, ServiceLimits
from bot.service.chat import rate_limited
from bot.service.statestore import StateStore
from tests.fakes.slack_server import (
    BOT_TOKEN,
    BOT_USER_ID,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    OTHER_USER_ID,
    SIGNING_SECRET,
    USER_ID,
    WAIT_S,
    FakeSlack,
    HttpReply,
    SignedPoster,
    block_actions,
    block_problems,
    button_action,
    direct_message,
    event_callback,
    mention,
    message_problems,
    new_ts,
    sign_request,
    slash_command,
)
from tests.helpers import errors_logged

PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY")
ROOMY = ServiceLimits(rate_count=1000)
PINGS = ("<!channel>", "<!here>", "<!everyone>", f"<@{OTHER_USER_ID}>")


@dataclass
class Http:
    """A running HTTP-mode app, the fake Slack it talks to, and a signed client."""

    slack: FakeSlack
    poster: SignedPoster
    base: str
    service: ChatService
    runner: web.AppRunner

    async def command(self, name: str, text: str = "", **kwargs: Any) -> HttpReply:
        """Send a signed slash command and return the app's reply (the acknowledgement)."""
        fields = slash_command(
            f"/{name}", text, response_url=self.slack.new_response_url(), **kwargs
        )
        return await self.poster.form(fields)

    async def event(self, event: dict[str, Any], **kwargs: Any) -> HttpReply:
        """Deliver one Events API event, signed."""
        return await self.poster.event(event_callback(event), **kwargs)

    async def press(self, payload: dict[str, Any]) -> HttpReply:
        """Deliver a `block_actions` payload, signed."""
        return await self.poster.interaction(payload)

    async def nothing_more(self, count: int) -> None:
        """Prove no further post happens: a later DM is answered and the count grew by one."""
        await self.event(direct_message("What are the Abraham Accords?"))
        await self.slack.wait_until(lambda: len(self.slack.posts()) == count + 1)
        await asyncio.sleep(0.1)
        assert len(self.slack.posts()) == count + 1


@asynccontextmanager
async def running_http(
    engine: Engine,
    limits: ServiceLimits = ROOMY,
    ack_budget_s: float = 2.0,
    slack: FakeSlack | None = None,
    store: StateStore | None = None,
) -> AsyncIterator[Http]:
    """Start the fake Slack and the app's aiohttp server, both on 127.0.0.1:0."""
    async with contextlib.AsyncExitStack() as stack:
        if slack is None:
            slack = await stack.enter_async_context(FakeSlack())
        service = ChatService(lambda: engine, limits, store=store)
        settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET)
        app = build_http_app(
            settings, service, client_base_url=slack.base_url, ack_budget_s=ack_budget_s
        )
        runner = http_runner(app)
        await runner.setup()
        try:
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            base = f"http://127.0.0.1:{bound_port(runner)}"
            async with SignedPoster(base + "/slack/events") as poster:
                yield Http(slack, poster, base, service, runner)
        finally:
            await runner.cleanup()


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every request on loopback, whatever proxy the environment names."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def http(engine: Engine) -> AsyncIterator[Http]:
    """A running HTTP-mode app with a generous rate limit."""
    async with running_http(engine) as running:
        yield running


def _actions(message: dict[str, Any], block_id: str) -> list[dict[str, Any]]:
    for block in message.get("blocks", []):
        if block["type"] == "actions" and block.get("block_id") == block_id:
            return list(block["elements"])
    return []


def _tool(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    """Return the Share or Report button of an answer."""
    (button,) = [b for b in _actions(message, TOOLS_BLOCK_ID) if b["action_id"] == action_id]
    return button


def _first_text(message: dict[str, Any]) -> str:
    return str(message["blocks"][0]["text"]["text"])


def _assert_valid_ephemeral(reply: HttpReply) -> dict[str, Any]:
    assert reply.status == 200, reply.body
    body: dict[str, Any] = reply.json()
    assert body["response_type"] == "ephemeral"
    assert message_problems(body) == [], message_problems(body)
    return body


@pytest.mark.parametrize("spec", COMMANDS, ids=[c.name for c in COMMANDS])
async def test_every_slash_command_answers_ephemerally_in_the_ack(http: Http, spec: Any) -> None:
    """Each shared command answers privately, in the acknowledgement, with Share and Report
    buttons (after More, when the whole record adds something)."""
    reply = await http.command(spec.name, spec.usage_hint)
    body = _assert_valid_ephemeral(reply)
    tools = [b["action_id"] for b in _actions(body, TOOLS_BLOCK_ID)]
    assert tools in ([ACTION_SHARE, ACTION_REPORT], [ACTION_MORE, ACTION_SHARE, ACTION_REPORT])
    assert body["text"].strip()
    assert http.slack.posts() == [] and http.slack.responses == []


async def test_mention_is_answered_in_a_thread_under_it(http: Http) -> None:
    """An @mention gets a public reply in the thread whose root is the mention."""
    event = mention("when did Morocco join?")
    reply = await http.event(event)
    assert reply.status == 200
    [post] = await http.slack.wait_for_posts(1)
    assert post.body["channel"] == CHANNEL_ID
    assert post.body["thread_ts"] == event["ts"]
    assert post.token == BOT_TOKEN
    assert "Morocco" in _first_text(post.body)
    assert message_problems(post.body) == []
    assert post.body["unfurl_links"] is False


async def test_follow_up_in_the_thread_uses_the_thread_state(http: Http, engine: Engine) -> None:
    """ "and Sudan?" in the mention's thread follows up on it; in a new thread it does not."""
    first = engine.ask("when did Morocco join?")
    follow_up = engine.ask("and Sudan?", first.state).answer.title
    fresh = engine.ask("and Sudan?").answer.title
    assert follow_up != fresh  # the core itself treats the two differently
    root = mention("when did Morocco join?")
    await http.event(root)
    await http.slack.wait_for_posts(1)
    await http.event(mention("and Sudan?", thread_ts=root["ts"]))
    await http.event(mention("and Sudan?"))
    posts = await http.slack.wait_for_posts(3)
    by_thread = {p.body["thread_ts"]: _first_text(p.body) for p in posts[1:]}
    assert by_thread.pop(root["ts"]).startswith(f"*{follow_up}*")
    [other] = by_thread.values()
    assert other.startswith(f"*{fresh}*")


async def test_direct_message_is_answered_in_the_dm(http: Http) -> None:
    """A DM is answered in the DM, not in a thread."""
    reply = await http.event(direct_message("who are the members?"))
    assert reply.status == 200
    [post] = await http.slack.wait_for_posts(1)
    assert post.body["channel"] == DM_CHANNEL_ID
    assert post.body.get("thread_ts") is None
    assert message_problems(post.body) == []


async def test_suggestion_button_answers_its_question_privately(http: Http) -> None:
    """Pressing a suggestion under an ephemeral answer answers that question ephemerally."""
    body = _assert_valid_ephemeral(await http.command("ask", "when did it join"))
    button = _actions(body, "suggestions")[0]
    url = http.slack.new_response_url()
    payload = block_actions(button_action(button, "suggestions"), response_url=url, ephemeral=True)
    assert (await http.press(payload)).status == 200
    [posted] = await http.slack.wait_for_responses(1)
    assert posted.body["response_type"] == "ephemeral"
    assert posted.body["replace_original"] is False
    expected = http.service.engine.ask(button["value"]).answer.title
    assert _first_text(posted.body).startswith(f"*{expected}*")
    assert http.slack.posts() == []


async def test_suggestion_button_in_a_thread_answers_in_the_thread(http: Http) -> None:
    """Pressing a suggestion under a threaded reply answers in that thread, publicly."""
    root = new_ts()
    await http.event(mention("when did it join", ts=root))
    [post] = await http.slack.wait_for_posts(1)
    button = _actions(post.body, "suggestions")[0]
    payload = block_actions(
        button_action(button, "suggestions"),
        response_url=http.slack.new_response_url(),
        ephemeral=False,
        thread_ts=root,
    )
    await http.press(payload)
    posts = await http.slack.wait_for_posts(2)
    assert posts[1].body["thread_ts"] == root
    expected = http.service.engine.ask(button["value"]).answer.title
    assert _first_text(posts[1].body).startswith(f"*{expected}*")


async def test_command_suggestion_runs_the_command(http: Http, engine: Engine) -> None:
    """A suggestion written as a command ("/member Qatar") runs that command."""
    button = {"type": "button", "action_id": "suggest_0", "value": "/member Qatar",
              "text": {"type": "plain_text", "text": "/member Qatar"}}  # fmt: skip
    url = http.slack.new_response_url()
    action = button_action(button, "suggestions")
    await http.press(block_actions(action, response_url=url, ephemeral=True))
    [posted] = await http.slack.wait_for_responses(1)
    expected = engine.run_command("member", "Qatar").answer.title
    assert _first_text(posted.body).startswith(f"*{expected}*")


async def test_share_button_posts_the_answer_in_the_channel(http: Http) -> None:
    """Share posts the same answer in the channel, credited, then deletes the private copy."""
    body = _assert_valid_ephemeral(await http.command("member", "Morocco"))
    share = _tool(body, ACTION_SHARE)
    url = http.slack.new_response_url()
    action = button_action(share, TOOLS_BLOCK_ID)
    await http.press(block_actions(action, response_url=url, ephemeral=True))
    shared, deleted = await http.slack.wait_for_responses(2)
    assert shared.body["response_type"] == "in_channel"
    assert shared.body["replace_original"] is False
    assert shared.body["blocks"][0] == body["blocks"][0]
    assert f"Shared by <@{USER_ID}>" in json.dumps(shared.body)
    buttons = [e for b in shared.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    # More and Report answer only the presser; nothing that would answer the channel
    assert [b["action_id"] for b in buttons] == [ACTION_MORE, ACTION_REPORT]
    assert deleted.body["delete_original"] is True
    assert {r.url_id for r in http.slack.responses} == {url.rsplit("/", 1)[1]}


async def test_share_after_a_restart_asks_again(http: Http) -> None:
    """A Share press whose kept answer is gone re-runs the command it came from."""
    value = json.dumps({"id": "gone", "command": "member", "argument": "Bahrain"})
    action = {
        "type": "button",
        "block_id": TOOLS_BLOCK_ID,
        "action_id": ACTION_SHARE,
        "value": value,
    }
    url = http.slack.new_response_url()
    await http.press(block_actions(action, response_url=url, ephemeral=True))
    shared, _ = await http.slack.wait_for_responses(2)
    assert shared.body["response_type"] == "in_channel"
    assert "Bahrain" in _first_text(shared.body)


async def test_pings_in_questions_never_reach_slack(http: Http) -> None:
    """`<!channel>`, `<!here>`, `<!everyone>` or a user mention in a question ping nobody."""
    raw = " ".join(PINGS)
    typed = raw.replace("<", "&lt;").replace(">", "&gt;")  # literal text, as Slack escapes it
    acks = [await http.command("ask", f"{raw} when did Morocco join?")]
    acks.append(await http.command("ask", f"{typed} zebra"))
    acks.append(await http.command("member", typed))
    await http.event(mention(f"{raw} {typed} when did Sudan join?"))
    await http.event(direct_message(f"{typed} qwerty"))
    await http.slack.wait_for_posts(2)
    sent = [a.body for a in acks] + http.slack.posted_texts()
    assert len(sent) == 5
    for text in sent:
        for ping in PINGS:
            assert ping not in text, (ping, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hey <@U024BE7LH|sam> when did bahrain join", ("Bahrain", "15 September 2020")),
        ("<!channel> <@U0OTHER99> when were the accords signed", ("15 September 2020",)),
        ("<!subteam^S0TEAM|@editors> <#C024BE7LR|general> when did bahrain join?", ("Bahrain",)),
    ],
)
async def test_mention_with_slack_markup_is_answered_and_pings_nobody(
    http: Http, text: str, expected: tuple[str, ...]
) -> None:
    """What Slack really sends for "@bot hey @sam when did bahrain join" (and "@channel @jo
    …") is answered as the plain question, and no mention or ping comes back."""
    await http.event(mention(text))
    [post] = await http.slack.wait_for_posts(1)
    shown = json.dumps(post.body, ensure_ascii=False)
    for part in expected:
        assert part in _first_text(post.body) + shown, (part, shown)
    assert "nothing on" not in shown
    for markup in ("<@", "<!", "<#", "U024BE7LH", "U0OTHER99", "S0TEAM"):
        assert markup not in shown, (markup, shown)


@pytest.mark.parametrize(
    "how",
    ["forged signature", "stale timestamp", "future timestamp", "missing headers", "other body"],
)
async def test_badly_signed_requests_are_refused(http: Http, how: str) -> None:
    """Forged, stale or unsigned requests get 401 and the app posts nothing at all."""
    fields = slash_command(
        "/ask", "when did Morocco join?", response_url=http.slack.new_response_url()
    )
    body = urlencode(fields).encode()
    now = int(time.time())
    kwargs: dict[str, Any] = {}
    if how == "forged signature":
        kwargs["signature"] = sign_request("not-the-secret", now, body)
    elif how == "stale timestamp":
        kwargs["timestamp"] = now - 6 * 60
    elif how == "future timestamp":
        kwargs["timestamp"] = now + 6 * 60
        kwargs["signature"] = sign_request(SIGNING_SECRET, now + 6 * 60, body)
    elif how == "missing headers":
        kwargs["sign"] = False
    else:
        kwargs["signature"] = sign_request(SIGNING_SECRET, now, body.replace(b"Morocco", b"Sudan"))
    event = mention("when did Morocco join?")
    replies = [
        await http.poster.post(body, "application/x-www-form-urlencoded", **kwargs),
        await http.poster.post(
            json.dumps(event_callback(event)).encode(), "application/json", **kwargs
        ),
    ]
    assert [r.status for r in replies] == [401, 401]
    await asyncio.sleep(0.2)
    assert http.slack.calls == [] and http.slack.responses == []


async def test_stale_signature_over_the_right_bytes_is_still_refused(http: Http) -> None:
    """A correct signature made five minutes and one second ago is refused."""
    fields = slash_command("/about", "", response_url=http.slack.new_response_url())
    body = urlencode(fields).encode()
    stamp = int(time.time()) - 301
    reply = await http.poster.post(
        body,
        "application/x-www-form-urlencoded",
        timestamp=stamp,
        signature=sign_request(SIGNING_SECRET, stamp, body),
    )
    assert reply.status == 401
    assert http.slack.calls == []


async def test_retried_event_is_answered_once(http: Http) -> None:
    """The same event delivered three times (retries 1 and 2) gets exactly one answer."""
    envelope = event_callback(mention("when did Bahrain join?"))
    replies = [await http.poster.event(envelope)]
    for attempt in (1, 2):
        headers = {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"}
        replies.append(await http.poster.event(envelope, headers=headers))
    assert [r.status for r in replies] == [200, 200, 200]
    await http.slack.wait_for_posts(1)
    await http.nothing_more(1)
    assert sum("Bahrain" in _first_text(p.body) for p in http.slack.posts()) == 1


async def test_longest_answers_fit_slack_limits(http: Http) -> None:
    """Every command answer of the fact base, the longest included, passes Slack's checks."""
    commands = sorted(
        {a.question for a in http.service.engine.every_answer() if a.question.startswith("/")}
    )
    assert len(commands) > 10
    sizes: list[tuple[int, str, dict[str, Any]]] = []
    for line in commands:
        name, _, argument = line[1:].partition(" ")
        body = _assert_valid_ephemeral(await http.command(name, argument))
        sizes.append((len(json.dumps(body)), line, body))
    _, line, longest = max(sizes)
    share = _tool(longest, ACTION_SHARE)
    url = http.slack.new_response_url()
    action = button_action(share, TOOLS_BLOCK_ID)
    await http.press(block_actions(action, response_url=url, ephemeral=True))
    shared, _ = await http.slack.wait_for_responses(2)
    assert message_problems(shared.body) == [], line
    assert block_problems(shared.body["blocks"]) == []


async def test_healthz_reports_the_knowledge_version(http: Http) -> None:
    """GET /healthz answers 200 with the fact base's as-of date and content hash."""
    timeout = aiohttp.ClientTimeout(total=WAIT_S)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.get(http.base + "/healthz") as resp,
    ):
        assert resp.status == 200
        body = await resp.json()
    kb = http.service.engine.kb
    assert body == {"ok": True, "as_of": kb.as_of, "knowledge": kb.content_hash}


async def _get(url: str) -> tuple[int, dict[str, Any]]:
    timeout = aiohttp.ClientTimeout(total=WAIT_S)
    async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url) as resp:
        return resp.status, await resp.json()


async def test_a_failing_store_answers_and_readiness_says_so(
    engine: Engine, tmp_path: Path
) -> None:
    """With a corrupt state file, /ask and a mention are answered, /healthz stays 200 and
    /readyz is 503 naming the failure; once the file is gone, /readyz is 200 again."""
    path = tmp_path / "state.db"
    path.write_bytes(b"not a database at all\n" * 100)
    store = SqliteStore(path)
    async with running_http(engine, store=store) as http:
        with errors_logged() as errors:
            reply = await http.command("ask", "when did Morocco join?")
            await http.event(mention("when did Bahrain join?"))
            await http.slack.wait_until(lambda: len(http.slack.posts()) == 1)
            live = await _get(http.base + "/healthz")
            ready = await _get(http.base + "/readyz")
        assert reply.status == 200 and "Morocco" in json.dumps(reply.json())
        assert "went wrong" not in json.dumps(reply.json())
        assert "Bahrain" in json.dumps(http.slack.posts()[0].body)
        assert live[0] == 200 and live[1]["ok"] is True
        assert ready[0] == 503 and "DatabaseError" in ready[1]["store"]
        assert {r.getMessage().split(" (")[0] for r in errors.records} == {"state store failing"}
        path.unlink()
        assert await _get(http.base + "/readyz") == (200, {"ready": True, "store": "ok"})
    await store.close()


async def test_subscribe_in_a_channel_the_bot_is_not_in_says_invite_me_first(
    http: Http,
) -> None:
    """/subscribe where the bot is not a member gets "invite me first" and no subscription;
    once it is in the channel, /subscribe works."""
    http.slack.not_in_channel.add(CHANNEL_ID)
    reply = await http.command("subscribe")
    assert reply.status == 200
    assert reply.json()["response_type"] == "ephemeral"
    assert "Invite me first" in json.dumps(reply.json())
    assert await http.service.store.subscriptions("slack") == []
    http.slack.not_in_channel.discard(CHANNEL_ID)
    joined = await http.command("subscribe")
    assert joined.json()["response_type"] == "in_channel"
    assert len(await http.service.store.subscriptions("slack")) == 1


async def test_rate_limited_user_gets_a_polite_private_reply(engine: Engine) -> None:
    """Past the per-user limit the reply is a polite notice: ephemeral, nothing to share."""
    async with running_http(engine, ServiceLimits(rate_count=2, rate_window_s=60)) as http:
        for _ in range(2):
            _assert_valid_ephemeral(await http.command("members"))
        body = _assert_valid_ephemeral(await http.command("members"))
        polite = rate_limited("", 30).title
        assert body["text"].startswith(polite)
        assert _actions(body, TOOLS_BLOCK_ID) == []
        event = mention("when did Morocco join?")
        await http.event(event)
        [notice] = await http.slack.wait_for_posts(1)
        assert notice.method == "chat.postEphemeral"
        assert notice.body["text"].startswith(polite)
        assert notice.body["user"] == USER_ID and notice.body["thread_ts"] == event["ts"]
        other = _assert_valid_ephemeral(await http.command("members", user=OTHER_USER_ID))
        assert not other["text"].startswith(polite)


async def test_own_and_other_bots_messages_are_ignored(http: Http) -> None:
    """Messages from this bot, other bots, edits and joins are never answered."""
    ignored = [
        direct_message("when did Morocco join?", user=BOT_USER_ID, bot_id="B0BOT"),
        direct_message("when did Morocco join?", bot_id="B0OTHER", subtype="bot_message"),
        direct_message(
            "when did Morocco join?",
            user="U0OTHERAPP",
            bot_id="B0OTHER",
            bot_profile={"id": "B0OTHER", "name": "other"},
        ),
        direct_message("when did Morocco join?", subtype="message_changed"),
        direct_message("when did Morocco join?", subtype="channel_join"),
        {**mention("when did Morocco join?"), "bot_id": "B0OTHER"},
        {
            **direct_message("when did Morocco join?"),
            "channel_type": "channel",
            "channel": CHANNEL_ID,
        },
    ]
    for event in ignored:
        assert (await http.event(event)).status == 200
    await http.nothing_more(0)


async def test_slow_answer_is_acknowledged_first_then_sent(engine: Engine) -> None:
    """When the answer misses the ack budget, the ack says so and the answer follows."""
    async with running_http(engine, ack_budget_s=0.0) as http:
        body = _assert_valid_ephemeral(await http.command("members"))
        assert body["text"] == "Looking that up…"
        [posted] = await http.slack.wait_for_responses(1)
        assert posted.body["response_type"] == "ephemeral"
        assert posted.body["replace_original"] is True
        assert message_problems(posted.body) == []


async def test_url_verification_challenge_is_answered(http: Http) -> None:
    """Slack's signed url_verification request gets its challenge back."""
    reply = await http.poster.event(
        {"type": "url_verification", "challenge": "c-123", "token": "t"}
    )
    assert reply.status == 200 and "c-123" in reply.body


async def test_shutdown_waits_for_replies_in_progress(engine: Engine) -> None:
    """Stopping the server lets a reply already being posted finish before it returns."""
    async with FakeSlack(post_delay_s=0.3) as slack, running_http(engine, slack=slack) as http:
        await http.event(mention("when did Morocco join?"))
        await slack.wait_until(lambda: slack.api("chat.postMessage"))
        assert "chat.postMessage" not in [c.method for c in slack.completed]
        await http.runner.cleanup()
        assert "chat.postMessage" in [c.method for c in slack.completed]

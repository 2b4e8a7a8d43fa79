"""The maintainers' loop on Slack, end to end: live facts and the wrong-fact report.

The real slack-bolt app (HTTP mode and Socket Mode) runs against the local fake Slack on
127.0.0.1. Facts are edited in a temporary copy of knowledge/; reports go to a log in a
temporary directory.
"""

from __future__ import annotations

import asyncio
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
from adapters.slack_bot.components import ACTION_REPORT, REPORT_CALLBACK_ID
from adapters.slack_bot.render import ACTION_MORE, ACTION_SHARE, TOOLS_BLOCK_ID
from adapters.slack_bot.serving import connect_socket_mode, http_runner
from bot.config import Settings
from bot.engine import Engine
from bot.infra.gaps import read_gaps
from bot.infra.reload import KnowledgeHolder, watch
from bot.infra.reportlog import ReportLog, read_reports
from bot.infra.runtime import Runtime, build_runtime
from bot.service import ChatService, ServiceLimits
from bot.service.statestore import MemoryStore
from tests.fakes.slack_server import (
    APP_TOKEN,
    BOT_TOKEN,
    CHANNEL_ID,
    OTHER_USER_ID,
    REPORT_CHANNEL_ID,
    SIGNING_SECRET,
    TEAM_ID,
    USER_ID,
    WAIT_S,
    FakeSlack,
    HttpReply,
    SignedPoster,
    block_actions,
    button_action,
    event_callback,
    mention,
    message_problems,
    sign_request,
    slash_command,
    view_problems,
    view_submission,
)
from tests.helpers import FACTS_DIR, until

PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY")
MOROCCO_DETAIL = "Donald Trump announced the deal on Twitter"  # a phrase in members.yaml
PINGS = ("<!everyone>", "<!channel>", f"<@{OTHER_USER_ID}>")


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every request on loopback, whatever proxy the environment names."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def _settings(tmp_path: Path, **changes: Any) -> Settings:
    base: dict[str, Any] = {
        "knowledge_dir": FACTS_DIR,
        "slack_bot_token": BOT_TOKEN,
        "slack_app_token": APP_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "rate_limit_count": 1000,
        "reports_log": tmp_path / "reports.jsonl",
    }
    base.update(changes)
    return Settings(**base)


def _runtime(engine: Engine, settings: Settings) -> Runtime:
    """A runtime over the already loaded frozen-facts engine (no second load per test)."""
    knowledge = KnowledgeHolder(settings.knowledge_dir, engine)
    store = MemoryStore()
    service = ChatService(
        knowledge.engine, ServiceLimits(rate_count=1000), platform="slack", store=store
    )
    return Runtime(knowledge, service, ReportLog(settings.reports_log), store)


@dataclass
class Served:
    """An HTTP-mode app, the fake Slack it talks to, and a signed client."""

    slack: FakeSlack
    poster: SignedPoster
    base: str

    async def command(self, name: str, text: str = "") -> dict[str, Any]:
        """Send a signed slash command; return the acknowledgement's JSON."""
        fields = slash_command(f"/{name}", text, response_url=self.slack.new_response_url())
        reply = await self.poster.form(fields)
        assert reply.status == 200, reply.body
        body: dict[str, Any] = reply.json()
        return body

    async def healthz(self) -> dict[str, Any]:
        """GET /healthz."""
        timeout = aiohttp.ClientTimeout(total=WAIT_S)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.get(self.base + "/healthz") as resp,
        ):
            body: dict[str, Any] = await resp.json()
            return body


@asynccontextmanager
async def serving(settings: Settings, runtime: Runtime) -> AsyncIterator[Served]:
    """Run the HTTP-mode app over `runtime` against a fresh fake Slack, on 127.0.0.1:0."""
    async with FakeSlack() as slack:
        app = build_http_app(
            settings, runtime.service, reports=runtime.reports, client_base_url=slack.base_url
        )
        runner = http_runner(app)
        await runner.setup()
        try:
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            base = f"http://127.0.0.1:{bound_port(runner)}"
            async with SignedPoster(base + "/slack/events") as poster:
                yield Served(slack, poster, base)
        finally:
            await runner.cleanup()


def _tool(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    """Return an answer's Share or Report button."""
    for block in message["blocks"]:
        if block["type"] == "actions" and block.get("block_id") == TOOLS_BLOCK_ID:
            for element in block["elements"]:
                if element["action_id"] == action_id:
                    return dict(element)
    raise AssertionError(f"no {action_id} button in {message['blocks']}")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _opened_view(slack: FakeSlack, trigger_id: str) -> dict[str, Any]:
    """Return the view opened with `trigger_id`, after checking Slack accepted it."""
    for call, result in slack.results:
        if call.method == "views.open" and call.body.get("trigger_id") == trigger_id:
            assert result["ok"], result
            view: dict[str, Any] = result["view"]
            return view
    raise AssertionError("no views.open with that trigger")


async def test_edited_fact_is_answered_live_and_a_broken_edit_is_refused(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    """The running app answers from an edited fact file within seconds (healthz and /about
    show the new version), logs what it cannot answer, and keeps the last good facts when an
    edit breaks the files."""
    settings = _settings(tmp_path, knowledge_dir=knowledge_copy, gaps_log=tmp_path / "gaps.jsonl")
    runtime = build_runtime(settings, "slack")
    holder = runtime.knowledge
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch(holder, poll_s=0.05, quiet_s=0.1, stop=stop))
    try:
        async with serving(settings, runtime) as app:
            before = await app.command("member", "Morocco")
            assert "MARKER-NEW" not in json.dumps(before["blocks"])
            old_version = holder.engine().kb.content_hash
            assert (await app.healthz())["knowledge"] == old_version

            _edit(knowledge_copy / "members.yaml", MOROCCO_DETAIL, "MARKER-NEW " + MOROCCO_DETAIL)
            await until(lambda: holder.engine().kb.content_hash != old_version, "the reload")
            new_version = holder.engine().kb.content_hash
            after = await app.command("member", "Morocco")
            assert "MARKER-NEW" in json.dumps(after["blocks"])
            assert json.loads(_tool(after, ACTION_REPORT)["value"])["v"] == new_version
            assert f"knowledge version {new_version}" in json.dumps(await app.command("about"))
            assert (await app.healthz())["knowledge"] == new_version

            attempts = holder.reloads
            _edit(knowledge_copy / "members.yaml", "status: stalled", "status: sort-of")
            await until(lambda: holder.reloads > attempts, "the refused reload")
            still = await app.command("member", "Morocco")
            assert "MARKER-NEW" in json.dumps(still["blocks"])
            assert (await app.healthz())["knowledge"] == new_version

            await app.command("ask", "bananas and kiwis")
    finally:
        stop.set()
        await asyncio.wait_for(watcher, WAIT_S)
    gaps = read_gaps(tmp_path / "gaps.jsonl")
    assert [(g["platform"], g["question"]) for g in gaps] == [("slack", "bananas and kiwis")]


async def test_an_answer_shared_after_a_reload_reports_the_facts_that_answered_it(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    """A Share pressed after the facts were reloaded posts the kept answer, and its report
    button names the version that answered it, not the one serving at the press."""
    settings = _settings(tmp_path, knowledge_dir=knowledge_copy)
    runtime = build_runtime(settings, "slack")
    holder = runtime.knowledge
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch(holder, poll_s=0.05, quiet_s=0.1, stop=stop))
    try:
        async with serving(settings, runtime) as app:
            old_version = holder.engine().kb.content_hash
            body = await app.command("member", "Morocco")
            _edit(knowledge_copy / "members.yaml", MOROCCO_DETAIL, "MARKER-NEW " + MOROCCO_DETAIL)
            await until(lambda: holder.engine().kb.content_hash != old_version, "the reload")
            action = button_action(_tool(body, ACTION_SHARE), TOOLS_BLOCK_ID)
            url = app.slack.new_response_url()
            reply = await app.poster.interaction(
                block_actions(action, response_url=url, ephemeral=True)
            )
            assert reply.status == 200
            shared, _ = await app.slack.wait_for_responses(2)
            assert shared.body["response_type"] == "in_channel"
            assert "MARKER-NEW" not in json.dumps(shared.body)  # the kept answer, as it was
            assert json.loads(_tool(shared.body, ACTION_REPORT)["value"])["v"] == old_version
    finally:
        stop.set()
        await asyncio.wait_for(watcher, WAIT_S)


async def test_report_button_files_a_report_with_the_maintainers(
    engine: Engine, tmp_path: Path
) -> None:
    """Report button → modal (views.open, report in private_metadata) → submitted note: the
    reporter is thanked privately, the log gets a line without user or channel ids, and the
    maintainers' channel gets the report, escaped so it pings nobody."""
    settings = _settings(tmp_path, slack_report_channel=REPORT_CHANNEL_ID)
    runtime = _runtime(engine, settings)
    expected = engine.run_command("member", "Morocco").answer
    async with serving(settings, runtime) as app:
        slack = app.slack
        body = await app.command("member", "Morocco")
        button = _tool(body, ACTION_REPORT)
        assert button["text"]["text"] == "Report a wrong fact"
        assert len(button["value"]) <= 2000

        trigger, url = slack.new_trigger_id(), slack.new_response_url()
        action = button_action(button, TOOLS_BLOCK_ID)
        press = block_actions(action, response_url=url, ephemeral=True, trigger_id=trigger)
        assert (await app.poster.interaction(press)).status == 200
        await slack.wait_until(lambda: slack.api("views.open"))
        view = _opened_view(slack, trigger)
        assert view_problems(view) == []
        assert view["callback_id"] == REPORT_CALLBACK_ID
        assert view["title"]["text"] == "Report a wrong fact"
        (note_block,) = [b for b in view["blocks"] if b["type"] == "input"]
        assert note_block["optional"] is True
        assert note_block["label"]["text"] == "What is wrong? (optional)"
        assert note_block["element"]["multiline"] is True
        carried = json.loads(view["private_metadata"])
        assert carried["q"] == "/member Morocco"
        assert carried["f"] == list(expected.fact_ids)
        assert carried["v"] == engine.kb.content_hash
        assert carried["r"] == url

        note = f"{' '.join(PINGS)} signed on the 22nd & not the 10th"
        reply = await app.poster.interaction(view_submission(view, {"note": note}))
        assert (reply.status, reply.body) == (200, "")  # an empty ack closes the modal

        await slack.wait_until(lambda: slack.api("chat.postMessage"))
        (post,) = slack.api("chat.postMessage")
        assert post.body["channel"] == REPORT_CHANNEL_ID
        assert message_problems(post.body) == []
        assert post.body["unfurl_links"] is False
        sent = json.dumps(post.body)
        assert all(ping not in sent for ping in PINGS)
        assert "&lt;!everyone&gt;" in post.body["text"]
        assert "/member Morocco" in post.body["text"]
        assert all(fact in post.body["text"] for fact in expected.fact_ids)

        (thanks,) = await slack.wait_for_responses(1)
        assert thanks.url_id == url.rsplit("/", 1)[1]
        assert thanks.body["response_type"] == "ephemeral"
        assert thanks.body["replace_original"] is False
        assert "Thank you" in thanks.body["text"]
        await until(lambda: bool(read_reports(settings.reports_log)), "the report log line")

    (entry,) = read_reports(settings.reports_log)
    assert entry["question"] == "/member Morocco"
    assert entry["fact_ids"] == list(expected.fact_ids)
    assert entry["platform"] == "slack"
    assert entry["note"] == note
    assert entry["knowledge_version"] == engine.kb.content_hash
    assert entry["as_of"] == expected.as_of
    assert str(entry["answer"]).startswith(expected.title)
    raw = settings.reports_log.read_text(encoding="utf-8")
    for identifier in (USER_ID, CHANNEL_ID, TEAM_ID, REPORT_CHANNEL_ID):
        assert identifier not in raw


async def test_report_submission_needs_slacks_signature(engine: Engine, tmp_path: Path) -> None:
    """A forged or stale view_submission is refused with 401: nothing logged or posted."""
    settings = _settings(tmp_path, slack_report_channel=REPORT_CHANNEL_ID)
    async with serving(settings, _runtime(engine, settings)) as app:
        body = await app.command("member", "Bahrain")
        trigger = app.slack.new_trigger_id()
        action = button_action(_tool(body, ACTION_REPORT), TOOLS_BLOCK_ID)
        press = block_actions(
            action, response_url=app.slack.new_response_url(), ephemeral=True, trigger_id=trigger
        )
        await app.poster.interaction(press)
        await app.slack.wait_until(lambda: app.slack.api("views.open"))
        submission = view_submission(_opened_view(app.slack, trigger), {"note": "forged"})
        form = urlencode({"payload": json.dumps(submission)}).encode()
        now = int(time.time())
        replies: list[HttpReply] = [
            await app.poster.post(
                form,
                "application/x-www-form-urlencoded",
                signature=sign_request("not-the-secret", now, form),
            ),
            await app.poster.post(form, "application/x-www-form-urlencoded", timestamp=now - 400),
            await app.poster.post(form, "application/x-www-form-urlencoded", sign=False),
        ]
        assert [r.status for r in replies] == [401, 401, 401]
        await asyncio.sleep(0.2)
        assert app.slack.api("chat.postMessage") == [] and app.slack.responses == []
    assert read_reports(settings.reports_log) == []


async def test_report_from_a_threaded_answer_over_socket_mode(
    engine: Engine, tmp_path: Path
) -> None:
    """Over Socket Mode a mention's public answer carries the report button (no Share); the
    report is filed and the reporter thanked; with no maintainers' channel nothing is posted."""
    settings = _settings(tmp_path)
    runtime = _runtime(engine, settings)
    async with FakeSlack() as slack:
        connection = await asyncio.wait_for(
            connect_socket_mode(
                settings,
                runtime.service,
                reports=runtime.reports,
                client_base_url=slack.base_url,
                ping_interval_s=0.2,
            ),
            WAIT_S,
        )
        try:
            event = mention("when did Sudan join?")
            await slack.send_envelope("events_api", event_callback(event))
            (answer,) = await slack.wait_for_posts(1)
            actions = [b for b in answer.body["blocks"] if b.get("block_id") == TOOLS_BLOCK_ID]
            shown = [e["action_id"] for e in actions[0]["elements"]]
            assert shown == [ACTION_MORE, ACTION_REPORT]  # both answer only the presser
            with pytest.raises(AssertionError):
                _tool(answer.body, ACTION_SHARE)

            trigger, url = slack.new_trigger_id(), slack.new_response_url()
            press = block_actions(
                button_action(_tool(answer.body, ACTION_REPORT), TOOLS_BLOCK_ID),
                response_url=url,
                ephemeral=False,
                thread_ts=event["ts"],
                trigger_id=trigger,
            )
            await slack.send_envelope("interactive", press)
            await slack.wait_until(lambda: slack.api("views.open"))
            view = _opened_view(slack, trigger)
            ack = await slack.send_envelope("interactive", view_submission(view, {}))
            assert not ack.get("payload")  # closes the modal
            (thanks,) = await slack.wait_for_responses(1)
            assert thanks.body["response_type"] == "ephemeral"
            await until(lambda: bool(read_reports(settings.reports_log)), "the report log line")
            assert len(slack.posts()) == 1  # the answer itself; no maintainers' channel set
        finally:
            await asyncio.wait_for(connection.close(drain_s=1.0), WAIT_S)
    (entry,) = read_reports(settings.reports_log)
    expected = engine.ask("when did Sudan join?").answer
    assert (entry["question"], entry["note"]) == ("when did Sudan join?", "")
    assert entry["fact_ids"] == list(expected.fact_ids)


async def test_the_fake_opens_views_only_as_slack_would() -> None:
    """views.open refuses unknown, reused and expired trigger ids and oversized views."""
    async with FakeSlack() as slack, aiohttp.ClientSession() as session:
        headers = {"Authorization": f"Bearer {BOT_TOKEN}"}

        async def views_open(trigger_id: str, view: dict[str, Any]) -> dict[str, Any]:
            body = {"trigger_id": trigger_id, "view": view}
            url = slack.base_url + "views.open"
            async with session.post(url, json=body, headers=headers) as resp:
                answer: dict[str, Any] = await resp.json()
                return answer

        good: dict[str, Any] = {
            "type": "modal",
            "title": {"type": "plain_text", "text": "Report a wrong fact"},
            "submit": {"type": "plain_text", "text": "Send"},
            "blocks": [
                {
                    "type": "input",
                    "block_id": "note",
                    "label": {"type": "plain_text", "text": "What is wrong?"},
                    "element": {"type": "plain_text_input", "action_id": "note"},
                }
            ],
        }
        assert (await views_open("made-up", good))["error"] == "invalid_trigger_id"
        trigger = slack.new_trigger_id()
        assert (await views_open(trigger, good))["ok"]
        assert (await views_open(trigger, good))["error"] == "exchanged_trigger_id"
        for bad in (
            {**good, "title": {"type": "plain_text", "text": "t" * 25}},
            {**good, "private_metadata": "m" * 3001},
            {k: v for k, v in good.items() if k != "submit"},
            {**good, "blocks": [{"type": "divider"}] * 101},
        ):
            answer = await views_open(slack.new_trigger_id(), bad)
            assert answer["error"] == "invalid_blocks", bad
        late = slack.new_trigger_id()
        slack._triggers[late] = time.monotonic() - 3.5  # issued 3.5 s ago
        assert (await views_open(late, good))["error"] == "expired_trigger_id"

"""Pure tests of the Slack renderer and the inbound text translation (no network)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack_bot.components import (
    ACTION_REPORT,
    render_report_form,
    report_from_form,
    report_from_value,
    report_value,
)
from adapters.slack_bot.mrkdwn import escape_mrkdwn
from adapters.slack_bot.payload import plain_text_from_slack
from adapters.slack_bot.render import (
    ACTION_SHARE,
    ACTION_SUGGEST_PATTERN,
    MAX_BLOCKS,
    MAX_FALLBACK_TEXT,
    MAX_SUGGESTION_BUTTONS,
    TOOLS_BLOCK_ID,
    SlackMessage,
    render_answer,
    render_notice,
)
from bot.answer import Answer, AnswerField, AnswerKind, Source, Status
from bot.engine import Engine
from bot.service.reports import Report
from tests.adapters.sources import CITED
from tests.fakes.slack_server import BOT_USER_ID, block_problems, view_problems, view_submission

PINGS = ("<!channel>", "<!here>", "<!everyone>", "<@U0BOB>", "<!subteam^S1|@team>")


def _answer(**overrides: Any) -> Answer:
    base: dict[str, Any] = {
        "question": "When did Morocco join?",
        "status": Status.ANSWERED,
        "title": "When Morocco joined",
        "body": "Announced on 10 December 2020; signed on 22 December 2020.",
        "fields": (AnswerField("Status", "Relations restored"),),
        "sources": (Source("US State Department", "https://www.state.gov/abraham-accords/"),),
        "suggestions": ("Tell me about Morocco", "When did Sudan join?"),
        "as_of": "June 2026",
        "fact_ids": ("morocco",),
        "score": 97.0,
        "intent": "member_when",
        "notes": ("Sources disagree on the exact day of the announcement.",),
    }
    base.update(overrides)
    return Answer(**base)


def _mrkdwn_texts(message: SlackMessage) -> list[str]:
    """Return every mrkdwn string Slack would parse in the message, fallback included."""
    out = [message.text]
    for block in message.blocks:
        if block["type"] == "section":
            out.append(block["text"]["text"])
        elif block["type"] == "context":
            out.extend(e["text"] for e in block["elements"])
    return out


def _our_markup_removed(text: str) -> str:
    """Drop the markup the renderer builds itself (links, the sharer's mention)."""
    text = re.sub(r"<https?://[^<>|\s]+\|[^<>]*>", "", text)
    return re.sub(rf"Shared by <@{BOT_USER_ID}>|Shared by <@U0ALICE>", "", text)


def _buttons(message: SlackMessage, block_id: str) -> list[dict[str, Any]]:
    for block in message.blocks:
        if block["type"] == "actions" and block["block_id"] == block_id:
            return list(block["elements"])
    return []


def test_escape_mrkdwn_escapes_the_three_control_characters() -> None:
    """`&`, `<` and `>` become entities; `&` first, so entities are not double-escaped."""
    assert escape_mrkdwn("a & b <!channel> c > d") == "a &amp; b &lt;!channel&gt; c &gt; d"


def test_answer_renders_title_body_sources_as_of_and_buttons() -> None:
    """A typical answer: bold title and body, source links, "Facts as of", one button each."""
    message = render_answer(_answer(), share_value="v1")
    assert block_problems(list(message.blocks)) == []
    first = message.blocks[0]["text"]["text"]
    assert first.startswith("*When Morocco joined*")
    context = [e["text"] for b in message.blocks if b["type"] == "context" for e in b["elements"]]
    assert "Sources: <https://www.state.gov/abraham-accords/|US State Department>" in context
    assert "Facts as of June 2026" in context
    suggestions = _buttons(message, "suggestions")
    assert [b["value"] for b in suggestions] == ["Tell me about Morocco", "When did Sudan join?"]
    assert all(ACTION_SUGGEST_PATTERN.match(b["action_id"]) for b in suggestions)
    share, report = _buttons(message, TOOLS_BLOCK_ID)
    assert (share["action_id"], share["value"]) == (ACTION_SHARE, "v1")
    assert report["action_id"] == ACTION_REPORT
    assert message.text.startswith("When Morocco joined\n")


def test_shared_answer_credits_the_sharer_and_has_no_buttons() -> None:
    """A shared copy names who shared it and carries no suggestion or share buttons; only
    the report button, which answers nobody but the presser."""
    message = render_answer(_answer(), shared_by="U0ALICE", suggestions=False)
    actions = [b for b in message.blocks if b["type"] == "actions"]
    assert [e["action_id"] for b in actions for e in b["elements"]] == [ACTION_REPORT]
    context = [e["text"] for b in message.blocks if b["type"] == "context" for e in b["elements"]]
    assert "Shared by <@U0ALICE>" in context


def test_sharer_credit_accepts_only_a_real_user_id() -> None:
    """A malformed user id is never turned into a mention."""
    message = render_answer(_answer(), shared_by="<!channel>")
    assert "<!channel>" not in json.dumps(message.payload())


def test_pings_in_any_text_are_escaped_everywhere() -> None:
    """Pings in every text field render as harmless text, in blocks and in the fallback."""
    ping = " ".join(PINGS)
    answer = _answer(
        question=ping,
        title=f"About {ping}",
        body=f"You asked about {ping} & more",
        fields=(AnswerField(ping, ping),),
        sources=(Source(f"Title {ping}", "https://example.org/a?b=1&c=2"),),
        suggestions=(f"Ask {ping}",),
        as_of=ping,
        notes=(ping,),
    )
    message = render_answer(answer, share_value=ping)
    for text in _mrkdwn_texts(message):
        rest = _our_markup_removed(text)
        assert "<" not in rest and ">" not in rest, text
    assert "&lt;!channel&gt;" in message.blocks[0]["text"]["text"]
    assert "<https://example.org/a?b=1&amp;c=2|Title &lt;!channel&gt;" in json.dumps(
        message.payload()
    )


def test_source_without_http_url_is_shown_as_text() -> None:
    """A source whose URL is not plain http(s) is shown by title, never as a link."""
    answer = _answer(sources=(Source("Archive", "javascript:alert(1)"),))
    context = json.dumps(render_answer(answer).payload())
    assert "Sources: Archive" in context and "javascript" not in context


def test_a_records_many_sources_read_one_line_per_publisher() -> None:
    """A More's many sources are grouped by who published them, each page still a link; an
    answer's few are listed one by one under their full titles."""
    cited = CITED
    context = json.dumps(render_answer(_answer(sources=cited)).payload(), ensure_ascii=False)
    wire = "Wire: <https://example.org/1|First story>; <https://example.org/3|Third story>"
    assert wire in context
    assert " · Paper: <https://example.org/2|Second story> · " in context
    assert "<https://example.org/4|A page with no publisher>" in context
    few = json.dumps(render_answer(_answer(sources=cited[:2])).payload(), ensure_ascii=False)
    assert "<https://example.org/1|Wire: First story> · <https://example.org/2|" in few


def test_long_body_splits_into_sections_without_cutting_entities() -> None:
    """A body far over 3,000 characters splits into valid sections; no `&…;` is cut."""
    body = ("Morocco & Israel " * 400) + "\n" + ("x&" * 2000) + "\n" + ("<" * 5000)
    message = render_answer(_answer(body=body))
    assert block_problems(list(message.blocks)) == []
    for block in message.blocks:
        if block["type"] == "section":
            text = block["text"]["text"]
            assert not re.search(r"&[a-z]{0,3}$", text), text[-10:]
            assert not re.match(r"^[a-z]{1,3};", text), text[:10]
    assert len(message.text) <= MAX_FALLBACK_TEXT and message.text.endswith("…")


def test_many_sources_and_suggestions_stay_within_limits() -> None:
    """Fifty sources and thirty suggestions fit: context and actions blocks are bounded."""
    answer = _answer(
        sources=tuple(Source(f"Source {i} " * 20, f"https://example.org/{i}") for i in range(50)),
        suggestions=tuple(f"Question number {i}?" for i in range(30)),
    )
    message = render_answer(answer, share_value="x" * 5000)
    assert block_problems(list(message.blocks)) == []
    assert len(_buttons(message, "suggestions")) == MAX_SUGGESTION_BUTTONS
    assert "Question number 29?" in json.dumps(message.payload())
    links = re.findall(r"<https://example\.org/\d+\|", json.dumps(message.payload()))
    assert len(links) == 50


def test_huge_answer_is_shortened_to_fifty_blocks() -> None:
    """An answer needing more than 50 blocks is cut, with a notice, keeping the buttons."""
    fields = tuple(AnswerField(f"Field {i}", "word " * 590) for i in range(80))
    message = render_answer(_answer(fields=fields), share_value="v")
    assert len(message.blocks) == MAX_BLOCKS
    assert block_problems(list(message.blocks)) == []
    assert message.blocks[-1]["block_id"] == TOOLS_BLOCK_ID
    assert any("shortened" in b.get("text", {}).get("text", "") for b in message.blocks)


def test_long_suggestion_is_truncated_on_the_button_but_kept_in_the_value() -> None:
    """Button text stops at 75 characters; the value keeps the whole question."""
    question = "Why " + "very " * 40 + "long?"
    button = _buttons(render_answer(_answer(suggestions=(question,))), "suggestions")[0]
    assert len(button["text"]["text"]) <= 75 and button["text"]["text"].endswith("…")
    assert button["value"] == question


def test_empty_answer_still_has_text() -> None:
    """An answer with no text at all still renders a non-empty section and fallback."""
    message = render_answer(_answer(title="", body="", fields=(), notes=(), sources=()))
    assert block_problems(list(message.blocks)) == []
    assert message.text.strip()


def test_notice_is_escaped() -> None:
    """A notice renders as one escaped section with the same fallback."""
    message = render_notice("Looking <!here> up…")
    assert message.text == "Looking &lt;!here&gt; up…"
    assert block_problems(list(message.blocks)) == []


def test_plain_text_from_slack_undoes_slack_markup() -> None:
    """Slack's markup becomes plain text: mentions (the bot's too) and pings disappear,
    channels and links become their names, entities are unescaped."""
    raw = (
        f"<@{BOT_USER_ID}> is <!channel> or <!here|here> &amp; <@U0BOB|bob> in <#C1|general> "
        "per <https://example.org|this page> or <https://example.org/x> &lt;b&gt;?"
    )
    assert plain_text_from_slack(raw) == (
        "is or & in general per this page or https://example.org/x <b>?"
    )


def test_plain_text_drops_mentions_and_collapses_space() -> None:
    """Mentions of people and groups disappear; runs of whitespace collapse."""
    assert plain_text_from_slack("  <@U0BOB>\n\nwhen   did <!subteam^S1|@team> join ") == (
        "when did join"
    )


_text = st.text(max_size=400)  # any code point but surrogates, which UTF-8 cannot carry


@settings(max_examples=150, deadline=None)
@given(
    title=_text,
    body=st.text(max_size=9000),
    fields=st.lists(st.tuples(_text, st.text(max_size=3000)), max_size=12),
    sources=st.lists(st.tuples(_text, _text), max_size=30),
    suggestions=st.lists(_text, max_size=30),
    notes=st.lists(_text, max_size=10),
    status=st.sampled_from(Status),
    share=st.one_of(st.none(), _text),
)
def test_any_answer_renders_within_slack_limits(
    title: str,
    body: str,
    fields: list[tuple[str, str]],
    sources: list[tuple[str, str]],
    suggestions: list[str],
    notes: list[str],
    status: Status,
    share: str | None,
) -> None:
    """Whatever an answer holds, the blocks pass Slack's checks and nothing unescaped leaks."""
    answer = Answer(
        question=title,
        status=status,
        title=title,
        body=body,
        fields=tuple(AnswerField(n, v) for n, v in fields),
        sources=tuple(Source(t, u) for t, u in sources),
        suggestions=tuple(suggestions),
        as_of="June 2026",
        notes=tuple(notes),
    )
    message = render_answer(answer, share_value=share)
    assert block_problems(list(message.blocks)) == []
    assert 0 < len(message.text) <= MAX_FALLBACK_TEXT
    for text in _mrkdwn_texts(message):
        rest = _our_markup_removed(text)
        assert "<" not in rest and ">" not in rest


def test_every_answer_of_the_fact_base_renders_within_limits(engine: Engine) -> None:
    """Every answer the frozen fact base can give passes Slack's checks, shared or not."""
    count = 0
    for answer in engine.every_answer():
        for message in (
            render_answer(answer, share_value=json.dumps({"id": "x" * 16, "argument": "y" * 1500})),
            render_answer(answer, shared_by="U0ALICE", suggestions=False),
        ):
            assert block_problems(list(message.blocks)) == [], answer.question
            assert 0 < len(message.text) <= MAX_FALLBACK_TEXT
        count += 1
    assert count > 50


def test_report_button_is_on_answered_answers_only() -> None:
    """Answered answers get "Report a wrong fact"; clarifications, unknowns and rate-limit
    notices do not."""
    (report,) = _buttons(render_answer(_answer(knowledge_version="abc")), TOOLS_BLOCK_ID)
    assert (report["action_id"], report["text"]["text"]) == (ACTION_REPORT, "Report a wrong fact")
    assert json.loads(report["value"])["v"] == "abc"
    for answer in (
        _answer(status=Status.CLARIFY),
        _answer(status=Status.NO_ANSWER),
        _answer(status=Status.NO_ANSWER, kind=AnswerKind.RATE_LIMITED, suggestions=()),
    ):
        assert _buttons(render_answer(answer), TOOLS_BLOCK_ID) == []


def test_every_answer_carries_a_report_that_reads_back(engine: Engine) -> None:
    """For every answered answer of the fact base the report value fits 2,000 characters and
    rebuilds the question, every fact id (or a "+N more" for the rest) and the version."""
    answered = [a for a in engine.every_answer() if a.status is Status.ANSWERED]
    assert len(answered) > 50
    for answer in answered:
        value = report_value(replace(answer, knowledge_version=engine.kb.content_hash))
        assert len(value) <= 2000
        report = report_from_value(value)
        assert report is not None
        assert report.question == answer.question
        assert report.knowledge_version == engine.kb.content_hash
        ids = [i for i in report.fact_ids if not i.startswith("+")]
        assert tuple(ids) == answer.fact_ids[: len(ids)]
        if len(ids) < len(answer.fact_ids):
            assert report.fact_ids[-1] == f"+{len(answer.fact_ids) - len(ids)} more"
        assert answer.text().startswith(report.answer.removesuffix("…"))


def test_report_value_of_an_extreme_answer_is_cut_in_order() -> None:
    """Markup-heavy text and hundreds of ids: the answer text goes first, then ids, always
    within 2,000 characters and readable."""
    answer = _answer(
        question="<" * 400,
        body="&" * 3000,
        fact_ids=tuple(f"fact-number-{i}" for i in range(300)),
        knowledge_version="v" * 100,
    )
    value = report_value(answer)
    assert len(value) <= 2000 and "<" not in value and "&" not in value
    report = report_from_value(value)
    assert report is not None
    assert report.fact_ids[-1].endswith(" more") and len(report.fact_ids) > 1
    assert report_from_value("not json") is None
    bad_id = {"q": "q", "f": ["Not An Id"], "v": "", "a": "", "t": ""}
    assert report_from_value(json.dumps(bad_id)) is None


def test_report_form_fits_slacks_view_limits_and_carries_the_report() -> None:
    """The modal passes Slack's view checks whatever the report holds; its metadata carries
    the report and the response_url, and the submitted note comes back with it."""
    report = Report(
        question="<!channel> " * 60,
        answer="& " * 2000,
        fact_ids=tuple(f"fact-{i}" for i in range(400)),
        platform="slack",
        as_of="June 2026",
        knowledge_version="71eada530c75",
    )
    url = "https://hooks.slack.com/actions/T0/1/" + "x" * 200
    view = render_report_form(report, url)
    assert view_problems(view) == []
    assert len(view["private_metadata"]) <= 3000
    assert "<!channel>" not in json.dumps(view)
    submitted = view_submission(view, {"note": "  the date is wrong  "})["view"]
    found = report_from_form(submitted)
    assert found is not None
    carried, response_url = found
    assert response_url == url
    assert carried.note == "the date is wrong"
    assert carried.knowledge_version == "71eada530c75"
    assert report_from_form({**submitted, "private_metadata": "{}"}) is None


def test_report_for_the_channel_is_escaped() -> None:
    """The maintainers' copy shows pings and markup literally, within Slack's limits."""
    report = Report(
        question="<!here> when?",
        answer="answer",
        fact_ids=("morocco",),
        platform="slack",
        note="<@U0BOB> <!everyone> " * 100,
    )
    message = render_notice(report.summary())  # what the listener posts
    assert block_problems(list(message.blocks)) == []
    sent = json.dumps(message.payload())
    assert "<!here>" not in sent and "<!everyone>" not in sent and "<@U0BOB>" not in sent
    assert "&lt;!everyone&gt;" in message.text


# --- labels in the answer's language --------------------------------------------------------


def test_a_russian_answer_has_russian_labels_in_block_kit() -> None:
    """Sources, the as-of line and the fallback's suggestions are labelled in Russian."""
    from tests.multilingual.asking import RUSSIAN_ANSWERED, RUSSIAN_UNKNOWN, answer_to

    answered = answer_to(RUSSIAN_ANSWERED)
    texts = _mrkdwn_texts(render_answer(answered))
    assert any(t.startswith("Источники: <https://") for t in texts)
    assert f"Факты на {answered.as_of}" in texts
    fallback = render_answer(answer_to(RUSSIAN_UNKNOWN)).text
    assert "\nПопробуйте: " in fallback
    for text in [*texts, fallback]:
        assert "Sources" not in text and "Facts as of" not in text and "Try:" not in text


def test_a_russian_answer_has_no_english_label_in_block_kit() -> None:
    """A Russian answer's notes, buttons, extra suggestions and contested line are Russian."""
    from tests.multilingual.asking import answer_to

    answer = answer_to("Как присоединился Марокко?")
    many = replace(answer, suggestions=tuple(f"Вопрос {i}?" for i in range(12)), contested=True)
    message = render_answer(many, share_value="x")
    texts = _mrkdwn_texts(message)
    buttons = [
        e["text"]["text"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert any(t.startswith("*Оговорк") and "\n• Примечание: " in t for t in texts)
    assert any(t.startswith("*Можно также спросить:*\n") for t in texts)
    assert "Спорная тема: каждая точка зрения приписана тому, кто её высказывает." in texts
    assert {"Подробнее", "Поделиться в канале", "Сообщить о неверном факте"} <= set(buttons)
    english = ("Note:", "Caveat", "More you can ask", "Contested", "Share in", "Report a", "More")
    for text in [*texts, *buttons]:
        assert not any(word in text for word in english), text


def test_an_english_caveat_is_labelled_once() -> None:
    """A caveat already says "Note:"; the Slack rendering does not add a second one."""
    answer = _answer(notes=("Note: sources disagree.",))
    texts = _mrkdwn_texts(render_answer(answer))
    assert "*Caveat*\n• Note: sources disagree." in texts
    assert not any("Note: Note:" in t or "_Note:_" in t for t in texts)


def test_an_arabic_answer_isolates_its_latin_sources_and_date_in_block_kit() -> None:
    """In an Arabic answer the English source titles and the as-of date are bidi-isolated."""
    from tests.multilingual.asking import ARABIC_ANSWERED, FSI, PDI, answer_to

    answer = answer_to(ARABIC_ANSWERED)
    texts = _mrkdwn_texts(render_answer(answer))
    title = escape_mrkdwn(answer.sources[0].title)
    assert any(t.startswith("المصادر: <https://") and f"|{FSI}{title}{PDI}>" in t for t in texts)
    assert f"الحقائق حتى {FSI}{answer.as_of}{PDI}" in texts

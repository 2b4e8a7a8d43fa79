"""The pure Discord renderer: hand-built answers in, embeds and buttons out, within limits."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.discord_bot.render import (
    BUTTON_LABEL_LIMIT,
    AskButton,
    DiscordMessage,
    ReportButton,
    ask_custom_id,
    choice_label,
    is_private_reply,
    question_from_custom_id,
    render_answer,
    render_failure,
)
from adapters.discord_bot.reporting import (
    CUSTOM_ID_LIMIT,
    REPORT_FORM_PREFIX,
    REPORT_PREFIX,
    as_of_from,
    message_text,
    note_from_components,
    report_from_payload,
    report_payload,
)
from adapters.discord_bot.text import escape, fit
from bot.answer import Answer, AnswerField, AnswerKind, Source, Status
from bot.engine import Engine
from bot.service.reports import Report
from tests.adapters.sources import CITED
from tests.fakes.discord_server import JSON, validate_message


def payload(message: DiscordMessage) -> JSON:
    """Return the JSON Discord would receive for `message` (as discord.py builds it)."""
    out: JSON = {"embeds": [e.to_dict() for e in message.embeds]}
    if message.content is not None:
        out["content"] = message.content
    if message.button_rows:
        out["components"] = [
            {
                "type": 1,
                "components": [
                    {"type": 2, "style": 2, "label": b.label, "custom_id": b.custom_id} for b in row
                ],
            }
            for row in message.button_rows
        ]
    return out


def _answer(**changes: Any) -> Answer:
    base: dict[str, Any] = {
        "question": "When did Morocco join?",
        "status": Status.ANSWERED,
        "title": "When Morocco joined",
        "body": "Announced on 10 December 2020; signed on 22 December 2020 in Rabat.",
        "fields": (AnswerField("Signed", "22 December 2020"),),
        "sources": (Source("Joint Declaration", "https://example.org/morocco"),),
        "as_of": "June 2026",
    }
    base.update(changes)
    return Answer(**base)


def test_answer_becomes_one_embed_with_title_body_fields_sources_and_footer() -> None:
    """A short answer is one message, one embed: title, description, fields, footer."""
    (message,) = render_answer(_answer(notes=("Sources disagree on the date.",)))
    assert message.content is None
    (embed,) = message.embeds
    data = embed.to_dict()
    assert data["title"] == "When Morocco joined"
    assert data["description"].startswith("Announced on 10 December 2020")
    names = [f["name"] for f in data["fields"]]
    assert names == ["Signed", "Caveat", "Sources"]
    assert data["fields"][0]["inline"] is True
    assert data["fields"][1]["value"] == "• Sources disagree on the date."
    assert data["fields"][2]["value"] == "• [Joint Declaration](https://example.org/morocco)"
    assert data["footer"]["text"] == "Facts as of June 2026"
    assert message.button_rows == ((ReportButton("report:||When did Morocco join?"),),)


def test_sources_stay_valid_markdown_links() -> None:
    """Brackets in titles and parentheses or spaces in URLs cannot break a source link."""
    source = Source("Report [annex] *draft*", "https://example.org/a_(b) c")
    (message,) = render_answer(_answer(sources=(source,)))
    value = message.embeds[0].to_dict()["fields"][-1]["value"]
    assert value == r"• [Report \[annex\] \*draft\*](https://example.org/a_%28b%29%20c)"


def test_text_is_escaped_so_it_shows_literally_and_pings_nobody() -> None:
    """Markdown and every kind of mention in any text is escaped."""
    answer = _answer(
        title="@everyone *bold*",
        body="@here <@123456789012345678> <@&123456789012345678> __under__ `code`",
        fields=(AnswerField("> quote", "~~strike~~ ||spoiler||"),),
    )
    (message,) = render_answer(answer)
    data = message.embeds[0].to_dict()
    assert data["title"] == "@\u200beveryone \\*bold\\*"
    assert data["description"] == (
        "@\u200bhere <@\u200b123456789012345678> <@\u200b&123456789012345678> "
        "\\_\\_under\\_\\_ \\`code\\`"
    )
    assert data["fields"][0]["name"] == "\\> quote"
    assert data["fields"][0]["value"] == "\\~\\~strike\\~\\~ \\|\\|spoiler\\|\\|"


def test_echo_quotes_the_question_on_one_line() -> None:
    """With echo_question the first message's content quotes the escaped question."""
    answer = _answer(question="  when did\n@everyone   join?  ")
    (message,) = render_answer(answer, echo_question=True)
    assert message.content == "> when did @\u200beveryone join?"


def test_echo_of_a_huge_question_is_truncated_to_2000() -> None:
    """An echoed question longer than Discord's content limit is cut with an ellipsis."""
    (message,) = render_answer(_answer(question="why " * 1000), echo_question=True)
    assert message.content is not None
    assert len(message.content) <= 2000
    assert message.content.endswith("why…")


def test_long_body_splits_at_paragraphs_over_embeds_and_messages() -> None:
    """A body beyond 4096 characters continues in further embeds, cut between paragraphs."""
    paragraphs = [f"Paragraph {i}. " + "word " * 700 for i in range(4)]
    messages = render_answer(_answer(body="\n\n".join(paragraphs), fields=(), sources=()))
    descriptions = [e.description for m in messages for e in m.embeds]
    assert descriptions == [p.strip() for p in paragraphs]
    assert messages[0].embeds[0].title == "When Morocco joined"
    assert all(e.title is None for m in messages for e in m.embeds[1:])
    assert all(e.footer.text is None for m in messages for e in m.embeds[:-1])
    assert messages[-1].embeds[-1].footer.text == "Facts as of June 2026"
    assert all(sum(len(e) for e in m.embeds) <= 6000 for m in messages)


def test_long_field_value_continues_in_further_fields() -> None:
    """A field value beyond 1024 characters is split at lines into "(cont.)" fields."""
    value = "\n".join(f"{2020 + i}:" + " event" * 30 for i in range(12))
    (message,) = render_answer(_answer(fields=(AnswerField("Timeline", value),), sources=()))
    fields = message.embeds[0].to_dict()["fields"]
    assert [f["name"] for f in fields] == ["Timeline", "Timeline (cont.)", "Timeline (cont.)"]
    assert all(len(f["value"]) <= 1024 for f in fields)
    assert "\n".join(f["value"] for f in fields).split("\n") == value.split("\n")


def test_more_than_25_fields_continue_in_another_embed() -> None:
    """Fields past Discord's 25 per embed go into the next embed."""
    fields = tuple(AnswerField(f"F{i}", f"value {i}") for i in range(40))
    messages = render_answer(_answer(fields=fields, sources=()))
    counts = [len(e.fields) for m in messages for e in m.embeds]
    assert counts == [25, 15]


def test_suggestions_become_unique_buttons_five_per_row_at_most_25() -> None:
    """Suggestions are buttons: duplicates dropped, 5 per row, 25 at most, on the last message."""
    questions = [f"Question number {i}?" for i in range(30)]
    answer = _answer(status=Status.CLARIFY, suggestions=(questions[0], *questions))
    (message,) = render_answer(answer)
    rows = message.button_rows
    assert [len(r) for r in rows] == [5, 5, 5, 5, 5]
    buttons = [b for row in rows for b in row]
    assert [b.label for b in buttons] == questions[:25]
    assert [question_from_custom_id(b.custom_id) for b in buttons] == questions[:25]


def test_long_suggestion_fits_label_and_custom_id() -> None:
    """A long suggestion is shortened to 80 (label) and 100 (custom_id) characters."""
    question = "What did " + "the United Arab Emirates " * 8 + "get?"
    (message,) = render_answer(_answer(status=Status.NO_ANSWER, suggestions=(question,)))
    (button,) = message.button_rows[0]
    assert len(button.label) <= BUTTON_LABEL_LIMIT
    assert button.label.endswith("…")
    assert len(button.custom_id) <= CUSTOM_ID_LIMIT
    assert question.startswith(question_from_custom_id(button.custom_id) or "?")


def test_buttons_go_on_the_last_message_only() -> None:
    """When an answer takes several messages, its buttons follow the whole answer."""
    body = "\n\n".join("word " * 800 for _ in range(3))
    messages = render_answer(_answer(body=body, suggestions=("Who are the members?",)))
    assert len(messages) > 1
    assert [bool(m.button_rows) for m in messages] == [False] * (len(messages) - 1) + [True]


def test_contested_and_rate_limited_replies_are_private() -> None:
    """Only contested answers and the service's notices (rate limit, failure) are ephemeral."""
    assert is_private_reply(_answer(contested=True))
    assert is_private_reply(_answer(kind=AnswerKind.RATE_LIMITED))
    assert is_private_reply(_answer(kind=AnswerKind.ERROR))
    assert not is_private_reply(_answer())
    assert not is_private_reply(_answer(status=Status.NO_ANSWER))


def test_empty_answer_still_renders_a_valid_embed() -> None:
    """An answer with no title, body or fields still makes a non-empty embed."""
    (message,) = render_answer(_answer(title="", body="", fields=(), sources=(), as_of=""))
    assert message.embeds[0].description == "…"
    assert validate_message(payload(message)) == []


def test_failure_message_is_plain_text() -> None:
    """The apology for a core failure is short content, no embed."""
    message = render_failure()
    assert message.content and "went wrong" in message.content
    assert message.embeds == ()


def test_choice_labels_fit_discord() -> None:
    """Autocomplete names are 1 to 100 characters on one line."""
    name = "Israel–Lebanon framework agreement"
    assert choice_label(name.replace(" ", "\n", 1)) == name
    assert len(choice_label("x" * 300)) == 100
    assert choice_label("   ") == "?"


def test_question_from_custom_id_ignores_foreign_ids() -> None:
    """Only "ask:" custom ids carry a question."""
    assert question_from_custom_id("vote:yes") is None
    assert question_from_custom_id("ask:") is None
    assert question_from_custom_id("ask:Who are the members?") == "Who are the members?"


def test_report_button_sits_in_a_row_of_its_own_on_answered_answers_only() -> None:
    """An answered answer ends with a grey report button in its own row; suggestions keep
    4 rows at most, so the message stays within 5 rows of 5 buttons."""
    questions = tuple(f"Question number {i}?" for i in range(30))
    (message,) = render_answer(_answer(suggestions=questions, knowledge_version="abc123"))
    rows = message.button_rows
    assert [len(r) for r in rows] == [5, 5, 5, 5, 1]
    assert all(isinstance(b, AskButton) for row in rows[:-1] for b in row)
    (report,) = rows[-1]
    assert report == ReportButton("report:abc123||When did Morocco join?")
    for status in (Status.CLARIFY, Status.NO_ANSWER):
        (other,) = render_answer(_answer(status=status, suggestions=questions))
        assert not [b for row in other.button_rows for b in row if isinstance(b, ReportButton)]
    (limited,) = render_answer(_answer(status=Status.NO_ANSWER, kind=AnswerKind.RATE_LIMITED))
    assert limited.button_rows == ()


def test_report_payload_keeps_whole_fact_ids_and_says_how_many_were_left_out() -> None:
    """Many long fact ids and a long question share 88 characters: whole ids, then "+N"."""
    ids = tuple(f"e2020-0{i}-01-signing-event" for i in range(1, 10))
    question = "What exactly happened " + "in that very eventful year " * 5 + "?"
    payload = report_payload(
        _answer(question=question, fact_ids=ids, knowledge_version="71eada530c75")
    )
    assert len(REPORT_FORM_PREFIX + payload) <= CUSTOM_ID_LIMIT
    report = report_from_payload(payload, answer_text="text", as_of="June 2026")
    assert report is not None
    assert report.knowledge_version == "71eada530c75"
    kept, more = report.fact_ids[:-1], report.fact_ids[-1]
    assert kept and kept == ids[: len(kept)]
    assert more == f"+{len(ids) - len(kept)} more"
    assert report.question.endswith("…") and question.startswith(report.question[:-1])
    assert len(report.question) >= 30  # about 40, cut back to the last whole word


def test_every_answered_answer_carries_a_report_that_reads_back(engine: Engine) -> None:
    """For every answer of the fact base, the report button's id fits Discord (with the
    modal's longer prefix) and rebuilds the question and the fact ids it names."""
    version = engine.kb.content_hash
    answered = [a for a in engine.every_answer() if a.status is Status.ANSWERED]
    assert len(answered) > 50
    for answer in answered:
        *_, last = render_answer(replace(answer, knowledge_version=version))
        *_, button = last.button_rows[-1]  # after More, when the answer has one
        assert isinstance(button, ReportButton)
        payload = button.custom_id.removeprefix(REPORT_PREFIX)
        assert len(button.custom_id) <= CUSTOM_ID_LIMIT
        assert len(REPORT_FORM_PREFIX + payload) <= CUSTOM_ID_LIMIT
        report = report_from_payload(payload, answer_text="", as_of=answer.as_of)
        assert report is not None, payload
        assert report.knowledge_version == version
        ids = [i for i in report.fact_ids if not i.startswith("+")]
        assert tuple(ids) == answer.fact_ids[: len(ids)]
        if len(ids) < len(answer.fact_ids):
            assert report.fact_ids[-1] == f"+{len(answer.fact_ids) - len(ids)} more"
        assert report.question == answer.question or report.question.endswith("…")


def test_unreadable_report_payloads_are_refused() -> None:
    """A payload that is not "version|ids|question" with slug ids rebuilds no report."""
    for payload in ("", "no bars", "v1|Not An Id|q", "v-1|a|q", "v1|a"):
        assert report_from_payload(payload, answer_text="", as_of="") is None
    report = report_from_payload("|a,b|why | how?", answer_text="", as_of="")
    assert report is not None
    assert (report.fact_ids, report.question) == (("a", "b"), "why | how?")


def test_report_text_is_read_back_from_the_message_unescaped() -> None:
    """The answer text and as-of date a report records are what the message shows."""
    answer = _answer(title="@everyone *bold*", body="under_score", as_of="June 2026")
    (message,) = render_answer(answer)
    text = message_text(message.embeds)
    assert text.startswith("@everyone *bold*\nunder_score\nSigned: 22 December 2020")
    assert as_of_from(message.embeds) == "June 2026"
    assert as_of_from([]) == ""


def test_report_for_the_maintainers_is_escaped_and_fits_one_message() -> None:
    """The channel post shows every text literally, pings nobody and stays within 2000."""
    report = Report(
        question="@everyone when?",
        answer="**bold** " * 200,
        fact_ids=("morocco",),
        platform="discord",
        note="<@123456789012345678> @here " * 100,
        as_of="June 2026",
        knowledge_version="71eada530c75",
    )
    content = fit(report.summary(), 2000)  # what the listener posts
    assert content is not None and len(content) <= 2000
    assert "@\u200beveryone" in content and "<@\u200b123456789012345678>" in content
    assert "@here" not in content.replace("@\u200bhere", "")
    assert validate_message({"content": content}) == []


def test_note_is_read_from_either_modal_shape() -> None:
    """A submitted note is found under a label (type 18) or in an action row (type 1)."""
    note = {"type": 4, "custom_id": "note", "value": "  wrong date  "}
    assert note_from_components([{"type": 18, "component": note}]) == "wrong date"
    assert note_from_components([{"type": 1, "components": [note]}]) == "wrong date"
    assert note_from_components([{"type": 18, "component": {**note, "value": None}}]) == ""
    assert note_from_components(["junk", {"type": 1}]) == ""
    long = {**note, "value": "x" * 5000}
    assert len(note_from_components([{"type": 18, "component": long}])) == 1000


def test_escape_defuses_mentions_and_markdown() -> None:
    """escape() is what every piece of rendered text goes through."""
    assert escape("@everyone _x_") == "@\u200beveryone \\_x\\_"


# --- properties --------------------------------------------------------------------------

_text = st.text(
    alphabet=st.sampled_from(list("abc xyz\n\n.,-#>*_~`|[]()@<>&!:0123456789Ééالإمارات")),
    max_size=300,
)
_long_text = st.one_of(_text, st.builds(lambda t, n: t * n, _text, st.integers(1, 40)))


@st.composite
def _answers(draw: st.DrawFn) -> Answer:
    return Answer(
        question=draw(_long_text),
        status=draw(st.sampled_from(Status)),
        title=draw(_long_text),
        body=draw(_long_text),
        fields=tuple(
            AnswerField(draw(_text), draw(_long_text)) for _ in range(draw(st.integers(0, 30)))
        ),
        sources=tuple(
            Source(draw(_text), "https://example.org/" + draw(_text).replace("\n", ""))
            for _ in range(draw(st.integers(0, 40)))
        ),
        suggestions=tuple(draw(st.lists(_text, max_size=40))),
        as_of=draw(_text),
        notes=tuple(draw(st.lists(_long_text, max_size=4))),
        contested=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_answers(), st.booleans())
def test_any_answer_renders_within_every_discord_limit(answer: Answer, echo: bool) -> None:
    """Whatever the core returns, each rendered message is one Discord would accept."""
    messages = render_answer(answer, echo_question=echo)
    assert messages
    for message in messages:
        assert validate_message(payload(message)) == []
        assert message.embeds or message.content


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdef .\n")), max_size=20_000))
def test_splitting_loses_no_words(body: str) -> None:
    """Splitting plain text over embeds and messages keeps every word, in order."""
    messages = render_answer(_answer(body=body, fields=(), sources=()))
    shown = " ".join(e.description or "" for m in messages for e in m.embeds)
    assert shown.split() == body.split()


@given(st.text(max_size=300))
def test_custom_id_always_fits_and_round_trips(question: str) -> None:
    """A button's custom_id is at most 100 characters and carries the question's start."""
    custom_id = ask_custom_id(question)
    assert len(custom_id) <= CUSTOM_ID_LIMIT
    carried = question_from_custom_id(custom_id)
    flat = " ".join(question.split())
    if flat and len(flat) <= CUSTOM_ID_LIMIT - len("ask:"):
        assert carried == flat


# --- labels in the answer's language --------------------------------------------------------


def test_a_russian_answer_has_russian_labels_in_its_embeds() -> None:
    """The sources field and the as-of footer of a Russian answer are labelled in Russian."""
    from tests.multilingual.asking import RUSSIAN_ANSWERED, answer_to

    answer = answer_to(RUSSIAN_ANSWERED)
    embeds = [e for m in render_answer(answer) for e in payload(m)["embeds"]]
    names = [f["name"] for e in embeds for f in e.get("fields", [])]
    footers = [e["footer"]["text"] for e in embeds if "footer" in e]
    assert "Источники" in names and "Sources" not in names
    assert footers == [f"Факты на {answer.as_of}"]


def test_a_russian_answer_has_no_english_label_in_its_embeds_or_buttons() -> None:
    """Caveats, a field continued past 1024 characters and the buttons are labelled in Russian."""
    from tests.multilingual.asking import RUSSIAN_ANSWERED, answer_to

    answer = answer_to(RUSSIAN_ANSWERED)
    long = replace(answer, notes=(*answer.notes, "Примечание: " + "слово " * 300))
    messages = render_answer(long)
    embeds = [e for m in messages for e in payload(m)["embeds"]]
    names = [f["name"] for e in embeds for f in e.get("fields", [])]
    buttons = [b.label for m in messages for row in m.button_rows for b in row]
    assert names.count("Оговорки") == 1 and "Оговорки (продолжение)" in names
    notes = [f["value"] for e in embeds for f in e.get("fields", []) if "Оговорки" in f["name"]]
    assert "\n".join(notes).startswith("• Примечание: ")
    assert buttons == ["Подробнее", "Сообщить о неверном факте"]
    for text in [*names, *notes, *buttons]:
        assert not any(w in text for w in ("(cont.)", "Caveat", "Note:", "More", "Report")), text


async def test_the_sent_buttons_keep_the_answers_language() -> None:
    """The discord.py view built for a Russian answer shows its buttons' Russian labels."""
    import discord

    from adapters.discord_bot.components import view_of
    from tests.multilingual.asking import RUSSIAN_ANSWERED, answer_to

    (message,) = render_answer(answer_to(RUSSIAN_ANSWERED))
    view = view_of(message)
    assert view is not None
    labels = [item.item.label for item in view.children if isinstance(item, discord.ui.DynamicItem)]
    assert labels == ["Подробнее", "Сообщить о неверном факте"]


def test_the_report_reads_the_as_of_date_of_a_footer_in_any_language() -> None:
    """The report form finds the as-of date in a Russian or Hebrew footer, not only English."""
    from tests.helpers import facts_engine
    from tests.multilingual.asking import RUSSIAN_ANSWERED, answer_to

    labels = facts_engine().multilingual.labels_for("facts_as_of")
    russian = answer_to(RUSSIAN_ANSWERED)
    assert russian.as_of and "June" not in russian.as_of
    (message,) = render_answer(russian)
    assert as_of_from(message.embeds, labels) == russian.as_of
    assert as_of_from(message.embeds) == ""  # an English reader alone does not find it
    hebrew = answer_to("מתי חתמה מרוקו?")
    assert hebrew.language == "he"
    assert as_of_from(render_answer(hebrew)[0].embeds, labels) == hebrew.as_of


def test_an_arabic_answer_isolates_its_latin_sources_and_date_in_embeds() -> None:
    """In an Arabic answer the English source titles and the as-of date are bidi-isolated."""
    from tests.multilingual.asking import ARABIC_ANSWERED, FSI, PDI, answer_to

    answer = answer_to(ARABIC_ANSWERED)
    embeds = [e for m in render_answer(answer) for e in payload(m)["embeds"]]
    (sources,) = [f for e in embeds for f in e.get("fields", []) if f["name"] == "المصادر"]
    assert sources["value"].startswith(f"• [{FSI}{escape(answer.sources[0].title)}{PDI}](")
    assert [e["footer"]["text"] for e in embeds if "footer" in e] == [
        f"الحقائق حتى {FSI}{answer.as_of}{PDI}"
    ]


def test_a_records_many_sources_read_one_line_per_publisher() -> None:
    """A More's many sources are grouped by who published them, each page still a link; an
    answer's few are listed one by one under their full titles."""
    cited = CITED
    (message,) = render_answer(_answer(sources=cited))
    lines = message.embeds[0].to_dict()["fields"][-1]["value"].splitlines()
    assert lines == [
        "• Wire: [First story](https://example.org/1); [Third story](https://example.org/3)",
        "• Paper: [Second story](https://example.org/2)",
        "• [A page with no publisher](https://example.org/4)",
    ]
    (few,) = render_answer(_answer(sources=cited[:2]))
    assert few.embeds[0].to_dict()["fields"][-1]["value"].splitlines() == [
        "• [Wire: First story](https://example.org/1)",
        "• [Paper: Second story](https://example.org/2)",
    ]

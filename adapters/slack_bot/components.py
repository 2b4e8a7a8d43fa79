"""The wrong-fact report's Slack shape: the button's value, the modal, reading them back.

The "Report a wrong fact" button carries the report (question, fact ids, knowledge version,
as-of date and an excerpt of the answer) as inert JSON, so a press works after a restart; the
modal asks for a note, and its `private_metadata` carries the same report on to the
submission. Filing it is `bot.service.reports.ReportDesk`'s job; the words are
`bot.wording`'s. Pure: no network, no SDK.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, Final

from adapters.slack_bot.mrkdwn import (
    ELLIPSIS,
    Block,
    escape_mrkdwn,
    inert_json,
    plain,
    section,
    truncate,
)
from bot import wording
from bot.answer import Answer
from bot.service.reports import (
    MAX_NOTE_CHARS,
    MAX_TEXT_CHARS,
    Report,
    fit_fact_ids,
    read_fact_ids,
    report_of,
)

ACTION_REPORT: Final = "report_wrong_fact"
REPORT_CALLBACK_ID: Final = "report_wrong_fact"
REPORT_NOTE_BLOCK: Final = "note"
REPORT_NOTE_ACTION: Final = "note"
MAX_BUTTON_VALUE: Final = 2000
# Slack's view limits (https://docs.slack.dev/reference/views/modal-views).
MAX_VIEW_TITLE: Final = 24
MAX_VIEW_METADATA: Final = 3000
MAX_SECTION_TEXT: Final = 3000
# What a report carries at most: Report.summary() shows 300 of the question, 500 of the answer.
_REPORT_QUESTION_CHARS: Final = 300
_REPORT_ANSWER_CHARS: Final = 500


def report_button(answer: Answer) -> Block:
    """Return the "Report a wrong fact" button of an answered answer."""
    return {
        "type": "button",
        "action_id": ACTION_REPORT,
        "text": plain(wording.REPORT_LABEL),
        "value": report_value(answer),
    }


def report_value(answer: Answer) -> str:
    """Return the value of an answer's report button: the report as JSON, <= 2000 characters.

    It carries the question, the fact ids, the knowledge version, the as-of date and the
    start of the answer's text; when that is too long the answer text is cut first, then
    fact ids are dropped from the end behind a "+N more" marker.
    """
    return _encode_report(report_of(answer, "slack"), MAX_BUTTON_VALUE)


def report_from_value(raw: str) -> Report | None:
    """Rebuild the report a report button (or a report modal) carries; None if unreadable."""
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    fields = {k: value.get(k) for k in ("q", "t", "v", "a")}
    ids = value.get("f")
    if not all(isinstance(v, str) for v in fields.values()) or not isinstance(ids, list):
        return None
    fact_ids = read_fact_ids([i for i in ids if isinstance(i, str)])
    if fact_ids is None or len(fact_ids) != len(ids):
        return None
    return Report(
        question=str(fields["q"])[:_REPORT_QUESTION_CHARS],
        answer=str(fields["t"])[:MAX_TEXT_CHARS],
        fact_ids=fact_ids,
        platform="slack",
        as_of=str(fields["a"])[:100],
        knowledge_version=str(fields["v"])[:64],
    )


def render_report_form(report: Report, response_url: str) -> Block:
    """Return the modal that asks for a note; its metadata carries `report` and where to
    thank the reporter (the pressed button's `response_url`)."""
    extra = {"r": response_url} if len(response_url) <= 1000 else {}
    question = truncate(escape_mrkdwn(" ".join(report.question.split())), MAX_SECTION_TEXT - 20)
    return {
        "type": "modal",
        "callback_id": REPORT_CALLBACK_ID,
        "title": plain(wording.REPORT_LABEL[:MAX_VIEW_TITLE]),
        "submit": plain(wording.REPORT_SUBMIT),
        "close": plain(wording.REPORT_CANCEL),
        "private_metadata": _encode_report(report, MAX_VIEW_METADATA, extra),
        "blocks": [
            section(f"*{wording.REPORT_QUESTION}:* {question or '(none)'}"),
            {
                "type": "input",
                "block_id": REPORT_NOTE_BLOCK,
                "optional": True,
                "label": plain(wording.REPORT_NOTE_LABEL),
                "element": {
                    "type": "plain_text_input",
                    "action_id": REPORT_NOTE_ACTION,
                    "multiline": True,
                    "max_length": MAX_NOTE_CHARS,
                    "placeholder": plain(wording.REPORT_NOTE_PLACEHOLDER),
                },
            },
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": escape_mrkdwn(wording.REPORT_PRIVACY)}],
            },
        ],
    }


def report_from_form(view: dict[str, Any]) -> tuple[Report, str] | None:
    """Return the report a submitted modal carries, with its note, and the response_url to
    thank the reporter at ("" if none); None if the metadata is unreadable."""
    raw = str(view.get("private_metadata") or "")
    report = report_from_value(raw)
    if report is None:
        return None
    url = json.loads(raw).get("r")  # report_from_value has checked it is a JSON object
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        url = ""
    values = (view.get("state") or {}).get("values") or {}
    typed = ((values.get(REPORT_NOTE_BLOCK) or {}).get(REPORT_NOTE_ACTION) or {}).get("value")
    return replace(report, note=str(typed or "").strip()[:MAX_NOTE_CHARS]), url


def _encode_report(report: Report, limit: int, extra: dict[str, str] | None = None) -> str:
    """Encode a report (without its note) as inert JSON of at most `limit` characters.

    Shortens in this order until it fits: the answer text, the fact ids (the dropped ones
    become a final "+N more"), the question.
    """
    question = _cut(" ".join(report.question.split()), _REPORT_QUESTION_CHARS)
    text = _cut(report.answer, _REPORT_ANSWER_CHARS)

    def encoded(ids: list[str]) -> str:
        return inert_json(
            {
                "q": question,
                "f": ids,
                "v": report.knowledge_version[:64],
                "a": report.as_of[:100],
                "t": text,
                **(extra or {}),
            }
        )

    every_id = fit_fact_ids(report.fact_ids, lambda shown: True)
    while text:
        overflow = len(encoded(every_id)) - limit
        if overflow <= 0:
            return encoded(every_id)
        keep = len(text) - overflow
        text = _cut(text, keep) if keep >= 40 else ""
    while True:
        ids = fit_fact_ids(report.fact_ids, lambda shown: len(encoded(shown)) <= limit)
        if len(encoded(ids)) <= limit:
            return encoded(ids)
        if not question:
            return inert_json({"q": "", "f": [], "v": "", "a": "", "t": ""})
        question = _cut(question, len(question) // 2)


def _cut(text: str, limit: int) -> str:
    """Return `text`, or its first `limit` characters ending in an ellipsis."""
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + ELLIPSIS

"""The report desk: one filing flow, and one way to fit fact ids into a button."""

from __future__ import annotations

import logging

import pytest

from bot import wording
from bot.answer import Answer, Status
from bot.service.reports import Report, ReportDesk, fit_fact_ids, read_fact_ids, report_of


class _Sink:
    """Keeps what the desk files, as the report log would."""

    def __init__(self) -> None:
        self.filed: list[Report] = []

    def record(self, report: Report) -> bool:
        self.filed.append(report)
        return True


def _report() -> Report:
    return Report("When?", "In 2020.", ("morocco",), "slack", as_of="June 2026")


async def test_filing_thanks_logs_and_posts_in_that_order() -> None:
    """The reporter is thanked, the report (with its note, cut to 1000) kept, then posted."""
    sink, said = _Sink(), []

    async def thank(text: str) -> None:
        said.append(("thank", text))

    async def post(text: str) -> None:
        said.append(("post", text))

    assert await ReportDesk(sink).file(_report(), "  x" * 600, thank=thank, post=post)
    assert said[0] == ("thank", wording.REPORT_THANKS)
    assert said[1][0] == "post" and "Question: When?" in said[1][1]
    (filed,) = sink.filed
    assert len(filed.note) == 1000 and filed.note.startswith("x")


async def test_an_unreadable_report_gets_the_apology_and_nothing_is_filed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A button whose payload could not be read: apologise, file nothing, warn maintainers."""
    sink, said = _Sink(), []

    async def thank(text: str) -> None:
        said.append(text)

    with caplog.at_level(logging.WARNING, logger="bot.service.reports"):
        assert not await ReportDesk(sink).file(None, "note", thank=thank)
    assert said == [wording.APOLOGY] and sink.filed == []
    assert "unreadable" in caplog.text


async def test_without_a_channel_nothing_is_posted() -> None:
    """No maintainers' channel configured: the report is kept and the reporter thanked only."""
    sink = _Sink()

    async def thank(text: str) -> None:
        return None

    assert await ReportDesk(sink).file(_report(), "", thank=thank, post=None)
    assert len(sink.filed) == 1


def test_report_of_takes_the_version_stamped_on_the_answer() -> None:
    """A report names the facts' version the answer was made with, not the one serving now."""
    answer = Answer("q", Status.ANSWERED, "T", "B", fact_ids=("uae",), knowledge_version="abc123")
    assert report_of(answer, "discord").knowledge_version == "abc123"


def test_fact_ids_are_cut_whole_with_a_count_of_the_rest() -> None:
    """Whole ids while they fit, then "+N more" (or "+N" where space is tight)."""
    ids = ["alpha", "beta-gamma", "delta", "Not An Id"]
    fits = lambda shown: len(",".join(shown)) <= 20  # noqa: E731  # a budget of 20 characters
    assert fit_fact_ids(ids, fits) == ["alpha", "+2 more"]
    assert fit_fact_ids(ids, fits, short=True) == ["alpha", "beta-gamma", "+1"]
    assert fit_fact_ids(ids, lambda shown: False) == []
    assert fit_fact_ids(["a", "+3 more"], lambda shown: len(shown) <= 1) == ["+4 more"]


def test_fact_ids_read_back_in_either_marker_and_refuse_anything_else() -> None:
    """Both markers read back as "+N more"; a stray value makes the whole list unreadable."""
    assert read_fact_ids(["uae", "+2"]) == ("uae", "+2 more")
    assert read_fact_ids(["uae", "+2 more"]) == ("uae", "+2 more")
    assert read_fact_ids(["uae", "DROP TABLE"]) is None

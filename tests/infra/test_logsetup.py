"""Logging: LOG_FORMAT=json gives one JSON object per line, and secrets never reach a log."""

from __future__ import annotations

import json
import logging

import pytest

from bot.infra.logsetup import JsonFormatter, configure_logging
from tests.helpers import facts_engine


def test_json_lines_carry_time_level_logger_and_message() -> None:
    """A record becomes one JSON object with the fields operators filter on."""
    record = logging.LogRecord("bot.engine", logging.INFO, __file__, 1, "answered %s", ("x",), None)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    obj = json.loads(line)
    assert obj["level"] == "INFO" and obj["logger"] == "bot.engine"
    assert obj["message"] == "answered x"
    assert obj["time"].endswith("Z")


def test_exceptions_stay_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """An exception with a multi-line traceback is still a single JSON line."""
    configure_logging("INFO", "json")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("bot.test").exception("failed")
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "ValueError: boom" in json.loads(err[0])["exception"]
    configure_logging("WARNING", "text")


def test_engine_logs_fact_and_score_but_not_the_question(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The engine's log line names the matched fact and score, not the asker's words."""
    engine = facts_engine()
    with caplog.at_level(logging.INFO, logger="bot.engine"):
        engine.ask("When did MOROCCO join, please?")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "facts=morocco" in text
    assert "MOROCCO" not in text and "please" not in text

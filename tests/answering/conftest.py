"""One engine over the shipped fact base for the answering tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.fixture(scope="session")
def answering_engine() -> Engine:
    """Return an engine over the shipped knowledge, built once."""
    return Engine.from_dir(KNOWLEDGE)

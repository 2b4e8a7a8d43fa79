"""The answering tests use the one shipped engine every test module shares."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.helpers import shipped_engine


@pytest.fixture
def answering_engine() -> Engine:
    """Return the engine over the shipped knowledge, built once per run."""
    return shipped_engine()

"""The answering tests use the one frozen-facts engine every test module shares."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.helpers import facts_engine


@pytest.fixture
def answering_engine() -> Engine:
    """Return the engine over the frozen facts, built once per run."""
    return facts_engine()

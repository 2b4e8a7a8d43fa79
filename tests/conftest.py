"""Shared fixtures: the real engine over the shipped fact base, built once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import shipped_knowledge_dir
from bot.engine import Engine
from bot.knowledge.models import KnowledgeBase
from tests.helpers import shipped_engine
from tests.redis_server import redis_server


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real engine over the shipped fact base (the one instance every test shares)."""
    return shipped_engine()


@pytest.fixture(scope="session")
def kb(engine: Engine) -> KnowledgeBase:
    """The shipped fact base, loaded by the real loader."""
    return engine.kb


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped fact files."""
    target = tmp_path / "knowledge"
    shutil.copytree(shipped_knowledge_dir(), target)
    return target


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real redis-server on 127.0.0.1 for the whole run (its URL); each test flushes it."""
    with redis_server() as url:
        yield url

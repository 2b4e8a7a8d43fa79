"""Shared fixtures: the real engine over the frozen facts, the served facts for the fact tests.

Every test runs in its own temporary folder (the working directory), so nothing a test starts
writes into the checkout: a relative `var/state.db` or `var/unanswered.jsonl` lands there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge.models import KnowledgeBase
from tests.helpers import FACTS_DIR, ROOT, facts_engine, served_facts_dir
from tests.redis_server import MISSING as MISSING_REDIS
from tests.redis_server import redis_binary, redis_server

_TOOL_CACHES = frozenset({".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache"})


def _checkout_entries() -> set[Path]:
    """Return what the checkout holds at its top and under var/, caches left out."""
    entries = {p for p in ROOT.iterdir() if p.name not in _TOOL_CACHES}
    var = ROOT / "var"
    return entries | (set(var.rglob("*")) if var.is_dir() else set())


@pytest.fixture(scope="session", autouse=True)
def _checkout_stays_clean() -> Iterator[None]:
    """Fail the run when a test wrote into the checkout (a state file, a log)."""
    before = _checkout_entries()
    yield
    written = sorted(str(p.relative_to(ROOT)) for p in _checkout_entries() - before)
    assert not written, f"tests wrote into the checkout: {written}"


@pytest.fixture(autouse=True)
def _in_a_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each test with a temporary working directory, never the checkout."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real engine over the frozen facts (the one instance every test shares)."""
    return facts_engine()


@pytest.fixture(scope="session")
def kb(engine: Engine) -> KnowledgeBase:
    """The frozen fact base, loaded by the real loader."""
    return engine.kb


@pytest.fixture(scope="session")
def served_engine() -> Engine:
    """The engine over the served facts (KNOWLEDGE_DIR, else the shipped ones): the fact
    tests' engine, for the golden tables."""
    return Engine.from_dir(served_facts_dir())


@pytest.fixture(scope="session")
def served_kb(served_engine: Engine) -> KnowledgeBase:
    """The served fact base, for the tests of its content (sources, languages)."""
    return served_engine.kb


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the frozen fact files."""
    target = tmp_path / "knowledge"
    shutil.copytree(FACTS_DIR, target)
    return target


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real redis-server on 127.0.0.1 for the whole run (its URL); each test flushes it.

    Skipped, with one line saying how to get the server, where it is missing; under CI
    (`CI` set) a missing server fails instead, so CI always runs these tests.
    """
    if redis_binary(required=bool(os.environ.get("CI"))) is None:
        pytest.skip(MISSING_REDIS)
    with redis_server() as url:
        yield url

"""People named by their office are read as the one person on record holding it."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.knowledge.normalize import normalize
from bot.understanding.roles import RoleIndex
from tests.helpers import facts_engine


@pytest.fixture(scope="module")
def roles() -> RoleIndex:
    engine: Engine = facts_engine()
    return RoleIndex(engine.kb.people, engine.index.aliases)


def _named(roles: RoleIndex, question: str) -> str:
    return roles.rewrite(normalize(question), lambda person: person)


@pytest.mark.parametrize(
    ("question", "rewritten"),
    [
        ("what did the moroccan king do", "what did mohammed vi do"),
        ("who is the bahraini foreign minister", "who is al zayani"),
        ("what did trump's treasury secretary sign", "what did mnuchin sign"),
        ("what has the vice president said", "what has vance said"),
        ("the king of morocco signed it", "mohammed vi signed it"),
    ],
)
def test_an_office_and_a_state_name_the_one_holder(
    roles: RoleIndex, question: str, rewritten: str
) -> None:
    """An office held for the state named by one person on record is that person."""
    assert _named(roles, question) == rewritten


@pytest.mark.parametrize(
    "question",
    [
        "who is the israeli foreign minister",  # four held it
        "who is the uae's ambassador to israel",  # the UAE's ambassador on record is in the US
        "when did an israeli pm first visit the uae",  # any holder, not the one on record
        "who is the king",  # two kings
        "did the palestinian authority recall its envoy",  # the PA's envoy, not Trump's
        "did the pa pull its ambassador from abu dhabi",  # the PA's ambassador there
    ],
)
def test_an_office_several_could_hold_names_nobody(roles: RoleIndex, question: str) -> None:
    """When the office does not pick one person out, the question is read as written."""
    assert _named(roles, question) == ""

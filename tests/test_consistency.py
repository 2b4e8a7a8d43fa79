"""The status consistency check: after a member's status changes, every text that still states
the old status is listed at its file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import KnowledgeErrors
from bot.knowledge import load_knowledge
from bot.knowledge.consistency import PHRASES_FILE, load_status_phrases, stale_statements
from bot.knowledge.models import KnowledgeBase, MemberStatus
from tests.factedits import sign_kazakhstan


def test_the_shipped_base_states_every_status_consistently(
    kb: KnowledgeBase, knowledge_copy: Path
) -> None:
    """As shipped, no text states a status its member does not have."""
    phrases = load_status_phrases(knowledge_copy)
    assert "no signing is on record" in phrases[MemberStatus.ANNOUNCED]
    assert stale_statements(kb, knowledge_copy, phrases) == []


def test_signing_kazakhstan_lists_every_text_still_saying_it_is_unsigned(
    knowledge_copy: Path,
) -> None:
    """The status detail, meta, the definition topic and a timeline caveat are all listed."""
    sign_kazakhstan(knowledge_copy)
    kb = load_knowledge(knowledge_copy)
    found = stale_statements(kb, knowledge_copy, load_status_phrases(knowledge_copy))
    assert {s.member for s in found} == {"kazakhstan"}
    assert all(s.status is MemberStatus.IN_FORCE for s in found)
    assert all(s.stated is MemberStatus.ANNOUNCED for s in found)
    where = {(s.file, s.phrase) for s in found}
    assert ("knowledge/members.yaml", "no signing on record") in where
    assert ("knowledge/meta.yaml", "announced entry") in where
    assert ("knowledge/topics.yaml", "no signing is on record") in where
    assert ("knowledge/timeline.yaml", "not signed") in where
    text = (knowledge_copy / "topics.yaml").read_text(encoding="utf-8").splitlines()
    for s in (s for s in found if s.file == "knowledge/topics.yaml"):
        line = text[s.line - 1]
        assert line[s.column - 1 :].lower().startswith(s.phrase), (s, line)
    assert str(found[0]).startswith("knowledge/members.yaml:")
    assert "'kazakhstan' is now 'in force', but this still says" in str(found[0])


def test_a_status_change_without_such_words_lists_nothing(knowledge_copy: Path) -> None:
    """Sudan ratified: no text calls it unratified once the stalled words are gone."""
    path = knowledge_copy / "members.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: stalled", "status: in_force", 1), encoding="utf-8")
    kb = load_knowledge(knowledge_copy)
    found = stale_statements(kb, knowledge_copy, load_status_phrases(knowledge_copy))
    assert found and {s.member for s in found} == {"sudan"}
    assert {s.stated for s in found} == {MemberStatus.STALLED}


def test_a_broken_phrase_file_is_reported_at_its_line(knowledge_copy: Path) -> None:
    """An unknown status and a phrase that is not text are each reported at FILE:LINE:COL."""
    (knowledge_copy / PHRASES_FILE).write_text(
        'statuses:\n  signed_somehow:\n    - "x"\n  announced:\n    - 12\n', encoding="utf-8"
    )
    with pytest.raises(KnowledgeErrors) as info:
        load_status_phrases(knowledge_copy)
    errors = [str(e) for e in info.value.errors]
    assert any(
        e.startswith("knowledge/checks/status-phrases.yaml:2:3:") and "signed_somehow" in e
        for e in errors
    )
    assert any(e.startswith("knowledge/checks/status-phrases.yaml:5:7:") for e in errors)

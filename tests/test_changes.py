"""The comparison behind "What changed in the facts": real fact files, edited as maintainers do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.service.changes import (
    FactView,
    compare,
    compare_bases,
    fact_view,
    sentences,
    view_from_json,
    view_to_json,
)
from tests.factedits import add_finding, invisible_edits, reword_finding, sign_kazakhstan


def test_the_same_base_has_no_changes(kb: KnowledgeBase) -> None:
    """A base compared with itself announces nothing."""
    assert compare_bases(kb, kb) == ()


def test_comments_order_and_verified_on_announce_nothing(
    kb: KnowledgeBase, knowledge_copy: Path
) -> None:
    """A comment, records reordered and a new verified_on date change the hash, not the facts."""
    invisible_edits(knowledge_copy)
    edited = load_knowledge(knowledge_copy)
    assert edited.content_hash != kb.content_hash
    assert [m.id for m in edited.members] != [m.id for m in kb.members]
    assert compare_bases(kb, edited) == ()


def test_a_signing_reads_as_one_line_with_its_source(
    kb: KnowledgeBase, knowledge_copy: Path
) -> None:
    """Kazakhstan signing: one status line naming date and place, the new source beside it."""
    sign_kazakhstan(knowledge_copy)
    changes = compare_bases(kb, load_knowledge(knowledge_copy))
    texts = [c.text for c in changes]
    assert texts[0] == (
        "Kazakhstan: status accession announced, no signing on record → in force "
        "(signed 12 March 2027, Washington)"
    )
    assert "Reuters: Kazakhstan signs the Abraham Accords" in [s.title for s in changes[0].sources]
    assert "Kazakhstan: new signatory: Kassym-Jomart Tokayev, President of Kazakhstan" in texts
    assert "Kazakhstan: documents signed now reads “Abraham Accords Declaration”" in texts
    assert all(c.sources for c in changes), "every changed claim carries its source"
    assert len(changes) == 3


def test_the_reverse_edit_reads_back(kb: KnowledgeBase, knowledge_copy: Path) -> None:
    """Undoing a signing is worded as the status going back and the signing removed."""
    sign_kazakhstan(knowledge_copy)
    texts = [c.text for c in compare_bases(load_knowledge(knowledge_copy), kb)]
    assert texts[0] == "Kazakhstan: status in force → accession announced, no signing on record"
    assert "Kazakhstan: signed removed: 12 March 2027, Washington" in texts


def test_new_and_removed_records_are_named(kb: KnowledgeBase) -> None:
    """A record only in the new base is "new: …"; one only in the old is "removed"."""
    full = fact_view(kb)
    without = {k: v for k, v in full.items() if k != "related/somaliland"}
    added = compare(without, full)
    assert [c.text for c in added] == ["new: Somaliland (pledged to join; not a member)"]
    assert added[0].sources
    assert [c.text for c in compare(full, without)] == ["removed: Somaliland"]


def _with_text(view: FactView, key: str, name: str, text: str) -> FactView:
    rec = view[key]
    fields = tuple(
        (n, f if n != name else type(f)(f.label, text, f.sources)) for n, f in rec.fields
    )
    return {**view, key: type(rec)(rec.title, rec.summary, fields, rec.sources)}


def test_a_changed_text_claim_shows_the_sentences_added_and_removed(kb: KnowledgeBase) -> None:
    """A long text field rewritten shows the new sentence and the ones it replaced, with the
    claim's own sources."""
    old = fact_view(kb)
    new = _with_text(old, "related/somaliland", "why_not", "It has only pledged.")
    (change,) = compare(old, new)
    assert change.text.startswith(
        "Somaliland: why it is not a member: added “It has only pledged.”; removed “"
    )
    assert change.sources == dict(old["related/somaliland"].fields)["why_not"].sources


def test_a_sentence_added_at_the_end_of_a_long_field_is_shown(kb: KnowledgeBase) -> None:
    """Appending one sentence to a field longer than the quote limit shows that sentence whole,
    not the field cut at 300 characters before it."""
    old = fact_view(kb)
    detail = dict(old["members/kazakhstan"].fields)["status_detail"].text
    assert len(detail) > 300
    added = "Parliament ratified the accession on 3 April 2027."
    new = _with_text(old, "members/kazakhstan", "status_detail", detail + " " + added)
    (change,) = compare(old, new)
    assert change.text == f"Kazakhstan: status in detail: added “{added}”"


def test_a_sentence_changed_inside_a_long_field_shows_both_within_the_limit(
    kb: KnowledgeBase,
) -> None:
    """One sentence edited in the middle of a long field: the old and new sentence are shown,
    each quoted within the length limit, and no unchanged sentence is."""
    old = fact_view(kb)
    detail = dict(old["members/kazakhstan"].fields)["status_detail"].text
    parts = sentences(detail)
    assert len(parts) >= 2
    edited = detail.replace(parts[1], "A " + "very " * 100 + "long replacement sentence.")
    (change,) = compare(old, _with_text(old, "members/kazakhstan", "status_detail", edited))
    quotes = re.findall(r"“([^”]*)”", change.text)
    assert len(quotes) == 2 and all(len(q) <= 300 for q in quotes)
    assert quotes[0].startswith("A very very") and quotes[1] == parts[1]
    assert parts[0] not in change.text


def test_a_view_survives_json(kb: KnowledgeBase) -> None:
    """The snapshot kept for restarts reads back as the same view."""
    view = fact_view(kb)
    assert view_from_json(view_to_json(view)) == view


@pytest.mark.parametrize("text", ["", "[]", '{"x": {"title": 1}}', "not json"])
def test_a_broken_snapshot_is_refused(text: str) -> None:
    """A snapshot that is not a view raises ValueError, never a stray exception."""
    with pytest.raises(ValueError, match="not a fact view"):
        view_from_json(text)


def test_new_and_corrected_findings_are_announced(kb: KnowledgeBase, knowledge_copy: Path) -> None:
    """A new finding is "new: …" with its holder and source; a corrected one reads anew."""
    add_finding(knowledge_copy)
    reword_finding(knowledge_copy, "gain-sudan-delisting", "$335 million", "about $335 million")
    changes = compare_bases(kb, load_knowledge(knowledge_copy))
    texts = [c.text for c in changes]
    assert texts == [
        "what a party got, 14 December 2020: finding: added “Sudan's removal from the US list "
        "of state sponsors of terrorism took effect on 14 December 2020, after Sudan agreed to pay "
        "about $335 million to compensate US victims of terror attacks.”; removed “Sudan's removal "
        "from "
        "the US list of state sponsors of terrorism took effect on 14 December 2020, after Sudan "
        "agreed to pay $335 million to compensate US victims of terror attacks.”",
        "new: prospect by US President Donald Trump, 29 June 2025: Donald Trump said more "
        "countries would join the accords.",
    ]
    assert [s.title for c in changes for s in c.sources][-1].startswith(
        "Anadolu Agency: Trump says Kazakhstan has agreed to join"
    )

"""The fact tests: checks of the served facts' content, for maintainers and CI.

They read the facts the bot serves (`KNOWLEDGE_DIR`, else the shipped ones), unlike the rest
of the suite, which runs on the frozen copy: `KNOWLEDGE_DIR=DIR pytest -m facts` checks an
edited copy. The golden tables (`tests/test_golden.py`, `tests/multilingual/
test_golden_languages.py`) are fact tests too.
"""

from __future__ import annotations

import re

import pytest

from bot.knowledge.models import (
    Argument,
    Event,
    KnowledgeBase,
    Member,
    Person,
    Related,
    Topic,
)

pytestmark = pytest.mark.facts

# URLs the reference sheet gives only as plain http; no https copy of them is on record.
_HTTP_ONLY_IN_SHEET = {
    "http://en.people.cn/n3/2021/1001/c90000-9903511.html",
    "http://toccoafallsradio.org/note/10424/experts-react-kazakhstan-will-join-the-abraham",
    "http://www.yourminingnews.com/the-sudan-israel-agreement-is-subject-to-legislative-approval-the-minister-said-sudan/",
}


def test_every_fact_is_sourced_and_dated(served_kb: KnowledgeBase) -> None:
    """Every record has at least one http(s) source and a verified_on date."""
    kb = served_kb
    records: list[Member | Related | Person | Event | Topic | Argument] = [
        *kb.members,
        *kb.related,
        *kb.people,
        *kb.events,
        *kb.topics,
        *kb.arguments,
    ]
    assert len(records) > 100
    for rec in records:
        assert rec.provenance.sources, rec.id
        for src in rec.provenance.sources:
            assert re.match(r"^https?://[^\s/]+", src.url), (rec.id, src.url)
            assert src.title.strip(), rec.id
        assert rec.provenance.verified_on.year >= 2026


def test_every_claim_of_every_shipped_record_has_an_https_source(
    served_kb: KnowledgeBase,
) -> None:
    """Each claim resolves to an https source, or only to links the sheet gives as plain http."""
    kb = served_kb
    records: list[Member | Related | Person | Event | Topic | Argument] = [
        *kb.members,
        *kb.related,
        *kb.people,
        *kb.events,
        *kb.topics,
        *kb.arguments,
    ]
    assert all(rec.claims for rec in records)
    assert len(kb.claims) > 250
    for claim in kb.claims:
        assert claim.sources, (claim.fact_id, claim.field)
        assert len(claim.source_ids) == len(claim.sources), (claim.fact_id, claim.field)
        urls = {s.url for s in claim.sources}
        assert any(u.startswith("https://") for u in urls) or urls <= _HTTP_ONLY_IN_SHEET, (
            claim.fact_id,
            claim.field,
            urls,
        )


def test_every_language_file_loads_with_every_template(served_kb: KnowledgeBase) -> None:
    """Every language file loads, English first, with all of English's templates."""
    kb = served_kb
    codes = [p.code for p in kb.languages]
    assert codes[0] == "en"
    assert set(codes) == {"en", "ar", "he", "ru", "kk", "fr", "es", "de"}
    english = kb.languages[0]
    for pack in kb.languages:
        assert set(pack.templates) == set(english.templates)
        assert set(pack.labels) == set(english.labels)

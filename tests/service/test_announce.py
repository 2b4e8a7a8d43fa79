"""Announcing fact updates: once per channel and version, across restarts and processes."""

from __future__ import annotations

from pathlib import Path

from bot.answer import Answer
from bot.infra.sqlite_store import SqliteStore
from bot.knowledge import load_knowledge
from bot.knowledge.models import KnowledgeBase
from bot.service.announce import (
    Announcer,
    Outcome,
    Posted,
    changes_to_json,
    recent_changes_answer,
)
from bot.service.changes import Change
from bot.service.chat import Channel, ChatService
from bot.service.statestore import MemoryStore, StateStore, Subscription, VersionRecord
from tests.factedits import invisible_edits, sign_kazakhstan
from tests.helpers import errors_logged, facts_engine


class Posts:
    """A platform that records posts and refuses some channels for good."""

    def __init__(self, gone: frozenset[str] = frozenset()) -> None:
        self.sent: list[tuple[str, Answer]] = []
        self.gone = gone

    async def __call__(self, sub: Subscription, answer: Answer) -> Posted:
        if sub.target in self.gone:
            return Posted(Outcome.GONE, "Discord 50013")
        self.sent.append((sub.target, answer))
        return Posted(Outcome.SENT)


async def _subscribe(store: StateStore, kb: KnowledgeBase, *targets: str) -> None:
    service = ChatService(lambda: facts_engine(), store=store)
    for target in targets:
        reply = await service.respond(
            "c", "u", "subscribe", channel=Channel(f"discord:{target}", "discord", target)
        )
        assert reply.title == "Subscribed"


async def test_a_change_is_announced_once_with_its_source(
    kb: KnowledgeBase, knowledge_copy: Path
) -> None:
    """Subscribe, the facts change: one post naming the change and its source; never again."""
    store = MemoryStore()
    posts = Posts()
    await _subscribe(store, kb, "1")
    announcer = Announcer(store, "discord", posts)
    assert (await announcer.announce(kb)).sent == 0, "subscribing is not an update"
    sign_kazakhstan(knowledge_copy)
    signed = load_knowledge(knowledge_copy)
    with errors_logged() as errors:
        first = await announcer.announce(signed)
    assert first.sent == 1 and not errors.messages()
    ((target, post),) = posts.sent
    assert target == "1" and post.title == "What changed in the facts"
    assert "Kazakhstan: status accession announced" in post.body
    assert "Reuters: Kazakhstan signs the Abraham Accords" in post.body
    assert any("reuters.com" in s.url for s in post.sources)
    # A restart, or a second process: a new announcer over the same store sends nothing.
    again = await Announcer(store, "discord", posts).announce(signed)
    assert again.sent == 0 and len(posts.sent) == 1
    # Going back to the older base announces nothing either.
    assert (await announcer.announce(kb)).sent == 0 and len(posts.sent) == 1


async def test_invisible_edits_announce_nothing(kb: KnowledgeBase, knowledge_copy: Path) -> None:
    """A new version whose edits nobody can see is recorded but posted nowhere."""
    store = MemoryStore()
    posts = Posts()
    await _subscribe(store, kb, "1")
    invisible_edits(knowledge_copy)
    done = await Announcer(store, "discord", posts).announce(load_knowledge(knowledge_copy))
    assert done.seq == 2 and posts.sent == []


async def test_a_refused_channel_is_paused_and_the_next_still_gets_it(
    kb: KnowledgeBase, knowledge_copy: Path, tmp_path: Path
) -> None:
    """A 403 (50013) pauses that channel, logged; the other channel still gets the post."""
    store = SqliteStore(tmp_path / "state.db")
    try:
        posts = Posts(gone=frozenset({"1"}))
        await _subscribe(store, kb, "1", "2")
        sign_kazakhstan(knowledge_copy)
        done = await Announcer(store, "discord", posts).announce(load_knowledge(knowledge_copy))
        assert (done.sent, done.paused) == (1, 1)
        assert [t for t, _ in posts.sent] == ["2"]
        paused = await store.subscription("discord:1")
        assert paused is not None and paused.paused == "Discord 50013"
        service = ChatService(lambda: facts_engine(), store=store)
        about = await service.respond(
            "c", "u", "about", channel=Channel("discord:1", "discord", "1")
        )
        assert any("paused" in f.value for f in about.fields)
    finally:
        await store.close()


async def test_changes_lists_past_announcements(kb: KnowledgeBase, knowledge_copy: Path) -> None:
    """/changes shows the announced changes with their date, anywhere, the console too."""
    store = MemoryStore()
    service = ChatService(lambda: facts_engine(), store=store)
    empty = await service.respond("c", "u", "changes")
    assert "No changes" in empty.body
    await _subscribe(store, kb, "1")
    sign_kazakhstan(knowledge_copy)
    await Announcer(store, "discord", Posts()).announce(load_knowledge(knowledge_copy))
    listed = await service.respond("c", "u", "changes")
    assert "Kazakhstan: status accession announced" in listed.body
    assert "(version " in listed.body


async def test_subscribing_needs_the_permission_and_a_channel(kb: KnowledgeBase) -> None:
    """Without Manage Channels, or outside a channel, /subscribe is refused politely."""
    store = MemoryStore()
    service = ChatService(lambda: facts_engine(), store=store)
    refused = await service.respond(
        "c", "u", "subscribe", channel=Channel("discord:1", "discord", "1", may_manage=False)
    )
    assert "Manage Channels" in refused.body
    assert "Discord and Slack channels" in (await service.respond("c", "u", "subscribe")).body
    assert await store.subscriptions("discord") == []


class Flaky(Posts):
    """A platform that fails every post (a passing failure) until `up` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.up = False

    async def __call__(self, sub: Subscription, answer: Answer) -> Posted:
        if not self.up:
            return Posted(Outcome.FAILED, "HTTP 503")
        return await super().__call__(sub, answer)


async def test_a_channel_that_missed_versions_gets_every_change_since(
    kb: KnowledgeBase, knowledge_copy: Path
) -> None:
    """A channel whose post failed at version 2 gets, at version 3, the changes of both."""
    store = MemoryStore()
    posts = Flaky()
    await _subscribe(store, kb, "1")
    announcer = Announcer(store, "discord", posts)
    sign_kazakhstan(knowledge_copy)
    assert (await announcer.announce(load_knowledge(knowledge_copy))).failed == 1
    members = knowledge_copy / "members.yaml"
    text = members.read_text(encoding="utf-8")
    detail = "Donald Trump announced the deal on Twitter"
    members.write_text(text.replace(detail, "MARKER-V3 " + detail, 1), encoding="utf-8")
    posts.up = True
    done = await announcer.announce(load_knowledge(knowledge_copy))
    assert done.sent == 1
    ((_, post),) = posts.sent
    assert "Kazakhstan: status accession announced" in post.body  # version 2's change
    assert "MARKER-V3" in post.body  # and version 3's


async def test_a_long_announcement_has_a_more_button_showing_the_full_list(
    kb: KnowledgeBase, knowledge_copy: Path
) -> None:
    """A post cut with "…and N more" carries the whole list as `more`, and the More press
    (the core's token for it) shows /changes in full."""
    from bot.knowledge.commands import more_token
    from bot.service.announce import announcement
    from bot.service.changes import compare_bases

    members = knowledge_copy / "members.yaml"
    text = members.read_text(encoding="utf-8")
    for n, word in enumerate(("Twitter", "liaison", "embassy", "Rabat", "Manama", "Khartoum")):
        text = text.replace(word, f"{word}-{n}")
    members.write_text(text, encoding="utf-8")
    sign_kazakhstan(knowledge_copy)
    changed = load_knowledge(knowledge_copy)
    changes = compare_bases(kb, changed)
    post = announcement(changes, changed, changed.content_hash)
    assert "…and" in post.body and "press More for the full list" in post.body
    assert post.suggestions == ()
    assert more_token(post) == "changes"
    assert all(c.text in post.more for c in changes)
    store = MemoryStore()
    await _subscribe(store, kb, "1")
    await Announcer(store, "discord", Posts()).announce(changed)
    service = ChatService(lambda: facts_engine(), store=store)
    full = await service.respond("c", "u", "more", "changes")
    assert all(c.text in full.body for c in changes)


def test_changes_lists_only_what_a_newer_change_did_not_supersede(kb: KnowledgeBase) -> None:
    """/changes hides a line a newer version undid (same record and field, or the whole record)
    and keeps older lines about other fields of the same record, which still hold."""

    def version(seq: int, *changes: Change) -> VersionRecord:
        return VersionRecord(seq, f"hash{seq}", 0.0, changes_to_json(changes), True)

    versions = [  # newest first, as the store returns them
        version(3, Change("new: Somaliland", (), "related/somaliland")),
        version(2, Change("Kazakhstan: new signatory: X", (), "members/kazakhstan", "sig:X")),
        version(
            1,
            Change("removed: Somaliland", (), "related/somaliland"),
            Change("Kazakhstan: status a → b", (), "members/kazakhstan", "status"),
            Change("an old line of unknown record"),
        ),
    ]
    body = recent_changes_answer(versions, kb).body
    assert "new: Somaliland" in body and "removed: Somaliland" not in body
    assert "Kazakhstan: status a → b" in body and "new signatory: X" in body
    assert "an old line of unknown record" in body

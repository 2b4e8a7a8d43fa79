"""The "Share in channel" button under an ephemeral answer, and what a press posts.

An ephemeral answer is kept for as long as Slack lets its response_url be used; a press posts
the kept answer in the channel, credited to the presser, and deletes the private copy. After a
restart the kept copy is gone, so the question is asked again from what the button carries.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final

from slack_bolt.async_app import AsyncRespond

from adapters.slack_bot.mrkdwn import inert_json
from adapters.slack_bot.payload import Conversation
from adapters.slack_bot.render import SlackMessage, render_answer, render_notice
from bot import wording
from bot.answer import Answer
from bot.knowledge.commands import find_any_command
from bot.service.ttl_lru import TtlLru

# A response_url works for 30 minutes, so a "Share" press can only come within that time.
SHARE_TTL_S: Final = 1800.0
SHARE_MAX_ANSWERS: Final = 2_000

Ask = Callable[[Conversation, str, str], Awaitable[Answer]]
"""Run a command for a conversation: (where, command, argument) -> the answer."""


@dataclass(frozen=True, slots=True)
class _Shareable:
    """An ephemeral answer kept until its "Share in channel" button is pressed."""

    answer: Answer
    command: str
    argument: str


class ShareShelf:
    """The ephemeral answers that can still be shared, and the posting of one when pressed."""

    def __init__(self, ask: Ask, clock: Callable[[], float] = time.monotonic) -> None:
        self._ask = ask
        self._kept: TtlLru[str, _Shareable] = TtlLru(SHARE_TTL_S, SHARE_MAX_ANSWERS, clock)

    def ephemeral(self, answer: Answer, command: str, argument: str) -> SlackMessage:
        """Render an ephemeral answer, with a "Share in channel" button when worth sharing."""
        if answer.is_notice:
            return render_answer(answer)
        share_id = secrets.token_urlsafe(12)
        self._kept.put(share_id, _Shareable(answer, command, argument))
        value = {"id": share_id, "command": command, "argument": argument[:1500]}
        return render_answer(answer, share_value=inert_json(value))

    async def share(
        self, respond: AsyncRespond, where: Conversation, value: dict[str, str]
    ) -> None:
        """Post the kept answer in the channel, credited, and delete the ephemeral original."""
        kept = self._kept.get(value.get("id", ""))
        if kept is not None:
            answer = kept.answer  # stamped with the facts' version when it was answered
        elif find_any_command(value.get("command", "")) is not None:
            # Kept answers do not survive a restart; asking again gives the same answer
            # unless it was a follow-up, whose context only the kept copy has.
            command, argument = value["command"], value.get("argument", "")
            answer = await self._ask(where, command, argument)
        else:
            notice = render_notice(wording.SHARE_EXPIRED)
            await respond(response_type="ephemeral", replace_original=False, **notice.payload())
            return
        if answer.is_notice:
            reply = render_answer(answer)
            await respond(response_type="ephemeral", replace_original=False, **reply.payload())
            return
        shared = render_answer(answer, shared_by=where.user, suggestions=False)
        await respond(response_type="in_channel", replace_original=False, **shared.payload())
        await respond(delete_original=True)

"""Asking from the console: `accords-bot ask` (one question, or one per line) and `chat`.

The console asks through the same `ChatService` as every other front end; what is its own is
reading lines from a terminal or a pipe, and printing answers as text or one JSON object each.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO, TextIO

from adapters.console.maintaining import knowledge_folder
from adapters.console.render_text import render_text
from bot import wording
from bot.answer import Answer
from bot.config import Settings, describe_knowledge, version
from bot.engine import Engine
from bot.infra.store_url import open_store
from bot.knowledge.commands import MORE_COMMAND, more_token
from bot.service import ChatService, ServiceLimits
from bot.service.chat import MAX_QUESTION_CHARS
from bot.service.statestore import MemoryStore, StateStore


def answer_json(answer: Answer) -> str:
    """Return one answer as the JSON object `ask --json` prints."""
    return json.dumps(
        {
            "question": answer.question,
            "status": answer.status.value,
            "answer": answer.text(),
            "score": answer.score,
            "sources": [{"title": s.title, "url": s.url} for s in answer.sources],
            "suggestions": list(answer.suggestions),
            "as_of": answer.as_of,
            "fact_ids": list(answer.fact_ids),
            "intent": answer.intent,
            "claims": [
                {
                    "text": c.text,
                    "fact_id": c.fact_id,
                    "sources": [{"title": s.title, "url": s.url} for s in c.sources],
                }
                for c in answer.claims
            ],
            "more": answer.more,
        },
        ensure_ascii=False,
    )


# One person at a keyboard: no rate limit worth the name, and follow-ups kept for the session.
_CONSOLE_LIMITS = ServiceLimits(rate_count=1_000_000, rate_window_s=1.0, conversation_ttl_s=1e9)


def _service(engine: Engine, served: str = "", history: StateStore | None = None) -> ChatService:
    """Return the chat service the console asks through, like every other front end.

    Follow-ups live in memory; /changes reads past announcements from `history` (the bots'
    state store, STATE_URL) when given.
    """
    return ChatService(
        lambda: engine,
        _CONSOLE_LIMITS,
        platform="console",
        served=served,
        store=MemoryStore(),
        history=history,
    )


# A line longer than this many bytes is cut: no UTF-8 character is longer than 4 bytes, so
# the service's own cap on a question's characters is never the tighter one.
_MAX_LINE_BYTES = MAX_QUESTION_CHARS * 4


def batch_lines(stream: BinaryIO, max_bytes: int = _MAX_LINE_BYTES) -> Iterator[str]:
    """Yield each line of `stream` as it arrives, split on `\\n` only (`\\r\\n` accepted).

    Only a newline ends a question: `\\r`, form feeds, U+2028 and the other breaks
    `str.splitlines` knows stay inside their line, so answers stay beside their questions.
    A line longer than `max_bytes` is cut there and the rest of it skipped.
    """
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            raw = raw[:max_bytes]
            while (rest := stream.readline(max_bytes)) and not rest.endswith(b"\n"):
                pass
        raw = raw.removesuffix(b"\n").removesuffix(b"\r")
        yield raw.decode("utf-8", errors="replace")


def _stdin_bytes() -> BinaryIO:
    return sys.stdin.buffer


def run_ask(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Answer the question on the command line, or each line of stdin given `-`."""
    service_engine = Engine.from_dir(knowledge_folder(args, settings))
    service = _service(service_engine)
    if args.question == ["-"]:
        for number, line in enumerate(batch_lines(_stdin_bytes())):
            # A conversation per line: batch answers carry no state from one line to the next.
            answer = service.ask(f"console:batch:{number}", "console", line)
            if not line.strip():  # the engine names an empty question "/ask"; it was ""
                answer = replace(answer, question=line)
            out.write((answer_json(answer) if args.json else render_text(answer)) + "\n")
            out.flush()  # a live pipe gets each answer as soon as its line is read
        return 0
    question = " ".join(args.question)
    answer = service.ask("console", "console", question)
    if args.json:
        out.write(answer_json(answer) + "\n")
    elif args.full and answer.more:
        out.write(answer.more + "\n")
    else:
        out.write(render_text(answer, explain=args.explain) + "\n")
    if args.explain:
        from adapters.console.learning import explain_kinds

        folder = knowledge_folder(args, settings)
        explain_kinds(folder, service_engine.kb, question, out)
    return 0


def _more(service: ChatService, last: Answer | None, explain: bool) -> str:
    """Return the whole record behind the last answer as a More press shows it on the
    platforms (recomposed, with its sources and the facts' date), or say there is none."""
    token = more_token(last) if last is not None else None
    if token is None:
        return wording.NO_MORE
    return render_text(service.command("console", "console", MORE_COMMAND, token), explain=explain)


def run_chat(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Chat at the terminal, with follow-ups, commands and More, until /quit or end of input."""
    folder = knowledge_folder(args, settings)
    engine = Engine.from_dir(folder)
    served = wording.served_base(describe_knowledge(folder), version())
    service = _service(engine, served, open_store(settings.state_url, create=False))
    out.write(wording.console_greeting(engine.kb.as_of) + "\n")
    last: Answer | None = None
    while True:
        try:
            out.write("> ")
            out.flush()
            line = sys.stdin.readline()
        except (KeyboardInterrupt, UnicodeDecodeError):
            out.write("\n")
            if isinstance(sys.exc_info()[1], KeyboardInterrupt):
                return 0
            continue
        if not line:
            out.write("\n")
            return 0
        line = line.strip()
        if line in ("/quit", "/exit", "quit", "exit"):
            return 0
        if line.lower() in ("more", "/more"):  # the whole record behind the last short answer
            out.write(_more(service, last, args.explain) + "\n")
            continue
        name, argument = ("ask", line)
        if line.startswith("/"):
            name, _, argument = line[1:].partition(" ")
        answer = service.command("console", "console", name, argument)
        last = answer
        out.write(render_text(answer, explain=args.explain) + "\n")

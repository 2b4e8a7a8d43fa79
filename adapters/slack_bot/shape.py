"""What a Slack payload must look like before bolt and the listeners read it.

bolt reads fields deep inside a payload without checking their types: it matches
`actions[0]["action_id"]` against a pattern, reads `view["type"]`, builds a hint from
`action_id + "…"`; the listeners read `body["user"]["id"]` and the report form's
`view.state.values`. A payload with another type there, or without such a field, makes bolt
answer 500 and log an ERROR traceback. `payload_problem` checks, by the kind of payload, every
field either of them reads and names the first that is wrong ("" when the payload is as Slack
sends it): the HTTP door answers 400 for it and Socket Mode drops it with one warning line.

Only fields that are read are checked, and only their type: a field Slack adds, or leaves
out where nothing requires it, never turns a request away. Pure: no network, no SDK.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Protocol


class Spec(Protocol):
    """The type one field must have."""

    def problem(self, value: object, at: str) -> str:
        """Return what is wrong with `value` found at `at`, or ""."""
        ...


def _at(at: str, name: str) -> str:
    return f"{at}.{name}" if at else name


@dataclass(frozen=True, slots=True)
class Text:
    """A string (or null, when `nullable`)."""

    nullable: bool = False

    def problem(self, value: object, at: str) -> str:
        """Return what is wrong with `value` found at `at`, or ""."""
        if isinstance(value, str) or (self.nullable and value is None):
            return ""
        return f"{at} is not text"


@dataclass(frozen=True, slots=True)
class Flag:
    """true or false."""

    def problem(self, value: object, at: str) -> str:
        """Return what is wrong with `value` found at `at`, or ""."""
        return "" if isinstance(value, bool) else f"{at} is not true or false"


@dataclass(frozen=True, slots=True)
class Obj:
    """An object: `required` fields present, each field in `fields` of its type when present,
    and every value of the type `each` (for objects keyed by ids, such as a view's state)."""

    fields: Mapping[str, Spec] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    each: Spec | None = None
    text_ok: bool = False
    """An id may stand in for the object (`"user": "U123"` in some payloads)."""
    nullable: bool = False

    def problem(self, value: object, at: str) -> str:
        """Return what is wrong with `value` found at `at`, or ""."""
        if (value is None and self.nullable) or (isinstance(value, str) and self.text_ok):
            return ""
        if not isinstance(value, dict):
            return f"{at or 'the body'} is not an object"
        missing = sorted(self.required - value.keys())
        if missing:
            return f"{_at(at, missing[0])} is missing"
        for name, spec in self.fields.items():
            if name in value and (found := spec.problem(value[name], _at(at, name))):
                return found
        if self.each is not None:
            for item in value.values():
                if found := self.each.problem(item, _at(at, "*")):
                    return found
        return ""


@dataclass(frozen=True, slots=True)
class Many:
    """A list of at least `min_items` items, each of the type `item`."""

    item: Spec
    min_items: int = 0

    def problem(self, value: object, at: str) -> str:
        """Return what is wrong with `value` found at `at`, or ""."""
        if not isinstance(value, list):
            return f"{at} is not a list"
        if len(value) < self.min_items:
            return f"{at} is empty"
        for item in value:
            if found := self.item.problem(item, f"{at}[]"):
                return found
        return ""


TEXT: Final = Text()
MAYBE_TEXT: Final = Text(nullable=True)
_ID_ONLY: Final = Obj({"id": TEXT}, nullable=True)
_PERSON: Final = Obj({"id": TEXT, "team_id": TEXT}, nullable=True)
_WHO: Final[Mapping[str, Spec]] = dict.fromkeys(
    ("enterprise", "team", "user", "channel"), Obj(text_ok=True, nullable=True)
)
"""Where bolt looks for the team, user and channel of a request, at every level it searches."""
_CONTEXT: Final = Obj(_WHO)
_EVENT: Final = Obj(
    {
        **_WHO,
        **dict.fromkeys(("item", "message", "previous_message", "assistant_thread"), _CONTEXT),
    }
)

COMMON: Final = Obj(
    {
        **_WHO,
        "type": TEXT,
        "event": _EVENT,
        "view": Obj(),
        "container": Obj(),
        "message": _CONTEXT,
        "actions": Many(Obj()),
        "authorizations": Many(_CONTEXT),
        "response_urls": Many(Obj({"response_url": TEXT})),
        **dict.fromkeys(
            (
                "callback_id",
                "action_id",
                "block_id",
                "command",
                "text",
                "response_url",
                "trigger_id",
                "event_id",
                "user_id",
                "channel_id",
                "team_id",
            ),
            TEXT,
        ),
    }
)
"""Every payload: what bolt reads wherever it is found (slash commands have no `type`)."""

_VIEW: Final = Obj(
    {
        "id": TEXT,
        "type": TEXT,
        "callback_id": TEXT,
        "private_metadata": TEXT,
        "state": Obj({"values": Obj(each=Obj(each=Obj({"value": MAYBE_TEXT})))}),
    },
    required=frozenset({"type", "callback_id"}),
)
_VIEWS: Final = Obj(
    {"view": _VIEW, "user": _PERSON, "team": _ID_ONLY},
    required=frozenset({"view"}),
)

BY_TYPE: Final[Mapping[str, Obj]] = {
    "event_callback": Obj(
        {"event": Obj({"type": TEXT}, required=frozenset({"type"}))},
        required=frozenset({"event"}),
    ),
    "block_actions": Obj(
        {
            "actions": Many(
                Obj(
                    {"action_id": TEXT, "block_id": TEXT, "value": TEXT, "type": TEXT},
                    required=frozenset({"action_id"}),
                ),
                min_items=1,
            ),
            "user": _PERSON,
            "team": _ID_ONLY,
            "channel": _ID_ONLY,
            "container": Obj(
                {
                    "channel_id": TEXT,
                    "message_ts": TEXT,
                    "thread_ts": TEXT,
                    "is_ephemeral": Flag(),
                }
            ),
            "message": Obj({"ts": TEXT, "thread_ts": TEXT}),
        },
        required=frozenset({"actions"}),
    ),
    "view_submission": _VIEWS,
    "view_closed": _VIEWS,
    "block_suggestion": Obj({"value": TEXT}, required=frozenset({"action_id"})),
}
"""Each kind of payload: the fields bolt's matchers and the listeners read in it."""

_MESSAGE: Final = Obj(
    {
        **dict.fromkeys(("text", "user", "channel", "ts", "thread_ts", "channel_type"), TEXT),
        **dict.fromkeys(("subtype", "bot_id", "app_id"), MAYBE_TEXT),
        "bot_profile": Obj(nullable=True),
    }
)
EVENTS: Final[Mapping[str, Obj]] = {"app_mention": _MESSAGE, "message": _MESSAGE}
"""The events the listeners answer: the fields they read in them."""


def payload_problem(body: object) -> str:
    """Return the first field of `body` that is not as Slack sends it, or "" if none is."""
    found = COMMON.problem(body, "")
    if found or not isinstance(body, dict):
        return found
    kind = BY_TYPE.get(str(body.get("type", "")))
    if kind is not None and (found := kind.problem(body, "")):
        return found
    event = body.get("event")
    if body.get("type") == "event_callback" and isinstance(event, dict):
        spec = EVENTS.get(str(event["type"]))
        return spec.problem(event, "event") if spec is not None else ""
    return ""

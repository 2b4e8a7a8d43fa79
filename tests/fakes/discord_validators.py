"""Discord's checks on what a bot sends: messages, components, modals, commands, mentions.

Each validator returns the (path, code, message) triples Discord's 400 / 50035 error carries,
so the fake refuses what Discord would and tests can assert on the exact problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tests.fakes.discord_protocol import (
    _COMMAND_NAME,
    COMPONENT_ACTION_ROW,
    COMPONENT_LABEL,
    COMPONENT_TEXT_INPUT,
    FLAG_EPHEMERAL,
    JSON,
)


class _FormErrors:
    """Collects validation errors in Discord's nested 50035 shape."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []

    def add(self, path: str, code: str, message: str) -> None:
        self.items.append((path, code, message))

    def max_length(self, path: str, value: object, limit: int, minimum: int = 0) -> None:
        if not isinstance(value, str):
            self.add(path, "BASE_TYPE_STRING", "Must be a string.")
        elif len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")
        elif len(value) < minimum:
            self.add(path, "BASE_TYPE_MIN_LENGTH", f"Must be {minimum} or more in length.")

    def body(self) -> JSON:
        errors: JSON = {}
        for path, code, message in self.items:
            node = errors
            for part in path.split("."):
                node = node.setdefault(part, {})
            node.setdefault("_errors", []).append({"code": code, "message": message})
        return {"code": 50035, "errors": errors, "message": "Invalid Form Body"}


def validate_message(payload: JSON, *, interaction: bool = False) -> list[tuple[str, str, str]]:  # noqa: C901  # over the limit before it was enforced: split it
    """Return every reason Discord would refuse `payload` as a message (empty when it is fine)."""
    errors = _FormErrors()
    content = payload.get("content")
    if content is not None:
        errors.max_length("content", content, 2000)
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        errors.add("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        at = f"embeds.{i}"
        for key, limit in (("title", 256), ("description", 4096)):
            if key in embed:
                errors.max_length(f"{at}.{key}", embed[key], limit)
                total += len(embed[key] or "")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors.add(f"{at}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for j, fld in enumerate(fields):
            errors.max_length(f"{at}.fields.{j}.name", fld.get("name"), 256, minimum=1)
            errors.max_length(f"{at}.fields.{j}.value", fld.get("value"), 1024, minimum=1)
            total += len(fld.get("name") or "") + len(fld.get("value") or "")
        if "footer" in embed:
            errors.max_length(f"{at}.footer.text", embed["footer"].get("text"), 2048)
            total += len(embed["footer"].get("text") or "")
        if "author" in embed:
            errors.max_length(f"{at}.author.name", embed["author"].get("name"), 256)
            total += len(embed["author"].get("name") or "")
    if total > 6000:
        errors.add("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
    _validate_components(payload.get("components") or [], errors)
    _validate_allowed_mentions(payload.get("allowed_mentions"), errors)
    flags = int(payload.get("flags") or 0)
    allowed_flags = (1 << 2) | (1 << 12) | (FLAG_EPHEMERAL if interaction else 0)
    if flags & ~allowed_flags:
        errors.add("flags", "MESSAGE_FLAGS_INVALID", f"Invalid flags {flags}")
    return errors.items


def _validate_components(rows: list[JSON], errors: _FormErrors) -> None:
    if len(rows) > 5:
        errors.add("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    seen: set[str] = set()
    for i, row in enumerate(rows):
        if row.get("type") != 1:
            errors.add(f"components.{i}.type", "UNION_TYPE_CHOICES", "Expected an action row.")
            continue
        buttons = row.get("components") or []
        if not 1 <= len(buttons) <= 5:
            errors.add(f"components.{i}.components", "BASE_TYPE_BAD_LENGTH", "Must be 1 to 5.")
        for j, button in enumerate(buttons):
            at = f"components.{i}.components.{j}"
            if "label" in button:
                errors.max_length(f"{at}.label", button["label"], 80)
            if button.get("style") == 5:
                continue
            custom_id = button.get("custom_id")
            errors.max_length(f"{at}.custom_id", custom_id, 100, minimum=1)
            if custom_id in seen:
                errors.add(f"{at}.custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "Duplicate id.")
            seen.add(str(custom_id))


def _validate_allowed_mentions(value: Any, errors: _FormErrors) -> None:
    if value is None:
        return
    parse = value.get("parse", [])
    if any(p not in ("roles", "users", "everyone") for p in parse):
        errors.add("allowed_mentions.parse", "BASE_TYPE_CHOICES", "Value must be one of …")
    for kind in ("users", "roles"):
        if kind in parse and value.get(kind):
            errors.add(
                f"allowed_mentions.{kind}",
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{kind}"] and {kind}: [ids] are mutually exclusive.',
            )


def validate_modal(data: Any) -> list[tuple[str, str, str]]:  # noqa: C901  # over the limit before it was enforced: split it
    """Return every reason Discord would refuse `data` as a modal (callback type 9)."""
    errors = _FormErrors()
    if not isinstance(data, dict):
        errors.add("data", "BASE_TYPE_REQUIRED", "This field is required")
        return errors.items
    errors.max_length("data.title", data.get("title"), 45, minimum=1)
    errors.max_length("data.custom_id", data.get("custom_id"), 100, minimum=1)
    components = data.get("components")
    if not isinstance(components, list) or not 1 <= len(components) <= 5:
        errors.add("data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.")
        return errors.items
    seen: set[str] = set()
    for i, component in enumerate(components):
        at = f"data.components.{i}"
        kind = component.get("type") if isinstance(component, dict) else None
        if kind == COMPONENT_LABEL:
            errors.max_length(f"{at}.label", component.get("label"), 45, minimum=1)
            if "description" in component:
                errors.max_length(f"{at}.description", component["description"], 100)
            inner = component.get("component")
            if isinstance(inner, dict) and inner.get("label") is not None:
                # Inside a label component a text input takes no label of its own (discord.py
                # sends "label": null, which Discord accepts).
                errors.add(f"{at}.component.label", "COMPONENT_INVALID_FIELD", "Not allowed.")
            _validate_text_input(inner, f"{at}.component", errors, seen)
        elif kind == COMPONENT_ACTION_ROW:
            inner_list = component.get("components") or []
            if len(inner_list) != 1:
                errors.add(f"{at}.components", "BASE_TYPE_BAD_LENGTH", "Must be 1 in length.")
            for j, inner in enumerate(inner_list):
                where = f"{at}.components.{j}"
                if isinstance(inner, dict):
                    errors.max_length(f"{where}.label", inner.get("label"), 45, minimum=1)
                _validate_text_input(inner, where, errors, seen)
        else:
            errors.add(f"{at}.type", "UNION_TYPE_CHOICES", "Expected a label or an action row.")
    return errors.items


def _validate_text_input(item: Any, at: str, errors: _FormErrors, seen: set[str]) -> None:
    if not isinstance(item, dict) or item.get("type") != COMPONENT_TEXT_INPUT:
        errors.add(f"{at}.type", "UNION_TYPE_CHOICES", "Expected a text input.")
        return
    custom_id = item.get("custom_id")
    errors.max_length(f"{at}.custom_id", custom_id, 100, minimum=1)
    if custom_id in seen:
        errors.add(f"{at}.custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED", "Duplicate id.")
    seen.add(str(custom_id))
    if item.get("style") not in (1, 2):
        errors.add(f"{at}.style", "BASE_TYPE_CHOICES", "Value must be one of (1, 2).")
    for key, low in (("min_length", 0), ("max_length", 1)):
        value = item.get(key)
        if value is not None and (not isinstance(value, int) or not low <= value <= 4000):
            errors.add(f"{at}.{key}", "NUMBER_TYPE_MAX", f"Must be between {low} and 4000.")
    if "placeholder" in item and item["placeholder"] is not None:
        errors.max_length(f"{at}.placeholder", item["placeholder"], 100)
    if "value" in item and item["value"] is not None:
        errors.max_length(f"{at}.value", item["value"], 4000)


def validate_commands(commands: list[JSON]) -> list[tuple[str, str, str]]:  # noqa: C901  # over the limit before it was enforced: split it
    """Return every reason Discord would refuse `commands` in a bulk overwrite."""
    errors = _FormErrors()
    names: set[str] = set()
    for i, command in enumerate(commands):
        name = str(command.get("name", ""))
        if not _COMMAND_NAME.match(name) or name != name.lower():
            errors.add(f"{i}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name.")
        if name in names:
            errors.add(f"{i}.name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Duplicate name.")
        names.add(name)
        if command.get("type", 1) == 1:
            errors.max_length(f"{i}.description", command.get("description"), 100, minimum=1)
        options = command.get("options") or []
        if len(options) > 25:
            errors.add(f"{i}.options", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        optional_seen = False
        for j, option in enumerate(options):
            at = f"{i}.options.{j}"
            if not _COMMAND_NAME.match(str(option.get("name", ""))):
                errors.add(f"{at}.name", "APPLICATION_COMMAND_INVALID_NAME", "Invalid name.")
            errors.max_length(f"{at}.description", option.get("description"), 100, minimum=1)
            if option.get("required"):
                if optional_seen:
                    errors.add(
                        f"{at}.required",
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                    )
            else:
                optional_seen = True
            if option.get("autocomplete") and option.get("choices"):
                errors.add(f"{at}.autocomplete", "AUTOCOMPLETE_CHOICES", "Not both.")
            if option.get("autocomplete") and option.get("type") not in (3, 4, 10):
                errors.add(f"{at}.autocomplete", "AUTOCOMPLETE_TYPE", "Not for this type.")
    return errors.items


def validate_choices(choices: Any) -> list[tuple[str, str, str]]:
    """Return every reason Discord would refuse an autocomplete result."""
    errors = _FormErrors()
    if not isinstance(choices, list):
        errors.add("data.choices", "BASE_TYPE_ARRAY", "Must be an array.")
        return errors.items
    if len(choices) > 25:
        errors.add("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for i, choice in enumerate(choices):
        errors.max_length(f"data.choices.{i}.name", choice.get("name"), 100, minimum=1)
        value = choice.get("value")
        if isinstance(value, str):
            errors.max_length(f"data.choices.{i}.value", value, 100)
    return errors.items


def _has_content(body: JSON) -> bool:
    return bool(body.get("content") or body.get("embeds") or body.get("components"))


def pings(payload: JSON, *, default_parse: Iterable[str] = ("users", "roles", "everyone")) -> bool:
    """Say whether a sent message could ping anyone, applying Discord's allowed_mentions rules.

    Without `allowed_mentions`, Discord parses every mention in the content.
    """
    content = str(payload.get("content") or "")
    allowed = payload.get("allowed_mentions")
    parse = set(default_parse) if allowed is None else set(allowed.get("parse", []))
    explicit_users = set(map(str, (allowed or {}).get("users", [])))
    explicit_roles = set(map(str, (allowed or {}).get("roles", [])))
    if re.search(r"@(everyone|here)\b", content) and "everyone" in parse:
        return True
    for user_id in re.findall(r"<@!?(\d+)>", content):
        if "users" in parse or user_id in explicit_users:
            return True
    for role_id in re.findall(r"<@&(\d+)>", content):
        if "roles" in parse or role_id in explicit_roles:
            return True
    return bool((allowed or {}).get("replied_user"))

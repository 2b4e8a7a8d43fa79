"""Load and check the language files, `knowledge/lang/*.yaml`, into `LanguagePack`s.

One file per language. `en.yaml` is the reference: every other file must have each template
and label it has, and a template may use only the placeholders the English one fills. Each
problem is reported as `FILE:LINE:COL: problem` through the fact loader's own YAML node
loading (no constructor runs, anchors are refused), and every problem is reported, not just
the first. A state's name in a language must be one of that record's aliases, so a name the
bot writes is a name it also reads.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.errors import KnowledgeError
from bot.knowledge.commands import ALL_COMMANDS
from bot.knowledge.langs import ENGLISH, LanguagePack
from bot.knowledge.nodes import Checker, compose, display
from bot.knowledge.normalize import normalize

LANG_FOLDER = "lang"
_CODE = re.compile(r"^[a-z]{2,3}$")
_SCRIPTS = frozenset({"latin", "cyrillic", "arabic", "hebrew"})
_STEMMERS = frozenset({"russian", "french", "spanish", "german", "arabic", "english"})
_ENGLISH_WORDS = re.compile(r"^[a-z0-9' ]*$")
_FIELDS = frozenset(
    {
        "language",
        "name",
        "direction",
        "script",
        "letters",
        "marks",
        "stemmer",
        "fold",
        "prefixes",
        "suffixes",
        "question_words",
        "yesno_words",
        "cue_words",
        "function_words",
        "accords",
        "names",
        "templates",
        "labels",
        "texts",
        "commands",
    }
)
# Discord's rule for command and option names: lower case, 1 to 32 letters, digits, - or _.
_COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
MAX_COMMAND_DESCRIPTION = 100
_REQUIRED = ("language", "name", "direction", "script", "templates", "labels")


def iter_language_files(root: Path) -> Iterator[Path]:
    """Yield the language files under the fact folder `root`, in name order."""
    folder = Path(root) / LANG_FOLDER
    if folder.is_dir():
        yield from sorted(folder.glob("*.yaml"))  # a broken link is reported, not skipped


class _File:
    """Reads one language file's nodes, reporting each problem at its node."""

    def __init__(self, shown: str, check: Checker) -> None:
        self.shown = shown
        self.check = check

    def text(self, node: yaml.Node, what: str, *, empty_ok: bool = False) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.check.fail(self.shown, node, f"{what}: expected text")
            return None
        if node.tag != "tag:yaml.org,2002:str":
            self.check.fail(
                self.shown, node, f'{what}: {node.value!r} is not read as text; quote it ("…")'
            )
            return None
        value = str(node.value).strip()
        if not value and not empty_ok:
            self.check.fail(self.shown, node, f"{what}: must not be empty")
            return None
        return value

    def texts(self, node: yaml.Node, what: str) -> list[str]:
        if not isinstance(node, yaml.SequenceNode):
            self.check.fail(self.shown, node, f"{what}: expected a list")
            return []
        out = [self.text(item, f"{what}[{i}]") for i, item in enumerate(node.value)]
        return [x for x in out if x is not None]

    def mapping(
        self, node: yaml.Node, what: str, *, empty_values: bool = False
    ) -> dict[str, tuple[str, yaml.Node]]:
        """Return key → (value, value node) of a mapping of text to text."""
        if not isinstance(node, yaml.MappingNode):
            self.check.fail(self.shown, node, f"{what}: expected a mapping")
            return {}
        out: dict[str, tuple[str, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = self.text(key_node, f"{what} key")
            if key is None:
                continue
            if key in out:
                self.check.fail(self.shown, key_node, f"{what}: {key!r} appears twice")
                continue
            value = self.text(value_node, f"{what}.{key}", empty_ok=empty_values)
            if value is not None:
                out[key] = (value, value_node)
        return out


def _placeholders(template: str) -> set[str] | None:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return None


def _read(node: yaml.Node, shown: str, check: Checker) -> tuple[dict[str, Any], yaml.Node]:
    """Return the checked top-level fields of one file, and its root node."""
    f = _File(shown, check)
    fields: dict[str, Any] = {}
    if not isinstance(node, yaml.MappingNode):
        check.fail(shown, node, "a language file must be a mapping (language, name, templates, …)")
        return fields, node
    for key_node, value_node in node.value:
        key = key_node.value
        if key not in _FIELDS:
            known = ", ".join(sorted(_FIELDS))
            check.fail(shown, key_node, f"unknown field {key!r} (known: {known})")
            continue
        if key in fields:
            check.fail(shown, key_node, f"field {key!r} appears twice")
            continue
        if key in ("language", "name", "direction", "script", "letters", "marks", "stemmer"):
            fields[key] = (f.text(value_node, key), value_node)
        elif key in ("prefixes", "suffixes", "yesno_words", "function_words", "accords"):
            fields[key] = (f.texts(value_node, key), value_node)
        else:
            fields[key] = (f.mapping(value_node, key), value_node)
    for key in _REQUIRED:
        if key not in fields:
            check.fail(shown, node, f"missing required field {key!r}")
    return fields, node


def _english_values(
    words: Mapping[str, tuple[str, yaml.Node]], what: str, shown: str, check: Checker
) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, (value, node) in words.items():
        if not _ENGLISH_WORDS.match(value):
            check.fail(shown, node, f"{what}.{key}: {value!r} must be lower-case English words")
            continue
        out[normalize(key)] = value
    return out


@dataclass(frozen=True, slots=True)
class _Fields:
    """A language file's top-level fields, each with its YAML node for error positions."""

    shown: str
    fields: dict[str, Any]
    root: yaml.Node

    def get(self, key: str, default: Any) -> Any:
        found = self.fields.get(key)
        return found[0] if found is not None and found[0] is not None else default

    def node(self, key: str) -> yaml.Node:
        return self.fields[key][1] if key in self.fields else self.root

    def plain(self, key: str) -> dict[str, Any]:
        return {k: v for k, (v, _) in self.get(key, {}).items()}


def _pack(
    shown: str,
    fields: dict[str, Any],
    root: yaml.Node,
    reference: LanguagePack | None,
    aliases: Mapping[str, frozenset[str]] | None,
    check: Checker,
) -> LanguagePack | None:
    f = _Fields(shown, fields, root)
    _check_settings(f, check)
    if reference is not None:
        _against_reference(shown, fields, root, reference, check)
    names = _names(f, aliases, check)
    for key, (_, fold_node) in f.get("fold", {}).items():
        if len(key) != 1:
            check.fail(shown, fold_node, f"fold.{key}: fold one letter at a time")
    code = f.get("language", None)
    if code is None:
        return None
    get = f.get
    return LanguagePack(
        code=code,
        name=get("name", code),
        rtl=get("direction", "ltr") == "rtl",
        script=get("script", "latin"),
        file=shown,
        letters=frozenset(get("letters", "")),
        marks=frozenset(get("marks", "")),
        stemmer=get("stemmer", None),
        fold=f.plain("fold"),
        prefixes=tuple(sorted(get("prefixes", []), key=len, reverse=True)),
        suffixes=tuple(sorted(get("suffixes", []), key=len, reverse=True)),
        question_words=_english_values(get("question_words", {}), "question_words", shown, check),
        yesno_words=frozenset(normalize(w) for w in get("yesno_words", [])),
        cue_words=_english_values(get("cue_words", {}), "cue_words", shown, check),
        function_words=frozenset(normalize(w) for w in get("function_words", [])),
        accords=tuple(normalize(a) for a in get("accords", [])),
        names=names,
        templates=f.plain("templates"),
        labels=f.plain("labels"),
        texts=f.plain("texts"),
        commands=_commands(get("commands", {}), shown, check),
    )


def _check_settings(f: _Fields, check: Checker) -> None:
    """Check the file's language code, direction, script and stemmer."""
    code = f.get("language", None)
    if code is not None and not _CODE.match(code):
        check.fail(f.shown, f.node("language"), f"language: {code!r} is not a language code")
    if code is not None and Path(f.shown).stem != code:
        check.fail(f.shown, f.node("language"), f"language: {code!r} does not match the file name")
    if f.get("direction", "ltr") not in ("ltr", "rtl"):
        check.fail(f.shown, f.node("direction"), "direction: expected 'ltr' or 'rtl'")
    if f.get("script", "latin") not in _SCRIPTS:
        scripts = ", ".join(sorted(_SCRIPTS))
        check.fail(f.shown, f.node("script"), f"script: expected one of {scripts}")
    stemmer = f.get("stemmer", None)
    if stemmer is not None and stemmer not in _STEMMERS:
        check.fail(f.shown, f.node("stemmer"), f"stemmer: expected one of {', '.join(_STEMMERS)}")


def _names(
    f: _Fields, aliases: Mapping[str, frozenset[str]] | None, check: Checker
) -> dict[str, str]:
    """Return the names the language gives records, each checked against the record's aliases."""
    names: dict[str, str] = {}
    for entity, (name, name_node) in f.get("names", {}).items():
        if aliases is None:  # the fact files did not load: their names cannot be checked
            names[entity] = name
            continue
        known = aliases.get(entity)
        if known is None:
            check.fail(f.shown, name_node, f"names.{entity}: no member, related state or person")
        elif normalize(name) not in known:
            check.fail(
                f.shown,
                name_node,
                f"names.{entity}: {name!r} is not among that record's aliases; add it there "
                f"so the bot reads the name it writes",
            )
        else:
            names[entity] = name
    return names


def _commands(
    entries: Mapping[str, tuple[str, yaml.Node]], shown: str, check: Checker
) -> dict[str, str]:
    """Check slash-command wording against the shared command set and the platform's rules."""
    known: set[str] = set()
    for spec in ALL_COMMANDS:
        known |= {f"{spec.name}.name", f"{spec.name}.description"}
        if spec.option is not None:
            known |= {f"{spec.name}.{spec.option.name}.name"}
            known |= {f"{spec.name}.{spec.option.name}.description"}
    out: dict[str, str] = {}
    for key, (text, node) in entries.items():
        if key not in known:
            check.fail(shown, node, f"commands.{key}: no such command, option or field")
        elif key.endswith(".name") and (not _COMMAND_NAME.match(text) or text != text.lower()):
            check.fail(
                shown, node, f"commands.{key}: {text!r} must be 1-32 lower-case letters, - or _"
            )
        elif key.endswith(".description") and len(text) > MAX_COMMAND_DESCRIPTION:
            check.fail(
                shown, node, f"commands.{key}: longer than {MAX_COMMAND_DESCRIPTION} characters"
            )
        else:
            out[key] = text
    return out


def _against_reference(
    shown: str,
    fields: dict[str, Any],
    root: yaml.Node,
    reference: LanguagePack,
    check: Checker,
) -> None:
    """Report templates and labels the English file has and this one lacks or cannot fill."""
    for section, wanted in (("templates", reference.templates), ("labels", reference.labels)):
        have: dict[str, tuple[str, yaml.Node]] = (
            fields[section][0] if section in fields and fields[section][0] else {}
        )
        where = fields[section][1] if section in fields else root
        for key in wanted:
            if key not in have:
                check.fail(shown, where, f"{section}: missing {key!r} ({reference.file} has it)")
        for key, (text, value_node) in have.items():
            if key not in wanted:
                check.fail(
                    shown, value_node, f"{section}.{key}: {reference.file} has no such entry"
                )
                continue
            used = _placeholders(text)
            allowed = _placeholders(wanted[key]) or set()
            if used is None:
                check.fail(shown, value_node, f"{section}.{key}: unbalanced {{ }} in the text")
                continue
            for name in sorted(used - allowed):
                filled = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
                check.fail(
                    shown,
                    value_node,
                    f"{section}.{key}: placeholder {{{name}}} cannot be filled "
                    f"(this entry fills: {filled})",
                )


def load_languages(
    root: Path, aliases: Mapping[str, frozenset[str]] | None, check: Checker
) -> tuple[LanguagePack, ...]:
    """Load `root/lang/*.yaml`; report problems into `check`; English first in the result.

    `aliases` maps each record id to the normalised names the fact base knows it by; None
    when the fact files themselves failed, and names are then not checked against them.
    """
    files = list(iter_language_files(root))
    read: list[tuple[str, dict[str, Any], yaml.Node]] = []
    for path in files:
        shown = display(path, Path(root))
        known = len(check.errors)
        node = compose(path, shown, check)
        if node is None:
            if len(check.errors) == known:  # an empty file would silently drop the language
                check.fail(shown, None, "the file is empty: a language file needs its words")
            continue
        fields, top = _read(node, shown, check)
        read.append((shown, fields, top))
    english = next((r for r in read if Path(r[0]).stem == ENGLISH), None)
    if read and english is None:
        check.errors.append(
            KnowledgeError(str(Path(root.name) / LANG_FOLDER), 1, 1, "en.yaml is missing")
        )
        return ()
    packs: list[LanguagePack] = []
    reference: LanguagePack | None = None
    if english is not None:
        reference = _pack(english[0], english[1], english[2], None, aliases, check)
        if reference is None:
            return ()
        packs.append(reference)
    for shown, fields, top in read:
        if english is not None and shown == english[0]:
            continue
        pack = _pack(shown, fields, top, reference, aliases, check)
        if pack is not None:
            packs.append(pack)
    return tuple(packs)

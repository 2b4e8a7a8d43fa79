"""Edits of a copy of the frozen facts (`tests/facts/`), as a maintainer would make them.

Each helper edits the text of a copied fact file and fails, naming itself and the frozen copy,
when the text it edits is not there: the copy was refreshed (`python3 -m tests.freeze_facts`)
with facts the helper does not know, and the helper needs updating with it.
"""

from __future__ import annotations

from pathlib import Path

SIGNED_SOURCE = (
    '      - {id: reuters-signing, title: "Reuters: Kazakhstan signs the Abraham Accords", '
    'url: "https://www.reuters.com/world/kazakhstan-signs-abraham-accords-2027-03-12/"}\n'
)
SIGNED_BLOCK = (
    "    signed:\n"
    '      date: "2027-03-12"\n'
    '      place: "Washington"\n'
    '      documents: ["Abraham Accords Declaration"]\n'
    "      cite: [reuters-signing]\n"
    "      signatories:\n"
    "        - {name: Kassym-Jomart Tokayev, role: President of Kazakhstan,\n"
    "           cite: [reuters-signing]}\n"
)


class FactEditError(AssertionError):
    """A helper of this module found its copy of the facts other than it expects."""


def _missing(helper: str, what: str, path: Path) -> FactEditError:
    return FactEditError(
        f"tests/factedits.py:{helper}: {what} is not in the copy of {path.name} "
        "(the frozen facts, tests/facts/): update the helper for the refreshed copy"
    )


def _replace_once(helper: str, text: str, old: str, new: str, path: Path) -> str:
    if old not in text:
        raise _missing(helper, repr(old.strip()), path)
    return text.replace(old, new, 1)


def _kazakhstan(helper: str, text: str, path: Path) -> tuple[int, int]:
    start = text.find("  - id: kazakhstan")
    if start < 0:
        raise _missing(helper, "the record 'kazakhstan'", path)
    end = text.find("\n  - id:", start + 10)
    return start, len(text) if end < 0 else end


def sign_kazakhstan(folder: Path) -> None:
    """Record Kazakhstan's signing: status in force, a signed block and its new source."""
    helper = "sign_kazakhstan"
    path = folder / "members.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = _kazakhstan(helper, text, path)
    record = text[start:end]
    if "\n    signed:" in record:
        raise _missing(helper, "a Kazakhstan record without a signing", path)
    for old, new in (
        ("    status: announced\n", "    status: in_force\n"),
        ("    offered:\n", SIGNED_BLOCK + "    offered:\n"),
        ("    sources:\n", "    sources:\n" + SIGNED_SOURCE),
    ):
        record = _replace_once(helper, record, old, new, path)
    path.write_text(text[:start] + record + text[end:], encoding="utf-8")


def invisible_edits(folder: Path) -> None:
    """Edit only what no user sees: a comment, the order of records, a verified_on date."""
    helper = "invisible_edits"
    path = folder / "members.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = _kazakhstan(helper, text, path)
    record = _replace_once(
        helper,
        text[start:end],
        '    verified_on: "2026-11-27"',
        '    verified_on: "2027-01-02"',
        path,
    )
    rest = text[:start] + text[end:]
    first = rest.index("  - id:")
    # Kazakhstan moves to the top of the section, with a comment above it.
    text = (
        rest[:first] + "  # moved up by a maintainer\n" + record.rstrip("\n") + "\n" + rest[first:]
    )
    path.write_text(text, encoding="utf-8")

"""Edits of a copy of the fact files, as a maintainer would make them, for the change tests."""

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
    "        - {name: Kassym-Jomart Tokayev, person: tokayev,\n"
    "           cite: [reuters-signing]}\n"
)


def _kazakhstan(text: str) -> tuple[int, int]:
    start = text.index("  - id: kazakhstan")
    end = text.find("\n  - id:", start + 10)
    return start, len(text) if end < 0 else end


def sign_kazakhstan(folder: Path) -> None:
    """Record Kazakhstan's signing: status in force, a signed block and its new source."""
    path = folder / "members.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = _kazakhstan(text)
    record = text[start:end]
    record = record.replace("    status: announced\n", "    status: in_force\n", 1)
    record = record.replace("    offered:\n", SIGNED_BLOCK + "    offered:\n", 1)
    record = record.replace("    sources:\n", "    sources:\n" + SIGNED_SOURCE, 1)
    path.write_text(text[:start] + record + text[end:], encoding="utf-8")


def invisible_edits(folder: Path) -> None:
    """Edit only what no user sees: a comment, the order of records, a verified_on date."""
    path = folder / "members.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = _kazakhstan(text)
    record = text[start:end]
    record = record.replace('    verified_on: "2026-11-27"', '    verified_on: "2027-01-02"')
    rest = text[:start] + text[end:]
    first = rest.index("  - id:")
    # Kazakhstan moves to the top of the section, with a comment above it.
    text = (
        rest[:first] + "  # moved up by a maintainer\n" + record.rstrip("\n") + "\n" + rest[first:]
    )
    path.write_text(text, encoding="utf-8")


NEW_FINDING = """\
  - id: test-prospect-more-joiners
    kind: prospect
    about: [accords]
    by: "US President Donald Trump"
    date: "2025-06-29"
    text: "Donald Trump said more countries would join the accords."
    cite: [aa-kazakhstan]
    verified_on: "2026-12-07"
"""


def add_finding(folder: Path) -> None:
    """Add one prospect to the findings, citing a source the file already declares."""
    path = folder / "analysis.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + NEW_FINDING
    path.write_text(text, encoding="utf-8")


def reword_finding(folder: Path, finding_id: str, old: str, new: str) -> None:
    """Replace words in one finding's text, as a correction would."""
    path = folder / "analysis.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {finding_id}\n")
    end = text.find("\n  - id:", start + 10)
    end = len(text) if end < 0 else end
    record = text[start:end]
    assert old in record, (finding_id, old)
    path.write_text(text[:start] + record.replace(old, new, 1) + text[end:], encoding="utf-8")

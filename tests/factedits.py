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
    "        - {name: Kassym-Jomart Tokayev, person: tokayev,\n"
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
        '    verified_on: "2026-12-07"',
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


STATUS_DETAIL_BEFORE = "    status_detail:\n"
STATUS_DETAIL_SIGNED = (
    "    status_detail:\n"
    '      text: "Signed on 12 March 2027 in Washington, after the accession announced on 6 '
    "November 2025. Kazakhstan has had diplomatic relations with Israel since 1992, so the "
    'step is widely described as largely symbolic."\n'
    "      cite: [reuters-signing, aa, factually-later-joiners]\n"
    "      caveats:\n"
    '        - "Sources disagree on when Kazakhstan and Israel established diplomatic '
    'relations: most say 1992, one says 1991."\n'
)
SIGNED_EVENT = (
    "  - id: e2027-03-12-kazakhstan-signs\n"
    '    date: "2027-03-12"\n'
    '    text: "Kazakhstan signed the Abraham Accords Declaration in Washington; President '
    'Kassym-Jomart Tokayev signed for Kazakhstan."\n'
    "    about: [kazakhstan, tokayev]\n"
    "    cite: [reuters-signing]\n"
    "    sources:\n" + SIGNED_SOURCE + '    verified_on: "2027-03-13"\n'
)
AS_OF_SIGNED = 'as_of: "2027-03"'


def sign_kazakhstan_as_documented(folder: Path) -> None:
    """Make the whole edit the README's "Updating a fact" walks through: the signing, its
    source, the status in words, the verified date, the timeline event and the as-of date."""
    helper = "sign_kazakhstan_as_documented"
    sign_kazakhstan(folder)
    path = folder / "members.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = _kazakhstan(helper, text, path)
    record = text[start:end]
    detail = record.find(STATUS_DETAIL_BEFORE)
    announced = record.find("    announced:\n")
    if detail < 0 or announced < detail:
        raise _missing(helper, "status_detail before announced", path)
    record = record[:detail] + STATUS_DETAIL_SIGNED + record[announced:]
    record = _replace_once(
        helper, record, 'verified_on: "2026-12-07"', 'verified_on: "2027-03-13"', path
    )
    path.write_text(text[:start] + record + text[end:], encoding="utf-8")
    timeline = folder / "timeline.yaml"
    events = timeline.read_text(encoding="utf-8")
    timeline.write_text(events.rstrip("\n") + "\n\n" + SIGNED_EVENT, encoding="utf-8")
    meta = folder / "meta.yaml"
    meta.write_text(
        _replace_once(
            helper, meta.read_text(encoding="utf-8"), 'as_of: "2026-06"', AS_OF_SIGNED, meta
        ),
        encoding="utf-8",
    )

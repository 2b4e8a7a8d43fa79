"""The README's "Updating a fact", walked end to end on a copy of the facts in a git folder.

The edit is the one the README shows (its snippets are this module's `tests.factedits`
constants), and the commands are the README's: `validate`, `ask`, `check` (then
`check --update` to accept the moved answers), `diff` against a `git worktree` of the last
commit, and the fact tests (`pytest -m facts`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests import factedits
from tests.helpers import FACTS_DIR, ROOT, child_env

README = ROOT / "README.md"
FACT_TESTS = ("tests/test_facts.py", "tests/test_golden.py", "tests/multilingual")
"""Where the fact tests live: collecting only these keeps the nested run short."""
SNIPPETS = (
    factedits.SIGNED_SOURCE,
    factedits.SIGNED_BLOCK,
    factedits.STATUS_DETAIL_SIGNED,
    factedits.SIGNED_EVENT,
)


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### Updating a fact")
    return text[start : text.index("\n## ", start)]


def _yaml_blocks(section: str) -> list[str]:
    return [textwrap.dedent(b) for b in re.findall(r"```yaml\n(.*?)```", section, re.S)]


def test_the_readme_shows_exactly_the_edit_the_walk_applies() -> None:
    """Each snippet of the README's steps is the text the walk inserts, and the steps name
    `id`, `cite`, `check --update`, `git worktree` and the fact tests."""
    section = _section()
    blocks = _yaml_blocks(section)
    for snippet in SNIPPETS:
        assert any(textwrap.dedent(snippet).strip() in block for block in blocks), snippet
    for needed in ("`id`", "`cite:`", "check --update", "git worktree add", "pytest -m facts"):
        assert needed in section, needed


def _bot(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `accords-bot ARGS` as the README does, in `cwd`, on no configured facts."""
    env = child_env({k: v for k, v in os.environ.items() if not k.startswith("KNOWLEDGE_")})
    del env["KNOWLEDGE_DIR"]
    return subprocess.run(
        [sys.executable, "-c", "from adapters.console.cli import main; main()", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _git(*args: str, cwd: Path) -> None:
    identity = ["-c", "user.name=Maintainer", "-c", "user.email=maintainer@example.org"]
    subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="the walk takes the old side from git")
def test_the_documented_update_passes_every_documented_step(tmp_path: Path) -> None:
    """Signing Kazakhstan as documented validates, answers, passes `check` once the moved
    answers are accepted, previews the update against the last commit, and passes the fact
    tests."""
    repo = tmp_path / "checkout"
    shutil.copytree(FACTS_DIR, repo / "knowledge")
    _git("init", "-q", cwd=repo)
    _git("add", "knowledge", cwd=repo)
    _git("commit", "-q", "-m", "facts before the signing", cwd=repo)

    factedits.sign_kazakhstan_as_documented(repo / "knowledge")  # step 2
    valid = _bot("--knowledge", "knowledge", "validate", cwd=repo)  # step 3
    assert valid.returncode == 0, valid.stderr
    assert "as of March 2027" in valid.stdout
    ask = _bot("ask", "--knowledge", "knowledge", "when did Kazakhstan sign?", cwd=repo)  # 4
    assert "12 March 2027" in ask.stdout, ask.stdout

    first = _bot("check", "--knowledge", "knowledge", cwd=repo)  # step 5
    assert "answer lock:" in first.stdout and "moved since the lock" in first.stdout
    assert "kazakhstan" in first.stdout.lower()
    update = _bot("check", "--knowledge", "knowledge", "--update", cwd=repo)
    assert update.returncode == 0, update.stdout
    again = _bot("check", "--knowledge", "knowledge", cwd=repo)
    assert again.returncode == 0 and again.stdout.rstrip().endswith("check: OK"), again.stdout

    _git("worktree", "add", "-q", "../facts-before", "HEAD", cwd=repo)  # step 6
    diff = _bot("diff", "../facts-before/knowledge", "knowledge", cwd=repo)
    assert diff.returncode == 0, diff.stderr
    assert "Kazakhstan" in diff.stdout and "in force" in diff.stdout, diff.stdout
    assert "signed 12 March 2027" in diff.stdout
    _git("worktree", "remove", "../facts-before", cwd=repo)

    facts = subprocess.run(  # step 7
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-m",
            "facts",
            "-p",
            "no:cacheprovider",
            *FACT_TESTS,
        ],
        cwd=ROOT,
        env=child_env(dict(os.environ), KNOWLEDGE_DIR=str(repo / "knowledge")),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert facts.returncode == 0, facts.stdout[-3000:]
    assert re.search(r"\d+ passed", facts.stdout)

"""The console contract: `ask`, `ask --json`, batch mode, `validate`, `check`, `chat`."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from adapters.console.asking import batch_lines
from bot import wording
from tests.factedits import sign_kazakhstan
from tests.helpers import FACTS_DIR, child_env

REPO = Path(__file__).resolve().parents[3]


def _run(
    *args: str,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    shipped: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    """Run `accords-bot ARGS` in the test's temporary folder, on the frozen facts unless
    `shipped` (then on the fact base installed with the bot)."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DISCORD_", "SLACK_", "KNOWLEDGE_"))
    }
    full_env = child_env(base, **(env or {}))
    if shipped:
        del full_env["KNOWLEDGE_DIR"]
    return subprocess.run(
        [sys.executable, "-c", "from adapters.console.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        env=full_env,
        cwd=Path.cwd(),
        timeout=timeout,
        check=False,
    )


def _check_contract(obj: dict[str, object]) -> None:
    assert obj["status"] in ("answered", "clarify", "no_answer")
    assert isinstance(obj["question"], str)
    assert isinstance(obj["answer"], str) and obj["answer"]
    assert isinstance(obj["score"], int | float) and 0 <= obj["score"] <= 100
    assert isinstance(obj["suggestions"], list)
    assert all(isinstance(s, str) for s in obj["suggestions"])
    sources = obj["sources"]
    assert isinstance(sources, list)
    for src in sources:
        assert set(src) == {"title", "url"}


def test_ask_prints_text_with_sources() -> None:
    """`ask QUESTION` prints the answer, its sources and the as-of date."""
    out = _run("ask", "when did bahrain join?")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert "Bahrain" in text and "Sources:" in text and "Facts as of" in text


def test_ask_json_is_exactly_one_object_with_the_contract() -> None:
    """`ask --json` prints exactly one JSON object with the documented keys and types."""
    out = _run("ask", "--json", "who signed for the UAE?")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode().splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    _check_contract(obj)
    assert obj["status"] == "answered"
    assert "Abdullah bin Zayed" in obj["answer"]
    assert obj["sources"]


def test_batch_mode_answers_each_line_on_its_own() -> None:
    """`ask --json -` answers one line at a time, in order, without follow-up state."""
    lines = ["when did Morocco join?", "and Sudan?", "", "what's the weather", "\xff\xfe bad"]
    data = "\n".join(lines).encode("utf-8").replace(b"\xc3\xbf\xc3\xbe", b"\xff\xfe")
    out = _run("ask", "--json", "-", stdin=data)
    assert out.returncode == 0, out.stderr
    objs = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert len(objs) == 5
    for obj in objs:
        _check_contract(obj)
    assert objs[0]["status"] == "answered"
    assert objs[1]["status"] != "answered" or "sudan" in objs[1]["fact_ids"]
    assert objs[1]["intent"] != "member_when"  # no state carried from line 1
    assert objs[2]["status"] == "no_answer"
    assert objs[3]["status"] == "no_answer"


def test_batch_splits_on_newline_only() -> None:
    """Only `\\n` ends a batch line: other line breaks stay inside their question, in order."""
    breaks = ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
    lines = [f"when did Morocco{b}join?" for b in breaks] + ["when did Bahrain join?"]
    data = ("\n".join(lines) + "\r\n").encode("utf-8")
    out = _run("ask", "--json", "-", stdin=data)
    assert out.returncode == 0, out.stderr
    objs = [json.loads(line) for line in out.stdout.decode().split("\n") if line]
    assert len(objs) == len(lines)
    assert all("Morocco" in obj["question"] for obj in objs[:-1])
    assert objs[-1]["question"] == "when did Bahrain join?"  # "\r\n" ends a line too
    assert "bahrain" in objs[-1]["fact_ids"]


def test_batch_empty_line_is_an_empty_question() -> None:
    """An empty batch line gets the empty-question reply with question "", not "/ask"."""
    out = _run("ask", "--json", "-", stdin=b"\n")
    objs = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [obj["question"] for obj in objs] == [""]
    assert objs[0]["status"] == "no_answer"


def test_batch_answers_each_line_as_it_arrives() -> None:
    """A live pipe gets each answer, flushed, before the next line is even written."""
    command = [sys.executable, "-c", "from adapters.console.cli import main; main()"]
    with subprocess.Popen(
        [*command, "ask", "--json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        for question in ("when did Morocco join?", "when did Sudan join?"):
            proc.stdin.write(question.encode() + b"\n")
            proc.stdin.flush()
            obj = json.loads(proc.stdout.readline())  # blocks until this line is answered
            assert obj["question"] == question
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0


def test_batch_line_length_is_capped() -> None:
    """A 2 MB line is cut to the question cap and answered once; the next line still is too."""
    data = b"why " * 500_000 + b"\nwhen did Sudan join?\n"
    out = _run("ask", "--json", "-", stdin=data)
    assert out.returncode == 0, out.stderr
    objs = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert len(objs) == 2
    assert objs[1]["question"] == "when did Sudan join?"


def test_batch_lines_cuts_and_skips_the_rest_of_a_long_line() -> None:
    """`batch_lines` yields at most the byte cap of a line and resumes at the next one."""
    stream = io.BytesIO(b"a" * 25 + b"\r\nb\rc\n\nlast")
    assert list(batch_lines(stream, max_bytes=10)) == ["a" * 10, "b\rc", "", "last"]


def test_explain_flag_shows_fact_and_score() -> None:
    """`ask --explain` shows the matched fact id and score."""
    out = _run("ask", "--explain", "who is jared kushner")
    assert "facts=kushner" in out.stdout.decode()
    assert "score=" in out.stdout.decode()


def test_validate_ok_and_broken_copy(tmp_path: Path) -> None:
    """`validate` exits 0 on the frozen facts and 1 with file:line:col on a broken copy."""
    ok = _run("validate")
    assert ok.returncode == 0, ok.stderr
    assert b"OK:" in ok.stdout
    broken = tmp_path / "knowledge"
    broken.mkdir()
    for f in FACTS_DIR.glob("*.yaml"):
        (broken / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    members = broken / "members.yaml"
    members.write_text(
        members.read_text(encoding="utf-8").replace("status: in_force", "status: joined", 1)
    )
    bad = _run("validate", "--knowledge", str(broken))
    assert bad.returncode == 1
    err = bad.stderr.decode()
    assert "knowledge/members.yaml:" in err and "unknown value 'joined'" in err
    via_env = _run("validate", env={"KNOWLEDGE_DIR": str(broken)})
    assert via_env.returncode == 1


def test_check_runs_validation_and_golden_set() -> None:
    """`check` validates, runs the golden questions per category and exits 0 when all pass."""
    out = _run("check", timeout=120)
    text = out.stdout.decode()
    assert "validate: OK" in text
    assert "golden questions by category" in text
    assert "off_topic" in text
    assert out.returncode == 0, text + out.stderr.decode()


def test_chat_keeps_follow_up_state_and_commands() -> None:
    """The console chat answers follow-ups and slash commands, and exits on EOF."""
    script = "when did Morocco join?\nand Sudan?\n/member bahrain\n/timeline 2020\n"
    out = _run("chat", stdin=script.encode())
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert "When Sudan joined" in text
    assert "Bahrain and the Abraham Accords" in text
    assert "What happened in 2020" in text


def test_platform_commands_name_the_missing_variable() -> None:
    """`discord` and `slack` without tokens fail with one line naming the variable."""
    out = _run("discord")
    assert out.returncode == 2
    assert out.stderr.decode().strip().count("\n") == 0
    assert "DISCORD_TOKEN" in out.stderr.decode()
    slack = _run("slack", "--http", env={"SLACK_BOT_TOKEN": "xoxb-test"})
    assert "SLACK_SIGNING_SECRET" in slack.stderr.decode()
    assert "xoxb-test" not in slack.stderr.decode()


def test_check_warns_about_stale_changeable_facts(tmp_path: Path) -> None:
    """`check` warns, with file:line, about a member verified longer ago than the limit."""
    copy = tmp_path / "knowledge"
    import shutil

    shutil.copytree(FACTS_DIR, copy)
    members = copy / "members.yaml"
    text = members.read_text(encoding="utf-8")
    # The UAE comes first: its verified_on goes back to 2024, whatever day it holds now.
    members.write_text(
        re.sub(r'verified_on: "[0-9-]+"', 'verified_on: "2024-01-01"', text, count=1),
        encoding="utf-8",
    )
    out = _run("check", "--knowledge", str(copy), "--max-age-days", "365", timeout=120)
    text_out = out.stdout.decode()
    assert "knowledge/members.yaml:" in text_out and "warning: 'uae'" in text_out
    assert out.returncode == 0, text_out


def test_check_fails_when_a_golden_category_fails(tmp_path: Path) -> None:
    """`check` exits 1 when a must-never case fails, naming the case."""
    golden = tmp_path / "golden.yaml"
    golden.write_text(
        'cases:\n  - q: "what is the weather in Rabat?"\n    category: off_topic\n'
        "    expect: {status: answered}\n",
        encoding="utf-8",
    )
    out = _run("check", "--golden", str(golden), timeout=120)
    assert out.returncode == 1
    assert "off_topic" in out.stdout.decode() and "FAIL" in out.stdout.decode()


def test_gaps_command_groups_the_log(tmp_path: Path) -> None:
    """`gaps --log FILE` prints the groups of unanswered questions with counts."""
    log = tmp_path / "gaps.jsonl"
    lines: list[dict[str, object]] = [
        {"time": 1, "platform": "slack", "status": "no_answer", "question": q, "candidates": []}
        for q in (
            "is there an embassy in astana",
            "is there an embasy in astana",
            "who invented hummus",
        )
    ]
    log.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    out = _run("gaps", "--log", str(log))
    text = out.stdout.decode()
    assert out.returncode == 0
    assert "3 unanswered questions in 2 groups" in text
    first = text.splitlines()[1]
    assert first.strip().startswith("2") and "astana" in first


def test_schema_check_detects_drift(tmp_path: Path) -> None:
    """`schema --check` passes on the shipped files and fails on a stale copy."""
    assert _run("schema", "--check", shipped=True).returncode == 0
    copy = tmp_path / "knowledge"
    copy.mkdir()
    (copy / "schema.json").write_text("{}", encoding="utf-8")
    assert _run("schema", "--check", "--knowledge", str(copy)).returncode == 1


def test_run_without_tokens_is_the_quiet_console() -> None:
    """`run` with no platform token starts the console chat, without log noise on the screen."""
    out = _run("run", stdin=b"when did bahrain join?\n")
    assert out.returncode == 0, out.stderr
    assert "When Bahrain joined" in out.stdout.decode()
    assert "INFO" not in out.stdout.decode() + out.stderr.decode()


def test_version_names_the_installed_distribution() -> None:
    """`--version` prints the version pip installed, and exits 0."""
    from importlib.metadata import version

    out = _run("--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode().strip() == f"accords-bot {version('accords-bot')}"


def test_validate_and_about_say_which_base_is_served(tmp_path: Path) -> None:
    """With nothing set the shipped base is served; `--knowledge DIR` names the folder."""
    shipped = _run("validate", shipped=True)
    assert shipped.stdout.decode().rstrip().endswith("shipped fact base")
    copy = tmp_path / "facts-copy"
    copy.mkdir()
    for f in [*FACTS_DIR.glob("*.yaml"), *FACTS_DIR.glob("lang/*.yaml")]:
        (copy / f.relative_to(FACTS_DIR)).parent.mkdir(exist_ok=True)
        (copy / f.relative_to(FACTS_DIR)).write_bytes(f.read_bytes())  # what the manifest lists
    folder = _run("validate", "--knowledge", str(copy))
    assert f"folder {copy} fact base" in folder.stdout.decode()
    about = _run("chat", stdin=b"/about\n", shipped=True)
    assert "Fact base: shipped with accords-bot" in about.stdout.decode()
    about_copy = _run("chat", "--knowledge", str(copy), stdin=b"/about\n")
    assert "Fact base: the folder 'facts-copy'" in about_copy.stdout.decode()


def test_check_lists_texts_that_still_state_an_old_status(knowledge_copy: Path) -> None:
    """After Kazakhstan is signed, `check` lists each text still saying it is unsigned."""
    sign_kazakhstan(knowledge_copy)
    out = _run("check", "--knowledge", str(knowledge_copy), timeout=120)
    lines = [x for x in out.stdout.decode().splitlines() if "is now 'in force'" in x]
    assert any(x.startswith("knowledge/meta.yaml:") and "'announced entry'" in x for x in lines)
    assert any(x.startswith("knowledge/topics.yaml:") for x in lines), lines
    assert all(
        re.match(r"^knowledge/[a-z]+\.yaml:\d+:\d+: warning: 'kazakhstan'", x) for x in lines
    )


def test_knowledge_before_the_subcommand_is_not_overwritten(tmp_path: Path) -> None:
    """`accords-bot --knowledge DIR validate` validates DIR, as `validate --knowledge DIR` does;
    given in both places, the one after the subcommand wins."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "members.yaml").write_text("members: nope\n", encoding="utf-8")
    before = _run("--knowledge", str(broken), "validate", shipped=True)
    after = _run("validate", "--knowledge", str(broken), shipped=True)
    assert before.returncode == after.returncode == 1, before.stdout
    assert before.stderr == after.stderr and b"members.yaml" in before.stderr
    both = _run("--knowledge", str(broken), "validate", "--knowledge", str(FACTS_DIR))
    assert both.returncode == 0, both.stderr


def test_a_missing_extra_is_one_line_naming_it_and_exit_2() -> None:
    """`discord` and `slack` without their SDKs say which extra to install, in one line."""
    for command, blocked, extra in (
        ("discord", "discord", "discord"),
        ("slack", "slack_bolt", "slack"),
    ):
        code = (
            f"import sys; sys.modules[{blocked!r}] = None\n"
            "from adapters.console.cli import main; main()"
        )
        env = child_env(
            dict(os.environ),
            DISCORD_TOKEN="t",
            SLACK_BOT_TOKEN="xoxb-t",
            SLACK_APP_TOKEN="xapp-t",
        )
        done = subprocess.run(
            [sys.executable, "-c", code, command],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1, done.stderr
        assert f"pip install 'accords-bot[{extra}]'" in done.stderr
        assert f"needs {blocked}" in done.stderr


def test_help_describes_every_command_and_the_exit_statuses() -> None:
    """`--help` and each command's `--help` say what it does and what each exit status means."""
    from adapters.console.cli import DESCRIPTIONS, build_parser

    top = _run("--help")
    assert top.returncode == 0
    text = top.stdout.decode()
    assert "exit status:" in text and "  2  not started" in text
    for name in DESCRIPTIONS:
        assert name in text
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(DESCRIPTIONS)  # type: ignore[arg-type]  # a dict
    check = _run("check", "--help").stdout.decode()
    assert "answer lock" in check and "exit status:" in check


def test_help_in_the_console_lists_commands_and_examples() -> None:
    """`/help` in the chat lists the commands and three questions to try."""
    out = _run("chat", stdin=b"/help\n")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert "/member: " in text and "/subscribe: " in text and "/help: " in text
    assert "Try: When did Morocco join?" in text


def test_more_in_the_chat_shows_the_whole_record_as_a_more_press_does() -> None:
    """ "more" after an answer shows the record recomposed, as the platforms' More button does:
    its title, its sources grouped by publisher and the facts' date; with nothing before, it
    says there is nothing more."""
    out = _run("chat", stdin=b"more\nwhen did Morocco join?\nmore\n")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    first, _, rest = text.partition("> When Morocco joined")
    assert wording.NO_MORE in first
    whole = rest.split("\n> ")[1]
    assert "Morocco" in whole.splitlines()[0] and "Later milestones:" in whole
    assert "(Facts as of " in whole
    assert "  - Wikipedia: " in whole and "); " in whole  # one line for a publisher's pages

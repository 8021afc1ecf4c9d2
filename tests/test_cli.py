"""The booking-reconcile command, end to end in a subprocess: exit codes, stdout, stderr."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from booking_reconcile.cli import main
from messages import one_error

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "article"
TWO = ROOT / "examples" / "two-collisions"


def run(*arguments: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m booking_reconcile ARGUMENTS`` from the repository's root."""
    return subprocess.run(
        [sys.executable, "-m", "booking_reconcile", *map(str, arguments)],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "80"},
        check=False,
    )


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# -- check --------------------------------------------------------------------


def summary(report: str) -> list[str]:
    """The sentences of ``check``'s summary (after its title, before the first table), unwrapped."""
    lines = report.splitlines()
    assert lines[:3] == ["Check", "=====", ""], report
    body = lines[3 : lines.index("", 3)] if "" in lines[3:] else lines[3:]
    sentences: list[str] = []
    for line in body:
        if line.startswith("  "):
            sentences[-1] += " " + line.strip()
        else:
            sentences.append(line)
    return sentences


def section(report: str, title: str) -> list[str]:
    """The lines of the table or list under ``title`` in ``check``'s text."""
    lines = report.splitlines()
    start = lines.index(title) + 3  # the title, its underline, a blank line
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def test_check_without_bookings_infers_the_holder() -> None:
    result = run("check", rel(ARTICLE / "documents.csv"))
    assert result.returncode == 1
    assert result.stderr == ""
    assert summary(result.stdout) == [
        "Read 4 invoices in journal 70 and 0 credit notes (4 of them booked); no bookings of "
        "the accounting package (the holders of collisions are inferred).",
        "1 collision; run `booking-reconcile plan` with the same inputs for the repair.",
    ]
    assert section(result.stdout, "Collisions") == [
        "journal  booking  message                                         holder",
        "         number",
        "-------  -------  ----------------------------------------------  --------------",
        "70          1002  The invoices 2026/2 and 2026/3 have the same    invoice 2026/3",
        "                  booking number",
    ]
    assert "Stale documents" not in result.stdout


def test_check_with_bookings_lists_stale_documents() -> None:
    result = run(
        "check",
        rel(TWO / "documents.csv"),
        "--bookings",
        rel(TWO / "bookings.csv"),
        "--journals",
        rel(TWO / "journals.csv"),
    )
    assert result.returncode == 1
    assert summary(result.stdout)[1] == (
        "2 collisions, 2 stale documents; run `booking-reconcile plan` with the same inputs "
        "for the repair."
    )
    assert section(result.stdout, "Stale documents") == [
        "document        date        booking number  journal  handed out again",
        "--------------  ----------  --------------  -------  ----------------",
        "invoice 2026/2  2026-01-06            1002  70       no",
        "invoice 2026/3  2026-01-07            1003  70       no",
    ]


def test_check_text_fits_the_terminal_and_is_text_by_default() -> None:
    arguments = ("check", rel(TWO / "snapshot.json"))
    default, text = run(*arguments), run(*arguments, "--format", "text")
    assert default.stdout == text.stdout
    assert max(len(line) for line in default.stdout.splitlines()) <= 80
    narrow = subprocess.run(
        [sys.executable, "-m", "booking_reconcile", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "60"},
        check=False,
    )
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
    assert summary(narrow.stdout) == summary(default.stdout)


def test_check_markdown_on_request() -> None:
    result = run("check", rel(ARTICLE / "snapshot.json"), "--format", "markdown")
    assert result.returncode == 1
    assert result.stdout.startswith("# Check\n\nRead 4 invoices in journal 70")
    assert (
        "| 70 | — | 1002 | The invoices 2026/2 and 2026/3 have the same booking number "
        "| invoice 2026/3 |\n" in result.stdout
    )
    assert "| invoice 2026/2 | 2026-01-06 | 1002 | 70 | — | no |\n" in result.stdout


def test_check_warns_of_a_coming_collision(tmp_path: Path) -> None:
    documents = tmp_path / "documents.csv"
    documents.write_text("kind,number,date,booking_number\ninvoice,A,2026-01-05,1001\n")
    documents_b = "invoice,B,2026-01-06,1002\n"
    documents.write_text(documents.read_text() + documents_b)
    bookings = tmp_path / "bookings.csv"
    bookings.write_text("journal,booking_number,date,document_kind,document_number\n")
    bookings.write_text(bookings.read_text() + "70,1001,2026-01-05,invoice,A\n")
    result = run("check", documents, "--bookings", bookings)
    assert result.returncode == 1
    assert "a stale document's number will be handed out again" in summary(result.stdout)[1]
    assert section(result.stdout, "Stale documents")[2:] == [
        "invoice B  2026-01-06            1002  70       yes"
    ]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        pytest.param(
            (),
            "No collisions (stale documents are found only with the bookings: --bookings).",
            id="without-bookings",
        ),
        pytest.param(("--bookings", "BOOKINGS"), "No collisions and no stale documents.", id="all"),
    ],
)
def test_check_clean_exits_0(tmp_path: Path, arguments: tuple[str, ...], expected: str) -> None:
    documents = tmp_path / "documents.csv"
    documents.write_text("kind,number,date,booking_number\ninvoice,A,2026-01-05,1001\n")
    bookings = tmp_path / "bookings.csv"
    bookings.write_text("journal,booking_number,date,document_kind,document_number\n")
    bookings.write_text(bookings.read_text() + "70,1001,2026-01-05,invoice,A\n")
    given = [str(bookings) if argument == "BOOKINGS" else argument for argument in arguments]
    result = run("check", documents, *given)
    assert (result.returncode, result.stderr) == (0, "")
    found = summary(result.stdout)
    assert found[1:] == [expected]
    assert found[0].startswith("Read 1 invoice in journal 70 and 0 credit notes")
    assert "Collisions" not in result.stdout.splitlines()


def test_check_reads_a_snapshot_json_and_stdin() -> None:
    from_file = run("check", rel(ARTICLE / "snapshot.json"))
    from_stdin = run("check", "-", stdin=(ARTICLE / "snapshot.json").read_text())
    from_csv = run(
        "check",
        "-",
        "--bookings",
        rel(ARTICLE / "bookings.csv"),
        "--journals",
        rel(ARTICLE / "journals.csv"),
        stdin=(ARTICLE / "documents.csv").read_text(),
    )
    assert from_file.returncode == from_stdin.returncode == from_csv.returncode == 1
    assert from_file.stdout == from_stdin.stdout == from_csv.stdout
    assert section(from_file.stdout, "Stale documents")[2].startswith("invoice 2026/2  2026-01-06")


def test_journal_options(tmp_path: Path) -> None:
    documents = tmp_path / "documents.csv"
    documents.write_text(
        "kind,number,date,booking_number\n"
        "credit_note,C1,2026-01-05,5\ncredit_note,C2,2026-01-06,5\n"
    )
    result = run("check", documents, "--credit-note-journal", "VK2", "--format", "json")
    (collision,) = json.loads(result.stdout)["collisions"]
    assert (collision["journal"], collision["booking_number"]) == ("VK2", 5)
    assert [d["number"] for d in collision["documents"]] == ["C1", "C2"]


# -- plan ---------------------------------------------------------------------


def test_plan_markdown() -> None:
    result = run(
        "plan",
        rel(ARTICLE / "documents.csv"),
        "--bookings",
        rel(ARTICLE / "bookings.csv"),
        "--format",
        "markdown",
    )
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.startswith("# Repair plan (keep-deleted)\n")
    # What was read and how the bookings were linked leads, as in the text layout.
    assert result.stdout.splitlines()[2] == (
        "Read 4 invoices in journal 70 and 0 credit notes (4 of them booked); 3 bookings in "
        "journal 70; bookings linked to their document: 3 by document, 0 by reference, 0 by "
        "number and date; 0 name none."
    )
    assert "- cutoff and delink date: 2026-01-10\n" in result.stdout
    assert "invoice 2026/3 of 2026-01-10 → #1003 in journal 70" in result.stdout


@pytest.mark.parametrize(
    ("example", "policy", "cutoff", "next_number", "after"),
    [
        pytest.param(ARTICLE, "keep-deleted", "2026-01-10", 1003, [1003, 1004], id="article-keep"),
        pytest.param(
            ARTICLE, "rebook-deleted", "2026-01-06", 1002, [1002, 1003, 1004], id="article-rebook"
        ),
        pytest.param(TWO, "keep-deleted", "2026-01-10", 1004, [1004, 1005, 1006], id="two-keep"),
    ],
)
def test_plan_json(
    example: Path, policy: str, cutoff: str, next_number: int, after: list[int]
) -> None:
    result = run("plan", rel(example / "snapshot.json"), "--policy", policy, "--format", "json")
    assert result.returncode == 0
    plan = json.loads(result.stdout)
    assert plan["policy"] == policy
    assert plan["cutoff"] == plan["delink_date"] == cutoff
    assert [n["number"] for n in plan["next_numbers"]] == [next_number]
    assert [d["booking_number"] for d in plan["after_sync"]] == after


def test_plan_verify_markdown_and_json() -> None:
    markdown = run("plan", rel(TWO / "snapshot.json"), "--verify", "--format", "markdown")
    assert markdown.returncode == 0
    assert "## Simulated result" in markdown.stdout
    assert "| invoice 2026/4 | 2026-01-10 | 70 | 1002 | 1004 |" in markdown.stdout
    assert "- collisions left: none" in markdown.stdout
    as_json = run("plan", rel(TWO / "snapshot.json"), "--verify", "--format", "json")
    simulation = json.loads(as_json.stdout)["simulation"]
    assert simulation["sound"] is True
    assert simulation["problems"] == simulation["collisions_left"] == []
    assert [(c["number"], c["before"], c["after"]) for c in simulation["changes"]] == [
        ("2026/4", 1002, 1004),
        ("2026/5", 1003, 1005),
        ("2026/6", 1004, 1006),
    ]
    assert simulation["snapshot"]["format"] == "booking_reconcile.snapshot"


def test_plan_without_collisions_exits_0(tmp_path: Path) -> None:
    documents = tmp_path / "documents.csv"
    documents.write_text("kind,number,date,booking_number\ninvoice,A,2026-01-05,1001\n")
    result = run("plan", documents, "--format", "json", "--verify")
    assert result.returncode == 0
    assert json.loads(result.stdout)["needed"] is False


def test_plan_with_a_blocker_exits_1(tmp_path: Path) -> None:
    journals = tmp_path / "journals.csv"
    journals.write_text("code,locked_until\n70,2026-01-31\n71,\n")
    result = run(
        "plan",
        rel(ARTICLE / "documents.csv"),
        "--bookings",
        rel(ARTICLE / "bookings.csv"),
        "--journals",
        journals,
        "--format",
        "json",
    )
    assert result.returncode == 1
    plan = json.loads(result.stdout)
    assert plan["feasible"] is False
    assert plan["blockers"]


def test_plan_start_date_and_financial_year(tmp_path: Path) -> None:
    result = run(
        "plan",
        rel(ARTICLE / "documents.csv"),
        "--start-date",
        "05-01-2026",
        "--day-first",  # 05-01-2026 fits both styles
        "--format",
        "json",
    )
    assert json.loads(result.stdout)["start_date"] == "2026-01-05"
    journals = tmp_path / "journals.csv"
    journals.write_text("code,numbering\n70,per_financial_year\n71,\n")
    result = run(
        "plan",
        rel(ARTICLE / "documents.csv"),
        "--journals",
        journals,
        "--fy-start-month",
        "4",
        "--format",
        "json",
    )
    assert [n["financial_year"] for n in json.loads(result.stdout)["next_numbers"]] == [2025]


# -- bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "arguments", "stderr"),
    [
        pytest.param(
            {"d.csv": "kind,number,date,booking_number\ninvoice,A,2026-02-30,1\n"},
            ("check", "d.csv"),
            r"d\.csv, line 2, field 'date': '2026-02-30' is not a calendar date",
            id="impossible-date",
        ),
        pytest.param(
            {"d.csv": "\ufeffkind;number;date\r\ninvoice;A;2026-01-05\r\n"},
            ("check", "d.csv"),
            r"d\.csv, line 1: missing column 'booking_number'",
            id="missing-column",
        ),
        pytest.param(
            {"d.csv": "kind,number,date,booking_number\ninvoice,A,2026-01-05,0\n"},
            ("plan", "d.csv"),
            r"d\.csv, line 2, field 'booking_number': invoice A: booking_number 0 is not",
            id="booking-number-0",
        ),
        pytest.param(
            {
                "d.csv": "kind,number,date,booking_number\ninvoice,A,2026-01-05,1\n",
                "b.csv": "journal,booking_number,date,document_kind,document_number\n"
                "70,1,2026-01-05,invoice,Z\n",
            },
            ("check", "d.csv", "--bookings", "b.csv"),
            r"d\.csv \+ b\.csv: booking #1 in journal 70 refers to invoice Z, which is not among",
            id="unknown-document",
        ),
        pytest.param(
            {"d.csv": "kind,number,date,booking_number\n", "j.csv": "code,numbering\n70,yearly\n"},
            ("check", "d.csv", "--journals", "j.csv"),
            r"j\.csv, line 2, field 'numbering': 'yearly' is not one of",
            id="journal-numbering",
        ),
        pytest.param({}, ("check", "missing.csv"), r"missing\.csv: cannot be read", id="no-file"),
        pytest.param(
            {"s.json": '{"integration": {}, "documents": [}'},
            ("check", "s.json"),
            r"s\.json: is not valid JSON \(Expecting value at column 35\)",
            id="bad-json",
        ),
        pytest.param(
            {"s.json": '{"documents": []}'},
            ("check", "s.json"),
            r"s\.json, field 'integration': is missing",
            id="json-shape",
        ),
        pytest.param(
            {"s.json": "[]"},
            ("plan", "s.json", "--bookings", "b.csv"),
            r"s\.json: is a snapshot JSON file, .* leave out --bookings",
            id="json-with-bookings",
        ),
        pytest.param(
            {"d.csv": "kind,number,date,booking_number\n"},
            ("plan", "d.csv", "--start-date", "01/02/2026"),
            r"--start-date: '01/02/2026' may be 2026-02-01 \(1 February\) or 2026-01-02 \(January 2\); write it as YYYY-MM-DD, or pass --day-first or --month-first",
            id="start-date",
        ),
        pytest.param(
            {"d.csv": "kind,number,date,booking_number\n"},
            ("plan", "d.csv", "--fy-start-month", "13"),
            r"--fy-start-month: '13' is not a month",
            id="month-13",
        ),
        pytest.param(
            {"d.csv": "kind,number,date,booking_number\n"},
            ("check", "d.csv", "--invoice-journal", ""),
            r"--invoice-journal: is empty; give the journal's code, such as 70",
            id="empty-journal",
        ),
        pytest.param(
            {"d.csv": b"kind,number,date,booking_number\ninvoice,\x81,2026-01-05,1\n"},
            ("check", "d.csv"),
            r"d\.csv, line 2: is neither UTF-8 nor cp1252 text \(byte 0x81 cannot be read\); pass the --encoding",
            id="neither-utf8-nor-cp1252",
        ),
        pytest.param(
            {},
            ("check", "-", "--bookings", "-"),
            r"<stdin>: can be read only once",
            id="stdin-twice",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, files: dict[str, str | bytes], arguments: tuple[str, ...], stderr: str
) -> None:
    for name, content in files.items():
        if isinstance(content, bytes):
            (tmp_path / name).write_bytes(content)
        else:
            (tmp_path / name).write_text(content, encoding="utf-8", newline="")
    result = subprocess.run(
        [sys.executable, "-m", "booking_reconcile", *arguments],
        cwd=tmp_path,
        input="",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    message = one_error(result.stderr)
    assert re.match(r"booking-reconcile: error: " + stderr, message), result.stderr


def test_usage_errors_exit_2() -> None:
    result = run("plan", rel(ARTICLE / "documents.csv"), "--policy", "newest")
    assert result.returncode == 2
    assert "invalid choice: 'newest'" in result.stderr
    assert run().returncode == 2


def test_console_script_is_installed_alongside_python() -> None:
    script = Path(sys.executable).parent / "booking-reconcile"
    if not script.exists():
        pytest.skip("the console script is not installed in this environment")
    result = subprocess.run(
        [str(script), "check", rel(ARTICLE / "snapshot.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 1
    assert summary(result.stdout)[1].startswith("1 collision, 1 stale document;")


def test_main_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ARTICLE / "snapshot.json")]) == 1
    assert summary(capsys.readouterr().out)[1].startswith("1 collision, 1 stale document;")
    assert main(["check", str(ARTICLE / "missing.csv")]) == 2
    assert "cannot be read" in one_error(capsys.readouterr().err)


# -- docs/cli.md ----------------------------------------------------------------

SESSION = re.compile(r"```console\n(.*?)```", re.DOTALL)


def sessions(markdown: str) -> list[tuple[str, str]]:
    """The ``$ command`` and its shown output, of every console block."""
    found: list[tuple[str, str]] = []
    for block in SESSION.findall(markdown):
        for chunk in re.split(r"^(?=\$ )", block, flags=re.MULTILINE):
            if chunk.startswith("$ "):
                command, _, output = chunk[2:].partition("\n")
                found.append((command, output))
    return found


DOCS_CLI = ROOT / "docs" / "cli.md"
#: The pages whose console sessions are run: each shows real output.
SESSION_PAGES = (DOCS_CLI, ROOT / "docs" / "error-to-repair.md")


def run_session(command: str) -> str:
    """What ``command`` prints (standard output and error, as a terminal shows them).

    It runs in bash, with booking-reconcile standing for this interpreter's
    module, so the test does not depend on PATH; the terminal is 80 columns.
    """
    prelude = f'booking-reconcile() {{ {shlex.quote(sys.executable)} -m booking_reconcile "$@"; }}'
    result = subprocess.run(
        ["bash", "-c", f"{prelude}\n{command}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "80"},
        check=False,
    )
    return result.stdout


@pytest.mark.parametrize(
    ("command", "output"),
    [
        pytest.param(c, o, id=f"{page.name}: {c[:60]}")
        for page in SESSION_PAGES
        for c, o in sessions(page.read_text(encoding="utf-8"))
    ],
)
def test_docs_sessions_show_real_output(command: str, output: str) -> None:
    # After changing what the command prints, rewrite the shown output with
    # UPDATE_DOCS=1 python -m pytest tests/test_cli.py -k update_docs
    assert run_session(command) == output


def rendered_sessions(markdown: str) -> str:
    """``markdown`` with the output of every console session run anew."""

    def block(match: re.Match[str]) -> str:
        chunks = re.split(r"^(?=\$ )", match.group(1), flags=re.MULTILINE)
        for index, chunk in enumerate(chunks):
            if chunk.startswith("$ "):
                command = chunk[2:].partition("\n")[0]
                chunks[index] = f"$ {command}\n{run_session(command)}"
        return "```console\n" + "".join(chunks) + "```"

    return SESSION.sub(block, markdown)


def test_update_docs_cli() -> None:
    if not os.environ.get("UPDATE_DOCS"):
        pytest.skip("set UPDATE_DOCS=1 to rewrite the sessions' output in the docs")
    for page in SESSION_PAGES:
        page.write_text(rendered_sessions(page.read_text(encoding="utf-8")), encoding="utf-8")


def test_docs_have_sessions() -> None:
    assert len(sessions(DOCS_CLI.read_text(encoding="utf-8"))) >= 6
    assert len(sessions(SESSION_PAGES[1].read_text(encoding="utf-8"))) >= 3

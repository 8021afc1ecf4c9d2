"""The command's output side: formats, widths, encodings, --output, --version, progress."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import booking_reconcile
from booking_reconcile._terminal import Progress, printable
from booking_reconcile.cli import main
from messages import one_error

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "article" / "snapshot.json"
TWO = ROOT / "examples" / "two-collisions" / "snapshot.json"


def run(
    *arguments: str | Path, encoding: str = "utf-8", columns: int = 80, cwd: Path = ROOT
) -> subprocess.CompletedProcess[bytes]:
    """The command in a subprocess whose standard streams use ``encoding``."""
    return subprocess.run(
        [sys.executable, "-m", "booking_reconcile", *map(str, arguments)],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": str(columns)},
        check=False,
    )


# -- formats --------------------------------------------------------------------


def test_text_is_the_default_and_starts_with_the_summary() -> None:
    result = run("plan", ARTICLE)
    assert (result.returncode, result.stderr) == (0, b"")
    lines = result.stdout.decode().splitlines()
    assert lines[:3] == ["Repair plan (keep-deleted)", "==========================", ""]
    assert lines[3].startswith("Read 4 invoices in journal 70 and 0 credit notes")
    summary = " ".join(line.strip() for line in lines[3:16])
    assert "Wrong: 1 collision: The invoices 2026/2 and 2026/3" in summary
    assert "To do: the 7 steps below: delete 2 bookings" in summary
    assert "1 invoice stays out of the accounting package (revenue and VAT not booked): " in summary
    assert "use --policy rebook-deleted to book it again." in summary
    assert not any(line.startswith(("#", "|", "- [ ]")) for line in lines), "no Markdown"


@pytest.mark.parametrize("columns", [80, 120])
def test_text_fits_the_terminal_width(columns: int) -> None:
    result = run("plan", TWO, "--verify", columns=columns)
    lines = result.stdout.decode().splitlines()
    assert max(len(line) for line in lines) <= columns
    # the width is used, not a fixed 80: prose at 120 runs past 80 columns
    assert (max(len(line) for line in lines) > 80) == (columns == 120)
    # a table's columns line up: every row of the deletions starts its date at one column
    rows = [line for line in lines if line.rstrip().endswith(("2026-01-15", "2026-01-12"))]
    assert len({line.rindex("2026-01-") for line in rows}) == 1


def test_text_tables_wrap_within_a_narrow_terminal() -> None:
    result = run("plan", TWO, columns=60)
    lines = result.stdout.decode().splitlines()
    assert max(len(line) for line in lines) <= 60
    # "booking number" no longer fits on one line: the header wraps, the numbers do not
    assert any(
        line.split() == ["order", "journal", "booking", "document", "date"] for line in lines
    )
    assert any(
        line.split() == ["1", "70", "1004", "invoice", "2026/6", "2026-01-15"] for line in lines
    )


def test_csv_is_the_deletion_list_in_order(tmp_path: Path) -> None:
    result = run("plan", TWO, "--format", "csv")
    assert result.returncode == 0
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    assert rows == [
        ["journal", "financial_year", "booking_number", "document", "date", "step"],
        ["70", "", "1004", "invoice 2026/6", "2026-01-15", "delete-bookings"],
        ["70", "", "1003", "invoice 2026/5", "2026-01-12", "delete-bookings"],
        ["70", "", "1002", "invoice 2026/4", "2026-01-10", "delete-bookings"],
    ]
    plan = json.loads(run("plan", TWO, "--format", "json").stdout)
    assert [int(row[2]) for row in rows[1:]] == [d["booking_number"] for d in plan["to_delete"]]


def test_csv_names_the_financial_year(tmp_path: Path) -> None:
    documents = tmp_path / "d.csv"
    documents.write_text(
        "kind,number,date,booking_number\n"
        "invoice,A,2025-12-20,1\ninvoice,B,2025-12-22,2\ninvoice,C,2025-12-29,2\n"
        "invoice,D,2026-01-03,1\n"
    )
    journals = tmp_path / "j.csv"
    journals.write_text("code,numbering\n70,per_financial_year\n71,\n")
    result = run("plan", documents, "--journals", journals, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode())))
    assert [(r["financial_year"], r["booking_number"], r["document"]) for r in rows] == [
        ("2026", "1", "invoice D"),
        ("2025", "2", "invoice C"),
    ]


def test_json_says_what_was_read() -> None:
    plan = json.loads(run("plan", ARTICLE, "--format", "json").stdout)
    assert plan["read"] == {
        "documents": {"invoice": {"70": 4}, "credit_note": {}},
        "booked_documents": 4,
        "bookings": {"70": 3},
        "links": {"by_document": 3, "by_reference": 0, "by_number_and_date": 0, "unlinked": 0},
        "labels": {},
    }


def test_check_json() -> None:
    result = run("check", TWO, "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert [c["booking_number"] for c in data["collisions"]] == [1002, 1003]
    assert [(s["number"], s["predicts_collision"]) for s in data["stale"]] == [
        ("2026/2", False),
        ("2026/3", False),
    ]
    assert data["summary"].startswith("2 collisions, 2 stale documents")


def test_check_has_no_csv_format() -> None:
    result = run("check", ARTICLE, "--format", "csv")
    assert result.returncode == 2
    assert b"invalid choice: 'csv'" in result.stderr


def test_an_empty_input_says_what_was_read(tmp_path: Path) -> None:
    empty = tmp_path / "documents.csv"
    empty.write_text("kind,number,date,booking_number\n")
    for command in ("check", "plan"):
        result = run(command, empty)
        assert result.returncode == 0
        assert b"Read no invoice and no credit note: the input holds no document" in result.stdout


# -- encodings and --output -------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_a_narrow_encoding_gets_ascii_stand_ins(encoding: str, output_format: str) -> None:
    result = run("plan", ARTICLE, "--verify", "--format", output_format, encoding=encoding)
    assert (result.returncode, result.stderr) == (0, b"")
    text = result.stdout.decode(encoding)
    assert "invoice 2026/3 of 2026-01-10 -> #1003 in journal 70" in text
    assert "→" not in text
    if output_format == "markdown" and encoding == "cp1252":
        assert "| 70 | — | 1002 |" in text, "cp1252 holds the dash: it stays"


def test_a_document_number_outside_the_encoding_is_replaced(tmp_path: Path) -> None:
    documents = tmp_path / "d.csv"
    documents.write_text(
        "kind,number,date,booking_number\ninvoice,Ж-1,2026-01-05,7\ninvoice,Née-2,2026-01-06,7\n",
        encoding="utf-8",
    )
    result = run("check", documents, "--format", "markdown", encoding="cp1252")
    assert result.returncode == 1
    text = result.stdout.decode("cp1252")
    assert "The invoices ?-1 and Née-2 have the same booking number" in text
    ascii_result = run("check", documents, encoding="ascii")
    shown = ascii_result.stdout.decode("ascii")
    assert "The invoices ?-1 and Nee-2 have" in shown
    assert "invoice Nee-2" in shown


def test_an_error_message_outside_the_encoding_is_one_line(tmp_path: Path) -> None:
    documents = tmp_path / "d.csv"
    documents.write_text(
        "kind,number,date,booking_number\ninvoice,Ж→1,2026-02-30,7\n", encoding="utf-8"
    )
    result = run("check", documents, encoding="ascii")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    one_error(result.stderr.decode("ascii"))


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_output_file_is_always_utf8(tmp_path: Path, encoding: str) -> None:
    target = tmp_path / "plan.md"
    result = run("plan", ARTICLE, "--format", "markdown", "--output", target, encoding=encoding)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    written = target.read_bytes().decode("utf-8")
    assert "invoice 2026/3 of 2026-01-10 → #1003 in journal 70" in written
    assert written == run("plan", ARTICLE, "--format", "markdown").stdout.decode("utf-8")


def test_output_keeps_the_exit_status(tmp_path: Path) -> None:
    journals = tmp_path / "j.csv"
    journals.write_text("code,locked_until\n70,2026-01-31\n71,\n")
    examples = ROOT / "examples" / "article"
    target = tmp_path / "deletions.csv"
    result = run(
        "plan",
        examples / "documents.csv",
        "--bookings",
        examples / "bookings.csv",
        "--journals",
        journals,
        "--format",
        "csv",
        "--output",
        target,
    )
    assert result.returncode == 1
    assert target.read_text(encoding="utf-8-sig").startswith("journal,financial_year,")


def test_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("plan", ARTICLE, "--output", tmp_path / "missing" / "plan.txt")
    assert result.returncode == 2
    assert result.stdout == b""
    message = one_error(result.stderr.decode())
    assert message.startswith("booking-reconcile: error: --output ")
    assert "cannot be written" in message


@pytest.mark.parametrize(
    ("text", "encoding", "shown"),
    [
        pytest.param("a → b — c", "ascii", "a -> b - c", id="ascii"),
        pytest.param("a → b — c", "cp1252", "a -> b — c", id="cp1252-keeps-the-dash"),
        pytest.param("a → b — c", "latin-1", "a -> b - c", id="latin-1"),
        pytest.param("café ≥ 5", "ascii", "cafe >= 5", id="accents"),
        pytest.param("日本", "ascii", "??", id="no-stand-in"),
        pytest.param("a → b", "utf-8", "a → b", id="utf-8-unchanged"),
        pytest.param("a → b", None, "a → b", id="no-encoding"),
        pytest.param("a → b", "no-such-codec", "a -> b", id="unknown-encoding"),
    ],
)
def test_printable(text: str, encoding: str | None, shown: str) -> None:
    assert printable(text, encoding) == shown


# -- --version, --quiet, progress -----------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode() == f"booking-reconcile {booking_reconcile.__version__}\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_work_that_takes_long() -> None:
    stream = _Terminal()
    progress = Progress(stream, enabled=True, delay=0.01)
    with progress("planning the repair"):
        time.sleep(0.3)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "booking-reconcile: planning the repair..."
    assert lines[1].startswith("booking-reconcile: planning the repair: done in ")


def test_progress_shows_a_file_name_with_its_control_characters_escaped() -> None:
    stream = _Terminal()
    with Progress(stream, enabled=True, delay=0.01)("reading a\x1b[2J\nINJECTED.csv"):
        time.sleep(0.3)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "booking-reconcile: reading a\\x1b[2J\\nINJECTED.csv..."
    assert len(lines) == 2


def test_progress_is_silent_for_quick_work_and_when_disabled() -> None:
    quick, disabled = _Terminal(), _Terminal()
    with Progress(quick, enabled=True, delay=5.0)("reading"):
        pass
    with Progress(disabled, enabled=False, delay=0.0)("reading"):
        time.sleep(0.05)
    assert quick.getvalue() == disabled.getvalue() == ""


def test_quiet_and_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # --quiet switches progress off even on a terminal; without it, a terminal
    # on standard error switches it on (the work here is too quick to show).
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert main(["plan", str(ARTICLE), "--quiet"]) == 0
    assert main(["check", str(ARTICLE)]) == 1
    assert err.getvalue() == ""
    assert sys.stdout.getvalue().count("Repair plan (keep-deleted)") == 1


def test_the_readmes_first_command_prints_the_text_checklist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("```sh\n", 1)[1].splitlines()[0]
    command = first.rpartition("&& .venv/bin/booking-reconcile ")[2].split()
    assert command == ["plan", "examples/article/snapshot.json"]
    result = run(*command)
    assert result.returncode == 0
    text = result.stdout.decode()
    assert text.startswith("Repair plan (keep-deleted)\n===")
    assert "[ ] 7. Synchronise" in text
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize(
    ("arguments", "stderr"),
    [
        pytest.param(("plan", ARTICLE, "--format", "html"), "invalid choice: 'html'", id="format"),
        pytest.param(("check", ARTICLE, "--format", "csv"), "invalid choice", id="check-csv"),
        pytest.param(("confirm", ARTICLE, "--format", "csv"), "invalid choice", id="confirm-csv"),
        pytest.param(("plan", ARTICLE, "--output"), "expected one argument", id="no-file"),
        pytest.param(("plan", ARTICLE, "--output", ROOT), "cannot be written", id="a-directory"),
    ],
)
def test_bad_output_options_exit_2(arguments: tuple[str | Path, ...], stderr: str) -> None:
    result = run(*arguments)
    assert result.returncode == 2
    assert result.stdout == b""
    assert stderr in result.stderr.decode()
    assert b"Traceback" not in result.stderr

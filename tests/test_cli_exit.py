"""The command's exit statuses: a broken pipe is quiet and not "found"; encodings fail as bad input.

Status 1 means "found" (something to do), so a reader that goes away
(``| head``) must not produce it: the command stops quietly with 141
(128 + SIGPIPE, what a shell shows for ``yes | head``'s ``yes``). Every
failure to decode a file, whatever ``--encoding`` names, is one error line
and status 2, never a traceback.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from booking_reconcile.cli import EXIT_BROKEN_PIPE, main
from messages import one_error

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "article"
DOCUMENTS = "kind,number,date,booking_number\ninvoice,2026/é1,2026-01-05,1001\n"


def test_a_broken_pipe_is_141_and_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader went away before the command wrote
    stdout = io.TextIOWrapper(io.FileIO(writer, "w"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stdout)
    try:
        assert main(["plan", str(ARTICLE / "snapshot.json")]) == EXIT_BROKEN_PIPE == 141
    finally:
        stdout.close()
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{snapshot}"],
        ["check", "{snapshot}", "--format", "markdown"],
        ["plan", "{snapshot}"],
        ["plan", "{snapshot}", "--format", "csv"],
        ["snapshot", "{snapshot}"],
        ["confirm", "{plan}", "{snapshot}"],
        ["check", "--batch", "{nightly}"],
    ],
    ids=["check", "check-markdown", "plan", "plan-csv", "snapshot", "confirm", "check-batch"],
)
def test_a_broken_pipe_in_a_process_is_141_with_nothing_on_standard_error(
    tmp_path: Path, command: list[str]
) -> None:
    plan = tmp_path / "plan.json"
    snapshot = str(ARTICLE / "snapshot.json")
    assert main(["plan", snapshot, "--format", "json", "--output", str(plan)]) == 0
    nightly = ROOT / "examples" / "nightly" / "administrations"
    argv = [part.format(snapshot=snapshot, plan=plan, nightly=nightly) for part in command]
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "booking_reconcile", *argv],
            stdout=writer,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(writer)
    assert result.returncode == 141
    assert result.stderr == b""


@pytest.mark.parametrize(
    "encoding", ["undefined", "punycode", "idna", "rot13", "base64", "utf-16", "utf-32", "nothing"]
)
@pytest.mark.parametrize("option", ["DOCUMENTS", "--invoices"])
def test_every_encoding_failure_is_one_error_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str, option: str
) -> None:
    path = tmp_path / "documents.csv"
    path.write_text(
        DOCUMENTS
        if option == "DOCUMENTS"
        else DOCUMENTS.replace("kind,", "").replace("invoice,", ""),
        encoding="utf-8",
    )
    given = [str(path)] if option == "DOCUMENTS" else ["--invoices", str(path)]
    assert main(["check", *given, "--encoding", encoding]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert one_error(err).startswith("booking-reconcile: error: ")
    assert "Traceback" not in err


@pytest.mark.parametrize("columns", ["50", "80", "120"])
def test_an_error_is_wrapped_to_the_terminal_width(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    columns: str,
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    path = tmp_path / "d.csv"
    path.write_text("kind;number;date\r\ninvoice;2026/7;10-01-2026\r\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    message = one_error(err, width=int(columns))
    assert "missing column 'booking_number'" in message
    assert len(err.splitlines()) > 1


def test_each_problem_of_an_error_is_a_line_of_its_own() -> None:
    from booking_reconcile._terminal import message_lines

    text = message_lines(
        "booking-reconcile: error",
        "a.csv: 2 lines cannot be read; fix each and read the file again:\n"
        "line 2, field 'date': " + "x" * 30 + " is not a date; write YYYY-MM-DD\n"
        "line 3, field 'number': is empty; fill it in",
        40,
    )
    lines = text.splitlines()
    assert lines[0].startswith("booking-reconcile: error: a.csv: 2 lines")
    assert [line for line in lines if line.startswith("  line ")] == [
        "  line 2, field 'date':",
        "  line 3, field 'number': is empty; fill",
    ]
    assert all(len(line) <= 40 for line in lines)


def test_many_bad_lines_are_one_problem_a_line_up_to_20_then_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    bad = "".join(f"invoice,N{i},2026-02-30,{i}\n" for i in range(1, 31))
    path.write_text("kind,number,date,booking_number\n" + bad, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    one_error(err)  # every line within 80 columns, continuations indented
    problems = [line for line in err.splitlines() if line.startswith("  line ")]
    assert [problem.split(",")[0] for problem in problems] == [f"  line {n}" for n in range(2, 22)]
    assert err.splitlines()[-1] == "  and 10 more"


def test_progress_names_every_file_the_command_reads() -> None:
    from booking_reconcile._cli_inputs import input_names as _input_names
    from booking_reconcile.cli import build_parser

    arguments = build_parser().parse_args(
        [
            *("confirm", "plan.json", "-", "--bookings", "b.csv", "--journals", "j.csv"),
            *("--before", "before.json", "--invoices", "i.csv", "--credit-notes", "c.csv"),
        ]
    )
    assert _input_names(arguments) == (
        "plan.json, <stdin>, i.csv, c.csv, b.csv, j.csv, before.json"
    )
    plan = build_parser().parse_args(
        ["plan", "d.csv", "--bookings", "b.csv", "--journals", "j.csv"]
    )
    assert _input_names(plan) == "d.csv, b.csv, j.csv"

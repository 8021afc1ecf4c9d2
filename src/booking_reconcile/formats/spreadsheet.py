"""Spreadsheets: the bookings to delete, for a person to tick off.

:func:`deletions_to_csv` writes every booking the plan deletes, in the order
its checklist deletes them, as CSV with a header row; :func:`deletions_to_xlsx`
writes them as an Excel workbook (the ``excel`` extra: openpyxl), with a column
to tick off and the next booking numbers on a second sheet. The double
bookings' manual entries come first (DOMAIN §3.10: their step comes before the
collision steps), then the repair's deletions in deletion order (§3.4); the
last column, ``step``, names each one's step (``delete-double-bookings`` or
``delete-bookings``, the keys of the plan's steps). A manual entry's row names
the document it books a second time and its own entry date.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a journal code comes from the input: ``=HYPERLINK(...)`` would
become a live link. So, by the OWASP rule against CSV injection, a CSV cell of
text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is written with a ``'`` in front (the spreadsheet shows the text as written);
the workbook's cells are typed values (text, whole numbers, dates), never
formulas.

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot, plan_repair
>>> plan = plan_repair(Snapshot(Integration("=1+1", "71"), [
...     Invoice("B", date(2026, 1, 6), 1002), Invoice("C", date(2026, 1, 10), 1002)]))
>>> print(deletions_to_csv(plan, delimiter=";"), end="")
journal;financial_year;booking_number;document;date;step
'=1+1;;1002;invoice C;2026-01-10;delete-bookings
"""

from __future__ import annotations

__all__ = [
    "DELETIONS_SHEET",
    "DELETION_CSV_COLUMNS",
    "NEXT_NUMBERS_SHEET",
    "TICK_COLUMN",
    "check_delimiter",
    "deletions_to_csv",
    "deletions_to_xlsx",
    "excel_module",
    "neutralised",
]

import csv
import datetime as dt
import importlib
import io
from collections.abc import Sequence
from typing import Any

from booking_reconcile.errors import InputFormatError
from booking_reconcile.repair_plan import RepairPlan, require_plan
from booking_reconcile.steps import DELETE_BOOKINGS, DELETE_DOUBLE_BOOKINGS

from . import _rows
from ._escape import visible

#: The columns of :func:`deletions_to_csv`, in order; ``step`` is the newest, so it comes last.
DELETION_CSV_COLUMNS = ("journal", "financial_year", "booking_number", "document", "date", "step")

#: What a spreadsheet takes for the start of a formula (OWASP, CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> object:
    """``value`` as a spreadsheet cell that is never a formula: text that starts like one gets a ``'``.

    >>> neutralised("=HYPERLINK(\\"http://x\\")"), neutralised("-1+1"), neutralised("70"), neutralised(-1)
    ('\\'=HYPERLINK("http://x")', "'-1+1", '70', -1)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return f"'{value}"
    return value


def _deletion_cells(plan: RepairPlan) -> list[tuple[object, ...]]:
    """Every booking ``plan`` deletes, in the checklist's order, as the cells of one row each.

    The double bookings' manual entries first (§3.10), then the repair's
    deletions in deletion order (§3.4): journal, financial year, booking
    number, document, date (typed) and step.
    """
    doubles: list[tuple[object, ...]] = [
        (
            double.place.journal,
            double.place.financial_year,
            double.duplicate.booking_number,
            double.document.record_name(),
            double.duplicate.date,
            DELETE_DOUBLE_BOOKINGS,
        )
        for double in plan.double_bookings
    ]
    return doubles + [
        (
            d.journal,
            d.financial_year,
            d.booking_number,
            d.document.record_name(),
            d.document.date,
            DELETE_BOOKINGS,
        )
        for d in plan.deletions
    ]


def deletions_to_csv(plan: RepairPlan, *, delimiter: str = ",", bom: bool = False) -> str:
    """Every booking the plan deletes, in the checklist's order, as CSV with a header row.

    ``delimiter`` separates the cells (``";"`` for the spreadsheets of
    comma-decimal locales, Dutch and Belgian Excel among them); ``bom`` puts
    a UTF-8 byte order mark first, by which Excel recognises UTF-8 (write the
    text as UTF-8). Text that a spreadsheet would run as a formula starts with
    ``'`` (see the module's docstring).

    >>> from datetime import date
    >>> from booking_reconcile import Integration, Invoice, Snapshot, plan_repair
    >>> plan = plan_repair(Snapshot(Integration("70", "71"), [
    ...     Invoice("B", date(2026, 1, 6), 1002), Invoice("C", date(2026, 1, 10), 1002),
    ...     Invoice("D", date(2026, 1, 12), 1003)]))
    >>> print(deletions_to_csv(plan), end="")
    journal,financial_year,booking_number,document,date,step
    70,,1003,invoice D,2026-01-12,delete-bookings
    70,,1002,invoice C,2026-01-10,delete-bookings

    A double booking's manual entry comes first (§3.10), with its own date:

    >>> from booking_reconcile import Booking
    >>> a, b, c = (Invoice("A", date(2026, 1, 5), 1001), Invoice("B", date(2026, 1, 6), 1002),
    ...     Invoice("C", date(2026, 1, 10), 1002))
    >>> print(deletions_to_csv(plan_repair(Snapshot(Integration("70", "71"), [a, b, c], bookings=[
    ...     Booking("70", 1001, a.date, a.ref), Booking("70", 1002, c.date, c.ref),
    ...     Booking("70", 1003, date(2026, 1, 11), reference="A")]))), end="")
    journal,financial_year,booking_number,document,date,step
    70,,1003,invoice A,2026-01-11,delete-double-bookings
    70,,1002,invoice C,2026-01-10,delete-bookings
    """
    require_plan(plan)
    check_delimiter(delimiter)
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(DELETION_CSV_COLUMNS)
    for row in _deletion_cells(plan):
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue()


def check_delimiter(delimiter: str) -> str:
    """``delimiter`` if it can separate CSV cells: one character, no letter, digit, quote or line end.

    >>> check_delimiter(";")
    ';'
    >>> check_delimiter("ab")
    Traceback (most recent call last):
    ...
    ValueError: the delimiter is one character that is no letter, digit, quote or line end (',' or ';'); got 'ab'
    """
    if len(delimiter) != 1 or delimiter in "\"'\r\n" or delimiter.isalnum():
        raise ValueError(
            f"the delimiter is one character that is no letter, digit, quote or line end "
            f"(',' or ';'); got {delimiter!r}"
        )
    return delimiter


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralised(value)


#: The titles of the workbook's two sheets, and of its column to tick off.
DELETIONS_SHEET = "Bookings to delete"
NEXT_NUMBERS_SHEET = "Next booking numbers"
TICK_COLUMN = "deleted (tick off)"
#: The first sheet's columns: the CSV's, numbered, with the column to tick off before the step.
_DELETIONS_HEADER = (
    "order",
    "journal",
    "financial year",
    "booking number",
    "document",
    "date",
    TICK_COLUMN,
    "step",
)


def deletions_to_xlsx(plan: RepairPlan) -> bytes:
    """The bookings to delete and the next numbers as an Excel workbook (``.xlsx`` bytes).

    The first sheet lists every booking the plan deletes, in the checklist's
    order (the CSV's rows), numbered, with an empty column to tick
    each off and, last, its step; the second the next booking number of each
    journal (and financial year) to set. Every cell is a typed value: text
    (stored as text even when it starts with ``=``), a whole number or a
    date; none is a formula. Needs openpyxl (the ``excel`` extra), else
    raises :class:`~booking_reconcile.errors.InputFormatError` saying how to
    install it (:func:`excel_module`).
    """
    require_plan(plan)
    workbook = excel_module().Workbook()
    deletions = workbook.active
    deletions.title = DELETIONS_SHEET
    rows = [(order, *row[:-1], None, row[-1]) for order, row in enumerate(_deletion_cells(plan), 1)]
    _fill(deletions, _DELETIONS_HEADER, rows)
    numbers = workbook.create_sheet(NEXT_NUMBERS_SHEET)
    _fill(numbers, *_rows.next_number_rows(plan))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def excel_module(source: str = "an Excel workbook (.xlsx)") -> Any:
    """openpyxl, which writes workbooks; without it the library's error, naming ``source``.

    The command asks before it reads anything (``source`` is then
    ``--format xlsx``), so that a missing extra is said at once.
    """
    try:
        return importlib.import_module("openpyxl")
    except ImportError:
        raise InputFormatError(
            source,
            "writing an Excel workbook needs openpyxl: install it with "
            "pip install 'booking_reconcile[excel]', or write CSV instead",
        ) from None


def _fill(sheet: Any, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    for column, title in enumerate(header, start=1):
        _put(sheet.cell(row=1, column=column), title)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet.cell(row=number, column=column), value)
    for column, title in enumerate(header, start=1):
        width = max([len(title), *(len(str(row[column - 1] or "")) for row in rows)])
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width + 2


def _put(cell: Any, value: object) -> None:
    """Store ``value`` typed: text stays text (never a formula), numbers and dates as such."""
    if value is None:
        return
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
        return
    if isinstance(value, bool) or not isinstance(value, int):
        value = visible(str(value))  # a workbook holds no control characters
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl takes text starting with "=" for a formula

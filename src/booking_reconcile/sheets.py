"""Spreadsheets: the rows of an ``.xlsx`` workbook's first sheet, as text cells.

The readers take a :class:`Sheet` as they take CSV text; :func:`read_sheet`
makes one from a workbook's bytes (with the optional extra ``excel``).
"""

from __future__ import annotations

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_WORKBOOK_BYTES",
    "MergedRange",
    "Sheet",
    "read_sheet",
]

import datetime as dt
import importlib
import io
import re
import zipfile
from typing import Any

import attrs

from .errors import InputFormatError

#: A sheet's bounds: past them it is refused before its cells are read (an
#: export of a few thousand documents is far inside; the sheet's own
#: ``<dimension>`` is never trusted).
MAX_ROWS = 1_048_576
MAX_COLUMNS = 1_000
MAX_CELLS = 20_000_000
#: The most a workbook's parts may hold, uncompressed, together.
MAX_WORKBOOK_BYTES = 512 * 1024 * 1024

#: A formula element in a sheet's XML (with or without a namespace prefix).
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


@attrs.frozen
class MergedRange:
    """A merged range that holds a value: only its first cell has it."""

    cells: str
    first_row: int
    last_row: int


@attrs.frozen
class Sheet:
    """The rows of a spreadsheet as text, the header first (what :func:`read_sheet` gives).

    ``merged`` lists the merged ranges that hold a value: the readers refuse
    one that reaches the header or the records (its other cells would read
    as empty).
    """

    rows: tuple[tuple[str, ...], ...]
    merged: tuple[MergedRange, ...] = ()
    #: The workbook's sheet names, the one read first (``()``: not known).
    names: tuple[str, ...] = ()


def read_sheet(data: bytes, *, source: str = "sheet") -> Sheet:
    """The first worksheet of an ``.xlsx`` file's bytes, as text cells, faithfully or not at all.

    Needs the optional extra ``excel`` (``pip install 'booking_reconcile[excel]'``,
    openpyxl). Date cells become ``YYYY-MM-DD`` (or an ISO moment when they
    hold a time), whole numbers plain digits; everything else its text.

    Every cell the sheet holds is read, wherever it stands (its
    ``<dimension>`` is not trusted). A formula cell whose value was never
    saved (a workbook written by a program) is refused naming the cell; a
    sheet past :data:`MAX_ROWS`, :data:`MAX_COLUMNS` or :data:`MAX_CELLS` is
    refused before its cells are read; and every failure of the zip, the XML
    or openpyxl is an :class:`~booking_reconcile.errors.InputFormatError`
    naming the file.
    """
    try:
        openpyxl: Any = importlib.import_module("openpyxl")
    except ImportError:
        raise InputFormatError(
            source,
            "is an Excel workbook, and reading one needs openpyxl: install it with "
            "pip install 'booking_reconcile[excel]', or save the sheet as CSV",
        ) from None
    try:
        return _read(openpyxl, data, source)
    except InputFormatError:
        raise
    except Exception as error:  # zipfile, the XML parser and openpyxl raise many kinds
        raise InputFormatError(
            source,
            f"is not an Excel workbook (.xlsx) that can be read ({type(error).__name__}); "
            "save it again from the spreadsheet program, or as CSV",
        ) from None


def _read(openpyxl: Any, data: bytes, source: str) -> Sheet:
    formulas = _has_formulas(data, source)
    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheet = workbook.worksheets[0]
    _check_bounds(sheet, source)
    if formulas:
        _check_formulas(openpyxl, data, sheet, source)
    merged = tuple(
        MergedRange(str(cells.coord), cells.min_row, cells.max_row)
        for cells in sheet.merged_cells.ranges
        if sheet.cell(cells.min_row, cells.min_col).value not in (None, "")
    )
    rows = tuple(
        tuple(_cell(value) for value in row)
        for row in sheet.iter_rows(
            min_row=1, max_row=sheet.max_row, max_col=sheet.max_column, values_only=True
        )
    )
    return Sheet(rows, merged, tuple(str(name) for name in workbook.sheetnames))


def _has_formulas(data: bytes, source: str) -> bool:
    """Whether a worksheet part holds a formula; refuses a workbook past the bounds first."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        if sum(part.file_size for part in parts) > MAX_WORKBOOK_BYTES:
            raise InputFormatError(
                source,
                f"unpacks to more than {MAX_WORKBOOK_BYTES // 2**20} MB; read a smaller "
                "export (one period, one journal), or save it as CSV",
            )
        return any(
            _FORMULA.search(archive.read(part))
            for part in parts
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")
        )


def _check_bounds(sheet: Any, source: str) -> None:
    rows, columns = sheet.max_row, sheet.max_column
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise InputFormatError(
            source,
            f"has cells up to row {rows} and column {columns}, more than a sheet of documents "
            f"or bookings may hold ({MAX_ROWS} rows, {MAX_COLUMNS} columns, {MAX_CELLS} cells); "
            "delete what is not the export (or export CSV)",
        )


def _check_formulas(openpyxl: Any, data: bytes, sheet: Any, source: str) -> None:
    """Refuse a formula cell without a saved value: it would read as empty."""
    formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False).worksheets[0]
    for row in formulas.iter_rows(max_row=sheet.max_row, max_col=sheet.max_column):
        for cell in row:
            if cell.data_type == "f" and sheet[cell.coordinate].value is None:
                raise InputFormatError(
                    source,
                    f"cell {cell.coordinate} holds a formula whose value was never saved; open "
                    "and save the file in Excel, or export CSV",
                )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if not (value.hour or value.minute or value.second or value.microsecond):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

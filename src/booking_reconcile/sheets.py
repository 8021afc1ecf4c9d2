"""Spreadsheets: the rows of an ``.xlsx`` workbook's first sheet, as text cells.

The readers take a :class:`Sheet` as they take CSV text; :func:`read_sheet`
makes one from a workbook's bytes (with the optional extra ``excel``).
"""

from __future__ import annotations

__all__ = ["Sheet", "read_sheet"]

import datetime as dt
import importlib
import io
from typing import Any

import attrs

from .errors import InputFormatError


@attrs.frozen
class Sheet:
    """The rows of a spreadsheet as text, the header first (what :func:`read_sheet` gives)."""

    rows: tuple[tuple[str, ...], ...]


def read_sheet(data: bytes, *, source: str = "sheet") -> Sheet:
    """The first worksheet of an ``.xlsx`` file's bytes, as text cells.

    Needs the optional extra ``excel`` (``pip install 'booking_reconcile[excel]'``,
    openpyxl). Date cells become ``YYYY-MM-DD`` (or an ISO moment when they
    hold a time), whole numbers plain digits; everything else its text.
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
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds; all mean "not a workbook"
        raise InputFormatError(
            source,
            f"is not an Excel workbook (.xlsx) that can be read ({type(error).__name__}); "
            "save it again from the spreadsheet program, or as CSV",
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = tuple(
            tuple(_cell(value) for value in row) for row in sheet.iter_rows(values_only=True)
        )
    finally:
        workbook.close()
    return Sheet(rows)


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

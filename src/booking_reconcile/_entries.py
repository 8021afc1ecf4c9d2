"""Entries as lines: the rows of one booking, in exports with one row per entry line.

The accounting package exports (and imports) its entries one row per entry
*line*, the entry's own fields (journal, financial year, number, date,
reference, description) repeated on each line. Rows that share the journal,
the numbering period (the financial year, where the file has that column)
and the entry number are one booking when they agree on its fields; where
they disagree, both lines are named.

Without a financial-year column, rows of one number in one journal with
different dates stay apart: in a journal numbered per financial year they
may be two bookings of two years (the snapshot decides, from the journals).
"""

from __future__ import annotations

__all__ = ["ENTRY_FIELDS", "one_booking_per_entry"]

import datetime as dt

from ._tabular import Problems, Row
from .errors import InputFormatError, quoted
from .models import Booking

#: The fields of a booking's rows that its lines repeat, and must agree on.
ENTRY_FIELDS = (
    "date",
    "reference",
    "document_kind",
    "document_number",
    "period",
    "entry_description",
)


def one_booking_per_entry(
    built: list[tuple[Row, Booking]], problems: Problems
) -> list[tuple[Row, Booking]]:
    """The bookings of ``built``, the lines of one entry read as one booking (its first line)."""
    first_of: dict[tuple[str, str, int, dt.date | None], Row] = {}
    entries: list[tuple[Row, Booking]] = []
    for row, booking in built:
        year = row.text("financial_year")
        # Without a financial year, rows of different dates may be two bookings.
        key = (booking.journal, year, booking.booking_number, None if year else booking.date)
        first = first_of.setdefault(key, row)
        if first is row:
            entries.append((row, booking))
            continue
        disagree = _disagreement(first, row)
        if disagree is not None:
            problems.add(_lines_disagree(first, row, booking, disagree))
    return entries


def _disagreement(first: Row, row: Row) -> str | None:
    """The first field on which two lines of one entry disagree, or ``None``."""
    return next((field for field in ENTRY_FIELDS if first.text(field) != row.text(field)), None)


def _lines_disagree(first: Row, row: Row, booking: Booking, field: str) -> InputFormatError:
    year = row.text("financial_year")
    named = f"{booking.record_name()}{f' of financial year {year}' if year else ''}"
    return InputFormatError(
        row.source,
        f"{named} has {field} {quoted(row.text(field))} here and {quoted(first.text(field))} "
        f"on line {first.line}: the lines of one entry must agree; correct the one that is "
        "wrong, or give two entries their own numbers",
        line=row.line,
        field=field,
    )

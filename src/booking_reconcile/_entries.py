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

A reader's rows arrive one at a time: :class:`_Entries` keeps of each only
what its entry compares, and makes the lines of one entry one booking at the
end of the file.
"""

from __future__ import annotations

__all__ = ["ENTRY_FIELDS", "one_booking_per_entry"]

import bisect
import datetime as dt
from collections.abc import Callable

from ._parsing import DateStyle
from ._row_builders import _BOOKING_FIELDS, reversal_flag, reversal_note
from ._tabular import FileRows, Problems, Row, Texts
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
    "reversal",
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


#: What the lines of one entry are compared by.
_COMPARED = ("financial_year", *ENTRY_FIELDS)
_REPEATING = frozenset({"financial_year", "date", "document_kind", "period", "reversal"})
_REVERSAL, _REFERENCE, _NUMBER = (
    _BOOKING_FIELDS.index(field) for field in ("reversal", "reference", "document_number")
)
#: At most this many distinct repeating texts are kept once.
_ONCE = 1 << 14


class _Entries:
    """The bookings of a file as they are read, the lines of one entry made one booking at the end.

    :func:`~booking_reconcile._entries.one_booking_per_entry` decides which
    rows are lines of one entry, and what their disagreement is; it is given
    the rows of one journal and booking number together (the only rows that
    may be one entry). Of each row only what it compares is kept: its line
    and the texts of the entry's fields the file has.
    """

    def __init__(self, table: FileRows[Booking]) -> None:
        self._source = table.source
        self._fields = tuple(field for field in _COMPARED if table.has(field))
        # Per field compared: where the values hold it, its texts by row, and whether
        # its texts repeat (dates, kinds, years, periods: each kept once).
        self._columns: list[tuple[int, list[str], bool]] = []
        self._texts: list[list[str]] = []
        for field in self._fields:
            column: list[str] = []
            self._texts.append(column)
            self._columns.append((_BOOKING_FIELDS.index(field), column, field in _REPEATING))
        self._once: dict[str, str] = {}
        self._lines: list[int] = []
        self._bookings: list[Booking] = []
        # The first line of each journal's booking numbers, and the later lines of each.
        self._first: dict[str, dict[int, int]] = {}
        self._later: dict[int, list[int]] = {}
        # The reversals (a reversal column's rows whose booking lost its reference):
        # the booking's index, the reference the row wrote, the column's text.
        self._column = table.column("reversal") if table.has("reversal") else None
        self._reversals: list[tuple[int, str, str]] = []
        self._left_out: set[int] = set()

    def adder(self) -> Callable[[int, Texts, Booking], None]:
        """What keeps the booking of a line, read from its values (a function of bound names)."""
        append_booking, append_line = self._bookings.append, self._lines.append
        once, first_of, later_of = self._once, self._first, self._later
        compared = [(at, column.append, shared) for at, column, shared in self._columns]
        reversals, bookings = (
            (self._reversals, self._bookings) if self._column is not None else (None, None)
        )

        def add(line: int, texts: Texts, booking: Booking) -> None:
            if reversals is not None and bookings is not None and reversal_flag(texts[_REVERSAL]):
                written = texts[_REFERENCE] or (texts[_NUMBER] if not booking.document else "")
                reversals.append((len(bookings), written, texts[_REVERSAL]))
            append_booking(booking)
            append_line(line)
            for at, append, shared in compared:
                text = texts[at]
                append(once.setdefault(text, text) if shared and len(once) < _ONCE else text)
            numbers = first_of.get(booking.journal)
            if numbers is None:
                numbers = first_of[booking.journal] = {}
            first = numbers.setdefault(booking.booking_number, line)
            if first != line:
                later_of.setdefault(first, []).append(line)

        return add

    def bookings(self, problems: Problems) -> list[Booking]:
        """The bookings, one per entry (its first line), in file order."""
        if not self._later:
            return self._bookings
        left_out: set[int] = set()
        for first, later in self._later.items():
            at = [bisect.bisect_left(self._lines, line) for line in (first, *later)]
            rows = [(self._row(index), self._bookings[index]) for index in at]
            entries = {id(row) for row, _ in one_booking_per_entry(rows, problems)}
            left_out.update(
                index for index, (row, _) in zip(at, rows, strict=True) if id(row) not in entries
            )
        self._left_out = left_out
        return [booking for at, booking in enumerate(self._bookings) if at not in left_out]

    def notes(self) -> tuple[str, ...]:
        """What a person is told of each reversal read (after :meth:`bookings`), in file order."""
        return tuple(
            reversal_note(
                self._bookings[index].record_name(),
                f"{self._source}, line {self._lines[index]}",
                f"{self._column}: {flag}",
                reference,
            )
            for index, reference, flag in self._reversals
            if index not in self._left_out
        )

    def _row(self, index: int) -> Row:
        """The row of the booking at ``index``: its line and the texts kept of it."""
        fields = {
            field: texts[index] for field, texts in zip(self._fields, self._texts, strict=True)
        }
        return Row(self._source, self._lines[index], fields, DateStyle.ISO, False)

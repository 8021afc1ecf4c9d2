"""Exact Online's two shapes of entries, and the lines of one entry (private).

``salesentry/SalesEntries`` gives one row per entry; ``TransactionLines``
(``sync/Financial/TransactionLines``, ``bulk/Financial/TransactionLines``,
``financialtransaction/TransactionLines``) one row per entry *line*, with
other field names. :class:`Shape` names each shape's fields;
:func:`entries` groups lines into entries by ``EntryID``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from booking_reconcile.errors import InputFormatError, quoted
from booking_reconcile.models import Booking

from ._payload import Row


@attrs.frozen
class Shape:
    """The names one shape of answer gives the fields of an entry."""

    name: str  # the resource, as errors name its rows
    journal: str
    date: str
    year: str  # the financial year the entry is numbered in


SALES_ENTRY = Shape("SalesEntries", "Journal", "EntryDate", "ReportingYear")
TRANSACTION_LINE = Shape("TransactionLines", "JournalCode", "Date", "FinancialYear")


def is_line(row: Row) -> bool:
    """Whether ``row`` is a TransactionLines row: it names its journal by ``JournalCode``."""
    return "JournalCode" in row.fields


def shape_of(found: list[Row]) -> Shape:
    """The shape of the rows of one answer; rows of both shapes are refused.

    A row with ``JournalCode`` is a line; one with ``Journal`` an entry. Rows
    with neither are read as entries (and refused for the missing
    ``Journal``, with both names in the message).
    """
    line = next((row for row in found if is_line(row)), None)
    entry = next((row for row in found if "Journal" in row.fields and not is_line(row)), None)
    if line is not None and entry is not None:
        raise InputFormatError(
            line.where,
            f"is a TransactionLines row (JournalCode) while {entry.where} is a SalesEntries "
            "row (Journal): the same entries would be read twice; pass the answers of one "
            "resource",
        )
    return TRANSACTION_LINE if line is not None else SALES_ENTRY


def entries(found: list[Row]) -> list[list[Row]]:
    """The lines of each entry, grouped by ``EntryID`` in the order entries first appear.

    One booking is one ``EntryID`` (a GUID, compared ignoring case); a line
    without one cannot be placed in an entry and is refused. A line read
    twice (its ``ID`` twice in one entry; without an ``ID``, its
    ``LineNumber``) is a page saved twice: refused, naming both places
    (DOMAIN §6: nothing is dropped or repaired silently).
    """
    grouped: dict[str, list[Row]] = {}
    # Each line's place by its entry and ID (the line's key, a GUID; where given).
    places: dict[tuple[str, str], Row] = {}
    for row in found:
        hint = "; each TransactionLines row names its entry: one booking is one EntryID"
        entry_id = row.text("EntryID", hint)
        if entry_id is None:
            raise row.error("EntryID", f"is empty ({row.missing('EntryID')}){hint}")
        line_id, number = row.fields.get("ID"), row.fields.get("LineNumber")
        if isinstance(line_id, str) and line_id.strip():
            first = places.setdefault((entry_id.lower(), line_id.strip().lower()), row)
            if first is not row:
                raise read_twice(row, first, "ID", f"line {quoted(line_id)} of EntryID {entry_id}")
        elif isinstance(number, int) and not isinstance(number, bool):
            # Without its ID (a tap that selects columns), a line is its entry's line number.
            first = places.setdefault((entry_id.lower(), f"#{number}"), row)
            if first is not row:
                raise read_twice(row, first, "LineNumber", f"line {number} of EntryID {entry_id}")
        grouped.setdefault(entry_id.lower(), []).append(row)
    return list(grouped.values())


def entries_once(found: list[Row]) -> None:
    """Refuse a SalesEntries entry read twice: the same row, its ``EntryID`` (a GUID), twice.

    One booking is one ``EntryID``: the same entry twice is a page saved
    twice. Two rows of one number that differ are refused by the snapshot
    (two bookings of one number in one journal), naming both dates.
    """
    places: dict[str, Row] = {}
    for row in found:
        entry_id = row.fields.get("EntryID")
        if not (isinstance(entry_id, str) and entry_id.strip()):
            continue
        fields = _without_metadata(row)
        first = places.setdefault(entry_id.strip().lower(), row)
        if first is not row and _without_metadata(first) == fields:
            raise read_twice(row, first, "EntryID", f"entry {quoted(entry_id)}")


def read_twice(row: Row, first: Row, field: str, what: str) -> InputFormatError:
    """The error for a row read twice: a page saved twice, perhaps in place of the next one."""
    return row.read_twice(first, field, what, "follow __next from the page before the repeated one")


def _without_metadata(row: Row) -> dict[str, object]:
    """The row's fields but its ``__metadata`` (the URI each page repeats alike)."""
    return {key: value for key, value in row.fields.items() if key != "__metadata"}


def year_of(row: Row, shape: Shape) -> int | None:
    """The financial year the row is numbered in, when it says (a year has at most 4 digits)."""
    if shape.year not in row.fields:
        return None
    value = row.fields[shape.year]
    text = value.strip() if isinstance(value, str) else ""
    if (len(text) > 4 and text.isdigit()) or (
        isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**4
    ):
        raise row.error(
            shape.year,
            f"{quoted(value)} has more digits than a year has (at most 4); expected the "
            "calendar year the financial year starts in, such as 2026",
        )
    return row.integer(shape.year)


def entry_of_lines(
    lines: list[Row], read: Callable[[Row], Booking | None], reference_field: str
) -> Booking | None:
    """The booking of one entry's lines, which must agree on what makes the booking."""
    first = lines[0]
    booking = read(first)
    for line in lines[1:]:
        field, mine, theirs = _difference(first, booking, line, read(line), reference_field)
        if field is not None:
            raise line.error(
                field,
                f"{theirs} disagrees with {first.where} ({mine}), a line of the same entry "
                f"(EntryID {first.fields['EntryID']}): the lines of one entry must agree on "
                "journal, number, date, reference, financial year, type, status and "
                "reversal; fetch the entry's lines again, or correct the entry in Exact "
                "Online",
            )
    return booking


def _difference(
    row: Row, one: Booking | None, other_row: Row, other: Booking | None, reference_field: str
) -> tuple[str | None, str, str]:
    """The first field two lines' bookings disagree on, and both values in words."""
    if one is None or other is None:
        if (one is None) != (other is None):
            return "Status", _status_words(one), _status_words(other)
        return None, "", ""
    pairs = (
        ("JournalCode", one.journal, other.journal),
        ("EntryNumber", one.booking_number, other.booking_number),
        ("Date", one.date, other.date),
        # Before the reference: a reversal's is not kept (_exact_entries), and this is why.
        ("Reversal", row.flag("Reversal"), other_row.flag("Reversal")),
        (reference_field, one.reference, other.reference),
        ("FinancialYear", year_of(row, TRANSACTION_LINE), year_of(other_row, TRANSACTION_LINE)),
        ("Type", _integer(row, "Type"), _integer(other_row, "Type")),
        # Open (20) and processed (50) are both booked, but one entry is one or the other:
        # lines fetched before and after a change are not one entry's.
        ("Status", _integer(row, "Status"), _integer(other_row, "Status")),
    )
    for field, mine, theirs in pairs:
        if mine != theirs:
            return field, f"{field} {_words(mine)}", f"{field} {_words(theirs)}"
    return None, "", ""


def _integer(row: Row, field: str) -> int | None:
    return row.integer(field) if field in row.fields else None


def _status_words(booking: Booking | None) -> str:
    return "a skipped status" if booking is None else "a booked status"


def _words(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "null"
    return quoted(value) if isinstance(value, str) else str(value)

"""Exact Online's entries read into bookings: SalesEntries rows and TransactionLines (private).

:func:`read_bookings` and its siblings, which
:mod:`booking_reconcile.adapters.exact_online` exposes and documents: each
entry (or the lines of one ``EntryID``) becomes a booking that keeps its
reference; statuses are kept or skipped, and an entry numbered in another
financial year than its date's gives a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

import attrs

from booking_reconcile._parsing import parse_odata_date as parse_exact_date
from booking_reconcile._row_builders import reversal_note
from booking_reconcile.errors import InputFormatError
from booking_reconcile.findings import Finding
from booking_reconcile.models import Booking, Integration
from booking_reconcile.periods import financial_year

from ._exact_answers import ENVELOPE, one_division
from ._exact_lines import (
    SALES_ENTRY,
    TRANSACTION_LINE,
    Shape,
    entries,
    entries_once,
    entry_of_lines,
    shape_of,
    year_of,
)
from ._payload import Row, check_options, rows, warn

#: ``Type`` of a sales entry (an invoice) and of a sales credit note.
INVOICE_TYPE = 20
CREDIT_NOTE_TYPE = 21

#: ``Status`` values of entries that hold their number: 20 open, 50 processed.
BOOKED_STATUSES = frozenset({20, 50})
#: ``Status`` values of rows left out: 5 rejected.
SKIPPED_STATUSES = frozenset({5})


def read_booking_answers(
    payload: Any,
    *,
    reference_field: str = "YourRef",
    integration: Integration | None = None,
    tz: dt.tzinfo = dt.timezone.utc,
    booked_statuses: Collection[int] = BOOKED_STATUSES,
    skipped_statuses: Collection[int] = SKIPPED_STATUSES,
    reversals_are_manual: bool = True,
    division: int | None = None,
    financial_year_start_month: int | None = None,
    source: str | None = None,
) -> BookingAnswers:
    """The bookings of ``salesentry/SalesEntries`` or ``TransactionLines`` answers, with warnings.

    What :func:`read_bookings` reads, and the warnings a person should see
    (:class:`~booking_reconcile.findings.Finding` records, rule
    ``numbering-year-differs``): an entry whose numbering year
    (``ReportingYear``, ``FinancialYear``) is not the financial year of its
    date; and rule ``reversal-not-linked``: a reversal, read as a booking of
    no document.
    """
    check_options(
        reference_field=reference_field,
        integration=integration,
        tz=tz,
        booked_statuses=booked_statuses,
        skipped_statuses=skipped_statuses,
        reversals_are_manual=reversals_are_manual,
        division=division,
        financial_year_start_month=financial_year_start_month,
        source=source,
    )
    month = financial_year_start_month or (
        integration.financial_year_start_month if integration is not None else 1
    )
    found = rows(payload, ENVELOPE, source or SALES_ENTRY.name, named=_resource(source))
    shape = shape_of(found)
    found = one_division(found, division)
    options = _Options(reference_field, tz, booked_statuses, skipped_statuses)
    if shape is TRANSACTION_LINE:
        read = [
            (
                lines[0],
                entry_of_lines(
                    lines, lambda row: _booking(row, options, TRANSACTION_LINE), reference_field
                ),
            )
            for lines in entries(found)
        ]
    else:
        read = [(row, _booking(row, options, shape)) for row in found]
        entries_once(found)
    bookings = tuple(booking for _, booking in read if booking is not None)
    warnings = tuple(
        warning
        for row, booking in read
        if booking is not None
        for warning in (
            *_year_warnings(row, booking, month, shape),
            *_reversal_warnings(row, booking, reference_field),
        )
    )
    return BookingAnswers(bookings, warnings)


@attrs.frozen
class BookingAnswers:
    """The bookings read from Exact Online's answers, and what a person should know of them.

    ``warnings`` do not stop the reading; the command shows them, and a
    program should too.
    """

    bookings: tuple[Booking, ...]
    warnings: tuple[Finding, ...] = ()


def read_bookings(
    payload: Any,
    *,
    reference_field: str = "YourRef",
    integration: Integration | None = None,
    tz: dt.tzinfo = dt.timezone.utc,
    booked_statuses: Collection[int] = BOOKED_STATUSES,
    skipped_statuses: Collection[int] = SKIPPED_STATUSES,
    reversals_are_manual: bool = True,
    division: int | None = None,
    financial_year_start_month: int | None = None,
    source: str | None = None,
) -> tuple[Booking, ...]:
    """The bookings of ``salesentry/SalesEntries`` or ``TransactionLines`` answers.

    :mod:`booking_reconcile.adapters.exact_online` says which fields are
    read. The shape is recognised by the rows' fields: TransactionLines rows
    name their journal by ``JournalCode``; their lines are grouped into one
    booking per ``EntryID``. ``source`` names the rows in errors (default:
    the resource, ``SalesEntries`` or ``TransactionLines``).
    ``financial_year_start_month`` (default: the integration's, else 1) is
    the month the numbering year (``ReportingYear``, ``FinancialYear``) is
    compared with. Rows of a skipped status are left out. Each warning of
    :func:`read_booking_answers` is issued as a
    :class:`~booking_reconcile.adapters.ReadingWarning` (Python's
    ``warnings``), so that it is not lost; call :func:`read_booking_answers`
    to have them as records.
    """
    answers = read_booking_answers(
        payload,
        reference_field=reference_field,
        integration=integration,
        tz=tz,
        booked_statuses=booked_statuses,
        skipped_statuses=skipped_statuses,
        reversals_are_manual=reversals_are_manual,
        division=division,
        financial_year_start_month=financial_year_start_month,
        source=source,
    )
    warn(answers.warnings)
    return answers.bookings


def _resource(source: str | None) -> Callable[[list[Any]], str] | None:
    """Without a source given, rows are named after the resource their fields show."""
    if source is not None:
        return None
    return lambda items: (
        TRANSACTION_LINE.name
        if items and all(isinstance(item, Mapping) and "JournalCode" in item for item in items)
        else SALES_ENTRY.name
    )


@attrs.frozen
class _Options:
    """How rows are read into bookings (the keyword options of :func:`read_bookings`)."""

    reference_field: str
    tz: dt.tzinfo
    booked_statuses: Collection[int]
    skipped_statuses: Collection[int]


def read_booking(
    fields: Any,
    *,
    reference_field: str = "YourRef",
    integration: Integration | None = None,
    tz: dt.tzinfo = dt.timezone.utc,
    booked_statuses: Collection[int] = BOOKED_STATUSES,
    skipped_statuses: Collection[int] = SKIPPED_STATUSES,
    reversals_are_manual: bool = True,
    financial_year_start_month: int = 1,
    where: str = "SalesEntry",
) -> Booking | None:
    """The booking of one SalesEntries row, or ``None`` for a skipped status.

    The booking keeps the row's reference; which document it books is the
    snapshot's to tell (:mod:`booking_reconcile.adapters.exact_online`).
    ``integration`` and ``reversals_are_manual`` are kept so that existing
    calls work; they change nothing here.

    >>> row = {"EntryNumber": 7, "Journal": "71", "EntryDate": "/Date(1768089600000)/",
    ...        "Type": 21, "Status": 50, "YourRef": "C1"}
    >>> read_booking(row)
    Booking(journal='71', booking_number=7, date=datetime.date(2026, 1, 11), document=None, reference='C1', financial_year=None)
    >>> read_booking({**row, "Status": 5}) is None
    True
    >>> read_booking({**row, "Status": 30})
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: SalesEntry, field 'Status': 30 is not a status this adapter knows (booked: 20, 50; skipped: 5); check the entry in Exact Online, and pass booked_statuses or skipped_statuses to keep or leave out such rows
    """
    if not isinstance(fields, dict):
        raise InputFormatError(
            where, f"is a {type(fields).__name__}, not an object; each row must be an object"
        )
    check_options(
        reference_field=reference_field,
        integration=integration,
        tz=tz,
        booked_statuses=booked_statuses,
        skipped_statuses=skipped_statuses,
        reversals_are_manual=reversals_are_manual,
        financial_year_start_month=financial_year_start_month,
        where=where,
    )
    options = _Options(reference_field, tz, booked_statuses, skipped_statuses)
    row = Row(where, fields)
    booking = _booking(row, options, SALES_ENTRY)
    if booking is not None:
        warn(_year_warnings(row, booking, financial_year_start_month, SALES_ENTRY))
    return booking


def _booking(row: Row, options: _Options, shape: Shape) -> Booking | None:
    status = row.integer("Status") if "Status" in row.fields else None
    booked, skipped = options.booked_statuses, options.skipped_statuses
    if status is not None and status in skipped:
        return None
    if status is not None and status not in booked:
        raise row.error(
            "Status",
            f"{status!r} is not a status this adapter knows (booked: {_listed(booked)}; "
            f"skipped: {_listed(skipped)}); check the entry in Exact Online, and pass "
            "booked_statuses or skipped_statuses to keep or leave out such rows",
        )
    number = row.integer("EntryNumber")
    if number is None:
        raise row.error(
            "EntryNumber",
            f"is empty ({row.missing('EntryNumber')}); a booked entry has an entry number",
        )
    entry_date = parse_exact_date(
        row.get(shape.date), tz=options.tz, where=row.where, field=shape.date
    )
    journal = row.required_text(shape.journal)
    reference_field = options.reference_field
    hint = (
        f"; name the field that carries the invoicing tool's document number with "
        f"reference_field (now {reference_field!r})"
    )
    reference = row.text(reference_field, hint)
    if "Type" in row.fields:
        row.integer("Type")
    if row.flag("Reversal"):
        # A reversal books no document: not linked, and not taken for a manual booking
        # of the document its reference names (said by _reversal_warnings).
        reference = None
    year = year_of(row, shape)
    return row.build(
        lambda: Booking(journal, number, entry_date, reference=reference, financial_year=year),
        {
            "journal": shape.journal,
            "booking_number": "EntryNumber",
            "reference": reference_field,
            "financial_year": shape.year,
        },
    )


def _year_warnings(row: Row, booking: Booking, month: int, shape: Shape) -> Iterator[Finding]:
    """A warning when the entry's numbering year is not the financial year of its date.

    Exact numbers an entry in its ``ReportingYear`` (``FinancialYear`` on
    lines), which is writable apart from the date; the booking keeps that
    year (``Booking.financial_year``), and a journal numbered per financial
    year places it there. Whether Exact keeps such entries is unconfirmed, so
    they are read, and the person is told.
    """
    reported = booking.financial_year  # the row's year, read once by _booking
    if reported is None:
        return
    expected = financial_year(booking.date, month)
    if reported == expected:
        return
    if abs(reported - expected) > 1:
        raise row.error(
            shape.year,
            f"{booking.record_name()} is dated {booking.date.isoformat()}, in financial year "
            f"{expected} (years starting in month {month}), but {shape.year} {reported} is more "
            "than a year away from it: no entry is numbered in such a year; check the entry in "
            "Exact Online",
        )
    entry_id = row.fields.get("EntryID")
    entry = f", EntryID {entry_id}" if isinstance(entry_id, str) else ""
    yield Finding(
        "numbering-year-differs",
        f"{booking.record_name()} ({row.where}{entry}) is dated {booking.date.isoformat()}, "
        f"in financial year {expected} (years starting in month {month}), but Exact Online "
        f"numbers it in {shape.year} {reported}. Where journal {booking.journal} numbers per "
        f"financial year, the library places it in {reported}, as Exact does, with the "
        f"document it books (a document sent again is numbered in the year of its date); "
        f"check in Exact Online that the entry belongs to {reported}; if the financial year "
        "starts in another month, pass financial_year_start_month (--fy-start-month, or "
        "the FinancialPeriods answer in the --journals file)",
    )


def _reversal_warnings(row: Row, booking: Booking, reference_field: str) -> Iterator[Finding]:
    """A warning for a reversal (``Reversal`` true): read as a booking of no document.

    It holds its number but books nothing, and the person is told, in the
    words every reader uses (:func:`~booking_reconcile._row_builders.reversal_note`:
    a spreadsheet export's ``Reversal`` column is read alike).
    """
    if not row.flag("Reversal"):
        return
    reference = row.fields.get(reference_field)
    yield Finding(
        "reversal-not-linked",
        reversal_note(
            booking.record_name(),
            row.where,
            "Reversal: true",
            reference if isinstance(reference, str) else None,
        ),
    )


def _listed(statuses: Collection[int]) -> str:
    return ", ".join(str(status) for status in sorted(statuses)) or "none"

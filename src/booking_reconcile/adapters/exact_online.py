"""Exact Online REST API answers, read into bookings and journals.

Exact Online is the accounting package of the article: it books each sales
invoice and sales credit note in a sales journal under the next *entry
number*. Its REST API lists those entries at ``salesentry/SalesEntries`` (and their
lines at ``TransactionLines``),
the journals at ``financial/Journals``, the closed periods at
``read/financial/JournalStatusList`` and the period table at
``financial/FinancialPeriods``. These functions take the answers as already
decoded from JSON (no HTTP here) and return the library's records; like every
accounting-package adapter, this module exposes :func:`read_bookings` and
:func:`read_journals`.

>>> pages = [
...     {"d": {"results": [
...         {"EntryNumber": 1002, "Journal": "70", "EntryDate": "/Date(1768003200000)/",
...          "Type": 20, "Status": 50, "Reversal": False, "YourRef": "2026/3"},
...     ], "__next": "https://start.exactonline.nl/api/v1/1/salesentry/SalesEntries?$skiptoken=1"}},
...     {"d": {"results": [
...         {"EntryNumber": 1003, "Journal": "70", "EntryDate": "2026-01-12T00:00:00",
...          "Type": 20, "Status": 20, "Reversal": False, "YourRef": None},
...     ]}},
... ]
>>> for booking in read_bookings(pages):
...     print(booking.journal, booking.booking_number, booking.date, booking.reference)
70 1002 2026-01-10 2026/3
70 1003 2026-01-12 None
>>> read_bookings(pages[0])
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: SalesEntries: links a next page (__next): the answer is incomplete, 1 row read and the rest not fetched; follow __next until an answer has none, and pass every page (a list of the answers)

The fields read, with the choices made where the API reference is silent
(docs/adapters.md gives the sources):

- Answers: one answer (``{"d": {"results": [...]}}``), a list of answers (the
  pages, in order), one object in ``d`` (a get by key) or the bare list of
  rows. An error answer (``{"error": {"message": {"value": ...}}}``) is
  refused with Exact's own message.
- ``EntryNumber`` (Int32) is the booking number; ``Journal`` (the journal
  code, text) the journal; ``EntryDate`` the date, in the OData form
  ``/Date(1767225600000)/`` or as an ISO 8601 string
  (:func:`parse_exact_date`; an instant becomes a calendar date in ``tz``,
  UTC by default).
- The document's number is read from ``reference_field`` (``YourRef`` by
  default: which field Teamleader fills is unconfirmed) and kept as the
  booking's ``reference``; a null or blank one is none. The adapter names no
  document itself: the snapshot links each booking to the document its
  reference names, by the library's one linking rule (DOMAIN §3.8: the
  number compared without white space and case, among the documents of the
  booking's journal; in a journal shared by invoices and credit notes, the
  one carrying the booking's number). So neither the journal nor ``Type``
  decides a kind here; ``Type`` (20 sales entry, 21 sales credit note), when
  given, must be a whole number.
- ``Status`` 20 (open) and 50 (processed) are booked; 5 (rejected) rows are
  skipped (a choice: pass ``booked_statuses`` and ``skipped_statuses``); a
  row without a status counts as booked; any other status is an error.
- ``Reversal`` (true or false, when given) is read like any other row: a
  reversal takes a number of its own, so the snapshot links it to no
  document (the document carries the number of the entry the integration
  made). ``reversals_are_manual`` is kept so that existing calls work, and
  changes nothing.
- **Entries as lines**: ``TransactionLines`` answers
  (``sync/Financial/TransactionLines``, ``bulk/Financial/TransactionLines``,
  ``financialtransaction/TransactionLines``; 1000 rows a call, paged by
  ``__next`` like any list) are read by their own field names: a row with
  ``JournalCode`` is a line, and its entry's fields are ``JournalCode``,
  ``Date``, ``FinancialYear``, ``EntryNumber``, ``YourRef``, ``Type``,
  ``Status``. The lines of one ``EntryID`` are one booking; they must agree
  on journal, number, date, reference, year, type and status, or the answer
  is refused naming both lines and the entry. Answers mixing SalesEntries
  rows and lines are refused (the same entries twice).
- ``Division``: one Exact account holds several administrations, and every
  answer read (entries, lines, journals, journal statuses, financial
  periods) must be of one division; ``division`` chooses one, and rows of
  the others are then left out.
- ``ReportingYear`` (``FinancialYear`` on lines) is the financial year Exact
  numbers the entry in. When it is not the financial year ``EntryDate``
  falls in (with ``financial_year_start_month``), the entry is read and a
  warning names it (:func:`read_booking_answers` returns the warnings as
  records; :func:`read_bookings` issues them as :class:`ReadingWarning`):
  the library places a booking in the financial year of its date, which for
  a journal numbered per financial year is then not Exact's.
"""

from __future__ import annotations

__all__ = [
    "BOOKED_STATUSES",
    "CLOSED_STATUS",
    "CREDIT_NOTE_TYPE",
    "INVOICE_TYPE",
    "SKIPPED_STATUSES",
    "BookingAnswers",
    "ReadingWarning",
    "parse_exact_date",
    "read_booking",
    "read_booking_answers",
    "read_bookings",
    "read_division",
    "read_financial_year_start_month",
    "read_journals",
]

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from booking_reconcile._parsing import parse_odata_date as parse_exact_date
from booking_reconcile.errors import InputFormatError, quoted
from booking_reconcile.findings import Finding
from booking_reconcile.models import Booking, Integration, Journal, Numbering
from booking_reconcile.periods import financial_year, financial_year_start

from ._exact_lines import (
    SALES_ENTRY,
    TRANSACTION_LINE,
    Shape,
    entries,
    entry_of_lines,
    shape_of,
    year_of,
)
from ._payload import Envelope, ReadingWarning, Row, rows, warn

#: ``Type`` of a sales entry (an invoice) and of a sales credit note.
INVOICE_TYPE = 20
CREDIT_NOTE_TYPE = 21

#: ``Status`` values of entries that hold their number: 20 open, 50 processed.
BOOKED_STATUSES = frozenset({20, 50})
#: ``Status`` values of rows left out: 5 rejected.
SKIPPED_STATUSES = frozenset({5})
#: ``Status`` of a closed period in ``JournalStatusList`` (0 is open).
CLOSED_STATUS = 1


def _error_message(answer: Mapping[str, Any]) -> str | None:
    """Exact's own message of an error answer, or ``None`` for an answer with rows."""
    error = answer.get("error")
    if error is None or "d" in answer:
        return None
    message: Any = error.get("message") if isinstance(error, Mapping) else error
    if isinstance(message, Mapping):
        message = message.get("value")
    return str(message) if message is not None else "(no message)"


#: What to do after a rate-limit answer (HTTP 429).
RATE_LIMIT_ADVICE = (
    "Exact Online allows 60 calls a minute and 5,000 a day per app and division: wait a "
    "minute (past the day's limit, until the next day) and fetch again, pacing the calls"
)

_ENVELOPE = Envelope(
    ("d", "results"), _error_message, next_key="__next", single=True, wait=RATE_LIMIT_ADVICE
)


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
    date.
    """
    month = financial_year_start_month or (
        integration.financial_year_start_month if integration is not None else 1
    )
    found = rows(payload, _ENVELOPE, source or SALES_ENTRY.name, named=_resource(source))
    shape = shape_of(found)
    found = _one_division(found, division)
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
    bookings = tuple(booking for _, booking in read if booking is not None)
    warnings = tuple(
        warning
        for row, booking in read
        if booking is not None
        for warning in _year_warnings(row, booking, month, shape)
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

    See the module's docstring. The shape is recognised by the rows' fields:
    TransactionLines rows name their journal by ``JournalCode``; their lines
    are grouped into one booking per ``EntryID``. ``source`` names the rows
    in errors (default: the resource, ``SalesEntries`` or
    ``TransactionLines``). ``financial_year_start_month`` (default: the
    integration's, else 1) is the month the numbering year
    (``ReportingYear``, ``FinancialYear``) is compared with. Rows of a
    skipped status are left out. Each warning of
    :func:`read_booking_answers` is issued as a :class:`ReadingWarning`
    (Python's ``warnings``), so that it is not lost; call
    :func:`read_booking_answers` to have them as records.
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
    snapshot's to tell (see the module's docstring). ``integration`` and
    ``reversals_are_manual`` are kept so that existing calls work; they change
    nothing here.

    >>> row = {"EntryNumber": 7, "Journal": "71", "EntryDate": "/Date(1768089600000)/",
    ...        "Type": 21, "Status": 50, "YourRef": "C1"}
    >>> read_booking(row)
    Booking(journal='71', booking_number=7, date=datetime.date(2026, 1, 11), document=None, reference='C1')
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
    row.flag("Reversal")
    return row.build(
        lambda: Booking(journal, number, entry_date, reference=reference),
        {"journal": shape.journal, "booking_number": "EntryNumber", "reference": reference_field},
    )


def _year_warnings(row: Row, booking: Booking, month: int, shape: Shape) -> Iterator[Finding]:
    """A warning when the entry's numbering year is not the financial year of its date.

    Exact numbers an entry in its ``ReportingYear`` (``FinancialYear`` on
    lines), which is writable apart from the date; the library places a
    booking in the financial year of its date. Whether Exact keeps such
    entries is unconfirmed, so they are read, and the person is told.
    """
    reported = year_of(row, shape)
    if reported is None:
        return
    expected = financial_year(booking.date, month)
    if reported == expected:
        return
    entry_id = row.fields.get("EntryID")
    entry = f", EntryID {entry_id}" if isinstance(entry_id, str) else ""
    yield Finding(
        "numbering-year-differs",
        f"{booking.record_name()} ({row.where}{entry}) is dated {booking.date.isoformat()}, "
        f"in financial year {expected} (years starting in month {month}), but Exact Online "
        f"numbers it in {shape.year} {reported}. The library places a booking in the "
        f"financial year of its date: if journal {booking.journal} numbers per financial "
        f"year, check this entry's number against the numbers of {reported} by hand; if the "
        "financial year starts in another month, pass financial_year_start_month (read from "
        "FinancialPeriods)",
    )


def _listed(statuses: Collection[int]) -> str:
    return ", ".join(str(status) for status in sorted(statuses)) or "none"


def _division_of(row: Row) -> int | None:
    return row.integer("Division") if "Division" in row.fields else None


def _one_division(found: list[Row], division: int | None) -> list[Row]:
    """The rows of one division (administration): refuse two, unless ``division`` chooses one.

    Without ``division``, rows of two divisions are refused. With it, rows of
    other divisions are left out; a row that names no division is then
    refused when another row does (it cannot be placed), and rows that all
    name other divisions are refused (``division`` is then not theirs).
    """
    named = [(row, value) for row in found if (value := _division_of(row)) is not None]
    if division is None:
        for row, value in named[1:]:
            if value != named[0][1]:
                raise row.error(
                    "Division",
                    f"{value} is another division than {named[0][1]} ({named[0][0].where}): one "
                    "snapshot is one administration; fetch each division's answers apart, or "
                    "choose one with division=",
                )
        return found
    if not named:
        return found
    if all(value != division for _, value in named):
        row, value = named[0]
        raise row.error(
            "Division",
            f"{value} is another division than {division} (division=), and no row is of "
            f"division {division}: one snapshot is one administration; pass the answers of "
            "that division, or choose one of theirs with division=",
        )
    kept = []
    for row in found:
        value = _division_of(row)
        if value is None:
            raise row.error(
                "Division",
                f"is {'missing' if 'Division' not in row.fields else 'null'} while other rows "
                "name their division: with division= every row must name its own (select "
                "Division when fetching)",
            )
        if value == division:
            kept.append(row)
    return kept


def read_division(answers: Mapping[str, Any], *, division: int | None = None) -> int | None:
    """The one division of the rows of ``answers`` (by name), ``None`` when no row names one.

    Every answer counts: sales entries or lines, journals, journal statuses,
    financial periods. With ``division``, each answer must hold rows of it
    (rows of other divisions are left out by the readers given the same
    ``division=``), and it is returned.

    >>> read_division({"Journals": [{"Division": 12, "Code": "70"}], "SalesEntries": {"d": [{"Division": 12}]}})
    12
    >>> read_division({"Journals": [{"Division": 12}], "JournalStatusList": [{"Division": 13}]})
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: JournalStatusList[0], field 'Division': 13 is another division than 12 (Journals[0]): one snapshot is one administration; fetch each division's answers apart, or choose one with division=
    >>> read_division({"Journals": [{"Division": 12}], "JournalStatusList": [{"Division": 13}, {"Division": 12}]}, division=12)
    12
    """
    found: list[Row] = []
    for source, answer in answers.items():
        if answer is not None:
            found += _one_division(rows(answer, _ENVELOPE, source), division)
    _one_division(found, None)
    if division is not None:
        return division
    for row in found:
        value = _division_of(row)
        if value is not None:
            return value
    return None


def read_journals(
    payload: Any,
    *,
    numbering: Numbering = Numbering.CONTINUOUS,
    statuses: Any = None,
    financial_periods: Any = None,
    financial_year_start_month: int = 1,
    division: int | None = None,
    source: str = "Journals",
) -> tuple[Journal, ...]:
    """The journals of ``financial/Journals`` answers, with their closed periods.

    ``Code`` is the journal code; ``Type`` and ``Description``, when given,
    are checked but not kept. The API has no field for the numbering or the
    next entry number, so every journal gets ``numbering`` (continuous by
    default; unconfirmed) and no next number. ``statuses`` (a
    ``read/financial/JournalStatusList`` answer) gives the closed periods:
    a journal's ``locked_until`` is the last day of its latest closed period
    (``Status`` 1), its end date taken from ``financial_periods`` (a
    ``financial/FinancialPeriods`` answer) or, without it, from calendar
    months with ``financial_year_start_month``.

    >>> read_journals({"d": {"results": [{"Code": "70", "Type": 20, "Description": "Sales"}]}})
    (Journal(code='70', numbering=Numbering.CONTINUOUS, next_booking_number=None, locked_until=None),)
    >>> statuses = {"d": {"results": [{"Journal": "70", "Year": 2025, "Period": 12, "Status": 1},
    ...                               {"Journal": "70", "Year": 2026, "Period": 1, "Status": 0}]}}
    >>> read_journals([{"Code": "70"}], statuses=statuses)[0].locked_until
    datetime.date(2025, 12, 31)
    """
    found = _one_division(rows(payload, _ENVELOPE, source), division)
    ends = None if financial_periods is None else _period_ends(financial_periods, division)
    locked = (
        {} if statuses is None else _locked(statuses, ends, financial_year_start_month, division)
    )
    journals = []
    for row in found:
        if "Type" in row.fields:
            row.integer("Type")
        if "Description" in row.fields:
            row.text("Description")
        code = row.required_text("Code")
        until = locked.get(code)
        journals.append(
            row.build(lambda: Journal(code, numbering, None, until), {"code": "Code"})  # noqa: B023
        )
    return tuple(journals)


def _period_ends(payload: Any, division: int | None) -> dict[tuple[int, int], dt.date]:
    """The end date of each (financial year, period) of a FinancialPeriods answer."""
    ends = {}
    for row in _one_division(rows(payload, _ENVELOPE, "FinancialPeriods"), division):
        year, period = _required_integer(row, "FinYear"), _required_integer(row, "FinPeriod")
        ends[(year, period)] = parse_exact_date(
            row.get("EndDate"), where=row.where, field="EndDate"
        )
    return ends


def _required_integer(row: Row, field: str) -> int:
    value = row.integer(field)
    if value is None:
        raise row.error(field, f"is empty ({row.missing(field)}); every row needs it")
    return value


def _locked(
    payload: Any, ends: dict[tuple[int, int], dt.date] | None, month: int, division: int | None
) -> dict[str, dt.date]:
    """Per journal code, the last day of its latest closed period."""
    locked: dict[str, dt.date] = {}
    for row in _one_division(rows(payload, _ENVELOPE, "JournalStatusList"), division):
        if _required_integer(row, "Status") != CLOSED_STATUS:
            continue
        code = row.required_text("Journal")
        year, period = _required_integer(row, "Year"), _required_integer(row, "Period")
        end = _period_end(row, year, period, ends, month)
        if code not in locked or end > locked[code]:
            locked[code] = end
    return locked


def _period_end(
    row: Row, year: int, period: int, ends: dict[tuple[int, int], dt.date] | None, month: int
) -> dt.date:
    if ends is not None:
        if (year, period) not in ends:
            raise row.error(
                "Period",
                f"period {period} of {year} is not in FinancialPeriods; pass the whole period "
                "table (every page)",
            )
        return ends[(year, period)]
    if not 1 <= period <= 12 or not 1 <= year <= 9998:
        raise row.error(
            "Period",
            f"period {period} of {year} is not a calendar month of a financial year; pass "
            "financial_periods= (the FinancialPeriods answer) for the period table",
        )
    start = financial_year_start(year, month) + relativedelta(months=period - 1)
    return start + relativedelta(months=1) - dt.timedelta(days=1)


def read_financial_year_start_month(
    payload: Any, *, division: int | None = None, source: str = "FinancialPeriods"
) -> int:
    """The month the financial year starts in, from a ``financial/FinancialPeriods`` answer.

    The ``StartDate`` of each year's period 1; every year must agree.

    >>> read_financial_year_start_month({"d": {"results": [
    ...     {"FinYear": 2026, "FinPeriod": 1, "StartDate": "/Date(1775001600000)/",
    ...      "EndDate": "/Date(1777507200000)/"}]}})
    4
    """
    first: tuple[int, str] | None = None
    for row in _one_division(rows(payload, _ENVELOPE, source), division):
        if _required_integer(row, "FinPeriod") != 1:
            continue
        start = parse_exact_date(row.get("StartDate"), where=row.where, field="StartDate")
        if first is None:
            first = (start.month, row.where)
        elif start.month != first[0]:
            raise row.error(
                "StartDate",
                f"{quoted(start.isoformat())} starts a financial year in month {start.month}, but "
                f"{first[1]} starts one in month {first[0]}; read the periods of the years the "
                "snapshot covers only, or give financial_year_start_month yourself",
            )
    if first is None:
        raise InputFormatError(
            source,
            "has no period 1 (FinPeriod 1), so the month the financial year starts in is not "
            "known; fetch the whole period table",
        )
    return first[0]

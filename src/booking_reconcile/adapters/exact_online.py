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
- ``Reversal`` (true or false, when given): a reversal takes a number of
  its own but books no document, so it is read without its reference
  (linked to nothing, never taken for a second booking made by hand, which
  a plan would delete), and a warning (rule ``reversal-not-linked``) names
  it. ``reversals_are_manual`` is kept so that existing calls work, and
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

The names are defined in private modules by job and exposed here:
``_exact_entries`` (entries and lines into bookings), ``_exact_lines`` (the
two shapes of entries, and the lines of one), ``_exact_journals`` (journals,
closed periods, the period table) and ``_exact_answers`` (the envelope and
the one-division rule).
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

from booking_reconcile._parsing import parse_odata_date as parse_exact_date

from ._exact_answers import RATE_LIMIT_ADVICE as RATE_LIMIT_ADVICE
from ._exact_answers import read_division
from ._exact_entries import (
    BOOKED_STATUSES,
    CREDIT_NOTE_TYPE,
    INVOICE_TYPE,
    SKIPPED_STATUSES,
    BookingAnswers,
    read_booking,
    read_booking_answers,
    read_bookings,
)
from ._exact_journals import CLOSED_STATUS, read_financial_year_start_month, read_journals
from ._payload import ReadingWarning

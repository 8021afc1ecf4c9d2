"""Exact Online REST API rows, read into bookings and journals.

Exact Online is the accounting package of the article: it books each sales
invoice and sales credit note in a sales journal under the next *entry
number*. Its REST API lists those entries at ``salesentry/SalesEntries`` and
the journals at ``financial/Journals``. These functions take the rows as
already decoded from JSON (no HTTP here) and return the library's records.

>>> payload = {"d": {"results": [
...     {"EntryNumber": 1002, "Journal": "70", "EntryDate": "/Date(1768003200000)/",
...      "Type": 20, "Status": 50, "Reversal": False, "YourRef": "2026/3"},
...     {"EntryNumber": 1003, "Journal": "70", "EntryDate": "2026-01-12T00:00:00",
...      "Type": 20, "Status": 20, "Reversal": False, "YourRef": None},
... ]}}
>>> for booking in bookings_from_sales_entries(payload):
...     print(booking)
booking #1002 in journal 70 of 2026-01-10 (for invoice 2026/3)
booking #1003 in journal 70 of 2026-01-12 (manual)

The fields read, with the choices made where the API reference is silent
(docs/adapters.md gives the sources):

- ``EntryNumber`` (Int32) is the booking number; ``Journal`` (the journal
  code, text) the journal; ``EntryDate`` the date, in the OData form
  ``/Date(1767225600000)/`` (milliseconds since 1970-01-01 UTC) or as an ISO
  8601 string. An instant is turned into a calendar date in ``tz`` (UTC by
  default: unconfirmed whether Exact sends local midnight as UTC).
- ``Type`` 20 (sales entry) books an invoice and 21 (sales credit note) a
  credit note; the document's number is read from ``document_number_field``
  (``YourRef`` by default: the field integrations commonly fill with their own
  invoice number; unconfirmed for Teamleader's). A row of those types whose
  field is null or blank, and a row of any other type, is a manual booking
  (``document=None``): it takes a number but no document of the invoicing
  tool refers to it.
- ``Status`` 20 (open) and 50 (processed) are booked; 5 (rejected) rows are
  skipped, as a rejected entry holds no number in the journal (a choice, not
  confirmed: pass ``booked_statuses={5, 20, 50}, skipped_statuses=()`` to
  keep them); a row without a status counts as booked; any other status is an
  error, so nothing is guessed.
- ``Reversal`` true: the entry still takes a number in the journal, so it is
  a booking, but a manual one by default (it reverses amounts; it is not the
  invoicing tool's document); ``reversals_are_manual=False`` links it like
  any other row.
"""

from __future__ import annotations

__all__ = [
    "BOOKED_STATUSES",
    "CREDIT_NOTE_TYPE",
    "INVOICE_TYPE",
    "SKIPPED_STATUSES",
    "booking_from_sales_entry",
    "bookings_from_sales_entries",
    "journals_from_exact",
    "parse_exact_date",
]

import datetime as dt
import re
from collections.abc import Collection
from functools import partial
from typing import Any

from booking_reconcile.errors import InputFormatError
from booking_reconcile.models import Booking, DocumentKind, DocumentRef, Journal, Numbering
from booking_reconcile.readers import parse_date, parse_timestamp

from ._payload import Row, rows

#: ``Type`` of a sales entry (an invoice) and of a sales credit note.
INVOICE_TYPE = 20
CREDIT_NOTE_TYPE = 21
_KIND_OF_TYPE = {INVOICE_TYPE: DocumentKind.INVOICE, CREDIT_NOTE_TYPE: DocumentKind.CREDIT_NOTE}

#: ``Status`` values of entries that hold their number: 20 open, 50 processed.
BOOKED_STATUSES = frozenset({20, 50})
#: ``Status`` values of rows left out: 5 rejected.
SKIPPED_STATUSES = frozenset({5})

#: The OData JSON date: milliseconds since the epoch, maybe an offset (ignored:
#: the milliseconds are UTC by the format's definition).
_ODATA_DATE = re.compile(r"/Date\((-?[0-9]{1,15})(?:[+-][0-9]{4})?\)/")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_ENVELOPE = ("d", "results")


def parse_exact_date(
    value: Any, *, tz: dt.tzinfo = dt.timezone.utc, where: str = "Exact Online", field: str = "date"
) -> dt.date:
    """The calendar date of an Exact Online date field.

    >>> parse_exact_date("/Date(1767225600000)/")
    datetime.date(2026, 1, 1)
    >>> parse_exact_date("2026-01-01T00:00:00"), parse_exact_date("2026-01-01")
    (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1))
    >>> from dateutil import tz
    >>> parse_exact_date("/Date(1767222000000)/", tz=tz.gettz("Europe/Brussels"))
    datetime.date(2026, 1, 1)
    >>> parse_exact_date("01/01/2026", where="SalesEntries[0]", field="EntryDate")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: SalesEntries[0], field 'EntryDate': '01/01/2026' is not an Exact Online date; expected the OData form /Date(1767225600000)/ or an ISO 8601 date such as 2026-01-01T00:00:00
    """
    if isinstance(value, str):
        matched = _ODATA_DATE.fullmatch(value)
        if matched:
            return _instant_date(int(matched.group(1)), tz, value, where, field)
        if _ISO_DATE.fullmatch(value):
            return parse_date(value, source=where, field=field, day_first=False)
        if _ISO_DATE.match(value):
            moment = parse_timestamp(value, source=where, field=field)
            if moment.tzinfo is None:
                return moment.date()
            return _in_zone(moment, tz, value, where, field)
    raise InputFormatError(
        where,
        f"{value!r} is not an Exact Online date; expected the OData form "
        "/Date(1767225600000)/ or an ISO 8601 date such as 2026-01-01T00:00:00",
        field=field,
    )


def _instant_date(milliseconds: int, tz: dt.tzinfo, text: str, where: str, field: str) -> dt.date:
    try:
        moment = _EPOCH + dt.timedelta(milliseconds=milliseconds)
    except OverflowError:
        raise InputFormatError(
            where, f"{text!r} is outside the calendar (years 1 to 9999)", field=field
        ) from None
    return _in_zone(moment, tz, text, where, field)


def _in_zone(moment: dt.datetime, tz: dt.tzinfo, text: str, where: str, field: str) -> dt.date:
    try:
        return moment.astimezone(tz).date()
    except OverflowError:
        raise InputFormatError(
            where, f"{text!r} is outside the calendar (years 1 to 9999)", field=field
        ) from None


def bookings_from_sales_entries(
    payload: Any,
    *,
    document_number_field: str = "YourRef",
    tz: dt.tzinfo = dt.timezone.utc,
    booked_statuses: Collection[int] = BOOKED_STATUSES,
    skipped_statuses: Collection[int] = SKIPPED_STATUSES,
    reversals_are_manual: bool = True,
    source: str = "SalesEntries",
) -> tuple[Booking, ...]:
    """The bookings of a ``salesentry/SalesEntries`` response.

    ``payload`` is the decoded body (``{"d": {"results": [...]}}``, or
    ``{"d": [...]}``) or the bare list of rows; ``source`` names it in errors.
    Rows of a skipped status are left out; every other row is one booking.
    """
    bookings = (
        booking_from_sales_entry(
            row.fields,
            document_number_field=document_number_field,
            tz=tz,
            booked_statuses=booked_statuses,
            skipped_statuses=skipped_statuses,
            reversals_are_manual=reversals_are_manual,
            where=row.where,
        )
        for row in rows(payload, _ENVELOPE, source)
    )
    return tuple(booking for booking in bookings if booking is not None)


def booking_from_sales_entry(
    fields: Any,
    *,
    document_number_field: str = "YourRef",
    tz: dt.tzinfo = dt.timezone.utc,
    booked_statuses: Collection[int] = BOOKED_STATUSES,
    skipped_statuses: Collection[int] = SKIPPED_STATUSES,
    reversals_are_manual: bool = True,
    where: str = "SalesEntry",
) -> Booking | None:
    """The booking of one SalesEntries row, or ``None`` for a skipped status.

    >>> row = {"EntryNumber": 7, "Journal": "71", "EntryDate": "/Date(1768089600000)/",
    ...        "Type": 21, "Status": 50, "YourRef": "C1"}
    >>> print(booking_from_sales_entry(row))
    booking #7 in journal 71 of 2026-01-11 (for credit note C1)
    >>> booking_from_sales_entry({**row, "Status": 5}) is None
    True
    >>> booking_from_sales_entry({**row, "Status": 30})
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: SalesEntry, field 'Status': 30 is not a status this adapter knows (booked: 20, 50; skipped: 5); check the entry in Exact Online, and pass booked_statuses or skipped_statuses to keep or leave out such rows
    """
    row = Row(where, _mapping(fields, where))
    status = row.integer("Status") if "Status" in row.fields else None
    if status is not None and status in skipped_statuses:
        return None
    if status is not None and status not in booked_statuses:
        raise row.error(
            "Status",
            f"{status!r} is not a status this adapter knows (booked: {_listed(booked_statuses)}; "
            f"skipped: {_listed(skipped_statuses)}); check the entry in Exact Online, and pass "
            "booked_statuses or skipped_statuses to keep or leave out such rows",
        )
    number = row.integer("EntryNumber")
    if number is None:
        raise row.error(
            "EntryNumber",
            f"is empty ({row.missing('EntryNumber')}); a booked entry has an entry number",
        )
    entry_date = parse_exact_date(row.get("EntryDate"), tz=tz, where=where, field="EntryDate")
    document = _document_of(row, document_number_field, reversals_are_manual)
    return row.build(
        lambda: Booking(row.required_text("Journal"), number, entry_date, document),
        {"journal": "Journal", "booking_number": "EntryNumber", "number": document_number_field},
    )


def _listed(statuses: Collection[int]) -> str:
    return ", ".join(str(status) for status in sorted(statuses)) or "none"


def _mapping(fields: Any, where: str) -> Any:
    if not isinstance(fields, dict):
        raise InputFormatError(
            where, f"is a {type(fields).__name__}, not an object; each row must be an object"
        )
    return fields


def _document_of(row: Row, field: str, reversals_are_manual: bool) -> DocumentRef | None:
    entry_type = row.integer("Type")
    if entry_type is None:
        raise row.error(
            "Type",
            f"is empty ({row.missing('Type')}); expected 20 (sales entry) or 21 "
            "(sales credit note)",
        )
    kind = _KIND_OF_TYPE.get(entry_type)
    if kind is None or (reversals_are_manual and row.flag("Reversal")):
        return None
    hint = (
        f"; name the field that carries the invoicing tool's document number with "
        f"document_number_field (now {field!r})"
    )
    number = row.text(field, hint)
    if number is None:
        return None
    return row.build(lambda: DocumentRef(kind, number), {"number": field})


def journals_from_exact(
    payload: Any,
    *,
    numbering: Numbering = Numbering.CONTINUOUS,
    source: str = "Journals",
) -> tuple[Journal, ...]:
    """The journals of a ``financial/Journals`` response.

    ``Code`` is the journal code; ``Type`` and ``Description``, when given,
    are checked (a number, a text) but not kept: the library needs neither.
    The API has no field for the numbering, the next entry number or a lock
    date, so every journal gets ``numbering`` (continuous by default;
    unconfirmed) and no next number or lock date.

    >>> journals_from_exact({"d": {"results": [{"Code": "70", "Type": 20, "Description": "Sales"}]}})
    (Journal(code='70', numbering=Numbering.CONTINUOUS, next_booking_number=None, locked_until=None),)
    """
    journals = []
    for row in rows(payload, _ENVELOPE, source):
        if "Type" in row.fields:
            row.integer("Type")
        if "Description" in row.fields:
            row.text("Description")
        code = row.required_text("Code")
        journals.append(row.build(partial(Journal, code, numbering), {"code": "Code"}))
    return tuple(journals)

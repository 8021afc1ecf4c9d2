"""Teamleader Focus API v2 rows, read into invoices and credit notes.

Teamleader Focus is the invoicing tool of the article: it sends invoices and
credit notes to the accounting package and stores the booking number it gets
back. Its API lists them with ``invoices.list`` and ``creditNotes.list``;
these functions take the decoded responses (``{"data": [...]}``, or the bare
list) and return the library's documents. No HTTP here.

>>> payload = {"data": [
...     {"id": "6fac0bf0", "invoice_number": "2026/3", "invoice_date": "2026-01-10",
...      "status": "outstanding", "booking_number": 1002},
...     {"id": "a1b2c3d4", "invoice_number": None, "invoice_date": None, "status": "draft"},
... ]}
>>> invoices_from_teamleader(payload)
(Invoice(number='2026/3', date=datetime.date(2026, 1, 10), booking_number=1002, journal=None, synced_at=None),)

The fields read (docs/adapters.md gives the sources):

- ``invoice_number`` / ``credit_note_number``: the document number, taken as
  written (only surrounding spaces are removed; ``"2026 / 5"`` stays
  ``"2026 / 5"``, so it must be written the same way where the accounting
  side refers to it).
- ``invoice_date`` / ``credit_note_date``: the document date, ``YYYY-MM-DD``.
- ``status``: rows whose status is in ``skipped_statuses`` (``draft`` by
  default) are not documents yet (never sent, no number) and are left out.
- The booking number: the public API reference documents **no** field for
  it, so the key is a parameter, ``booking_number_field`` (default
  ``"booking_number"``; a dotted path such as ``"accounting.booking_number"``
  reads a nested key). Every row must have that key, so a wrong name is an
  error rather than a list of unbooked documents; its value is a whole number,
  digits in a string, or null/empty when the document is not booked. With
  ``booking_number_field=None`` no document is booked.
- The journal is not in the payload: every document gets ``journal=None``,
  which means the integration's journal for its kind.
"""

from __future__ import annotations

__all__ = [
    "CREDIT_NOTE_FIELDS",
    "INVOICE_FIELDS",
    "SKIPPED_STATUSES",
    "DocumentFields",
    "credit_notes_from_teamleader",
    "documents_from_teamleader",
    "invoices_from_teamleader",
]

from collections.abc import Collection
from typing import Any, TypeVar

import attrs

from booking_reconcile.models import CreditNote, Document, Invoice
from booking_reconcile.readers import parse_date

from ._payload import Row, rows

#: Statuses of rows that are not documents yet.
SKIPPED_STATUSES = frozenset({"draft"})

_Document = TypeVar("_Document", Invoice, CreditNote)
_ENVELOPE = ("data",)


@attrs.frozen
class DocumentFields:
    """The keys of one kind of document in the payload."""

    number: str
    date: str


INVOICE_FIELDS = DocumentFields("invoice_number", "invoice_date")
CREDIT_NOTE_FIELDS = DocumentFields("credit_note_number", "credit_note_date")


def invoices_from_teamleader(
    payload: Any,
    *,
    booking_number_field: str | None = "booking_number",
    skipped_statuses: Collection[str] = SKIPPED_STATUSES,
    source: str = "invoices.list",
) -> tuple[Invoice, ...]:
    """The invoices of an ``invoices.list`` response."""
    return _documents(
        Invoice, INVOICE_FIELDS, payload, booking_number_field, skipped_statuses, source
    )


def credit_notes_from_teamleader(
    payload: Any,
    *,
    booking_number_field: str | None = "booking_number",
    skipped_statuses: Collection[str] = SKIPPED_STATUSES,
    source: str = "creditNotes.list",
) -> tuple[CreditNote, ...]:
    """The credit notes of a ``creditNotes.list`` response.

    >>> credit_notes_from_teamleader(
    ...     [{"credit_note_number": "C1", "credit_note_date": "2026-01-11", "booking_number": "7"}]
    ... )
    (CreditNote(number='C1', date=datetime.date(2026, 1, 11), booking_number=7, journal=None, synced_at=None),)
    >>> credit_notes_from_teamleader({"data": [{"credit_note_number": "C1", "credit_note_date": "2026-01-11"}]})
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: creditNotes.list[0], field 'booking_number': is missing; name the key that holds the booking number with booking_number_field, or pass booking_number_field=None if the payload has none
    """
    return _documents(
        CreditNote, CREDIT_NOTE_FIELDS, payload, booking_number_field, skipped_statuses, source
    )


def documents_from_teamleader(
    invoices: Any = None,
    credit_notes: Any = None,
    *,
    booking_number_field: str | None = "booking_number",
    skipped_statuses: Collection[str] = SKIPPED_STATUSES,
) -> tuple[Document, ...]:
    """The invoices, then the credit notes, of both responses (either may be ``None``)."""
    documents: list[Document] = []
    if invoices is not None:
        documents += invoices_from_teamleader(
            invoices, booking_number_field=booking_number_field, skipped_statuses=skipped_statuses
        )
    if credit_notes is not None:
        documents += credit_notes_from_teamleader(
            credit_notes,
            booking_number_field=booking_number_field,
            skipped_statuses=skipped_statuses,
        )
    return tuple(documents)


def _documents(
    cls: type[_Document],
    fields: DocumentFields,
    payload: Any,
    booking_number_field: str | None,
    skipped_statuses: Collection[str],
    source: str,
) -> tuple[_Document, ...]:
    documents = []
    for row in rows(payload, _ENVELOPE, source):
        status = row.fields.get("status")
        if isinstance(status, str) and status in skipped_statuses:
            continue
        documents.append(_document(cls, fields, row, booking_number_field))
    return tuple(documents)


def _document(
    cls: type[_Document], fields: DocumentFields, row: Row, booking_number_field: str | None
) -> _Document:
    number = row.required_text(fields.number)
    day = parse_date(
        row.required_text(fields.date), source=row.where, field=fields.date, day_first=False
    )
    booking_number = None
    if booking_number_field is not None:
        hint = (
            "; name the key that holds the booking number with booking_number_field, or "
            "pass booking_number_field=None if the payload has none"
        )
        booking_number = row.integer(booking_number_field, hint)
    return row.build(
        lambda: cls(number, day, booking_number),
        {"number": fields.number, "date": fields.date, "booking_number": str(booking_number_field)},
    )

"""The booking numbers Teamleader Focus's API lacks, joined in by document (private).

The API has no booking number; the invoice and credit-note overviews show
it, and a person exports them (or a connector keeps its own mapping). Each
row of an answer takes the number of its document there, by kind and number,
compared as the snapshot compares a reference with a number (DOMAIN §3.8).
Invoice numbers repeat across departments, so an export's document must also
have the answer's date: the overview of another department holds the same
numbers, booked under other booking numbers (DOMAIN §6). A connector's
mapping has no dates, and is joined by number alone.
"""

from __future__ import annotations

__all__ = ["BookingNumbers", "Numbers", "booking_number_of", "read_once"]

import datetime as dt
from collections.abc import Iterable, Mapping

from booking_reconcile._checks import MAX_BOOKING_NUMBER
from booking_reconcile._linking import normalized
from booking_reconcile.errors import InputFormatError, quoted
from booking_reconcile.models import (
    CreditNote,
    Document,
    DocumentKey,
    DocumentKind,
    DocumentRef,
    Invoice,
)

from ._payload import Row

#: The export's documents, or a mapping from each document to its booking number.
BookingNumbers = Iterable[Document] | Mapping[DocumentRef, int | None]

_SOURCE = "booking_numbers"


class Numbers:
    """The booking numbers joined in from an export or a mapping, by kind and number.

    A document number is compared as the snapshot compares a reference with it
    (DOMAIN §3.8: white space and case aside), so an overview that writes
    ``2026/5`` joins the API's ``2026 / 5``; two entries that compare equal
    with different booking numbers, or (in an export) different dates, are
    refused, not one of them picked. An export's document joins a row of
    its own date only (:meth:`of`).
    """

    def __init__(self, given: BookingNumbers) -> None:
        entries: Iterable[tuple[DocumentKey, int | None, dt.date | None]]
        # A connector's mapping lists what it sent: a document it never sent has no
        # entry and is not booked. An export lists every document of the period:
        # a document it lacks means the export is incomplete.
        self.complete = not isinstance(given, Mapping)
        if isinstance(given, Mapping):
            entries = ((_ref(ref).key, number, None) for ref, number in given.items())
        elif isinstance(given, (str, bytes)):
            raise _not_numbers(given)
        else:
            entries = ((item.key, item.booking_number, item.date) for item in map(_exported, given))
        self.numbers: dict[DocumentKey, int | None] = {}
        #: The export's date of each document (a mapping gives none).
        self.dates: dict[DocumentKey, dt.date] = {}
        written: dict[DocumentKey, str] = {}
        # The booking number of each spelling: one spelling with two numbers is twice.
        spelled: dict[tuple[DocumentKey, str], int | None] = {}
        for (kind, number), booked, day in entries:
            if booked is not None and not (
                booked.__class__ is int and 0 < booked <= MAX_BOOKING_NUMBER
            ):
                raise InputFormatError(
                    _SOURCE,
                    f"{kind.label} {quoted(number)}: {quoted(booked)} is not a booking number; "
                    "give a whole number of 1 or more (an int), or None for a document never "
                    "booked",
                )
            key = (kind, normalized(number))
            if day is not None and self.dates.setdefault(key, day) != day:
                raise InputFormatError(
                    _SOURCE,
                    f"{kind.label} {quoted(written[key])} is in the export twice, dated "
                    f"{self.dates[key]} and {day}: an export of several departments? export "
                    f"the {kind.plural} overview of one department (the department column "
                    "then chooses one: department=)",
                )
            before = spelled.setdefault((key, number), booked)
            if before != booked:
                raise InputFormatError(
                    _SOURCE,
                    f"{kind.label} {quoted(number)} is in the export twice, with booking numbers "
                    f"{_number_words(before)} and {_number_words(booked)}: an export "
                    f"of several departments (their numbers repeat)? export the {kind.plural} "
                    "overview of one department (the department column then chooses one: "
                    "department=)",
                )
            if key in self.numbers and self.numbers[key] != booked:
                raise InputFormatError(
                    _SOURCE,
                    f"{kind.label} {quoted(written[key])} (booking number "
                    f"{_number_words(self.numbers[key])}) and {quoted(number)} (booking number "
                    f"{_number_words(booked)}) are one number written two ways, so which "
                    f"booking number {'an' if kind is DocumentKind.INVOICE else 'a'} "
                    f"{kind.label} of the answer takes cannot be told; keep the one the "
                    "invoicing tool shows",
                )
            self.numbers[key] = booked
            written.setdefault(key, number)

    def of(
        self, row: Row, kind: DocumentKind, number: str, field: str, day: dt.date, date_field: str
    ) -> int | None:
        """The booking number of the row's document, of ``number`` and dated ``day``.

        A document of the export dated otherwise is another department's (its
        numbers repeat), or the export's dates were read day and month
        swapped: refused, naming both dates.
        """
        key = (kind, normalized(number))
        if key not in self.numbers and not self.complete:
            return None
        if key not in self.numbers:
            raise row.error(
                field,
                f"{kind.label} {quoted(number)} is not in the export of booking numbers "
                f"(booking_numbers=); export the {kind.plural} overview again with every "
                f"{kind.label} of the period and the booking-number column",
            )
        exported = self.dates.get(key)
        if exported is not None and exported != day:
            raise InputFormatError(
                _SOURCE,
                f"{kind.label} {quoted(number)} is dated {exported} in the export but {day} in "
                f"the answers ({row.where}): an export of another department (or its dates "
                f"read with day and month swapped)? export the {kind.plural} overview of the "
                "department the answers are of, with its booking-number column",
                field=date_field,
            )
        return self.numbers[key]


def booking_number_of(
    row: Row, kind: DocumentKind, number: str, field: str, hint: str
) -> int | None:
    """The booking number a connector added to the row at ``field``; ``None`` when null.

    A value that is no whole number is refused naming the document (the
    row's number) and what to write, as the overviews' readers do; a whole
    number out of range, by the model, which names the document too.
    """
    try:
        return row.integer(field, hint)
    except InputFormatError as error:
        if error.reason.startswith("is missing"):
            raise
        raise row.error(
            field,
            f"{kind.label} {quoted(number)}: {error.reason}; write a whole number of 1 or "
            "more, such as 1002 (a JSON number without a fraction, or a text of plain "
            "digits), or null for a document never booked",
        ) from None


def read_once(row: Row, kind: DocumentKind, number: str, field: str, seen: dict[str, Row]) -> None:
    """Refuse a document read twice in the answers of one kind: a page saved twice.

    Rows of other departments are left out before (their numbers repeat);
    the same row twice is a page saved twice, perhaps in place of the next
    one, whose rows are then missing.
    """
    first = seen.setdefault(number, row)
    # Rows that differ (another date) are two documents of one number: the snapshot
    # refuses them, naming both dates.
    if first is not row and first.fields == row.fields:
        raise row.read_twice(
            first,
            field,
            f"{kind.label} {quoted(number)}",
            "the list ends with a page shorter than the page size",
        )


def _ref(key: object) -> DocumentRef:
    """A key of a connector's mapping of booking numbers: a ``DocumentRef``, or refused."""
    if isinstance(key, DocumentRef):
        return key
    raise InputFormatError(
        _SOURCE,
        f"has the key {quoted(key)} ({type(key).__name__}); key the mapping by "
        "DocumentRef(DocumentKind.INVOICE, number) (or CREDIT_NOTE), the document it books",
    )


def _exported(item: object) -> Invoice | CreditNote:
    """An item of an export of booking numbers: a document read from it, or refused."""
    if isinstance(item, (Invoice, CreditNote)):
        return item
    raise _not_numbers(item)


def _not_numbers(value: object) -> InputFormatError:
    return InputFormatError(
        _SOURCE,
        f"holds {quoted(value)} ({type(value).__name__}), not a document; pass the documents "
        "read from the overview's export (read_documents), or a mapping from DocumentRef to "
        "booking number",
    )


def _number_words(number: int | None) -> str:
    return "none" if number is None else str(number)

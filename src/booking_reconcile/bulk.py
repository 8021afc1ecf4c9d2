"""Many records at once: a snapshot from rows of plain values, built with the collector paused.

A connector or a notebook that holds its data as rows (tuples from a
database cursor, a data frame's ``itertuples``, an API client's records)
builds a snapshot of them in one call. Each record is built by its own
constructor, with every check and message, while Python's cyclic garbage
collector is paused: building a large snapshot makes millions of small
objects that all live on, and each of them counts towards the collector's
next run, which walks every tracked object again. Records and snapshots hold
no reference cycles, so the pause loses nothing; the collector runs again,
as it was, when the call returns or raises (``docs/performance.md`` measures
what it saves).

>>> from datetime import date
>>> from booking_reconcile import find_collisions
>>> snapshot = snapshot_from_rows(
...     Integration("70", "71"),
...     documents=[("invoice", "A", date(2026, 1, 5), 1001), ("invoice", "B", date(2026, 1, 6), 1001)],
...     bookings=[("70", 1001, date(2026, 1, 5), "invoice", "A")],
... )
>>> [[document.number for document in c.documents] for c in find_collisions(snapshot)]
[['A', 'B']]

A row of the wrong length, or a kind that is none, is refused naming the row:

>>> documents_from_rows([("order", "A", date(2026, 1, 5), None)])
Traceback (most recent call last):
...
booking_reconcile.errors.InvalidValueError: document row 0: kind 'order' is not a document kind; expected invoice or credit_note (DocumentKind or its value)
"""

from __future__ import annotations

__all__ = ["bookings_from_rows", "documents_from_rows", "snapshot_from_rows"]

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ._collector import pauses_collector
from .errors import InvalidFieldError, InvalidTypeError, InvalidValueError
from .models import (
    DOCUMENT_CLASSES,
    KIND_BY_VALUE,
    Booking,
    Document,
    DocumentKind,
    DocumentRef,
    Integration,
    Journal,
)
from .snapshot import Snapshot

_DOCUMENT_ROW = "4 to 6 values: kind, number, date, booking_number[, journal[, synced_at]]"
_BOOKING_ROW = (
    "3 to 7 values: journal, booking_number, date[, document_kind, document_number"
    "[, reference[, financial_year]]]"
)
_KINDS = KIND_BY_VALUE

#: The record class of each kind and of its value.
_CLASSES: dict[Any, type[Document]] = {kind: DOCUMENT_CLASSES[_KINDS[kind]] for kind in _KINDS}


def _kind(value: object, row: str) -> DocumentKind:
    try:
        return _KINDS[value]
    except (KeyError, TypeError):  # TypeError: a value that cannot be a key (a list)
        raise InvalidValueError(
            row,
            "kind",
            value,
            "is not a document kind",
            "invoice or credit_note (DocumentKind or its value)",
        ) from None


def _refuse_length(row: Sequence[object], name: str, expected: str) -> InvalidValueError:
    return InvalidValueError(name, "row", row, f"has {len(row)} values", expected)


def _iterate(rows: object, name: str, expected: str) -> Iterator[Any]:
    """An iterator over ``rows``, or the refusal of what is not iterable."""
    try:
        return iter(rows)  # type: ignore[call-overload,no-any-return]
    except TypeError:
        raise InvalidTypeError(
            name, "rows", rows, "is not iterable", f"rows of {expected}"
        ) from None


def _refuse_row_type(row: object, position: int, name: str, expected: str) -> None:
    """Refuse a row that is not a tuple or a list (a string, a dict, None)."""
    if not isinstance(row, (tuple, list)):
        raise InvalidTypeError(
            f"{name} row {position}", "row", row, "is not a tuple or a list", expected
        )


@pauses_collector
def documents_from_rows(rows: Iterable[Sequence[Any]]) -> list[Document]:
    """The documents of ``rows``: ``(kind, number, date, booking_number[, journal[, synced_at]])``.

    ``kind`` is a :class:`DocumentKind` or its value (``"invoice"``,
    ``"credit_note"``); the other values are the record's fields, checked by
    its constructor (:class:`Invoice`, :class:`CreditNote`).
    """
    classes = _CLASSES
    documents: list[Document] = []
    append = documents.append
    # A row's position is the number of documents made before it: no counter runs.
    for row in _iterate(rows, "documents", _DOCUMENT_ROW):
        if row.__class__ is tuple:  # the common row: a tuple of four values
            try:
                kind, number, day, booking_number = row
                append(classes[kind](number, day, booking_number))
                continue
            except (ValueError, TypeError, KeyError):
                pass  # another length, a kind that is none, or a record refused: below
        position = len(documents)
        _refuse_row_type(row, position, "document", _DOCUMENT_ROW)
        kind = _kind(row[0] if len(row) else None, f"document row {position}")
        if not 4 <= len(row) <= 6:
            raise _refuse_length(row, f"document row {position}", _DOCUMENT_ROW)
        append(classes[kind](*row[1:]))
    return documents


@pauses_collector
def bookings_from_rows(rows: Iterable[Sequence[Any]]) -> list[Booking]:
    """The bookings of ``rows``.

    A row is ``(journal, booking_number, date[, document_kind,
    document_number[, reference[, financial_year]]])``; a manual booking has
    ``None`` for both document values (or leaves them out). The values are
    the fields of :class:`Booking` and :class:`DocumentRef`, checked by their
    constructors.
    """
    bookings: list[Booking] = []
    append = bookings.append
    # A row's position is the number of bookings made before it: no counter runs.
    for row in _iterate(rows, "bookings", _BOOKING_ROW):
        if row.__class__ is not tuple:
            _refuse_row_type(row, len(bookings), "booking", _BOOKING_ROW)
        size = len(row)
        if size == 3:
            append(Booking(*row))
            continue
        if not 5 <= size <= 7:
            raise _refuse_length(row, f"booking row {len(bookings)}", _BOOKING_ROW)
        if size == 5:  # the common booked row: no list for the rest
            journal, number, day, kind, document_number = row
            rest: Sequence[Any] = ()
        else:
            journal, number, day, kind, document_number, *rest = row
        ref = None
        if kind is not None or document_number is not None:
            if kind.__class__ is not DocumentKind:
                kind = _kind(kind, f"booking row {len(bookings)}")
            try:
                ref = DocumentRef(kind, document_number)
            except InvalidFieldError as error:  # name the row, not a document that is none
                raise type(error)(
                    f"booking row {len(bookings)}",
                    "document_number",
                    document_number,
                    error.problem,
                    f"{error.expected}, or None with document_kind None for a manual booking",
                ) from None
        append(Booking(journal, number, day, ref, *rest))
    return bookings


@pauses_collector
def snapshot_from_rows(
    integration: Integration,
    documents: Iterable[Sequence[Any]],
    bookings: Iterable[Sequence[Any]] | None = None,
    journals: Iterable[Journal] = (),
    *,
    bookings_complete: bool = False,
    documents_complete: bool = False,
    link_by_number: bool = False,
    labels: Mapping[str, str] | None = None,
) -> Snapshot:
    """The :class:`Snapshot` of rows of plain values, built with the collector paused.

    ``documents`` as :func:`documents_from_rows` reads them, ``bookings`` as
    :func:`bookings_from_rows` (``None``: the accounting side was not read);
    the other arguments are :class:`Snapshot`'s. The snapshot is the one
    ``Snapshot(integration, records...)`` builds, with the same checks and
    messages.
    """
    return Snapshot(
        integration,
        documents_from_rows(documents),
        journals,  # as given: Snapshot refuses a text, which tuple() would split into letters
        None if bookings is None else bookings_from_rows(bookings),
        bookings_complete=bookings_complete,
        documents_complete=documents_complete,
        link_by_number=link_by_number,
        labels={} if labels is None else labels,
    )

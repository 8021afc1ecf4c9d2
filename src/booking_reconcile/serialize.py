"""Snapshots as JSON-ready data, and back, exactly.

A snapshot saved as JSON is the whole input of a repair in one file: the
integration's settings, the documents, the journals and (when known) the
bookings. :func:`snapshot_to_dict` gives plain data (ISO dates, enum values,
``None`` for what is unknown) that :func:`json.dumps` writes as it is;
:func:`snapshot_from_dict` reads it back into an equal snapshot.

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot
>>> snapshot = Snapshot(Integration("70", "71"), [Invoice("2026/3", date(2026, 1, 10), 1002)])
>>> data = snapshot_to_dict(snapshot)
>>> data["documents"]
[{'kind': 'invoice', 'number': '2026/3', 'date': '2026-01-10', 'booking_number': 1002, 'journal': None, 'synced_at': None}]
>>> snapshot_from_dict(data) == snapshot
True
>>> snapshot_from_dict({**data, "documents": [{"kind": "invoice", "number": "2026/3"}]})
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: snapshot, field 'documents[0].date': is missing; a document has kind, number, date, booking_number[, journal, synced_at]

The shape, written down (docs/cli.md shows a whole file):

- top level: ``format`` (``"booking_reconcile.snapshot"``) and ``version``
  (``1``), both optional on reading but checked when present;
  ``integration``; ``documents``; ``journals`` (optional, ``[]``) and
  ``bookings`` (optional; ``null`` means the accounting side is unknown,
  ``[]`` that it holds no bookings).
- ``integration``: ``invoice_journal``, ``credit_note_journal``,
  ``start_date`` (optional), ``financial_year_start_month`` (optional, 1).
- a document: ``kind`` (``invoice`` or ``credit_note``), ``number``, ``date``,
  ``booking_number`` (optional), ``journal`` (optional), ``synced_at``
  (optional, ISO 8601 with or without an offset).
- a journal: ``code``, ``numbering`` (optional, ``continuous`` or
  ``per_financial_year``), ``next_booking_number``, ``locked_until``
  (optional).
- a booking: ``journal``, ``booking_number``, ``date``, ``document``
  (optional: ``{"kind": ..., "number": ...}``, or ``null`` for a manual
  booking).

Dates are ``YYYY-MM-DD`` strings, booking numbers JSON integers. Unknown keys
are errors (a misspelt key would otherwise be silently ignored). Errors are
:class:`~booking_reconcile.errors.InputFormatError` naming the path of the
value (``documents[3].booking_number``); a snapshot whose records contradict
each other raises the snapshot's own error, with the source in front.
"""

from __future__ import annotations

__all__ = ["FORMAT", "VERSION", "document_to_dict", "snapshot_from_dict", "snapshot_to_dict"]

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from . import _presentation
from .errors import InconsistentInputError, InputFormatError, InvalidFieldError
from .models import (
    DOCUMENT_CLASSES,
    Booking,
    Document,
    DocumentKind,
    DocumentRef,
    Integration,
    Journal,
    Numbering,
)
from .snapshot import Snapshot

FORMAT = "booking_reconcile.snapshot"
VERSION = 1

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: What ``datetime.isoformat`` writes (and the CSV readers accept): a date *and*
#: a time. ``fromisoformat`` alone would also take a bare date as midnight, or a
#: week date, and so guess a sync time that was never given.
_ISO_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?"
)
_Value = TypeVar("_Value")


# -- writing ----------------------------------------------------------------


@_presentation.to_data.register(Snapshot)
def snapshot_to_dict(snapshot: Snapshot) -> dict[str, Any]:
    """The snapshot as JSON-ready data (see the module's docstring for the shape)."""
    integration = snapshot.integration
    return {
        "format": FORMAT,
        "version": VERSION,
        "integration": {
            "invoice_journal": integration.invoice_journal,
            "credit_note_journal": integration.credit_note_journal,
            "start_date": _iso(integration.start_date),
            "financial_year_start_month": integration.financial_year_start_month,
        },
        "journals": [_journal_to_dict(journal) for journal in snapshot.journals],
        "documents": [document_to_dict(document) for document in snapshot.documents],
        "bookings": None
        if snapshot.bookings is None
        else [booking_to_dict(booking) for booking in snapshot.bookings],
    }


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _journal_to_dict(journal: Journal) -> dict[str, Any]:
    return {
        "code": journal.code,
        "numbering": journal.numbering.value,
        "next_booking_number": journal.next_booking_number,
        "locked_until": _iso(journal.locked_until),
    }


def document_to_dict(document: Document) -> dict[str, Any]:
    """A document as JSON-ready data, as snapshots and plans write it.

    >>> from datetime import date
    >>> from booking_reconcile import Invoice
    >>> document_to_dict(Invoice("2026/5", date(2026, 1, 6), 1002))
    {'kind': 'invoice', 'number': '2026/5', 'date': '2026-01-06', 'booking_number': 1002, 'journal': None, 'synced_at': None}
    """
    return {
        "kind": document.kind.value,
        "number": document.number,
        "date": document.date.isoformat(),
        "booking_number": document.booking_number,
        "journal": document.journal,
        "synced_at": _iso(document.synced_at),
    }


def booking_to_dict(booking: Booking) -> dict[str, Any]:
    """A booking as JSON-ready data, as snapshots and plans write it."""
    document = booking.document
    return {
        "journal": booking.journal,
        "booking_number": booking.booking_number,
        "date": booking.date.isoformat(),
        "document": None
        if document is None
        else {"kind": document.kind.value, "number": document.number},
    }


# -- reading ----------------------------------------------------------------


class _Reader:
    """Reads one object of the data, naming its path in errors."""

    def __init__(self, source: str, path: str, value: Any, keys: str) -> None:
        self.source = source
        self.path = path
        self.keys = keys
        if not isinstance(value, Mapping):
            raise self.error(path, f"is a {_type(value)}, not an object; {keys}")
        self.value: Mapping[str, Any] = value

    def error(self, path: str, message: str) -> InputFormatError:
        return InputFormatError(self.source, message, field=path or None)

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def only(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        """Refuse unknown keys, and missing required ones."""
        for key in self.value:
            if key not in required and key not in optional:
                raise self.error(self._at(str(key)), f"is not a known key; {self.keys}")
        for key in required:
            if key not in self.value:
                raise self.error(self._at(key), f"is missing; {self.keys}")

    def raw(self, key: str) -> Any:
        """The value at ``key`` (``None`` when absent)."""
        return self.value.get(key)

    def text(self, key: str) -> str:
        """A string at ``key``."""
        value = self.raw(key)
        if not isinstance(value, str):
            raise self.error(self._at(key), f"{value!r} is not a string")
        return value

    def optional_text(self, key: str) -> str | None:
        """A string or ``None`` at ``key``."""
        return None if self.raw(key) is None else self.text(key)

    def date(self, key: str) -> dt.date:
        """A ``YYYY-MM-DD`` date at ``key``."""
        value = self.text(key)
        if _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError as error:
                problem = f"{value!r} is not a calendar date ({error})"
                raise self.error(self._at(key), problem) from None
        raise self.error(self._at(key), f"{value!r} is not a date; expected YYYY-MM-DD")

    def optional_date(self, key: str) -> dt.date | None:
        """A date or ``None`` at ``key``."""
        return None if self.raw(key) is None else self.date(key)

    def optional_timestamp(self, key: str) -> dt.datetime | None:
        """An ISO 8601 date and time, or ``None``, at ``key``."""
        if self.raw(key) is None:
            return None
        value = self.text(key)
        if _ISO_TIMESTAMP.fullmatch(value):
            try:
                return dt.datetime.fromisoformat(value)
            except ValueError as error:
                problem = f"{value!r} is not a moment that exists ({error})"
        else:
            problem = f"{value!r} is not an ISO 8601 date and time"
        raise self.error(
            self._at(key),
            f"{problem}; expected the form 2026-01-10T09:30:00 or 2026-01-10T09:30:00+01:00",
        )

    def choice(self, key: str, choices: Callable[[str], _Value], names: str) -> _Value:
        """An enum's value at ``key``."""
        value = self.text(key)
        try:
            return choices(value)
        except ValueError:
            raise self.error(self._at(key), f"{value!r} is not one of {names}") from None

    def items(self, key: str) -> list[Any]:
        """A list at ``key``."""
        value = self.raw(key)
        if not isinstance(value, list):
            raise self.error(self._at(key), f"is a {_type(value)}, not a list")
        return value

    def build(self, build: Callable[[], _Value]) -> _Value:
        """Build a record, naming the path of the value the models refuse."""
        try:
            return build()
        except InvalidFieldError as error:
            raise self.error(self._at(error.field), str(error)) from None


def _type(value: Any) -> str:
    return "null" if value is None else type(value).__name__


_INTEGRATION_KEYS = (
    "an integration has invoice_journal, credit_note_journal"
    "[, start_date, financial_year_start_month]"
)
_DOCUMENT_KEYS = "a document has kind, number, date, booking_number[, journal, synced_at]"
_JOURNAL_KEYS = "a journal has code[, numbering, next_booking_number, locked_until]"
_BOOKING_KEYS = "a booking has journal, booking_number, date[, document]"
_REF_KEYS = "a document reference has kind and number"
_SNAPSHOT_KEYS = "a snapshot has integration, documents[, journals, bookings, format, version]"
_KIND_NAMES = "invoice, credit_note"
_NUMBERING_NAMES = "continuous, per_financial_year"


def snapshot_from_dict(data: Any, *, source: str = "snapshot") -> Snapshot:
    """The snapshot that ``data`` (as :func:`snapshot_to_dict` writes it) describes.

    ``source`` names the data in errors (a file name, say).
    """
    top = _Reader(source, "", data, _SNAPSHOT_KEYS)
    top.only(("integration", "documents"), ("journals", "bookings", "format", "version"))
    if top.raw("format") not in (None, FORMAT):
        raise top.error("format", f"{top.raw('format')!r} is not {FORMAT!r}")
    version = top.raw("version")
    if "version" in top.value and (type(version) is not int or version != VERSION):
        raise top.error(
            "version", f"{top.raw('version')!r} is not a version this library reads ({VERSION})"
        )
    integration = _integration(
        _Reader(source, "integration", top.raw("integration"), _INTEGRATION_KEYS)
    )
    documents = [
        _document(_Reader(source, f"documents[{index}]", item, _DOCUMENT_KEYS))
        for index, item in enumerate(top.items("documents"))
    ]
    journals = [
        _journal(_Reader(source, f"journals[{index}]", item, _JOURNAL_KEYS))
        for index, item in enumerate(top.items("journals") if "journals" in top.value else ())
    ]
    bookings = None
    if top.raw("bookings") is not None:
        bookings = [
            _booking(_Reader(source, f"bookings[{index}]", item, _BOOKING_KEYS))
            for index, item in enumerate(top.items("bookings"))
        ]
    try:
        return Snapshot(integration, documents, journals, bookings)
    except InconsistentInputError as error:
        raise InconsistentInputError(f"{source}: {error}") from None


def _integration(reader: _Reader) -> Integration:
    reader.only(
        ("invoice_journal", "credit_note_journal"), ("start_date", "financial_year_start_month")
    )
    month = reader.raw("financial_year_start_month")
    start_date = reader.optional_date("start_date")
    return reader.build(
        lambda: Integration(
            reader.text("invoice_journal"),
            reader.text("credit_note_journal"),
            start_date,
            1 if month is None else month,
        )
    )


def _document(reader: _Reader) -> Document:
    reader.only(("kind", "number", "date"), ("booking_number", "journal", "synced_at"))
    kind = reader.choice("kind", DocumentKind, _KIND_NAMES)
    day = reader.date("date")
    synced_at = reader.optional_timestamp("synced_at")
    return reader.build(
        lambda: DOCUMENT_CLASSES[kind](
            reader.raw("number"),
            day,
            reader.raw("booking_number"),
            reader.raw("journal"),
            synced_at,
        )
    )


def _journal(reader: _Reader) -> Journal:
    reader.only(("code",), ("numbering", "next_booking_number", "locked_until"))
    numbering = (
        Numbering.CONTINUOUS
        if reader.raw("numbering") is None
        else reader.choice("numbering", Numbering, _NUMBERING_NAMES)
    )
    locked_until = reader.optional_date("locked_until")
    return reader.build(
        lambda: Journal(
            reader.raw("code"), numbering, reader.raw("next_booking_number"), locked_until
        )
    )


def _booking(reader: _Reader) -> Booking:
    reader.only(("journal", "booking_number", "date"), ("document",))
    day = reader.date("date")
    document = None
    if reader.raw("document") is not None:
        ref = _Reader(reader.source, f"{reader.path}.document", reader.raw("document"), _REF_KEYS)
        ref.only(("kind", "number"))
        kind = ref.choice("kind", DocumentKind, _KIND_NAMES)
        document = ref.build(lambda: DocumentRef(kind, ref.raw("number")))
    return reader.build(
        lambda: Booking(reader.raw("journal"), reader.raw("booking_number"), day, document)
    )


@_presentation.loader(Snapshot)
def _load_snapshot(data: Any, source: str) -> Snapshot:
    return snapshot_from_dict(data, source=source)

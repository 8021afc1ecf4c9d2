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
booking_reconcile.errors.InputFormatError: snapshot, field 'documents[0].date': invoice 2026/3: date is missing; a document has kind, number, date, booking_number[, journal, synced_at]

The shape, written down (docs/cli.md shows a whole file):

- top level: ``format`` (``"booking_reconcile.snapshot"``) and ``version``
  (``1``), both optional on reading but checked when present;
  ``integration``; ``documents``; ``journals`` (optional, ``[]``),
  ``bookings`` (optional; ``null`` means the accounting side is unknown,
  ``[]`` that it holds no bookings) and ``bookings_complete`` (optional,
  ``false``; ``true`` says the bookings are the whole accounting side on
  purpose, DOMAIN §3.8), ``documents_complete`` and ``link_by_number``
  (optional, ``false``, the same keywords of :class:`Snapshot`) and ``labels``
  (optional, ``{}``: text keys and values naming the administration).
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
  booking), ``reference`` (optional: the accounting package's reference
  field, Exact Online's "Your ref."), ``financial_year`` (optional, written
  only when known: the financial year the accounting package numbers the
  booking in, Exact Online's ``ReportingYear``).

Dates are ``YYYY-MM-DD`` strings, sync times ISO 8601 moments and booking
numbers JSON integers, in the library's one grammar
(:mod:`booking_reconcile._parsing`; JSON takes dates in ISO form only). Unknown keys
are errors (a misspelt key would otherwise be silently ignored). Errors are
:class:`~booking_reconcile.errors.InputFormatError` naming the path of the
value (``documents[3].booking_number``) and, whichever key is wrong, the
document, booking or journal as its own errors name it (``invoice 2026/7:
date '2026-02-30' is not a calendar date ...``) when its number can be read. A
plan given instead of a snapshot is said to be one. A snapshot whose records
contradict each other raises the snapshot's own error, with the source in front. Data
as :func:`snapshot_to_dict` writes it is read a field at a time over all the
records; anything irregular is read one record at a time, and the errors are
those of that reading either way.

:func:`snapshot_from_json` reads the JSON text itself, refusing what
:func:`json.loads` would let through or turn into a traceback: a key given
twice in one object, an integer of thousands of digits, a lone surrogate
(``"\\ud800"``), nesting too deep.

>>> snapshot_from_json('{"integration": {"invoice_journal": "70", "credit_note_journal": "71"}, '
...     '"documents": [{"kind": "invoice", "number": "\\ud800", "date": "2026-01-10"}]}',
...     source="s.json")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: s.json, field 'documents[0].number': holds a lone surrogate ('\\ud800'), which is no character; write the text as UTF-8 or with a pair of surrogates
"""

from __future__ import annotations

__all__ = [
    "FORMAT",
    "VERSION",
    "booking_to_dict",
    "document_to_dict",
    "snapshot_from_dict",
    "snapshot_from_json",
    "snapshot_to_dict",
]

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

import attrs

from . import _checks, _presentation
from ._collector import pauses_collector
from ._index import index_of
from ._json import ObjectReader, json_data, plain_json_data
from ._json_columns import (
    _BOOKING_READ,
    _DOCUMENT_READ,
    _LISTS,
    _bookings,
    _colons,
    _columns,
    _dates,
    _documents,
)
from .errors import InconsistentInputError, InputFormatError, quoted
from .models import (
    BOOKING_FIELDS,
    DOCUMENT_CLASSES,
    KIND_BY_VALUE,
    Booking,
    CreditNote,
    Document,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
    Numbering,
    restored_record,
)
from .snapshot import Snapshot

FORMAT = "booking_reconcile.snapshot"
VERSION = 1


# -- writing ----------------------------------------------------------------


@_presentation.to_data.register(Snapshot)
def snapshot_to_dict(snapshot: Snapshot) -> dict[str, Any]:
    """The snapshot as JSON-ready data (see the module's docstring for the shape)."""
    index_of(snapshot)  # anything else is refused as plan_repair refuses it
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
        "documents": [_document_data(document) for document in snapshot.documents],
        "bookings": None
        if snapshot.bookings is None
        else [_booking_data(booking) for booking in snapshot.bookings],
        "bookings_complete": snapshot.bookings_complete,
        "documents_complete": snapshot.documents_complete,
        "link_by_number": snapshot.link_by_number,
        "labels": dict(snapshot.labels),
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
    _checks.argument("document", document, (Invoice, CreditNote), "an Invoice or a CreditNote")
    return _document_data(document)


def _document_data(document: Document) -> dict[str, Any]:
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
    _checks.argument("booking", booking, Booking, "a booking_reconcile.Booking")
    return _booking_data(booking)


def _booking_data(booking: Booking) -> dict[str, Any]:
    document = booking.document
    data: dict[str, Any] = {
        "journal": booking.journal,
        "booking_number": booking.booking_number,
        "date": booking.date.isoformat(),
        "document": None
        if document is None
        else {"kind": document.kind.value, "number": document.number},
        "reference": booking.reference,
    }
    if booking.financial_year is not None:
        data["financial_year"] = booking.financial_year
    return data


# -- reading ----------------------------------------------------------------


#: The keys of each object, said in errors (the plan's JSON reads the same objects).
INTEGRATION_KEYS = (
    "an integration has invoice_journal, credit_note_journal"
    "[, start_date, financial_year_start_month]"
)
DOCUMENT_KEYS = "a document has kind, number, date, booking_number[, journal, synced_at]"
_JOURNAL_KEYS = "a journal has code[, numbering, next_booking_number, locked_until]"
BOOKING_KEYS = "a booking has journal, booking_number, date[, document, reference, financial_year]"
_REF_KEYS = "a document reference has kind and number"
_SNAPSHOT_KEYS = (
    "a snapshot has integration, documents[, journals, bookings, bookings_complete, "
    "documents_complete, link_by_number, labels, format, version]"
)
KIND_NAMES = "invoice, credit_note"
#: The format a saved plan names (read and written by :mod:`booking_reconcile.plan_json`).
PLAN_FORMAT = "booking_reconcile.plan"
_NUMBERING_NAMES = "continuous, per_financial_year"


@pauses_collector
def snapshot_from_dict(data: Any, *, source: str = "snapshot") -> Snapshot:
    """The snapshot that ``data`` (as :func:`snapshot_to_dict` writes it) describes.

    ``source`` names the data in errors (a file name, say).
    """
    return _snapshot(_records_at_once(data, source) or _records_one_by_one(data, source), source)


class _Records(NamedTuple):
    """What a snapshot's data gives, read and checked, before the ``Snapshot`` is built."""

    integration: Integration
    documents: list[Document]
    journals: list[Journal]
    bookings: list[Booking] | None
    switches: dict[str, bool]
    labels: dict[str, str]
    #: The colons the data's JSON writes, one per key and those inside its texts
    #: (``plain_json_data``): fewer than the text holds when a key was given twice.
    colons: int


def _snapshot(records: _Records, source: str) -> Snapshot:
    try:
        return Snapshot(
            records.integration,
            records.documents,
            records.journals,
            records.bookings,
            **records.switches,
            labels=records.labels,
        )
    except InconsistentInputError as error:
        raise InconsistentInputError(f"{source}: {error}") from None


def _head(
    data: Any, source: str
) -> tuple[ObjectReader, dict[str, bool], dict[str, str], Integration]:
    """The top object checked, its switches, its labels and its integration."""
    top = ObjectReader(source, "", data, _SNAPSHOT_KEYS)
    _check_format(top)
    top.only(
        ("integration", "documents"),
        (
            "journals",
            "bookings",
            "bookings_complete",
            "documents_complete",
            "link_by_number",
            "labels",
            "format",
            "version",
        ),
    )
    version = top.raw("version")
    if "version" in top.value and (type(version) is not int or version != VERSION):
        raise top.error(
            "version", f"{quoted(version)} is not a version this library reads ({VERSION})"
        )
    switches = {
        key: _switch(top, key)
        for key in ("bookings_complete", "documents_complete", "link_by_number")
    }
    labels = read_labels(top)
    integration = read_integration(
        ObjectReader(source, "integration", top.raw("integration"), INTEGRATION_KEYS)
    )
    return top, switches, labels, integration


def _check_format(top: ObjectReader) -> None:
    """Refuse data of another format before its keys: a plan is said to be one."""
    given = top.raw("format")
    if given == PLAN_FORMAT:
        raise InputFormatError(
            top.source,
            f"is a plan (format {PLAN_FORMAT!r}), not a snapshot; give the snapshot or the "
            "exports it was made from (confirm reads a plan: booking-reconcile confirm PLAN "
            "..., RepairPlan.from_dict in Python)",
        )
    if given not in (None, FORMAT):
        raise top.error("format", f"{quoted(given)} is not {FORMAT!r}")


def _journals(top: ObjectReader) -> list[Journal]:
    return [
        _journal(ObjectReader(top.source, f"journals[{index}]", item, _JOURNAL_KEYS))
        for index, item in enumerate(top.items("journals") if "journals" in top.value else ())
    ]


def _records_one_by_one(data: Any, source: str) -> _Records:
    """The records, each read by an :class:`ObjectReader`: every error names its value."""
    top, switches, labels, integration = _head(data, source)
    documents = [
        read_document(ObjectReader(source, f"documents[{index}]", item, DOCUMENT_KEYS))
        for index, item in enumerate(top.items("documents"))
    ]
    journals = _journals(top)
    bookings = None
    if top.raw("bookings") is not None:
        bookings = [
            read_booking(ObjectReader(source, f"bookings[{index}]", item, BOOKING_KEYS))
            for index, item in enumerate(top.items("bookings"))
        ]
    return _Records(integration, documents, journals, bookings, switches, labels, 0)


# -- reading a snapshot's records at once -----------------------------------------
#
# Data as snapshot_to_dict writes it (each record an object of known keys, each
# value of the expected type) is read a field at a time over all the records:
# each field's values checked in a few passes in C and each distinct date parsed
# once. Records whose every value passes the test their constructor's fast path
# makes (plain ASCII codes, booking numbers in range, ...) are stored into their
# slots a field at a time, without a Python call each (as unpickling does); any
# others are made by their constructors, which check them. Any irregularity (a
# key unknown or missing, a value of another type, a record its constructor
# refuses) gives up, and the records are read one by one, whose errors name the
# value: the reading at once raises nothing, so its errors are always theirs.


def _records_at_once(data: Any, source: str) -> _Records | None:
    """The records of ``data`` read a field at a time, or ``None`` when it is irregular."""
    try:
        top, switches, labels, integration = _head(data, source)
        journals = _journals(top)
        head = {key: value for key, value in top.value.items() if key not in _LISTS}
        colons = _colons(head) + len(top.value) - len(head)  # the lists' keys' colons
        documents, keys = _columns(top.items("documents"), _DOCUMENT_READ)
        colons += keys
        bookings = None
        if top.raw("bookings") is not None:
            bookings, keys = _columns(top.items("bookings"), _BOOKING_READ)
            colons += keys
        dates = _dates(documents["date"], () if bookings is None else bookings["date"])
        built, written = _documents(documents, dates, source)
        colons += written
        booked = None
        if bookings is not None:
            booked, written = _bookings(bookings, dates)
            colons += written
    except Exception:
        # Any error (its own signal, a record's or a reader's, what a value of an
        # unexpected type makes C raise) gives up: the reading one by one then
        # decides, so every error is its own, word for word.
        return None
    return _Records(integration, built, journals, booked, switches, labels, colons)


def _switch(top: ObjectReader, key: str) -> bool:
    """An optional ``true``/``false`` at ``key`` (``false`` when absent)."""
    value = top.raw(key)
    if value is not None and not isinstance(value, bool):
        raise top.error(key, f"{quoted(value)} is not true or false")
    return bool(value)


def read_labels(top: ObjectReader) -> dict[str, str]:
    """The optional ``labels``: an object of text values naming the administration.

    Read from a snapshot, and from a plan, which echoes its snapshot's labels.
    """
    value = top.raw("labels")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise top.error("labels", f"{quoted(value)} is not an object of text values")
    for key, text in value.items():
        if not isinstance(text, str) or not key.strip():
            raise top.error(f"labels.{key}", f"{quoted(text)} is not text under a non-blank key")
    return dict(value)


def read_integration(reader: ObjectReader) -> Integration:
    """The integration the object at ``reader`` describes (also read by the plan's JSON)."""
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


def read_document(reader: ObjectReader) -> Document:
    """The document the object at ``reader`` describes (also read by the plan's JSON)."""
    reader.names(_document_name)
    reader.only(("kind", "number", "date"), ("booking_number", "journal", "synced_at"))
    kind = reader.choice("kind", DocumentKind, KIND_NAMES)
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


def _journal(reader: ObjectReader) -> Journal:
    reader.names(_journal_name)
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


def read_booking(reader: ObjectReader) -> Booking:
    """The booking the object at ``reader`` describes (also read by the plan's JSON)."""
    reader.names(_booking_name)
    reader.only(("journal", "booking_number", "date"), ("document", "reference", "financial_year"))
    day = reader.date("date")
    document = None
    if reader.raw("document") is not None:
        ref = ObjectReader(
            reader.source,
            f"{reader.path}.document",
            reader.raw("document"),
            _REF_KEYS,
            part_of=reader,
        )
        ref.only(("kind", "number"))
        kind = ref.choice("kind", DocumentKind, KIND_NAMES)
        document = ref.build(lambda: DocumentRef(kind, ref.raw("number")))
    return reader.build(
        lambda: Booking(
            reader.raw("journal"),
            reader.raw("booking_number"),
            day,
            document,
            reader.raw("reference"),
            reader.raw("financial_year"),
        )
    )


# -- the records' names in errors (DOMAIN §6), as the records name themselves --------
#
# Worked out only when a value is refused. A record whose number cannot be read
# is named by its position alone (its own error then names the number).


def _document_name(value: Mapping[str, Any]) -> str | None:
    """``invoice 2026/7`` (``document of kind 'bill' 2026/7`` for a kind that is none)."""
    number, kind = value.get("number"), value.get("kind")
    if not isinstance(number, str) or not number.strip():
        return None
    known = KIND_BY_VALUE.get(kind) if isinstance(kind, str) else None
    return restored_record(DocumentRef, (known or kind, number)).record_name()


def _booking_name(value: Mapping[str, Any]) -> str | None:
    """``booking #1001 in journal 70``."""
    number, journal = value.get("booking_number"), value.get("journal")
    if type(number) is not int or not isinstance(journal, str) or not journal.strip():
        return None
    fields = dict.fromkeys(BOOKING_FIELDS)
    fields.update(journal=journal, booking_number=number)
    return restored_record(Booking, tuple(fields.values())).record_name()


def _journal_name(value: Mapping[str, Any]) -> str | None:
    """``journal '70'``."""
    code = value.get("code")
    if not isinstance(code, str) or not code.strip():
        return None
    fields = dict.fromkeys(attrs.fields_dict(Journal))
    fields["code"] = code
    return restored_record(Journal, tuple(fields.values())).record_name()


@_presentation.loader(Snapshot)
def _load_snapshot(data: Any, source: str) -> Snapshot:
    return snapshot_from_dict(data, source=source)


# -- JSON text ----------------------------------------------------------------------


@pauses_collector
def snapshot_from_json(text: str, *, source: str = "snapshot") -> Snapshot:
    """The snapshot that the JSON text ``text`` describes (see the module's docstring).

    A byte order mark before the text is ignored. Errors name ``source`` and,
    where the JSON is malformed, the line.
    """
    _checks.argument("text", text, str, "the JSON text as a str (decode bytes first)")
    data, records = read_snapshot_json(text, source=source)
    return snapshot_from_records(data, records, source=source)


def read_snapshot_json(text: str, *, source: str) -> tuple[Any, _Records | None]:
    """The data of the JSON text ``text``, and its records when they were read at once.

    Text as :func:`json.dumps` writes it is read by :func:`json.loads` and its
    records at once, the colons of the text counted against those of the data
    (a key given twice makes them differ); anything else is read as strictly as
    every file (:func:`~booking_reconcile._json.json_data`), and its records
    are left to :func:`snapshot_from_records` (``None``).
    """
    plain = plain_json_data(text)
    if plain is not None:
        data, colons = plain
        records = _records_at_once(data, source)
        if records is not None and records.colons == colons:
            return data, records
    return json_data(text, source=source), None


@pauses_collector
def snapshot_from_records(data: Any, records: _Records | None, *, source: str) -> Snapshot:
    """The snapshot of :func:`read_snapshot_json`'s answer (its data read now if need be)."""
    if records is None:
        return snapshot_from_dict(data, source=source)
    return _snapshot(records, source)

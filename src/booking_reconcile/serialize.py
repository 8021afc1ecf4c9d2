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
  ``integration``; ``documents``; ``journals`` (optional, ``[]``),
  ``bookings`` (optional; ``null`` means the accounting side is unknown,
  ``[]`` that it holds no bookings) and ``bookings_complete`` (optional,
  ``false``; ``true`` says the bookings are the whole accounting side on
  purpose, DOMAIN §3.8).
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
  field, Exact Online's "Your ref.").

Dates are ``YYYY-MM-DD`` strings, sync times ISO 8601 moments and booking
numbers JSON integers, in the library's one grammar
(:mod:`booking_reconcile._parsing`; JSON takes dates in ISO form only). Unknown keys
are errors (a misspelt key would otherwise be silently ignored). Errors are
:class:`~booking_reconcile.errors.InputFormatError` naming the path of the
value (``documents[3].booking_number``); a snapshot whose records contradict
each other raises the snapshot's own error, with the source in front.

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
    "json_data",
    "snapshot_from_dict",
    "snapshot_from_json",
    "snapshot_to_dict",
]

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, TypeVar

from . import _presentation
from ._collector import pauses_collector
from ._parsing import MAX_DIGITS, parse_iso_date, parse_moment
from .errors import InconsistentInputError, InputFormatError, InvalidFieldError, quoted
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

_SURROGATE = re.compile("[\ud800-\udfff]")
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
        "bookings_complete": snapshot.bookings_complete,
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
        "reference": booking.reference,
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
            raise self.error(self._at(key), f"{quoted(value)} is not a string")
        return value

    def optional_text(self, key: str) -> str | None:
        """A string or ``None`` at ``key``."""
        return None if self.raw(key) is None else self.text(key)

    def date(self, key: str) -> dt.date:
        """A ``YYYY-MM-DD`` date at ``key``."""
        return parse_iso_date(self.text(key), source=self.source, field=self._at(key))

    def optional_date(self, key: str) -> dt.date | None:
        """A date or ``None`` at ``key``."""
        return None if self.raw(key) is None else self.date(key)

    def optional_timestamp(self, key: str) -> dt.datetime | None:
        """An ISO 8601 date and time, or ``None``, at ``key``."""
        if self.raw(key) is None:
            return None
        return parse_moment(self.text(key), source=self.source, field=self._at(key))

    def choice(self, key: str, choices: Callable[[str], _Value], names: str) -> _Value:
        """An enum's value at ``key``."""
        value = self.text(key)
        try:
            return choices(value)
        except ValueError:
            raise self.error(self._at(key), f"{quoted(value)} is not one of {names}") from None

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
_BOOKING_KEYS = "a booking has journal, booking_number, date[, document, reference]"
_REF_KEYS = "a document reference has kind and number"
_SNAPSHOT_KEYS = (
    "a snapshot has integration, documents[, journals, bookings, bookings_complete, format, "
    "version]"
)
_KIND_NAMES = "invoice, credit_note"
_NUMBERING_NAMES = "continuous, per_financial_year"


@pauses_collector
def snapshot_from_dict(data: Any, *, source: str = "snapshot") -> Snapshot:
    """The snapshot that ``data`` (as :func:`snapshot_to_dict` writes it) describes.

    ``source`` names the data in errors (a file name, say).
    """
    top = _Reader(source, "", data, _SNAPSHOT_KEYS)
    top.only(
        ("integration", "documents"),
        ("journals", "bookings", "bookings_complete", "format", "version"),
    )
    if top.raw("format") not in (None, FORMAT):
        raise top.error("format", f"{quoted(top.raw('format'))} is not {FORMAT!r}")
    version = top.raw("version")
    if "version" in top.value and (type(version) is not int or version != VERSION):
        raise top.error(
            "version", f"{quoted(version)} is not a version this library reads ({VERSION})"
        )
    complete = top.raw("bookings_complete")
    if complete is not None and not isinstance(complete, bool):
        raise top.error("bookings_complete", f"{quoted(complete)} is not true or false")
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
        return Snapshot(
            integration, documents, journals, bookings, bookings_complete=bool(complete)
        )
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
    reader.only(("journal", "booking_number", "date"), ("document", "reference"))
    day = reader.date("date")
    document = None
    if reader.raw("document") is not None:
        ref = _Reader(reader.source, f"{reader.path}.document", reader.raw("document"), _REF_KEYS)
        ref.only(("kind", "number"))
        kind = ref.choice("kind", DocumentKind, _KIND_NAMES)
        document = ref.build(lambda: DocumentRef(kind, ref.raw("number")))
    return reader.build(
        lambda: Booking(
            reader.raw("journal"),
            reader.raw("booking_number"),
            day,
            document,
            reader.raw("reference"),
        )
    )


@_presentation.loader(Snapshot)
def _load_snapshot(data: Any, source: str) -> Snapshot:
    return snapshot_from_dict(data, source=source)


# -- JSON text ----------------------------------------------------------------------


class _LongInteger(Exception):
    """An integer of more digits than any value of a snapshot has (private signal)."""

    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _integer(text: str) -> int:
    # Before int(): Python refuses 4,300 digits and more with a plain ValueError.
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _LongInteger(text)
    return int(text)


def snapshot_from_json(text: str, *, source: str = "snapshot") -> Snapshot:
    """The snapshot that the JSON text ``text`` describes (see the module's docstring).

    A byte order mark before the text is ignored. Errors name ``source`` and,
    where the JSON is malformed, the line.
    """
    return snapshot_from_dict(json_data(text, source=source), source=source)


def json_data(text: str, *, source: str) -> Any:
    """The data of the JSON text ``text``, as strictly as the library reads every file.

    A byte order mark is ignored; a key given twice, an integer of more digits
    than any value has, a lone surrogate and nesting past the recursion limit
    are refused with :class:`~booking_reconcile.errors.InputFormatError`.
    """
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, object_pairs_hook=partial(_json_object, source), parse_int=_integer)
    except json.JSONDecodeError as error:
        problem = f"is not valid JSON ({error.msg} at column {error.colno})"
        raise InputFormatError(source, problem, line=error.lineno) from None
    except _LongInteger as error:
        line = text.count("\n", 0, max(text.find(error.digits), 0)) + 1
        raise InputFormatError(
            source,
            f"holds an integer of {len(error.digits.lstrip('-'))} digits; no value of a "
            f"snapshot has more than {MAX_DIGITS}: check the number",
            line=line,
        ) from None
    except RecursionError:
        problem = "nests lists or objects too deeply to be a snapshot"
        raise InputFormatError(source, problem) from None
    _refuse_surrogates(data, source)
    return data


def _json_object(source: str, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (``json`` would keep the last silently)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise InputFormatError(
                source,
                f"is given twice in one object ({quoted(data[key])}, then {quoted(value)}); keep "
                "the one that is right",
                field=key,
            )
        data[key] = value
    return data


def _refuse_surrogates(data: Any, source: str) -> None:
    """Refuse a lone surrogate anywhere in the decoded data: it is no character.

    JSON's ``\\ud800`` escape decodes to one; it could not be written out as
    UTF-8 again, nor printed.
    """
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                raise InputFormatError(
                    source,
                    f"holds a lone surrogate ({quoted(found[0])}), which is no character; "
                    "write the text as UTF-8 or with a pair of surrogates",
                    field=path or None,
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                at = f"{path}.{key}" if path else str(key)
                if _SURROGATE.search(key):
                    raise InputFormatError(
                        source,
                        f"the key {quoted(key)} holds a lone surrogate, which is no character; "
                        "write the text as UTF-8 or with a pair of surrogates",
                        field=path or None,
                    )
                stack.append((at, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(value))

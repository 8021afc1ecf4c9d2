"""CSV readers: the overviews a person exports, read into the models.

An accountant does not type ``Invoice(...)`` ten thousand times: they export
the invoice and credit-note overviews of the invoicing tool (with the
*booking number* column switched on), the journal's entries of the
accounting package, and write down the journals. These readers turn such
exports into records. They take text (a ``str``) or an iterable of lines (an
open file, a list); they never open files themselves.

>>> documents = read_documents(
...     "kind,number,date,booking_number\\n"
...     "invoice,2026/2,2026-01-06,1002\\n"
...     "invoice,2026/3,10-01-2026,1002\\n"
...     "credit_note,C1,2026-01-11,\\n",
...     source="documents.csv",
... )
>>> [str(document) for document in documents]
['invoice 2026/2 of 2026-01-06 #1002', 'invoice 2026/3 of 2026-01-10 #1002', 'credit note C1 of 2026-01-11']
>>> read_documents("Kind,Number,Date\\ninvoice,2026/2,2026-01-06\\n", source="documents.csv")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: documents.csv, line 1: missing column 'booking_number'; the columns are kind, number, date, booking_number[, journal, synced_at] (in any order, header names in any case)
>>> read_documents("kind,number,date,booking_number\\ninvoice,2026/2,2026-02-30,1002\\n")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: documents, line 2, field 'date': '2026-02-30' is not a calendar date (day is out of range for month); write a date that exists as YYYY-MM-DD (2026-01-31) or DD-MM-YYYY (31-01-2026)

What the readers accept (and nothing else):

- The first line is the header. Header names are matched without regard to
  case or surrounding spaces, in any order. A missing required column, an
  unknown column or a column named twice is an error naming it.
- Fields are separated by ``,``; a header line that contains ``;`` and no
  ``,`` switches to ``;`` (the separator of spreadsheet exports in Dutch and
  Belgian locales). Fields may be quoted the CSV way.
- A UTF-8 byte order mark before the header is ignored; Windows (``\\r\\n``)
  and Unix line ends are both read.
- Spaces around a field are removed. A line that is empty, or whose fields
  are all empty (a spreadsheet's trailing ``;;;``), is not a record and is
  skipped; every other line is one record, and none is ever dropped.
- Dates are ``YYYY-MM-DD`` (ISO 8601), or day first as ``DD-MM-YYYY`` with
  dashes. Nothing else is guessed: ``01/02/2026`` (month or day first?),
  two-digit years and impossible dates such as ``2026-02-30`` are refused.
- Booking numbers are plain digits (``1002``); an empty field means the
  document is not booked. Thousands separators (``1.002``, ``1,002``,
  ``1 002``) are refused, not guessed.
- A document (its kind and number) appears on one line of the documents
  file; the same document twice is an error naming both lines.
- Sync times are ISO 8601 date-times (``2026-01-10T09:30:00`` or with an
  offset, ``2026-01-10T09:30:00+01:00``), all of a file with a time zone or
  all without: the two do not compare.

Every error is an :class:`~booking_reconcile.errors.InputFormatError` that
names the source, the line (counted from 1, the header being line 1) and the
field, and says what is expected. A record that the models refuse (a booking
number of ``0``, say) raises the same error with the line, the model's own
message as its reason.
"""

from __future__ import annotations

__all__ = [
    "BOOKING_COLUMNS",
    "DOCUMENT_COLUMNS",
    "JOURNAL_COLUMNS",
    "Columns",
    "parse_booking_number",
    "parse_date",
    "parse_timestamp",
    "read_bookings",
    "read_documents",
    "read_journals",
]

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import attrs
from dateutil import parser as dateutil_parser

from .errors import InputFormatError, InvalidFieldError
from .models import (
    DOCUMENT_CLASSES,
    Booking,
    Document,
    DocumentKey,
    DocumentKind,
    DocumentRef,
    Journal,
    Numbering,
)

# ``[0-9]``, not ``\d``: ``\d`` also matches other scripts' digits (Arabic-Indic
# ones, say), which dateutil would read as numbers instead of refusing.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DAY_FIRST_DATE = re.compile(r"[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}")
_ISO_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?"
)
#: Enough digits for any booking number; longer runs are refused, not parsed.
_DIGITS = re.compile(r"[0-9]{1,30}")

_Record = TypeVar("_Record")


@attrs.frozen
class Columns:
    """The columns of one kind of CSV file: those it needs and those it may have."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    def describe(self) -> str:
        """The columns as the error messages list them."""
        listed = ", ".join(self.required)
        if self.optional:
            listed += f"[, {', '.join(self.optional)}]"
        return listed


DOCUMENT_COLUMNS = Columns(("kind", "number", "date", "booking_number"), ("journal", "synced_at"))
BOOKING_COLUMNS = Columns(
    ("journal", "booking_number", "date"), ("document_kind", "document_number")
)
JOURNAL_COLUMNS = Columns(("code",), ("numbering", "next_booking_number", "locked_until"))


# -- fields -----------------------------------------------------------------


def parse_date(
    text: str,
    *,
    source: str,
    line: int | None = None,
    field: str | None = None,
    day_first: bool = True,
) -> dt.date:
    """A calendar date written ``YYYY-MM-DD`` or (with ``day_first``) ``DD-MM-YYYY``.

    >>> parse_date("2026-01-10", source="x"), parse_date("10-01-2026", source="x")
    (datetime.date(2026, 1, 10), datetime.date(2026, 1, 10))
    >>> parse_date("01/02/2026", source="documents.csv", line=3, field="date")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: documents.csv, line 3, field 'date': '01/02/2026' is not a date in a form this reader accepts; write it as YYYY-MM-DD (2026-01-31) or DD-MM-YYYY (31-01-2026)
    """
    accepted = "YYYY-MM-DD (2026-01-31)"
    if day_first:
        accepted += " or DD-MM-YYYY (31-01-2026)"
    try:
        if _ISO_DATE.fullmatch(text):
            return dateutil_parser.isoparse(text).date()
        if day_first and _DAY_FIRST_DATE.fullmatch(text):
            return dateutil_parser.parse(text, dayfirst=True).date()
    except (ValueError, OverflowError) as error:
        raise InputFormatError(
            source,
            f"{text!r} is not a calendar date ({error}); write a date that exists as {accepted}",
            line=line,
            field=field,
        ) from None
    raise InputFormatError(
        source,
        f"{text!r} is not a date in a form this reader accepts; write it as {accepted}",
        line=line,
        field=field,
    )


def parse_timestamp(
    text: str, *, source: str, line: int | None = None, field: str | None = None
) -> dt.datetime:
    """A moment written in ISO 8601, with or without an offset.

    >>> parse_timestamp("2026-01-10T09:30:00+01:00", source="x")
    datetime.datetime(2026, 1, 10, 9, 30, tzinfo=tzoffset(None, 3600))
    """
    if _ISO_TIMESTAMP.fullmatch(text):
        try:
            return dateutil_parser.isoparse(text)
        except (ValueError, OverflowError) as error:
            problem = f"{text!r} is not a moment that exists ({error})"
    else:
        problem = f"{text!r} is not an ISO 8601 date and time"
    raise InputFormatError(
        source,
        f"{problem}; write it as 2026-01-10T09:30:00, optionally with an offset such as +01:00",
        line=line,
        field=field,
    )


def parse_booking_number(
    text: str, *, source: str, line: int | None = None, field: str | None = None
) -> int:
    """A booking number written as plain digits.

    Whether it is in range (1 or more) is the models' check.

    >>> parse_booking_number("1002", source="x")
    1002
    >>> parse_booking_number("12a", source="bookings.csv", line=4, field="booking_number")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: bookings.csv, line 4, field 'booking_number': '12a' is not a booking number; write a whole number of 1 or more in plain digits, such as 1002
    """
    if _DIGITS.fullmatch(text):
        return int(text)
    raise InputFormatError(
        source,
        f"{text!r} is not a booking number; write a whole number of 1 or more in plain digits, "
        "such as 1002",
        line=line,
        field=field,
    )


def _choice(
    text: str, choices: dict[str, _Record], *, source: str, line: int, field: str
) -> _Record:
    try:
        return choices[text.lower()]
    except KeyError:
        raise InputFormatError(
            source,
            f"{text!r} is not one of {', '.join(choices)}",
            line=line,
            field=field,
        ) from None


_KINDS = {kind.value: kind for kind in DocumentKind}
_NUMBERINGS = {numbering.value: numbering for numbering in Numbering}


# -- rows -------------------------------------------------------------------


@attrs.frozen
class _Row:
    """One record of a CSV file: its fields by column, and where it stands."""

    source: str
    line: int
    fields: dict[str, str]

    def text(self, column: str) -> str:
        """The field of ``column`` (empty when the column is absent)."""
        return self.fields.get(column, "")

    def required(self, column: str) -> str:
        """The field of ``column``, which must not be empty."""
        value = self.text(column)
        if not value:
            raise InputFormatError(
                self.source, "is empty; fill it in", line=self.line, field=column
            )
        return value

    def date(self, column: str) -> dt.date:
        """The field of ``column`` as a calendar date."""
        return parse_date(self.required(column), source=self.source, line=self.line, field=column)

    def optional_date(self, column: str) -> dt.date | None:
        """The field of ``column`` as a calendar date, or ``None`` when empty."""
        return self.date(column) if self.text(column) else None

    def booking_number(self, column: str) -> int:
        """The field of ``column`` as a booking number."""
        value = self.required(column)
        return parse_booking_number(value, source=self.source, line=self.line, field=column)

    def optional_booking_number(self, column: str) -> int | None:
        """The field of ``column`` as a booking number, or ``None`` when empty."""
        return self.booking_number(column) if self.text(column) else None

    def optional_text(self, column: str) -> str | None:
        """The field of ``column``, or ``None`` when empty."""
        return self.text(column) or None


_TEXT_EXPECTED = (
    "pass the text (a str), a file opened in text mode (encoding='utf-8', newline='') "
    "or a list of lines"
)


def _lines(text: str | Iterable[str], source: str) -> Iterator[str]:
    if isinstance(text, str):
        return iter(io.StringIO(text, newline=""))
    # Bytes are iterable too, but of numbers: refuse them rather than read them.
    if isinstance(text, (bytes, bytearray, memoryview)) or not isinstance(text, Iterable):
        raise InputFormatError(source, f"is a {type(text).__name__}, not text; {_TEXT_EXPECTED}")
    return iter(text)


def _rows(text: str | Iterable[str], columns: Columns, source: str) -> Iterator[_Row]:
    lines = _lines(text, source)
    first = next(lines, "")
    if not isinstance(first, str):
        raise InputFormatError(
            source, f"is a {type(first).__name__}, not text; {_TEXT_EXPECTED}", line=1
        )
    header_line = first.removeprefix("\ufeff")
    if not header_line.strip():
        raise InputFormatError(
            source,
            f"has no header line; the first line must name the columns {columns.describe()}",
            line=1,
        )
    delimiter = ";" if ";" in header_line and "," not in header_line else ","
    reader = csv.reader(_chain(header_line, lines), delimiter=delimiter, strict=True)
    try:
        header = _header(next(reader), columns, source)
        for fields in reader:
            if not any(field.strip() for field in fields):
                continue
            if len(fields) != len(header):
                raise InputFormatError(
                    source,
                    f"has {len(fields)} fields but the header has {len(header)} "
                    f"({', '.join(header)}); separate fields with {delimiter!r} and quote "
                    "fields that contain it",
                    line=reader.line_num,
                )
            values = dict(zip(header, (field.strip() for field in fields), strict=True))
            yield _Row(source, reader.line_num, values)
    except csv.Error as error:
        raise InputFormatError(
            source, f"is not valid CSV ({error})", line=reader.line_num
        ) from None


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _header(names: list[str], columns: Columns, source: str) -> list[str]:
    header = [name.strip().lower() for name in names]
    known = (*columns.required, *columns.optional)
    expected = f"the columns are {columns.describe()} (in any order, header names in any case)"
    for name in header:
        if header.count(name) > 1:
            raise InputFormatError(source, f"column {name!r} appears twice; {expected}", line=1)
    unknown = [name for name in header if name not in known]
    if unknown:
        listed = ", ".join(repr(name) for name in unknown)
        plural = "s" if len(unknown) > 1 else ""
        raise InputFormatError(source, f"unknown column{plural} {listed}; {expected}", line=1)
    missing = [name for name in columns.required if name not in header]
    if missing:
        listed = ", ".join(repr(name) for name in missing)
        plural = "s" if len(missing) > 1 else ""
        raise InputFormatError(source, f"missing column{plural} {listed}; {expected}", line=1)
    return header


def _build(row: _Row, build: Callable[[_Row], _Record], columns: dict[str, str]) -> _Record:
    """Build a record from ``row``, naming the line when the models refuse it.

    ``columns`` maps a model's field name to the column it came from, where
    the two differ.
    """
    try:
        return build(row)
    except InvalidFieldError as error:
        field = columns.get(error.field, error.field)
        raise InputFormatError(row.source, str(error), line=row.line, field=field) from None


def _read(
    text: str | Iterable[str],
    columns: Columns,
    source: str,
    build: Callable[[_Row], _Record],
    columns_of_fields: dict[str, str] | None = None,
) -> tuple[_Record, ...]:
    renamed = columns_of_fields or {}
    return tuple(_build(row, build, renamed) for row in _rows(text, columns, source))


# -- documents, bookings, journals --------------------------------------------


def read_documents(text: str | Iterable[str], *, source: str = "documents") -> tuple[Document, ...]:
    """Invoices and credit notes from the invoicing tool's overviews.

    Columns ``kind`` (``invoice`` or ``credit_note``), ``number``, ``date``,
    ``booking_number`` (empty when not booked), and optionally ``journal``
    (empty: the integration's journal for the kind) and ``synced_at``.
    """
    documents: list[Document] = []
    lines: dict[DocumentKey, int] = {}
    # The first line with a sync time without a time zone, and with one.
    zones: dict[bool, tuple[int, str]] = {}
    for row in _rows(text, DOCUMENT_COLUMNS, source):
        document = _build(row, _document, {})
        first = lines.setdefault(document.key, row.line)
        if first != row.line:
            raise InputFormatError(
                source,
                f"{document.record_name()} appears twice, on lines {first} and {row.line}; "
                "each document must be listed once: remove the extra copy",
                line=row.line,
                field="number",
            )
        if document.synced_at is not None:
            _check_zone(row, document, zones)
        documents.append(document)
    return tuple(documents)


def _check_zone(row: _Row, document: Document, zones: dict[bool, tuple[int, str]]) -> None:
    """Refuse sync times with and without a time zone in one file: they do not compare."""
    aware = document.synced_at is not None and document.synced_at.tzinfo is not None
    given = row.text("synced_at")
    zones.setdefault(aware, (row.line, given))
    if (not aware) not in zones:
        return
    line, other = zones[not aware]
    has, lacks = ("has a", "has none") if aware else ("has no", "has one")
    raise InputFormatError(
        row.source,
        f"{document.record_name()}: synced_at {given!r} {has} time zone, but {other!r} on "
        f"line {line} {lacks}; give every synced_at a time zone, or none",
        line=row.line,
        field="synced_at",
    )


def _document(row: _Row) -> Document:
    kind = _choice(row.required("kind"), _KINDS, source=row.source, line=row.line, field="kind")
    synced_at = row.text("synced_at")
    return DOCUMENT_CLASSES[kind](
        row.required("number"),
        row.date("date"),
        row.optional_booking_number("booking_number"),
        row.optional_text("journal"),
        parse_timestamp(synced_at, source=row.source, line=row.line, field="synced_at")
        if synced_at
        else None,
    )


def read_bookings(text: str | Iterable[str], *, source: str = "bookings") -> tuple[Booking, ...]:
    """Bookings from the accounting package's journal entries.

    Columns ``journal``, ``booking_number``, ``date``, and optionally
    ``document_kind`` and ``document_number``: the document the booking books,
    both empty for a manual booking.

    >>> (booking,) = read_bookings(
    ...     "journal;booking_number;date;document_kind;document_number\\r\\n"
    ...     "70;1002;10-01-2026;invoice;2026/3\\r\\n"
    ... )
    >>> str(booking)
    'booking #1002 in journal 70 of 2026-01-10 (for invoice 2026/3)'
    """
    return _read(text, BOOKING_COLUMNS, source, _booking, {"number": "document_number"})


_KIND_FIRST = ("document_kind", "document_number")


def _booking(row: _Row) -> Booking:
    kind_text, number = row.text("document_kind"), row.text("document_number")
    document = None
    if kind_text or number:
        empty, filled = ("document_number", "document_kind") if kind_text else _KIND_FIRST
        if not (kind_text and number):
            raise InputFormatError(
                row.source,
                f"is empty while {filled} is filled in; give both for a booking of a "
                "document, or neither for a manual booking",
                line=row.line,
                field=empty,
            )
        kind = _choice(kind_text, _KINDS, source=row.source, line=row.line, field="document_kind")
        document = DocumentRef(kind, number)
    return Booking(
        row.required("journal"),
        row.booking_number("booking_number"),
        row.date("date"),
        document,
    )


def read_journals(text: str | Iterable[str], *, source: str = "journals") -> tuple[Journal, ...]:
    """Journals as configured in the accounting package.

    Columns ``code``, and optionally ``numbering`` (``continuous``, the
    default when empty, or ``per_financial_year``), ``next_booking_number``
    and ``locked_until`` (the last day of the closed period).

    >>> read_journals("Code,Numbering,Next_Booking_Number\\n70,,1004\\n")
    (Journal(code='70', numbering=Numbering.CONTINUOUS, next_booking_number=1004, locked_until=None),)
    """
    return _read(text, JOURNAL_COLUMNS, source, _journal)


def _journal(row: _Row) -> Journal:
    numbering_text = row.text("numbering")
    numbering = (
        _choice(numbering_text, _NUMBERINGS, source=row.source, line=row.line, field="numbering")
        if numbering_text
        else Numbering.CONTINUOUS
    )
    return Journal(
        row.required("code"),
        numbering,
        row.optional_booking_number("next_booking_number"),
        row.optional_date("locked_until"),
    )

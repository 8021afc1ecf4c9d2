"""CSV and spreadsheet readers: the exports a person makes, read into the models.

An accountant does not type ``Invoice(...)`` ten thousand times: they export
the invoice and credit-note overviews of the invoicing tool (with the
*booking number* column switched on), the journal's entries of the
accounting package, and write down the journals. These readers turn such
exports into records, with the columns the tools themselves write, in
English, Dutch or French. They take text (a ``str``), an iterable of lines
(an open file, a list) or a :class:`Sheet` (:func:`read_sheet` reads an
``.xlsx``); they never open files themselves.

>>> documents = read_documents(
...     "Invoice number;Invoice date;Booking number;Amount\\n"
...     "2026 / 2;06/01/2026;1002;121,00\\n"
...     "2026 / 3;16/01/2026;1002;60,50\\n",
...     kind=DocumentKind.INVOICE,
...     source="invoices.csv",
... )
>>> [str(document) for document in documents]
['invoice 2026 / 2 of 2026-01-06 #1002', 'invoice 2026 / 3 of 2026-01-16 #1002']
>>> ignored_columns("Invoice number;Invoice date;Booking number;Amount\\n", INVOICE_COLUMNS)
('Amount',)
>>> read_documents("Kind,Number,Date\\ninvoice,2026/2,2026-01-06\\n", source="documents.csv")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: documents.csv, line 1: missing column 'booking_number' (a column named booking_number, booking number, booking nr, boekingsnummer, ...); the header has 'Kind', 'Number', 'Date': name the column with --column booking_number=NAME (column_map= in Python)

What the readers accept:

- The first line (row) is the header. Header names are matched ignoring
  case, spaces, ``_``, ``-`` and ``.``, in any order, against the field's own
  name and the names the tools write in English, Dutch and French
  (:data:`DOCUMENT_COLUMNS` and its siblings list them); ``column_map``
  (``{"booking_number": "Booking nr"}``, the command's ``--column``) names a
  column explicitly. Columns that match no field are ignored
  (:func:`ignored_columns` lists them); a field found in two columns, or a
  required field in none, is an error naming them.
- Invoices and credit notes may come from one file with a kind column, or
  from one file each (``kind=``): the invoicing tool exports each overview
  separately.
- Fields are separated by ``,``, or by ``;`` or a tab when the header holds
  more of them than commas (spreadsheets in Dutch and Belgian locales write
  ``;``). Fields may be quoted the CSV way. A UTF-8 byte order mark is
  ignored; ``\\r\\n`` and ``\\n`` line ends both read.
- Spaces around a field are removed. A line whose fields are all empty is
  not a record and is skipped; every other line is one record, never dropped.
- Dates, booking numbers and sync times follow the library's one grammar
  (:mod:`booking_reconcile._parsing`): the date style (ISO, day first or
  month first) is inferred once per file, or given with ``date_style``.
- Every bad line of a file is reported in one error (up to 20 of them, then a
  count), so a file is fixed in one pass; the file is still refused.
- A document (its kind and number) appears once; twice is an error naming
  both lines.

Every error is an :class:`~booking_reconcile.errors.InputFormatError` that
names the source, the line (the header being line 1) and the field, and says
what is expected; a record the models refuse gives the model's message.
"""

from __future__ import annotations

__all__ = [
    "BOOKING_COLUMNS",
    "CREDIT_NOTE_COLUMNS",
    "DOCUMENT_COLUMNS",
    "INVOICE_COLUMNS",
    "JOURNAL_COLUMNS",
    "MAX_PROBLEMS",
    "Columns",
    "DateStyle",
    "Sheet",
    "has_column",
    "ignored_columns",
    "parse_booking_number",
    "parse_date",
    "parse_timestamp",
    "read_bookings",
    "read_documents",
    "read_journals",
    "read_sheet",
]

import csv
import datetime as dt
import importlib
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol, TypeVar

import attrs

from ._collector import pauses_collector
from ._parsing import DateStyle, infer_date_style, parse_booking_number, parse_date, parse_moment
from .errors import InputFormatError, InvalidFieldError, quoted
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

#: The public name of the moment parser, as the readers have always called it.
parse_timestamp = parse_moment

#: At most this many bad lines are described in one error; the rest are counted.
MAX_PROBLEMS = 20

_Record = TypeVar("_Record")


def _normal(name: str) -> str:
    """A header name as matched: no case, spaces, ``_``, ``-`` or ``.``."""
    return re.sub(r"[\s_.\-]+", "", name).casefold()


@attrs.frozen
class Columns:
    """The columns of one kind of file: the fields it needs and may have, and their names.

    ``names`` gives, per field, the header names the tools write for it (in
    English, Dutch and French); the field's own name always matches too.
    """

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    names: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    date_fields: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field, required first."""
        return (*self.required, *self.optional)

    def describe(self) -> str:
        """The fields as the error messages list them."""
        listed = ", ".join(self.required)
        if self.optional:
            listed += f"[, {', '.join(self.optional)}]"
        return listed

    def names_of(self, field: str) -> tuple[str, ...]:
        """The header names that give ``field``: its own name, then the tools' names."""
        return (field, *self.names.get(field, ()))

    def without(self, field: str) -> Columns:
        """These columns, ``field`` optional (a file of one kind needs no kind column)."""
        return attrs.evolve(
            self,
            required=tuple(name for name in self.required if name != field),
            optional=(field, *(name for name in self.optional if name != field)),
        )


_NUMBER_NAMES = (
    "document number",
    "invoice number",
    "credit note number",
    "nr",
    "nummer",
    "documentnummer",
    "factuurnummer",
    "factuurnr",
    "creditnotanummer",
    "creditnotanr",
    "numéro",
    "numéro de facture",
    "numéro de note de crédit",
    "numéro de document",
)
_DATE_NAMES = (
    "document date",
    "invoice date",
    "credit note date",
    "datum",
    "documentdatum",
    "factuurdatum",
    "creditnotadatum",
    "date de facture",
    "date de la facture",
    "date de la note de crédit",
    "date du document",
)
_BOOKING_NUMBER_NAMES = (
    "booking number",
    "booking nr",
    "boekingsnummer",
    "boekingsnr",
    "boekstuknummer",
    "boekstuknr",
    "numéro de comptabilisation",
    "numéro de pièce",
    "n° de pièce",
)
_JOURNAL_NAMES = ("journal code", "dagboek", "dagboekcode", "code journal")
_KIND_NAMES = ("type", "document type", "soort", "documentsoort", "type de document")
_SYNCED_NAMES = ("synced at", "sync time", "gesynchroniseerd op", "synchronisé le")
_REFERENCE_NAMES = (
    "your ref",
    "your reference",
    "uw ref",
    "uw referentie",
    "votre réf",
    "votre référence",
)

DOCUMENT_COLUMNS = Columns(
    ("kind", "number", "date", "booking_number"),
    ("journal", "synced_at"),
    {
        "kind": _KIND_NAMES,
        "number": _NUMBER_NAMES,
        "date": _DATE_NAMES,
        "booking_number": _BOOKING_NUMBER_NAMES,
        "journal": ("journal code", "dagboek", "dagboekcode", "code journal"),
        "synced_at": _SYNCED_NAMES,
    },
    ("date",),
)
#: The columns of a file of invoices only (or credit notes only): no kind column.
INVOICE_COLUMNS = CREDIT_NOTE_COLUMNS = DOCUMENT_COLUMNS.without("kind")
BOOKING_COLUMNS = Columns(
    ("journal", "booking_number", "date"),
    ("document_kind", "document_number", "reference"),
    {
        "journal": _JOURNAL_NAMES,
        "booking_number": (*_BOOKING_NUMBER_NAMES, "entry number"),
        "date": ("entry date", "booking date", "boekdatum", "datum", "date d'écriture"),
        "document_kind": ("document type",),
        "document_number": ("invoice number", "factuurnummer", "numéro de facture"),
        "reference": _REFERENCE_NAMES,
    },
    ("date",),
)
JOURNAL_COLUMNS = Columns(
    ("code",),
    ("numbering", "next_booking_number", "locked_until"),
    {
        "code": ("journal", "journal code", "dagboek", "dagboekcode", "code journal"),
        "numbering": ("nummering", "numérotation"),
        "next_booking_number": (
            "next number",
            "volgend boekstuknummer",
            "volgend nummer",
            "prochain numéro",
        ),
        "locked_until": ("closed until", "afgesloten tot", "clôturé jusqu'au"),
    },
    ("locked_until",),
)

_KINDS = {
    **{_normal(name): DocumentKind.INVOICE for name in ("invoice", "factuur", "facture")},
    **{
        _normal(name): DocumentKind.CREDIT_NOTE
        for name in ("credit_note", "creditnota", "note de crédit", "note de credit", "avoir")
    },
}
_KIND_CHOICES = "invoice, credit_note"
_NUMBERINGS = {
    **{_normal(name): Numbering.CONTINUOUS for name in ("continuous", "doorlopend", "continue")},
    **{
        _normal(name): Numbering.PER_FINANCIAL_YEAR
        for name in ("per_financial_year", "per boekjaar", "par exercice")
    },
}
_NUMBERING_CHOICES = "continuous, per_financial_year"


# -- sheets -----------------------------------------------------------------------


@attrs.frozen
class Sheet:
    """The rows of a spreadsheet as text, the header first (what :func:`read_sheet` gives)."""

    rows: tuple[tuple[str, ...], ...]


def read_sheet(data: bytes, *, source: str = "sheet") -> Sheet:
    """The first worksheet of an ``.xlsx`` file's bytes, as text cells.

    Needs the optional extra ``excel`` (``pip install 'booking_reconcile[excel]'``,
    openpyxl). Date cells become ``YYYY-MM-DD`` (or an ISO moment when they
    hold a time), whole numbers plain digits; everything else its text.
    """
    try:
        openpyxl: Any = importlib.import_module("openpyxl")
    except ImportError:
        raise InputFormatError(
            source,
            "is an Excel workbook, and reading one needs openpyxl: install it with "
            "pip install 'booking_reconcile[excel]', or save the sheet as CSV",
        ) from None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds; all mean "not a workbook"
        raise InputFormatError(
            source,
            f"is not an Excel workbook (.xlsx) that can be read ({type(error).__name__}); "
            "save it again from the spreadsheet program, or as CSV",
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = tuple(
            tuple(_cell(value) for value in row) for row in sheet.iter_rows(values_only=True)
        )
    finally:
        workbook.close()
    return Sheet(rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if not (value.hour or value.minute or value.second or value.microsecond):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- rows -------------------------------------------------------------------------

_Input = str | Iterable[str] | Sheet


@attrs.frozen
class _Row:
    """One record of a file: its fields by field name, and where it stands."""

    source: str
    line: int
    fields: dict[str, str]
    style: DateStyle
    two_digit_years: bool

    def text(self, field: str) -> str:
        """The value of ``field`` (empty when the file has no such column)."""
        return self.fields.get(field, "")

    def required(self, field: str) -> str:
        """The value of ``field``, which must not be empty."""
        value = self.text(field)
        if not value:
            raise InputFormatError(self.source, "is empty; fill it in", line=self.line, field=field)
        return value

    def date(self, field: str) -> dt.date:
        """The value of ``field`` as a calendar date in the file's style."""
        return parse_date(
            self.required(field),
            source=self.source,
            line=self.line,
            field=field,
            style=self.style,
            two_digit_years=self.two_digit_years,
        )

    def optional_date(self, field: str) -> dt.date | None:
        """The value of ``field`` as a date, or ``None`` when empty."""
        return self.date(field) if self.text(field) else None

    def booking_number(self, field: str) -> int:
        """The value of ``field`` as a booking number."""
        value = self.required(field)
        return parse_booking_number(value, source=self.source, line=self.line, field=field)

    def optional_booking_number(self, field: str) -> int | None:
        """The value of ``field`` as a booking number, or ``None`` when empty."""
        return self.booking_number(field) if self.text(field) else None

    def optional_text(self, field: str) -> str | None:
        """The value of ``field``, or ``None`` when empty."""
        return self.text(field) or None

    def choice(self, field: str, choices: Mapping[str, _Record], names: str) -> _Record:
        """The value of ``field``, one of ``choices`` (matched as header names are)."""
        text = self.required(field)
        try:
            return choices[_normal(text)]
        except KeyError:
            raise InputFormatError(
                self.source, f"{quoted(text)} is not one of {names}", line=self.line, field=field
            ) from None


_TEXT_EXPECTED = (
    "pass the text (a str), a file opened in text mode (encoding='utf-8', newline=''), "
    "a list of lines or a Sheet"
)


def _records(text: _Input, source: str) -> Iterator[tuple[int, list[str]]]:
    """The lines of ``text`` as ``(line number, fields)``, the header first."""
    if isinstance(text, Sheet):
        for number, row in enumerate(text.rows, start=1):
            yield number, list(row)
        return
    if isinstance(text, str):
        lines: Iterator[str] = iter(io.StringIO(text, newline=""))
    elif isinstance(text, (bytes, bytearray, memoryview)) or not isinstance(text, Iterable):
        # Bytes are iterable too, but of numbers: refuse them rather than read them.
        raise InputFormatError(source, f"is a {type(text).__name__}, not text; {_TEXT_EXPECTED}")
    else:
        lines = iter(text)
    first = next(lines, "")
    if not isinstance(first, str):
        raise InputFormatError(
            source, f"is a {type(first).__name__}, not text; {_TEXT_EXPECTED}", line=1
        )
    header = first.removeprefix("\ufeff")
    reader = csv.reader(_checked(header, lines, source), delimiter=_delimiter(header), strict=True)
    try:
        for fields in reader:
            yield reader.line_num, fields
    except csv.Error as error:
        raise InputFormatError(
            source, f"is not valid CSV ({error})", line=reader.line_num
        ) from None


def _checked(first: str, rest: Iterator[str], source: str) -> Iterator[str]:
    yield first
    for number, line in enumerate(rest, start=2):
        if not isinstance(line, str):
            raise InputFormatError(
                source, f"is a {type(line).__name__}, not text; {_TEXT_EXPECTED}", line=number
            )
        yield line


def _delimiter(header: str) -> str:
    counts = {delimiter: header.count(delimiter) for delimiter in ("\t", ";", ",")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > counts[","] else ","


@attrs.frozen
class _Header:
    """Which column gives which field, and the columns no field uses."""

    positions: dict[str, int]
    ignored: tuple[str, ...]
    names: tuple[str, ...]


def _match(
    names: list[str], columns: Columns, column_map: Mapping[str, str], source: str
) -> _Header:
    header = [name.strip() for name in names]
    listed = _listed(header)
    for field in column_map:
        if field not in columns.fields:
            raise InputFormatError(
                source,
                f"column_map names the field {quoted(field)}, which this file does not have; "
                f"the fields are {columns.describe()}",
                line=1,
            )
    positions: dict[str, int] = {}
    for field, wanted in column_map.items():
        found = [index for index, name in enumerate(header) if _normal(name) == _normal(wanted)]
        if not found:
            raise InputFormatError(
                source,
                f"has no column {quoted(wanted)}, given for {field}; the header has {listed}",
                line=1,
            )
        if len(found) > 1:
            raise InputFormatError(
                source, f"column {quoted(wanted)} appears twice; keep one", line=1
            )
        positions[field] = found[0]
    lookup = {_normal(name): field for field in columns.fields for name in columns.names_of(field)}
    ignored: list[str] = []
    for index, name in enumerate(header):
        if index in positions.values():
            continue
        known = lookup.get(_normal(name))
        if known is None or known in column_map:
            if name:
                ignored.append(name)
            continue
        field = known
        if field in positions:
            other = header[positions[field]]
            raise InputFormatError(
                source,
                f"columns {quoted(other)} and {quoted(name)} both give {field}; keep one, or "
                f"choose with --column {field}=NAME (column_map= in Python)",
                line=1,
            )
        positions[field] = index
    missing = [field for field in columns.required if field not in positions]
    if missing:
        field = missing[0]
        known = ", ".join(columns.names_of(field)[:4])
        plural = "s" if len(missing) > 1 else ""
        raise InputFormatError(
            source,
            f"missing column{plural} {', '.join(quoted(name) for name in missing)} (a column "
            f"named {known}, ...); the header has {listed}: name the column with "
            f"--column {field}=NAME (column_map= in Python)",
            line=1,
        )
    return _Header(positions, tuple(ignored), tuple(header))


def _listed(header: list[str]) -> str:
    """The header's names as messages list them: quoted, at most ten."""
    if not any(header):
        return "no names"
    shown = ", ".join(quoted(name) for name in header[:10])
    return shown + (f" and {len(header) - 10} more" if len(header) > 10 else "")


@attrs.frozen
class _Problems:
    """The bad lines of one file, reported together."""

    source: str
    errors: list[InputFormatError] = attrs.field(factory=list)

    def add(self, error: InputFormatError) -> None:
        self.errors.append(error)

    def check(self) -> None:
        """Raise the one error that describes every bad line, if there is any."""
        if not self.errors:
            return
        if len(self.errors) == 1:
            raise self.errors[0]
        errors = sorted(self.errors, key=lambda error: error.line or 0)
        described = [_where(error) for error in errors[:MAX_PROBLEMS]]
        rest = len(self.errors) - len(described)
        if rest:
            described.append(f"and {rest} more")
        raise InputFormatError(
            self.source,
            f"{len(self.errors)} lines cannot be read; fix each and read the file again: "
            + " | ".join(described),
        )


def _where(error: InputFormatError) -> str:
    where = "" if error.line is None else f"line {error.line}"
    if error.field is not None:
        where = f"{where}, field {error.field!r}" if where else f"field {error.field!r}"
    return f"{where}: {error.reason}" if where else error.reason


def _rows(
    text: _Input,
    columns: Columns,
    source: str,
    column_map: Mapping[str, str] | None,
    date_style: DateStyle | None,
    two_digit_years: bool,
    problems: _Problems,
) -> list[_Row]:
    """The records of a file as rows of fields, its date style settled."""
    records = _records(text, source)
    first = next(records, None)
    if first is None or not any(name.strip() for name in first[1]):
        raise InputFormatError(
            source,
            f"has no header line; the first line must name the columns {columns.describe()}",
            line=1,
        )
    header = _match(first[1], columns, column_map or {}, source)
    width = len(first[1])
    raw: list[tuple[int, dict[str, str]]] = []
    for line, fields in records:
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != width:
            problems.add(
                InputFormatError(
                    source,
                    f"has {len(fields)} fields but the header has {width}; quote fields that "
                    "contain the separator",
                    line=line,
                )
            )
            continue
        raw.append(
            (line, {field: fields[index].strip() for field, index in header.positions.items()})
        )
    style = date_style or infer_date_style(
        (
            (line, fields[field])
            for line, fields in raw
            for field in columns.date_fields
            if fields.get(field)
        ),
        source=source,
    )
    return [_Row(source, line, fields, style, two_digit_years) for line, fields in raw]


def _build(row: _Row, build: Callable[[_Row], _Record], renamed: Mapping[str, str]) -> _Record:
    """Build a record from ``row``, naming the line when the models refuse it.

    ``renamed`` maps a model's field name to the file's field it came from,
    where the two differ.
    """
    try:
        return build(row)
    except InvalidFieldError as error:
        field = renamed.get(error.field, error.field)
        raise InputFormatError(row.source, str(error), line=row.line, field=field) from None


def _read(
    rows: list[_Row],
    build: Callable[[_Row], _Record],
    problems: _Problems,
    renamed: Mapping[str, str] | None = None,
) -> list[tuple[_Row, _Record]]:
    built = []
    for row in rows:
        try:
            built.append((row, _build(row, build, renamed or {})))
        except InputFormatError as error:
            problems.add(error)
    return built


def _text_header(text: _Input) -> list[str]:
    records = _records(text, "file")
    first = next(records, None)
    return [] if first is None else [name.strip() for name in first[1]]


def ignored_columns(
    text: _Input, columns: Columns, *, column_map: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """The header names of ``text`` that no field of ``columns`` uses (they are ignored)."""
    return _match(_text_header(text), columns, column_map or {}, "file").ignored


def has_column(text: _Input, name: str) -> bool:
    """Whether the header of ``text`` has a column called ``name`` (matched as headers are).

    >>> has_column("Booking nr;Date\\n", "booking-NR"), has_column("a,b\\n", "c")
    (True, False)
    """
    return any(_normal(column) == _normal(name) for column in _text_header(text))


# -- documents, bookings, journals --------------------------------------------------


@pauses_collector
def read_documents(
    text: _Input,
    *,
    source: str = "documents",
    kind: DocumentKind | None = None,
    column_map: Mapping[str, str] | None = None,
    date_style: DateStyle | None = None,
    two_digit_years: bool = False,
) -> tuple[Document, ...]:
    """Invoices and credit notes from the invoicing tool's overviews.

    Fields ``kind`` (``invoice`` or ``credit_note``; not needed when ``kind``
    says the file holds one kind), ``number``, ``date``, ``booking_number``
    (empty when not booked), and optionally ``journal`` (empty: the
    integration's journal for the kind) and ``synced_at``.
    """
    columns = DOCUMENT_COLUMNS if kind is None else DOCUMENT_COLUMNS.without("kind")
    problems = _Problems(source)
    rows = _rows(text, columns, source, column_map, date_style, two_digit_years, problems)
    documents: list[Document] = []
    lines: dict[DocumentKey, int] = {}
    # The first line with a sync time without a time zone, and with one.
    zones: dict[bool, tuple[int, str]] = {}
    for row, document in _read(rows, lambda row: _document(row, kind), problems):
        first = lines.setdefault(document.key, row.line)
        try:
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
        except InputFormatError as error:
            problems.add(error)
            continue
        documents.append(document)
    problems.check()
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
        f"{document.record_name()}: synced_at {quoted(given)} {has} time zone, but "
        f"{quoted(other)} on line {line} {lacks}; give every synced_at a time zone, or none",
        line=row.line,
        field="synced_at",
    )


def _document(row: _Row, kind: DocumentKind | None) -> Document:
    if kind is None:
        kind = row.choice("kind", _KINDS, _KIND_CHOICES)
    elif row.text("kind") and row.choice("kind", _KINDS, _KIND_CHOICES) is not kind:
        raise InputFormatError(
            row.source,
            f"{quoted(row.text('kind'))} in a file of {kind.plural}; give invoices and credit "
            "notes their own files, or read one file with a kind column (no kind=)",
            line=row.line,
            field="kind",
        )
    synced_at = row.text("synced_at")
    return DOCUMENT_CLASSES[kind](
        row.required("number"),
        row.date("date"),
        row.optional_booking_number("booking_number"),
        row.optional_text("journal"),
        parse_moment(synced_at, source=row.source, line=row.line, field="synced_at")
        if synced_at
        else None,
    )


@pauses_collector
def read_bookings(
    text: _Input,
    *,
    source: str = "bookings",
    column_map: Mapping[str, str] | None = None,
    date_style: DateStyle | None = None,
    two_digit_years: bool = False,
    documents: DocumentsSide | None = None,
) -> tuple[Booking, ...]:
    """Bookings from the accounting package's journal entries.

    Fields ``journal``, ``booking_number``, ``date``, and optionally
    ``document_kind`` and ``document_number`` (the document the booking
    books, both empty for a manual booking) and ``reference`` (Exact Online's
    "Your ref.", kept on the booking).

    ``documents`` is the documents side (a snapshot of the same integration,
    without bookings, or anything with its ``documents`` and ``journal_of``). With it, ``document_kind`` may be left out: the kind
    follows from the booking's journal; and a booking without document columns
    finds its document by its reference in its journal. Where that is
    ambiguous (an invoice and a credit note of that number in one journal;
    two bookings with one reference) the line is refused.

    >>> (booking,) = read_bookings(
    ...     "journal;booking_number;date;document_kind;document_number\\r\\n"
    ...     "70;1002;10-01-2026;invoice;2026/3\\r\\n"
    ... )
    >>> str(booking)
    'booking #1002 in journal 70 of 2026-01-10 (for invoice 2026/3)'
    """
    problems = _Problems(source)
    rows = _rows(text, BOOKING_COLUMNS, source, column_map, date_style, two_digit_years, problems)
    finder = None if documents is None else _Finder(documents)
    built = _read(rows, lambda row: _booking(row, finder), problems, {"number": "document_number"})
    bookings = [booking for _, booking in built]
    if finder is not None:
        bookings = finder.link_references(built, problems)
    problems.check()
    return tuple(bookings)


class DocumentsSide(Protocol):
    """What a booking needs to find its document: the documents, and each one's journal."""

    @property
    def documents(self) -> tuple[Document, ...]:
        """The documents."""

    def journal_of(self, document: Document) -> str:
        """The journal code ``document`` is (or would be) booked in."""


class _Finder:
    """The documents of a snapshot by (journal, number): how a booking finds its document."""

    def __init__(self, snapshot: DocumentsSide) -> None:
        self.by_place: dict[tuple[str, str], list[Document]] = {}
        for document in snapshot.documents:
            key = (snapshot.journal_of(document), document.number)
            self.by_place.setdefault(key, []).append(document)

    def find(self, row: _Row, journal: str, number: str, field: str) -> Document | None:
        found = self.by_place.get((journal, number), [])
        if len(found) > 1:
            raise InputFormatError(
                row.source,
                f"{quoted(number)} in journal {journal} may be the invoice or the credit note "
                "of that number (both are booked in that journal); fill in document_kind",
                line=row.line,
                field=field,
            )
        return found[0] if found else None

    def link_references(
        self, built: list[tuple[_Row, Booking]], problems: _Problems
    ) -> list[Booking]:
        """The bookings, those with only a reference linked to the document it names."""
        linked = {booking.document.key for _, booking in built if booking.document is not None}
        by_reference: dict[DocumentKey, int] = {}
        bookings = []
        for row, booking in built:
            if booking.document is None and booking.reference is not None:
                try:
                    document = self.find(row, booking.journal, booking.reference, "reference")
                except InputFormatError as error:
                    problems.add(error)
                    continue
                if document is not None and document.key not in linked:
                    first = by_reference.setdefault(document.key, row.line)
                    if first != row.line:
                        problems.add(_two_references(row, first, booking))
                        continue
                    booking = attrs.evolve(booking, document=document.ref)
            bookings.append(booking)
        return bookings


def _two_references(row: _Row, first: int, booking: Booking) -> InputFormatError:
    return InputFormatError(
        row.source,
        f"has the reference {quoted(booking.reference)} in journal {booking.journal}, as line "
        f"{first} has: which of them the integration made cannot be told from the reference; "
        "add a document_number column to say it (the other is a double booking)",
        line=row.line,
        field="reference",
    )


def _booking(row: _Row, finder: _Finder | None) -> Booking:
    kind_text, number = row.text("document_kind"), row.text("document_number")
    journal = row.required("journal")
    document = None
    if kind_text:
        if not number:
            raise InputFormatError(
                row.source,
                "is empty while document_kind is filled in; give both for a booking of a "
                "document, or neither for a manual booking",
                line=row.line,
                field="document_number",
            )
        document = DocumentRef(row.choice("document_kind", _KINDS, _KIND_CHOICES), number)
    elif number:
        if finder is None:
            raise InputFormatError(
                row.source,
                "is empty while document_number is filled in; give both for a booking of a "
                "document, or neither for a manual booking (with the documents at hand, the "
                "journal tells the kind)",
                line=row.line,
                field="document_kind",
            )
        found = finder.find(row, journal, number, "document_number")
        if found is None:
            raise InputFormatError(
                row.source,
                f"{quoted(number)} is no document booked in journal {journal}; check the "
                "journal codes of the integration (--invoice-journal, --credit-note-journal) "
                "and the document number",
                line=row.line,
                field="document_number",
            )
        document = found.ref
    return Booking(
        journal,
        row.booking_number("booking_number"),
        row.date("date"),
        document,
        row.optional_text("reference"),
    )


@pauses_collector
def read_journals(
    text: _Input,
    *,
    source: str = "journals",
    column_map: Mapping[str, str] | None = None,
    date_style: DateStyle | None = None,
    two_digit_years: bool = False,
) -> tuple[Journal, ...]:
    """Journals as configured in the accounting package.

    Fields ``code``, and optionally ``numbering`` (``continuous``, the
    default when empty, or ``per_financial_year``), ``next_booking_number``
    and ``locked_until`` (the last day of the closed period).

    >>> read_journals("Code,Numbering,Next_Booking_Number\\n70,,1004\\n")
    (Journal(code='70', numbering=Numbering.CONTINUOUS, next_booking_number=1004, locked_until=None),)
    """
    problems = _Problems(source)
    rows = _rows(text, JOURNAL_COLUMNS, source, column_map, date_style, two_digit_years, problems)
    journals = [journal for _, journal in _read(rows, _journal, problems)]
    problems.check()
    return tuple(journals)


def _journal(row: _Row) -> Journal:
    numbering = (
        row.choice("numbering", _NUMBERINGS, _NUMBERING_CHOICES)
        if row.text("numbering")
        else Numbering.CONTINUOUS
    )
    return Journal(
        row.required("code"),
        numbering,
        row.optional_booking_number("next_booking_number"),
        row.optional_date("locked_until"),
    )

"""CSV and spreadsheet readers: the exports a person makes, read into the models.

An accountant does not type ``Invoice(...)`` ten thousand times: they export
the invoice and credit-note overviews of the invoicing tool (with the
*booking number* column switched on), the journal's entries of the
accounting package, and write down the journals. These readers turn such
exports into records, with the columns the tools themselves write, in
English, Dutch or French. They take text (a ``str``), an iterable of lines
(an open file, a list) or a :class:`~booking_reconcile.sheets.Sheet`
(:func:`~booking_reconcile.sheets.read_sheet` reads an ``.xlsx``); they never
open files themselves. The column names they know are in
:mod:`booking_reconcile.columns`.

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

- The header is the first line (row) that names the required columns;
  the lines above it (a title, the date of the export; at most 20) are
  skipped. Header names are matched ignoring
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
  not a record and is skipped; so is a totals line (a word such as Totaal,
  Total or Totaux in its first cell and no date; or, after the last record,
  only amounts and no number or date). Every other line is one record,
  never dropped. :func:`documents_reading` and its siblings say which lines
  were skipped and why (a :class:`~booking_reconcile.reading.Reading`).
- Dates, booking numbers and sync times follow the library's one grammar
  (:mod:`booking_reconcile._parsing`): the date style (ISO, day first or
  month first) is inferred once per file, or given with ``date_style``.
- Every bad line of a file is reported in one error (one a line, up to 20
  of them, then a count), so a file is fixed in one pass; the file is still
  refused.
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
    "Reading",
    "Sheet",
    "Skipped",
    "bookings_reading",
    "documents_reading",
    "has_column",
    "ignored_columns",
    "journals_reading",
    "parse_booking_number",
    "parse_date",
    "parse_timestamp",
    "read_bookings",
    "read_documents",
    "read_journals",
    "read_sheet",
]

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from typing import Protocol

from ._checks import text_option
from ._collector import pauses_collector
from ._entries import _Entries
from ._grammar import reader_options
from ._linking import normalized
from ._parsing import DateStyle, parse_booking_number, parse_date, parse_moment
from ._row_builders import (
    _BOOKING_FIELDS,
    _DEPARTMENT,
    _DIVISION,
    _DOCUMENT_FIELDS,
    _JOURNAL_FIELDS,
    _NUMBER,
    _STATUS,
    _SYNCED,
    _booking,
    _document,
    _journal,
    _reversal_booking,
    document_kind,
    refuse_unread_reversals,
)
from ._selection import DRAFT_STATUSES, _OneValue
from ._tabular import (
    MAX_PROBLEMS,
    FileRows,
    Input,
    Problems,
    Texts,
    find_header,
    header_names,
)
from ._twice import listed_twice
from .columns import (
    BOOKING_COLUMNS,
    CREDIT_NOTE_COLUMNS,
    DOCUMENT_COLUMNS,
    INVOICE_COLUMNS,
    JOURNAL_COLUMNS,
    Columns,
    normal_name,
)
from .errors import InputFormatError, quoted
from .models import (
    Booking,
    CreditNote,
    Document,
    DocumentKind,
    Invoice,
    Journal,
)
from .reading import DRAFT, OTHER_DEPARTMENT, OTHER_DIVISION, Reading, Skipped, grouped
from .sheets import Sheet, read_sheet

#: The public name of the moment parser, as the readers have always called it.
parse_timestamp = parse_moment


def ignored_columns(
    text: Input, columns: Columns, *, column_map: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """The header names of ``text`` that no field of ``columns`` uses (they are ignored)."""
    return find_header(text, columns, column_map or {}).ignored


def has_column(text: Input, name: str) -> bool:
    """Whether the header of ``text`` has a column called ``name`` (matched as headers are).

    >>> has_column("Booking nr;Date\\n", "booking-NR"), has_column("a,b\\n", "c")
    (True, False)
    """
    return any(normal_name(column) == normal_name(name) for column in header_names(text))


@pauses_collector
def read_documents(
    text: Input,
    *,
    source: str = "documents",
    kind: DocumentKind | None = None,
    column_map: Mapping[str, str] | None = None,
    date_style: DateStyle | None = None,
    two_digit_years: bool = False,
    department: str | None = None,
) -> tuple[Document, ...]:
    """Invoices and credit notes from the invoicing tool's overviews.

    The records of :func:`documents_reading` (which also says which lines
    were skipped); see there.
    """
    return documents_reading(
        text,
        source=source,
        kind=kind,
        column_map=column_map,
        date_style=date_style,
        two_digit_years=two_digit_years,
        department=department,
    ).records


@pauses_collector
def documents_reading(
    text: Input,
    *,
    source: str = "documents",
    kind: DocumentKind | None = None,
    column_map: Mapping[str, str] | None = None,
    date_style: DateStyle | None = None,
    two_digit_years: bool = False,
    department: str | None = None,
) -> Reading[Document]:
    """Invoices and credit notes from the invoicing tool's overviews, and the lines skipped.

    Fields ``kind`` (``invoice`` or ``credit_note``; not needed when ``kind``
    says the file holds one kind), ``number``, ``date``, ``booking_number``
    (empty when not booked), and optionally ``journal`` (empty: the
    integration's journal for the kind), ``synced_at``, ``status`` and
    ``department``.

    A row with no number whose status is a draft (``Concept``, ``Draft``,
    ``Brouillon``, ``Ontwerp``) is skipped and counted. A file whose
    department column holds two departments is refused unless
    ``department`` names the one to read; the others' rows are left out and
    counted. A row whose department is empty while others name theirs is
    refused, chosen or not.
    """
    date_style = reader_options(column_map, date_style, two_digit_years)
    kind, department = document_kind(kind), text_option("department", department)
    columns = DOCUMENT_COLUMNS if kind is None else DOCUMENT_COLUMNS.without("kind")
    problems = Problems(source)
    table = FileRows[Document](
        text, columns, source, column_map, date_style, two_digit_years, problems, _DOCUMENT_FIELDS
    )
    departments = _OneValue(table, "department", department, "department", OTHER_DEPARTMENT)
    drafts: list[tuple[str, int]] = []

    def kept(line: int, texts: Texts) -> bool:
        if not departments.keeps(line, texts[_DEPARTMENT]):
            return False
        if not texts[_NUMBER] and table.grammar.normal(texts[_STATUS]) in DRAFT_STATUSES:
            drafts.append((DRAFT, line))
            return False
        return True

    # Without a department or status column, every row is kept.
    selects = table.has("department") or table.has("status")

    documents: list[Document] = []
    # The line of each document, by kind (its class) and number.
    lines: dict[type, dict[str, tuple[int, Document]]] = {Invoice: {}, CreditNote: {}}
    # The first line with a sync time without a time zone, and with one.
    zones: dict[bool, tuple[int, str]] = {}
    for line, texts, document in table.records(partial(_document, kind), kept if selects else None):
        first, copy = lines[document.__class__].setdefault(document.number, (line, document))
        try:
            if first != line:
                raise InputFormatError(
                    source,
                    f"{document.record_name()} appears twice, on lines {first} and {line}; "
                    + listed_twice(copy, document),
                    line=line,
                    field="number",
                )
            if document.synced_at is not None:
                _check_zone(source, line, texts[_SYNCED], document, zones)
        except InputFormatError as error:
            problems.add(error)
            continue
        documents.append(document)
    departments.check()
    problems.check()
    skipped = grouped([*table.skipped, *departments.skipped, *drafts])
    return Reading(source, documents, skipped, departments.named())


def _check_zone(
    source: str, line: int, given: str, document: Document, zones: dict[bool, tuple[int, str]]
) -> None:
    """Refuse sync times with and without a time zone in one file: they do not compare."""
    aware = document.synced_at is not None and document.synced_at.tzinfo is not None
    zones.setdefault(aware, (line, given))
    if (not aware) not in zones:
        return
    other_line, other = zones[not aware]
    has, lacks = ("has a", "has none") if aware else ("has no", "has one")
    raise InputFormatError(
        source,
        f"{document.record_name()}: synced_at {quoted(given)} {has} time zone, but "
        f"{quoted(other)} on line {other_line} {lacks}; give every synced_at a time zone, or none",
        line=line,
        field="synced_at",
    )


@pauses_collector
def read_bookings(
    text: Input,
    *,
    source: str = "bookings",
    column_map: Mapping[str, str] | None = None,
    date_style: DateStyle | None = None,
    two_digit_years: bool = False,
    documents: DocumentsSide | None = None,
    division: str | None = None,
) -> tuple[Booking, ...]:
    """Bookings from the accounting package's journal entries.

    The records of :func:`bookings_reading` (which also says which lines
    were skipped); see there.
    """
    return bookings_reading(
        text,
        source=source,
        column_map=column_map,
        date_style=date_style,
        two_digit_years=two_digit_years,
        documents=documents,
        division=division,
    ).records


@pauses_collector
def bookings_reading(
    text: Input,
    *,
    source: str = "bookings",
    column_map: Mapping[str, str] | None = None,
    date_style: DateStyle | None = None,
    two_digit_years: bool = False,
    documents: DocumentsSide | None = None,
    division: str | None = None,
) -> Reading[Booking]:
    """Bookings from the accounting package's journal entries, and the lines skipped.

    Fields ``journal``, ``booking_number``, ``date``, and optionally
    ``document_kind`` and ``document_number`` (the document the booking
    books, both empty for a manual booking), ``reference`` (Exact Online's
    "Your ref.", kept on the booking), ``financial_year``, ``period`` and
    ``entry_description`` (one row per entry line: see below), ``division``
    and ``reversal`` (Exact Online's ``Reversal``, ``True`` or ``False``: a
    reversal is read as a booking of no document, and ``notes`` name it).

    ``financial_year`` (Exact Online's ``Boekjaar``) is the financial year
    the accounting package numbers the booking in: it is kept on the booking
    (``Booking.financial_year``), and places it in a journal numbered per
    financial year. Rows that share the journal, the financial year and the
    booking number are the lines of one entry, read as one booking when they agree on date,
    reference, period and description (an error naming both lines when not).
    A file whose division (administration) column holds two divisions is
    refused unless ``division`` names the one to read; the others' rows are
    left out and counted. A row whose division is empty while others name
    theirs is refused, chosen or not.

    A booking with ``document_kind`` and ``document_number`` names its
    document. A ``document_number`` without a kind is kept as the booking's
    ``reference``; a row whose ``reference`` column holds another text is
    refused naming both columns, unless ``column_map`` names one of the two,
    which is then read alone (the other is not read). The snapshot links a
    booking's ``reference`` to the document it names by the one linking rule of DOMAIN §3.8
    (compared without white space and case, among the documents whose kind
    goes to the booking's journal; in a shared journal, the one carrying the
    booking's number), like every reader's and adapter's; what it cannot
    link, its evidence findings say. ``documents`` is accepted for
    compatibility and no longer used: the reader does no matching of its own.

    >>> (booking,) = read_bookings(
    ...     "journal;booking_number;date;document_kind;document_number\\r\\n"
    ...     "70;1002;10-01-2026;invoice;2026/3\\r\\n",
    ...     date_style=DateStyle.DAY_FIRST,  # 10-01-2026 fits both styles
    ... )
    >>> str(booking)
    'booking #1002 in journal 70 of 2026-01-10 (for invoice 2026/3)'
    """
    date_style = reader_options(column_map, date_style, two_digit_years)
    division = text_option("division", division)
    problems = Problems(source)
    del documents  # linking is the snapshot's (DOMAIN §3.8)
    table, divisions, rows = _booking_rows(
        text, source, column_map, date_style, two_digit_years, problems, division
    )
    entries = _Entries(table)
    add = entries.adder()
    differs = _two_references(table, column_map or {})
    for line, texts, booking in rows:
        if differs is not None and differs(line, texts):
            continue
        add(line, texts, booking)
    divisions.check()
    bookings = entries.bookings(problems)
    problems.check()
    skipped = grouped([*table.skipped, *divisions.skipped])
    return Reading(source, bookings, skipped, divisions.named(), entries.notes())


def _booking_rows(
    text: Input,
    source: str,
    column_map: Mapping[str, str] | None,
    date_style: DateStyle | None,
    two_digit_years: bool,
    problems: Problems,
    division: str | None,
) -> tuple[FileRows[Booking], _OneValue, Iterator[tuple[int, Texts, Booking]]]:
    """A bookings export's table, its division chooser, and its rows read as bookings."""
    table = FileRows[Booking](
        text,
        BOOKING_COLUMNS,
        source,
        column_map,
        date_style,
        two_digit_years,
        problems,
        _BOOKING_FIELDS,
    )
    refuse_unread_reversals(table)
    divisions = _OneValue(table, "division", division, "division", OTHER_DIVISION)
    rows = table.records(
        _reversal_booking if table.has("reversal") else _booking,
        (lambda line, texts: divisions.keeps(line, texts[_DIVISION]))
        if table.has("division")
        else None,
        {"number": "document_number"},
    )
    return table, divisions, rows


def booking_lines(
    text: Input,
    bookings: Sequence[Booking],
    *,
    source: str = "bookings",
    column_map: Mapping[str, str] | None = None,
    date_style: DateStyle | None = None,
    two_digit_years: bool = False,
    division: str | None = None,
) -> tuple[int, ...]:
    """The line of each of ``bookings`` in the bookings export ``text`` (0 when not found).

    For a message about bookings :func:`bookings_reading` read from ``text``
    with the same options (the rows are read again: only an error needs it).
    A booking is found by its journal, number and date, its first line.
    """
    _, _, rows = _booking_rows(
        text, source, column_map, date_style, two_digit_years, Problems(source), division
    )
    wanted = {(b.journal, b.booking_number, b.date): 0 for b in bookings}
    for line, _, booking in rows:
        key = (booking.journal, booking.booking_number, booking.date)
        if wanted.get(key) == 0:
            wanted[key] = line
    return tuple(wanted[(b.journal, b.booking_number, b.date)] for b in bookings)


def _two_references(
    table: FileRows[Booking], column_map: Mapping[str, str]
) -> Callable[[int, Texts], bool] | None:
    """What refuses a row whose document number and reference columns disagree.

    Both give the text that names the booking's document (a document number
    without a kind is read as the reference): a row filling both with texts
    the linking rule tells apart is refused, naming both columns, unless
    ``column_map`` names one of them, which is then read alone (the other
    left out). ``None``: the file has not both columns, or one is chosen.
    """
    if not (table.has("document_number") and table.has("reference")):
        return None
    for chosen, other in (("reference", "document_number"), ("document_number", "reference")):
        if chosen in column_map and other not in column_map:
            table.leave_out(other)
            return None
    names = table.column("document_number"), table.column("reference")

    def differs(line: int, texts: Texts) -> bool:
        kind, number, reference = texts[_KIND : _REFERENCE + 1]
        if kind or not number or not reference or normalized(number) == normalized(reference):
            return False
        table.problems.add(
            InputFormatError(
                table.source,
                f"columns {quoted(names[0])} (document_number, {quoted(number)}) and "
                f"{quoted(names[1])} (reference, {quoted(reference)}) both give the text that "
                "names the booking's document, and they differ; name the one the invoicing "
                "tool writes its number in with --column reference=NAME or --column "
                "document_number=NAME (column_map= in Python): the other is then not read",
                line=line,
                field="reference",
            )
        )
        return True

    return differs


_KIND, _REFERENCE = _BOOKING_FIELDS.index("document_kind"), _BOOKING_FIELDS.index("reference")
assert _BOOKING_FIELDS.index("document_number") == _KIND + 1 == _REFERENCE - 1


class DocumentsSide(Protocol):
    """What a booking needs to find its document: the documents, and each one's journal."""

    @property
    def documents(self) -> tuple[Document, ...]:
        """The documents."""

    def journal_of(self, document: Document) -> str:
        """The journal code ``document`` is (or would be) booked in."""


@pauses_collector
def read_journals(
    text: Input,
    *,
    source: str = "journals",
    column_map: Mapping[str, str] | None = None,
    date_style: DateStyle | None = None,
    two_digit_years: bool = False,
    division: str | None = None,
) -> tuple[Journal, ...]:
    """Journals as configured in the accounting package.

    The records of :func:`journals_reading`; see there.
    """
    return journals_reading(
        text,
        source=source,
        column_map=column_map,
        date_style=date_style,
        two_digit_years=two_digit_years,
        division=division,
    ).records


@pauses_collector
def journals_reading(
    text: Input,
    *,
    source: str = "journals",
    column_map: Mapping[str, str] | None = None,
    date_style: DateStyle | None = None,
    two_digit_years: bool = False,
    division: str | None = None,
) -> Reading[Journal]:
    """Journals as configured in the accounting package, and the lines skipped.

    Fields ``code``, and optionally ``numbering`` (``continuous``, the
    default when empty, or ``per_financial_year``), ``next_booking_number``,
    ``locked_until`` (the last day of the closed period) and ``division``.

    Each administration (division) has its own journals: a file whose
    division column holds two divisions is refused unless ``division``
    names the one to read, as for bookings (:func:`bookings_reading`); the
    others' rows are left out and counted. A row whose division is empty
    while others name theirs is refused, chosen or not.

    >>> read_journals("Code,Numbering,Next_Booking_Number\\n70,,1004\\n")
    (Journal(code='70', numbering=Numbering.CONTINUOUS, next_booking_number=1004, locked_until=None),)
    """
    date_style = reader_options(column_map, date_style, two_digit_years)
    division = text_option("division", division)
    problems = Problems(source)
    table = FileRows[Journal](
        text,
        JOURNAL_COLUMNS,
        source,
        column_map,
        date_style,
        two_digit_years,
        problems,
        (*_JOURNAL_FIELDS, "division"),
    )
    divisions = _OneValue(table, "division", division, "division", OTHER_DIVISION)
    rows = table.records(
        lambda texts, line, grammar: _journal(texts[:_JOURNAL_DIVISION], line, grammar),
        (lambda line, texts: divisions.keeps(line, texts[_JOURNAL_DIVISION]))
        if table.has("division")
        else None,
    )
    journals = [journal for _, _, journal in rows]
    divisions.check()
    problems.check()
    skipped = grouped([*table.skipped, *divisions.skipped])
    return Reading(source, journals, skipped, divisions.named())


#: Where a journals file's division is, after the fields :func:`_journal` takes.
_JOURNAL_DIVISION = len(_JOURNAL_FIELDS)

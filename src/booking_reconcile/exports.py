"""A snapshot from the export files people have: the overviews, the journals, the bookings.

The command line opens the files; this module makes the snapshot from what
they hold, without opening anything itself: each file is an
:class:`ExportFile` (the name messages give it, and its bytes or a way to
open them; what a file holds is read by :mod:`booking_reconcile._export_files`),
and the options that say how to read them are one
:class:`ExportOptions`. A CSV export is read as a stream, row by row, its
records built as the rows arrive (:class:`~booking_reconcile.decoding.DecodedLines`):
the command never holds a file whole. The snapshot is built once, from every
file together, so that a contradiction between two files names them both.

A file may also hold API answers saved as JSON (Teamleader Focus invoices
and credit notes, Exact Online entries, lines and journals): recognised by
their content (:func:`is_answers`), they are read by
:func:`~booking_reconcile.adapters.read_answers`. What was read is said in
:attr:`ExportReading.notes`: the files read as another encoding than UTF-8,
the lines skipped, the columns ignored, the answers recognised.

>>> from booking_reconcile.models import Integration
>>> exports = Exports(
...     documents=ExportFile(
...         "documents.csv",
...         b"kind,number,date,booking_number\\n"
...         b"invoice,2026/1,2026-01-05,1001\\ninvoice,2026/2,2026-01-06,1001\\n",
...     ),
...     bookings=ExportFile(
...         "bookings.csv",
...         b"journal,booking_number,date,document_number\\n70,1001,2026-01-05,2026/1\\n",
...     ),
... )
>>> reading = snapshot_from_exports(exports, ExportOptions(integration=Integration("70", "71")))
>>> [str(booking) for booking in reading.snapshot.bookings]
["booking #1001 in journal 70 of 2026-01-05 (reference '2026/1')"]
>>> first = reading.snapshot.documents[0]
>>> str(first), reading.snapshot.booking_of(first).booking_number
('invoice 2026/1 of 2026-01-05 #1001', 1001)
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_CREDIT_NOTE_JOURNAL",
    "DEFAULT_INVOICE_JOURNAL",
    "ExportFile",
    "ExportOptions",
    "ExportReading",
    "Exports",
    "decode",
    "is_answers",
    "json_text",
    "snapshot_from_exports",
]

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import attrs

from ._export_files import (
    ExportFile,
    contents,
    decode,
    is_answers,
    json_text,
    numbering_year_notes,
)
from ._headers import header_names
from ._json import json_data
from ._linking import normalized
from ._selection import Administration
from .columns import NAMED_FOR_KIND, normal_name
from .decoding import DecodedLines, decode_export
from .errors import InconsistentInputError, InputFormatError, quoted
from .models import Booking, Document, DocumentKind, Integration, Journal
from .readers import (
    BOOKING_COLUMNS,
    DOCUMENT_COLUMNS,
    JOURNAL_COLUMNS,
    Columns,
    DateStyle,
    Reading,
    Sheet,
    booking_lines,
    bookings_reading,
    documents_reading,
    has_column,
    ignored_columns,
    journals_reading,
)
from .snapshot import Snapshot

if TYPE_CHECKING:
    from .adapters.answers import Answers

#: Journal codes used when the options do not name them: Exact Online's
#: usual sales journal is 70, and Teamleader needs a second sales journal for
#: credit notes; 71 is a common choice. Pass the codes of your administration.
DEFAULT_INVOICE_JOURNAL = "70"
DEFAULT_CREDIT_NOTE_JOURNAL = "71"


@attrs.frozen(kw_only=True)
class Exports:
    """The files of one run: the documents (with a kind column) or the two overviews, and the rest."""

    documents: ExportFile | None = None
    invoices: ExportFile | None = None
    credit_notes: ExportFile | None = None
    journals: ExportFile | None = None
    bookings: ExportFile | None = None


def _column_map(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    return tuple(value.items() if isinstance(value, Mapping) else value)


@attrs.frozen(kw_only=True)
class ExportOptions:
    """How the files are read: the integration, named columns, encoding, dates.

    ``column_map`` maps a field to the column that holds it in the files that
    have a column of that name (the command's ``--column FIELD=NAME``; for
    Teamleader answers, ``booking_number`` names the key a connector added).
    ``encoding`` reads the files that are neither marked nor UTF-8 (default
    cp1252). ``department`` (``--department``) chooses the department of
    documents files holding several, ``division`` (``--division``) the
    division of bookings and journals files (for Exact Online answers, its
    number); the snapshot is labelled with the one chosen as the files write
    it (chosen ``gent``, labelled ``Gent``). A choice no file names chooses no rows: it
    labels the snapshot as given, and a note says so.
    """

    integration: Integration
    column_map: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_column_map)
    encoding: str | None = None
    date_style: DateStyle | None = None
    two_digit_years: bool = False
    bookings_complete: bool = False
    documents_complete: bool = False
    link_by_number: bool = False
    department: str | None = None
    division: str | None = None


@attrs.frozen
class ExportReading:
    """The snapshot the files describe, and notes on what was read.

    The notes name every file read as another encoding than UTF-8, the lines
    each file skipped (above the header, totals, drafts, other departments or
    divisions) and the columns each ignored.
    """

    snapshot: Snapshot
    notes: tuple[str, ...] = ()


#: The role of an answers file given as each kind of documents (``None``: either kind).
_ROLES = {
    None: "documents",
    DocumentKind.INVOICE: "invoices",
    DocumentKind.CREDIT_NOTE: "credit_notes",
}


#: The roles of files that hold documents (the others hold bookings or journals).
_DOCUMENT_ROLES = ("documents", "invoices", "credit_notes")


class _Files:
    """The files read so far: names for messages, notes, and which column mapping each used."""

    def __init__(self, options: ExportOptions) -> None:
        self.options = options
        self.column_map = dict(options.column_map)
        # A --column naming no field is said before anything is read.
        known = {
            field
            for columns in (DOCUMENT_COLUMNS, BOOKING_COLUMNS, JOURNAL_COLUMNS)
            for field in columns.fields
        }
        for field, name in self.column_map.items():
            if field not in known:
                raise InputFormatError(
                    "--column",
                    f"{field}={name!r}: {field!r} is no field; the fields are "
                    f"{', '.join(sorted(known))}",
                )
        self.used: set[str] = set()
        self.names: list[str] = []
        self.notes: list[str] = []
        #: The department and division of the files read so far (DOMAIN §6).
        self.administration = Administration()

    def read(
        self, file: ExportFile, columns: Columns
    ) -> tuple[DecodedLines | Sheet, dict[str, Any]]:
        """The file's contents and the reader's keyword options for a file of ``columns``."""
        text, note = contents(file, self.options.encoding)
        if note is not None:
            self.notes.append(note)
        mapping = {
            field: name
            for field, name in self.column_map.items()
            if field in columns.fields and has_column(text, name)
        }
        self.used.update(f"{field}={name}" for field, name in mapping.items())
        return text, {
            "column_map": mapping,
            "date_style": self.options.date_style,
            "two_digit_years": self.options.two_digit_years,
        }

    def note_read(
        self,
        text: DecodedLines | Sheet,
        columns: Columns,
        reading: Reading[Any],
        options: dict[str, Any],
    ) -> None:
        """Note which lines of a file were skipped and which columns it ignored."""
        self.names.append(reading.source)
        skipped = reading.describe()
        if skipped is not None:
            self.notes.append(skipped)
        self.notes.extend(reading.notes)
        ignored = ignored_columns(text, columns, column_map=options["column_map"])
        if ignored:
            listed = ", ".join(repr(column) for column in ignored)
            self.notes.append(f"{reading.source}: columns ignored: {listed}")

    def answers(self, file: ExportFile, role: str) -> Answers:
        """The records of the API answers ``file`` holds, for ``role`` (an option's files)."""
        # The adapters only for a file of answers (a command reading exports does without).
        from .adapters.answers import read_answers

        data = json_data(json_text(file.read(), file.name), source=file.name)
        key = self.column_map.get("booking_number")
        field = None
        if role in _DOCUMENT_ROLES and key and _has_key(data, key):
            field = key
            self.used.add(f"booking_number={key}")
        # --column reference=KEY: the field of Exact's entries that holds the number.
        reference = self.column_map.get("reference")
        if role == "bookings" and reference and _has_key(data, reference):
            self.used.add(f"reference={reference}")
        else:
            reference = None
        answers = read_answers(
            data,
            role=role,
            source=file.name,
            integration=self.options.integration,
            reference_field=reference or "YourRef",
            booking_number_field=field,
            department=self.options.department,
            division=self._division(file.name) if role in ("bookings", "journals") else None,
        )
        # Only documents have departments: bookings and journals answers (of one
        # division, --division chose it) hold none, and are no department's to refuse.
        chosen = self.options.department is not None and role in _DOCUMENT_ROLES
        if chosen and not answers.documents:
            self._refuse_other_departments(data, role, file.name, field)
        if answers.documents and field is None:
            # Read without booking numbers, every document would be unbooked: a real
            # collision would read as none.
            advice = (
                f"its rows have no key {key!r}, the key --column booking_number names; check "
                "the key as the connector writes it"
                if key
                else "give the overview exported with its booking-number column instead (CSV "
                "or .xlsx), or name the key a connector added to each row with --column "
                "booking_number=KEY"
            )
            raise InputFormatError(
                file.name,
                f"holds {answers.describe()} answers, which have no booking numbers (the "
                f"Teamleader Focus API has none); {advice}",
            )
        if answers.department is not None:
            self.administration.one_department("id", answers.department, file.name)
        self.names.append(file.name)
        self.notes.append(f"{file.name}: read as {answers.describe()} answers")
        self.notes.extend(warning.message for warning in answers.warnings)
        if answers.division is not None:
            self.administration.answers_division(answers.division, file.name)
        return answers

    def _refuse_other_departments(self, data: Any, role: str, name: str, field: str | None) -> None:
        """Refuse answers that hold documents, none of the department chosen.

        The adapter leaves out the rows of other departments; that it left
        out every row means the department was misspelt, or named as the
        export names it, not by its id.
        """
        from .adapters.answers import read_answers

        try:
            every = read_answers(data, role=role, source=name, booking_number_field=field)
        except InputFormatError:
            held = True  # documents of several departments
        else:
            held = bool(every.documents)
        if held:
            raise InputFormatError(
                name,
                f"has no document of the department {self.options.department!r} given with "
                "--department; Teamleader Focus answers name a department by its id "
                "(department.id)",
                field="department.id",
            )

    def _division(self, name: str) -> int | None:
        """``--division`` as Exact Online's division number, for a file of its answers."""
        chosen = self.options.division
        if chosen is None:
            return None
        if not (chosen.isascii() and chosen.isdigit()):
            raise InputFormatError(
                "--division",
                f"{chosen!r} is no Exact Online division: {name} holds API answers, whose "
                "divisions are numbers (such as 123456)",
            )
        return int(chosen)

    def check_all_used(self) -> None:
        """Refuse a --column that no file has: a misspelt name would be ignored silently."""
        for field, name in self.column_map.items():
            if f"{field}={name}" not in self.used:
                raise InputFormatError(
                    "--column",
                    f"{field}={name!r}: no input file has a column {name!r} (and a field "
                    f"{field!r}); check the name as the file's header writes it",
                )


def snapshot_from_exports(exports: Exports, options: ExportOptions) -> ExportReading:
    """The snapshot the export files describe, built once from all of them.

    Each file's encoding is decided on its own (a byte order mark, else
    UTF-8, else ``options.encoding``, else cp1252). ``options.department``
    chooses the department of documents exports holding two, and
    ``options.division`` the division (administration) of bookings and
    journals exports holding two; the rows of the others are left out, and
    said in the notes.
    """
    if exports.documents is None and exports.invoices is None and exports.credit_notes is None:
        raise InputFormatError(
            "booking-reconcile",
            "has no documents to read; give DOCUMENTS (one file of invoices and credit "
            "notes), or --invoices and --credit-notes",
        )
    if options.encoding is not None:
        # A misspelt --encoding is said at once, naming the option, whatever the files hold.
        decode_export(b"", source="--encoding", encoding=options.encoding)
    files = _Files(options)
    integration = options.integration
    documents: list[Document] = []
    for file, kind in (
        (exports.documents, None),
        (exports.invoices, DocumentKind.INVOICE),
        (exports.credit_notes, DocumentKind.CREDIT_NOTE),
    ):
        if file is None:
            continue
        if is_answers(file):
            documents += files.answers(file, _ROLES[kind]).documents or ()
            continue
        columns = DOCUMENT_COLUMNS if kind is None else DOCUMENT_COLUMNS.without("kind")
        text, reading = files.read(file, columns)
        if kind is not None:
            _refuse_named_for_other_kind(text, kind, reading["column_map"], file.name)
        read = documents_reading(
            text, source=file.name, kind=kind, department=options.department, **reading
        )
        documents += read.records
        for _, department, line in read.named:
            files.administration.one_department("name", department, file.name, f" (line {line})")
        files.note_read(text, columns, read, reading)
    journals: tuple[Journal, ...] = ()
    journals_name = []
    if exports.journals is not None and is_answers(exports.journals):
        answers = files.answers(exports.journals, "journals")
        journals = answers.journals or ()
        _check_start_month(integration, answers, exports.journals.name)
        if answers.journals is not None:  # None: only the financial periods
            _check_journal_options(integration, journals, exports.journals.name)
        journals_name = [files.names.pop()]
    elif exports.journals is not None:
        text, reading = files.read(exports.journals, JOURNAL_COLUMNS)
        read_journals = journals_reading(
            text, source=exports.journals.name, division=options.division, **reading
        )
        journals = read_journals.records
        files.administration.one_division(read_journals, "journals")
        files.note_read(text, JOURNAL_COLUMNS, read_journals, reading)
        _check_journal_options(integration, journals, exports.journals.name)
        journals_name = [files.names.pop()]
    bookings = None
    # Where the bookings file's rows are, for a message naming two of them.
    lines_of: Callable[[Sequence[Booking]], str] | None = None
    if exports.bookings is not None and is_answers(exports.bookings):
        # The adapter keeps each entry's reference; the snapshot links it by the one
        # rule of DOMAIN §3.8 (a reference written differently, a kind of document
        # not read: evidence findings, as for an export).
        bookings = files.answers(exports.bookings, "bookings").bookings or ()
        _check_booking_journals(integration, documents, bookings, exports.bookings.name)
    elif exports.bookings is not None:
        name = exports.bookings.name
        text, reading = files.read(exports.bookings, BOOKING_COLUMNS)
        read_bookings = bookings_reading(text, source=name, division=options.division, **reading)
        bookings = read_bookings.records
        lines_of = partial(
            _named_lines, name, text, dict(reading, source=name, division=options.division)
        )
        files.administration.one_division(read_bookings)
        month = integration.financial_year_start_month
        files.notes.extend(numbering_year_notes(name, bookings, month))
        files.note_read(text, BOOKING_COLUMNS, read_bookings, reading)
        _check_booking_journals(integration, documents, bookings, name)
    files.check_all_used()
    labels, notes = files.administration.labels(options.department, options.division)
    files.notes.extend(notes)
    try:
        snapshot = Snapshot(
            integration,
            documents,
            journals,
            bookings,
            bookings_complete=options.bookings_complete,
            documents_complete=options.documents_complete,
            link_by_number=options.link_by_number,
            labels=labels,
        )
    except InconsistentInputError as error:
        # Records of different files contradict each other: name the files
        # (and the lines of two bookings of one number).
        names = [*files.names, *journals_name]
        message = str(error)
        records = [record for record in error.records if isinstance(record, Booking)]
        if lines_of is not None and len(records) == 2:
            dated = f"(dated {records[0].date.isoformat()} and {records[1].date.isoformat()}"
            message = message.replace(dated, f"{dated}; {lines_of(records)}", 1)
        raise InconsistentInputError(
            f"{' + '.join(names)}: {message}", records=error.records
        ) from None
    return ExportReading(snapshot, tuple(files.notes))


def _named_lines(
    name: str, text: DecodedLines | Sheet, reading: dict[str, Any], bookings: Sequence[Booking]
) -> str:
    """Where ``bookings`` are in the bookings file: ``'b.csv, lines 3 and 5'``."""
    lines = [str(line) for line in booking_lines(text, bookings, **reading) if line]
    if not lines:
        return name
    return f"{name}, line{'s' * (len(lines) > 1)} {' and '.join(lines)}"


def _refuse_named_for_other_kind(
    text: DecodedLines | Sheet, kind: DocumentKind, column_map: Mapping[str, str], name: str
) -> None:
    """Refuse a file of one kind whose number column is named for the other kind.

    The option a file is given to says its kind: the invoice overview given
    to ``--credit-notes`` would be read as credit notes. A column named with
    ``--column`` says the person chose it.
    """
    other = DocumentKind.INVOICE if kind is DocumentKind.CREDIT_NOTE else DocumentKind.CREDIT_NOTE
    named = NAMED_FOR_KIND[other.value]
    chosen = {normal_name(column) for column in column_map.values()}
    for column in header_names(text):
        if normal_name(column) in named and normal_name(column) not in chosen:
            raise InputFormatError(
                name,
                f"is given as {kind.plural} ({_KIND_OPTION[kind]}), but its column "
                f"{quoted(column)} is named for {other.plural}: is it the "
                f"{_overview(other)}? Give the {_overview(kind)}, or, if this is it, name its "
                f"number column with --column number={quoted(column)}",
                line=1,
            )


#: The option of each kind's file.
_KIND_OPTION = {DocumentKind.INVOICE: "--invoices", DocumentKind.CREDIT_NOTE: "--credit-notes"}


def _overview(kind: DocumentKind) -> str:
    return f"{kind.label.replace(' ', '-')} overview"


def _has_key(data: Any, key: str) -> bool:
    """Whether a row of the answers ``data`` has ``key`` (the first part of a dotted path)."""
    first = key.split(".", 1)[0]
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, Mapping):
            if first in value:
                return True
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _check_start_month(integration: Integration, answers: Answers, name: str) -> None:
    """Refuse a FinancialPeriods answer whose start month is not the integration's."""
    month = answers.financial_year_start_month
    if month is not None and month != integration.financial_year_start_month:
        raise InputFormatError(
            name,
            f"holds financial periods whose year starts in month {month}, but the "
            f"integration's starts in month {integration.financial_year_start_month} "
            f"(--fy-start-month, default 1); pass --fy-start-month {month}",
        )


def _check_journal_options(
    integration: Integration, journals: tuple[Journal, ...], name: str
) -> None:
    """Refuse an integration journal that the journals file lacks, naming the option."""
    codes = [journal.code for journal in journals]
    for code, option, default in (
        (integration.invoice_journal, "--invoice-journal", DEFAULT_INVOICE_JOURNAL),
        (integration.credit_note_journal, "--credit-note-journal", DEFAULT_CREDIT_NOTE_JOURNAL),
    ):
        if code not in codes:
            raise InputFormatError(
                name,
                f"has no journal {code}, the journal {option} names (default {default}); pass "
                f"{option} with one of {', '.join(codes) or 'its codes'}, or add {code} "
                "to the file",
            )


def _check_booking_journals(
    integration: Integration,
    documents: list[Document],
    bookings: tuple[Booking, ...],
    name: str,
) -> None:
    """Refuse bookings of documents (or naming one) all in other journals than the integration's.

    The options name the wrong journals then; the snapshot would blame each
    booking instead.
    """
    used = {integration.invoice_journal, integration.credit_note_journal}
    used.update(document.journal for document in documents if document.journal)
    codes = {booking.journal for booking in bookings if booking.document is not None}
    referring = [
        (booking.journal, booking.reference)
        for booking in bookings
        if booking.document is None and booking.journal not in codes
    ]
    if referring:
        # References compared as the linking rule compares them (§3.8).
        numbers = {normalized(document.number) for document in documents}
        codes.update(
            journal
            for journal, reference in referring
            if reference is not None and normalized(reference) in numbers
        )
    if codes and not used.intersection(codes):
        raise InputFormatError(
            name,
            f"holds bookings of documents in journal{'s' if len(codes) > 1 else ''} "
            f"{', '.join(sorted(codes))} only, and none in the integration's journals "
            f"({integration.invoice_journal}, {integration.credit_note_journal}); pass "
            "--invoice-journal and --credit-note-journal with the codes of the administration",
        )

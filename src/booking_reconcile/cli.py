"""The ``booking-reconcile`` command: check exports for collisions, and plan the repair.

This is the only module of the library that reads files or writes to the
terminal; everything it computes comes from the library's pure functions, and
everything it prints is rendered by :mod:`booking_reconcile.formats` (this
module measures the terminal and passes the width on).

``booking-reconcile check DOCUMENTS [--bookings F] [--journals F]
[--invoice-journal C] [--credit-note-journal C] [--fy-start-month M]
[--format text|json] [--output FILE] [--quiet]``
prints what was read, each collision's message and each stale document; it
exits 0 when there are none and 1 when there are.

``booking-reconcile plan DOCUMENTS …the same inputs… [--start-date D]
[--policy keep-deleted|rebook-deleted] [--format text|markdown|json|csv]
[--verify] [--output FILE] [--quiet]``
prints the repair plan: as text sized to the terminal (the default, the
summary first), as a Markdown checklist, as JSON, or the bookings to delete
as CSV; ``--verify`` adds the simulated result of the repair and its proof. It
exits 0 when the plan can be carried out (also when nothing collides), 1 when
a blocker makes it infeasible or the proof fails.

``--output FILE`` writes UTF-8 to FILE. Standard output gets ASCII stand-ins
(``->`` for ``→``) for the characters its encoding cannot hold (cp1252,
latin-1, ascii), never an error. Reads and plans that take more than a second
show progress on standard error when it is a terminal (``--quiet``: never).

``booking-reconcile confirm PLAN AFTER [--before BEFORE]`` compares the
snapshot JSON exported after the repair (AFTER) with the plan saved by
``plan --format json`` (PLAN) and, given ``--before``, with the snapshot the
plan was made from; it prints the report and exits 0 when the repair is
confirmed, 1 when a deviation that matters remains.

``DOCUMENTS`` is the CSV (or ``.xlsx``) export of the invoice and credit-note
overviews with a kind column, or a snapshot JSON file (a name ending in
``.json``), which already holds the integration, the journals and the
bookings, so the other input options are refused with it. ``--invoices F``
and ``--credit-notes F`` read the two overviews from a file each, as the
invoicing tool exports them. ``-`` reads a file from standard input; there it
is taken as JSON when its first character (after white space) is ``{``.
``--column FIELD=NAME`` names a column, ``--encoding``, ``--day-first``,
``--month-first`` and ``--two-digit-years`` say how the files are written
(docs/cli.md, "Input files").

Bad input ends in one line on standard error naming the file, the line and the
field, and exit status 2; a defect of the library (a plan that fails its own
proof while being computed) in exit status 3. docs/cli.md shows sessions.
"""

from __future__ import annotations

__all__ = ["DEFAULT_CREDIT_NOTE_JOURNAL", "DEFAULT_INVOICE_JOURNAL", "build_parser", "main"]

import argparse
import codecs
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import __version__, formats
from ._json import json_data
from ._parsing import infer_date_style, parse_date
from .confirm import confirm_repair
from .cutoff import CutoffPolicy
from .errors import (
    BookingReconcileError,
    InconsistentInputError,
    InputFormatError,
    InvalidFieldError,
    UnsoundPlanError,
)
from .models import Booking, Document, DocumentKind, Integration, Journal
from .plan import plan_repair
from .plan_json import plan_from_dict
from .readers import (
    BOOKING_COLUMNS,
    DOCUMENT_COLUMNS,
    JOURNAL_COLUMNS,
    Columns,
    DateStyle,
    Sheet,
    has_column,
    ignored_columns,
    read_bookings,
    read_documents,
    read_journals,
    read_sheet,
)
from .serialize import snapshot_from_dict, snapshot_from_json
from .simulate import simulate
from .snapshot import Snapshot
from .verdict import check_snapshot

#: Journal codes used when the options do not name them: Exact Online's
#: usual sales journal is 70, and Teamleader needs a second sales journal for
#: credit notes; 71 is a common choice. Pass the codes of your administration.
DEFAULT_INVOICE_JOURNAL = "70"
DEFAULT_CREDIT_NOTE_JOURNAL = "71"

STDIN = "-"
_STDIN_NAME = "<stdin>"
_PROG = "booking-reconcile"

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_BAD_INPUT = 2
EXIT_DEFECT = 3

_MONTH = re.compile(r"[0-9]{1,2}")

_SNAPSHOT_OPTIONS = (
    ("invoices", "--invoices"),
    ("credit_notes", "--credit-notes"),
    ("bookings", "--bookings"),
    ("journals", "--journals"),
    ("invoice_journal", "--invoice-journal"),
    ("credit_note_journal", "--credit-note-journal"),
    ("fy_start_month", "--fy-start-month"),
    ("start_date", "--start-date"),
    ("column", "--column"),
    ("encoding", "--encoding"),
    ("date_style", "--day-first/--month-first"),
    ("two_digit_years", "--two-digit-years"),
    ("bookings_complete", "--bookings-complete"),
)
_COLUMN = re.compile(r"([A-Za-z_]+)=(.+)", re.DOTALL)


# -- arguments ----------------------------------------------------------------


def _month(text: str | None) -> int:
    if text is None:
        return 1
    # Not str.isdigit(): it also takes "\u00b2" and other scripts' digits, which
    # int() refuses or reads.
    if _MONTH.fullmatch(text) and 1 <= int(text) <= 12:
        return int(text)
    raise InputFormatError(
        "--fy-start-month", f"{text!r} is not a month; give a number from 1 to 12"
    )


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}; see {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    """The command's argument parser."""
    parser = _Parser(
        prog=_PROG,
        description="Find and repair duplicate booking numbers between an invoicing tool "
        "(Teamleader Focus) and an accounting package (Exact Online).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    inputs = _Parser(add_help=False)
    inputs.add_argument(
        "documents",
        metavar="DOCUMENTS",
        nargs="?",
        help="CSV or .xlsx of invoices and credit notes (with a kind column), a snapshot "
        ".json, or - for standard input",
    )
    inputs.add_argument("--invoices", metavar="F", help="CSV or .xlsx of the invoice overview")
    inputs.add_argument(
        "--credit-notes", metavar="F", help="CSV or .xlsx of the credit-note overview"
    )
    inputs.add_argument(
        "--bookings", metavar="F", help="CSV or .xlsx of the accounting package's bookings"
    )
    inputs.add_argument("--journals", metavar="F", help="CSV or .xlsx of the journals")
    inputs.add_argument(
        "--column",
        metavar="FIELD=NAME",
        action="append",
        help="the column that holds FIELD, in the files that have one called NAME "
        "(repeatable; e.g. booking_number='Booking nr')",
    )
    inputs.add_argument(
        "--encoding", metavar="E", help="the files' text encoding (default utf-8; e.g. cp1252)"
    )
    styles = inputs.add_mutually_exclusive_group()
    styles.add_argument(
        "--day-first",
        dest="date_style",
        action="store_const",
        const=DateStyle.DAY_FIRST,
        help="dates such as 05/01/2026 are 5 January",
    )
    styles.add_argument(
        "--month-first",
        dest="date_style",
        action="store_const",
        const=DateStyle.MONTH_FIRST,
        help="dates such as 05/01/2026 are May 1",
    )
    inputs.add_argument(
        "--two-digit-years",
        action="store_const",
        const=True,
        help="read two-digit years (05-01-26) as 20YY",
    )
    inputs.add_argument(
        "--bookings-complete",
        action="store_const",
        const=True,
        help="the bookings are the whole accounting side on purpose (a journal without "
        "bookings is a warning, not a blocker)",
    )
    inputs.add_argument(
        "--invoice-journal",
        metavar="C",
        help=f"journal code of invoices (default {DEFAULT_INVOICE_JOURNAL})",
    )
    inputs.add_argument(
        "--credit-note-journal",
        metavar="C",
        help=f"journal code of credit notes (default {DEFAULT_CREDIT_NOTE_JOURNAL})",
    )
    inputs.add_argument(
        "--fy-start-month",
        metavar="M",
        help="month (1-12) in which the financial year starts (default 1)",
    )
    check = commands.add_parser(
        "check",
        parents=[inputs],
        help="list collisions and stale documents",
        description="List collisions and stale documents; exit 1 when there are any.",
    )
    _output_options(check, CHECK_FORMATS)
    check.add_argument(
        "--batch",
        action="store_true",
        help="DOCUMENTS is a folder of snapshot .json files or a .jsonl file of snapshots, "
        "one per line: print one JSON line per snapshot, using every core",
    )
    plan = commands.add_parser(
        "plan",
        parents=[inputs],
        help="compute the repair plan",
        description="Compute the repair plan; exit 1 when a blocker makes it infeasible.",
    )
    plan.add_argument(
        "--start-date", metavar="D", help="the integration's recorded start date (YYYY-MM-DD)"
    )
    plan.add_argument(
        "--policy",
        choices=[policy.value for policy in CutoffPolicy],
        default=CutoffPolicy.KEEP_DELETED.value,
        help="how far back the repair goes (default keep-deleted)",
    )
    plan.add_argument(
        "--verify", action="store_true", help="also print the simulated result and its proof"
    )
    confirming = commands.add_parser(
        "confirm",
        help="confirm a repair from the saved plan and a new snapshot",
        description="Compare the snapshot after the repair with the saved plan; exit 1 when "
        "a deviation that matters remains.",
    )
    confirming.add_argument("plan", metavar="PLAN", help="the plan saved by `plan --format json`")
    confirming.add_argument(
        "after", metavar="AFTER", help="snapshot .json of both sides after the repair"
    )
    confirming.add_argument(
        "--before",
        metavar="F",
        help="snapshot .json the plan was made from (checks that nothing before the cutoff changed)",
    )
    _output_options(confirming, ("markdown",))
    _output_options(plan, PLAN_FORMATS)
    return parser


#: The output formats of each command; the first is the default.
CHECK_FORMATS = ("text", "json")
PLAN_FORMATS = ("text", "markdown", "json", "csv")


def _output_options(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=f"default {formats[0]}"
        + ("; csv: the bookings to delete, in order" if "csv" in formats else ""),
    )
    parser.add_argument(
        "--output", metavar="FILE", help="write to FILE (UTF-8) instead of standard output"
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress on standard error for long runs"
    )


# -- input --------------------------------------------------------------------


def _read_bytes(path: str, stdin: TextIO | None) -> tuple[bytes, str]:
    """The bytes of ``path`` (``-``: standard input) and the name errors give it."""
    name = _STDIN_NAME if path == STDIN else path
    if path == STDIN:
        return _read_stdin(stdin), name
    try:
        with open(path, "rb") as file:
            return file.read(), name
    except OSError as error:
        raise InputFormatError(name, f"cannot be read ({error.strerror or error})") from None


def _read_stdin(stdin: TextIO | None) -> bytes:
    """Standard input's bytes (decoded later, as a file's are)."""
    if stdin is None:  # Python sets sys.stdin to None when the process has none
        raise InputFormatError(
            _STDIN_NAME, "is closed; give the file's name instead of -, or pipe the file in"
        )
    stream = getattr(stdin, "buffer", None)
    if stream is None:
        # A text stream without bytes (a test's StringIO): its text is taken as given,
        # but encoded back strictly, so that smuggled surrogates are still refused.
        text = stdin.read()
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise InputFormatError(
                _STDIN_NAME, f"is not UTF-8 text (at character {error.start})"
            ) from None
    data: bytes = stream.read()
    return data


def _decode(data: bytes, name: str, encoding: str | None) -> str:
    """``data`` as text in ``encoding`` (UTF-8 by default), naming the line that is not."""
    chosen = encoding or "utf-8"
    try:
        return data.decode(chosen)
    except LookupError:
        raise InputFormatError(
            "--encoding", f"{chosen!r} is not an encoding Python knows; try utf-8 or cp1252"
        ) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start : error.start + 1].hex()
        shown = "UTF-8" if encoding is None else repr(chosen)
        hint = (
            "; pass --encoding cp1252 if the file was saved from Excel on Windows, or save it as "
            "UTF-8"
            if encoding is None
            else "; pass the --encoding the file was saved in"
        )
        raise InputFormatError(
            name, f"is not {shown} text (byte 0x{bad} cannot be read){hint}", line=line
        ) from None


def _is_xlsx(path: str, data: bytes) -> bool:
    return Path(path).suffix.lower() == ".xlsx" or (path == STDIN and data[:2] == b"PK")


def _read_file(
    path: str, stdin: TextIO | None, arguments: argparse.Namespace
) -> tuple[str | Sheet, str]:
    """The contents of an input file (text, or a spreadsheet's rows) and its name."""
    data, name = _read_bytes(path, stdin)
    if _is_xlsx(path, data):
        return read_sheet(data, source=name), name
    return _decode(data, name, arguments.encoding).removeprefix("\ufeff"), name


def _is_json(path: str, text: str | Sheet) -> bool:
    if isinstance(text, Sheet):
        return False
    if path == STDIN:
        return text.lstrip(" \t\r\n").startswith("{")
    return Path(path).suffix.lower() == ".json"


def _column_map(arguments: argparse.Namespace) -> dict[str, str]:
    """The ``--column FIELD=NAME`` options as a mapping."""
    mapping: dict[str, str] = {}
    for given in arguments.column or ():
        matched = _COLUMN.fullmatch(given)
        if not matched:
            raise InputFormatError(
                "--column",
                f"{given!r} is not FIELD=NAME; write, for example, "
                "--column booking_number='Booking nr'",
            )
        mapping[matched[1]] = matched[2].strip()
    return mapping


class _Files:
    """The input files read so far: names for messages, and which --column each used."""

    def __init__(self, arguments: argparse.Namespace) -> None:
        self.arguments = arguments
        self.column_map = _column_map(arguments)
        self.used: set[str] = set()
        self.names: list[str] = []
        self.notes: list[str] = []

    def options(self, text: str | Sheet, columns: Columns) -> dict[str, Any]:
        """The reader's keyword options for a file of ``columns``."""
        mapping = {
            field: name
            for field, name in self.column_map.items()
            if field in columns.fields and has_column(text, name)
        }
        self.used.update(f"{field}={name}" for field, name in mapping.items())
        return {
            "column_map": mapping,
            "date_style": self.arguments.date_style,
            "two_digit_years": bool(self.arguments.two_digit_years),
        }

    def note_ignored(self, text: str | Sheet, columns: Columns, name: str, options: Any) -> None:
        """Note which columns of a file are ignored (said once every file is read)."""
        self.names.append(name)
        ignored = ignored_columns(text, columns, column_map=options["column_map"])
        if ignored:
            listed = ", ".join(repr(column) for column in ignored)
            self.notes.append(f"{_PROG}: note: {name}: columns ignored: {listed}")

    def check_all_used(self) -> None:
        """Refuse a --column that no file has: a misspelt name would be ignored silently."""
        for field, name in self.column_map.items():
            if f"{field}={name}" not in self.used:
                raise InputFormatError(
                    "--column",
                    f"{field}={name!r}: no input file has a column {name!r} (and a field "
                    f"{field!r}); check the name as the file's header writes it",
                )


def load_snapshot(arguments: argparse.Namespace, stdin: TextIO | None) -> Snapshot:
    """The snapshot the command's input options describe."""
    _refuse_stdin_twice(arguments)
    if arguments.documents is None and arguments.invoices is None and not arguments.credit_notes:
        raise InputFormatError(
            _PROG,
            "has no documents to read; give DOCUMENTS (one file of invoices and credit "
            "notes), or --invoices and --credit-notes",
        )
    files = _Files(arguments)
    documents: list[Document] = []
    for path, kind in (
        (arguments.documents, None),
        (arguments.invoices, DocumentKind.INVOICE),
        (arguments.credit_notes, DocumentKind.CREDIT_NOTE),
    ):
        if path is None:
            continue
        text, name = _read_file(path, stdin, arguments)
        if kind is None and _is_json(path, text):
            assert isinstance(text, str)
            _refuse_options_with_json(arguments, name)
            return snapshot_from_json(text, source=name)
        columns = DOCUMENT_COLUMNS if kind is None else DOCUMENT_COLUMNS.without("kind")
        options = files.options(text, columns)
        documents += read_documents(text, source=name, kind=kind, **options)
        files.note_ignored(text, columns, name, options)
    journals: tuple[Journal, ...] = ()
    integration = _integration(arguments)
    journals_name = []
    if arguments.journals is not None:
        text, name = _read_file(arguments.journals, stdin, arguments)
        options = files.options(text, JOURNAL_COLUMNS)
        journals = read_journals(text, source=name, **options)
        files.note_ignored(text, JOURNAL_COLUMNS, name, options)
        _check_journal_options(integration, journals, name)
        journals_name = [files.names.pop()]
    documents_side = _snapshot(
        [*files.names, *journals_name], integration, documents, journals, None
    )
    bookings = None
    if arguments.bookings is not None:
        text, name = _read_file(arguments.bookings, stdin, arguments)
        options = files.options(text, BOOKING_COLUMNS)
        bookings = read_bookings(text, source=name, documents=documents_side, **options)
        files.note_ignored(text, BOOKING_COLUMNS, name, options)
        _check_booking_journals(integration, documents, bookings, name)
    files.check_all_used()
    snapshot = _snapshot(
        [*files.names, *journals_name],
        integration,
        documents,
        journals,
        bookings,
        bookings_complete=bool(arguments.bookings_complete),
    )
    # Only once everything is read: a refusal stays the one line on standard error.
    for note in files.notes:
        print(note, file=sys.stderr)
    return snapshot


def _snapshot(
    names: list[str],
    integration: Integration,
    documents: list[Document],
    journals: tuple[Journal, ...],
    bookings: tuple[Booking, ...] | None,
    *,
    bookings_complete: bool = False,
) -> Snapshot:
    try:
        return Snapshot(
            integration, documents, journals, bookings, bookings_complete=bookings_complete
        )
    except InconsistentInputError as error:
        # Records of different files contradict each other: name the files.
        raise InconsistentInputError(f"{' + '.join(names)}: {error}") from None


def _check_journal_options(
    integration: Integration, journals: tuple[Journal, ...], name: str
) -> None:
    """Refuse an integration journal that the journals file lacks, naming the option."""
    codes = [journal.code for journal in journals]
    for code, option in (
        (integration.invoice_journal, "--invoice-journal"),
        (integration.credit_note_journal, "--credit-note-journal"),
    ):
        if code not in codes:
            raise InputFormatError(
                name,
                f"has no journal {code}, the journal {option} names (default "
                f"{DEFAULT_INVOICE_JOURNAL if option == '--invoice-journal' else DEFAULT_CREDIT_NOTE_JOURNAL}"
                f"); pass {option} with one of {', '.join(codes) or 'its codes'}, or add {code} "
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
    numbers = {document.number for document in documents}
    codes = sorted(
        {
            booking.journal
            for booking in bookings
            if booking.document is not None or booking.reference in numbers
        }
    )
    if codes and not used.intersection(codes):
        raise InputFormatError(
            name,
            f"holds bookings of documents in journal{'s' if len(codes) > 1 else ''} "
            f"{', '.join(codes)} only, and none in the integration's journals ({integration.invoice_journal}, "
            f"{integration.credit_note_journal}); pass --invoice-journal and "
            "--credit-note-journal with the codes of the administration",
        )


_OPTION_OF_FIELD = {
    "invoice_journal": "--invoice-journal",
    "credit_note_journal": "--credit-note-journal",
}


def _integration(arguments: argparse.Namespace) -> Integration:
    start_date = getattr(arguments, "start_date", None)
    try:
        return Integration(
            _or_default(arguments.invoice_journal, DEFAULT_INVOICE_JOURNAL),
            _or_default(arguments.credit_note_journal, DEFAULT_CREDIT_NOTE_JOURNAL),
            None if start_date is None else _start_date(start_date, arguments.date_style),
            _month(arguments.fy_start_month),
        )
    except InvalidFieldError as error:
        raise InputFormatError(_OPTION_OF_FIELD.get(error.field, _PROG), str(error)) from None


def _start_date(text: str, style: DateStyle | None) -> dt.date:
    """``--start-date`` in the files' grammar, its style its own (or --day-first's), no time."""
    source = "--start-date"
    style = style or infer_date_style([(1, text)], source=source)
    return parse_date(text, source=source, style=style, midnight=False)


def _or_default(code: str | None, default: str) -> str:
    return default if code is None else code


def _refuse_stdin_twice(arguments: argparse.Namespace) -> None:
    paths = [
        arguments.documents,
        arguments.invoices,
        arguments.credit_notes,
        arguments.bookings,
        arguments.journals,
    ]
    if paths.count(STDIN) > 1:
        raise InputFormatError(
            _STDIN_NAME,
            "can be read only once; give - for one of DOCUMENTS, --invoices, --credit-notes, "
            "--bookings and --journals, and file names for the others",
        )


def _refuse_options_with_json(arguments: argparse.Namespace, name: str) -> None:
    for attribute, option in _SNAPSHOT_OPTIONS:
        if getattr(arguments, attribute, None) is not None:
            raise InputFormatError(
                name,
                f"is a snapshot JSON file, which holds the integration, journals and "
                f"bookings itself; leave out {option}, or give DOCUMENTS as CSV",
            )


# -- check ----------------------------------------------------------------------


def check(
    snapshot: Snapshot, arguments: argparse.Namespace, progress: _Progress
) -> tuple[str, int]:
    """What ``check`` prints, and the exit status."""
    with progress("finding collisions and stale documents"):
        verdict = check_snapshot(snapshot)
    # The same verdict as `plan`: something to repair or to prevent exits 1.
    status = EXIT_FOUND if verdict.found else EXIT_CLEAN
    if arguments.format == "json":
        data = formats.check_to_dict(verdict)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", status
    return formats.check_to_text(verdict), status


def check_batch(path: str, out: TextIO, *, workers: int | None = None) -> int:
    """``check --batch``: one JSON line per snapshot of a folder or a JSON Lines file.

    A folder's ``*.json`` files are read in name order, a file's lines in
    order (blank lines skipped), lazily, so the answers stream out as they
    are computed (:func:`booking_reconcile.batch.check_many`). Each line is
    the answer with ``"source"`` first: the file name, or the file and line.
    The exit status: 0 when all are clean, 1 when any has findings, 2 when
    any is bad input (3 for a defect of the library).
    """
    from itertools import tee

    from .batch import check_many

    location = Path(path)

    def named() -> Any:
        if location.is_dir():
            for item in sorted(location.iterdir()):
                if item.suffix.lower() == ".json":
                    text = _decode(item.read_bytes(), str(item), None)
                    yield str(item), text.removeprefix("\ufeff")
            return
        with location.open("rb") as lines:
            for number, data in enumerate(lines, 1):
                line = _decode(data, f"{path}, line {number}", None).removeprefix("\ufeff")
                if line.strip():
                    yield f"{path}, line {number}", line

    if not location.is_dir() and not location.is_file():
        raise InputFormatError(path, "is neither a folder of .json files nor a .jsonl file")
    for_names, for_texts, for_output = tee(named(), 3)
    answers = check_many(
        (text for _, text in for_texts), workers=workers, sources=(s for s, _ in for_names)
    )
    worst = EXIT_CLEAN
    status_exit = {"clean": EXIT_CLEAN, "found": EXIT_FOUND, "error": EXIT_BAD_INPUT}
    for (source, _), answer in zip(for_output, answers, strict=True):
        print(json.dumps({"source": source, **answer}, ensure_ascii=False), file=out)
        worst = max(worst, status_exit.get(answer["status"], EXIT_DEFECT))
    return worst


# -- plan -----------------------------------------------------------------------


def plan(
    snapshot: Snapshot, arguments: argparse.Namespace, progress: _Progress, width: int
) -> tuple[str, int]:
    """What ``plan`` prints (with ``--verify``, its simulation too), and the exit status."""
    with progress("planning the repair"):
        repair = plan_repair(snapshot, arguments.policy)
    simulation = None
    if arguments.verify:
        with progress("simulating the repair"):
            simulation = simulate(snapshot, repair)
    unsound = simulation is not None and not simulation.sound
    status = EXIT_FOUND if unsound or not repair.feasible else EXIT_CLEAN
    if arguments.format == "json":
        data = {**repair.to_dict(), "read": formats.reading_to_dict(snapshot)}
        if simulation is not None:
            data["simulation"] = simulation.to_dict()
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", status
    if arguments.format == "csv":
        return formats.deletions_to_csv(repair), status
    if arguments.format == "markdown":
        parts = [repair.to_markdown()]
        if simulation is not None:
            parts.append(simulation.to_markdown())
    else:
        parts = [formats.plan_to_text(repair, snapshot, width=width)]
        if simulation is not None:
            parts.append(formats.simulation_to_text(simulation, width=width))
    return "\n".join(part.rstrip("\n") + "\n" for part in parts), status


# -- output ---------------------------------------------------------------------

#: ASCII stand-ins for the characters the output uses that cp1252, latin-1 or
#: ascii cannot hold; any other character falls back to its letters without
#: accents, or ``?``.
_ASCII = {
    "\u2192": "->",
    "\u2190": "<-",
    "\u2014": "-",
    "\u2013": "-",
    "\u2026": "...",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2265": ">=",
    "\u2264": "<=",
    "\u2260": "!=",
    "\u00a0": " ",
    "\u2610": "[ ]",
}
_FALLBACK = "booking_reconcile.ascii"


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    replaced = "".join(
        _ASCII.get(char)
        or unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        or "?"
        for char in text
    )
    return replaced, error.end


codecs.register_error(_FALLBACK, _stand_in)


def printable(text: str, encoding: str | None) -> str:
    """``text`` with ASCII stand-ins for what ``encoding`` cannot hold.

    >>> printable("invoice 2026/3 → #1003 — café", "ascii")
    'invoice 2026/3 -> #1003 - cafe'
    >>> printable("→ — é", "cp1252")
    '-> \u2014 \xe9'
    """
    try:
        codec = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        codec = "ascii"
    return text.encode(codec, errors=_FALLBACK).decode(codec)


def _write(stream: TextIO, text: str) -> None:
    """Write ``text`` to a terminal or pipe, in what its encoding can hold."""
    stream.write(printable(text, getattr(stream, "encoding", None)))
    stream.flush()


def _write_file(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.write(text)
    except OSError as error:
        raise InputFormatError(
            f"--output {path}", f"cannot be written ({error.strerror or error})"
        ) from None


def _width() -> int:
    """The terminal's width (``COLUMNS`` when set; 80 when there is no terminal)."""
    return shutil.get_terminal_size((80, 24)).columns


class _Progress:
    """Says on standard error what takes long: only past ``delay`` seconds, only on a terminal."""

    def __init__(self, stream: TextIO, *, enabled: bool, delay: float = 1.0):
        self.stream = stream
        self.enabled = enabled
        self.delay = delay

    @contextlib.contextmanager
    def __call__(self, what: str) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        started = time.monotonic()
        shown = threading.Event()

        def announce() -> None:
            shown.set()
            _write(self.stream, f"{_PROG}: {what}...\n")

        timer = threading.Timer(self.delay, announce)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            if shown.is_set():
                took = time.monotonic() - started
                _write(self.stream, f"{_PROG}: {what}: done in {took:.1f} s\n")


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


# -- confirm --------------------------------------------------------------------


def confirm(arguments: argparse.Namespace, stdin: TextIO | None) -> tuple[str, int]:
    """The confirmation of a repair as text, and the exit status."""
    paths = [arguments.plan, arguments.after, arguments.before]
    if paths.count(STDIN) > 1:
        raise InputFormatError(
            _STDIN_NAME, "can be read only once; give - for one of PLAN, AFTER and --before"
        )

    def read(path: str) -> tuple[Any, str]:
        data, name = _read_bytes(path, stdin)
        return json_data(_decode(data, name, None), source=name), name

    data, name = read(arguments.plan)
    if isinstance(data, dict):
        # What `plan --format json` adds around the plan: what was read, and
        # with --verify the simulation.
        data.pop("simulation", None)
        data.pop("read", None)
    repair = plan_from_dict(data, source=name)
    data, name = read(arguments.after)
    after = snapshot_from_dict(data, source=name)
    before = None
    if arguments.before is not None:
        data, name = read(arguments.before)
        before = snapshot_from_dict(data, source=name)
    confirmation = confirm_repair(before, repair, after)
    text = confirmation.to_markdown().rstrip("\n") + "\n"
    return text, EXIT_CLEAN if confirmation.ok else EXIT_FOUND


# -- main -----------------------------------------------------------------------


def _input_names(arguments: argparse.Namespace) -> str:
    names = [arguments.documents, arguments.invoices, arguments.credit_notes]
    return ", ".join(str(name) for name in names if name is not None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process's arguments); the exit status."""
    arguments = build_parser().parse_args(argv)
    progress = _Progress(sys.stderr, enabled=not arguments.quiet and _is_terminal(sys.stderr))
    try:
        if arguments.command == "check" and arguments.batch:
            _refuse_options_with_json(arguments, arguments.documents)  # snapshots hold them
            return check_batch(arguments.documents, sys.stdout)
        if arguments.command == "confirm":
            text, status = confirm(arguments, sys.stdin)
        else:
            with progress(f"reading {_input_names(arguments)}"):
                snapshot = load_snapshot(arguments, sys.stdin)
            if arguments.command == "check":
                text, status = check(snapshot, arguments, progress)
            else:
                text, status = plan(snapshot, arguments, progress, _width())
        if arguments.output is not None:
            _write_file(arguments.output, text)
        else:
            _write(sys.stdout, text)
        return status
    except BrokenPipeError:
        # The reader of our output went away (`| head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FOUND
    except UnsoundPlanError as error:
        _write(sys.stderr, f"{_PROG}: internal error: {error}\n")
        return EXIT_DEFECT
    except BookingReconcileError as error:
        _write(sys.stderr, f"{_PROG}: error: {error}\n")
        return EXIT_BAD_INPUT

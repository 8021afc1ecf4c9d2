"""The command's input: the files its options name, read into one snapshot.

The command opens the files (standard input for ``-`` is read whole, and so
is a file that is no regular file, a pipe); :mod:`booking_reconcile.exports`
makes the snapshot from them, reading a CSV export row by row as it goes (the exports,
and API answers saved as JSON for ``--invoices``, ``--credit-notes``,
``--bookings`` and ``--journals``), or :mod:`booking_reconcile.serialize`
from a snapshot JSON given as DOCUMENTS. The options that
say how (the integration's journals, ``--column``, ``--encoding``, the date
style, the completeness flags) become one
:class:`~booking_reconcile.exports.ExportOptions`. Notes on what was read
(columns ignored, lines skipped, files read as another encoding than UTF-8)
go to standard error once everything is read.
"""

from __future__ import annotations

__all__ = [
    "STDIN",
    "input_names",
    "input_paths",
    "load_snapshot",
    "read_json",
    "refuse_stdin_twice",
]

import argparse
import datetime as dt
import os
import re
import stat
import sys
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from ._files import same_file
from ._json import json_data
from ._parsing import infer_date_style, parse_date
from ._terminal import PROG, message_lines, terminal_width, write
from .errors import BookingReconcileError, InputFormatError, InvalidFieldError, quoted
from .exports import (
    DEFAULT_CREDIT_NOTE_JOURNAL,
    DEFAULT_INVOICE_JOURNAL,
    ExportFile,
    ExportOptions,
    Exports,
    is_answers,
    json_text,
    snapshot_from_exports,
)
from .models import Integration
from .readers import DateStyle
from .serialize import PLAN_FORMAT, snapshot_from_json
from .snapshot import Snapshot

STDIN = "-"
_STDIN_NAME = "<stdin>"
_PROG = PROG

_MONTH = re.compile(r"[0-9]{1,2}")
_COLUMN = re.compile(r"([A-Za-z_]+)=(.+)", re.DOTALL)

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
    ("department", "--department"),
    ("division", "--division"),
    ("date_style", "--day-first/--month-first"),
    ("two_digit_years", "--two-digit-years"),
    ("bookings_complete", "--bookings-complete"),
    ("documents_complete", "--documents-complete"),
    ("link_by_number", "--link-by-number"),
)

#: The options that name a file the snapshot is read from, and what each file is.
_FILE_OPTIONS = (
    ("documents", "DOCUMENTS"),
    ("invoices", "--invoices"),
    ("credit_notes", "--credit-notes"),
    ("bookings", "--bookings"),
    ("journals", "--journals"),
)
_FILE_OF = {
    "documents": "overview of invoices and credit notes",
    "invoices": "invoice overview",
    "credit_notes": "credit-note overview",
    "bookings": "bookings export",
    "journals": "journals file",
}

_OPTION_OF_FIELD = {
    "invoice_journal": "--invoice-journal",
    "credit_note_journal": "--credit-note-journal",
}


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


def _read_bytes(path: str, stdin: TextIO | None) -> tuple[bytes, str]:
    """The bytes of ``path`` (``-``: standard input) and the name errors give it."""
    name = _STDIN_NAME if path == STDIN else path
    if path == STDIN:
        return _read_stdin(stdin), name
    try:
        with open(path, "rb") as file:
            return file.read(), name
    except OSError as error:
        raise _unreadable(name, error) from None


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


def _read_export(path: str, stdin: TextIO | None) -> ExportFile:
    """The file at ``path``, a workbook by its name (or, on standard input, its bytes).

    A regular file is opened here (so that one that cannot be read is said
    at once, as before any file is read) and again each time it is read:
    its bytes are never held whole. Standard input and other files (a pipe)
    are read whole, once.
    """
    if path == STDIN:
        data = _read_stdin(stdin)
        return ExportFile(_STDIN_NAME, data, data[:2] == b"PK")
    sheet = Path(path).suffix.lower() == ".xlsx"
    with _open(path) as file:
        try:
            regular = stat.S_ISREG(os.fstat(file.fileno()).st_mode)
            data = b"" if regular else file.read()
        except OSError as error:
            raise _unreadable(path, error) from None
    return ExportFile(path, data, sheet, opener=partial(_open, path) if regular else None)


def _open(path: str) -> BinaryIO:
    """The file at ``path``, open for reading its bytes."""
    try:
        return open(path, "rb")  # the caller closes it
    except OSError as error:
        raise _unreadable(path, error) from None


def _unreadable(name: str, error: OSError) -> InputFormatError:
    return InputFormatError(name, f"cannot be read ({error.strerror or error})")


def _is_json(path: str, file: ExportFile) -> bool:
    if file.sheet:
        return False
    if path == STDIN:
        return file.data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"{")
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
        field, name = matched[1], matched[2].strip()
        if mapping.get(field, name) != name:
            raise InputFormatError(
                "--column",
                f"{field} is given twice ({mapping[field]!r}, then {name!r}); name one column "
                "for it",
            )
        mapping[field] = name
    return mapping


def _refuse_one_file_twice(arguments: argparse.Namespace) -> None:
    """Refuse a file given to two of the input options: each reads a file of its own.

    The invoice overview given to ``--credit-notes`` too would be read as
    credit notes (the option says the kind), and a plan would set next
    numbers for documents that do not exist. Said before anything is read.
    """
    given: list[tuple[str, str]] = []
    for attribute, option in _FILE_OPTIONS:
        path = getattr(arguments, attribute, None)
        if path is None or path == STDIN:
            continue
        for other, other_option in given:
            if same_file(path, other):
                raise InputFormatError(
                    path,
                    f"is given to both {other_option} and {option}; each option reads a file "
                    f"of its own: give the {_FILE_OF[attribute]} to {option} (or leave it out)",
                )
        given.append((path, option))


def load_snapshot(arguments: argparse.Namespace, stdin: TextIO | None) -> Snapshot:
    """The snapshot the command's input options describe."""
    _refuse_one_file_twice(arguments)
    if arguments.documents is not None:
        first = _read_export(arguments.documents, stdin)
        if _is_json(arguments.documents, first):
            _refuse_options_with_json(arguments, first.name)
            return _snapshot_json(first)
    else:
        first = None
    exports = Exports(
        documents=first,
        invoices=_optional_export(arguments.invoices, stdin),
        credit_notes=_optional_export(arguments.credit_notes, stdin),
        journals=_optional_export(arguments.journals, stdin),
        bookings=_optional_export(arguments.bookings, stdin),
    )
    options = ExportOptions(
        integration=_integration(arguments),
        column_map=_column_map(arguments),
        encoding=arguments.encoding,
        date_style=arguments.date_style,
        two_digit_years=bool(arguments.two_digit_years),
        bookings_complete=bool(arguments.bookings_complete),
        documents_complete=bool(arguments.documents_complete),
        link_by_number=bool(arguments.link_by_number),
        department=arguments.department,
        division=arguments.division,
    )
    departments = _Departments(arguments.department, exports)
    try:
        reading = snapshot_from_exports(exports, options)
    except InputFormatError as error:
        explained = departments.explained(error)
        if explained is None:
            raise
        raise explained from None
    # Only once everything is read: a refusal stays the one line on standard error.
    for note in reading.notes:
        write(sys.stderr, message_lines(f"{_PROG}: note", note, terminal_width()))
    return reading.snapshot


#: Why one --department cannot choose in an overview and in Teamleader Focus answers.
_CANNOT = (
    "an overview names a department by its name and Teamleader Focus answers by its id, "
    "and one --department cannot choose in both"
)


class _Departments:
    """What ``--department`` can mean with an overview and Teamleader Focus answers (§6).

    An overview names a department by its name, the answers by its id, and
    the two are never compared; the one value of ``--department`` is taken
    by every documents file, so it chooses in the overview or in the
    answers, never in both. A choice that is no id of the answers is
    refused before anything is read (the answers would refuse it), and an
    overview's refusal of the answers' id is explained: both say that the
    two cannot be chosen together, and what to do.
    """

    def __init__(self, department: str | None, exports: Exports) -> None:
        self.department = department
        #: The overviews' names, and the departments each answers file names (its ids).
        self.overviews: list[str] = []
        self.named: list[tuple[str, tuple[str, ...]]] = []
        if department is None:
            return
        answers: list[ExportFile] = []
        for file in (exports.documents, exports.invoices, exports.credit_notes):
            if file is not None and is_answers(file):
                answers.append(file)
            elif file is not None:
                self.overviews.append(file.name)
        if not self.overviews:
            return
        for file in answers:
            held = _departments_of(file)
            if held:
                self.named.append((file.name, held))
        every = self._ids()
        if every and department not in every:
            name, held = self.named[0]
            raise InputFormatError(
                name,
                f"--department {quoted(department)} is no department of these Teamleader "
                f"Focus answers, whose {_departments_words(held)}; {self.overviews[0]} is an "
                f"overview: {_CANNOT}. {_advice(every)}",
                field="department.id",
            )

    def _ids(self) -> list[str]:
        return list(dict.fromkeys(name for _, ids in self.named for name in ids))

    def explained(self, error: InputFormatError) -> InputFormatError | None:
        """An overview's refusal of the answers' id, saying why and what to do; else ``None``."""
        department = self.department
        refused = (
            error.source in self.overviews
            and error.field == "department"
            and error.line is None
            and error.reason.startswith("has no row of the department")
        )
        holders = [name for name, ids in self.named if department in ids]
        if department is None or not refused or not holders:
            return None
        return InputFormatError(
            error.source,
            f"{error.reason}: {quoted(department)} is the id {holders[0]} (Teamleader Focus "
            f"answers) names its department by; {_CANNOT}. {_advice(self._ids())}",
            field=error.field,
        )


def _departments_of(file: ExportFile) -> tuple[str, ...]:
    """The departments (ids) a file of Teamleader Focus answers names; ``()``: none, or unread.

    A file that cannot be read is left to the reading, which says why.
    """
    from .adapters.answers import AnswerKind, recognise
    from .adapters.teamleader import departments_named

    try:
        data = json_data(json_text(file.read(), file.name), source=file.name)
        found = {answer.kind: answer.answer for answer in recognise(data, source=file.name)}
        return departments_named(found.get(AnswerKind.INVOICES), found.get(AnswerKind.CREDIT_NOTES))
    except BookingReconcileError:
        return ()


def _departments_words(ids: tuple[str, ...]) -> str:
    listed = ", ".join(quoted(name) for name in ids[:10])
    return f"department is {listed} (an id)" if len(ids) == 1 else f"departments are {listed} (ids)"


def _advice(ids: list[str]) -> str:
    """What to do when one --department cannot choose in an overview and in answers."""
    if len(ids) == 1:
        return (
            "The answers hold one department and need no choice: give the overview of that "
            "department alone (exported for it, or without its department column) and leave "
            "out --department"
        )
    return (
        "Give the answers of one department (fetched for that department alone) and the "
        "overview of that department alone, and leave out --department"
    )


def _snapshot_json(file: ExportFile) -> Snapshot:
    """The snapshot of a snapshot JSON file; a plan given instead is said to be one."""
    text = json_text(file.read(), file.name)
    try:
        return snapshot_from_json(text, source=file.name)
    except InputFormatError:
        data = json_data(text, source=file.name)
        if isinstance(data, dict) and data.get("format") == PLAN_FORMAT:
            raise InputFormatError(
                file.name,
                f"is a plan (format {PLAN_FORMAT!r}), not a snapshot; give the "
                "snapshot or the exports it was made from (confirm reads a plan: "
                "booking-reconcile confirm PLAN ...)",
            ) from None
        raise


def _optional_export(path: str | None, stdin: TextIO | None) -> ExportFile | None:
    return None if path is None else _read_export(path, stdin)


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
        option = _OPTION_OF_FIELD.get(error.field)
        if option is None:
            raise InputFormatError(_PROG, str(error)) from None
        given = getattr(arguments, error.field)
        if isinstance(given, str) and not given.strip():
            reason = "is empty; give the journal's code, such as 70"
        elif isinstance(given, str) and given != given.strip():
            reason = f"{given!r} has white space around it; give {given.strip()!r}"
        else:
            reason = str(error)
        raise InputFormatError(option, reason) from None


def _start_date(text: str, style: DateStyle | None) -> dt.date:
    """``--start-date`` in the files' grammar, its style its own (or --day-first's), no time."""
    source = "--start-date"
    if style is None:
        try:
            style = infer_date_style([(1, text)], source=source)
        except InputFormatError:
            # One date is refused only when it fits both styles: an option has no line
            # and no other date to settle it, so name both readings and the ISO form.
            day, month = (
                parse_date(text, source=source, style=both, midnight=False)
                for both in (DateStyle.DAY_FIRST, DateStyle.MONTH_FIRST)
            )
            raise InputFormatError(
                source,
                f"{quoted(text)} may be {day.isoformat()} ({day.day} {day:%B}) or "
                f"{month.isoformat()} ({month:%B} {month.day}); write it as YYYY-MM-DD, or "
                "pass --day-first or --month-first",
            ) from None
    return parse_date(text, source=source, style=style, midnight=False)


def _or_default(code: str | None, default: str) -> str:
    return default if code is None else code


def refuse_stdin_twice(arguments: argparse.Namespace) -> None:
    if input_paths(arguments).count(STDIN) > 1:
        first = "PLAN, AFTER" if arguments.command == "confirm" else "DOCUMENTS"
        before = (
            ", --journals and --before" if arguments.command == "confirm" else " and --journals"
        )
        raise InputFormatError(
            _STDIN_NAME,
            f"can be read only once; give - for one of {first}, --invoices, --credit-notes, "
            f"--bookings{before}, and file names for the others",
        )


def _refuse_options_with_json(arguments: argparse.Namespace, name: str) -> None:
    for attribute, option in _SNAPSHOT_OPTIONS:
        if getattr(arguments, attribute, None) is not None:
            raise InputFormatError(
                name,
                f"is a snapshot JSON file, which holds the integration, journals and "
                f"bookings itself; leave out {option}, or give DOCUMENTS as CSV",
            )


def read_json(path: str, stdin: TextIO | None, what: str = "") -> tuple[Any, str]:
    """The JSON data of the file at ``path`` (strictly read) and the name errors give it.

    ``what`` says what the file should be ("PLAN is the plan saved by ..."),
    added to the message when it is no JSON (a CSV given in its place).
    """
    data, name = _read_bytes(path, stdin)
    try:
        return json_data(json_text(data, name), source=name), name
    except InputFormatError as error:
        if not what:
            raise
        raise InputFormatError(
            error.source, f"{error.reason}; {what}", line=error.line, field=error.field
        ) from None


def input_paths(arguments: argparse.Namespace) -> list[str | None]:
    """Every file the command's options name to read."""
    names = ("plan", "documents", "invoices", "credit_notes", "bookings", "journals", "before")
    return [getattr(arguments, name, None) for name in names]


def input_names(arguments: argparse.Namespace) -> str:
    """Every file the command reads, as progress names them (standard input as ``<stdin>``)."""
    paths = [_STDIN_NAME if path == STDIN else path for path in input_paths(arguments)]
    return ", ".join(str(path) for path in paths if path is not None)

"""The ``booking-reconcile`` command: check exports for collisions, and plan the repair.

This module parses the arguments, reads the files, writes the output and
chooses the exit status; the snapshot comes from
:mod:`booking_reconcile.exports` (given the files' bytes), everything it
prints is rendered by :mod:`booking_reconcile.formats` (this module measures
the terminal and passes the width on), and the terminal's width, progress
and printable text come from ``_terminal``.

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
import contextlib
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import __version__, formats
from ._files import refuse_output_among_inputs, write_atomically
from ._json import json_data
from ._parsing import infer_date_style, parse_date
from ._terminal import PROG, Progress, is_terminal, terminal_width, write
from .batch_cli import add_batch_options, batch_requested, given_options, run_batch
from .confirm import confirm_repair
from .cutoff import CutoffPolicy
from .errors import (
    BookingReconcileError,
    InputFormatError,
    InvalidFieldError,
    UnsoundPlanError,
)
from .exports import (
    DEFAULT_CREDIT_NOTE_JOURNAL,
    DEFAULT_INVOICE_JOURNAL,
    ExportFile,
    ExportOptions,
    Exports,
    decode,
    snapshot_from_exports,
)
from .models import Integration
from .plan import plan_and_simulate, plan_repair
from .plan_json import plan_from_dict
from .readers import DateStyle
from .serialize import snapshot_from_dict, snapshot_from_json
from .snapshot import Snapshot
from .verdict import check_snapshot

STDIN = "-"
_STDIN_NAME = "<stdin>"
_PROG = PROG

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_BAD_INPUT = 2
EXIT_DEFECT = 3
#: The reader of standard output went away: 128 + SIGPIPE, as a shell shows a
#: program that the signal ended.
EXIT_BROKEN_PIPE = 141

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
    check = commands.add_parser(
        "check",
        help="list collisions and stale documents",
        description="List collisions and stale documents; exit 1 when there are any.",
    )
    _add_inputs(check)
    _output_options(check, CHECK_FORMATS)
    add_batch_options(check)
    plan = commands.add_parser(
        "plan",
        help="compute the repair plan",
        description="Compute the repair plan; exit 1 when a blocker makes it infeasible.",
    )
    _add_inputs(plan)
    _start_date_option(plan)
    plan.add_argument(
        "--policy",
        choices=[policy.value for policy in CutoffPolicy],
        default=CutoffPolicy.KEEP_DELETED.value,
        help="how far back the repair goes (default keep-deleted)",
    )
    plan.add_argument(
        "--verify", action="store_true", help="also print the simulated result and its proof"
    )
    _output_options(plan, PLAN_FORMATS)
    snapshot = commands.add_parser(
        "snapshot",
        help="write the snapshot JSON of the exports",
        description="Write the snapshot the exports describe as JSON (for confirm --before, "
        "check --batch, or a program); exit 0.",
    )
    _add_inputs(snapshot)
    _start_date_option(snapshot)
    _output_options(snapshot, SNAPSHOT_FORMATS)
    confirming = commands.add_parser(
        "confirm",
        help="confirm a repair from the saved plan and the exports after it",
        description="Compare both sides after the repair (exports, or a snapshot .json) with "
        "the saved plan; exit 1 when a deviation that matters remains.",
    )
    confirming.add_argument("plan", metavar="PLAN", help="the plan saved by `plan --format json`")
    _add_inputs(confirming, "AFTER", " after the repair")
    confirming.add_argument(
        "--before",
        metavar="F",
        help="snapshot .json the plan was made from (checks that nothing before the cutoff "
        "changed; `booking-reconcile snapshot` writes one)",
    )
    _output_options(confirming, CONFIRM_FORMATS)
    return parser


#: The output formats of each command; the first is the default.
CHECK_FORMATS = ("text", "json")
PLAN_FORMATS = ("text", "markdown", "json", "csv")
SNAPSHOT_FORMATS = ("json",)
CONFIRM_FORMATS = ("markdown", "json")


def _add_inputs(
    inputs: argparse.ArgumentParser, documents: str = "DOCUMENTS", after: str = ""
) -> None:
    """The options that say which exports to read, and how (the same for every command)."""
    inputs.add_argument(
        "documents",
        metavar=documents,
        nargs="?",
        help=f"CSV or .xlsx of invoices and credit notes{after} (with a kind column), a "
        "snapshot .json, or - for standard input",
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


def _start_date_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--start-date", metavar="D", help="the integration's recorded start date (YYYY-MM-DD)"
    )


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


def _read_export(path: str, stdin: TextIO | None) -> ExportFile:
    """The file at ``path`` as read, a workbook by its name (or, on standard input, its bytes)."""
    data, name = _read_bytes(path, stdin)
    sheet = Path(path).suffix.lower() == ".xlsx" or (path == STDIN and data[:2] == b"PK")
    return ExportFile(name, data, sheet)


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
        mapping[matched[1]] = matched[2].strip()
    return mapping


def load_snapshot(arguments: argparse.Namespace, stdin: TextIO | None) -> Snapshot:
    """The snapshot the command's input options describe."""
    if arguments.documents is not None:
        first = _read_export(arguments.documents, stdin)
        if _is_json(arguments.documents, first):
            _refuse_options_with_json(arguments, first.name)
            text = decode(first.data, first.name, None).removeprefix("\ufeff")
            return snapshot_from_json(text, source=first.name)
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
    )
    reading = snapshot_from_exports(exports, options)
    # Only once everything is read: a refusal stays the one line on standard error.
    for note in reading.notes:
        write(sys.stderr, f"{_PROG}: note: {note}\n")
    return reading.snapshot


def _optional_export(path: str | None, stdin: TextIO | None) -> ExportFile | None:
    return None if path is None else _read_export(path, stdin)


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
    if _input_paths(arguments).count(STDIN) > 1:
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


# -- check ----------------------------------------------------------------------


def check(snapshot: Snapshot, arguments: argparse.Namespace, progress: Progress) -> tuple[str, int]:
    """What ``check`` prints, and the exit status."""
    with progress("finding collisions and stale documents"):
        verdict = check_snapshot(snapshot)
    # The same verdict as `plan`: something to repair or to prevent exits 1.
    status = EXIT_FOUND if verdict.found else EXIT_CLEAN
    if arguments.format == "json":
        data = formats.check_to_dict(verdict)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", status
    return formats.check_to_text(verdict), status


# -- plan -----------------------------------------------------------------------


def plan(
    snapshot: Snapshot, arguments: argparse.Namespace, progress: Progress, width: int
) -> tuple[str, int]:
    """What ``plan`` prints (with ``--verify``, its simulation too), and the exit status."""
    simulation = None
    if arguments.verify:
        with progress("planning and simulating the repair"):
            repair, simulation = plan_and_simulate(snapshot, arguments.policy)
    else:
        with progress("planning the repair"):
            repair = plan_repair(snapshot, arguments.policy)
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


# -- confirm --------------------------------------------------------------------


def confirm(arguments: argparse.Namespace, stdin: TextIO | None) -> tuple[str, int]:
    """The confirmation of a repair, and the exit status.

    The plan is the JSON ``plan --format json`` saved; the snapshot after
    the repair comes from the same input options as ``plan`` (exports, or a
    snapshot JSON); ``--before`` is a snapshot JSON.
    """
    data, name = _read_json(arguments.plan, stdin)
    if isinstance(data, dict):
        # What `plan --format json` adds around the plan: what was read, and
        # with --verify the simulation.
        data.pop("simulation", None)
        data.pop("read", None)
    repair = plan_from_dict(data, source=name)
    after = load_snapshot(arguments, stdin)
    before = None
    if arguments.before is not None:
        data, name = _read_json(arguments.before, stdin)
        before = snapshot_from_dict(data, source=name)
    confirmation = confirm_repair(before, repair, after)
    status = EXIT_CLEAN if confirmation.ok else EXIT_FOUND
    if arguments.format == "json":
        data = formats.confirmation_to_dict(confirmation)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", status
    return confirmation.to_markdown().rstrip("\n") + "\n", status


def _read_json(path: str, stdin: TextIO | None) -> tuple[Any, str]:
    """The JSON data of the file at ``path`` (strictly read) and the name errors give it."""
    data, name = _read_bytes(path, stdin)
    return json_data(decode(data, name, None).removeprefix("\ufeff"), source=name), name


# -- snapshot -------------------------------------------------------------------


def snapshot_json(snapshot: Snapshot) -> tuple[str, int]:
    """What ``snapshot`` prints: the snapshot as JSON (``Snapshot.from_dict`` reads it back)."""
    return json.dumps(snapshot.to_dict(), indent=2, ensure_ascii=False) + "\n", EXIT_CLEAN


# -- main -----------------------------------------------------------------------


def _input_paths(arguments: argparse.Namespace) -> list[str | None]:
    """Every file the command's options name to read."""
    names = ("plan", "documents", "invoices", "credit_notes", "bookings", "journals", "before")
    return [getattr(arguments, name, None) for name in names]


def _input_names(arguments: argparse.Namespace) -> str:
    names = [arguments.documents, arguments.invoices, arguments.credit_notes]
    return ", ".join(str(name) for name in names if name is not None)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process's arguments); the exit status."""
    arguments = build_parser().parse_args(argv)
    progress = Progress(sys.stderr, enabled=not arguments.quiet and is_terminal(sys.stderr))
    try:
        if arguments.command == "check" and batch_requested(arguments):
            given = given_options(build_parser(), sys.argv[1:] if argv is None else argv)
            return run_batch(arguments, given, sys.stdout, sys.stderr)
        if arguments.output is not None:
            refuse_output_among_inputs(arguments.output, _input_paths(arguments))
        _refuse_stdin_twice(arguments)
        if arguments.command == "confirm":
            with progress(f"reading {_input_names(arguments)}"):
                text, status = confirm(arguments, sys.stdin)
        else:
            with progress(f"reading {_input_names(arguments)}"):
                snapshot = load_snapshot(arguments, sys.stdin)
            if arguments.command == "check":
                text, status = check(snapshot, arguments, progress)
            elif arguments.command == "snapshot":
                text, status = snapshot_json(snapshot)
            else:
                text, status = plan(snapshot, arguments, progress, terminal_width())
        if arguments.output is not None:
            write_atomically(arguments.output, text)
        else:
            write(sys.stdout, text)
        return status
    except BrokenPipeError:
        # The reader of our output went away (`| head`): not an error of ours, and
        # not "found" either. Quietly, with the status of a program that SIGPIPE
        # ended, as `yes | head` shows; standard output goes nowhere from now on,
        # so that Python's last flush cannot complain.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except UnsoundPlanError as error:
        write(sys.stderr, f"{_PROG}: internal error: {error}\n")
        return EXIT_DEFECT
    except BookingReconcileError as error:
        write(sys.stderr, f"{_PROG}: error: {error}\n")
        return EXIT_BAD_INPUT

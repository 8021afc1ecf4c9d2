"""The ``booking-reconcile`` command: check exports for collisions, and plan the repair.

This is the only module of the library that reads files or writes to the
terminal; everything it computes comes from the library's pure functions, and
everything it prints is rendered by :mod:`booking_reconcile.render` (this
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

``DOCUMENTS`` is the CSV export of the invoice and credit-note overviews, or a
snapshot JSON file (a name ending in ``.json``), which already holds the
integration, the journals and the bookings, so the other input options are
refused with it. ``-`` reads DOCUMENTS from standard input; there it is taken
as JSON when its first character (after white space) is ``{``.

Bad input ends in one line on standard error naming the file, the line and the
field, and exit status 2; a defect of the library (a plan that fails its own
proof while being computed) in exit status 3. docs/cli.md shows sessions.
"""

from __future__ import annotations

__all__ = ["DEFAULT_CREDIT_NOTE_JOURNAL", "DEFAULT_INVOICE_JOURNAL", "build_parser", "main"]

import argparse
import codecs
import contextlib
import json
import os
import re
import shutil
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import __version__, render
from .cutoff import CutoffPolicy
from .errors import (
    BookingReconcileError,
    InconsistentInputError,
    InputFormatError,
    InvalidFieldError,
    UnsoundPlanError,
)
from .models import Integration, Journal
from .plan import plan_repair
from .readers import parse_date, read_bookings, read_documents, read_journals
from .serialize import snapshot_from_dict
from .simulate import simulate
from .snapshot import Snapshot

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
    ("bookings", "--bookings"),
    ("journals", "--journals"),
    ("invoice_journal", "--invoice-journal"),
    ("credit_note_journal", "--credit-note-journal"),
    ("fy_start_month", "--fy-start-month"),
    ("start_date", "--start-date"),
)


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
        help="CSV of invoices and credit notes, a snapshot .json, or - for standard input",
    )
    inputs.add_argument("--bookings", metavar="F", help="CSV of the accounting package's bookings")
    inputs.add_argument("--journals", metavar="F", help="CSV of the journals")
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


def _read_text(path: str, stdin: TextIO | None) -> tuple[str, str]:
    """The text of ``path`` (``-``: standard input) and the name errors give it."""
    name = _STDIN_NAME if path == STDIN else path
    try:
        if path == STDIN:
            return _read_stdin(stdin), name
        with open(path, encoding="utf-8", newline="") as file:
            return file.read(), name
    except UnicodeDecodeError as error:
        raise InputFormatError(
            name, f"is not UTF-8 text ({error.reason} at byte {error.start}); save it as UTF-8"
        ) from None
    except OSError as error:
        raise InputFormatError(name, f"cannot be read ({error.strerror or error})") from None


def _read_stdin(stdin: TextIO | None) -> str:
    """Standard input, decoded as UTF-8 here when its bytes are at hand.

    Its text layer may let bytes that are not UTF-8 through as surrogates
    (Python does so under the C locale), which would pass for text unnoticed.
    """
    if stdin is None:  # Python sets sys.stdin to None when the process has none
        raise InputFormatError(
            _STDIN_NAME, "is closed; give the file's name instead of -, or pipe the file in"
        )
    stream = getattr(stdin, "buffer", None)
    if stream is None:
        return stdin.read()
    data: bytes = stream.read()
    return data.decode("utf-8")


def _is_json(path: str, text: str) -> bool:
    if path == STDIN:
        return text.lstrip("\ufeff \t\r\n").startswith("{")
    return Path(path).suffix.lower() == ".json"


def load_snapshot(arguments: argparse.Namespace, stdin: TextIO | None) -> Snapshot:
    """The snapshot the command's input options describe."""
    _refuse_stdin_twice(arguments)
    text, name = _read_text(arguments.documents, stdin)
    if _is_json(arguments.documents, text):
        _refuse_options_with_json(arguments, name)
        try:
            data = json.loads(
                text.removeprefix("\ufeff"), object_pairs_hook=partial(_json_object, name)
            )
        except json.JSONDecodeError as error:
            problem = f"is not valid JSON ({error.msg} at column {error.colno})"
            raise InputFormatError(name, problem, line=error.lineno) from None
        except RecursionError:
            problem = "nests lists or objects too deeply to be a snapshot"
            raise InputFormatError(name, problem) from None
        return snapshot_from_dict(data, source=name)
    documents = read_documents(text, source=name)
    sources = [name]
    bookings = None
    if arguments.bookings is not None:
        text, name = _read_text(arguments.bookings, stdin)
        bookings = read_bookings(text, source=name)
        sources.append(name)
    journals: tuple[Journal, ...] = ()
    if arguments.journals is not None:
        text, name = _read_text(arguments.journals, stdin)
        journals = read_journals(text, source=name)
        sources.append(name)
    integration = _integration(arguments)
    try:
        return Snapshot(integration, documents, journals, bookings)
    except InconsistentInputError as error:
        # Records of different files contradict each other: name the files.
        raise InconsistentInputError(f"{' + '.join(sources)}: {error}") from None


def _json_object(name: str, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (``json`` would keep the last silently)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise InputFormatError(
                name,
                f"is given twice in one object ({data[key]!r}, then {value!r}); keep the one "
                "that is right",
                field=key,
            )
        data[key] = value
    return data


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
            None if start_date is None else parse_date(start_date, source="--start-date"),
            _month(arguments.fy_start_month),
        )
    except InvalidFieldError as error:
        raise InputFormatError(_OPTION_OF_FIELD.get(error.field, _PROG), str(error)) from None


def _or_default(code: str | None, default: str) -> str:
    return default if code is None else code


def _refuse_stdin_twice(arguments: argparse.Namespace) -> None:
    paths = [arguments.documents, arguments.bookings, arguments.journals]
    if paths.count(STDIN) > 1:
        raise InputFormatError(
            _STDIN_NAME,
            "can be read only once; give - for one of DOCUMENTS, --bookings and --journals, "
            "and file names for the others",
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
        data = render.check_to_dict(snapshot)
    found = bool(data["collisions"] or data["stale"])
    status = EXIT_FOUND if found else EXIT_CLEAN
    if arguments.format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", status
    return render.check_to_text(snapshot), status


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
        data = {**repair.to_dict(), "read": render.reading_to_dict(snapshot)}
        if simulation is not None:
            data["simulation"] = simulation.to_dict()
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", status
    if arguments.format == "csv":
        return render.deletions_to_csv(repair), status
    if arguments.format == "markdown":
        parts = [repair.to_markdown()]
        if simulation is not None:
            parts.append(simulation.to_markdown())
    else:
        parts = [render.plan_to_text(repair, snapshot, width=width)]
        if simulation is not None:
            parts.append(render.simulation_to_text(simulation, width=width))
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


# -- main -----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process's arguments); the exit status."""
    arguments = build_parser().parse_args(argv)
    progress = _Progress(sys.stderr, enabled=not arguments.quiet and _is_terminal(sys.stderr))
    try:
        with progress(f"reading {arguments.documents}"):
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

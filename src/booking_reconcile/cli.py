"""The ``booking-reconcile`` command: check exports for collisions, and plan the repair.

This is the only module of the library that reads files or writes to the
terminal; everything it computes comes from the library's pure functions.

``booking-reconcile check DOCUMENTS [--bookings F] [--journals F]
[--invoice-journal C] [--credit-note-journal C] [--fy-start-month M]``
prints each collision's message and each stale document; it exits 0 when
there are none and 1 when there are.

``booking-reconcile plan DOCUMENTS …the same inputs… [--start-date D]
[--policy keep-deleted|rebook-deleted] [--format markdown|json] [--verify]``
prints the repair plan as a Markdown checklist or as JSON; ``--verify`` adds
the simulated result of the repair and its proof. It exits 0 when the plan can
be carried out (also when nothing collides), 1 when a blocker makes it
infeasible or the proof fails.

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
import json
import os
import re
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any, NoReturn, TextIO

from .collisions import Collision, find_collisions
from .cutoff import CutoffPolicy
from .errors import (
    BookingReconcileError,
    InconsistentInputError,
    InputFormatError,
    InvalidFieldError,
    UnsoundPlanError,
)
from .models import Document, Integration, Journal
from .plan import plan_repair
from .readers import parse_date, read_bookings, read_documents, read_journals
from .serialize import snapshot_from_dict
from .simulate import simulate
from .snapshot import Snapshot
from .stale import find_collision_risks, find_stale_documents

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
    check_parser = commands.add_parser(
        "check",
        parents=[inputs],
        help="list collisions and stale documents",
        description="List collisions and stale documents; exit 1 when there are any.",
    )
    check_parser.add_argument(
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
        "--format", choices=["markdown", "json"], default="markdown", help="default markdown"
    )
    plan.add_argument(
        "--verify", action="store_true", help="also print the simulated result and its proof"
    )
    return parser


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


def check(snapshot: Snapshot, out: TextIO) -> int:
    """Print the collisions and stale documents; the exit status."""
    collisions = find_collisions(snapshot)
    for collision in collisions:
        print(collision.describe(), file=out)
    stale: tuple[Document, ...] = ()
    if snapshot.has_bookings:
        stale = find_stale_documents(snapshot)
        risks = {document.ref for document in find_collision_risks(snapshot)}
        for document in stale:
            print(_stale_line(snapshot, document, document.ref in risks), file=out)
    print(_check_summary(snapshot, collisions, stale), file=out)
    return EXIT_FOUND if collisions or stale else EXIT_CLEAN


def _stale_line(snapshot: Snapshot, document: Document, risk: bool) -> str:
    line = (
        f"Stale: {document} carries a booking number whose booking no longer exists in "
        f"{snapshot.place_of(document)}"
    )
    if risk:
        line += f"; the next synchronisation hands #{document.booking_number} out again"
    return line


def _check_summary(
    snapshot: Snapshot, collisions: tuple[Collision, ...], stale: tuple[Document, ...]
) -> str:
    if not snapshot.has_bookings:
        found = _count(len(collisions), "collision")
        if not collisions:
            return "No collisions (stale documents are found only with the bookings: --bookings)."
        return f"{found}; run `{_PROG} plan` with the same inputs for the repair."
    if not collisions and not stale:
        return "No collisions and no stale documents."
    found = f"{_count(len(collisions), 'collision')}, {_count(len(stale), 'stale document')}"
    return f"{found}; run `{_PROG} plan` with the same inputs for the repair."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


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
                    yield str(item), item.read_text(encoding="utf-8-sig")
            return
        with location.open(encoding="utf-8-sig") as lines:
            for number, line in enumerate(lines, 1):
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


def plan(snapshot: Snapshot, arguments: argparse.Namespace, out: TextIO) -> int:
    """Print the plan (and, with ``--verify``, its simulation); the exit status."""
    repair = plan_repair(snapshot, arguments.policy)
    simulation = simulate(snapshot, repair) if arguments.verify else None
    if arguments.format == "json":
        data = repair.to_dict()
        if simulation is not None:
            data["simulation"] = simulation.to_dict()
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
    else:
        text = repair.to_markdown().rstrip("\n")
        if simulation is not None:
            text += "\n\n" + simulation.to_markdown().rstrip("\n")
        print(text, file=out)
    unsound = simulation is not None and not simulation.sound
    return EXIT_FOUND if unsound or not repair.feasible else EXIT_CLEAN


# -- main -----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process's arguments); the exit status."""
    arguments = build_parser().parse_args(argv)
    try:
        if arguments.command == "check" and arguments.batch:
            _refuse_options_with_json(arguments, arguments.documents)  # snapshots hold them
            return check_batch(arguments.documents, sys.stdout)
        snapshot = load_snapshot(arguments, sys.stdin)
        if arguments.command == "check":
            return check(snapshot, sys.stdout)
        return plan(snapshot, arguments, sys.stdout)
    except BrokenPipeError:
        # The reader of our output went away (`| head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FOUND
    except UnsoundPlanError as error:
        print(f"{_PROG}: internal error: {error}", file=sys.stderr)
        return EXIT_DEFECT
    except BookingReconcileError as error:
        print(f"{_PROG}: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT

"""The ``booking-reconcile`` command: check exports for collisions, and plan the repair.

This module runs the commands, writes the output and chooses the exit
status; the arguments are parsed by ``_cli_parser``, the files read into one
snapshot by ``_cli_inputs`` (through :mod:`booking_reconcile.exports`, given
the files' bytes), everything it
prints is rendered by :mod:`booking_reconcile.formats` (this module measures
the terminal and passes the width on), and the terminal's width, progress
and printable text come from ``_terminal``.

``booking-reconcile check DOCUMENTS [--bookings F] [--journals F]
[--invoice-journal C] [--credit-note-journal C] [--fy-start-month M]
[--format text|markdown|json] [--output FILE] [--quiet]``
prints what was read, every finding of the evidence (DOMAIN §3.8: what the
two sides leave unexplained) and what was found (the summary first), then
the collisions and the stale documents as tables sized to the terminal; it
exits 0 when there is nothing to do and 1 when there is: something to repair
or to prevent, or a blocker (``plan`` exits 1 on a blocker too).

``booking-reconcile plan DOCUMENTS …the same inputs… [--start-date D]
[--policy keep-deleted|rebook-deleted] [--format text|markdown|json|csv|xlsx]
[--delimiter C] [--verify] [--output FILE] [--quiet]``
prints the repair plan: as text sized to the terminal (the default, the
summary first), as a Markdown checklist, as JSON, or the bookings to delete
as CSV (``--delimiter ';'`` for comma-decimal spreadsheets) or as an Excel
workbook (``--output`` only); ``--verify`` adds the simulated result of the
repair and its proof. It exits 0 when the plan can be carried out (also when
nothing collides), 1 when a blocker makes it infeasible or the proof fails.

``--output FILE`` writes UTF-8 to FILE (``plan``'s CSV with a byte order
mark, by which spreadsheets recognise UTF-8), whole or not at all. Standard output
gets ASCII stand-ins (``->`` for ``→``) for the characters its encoding
cannot hold (cp1252, latin-1, ascii), never an error. Reads and plans that take more than a second
show progress on standard error when it is a terminal (``--quiet``: never).

``booking-reconcile confirm PLAN AFTER [--before BEFORE]
[--format text|markdown|json]`` compares the snapshot exported after the
repair (AFTER) with the plan saved by ``plan --format json`` (PLAN) and,
given ``--before``, with the snapshot the plan was made from; it prints the
report (text sized to the terminal by default) and exits 0 when the repair
is confirmed, 1 when a deviation that matters remains.

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

__all__ = [
    "DEFAULT_CREDIT_NOTE_JOURNAL",
    "DEFAULT_INVOICE_JOURNAL",
    "EXIT_BAD_INPUT",
    "EXIT_BROKEN_PIPE",
    "EXIT_CLEAN",
    "EXIT_DEFECT",
    "EXIT_FOUND",
    "build_parser",
    "main",
]

import argparse
import contextlib
import gc
import json
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from . import formats
from ._cli_inputs import (
    input_names,
    input_paths,
    load_snapshot,
    read_json,
    refuse_stdin_twice,
)
from ._cli_parser import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_CLEAN,
    EXIT_DEFECT,
    EXIT_FOUND,
    build_parser,
)
from ._files import refuse_output_among_inputs, write_atomically
from ._terminal import PROG, Progress, is_terminal, message_lines, terminal_width, write
from .confirm import confirm_repair
from .errors import BookingReconcileError, InputFormatError, UnsoundPlanError
from .exports import DEFAULT_CREDIT_NOTE_JOURNAL, DEFAULT_INVOICE_JOURNAL
from .formats.spreadsheet import excel_module
from .plan import plan_and_simulate, plan_repair
from .plan_json import plan_from_dict
from .serialize import snapshot_from_dict
from .snapshot import Snapshot
from .verdict import check_snapshot

_PROG = PROG


# -- check ----------------------------------------------------------------------


def check(
    snapshot: Snapshot, arguments: argparse.Namespace, progress: Progress, width: int
) -> tuple[str, int]:
    """What ``check`` prints (text ``width`` columns wide, Markdown or JSON), and the exit status."""
    with progress("finding collisions and stale documents"):
        verdict = check_snapshot(snapshot)
    # The same verdict as `plan`: something to repair or to prevent, or a blocker, exits 1.
    status = EXIT_FOUND if verdict.found else EXIT_CLEAN
    if arguments.format == "json":
        data = formats.check_to_dict(verdict)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", status
    if arguments.format == "markdown":
        return formats.check_to_markdown(verdict), status
    return formats.check_report_to_text(verdict, width=width), status


# -- plan -----------------------------------------------------------------------


def plan(
    snapshot: Snapshot, arguments: argparse.Namespace, progress: Progress, width: int
) -> tuple[str | bytes, int]:
    """What ``plan`` prints (with ``--verify``, its simulation too), and the exit status.

    A CSV written to a file starts with a byte order mark (by which Excel
    recognises UTF-8); the workbook (``xlsx``) is bytes, for a file only.
    """
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
        delimiter = arguments.delimiter or ","
        bom = arguments.output is not None
        return formats.deletions_to_csv(repair, delimiter=delimiter, bom=bom), status
    if arguments.format == "xlsx":
        return formats.deletions_to_xlsx(repair), status
    if arguments.format == "markdown":
        parts = [formats.plan_to_markdown(repair, snapshot)]
        if simulation is not None:
            parts.append(simulation.to_markdown())
    else:
        parts = [formats.plan_to_text(repair, snapshot, width=width)]
        if simulation is not None:
            parts.append(formats.simulation_to_text(simulation, width=width))
    return "\n".join(part.rstrip("\n") + "\n" for part in parts), status


# -- confirm --------------------------------------------------------------------


def confirm(arguments: argparse.Namespace, stdin: TextIO | None, width: int) -> tuple[str, int]:
    """The confirmation of a repair (text ``width`` columns wide, Markdown or JSON), and the exit status.

    The plan is the JSON ``plan --format json`` saved; the snapshot after
    the repair comes from the same input options as ``plan`` (exports, or a
    snapshot JSON); ``--before`` is a snapshot JSON.
    """
    data, name = read_json(arguments.plan, stdin, "PLAN is the plan saved by `plan --format json`")
    if isinstance(data, dict):
        # What `plan --format json` adds around the plan: what was read, and
        # with --verify the simulation.
        data.pop("simulation", None)
        data.pop("read", None)
    repair = plan_from_dict(data, source=name)
    after = load_snapshot(arguments, stdin)
    before = None
    if arguments.before is not None:
        what = "--before is the snapshot JSON `booking-reconcile snapshot` writes"
        data, name = read_json(arguments.before, stdin, what)
        before = snapshot_from_dict(data, source=name)
    confirmation = confirm_repair(before, repair, after)
    status = EXIT_CLEAN if confirmation.ok else EXIT_FOUND
    if arguments.format == "json":
        data = formats.confirmation_to_dict(confirmation)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", status
    if arguments.format == "markdown":
        return confirmation.to_markdown().rstrip("\n") + "\n", status
    return formats.confirmation_to_text(confirmation, width=width), status


# -- snapshot -------------------------------------------------------------------


def snapshot_json(snapshot: Snapshot) -> tuple[str, int]:
    """What ``snapshot`` prints: the snapshot as JSON (``Snapshot.from_dict`` reads it back)."""
    return json.dumps(snapshot.to_dict(), indent=2, ensure_ascii=False) + "\n", EXIT_CLEAN


# -- output options -----------------------------------------------------------


def refuse_what_the_format_cannot_take(arguments: argparse.Namespace) -> None:
    """Refuse, before anything is read, output options the chosen format cannot take.

    ``--delimiter`` separates CSV cells only; a workbook is binary, for a
    file (``--output``), and needs the ``excel`` extra.
    """
    if getattr(arguments, "delimiter", None) is not None and arguments.format != "csv":
        raise InputFormatError(
            f"--delimiter {arguments.delimiter}",
            f"separates the cells of --format csv only, not of {arguments.format}: leave it "
            "out, or add --format csv",
        )
    if arguments.format == "xlsx":
        if arguments.output is None:
            raise InputFormatError(
                "--format xlsx",
                "writes a binary workbook, which a terminal cannot show: add --output FILE.xlsx",
            )
        excel_module("--format xlsx")


# -- main -----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process's arguments); the exit status."""
    arguments = build_parser().parse_args(argv)
    progress = Progress(sys.stderr, enabled=not arguments.quiet and is_terminal(sys.stderr))
    text: str | bytes
    try:
        if arguments.command == "check":
            # The batch's modules (worker processes, pickling) only for check, where it runs.
            from .batch_cli import batch_requested, given_options, run_batch

            if batch_requested(arguments):
                given = given_options(build_parser(), sys.argv[1:] if argv is None else argv)
                return run_batch(arguments, given, sys.stdout, sys.stderr)
        refuse_what_the_format_cannot_take(arguments)
        if arguments.output is not None:
            refuse_output_among_inputs(arguments.output, input_paths(arguments))
        refuse_stdin_twice(arguments)
        if arguments.command == "confirm":
            with progress(f"reading {input_names(arguments)}"):
                text, status = confirm(arguments, sys.stdin, terminal_width())
        else:
            with progress(f"reading {input_names(arguments)}"):
                snapshot = load_snapshot(arguments, sys.stdin)
            # The records and the snapshot live until the command ends: frozen for the
            # cyclic collector, its runs while planning do not walk them again.
            gc.freeze()
            if arguments.command == "check":
                text, status = check(snapshot, arguments, progress, terminal_width())
            elif arguments.command == "snapshot":
                text, status = snapshot_json(snapshot)
            else:
                text, status = plan(snapshot, arguments, progress, terminal_width())
        if arguments.output is not None:
            write_atomically(arguments.output, text)
        else:
            assert isinstance(text, str), "a workbook is refused without --output"
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
        write(sys.stderr, message_lines(f"{_PROG}: internal error", str(error), terminal_width()))
        return EXIT_DEFECT
    except BookingReconcileError as error:
        write(sys.stderr, message_lines(f"{_PROG}: error", str(error), terminal_width()))
        return EXIT_BAD_INPUT
    finally:
        gc.unfreeze()

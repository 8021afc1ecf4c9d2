"""The command's arguments: the parser of ``booking-reconcile`` and its exit statuses.

Every command takes the same input options (:func:`add_inputs`) and output
options; ``check --batch`` adds its own (:mod:`booking_reconcile.batch_cli`).
A usage error is one message on standard error, like every other error, and
exit status 2. docs/cli.md lists the options with sessions.
"""

from __future__ import annotations

__all__ = [
    "CHECK_FORMATS",
    "CONFIRM_FORMATS",
    "EXIT_BAD_INPUT",
    "EXIT_BROKEN_PIPE",
    "EXIT_CLEAN",
    "EXIT_DEFECT",
    "EXIT_FOUND",
    "PLAN_FORMATS",
    "SNAPSHOT_FORMATS",
    "build_parser",
]

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import __version__
from ._terminal import PROG, message_lines, printable, terminal_width
from .batch_cli import add_batch_options
from .cutoff import CutoffPolicy
from .exports import DEFAULT_CREDIT_NOTE_JOURNAL, DEFAULT_INVOICE_JOURNAL
from .formats.spreadsheet import check_delimiter
from .readers import DateStyle

_PROG = PROG

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_BAD_INPUT = 2
EXIT_DEFECT = 3
#: The reader of standard output went away: 128 + SIGPIPE, as a shell shows a
#: program that the signal ended.
EXIT_BROKEN_PIPE = 141

#: The output formats of each command; the first is the default.
CHECK_FORMATS = ("text", "markdown", "json")
PLAN_FORMATS = ("text", "markdown", "json", "csv", "xlsx")
SNAPSHOT_FORMATS = ("json",)
CONFIRM_FORMATS = ("text", "markdown", "json")


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line like every other error."""

    def error(self, message: str) -> NoReturn:
        text = message_lines(
            f"{self.prog}: error", f"{message}; see {self.prog} --help", terminal_width()
        )
        self.exit(EXIT_BAD_INPUT, printable(text, getattr(sys.stderr, "encoding", None)))


class _Once(argparse.Action):
    """An option of one value: given twice, refused naming both (argparse keeps the last).

    ``--bookings page-1.json --bookings page-2.json`` read page 2 alone,
    without a word (§6: a plan is computed from exactly what was given).
    """

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        if isinstance(values, str) and not values.strip():
            parser.error(f"{option_string} is empty; give its value, or leave the option out")
        first = getattr(namespace, self.dest, None)
        if first is not None:  # each such option's default is None
            pages = (
                "; the pages of an API answer go in one file, as a JSON list of the pages"
                if option_string in _FILE_OPTIONS
                else ""
            )
            parser.error(
                f"{option_string} is given twice ({first!r}, then {values!r}); give it once" + pages
            )
        setattr(namespace, self.dest, values)


_FILE_OPTIONS = frozenset({"--invoices", "--credit-notes", "--bookings", "--journals"})


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
        description=(
            "List collisions and stale documents; exit 1 when something is to repair or "
            "prevent, or a blocker keeps the plan from being carried out (as plan does)."
        ),
    )
    add_inputs(check)
    _output_options(check, CHECK_FORMATS)
    add_batch_options(check)
    plan = commands.add_parser(
        "plan",
        help="compute the repair plan",
        description="Compute the repair plan; exit 1 when a blocker makes it infeasible.",
    )
    add_inputs(plan)
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
    add_inputs(snapshot)
    _start_date_option(snapshot)
    _output_options(snapshot, SNAPSHOT_FORMATS)
    confirming = commands.add_parser(
        "confirm",
        help="confirm a repair from the saved plan and the exports after it",
        description="Compare both sides after the repair (exports, or a snapshot .json) with "
        "the saved plan; exit 1 when a deviation that matters remains.",
    )
    confirming.add_argument("plan", metavar="PLAN", help="the plan saved by `plan --format json`")
    add_inputs(confirming, "AFTER", " after the repair")
    confirming.add_argument(
        "--before",
        action=_Once,
        metavar="F",
        help="snapshot .json the plan was made from (checks that nothing before the cutoff "
        "changed; `booking-reconcile snapshot` writes one)",
    )
    _output_options(confirming, CONFIRM_FORMATS)
    return parser


def add_inputs(
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
    inputs.add_argument(
        "--invoices",
        action=_Once,
        metavar="F",
        help="CSV or .xlsx of the invoice overview, or JSON of Teamleader invoices.list/info "
        "answers",
    )
    inputs.add_argument(
        "--credit-notes",
        action=_Once,
        metavar="F",
        help="CSV or .xlsx of the credit-note overview, or JSON of Teamleader "
        "creditNotes.list/info answers",
    )
    inputs.add_argument(
        "--bookings",
        action=_Once,
        metavar="F",
        help="CSV or .xlsx of the accounting package's bookings, or JSON of Exact Online "
        "SalesEntries or TransactionLines answers",
    )
    inputs.add_argument(
        "--journals",
        action=_Once,
        metavar="F",
        help="CSV or .xlsx of the journals, or JSON of Exact Online Journals answers (with "
        "JournalStatusList and FinancialPeriods)",
    )
    inputs.add_argument(
        "--column",
        metavar="FIELD=NAME",
        action="append",
        help="the column that holds FIELD, in the files that have one called NAME "
        "(repeatable; e.g. booking_number='Booking nr')",
    )
    inputs.add_argument(
        "--encoding",
        action=_Once,
        metavar="E",
        help="the text encoding of files that are not UTF-8 (default cp1252; a byte order "
        "mark or valid UTF-8 decides first)",
    )
    inputs.add_argument(
        "--department",
        action=_Once,
        metavar="NAME",
        help="read the rows of this department of documents exports that hold several",
    )
    inputs.add_argument(
        "--division",
        action=_Once,
        metavar="NAME",
        help="read the rows of this division (administration) of bookings exports that hold "
        "several",
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
        help="the bookings are the whole accounting side, as it is, on purpose (what looks "
        "incomplete there, such as a journal without bookings, is a warning, not a blocker)",
    )
    inputs.add_argument(
        "--documents-complete",
        action="store_const",
        const=True,
        help="the documents are the whole invoicing side on purpose (what looks left out "
        "there, such as a kind of which none was read, is a warning, not a blocker)",
    )
    inputs.add_argument(
        "--link-by-number",
        action="store_const",
        const=True,
        help="take a booking that names no document but has a booked document's journal, "
        "period, number and date as that document's booking (a warning each)",
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


def _delimiter(text: str) -> str:
    try:
        return check_delimiter(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _start_date_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--start-date",
        metavar="D",
        action=_Once,
        help="the integration's recorded start date (YYYY-MM-DD)",
    )


def _output_options(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=f"default {formats[0]}"
        + ("; csv: the bookings to delete, in order" if "csv" in formats else "")
        + (
            "; xlsx (with --output): a workbook of them and the next numbers"
            if "xlsx" in formats
            else ""
        ),
    )
    if "csv" in formats:
        parser.add_argument(
            "--delimiter",
            metavar="C",
            type=_delimiter,
            help="with --format csv: the separator (default ','; ';' for comma-decimal "
            "spreadsheets)",
        )
    written = (
        "UTF-8; a CSV with a byte order mark; xlsx: a workbook" if "csv" in formats else "UTF-8"
    )
    parser.add_argument(
        "--output",
        action=_Once,
        metavar="FILE",
        help=f"write to FILE ({written}) instead of standard output",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress on standard error for long runs"
    )

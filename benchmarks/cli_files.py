"""The command line's benchmark: CSV exports of a synthetic administration, and their floor.

Usage (from the repository root)::

    .venv/bin/python benchmarks/cli_files.py write /tmp/bench 1000000   # documents.csv, bookings.csv
    /usr/bin/time -v .venv/bin/booking-reconcile check /tmp/bench/documents.csv \\
        --bookings /tmp/bench/bookings.csv
    /usr/bin/time -v .venv/bin/python benchmarks/cli_files.py floor /tmp/bench

``floor`` is what the command is compared with: Python's ``csv`` module
reading both files, the records and the snapshot built from the rows
(``date.fromisoformat``, ``int``), and ``plan_repair`` in memory. Compare the
two processes' wall time and maximum resident set size.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    Invoice,
    Snapshot,
    plan_repair,
)

KINDS = {"invoice": DocumentKind.INVOICE, "credit_note": DocumentKind.CREDIT_NOTE}


def write(folder: Path, size: int) -> None:
    """The synthetic administration of ``size`` documents as the command's CSV inputs."""
    raw = synthetic.scenario(size)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "documents.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["kind", "number", "date", "booking_number"])
        for d in raw.documents:
            kind = "invoice" if d.is_invoice else "credit_note"
            writer.writerow([kind, d.number, d.date.isoformat(), d.booking_number])
    with (folder / "bookings.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["journal", "booking_number", "date", "document_kind", "document_number"])
        for b in raw.bookings:
            kind, number = (
                ("", "")
                if b.document is None
                else (
                    "invoice" if b.document[0] else "credit_note",
                    b.document[1],
                )
            )
            writer.writerow([b.journal, b.booking_number, b.date.isoformat(), kind, number])


def floor(folder: Path) -> None:
    """Read both files with the csv module, build the snapshot, plan in memory."""
    with (folder / "documents.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))[1:]
    documents = [
        (Invoice if kind == "invoice" else CreditNote)(
            number, dt.date.fromisoformat(day), int(booked) if booked else None
        )
        for kind, number, day, booked in rows
    ]
    with (folder / "bookings.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))[1:]
    bookings = [
        Booking(
            journal,
            int(booked),
            dt.date.fromisoformat(day),
            DocumentRef(KINDS[kind], number) if kind else None,
        )
        for journal, booked, day, kind, number in rows
    ]
    del rows
    plan_repair(Snapshot(synthetic.INTEGRATION, documents, bookings=bookings))


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "write":
        write(Path(argv[1]), int(argv[2]))
        return 0
    if len(argv) == 2 and argv[0] == "floor":
        floor(Path(argv[1]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

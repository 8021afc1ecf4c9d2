"""The command line's benchmark: CSV exports of a synthetic administration, and their floor.

Usage (from the repository root)::

    .venv/bin/python benchmarks/cli_files.py write /tmp/bench 1000000   # documents.csv, bookings.csv
    /usr/bin/time -v .venv/bin/booking-reconcile check /tmp/bench/documents.csv \\
        --bookings /tmp/bench/bookings.csv
    /usr/bin/time -v .venv/bin/python benchmarks/cli_files.py floor /tmp/bench

``floor`` is what the command is compared with: Python's ``csv`` module
iterated over both files, each record built as its row arrives
(``date.fromisoformat``, ``int``), the snapshot, and ``plan_repair`` in
memory; it prints the plan's answers as JSON. ``benchmarks/run.py --cli N``
compares the two processes' CPU time and peak resident memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline
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


def floor(folder: Path) -> baseline.Answers:
    """Stream both files through the csv module, building records as rows arrive; plan."""
    with (folder / "documents.csv").open(newline="", encoding="utf-8") as file:
        rows = csv.reader(file)
        next(rows)
        documents = [
            (Invoice if kind == "invoice" else CreditNote)(
                number, dt.date.fromisoformat(day), int(booked) if booked else None
            )
            for kind, number, day, booked in rows
        ]
    with (folder / "bookings.csv").open(newline="", encoding="utf-8") as file:
        rows = csv.reader(file)
        next(rows)
        bookings = [
            Booking(
                journal,
                int(booked),
                dt.date.fromisoformat(day),
                DocumentRef(KINDS[kind], number) if kind else None,
            )
            for journal, booked, day, kind, number in rows
        ]
    return baseline.answers_of(
        plan_repair(Snapshot(synthetic.INTEGRATION, documents, bookings=bookings))
    )


def answers_of_json(plan: dict[str, Any]) -> list[Any]:
    """The answers of the command's JSON plan, as :func:`floor` prints them."""
    answers = baseline.Answers(
        collisions=tuple(
            (
                c["journal"],
                c["booking_number"],
                tuple(d["number"] for d in c["documents"]),
                None if c["holder"] is None else c["holder"]["number"],
            )
            for c in plan["collisions"]
        ),
        cutoff=None if plan["cutoff"] is None else dt.date.fromisoformat(plan["cutoff"]),
        to_reset=tuple((d["kind"], d["number"]) for d in plan["to_reset"]),
        deletions=tuple(
            (x["journal"], x["booking_number"], x["document"]["number"]) for x in plan["to_delete"]
        ),
        next_numbers=tuple((n["journal"], n["number"]) for n in plan["next_numbers"]),
    )
    return _plain(answers)


def _plain(answers: baseline.Answers) -> list[Any]:
    """The answers as JSON values (what the floor prints)."""
    loaded: list[Any] = json.loads(json.dumps(answers, default=str))
    return loaded


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "write":
        write(Path(argv[1]), int(argv[2]))
        return 0
    if len(argv) == 2 and argv[0] == "floor":
        print(json.dumps(_plain(floor(Path(argv[1])))))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

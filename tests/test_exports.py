"""A snapshot from the export files' bytes (``booking_reconcile.exports``), built once.

The module is pure: it is given the files as bytes and the options as one
record, and reads nothing itself. The command line builds the snapshot once
(the bookings find their documents without a snapshot of their own) and, with
``--verify``, simulates the repair once: the proof's simulation is the one
shown.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from booking_reconcile import (
    DocumentKind,
    Integration,
    Snapshot,
    exports,
    plan_and_simulate,
    plan_repair,
)
from booking_reconcile.cli import main
from booking_reconcile.errors import InconsistentInputError, InputFormatError
from booking_reconcile.exports import (
    ExportFile,
    ExportOptions,
    Exports,
    snapshot_from_exports,
)
from booking_reconcile.readers import DateStyle
from booking_reconcile.simulate import simulate

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "article"
#: The module (the package's ``simulate`` is the function of that name).
SIMULATE = importlib.import_module("booking_reconcile.simulate")
OPTIONS = ExportOptions(integration=Integration("70", "71"))


def _file(name: str) -> ExportFile:
    return ExportFile(name, (ARTICLE / name).read_bytes())


def test_the_article_from_its_exports_is_the_article_snapshot() -> None:
    reading = snapshot_from_exports(
        Exports(
            documents=_file("documents.csv"),
            bookings=_file("bookings.csv"),
            journals=_file("journals.csv"),
        ),
        OPTIONS,
    )
    saved = Snapshot.from_dict(json.loads((ARTICLE / "snapshot.json").read_text("utf-8")))
    assert reading.snapshot.documents == saved.documents
    assert reading.snapshot.bookings == saved.bookings
    assert reading.snapshot.journals == saved.journals


def test_the_snapshot_is_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[Any] = []

    def counting(*arguments: Any, **keywords: Any) -> Snapshot:
        built.append(arguments)
        return Snapshot(*arguments, **keywords)

    monkeypatch.setattr(exports, "Snapshot", counting)
    snapshot_from_exports(
        Exports(
            documents=_file("documents.csv"),
            bookings=_file("bookings.csv"),
            journals=_file("journals.csv"),
        ),
        OPTIONS,
    )
    assert len(built) == 1


def test_bookings_find_their_documents_in_the_credit_note_journal() -> None:
    # A document number without its kind names the document as a reference
    # does: the snapshot links it among the documents of the booking's journal
    # (DOMAIN §3.8), so the credit note's booking in the integration's second one.
    reading = snapshot_from_exports(
        Exports(
            invoices=ExportFile("invoices.csv", b"number,date,booking_number\n1,2026-01-05,1\n"),
            credit_notes=ExportFile(
                "credit-notes.csv", b"number,date,booking_number\n1,2026-01-06,1\n"
            ),
            bookings=ExportFile(
                "bookings.csv",
                b"journal,booking_number,date,document_number\n"
                b"70,1,2026-01-05,1\n71,1,2026-01-06,1\n",
            ),
        ),
        OPTIONS,
    )
    snapshot = reading.snapshot
    assert [
        (booking.journal, booking.booking_number)
        for booking in map(snapshot.booking_of, snapshot.documents)
        if booking is not None
    ] == [("70", 1), ("71", 1)]
    assert [document.kind for document in snapshot.documents] == [
        DocumentKind.INVOICE,
        DocumentKind.CREDIT_NOTE,
    ]


def test_files_that_contradict_each_other_are_named_together() -> None:
    with pytest.raises(InconsistentInputError, match=r"^invoices\.csv \+ bookings\.csv: "):
        snapshot_from_exports(
            Exports(
                invoices=ExportFile(
                    "invoices.csv", b"number,date,booking_number\n1,2026-01-05,1\n"
                ),
                bookings=ExportFile(
                    "bookings.csv",
                    b"journal,booking_number,date,document_kind,document_number\n"
                    b"70,2,2026-01-05,invoice,1\n",
                ),
            ),
            OPTIONS,
        )


def test_no_documents_is_refused() -> None:
    with pytest.raises(InputFormatError, match="has no documents to read"):
        snapshot_from_exports(Exports(bookings=_file("bookings.csv")), OPTIONS)


def test_the_ignored_columns_are_notes_not_output() -> None:
    reading = snapshot_from_exports(
        Exports(
            invoices=ExportFile(
                "invoices.csv", b"number,date,booking_number,customer\n1,2026-01-05,1,Acme\n"
            )
        ),
        OPTIONS,
    )
    assert reading.notes == ("invoices.csv: columns ignored: 'customer'",)


def test_plan_and_simulate_is_plan_repair_and_simulate() -> None:
    snapshot = Snapshot.from_dict(json.loads((ARTICLE / "snapshot.json").read_text("utf-8")))
    plan, simulation = plan_and_simulate(snapshot, "rebook-deleted")
    assert plan == plan_repair(snapshot, "rebook-deleted")
    assert simulation == simulate(snapshot, plan)


def test_plan_verify_simulates_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    runs: list[object] = []
    original = SIMULATE._simulate

    def counting(*arguments: Any, **keywords: Any) -> Any:
        runs.append(arguments)
        return original(*arguments, **keywords)

    monkeypatch.setattr(SIMULATE, "_simulate", counting)
    assert main(["plan", str(ARTICLE / "snapshot.json"), "--verify", "--format", "json"]) == 0
    assert "simulation" in json.loads(capsys.readouterr().out)
    assert len(runs) == 1


def test_rule_6_two_bookings_of_one_number_are_named_by_their_lines() -> None:
    # §6: two bookings with one number in one journal and period. The bookings
    # file's rows are named, so that a person finds the entry listed twice (or
    # the other administration's) among thousands.
    bookings = (
        b"journal;booking_number;date;document_kind;document_number\r\n"
        b"70;1001;05-01-2026;invoice;2026/1\r\n"
        b"70;1002;10-01-2026;invoice;2026/3\r\n"
        b"70;1003;12-01-2026;invoice;2026/4\r\n"
        b"70;1002;13-01-2026;;\r\n"
    )
    with pytest.raises(InconsistentInputError) as refused:
        snapshot_from_exports(
            Exports(documents=_file("documents.csv"), bookings=ExportFile("b.csv", bookings)),
            ExportOptions(integration=Integration("70", "71"), date_style=DateStyle.DAY_FIRST),
        )
    message = str(refused.value)
    assert message.startswith(
        "documents.csv + b.csv: booking #1002 in journal 70 appears twice in journal 70 "
        "(dated 2026-01-10 and 2026-01-13; b.csv, lines 3 and 5); "
    )


def test_rule_6_bookings_of_one_number_in_two_years_of_a_continuous_journal_name_lines() -> None:
    bookings = b"journal,booking_number,date\n70,7,2025-12-30\n70,7,2026-01-02\n"
    with pytest.raises(InconsistentInputError, match=r"b\.csv, lines 2 and 3\); .*financial years"):
        snapshot_from_exports(
            Exports(documents=_file("documents.csv"), bookings=ExportFile("b.csv", bookings)),
            OPTIONS,
        )

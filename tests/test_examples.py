"""The bundled examples: DOMAIN.md's worked examples A and B, API answers and exports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from booking_reconcile import (
    CutoffPolicy,
    DocumentKind,
    Integration,
    Snapshot,
    plan_repair,
)
from booking_reconcile.adapters import snapshot_from_payloads
from booking_reconcile.errors import InputFormatError
from booking_reconcile.readers import DateStyle, read_bookings, read_documents, read_journals
from booking_reconcile.serialize import snapshot_from_dict, snapshot_to_dict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CSV_EXAMPLES = ["article", "two-collisions"]


def from_csv(name: str) -> Snapshot:
    folder = EXAMPLES / name
    return Snapshot(
        Integration("70", "71"),
        read_documents((folder / "documents.csv").read_text(encoding="utf-8")),
        read_journals((folder / "journals.csv").read_text(encoding="utf-8")),
        read_bookings((folder / "bookings.csv").read_text(encoding="utf-8")),
    )


def from_json(name: str) -> Snapshot:
    path = EXAMPLES / name / "snapshot.json"
    return snapshot_from_dict(json.loads(path.read_text(encoding="utf-8")), source=str(path))


@pytest.mark.parametrize("name", CSV_EXAMPLES)
def test_csv_and_json_describe_the_same_snapshot(name: str) -> None:
    assert from_csv(name) == from_json(name)


@pytest.mark.parametrize("name", CSV_EXAMPLES)
def test_json_is_what_snapshot_to_dict_writes(name: str) -> None:
    text = (EXAMPLES / name / "snapshot.json").read_text(encoding="utf-8")
    assert text == json.dumps(snapshot_to_dict(from_json(name)), indent=2) + "\n"


def numbers(documents: Any) -> list[tuple[str, int | None]]:
    return [(document.number, document.booking_number) for document in documents]


def test_example_a_keep_deleted() -> None:
    # DOMAIN.md A with A..D = 2026/1..2026/4.
    plan = plan_repair(from_csv("article"))
    assert [c.message for c in plan.collisions] == [
        "The invoices 2026/2 and 2026/3 have the same booking number"
    ]
    assert plan.cutoff == dt.date(2026, 1, 10)
    assert numbers(plan.to_delete) == [("2026/4", 1003), ("2026/3", 1002)]
    assert [n.number for n in plan.next_numbers] == [1003]
    assert numbers(plan.after_sync) == [("2026/3", 1003), ("2026/4", 1004)]


def test_example_a_rebook_deleted() -> None:
    plan = plan_repair(from_csv("article"), CutoffPolicy.REBOOK_DELETED)
    assert plan.cutoff == dt.date(2026, 1, 6)
    assert [n.number for n in plan.next_numbers] == [1002]
    assert numbers(plan.after_sync) == [("2026/2", 1002), ("2026/3", 1003), ("2026/4", 1004)]


def test_example_b_two_collisions() -> None:
    # DOMAIN.md B with A, B, D = 2026/1..3 and C, E, F = 2026/4..6.
    plan = plan_repair(from_json("two-collisions"))
    assert len(plan.collisions) == 2
    assert plan.cutoff == dt.date(2026, 1, 10)
    assert numbers(plan.to_delete) == [("2026/6", 1004), ("2026/5", 1003), ("2026/4", 1002)]
    assert [n.number for n in plan.next_numbers] == [1004]


# -- the real shapes: Exact pages, Teamleader departments, the tools' own exports ------------

GENT = "080aac72-ff1a-4627-bfe3-146b6eee979c"


def example(folder: str, name: str) -> Any:
    return json.loads((EXAMPLES / folder / name).read_text(encoding="utf-8"))


def teamleader_export() -> tuple[Any, ...]:
    folder = EXAMPLES / "teamleader"
    return (
        *read_documents(
            (folder / "invoices-export.csv").read_text(encoding="utf-8"),
            kind=DocumentKind.INVOICE,
            source="invoices-export.csv",
            date_style=DateStyle.DAY_FIRST,
        ),
        *read_documents(
            (folder / "credit-notes-export.csv").read_text(encoding="utf-8"),
            kind=DocumentKind.CREDIT_NOTE,
            date_style=DateStyle.DAY_FIRST,
        ),
    )


def from_real_apis(**overrides: Any) -> Snapshot:
    arguments: dict[str, Any] = {
        "invoices": example("teamleader", "invoices.json"),
        "credit_notes": example("teamleader", "credit-notes.json"),
        "booking_numbers": teamleader_export(),
        "department": GENT,
        "sales_entries": [
            example("exact-online", "sales-entries-page-1.json"),
            example("exact-online", "sales-entries-page-2.json"),
        ],
        "journals": example("exact-online", "journals.json"),
        "journal_statuses": example("exact-online", "journal-status-list.json"),
        "financial_periods": example("exact-online", "financial-periods.json"),
    }
    arguments.update(overrides)
    return snapshot_from_payloads(Integration("70", "71"), **arguments)


def test_real_api_answers_reach_the_articles_plan() -> None:
    snapshot = from_real_apis()
    assert [d.number for d in snapshot.documents] == [
        "2026 / 1",
        "2026 / 2",
        "2026 / 3",
        "2026 / 4",
        "2026 / 1",
    ]
    assert [j.locked_until for j in snapshot.journals] == [dt.date(2025, 12, 31)] * 2
    assert {b.reference for b in snapshot.bookings or ()} == {"2026 / 1", "2026 / 3", "2026 / 4"}
    plan = plan_repair(snapshot)
    assert [c.message for c in plan.collisions] == [
        "The invoices 2026 / 2 and 2026 / 3 have the same booking number"
    ]
    assert plan.cutoff == dt.date(2026, 1, 10)
    assert numbers(plan.to_delete) == [("2026 / 4", 1003), ("2026 / 3", 1002)]
    assert [(n.journal, n.number) for n in plan.next_numbers] == [("70", 1003)]
    assert plan.feasible


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        pytest.param(
            {"sales_entries": [example("exact-online", "sales-entries-page-1.json")]},
            "the answer is incomplete, 2 rows read",
            id="first-page-alone",
        ),
        pytest.param({"department": None}, "is another department than", id="two-departments"),
    ],
)
def test_real_api_answers_incomplete_or_mixed_are_refused(
    overrides: dict[str, Any], reason: str
) -> None:
    with pytest.raises(InputFormatError, match=reason):
        from_real_apis(**overrides)


def test_a_belgian_spreadsheet_export_is_the_articles_case() -> None:
    folder = EXAMPLES / "exports"
    invoices = (folder / "facturen.csv").read_bytes().decode("cp1252")
    entries = (folder / "verkoopboek.csv").read_bytes().decode("cp1252")
    with pytest.raises(InputFormatError, match="--day-first or --month-first"):
        read_documents(invoices, kind=DocumentKind.INVOICE)
    documents = read_documents(invoices, kind=DocumentKind.INVOICE, date_style=DateStyle.DAY_FIRST)
    assert documents == from_csv("article").documents
    side = Snapshot(Integration("70", "71"), documents)
    bookings = read_bookings(entries, documents=side, date_style=DateStyle.DAY_FIRST)
    article = from_csv("article")

    # The reader keeps "Uw ref."; the snapshot links each booking by it (§3.8).
    def entry(booking: Any) -> tuple[str, int, dt.date]:
        return (booking.journal, booking.booking_number, booking.date)

    assert [entry(b) for b in bookings] == [entry(b) for b in article.bookings or ()]
    read = Snapshot(Integration("70", "71"), documents, article.journals, bookings)
    assert [read.booking_of(d) is None for d in documents] == [
        article.booking_of(d) is None for d in documents
    ]
    plan = plan_repair(read)
    assert plan.cutoff == (dt.date(2026, 1, 10))
    assert plan.to_delete == plan_repair(article).to_delete
    # The journals' export, as saved from Excel (cp1252: the apostrophe is 0x92),
    # gives the article's journals.
    journals = read_journals((folder / "dagboeken.csv").read_bytes().decode("cp1252"))
    assert journals == article.journals

"""DOMAIN §3.8 evidence: each booking linked or explained, each side complete, before a plan."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import booking_reconcile
from booking_reconcile import (
    Booking,
    CreditNote,
    InconsistentInputError,
    Integration,
    InvalidTypeError,
    InvalidValueError,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    plan_repair,
)


def day(month: int, dom: int, year: int = 2026) -> date:
    return date(year, month, dom)


APART = Integration("70", "71")

# Example A (DOMAIN §4) with the references written the way Teamleader does.
A = Invoice("2026 / 1", day(1, 5), 1001)
B = Invoice("2026 / 2", day(1, 6), 1002)
C = Invoice("2026 / 3", day(1, 10), 1002)
D = Invoice("2026 / 4", day(1, 12), 1003)
DOCUMENTS = [A, B, C, D]


def exact_bookings(write: Any = lambda number: number.replace(" ", "")) -> list[Booking]:
    """Exact's side: B deleted; "Your ref." as ``write`` gives it."""
    return [
        Booking("70", d.booking_number or 0, d.date, reference=write(d.number)) for d in (A, C, D)
    ]


def rules(findings: tuple[Any, ...]) -> list[str]:
    return [finding.rule for finding in findings]


def test_rule_3_8_a_reference_written_without_spaces_gives_the_plan_of_example_a() -> None:
    plan = plan_repair(Snapshot(APART, DOCUMENTS, bookings=exact_bookings()))
    assert plan.feasible
    assert [d.number for d in plan.to_delete] == ["2026 / 4", "2026 / 3"]
    assert plan.cutoff == day(1, 10)


def test_rule_3_8_a_booking_with_a_documents_number_and_date_is_a_blocker() -> None:
    snapshot = Snapshot(APART, DOCUMENTS, bookings=exact_bookings(lambda number: "x" + number))
    plan = plan_repair(snapshot)
    assert not plan.feasible
    unlinked = [b for b in plan.blockers if b.rule == "booking-unlinked"]
    assert [f.documents for f in unlinked] == [(A.ref,), (C.ref,), (D.ref,)]
    assert "booking #1001 in journal 70" in unlinked[0].message
    assert "'x2026 / 1'" in unlinked[0].message
    assert "invoice 2026 / 1" in unlinked[0].message


def test_rule_3_8_link_by_number_links_them_and_warns_for_each() -> None:
    snapshot = Snapshot(
        APART, DOCUMENTS, bookings=exact_bookings(lambda number: None), link_by_number=True
    )
    plan = plan_repair(snapshot)
    assert plan.feasible
    assert rules(plan.warnings).count("linked-by-number") == 3
    assert [d.number for d in plan.to_delete] == ["2026 / 4", "2026 / 3"]
    assert snapshot.links is not None
    assert snapshot.links.by_number_and_date == 3


def test_rule_3_8_no_booking_names_a_document_is_a_blocker() -> None:
    # The reference column dropped, and no booking on a document's date either.
    bookings = [Booking("70", 5, day(2, 1)), Booking("70", 6, day(2, 2))]
    plan = plan_repair(Snapshot(APART, [A, Invoice("X", day(1, 7), 1)], bookings=bookings))
    assert "no-booking-names-a-document" in rules(plan.blockers)
    assert not plan.feasible


def test_rule_3_8_the_reference_column_dropped_never_gives_a_feasible_plan() -> None:
    plan = plan_repair(Snapshot(APART, DOCUMENTS, bookings=exact_bookings(lambda number: None)))
    assert not plan.feasible
    assert {"no-booking-names-a-document", "booking-unlinked"} <= set(rules(plan.blockers))


def _filtered_history() -> list[Invoice]:
    december = [Invoice(f"2025/{n}", day(12, n, 2025), n) for n in range(1, 4)]
    return [*december, Invoice("2026/1", day(1, 2), 4), Invoice("2026/2", day(1, 3), 4)]


def test_rule_3_8_stale_documents_before_the_first_booking_are_a_blocker_naming_the_dates() -> None:
    documents = _filtered_history()
    bookings = [Booking("70", 4, day(1, 3), reference="2026/2")]  # 2026 only
    plan = plan_repair(Snapshot(APART, documents, bookings=bookings))
    (finding,) = [b for b in plan.blockers if b.rule == "bookings-filtered-by-date"]
    assert finding.message.startswith(
        "the bookings of journal 70 before 2026-01-03 look missing: 4 booked invoices dated "
        "2025-12-01 to 2026-01-02 have no booking; export the bookings from 2025-12-01 on"
    )
    assert not plan.feasible


def test_rule_3_8_stale_documents_before_the_first_booking_warn_when_complete() -> None:
    documents = _filtered_history()
    bookings = [Booking("70", 4, day(1, 3), reference="2026/2")]
    plan = plan_repair(Snapshot(APART, documents, bookings=bookings, bookings_complete=True))
    assert "bookings-filtered-by-date" in rules(plan.warnings)
    assert "bookings-filtered-by-date" not in rules(plan.blockers)


def test_rule_3_8_one_stale_document_before_the_first_booking_is_no_evidence() -> None:
    plan = plan_repair(Snapshot(APART, DOCUMENTS, bookings=exact_bookings()))
    assert "bookings-filtered-by-date" not in rules(plan.blockers)


def test_rule_3_8_a_kind_left_out_is_a_blocker() -> None:
    # Only the invoices exported; journal 71 holds a credit note's booking with its reference.
    bookings = [*exact_bookings(), Booking("71", 1, day(1, 11), reference="C1")]
    plan = plan_repair(Snapshot(APART, DOCUMENTS, bookings=bookings))
    (finding,) = [b for b in plan.blockers if b.rule == "documents-missing"]
    assert finding.message.startswith(
        "the credit notes look missing: journal 71 holds 1 booking with a reference and no "
        "credit note was read"
    )
    assert not plan.feasible


def test_rule_3_8_a_kind_left_out_on_purpose_is_a_warning() -> None:
    bookings = [*exact_bookings(), Booking("71", 1, day(1, 11), reference="C1")]
    plan = plan_repair(Snapshot(APART, DOCUMENTS, bookings=bookings, documents_complete=True))
    assert "documents-missing" in rules(plan.warnings)
    assert "documents-missing" not in rules(plan.blockers)


def test_rule_3_8_a_shared_journal_has_no_kind_missing() -> None:
    bookings = [*exact_bookings(), Booking("70", 1004, day(1, 11), reference="C1")]
    plan = plan_repair(Snapshot(Integration("70", "70"), DOCUMENTS, bookings=bookings))
    assert "documents-missing" not in rules(plan.blockers)


def test_rule_3_8_a_credit_note_read_is_no_kind_missing() -> None:
    credit_note = CreditNote("C1", day(1, 11), 1)
    bookings = [*exact_bookings(), Booking("71", 1, day(1, 11), reference="C1")]
    plan = plan_repair(Snapshot(APART, [*DOCUMENTS, credit_note], bookings=bookings))
    assert "documents-missing" not in rules(plan.blockers)


@pytest.mark.parametrize(
    ("keyword", "value", "error"),
    [
        ("documents_complete", "yes", InvalidTypeError),
        ("documents_complete", 1, InvalidTypeError),
        ("link_by_number", None, InvalidTypeError),
        ("labels", [("division", "1")], InvalidTypeError),
        ("labels", {"division": 1234567}, InvalidTypeError),
        ("labels", {1: "x"}, InvalidValueError),
        ("labels", {" ": "x"}, InvalidValueError),
    ],
    ids=[
        "documents_complete-text",
        "documents_complete-int",
        "link_by_number-none",
        "labels-list",
        "labels-number-value",
        "labels-number-key",
        "labels-blank-key",
    ],
)
def test_rule_7_the_snapshot_keywords_refuse_bad_input(
    keyword: str, value: Any, error: type
) -> None:
    with pytest.raises(error, match=keyword.split("_")[0]):
        Snapshot(APART, [A], **{keyword: value})


def test_rule_7_labels_name_the_administration_and_change_no_rule() -> None:
    labels = {"division": "1234567", "department": "Gent"}
    labelled = Snapshot(APART, DOCUMENTS, bookings=exact_bookings(), labels=labels)
    plain = Snapshot(APART, DOCUMENTS, bookings=exact_bookings())
    assert dict(labelled.labels) == labels
    assert plan_repair(labelled).to_delete == plan_repair(plain).to_delete
    assert Snapshot.from_dict(labelled.to_dict()).labels == labels
    assert labelled.to_dict()["labels"] == labels


def test_rule_7_the_keywords_travel_in_the_snapshot_json() -> None:
    snapshot = Snapshot(
        APART, [A], bookings=[], documents_complete=True, link_by_number=True, labels={"a": "b"}
    )
    again = Snapshot.from_dict(snapshot.to_dict())
    assert (again.documents_complete, again.link_by_number, dict(again.labels)) == (
        True,
        True,
        {"a": "b"},
    )


# -- per-financial-year numbering read as continuous --------------------------

FIRST_2025 = Invoice("2025/1", day(3, 1, 2025), 1)
FIRST_2026 = Invoice("2026/1", day(1, 5), 1)


def test_rule_5_two_bookings_with_one_number_in_two_financial_years_name_per_year_numbering() -> (
    None
):
    with pytest.raises(InconsistentInputError) as raised:
        Snapshot(
            APART,
            [FIRST_2025, FIRST_2026],
            bookings=[
                Booking("70", 1, FIRST_2025.date, reference="2025/1"),
                Booking("70", 1, FIRST_2026.date, reference="2026/1"),
            ],
        )
    message = str(raised.value)
    assert "financial years 2025 and 2026" in message
    assert "per_financial_year" in message
    assert "Numbering.PER_FINANCIAL_YEAR" in message
    assert "remove" not in message


def test_rule_6_two_bookings_with_one_number_in_one_year_never_advise_removing_one() -> None:
    with pytest.raises(InconsistentInputError) as raised:
        Snapshot(
            APART,
            [FIRST_2026],
            bookings=[Booking("70", 1, day(1, 5)), Booking("70", 1, day(1, 6))],
        )
    assert "remove" not in str(raised.value)
    assert "keep every booking" in str(raised.value)


def test_rule_5_a_collision_across_financial_years_names_per_year_numbering() -> None:
    plan = plan_repair(Snapshot(APART, [FIRST_2025, FIRST_2026]))
    (finding,) = [w for w in plan.warnings if w.rule == "per-year-numbering"]
    assert "financial years 2025, 2026 of journal 70" in finding.message
    assert "Numbering.PER_FINANCIAL_YEAR" in finding.message


def test_rule_5_per_year_numbering_described_has_no_collision_and_no_such_warning() -> None:
    journals = [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")]
    plan = plan_repair(Snapshot(APART, [FIRST_2025, FIRST_2026], journals))
    assert plan.collisions == ()
    assert "per-year-numbering" not in rules(plan.warnings)


def test_no_message_of_the_package_advises_removing_a_booking() -> None:
    package = Path(booking_reconcile.__file__).parent
    advice = re.compile(
        r"remove (the |a |one )?(duplicate|wrong booking)|remove [^;:]* from the (bookings|export)",
        re.I,
    )
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if advice.search(line)
    ]
    assert offenders == []

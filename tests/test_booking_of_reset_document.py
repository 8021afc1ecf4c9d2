"""An entry by hand naming a stale document the plan resets: booked twice after the sync.

Review oracle2 F3. DOMAIN §3.7: "A plan is sound when the simulated result
has no collision, every reset document is booked exactly once"; §3.10: a
manual booking whose reference names a document, while another booking of
that document exists, is a double booking. Invoice D's own booking was
deleted in the accounting package (D is stale: it carries #1003) and D was
entered by hand as #1004 with the reference "D". The plan resets D, the
synchronisation books it again, and the entry by hand stays (§3.4: entries by
hand are never deleted): D would be booked twice. Whatever the caller says of
the documents' completeness (the entry names a document that was read), the
plan is blocked and its proof fails.
"""

from __future__ import annotations

import datetime as dt

import pytest

from booking_reconcile import (
    Booking,
    CutoffPolicy,
    Integration,
    Invoice,
    Journal,
    Snapshot,
    plan_repair,
    plan_with_cutoff,
    simulate_repair,
    verify_plan,
)

A = Invoice("A", dt.date(2026, 1, 5), 1001)
B = Invoice("B", dt.date(2026, 1, 6), 1002)
C = Invoice("C", dt.date(2026, 1, 10), 1002)
D = Invoice("D", dt.date(2026, 1, 12), 1003)
BY_HAND = Booking("70", 1004, dt.date(2026, 1, 14), None, "D")


def snapshot(*, complete: bool) -> Snapshot:
    return Snapshot(
        Integration("70", "71", start_date=dt.date(2026, 1, 1)),
        [A, B, C, D],
        [Journal("70", next_booking_number=1005), Journal("71")],
        [Booking("70", 1001, A.date, A.ref, "A"), Booking("70", 1002, C.date, C.ref, "C"), BY_HAND],
        bookings_complete=complete,
        documents_complete=complete,
    )


BLOCKER = (
    "invoice D carries booking number 1003, which no booking has, but booking #1004 in journal "
    "70 of 2026-01-14 names it by its reference 'D' (entered by hand after its booking was "
    "deleted, or booked under another number): the plan resets invoice D and the "
    "synchronisation books it again, so it would be booked twice; if that booking is invoice "
    "D's, delete it in the accounting package before you carry out the plan, else correct its "
    "reference"
)


@pytest.mark.parametrize("complete", [True, False])
def test_rule_3_7_an_entry_by_hand_naming_a_reset_document_blocks_the_plan(
    complete: bool,
) -> None:
    plan = plan_repair(snapshot(complete=complete))
    assert plan.cutoff == dt.date(2026, 1, 10)
    assert [document.number for document in plan.to_reset] == ["C", "D"]
    assert [(b.rule, b.message, b.documents) for b in plan.blockers] == [
        ("booking-of-reset-document", BLOCKER, (D.ref,))
    ]
    assert not plan.feasible
    # The planner's own proof leaves it to the blocker (plan_repair made the plan).


def test_rule_3_7_the_proof_counts_the_entry_by_hand() -> None:
    plan = plan_repair(snapshot(complete=True))
    assert verify_plan(snapshot(complete=True), plan) == (
        "invoice D is reset but booked 2 times after the sync",
    )
    after = simulate_repair(snapshot(complete=True), plan)
    assert [
        (b.booking_number, b.reference) for b in after.bookings or () if b.document is None
    ] == [(1004, "D")]


def test_rule_3_7_a_document_the_plan_does_not_reset_is_not_blocked() -> None:
    # With a cutoff after D (plan_with_cutoff), D is not reset: nothing books it again.
    plan = plan_with_cutoff(snapshot(complete=True), dt.date(2026, 1, 13))
    assert "booking-of-reset-document" not in [b.rule for b in plan.blockers]


def test_rule_3_7_rebook_deleted_blocks_it_too() -> None:
    plan = plan_repair(snapshot(complete=True), CutoffPolicy.REBOOK_DELETED)
    assert "booking-of-reset-document" in [b.rule for b in plan.blockers]


def test_rule_3_7_verify_plan_finds_an_unbooked_document_booked_by_hand_too() -> None:
    # The sibling case: X shows no booking number, an entry by hand names it.
    x = Invoice("X", dt.date(2026, 1, 7))
    before = Snapshot(
        Integration("70", "71"),
        [A, x],
        bookings=[Booking("70", 1001, A.date, A.ref), Booking("70", 1003, x.date, None, "X")],
    )
    plan = plan_repair(before)
    assert [b.rule for b in plan.blockers] == ["booking-of-unbooked-document"]
    assert verify_plan(before, plan) == (
        "invoice X is not booked yet, but booking #1003 in journal 70 entered by hand names it: "
        "the sync books it a second time",
    )

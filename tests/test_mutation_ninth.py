"""The ninth session's mutation survivors of the confirmation's new checks, killed.

docs/mutation.md, "The ninth session": `_confirm_after._booked_before_the_sync`
(a document sent between planning and the repair, booked again by it) and
`_confirm_checks.next_numbers_set` / `kept_without_booking` (a configured
next number below the plan's names the stale numbers it reaches), run by
name. Each test says which behaviour it pins.
"""

from __future__ import annotations

import attrs

from booking_reconcile import (
    Booking,
    CreditNote,
    Invoice,
    Journal,
    Snapshot,
    confirm_repair,
    plan_repair,
)
from builders import day
from test_confirm_oracle2 import EXAMPLE_A, INTEGRATION, P1, P2, P3, PLAN_A, PREVENT, A, B, C, D


def _sent_between(x: Invoice) -> Snapshot:
    """Example A repaired, with ``x`` sent between planning and the repair (#1004) and booked again."""
    return Snapshot(
        INTEGRATION,
        [A, B, attrs.evolve(C, booking_number=1005), attrs.evolve(D, booking_number=1006), x],
        [Journal("70", next_booking_number=1008), Journal("71")],
        [
            Booking("70", 1001, A.date, None, "A"),
            Booking("70", 1004, x.date, None, "X"),
            Booking("70", 1005, C.date, None, "C"),
            Booking("70", 1006, D.date, None, "D"),
            Booking("70", 1007, x.date, None, "X"),
        ],
    )


def _about_x(before: Snapshot | None, after: Snapshot) -> list[tuple[str, bool]]:
    x_ref = next(d.ref for d in after.documents if d.number == "X")
    confirmation = confirm_repair(before, PLAN_A, after)
    return [(d.step, d.matters) for d in confirmation.deviations if d.documents == (x_ref,)]


def test_a_document_dated_on_the_cutoff_sent_in_between_was_reset_by_the_deactivation() -> None:
    # Dated the cutoff day itself: the deactivation (from the cutoff on) reset it.
    x = Invoice("X", PLAN_A.cutoff or day(1, 10), 1004)
    assert _about_x(EXAMPLE_A, _sent_between(x)) == [("delete-bookings", True)]


def test_a_document_dated_before_the_cutoff_sent_in_between_was_not_reset() -> None:
    # Dated before the cutoff, the deactivation left it: its later booking was
    # entered by hand since, not made by the repair (a note that does not matter).
    x = Invoice("X", day(1, 9), 1004)
    assert _about_x(EXAMPLE_A, _sent_between(x)) == [("delete-double-bookings", False)]


def test_a_double_booking_made_since_a_prevention_plan_has_no_cutoff_to_compare() -> None:
    # A prevention plan (no cutoff): invoice N sent after it (#1004) and entered
    # by hand too (#1005): made since, said without matter (and no cutoff read).
    before, p1, p2, p3 = PREVENT, P1, P2, P3
    plan = plan_repair(before)
    assert plan.kind == "prevent"
    n = Invoice("N", day(1, 20), 1004)
    after = attrs.evolve(
        before,
        documents=[p1, p2, p3, n],
        journals=[Journal("70", next_booking_number=1006), Journal("71")],
        bookings=[
            *(before.bookings or ()),
            Booking("70", 1004, n.date, n.ref, "N"),
            Booking("70", 1005, day(1, 21), None, "N"),
        ],
    )
    confirmation = confirm_repair(before, plan, after)
    assert [(d.step, d.documents, d.matters) for d in confirmation.deviations] == [
        ("delete-double-bookings", (n.ref,), False)
    ]


def _prevention(*stale: Invoice) -> tuple[Snapshot, Snapshot]:
    """Invoice 1 (#1001) booked, ``stale`` without bookings; the next number typed 1001.

    Journal 71 holds a stale credit note too (K1, #1003, its next number set
    right): in the range of 70's numbers, but of another journal.
    """
    one = Invoice("1", day(1, 5), 1001)
    k0, k1 = CreditNote("K0", day(1, 4), 1002), CreditNote("K1", day(1, 5), 1003)
    before = Snapshot(
        INTEGRATION,
        [one, *stale, k0, k1],
        [Journal("70", next_booking_number=1002), Journal("71", next_booking_number=1004)],
        [Booking("70", 1001, one.date, one.ref, "1"), Booking("71", 1002, k0.date, k0.ref)],
    )
    after = attrs.evolve(
        before,
        journals=[Journal("70", next_booking_number=1001), Journal("71", next_booking_number=1004)],
    )
    return before, after


def test_two_stale_numbers_reached_are_named_together() -> None:
    # Two stale numbers: "documents ... would receive", both named; credit
    # note K1 of journal 71 (stale #1003, in the range but in another journal) is not.
    f2, f3 = Invoice("F2", day(1, 6), 1003), Invoice("F3", day(1, 8), 1004)
    before, after = _prevention(f2, f3)
    plan = plan_repair(before)
    (deviation,) = confirm_repair(before, plan, after).deviations
    assert deviation.documents == (f2.ref, f3.ref)
    assert deviation.message == (
        "journal 70: the configured next booking number is 1001, not 1005 as the plan says; "
        "invoice F2 and invoice F3 keep booking numbers 1003 and 1004 without a booking, "
        "which documents sent there would receive again and collide: set it to 1005 before "
        "the documents are sent (step set-next-numbers)"
    )


def test_three_stale_numbers_reached_are_listed_with_commas() -> None:
    f2, f3, f4 = (
        Invoice("F2", day(1, 6), 1002),
        Invoice("F3", day(1, 7), 1003),
        Invoice("F4", day(1, 8), 1004),
    )
    before, after = _prevention(f2, f3, f4)
    (deviation,) = confirm_repair(before, plan_repair(before), after).deviations
    assert (
        "invoice F2, invoice F3 and invoice F4 keep booking numbers 1002, 1003 and 1004 "
        "without a booking, which documents sent there would receive again" in deviation.message
    )


def test_a_configured_number_below_the_plans_with_no_stale_number_reached_names_none() -> None:
    # Example A rebook-deleted (next 1002, B reset too), carried out up to the
    # sync, the number typed 1001: no stale number is left to reach.
    plan = plan_repair(EXAMPLE_A, "rebook-deleted")
    assert [n.number for n in plan.next_numbers] == [1002]
    after = Snapshot(
        INTEGRATION,
        [A, *(attrs.evolve(d, booking_number=None) for d in (B, C, D))],
        [Journal("70", next_booking_number=1001), Journal("71")],
        [Booking("70", 1001, A.date, A.ref, "A")],
    )
    deviations = confirm_repair(EXAMPLE_A, plan, after).deviations
    assert [
        (d.step, d.documents, d.message) for d in deviations if d.step == "set-next-numbers"
    ] == [
        (
            "set-next-numbers",
            (),
            "journal 70: the configured next booking number is 1001, not 1002 as the plan "
            "says: set it to 1002 before the documents are sent (step set-next-numbers)",
        )
    ]

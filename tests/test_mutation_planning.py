"""The planning rules' paths the other rule tests leave open (docs/mutation.md).

The simulation (§3.7) finds the highest booking kept per place without
reading every booking, the stale rule (§3.2) asks only as far as it must,
and the split at a cutoff is found once: each test here pins a case those
shortcuts must get right. Most simulate a plan whose next numbers were taken
away (``attrs.evolve``, as the broken plans of ``test_simulate.py``), so the
numbers the accounting package hands out show the highest booking kept as
the simulation found it, not the plan's next number above it.
"""

from __future__ import annotations

import attrs
import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    Invoice,
    Journal,
    Place,
    RepairPlan,
    Snapshot,
    plan_repair,
    plan_with_cutoff,
    simulate,
    simulate_repair,
    verify_plan,
)
from booking_reconcile.deletion import Deletion, split_at
from booking_reconcile.stale import find_collision_risks, highest_booking_numbers, risks_among
from builders import SHARED, TWO_JOURNALS, booked, day, numbers

JOURNAL_70 = Place("70", None)


def _without_next_numbers(plan: RepairPlan) -> RepairPlan:
    return attrs.evolve(plan, next_numbers=())


def _sent(snapshot: Snapshot, plan: RepairPlan) -> list[tuple[str, int | None]]:
    """The documents the simulated sync sent, with the numbers it gave them."""
    return numbers(sent.document for sent in simulate(snapshot, plan).sent)


# §3.7: the sync gives max(highest booking kept + 1, configured); without a
# next number, the highest kept decides. Y (#10) is deleted and sent again.


def test_rule_3_7_the_highest_booking_kept_listed_just_before_the_deleted_one_counts() -> None:
    w, x, y = Invoice("W", day(1, 3), 8), Invoice("X", day(1, 2), 9), Invoice("Y", day(1, 12), 10)
    snapshot = Snapshot(SHARED, [w, x, y], bookings=booked(w, x, y))
    plan = _without_next_numbers(plan_with_cutoff(snapshot, day(1, 10)))
    assert _sent(snapshot, plan) == [("Y", 10)]
    assert verify_plan(snapshot, plan) == ()


def test_rule_3_7_the_highest_booking_kept_counts_when_listed_before_a_lower_one() -> None:
    w, x, y = Invoice("W", day(1, 3), 8), Invoice("X", day(1, 2), 9), Invoice("Y", day(1, 12), 10)
    snapshot = Snapshot(SHARED, [w, x, y], bookings=booked(x, w, y))
    plan = _without_next_numbers(plan_with_cutoff(snapshot, day(1, 10)))
    assert _sent(snapshot, plan) == [("Y", 10)]
    assert verify_plan(snapshot, plan) == ()


def test_rule_3_7_the_highest_booking_kept_counts_when_listed_last() -> None:
    w, x, y = Invoice("W", day(1, 3), 8), Invoice("X", day(1, 2), 9), Invoice("Y", day(1, 12), 10)
    snapshot = Snapshot(SHARED, [w, x, y], bookings=booked(w, y, x))
    plan = _without_next_numbers(plan_with_cutoff(snapshot, day(1, 10)))
    assert _sent(snapshot, plan) == [("Y", 10)]


def test_rule_3_7_a_gap_below_the_deleted_booking_leaves_the_highest_kept() -> None:
    # #9 was never booked: the highest kept is #8, though #5 is listed first.
    v, w, y = Invoice("V", day(1, 2), 5), Invoice("W", day(1, 3), 8), Invoice("Y", day(1, 12), 10)
    snapshot = Snapshot(SHARED, [v, w, y], bookings=booked(v, w, y))
    plan = _without_next_numbers(plan_with_cutoff(snapshot, day(1, 10)))
    assert _sent(snapshot, plan) == [("Y", 9)]


def test_rule_3_7_booking_1_kept_is_the_highest_kept() -> None:
    a, b = Invoice("A", day(1, 3), 1), Invoice("B", day(1, 12), 2)
    snapshot = Snapshot(SHARED, [a, b], bookings=booked(a, b))
    plan = _without_next_numbers(plan_with_cutoff(snapshot, day(1, 10)))
    assert _sent(snapshot, plan) == [("B", 2)]
    assert verify_plan(snapshot, plan) == ()


def test_rule_3_7_booking_1_listed_last_does_not_hide_a_higher_one_kept() -> None:
    a, e, z = Invoice("A", day(1, 3), 1), Invoice("E", day(1, 4), 5), Invoice("Z", day(1, 12), 6)
    snapshot = Snapshot(SHARED, [a, e, z], bookings=booked(e, z, a))
    plan = _without_next_numbers(plan_with_cutoff(snapshot, day(1, 10)))
    assert _sent(snapshot, plan) == [("Z", 6)]


def test_rule_3_7_every_journal_whose_highest_booking_is_deleted_counts_its_highest_kept() -> None:
    # Journal 70 keeps its highest (#4); journal 71 loses its #6 and keeps #5.
    i1, i2 = Invoice("I1", day(1, 11), 3), Invoice("I2", day(1, 2), 4)
    c1, c2 = CreditNote("C1", day(1, 2), 5), CreditNote("C2", day(1, 12), 6)
    bookings = [*booked(i1, i2), *booked(c1, c2, journal="71")]
    snapshot = Snapshot(TWO_JOURNALS, [i1, i2, c1, c2], bookings=bookings)
    plan = _without_next_numbers(plan_with_cutoff(snapshot, day(1, 10)))
    assert _sent(snapshot, plan) == [("I1", 5), ("C2", 6)]
    assert verify_plan(snapshot, plan) == ()


def test_rule_3_7_two_journals_whose_highest_bookings_are_deleted_each_count_their_own() -> None:
    i1, i2 = Invoice("I1", day(1, 2), 3), Invoice("I2", day(1, 11), 4)
    c1, c2 = CreditNote("C1", day(1, 2), 5), CreditNote("C2", day(1, 12), 6)
    bookings = [*booked(i1, i2), *booked(c1, c2, journal="71")]
    snapshot = Snapshot(TWO_JOURNALS, [i1, i2, c1, c2], bookings=bookings)
    plan = _without_next_numbers(plan_with_cutoff(snapshot, day(1, 10)))
    assert _sent(snapshot, plan) == [("I2", 4), ("C2", 6)]
    assert verify_plan(snapshot, plan) == ()


def test_rule_3_7_the_sync_numbers_after_the_highest_booking_not_the_last_listed() -> None:
    a, b, e = Invoice("A", day(1, 5), 5), Invoice("B", day(1, 6), 3), Invoice("E", day(1, 8))
    snapshot = Snapshot(SHARED, [a, b, e], bookings=booked(a, b))
    assert highest_booking_numbers(snapshot) == {JOURNAL_70: 5}
    assert _sent(snapshot, plan_repair(snapshot)) == [("E", 6)]


# §3.10: a double booking's manual booking is deleted; the other bookings stay.

A_1001 = Invoice("A", day(1, 5), 1001)
B_1002 = Invoice("B", day(1, 6), 1002)
E_NEW = Invoice("E", day(1, 8))
DUPLICATE = Booking("70", 1003, day(1, 7), reference="A")
MANUAL = Booking("70", 500, day(1, 1))
DOUBLED = Snapshot(
    SHARED, [A_1001, B_1002, E_NEW], bookings=[*booked(B_1002, A_1001), DUPLICATE, MANUAL]
)


def test_rule_3_10_simulate_deletes_the_plans_double_bookings() -> None:
    plan = plan_repair(DOUBLED)
    assert [double.duplicate for double in plan.double_bookings] == [DUPLICATE]
    simulation = simulate(DOUBLED, plan)
    assert simulation.after.bookings is not None
    assert DUPLICATE not in simulation.after.bookings
    assert numbers(sent.document for sent in simulation.sent) == [("E", 1003)]
    assert simulation.problems == ()


def test_rule_3_10_deleting_a_double_booking_keeps_the_other_manual_bookings() -> None:
    after = simulate_repair(DOUBLED, plan_repair(DOUBLED))
    assert after.bookings == (
        *booked(B_1002, A_1001),
        MANUAL,
        Booking("70", 1003, day(1, 8), E_NEW.ref),
    )


def test_rule_3_10_with_a_double_booking_deleted_the_highest_booking_left_counts() -> None:
    # B #1002 is listed before A #1001 and the manual #500: the highest left is #1002.
    plan = _without_next_numbers(plan_repair(DOUBLED))
    assert _sent(DOUBLED, plan) == [("E", 1003)]


def test_rule_3_10_with_a_double_booking_deleted_booking_1_left_is_the_highest() -> None:
    a, e = Invoice("A", day(1, 5), 1), Invoice("E", day(1, 8))
    duplicate = Booking("70", 2, day(1, 7), reference="A")
    snapshot = Snapshot(SHARED, [a, e], bookings=[*booked(a), duplicate])
    plan = _without_next_numbers(plan_repair(snapshot))
    assert [double.duplicate for double in plan.double_bookings] == [duplicate]
    assert _sent(snapshot, plan) == [("E", 2)]
    assert verify_plan(snapshot, plan) == ()


# §3.7: after the sync, a known next number shows the number set.


def test_rule_3_7_a_next_number_set_where_nothing_is_sent_is_the_journals_next_number() -> None:
    # A #1 booked, S #2 stale: the plan sets 3, and the sync sends nothing.
    a, s = Invoice("A", day(1, 5), 1), Invoice("S", day(1, 6), 2)
    snapshot = Snapshot(
        SHARED, [a, s], journals=[Journal("70", next_booking_number=2)], bookings=booked(a)
    )
    plan = plan_repair(snapshot)
    assert [(n.place, n.number) for n in plan.next_numbers] == [(JOURNAL_70, 3)]
    assert simulate_repair(snapshot, plan).journals == (Journal("70", next_booking_number=3),)


# §3.7: the proof names every collision after the sync, with all its documents.


def test_rule_3_7_a_number_handed_out_in_another_journal_does_not_end_the_search() -> None:
    # Credit note X carries #2 in journal 71, where nothing is sent; the sync
    # hands #2 in journal 70 to E, which stale B carries.
    x = CreditNote("X", day(1, 2), 2)
    a, b, e = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2), Invoice("E", day(1, 8))
    snapshot = Snapshot(TWO_JOURNALS, [x, a, b, e], bookings=[*booked(x, journal="71"), *booked(a)])
    plan = _without_next_numbers(plan_repair(snapshot))
    assert verify_plan(snapshot, plan) == (
        "after the repair: The invoices B and E have the same booking number (#2 in journal 70)",
    )


def test_rule_3_7_a_kept_collision_the_sync_adds_to_is_named_with_the_sent_document() -> None:
    # B and C share #2, have no booking, and are kept: the sync hands #2 to E too.
    a, b = Invoice("A", day(1, 2), 1), Invoice("B", day(1, 3), 2)
    c, e = Invoice("C", day(1, 4), 2), Invoice("E", day(1, 8))
    snapshot = Snapshot(SHARED, [a, b, c, e], bookings=booked(a))
    plan = plan_with_cutoff(snapshot, day(1, 5))
    assert plan.to_reset == ()
    assert verify_plan(snapshot, _without_next_numbers(plan)) == (
        "after the repair: The invoices B, C and E have the same booking number (#2 in journal 70)",
    )
    assert verify_plan(snapshot, plan) == (
        "after the repair: The invoices B and C have the same booking number (#2 in journal 70)",
    )


# The split at a cutoff: the earliest booked document kept is None when none is kept.


def test_a_cutoff_before_every_booked_document_keeps_no_earliest_date_before_it() -> None:
    a, b = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 1)
    snapshot = Snapshot(SHARED, [a, b])
    split = split_at(snapshot, day(1, 1))
    assert split.earliest_before is None
    assert split.earliest == day(1, 5)
    assert plan_with_cutoff(snapshot, day(1, 1)).earliest_booked == day(1, 5)
    assert split_at(snapshot, day(1, 6)).earliest_before == day(1, 5)


# §3.2: a stale document predicts a collision when at or above the highest booking left.

STALE_S = Invoice("S", day(1, 3), 2)
BOOKED_1 = Invoice("A", day(1, 2), 1)
BOOKED_3 = Invoice("B", day(1, 12), 3)


def test_rule_3_2_risks_among_takes_the_stale_documents_in_any_order() -> None:
    # The highest booking, #20, is above both stale numbers (#12 and #4).
    a, low, high = (
        Invoice("A", day(1, 2), 20),
        Invoice("L", day(1, 3), 4),
        Invoice("H", day(1, 4), 12),
    )
    f = Invoice("F", day(1, 5), 5)
    snapshot = Snapshot(SHARED, [a, low, high, f], bookings=booked(a, f))
    assert risks_among(snapshot, [high, low]) == ()
    assert risks_among(snapshot, [low, high]) == ()


def test_rule_3_2_a_booking_the_plan_deletes_is_not_left() -> None:
    snapshot = Snapshot(SHARED, [BOOKED_1, STALE_S, BOOKED_3], bookings=booked(BOOKED_1, BOOKED_3))
    assert risks_among(snapshot, [STALE_S]) == ()
    assert risks_among(snapshot, [STALE_S], deleted=[BOOKED_3.key]) == (STALE_S,)


def test_rule_3_2_the_first_booking_the_plan_deletes_is_not_left() -> None:
    snapshot = Snapshot(SHARED, [BOOKED_1, STALE_S, BOOKED_3], bookings=booked(BOOKED_3, BOOKED_1))
    assert risks_among(snapshot, [STALE_S]) == ()
    assert risks_among(snapshot, [STALE_S], deleted=[BOOKED_3.key]) == (STALE_S,)


def test_rule_3_2_a_deleted_document_the_snapshot_does_not_hold_deletes_nothing() -> None:
    snapshot = Snapshot(SHARED, [BOOKED_1, STALE_S, BOOKED_3], bookings=booked(BOOKED_1, BOOKED_3))
    unknown = Invoice("Q", day(1, 1), 9)
    assert risks_among(snapshot, [STALE_S], deleted=[unknown.key]) == ()


def test_rule_3_2_deleting_a_double_booking_leaves_the_other_bookings() -> None:
    duplicate = Booking("70", 4, day(1, 7), reference="A")
    bookings = [*booked(BOOKED_1, BOOKED_3), duplicate]
    snapshot = Snapshot(SHARED, [BOOKED_1, STALE_S, BOOKED_3], bookings=bookings)
    assert risks_among(snapshot, [STALE_S], removed=[duplicate]) == ()
    plan = plan_repair(snapshot)
    assert [double.duplicate for double in plan.double_bookings] == [duplicate]
    assert plan.next_numbers == ()


# The proof's shortcut (nothing collides, changes or is sent) is taken only
# when the plan lists nothing: a plan without a cutoff that lists a document
# to reset, or a booking to delete, is read and refused.
def test_proof_a_plan_without_cutoff_that_resets_a_document_is_not_proven() -> None:
    a, b = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2)
    snapshot = Snapshot(SHARED, [a, b], bookings=booked(a, b))
    plan = plan_repair(snapshot)
    assert plan.cutoff is None
    assert verify_plan(snapshot, plan) == ()

    reasons = verify_plan(snapshot, attrs.evolve(plan, to_reset=(b,)))
    assert any("B" in reason for reason in reasons)


def test_proof_a_plan_without_cutoff_that_deletes_a_booking_is_not_proven() -> None:
    a, b = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2)
    snapshot = Snapshot(SHARED, [a, b], bookings=booked(a, b))
    plan = plan_repair(snapshot)

    tampered = attrs.evolve(plan, deletions=(Deletion("70", None, 2, b),))
    reasons = verify_plan(snapshot, tampered)
    assert any("B" in reason for reason in reasons)


# §3.7: the proof refuses the plan's lists before it simulates anything.


def test_proof_a_plan_without_cutoff_that_resets_a_document_is_refused_for_its_lists() -> None:
    # Without a cutoff the integration resets nothing: B listed to reset is
    # the lists' own fault, said as such, not a sync that books B twice.
    a, b = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2)
    snapshot = Snapshot(SHARED, [a, b], bookings=booked(a, b))
    plan = attrs.evolve(plan_repair(snapshot), to_reset=(b,))
    assert verify_plan(snapshot, plan) == (
        "invoice B is listed to reset, but the integration does not reset it",
        "invoice B is reset but its booking is not deleted: it would be booked twice",
    )


# §3.7: the documents that carry a number the sync hands out, each named once.


def test_rule_3_7_a_manual_booking_under_a_number_handed_out_books_no_document() -> None:
    # Journal 71 holds a manual booking #2; the sync hands #2 in journal 70 to
    # E, which stale B (listed last) carries: B and E collide, B named once.
    a, e, b = Invoice("A", day(1, 5), 1), Invoice("E", day(1, 8)), Invoice("B", day(1, 6), 2)
    manual = Booking("71", 2, day(1, 2))
    snapshot = Snapshot(TWO_JOURNALS, [a, e, b], bookings=[*booked(a), manual])
    plan = _without_next_numbers(plan_repair(snapshot))
    assert verify_plan(snapshot, plan) == (
        "after the repair: The invoices B and E have the same booking number (#2 in journal 70)",
    )


def test_rule_3_7_a_reset_document_carrying_a_number_handed_out_does_not_end_the_search() -> None:
    # R (stale #3, listed before K) is reset and sent again as #2, which
    # stale K, kept before the cutoff, carries; E gets #3.
    a, r = Invoice("A", day(1, 2), 1), Invoice("R", day(1, 10), 3)
    k, e = Invoice("K", day(1, 3), 2), Invoice("E", day(1, 12))
    snapshot = Snapshot(SHARED, [a, r, k, e], bookings=booked(a))
    plan = _without_next_numbers(plan_with_cutoff(snapshot, day(1, 10)))
    assert [document.number for document in plan.to_reset] == ["R"]
    assert _sent(snapshot, plan) == [("R", 2), ("E", 3)]
    assert verify_plan(snapshot, plan) == (
        "after the repair: The invoices K and R have the same booking number (#2 in journal 70)",
    )


# The split at a cutoff with the bookings given: as without them.


def test_with_the_bookings_a_cutoff_on_or_before_every_booked_document_keeps_none_before_it() -> (
    None
):
    a, b = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2)
    snapshot = Snapshot(SHARED, [a, b], bookings=booked(a, b))
    assert split_at(snapshot, day(1, 5)).earliest_before is None
    assert split_at(snapshot, day(1, 1)).earliest_before is None
    assert split_at(snapshot, day(1, 6)).earliest_before == day(1, 5)
    assert plan_with_cutoff(snapshot, day(1, 5)).earliest_booked == day(1, 5)


@pytest.mark.parametrize(
    "documents", [[Invoice("E", day(1, 8))], []], ids=["one-not-booked", "no-document"]
)
def test_a_cutoff_where_nothing_is_booked_yet_resets_nothing(documents: list[Invoice]) -> None:
    snapshot = Snapshot(SHARED, documents, bookings=())
    plan = plan_with_cutoff(snapshot, day(1, 1))
    assert (plan.to_reset, plan.earliest_booked) == ((), None)
    assert split_at(snapshot, day(1, 1)) == ((), {}, None)


# §3.2: a stale number below a booking left predicts nothing, #1 included.


def test_rule_3_2_a_stale_number_1_below_a_booking_left_predicts_no_collision() -> None:
    s, b = Invoice("S", day(1, 2), 1), Invoice("B", day(1, 3), 2)
    snapshot = Snapshot(SHARED, [s, b], bookings=booked(b))
    assert risks_among(snapshot, [s]) == ()
    assert find_collision_risks(snapshot) == ()
    assert plan_repair(snapshot).kind == "none"


# §3.10 with §3.5: a repair deletes a double booking in a journal it sends
# nothing into, which gets no next number: the stale number it uncovers is
# a collision ahead.


def test_rule_3_10_a_double_booking_deleted_where_nothing_is_sent_uncovers_a_stale_number() -> None:
    # Journal 70: B and C share #2 (B's booking deleted). Journal 71: K1 #1
    # is booked twice (#3 by hand), S #2 lost its booking; with #3 deleted
    # the highest left in 71 is #1, below S.
    a, b, c = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2), Invoice("C", day(1, 10), 2)
    k1, s = CreditNote("K1", day(1, 2), 1), CreditNote("S", day(1, 3), 2)
    duplicate = Booking("71", 3, day(1, 4), reference="K1")
    bookings = [*booked(a, c), *booked(k1, journal="71"), duplicate]
    snapshot = Snapshot(TWO_JOURNALS, [a, b, c, k1, s], bookings=bookings)
    plan = plan_repair(snapshot)
    assert [double.duplicate for double in plan.double_bookings] == [duplicate]
    assert [n.place for n in plan.next_numbers] == [JOURNAL_70]
    assert [w.documents for w in plan.warnings if w.rule == "collision-ahead"] == [(s.ref,)]

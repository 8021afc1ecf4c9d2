"""Confirming a repair (DOMAIN §3.11), rule by rule: the cases a review found the checks missed.

Each test is named after the rule of §3.11 it pins: a double booking's
manual entry is gone whatever the new export's spelling of its reference; a
new snapshot that shows nothing of the journal cannot show it gone; a
number below the plan's prediction points to the next number not set; a
booking the plan keeps is still there; and the three records are of one
administration (§7: labels, echoed in the confirmation).
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from booking_reconcile import (
    Booking,
    Confirmation,
    CreditNote,
    Deviation,
    Integration,
    Invoice,
    Journal,
    PlanMismatchError,
    RepairPlan,
    Snapshot,
    Unchecked,
    confirm_repair,
    plan_repair,
    simulate_repair,
)
from booking_reconcile.formats import confirmation_to_dict, confirmation_to_text
from builders import booked, day
from test_confirm import exactly, repairs

# -- each double booking's manual entry is gone (§3.10) --------------------------

# Invoice "2026 / 2" is booked by the integration (#1002) and by hand (#1003).
A = Invoice("2026 / 1", day(1, 5), 1001)
B = Invoice("2026 / 2", day(1, 6), 1002)
BY_HAND = Booking("70", 1003, day(1, 8), reference="2026 / 2")
DOUBLE = Snapshot(
    Integration("70", "71"),
    [A, B],
    bookings=[
        Booking("70", 1001, A.date, reference="2026 / 1"),
        Booking("70", 1002, B.date, reference="2026 / 2"),
        BY_HAND,
    ],
)
DOUBLE_PLAN = plan_repair(DOUBLE)
LEFT_IN_PLACE = Deviation(
    "delete-double-bookings",
    "booking #1003 in journal 70 of 2026-01-08, entered by hand for invoice 2026 / 2, is "
    "still in the accounting package: it was not deleted (step delete-double-bookings), so "
    "invoice 2026 / 2 is booked twice; delete that booking in the accounting package",
    (B.ref,),
)


@pytest.mark.parametrize("written", ["2026/2", "2026 /2", "2026  /  2"])
def test_rule_3_11_a_double_booking_left_in_place_is_found_however_its_reference_is_written(
    written: str,
) -> None:
    # Nothing was done, but the new export writes the references otherwise
    # (§3.8: one rule compares them, without white space and case).
    after = attrs.evolve(
        DOUBLE,
        bookings=[
            Booking("70", 1001, A.date, reference="2026/1"),
            Booking("70", 1002, B.date, reference=written),
            attrs.evolve(BY_HAND, reference=written),
        ],
    )
    confirmation = confirm_repair(DOUBLE, DOUBLE_PLAN, after)
    assert confirmation.deviations == (LEFT_IN_PLACE,)
    assert not confirmation.ok


def test_rule_3_11_a_double_booking_gone_is_confirmed_whatever_the_spelling() -> None:
    after = simulate_repair(DOUBLE, DOUBLE_PLAN)
    respelled = attrs.evolve(
        after,
        bookings=[
            attrs.evolve(booking, reference=(booking.reference or "").replace(" ", ""))
            for booking in after.bookings or ()
        ],
    )
    assert confirm_repair(DOUBLE, DOUBLE_PLAN, respelled).ok


NOTHING_OF_70 = Unchecked(
    "delete-double-bookings",
    "each booking entered by hand that the plan deletes is gone (the new snapshot has no "
    "bookings of journal 70: export them too)",
)


def test_rule_3_11_a_double_booking_is_unchecked_when_the_new_snapshot_has_no_bookings() -> None:
    # bookings=(): the export of the accounting side came out empty.
    after = attrs.evolve(DOUBLE, bookings=())
    confirmation = confirm_repair(DOUBLE, DOUBLE_PLAN, after)
    assert confirmation.unchecked == (NOTHING_OF_70,)
    assert not confirmation.ok


def test_rule_3_11_a_double_booking_is_unchecked_when_the_new_snapshot_lacks_its_journal() -> None:
    # Only the credit notes' journal 71 was exported.
    credit_note = CreditNote("K", day(1, 7), 1)
    after = attrs.evolve(
        DOUBLE,
        documents=[A, B, credit_note],
        bookings=[Booking("71", 1, credit_note.date, reference="K")],
    )
    confirmation = confirm_repair(DOUBLE, DOUBLE_PLAN, after)
    assert confirmation.unchecked == (NOTHING_OF_70,)
    assert not confirmation.ok


def test_rule_3_11_the_bookings_of_other_journals_do_not_make_a_double_booking_unchecked() -> None:
    credit_note = CreditNote("K", day(1, 7), 1)
    after = simulate_repair(DOUBLE, DOUBLE_PLAN)
    after = attrs.evolve(
        after,
        documents=[*after.documents, credit_note],
        bookings=[*(after.bookings or ()), Booking("71", 1, credit_note.date, reference="K")],
    )
    confirmation = confirm_repair(DOUBLE, DOUBLE_PLAN, after)
    assert confirmation.unchecked == ()
    assert confirmation.ok


# -- each reset document carries the number the plan predicted -------------------

# Worked example A: B's booking #1002 was deleted; C got #1002 again. The
# plan: cutoff 01-10, delete D #1003 and C #1002, next 1003; after the sync
# C #1003, D #1004.
EA = Invoice("A", day(1, 5), 1001)
EB = Invoice("B", day(1, 6), 1002)
EC = Invoice("C", day(1, 10), 1002)
ED = Invoice("D", day(1, 12), 1003)
EXAMPLE = Snapshot(Integration("70", "71"), [EA, EB, EC, ED], bookings=booked(EA, EC, ED))
PLAN = plan_repair(EXAMPLE)
DONE = simulate_repair(EXAMPLE, PLAN)
NOT_SET = (
    "invoice C received booking number 1002 in journal 70, not 1003 as the plan predicted: "
    "the next booking number of journal 70 was not set to 1003 (step set-next-numbers), or "
    "the repair was not carried out at all (is the new snapshot exported after it?); it now "
    "collides (The invoices B and C have the same booking number): plan the repair again "
    "from the new snapshot"
)


def test_rule_3_11_a_number_below_the_prediction_points_to_the_next_number_not_set() -> None:
    # Days later: the next number was never set, so C got #1002 again and D
    # #1003; invoice E, made since, was sent too and got #1004. Documents
    # sent in addition only push numbers up: they do not explain C's.
    e = Invoice("E", day(1, 20), 1004)
    after = Snapshot(
        Integration("70", "71"),
        [EA, EB, EC, ED, e],
        bookings=booked(EA, EC, ED, e),
    )
    confirmation = confirm_repair(EXAMPLE, PLAN, after)
    assert [(d.step, d.documents, d.matters) for d in confirmation.deviations] == [
        ("set-next-numbers", (EC.ref,), True),
        ("set-next-numbers", (ED.ref,), False),
    ]
    assert confirmation.deviations[0].message == NOT_SET
    assert not confirmation.ok


def test_rule_3_11_a_number_above_the_prediction_still_names_the_documents_sent_too() -> None:
    # E, made since and dated before C, was sent first and took #1003.
    e = Invoice("E", day(1, 9), 1003)
    after = Snapshot(
        Integration("70", "71"),
        [EA, EB, EC.with_booking_number(1004), ED.with_booking_number(1005), e],
        bookings=booked(EA, e, EC.with_booking_number(1004), ED.with_booking_number(1005)),
    )
    confirmation = confirm_repair(EXAMPLE, PLAN, after)
    assert [(d.step, d.matters) for d in confirmation.deviations] == [("synchronise", False)] * 2
    assert "documents the plan does not know were sent into journal 70 too (invoice E)" in (
        confirmation.deviations[0].message
    )
    assert confirmation.ok


# Nothing collides yet: 1 #1001 and 2 #1002 booked, 3 #1003 (booking
# deleted). The prevention plan sets journal 70's next number to 1004.
P1 = Invoice("1", day(1, 5), 1001)
P2 = Invoice("2", day(1, 6), 1002)
P3 = Invoice("3", day(1, 7), 1003)
PREVENT = Snapshot(Integration("70", "71"), [P1, P2, P3], bookings=booked(P1, P2))


def test_rule_3_11_a_document_sent_since_below_the_next_number_points_to_that_step() -> None:
    plan = plan_repair(PREVENT)
    assert plan.kind == "prevent"
    # The next number was not set: invoice 4, made since, got #1003 (3's).
    p4 = Invoice("4", day(1, 9), 1003)
    after = Snapshot(Integration("70", "71"), [P1, P2, P3, p4], bookings=booked(P1, P2, p4))
    confirmation = confirm_repair(PREVENT, plan, after)
    assert confirmation.deviations == (
        Deviation(
            "set-next-numbers",
            "after the repair, The invoices 3 and 4 have the same booking number (#1003 in "
            "journal 70; holder invoice 4): invoice 4, sent since the plan, received 1003, "
            "below the next booking number 1004 the plan sets: the next booking number of "
            "journal 70 was not set to 1004 (step set-next-numbers); plan the repair again "
            "from the new snapshot",
            (P3.ref, p4.ref),
        ),
    )
    assert not confirmation.ok


# -- no document dated before the cutoff changed ---------------------------------


def test_rule_3_11_a_booking_the_plan_keeps_deleted_is_a_deviation() -> None:
    # The repair carried out right, but A's booking #1001 (dated before the
    # cutoff) deleted too: A is no longer in the books.
    after = attrs.evolve(
        DONE, bookings=[b for b in DONE.bookings or () if b.booking_number != 1001]
    )
    confirmation = confirm_repair(EXAMPLE, PLAN, after)
    assert confirmation.deviations == (
        Deviation(
            "delete-bookings",
            "booking #1001 in journal 70 (invoice A of 2026-01-05, dated before the cutoff "
            "2026-01-10) is no longer in the accounting package: it was deleted although the "
            "plan keeps it (step delete-bookings), so invoice A is no longer booked; plan the "
            "repair again from the new snapshot",
            (EA.ref,),
        ),
    )
    assert not confirmation.ok


def test_rule_3_11_a_booking_the_plan_keeps_deleted_with_the_double_booking_is_a_deviation() -> (
    None
):
    # The manual entry and the integration's booking both deleted: no cutoff.
    after = attrs.evolve(
        DOUBLE, bookings=[b for b in DOUBLE.bookings or () if b.booking_number == 1001]
    )
    confirmation = confirm_repair(DOUBLE, DOUBLE_PLAN, after)
    assert confirmation.deviations == (
        Deviation(
            "delete-bookings",
            "booking #1002 in journal 70 (invoice 2026 / 2 of 2026-01-06, not reset by the "
            "plan) is no longer in the accounting package: it was deleted although the plan "
            "keeps it (step delete-bookings), so invoice 2026 / 2 is no longer booked; plan "
            "the repair again from the new snapshot",
            (B.ref,),
        ),
    )
    assert not confirmation.ok


def test_rule_3_11_the_integrations_booking_deleted_instead_of_the_double_is_named() -> None:
    # The person deleted #1002 (the integration's) and kept #1003 (by hand):
    # deleting #1003 now would leave the invoice unbooked.
    after = attrs.evolve(
        DOUBLE, bookings=[b for b in DOUBLE.bookings or () if b.booking_number != 1002]
    )
    confirmation = confirm_repair(DOUBLE, DOUBLE_PLAN, after)
    assert [d.message for d in confirmation.deviations] == [
        "booking #1003 in journal 70 of 2026-01-08, entered by hand for invoice 2026 / 2, is "
        "still in the accounting package, but the booking of invoice 2026 / 2 the plan keeps "
        "was deleted instead (step delete-double-bookings): it now books invoice 2026 / 2 "
        "alone; do not delete it, plan the repair again from the new snapshot",
        "booking #1002 in journal 70 (invoice 2026 / 2 of 2026-01-06, not reset by the plan) "
        "is no longer in the accounting package: it was deleted although the plan keeps it "
        "(step delete-bookings), so invoice 2026 / 2 is booked only by booking #1003 in "
        "journal 70, entered by hand, which the plan deletes; plan the repair again from the "
        "new snapshot",
    ]
    assert not confirmation.ok


def test_rule_3_11_a_booking_the_plan_keeps_is_not_checked_without_the_bookings() -> None:
    after = attrs.evolve(DONE, bookings=None)
    confirmation = confirm_repair(EXAMPLE, PLAN, after)
    assert all(d.step != "delete-bookings" for d in confirmation.deviations)


def test_rule_3_11_a_stale_document_before_the_cutoff_is_no_deleted_booking() -> None:
    # B had no booking before the repair: nothing of it was deleted.
    assert confirm_repair(EXAMPLE, PLAN, DONE) == Confirmation(deviations=())


# -- the three records are of one administration (§7: labels) --------------------

DIVISION_1 = {"division": "1111111"}
DIVISION_2 = {"division": "2222222"}


def test_rule_3_11_a_new_snapshot_of_another_administration_is_refused() -> None:
    before = attrs.evolve(EXAMPLE, labels=DIVISION_1)
    after = attrs.evolve(DONE, labels=DIVISION_2)
    with pytest.raises(PlanMismatchError) as raised:
        confirm_repair(before, plan_repair(before), after)
    assert str(raised.value) == (
        "the snapshot before the repair is of division '1111111', but the new snapshot is "
        "of division '2222222': another administration; use the exports of the same "
        "administration (the one the plan was made for) to confirm the repair"
    )


def test_rule_3_11_a_plan_of_another_administration_is_refused() -> None:
    # The plan carries its snapshot's labels: compared without the snapshot.
    plan = plan_repair(attrs.evolve(EXAMPLE, labels=DIVISION_1))
    after = attrs.evolve(DONE, labels=DIVISION_2)
    with pytest.raises(PlanMismatchError, match=r"the plan is of division '1111111', but the new"):
        confirm_repair(None, plan, after)


def test_rule_3_11_a_plan_of_another_administration_than_the_snapshot_before_is_refused() -> None:
    plan = plan_repair(attrs.evolve(EXAMPLE, labels=DIVISION_1))
    before = attrs.evolve(EXAMPLE, labels=DIVISION_2)
    with pytest.raises(PlanMismatchError, match="the plan is of division '1111111', but the"):
        confirm_repair(before, plan, DONE)


def test_rule_3_11_labels_that_do_not_contradict_each_other_are_accepted() -> None:
    before = attrs.evolve(EXAMPLE, labels=DIVISION_1)
    plan = plan_repair(before)
    # Another key, or none at all, is no contradiction.
    after = attrs.evolve(DONE, labels={**DIVISION_1, "department": "Gent"})
    assert confirm_repair(before, plan, after).ok
    assert confirm_repair(before, plan, DONE).ok
    assert confirm_repair(EXAMPLE, PLAN, attrs.evolve(DONE, labels=DIVISION_2)).ok


def test_rule_3_11_the_confirmation_echoes_the_new_snapshots_labels() -> None:
    after = attrs.evolve(DONE, labels=DIVISION_2)
    confirmation = confirm_repair(EXAMPLE, PLAN, after)
    assert dict(confirmation.labels) == DIVISION_2
    assert confirmation.to_dict()["labels"] == DIVISION_2
    assert confirmation_to_dict(confirmation)["labels"] == DIVISION_2
    assert "Administration: division 2222222\n" in confirmation.to_markdown()
    assert "Administration: division 2222222\n" in confirmation_to_text(confirmation)
    unlabelled = confirm_repair(EXAMPLE, PLAN, DONE)
    assert unlabelled.to_dict()["labels"] == {}
    assert "Administration" not in unlabelled.to_markdown()


def test_the_journals_after_show_the_example_done() -> None:
    # The examples above rest on this: the simulated result is confirmed.
    exported = attrs.evolve(DONE, journals=[Journal("70", next_booking_number=1005), Journal("71")])
    assert confirm_repair(EXAMPLE, PLAN, exported).ok


@settings(max_examples=80, deadline=None)
@given(repairs(), st.integers(0, 1000))
def test_rule_3_11_any_booking_the_plan_keeps_deleted_is_named(
    repair: tuple[Snapshot, RepairPlan], choice: int
) -> None:
    before, plan = repair
    reset = {document.key for document in plan.to_reset}
    kept = [
        document
        for document in before.documents
        if document.key not in reset and before.booking_of(document) is not None
    ]
    assume(kept)
    document = kept[choice % len(kept)]
    after = exactly(before, plan)
    gone = before.booking_of(document)
    bookings = [booking for booking in after.bookings or () if booking != gone]
    assume(any(booking.journal == gone.journal for booking in bookings))  # else: shows nothing
    confirmation = confirm_repair(before, plan, attrs.evolve(after, bookings=bookings))
    assert any(
        d.step == "delete-bookings" and d.documents == (document.ref,) and d.matters
        for d in confirmation.deviations
    ), confirmation.deviations
    assert not confirmation.ok

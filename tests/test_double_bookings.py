"""Double bookings, the sibling failure: DOMAIN.md §3.10, rule by rule."""

from __future__ import annotations

import json

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    InconsistentInputError,
    InputFormatError,
    Integration,
    Invoice,
    Journal,
    MissingBookingsError,
    Numbering,
    RepairPlan,
    Snapshot,
    confirm_repair,
    find_collisions,
    find_double_bookings,
    plan_repair,
    simulate_repair,
    verify_plan,
)
from builders import SHARED, TWO_JOURNALS, booked, day

A = Invoice("2026/1", day(1, 5), 1001)
B = Invoice("2026/2", day(1, 6), 1002)
BY_HAND = Booking("70", 1003, day(1, 7), reference="2026/1")  # A entered again by hand
SNAPSHOT = Snapshot(TWO_JOURNALS, [A, B], bookings=[*booked(A, B), BY_HAND])


def test_a_manual_booking_referring_to_a_booked_document_is_a_double_booking() -> None:
    (double,) = find_double_bookings(SNAPSHOT)
    assert double.document == A
    assert double.duplicate == BY_HAND
    assert double.booking == booked(A)[0]
    assert str(double) == (
        "invoice 2026/1 is booked twice in journal 70: #1001 by the integration and #1003 by hand"
    )


@pytest.mark.parametrize(
    "duplicate",
    [
        pytest.param(Booking("70", 1003, day(1, 7)), id="no-reference"),
        pytest.param(Booking("70", 1003, day(1, 7), reference="2026/9"), id="unknown-number"),
        pytest.param(Booking("71", 3, day(1, 7), reference="2026/1"), id="other-journal"),
    ],
)
def test_no_double_booking_without_a_matching_reference(duplicate: Booking) -> None:
    snapshot = Snapshot(TWO_JOURNALS, [A, B], bookings=[*booked(A, B), duplicate])
    assert find_double_bookings(snapshot) == ()


def test_no_double_booking_when_the_document_has_no_other_booking() -> None:
    # A's own booking is gone: the manual one is its only booking (not twice).
    snapshot = Snapshot(TWO_JOURNALS, [A, B], bookings=[*booked(B), BY_HAND])
    assert find_double_bookings(snapshot) == ()


def test_rule_3_8_a_reference_naming_an_invoice_and_a_credit_note_neither_carrying_it_is_refused() -> (
    None
):
    # §3.8: "when neither or both do, it is ambiguous: an input error naming
    # both, and how to say the kind"; no double booking is guessed.
    k = CreditNote("2026/1", day(1, 6), 1002)
    with pytest.raises(InconsistentInputError) as refused:
        Snapshot(SHARED, [A, k], bookings=[*booked(A, k), BY_HAND])
    assert str(refused.value) == (
        "booking #1003 in journal 70 has the reference '2026/1', which names credit note "
        "2026/1 and invoice 2026/1 of journal 70, and neither carries booking number 1003, so "
        "which it books cannot be told; say the kind: give the booking "
        "document=DocumentRef(DocumentKind.INVOICE, '2026/1') (in a bookings export, a "
        "document_kind and document_number column) if it is that document's booking, or, if "
        "it was entered by hand, a reference that names no document (a second booking of one "
        "of them is then yours to delete)"
    )


def test_two_bookings_referring_to_one_document_stay_an_input_error() -> None:
    with pytest.raises(InconsistentInputError, match="referred to by two bookings"):
        Snapshot(TWO_JOURNALS, [A], bookings=[*booked(A), Booking("70", 1003, day(1, 7), A.ref)])


def test_find_double_bookings_needs_the_bookings() -> None:
    with pytest.raises(MissingBookingsError, match="find_double_bookings"):
        find_double_bookings(Snapshot(TWO_JOURNALS, [A, B]))


def test_the_repair_deletes_the_manual_booking_only_in_a_step_of_its_own() -> None:
    plan = plan_repair(SNAPSHOT)
    assert plan.kind == "repair"
    assert plan.double_bookings == find_double_bookings(SNAPSHOT)
    assert plan.cutoff is None
    assert plan.to_delete == plan.to_reset == ()
    (step,) = plan.steps
    assert step.key == "delete-double-bookings"
    assert step.details == (
        "journal 70: #1003 of 2026-01-07 (by hand; invoice 2026/1 keeps #1001)",
    )
    assert [w.rule for w in plan.warnings] == ["double-booking"]
    assert verify_plan(SNAPSHOT, plan) == ()
    after = simulate_repair(SNAPSHOT, plan)
    assert BY_HAND not in (after.bookings or ())
    assert find_double_bookings(after) == ()


def test_double_bookings_come_before_the_collision_steps() -> None:
    c = Invoice("2026/3", day(1, 10), 1002)  # collides with B, whose booking was deleted
    snapshot = Snapshot(TWO_JOURNALS, [A, B, c], bookings=[*booked(A, c), BY_HAND])
    plan = plan_repair(snapshot)
    assert plan.steps[0].key == "delete-double-bookings"
    assert plan.steps[1].key == "show-booking-numbers"
    assert verify_plan(snapshot, plan) == ()


def test_a_double_booking_in_a_closed_period_is_a_blocker() -> None:
    snapshot = Snapshot(
        TWO_JOURNALS,
        [A, B],
        journals=[Journal("70", locked_until=day(1, 7)), Journal("71")],
        bookings=[*booked(A, B), BY_HAND],
    )
    plan = plan_repair(snapshot)
    (blocker,) = plan.blockers
    assert blocker.rule == "closed-period"
    for word in ("#1003", "2026-01-07", "invoice 2026/1", "journal 70", "closed until 2026-01-07"):
        assert word in blocker.message
    assert not plan.feasible


def test_a_double_booking_in_an_open_journal_is_no_blocker_when_another_is_closed() -> None:
    # Journal 71 is closed; the double booking sits in journal 70, which is open.
    snapshot = Snapshot(
        TWO_JOURNALS,
        [A, B],
        journals=[Journal("70"), Journal("71", locked_until=day(1, 7))],
        bookings=[*booked(A, B), BY_HAND],
    )
    plan = plan_repair(snapshot)
    assert plan.blockers == ()
    assert plan.steps[0].key == "delete-double-bookings"
    assert verify_plan(snapshot, plan) == ()


def test_a_plan_with_double_bookings_round_trips_through_json() -> None:
    plan = plan_repair(SNAPSHOT)
    data = plan.to_dict()
    assert data["kind"] == "repair"
    assert data["double_bookings"][0]["duplicate"]["booking_number"] == 1003
    assert RepairPlan.from_dict(data) == plan


def test_double_bookings_ordered_by_journal_period_and_duplicate_number() -> None:
    later = Booking("70", 1004, day(1, 8), reference="2026/2")  # B by hand, listed first
    snapshot = Snapshot(TWO_JOURNALS, [A, B], bookings=[*booked(A, B), later, BY_HAND])
    doubles = find_double_bookings(snapshot)
    assert [d.duplicate.booking_number for d in doubles] == [1003, 1004]


def test_find_double_bookings_without_bookings_says_how_to_pass_them() -> None:
    with pytest.raises(MissingBookingsError) as raised:
        find_double_bookings(Snapshot(TWO_JOURNALS, [A, B]))
    assert str(raised.value) == (
        "find_double_bookings needs the accounting side's bookings, but the snapshot has "
        "bookings=None; pass the bookings (bookings=() when the accounting package holds none)"
    )


def test_the_double_booking_warning_and_blocker_word_for_word() -> None:
    # §3.10: the repair deletes the manual booking only; in a closed period
    # that deletion is refused (§3.4), a blocker naming the document.
    (warning,) = plan_repair(SNAPSHOT).warnings
    assert (warning.rule, warning.message, warning.documents) == (
        "double-booking",
        "invoice 2026/1 is booked twice in journal 70: #1001 by the integration and #1003 by "
        "hand: delete the booking #1003 entered by hand, and nothing else for it",
        (A.ref,),
    )
    closed = Snapshot(
        TWO_JOURNALS,
        [A, B],
        journals=[Journal("70", locked_until=day(1, 7)), Journal("71")],
        bookings=[*booked(A, B), BY_HAND],
    )
    (blocker,) = plan_repair(closed).blockers
    assert (blocker.rule, blocker.message, blocker.documents) == (
        "closed-period",
        "the booking #1003 of 2026-01-07 entered by hand for invoice 2026/1 must be deleted, "
        "but journal 70 is closed until 2026-01-07: reopen the period in the accounting "
        "package first",
        (A.ref,),
    )


# Found by mutation testing: `risks_among` takes the manual bookings a plan
# deletes (`removed`), but no caller passes them, so a stale document that the
# deletion of a double booking leaves at or above the highest booking is not
# seen. A 01-05 #1, B 01-06 #2 (booking deleted), #3 entered by hand for A.
# Before the repair #3 is the highest booking (B is below it); after it, the
# highest left is #1 and B's #2 predicts a collision (§3.2, §3.9).
A1, B2 = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2)
A_BY_HAND = Booking("70", 3, day(1, 7), reference="A")


def test_deleting_a_double_booking_above_a_stale_number_still_gives_a_sound_plan() -> None:
    # §3.7: plan_repair only ever returns sound plans; U, not booked yet, must
    # not be given B's #2 after the manual #3 is deleted.
    u = Invoice("U", day(1, 8))
    snapshot = Snapshot(SHARED, [A1, B2, u], bookings=[*booked(A1), A_BY_HAND])
    plan = plan_repair(snapshot)
    assert verify_plan(snapshot, plan) == ()
    assert find_collisions(simulate_repair(snapshot, plan)) == ()


def test_deleting_a_double_booking_above_a_stale_number_sets_the_next_number() -> None:
    # §3.9: a stale document at or above the highest booking left predicts a
    # collision; setting the journal's next number above it (here 3: B's #2
    # still counts) prevents it.
    snapshot = Snapshot(SHARED, [A1, B2], bookings=[*booked(A1), A_BY_HAND])
    plan = plan_repair(snapshot)
    assert [(n.journal, n.number) for n in plan.next_numbers] == [("70", 3)]


def _entry(number: int, day_ms: int, reference: str) -> dict[str, object]:
    return {
        "EntryNumber": number,
        "Journal": "70",
        "EntryDate": f"/Date({day_ms})/",
        "Type": 20,
        "Status": 50,
        "YourRef": reference,
    }


def test_a_double_booking_read_from_exact_online_is_found() -> None:
    # Exact links an entry to a document by its YourRef only: the entry under
    # the number Teamleader stored (#1001) is the integration's, the other
    # (#1003, entered by hand) stays a manual booking with its reference.
    from booking_reconcile import Integration
    from booking_reconcile.adapters import snapshot_from_payloads

    invoices = {"data": [{"invoice_number": "2026/1", "invoice_date": "2026-01-05"}]}
    numbers = {DocumentRef(DocumentKind.INVOICE, "2026/1"): 1001}
    entries = {
        "d": {
            "results": [
                _entry(1001, 1767571200000, "2026/1"),
                _entry(1003, 1767744000000, "2026/1"),
            ]
        }
    }
    snapshot = snapshot_from_payloads(
        Integration("70", "71"), invoices=invoices, booking_numbers=numbers, sales_entries=entries
    )
    (double,) = find_double_bookings(snapshot)
    assert (double.booking.booking_number, double.duplicate.booking_number) == (1001, 1003)
    assert double.duplicate.document is None
    assert [step.key for step in plan_repair(snapshot).steps] == ["delete-double-bookings"]


def test_two_exact_entries_for_one_document_neither_under_its_number_book_it_not() -> None:
    # The snapshot's one linking rule (§3.8): neither entry carries the number
    # Teamleader stored, so neither is the document's booking, and the plan
    # refuses to guess.
    from booking_reconcile import Integration
    from booking_reconcile.adapters import snapshot_from_payloads

    invoices = {"data": [{"invoice_number": "2026/1", "invoice_date": "2026-01-05"}]}
    numbers = {DocumentRef(DocumentKind.INVOICE, "2026/1"): 1001}
    entries = {
        "d": {
            "results": [
                _entry(1002, 1767571200000, "2026/1"),
                _entry(1003, 1767744000000, "2026/1"),
            ]
        }
    }
    snapshot = snapshot_from_payloads(
        Integration("70", "71"), invoices=invoices, booking_numbers=numbers, sales_entries=entries
    )
    assert snapshot.links is not None
    assert snapshot.links.unlinked == 2
    assert find_double_bookings(snapshot) == ()
    assert not plan_repair(snapshot).feasible


# A 01-05 #1001, B 01-06 #1002 (booking deleted), C 01-10 #1002, and A
# entered again by hand as #1004 on 01-11: a collision and a double booking.
A_ = Invoice("A", day(1, 5), 1001)
B_ = Invoice("B", day(1, 6), 1002)
C_ = Invoice("C", day(1, 10), 1002)
A_BY_HAND_AFTER_THE_CUTOFF = Booking("70", 1004, day(1, 11), reference="A")
COLLISION_AND_DOUBLE = Snapshot(
    SHARED, [A_, B_, C_], bookings=[*booked(A_, C_), A_BY_HAND_AFTER_THE_CUTOFF]
)


def test_rule_3_10_a_double_booking_the_plan_deletes_is_not_also_kept() -> None:
    # §3.4 warns that manual bookings after the cutoff stay and keep their
    # numbers; a double booking's manual entry is deleted (§3.10), so the plan
    # must not say both.
    plan = plan_repair(COLLISION_AND_DOUBLE)
    assert plan.cutoff == day(1, 10)
    assert [d.duplicate for d in plan.double_bookings] == [A_BY_HAND_AFTER_THE_CUTOFF]
    assert [w.rule for w in plan.warnings] == ["double-booking", "stale-document-kept"]
    assert not any("keeps its number" in w.message for w in plan.warnings)


def test_rule_3_10_a_manual_booking_that_books_no_document_is_still_kept() -> None:
    other = Booking("70", 1005, day(1, 12))
    snapshot = Snapshot(
        SHARED, [A_, B_, C_], bookings=[*booked(A_, C_), A_BY_HAND_AFTER_THE_CUTOFF, other]
    )
    kept = [w.message for w in plan_repair(snapshot).warnings if w.rule == "manual-booking-kept"]
    assert kept == [
        "booking #1005 in journal 70 of 2026-01-12 did not come from the invoicing tool: it "
        "is not deleted and keeps its number"
    ]


def test_a_saved_plan_simulates_verifies_and_confirms_like_the_original() -> None:
    # §3.11: a plan read back from its JSON is equal to the original, and the
    # double booking it deletes is the same booking by value: C gets #1003
    # (the manual #1004 is deleted), as the original predicts.
    plan = plan_repair(COLLISION_AND_DOUBLE)
    saved = RepairPlan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert saved == plan
    assert [(s.document.number, s.document.booking_number) for s in plan.sent] == [("C", 1003)]
    after = simulate_repair(COLLISION_AND_DOUBLE, saved)
    assert after == simulate_repair(COLLISION_AND_DOUBLE, plan)
    assert after.document(C_.ref).booking_number == 1003
    assert verify_plan(COLLISION_AND_DOUBLE, saved) == verify_plan(COLLISION_AND_DOUBLE, plan) == ()
    assert confirm_repair(COLLISION_AND_DOUBLE, saved, after) == confirm_repair(
        COLLISION_AND_DOUBLE, plan, after
    )
    assert confirm_repair(COLLISION_AND_DOUBLE, saved, after).ok


# -- §3.8 before §3.10: a mistyped reference is not a double booking -------------


def _mistyped() -> Snapshot:
    """Invoice 2026/13's booking #1002 of 01-10 has the reference '2026/1' (a digit dropped)."""
    late = Invoice("2026/13", day(1, 10), 1002)
    typo = Booking("70", 1002, day(1, 10), reference="2026/1")
    return Snapshot(TWO_JOURNALS, [A, late], bookings=[*booked(A), typo])


def test_rule_3_8_a_reference_naming_a_booked_document_on_another_documents_number_and_date_is_a_blocker() -> (
    None
):
    # §3.8: a booking with the journal, period, number and date of a booked
    # document no booking books is that document's, its reference mistyped: a
    # blocker naming the booking, the document and the reference seen; it is
    # never deleted as a double booking of the document its reference names.
    snapshot = _mistyped()
    assert find_double_bookings(snapshot) == ()
    plan = plan_repair(snapshot)
    assert plan.double_bookings == ()
    assert plan.to_delete == ()
    assert not plan.feasible
    (blocker,) = [b for b in plan.blockers if b.rule == "booking-unlinked"]
    assert blocker.message.startswith(
        "booking #1002 in journal 70 of 2026-01-10 has the reference '2026/1', which names "
        "invoice 2026/1, but has the journal, period, number and date of invoice 2026/13, "
        "which no booking books: it is almost certainly that document's booking with its "
        "reference mistyped"
    )
    assert blocker.documents == (DocumentRef(DocumentKind.INVOICE, "2026/13"), A.ref)


def test_rule_3_8_accepted_links_by_number_link_a_mistyped_reference_to_its_document() -> None:
    import attrs

    snapshot = attrs.evolve(_mistyped(), link_by_number=True)
    assert find_double_bookings(snapshot) == ()
    plan = plan_repair(snapshot)
    assert plan.kind == "none"
    assert [w.rule for w in plan.warnings] == ["linked-by-number"]


def test_rule_3_10_a_manual_booking_of_a_booked_document_on_no_other_documents_number_stays_a_double() -> (
    None
):
    # The same booking on a number and date no document carries: a double booking.
    assert [d.duplicate.booking_number for d in find_double_bookings(SNAPSHOT)] == [1003]


def test_rule_3_10_the_summary_of_a_double_booking_repair_says_what_is_deleted() -> None:
    # §3.10: the repair deletes the manual booking only; the summary a person
    # reads first says so, never "nothing is deleted" above that step.
    from booking_reconcile.formats import plan_to_text

    alone = plan_to_text(plan_repair(SNAPSHOT))
    assert "To do: the 1 step below: delete 1 booking entered by hand (nothing else)." in alone
    assert "nothing is deleted" not in alone
    stale_too = plan_repair(Snapshot(SHARED, [A1, B2], bookings=[*booked(A1), A_BY_HAND]))
    text = plan_to_text(stale_too)
    assert (
        "delete 1 booking entered by hand (nothing else), set 1 next booking number before "
        "the next synchronisation." in " ".join(text.split())
    )
    assert "nothing is deleted" not in text


def test_rule_3_5_a_deleted_double_bookings_number_is_not_a_deleted_number() -> None:
    # docs/choices.md: the manual entry deleted as a double booking frees its
    # number; journal 71's next number is the highest still in use + 1 (3),
    # not max(4, 3) as if #4 were a deleted booking of a document sent again.
    entered = day(1, 4)
    a = Invoice("A", day(1, 5), 1001)
    b = Invoice("B", day(1, 6), 1002)
    c = Invoice("C", day(1, 10), 1002)
    k1 = CreditNote("K1", day(1, 3), 1)
    k2 = CreditNote("K2", day(1, 20))
    bookings = [
        Booking("70", 1001, a.date, a.ref),
        Booking("70", 1002, c.date, c.ref),
        Booking("71", 1, k1.date, k1.ref),
        Booking("71", 2, entered),
        Booking("71", 4, entered, reference="K1"),
    ]
    plan = plan_repair(Snapshot(TWO_JOURNALS, [a, b, c, k1, k2], bookings=bookings))
    assert [str(double) for double in plan.double_bookings] == [
        "credit note K1 is booked twice in journal 71: #1 by the integration and #4 by hand"
    ]
    assert [(n.journal, n.number) for n in plan.next_numbers] == [("70", 1003), ("71", 3)]
    assert [str(sent) for sent in plan.sent][
        -1
    ] == "credit note K2 of 2026-01-20 → #3 in journal 71"


def test_rule_5_a_double_booking_across_financial_years_names_each_bookings_year() -> None:
    # Oracle3 F2: journal 70 numbers per financial year (from July). Credit
    # note C1 (2026-06-03, financial year 2025) is #1; invoice F1 is #1 of
    # 2026; C1 entered again by hand as #2 of 2026-07-22 (financial year 2026).
    # "#1 by the integration" is C1's #1 of 2025, not F1's of 2026.
    integration = Integration("70", "70", financial_year_start_month=7)
    c1, f1 = CreditNote("C1", day(6, 3), 1), Invoice("F1", day(7, 2), 1)
    snapshot = Snapshot(
        integration,
        [c1, f1],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR)],
        [
            Booking("70", 1, c1.date, c1.ref),
            Booking("70", 1, f1.date, f1.ref),
            Booking("70", 2, day(7, 22), None, "C1"),
        ],
    )
    plan = plan_repair(snapshot)
    (double,) = plan.double_bookings
    assert str(double.place) == "journal 70, financial year 2026"
    assert str(double.booked_in) == "journal 70, financial year 2025"
    assert plan.warnings[0].message == (
        "credit note C1 is booked twice in journal 70: #1 of financial year 2025 by the "
        "integration and #2 of financial year 2026 by hand: delete the booking #2 entered by "
        "hand, and nothing else for it"
    )
    assert plan.steps[0].details == (
        "journal 70, financial year 2026: #2 of 2026-07-22 (by hand; credit note C1 keeps #1 "
        "of financial year 2025)",
    )
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["double_bookings"][0]["booking_financial_year"] == 2025
    assert RepairPlan.from_dict(data) == plan
    data["double_bookings"][0]["booking_financial_year"] = "2025"
    with pytest.raises(InputFormatError, match="'2025' is not a financial year"):
        RepairPlan.from_dict(data)
    # A plan saved before the key was written: the own booking's period is the entry's.
    del data["double_bookings"][0]["booking_financial_year"], data["steps"]
    assert RepairPlan.from_dict(data).double_bookings[0].booked_in == double.place
    # In one period, the sentence is as before and the own place is the place.
    (same,) = plan_repair(SNAPSHOT).double_bookings
    assert same.booked_in == same.place
    assert str(same) == (
        "invoice 2026/1 is booked twice in journal 70: #1001 by the integration and #1003 by hand"
    )

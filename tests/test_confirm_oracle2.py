"""Confirming a repair (DOMAIN §3.11): the cases the second independent oracle found missed.

Each test is a repro script of that review (/work/audit/oracle2) in small:
a document booked twice after the repair that the plan did not know of
(§3.7 "every reset document is booked exactly once", §3.10); numbers handed
out below a stale document's number kept (§3.2, §3.9); a booking the plan
keeps deleted where it was its journal's only one; and a step of an earlier
financial year no export can show (docs/choices.md).
"""

from __future__ import annotations

import attrs

from booking_reconcile import (
    Booking,
    CreditNote,
    Deviation,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    Unchecked,
    confirm_repair,
    plan_repair,
    simulate_repair,
)
from builders import day

INTEGRATION = Integration("70", "71", start_date=day(1, 1))
A, B, C, D = (
    Invoice("A", day(1, 5), 1001),
    Invoice("B", day(1, 6), 1002),
    Invoice("C", day(1, 10), 1002),
    Invoice("D", day(1, 12), 1003),
)
#: Worked example A (DOMAIN §4), the journals exported.
EXAMPLE_A = Snapshot(
    INTEGRATION,
    [A, B, C, D],
    [Journal("70", next_booking_number=1004), Journal("71")],
    [
        Booking("70", 1001, A.date, A.ref, "A"),
        Booking("70", 1002, C.date, C.ref, "C"),
        Booking("70", 1003, D.date, D.ref, "D"),
    ],
)
PLAN_A = plan_repair(EXAMPLE_A)


# -- every reset document is booked exactly once (§3.7, §3.10, §3.11) -----------


def test_rule_3_7_a_document_sent_before_the_repair_and_booked_twice_is_a_deviation() -> None:
    # Invoice N1 is sent between planning and the repair (#1004); the
    # deactivation resets it with C and D, its booking is not in the plan,
    # and the synchronisation books it again (#1006).
    n1 = Invoice("N1", day(1, 20), 1006)
    after = Snapshot(
        INTEGRATION,
        [A, B, attrs.evolve(C, booking_number=1003), attrs.evolve(D, booking_number=1005), n1],
        [Journal("70", next_booking_number=1007), Journal("71")],
        [
            Booking("70", 1001, A.date, A.ref, "A"),
            Booking("70", 1003, C.date, C.ref, "C"),
            Booking("70", 1004, n1.date, None, "N1"),
            Booking("70", 1005, D.date, D.ref, "D"),
            Booking("70", 1006, n1.date, n1.ref, "N1"),
        ],
    )
    confirmation = confirm_repair(EXAMPLE_A, PLAN_A, after)
    assert not confirmation.ok
    assert confirmation.deviations[0] == Deviation(
        "delete-bookings",
        "after the repair, invoice N1 of 2026-01-20 is booked twice in journal 70: #1006 and "
        "#1004: it is not in the snapshot the plan was made from (sent after the plan was "
        "made), so the deactivation reset it with the plan's documents and the "
        "synchronisation booked it again, while its booking #1004 stayed (step "
        "delete-bookings: the plan could not list it); delete booking #1004 in the "
        "accounting package, or plan the repair again from the new snapshot",
        (n1.ref,),
    )
    # D's number moved on because of that booking: harmless, and said once.
    assert [(d.step, d.documents, d.matters) for d in confirmation.deviations[1:]] == [
        ("synchronise", (D.ref,), False)
    ]


def test_rule_3_10_a_document_entered_by_hand_after_the_repair_is_not_the_repairs() -> None:
    # Review8 F2: weeks after a faithful repair, invoice F is sent (#1005) and
    # also entered by hand (#1006, a later number): a double booking made
    # since, which no step of the repair left. Said, but the repair is sound.
    f = Invoice("F", day(2, 20), 1005)
    faithful = simulate_repair(EXAMPLE_A, PLAN_A)
    after = attrs.evolve(
        faithful,
        documents=(*faithful.documents, f),
        journals=[Journal("70", next_booking_number=1007), Journal("71")],
        bookings=(
            *(faithful.bookings or ()),
            Booking("70", 1005, f.date, None, "F"),
            Booking("70", 1006, day(2, 21), None, "F"),
        ),
    )
    for before in (EXAMPLE_A, None):
        confirmation = confirm_repair(before, PLAN_A, after)
        assert confirmation.ok
        assert [d for d in confirmation.deviations if d.documents == (f.ref,)] == [
            Deviation(
                "delete-double-bookings",
                "after the repair, invoice F of 2026-02-20 is booked twice in journal 70: "
                "#1005, its own booking, and #1006, entered by hand after it (a later number): "
                "a double booking made since (§3.10), not by the repair, whose result is "
                "sound; delete booking #1006 in the accounting package",
                (f.ref,),
                matters=False,
            )
        ]


def test_rule_3_7_a_document_sent_before_the_repair_and_booked_again_matters_whatever_it_shows() -> (
    None
):
    # Review9 F1: invoice X (01-11) was sent between planning and the repair
    # (#1004); the deactivation reset it with C and D, the sync booked C
    # #1005, D #1006 and X again #1007, while #1004 stayed. The documents
    # export, taken before the sync wrote back, still shows X's #1004: its
    # own booking is then the lower number, as if entered by hand after it.
    # But the sync's own numbers (C's, D's) lie above #1004: X was booked
    # before the repair, so the repair booked it twice; #1004 is the booking
    # that stayed (the sync booked X last), whatever the export shows.
    x = Invoice("X", day(1, 11), 1004)
    after = Snapshot(
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
    for before in (EXAMPLE_A, None):
        confirmation = confirm_repair(before, PLAN_A, after)
        assert not confirmation.ok
        assert [d for d in confirmation.deviations if d.documents == (x.ref,)] == [
            Deviation(
                "delete-bookings",
                "after the repair, invoice X of 2026-01-11 is booked twice in journal 70: "
                "#1004 and #1007: it is not in the snapshot the plan was made from (sent after "
                "the plan was made), so the deactivation reset it with the plan's documents and "
                "the synchronisation booked it again, while its booking #1004 stayed (step "
                "delete-bookings: the plan could not list it); the documents export still "
                "shows #1004: export the documents again once the synchronisation has written "
                "the new number back; delete booking #1004 in the accounting package, or plan "
                "the repair again from the new snapshot",
                (x.ref,),
            )
        ]


def test_rule_3_10_an_entry_by_hand_naming_a_document_the_plan_resets_is_a_deviation() -> None:
    # D's own booking #1003 was deleted, and D was entered by hand (#1004,
    # reference "D"): the plan resets D and keeps the entry, the sync books D again.
    before = Snapshot(
        INTEGRATION,
        [A, B, C, D],
        [Journal("70", next_booking_number=1005), Journal("71")],
        [
            Booking("70", 1001, A.date, A.ref, "A"),
            Booking("70", 1002, C.date, C.ref, "C"),
            Booking("70", 1004, day(1, 14), None, "D"),
        ],
        bookings_complete=True,
        documents_complete=True,
    )
    plan = plan_repair(before)
    after = simulate_repair(before, plan)
    confirmation = confirm_repair(before, plan, after)
    assert not confirmation.ok
    assert confirmation.deviations == (
        Deviation(
            "delete-double-bookings",
            "after the repair, invoice D of 2026-01-12 is booked twice in journal 70: #1006 "
            "and #1004: #1004, entered by hand with reference 'D', names invoice D, which the "
            "plan resets, so the synchronisation booked it again beside that entry (step "
            "delete-double-bookings: the plan did not list it); delete booking #1004 in the "
            "accounting package, or plan the repair again from the new snapshot",
            (D.ref,),
        ),
    )


def test_rule_3_11_without_the_snapshot_before_a_delink_date_too_early_is_a_deviation() -> None:
    # The integration was deactivated from 01-05: A, dated before the
    # cutoff, was reset too and booked again (#1005), its booking #1001 left.
    exact = simulate_repair(EXAMPLE_A, PLAN_A)
    documents = [
        attrs.evolve(d, booking_number=1005) if d.ref == A.ref else d for d in exact.documents
    ]
    bookings = [
        Booking("70", 1001, A.date, None, "A"),
        *(b for b in exact.bookings or () if b.document != A.ref),
        Booking("70", 1005, A.date, A.ref, "A"),
    ]
    after = attrs.evolve(exact, documents=documents, bookings=bookings)
    confirmation = confirm_repair(None, PLAN_A, after)
    assert not confirmation.ok
    assert confirmation.deviations == (
        Deviation(
            "deactivate",
            "after the repair, invoice A of 2026-01-05 is booked twice in journal 70: #1005 "
            "and #1001: it is dated before the cutoff 2026-01-10, which the plan does not "
            "reset, so the integration was deactivated with a delink date before 2026-01-10 "
            "(step deactivate), which reset it, and the synchronisation booked it again, "
            "while its booking #1001 stayed; delete booking #1001 in the accounting package, "
            "or plan the repair again from the new snapshot",
            (A.ref,),
        ),
    )
    # With the snapshot before, the changed number says it once.
    with_before = confirm_repair(EXAMPLE_A, PLAN_A, after)
    assert [(d.step, d.documents) for d in with_before.deviations] == [("deactivate", (A.ref,))]


# -- no stale document's number handed out next (§3.2, §3.9, §3.11) -----------


def test_rule_3_2_a_next_number_skipped_below_a_stale_number_is_not_sound() -> None:
    # F3's booking #1004 was deleted (stale); F1 is booked twice (#1003 by
    # hand). The plan deletes #1003 and sets 70 to 1005; the person skips
    # the number, F4 receives 1003 and the journal's next number is 1004.
    f1, f2, f3 = (
        Invoice("F1", day(1, 5), 1001),
        Invoice("F2", day(1, 6), 1002),
        Invoice("F3", day(1, 8), 1004),
    )
    f4 = Invoice("F4", day(1, 20))
    kept = [Booking("70", 1001, f1.date, f1.ref, "F1"), Booking("70", 1002, f2.date, f2.ref, "F2")]
    before = Snapshot(
        INTEGRATION,
        [f1, f2, f3, f4],
        [Journal("70", next_booking_number=1005), Journal("71")],
        [*kept, Booking("70", 1003, day(1, 7), None, "F1")],
        bookings_complete=True,
    )
    plan = plan_repair(before)
    sent = attrs.evolve(f4, booking_number=1003)
    after = Snapshot(
        INTEGRATION,
        [f1, f2, f3, sent],
        [Journal("70", next_booking_number=1004), Journal("71")],
        [*kept, Booking("70", 1003, sent.date, sent.ref, "F4")],
        bookings_complete=True,
    )
    confirmation = confirm_repair(before, plan, after)
    assert not confirmation.ok
    assert confirmation.deviations == (
        Deviation(
            "set-next-numbers",
            "invoice F4 received booking number 1003 in journal 70, not 1005 as the plan "
            "predicted: the next booking number of journal 70 was not set to 1005 (step "
            "set-next-numbers); nothing collides yet, but invoice F3 will collide with a "
            "document sent there later (step set-next-numbers)",
            (f4.ref,),
            matters=False,
        ),
        Deviation(
            "set-next-numbers",
            "journal 70: invoice F3 keeps booking number 1004 without a booking, at or above "
            "the highest booking left there, and the synchronisation handed out lower numbers "
            "than the plan predicted: a document sent there later would receive 1004 again "
            "and collide; set the next booking number of journal 70 to 1005 in the accounting "
            "package (master data, journals) before the next synchronisation (step "
            "set-next-numbers)",
            (f3.ref,),
        ),
    )


def test_rule_3_9_a_next_number_typed_lower_below_a_kept_stale_number_is_not_sound() -> None:
    # F1 (stale, before the cutoff) keeps #1001; the plan resets F2 and
    # sets 70 to 1002; the person types 999: F2 receives 999, next 1000.
    f1, f2 = Invoice("F1", day(12, 29, 2025), 1001), Invoice("F2", day(1, 7), 1001)
    before = Snapshot(
        INTEGRATION,
        [f1, f2],
        [Journal("70", next_booking_number=1002), Journal("71")],
        [Booking("70", 1001, f2.date, f2.ref, "F2")],
        bookings_complete=True,
    )
    plan = plan_repair(before)
    assert [(n.place.journal, n.number) for n in plan.next_numbers] == [("70", 1002)]
    sent = attrs.evolve(f2, booking_number=999)
    after = Snapshot(
        INTEGRATION,
        [f1, sent],
        [Journal("70", next_booking_number=1000), Journal("71")],
        [Booking("70", 999, f2.date, f2.ref, "F2")],
        bookings_complete=True,
    )
    confirmation = confirm_repair(before, plan, after)
    assert not confirmation.ok
    assert [(d.step, d.documents, d.matters) for d in confirmation.deviations] == [
        ("set-next-numbers", (f2.ref,), False),
        ("set-next-numbers", (f1.ref,), True),
    ]
    assert confirmation.deviations[1].message.startswith(
        "journal 70: invoice F1 keeps booking number 1001 without a booking"
    )
    assert confirmation.deviations[1].message.endswith(
        "set the next booking number of journal 70 to 1002 in the accounting package (master "
        "data, journals) before the next synchronisation (step set-next-numbers)"
    )
    # Set as the plan says, F2 receives 1002: nothing is left to collide.
    exact = simulate_repair(before, plan)
    assert confirm_repair(before, plan, exact).ok


# -- a booking the plan keeps is still there, also its journal's only one ------


def _example_a_with_a_credit_note(*, complete: bool) -> tuple[Snapshot, Snapshot]:
    """Example A plus credit note K1 (before the cutoff, journal 71's only booking); K1's
    booking deleted too in the repair carried out."""
    k1 = CreditNote("K1", day(1, 2), 501)
    before = attrs.evolve(
        EXAMPLE_A,
        documents=[k1, *EXAMPLE_A.documents],
        bookings=[Booking("71", 501, k1.date, k1.ref, "K1"), *(EXAMPLE_A.bookings or ())],
        bookings_complete=complete,
    )
    exact = simulate_repair(before, plan_repair(before))
    after = attrs.evolve(exact, bookings=[b for b in exact.bookings or () if b.journal != "71"])
    return before, after


def test_rule_3_11_a_kept_booking_deleted_with_the_bookings_complete_is_a_deviation() -> None:
    before, after = _example_a_with_a_credit_note(complete=True)
    confirmation = confirm_repair(before, plan_repair(before), after)
    assert not confirmation.ok
    assert confirmation.deviations == (
        Deviation(
            "delete-bookings",
            "booking #501 in journal 71 (credit note K1 of 2026-01-02, dated before the cutoff "
            "2026-01-10) is no longer in the accounting package: it was deleted although the "
            "plan keeps it (step delete-bookings), so credit note K1 is no longer booked; plan "
            "the repair again from the new snapshot",
            (CreditNote("K1", day(1, 2), 501).ref,),
        ),
    )
    assert confirmation.unchecked == ()


def test_rule_3_11_a_journal_the_new_export_holds_no_booking_of_is_unchecked() -> None:
    before, after = _example_a_with_a_credit_note(complete=False)
    confirmation = confirm_repair(before, plan_repair(before), after)
    assert not confirmation.ok
    assert confirmation.deviations == ()
    assert confirmation.unchecked == (
        Unchecked(
            "delete-bookings",
            "each booking the plan keeps is still there (the new snapshot has no bookings of "
            "journal 71, where the plan keeps booking #501 in journal 71: export them too, or, "
            "if journal 71 holds none now, say the new snapshot's bookings are complete)",
        ),
    )


# -- a step no export can show is a note, the journals exported or not ---------


def test_rule_3_11_a_step_of_an_earlier_year_is_a_note_also_without_the_journals() -> None:
    # Two stale documents at the top, in 2025 and 2026: two steps, one journal
    # number (2026's); nothing is sent. The new export has no next numbers.
    documents = [
        Invoice("25/1", day(5, 1, 2025), 1),
        Invoice("25/2", day(6, 1, 2025), 2),
        Invoice("26/1", day(5, 1), 1),
        Invoice("26/2", day(6, 1), 2),
    ]
    before = Snapshot(
        Integration("70", "70"),
        documents,
        [Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=2)],
        [
            Booking("70", 1, day(5, 1, 2025), documents[0].ref),
            Booking("70", 1, day(5, 1), documents[2].ref),
        ],
    )
    plan = plan_repair(before)
    assert [(n.financial_year, n.number) for n in plan.next_numbers] == [(2025, 3), (2026, 3)]
    after = attrs.evolve(
        simulate_repair(before, plan), journals=[Journal("70", Numbering.PER_FINANCIAL_YEAR)]
    )
    confirmation = confirm_repair(before, plan, after)
    assert confirmation.unchecked == (
        Unchecked(
            "set-next-numbers",
            "journal 70, financial year 2025: the next booking number 3 (step set-next-numbers): "
            "nothing was sent into it since, and journal 70's one configured next booking "
            "number is that of financial year 2026, so no export shows it; check by hand in "
            "the accounting package (master data, journals) that the next booking number of "
            "financial year 2025 is at least 3",
            matters=False,
        ),
        Unchecked(
            "set-next-numbers",
            "journal 70, financial year 2026: the next booking number 3 (step set-next-numbers): "
            "nothing was sent into it since and the new snapshot does not show the journal's "
            "next booking number; export the journals with their next booking numbers",
        ),
    )
    assert not confirmation.ok  # 2026's number can be exported


def test_rule_3_9_a_prevention_number_skipped_names_every_stale_number_left_next() -> None:
    # F2 and F3 lost their bookings (#1003, #1004): the plan sets 70 to 1005;
    # skipped, F4 receives 1002 and the journal's next number is 1003.
    f1, f2, f3 = (
        Invoice("F1", day(1, 5), 1001),
        Invoice("F2", day(1, 6), 1003),
        Invoice("F3", day(1, 8), 1004),
    )
    f4 = Invoice("F4", day(1, 20))
    before = Snapshot(
        INTEGRATION,
        [f1, f2, f3, f4],
        [Journal("70", next_booking_number=1002), Journal("71")],
        [Booking("70", 1001, f1.date, f1.ref, "F1")],
        bookings_complete=True,
    )
    plan = plan_repair(before)
    assert plan.kind == "prevent"
    sent = attrs.evolve(f4, booking_number=1002)
    after = attrs.evolve(
        before,
        documents=[f1, f2, f3, sent],
        journals=[Journal("70", next_booking_number=1003), Journal("71")],
        bookings=[*(before.bookings or ()), Booking("70", 1002, sent.date, sent.ref, "F4")],
    )
    confirmation = confirm_repair(before, plan, after)
    assert not confirmation.ok
    assert [(d.step, d.documents, d.matters) for d in confirmation.deviations] == [
        ("set-next-numbers", (f4.ref,), False),
        ("set-next-numbers", (f2.ref, f3.ref), True),
    ]
    assert confirmation.deviations[1].message == (
        "journal 70: invoice F2 and invoice F3 keep booking numbers 1003 and 1004 without a "
        "booking, at or above the highest booking left there, and the synchronisation handed "
        "out lower numbers than the plan predicted: documents sent there later would receive "
        "those numbers again and collide; set the next booking number of journal 70 to 1005 "
        "in the accounting package (master data, journals) before the next synchronisation "
        "(step set-next-numbers)"
    )


P1, P2, P3 = (
    Invoice("1", day(1, 5), 1001),
    Invoice("2", day(1, 6), 1002),
    Invoice("3", day(1, 7), 1003),
)
#: Nothing collides yet: 3 lost its booking (#1003); a prevention plan sets 70 to 1004.
PREVENT = Snapshot(
    INTEGRATION,
    [P1, P2, P3],
    [Journal("70", next_booking_number=1003), Journal("71")],
    [Booking("70", 1001, P1.date, P1.ref, "1"), Booking("70", 1002, P2.date, P2.ref, "2")],
)


def test_rule_3_9_a_prevention_number_typed_lower_names_the_stale_numbers_it_reaches() -> None:
    # Oracle2's "future collision not named": the prevention plan sets 70 to
    # 1004, the person typed 1001, nothing is sent yet. The deviation names 3,
    # whose number the next document would take.
    before, p3 = PREVENT, P3
    plan = plan_repair(before)
    assert plan.kind == "prevent"
    after = attrs.evolve(before, journals=[Journal("70", next_booking_number=1001), Journal("71")])
    confirmation = confirm_repair(before, plan, after)
    assert not confirmation.ok
    assert confirmation.deviations == (
        Deviation(
            "set-next-numbers",
            "journal 70: the configured next booking number is 1001, not 1004 as the plan says; "
            "invoice 3 keeps booking number 1003 without a booking, which a document sent there "
            "would receive again and collide: set it to 1004 before the documents are sent "
            "(step set-next-numbers)",
            (p3.ref,),
        ),
    )
    # Without the bookings exported, which numbers are stale cannot be told.
    unexported = attrs.evolve(after, bookings=None)
    assert [(d.step, d.documents) for d in confirm_repair(before, plan, unexported).deviations] == [
        ("set-next-numbers", ())
    ]
    # Typed 1004 or more, nothing is left to name.
    done = attrs.evolve(before, journals=[Journal("70", next_booking_number=1004), Journal("71")])
    assert confirm_repair(before, plan, done).ok

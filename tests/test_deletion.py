"""Documents to reset and bookings to delete: DOMAIN.md §3.4, rule by rule."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    Document,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    documents_to_delete,
    documents_to_reset,
    plan_repair,
    simulate_repair,
    verify_plan,
)
from builders import SHARED, TWO_JOURNALS, booked, day, numbers

# Journal 70 (invoices): A 01-05 #101, B 01-06 #102 (booking deleted),
# C 01-10 #102 (holds it), D 01-10 #103, E 01-12 not booked yet.
A = Invoice("A", day(1, 5), 101)
B = Invoice("B", day(1, 6), 102)
C = Invoice("C", day(1, 10), 102)
D = Invoice("D", day(1, 10), 103)
E = Invoice("E", day(1, 12))
# Journal 71 (credit notes): K1 01-09 #7, K2 01-10 #8, K3 01-11 #9.
K1 = CreditNote("K1", day(1, 9), 7)
K2 = CreditNote("K2", day(1, 10), 8)
K3 = CreditNote("K3", day(1, 11), 9)
INVOICE_COLLISION = Snapshot(
    TWO_JOURNALS,
    [A, B, C, D, E, K1, K2, K3],
    bookings=[*booked(A, C, D), *booked(K1, K2, K3, journal="71")],
)


def test_reset_is_every_booked_document_dated_on_or_after_the_cutoff() -> None:
    # Cutoff 01-10: C and D (01-10, on the day), K2 (01-10), K3 (01-11).
    # Not A, B, K1 (before it); not E (not booked: nothing to reset).
    reset = documents_to_reset(INVOICE_COLLISION, day(1, 10))
    assert set(reset) == {C, D, K2, K3}


def test_reset_is_in_date_order() -> None:
    reset = documents_to_reset(INVOICE_COLLISION, day(1, 10))
    assert [d.date for d in reset] == sorted(d.date for d in reset)


def test_reset_without_cutoff_is_empty() -> None:
    assert documents_to_reset(INVOICE_COLLISION, None) == ()
    assert documents_to_delete(INVOICE_COLLISION, None) == ()


# A collision of one kind, and a booked document of the other kind dated after
# the cutoff; in one shared journal and in two journals.
def _collision_of(kind: str, integration: Integration) -> tuple[Snapshot, Document]:
    colliding: type[Invoice] | type[CreditNote] = Invoice if kind == "invoice" else CreditNote
    other: type[Invoice] | type[CreditNote] = CreditNote if kind == "invoice" else Invoice
    x = colliding("X", day(2, 1), 5)
    y = colliding("Y", day(2, 3), 5)
    z = other("Z", day(2, 4), 6 if integration is SHARED else 1)
    return Snapshot(integration, [x, y, z]), z


@pytest.mark.parametrize("integration", [SHARED, TWO_JOURNALS], ids=["one-journal", "two-journals"])
@pytest.mark.parametrize("kind", ["invoice", "credit note"])
def test_reset_includes_credit_notes_whatever_the_collision_kind(
    kind: str, integration: Integration
) -> None:
    # Cutoff 02-03 (Y); Z of the other kind is dated 02-04: reset and deleted too.
    snapshot, other = _collision_of(kind, integration)
    plan = plan_repair(snapshot)
    assert plan.cutoff == day(2, 3)
    assert other in plan.to_reset
    assert other in plan.to_delete


def test_delete_lists_the_reset_documents_whose_booking_exists() -> None:
    # Reset: C, D, K2, K3; all four have a booking.
    assert set(documents_to_delete(INVOICE_COLLISION, day(1, 10))) == {C, D, K2, K3}


def test_stale_documents_are_never_deleted() -> None:
    # rebook-deleted: cutoff 01-06 (B); B is reset (sent again) but its booking
    # is already gone: it is not listed for deletion.
    plan = plan_repair(INVOICE_COLLISION, CutoffPolicy.REBOOK_DELETED)
    assert plan.cutoff == day(1, 6)
    assert B in plan.to_reset
    assert B not in plan.to_delete
    assert B.ref not in {deletion.document.ref for deletion in plan.deletions}


def test_stale_document_outside_any_collision_after_the_cutoff_is_reset_not_deleted() -> None:
    # G 01-11 #104 lost its booking and collides with nothing (yet). Cutoff 01-10.
    g = Invoice("G", day(1, 11), 104)
    snapshot = Snapshot(SHARED, [A, B, C, D, g], bookings=booked(A, C, D))
    assert g in documents_to_reset(snapshot, day(1, 10))
    assert g not in documents_to_delete(snapshot, day(1, 10))


def test_without_bookings_every_reset_document_but_the_inferred_stale_is_deleted() -> None:
    # No bookings: the holder of {B, C} is C (last in sync order), B is stale.
    # rebook-deleted cutoff 01-06: reset B, C, D; delete C, D (not B).
    snapshot = Snapshot(SHARED, [A, B, C, D])
    assert set(documents_to_reset(snapshot, day(1, 6))) == {B, C, D}
    assert numbers(documents_to_delete(snapshot, day(1, 6))) == [("D", 103), ("C", 102)]


def test_without_bookings_an_inferred_holder_dated_earlier_is_deleted() -> None:
    # Backdated: Y synced last (so the inferred holder) but dated 01-02; X
    # synced first, dated 01-08. rebook-deleted cutoff 01-02 resets both;
    # Y has a booking (inferred), X is stale: delete Y only.
    x = Invoice("X", day(1, 8), 40, synced_at=dt.datetime(2026, 1, 8, 10))
    y = Invoice("Y", day(1, 2), 40, synced_at=dt.datetime(2026, 1, 9, 10))
    snapshot = Snapshot(SHARED, [x, y])
    plan = plan_repair(snapshot, CutoffPolicy.REBOOK_DELETED)
    assert plan.to_delete == (y,)


def test_deletion_order_is_highest_number_first_per_journal() -> None:
    # Journal 70: numbers by date are C #202 (01-10), D #204 (01-11),
    # F #203 (01-12, backdated after D was sent). Journal 71: K2 #8, K3 #9.
    # Per journal, highest first: 70: 204, 203, 202; 71: 9, 8.
    a = Invoice("A", day(1, 5), 201)
    b = Invoice("B", day(1, 6), 202)
    c = Invoice("C", day(1, 10), 202)
    d = Invoice("D", day(1, 11), 204)
    f = Invoice("F", day(1, 12), 203)
    snapshot = Snapshot(
        TWO_JOURNALS,
        [a, b, c, d, f, K1, K2, K3],
        bookings=[*booked(a, c, d, f), *booked(K1, K2, K3, journal="71")],
    )
    deleted = documents_to_delete(snapshot, day(1, 10))
    per_journal: dict[str, list[int]] = {}
    for document in deleted:
        per_journal.setdefault(snapshot.journal_of(document), []).append(
            document.booking_number or 0
        )
    assert per_journal == {"70": [204, 203, 202], "71": [9, 8]}
    # each journal's deletions come together
    journals = [snapshot.journal_of(document) for document in deleted]
    assert journals in (["70"] * 3 + ["71"] * 2, ["71"] * 2 + ["70"] * 3)
    assert plan_repair(snapshot).to_delete == deleted


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_each_deletion_removes_the_journals_last_entry(policy: CutoffPolicy) -> None:
    # Deleting in plan order, each booking deleted is the highest left in its
    # journal and period at that moment (there is no manual booking above).
    f = Invoice("F", day(1, 12), 104)  # F #104 dated 01-12, D #103 dated 01-10
    snapshot = Snapshot(
        TWO_JOURNALS,
        [A, B, C, D, f, K1, K2, K3],
        bookings=[*booked(A, C, D, f), *booked(K1, K2, K3, journal="71")],
    )
    left = {(b.journal, b.booking_number) for b in snapshot.bookings or ()}
    for deletion in plan_repair(snapshot, policy).deletions:
        highest = max(number for journal, number in left if journal == deletion.journal)
        assert deletion.booking_number == highest
        left.remove((deletion.journal, deletion.booking_number))


def test_deletion_order_per_financial_year_removes_each_years_last_entry_first() -> None:
    # Journal 70 numbered per financial year (January). 2025: A #1, B #2
    # (lost its booking), C #2 (holds it, 12-29). 2026: D #1, E #2.
    # Cutoff 2025-12-29. Deletions per year, highest first: 2026: E #2, D #1;
    # 2025: C #2. The later year goes first, so every deletion removes the
    # journal's last entry.
    a = Invoice("A", day(12, 20, 2025), 1)
    b = Invoice("B", day(12, 22, 2025), 2)
    c = Invoice("C", day(12, 29, 2025), 2)
    d = Invoice("D", day(1, 3), 1)
    e = Invoice("E", day(1, 5), 2)
    snapshot = Snapshot(
        SHARED,
        [a, b, c, d, e],
        journals=[Journal("70", Numbering.PER_FINANCIAL_YEAR)],
        bookings=booked(a, c, d, e),
    )
    plan = plan_repair(snapshot)
    assert plan.cutoff == day(12, 29, 2025)
    assert [(x.financial_year, x.booking_number, x.document.number) for x in plan.deletions] == [
        (2026, 2, "E"),
        (2026, 1, "D"),
        (2025, 2, "C"),
    ]


def test_manual_bookings_are_never_deleted_and_warned() -> None:
    # Manual #104 of 01-11 in journal 70 (after the cutoff 01-10) and manual
    # #100 of 01-03 (before it).
    late = Booking("70", 104, day(1, 11))
    early = Booking("70", 100, day(1, 3))
    snapshot = Snapshot(SHARED, [A, B, C, D], bookings=[early, *booked(A, C, D), late])
    plan = plan_repair(snapshot)
    assert plan.cutoff == day(1, 10)
    assert {d.booking_number for d in plan.to_delete} == {102, 103}
    assert 104 not in {deletion.booking_number for deletion in plan.deletions}
    manual = [w for w in plan.warnings if w.rule == "manual-booking-kept"]
    assert len(manual) == 1
    assert "#104" in manual[0].message
    assert "2026-01-11" in manual[0].message
    after = simulate_repair(snapshot, plan)
    assert late in (after.bookings or ())
    assert early in (after.bookings or ())


def test_manual_booking_on_the_cutoff_day_is_warned() -> None:
    on_cutoff = Booking("70", 104, day(1, 10))
    snapshot = Snapshot(SHARED, [A, B, C, D], bookings=[*booked(A, C, D), on_cutoff])
    manual = [w for w in plan_repair(snapshot).warnings if w.rule == "manual-booking-kept"]
    assert len(manual) == 1


def test_manual_booking_before_the_cutoff_is_not_warned() -> None:
    snapshot = Snapshot(
        SHARED, [A, B, C, D], bookings=[Booking("70", 100, day(1, 3)), *booked(A, C, D)]
    )
    assert [w for w in plan_repair(snapshot).warnings if w.rule == "manual-booking-kept"] == []


@pytest.mark.parametrize(
    ("locked_until", "blocked"),
    [
        # cutoff 01-10; C and D (01-10) and K2 (01-10), K3 (01-11) are deleted
        pytest.param(None, set(), id="no-lock"),
        pytest.param(day(1, 9), set(), id="closed-until-the-day-before"),
        pytest.param(day(1, 10), {"C", "D"}, id="closed-until-the-cutoff"),
        # E (01-12), not booked yet, is sent into journal 70, which the repair
        # touches, on or before the lock date: a blocker too (§3.4)
        pytest.param(day(1, 31), {"C", "D", "E"}, id="closed-until-later"),
    ],
)
def test_document_in_closed_period_is_a_blocker(
    locked_until: dt.date | None, blocked: set[str]
) -> None:
    # Only journal 70 is closed; journal 71's credit notes never block.
    snapshot = Snapshot(
        TWO_JOURNALS,
        INVOICE_COLLISION.documents,
        journals=[Journal("70", locked_until=locked_until), Journal("71")],
        bookings=INVOICE_COLLISION.bookings,
    )
    plan = plan_repair(snapshot)
    assert {ref.number for b in plan.blockers for ref in b.documents} == blocked
    assert plan.feasible is (not blocked)
    assert all(
        b.rule == ("closed-period-unbooked" if b.documents == (E.ref,) else "closed-period")
        for b in plan.blockers
    )
    for blocker in plan.blockers:
        assert "journal 70" in blocker.message
        assert locked_until is not None
        assert locked_until.isoformat() in blocker.message


def test_closed_periods_block_booking_a_reset_document_again() -> None:
    # §3.4: rebook-deleted, cutoff 01-06: B (01-06) is reset but has no booking
    # to delete; the sync would book it again at 01-06, in journal 70 closed
    # until 01-07: the accounting package refuses that booking.
    snapshot = Snapshot(
        SHARED,
        [A, B, C, D],
        journals=[Journal("70", locked_until=day(1, 7))],
        bookings=booked(A, C, D),
    )
    plan = plan_repair(snapshot, CutoffPolicy.REBOOK_DELETED)
    assert B in plan.to_reset
    (blocker,) = [b for b in plan.blockers if b.rule == "closed-period-rebooking"]
    assert blocker.documents == (B.ref,)
    for word in ("invoice B", "2026-01-06", "journal 70", "2026-01-07"):
        assert word in blocker.message
    assert not plan.feasible


def test_closed_period_without_bookings_uses_the_document_date() -> None:
    # No bookings: C and D (01-10) are taken to be booked on their dates.
    snapshot = Snapshot(SHARED, [A, B, C, D], journals=[Journal("70", locked_until=day(1, 10))])
    plan = plan_repair(snapshot)
    assert {ref.number for b in plan.blockers for ref in b.documents} == {"C", "D"}
    assert not plan.feasible


# -- §3.4 closed periods, word for word ----------------------------------------


def test_closed_period_of_a_later_journal_blocks_its_deletion_word_for_word() -> None:
    # §3.4: journal 70 is open, journal 71 closed until 01-10. The deletions
    # of 70 come first and block nothing; K2 (01-10) in 71 is blocked, K3
    # (01-11) is not.
    snapshot = Snapshot(
        TWO_JOURNALS,
        [A, B, C, D, K1, K2, K3],
        journals=[Journal("70"), Journal("71", locked_until=day(1, 10))],
        bookings=[*booked(A, C, D), *booked(K1, K2, K3, journal="71")],
    )
    plan = plan_repair(snapshot)
    assert numbers(plan.to_delete) == [("D", 103), ("C", 102), ("K3", 9), ("K2", 8)]
    assert [(b.rule, b.message, b.documents) for b in plan.blockers] == [
        (
            "closed-period",
            "credit note K2 (#8 of 2026-01-10) must be deleted, but journal 71 is closed until "
            "2026-01-10: the plan cannot be carried out as it is; reopen the period in the "
            "accounting package first",
            (K2.ref,),
        )
    ]


def test_booking_again_on_the_lock_date_itself_is_blocked_word_for_word() -> None:
    # §3.4 rebook-deleted, cutoff 01-06: B is booked again at 01-06, in journal
    # 70 closed until 01-06 ("on or before the lock date"). U, not booked yet
    # and untouched by the repair, is sent first: a warning, not a blocker.
    u = Invoice("U", day(1, 1))
    snapshot = Snapshot(
        SHARED,
        [u, A, B, C, D],
        journals=[Journal("70", locked_until=day(1, 6))],
        bookings=booked(A, C, D),
    )
    plan = plan_repair(snapshot, CutoffPolicy.REBOOK_DELETED)
    assert plan.cutoff == day(1, 6)
    assert [(b.rule, b.message, b.documents) for b in plan.blockers] == [
        (
            "closed-period-rebooking",
            "invoice B of 2026-01-06 would be booked again in journal 70, which is closed until "
            "2026-01-06: the accounting package refuses the booking, so the plan cannot be "
            "carried out as it is; reopen the period first",
            (B.ref,),
        )
    ]
    assert [(w.rule, w.message, w.documents) for w in plan.warnings] == [
        (
            "unbooked-in-closed-period",
            "invoice U of 2026-01-01 is not booked yet and journal 70 is closed until "
            "2026-01-06: the synchronisation cannot book it (it fails today too); reopen the "
            "period to book it",
            (u.ref,),
        )
    ]


def test_a_document_not_booked_yet_on_its_journals_lock_date_is_a_warning() -> None:
    # §3.4: a document not booked yet that the repair does not touch, dated on
    # the lock date of its journal (71), is a warning: it fails today too. U in
    # open journal 70 is sent before it and is no warning.
    u, w = Invoice("U", day(1, 4)), CreditNote("W", day(1, 5))
    snapshot = Snapshot(
        TWO_JOURNALS,
        [u, A, B, C, D, w],
        journals=[Journal("70"), Journal("71", locked_until=day(1, 5))],
        bookings=booked(A, C, D),
    )
    plan = plan_repair(snapshot)
    assert plan.blockers == ()
    assert plan.feasible
    closed = [(f.rule, f.message, f.documents) for f in plan.warnings if "closed" in f.rule]
    assert closed == [
        (
            "unbooked-in-closed-period",
            "credit note W of 2026-01-05 is not booked yet and journal 71 is closed until "
            "2026-01-05: the synchronisation cannot book it (it fails today too); reopen the "
            "period to book it",
            (w.ref,),
        )
    ]


def _credit_note_journal_closed_until_01_15() -> Snapshot:
    """The reproduction of §3.4's *touch*: B 01-06 #1 (booking deleted), C 01-10 #1,
    credit note K0 01-20 #1 in journal 71, credit note K 01-12 not booked yet;
    journal 71 closed until 01-15."""
    b, c = Invoice("B", day(1, 6), 1), Invoice("C", day(1, 10), 1)
    k0, k = CreditNote("K0", day(1, 20), 1), CreditNote("K", day(1, 12))
    return Snapshot(
        TWO_JOURNALS,
        [b, c, k0, k],
        journals=[Journal("70"), Journal("71", locked_until=day(1, 15))],
        bookings=[*booked(c), *booked(k0, journal="71")],
    )


def test_rule_3_4_an_unbooked_document_the_repair_touches_in_a_closed_period_is_a_blocker() -> None:
    # §3.4: the cutoff 01-10 resets K0 in journal 71, so the repair touches
    # journal 71; K (01-12, on or after the cutoff, on or before the lock date
    # 01-15) is refused by the accounting package: a blocker, not a warning
    # (the checklist's numbers leave K out: K0 gets #1, see below).
    snapshot = _credit_note_journal_closed_until_01_15()
    plan = plan_repair(snapshot)
    assert plan.cutoff == day(1, 10)
    assert [(b.rule, b.message, b.documents) for b in plan.blockers] == [
        (
            "closed-period-unbooked",
            "credit note K of 2026-01-12 is not booked yet, and the synchronisation sends it "
            "into journal 71, which the repair touches (documents are reset there or its next "
            "booking number is set) and which is closed until 2026-01-15: the accounting "
            "package refuses it (the numbers the checklist predicts leave it out), so the plan "
            "cannot be carried out as it is; reopen the period first",
            (CreditNote("K", day(1, 12)).ref,),
        )
    ]
    assert not plan.feasible
    assert [w.rule for w in plan.warnings if "closed" in w.rule] == []


def test_rule_3_4_an_unbooked_document_the_repair_does_not_touch_stays_a_warning() -> None:
    # The same history without K0: nothing is reset in journal 71 and no next
    # number is set there, so K fails today too: a warning.
    touched = _credit_note_journal_closed_until_01_15()
    snapshot = Snapshot(
        touched.integration,
        [d for d in touched.documents if d.number != "K0"],
        touched.journals,
        [b for b in touched.bookings or () if b.journal == "70"],
    )
    plan = plan_repair(snapshot)
    assert plan.blockers == ()
    assert [w.rule for w in plan.warnings if "closed" in w.rule] == ["unbooked-in-closed-period"]


def test_rule_3_4_a_document_the_accounting_package_refuses_takes_no_predicted_number() -> None:
    # Example A with E (01-07, not booked yet) in journal 70, closed until
    # 01-08: the accounting package refuses E, so the next number 1003 goes
    # to C and 1004 to D (§3.7: the numbers the checklist predicts are the
    # sync's); E is a warning (dated before the cutoff), and gets no number.
    a, b, c, d = (
        Invoice("A", day(1, 5), 1001),
        Invoice("B", day(1, 6), 1002),
        Invoice("C", day(1, 10), 1002),
        Invoice("D", day(1, 12), 1003),
    )
    e = Invoice("E", day(1, 7))
    snapshot = Snapshot(
        SHARED,
        [a, b, e, c, d],
        journals=[Journal("70", locked_until=day(1, 8))],
        bookings=[*booked(a), *booked(c), *booked(d)],
    )
    plan = plan_repair(snapshot)
    assert plan.cutoff == day(1, 10)
    assert [(n.place.journal, n.number) for n in plan.next_numbers] == [("70", 1003)]
    assert [(s.document.number, s.document.booking_number) for s in plan.sent] == [
        ("C", 1003),
        ("D", 1004),
    ]
    assert [(w.rule, w.documents) for w in plan.warnings if "closed" in w.rule] == [
        ("unbooked-in-closed-period", (e.ref,))
    ]
    assert plan.feasible
    assert verify_plan(snapshot, plan) == ()
    after = simulate_repair(snapshot, plan)
    assert after.document(e.ref).booking_number is None


def test_rule_3_4_a_refused_document_of_an_untouched_journal_takes_no_predicted_number() -> None:
    snapshot = _credit_note_journal_closed_until_01_15()
    untouched = Snapshot(
        snapshot.integration,
        [d for d in snapshot.documents if d.number != "K0"],
        snapshot.journals,
        [b for b in snapshot.bookings or () if b.journal == "70"],
    )
    plan = plan_repair(untouched)
    assert [s.document.number for s in plan.sent] == ["C"]
    assert verify_plan(untouched, plan) == ()


def test_rule_3_4_a_blocked_unbooked_document_takes_no_predicted_number() -> None:
    # The blocker's case: K (01-12) is refused, so K0 (01-20), reset, gets #1, not #2.
    snapshot = _credit_note_journal_closed_until_01_15()
    plan = plan_repair(snapshot)
    assert [b.rule for b in plan.blockers] == ["closed-period-unbooked"]
    assert [(s.document.number, s.document.booking_number) for s in plan.sent] == [
        ("C", 2),
        ("K0", 1),
    ]


def test_rule_3_4_an_unbooked_document_dated_before_the_cutoff_stays_a_warning() -> None:
    # Touched journal, but K dated 01-08, before the cutoff 01-10: a warning.
    touched = _credit_note_journal_closed_until_01_15()
    early = CreditNote("K", day(1, 8))
    snapshot = attrs.evolve(
        touched, documents=[early if d.number == "K" else d for d in touched.documents]
    )
    plan = plan_repair(snapshot)
    assert plan.blockers == ()
    assert [(w.rule, w.documents) for w in plan.warnings if "closed" in w.rule] == [
        ("unbooked-in-closed-period", (early.ref,))
    ]


@pytest.mark.parametrize("function", [documents_to_reset, documents_to_delete])
def test_a_cutoff_that_is_not_a_date_is_refused_naming_the_function(function: object) -> None:
    from booking_reconcile import InvalidTypeError

    with pytest.raises(InvalidTypeError) as raised:
        function(INVOICE_COLLISION, "2026-01-10")  # type: ignore[operator]
    assert str(raised.value) == (
        f"{function.__name__}: cutoff '2026-01-10' is not a date; expected a "  # type: ignore[attr-defined]
        "datetime.date or None (parse text with datetime.date.fromisoformat first)"
    )

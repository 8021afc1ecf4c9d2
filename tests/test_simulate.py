"""Proving a plan: DOMAIN.md §3.7, the simulation and ``verify_plan``, rule by rule.

The broken plans are sound plans changed with ``attrs.evolve``; each must be
rejected with a reason that names what is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    Deletion,
    Document,
    Invoice,
    Journal,
    NextBookingNumber,
    Numbering,
    PlanMismatchError,
    RepairPlan,
    Snapshot,
    find_collisions,
    plan_repair,
    plan_with_cutoff,
    simulate,
    simulate_repair,
    verify_plan,
)
from builders import SHARED, TWO_JOURNALS, booked, day, numbers

# A 01-05 #801, B 01-06 #802 (booking deleted), C 01-10 #802 (holds it),
# D 01-12 #803, E 01-14 not booked yet. keep-deleted: cutoff 01-10; reset C,
# D; delete D, C; next = max(802, 802 + 1) = 803.
A = Invoice("A", day(1, 5), 801)
B = Invoice("B", day(1, 6), 802)
C = Invoice("C", day(1, 10), 802)
D = Invoice("D", day(1, 12), 803)
E = Invoice("E", day(1, 14))
STORY = Snapshot(SHARED, [A, B, C, D, E], bookings=booked(A, C, D))
PLAN = plan_repair(STORY)


def test_the_story_plan_is_as_worked_out_by_hand() -> None:
    assert PLAN.cutoff == day(1, 10)
    assert numbers(PLAN.to_delete) == [("D", 803), ("C", 802)]
    assert [(n.journal, n.number) for n in PLAN.next_numbers] == [("70", 803)]


def test_simulation_removes_the_deleted_bookings() -> None:
    after = simulate_repair(STORY, PLAN)
    assert after.bookings is not None
    assert Booking("70", 803, day(1, 12), D.ref) not in after.bookings
    assert Booking("70", 802, day(1, 10), C.ref) not in after.bookings
    assert Booking("70", 801, day(1, 5), A.ref) in after.bookings


def test_simulation_sends_reset_and_unbooked_documents_numbered_from_the_next_number() -> None:
    # next 803: C gets max(801 + 1, 803) = 803, D 804, E (not booked yet) 805.
    after = simulate_repair(STORY, PLAN)
    assert numbers(after.documents) == [
        ("A", 801),
        ("B", 802),
        ("C", 803),
        ("D", 804),
        ("E", 805),
    ]
    for ref in (C.ref, D.ref, E.ref):
        booking = after.booking_of(after.document(ref))
        assert booking is not None
        assert booking.booking_number == after.document(ref).booking_number
    assert numbers(PLAN.after_sync) == [("C", 803), ("D", 804), ("E", 805)]


def test_simulation_clears_the_numbers_of_reset_documents() -> None:
    # C and D give up #802 and #803; the only bookings they have afterwards are
    # the new ones, under the numbers the sync gave them.
    after = simulate_repair(STORY, PLAN)
    for document in PLAN.to_reset:
        mine = [b for b in after.bookings or () if b.document == document.ref]
        assert [b.booking_number for b in mine] == [after.document(document.ref).booking_number]
        assert after.document(document.ref).booking_number != document.booking_number


@pytest.mark.parametrize(
    ("next_number", "expected"),
    [
        # highest left after the deletions: A 801
        pytest.param(900, [("C", 900), ("D", 901), ("E", 902)], id="next-number-wins"),
        # max(801 + 1, 5) = 802: B's number, a collision (this plan is unsound)
        pytest.param(5, [("C", 802), ("D", 803), ("E", 804)], id="highest-plus-one-wins"),
    ],
)
def test_simulation_gives_each_document_the_higher_of_highest_plus_one_and_next(
    next_number: int, expected: list[tuple[str, int]]
) -> None:
    plan = attrs.evolve(PLAN, next_numbers=(NextBookingNumber("70", None, next_number),))
    after = simulate_repair(STORY, plan)
    assert numbers([after.document(d.ref) for d in (C, D, E)]) == expected


def test_resend_order_ignores_old_sync_times() -> None:
    # §3.7: D (dated 01-12) was once sent at 09:00, before C (dated 01-10) at
    # 10:00; sent anew, the invoicing tool goes by date: C first again.
    # next = max(lowest deleted 2, B 2 + 1) = 3: C gets 3, D gets 4.
    a = Invoice("A", day(1, 5), 1, synced_at=dt.datetime(2026, 1, 5, 9))
    b = Invoice("B", day(1, 6), 2, synced_at=dt.datetime(2026, 1, 6, 9))
    c = Invoice("C", day(1, 10), 2, synced_at=dt.datetime(2026, 1, 20, 10))
    d = Invoice("D", day(1, 12), 3, synced_at=dt.datetime(2026, 1, 20, 9))
    snapshot = Snapshot(SHARED, [a, b, c, d], bookings=booked(a, c, d))
    plan = plan_repair(snapshot)
    assert numbers(plan.after_sync) == [("C", 3), ("D", 4)]
    after = simulate_repair(snapshot, plan)
    assert numbers([after.document(c.ref), after.document(d.ref)]) == [("C", 3), ("D", 4)]


def test_resend_order_sends_invoices_before_credit_notes_of_the_same_day() -> None:
    # One journal for both kinds: credit note K and invoice Z share 01-10;
    # K's number sorts first, but the invoice is sent first.
    a, b = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2)
    c = Invoice("C", day(1, 8), 2)
    k, z = CreditNote("K", day(1, 10)), Invoice("Z", day(1, 10))
    snapshot = Snapshot(SHARED, [a, b, c, k, z], bookings=booked(a, c))
    plan = plan_repair(snapshot)
    assert numbers(plan.after_sync) == [("C", 3), ("Z", 4), ("K", 5)]


def test_resend_order_of_a_journal_does_not_depend_on_another_journal() -> None:
    # Issue case: journal 70's predicted numbers must not change when an
    # unrelated credit note, not yet booked, appears in journal 71 (with sync
    # times on the invoices, the old order fell back from sync times to dates).
    a = Invoice("A", day(1, 5), 1, synced_at=dt.datetime(2026, 1, 5, 9))
    b = Invoice("B", day(1, 6), 2, synced_at=dt.datetime(2026, 1, 6, 9))
    c = Invoice("C", day(1, 10), 2, synced_at=dt.datetime(2026, 1, 20, 10))
    d = Invoice("D", day(1, 12), 3, synced_at=dt.datetime(2026, 1, 20, 9))
    alone = Snapshot(TWO_JOURNALS, [a, b, c, d], bookings=booked(a, c, d))
    k = CreditNote("K", day(1, 11))
    beside = Snapshot(TWO_JOURNALS, [a, b, c, d, k], bookings=booked(a, c, d))
    in_70 = [sent for sent in plan_repair(beside).sent if sent.place.journal == "70"]
    assert [(s.document.number, s.document.booking_number) for s in in_70] == numbers(
        plan_repair(alone).after_sync
    )


def test_simulation_sends_documents_of_one_date_in_natural_number_order() -> None:
    # 2026/5 (lost #2), 2026/9 #3 and 2026/10 #2 are all dated 01-10 and reset
    # (no sync times): sync order is date, then number compared naturally
    # (2026/5, 2026/9, 2026/10; as text 2026/10 would come first). Delete
    # 2026/9 #3, 2026/10 #2; next = max(lowest deleted 2, in use 1 + 1) = 2:
    # 2026/5 -> 2, 2026/9 -> 3, 2026/10 -> 4.
    first = Invoice("2026/1", day(1, 2), 1)
    nine, ten = Invoice("2026/9", day(1, 10), 3), Invoice("2026/10", day(1, 10), 2)
    stale = Invoice("2026/5", day(1, 10), 2)
    snapshot = Snapshot(SHARED, [first, ten, stale, nine], bookings=booked(first, ten, nine))
    plan = plan_repair(snapshot)
    assert plan.cutoff == day(1, 10)
    assert numbers(plan.after_sync) == [("2026/5", 2), ("2026/9", 3), ("2026/10", 4)]


def test_simulation_numbers_each_journal_on_its_own() -> None:
    # Credit notes in journal 71: K1 01-04 #5, K2 01-11 #6 (reset, deleted).
    # 70: C, D again from 803; 71: next = max(6, 5 + 1) = 6, K2 gets 6.
    k1, k2 = CreditNote("K1", day(1, 4), 5), CreditNote("K2", day(1, 11), 6)
    snapshot = Snapshot(
        TWO_JOURNALS,
        [A, B, C, D, k1, k2],
        bookings=[*booked(A, C, D), *booked(k1, k2, journal="71")],
    )
    plan = plan_repair(snapshot)
    assert {(n.journal, n.number) for n in plan.next_numbers} == {("70", 803), ("71", 6)}
    assert numbers(plan.after_sync) == [("C", 803), ("K2", 6), ("D", 804)]


def test_simulation_keeps_manual_bookings() -> None:
    # Manual #810 of 01-11 stays: next = max(802, 810 + 1) = 811; C 811, D 812.
    manual = Booking("70", 810, day(1, 11))
    snapshot = Snapshot(SHARED, [A, B, C, D], bookings=[*booked(A, C, D), manual])
    plan = plan_repair(snapshot)
    after = simulate_repair(snapshot, plan)
    assert manual in (after.bookings or ())
    assert numbers(plan.after_sync) == [("C", 811), ("D", 812)]


def test_simulation_keeps_the_configured_next_number_of_a_journal_the_plan_does_not_set() -> None:
    # Journal 71 is configured to hand out 900 next and holds nothing; K (not
    # booked yet) is sent into it: max(0 + 1, 900) = 900.
    k = CreditNote("K", day(1, 20))
    snapshot = Snapshot(
        TWO_JOURNALS,
        [A, B, C, D, k],
        journals=[Journal("70"), Journal("71", next_booking_number=900)],
        bookings=booked(A, C, D),
    )
    plan = plan_repair(snapshot)
    assert "71" not in {n.journal for n in plan.next_numbers}
    assert simulate_repair(snapshot, plan).document(k.ref).booking_number == 900
    assert numbers(plan.after_sync)[-1] == ("K", 900)


def test_simulation_without_bookings_starts_from_the_inferred_bookings() -> None:
    # No bookings: A, C, D are taken to be booked, B (stale) not. The result
    # has bookings: A #801 kept, C #803 and D #804 new, none for B.
    snapshot = Snapshot(SHARED, [A, B, C, D])
    after = simulate_repair(snapshot, plan_repair(snapshot))
    assert after.bookings is not None
    assert sorted(
        (b.document.number if b.document else "", b.booking_number) for b in after.bookings
    ) == [
        ("A", 801),
        ("C", 803),
        ("D", 804),
    ]
    assert after.booking_of(after.document(B.ref)) is None


def test_simulation_leaves_the_input_snapshot_alone() -> None:
    before = (STORY.documents, STORY.bookings)
    simulate_repair(STORY, PLAN)
    assert (STORY.documents, STORY.bookings) == before


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_a_sound_plan_leaves_no_collision_and_books_every_reset_document_once(
    policy: CutoffPolicy,
) -> None:
    plan = plan_repair(STORY, policy)
    assert verify_plan(STORY, plan) == ()
    after = simulate_repair(STORY, plan)
    assert find_collisions(after) == ()
    referred = [b.document for b in after.bookings or () if b.document is not None]
    for document in plan.to_reset:
        assert referred.count(document.ref) == 1
    # no booked document dated before the cutoff changed
    assert plan.cutoff is not None
    for document in STORY.documents:
        if document.is_booked and document.date < plan.cutoff:
            assert after.document(document.ref) == document


def test_documents_not_booked_yet_before_the_cutoff_are_booked_and_still_sound() -> None:
    # Documented choice (simulate.py): W 01-07, not booked yet, is dated before
    # the cutoff 01-10; the sync books it (that is its job, not a change the
    # repair makes): in sync (date) order W 803, C 804, D 805.
    w = Invoice("W", day(1, 7))
    snapshot = Snapshot(SHARED, [A, B, w, C, D], bookings=booked(A, C, D))
    plan = plan_repair(snapshot)
    assert numbers(plan.after_sync) == [("W", 803), ("C", 804), ("D", 805)]
    assert verify_plan(snapshot, plan) == ()


# -- verify_plan: broken plans -------------------------------------------------

Mutation = Callable[[RepairPlan], RepairPlan]


def _without(documents: tuple[Document, ...], *dropped: Document) -> tuple[Document, ...]:
    return tuple(d for d in documents if d not in dropped)


def _deleting(plan: RepairPlan, *documents: Document, **changes: object) -> RepairPlan:
    """``plan`` deleting the bookings of ``documents`` (all in journal 70) instead."""
    deletions = [Deletion("70", None, d.booking_number or 0, d) for d in documents]
    return attrs.evolve(plan, deletions=deletions, **changes)


BROKEN: list[tuple[str, Mutation, tuple[str, ...]]] = [
    (
        "next-number-reuses-a-stale-number",
        # 802 is what B still carries: C sent again collides with B.
        lambda p: attrs.evolve(p, next_numbers=(NextBookingNumber("70", None, 802),)),
        ("The invoices B and C have the same booking number",),
    ),
    (
        "next-number-missing",
        # left to itself the package gives max(801) + 1 = 802: B again.
        lambda p: attrs.evolve(p, next_numbers=()),
        ("The invoices B and C have the same booking number",),
    ),
    (
        "reset-booking-not-deleted",
        lambda p: _deleting(p, *_without(p.to_delete, C)),
        ("invoice C", "not deleted"),
    ),
    (
        "reset-document-not-listed",
        lambda p: _deleting(p, *_without(p.to_delete, D), to_reset=_without(p.to_reset, D)),
        ("invoice D", "does not list it"),
    ),
    (
        "document-before-cutoff-listed-to-reset",
        lambda p: _deleting(p, *p.to_delete, A, to_reset=(A, *p.to_reset)),
        ("invoice A", "does not reset it"),
    ),
    (
        "booking-not-reset-listed-to-delete",
        lambda p: _deleting(p, *p.to_delete, A),
        ("invoice A", "not reset"),
    ),
    (
        "stale-document-listed-to-delete",
        lambda p: _deleting(p, *p.to_delete, B),
        ("invoice B", "no booking"),
    ),
    (
        "no-cutoff-while-documents-collide",
        lambda p: attrs.evolve(p, cutoff=None),
        ("The invoices B and C have the same booking number", "repairs nothing"),
    ),
    (
        "cutoff-moved-without-the-lists",
        # from 01-10 to 01-11: C (01-10) is listed but no longer reset.
        lambda p: attrs.evolve(p, cutoff=day(1, 11)),
        ("invoice C", "does not reset it"),
    ),
]


@pytest.mark.parametrize(
    ("mutation", "named"),
    [pytest.param(m, n, id=i) for i, m, n in BROKEN],
)
def test_verify_plan_rejects_a_broken_plan_naming_the_problem(
    mutation: Mutation, named: tuple[str, ...]
) -> None:
    reasons = verify_plan(STORY, mutation(PLAN))
    assert reasons, "the broken plan was accepted"
    assert any(all(word in reason for word in named) for reason in reasons), reasons


def test_verify_plan_of_a_sound_plan_is_empty() -> None:
    assert verify_plan(STORY, PLAN) == ()


def test_verify_plan_rejects_a_plan_that_does_not_delete_a_reset_booking() -> None:
    reasons = verify_plan(STORY, _deleting(PLAN, D))
    assert reasons == (
        "invoice C is reset but its booking is not deleted: it would be booked twice",
    )


def test_verify_plan_rejects_wrong_next_number() -> None:
    # The article's rule on this story would give 802 + 1 = 803 (right); one
    # lower, 802, reuses B's number.
    wrong = attrs.evolve(PLAN, next_numbers=(NextBookingNumber("70", None, 802),))
    (reason,) = verify_plan(STORY, wrong)
    assert "The invoices B and C have the same booking number" in reason
    assert "802" in reason


def test_verify_plan_rejects_a_cutoff_later_than_keep_deleted() -> None:
    # Two collisions: {B 01-06, C 01-10} on #802 and {P 01-08, Q 01-16} on
    # #804. keep-deleted: cutoff 01-10. A plan from 01-11 leaves {B, C}.
    p, q = Invoice("P", day(1, 8), 804), Invoice("Q", day(1, 16), 804)
    snapshot = Snapshot(SHARED, [A, B, p, C, D, q], bookings=booked(A, C, D, q))
    assert plan_repair(snapshot).cutoff == day(1, 10)
    late = plan_with_cutoff(snapshot, day(1, 11))
    reasons = verify_plan(snapshot, late)
    assert any("The invoices B and C have the same booking number" in r for r in reasons), reasons


def test_verify_plan_accepts_an_earlier_cutoff() -> None:
    # Going back further deletes more, but is sound.
    assert verify_plan(STORY, plan_with_cutoff(STORY, day(1, 2))) == ()


def test_verify_plan_accepts_a_higher_next_number() -> None:
    # §3.7: soundness is about collisions, resets and earlier documents; a gap
    # in the numbers is not unsound.
    higher = attrs.evolve(PLAN, next_numbers=(NextBookingNumber("70", None, 900),))
    assert verify_plan(STORY, higher) == ()


def test_a_plan_cannot_have_a_delink_date_other_than_the_cutoff() -> None:
    # §3.6: the delink date is the cutoff by construction, so a plan changed
    # to another cutoff moves its delink date (and verify_plan judges that).
    moved = attrs.evolve(PLAN, cutoff=day(1, 11))
    assert moved.delink_date == day(1, 11)
    with pytest.raises(TypeError):
        attrs.evolve(PLAN, delink_date=day(1, 11))


def test_simulate_with_foreign_plan_raises_plan_mismatch() -> None:
    # The same story, but D was redated: the plan names a D the snapshot does
    # not hold as such.
    moved = Invoice("D", day(1, 13), 803)
    other = Snapshot(SHARED, [A, B, C, moved], bookings=booked(A, C, moved))
    with pytest.raises(PlanMismatchError, match="invoice D"):
        simulate_repair(other, PLAN)


def test_simulate_with_plan_naming_an_unknown_document_raises_plan_mismatch() -> None:
    other = Snapshot(SHARED, [A, B, C], bookings=booked(A, C))
    with pytest.raises(PlanMismatchError, match="invoice D"):
        simulate_repair(other, PLAN)
    assert issubclass(PlanMismatchError, ValueError)


def test_verify_plan_with_foreign_plan_raises_plan_mismatch() -> None:
    # A plan is proven only against the snapshot it was computed from.
    moved = Invoice("D", day(1, 13), 803)
    other = Snapshot(SHARED, [A, B, C, moved], bookings=booked(A, C, moved))
    with pytest.raises(PlanMismatchError, match="invoice D"):
        verify_plan(other, PLAN)


# -- the proof's own checks, each shown to fire --------------------------------
# The lists a plan is checked against first (_plan_reasons) make these two
# checks unreachable for a plan built from the snapshot's own lists; they stay
# as the proof's last line, so each is tested on a crafted simulated sync.


def _sync(sent: list[tuple[Document, int]], **parts: object) -> object:
    from booking_reconcile.resend import Sent
    from booking_reconcile.simulate import _Sync

    made = [
        Sent(attrs.evolve(document, booking_number=number), STORY.place_of(document))
        for document, number in sent
    ]
    defaults: dict[str, object] = {
        "existing": frozenset(),
        "deleted": set(),
        "removed": set(),
        "reset": set(),
    }
    defaults.update(parts)
    return _Sync(made, **defaults)  # type: ignore[arg-type]


def test_the_proof_catches_a_reset_document_booked_twice() -> None:
    from booking_reconcile.simulate import _reset_not_booked_once

    # C is sent again while its old booking was kept: two bookings.
    sync = _sync([(C, 803)], existing=frozenset({C.key}), deleted=set())
    assert _reset_not_booked_once([C], sync) == [  # type: ignore[arg-type]
        "invoice C is reset but booked 2 times after the sync"
    ]


def test_the_proof_catches_a_reset_document_never_booked() -> None:
    from booking_reconcile.simulate import _reset_not_booked_once

    sync = _sync([], existing=frozenset({C.key}), deleted={C.key})
    assert _reset_not_booked_once([C], sync) == [  # type: ignore[arg-type]
        "invoice C is reset but booked 0 times after the sync"
    ]


def test_the_proof_catches_a_document_before_the_cutoff_that_changed() -> None:
    from booking_reconcile.simulate import _changed_before_cutoff

    sync = _sync([(A, 900)])
    assert _changed_before_cutoff(STORY, day(1, 10), sync) == [  # type: ignore[arg-type]
        "invoice A of 2026-01-05 is dated before the cutoff but changes from #801 to #900"
    ]
    # An unbooked document sent is the sync's job, whatever its date.
    assert _changed_before_cutoff(STORY, day(1, 20), _sync([(E, 804)])) == []  # type: ignore[arg-type]
    # Without a cutoff (a prevention plan) no booked document may change.
    assert _changed_before_cutoff(STORY, None, _sync([(D, 900)])) != []  # type: ignore[arg-type]


def test_a_plan_that_fails_its_proof_is_never_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    from booking_reconcile import UnsoundPlanError, plan

    def failing(
        *args: object, **kwargs: object
    ) -> tuple[tuple[str, ...], tuple[()], tuple[()], tuple[()]]:
        return ("a reason the proof found",), (), (), ()

    monkeypatch.setattr(plan, "proof_of", failing)
    with pytest.raises(UnsoundPlanError, match="a reason the proof found"):
        plan.plan_repair(STORY)


# -- §3.7 the simulation record -------------------------------------------------


def test_simulate_sends_in_resend_order_and_proves_the_story_plan() -> None:
    # §3.7: remove the deleted bookings, clear the reset numbers, set the next
    # number 803, then send C, D and E in resend order.
    simulation = simulate(STORY, PLAN)
    assert simulation.sound
    assert simulation.problems == ()
    assert simulation.before is STORY
    assert numbers(sent.document for sent in simulation.sent) == [
        ("C", 803),
        ("D", 804),
        ("E", 805),
    ]
    assert [(before, sent.document.booking_number) for before, sent in simulation.changes()] == [
        (C, 803),
        (D, 804),
        (E, 805),
    ]
    assert simulation.collisions_left == ()
    assert simulation.after == simulate_repair(STORY, PLAN)
    data = simulation.to_dict()
    assert data["sound"] is True
    assert data["problems"] == []
    assert "| invoice E | 2026-01-14 | 70 | — | 805 |" in simulation.to_markdown()
    assert simulation._repr_markdown_() == simulation.to_markdown()


def test_simulate_of_an_unsound_plan_lists_why() -> None:
    # A plan that repairs nothing while something collides is not sound.
    unsound = attrs.evolve(PLAN, cutoff=None, to_reset=(), deletions=(), next_numbers=())
    simulation = simulate(STORY, unsound)
    assert not simulation.sound
    assert simulation.problems == (
        "The invoices B and C have the same booking number, but the plan repairs nothing",
    )
    # Nothing is reset or deleted; only E, not booked yet, is sent.
    assert numbers(simulation.after.documents) == [*numbers(STORY.documents)[:4], ("E", 804)]


def test_simulate_with_foreign_plan_says_to_use_the_snapshot_it_was_computed_from() -> None:
    other = Snapshot(SHARED, [A, B, C], bookings=booked(A, C))
    with pytest.raises(PlanMismatchError) as raised:
        simulate(other, PLAN)
    assert str(raised.value).endswith(
        ", which this snapshot does not hold as such; "
        "use the plan with the snapshot it was computed from"
    )


def test_a_reset_document_past_the_number_limit_is_left_without_a_number() -> None:
    # §3.5: past the limit the accounting package books nothing; the reset
    # cleared C's number, so after the sync C carries none (the plan's blocker
    # says why).
    top = 2**63 - 1
    a, b = Invoice("A", day(1, 5), top - 1), Invoice("B", day(1, 6), top)
    c = Invoice("C", day(1, 10), top)
    snapshot = Snapshot(SHARED, [a, b, c], bookings=booked(a, c))
    plan = plan_repair(snapshot)
    assert numbers(plan.to_reset) == [("C", top)]
    after = simulate_repair(snapshot, plan)
    assert numbers(after.documents) == [("A", top - 1), ("B", top), ("C", None)]


def test_the_sync_changes_only_the_booking_number_of_a_sent_document() -> None:
    # §3.7: the reset clears the number and the sync hands out a new one; the
    # document's journal and its other fields stay as they were.
    synced = dt.datetime(2026, 1, 10, 9, 30, tzinfo=dt.timezone.utc)
    c = Invoice("C", day(1, 10), 802, journal="70", synced_at=synced)
    snapshot = Snapshot(SHARED, [A, B, c, D], bookings=booked(A, c, D))
    after = simulate_repair(snapshot, plan_repair(snapshot))
    assert after.document(c.ref) == attrs.evolve(c, booking_number=803)


# -- §3.7 the proof's list checks, word for word, invoices and credit notes ----

K0 = CreditNote("K0", day(1, 2), 800)  # before the cutoff, booked
K = CreditNote("K", day(1, 11), 804)  # after the cutoff, booked: reset and deleted
KS = CreditNote("KS", day(1, 12), 805)  # after the cutoff, stale: reset, nothing to delete
MIXED = Snapshot(SHARED, [K0, A, B, C, D, E, K, KS], bookings=booked(K0, A, C, D, K))
MIXED_PLAN = plan_repair(MIXED)


def _deleting_too(plan: RepairPlan, *documents: Document) -> tuple[Deletion, ...]:
    extra = [Deletion("70", None, d.booking_number or 0, d) for d in documents]
    return (*plan.deletions, *extra)


@pytest.mark.parametrize(
    ("broken", "reasons"),
    [
        pytest.param(
            attrs.evolve(MIXED_PLAN, to_reset=(), deletions=()),
            [
                f"{name} is dated on or after the cutoff, so the integration resets it, but "
                "the plan does not list it"
                for name in ("credit note K", "credit note KS", "invoice C", "invoice D")
            ],
            id="reset-not-listed",
        ),
        pytest.param(
            attrs.evolve(
                MIXED_PLAN,
                to_reset=(*MIXED_PLAN.to_reset, A, K0),
                deletions=_deleting_too(MIXED_PLAN, A, K0),
            ),
            [
                "credit note K0 is listed to reset, but the integration does not reset it",
                "invoice A is listed to reset, but the integration does not reset it",
            ],
            id="listed-but-not-reset",
        ),
        pytest.param(
            attrs.evolve(MIXED_PLAN, deletions=_deleting_too(MIXED_PLAN, A, K0)),
            [
                "credit note K0 is listed to delete, but it is not reset",
                "invoice A is listed to delete, but it is not reset",
            ],
            id="deleted-but-not-reset",
        ),
        pytest.param(
            attrs.evolve(
                MIXED_PLAN,
                to_reset=(*MIXED_PLAN.to_reset, B),
                deletions=_deleting_too(MIXED_PLAN, B, KS),
            ),
            [
                "invoice B is listed to reset, but the integration does not reset it",
                "credit note KS is listed to delete, but it has no booking in the accounting "
                "package",
                "invoice B is listed to delete, but it has no booking in the accounting package",
            ],
            id="deleted-without-booking",
        ),
        pytest.param(
            attrs.evolve(MIXED_PLAN, deletions=()),
            [
                f"{name} is reset but its booking is not deleted: it would be booked twice"
                for name in ("credit note K", "invoice C", "invoice D")
            ],
            id="reset-booking-not-deleted",
        ),
    ],
)
def test_the_proof_names_each_document_its_lists_get_wrong_in_name_order(
    broken: RepairPlan, reasons: list[str]
) -> None:
    # §3.7: a plan is sound only when its lists are the integration's own: the
    # documents reset at the cutoff, and the bookings of exactly those deleted.
    assert verify_plan(MIXED, MIXED_PLAN) == ()
    assert list(verify_plan(MIXED, broken)) == reasons


def test_rule_3_7_simulating_a_plan_that_keeps_reset_bookings_names_its_to_delete() -> None:
    # Audit outputs F7: the sync would book C, D and K twice, which no snapshot
    # holds; the plan is at fault (a plan file edited by hand), not the documents.
    kept = attrs.evolve(MIXED_PLAN, deletions=())
    message = (
        "the plan's to_delete does not delete every booking of a document it resets: "
        "credit note K is reset but its booking is not deleted: it would be booked twice; "
        "invoice C is reset but its booking is not deleted: it would be booked twice; "
        "invoice D is reset but its booking is not deleted: it would be booked twice; "
        "was to_delete edited after the plan was made? make the plan again from the snapshot "
        "(verify_plan names every problem of a plan)"
    )
    for run in (simulate_repair, simulate):
        with pytest.raises(PlanMismatchError) as raised:
            run(MIXED, kept)
        assert str(raised.value) == message


def test_rule_3_7_simulating_a_plan_deleting_a_stale_documents_booking_too_is_not_refused() -> None:
    # KS is reset and stale: no booking to keep, none to delete. Deleting every
    # booking listed, and one more, leaves nothing booked twice.
    assert [d.number for d in MIXED_PLAN.to_reset if d not in MIXED_PLAN.to_delete] == ["KS"]
    more = attrs.evolve(MIXED_PLAN, deletions=_deleting_too(MIXED_PLAN, A))
    after = simulate_repair(MIXED, more)
    assert after.document(A.ref) == A


def test_the_proof_checks_every_reset_document_after_one_past_the_limit() -> None:
    from booking_reconcile.resend import Sent
    from booking_reconcile.simulate import _reset_not_booked_once

    # C could not be numbered (past the limit: the plan's blocker); D, reset
    # and deleted, was never sent: booked 0 times.
    sync = _sync([], existing=frozenset({C.key, D.key}), deleted={C.key, D.key})
    sync.overflow.append(Sent(C, STORY.place_of(C)))  # type: ignore[attr-defined]
    assert _reset_not_booked_once([C, D], sync) == [  # type: ignore[arg-type]
        "invoice D is reset but booked 0 times after the sync"
    ]


# -- the simulated export: the journals as the accounting package shows them ----


def _journal_after(snapshot: Snapshot, plan: RepairPlan, code: str) -> Journal:
    return simulate_repair(snapshot, plan).journal(code)


def test_the_simulated_export_moves_a_known_next_number_past_what_the_sync_handed_out() -> None:
    # Journal 70 configured 900; the person sets the plan's 803 instead, and
    # the sync hands out 803, 804 (C, D) and 805 (E): it shows 806 now.
    snapshot = Snapshot(
        SHARED,
        [A, B, C, D, E],
        journals=[Journal("70", next_booking_number=900)],
        bookings=booked(A, C, D),
    )
    plan = plan_repair(snapshot)
    assert [(n.number, n.configured) for n in plan.next_numbers] == [(803, 900)]
    assert numbers(plan.after_sync) == [("C", 803), ("D", 804), ("E", 805)]
    assert _journal_after(snapshot, plan, "70").next_booking_number == 806


def test_the_simulated_export_keeps_a_configured_number_still_ahead() -> None:
    # Journal 71's configured 900 is set by nobody and governs K's booking:
    # K gets 900, and the journal shows 901.
    k = CreditNote("K", day(1, 14))
    snapshot = Snapshot(
        TWO_JOURNALS,
        [A, B, C, D, k],
        journals=[Journal("70"), Journal("71", next_booking_number=900)],
        bookings=booked(A, C, D),
    )
    plan = plan_repair(snapshot)
    assert ("K", 900) in numbers(plan.after_sync)
    assert _journal_after(snapshot, plan, "71").next_booking_number == 901


def test_the_simulated_export_keeps_an_unknown_next_number_unknown() -> None:
    snapshot = Snapshot(SHARED, [A, B, C, D, E], journals=[Journal("70")], bookings=booked(A, C, D))
    assert _journal_after(snapshot, plan_repair(snapshot), "70").next_booking_number is None


def test_the_simulated_export_leaves_a_journal_the_sync_does_not_touch() -> None:
    k = CreditNote("K", day(1, 3), 7)
    snapshot = Snapshot(
        TWO_JOURNALS,
        [A, B, C, D, k],
        journals=[Journal("70"), Journal("71", next_booking_number=8)],
        bookings=[*booked(A, C, D), *booked(k, journal="71")],
    )
    plan = plan_repair(snapshot)
    assert _journal_after(snapshot, plan, "71") == Journal("71", next_booking_number=8)


def test_the_simulated_export_shows_the_latest_financial_year() -> None:
    # Per financial year: the sync hands out 3 in 2025 (C) and the configured
    # number in 2026 (U);
    # the journal's one number describes 2026: U takes it, and it moves on by one.
    a, b = Invoice("A", day(12, 1, 2025), 1), Invoice("B", day(12, 2, 2025), 2)
    c, u = Invoice("C", day(12, 3, 2025), 2), Invoice("U", day(1, 5))
    for configured, shown in ((10, 11), (1, 2)):
        journal = Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=configured)
        snapshot = Snapshot(SHARED, [a, b, c, u], [journal], booked(a, c))
        plan = plan_repair(snapshot)
        sent = {(s.document.number, s.document.booking_number) for s in plan.sent}
        assert sent == {("C", 3), ("U", configured)}
        assert _journal_after(snapshot, plan, "70").next_booking_number == shown


def test_the_simulated_export_keeps_a_journal_whose_number_would_pass_the_limit() -> None:
    # The sync hands out 2**63 - 1, the limit: no next number can follow it, so
    # the journal shows what it showed (the plan's number-limit blocker says why).
    top = 2**63 - 1
    a, u = Invoice("A", day(1, 5), top - 1), Invoice("U", day(1, 8))
    journal = Journal("70", next_booking_number=top)
    snapshot = Snapshot(SHARED, [a, u], [journal], booked(a))
    plan = plan_repair(snapshot)  # nothing collides: the sync alone numbers U
    after = simulate_repair(snapshot, plan)
    assert after.document(u.ref).booking_number == top
    assert after.journal("70") == journal


def test_the_simulated_export_may_show_the_limit_itself() -> None:
    # U gets 2**63 - 2: the next number the journal shows is the limit itself.
    top = 2**63 - 1
    a, u = Invoice("A", day(1, 5), top - 3), Invoice("U", day(1, 8))
    snapshot = Snapshot(SHARED, [a, u], [Journal("70", next_booking_number=top - 1)], booked(a))
    after = simulate_repair(snapshot, plan_repair(snapshot))
    assert after.document(u.ref).booking_number == top - 1
    assert after.journal("70").next_booking_number == top


def test_a_journal_at_the_limit_leaves_the_other_journals_shown() -> None:
    # Journal 70 hands out the limit and shows what it showed; journal 71,
    # after it in the list, still shows its credit note's number moved on.
    top = 2**63 - 1
    a, u = Invoice("A", day(1, 5), top - 1), Invoice("U", day(1, 8))
    k = CreditNote("K", day(1, 9))
    journals = [Journal("70", next_booking_number=top), Journal("71", next_booking_number=7)]
    snapshot = Snapshot(TWO_JOURNALS, [a, u, k], journals, booked(a))
    after = simulate_repair(snapshot, plan_repair(snapshot))
    assert after.document(u.ref).booking_number == top
    assert after.journal("70") == journals[0]
    assert after.journal("71").next_booking_number == 8

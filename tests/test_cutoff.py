"""The cutoff date and its two policies: DOMAIN.md §3.3, rule by rule.

Expected dates are worked out by hand from the rules, in comments beside each
case; the worked examples of §4 are in ``test_worked_examples.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from booking_reconcile import (
    BookingReconcileError,
    CreditNote,
    CutoffPolicy,
    Integration,
    Invoice,
    Snapshot,
    choose_cutoff,
    plan_repair,
    plan_with_cutoff,
    simulate_repair,
    verify_plan,
)
from builders import SHARED, booked, day

KEEP = CutoffPolicy.KEEP_DELETED
REBOOK = CutoffPolicy.REBOOK_DELETED


# Two collisions whose second documents (in date order) are dated 01-20 and
# 01-14: {P 01-08, Q 01-20} on #11 and {R 01-09, S 01-14} on #12.
P = Invoice("P", day(1, 8), 11)
R = Invoice("R", day(1, 9), 12)
S = Invoice("S", day(1, 14), 12)
Q = Invoice("Q", day(1, 20), 11)
EARLY = Invoice("O", day(1, 2), 10)
TWO_COLLISIONS = Snapshot(SHARED, [EARLY, P, R, S, Q])

# Three documents on #21: second in date order is 01-12 (01-05 < 01-12 < 01-30).
THREE = Snapshot(
    SHARED,
    [
        Invoice("T1", day(1, 30), 21),
        Invoice("T2", day(1, 5), 21),
        Invoice("T3", day(1, 12), 21),
    ],
)

# Backdated: U was sent first (synced 01-20) but is dated 01-25; V was sent
# later (synced 01-22) and backdated to 01-03. Sync order U, V; date order V, U.
U = Invoice("U", day(1, 25), 31, synced_at=dt.datetime(2026, 1, 20, 9))
V = Invoice("V", day(1, 3), 31, synced_at=dt.datetime(2026, 1, 22, 9))
BACKDATED = Snapshot(SHARED, [U, V])

# Invoice and credit note share journal 70: K 01-04 and I 01-07 on #41.
MIXED = Snapshot(SHARED, [CreditNote("K", day(1, 4), 41), Invoice("I", day(1, 7), 41)])


def test_keep_deleted_is_the_default_policy() -> None:
    assert choose_cutoff(TWO_COLLISIONS) == choose_cutoff(TWO_COLLISIONS, KEEP)
    assert plan_repair(TWO_COLLISIONS).policy is KEEP


@pytest.mark.parametrize(
    ("snapshot", "expected"),
    [
        # second documents: Q 01-20 (of #11), S 01-14 (of #12); earliest is 01-14
        pytest.param(TWO_COLLISIONS, day(1, 14), id="two-collisions-earliest-second"),
        # dates 01-05, 01-12, 01-30: the second is 01-12
        pytest.param(THREE, day(1, 12), id="three-documents-second-of-three"),
        # date order V 01-03, U 01-25 (sync order is the other way round): 01-25
        pytest.param(BACKDATED, day(1, 25), id="date-order-not-sync-order"),
        # K 01-04, I 01-07: 01-07
        pytest.param(MIXED, day(1, 7), id="invoice-and-credit-note"),
    ],
)
def test_keep_deleted_cutoff_is_earliest_second_document_date(
    snapshot: Snapshot, expected: dt.date
) -> None:
    assert choose_cutoff(snapshot, KEEP) == expected
    assert plan_repair(snapshot, KEEP).cutoff == expected


def test_keep_deleted_cutoff_with_bookings_is_earliest_second_document_date() -> None:
    # The holders (R and Q own their numbers) do not move the cutoff: the
    # second documents are still Q 01-20 and S 01-14, so 01-14.
    snapshot = Snapshot(SHARED, TWO_COLLISIONS.documents, bookings=booked(EARLY, P, S))
    assert choose_cutoff(snapshot, KEEP) == day(1, 14)


@pytest.mark.parametrize(
    "snapshot",
    [TWO_COLLISIONS, THREE, BACKDATED, MIXED],
    ids=["two", "three", "backdated", "mixed"],
)
def test_keep_deleted_cutoff_is_the_latest_that_clears_every_collision(
    snapshot: Snapshot,
) -> None:
    cutoff = choose_cutoff(snapshot, KEEP)
    assert cutoff is not None
    assert verify_plan(snapshot, plan_with_cutoff(snapshot, cutoff, KEEP)) == ()
    later = plan_with_cutoff(snapshot, cutoff + dt.timedelta(days=1), KEEP)
    reasons = verify_plan(snapshot, later)
    assert any("have the same booking number" in reason for reason in reasons), reasons


def test_keep_deleted_deletes_fewer_bookings_than_rebook_deleted() -> None:
    # Z 01-03 #50 is booked, Y 01-05 #51 lost its booking, X 01-09 #51 took
    # its number, W 01-11 #52. keep-deleted: cutoff 01-09, deletes W, X (2).
    # rebook-deleted: cutoff 01-05, deletes W, X too, but also resets Y (3).
    z, y = Invoice("Z", day(1, 3), 50), Invoice("Y", day(1, 5), 51)
    x, w = Invoice("X", day(1, 9), 51), Invoice("W", day(1, 11), 52)
    snapshot = Snapshot(SHARED, [z, y, x, w], bookings=booked(z, x, w))
    keep, rebook = plan_repair(snapshot, KEEP), plan_repair(snapshot, REBOOK)
    assert (keep.cutoff, len(keep.to_delete), len(keep.to_reset)) == (day(1, 9), 2, 2)
    assert (rebook.cutoff, len(rebook.to_delete), len(rebook.to_reset)) == (day(1, 5), 2, 3)


def test_keep_deleted_documents_of_a_collision_before_cutoff_keep_their_number() -> None:
    # Cutoff 01-14: P (01-08, #11) and R (01-09, #12) are dated before it.
    plan = plan_repair(TWO_COLLISIONS, KEEP)
    after = simulate_repair(TWO_COLLISIONS, plan)
    assert after.document(P.ref).booking_number == 11
    assert after.document(R.ref).booking_number == 12
    assert {d.ref for d in plan.to_reset} == {S.ref, Q.ref}


def test_keep_deleted_warns_about_each_stale_document_kept_out() -> None:
    # Bookings of P and R were deleted; S and Q took their numbers. Cutoff
    # 01-14 keeps P and R: each stays out of the accounting package.
    snapshot = Snapshot(SHARED, TWO_COLLISIONS.documents, bookings=booked(EARLY, S, Q))
    plan = plan_repair(snapshot, KEEP)
    kept = [w for w in plan.warnings if w.rule == "stale-document-kept"]
    assert [w.documents for w in kept] == [(P.ref,), (R.ref,)]
    assert "invoice P keeps booking number 11" in kept[0].message
    assert "invoice R keeps booking number 12" in kept[1].message


def test_keep_deleted_does_not_warn_about_a_stale_document_that_is_reset() -> None:
    # Q 01-20 lost its booking and P 01-08 holds #11: Q is dated after the
    # cutoff (01-14), so it is reset and sent again, nothing to warn about.
    snapshot = Snapshot(SHARED, TWO_COLLISIONS.documents, bookings=booked(EARLY, P, R))
    plan = plan_repair(snapshot, KEEP)
    assert [w for w in plan.warnings if w.rule == "stale-document-kept"] == []


@pytest.mark.parametrize(
    ("snapshot", "expected"),
    [
        # every document of every collision: P 01-08 is the earliest
        pytest.param(TWO_COLLISIONS, day(1, 8), id="two-collisions"),
        pytest.param(THREE, day(1, 5), id="three-documents"),
        # V is backdated to 01-03 (last in sync order: the inferred holder)
        pytest.param(BACKDATED, day(1, 3), id="backdated-holder-counts-too"),
        pytest.param(MIXED, day(1, 4), id="invoice-and-credit-note"),
    ],
)
def test_rebook_deleted_cutoff_is_earliest_document_of_all_collisions(
    snapshot: Snapshot, expected: dt.date
) -> None:
    assert choose_cutoff(snapshot, REBOOK) == expected
    assert plan_repair(snapshot, REBOOK).cutoff == expected


def test_rebook_deleted_cutoff_includes_stale_documents() -> None:
    # N 01-02 #9 lost its booking but collides with nothing; with the bookings
    # given it counts: min(01-02, collision dates from 01-08) = 01-02.
    n = Invoice("N", day(1, 2), 9)
    documents = [n, *TWO_COLLISIONS.documents]
    snapshot = Snapshot(SHARED, documents, bookings=booked(EARLY, R, Q))
    assert choose_cutoff(snapshot, REBOOK) == day(1, 2)
    plan = plan_repair(snapshot, REBOOK)
    assert n in plan.to_reset
    assert n not in plan.to_delete
    # N is sent again: it is booked after the sync
    assert n.ref in {d.ref for d in plan.after_sync}


def test_rebook_deleted_without_bookings_counts_collision_documents_only() -> None:
    # Without bookings nothing says N 01-02 is stale: the cutoff is 01-08 (P).
    snapshot = Snapshot(SHARED, [Invoice("N", day(1, 2), 9), *TWO_COLLISIONS.documents])
    assert choose_cutoff(snapshot, REBOOK) == day(1, 8)


def test_rebook_deleted_keeps_no_stale_document_out() -> None:
    # P and R lost their bookings; rebook-deleted resets them (cutoff 01-08).
    snapshot = Snapshot(SHARED, TWO_COLLISIONS.documents, bookings=booked(EARLY, S, Q))
    plan = plan_repair(snapshot, REBOOK)
    assert plan.cutoff == day(1, 8)
    assert [w for w in plan.warnings if w.rule == "stale-document-kept"] == []
    assert {d.ref for d in plan.after_sync} >= {P.ref, R.ref}


def test_rebook_deleted_never_cuts_off_later_than_keep_deleted() -> None:
    for snapshot in (TWO_COLLISIONS, THREE, BACKDATED, MIXED):
        keep, rebook = choose_cutoff(snapshot, KEEP), choose_cutoff(snapshot, REBOOK)
        assert keep is not None
        assert rebook is not None
        assert rebook <= keep


def test_documents_sharing_a_date_are_reset_together() -> None:
    # G and H collide on #60 and are both dated 01-10; J 01-10 shares the date
    # and collides with nothing. The second date of {01-10, 01-10} is 01-10:
    # all three are reset, although only one of G, H had to be.
    g, h, j = (Invoice(n, day(1, 10), b) for n, b in (("G", 60), ("H", 60), ("J", 61)))
    e = Invoice("E", day(1, 9), 59)
    snapshot = Snapshot(SHARED, [e, g, h, j])
    for policy in CutoffPolicy:
        plan = plan_repair(snapshot, policy)
        assert plan.cutoff == day(1, 10)
        assert set(plan.to_reset) == {g, h, j}
        assert e not in plan.to_reset


def test_documents_sharing_the_cutoff_date_with_a_kept_document_are_reset_together() -> None:
    # {F 01-04, L 01-09, M 01-09} on #70: second date is 01-09, so L and M are
    # both reset; F alone keeps #70.
    f, l_, m = Invoice("F", day(1, 4), 70), Invoice("L", day(1, 9), 70), Invoice("M", day(1, 9), 70)
    plan = plan_repair(Snapshot(SHARED, [f, l_, m]), KEEP)
    assert plan.cutoff == day(1, 9)
    assert set(plan.to_reset) == {l_, m}


NO_COLLISION = [
    pytest.param(Snapshot(SHARED, []), id="no-documents"),
    pytest.param(
        Snapshot(SHARED, [Invoice("A", day(1, 2), 1), Invoice("B", day(1, 3))]),
        id="unbooked-and-booked",
    ),
    # A stale document below the highest booking left predicts no collision
    # (§3.3; one at or above it makes a prevention plan, §3.9: test_prevention).
    pytest.param(
        Snapshot(
            SHARED,
            [Invoice("A", day(1, 2), 1), Invoice("B", day(1, 3), 2)],
            bookings=booked(Invoice("B", day(1, 3), 2)),
        ),
        id="stale-document-below-the-highest-booking",
    ),
    # Same number in two journals is no collision.
    pytest.param(
        Snapshot(
            Integration("70", "71"),
            [Invoice("A", day(1, 2), 1), CreditNote("A", day(1, 3), 1)],
        ),
        id="same-number-two-journals",
    ),
]


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
@pytest.mark.parametrize("snapshot", NO_COLLISION)
def test_no_collision_means_no_cutoff_and_no_steps(
    snapshot: Snapshot, policy: CutoffPolicy
) -> None:
    assert choose_cutoff(snapshot, policy) is None
    plan = plan_repair(snapshot, policy)
    assert plan.cutoff is None
    assert plan.delink_date is None
    assert plan.steps == ()
    assert plan.to_delete == ()
    assert plan.to_reset == ()
    assert plan.next_numbers == ()
    assert plan.needed is False


@pytest.mark.parametrize(("text", "policy"), [("keep-deleted", KEEP), ("rebook-deleted", REBOOK)])
def test_policy_may_be_named_by_its_text(text: str, policy: CutoffPolicy) -> None:
    assert choose_cutoff(TWO_COLLISIONS, text) == choose_cutoff(TWO_COLLISIONS, policy)
    assert plan_repair(TWO_COLLISIONS, text).policy is policy


@pytest.mark.parametrize("value", ["keep_deleted", "latest", 1, None], ids=repr)
def test_unknown_policy_is_refused_with_the_value(value: object) -> None:
    with pytest.raises(BookingReconcileError, match="policy") as raised:
        choose_cutoff(TWO_COLLISIONS, value)  # type: ignore[arg-type]
    assert repr(value) in str(raised.value)


EXPECTED_POLICY = (
    "expected CutoffPolicy.KEEP_DELETED or CutoffPolicy.REBOOK_DELETED "
    "('keep-deleted', 'rebook-deleted')"
)


@pytest.mark.parametrize(
    ("policy", "error", "message"),
    [
        pytest.param(
            "keep",
            "InvalidValueError",
            f"repair plan: policy 'keep' is not a cutoff policy; {EXPECTED_POLICY}",
            id="unknown-text",
        ),
        pytest.param(
            3,
            "InvalidTypeError",
            f"repair plan: policy 3 is not a cutoff policy; {EXPECTED_POLICY}",
            id="not-text",
        ),
    ],
)
def test_a_policy_other_than_the_two_of_section_3_3_is_refused_naming_both(
    policy: object, error: str, message: str
) -> None:
    # §3.3: two policies, keep-deleted (the default) and rebook-deleted.
    snapshot = Snapshot(SHARED, [Invoice("A", day(1, 5), 1)])
    with pytest.raises(BookingReconcileError) as raised:
        plan_repair(snapshot, policy)  # type: ignore[arg-type]
    assert type(raised.value).__name__ == error
    assert str(raised.value) == message

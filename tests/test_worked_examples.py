"""DOMAIN.md §4, the worked examples, word for word (journal 70, continuous)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs
import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    Document,
    Integration,
    Invoice,
    NextBookingNumber,
    Snapshot,
    choose_cutoff,
    documents_to_delete,
    documents_to_reset,
    find_collisions,
    find_stale_documents,
    next_booking_numbers,
    plan_repair,
    simulate_repair,
    verify_plan,
)

INTEGRATION = Integration(invoice_journal="70", credit_note_journal="70")


def _booked(*documents: Invoice | CreditNote) -> list[Booking]:
    return [Booking("70", d.booking_number or 0, d.date, d.ref) for d in documents]


def _numbers(documents: Iterable[Document]) -> list[tuple[str, int | None]]:
    return [(d.number, d.booking_number) for d in documents]


# -- A: one collision (the article's case) -----------------------------------

A = Invoice("A", date(2026, 1, 5), 1001)
B = Invoice("B", date(2026, 1, 6), 1002)
C = Invoice("C", date(2026, 1, 10), 1002)
D = Invoice("D", date(2026, 1, 12), 1003)
EXAMPLE_A = Snapshot(INTEGRATION, [A, B, C, D], bookings=_booked(A, C, D))


def test_example_a_collision_holder_and_stale_document() -> None:
    (collision,) = find_collisions(EXAMPLE_A)
    assert collision.documents == (B, C)
    assert collision.booking_number == 1002
    assert collision.holder == C
    assert collision.stale == (B,)
    assert find_stale_documents(EXAMPLE_A) == (B,)


def test_example_a_keep_deleted() -> None:
    plan = plan_repair(EXAMPLE_A, CutoffPolicy.KEEP_DELETED)
    assert plan.cutoff == date(2026, 1, 10)
    assert _numbers(plan.to_delete) == [("D", 1003), ("C", 1002)]
    assert plan.to_reset == (C, D)
    (next_number,) = plan.next_numbers
    assert (next_number.journal, next_number.number) == ("70", 1003)  # max(1002, 1002 + 1)
    assert _numbers(plan.after_sync) == [("C", 1003), ("D", 1004)]
    assert [w.rule for w in plan.warnings] == ["stale-document-kept"]
    assert "invoice B keeps booking number 1002" in plan.warnings[0].message
    after = simulate_repair(EXAMPLE_A, plan)
    assert _numbers(after.documents) == [("A", 1001), ("B", 1002), ("C", 1003), ("D", 1004)]


def test_example_a_rebook_deleted() -> None:
    plan = plan_repair(EXAMPLE_A, CutoffPolicy.REBOOK_DELETED)
    assert plan.cutoff == date(2026, 1, 6)
    assert _numbers(plan.to_delete) == [("D", 1003), ("C", 1002)]  # B is already gone
    assert plan.to_reset == (B, C, D)
    assert [n.number for n in plan.next_numbers] == [1002]  # max(1002, 1001 + 1)
    assert _numbers(plan.after_sync) == [("B", 1002), ("C", 1003), ("D", 1004)]
    # DOMAIN's text for rebook-deleted gives the outcome and lists no warning; it
    # does not say there is none (keep-deleted's names its one). B is reset and
    # booked again while its booking is not in the export: the same fact as a
    # booking missing from the export (red team F4/F5), which the library cannot
    # tell from a deletion, so it says so (§3.8: "what the library cannot explain,
    # it says"); the plan's numbers are DOMAIN's.
    assert [(w.rule, w.documents) for w in plan.warnings] == [("stale-document-rebooked", (B.ref,))]
    assert plan.warnings[0].message.startswith(
        "invoice B carries booking number 1002 in journal 70, but its booking is not in the "
        "export: the plan resets it and the synchronisation books it again"
    )


# -- B: two collisions (where the article's rule fails) ---------------------

B_A = Invoice("A", date(2026, 1, 5), 1001)
B_B = Invoice("B", date(2026, 1, 6), 1002)
B_D = Invoice("D", date(2026, 1, 7), 1003)
B_C = Invoice("C", date(2026, 1, 10), 1002)
B_E = Invoice("E", date(2026, 1, 12), 1003)
B_F = Invoice("F", date(2026, 1, 15), 1004)
EXAMPLE_B = Snapshot(
    INTEGRATION, [B_A, B_B, B_D, B_C, B_E, B_F], bookings=_booked(B_A, B_C, B_E, B_F)
)


def test_example_b_two_collisions() -> None:
    collisions = find_collisions(EXAMPLE_B)
    assert [(c.booking_number, c.documents) for c in collisions] == [
        (1002, (B_B, B_C)),
        (1003, (B_D, B_E)),
    ]


def test_example_b_keep_deleted() -> None:
    plan = plan_repair(EXAMPLE_B)
    assert plan.cutoff == date(2026, 1, 10)
    assert _numbers(plan.to_delete) == [("F", 1004), ("E", 1003), ("C", 1002)]
    assert [n.number for n in plan.next_numbers] == [1004]  # max(1002, 1003 + 1)
    assert verify_plan(EXAMPLE_B, plan) == ()


def _article_next_number(snapshot: Snapshot, cutoff: date) -> int:
    """The article's literal rule: the oldest deleted document's booking number,
    one higher when that document was the one with the double booking number."""
    deleted = documents_to_delete(snapshot, cutoff)
    oldest = min(deleted, key=lambda d: (d.date, d.number_key))
    doubled = {d.ref for c in find_collisions(snapshot) for d in c.documents}
    return (oldest.booking_number or 0) + (1 if oldest.ref in doubled else 0)


def test_article_rule_matches_on_example_a() -> None:
    cutoff = choose_cutoff(EXAMPLE_A)
    assert cutoff is not None
    assert _article_next_number(EXAMPLE_A, cutoff) == 1003
    assert [n.number for n in next_booking_numbers(EXAMPLE_A, cutoff)] == [1003]


def test_article_rule_fails_on_example_b() -> None:
    cutoff = choose_cutoff(EXAMPLE_B)
    assert cutoff is not None
    article = _article_next_number(EXAMPLE_B, cutoff)
    assert article == 1003
    # C sent again under the article's number collides with D, which keeps 1003.
    article_plan = attrs.evolve(
        plan_repair(EXAMPLE_B), next_numbers=(NextBookingNumber("70", None, article),)
    )
    reasons = verify_plan(EXAMPLE_B, article_plan)
    assert any("The invoices D and C have the same booking number" in r for r in reasons), reasons


# -- C: invoice and credit note share journal 70 -----------------------------

I1 = Invoice("I1", date(2026, 1, 3), 501)
K1 = CreditNote("K1", date(2026, 1, 4), 502)
I2 = Invoice("I2", date(2026, 1, 8), 502)
EXAMPLE_C = Snapshot(INTEGRATION, [I1, K1, I2], bookings=_booked(I1, I2))


def test_example_c_message_in_sync_order() -> None:
    (collision,) = find_collisions(EXAMPLE_C)
    assert collision.message == "The credit note K1 and the invoice I2 have the same booking number"


def test_example_c_cutoff_and_credit_notes_reset_too() -> None:
    assert choose_cutoff(EXAMPLE_C) == date(2026, 1, 8)
    k2 = CreditNote("K2", date(2026, 1, 9), 503)
    snapshot = Snapshot(INTEGRATION, [I1, K1, I2, k2], bookings=_booked(I1, I2, k2))
    assert documents_to_reset(snapshot, date(2026, 1, 8)) == (I2, k2)
    assert documents_to_delete(snapshot, date(2026, 1, 8)) == (k2, I2)
    plan = plan_repair(snapshot)
    assert plan.to_delete == (k2, I2)
    assert verify_plan(snapshot, plan) == ()


@pytest.mark.parametrize("snapshot", [EXAMPLE_A, EXAMPLE_B, EXAMPLE_C], ids=["A", "B", "C"])
@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_worked_examples_plans_are_sound(snapshot: Snapshot, policy: CutoffPolicy) -> None:
    plan = plan_repair(snapshot, policy)
    assert verify_plan(snapshot, plan) == ()
    assert find_collisions(simulate_repair(snapshot, plan)) == ()

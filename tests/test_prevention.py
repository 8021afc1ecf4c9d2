"""Prevention, before the collision happens: DOMAIN.md §3.9, rule by rule."""

from __future__ import annotations

import attrs
import pytest

from booking_reconcile import (
    Booking,
    CutoffPolicy,
    Invoice,
    Journal,
    Numbering,
    Place,
    Snapshot,
    find_collisions,
    plan_repair,
    prevention_numbers,
    simulate_repair,
    verify_plan,
)
from builders import SHARED, booked, day, numbers

KEEP = CutoffPolicy.KEEP_DELETED
REBOOK = CutoffPolicy.REBOOK_DELETED

# The case: A 01-05 #1001 (booked), B 01-06 #1002 (booking deleted),
# U 01-08 not booked. The next sync would give U #1002 again.
A = Invoice("A", day(1, 5), 1001)
B = Invoice("B", day(1, 6), 1002)
U = Invoice("U", day(1, 8))
SNAPSHOT = Snapshot(SHARED, [A, B, U], bookings=booked(A))


def test_a_predicted_collision_gives_a_prevention_plan_that_deletes_nothing() -> None:
    plan = plan_repair(SNAPSHOT)
    assert plan.kind == "prevent"
    assert plan.needed
    assert plan.cutoff is None
    assert plan.delink_date is None
    assert plan.to_delete == plan.to_reset == ()
    # highest still in use + 1: B's stale 1002 counts.
    assert [(n.journal, n.number) for n in plan.next_numbers] == [("70", 1003)]
    assert numbers(plan.after_sync) == [("U", 1003)]
    assert verify_plan(SNAPSHOT, plan) == ()


def test_the_prevention_steps_say_that_nothing_is_deleted() -> None:
    steps = plan_repair(SNAPSHOT).steps
    assert [step.key for step in steps] == ["set-next-numbers", "synchronise"]
    assert "journal 70 to 1003" in steps[0].title
    assert "before the next synchronisation" in steps[0].title.lower()
    assert "nothing is deleted" in steps[0].title


def test_the_prevention_is_proven_no_collision_after_the_sync() -> None:
    plan = plan_repair(SNAPSHOT)
    after = simulate_repair(SNAPSHOT, plan)
    assert find_collisions(after) == ()
    assert after.document(B.ref).booking_number == 1002  # nothing before changes
    # Without the plan's number the sync would collide: the proof sees it.
    assert verify_plan(SNAPSHOT, attrs.evolve(plan, next_numbers=())) != ()


def test_one_step_per_journal_and_period() -> None:
    # Per financial year: 2025's B #2 and 2026's Q #2 both lost their bookings.
    a, b = Invoice("A", day(12, 1, 2025), 1), Invoice("B", day(12, 2, 2025), 2)
    p, q = Invoice("P", day(1, 5), 1), Invoice("Q", day(1, 6), 2)
    snapshot = Snapshot(
        SHARED,
        [a, b, p, q],
        journals=[Journal("70", Numbering.PER_FINANCIAL_YEAR)],
        bookings=booked(a, p),
    )
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    assert [(n.financial_year, n.number) for n in plan.next_numbers] == [(2025, 3), (2026, 3)]
    assert [step.key for step in plan.steps].count("set-next-numbers") == 2


def test_rebook_deleted_resets_the_stale_documents_instead() -> None:
    # cutoff = the stale documents' earliest date: B 01-06; B and U are sent.
    plan = plan_repair(SNAPSHOT, REBOOK)
    assert plan.kind == "prevent"
    assert plan.cutoff == day(1, 6)
    assert [d.number for d in plan.to_reset] == ["B"]
    assert plan.to_delete == ()
    assert numbers(plan.after_sync) == [("B", 1002), ("U", 1003)]
    assert verify_plan(SNAPSHOT, plan) == ()


def test_a_stale_document_below_the_highest_booking_predicts_nothing() -> None:
    # B #1002 stale but C #1003 booked above it: "highest + 1" is 1004.
    c = Invoice("C", day(1, 7), 1003)
    snapshot = Snapshot(SHARED, [A, B, c, U], bookings=booked(A, c))
    for policy in CutoffPolicy:
        plan = plan_repair(snapshot, policy)
        assert plan.kind == "none"
        assert not plan.needed
        assert plan.steps == ()


def test_at_the_highest_booking_left_is_a_risk_too() -> None:
    # "at or above": B's stale number equals the highest booking (a manual one).
    manual = Booking("70", 1002, day(1, 7))
    snapshot = Snapshot(SHARED, [A, B, U], bookings=[*booked(A), manual])
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    assert [n.number for n in plan.next_numbers] == [1003]


def test_prevention_numbers_need_the_bookings() -> None:
    assert prevention_numbers(Snapshot(SHARED, [A, B, U])) == ()
    assert [n.number for n in prevention_numbers(SNAPSHOT)] == [1003]


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_nothing_to_do_is_kind_none(policy: CutoffPolicy) -> None:
    plan = plan_repair(Snapshot(SHARED, [A, U], bookings=booked(A)), policy)
    assert (plan.kind, plan.needed, plan.steps, plan.after_sync) == ("none", False, (), ())


def test_prevention_compares_with_the_configured_number_of_a_journal_nothing_is_sent_into() -> None:
    # §3.5 and §3.9: the plan compares next with the journal's configured next
    # number when that is known, also when no document waits to be sent there.
    snapshot = Snapshot(
        SHARED, [A, B], journals=[Journal("70", next_booking_number=1002)], bookings=booked(A)
    )
    (number,) = prevention_numbers(snapshot)
    assert (number.journal, number.number, number.configured) == ("70", 1003, 1002)
    assert number.differs
    assert str(number) == "journal 70: next booking number 1003 (configured: 1002)"


def test_prevention_numbers_one_per_journal_in_natural_journal_order() -> None:
    # §3.9: one step per journal and period; journal codes compare naturally,
    # so journal 9 comes before journal 10.
    from booking_reconcile import CreditNote, Integration

    k1, k2 = CreditNote("K1", day(1, 5), 501), CreditNote("K2", day(1, 6), 502)
    snapshot = Snapshot(
        Integration("9", "10"),
        [A, B, k1, k2],
        bookings=[*booked(A, journal="9"), *booked(k1, journal="10")],
    )
    assert [(n.journal, n.number) for n in prevention_numbers(snapshot)] == [
        ("9", 1003),
        ("10", 503),
    ]


def test_the_checklist_of_a_prevention_says_nothing_is_reset() -> None:
    markdown = plan_repair(SNAPSHOT).to_markdown()
    assert "- nothing collides yet: no cutoff, nothing is reset" in markdown
    assert "cutoff and delink date" not in markdown
    assert "## Collisions" not in markdown


def _per_year_journal_sending_into_an_earlier_year() -> Snapshot:
    """§3.5 with §3.9: journal 70 numbered per financial year, configured next 8;
    A 2026-01-10 #1, B 2026-01-12 #2 (booking deleted), U 2025-12-20 not booked,
    a manual booking #5 of 2025-12-01."""
    a = Invoice("A", day(1, 10), 1)
    b = Invoice("B", day(1, 12), 2)
    u = Invoice("U", day(12, 20, 2025))
    return Snapshot(
        SHARED,
        [a, b, u],
        journals=[Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=8)],
        bookings=[*booked(a), Booking("70", 5, day(12, 1, 2025))],
    )


def test_rule_3_5_a_prevention_plans_configured_number_describes_the_period_its_step_sets() -> None:
    # The step sets financial year 2026 (B's #2 is at or above its highest
    # booking): the configured 8 describes 2026, and 2025, where the sync
    # sends U, is compared with nothing: U gets the highest there + 1 = 6.
    snapshot = _per_year_journal_sending_into_an_earlier_year()
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    assert [(n.place, n.number, n.configured) for n in plan.next_numbers] == [
        (Place("70", 2026), 3, 8)
    ]
    assert [(s.document.number, s.document.booking_number, s.place) for s in plan.sent] == [
        ("U", 6, Place("70", 2025))
    ]
    assert numbers(simulate_repair(snapshot, plan).documents) == [("A", 1), ("B", 2), ("U", 6)]
    assert verify_plan(snapshot, plan) == ()


def test_rule_3_9_the_checklist_never_sets_a_number_its_own_prediction_contradicts() -> None:
    # Nothing says "set 2026 to 3" while predicting U #8 from that journal's 8.
    plan = plan_repair(_per_year_journal_sending_into_an_earlier_year())
    checklist = plan.to_markdown()
    assert "financial year 2026 to 3" in checklist
    assert "invoice U of 2025-12-20 → #6 in journal 70, financial year 2025" in checklist
    assert "#8" not in checklist


def _per_year_journal_sending_into_a_later_year() -> Snapshot:
    """Journal 70 per financial year, configured next number 50: A2 2025-12-05 #9 booked,
    B2 2025-12-06 #10 (its booking deleted, at the top of 2025), U2 2026-01-07 not booked."""
    a2 = Invoice("A2", day(12, 5, 2025), 9)
    b2 = Invoice("B2", day(12, 6, 2025), 10)
    u2 = Invoice("U2", day(1, 7))
    return Snapshot(
        SHARED,
        [a2, b2, u2],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=50)],
        bookings=booked(a2),
    )


def test_rule_3_5_a_prevention_step_for_an_earlier_year_is_compared_with_the_configured_number() -> (
    None
):
    # §3.5: in a prevention plan the journal's one configured number describes
    # the period its step sets (2025), not the later year the sync also sends
    # U2 into: the step compares 11 with 50, and U2's number in 2026 is
    # predicted from 2026 alone (nothing there yet: #1), never from the 50
    # the step tells the person to replace.
    snapshot = _per_year_journal_sending_into_a_later_year()
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    assert [(n.place, n.number, n.configured, n.differs) for n in plan.next_numbers] == [
        (Place("70", 2025), 11, 50, True)
    ]
    assert [(s.document.number, s.document.booking_number, s.place) for s in plan.sent] == [
        ("U2", 1, Place("70", 2026))
    ]
    assert "#50" not in plan.to_markdown()


# -- §3.9: the prevention's checklist holds only steps that apply ------------------


def test_rule_3_9_a_prevention_with_nothing_to_send_has_no_synchronise_step() -> None:
    # A #1001 booked, B #1002 lost its booking, nothing waits to be sent: one
    # step, setting journal 70's next number, and no sync to check.
    plan = plan_repair(Snapshot(SHARED, [A, B], bookings=booked(A)))
    assert plan.kind == "prevent"
    assert plan.needed
    assert plan.sent == ()
    (step,) = plan.steps
    assert step.key == "set-next-numbers"
    assert "nothing is deleted" in step.title
    assert "check that they received" not in plan.to_markdown()


def test_rule_3_9_a_prevention_has_no_step_with_nothing_in_it() -> None:
    for policy in CutoffPolicy:
        plan = plan_repair(SNAPSHOT, policy)
        assert plan.kind == "prevent"
        assert all(step.details for step in plan.steps), policy
        markdown = plan.to_markdown()
        assert "nothing to delete" not in markdown
        assert "find the documents with the same booking number" not in markdown


def test_rule_3_9_a_rebook_deleted_prevention_resets_and_says_nothing_is_deleted() -> None:
    # §3.9 with §3.3: B is reset and booked again, so the integration is
    # deactivated and connected again; no booking is deleted, and the
    # steps say so.
    plan = plan_repair(SNAPSHOT, REBOOK)
    assert [step.key for step in plan.steps] == [
        "set-next-numbers",
        "note-settings",
        "deactivate",
        "reconnect",
        "synchronise",
    ]
    steps = {step.key: step for step in plan.steps}
    assert steps["set-next-numbers"].title == (
        "In the accounting package, set each journal's next booking number (master data, "
        "journals); nothing is deleted"
    )
    assert steps["deactivate"].details == ("resets invoice B of 2026-01-06 (#1002)",)
    assert [line.split(" →")[0] for line in steps["synchronise"].details] == [
        "invoice B of 2026-01-06",
        "invoice U of 2026-01-08",
    ]


def test_rule_3_9_a_rebook_deleted_prevention_that_deletes_keeps_its_delete_step() -> None:
    # E 01-08 #1001 is booked, B 01-06 #1002 lost its booking: nothing
    # collides, but the next sync would hand out #1002 again. rebook-deleted
    # resets from B's date on, so E's booking is deleted and E sent again.
    e = Invoice("E", day(1, 8), 1001)
    snapshot = Snapshot(SHARED, [B, e], bookings=booked(e))
    assert plan_repair(snapshot).kind == "prevent"
    plan = plan_repair(snapshot, REBOOK)
    assert plan.kind == "prevent"
    assert [d.number for d in plan.to_delete] == ["E"]
    keys = [step.key for step in plan.steps]
    assert keys == [
        "delete-bookings",
        "set-next-numbers",
        "note-settings",
        "deactivate",
        "reconnect",
        "synchronise",
    ]
    assert "nothing is deleted" not in plan.steps[1].title
    assert verify_plan(snapshot, plan) == ()


def test_rule_3_5_a_repair_step_for_an_earlier_year_warns_of_the_later_years_configured_number() -> (
    None
):
    # §3.5: in a repair the configured 50 describes 2026, the latest year the
    # sync sends into (U); the step sets 2025's next number (11), compared with
    # nothing: "the checklist never tells a person to set a number that its
    # own prediction of the sync then contradicts" - the plan says so.
    a = Invoice("A", day(12, 1, 2025), 9)
    b = Invoice("B", day(12, 5, 2025), 10)
    c = Invoice("C", day(12, 10, 2025), 10)
    u = Invoice("U", day(1, 7))
    snapshot = Snapshot(
        SHARED,
        [a, b, c, u],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=50)],
        bookings=booked(a, c),
    )
    plan = plan_repair(snapshot)
    assert [(n.place, n.number, n.configured) for n in plan.next_numbers] == [
        (Place("70", 2025), 11, None)
    ]
    (warning,) = [w for w in plan.warnings if w.rule == "per-year-numbering-assumed"]
    assert warning.message == (
        "journal 70, financial year 2026: the checklist predicts #50 for invoice U, the one "
        "document the synchronisation sends there, numbering financial year 2026 apart from "
        "financial year 2025, whose next booking number the checklist sets to 11: journal "
        "70's configured next booking number, 50, is read as financial year 2026's, the "
        "latest the synchronisation sends into. If the accounting package keeps one next "
        "booking number for journal 70 rather than one per financial year, the documents of "
        "financial year 2026 get other numbers than the checklist predicts (its lines there "
        "say so): check in the accounting package (master data, journals) how journal 70 "
        "numbers its financial years before you synchronise"
    )
    # Without a later year sent into, nothing to warn of.
    alone = Snapshot(snapshot.integration, [a, b, c], snapshot.journals, booked(a, c))
    assert [w.rule for w in plan_repair(alone).warnings if "per-year" in w.rule] == []


def test_rule_3_5_a_prevention_sends_into_a_journal_without_a_step_from_its_configured_number() -> (
    None
):
    # §3.5: a journal's one configured number describes the latest period the
    # sync sends into; only for a journal the prevention plan sets a number for
    # is it that step's period (§3.9). Journal 71 has no step: credit note K
    # gets max(highest + 1, configured 5) = #5, not #1 (the simulated sync read
    # no configured number for it, and predicted #1).
    from booking_reconcile import CreditNote, DocumentKind, DocumentRef, Integration, confirm_repair

    a = Invoice("A", day(6, 1, year=2025), 1)
    s = Invoice("S", day(7, 1, year=2025), 2)
    k = CreditNote("K", day(8, 1, year=2025))
    before = Snapshot(
        Integration("70", "71"),
        [a, s, k],
        [
            Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=2),
            Journal("71", next_booking_number=5),
        ],
        [Booking("70", 1, a.date, DocumentRef(DocumentKind.INVOICE, "A"))],
    )
    plan = plan_repair(before)
    assert plan.kind == "prevent"
    assert [(n.journal, n.financial_year, n.number) for n in plan.next_numbers] == [("70", 2025, 3)]
    assert [(sent.document.number, sent.document.booking_number) for sent in plan.sent] == [
        ("K", 5)
    ]
    assert verify_plan(before, plan) == ()
    after = simulate_repair(before, plan)
    assert after.journal("71").next_booking_number == 6
    assert confirm_repair(before, plan, after).ok

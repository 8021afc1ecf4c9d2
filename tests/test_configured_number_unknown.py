"""§3.5: a prediction that rests on a configured next number nobody knows says so.

Where the synchronisation sends documents into a journal and numbering
period that holds no booking, that the plan sets no next number for, and
whose configured next booking number is not known, the accounting package's
first number there is the configured one: the checklist's numbers there are
a guess (administrations often put the year in it, ``27700001``). The plan
warns (``configured-number-unknown``) and marks the checklist's lines there;
it changes no number and blocks nothing.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from tests.builders import EXAMPLE_A_INVOICES, SHARED, TWO_JOURNALS, booked, day, example_a

from booking_reconcile import (
    CreditNote,
    Invoice,
    Journal,
    Numbering,
    RepairPlan,
    Snapshot,
    plan_repair,
)
from booking_reconcile.errors import InputFormatError
from booking_reconcile.findings import CONFIGURED_NUMBER_UNKNOWN
from booking_reconcile.plan_facts import Finding
from booking_reconcile.steps import SYNCHRONISE

RULE = CONFIGURED_NUMBER_UNKNOWN
# Journal 70's plan sets 2026's number and sends D into 2027: its lines there hold
# only if journal 70 numbers each financial year apart (per-year-numbering-assumed).
APART_70 = "if it numbers each financial year of journal 70 apart"
MARK_70 = (
    "(if the accounting package starts there at #1: its next booking number is unknown; "
    f"and {APART_70})"
)

A = Invoice("A", day(12, 5), 1001)
B = Invoice("B", day(12, 6), 1002)
C = Invoice("C", day(12, 10), 1002)
D = Invoice("D", dt.date(2027, 1, 12))
K1 = CreditNote("K1", dt.date(2027, 1, 13))


def per_year(next_70: int | None = None, next_71: int | None = None) -> list[Journal]:
    return [
        Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=next_70),
        Journal("71", Numbering.PER_FINANCIAL_YEAR, next_booking_number=next_71),
    ]


def across_the_year(*extra: Invoice | CreditNote, **journals: int | None) -> Snapshot:
    """A repair in journal 70, 2026 (B stale, C holds #1002); D and K1 not booked yet in 2027."""
    return Snapshot(
        TWO_JOURNALS,
        [A, B, C, D, K1, *extra],
        per_year(**journals),
        bookings=booked(A, C),
        bookings_complete=True,
    )


def of_rule(plan: RepairPlan) -> list[Finding]:
    return [warning for warning in plan.warnings if warning.rule == RULE]


def synchronised(plan: RepairPlan) -> tuple[str, ...]:
    (step,) = [step for step in plan.steps if step.key == SYNCHRONISE]
    return step.details


def test_rule_3_5_prediction_rests_on_unknown_configured_number() -> None:
    plan = plan_repair(across_the_year())
    first, second = of_rule(plan)
    assert (first.documents, second.documents) == ((D.ref,), (K1.ref,))
    assert first.message == (
        "journal 70, financial year 2027: the checklist predicts #1 for invoice D, the one "
        "document the synchronisation sends there, as if the accounting package started "
        "numbering there at 1: nothing is booked there, the plan sets no next booking number "
        "there, and journal 70's configured next booking number is not known; look it up in "
        "the accounting package (master data, journals) before you synchronise: if it is "
        "higher (administrations often put the year in it), the documents sent there get the "
        "numbers from it on, in the same order, and nothing else changes (nothing collides "
        "there; the deletions and resets stay as they are)"
    )
    assert second.message.startswith(
        "journal 71, financial year 2027: the checklist predicts #1 for credit note K1,"
    )
    # A warning, not a blocker; and no number changes.
    assert plan.feasible
    assert [str(sent) for sent in plan.sent] == [
        "invoice C of 2026-12-10 → #1003 in journal 70, financial year 2026",
        "invoice D of 2027-01-12 → #1 in journal 70, financial year 2027",
        "credit note K1 of 2027-01-13 → #1 in journal 71, financial year 2027",
    ]


def test_rule_3_5_the_checklist_marks_each_prediction_resting_on_it() -> None:
    plan = plan_repair(across_the_year())
    assert synchronised(plan) == (
        "invoice C of 2026-12-10 → #1003 in journal 70, financial year 2026",
        f"invoice D of 2027-01-12 → #1 in journal 70, financial year 2027 {MARK_70}",
        "credit note K1 of 2027-01-13 → #1 in journal 71, financial year 2027 "
        "(if the accounting package starts there at #1: its next booking number is unknown)",
    )
    checklist = plan.to_markdown()
    assert f"- invoice D of 2027-01-12 → #1 in journal 70, financial year 2027 {MARK_70}" in (
        checklist
    )
    assert "configured-number-unknown" not in checklist  # the warning says it in words
    assert "journal 70, financial year 2027: the checklist predicts #1" in checklist


def test_rule_3_5_several_documents_are_counted_and_each_line_marked() -> None:
    e = Invoice("E", dt.date(2027, 1, 20))
    plan = plan_repair(across_the_year(e))
    first, _ = of_rule(plan)
    assert first.documents == (D.ref, e.ref)
    assert "the checklist predicts #1 to #2 for the 2 documents the synchronisation sends " in (
        first.message
    )
    assert "there (invoice D first)" in first.message
    lines = synchronised(plan)
    assert lines[1].endswith(MARK_70)
    assert lines[3] == f"invoice E of 2027-01-20 → #2 in journal 70, financial year 2027 {MARK_70}"


def test_rule_3_5_no_warning_when_the_configured_number_is_known() -> None:
    # The prediction uses it: D gets #5 in 2027, and only journal 71 is a guess.
    plan = plan_repair(across_the_year(next_70=5))
    (warning,) = of_rule(plan)
    assert warning.documents == (K1.ref,)
    assert (
        "invoice D of 2027-01-12 → #5 in journal 70, financial year 2027 (if the accounting "
        "package numbers each financial year of journal 70 apart)"
    ) in synchronised(plan)
    assert plan_repair(across_the_year(next_70=5, next_71=27710001)).warnings == tuple(
        w for w in plan.warnings if w.rule != RULE
    )


def test_rule_3_5_no_warning_for_a_period_a_step_sets() -> None:
    # D dated in 2026: the step sets journal 70's number for 2026, the period D is sent into.
    d = Invoice("D", day(12, 20))
    snapshot = Snapshot(
        SHARED, [A, B, C, d], per_year(), bookings=booked(A, C), bookings_complete=True
    )
    plan = plan_repair(snapshot)
    assert [str(n) for n in plan.next_numbers] == [
        "journal 70, financial year 2026: next booking number 1003"
    ]
    assert of_rule(plan) == []
    assert all("unknown" not in line for line in synchronised(plan))


def test_rule_3_5_an_earlier_period_is_compared_with_nothing() -> None:
    # §3.5: the journal's one configured number describes the latest period the sync
    # sends into (2027); the earlier, empty 2025 is predicted from its own highest
    # number, and no configured number could say otherwise: no warning there.
    early = Invoice("E", dt.date(2025, 6, 2))
    plan = plan_repair(across_the_year(early, next_70=5, next_71=1))
    assert (
        "invoice E of 2025-06-02 → #1 in journal 70, financial year 2025 (if the accounting "
        "package numbers each financial year of journal 70 apart)"
    ) in synchronised(plan)
    assert of_rule(plan) == []


def test_rule_3_5_worked_examples_keep_their_warnings() -> None:
    # Continuous journal 70 with bookings: the step sets its number; nothing new.
    plan = plan_repair(example_a())
    assert [w.rule for w in plan.warnings] == ["stale-document-kept"]
    a, _, c, d = EXAMPLE_A_INVOICES
    shared = plan_repair(Snapshot(SHARED, EXAMPLE_A_INVOICES, bookings=booked(a, c, d)))
    assert of_rule(shared) == []


def test_rule_3_5_a_continuous_journal_with_nothing_booked() -> None:
    # Worked example A, and a credit note not booked yet in journal 71, which holds
    # no booking and no booked document: its #1 rests on 71's unknown number.
    k1 = CreditNote("K1", day(1, 11))
    a, _, c, d = EXAMPLE_A_INVOICES
    snapshot = Snapshot(
        TWO_JOURNALS, [*EXAMPLE_A_INVOICES, k1], bookings=booked(a, c, d), bookings_complete=True
    )
    plan = plan_repair(snapshot)
    (warning,) = of_rule(plan)
    assert warning.documents == (k1.ref,)
    assert warning.message.startswith(
        "journal 71: the checklist predicts #1 for credit note K1, the one document"
    )
    assert "journal 71's configured next booking number is not known" in warning.message
    assert synchronised(plan) == (
        "invoice C of 2026-01-10 → #1003 in journal 70",
        "credit note K1 of 2026-01-11 → #1 in journal 71 (if the accounting package starts "
        "there at #1: its next booking number is unknown)",
        "invoice D of 2026-01-12 → #1004 in journal 70",
    )
    known = plan_repair(
        attrs.evolve(snapshot, journals=[Journal("70"), Journal("71", next_booking_number=1)])
    )
    assert of_rule(known) == []


def test_rule_3_5_without_the_bookings_too() -> None:
    # Without the bookings, journal 71 holds no booked document: nothing to number from.
    k1 = CreditNote("K1", day(1, 11))
    plan = plan_repair(Snapshot(TWO_JOURNALS, [*EXAMPLE_A_INVOICES, k1]))
    assert [w.documents for w in of_rule(plan)] == [(k1.ref,)]


def test_rule_3_9_a_prevention_plan_warns_for_a_journal_without_a_step() -> None:
    # Journal 70: stale B (#1002) at the top, a prevention step. Journal 71: nothing
    # booked, K1 not booked yet, sent at #1 with 71's number unknown.
    a, b = Invoice("A", day(1, 5), 1001), Invoice("B", day(1, 6), 1002)
    k1 = CreditNote("K1", day(1, 8))
    snapshot = Snapshot(TWO_JOURNALS, [a, b, k1], bookings=booked(a), bookings_complete=True)
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    assert [w.documents for w in of_rule(plan)] == [(k1.ref,)]
    assert synchronised(plan)[-1].endswith(
        "(if the accounting package starts there at #1: its next booking number is unknown)"
    )


def test_rule_3_9_a_prevention_plan_numbers_on_from_the_bookings_without_warning() -> None:
    # Journal 71 holds a booking: the accounting package numbers on from it ("last
    # booking + 1"); the configured number describes no empty period.
    a, b = Invoice("A", day(1, 5), 1001), Invoice("B", day(1, 6), 1002)
    k1, k2 = CreditNote("K1", day(1, 2), 7), CreditNote("K2", day(1, 8))
    snapshot = Snapshot(
        TWO_JOURNALS, [a, b, k1, k2], bookings=[*booked(a), *booked(k1, journal="71")]
    )
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    assert "credit note K2 of 2026-01-08 → #8 in journal 71" in synchronised(plan)
    assert of_rule(plan) == []


def test_rule_3_9_a_plan_with_nothing_to_do_predicts_nothing_and_warns_of_nothing() -> None:
    k1 = CreditNote("K1", day(1, 8))
    a = Invoice("A", day(1, 5), 1001)
    plan = plan_repair(Snapshot(TWO_JOURNALS, [a, k1], bookings=booked(a)))
    assert (plan.kind, plan.sent, of_rule(plan)) == ("none", (), [])


def test_rule_3_11_the_plan_json_carries_it_and_round_trips() -> None:
    plan = plan_repair(across_the_year())
    data = plan.to_dict()
    assert RepairPlan.from_dict(data) == plan
    warnings = [w for w in data["warnings"] if w["rule"] == RULE]
    assert [w["documents"] for w in warnings] == [
        [{"kind": "invoice", "number": "D"}],
        [{"kind": "credit_note", "number": "K1"}],
    ]
    (step,) = [step for step in data["steps"] if step["key"] == SYNCHRONISE]
    assert step["details"][1].endswith(MARK_70)


def test_rule_3_11_a_plan_saved_before_the_warning_still_reads() -> None:
    # An earlier version wrote no such warning, and steps without the mark.
    plan = plan_repair(across_the_year())
    earlier = attrs.evolve(plan, warnings=[w for w in plan.warnings if w.rule != RULE])
    data = earlier.to_dict()
    assert all("unknown" not in line for line in synchronised(earlier))
    assert RepairPlan.from_dict(data) == earlier


def test_rule_3_11_a_warning_removed_by_hand_disagrees_with_the_saved_steps() -> None:
    plan = plan_repair(across_the_year())
    data = plan.to_dict()
    data["warnings"] = [w for w in data["warnings"] if w["rule"] != RULE]
    with pytest.raises(InputFormatError, match="sent or warnings"):
        RepairPlan.from_dict(data, source="plan.json")


def test_rule_3_5_the_mark_follows_the_warning_documents() -> None:
    # The steps are derived from the plan's fields: the mark from the warning's documents.
    plan = plan_repair(across_the_year())
    only_d = attrs.evolve(
        plan,
        warnings=[w for w in plan.warnings if w.rule != RULE or w.documents == (D.ref,)],
    )
    lines = synchronised(only_d)
    assert lines[1].endswith(MARK_70)
    assert "unknown" not in lines[2]

"""Warnings and blockers of a plan: the findings of DOMAIN.md §3.3-§3.6.

Findings about valid input are records returned in tuples, never raised; each
rule is one small function of ``findings.py`` and names what it is about.
"""

from __future__ import annotations

import datetime as dt

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    Finding,
    Integration,
    Invoice,
    Journal,
    Numbering,
    RepairPlan,
    Snapshot,
    plan_repair,
)
from booking_reconcile.findings import BLOCKER_RULES, WARNING_RULES
from builders import TWO_JOURNALS, booked, day


def rules(findings: tuple[Finding, ...]) -> list[str]:
    return [finding.rule for finding in findings]


def of_rule(plan: RepairPlan, rule: str) -> list[Finding]:
    return [f for f in (*plan.warnings, *plan.blockers) if f.rule == rule]


# Journal 70: A 01-05 #801, B 01-06 #802 (lost its booking), C 01-10 #802
# (holds it), D 01-12 #803; cutoff 01-10.
# Journal 71: K1 01-03 #8, K2 01-04 #9 (lost its booking; 71 is not touched
# by the repair, and 9 is above the highest booking left there, 8).
A = Invoice("A", day(1, 5), 801)
B = Invoice("B", day(1, 6), 802)
C = Invoice("C", day(1, 10), 802)
D = Invoice("D", day(1, 12), 803)
K1 = CreditNote("K1", day(1, 3), 8)
K2 = CreditNote("K2", day(1, 4), 9)
MANUAL = Booking("70", 850, day(1, 20))
EVERYTHING = Snapshot(
    Integration("70", "71", start_date=day(1, 8)),
    [A, B, C, D, K1, K2],
    journals=[Journal("70", next_booking_number=700), Journal("71")],
    bookings=[*booked(A, C, D), MANUAL, *booked(K1, journal="71")],
)


def test_findings_are_records_in_tuples() -> None:
    plan = plan_repair(EVERYTHING)
    assert isinstance(plan.warnings, tuple)
    assert isinstance(plan.blockers, tuple)
    assert all(isinstance(f, Finding) for f in plan.warnings)
    assert all(f.message and str(f) == f.message for f in plan.warnings)


def test_every_warning_rule_fires_on_its_case() -> None:
    # stale B kept (01-06 < 01-10); K2 kept too (stale in 71); manual #850
    # kept; configured 700 differs from max(802, 850 + 1) = 851; recorded start
    # 01-08 later than K1 01-03; K2 #9 >= highest left in 71 (8).
    plan = plan_repair(EVERYTHING)
    assert sorted(set(rules(plan.warnings))) == [
        "collision-ahead",
        "configured-next-number-differs",
        "manual-booking-kept",
        "stale-document-kept",
        "start-date-too-late",
    ]
    assert [f.documents for f in of_rule(plan, "stale-document-kept")] == [(B.ref,), (K2.ref,)]
    assert [f.documents for f in of_rule(plan, "collision-ahead")] == [(K2.ref,)]
    (differs,) = of_rule(plan, "configured-next-number-differs")
    assert "700" in differs.message
    assert "851" in differs.message


def test_warnings_are_composed_rule_by_rule() -> None:
    # The plan's warnings come in the order of WARNING_RULES, one rule after
    # the other; each rule's name is its function's name in kebab case.
    names = [rule.__name__.replace("_", "-") for rule in WARNING_RULES]
    for plan in (plan_repair(EVERYTHING), plan_repair(Snapshot(TWO_JOURNALS, [A, B, C, D]))):
        positions = [names.index(rule) for rule in rules(plan.warnings)]
        assert positions == sorted(positions)
    # §3.8: the evidence that the accounting side is complete comes first.
    assert [rule.__name__ for rule in BLOCKER_RULES] == [
        "no_booking_names_a_document",
        "booking_unlinked_by_number",
        "booking_of_unbooked_document",
        "booking_of_reset_document",
        "bookings_filtered_by_date",
        "bookings_filtered_to_date",
        "documents_look_missing",
        "reference_names_no_document",
        "bookings_look_missing",
        "another_administration",
        "closed_period",
        "closed_period_rebooking",
        "closed_period_unbooked",
        "double_booking_in_closed_period",
        "number_limit",
    ]
    assert [rule.__name__ for rule in WARNING_RULES][:10] == [
        "per_year_numbering_likely",
        "booking_linked_by_number",
        "bookings_filtered_on_purpose",
        "bookings_filtered_to_date_on_purpose",
        "bookings_may_be_filtered_to_date",
        "documents_may_be_missing",
        "documents_missing_on_purpose",
        "reference_names_no_document_read",
        "bookings_missing_on_purpose",
        "mostly_stale",
    ]


def test_stale_document_kept_names_document_number_and_journal() -> None:
    (warning, _) = of_rule(plan_repair(EVERYTHING), "stale-document-kept")
    assert "invoice B" in warning.message
    assert "802" in warning.message
    assert "journal 70" in warning.message


def test_stale_document_kept_in_a_per_year_journal_names_the_financial_year() -> None:
    # Journal 70 per financial year starting in April: B 2026-01-06 lies in
    # financial year 2025.
    integration = Integration("70", "70", financial_year_start_month=4)
    snapshot = Snapshot(
        integration,
        [A, B, C, D],
        journals=[Journal("70", Numbering.PER_FINANCIAL_YEAR)],
        bookings=booked(A, C, D),
    )
    (warning,) = of_rule(plan_repair(snapshot), "stale-document-kept")
    assert "financial year 2025" in warning.message


def test_manual_booking_in_any_journal_on_or_after_the_cutoff_is_warned() -> None:
    # Manual #20 in journal 71 of 01-15 (after the cutoff 01-10) stays too.
    other = Booking("71", 20, day(1, 15))
    snapshot = Snapshot(
        TWO_JOURNALS,
        [A, B, C, D, K1],
        bookings=[*booked(A, C, D), *booked(K1, journal="71"), other],
    )
    (warning,) = of_rule(plan_repair(snapshot), "manual-booking-kept")
    assert "#20" in warning.message
    assert "71" in warning.message
    assert "2026-01-15" in warning.message


def test_collision_ahead_is_not_warned_where_the_plan_sets_a_next_number() -> None:
    # X 01-08 #805 lost its booking; it is above the highest booking left in
    # 70 after the deletions (A 801), but the plan sets 70's next number to
    # max(802, 805 + 1) = 806 above it: no collision ahead there.
    x = Invoice("X", day(1, 8), 805)
    snapshot = Snapshot(TWO_JOURNALS, [A, B, x, C, D], bookings=booked(A, C, D))
    plan = plan_repair(snapshot)
    assert [(n.journal, n.number) for n in plan.next_numbers] == [("70", 806)]
    assert of_rule(plan, "collision-ahead") == []


def test_bookings_unknown_is_warned_once_when_something_collides() -> None:
    plan = plan_repair(Snapshot(TWO_JOURNALS, [A, B, C, D]))
    assert rules(plan.warnings).count("bookings-unknown") == 1
    calm = plan_repair(Snapshot(TWO_JOURNALS, [A, D]))
    assert of_rule(calm, "bookings-unknown") == []


def test_closed_period_blocker_names_document_number_date_and_lock_date() -> None:
    snapshot = Snapshot(
        TWO_JOURNALS,
        [A, B, C, D],
        journals=[Journal("70", locked_until=day(1, 10)), Journal("71")],
        bookings=booked(A, C, D),
    )
    (blocker,) = plan_repair(snapshot).blockers
    assert blocker.rule == "closed-period"
    assert blocker.documents == (C.ref,)
    for word in ("invoice C", "#802", "2026-01-10", "journal 70"):
        assert word in blocker.message


@pytest.mark.parametrize(
    ("document_day", "booking_day", "blocked"),
    [
        # §3.4: journal 70 closed until 01-11; the document's date *or* the
        # booking's entry date on or before the lock date blocks the deletion
        pytest.param(day(1, 10), day(1, 12), True, id="booked-after-the-lock"),
        pytest.param(day(1, 12), day(1, 11), True, id="booked-on-the-lock-date"),
        pytest.param(day(1, 12), day(1, 12), False, id="both-after-the-lock"),
    ],
)
def test_closed_period_looks_at_the_date_of_the_booking_to_delete(
    document_day: dt.date, booking_day: dt.date, blocked: bool
) -> None:
    # DOMAIN §3.4: "a document to delete whose date or whose booking's entry
    # date is on or before the lock date".
    c = Invoice("C", document_day, 802)
    snapshot = Snapshot(
        TWO_JOURNALS,
        [A, B, c],
        journals=[Journal("70", locked_until=day(1, 11)), Journal("71")],
        bookings=[*booked(A), Booking("70", 802, booking_day, c.ref)],
    )
    plan = plan_repair(snapshot, CutoffPolicy.KEEP_DELETED)
    assert plan.to_delete == (c,)
    assert [b.rule for b in plan.blockers] == (["closed-period"] if blocked else [])
    assert plan.feasible is not blocked


def test_inferred_holders_are_each_named_in_the_warning() -> None:
    # §3.1: without bookings the holder is the last document in sync order;
    # the plan names each one it inferred (two collisions here).
    p, q = Invoice("P", day(1, 8), 804), Invoice("Q", day(1, 16), 804)
    plan = plan_repair(Snapshot(TWO_JOURNALS, [A, B, p, C, D, q]))
    (warning,) = of_rule(plan, "bookings-unknown")
    assert "invoice C for #802 in journal 70" in warning.message
    assert "invoice Q for #804 in journal 70" in warning.message
    assert set(warning.documents) == {C.ref, q.ref}


# -- §3.3 stale documents kept, each warned about ------------------------------

A_ = Invoice("A", day(1, 5), 1)
B_ = Invoice("B", day(1, 6), 2)  # its booking was deleted
C_ = Invoice("C", day(1, 10), 2)


def _stale_kept(plan: RepairPlan) -> list[str]:
    return [w.message for w in plan.warnings if w.rule == "stale-document-kept"]


def test_each_stale_document_kept_is_warned_about_also_after_one_that_is_reset() -> None:
    # §3.3 keep-deleted: a stale document dated before the cutoff keeps its
    # number and stays out of the accounting package; the plan warns about
    # each. X (stale, after the cutoff) is reset; B and K1 are kept.
    x = Invoice("X", day(1, 12), 3)
    k1, k2 = CreditNote("K1", day(1, 2), 1), CreditNote("K2", day(1, 3), 2)
    snapshot = Snapshot(
        TWO_JOURNALS, [A_, B_, C_, x, k1, k2], bookings=[*booked(A_, C_), *booked(k2, journal="71")]
    )
    plan = plan_repair(snapshot)
    assert plan.cutoff == day(1, 10)
    assert _stale_kept(plan) == [
        "invoice B keeps booking number 2 in journal 70, but its booking no longer exists in "
        "the accounting package: it stays out of the accounting package (the rebook-deleted "
        "policy books it again)",
        "credit note K1 keeps booking number 1 in journal 71, but its booking no longer exists "
        "in the accounting package: it stays out of the accounting package (the rebook-deleted "
        "policy books it again)",
    ]


def test_stale_document_kept_under_rebook_deleted_does_not_point_to_rebook_deleted() -> None:
    # Under rebook-deleted with a cutoff chosen by hand, B is kept: the
    # warning does not suggest the policy already in use.
    from booking_reconcile import plan_with_cutoff

    snapshot = Snapshot(TWO_JOURNALS, [A_, B_, C_], bookings=booked(A_, C_))
    plan = plan_with_cutoff(snapshot, day(1, 10), CutoffPolicy.REBOOK_DELETED)
    assert _stale_kept(plan) == [
        "invoice B keeps booking number 2 in journal 70, but its booking no longer exists in "
        "the accounting package: it stays out of the accounting package",
    ]


# -- the wording of each warning, word for word (docs/errors.md) ---------------


def test_every_warning_of_everything_word_for_word() -> None:
    plan = plan_repair(EVERYTHING)
    assert [(f.rule, f.message) for f in plan.warnings] == [
        (
            "stale-document-kept",
            "invoice B keeps booking number 802 in journal 70, but its booking no longer "
            "exists in the accounting package: it stays out of the accounting package (the "
            "rebook-deleted policy books it again)",
        ),
        (
            "stale-document-kept",
            "credit note K2 keeps booking number 9 in journal 71, but its booking no longer "
            "exists in the accounting package: it stays out of the accounting package (the "
            "rebook-deleted policy books it again)",
        ),
        (
            "manual-booking-kept",
            "booking #850 in journal 70 of 2026-01-20 did not come from the invoicing tool: "
            "it is not deleted and keeps its number",
        ),
        (
            "configured-next-number-differs",
            "journal 70: the configured next booking number is 700; set it to 851",
        ),
        (
            "start-date-too-late",
            "the integration's recorded start date 2026-01-08 is later than the first booked "
            "document (credit note K1 of 2026-01-03): reconnecting with it stops the payment "
            "statuses of older documents from being fetched; consider 2026-01-03",
        ),
        (
            "collision-ahead",
            "credit note K2 carries booking number 9 in journal 71, at or above the highest "
            "booking left there: a document sent into it later may get the same number; set "
            "that journal's next booking number to 10 or more",
        ),
    ]


def test_bookings_unknown_word_for_word_with_each_inferred_holder() -> None:
    # §3.1: the warning names each inferred holder, separated by "; ".
    p, q = Invoice("P", day(1, 8), 804), Invoice("Q", day(1, 16), 804)
    (warning,) = of_rule(
        plan_repair(Snapshot(TWO_JOURNALS, [A, B, p, C, D, q])), "bookings-unknown"
    )
    assert warning.message == (
        "the accounting package's bookings were not given, so each collision's holder is "
        "taken to be its last document in sync order (invoice C for #802 in journal 70; "
        "invoice Q for #804 in journal 70): before deleting, check in the accounting package "
        "that every booking to delete exists and books the document named; a backdated "
        "document sent later is misread without sync times. Where one does not, delete "
        "nothing: give the bookings (the accounting package's export, --bookings) or the "
        "documents' sync times, and plan again"
    )

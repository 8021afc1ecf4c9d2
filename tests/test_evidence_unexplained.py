"""DOMAIN §3.8, "says what it could not explain, before planning": the cases found unexplained.

A booking that names a document the invoicing tool shows unbooked (the sync
books it a second time), stale documents after the latest booking of their
journal (an export filtered *to* a date: the mirror of the start filter),
and bookings whose reference names no document read when there is no
cutoff (the documents exported from a date). Each rule: when it fires, when
it does not, and its message word for word.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    InconsistentInputError,
    Integration,
    Invoice,
    Snapshot,
    find_double_bookings,
    plan_repair,
    simulate_repair,
)
from booking_reconcile.evidence import (
    bookings_of_unbooked_documents,
    references_naming_nothing,
    stale_after_last_booking,
)
from booking_reconcile.stale import find_stale_documents

APART = Integration("70", "71")


def day(month: int, dom: int, year: int = 2026) -> date:
    return date(year, month, dom)


def rules(findings: tuple[Any, ...]) -> list[str]:
    return [finding.rule for finding in findings]


# -- a booking names a document the invoicing tool shows unbooked ----------------

A = Invoice("A", day(1, 5), 1001)
B = Invoice("B", day(1, 6), 1002)
X = Invoice("X", day(1, 7))  # its number cleared (an earlier deactivation), its booking kept
C = Invoice("C", day(1, 10), 1002)

UNBOOKED_X = (
    "invoice X is not booked in the invoicing tool (it carries no booking number), but "
    "booking #1003 in journal 70 of 2026-01-07 names it by its reference 'X': the next "
    "synchronisation sends it and books it a second time; delete that booking in the "
    "accounting package, or put its number (1003) on the document in the invoicing tool, "
    "before the next synchronisation"
)


def _example_a_with_x(reference: str = "X") -> Snapshot:
    """Worked example A's collision {B, C}, and X unbooked while #1003 books it (before the cutoff)."""
    return Snapshot(
        APART,
        [A, B, X, C],
        bookings=[
            Booking("70", 1001, A.date, reference="A"),
            Booking("70", 1003, X.date, reference=reference),
            Booking("70", 1002, C.date, reference="C"),
        ],
    )


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_rule_3_8_a_booking_of_a_document_shown_unbooked_is_a_blocker_before_the_cutoff(
    policy: CutoffPolicy,
) -> None:
    snapshot = _example_a_with_x()
    plan = plan_repair(snapshot, policy)
    assert plan.cutoff is not None
    assert X.date < plan.cutoff or policy is CutoffPolicy.REBOOK_DELETED
    (finding,) = [b for b in plan.blockers if b.rule == "booking-of-unbooked-document"]
    assert (finding.message, finding.documents) == (UNBOOKED_X, (X.ref,))
    assert not plan.feasible
    # What the blocker prevents: the plan's own sync books X a second time.
    after = simulate_repair(snapshot, plan)
    assert [str(double.document.number) for double in find_double_bookings(after)] == ["X"]


def test_rule_3_8_a_booking_of_a_document_shown_unbooked_is_a_blocker_without_a_cutoff() -> None:
    snapshot = Snapshot(
        APART,
        [A, X],
        bookings=[
            Booking("70", 1001, A.date, reference="A"),
            Booking("70", 1003, X.date, reference="x"),  # case does not matter
        ],
    )
    plan = plan_repair(snapshot)
    assert plan.cutoff is None
    assert [(b.rule, b.documents) for b in plan.blockers] == [
        ("booking-of-unbooked-document", (X.ref,))
    ]
    assert "names it by its reference 'x'" in plan.blockers[0].message
    # Nothing of the repair's own is to do (docs/choices.md): the kind stays
    # "none", and the blocker makes the plan infeasible.
    assert (plan.kind, plan.needed, plan.feasible) == ("none", False, False)


def test_rule_3_8_a_booking_of_a_document_shown_unbooked_is_a_blocker_whatever_its_date() -> None:
    # The booking dated months after the document, the documents said complete.
    snapshot = Snapshot(
        APART,
        [A, X],
        bookings=[
            Booking("70", 1001, A.date, reference="A"),
            Booking("70", 1003, day(6, 30), reference="X"),
        ],
        documents_complete=True,
        bookings_complete=True,
    )
    assert rules(plan_repair(snapshot).blockers) == ["booking-of-unbooked-document"]


def test_rule_3_8_a_booking_from_the_cutoff_on_of_a_document_shown_unbooked_is_one_blocker() -> (
    None
):
    # Dated after the cutoff, it was a reference-names-no-document blocker; it
    # is now this one only, whose advice fits.
    late_x = Invoice("X", day(1, 11))
    snapshot = Snapshot(
        APART,
        [A, B, C, late_x],
        bookings=[
            Booking("70", 1001, A.date, reference="A"),
            Booking("70", 1002, C.date, reference="C"),
            Booking("70", 1003, late_x.date, reference="X"),
        ],
    )
    plan = plan_repair(snapshot)
    assert plan.cutoff == day(1, 10)
    assert rules(plan.blockers) == ["booking-of-unbooked-document"]


def test_rule_3_8_a_booking_naming_a_document_shown_unbooked_by_document_is_refused() -> None:
    # By ``document`` the two sides disagree on the number: bad input (§6), no plan.
    with pytest.raises(InconsistentInputError, match="which carries no booking number"):
        Snapshot(APART, [A, X], bookings=[Booking("70", 1003, X.date, X.ref)])


def test_rule_3_8_a_document_shown_unbooked_and_named_by_no_booking_is_no_finding() -> None:
    snapshot = _example_a_with_x(reference="Y")
    assert bookings_of_unbooked_documents(snapshot) == ()
    assert "booking-of-unbooked-document" not in rules(plan_repair(snapshot).blockers)


def test_rule_3_10_a_double_booking_is_not_a_booking_of_an_unbooked_document() -> None:
    # A, booked #1001, entered by hand as #1003 too: a double booking (§3.10), not this.
    snapshot = Snapshot(
        APART,
        [A],
        bookings=[
            Booking("70", 1001, A.date, reference="A"),
            Booking("70", 1003, A.date, reference="A"),
        ],
    )
    plan = plan_repair(snapshot)
    assert rules(plan.blockers) == []
    assert "double-booking" in rules(plan.warnings)


# -- an export of the bookings filtered to a date ---------------------------------


def _filtered_to(until: date, count: int = 60) -> Snapshot:
    """``count`` invoices from 2026-01-01, one a day, booked in order; bookings exported to ``until``."""
    invoices = [
        Invoice(f"2026/{n}", day(1, 1) + timedelta(days=n - 1), 1000 + n)
        for n in range(1, count + 1)
    ]
    bookings = [
        Booking("70", d.booking_number or 0, d.date, reference=d.number)
        for d in invoices
        if d.date <= until
    ]
    return Snapshot(APART, invoices, bookings=bookings)


FILTERED_TO = (
    "the bookings of journal 70 after 2026-02-10 look missing: 19 booked invoices dated "
    "2026-02-11 to 2026-03-01 have no booking: was the export filtered to a date?"
)
EXPORT_UP_TO_TODAY = (
    "export the bookings up to today (no end date), or say the accounting side is complete "
    "on purpose (bookings_complete=True, --bookings-complete)"
)


def test_rule_3_8_stale_documents_after_the_latest_booking_are_a_warning_naming_the_date() -> None:
    snapshot = _filtered_to(day(2, 10))
    plan = plan_repair(snapshot, CutoffPolicy.KEEP_DELETED)
    assert plan.kind == "prevent"
    assert plan.to_reset == ()
    (finding,) = [w for w in plan.warnings if w.rule == "bookings-filtered-to-date"]
    assert finding.message == f"{FILTERED_TO} If so, {EXPORT_UP_TO_TODAY}"
    assert finding.documents == tuple(d.ref for d in snapshot.documents[41:])
    assert plan.feasible


def test_rule_3_8_stale_documents_after_the_latest_booking_block_a_plan_that_resets_them() -> None:
    plan = plan_repair(_filtered_to(day(2, 10)), CutoffPolicy.REBOOK_DELETED)
    assert len(plan.to_reset) == 19
    (finding,) = [b for b in plan.blockers if b.rule == "bookings-filtered-to-date"]
    assert finding.message == (
        f"{FILTERED_TO} The plan resets them: if their bookings exist, the synchronisation "
        f"books them a second time; {EXPORT_UP_TO_TODAY}"
    )
    assert "bookings-filtered-to-date" not in rules(plan.warnings)
    assert not plan.feasible


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_rule_3_8_stale_documents_after_the_latest_booking_warn_when_complete(
    policy: CutoffPolicy,
) -> None:
    filtered = _filtered_to(day(2, 10))
    complete = Snapshot(
        APART, filtered.documents, bookings=filtered.bookings, bookings_complete=True
    )
    plan = plan_repair(complete, policy)
    assert "bookings-filtered-to-date" not in rules(plan.blockers)
    (finding,) = [w for w in plan.warnings if w.rule == "bookings-filtered-to-date"]
    assert (
        finding.message == f"{FILTERED_TO} Taken as complete on purpose, so all of them are stale"
    )
    assert plan.feasible


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_rule_3_8_one_stale_document_after_the_latest_booking_is_no_evidence(
    policy: CutoffPolicy,
) -> None:
    # The usual prevention (§3.9): the last booking deleted, its document stale.
    plan = plan_repair(_filtered_to(day(1, 4), count=5), policy)
    assert plan.kind == "prevent"
    assert "bookings-filtered-to-date" not in rules((*plan.blockers, *plan.warnings))
    assert plan.feasible


def test_rule_3_8_two_stale_documents_after_the_latest_booking_are_evidence() -> None:
    snapshot = _filtered_to(day(1, 3), count=5)
    (late,) = stale_after_last_booking(snapshot, find_stale_documents(snapshot))
    assert late.latest_booking == day(1, 3)
    assert [d.number for d in late.documents] == ["2026/4", "2026/5"]
    assert late.describe().startswith(
        "the bookings of journal 70 after 2026-01-03 look missing: 2 booked invoices dated "
        "2026-01-04 to 2026-01-05 have no booking"
    )


def test_rule_3_8_stale_documents_before_a_later_booking_are_not_after_the_latest() -> None:
    # 2026/2 and 2026/3 stale, 2026/4's booking later: bookings deleted, not cut off.
    invoices = [Invoice(f"2026/{n}", day(1, n), 1000 + n) for n in range(1, 5)]
    bookings = [
        Booking("70", d.booking_number or 0, d.date, reference=d.number)
        for d in (invoices[0], invoices[3])
    ]
    snapshot = Snapshot(APART, invoices, bookings=bookings)
    assert stale_after_last_booking(snapshot, find_stale_documents(snapshot)) == ()
    for policy in CutoffPolicy:
        plan = plan_repair(snapshot, policy)
        assert "bookings-filtered-to-date" not in rules((*plan.blockers, *plan.warnings))


def test_rule_3_8_a_manual_booking_later_than_the_stale_documents_counts_as_the_latest() -> None:
    snapshot = _filtered_to(day(1, 3), count=5)
    manual = Booking("70", 2000, day(1, 31))
    later = Snapshot(APART, snapshot.documents, bookings=[*(snapshot.bookings or ()), manual])
    assert stale_after_last_booking(later, find_stale_documents(later)) == ()


def test_rule_3_8_stale_documents_after_the_latest_booking_are_counted_per_journal() -> None:
    # The invoices' bookings cut off after 01-03; the credit notes' journal is complete.
    snapshot = _filtered_to(day(1, 3), count=5)
    credit_notes = [CreditNote(f"C{n}", day(1, 10 + n), n) for n in (1, 2)]
    credits = [Booking("71", c.booking_number or 0, c.date, c.ref) for c in credit_notes]
    both = Snapshot(
        APART,
        [*snapshot.documents, *credit_notes],
        bookings=[*(snapshot.bookings or ()), *credits],
    )
    (late,) = stale_after_last_booking(both, find_stale_documents(both))
    assert (str(late.place), late.latest_booking) == ("journal 70", day(1, 3))


def test_rule_4_example_a_has_one_stale_document_not_at_the_end_and_no_such_finding() -> None:
    snapshot = _example_a()
    for policy in CutoffPolicy:
        plan = plan_repair(snapshot, policy)
        assert "bookings-filtered-to-date" not in rules((*plan.blockers, *plan.warnings))


def _example_a() -> Snapshot:
    d = Invoice("D", day(1, 12), 1003)
    return Snapshot(
        APART,
        [A, B, C, d],
        bookings=[Booking("70", x.booking_number or 0, x.date, x.ref) for x in (A, C, d)],
    )


# -- bookings whose reference names no document read ------------------------------


def _documents_filtered_from_the_9th() -> Snapshot:
    """Invoices exported from 2026-01-09 on: 2026/1 to 2026/4 not read; #1001 and #1003 name them."""
    read = [
        Invoice("2026/5", day(1, 9), 1004),
        Invoice("2026/6", day(1, 10), 1002),
        Invoice("2026/7", day(1, 12), 1005),
    ]
    bookings = [
        Booking("70", 1001, day(1, 5), reference="2026/1"),
        Booking("70", 1003, day(1, 7), reference="2026/3"),
        *(Booking("70", d.booking_number or 0, d.date, reference=d.number) for d in read),
    ]
    return Snapshot(APART, read, bookings=bookings)


REFERENCES_NAME_NOTHING = (
    "2 bookings of journal 70 have references that name no document read (#1001 of "
    "2026-01-05 with the reference '2026/1', #1003 of 2026-01-07 with the reference "
    "'2026/3'): were all invoices exported? If the invoicing tool sent them, their documents "
    "are missing from the export, and the plan cannot see whether they collide; export all "
    "invoices, or say the documents are complete on purpose (documents_complete=True, "
    "--documents-complete)"
)


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_rule_3_8_references_that_name_no_document_read_warn_without_a_cutoff(
    policy: CutoffPolicy,
) -> None:
    plan = plan_repair(_documents_filtered_from_the_9th(), policy)
    assert plan.cutoff is None
    assert [(w.rule, w.message) for w in plan.warnings] == [
        ("reference-names-no-document", REFERENCES_NAME_NOTHING)
    ]
    assert plan.feasible


def test_rule_3_8_references_that_name_no_document_read_are_silent_when_complete() -> None:
    snapshot = _documents_filtered_from_the_9th()
    complete = Snapshot(
        APART, snapshot.documents, bookings=snapshot.bookings, documents_complete=True
    )
    assert plan_repair(complete).warnings == ()


def test_rule_3_8_a_reference_before_the_cutoff_warns_and_one_after_it_stays_a_blocker() -> None:
    # Example A's collision (cutoff 01-10): #900 before it, #1004 after it name nothing read.
    d = Invoice("D", day(1, 12), 1003)
    snapshot = Snapshot(
        APART,
        [A, B, C, d],
        bookings=[
            *(Booking("70", x.booking_number or 0, x.date, x.ref) for x in (A, C, d)),
            Booking("70", 900, day(1, 2), reference="2025/99"),
            Booking("70", 1004, day(1, 13), reference="2026/99"),
        ],
    )
    plan = plan_repair(snapshot)
    assert plan.cutoff == day(1, 10)
    (blocker,) = [b for b in plan.blockers if b.rule == "reference-names-no-document"]
    assert blocker.message.startswith("booking #1004 in journal 70 of 2026-01-13")
    (warning,) = [w for w in plan.warnings if w.rule == "reference-names-no-document"]
    assert warning.message.startswith(
        "1 booking of journal 70 has a reference that names no document read (#900 of "
        "2026-01-02 with the reference '2025/99'): were all invoices exported?"
    )


def test_rule_3_8_a_shared_journal_asks_for_invoices_and_credit_notes() -> None:
    shared = Integration("70", "70")
    snapshot = Snapshot(
        shared,
        [A],
        bookings=[Booking("70", 1001, A.date, A.ref), Booking("70", 7, day(1, 2), reference="K1")],
    )
    (warning,) = plan_repair(snapshot).warnings
    assert "were all invoices and credit notes exported?" in warning.message
    assert "export all invoices and credit notes," in warning.message


def test_rule_3_8_references_explained_otherwise_are_not_named_as_naming_nothing() -> None:
    # #1002 mistyped (B's number and date: booking-unlinked), #1005 names X
    # unbooked (booking-of-unbooked-document), #1006 a double booking of A, and
    # a kind left out (documents-missing): none of them is this warning's.
    snapshot = Snapshot(
        APART,
        [A, B, X],
        bookings=[
            Booking("70", 1001, A.date, reference="A"),
            Booking("70", 1002, B.date, reference="Bx"),
            Booking("70", 1005, X.date, reference="X"),
            Booking("70", 1006, A.date, reference="A"),
            Booking("71", 1, day(1, 8), reference="K1"),
        ],
    )
    assert references_naming_nothing(snapshot) == (
        (
            Booking("71", 1, day(1, 8), reference="K1"),
            snapshot.booking_place(snapshot.bookings[-1]),
        ),
    )
    plan = plan_repair(snapshot)
    assert "reference-names-no-document" not in rules((*plan.blockers, *plan.warnings))
    assert {"booking-unlinked", "booking-of-unbooked-document", "documents-missing"} <= set(
        rules(plan.blockers)
    )


def test_rule_3_8_many_references_that_name_nothing_are_listed_ten_and_counted() -> None:
    # The invoices of 2026 only; the bookings of 2025 too: 30 references name nothing read.
    older = [
        Booking("70", n, day(1, 1) + timedelta(days=n), reference=f"2025/{n}") for n in range(1, 31)
    ]
    snapshot = Snapshot(
        APART,
        [Invoice("2026/1", day(3, 1), 31)],
        bookings=[*older, Booking("70", 31, day(3, 1), reference="2026/1")],
    )
    (warning,) = plan_repair(snapshot).warnings
    assert warning.message.startswith("30 bookings of journal 70 have references that name")
    assert "#10 of 2026-01-11 with the reference '2025/10' and 20 more, dated 2026-01-12 to " in (
        warning.message
    )
    assert "'2025/11'" not in warning.message


def test_rule_3_8_references_naming_nothing_leave_a_dropped_reference_column_to_its_blocker() -> (
    None
):
    # Every reference written another way: no booking names a document (that blocker says it).
    snapshot = Snapshot(
        APART,
        [A, B],
        bookings=[
            Booking("70", 1001, day(2, 1), reference="INV-A"),
            Booking("70", 1002, day(2, 2), reference="INV-B"),
        ],
    )
    plan = plan_repair(snapshot)
    assert "no-booking-names-a-document" in rules(plan.blockers)
    assert "reference-names-no-document" not in rules((*plan.blockers, *plan.warnings))


@pytest.mark.parametrize("link_by_number", [False, True], ids=["blocked", "linked"])
def test_rule_3_8_a_reference_naming_a_document_shown_unbooked_mistyped_is_the_other_finding(
    link_by_number: bool,
) -> None:
    # #1002 has B's journal, number and date (B has no other booking), its
    # reference "X" a slip: B's booking, not a booking of X.
    snapshot = Snapshot(
        APART,
        [A, B, X],
        bookings=[
            Booking("70", 1001, A.date, reference="A"),
            Booking("70", 1002, B.date, reference="X"),
        ],
        link_by_number=link_by_number,
    )
    assert bookings_of_unbooked_documents(snapshot) == ()
    plan = plan_repair(snapshot)
    found = rules((*plan.blockers, *plan.warnings))
    assert "booking-of-unbooked-document" not in found
    assert ("linked-by-number" if link_by_number else "booking-unlinked") in found

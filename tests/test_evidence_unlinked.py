"""DOMAIN §3.8, "evidence before confidence": a document's booking that names no document.

Two holes the reviews found in the number-and-date evidence and in the
export filtered to a date:

- a booking that names no document (no reference, or a reference naming no
  document read) under a stale document's journal, period and number, but
  entered a day or more after the document's date (§3.4: an entry date may
  trail the document's), was kept as an entry by hand while the plan reset
  the document and the synchronisation booked it a second time
  (oracle3 F1);
- a bookings export cut off at an end date leaves one stale document after
  the latest booking of *each* journal: counted per journal, nothing was
  said (redteam F5).

Each rule: when it fires, when it does not, and its message word for word.
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Any

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
    Snapshot,
    plan_repair,
    simulate_repair,
)
from booking_reconcile.evidence import entered_after_the_document, linked_by_number

SHARED = Integration("70", "70")
APART = Integration("70", "71")


def day(month: int, dom: int, year: int = 2026) -> date:
    return date(year, month, dom)


def rules(findings: tuple[Any, ...]) -> list[str]:
    return [finding.rule for finding in findings]


def unlinked(findings: tuple[Any, ...]) -> list[Any]:
    return [finding for finding in findings if finding.rule == "booking-unlinked"]


# -- a document's booking with its reference missing, entered after its date ---------

# Worked example A in one journal: B's booking deleted, {B, C} collide on 1002.
A = Invoice("A", day(1, 5), 1001)
B = Invoice("B", day(1, 6), 1002)
C = Invoice("C", day(1, 10), 1002)
D = Invoice("D", day(1, 12), 1003)


def _example_a(
    entered: date,
    reference: str | None = None,
    *,
    integration: Integration = SHARED,
    documents_complete: bool = False,
    link_by_number: bool = False,
    bookings_complete: bool = False,
) -> Snapshot:
    """Example A with D's booking #1003 entered on ``entered``, naming no document."""
    journals = [Journal("70", next_booking_number=1004)]
    if integration.credit_note_journal != "70":
        journals.append(Journal(integration.credit_note_journal))
    return Snapshot(
        integration,
        [A, B, C, D],
        journals,
        [
            Booking("70", 1001, A.date, reference="A"),
            Booking("70", 1002, C.date, reference="C"),
            Booking("70", 1003, entered, reference=reference),
        ],
        documents_complete=documents_complete,
        link_by_number=link_by_number,
        bookings_complete=bookings_complete,
    )


def _entered_later(seen: str, days: str = "1 day") -> str:
    """The blocker's message for D's booking #1003 entered on 2026-01-13, D reset."""
    return (
        f"booking #1003 in journal 70 of 2026-01-13 names no document ({seen}) but has the "
        "journal, period and number of invoice D of 2026-01-12, which no booking books, and "
        f"was entered {days} after it: {_EITHER.format(name='invoice D')}; the plan resets "
        "invoice D and the synchronisation books it again, so if the booking is its own, it "
        "is booked twice. Look the booking up in the accounting package: if it books invoice "
        "D, fill in its reference (Exact Online's \"Your ref.\": 'D') and export the bookings "
        "again (it is then linked as its booking, and deleted if the plan resets it); if it "
        "is an entry by hand and the bookings export is whole (the option says so of all of "
        "it: no journal, page or row left out), say so (bookings_complete=True, "
        "--bookings-complete), and the plan keeps it as one. Nothing is linked on a guess "
        "(link_by_number=True links only a booking of the document's own date)"
    )


#: What the booking may be, in every message of a booking entered later.
_EITHER = (
    "it is that document's booking with its reference missing or mistyped, or an entry by "
    "hand that took the number after {name}'s booking was deleted, which the exports cannot "
    "tell apart"
)


def test_rule_3_8_a_booking_without_a_reference_entered_after_the_document_blocks() -> None:
    # oracle3 F1b: one day of entry date used to turn the blocker into a plan
    # that resets D and books it a second time (#1003 kept, D sent as #1005).
    snapshot = _example_a(day(1, 13))
    plan = plan_repair(snapshot)
    assert not plan.feasible
    (finding,) = unlinked(plan.blockers)
    assert finding.message == _entered_later("no reference")
    assert finding.documents == (D.ref,)
    # What the blocker stops: the plan books D a second time.
    after = simulate_repair(snapshot, plan)
    assert [b.booking_number for b in after.bookings or () if b.booking_number == 1003] == [1003]
    assert any(d.number == "D" for d in plan.to_reset)


@pytest.mark.parametrize("documents_complete", [False, True], ids=["unsaid", "complete"])
def test_rule_3_8_a_reference_naming_no_document_entered_after_the_document_blocks(
    documents_complete: bool,
) -> None:
    # oracle3 F1: the reference typed 'D.', journals of their own, the
    # documents complete (every document was exported: D is among them).
    snapshot = _example_a(
        day(1, 13), "D.", integration=APART, documents_complete=documents_complete
    )
    plan = plan_repair(snapshot)
    assert not plan.feasible
    (finding,) = unlinked(plan.blockers)
    assert finding.message == _entered_later("the reference 'D.', which names no document read")
    assert finding.documents == (D.ref,)
    assert D in plan.to_reset  # what makes it a blocker


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_rule_3_8_a_booking_entered_after_the_document_with_the_bookings_complete_warns(
    policy: CutoffPolicy,
) -> None:
    # The caller says the accounting side is as exported: #1003 is an entry by
    # hand, kept, and D is booked again; the warning says what if it is D's.
    snapshot = _example_a(day(1, 13), bookings_complete=True)
    plan = plan_repair(snapshot, policy)
    assert unlinked(plan.blockers) == []
    assert D in plan.to_reset
    (finding,) = unlinked(plan.warnings)
    assert finding.message.endswith(
        "was entered 1 day after it: with the accounting side as exported (bookings_complete), "
        "the plan takes it for an entry by hand that took the number after invoice D's booking "
        "was deleted, and keeps it; it resets invoice D and the synchronisation books it again "
        "(if the booking is invoice D's after all, fill in its reference instead, or it is "
        "booked twice)"
    )
    assert Booking("70", 1003, day(1, 13)) in (simulate_repair(snapshot, plan).bookings or ())


def test_rule_3_8_link_by_number_does_not_link_a_booking_of_another_date() -> None:
    # "number and date": the sync books a document on its own date, so a
    # booking of another date is weaker evidence; the blocker stays and says so.
    snapshot = _example_a(day(1, 15), link_by_number=True)
    assert snapshot.links is not None
    assert snapshot.links.by_number_and_date == 0
    plan = plan_repair(snapshot)
    assert not plan.feasible
    (finding,) = unlinked(plan.blockers)
    assert finding.message == _entered_later("no reference", "3 days").replace(
        "2026-01-13", "2026-01-15"
    )
    assert "linked-by-number" not in rules(plan.warnings)


def test_rule_3_8_the_same_date_keeps_its_own_blocker_and_link() -> None:
    same = _example_a(D.date)
    (finding,) = unlinked(plan_repair(same).blockers)
    assert finding.message.startswith(
        "booking #1003 in journal 70 of 2026-01-12 names no document (no reference) but has "
        "the journal, period, number and date of invoice D: it is almost certainly"
    )
    assert entered_after_the_document(same) == ()
    linked = plan_repair(_example_a(D.date, link_by_number=True))
    assert unlinked(linked.blockers) == []
    assert "linked-by-number" in rules(linked.warnings)


def test_rule_3_8_a_booking_entered_before_the_document_is_not_its_booking() -> None:
    snapshot = _example_a(day(1, 11))
    assert entered_after_the_document(snapshot) == ()
    plan = plan_repair(snapshot)
    assert unlinked(plan.blockers) == []
    assert plan.feasible


def test_rule_3_8_a_booking_in_another_journal_is_not_the_documents() -> None:
    snapshot = Snapshot(
        APART,
        [A, B, C, D],
        bookings=[
            Booking("70", 1001, A.date, reference="A"),
            Booking("70", 1002, C.date, reference="C"),
            Booking("71", 1003, day(1, 13)),
        ],
    )
    assert entered_after_the_document(snapshot) == ()
    assert unlinked(plan_repair(snapshot).blockers) == []


def test_rule_3_8_a_booking_naming_another_document_is_not_this_rules() -> None:
    # #1003 names A by its reference (a double booking of A, §3.10): explained.
    snapshot = _example_a(day(1, 13), "A")
    assert entered_after_the_document(snapshot) == ()
    assert unlinked(plan_repair(snapshot).blockers) == []


def test_rule_3_8_a_document_with_its_own_booking_is_not_named() -> None:
    # D booked by #1003 (its reference); #1004 by hand takes no booked number.
    snapshot = Snapshot(
        SHARED,
        [A, B, C, D],
        bookings=[
            Booking("70", 1001, A.date, reference="A"),
            Booking("70", 1002, C.date, reference="C"),
            Booking("70", 1003, D.date, reference="D"),
            Booking("70", 1004, day(1, 20)),
        ],
    )
    assert entered_after_the_document(snapshot) == ()


@pytest.mark.parametrize("later_first", [False, True], ids=["in-order", "later-first"])
def test_rule_3_8_entered_after_the_document_pairs_the_latest_document_dated_before(
    later_first: bool,
) -> None:
    # B and C both stale under 1002 (their bookings gone); #1002 by hand of
    # 01-11 follows both: C, the later, is named, whatever the input's order.
    b, c = Invoice("B", day(1, 6), 1002), Invoice("C", day(1, 10), 1002)
    booking = Booking("70", 1002, day(1, 11), reference="?")
    snapshot = Snapshot(
        SHARED,
        [A, c, b] if later_first else [A, b, c],
        bookings=[Booking("70", 1001, A.date, reference="A"), booking],
        documents_complete=True,
    )
    assert entered_after_the_document(snapshot) == ((booking, c),)
    assert linked_by_number(snapshot) == ()
    (finding,) = unlinked(plan_repair(snapshot).blockers)
    assert finding.documents == (c.ref,)
    assert "entered 1 day after it" in finding.message


def test_rule_3_8_entered_after_the_document_in_order_of_journal_and_number() -> None:
    x = CreditNote("X", day(1, 7), 7)
    snapshot = Snapshot(
        APART,
        [A, B, C, D, x],
        bookings=[
            Booking("71", 7, day(2, 1)),
            Booking("70", 1003, day(1, 14)),
            Booking("70", 1002, C.date, reference="C"),
            Booking("70", 1001, A.date, reference="A"),
        ],
    )
    found = entered_after_the_document(snapshot)
    assert [(b.journal, b.booking_number, d.ref) for b, d in found] == [
        ("70", 1003, D.ref),
        ("71", 7, DocumentRef(DocumentKind.CREDIT_NOTE, "X")),
    ]
    plan = plan_repair(snapshot)  # X is not reset: a warning
    (later,) = [f for f in unlinked(plan.warnings) if f.documents == (x.ref,)]
    assert "was entered 25 days after it" in later.message


# -- the last bookings deleted, then an entry by hand takes the freed number -------

# falsealarm F1 (BU1), a true history: B and C's bookings (the last two) are
# deleted; a memorial entry by hand, no reference, takes #2 (highest + 1) on
# 01-12; D is synchronised on 01-14 and takes #3, colliding with C. The files
# are those of B's booking with its reference missing: the finding matters
# only where the plan resets B.
BU_A = Invoice("A", day(1, 5), 1)
BU_B = Invoice("B", day(1, 6), 2)
BU_C = Invoice("C", day(1, 10), 3)
BU_D = Invoice("D", day(1, 14), 3)
MEMORIAL = Booking("70", 2, day(1, 12))


def _memorial_entry(*, bookings_complete: bool = False, reference: str | None = None) -> Snapshot:
    return Snapshot(
        APART,
        [BU_A, BU_B, BU_C, BU_D],
        [Journal("70"), Journal("71")],
        [
            Booking("70", 1, BU_A.date, reference="A"),
            Booking("70", 2, MEMORIAL.date, reference=reference),
            Booking("70", 3, BU_D.date, reference="D"),
        ],
        bookings_complete=bookings_complete,
    )


_MEMORIAL_SEEN = (
    "booking #2 in journal 70 of 2026-01-12 names no document (no reference) but has the "
    "journal, period and number of invoice B of 2026-01-06, which no booking books, and was "
    "entered 6 days after it: "
)


def test_rule_3_8_an_entry_by_hand_on_a_freed_number_warns_where_the_plan_keeps_the_document() -> (
    None
):
    # keep-deleted does not reset B: whichever the booking is, nothing is booked twice.
    plan = plan_repair(_memorial_entry(), CutoffPolicy.KEEP_DELETED)
    assert plan.feasible
    assert unlinked(plan.blockers) == []
    assert "B" not in [d.number for d in plan.to_reset]
    (finding,) = unlinked(plan.warnings)
    assert finding.message == (
        f"{_MEMORIAL_SEEN}{_EITHER.format(name='invoice B')}; the plan does not reset invoice "
        "B and keeps the booking, so either way nothing is booked twice. If it books invoice "
        "B, fill in its reference (Exact Online's \"Your ref.\": 'B'), so that the next export "
        "links it"
    )
    assert finding.documents == (BU_B.ref,)
    assert MEMORIAL in (simulate_repair(_memorial_entry(), plan).bookings or ())


def test_rule_3_8_an_entry_by_hand_on_a_freed_number_blocks_where_the_plan_resets_it() -> None:
    # rebook-deleted resets B: if #2 is B's own booking, B is booked twice.
    plan = plan_repair(_memorial_entry(), CutoffPolicy.REBOOK_DELETED)
    assert "B" in [d.number for d in plan.to_reset]
    assert not plan.feasible
    (finding,) = unlinked(plan.blockers)
    assert finding.message.startswith(
        f"{_MEMORIAL_SEEN}{_EITHER.format(name='invoice B')}; the plan resets invoice B and "
        "the synchronisation books it again, so if the booking is its own, it is booked "
        "twice. Look the booking up in the accounting package: if it books invoice B, fill "
        "in its reference (Exact Online's \"Your ref.\": 'B') and export the bookings again"
    )
    assert "(bookings_complete=True, --bookings-complete)" in finding.message
    assert unlinked(plan.warnings) == []
    # Said once: the blocker's advice, not stale-document-rebooked's beside it.
    rebooked = [w.documents for w in plan.warnings if w.rule == "stale-document-rebooked"]
    assert finding.documents == (BU_B.ref,)
    assert all(BU_B.ref not in documents for documents in rebooked)


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_rule_3_8_an_entry_by_hand_on_a_freed_number_with_the_bookings_complete(
    policy: CutoffPolicy,
) -> None:
    # The way through for the true history: the accounting side is as exported,
    # so #2 is an entry by hand; the plan keeps it (and books B again if it resets it).
    snapshot = _memorial_entry(bookings_complete=True)
    plan = plan_repair(snapshot, policy)
    assert plan.feasible
    assert unlinked(plan.blockers) == []
    (finding,) = unlinked(plan.warnings)
    reset = "B" in [d.number for d in plan.to_reset]
    assert reset is (policy is CutoffPolicy.REBOOK_DELETED)
    assert finding.message == (
        f"{_MEMORIAL_SEEN}with the accounting side as exported (bookings_complete), the plan "
        "takes it for an entry by hand that took the number after invoice B's booking was "
        "deleted, and keeps it"
        + (
            "; it resets invoice B and the synchronisation books it again (if the booking is "
            "invoice B's after all, fill in its reference instead, or it is booked twice)"
            if reset
            else "; invoice B stays without a booking"
        )
    )
    after = simulate_repair(snapshot, plan).bookings or ()
    assert MEMORIAL in after
    assert [b.booking_number for b in after if b.document == BU_B.ref] == ([3] if reset else [])


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_rule_3_8_the_documents_booking_with_its_reference_filled_in_is_booked_once(
    policy: CutoffPolicy,
) -> None:
    # The blocker's other way through: #2 was B's after all, its reference filled in.
    snapshot = _memorial_entry(reference="B")
    plan = plan_repair(snapshot, policy)
    assert plan.feasible
    assert "booking-unlinked" not in rules((*plan.blockers, *plan.warnings))
    assert "B" not in [d.number for d in plan.to_reset]


# -- an export cut off at an end date: one stale document in each journal ------------

INVOICES = [
    Invoice("2026/1", day(1, 5), 1001),
    Invoice("2026/2", day(1, 6), 1002),
    Invoice("2026/3", day(1, 13), 1003),
    Invoice("2026/4", day(1, 15), 1004),
]
CREDIT_NOTES = [CreditNote("K1", day(1, 8), 1), CreditNote("K2", day(1, 16), 2)]


def _exported_up_to(until: date, *, complete: bool = False) -> Snapshot:
    """Both journals booked in full, the bookings exported up to ``until``."""
    documents = [*INVOICES, *CREDIT_NOTES]
    bookings = [
        Booking(APART.journal_for(d.kind), d.booking_number or 0, d.date, reference=d.number)
        for d in documents
        if d.date <= until
    ]
    return Snapshot(APART, documents, bookings=bookings, bookings_complete=complete)


ACROSS = (
    "the bookings after 2026-01-13 (the latest booking of every journal) look missing: "
    "invoice 2026/4 of 2026-01-15 in journal 70 and credit note K2 of 2026-01-16 in "
    "journal 71 have no booking, each after the latest booking of its journal and period: "
    "was the export filtered to a date?"
)
EXPORT_UP_TO_TODAY = (
    "export the bookings up to today (no end date), or say the accounting side is complete "
    "on purpose (bookings_complete=True, --bookings-complete)"
)


def _late(findings: tuple[Any, ...]) -> list[Any]:
    return [finding for finding in findings if finding.rule == "bookings-filtered-to-date"]


def test_rule_3_8_one_stale_document_after_the_end_date_in_each_journal_blocks_a_reset() -> None:
    # redteam F5 (p15): one document per journal after the export's end date,
    # both reset by the plan: counted together, as two in one journal.
    plan = plan_repair(_exported_up_to(day(1, 14)), CutoffPolicy.REBOOK_DELETED)
    assert {d.number for d in plan.to_reset} >= {"2026/4", "K2"}
    (finding,) = _late(plan.blockers)
    assert finding.message == (
        f"{ACROSS} The plan resets them: if their bookings exist, the synchronisation books "
        f"them a second time; {EXPORT_UP_TO_TODAY}"
    )
    assert finding.documents == (INVOICES[3].ref, CREDIT_NOTES[1].ref)
    assert _late(plan.warnings) == []
    assert not plan.feasible


def test_rule_3_8_one_stale_document_after_the_end_date_in_each_journal_warns() -> None:
    plan = plan_repair(_exported_up_to(day(1, 14)), CutoffPolicy.KEEP_DELETED)
    assert plan.kind == "prevent"
    (finding,) = _late(plan.warnings)
    assert finding.message == f"{ACROSS} If so, {EXPORT_UP_TO_TODAY}"
    assert _late(plan.blockers) == []
    assert plan.feasible


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_rule_3_8_one_stale_document_after_the_end_date_in_each_journal_when_complete(
    policy: CutoffPolicy,
) -> None:
    plan = plan_repair(_exported_up_to(day(1, 14), complete=True), policy)
    assert _late(plan.blockers) == []
    (finding,) = _late(plan.warnings)
    assert finding.message == f"{ACROSS} Taken as complete on purpose, so all of them are stale"
    assert plan.feasible


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_rule_3_8_one_stale_document_after_the_latest_booking_of_all_is_no_evidence(
    policy: CutoffPolicy,
) -> None:
    # Exported up to 01-15: only K2 is after every journal's latest booking.
    plan = plan_repair(_exported_up_to(day(1, 15)), policy)
    assert _late((*plan.blockers, *plan.warnings)) == []


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_rule_3_8_a_stale_document_before_another_journals_latest_booking_is_not_counted(
    policy: CutoffPolicy,
) -> None:
    # Each journal's last booking deleted (the usual prevention, §3.9): K2 of
    # 01-09 is after journal 71's latest booking (01-08) but before journal
    # 70's (01-13): no end date cuts both, each journal counts alone.
    credit_notes = [CREDIT_NOTES[0], CreditNote("K2", day(1, 9), 2)]
    documents = [*INVOICES, *credit_notes]
    bookings = [
        Booking(APART.journal_for(d.kind), d.booking_number or 0, d.date, reference=d.number)
        for d in (*INVOICES[:3], credit_notes[0])
    ]
    plan = plan_repair(Snapshot(APART, documents, bookings=bookings), policy)
    assert _late((*plan.blockers, *plan.warnings)) == []


def test_rule_3_8_a_journal_counted_alone_and_another_after_the_same_end_date() -> None:
    # Exported up to 01-13: journal 70 has two stale invoices after its latest
    # booking (its own finding, unchanged), and K2 of 01-16 is after it too.
    invoices = [*INVOICES[:3], Invoice("2026/4", day(1, 14), 1004)]
    documents = [*invoices, Invoice("2026/5", day(1, 15), 1005), *CREDIT_NOTES]
    bookings = [
        Booking(APART.journal_for(d.kind), d.booking_number or 0, d.date, reference=d.number)
        for d in documents
        if d.date <= day(1, 13)
    ]
    plan = plan_repair(Snapshot(APART, documents, bookings=bookings), CutoffPolicy.KEEP_DELETED)
    alone, across = _late(plan.warnings)
    assert alone.message.startswith(
        "the bookings of journal 70 after 2026-01-13 look missing: 2 booked invoices dated "
        "2026-01-14 to 2026-01-15 have no booking"
    )
    assert across.message == (
        "the bookings after 2026-01-13 (the latest booking of every journal) look missing: "
        "credit note K2 of 2026-01-16 in journal 71 has no booking, like the 2 of journal 70 "
        "named above: was the export filtered to a date? If so, "
        f"{EXPORT_UP_TO_TODAY}"
    )
    assert across.documents == (CREDIT_NOTES[1].ref,)


def test_rule_3_8_a_journal_counted_alone_before_the_end_date_adds_nothing_to_count() -> None:
    # Journal 70's two stale invoices follow its latest booking (01-05) but
    # precede journal 71's (01-20): only K3 of 01-25 is after every journal's.
    invoices = [INVOICES[0], Invoice("2026/2", day(1, 6), 1002), Invoice("2026/3", day(1, 7), 1003)]
    credit_notes = [
        CREDIT_NOTES[0],
        CreditNote("K2", day(1, 20), 2),
        CreditNote("K3", day(1, 25), 3),
    ]
    bookings = [
        Booking(APART.journal_for(d.kind), d.booking_number or 0, d.date, reference=d.number)
        for d in (invoices[0], *credit_notes[:2])
    ]
    snapshot = Snapshot(APART, [*invoices, *credit_notes], bookings=bookings)
    plan = plan_repair(snapshot, CutoffPolicy.KEEP_DELETED)
    (alone,) = _late(plan.warnings)
    assert alone.message.startswith("the bookings of journal 70 after 2026-01-05 look missing")
    assert alone.documents == (invoices[1].ref, invoices[2].ref)


def test_rule_3_8_bookings_filtered_to_date_names_the_documents_the_plan_resets() -> None:
    # Advice review F4: bookings (entered 3 days after their invoices) exported
    # up to 2026-01-14; I4's booking was deleted and X received its #1005. Of
    # the three stale invoices after the latest booking, the plan resets X
    # alone (the cutoff is X's date): the blocker names it, not "them".
    dates = [
        dt.date(2025, 12, 1),
        dt.date(2025, 12, 15),
        dt.date(2025, 12, 28),
        *(dt.date(2026, 1, d) for d in (5, 6, 10, 12, 20, 25)),
    ]
    invoices = [Invoice(f"I{i}", day_, 1001 + i) for i, day_ in enumerate(dates)]
    x = Invoice("X", dt.date(2026, 1, 26), 1005)
    entries = [
        Booking("70", d.booking_number or 0, d.date + dt.timedelta(days=3), reference=d.number)
        for d in invoices
        if d.number != "I4"
    ]
    exported = [b for b in entries if b.date <= dt.date(2026, 1, 14)]
    plan = plan_repair(Snapshot(APART, [*invoices, x], bookings=exported))
    assert [d.number for d in plan.to_reset] == ["X"]
    (finding,) = [b for b in plan.blockers if b.rule == "bookings-filtered-to-date"]
    assert "The plan resets invoice X: if their bookings exist" in finding.message

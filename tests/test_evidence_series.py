"""A shared journal's double booking, told from the other kind's own booking by the numbers.

Invoices and credit notes sharing a journal are numbered apart (§3.8), in a
rising series per kind and department: an entry naming invoice 2026 / 3,
booked too, may be credit note 2026 / 3's own booking, its credit note left
out of the export. It may be only when 2026 / 3 can be a credit note number
not read: none read at all; or among the credit notes read of its shape
(``2026 / #``), below the lowest (which is not number 1), in a hole of the
series (redteam2 N3), or above the highest while the entry is dated after
the latest. Otherwise the credit notes read rule it out, and the entry is
§3.10's double booking (falsealarm F3, case DM2).
"""

from __future__ import annotations

from datetime import date

from booking_reconcile import (
    Booking,
    CreditNote,
    Document,
    Integration,
    Invoice,
    RepairPlan,
    Snapshot,
    plan_repair,
)

SHARED = Integration("70", "70")


def _rules(plan: RepairPlan) -> list[str]:
    return [finding.rule for finding in (*plan.blockers, *plan.warnings)]


def _blockers(plan: RepairPlan) -> list[str]:
    return [finding.message for finding in plan.blockers if finding.rule == "documents-missing"]


def _doubled(plan: RepairPlan) -> list[int]:
    return [double.duplicate.booking_number for double in plan.double_bookings]


def _booked(*documents: Document) -> list[Booking]:
    return [
        Booking("70", d.booking_number, d.date, reference=d.number)
        for d in documents
        if d.booking_number is not None
    ]


# DM2 (falsealarm F3): invoice 2026/3 entered again by hand on 01-20; the
# year's only credit notes, 2026/1 and 2026/2, come in March.
DM2_INVOICES = [
    Invoice("2026/1", date(2026, 1, 5), 1),
    Invoice("2026/2", date(2026, 1, 8), 2),
    Invoice("2026/3", date(2026, 1, 9), 3),
]
DM2_CREDIT_NOTES = [
    CreditNote("2026/1", date(2026, 3, 1), 5),
    CreditNote("2026/2", date(2026, 3, 4), 6),
]


def _dm2(entry: date = date(2026, 1, 20)) -> Snapshot:
    documents = [*DM2_INVOICES, *DM2_CREDIT_NOTES]
    bookings = [*_booked(*documents), Booking("70", 4, entry, reference="2026/3")]
    return Snapshot(SHARED, documents, bookings=bookings)


def test_rule_3_8_a_double_booking_above_a_series_read_from_1_is_3_10s() -> None:
    # The credit notes read start at 2026/1 (nothing left out below them,
    # though the entry is dated before them); credit note 2026/3 would be
    # numbered after 2026/2, so dated on or after 03-04: an entry of 01-20 is
    # not its booking.
    plan = plan_repair(_dm2())
    assert "documents-missing" not in _rules(plan)
    assert _doubled(plan) == [4]
    assert plan.feasible


def test_rule_3_8_a_double_booking_above_the_series_on_the_latest_date_is_3_10s() -> None:
    # Dated on the latest credit note read (03-04): an export up to that date
    # holds the credit notes of that day.
    plan = plan_repair(_dm2(date(2026, 3, 4)))
    assert "documents-missing" not in _rules(plan)
    assert plan.feasible


def test_rule_3_8_a_double_booking_above_the_series_after_the_latest_blocks() -> None:
    # Dated after the latest credit note read: credit note 2026/3 may come
    # after it, left out of an export up to a date.
    plan = plan_repair(_dm2(date(2026, 3, 9)))
    (message,) = _blockers(plan)
    assert (
        "and no credit note 2026/3 was read, while the credit notes read end at 2026/2, the "
        "latest dated 2026-03-04 (an export up to a date?): it may be credit note 2026/3's own "
        "booking, and then the plan deletes a credit note from the books; export the credit "
        "notes up to 2026-03-09, or say the documents are complete on purpose"
    ) in message
    assert not plan.feasible


def test_rule_3_8_a_double_booking_far_above_the_series_with_no_bookings_between_is_3_10s() -> None:
    # Invoice 2026/9 entered again on 03-09: credit note 2026/9 would come
    # after 2026/3 .. 2026/8, none read, each with a booking of its own after
    # 03-04; the journal holds none (only the entry itself): no such series.
    invoices = [*DM2_INVOICES, Invoice("2026/9", date(2026, 3, 5), 7)]
    documents = [*invoices, *DM2_CREDIT_NOTES]
    bookings = [*_booked(*documents), Booking("70", 8, date(2026, 3, 9), reference="2026/9")]
    plan = plan_repair(Snapshot(SHARED, documents, bookings=bookings))
    assert _doubled(plan) == [8]
    assert "documents-missing" not in _rules(plan)


# N3 (redteam2): credit note 2026 / 2 missing from the middle of its overview.
N3_INVOICES = [
    Invoice("2026 / 1", date(2026, 1, 5), 1002),
    Invoice("2026 / 2", date(2026, 1, 6), 1003),
]
N3_CREDIT_NOTES = [
    CreditNote("2026 / 1", date(2026, 1, 4), 1001),
    CreditNote("2026 / 2", date(2026, 1, 8), 1004),  # left out of the overview
    CreditNote("2026 / 3", date(2026, 1, 20), 1005),
]


def _n3(credit_notes: list[CreditNote]) -> Snapshot:
    return Snapshot(
        SHARED,
        [*N3_INVOICES, *credit_notes],
        bookings=_booked(*N3_INVOICES, *N3_CREDIT_NOTES),
    )


def test_rule_3_8_the_whole_overview_links_the_credit_notes_booking() -> None:
    plan = plan_repair(_n3(N3_CREDIT_NOTES))
    assert plan.double_bookings == ()
    assert "documents-missing" not in _rules(plan)


def test_rule_3_8_a_double_booking_in_a_hole_of_the_other_kinds_series_blocks() -> None:
    plan = plan_repair(_n3([N3_CREDIT_NOTES[0], N3_CREDIT_NOTES[2]]))
    assert _blockers(plan) == [
        "booking #1004 in journal 70 of 2026-01-08 has the reference '2026 / 2' of invoice "
        "2026 / 2, which is booked as #1003, so the plan takes it for a double booking entered "
        "by hand and deletes it (§3.10); but journal 70 books invoices and credit notes, which "
        "the invoicing tool numbers apart, and no credit note 2026 / 2 was read, while credit "
        "notes 2026 / 1 and 2026 / 3 were (an overview filtered by status or customer?): it may "
        "be credit note 2026 / 2's own booking, and then the plan deletes a credit note from the "
        "books; export every credit note (no filter on status or customer), or say the "
        "documents are complete on purpose (documents_complete=True, --documents-complete), "
        "which keeps it as invoice 2026 / 2's double booking"
    ]
    assert not plan.feasible


def test_rule_3_8_a_double_booking_of_last_years_series_is_3_10s() -> None:
    # Last year's invoice 2025 / 7 entered again by hand: the credit notes
    # read are of the series 2026 / #, which starts at 1; 2025 / 7 is of another.
    late = Invoice("2025 / 7", date(2025, 12, 20), 999)
    snapshot = Snapshot(
        SHARED,
        [late, *N3_INVOICES, *N3_CREDIT_NOTES],
        bookings=[
            *_booked(late, *N3_INVOICES, *N3_CREDIT_NOTES),
            Booking("70", 1006, date(2026, 1, 21), reference="2025 / 7"),
        ],
    )
    plan = plan_repair(snapshot)
    assert _doubled(plan) == [1006]
    assert "documents-missing" not in _rules(plan)


def test_rule_3_8_a_double_booking_of_another_shape_than_the_other_kinds_is_3_10s() -> None:
    # The credit notes are numbered "K 2026 / #": invoice 2026 / 2's number,
    # in a hole of their digits, is no credit note's.
    credit_notes = [
        CreditNote("K 2026 / 1", date(2026, 1, 4), 1001),
        CreditNote("K 2026 / 3", date(2026, 1, 20), 1005),
    ]
    bookings = [
        *_booked(*N3_INVOICES, *credit_notes),
        Booking("70", 1004, date(2026, 1, 8), reference="2026 / 2"),
    ]
    plan = plan_repair(Snapshot(SHARED, [*N3_INVOICES, *credit_notes], bookings=bookings))
    assert _doubled(plan) == [1004]
    assert "documents-missing" not in _rules(plan)
    assert plan.feasible


# N7 (redteam2): an administration that never issued a credit note.
def test_rule_3_8_a_double_booking_with_no_other_kind_read_says_to_say_there_are_none() -> None:
    invoices = [
        Invoice("2026 / 1", date(2026, 1, 5), 1001),
        Invoice("2026 / 3", date(2026, 1, 13), 1002),
    ]
    bookings = [*_booked(*invoices), Booking("70", 1003, date(2026, 1, 8), reference="2026 / 1")]
    plan = plan_repair(Snapshot(SHARED, invoices, bookings=bookings))
    (message,) = _blockers(plan)
    assert message.endswith(
        "and no credit note was read: it may be credit note 2026 / 1's own booking, and then "
        "the plan deletes a credit note from the books; export the credit notes, or, if there "
        "are none, say the documents are complete (documents_complete=True, "
        "--documents-complete), which keeps it as invoice 2026 / 1's double booking"
    )
    assert not plan.feasible

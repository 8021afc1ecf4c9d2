"""Tests that kill the survivors of the ninth session's new evidence rules (docs/mutation.md).

The lead's run by name of ``evidence_runs`` (a run apart: another
administration's bookings), ``evidence_kinds`` (``unread_number``, ``_series``
and a shared journal's missing kind), ``evidence`` (bookings entered after a
stale document, references naming another journal's document) and
``evidence_rules._find_late`` left survivors. Each test here builds the input
that tells one or more of them from the code and pins the behaviour; the
survivors called equivalent are listed with the reason in docs/mutation.md
("The ninth session").
"""

from __future__ import annotations

import datetime as dt

from booking_reconcile import (
    Booking,
    CreditNote,
    Document,
    Integration,
    Invoice,
    Journal,
    Numbering,
    RepairPlan,
    Snapshot,
    plan_repair,
)
from booking_reconcile.evidence import entered_after_the_document, references_naming_another_journal
from booking_reconcile.evidence_kinds import Unread, missing_kinds, unread_number

TWO = Integration("70", "71")
SHARED = Integration("70", "70")


def day(month: int, number: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, number)


def _findings(plan: RepairPlan, rule: str) -> list[str]:
    return [f.message for f in (*plan.blockers, *plan.warnings) if f.rule == rule]


# -- unread_number and its series ------------------------------------------------------


def _invoices(*numbers: str) -> list[Invoice]:
    return [Invoice(number, day(3, 1 + n)) for n, number in enumerate(numbers)]


def test_unread_number_reads_a_hole_in_a_series_of_one_digit_run() -> None:
    # "3" (one run of digits, no text around it) is a hole between "1" and "5".
    low, high = _invoices("1", "5")
    assert unread_number("3", day(3, 9), [low, high], unlinked=()) == Unread(low, high)


def test_unread_number_keeps_the_text_before_the_last_digits_in_the_series() -> None:
    # A3 is not of the series B#: the text before the digits tells the series apart.
    assert unread_number("A3", day(3, 9), _invoices("B1", "B5"), unlinked=()) is None


def test_unread_number_below_the_lowest_reads_number_zero() -> None:
    # 0 lies below 2 (the lowest read, which is not number 1): a document not read.
    two, five = _invoices("2", "5")
    assert unread_number("0", day(3, 9), [two, five], unlinked=()) == Unread(above=two)


def test_unread_number_below_a_series_starting_at_one_is_none() -> None:
    # Below number 1 nothing was handed out: 0 is not the kind's document.
    assert unread_number("0", day(3, 9), _invoices("1", "5"), unlinked=()) is None


def test_unread_number_sorts_two_documents_of_one_place_in_the_series() -> None:
    # "1" and "01" are one place of the series: sorted by it, never by the documents.
    low, same, high = _invoices("1", "01", "5")
    assert unread_number("3", day(3, 9), [low, same, high], unlinked=()) is not None


def test_unread_number_above_the_highest_counts_each_unexplained_booking_once() -> None:
    # 5 lies two above 3 (the highest, dated 3 March): 4 and 5 would need two bookings
    # no document explains after 3 March, and there is one.
    one, three = _invoices("1", "3")
    assert unread_number("5", day(3, 9), [one, three], unlinked=[day(3, 9)]) is None


def test_unread_number_above_the_highest_is_below_the_highest_read() -> None:
    # Of three read, the nearest below 4 is 3 (the last), and 4 lies one above it.
    one, two, three = _invoices("1", "2", "3")
    found = unread_number("4", day(3, 9), [one, two, three], unlinked=[day(3, 9)])
    assert found == Unread(three, latest=three.date)


# -- a shared journal's missing kind ---------------------------------------------------


def test_missing_kind_in_a_shared_journal_counts_stale_names_and_double_bookings() -> None:
    # Invoices only read in a journal shared with credit notes: #3 names invoice 3 (booked
    # under #9, no booking of its own), #4 and #5 name invoices 1 and 2 (booked too): all
    # three look like credit notes' bookings.
    a, b = Invoice("1", day(1, 5), 1), Invoice("2", day(1, 6), 2)
    c = Invoice("3", day(1, 7), 9)
    bookings = [
        Booking("70", 1, a.date, reference="1"),
        Booking("70", 2, b.date, reference="2"),
        Booking("70", 3, day(1, 8), reference="3"),
        Booking("70", 4, day(1, 9), reference="1"),
        Booking("70", 5, day(1, 10), reference="2"),
    ]
    (missing,) = missing_kinds(Snapshot(SHARED, [a, b, c], bookings=bookings))
    assert (missing.referenced, missing.doubles) == (3, 2)
    assert missing.naming == bookings[2]


# -- bookings entered after a stale document -------------------------------------------


PER_YEAR = [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")]


def test_entered_after_the_document_leaves_a_document_paired_by_number() -> None:
    # Invoice 1 (#5, 1 March 2026) is paired by number and date with #5 of 2025's numbers;
    # #5 of 2026, entered later, is not its booking too.
    stale = Invoice("1", day(3, 1), 5)
    paired = Booking("70", 5, day(3, 1), financial_year=2025)
    later = Booking("70", 5, day(3, 10))
    snapshot = Snapshot(TWO, [stale], PER_YEAR, bookings=[paired, later])
    assert entered_after_the_document(snapshot) == ()


def test_entered_after_the_document_pairs_a_booking_of_the_documents_own_date() -> None:
    # Invoices 1 and 2 both carry #5 of 1 March; #5 of 2025's numbers (that date) takes
    # invoice 1 by number and date, and #5 of 2026 of that same date is invoice 2's.
    one, two = Invoice("1", day(3, 1), 5), Invoice("2", day(3, 1), 5)
    paired = Booking("70", 5, day(3, 1), financial_year=2025)
    same_day = Booking("70", 5, day(3, 1))
    snapshot = Snapshot(TWO, [one, two], PER_YEAR, bookings=[paired, same_day])
    assert entered_after_the_document(snapshot) == ((same_day, two),)


def test_entered_after_the_document_reads_past_a_document_without_a_number() -> None:
    # A document the invoicing tool did not book comes first; invoice 2 (#5) still finds
    # #5, entered after it without a reference.
    unbooked, stale = Invoice("1", day(3, 1)), Invoice("2", day(3, 2), 5)
    entry = Booking("70", 5, day(3, 9))
    snapshot = Snapshot(TWO, [unbooked, stale], bookings=[entry])
    assert entered_after_the_document(snapshot) == ((entry, stale),)


def test_entered_after_the_document_orders_one_number_by_the_bookings_date() -> None:
    # #5 of 2025 (entered 10 March 2026) and #5 of 2026 (1 February 2026): by the
    # bookings' dates, 2026's first, though its document is the later one.
    old, new = Invoice("1", day(6, 1, 2025), 5), Invoice("2", day(1, 15), 5)
    late_entry = Booking("70", 5, day(3, 10), financial_year=2025)
    entry = Booking("70", 5, day(2, 1))
    snapshot = Snapshot(TWO, [old, new], PER_YEAR, bookings=[late_entry, entry])
    assert entered_after_the_document(snapshot) == ((entry, new), (late_entry, old))


# -- a reference naming another journal's document -------------------------------------


def test_reference_naming_another_journal_takes_the_document_of_the_bookings_date() -> None:
    # Invoice B1 (5 January) and credit note B1 (7 January) are both read; the booking in
    # journal 72 of 7 January is the credit note's.
    invoice, note = Invoice("B1", day(1, 5), 3), CreditNote("B1", day(1, 7), 4)
    booking = Booking("72", 3, note.date, reference="b1")
    snapshot = Snapshot(TWO, [invoice, note], bookings=[booking])
    ((found, _, document),) = references_naming_another_journal(snapshot)
    assert (found, document) == (booking, note)


# -- another administration's run of numbers -------------------------------------------


def _run_apart(
    journal: str = "70", *, kind: type[Invoice] | type[CreditNote] = Invoice
) -> tuple[list[Document], list[Booking]]:
    """Documents 1 and 2 booked #1 and #2, and doubled as #2001 and #2002: a run apart."""
    a, b = kind("1", day(1, 5), 1), kind("2", day(1, 6), 2)
    bookings = [
        Booking(journal, 1, a.date, reference="1"),
        Booking(journal, 2, b.date, reference="2"),
        Booking(journal, 2001, a.date, reference="1"),
        Booking(journal, 2002, b.date, reference="2"),
    ]
    return [a, b], bookings


def test_another_administration_says_them_when_every_entry_is_a_double_booking() -> None:
    documents, bookings = _run_apart()
    (message,) = _findings(
        plan_repair(Snapshot(TWO, documents, bookings=bookings)), "another-administration"
    )
    assert "the plan would delete them as double bookings" in message


def test_another_administration_ruled_out_names_the_documents() -> None:
    documents, bookings = _run_apart()
    plan = plan_repair(Snapshot(TWO, documents, bookings=bookings, bookings_complete=True))
    (warning,) = [w for w in plan.warnings if w.rule == "another-administration"]
    assert warning.documents == tuple(document.ref for document in documents)


def test_another_administration_reads_only_the_places_own_booked_documents() -> None:
    # Credit note 9, booked #3000 in journal 71, says nothing of journal 70's numbers.
    documents, bookings = _run_apart()
    note = CreditNote("9", day(1, 7), 3000)
    snapshot = Snapshot(
        TWO, [*documents, note], bookings=[*bookings, Booking("71", 3000, note.date)]
    )
    assert len(_findings(plan_repair(snapshot), "another-administration")) == 1


def test_another_administration_is_no_run_where_an_entry_names_a_document_without_number() -> None:
    # #2003 names invoice 3, which carries no booking number (#3 books it by reference):
    # not a document booked below the gap, so the entries above it are not all a run apart.
    documents, bookings = _run_apart()
    c = Invoice("3", day(1, 7))
    extra = [Booking("70", 3, c.date, reference="3"), Booking("70", 2003, c.date, reference="3")]
    snapshot = Snapshot(TWO, [*documents, c], bookings=[*bookings, *extra])
    assert _findings(plan_repair(snapshot), "another-administration") == []


def test_another_administration_lists_places_in_the_journals_natural_order() -> None:
    # Journals 9 and 10 each hold a run apart: journal 9 first (naturally, 9 < 10).
    invoices, invoice_bookings = _run_apart("9")
    notes, note_bookings = _run_apart("10", kind=CreditNote)
    snapshot = Snapshot(
        Integration("9", "10"), [*invoices, *notes], bookings=[*invoice_bookings, *note_bookings]
    )
    found = _findings(plan_repair(snapshot), "another-administration")
    assert [message.split(":")[0] for message in found] == ["journal 9", "journal 10"]


# -- stale documents after the end of the export ---------------------------------------


def test_bookings_filtered_to_date_counts_only_documents_after_the_end() -> None:
    # Journal 70 ends on 10 March (every journal's latest); journal 71's on 1 February.
    # Credit note 1 of 10 March is after its journal's latest booking but not after the
    # end: with invoice 5 alone after it, that is one document, no evidence.
    bookings = [
        Booking("70", 1, day(3, 10), reference="0"),
        Booking("71", 1, day(2, 1), reference="0"),
    ]
    documents = [
        Invoice("0", day(3, 10), 1),
        CreditNote("0", day(2, 1), 1),
        Invoice("5", day(3, 11), 2),
        CreditNote("1", day(3, 10), 2),
    ]
    plan = plan_repair(Snapshot(TWO, documents, bookings=bookings))
    assert [f for f in (*plan.blockers, *plan.warnings) if "filtered-to-date" in f.rule] == []


def test_bookings_filtered_to_date_counts_a_places_late_documents_after_the_end_only() -> None:
    # Journal 71's two late credit notes fall on the end (10 March), not after it: invoice 5,
    # alone after the end, is one document and no evidence of its own.
    bookings = [
        Booking("70", 1, day(3, 10), reference="0"),
        Booking("71", 1, day(2, 1), reference="0"),
    ]
    documents = [
        Invoice("0", day(3, 10), 1),
        CreditNote("0", day(2, 1), 1),
        Invoice("5", day(3, 11), 2),
        CreditNote("1", day(3, 10), 2),
        CreditNote("2", day(3, 10), 3),
    ]
    plan = plan_repair(Snapshot(TWO, documents, bookings=bookings))
    found = [f for f in (*plan.blockers, *plan.warnings) if "filtered-to-date" in f.rule]
    assert len(found) == 1
    assert "journal 71" in found[0].message
    assert "invoice 5" not in found[0].message.casefold()


def test_another_administration_reads_a_place_without_booked_documents_of_its_own() -> None:
    # Invoices 1 and 2 of December 2025 are booked in 2025's numbers and doubled in 2026's:
    # 2026 holds two double bookings and no document booked there; no run apart.
    a, b = Invoice("1", day(12, 5, 2025), 1), Invoice("2", day(12, 6, 2025), 2)
    bookings = [
        Booking("70", 1, a.date, reference="1"),
        Booking("70", 2, b.date, reference="2"),
        Booking("70", 1, day(1, 10), reference="1"),
        Booking("70", 2, day(1, 11), reference="2"),
    ]
    plan = plan_repair(Snapshot(TWO, [a, b], PER_YEAR, bookings=bookings))
    assert len(_findings(plan, "double-booking")) == 2
    assert _findings(plan, "another-administration") == []

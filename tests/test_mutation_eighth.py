"""Behaviour the rule tests did not pin, found by mutation testing (docs/mutation.md).

The eighth session's new rules run by name: ``per-year-numbering-assumed``
(``_per_year_cautions``) in the natural order of journals, and the period a
journal's one configured number describes when the documents fall in
financial years 0 and 1 (the first months of the year 1, §5).
"""

from __future__ import annotations

import datetime as dt

import attrs

from booking_reconcile import (
    Booking,
    CreditNote,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    plan_repair,
    verify_plan,
)

RULE = "per-year-numbering-assumed"
#: Worked example A's documents (DOMAIN §4): B's booking deleted, C holds #1002.
EXAMPLE_A = (
    Invoice("A", dt.date(2026, 1, 5), 1001),
    Invoice("B", dt.date(2026, 1, 6), 1002),
    Invoice("C", dt.date(2026, 1, 10), 1002),
    Invoice("D", dt.date(2026, 1, 12), 1003),
)


def test_rule_3_5_per_year_cautions_come_in_the_natural_order_of_journals() -> None:
    # Journals 9 (invoices) and 10 (credit notes), each per financial year:
    # a repair in 2025, and a document sent into 2026. Journal 9 before 10.
    def day(month: int, number: int, year: int = 2025) -> dt.date:
        return dt.date(year, month, number)

    i1, i2, i3 = (
        Invoice("2025/1", day(12, 1), 1),
        Invoice("2025/2", day(12, 2), 2),
        Invoice("2025/3", day(12, 5), 2),
    )
    c1, c2, c3 = (
        CreditNote("C1", day(12, 1), 1),
        CreditNote("C2", day(12, 2), 2),
        CreditNote("C3", day(12, 5), 2),
    )
    later = [Invoice("2026/1", day(1, 3, 2026)), CreditNote("C4", day(1, 3, 2026))]
    snapshot = Snapshot(
        Integration("9", "10"),
        [i1, i2, i3, c1, c2, c3, *later],
        [Journal("9", Numbering.PER_FINANCIAL_YEAR), Journal("10", Numbering.PER_FINANCIAL_YEAR)],
        bookings=[
            Booking("9", 1, i1.date, i1.ref),
            Booking("9", 2, i3.date, i3.ref),
            Booking("10", 1, c1.date, c1.ref),
            Booking("10", 2, c3.date, c3.ref),
        ],
    )
    plan = plan_repair(snapshot)
    warned = [warning.message.split(":")[0] for warning in plan.warnings if warning.rule == RULE]
    assert warned == ["journal 9, financial year 2026", "journal 10, financial year 2026"]


def test_rule_5_the_configured_number_is_read_as_financial_year_1_not_0() -> None:
    # Financial years start in April: January 0001 is financial year 0, May
    # 0001 financial year 1. A repair in year 0 sets its number; the document
    # of year 1 is the latest the sync sends into, which the known configured
    # number (50) describes.
    def day(month: int, number: int) -> dt.date:
        return dt.date(1, month, number)

    a, b, c = Invoice("A", day(1, 2), 1), Invoice("B", day(1, 3), 2), Invoice("C", day(1, 5), 2)
    later = Invoice("D", day(5, 1))
    snapshot = Snapshot(
        Integration("70", "71", financial_year_start_month=4),
        [a, b, c, later],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=50), Journal("71")],
        bookings=[Booking("70", 1, a.date, a.ref), Booking("70", 2, c.date, c.ref)],
    )
    plan = plan_repair(snapshot)
    (warning,) = [warning for warning in plan.warnings if warning.rule == RULE]
    assert (
        "journal 70's configured next booking number, 50, is read as financial year 1's, the "
        "latest the synchronisation sends into."
    ) in warning.message


def test_rule_3_8_invoices_left_out_of_a_shared_journal_look_missing_in_words() -> None:
    # Only credit notes read in journal 70, which books both kinds; booking #1
    # names credit note K1 (which carries #2 and has no booking) under another number.
    k1, k2 = CreditNote("K1", dt.date(2026, 1, 5), 2), CreditNote("K2", dt.date(2026, 1, 6), 3)
    bookings = [
        Booking("70", 1, k1.date, reference="K1"),
        Booking("70", 3, k2.date, k2.ref),
    ]
    plan = plan_repair(Snapshot(Integration("70", "70"), [k1, k2], bookings=bookings))
    assert [(w.rule, w.message) for w in plan.warnings if w.rule == "documents-missing"] == [
        (
            "documents-missing",
            "the invoices look missing: journal 70 books invoices and credit notes, no invoice "
            "was read, and 1 booking names a credit note under another number or date "
            "(booking #1 in journal 70 of 2026-01-05 with the reference 'K1'): the invoice of "
            "that number? Its booking would be taken for another document's; export the "
            "invoices too, or say the documents are complete on purpose "
            "(documents_complete=True, --documents-complete)",
        )
    ]


def test_rule_3_10_a_double_booking_of_a_reset_document_is_not_booked_by_hand_twice() -> None:
    # Worked example A with C (reset) also entered by hand as #1005: a double
    # booking the plan deletes, not an entry that books C a second time.
    a, b, c, d = EXAMPLE_A
    bookings = [
        Booking("70", 1001, a.date, a.ref),
        Booking("70", 1002, c.date, c.ref),
        Booking("70", 1003, d.date, d.ref),
        Booking("70", 1005, dt.date(2026, 1, 14), reference="C"),
    ]
    snapshot = Snapshot(Integration("70", "71"), [a, b, c, d], bookings=bookings)
    plan = plan_repair(snapshot)
    assert [double.duplicate.booking_number for double in plan.double_bookings] == [1005]
    assert "booking-of-reset-document" not in [blocker.rule for blocker in plan.blockers]
    assert verify_plan(snapshot, plan) == ()


def test_rule_3_8_a_reference_naming_nothing_after_one_naming_a_reset_document_is_said() -> None:
    # #1004 names the stale D, which the plan resets (its own blocker);
    # #1005, later, names no document read: still the reference blocker's.
    a, b, c, d = EXAMPLE_A
    bookings = [
        Booking("70", 1001, a.date, a.ref),
        Booking("70", 1002, c.date, c.ref),
        Booking("70", 1004, dt.date(2026, 1, 14), reference="D"),
        Booking("70", 1005, dt.date(2026, 1, 15), reference="Z"),
    ]
    plan = plan_repair(Snapshot(Integration("70", "71"), [a, b, c, d], bookings=bookings))
    assert [(blocker.rule, blocker.documents) for blocker in plan.blockers] == [
        ("booking-of-reset-document", (d.ref,)),
        ("reference-names-no-document", ()),
    ]
    assert "booking #1005 in journal 70 of 2026-01-15" in plan.blockers[1].message


def _shared(documents: list[Invoice | CreditNote], bookings: list[Booking]) -> Snapshot:
    return Snapshot(Integration("70", "70"), documents, bookings=bookings)


def test_rule_3_8_two_double_bookings_in_a_shared_journal_are_enough_to_block() -> None:
    # DOUBLES_OF_ANOTHER_KIND is 2: two invoices' bookings read as double bookings
    # of the credit notes of their numbers block the plan that would delete them.
    notes = [CreditNote(f"2026/{n}", dt.date(2026, 1, n), 1000 + 2 * n) for n in (1, 2)]
    bookings = [
        *(Booking("70", 1000 + 2 * n, dt.date(2026, 1, n), reference=f"2026/{n}") for n in (1, 2)),
        *(Booking("70", 999 + 2 * n, dt.date(2026, 1, n), reference=f"2026/{n}") for n in (1, 2)),
    ]
    plan = plan_repair(_shared(notes, bookings))
    assert [blocker.rule for blocker in plan.blockers] == ["documents-missing"]


def test_rule_3_8_a_reference_in_another_journal_does_not_end_the_shared_journals_count() -> None:
    # Invoice X booked in journal 80 (its own journal) is named first, by an
    # entry there; invoice Y of the shared journal 70 after it: Y's is counted.
    x = Invoice("X", dt.date(2026, 1, 2), 5, journal="80")
    y = Invoice("Y", dt.date(2026, 1, 3), 7)
    bookings = [
        Booking("80", 6, dt.date(2026, 1, 2), reference="X"),
        Booking("70", 8, dt.date(2026, 1, 3), reference="Y"),
    ]
    plan = plan_repair(_shared([x, y], bookings))
    (warning,) = [w for w in plan.warnings if w.rule == "documents-missing"]
    assert "1 booking names an invoice under another number or date (booking #8 in journal 70" in (
        warning.message
    )


def test_rule_3_8_a_shared_journals_plan_deleting_a_booking_of_another_date_is_blocked() -> None:
    # Review9 F6: credit notes 7 and 8 left out; their bookings (#1003, #1004,
    # of 01-12 and 01-13) link by reference to invoices 7 and 8 of 01-08 and
    # 01-09, which the plan's cutoff (01-07) resets: it would delete them.
    documents = [
        Invoice("5", dt.date(2026, 1, 5), 1001),
        Invoice("6", dt.date(2026, 1, 6), 1002),
        Invoice("6b", dt.date(2026, 1, 7), 1002),
        Invoice("7", dt.date(2026, 1, 8), 1003),
        Invoice("8", dt.date(2026, 1, 9), 1004),
    ]
    bookings = [
        Booking("70", 1001, dt.date(2026, 1, 5), reference="5"),
        Booking("70", 1002, dt.date(2026, 1, 7), reference="6b"),
        Booking("70", 1003, dt.date(2026, 1, 12), reference="7"),
        Booking("70", 1004, dt.date(2026, 1, 13), reference="8"),
    ]
    plan = plan_repair(_shared(documents, bookings))
    assert {document.number for document in plan.to_delete} >= {"7", "8"}
    assert "documents-missing" in [blocker.rule for blocker in plan.blockers]
    assert not plan.feasible
    complete = attrs.evolve(_shared(documents, bookings), documents_complete=True)
    assert "documents-missing" not in [b.rule for b in plan_repair(complete).blockers]


def test_rule_3_8_bookings_linked_by_number_and_date_are_no_double_bookings_of_another_kind() -> (
    None
):
    # Review9 F2: two mistyped references, linked by number and date with
    # link_by_number: their documents' own bookings, not double bookings.
    documents = [Invoice(str(n), dt.date(2026, 1, 4 + n), 1000 + n) for n in (1, 2, 3, 4)]
    bookings = [
        Booking("70", 1001, dt.date(2026, 1, 5), reference="1"),
        Booking("70", 1002, dt.date(2026, 1, 6), reference="1"),
        Booking("70", 1003, dt.date(2026, 1, 7), reference="3"),
        Booking("70", 1004, dt.date(2026, 1, 8), reference="3"),
    ]
    snapshot = Snapshot(Integration("70", "70"), documents, bookings=bookings, link_by_number=True)
    plan = plan_repair(snapshot)
    assert plan.double_bookings == ()
    assert "documents-missing" not in [blocker.rule for blocker in plan.blockers]


def test_rule_3_4_a_stale_document_entered_again_by_hand_is_not_said_to_stay_out() -> None:
    # Review9 F4: B's booking deleted and B entered again by hand (#1004); the
    # keep-deleted plan keeps B: its warning says the entry names it.
    a, b, c, d = EXAMPLE_A
    bookings = [
        Booking("70", 1001, a.date, a.ref),
        Booking("70", 1002, c.date, c.ref),
        Booking("70", 1003, d.date, d.ref),
        Booking("70", 1004, dt.date(2026, 1, 13), reference="B"),
    ]
    plan = plan_repair(
        Snapshot(Integration("70", "71"), [a, b, c, d], bookings=bookings, documents_complete=True)
    )
    (warning,) = [w for w in plan.warnings if w.rule == "stale-document-kept"]
    assert warning.message == (
        "invoice B keeps booking number 1002 in journal 70, but its booking no longer exists in "
        "the accounting package; booking #1004 in journal 70 of 2026-01-13 names it by its "
        "reference 'B': if that is the document entered again by hand, it is in the accounting "
        "package under that number (the rebook-deleted policy would book it twice)"
    )


def test_rule_3_4_the_stale_warning_of_an_entry_by_hand_names_its_document_and_goes_on() -> None:
    # B entered again by hand (#1010), then B2 (01-07, #1005) stale without any
    # booking: both warned (B's first, its number lower), B's naming B.
    a, b, c, d = EXAMPLE_A
    b2 = Invoice("B2", dt.date(2026, 1, 7), 1005)
    bookings = [
        Booking("70", 1001, a.date, a.ref),
        Booking("70", 1002, c.date, c.ref),
        Booking("70", 1003, d.date, d.ref),
        Booking("70", 1010, dt.date(2026, 1, 13), reference="B"),
    ]
    plan = plan_repair(
        Snapshot(
            Integration("70", "71"), [a, b, b2, c, d], bookings=bookings, documents_complete=True
        )
    )
    warned = [w for w in plan.warnings if w.rule == "stale-document-kept"]
    assert [w.documents for w in warned] == [(b.ref,), (b2.ref,)]
    assert warned[1].message.endswith(
        "it stays out of the accounting package (the rebook-deleted policy books it again)"
    )


def test_rule_3_4_an_entry_by_hand_of_a_stale_document_in_a_closed_year_says_no_policy() -> None:
    # Journal 70 per financial year, 2025 closed to its last day: B (2025)
    # stale, entered again by hand; nothing can be booked there again, so no
    # policy books it twice.
    a = Invoice("2025/1", dt.date(2025, 12, 1), 1)
    b = Invoice("2025/2", dt.date(2025, 12, 2), 2)
    snapshot = Snapshot(
        Integration("70", "71"),
        [a, b],
        [
            Journal("70", Numbering.PER_FINANCIAL_YEAR, locked_until=dt.date(2025, 12, 31)),
            Journal("71"),
        ],
        bookings=[
            Booking("70", 1, a.date, a.ref),
            Booking("70", 3, dt.date(2025, 12, 3), reference="2025/2"),
        ],
        documents_complete=True,
    )
    (warning,) = [w for w in plan_repair(snapshot).warnings if w.rule == "stale-document-kept"]
    assert warning.message.endswith(
        "if that is the document entered again by hand, it is in the accounting package under "
        "that number"
    )

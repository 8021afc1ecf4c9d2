"""The evidence findings and the linking refusals of DOMAIN §3.8, word for word.

A person acts on these sentences before deleting a booking, so each is
pinned whole: which rule, blocker or warning, the message and the documents
it names. (The rules' other tests say when each fires; these say what it
says.) The snapshots are small stories of their own, one per rule.
"""

from __future__ import annotations

from datetime import date

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    InconsistentInputError,
    Integration,
    Invoice,
    Journal,
    Numbering,
    RepairPlan,
    Snapshot,
    plan_repair,
)

INTEGRATION = Integration("70", "71")
A = Invoice("2026/1", date(2026, 1, 5), 1001)
B = Invoice("2026/2", date(2026, 1, 6), 1002)
EXPORT_THE_REFERENCE = (
    "it is almost certainly that document's booking with its reference missing or written "
    'differently; export the reference column (Exact Online\'s "Your ref.") as the invoicing '
    "tool wrote it, or accept links by number and date (link_by_number=True, --link-by-number)"
)
NO_BOOKING_NAMES_A_DOCUMENT = (
    "no booking names a document (2 bookings, none linked): is the reference column missing "
    "or written differently? Export the bookings with the reference the invoicing tool wrote "
    '(Exact Online\'s "Your ref.")'
)
OR_BOOKINGS_COMPLETE = (
    "or say the accounting side is complete on purpose (bookings_complete=True, "
    "--bookings-complete)"
)


def _evidence(plan: RepairPlan) -> list[tuple[str, str, str, tuple[DocumentRef, ...]]]:
    """The plan's findings other than the plan's own rules: (blocker/warning, rule, message, documents)."""
    # (stale-document-rebooked is the plan's own too: findings.py, beside stale-document-kept.)
    own = {
        "stale-document-kept",
        "stale-document-rebooked",
        "manual-booking-kept",
        "bookings-unknown",
    }
    return [
        (kind, finding.rule, finding.message, finding.documents)
        for kind, findings in (("blocker", plan.blockers), ("warning", plan.warnings))
        for finding in findings
        if finding.rule not in own
    ]


def _mistyped(*, link_by_number: bool) -> Snapshot:
    """#1001 with its reference mistyped, #1002 with none: each has its document's number and date."""
    return Snapshot(
        INTEGRATION,
        [A, B],
        bookings=[
            Booking("70", 1001, A.date, reference="2026-1"),
            Booking("70", 1002, B.date, reference=None),
        ],
        link_by_number=link_by_number,
    )


def test_rule_3_8_a_booking_with_a_documents_number_and_date_but_no_link_is_a_blocker() -> None:
    assert _evidence(plan_repair(_mistyped(link_by_number=False))) == [
        ("blocker", "no-booking-names-a-document", NO_BOOKING_NAMES_A_DOCUMENT, ()),
        (
            "blocker",
            "booking-unlinked",
            "booking #1001 in journal 70 of 2026-01-05 names no document (the reference "
            "'2026-1') but has the journal, period, number and date of invoice 2026/1: "
            + EXPORT_THE_REFERENCE,
            (A.ref,),
        ),
        (
            "blocker",
            "booking-unlinked",
            "booking #1002 in journal 70 of 2026-01-06 names no document (no reference) but "
            "has the journal, period, number and date of invoice 2026/2: " + EXPORT_THE_REFERENCE,
            (B.ref,),
        ),
    ]


def test_rule_3_8_links_by_number_and_date_accepted_are_a_warning_each() -> None:
    plan = plan_repair(_mistyped(link_by_number=True))
    assert _evidence(plan) == [
        (
            "warning",
            "linked-by-number",
            "booking #1001 in journal 70 of 2026-01-05 (the reference '2026-1') is taken as the "
            "booking of invoice 2026/1 by its journal, period, number and date (link_by_number): "
            "check that it books that document",
            (A.ref,),
        ),
        (
            "warning",
            "linked-by-number",
            "booking #1002 in journal 70 of 2026-01-06 (no reference) is taken as the booking of "
            "invoice 2026/2 by its journal, period, number and date (link_by_number): check that "
            "it books that document",
            (B.ref,),
        ),
    ]
    assert plan.feasible


def test_rule_3_8_no_booking_naming_a_document_is_a_blocker() -> None:
    # The bookings are dated after their documents: nothing links them, not even by number.
    snapshot = Snapshot(
        INTEGRATION,
        [A, B],
        bookings=[Booking("70", 1001, date(2026, 1, 7)), Booking("70", 1002, date(2026, 1, 8))],
    )
    assert _evidence(plan_repair(snapshot))[0] == (
        "blocker",
        "no-booking-names-a-document",
        NO_BOOKING_NAMES_A_DOCUMENT,
        (),
    )


DECEMBER = (Invoice("2025/1", date(2025, 12, 1), 1001), Invoice("2025/2", date(2025, 12, 2), 1002))
JANUARY = Invoice("2026/1", date(2026, 1, 5), 1003)
FILTERED = (
    "the bookings of journal 70 before 2026-01-05 look missing: 2 booked invoices dated "
    "2025-12-01 to 2025-12-02 have no booking; "
)


@pytest.mark.parametrize("complete", [False, True], ids=["blocker", "on purpose"])
def test_rule_3_8_stale_documents_before_the_first_booking_say_the_export_was_filtered(
    complete: bool,
) -> None:
    snapshot = Snapshot(
        INTEGRATION,
        [*DECEMBER, JANUARY],
        bookings=[Booking("70", 1003, JANUARY.date, reference="2026/1")],
        bookings_complete=complete,
    )
    ending = (
        "taken as complete on purpose, so all of them are stale"
        if complete
        else "export the bookings from 2025-12-01 on, " + OR_BOOKINGS_COMPLETE
    )
    assert _evidence(plan_repair(snapshot)) == [
        (
            "warning" if complete else "blocker",
            "bookings-filtered-by-date",
            FILTERED + ending,
            tuple(document.ref for document in DECEMBER),
        )
    ]


@pytest.mark.parametrize("complete", [False, True], ids=["blocker", "on purpose"])
def test_rule_3_8_a_kind_of_document_not_read_whose_journal_holds_references(
    complete: bool,
) -> None:
    snapshot = Snapshot(
        INTEGRATION,
        [A],
        bookings=[
            Booking("70", 1001, A.date, reference="2026/1"),
            Booking("71", 1, date(2026, 1, 7), reference="K1"),
        ],
        documents_complete=complete,
    )
    ending = (
        "taken as complete on purpose, so those bookings are manual ones"
        if complete
        else "export the credit notes too, or say the documents are complete on purpose "
        "(documents_complete=True, --documents-complete)"
    )
    assert _evidence(plan_repair(snapshot)) == [
        (
            "warning" if complete else "blocker",
            "documents-missing",
            "the credit notes look missing: journal 71 holds 1 booking with a reference and no "
            "credit note was read; " + ending,
            (),
        )
    ]


def test_rule_3_8_a_reference_from_the_cutoff_on_that_books_no_document_read() -> None:
    # 2026/3 collides with 2026/2 (cutoff 2026-01-07); #1003 names no document read,
    # #1004 names 2026/4, which carries #1007 but has no booking (stale); #1005
    # names 2026/5, which the invoicing tool shows unbooked (a blocker of its
    # own, whatever the date).
    c, stale = Invoice("2026/3", date(2026, 1, 7), 1002), Invoice("2026/4", date(2026, 1, 8), 1007)
    unbooked = Invoice("2026/5", date(2026, 1, 8))
    snapshot = Snapshot(
        INTEGRATION,
        [A, B, c, stale, unbooked],
        bookings=[
            Booking("70", 1001, A.date, reference="2026/1"),
            Booking("70", 1002, c.date, reference="2026/3"),
            Booking("70", 1003, date(2026, 1, 9), reference="2026/9"),
            Booking("70", 1004, date(2026, 1, 9), reference="2026/4"),
            Booking("70", 1005, date(2026, 1, 9), reference="2026/5"),
        ],
    )
    plan = plan_repair(snapshot)
    assert plan.cutoff == date(2026, 1, 7)
    tail = (
        "and is dated on or after the cutoff: if the invoicing tool sent it for a document not "
        "exported, the deactivation resets that document and it is booked twice; export every "
        "invoice and credit note, or say the documents are complete on purpose "
        "(documents_complete=True, --documents-complete)"
    )
    assert _evidence(plan) == [
        (
            "blocker",
            "booking-of-unbooked-document",
            "invoice 2026/5 is not booked in the invoicing tool (it carries no booking number), "
            "but booking #1005 in journal 70 of 2026-01-09 names it by its reference '2026/5': "
            "the next synchronisation sends it and books it a second time; delete that booking "
            "in the accounting package, or put its number (1005) on the document in the "
            "invoicing tool, before the next synchronisation",
            (unbooked.ref,),
        ),
        (
            "blocker",
            "booking-of-reset-document",
            "invoice 2026/4 carries booking number 1007, which no booking has, but booking "
            "#1004 in journal 70 of 2026-01-09 names it by its reference '2026/4' (entered by "
            "hand after its booking was deleted, or booked under another number): the plan "
            "resets invoice 2026/4 and the synchronisation books it again, so it would be "
            "booked twice; if that booking is invoice 2026/4's, delete it in the accounting "
            "package before you carry out the plan, else correct its reference",
            (stale.ref,),
        ),
        (
            "blocker",
            "reference-names-no-document",
            "booking #1003 in journal 70 of 2026-01-09 has the reference '2026/9', which names "
            "no document read, " + tail,
            (),
        ),
    ]
    # With the documents said complete, nothing is left out: the rule is silent;
    # 2026/4 is still booked twice after the sync, whatever is exported.
    complete = Snapshot(
        INTEGRATION, snapshot.documents, bookings=snapshot.bookings, documents_complete=True
    )
    assert not [f for f in plan_repair(complete).blockers if f.rule.startswith("reference")]
    assert [
        f.documents for f in plan_repair(complete).blockers if f.rule.endswith("-document")
    ] == [
        (unbooked.ref,),
        (stale.ref,),
    ]


def test_rule_3_8_a_collision_across_financial_years_names_per_year_numbering() -> None:
    december, january = (
        Invoice("2025/9", date(2025, 12, 30), 1),
        Invoice("2026/1", date(2026, 1, 2), 1),
    )
    plan = plan_repair(Snapshot(INTEGRATION, [december, january]))
    assert _evidence(plan) == [
        (
            "warning",
            "per-year-numbering",
            "The invoices 2025/9 and 2026/1 have the same booking number, but they fall in "
            "financial years 2025, 2026 of journal 70, which is read as numbered continuously: "
            "if the journal restarts its numbers each financial year (a likely cause), describe "
            "it so (--journals with numbering per_financial_year, Numbering.PER_FINANCIAL_YEAR) "
            "and there is no collision to repair",
            (december.ref, january.ref),
        )
    ]
    # Numbered per financial year, the two do not collide and nothing is said.
    per_year = Snapshot(
        INTEGRATION,
        [december, january],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")],
    )
    assert _evidence(plan_repair(per_year)) == []


def test_rule_3_8_a_collision_across_years_whose_numbers_run_on_is_no_likely_restart() -> None:
    # Advice review F1: D (2025-12-20, #1003) lost its booking and E
    # (2026-01-05) received #1003 again: 2026's numbers run on from 2025's
    # (1003, 1004 after 1001 to 1003), no restart. Describing the journal per
    # financial year would leave the collision: the warning says it is unlikely.
    a, b, d = (
        Invoice("A", date(2025, 12, 1), 1001),
        Invoice("B", date(2025, 12, 10), 1002),
        Invoice("D", date(2025, 12, 20), 1003),
    )
    e, f = Invoice("E", date(2026, 1, 5), 1003), Invoice("F", date(2026, 1, 9), 1004)
    plan = plan_repair(Snapshot(INTEGRATION, [a, b, d, e, f]))
    assert [n.number for n in plan.next_numbers] == [1004]
    assert _evidence(plan) == [
        (
            "warning",
            "per-year-numbering",
            "The invoices D and E have the same booking number, but they fall in financial "
            "years 2025, 2026 of journal 70, which is read as numbered continuously; its "
            "numbers of 2026 run on from 2025's (from #1003, above #1001, where 2025's begin), "
            "so a restart each financial year is unlikely: repair the collision, unless the "
            "accounting package shows journal 70 numbering each financial year apart (then "
            "describe it so: --journals with numbering per_financial_year, "
            "Numbering.PER_FINANCIAL_YEAR)",
            (d.ref, e.ref),
        )
    ]


@pytest.mark.parametrize("complete", [False, True], ids=["blocker", "on purpose"])
def test_rule_3_8_a_journal_with_booked_documents_and_no_booking(complete: bool) -> None:
    credit = CreditNote("K1", date(2026, 1, 5), 1)
    snapshot = Snapshot(
        INTEGRATION,
        [A, credit],
        bookings=[Booking("70", 1001, A.date, reference="2026/1")],
        bookings_complete=complete,
    )
    message = (
        "journal 71 holds no booking although 1 booked credit note carries a number there; "
        "taken as complete on purpose, so all of them are stale"
        if complete
        else "the bookings of journal 71 look missing: 1 booked credit note, no booking; export "
        "them too (a journal, a page or an administration may be left out), " + OR_BOOKINGS_COMPLETE
    )
    assert _evidence(plan_repair(snapshot)) == [
        ("warning" if complete else "blocker", "bookings-missing", message, ())
    ]


def test_rule_3_8_most_of_a_journals_booked_documents_stale() -> None:
    documents = [Invoice(f"2026/{day}", date(2026, 1, day), 1000 + day) for day in range(1, 7)]
    snapshot = Snapshot(
        INTEGRATION,
        documents,
        bookings=[
            Booking("70", 1001, documents[0].date, reference="2026/1"),
            Booking("70", 1006, documents[5].date, reference="2026/6"),
        ],
    )
    assert _evidence(plan_repair(snapshot)) == [
        (
            "warning",
            "mostly-stale",
            "4 of 6 booked invoices in journal 70 have no booking: was the right administration "
            "exported?",
            (),
        )
    ]


# -- the linking rule's refusals -------------------------------------------------


def test_rule_3_8_a_booking_of_a_document_not_read_is_refused() -> None:
    missing = DocumentRef(DocumentKind.INVOICE, "2026/9")
    with pytest.raises(InconsistentInputError) as raised:
        Snapshot(INTEGRATION, [A], bookings=[Booking("70", 1001, A.date, missing)])
    assert str(raised.value) == (
        "booking #1001 in journal 70 refers to invoice 2026/9, which is not among the "
        "snapshot's documents; add the document, or give the booking document=None if it did "
        "not come from the invoicing tool"
    )


def test_rule_3_8_two_bookings_naming_one_document_by_document_are_refused() -> None:
    with pytest.raises(InconsistentInputError) as raised:
        Snapshot(
            INTEGRATION,
            [A],
            bookings=[Booking("70", 1001, A.date, A.ref), Booking("70", 1005, A.date, A.ref)],
        )
    assert str(raised.value) == (
        "invoice 2026/1 is referred to by two bookings (booking #1001 in journal 70 and "
        "booking #1005 in journal 70); a document is booked once by the integration: give the "
        "one entered by hand document=None (with its reference it is then found as a double "
        "booking)"
    )


@pytest.mark.parametrize(
    ("document", "journals", "carries", "year"),
    [
        (A, (), "booking number 1001 in journal 70", ""),
        (Invoice("2026/1", date(2026, 1, 5)), (), "no booking number", ""),
        (
            A,
            (Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")),
            "booking number 1001 in journal 70, financial year 2026",
            " (financial year 2026)",
        ),
    ],
    ids=["another number", "no number", "per financial year"],
)
def test_rule_3_8_a_booking_and_its_document_that_disagree_on_the_number_are_refused(
    document: Invoice, journals: tuple[Journal, ...], carries: str, year: str
) -> None:
    with pytest.raises(InconsistentInputError) as raised:
        Snapshot(INTEGRATION, [document], journals, [Booking("70", 1005, A.date, A.ref)])
    assert str(raised.value) == (
        f"booking #1005 in journal 70{year} refers to invoice 2026/1, which carries {carries}; "
        "the two sides must agree on the number of a document booked in both: correct the "
        "document's booking_number or the booking"
    )


def test_rule_3_8_a_reference_naming_two_documents_that_both_carry_its_number_is_refused() -> None:
    invoice, credit = Invoice("5", date(2026, 1, 5), 7), CreditNote("5", date(2026, 1, 5), 7)
    with pytest.raises(InconsistentInputError) as raised:
        Snapshot(
            Integration("70", "70"),
            [invoice, credit],
            bookings=[Booking("70", 7, invoice.date, reference="5")],
        )
    assert str(raised.value) == (
        "booking #7 in journal 70 has the reference '5', which names invoice 5 and credit note 5 "
        "of journal 70, and both carry booking number 7, so which it books cannot be told; say "
        "the kind: give the booking document=DocumentRef(DocumentKind.CREDIT_NOTE, '5') (in a "
        "bookings export, a document_kind and document_number column)"
    )


# -- what mutation testing showed no test pinned down ----------------------------


def test_rule_3_8_stale_documents_of_two_kinds_before_the_first_booking_are_documents() -> None:
    invoice = Invoice("2025/1", date(2025, 12, 1), 1001)
    credit = CreditNote("C2025/1", date(2025, 12, 2), 1002)
    january = Invoice("2026/1", date(2026, 1, 5), 1003)
    snapshot = Snapshot(
        Integration("70", "70"),
        [invoice, credit, january],
        bookings=[Booking("70", 1003, january.date, reference="2026/1")],
    )
    assert _evidence(plan_repair(snapshot)) == [
        (
            "blocker",
            "bookings-filtered-by-date",
            "the bookings of journal 70 before 2026-01-05 look missing: 2 booked documents "
            "dated 2025-12-01 to 2025-12-02 have no booking; export the bookings from "
            "2025-12-01 on, " + OR_BOOKINGS_COMPLETE,
            (invoice.ref, credit.ref),
        )
    ]


def test_rule_3_8_journals_filtered_by_date_are_named_in_the_journals_natural_order() -> None:
    # Journal 9 before journal 10, as people number them (not "10" before "9").
    invoices = [Invoice(f"2025/{n}", date(2025, 12, n), n) for n in (1, 2)]
    credits = [CreditNote(f"K{n}", date(2025, 12, n), n) for n in (1, 2)]
    january = [Invoice("2026/1", date(2026, 1, 5), 3), CreditNote("K3", date(2026, 1, 5), 3)]
    snapshot = Snapshot(
        Integration("9", "10"),
        [*credits, *invoices, *january],
        bookings=[
            Booking("10", 3, date(2026, 1, 5), reference="K3"),
            Booking("9", 3, date(2026, 1, 5), reference="2026/1"),
        ],
    )
    found = _evidence(plan_repair(snapshot))
    assert [(rule, documents) for _, rule, _, documents in found] == [
        ("bookings-filtered-by-date", tuple(document.ref for document in invoices)),
        ("bookings-filtered-by-date", tuple(document.ref for document in credits)),
    ]
    assert found[0][2].startswith("the bookings of journal 9 before 2026-01-05 look missing")


def test_rule_3_8_invoices_not_read_whose_journal_holds_two_references() -> None:
    credit = CreditNote("K1", date(2026, 1, 5), 1)
    snapshot = Snapshot(
        INTEGRATION,
        [credit],
        bookings=[
            Booking("71", 1, credit.date, reference="K1"),
            Booking("70", 1001, date(2026, 1, 6), reference="2026/1"),
            Booking("70", 1002, date(2026, 1, 7), reference="2026/2"),
        ],
    )
    assert _evidence(plan_repair(snapshot)) == [
        (
            "blocker",
            "documents-missing",
            "the invoices look missing: journal 70 holds 2 bookings with a reference and no "
            "invoice was read; export the invoices too, or say the documents are complete on "
            "purpose (documents_complete=True, --documents-complete)",
            (),
        )
    ]


def test_rule_3_8_per_year_numbering_reads_the_financial_years_start_month() -> None:
    # The first collision is within one year; the second straddles 1 April, the
    # start of the financial year (March is 2025's, April 2026's).
    within = [Invoice("A1", date(2026, 1, 5), 5), Invoice("A2", date(2026, 1, 6), 5)]
    across = [Invoice("B1", date(2026, 3, 30), 7), Invoice("B2", date(2026, 4, 2), 7)]
    snapshot = Snapshot(Integration("70", "71", financial_year_start_month=4), [*within, *across])
    assert _evidence(plan_repair(snapshot)) == [
        (
            "warning",
            "per-year-numbering",
            "The invoices B1 and B2 have the same booking number, but they fall in financial "
            "years 2025, 2026 of journal 70, which is read as numbered continuously; its "
            "numbers of 2026 run on from 2025's (from #7, above #5, where 2025's begin), so a "
            "restart each financial year is unlikely: repair the collision, unless the "
            "accounting package shows journal 70 numbering each financial year apart (then "
            "describe it so: --journals with numbering per_financial_year, "
            "Numbering.PER_FINANCIAL_YEAR)",
            tuple(document.ref for document in across),
        )
    ]


def test_rule_3_8_only_references_from_the_cutoff_on_are_unexplained() -> None:
    # Cutoff 2026-01-07 (2026/3 collides with 2026/2): #900, before it, is only
    # a warning (the reset does not touch it); #1003, dated on the cutoff, is
    # the blocker.
    c = Invoice("2026/3", date(2026, 1, 7), 1002)
    snapshot = Snapshot(
        INTEGRATION,
        [A, B, c],
        bookings=[
            Booking("70", 900, date(2026, 1, 6), reference="2025/77"),
            Booking("70", 1001, A.date, reference="2026/1"),
            Booking("70", 1002, c.date, reference="2026/3"),
            Booking("70", 1003, date(2026, 1, 7), reference="2026/9"),
        ],
    )
    plan = plan_repair(snapshot)
    assert plan.cutoff == date(2026, 1, 7)
    assert [(kind, message) for kind, _, message, _ in _evidence(plan)] == [
        (
            "blocker",
            "booking #1003 in journal 70 of 2026-01-07 has the reference '2026/9', which names "
            "no document read, and is dated on or after the cutoff: if the invoicing tool sent "
            "it for a document not exported, the deactivation resets that document and it is "
            "booked twice; export every invoice and credit note, or say the documents are "
            "complete on purpose (documents_complete=True, --documents-complete)",
        ),
        (
            "warning",
            "1 booking of journal 70 has a reference that names no document read (#900 of "
            "2026-01-06 with the reference '2025/77'): were all invoices exported? If the "
            "invoicing tool sent it, its document is missing from the export, and the plan "
            "cannot see whether it collides; export all invoices, or say the documents are "
            "complete on purpose (documents_complete=True, --documents-complete)",
        ),
    ]


def test_rule_3_8_an_ambiguous_reference_says_so_whole() -> None:
    invoice, credit = Invoice("5", date(2026, 1, 5), 7), CreditNote("5", date(2026, 1, 5), 8)
    with pytest.raises(InconsistentInputError) as refused:
        Snapshot(
            Integration("70", "70"),
            [invoice, credit],
            bookings=[
                Booking("70", 7, invoice.date, invoice.ref),
                Booking("70", 8, credit.date, credit.ref),
                Booking("70", 9, date(2026, 1, 6), reference="5"),
            ],
        )
    assert str(refused.value) == (
        "booking #9 in journal 70 has the reference '5', which names credit note 5 and "
        "invoice 5 of journal 70, and neither carries booking number 9, so which it books "
        "cannot be told; say the kind: give the booking "
        "document=DocumentRef(DocumentKind.INVOICE, '5') (in a bookings export, a "
        "document_kind and document_number column) if it is that document's booking, or, if "
        "it was entered by hand, a reference that names no document (a second booking of one "
        "of them is then yours to delete)"
    )


def test_rule_3_8_a_booking_links_to_its_document_in_a_journal_numbered_per_year() -> None:
    # Booked four days after the document's date, in the same financial year.
    invoice = Invoice("2026/1", date(2026, 1, 5), 1)
    journals = [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")]
    booking = Booking("70", 1, date(2026, 1, 9), invoice.ref)
    snapshot = Snapshot(INTEGRATION, [invoice], journals, [booking])
    assert snapshot.booking_of(invoice) == booking
    assert snapshot.links is not None
    assert snapshot.links.by_document == 1


def test_rule_3_8_a_linked_booking_is_not_also_matched_by_number_and_date() -> None:
    # 2026/2 and 2026/3 share a date and #1002; #1002 books 2026/3 by its
    # reference, so it is not "2026/2's booking with its reference missing".
    # (#900, entered by hand, leaves a booking to match by number and date.)
    stale = Invoice("2026/2", date(2026, 1, 10), 1002)
    holder = Invoice("2026/3", date(2026, 1, 10), 1002)
    # Both orders of the documents: the holder first (a link to the first
    # document is position 0) and last.
    for documents in ([holder, stale, A], [A, stale, holder]):
        snapshot = Snapshot(
            INTEGRATION,
            documents,
            bookings=[
                Booking("70", 1002, holder.date, reference="2026/3"),
                Booking("70", 1001, A.date, reference="2026/1"),
                Booking("70", 900, date(2026, 1, 2)),
            ],
        )
        assert _evidence(plan_repair(snapshot)) == []


def test_rule_3_8_a_journal_numbered_per_year_is_no_per_year_numbering_cause() -> None:
    # Journal 70 numbers per financial year (its collision is real, within 2026);
    # journal 71 is continuous and its collision straddles two years: only 71's
    # is named as a likely per-year numbering.
    invoices = [Invoice("A1", date(2026, 1, 5), 5), Invoice("A2", date(2026, 1, 6), 5)]
    credits = [CreditNote("K1", date(2025, 12, 30), 3), CreditNote("K2", date(2026, 1, 2), 3)]
    journals = [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")]
    plan = plan_repair(Snapshot(INTEGRATION, [*invoices, *credits], journals))
    assert len(plan.collisions) == 2
    assert [(rule, documents) for _, rule, _, documents in _evidence(plan)] == [
        ("per-year-numbering", tuple(credit.ref for credit in credits))
    ]


def test_rule_3_8_every_unlinked_booking_is_matched_by_number_and_date() -> None:
    # The first unlinked booking matches no document; the next one does.
    snapshot = Snapshot(
        INTEGRATION,
        [A, B],
        bookings=[
            Booking("70", 999, date(2026, 1, 2)),
            Booking("70", 1001, A.date, reference="x"),
            Booking("70", 1002, B.date, reference="2026/2"),
        ],
    )
    assert [(rule, documents) for _, rule, _, documents in _evidence(plan_repair(snapshot))] == [
        ("booking-unlinked", (A.ref,))
    ]


def test_rule_6_a_reference_naming_one_invoice_written_two_ways_says_it_is_listed_twice() -> None:
    # "5 A" and "5A" are one invoice written two ways (§3.8 compares numbers
    # without white space and case): no kind tells them apart; §6 refuses the
    # same document twice (the credit note 5a may share the number).
    documents = [
        Invoice("5 A", date(2026, 1, 5), 7),
        Invoice("5A", date(2026, 1, 5), 7),
        CreditNote("5a", date(2026, 1, 5), 7),
    ]
    with pytest.raises(InconsistentInputError) as raised:
        Snapshot(
            Integration("70", "70"),
            documents,
            bookings=[Booking("70", 7, date(2026, 1, 5), reference="5A")],
        )
    assert str(raised.value) == (
        "invoice 5A appears twice in the snapshot's documents, written '5 A' and '5A' (a "
        "document number is compared without white space and case); each document must be "
        "listed once: remove the extra copy from the input (exports merged from two sources "
        "often write one number both ways)"
    )


def test_rule_3_8_a_booking_matching_two_documents_by_number_and_date_names_one_in_any_order() -> (
    None
):
    # 2025/1 and 2025/2 share a date and #1001 (a collision); #1001 names none:
    # it is matched with the first in date order, whatever the input's order
    # (found by the generated histories).
    first = Invoice("2025/1", date(2025, 1, 1), 1001)
    second = Invoice("2025/2", date(2025, 1, 1), 1001)
    for documents in ([first, second], [second, first]):
        snapshot = Snapshot(INTEGRATION, documents, bookings=[Booking("70", 1001, first.date)])
        unlinked = [f for f in plan_repair(snapshot).blockers if f.rule == "booking-unlinked"]
        assert [f.documents for f in unlinked] == [(first.ref,)]


def test_rule_3_8_references_naming_documents_under_other_numbers_point_at_the_numbers() -> None:
    # The documents' booking-number column is the wrong one (1, 2, 2, 3, 4):
    # every reference names its document, under another number. The blocker
    # says so, and does not call a booked document "unbooked".
    documents = [
        Invoice(f"2026/{i}", date(2026, 1, 4 + i), n)
        for i, n in [(1, 1), (2, 2), (3, 2), (4, 3), (5, 4)]
    ]
    bookings = [
        Booking("70", 1000 + i, date(2026, 1, 4 + i), reference=f"2026/{i}") for i in range(1, 6)
    ]
    plan = plan_repair(Snapshot(INTEGRATION, documents, bookings=bookings))
    first, second = plan.blockers[:2]
    assert first.message == (
        "no booking names a document (5 bookings, none linked), but 5 of their references name "
        "a document read, which carries another booking number: is the documents' "
        "booking-number column the right one? Export the invoices and credit notes with the "
        "booking number the accounting package gave them"
    )
    assert "which names invoice 2026/3 (which carries booking number 2 and has no booking)" in (
        second.message
    )
    assert "unbooked" not in " ".join(blocker.message for blocker in plan.blockers)


SHARED_70 = Integration("70", "70")


def test_rule_3_8_credit_notes_left_out_of_a_shared_journal_look_missing() -> None:
    # Invoices and credit notes share journal 70 and their numbers (2025/1 is
    # both); the credit notes were not exported. Booking #1 is credit note
    # 2025/1's: its reference names invoice 2025/1, which carries #2. Without
    # the blocker, the deactivation would reset credit note 2025/2 (01-07),
    # whose booking #3 the plan takes for invoice 2025/2's and keeps.
    documents = [
        Invoice("2025/1", date(2025, 1, 1), 2),
        Invoice("2025/2", date(2025, 1, 2), 3),
        Invoice("2025/3", date(2025, 1, 3), 2),
    ]
    bookings = [
        Booking("70", 1, date(2025, 1, 1), reference="2025/1"),
        Booking("70", 2, date(2025, 1, 3), reference="2025/3"),
        Booking("70", 3, date(2025, 1, 7), reference="2025/2"),
    ]
    plan = plan_repair(Snapshot(SHARED_70, documents, bookings=bookings))
    # Indirect evidence in a shared journal: a warning (no double booking to delete).
    assert _evidence(plan) == [
        (
            "warning",
            "documents-missing",
            "the credit notes look missing: journal 70 books invoices and credit notes, no "
            "credit note was read, and 2 bookings name an invoice under another number or date "
            "(booking #1 in journal 70 of 2025-01-01 with the reference '2025/1'): the credit "
            "note of that number? Its booking would be taken for another document's; export "
            "the credit notes too, or say the documents are complete on purpose "
            "(documents_complete=True, --documents-complete)",
            (),
        )
    ]
    assert plan.feasible


def test_rule_3_10_a_double_booking_in_a_shared_journal_is_not_a_missing_kind() -> None:
    # Invoice 2025/1 booked #1 and entered by hand as #2, no credit note read:
    # not the kind-left-out finding (one entry), but #2 may be credit note
    # 2025/1's own booking (redteam F2): blocked until the credit notes are
    # read or the documents said complete, which keeps §3.10's double booking.
    invoice = Invoice("2025/1", date(2025, 1, 1), 1)
    bookings = [
        Booking("70", 1, invoice.date, reference="2025/1"),
        Booking("70", 2, date(2025, 1, 2), reference="2025/1"),
    ]
    plan = plan_repair(Snapshot(SHARED_70, [invoice], bookings=bookings))
    assert [double.duplicate.booking_number for double in plan.double_bookings] == [2]
    (blocker,) = plan.blockers
    assert blocker.rule == "documents-missing"
    assert blocker.message.startswith("booking #2 in journal 70 of 2025-01-02 has the reference")
    complete = Snapshot(SHARED_70, [invoice], bookings=bookings, documents_complete=True)
    plan = plan_repair(complete)
    assert [double.duplicate.booking_number for double in plan.double_bookings] == [2]
    assert plan.blockers == ()


def test_rule_3_8_a_booking_linked_to_a_document_of_another_date_shows_a_missing_kind() -> None:
    # Credit note 2026/1 (not exported), booked #4 on 2026-01-08, and invoice
    # 2026/1 of 2026-01-01, whose own #4 was deleted: the reference links the
    # credit note's booking to the invoice, whose date it does not have.
    documents = [
        Invoice("2025/3", date(2025, 12, 24), 3),
        Invoice("2026/1", date(2026, 1, 1), 4),
        Invoice("2026/2", date(2026, 1, 4), 3),
    ]
    bookings = [
        Booking("70", 3, date(2026, 1, 4), reference="2026/2"),
        Booking("70", 4, date(2026, 1, 8), reference="2026/1"),
    ]
    plan = plan_repair(Snapshot(SHARED_70, documents, bookings=bookings))
    (warning,) = [w for w in plan.warnings if w.rule == "documents-missing"]
    assert "(booking #4 in journal 70 of 2026-01-08 with the reference '2026/1')" in (
        warning.message
    )
    # Each kind read, or a journal of each kind's own: nothing is said of it.
    both = Snapshot(SHARED_70, [*documents, CreditNote("C1", date(2026, 1, 9))], bookings=bookings)
    assert "documents-missing" not in [w.rule for w in plan_repair(both).warnings]


def test_rule_3_8_the_references_naming_no_document_come_in_order_whatever_the_input() -> None:
    # Two entries by hand from the cutoff on, given #1004 before #1003: the
    # blockers name #1003 first, as for the bookings given in order.
    c = Invoice("2026/3", date(2026, 1, 7), 1002)
    first, second = (
        Booking("70", 1003, date(2026, 1, 9), reference="2026/8"),
        Booking("70", 1004, date(2026, 1, 9), reference="2026/9"),
    )
    linked = [Booking("70", 1001, A.date, A.ref), Booking("70", 1002, c.date, c.ref)]
    plans = [
        plan_repair(Snapshot(INTEGRATION, [A, B, c], bookings=[*linked, *order]))
        for order in ([first, second], [second, first])
    ]
    assert plans[0] == plans[1]
    assert [blocker.message.split(" has ")[0] for blocker in plans[1].blockers] == [
        "booking #1003 in journal 70 of 2026-01-09",
        "booking #1004 in journal 70 of 2026-01-09",
    ]


def test_rule_3_8_several_double_bookings_in_a_shared_journal_are_the_other_kinds() -> None:
    # Only the credit notes read; journal 70 books both kinds, whose numbers
    # repeat: each invoice's booking names the credit note of its number, which
    # has its own. Read as three double bookings, the plan would delete every
    # invoice's booking: blocked (one alone is §3.10's double booking, above).
    credit_notes = [CreditNote(f"2026/{n}", date(2026, 1, n), 1000 + 2 * n) for n in (1, 2, 3)]
    bookings = [
        *(Booking("70", 1000 + 2 * n, date(2026, 1, n), reference=f"2026/{n}") for n in (1, 2, 3)),
        *(Booking("70", 999 + 2 * n, date(2026, 1, n), reference=f"2026/{n}") for n in (1, 2, 3)),
    ]
    plan = plan_repair(Snapshot(SHARED_70, credit_notes, bookings=bookings))
    assert len(plan.double_bookings) == 3
    assert [(b.rule, b.message) for b in plan.blockers] == [
        (
            "documents-missing",
            "the invoices look missing: journal 70 books invoices and credit notes, no invoice "
            "was read, and 3 bookings name a credit note under another number or date (booking "
            "#1001 in journal 70 of 2026-01-01 with the reference '2026/1'): the invoice of "
            "that number? Its booking would be taken for another document's, and the plan "
            "deletes 3 of them as double bookings; export the invoices too, or say the "
            "documents are complete on purpose (documents_complete=True, --documents-complete)",
        )
    ]


def test_rule_3_8_a_reference_naming_a_document_kept_says_an_entry_by_hand_changes_nothing() -> (
    None
):
    # Review8: B's booking was deleted and B entered again by hand (#1004, after
    # the cutoff); B (01-06) is before the cutoff, not reset.
    b_stale = Invoice("2026/2", date(2026, 1, 6), 1002)
    c = Invoice("2026/3", date(2026, 1, 10), 1002)
    snapshot = Snapshot(
        INTEGRATION,
        [A, b_stale, c],
        bookings=[
            Booking("70", 1001, A.date, A.ref),
            Booking("70", 1002, c.date, c.ref),
            Booking("70", 1004, date(2026, 1, 13), reference="2026/2"),
        ],
    )
    plan = plan_repair(snapshot)
    assert b_stale not in plan.to_reset
    (blocker,) = [b for b in plan.blockers if b.rule == "reference-names-no-document"]
    assert blocker.message == (
        "booking #1004 in journal 70 of 2026-01-13 has the reference '2026/2', which names "
        "invoice 2026/2 (which carries booking number 1002 and has no booking), and is dated on "
        "or after the cutoff: if the invoicing tool sent it for a document not exported, the "
        "deactivation resets that document and it is booked twice (if it is invoice 2026/2's, "
        "entered again by hand, nothing changes); if every invoice and credit note was "
        "exported, say so: the documents are complete on purpose (documents_complete=True, "
        "--documents-complete); else export them all"
    )

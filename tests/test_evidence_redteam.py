"""The red team's holes in the evidence rules of DOMAIN §3.8, each in small.

F2 (probe p17): invoices and credit notes share journal 70 (Teamleader
numbers them apart, so "2026 / 1" is an invoice and a credit note); the
credit note overview was exported from a date on, or not at all. Credit note
2026 / 1's own booking names invoice 2026 / 1 by its reference: read as a
double booking of that invoice (§3.10), the plan would delete it and hand its
number out again.

F6 (probes p18, p09 B): a booking whose reference names a document read,
of its number and date, placed in another journal than the booking's
(another department's invoices in the overview; credit notes booked in the
invoices' journal while the integration says 71). It is not "a reference
that names no document read".
"""

from __future__ import annotations

from datetime import date

import attrs

from booking_reconcile import (
    Booking,
    CreditNote,
    Integration,
    Invoice,
    RepairPlan,
    Snapshot,
    plan_repair,
)

SHARED = Integration("70", "70")
APART = Integration("70", "71")


def _rules(findings: tuple[object, ...]) -> list[str]:
    return [finding.rule for finding in findings]  # type: ignore[attr-defined]


def _of(plan: RepairPlan, rule: str) -> list[str]:
    return [finding.message for finding in plan.blockers if finding.rule == rule]


# -- F2: a double booking in a shared journal the other kind's documents do not cover --

I1 = Invoice("2026 / 1", date(2026, 1, 5), 1001)
I2 = Invoice("2026 / 2", date(2026, 1, 6), 1002)  # its booking deleted: stale
I3 = Invoice("2026 / 3", date(2026, 1, 13), 1002)
I4 = Invoice("2026 / 4", date(2026, 1, 14), 1004)
C1 = CreditNote("2026 / 1", date(2026, 1, 8), 1003)  # the one left out
C2 = CreditNote("2026 / 2", date(2026, 1, 16), 1005)


def _p17_bookings(*, with_c2: bool = True) -> list[Booking]:
    bookings = [
        Booking("70", 1001, I1.date, reference="2026 / 1"),
        Booking("70", 1002, I3.date, reference="2026 / 3"),
        Booking("70", 1003, C1.date, reference="2026 / 1"),  # credit note 2026 / 1's own
        Booking("70", 1004, I4.date, reference="2026 / 4"),
    ]
    if with_c2:
        bookings.append(Booking("70", 1005, C2.date, reference="2026 / 2"))
    return bookings


def _p17(credit_notes: list[CreditNote], **keywords: bool) -> Snapshot:
    return Snapshot(
        SHARED,
        [I1, I2, I3, I4, *credit_notes],
        bookings=_p17_bookings(with_c2=C2 in credit_notes),
        **keywords,
    )


BLOCKER_FROM_10 = (
    "booking #1003 in journal 70 of 2026-01-08 has the reference '2026 / 1' of invoice "
    "2026 / 1, which is booked as #1001, so the plan takes it for a double booking entered by "
    "hand and deletes it (§3.10); but journal 70 books invoices and credit notes, which the "
    "invoicing tool numbers apart, and no credit note 2026 / 1 was read, while the credit "
    "notes read start at 2026 / 2 (an export filtered by date?): it may be credit note "
    "2026 / 1's own booking, and then the plan deletes a credit note from the books; export "
    "the credit notes from 2026-01-08 on, or say the documents are complete on purpose "
    "(documents_complete=True, --documents-complete), which keeps it as invoice 2026 / 1's "
    "double booking"
)


def test_rule_3_8_the_whole_credit_note_overview_links_the_credit_notes_booking() -> None:
    # The control: credit note 2026 / 1 read, its booking #1003 is its own.
    plan = plan_repair(_p17([C1, C2]))
    assert plan.double_bookings == ()
    assert "documents-missing" not in _rules(plan.blockers) + _rules(plan.warnings)
    assert [(n.place.journal, n.number) for n in plan.next_numbers] == [("70", 1004)]
    assert plan.feasible


def test_rule_3_8_a_shared_journals_double_booking_before_the_other_kinds_read_blocks() -> None:
    # Probe p17: the credit notes exported from 2026-01-10 on (only 2026 / 2 read).
    plan = plan_repair(_p17([C2]))
    assert _of(plan, "documents-missing") == [BLOCKER_FROM_10]
    assert [b.documents for b in plan.blockers if b.rule == "documents-missing"] == [(I1.ref,)]
    assert not plan.feasible


def test_rule_3_8_a_shared_journals_double_booking_with_no_other_kind_read_blocks() -> None:
    # Probe p17, third case: no credit note read at all (and 2026 / 2's booking gone).
    plan = plan_repair(_p17([]))
    (message,) = _of(plan, "documents-missing")
    assert message.startswith("booking #1003 in journal 70 of 2026-01-08 has the reference")
    assert "and no credit note was read: it may be credit note 2026 / 1's own booking" in message
    assert "export the credit notes, or, if there are none, say the documents" in message
    assert not plan.feasible


def test_rule_3_8_a_shared_journals_double_booking_is_kept_when_the_documents_are_complete() -> (
    None
):
    # documents_complete=True: the caller has answered; §3.10's double booking
    # stays, and the finding is a warning.
    for credit_notes in ([C2], []):
        plan = plan_repair(_p17(credit_notes, documents_complete=True))
        assert "documents-missing" not in _rules(plan.blockers)
        assert [d.duplicate.booking_number for d in plan.double_bookings] == [1003]
        (warning,) = [w for w in plan.warnings if w.rule == "documents-missing"]
        assert warning.message.startswith(
            "booking #1003 in journal 70 of 2026-01-08 has the reference '2026 / 1' of invoice "
            "2026 / 1"
        )
        assert warning.message.endswith(
            "; taken as complete on purpose, so it is invoice 2026 / 1's double booking"
        )
        assert plan.feasible


def test_rule_3_8_a_shared_journals_double_booking_below_the_other_kinds_read_blocks() -> None:
    # A credit note read dated before the entry (01-02 < 01-08) no longer
    # covers it: the credit notes read start at 2026 / 9, so credit note
    # 2026 / 1 (numbered lower) may have been left out (tests/test_evidence_series.py).
    early = CreditNote("2026 / 9", date(2026, 1, 2), 1000)
    bookings = [
        Booking("70", 1000, early.date, reference="2026 / 9"),
        *_p17_bookings(with_c2=False),
    ]
    plan = plan_repair(Snapshot(SHARED, [I1, I2, I3, I4, early], bookings=bookings))
    (message,) = _of(plan, "documents-missing")
    assert "while the credit notes read start at 2026 / 9 (an export filtered by date?)" in message
    assert not plan.feasible


def test_rule_3_8_a_double_booking_the_other_kinds_series_from_1_rules_out_is_3_10s() -> None:
    # Credit notes 2026 / 1 and 2026 / 2 read, up to 01-16; invoice 2026 / 3 entered
    # again by hand on 01-14: credit note 2026 / 3 would be dated on or after 01-16.
    c1 = attrs.evolve(C1, booking_number=1000)
    bookings = [
        Booking("70", 1000, C1.date, reference="2026 / 1"),
        Booking("70", 1001, I1.date, reference="2026 / 1"),
        Booking("70", 1002, I3.date, reference="2026 / 3"),
        Booking("70", 1003, date(2026, 1, 14), reference="2026 / 3"),
        Booking("70", 1004, I4.date, reference="2026 / 4"),
        Booking("70", 1005, C2.date, reference="2026 / 2"),
    ]
    plan = plan_repair(Snapshot(SHARED, [I1, I2, I3, I4, c1, C2], bookings=bookings))
    assert [d.duplicate.booking_number for d in plan.double_bookings] == [1003]
    assert "documents-missing" not in _rules(plan.blockers) + _rules(plan.warnings)
    assert plan.feasible


def test_rule_3_10_a_double_booking_in_journals_of_their_own_is_not_the_other_kinds() -> None:
    # Journal 70 books invoices only: the credit notes' numbers cannot repeat there.
    bookings = [
        Booking("70", 1001, I1.date, reference="2026 / 1"),
        Booking("70", 1003, C1.date, reference="2026 / 1"),
    ]
    plan = plan_repair(Snapshot(APART, [I1], bookings=bookings))
    assert [d.duplicate.booking_number for d in plan.double_bookings] == [1003]
    assert plan.blockers == ()


def test_rule_3_8_several_shared_double_bookings_stay_one_kind_left_out_blocker() -> None:
    # No credit note read and two double bookings: the kind's one blocker
    # names them (DOUBLES_OF_ANOTHER_KIND), not one blocker more per booking.
    invoices = [Invoice(f"2026/{n}", date(2026, 1, n), 1000 + 2 * n) for n in (1, 2)]
    bookings = [
        *(Booking("70", 1000 + 2 * n, date(2026, 1, n), reference=f"2026/{n}") for n in (1, 2)),
        *(Booking("70", 999 + 2 * n, date(2026, 1, n), reference=f"2026/{n}") for n in (1, 2)),
    ]
    plan = plan_repair(Snapshot(SHARED, invoices, bookings=bookings))
    assert _rules(plan.blockers) == ["documents-missing"]
    assert "the plan deletes 2 of them as double bookings" in plan.blockers[0].message


# -- F6: a reference naming a document read, placed in another journal -----------------

A1 = Invoice("2026 / 1", date(2026, 1, 5), 1001)
A2 = Invoice("2026 / 2", date(2026, 1, 6), 1002)  # stale
A3 = Invoice("2026 / 3", date(2026, 1, 13), 1002)
A4 = Invoice("2026 / 4", date(2026, 1, 14), 1003)
BRUGGE = Invoice("B 2026 / 1", date(2026, 1, 7), 1003)  # another department's, journal 72


def _p18(brugge_booking: Booking) -> Snapshot:
    return Snapshot(
        APART,
        [A1, A2, A3, A4, BRUGGE],
        bookings=[
            Booking("70", 1001, A1.date, reference="2026 / 1"),
            Booking("70", 1002, A3.date, reference="2026 / 3"),
            Booking("70", 1003, A4.date, reference="2026 / 4"),
            brugge_booking,
        ],
    )


def test_rule_3_8_a_reference_naming_a_document_read_of_another_journal_blocks() -> None:
    # Probe p18: Brugge's invoice B 2026 / 1 in the overview, booked in its
    # journal 72; read as journal 70's, it collides with 2026 / 4 (both #1003).
    plan = plan_repair(_p18(Booking("72", 1003, BRUGGE.date, reference="B 2026 / 1")))
    assert _of(plan, "reference-names-no-document") == [
        "booking #1003 in journal 72 of 2026-01-07 has the reference 'B 2026 / 1', which names "
        "invoice B 2026 / 1 (read, dated 2026-01-07, placed in journal 70), but the booking is "
        "in journal 72: documents of another department or administration in the export, or "
        "the integration's journals given wrong? The plan takes those documents for journal "
        "70's, and their numbers may collide there for nothing; export the documents of one "
        "department only, or give the journals the integration books in (if the invoices are "
        "booked in journal 72: invoice_journal='72', --invoice-journal 72)"
    ]
    assert [b.documents for b in plan.blockers if b.rule == "reference-names-no-document"] == [
        (BRUGGE.ref,)
    ]
    assert not any("no document read" in w.message for w in plan.warnings)
    assert not plan.feasible


def test_rule_3_8_a_document_of_another_journal_blocks_whatever_documents_complete_says() -> None:
    # Complete documents do not explain documents of another journal.
    snapshot = _p18(Booking("72", 1003, BRUGGE.date, reference="B 2026 / 1"))
    plan = plan_repair(attrs.evolve(snapshot, documents_complete=True))
    assert len(_of(plan, "reference-names-no-document")) == 1
    assert not plan.feasible


def test_rule_3_8_credit_notes_booked_in_the_invoices_journal_name_the_credit_note_journal() -> (
    None
):
    # Probe p09 B: credit notes booked in journal 70 while the integration says 71.
    k1 = CreditNote("K 2026 / 1", date(2026, 1, 8), 1005)
    k2 = CreditNote("K 2026 / 2", date(2026, 1, 16), 1006)
    bookings = [
        Booking("70", 1001, A1.date, reference="2026 / 1"),
        Booking("70", 1002, A3.date, reference="2026 / 3"),
        Booking("70", 1003, A4.date, reference="2026 / 4"),
        Booking("70", 1005, k1.date, reference="K 2026 / 1"),
        Booking("70", 1006, k2.date, reference="K 2026 / 2"),
    ]
    plan = plan_repair(Snapshot(APART, [A1, A2, A3, A4, k1, k2], bookings=bookings))
    (message,) = _of(plan, "reference-names-no-document")
    assert message.startswith(
        "2 bookings of journal 70 have references that name credit notes read, placed in "
        "journal 71 (#1005 of 2026-01-08 with the reference 'K 2026 / 1': credit note "
        "K 2026 / 1 of 2026-01-08, #1006 of 2026-01-16 with the reference 'K 2026 / 2': credit "
        "note K 2026 / 2 of 2026-01-16), but the bookings are in journal 70: documents of "
        "another department"
    )
    assert message.endswith(
        "(if the credit notes are booked in journal 70: credit_note_journal='70', "
        "--credit-note-journal 70)"
    )
    assert not any("no document read" in f.message for f in (*plan.blockers, *plan.warnings))
    assert not plan.feasible


def test_rule_3_8_an_entry_in_another_journal_naming_a_document_booked_in_its_own_is_explained() -> (
    None
):
    # Invoice 2026 / 1 is booked in journal 70 (#1001); an entry of its date
    # in journal 90 names it: made by hand there, it neither shows documents
    # of another journal nor names nothing read.
    plan = plan_repair(_p18(Booking("90", 7, A1.date, reference="2026 / 1")))
    assert "reference-names-no-document" not in _rules(plan.blockers) + _rules(plan.warnings)


def test_rule_3_8_a_reference_of_another_journals_number_and_another_date_names_nothing() -> None:
    # The same number on another date: not that document's booking (the sync
    # books a document on its own date); the reference names no document read,
    # and the warning says whose number it is.
    plan = plan_repair(_p18(Booking("72", 1003, date(2026, 1, 9), reference="B 2026 / 1")))
    assert "reference-names-no-document" not in _rules(plan.blockers)
    (warning,) = [w for w in plan.warnings if w.rule == "reference-names-no-document"]
    assert warning.message.startswith(
        "1 booking of journal 72 has a reference that names no document read (#1003 of "
        "2026-01-09 with the reference 'B 2026 / 1' (the number of invoice B 2026 / 1 of "
        "2026-01-07, placed in journal 70)): were all invoices and credit notes exported?"
    )


def test_rule_3_8_an_entry_in_the_other_kinds_journal_naming_a_booked_document_is_said() -> None:
    # Journal 71 books credit notes (one read); #5 there names invoice 2026 / 1,
    # booked in 70, of its date: credit note 2026 / 1, left out, may be its
    # document (the kinds number apart), so it is not explained; from the
    # cutoff on, the blocker of a reference naming no document read says whose
    # number it is.
    k = CreditNote("K9", date(2026, 1, 2), 4)
    for day in (A1.date, date(2026, 1, 20)):
        snapshot = Snapshot(
            APART,
            [A1, A2, A3, A4, k],
            bookings=[
                Booking("70", 1001, A1.date, reference="2026 / 1"),
                Booking("70", 1002, A3.date, reference="2026 / 3"),
                Booking("70", 1003, A4.date, reference="2026 / 4"),
                Booking("71", 4, k.date, reference="K9"),
                Booking("71", 5, day, reference="2026 / 1"),
            ],
        )
        plan = plan_repair(snapshot)
        said = (
            "the reference '2026 / 1' (the number of invoice 2026 / 1 of 2026-01-05, placed in "
            "journal 70)"
        )
        findings = plan.warnings if day == A1.date else plan.blockers
        (finding,) = [f for f in findings if f.rule == "reference-names-no-document"]
        if day == A1.date:
            assert said + "): were all credit notes exported?" in finding.message
        else:
            assert finding.message.startswith(
                "booking #5 in journal 71 of 2026-01-20 has the reference '2026 / 1', which "
                "names no document read (the number of invoice 2026 / 1 of 2026-01-05, placed "
                "in journal 70), and is dated on or after the cutoff"
            )

"""The red team's findings F1, F4 and F5 (evidence before confidence, DOMAIN §3.3, §3.8, §3.10).

The red team's true history (journal 70 invoices, 71 credit notes, both
continuous): invoices 2025 / 20-22 (#990-992), 2026 / 1 (01-05, #1001),
2026 / 2 (01-06, #1002, its booking deleted: stale), 2026 / 3 (01-13, #1002,
the holder), 2026 / 4 (01-14, #1003), 2026 / 5 (01-15, #1004); credit notes
K 2026 / 1 (01-08, #1) and K 2026 / 2 (01-16, #2). The bookings name their
documents by reference, as Exact Online's "Your ref." does.

- F4 / F5: a stale document that the plan resets and books again, without
  deleting anything for it, is named in a warning (``stale-document-rebooked``):
  its booking is not in the export; if it exists (a page or a row missing),
  the synchronisation books it twice.
- F1: another administration's bookings in the export (no administration
  column) are not "double bookings by hand": the accounting package numbers
  one administration's journal in one run (highest + 1, entries by hand too),
  so entries all above a wide gap in the journal's numbers, each naming a
  document booked below it or no document read (redteam2 N2), are a blocker
  (``another-administration``), unless the journal's configured next number
  lies past the gap (falsealarm F4: a new numbering start of this journal).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    Document,
    Finding,
    Invoice,
    Journal,
    RepairPlan,
    Snapshot,
    plan_repair,
    verify_plan,
)
from booking_reconcile.cli import main
from builders import TWO_JOURNALS, day

INVOICES = (
    Invoice("2025 / 20", day(12, 15, 2025), 990),
    Invoice("2025 / 21", day(12, 18, 2025), 991),
    Invoice("2025 / 22", day(12, 22, 2025), 992),
    Invoice("2026 / 1", day(1, 5), 1001),
    Invoice("2026 / 2", day(1, 6), 1002),  # its booking was deleted: stale
    Invoice("2026 / 3", day(1, 13), 1002),  # the holder of #1002
    Invoice("2026 / 4", day(1, 14), 1003),
    Invoice("2026 / 5", day(1, 15), 1004),
)
CREDIT_NOTES = (
    CreditNote("K 2026 / 1", day(1, 8), 1),
    CreditNote("K 2026 / 2", day(1, 16), 2),
)
DOCUMENTS = (*INVOICES, *CREDIT_NOTES)
BY_NUMBER = {document.number: document for document in DOCUMENTS}


def _booking(
    document: Document, *, number: int | None = None, on: dt.date | None = None
) -> Booking:
    """The booking of ``document`` as Exact exports it: its number and "Your ref."."""
    journal = "71" if isinstance(document, CreditNote) else "70"
    return Booking(
        journal,
        number if number is not None else document.booking_number or 0,
        on or document.date,
        reference=document.number,
    )


#: Every booking that exists in truth (2026 / 2's was deleted).
TRUE_BOOKINGS = tuple(_booking(d) for d in DOCUMENTS if d.number != "2026 / 2")


def _snapshot(*, leave_out: tuple[str, ...] = (), **options: object) -> Snapshot:
    """The true history, with the bookings of the documents ``leave_out`` missing from the export."""
    bookings = [b for b in TRUE_BOOKINGS if b.reference not in leave_out]
    return Snapshot(TWO_JOURNALS, DOCUMENTS, bookings=bookings, **options)  # type: ignore[arg-type]


def _of_rule(findings: tuple[Finding, ...], rule: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule == rule]


def _refs(*numbers: str) -> tuple[object, ...]:
    return tuple(BY_NUMBER[number].ref for number in numbers)


# -- F4 / F5: a stale document reset and booked again is named -----------------------


def test_rule_3_8_a_row_missing_from_the_middle_names_the_document_booked_again() -> None:
    # p02: 2026 / 4's booking #1003 is missing from the export. keep-deleted's cutoff
    # (01-13) resets 2026 / 4, deletes nothing for it, and the sync books it again.
    plan = plan_repair(_snapshot(leave_out=("2026 / 4",)))
    assert plan.feasible
    assert "2026 / 4" not in [d.number for d in plan.to_delete]
    assert "2026 / 4" in [d.number for d in plan.to_reset]
    (warning,) = _of_rule(plan.warnings, "stale-document-rebooked")
    assert warning.documents == _refs("2026 / 4")
    assert warning.message == (
        "invoice 2026 / 4 carries booking number 1003 in journal 70, but its booking is not "
        "in the export: the plan resets it and the synchronisation books it again; if its "
        "booking exists in the accounting package (a row or a page missing from the export), "
        "delete it before the synchronisation, or it is booked twice; check that the export "
        "is whole"
    )
    # 2026 / 2 stays out of the accounting package: its own warning, not this one.
    assert [w.documents for w in _of_rule(plan.warnings, "stale-document-kept")] == [
        _refs("2026 / 2")
    ]


def test_rule_3_3_rebook_deleted_with_a_row_missing_warns_for_each_document_booked_again() -> None:
    # p02 with --policy rebook-deleted: the plan had no warning at all.
    plan = plan_repair(_snapshot(leave_out=("2026 / 4",)), CutoffPolicy.REBOOK_DELETED)
    assert plan.feasible
    rebooked = _of_rule(plan.warnings, "stale-document-rebooked")
    assert [w.documents for w in rebooked] == [_refs("2026 / 2"), _refs("2026 / 4")]
    assert "invoice 2026 / 2 carries booking number 1002 in journal 70" in rebooked[0].message
    assert all("or it is booked twice" in w.message for w in rebooked)


def test_rule_3_8_a_page_missing_from_the_middle_names_each_document_booked_again() -> None:
    # p22: the SalesEntries page of #1001-#1003 was not saved. 2026 / 3 and 2026 / 4 are
    # reset without a deletion; 2026 / 5 (its booking deleted by the plan) is not named.
    plan = plan_repair(_snapshot(leave_out=("2026 / 1", "2026 / 3", "2026 / 4")))
    rebooked = _of_rule(plan.warnings, "stale-document-rebooked")
    assert [w.documents for w in rebooked] == [_refs("2026 / 3"), _refs("2026 / 4")]
    assert "invoice 2026 / 3 carries booking number 1002 in journal 70" in rebooked[0].message


def test_rule_3_8_the_warning_is_a_json_item_a_program_can_read() -> None:
    plan = plan_repair(_snapshot(leave_out=("2026 / 4",)))
    items = [w for w in plan.to_dict()["warnings"] if w["rule"] == "stale-document-rebooked"]
    assert [(w["documents"], "booked twice" in w["message"]) for w in items] == [
        ([{"kind": "invoice", "number": "2026 / 4"}], True)
    ]
    # The plan round-trips with it.
    assert RepairPlan.from_dict(json.loads(json.dumps(plan.to_dict()))).warnings == plan.warnings


def test_rule_3_3_a_whole_export_warns_of_no_document_booked_again() -> None:
    # The true history: every document the plan resets has its booking, which it deletes.
    plan = plan_repair(_snapshot())
    assert _of_rule(plan.warnings, "stale-document-rebooked") == []
    assert [w.rule for w in plan.warnings] == ["stale-document-kept"]


def test_rule_3_3_without_bookings_inferred_stale_documents_are_not_named() -> None:
    # Without the bookings nothing is "not in the export": bookings-unknown speaks.
    snapshot = Snapshot(TWO_JOURNALS, DOCUMENTS)
    plan = plan_repair(snapshot, CutoffPolicy.REBOOK_DELETED)
    assert _of_rule(plan.warnings, "stale-document-rebooked") == []
    assert _of_rule(plan.warnings, "bookings-unknown") != []


def test_rule_3_8_a_credit_note_reset_without_its_booking_is_named_as_a_credit_note() -> None:
    plan = plan_repair(_snapshot(leave_out=("K 2026 / 2",)))
    (warning,) = _of_rule(plan.warnings, "stale-document-rebooked")
    assert warning.documents == _refs("K 2026 / 2")
    assert warning.message.startswith(
        "credit note K 2026 / 2 carries booking number 2 in journal 71, but its booking is "
        "not in the export"
    )


def test_rule_3_8_with_bookings_complete_the_caller_has_answered() -> None:
    # bookings_complete=True: the export is whole, so 2026 / 4's booking was deleted.
    plan = plan_repair(_snapshot(leave_out=("2026 / 4",), bookings_complete=True))
    assert _of_rule(plan.warnings, "stale-document-rebooked") == []


def test_rule_3_8_a_document_a_blocker_names_as_booked_twice_is_not_named_again() -> None:
    # 2026 / 4 entered again by hand as #1005 after its booking was deleted: the
    # booking-of-reset-document blocker names it (and says what to delete).
    entry = Booking("70", 1005, day(1, 20), reference="2026 / 4")
    bookings = [*(b for b in TRUE_BOOKINGS if b.reference != "2026 / 4"), entry]
    plan = plan_repair(Snapshot(TWO_JOURNALS, DOCUMENTS, bookings=bookings))
    assert [b.documents for b in _of_rule(plan.blockers, "booking-of-reset-document")] == [
        _refs("2026 / 4")
    ]
    assert _of_rule(plan.warnings, "stale-document-rebooked") == []


# -- F1: another administration's bookings are not double bookings by hand -----------

#: Department Brugge's invoices (its own division, its own journal 70 numbered 2001-2005);
#: Teamleader numbers invoices per department, so their numbers repeat ours.
BRUGGE = (
    ("2026 / 1", day(1, 7), 2001),
    ("2026 / 2", day(1, 9), 2002),
    ("2026 / 3", day(1, 12), 2003),
    ("2026 / 4", day(1, 20), 2004),
    ("2026 / 5", day(1, 22), 2005),
)
BRUGGE_BOOKINGS = tuple(Booking("70", n, on, reference=ref) for ref, on, n in BRUGGE)


def _mixed(**options: object) -> Snapshot:
    """p14 A: ours and Brugge's bookings pasted into one export, no administration column."""
    bookings = [*TRUE_BOOKINGS, *BRUGGE_BOOKINGS]
    return Snapshot(TWO_JOURNALS, DOCUMENTS, bookings=bookings, **options)  # type: ignore[arg-type]


ANOTHER_ADMINISTRATION = (
    "journal 70: bookings #2001 to #2005 (5) lie above a gap in its numbers (nothing "
    "between #1004 and #2001: 996 numbers, more than its 12 bookings), and each of them "
    "names a document booked below it (#2001 names invoice 2026 / 1 (#1001), #2002 names "
    "invoice 2026 / 2 (#1002), #2003 names invoice 2026 / 3 (#1002), #2004 names invoice "
    "2026 / 4 (#1003), #2005 names invoice 2026 / 5 (#1004)): the accounting package "
    "numbers one administration's journal in one run (the highest + 1, entries by hand "
    "too), so these look like another administration's or department's bookings exported "
    "with these (Teamleader numbers invoices per department), not entries by hand; the plan "
    "would delete 4 of them as double bookings and number on from them. Export the bookings "
    "of one administration only (with its Division column); if they really are entries by "
    "hand in this administration, say the accounting side is complete on purpose "
    "(bookings_complete=True, --bookings-complete); if the journal's next number was set to "
    "a new start below them, give the journal's configured next booking number "
    "(Journal.next_booking_number, --journals): one past #2001 shows the run is this "
    "journal's"
)


def test_rule_3_8_another_administrations_bookings_mixed_in_are_a_blocker() -> None:
    plan = plan_repair(_mixed())
    assert not plan.feasible
    (blocker,) = _of_rule(plan.blockers, "another-administration")
    assert blocker.message == ANOTHER_ADMINISTRATION
    assert blocker.documents == _refs("2026 / 1", "2026 / 2", "2026 / 3", "2026 / 4", "2026 / 5")


def test_rule_3_8_only_brugges_bookings_of_the_same_dates_are_a_blocker_too() -> None:
    # p14 B: Brugge's 2026 bookings numbered 2001-2005 on our documents' dates.
    brugge = [
        Booking("70", 2000 + i, d.date, reference=d.number) for i, d in enumerate(INVOICES[3:], 1)
    ]
    snapshot = Snapshot(TWO_JOURNALS, DOCUMENTS, bookings=[*TRUE_BOOKINGS, *brugge])
    plan = plan_repair(snapshot)
    assert not plan.feasible
    (blocker,) = _of_rule(plan.blockers, "another-administration")
    assert "bookings #2001 to #2005 (5)" in blocker.message


def test_rule_3_8_another_administration_with_bookings_complete_is_a_warning() -> None:
    plan = plan_repair(_mixed(bookings_complete=True))
    assert plan.feasible
    assert _of_rule(plan.blockers, "another-administration") == []
    (warning,) = _of_rule(plan.warnings, "another-administration")
    assert warning.message.startswith(ANOTHER_ADMINISTRATION.split(": the accounting")[0])
    assert warning.message.endswith(
        "taken as entries by hand in this administration (the accounting side is complete "
        "on purpose): the plan deletes the double bookings among them"
    )
    assert verify_plan(_mixed(bookings_complete=True), plan) == ()


def test_rule_3_10_entries_by_hand_after_a_configured_jump_are_not_blocked() -> None:
    # One administration: journal 70's next number was set to 5000 (a new series) after
    # 2026 / 5; the integration booked 2026 / 6 and 2026 / 7 there, and then 2026 / 1 and
    # 2026 / 3 were entered again by hand: #5002 and #5003. Above the gap (#1004 to #5000)
    # lie the integration's own bookings too, so nothing points to another administration.
    more = (Invoice("2026 / 6", day(1, 20), 5000), Invoice("2026 / 7", day(1, 21), 5001))
    documents = (*DOCUMENTS, *more)
    bookings = [
        *TRUE_BOOKINGS,
        *(_booking(d) for d in more),
        Booking("70", 5002, day(1, 22), reference="2026 / 1"),
        Booking("70", 5003, day(1, 23), reference="2026 / 3"),
    ]
    snapshot = Snapshot(
        TWO_JOURNALS,
        documents,
        journals=[Journal("70", next_booking_number=5004), Journal("71")],
        bookings=bookings,
    )
    plan = plan_repair(snapshot)
    assert _of_rule((*plan.blockers, *plan.warnings), "another-administration") == []
    assert [d.duplicate.booking_number for d in plan.double_bookings] == [5002, 5003]
    assert plan.feasible


def test_rule_3_10_entries_by_hand_numbered_on_from_the_run_are_not_blocked() -> None:
    # The usual double bookings: entered by hand, they take the journal's next numbers.
    bookings = [
        *TRUE_BOOKINGS,
        Booking("70", 1005, day(1, 16), reference="2026 / 1"),
        Booking("70", 1006, day(1, 17), reference="2026 / 3"),
    ]
    plan = plan_repair(Snapshot(TWO_JOURNALS, DOCUMENTS, bookings=bookings))
    assert plan.feasible
    assert len(plan.double_bookings) == 2
    assert _of_rule(plan.blockers, "another-administration") == []


def test_rule_3_10_one_entry_above_a_gap_is_a_double_booking_alone() -> None:
    # One double booking is §3.10's finding: two or more make the other administration.
    bookings = [*TRUE_BOOKINGS, BRUGGE_BOOKINGS[0]]
    plan = plan_repair(Snapshot(TWO_JOURNALS, DOCUMENTS, bookings=bookings))
    assert plan.feasible
    assert [d.duplicate.booking_number for d in plan.double_bookings] == [2001]


def _small(*entries: int) -> Snapshot:
    """Two invoices booked as #1 and #2, each entered again by hand under ``entries``."""
    a, b = Invoice("1", day(1, 5), 1), Invoice("2", day(1, 6), 2)
    bookings = [_booking(a), _booking(b)]
    bookings += [
        Booking("70", n, day(1, 7), reference=d.number)
        for n, d in zip(entries, (a, b), strict=False)
    ]
    return Snapshot(TWO_JOURNALS, [a, b], bookings=bookings)


@pytest.mark.parametrize(
    ("entries", "blocked"),
    [
        ((13, 14), True),  # 10 numbers free (#3-#12): at least 10, wider than 4 bookings
        ((12, 13), False),  # 9 free: fewer than 10
        ((3, 4), False),  # numbered on from the run: the usual double bookings
        ((13,), False),  # one entry alone is §3.10's double booking
    ],
)
def test_rule_3_8_a_gap_must_be_at_least_ten_wide_and_hold_two_entries(
    entries: tuple[int, ...], blocked: bool
) -> None:
    plan = plan_repair(_small(*entries))
    assert bool(_of_rule(plan.blockers, "another-administration")) is blocked
    assert plan.feasible is not blocked


def test_rule_3_8_a_gap_no_wider_than_the_places_bookings_is_no_evidence() -> None:
    # 12 bookings in journal 70 (7 ours, 5 entries): a gap of 12 numbers (#1005-#1016)
    # is not wider than that; one of 13 (#1005-#1017) is.
    def entries(first: int) -> Snapshot:
        bookings = [
            *TRUE_BOOKINGS,
            *(
                Booking("70", first + i, d.date, reference=d.number)
                for i, d in enumerate(INVOICES[3:])
            ),
        ]
        return Snapshot(TWO_JOURNALS, DOCUMENTS, bookings=bookings)

    assert _of_rule(plan_repair(entries(1017)).blockers, "another-administration") == []
    assert _of_rule(plan_repair(entries(1018)).blockers, "another-administration") != []


def test_rule_3_8_a_gap_where_stale_documents_carry_the_numbers_is_no_evidence() -> None:
    # Bookings #1003-#1030 deleted (the documents still carry their numbers), then two
    # entries by hand: no gap in the journal's numbers, only deleted bookings.
    documents = [
        *DOCUMENTS,
        *(Invoice(f"2026 / {n}", day(2, 1), 1000 + n) for n in range(6, 31)),
    ]
    bookings = [
        *TRUE_BOOKINGS,
        Booking("70", 1031, day(2, 2), reference="2026 / 1"),
        Booking("70", 1032, day(2, 3), reference="2026 / 3"),
    ]
    bookings = [b for b in bookings if b.booking_number not in (1003, 1004)]
    plan = plan_repair(Snapshot(TWO_JOURNALS, documents, bookings=bookings))
    assert _of_rule(plan.blockers, "another-administration") == []


BRUGGE_OWN = Booking("70", 2006, day(1, 23), reference="2026 / 6")  # Brugge's own 2026 / 6


def test_rule_3_8_an_entry_above_the_gap_naming_no_document_read_is_part_of_the_run() -> None:
    # redteam2 N2: Brugge has one invoice more than us; its booking #2006 names a document
    # not read. Departments do not have equal counts: the run is still Brugge's.
    snapshot = Snapshot(
        TWO_JOURNALS, DOCUMENTS, bookings=[*TRUE_BOOKINGS, *BRUGGE_BOOKINGS, BRUGGE_OWN]
    )
    plan = plan_repair(snapshot)
    assert not plan.feasible
    (blocker,) = _of_rule(plan.blockers, "another-administration")
    assert blocker.message.startswith(
        "journal 70: bookings #2001 to #2006 (6) lie above a gap in its numbers (nothing "
        "between #1004 and #2001: 996 numbers, more than its 13 bookings), and each of them "
        "names a document booked below it or no document read (#2001 names invoice 2026 / 1 "
        "(#1001), "
    )
    assert "#2006 has the reference '2026 / 6', which names no document read): " in (
        blocker.message
    )
    assert blocker.documents == _refs("2026 / 1", "2026 / 2", "2026 / 3", "2026 / 4", "2026 / 5")


def test_rule_3_8_the_run_with_an_entry_naming_nothing_stays_blocked_with_documents_complete() -> (
    None
):
    # N2's second step: the invoice overview is whole, so the person says so; the plan must
    # not delete Brugge's bookings and number on from #2006 (red team F1 again).
    snapshot = Snapshot(
        TWO_JOURNALS,
        DOCUMENTS,
        bookings=[*TRUE_BOOKINGS, *BRUGGE_BOOKINGS, BRUGGE_OWN],
        documents_complete=True,
    )
    plan = plan_repair(snapshot)
    assert not plan.feasible
    assert [b.rule for b in plan.blockers] == ["another-administration"]


@pytest.mark.parametrize(
    "extra",
    [
        (BRUGGE_OWN,),  # an entry naming nothing read, alone above the gap
        (BRUGGE_BOOKINGS[0], BRUGGE_OWN),  # one double booking: §3.10's, whatever its number
        (Booking("70", 2001, day(1, 7)), *BRUGGE_BOOKINGS[1:]),  # #2001 has no reference
    ],
    ids=["naming-nothing-alone", "one-double-booking", "an-entry-without-reference"],
)
def test_rule_3_8_entries_above_a_gap_without_two_double_bookings_or_references_are_no_run(
    extra: tuple[Booking, ...],
) -> None:
    plan = plan_repair(Snapshot(TWO_JOURNALS, DOCUMENTS, bookings=[*TRUE_BOOKINGS, *extra]))
    assert _of_rule((*plan.blockers, *plan.warnings), "another-administration") == []


# falsealarm F4 (AA1): invoices 1-5 booked #1-#5; the journal's next number is then set to
# 1001 (a new numbering start), invoices 2 and 3 are entered again by hand (#1001, #1002),
# and nothing has been synchronised since.
AA1_DOCUMENTS = tuple(Invoice(str(n), day(1, n), n) for n in range(1, 6))
AA1_BOOKINGS = (
    *(Booking("70", n, day(1, n), reference=str(n)) for n in range(1, 6)),
    Booking("70", 1001, day(1, 20), reference="2"),
    Booking("70", 1002, day(1, 21), reference="3"),
)


def _aa1(configured: int | None, **options: object) -> Snapshot:
    journals = [Journal("70", next_booking_number=configured), Journal("71")]
    return Snapshot(
        TWO_JOURNALS,
        AA1_DOCUMENTS,
        journals=journals,
        bookings=AA1_BOOKINGS,
        **options,  # type: ignore[arg-type]
    )


def test_rule_3_10_entries_by_hand_after_a_jump_the_configured_number_shows_are_not_blocked() -> (
    None
):
    # The export's configured next number (1003) lies above the gap: the journal numbers
    # up there now, so the run above it is this journal's (another administration's
    # bookings pasted in do not move it).
    plan = plan_repair(_aa1(1003))
    assert _of_rule((*plan.blockers, *plan.warnings), "another-administration") == []
    assert plan.feasible
    assert [d.duplicate.booking_number for d in plan.double_bookings] == [1001, 1002]
    assert [w.rule for w in plan.warnings] == ["double-booking", "double-booking"]


@pytest.mark.parametrize(
    "configured",
    [
        None,  # not known: nothing shows the jump
        6,  # just above the run below the gap: the pasted-in case
        1001,  # the first number above the gap, not past it
    ],
)
def test_rule_3_8_entries_after_a_jump_the_configured_number_does_not_show_are_blocked(
    configured: int | None,
) -> None:
    plan = plan_repair(_aa1(configured))
    (blocker,) = _of_rule(plan.blockers, "another-administration")
    assert "bookings #1001 to #1002 (2) lie above a gap" in blocker.message
    unknown = "give the journal's configured next booking number"
    assert (unknown in blocker.message) is (configured is None)
    plan = plan_repair(_aa1(configured, bookings_complete=True))
    assert plan.feasible
    assert len(_of_rule(plan.warnings, "another-administration")) == 1


def test_rule_3_8_another_administration_above_a_jump_the_configured_number_shows_is_blocked() -> (
    None
):
    # AA1 (configured 1003), and another administration's bookings #2001-#2002 pasted in:
    # the gap #1003-#2000 lies above the configured number.
    others = (
        Booking("70", 2001, day(1, 7), reference="1"),
        Booking("70", 2002, day(1, 9), reference="4"),
    )
    journals = [Journal("70", next_booking_number=1003), Journal("71")]
    snapshot = Snapshot(
        TWO_JOURNALS, AA1_DOCUMENTS, journals=journals, bookings=[*AA1_BOOKINGS, *others]
    )
    (blocker,) = _of_rule(plan_repair(snapshot).blockers, "another-administration")
    assert "bookings #2001 to #2002 (2) lie above a gap" in blocker.message


def test_rule_3_8_another_administration_is_blocked_when_ours_shows_its_configured_number() -> None:
    # p14 A with journal 70's configured number known: 1005, just above our own run.
    journals = [Journal("70", next_booking_number=1005), Journal("71")]
    snapshot = Snapshot(
        TWO_JOURNALS, DOCUMENTS, journals=journals, bookings=[*TRUE_BOOKINGS, *BRUGGE_BOOKINGS]
    )
    plan = plan_repair(snapshot)
    (blocker,) = _of_rule(plan.blockers, "another-administration")
    assert blocker.message.startswith(ANOTHER_ADMINISTRATION.split(": the accounting")[0])
    assert "configured next booking number" not in blocker.message


def test_rule_3_8_another_administration_from_the_command_line_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["kind,number,date,booking_number"]
    lines += [
        f"{'credit_note' if isinstance(d, CreditNote) else 'invoice'},{d.number},"
        f"{d.date.isoformat()},{d.booking_number}"
        for d in DOCUMENTS
    ]
    (tmp_path / "documents.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = ["journal,booking_number,date,reference"]
    rows += [
        f"{b.journal},{b.booking_number},{b.date.isoformat()},{b.reference}"
        for b in (*TRUE_BOOKINGS, *BRUGGE_BOOKINGS)
    ]
    (tmp_path / "bookings.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    arguments = [
        "plan",
        str(tmp_path / "documents.csv"),
        "--bookings",
        str(tmp_path / "bookings.csv"),
        "--credit-note-journal",
        "71",
        "--format",
        "json",
    ]
    status = main(arguments)
    plan = json.loads(capsys.readouterr().out)
    assert (status, plan["feasible"]) == (1, False)
    assert [b["message"] for b in plan["blockers"] if b["rule"] == "another-administration"] == [
        ANOTHER_ADMINISTRATION
    ]
    status = main([*arguments, "--bookings-complete"])
    plan = json.loads(capsys.readouterr().out)
    assert (status, plan["feasible"]) == (0, True)
    assert "another-administration" in {w["rule"] for w in plan["warnings"]}

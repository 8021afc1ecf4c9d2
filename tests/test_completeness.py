"""Is the accounting side complete? DOMAIN.md §3.8, rule by rule (evidence before proof)."""

from __future__ import annotations

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    Integration,
    Invoice,
    Snapshot,
    plan_repair,
)
from builders import SHARED, TWO_JOURNALS, booked, day

A, B, C = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2), Invoice("C", day(1, 10), 2)
K1, K2 = CreditNote("K1", day(1, 7), 5001), CreditNote("K2", day(1, 8), 5002)


def rules(findings: tuple[object, ...]) -> list[str]:
    return [finding.rule for finding in findings]  # type: ignore[attr-defined]


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_a_journal_with_booked_documents_and_no_booking_is_a_blocker(
    policy: CutoffPolicy,
) -> None:
    # The case: the bookings of journal 71 were left out of the export;
    # every credit note looks stale, and rebook-deleted would book them again
    # as #1 and #2 while they are still booked as 5001 and 5002.
    snapshot = Snapshot(TWO_JOURNALS, [A, B, C, K1, K2], bookings=booked(A, C))
    plan = plan_repair(snapshot, policy)
    (blocker,) = [b for b in plan.blockers if b.rule == "bookings-missing"]
    assert blocker.message.startswith(
        "the bookings of journal 71 look missing: 2 booked credit notes, no booking"
    )
    assert "--bookings-complete" in blocker.message
    assert not plan.feasible
    assert plan.blockers[0] is blocker  # the summary leads with it


def test_no_bookings_at_all_with_booked_documents_blocks_every_journal() -> None:
    # bookings=() with booked documents: the same case for every journal.
    plan = plan_repair(Snapshot(TWO_JOURNALS, [A, B, C, K1], bookings=()))
    missing = [b.message for b in plan.blockers if b.rule == "bookings-missing"]
    assert missing == [
        "the bookings of journal 70 look missing: 3 booked invoices, no booking; export them "
        "too (a journal, a page or an administration may be left out), or say the accounting "
        "side is complete on purpose (bookings_complete=True, --bookings-complete)",
        "the bookings of journal 71 look missing: 1 booked credit note, no booking; export "
        "them too (a journal, a page or an administration may be left out), or say the "
        "accounting side is complete on purpose (bookings_complete=True, --bookings-complete)",
    ]


def test_bookings_complete_on_purpose_turns_the_blocker_into_a_warning() -> None:
    snapshot = Snapshot(
        TWO_JOURNALS, [A, B, C, K1, K2], bookings=booked(A, C), bookings_complete=True
    )
    plan = plan_repair(snapshot)
    assert "bookings-missing" not in rules(plan.blockers)
    (warning,) = [w for w in plan.warnings if w.rule == "bookings-missing"]
    assert "journal 71" in warning.message
    assert "2 booked credit notes" in warning.message
    assert plan.warnings[0] is warning


def test_a_journal_with_one_booking_is_not_missing() -> None:
    plan = plan_repair(
        Snapshot(TWO_JOURNALS, [A, B, C, K1], bookings=[*booked(A, C), *booked(K1, journal="71")])
    )
    assert "bookings-missing" not in rules(plan.blockers) + rules(plan.warnings)


def test_without_bookings_nothing_is_judged_missing() -> None:
    plan = plan_repair(Snapshot(TWO_JOURNALS, [A, B, C, K1]))
    assert "bookings-missing" not in rules(plan.blockers) + rules(plan.warnings)


def _invoices(count: int) -> list[Invoice]:
    return [
        Invoice(f"I{n}", day(1 + (n - 1) // 28, 1 + (n - 1) % 28), n) for n in range(1, count + 1)
    ]


@pytest.mark.parametrize(
    ("count", "with_booking", "warned"),
    [
        pytest.param(5, 2, True, id="3-of-5-stale"),
        pytest.param(5, 3, False, id="2-of-5-stale"),
        pytest.param(4, 1, False, id="fewer-than-5-booked"),
        pytest.param(6, 3, False, id="exactly-half-stale"),
        pytest.param(40, 3, True, id="37-of-40-stale"),
    ],
)
def test_more_than_half_stale_of_at_least_five_is_a_warning_naming_the_share(
    count: int, with_booking: int, warned: bool
) -> None:
    invoices = _invoices(count)
    # The booked ones are the last: the stale ones lie below them, so nothing
    # is predicted to collide and the plan has nothing else to say.
    snapshot = Snapshot(SHARED, invoices, bookings=booked(*invoices[count - with_booking :]))
    found = [w.message for w in plan_repair(snapshot).warnings if w.rule == "mostly-stale"]
    if warned:
        stale = count - with_booking
        assert found == [
            f"{stale} of {count} booked invoices in journal 70 have no booking: was the right "
            "administration exported?"
        ]
    else:
        assert found == []


def test_a_journal_with_bookings_missing_is_not_also_called_mostly_stale() -> None:
    invoices = _invoices(6)
    plan = plan_repair(Snapshot(SHARED, invoices, bookings=[]))
    assert rules(plan.warnings).count("mostly-stale") == 0
    assert rules(plan.blockers) == ["bookings-missing"]


def test_manual_bookings_count_as_bookings_of_the_journal() -> None:
    manual = Booking("71", 4000, day(1, 2))
    plan = plan_repair(Snapshot(TWO_JOURNALS, [A, B, C, K1], bookings=[*booked(A, C), manual]))
    assert "bookings-missing" not in rules(plan.blockers)


def test_bookings_missing_counts_each_kind_invoices_first() -> None:
    # §3.8: the blocker names what is booked in the journal without bookings;
    # a shared journal counts invoices and credit notes apart, invoices first.
    K = CreditNote("K", day(1, 7), 5001)
    plan = plan_repair(Snapshot(SHARED, [A, B, C, K], bookings=()))
    (blocker,) = [b for b in plan.blockers if b.rule == "bookings-missing"]
    assert blocker.message.startswith(
        "the bookings of journal 70 look missing: 3 booked invoices and 1 booked credit note, "
        "no booking;"
    )


NINE_AND_TEN = Integration("9", "10")  # journal codes compare naturally: 9 before 10


def test_bookings_missing_names_each_journal_in_natural_order() -> None:
    # §3.8, for every journal: journal 9 before journal 10.
    k = CreditNote("K", day(1, 6), 1)
    plan = plan_repair(Snapshot(NINE_AND_TEN, [A, B, C, K1, k], bookings=()))
    assert [b.message.split(":")[0] for b in plan.blockers if b.rule == "bookings-missing"] == [
        "the bookings of journal 9 look missing",
        "the bookings of journal 10 look missing",
    ]


def test_bookings_complete_on_purpose_warning_word_for_word() -> None:
    snapshot = Snapshot(
        NINE_AND_TEN, [A, B, C, K1, K2], bookings=booked(A, C, journal="9"), bookings_complete=True
    )
    (warning,) = [w for w in plan_repair(snapshot).warnings if w.rule == "bookings-missing"]
    assert warning.message == (
        "journal 10 holds no booking although 2 booked credit notes carry numbers there; "
        "taken as complete on purpose, so all of them are stale"
    )


def _numbered(kind: type[Invoice] | type[CreditNote], prefix: str, count: int) -> list[Invoice]:
    return [kind(f"{prefix}{n}", day(1, n), n) for n in range(1, count + 1)]  # type: ignore[misc]


def test_mostly_stale_is_judged_per_journal_in_natural_order() -> None:
    # §3.8: 3 of 5 stale in journal 9 and in journal 10; the booked ones are
    # the highest numbers, so nothing else is predicted.
    invoices = _numbered(Invoice, "I", 5)
    notes = _numbered(CreditNote, "K", 5)
    bookings = [*booked(*invoices[3:], journal="9"), *booked(*notes[3:], journal="10")]
    plan = plan_repair(Snapshot(NINE_AND_TEN, [*invoices, *notes], bookings=bookings))
    assert [w.message for w in plan.warnings if w.rule == "mostly-stale"] == [
        "3 of 5 booked invoices in journal 9 have no booking: was the right administration "
        "exported?",
        "3 of 5 booked credit notes in journal 10 have no booking: was the right "
        "administration exported?",
    ]


def test_mostly_stale_counts_invoices_and_credit_notes_of_one_journal_as_documents() -> None:
    # Journal 9 has too few booked documents to judge; journal 10 holds three
    # invoices (their own journal) and two credit notes, four of them stale.
    few = [Invoice("F1", day(1, 1), 1), Invoice("F2", day(1, 2), 2)]
    invoices = [Invoice(f"I{n}", day(1, n), n, journal="10") for n in range(1, 4)]
    notes = [CreditNote("K4", day(1, 4), 4), CreditNote("K5", day(1, 5), 5)]
    bookings = [*booked(*few, journal="9"), *booked(notes[1], journal="10")]
    plan = plan_repair(Snapshot(NINE_AND_TEN, [*few, *invoices, *notes], bookings=bookings))
    assert [w.message for w in plan.warnings if w.rule == "mostly-stale"] == [
        "4 of 5 booked documents in journal 10 have no booking: was the right administration "
        "exported?"
    ]


def test_the_summary_leads_with_the_evidence() -> None:
    # §3.8: "The plan's summary leads with these": the checklist's first line
    # about what is wrong names the missing bookings before the collisions.
    from booking_reconcile.formats import plan_to_text

    snapshot = Snapshot(TWO_JOURNALS, [A, B, C, K1, K2], bookings=booked(A, C))
    text = " ".join(plan_to_text(plan_repair(snapshot), snapshot, width=200).split())
    wrong = text[text.index("Wrong: ") :]
    assert wrong.startswith("Wrong: the bookings of journal 71 look missing")
    assert wrong.index("look missing") < wrong.index("1 collision")


def test_one_booked_document_on_purpose_is_named_in_the_singular() -> None:
    snapshot = Snapshot(TWO_JOURNALS, [A, K1], bookings=booked(A), bookings_complete=True)
    (warning,) = [w for w in plan_repair(snapshot).warnings if w.rule == "bookings-missing"]
    assert warning.message.startswith(
        "journal 71 holds no booking although 1 booked credit note carries a number there"
    )

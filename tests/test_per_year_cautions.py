"""§3.5 with §5: a per-year journal whose plan sets one year's number and sends into another.

The library's model: a journal numbered per financial year may have a next
booking number per year in the accounting package (§5), and the snapshot's
one configured number describes the latest period a repair's sync sends
into, or a prevention's step's period (§3.5). Where the plan sets one
year's number and the sync also sends into another year of that journal
that the plan sets no number for, the other year's predictions hold only if
the accounting package numbers each year apart: the plan says so
(``per-year-numbering-assumed``) in every such plan, and the checklist marks
those lines. No number changes.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    Invoice,
    Journal,
    Numbering,
    Place,
    RepairPlan,
    Snapshot,
    plan_repair,
)
from booking_reconcile._per_year_cautions import (
    PER_YEAR_NUMBERING_ASSUMED,
    configured_read_elsewhere,
)
from booking_reconcile.errors import InputFormatError
from booking_reconcile.steps import SET_NEXT_NUMBERS, SYNCHRONISE
from builders import SHARED, TWO_JOURNALS, booked, day

RULE = PER_YEAR_NUMBERING_ASSUMED
APART_70 = "(if the accounting package numbers each financial year of journal 70 apart)"
CHECK = (
    "If the accounting package keeps one next booking number for journal 70 rather than one "
    "per financial year, the documents of financial year 2026 get other numbers than the "
    "checklist predicts (its lines there say so): check in the accounting package (master "
    "data, journals) how journal 70 numbers its financial years before you synchronise"
)

# Journal 70 per financial year (January): 2025/1 #1 booked, 2025/2 #2 (booking
# deleted), 2025/3 #2 (holder), 2025/4 #3; 2026/1 (2026-01-03) not booked yet.
I1 = Invoice("2025/1", day(12, 1, 2025), 1)
I2 = Invoice("2025/2", day(12, 2, 2025), 2)
I3 = Invoice("2025/3", day(12, 5, 2025), 2)
I4 = Invoice("2025/4", day(12, 8, 2025), 3)
U = Invoice("2026/1", day(1, 3))


def journal_70(configured: int | None) -> list[Journal]:
    return [Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=configured)]


def repair(configured: int | None) -> Snapshot:
    """The audit's F2a: a repair in 2025, and 2026/1 sent into 2026."""
    return Snapshot(
        SHARED, [I1, I2, I3, I4, U], journal_70(configured), bookings=booked(I1, I3, I4)
    )


def prevention(configured: int | None) -> Snapshot:
    """The audit's F2b: 2025/2 stale at the top of 2025, 2026/1 sent into 2026."""
    return Snapshot(SHARED, [I1, I2, U], journal_70(configured), bookings=booked(I1))


def of_rule(plan: RepairPlan) -> list[str]:
    return [warning.message for warning in plan.warnings if warning.rule == RULE]


def step(plan: RepairPlan, key: str) -> tuple[str, ...]:
    (found,) = [each for each in plan.steps if each.key == key]
    return found.details


def test_rule_3_5_a_repair_with_the_configured_number_unknown_warns_and_marks() -> None:
    plan = plan_repair(repair(None))
    assert [(n.place, n.number, n.configured) for n in plan.next_numbers] == [
        (Place("70", 2025), 3, None)
    ]
    assert of_rule(plan) == [
        "journal 70, financial year 2026: the checklist predicts #1 for invoice 2026/1, the "
        "one document the synchronisation sends there, numbering financial year 2026 apart "
        "from financial year 2025, whose next booking number the checklist sets to 3: "
        "journal 70's configured next booking number is not known; financial year 2026 is "
        f"numbered from its own highest number. {CHECK}"
    ]
    (warning,) = [w for w in plan.warnings if w.rule == RULE]
    assert warning.documents == (U.ref,)
    assert step(plan, SYNCHRONISE)[-1] == (
        "invoice 2026/1 of 2026-01-03 → #1 in journal 70, financial year 2026 (if the "
        "accounting package starts there at #1: its next booking number is unknown; and if "
        "it numbers each financial year of journal 70 apart)"
    )
    # The configured number is not known: the step says to look it up, as before.
    assert step(plan, SET_NEXT_NUMBERS) == (
        "journal 70, financial year 2025: 3 (configured now: unknown: look it up (master "
        "data, journals) and set it to 3)",
    )


def test_rule_3_5_a_repair_with_the_configured_number_known_names_whose_it_is() -> None:
    plan = plan_repair(repair(50))
    assert of_rule(plan) == [
        "journal 70, financial year 2026: the checklist predicts #50 for invoice 2026/1, the "
        "one document the synchronisation sends there, numbering financial year 2026 apart "
        "from financial year 2025, whose next booking number the checklist sets to 3: "
        "journal 70's configured next booking number, 50, is read as financial year 2026's, "
        f"the latest the synchronisation sends into. {CHECK}"
    ]
    assert step(plan, SET_NEXT_NUMBERS) == (
        "journal 70, financial year 2025: 3 (configured now: 50 is financial year 2026's; "
        "look up financial year 2025's (master data, journals) and set it to 3)",
    )
    assert step(plan, SYNCHRONISE) == (
        "invoice 2025/3 of 2025-12-05 → #3 in journal 70, financial year 2025",
        "invoice 2025/4 of 2025-12-08 → #4 in journal 70, financial year 2025",
        f"invoice 2026/1 of 2026-01-03 → #50 in journal 70, financial year 2026 {APART_70}",
    )


def test_rule_3_9_a_prevention_with_the_configured_number_unknown_warns_and_marks() -> None:
    plan = plan_repair(prevention(None))
    assert plan.kind == "prevent"
    assert of_rule(plan) == [
        "journal 70, financial year 2026: the checklist predicts #1 for invoice 2026/1, the "
        "one document the synchronisation sends there, numbering financial year 2026 apart "
        "from financial year 2025, whose next booking number the checklist sets to 3: "
        "journal 70's configured next booking number is not known; financial year 2026 is "
        f"numbered from its own highest number. {CHECK}"
    ]
    assert step(plan, SYNCHRONISE) == (
        f"invoice 2026/1 of 2026-01-03 → #1 in journal 70, financial year 2026 {APART_70}",
    )


def test_rule_3_9_a_prevention_with_the_configured_number_known_reads_it_as_its_steps() -> None:
    plan = plan_repair(prevention(50))
    assert [(n.place, n.number, n.configured) for n in plan.next_numbers] == [
        (Place("70", 2025), 3, 50)
    ]
    assert of_rule(plan) == [
        "journal 70, financial year 2026: the checklist predicts #1 for invoice 2026/1, the "
        "one document the synchronisation sends there, numbering financial year 2026 apart "
        "from financial year 2025, whose next booking number the checklist sets to 3: "
        "journal 70's configured next booking number, 50, is read as financial year 2025's, "
        "the period its step sets; financial year 2026 is numbered from its own highest "
        f"number. {CHECK}"
    ]
    # §3.5: a prevention's configured number describes its step's period.
    assert step(plan, SET_NEXT_NUMBERS) == ("journal 70, financial year 2025: 3 (now 50)",)
    assert step(plan, SYNCHRONISE)[-1].endswith(APART_70)


def test_rule_3_9_a_prevention_of_a_later_year_warns_of_the_earlier_one() -> None:
    # The step sets 2026 (B's #2 at the top); U is sent into 2025, numbered on
    # from the manual #5 there: #6.
    a, b = Invoice("A", day(1, 10), 1), Invoice("B", day(1, 12), 2)
    u = Invoice("U", day(12, 20, 2025))
    snapshot = Snapshot(
        SHARED,
        [a, b, u],
        journal_70(8),
        bookings=[*booked(a), Booking("70", 5, day(12, 1, 2025))],
    )
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    assert of_rule(plan) == [
        "journal 70, financial year 2025: the checklist predicts #6 for invoice U, the one "
        "document the synchronisation sends there, numbering financial year 2025 apart from "
        "financial year 2026, whose next booking number the checklist sets to 3: journal "
        "70's configured next booking number, 8, is read as financial year 2026's, the "
        "period its step sets; financial year 2025 is numbered from its own highest number. "
        + CHECK.replace("financial year 2026", "financial year 2025")
    ]
    assert step(plan, SYNCHRONISE) == (
        f"invoice U of 2025-12-20 → #6 in journal 70, financial year 2025 {APART_70}",
    )


def test_rule_3_5_a_repair_of_a_later_year_warns_of_the_earlier_one() -> None:
    # The repair sets 2026's number (1003); invoice E is sent into an empty 2025.
    a, b = Invoice("A", day(12, 5), 1001), Invoice("B", day(12, 6), 1002)
    c, e = Invoice("C", day(12, 10), 1002), Invoice("E", day(6, 2, 2025))
    snapshot = Snapshot(SHARED, [a, b, c, e], journal_70(1500), bookings=booked(a, c))
    plan = plan_repair(snapshot)
    assert [(n.place, n.number, n.configured) for n in plan.next_numbers] == [
        (Place("70", 2026), 1003, 1500)
    ]
    (message,) = of_rule(plan)
    assert message.startswith(
        "journal 70, financial year 2025: the checklist predicts #1 for invoice E, the one "
        "document the synchronisation sends there, numbering financial year 2025 apart from "
        "financial year 2026, whose next booking number the checklist sets to 1003: journal "
        "70's configured next booking number, 1500, is read as financial year 2026's, the "
        "latest the synchronisation sends into or sets a number for; financial year 2025 is "
        "numbered from its own highest number. If the accounting package keeps"
    )
    assert step(plan, SET_NEXT_NUMBERS) == ("journal 70, financial year 2026: 1003 (now 1500)",)


def test_rule_3_5_two_years_set_around_a_third_are_named_together() -> None:
    # Collisions in 2025 and 2027 of journal 70; 2026/1 waits in an empty 2026.
    x1, x2 = Invoice("X1", day(12, 1, 2025), 1), Invoice("X2", day(12, 2, 2025), 1)
    z1, z2 = Invoice("Z1", day(1, 4, 2027), 1), Invoice("Z2", day(1, 5, 2027), 1)
    snapshot = Snapshot(SHARED, [x1, x2, U, z1, z2], journal_70(None), bookings=booked(x2, z2))
    plan = plan_repair(snapshot)
    assert [(n.place, n.number) for n in plan.next_numbers] == [
        (Place("70", 2025), 2),
        (Place("70", 2027), 1),
    ]
    (message,) = of_rule(plan)
    assert (
        "numbering financial year 2026 apart from the financial years whose next booking "
        "numbers the checklist sets (2025 to 2, 2027 to 1): journal 70's configured next "
        "booking number is not known;"
    ) in message
    # Two years set, the number unknown: each line says which year's to look up.
    assert step(plan, SET_NEXT_NUMBERS) == (
        "journal 70, financial year 2025: 2 (configured now: unknown: look up financial year "
        "2025's (master data, journals) and set it to 2)",
        "journal 70, financial year 2027: 1 (configured now: unknown: look up financial year "
        "2027's (master data, journals) and set it to 1)",
    )


# -- F2c: a reset that spans a year end sets one number per year (§5) ---------------

E1 = Invoice("2026/1", day(1, 3), 1)
E2 = Invoice("2026/2", day(1, 4), 2)


def spanning(configured: int | None) -> Snapshot:
    return Snapshot(
        SHARED,
        [I1, I2, I3, I4, E1, E2],
        journal_70(configured),
        bookings=booked(I1, I3, I4, E1, E2),
    )


def test_rule_5_a_reset_over_a_year_end_names_each_years_number() -> None:
    unknown, known = plan_repair(spanning(None)), plan_repair(spanning(3))
    assert step(unknown, SET_NEXT_NUMBERS) == (
        "journal 70, financial year 2025: 3 (configured now: unknown: look up financial year "
        "2025's (master data, journals) and set it to 3)",
        "journal 70, financial year 2026: 1 (configured now: unknown: look up financial year "
        "2026's (master data, journals) and set it to 1)",
    )
    assert step(known, SET_NEXT_NUMBERS) == (
        "journal 70, financial year 2025: 3 (configured now: 3 is financial year 2026's; look "
        "up financial year 2025's (master data, journals) and set it to 3)",
        "journal 70, financial year 2026: 1 (now 3)",
    )
    # Every year the sync sends into has its step: nothing is predicted apart.
    assert of_rule(unknown) == of_rule(known) == []


# -- what is not warned of -----------------------------------------------------------


def test_rule_3_5_a_continuous_journal_or_one_without_a_step_is_not_warned_of() -> None:
    a, b, c = (
        Invoice("A", day(1, 5), 1001),
        Invoice("B", day(1, 6), 1002),
        Invoice("C", day(1, 10), 1002),
    )
    later = Invoice("L", dt.date(2027, 1, 5))
    continuous = Snapshot(SHARED, [a, b, c, later], bookings=booked(a, c))
    assert of_rule(plan_repair(continuous)) == []
    # Journal 71 per year gets no step, though its credit notes go into 2026 and 2027.
    k1, k2 = CreditNote("K1", day(1, 8)), CreditNote("K2", dt.date(2027, 1, 8))
    two = Snapshot(
        TWO_JOURNALS,
        [a, b, c, k1, k2],
        [Journal("70"), Journal("71", Numbering.PER_FINANCIAL_YEAR)],
        bookings=booked(a, c),
    )
    assert of_rule(plan_repair(two)) == []


# -- §3.11: the marks are derived from the warning: a saved plan round-trips ---------


@pytest.mark.parametrize("configured", [None, 50])
def test_rule_3_11_the_plan_json_round_trips_with_the_marks(configured: int | None) -> None:
    plan = plan_repair(repair(configured))
    data = plan.to_dict()
    read = RepairPlan.from_dict(data)
    assert read == plan
    assert read.steps == plan.steps


def test_rule_3_11_a_warning_removed_by_hand_disagrees_with_the_saved_steps() -> None:
    data = plan_repair(repair(50)).to_dict()
    data["warnings"] = [w for w in data["warnings"] if w["rule"] != RULE]
    with pytest.raises(InputFormatError):
        RepairPlan.from_dict(data, source="plan.json")


def test_rule_3_5_whose_number_the_step_names_comes_from_the_plans_fields() -> None:
    plan = plan_repair(repair(50))
    assert configured_read_elsewhere(plan.next_numbers, plan.sent, plan.warnings) == {
        "70": (50, 2026)
    }
    # Without the warning the step cannot know whose the number is, and says so as before.
    bare = attrs.evolve(plan, warnings=[w for w in plan.warnings if w.rule != RULE])
    assert configured_read_elsewhere(bare.next_numbers, bare.sent, bare.warnings) == {}
    assert step(bare, SET_NEXT_NUMBERS) == (
        "journal 70, financial year 2025: 3 (configured now: unknown: look it up (master "
        "data, journals) and set it to 3)",
    )
    assert step(bare, SYNCHRONISE)[-1] == (
        "invoice 2026/1 of 2026-01-03 → #50 in journal 70, financial year 2026"
    )
    # A step whose configured number is known names it; another rule's words are not read.
    other = attrs.evolve(
        plan,
        warnings=[attrs.evolve(w, rule="x") if w.rule == RULE else w for w in plan.warnings],
    )
    assert configured_read_elsewhere(other.next_numbers, other.sent, other.warnings) == {}
    spans = plan_repair(spanning(3))
    assert configured_read_elsewhere(spans.next_numbers, spans.sent, spans.warnings) == {
        "70": (3, 2026)
    }


def test_rule_3_5_several_documents_in_the_other_year_are_counted() -> None:
    u2 = Invoice("2026/2", day(1, 9))
    snapshot = Snapshot(
        SHARED, [I1, I2, I3, I4, U, u2], journal_70(None), bookings=booked(I1, I3, I4)
    )
    plan = plan_repair(snapshot)
    (warning,) = [w for w in plan.warnings if w.rule == RULE]
    assert warning.documents == (U.ref, u2.ref)
    assert warning.message.startswith(
        "journal 70, financial year 2026: the checklist predicts #1 to #2 for the 2 documents "
        "the synchronisation sends there (invoice 2026/1 first), numbering financial year "
        "2026 apart from financial year 2025"
    )
    assert all(line.endswith("journal 70 apart)") for line in step(plan, SYNCHRONISE)[2:])


def test_rule_3_5_the_next_numbers_table_says_what_the_step_says() -> None:
    # The Markdown/CSV table of next numbers names whose the known number is, as the step does.
    from booking_reconcile.formats._rows import next_number_rows

    plan = plan_repair(repair(50))
    _, rows = next_number_rows(plan)
    assert rows == [
        (
            "70",
            2025,
            3,
            "50 is financial year 2026's; look up financial year 2025's (master data, journals) "
            "and set it to 3",
            "unknown",
        )
    ]

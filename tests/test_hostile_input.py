"""Hostile and implausible input: each break found by trying it is a regression test here.

Valid input that looks wrong gets a blocker or a warning; bad input gets one
short line of the library's own hierarchy, never a plain ``TypeError`` or a
traceback; and nothing is changed by a refusal.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from booking_reconcile import (
    Booking,
    BookingReconcileError,
    Integration,
    InvalidTypeError,
    InvalidValueError,
    Invoice,
    Journal,
    Snapshot,
    documents_to_delete,
    documents_to_reset,
    find_collisions,
    natural_key,
    next_booking_numbers,
    plan_repair,
    plan_with_cutoff,
    verify_plan,
)
from booking_reconcile.errors import QUOTE_LIMIT, quoted
from booking_reconcile.models import DOCUMENT_CLASSES
from builders import SHARED, booked, day

A, B, C = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2), Invoice("C", day(1, 10), 2)
STORY = Snapshot(SHARED, [A, B, C], bookings=booked(A, C))
PLAN = plan_repair(STORY)


@pytest.mark.parametrize(
    "function",
    [documents_to_reset, documents_to_delete, next_booking_numbers, plan_with_cutoff],
    ids=lambda f: f.__name__,
)
@pytest.mark.parametrize(
    "cutoff",
    [dt.datetime(2026, 1, 10, 9, 0), "2026-01-10", 20260110],
    ids=["datetime", "text", "number"],
)
def test_a_cutoff_that_is_not_a_date_is_refused_by_name(function: object, cutoff: object) -> None:
    with pytest.raises(InvalidTypeError, match="cutoff") as raised:
        function(STORY, cutoff)  # type: ignore[operator]
    assert function.__name__ in str(raised.value)  # type: ignore[attr-defined]
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("cutoff", [dt.datetime(2026, 1, 10, 9, 0), "2026-01-10"], ids=str)
def test_a_plan_with_a_cutoff_that_is_not_a_date_cannot_be_made(cutoff: object) -> None:
    # So verify_plan never meets one: the plan record refuses it.
    with pytest.raises(InvalidTypeError, match="cutoff"):
        attrs.evolve(PLAN, cutoff=cutoff)
    assert verify_plan(STORY, PLAN) == ()


def test_a_plans_lists_stay_tuples_when_changed_with_evolve() -> None:
    changed = attrs.evolve(PLAN, to_reset=[C], deletions=list(PLAN.deletions))
    assert isinstance(changed.to_reset, tuple)
    assert isinstance(changed.deletions, tuple)


@pytest.mark.parametrize("digits", [4300, 5000, 20000])
def test_a_document_number_with_a_huge_digit_run_still_sorts(digits: int) -> None:
    small, huge = Invoice("7", day(1, 5), 1), Invoice("9" * digits, day(1, 5), 1)
    assert natural_key(small.number) < natural_key(huge.number)
    (collision,) = find_collisions(Snapshot(SHARED, [huge, small]))
    assert collision.documents == (small, huge)


def test_a_journal_code_with_a_huge_digit_run_still_plans() -> None:
    code = "7" * 5000
    a, b, c = (Invoice(x.number, x.date, x.booking_number, journal=code) for x in (A, B, C))
    plan = plan_repair(Snapshot(Integration(code, code), [a, b, c]))
    assert plan.cutoff == day(1, 10)


@pytest.mark.parametrize("text", ["\ud800", "2026/\udfff"], ids=["alone", "inside"])
def test_a_lone_surrogate_is_refused_as_text_no_file_can_hold(text: str) -> None:
    with pytest.raises(InvalidValueError, match="lone surrogate") as raised:
        Invoice(text, day(1, 5))
    str(raised.value).encode("utf-8")  # the message itself can be printed


class _NoOffset(dt.tzinfo):
    """A time zone that knows no offset: naive, by Python's own definition."""

    def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return None

    def dst(self, moment: dt.datetime | None) -> dt.timedelta | None:
        return None


class _Broken(dt.tzinfo):
    def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta | None:
        raise RuntimeError("no")


def test_a_tzinfo_without_an_offset_is_naive_and_mixes_with_aware_times_as_an_error() -> None:
    naive = Invoice("A", day(1, 5), 1, synced_at=dt.datetime(2026, 1, 5, 9, tzinfo=_NoOffset()))
    aware = Invoice("B", day(1, 6), 1, synced_at=dt.datetime(2026, 1, 6, 9, tzinfo=dt.timezone.utc))
    with pytest.raises(BookingReconcileError, match="without a time zone"):
        Snapshot(SHARED, [naive, aware])
    plain = Invoice("B", day(1, 6), 1, synced_at=dt.datetime(2026, 1, 6, 9))
    assert plan_repair(Snapshot(SHARED, [naive, plain])).cutoff == day(1, 6)


def test_a_tzinfo_that_fails_is_refused_naming_the_document() -> None:
    broken = Invoice("A", day(1, 5), 1, synced_at=dt.datetime(2026, 1, 5, 9, tzinfo=_Broken()))
    with pytest.raises(InvalidValueError, match="invoice A: synced_at"):
        Snapshot(SHARED, [broken])


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(list(range(1_000_000)), id="million-element-list"),
        pytest.param("x" * 100_000, id="long-text"),
        pytest.param(10**5000, id="5000-digit-integer"),
    ],
)
def test_messages_quote_at_most_about_80_characters_of_a_value(value: object) -> None:
    with pytest.raises(BookingReconcileError) as raised:
        Invoice("A", day(1, 5), booking_number=value)  # type: ignore[arg-type]
    assert len(str(raised.value)) < 400
    assert len(quoted(value)) <= QUOTE_LIMIT + 5


def test_a_deeply_nested_value_is_quoted_without_recursion_error() -> None:
    nested: list[object] = []
    inner = nested
    for _ in range(100_000):
        inner.append([])
        inner = inner[0]  # type: ignore[assignment]
    with pytest.raises(BookingReconcileError):
        Invoice("A", day(1, 5), booking_number=nested)  # type: ignore[arg-type]


def test_a_journal_code_holding_a_line_end_keeps_messages_on_one_line() -> None:
    code = "70\n71"
    a, b, c = (Invoice(x.number, x.date, x.booking_number, journal=code) for x in (A, B, C))
    snapshot = Snapshot(
        Integration("70", "70"),
        [a, b, c],
        journals=[Journal(code, locked_until=day(1, 31)), Journal("70")],
    )
    plan = plan_repair(snapshot)
    for finding in (*plan.warnings, *plan.blockers):
        assert "\n" not in finding.message, finding.message
    assert plan.blockers


def test_the_document_classes_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        DOCUMENT_CLASSES[next(iter(DOCUMENT_CLASSES))] = Invoice  # type: ignore[index]


def test_a_refusal_changes_nothing() -> None:
    before = STORY.to_dict()
    with pytest.raises(BookingReconcileError):
        documents_to_reset(STORY, "2026-01-10")  # type: ignore[arg-type]
    with pytest.raises(BookingReconcileError):
        Snapshot(SHARED, [A, A])
    assert STORY.to_dict() == before
    assert plan_repair(STORY) == PLAN


def test_bookings_and_manual_references_are_checked_as_text() -> None:
    with pytest.raises(InvalidValueError, match="reference"):
        Booking("70", 1, day(1, 5), reference=" 2026/1")

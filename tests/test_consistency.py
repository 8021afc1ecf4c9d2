"""What a reader notices: the checklist agrees with itself, and says what it knows."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    Document,
    Integration,
    Invoice,
    Snapshot,
    plan_repair,
)

DAY = date(2026, 1, 10)


def _same_day_snapshot(bookings: bool) -> Snapshot:
    documents: list[Document] = [
        Invoice("A", date(2026, 1, 5), 1001),
        Invoice("B", date(2026, 1, 6), 1002),
        Invoice("C", DAY, 1002),
        CreditNote("K2", DAY, 4),
        CreditNote("K0", date(2026, 1, 7), 2),
        Invoice("2026/10", DAY, 1003, synced_at=datetime(2026, 1, 10, 9)),
        Invoice("2026/9", DAY, 1004, synced_at=datetime(2026, 1, 10, 17)),
        Invoice("D", date(2026, 1, 12), 1005),
    ]
    given = None
    if bookings:
        given = [
            Booking(
                "70" if d.kind.value == "invoice" else "71", d.booking_number or 0, d.date, d.ref
            )
            for d in documents
            if d.number != "B"
        ]
    return Snapshot(Integration("70", "71"), documents, bookings=given)


def _names(details: tuple[str, ...]) -> list[str]:
    return [detail.removeprefix("resets ").split(" of ")[0] for detail in details]


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda policy: policy.value)
@pytest.mark.parametrize("bookings", [True, False], ids=["bookings", "no-bookings"])
def test_step_5_and_step_7_list_the_documents_of_one_date_in_resend_order(
    policy: CutoffPolicy, bookings: bool
) -> None:
    plan = plan_repair(_same_day_snapshot(bookings), policy)
    steps = {step.key: step for step in plan.steps}
    reset = _names(steps["deactivate"].details)
    sent = [name for name in _names(steps["synchronise"].details) if name in reset]
    assert reset == sent
    assert reset.index("invoice 2026/9") < reset.index("invoice 2026/10")  # not sync order
    assert reset.index("invoice C") < reset.index("credit note K2")  # invoices first


def test_a_stale_document_inferred_from_a_collision_is_presumed_deleted() -> None:
    plan = plan_repair(_same_day_snapshot(bookings=False))
    (kept,) = [finding for finding in plan.warnings if finding.rule == "stale-document-kept"]
    assert "is presumed deleted in the accounting package" in kept.message
    assert "no longer exists" not in kept.message


def test_a_stale_document_known_from_the_bookings_no_longer_has_its_booking() -> None:
    plan = plan_repair(_same_day_snapshot(bookings=True))
    (kept,) = [finding for finding in plan.warnings if finding.rule == "stale-document-kept"]
    assert "its booking no longer exists in the accounting package" in kept.message


def test_a_plan_in_a_notebook_names_the_python_way_to_the_other_policy() -> None:
    plan = plan_repair(_same_day_snapshot(bookings=True))
    markdown, html = plan._repr_markdown_(), plan._repr_html_()
    assert "policy=CutoffPolicy.REBOOK\\_DELETED" in markdown  # Markdown escapes the "_"
    assert "policy=CutoffPolicy.REBOOK_DELETED" in html
    assert "--policy" not in markdown + html
    assert "use --policy rebook-deleted to book it again" in plan.to_markdown()

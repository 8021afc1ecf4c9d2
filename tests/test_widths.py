"""Text for a terminal fits its width: check, confirm and the plan, long hostile values too."""

from __future__ import annotations

import pytest

from booking_reconcile import (
    Booking,
    Confirmation,
    Deviation,
    Integration,
    Invoice,
    Journal,
    Snapshot,
    Unchecked,
    plan_repair,
    simulate,
)
from booking_reconcile.formats import (
    check_report_to_text,
    check_to_markdown,
    confirmation_to_text,
    plan_to_text,
    render,
    simulation_to_text,
    text_table,
)
from booking_reconcile.verdict import check_snapshot
from builders import day

LONG = "INV-" + "9" * 120
SPACED = "2026 / " + " / ".join(["12345678901234567890"] * 6)
HOSTILE = "5\nINJECTED:\x1b[2J" + "x" * 90
JOURNAL = "J" * 30


def _snapshot() -> Snapshot:
    documents = [
        Invoice("A", day(1, 5), 1001),
        Invoice(LONG, day(1, 6), 1002),
        Invoice(SPACED, day(1, 10), 1002),
        Invoice(HOSTILE, day(1, 12), 1003),
        Invoice("E", day(1, 13), 1004),
    ]
    bookings = [
        Booking(JOURNAL, d.booking_number or 0, d.date, d.ref)
        for d in documents
        if d.number != LONG
    ]
    return Snapshot(
        Integration(JOURNAL, JOURNAL),
        documents,
        [Journal(JOURNAL, next_booking_number=1005)],
        bookings,
    )


def _confirmation() -> Confirmation:
    return Confirmation(
        deviations=[
            Deviation("synchronise", f"invoice {LONG} received #1009, the plan said #1003"),
            Deviation(f"step {HOSTILE}", f"invoice {SPACED} is not booked", matters=False),
        ],
        unchecked=[Unchecked("set-next-numbers", f"the journal {JOURNAL} {LONG}")],
    )


def _texts(width: int) -> dict[str, str]:
    snapshot = _snapshot()
    plan = plan_repair(snapshot)
    return {
        "check": check_report_to_text(check_snapshot(snapshot), width=width),
        "confirm": confirmation_to_text(_confirmation(), width=width),
        "plan": plan_to_text(plan, snapshot, width=width),
        "simulation": simulation_to_text(simulate(snapshot, plan), width=width),
    }


@pytest.mark.parametrize("width", [80, 60, 120])
@pytest.mark.parametrize("name", ["check", "confirm", "plan", "simulation"])
def test_every_line_fits_the_width(name: str, width: int) -> None:
    text = _texts(width)[name]
    assert [line for line in text.splitlines() if len(line) > width] == []
    assert "\x1b" not in text


def test_check_puts_the_summary_first_then_aligned_tables() -> None:
    lines = check_report_to_text(check_snapshot(_snapshot()), width=80).splitlines()
    assert lines[:3] == ["Check", "=====", ""]
    assert lines[3].startswith("Read 5 invoices")
    summary = " ".join(line.strip() for line in lines[3:8])
    assert "1 collision, 1 stale document; run `booking-reconcile plan`" in summary
    assert lines.index("Collisions") < lines.index("Stale documents")


def test_the_text_layout_of_a_verdict_and_a_confirmation_is_chosen_by_name() -> None:
    verdict = check_snapshot(_snapshot())
    assert render(verdict, "text", width=70) == check_report_to_text(verdict, width=70)
    assert render(verdict, "markdown") == check_to_markdown(verdict)
    confirmation = _confirmation()
    assert render(confirmation, "text") == confirmation_to_text(confirmation, width=80)


def test_a_confirmation_says_its_verdict_first() -> None:
    lines = confirmation_to_text(_confirmation(), width=80).splitlines()
    assert lines[3].startswith("Not confirmed: 1 deviation matters")
    assert "- harmless: invoice 2026 / 12345678901234567890" in "\n".join(lines)


def test_numbers_stay_right_aligned_after_a_dash() -> None:
    lines = text_table(("journal", "next", "configured"), [("70", 1003, None), ("71", 5, 40)], 80)
    assert lines[2:] == ["70       1003           -", "71          5          40"]

"""Values from the input never act on the reader: every human layout shows them escaped.

A document number or journal code is whatever the export held: a terminal
escape (``\\x1b[2J`` clears the screen), a line end followed by a forged line
(``INJECTED: no collisions``), a Markdown heading, a table border, HTML. Text,
Markdown and HTML show control characters and line ends as visible escapes
and escape their own markup; JSON keeps every value exact.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from booking_reconcile import (
    Booking,
    Confirmation,
    CreditNote,
    Deviation,
    Integration,
    Invoice,
    Journal,
    Snapshot,
    Unchecked,
    find_collisions,
    find_stale_documents,
    plan_repair,
    simulate,
)
from booking_reconcile.cli import main
from booking_reconcile.formats import (
    check_report_to_text,
    check_to_markdown,
    check_to_text,
    collision_to_html,
    collision_to_markdown,
    collisions_to_html,
    collisions_to_markdown,
    confirmation_to_markdown,
    confirmation_to_text,
    plan_to_html,
    plan_to_markdown,
    plan_to_text,
    render,
    simulation_to_html,
    simulation_to_markdown,
    simulation_to_text,
    stale_to_html,
    stale_to_markdown,
)
from booking_reconcile.formats._escape import visible
from booking_reconcile.verdict import check_snapshot
from builders import day
from messages import one_error

CLEAR = "\x1b[2J"
FORGED = "5\nINJECTED: no collisions, nothing to do"
HEADING = "# heading"
BORDER = "a|b"
SCRIPT = "<script>alert(1)</script>"
INVOICE_JOURNAL = "7\r\n# INJECTED journal"
CREDIT_JOURNAL = "<script>|71"


def _hostile() -> Snapshot:
    """Collisions, stale documents and a reset among documents with hostile numbers and journals."""
    documents = [
        Invoice(CLEAR, day(1, 5), 1001),
        Invoice(FORGED, day(1, 6), 1002),
        Invoice(HEADING, day(1, 10), 1002),
        Invoice(BORDER, day(1, 12), 1003),
        Invoice(SCRIPT, day(1, 13), 1004),
        CreditNote(f"K{CLEAR}", day(1, 11), 4),
        CreditNote(f"K{FORGED}", day(1, 14), 4),
    ]
    booked = [documents[i] for i in (0, 2, 3, 4)]
    bookings = [Booking(INVOICE_JOURNAL, d.booking_number or 0, d.date, d.ref) for d in booked]
    bookings.append(Booking(CREDIT_JOURNAL, 4, day(1, 14), documents[6].ref))
    return Snapshot(
        Integration(INVOICE_JOURNAL, CREDIT_JOURNAL),
        documents,
        [Journal(INVOICE_JOURNAL, next_booking_number=1005), Journal(CREDIT_JOURNAL)],
        bookings,
    )


def _human_outputs() -> dict[str, str]:
    snapshot = _hostile()
    plan = plan_repair(snapshot)
    collisions = find_collisions(snapshot)
    simulation = simulate(snapshot, plan)
    confirmation = Confirmation(
        deviations=[Deviation(f"step {FORGED}", f"invoice {FORGED} {SCRIPT} {CLEAR}")],
        unchecked=[Unchecked(f"step {FORGED}", f"journal {INVOICE_JOURNAL}")],
    )
    assert collisions, "the example must collide"
    return {
        "plan text": plan_to_text(plan, snapshot, width=80),
        "plan markdown": plan_to_markdown(plan),
        "plan html": plan_to_html(plan),
        "check lines": check_to_text(check_snapshot(snapshot)),
        "check text": check_report_to_text(check_snapshot(snapshot), width=80),
        "check markdown": check_to_markdown(check_snapshot(snapshot)),
        "collision markdown": collision_to_markdown(collisions[0]),
        "collision html": collision_to_html(collisions[0]),
        "collisions markdown": collisions_to_markdown(collisions),
        "collisions html": collisions_to_html(collisions),
        "stale markdown": stale_to_markdown(find_stale_documents(snapshot)),
        "stale html": stale_to_html(find_stale_documents(snapshot)),
        "simulation text": simulation_to_text(simulation, width=80),
        "simulation markdown": simulation_to_markdown(simulation),
        "simulation html": simulation_to_html(simulation),
        "confirmation markdown": confirmation_to_markdown(confirmation),
        "confirmation text": confirmation_to_text(confirmation, width=80),
        "rendered text": render(plan, "text", width=80),
    }


OUTPUTS = _human_outputs()
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_no_control_character_of_a_value_reaches_the_reader(name: str) -> None:
    assert _CONTROL.findall(OUTPUTS[name]) == []


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_a_line_end_inside_a_value_never_forges_a_line(name: str) -> None:
    lines = OUTPUTS[name].splitlines()
    forged = [line for line in lines if line.lstrip(" -*>|#").startswith("INJECTED:")]
    assert forged == []
    assert "INJECTED" in OUTPUTS[name] or name.startswith(("stale", "simulation"))


@pytest.mark.parametrize("name", sorted(n for n in OUTPUTS if "markdown" in n))
def test_markdown_shows_values_without_headings_borders_or_markup(name: str) -> None:
    text = OUTPUTS[name]
    headings = [line for line in text.splitlines() if line.startswith("#")]
    ours = r"#{1,3} (Repair plan|Check|Collisions|Booked twice|Stale documents|Blockers|Warnings|Steps|Simulated result|Confirming|Step |Not checked)"
    assert all(re.match(ours, line) for line in headings), headings
    assert "<script>" not in text
    for table in re.findall(r"(?:^ *\|.*\n?)+", text, re.MULTILINE):
        borders = {len(re.findall(r"(?<!\\)\|", line)) for line in table.splitlines()}
        assert len(borders) == 1, f"a value added a column:\n{table}"


@pytest.mark.parametrize("name", sorted(n for n in OUTPUTS if "html" in n))
def test_html_shows_values_as_text(name: str) -> None:
    assert "<script>" not in OUTPUTS[name]
    assert "&lt;script&gt;" in OUTPUTS[name] or name in ("collision html", "stale html")


def test_json_keeps_every_value_exact() -> None:
    snapshot = _hostile()
    text = json.dumps(plan_repair(snapshot).to_dict())
    for value in (FORGED, HEADING, BORDER, SCRIPT, INVOICE_JOURNAL, CREDIT_JOURNAL):
        assert json.dumps(value) in text
    data = json.loads(text)
    assert data["integration"]["invoice_journal"] == INVOICE_JOURNAL
    assert data["collisions"][0]["message"] == find_collisions(snapshot)[0].message


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026/5", "2026/5"),
        ("réf 5", "réf 5"),
        (CLEAR, "\\x1b[2J"),
        (FORGED, "5\\nINJECTED: no collisions, nothing to do"),
        ("a\tb\rc", "a\\tb\\rc"),
        ("rtl\u202eoverride", "rtl\\u202eoverride"),
        ("line\u2028separator", "line\\u2028separator"),
        ("tag\U000e0041", "tag\\U000e0041"),
    ],
    ids=["plain", "accents", "escape", "line-end", "tab-cr", "bidi", "line-separator", "tag"],
)
def test_visible_escapes_exactly_what_is_not_printable(value: str, shown: str) -> None:
    assert visible(value) == shown


@pytest.mark.parametrize(
    "lay_out",
    [plan_to_markdown, plan_to_html, lambda plan: plan_to_text(plan, width=80)],
    ids=["markdown", "html", "text"],
)
def test_the_collision_message_is_escaped_in_every_layout(lay_out: Callable[..., str]) -> None:
    plan = plan_repair(_hostile())
    message = plan.collisions[0].message
    assert "\n" in message or "\x1b" in message  # the message itself stays exact
    assert "\x1b" not in lay_out(plan)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (f"missing{CLEAR}.csv", "/missing\\x1b[2J.csv': cannot be read"),
        ("missing\nINJECTED: fine.csv", "/missing\\nINJECTED: fine.csv': cannot be read"),
    ],
    ids=["escape", "line-end"],
)
def test_an_error_message_shows_a_file_name_with_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, shown: str
) -> None:
    assert main(["check", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert _CONTROL.findall(err) == []
    assert shown in one_error(err)
    assert f"error: '{tmp_path}" in one_error(err)
    assert not any(line.lstrip().startswith("INJECTED") for line in err.splitlines())

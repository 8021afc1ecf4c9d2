"""Issue 18's cases end to end, from the command line: evidence before confidence (§3.8, §3.5, §3.6, §6).

Each case is a pair of exports as a bookkeeper makes them, damaged the way
the issue measured. The command must end in the right plan, a blocker (exit
1, not feasible) or a clear refusal (exit 2), and never in a feasible plan
that leaves a document booked twice. The Python side of each rule is in
tests/test_evidence.py and tests/test_evidence_messages.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from booking_reconcile.cli import main
from messages import one_error

#: DOMAIN's worked example A as the invoicing tool writes its numbers (with spaces).
DOCUMENTS = (
    "kind,number,date,booking_number\n"
    "invoice,2026 / 1,2026-01-05,1001\n"
    "invoice,2026 / 2,2026-01-06,1002\n"
    "invoice,2026 / 3,2026-01-10,1002\n"
    "invoice,2026 / 4,2026-01-12,1003\n"
)
#: Exact's entries of journal 70: the booking of 2026 / 2 was deleted.
BOOKINGS = (
    "journal,booking_number,date,reference\n"
    "70,1001,2026-01-05,2026/1\n"
    "70,1002,2026-01-10,2026/3\n"
    "70,1003,2026-01-12,2026/4\n"
)


def _plan(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    documents: str,
    bookings: str | None,
    *options: str,
) -> tuple[int, Any, str]:
    (tmp_path / "documents.csv").write_text(documents, encoding="utf-8")
    arguments = ["plan", str(tmp_path / "documents.csv"), "--format", "json", *options]
    if bookings is not None:
        (tmp_path / "bookings.csv").write_text(bookings, encoding="utf-8")
        arguments += ["--bookings", str(tmp_path / "bookings.csv")]
    status = main(arguments)
    out, err = capsys.readouterr()
    return status, json.loads(out) if out else None, err


def _rules(plan: Any, key: str) -> set[str]:
    return {finding["rule"] for finding in plan[key]}


def test_rule_3_8_a_reference_written_differently_links_and_deletes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "2026/3" names "2026 / 3": the plan deletes #1003 and #1002 (none booked twice).
    status, plan, _ = _plan(tmp_path, capsys, DOCUMENTS, BOOKINGS)
    assert (status, plan["feasible"]) == (0, True)
    assert plan["read"]["links"] == {
        "by_document": 0,
        "by_reference": 3,
        "by_number_and_date": 0,
        "unlinked": 0,
    }
    assert [(d["booking_number"], d["document"]["number"]) for d in plan["to_delete"]] == [
        (1003, "2026 / 4"),
        (1002, "2026 / 3"),
    ]


def test_rule_3_8_no_reference_column_is_a_blocker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bookings = "".join(line.rsplit(",", 1)[0] + "\n" for line in BOOKINGS.splitlines())
    status, plan, _ = _plan(tmp_path, capsys, DOCUMENTS, bookings)
    assert (status, plan["feasible"]) == (1, False)
    assert {"no-booking-names-a-document", "booking-unlinked"} <= _rules(plan, "blockers")
    # With links by number and date accepted, the plan is the linked one, with a warning each.
    status, plan, _ = _plan(tmp_path, capsys, DOCUMENTS, bookings, "--link-by-number")
    assert (status, plan["feasible"]) == (0, True)
    assert [w["rule"] for w in plan["warnings"]].count("linked-by-number") == 3
    assert [d["booking_number"] for d in plan["to_delete"]] == [1003, 1002]


def test_rule_3_8_bookings_exported_for_a_later_period_only_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Example A moved into December, January invoices after it; bookings of 2026 only.
    documents = (
        "kind,number,date,booking_number\n"
        "invoice,2025/1,2025-12-05,1001\n"
        "invoice,2025/2,2025-12-06,1002\n"
        "invoice,2025/3,2025-12-10,1002\n"
        "invoice,2025/4,2025-12-12,1003\n"
        "invoice,2026/1,2026-01-05,1004\n"
        "invoice,2026/2,2026-01-06,1005\n"
    )
    bookings = "journal,booking_number,date,reference\n70,1004,2026-01-05,2026/1\n"
    bookings += "70,1005,2026-01-06,2026/2\n"
    for policy in ("keep-deleted", "rebook-deleted"):
        status, plan, _ = _plan(tmp_path, capsys, documents, bookings, "--policy", policy)
        assert (status, plan["feasible"]) == (1, False), policy
        assert "bookings-filtered-by-date" in _rules(plan, "blockers"), policy


def test_rule_3_8_a_kind_of_document_left_out_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Only the invoice overview; journal 71 holds a credit note's booking by reference.
    bookings = BOOKINGS + "71,1,2026-01-11,CN 2026 / 1\n"
    status, plan, _ = _plan(tmp_path, capsys, DOCUMENTS, bookings)
    assert (status, plan["feasible"]) == (1, False)
    assert "documents-missing" in _rules(plan, "blockers")
    status, plan, _ = _plan(tmp_path, capsys, DOCUMENTS, bookings, "--documents-complete")
    assert (status, plan["feasible"]) == (0, True)
    assert "documents-missing" in _rules(plan, "warnings")


def test_rule_6_two_departments_in_one_export_are_refused_unless_one_is_chosen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = (
        "kind,number,date,booking_number,department\n"
        "invoice,2026 / 1,2026-01-05,1001,Gent\n"
        "invoice,2026 / 1,2026-01-05,1001,Brugge\n"
    )
    status, plan, err = _plan(tmp_path, capsys, documents, None)
    assert (status, plan) == (2, None)
    assert "--department" in one_error(err)
    status, plan, _ = _plan(tmp_path, capsys, documents, None, "--department", "Gent")
    assert status == 0
    assert plan["read"]["documents"]["invoice"] == {"70": 1}


def test_rule_3_6_and_3_5_an_unrecorded_start_date_and_number_are_not_invented(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, plan, _ = _plan(tmp_path, capsys, DOCUMENTS, BOOKINGS)
    assert status == 0
    assert (plan["start_date"], plan["earliest_booked"]) == (None, "2026-01-05")
    assert plan["next_numbers"] == [
        {
            "journal": "70",
            "financial_year": None,
            "number": 1003,
            "configured": None,
            "differs": None,
        }
    ]
    (tmp_path / "documents.csv").write_text(DOCUMENTS, encoding="utf-8")
    main(["plan", str(tmp_path / "documents.csv"), "--bookings", str(tmp_path / "bookings.csv")])
    text = " ".join(capsys.readouterr().out.split())
    assert "unknown: look it up" in text
    assert "not later than 2026-01-05, the earliest booked document read" in text


def test_rule_3_8_two_bookings_of_one_number_in_two_years_name_per_year_numbering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = "kind,number,date,booking_number\ninvoice,2025/9,2025-12-30,1\n"
    documents += "invoice,2026/1,2026-01-02,1\n"
    bookings = "journal,booking_number,date,reference\n70,1,2025-12-30,2025/9\n"
    bookings += "70,1,2026-01-02,2026/1\n"
    status, plan, err = _plan(tmp_path, capsys, documents, bookings)
    assert (status, plan) == (2, None)
    message = one_error(err)
    assert "financial years 2025 and 2026" in message
    assert "per_financial_year" in message
    assert "remove" not in message
    assert "delete" not in message

"""Plans to JSON and back (DOMAIN §3.11): exact round trips, and refused shapes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings

from booking_reconcile import (
    CreditNote,
    CutoffPolicy,
    InputFormatError,
    Integration,
    Invoice,
    Journal,
    Numbering,
    RepairPlan,
    Snapshot,
    plan_repair,
)
from booking_reconcile.plan_json import plan_from_dict
from builders import booked, day
from strategies import histories

# Journal 70: A #801, B #802 (booking deleted), C #802, D #803; journal 71
# (configured next 40): K #4. Recorded start 2026-01-02.
A = Invoice("A", day(1, 5), 801)
B = Invoice("B", day(1, 6), 802)
C = Invoice("C", day(1, 10), 802, synced_at=None)
D = Invoice("D", day(1, 12), 803)
K = CreditNote("K", day(1, 11), 4)
W = Invoice("W", day(1, 14))
STORY = Snapshot(
    Integration("70", "71", start_date=day(1, 2), financial_year_start_month=4),
    [A, B, C, D, K, W],
    journals=[Journal("70"), Journal("71", Numbering.PER_FINANCIAL_YEAR, next_booking_number=40)],
    bookings=[*booked(A, C, D), *booked(K, journal="71")],
)
PLAN = plan_repair(STORY)

PLANS = [
    pytest.param(PLAN, id="two-journals"),
    pytest.param(plan_repair(STORY, CutoffPolicy.REBOOK_DELETED), id="rebook-deleted"),
    pytest.param(plan_repair(Snapshot(STORY.integration, STORY.documents)), id="bookings-unknown"),
    pytest.param(plan_repair(Snapshot(STORY.integration, [A, D, W])), id="nothing-collides"),
]


@pytest.mark.parametrize("plan", PLANS)
def test_round_trip_through_json(plan: RepairPlan) -> None:
    text = json.dumps(plan.to_dict())
    back = RepairPlan.from_dict(json.loads(text))
    assert back == plan
    assert back.to_dict() == plan.to_dict()
    assert back.steps == plan.steps


def test_the_json_has_format_version_integration_and_places() -> None:
    data = PLAN.to_dict()
    assert (data["format"], data["version"]) == ("booking_reconcile.plan", 1)
    assert data["integration"] == {
        "invoice_journal": "70",
        "credit_note_journal": "71",
        "start_date": "2026-01-02",
        "financial_year_start_month": 4,
    }
    sent = [(s["journal"], s["financial_year"], s["document"]["number"]) for s in data["sent"]]
    assert sent == [("70", None, "C"), ("71", 2025, "K"), ("70", None, "D"), ("70", None, "W")]


def test_a_holder_read_back_is_one_of_the_collisions_documents() -> None:
    (collision,) = RepairPlan.from_dict(PLAN.to_dict()).collisions
    assert collision.holder is not None
    assert any(document is collision.holder for document in collision.documents)
    assert [document.number for document in collision.stale] == ["B"]


def test_derived_keys_may_be_left_out() -> None:
    data = PLAN.to_dict()
    for key in ("needed", "feasible", "delink_date", "after_sync", "steps"):
        del data[key]
    del data["collisions"][0]["message"]
    del data["next_numbers"][0]["differs"]
    assert RepairPlan.from_dict(data) == PLAN


@settings(max_examples=150, deadline=None)
@given(snapshot=histories())
def test_round_trip_law(snapshot: Snapshot) -> None:
    for policy in CutoffPolicy:
        plan = plan_repair(snapshot, policy)
        assert RepairPlan.from_dict(json.loads(json.dumps(plan.to_dict()))) == plan


@settings(max_examples=50, deadline=None)
@given(snapshot=histories(with_bookings=False))
def test_round_trip_law_without_bookings(snapshot: Snapshot) -> None:
    plan = plan_repair(snapshot)
    assert RepairPlan.from_dict(plan.to_dict()) == plan


_DELETE = object()


def changed(path: str, value: Any) -> dict[str, Any]:
    data = PLAN.to_dict()
    *parents, last = path.split(".")
    target: Any = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is _DELETE:
        del target[last]
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        pytest.param([], None, "is a list, not an object", id="list"),
        pytest.param(changed("format", _DELETE), "format", "is missing", id="no-format"),
        pytest.param(
            changed("format", "booking_reconcile.snapshot"),
            "format",
            "this is a snapshot",
            id="a-snapshot",
        ),
        pytest.param(changed("version", 2), "version", "is not a version", id="version"),
        pytest.param(changed("version", True), "version", "is not a version", id="version-bool"),
        pytest.param(changed("sent", _DELETE), "sent", "is missing", id="no-sent"),
        pytest.param(changed("extra", 1), "extra", "is not a known key", id="unknown-key"),
        pytest.param(changed("policy", "keep"), "policy", "is not one of", id="policy"),
        pytest.param(changed("cutoff", "10 January"), "cutoff", "YYYY-MM-DD", id="cutoff"),
        pytest.param(
            changed("start_date", "2026-02-30"), "start_date", "not a calendar date", id="day"
        ),
        pytest.param(
            changed("integration.invoice_journal", 70),
            "integration.invoice_journal",
            "not a string",
            id="journal-code",
        ),
        pytest.param(
            changed("collisions.0.holder", {**PLAN.to_dict()["to_reset"][1]}),
            "collisions[0].holder",
            "not among the collision's documents",
            id="holder",
        ),
        pytest.param(
            changed("collisions.0.message", "The invoices X and Y have the same booking number"),
            "collisions[0].message",
            "does not agree with the rest of the plan",
            id="message",
        ),
        pytest.param(
            changed("to_delete.0.booking_number", True),
            "to_delete[0].booking_number",
            "is not a whole number",
            id="number-bool",
        ),
        pytest.param(
            changed("to_delete.0.financial_year", "2026"),
            "to_delete[0].financial_year",
            "is not a financial year",
            id="year-text",
        ),
        pytest.param(
            changed("to_delete.0.amount", 5), "to_delete[0].amount", "not a known key", id="extra"
        ),
        pytest.param(
            changed("to_reset.0.date", [1, 2]), "to_reset[0].date", "not a string", id="date-list"
        ),
        pytest.param(
            changed("next_numbers.0.configured", 0),
            "next_numbers[0].configured",
            "or null",
            id="configured-zero",
        ),
        pytest.param(
            changed("sent.0.document.kind", "order"),
            "sent[0].document.kind",
            "is not one of",
            id="kind",
        ),
        pytest.param(
            changed("warnings.0.documents", [{"kind": "invoice"}]),
            "warnings[0].documents[0].number",
            "is missing",
            id="ref",
        ),
        pytest.param(changed("needed", 1), "needed", "does not agree", id="needed-int"),
        pytest.param(changed("steps", []), "steps", "does not agree", id="steps"),
    ],
)
def test_refused_shapes(data: Any, field: str | None, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        plan_from_dict(data, source="plan.json")
    assert caught.value.source == "plan.json"
    assert caught.value.field == field
    assert "\n" not in str(caught.value)


def test_a_long_value_is_quoted_short_on_one_line() -> None:
    with pytest.raises(InputFormatError) as caught:
        RepairPlan.from_dict(changed("cutoff", "2026\n" * 10_000))
    message = str(caught.value)
    assert "\n" not in message
    assert len(message) < 300
    assert message.startswith("plan, field 'cutoff': ")


def test_rule_3_11_a_plan_saved_by_the_command_reads_back_with_from_dict(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # docs/error-to-repair.md: "saved as JSON ... (`plan --format json` on the command
    # line) and read back days later with `RepairPlan.from_dict`, exactly as it was".
    # The command adds `read` and, with --verify, `simulation` (docs/schemas.md).
    from pathlib import Path

    from booking_reconcile.cli import main
    from booking_reconcile.serialize import snapshot_from_json

    article = Path(__file__).resolve().parent.parent / "examples" / "article" / "snapshot.json"
    monkeypatch.setenv("COLUMNS", "80")
    status = main(["plan", str(article), "--format", "json", "--verify"])
    saved = json.loads(capsys.readouterr().out)
    assert status == 0
    assert {"read", "simulation"} <= saved.keys()
    plan = RepairPlan.from_dict(saved)
    snapshot = snapshot_from_json(article.read_text(encoding="utf-8"))
    assert plan == plan_repair(snapshot)
    assert "read" not in plan.to_dict()
    with pytest.raises(InputFormatError, match="'reed': is not a known key"):
        RepairPlan.from_dict({**saved, "reed": {}})

"""The plan names its administration: DOMAIN §7 ``Snapshot.labels`` "echoed in every answer".

A plan is followed days after it was made, from its saved JSON or its
checklist, often one of many administrations: both name the administration
the snapshot's labels name, and the reconnect step says to select it (the
article's step 12: "select the right department and click on 'Connect Exact
Online'").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from booking_reconcile import (
    CutoffPolicy,
    InputFormatError,
    Invoice,
    RepairPlan,
    Snapshot,
    plan_repair,
    snapshot_to_dict,
)
from booking_reconcile.errors import InvalidTypeError
from booking_reconcile.formats import plan_to_html, plan_to_markdown, plan_to_text
from booking_reconcile.plan import plan_with_cutoff
from booking_reconcile.plan_json import plan_from_dict
from builders import SHARED, booked, day

LABELS = {"division": "1234567", "department": "Gent"}
ADMINISTRATION = "Administration: division 1234567, department Gent"

# Worked example A of DOMAIN §4: B's booking was deleted, C took #1002.
A = Invoice("A", day(1, 5), 1001)
B = Invoice("B", day(1, 6), 1002)
C = Invoice("C", day(1, 10), 1002)
D = Invoice("D", day(1, 12), 1003)
U = Invoice("U", day(1, 14))
REPAIR = Snapshot(SHARED, [A, B, C, D], bookings=booked(A, C, D), labels=LABELS)
PREVENT = Snapshot(SHARED, [A, B, U], bookings=booked(A), labels=LABELS)
CALM = Snapshot(SHARED, [A, U], bookings=booked(A), labels=LABELS)


def _reconnect(plan: RepairPlan) -> str:
    (step,) = [step for step in plan.steps if step.key == "reconnect"]
    return step.title


# -- the record ------------------------------------------------------------------


@pytest.mark.parametrize("snapshot", [REPAIR, PREVENT, CALM], ids=["repair", "prevent", "none"])
@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda policy: policy.value)
def test_rule_7_every_plan_carries_the_snapshots_labels(
    snapshot: Snapshot, policy: CutoffPolicy
) -> None:
    assert plan_repair(snapshot, policy).labels == LABELS


def test_rule_7_a_plan_for_a_cutoff_of_ones_choosing_carries_them_too() -> None:
    assert plan_with_cutoff(REPAIR, day(1, 6)).labels == LABELS


def test_rule_7_a_plan_without_labels_has_an_empty_read_only_mapping() -> None:
    plan = plan_repair(Snapshot(SHARED, [A, B, C, D], bookings=booked(A, C, D)))
    assert plan.labels == {}
    labelled = plan_repair(REPAIR)
    with pytest.raises(TypeError):
        labelled.labels["division"] = "7"  # type: ignore[index]
    assert labelled.labels == LABELS
    assert plan == attrs.evolve(labelled, labels={})


def test_rule_7_a_plans_labels_are_text() -> None:
    plan = plan_repair(REPAIR)
    with pytest.raises(InvalidTypeError, match="repair plan"):
        attrs.evolve(plan, labels={"division": 1234567})


# -- the JSON -------------------------------------------------------------------


def test_rule_7_the_plan_json_echoes_the_labels_and_reads_them_back() -> None:
    plan = plan_repair(REPAIR)
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["labels"] == LABELS
    back = RepairPlan.from_dict(data)
    assert back == plan
    assert back.labels == LABELS
    assert back.to_dict() == plan.to_dict()
    assert plan_repair(Snapshot(SHARED, [A, U])).to_dict()["labels"] == {}


def _older(plan: RepairPlan) -> dict[str, Any]:
    """``plan`` as an earlier version saved it: no ``labels``, its own wording of the steps."""
    data = plan.to_dict()
    del data["labels"]
    for step in data["steps"]:
        if step["key"] == "reconnect":
            step["title"] = step["title"].replace(", selecting the right administration", "")
    return data


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda policy: policy.value)
def test_rule_3_11_a_plan_saved_before_it_had_labels_is_still_read(policy: CutoffPolicy) -> None:
    plan = plan_repair(Snapshot(SHARED, [A, B, C, D], bookings=booked(A, C, D)), policy)
    back = plan_from_dict(_older(plan), source="plan.json")
    assert back == plan
    assert back.labels == {}


def test_rule_3_11_a_plan_with_labels_still_checks_its_steps() -> None:
    data = plan_repair(REPAIR).to_dict()
    data["steps"][0]["title"] = "Delete everything"
    with pytest.raises(InputFormatError, match="does not agree") as caught:
        plan_from_dict(data, source="plan.json")
    assert caught.value.field == "steps"


@pytest.mark.parametrize(
    ("labels", "field"),
    [
        ([], "labels"),
        ({"division": 7}, "labels.division"),
        ({" ": "Gent"}, "labels. "),
    ],
    ids=["a-list", "a-number", "a-blank-key"],
)
def test_rule_7_labels_that_are_not_text_are_refused(labels: Any, field: str) -> None:
    data = {**plan_repair(REPAIR).to_dict(), "labels": labels}
    with pytest.raises(InputFormatError) as caught:
        plan_from_dict(data, source="plan.json")
    assert caught.value.field == field


# -- the checklist ----------------------------------------------------------------


@pytest.mark.parametrize("snapshot", [REPAIR, PREVENT, CALM], ids=["repair", "prevent", "none"])
def test_rule_7_the_checklist_names_the_administration_at_the_top(snapshot: Snapshot) -> None:
    plan = plan_repair(snapshot)
    markdown = plan.to_markdown()
    assert markdown.splitlines()[:3] == [
        f"# Repair plan ({plan.policy.value})",
        "",
        ADMINISTRATION,
    ]
    assert markdown.count("Administration:") == 1
    assert ADMINISTRATION in plan._repr_markdown_()
    assert plan_to_html(plan).splitlines()[1] == f"<p>{ADMINISTRATION}</p>"
    assert plan_to_text(plan).splitlines()[3] == ADMINISTRATION


def test_rule_7_a_plan_without_labels_names_no_administration() -> None:
    plan = plan_repair(Snapshot(SHARED, [A, B, C, D], bookings=booked(A, C, D)))
    for shown in (plan.to_markdown(), plan_to_html(plan), plan_to_text(plan)):
        assert "Administration" not in shown
        assert "Labels" not in shown


def test_rule_7_the_labels_are_escaped_in_the_checklist() -> None:
    snapshot = attrs.evolve(REPAIR, labels={"client": "<b>A*B</b>"})
    markdown = plan_to_markdown(plan_repair(snapshot), snapshot)
    assert "Administration: client \\<b\\>A\\*B\\</b\\>" in markdown
    assert "<b>" not in plan_to_html(plan_repair(snapshot))


@pytest.mark.parametrize("layout", ["markdown", "text"])
def test_rule_7_with_what_was_read_the_labels_are_shown_once(layout: str) -> None:
    plan = plan_repair(REPAIR)
    if layout == "markdown":
        shown = plan_to_markdown(plan, REPAIR)
    else:
        shown = plan_to_text(plan, REPAIR, width=200)
    head = shown.split("Steps")[0]
    assert head.count("1234567") == 1
    assert ADMINISTRATION in head
    assert "Read 4 invoices" in head
    assert "Labels:" not in shown


def test_rule_7_the_command_shows_the_labels_once(tmp_path: Path) -> None:
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(snapshot_to_dict(REPAIR)), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "booking_reconcile", "plan", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[3] == ADMINISTRATION
    summary = result.stdout.split("Steps")[0]
    assert summary.count("department Gent") == 1
    assert "Labels:" not in result.stdout


# -- the article's step 12: select the right department ---------------------------------


def test_article_step_12_the_reconnect_step_names_the_administration_to_select() -> None:
    assert _reconnect(plan_repair(REPAIR)) == (
        "Connect the integration again, selecting the right administration (division "
        "1234567, department Gent), with the start date written down from the "
        "integration's settings (not later than 2026-01-05, the earliest booked document "
        "read) and the same journals; do NOT import companies or contacts"
    )


def test_article_step_12_without_labels_the_reconnect_step_says_to_select_the_department() -> None:
    plan = plan_repair(Snapshot(SHARED, [A, B, C, D], bookings=booked(A, C, D)))
    assert _reconnect(plan).startswith(
        "Connect the integration again, selecting the right administration (department), "
        "with the start date written down"
    )


def test_article_step_12_a_rebook_deleted_prevention_reconnects_to_the_administration() -> None:
    plan = plan_repair(PREVENT, CutoffPolicy.REBOOK_DELETED)
    assert "(division 1234567, department Gent)" in _reconnect(plan)

"""The JSON Schemas of the snapshot and plan formats, for connectors in other languages.

Shipped as package data (``booking_reconcile/schemas/*.schema.json``). Each
schema must accept what the library writes — every example, generated
snapshots and their plans under both policies, the command's saved plan —
and refuse bad documents that the library refuses too.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

from booking_reconcile import BookingReconcileError, CutoffPolicy, RepairPlan, plan_repair
from booking_reconcile.serialize import snapshot_from_dict
from strategies import histories

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SNAPSHOT_FORMAT = "booking_reconcile.snapshot"


def _schema(name: str) -> dict[str, Any]:
    text = (files("booking_reconcile") / "schemas" / f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


SNAPSHOT_SCHEMA = _schema("snapshot")
PLAN_SCHEMA = _schema("plan")
SNAPSHOT = Draft202012Validator(SNAPSHOT_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
PLAN = Draft202012Validator(PLAN_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [
        f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data)
    ]


def _example_snapshots() -> list[Path]:
    found = []
    for path in sorted(EXAMPLES.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("format") == SNAPSHOT_FORMAT:
            found.append(path)
    return found


EXAMPLE_SNAPSHOTS = _example_snapshots()


@pytest.mark.parametrize("schema", [SNAPSHOT_SCHEMA, PLAN_SCHEMA], ids=["snapshot", "plan"])
def test_each_schema_is_a_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith(f"/schemas/{schema['$id'].rsplit('/', 1)[1]}")


def test_the_plan_schema_shares_the_snapshot_schema_s_definitions() -> None:
    shared = set(SNAPSHOT_SCHEMA["$defs"]) & set(PLAN_SCHEMA["$defs"])
    assert {"document", "booking", "integration", "date", "text"} <= shared
    for name in shared:
        assert PLAN_SCHEMA["$defs"][name] == SNAPSHOT_SCHEMA["$defs"][name], name


def test_the_examples_include_snapshots() -> None:
    names = {path.relative_to(EXAMPLES).as_posix() for path in EXAMPLE_SNAPSHOTS}
    assert {"article/snapshot.json", "two-collisions/snapshot.json"} <= names


@pytest.mark.parametrize(
    "path", EXAMPLE_SNAPSHOTS, ids=lambda path: path.relative_to(EXAMPLES).as_posix()
)
def test_every_example_snapshot_and_its_plans_validate(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert _errors(SNAPSHOT, data) == []
    snapshot = snapshot_from_dict(data, source=str(path))
    for policy in CutoffPolicy:
        assert _errors(PLAN, plan_repair(snapshot, policy).to_dict()) == []


SAVED_PLAN_ARGUMENTS = ("examples/two-collisions/snapshot.json", "--format", "json", "--verify")


def test_the_plan_the_command_saves_validates() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "booking_reconcile", "plan", *SAVED_PLAN_ARGUMENTS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    saved = json.loads(result.stdout)
    assert {"read", "simulation"} <= set(saved)
    assert _errors(PLAN, saved) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_generated_snapshots_and_their_plans_validate(snapshot: Any) -> None:
    assert _errors(SNAPSHOT, snapshot.to_dict()) == []
    for policy in CutoffPolicy:
        assert _errors(PLAN, plan_repair(snapshot, policy).to_dict()) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(with_bookings=False, locks=False))
def test_generated_snapshots_without_bookings_validate(snapshot: Any) -> None:
    assert _errors(SNAPSHOT, snapshot.to_dict()) == []
    assert _errors(PLAN, plan_repair(snapshot).to_dict()) == []


# -- bad documents: the schema refuses them, and so does the library ---------------

GOOD_SNAPSHOT = json.loads((EXAMPLES / "article" / "snapshot.json").read_text(encoding="utf-8"))


def _changed(data: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    change(changed)
    return changed


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change that sets the value at ``path`` (keys and indexes joined by dots)."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        del target[last]

    return change


BAD_SNAPSHOTS = {
    "an unknown key": _set("division", 1234567),
    "no integration": _drop("integration"),
    "no documents": _drop("documents"),
    "another format": _set("format", "booking_reconcile.plan"),
    "another version": _set("version", 2),
    "a booking number of 0": _set("documents.0.booking_number", 0),
    "a booking number as text": _set("documents.0.booking_number", "1001"),
    "a booking number that is true": _set("documents.0.booking_number", True),
    "a booking number past 2^63 - 1": _set("documents.0.booking_number", 2**63),
    "a fractional booking number": _set("documents.0.booking_number", 1001.5),
    "an unknown kind": _set("documents.0.kind", "quote"),
    "a date day first": _set("documents.0.date", "05/01/2026"),
    "a date that does not exist": _set("documents.0.date", "2026-02-30"),
    "an empty document number": _set("documents.0.number", ""),
    "a document number with a space around it": _set("documents.0.number", " 2026/1"),
    "a document without a date": _drop("documents.0.date"),
    "a document's unknown key": _set("documents.0.amount", 12.5),
    "a sync time without a time": _set("documents.0.synced_at", "2026-01-05"),
    "a month 13": _set("integration.financial_year_start_month", 13),
    "an unknown numbering": _set("journals.0.numbering", "yearly"),
    "bookings as an object": _set("bookings", {}),
    "a booking without a number": _drop("bookings.0.booking_number"),
    "a booking's document without a kind": _drop("bookings.0.document.kind"),
    "bookings_complete as text": _set("bookings_complete", "yes"),
}


@pytest.mark.parametrize("case", sorted(BAD_SNAPSHOTS))
def test_a_bad_snapshot_is_refused_by_the_schema_and_by_the_library(case: str) -> None:
    bad = _changed(GOOD_SNAPSHOT, BAD_SNAPSHOTS[case])
    assert _errors(SNAPSHOT, bad) != []
    with pytest.raises(BookingReconcileError):
        snapshot_from_dict(bad)


@pytest.mark.parametrize(
    ("labels", "valid"),
    [({"division": "1234567", "department": "Gent"}, True), ({"division": 1234567}, False)],
)
def test_labels_are_text_keys_and_text_values(labels: dict[str, Any], valid: bool) -> None:
    data = {**GOOD_SNAPSHOT, "labels": labels}
    assert (_errors(SNAPSHOT, data) == []) is valid


GOOD_PLAN = plan_repair(snapshot_from_dict(GOOD_SNAPSHOT)).to_dict()

BAD_PLANS = {
    "no format": _drop("format"),
    "a snapshot's format": _set("format", SNAPSHOT_FORMAT),
    "an unknown policy": _set("policy", "delete-everything"),
    "a cutoff in words": _set("cutoff", "10 January"),
    "no start date key": _drop("start_date"),
    "a deletion's booking number of 0": _set("to_delete.0.booking_number", 0),
    "a deletion without its document": _drop("to_delete.0.document"),
    "a configured number as text": _set("next_numbers.0.configured", "1003"),
    "a financial year as text": _set("next_numbers.0.financial_year", "2026"),
    "an unknown key": _set("division", "1234567"),
    "a warning without a rule": _drop("warnings.0.rule"),
    "a collision of one number as text": _set("collisions.0.booking_number", "1002"),
}


@pytest.mark.parametrize("case", sorted(BAD_PLANS))
def test_a_bad_plan_is_refused_by_the_schema_and_by_the_library(case: str) -> None:
    assert _errors(PLAN, GOOD_PLAN) == []
    bad = _changed(GOOD_PLAN, BAD_PLANS[case])
    assert _errors(PLAN, bad) != []
    with pytest.raises(BookingReconcileError):
        RepairPlan.from_dict(bad)


def test_a_plan_without_a_recorded_start_date_and_configured_numbers_validates() -> None:
    # The contract's §3.5 and §3.6: not recorded, not known, so null.
    unknown = _changed(GOOD_PLAN, _set("next_numbers.0.configured", None))
    unknown["start_date"] = None
    unknown["next_numbers"][0]["differs"] = None
    assert _errors(PLAN, unknown) == []

"""``booking-reconcile confirm PLAN AFTER [--before BEFORE]``: the report and the exit status."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from booking_reconcile import Snapshot, plan_repair
from booking_reconcile.cli import main
from messages import one_error
from test_confirm import exactly

ROOT = Path(__file__).resolve().parent.parent
TWO = ROOT / "examples" / "two-collisions" / "snapshot.json"
BEFORE = Snapshot.from_dict(json.loads(TWO.read_text(encoding="utf-8")))
PLAN = plan_repair(BEFORE)
AFTER = exactly(BEFORE, PLAN)  # the plan carried out, as exported after


def write(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.fixture
def plan_file(tmp_path: Path) -> str:
    return write(tmp_path / "plan.json", PLAN.to_dict())


def test_a_repair_carried_out_is_confirmed(
    tmp_path: Path, plan_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    after = write(tmp_path / "after.json", AFTER.to_dict())
    assert main(["confirm", plan_file, after, "--before", str(TWO)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Confirming the repair\n=====================\n\nConfirmed: ")
    assert err == ""


def test_the_text_report_fits_the_terminal_and_markdown_is_on_request(
    plan_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["confirm", plan_file, str(TWO), "--before", str(TWO)]) == 1
    text = capsys.readouterr().out
    assert main(["confirm", plan_file, str(TWO), "--format", "text"]) == 1
    assert capsys.readouterr().out.startswith(text.split("\n\n")[0])
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Step set-next-numbers\n---------------------\n\n- matters: " in text
    assert main(["confirm", plan_file, str(TWO), "--before", str(TWO), "--format", "markdown"]) == 1
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Confirming the repair\n\n**Not confirmed**")
    assert "## Step set-next-numbers" in markdown


def test_a_repair_not_carried_out_exits_1(
    plan_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["confirm", plan_file, str(TWO), "--before", str(TWO)]) == 1
    out = capsys.readouterr().out
    assert "Not confirmed: " in out
    assert "Step set-next-numbers\n-----" in out


def test_without_before_the_report_says_what_was_not_checked(
    tmp_path: Path, plan_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    after = write(tmp_path / "after.json", AFTER.to_dict())
    assert main(["confirm", plan_file, after]) == 0
    assert "\nNot checked\n-----------\n" in capsys.readouterr().out


def test_a_plan_saved_with_its_simulation_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "plan.json"
    assert main(["plan", str(TWO), "--format", "json", "--verify"]) == 0
    saved.write_text(capsys.readouterr().out, encoding="utf-8")
    after = write(tmp_path / "after.json", AFTER.to_dict())
    assert main(["confirm", str(saved), after]) == 0


def test_the_after_snapshot_from_standard_input(
    plan_file: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    after = json.dumps(AFTER.to_dict())
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(after.encode())))
    assert main(["confirm", plan_file, "-"]) == 0
    assert "\nConfirmed: " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(
            ["{two}", "{two}"],
            "field 'format': 'booking_reconcile.snapshot' is not 'booking_reconcile.plan': "
            "this is a snapshot",
            id="snapshot-for-plan",
        ),
        pytest.param(
            ["{plan}", "{plan}"],
            "is a plan (format 'booking_reconcile.plan'), not a snapshot",
            id="plan-for-after",
        ),
        pytest.param(["{tmp}/missing.json", "{two}"], "cannot be read", id="missing"),
        pytest.param(["{broken}", "{two}"], "is not valid JSON", id="broken-json"),
        pytest.param(["{plan}", "-", "--before", "-"], "can be read only once", id="stdin-twice"),
        pytest.param(
            ["{plan}", "{two}", "--before", "{other}"],
            "the plan names",
            id="before-of-another-plan",
        ),
    ],
)
def test_bad_input_exits_2(
    tmp_path: Path,
    plan_file: str,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    other = write(tmp_path / "other.json", AFTER.to_dict())
    names = {"two": str(TWO), "plan": plan_file, "tmp": str(tmp_path), "broken": str(broken)}
    names["other"] = other
    assert main(["confirm", *(argument.format(**names) for argument in arguments)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    shown = one_error(err)
    assert message in shown
    assert shown.startswith("booking-reconcile: error: ")


def test_rule_3_11_a_new_snapshot_of_another_administration_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = write(tmp_path / "before.json", {**BEFORE.to_dict(), "labels": {"division": "1"}})
    plan = write(tmp_path / "plan.json", PLAN.to_dict())
    after = write(tmp_path / "after.json", {**AFTER.to_dict(), "labels": {"division": "2"}})
    assert main(["confirm", plan, after, "--before", before]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert one_error(err) == (
        "booking-reconcile: error: the snapshot before the repair is of division '1', but the "
        "new snapshot is of division '2': another administration; use the exports of the same "
        "administration (the one the plan was made for) to confirm the repair"
    )


def test_rule_3_11_the_report_names_the_administration(
    tmp_path: Path, plan_file: str, capsys: pytest.CaptureFixture[str]
) -> None:
    after = write(tmp_path / "after.json", {**AFTER.to_dict(), "labels": {"division": "2"}})
    assert main(["confirm", plan_file, after, "--before", str(TWO)]) == 0
    assert "\n\nAdministration: division 2\n" in capsys.readouterr().out
    assert main(["confirm", plan_file, after, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["labels"] == {"division": "2"}

"""``booking-reconcile snapshot`` and ``confirm`` from the exports alone.

A bookkeeper exports both sides, plans, carries the plan out, exports again
and confirms: no Python needed. ``snapshot`` writes what ``--before`` takes;
``confirm PLAN`` reads the after side through the same input options as
``plan`` (or a snapshot JSON, as before).
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from booking_reconcile import Snapshot, plan_repair
from booking_reconcile.cli import main
from booking_reconcile.models import Booking, Document
from messages import one_error
from test_confirm import exactly

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "article"
SAVED = Snapshot.from_dict(json.loads((ARTICLE / "snapshot.json").read_text("utf-8")))
INPUTS = ("--bookings", "bookings.csv", "--journals", "journals.csv")


def _document_row(document: Document) -> str:
    kind = document.kind.value
    number = "" if document.booking_number is None else str(document.booking_number)
    return f"{kind},{document.number},{document.date.isoformat()},{number}\n"


def _booking_row(booking: Booking) -> str:
    kind = "" if booking.document is None else booking.document.kind.value
    number = "" if booking.document is None else booking.document.number
    return (
        f"{booking.journal},{booking.booking_number},{booking.date.isoformat()},{kind},{number}\n"
    )


def export(snapshot: Snapshot, folder: Path) -> Path:
    """``snapshot`` written as the three exports of the article's example, in ``folder``."""
    folder.mkdir(exist_ok=True)
    (folder / "documents.csv").write_text(
        "kind,number,date,booking_number\n" + "".join(map(_document_row, snapshot.documents)),
        encoding="utf-8",
    )
    (folder / "bookings.csv").write_text(
        "journal,booking_number,date,document_kind,document_number\n"
        + "".join(map(_booking_row, snapshot.bookings or ())),
        encoding="utf-8",
    )
    lines = ["code,numbering,next_booking_number,locked_until\n"]
    for journal in snapshot.journals:
        number = "" if journal.next_booking_number is None else str(journal.next_booking_number)
        lines.append(f"{journal.code},{journal.numbering.value},{number},\n")
    (folder / "journals.csv").write_text("".join(lines), encoding="utf-8")
    return folder


def _in(folder: Path, *arguments: str) -> list[str]:
    return [
        str(folder / argument) if argument.endswith(".csv") else argument for argument in arguments
    ]


@pytest.fixture
def before(tmp_path: Path) -> Path:
    folder = tmp_path / "before"
    folder.mkdir()
    for name in ("documents.csv", "bookings.csv", "journals.csv"):
        shutil.copy(ARTICLE / name, folder / name)
    return folder


def test_snapshot_writes_the_exports_as_snapshot_json(
    before: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["snapshot", *_in(before, "documents.csv", *INPUTS)]) == 0
    written = Snapshot.from_dict(json.loads(capsys.readouterr().out))
    assert written.documents == SAVED.documents
    assert written.bookings == SAVED.bookings
    assert written.journals == SAVED.journals


def test_snapshot_to_a_file_and_its_options(before: Path, tmp_path: Path) -> None:
    target = tmp_path / "before.json"
    argv = ["snapshot", *_in(before, "documents.csv", *INPUTS)]
    argv += ["--start-date", "2025-10-01", "--fy-start-month", "4", "--output", str(target)]
    assert main(argv) == 0
    written = Snapshot.from_dict(json.loads(target.read_text("utf-8")))
    assert str(written.integration.start_date) == "2025-10-01"
    assert written.integration.financial_year_start_month == 4


def test_snapshot_of_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "documents.csv"
    bad.write_text("kind,number,date,booking_number\ninvoice,1,2026-02-30,1\n", encoding="utf-8")
    assert main(["snapshot", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "2026-02-30" in one_error(err)


def test_a_repair_is_confirmed_from_the_exports_alone(
    before: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file, before_file = tmp_path / "plan.json", tmp_path / "before.json"
    exports = _in(before, "documents.csv", *INPUTS)
    assert main(["plan", *exports, "--format", "json", "--output", str(plan_file)]) == 0
    assert main(["snapshot", *exports, "--output", str(before_file)]) == 0
    after = export(exactly(SAVED, plan_repair(SAVED)), tmp_path / "after")
    argv = ["confirm", str(plan_file), *_in(after, "documents.csv", *INPUTS)]
    assert main([*argv, "--before", str(before_file)]) == 0
    assert "\nConfirmed: " in capsys.readouterr().out


def test_a_repair_not_carried_out_is_not_confirmed_from_the_exports(
    before: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    exports = _in(before, "documents.csv", *INPUTS)
    assert main(["plan", *exports, "--format", "json", "--output", str(plan_file)]) == 0
    assert main(["confirm", str(plan_file), *exports]) == 1
    assert "\nNot confirmed: " in capsys.readouterr().out


def test_confirm_reads_the_after_side_as_two_overviews(
    before: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    exports = _in(before, "documents.csv", *INPUTS)
    assert main(["plan", *exports, "--format", "json", "--output", str(plan_file)]) == 0
    after = export(exactly(SAVED, plan_repair(SAVED)), tmp_path / "after")
    invoices = tmp_path / "invoices.csv"
    lines = (after / "documents.csv").read_text("utf-8").splitlines(keepends=True)
    invoices.write_text(
        "number,date,booking_number\n" + "".join(line.split(",", 1)[1] for line in lines[1:]),
        encoding="utf-8",
    )
    argv = ["confirm", str(plan_file), "--invoices", str(invoices), *_in(after, *INPUTS)]
    assert main(argv) == 0
    assert "\nConfirmed: " in capsys.readouterr().out


def test_confirm_as_json(before: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan_file = tmp_path / "plan.json"
    exports = _in(before, "documents.csv", *INPUTS)
    assert main(["plan", *exports, "--format", "json", "--output", str(plan_file)]) == 0
    assert main(["confirm", str(plan_file), *exports, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert data["deviations"]


def test_confirm_reads_standard_input_once(
    before: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("{}"))
    assert main(["confirm", "-", "-"]) == 2
    err = capsys.readouterr().err
    assert "can be read only once" in err
    assert "PLAN, AFTER" in err


def test_confirm_without_an_after_side_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    assert (
        main(
            ["plan", str(ARTICLE / "snapshot.json"), "--format", "json", "--output", str(plan_file)]
        )
        == 0
    )
    assert main(["confirm", str(plan_file)]) == 2
    assert "has no documents to read" in capsys.readouterr().err

"""The labels the exports give a snapshot name its administration as the data does (DOMAIN §7).

``Snapshot.labels`` "name the administration"; the command's ``--department``
(``--division``) chooses the rows of one department (division), names
compared as header names are (case and spacing aside, docs/choices.md). The
reviewer's cases (finding D3):

- ``--department gent`` read the rows of "Gent" but labelled the snapshot
  ``'gent'``, and ``confirm … --department Gent`` then refused the same
  department as another administration: the label is the department as the
  file writes it, and the confirmation compares department and division
  labels as the readers compare those names;
- without a department (division) column, any value became the label and
  headed the checklist without a word: a note now says that no file names
  departments, so the value only labels the snapshot.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import attrs
import pytest

from booking_reconcile import (
    Integration,
    Invoice,
    PlanMismatchError,
    Snapshot,
    confirm_repair,
    plan_repair,
    simulate_repair,
)
from booking_reconcile.cli import main
from booking_reconcile.exports import ExportFile, ExportOptions, Exports, snapshot_from_exports
from builders import booked, day
from messages import notes, one_error

# The reviewer's file: one overview of two departments, Gent and Brugge.
DEPARTMENTS = b"number;date;booking_number;Afdeling\nA;2026-01-05;1;Gent\nB;2026-01-06;1;Gent\nC;2026-01-07;5;Brugge\n"
# No department column.
DOCUMENTS = (
    b"kind,number,date,booking_number\ninvoice,A,2026-01-05,1001\ninvoice,B,2026-01-06,1002\n"
)
BOOKINGS = b"journal,booking_number,date,reference\n70,1002,2026-01-06,B\n"
DIVISIONS = (
    b"journal,booking_number,date,reference,Divisie\n"
    b"70,1001,2026-01-05,A,Bakkerij Noord\n70,1002,2026-01-06,B,Bakkerij Zuid\n"
)
OPTIONS = ExportOptions(integration=Integration("70", "71"))


def read(exports: Exports, **chosen: str) -> tuple[dict[str, str], tuple[str, ...]]:
    reading = snapshot_from_exports(exports, attrs.evolve(OPTIONS, **chosen))
    return dict(reading.snapshot.labels), reading.notes


# -- the label is the department (division) as the data writes it ---------------------


@pytest.mark.parametrize("typed", ["gent", "GENT", " Gent", "ge nt"])
def test_rule_7_labels_the_department_as_the_file_writes_it(typed: str) -> None:
    labels, _ = read(Exports(invoices=ExportFile("dep.csv", DEPARTMENTS)), department=typed)
    assert labels == {"department": "Gent"}


def test_rule_7_labels_the_department_as_the_first_file_writes_it() -> None:
    invoices = b"number;date;booking_number;Afdeling\nA;2026-01-05;1;Gent\n"
    credit_notes = b"number;date;booking_number;Afdeling\nK;2026-01-06;1;gent \n"
    exports = Exports(
        invoices=ExportFile("facturen.csv", invoices),
        credit_notes=ExportFile("creditnotas.csv", credit_notes),
    )
    assert read(exports, department="GENT")[0] == {"department": "Gent"}


@pytest.mark.parametrize("typed", ["bakkerij noord", "BakkerijNoord", "Bakkerij Noord"])
def test_rule_7_labels_the_division_as_the_bookings_export_writes_it(typed: str) -> None:
    exports = Exports(
        documents=ExportFile("documents.csv", DOCUMENTS),
        bookings=ExportFile("bookings.csv", DIVISIONS),
    )
    labels, notes_ = read(exports, division=typed)
    assert labels == {"division": "Bakkerij Noord"}
    assert not any("only labels" in note for note in notes_)


def test_rule_7_labels_a_department_chosen_labels_nothing_without_a_choice() -> None:
    # One department, none chosen: no label, as before.
    one = b"number;date;booking_number;Afdeling\nA;2026-01-05;1;Gent\n"
    assert read(Exports(invoices=ExportFile("gent.csv", one))) == ({}, ())


# -- a value no file names only labels the snapshot, and a note says so ---------------


def test_rule_7_labels_a_department_no_file_names_is_noted() -> None:
    labels, notes_ = read(Exports(documents=ExportFile("d.csv", DOCUMENTS)), department="Antwerpen")
    assert labels == {"department": "Antwerpen"}
    assert notes_ == (
        "--department 'Antwerpen': no file names departments (no department column), so it "
        "chose no rows and only labels the snapshot; check that these are the exports of that "
        "department",
    )


def test_rule_7_labels_a_department_column_empty_on_every_row_names_none() -> None:
    empty = b"number;date;booking_number;Afdeling\nA;2026-01-05;1;\nB;2026-01-06;2;\n"
    labels, notes_ = read(Exports(invoices=ExportFile("e.csv", empty)), department="Gent")
    assert labels == {"department": "Gent"}
    assert any(note.startswith("--department 'Gent': no file names departments") for note in notes_)


def test_rule_7_labels_a_division_no_file_names_is_noted() -> None:
    exports = Exports(
        documents=ExportFile("d.csv", DOCUMENTS), bookings=ExportFile("b.csv", BOOKINGS)
    )
    labels, notes_ = read(exports, division="999")
    assert labels == {"division": "999"}
    assert notes_ == (
        "--division '999': no file names divisions (no division column, no Exact Online "
        "answers), so it chose no rows and only labels the snapshot; check that these are the "
        "exports of that division",
    )


# -- the confirmation compares department and division labels as the readers do ---------

A = Invoice("A", day(1, 5), 1001)
B = Invoice("B", day(1, 6), 1002)
C = Invoice("C", day(1, 10), 1002)
EXAMPLE = Snapshot(Integration("70", "71"), [A, B, C], bookings=booked(A, C))


def labelled(snapshot: Snapshot, **labels: str) -> Snapshot:
    return attrs.evolve(snapshot, labels=labels)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"department": "gent"}, {"department": "Gent"}),
        ({"department": "Bakkerij Gent"}, {"department": "bakkerij-gent"}),
        ({"division": "1234567"}, {"division": " 1234567"}),
        ({"division": "Bakkerij Noord", "client": "X"}, {"division": "BAKKERIJ NOORD"}),
    ],
)
def test_rule_3_11_labels_naming_one_department_or_division_written_otherwise_are_one(
    before: dict[str, str], after: dict[str, str]
) -> None:
    earlier = labelled(EXAMPLE, **before)
    plan = plan_repair(earlier)
    done = labelled(simulate_repair(EXAMPLE, plan), **after)
    confirmation = confirm_repair(earlier, plan, done)
    assert confirmation.ok
    assert dict(confirmation.labels) == after


def test_rule_3_11_labels_of_another_department_are_still_refused() -> None:
    earlier = labelled(EXAMPLE, department="Gent")
    plan = plan_repair(earlier)
    with pytest.raises(PlanMismatchError, match="is of department 'Gent', but the new snapshot"):
        confirm_repair(earlier, plan, labelled(simulate_repair(EXAMPLE, plan), department="Genk"))


def test_rule_3_11_other_labels_are_compared_exactly() -> None:
    # No reader compares other keys: a label of the caller's own is compared as given.
    earlier = labelled(EXAMPLE, client="Atelier Zuid")
    plan = plan_repair(earlier)
    with pytest.raises(PlanMismatchError, match="is of client 'Atelier Zuid', but the new"):
        confirm_repair(
            earlier, plan, labelled(simulate_repair(EXAMPLE, plan), client="atelier zuid")
        )


# -- on the command line: the reviewer's probe ------------------------------------------


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *arguments: str
) -> tuple[int, str, str]:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status = main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


def test_rule_7_labels_a_plan_of_department_gent_is_confirmed_with_department_gent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dep.csv").write_bytes(DEPARTMENTS)
    status, out, _ = run(
        monkeypatch, capsys, "snapshot", "--invoices", "dep.csv", "--department", "gent"
    )
    assert (status, json.loads(out)["labels"]) == (0, {"department": "Gent"})
    options = ("--invoices", "dep.csv", "--department")
    status, _, _ = run(
        monkeypatch, capsys, "plan", *options, "gent", "--format", "json", "--output", "plan.json"
    )
    assert status == 0
    assert json.loads((tmp_path / "plan.json").read_text("utf-8"))["labels"] == {
        "department": "Gent"
    }
    status, out, err = run(monkeypatch, capsys, "confirm", "plan.json", *options, "Gent")
    assert "another administration" not in err
    # The confirmation runs: the exports are still those before the repair.
    assert status == 1
    assert out.startswith("Confirming the repair\n")
    assert "Administration: department Gent" in out


def test_rule_7_labels_a_department_no_file_names_is_noted_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.csv").write_bytes(DOCUMENTS)
    status, out, err = run(
        monkeypatch, capsys, "plan", "--invoices", "d.csv", "--department", "Antwerpen"
    )
    assert status == 0
    assert "Administration: department Antwerpen" in out
    assert (
        "booking-reconcile: note: --department 'Antwerpen': no file names departments (no "
        "department column), so it chose no rows and only labels the snapshot; check that "
        "these are the exports of that department"
    ) in notes(err)


def test_rule_7_labels_a_department_no_row_has_is_still_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dep.csv").write_bytes(DEPARTMENTS)
    status, out, err = run(
        monkeypatch, capsys, "check", "--invoices", "dep.csv", "--department", "Antwerpen"
    )
    assert (status, out) == (2, "")
    assert "has no row of the department 'Antwerpen' given with --department" in one_error(err)

"""DOMAIN §6: ``--department`` with an overview (names) and Teamleader Focus answers (ids).

An overview names a department by its name (``Bakkerij Brugge``), a
Teamleader Focus answer by its id (``brugge``), and the library never
compares one with the other. One ``--department`` is one value: it cannot
be the name for the overview and the id for the answers. Where the run
cannot choose, the error says so, whichever of the two was given, and what
to do; the runs that work go on working.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from booking_reconcile.cli import main
from messages import one_error

OVERVIEW = Path("tests/data/exports/teamleader-facturen-afdelingen.csv").resolve()
CANNOT = (
    "an overview names a department by its name and Teamleader Focus answers by its id, "
    "and one --department cannot choose in both"
)


def credit_notes(*departments: str) -> str:
    rows = [
        {
            "id": f"c{n}",
            "department": {"type": "department", "id": department},
            "credit_note_number": f"C{n}",
            "credit_note_date": "2026-01-08",
            "status": "booked",
            "booking_number": 3000 + n,
        }
        for n, department in enumerate(departments, start=1)
    ]
    return json.dumps({"data": rows})


def run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answers: str,
    *options: str,
    overview: bytes | None = None,
) -> tuple[int, str, str]:
    (tmp_path / "facturen.csv").write_bytes(overview or OVERVIEW.read_bytes())
    (tmp_path / "creditnotas.json").write_text(answers, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status = main(
        [
            "check",
            "--day-first",
            "--invoices",
            "facturen.csv",
            "--credit-notes",
            "creditnotas.json",
            "--column",
            "booking_number=booking_number",
            *options,
        ]
    )
    out, err = capsys.readouterr()
    return status, out, err


def test_rule_6_the_overviews_name_with_answers_of_one_department_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        tmp_path, monkeypatch, capsys, credit_notes("brugge"), "--department", "Bakkerij Brugge"
    )
    assert (status, out) == (2, "")
    assert one_error(err) == (
        "booking-reconcile: error: creditnotas.json, field 'department.id': --department "
        "'Bakkerij Brugge' is no department of these Teamleader Focus answers, whose "
        "department is 'brugge' (an id); facturen.csv is an overview: "
        f"{CANNOT}. The answers hold one department and need no choice: give the overview "
        "of that department alone (exported for it, or without its department column) and "
        "leave out --department"
    )


def test_rule_6_the_answers_id_with_an_overview_of_several_departments_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        tmp_path, monkeypatch, capsys, credit_notes("brugge"), "--department", "brugge"
    )
    assert (status, out) == (2, "")
    assert one_error(err) == (
        "booking-reconcile: error: facturen.csv, field 'department': has no row of the "
        "department 'brugge' given with --department; its departments are 'Bakkerij Gent', "
        "'Bakkerij Brugge': 'brugge' is the id creditnotas.json (Teamleader Focus answers) "
        f"names its department by; {CANNOT}. The answers hold one department and need no "
        "choice: give the overview of that department alone (exported for it, or without "
        "its department column) and leave out --department"
    )


def test_rule_6_answers_of_several_departments_with_an_overview_name_say_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(
        tmp_path,
        monkeypatch,
        capsys,
        credit_notes("gent", "brugge"),
        "--department",
        "Bakkerij Brugge",
    )
    assert status == 2
    message = one_error(err)
    assert "whose departments are 'gent', 'brugge' (ids)" in message
    assert message.endswith(
        f"{CANNOT}. Give the answers of one department (fetched for that "
        "department alone) and the overview of that department alone, and leave out "
        "--department"
    )


def test_rule_6_following_the_advice_reads_the_department(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = OVERVIEW.read_bytes().splitlines(keepends=True)
    brugge = b"".join([lines[0], *(line for line in lines[1:] if b"Brugge" in line)])
    status, out, err = run(tmp_path, monkeypatch, capsys, credit_notes("brugge"), overview=brugge)
    assert status == 0, err
    assert "Read 2 invoices in journal 70 and 1 credit note in journal 71" in " ".join(out.split())


def test_rule_6_an_overview_without_department_column_takes_the_answers_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    overview = b"Factuurnummer;Factuurdatum;Boekingsnummer\n2026 / 1;07-01-2026;2001\n"
    status, out, err = run(
        tmp_path,
        monkeypatch,
        capsys,
        credit_notes("gent", "brugge"),
        "--department",
        "brugge",
        overview=overview,
    )
    assert status == 0, err
    assert "Labels: department 'brugge'" in " ".join(out.split())


def test_rule_6_a_misspelt_id_with_answers_alone_keeps_the_adapters_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "creditnotas.json").write_text(credit_notes("brugge"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    options = ["--column", "booking_number=booking_number", "--department", "brugg"]
    status = main(["check", "--credit-notes", "creditnotas.json", *options])
    _, err = capsys.readouterr()
    assert status == 2
    message = one_error(err)
    assert "has no row of the department 'brugg'" in message
    assert "cannot choose in both" not in message

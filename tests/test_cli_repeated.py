"""An option that takes one value, given twice, is refused (§6: no input dropped).

argparse keeps the last of a repeated option: ``--bookings page-1.json
--bookings page-2.json`` read page 2 alone, without a word, and the blocker
that followed gave the wrong advice. Each such option now refuses a second
value, naming both.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from booking_reconcile.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize(
    ("command", "option"),
    [
        ("plan", "--invoices"),
        ("plan", "--credit-notes"),
        ("plan", "--bookings"),
        ("plan", "--journals"),
        ("check", "--bookings"),
        ("snapshot", "--journals"),
        ("confirm", "--before"),
        ("plan", "--department"),
        ("plan", "--division"),
        ("plan", "--encoding"),
        ("plan", "--start-date"),
        ("plan", "--output"),
    ],
)
def test_rule_6_an_option_of_one_value_given_twice_is_refused(
    command: str, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = [command]
    if command == "confirm":
        arguments.append("plan.json")
    arguments += ["documents.csv", option, "first", option, "second"]
    with pytest.raises(SystemExit) as exited:
        main(arguments)
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    text = " ".join(captured.err.split())
    assert f"{option} is given twice ('first', then 'second')" in text
    assert "give it once" in text


def test_rule_6_two_pages_of_an_answer_given_as_two_files_are_refused_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The case of the finding: Exact's two pages of sales entries, each given
    # to --bookings. Before, page 1 was never opened.
    for name in ("sales-entries-page-1.json", "sales-entries-page-2.json"):
        shutil.copy(EXAMPLES / "exact-online" / name, tmp_path / name)
    with pytest.raises(SystemExit) as exited:
        main(
            [
                "plan",
                str(EXAMPLES / "article" / "documents.csv"),
                "--bookings",
                str(tmp_path / "sales-entries-page-1.json"),
                "--bookings",
                str(tmp_path / "sales-entries-page-2.json"),
            ]
        )
    assert exited.value.code == 2
    text = " ".join(capsys.readouterr().err.split())
    assert "--bookings is given twice" in text
    assert "sales-entries-page-1.json" in text
    assert "sales-entries-page-2.json" in text
    assert "the pages of an API answer go in one file, as a JSON list of the pages" in text


def test_the_repeatable_column_option_still_repeats(tmp_path: Path) -> None:
    documents = tmp_path / "documents.csv"
    documents.write_text(
        "Soort,Nummer,Datum,Boeking\ninvoice,A,2026-01-05,1001\n", encoding="utf-8"
    )
    code = main(
        [
            "check",
            str(documents),
            "--column",
            "kind=Soort",
            "--column",
            "number=Nummer",
            "--column",
            "date=Datum",
            "--column",
            "booking_number=Boeking",
            "--quiet",
        ]
    )
    assert code == 0


@pytest.mark.parametrize("option", ["--department", "--division", "--output", "--bookings"])
@pytest.mark.parametrize("value", ["", "  "])
def test_rule_6_an_option_of_one_value_given_empty_is_refused(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # --department '' read as if not given, --output '' as "Is a directory".
    with pytest.raises(SystemExit) as exited:
        main(["plan", "documents.csv", option, value])
    assert exited.value.code == 2
    text = " ".join(capsys.readouterr().err.split())
    assert f"{option} is empty; give its value, or leave the option out" in text


def test_rule_6_a_column_option_naming_one_field_twice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The last mapping won without a word.
    documents = tmp_path / "documents.csv"
    documents.write_text("kind,number,date,booking_number\n", encoding="utf-8")
    code = main(
        [
            "check",
            str(documents),
            "--column",
            "booking_number=booking_number",
            "--column",
            "booking_number=number",
        ]
    )
    assert code == 2
    text = " ".join(capsys.readouterr().err.split())
    assert (
        "--column: booking_number is given twice ('booking_number', then 'number'); "
        "name one column for it"
    ) in text

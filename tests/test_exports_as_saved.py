"""Exports as people save them, read in one run (tests/data/exports, see its README).

From Python (``exports.snapshot_from_exports``) and from the command line
(``booking_reconcile.cli.main``): each file's encoding decided on its own, the
lines skipped said in the notes, and a department or division chosen.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest

from booking_reconcile import Integration
from booking_reconcile.cli import main
from booking_reconcile.errors import InputFormatError
from booking_reconcile.exports import ExportFile, ExportOptions, Exports, snapshot_from_exports
from booking_reconcile.readers import DateStyle
from messages import notes, one_error

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
OPTIONS = ExportOptions(integration=Integration("70", "71"), date_style=DateStyle.DAY_FIRST)
INVOICES = "teamleader-facturen-bom.csv"  # UTF-8 with a byte order mark, a draft
CREDIT_NOTES = "teamleader-creditnotas.csv"  # UTF-8
ENTRIES = "exact-verkoopboekingen-nl.csv"  # cp1252, a title line and a totals line
CP1252_NOTE = (
    f"{ENTRIES}: read as cp1252 (it is not UTF-8); pass --encoding if it was saved in "
    "another encoding"
)


def exported(name: str) -> ExportFile:
    return ExportFile(name, (EXPORTS / name).read_bytes())


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *arguments: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(EXPORTS)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status = main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


# -- encodings, per file --------------------------------------------------------------


def test_utf8_with_a_bom_and_cp1252_read_in_one_run_without_encoding() -> None:
    reading = snapshot_from_exports(
        Exports(
            invoices=exported(INVOICES),
            credit_notes=exported(CREDIT_NOTES),
            bookings=exported(ENTRIES),
        ),
        OPTIONS,
    )
    assert [document.number for document in reading.snapshot.documents] == [
        "2026 / 1",
        "2026 / 2",
        "2026 / 3",
        "K 2026 / 1",
    ]
    assert reading.snapshot.links is not None
    assert reading.snapshot.links.by_reference == 3
    # Only the file read as anything but UTF-8 is named; the BOM is no part of a header.
    assert [note for note in reading.notes if "read as" in note] == [CP1252_NOTE]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_encoding_never_overrides_a_bom_or_valid_utf8(encoding: str) -> None:
    reading = snapshot_from_exports(
        Exports(invoices=exported(INVOICES), credit_notes=exported(CREDIT_NOTES)),
        ExportOptions(
            integration=Integration("70", "71"), date_style=DateStyle.DAY_FIRST, encoding=encoding
        ),
    )
    # Read as UTF-8: 'Ééné' would be 'Ã‰Ã©n' in cp1252, and no note says otherwise.
    assert [document.number for document in reading.snapshot.documents][:2] == [
        "2026 / 1",
        "2026 / 2",
    ]
    assert not [note for note in reading.notes if "read as" in note]


def test_the_encoding_given_reads_a_file_that_is_not_utf8_and_is_named() -> None:
    invoices = "Factuurnummer;Factuurdatum;Boekingsnummer\nFé 1;05-01-2026;1001\n"
    reading = snapshot_from_exports(
        Exports(invoices=ExportFile("f.csv", invoices.encode("latin-1"))),
        ExportOptions(
            integration=Integration("70", "71"), encoding="latin-1", date_style=DateStyle.DAY_FIRST
        ),
    )
    assert [document.number for document in reading.snapshot.documents] == ["Fé 1"]
    assert reading.notes == ("f.csv: read as iso8859-1, the --encoding given (it is not UTF-8)",)


def test_a_utf16_file_with_its_bom_is_read_and_named() -> None:
    invoices = "Factuurnummer;Factuurdatum;Boekingsnummer\r\n2026 / 1;2026-01-05;1001\r\n"
    reading = snapshot_from_exports(
        Exports(invoices=ExportFile("f.csv", codecs.BOM_UTF16_LE + invoices.encode("utf-16-le"))),
        OPTIONS,
    )
    assert [document.number for document in reading.snapshot.documents] == ["2026 / 1"]
    assert reading.notes == ("f.csv: read as utf-16-le, as its byte order mark says",)


def test_a_misspelt_encoding_names_the_option_even_when_every_file_is_utf8() -> None:
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(
            Exports(invoices=exported(CREDIT_NOTES)),
            ExportOptions(integration=Integration("70", "71"), encoding="klingon"),
        )
    assert caught.value.source == "--encoding"


def test_mixed_encodings_from_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        monkeypatch,
        capsys,
        "check",
        "--invoices",
        INVOICES,
        "--credit-notes",
        CREDIT_NOTES,
        "--bookings",
        ENTRIES,
        "--day-first",
    )
    assert status == 0, err
    said = notes(err)
    assert f"booking-reconcile: note: {CP1252_NOTE}" in said
    assert [note for note in said if "read as" in note] == [
        f"booking-reconcile: note: {CP1252_NOTE}"
    ]
    assert "3 bookings in journals 70 (2), 71 (1)" in out


# -- skipped lines in the notes -------------------------------------------------------


def test_the_notes_say_which_lines_were_skipped_and_count_the_drafts() -> None:
    reading = snapshot_from_exports(
        Exports(invoices=exported(INVOICES), bookings=exported(ENTRIES)),
        ExportOptions(
            integration=Integration("70", "71"),
            date_style=DateStyle.DAY_FIRST,
            documents_complete=True,
        ),
    )
    skipped = [note for note in reading.notes if ": skipped " in note]
    assert skipped == [
        f"{INVOICES}: skipped line 4 (drafts)",
        f"{ENTRIES}: skipped line 1 (above the header) and line 9 (totals)",
    ]


def test_skipped_lines_on_standard_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(
        monkeypatch,
        capsys,
        "check",
        "--invoices",
        INVOICES,
        "--credit-notes",
        CREDIT_NOTES,
        "--bookings",
        ENTRIES,
        "--day-first",
    )
    assert status == 0, err
    said = notes(err)
    assert f"booking-reconcile: note: {INVOICES}: skipped line 4 (drafts)" in said
    assert (
        f"booking-reconcile: note: {ENTRIES}: skipped line 1 (above the header) and line 9 (totals)"
    ) in said


# -- departments and divisions --------------------------------------------------------

DEPARTMENTS = "teamleader-facturen-afdelingen.csv"
DIVISIONS = "exact-boekingen-administraties.csv"


def test_two_departments_are_refused_naming_the_option() -> None:
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(Exports(invoices=exported(DEPARTMENTS)), OPTIONS)
    assert caught.value.field == "department"
    assert "choose one with --department NAME" in caught.value.reason


def test_department_leaves_the_others_out_counts_them_and_labels_the_snapshot() -> None:
    reading = snapshot_from_exports(
        Exports(invoices=exported(DEPARTMENTS)),
        ExportOptions(
            integration=Integration("70", "71"),
            date_style=DateStyle.DAY_FIRST,
            department="Bakkerij Gent",
        ),
    )
    assert [(d.number, d.booking_number) for d in reading.snapshot.documents] == [
        ("2026 / 1", 1001),
        ("2026 / 2", 1002),
    ]
    assert f"{DEPARTMENTS}: skipped lines 3 and 5 (other departments)" in reading.notes
    assert dict(reading.snapshot.labels) == {"department": "Bakkerij Gent"}


def test_division_leaves_the_others_out_and_counts_them() -> None:
    invoices = ExportFile(
        "i.csv",
        b"number,date,booking_number\n2026 / 1,2026-01-05,1001\n2026 / 2,2026-01-06,1002\n",
    )
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(Exports(invoices=invoices, bookings=exported(DIVISIONS)), OPTIONS)
    assert "choose one with --division NAME" in caught.value.reason
    reading = snapshot_from_exports(
        Exports(invoices=invoices, bookings=exported(DIVISIONS)),
        ExportOptions(
            integration=Integration("70", "71"), date_style=DateStyle.DAY_FIRST, division="123456"
        ),
    )
    assert [b.booking_number for b in reading.snapshot.bookings or ()] == [1001, 1002]
    assert f"{DIVISIONS}: skipped line 3 (other divisions)" in reading.notes
    assert dict(reading.snapshot.labels) == {"division": "123456"}


def test_two_departments_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(monkeypatch, capsys, "check", "--invoices", DEPARTMENTS, "--day-first")
    assert (status, out) == (2, "")
    assert "choose one with --department NAME" in one_error(err)
    status, out, err = run(
        monkeypatch,
        capsys,
        "check",
        "--invoices",
        DEPARTMENTS,
        "--day-first",
        "--department",
        "Bakkerij Brugge",
    )
    assert status == 0, err
    assert (
        f"booking-reconcile: note: {DEPARTMENTS}: skipped lines 2 and 4 (other departments)"
    ) in notes(err)
    out = " ".join(out.split())  # check's report is wrapped to the terminal's width
    assert "Read 2 invoices in journal 70" in out
    assert "Labels: department 'Bakkerij Brugge'." in out


def test_division_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    invoices = tmp_path / "i.csv"
    invoices.write_text("number,date,booking_number\n2026 / 1,2026-01-05,1001\n")
    arguments = ("check", "--invoices", str(invoices), "--bookings", DIVISIONS, "--day-first")
    status, _, err = run(monkeypatch, capsys, *arguments)
    assert status == 2
    assert "choose one with --division NAME" in one_error(err)
    status, out, err = run(monkeypatch, capsys, *arguments, "--division", "654321")
    assert (
        f"booking-reconcile: note: {DIVISIONS}: skipped lines 2 and 4 (other divisions)"
        in notes(err)
    )
    out = " ".join(out.split())  # check's report is wrapped to the terminal's width
    assert "1 booking in journal 70" in out
    assert "Labels: division '654321'." in out


@pytest.mark.parametrize("option", ["--department", "--division"])
def test_department_and_division_are_refused_with_a_snapshot_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    article = Path(__file__).resolve().parent.parent / "examples" / "article" / "snapshot.json"
    status, _, err = run(monkeypatch, capsys, "check", str(article), option, "Gent")
    assert status == 2
    assert (
        f"is a snapshot JSON file, which holds the integration, journals and bookings itself; leave out {option}"
        in one_error(err)
    )


def test_rule_6_a_row_naming_no_division_is_refused_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The reviewer's case: under --division the row with an empty Administratie was
    # skipped as "another division", and its invoice called stale.
    (tmp_path / "facturen.csv").write_bytes(
        b"Factuurnummer;Factuurdatum;Boekingsnummer\r\n2026/1;05-01-2026;1\r\n2026/2;06-01-2026;2\r\n"
    )
    (tmp_path / "boekingen.csv").write_bytes(
        b"Administratie;Dagboek;Boekstuknummer;Boekdatum;Uw ref.\r\n"
        b"123456;70;1;05-01-2026;2026/1\r\n;70;2;06-01-2026;2026/2\r\n654321;70;1;05-01-2026;X\r\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status = main(
        [
            "check",
            "--invoices",
            "facturen.csv",
            "--bookings",
            "boekingen.csv",
            "--division",
            "123456",
            "--day-first",
        ]
    )
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert one_error(err).startswith(
        "booking-reconcile: error: boekingen.csv, line 3, field 'division': names no "
        "division while other rows do"
    )
    assert "other divisions" not in err

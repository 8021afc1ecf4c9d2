"""DOMAIN §6: "bookings of two administrations in one snapshot (unless the caller chooses one)".

One Exact Online account holds several divisions (administrations), each
with its own journals: a journals export with an administration column
(``Administratie``) is read like the bookings export's, and ``--division``
(``division=``) chooses among both; ``--department`` (the documents'
department) and ``--division`` (the bookings' and journals' division) choose
together. The files are the exports of ``tests/data/exports`` (see its
README) and Exact Online's answers as its API returns them.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from booking_reconcile import Integration
from booking_reconcile.cli import main
from booking_reconcile.errors import InputFormatError
from booking_reconcile.exports import ExportFile, ExportOptions, Exports, snapshot_from_exports
from booking_reconcile.readers import DateStyle, journals_reading, read_journals
from booking_reconcile.reading import OTHER_DIVISION
from messages import one_error

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
JOURNALS = "exact-dagboeken-administraties.csv"
BOOKINGS = "exact-boekingen-administraties.csv"
DEPARTMENTS = "teamleader-facturen-afdelingen.csv"
INVOICES = ExportFile(
    "facturen.csv",
    b"Factuurnummer;Factuurdatum;Boekingsnummer\r\n2026 / 1;05-01-2026;1001\r\n"
    b"2026 / 2;06-01-2026;1002\r\n",
)


def exported(name: str) -> ExportFile:
    return ExportFile(name, (EXPORTS / name).read_bytes())


def options(**chosen: str) -> ExportOptions:
    return ExportOptions(
        integration=Integration("70", "71"), date_style=DateStyle.DAY_FIRST, **chosen
    )


def journals_of(division: str) -> bytes:
    return (
        f"Administratie;Dagboek;Volgend nummer;Afgesloten tot\r\n{division};70;1;10-01-2026\r\n"
        f"{division};71;5;\r\n"
    ).encode()


# -- the journals reader ------------------------------------------------------------------


def test_rule_6_a_journals_export_of_two_divisions_is_refused_listing_them() -> None:
    text = (EXPORTS / JOURNALS).read_text()
    with pytest.raises(InputFormatError) as caught:
        read_journals(text, source=JOURNALS, date_style=DateStyle.DAY_FIRST)
    assert (caught.value.line, caught.value.field) == (3, "division")
    assert caught.value.reason == (
        "holds the rows of 2 divisions ('123456', '654321'); read one at a time: choose one "
        "with --division NAME (division= in Python)"
    )


def test_rule_6_division_chooses_a_journals_exports_rows_and_counts_the_others() -> None:
    text = (EXPORTS / JOURNALS).read_text()
    reading = journals_reading(text, date_style=DateStyle.DAY_FIRST, division="123456")
    assert [(j.code, j.next_booking_number, j.locked_until) for j in reading.records] == [
        ("70", 1003, None),
        ("71", 1, None),
    ]
    assert reading.skipped_lines(OTHER_DIVISION) == (3, 5)
    assert reading.named == (("division", "123456", 2),)


def test_rule_6_a_journals_row_naming_no_division_while_others_do_is_refused() -> None:
    text = "Administratie;Dagboek;Volgend nummer\r\n123456;70;1003\r\n;71;1\r\n"
    for division in ("123456", None):
        with pytest.raises(InputFormatError) as caught:
            read_journals(text, source="dagboeken.csv", division=division)
        assert (caught.value.line, caught.value.field) == (3, "division")
        assert "names no division while other rows do" in caught.value.reason


def test_rule_6_a_journals_export_without_the_division_chosen_is_refused() -> None:
    with pytest.raises(InputFormatError) as caught:
        read_journals(
            journals_of("654321").decode(),
            source="d.csv",
            date_style=DateStyle.DAY_FIRST,
            division="123456",
        )
    assert caught.value.reason == (
        "has no row of the division '123456' given with --division; its divisions are '654321'"
    )


# -- the exports of one run ---------------------------------------------------------------


def test_rule_6_division_chooses_the_journals_and_the_bookings_export_alike() -> None:
    exports = Exports(invoices=INVOICES, bookings=exported(BOOKINGS), journals=exported(JOURNALS))
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(exports, options())
    assert (caught.value.source, caught.value.field) == (JOURNALS, "division")
    assert "2 divisions ('123456', '654321')" in caught.value.reason
    reading = snapshot_from_exports(exports, options(division="123456"))
    journals = {j.code: (j.next_booking_number, j.locked_until) for j in reading.snapshot.journals}
    assert journals == {"70": (1003, None), "71": (1, None)}
    assert f"{JOURNALS}: skipped lines 3 and 5 (other divisions)" in reading.notes
    assert not any("columns ignored" in note for note in reading.notes)
    assert dict(reading.snapshot.labels) == {"division": "123456"}


def test_rule_6_journals_of_another_division_than_the_bookings_are_refused() -> None:
    exports = Exports(
        invoices=INVOICES,
        bookings=exported(BOOKINGS),
        journals=ExportFile("dagboeken-654321.csv", journals_of("654321")),
    )
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(exports, options(division="123456"))
    assert (caught.value.source, caught.value.field) == ("dagboeken-654321.csv", "division")
    assert "no row of the division '123456'" in caught.value.reason
    one = ExportFile(
        "boekingen.csv",
        b"Administratie;Dagboek;Boekstuknummer;Boekdatum\r\n123456;70;1001;05-01-2026\r\n",
    )
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(
            Exports(invoices=INVOICES, bookings=one, journals=exports.journals), options()
        )
    assert (caught.value.source, caught.value.field) == ("boekingen.csv", "division")
    assert caught.value.reason == (
        "holds bookings of the division '123456' (line 2), but dagboeken-654321.csv those of "
        "'654321' (line 2): a snapshot is one administration, with its own journals; give the "
        "files of one administration, or choose one with --division NAME (division= in Python)"
    )


def test_rule_6_journals_export_of_another_division_than_exact_answers_is_refused() -> None:
    entries = {
        "d": {
            "results": [
                {
                    "EntryNumber": 1001,
                    "Journal": "70",
                    "EntryDate": "/Date(1767571200000)/",
                    "Type": 20,
                    "Status": 50,
                    "YourRef": "2026 / 1",
                    "Division": 123456,
                }
            ]
        }
    }
    exports = Exports(
        invoices=INVOICES,
        bookings=ExportFile("sales.json", json.dumps(entries).encode()),
        journals=ExportFile("dagboeken.csv", journals_of("654321")),
    )
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(exports, options())
    assert (caught.value.source, caught.value.field) == ("sales.json", "Division")
    assert "dagboeken.csv the rows of the division '654321' (line 2)" in caught.value.reason


# -- --department and --division together ------------------------------------------------

SALES_OF_TWO = json.dumps(
    {
        "d": {
            "results": [
                {
                    "EntryNumber": number,
                    "Journal": "70",
                    "EntryDate": f"/Date({1767571200000 + day * 86400000})/",
                    "Type": 20,
                    "Status": 50,
                    "YourRef": reference,
                    "Division": division,
                }
                for number, division, reference, day in (
                    (1001, 123456, "2026 / 1", 0),
                    (1001, 654321, "2026 / 1", 0),
                    (1002, 123456, "2026 / 2", 1),
                )
            ]
        }
    }
).encode()


def test_rule_6_department_and_division_choose_together_with_exact_answers() -> None:
    exports = Exports(
        invoices=exported(DEPARTMENTS), bookings=ExportFile("sales-two.json", SALES_OF_TWO)
    )
    reading = snapshot_from_exports(exports, options(department="Bakkerij Gent", division="123456"))
    snapshot = reading.snapshot
    assert [d.number for d in snapshot.documents] == ["2026 / 1", "2026 / 2"]
    assert [b.booking_number for b in snapshot.bookings or ()] == [1001, 1002]
    assert dict(snapshot.labels) == {"department": "Bakkerij Gent", "division": "123456"}


def test_rule_6_department_and_division_choose_together_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / DEPARTMENTS).write_bytes((EXPORTS / DEPARTMENTS).read_bytes())
    (tmp_path / "sales-two.json").write_bytes(SALES_OF_TWO)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    arguments = ["check", "--day-first", "--invoices", DEPARTMENTS, "--bookings", "sales-two.json"]
    status = main([*arguments, "--department", "Bakkerij Gent", "--division", "123456"])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "Labels: department 'Bakkerij Gent', division '123456'." in " ".join(out.split())
    status = main([*arguments, "--department", "Bakkerij Gent"])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    message = one_error(err, 200)
    assert "another division" in message
    assert "--division" in message
    assert "department" not in message


def test_rule_6_department_and_division_choose_together_with_journals_answers() -> None:
    journals = {
        "d": {
            "results": [
                {"Code": code, "Type": kind, "Division": division}
                for division in (123456, 654321)
                for code, kind in (("70", 20), ("71", 21))
            ]
        }
    }
    exports = Exports(
        invoices=exported(DEPARTMENTS),
        bookings=ExportFile("sales-two.json", SALES_OF_TWO),
        journals=ExportFile("journals-two.json", json.dumps(journals).encode()),
    )
    reading = snapshot_from_exports(exports, options(department="Bakkerij Gent", division="123456"))
    assert sorted(j.code for j in reading.snapshot.journals) == ["70", "71"]
    assert dict(reading.snapshot.labels) == {"department": "Bakkerij Gent", "division": "123456"}

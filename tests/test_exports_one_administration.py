"""DOMAIN §6: one snapshot is one department and one administration, across files too.

"Documents of two departments or bookings of two administrations in one
snapshot (unless the caller chooses one)" are bad input. Each reader and
adapter refuses them within a file; these tests give them in two files (the
invoice overview of one department and the credit-note overview of another;
a bookings export of one administration and the journals of another), made
the way people make them: the overviews as Teamleader Focus saves them
(`;`, CRLF, Dutch headers), Exact Online's Journals answer as its API returns
it, the Teamleader answers with a connector's `booking_number` key.
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
from booking_reconcile.readers import DateStyle
from messages import one_error

OPTIONS = ExportOptions(integration=Integration("70", "71"), date_style=DateStyle.DAY_FIRST)
GENT = b"Factuurnummer;Factuurdatum;Afdeling;Boekingsnummer\r\n2026/1;05-01-2026;Gent;1001\r\n"
BRUGGE = b"Creditnotanummer;Creditnotadatum;Afdeling;Boekingsnummer\r\nK1;06-01-2026;Brugge;1\r\n"
GENT_CREDIT_NOTE = BRUGGE.replace(b"Brugge", b"gent ")


def tl_answer(key: str, department: str, **row: object) -> bytes:
    data = {"id": "a", "department": {"type": "department", "id": department}, **row}
    return json.dumps({"data": [data]}).encode()


TL_INVOICE = tl_answer(
    "invoice",
    "dep-gent",
    invoice_number="2026/1",
    invoice_date="2026-01-05",
    status="matched",
    booking_number=1001,
)
TL_CREDIT_NOTE = tl_answer(
    "credit_note",
    "dep-brugge",
    credit_note_number="K1",
    credit_note_date="2026-01-06",
    status="booked",
    invoice=None,
    booking_number=1,
)
JOURNALS_OF_2 = json.dumps(
    {
        "d": {
            "results": [
                {"Code": "70", "Type": 20, "Division": 2},
                {"Code": "71", "Type": 21, "Division": 2},
            ]
        }
    }
).encode()
BOOKINGS_OF_7 = (
    b"Administratie;Dagboek;Boekstuknummer;Boekdatum;Uw ref.\r\n7;70;1001;05-01-2026;2026/1\r\n"
)


def test_rule_6_an_invoice_and_a_credit_note_overview_of_two_departments_are_refused() -> None:
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(
            Exports(
                invoices=ExportFile("facturen-gent.csv", GENT),
                credit_notes=ExportFile("creditnotas-brugge.csv", BRUGGE),
            ),
            OPTIONS,
        )
    assert (caught.value.source, caught.value.field) == ("creditnotas-brugge.csv", "department")
    assert caught.value.reason == (
        "holds documents of the department 'Brugge' (line 2), but facturen-gent.csv those of "
        "'Gent' (line 2): a snapshot is one department, with its own journals; give the "
        "overviews of one department, or choose one with --department NAME (department= in "
        "Python)"
    )


def test_rule_6_overviews_of_one_department_written_alike_are_read() -> None:
    reading = snapshot_from_exports(
        Exports(
            invoices=ExportFile("facturen-gent.csv", GENT),
            credit_notes=ExportFile("creditnotas-gent.csv", GENT_CREDIT_NOTE),
        ),
        OPTIONS,
    )
    assert len(reading.snapshot.documents) == 2


def test_rule_6_teamleader_answers_of_two_departments_in_two_files_are_refused() -> None:
    options = ExportOptions(
        integration=Integration("70", "71"), column_map={"booking_number": "booking_number"}
    )
    exports = Exports(
        invoices=ExportFile("invoices.json", TL_INVOICE),
        credit_notes=ExportFile("credit-notes.json", TL_CREDIT_NOTE),
    )
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(exports, options)
    assert (caught.value.source, caught.value.field) == ("credit-notes.json", "department.id")
    assert caught.value.reason.startswith(
        "holds documents of the department 'dep-brugge', but invoices.json those of "
        "'dep-gent': a snapshot is one department"
    )
    assert "--department NAME" in caught.value.reason


def test_rule_6_bookings_of_one_administration_and_journals_of_another_are_refused() -> None:
    exports = Exports(
        invoices=ExportFile("facturen.csv", GENT.replace(b";Gent;", b";;")),
        bookings=ExportFile("boekingen.csv", BOOKINGS_OF_7),
        journals=ExportFile("journals.json", JOURNALS_OF_2),
    )
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(exports, OPTIONS)
    assert (caught.value.source, caught.value.field) == ("boekingen.csv", "division")
    assert caught.value.reason == (
        "holds bookings of the division '7' (line 2), but journals.json answers of the "
        "division 2: a snapshot is one administration; give the files of one administration, "
        "or choose one with --division NUMBER (division= in Python)"
    )
    same = BOOKINGS_OF_7.replace(b"\r\n7;", b"\r\n2;")
    reading = snapshot_from_exports(
        Exports(
            invoices=exports.invoices,
            bookings=ExportFile("boekingen.csv", same),
            journals=exports.journals,
        ),
        OPTIONS,
    )
    assert dict(reading.snapshot.labels) == {"division": "2"}


def test_rule_6_two_departments_across_files_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "facturen-gent.csv").write_bytes(GENT)
    (tmp_path / "creditnotas-brugge.csv").write_bytes(BRUGGE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    arguments = ["--invoices", "facturen-gent.csv", "--credit-notes", "creditnotas-brugge.csv"]
    status = main(["check", *arguments, "--day-first"])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert "--department NAME" in one_error(err)

"""The command's input side: one file per kind, named columns, encodings, date styles,
spreadsheets, and the options that must fit the files."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from booking_reconcile.cli import main
from messages import notes, one_error

INVOICES = (
    "Invoice number;Invoice date;Booking number;Customer\n"
    "2026/1;05/01/2026;1001;Acme\n"
    "2026/2;06/01/2026;1002;Acme\n"
    "2026/3;13/01/2026;1002;Acme\n"
)
CREDIT_NOTES = "Credit note number;Credit note date;Booking number\nC1;14/01/2026;1\n"
ENTRIES = (
    "Journal;Entry number;Entry date;Your ref.;Description\n"
    "70;1001;05/01/2026;2026/1;x\n"
    "70;1002;13/01/2026;2026/3;x\n"
    "71;1;14/01/2026;C1;x\n"
)


def command(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    files: dict[str, str | bytes],
    *arguments: str,
) -> tuple[int, str, str]:
    for name, content in files.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status = main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    return lambda files, *arguments: command(tmp_path, monkeypatch, capsys, files, *arguments)


def test_invoices_and_credit_notes_from_their_own_exports(run: Any) -> None:
    status, out, err = run(
        {"invoices.csv": INVOICES, "credit-notes.csv": CREDIT_NOTES, "entries.csv": ENTRIES},
        "plan",
        "--invoices",
        "invoices.csv",
        "--credit-notes",
        "credit-notes.csv",
        "--bookings",
        "entries.csv",
        "--format",
        "json",
    )
    plan = json.loads(out)
    assert status == 0, err
    assert [c["message"] for c in plan["collisions"]] == [
        "The invoices 2026/2 and 2026/3 have the same booking number"
    ]
    assert plan["cutoff"] == "2026-01-13"
    # The unknown columns are ignored, and said so once everything is read.
    assert err.splitlines() == [
        "booking-reconcile: note: invoices.csv: columns ignored: 'Customer'",
        "booking-reconcile: note: entries.csv: columns ignored: 'Description'",
    ]


def test_a_cp1252_file_with_encoding(run: Any) -> None:
    data = "Factuurnummer;Factuurdatum;Boekingsnummer;Omschrijving\n2026/1;05-01-2026;1001;Café\n"
    status, out, err = run(
        {"facturen.csv": data.encode("cp1252")},
        "check",
        "--invoices",
        "facturen.csv",
        "--encoding",
        "cp1252",
        "--day-first",  # 05-01-2026 fits both styles
    )
    assert (status, notes(err)) == (
        0,
        [
            "booking-reconcile: note: facturen.csv: read as cp1252, the --encoding given (it "
            "is not UTF-8)",
            "booking-reconcile: note: facturen.csv: columns ignored: 'Omschrijving'",
        ],
    )
    assert "No collisions" in out


def test_column_names_a_column_in_the_files_that_have_it(run: Any) -> None:
    invoices = "Nr;Datum;Boekingsnr Exact\n2026/1;05-01-2026;1001\n2026/2;06-01-2026;1001\n"
    status, out, _ = run(
        {"i.csv": invoices},
        "check",
        "--invoices",
        "i.csv",
        "--column",
        "booking_number=Boekingsnr Exact",
        "--day-first",  # 05-01-2026 fits both styles
        "--format",
        "markdown",
    )
    assert status == 1
    assert "The invoices 2026/1 and 2026/2 have the same booking number" in out


def test_day_first_settles_an_ambiguous_file(run: Any) -> None:
    invoices = "number,date,booking_number\nA,05/01/2026,1\nB,06/01/2026,1\n"
    status, out, _ = run(
        {"i.csv": invoices},
        "plan",
        "--invoices",
        "i.csv",
        "--month-first",
        "--format",
        "json",
    )
    assert status == 0
    assert json.loads(out)["cutoff"] == "2026-06-01"


def test_an_xlsx_export(run: Any) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    for row in (["Invoice number", "Invoice date", "Booking number"], ["A", "2026-01-05", 1]):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    status, out, _ = run({"i.xlsx": buffer.getvalue()}, "check", "--invoices", "i.xlsx")
    assert (status, out.splitlines()[-1]) == (
        0,
        "No collisions (stale documents are found only with the bookings: --bookings).",
    )


def test_bookings_complete_reaches_the_snapshot(run: Any) -> None:
    # Journal 70 holds no booking although A carries #1 there: §3.8's blocker,
    # which --bookings-complete turns into a warning.
    invoices = "number,date,booking_number\nA,2026-01-05,1\n"
    files = {
        "i.csv": invoices,
        "c.csv": "number,date,booking_number\nC1,2026-01-05,1\n",
        "b.csv": "journal,booking_number,date,reference\n71,1,2026-01-05,C1\n",
    }
    arguments = ("plan", "--invoices", "i.csv", "--credit-notes", "c.csv", "--bookings", "b.csv")
    arguments += ("--format", "json")
    status, out, _ = run(files, *arguments)
    assert status == 1
    assert [b["rule"] for b in json.loads(out)["blockers"]] == ["bookings-missing"]
    status, out, _ = run(files, *arguments, "--bookings-complete")
    plan = json.loads(out)
    assert plan["blockers"] == []
    assert plan["warnings"][0]["rule"] == "bookings-missing"


def test_link_by_number_reaches_the_snapshot(run: Any) -> None:
    # §3.8: the reference column dropped; A's booking has its number and date.
    invoices = "number,date,booking_number\n2026 / 1,2026-01-05,1\n"
    files = {"i.csv": invoices, "b.csv": "journal,booking_number,date\n70,1,2026-01-05\n"}
    arguments = ("plan", "--invoices", "i.csv", "--bookings", "b.csv", "--format", "json")
    status, out, _ = run(files, *arguments)
    assert status == 1
    blocked = {b["rule"] for b in json.loads(out)["blockers"]}
    assert {"booking-unlinked", "no-booking-names-a-document"} <= blocked
    status, out, _ = run(files, *arguments, "--link-by-number")
    plan = json.loads(out)
    assert plan["blockers"] == []
    assert [w["rule"] for w in plan["warnings"]] == ["linked-by-number"]


def test_documents_complete_reaches_the_snapshot(run: Any) -> None:
    # §3.8: journal 71 holds a credit note's booking with its reference, no credit note read.
    invoices = "number,date,booking_number\nA,2026-01-05,1\n"
    bookings = "journal,booking_number,date,reference\n70,1,2026-01-05,A\n71,1,2026-01-06,C1\n"
    files = {"i.csv": invoices, "b.csv": bookings}
    arguments = ("plan", "--invoices", "i.csv", "--bookings", "b.csv", "--format", "json")
    status, out, _ = run(files, *arguments)
    assert status == 1
    assert [b["rule"] for b in json.loads(out)["blockers"]] == ["documents-missing"]
    status, out, _ = run(files, *arguments, "--documents-complete")
    plan = json.loads(out)
    assert plan["blockers"] == []
    assert "documents-missing" in [w["rule"] for w in plan["warnings"]]


GOOD = "number,date,booking_number\nA,2026-01-05,1\n"


@pytest.mark.parametrize(
    ("files", "arguments", "stderr"),
    [
        pytest.param(
            {"i.csv": "number,date,booking_number\nA,05/01/2026,1\n"},
            ("--invoices", "i.csv"),
            "i.csv, line 2: '05/01/2026' may be 5 January or May 1, and no date of the file settles which; pass --day-first or --month-first",
            id="ambiguous-dates",
        ),
        pytest.param(
            {
                "i.csv": "number,date,booking_number\nA,05-01-2026,1\n".encode("cp1252")
                + b"B\x81,05-01-2026,2\n"
            },
            ("--invoices", "i.csv"),
            "i.csv, line 3: is neither UTF-8 nor cp1252 text (byte 0x81 cannot be read); pass the --encoding the file was saved in",
            id="neither-utf8-nor-cp1252-names-its-line",
        ),
        pytest.param(
            {"i.csv": GOOD},
            ("--invoices", "i.csv", "--encoding", "klingon"),
            "--encoding: 'klingon' is not an encoding Python knows",
            id="unknown-encoding",
        ),
        pytest.param(
            {"i.csv": GOOD},
            ("--invoices", "i.csv", "--column", "booking_number"),
            "--column: 'booking_number' is not FIELD=NAME",
            id="column-not-field-is-name",
        ),
        pytest.param(
            {"i.csv": GOOD},
            ("--invoices", "i.csv", "--column", "booking_number=Booking nr"),
            "--column: booking_number='Booking nr': no input file has a column 'Booking nr'",
            id="column-in-no-file",
        ),
        pytest.param(
            {},
            (),
            "booking-reconcile: has no documents to read; give DOCUMENTS",
            id="no-documents",
        ),
        pytest.param(
            {"i.csv": GOOD, "j.csv": "code\n700\n701\n"},
            ("--invoices", "i.csv", "--journals", "j.csv"),
            "j.csv: has no journal 70, the journal --invoice-journal names (default 70); pass --invoice-journal with one of 700, 701",
            id="journals-file-without-the-invoice-journal",
        ),
        pytest.param(
            {
                "i.csv": GOOD,
                "b.csv": "journal,booking_number,date,document_kind,document_number\n700,1,2026-01-05,invoice,A\n",
            },
            ("--invoices", "i.csv", "--bookings", "b.csv"),
            "b.csv: holds bookings of documents in journal 700 only, and none in the integration's journals (70, 71); pass --invoice-journal and --credit-note-journal",
            id="bookings-in-other-journals",
        ),
        pytest.param(
            {
                "i.csv": GOOD,
                "b.csv": "Journal,Entry number,Entry date,Your ref.\n700,1,2026-01-05,A\n",
            },
            ("--invoices", "i.csv", "--bookings", "b.csv"),
            "b.csv: holds bookings of documents in journal 700 only",
            id="references-in-other-journals",
        ),
        pytest.param(
            {"i.csv": GOOD, "s.json": "{}"},
            ("s.json", "--invoices", "i.csv"),
            "s.json: is a snapshot JSON file, which holds the integration, journals and bookings itself; leave out --invoices",
            id="json-with-invoices",
        ),
        pytest.param(
            {"s.json": "{}"},
            ("s.json", "--day-first"),
            "leave out --day-first/--month-first",
            id="json-with-day-first",
        ),
        pytest.param(
            {"s.json": '{"integration": 1, "documents": [], "x": ' + "9" * 5000 + "}"},
            ("s.json",),
            "s.json: holds an integer of 5000 digits",
            id="json-huge-integer",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    run: Any, files: dict[str, Any], arguments: tuple[str, ...], stderr: str
) -> None:
    status, out, err = run(files, "check", *arguments)
    assert (status, out) == (2, "")
    message = one_error(err)
    assert message.startswith("booking-reconcile: error: "), err
    assert stderr in message, err

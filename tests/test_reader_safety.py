"""Lower-severity safety of the readers and adapters (the files reviewer's F21, F23, F16, F20, F15, F12).

Each case is a file made the way people make them (in tmp_path, or the
answer as the API returns it), and each decision is the one docs/choices.md
records: refuse, or read with a note, never a silent guess.
"""

from __future__ import annotations

import io
import json
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from booking_reconcile import DocumentKind, Integration, readers
from booking_reconcile.adapters.answers import read_answers
from booking_reconcile.adapters.exact_online import read_booking_answers, read_journals
from booking_reconcile.cli import main
from booking_reconcile.errors import InputFormatError
from booking_reconcile.exports import ExportFile, ExportOptions, Exports, snapshot_from_exports
from booking_reconcile.readers import DateStyle
from booking_reconcile.reading import TOTALS
from messages import one_error

# Day first: the files' dates fit both styles, so the style is given (docs/exports.md).
documents_reading = partial(readers.documents_reading, date_style=DateStyle.DAY_FIRST)
read_bookings = partial(readers.read_bookings, date_style=DateStyle.DAY_FIRST)
OPTIONS = ExportOptions(integration=Integration("70", "71"), date_style=DateStyle.DAY_FIRST)
INVOICES = b"Factuurnummer;Factuurdatum;Boekingsnummer\r\n2026 / 1;05-01-2026;1001\r\n"


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


# -- F21: the invoice overview given as credit notes -------------------------------------


def test_one_file_given_to_two_options_is_refused_before_reading(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "facturen.csv").write_bytes(INVOICES)
    monkeypatch.chdir(tmp_path)
    status, out, err = run(
        monkeypatch,
        capsys,
        "check",
        "--invoices",
        "facturen.csv",
        "--credit-notes",
        "./facturen.csv",
    )
    assert (status, out) == (2, "")
    assert one_error(err) == (
        "booking-reconcile: error: ./facturen.csv: is given to both --invoices and "
        "--credit-notes; each option reads a file of its own: give the credit-note overview "
        "to --credit-notes (or leave it out)"
    )


def test_a_credit_note_file_whose_number_column_is_named_for_invoices_is_refused() -> None:
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(
            Exports(
                invoices=ExportFile("facturen.csv", INVOICES),
                credit_notes=ExportFile("creditnotas.csv", INVOICES),
            ),
            OPTIONS,
        )
    assert (caught.value.source, caught.value.line) == ("creditnotas.csv", 1)
    assert caught.value.reason == (
        "is given as credit notes (--credit-notes), but its column 'Factuurnummer' is named "
        "for invoices: is it the invoice overview? Give the credit-note overview, or, if this "
        "is it, name its number column with --column number='Factuurnummer'"
    )
    chosen = ExportOptions(
        integration=Integration("70", "71"),
        date_style=DateStyle.DAY_FIRST,
        column_map={"number": "Factuurnummer"},
    )
    reading = snapshot_from_exports(
        Exports(credit_notes=ExportFile("creditnotas.csv", INVOICES)), chosen
    )
    assert [d.kind for d in reading.snapshot.documents] == [DocumentKind.CREDIT_NOTE]


# -- F23: an Exact Online reversal -------------------------------------------------------


def test_a_reversal_is_kept_as_a_booking_but_linked_to_no_document_and_said() -> None:
    rows = [
        {"EntryNumber": 1001, "Journal": "70", "EntryDate": "/Date(1767571200000)/", "Type": 20,
         "Status": 50, "Reversal": False, "YourRef": "2026 / 1"},
        {"EntryNumber": 1002, "Journal": "70", "EntryDate": "/Date(1768867200000)/", "Type": 21,
         "Status": 50, "Reversal": True, "YourRef": "2026 / 1"},
    ]  # fmt: skip
    read = read_booking_answers({"d": {"results": rows}}, source="se.json")
    assert [(b.booking_number, b.reference) for b in read.bookings] == [
        (1001, "2026 / 1"),
        (1002, None),
    ]
    (warning,) = read.warnings
    assert warning.rule == "reversal-not-linked"
    assert warning.message == (
        "booking #1002 in journal 70 (se.json[1]) is a reversal (Reversal: "
        "true) with the reference '2026 / 1': it is read as a booking that holds its number "
        "but books no document, so it is neither linked to the document its reference names "
        "nor taken for a booking made by hand; do not delete it to repair the numbering, and "
        "check in Exact Online what it reverses"
    )


# -- F16: a Factuurnummer column beside Uw ref. -----------------------------------------

ENTRIES = (
    "Dagboek: Code;Boekstuknummer;Factuurdatum;Factuurnummer;Uw ref.\r\n"
    "70;1001;05-01-2026;26700001;2026 / 1\r\n"
)


def test_a_document_number_and_a_reference_that_disagree_are_refused_naming_both() -> None:
    with pytest.raises(InputFormatError) as caught:
        read_bookings(ENTRIES, source="boekingen.csv")
    assert (caught.value.line, caught.value.field) == (2, "reference")
    assert caught.value.reason == (
        "columns 'Factuurnummer' (document_number, '26700001') and 'Uw ref.' (reference, "
        "'2026 / 1') both give the text that names the booking's document, and they differ; "
        "name the one the invoicing tool writes its number in with --column reference=NAME "
        "or --column document_number=NAME (column_map= in Python): the other is then not read"
    )


@pytest.mark.parametrize(
    ("field", "name", "reference"),
    [("reference", "Uw ref.", "2026 / 1"), ("document_number", "Factuurnummer", "26700001")],
)
def test_naming_one_of_the_two_columns_reads_it_alone(
    field: str, name: str, reference: str
) -> None:
    (booking,) = read_bookings(ENTRIES, column_map={field: name})
    assert booking.reference == reference


def test_a_document_number_and_a_reference_written_alike_are_one() -> None:
    text = ENTRIES.replace("26700001", "2026/1")
    (booking,) = read_bookings(text)
    assert booking.reference == "2026/1"


# -- F20: a full last Teamleader page ---------------------------------------------------


def _invoice(number: int) -> dict[str, Any]:
    return {
        "id": f"id-{number}",
        "department": {"type": "department", "id": "dep-1"},
        "invoice_number": f"2026 / {number}",
        "invoice_date": "2026-01-05",
        "status": "matched",
        "booking_number": number,
    }


def test_a_full_last_teamleader_page_is_said() -> None:
    full = {"data": [_invoice(n) for n in range(1, 21)]}
    answers = read_answers(full, source="invoices.json", booking_number_field="booking_number")
    assert len(answers.documents or ()) == 20
    (warning,) = answers.warnings
    assert warning.rule == "last-page-full"
    assert warning.message == (
        "invoices.json: the last page of invoices.list holds 20 rows, a full page (the "
        "default page size is 20): a list ends with a short page; if the next page was not "
        "fetched, the documents on it are missing"
    )
    short = {"data": [_invoice(n) for n in range(1, 20)]}
    assert read_answers(short, booking_number_field="booking_number").warnings == ()
    pages = [{"data": [_invoice(n) for n in range(1, 51)]}, {"data": [_invoice(51)]}]
    assert read_answers(pages, booking_number_field="booking_number").warnings == ()


# -- F15: a totals word that starts a record ----------------------------------------------


def test_a_line_whose_first_cell_starts_with_a_totals_word_but_names_a_document_is_a_record() -> (
    None
):
    text = (
        "Klant;Factuurnummer;Factuurdatum;Boekingsnummer\r\n"
        "Bakkerij;2026/1;05-01-2026;1001\r\n"
        "Grand Café Central;2026/2;;1002\r\n"
        "Totaal;;;\r\n"
    )
    with pytest.raises(InputFormatError) as caught:
        documents_reading(text, kind=DocumentKind.INVOICE, source="grand.csv")
    assert (caught.value.line, caught.value.field) == (3, "date")
    reading = documents_reading(
        text.replace(";;1002", ";06-01-2026;1002"), kind=DocumentKind.INVOICE
    )
    assert len(reading.records) == 2
    assert reading.skipped_lines(TOTALS) == (4,)


# -- F12: a JournalStatusList status other than 0 or 1 ------------------------------------


def test_a_journal_status_other_than_open_or_closed_is_refused() -> None:
    journals = {"d": {"results": [{"Code": "70", "Type": 20}]}}
    statuses = {"d": {"results": [{"Journal": "70", "Year": 2025, "Period": 12, "Status": 2}]}}
    with pytest.raises(InputFormatError) as caught:
        read_journals(journals, statuses=statuses, source="journals.json")
    assert caught.value.field == "Status"
    assert caught.value.reason == (
        "2 is not a status this adapter knows (0 open, 1 closed); check the period in Exact "
        "Online, and give the answer as the API returned it"
    )


# -- F19: --day-first imposes its style on every file -----------------------------------


def test_a_date_the_given_style_refuses_but_the_other_reads_names_the_option(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # docs/cli.md: the option says how every file writes its dates; a file that
    # writes them the other way is refused saying so, and how to get out.
    (tmp_path / "facturen.csv").write_bytes(
        b"Factuurnummer;Factuurdatum;Boekingsnummer\r\n2026/1;05/01/2026;1\r\n"
    )
    (tmp_path / "boekingen.csv").write_bytes(
        b"Dagboek;Boekstuknummer;Boekdatum;Uw ref.\r\n70;1;01/13/2026;2026/1\r\n"
    )
    monkeypatch.chdir(tmp_path)
    arguments = ("--invoices", "facturen.csv", "--bookings", "boekingen.csv", "--day-first")
    status, out, err = run(monkeypatch, capsys, "check", *arguments)
    assert (status, out) == (2, "")
    assert one_error(err) == (
        "booking-reconcile: error: boekingen.csv, line 2, field 'date': '01/13/2026' is no "
        "date day first, but it is 2026-01-13 month first: --day-first (date_style= in "
        "Python) reads the dates of every file day first, and this file writes them month first; leave out --day-first "
        "if each file has a date that tells its style, or save this file's dates as "
        "YYYY-MM-DD"
    )


# -- F6: the lines of one entry agree on their status -----------------------------------


def _line(number: int, **changes: Any) -> dict[str, Any]:
    row = {"EntryID": "e2", "LineNumber": number, "JournalCode": "70",
           "Date": "/Date(1768003200000)/", "FinancialYear": 2026, "FinancialPeriod": 1,
           "EntryNumber": 1002, "YourRef": "2026 / 3", "Type": 20, "Status": 50,
           "Division": 123456}  # fmt: skip
    return {**row, **changes}


@pytest.mark.parametrize(("field", "value"), [("Status", 20), ("Type", 21), ("Reversal", True)])
def test_the_lines_of_one_entry_that_disagree_on_status_type_or_reversal_are_refused(
    field: str, value: Any
) -> None:
    answer = {"d": {"results": [_line(0), _line(1, **{field: value})]}}
    with pytest.raises(InputFormatError) as caught:
        read_booking_answers(answer, source="lines.json")
    assert (caught.value.source, caught.value.field) == ("lines.json[1]", field)
    assert caught.value.reason.endswith(
        "the lines of one entry must agree on journal, number, date, reference, financial "
        "year, type, status and reversal; fetch the entry's lines again, or correct the "
        "entry in Exact Online"
    )


# -- F13: --output that cannot be written is refused before anything is read -----------


@pytest.mark.parametrize(
    ("output", "why"),
    [("outdir", "Is a directory"), ("missing/plan.md", "its folder 'missing' does not exist")],
)
def test_an_output_that_cannot_be_written_is_refused_before_reading(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    output: str,
    why: str,
) -> None:
    # docs/cli.md: "Every refusal that does not need the files' content comes before
    # anything is read or written": the empty input's own error is never reached.
    (tmp_path / "outdir").mkdir()
    (tmp_path / "empty.csv").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    status, out, err = run(
        monkeypatch, capsys, "check", "--invoices", "empty.csv", "--output", output
    )
    assert (status, out) == (2, "")
    assert one_error(err) == (
        f"booking-reconcile: error: --output {output}: cannot be written ({why}); it is "
        "left as it was"
    )


# -- F7: messages name the command's options, and the file ------------------------------


def test_a_journal_status_error_names_the_file_and_the_option_of_the_period_table() -> None:
    journals = {"d": {"results": [{"Code": "70", "Type": 20}]}}
    statuses = {"d": {"results": [{"Journal": "70", "Year": 2025, "Period": 13, "Status": 1}]}}
    with pytest.raises(InputFormatError) as caught:
        read_answers([journals, statuses], source="jr_p13.json", role="journals")
    assert caught.value.source == "jr_p13.json: JournalStatusList[0]"
    assert "in the --journals file" in caught.value.reason


def test_two_departments_and_two_divisions_name_the_options() -> None:
    def row(department: str) -> dict[str, Any]:
        return {**_invoice(1), "department": {"type": "department", "id": department}}

    with pytest.raises(InputFormatError, match=r"department= \(--department\)"):
        read_answers({"data": [row("a"), row("b")]}, booking_number_field="booking_number")
    lines = {"d": {"results": [_line(0, Division=1), _line(1, EntryID="e3", Division=2)]}}
    with pytest.raises(InputFormatError, match=r"division= \(--division\)"):
        read_booking_answers(lines)


# -- F8: a workbook whatever its name ----------------------------------------------------


def test_a_workbook_saved_under_another_name_is_read_as_a_workbook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Factuurnummer", "Factuurdatum", "Boekingsnummer"])
    sheet.append(["2026 / 1", "2026-01-05", 1001])
    workbook.save(tmp_path / "export.csv")  # downloaded or renamed as .csv
    data = (tmp_path / "export.csv").read_bytes()
    for name in ("export.csv", "export.xlsm"):
        reading = snapshot_from_exports(Exports(invoices=ExportFile(name, data)), OPTIONS)
        assert [d.number for d in reading.snapshot.documents] == ["2026 / 1"]


def test_an_excel_97_workbook_is_refused_saying_what_it_is() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(Exports(invoices=ExportFile("old.xls", ole)), OPTIONS)
    assert caught.value.source == "old.xls"
    assert caught.value.reason == (
        "is an Excel 97-2003 workbook (.xls), which is not read; save it as an Excel "
        "Workbook (.xlsx) or as CSV"
    )


# -- F10: smaller message gaps ------------------------------------------------------------


def test_an_unclosed_quote_says_so() -> None:
    text = 'Factuurnummer;Factuurdatum;Boekingsnummer\r\n2026/1;2026-01-05;1\r\n"2026/2;2026-01-06;2\r\n'
    with pytest.raises(InputFormatError) as caught:
        documents_reading(text, kind=DocumentKind.INVOICE, source="cut.csv")
    assert caught.value.reason == (
        'is not valid CSV (unexpected end of data): a quote (") is not closed, or the file '
        "was cut short; close the quote, or export the file again"
    )


def test_a_column_option_naming_no_field_lists_the_fields() -> None:
    options = ExportOptions(
        integration=Integration("70", "71"), column_map={"foo": "Factuurnummer"}
    )
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(Exports(invoices=ExportFile("f.csv", INVOICES)), options)
    assert caught.value.source == "--column"
    assert caught.value.reason.startswith("foo='Factuurnummer': 'foo' is no field; the fields")


def test_a_booking_number_key_the_answers_lack_is_named() -> None:
    row = {k: v for k, v in _invoice(1).items() if k != "booking_number"}
    options = ExportOptions(
        integration=Integration("70", "71"), column_map={"booking_number": "booking_nr"}
    )
    data = json.dumps({"data": [row]}).encode()
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(Exports(invoices=ExportFile("i.json", data)), options)
    assert caught.value.source == "i.json"
    assert caught.value.reason.endswith(
        "its rows have no key 'booking_nr', the key --column booking_number names; check "
        "the key as the connector writes it"
    )


def test_a_plan_given_as_documents_is_named_a_plan(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = Path(__file__).resolve().parent.parent / "examples" / "article" / "snapshot.json"
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(monkeypatch, capsys, "plan", str(article), "--format", "json")
    (tmp_path / "plan.json").write_text(out)
    status, out, err = run(monkeypatch, capsys, "check", "plan.json")
    assert (status, out) == (2, "")
    assert one_error(err) == (
        "booking-reconcile: error: plan.json: is a plan (format 'booking_reconcile.plan'), "
        "not a snapshot; give the snapshot or the exports it was made from (confirm reads "
        "a plan: booking-reconcile confirm PLAN ...)"
    )


# -- F18: an entry numbered in another financial year than its date, in an export ---------


def test_an_export_entry_numbered_in_another_year_than_its_date_is_noted() -> None:
    entries = (
        b"Dagboek: Code;Boekjaar;Boekstuknummer;Factuurdatum;Uw ref.\r\n"
        b"70;2026;1;31-12-2025;2025 / 14\r\n70;2026;2;05-01-2026;2026 / 1\r\n"
    )
    reading = snapshot_from_exports(
        Exports(invoices=ExportFile("f.csv", INVOICES), bookings=ExportFile("b.csv", entries)),
        OPTIONS,
    )
    assert (
        "b.csv: booking #1 in journal 70 of 2025-12-31 is dated in financial year 2025 (years "
        "starting in month 1), but the export numbers it in 2026 (financial_year); where "
        "journal 70 numbers per financial year, it is placed in 2026, as the accounting "
        "package numbers it: check that the entry belongs there, or pass --fy-start-month if "
        "the financial year starts in another month"
    ) in reading.notes


# -- F9: a title line with a comma above a `;` header ------------------------------------


def test_a_title_line_with_a_comma_does_not_decide_the_separator() -> None:
    text = (
        "Bakkerij De Molen, Gent\r\n"
        "Factuurnummer;Factuurdatum;Boekingsnummer\r\n"
        "2026/1;05-01-2026;1001\r\n"
    )
    reading = documents_reading(text, kind=DocumentKind.INVOICE)
    assert [d.number for d in reading.records] == ["2026/1"]
    assert reading.describe() == "documents: skipped line 1 (above the header)"
    # A comma CSV whose first row holds a `;` in a quoted value stays a comma CSV.
    commas = 'number,date,booking_number\r\n"2026;1",2026-01-05,1001\r\n'
    assert [d.number for d in documents_reading(commas, kind=DocumentKind.INVOICE).records] == [
        "2026;1"
    ]


# -- F8: UTF-16 without its byte order mark ---------------------------------------------


def test_utf16_without_a_byte_order_mark_is_refused_saying_what_it_is() -> None:
    text = "Factuurnummer;Factuurdatum;Boekingsnummer\r\n2026/1;2026-01-05;1001\r\n"
    for codec in ("utf-16-le", "utf-16-be"):
        with pytest.raises(InputFormatError) as caught:
            snapshot_from_exports(
                Exports(invoices=ExportFile("u16.csv", text.encode(codec))), OPTIONS
            )
        assert caught.value.reason == (
            "is UTF-16 text without a byte order mark; save it as CSV UTF-8, or as Unicode "
            "text with its byte order mark, which is read as it is"
        )
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(
            Exports(invoices=ExportFile("u16.csv", text.encode("utf-8"))),
            ExportOptions(integration=Integration("70", "71"), encoding="utf-16-le"),
        )
    assert caught.value.reason == (
        "the encoding 'utf-16-le' is not given with --encoding: a UTF-16 or UTF-32 file is "
        "read by its byte order mark; save it with its byte order mark, or as CSV UTF-8 and "
        "try utf-8 or cp1252"
    )


def test_a_workbook_whose_first_sheet_is_no_overview_names_its_sheets(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "Info"
    cover.append(["Export van Teamleader, 2026-01-31"])
    data_sheet = workbook.create_sheet("Facturen")
    data_sheet.append(["Factuurnummer", "Factuurdatum", "Boekingsnummer"])
    data_sheet.append(["2026 / 1", "2026-01-05", 1001])
    workbook.active = 1
    workbook.save(tmp_path / "x.xlsx")
    data = (tmp_path / "x.xlsx").read_bytes()
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(Exports(invoices=ExportFile("x.xlsx", data, True)), OPTIONS)
    assert caught.value.reason.endswith(
        "; the first sheet, 'Info', was read, and the workbook also has 'Facturen': put the "
        "overview's sheet first, or save it as CSV"
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (" 70", "' 70' has white space around it; give '70'"),
        ("", "is empty; give the journal's code, such as 70"),
    ],
)
def test_a_journal_option_is_refused_in_the_options_words(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    value: str,
    reason: str,
) -> None:
    (tmp_path / "f.csv").write_bytes(INVOICES)
    monkeypatch.chdir(tmp_path)
    status, _, err = run(
        monkeypatch, capsys, "check", "--invoices", "f.csv", "--invoice-journal", value
    )
    assert status == 2
    assert one_error(err) == f"booking-reconcile: error: --invoice-journal: {reason}"


# -- F5: --column reference=KEY names Exact's reference field ----------------------------


def test_column_reference_names_the_field_of_exact_answers_that_holds_the_number() -> None:
    rows = [
        {"EntryNumber": 1001, "Journal": "70", "EntryDate": "/Date(1767571200000)/",
         "Type": 20, "Status": 50, "YourRef": None, "Description": "2026 / 1"},
    ]  # fmt: skip
    options = ExportOptions(
        integration=Integration("70", "71"),
        date_style=DateStyle.DAY_FIRST,
        column_map={"reference": "Description"},
    )
    reading = snapshot_from_exports(
        Exports(
            invoices=ExportFile("f.csv", INVOICES),
            bookings=ExportFile("se.json", json.dumps({"d": {"results": rows}}).encode()),
        ),
        options,
    )
    (booking,) = reading.snapshot.bookings or ()
    assert booking.reference == "2026 / 1"

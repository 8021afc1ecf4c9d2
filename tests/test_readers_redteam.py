"""The readers against the red team's damaged inputs (audit/redteam findings F3, F4, F7, F8).

Files made the way people make them are in tests/data (see the READMEs
there): a reversal in Exact's spreadsheet export, a subtotal and a count
line, an API page saved twice. DOMAIN §6: the library never drops or silently
repairs input; §3.8: linking is one rule for every reader and adapter.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from booking_reconcile import Booking, Integration, find_double_bookings, plan_repair, readers
from booking_reconcile.adapters import exact_online, teamleader
from booking_reconcile.errors import BookingReconcileError, InputFormatError
from booking_reconcile.exports import ExportFile, ExportOptions, Exports, snapshot_from_exports
from booking_reconcile.readers import DateStyle

DATA = Path(__file__).resolve().parent / "data"
bookings_reading = partial(readers.bookings_reading, date_style=DateStyle.DAY_FIRST)
documents_reading = partial(readers.documents_reading, date_style=DateStyle.DAY_FIRST)
OPTIONS = ExportOptions(integration=Integration("70", "71"), date_style=DateStyle.DAY_FIRST)

OVERVIEW = (
    "Factuurnummer;Factuurdatum;Klant;Boekingsnummer\r\n"
    "2026 / 1;05-01-2026;Bakkerij De Molen;1001\r\n"
    "2026 / 2;06-01-2026;Café De Hoek;1002\r\n"
    "2026 / 3;08-01-2026;Bakkerij De Molen;1003\r\n"
)
CREDIT_NOTES = "Creditnotanummer;Creditnotadatum;Boekingsnummer\r\nK 2026 / 1;09-01-2026;1\r\n"
HEADER = "Dagboek: Code;Boekjaar;Periode;Boekstuknummer;Factuurdatum;Uw ref."


def exported(name: str, encoding: str = "cp1252") -> str:
    return (DATA / "exports" / name).read_bytes().decode(encoding)


def answer(name: str) -> Any:
    return json.loads((DATA / "api" / name).read_text(encoding="utf-8"))


def snapshot_of(bookings: ExportFile) -> Any:
    exports = Exports(
        invoices=ExportFile("facturen.csv", OVERVIEW.encode()),
        credit_notes=ExportFile("creditnotas.csv", CREDIT_NOTES.encode()),
        bookings=bookings,
    )
    return snapshot_from_exports(exports, OPTIONS)


def sales_entries_of(rows: list[list[str]]) -> dict[str, Any]:
    """The SalesEntries answer of the export's rows: one entry per number, as the API gives it."""
    entries: dict[str, dict[str, Any]] = {}
    for journal, year, period, number, _, date, reference, _, reversal in rows:
        day = dt.datetime.strptime(date, "%d-%m-%Y").replace(tzinfo=dt.timezone.utc)
        entries.setdefault(
            number,
            {
                "EntryID": f"5b1c0000-0000-4000-8000-{int(number):012d}",
                "EntryNumber": int(number),
                "Journal": journal,
                "EntryDate": f"/Date({int(day.timestamp() * 1000)})/",
                "Type": 21 if journal == "71" else 20,
                "Status": 50,
                "Reversal": reversal == "True",
                "YourRef": reference,
                "ReportingYear": int(year),
                "ReportingPeriod": int(period),
                "Division": 123456,
            },
        )
    return {"d": {"results": list(entries.values())}}


# F3: a reversal in a spreadsheet export, read as the SalesEntries adapter reads it.


def test_a_reversal_column_reads_the_reversal_as_a_booking_of_no_document() -> None:
    reading = bookings_reading(exported("exact-boekingen-reversal.csv"), source="b.csv")
    by_number = {booking.booking_number: booking for booking in reading.records}
    assert by_number[1004] == Booking("70", 1004, dt.date(2026, 1, 12), financial_year=2026)
    assert by_number[1003].reference == "2026 / 3"
    (note,) = reading.notes
    assert note.startswith("booking #1004 in journal 70 (b.csv, line 9) is a reversal")
    assert "(Reversal: True) with the reference '2026 / 3'" in note
    assert "do not delete it to repair the numbering" in note


def test_a_reversal_in_an_export_and_in_sales_entries_gives_the_same_plan() -> None:
    text = exported("exact-boekingen-reversal.csv")
    from_export = snapshot_of(ExportFile("b.csv", text.encode("cp1252")))
    rows = [line.split(";") for line in text.splitlines()[2:-1]]
    entries = json.dumps(sales_entries_of(rows)).encode()
    from_answers = snapshot_of(ExportFile("b.json", entries))
    export, answers = from_export.snapshot, from_answers.snapshot
    assert export.bookings == answers.bookings
    assert find_double_bookings(export) == find_double_bookings(answers) == ()
    for key in ("kind", "to_delete", "to_reset", "next_numbers", "warnings", "blockers"):
        assert plan_repair(export).to_dict()[key] == plan_repair(answers).to_dict()[key], key
    assert any("is a reversal" in note for note in from_export.notes)
    assert any("is a reversal" in note for note in from_answers.notes)


def test_a_file_without_a_reversal_column_is_read_as_before() -> None:
    text = exported("exact-boekingen-reversal.csv")
    without = "\r\n".join(line.rpartition(";")[0] for line in text.splitlines()) + "\r\n"
    reading = bookings_reading(without, source="b.csv")
    assert {b.booking_number: b.reference for b in reading.records}[1004] == "2026 / 3"
    assert reading.notes == ()
    (double,) = find_double_bookings(snapshot_of(ExportFile("b.csv", without.encode())).snapshot)
    assert double.duplicate.booking_number == 1004


@pytest.mark.parametrize(
    ("value", "reversal"),
    [
        ("True", True),
        ("TRUE", True),
        ("WAAR", True),
        ("VRAI", True),
        ("1", True),
        ("False", False),
        ("ONWAAR", False),
        ("FAUX", False),
        ("0", False),
    ],
)
def test_reversal_values_as_spreadsheets_write_them(value: str, reversal: bool) -> None:
    text = f"{HEADER};Reversal\r\n70;2026;1;1004;12-01-2026;2026 / 3;{value}\r\n"
    (booking,) = bookings_reading(text, source="b.csv").records
    assert booking.reference == (None if reversal else "2026 / 3")


@pytest.mark.parametrize("value", ["", "misschien", "-1"])
def test_a_reversal_value_that_says_neither_is_refused(value: str) -> None:
    text = f"{HEADER};Reversal\r\n70;2026;1;1004;12-01-2026;2026 / 3;{value}\r\n"
    with pytest.raises(InputFormatError) as raised:
        bookings_reading(text, source="b.csv")
    message = str(raised.value)
    assert message.startswith("b.csv, line 2, field 'reversal': ")
    assert "True on a reversal's lines and False on the others" in message


def test_the_lines_of_one_entry_must_agree_on_reversal() -> None:
    text = (
        f"{HEADER};Reversal\r\n"
        "70;2026;1;1004;12-01-2026;2026 / 3;True\r\n"
        "70;2026;1;1004;12-01-2026;2026 / 3;False\r\n"
    )
    with pytest.raises(InputFormatError, match=r"line 3, field 'reversal': .* on line 2"):
        bookings_reading(text, source="b.csv")


@pytest.mark.parametrize("name", ["Terugboeking", "Storno", "Extourne", "Contrepassation"])
def test_a_column_that_may_mark_reversals_under_an_unconfirmed_name_is_refused(name: str) -> None:
    text = f"{HEADER};{name}\r\n70;2026;1;1004;12-01-2026;2026 / 3;Ja\r\n"
    with pytest.raises(InputFormatError) as raised:
        bookings_reading(text, source="b.csv")
    message = str(raised.value)
    assert message.startswith(f"b.csv, line 1, field '{name}': ")
    assert f"--column reversal={name}" in message
    (booking,) = bookings_reading(text, source="b.csv", column_map={"reversal": name}).records
    assert booking.reference is None


# F4: an API page saved twice in place of the next one.


def test_a_transaction_lines_page_saved_twice_is_refused_naming_the_line_and_both_pages() -> None:
    with pytest.raises(InputFormatError) as raised:
        exact_online.read_bookings(answer("exact-online-transaction-lines-page-saved-twice.json"))
    message = str(raised.value)
    assert message.startswith("TransactionLines page 2[0], field 'ID': ")
    assert "'8e0f6a52-5b3e-4c55-9a6c-000000000000'" in message
    assert "TransactionLines page 1[0]" in message
    assert "save each page once" in message
    assert "fetch the page that is missing" in message


def test_a_sales_entries_page_saved_twice_is_refused_naming_the_entry_and_both_pages() -> None:
    with pytest.raises(InputFormatError) as raised:
        exact_online.read_bookings(answer("exact-online-sales-entries-page-saved-twice.json"))
    message = str(raised.value)
    assert message.startswith("SalesEntries page 2[0], field 'EntryID': ")
    assert "'5b1c0000-0000-4000-8000-000000000001'" in message
    assert "SalesEntries page 1[0]" in message
    assert "save each page once" in message


def test_one_sales_entry_read_twice_with_different_content_is_refused_by_the_snapshot() -> None:
    entries = answer("exact-online-sales-entries.json")
    changed = copy.deepcopy(entries["d"]["results"][0])
    changed["YourRef"] = "2026 / 9"
    entries["d"]["results"].append(changed)
    with pytest.raises(BookingReconcileError, match="booking #1001 in journal 70 appears twice"):
        snapshot_of(ExportFile("b.json", json.dumps(entries).encode()))


def test_a_page_saved_twice_is_named_with_its_file_on_the_command_line() -> None:
    name = "lines.json"
    data = (DATA / "api" / "exact-online-transaction-lines-page-saved-twice.json").read_bytes()
    with pytest.raises(InputFormatError) as raised:
        snapshot_of(ExportFile(name, data))
    assert "lines.json: TransactionLines page 1[0]" in str(raised.value)


def test_the_same_lines_twice_within_one_page_are_refused_too() -> None:
    page = answer("exact-online-transaction-lines-sync-page-2.json")
    page["d"]["results"].append(copy.deepcopy(page["d"]["results"][0]))
    with pytest.raises(InputFormatError, match=r"TransactionLines\[4\], field 'ID'"):
        exact_online.read_bookings(page)


def test_a_page_saved_twice_without_line_ids_is_refused_by_its_line_numbers() -> None:
    # Redteam2 N6: a tap that selects columns leaves `ID` out; API-FACTS
    # lists `EntryID` and `LineNumber`: the same line number twice in one
    # entry is the same line read twice.
    pages = answer("exact-online-transaction-lines-page-saved-twice.json")
    for page in pages:
        for row in page["d"]["results"]:
            del row["ID"]
    with pytest.raises(InputFormatError) as raised:
        exact_online.read_bookings(pages)
    message = str(raised.value)
    assert message.startswith("TransactionLines page 2[0], field 'LineNumber': line 0 of EntryID ")
    assert "TransactionLines page 1[0]" in message
    assert "save each page once" in message


# F7: a subtotal or count line is refused with the advice to remove it.


def test_a_subtotal_and_a_count_line_are_refused_as_totals_lines() -> None:
    with pytest.raises(InputFormatError) as raised:
        bookings_reading(exported("exact-boekingen-subtotalen.csv"), source="b.csv")
    message = str(raised.value)
    assert message.startswith("b.csv: 2 lines cannot be read")
    assert (
        "line 9, field 'date': the line looks like a totals or count line (it holds "
        "'Totaal'): remove it from the file (if it is a record instead: is empty; fill it in)"
    ) in message
    assert (
        "line 10, field 'booking_number': the line looks like a totals or count line (it "
        "holds 'Aantal')"
    ) in message


def test_a_count_line_in_an_overview_is_refused_as_a_count_line() -> None:
    with pytest.raises(InputFormatError) as raised:
        documents_reading(
            exported("teamleader-facturen-aantal.csv", "utf-8-sig"),
            source="facturen.csv",
            kind="invoice",
        )
    assert str(raised.value).startswith(
        "facturen.csv, line 5, field 'date': the line looks like a totals or count line "
        "(it holds '3 facturen'): remove it from the file"
    )


def test_a_record_refused_for_another_reason_keeps_its_message() -> None:
    text = f"{HEADER}\r\n70;2026;1;1004;;Broodjes\r\n"
    with pytest.raises(InputFormatError) as raised:
        bookings_reading(text, source="b.csv")
    assert str(raised.value).endswith("b.csv, line 2, field 'date': is empty; fill it in")


# F8: Teamleader answers name the document and say what to do.


def invoices_with(value: object) -> dict[str, Any]:
    return {
        "data": [
            {
                "id": "id-1",
                "department": {"type": "department", "id": "dep-1"},
                "invoice_number": "2025 / 20",
                "invoice_date": "2025-12-15",
                "status": "matched",
                "booking_number": value,
            }
        ]
    }


@pytest.mark.parametrize("value", [990.0, "990.0", True, "99O"])
def test_a_booking_number_that_is_no_whole_number_names_the_invoice(value: object) -> None:
    with pytest.raises(InputFormatError) as raised:
        teamleader.read_invoices(invoices_with(value), booking_number_field="booking_number")
    message = str(raised.value)
    assert message.startswith("invoices.list[0], field 'booking_number': invoice '2025 / 20': ")
    assert "write a whole number of 1 or more, such as 1002" in message


def test_a_teamleader_page_saved_twice_names_both_rows() -> None:
    with pytest.raises(InputFormatError) as raised:
        teamleader.read_invoices(
            answer("teamleader-invoices-list-page-saved-twice.json"),
            booking_number_field="booking_number",
        )
    message = str(raised.value)
    assert message.startswith("invoices.list page 2[0], field 'invoice_number': ")
    assert "invoice '2026 / 1' was read twice" in message
    assert "invoices.list page 1[0]" in message
    assert "save each page once" in message


# -- redteam2 N9: one number on two rows that differ is no copy ------------------------


def test_rule_6_two_rows_of_one_number_that_differ_are_named_as_two_departments() -> None:
    # Another department's invoice 2026 / 1 in the overview without its
    # department column: another date, another booking number. Removing "the
    # extra copy" would keep one department's invoice at random.
    text = (
        "type,number,date,booking_number\n"
        "invoice,2026 / 1,2026-01-05,1001\n"
        "invoice,2026 / 1,2026-01-07,1003\n"
    )
    with pytest.raises(InputFormatError) as refused:
        readers.read_documents(text, source="f.csv")
    assert refused.value.reason == (
        "invoice 2026 / 1 appears twice, on lines 2 and 3; they are no copies (dated "
        "2026-01-05 and 2026-01-07, booking numbers 1001 and 1003): documents of two "
        "departments or administrations, whose numbers repeat (Teamleader numbers each "
        "department apart)? read one department's overview (its department column chooses "
        "one: department=, --department); if they are one document, keep the copy the "
        "invoicing tool shows"
    )
    # Two identical rows are a copy.
    same = "type,number,date,booking_number\n" + "invoice,2026 / 1,2026-01-05,1001\n" * 2
    with pytest.raises(InputFormatError, match="each document must be listed once: remove"):
        readers.read_documents(same, source="f.csv")

"""The readers on files made the way people make them (tests/data/exports, see its README)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Snapshot,
    readers,
)
from booking_reconcile.errors import InputFormatError
from booking_reconcile.readers import DateStyle
from booking_reconcile.reading import (
    ABOVE_THE_HEADER,
    DRAFT,
    OTHER_DEPARTMENT,
    OTHER_DIVISION,
    TOTALS,
)

# The files here write day-first dates with dashes, most in the first twelve days
# of January: they fit both styles, and a file whose dates all fit both is refused
# unless its style is given (docs/exports.md), as a person passes --day-first.
bookings_reading = partial(readers.bookings_reading, date_style=DateStyle.DAY_FIRST)
documents_reading = partial(readers.documents_reading, date_style=DateStyle.DAY_FIRST)
read_bookings = partial(readers.read_bookings, date_style=DateStyle.DAY_FIRST)
read_documents = partial(readers.read_documents, date_style=DateStyle.DAY_FIRST)

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"


def exported(name: str, encoding: str = "utf-8") -> str:
    return (EXPORTS / name).read_bytes().decode(encoding)


def test_exacts_dutch_export_as_saved_reads_one_booking_per_entry() -> None:
    reading = bookings_reading(
        exported("exact-verkoopboekingen-nl.csv", "cp1252"), source="verkoopboekingen.csv"
    )
    assert reading.records == (
        # Boekjaar is kept: the booking's numbering period (issue 19).
        Booking("70", 1001, dt.date(2026, 1, 5), reference="2026 / 1", financial_year=2026),
        Booking("70", 1002, dt.date(2026, 1, 6), reference="2026 / 2", financial_year=2026),
        Booking("71", 1, dt.date(2026, 1, 20), reference="K 2026 / 1", financial_year=2026),
    )
    assert reading.skipped_lines(ABOVE_THE_HEADER) == (1,)
    assert reading.skipped_lines(TOTALS) == (9,)


def test_exacts_french_export_with_numbers_that_embed_the_year() -> None:
    reading = bookings_reading(exported("exact-ecritures-ventes-fr.csv"))
    assert [(b.booking_number, b.date, b.reference) for b in reading.records] == [
        (25700014, dt.date(2025, 12, 30), "2025 / 14"),
        (26700001, dt.date(2026, 1, 5), "2026 / 1"),
    ]
    assert reading.skipped_lines(TOTALS) == (7,)


def test_exacts_english_export_one_number_in_two_financial_years() -> None:
    reading = readers.bookings_reading(exported("exact-sales-entries-en.csv"))  # month first, told
    assert reading.records == (
        Booking("70", 1, dt.date(2025, 12, 30), reference="2025/14", financial_year=2025),
        Booking("70", 1, dt.date(2026, 1, 5), reference="2026/1", financial_year=2026),
    )
    assert reading.skipped_lines(TOTALS) == (5,)


def test_entries_as_lines_link_to_their_documents_once() -> None:
    documents = Snapshot(
        Integration("70", "71"),
        [
            Invoice("2026 / 1", dt.date(2026, 1, 5), 1001),
            Invoice("2026 / 2", dt.date(2026, 1, 6), 1002),
            CreditNote("K 2026 / 1", dt.date(2026, 1, 20), 1),
        ],
    )
    bookings = read_bookings(
        exported("exact-verkoopboekingen-nl.csv", "cp1252"), documents=documents
    )
    # The reader keeps "Uw ref."; the snapshot's one linking rule links (§3.8).
    linked = Snapshot(documents.integration, documents.documents, bookings=bookings)
    assert [linked.booking_of(d) is not None for d in linked.documents] == [True, True, True]
    assert [d.ref for d in linked.documents] == [
        DocumentRef(DocumentKind.INVOICE, "2026 / 1"),
        DocumentRef(DocumentKind.INVOICE, "2026 / 2"),
        DocumentRef(DocumentKind.CREDIT_NOTE, "K 2026 / 1"),
    ]


HEADER = "Dagboek: Code;Boekjaar;Boekstuknummer;Factuurdatum;Uw ref.;Bedrag\n"


@pytest.mark.parametrize(
    ("second", "field", "shown"),
    [
        ("70;2026;1001;06-01-2026;2026 / 1;5,00", "date", "'06-01-2026' here and '05-01-2026'"),
        ("70;2026;1001;05-01-2026;2026 / 9;5,00", "reference", "'2026 / 9' here and '2026 / 1'"),
    ],
)
def test_lines_of_one_entry_that_disagree_are_an_error_naming_both(
    second: str, field: str, shown: str
) -> None:
    text = HEADER + "70;2026;1001;05-01-2026;2026 / 1;10,00\n" + second + "\n"
    with pytest.raises(InputFormatError) as caught:
        read_bookings(text, source="boekingen.csv")
    error = caught.value
    assert (error.line, error.field) == (3, field)
    assert error.reason.startswith(
        f"booking #1001 in journal 70 of financial year 2026 has {field} {shown} on line 2: "
        "the lines of one entry must agree"
    )


def test_without_a_financial_year_rows_of_two_dates_stay_two_bookings() -> None:
    text = (
        "Dagboek: Code;Boekstuknummer;Factuurdatum;Uw ref.\n"
        "70;1;30-12-2025;2025/14\n70;1;05-01-2026;2026/1\n70;1;05-01-2026;2026/1\n"
    )
    assert [booking.date for booking in read_bookings(text)] == [
        dt.date(2025, 12, 30),
        dt.date(2026, 1, 5),
    ]


def test_without_a_financial_year_rows_of_one_date_must_agree() -> None:
    text = (
        "Dagboek: Code;Boekstuknummer;Factuurdatum;Uw ref.\n70;1;05-01-2026;A\n70;1;05-01-2026;B\n"
    )
    with pytest.raises(InputFormatError) as caught:
        read_bookings(text)
    assert (caught.value.line, caught.value.field) == (3, "reference")


def test_a_financial_year_that_is_no_year_is_refused() -> None:
    with pytest.raises(InputFormatError) as caught:
        read_bookings(HEADER + "70;FY26;1001;05-01-2026;2026 / 1;1\n")
    assert (caught.value.line, caught.value.field) == (2, "financial_year")


@pytest.mark.parametrize(
    "header",
    [
        "Dagboek: Code;Boekstuknummer;Factuurdatum;Uw ref.",
        "Journal: Code;Numéro de pièce;Date facture;Votre réf.",
        "Journal: Code;Entry number;Invoice date;Your ref.",
    ],
)
def test_exacts_header_names_are_built_in(header: str) -> None:
    (booking,) = read_bookings(header + "\n70;1001;05-01-2026;2026/1\n")
    assert booking == Booking("70", 1001, dt.date(2026, 1, 5), reference="2026/1")


# -- drafts ---------------------------------------------------------------------------


def test_drafts_without_a_number_are_skipped_and_counted() -> None:
    reading = documents_reading(
        exported("teamleader-facturen-bom.csv").removeprefix("\ufeff"),
        kind=DocumentKind.INVOICE,
        source="facturen.csv",
    )
    assert [document.number for document in reading.records] == [
        "2026 / 1",
        "2026 / 2",
        "2026 / 3",
    ]
    assert reading.skipped_lines(DRAFT) == (4,)
    assert reading.describe() == "facturen.csv: skipped line 4 (drafts)"


@pytest.mark.parametrize("status", ["Concept", "Draft", "draft", "Brouillon", "Ontwerp"])
def test_every_drafts_status_is_a_draft(status: str) -> None:
    text = f"Invoice number;Invoice date;Status;Booking number\n;;{status};\nA;05-01-2026;Paid;1\n"
    reading = documents_reading(text, kind=DocumentKind.INVOICE)
    assert reading.skipped_lines(DRAFT) == (2,)


@pytest.mark.parametrize("status", ["Paid", "Betaald", ""])
def test_a_row_without_a_number_and_another_status_is_still_an_error(status: str) -> None:
    text = f"Invoice number;Invoice date;Status;Booking number\n;05-01-2026;{status};\n"
    with pytest.raises(InputFormatError) as caught:
        documents_reading(text, kind=DocumentKind.INVOICE)
    assert (caught.value.line, caught.value.field) == (2, "number")


# -- departments and divisions --------------------------------------------------------


def test_a_documents_export_of_two_departments_is_refused_naming_them() -> None:
    with pytest.raises(InputFormatError) as caught:
        read_documents(
            exported("teamleader-facturen-afdelingen.csv"),
            kind=DocumentKind.INVOICE,
            source="facturen.csv",
        )
    assert (caught.value.line, caught.value.field) == (3, "department")
    assert caught.value.reason == (
        "holds the rows of 2 departments ('Bakkerij Gent', 'Bakkerij Brugge'); read one at a "
        "time: choose one with --department NAME (department= in Python)"
    )


def test_department_chooses_one_and_the_others_rows_are_left_out_and_counted() -> None:
    reading = documents_reading(
        exported("teamleader-facturen-afdelingen.csv"),
        kind=DocumentKind.INVOICE,
        department="bakkerij brugge",
    )
    assert reading.records == (
        Invoice("2026 / 1", dt.date(2026, 1, 5), 2001),
        Invoice("2026 / 2", dt.date(2026, 1, 7), 2002),
    )
    assert reading.skipped_lines(OTHER_DEPARTMENT) == (2, 4)


def test_a_department_the_file_does_not_hold_is_refused() -> None:
    with pytest.raises(InputFormatError) as caught:
        read_documents(
            exported("teamleader-facturen-afdelingen.csv"),
            kind=DocumentKind.INVOICE,
            department="Bakkerij Aalst",
        )
    assert caught.value.field == "department"
    assert "'Bakkerij Aalst'" in caught.value.reason


def test_one_department_or_no_department_column_needs_no_choice() -> None:
    one = "Factuurnummer;Factuurdatum;Afdeling;Boekingsnummer\nA;05-01-2026;Gent;1\n"
    assert len(read_documents(one, kind=DocumentKind.INVOICE)) == 1
    none = "Factuurnummer;Factuurdatum;Boekingsnummer\nA;05-01-2026;1\n"
    assert len(read_documents(none, kind=DocumentKind.INVOICE, department="Gent")) == 1


def test_a_bookings_export_of_two_divisions_is_refused_unless_one_is_chosen() -> None:
    text = exported("exact-boekingen-administraties.csv")
    with pytest.raises(InputFormatError) as caught:
        read_bookings(text, source="boekingen.csv")
    assert (caught.value.line, caught.value.field) == (3, "division")
    assert "--division NAME (division= in Python)" in caught.value.reason
    reading = bookings_reading(text, division="123456")
    assert [booking.booking_number for booking in reading.records] == [1001, 1002]
    assert reading.skipped_lines(OTHER_DIVISION) == (3,)


# DOMAIN §6: the library never drops input. A row whose division (department) cell is
# empty while other rows name theirs is no row "of another division": it is refused,
# naming the file, the line, the column and what to do, as the JSON adapters refuse it.
# The files are written the way Exact Online's and Teamleader's overviews save them
# (`;`, CRLF, Dutch headers), one row's cell left empty.


def test_rule_6_a_bookings_row_naming_no_division_while_others_do_is_refused(
    tmp_path: Path,
) -> None:
    export = tmp_path / "boekingen.csv"
    export.write_bytes(
        b"Administratie;Dagboek;Boekstuknummer;Boekdatum;Uw ref.\r\n"
        b"123456;70;1;05-01-2026;2026/1\r\n"
        b";70;2;06-01-2026;2026/2\r\n"
        b"654321;70;1;05-01-2026;X\r\n"
    )
    text = export.read_text()
    for division in ("123456", "654321", None):
        with pytest.raises(InputFormatError) as caught:
            read_bookings(text, source="boekingen.csv", division=division)
        assert (caught.value.source, caught.value.line) == ("boekingen.csv", 3)
        assert caught.value.field == "division"
        assert caught.value.reason.startswith(
            "names no division while other rows do (line 2: '123456'); "
        )
        assert "fill in its Administratie cell" in caught.value.reason


def test_rule_6_a_documents_row_naming_no_department_while_others_do_is_refused(
    tmp_path: Path,
) -> None:
    export = tmp_path / "facturen.csv"
    export.write_bytes(
        b"Factuurnummer;Factuurdatum;Afdeling;Boekingsnummer\r\n"
        b"2026/1;05-01-2026;Gent;1\r\n"
        b"2026/2;06-01-2026;;2\r\n"
        b"2026/1;05-01-2026;Brugge;5\r\n"
    )
    with pytest.raises(InputFormatError) as caught:
        read_documents(
            export.read_text(), kind=DocumentKind.INVOICE, source="facturen.csv", department="Gent"
        )
    assert (caught.value.line, caught.value.field) == (3, "department")
    assert caught.value.reason.startswith(
        "names no department while other rows do (line 2: 'Gent'); "
    )


def test_a_division_column_empty_on_every_row_names_none_and_is_read(tmp_path: Path) -> None:
    text = (
        "Administratie;Dagboek;Boekstuknummer;Boekdatum\r\n;70;1;05-01-2026\r\n;70;2;06-01-2026\r\n"
    )
    assert [b.booking_number for b in read_bookings(text)] == [1, 2]

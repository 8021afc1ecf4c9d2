"""Rows of other administrations left out of API answers are counted in a note (DOMAIN §6).

Choosing one division (department) among answers that hold several leaves
the others' rows out; as for exports, a note says how many and of which, so
that the person sees what the choice dropped. The shapes are those of
``tests/data/api`` (``salesentry/SalesEntries`` rows with ``Division``,
``invoices.list`` rows with ``department: {type, id}``); the values are
invented.
"""

from __future__ import annotations

import json

from api_rows import department_invoice, sales_entry
from booking_reconcile import Integration
from booking_reconcile.adapters import read_answers
from booking_reconcile.exports import ExportFile, ExportOptions, Exports, snapshot_from_exports
from booking_reconcile.readers import DateStyle

SALES = {
    "d": {
        "results": [
            sales_entry(1001, 123456, "2026/1001"),
            sales_entry(1002, 123456, "2026/1002"),
            sales_entry(5001, 654321, "2026/5001"),
        ]
    }
}


INVOICES = {
    "data": [
        department_invoice("gent", 1),
        department_invoice("brugge", 2),
        department_invoice("brugge", 3),
    ]
}


def test_rule_6_rows_of_other_divisions_left_out_are_counted() -> None:
    read = read_answers(SALES, role="bookings", source="e.json", division=123456)
    assert read.bookings is not None
    assert len(read.bookings) == 2
    assert [(w.rule, w.message) for w in read.warnings] == [
        (
            "left-out-other-divisions",
            "e.json: left out 1 row of other divisions ('654321'): division= (--division) "
            "chose '123456'",
        )
    ]


def test_rule_6_rows_of_other_departments_left_out_are_counted() -> None:
    read = read_answers(
        INVOICES,
        role="invoices",
        source="i.json",
        department="gent",
        booking_number_field="booking_number",
    )
    assert read.documents is not None
    assert len(read.documents) == 1
    assert [(w.rule, w.message) for w in read.warnings] == [
        (
            "left-out-other-departments",
            "i.json: left out 2 rows of other departments ('brugge'): department= "
            "(--department) chose 'gent'",
        )
    ]


def test_rule_6_nothing_left_out_no_note() -> None:
    one = {"d": {"results": [sales_entry(1001, 123456, "2026/1001")]}}
    assert read_answers(one, role="bookings", source="e.json", division=123456).warnings == ()
    gent = {"data": [department_invoice("gent", 1)]}
    assert (
        read_answers(
            gent,
            role="invoices",
            source="i.json",
            department="gent",
            booking_number_field="booking_number",
        ).warnings
        == ()
    )


def test_rule_6_the_command_notes_the_rows_left_out() -> None:
    def notes(exports: Exports, **choice: str) -> tuple[str, ...]:
        options = ExportOptions(
            integration=Integration("70", "71"),
            date_style=DateStyle.DAY_FIRST,
            column_map={"booking_number": "booking_number"},
            **choice,  # type: ignore[arg-type]
        )
        return snapshot_from_exports(exports, options).notes

    bookings = Exports(
        invoices=ExportFile("i.csv", b"Invoice number;Invoice date;Booking number\n"),
        bookings=ExportFile("e.json", json.dumps(SALES).encode()),
    )
    assert any(
        "left out 1 row of other divisions ('654321')" in note
        for note in notes(bookings, division="123456")
    )
    invoices = Exports(invoices=ExportFile("i.json", json.dumps(INVOICES).encode()))
    assert any(
        "left out 2 rows of other departments ('brugge')" in note
        for note in notes(invoices, department="gent")
    )


def test_rule_6_a_division_no_answer_names_is_noted_not_taken_for_the_answers() -> None:
    unnamed = {"d": {"results": [{**sales_entry(1001, 1, "2026/1001"), "Division": None}]}}
    del unnamed["d"]["results"][0]["Division"]
    assert read_answers(unnamed, role="bookings", source="e.json", division=999).division is None
    assert read_answers(SALES, role="bookings", source="e.json", division=123456).division == (
        123456
    )
    reading = snapshot_from_exports(
        Exports(
            invoices=ExportFile("i.csv", b"Invoice number;Invoice date;Booking number\n"),
            bookings=ExportFile("e.json", json.dumps(unnamed).encode()),
        ),
        ExportOptions(
            integration=Integration("70", "71"),
            date_style=DateStyle.DAY_FIRST,
            division="999",
        ),
    )
    assert dict(reading.snapshot.labels) == {"division": "999"}
    assert any(
        note.startswith("--division '999': no file names divisions") for note in reading.notes
    )

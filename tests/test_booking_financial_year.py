"""A booking's own financial year (issue 19): the numbering period the accounting package says.

Exact Online numbers an entry in its ``ReportingYear`` (``FinancialYear`` on
transaction lines, ``Boekjaar`` in its exports), which is writable apart from
the entry's date (../shared/API-FACTS.md, "Numbering period"). A booking
keeps that year (``Booking.financial_year``); in a journal numbered per
financial year it is the booking's place (DOMAIN §5: collisions, "still in
use" and next numbers are computed within one numbering period), and the
place of the document it books. ``None`` means the year of the date.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest

from booking_reconcile import (
    Booking,
    BookingReconcileError,
    DocumentKind,
    DocumentRef,
    InconsistentInputError,
    InputFormatError,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Place,
    Snapshot,
    plan_repair,
    read_bookings,
    snapshot_from_dict,
    snapshot_to_dict,
    verify_plan,
)
from booking_reconcile.adapters import exact_online
from booking_reconcile.cli import main

INTEGRATION = Integration("70", "71")
PER_YEAR = (Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71"))
CONTINUOUS = (Journal("70"), Journal("71"))
NEW_YEARS_EVE = dt.date(2025, 12, 31)


def invoice(number: str, day: dt.date, booked: int | None) -> Invoice:
    return Invoice(number, day, booked)


def booking_of(document: Invoice, year: int | None = None) -> Booking:
    assert document.booking_number is not None
    return Booking("70", document.booking_number, document.date, document.ref, financial_year=year)


def year_boundary(journals: tuple[Journal, ...] = PER_YEAR) -> Snapshot:
    """A, dated 2025-12-31 but numbered in 2026 (#1); B of 2026 got #1 too; C of 2025 #1."""
    a = invoice("A", NEW_YEARS_EVE, 1)
    b = invoice("B", dt.date(2026, 1, 5), 1)
    c = invoice("C", dt.date(2025, 12, 20), 1)
    return Snapshot(
        INTEGRATION,
        (c, a, b),
        journals,
        (booking_of(c), booking_of(a, 2026)),
    )


# -- the record -------------------------------------------------------------


@pytest.mark.parametrize("year", [None, 0, 2026, 9999])
def test_a_booking_financial_year_is_a_year_or_none(year: int | None) -> None:
    assert Booking("70", 1, NEW_YEARS_EVE, financial_year=year).financial_year == year


@pytest.mark.parametrize(
    ("value", "error", "said"),
    [
        (True, TypeError, "is not an integer"),
        ("2026", TypeError, "(convert text with int() before building the record)"),
        (2026.0, TypeError, "is not an integer"),
        (-1, ValueError, "is not a financial year"),
        (10000, ValueError, "is not a financial year"),
    ],
)
def test_a_booking_financial_year_that_is_no_year_is_refused_naming_the_field(
    value: object, error: type[Exception], said: str
) -> None:
    with pytest.raises(BookingReconcileError) as caught:
        Booking("70", 1002, NEW_YEARS_EVE, financial_year=value)  # type: ignore[arg-type]
    assert isinstance(caught.value, error)
    message = str(caught.value)
    for part in ("booking #1002 in journal 70", "financial_year", repr(value), said):
        assert part in message
    assert "such as 2026" in message


def test_a_booking_shows_its_financial_year_only_when_it_names_one() -> None:
    ref = DocumentRef(DocumentKind.INVOICE, "A")
    assert str(Booking("70", 1, NEW_YEARS_EVE, ref)) == (
        "booking #1 in journal 70 of 2025-12-31 (for invoice A)"
    )
    assert str(Booking("70", 1, NEW_YEARS_EVE, ref, financial_year=2026)) == (
        "booking #1 in journal 70 of 2025-12-31 (for invoice A, financial year 2026)"
    )


# -- placement (DOMAIN §5) ----------------------------------------------------


def test_a_booking_named_financial_year_is_its_place_in_a_journal_numbered_per_year() -> None:
    snapshot = year_boundary()
    a_booking = snapshot.bookings[1]  # type: ignore[index]
    assert snapshot.booking_place(a_booking) == Place("70", 2026)
    assert snapshot.place_for("70", NEW_YEARS_EVE) == Place("70", 2025)


def test_the_document_a_booking_books_is_placed_in_the_booking_financial_year() -> None:
    snapshot = year_boundary()
    places = {document.number: snapshot.place_of(document) for document in snapshot.documents}
    assert places == {"A": Place("70", 2026), "B": Place("70", 2026), "C": Place("70", 2025)}


def test_a_collision_is_found_within_the_booking_financial_year_not_the_date() -> None:
    plan = plan_repair(year_boundary())
    (collision,) = plan.collisions
    assert collision.place == Place("70", 2026)
    assert [document.number for document in collision.documents] == ["A", "B"]
    assert collision.holder.number == "A"
    # C carries #1 in 2025, the year of its date and of its booking: no collision with A.
    assert verify_plan(year_boundary(), plan) == ()


def test_without_the_booking_financial_year_the_same_bookings_are_impossible() -> None:
    # The same history read without ReportingYear: A's #1 falls in 2025 beside C's #1,
    # which the accounting package never allows, so the bookings are refused.
    a, c = invoice("A", NEW_YEARS_EVE, 1), invoice("C", dt.date(2025, 12, 20), 1)
    with pytest.raises(InconsistentInputError, match="appears twice in journal 70, financial"):
        Snapshot(INTEGRATION, (c, a), PER_YEAR, (booking_of(c), booking_of(a)))


def test_a_continuous_journal_ignores_the_booking_financial_year() -> None:
    a, b = invoice("A", NEW_YEARS_EVE, 1), invoice("B", dt.date(2026, 1, 5), 1)
    snapshot = Snapshot(INTEGRATION, (a, b), CONTINUOUS, (booking_of(a, 2026),))
    assert snapshot.booking_place(booking_of(a, 2026)) == Place("70", None)
    assert {snapshot.place_of(document) for document in snapshot.documents} == {Place("70", None)}
    (collision,) = plan_repair(snapshot).collisions
    assert collision.place == Place("70", None)
    assert [document.number for document in collision.documents] == ["A", "B"]


def test_two_bookings_of_one_number_in_the_named_financial_year_are_refused() -> None:
    # #1 dated 2025-12-31 but numbered in 2026, and #1 of 2026-01-05: one number twice
    # in 2026. The cause is not "the journal restarts each year" (it does, and both are
    # in 2026): the message says to check the export.
    bookings = (
        Booking("70", 1, NEW_YEARS_EVE, financial_year=2026),
        Booking("70", 1, dt.date(2026, 1, 5)),
    )
    with pytest.raises(InconsistentInputError) as caught:
        Snapshot(INTEGRATION, (), PER_YEAR, bookings)
    message = str(caught.value)
    assert "booking #1 in journal 70 appears twice in journal 70, financial year 2026" in message
    assert "check the bookings export" in message
    assert "likely restarts its numbers" not in message


def test_a_booking_named_in_another_year_than_its_date_keeps_its_number_apart() -> None:
    # The same two numbers, the first named in 2025 (its date's year): two places.
    bookings = (
        Booking("70", 1, NEW_YEARS_EVE, financial_year=2025),
        Booking("70", 1, dt.date(2026, 1, 5)),
    )
    snapshot = Snapshot(INTEGRATION, (), PER_YEAR, bookings)
    assert [snapshot.booking_place(b) for b in bookings] == [Place("70", 2025), Place("70", 2026)]


# -- linking (DOMAIN §3.8) ----------------------------------------------------


def test_a_booking_by_reference_in_its_named_year_books_its_document() -> None:
    a = invoice("A", NEW_YEARS_EVE, 7)
    booking = Booking("70", 7, NEW_YEARS_EVE, reference="A", financial_year=2026)
    snapshot = Snapshot(INTEGRATION, (a,), PER_YEAR, (booking,))
    assert snapshot.booking_of(a) == booking
    assert snapshot.place_of(a) == Place("70", 2026)


def test_a_booking_by_number_and_date_in_its_named_year_books_its_document() -> None:
    a = invoice("A", NEW_YEARS_EVE, 7)
    booking = Booking("70", 7, NEW_YEARS_EVE, financial_year=2026)
    snapshot = Snapshot(INTEGRATION, (a,), PER_YEAR, (booking,), link_by_number=True)
    assert snapshot.booking_of(a) == booking
    assert snapshot.place_of(a) == Place("70", 2026)


def test_a_booking_in_another_journal_still_disagrees_with_its_document() -> None:
    a = invoice("A", NEW_YEARS_EVE, 7)
    booking = Booking("71", 7, NEW_YEARS_EVE, a.ref, financial_year=2026)
    with pytest.raises(InconsistentInputError, match="refers to invoice A"):
        Snapshot(INTEGRATION, (a,), PER_YEAR, (booking,))


def _sent_again_across_the_year() -> Snapshot:
    """2025/90 of 2025-12-31 booked as #1 of 2026; 2026/1 (stale) carries #1 of 2026 too."""
    kept = invoice("2025/80", dt.date(2025, 12, 10), 7)
    moved = invoice("2025/90", NEW_YEARS_EVE, 1)
    stale = invoice("2026/1", dt.date(2026, 1, 5), 1)
    return Snapshot(
        INTEGRATION,
        (kept, moved, stale),
        PER_YEAR,
        (booking_of(kept), booking_of(moved, 2026)),
    )


def test_rule_5_a_reset_document_is_sent_again_in_the_financial_year_of_its_date() -> None:
    # Its old booking was numbered in 2026 and is deleted there; sent again,
    # the accounting package numbers it by its date (docs/concepts.md, "A
    # booking's own financial year"): 2025, after #7, which is still in use.
    snapshot = _sent_again_across_the_year()
    plan = plan_repair(snapshot, "rebook-deleted")
    assert plan.cutoff == NEW_YEARS_EVE
    assert [(d.document.number, d.financial_year, d.booking_number) for d in plan.deletions] == [
        ("2025/90", 2026, 1)
    ]
    assert [(n.financial_year, n.number) for n in plan.next_numbers] == [(2025, 8), (2026, 1)]
    assert [
        (sent.document.number, sent.place.financial_year, sent.document.booking_number)
        for sent in plan.sent
    ] == [("2025/90", 2025, 8), ("2026/1", 2026, 1)]
    assert verify_plan(snapshot, plan) == ()


def test_rule_5_the_snapshot_after_the_repair_places_each_sent_document_where_it_was_sent() -> None:
    from booking_reconcile import simulate_repair

    snapshot = _sent_again_across_the_year()
    plan = plan_repair(snapshot, "rebook-deleted")
    after = simulate_repair(snapshot, plan)
    places = {sent.document.number: sent.place for sent in plan.sent}
    assert {
        document.number: after.place_of(document)
        for document in after.documents
        if document.number in places
    } == places
    assert plan_repair(after).kind == "none"


# -- equivalence: naming the date's own year changes nothing -------------------


# -- the formats ---------------------------------------------------------------


def test_snapshot_json_keeps_a_booking_financial_year_and_omits_an_unknown_one() -> None:
    snapshot = year_boundary()
    data = snapshot_to_dict(snapshot)
    assert [b.get("financial_year") for b in data["bookings"]] == [None, 2026]
    assert "financial_year" not in data["bookings"][0]
    again = snapshot_from_dict(json.loads(json.dumps(data)))
    assert again == snapshot
    assert again.place_of(snapshot.documents[1]) == Place("70", 2026)
    assert pickle.loads(pickle.dumps(snapshot)).place_of(snapshot.documents[1]) == Place("70", 2026)


def test_snapshot_json_refuses_a_financial_year_that_is_no_year() -> None:
    data = snapshot_to_dict(year_boundary())
    data["bookings"][1]["financial_year"] = "2026"
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_dict(data)
    assert "bookings[1]" in str(caught.value)
    assert "financial_year" in str(caught.value)


def test_the_bookings_export_boekjaar_is_the_booking_financial_year() -> None:
    text = (
        "Dagboek: Code;Boekjaar;Periode;Boekstuknummer;Factuurdatum;Uw ref.;Bedrag\r\n"
        "70;2026;1;1;31-12-2025;A;100,00\r\n"
        "70;2026;1;1;31-12-2025;A;21,00\r\n"
        "70;2026;1;2;05-01-2026;B;50,00\r\n"
    )
    bookings = read_bookings(text)
    assert [(b.booking_number, b.financial_year) for b in bookings] == [(1, 2026), (2, 2026)]


def test_exact_reporting_year_is_the_booking_financial_year() -> None:
    rows = [
        {
            "EntryNumber": 1,
            "Journal": "70",
            "EntryDate": "2025-12-31",
            "ReportingYear": 2026,
            "Status": 50,
            "YourRef": "A",
        }
    ]
    answers = exact_online.read_booking_answers(rows)
    (booking,) = answers.bookings
    assert booking.financial_year == 2026
    (warning,) = answers.warnings
    assert "the library places it in 2026, as Exact does" in warning.message


def test_the_command_places_an_exported_booking_in_its_boekjaar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "facturen.csv").write_text(
        "Nummer;Datum;Boekingsnummer\n2025/9;31-12-2025;1\n2026/1;05-01-2026;1\n",
        encoding="utf-8",
    )
    (tmp_path / "boekingen.csv").write_text(
        "Dagboek: Code;Boekjaar;Periode;Boekstuknummer;Factuurdatum;Uw ref.;Bedrag\n"
        "70;2026;1;1;31-12-2025;2025/9;100,00\n",
        encoding="utf-8",
    )
    (tmp_path / "dagboeken.csv").write_text(
        "code;numbering\n70;per_financial_year\n71;continuous\n", encoding="utf-8"
    )
    status = main(
        [
            "plan",
            "--invoices",
            str(tmp_path / "facturen.csv"),
            "--bookings",
            str(tmp_path / "boekingen.csv"),
            "--journals",
            str(tmp_path / "dagboeken.csv"),
            "--invoice-journal",
            "70",
            "--credit-note-journal",
            "71",
            "--format",
            "json",
        ]
    )
    out = capsys.readouterr().out
    plan = json.loads(out)
    assert status == 0, out  # a plan was made (`check` says 1 when one is needed)
    (collision,) = plan["collisions"]
    assert collision["financial_year"] == 2026
    assert [d["number"] for d in collision["documents"]] == ["2025/9", "2026/1"]

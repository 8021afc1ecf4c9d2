"""A snapshot shows itself briefly: counts in its repr, a summary table in a notebook."""

from __future__ import annotations

from datetime import date, timedelta

from booking_reconcile import Booking, CreditNote, Integration, Invoice, Journal, Snapshot

START = date(2026, 1, 1)


def _big(invoices: int) -> Snapshot:
    documents = [
        Invoice(f"2026/{n}", START + timedelta(days=n % 300), 1000 + n) for n in range(invoices)
    ]
    credit = CreditNote("C1", START, 7)
    bookings = [Booking("70", d.booking_number or 0, d.date, d.ref) for d in documents[1:]]
    return Snapshot(
        Integration("70", "71"),
        [*documents, credit],
        [Journal("70", next_booking_number=1000 + invoices), Journal("71")],
        [*bookings, Booking("71", 7, START, credit.ref)],
    )


def test_the_repr_of_5000_invoices_counts_them_per_kind_and_journal_in_one_short_line() -> None:
    shown = repr(_big(5000))
    assert shown == (
        "<Snapshot: 5000 invoices, 1 credit note, 5000 bookings; "
        "journal 70: 5000 invoices (5000 booked), 4999 bookings; "
        "journal 71: 1 credit note (1 booked), 1 booking>"
    )
    assert "\n" not in shown


def test_an_empty_snapshot_says_so() -> None:
    assert repr(Snapshot(Integration("70", "71"), [], bookings=())) == (
        "<Snapshot: no documents, 0 bookings>"
    )


def test_the_html_summary_is_a_table_with_a_row_per_journal_and_its_settings() -> None:
    shown = _big(3)._repr_html_()
    assert shown.count("<tr>") == 3  # the header and journals 70 and 71
    assert (
        "<td>70</td><td>continuous</td><td>3</td><td>0</td><td>3</td><td>2</td><td>1003</td>"
        in (shown)
    )
    assert "<td>71</td><td>continuous</td><td>0</td><td>1</td><td>1</td><td>1</td><td>—</td>" in (
        shown
    )
    assert "invoices in journal 70; credit notes in journal 71" in shown


def test_the_html_summary_escapes_what_the_input_holds() -> None:
    snapshot = Snapshot(Integration("<b>70</b>", "71"), [Invoice("1", START, 1)])
    shown = snapshot._repr_html_()
    assert "<b>" not in shown
    assert "&lt;b&gt;70&lt;/b&gt;" in shown
    assert "bookings are unknown" in shown


def test_the_repr_and_the_table_name_the_administration_by_its_labels() -> None:
    labels = {"division": "1234567", "department": "Gent"}
    snapshot = Snapshot(Integration("70", "71"), [Invoice("1", START, 1)], labels=labels)
    assert repr(snapshot).startswith(
        "<Snapshot {'division': '1234567', 'department': 'Gent'}: 1 invoice, bookings unknown;"
    )
    assert "<strong>Snapshot</strong> (division: 1234567, department: Gent)" in (
        snapshot._repr_html_()
    )

"""How results look: one-line text per record, and Markdown for notebooks."""

from __future__ import annotations

from datetime import date

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
    Snapshot,
    find_collisions,
    find_stale_documents,
    plan_repair,
    simulate,
)
from booking_reconcile._presentation import to_html
from booking_reconcile.collisions import Collisions
from booking_reconcile.formats import collision_to_markdown, escape_markdown

A = Invoice("A", date(2026, 1, 5), 1001)
B = Invoice("B", date(2026, 1, 6), 1002)
C = Invoice("C", date(2026, 1, 10), 1002)
D = Invoice("D", date(2026, 1, 12), 1003)


def _example_a() -> Snapshot:
    bookings = [Booking("70", x.booking_number or 0, x.date, x.ref) for x in (A, C, D)]
    return Snapshot(
        Integration("70", "71"),
        [A, B, C, D],
        journals=[Journal("70", next_booking_number=1004), Journal("71")],
        bookings=bookings,
    )


def _example_b() -> Snapshot:
    documents = [
        A,
        B,
        Invoice("D", date(2026, 1, 7), 1003),
        C,
        Invoice("E", date(2026, 1, 12), 1003),
        Invoice("F", date(2026, 1, 15), 1004),
    ]
    return Snapshot(Integration("70", "71"), documents)


def _records() -> list[object]:
    plan = plan_repair(_example_a())
    return [
        A,
        CreditNote("C1", date(2026, 1, 4)),
        DocumentRef(DocumentKind.INVOICE, "A"),
        Booking("70", 1001, date(2026, 1, 5), A.ref),
        Booking("70", 1004, date(2026, 1, 11)),
        Journal("70"),
        Integration("70", "71"),
        plan.collisions[0],
        plan.deletions[0],
        plan.next_numbers[0],
        plan.warnings[0],
        plan.steps[0],
        plan,
        plan_repair(Snapshot(Integration("70", "71"), [A])),
    ]


@pytest.mark.parametrize("record", _records(), ids=lambda record: type(record).__name__)
def test_text_of_a_record_is_one_line(record: object) -> None:
    assert "\n" not in str(record)
    assert "\n" not in repr(record)


def test_plan_repr_is_a_short_summary_not_every_field() -> None:
    plan = plan_repair(_example_a())
    assert repr(plan) == (
        "<RepairPlan (repair, keep-deleted): 1 collision(s), cutoff 2026-01-10, 2 to delete, "
        "2 to reset>"
    )


def test_rule_3_10_plan_repr_counts_the_manual_entries_it_deletes() -> None:
    # Example A with a manual entry #1004 whose reference names A: a double
    # booking, deleted too; the one-line summary counts every deletion.
    snapshot = _example_a()
    manual = Booking("70", 1004, date(2026, 1, 13), reference="A")
    doubled = Snapshot(
        snapshot.integration,
        snapshot.documents,
        journals=snapshot.journals,
        bookings=[*(snapshot.bookings or ()), manual],
    )
    assert repr(plan_repair(doubled)) == (
        "<RepairPlan (repair, keep-deleted): 1 collision(s), cutoff 2026-01-10, 3 to delete "
        "(1 entered by hand), 2 to reset>"
    )


def test_rule_3_4_repr_of_a_prevention_plan_says_its_blockers() -> None:
    # §3.9 prevention: journal 71's credit notes have no bookings in the export
    # (a bookings-missing blocker), and its next number must be set.
    snapshot = Snapshot(
        Integration("70", "71", start_date=date(2025, 5, 23)),
        [
            Invoice("2025/1", date(2025, 5, 23), 501),
            Invoice("2025/2", date(2025, 5, 24), 502),
            CreditNote("K1", date(2025, 6, 7), 1001),
            CreditNote("K2", date(2025, 6, 30), 1002),
        ],
        [Journal("70", next_booking_number=503), Journal("71", next_booking_number=1001)],
        bookings=[
            Booking("70", 501, date(2025, 5, 23), DocumentRef(DocumentKind.INVOICE, "2025/1")),
            Booking("70", 502, date(2025, 5, 24), DocumentRef(DocumentKind.INVOICE, "2025/2")),
        ],
    )
    plan = plan_repair(snapshot)
    assert (plan.kind, plan.feasible) == ("prevent", False)
    assert repr(plan) == (
        "<RepairPlan (prevent): nothing collides yet; set the next number of journal 71 1003; "
        "1 blocker(s)>"
    )


def test_rule_3_4_repr_of_a_plan_with_nothing_to_repair_but_a_blocker() -> None:
    # docs/cli.md "Evidence first": an export filtered by date; nothing collides
    # in what was read, but the plan cannot be made as it is.
    docs = [
        Invoice("2025/7", date(2025, 12, 20), 995),
        Invoice("2025/8", date(2025, 12, 28), 996),
        Invoice("2026/1", date(2026, 1, 5), 1001),
        Invoice("2026/3", date(2026, 1, 10), 1002),
    ]
    snapshot = Snapshot(
        Integration("70", "71"),
        docs,
        bookings=[
            Booking("70", 1001, date(2026, 1, 5), docs[2].ref),
            Booking("70", 1002, date(2026, 1, 10), docs[3].ref),
        ],
    )
    plan = plan_repair(snapshot)
    assert (plan.kind, plan.feasible) == ("none", False)
    assert str(plan) == (
        "RepairPlan (none): nothing collides in what was read, 1 blocker(s): "
        "the plan cannot be made as it is"
    )
    assert "no repair needed" not in repr(plan)


def test_repr_of_a_plan_with_nothing_to_repair() -> None:
    assert str(plan_repair(Snapshot(Integration("70", "71"), [A]))) == (
        "RepairPlan: nothing collides, no repair needed"
    )


def test_find_collisions_returns_a_tuple_that_displays_as_a_table() -> None:
    collisions = find_collisions(_example_b())
    assert isinstance(collisions, Collisions)
    assert collisions == tuple(collisions)
    assert repr(collisions) == repr(tuple(collisions))
    assert str(collisions) == (
        "The invoices B and C have the same booking number (#1002 in journal 70)\n"
        "The invoices D and E have the same booking number (#1003 in journal 70)"
    )
    assert collisions._repr_markdown_() == (
        "**2 collisions**\n"
        "\n"
        "| journal | financial year | booking number | message | holder |\n"
        "|---|---|---|---|---|\n"
        "| 70 | — | 1002 | The invoices B and C have the same booking number | invoice C |\n"
        "| 70 | — | 1003 | The invoices D and E have the same booking number | invoice E |"
    )


def test_no_collisions_say_so() -> None:
    collisions = find_collisions(Snapshot(Integration("70", "71"), [A, B]))
    assert collisions == ()
    assert str(collisions) == "no collisions"
    assert collisions._repr_markdown_() == (
        "No collisions: no two documents share a booking number."
    )


def test_collision_shows_holder_and_stale_documents() -> None:
    (collision,) = find_collisions(_example_a())
    assert collision._repr_markdown_() == (
        "**The invoices B and C have the same booking number** (#1002 in journal 70)\n"
        "\n"
        "| document | date | booking number | role |\n"
        "|---|---|---|---|\n"
        "| invoice B | 2026-01-06 | 1002 | stale |\n"
        "| invoice C | 2026-01-10 | 1002 | holder |"
    )


def test_collision_without_holder_has_only_stale_documents() -> None:
    snapshot = Snapshot(Integration("70", "71"), [A, B, C], bookings=[])
    (collision,) = find_collisions(snapshot)
    assert collision.holder is None
    rows = collision._repr_markdown_().splitlines()[4:]
    assert [row.rsplit("|", 2)[-2].strip() for row in rows] == ["stale", "stale"]


def test_collision_of_an_invoice_and_a_credit_note_in_a_financial_year() -> None:
    snapshot = Snapshot(
        Integration("70", "70"),
        [Invoice("I1", date(2026, 1, 8), 502), CreditNote("K1", date(2026, 1, 4), 502)],
    )
    text = collision_to_markdown(find_collisions(snapshot)[0])
    assert text.startswith(
        "**The credit note K1 and the invoice I1 have the same booking number** (#502 in journal 70)"
    )
    assert "| credit note K1 | 2026-01-04 | 502 | stale |" in text


def test_plan_displays_as_its_checklist_naming_the_python_way() -> None:
    plan = plan_repair(_example_a())
    assert plan._repr_markdown_() == plan.to_markdown().replace(
        "--policy rebook-deleted", "policy=CutoffPolicy.REBOOK\\_DELETED"
    )


def test_checklist_has_the_deletion_and_next_number_tables() -> None:
    text = plan_repair(_example_a()).to_markdown()
    assert (
        "    | order | journal | financial year | booking number | document | date |\n"
        "    |---|---|---|---|---|---|\n"
        "    | 1 | 70 | — | 1003 | invoice D | 2026-01-12 |\n"
        "    | 2 | 70 | — | 1002 | invoice C | 2026-01-10 |\n"
    ) in text
    assert (
        "    | journal | financial year | next | configured | differs? |\n"
        "    |---|---|---|---|---|\n"
        "    | 70 | — | 1003 | 1004 | yes |\n"
    ) in text
    steps = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert [line.split("**")[1] for line in steps] == [f"{n}." for n in range(1, 8)]


def test_plan_with_nothing_to_repair_says_so() -> None:
    plan = plan_repair(Snapshot(Integration("70", "71"), [A, B]))
    assert plan._repr_markdown_() == (
        "# Repair plan (keep-deleted)\n\nNothing collides: no repair is needed.\n"
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        pytest.param("2026/5", "2026/5", id="plain"),
        pytest.param("INV*5*", "INV\\*5\\*", id="emphasis"),
        pytest.param("INV_5_", "INV\\_5\\_", id="underscore"),
        pytest.param("`5`", "\\`5\\`", id="code"),
        pytest.param("[5](x)", "\\[5\\](x)", id="link"),
        pytest.param("<b>5</b>", "\\<b\\>5\\</b\\>", id="html"),
        pytest.param("5\\", "5\\\\", id="backslash"),
    ],
)
def test_escape_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_document_numbers_cannot_break_a_table_or_the_checklist() -> None:
    odd = [
        Invoice("INV|1", date(2026, 1, 6), 1002),
        Invoice("*INV_2*", date(2026, 1, 10), 1002),
    ]
    snapshot = Snapshot(Integration("70", "71"), odd)
    (collision,) = find_collisions(snapshot)
    table = collision._repr_markdown_().splitlines()[2:]
    assert all(row.count("|") - row.count("\\|") == 5 for row in table)
    assert "| invoice \\*INV\\_2\\* | 2026-01-10 | 1002 | holder |" in table
    checklist = plan_repair(snapshot).to_markdown()
    assert "*INV_2*" not in checklist
    assert "invoice \\*INV\\_2\\*" in checklist


# -- HTML for notebooks ----------------------------------------------------------


def test_html_escapes_input_text() -> None:
    odd = [Invoice("<b>1</b>", date(2026, 1, 6), 1002), Invoice("A&B", date(2026, 1, 10), 1002)]
    snapshot = Snapshot(Integration("70", "71"), odd)
    (collision,) = find_collisions(snapshot)
    shown = collision._repr_html_()
    assert "<b>1</b>" not in shown
    assert "<td>invoice &lt;b&gt;1&lt;/b&gt;</td>" in shown
    assert "<td>invoice A&amp;B</td>" in shown
    plan_html = plan_repair(snapshot)._repr_html_()
    assert "<b>1</b>" not in plan_html
    assert "&lt;b&gt;1&lt;/b&gt;" in plan_html


def test_plan_html_has_real_tables_inside_its_steps() -> None:
    shown = plan_repair(_example_a())._repr_html_()
    assert shown.startswith("<h3>Repair plan (keep-deleted)</h3>")
    step = shown[shown.index("<ol>") : shown.index("</ol>")]
    assert step.count("<li>&#9744; ") == 7
    assert (
        "<thead><tr><th>order</th><th>journal</th><th>financial year</th>"
        "<th>booking number</th><th>document</th><th>date</th></tr></thead>"
    ) in step
    assert "<tr><td>1</td><td>70</td><td>—</td><td>1003</td><td>invoice D</td>" in step
    assert "<tr><td>70</td><td>—</td><td>1003</td><td>1004</td><td>yes</td></tr>" in step
    assert "use policy=CutoffPolicy.REBOOK_DELETED to book it again" in shown


def test_html_of_collisions_and_of_none() -> None:
    assert "<p><strong>2 collisions</strong></p>" in find_collisions(_example_b())._repr_html_()
    none = find_collisions(Snapshot(Integration("70", "71"), [A, B]))
    assert none._repr_html_() == "<p>No collisions: no two documents share a booking number.</p>"
    plan = plan_repair(Snapshot(Integration("70", "71"), [A, B]))
    assert "Nothing to do" in plan._repr_html_()
    assert "<table>" not in plan._repr_html_()


def test_html_of_stale_documents_and_the_simulation() -> None:
    snapshot = _example_a()
    stale = find_stale_documents(snapshot)
    assert stale._repr_html_().startswith("<p><strong>1 stale document</strong></p>\n<table>")
    booking = Booking("70", 1001, A.date, A.ref)
    empty = find_stale_documents(
        Snapshot(Integration("70", "71"), [A], bookings=[booking], bookings_complete=True)
    )
    assert empty == ()
    assert "No stale documents" in empty._repr_html_()
    assert "No stale documents" in empty._repr_markdown_()
    simulation = simulate(snapshot, plan_repair(snapshot))
    shown = simulation._repr_html_()
    assert (
        "<tr><td>invoice C</td><td>2026-01-10</td><td>70</td><td>1002</td><td>1003</td></tr>"
        in (shown)
    )
    assert "proof: sound" in shown


def test_a_record_without_html_form_says_so() -> None:
    # The registration point for records to come (the repair's confirmation).
    with pytest.raises(NotImplementedError, match="no HTML form is registered for Journal"):
        to_html(Journal("70"))

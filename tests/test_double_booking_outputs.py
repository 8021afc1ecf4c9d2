"""The outputs name every booking a double booking's repair deletes: DOMAIN.md §3.10 and §3.4.

§3.10: "Its repair deletes the manual booking only … and the plan lists it
under its own step, before the collision steps." The spreadsheets of the
deletions (``plan --format csv``, ``--format xlsx``), the plan's summary and
``check --batch``'s answers say so too (review findings D1 and D2); the plan's
``to_delete`` (§7: documents to delete, in deletion order) and its JSON keep
the double bookings apart.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    confirm_repair,
    find_double_bookings,
    plan_repair,
    simulate_repair,
)
from booking_reconcile.batch import check_one
from booking_reconcile.cli import main
from booking_reconcile.formats import (
    DELETION_CSV_COLUMNS,
    deletions_to_csv,
    deletions_to_xlsx,
    plan_to_markdown,
    plan_to_text,
    render,
)
from booking_reconcile.formats.spreadsheet import DELETIONS_SHEET, TICK_COLUMN
from booking_reconcile.verdict import check_snapshot
from builders import day

A = Invoice("A", day(1, 5), 1001)
B = Invoice("B", day(1, 6), 1002)  # its booking was deleted: stale
C = Invoice("C", day(1, 10), 1002)
BY_HAND = Booking("70", 1003, day(1, 11), reference="A")  # A entered again by hand
#: The reviewer's case (D1): a collision on #1002, and A booked twice.
MIXED = Snapshot(
    Integration("70", "70"),
    [A, B, C],
    bookings=[
        Booking("70", 1001, A.date, reference="A"),
        Booking("70", 1002, C.date, reference="C"),
        BY_HAND,
    ],
)
#: A double booking and nothing else: no cutoff, nothing reset.
ONLY_DOUBLE = Snapshot(
    Integration("70", "70"),
    [A],
    bookings=[
        Booking("70", 1001, A.date, reference="A"),
        Booking("70", 1002, A.date, reference="A"),
    ],
)

HEADER = "journal,financial_year,booking_number,document,date,step"


# -- D1: the deletions' spreadsheets ---------------------------------------------


def test_rule_3_10_the_csv_lists_every_booking_the_plan_deletes_the_double_bookings_first() -> None:
    plan = plan_repair(MIXED)
    assert deletions_to_csv(plan).splitlines() == [
        HEADER,
        "70,,1003,invoice A,2026-01-11,delete-double-bookings",
        "70,,1002,invoice C,2026-01-10,delete-bookings",
    ]
    # the checklist deletes them in the same order: the double bookings' step first
    keys = [step.key for step in plan.steps]
    assert keys.index("delete-double-bookings") < keys.index("delete-bookings")


def test_rule_3_10_a_double_booking_only_plan_lists_its_deletion() -> None:
    assert deletions_to_csv(plan_repair(ONLY_DOUBLE)).splitlines() == [
        HEADER,
        "70,,1002,invoice A,2026-01-05,delete-double-bookings",
    ]


def test_rule_3_4_the_csv_keeps_its_columns_and_adds_the_step_last() -> None:
    assert DELETION_CSV_COLUMNS == (
        "journal",
        "financial_year",
        "booking_number",
        "document",
        "date",
        "step",
    )
    plan = plan_repair(Snapshot(Integration("70", "70"), [B, C]))  # no bookings: no double
    rows = list(csv.reader(io.StringIO(deletions_to_csv(plan, delimiter=";")), delimiter=";"))
    assert rows == [
        list(DELETION_CSV_COLUMNS),
        ["70", "", "1002", "invoice C", "2026-01-10", "delete-bookings"],
    ]


def test_rule_3_10_the_workbook_lists_every_deletion_to_tick_off_with_its_step() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.load_workbook(io.BytesIO(deletions_to_xlsx(plan_repair(MIXED))))
    rows = [[cell.value for cell in row] for row in workbook[DELETIONS_SHEET].iter_rows()]
    assert rows == [
        [
            "order",
            "journal",
            "financial year",
            "booking number",
            "document",
            "date",
            TICK_COLUMN,
            "step",
        ],
        [
            1,
            "70",
            None,
            1003,
            "invoice A",
            dt.datetime(2026, 1, 11),
            None,
            "delete-double-bookings",
        ],
        [2, "70", None, 1002, "invoice C", dt.datetime(2026, 1, 10), None, "delete-bookings"],
    ]


def test_rule_3_10_to_delete_and_the_json_keep_the_double_bookings_apart() -> None:
    plan = plan_repair(MIXED)
    assert [document.number for document in plan.to_delete] == ["C"]  # DOMAIN §7
    data = plan.to_dict()
    assert [entry["booking_number"] for entry in data["to_delete"]] == [1002]
    assert len(data["double_bookings"]) == 1


# -- D1: the summary counts every booking deleted ----------------------------------


def test_rule_3_10_the_summary_counts_the_double_bookings_deletions() -> None:
    plan = plan_repair(MIXED)
    text = " ".join(plan_to_text(plan, width=1000).split())
    assert "To do: the 8 steps below: delete 2 bookings (1 entered by hand), deactivate" in text
    markdown = plan_to_markdown(plan)
    assert "- bookings to delete: 2 (1 entered by hand); documents to reset: 1" in markdown


def test_rule_3_4_a_plan_without_double_bookings_counts_its_deletions_as_before() -> None:
    plan = plan_repair(Snapshot(Integration("70", "70"), [B, C]))
    assert "delete 1 booking, deactivate" in " ".join(plan_to_text(plan, width=1000).split())
    assert "- bookings to delete: 1; documents to reset: 1" in plan_to_markdown(plan)


# -- D1: the command ---------------------------------------------------------------


def _files(folder: Path) -> list[str]:
    documents, bookings = folder / "documents.csv", folder / "bookings.csv"
    documents.write_text(
        "kind,number,date,booking_number\ninvoice,A,2026-01-05,1001\n"
        "invoice,B,2026-01-06,1002\ninvoice,C,2026-01-10,1002\n",
        encoding="utf-8",
    )
    bookings.write_text(
        "journal,booking_number,date,reference\n70,1001,2026-01-05,A\n"
        "70,1002,2026-01-10,C\n70,1003,2026-01-11,A\n",
        encoding="utf-8",
    )
    return ["plan", str(documents), "--bookings", str(bookings)]


def test_rule_3_10_plan_format_csv_lists_the_manual_entry_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*_files(tmp_path), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        HEADER,
        "70,,1003,invoice A,2026-01-11,delete-double-bookings",
        "70,,1002,invoice C,2026-01-10,delete-bookings",
    ]
    assert main([*_files(tmp_path), "--format", "markdown"]) == 0
    assert "- bookings to delete: 2 (1 entered by hand);" in capsys.readouterr().out


# -- D2: check --batch -------------------------------------------------------------


def _administration(double_of: str) -> dict[str, object]:
    """Division 555: A and B booked, and a booking made by hand with ``double_of`` as its ref."""
    a, b = Invoice("A", day(1, 5), 1001), Invoice("B", day(1, 6), 1002)
    bookings = [
        Booking("70", 1001, a.date, a.ref),
        Booking("70", 1002, b.date, b.ref),
        Booking("70", 1003, day(1, 7), reference=double_of),
    ]
    return Snapshot(
        Integration("70", "71"), [a, b], bookings=bookings, labels={"division": "555"}
    ).to_dict()


def test_rule_3_10_a_batch_answer_names_the_double_bookings_and_counts_their_deletion() -> None:
    answer = check_one(_administration("A"))
    assert answer["status"] == "found"
    assert answer["double_bookings"] == [
        "invoice A is booked twice in journal 70: #1001 by the integration and #1003 by hand"
    ]
    assert answer["plan"]["to_delete"] == 1


def test_rule_3_10_a_batch_answer_counts_every_deletion_of_a_mixed_plan() -> None:
    answer = check_one(MIXED.to_dict())
    assert len(answer["double_bookings"]) == 1
    assert answer["plan"]["to_delete"] == 2
    assert len(answer["collisions"]) == 1


def test_rule_3_10_a_clean_batch_answer_has_no_double_bookings() -> None:
    clean = Snapshot(Integration("70", "71"), [A], bookings=[Booking("70", 1001, A.date, A.ref)])
    answer = check_one(clean.to_dict())
    assert (answer["status"], answer["double_bookings"]) == ("clean", [])


def _batch(
    capsys: pytest.CaptureFixture[str], folder: Path, *extra: str
) -> tuple[int, list[dict[str, object]], str]:
    status = main(["check", "--batch", str(folder), *extra])
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err


def test_rule_3_10_since_calls_an_answer_whose_double_bookings_differ_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The reviewer's case (D2): last night's manual booking doubled A, tonight's doubles B.
    folder = tmp_path / "administrations"
    folder.mkdir()
    snapshot = folder / "adm.json"
    snapshot.write_text(json.dumps(_administration("A")), encoding="utf-8")
    previous = tmp_path / "last-night.jsonl"
    assert main(["check", "--batch", str(folder), "--output", str(previous)]) == 1
    snapshot.write_text(json.dumps(_administration("B")), encoding="utf-8")
    capsys.readouterr()
    status, answers, err = _batch(capsys, folder, "--since", str(previous), "--only-changes")
    assert status == 1
    assert [answer["change"] for answer in answers] == ["changed"]
    assert answers[0]["double_bookings"] == [
        "invoice B is booked twice in journal 70: #1002 by the integration and #1003 by hand"
    ]
    assert err == "booking-reconcile: 1 answer: 1 found; 1 changed\n"


def test_rule_3_10_since_keeps_an_earlier_answer_without_double_bookings_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An answer written before answers named double bookings has no such key: it had none.
    folder = tmp_path / "administrations"
    folder.mkdir()
    found = Snapshot(Integration("70", "70"), [B, C], labels={"division": "7"})
    (folder / "adm.json").write_text(json.dumps(found.to_dict()), encoding="utf-8")
    assert main(["check", "--batch", str(folder)]) == 1
    (answer,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert answer["double_bookings"] == []
    del answer["double_bookings"]
    previous = tmp_path / "earlier.jsonl"
    previous.write_text(json.dumps(answer) + "\n", encoding="utf-8")
    status, answers, _ = _batch(capsys, folder, "--since", str(previous))
    assert (status, [a["change"] for a in answers]) == (1, ["unchanged"])


#: A journal numbered per financial year (starting in April): invoice E of
#: financial year 2026 entered again by hand as #3 (numbers repeat every year).
_E = Invoice("E", dt.date(2026, 4, 3), 2)
_D = Invoice("D", dt.date(2026, 4, 2), 1)
_E_BY_HAND = Booking("70", 3, dt.date(2026, 4, 5), reference="E")
PER_YEAR = Snapshot(
    Integration("70", "70", financial_year_start_month=4),
    [_D, _E],
    [Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=4)],
    bookings=[
        Booking("70", 1, _D.date, reference="D"),
        Booking("70", 2, _E.date, reference="E"),
        _E_BY_HAND,
    ],
)
_PER_YEAR_SENTENCE = (
    "invoice E is booked twice in journal 70, financial year 2026: #2 by the integration "
    "and #3 by hand"
)


def test_rule_3_10_double_booking_names_its_financial_year() -> None:
    (double,) = find_double_bookings(PER_YEAR)
    assert str(double) == _PER_YEAR_SENTENCE


def test_rule_3_10_double_booking_in_a_continuous_journal_names_the_journal_only() -> None:
    (double,) = find_double_bookings(MIXED)
    assert str(double) == (
        "invoice A is booked twice in journal 70: #1001 by the integration and #1003 by hand"
    )


def test_rule_3_10_double_booking_warning_check_and_batch_name_its_financial_year() -> None:
    plan = plan_repair(PER_YEAR)
    assert any(w.message.startswith(_PER_YEAR_SENTENCE + ": delete") for w in plan.warnings)
    assert check_one(PER_YEAR.to_dict())["double_bookings"] == [_PER_YEAR_SENTENCE]
    assert f"- {_PER_YEAR_SENTENCE}" in render(check_snapshot(PER_YEAR), "text", width=200)


def test_rule_3_10_confirm_names_the_financial_year_of_a_manual_entry_left_in_place() -> None:
    plan = plan_repair(PER_YEAR)
    after = simulate_repair(PER_YEAR, plan)
    left = Snapshot(
        after.integration,
        after.documents,
        after.journals,
        bookings=[*(after.bookings or ()), _E_BY_HAND],
    )
    confirmation = confirm_repair(PER_YEAR, plan, left)
    assert [d.message for d in confirmation.deviations] == [
        "booking #3 in journal 70, financial year 2026 of 2026-04-05, entered by hand for "
        "invoice E, is still in the accounting package: it was not deleted (step "
        "delete-double-bookings), so invoice E is booked twice; delete that booking in the "
        "accounting package"
    ]


def test_rule_3_11_confirm_names_the_financial_year_of_a_booking_left_undeleted() -> None:
    # A collision on #8 of financial year 2025 (B's booking deleted, C holds 8):
    # the repair deletes C's booking #8 of 2025; left in place, the deviation
    # says which year's #8.
    b = Invoice("B", dt.date(2026, 3, 25), 8)
    c = Invoice("C", dt.date(2026, 3, 28), 8)
    snapshot = Snapshot(
        Integration("70", "70", financial_year_start_month=4),
        [b, c, _D, _E],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=3)],
        bookings=[
            Booking("70", 8, c.date, reference="C"),
            Booking("70", 1, _D.date, reference="D"),
            Booking("70", 2, _E.date, reference="E"),
        ],
    )
    plan = plan_repair(snapshot)
    after = simulate_repair(snapshot, plan)
    left = Snapshot(
        after.integration,
        after.documents,
        after.journals,
        bookings=[*(after.bookings or ()), Booking("70", 8, c.date)],
    )
    messages = [d.message for d in confirm_repair(snapshot, plan, left).deviations]
    assert messages == [
        "booking #8 in journal 70, financial year 2025 (invoice C of 2026-03-28) is still in "
        "the accounting package: it was not deleted (step delete-bookings), so invoice C is "
        "booked twice; delete that booking in the accounting package"
    ]


#: Invoice A entered again by hand in journal 70 (#1002), and credit note K2's
#: booking deleted at the top of journal 71: #502 would be handed out again.
#: The plan deletes the manual entry and prevents the collision (§3.10, §3.9).
_A = Invoice("A", dt.date(2026, 1, 5), 1001)
_K1 = CreditNote("K1", dt.date(2026, 1, 6), 501)
_K2 = CreditNote("K2", dt.date(2026, 1, 7), 502)
DOUBLE_AND_PREVENTION = Snapshot(
    Integration("70", "71"),
    [_A, _K1, _K2, Invoice("U", dt.date(2026, 1, 9)), CreditNote("K3", dt.date(2026, 1, 9))],
    [Journal("70", next_booking_number=1003), Journal("71", next_booking_number=502)],
    bookings=[
        Booking("70", 1001, _A.date, reference="A"),
        Booking("70", 1002, dt.date(2026, 1, 8), reference="A"),
        Booking("71", 501, _K1.date, _K1.ref),
    ],
)


def test_rule_3_9_a_prevention_after_a_double_bookings_deletion_says_nothing_else_is_deleted() -> (
    None
):
    plan = plan_repair(DOUBLE_AND_PREVENTION)
    assert [step.key for step in plan.steps] == [
        "delete-double-bookings",
        "set-next-numbers",
        "synchronise",
    ]
    assert plan.steps[1].title.endswith("; nothing else is deleted")
    text = plan_to_text(plan, DOUBLE_AND_PREVENTION, width=400)
    assert "nothing is deleted" not in text
    assert "nothing else is deleted" in text
    assert "nothing is deleted" not in plan.to_markdown()


def test_rule_3_9_a_prevention_alone_still_says_nothing_is_deleted() -> None:
    snapshot = Snapshot(
        DOUBLE_AND_PREVENTION.integration,
        [_K1, _K2],
        DOUBLE_AND_PREVENTION.journals,
        bookings=[Booking("71", 501, _K1.date, _K1.ref)],
    )
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    assert plan.steps[0].title.endswith("; nothing is deleted")


def test_rule_3_9_the_summary_names_the_collision_a_double_bookings_plan_prevents() -> None:
    plan = plan_repair(DOUBLE_AND_PREVENTION)
    wrong = (
        "Wrong: nothing collides yet, but a stale document's number will be handed out "
        "again. 1 document booked twice, once by hand."
    )
    assert wrong in plan_to_text(plan, DOUBLE_AND_PREVENTION, width=400)
    assert repr(plan) == (
        "<RepairPlan (repair, keep-deleted): 0 collision(s), cutoff None, 1 to delete "
        "(1 entered by hand), 0 to reset; set the next number of journal 71 503>"
    )


def test_rule_3_10_the_markdown_summary_of_a_double_bookings_plan_counts_its_deletions() -> None:
    # docs/cli.md: Markdown "bookings to delete: N (N entered by hand)", as the
    # text's "delete 1 booking entered by hand" and the repr's "1 to delete".
    markdown = plan_to_markdown(plan_repair(ONLY_DOUBLE))
    assert "- bookings to delete: 1 (1 entered by hand)\n" in markdown
    assert "- no cutoff: nothing is reset\n" in markdown
    both = plan_to_markdown(plan_repair(DOUBLE_AND_PREVENTION))
    assert "- bookings to delete: 1 (1 entered by hand)\n" in both
    assert "- nothing collides yet: no cutoff, nothing is reset\n" in both


def test_rule_3_9_the_markdown_summary_of_a_prevention_deletes_nothing() -> None:
    snapshot = Snapshot(
        DOUBLE_AND_PREVENTION.integration,
        [_K1, _K2],
        DOUBLE_AND_PREVENTION.journals,
        bookings=[Booking("71", 501, _K1.date, _K1.ref)],
    )
    markdown = plan_to_markdown(plan_repair(snapshot))
    assert "bookings to delete" not in markdown
    assert "- nothing collides yet: no cutoff, nothing is reset\n" in markdown

"""Rendering a plan: ``to_dict()`` (JSON-ready) and ``to_markdown()`` (the checklist)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest

from booking_reconcile import (
    CreditNote,
    CutoffPolicy,
    Integration,
    Invoice,
    Journal,
    Numbering,
    RepairPlan,
    Snapshot,
    find_stale_documents,
    plan_repair,
    simulate,
)
from booking_reconcile.formats import (
    check_to_text,
    deletions_to_csv,
    plan_to_html,
    plan_to_text,
    policy_consequences,
    reading_summary,
    simulation_to_text,
    text_table,
)
from booking_reconcile.verdict import check_snapshot
from builders import booked, day

# Journal 70: A 01-05 #801, B 01-06 #802 (lost its booking), C 01-10 #802,
# D 01-12 #803. Journal 71 (configured next 40): K 01-11 #4. Recorded start
# 2026-01-02. keep-deleted: cutoff 01-10; delete D #803, C #802 (70), K #4
# (71); next 70 = max(802, 802 + 1) = 803, 71 = lowest deleted 4 (nothing in
# use). After the sync: C 803, K 4, D 804.
A = Invoice("A", day(1, 5), 801)
B = Invoice("B", day(1, 6), 802)
C = Invoice("C", day(1, 10), 802)
D = Invoice("D", day(1, 12), 803)
K = CreditNote("K", day(1, 11), 4)
STORY = Snapshot(
    Integration("70", "71", start_date=day(1, 2)),
    [A, B, C, D, K],
    journals=[Journal("70"), Journal("71", next_booking_number=40)],
    bookings=[*booked(A, C, D), *booked(K, journal="71")],
)
PLAN = plan_repair(STORY)

# Per financial year: 2025 A2 #1, B2 #2 (lost its booking), C2 12-29 #2;
# 2026 D2 #1. Cutoff 2025-12-29; next 2025 = max(2, 2 + 1) = 3, 2026 = 1.
A2 = Invoice("A2", day(12, 20, 2025), 1)
B2 = Invoice("B2", day(12, 22, 2025), 2)
C2 = Invoice("C2", day(12, 29, 2025), 2)
D2 = Invoice("D2", day(1, 3), 1)
PER_YEAR = Snapshot(
    Integration("70", "70"),
    [A2, B2, C2, D2],
    journals=[Journal("70", Numbering.PER_FINANCIAL_YEAR, locked_until=day(12, 31, 2025))],
    bookings=booked(A2, C2, D2),
)

PLANS = [
    pytest.param(PLAN, id="two-journals"),
    pytest.param(plan_repair(STORY, CutoffPolicy.REBOOK_DELETED), id="rebook-deleted"),
    pytest.param(plan_repair(Snapshot(STORY.integration, STORY.documents)), id="bookings-unknown"),
    pytest.param(plan_repair(PER_YEAR), id="per-year-with-blocker"),
    pytest.param(plan_repair(Snapshot(STORY.integration, [A, D])), id="nothing-collides"),
]


def _plain(value: Any) -> bool:
    """Whether ``value`` is made of JSON's own types only."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


@pytest.mark.parametrize("plan", PLANS)
def test_to_dict_is_json_serialisable(plan: RepairPlan) -> None:
    data = plan.to_dict()
    assert _plain(data)
    assert json.loads(json.dumps(data)) == data


def test_to_dict_dates_are_iso() -> None:
    data = PLAN.to_dict()
    assert (data["cutoff"], data["delink_date"], data["start_date"]) == (
        "2026-01-10",
        "2026-01-10",
        "2026-01-02",
    )
    assert [d["document"]["date"] for d in data["to_delete"]] == [
        "2026-01-12",
        "2026-01-10",
        "2026-01-11",
    ]


def test_to_dict_carries_every_number() -> None:
    data = PLAN.to_dict()
    assert data["policy"] == "keep-deleted"
    assert (data["needed"], data["feasible"]) == (True, True)
    (collision,) = data["collisions"]
    assert collision["booking_number"] == 802
    assert collision["journal"] == "70"
    assert collision["message"] == "The invoices B and C have the same booking number"
    assert collision["holder"]["number"] == "C"
    assert [
        (d["journal"], d["booking_number"], d["document"]["number"]) for d in data["to_delete"]
    ] == [
        ("70", 803, "D"),
        ("70", 802, "C"),
        ("71", 4, "K"),
    ]
    assert sorted((d["number"], d["booking_number"]) for d in data["to_reset"]) == [
        ("C", 802),
        ("D", 803),
        ("K", 4),
    ]
    assert [
        (n["journal"], n["financial_year"], n["number"], n["configured"], n["differs"])
        for n in data["next_numbers"]
    ] == [("70", None, 803, None, None), ("71", None, 4, 40, True)]
    assert [(d["number"], d["booking_number"]) for d in data["after_sync"]] == [
        ("C", 803),
        ("K", 4),
        ("D", 804),
    ]
    assert [s["key"] for s in data["steps"]] == [s.key for s in PLAN.steps]
    assert {w["rule"] for w in data["warnings"]} == {
        "stale-document-kept",
        "configured-next-number-differs",
    }
    assert data["blockers"] == []


def test_to_dict_carries_financial_years_and_blockers() -> None:
    data = plan_repair(PER_YEAR).to_dict()
    assert [(n["financial_year"], n["number"]) for n in data["next_numbers"]] == [
        (2025, 3),
        (2026, 1),
    ]
    # 2025-12-29 (C2) lies in the closed period up to 2025-12-31; D2 does not
    assert data["feasible"] is False
    (blocker,) = data["blockers"]
    assert blocker["rule"] == "closed-period"
    assert blocker["documents"] == [{"kind": "invoice", "number": "C2"}]


def test_to_dict_of_a_plan_without_collision() -> None:
    data = plan_repair(Snapshot(STORY.integration, [A, D])).to_dict()
    assert data["needed"] is False
    assert data["cutoff"] is None
    assert data["delink_date"] is None
    assert (data["to_delete"], data["next_numbers"], data["steps"]) == ([], [], [])


def _tables(markdown: str) -> list[list[dict[str, str]]]:
    """The Markdown tables of ``markdown``, each as rows of header -> cell."""
    tables: list[list[dict[str, str]]] = []
    block: list[list[str]] = []
    for line in [*markdown.splitlines(), ""]:
        text = line.strip()
        if text.startswith("|"):
            block.append([cell.strip() for cell in text.strip("|").split("|")])
            continue
        if len(block) >= 2:
            header, rows = block[0], block[2:]
            tables.append([dict(zip(header, row, strict=True)) for row in rows])
        block = []
    return tables


def _table_with(markdown: str, *headers: str) -> list[dict[str, str]]:
    (table,) = [t for t in _tables(markdown) if t and all(h in t[0] for h in headers)]
    return table


def test_to_markdown_names_every_document_to_delete_with_number_journal_and_date() -> None:
    # In deletion order: D #803, C #802 (journal 70), K #4 (journal 71).
    rows = _table_with(PLAN.to_markdown(), "booking number", "document", "date", "journal")
    assert [
        (row["journal"], row["booking number"], row["document"], row["date"]) for row in rows
    ] == [
        ("70", "803", "invoice D", "2026-01-12"),
        ("70", "802", "invoice C", "2026-01-10"),
        ("71", "4", "credit note K", "2026-01-11"),
    ]


def test_to_markdown_names_next_numbers_cutoff_and_start_date() -> None:
    markdown = PLAN.to_markdown()
    rows = _table_with(markdown, "journal", "next", "configured")
    assert [(row["journal"], row["next"], row["configured"]) for row in rows] == [
        ("70", "803", "unknown: look it up (master data, journals) and set it to 803"),
        ("71", "4", "40"),
    ]
    assert "delink date 2026-01-10" in markdown
    assert "start date 2026-01-02" in markdown
    assert "cutoff and delink date: 2026-01-10" in markdown


def test_to_markdown_is_a_checklist_in_the_articles_order() -> None:
    markdown = PLAN.to_markdown()
    boxes = [line for line in markdown.splitlines() if line.startswith("- [ ]")]
    assert len(boxes) == len(PLAN.steps) == 7
    assert "do NOT delink the contacts and companies" in boxes[4]
    assert "do NOT import companies or contacts" in boxes[5]


def test_to_markdown_names_the_collisions_warnings_and_blockers() -> None:
    markdown = PLAN.to_markdown()
    assert "The invoices B and C have the same booking number" in markdown
    assert "invoice B keeps booking number 802" in markdown
    blocked = plan_repair(PER_YEAR).to_markdown()
    assert "## Blockers" in blocked
    assert "invoice C2" in blocked


def test_to_markdown_per_year_names_the_financial_year_of_each_next_number() -> None:
    rows = _table_with(plan_repair(PER_YEAR).to_markdown(), "financial year", "next")
    assert [(row["journal"], row["financial year"], row["next"]) for row in rows] == [
        ("70", "2025", "3"),
        ("70", "2026", "1"),
    ]


def test_to_markdown_of_a_plan_without_collision_says_no_repair_is_needed() -> None:
    markdown = plan_repair(Snapshot(STORY.integration, [A, D])).to_markdown()
    assert "no repair is needed" in markdown
    assert "- [ ]" not in markdown


def test_to_markdown_says_when_there_is_nothing_to_delete() -> None:
    # H 01-05 holds #7, S 01-10 #7 lost its booking: keep-deleted resets S
    # only, which has no booking. Next = max(nothing deleted, 7 + 1) = 8.
    g, h, s = Invoice("G", day(1, 2), 6), Invoice("H", day(1, 5), 7), Invoice("S", day(1, 10), 7)
    plan = plan_repair(Snapshot(Integration("70", "70"), [g, h, s], bookings=booked(g, h)))
    markdown = plan.to_markdown()
    assert "nothing to delete" in markdown
    rows = _table_with(markdown, "journal", "next")
    assert [(row["journal"], row["next"]) for row in rows] == [("70", "8")]
    assert plan.to_dict()["to_delete"] == []


# -- plain text, CSV and the policy's consequences ------------------------------


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("plan", PLANS)
def test_text_fits_its_width(plan: RepairPlan, width: int) -> None:
    text = plan_to_text(plan, STORY, width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert text.startswith(f"Repair plan ({plan.policy.value})\n")


def test_text_summary_comes_first_then_findings_then_steps() -> None:
    text = plan_to_text(PLAN, STORY, width=120)
    order = [text.index(part) for part in ("Read ", "Wrong: ", "To do: ", "Warnings", "Steps")]
    assert order == sorted(order)
    assert text.splitlines()[3:5] == [
        "Read 4 invoices in journal 70 and 1 credit note in journal 71 (5 of them booked); "
        "4 bookings in journals 70 (3), 71 (1);",
        "  bookings linked to their document: 4 by document, 0 by reference, 0 by number and "
        "date; 0 name none.",
    ]


def test_text_tables_are_aligned_and_name_every_deletion() -> None:
    lines = plan_to_text(PLAN, width=120).splitlines()
    header = next(line for line in lines if line.split()[:2] == ["order", "journal"])
    rows = lines[lines.index(header) + 2 : lines.index(header) + 5]
    assert [row.split() for row in rows] == [
        ["1", "70", "803", "invoice", "D", "2026-01-12"],
        ["2", "70", "802", "invoice", "C", "2026-01-10"],
        ["3", "71", "4", "credit", "note", "K", "2026-01-11"],
    ]
    assert len({row.index("2026-01-1") for row in rows}) == 1
    # continuous numbering: no empty "financial year" column
    assert "financial year" not in header


def test_text_per_year_keeps_the_financial_year_column() -> None:
    text = plan_to_text(plan_repair(PER_YEAR), width=80)
    assert "financial year" in text
    assert "Blockers" in text
    assert "It cannot be carried out as it is: see the blocker." in " ".join(text.split())


def test_text_of_a_plan_without_collision() -> None:
    text = plan_to_text(plan_repair(Snapshot(STORY.integration, [A, D])), width=80)
    assert "Nothing to do: no repair is needed." in text
    assert "[ ]" not in text


def test_text_table_wraps_the_widest_column_first() -> None:
    lines = text_table(("n", "message"), [(1, "a b c d e f g h i j k l m n o p q r s t")], 20)
    assert max(len(line) for line in lines) <= 40  # narrower than 40 is not attempted
    wide = text_table(("n", "message"), [(1, "word " * 20)], 60)
    assert max(len(line) for line in wide) <= 60
    assert len(wide) > 3


def test_simulation_text() -> None:
    text = simulation_to_text(simulate(STORY, PLAN), width=80)
    assert "Collisions left: none." in text
    assert [line.split() for line in text.splitlines() if line.startswith("invoice D")] == [
        ["invoice", "D", "2026-01-12", "70", "803", "804"]
    ]


def test_consequence_of_keep_deleted_offers_rebook_deleted() -> None:
    assert policy_consequences(PLAN) == (
        "1 invoice stays out of the accounting package (revenue and VAT not booked): "
        "use --policy rebook-deleted to book it again.",
    )
    assert "- 1 invoice stays out of the accounting package" in PLAN.to_markdown()


def test_consequence_counts_each_kind() -> None:
    # Two stale invoices and a stale credit note before the cutoff.
    e, f = Invoice("E", day(1, 3), 801), Invoice("F", day(1, 4), 802)
    k0 = CreditNote("K0", day(1, 2), 1)
    g, h = Invoice("G", day(1, 8), 801), Invoice("H", day(1, 9), 802)
    k1 = CreditNote("K1", day(1, 9), 1)
    snapshot = Snapshot(
        Integration("70", "71"),
        [e, f, k0, g, h, k1],
        bookings=[*booked(g, h), *booked(k1, journal="71")],
    )
    (line,) = policy_consequences(plan_repair(snapshot))
    assert line.startswith("2 invoices and 1 credit note stay out of the accounting package")
    assert line.endswith("use --policy rebook-deleted to book them again.")


def test_consequence_of_rebook_deleted_never_offers_itself() -> None:
    plan = plan_repair(STORY, CutoffPolicy.REBOOK_DELETED)
    assert policy_consequences(plan) == (
        "1 invoice whose booking was deleted is booked again (revenue and VAT booked anew).",
    )
    for text in (plan_to_text(plan, width=80), plan.to_markdown(), plan_to_html(plan)):
        assert "--policy rebook-deleted" not in text
        assert "the rebook-deleted policy books it again" not in text


def test_rebook_deleted_does_not_offer_itself_in_a_kept_warning() -> None:
    # A plan changed by hand keeps a warning under rebook-deleted: its offer is left out.
    plan = attrs.evolve(PLAN, policy=CutoffPolicy.REBOOK_DELETED)
    assert "rebook-deleted policy books it again" in PLAN.to_markdown()
    (line, *_) = policy_consequences(plan)
    assert line == ("1 invoice stays out of the accounting package (revenue and VAT not booked).")
    for text in (plan_to_text(plan, width=80), plan.to_markdown(), plan_to_html(plan)):
        assert "books it again" not in text
        assert "--policy rebook-deleted" not in text


def test_no_consequence_without_stale_documents() -> None:
    assert policy_consequences(plan_repair(Snapshot(STORY.integration, [A, D]))) == ()


def test_reading_summary_of_an_empty_snapshot() -> None:
    assert reading_summary(Snapshot(Integration("70", "71"), [], bookings=[])) == (
        "Read no invoice and no credit note: the input holds no document; 0 bookings."
    )


def test_check_text_is_one_line_per_finding() -> None:
    lines = check_to_text(check_snapshot(STORY)).splitlines()
    assert lines[0].startswith("Read 4 invoices")
    assert lines[1].startswith("The invoices B and C have the same booking number")
    assert lines[2].startswith("Stale: invoice B of 2026-01-06 #802")
    assert lines[3] == (
        "1 collision, 1 stale document; run `booking-reconcile plan` with the same inputs "
        "for the repair."
    )


def test_csv_of_the_deletions() -> None:
    assert deletions_to_csv(PLAN).splitlines() == [
        "journal,financial_year,booking_number,document,date,step",
        "70,,803,invoice D,2026-01-12,delete-bookings",
        "70,,802,invoice C,2026-01-10,delete-bookings",
        "71,,4,credit note K,2026-01-11,delete-bookings",
    ]
    assert deletions_to_csv(plan_repair(PER_YEAR)).splitlines()[1:] == [
        "70,2026,1,invoice D2,2026-01-03,delete-bookings",
        "70,2025,2,invoice C2,2025-12-29,delete-bookings",
    ]


def test_csv_quotes_a_document_number_with_a_comma() -> None:
    b, c = Invoice("B,1", day(1, 6), 5), Invoice('C"2', day(1, 10), 5)
    rows = deletions_to_csv(plan_repair(Snapshot(Integration("70", "70"), [b, c])))
    assert rows.splitlines()[1] == '70,,5,"invoice C""2",2026-01-10,delete-bookings'


def test_csv_of_a_plan_without_deletions_is_the_header() -> None:
    plan = plan_repair(Snapshot(STORY.integration, [A, D]))
    assert deletions_to_csv(plan) == "journal,financial_year,booking_number,document,date,step\n"


def test_stale_documents_are_a_displayable_tuple() -> None:
    stale = find_stale_documents(STORY)
    assert stale == (B,)
    assert "| invoice B | 2026-01-06 | 802 |" in stale._repr_markdown_()
    assert "<td>invoice B</td><td>2026-01-06</td><td>802</td>" in stale._repr_html_()


def test_text_of_a_plan_that_deletes_nothing() -> None:
    # A plan without a cutoff that is still needed (a prevention plan) deletes nothing.
    plan = attrs.evolve(PLAN, cutoff=None, deletions=(), to_reset=(), sent=())
    text = plan_to_text(plan, width=80)
    assert "nothing is deleted" in " ".join(text.split())
    assert "None" not in text


def test_wrong_line_without_collisions() -> None:
    clean = plan_repair(Snapshot(STORY.integration, [A, D]))
    assert "Wrong: no two documents share a booking number." in plan_to_text(clean)
    warned = attrs.evolve(clean, warnings=PLAN.warnings)
    assert "Wrong: no two documents share a booking number; but see the warnings." in (
        plan_to_text(warned, width=120)
    )


def test_text_table_never_breaks_a_number_or_a_date() -> None:
    # A table too wide for the terminal even with its words kept whole was
    # broken inside its longest words: booking 26700013 read "2670001" above
    # "3". Such a table is written a row per paragraph instead, no value broken.
    header = ("order", "journal", "financial year", "booking number", "document", "date")
    rows = [
        (1, "VERKOOP", 2026, 26700013, "credit note CN 2026 / 000001", dt.date(2026, 1, 12)),
        (2, "VERKOOP", 2026, 26700012, "invoice 2026 / 000013", dt.date(2026, 1, 10)),
    ]
    lines = text_table(header, rows, 40)
    words = {word for line in lines for word in line.replace(",", " ").split()}
    assert {"26700013", "26700012", "2026-01-12", "2026-01-10", "VERKOOP"} <= words
    assert max(len(line) for line in lines) <= 40
    assert "booking number: 26700013" in " ".join(" ".join(lines).split())
    # A table that fits keeps its columns.
    assert text_table(header, rows, 120)[1].startswith("-----")

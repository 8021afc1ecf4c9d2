"""API answers recognised by their content (adapters.answers): what the command reads from JSON files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from booking_reconcile.adapters import AnswerKind, read_answers, recognise
from booking_reconcile.errors import InputFormatError
from booking_reconcile.models import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
    Numbering,
)

API_DATA = Path(__file__).parent / "data" / "api"


def load(name: str) -> Any:
    return json.loads((API_DATA / name).read_text(encoding="utf-8"))


SYNC = [
    load("exact-online-transaction-lines-sync-page-1.json"),
    load("exact-online-transaction-lines-sync-page-2.json"),
]
SALES_ENTRIES = load("exact-online-sales-entries.json")
JOURNALS = load("exact-online-journals-with-statuses-and-periods.json")
INVOICES = load("teamleader-invoices-list-pages.json")
CREDIT_NOTE = load("teamleader-credit-note-info.json")
NUMBERS = {
    DocumentRef(DocumentKind.INVOICE, "2026 / 1"): 1001,
    DocumentRef(DocumentKind.CREDIT_NOTE, "2026 / 1"): 1,
}


@pytest.mark.parametrize(
    ("data", "kinds"),
    [
        pytest.param(SALES_ENTRIES, [AnswerKind.SALES_ENTRIES], id="sales-entries"),
        pytest.param(SALES_ENTRIES["d"]["results"], [AnswerKind.SALES_ENTRIES], id="bare-rows"),
        pytest.param(SYNC, [AnswerKind.TRANSACTION_LINES], id="transaction-lines-pages"),
        pytest.param(
            JOURNALS,
            [AnswerKind.JOURNALS, AnswerKind.JOURNAL_STATUSES, AnswerKind.FINANCIAL_PERIODS],
            id="journals-statuses-periods",
        ),
        pytest.param(INVOICES, [AnswerKind.INVOICES], id="invoices-pages"),
        pytest.param(CREDIT_NOTE, [AnswerKind.CREDIT_NOTES], id="credit-note-info"),
        pytest.param(
            [*INVOICES, CREDIT_NOTE],
            [AnswerKind.INVOICES, AnswerKind.CREDIT_NOTES],
            id="both-kinds",
        ),
        pytest.param(
            {"d": SALES_ENTRIES["d"]["results"][0]}, [AnswerKind.SALES_ENTRIES], id="get-by-key"
        ),
        pytest.param({"d": SALES_ENTRIES["d"]["results"]}, [AnswerKind.SALES_ENTRIES], id="d-list"),
    ],
)
def test_answers_are_recognised_by_their_content(data: Any, kinds: list[AnswerKind]) -> None:
    assert [found.kind for found in recognise(data)] == kinds


def test_an_empty_page_goes_with_the_pages_of_its_resource() -> None:
    (found,) = recognise([*SYNC, {"d": {"results": []}}])
    assert found.kind is AnswerKind.TRANSACTION_LINES
    assert len(found.pages) == 3
    assert recognise({"d": {"results": []}}) == ()


def test_transaction_lines_from_a_file_are_one_booking_per_entry() -> None:
    answers = read_answers(
        SYNC, role="bookings", source="lines.json", integration=Integration("70", "71")
    )
    assert answers.seen == (AnswerKind.TRANSACTION_LINES,)
    assert answers.documents is None
    assert answers.journals is None
    assert answers.bookings == (
        # FinancialYear is kept: the numbering period (API-FACTS, issue 19).
        Booking("70", 1001, dt.date(2026, 1, 5), reference="2026 / 1", financial_year=2026),
        Booking("70", 1002, dt.date(2026, 1, 10), reference="2026 / 3", financial_year=2026),
        Booking("71", 1, dt.date(2026, 1, 12), reference="2026 / 1", financial_year=2026),
    )
    assert answers.division == 123456


def test_sales_entries_from_a_file_carry_the_numbering_year_warning() -> None:
    answers = read_answers(SALES_ENTRIES, role="bookings", source="entries.json")
    assert [b.booking_number for b in answers.bookings or ()] == [1001, 1002]
    (warning,) = answers.warnings
    assert warning.rule == "numbering-year-differs"
    assert (
        "booking #1002 in journal 70 (entries.json: SalesEntries[1], EntryID 5b1c0000-"
        in warning.message
    )


def test_journals_with_their_statuses_and_periods_from_one_file() -> None:
    answers = read_answers(JOURNALS, role="journals", numbering=Numbering.PER_FINANCIAL_YEAR)
    assert answers.journals == (
        Journal("70", Numbering.PER_FINANCIAL_YEAR, None, dt.date(2025, 12, 31)),
        Journal("71", Numbering.PER_FINANCIAL_YEAR, None, dt.date(2025, 11, 30)),
    )
    assert answers.financial_year_start_month == 1
    periods_only = read_answers(JOURNALS[2:], role="journals")
    assert (periods_only.journals, periods_only.financial_year_start_month) == (None, 1)


def test_documents_from_list_pages_and_an_info_answer() -> None:
    invoices = read_answers(INVOICES, role="invoices", booking_numbers=NUMBERS)
    assert invoices.documents == (
        Invoice("2026 / 1", dt.date(2026, 1, 5), 1001),
        Invoice("2026 / 2", dt.date(2025, 12, 31)),
    )
    credit_notes = read_answers(CREDIT_NOTE, role="credit_notes", booking_numbers=NUMBERS)
    assert credit_notes.documents == (CreditNote("2026 / 1", dt.date(2026, 1, 12), 1),)
    both = read_answers([*INVOICES, CREDIT_NOTE], booking_numbers=NUMBERS)
    assert both.documents == (*invoices.documents, *credit_notes.documents)


def test_whatever_is_recognised_is_read_without_a_role() -> None:
    answers = read_answers([*INVOICES, *SYNC, *JOURNALS], booking_numbers=NUMBERS)
    assert answers.seen == (
        AnswerKind.INVOICES,
        AnswerKind.TRANSACTION_LINES,
        AnswerKind.JOURNALS,
        AnswerKind.JOURNAL_STATUSES,
        AnswerKind.FINANCIAL_PERIODS,
    )
    assert answers.documents
    assert answers.bookings
    assert answers.journals


@pytest.mark.parametrize(
    ("data", "role", "said"),
    [
        pytest.param(
            CREDIT_NOTE,
            "invoices",
            "holds Teamleader Focus creditNotes.list/info answers (credit notes), not invoices: give the file as the credit notes",
            id="credit-notes-as-invoices",
        ),
        pytest.param(
            SYNC,
            "journals",
            "holds Exact Online TransactionLines answers (bookings), not journals: give the file as the bookings",
            id="lines-as-journals",
        ),
        pytest.param(
            JOURNALS,
            "bookings",
            "holds Exact Online financial/Journals answers (journals), not bookings",
            id="journals-as-bookings",
        ),
        pytest.param(
            INVOICES,
            "bookings",
            "(invoices), not bookings: give the file as the invoices",
            id="invoices-as-bookings",
        ),
    ],
)
def test_an_answer_given_in_the_wrong_role_is_refused_naming_what_it_holds(
    data: Any, role: str, said: str
) -> None:
    with pytest.raises(InputFormatError) as caught:
        read_answers(data, role=role, source="file.json", booking_numbers=NUMBERS)
    assert caught.value.source == "file.json"
    assert said in str(caught.value)


@pytest.mark.parametrize(
    ("data", "source", "said"),
    [
        pytest.param(
            {"value": []},
            "x.json",
            "is an object with the keys 'value': not an Exact Online answer",
            id="odata-v4",
        ),
        pytest.param(
            {"format": "booking_reconcile.snapshot", "version": 1},
            "x.json",
            "the keys 'format', 'version'",
            id="snapshot-json",
        ),
        pytest.param("text", "x.json", "holds a text, not API answers", id="text"),
        pytest.param(
            [1, 2], "x.json[0]", "is a number: a list of answers holds objects", id="numbers"
        ),
        pytest.param(
            [SALES_ENTRIES, {"EntryNumber": 1}],
            "x.json[0]",
            "an answer in a list that also holds rows",
            id="pages-and-rows",
        ),
        pytest.param(
            {"d": {"results": [{"Foo": 1, "Bar": 2}]}},
            "x.json[0]",
            "is a row with the keys 'Foo', 'Bar': not a row of the answers this library reads",
            id="unknown-row",
        ),
        pytest.param(
            {"d": {"results": [{"Code": "70"}, {"FinYear": 2026, "FinPeriod": 1}]}},
            "x.json[1]",
            "one answer holds the rows of one resource",
            id="mixed-rows",
        ),
        pytest.param(
            {"d": {"results": [{"invoice_number": "2026 / 1"}]}},
            "x.json[0]",
            "is a row of Teamleader Focus invoices.list/info in an answer of Exact Online",
            id="envelope-and-rows-disagree",
        ),
        pytest.param(
            {"d": {"results": "x"}},
            "x.json",
            "holds a text where the rows were expected",
            id="results-text",
        ),
    ],
)
def test_what_is_not_recognised_is_refused_naming_what_was_seen(
    data: Any, source: str, said: str
) -> None:
    with pytest.raises(InputFormatError) as caught:
        read_answers(data, source="x.json")
    assert caught.value.source == source
    assert said in str(caught.value)


def test_an_answer_without_rows_is_the_roles_empty_answer_or_refused() -> None:
    assert read_answers({"d": {"results": []}}, role="bookings").bookings == ()
    assert read_answers({"data": []}, role="invoices").documents == ()
    assert read_answers([], role="journals").journals == ()
    assert read_answers({"data": []}, role="documents").documents == ()
    with pytest.raises(InputFormatError, match="holds no rows, so nothing tells which API answer"):
        read_answers({"d": {"results": []}}, source="x.json")


def test_statuses_without_journals_and_entries_with_lines_are_refused() -> None:
    with pytest.raises(InputFormatError, match="holds a JournalStatusList answer but no Journals"):
        read_answers(JOURNALS[1:], role="journals")
    with pytest.raises(InputFormatError, match="the same entries would be read twice"):
        read_answers([SALES_ENTRIES, *SYNC], role="bookings")


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        pytest.param(load("exact-online-rate-limited.json"), "60 calls a minute", id="exact"),
        pytest.param(load("teamleader-rate-limited.json"), "X-RateLimit-Reset", id="teamleader"),
    ],
)
def test_a_rate_limit_answer_in_a_file_says_to_wait(answer: Any, said: str) -> None:
    with pytest.raises(InputFormatError, match="rate limit was reached") as caught:
        read_answers([answer], source="saved.json")
    assert said in str(caught.value)
    assert str(caught.value).startswith("saved.json")


def test_the_answers_of_one_file_are_of_one_division() -> None:
    other = json.loads(json.dumps(JOURNALS))
    other[1]["d"]["results"][0]["Division"] = 654321  # journal 70's closed 2025/12
    with pytest.raises(InputFormatError, match="123456 is another division than 654321") as caught:
        read_answers(other, role="journals")
    assert (caught.value.source, caught.value.field) == (
        "answers: JournalStatusList[1]",
        "Division",
    )
    chosen = read_answers(other, role="journals", division=123456)
    assert chosen.division == 123456
    assert [j.locked_until for j in chosen.journals or ()] == [None, dt.date(2025, 11, 30)]


def test_an_unknown_role_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="role 'entries' is not one of"):
        read_answers(SALES_ENTRIES, role="entries")


def test_the_period_table_and_a_given_start_month_must_agree() -> None:
    assert read_answers(JOURNALS, role="journals", financial_year_start_month=1).journals
    with pytest.raises(
        InputFormatError, match="starts the financial year in month 1, but"
    ) as caught:
        read_answers(JOURNALS, role="journals", financial_year_start_month=4)
    assert caught.value.source == "answers: FinancialPeriods"

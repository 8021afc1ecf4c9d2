"""API answers saved as JSON, given for --invoices, --credit-notes, --bookings and --journals.

Recognised by their content (``adapters.answers.read_answers``), from Python
(``exports.snapshot_from_exports``) and from the command line
(``booking_reconcile.cli.main``). The answers are the shapes in tests/data/api
(its README says where each comes from); DOCUMENTS given as ``.json`` stays a
snapshot JSON.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booking_reconcile import Integration, plan_repair
from booking_reconcile.cli import main
from booking_reconcile.errors import InputFormatError
from booking_reconcile.exports import (
    ExportFile,
    ExportOptions,
    Exports,
    is_answers,
    snapshot_from_exports,
)
from booking_reconcile.readers import DateStyle
from messages import notes, one_error
from test_fuzz import returns_or_refuses

API = Path(__file__).resolve().parent / "data" / "api"


def load(name: str) -> Any:
    return json.loads((API / name).read_text(encoding="utf-8"))


#: sync/Financial/TransactionLines: the two pages as a connector saves them, in one list.
LINES = [
    load("exact-online-transaction-lines-sync-page-1.json"),
    load("exact-online-transaction-lines-sync-page-2.json"),
]
SALES_ENTRIES = load("exact-online-sales-entries.json")
JOURNALS = load("exact-online-journals-with-statuses-and-periods.json")
INVOICES = load("teamleader-invoices-list-pages.json")
CREDIT_NOTE = load("teamleader-credit-note-info.json")

#: The invoice overview (with booking numbers, which the API lacks): 2026 / 2 and
#: 2026 / 3 share #1002, whose entry names 2026 / 3 (TransactionLines' entry 2).
OVERVIEW = (
    "Invoice number;Invoice date;Booking number\n"
    "2026 / 1;05-01-2026;1001\n2026 / 2;06-01-2026;1002\n2026 / 3;10-01-2026;1002\n"
)
CREDIT_NOTES = "Credit note number;Credit note date;Booking number\n2026 / 1;12-01-2026;1\n"
OPTIONS = ExportOptions(integration=Integration("70", "71"), date_style=DateStyle.DAY_FIRST)


def as_file(name: str, data: Any) -> ExportFile:
    return ExportFile(name, json.dumps(data, indent=1).encode())


def with_booking_numbers(answer: Any, numbers: dict[str, int | None]) -> Any:
    """``answer`` with the key a connector adds to each row (the API has no booking number)."""
    answer = copy.deepcopy(answer)
    rows = answer["data"] if isinstance(answer["data"], list) else [answer["data"]]
    for row in rows:
        number = row.get("invoice_number") or row.get("credit_note_number")
        row["booking_number"] = numbers.get(number)
    return answer


def test_transaction_lines_and_journals_answers_reach_the_collision() -> None:
    reading = snapshot_from_exports(
        Exports(
            invoices=ExportFile("invoices.csv", OVERVIEW.encode()),
            credit_notes=ExportFile("credit-notes.csv", CREDIT_NOTES.encode()),
            bookings=as_file("lines.json", LINES),
            journals=as_file("journals.json", JOURNALS),
        ),
        OPTIONS,
    )
    snapshot = reading.snapshot
    assert [(b.journal, b.booking_number, b.reference) for b in snapshot.bookings or ()] == [
        ("70", 1001, "2026 / 1"),
        ("70", 1002, "2026 / 3"),
        ("71", 1, "2026 / 1"),
    ]
    assert [journal.code for journal in snapshot.journals] == ["70", "71"]
    assert snapshot.links is not None
    assert snapshot.links.unlinked == 0
    assert dict(snapshot.labels) == {"division": "123456"}
    assert reading.notes == (
        "journals.json: read as Exact Online financial/Journals, Exact Online "
        "read/financial/JournalStatusList, Exact Online financial/FinancialPeriods answers",
        "lines.json: read as Exact Online TransactionLines answers",
    )


def test_answers_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "invoices.csv").write_text(OVERVIEW)
    (tmp_path / "credit-notes.csv").write_text(CREDIT_NOTES)
    (tmp_path / "lines.json").write_text(json.dumps(LINES))
    (tmp_path / "journals.json").write_text(json.dumps(JOURNALS))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    status = main(
        [
            "check",
            "--invoices",
            "invoices.csv",
            "--credit-notes",
            "credit-notes.csv",
            "--bookings",
            "lines.json",
            "--journals",
            "journals.json",
            "--day-first",
            "--format",
            "markdown",  # the text report wraps the collision's message in its table
        ]
    )
    out, err = capsys.readouterr()
    assert status == 1, err
    assert "The invoices 2026 / 2 and 2026 / 3 have the same booking number" in out
    assert "3 bookings in journals 70 (2), 71 (1)" in out
    assert "Labels: division '123456'." in out
    assert "booking-reconcile: note: lines.json: read as Exact Online TransactionLines answers" in (
        notes(err)
    )


def test_answers_are_recognised_by_content_whatever_the_name_and_on_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert is_answers(ExportFile("entries.txt", b'\xef\xbb\xbf\r\n {"d": {"results": []}}'))
    assert is_answers(ExportFile("entries.json", b""))
    assert not is_answers(ExportFile("entries.csv", b"journal;booking_number;date\n"))
    (tmp_path / "invoices.csv").write_text(OVERVIEW)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(SALES_ENTRIES)))
    status = main(["check", "--invoices", "invoices.csv", "--bookings", "-", "--day-first"])
    out, err = capsys.readouterr()
    out = " ".join(out.split())  # check's report is wrapped to the terminal's width
    assert status == 1, err
    assert "2 bookings in journal 70" in out
    said = notes(err)
    assert (
        "booking-reconcile: note: <stdin>: read as Exact Online salesentry/SalesEntries answers"
        in said
    )
    # The adapter's warnings are notes too.
    assert any("ReportingYear 2026" in note for note in said)


def test_teamleader_answers_without_booking_numbers_are_refused() -> None:
    # Read as they come, every document would be unbooked: a collision would read as none.
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(Exports(invoices=as_file("invoices.json", INVOICES)), OPTIONS)
    assert caught.value.source == "invoices.json"
    assert "have no booking numbers" in caught.value.reason
    assert "--column booking_number=KEY" in caught.value.reason


def test_teamleader_answers_with_a_connectors_key_named_by_column() -> None:
    invoices = [
        with_booking_numbers(page, {"2026 / 1": 1001, "2026 / 2": 1001}) for page in INVOICES
    ]
    credit_note = with_booking_numbers(CREDIT_NOTE, {"2026 / 1": 1})
    reading = snapshot_from_exports(
        Exports(
            invoices=as_file("invoices.json", invoices),
            credit_notes=as_file("credit-notes.json", credit_note),
        ),
        ExportOptions(
            integration=Integration("70", "71"), column_map={"booking_number": "booking_number"}
        ),
    )
    assert [(d.number, d.booking_number) for d in reading.snapshot.documents] == [
        ("2026 / 1", 1001),
        ("2026 / 2", 1001),
        ("2026 / 1", 1),
    ]
    assert "invoices.json: read as Teamleader Focus invoices.list/info answers" in reading.notes


@pytest.mark.parametrize(
    ("exports", "said"),
    [
        pytest.param(
            {"journals": ("lines.json", LINES)},
            "lines.json: holds Exact Online TransactionLines answers (bookings), not journals: "
            "give the file as the bookings",
            id="lines-as-journals",
        ),
        pytest.param(
            {"invoices": ("credit-notes.json", CREDIT_NOTE)},
            "credit-notes.json: holds Teamleader Focus creditNotes.list/info answers (credit "
            "notes), not invoices",
            id="credit-notes-as-invoices",
        ),
        pytest.param(
            {"bookings": ("lines.json", {"d": {"results": [{"Amount": 1}]}})},
            "lines.json[0]: is a row with the keys 'Amount'",
            id="not-recognised",
        ),
    ],
)
def test_an_answer_in_the_wrong_option_is_refused_naming_what_it_holds(
    exports: dict[str, tuple[str, Any]], said: str
) -> None:
    files = {"invoices": ExportFile("i.csv", OVERVIEW.encode())}
    files.update({role: as_file(name, data) for role, (name, data) in exports.items()})
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(Exports(**files), OPTIONS)
    assert str(caught.value).startswith(said)


def test_the_divisions_of_answers_and_division() -> None:
    def read(division: str | None, journals: Any = JOURNALS) -> Any:
        return snapshot_from_exports(
            Exports(
                invoices=ExportFile("i.csv", OVERVIEW.encode()),
                bookings=as_file("lines.json", LINES),
                journals=as_file("journals.json", journals),
            ),
            ExportOptions(
                integration=Integration("70", "71"),
                date_style=DateStyle.DAY_FIRST,
                bookings_complete=True,
                division=division,
            ),
        )

    assert dict(read("123456").snapshot.labels) == {"division": "123456"}
    with pytest.raises(InputFormatError) as caught:
        read("Bakkerij")
    assert caught.value.source == "--division"
    other = json.loads(json.dumps(JOURNALS).replace("123456", "654321"))
    with pytest.raises(InputFormatError) as caught:
        read(None, other)
    assert caught.value.source == "lines.json"
    assert "journals.json those of 654321" in caught.value.reason


def test_financial_periods_must_fit_the_start_month() -> None:
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_exports(
            Exports(
                invoices=ExportFile("i.csv", OVERVIEW.encode()),
                journals=as_file("journals.json", JOURNALS),
            ),
            ExportOptions(
                integration=Integration("70", "71", financial_year_start_month=4),
                date_style=DateStyle.DAY_FIRST,
            ),
        )
    assert caught.value.source == "journals.json"
    assert caught.value.reason.endswith("pass --fy-start-month 1")


def test_a_json_file_that_is_not_utf8_is_refused() -> None:
    data = json.dumps(SALES_ENTRIES).replace("2026 / 1", "caf\u00e9").encode("cp1252")
    with pytest.raises(InputFormatError, match="JSON files are UTF-8"):
        snapshot_from_exports(
            Exports(
                invoices=ExportFile("i.csv", OVERVIEW.encode()),
                bookings=ExportFile("entries.json", data),
            ),
            OPTIONS,
        )


def test_documents_given_as_json_is_still_a_snapshot_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "invoices.json").write_text(json.dumps(INVOICES))
    monkeypatch.chdir(tmp_path)
    assert main(["check", "invoices.json"]) == 2
    assert "snapshot" in one_error(capsys.readouterr().err)


def test_entries_of_answers_are_linked_by_the_one_rule_of_the_snapshot() -> None:
    # DOMAIN §3.8: the reference compared without white space and case; the kind of
    # document left out is the documents side's blocker, not a refusal of the file.
    lines = json.loads(json.dumps(LINES).replace('"2026 / 3"', '"2026/3"'))
    reading = snapshot_from_exports(
        Exports(
            invoices=ExportFile("invoices.csv", OVERVIEW.encode()),
            bookings=as_file("lines.json", lines),
        ),
        OPTIONS,
    )
    snapshot = reading.snapshot
    assert snapshot.links is not None
    assert (snapshot.links.by_reference, snapshot.links.unlinked) == (2, 1)
    plan = plan_repair(snapshot)
    assert not plan.feasible
    assert any("credit notes look missing" in blocker.message for blocker in plan.blockers)


def test_financial_periods_alone_give_no_journals() -> None:
    reading = snapshot_from_exports(
        Exports(
            invoices=ExportFile("i.csv", OVERVIEW.encode()),
            journals=as_file("periods.json", JOURNALS[2]),
        ),
        OPTIONS,
    )
    assert reading.snapshot.journals == ()
    assert reading.notes == (
        "periods.json: read as Exact Online financial/FinancialPeriods answers",
    )


def test_a_department_that_leaves_out_every_document_of_answers_is_refused() -> None:
    credit_note = with_booking_numbers(CREDIT_NOTE, {"2026 / 1": 1})
    department = CREDIT_NOTE["data"]["department"]["id"]

    def read(chosen: str) -> Any:
        return snapshot_from_exports(
            Exports(credit_notes=as_file("credit-notes.json", credit_note)),
            ExportOptions(
                integration=Integration("70", "71"),
                column_map={"booking_number": "booking_number"},
                department=chosen,
            ),
        )

    assert len(read(department).snapshot.documents) == 1
    with pytest.raises(InputFormatError) as caught:
        read("Bakkerij Gent")
    assert caught.value.field == "department.id"
    assert "by its id" in caught.value.reason


# -- whatever the file holds: the library's error, never a foreign exception -----------

_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["70", "71", "/Date(1767571200000)/", "2026-01-05", "2026 / 1", "draft"])
)
_JSON = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_KEYS = st.sampled_from(
    sorted(
        {
            key
            for answer in (LINES, SALES_ENTRIES, JOURNALS, INVOICES, CREDIT_NOTE)
            for key in json.dumps(answer).split('"')[1::2]
            if key[:1].isalpha() and " " not in key and "/" not in key
        }
    )
)
_ROWS = st.lists(st.dictionaries(_KEYS, _JSON, max_size=8), max_size=3)
_ANSWERS = st.one_of(
    _ROWS.map(lambda rows: {"d": {"results": rows}}),
    _ROWS.map(lambda rows: {"data": rows}),
    st.lists(_ROWS.map(lambda rows: {"d": {"results": rows}}), max_size=2),
    _JSON,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ANSWERS, st.sampled_from(["invoices", "credit_notes", "bookings", "journals"]))
def test_any_answers_file_is_read_or_refused_by_the_library(answer: Any, role: str) -> None:
    files = {"invoices": ExportFile("i.csv", OVERVIEW.encode())}
    files[role] = as_file(f"{role}.json", answer)
    options = ExportOptions(
        integration=Integration("70", "71"),
        date_style=DateStyle.DAY_FIRST,
        column_map={"booking_number": "booking_number"} if role != "bookings" else {},
    )
    returns_or_refuses(lambda: snapshot_from_exports(Exports(**files), options))

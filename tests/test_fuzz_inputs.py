"""Fuzzing the new reader paths: only the library's errors come out.

The same law as tests/test_fuzz.py (whose strategies this module reuses):
every call returns, or raises a :class:`BookingReconcileError` with a
one-line message. Covered here: the real-shape answers (Exact pages, closed
periods, the period table, divisions; Teamleader departments and the export
join), the snapshot JSON text, the exports with the tools' column names,
one kind per file, named columns, date styles, references, spreadsheets, and
the command with the new input options.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from booking_reconcile import DocumentKind, DocumentRef, Integration, Snapshot
from booking_reconcile.adapters import exact_online, snapshot_from_payloads, teamleader
from booking_reconcile.cli import main
from booking_reconcile.readers import (
    DateStyle,
    Sheet,
    read_bookings,
    read_documents,
    read_journals,
    read_sheet,
)
from booking_reconcile.serialize import snapshot_from_json
from messages import one_error
from test_fuzz import (
    CSV_TEXT,
    EXAMPLES_PER_TEST,
    FIELD_TEXT,
    FUZZ,
    JSON_LIKE,
    SNAPSHOTS,
    almost_right_csv,
    mutated,
    payloads,
    returns_or_refuses,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
#: A third of tests/test_fuzz.py's examples each (FUZZ_EXAMPLES scales both), so that
#: the suite stays about a minute.
INPUTS = settings(FUZZ, max_examples=max(1, EXAMPLES_PER_TEST // 3))
INPUTS_SLOW = settings(FUZZ, max_examples=max(1, EXAMPLES_PER_TEST // 6))


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


PAGES = [
    example("exact-online/sales-entries-page-1.json"),
    example("exact-online/sales-entries-page-2.json"),
]
JOURNALS = example("exact-online/journals.json")
STATUSES = example("exact-online/journal-status-list.json")
PERIODS = example("exact-online/financial-periods.json")
INVOICES = example("teamleader/invoices.json")
CREDIT_NOTES = example("teamleader/credit-notes.json")
GENT = "080aac72-ff1a-4627-bfe3-146b6eee979c"
EXPORT_CSV = (EXAMPLES / "teamleader" / "invoices-export.csv").read_text(encoding="utf-8")
FACTUREN = (EXAMPLES / "exports" / "facturen.csv").read_bytes().decode("cp1252")
VERKOOPBOEK = (EXAMPLES / "exports" / "verkoopboek.csv").read_bytes().decode("cp1252")


def comma_separated(text: str, amount: int) -> str:
    """``text`` (``;``-separated) without its amount column (which holds commas), with ``,``."""
    return "\n".join(
        ",".join(field for index, field in enumerate(line.split(";")) if index != amount)
        for line in text.splitlines()
    )


FACTUREN_CSV = comma_separated(FACTUREN, 3)
VERKOOPBOEK_CSV = comma_separated(VERKOOPBOEK, 5)
INTEGRATIONS = st.sampled_from(
    [Integration("70", "71"), Integration("70", "70"), Integration("80", "81", None, 4)]
)
STYLES = st.sampled_from([None, *DateStyle])
KINDS = st.sampled_from([None, *DocumentKind])
COLUMN_MAPS = st.one_of(
    st.none(),
    st.dictionaries(
        st.sampled_from(["number", "date", "booking_number", "reference", "kind", "amount"]),
        st.sampled_from(["Nr", "Datum", "Boekingsnummer", "Uw ref.", "Klant", ""]),
        max_size=2,
    ),
)


def export() -> tuple[Any, ...]:
    return read_documents(EXPORT_CSV, kind=DocumentKind.INVOICE, date_style=DateStyle.DAY_FIRST)


def test_the_real_shapes_are_read() -> None:
    """The almost-right inputs start from inputs that are right."""
    assert exact_online.read_bookings(PAGES)
    assert exact_online.read_journals(JOURNALS, statuses=STATUSES, financial_periods=PERIODS)
    assert exact_online.read_financial_year_start_month(PERIODS) == 1
    assert teamleader.read_documents(
        INVOICES,
        CREDIT_NOTES,
        department=GENT,
        booking_numbers={
            **{d.ref: d.booking_number for d in export()},
            DocumentRef(DocumentKind.CREDIT_NOTE, "2026 / 1"): 1,
        },
    )
    assert read_documents(FACTUREN, kind=DocumentKind.INVOICE, date_style=DateStyle.DAY_FIRST)
    assert read_bookings(VERKOOPBOEK, date_style=DateStyle.DAY_FIRST)


# -- Exact Online ----------------------------------------------------------------------


@INPUTS
@given(
    st.one_of(payloads(PAGES), st.lists(payloads(PAGES[0]), max_size=3)),
    INTEGRATIONS,
    st.one_of(st.none(), st.integers(1, 13)),
    st.one_of(st.none(), st.sampled_from([1234567, 7])),
)
def test_fuzz_exact_pages(
    answers: Any, integration: Integration, month: int | None, division: int | None
) -> None:
    returns_or_refuses(
        lambda: exact_online.read_bookings(
            answers, integration=integration, financial_year_start_month=month, division=division
        )
    )


@INPUTS
@given(
    payloads(JOURNALS),
    st.one_of(st.none(), payloads(STATUSES)),
    st.one_of(st.none(), payloads(PERIODS)),
    st.integers(1, 12),
)
def test_fuzz_exact_journals_with_closed_periods(
    journals: Any, statuses: Any, periods: Any, month: int
) -> None:
    returns_or_refuses(
        lambda: exact_online.read_journals(
            journals, statuses=statuses, financial_periods=periods, financial_year_start_month=month
        )
    )


@INPUTS
@given(payloads(PERIODS))
def test_fuzz_financial_year_start_month(periods: Any) -> None:
    month = returns_or_refuses(lambda: exact_online.read_financial_year_start_month(periods))
    assert month is None or 1 <= month <= 12  # type: ignore[operator]


@INPUTS
@given(st.lists(st.one_of(st.none(), payloads(PAGES[0]), payloads(JOURNALS)), max_size=3))
def test_fuzz_read_division(answers: list[Any]) -> None:
    named = {f"answer {index}": answer for index, answer in enumerate(answers)}
    returns_or_refuses(lambda: exact_online.read_division(named))


# -- Teamleader -----------------------------------------------------------------------------


@INPUTS
@given(
    st.one_of(st.none(), payloads(INVOICES)),
    st.one_of(st.none(), payloads(CREDIT_NOTES)),
    st.sampled_from([None, GENT, "other"]),
    st.sampled_from(["export", "mapping", "none"]),
)
def test_fuzz_teamleader_departments_and_export(
    invoices: Any, credit_notes: Any, department: str | None, numbers: str
) -> None:
    booking_numbers: Any = None
    if numbers == "export":
        booking_numbers = export()
    elif numbers == "mapping":
        booking_numbers = {DocumentRef(DocumentKind.INVOICE, "2026 / 1"): 1001}
    returns_or_refuses(
        lambda: teamleader.read_documents(
            invoices, credit_notes, department=department, booking_numbers=booking_numbers
        )
    )


@INPUTS_SLOW
@given(
    st.one_of(st.none(), payloads(INVOICES)),
    st.one_of(st.none(), st.just(PAGES), st.lists(payloads(PAGES[1]), max_size=2)),
    st.one_of(st.none(), payloads(STATUSES)),
    st.one_of(st.none(), payloads(PERIODS)),
    INTEGRATIONS,
)
def test_fuzz_snapshot_from_real_payloads(
    invoices: Any, sales_entries: Any, statuses: Any, periods: Any, integration: Integration
) -> None:
    returns_or_refuses(
        lambda: snapshot_from_payloads(
            integration,
            invoices=invoices,
            sales_entries=sales_entries,
            journals=JOURNALS,
            journal_statuses=statuses,
            financial_periods=periods,
            booking_numbers=export(),
            department=GENT,
        )
    )


# -- snapshot JSON text ---------------------------------------------------------------------

JSON_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet='{}[]":,0123456789-.\\ud\ntrufalsn ', max_size=60),
    st.one_of(*(mutated(data) for data in SNAPSHOTS)).map(json.dumps),
    st.one_of(*(mutated(data) for data in SNAPSHOTS)).map(
        lambda data: json.dumps(data).replace("1002", "9" * 4400, 1)
    ),
    st.one_of(*(mutated(data) for data in SNAPSHOTS)).map(
        lambda data: json.dumps(data).replace("2026/", "\\ud800/", 1)
    ),
)


@INPUTS
@given(JSON_TEXT)
def test_fuzz_snapshot_from_json(text: str) -> None:
    returns_or_refuses(lambda: snapshot_from_json(text, source="s.json"))


# -- exports ----------------------------------------------------------------------------------


@INPUTS
@given(
    st.one_of(almost_right_csv(FACTUREN_CSV), CSV_TEXT),
    KINDS,
    COLUMN_MAPS,
    STYLES,
    st.booleans(),
)
def test_fuzz_documents_export(
    text: str,
    kind: DocumentKind | None,
    column_map: dict[str, str] | None,
    style: DateStyle | None,
    two_digit_years: bool,
) -> None:
    returns_or_refuses(
        lambda: read_documents(
            text,
            source="f.csv",
            kind=kind,
            column_map=column_map,
            date_style=style,
            two_digit_years=two_digit_years,
        )
    )


@INPUTS
@given(
    st.one_of(almost_right_csv(VERKOOPBOEK_CSV), CSV_TEXT),
    COLUMN_MAPS,
    STYLES,
    INTEGRATIONS,
    st.booleans(),
)
def test_fuzz_bookings_export_with_references(
    text: str,
    column_map: dict[str, str] | None,
    style: DateStyle | None,
    integration: Integration,
    with_documents: bool,
) -> None:
    documents = read_documents(FACTUREN, kind=DocumentKind.INVOICE, date_style=DateStyle.DAY_FIRST)
    side = Snapshot(integration, documents) if with_documents else None
    returns_or_refuses(
        lambda: read_bookings(
            text, source="f.csv", column_map=column_map, date_style=style, documents=side
        )
    )


@INPUTS
@given(
    st.lists(st.lists(st.one_of(FIELD_TEXT, st.just("")), max_size=6), max_size=6),
    st.sampled_from([read_documents, read_bookings, read_journals]),
)
def test_fuzz_sheets(rows: list[list[str]], reader: Any) -> None:
    sheet = Sheet(tuple(tuple(row) for row in rows))
    returns_or_refuses(lambda: reader(sheet, source="f.xlsx"))


@INPUTS
@given(st.binary(max_size=200))
def test_fuzz_read_sheet(data: bytes) -> None:
    returns_or_refuses(lambda: read_sheet(b"PK\x03\x04" + data, source="f.xlsx"))


# -- the command ---------------------------------------------------------------------------------


@INPUTS_SLOW
@given(
    st.one_of(almost_right_csv(FACTUREN_CSV), st.just(FACTUREN)),
    st.one_of(almost_right_csv(VERKOOPBOEK_CSV), st.just(VERKOOPBOEK)),
    st.sampled_from([["--day-first"], ["--month-first"], []]),
    st.sampled_from([["--encoding", "cp1252"], ["--encoding", "utf-8"], []]),
    st.sampled_from([[], ["--column", "booking_number=Boekingsnummer"], ["--column", "x"]]),
)
def test_fuzz_command_with_real_exports(
    invoices: str,
    entries: str,
    style: list[str],
    encoding: list[str],
    column: list[str],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        invoices_path, entries_path = Path(folder) / "facturen.csv", Path(folder) / "boek.csv"
        invoices_path.write_bytes(invoices.encode("cp1252", errors="replace"))
        entries_path.write_bytes(entries.encode("cp1252", errors="replace"))
        arguments = [
            "plan",
            "--invoices",
            str(invoices_path),
            "--bookings",
            str(entries_path),
            *style,
            *encoding,
            *column,
            "--verify",
            "--format",
            "json",
        ]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(arguments)
        assert status in (0, 1, 2), err.getvalue()
        errors = [line for line in err.getvalue().splitlines() if ": error: " in line]
        if status == 2:
            assert out.getvalue() == ""
            one_error(err.getvalue())
        else:
            assert not errors
            assert json.loads(out.getvalue())["simulation"]["sound"], out.getvalue()


@INPUTS
@given(JSON_LIKE)
def test_fuzz_json_like_anywhere_a_payload_goes(value: Any) -> None:
    returns_or_refuses(lambda: exact_online.read_journals([{"Code": "70"}], statuses=value))
    returns_or_refuses(lambda: teamleader.read_documents(value, department=GENT))

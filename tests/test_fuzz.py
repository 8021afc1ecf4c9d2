"""Fuzzing every adapter and reader: whatever comes in, only the library's errors come out.

Each entry point that takes data from outside (an API payload, a CSV export,
a snapshot JSON file, one field of them) is called with arbitrary JSON-like
values or text, and with "almost right" input: a real payload or file with
one field, cell or line changed. The law is the same everywhere: the call
returns, or raises a :class:`BookingReconcileError` (which is also a
``ValueError`` or ``TypeError``) with a message. A ``KeyError``, an
``AttributeError``, an ``OverflowError`` or a ``RecursionError`` escaping is
a defect: the caller could not tell it from a bug, and the CLI would print a
traceback. Example counts are bounded so the file runs in seconds.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from booking_reconcile import BookingReconcileError, Integration, Numbering, Snapshot
from booking_reconcile.adapters import (
    ReadingWarning,
    exact_online,
    snapshot_from_payloads,
    teamleader,
)
from booking_reconcile.cli import main
from booking_reconcile.readers import (
    DateStyle,
    parse_booking_number,
    parse_date,
    parse_timestamp,
    read_bookings,
    read_documents,
    read_journals,
)
from booking_reconcile.serialize import snapshot_from_dict, snapshot_to_dict
from messages import one_error

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: Bounded for CI; ``FUZZ_EXAMPLES=5000`` searches harder (a nightly run, say).
EXAMPLES_PER_TEST = int(os.environ.get("FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES_PER_TEST,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
FUZZ_SLOW = settings(FUZZ, max_examples=max(1, EXAMPLES_PER_TEST // 2))


def returns_or_refuses(call: Callable[[], object]) -> object | None:
    """Call; let only the library's errors through, and check they teach.

    A reading warning (an Exact entry numbered in another year than its
    date's) is an answer, not a failure: it must teach like an error.
    """
    with warnings.catch_warnings(record=True) as issued:
        warnings.simplefilter("always", ReadingWarning)
        try:
            return call()
        except BookingReconcileError as error:
            refusal = error
        finally:
            for warning in issued:
                assert warning.category is ReadingWarning, warning
                assert str(warning.message).strip(), "a warning without a message"
                assert "\n" not in str(warning.message), str(warning.message)
    event(type(refusal).__name__)
    assert isinstance(refusal, (ValueError, TypeError)), type(refusal).__mro__
    assert str(refusal).strip(), "an error without a message"
    first, *rest = str(refusal).split("\n")
    # One line, but for the error of many bad lines: one problem a line.
    assert not rest or " lines cannot be read; " in first, (
        f"a message of several lines: {refusal!s}"
    )
    assert all(line.startswith(("line ", "and ")) for line in rest), str(refusal)
    return None


# -- values -------------------------------------------------------------------------

#: Keys the adapters and the snapshot reader look for, so that arbitrary objects
#: reach past the first check now and then.
KNOWN_KEYS = [
    # envelopes
    "d",
    "results",
    "data",
    "__next",
    # Exact Online
    "EntryNumber",
    "Journal",
    "EntryDate",
    "Type",
    "Status",
    "Reversal",
    "YourRef",
    "Description",
    "Code",
    # Teamleader
    "invoice_number",
    "invoice_date",
    "credit_note_number",
    "credit_note_date",
    "status",
    "booking_number",
    # snapshot JSON
    "format",
    "version",
    "integration",
    "documents",
    "journals",
    "bookings",
    "invoice_journal",
    "credit_note_journal",
    "start_date",
    "financial_year_start_month",
    "kind",
    "number",
    "date",
    "journal",
    "synced_at",
    "document",
    "code",
    "numbering",
    "next_booking_number",
    "locked_until",
]

#: Values that are almost what a field wants: the catalogue of DOMAIN.md §6 and
#: the forms the readers and adapters accept, bent a little.
NASTY = [
    None,
    True,
    False,
    0,
    -1,
    1,
    1.5,
    1002.0,
    2**63 - 1,
    2**63,
    10**40,
    float("nan"),
    float("inf"),
    "",
    " ",
    "\u00a0",
    "\t1002 ",
    "0",
    "-1",
    "1002",
    "12a",
    "1.002",
    "1,002",
    "1 002",
    "\u0661\u0662",
    "9" * 31,
    "70",
    " 70 ",
    "2026/5",
    "2026/5\nC1",
    "70\r71",
    "invoice",
    "credit_note",
    "Invoice",
    "order",
    "draft",
    "continuous",
    "per_financial_year",
    "booking_reconcile.snapshot",
    "2026-01-10",
    "2026-02-30",
    "10-01-2026",
    "30-02-2026",
    "01/02/2026",
    "0000-01-01",
    "9999-12-31",
    "\u0661\u0660-\u0660\u0661-\u0662\u0660\u0662\u0666",  # Arabic-Indic digits
    "2026-01-10T09:30:00",
    "2026-01-10T09:30:00+01:00",
    "2026-01-10T09:30+23:59",
    "2026-01-10T09:30+99:00",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "2026-01-10T24:00",
    "/Date(1768003200000)/",
    "/Date(-62135596800001)/",
    "/Date(253402300800000)/",
    "/Date(999999999999999)/",
    "/Date(1768003200000+0100)/",
    5,
    20,
    21,
    50,
    [],
    {},
    [1002],
    {"kind": "invoice", "number": "2026/5"},
    {"kind": "invoice"},
]

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**62, max_value=2**70),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(NASTY),
)

JSON_LIKE = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8)), children, max_size=5
        ),
    ),
    max_leaves=20,
)


@st.composite
def mutated(draw: st.DrawFn, payload: Any) -> Any:
    """``payload`` with one value somewhere inside replaced, removed or added."""
    payload = copy.deepcopy(payload)
    containers: list[Any] = []

    def collect(value: Any) -> None:
        if isinstance(value, (dict, list)):
            containers.append(value)
            for child in value.values() if isinstance(value, dict) else value:
                collect(child)

    collect(payload)
    if not containers:
        return draw(JSON_LIKE)
    target = draw(st.sampled_from(containers))
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    new = draw(st.one_of(st.sampled_from(NASTY), JSON_LIKE))
    if isinstance(target, dict):
        if target and action != "add":
            key = draw(st.sampled_from(sorted(target)))
            if action == "remove":
                del target[key]
            else:
                target[key] = new
        else:
            target[draw(st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8)))] = new
    elif target and action != "add":
        index = draw(st.integers(0, len(target) - 1))
        if action == "remove":
            del target[index]
        else:
            target[index] = new
    else:
        target.insert(draw(st.integers(0, len(target))), new)
    return payload


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


# The payloads the fuzzer mutates: the OData and Teamleader envelopes, with a
# booking_number key in each Teamleader row (which the real API does not have:
# the key exercises booking_number_field; examples/ holds the real shapes).
SEEDS = Path(__file__).parent / "data" / "fuzz-seeds"
SALES_ENTRIES = json.loads((SEEDS / "exact-sales-entries.json").read_text(encoding="utf-8"))
EXACT_JOURNALS = json.loads((SEEDS / "exact-journals.json").read_text(encoding="utf-8"))
TL_INVOICES = json.loads((SEEDS / "teamleader-invoices.json").read_text(encoding="utf-8"))
TL_CREDIT_NOTES = json.loads((SEEDS / "teamleader-credit-notes.json").read_text(encoding="utf-8"))
SNAPSHOTS = [example("article/snapshot.json"), example("two-collisions/snapshot.json")]
TL_FIELD = "booking_number"  # the key the seeds carry, read with booking_number_field
INTEGRATION = Integration("70", "71")


def payloads(real: Any) -> st.SearchStrategy[Any]:
    """Arbitrary JSON-like values, and ``real`` with one change (or two)."""
    return st.one_of(JSON_LIKE, mutated(real), mutated(real).flatmap(mutated))


def test_real_payloads_are_read() -> None:
    """The almost-right payloads start from payloads that are right."""
    assert exact_online.read_bookings(SALES_ENTRIES)
    assert exact_online.read_journals(EXACT_JOURNALS)
    assert teamleader.read_documents(TL_INVOICES, TL_CREDIT_NOTES, booking_number_field=TL_FIELD)
    snapshot_from_payloads(
        INTEGRATION,
        invoices=TL_INVOICES,
        credit_notes=TL_CREDIT_NOTES,
        booking_number_field=TL_FIELD,
        sales_entries=SALES_ENTRIES,
        journals=EXACT_JOURNALS,
    )
    for data in SNAPSHOTS:
        assert snapshot_from_dict(data)


# -- Exact Online ---------------------------------------------------------------------


@FUZZ
@given(payloads(SALES_ENTRIES), st.sampled_from([dt.timezone.utc, dt.timezone.min]))
def test_fuzz_read_bookings(payload: Any, tz: dt.tzinfo) -> None:
    bookings = returns_or_refuses(lambda: exact_online.read_bookings(payload, tz=tz))
    if isinstance(bookings, tuple):
        # Nothing is dropped but the rows of a skipped status (5, rejected).
        kept = [row for row in rows_of(payload, ("d", "results")) if row.get("Status") != 5]
        assert len(bookings) == len(kept)


def rows_of(payload: Any, envelope: tuple[str, ...]) -> list[Any]:
    """The rows of a payload that was read: inside its envelope, bare, or over pages."""
    pages = [payload]
    if (
        isinstance(payload, list)
        and payload
        and all(isinstance(page, dict) and envelope[0] in page for page in payload)
    ):
        pages = payload
    found: list[Any] = []
    for page in pages:
        for key in envelope:
            if isinstance(page, dict) and key in page:
                page = page[key]
        found += page if isinstance(page, list) else [page]  # one object in "d"
    return found


@FUZZ
@given(
    payloads(SALES_ENTRIES["d"]["results"][0]),
    st.booleans(),
    st.sampled_from(["YourRef", "Description", "missing.key"]),
)
def test_fuzz_read_booking(row: Any, reversals_are_manual: bool, field: str) -> None:
    returns_or_refuses(
        lambda: exact_online.read_booking(
            row, reversals_are_manual=reversals_are_manual, reference_field=field
        )
    )


@FUZZ
@given(payloads(EXACT_JOURNALS), st.sampled_from(list(Numbering)))
def test_fuzz_read_journals(payload: Any, numbering: Numbering) -> None:
    returns_or_refuses(lambda: exact_online.read_journals(payload, numbering=numbering))


@FUZZ
@given(st.one_of(JSON_LIKE, st.from_regex(r"/Date\(-?[0-9]{1,16}([+-][0-9]{4})?\)/")))
def test_fuzz_parse_exact_date(value: Any) -> None:
    returns_or_refuses(lambda: exact_online.parse_exact_date(value, tz=dt.timezone.max))


# -- Teamleader -------------------------------------------------------------------------


@FUZZ
@given(payloads(TL_INVOICES), st.sampled_from(["booking_number", "a.b", None]))
def test_fuzz_read_invoices(payload: Any, field: str | None) -> None:
    invoices = returns_or_refuses(
        lambda: teamleader.read_invoices(payload, booking_number_field=field)
    )
    if isinstance(invoices, tuple):
        # Nothing is dropped but the drafts (not documents yet).
        kept = [row for row in rows_of(payload, ("data",)) if row.get("status") != "draft"]
        assert len(invoices) == len(kept)


@FUZZ
@given(payloads(TL_CREDIT_NOTES))
def test_fuzz_read_credit_notes(payload: Any) -> None:
    returns_or_refuses(lambda: teamleader.read_credit_notes(payload, booking_number_field=TL_FIELD))


@FUZZ
@given(st.one_of(st.none(), payloads(TL_INVOICES)), st.one_of(st.none(), payloads(TL_CREDIT_NOTES)))
def test_fuzz_read_documents(invoices: Any, credit_notes: Any) -> None:
    returns_or_refuses(
        lambda: teamleader.read_documents(invoices, credit_notes, booking_number_field=TL_FIELD)
    )


# -- both sides ---------------------------------------------------------------------------


@FUZZ_SLOW
@given(
    st.one_of(st.none(), payloads(TL_INVOICES)),
    st.one_of(st.none(), payloads(TL_CREDIT_NOTES)),
    st.one_of(st.none(), payloads(SALES_ENTRIES)),
    st.one_of(st.none(), payloads(EXACT_JOURNALS)),
    st.sampled_from(
        [INTEGRATION, Integration("70", "70", dt.date(2026, 1, 1), 7), Integration("80", "81")]
    ),
    st.sampled_from(list(Numbering)),
)
def test_fuzz_snapshot_from_payloads(
    invoices: Any,
    credit_notes: Any,
    sales_entries: Any,
    journals: Any,
    integration: Integration,
    numbering: Numbering,
) -> None:
    returns_or_refuses(
        lambda: snapshot_from_payloads(
            integration,
            invoices=invoices,
            credit_notes=credit_notes,
            booking_number_field=TL_FIELD,
            sales_entries=sales_entries,
            journals=journals,
            numbering=numbering,
        )
    )


# -- snapshot JSON --------------------------------------------------------------------------


@FUZZ
@given(st.one_of(JSON_LIKE, *(payloads(data) for data in SNAPSHOTS)))
def test_fuzz_snapshot_from_dict(data: Any) -> None:
    snapshot = returns_or_refuses(lambda: snapshot_from_dict(data, source="s.json"))
    if snapshot is not None:
        # What is read is what was given: written back, it reads the same.
        assert isinstance(snapshot, Snapshot)
        assert snapshot_from_dict(snapshot_to_dict(snapshot)) == snapshot


# -- CSV fields --------------------------------------------------------------------------------

FIELD_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789-T:+Z./ ", max_size=30),
    st.from_regex(r"[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.from_regex(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
        r"(Z|[+-][0-9]{2}:?[0-9]{2})?",
        fullmatch=True,
    ),
    st.from_regex(r"[0-9]{1,35}", fullmatch=True),
    st.sampled_from([value for value in NASTY if isinstance(value, str)]),
)


@FUZZ
@given(FIELD_TEXT, st.sampled_from(DateStyle), st.booleans(), st.booleans())
def test_fuzz_parse_date(
    text: str, style: DateStyle, two_digit_years: bool, midnight: bool
) -> None:
    day = returns_or_refuses(
        lambda: parse_date(
            text,
            source="f.csv",
            line=2,
            field="date",
            style=style,
            two_digit_years=two_digit_years,
            midnight=midnight,
        )
    )
    assert day is None or type(day) is dt.date


@FUZZ
@given(FIELD_TEXT)
def test_fuzz_parse_timestamp(text: str) -> None:
    moment = returns_or_refuses(lambda: parse_timestamp(text, source="f.csv"))
    if isinstance(moment, dt.datetime):
        moment.utcoffset()  # an offset that exists, not one that fails when used


@FUZZ
@given(FIELD_TEXT)
def test_fuzz_parse_booking_number(text: str) -> None:
    number = returns_or_refuses(lambda: parse_booking_number(text, source="f.csv"))
    assert number is None or (type(number) is int and number >= 0)


# -- CSV files ------------------------------------------------------------------------------------

# (One date day first, 16-01-2026: a file whose local dates all fit both styles is refused.)
DOCUMENTS_CSV = (
    "kind,number,date,booking_number,journal,synced_at\n"
    "invoice,2026/1,2026-01-05,1001,,2026-01-05T09:00:00\n"
    "invoice,2026/2,16-01-2026,1002,70,\n"
    "credit_note,C1,2026-01-08,7,,\n"
    "invoice,2026/3,2026-01-10,,,\n"
)
BOOKINGS_CSV = (
    "journal,booking_number,date,document_kind,document_number\n"
    "70,1001,2026-01-05,invoice,2026/1\n"
    "70,1002,16-01-2026,invoice,2026/2\n"
    "71,7,2026-01-08,credit_note,C1\n"
    "70,1003,2026-01-09,,\n"
)
JOURNALS_CSV = (
    "code,numbering,next_booking_number,locked_until\n"
    "70,continuous,1004,2025-12-31\n"
    "71,per_financial_year,,\n"
)
READERS: list[tuple[Callable[..., tuple[object, ...]], str]] = [
    (read_documents, DOCUMENTS_CSV),
    (read_bookings, BOOKINGS_CSV),
    (read_journals, JOURNALS_CSV),
]

CSV_TEXT = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=',;"\r\n\ufeff \t0123456789-/:Tabcdeijklnortuv_', max_size=80),
)


@st.composite
def almost_right_csv(draw: st.DrawFn, text: str) -> str:
    """The valid file ``text`` with one cell or line changed, or written another way."""
    lines = text.splitlines()
    separator = draw(st.sampled_from([",", ";"]))
    rows = [line.split(",") for line in lines]
    action = draw(st.sampled_from(["cell", "insert", "remove", "duplicate", "cut", "swap-columns"]))
    index = draw(st.integers(0, len(rows) - 1))
    if action == "cell":
        column = draw(st.integers(0, len(rows[index]) - 1))
        cell = draw(st.one_of(FIELD_TEXT, CSV_TEXT))
        rows[index][column] = cell
    elif action == "insert":
        rows.insert(index, draw(CSV_TEXT).split(","))
    elif action == "remove":
        del rows[index]
    elif action == "duplicate":
        rows.insert(index, list(rows[index]))
    elif action == "swap-columns":
        first, second = draw(st.permutations(range(len(rows[0]))))[:2]
        for row in rows:
            row[first], row[second] = row[second], row[first]
    joined = [separator.join(row) for row in rows]
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    written = end.join(joined) + draw(st.sampled_from(["", end]))
    if action == "cut":
        written = written[: draw(st.integers(0, len(written)))]
    if draw(st.booleans()):
        written = "\ufeff" + written
    return written


@FUZZ
@given(st.sampled_from(READERS), CSV_TEXT)
def test_fuzz_readers_with_any_text(reader: Any, text: str) -> None:
    returns_or_refuses(lambda: reader[0](text, source="f.csv"))


@FUZZ
@given(
    st.sampled_from(READERS),
    st.one_of(
        JSON_LIKE,
        st.binary(max_size=40),
        st.lists(st.one_of(st.text(max_size=20), st.binary(max_size=20), SCALARS), max_size=4),
    ),
)
def test_fuzz_readers_with_what_is_not_text(reader: Any, value: Any) -> None:
    """Bytes (a file opened in binary mode), None, numbers, lists of anything."""
    returns_or_refuses(lambda: reader[0](value, source="f.csv"))


@FUZZ
@given(st.sampled_from(READERS).flatmap(lambda r: st.tuples(st.just(r[0]), almost_right_csv(r[1]))))
def test_fuzz_readers_with_almost_right_files(case: tuple[Any, str]) -> None:
    read, text = case
    returns_or_refuses(lambda: read(text, source="f.csv"))
    # The same text as the lines of an open file reads the same (split as a file
    # opened with newline="" splits, not as str.splitlines, which also splits at
    # \x1e, \x85, \u2028 and others).
    lines = io.StringIO(text, newline="").readlines()
    as_lines = returns_or_refuses(lambda: read(lines, source="f.csv"))
    as_text = returns_or_refuses(lambda: read(text, source="f.csv"))
    assert as_lines == as_text


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(READERS),
    st.sampled_from([",", ";"]),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_valid_files_written_any_accepted_way_lose_no_record(
    reader: Any, separator: str, end: str, bom: bool
) -> None:
    read, text = reader
    lines = [line.replace(",", separator) for line in text.splitlines()]
    written = ("\ufeff" if bom else "") + end.join(lines) + end
    records = read(written, source="f.csv")
    assert len(records) == len(lines) - 1
    assert records == read(text, source="f.csv")


# -- the command, end to end ------------------------------------------------------------------------

ARTICLE = EXAMPLES / "article"
ARTICLE_FILES = {
    name: (ARTICLE / name).read_text(encoding="utf-8")
    for name in ("documents.csv", "bookings.csv", "journals.csv")
}
COMMAND = settings(FUZZ, max_examples=max(1, EXAMPLES_PER_TEST // 3))


def check_command(arguments: list[str]) -> None:
    """Bad input ends in status 2 and one line; good input in a sound plan (0 or 1), never 3."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([*arguments, "--verify", "--format", "json"])
    event(f"exit {status}")
    assert status in (0, 1, 2), err.getvalue()
    if status == 2:
        assert out.getvalue() == ""
        one_error(err.getvalue())
    else:
        assert json.loads(out.getvalue())["simulation"]["sound"], out.getvalue()


@COMMAND
@given(
    st.sampled_from(sorted(ARTICLE_FILES)).flatmap(
        lambda name: st.tuples(st.just(name), almost_right_csv(ARTICLE_FILES[name]))
    ),
    st.sampled_from(["keep-deleted", "rebook-deleted"]),
    st.sampled_from(["1", "4", "12"]),
)
def test_fuzz_command_with_an_almost_right_file(
    changed: tuple[str, str], policy: str, month: str
) -> None:
    """The article's three CSV files, one of them with a cell or line changed."""
    name, text = changed
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for file, content in {**ARTICLE_FILES, name: text}.items():
            paths[file] = Path(folder) / file
            paths[file].write_text(content, encoding="utf-8", newline="")
        check_command(
            [
                "plan",
                str(paths["documents.csv"]),
                "--bookings",
                str(paths["bookings.csv"]),
                "--journals",
                str(paths["journals.csv"]),
                "--policy",
                policy,
                "--fy-start-month",
                month,
            ]
        )


@COMMAND
@given(
    st.one_of(*(mutated(data) for data in SNAPSHOTS)),
    st.sampled_from(["keep-deleted", "rebook-deleted"]),
)
def test_fuzz_command_with_an_almost_right_snapshot(data: Any, policy: str) -> None:
    """A snapshot JSON file with one value changed, removed or added."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "snapshot.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        check_command(["plan", str(path), "--policy", policy])

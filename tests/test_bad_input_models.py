"""The catalogue of bad input for the models and the snapshot (DOMAIN.md §6, issue 7).

One table per entry point. Every entry must raise the exact library error
named (a :class:`BookingReconcileError` that is also the builtin it refines),
and its message must name the record, the field and the value.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from booking_reconcile import (
    Booking,
    BookingReconcileError,
    CreditNote,
    DocumentKind,
    DocumentRef,
    InconsistentInputError,
    InputFormatError,
    Integration,
    InvalidFieldError,
    InvalidTypeError,
    InvalidValueError,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
)
from booking_reconcile.errors import quoted

DAY = dt.date(2026, 1, 5)
AT_TEN = dt.datetime(2026, 1, 5, 10, 30)
UTC = dt.timezone.utc
INTEGRATION = Integration(invoice_journal="70", credit_note_journal="71")


def expect_refusal(
    build: Callable[[], object], error: type[BookingReconcileError], *names: str
) -> BookingReconcileError:
    """Build, and check the exact error class, its builtin base and the message."""
    with pytest.raises(BookingReconcileError) as raised:
        build()
    refusal = raised.value
    assert type(refusal) is error, f"{type(refusal).__name__}: {refusal}"
    builtin = TypeError if issubclass(error, TypeError) else ValueError
    assert isinstance(refusal, builtin)
    message = str(refusal)
    for name in names:
        assert name in message, f"{name!r} not in {message!r}"
    return refusal


def expect_field_refusal(
    build: Callable[[], object],
    error: type[InvalidFieldError],
    record: str,
    field: str,
    value: Any,
    *hints: str,
) -> None:
    """A refused field: the error carries and names the record, field and value."""
    refusal = expect_refusal(build, error, record, field, quoted(value), "expected", *hints)
    assert isinstance(refusal, InvalidFieldError)
    assert (refusal.record, refusal.field) == (record, field)
    assert refusal.value is value or refusal.value == value
    assert str(refusal).startswith(f"{record}: {field} {quoted(value)} ")


# -- the table shared by every booking-number field -----------------------------

BAD_BOOKING_NUMBERS = [
    pytest.param(True, InvalidTypeError, (), id="true"),
    pytest.param(False, InvalidTypeError, (), id="false"),
    pytest.param(0, InvalidValueError, ("1 or more",), id="zero"),
    pytest.param(-3, InvalidValueError, ("1 or more",), id="minus-three"),
    pytest.param(-1, InvalidValueError, ("1 or more",), id="minus-one"),
    pytest.param("12a", InvalidTypeError, ("int()",), id="text-12a"),
    pytest.param("1002", InvalidTypeError, ("int()",), id="digits-as-text"),
    pytest.param(1.5, InvalidTypeError, (), id="fraction"),
    pytest.param(1002.0, InvalidTypeError, (), id="whole-float"),
    pytest.param(2**63, InvalidValueError, ("at most 9223372036854775807",), id="above-2**63-1"),
    pytest.param(10**30, InvalidValueError, ("too large",), id="far-above-64-bits"),
    # More digits than Python prints (4,300): the message says so, never a raw ValueError.
    pytest.param(10**5000, InvalidValueError, ("too large",), id="more-digits-than-python-prints"),
]

DATETIME = pytest.param(AT_TEN, InvalidTypeError, (".date()", "datetime"), id="datetime")
AWARE_DATETIME = pytest.param(
    AT_TEN.replace(tzinfo=UTC), InvalidTypeError, (".date()",), id="aware-datetime"
)
BAD_DATES = [
    DATETIME,
    AWARE_DATETIME,
    pytest.param("2026-01-05", InvalidTypeError, ("fromisoformat",), id="iso-text"),
    pytest.param("2026-02-30", InvalidTypeError, ("fromisoformat",), id="impossible-text"),
    pytest.param(20260105, InvalidTypeError, ("datetime.date",), id="int"),
    pytest.param((2026, 1, 5), InvalidTypeError, ("datetime.date",), id="tuple"),
]

BAD_CODES = [
    pytest.param("", InvalidValueError, ("is empty",), id="empty"),
    pytest.param("   ", InvalidValueError, ("is empty",), id="whitespace-only"),
    pytest.param("\t\n", InvalidValueError, ("is empty",), id="tab-newline"),
    pytest.param(" 70", InvalidValueError, ("white space", "'70'"), id="leading-space"),
    pytest.param("70 ", InvalidValueError, ("white space", "'70'"), id="trailing-space"),
    pytest.param(70, InvalidTypeError, ("is not text",), id="int"),
    pytest.param(b"70", InvalidTypeError, ("is not text",), id="bytes"),
]


# -- Invoice and CreditNote ------------------------------------------------------

DOCUMENT_CLASSES = [
    pytest.param(Invoice, id="invoice"),
    pytest.param(CreditNote, id="credit-note"),
]


@pytest.mark.parametrize("cls", DOCUMENT_CLASSES)
@pytest.mark.parametrize(("value", "error", "hints"), BAD_BOOKING_NUMBERS)
def test_document_refuses_booking_number(
    cls: type[Invoice] | type[CreditNote],
    value: Any,
    error: type[InvalidFieldError],
    hints: tuple[str, ...],
) -> None:
    record = f"{cls.kind.label} 2026/5"
    expect_field_refusal(
        lambda: cls("2026/5", DAY, value), error, record, "booking_number", value, *hints
    )


@pytest.mark.parametrize("cls", DOCUMENT_CLASSES)
@pytest.mark.parametrize(
    ("value", "error", "hints"),
    [*BAD_DATES, pytest.param(None, InvalidTypeError, (), id="none")],
)
def test_document_refuses_date(
    cls: type[Invoice] | type[CreditNote],
    value: Any,
    error: type[InvalidFieldError],
    hints: tuple[str, ...],
) -> None:
    record = f"{cls.kind.label} 2026/5"
    expect_field_refusal(lambda: cls("2026/5", value), error, record, "date", value, *hints)


@pytest.mark.parametrize("cls", DOCUMENT_CLASSES)
@pytest.mark.parametrize(
    ("value", "error", "hints"),
    [
        *BAD_CODES,
        pytest.param("2026/5\n", InvalidValueError, ("'2026/5'",), id="trailing-newline"),
        pytest.param(None, InvalidTypeError, (), id="none"),
    ],
)
def test_document_refuses_number(
    cls: type[Invoice] | type[CreditNote],
    value: Any,
    error: type[InvalidFieldError],
    hints: tuple[str, ...],
) -> None:
    # A number that is not usable text names the record by its repr; so does
    # one with a line end in it, to keep the message on one line.
    usable = isinstance(value, str) and value.strip()
    shown = value if usable and value.isprintable() else repr(value)
    joiner = " " if isinstance(value, str) and value.strip() else " with number "
    record = f"{cls.kind.label}{joiner}{shown}"
    expect_field_refusal(lambda: cls(value, DAY), error, record, "number", value, *hints)


@pytest.mark.parametrize("cls", DOCUMENT_CLASSES)
@pytest.mark.parametrize(("value", "error", "hints"), BAD_CODES)
def test_document_refuses_journal(
    cls: type[Invoice] | type[CreditNote],
    value: Any,
    error: type[InvalidFieldError],
    hints: tuple[str, ...],
) -> None:
    record = f"{cls.kind.label} 2026/5"
    expect_field_refusal(
        lambda: cls("2026/5", DAY, journal=value), error, record, "journal", value, *hints
    )


@pytest.mark.parametrize("cls", DOCUMENT_CLASSES)
@pytest.mark.parametrize(
    "value",
    [
        pytest.param(DAY, id="date"),
        pytest.param("2026-01-05T10:30:00", id="iso-text"),
        pytest.param(1767609000, id="unix-timestamp"),
    ],
)
def test_document_refuses_sync_time(cls: type[Invoice] | type[CreditNote], value: Any) -> None:
    record = f"{cls.kind.label} 2026/5"
    expect_field_refusal(
        lambda: cls("2026/5", DAY, synced_at=value),
        InvalidTypeError,
        record,
        "synced_at",
        value,
        "datetime.datetime",
    )


# -- DocumentRef -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "number", "error", "record", "field", "value"),
    [
        pytest.param(
            "invoice",
            "2026/5",
            InvalidTypeError,
            "document of kind 'invoice' 2026/5",
            "kind",
            "invoice",
            id="kind-as-text",
        ),
        pytest.param(
            "credit_note",
            "C1",
            InvalidTypeError,
            "document of kind 'credit_note' C1",
            "kind",
            "credit_note",
            id="kind-as-enum-value",
        ),
        pytest.param(
            None,
            "2026/5",
            InvalidTypeError,
            "document of kind None 2026/5",
            "kind",
            None,
            id="no-kind",
        ),
        pytest.param(
            Numbering.CONTINUOUS,
            "2026/5",
            InvalidTypeError,
            "document of kind Numbering.CONTINUOUS 2026/5",
            "kind",
            Numbering.CONTINUOUS,
            id="other-enum",
        ),
        pytest.param(
            DocumentKind.INVOICE,
            "",
            InvalidValueError,
            "invoice with number ''",
            "number",
            "",
            id="empty-number",
        ),
        pytest.param(
            DocumentKind.INVOICE,
            "   ",
            InvalidValueError,
            "invoice with number '   '",
            "number",
            "   ",
            id="whitespace-number",
        ),
        pytest.param(
            DocumentKind.CREDIT_NOTE,
            "C1 ",
            InvalidValueError,
            "credit note C1 ",
            "number",
            "C1 ",
            id="padded-number",
        ),
        pytest.param(
            DocumentKind.INVOICE,
            17,
            InvalidTypeError,
            "invoice with number 17",
            "number",
            17,
            id="int-number",
        ),
    ],
)
def test_document_ref_refuses(
    kind: Any, number: Any, error: type[InvalidFieldError], record: str, field: str, value: Any
) -> None:
    expect_field_refusal(lambda: DocumentRef(kind, number), error, record, field, value)


# -- Booking -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "error", "hints"),
    [*BAD_BOOKING_NUMBERS, pytest.param(None, InvalidTypeError, (), id="none")],
)
def test_booking_refuses_booking_number(
    value: Any, error: type[InvalidFieldError], hints: tuple[str, ...]
) -> None:
    record = f"booking #{quoted(value)} in journal 70"
    expect_field_refusal(
        lambda: Booking("70", value, DAY), error, record, "booking_number", value, *hints
    )


@pytest.mark.parametrize(
    ("value", "error", "hints"),
    [*BAD_DATES, pytest.param(None, InvalidTypeError, (), id="none")],
)
def test_booking_refuses_date(
    value: Any, error: type[InvalidFieldError], hints: tuple[str, ...]
) -> None:
    expect_field_refusal(
        lambda: Booking("70", 1002, value),
        error,
        "booking #1002 in journal 70",
        "date",
        value,
        *hints,
    )


@pytest.mark.parametrize(
    ("value", "error", "hints"),
    [*BAD_CODES, pytest.param(None, InvalidTypeError, (), id="none")],
)
def test_booking_refuses_journal(
    value: Any, error: type[InvalidFieldError], hints: tuple[str, ...]
) -> None:
    expect_field_refusal(
        lambda: Booking(value, 1002, DAY),
        error,
        f"booking #1002 in journal {value!r}",
        "journal",
        value,
        *hints,
    )


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("invoice 2026/5", id="text"),
        pytest.param(Invoice("2026/5", DAY, 1002), id="the-document-itself"),
        pytest.param(("invoice", "2026/5"), id="tuple"),
        pytest.param(DocumentKind.INVOICE, id="a-kind"),
    ],
)
def test_booking_refuses_document(value: Any) -> None:
    expect_field_refusal(
        lambda: Booking("70", 1002, DAY, value),
        InvalidTypeError,
        "booking #1002 in journal 70",
        "document",
        value,
        "a DocumentRef or None",
    )


# -- Journal ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "error", "hints"),
    [*BAD_CODES, pytest.param(None, InvalidTypeError, (), id="none")],
)
def test_journal_refuses_code(
    value: Any, error: type[InvalidFieldError], hints: tuple[str, ...]
) -> None:
    expect_field_refusal(lambda: Journal(value), error, f"journal {value!r}", "code", value, *hints)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("continuous", id="text"),
        pytest.param("per_financial_year", id="enum-value-as-text"),
        pytest.param(None, id="none"),
        pytest.param(True, id="bool"),
        pytest.param(DocumentKind.INVOICE, id="other-enum"),
    ],
)
def test_journal_refuses_numbering(value: Any) -> None:
    expect_field_refusal(
        lambda: Journal("70", value),
        InvalidTypeError,
        "journal '70'",
        "numbering",
        value,
        "Numbering.CONTINUOUS or Numbering.PER_FINANCIAL_YEAR",
    )


@pytest.mark.parametrize(("value", "error", "hints"), BAD_BOOKING_NUMBERS)
def test_journal_refuses_next_booking_number(
    value: Any, error: type[InvalidFieldError], hints: tuple[str, ...]
) -> None:
    expect_field_refusal(
        lambda: Journal("70", next_booking_number=value),
        error,
        "journal '70'",
        "next_booking_number",
        value,
        *hints,
    )


def test_journal_next_booking_number_message_says_none_means_unknown() -> None:
    with pytest.raises(InvalidValueError) as refused:
        Journal("70", next_booking_number=0)
    assert str(refused.value).endswith("or None when it is not known")
    assert "document" not in str(refused.value)


@pytest.mark.parametrize(("value", "error", "hints"), BAD_DATES)
def test_journal_refuses_lock_date(
    value: Any, error: type[InvalidFieldError], hints: tuple[str, ...]
) -> None:
    expect_field_refusal(
        lambda: Journal("70", locked_until=value),
        error,
        "journal '70'",
        "locked_until",
        value,
        *hints,
    )


# -- Integration -----------------------------------------------------------------------


@pytest.mark.parametrize("field", ["invoice_journal", "credit_note_journal"])
@pytest.mark.parametrize(
    ("value", "error", "hints"),
    [*BAD_CODES, pytest.param(None, InvalidTypeError, (), id="none")],
)
def test_integration_refuses_journal(
    field: str, value: Any, error: type[InvalidFieldError], hints: tuple[str, ...]
) -> None:
    journals = {"invoice_journal": "70", "credit_note_journal": "71", field: value}
    expect_field_refusal(
        lambda: Integration(**journals), error, "integration", field, value, *hints
    )


@pytest.mark.parametrize(("value", "error", "hints"), BAD_DATES)
def test_integration_refuses_start_date(
    value: Any, error: type[InvalidFieldError], hints: tuple[str, ...]
) -> None:
    expect_field_refusal(
        lambda: Integration("70", "71", start_date=value),
        error,
        "integration",
        "start_date",
        value,
        *hints,
    )


@pytest.mark.parametrize(
    ("value", "error"),
    [
        pytest.param(0, InvalidValueError, id="zero"),
        pytest.param(13, InvalidValueError, id="thirteen"),
        pytest.param(-1, InvalidValueError, id="negative"),
        pytest.param(True, InvalidTypeError, id="true"),
        pytest.param(False, InvalidTypeError, id="false"),
        pytest.param("4", InvalidTypeError, id="text"),
        pytest.param(4.0, InvalidTypeError, id="float"),
        pytest.param(None, InvalidTypeError, id="none"),
    ],
)
def test_integration_refuses_financial_year_start_month(
    value: Any, error: type[InvalidFieldError]
) -> None:
    expect_field_refusal(
        lambda: Integration("70", "71", financial_year_start_month=value),
        error,
        "integration",
        "financial_year_start_month",
        value,
        "a month from 1 to 12",
    )


# -- Snapshot --------------------------------------------------------------------------

# Each entry builds the keyword arguments of a Snapshot afresh, so the test can
# check that a refused build leaves them exactly as they were.

A = Invoice("2026/5", DAY, 1002)
B = Invoice("2026/9", dt.date(2026, 1, 9), 1003)
K = CreditNote("C1", DAY, 40)


def _booking(document: Invoice | CreditNote, journal: str = "70") -> Booking:
    assert document.booking_number is not None
    return Booking(journal, document.booking_number, document.date, document.ref)


SNAPSHOT_CASES = [
    pytest.param(
        lambda: {"integration": "70", "documents": []},
        InvalidTypeError,
        ("snapshot", "integration", "'70'", "an Integration"),
        id="integration-as-text",
    ),
    pytest.param(
        lambda: {"integration": None, "documents": []},
        InvalidTypeError,
        ("snapshot", "integration", "None"),
        id="integration-none",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": "2026/5"},
        InvalidTypeError,
        ("snapshot", "documents", "'2026/5'", "a list or tuple"),
        id="documents-as-text",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": None},
        InvalidTypeError,
        ("snapshot", "documents", "None", "a list or tuple"),
        id="documents-none",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": 5},
        InvalidTypeError,
        ("snapshot", "documents", "5"),
        id="documents-int",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": b"2026/5"},
        InvalidTypeError,
        ("snapshot", "documents", "b'2026/5'"),
        id="documents-bytes",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": {"2026/5": A}},
        InvalidTypeError,
        ("snapshot", "documents", "'2026/5'"),
        id="documents-dict",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": A},
        InvalidTypeError,
        ("snapshot", "documents", "Invoice(number='2026/5'"),
        id="documents-a-single-document",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": [A, "2026/9"]},
        InvalidTypeError,
        ("snapshot", "documents[1]", "'2026/9'", "an Invoice or a CreditNote"),
        id="documents-item-text",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": [_booking(A)]},
        InvalidTypeError,
        ("snapshot", "documents[0]", "Booking(journal='70'"),
        id="documents-item-booking",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": [A.ref]},
        InvalidTypeError,
        ("snapshot", "documents[0]", "DocumentRef("),
        id="documents-item-ref",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": [A, None]},
        InvalidTypeError,
        ("snapshot", "documents[1]", "None"),
        id="documents-item-none",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": [], "journals": "70"},
        InvalidTypeError,
        ("snapshot", "journals", "'70'"),
        id="journals-as-text",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": [], "journals": ["70", "71"]},
        InvalidTypeError,
        ("snapshot", "journals[0]", "'70'", "a Journal"),
        id="journals-item-text",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": [A], "bookings": "1002"},
        InvalidTypeError,
        ("snapshot", "bookings", "'1002'", "or None when the accounting side is unknown"),
        id="bookings-as-text",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": [A], "bookings": [A]},
        InvalidTypeError,
        ("snapshot", "bookings[0]", "Invoice(number='2026/5'", "a Booking"),
        id="bookings-item-document",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": [A, B, Invoice("2026/5", DAY, 1002)]},
        InconsistentInputError,
        ("invoice 2026/5", "twice", "documents", "2026-01-05"),
        id="same-document-twice",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [A, Invoice("2026/5", dt.date(2026, 2, 1))],
        },
        InconsistentInputError,
        ("invoice 2026/5", "twice", "documents", "2026-01-05", "2026-02-01"),
        id="same-document-number-twice-different-data",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [A],
            "bookings": [Booking("70", 1003, DAY, DocumentRef(DocumentKind.INVOICE, "2026/9"))],
        },
        InconsistentInputError,
        ("booking #1003 in journal 70", "invoice 2026/9", "not among", "document=None"),
        id="booking-for-unknown-document",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [A],
            "bookings": [Booking("71", 1002, DAY, DocumentRef(DocumentKind.CREDIT_NOTE, "2026/5"))],
        },
        InconsistentInputError,
        ("booking #1002 in journal 71", "credit note 2026/5", "not among"),
        id="booking-for-unknown-kind-of-known-number",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [A],
            "bookings": [_booking(A), Booking("70", 1002, dt.date(2026, 1, 6))],
        },
        InconsistentInputError,
        ("booking #1002 in journal 70", "twice", "journal 70", "bookings", "2026-01-06"),
        id="two-bookings-one-number",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [],
            "journals": [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")],
            "bookings": [Booking("70", 7, DAY), Booking("70", 7, dt.date(2026, 12, 31))],
        },
        InconsistentInputError,
        ("booking #7 in journal 70", "twice", "financial year 2026", "bookings"),
        id="two-bookings-one-number-one-financial-year",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [A],
            "bookings": [Booking("70", 1003, DAY, A.ref)],
        },
        InconsistentInputError,
        (
            "booking #1003 in journal 70",
            "invoice 2026/5",
            "booking number 1002",
            "booking_number",
        ),
        id="booking-number-disagrees-with-document",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [Invoice("2026/5", DAY)],
            "bookings": [Booking("70", 1002, DAY, A.ref)],
        },
        InconsistentInputError,
        ("booking #1002 in journal 70", "invoice 2026/5", "no booking number", "booking_number"),
        id="booking-for-unbooked-document",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [A],
            "bookings": [Booking("71", 1002, DAY, A.ref)],
        },
        InconsistentInputError,
        ("booking #1002 in journal 71", "invoice 2026/5", "in journal 70"),
        id="booking-in-another-journal-than-document",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [A],
            "bookings": [_booking(A), Booking("70", 1005, DAY, A.ref)],
        },
        InconsistentInputError,
        ("invoice 2026/5", "two bookings", "booking #1002 in journal 70", "#1005"),
        id="two-bookings-one-document",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [Invoice("2026/5", DAY, 1, journal="72")],
            "journals": [Journal("70"), Journal("71")],
        },
        InconsistentInputError,
        ("invoice 2026/5", "journal '72'", "70, 71", "Journal('72')"),
        id="document-in-unknown-journal",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [],
            "journals": [Journal("70"), Journal("71")],
            "bookings": [Booking("72", 1, DAY)],
        },
        InconsistentInputError,
        ("booking #1 in journal 72", "journal '72'", "Journal('72')"),
        id="booking-in-unknown-journal",
    ),
    pytest.param(
        lambda: {"integration": INTEGRATION, "documents": [], "journals": [Journal("70")]},
        InconsistentInputError,
        ("the integration's credit_note_journal", "journal '71'", "Journal('71')"),
        id="integration-journal-not-described",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [],
            "journals": [Journal("70"), Journal("71"), Journal("70", Numbering.PER_FINANCIAL_YEAR)],
        },
        InconsistentInputError,
        ("journal '70'", "twice", "journals"),
        id="journal-described-twice",
    ),
    pytest.param(
        lambda: {
            "integration": INTEGRATION,
            "documents": [
                Invoice("2026/5", DAY, synced_at=AT_TEN),
                CreditNote("C1", DAY, synced_at=AT_TEN.replace(tzinfo=UTC)),
            ],
        },
        InconsistentInputError,
        ("invoice 2026/5", "credit note C1", "synced_at", "2026-01-05 10:30:00", "+00:00"),
        id="naive-and-aware-sync-times",
    ),
]


@pytest.mark.parametrize(("arguments", "error", "names"), SNAPSHOT_CASES)
def test_snapshot_refuses(
    arguments: Callable[[], dict[str, Any]],
    error: type[BookingReconcileError],
    names: tuple[str, ...],
) -> None:
    given = arguments()
    before = copy.copy(given)
    contents = {key: copy.copy(value) for key, value in given.items()}

    expect_refusal(lambda: Snapshot(**given), error, *names)

    # A refused build changes nothing: the same objects, with the same contents.
    assert given.keys() == before.keys()
    for key, value in given.items():
        assert value is before[key]
        assert value == contents[key]


# -- §6 rule by rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda n: Invoice("2026/5", DAY, n), id="invoice"),
        pytest.param(lambda n: CreditNote("C1", DAY, n), id="credit-note"),
        pytest.param(lambda n: Booking("70", n, DAY), id="booking"),
        pytest.param(lambda n: Journal("70", next_booking_number=n), id="journal"),
    ],
)
@pytest.mark.parametrize("value", [True, 0, -3, "12a", 1.5])
def test_booking_number_that_is_not_a_positive_integer_is_refused(
    build: Callable[[Any], object], value: Any
) -> None:
    with pytest.raises(InvalidFieldError, match="booking_number") as raised:
        build(value)

    assert raised.value.value is value
    assert "a whole number of 1 or more" in str(raised.value)


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda d: Invoice("2026/5", d), id="invoice"),
        pytest.param(lambda d: CreditNote("C1", d), id="credit-note"),
        pytest.param(lambda d: Booking("70", 1, d), id="booking"),
        pytest.param(lambda d: Journal("70", locked_until=d), id="journal"),
        pytest.param(lambda d: Integration("70", "71", start_date=d), id="integration"),
    ],
)
def test_date_that_is_a_datetime_is_refused_with_a_hint(build: Callable[[Any], object]) -> None:
    with pytest.raises(InvalidTypeError) as raised:
        build(AT_TEN)

    assert "is a datetime, not a calendar date" in str(raised.value)
    assert "pass value.date()" in str(raised.value)
    assert build(AT_TEN.date()) is not None  # what the hint says works


@pytest.mark.parametrize("number", ["", " ", "\u00a0", "\u3000"])
def test_empty_document_number_is_refused(number: str) -> None:
    with pytest.raises(InvalidValueError, match="is empty"):
        Invoice(number, DAY)
    with pytest.raises(InvalidValueError, match="is empty"):
        CreditNote(number, DAY)


@pytest.mark.parametrize("kind", ["invoice", "INVOICE", 0, None])
def test_unknown_kind_is_refused(kind: Any) -> None:
    with pytest.raises(InvalidTypeError, match="kind") as raised:
        DocumentRef(kind, "2026/5")

    assert "a DocumentKind" in str(raised.value)


def test_same_document_twice_in_one_snapshot_is_refused() -> None:
    with pytest.raises(InconsistentInputError, match="invoice 2026/5 appears twice"):
        Snapshot(INTEGRATION, [A, A])


def test_invoice_and_credit_note_with_one_number_are_not_the_same_document() -> None:
    credit_note = CreditNote(A.number, DAY, 1)

    assert len(Snapshot(INTEGRATION, [A, credit_note]).documents) == 2


def test_booking_that_refers_to_an_unknown_document_is_refused() -> None:
    stranger = Booking("70", 1003, DAY, B.ref)

    with pytest.raises(InconsistentInputError, match="refers to invoice 2026/9, which is not"):
        Snapshot(INTEGRATION, [A], bookings=[stranger])


def test_two_bookings_with_the_same_number_in_one_journal_and_period_are_refused() -> None:
    manual = Booking("70", 1002, dt.date(2026, 1, 7))

    with pytest.raises(InconsistentInputError, match="booking #1002 in journal 70 appears twice"):
        Snapshot(INTEGRATION, [A], bookings=[_booking(A), manual])


def test_library_never_drops_or_silently_repairs_input() -> None:
    # A padded number is refused, not stripped; a refused record is not skipped.
    with pytest.raises(InvalidValueError, match="white space"):
        Invoice("2026/5 ", DAY)
    documents = [A, B, "not a document"]
    with pytest.raises(InvalidTypeError, match=r"documents\[2\]"):
        Snapshot(INTEGRATION, documents)
    assert documents == [A, B, "not a document"]


def test_valid_subclass_values_are_kept_as_given() -> None:
    # A str or int subclass that is valid is accepted, never refused with a
    # misleading message.
    class Text(str):
        __slots__ = ()

    class Number(int):
        pass

    invoice = Invoice(Text("2026/5"), DAY, Number(1002))

    assert invoice.number == "2026/5"
    assert invoice.booking_number == 1002
    assert (
        Integration("70", "71", financial_year_start_month=Number(4)).financial_year_start_month
        == 4
    )


def test_record_field_errors_carry_the_record_field_and_value() -> None:
    with pytest.raises(InvalidFieldError) as raised:
        attrs.evolve(A, journal=" 70")

    assert (raised.value.record, raised.value.field, raised.value.value) == (
        "invoice 2026/5",
        "journal",
        " 70",
    )


# -- fuzzing: whatever is passed in, only the library's errors come out ---------------

settings.register_profile("bad-input-fuzz", max_examples=200, deadline=None)
FUZZ = settings.get_profile("bad-input-fuzz")

ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**62, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(["", " ", "70", " 70", "2026/5", "2026-02-30", "invoice", "\u00a0"]),
    st.binary(max_size=4),
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.just(UTC))),
    st.sampled_from([*DocumentKind, *Numbering]),
    st.just(A.ref),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.builds(object),
)

# How many positional arguments each model requires, and takes at most.
MODEL_ARITY = {
    Invoice: (2, 5),
    CreditNote: (2, 5),
    DocumentRef: (2, 2),
    Booking: (3, 4),
    Journal: (1, 4),
    Integration: (2, 4),
}


@FUZZ
@given(st.sampled_from(sorted(MODEL_ARITY, key=lambda cls: cls.__name__)), st.data())
def test_fuzz_models_raise_only_library_errors(cls: type, data: st.DataObject) -> None:
    required, most = MODEL_ARITY[cls]
    arguments = data.draw(st.lists(ANY_VALUE, min_size=required, max_size=most))

    refusal: BookingReconcileError | None = None
    try:
        record = cls(*arguments)
    except BookingReconcileError as error:
        refusal = error
    else:
        # Accepted records hold exactly what was given, unchanged.
        values = [getattr(record, field.name) for field in attrs.fields(cls)]
        assert all(v is a for v, a in zip(values, arguments, strict=False))
    if refusal is not None:
        assert isinstance(refusal, (ValueError, TypeError))
        assert str(refusal)


_FUZZ_DATES = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 31))
_VALID_DOCUMENTS = st.one_of(
    st.builds(
        Invoice,
        st.sampled_from(["1", "2", "3"]),
        _FUZZ_DATES,
        st.one_of(st.none(), st.integers(min_value=1, max_value=3)),
        st.sampled_from([None, "70", "71", "72"]),
        st.one_of(st.none(), st.datetimes(timezones=st.one_of(st.none(), st.just(UTC)))),
    ),
    st.builds(
        CreditNote,
        st.sampled_from(["1", "2"]),
        _FUZZ_DATES,
        st.one_of(st.none(), st.integers(min_value=1, max_value=3)),
    ),
)
_VALID_BOOKINGS = st.builds(
    Booking,
    st.sampled_from(["70", "71", "72"]),
    st.integers(min_value=1, max_value=3),
    _FUZZ_DATES,
    st.one_of(
        st.none(),
        st.builds(
            DocumentRef, st.sampled_from(list(DocumentKind)), st.sampled_from(["1", "2", "3"])
        ),
    ),
)
_FUZZ_RECORDS = st.one_of(_VALID_DOCUMENTS, ANY_VALUE)
_FUZZ_BOOKINGS = st.one_of(_VALID_BOOKINGS, ANY_VALUE)


@FUZZ
@given(
    st.one_of(st.just(INTEGRATION), st.just(Integration("70", "70", None, 7)), ANY_VALUE),
    st.one_of(st.lists(_FUZZ_RECORDS, max_size=5), ANY_VALUE),
    st.one_of(
        st.just(()),
        st.just([Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")]),
        st.lists(st.builds(Journal, st.sampled_from(["70", "71", "72"])), max_size=3),
        ANY_VALUE,
    ),
    st.one_of(st.none(), st.lists(_FUZZ_BOOKINGS, max_size=4), ANY_VALUE),
)
def test_fuzz_snapshot_raises_only_library_errors(
    integration: Any, documents: Any, journals: Any, bookings: Any
) -> None:
    given_documents = copy.copy(documents) if isinstance(documents, list) else documents

    refusal: BookingReconcileError | None = None
    try:
        snapshot = Snapshot(integration, documents, journals, bookings)
    except BookingReconcileError as error:
        refusal = error
        event(type(error).__name__)
    else:
        event("built")
        # Nothing dropped: every record given is in the snapshot, in order.
        assert list(snapshot.documents) == list(documents)
        for document in snapshot.documents:
            assert snapshot.place_of(document).journal in snapshot.journal_codes
    if refusal is not None:
        assert isinstance(refusal, (ValueError, TypeError))
    assert documents is given_documents or documents == given_documents


@FUZZ
@given(
    st.sampled_from([INTEGRATION, Integration("70", "70", None, 7)]),
    st.lists(_VALID_DOCUMENTS, max_size=6),
    st.sampled_from(
        [(), (Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")), (Journal("70"),)]
    ),
    st.one_of(st.none(), st.lists(_VALID_BOOKINGS, max_size=5)),
)
def test_fuzz_snapshot_of_valid_records_is_built_or_refused_as_inconsistent(
    integration: Integration,
    documents: list[Invoice | CreditNote],
    journals: tuple[Journal, ...],
    bookings: list[Booking] | None,
) -> None:
    refusal: BookingReconcileError | None = None
    try:
        snapshot = Snapshot(integration, documents, journals, bookings)
    except BookingReconcileError as error:
        refusal = error
        event(type(error).__name__)
    else:
        event("built")
        assert snapshot.documents == tuple(documents)
        assert snapshot.bookings == (None if bookings is None else tuple(bookings))
        # Every booking that refers to a document agrees with it.
        for booking in snapshot.bookings or ():
            if booking.document is not None:
                document = snapshot.document(booking.document)
                assert document.booking_number == booking.booking_number
                assert snapshot.place_of(document) == snapshot.booking_place(booking)
    if refusal is not None:
        assert type(refusal) is InconsistentInputError


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(
            lambda: DocumentKind("bill"),
            "DocumentKind: 'bill' is not a document kind; expected 'invoice' or 'credit_note' "
            "(DocumentKind.INVOICE or DocumentKind.CREDIT_NOTE)",
            id="document-kind",
        ),
        pytest.param(
            lambda: Numbering("yearly"),
            "Numbering: 'yearly' is not a numbering; expected 'continuous' or "
            "'per_financial_year' (Numbering.CONTINUOUS or Numbering.PER_FINANCIAL_YEAR)",
            id="numbering",
        ),
    ],
)
def test_an_enumeration_value_that_is_none_of_its_members_is_the_library_error(
    build: Any, message: str
) -> None:
    # §6: the library's own error (still a ValueError, as Enum's was).
    with pytest.raises(InputFormatError) as refused:
        build()
    assert str(refused.value) == message
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize(
    "name",
    [
        "plan_repair",
        "choose_cutoff",
        "find_collisions",
        "find_stale_documents",
        "find_double_bookings",
        "find_collision_risks",
        "prevention_numbers",
    ],
)
@pytest.mark.parametrize("given", [None, "snapshot.json", {}])
def test_a_rule_given_no_snapshot_says_so_with_the_library_error(name: str, given: object) -> None:
    # §6: the library's own error, naming the value and what to build instead.
    import booking_reconcile

    with pytest.raises(InvalidTypeError) as refused:
        getattr(booking_reconcile, name)(given)
    assert str(refused.value) == (
        f"the argument: snapshot {quoted(given)} is not a Snapshot; expected a "
        "booking_reconcile.Snapshot (build one with Snapshot(...), snapshot_from_dict or the "
        "readers)"
    )


@pytest.mark.parametrize("name", ["verify_plan", "simulate", "simulate_repair"])
@pytest.mark.parametrize("given", [None, "plan.json", {}])
def test_a_function_given_no_plan_says_so_with_the_library_error(name: str, given: object) -> None:
    import booking_reconcile

    snapshot = Snapshot(Integration("70", "70"), [Invoice("A", DAY, 1)])
    with pytest.raises(InvalidTypeError) as refused:
        getattr(booking_reconcile, name)(snapshot, given)
    assert str(refused.value) == (
        f"the argument: plan {quoted(given)} is not a RepairPlan; expected a "
        "booking_reconcile.RepairPlan (from plan_repair, or RepairPlan.from_dict of a saved plan)"
    )


def test_confirm_repair_given_no_plan_or_no_snapshot_after_says_so() -> None:
    from booking_reconcile import confirm_repair, plan_repair

    snapshot = Snapshot(Integration("70", "70"), [Invoice("A", DAY, 1)])
    with pytest.raises(InvalidTypeError, match="plan None is not a RepairPlan"):
        confirm_repair(None, None, snapshot)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="snapshot None is not a Snapshot"):
        confirm_repair(None, plan_repair(snapshot), None)  # type: ignore[arg-type]

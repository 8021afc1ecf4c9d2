"""DOMAIN §6 at the public entry points: arguments and options refused in the library's words.

Every wrong argument or option is refused with an error of the library's own
hierarchy naming the argument (or option), the value and what to pass, never
a builtin ``AttributeError``/``KeyError``/``ValueError`` from deep inside; and
a wrong value is never silently accepted (``two_digit_years="no"`` does not
switch the option on, ``skipped_statuses="draft"`` does not match ``"a"``,
``financial_year(day, 13)`` gives no year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from booking_reconcile import (
    Booking,
    BookingReconcileError,
    CreditNote,
    CutoffPolicy,
    DocumentKind,
    DocumentRef,
    InputFormatError,
    Integration,
    InvalidTypeError,
    InvalidValueError,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    bookings_from_rows,
    collision_message,
    decode_export,
    documents_from_rows,
    financial_year,
    formats,
    natural_key,
    plan_repair,
    snapshot_from_dict,
    snapshot_from_rows,
    snapshot_to_dict,
    sync_order,
)
from booking_reconcile import verdict as _verdict
from booking_reconcile.adapters import answers
from booking_reconcile.adapters import exact_online as eo
from booking_reconcile.adapters import teamleader as tl
from booking_reconcile.readers import DateStyle, read_bookings, read_documents, read_journals
from booking_reconcile.serialize import booking_to_dict, document_to_dict, snapshot_from_json

DAY = dt.date(2026, 1, 5)
HUGE = 10**5000
INVOICES_CSV = "number;date;booking_number\nA;2026-01-05;1001\n"
TWO_DIGIT_CSV = "number;date;booking_number\nA;05-01-26;1001\n"
BOOKINGS_CSV = "journal;booking_number;date\n70;1;2026-01-05\n"
TL_INVOICES = {
    "data": [
        {
            "id": "i1",
            "invoice_number": "2026 / 1",
            "invoice_date": "2026-01-05",
            "status": "a",
            "booking_number": 1001,
        }
    ]
}
EXACT_ROW = {
    "EntryID": "e1",
    "EntryNumber": 1001,
    "Journal": "70",
    "EntryDate": "/Date(1767571200000)/",
    "YourRef": "2026 / 1",
    "Status": 50,
    "Type": 20,
    "Division": 1,
}
EXACT_JOURNALS = {"d": {"results": [{"Code": "70", "Description": "Sales", "Type": 20}]}}


def _entries(**fields: Any) -> dict[str, Any]:
    return {"d": {"results": [{**EXACT_ROW, **fields}]}}


def _snapshot() -> Snapshot:
    return Snapshot(
        Integration("70", "70"),
        [Invoice("B", DAY, 1002), Invoice("C", dt.date(2026, 1, 10), 1002)],
    )


def _refused(call: Callable[[], object], error: type[BookingReconcileError], *words: str) -> str:
    with pytest.raises(error) as refused:
        call()
    message = str(refused.value)
    for word in words:
        assert word in message
    return message


# -- F4: the readers' and adapters' options ------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        pytest.param(
            lambda: read_documents(INVOICES_CSV, kind="bill"),
            InvalidValueError,
            ("the option: kind 'bill' is not a document kind", "DocumentKind.INVOICE"),
            id="kind-unknown-text",
        ),
        pytest.param(
            lambda: read_documents(INVOICES_CSV, kind=1),
            InvalidTypeError,
            ("kind 1 is not a document kind",),
            id="kind-int",
        ),
        pytest.param(
            lambda: read_documents(INVOICES_CSV, date_style="dayfirst"),
            InvalidValueError,
            ("date_style 'dayfirst' is not a date style", "DateStyle.DAY_FIRST", "None"),
            id="date-style-unknown",
        ),
        pytest.param(
            lambda: read_bookings(BOOKINGS_CSV, date_style=["day-first"]),
            InvalidTypeError,
            ("date_style ['day-first'] is not a date style",),
            id="date-style-list",
        ),
        pytest.param(
            lambda: read_documents(INVOICES_CSV, kind="invoice", column_map={"number": 5}),
            InvalidTypeError,
            ("column_map['number'] 5 is not text",),
            id="column-map-value",
        ),
        pytest.param(
            lambda: read_journals("code\n70\n", column_map={5: "code"}),
            InvalidTypeError,
            ("column_map 5 has a key that is not text",),
            id="column-map-key",
        ),
        pytest.param(
            lambda: read_journals("code\n70\n", column_map=["code"]),
            InvalidTypeError,
            ("column_map ['code'] has the wrong type",),
            id="column-map-list",
        ),
        pytest.param(
            lambda: read_documents(INVOICES_CSV, kind="invoice", department=5),
            InvalidTypeError,
            ("the option: department 5 is not text",),
            id="department",
        ),
        pytest.param(
            lambda: read_bookings(BOOKINGS_CSV, division=5),
            InvalidTypeError,
            ("the option: division 5 is not text",),
            id="division",
        ),
    ],
)
def test_rule_6_reader_options_are_refused_naming_the_option(
    call: Callable[[], object], error: type[BookingReconcileError], words: tuple[str, ...]
) -> None:
    _refused(call, error, *words)


@pytest.mark.parametrize("flag", ["no", "false", "", 1, 0, None])
def test_rule_6_two_digit_years_is_strictly_a_bool(flag: object) -> None:
    # A truthy text ("no") must not switch on what the caller asked to have refused.
    _refused(
        lambda: read_documents(
            TWO_DIGIT_CSV,
            kind=DocumentKind.INVOICE,
            date_style=DateStyle.DAY_FIRST,
            two_digit_years=flag,  # type: ignore[arg-type]
        ),
        InvalidTypeError,
        "the option: two_digit_years",
        "is not True or False",
    )


def test_rule_6_reader_kind_and_date_style_may_be_given_by_their_values() -> None:
    # As bulk accepts a kind's value ("invoice"), so do the readers; a style's too.
    (invoice,) = read_documents(
        "number;date;booking_number\nA;05-01-2026;1001\n",
        kind="invoice",  # type: ignore[arg-type]
        date_style="day-first",  # type: ignore[arg-type]
    )
    assert invoice == Invoice("A", DAY, 1001)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        pytest.param(
            lambda: tl.read_invoices(TL_INVOICES, booking_number_field=5),
            InvalidTypeError,
            ("the option: booking_number_field 5 is not text",),
            id="tl-booking-number-field",
        ),
        pytest.param(
            lambda: tl.read_invoices(TL_INVOICES, skipped_statuses=None),
            InvalidTypeError,
            ("skipped_statuses None is not a collection of text",),
            id="tl-statuses-none",
        ),
        pytest.param(
            lambda: tl.read_credit_notes({"data": []}, department=7),
            InvalidTypeError,
            ("the option: department 7 is not text",),
            id="tl-department",
        ),
        pytest.param(
            lambda: tl.department_of(TL_INVOICES, skipped_statuses="draft"),
            InvalidTypeError,
            ("skipped_statuses 'draft' is not a collection of text",),
            id="tl-department-of-statuses",
        ),
        pytest.param(
            lambda: eo.read_bookings(_entries(), reference_field=None),
            InvalidTypeError,
            ("the option: reference_field None",),
            id="exact-reference-field",
        ),
        pytest.param(
            lambda: eo.read_bookings(_entries(), booked_statuses="50"),
            InvalidTypeError,
            ("booked_statuses '50' is not a collection of int values",),
            id="exact-statuses-text",
        ),
        pytest.param(
            lambda: eo.read_bookings(_entries(), skipped_statuses={True}),
            InvalidTypeError,
            ("skipped_statuses {True}",),
            id="exact-statuses-bool",
        ),
        pytest.param(
            lambda: eo.read_bookings(_entries(), integration="70"),
            InvalidTypeError,
            ("the option: integration '70'", "Integration"),
            id="exact-integration",
        ),
        pytest.param(
            lambda: eo.read_bookings(_entries(), tz="Europe/Brussels"),
            InvalidTypeError,
            ("the option: tz 'Europe/Brussels'", "tzinfo"),
            id="exact-tz",
        ),
        pytest.param(
            lambda: eo.read_bookings(_entries(), financial_year_start_month=13),
            InvalidValueError,
            ("financial_year_start_month 13 is not a month",),
            id="exact-month-13",
        ),
        pytest.param(
            lambda: eo.read_booking(EXACT_ROW, financial_year_start_month=0),
            InvalidValueError,
            ("financial_year_start_month 0 is not a month",),
            id="exact-one-row-month-0",
        ),
        pytest.param(
            lambda: eo.read_bookings(_entries(), reversals_are_manual="no"),
            InvalidTypeError,
            ("reversals_are_manual 'no' is not True or False",),
            id="exact-flag",
        ),
        pytest.param(
            lambda: eo.read_bookings(_entries(), division="1"),
            InvalidTypeError,
            ("the option: division '1' is not an integer",),
            id="exact-division-text",
        ),
        pytest.param(
            lambda: eo.read_journals(EXACT_JOURNALS, numbering="per_financial_year"),
            InvalidTypeError,
            ("the option: numbering 'per_financial_year'", "Numbering.PER_FINANCIAL_YEAR"),
            id="exact-numbering",
        ),
        pytest.param(
            lambda: eo.read_journals(EXACT_JOURNALS, financial_year_start_month=True),
            InvalidTypeError,
            ("financial_year_start_month True is not an integer",),
            id="exact-journals-month-bool",
        ),
        pytest.param(
            lambda: eo.parse_exact_date("/Date(1767225600000)/", tz="Europe/Brussels"),
            InvalidTypeError,
            ("the option: tz 'Europe/Brussels' is not a tzinfo",),
            id="exact-date-tz",
        ),
        pytest.param(
            lambda: answers.read_answers(TL_INVOICES, tz="UTC"),
            InvalidTypeError,
            ("the option: tz 'UTC'",),
            id="answers-tz",
        ),
        pytest.param(
            lambda: answers.read_answers(TL_INVOICES, role=["invoices"]),
            InvalidTypeError,
            ("the option: role ['invoices'] is not text",),
            id="answers-role-list",
        ),
    ],
)
def test_rule_6_adapter_options_are_refused_naming_the_option(
    call: Callable[[], object], error: type[BookingReconcileError], words: tuple[str, ...]
) -> None:
    _refused(call, error, *words)


def test_rule_6_a_lone_status_text_is_not_matched_by_its_letters() -> None:
    # "draft" as a str would leave out a row of status "a"; a tuple of it does not.
    _refused(
        lambda: tl.read_invoices(
            TL_INVOICES, booking_number_field="booking_number", skipped_statuses="draft"
        ),
        InvalidTypeError,
        "(one value too goes in a collection)",
    )
    read = tl.read_invoices(
        TL_INVOICES, booking_number_field="booking_number", skipped_statuses=("draft",)
    )
    assert [invoice.number for invoice in read] == ["2026 / 1"]


# -- F5: integers of more than 4,300 digits --------------------------------------------


@pytest.mark.parametrize(
    ("build", "words"),
    [
        pytest.param(lambda: Invoice(HUGE, DAY), "number <an integer", id="invoice-number"),
        pytest.param(lambda: CreditNote(HUGE, DAY), "number <an integer", id="credit-note"),
        pytest.param(
            lambda: DocumentRef(DocumentKind.INVOICE, HUGE), "number <an integer", id="ref-number"
        ),
        pytest.param(lambda: DocumentRef(HUGE, "A"), "kind <an integer", id="ref-kind"),
        pytest.param(lambda: Booking(HUGE, 1, DAY), "journal <an integer", id="booking-journal"),
        pytest.param(lambda: Journal(HUGE), "code <an integer", id="journal-code"),
        pytest.param(lambda: DocumentKind(HUGE), "DocumentKind: value <an integer", id="kind"),
        pytest.param(lambda: Numbering(HUGE), "Numbering: value <an integer", id="numbering"),
        pytest.param(lambda: CutoffPolicy(HUGE), "CutoffPolicy: value <an integer", id="policy"),
        pytest.param(
            lambda: documents_from_rows([("invoice", HUGE, DAY, None)]),
            "number <an integer",
            id="documents-from-rows",
        ),
    ],
)
def test_rule_6_a_huge_integer_is_the_library_type_error(
    build: Callable[[], object], words: str
) -> None:
    _refused(build, InvalidTypeError, words, "of more than 80 digits")


def test_rule_6_a_huge_document_number_in_snapshot_data_is_the_library_error() -> None:
    data = snapshot_to_dict(_snapshot())
    data["documents"][0]["number"] = HUGE
    with pytest.raises(BookingReconcileError, match="more than 80 digits"):
        snapshot_from_dict(data)


@pytest.mark.parametrize("value", [5, None, 1.5])
def test_rule_6_an_enumeration_value_of_the_wrong_type_is_a_type_error(value: object) -> None:
    for enumeration in (DocumentKind, Numbering, CutoffPolicy):
        with pytest.raises(InvalidTypeError, match=f"^{enumeration.__name__}: value "):
            enumeration(value)


def test_rule_6_cutoff_policy_refuses_an_unknown_text_as_the_other_enumerations_do() -> None:
    _refused(
        lambda: CutoffPolicy("rebook"),
        InputFormatError,
        "CutoffPolicy: 'rebook' is not a cutoff policy; expected 'keep-deleted' or "
        "'rebook-deleted'",
    )
    assert CutoffPolicy("rebook-deleted") is CutoffPolicy.REBOOK_DELETED


# -- F6: financial_year and the other public helpers -----------------------------------


@pytest.mark.parametrize(
    ("month", "error"),
    [
        (0, InvalidValueError),
        (13, InvalidValueError),
        (14, InvalidValueError),
        (-1, InvalidValueError),
        (True, InvalidTypeError),
        (1.5, InvalidTypeError),
        ("4", InvalidTypeError),
    ],
)
def test_rule_6_financial_year_checks_its_month_as_integration_does(
    month: object, error: type[BookingReconcileError]
) -> None:
    message = _refused(lambda: financial_year(DAY, month), error, "start_month")  # type: ignore[arg-type]
    with pytest.raises(error) as integration:
        Integration("70", "71", financial_year_start_month=month)  # type: ignore[arg-type]
    # The same words as the integration's, for the same value.
    assert message.partition(": ")[2] == str(integration.value).partition(": ")[2].replace(
        "financial_year_start_month", "start_month"
    )


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (dt.datetime(2026, 3, 1, 12), "is a datetime, not a calendar date"),
        ("2026-03-01", "datetime.date.fromisoformat"),
        (None, "day None is not a date"),
    ],
)
def test_rule_6_financial_year_refuses_a_datetime_or_a_text_date(day: object, words: str) -> None:
    _refused(lambda: financial_year(day, 4), InvalidTypeError, "financial_year: day", words)  # type: ignore[arg-type]


def test_rule_6_financial_year_of_right_arguments_is_unchanged() -> None:
    assert financial_year(dt.date(2026, 3, 1), 4) == 2025
    assert financial_year(dt.date(1, 2, 1), 4) == 0


def test_rule_6_collision_message_needs_two_documents() -> None:
    _refused(lambda: collision_message([]), InvalidValueError, "fewer than two documents")
    _refused(
        lambda: collision_message(["A", "B"]),  # type: ignore[list-item]
        InvalidTypeError,
        "documents[0] 'A' is not a document",
    )
    _refused(lambda: collision_message(None), InvalidTypeError, "documents None")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "words"),
    [
        pytest.param(lambda: natural_key(None), "number None is not text", id="natural-key"),
        pytest.param(lambda: natural_key(1001), "number 1001 is not text", id="natural-key-int"),
        pytest.param(lambda: sync_order(None), "documents None", id="sync-order-none"),
        pytest.param(lambda: sync_order("AB"), "documents 'AB'", id="sync-order-text"),
        pytest.param(
            lambda: sync_order([Invoice("A", DAY), Booking("70", 1, DAY)]),
            "documents[1] Booking(",
            id="sync-order-booking",
        ),
        pytest.param(lambda: snapshot_to_dict(None), "snapshot None", id="snapshot-to-dict"),
        pytest.param(
            lambda: snapshot_to_dict(plan_repair(_snapshot())),
            "is not a Snapshot",
            id="snapshot-to-dict-plan",
        ),
        pytest.param(lambda: document_to_dict(None), "document None", id="document-to-dict"),
        pytest.param(lambda: booking_to_dict(None), "booking None", id="booking-to-dict"),
        pytest.param(lambda: snapshot_from_json(b"{}"), "text b'{}'", id="from-json-bytes"),
        pytest.param(
            lambda: decode_export("text", source="x"), "data 'text' is not bytes", id="decode"
        ),
        pytest.param(lambda: decode_export(None, source="x"), "data None", id="decode-none"),
        pytest.param(lambda: _verdict.evidence_of(None), "plan None", id="evidence-of"),
    ],
)
def test_rule_6_public_helpers_refuse_a_wrong_argument_by_name(
    call: Callable[[], object], words: str
) -> None:
    _refused(call, InvalidTypeError, "the argument: ", words)


#: Each public function of ``formats`` that lays out one record (``render`` takes any
#: registered record, ``text_table`` rows of values).
_FORMATS = sorted(
    name
    for name in formats.__all__
    if callable(getattr(formats, name)) and name not in ("render", "text_table")
)


@pytest.mark.parametrize("name", _FORMATS)
@pytest.mark.parametrize("value", [None, 5, {}, "wrong record"], ids=["none", "int", "dict", "str"])
def test_rule_6_every_format_refuses_what_it_cannot_lay_out(name: str, value: object) -> None:
    function = getattr(formats, name)
    if value == "wrong record":
        # A record of another kind: a snapshot, or (where a snapshot is laid out) a plan.
        value = plan_repair(_snapshot()) if name.startswith("reading_") else _snapshot()
    if name in ("escape_markdown", "visible") and isinstance(value, Snapshot):
        value = 5
    with pytest.raises(InvalidTypeError, match=r"^the argument: "):
        function(value)


def test_rule_6_a_plan_is_laid_out_with_no_snapshot_or_a_snapshot_only() -> None:
    snapshot = _snapshot()
    plan = plan_repair(snapshot)
    assert formats.plan_to_text(plan)
    assert formats.plan_to_text(plan, snapshot)
    _refused(
        lambda: formats.plan_to_markdown(plan, plan),  # type: ignore[arg-type]
        InvalidTypeError,
        "the argument: snapshot",
    )


# -- F11: labels hold text a file can store --------------------------------------------


@pytest.mark.parametrize(
    ("labels", "field"),
    [
        ({"division": "12\ud8003"}, "labels['division']"),
        ({"divi\udc80sion": "12"}, "labels"),
    ],
    ids=["value", "key"],
)
def test_rule_6_labels_with_a_lone_surrogate_are_refused_as_text_fields_are(
    labels: dict[str, str], field: str
) -> None:
    _refused(
        lambda: Snapshot(Integration("70", "71"), [], labels=labels),
        InvalidValueError,
        f"snapshot: {field} ",
        "is not valid text (it holds a lone surrogate, which no file can store)",
    )


# -- F12: the Exact Online adapter's years and options ---------------------------------


@pytest.mark.parametrize("year", [0, 1, 2024, 2028, "0"])
def test_rule_6_a_reporting_year_more_than_a_year_away_from_the_date_is_refused(
    year: object,
) -> None:
    _refused(
        lambda: eo.read_bookings(_entries(ReportingYear=year)),
        InputFormatError,
        "field 'ReportingYear'",
        "is more than a year away from it",
        "dated 2026-01-05, in financial year 2026",
    )


@pytest.mark.parametrize("year", [2025, 2027])
def test_rule_6_a_reporting_year_one_year_away_is_read_with_a_warning(year: int) -> None:
    read = eo.read_booking_answers(_entries(ReportingYear=year))
    assert [booking.financial_year for booking in read.bookings] == [year]
    assert [warning.rule for warning in read.warnings] == ["numbering-year-differs"]


@pytest.mark.parametrize("year", [10**30, "9" * 30, 12345])
def test_rule_6_a_huge_reporting_year_is_called_a_year(year: object) -> None:
    message = _refused(
        lambda: eo.read_bookings(_entries(ReportingYear=year)),
        InputFormatError,
        "has more digits than a year has (at most 4)",
    )
    assert "booking number" not in message


# -- F13: smaller message gaps ---------------------------------------------------------


def test_rule_6_a_booking_row_with_a_kind_and_no_number_names_the_row() -> None:
    _refused(
        lambda: bookings_from_rows([("70", 1, DAY, "invoice", None)]),
        InvalidTypeError,
        "booking row 0: document_number None is not text",
        "or None with document_kind None for a manual booking",
    )


def test_rule_6_journals_given_as_text_to_snapshot_from_rows_are_refused_whole() -> None:
    # Not split into the journals '7' and '0'.
    _refused(
        lambda: snapshot_from_rows(Integration("70", "71"), [], journals="70"),  # type: ignore[arg-type]
        InvalidTypeError,
        "snapshot: journals '70' is not a sequence",
    )

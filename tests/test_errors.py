"""The exception hierarchy (DOMAIN.md §6): one base, precise kinds, builtin bases."""

from __future__ import annotations

import datetime as dt

import pytest

import booking_reconcile
from booking_reconcile import (
    BookingReconcileError,
    InconsistentInputError,
    InputFormatError,
    Integration,
    InvalidFieldError,
    InvalidTypeError,
    InvalidValueError,
    Invoice,
    MissingBookingsError,
    PlanMismatchError,
    Snapshot,
    find_stale_documents,
)
from booking_reconcile import errors as errors_module

ERROR_CLASSES = [
    getattr(errors_module, name)
    for name in errors_module.__all__
    if name not in {"BookingReconcileError", "InvalidFieldError"}
]


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        pytest.param(InvalidTypeError, TypeError, id="invalid-type"),
        pytest.param(InvalidValueError, ValueError, id="invalid-value"),
        pytest.param(InconsistentInputError, ValueError, id="inconsistent-input"),
        pytest.param(MissingBookingsError, ValueError, id="missing-bookings"),
        pytest.param(PlanMismatchError, ValueError, id="plan-mismatch"),
        pytest.param(InputFormatError, ValueError, id="input-format"),
    ],
)
def test_every_error_subclasses_the_base_and_the_builtin_it_refines(
    error: type[Exception], builtin: type[Exception]
) -> None:
    assert issubclass(error, BookingReconcileError)
    assert issubclass(error, builtin)


def test_every_concrete_error_also_subclasses_a_builtin() -> None:
    # Bad input is a ValueError or TypeError; a defect of the library itself
    # (a plan that fails its own proof) may be a RuntimeError.
    assert ERROR_CLASSES
    for error in ERROR_CLASSES:
        assert issubclass(error, BookingReconcileError), error
        assert issubclass(error, (ValueError, TypeError, RuntimeError)), error


def test_every_error_is_exported_from_the_package() -> None:
    for name in errors_module.__all__:
        assert getattr(booking_reconcile, name) is getattr(errors_module, name)
        assert name in booking_reconcile.__all__


def test_invalid_field_error_names_record_field_value_and_expectation() -> None:
    error = InvalidValueError("invoice 2026/5", "booking_number", 0, "is not positive", "1 or more")

    assert str(error) == "invoice 2026/5: booking_number 0 is not positive; expected 1 or more"
    assert (error.record, error.field, error.value) == ("invoice 2026/5", "booking_number", 0)
    assert (error.problem, error.expected) == ("is not positive", "1 or more")
    assert isinstance(error, InvalidFieldError)


def test_invalid_field_error_shows_the_value_as_written_in_python() -> None:
    error = InvalidTypeError(
        "booking #1 in journal 70", "date", "2026-02-30", "is not a date", "a date"
    )

    assert "date '2026-02-30' is not a date" in str(error)


def test_model_error_can_be_caught_as_the_builtin() -> None:
    with pytest.raises(ValueError, match="booking_number -3"):
        Invoice("2026/5", dt.date(2026, 1, 5), -3)
    with pytest.raises(TypeError, match="booking_number '12a'"):
        Invoice("2026/5", dt.date(2026, 1, 5), "12a")  # type: ignore[arg-type]


def test_model_error_can_be_caught_as_the_base() -> None:
    with pytest.raises(BookingReconcileError) as raised:
        Invoice("2026/5", dt.datetime(2026, 1, 5, 10, 0))

    assert isinstance(raised.value, InvalidTypeError)
    assert raised.value.field == "date"
    assert raised.value.record == "invoice 2026/5"


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        pytest.param(None, None, "export.csv: a column is missing", id="source-only"),
        pytest.param(3, None, "export.csv, line 3: a column is missing", id="with-line"),
        pytest.param(
            3, "date", "export.csv, line 3, field 'date': a column is missing", id="line-and-field"
        ),
        pytest.param(
            None, "date", "export.csv, field 'date': a column is missing", id="field-only"
        ),
    ],
)
def test_input_format_error_names_source_line_and_field(
    line: int | None, field: str | None, expected: str
) -> None:
    error = InputFormatError("export.csv", "a column is missing", line=line, field=field)

    assert str(error) == expected
    assert (error.source, error.line, error.field) == ("export.csv", line, field)
    assert error.reason == "a column is missing"


def test_find_stale_documents_raises_missing_bookings_error_when_bookings_is_none() -> None:
    snapshot = Snapshot(Integration("70", "71"), [Invoice("2026/5", dt.date(2026, 1, 5), 1)])

    with pytest.raises(MissingBookingsError) as raised:
        find_stale_documents(snapshot)

    message = str(raised.value)
    assert "find_stale_documents" in message
    assert "bookings=None" in message
    assert "bookings=()" in message  # says what to pass instead


def test_empty_bookings_are_not_missing_bookings() -> None:
    snapshot = Snapshot(
        Integration("70", "71"), [Invoice("2026/5", dt.date(2026, 1, 5), 1)], bookings=()
    )

    assert [document.number for document in find_stale_documents(snapshot)] == ["2026/5"]

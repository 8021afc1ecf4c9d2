"""Field validators shared by the models (private).

Each validator has the signature attrs expects, ``(instance, attribute,
value)``, does the cheap check first and only builds a message when it fails.
The record a message names comes from the instance's ``record_name()``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection
from typing import Any
from unicodedata import category
from unicodedata import name as character_name

import attrs

from .errors import (
    BookingReconcileError,
    InputFormatError,
    InvalidTypeError,
    InvalidValueError,
    quoted,
)

#: Booking numbers are stored as signed 64-bit integers by accounting
#: packages; anything larger is certainly a typing or parsing mistake.
MAX_BOOKING_NUMBER = 2**63 - 1


def _record(instance: Any) -> str:
    name: str = instance.record_name()
    return name


def booking_number(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A booking number: an ``int`` (not a ``bool``) from 1 to 2**63 - 1."""
    if value.__class__ is int and 0 < value <= MAX_BOOKING_NUMBER:
        return
    _refuse_booking_number(_record(instance), attribute.name, value, optional=False)


def optional_booking_number(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A booking number or ``None``."""
    if value is None or (value.__class__ is int and 0 < value <= MAX_BOOKING_NUMBER):
        return
    _refuse_booking_number(_record(instance), attribute.name, value, optional=True)


def _refuse_booking_number(record: str, field: str, value: Any, *, optional: bool) -> None:
    expected = "a whole number of 1 or more"
    if optional:
        # A journal's next number is None when unknown; a document's when not booked.
        unknown = field == "next_booking_number"
        expected += (
            ", or None when it is not known"
            if unknown
            else ", or None when the document is not booked"
        )
    if isinstance(value, bool) or not isinstance(value, int):
        hint = ""
        if isinstance(value, str):
            hint = " (convert text with int() before building the record)"
        raise InvalidTypeError(record, field, value, "is not an integer", expected + hint)
    if value > MAX_BOOKING_NUMBER:
        raise InvalidValueError(
            record, field, value, "is too large", f"at most {MAX_BOOKING_NUMBER}"
        )
    if value > 0:
        return  # a subclass of int (not bool) in range is a whole number
    raise InvalidValueError(record, field, value, "is not a positive integer", expected)


#: The financial years a record may name: those ``datetime`` can date (year 0
#: is the financial year of the first months of year 1, see ``periods``).
MAX_FINANCIAL_YEAR = 9999


def optional_financial_year(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A financial year (the calendar year it starts in, 0 to 9999) or ``None``."""
    if value is None or (value.__class__ is int and 0 <= value <= MAX_FINANCIAL_YEAR):
        return
    expected = "the calendar year the financial year starts in, such as 2026, or None"
    if isinstance(value, bool) or not isinstance(value, int):
        hint = " (convert text with int() before building the record)"
        raise InvalidTypeError(
            _record(instance),
            attribute.name,
            value,
            "is not an integer",
            expected + (hint if isinstance(value, str) else ""),
        )
    if 0 <= value <= MAX_FINANCIAL_YEAR:
        return  # a subclass of int (not bool) in range is a year
    raise InvalidValueError(
        _record(instance), attribute.name, value, "is not a financial year", expected
    )


def calendar_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A :class:`datetime.date` that is not a :class:`datetime.datetime`."""
    if value.__class__ is dt.date:
        return
    _refuse_date(_record(instance), attribute.name, value, optional=False)


def optional_calendar_date(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A calendar date or ``None``."""
    if value is None or value.__class__ is dt.date:
        return
    _refuse_date(_record(instance), attribute.name, value, optional=True)


def _refuse_date(record: str, field: str, value: Any, *, optional: bool) -> None:
    if isinstance(value, dt.datetime):
        raise InvalidTypeError(
            record,
            field,
            value,
            "is a datetime, not a calendar date",
            "a datetime.date; pass value.date() if the time of day does not matter",
        )
    if isinstance(value, dt.date):
        return  # a subclass of date that is not a datetime is a date
    expected = "a datetime.date"
    if optional:
        expected += " or None"
    if isinstance(value, str):
        expected += " (parse text with datetime.date.fromisoformat first)"
    raise InvalidTypeError(record, field, value, "is not a date", expected)


def optional_timestamp(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A :class:`datetime.datetime` or ``None``."""
    if value is None or isinstance(value, dt.datetime):
        return
    raise InvalidTypeError(
        _record(instance),
        attribute.name,
        value,
        "is not a datetime",
        "a datetime.datetime (the moment the document was synchronised) or None",
    )


def code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-empty text without surrounding white space (numbers, codes).

    Text that cannot be written as UTF-8 (a lone surrogate, as a broken JSON
    escape ``"\\ud800"`` gives) is refused: no file or terminal could show it.
    """
    if (
        value.__class__ is str
        and value
        and not value[0].isspace()
        and not value[-1].isspace()
        and (value.isascii() or is_code_text(value))
    ):
        return
    _refuse_code(_record(instance), attribute.name, value)


def is_code_text(text: str) -> bool:
    """Whether ``text`` can be a number or code: UTF-8 text, and nothing invisible in it.

    An invisible formatting character (Unicode's category ``Cf``: a zero-width
    space, a direction mark, a soft hyphen) makes a number look like another
    that it does not equal. Printable text holds none (tested in C).
    """
    return is_text(text) and (text.isprintable() or invisible_character(text) is None)


def invisible_character(text: str) -> str | None:
    """The first invisible formatting character of ``text`` (category ``Cf``), if any."""
    return next((character for character in text if category(character) == "Cf"), None)


def is_text(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (it holds no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def not_text(record: str, field: str, value: str) -> InvalidValueError:
    """The error for text that holds a lone surrogate (:func:`is_text` is false)."""
    return InvalidValueError(
        record,
        field,
        value,
        "is not valid text (it holds a lone surrogate, which no file can store)",
        "text that can be written as UTF-8: correct the source the value came from",
    )


def optional_code(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A code or ``None``."""
    if value is None:
        return
    code(instance, attribute, value)


#: The fields that hold a journal's code; the others a document number.
_JOURNAL_FIELDS = frozenset({"journal", "code", "invoice_journal", "credit_note_journal"})


def _refuse_code(record: str, field: str, value: Any) -> None:
    expected = (
        "a journal's code as a non-empty str, such as '70'"
        if field in _JOURNAL_FIELDS
        else "a non-empty str such as '2026/17'"
    )
    if not isinstance(value, str):
        raise InvalidTypeError(record, field, value, "is not text", expected)
    if not value.strip():
        raise InvalidValueError(record, field, value, "is empty", expected)
    if not is_text(value):
        raise not_text(record, field, value)
    invisible = invisible_character(value)
    if invisible is not None:
        raise InvalidValueError(
            record,
            field,
            value,
            f"holds an invisible character, U+{ord(invisible):04X} {character_name(invisible, '')}".rstrip(),
            "the text without it: remove it where the value came from (text copied from a "
            "web page or a PDF often carries one)",
        )
    if value == value.strip():
        return  # a subclass of str without surrounding white space is text
    raise InvalidValueError(
        record,
        field,
        value,
        "has white space around it",
        f"{value.strip()!r}: strip the value before building the record",
    )


def cutoff_argument(function: str, value: Any) -> None:
    """A cutoff passed to a function: a calendar date or ``None``."""
    if value is None or value.__class__ is dt.date:
        return
    _refuse_date(function, "cutoff", value, optional=True)


def month(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A month number from 1 to 12."""
    if value.__class__ is int and 1 <= value <= 12:
        return
    month_argument(_record(instance), attribute.name, value)


def month_argument(record: str, name: str, value: Any) -> int:
    """``value`` if it is a month from 1 to 12; else the library's error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(record, name, value, "is not an integer", "a month from 1 to 12")
    if 1 <= value <= 12:
        return value  # a subclass of int (not bool) in range is a month
    raise InvalidValueError(record, name, value, "is not a month", "a month from 1 to 12")


def date_argument(record: str, name: str, value: Any) -> dt.date:
    """``value`` if it is a calendar date; else the error the models give for a date field."""
    if value.__class__ is not dt.date:
        _refuse_date(record, name, value, optional=False)
    result: dt.date = value
    return result


def instance_of(kind: type | tuple[type, ...], expected: str) -> Any:
    """A validator that accepts instances of ``kind`` only."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind):
            raise InvalidTypeError(
                _record(instance), attribute.name, value, "has the wrong type", expected
            )

    return check


def optional_instance_of(kind: type | tuple[type, ...], expected: str) -> Any:
    """Like :func:`instance_of`, also accepting ``None``."""
    expected += " or None"

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not isinstance(value, kind):
            raise InvalidTypeError(
                _record(instance), attribute.name, value, "has the wrong type", expected
            )

    return check


# -- the arguments and options of public functions ------------------------------------


def argument(
    name: str,
    value: Any,
    kind: type | tuple[type, ...],
    expected: str,
    *,
    problem: str | None = None,
    record: str = "the argument",
) -> Any:
    """``value`` if it is a ``kind``; else the library's error naming the argument ``name``.

    The check the entry points make first (a plan for ``plan``, a snapshot for
    ``snapshot``), so that a wrong value is refused in words rather than by an
    ``AttributeError`` deep inside. ``expected`` says what to pass and where
    to get one.

    >>> argument("labels", None, dict, "a dict of texts")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InvalidTypeError: the argument: labels None is not a dict; expected a dict of texts
    """
    if isinstance(value, kind):
        return value
    if problem is None:
        problem = f"is not a {kind.__name__}" if isinstance(kind, type) else "has the wrong type"
    raise InvalidTypeError(record, name, value, problem, expected)


def option(name: str, value: Any, kind: type | tuple[type, ...], expected: str) -> Any:
    """``value`` if it is a ``kind`` (or ``None``); else the library's error naming the option."""
    if value is None or isinstance(value, kind):
        return value
    return argument(name, value, kind, expected, problem="has the wrong type", record="the option")


def flag_option(name: str, value: Any) -> bool:
    """``value`` if it is ``True`` or ``False``: a truthy text such as ``'no'`` is no flag."""
    if value is True or value is False:
        return value
    raise InvalidTypeError(
        "the option",
        name,
        value,
        "is not True or False",
        "True or False (a text or a number is not read as either)",
    )


def text_option(name: str, value: Any) -> str | None:
    """``value`` if it is text (that can be written as UTF-8) or ``None``."""
    if value is None or (isinstance(value, str) and is_text(value)):
        return value
    if isinstance(value, str):
        raise InvalidValueError(
            "the option", name, value, "is not valid text", "text without a lone surrogate"
        )
    raise InvalidTypeError("the option", name, value, "is not text", "a str, or None")


def members_option(name: str, value: Any, kind: type, example: str) -> Any:
    """``value`` if it is a collection (a set, a tuple, a list) of ``kind``; a lone one is not.

    A text is a collection of its letters: ``"draft"`` would match ``"a"``.
    """
    if (isinstance(value, Collection) and not isinstance(value, (str, bytes, bytearray))) and all(
        isinstance(item, kind) and not isinstance(item, bool) for item in value
    ):
        return value
    raise InvalidTypeError(
        "the option",
        name,
        value,
        "is not a collection of " + ("text" if kind is str else f"{kind.__name__} values"),
        f"a set, tuple or list such as {example} (one value too goes in a collection)",
    )


# -- the enumerations' values ----------------------------------------------------------


class Members(enum.EnumMeta):
    """The metaclass of the library's enumerations: every refused value is the library's error.

    ``Enum`` builds its own ``ValueError`` after ``_missing_`` refused a value,
    quoting it with ``repr``, which fails for an int of more than 4,300 digits:
    that failure is replaced by the enumeration's own refusal.
    """

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except ValueError as error:
            if isinstance(error, BookingReconcileError) or not args:
                raise
            cls._missing_(args[0])  # type: ignore[attr-defined]
            raise


def refuse_member(enumeration: type[enum.Enum], value: object, what: str) -> None:
    """Refuse ``value`` as a member of ``enumeration`` with the library's error (not Enum's).

    Text that names no member is an :class:`InputFormatError` (it was read from
    somewhere); anything else is of the wrong type.

    >>> from booking_reconcile import DocumentKind
    >>> DocumentKind("bill")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: DocumentKind: 'bill' is not a document kind; expected 'invoice' or 'credit_note' (DocumentKind.INVOICE or DocumentKind.CREDIT_NOTE)
    >>> DocumentKind(10**5000)
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InvalidTypeError: DocumentKind: value <an integer of more than 80 digits> is not a document kind; expected 'invoice' or 'credit_note' (DocumentKind.INVOICE or DocumentKind.CREDIT_NOTE)
    """
    values = " or ".join(repr(member.value) for member in enumeration)
    names = " or ".join(f"{enumeration.__name__}.{member.name}" for member in enumeration)
    expected = f"{values} ({names})"
    if not isinstance(value, str):
        raise InvalidTypeError(enumeration.__name__, "value", value, f"is not {what}", expected)
    raise InputFormatError(
        enumeration.__name__, f"{quoted(value)} is not {what}; expected {expected}"
    )

"""The library's exceptions: one base class, a few precise kinds.

Bad *input* raises: the caller must fix it, and nothing is computed from it.
*Findings* about valid input (collisions, warnings, blockers) are records the
functions return, never exceptions.

Every error subclasses :class:`BookingReconcileError`, and also
:class:`ValueError` or :class:`TypeError` as fits, so callers may catch either
the library's base or the builtin they already expect. Messages name the
record, the field and the value, and say what is expected:

>>> from datetime import date
>>> from booking_reconcile import Invoice
>>> Invoice("2026/5", date(2026, 1, 5), booking_number=0)
Traceback (most recent call last):
...
booking_reconcile.errors.InvalidValueError: invoice 2026/5: booking_number 0 is not a positive integer; expected a whole number of 1 or more, or None when the document is not booked
"""

from __future__ import annotations

__all__ = [
    "BookingReconcileError",
    "InconsistentInputError",
    "InputFormatError",
    "InvalidFieldError",
    "InvalidTypeError",
    "InvalidValueError",
    "MissingBookingsError",
    "PlanMismatchError",
    "UnsoundPlanError",
    "WorkerProcessError",
]

import reprlib
from typing import Any

#: At most this many characters of a bad value are quoted in a message, so that
#: a million-element list or a 4,000-digit number still gives one short line.
QUOTE_LIMIT = 80

_REPR = reprlib.Repr()
_REPR.maxstring = QUOTE_LIMIT
_REPR.maxother = QUOTE_LIMIT
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 4
_REPR.maxlevel = 2


def shown(code: object) -> str:
    """A code (a journal, a document number) as messages show it.

    As it is when it is clean, printable text; else quoted, so that a line
    end or a control character inside it never breaks a message's one line.

    >>> print(shown("70"), shown("70\\n71"))
    70 '70\\n71'
    """
    if isinstance(code, str) and code and code.strip() == code and code.isprintable():
        return code
    return quoted(code)


def quoted(value: Any) -> str:
    """``value`` as messages quote it: its ``repr``, bounded and on one line.

    The ``repr`` escapes line ends, so a message stays one line; a long value
    is cut to about :data:`QUOTE_LIMIT` characters, and a deeply nested one is
    shown to two levels (no recursion error while a message is built).

    >>> quoted("2026/5")
    "'2026/5'"
    >>> len(quoted("9" * 5000)) <= QUOTE_LIMIT + 5
    True
    >>> quoted(list(range(1000)))
    '[0, 1, 2, 3, ...]'
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**QUOTE_LIMIT:
        # int.__repr__ refuses more than 4,300 digits; say how many instead.
        return f"<an integer of more than {QUOTE_LIMIT} digits>"
    try:
        text = _REPR.repr(value)
    except (RecursionError, ValueError):
        text = f"<a {type(value).__name__}>"
    if len(text) > QUOTE_LIMIT + 5:
        text = text[:QUOTE_LIMIT] + "...'"
    return text


class BookingReconcileError(Exception):
    """Base of every error this library raises."""


class InvalidFieldError(BookingReconcileError):
    """A field of a record holds a value the library cannot use.

    ``record`` names the record (``"invoice 2026/5"``), ``field`` the field,
    ``value`` the offending value and ``expected`` what would be accepted.
    """

    def __init__(self, record: str, field: str, value: Any, problem: str, expected: str):
        self.record = record
        self.field = field
        self.value = value
        self.problem = problem
        self.expected = expected
        super().__init__(f"{record}: {field} {quoted(value)} {problem}; expected {expected}")


class InvalidTypeError(InvalidFieldError, TypeError):
    """A field holds a value of the wrong type (a ``datetime`` for a date, ...)."""


class InvalidValueError(InvalidFieldError, ValueError):
    """A field holds a value of the right type but outside the allowed range."""


class InconsistentInputError(BookingReconcileError, ValueError):
    """The records are valid one by one but contradict each other.

    The same document twice, a booking that refers to an unknown document,
    two bookings with one number in one journal and numbering period, ...
    ``records`` holds the records that contradict each other, when the error
    names two of one kind (the two bookings of one number): a reader of files
    names their lines with it.
    """

    def __init__(self, message: str, *, records: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.records = records


class MissingBookingsError(BookingReconcileError, ValueError):
    """A function needs the accounting side's bookings but the snapshot has none."""


class PlanMismatchError(BookingReconcileError, ValueError):
    """A repair plan is used with a snapshot it was not computed from."""


class InputFormatError(BookingReconcileError, ValueError):
    """A file or payload cannot be read into the models.

    ``source`` names the file or payload, ``line`` the line or row (1-based,
    or ``None``), ``field`` the column or key.
    """

    def __init__(
        self,
        source: str,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
    ):
        self.source = source
        self.line = line
        self.field = field
        self.reason = message
        # A file name may hold a line end or an escape: quoted whole, it never forges a line.
        named = source if source.isprintable() else repr(source)
        where = named if line is None else f"{named}, line {line}"
        if field is not None:
            where = f"{where}, field {field!r}"
        super().__init__(f"{where}: {message}")


class UnsoundPlanError(BookingReconcileError, RuntimeError):
    """A computed plan failed its own proof: a defect of this library.

    :func:`booking_reconcile.plan_repair` proves every plan by simulation
    before returning it; this error means the proof failed, and nothing may be
    deleted on the strength of that plan. Please report it with the input.
    """


class WorkerProcessError(BookingReconcileError, RuntimeError):
    """A worker process of :func:`booking_reconcile.batch.check_many` ended before it answered.

    Most often a script that calls ``check_many`` without an ``if __name__ ==
    "__main__":`` guard, where processes start by spawn or forkserver: each
    worker imports the script again and calls ``check_many`` itself.
    """

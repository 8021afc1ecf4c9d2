"""The one grammar of dates, moments and booking numbers, shared by every reader.

The CSV readers, the snapshot JSON and both adapters read the same three
kinds of value; they all parse them here, so a value accepted in one input is
accepted in every other, and refused with the same words.

**Booking numbers** are plain ASCII digits, at most :data:`MAX_DIGITS` of
them (a longer run is refused before it is turned into a number, so a
4,300-digit field is one clear error, never a traceback). Leading zeros are
read (``0007`` is 7). Signs, spaces, thousands separators (``1.002``,
``1,002``) and other scripts' digits are refused, not guessed. Whether the
number is in range (1 to 2**63 - 1) is the models' check.

>>> parse_booking_number("1002", source="bookings.csv")
1002
>>> parse_booking_number("1.002", source="bookings.csv", line=4, field="booking_number")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: bookings.csv, line 4, field 'booking_number': '1.002' is not a booking number; write a whole number of 1 or more in plain digits, such as 1002
>>> parse_booking_number("9" * 25, source="bookings.csv")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: bookings.csv: '9999999999999999999999999' has 25 digits, more than a booking number has (at most 20); check the column holds booking numbers

**Dates** are calendar dates. Everywhere ``YYYY-MM-DD`` (ISO 8601) is read.
Where the formats differ, they differ here and only here:

- the snapshot JSON and the Teamleader API take ``YYYY-MM-DD`` and nothing
  else (:func:`parse_iso_date`): those are written
  by programs, and anything else is a mistake;
- the command's ``--start-date`` takes a CSV date (below), without a time,
  its style its own or ``--day-first``'s;
- a CSV or spreadsheet export (:func:`parse_date`) may also write dates in the
  user's style, day first or month first, separated by ``-``, ``/`` or ``.``
  (``05-01-2026``, ``5/1/2026``, ``05.01.2026``); the style is one per file
  (:func:`infer_date_style`) and a file whose dates fit both styles is
  refused; a time of midnight after the date (``2026-01-05 00:00:00``, what
  a spreadsheet writes for a date cell) is read as the date, any other time
  is refused; two-digit years (``05-01-26``) only with ``two_digit_years``
  (read as 20YY);
- Exact Online writes the OData form ``/Date(1767225600000)/``, milliseconds
  since 1970-01-01 UTC, maybe with an offset suffix whose digits are ignored
  (:func:`parse_odata_date`); ISO dates and moments are read there too.

>>> parse_date("05.01.2026", source="x.csv", style=DateStyle.DAY_FIRST)
datetime.date(2026, 1, 5)
>>> parse_date("1/5/2026", source="x.csv", style=DateStyle.MONTH_FIRST)
datetime.date(2026, 1, 5)
>>> parse_date("2026-01-05 00:00:00", source="x.csv")
datetime.date(2026, 1, 5)
>>> parse_iso_date("2026-01-05 00:00:00", source="snapshot", field="date")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: snapshot, field 'date': '2026-01-05 00:00:00' is not a date; expected YYYY-MM-DD (2026-01-31)

**Moments** (sync times) are ISO 8601 date-times: ``YYYY-MM-DD``, ``T`` or a
space, ``HH:MM`` with optional ``:SS`` and up to six decimals, and an optional
offset ``Z``, ``+01:00``, ``+0100`` or ``+01:00:30`` (what
:meth:`datetime.isoformat` writes for an odd offset). Hours run 00 to 23:
``T24:00`` is refused, not read as the next day. The same grammar serves
CSV and JSON.

>>> parse_moment("2026-01-10T09:30:00+0100", source="x")
datetime.datetime(2026, 1, 10, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(seconds=3600)))
>>> parse_moment("2026-01-10T24:00", source="x")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: x: '2026-01-10T24:00' is not a moment that exists (hour must be in 0..23); write it as 2026-01-10T09:30:00, optionally with an offset such as +01:00
"""

from __future__ import annotations

__all__ = [
    "MAX_DIGITS",
    "DateStyle",
    "infer_date_style",
    "parse_booking_number",
    "parse_date",
    "parse_iso_date",
    "parse_moment",
    "parse_odata_date",
    "whole_number",
]

import datetime as dt
import enum
import re
from collections.abc import Iterable
from typing import Any

from . import _checks
from .errors import InputFormatError, quoted

#: A booking number has at most this many digits (2**63 - 1 has 19).
MAX_DIGITS = 20

# ``[0-9]``, not ``\d``: ``\d`` also matches other scripts' digits.
_DIGITS = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_LOCAL_DATE = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})")
_MIDNIGHT = re.compile(r"[T ]00:00(?::00(?:\.0{1,6})?)?\Z")
_TIME = re.compile(r"[T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?")
_MOMENT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?"
    r"(Z|[+-][0-9]{2}(?::?[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?)?"
)
_OFFSET = re.compile(r"([+-])([0-9]{2}):?([0-9]{2})?(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?")
#: The OData JSON date: milliseconds since the epoch, maybe an offset (ignored:
#: the milliseconds are UTC by the format's definition).
_ODATA_DATE = re.compile(r"/Date\((-?[0-9]{1,15})(?:[+-][0-9]{4})?\)/")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

_ISO_EXPECTED = "YYYY-MM-DD (2026-01-31)"
_MOMENT_EXPECTED = "write it as 2026-01-10T09:30:00, optionally with an offset such as +01:00"
_NUMBER_EXPECTED = "write a whole number of 1 or more in plain digits, such as 1002"


class DateStyle(enum.Enum):
    """How a file writes its dates: ISO, or the user's style, day or month first."""

    ISO = "iso"
    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"

    def __repr__(self) -> str:
        return f"DateStyle.{self.name}"


_EXAMPLES = {
    DateStyle.ISO: "YYYY-MM-DD (2026-01-31)",
    DateStyle.DAY_FIRST: "YYYY-MM-DD (2026-01-31) or day first (31-01-2026, 31/01/2026, 31.01.2026)",
    DateStyle.MONTH_FIRST: "YYYY-MM-DD (2026-01-31) or month first (01/31/2026)",
}


# -- booking numbers ----------------------------------------------------------------


def parse_booking_number(
    text: str, *, source: str, line: int | None = None, field: str | None = None
) -> int:
    """A booking number written as plain digits (see the module's docstring)."""
    if _DIGITS.fullmatch(text):
        if len(text) > MAX_DIGITS:
            raise InputFormatError(
                source,
                f"{quoted(text)} has {len(text)} digits, more than a booking number has "
                f"(at most {MAX_DIGITS}); check the column holds booking numbers",
                line=line,
                field=field,
            )
        return int(text)
    raise InputFormatError(
        source,
        f"{quoted(text)} is not a booking number; {_NUMBER_EXPECTED}",
        line=line,
        field=field,
    )


def whole_number(value: Any, *, source: str, field: str) -> int | None:
    """A whole number of a decoded payload: a JSON integer or digits in a string.

    ``None`` (JSON ``null``) and blank text give ``None``; anything else
    (``True``, ``1.5``, ``"12a"``, more than :data:`MAX_DIGITS` digits) is
    refused.

    >>> whole_number("0042", source="SalesEntries[0]", field="EntryNumber")
    42
    >>> whole_number(1.5, source="SalesEntries[0]", field="EntryNumber")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: SalesEntries[0], field 'EntryNumber': 1.5 is not a whole number
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= 10**MAX_DIGITS:
            raise InputFormatError(
                source,
                f"{quoted(value)} has more digits than a booking number has (at most {MAX_DIGITS})",
                field=field,
            )
        return value
    if isinstance(value, str):
        return parse_booking_number(value.strip(), source=source, field=field)
    raise InputFormatError(source, f"{quoted(value)} is not a whole number", field=field)


# -- dates ----------------------------------------------------------------------------


def parse_iso_date(
    text: str, *, source: str, line: int | None = None, field: str | None = None
) -> dt.date:
    """A date written exactly ``YYYY-MM-DD``: the grammar of JSON and of options."""
    matched = _ISO_DATE.fullmatch(text)
    if not matched:
        raise InputFormatError(
            source,
            f"{quoted(text)} is not a date; expected {_ISO_EXPECTED}",
            line=line,
            field=field,
        )
    return _calendar_date(
        int(matched[1]), int(matched[2]), int(matched[3]), text, _ISO_EXPECTED, source, line, field
    )


def parse_date(
    text: str,
    *,
    source: str,
    line: int | None = None,
    field: str | None = None,
    style: DateStyle = DateStyle.ISO,
    two_digit_years: bool = False,
    midnight: bool = True,
) -> dt.date:
    """A date of a CSV or spreadsheet export, written in ``style`` (ISO always reads).

    ``midnight=False`` refuses a time after the date, even 00:00 (the
    command's options, where a person types the date).

    >>> parse_date("2026-01-10", source="x"), parse_date("10-01-2026", source="x", style=DateStyle.DAY_FIRST)
    (datetime.date(2026, 1, 10), datetime.date(2026, 1, 10))
    >>> parse_date("01/02/2026", source="documents.csv", line=3, field="date")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: documents.csv, line 3, field 'date': '01/02/2026' is not a date in a form this reader accepts; write it as YYYY-MM-DD (2026-01-31), or pass --day-first or --month-first (date_style= in Python) for dates written the other way
    >>> parse_date("2026-01-10 09:30", source="x.csv", field="date")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: x.csv, field 'date': '2026-01-10 09:30' has a time of day; write the date alone (a time of 00:00:00 is read as the date alone)
    """
    expected = _EXAMPLES[style]
    day_text = _without_midnight(text) if midnight else text
    iso = _ISO_DATE.fullmatch(day_text)
    if iso:
        return _calendar_date(
            int(iso[1]), int(iso[2]), int(iso[3]), text, expected, source, line, field
        )
    local = _LOCAL_DATE.fullmatch(day_text)
    if local and style is not DateStyle.ISO:
        first, second, year_text = int(local[1]), int(local[3]), local[4]
        if len(year_text) == 2 and not two_digit_years:
            raise InputFormatError(
                source,
                f"{quoted(text)} has a two-digit year; write the year in full (2026), or pass "
                "--two-digit-years (two_digit_years=True in Python) to read 26 as 2026",
                line=line,
                field=field,
            )
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        day, month = (first, second) if style is DateStyle.DAY_FIRST else (second, first)
        return _calendar_date(year, month, day, text, expected, source, line, field)
    if _TIME.search(text) and (_ISO_DATE.match(text) or _LOCAL_DATE.match(text)):
        allowed = " (a time of 00:00:00 is read as the date alone)" if midnight else ""
        raise InputFormatError(
            source,
            f"{quoted(text)} has a time of day; write the date alone{allowed}",
            line=line,
            field=field,
        )
    hint = f"write it as {expected}"
    if style is DateStyle.ISO:
        hint += (
            ", or pass --day-first or --month-first (date_style= in Python) for dates "
            "written the other way"
        )
    raise InputFormatError(
        source,
        f"{quoted(text)} is not a date in a form this reader accepts; {hint}",
        line=line,
        field=field,
    )


def _without_midnight(text: str) -> str:
    """``text`` without a time of midnight at its end (what spreadsheets add to dates)."""
    found = _MIDNIGHT.search(text)
    return text[: found.start()] if found else text


def _calendar_date(
    year: int,
    month: int,
    day: int,
    text: str,
    expected: str,
    source: str,
    line: int | None,
    field: str | None,
) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise InputFormatError(
            source,
            f"{quoted(text)} is not a calendar date ({error}); write a date that exists as "
            f"{expected}",
            line=line,
            field=field,
        ) from None


def infer_date_style(dates: Iterable[tuple[int, str]], *, source: str) -> DateStyle:
    """The date style of a file, from its dates as ``(line, text)`` pairs.

    ISO dates say nothing; a day-or-month part above 12 says which comes
    first. A file with a date of each style, or whose dates fit both
    (``05/01/2026``, ``05-01-2026``: dashes too, as both styles write them),
    is refused with the options that settle it.

    >>> infer_date_style([(2, "2026-01-05"), (3, "28/01/2026"), (4, "05/01/2026")], source="x.csv")
    DateStyle.DAY_FIRST
    >>> infer_date_style([(2, "05/01/2026"), (3, "06/01/2026")], source="x.csv")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: x.csv, line 2: '05/01/2026' may be 5 January or May 1, and no date of the file settles which; pass --day-first or --month-first (date_style=DateStyle.DAY_FIRST or MONTH_FIRST in Python)
    """
    evidence: dict[DateStyle, tuple[int, str]] = {}
    ambiguous: tuple[int, str] | None = None
    local = False
    for line, text in dates:
        matched = _LOCAL_DATE.fullmatch(_without_midnight(text))
        if not matched:
            continue
        local = True
        first, second = int(matched[1]), int(matched[3])
        if first > 12 >= second:
            evidence.setdefault(DateStyle.DAY_FIRST, (line, text))
        elif second > 12 >= first:
            evidence.setdefault(DateStyle.MONTH_FIRST, (line, text))
        elif first != second and ambiguous is None:
            ambiguous = (line, text)
        if len(evidence) == 2:
            (day_line, day_text), (month_line, month_text) = (
                evidence[DateStyle.DAY_FIRST],
                evidence[DateStyle.MONTH_FIRST],
            )
            raise InputFormatError(
                source,
                f"writes dates day first ({quoted(day_text)} on line {day_line}) and month "
                f"first ({quoted(month_text)} on line {month_line}); one file has one style: "
                "correct the dates of the other style",
                line=max(day_line, month_line),
            )
    if evidence:
        return next(iter(evidence))
    if ambiguous is not None:
        line, text = ambiguous
        matched = _LOCAL_DATE.fullmatch(_without_midnight(text))
        assert matched is not None
        first, second = int(matched[1]), int(matched[3])
        raise InputFormatError(
            source,
            f"{quoted(text)} may be {first} {_month_name(second)} or {_month_name(first)} "
            f"{second}, and no date of the file settles which; pass --day-first or "
            "--month-first (date_style=DateStyle.DAY_FIRST or MONTH_FIRST in Python)",
            line=line,
        )
    # Only dates such as 05/05/2026 that read the same either way.
    return DateStyle.DAY_FIRST if local else DateStyle.ISO


def _month_name(month: int) -> str:
    return dt.date(2000, month, 1).strftime("%B") if 1 <= month <= 12 else str(month)


# -- moments -------------------------------------------------------------------------


def parse_moment(
    text: str, *, source: str, line: int | None = None, field: str | None = None
) -> dt.datetime:
    """A moment written in ISO 8601, with or without an offset (see the module's docstring)."""
    matched = _MOMENT.fullmatch(text)
    if not matched:
        raise InputFormatError(
            source,
            f"{quoted(text)} is not an ISO 8601 date and time; {_MOMENT_EXPECTED}",
            line=line,
            field=field,
        )
    year, month, day, hour, minute = (int(matched[index]) for index in range(1, 6))
    second = int(matched[6] or 0)
    micro = int((matched[7] or "0").ljust(6, "0"))
    try:
        zone = _zone(matched[8])
        return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError as error:
        raise InputFormatError(
            source,
            f"{quoted(text)} is not a moment that exists ({error}); {_MOMENT_EXPECTED}",
            line=line,
            field=field,
        ) from None


def _zone(text: str | None) -> dt.tzinfo | None:
    if text is None:
        return None
    if text == "Z":
        return dt.timezone.utc
    matched = _OFFSET.fullmatch(text)
    assert matched is not None  # _MOMENT only lets offsets of this form through
    sign = -1 if matched[1] == "-" else 1
    hours, minutes, seconds = int(matched[2]), int(matched[3] or 0), int(matched[4] or 0)
    if minutes > 59 or seconds > 59:
        raise ValueError("offset minutes and seconds must be in 0..59")
    micro = int((matched[5] or "0").ljust(6, "0"))
    offset = dt.timedelta(hours=hours, minutes=minutes, seconds=seconds, microseconds=micro)
    if offset >= dt.timedelta(hours=24):
        raise ValueError("offset must be less than 24 hours")
    return dt.timezone(sign * offset)


# -- Exact Online's dates -------------------------------------------------------------


def parse_odata_date(
    value: Any, *, tz: dt.tzinfo = dt.timezone.utc, where: str = "Exact Online", field: str = "date"
) -> dt.date:
    """The calendar date of an Exact Online date field (OData, or ISO).

    An instant is turned into a calendar date in ``tz``; an ISO moment without
    an offset is taken as written.

    >>> parse_odata_date("/Date(1767225600000)/")
    datetime.date(2026, 1, 1)
    >>> parse_odata_date("2026-01-01T00:00:00"), parse_odata_date("2026-01-01")
    (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1))
    >>> from dateutil import tz
    >>> parse_odata_date("/Date(1767222000000)/", tz=tz.gettz("Europe/Brussels"))
    datetime.date(2026, 1, 1)
    >>> parse_odata_date("01/01/2026", where="SalesEntries[0]", field="EntryDate")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: SalesEntries[0], field 'EntryDate': '01/01/2026' is not an Exact Online date; expected the OData form /Date(1767225600000)/ or an ISO 8601 date such as 2026-01-01T00:00:00
    """
    if isinstance(value, str):
        matched = _ODATA_DATE.fullmatch(value)
        if matched:
            try:
                moment = _EPOCH + dt.timedelta(milliseconds=int(matched[1]))
            except OverflowError:
                raise _outside(value, where, field) from None
            return _in_zone(moment, tz, value, where, field)
        if _ISO_DATE.fullmatch(value):
            return parse_iso_date(value, source=where, field=field)
        if _ISO_DATE.match(value):
            moment = parse_moment(value, source=where, field=field)
            if moment.tzinfo is None:
                return moment.date()
            return _in_zone(moment, tz, value, where, field)
    raise InputFormatError(
        where,
        f"{quoted(value)} is not an Exact Online date; expected the OData form "
        "/Date(1767225600000)/ or an ISO 8601 date such as 2026-01-01T00:00:00",
        field=field,
    )


def _outside(text: str, where: str, field: str) -> InputFormatError:
    return InputFormatError(
        where, f"{quoted(text)} is outside the calendar (years 1 to 9999)", field=field
    )


def _in_zone(moment: dt.datetime, tz: dt.tzinfo, text: str, where: str, field: str) -> dt.date:
    try:
        return moment.astimezone(tz).date()
    except (OverflowError, ValueError):
        raise _outside(text, where, field) from None
    except TypeError:  # checked only when it fails: every row's date passes here
        expected = "a datetime.tzinfo, such as datetime.timezone.utc"
        _checks.argument("tz", tz, dt.tzinfo, expected, record="the option")
        raise

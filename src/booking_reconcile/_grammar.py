"""How the values of one file read: its dates in the file's one style, numbers, choices.

A :class:`Row` reads the fields of one record by name (the rows that are
compared whole: lines of one entry, the values of a department).
A :class:`Grammar` reads the values of the rows of a file as they are
streamed, remembering what each text read as. The date style of a file is
one for the whole file, inferred from all its dates
(:func:`~booking_reconcile._parsing.infer_date_style`): while no date has
settled it, a date that needs it is refused as :class:`_Unsettled`, and
:class:`_StyleWitness` keeps the dates that decide it.
"""

from __future__ import annotations

__all__ = ["Grammar", "Record", "Row", "reader_options"]

import datetime as dt
import operator
from collections.abc import Mapping
from typing import TypeVar

import attrs

from . import _checks
from ._parsing import (
    _LOCAL_DATE,
    MAX_DIGITS,
    DateStyle,
    _without_midnight,
    infer_date_style,
    parse_booking_number,
    parse_date,
)
from .columns import normal_name
from .errors import InputFormatError, InvalidTypeError, InvalidValueError, quoted

Record = TypeVar("Record")

#: Each date style by itself and by its value (``"day-first"``).
_STYLES: dict[object, DateStyle] = {
    **{style: style for style in DateStyle},
    **{style.value: style for style in DateStyle},
}
_STYLES_EXPECTED = "DateStyle.DAY_FIRST, DateStyle.MONTH_FIRST or DateStyle.ISO (or its value, "
_STYLES_EXPECTED += "such as 'day-first'), or None to infer the style from the file"


def reader_options(
    column_map: object, date_style: object, two_digit_years: object
) -> DateStyle | None:
    """The options every reader takes, checked before the file is read; the date style.

    ``column_map`` maps field names to header names (text to text),
    ``date_style`` is a :class:`DateStyle` or its value, and
    ``two_digit_years`` is ``True`` or ``False``: a truthy text such as
    ``"no"`` must not switch the option on.

    >>> reader_options(None, "day-first", False)
    DateStyle.DAY_FIRST
    >>> reader_options({"number": 5}, None, False)
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InvalidTypeError: the option: column_map['number'] 5 is not text; expected a header name, such as 'Factuurnummer'
    """
    _checks.flag_option("two_digit_years", two_digit_years)
    expected = "a dict of field names to header names"
    names: Mapping[object, object] = _checks.option("column_map", column_map, Mapping, expected)
    for field, header in (names or {}).items():
        if not isinstance(field, str):
            raise InvalidTypeError(
                "the option", "column_map", field, "has a key that is not text", "field names"
            )
        if not isinstance(header, str):
            raise InvalidTypeError(
                "the option",
                f"column_map[{field!r}]",
                header,
                "is not text",
                "a header name, such as 'Factuurnummer'",
            )
    if date_style is None:
        return None
    try:
        return _STYLES[date_style]
    except (KeyError, TypeError):  # TypeError: a value that cannot be a key (a list)
        error = InvalidValueError if isinstance(date_style, str) else InvalidTypeError
        raise error(
            "the option", "date_style", date_style, "is not a date style", _STYLES_EXPECTED
        ) from None


@attrs.frozen
class Row:
    """One record of a file: its fields by field name, and where it stands."""

    source: str
    line: int
    fields: dict[str, str]
    style: DateStyle
    two_digit_years: bool

    def text(self, field: str) -> str:
        """The value of ``field`` (empty when the file has no such column)."""
        return self.fields.get(field, "")

    def required(self, field: str) -> str:
        """The value of ``field``, which must not be empty."""
        value = self.text(field)
        if not value:
            raise InputFormatError(self.source, "is empty; fill it in", line=self.line, field=field)
        return value

    def date(self, field: str) -> dt.date:
        """The value of ``field`` as a calendar date in the file's style."""
        return parse_date(
            self.required(field),
            source=self.source,
            line=self.line,
            field=field,
            style=self.style,
            two_digit_years=self.two_digit_years,
        )

    def optional_date(self, field: str) -> dt.date | None:
        """The value of ``field`` as a date, or ``None`` when empty."""
        return self.date(field) if self.text(field) else None

    def booking_number(self, field: str) -> int:
        """The value of ``field`` as a booking number."""
        value = self.required(field)
        return parse_booking_number(value, source=self.source, line=self.line, field=field)

    def optional_booking_number(self, field: str) -> int | None:
        """The value of ``field`` as a booking number, or ``None`` when empty."""
        return self.booking_number(field) if self.text(field) else None

    def optional_text(self, field: str) -> str | None:
        """The value of ``field``, or ``None`` when empty."""
        return self.text(field) or None

    def choice(self, field: str, choices: Mapping[str, Record], names: str) -> Record:
        """The value of ``field``, one of ``choices`` (matched as header names are)."""
        text = self.required(field)
        try:
            return choices[normal_name(text)]
        except KeyError:
            raise InputFormatError(
                self.source, f"{quoted(text)} is not one of {names}", line=self.line, field=field
            ) from None


#: At most this many distinct values of a file are remembered with what they
#: read as (dates, normalised names): enough for every date of decades.
_KNOWN = 1 << 14


class _Unsettled(Exception):
    """A date that reads differently, or is refused in other words, in another date style.

    ``local``: it is written day-or-month first (``05-01-2026``), so whether it
    reads at all depends on the style; else it is refused in every style.
    """

    def __init__(self, local: bool) -> None:
        super().__init__()
        self.local = local


class Grammar:
    """How the values of one file read: its source, its date style, what it read already.

    The style is ``None`` while the file has not settled it: a date is then
    read only when it is ISO (it reads the same in every style), else
    :class:`_Unsettled` says the row must wait. A value's reading is
    remembered (a file repeats its dates), within :data:`_KNOWN` values.
    """

    __slots__ = ("_normal", "dates", "given", "source", "style", "two_digit_years")

    def __init__(self, source: str, style: DateStyle | None, two_digit_years: bool) -> None:
        self.source = source
        self.style = style
        #: Whether the style was given (``--day-first``, ``date_style=``), not inferred.
        self.given = style is not None
        self.two_digit_years = two_digit_years
        #: Each date's text and the date it reads as (in the file's style).
        self.dates: dict[str, dt.date] = {}
        self._normal: dict[str, str] = {}

    def refuse(self, reason: str, line: int, field: str) -> InputFormatError:
        """The error naming ``field`` of ``line``."""
        return InputFormatError(self.source, reason, line=line, field=field)

    def required(self, text: str, line: int, field: str) -> str:
        """``text``, which must not be empty."""
        if not text:
            raise InputFormatError(self.source, "is empty; fill it in", line=line, field=field)
        return text

    def date(self, text: str, line: int, field: str) -> dt.date:
        """``text`` as a calendar date in the file's style."""
        known = self.dates.get(text)
        return self._date(text, line, field) if known is None else known

    def _date(self, text: str, line: int, field: str) -> dt.date:
        value = self.required(text, line, field)
        style = self.style
        try:
            date = parse_date(
                value,
                source=self.source,
                line=line,
                field=field,
                style=DateStyle.ISO if style is None else style,
                two_digit_years=self.two_digit_years,
            )
        except InputFormatError:
            if style is None:
                raise _Unsettled(_is_local(value)) from None
            if self.given and style is not DateStyle.ISO:
                self._refuse_given_style(value, line, field, style)
            raise
        if len(self.dates) < _KNOWN:
            self.dates[text] = date
        return date

    def _refuse_given_style(self, value: str, line: int, field: str, style: DateStyle) -> None:
        """Refuse a date the given style cannot read but the other can, naming the option.

        The option imposes its style on every file (docs/cli.md); a file that
        writes the other way is said to, with the way out.
        """
        other = DateStyle.MONTH_FIRST if style is DateStyle.DAY_FIRST else DateStyle.DAY_FIRST
        try:
            date = parse_date(value, source=self.source, style=other)
        except InputFormatError:
            return
        words = {DateStyle.DAY_FIRST: "day first", DateStyle.MONTH_FIRST: "month first"}
        option = f"--{words[style].replace(' ', '-')}"
        raise InputFormatError(
            self.source,
            f"{quoted(value)} is no date {words[style]}, but it is {date.isoformat()} "
            f"{words[other]}: {option} (date_style= in Python) reads the dates of every file "
            f"{words[style]}, and this "
            f"file writes them {words[other]}; leave out {option} if each file has a date "
            "that tells its style, or save this file's dates as YYYY-MM-DD",
            line=line,
            field=field,
        ) from None

    def booking_number(self, text: str, line: int, field: str) -> int:
        """``text`` as a booking number."""
        if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
            return int(text)
        return parse_booking_number(
            self.required(text, line, field), source=self.source, line=line, field=field
        )

    def normal(self, text: str) -> str:
        """``text`` as header names are matched (:func:`~booking_reconcile.columns.normal_name`)."""
        found = self._normal.get(text)
        if found is None:
            found = normal_name(text)
            if len(self._normal) < _KNOWN:
                self._normal[text] = found
        return found

    def choice(
        self, text: str, line: int, field: str, choices: Mapping[str, Record], names: str
    ) -> Record:
        """``text``, one of ``choices`` (matched as header names are)."""
        value = self.required(text, line, field)
        try:
            return choices[self.normal(value)]
        except KeyError:
            raise InputFormatError(
                self.source, f"{quoted(value)} is not one of {names}", line=line, field=field
            ) from None


def _is_local(text: str) -> bool:
    """Whether ``text`` is a date written day-or-month first."""
    return _LOCAL_DATE.fullmatch(_without_midnight(text)) is not None


class _StyleWitness:
    """The dates of a file that decide its style, as they are read.

    :func:`~booking_reconcile._parsing.infer_date_style` decides from the
    first date that says day first, the first that says month first, the
    first ambiguous one and the first local one: this
    keeps those (their line and text), and gives the style as soon as one
    date settles it (a contradiction is the inference's error, at the end).
    """

    __slots__ = ("_first", "settled")

    def __init__(self) -> None:
        self._first: dict[str, tuple[int, str]] = {}
        #: The style a date of the file settled (the inference's, unless a date contradicts it).
        self.settled: DateStyle | None = None

    def see(self, line: int, text: str) -> None:
        matched = _LOCAL_DATE.fullmatch(_without_midnight(text))
        if matched is None:
            return
        first, second = int(matched[1]), int(matched[3])
        self._first.setdefault("local", (line, text))
        # The inference's cases, in its order.
        if first > 12 >= second:
            self._first.setdefault("day first", (line, text))
            self.settled = self.settled or DateStyle.DAY_FIRST
        elif second > 12 >= first:
            self._first.setdefault("month first", (line, text))
            self.settled = self.settled or DateStyle.MONTH_FIRST
        elif first != second:
            self._first.setdefault("ambiguous", (line, text))

    def style(self, source: str) -> DateStyle:
        """The file's style, as the inference gives it from every date of the file."""
        first = sorted(dict.fromkeys(self._first.values()), key=operator.itemgetter(0))
        return infer_date_style(first, source=source)

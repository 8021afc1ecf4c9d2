"""Snapshot JSON read a field at a time: the columns of its records, checked in bulk (private).

:func:`booking_reconcile.serialize.snapshot_from_dict` first reads the records
of data as ``json.dumps`` writes it a column at a time: each record's keys
checked by sets, each field's values by their types in a few passes in C,
each distinct date parsed once, and the records stored into their slots
(``restored_records``) when every value passes the constructors' own fast
checks, else made by the constructors. Anything irregular raises (here or in
C), and the caller reads the data one record at a time, so that every error
is its own, word for word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from collections.abc import Sequence
from itertools import compress, repeat
from operator import is_, is_not, itemgetter
from typing import Any

import attrs

from ._checks import MAX_BOOKING_NUMBER, MAX_FINANCIAL_YEAR
from ._parsing import MAX_DIGITS, parse_moment
from .models import (
    BOOKING_FIELDS,
    DOCUMENT_CLASSES,
    DOCUMENT_FIELDS,
    REF_FIELDS,
    Booking,
    Document,
    DocumentKind,
    DocumentRef,
    Invoice,
    restored_records,
)


class _Irregular(Exception):
    """Data the reading at once leaves to the reading one by one (private signal)."""


_CLASS_OF_KIND = {kind.value: DOCUMENT_CLASSES[kind] for kind in DocumentKind}
_KIND_OF_NAME = {kind.value: kind for kind in DocumentKind}


def _keys(record: type, *extra: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """A record's keys in its JSON: the required ones, and all of them in field order."""
    fields = attrs.fields(record)
    required = {field.name for field in fields if field.default is attrs.NOTHING}
    return frozenset({*extra, *required}), (*extra, *(field.name for field in fields))


#: Each record's keys: a document's are its kind and its fields, a booking's
#: its fields (so a field added to Booking is read too), a reference's its fields.
_DOCUMENT_READ = _keys(Invoice, "kind")
_BOOKING_READ = _keys(Booking)
_REF_READ = _keys(DocumentRef)
#: The keys whose values the bulk test knows (a record with others: its constructor).
_DOCUMENT_TESTED = frozenset({"kind", "number", "date", "booking_number", "journal", "synced_at"})
_BOOKING_TESTED = frozenset(
    {"journal", "booking_number", "date", "document", "reference", "financial_year"}
)
_NONE = type(None)
_PLAIN_TYPES = frozenset({str, int, _NONE})
_TOO_LONG = 10**MAX_DIGITS
_DATES = re.compile("(?:[0-9]{4}-[0-9]{2}-[0-9]{2})*")
_FROM_ISO = dt.date.fromisoformat
_get = dict.get
_drain = deque[object](maxlen=0).extend


_LISTS = ("documents", "bookings")


def _colons(value: Any) -> int:
    """The colons the JSON of ``value`` writes: one per key, and those inside its texts."""
    if isinstance(value, str):
        return value.count(":")
    if isinstance(value, dict):
        return sum(1 + key.count(":") + _colons(item) for key, item in value.items())
    if isinstance(value, list):
        return sum(map(_colons, value))
    return 0


def _columns(
    items: list[Any], read: tuple[frozenset[str], tuple[str, ...]]
) -> tuple[dict[str, Sequence[Any]], int]:
    """Each known key's values over ``items`` (``None`` where absent), and how many keys.

    Every item must be a dict whose keys are known and include the required
    ones; the values are checked by the fields' readers.
    """
    required, known = read
    columns: dict[str, Sequence[Any]]
    if not items:
        return dict.fromkeys(known, ()), 0
    if not set(map(type, items)) <= {dict}:
        raise _Irregular
    if set(map(len, items)) == {len(known)}:  # the usual case: every key given
        try:
            columns = {key: list(map(itemgetter(key), items)) for key in known}
        except KeyError:
            pass
        else:
            return columns, len(known) * len(items)
    for shape in set(map(tuple, items)):
        if not required <= frozenset(shape) <= set(known):
            raise _Irregular
    columns = {key: list(map(_get, items, repeat(key))) for key in known}
    return columns, sum(map(len, items))


def _documents(
    columns: dict[str, Sequence[Any]], dates: dict[str, dt.date], source: str
) -> tuple[list[Document], int]:
    """The documents, and the colons inside their texts.

    Stored at once when every value passes their constructor's fast test,
    else made by their constructors.
    """
    classes = list(map(_CLASS_OF_KIND.__getitem__, columns["kind"]))  # a kind has no colon
    columns["date"] = list(map(dates.__getitem__, columns["date"]))
    columns["synced_at"], colons = _moments(columns["synced_at"], source)
    extra = _extra(columns, _DOCUMENT_TESTED)
    fields = [columns[name] for name in DOCUMENT_FIELDS]
    numbers = _codes(columns["number"])
    journals = _codes(_present(columns["journal"]))
    if (
        numbers is not None
        and journals is not None
        and extra is None
        and _are_booking_numbers(_present(columns["booking_number"]))
    ):
        return restored_records(classes, Invoice, fields), colons + numbers + journals
    documents: list[Document] = list(map(type.__call__, classes, *fields))
    colons += _text_colons(columns["number"]) + _text_colons(_present(columns["journal"]))
    return documents, colons + (extra or 0)


def _bookings(
    columns: dict[str, Sequence[Any]], dates: dict[str, dt.date]
) -> tuple[list[Booking], int]:
    """The bookings, and the colons inside their texts (as :func:`_documents`)."""
    columns["date"] = list(map(dates.__getitem__, columns["date"]))
    columns["document"], colons = _refs(columns["document"])
    extra = _extra(columns, _BOOKING_TESTED)
    fields = [columns[name] for name in BOOKING_FIELDS]
    numbers = columns["booking_number"]
    journals = _codes(columns["journal"])
    references = _codes(_present(columns["reference"]))
    if (
        journals is not None
        and references is not None
        and extra is None
        and None not in numbers
        and _are_booking_numbers(numbers)
        and _are_years(columns["financial_year"])
    ):
        bookings = restored_records(repeat(Booking, len(numbers)), Booking, fields)
        return bookings, colons + journals + references
    bookings = list(map(Booking, *fields))
    colons += _text_colons(columns["journal"]) + _text_colons(_present(columns["reference"]))
    return bookings, colons + (extra or 0)


def _are_years(column: Sequence[Any]) -> bool:
    """Whether each value is ``None`` or a financial year ``Booking`` takes at once (0 to 9999)."""
    if column.count(None) == len(column):
        return True
    years = _present(column)
    return set(map(type, years)) == {int} and min(years) >= 0 and max(years) <= MAX_FINANCIAL_YEAR


def _refs(column: Sequence[Any]) -> tuple[Sequence[DocumentRef | None], int]:
    """The bookings' document references (``None`` for a manual booking), and their colons."""
    present = list(map(is_not, column, repeat(None)))
    objects = list(compress(column, present))
    if not objects:
        return column, 0
    values, colons = _columns(objects, _REF_READ)
    values["kind"] = list(map(_KIND_OF_NAME.__getitem__, values["kind"]))
    fields = [values[name] for name in REF_FIELDS]
    numbers = _codes(values["number"])
    refs: list[DocumentRef | None]
    if numbers is not None:
        refs = restored_records(repeat(DocumentRef, len(objects)), DocumentRef, fields)
    else:
        refs = list(map(DocumentRef, *fields))
        numbers = _text_colons(values["number"])
    colons += numbers
    if len(refs) == len(column):
        return refs, colons
    linked: list[DocumentRef | None] = [None] * len(column)
    _drain(map(linked.__setitem__, compress(range(len(column)), present), refs))
    return linked, colons


def _dates(*columns: Sequence[Any]) -> dict[str, dt.date]:
    """Each distinct text of the columns as its date: ``YYYY-MM-DD``, as ``parse_iso_date`` reads."""
    texts = list(set().union(*columns))
    # Newer Pythons' fromisoformat also reads 20260110 and 2026-W02-6: only
    # texts of ten characters of the one grammar (no colon in them) are dates here.
    if set(map(len, texts)) - {10} or not _DATES.fullmatch("".join(texts)):
        raise _Irregular
    return dict(zip(texts, map(_FROM_ISO, texts), strict=True))


def _moments(column: Sequence[Any], source: str) -> tuple[Sequence[Any], int]:
    """Sync times (mostly absent), each read by the one grammar of moments, and their colons."""
    if column.count(None) == len(column):
        return column, 0
    colons = _text_colons(_present(column))
    return [None if text is None else parse_moment(text, source=source) for text in column], colons


def _extra(columns: dict[str, Sequence[Any]], tested: frozenset[str]) -> int | None:
    """The colons of the fields the bulk test does not know (``None``: there are none).

    Their values are read as they are, for the constructor to check: text,
    integers of at most MAX_DIGITS digits (as the JSON reading allows) or null.
    """
    extra = [column for name, column in columns.items() if name not in tested]
    if not extra:
        return None
    colons = 0
    for column in extra:
        types = set(map(type, column))
        if not types <= _PLAIN_TYPES:
            raise _Irregular
        numbers = [value for value in column if value.__class__ is int]
        if max(map(abs, numbers), default=0) >= _TOO_LONG:
            raise _Irregular
        colons += _text_colons([value for value in column if value.__class__ is str])
    return colons


def _present(column: Sequence[Any]) -> Sequence[Any]:
    """The values of ``column`` that are not ``None``."""
    if None not in column:
        return column
    return list(compress(column, map(is_not, column, repeat(None))))


def _codes(column: Sequence[Any]) -> int | None:
    """The colons inside ``column``'s texts when each is a plain ASCII code, else ``None``.

    A plain ASCII code (not empty, no space around it) passes the records'
    constructors' fast test; anything else is left to them.
    """
    try:
        joined = "".join(column)
    except TypeError:
        return None
    if joined.isascii() and all(column) and all(map(is_, map(str.strip, column), column)):
        return joined.count(":")
    return None


def _text_colons(texts: Sequence[str]) -> int:
    """The colons inside ``texts`` (which the constructors took: every one a ``str``)."""
    return "".join(texts).count(":")


def _are_booking_numbers(numbers: Sequence[Any]) -> bool:
    """Whether every value is an ``int`` booking number in range."""
    return set(map(type, numbers)) <= {int} and (
        not numbers or (min(numbers) > 0 and max(numbers) <= MAX_BOOKING_NUMBER)
    )

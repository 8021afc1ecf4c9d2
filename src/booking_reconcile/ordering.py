"""Orderings: document numbers compared naturally, and the sync order.

People number documents ``2026/9``, ``2026/10``; compared as text ``2026/10``
would come first. The *natural* order compares runs of digits as numbers:

>>> sorted(["2026/10", "2026/9", "2026/100"], key=natural_key)
['2026/9', '2026/10', '2026/100']
>>> natural_key("C07") < natural_key("C7")  # equal as numbers; text breaks the tie
True

The **sync order** is the order in which the invoicing tool sent documents to
the accounting package: by sync time when every document being ordered has
one; otherwise (a sync time is unknown for some) by document date, then by
document number compared naturally, then invoices before credit notes. Mixing known and unknown sync times would
compare moments with days, so the library falls back to dates for the whole
group rather than guess.
"""

from __future__ import annotations

__all__ = [
    "NaturalKey",
    "Ordered",
    "date_key",
    "date_order",
    "natural_key",
    "settled_order",
    "sync_order",
]

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Any, Protocol, TypeVar

from . import _checks

NaturalKey = tuple[tuple[str | int, ...], str]

_DIGITS = re.compile(r"(\d+)")


def natural_key(number: str) -> NaturalKey:
    """The key that sorts document numbers naturally.

    Text and digit runs alternate, so keys compare position by position as
    text with text and number with number; the number itself comes last, in a
    tuple of its own (so ``"C"`` and ``"C1"`` still compare), so that ``"C07"``
    and ``"C7"`` are still told apart.

    >>> sorted(["C1", "C", "1", ""], key=natural_key)
    ['', '1', 'C', 'C1']
    """
    try:
        parts = _DIGITS.split(number)
    except TypeError:  # not text: refused in words, off the path of every document's key
        expected = "a document number as text, such as '2026/17'"
        _checks.argument("number", number, str, expected, problem="is not text")
        raise
    return (tuple(_number(part) if index % 2 else part for index, part in enumerate(parts)), number)


#: ``int()`` refuses text of more digits than this (CPython's guard against
#: quadratic conversion); longer runs are read in pieces below it.
_INT_DIGITS = 4000


def _number(digits: str) -> int:
    """A run of digits as its number, however long the run.

    >>> _number("0042"), _number("9" * 5000) > _number("9" * 4999)
    (42, True)
    """
    if len(digits) <= _INT_DIGITS:
        return int(digits)
    value = 0
    for start in range(0, len(digits), _INT_DIGITS):
        piece = digits[start : start + _INT_DIGITS]
        value = value * 10 ** len(piece) + int(piece)
    return value


class Ordered(Protocol):
    """What the orders read of a document (so this module needs no records)."""

    @property
    def date(self) -> dt.date: ...
    @property
    def number(self) -> str: ...
    @property
    def kind(self) -> enum.Enum: ...
    @property
    def synced_at(self) -> dt.datetime | None: ...


_Document = TypeVar("_Document", bound=Ordered)


def date_key(document: Ordered) -> tuple[object, ...]:
    """The key of the date order: date, then number (naturally), then kind.

    On a tie of date and number (an invoice and a credit note of one number
    and day), the invoice comes first: the invoicing tool sends invoices
    before credit notes (its own order, DOMAIN §3.7). The natural key is
    computed here, not read from the document's cached ``number_key``:
    sorting leaves nothing behind on the documents it sorts.
    """
    return (document.date, natural_key(document.number), document.kind.value != "invoice")


_Item = TypeVar("_Item")
_DATE = attrgetter("date")
_SYNCED_AT = attrgetter("synced_at")


def settled_order(
    items: Iterable[_Item], first: Callable[[_Item], Any], key: Callable[[_Item], Any]
) -> list[_Item]:
    """``items`` sorted by ``key``, which begins with ``first``: ``key`` is computed only for ties.

    Sorted by ``first``, then each run of items that tie on it by ``key``:
    the order ``key`` gives, since ``key`` orders items as ``first`` does
    before it orders ties. ``key`` may be costly (a natural key of the
    document number); ``first`` (a date) seldom ties among a few documents.

    >>> words = ["pear", "fig", "apple", "kiwi"]
    >>> settled_order(words, len, lambda word: (len(word), word))
    ['fig', 'kiwi', 'pear', 'apple']
    """
    ordered = list(items)
    if len(ordered) < 2:
        return ordered
    ordered.sort(key=first)
    firsts = list(map(first, ordered))
    if len(set(firsts)) == len(firsts):
        return ordered
    start, count = 0, len(ordered)
    while start < count:
        end = start + 1
        while end < count and firsts[end] == firsts[start]:
            end += 1
        if end - start > 1:
            ordered[start:end] = sorted(ordered[start:end], key=key)
        start = end
    return ordered


def date_order(documents: Iterable[_Document]) -> list[_Document]:
    """The documents by date, then number (naturally), then kind."""
    return settled_order(documents, _DATE, date_key)


def sync_order(documents: Iterable[_Document]) -> list[_Document]:
    """The documents in the order the invoicing tool sent them (see above)."""
    expected = "a list or tuple of Invoice and CreditNote records"
    if isinstance(documents, (str, bytes, Mapping)) or not isinstance(documents, Iterable):
        _checks.argument("documents", documents, (), expected, problem="is not documents")
    ordered = list(documents)
    try:
        if all(document.synced_at is not None for document in ordered):
            return settled_order(ordered, _SYNCED_AT, _synced_key)
        return settled_order(ordered, _DATE, date_key)
    except AttributeError:  # checked only when it fails: the rules order every collision
        for at, item in enumerate(ordered):
            if not all(hasattr(item, name) for name in ("synced_at", "date", "number", "kind")):
                _checks.argument(f"documents[{at}]", item, (), expected, problem="is no document")
        raise


def _synced_key(document: Ordered) -> tuple[object, ...]:
    return (document.synced_at, *date_key(document))

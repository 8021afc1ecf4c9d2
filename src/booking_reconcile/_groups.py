"""Grouping helpers shared by the rules (private): one pass, no per-item lists."""

from __future__ import annotations

__all__ = ["highest_by_place", "place_order", "shared_keys"]

from collections.abc import Hashable, Iterable
from functools import lru_cache
from typing import TypeVar

from .ordering import NaturalKey
from .periods import Place

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def shared_keys(items: Iterable[tuple[K, V]]) -> dict[K, list[V]]:
    """The keys that two or more items share, each with its items in order.

    One pass with a dict of first occurrences: a list is made only for a key
    seen twice, which is rare, so this costs about what a plain pass costs.

    >>> shared_keys([("a", 1), ("b", 2), ("a", 3)])
    {'a': [1, 3]}
    """
    first: dict[K, V] = {}
    shared: dict[K, list[V]] = {}
    for key, item in items:
        size = len(first)
        seen = first.setdefault(key, item)
        if len(first) == size:  # the key was there already (items may be equal, even identical)
            shared.setdefault(key, [seen]).append(item)
    return shared


def highest_by_place(numbers: Iterable[tuple[int, Place]]) -> dict[Place, int]:
    """The highest of ``(number, place)`` pairs, per place.

    >>> highest_by_place([(3, Place("70", None)), (9, Place("70", None)), (1, Place("71", None))])
    {Place(journal='70', financial_year=None): 9, Place(journal='71', financial_year=None): 1}
    """
    highest: dict[Place, int] = {}
    get = highest.get
    for number, place in numbers:
        if number > get(place, 0):
            highest[place] = number
    return highest


@lru_cache(maxsize=1024)
def place_order(place: Place) -> tuple[NaturalKey, int]:
    """``place.order()``, the key places sort by, computed once per place.

    A snapshot has a few journal codes, and administrations share them: the
    natural key of each is read once, not at every comparison of a sort.

    >>> place_order(Place("70", 2026))
    ((('', 70, ''), '70'), 2026)
    """
    return place.order()

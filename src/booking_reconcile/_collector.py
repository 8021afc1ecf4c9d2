"""Pausing the cyclic garbage collector while records and a snapshot are built.

Building a large snapshot makes millions of small objects that all live on;
each of them counts towards the collector's next run, and each full run walks
every tracked object again, so the collector took from a third to a half of
building a snapshot of a million documents. Records and snapshots hold no
reference cycles, so nothing is left for the collector to find while they are
built: the entry points that build them pause it, and it runs again, as it was,
when they return or raise.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for the ``with`` block (if it was running)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def pauses_collector(function: Callable[_P, _T]) -> Callable[_P, _T]:
    """``function`` with the cyclic garbage collector paused while it runs."""

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused

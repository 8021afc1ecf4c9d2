"""Numbering periods: the scope in which a journal's booking numbers run.

A journal numbers its bookings either for ever (``continuous``) or anew each
financial year (``per financial year``). An administration's financial year
starts in a given month (January by default); a financial year is named by the
calendar year in which it starts:

>>> from datetime import date
>>> financial_year(date(2026, 3, 31), start_month=4)
2025
>>> financial_year(date(2026, 4, 1), start_month=4)
2026
>>> financial_year(date(2026, 12, 31))
2026

A booking number is unique within a :class:`Place`: a journal and, for a
journal numbered per financial year, one financial year. Places sort in one
order everywhere (journal codes naturally, then the year):

>>> sorted([Place("70", 2026), Place("8", None), Place("70", 2025)], key=Place.order)
[Place(journal='8', financial_year=None), Place(journal='70', financial_year=2025), Place(journal='70', financial_year=2026)]
"""

from __future__ import annotations

__all__ = ["Place", "financial_year", "financial_year_start", "latest_places", "numbering_period"]

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from . import _checks
from .errors import shown
from .models import Numbering
from .ordering import NaturalKey, natural_key


class Place(NamedTuple):
    """Where a booking number is unique: a journal and a numbering period.

    ``financial_year`` is ``None`` for a continuously numbered journal.
    """

    journal: str
    financial_year: int | None

    def order(self) -> tuple[NaturalKey, int]:
        """The key places sort by: the journal code naturally, then the year."""
        return (natural_key(self.journal), self.financial_year or 0)

    def __str__(self) -> str:
        if self.financial_year is None:
            return f"journal {shown(self.journal)}"
        return f"journal {shown(self.journal)}, financial year {self.financial_year}"


def financial_year(day: dt.date, start_month: int = 1) -> int:
    """The financial year ``day`` falls in (the calendar year it starts in).

    Steps back ``start_month - 1`` months with ``dateutil.relativedelta`` (as
    DOMAIN.md §5 asks) and takes the year. Only the first months of year 1
    cannot step back (no year 0 exists in ``datetime``); they belong to the
    financial year that started in year 0.

    >>> financial_year(dt.date(1, 2, 1), start_month=4)
    0

    ``start_month`` is checked as :class:`~booking_reconcile.Integration`
    checks its own (a month 13 is no month), and ``day`` as the records check
    a date:

    >>> financial_year(dt.date(2026, 3, 1), 13)
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InvalidValueError: financial_year: start_month 13 is not a month; expected a month from 1 to 12
    """
    if not (day.__class__ is dt.date and start_month.__class__ is int and 1 <= start_month <= 12):
        _checks.date_argument("financial_year", "day", day)
        _checks.month_argument("financial_year", "start_month", start_month)
    return _year_of(day, start_month)


def _year_of(day: dt.date, start_month: int) -> int:
    """:func:`financial_year` of arguments known to be right (the rules' own)."""
    if day.year == 1 and day.month < start_month:
        return 0
    return (day - relativedelta(months=start_month - 1)).year


def financial_year_start(year: int, start_month: int = 1) -> dt.date:
    """The first day of financial year ``year``.

    >>> financial_year_start(2025, start_month=4)
    datetime.date(2025, 4, 1)
    """
    return dt.date(year, 1, 1) + relativedelta(months=start_month - 1)


def numbering_period(numbering: Numbering, day: dt.date, start_month: int = 1) -> int | None:
    """The numbering period of ``day``: its financial year, or ``None`` when continuous.

    >>> from datetime import date
    >>> numbering_period(Numbering.CONTINUOUS, date(2026, 5, 1)) is None
    True
    >>> numbering_period(Numbering.PER_FINANCIAL_YEAR, date(2026, 5, 1), 7)
    2025
    """
    if numbering is Numbering.CONTINUOUS:
        return None
    return _year_of(day, start_month)


def latest_places(places: Iterable[Place]) -> dict[str, Place]:
    """Each journal's latest of ``places`` (its latest financial year; the first when even).

    The period a journal's one configured next number describes among those
    a synchronisation sends into or a plan sets (DOMAIN §3.5).

    >>> latest_places([Place("70", 2025), Place("70", 2026), Place("71", None)])
    {'70': Place(journal='70', financial_year=2026), '71': Place(journal='71', financial_year=None)}
    """
    latest: dict[str, Place] = {}
    for place in places:
        known = latest.get(place.journal)
        if known is None or (place.financial_year or 0) > (known.financial_year or 0):
            latest[place.journal] = place
    return latest

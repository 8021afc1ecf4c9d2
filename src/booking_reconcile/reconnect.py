"""Dates for reconnecting the integration (DOMAIN §3.6).

The integration is deactivated with a *delink date*, which is the cutoff: it
resets every document dated from that day on. It is then connected again
with its original *start date*: the recorded one when known. When it is not
known nothing is invented (exports are often filtered by date, so the earliest
booked document read need not be the first ever sent): the steps tell the
person to use the date written down from the integration's settings, with the
earliest booked document read as a check. A later start date would stop the
payment statuses of older documents from being fetched.

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot
>>> snapshot = Snapshot(Integration("70", "71"), [
...     Invoice("2026/2", date(2026, 1, 6), 1002),
...     Invoice("2026/1", date(2026, 1, 5), 1001),
...     Invoice("2026/3", date(2026, 1, 4)),  # not booked
... ])
>>> print(start_date_for(snapshot))  # not recorded: not invented
None
>>> first_booked_document(snapshot).number  # the check the steps give instead
'2026/1'
"""

from __future__ import annotations

__all__ = ["first_booked_document", "start_date_for"]

import datetime as dt

from ._index import index_of
from .models import Document
from .ordering import date_key
from .snapshot import Snapshot


def first_booked_document(snapshot: Snapshot) -> Document | None:
    """The earliest booked document in date order, or ``None`` when none is booked."""
    return index_of(snapshot).remember(first_booked_document, lambda: _first_booked(snapshot))


def _first_booked(snapshot: Snapshot) -> Document | None:
    first_day = _earliest_booked_date(snapshot)
    if first_day is None:
        return None
    # The earliest date first, so that only documents of that day need their
    # numbers compared naturally.
    return min(
        (
            document
            for document in snapshot.documents
            if document.date == first_day and document.booking_number is not None
        ),
        key=date_key,
    )


def _earliest_booked_date(snapshot: Snapshot) -> dt.date | None:
    """The date of the first booked document, found without comparing numbers."""
    return index_of(snapshot).remember(
        _earliest_booked_date,
        lambda: min(
            [
                document.date
                for document in snapshot.documents
                if document.booking_number is not None
            ],
            default=None,
        ),
    )


def start_date_for(snapshot: Snapshot) -> dt.date | None:
    """The start date to reconnect with: the recorded one, ``None`` when not recorded (§3.6)."""
    return snapshot.integration.start_date

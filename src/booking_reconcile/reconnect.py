"""Dates for reconnecting the integration (DOMAIN §3.6).

The integration is deactivated with a *delink date*, which is the cutoff: it
resets every document dated from that day on. It is then connected again
with its original *start date*: the recorded one when known, else the date of
the earliest booked document (the first document ever sent). A later start
date would stop the payment statuses of older documents from being fetched.

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot
>>> snapshot = Snapshot(Integration("70", "71"), [
...     Invoice("2026/2", date(2026, 1, 6), 1002),
...     Invoice("2026/1", date(2026, 1, 5), 1001),
...     Invoice("2026/3", date(2026, 1, 4)),  # not booked
... ])
>>> start_date_for(snapshot)
datetime.date(2026, 1, 5)
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
    booked = [document for document in snapshot.documents if document.booking_number is not None]
    if not booked:
        return None
    # The earliest date first, so that only documents of that day need their
    # numbers compared naturally.
    first_day = min(document.date for document in booked)
    return min((document for document in booked if document.date == first_day), key=date_key)


def start_date_for(snapshot: Snapshot) -> dt.date | None:
    """The start date to reconnect with: the recorded one, else the first booked document's."""
    recorded = snapshot.integration.start_date
    if recorded is not None:
        return recorded
    first = first_booked_document(snapshot)
    return None if first is None else first.date

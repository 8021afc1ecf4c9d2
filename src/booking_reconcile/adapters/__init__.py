"""Adapters: API payloads of the invoicing tool and the accounting package, read into records.

Connectors fetch JSON from Teamleader Focus (the invoicing tool) and Exact
Online (the accounting package); these pure functions turn the decoded
payloads into the library's records. They do no HTTP and open no files. Each
module says which fields it reads; docs/adapters.md says where they are
documented and what is still unconfirmed.

- :mod:`booking_reconcile.adapters.teamleader`: invoices and credit notes.
- :mod:`booking_reconcile.adapters.exact_online`: bookings and journals.

:func:`snapshot_from_payloads` builds a whole :class:`~booking_reconcile.Snapshot`:

>>> from booking_reconcile import Integration, find_collisions
>>> invoices = {"data": [
...     {"invoice_number": "2026/2", "invoice_date": "2026-01-06", "booking_number": 1002},
...     {"invoice_number": "2026/3", "invoice_date": "2026-01-10", "booking_number": 1002},
... ]}
>>> sales_entries = {"d": {"results": [
...     {"EntryNumber": 1002, "Journal": "70", "EntryDate": "/Date(1768003200000)/",
...      "Type": 20, "Status": 50, "YourRef": "2026/3"},
... ]}}
>>> snapshot = snapshot_from_payloads(
...     Integration("70", "71"), invoices=invoices, sales_entries=sales_entries
... )
>>> [(c.message, c.holder.number) for c in find_collisions(snapshot)]
[('The invoices 2026/2 and 2026/3 have the same booking number', '2026/3')]
"""

from __future__ import annotations

__all__ = ["exact_online", "snapshot_from_payloads", "teamleader"]

import datetime as dt
from typing import Any

from booking_reconcile.models import Integration, Journal, Numbering
from booking_reconcile.snapshot import Snapshot

from . import exact_online, teamleader


def snapshot_from_payloads(
    integration: Integration,
    *,
    invoices: Any = None,
    credit_notes: Any = None,
    sales_entries: Any = None,
    journals: Any = None,
    booking_number_field: str | None = "booking_number",
    document_number_field: str = "YourRef",
    numbering: Numbering = Numbering.CONTINUOUS,
    tz: dt.tzinfo = dt.timezone.utc,
) -> Snapshot:
    """A snapshot from Teamleader's and Exact Online's payloads.

    ``invoices`` and ``credit_notes`` are ``invoices.list`` and
    ``creditNotes.list`` responses; ``sales_entries`` a
    ``salesentry/SalesEntries`` response (``None``: the accounting side is
    unknown, ``bookings=None``); ``journals`` a ``financial/Journals``
    response (``None``: journals not described). The keyword parameters are
    passed to the adapters. Whatever the snapshot refuses (a booking whose
    document reference names no document of the payloads, say) raises its
    error: nothing is dropped to make the two sides fit.
    """
    documents = teamleader.documents_from_teamleader(
        invoices, credit_notes, booking_number_field=booking_number_field
    )
    bookings = None
    if sales_entries is not None:
        bookings = exact_online.bookings_from_sales_entries(
            sales_entries, document_number_field=document_number_field, tz=tz
        )
    described: tuple[Journal, ...] = ()
    if journals is not None:
        described = exact_online.journals_from_exact(journals, numbering=numbering)
    return Snapshot(integration, documents, described, bookings)

"""Adapters: API answers of the invoicing tool and the accounting package, read into records.

Connectors fetch JSON from Teamleader Focus (the invoicing tool) and Exact
Online (the accounting package); these pure functions turn the decoded
answers into the library's records. They do no HTTP and open no files. Each
module says which fields it reads; docs/adapters.md says where they are
documented and what is still unconfirmed.

**One file per system, with known names** (the verbs of the CSV readers in
:mod:`booking_reconcile.readers`), so that a new system is one new file:

- an invoicing tool's module exposes ``read_documents(...)``, returning
  invoices and credit notes
  (:mod:`booking_reconcile.adapters.teamleader`);
- an accounting package's module exposes ``read_bookings(...)`` and
  ``read_journals(...)``, returning bookings and journals
  (:mod:`booking_reconcile.adapters.exact_online`).

Each takes the decoded answers first and keyword options after, and raises
:class:`~booking_reconcile.errors.InputFormatError` naming the answer, the
row and the key. Helpers beyond those names (``read_invoices``,
``read_financial_year_start_month``, ...) are the system's own. A module
that grows keeps these names and its parts in private modules by job (Exact
Online's ``_exact_entries``, ``_exact_lines``, ``_exact_journals`` and
``_exact_answers``).

:func:`snapshot_from_payloads` builds a whole :class:`~booking_reconcile.Snapshot`:

>>> from booking_reconcile import DocumentKind, DocumentRef, Integration, find_collisions
>>> invoices = {"data": [
...     {"invoice_number": "2026/2", "invoice_date": "2026-01-06", "status": "matched"},
...     {"invoice_number": "2026/3", "invoice_date": "2026-01-10", "status": "outstanding"},
... ]}
>>> booking_numbers = {DocumentRef(DocumentKind.INVOICE, "2026/2"): 1002,
...                    DocumentRef(DocumentKind.INVOICE, "2026/3"): 1002}
>>> sales_entries = {"d": {"results": [
...     {"EntryNumber": 1002, "Journal": "70", "EntryDate": "/Date(1768003200000)/",
...      "Type": 20, "Status": 50, "YourRef": "2026/3"},
... ]}}
>>> snapshot = snapshot_from_payloads(
...     Integration("70", "71"), invoices=invoices, booking_numbers=booking_numbers,
...     sales_entries=sales_entries,
... )
>>> [(c.message, c.holder.number) for c in find_collisions(snapshot)]
[('The invoices 2026/2 and 2026/3 have the same booking number', '2026/3')]
"""

from __future__ import annotations

__all__ = [
    "AnswerKind",
    "Answers",
    "ReadingWarning",
    "answers",
    "exact_online",
    "read_answers",
    "recognise",
    "snapshot_from_payloads",
    "teamleader",
]

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from booking_reconcile.errors import InputFormatError, InvalidValueError
from booking_reconcile.models import Integration, Journal, Numbering
from booking_reconcile.snapshot import Snapshot

from . import answers, exact_online, teamleader
from ._payload import ReadingWarning, warn
from .answers import AnswerKind, Answers, read_answers, recognise


def snapshot_from_payloads(
    integration: Integration,
    *,
    invoices: Any = None,
    credit_notes: Any = None,
    sales_entries: Any = None,
    journals: Any = None,
    journal_statuses: Any = None,
    financial_periods: Any = None,
    booking_numbers: teamleader.BookingNumbers | None = None,
    booking_number_field: str | None = None,
    department: str | None = None,
    reference_field: str = "YourRef",
    division: int | None = None,
    numbering: Numbering = Numbering.CONTINUOUS,
    tz: dt.tzinfo = dt.timezone.utc,
    bookings_complete: bool = False,
    labels: Mapping[str, str] | None = None,
) -> Snapshot:
    """A snapshot from Teamleader's and Exact Online's answers.

    ``invoices`` and ``credit_notes`` are ``invoices.list`` and
    ``creditNotes.list`` answers (or lists of their pages, or ``*.info``
    answers), with ``booking_numbers`` the overview's export or a
    connector's mapping (the API has no booking number: without either, no
    document is booked; an export's document dated otherwise than the
    answer's row of its number is refused: an export of another department?)
    and ``department`` the department to read;
    ``sales_entries`` ``salesentry/SalesEntries`` answers (``None``: the
    accounting side is unknown, ``bookings=None``); ``journals`` a
    ``financial/Journals`` answer (``None``: journals not described), with
    ``journal_statuses`` (``read/financial/JournalStatusList``: closed
    periods) and ``financial_periods`` (``financial/FinancialPeriods``: the
    month the financial year starts in, which then replaces the
    integration's default of January). The Exact answers, all four, must be
    of one division, or ``division`` chooses one (rows of the others are left
    out). The warnings of reading the answers (an entry numbered in
    another financial year than its date's) are issued as
    :class:`ReadingWarning`. The adapters read what the answers say: each
    booking keeps its reference, and the snapshot links it to its document by
    the one linking rule (DOMAIN §3.8); whatever the snapshot refuses (a
    reference that names an invoice and a credit note both carrying its
    number, say) raises its error: nothing is dropped to make the two sides
    fit.

    The snapshot's ``labels`` name its administration (DOMAIN §7), as the
    command's are: ``division`` the Exact answers' division (chosen or not),
    ``department`` the department ``department=`` chooses (its id: a
    ``department`` label given names it instead); ``labels`` adds the
    caller's own, and a division that contradicts the answers' is refused.
    """
    division = exact_online.read_division(
        {
            "SalesEntries": sales_entries,
            "Journals": journals,
            "JournalStatusList": journal_statuses,
            "FinancialPeriods": financial_periods,
        },
        division=division,
    )
    if financial_periods is not None:
        month = exact_online.read_financial_year_start_month(financial_periods, division=division)
        given = integration.financial_year_start_month
        if given not in (1, month):
            raise InputFormatError(
                "FinancialPeriods",
                f"starts the financial year in month {month}, but the integration says "
                f"{given}; leave financial_year_start_month at its default, or correct it",
            )
        integration = attrs.evolve(integration, financial_year_start_month=month)
    documents = teamleader.read_documents(
        invoices,
        credit_notes,
        booking_numbers=booking_numbers,
        booking_number_field=booking_number_field,
        department=department,
    )
    bookings = None
    if sales_entries is not None:
        answers = exact_online.read_booking_answers(
            sales_entries,
            reference_field=reference_field,
            integration=integration,
            tz=tz,
            division=division,
        )
        warn(answers.warnings)
        bookings = answers.bookings
    described: tuple[Journal, ...] = ()
    if journals is not None:
        described = exact_online.read_journals(
            journals,
            numbering=numbering,
            statuses=journal_statuses,
            financial_periods=financial_periods,
            financial_year_start_month=integration.financial_year_start_month,
            division=division,
        )
    return Snapshot(
        integration,
        documents,
        described,
        bookings,
        bookings_complete=bookings_complete,
        labels=_labels(labels, division=division, department=department),
    )


def _labels(
    given: Mapping[str, str] | None, *, division: int | None, department: str | None
) -> Any:
    """The labels given, with the division and department read (DOMAIN §7)."""
    read = {
        key: value
        for key, value in (("division", division), ("department", department))
        if value is not None
    }
    if given is None:
        return {key: str(value) for key, value in read.items()}
    if not isinstance(given, Mapping):
        return given  # The snapshot refuses it, naming what labels are.
    merged: dict[Any, Any] = dict(given)
    for key, value in read.items():
        if key == "department" and key in merged:
            continue  # A name given for the department's id.
        if key in merged and merged[key] != str(value):
            raise InvalidValueError(
                "the option",
                "labels",
                {key: merged[key]},
                f"names another {key} than the answers' ({value})",
                f"the answers' own {key}, or leave the {key} out of labels",
            )
        merged[key] = str(value)
    return merged

"""The benchmark's baseline: the plan's answers, hand-written in plain Python.

The same answers ``plan_repair`` gives for the synthetic administrations —
the collisions (and their holders), the cutoff (keep-deleted), the documents
to reset, the bookings to delete in deletion order, the next booking numbers
— computed the shortest way a careful programmer would write it: its own
index (a set of the booked documents, the highest manual number per
journal), one pass over the bookings and two over the documents. It knows the
synthetic data's shape (continuous journals, each document in its kind's
journal, no sync times, no configured next numbers) and checks nothing: it is
the floor the library's figure is compared with, not a second implementation
of the rules.

:func:`answers_of` reads the same answers off a library plan, so the
benchmark can check that the two agree before it times them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from booking_reconcile import DocumentKind, Integration, RepairPlan, natural_key


class Answers(NamedTuple):
    """What the plan decides, as plain values that compare equal across implementations."""

    collisions: tuple[tuple[str, int, tuple[str, ...], str | None], ...]
    cutoff: dt.date | None
    to_reset: tuple[tuple[str, str], ...]
    deletions: tuple[tuple[str, int, str], ...]
    next_numbers: tuple[tuple[str, int], ...]


def answers_of(plan: RepairPlan) -> Answers:
    """The answers of a library plan."""
    return Answers(
        collisions=tuple(
            (
                c.journal,
                c.booking_number,
                tuple(d.number for d in c.documents),
                None if c.holder is None else c.holder.number,
            )
            for c in plan.collisions
        ),
        cutoff=plan.cutoff,
        to_reset=tuple((d.kind.value, d.number) for d in plan.to_reset),
        deletions=tuple((x.journal, x.booking_number, x.document.number) for x in plan.deletions),
        next_numbers=tuple((n.journal, n.number) for n in plan.next_numbers),
    )


def _date_key(document: Any) -> tuple[object, ...]:
    return (document.date, natural_key(document.number), document.kind.value)


def answers(integration: Integration, documents: Sequence[Any], bookings: Iterable[Any]) -> Answers:
    """The plan's answers for records shaped like the synthetic ones (see above).

    Tight on purpose: integers keyed per journal, a set of booked numbers per
    kind, and no tuple made per document or per booking.
    """
    invoice = DocumentKind.INVOICE
    invoice_journal = integration.invoice_journal
    credit_note_journal = integration.credit_note_journal
    # Its own index: which documents have a booking (per kind), and the manual numbers.
    booked_invoices: set[str] = set()
    booked_credit_notes: set[str] = set()
    highest: dict[str, int] = {}
    for booking in bookings:
        ref = booking.document
        if ref is None:
            if booking.booking_number > highest.get(booking.journal, 0):
                highest[booking.journal] = booking.booking_number
        elif ref.kind is invoice:
            booked_invoices.add(ref.number)
        else:
            booked_credit_notes.add(ref.number)

    def is_booked(document: Any) -> bool:
        booked = booked_invoices if document.kind is invoice else booked_credit_notes
        return document.number in booked

    def journal_of(document: Any) -> str:
        return invoice_journal if document.kind is invoice else credit_note_journal

    # Collisions: the first document per journal and number, and the numbers seen twice.
    first_invoice: dict[int, Any] = {}
    first_credit_note: dict[int, Any] = {}
    shared: dict[tuple[str, int], list[Any]] = {}
    for document in documents:
        number = document.booking_number
        if number is not None:
            first = first_invoice if document.kind is invoice else first_credit_note
            seen = first.setdefault(number, document)
            if seen is not document:
                shared.setdefault((journal_of(document), number), [seen]).append(document)
    del first_invoice, first_credit_note
    collisions = []
    for (journal, number), members in sorted(
        shared.items(), key=lambda item: (natural_key(item[0][0]), item[0][1])
    ):
        members.sort(key=_date_key)
        holder = next((d.number for d in members if is_booked(d)), None)
        collisions.append((journal, number, tuple(d.number for d in members), holder))
    if not collisions:
        return Answers((), None, (), (), ())
    cutoff = min(sorted(d.date for d in shared[j, n])[1] for j, n, _, _ in collisions)
    # One pass: the reset documents, the highest number kept, where the sync sends.
    reset = []
    highest_invoice = highest.get(invoice_journal, 0)
    highest_credit_note = highest.get(credit_note_journal, 0)
    unbooked_invoices = unbooked_credit_notes = False
    for document in documents:
        number = document.booking_number
        if number is None:
            if document.kind is invoice:
                unbooked_invoices = True
            else:
                unbooked_credit_notes = True
        elif document.date >= cutoff:
            reset.append(document)
        elif document.kind is invoice:
            if number > highest_invoice:
                highest_invoice = number
        elif number > highest_credit_note:
            highest_credit_note = number
    if highest_invoice:
        highest[invoice_journal] = highest_invoice
    if highest_credit_note:
        highest[credit_note_journal] = highest_credit_note
    sent_into = {journal_of(d) for d in reset}
    if unbooked_invoices:
        sent_into.add(invoice_journal)
    if unbooked_credit_notes:
        sent_into.add(credit_note_journal)
    reset.sort(key=_date_key)
    deleted = [d for d in reset if is_booked(d)]
    deleted.sort(key=lambda d: (natural_key(journal_of(d)), -d.booking_number))
    lowest: dict[str, int] = {}
    for document in deleted:
        journal = journal_of(document)
        lowest[journal] = min(lowest.get(journal, document.booking_number), document.booking_number)
    next_numbers = []
    for journal in sorted(sent_into, key=natural_key):
        candidates = [lowest[journal]] if journal in lowest else []
        if journal in highest:
            candidates.append(highest[journal] + 1)
        if candidates:
            next_numbers.append((journal, max(candidates)))
    return Answers(
        collisions=tuple(collisions),
        cutoff=cutoff,
        to_reset=tuple((d.kind.value, d.number) for d in reset),
        deletions=tuple((journal_of(d), d.booking_number, d.number) for d in deleted),
        next_numbers=tuple(next_numbers),
    )

"""Warnings and blockers of a repair plan: one small rule function each.

A *warning* is something a person must know but that does not stop the
repair (a stale document that stays out of the accounting package, a manual
booking that keeps its number, ...). A *blocker* means the plan cannot be
carried out as it is (a booking to delete lies in a closed period).

Each rule is a function ``rule(facts) -> Iterator[Finding]``; the tuples
:data:`WARNING_RULES` and :data:`BLOCKER_RULES` compose them, so a new rule is
one new function added to a tuple.
"""

from __future__ import annotations

__all__ = [
    "BLOCKER_RULES",
    "WARNING_RULES",
    "Finding",
    "PlanFacts",
    "blockers_of",
    "warnings_of",
]

import datetime as dt
from collections.abc import Callable, Iterator

import attrs

from .collisions import Collision
from .models import Document, DocumentRef
from .next_numbers import NextBookingNumber
from .snapshot import Snapshot, index_of
from .stale import risks_among


@attrs.frozen
class Finding:
    """A warning or a blocker: the rule that found it and what a person should know.

    ``documents`` are the documents it is about, if any.
    """

    rule: str
    message: str
    documents: tuple[DocumentRef, ...] = ()

    def __str__(self) -> str:
        return self.message


@attrs.frozen
class PlanFacts:
    """What the rules look at: the snapshot and the plan's computed parts."""

    snapshot: Snapshot
    collisions: tuple[Collision, ...]
    stale: tuple[Document, ...]  # known from the bookings, or presumed from the collisions
    cutoff: dt.date | None
    first_booked: Document | None  # the earliest booked document in date order
    to_reset: tuple[Document, ...]
    to_delete: tuple[Document, ...]
    next_numbers: tuple[NextBookingNumber, ...]


Rule = Callable[[PlanFacts], Iterator[Finding]]


def stale_document_kept(facts: PlanFacts) -> Iterator[Finding]:
    """Each stale document that is not reset keeps its number without a booking."""
    reset = {document.ref for document in facts.to_reset}
    for document in facts.stale:
        if document.ref in reset:
            continue
        yield Finding(
            "stale-document-kept",
            f"{document.record_name()} keeps booking number {document.booking_number} in "
            f"{facts.snapshot.place_of(document)}, but its booking no longer exists in the "
            "accounting package: it stays out of the accounting package (the "
            "rebook-deleted policy books it again)",
            (document.ref,),
        )


def manual_booking_kept(facts: PlanFacts) -> Iterator[Finding]:
    """Manual bookings dated on or after the cutoff are never deleted."""
    if facts.cutoff is None:
        return
    snapshot = facts.snapshot
    kept = [
        (place, booking)
        for booking, place in index_of(snapshot).manual
        if booking.date >= facts.cutoff
    ]
    kept.sort(key=lambda item: (*item[0].order(), item[1].booking_number))
    for _, booking in kept:
        yield Finding(
            "manual-booking-kept",
            f"{booking.record_name()} of {booking.date.isoformat()} did not come from "
            "the invoicing tool: it is not deleted and keeps its number",
        )


def configured_next_number_differs(facts: PlanFacts) -> Iterator[Finding]:
    """Each journal whose configured next number differs from the plan's."""
    for next_number in facts.next_numbers:
        if next_number.differs:
            yield Finding(
                "configured-next-number-differs",
                f"{next_number.place}: the configured next booking number is "
                f"{next_number.configured}; set it to {next_number.number}",
            )


def start_date_too_late(facts: PlanFacts) -> Iterator[Finding]:
    """A recorded start date later than the first booked document loses payment statuses."""
    recorded = facts.snapshot.integration.start_date
    first = facts.first_booked
    if recorded is not None and first is not None and recorded > first.date:
        yield Finding(
            "start-date-too-late",
            f"the integration's recorded start date {recorded.isoformat()} is later than "
            f"the first booked document ({first.record_name()} of {first.date.isoformat()}): "
            "reconnecting with it stops the payment statuses of older documents from being "
            f"fetched; consider {first.date.isoformat()}",
            (first.ref,),
        )


def bookings_unknown(facts: PlanFacts) -> Iterator[Finding]:
    """Without the bookings, holders and stale documents are inferred: say so."""
    if facts.snapshot.has_bookings or not facts.collisions:
        return
    yield Finding(
        "bookings-unknown",
        "the accounting package's bookings were not given, so each collision's holder is "
        "taken to be its last document in sync order: before deleting, check in the "
        "accounting package that every booking to delete exists and books the document named",
    )


def collision_ahead(facts: PlanFacts) -> Iterator[Finding]:
    """A kept stale document at or above the highest booking left will collide later.

    Journals and periods that get a next number are safe (the number is above
    every number in use); the others are not touched by the repair.
    """
    if not facts.snapshot.has_bookings:
        return
    reset = {document.key for document in facts.to_reset}
    guarded = {next_number.place for next_number in facts.next_numbers}
    place_of = facts.snapshot.place_of
    kept = [
        document
        for document in facts.stale
        if document.key not in reset and place_of(document) not in guarded
    ]
    if not kept:
        return
    deleted = {document.key for document in facts.to_delete}
    for document in risks_among(facts.snapshot, kept, deleted):
        number = document.booking_number or 0
        yield Finding(
            "collision-ahead",
            f"{document.record_name()} carries booking number {number} in {place_of(document)}, "
            "at or above the highest booking left there: a document sent into it later may get "
            f"the same number; set that journal's next booking number to {number + 1} or more",
            (document.ref,),
        )


def closed_period(facts: PlanFacts) -> Iterator[Finding]:
    """A booking to delete on or before its journal's lock date cannot be deleted."""
    snapshot = facts.snapshot
    for document in facts.to_delete:
        journal = snapshot.journal(snapshot.journal_of(document))
        booking = snapshot.booking_of(document)
        day = document.date if booking is None else booking.date
        if journal.locked_until is not None and day <= journal.locked_until:
            yield Finding(
                "closed-period",
                f"{document.record_name()} (#{document.booking_number} of {day.isoformat()}) "
                f"must be deleted, but journal {journal.code} is closed until "
                f"{journal.locked_until.isoformat()}: the plan cannot be carried out as it "
                "is; reopen the period in the accounting package first",
                (document.ref,),
            )


WARNING_RULES: tuple[Rule, ...] = (
    bookings_unknown,
    stale_document_kept,
    manual_booking_kept,
    configured_next_number_differs,
    start_date_too_late,
    collision_ahead,
)
BLOCKER_RULES: tuple[Rule, ...] = (closed_period,)


def warnings_of(facts: PlanFacts) -> tuple[Finding, ...]:
    """Every warning the rules find, rule by rule."""
    return tuple(finding for rule in WARNING_RULES for finding in rule(facts))


def blockers_of(facts: PlanFacts) -> tuple[Finding, ...]:
    """Every blocker the rules find, rule by rule."""
    return tuple(finding for rule in BLOCKER_RULES for finding in rule(facts))

"""What the plan's rules look at, and what they find: :class:`PlanFacts` and :class:`Finding`.

Each rule of :mod:`booking_reconcile.findings` (the plan's own) and of
:mod:`booking_reconcile.evidence_rules` (DOMAIN §3.8's evidence) is a
function ``rule(facts) -> Iterator[Finding]``.
"""

from __future__ import annotations

__all__ = ["Finding", "PlanFacts", "Rule"]

import datetime as dt
from collections.abc import Callable, Iterator
from functools import cached_property

import attrs

from .collisions import Collision
from .cutoff import CutoffPolicy
from .double_bookings import DoubleBooking
from .models import Document, DocumentKey, DocumentRef
from .next_numbers import NextBookingNumber
from .reconnect import first_booked_document
from .resend import Sent
from .snapshot import Snapshot


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
    policy: CutoffPolicy
    collisions: tuple[Collision, ...]
    stale: tuple[Document, ...]  # known from the bookings, or presumed from the collisions
    cutoff: dt.date | None
    to_reset: tuple[Document, ...]
    to_delete: tuple[Document, ...]
    next_numbers: tuple[NextBookingNumber, ...]
    double_bookings: tuple[DoubleBooking, ...] = ()
    sent: tuple[Sent, ...] = ()  # what the simulated sync sent, with the numbers
    overflow: tuple[Sent, ...] = ()  # what it could not number: past the limit
    refused: tuple[Sent, ...] = ()  # what the accounting package refuses: a closed period

    @cached_property
    def reset_keys(self) -> frozenset[DocumentKey]:
        """The ``(kind, number)`` of each document reset (several rules ask; made once)."""
        return frozenset(document.key for document in self.to_reset)

    @property
    def needed(self) -> bool:
        """Whether the plan has anything to do (``RepairPlan.needed``): only then does it predict.

        A plan with nothing to do predicts no number: the next synchronisation is not its doing.
        """
        return bool(
            self.collisions or self.double_bookings or self.cutoff is not None or self.next_numbers
        )

    @property
    def first_booked(self) -> Document | None:
        """The earliest booked document in date order, found only when a rule asks.

        (It sorts the first day's documents by natural key; only a recorded
        start date needs it. The snapshot's index remembers it.)
        """
        return first_booked_document(self.snapshot)


Rule = Callable[[PlanFacts], Iterator[Finding]]

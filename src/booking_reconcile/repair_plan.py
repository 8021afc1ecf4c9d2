"""The repair plan as a record: every number and list of the repair, as data.

A :class:`RepairPlan` is built once, complete, by
:func:`~booking_reconcile.plan_repair`; everything it shows that can be
derived from its fields is derived, never stored beside them, so a plan
changed with ``attrs.evolve`` stays consistent with itself (its steps, its
JSON and its checklist all follow the new fields).

Its fields are keyword-only: a plan has too many parts to pass by position.
"""

from __future__ import annotations

__all__ = ["RepairPlan"]

import datetime as dt
from typing import Any

import attrs

from ._presentation import to_data, to_html, to_markdown
from .collisions import Collision
from .cutoff import CutoffPolicy
from .deletion import Deletion
from .findings import Finding
from .models import Document, Integration
from .next_numbers import NextBookingNumber
from .resend import Sent
from .steps import Step, steps_of


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class RepairPlan:
    """Everything the repair needs, as data, in the order a person performs it.

    ``deletions`` are the bookings to delete in deletion order (``to_delete``
    gives their documents); ``sent`` the documents the synchronisation sends,
    with the numbers they will receive and their places (``after_sync`` gives
    the documents).

    When nothing collides there is nothing to repair: ``cutoff``,
    ``delink_date`` and ``start_date`` are ``None`` (the start date only
    matters for reconnecting), the lists and ``steps`` are empty, and
    ``warnings`` may still tell of stale documents.
    """

    policy: CutoffPolicy
    integration: Integration
    collisions: tuple[Collision, ...] = attrs.field(converter=_tuple)
    cutoff: dt.date | None
    start_date: dt.date | None
    deletions: tuple[Deletion, ...] = attrs.field(converter=_tuple)
    to_reset: tuple[Document, ...] = attrs.field(converter=_tuple)
    next_numbers: tuple[NextBookingNumber, ...] = attrs.field(converter=_tuple)
    sent: tuple[Sent, ...] = attrs.field(converter=_tuple)
    warnings: tuple[Finding, ...] = attrs.field(converter=_tuple)
    blockers: tuple[Finding, ...] = attrs.field(converter=_tuple)

    @property
    def kind(self) -> str:
        """``"repair"`` when something collides, else ``"none"``."""
        return "repair" if self.collisions else "none"

    @property
    def delink_date(self) -> dt.date | None:
        """The date the integration is deactivated with: the cutoff (DOMAIN §3.6)."""
        return self.cutoff

    @property
    def to_delete(self) -> tuple[Document, ...]:
        """The documents whose bookings are deleted, in deletion order."""
        return tuple(deletion.document for deletion in self.deletions)

    @property
    def after_sync(self) -> tuple[Document, ...]:
        """The documents the synchronisation sends, carrying the numbers they will receive."""
        return tuple(sent.document for sent in self.sent)

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps a person performs, in order (none when nothing is to repair)."""
        return steps_of(self)

    @property
    def needed(self) -> bool:
        """Whether anything collides, so that a repair is needed."""
        return bool(self.collisions)

    @property
    def feasible(self) -> bool:
        """Whether the plan can be carried out as it is (it has no blockers)."""
        return not self.blockers

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data (ISO dates, plain types)."""
        return to_data(self)

    def to_markdown(self) -> str:
        """The plan as a Markdown checklist a person follows."""
        return to_markdown(self)

    def _repr_markdown_(self) -> str:
        """The checklist, for Jupyter to display."""
        return self.to_markdown()

    def _repr_html_(self) -> str:
        """The checklist as HTML, with real tables, for Jupyter and nbconvert."""
        return to_html(self)

    def __repr__(self) -> str:
        # The generated repr would spell out every document several times over.
        return f"<{self}>"

    def __str__(self) -> str:
        if not self.needed:
            return "RepairPlan: nothing collides, no repair needed"
        return (
            f"RepairPlan ({self.policy.value}): {len(self.collisions)} collision(s), "
            f"cutoff {self.cutoff}, {len(self.deletions)} to delete, "
            f"{len(self.to_reset)} to reset"
            + ("" if self.feasible else f", {len(self.blockers)} blocker(s)")
        )

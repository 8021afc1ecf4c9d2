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

from ._checks import optional_calendar_date
from ._presentation import from_data, to_data, to_html, to_markdown, to_notebook_markdown
from .collisions import Collision
from .cutoff import CutoffPolicy
from .deletion import Deletion
from .double_bookings import DoubleBooking
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
    cutoff: dt.date | None = attrs.field(validator=optional_calendar_date)
    start_date: dt.date | None = attrs.field(validator=optional_calendar_date)
    deletions: tuple[Deletion, ...] = attrs.field(converter=_tuple)
    to_reset: tuple[Document, ...] = attrs.field(converter=_tuple)
    next_numbers: tuple[NextBookingNumber, ...] = attrs.field(converter=_tuple)
    sent: tuple[Sent, ...] = attrs.field(converter=_tuple)
    double_bookings: tuple[DoubleBooking, ...] = attrs.field(default=(), converter=_tuple)
    warnings: tuple[Finding, ...] = attrs.field(converter=_tuple)
    blockers: tuple[Finding, ...] = attrs.field(converter=_tuple)

    @property
    def kind(self) -> str:
        """What the plan does: ``"repair"``, ``"prevent"`` or ``"none"``.

        ``"repair"`` when something collides or a document is booked twice;
        ``"prevent"`` when nothing collides yet but a stale document predicts a
        collision (a next number is set, §3.9); ``"none"`` when nothing is to do.
        """
        if self.collisions or self.double_bookings:
            return "repair"
        if self.cutoff is not None or self.next_numbers:
            return "prevent"
        return "none"

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
        """Whether the plan has anything to do (a repair or a prevention)."""
        return self.kind != "none"

    @property
    def feasible(self) -> bool:
        """Whether the plan can be carried out as it is (it has no blockers)."""
        return not self.blockers

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data (ISO dates, plain types)."""
        return to_data(self)

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "plan") -> RepairPlan:
        """The plan ``data`` describes, as :meth:`to_dict` writes it; exact round trip.

        ``source`` names the data in errors (see :mod:`booking_reconcile.plan_json`).
        """
        return from_data(cls, data, source)

    def to_markdown(self) -> str:
        """The plan as a Markdown checklist a person follows."""
        return to_markdown(self)

    def _repr_markdown_(self) -> str:
        """The checklist, for Jupyter to display (naming Python's ways, not the command's)."""
        return to_notebook_markdown(self)

    def record_name(self) -> str:
        """The plan in words, as error messages name it."""
        return "repair plan"

    def _repr_html_(self) -> str:
        """The checklist as HTML, with real tables, for Jupyter and nbconvert."""
        return to_html(self)

    def __repr__(self) -> str:
        # The generated repr would spell out every document several times over.
        return f"<{self}>"

    def __str__(self) -> str:
        if not self.needed:
            return "RepairPlan: nothing collides, no repair needed"
        if self.kind == "prevent" and self.cutoff is None:
            numbers = ", ".join(f"{n.place} {n.number}" for n in self.next_numbers)
            return f"RepairPlan (prevent): nothing collides yet; set the next number of {numbers}"
        return (
            f"RepairPlan ({self.kind}, {self.policy.value}): {len(self.collisions)} collision(s), "
            f"cutoff {self.cutoff}, {len(self.deletions)} to delete, "
            f"{len(self.to_reset)} to reset"
            + ("" if self.feasible else f", {len(self.blockers)} blocker(s)")
        )

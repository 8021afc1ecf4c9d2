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
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ._checks import optional_calendar_date
from ._fields import labels as checked_labels
from ._presentation import from_data, to_data, to_html, to_markdown, to_notebook_markdown
from .collisions import Collision
from .cutoff import CutoffPolicy
from .deletion import Deletion
from .double_bookings import DoubleBooking
from .errors import InvalidTypeError
from .findings import Finding
from .models import Document, Integration
from .next_numbers import NextBookingNumber
from .resend import Sent
from .steps import Step, steps_of


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


def _labels(value: Any) -> Mapping[str, str]:
    return checked_labels(value, "repair plan")


@attrs.frozen(kw_only=True)
class RepairPlan:
    """Everything the repair needs, as data, in the order a person performs it.

    ``deletions`` are the bookings to delete in deletion order (``to_delete``
    gives their documents); ``sent`` the documents the synchronisation sends,
    with the numbers they will receive and their places (``after_sync`` gives
    the documents).

    ``start_date`` is the integration's recorded start date, ``None`` when it
    is not recorded (DOMAIN §3.6: the steps then say to reconnect with the
    date written down from the integration's settings, and give
    ``earliest_booked`` as a check).

    ``labels`` are the snapshot's labels, naming the administration the plan
    is for (DOMAIN §7; empty when it has none): they change nothing in the
    plan, and its JSON and checklist echo them.

    When nothing collides there is nothing to repair, but there may be a
    collision to prevent (DOMAIN §3.9): a stale document whose number the
    next synchronisation would hand out again. Then ``kind`` is
    ``"prevent"`` and the plan is ``needed``: its steps set the next booking
    numbers, and say that nothing is deleted; under ``keep-deleted`` it has
    no cutoff, under ``rebook-deleted`` the stale documents' earliest date is
    its cutoff, and they are reset and booked again. Only when nothing is to
    prevent either (``kind`` ``"none"``) are ``cutoff``, ``delink_date`` and
    ``start_date`` ``None``, the lists and ``steps`` empty, and ``needed``
    false; ``warnings`` may still tell of stale documents.

    >>> from datetime import date
    >>> from booking_reconcile import Booking, Integration, Invoice, Snapshot, plan_repair
    >>> a, b = Invoice("A", date(2026, 1, 5), 1001), Invoice("B", date(2026, 1, 6), 1002)
    >>> u = Invoice("U", date(2026, 1, 8))
    >>> snapshot = Snapshot(Integration("70", "70"), [a, b, u],
    ...     bookings=[Booking("70", 1001, a.date, a.ref)], labels={"division": "1234567"})
    >>> plan = plan_repair(snapshot)
    >>> plan.kind, plan.needed, plan.cutoff, [step.key for step in plan.steps]
    ('prevent', True, None, ['set-next-numbers', 'synchronise'])
    >>> print(plan.steps[0])
    Before the next synchronisation, set the next booking number of journal 70 to 1003 in the accounting package (master data, journals); nothing is deleted
    >>> dict(plan.labels)
    {'division': '1234567'}
    >>> rebook = plan_repair(snapshot, "rebook-deleted")
    >>> rebook.kind, rebook.cutoff, [document.number for document in rebook.to_reset]
    ('prevent', datetime.date(2026, 1, 6), ['B'])
    >>> calm = plan_repair(Snapshot(Integration("70", "70"), [a, u]))
    >>> calm.kind, calm.needed, calm.cutoff, calm.steps
    ('none', False, None, ())
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
    #: The date of the earliest booked document read: the check on a start date
    #: that is not recorded (§3.6; exports filtered by date may not hold the first).
    earliest_booked: dt.date | None = attrs.field(default=None, validator=optional_calendar_date)
    warnings: tuple[Finding, ...] = attrs.field(converter=_tuple)
    blockers: tuple[Finding, ...] = attrs.field(converter=_tuple)
    #: The snapshot's labels, naming the administration (DOMAIN §7); read-only.
    labels: Mapping[str, str] = attrs.field(
        factory=dict, converter=_labels, hash=False, repr=lambda labels: repr(dict(labels))
    )

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
        """The steps a person performs, in order (none when nothing is to repair or prevent)."""
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

    def __reduce__(self) -> tuple[Callable[[dict[str, Any]], RepairPlan], tuple[Any, ...]]:
        # Pickled as its fields; pickle cannot write the labels' read-only view.
        fields = {field.alias: getattr(self, field.name) for field in attrs.fields(RepairPlan)}
        fields["labels"] = dict(self.labels)
        return (_unpickled, (fields,))

    def __repr__(self) -> str:
        # The generated repr would spell out every document several times over.
        return f"<{self}>"

    def __str__(self) -> str:
        # An infeasible plan says so in every branch (§3.4), as its checklist does.
        blocked = "" if self.feasible else f"; {len(self.blockers)} blocker(s)"
        if not self.needed:
            if self.feasible:
                return "RepairPlan: nothing collides, no repair needed"
            return (
                f"RepairPlan (none): nothing collides in what was read, "
                f"{len(self.blockers)} blocker(s): "
                "the plan cannot be made as it is"
            )
        # Without a cutoff, next numbers set prevent a collision (§3.9).
        prevents = (
            "; set the next number of "
            + ", ".join(f"{n.place} {n.number}" for n in self.next_numbers)
            if self.cutoff is None and self.next_numbers
            else ""
        )
        if self.kind == "prevent" and self.cutoff is None:
            return f"RepairPlan (prevent): nothing collides yet{prevents}{blocked}"
        by_hand = len(self.double_bookings)
        deleted = f"{len(self.deletions) + by_hand} to delete" + (
            f" ({by_hand} entered by hand)" if by_hand else ""
        )
        return (
            f"RepairPlan ({self.kind}, {self.policy.value}): {len(self.collisions)} collision(s), "
            f"cutoff {self.cutoff}, {deleted}, {len(self.to_reset)} to reset"
            + prevents
            + ("" if self.feasible else f", {len(self.blockers)} blocker(s)")
        )


def _unpickled(fields: dict[str, Any]) -> RepairPlan:
    """The plan :meth:`RepairPlan.__reduce__` pickled, built again from its fields."""
    return RepairPlan(**fields)


def require_plan(plan: object) -> RepairPlan:
    """``plan`` if it is a :class:`RepairPlan`; else the library's error, saying how to get one."""
    if isinstance(plan, RepairPlan):
        return plan
    raise InvalidTypeError(
        "the argument",
        "plan",
        plan,
        "is not a RepairPlan",
        "a booking_reconcile.RepairPlan (from plan_repair, or RepairPlan.from_dict of a saved "
        "plan)",
    )

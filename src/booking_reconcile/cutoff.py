"""The cutoff date: from which day on booked documents are deleted and sent again.

The invoicing tool resets documents by date only: everything dated on or after
the *delink date*. A collision is gone once at most one of its documents keeps
its number, so every document of a collision but the earliest-dated one must
be reset. Two policies choose the cutoff:

``keep-deleted`` (the default, the article's procedure)
    the earliest date, over all collisions, of a collision's *second* document
    in date order. It is the latest date that clears every collision, so it
    deletes the fewest bookings. Stale documents dated before it keep their
    number and stay out of the accounting package (the plan warns).

``rebook-deleted``
    the earliest date among all documents of all collisions and, when the
    bookings are known, all stale documents: the documents whose bookings were
    deleted are reset and booked again too, at the price of more deletions.

Worked example A of DOMAIN.md (B's booking was deleted, C got B's number):

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot
>>> documents = [
...     Invoice("A", date(2026, 1, 5), 1001),
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("C", date(2026, 1, 10), 1002),
...     Invoice("D", date(2026, 1, 12), 1003),
... ]
>>> snapshot = Snapshot(Integration("70", "70"), documents)
>>> choose_cutoff(snapshot)
datetime.date(2026, 1, 10)
>>> choose_cutoff(snapshot, CutoffPolicy.REBOOK_DELETED)
datetime.date(2026, 1, 6)
"""

from __future__ import annotations

__all__ = ["CutoffPolicy", "choose_cutoff", "policy_of"]

import datetime as dt
import enum
from collections.abc import Callable, Sequence

from . import _checks
from .collisions import Collision, find_collisions
from .errors import InvalidTypeError, InvalidValueError
from .models import Document
from .next_numbers import preventable_collisions
from .snapshot import Snapshot
from .stale import presumed_stale


class CutoffPolicy(enum.Enum, metaclass=_checks.Members):
    """How far back the repair goes (see the module's documentation)."""

    KEEP_DELETED = "keep-deleted"
    REBOOK_DELETED = "rebook-deleted"

    @classmethod
    def _missing_(cls, value: object) -> None:
        _checks.refuse_member(cls, value, "a cutoff policy")

    def __repr__(self) -> str:
        return f"CutoffPolicy.{self.name}"


def policy_of(value: CutoffPolicy | str) -> CutoffPolicy:
    """The policy ``value`` names: a :class:`CutoffPolicy` or its text.

    >>> policy_of("rebook-deleted")
    CutoffPolicy.REBOOK_DELETED
    """
    if isinstance(value, CutoffPolicy):
        return value
    expected = "CutoffPolicy.KEEP_DELETED or CutoffPolicy.REBOOK_DELETED ('keep-deleted', 'rebook-deleted')"
    if not isinstance(value, str):
        raise InvalidTypeError("repair plan", "policy", value, "is not a cutoff policy", expected)
    try:
        return CutoffPolicy(value)
    except ValueError:
        raise InvalidValueError(
            "repair plan", "policy", value, "is not a cutoff policy", expected
        ) from None


def choose_cutoff(
    snapshot: Snapshot, policy: CutoffPolicy | str = CutoffPolicy.KEEP_DELETED
) -> dt.date | None:
    """The cutoff date under ``policy``, or ``None`` when nothing is reset.

    Nothing is reset when nothing collides, except under ``rebook-deleted``
    when a stale document predicts a collision (DOMAIN §3.9).
    """
    return _POLICIES[policy_of(policy)](snapshot, find_collisions(snapshot))


def _keep_deleted(snapshot: Snapshot, collisions: Sequence[Collision]) -> dt.date | None:
    """The earliest date of a collision's second document in date order.

    Nothing collides: no cutoff (a stale document that predicts a collision
    is prevented by a next number alone, §3.9).
    """
    if not collisions:
        return None
    return min(sorted(document.date for document in c.documents)[1] for c in collisions)


def _rebook_deleted(snapshot: Snapshot, collisions: Sequence[Collision]) -> dt.date | None:
    """The earliest date of every collision's documents and every stale document.

    Nothing collides: the earliest stale document's date when a stale document
    predicts a collision (§3.9: they are booked again), else no cutoff. A
    stale document in a period closed to its last day predicts none: nothing
    can be booked there again (``keep-deleted`` prevents nothing there either).
    """
    stale: Sequence[Document] = presumed_stale(snapshot)
    if not collisions and not (snapshot.has_bookings and preventable_collisions(snapshot)):
        return None
    dates = [document.date for c in collisions for document in c.documents]
    return min(dates + [document.date for document in stale])


#: Each policy's rule. A new policy is a new member of :class:`CutoffPolicy`
#: and its rule here; a member without a rule fails loudly, never silently
#: behaving as another policy.
_POLICIES: dict[CutoffPolicy, Callable[[Snapshot, Sequence[Collision]], dt.date | None]] = {
    CutoffPolicy.KEEP_DELETED: _keep_deleted,
    CutoffPolicy.REBOOK_DELETED: _rebook_deleted,
}

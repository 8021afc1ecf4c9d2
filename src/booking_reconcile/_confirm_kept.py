"""The confirmation's checks of the bookings a plan keeps (DOMAIN §3.4, §3.11; private).

A plan deletes the bookings of the documents it resets and the manual
entries of double bookings (§3.10), nothing else: a booking of a document it
does not reset, or a booking entered by hand (a manual entry: it books no
document), stays. Either one gone after the repair is a deviation of step
``delete-bookings`` that matters. Both checks need the snapshot before the
repair, and look only at the journals the new export holds bookings of (a
journal of which it holds none shows nothing gone).
"""

from __future__ import annotations

__all__ = ["kept_bookings_kept", "manual_bookings_kept"]

from collections.abc import Iterator

from ._confirm_checks import Facts, same_reference
from ._index import index_of
from .confirmation import Deviation
from .errors import quoted, shown
from .models import Booking
from .steps import DELETE_BOOKINGS


def kept_bookings_kept(facts: Facts) -> Iterator[Deviation]:
    """Each booking the plan keeps (of a document it does not reset) is still there."""
    before, after = facts.before, facts.after
    if before is None or not before.has_bookings or not after.has_bookings:
        return
    # A journal of which the new export holds no booking shows nothing gone.
    exported = {booking.journal for booking in after.bookings or ()}
    cutoff = facts.plan.cutoff
    for document in before.documents:
        booking = before.booking_of(document)
        now = facts.exported.get(document.key)
        if (
            booking is None
            or document.key in facts.reset
            or now is None
            or now.booking_number != document.booking_number  # reported as a change
            or booking.journal not in exported
            or after.booking_of(now) is not None
        ):
            continue
        kept = (
            f"dated before the cutoff {cutoff.isoformat()}"
            if cutoff is not None and document.date < cutoff
            else "not reset by the plan"
        )
        by_hand = [entry for double, entry in facts.doubles_left if double.document == document]
        left = (
            f"is booked only by {by_hand[0].record_name()}, entered by hand, which the plan deletes"
            if by_hand
            else "is no longer booked"
        )
        yield Deviation(
            DELETE_BOOKINGS,
            f"{booking.record_name()} ({document.record_name()} of "
            f"{document.date.isoformat()}, {kept}) is no longer in the accounting package: it "
            f"was deleted although the plan keeps it (step {DELETE_BOOKINGS}), so "
            f"{document.record_name()} {left}; plan the repair again from the new snapshot",
            (document.ref,),
        )


def manual_bookings_kept(facts: Facts) -> Iterator[Deviation]:
    """Each booking entered by hand that the plan keeps is still there (§3.4: never deleted).

    A manual booking is one that books no document and is not a double
    booking the plan deletes (§3.10). It is still there when the new export
    holds a booking of its journal with its number, date and reference (the
    reference compared as every reader compares references, §3.8).
    """
    before, after = facts.before, facts.after
    if before is None or not before.has_bookings or not after.has_bookings:
        return
    deleted = {double.duplicate for double in facts.plan.double_bookings}
    manual = [booking for booking, _ in index_of(before).manual if booking not in deleted]
    if not manual:
        return
    exported = {booking.journal for booking in after.bookings or ()}
    now: dict[tuple[str, int, object], list[Booking]] = {}
    for booking in after.bookings or ():
        now.setdefault((booking.journal, booking.booking_number, booking.date), []).append(booking)
    for booking in manual:
        if booking.journal not in exported:
            continue
        same = now.get((booking.journal, booking.booking_number, booking.date), [])
        if any(same_reference(other.reference, booking.reference) for other in same):
            continue
        reference = (
            "without a reference"
            if booking.reference is None
            else f"reference {quoted(booking.reference)}"
        )
        yield Deviation(
            DELETE_BOOKINGS,
            f"{booking.record_name()} of {booking.date.isoformat()} ({reference}), entered by "
            "hand, is no longer in the accounting package: it was deleted although the plan "
            f"keeps it (step {DELETE_BOOKINGS}: a booking entered by hand is never deleted); "
            f"enter it again as it was (journal {shown(booking.journal)}, booking number "
            f"{booking.booking_number}, {booking.date.isoformat()}, {reference})",
        )

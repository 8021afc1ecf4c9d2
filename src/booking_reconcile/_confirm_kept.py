"""The confirmation's checks of the bookings a plan keeps (DOMAIN §3.4, §3.11; private).

A plan deletes the bookings of the documents it resets and the manual
entries of double bookings (§3.10), nothing else: a booking of a document it
does not reset, or a booking entered by hand (a manual entry: it books no
document), stays. Either one gone after the repair is a deviation of step
``delete-bookings`` that matters. Both checks need the snapshot before the
repair. A journal of which the new export holds no booking shows nothing
gone, unless the new snapshot says its bookings are complete
(``bookings_complete``): then one gone there is a deviation as anywhere;
otherwise the check is listed unchecked (:func:`kept_unchecked`: export the
bookings of that journal).
"""

from __future__ import annotations

__all__ = ["kept_bookings_kept", "kept_unchecked", "manual_bookings_kept"]

from collections.abc import Iterator
from collections.abc import Set as AbstractSet

from ._confirm_checks import Facts, same_reference
from ._index import index_of
from .confirmation import Deviation, Unchecked
from .errors import quoted, shown
from .models import Booking, Document
from .steps import DELETE_BOOKINGS


def _visible(facts: Facts) -> set[str] | None:
    """The journals the new export can show a booking gone from; ``None``: every journal.

    A journal of which it holds no booking shows nothing gone, unless the new
    snapshot says its bookings are complete.
    """
    if facts.after.bookings_complete:
        return None
    return {booking.journal for booking in facts.after.bookings or ()}


def _kept(facts: Facts) -> Iterator[tuple[Document, Booking]]:
    """Each document the plan keeps booked whose booking is not in the new export."""
    before, after = facts.before, facts.after
    if before is None or not before.has_bookings or not after.has_bookings:
        return
    for document in before.documents:
        booking = before.booking_of(document)
        now = facts.exported.get(document.key)
        if (
            booking is None
            or document.key in facts.reset
            or now is None
            or now.booking_number != document.booking_number  # reported as a change
            or after.booking_of(now) is not None
        ):
            continue
        yield document, booking


def _manual(facts: Facts) -> list[Booking]:
    """The bookings entered by hand the plan keeps (§3.4), as the snapshot before holds them."""
    before, after = facts.before, facts.after
    if before is None or not before.has_bookings or not after.has_bookings:
        return []
    deleted = {double.duplicate for double in facts.plan.double_bookings}
    return [booking for booking, _ in index_of(before).manual if booking not in deleted]


def kept_unchecked(facts: Facts, said: AbstractSet[str] = frozenset()) -> Iterator[Unchecked]:
    """The bookings the plan keeps in journals the new export holds no booking of: unchecked.

    ``said``: journals another unchecked step already asks to export.
    """
    visible = _visible(facts)
    if visible is None:
        return
    missing: dict[str, Booking] = {}
    for booking in [booking for _, booking in _kept(facts)] + _manual(facts):
        if booking.journal not in visible and booking.journal not in said:
            missing.setdefault(booking.journal, booking)
    if not missing:
        return
    codes = sorted(missing)
    journals = " and ".join(shown(code) for code in codes)
    plural = "s" if len(codes) > 1 else ""
    kept = ", ".join(missing[code].record_name() for code in codes)
    yield Unchecked(
        DELETE_BOOKINGS,
        f"each booking the plan keeps is still there (the new snapshot has no bookings of "
        f"journal{plural} {journals}, where the plan keeps {kept}: export them too, or, if "
        f"journal{plural} {journals} hold{'' if plural else 's'} none now, say the new "
        "snapshot's bookings are complete)",
    )


def kept_bookings_kept(facts: Facts) -> Iterator[Deviation]:
    """Each booking the plan keeps (of a document it does not reset) is still there."""
    visible = _visible(facts)
    cutoff = facts.plan.cutoff
    for document, booking in _kept(facts):
        if visible is not None and booking.journal not in visible:
            continue  # unchecked (kept_unchecked)
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
    manual = _manual(facts)
    if not manual:
        return
    visible = _visible(facts)
    now: dict[tuple[str, int, object], list[Booking]] = {}
    for booking in facts.after.bookings or ():
        now.setdefault((booking.journal, booking.booking_number, booking.date), []).append(booking)
    for booking in manual:
        if visible is not None and booking.journal not in visible:
            continue  # unchecked (kept_unchecked)
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

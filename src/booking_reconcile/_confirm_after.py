"""The confirmation's checks of the new snapshot as a whole (DOMAIN §3.7, §3.11; private).

Beyond what each step of the plan did (:mod:`booking_reconcile._confirm_checks`),
the new snapshot itself must show a sound result (§3.7): no booked document
the plan does not reset changed its number (step ``deactivate``); no
collision is left (step ``synchronise``, or ``set-next-numbers``); no
document is booked twice (§3.10) beyond the double bookings the plan's own
checks report as left; and no stale document's number is about to be handed
out again (§3.2) where the synchronisation handed out other numbers than the
plan predicted (step ``set-next-numbers``). The rules are described in
:mod:`booking_reconcile.confirm`.
"""

from __future__ import annotations

__all__ = [
    "earlier_documents_kept",
    "no_collision_left",
    "no_collision_risk_left",
    "no_double_booking_left",
]

from collections.abc import Iterator

from ._confirm_checks import (
    DEACTIVATE,
    SYNCHRONISE,
    Facts,
    delink_day,
    kept_without_booking,
    same_reference,
)
from .collisions import Collision
from .confirmation import Deviation
from .double_bookings import DoubleBooking, find_double_bookings
from .errors import quoted
from .models import Document
from .steps import DELETE_BOOKINGS, DELETE_DOUBLE_BOOKINGS, SET_NEXT_NUMBERS


def _kept_by_plan(facts: Facts, held: Document) -> bool:
    """Whether ``held`` (as it was before) is a booked document the plan keeps as it is."""
    cutoff = facts.plan.cutoff
    return held.is_booked and held.key not in facts.reset and (cutoff is None or held.date < cutoff)


def earlier_documents_kept(facts: Facts) -> Iterator[Deviation]:
    """No booked document the repair does not reset changed its number."""
    before = facts.before
    if before is None:
        return
    cutoff = facts.plan.cutoff
    for document in before.documents:
        if not _kept_by_plan(facts, document):
            continue
        now = facts.exported.get(document.key)
        dated = f"{document.record_name()} of {document.date.isoformat()}"
        kept = (
            f"is dated before the cutoff {cutoff.isoformat()}"
            if cutoff is not None
            else "is not touched by the plan"
        )
        if now is None:
            yield Deviation(
                SYNCHRONISE,
                f"{dated} {kept} but is not in the new snapshot: export all documents again",
                (document.ref,),
            )
        elif now.booking_number != document.booking_number:
            shown = "no number" if now.booking_number is None else f"#{now.booking_number}"
            yield Deviation(
                DEACTIVATE,
                f"{dated} {kept} but changed from #{document.booking_number} to {shown}: "
                f"the integration was deactivated with a delink date before {delink_day(facts.plan)} "
                f"(step {DEACTIVATE}), or the document was changed by hand; it must keep "
                f"#{document.booking_number}: plan the repair again from the new snapshot",
                (document.ref,),
            )


def no_collision_left(facts: Facts) -> Iterator[Deviation]:
    """No collision is left after the repair (those of documents reported above aside)."""
    reported = {sent.document.key for sent, _ in facts.sent_deviations}
    for collision in facts.collisions:
        if any(document.key in reported for document in collision.documents):
            continue
        refs = tuple(document.ref for document in collision.documents)
        below = _below_the_next_number(facts, collision)
        if below is None:
            yield Deviation(
                SYNCHRONISE,
                f"after the repair, {collision.describe()}: plan the repair again from the "
                f"new snapshot (step {SYNCHRONISE})",
                refs,
            )
            continue
        document, planned = below
        place = facts.after.place_of(document)
        yield Deviation(
            SET_NEXT_NUMBERS,
            f"after the repair, {collision.describe()}: {document.record_name()}, sent since "
            f"the plan, received {document.booking_number}, below the next booking number "
            f"{planned} the plan sets: the next booking number of {place} was not set to "
            f"{planned} (step {SET_NEXT_NUMBERS}); plan the repair again from the new snapshot",
            refs,
        )


def _below_the_next_number(facts: Facts, collision: Collision) -> tuple[Document, int] | None:
    """A document of ``collision`` booked since the plan below the next number it sets, if any.

    Documents sent after the next number was set receive it or more: one
    below it shows the step not done (and not the documents sent too).
    """
    for document in collision.documents:
        place = facts.after.place_of(document)
        planned = facts.next_of.get(place)
        if (
            planned is not None
            # The plan's documents received the number set: it was set.
            and not facts.first_right.get(place, False)
            and document.booking_number is not None
            and document.booking_number < planned
            and facts.booked(document)
            and facts.booked_since(document)
        ):
            return document, planned
    return None


def no_double_booking_left(facts: Facts) -> Iterator[Deviation]:
    """No document is booked twice after the repair (§3.7: "booked exactly once", §3.10).

    The plan's own double bookings left in place, and the bookings it deletes
    left undeleted, are reported by their steps' checks; a document the plan
    keeps whose number changed, by :func:`earlier_documents_kept`. Every other
    double booking the new export shows is one deviation that matters, with
    its likely cause where it can be told.
    """
    after = facts.after
    if not after.has_bookings:
        return
    reported = {
        (double.place, booking.booking_number) for double, booking in facts.doubles_left
    } | {(deletion.place, booking.booking_number) for deletion, booking in facts.left_over}
    for double in find_double_bookings(after):
        if (double.place, double.duplicate.booking_number) in reported:
            continue
        held = facts.before_documents.get(double.document.key)
        if held is not None and _kept_by_plan(facts, held):
            now = facts.exported.get(held.key)
            if now is None or now.booking_number != held.booking_number:
                continue  # a document the plan keeps changed: said once, as that
        document, duplicate = double.document, double.duplicate.booking_number
        if _entered_after(facts, double):
            yield Deviation(
                DELETE_DOUBLE_BOOKINGS,
                f"after the repair, {document.record_name()} of {document.date.isoformat()} is "
                f"booked twice in {double.place}: #{double.booking.booking_number}, its own "
                f"booking, and #{duplicate}, entered by hand after it (a later number): "
                "a double booking made since (§3.10), not by the repair, whose result is sound; "
                f"delete booking #{duplicate} in the accounting package",
                (document.ref,),
                matters=False,
            )
            continue
        step, cause, stayed = _double_cause(facts, double)
        yield Deviation(
            step,
            f"after the repair, {document.record_name()} of {document.date.isoformat()} is "
            f"booked twice in {double.place}: #{double.booking.booking_number} and "
            f"#{duplicate}: {cause}; delete booking #{stayed} in the accounting package, "
            "or plan the repair again from the new snapshot",
            (document.ref,),
        )


def _entered_after(facts: Facts, double: DoubleBooking) -> bool:
    """Whether the entry by hand came after the document's own booking, which the plan did not make.

    A document the plan neither resets nor sends, booked under a lower number
    than the entry that names it: the entry was made after it was booked (the
    accounting package numbers on), so no step of the repair left it. Not
    when that booking lies below a number the synchronisation gave a document
    of the plan there, and the document is dated on or after the cutoff: it
    was booked before the repair, so the deactivation reset it and the later
    number is the synchronisation's (a documents export taken before the
    synchronisation wrote back still shows the old number).
    """
    return (
        not _planned(facts, double.document)
        and double.duplicate.booking_number > double.booking.booking_number
        and not _booked_before_the_sync(facts, double)
    )


def _booked_before_the_sync(facts: Facts, double: DoubleBooking) -> bool:
    """Whether a document the plan does not know, dated from the cutoff on, was booked before the sync.

    Its lower booking lies below a number the synchronisation gave a document
    the plan resets or sends, in the same journal and period.
    """
    cutoff, own = facts.plan.cutoff, double.booking.booking_number
    if cutoff is None or double.document.date < cutoff:
        return False
    return any(
        place == double.place
        and number > own
        and document is not None
        and _planned(facts, document)
        for (place, number), (_, document) in facts.at.items()
    )


def _planned(facts: Facts, document: Document) -> bool:
    """Whether the plan resets or sends ``document``."""
    return document.key in facts.reset or document.key in facts.sent_keys


def _double_cause(facts: Facts, double: DoubleBooking) -> tuple[str, str, int]:
    """The step a double booking after the repair points to, its likely cause, the booking to delete."""
    before, plan = facts.before, facts.plan
    document, duplicate = double.document, double.duplicate
    name, key, cutoff = document.record_name(), document.key, plan.cutoff
    planned = _planned(facts, document)
    unknown = (
        key not in facts.before_documents
        if before is not None
        else not planned and cutoff is not None and document.date >= cutoff
    )
    if unknown:
        # The synchronisation booked it last: the lower number is the booking that stayed.
        stayed = min(duplicate.booking_number, double.booking.booking_number)
        shown = ""
        if stayed == double.booking.booking_number:
            shown = (
                f"; the documents export still shows #{stayed}: export the documents again "
                "once the synchronisation has written the new number back"
            )
        return (
            DELETE_BOOKINGS,
            "it is not in the snapshot the plan was made from (sent after the plan was made), "
            "so the deactivation reset it with the plan's documents and the synchronisation "
            f"booked it again, while its booking #{stayed} stayed (step "
            f"{DELETE_BOOKINGS}: the plan could not list it){shown}",
            stayed,
        )
    if before is None and not planned and cutoff is not None:
        return (
            DEACTIVATE,
            f"it is dated before the cutoff {cutoff.isoformat()}, which the plan does not "
            f"reset, so the integration was deactivated with a delink date before "
            f"{delink_day(plan)} (step {DEACTIVATE}), which reset it, and the synchronisation "
            f"booked it again, while its booking #{duplicate.booking_number} stayed",
            duplicate.booking_number,
        )
    by_hand = before is None or any(
        (booking.journal, booking.booking_number, booking.date)
        == (duplicate.journal, duplicate.booking_number, duplicate.date)
        and booking.document is None
        and same_reference(booking.reference, duplicate.reference)
        for booking in before.bookings or ()
    )
    if planned and by_hand and duplicate.reference is not None:
        what = "resets" if key in facts.reset else "sends"
        return (
            DELETE_DOUBLE_BOOKINGS,
            f"#{duplicate.booking_number}, entered by hand with reference "
            f"{quoted(duplicate.reference)}, names {name}, which the plan {what}, so the "
            f"synchronisation booked it again beside that entry (step "
            f"{DELETE_DOUBLE_BOOKINGS}: the plan did not list it)",
            duplicate.booking_number,
        )
    return (
        DELETE_DOUBLE_BOOKINGS,
        f"#{duplicate.booking_number} books it beside its own booking (entered by hand, or "
        f"left from before the repair) (step {DELETE_DOUBLE_BOOKINGS})",
        duplicate.booking_number,
    )


def no_collision_risk_left(facts: Facts) -> Iterator[Deviation]:
    """No stale document's number is left to be handed out again where the numbers moved (§3.2).

    Where the synchronisation handed out other numbers than the plan
    predicted, lower than a stale document's that the plan meant to pass (a
    next number skipped, or typed lower), that document collides with a
    document sent there later (§3.9): one deviation per place, naming the
    stale documents and the number to set.
    """
    for place, stale in sorted(facts.at_risk.items(), key=lambda item: item[0].order()):
        numbers = [document.booking_number or 0 for document in stale]
        later = (
            "documents sent there later would receive those numbers again and collide"
            if len(stale) > 1
            else f"a document sent there later would receive {numbers[0]} again and collide"
        )
        yield Deviation(
            SET_NEXT_NUMBERS,
            f"{place}: {kept_without_booking(stale)}, at or above the "
            "highest booking left there, and the synchronisation handed out lower numbers "
            f"than the plan predicted: {later}; set the next booking number of {place} to "
            f"{max(numbers) + 1} in the accounting package (master data, journals) before "
            f"the next synchronisation (step {SET_NEXT_NUMBERS})",
            tuple(document.ref for document in stale),
        )

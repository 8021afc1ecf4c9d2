"""The checks of a repair's confirmation (DOMAIN §3.11), one small rule function each (private).

:func:`~booking_reconcile.confirm_repair` derives the :class:`Facts` once
from the snapshot before the repair, the plan and the snapshot after it, and
runs every check of :data:`~booking_reconcile.confirm.CHECKS` on them (these,
those of the bookings the plan keeps in :mod:`booking_reconcile._confirm_kept`, and
those of the new snapshot as a whole in :mod:`booking_reconcile._confirm_after`;
each yields its :class:`~booking_reconcile.Deviation` records); it finds the needed steps
the snapshot after cannot show done itself. The rules are described in
:mod:`booking_reconcile.confirm`.
"""

from __future__ import annotations

__all__ = ["DEACTIVATE", "STEP_ORDER", "Check", "Facts", "same_reference"]

from collections.abc import Callable, Iterator

from ._index import index_of
from ._linking import normalized
from .collisions import Collision, find_collisions
from .confirmation import Deviation
from .deletion import Deletion
from .double_bookings import DoubleBooking
from .errors import shown
from .models import Booking, Document, DocumentKey
from .next_numbers import configured_numbers
from .periods import Place, latest_places
from .repair_plan import RepairPlan
from .resend import Sent
from .snapshot import Snapshot
from .stale import find_collision_risks
from .steps import DELETE_BOOKINGS, DELETE_DOUBLE_BOOKINGS, SET_NEXT_NUMBERS, STEP_KEYS

DEACTIVATE = "deactivate"
RECONNECT = "reconnect"
SYNCHRONISE = "synchronise"


class Facts:
    """What the checks look at: the snapshots, the plan, and what is derived from them once."""

    def __init__(self, before: Snapshot | None, plan: RepairPlan, after: Snapshot) -> None:
        self.before = before
        self.plan = plan
        self.after = after
        self.exported: dict[DocumentKey, Document] = {d.key: d for d in after.documents}
        self.before_documents: dict[DocumentKey, Document] = (
            {} if before is None else {d.key: d for d in before.documents}
        )
        self.sent_keys = {sent.document.key for sent in plan.sent}
        self.reset: dict[DocumentKey, Document] = {d.key: d for d in plan.to_reset}
        self.collisions: tuple[Collision, ...] = find_collisions(after)
        self.colliding: dict[DocumentKey, Collision] = {
            document.key: collision
            for collision in self.collisions
            for document in collision.documents
        }
        self.at: dict[tuple[Place, int], tuple[Booking, Document | None]] = {
            (place, booking.booking_number): (booking, document)
            for booking, place, document in index_of(after).linked_bookings()
        }
        self.left_over = list(_left_over(self))
        self.doubles_left = list(_doubles_left(self))
        self.next_of = {n.place: n.number for n in plan.next_numbers}
        # The configured next numbers the after snapshot shows, read as the plan
        # read them (§3.5): of the places the sync sends into and those the plan
        # sets a number for; in a prevention plan, of a journal it sets a number
        # for, the period its step sets.
        places = [n.place for n in plan.next_numbers]
        stepped = {place.journal for place in places} if plan.cutoff is None else set()
        places += [sent.place for sent in plan.sent if sent.place.journal not in stepped]
        # The place each journal's one number describes, shown or not (§3.5).
        self.described: dict[str, Place] = latest_places(places)
        known = set(after.journal_codes)
        self.configured: dict[Place, int] = configured_numbers(
            after, [place for place in places if place.journal in known]
        )
        self.expected_first = _expected_first(self)
        self.first_right = _first_received_right(self, self.expected_first)
        self.at_risk = _at_risk(self)
        self.sent_deviations: list[tuple[Sent, Deviation]] = list(_sent_deviations(self))

    def booked_since(self, document: Document) -> bool:
        """Whether ``document`` (as it is after) received its number since the plan."""
        if self.before is None:
            return document.key in self.sent_keys
        held = self.before_documents.get(document.key)
        return held is None or held.booking_number is None or document.key in self.reset

    def booked(self, document: Document) -> bool:
        """Whether ``document`` (as it is after) is booked in the accounting package."""
        if document.booking_number is None:
            return False
        return not self.after.has_bookings or self.after.booking_of(document) is not None


Check = Callable[[Facts], Iterator[Deviation]]


def _left_over(facts: Facts) -> Iterator[tuple[Deletion, Booking]]:
    """Each booking to delete that is still there, with the booking found in its place."""
    for deletion in facts.plan.deletions:
        booking, document = facts.at.get((deletion.place, deletion.booking_number), (None, None))
        # A booking linked to a document is that document's own (the
        # synchronisation's, with a number handed out anew); the old booking
        # left undeleted is one the accounting package no longer links to the
        # document: a manual entry with its number as reference, if any.
        # A booking linked only by its reference to a document the sync did
        # not send is not the sync's: it may be the one left undeleted.
        if booking is None or (
            document is not None
            and (booking.document is not None or document.key in facts.sent_keys)
        ):
            continue
        if booking.reference is None or normalized(booking.reference) == normalized(
            deletion.document.number
        ):
            yield deletion, booking


def bookings_deleted(facts: Facts) -> Iterator[Deviation]:
    """Each booking the plan deletes is gone from the accounting package."""
    for deletion, booking in facts.left_over:
        document = deletion.document
        yield Deviation(
            DELETE_BOOKINGS,
            f"booking #{booking.booking_number} in {deletion.place} ({document.record_name()} of "
            f"{document.date.isoformat()}) is still in the accounting package: it was not "
            f"deleted (step {DELETE_BOOKINGS}), so {document.record_name()} is booked twice; "
            "delete that booking in the accounting package",
            (document.ref,),
        )


def _doubles_left(facts: Facts) -> Iterator[tuple[DoubleBooking, Booking]]:
    """Each double booking whose manual entry is still there, with that entry."""
    for double in facts.plan.double_bookings:
        duplicate = double.duplicate
        booking, linked = facts.at.get((double.place, duplicate.booking_number), (None, None))
        # A booking linked to a document is that document's own (§3.8): the
        # manual entry, when still there, links to nothing.
        if booking is None or booking.document is not None or linked is not None:
            continue
        if same_reference(booking.reference, duplicate.reference):
            yield double, booking


def double_bookings_deleted(facts: Facts) -> Iterator[Deviation]:
    """Each double booking's manual entry is gone from the accounting package (§3.10)."""
    for double, booking in facts.doubles_left:
        document = double.document
        now = facts.exported.get(document.key)
        if (
            now is not None
            and document.key not in facts.reset
            and now.booking_number == document.booking_number
            and not facts.booked(now)
        ):
            # The document's own booking went instead (reported as a booking
            # the plan keeps): the entry by hand books it alone now.
            what = (
                f", but the booking of {document.record_name()} the plan keeps was deleted "
                f"instead (step {DELETE_DOUBLE_BOOKINGS}): it now books "
                f"{document.record_name()} alone; do not delete it, plan the repair again "
                "from the new snapshot"
            )
        else:
            what = (
                f": it was not deleted (step {DELETE_DOUBLE_BOOKINGS}), so "
                f"{document.record_name()} is booked twice; delete that booking in the "
                "accounting package"
            )
        yield Deviation(
            DELETE_DOUBLE_BOOKINGS,
            f"booking #{booking.booking_number} in {double.place} of "
            f"{booking.date.isoformat()}, entered by hand for "
            f"{document.record_name()}, is still in the accounting package{what}",
            (document.ref,),
        )


def same_reference(one: str | None, other: str | None) -> bool:
    """Whether two references are the same, compared as every reader does (§3.8)."""
    if one is None or other is None:
        return one is other
    return normalized(one) == normalized(other)


def next_numbers_set(facts: Facts) -> Iterator[Deviation]:
    """Each journal's configured next number is past every number the sync handed out."""
    after = facts.after
    # The places the sync sent into, and those a (prevention) plan sets a
    # number for even where nothing is sent yet.
    for place, configured in sorted(facts.configured.items(), key=lambda item: item[0].order()):
        handed = [
            now
            for now in (facts.exported.get(sent.document.key) for sent in facts.plan.sent)
            if now is not None and now.booking_number is not None and after.place_of(now) == place
        ]
        if handed:
            top = max(handed, key=lambda document: document.booking_number or 0)
            number = top.booking_number or 0
            if configured <= number:
                yield Deviation(
                    SET_NEXT_NUMBERS,
                    f"{place}: the configured next booking number is {configured}, but the "
                    f"synchronisation handed out {number} ({top.record_name()}): the next "
                    f"document sent would get a number in use; set it to {number + 1} "
                    f"(step {SET_NEXT_NUMBERS})",
                    (top.ref,),
                )
            continue
        planned = facts.next_of.get(place)
        if planned is not None and configured < planned:
            # The stale numbers it would hand out again (§3.2): named, as they collide.
            stale = [
                document
                for document in (find_collision_risks(after) if after.has_bookings else ())
                if after.place_of(document) == place
                and configured <= (document.booking_number or 0) < planned
            ]
            risk = ""
            if stale:
                risk = (
                    f"; {kept_without_booking(stale)}, which "
                    f"{'documents' if len(stale) > 1 else 'a document'} sent there would "
                    "receive again and collide"
                )
            yield Deviation(
                SET_NEXT_NUMBERS,
                f"{place}: the configured next booking number is {configured}, not "
                f"{planned} as the plan says{risk}: set it to {planned} before the documents "
                f"are sent (step {SET_NEXT_NUMBERS})",
                tuple(document.ref for document in stale),
            )


def _sent_deviations(facts: Facts) -> Iterator[tuple[Sent, Deviation]]:
    """Each sent document that is not booked as predicted, with its deviation."""
    expected_first, first_right = facts.expected_first, facts.first_right
    kept_in = {deletion.place for deletion, _ in facts.left_over}
    # A manual entry left in place (§3.10) pushes the numbers after it on.
    doubles_in = {double.place: (double, booking) for double, booking in facts.doubles_left}
    not_reset_in = {sent.place for sent in facts.plan.sent if _not_reset(facts, sent.document)}
    unplanned = _unplanned(facts)
    for sent in facts.plan.sent:
        predicted = sent.document
        now = facts.exported.get(predicted.key)
        name = predicted.record_name()
        refs = (predicted.ref,)
        if now is None:
            yield (
                sent,
                Deviation(
                    SYNCHRONISE,
                    f"{name} is not in the new snapshot (the plan predicted booking number "
                    f"{predicted.booking_number} in {sent.place}): export all documents again",
                    refs,
                ),
            )
        elif not facts.booked(now):
            yield sent, _not_booked(facts, sent, now)
        elif (
            now.booking_number != predicted.booking_number
            or facts.after.place_of(now) != sent.place
        ):
            # Documents sent in addition only push the numbers up: a number
            # below the prediction is not theirs.
            below = facts.after.place_of(now) == sent.place and (now.booking_number or 0) < (
                predicted.booking_number or 0
            )
            if sent.place in kept_in:
                cause = (
                    f"a booking in {sent.place} that was not deleted moved the numbers on "
                    f"(step {DELETE_BOOKINGS})"
                )
                step = DELETE_BOOKINGS
            elif sent.place in doubles_in and not below:
                double, booking = doubles_in[sent.place]
                cause = (
                    f"the booking #{booking.booking_number} in {double.place} entered by hand "
                    f"for {double.document.record_name()} was not deleted and moved the "
                    f"numbers on (step {DELETE_DOUBLE_BOOKINGS})"
                )
                step = DELETE_DOUBLE_BOOKINGS
            elif sent.place in not_reset_in:
                cause = (
                    f"documents in {sent.place} that were not reset kept their numbers "
                    f"(step {DEACTIVATE})"
                )
                step = DEACTIVATE
            elif sent.place in unplanned and not below:
                names = ", ".join(d.record_name() for d in unplanned[sent.place])
                cause = (
                    f"documents the plan does not know were sent into {sent.place} too "
                    f"({names}) (step {SYNCHRONISE})"
                )
                step = SYNCHRONISE
            elif not first_right.get(sent.place, True) and sent.place not in facts.next_of:
                # The plan sets no number there ("nothing to set"): no step was skipped.
                cause = (
                    _configured_higher(facts, sent.place, expected_first[sent.place])
                    if not below
                    else "the documents were not sent as the plan predicts: some not at all, "
                    f"others in between (step {SYNCHRONISE})"
                )
                step = SET_NEXT_NUMBERS if not below else SYNCHRONISE
            elif not first_right.get(sent.place, True):
                cause = (
                    f"the next booking number of {sent.place} was not set to "
                    f"{expected_first[sent.place]} (step {SET_NEXT_NUMBERS})"
                )
                old = facts.reset.get(predicted.key)
                if old is not None and old.booking_number == now.booking_number:
                    # The same number as before: the snapshot cannot tell this
                    # from a repair never carried out.
                    cause += (
                        ", or the repair was not carried out at all (is the new snapshot "
                        "exported after it?)"
                    )
                step = SET_NEXT_NUMBERS
            else:
                cause = (
                    "the documents were not sent as the plan predicts: some not at all, "
                    f"others in between (step {SYNCHRONISE})"
                )
                step = SYNCHRONISE
            collision = facts.colliding.get(now.key)
            risks = facts.at_risk.get(facts.after.place_of(now), [])
            if collision is not None:
                consequence = (
                    f"it now collides ({collision.message}): plan the repair again from the "
                    "new snapshot"
                )
            elif risks:
                consequence = (
                    f"nothing collides yet, but {names_of(risks)} will collide with a "
                    f"document sent there later (step {SET_NEXT_NUMBERS})"
                )
            else:
                consequence = "nothing collides, so the result is still sound: note the new number"
            yield (
                sent,
                Deviation(
                    step,
                    f"{name} received booking number {now.booking_number} in "
                    f"{facts.after.place_of(now)}, not {predicted.booking_number} as the plan "
                    f"predicted: {cause}; {consequence}",
                    refs,
                    matters=collision is not None,
                ),
            )


def _at_risk(facts: Facts) -> dict[Place, list[Document]]:
    """Per place the sync handed out other numbers in than predicted: the stale numbers next (§3.2).

    A stale document at or above the highest booking left in its place
    (:func:`~booking_reconcile.find_collision_risks` on the new snapshot)
    whose number is below those the plan meant to hand out there, and not
    passed by the journal's configured next number when the new snapshot
    shows it: the next document sent there receives it again.
    """
    after = facts.after
    moved: set[Place] = set()
    bound: dict[Place, int] = dict(facts.next_of)
    for sent in facts.plan.sent:
        predicted = sent.document.booking_number or 0
        bound[sent.place] = max(bound.get(sent.place, 0), predicted)
        now = facts.exported.get(sent.document.key)
        if now is not None and facts.booked(now) and now.booking_number != predicted:
            moved.add(after.place_of(now))
    if not moved or not after.has_bookings:
        return {}
    risks: dict[Place, list[Document]] = {}
    for document in find_collision_risks(after):
        place, number = after.place_of(document), document.booking_number or 0
        configured = facts.configured.get(place)
        if (
            place in moved
            and number < bound.get(place, 0)
            and (configured is None or configured <= number)
        ):
            risks.setdefault(place, []).append(document)
    return risks


def kept_without_booking(stale: list[Document]) -> str:
    """``invoice B keeps booking number 1002 without a booking``, for one or more documents."""
    several = len(stale) > 1
    written = [str(document.booking_number) for document in stale]
    shown = written[0] if not several else f"{', '.join(written[:-1])} and {written[-1]}"
    return (
        f"{names_of(stale)} keep{'' if several else 's'} booking "
        f"number{'s' if several else ''} {shown} without a booking"
    )


def names_of(documents: list[Document]) -> str:
    """The documents in words: ``invoice F3``, ``invoice F3 and credit note C2``."""
    names = [document.record_name() for document in documents]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _configured_higher(facts: Facts, place: Place, first: int) -> str:
    """Why a place the plan sets no number for received higher numbers: its configured one.

    The plan predicted from the bookings (and the configured number, when
    known); the step had nothing to set there.
    """
    before = facts.before
    unknown = (
        before is not None
        and place.journal in before.journal_codes
        and before.journal(place.journal).next_booking_number is None
    )
    when = ", unknown when the plan was made," if unknown else ""
    return (
        f"journal {shown(place.journal)}'s configured next booking number{when} was higher "
        f"than {first}, the first number the plan predicted in {place} (the plan sets none "
        f"there: step {SET_NEXT_NUMBERS} has nothing to set for it)"
    )


def _expected_first(facts: Facts) -> dict[Place, int]:
    """The number the first document sent into each place receives, as the plan predicts."""
    first: dict[Place, int] = {}
    for sent in facts.plan.sent:
        if sent.place not in first:
            first[sent.place] = sent.document.booking_number or 0
    return first


def _first_received_right(facts: Facts, expected_first: dict[Place, int]) -> dict[Place, bool]:
    """Per place, whether the first document really sent into it received the first number."""
    right: dict[Place, bool] = {}
    for sent in facts.plan.sent:
        now = facts.exported.get(sent.document.key)
        if sent.place in right or now is None or not facts.booked(now):
            continue
        right[sent.place] = now.booking_number == expected_first[sent.place]
    return right


def _unplanned(facts: Facts) -> dict[Place, list[Document]]:
    """The documents booked after that the snapshot before did not hold, by place."""
    before = facts.before
    if before is None:
        return {}
    known = {document.key for document in before.documents}
    unplanned: dict[Place, list[Document]] = {}
    for document in facts.after.documents:
        if document.key not in known and document.booking_number is not None:
            unplanned.setdefault(facts.after.place_of(document), []).append(document)
    return unplanned


def _not_reset(facts: Facts, predicted: Document) -> bool:
    """Whether a document to reset still carries its old number, without a booking."""
    old = facts.reset.get(predicted.key)
    now = facts.exported.get(predicted.key)
    return (
        old is not None
        and now is not None
        and not facts.booked(now)
        and now.booking_number == old.booking_number
    )


def _not_booked(facts: Facts, sent: Sent, now: Document) -> Deviation:
    predicted = sent.document
    name = predicted.record_name()
    refs = (predicted.ref,)
    old = facts.reset.get(predicted.key)
    expected = f"the plan predicted booking number {predicted.booking_number} in {sent.place}"
    if old is not None and _not_reset(facts, predicted):
        return Deviation(
            DEACTIVATE,
            f"{name} still carries its old booking number {old.booking_number}, which no "
            f"booking refers to ({expected}): the integration did not reset it; deactivate "
            f"it with delink date {delink_day(facts.plan)} (step {DEACTIVATE}), connect it again "
            "and synchronise",
            refs,
        )
    if now.booking_number is None:
        return Deviation(
            SYNCHRONISE,
            f"{name} is not booked ({expected}): synchronise the invoices and credit notes "
            f"(step {SYNCHRONISE})",
            refs,
        )
    return Deviation(
        SYNCHRONISE,
        f"{name} carries booking number {now.booking_number}, but no booking in the "
        f"accounting package refers to it ({expected}): export the bookings again, or "
        f"synchronise (step {SYNCHRONISE})",
        refs,
    )


def delink_day(plan: RepairPlan) -> str:
    return "the cutoff" if plan.cutoff is None else plan.cutoff.isoformat()


def documents_sent_as_predicted(facts: Facts) -> Iterator[Deviation]:
    """Each document the sync sends carries the predicted number, or the result is still sound."""
    for _, deviation in facts.sent_deviations:
        yield deviation
    for key, old in facts.reset.items():  # reset, but refused by a closed period (§3.4): not sent
        if key not in facts.sent_keys and _not_reset(facts, old):
            yield Deviation(
                DEACTIVATE,
                f"{old.record_name()} still carries its old booking number {old.booking_number}, "
                "which no booking refers to: the integration did not reset it; deactivate it "
                f"with delink date {delink_day(facts.plan)} (step {DEACTIVATE})",
                (old.ref,),
            )


def reconnected_as_planned(facts: Facts) -> Iterator[Deviation]:
    """The integration is connected with the plan's start date and journals.

    Without a recorded start date the plan bounds it (§3.6: "not later than"
    the earliest booked document read): a later one loses payment statuses.
    """
    planned, now = facts.plan.integration, facts.after.integration
    for label, plan_code, code in (
        ("invoice journal", planned.invoice_journal, now.invoice_journal),
        ("credit-note journal", planned.credit_note_journal, now.credit_note_journal),
    ):
        if code != plan_code:
            yield Deviation(
                RECONNECT,
                f"the integration is connected with {label} {code}, not {plan_code} as "
                f"before the repair: connect it again with the same journals (step {RECONNECT})",
            )
    start = facts.plan.start_date
    if start is not None and now.start_date is not None and now.start_date != start:
        lost = (
            ": the payment statuses of older documents are no longer fetched"
            if now.start_date > start
            else ""
        )
        yield Deviation(
            RECONNECT,
            f"the integration's start date is {now.start_date.isoformat()}, not "
            f"{start.isoformat()} as the plan says{lost}; connect it again with start date "
            f"{start.isoformat()} (step {RECONNECT})",
        )
    bound = facts.plan.earliest_booked
    if (
        start is None
        and bound is not None
        and now.start_date is not None
        and now.start_date > bound
    ):
        yield Deviation(
            RECONNECT,
            f"the integration's start date is {now.start_date.isoformat()}, later than "
            f"{bound.isoformat()}, the earliest booked document the plan read (the plan "
            f"recorded no start date: it said not later than {bound.isoformat()}): the payment "
            "statuses of older documents are no longer fetched; connect it again with the start "
            "date written down from the integration's settings before the repair, not later "
            f"than {bound.isoformat()} (step {RECONNECT})",
        )


STEP_ORDER = {key: position for position, key in enumerate((DELETE_DOUBLE_BOOKINGS, *STEP_KEYS))}

"""Proving a plan: simulate the repair and a synchronisation, then check the result.

The simulation models both sides on a snapshot:

1. remove the bookings the plan deletes;
2. clear the booking numbers of the documents the plan resets;
3. set each journal's next number to the plan's;
4. send the reset documents and every document not booked yet, in resend
   order (document date, invoices before credit notes, document number
   compared naturally; old sync times do not count); the accounting package
   gives each
   ``max(highest number in its journal and period + 1, configured next)``.

When the snapshot's bookings are not known, the simulation starts from the
bookings the rules infer: every booked document has one, except the stale
documents the collisions reveal.

A plan is **sound** when the simulated result has no collision, every reset
document is booked exactly once, and no booked document dated before the
cutoff changed its number. (Documents not booked yet are booked by the
synchronisation whatever their date: that is the synchronisation's job, not a
change the repair makes.)

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot, plan_repair
>>> snapshot = Snapshot(Integration("70", "70"), [
...     Invoice("A", date(2026, 1, 5), 1001),
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("C", date(2026, 1, 10), 1002),
... ])
>>> plan = plan_repair(snapshot)
>>> verify_plan(snapshot, plan)
()
>>> [(d.number, d.booking_number) for d in simulate_repair(snapshot, plan).documents]
[('A', 1001), ('B', 1002), ('C', 1003)]
"""

from __future__ import annotations

__all__ = ["Simulation", "proof_of", "simulate", "simulate_repair", "verify_plan"]

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from itertools import compress
from operator import attrgetter
from typing import Any

import attrs

from ._checks import MAX_BOOKING_NUMBER
from ._index import index_of
from ._lookups import booking_numbers, unlinked_documents
from ._plan_checks import deleted_not_reset, record_name
from ._presentation import to_data, to_html, to_markdown
from ._sync import _kept_bookings, _keys, _simulate, _Sync
from .collisions import Collision, collision_message, find_collisions
from .deletion import Deletion, documents_to_reset, documents_with_booking
from .double_bookings import DoubleBooking
from .errors import BookingReconcileError, PlanMismatchError
from .evidence import bookings_of_stale_documents, bookings_of_unbooked_documents
from .models import Booking, Document, DocumentKey, Journal
from .next_numbers import NextBookingNumber
from .ordering import sync_order
from .periods import Place, latest_places
from .repair_plan import RepairPlan, require_plan
from .resend import Sent, documents_not_booked
from .snapshot import Snapshot


@attrs.frozen(kw_only=True)
class Simulation:
    """A plan carried out on a snapshot and one synchronisation, and its proof.

    ``before`` and ``after`` are the snapshots; ``sent`` the documents the
    synchronisation sent, in resend order, with their new numbers;
    ``problems`` why the plan is not sound (empty when it is).
    """

    before: Snapshot
    after: Snapshot
    sent: tuple[Sent, ...]
    problems: tuple[str, ...]

    @property
    def sound(self) -> bool:
        """Whether the plan passed its proof."""
        return not self.problems

    @property
    def collisions_left(self) -> tuple[Collision, ...]:
        """The collisions of the snapshot after the repair and the sync."""
        return find_collisions(self.after)

    def changes(self) -> Iterator[tuple[Document, Sent]]:
        """Each sent document as it was before, with what it became."""
        for sent in self.sent:
            yield self.before.document(sent.document.ref), sent

    def to_dict(self) -> dict[str, Any]:
        """The simulation as JSON-ready data."""
        return to_data(self)

    def to_markdown(self) -> str:
        """The simulation as Markdown: the changes and the proof."""
        return to_markdown(self)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        """The changes and the proof as HTML, for Jupyter and nbconvert."""
        return to_html(self)


def simulate(snapshot: Snapshot, plan: RepairPlan) -> Simulation:
    """``plan`` carried out on ``snapshot``, one synchronisation, and the proof.

    Raises :class:`~booking_reconcile.errors.PlanMismatchError` when the plan
    names documents the snapshot does not hold, or resets a document whose
    booking it does not delete (see :func:`simulate_repair`).
    """
    _check_plan_matches(snapshot, plan)
    _check_booked_once(snapshot, plan)
    simulation, _, _ = simulation_of(
        snapshot,
        cutoff=plan.cutoff,
        to_reset=plan.to_reset,
        deletions=plan.deletions,
        next_numbers=plan.next_numbers,
        double_bookings=plan.double_bookings,
    )
    return simulation


def simulate_repair(snapshot: Snapshot, plan: RepairPlan) -> Snapshot:
    """The snapshot after carrying out ``plan`` and synchronising once.

    The result always has bookings (presumed ones when ``snapshot`` had none).
    Raises :class:`~booking_reconcile.errors.PlanMismatchError` when the plan
    names documents the snapshot does not hold, or when it resets a document
    whose booking it does not delete: the sync would book it twice, which no
    snapshot can hold, and the error names the plan's ``to_delete`` (a plan
    file edited by hand, say), as :func:`verify_plan` does, not the document.
    """
    _check_plan_matches(snapshot, plan)
    _check_booked_once(snapshot, plan)
    return _after(snapshot, _simulate(snapshot, *_changes_of(plan), prevention=plan.cutoff is None))


def verify_plan(snapshot: Snapshot, plan: RepairPlan) -> tuple[str, ...]:
    """The reasons ``plan`` is not sound for ``snapshot``; empty when it is."""
    if require_plan(plan).cutoff is not None:
        _check_plan_matches(snapshot, plan)
    reasons, _ = _proof(snapshot, plan.cutoff, *_changes_of(plan), by_hand=True)
    return reasons


def _changes_of(
    plan: RepairPlan,
) -> tuple[
    tuple[Document, ...],
    tuple[Deletion, ...],
    tuple[NextBookingNumber, ...],
    tuple[DoubleBooking, ...],
]:
    """What carrying out ``plan`` changes: resets, deletions, next numbers, double bookings.

    (Its callers have made sure it is a plan: :func:`_check_plan_matches`, ``require_plan``.)
    """
    return plan.to_reset, plan.deletions, plan.next_numbers, plan.double_bookings


def proof_of(
    snapshot: Snapshot,
    *,
    cutoff: dt.date | None,
    to_reset: Sequence[Document],
    deletions: Sequence[Deletion],
    next_numbers: Sequence[NextBookingNumber],
    double_bookings: Sequence[DoubleBooking] = (),
) -> tuple[tuple[str, ...], tuple[Sent, ...], tuple[Sent, ...], tuple[Sent, ...]]:
    """The proof of a plan's parts before the plan is built (for the planner).

    :func:`verify_plan`'s reasons, the documents the simulated sync sent,
    those it could not number (past the limit) and those the accounting
    package refuses (dated in a closed period): one simulation serves all,
    so that planning proves a plan at the cost of one simulated sync.
    """
    reasons, sync = _proof(snapshot, cutoff, to_reset, deletions, next_numbers, double_bookings)
    if sync is None:
        return reasons, (), (), ()
    return reasons, tuple(sync.sent), tuple(sync.overflow), tuple(sync.refused)


def simulation_of(
    snapshot: Snapshot,
    *,
    cutoff: dt.date | None,
    to_reset: Sequence[Document],
    deletions: Sequence[Deletion],
    next_numbers: Sequence[NextBookingNumber],
    double_bookings: Sequence[DoubleBooking] = (),
) -> tuple[Simulation, tuple[Sent, ...], tuple[Sent, ...]]:
    """The simulation of a plan's parts with its proof, and the documents it could not number.

    Those past the limit first, then those the accounting package refuses (a closed period).

    :func:`proof_of` for a planner that also shows the simulation (the
    command's ``plan --verify``): the same one simulated sync proves the plan
    and is the simulation shown.
    """
    problems, sync = _proof(snapshot, cutoff, to_reset, deletions, next_numbers, double_bookings)
    if sync is None:
        sync = _simulate(
            snapshot, to_reset, deletions, next_numbers, double_bookings, prevention=cutoff is None
        )
    simulation = Simulation(
        before=snapshot, after=_after(snapshot, sync), sent=tuple(sync.sent), problems=problems
    )
    return simulation, tuple(sync.overflow), tuple(sync.refused)


def _proof(
    snapshot: Snapshot,
    cutoff: dt.date | None,
    to_reset: Sequence[Document],
    deletions: Sequence[Deletion],
    next_numbers: Sequence[NextBookingNumber],
    double_bookings: Sequence[DoubleBooking],
    *,
    by_hand: bool = False,
) -> tuple[tuple[str, ...], _Sync | None]:
    """The reasons the parts are not sound, and the simulated sync (``None`` when not run).

    With ``by_hand`` (:func:`verify_plan`), a document the sync books while an
    entry by hand that the plan keeps names it counts as booked twice. The
    planner leaves that to its blockers (``booking-of-reset-document``,
    ``booking-of-unbooked-document``): the input, not the plan's lists, is at
    fault, and the plan made is not feasible.
    """
    if cutoff is None and find_collisions(snapshot):
        reasons = tuple(
            f"{collision.message}, but the plan repairs nothing"
            for collision in find_collisions(snapshot)
        )
        return reasons, None
    if cutoff is None and not (
        to_reset or deletions or next_numbers or double_bookings or documents_not_booked(snapshot)
    ):
        return (), None  # nothing collides, changes or is sent: nothing to simulate or check
    existing = documents_with_booking(snapshot)
    keys = _keys(to_reset, deletions)
    listed = _plan_reasons(snapshot, cutoff, *keys, existing)
    if listed:
        return tuple(listed), None
    sync = _simulate(
        snapshot,
        to_reset,
        deletions,
        next_numbers,
        double_bookings,
        keys,
        prevention=cutoff is None,
    )
    if not (sync.sent or sync.overflow or to_reset or find_collisions(snapshot)):
        return (), sync  # nothing sent, reset or colliding: nothing after the sync to check
    reasons = (
        *_collisions_after(snapshot, sync),
        *_reset_not_booked_once(
            to_reset, sync, _entered_by_hand(snapshot, to_reset) if by_hand else frozenset()
        ),
        *(_sent_booked_by_hand(snapshot, sync) if by_hand else ()),
        *_changed_before_cutoff(snapshot, cutoff, sync),
    )
    return reasons, sync


def _after(snapshot: Snapshot, sync: _Sync) -> Snapshot:
    positions = index_of(snapshot).positions
    documents = list(snapshot.documents)
    for sent in sync.sent:
        documents[positions[sent.document.key]] = sent.document
    for refused in (*sync.overflow, *sync.refused):  # reset, but not booked again
        if refused.document.key in sync.reset:
            documents[positions[refused.document.key]] = refused.document.with_booking_number(None)
    bookings = [booking for booking, _ in _kept_bookings(snapshot, sync)]
    bookings += [
        Booking(
            sent.place.journal,
            sent.document.booking_number or 0,
            sent.document.date,
            sent.document.ref,
        )
        for sent in sync.sent
    ]
    # Every other field of the snapshot is kept as it is.
    return attrs.evolve(
        snapshot, documents=documents, journals=_journals_after(snapshot, sync), bookings=bookings
    )


def _journals_after(snapshot: Snapshot, sync: _Sync) -> list[Journal]:
    """The journals as the accounting package shows them after the sync.

    A journal whose next number is known shows, for the latest period a
    step sets a number for (or, without one, the latest the sync numbered
    in), the number set, moved past every number it handed out there: the
    period the plan reads the journal's one number as (§3.5; in a prevention
    plan, the period its step sets). A journal whose number is unknown stays
    unknown.
    """
    handed: dict[Place, int] = {}
    for sent in sync.sent:
        handed[sent.place] = max(handed.get(sent.place, 0), sent.document.booking_number or 0)
    # §3.5: the number describes the latest period the sync sends into or a
    # step sets; in a prevention plan, the period its step sets (§3.9).
    set_latest, handed_latest = latest_places(sync.configured), latest_places(handed)
    journals = []
    for journal in snapshot.journals:
        latest = set_latest.get(journal.code) or handed_latest.get(journal.code)
        if journal.next_booking_number is None or latest is None:
            journals.append(journal)
            continue
        number = max(sync.configured.get(latest, 0), handed.get(latest, 0) + 1)
        if number > MAX_BOOKING_NUMBER:
            journals.append(journal)
            continue
        journals.append(attrs.evolve(journal, next_booking_number=number))
    return journals


def _collisions_after(snapshot: Snapshot, sync: _Sync) -> list[str]:
    """Documents that share a number after the sync (the sync's own collisions too).

    Only the sync changes numbers, so a collision after it either holds a
    document the sync sent, or is one of the snapshot's own collisions of
    which two or more documents kept their numbers: those two are checked, and
    nothing is regrouped that the sync left as it was.
    """
    sent_numbers: dict[Place, dict[int, list[Document]]] = {}
    for sent in sync.sent:
        of_place = sent_numbers.setdefault(sent.place, {})
        of_place.setdefault(sent.document.booking_number or 0, []).append(sent.document)
    groups = {
        (place, number): list(documents)
        for place, numbers in sent_numbers.items()
        for number, documents in numbers.items()
    }
    handed = {number for numbers in sent_numbers.values() for number in numbers}
    index = index_of(snapshot)
    for document in _carrying(snapshot, handed) if handed else ():
        number = document.booking_number
        if number is None or document.key in sync.reset:  # a reset document's old number is gone
            continue
        place = index.place(document)
        numbers = sent_numbers.get(place)
        if numbers is not None and number in numbers:
            groups[place, number].append(document)
    for collision in find_collisions(snapshot):
        kept = [document for document in collision.documents if document.key not in sync.reset]
        if len(kept) > 1 and (collision.place, collision.booking_number) not in groups:
            groups[collision.place, collision.booking_number] = kept
    return [
        f"after the repair: {collision_message(sync_order(documents))} (#{number} in {place})"
        for (place, number), documents in groups.items()
        if len(documents) > 1
    ]


def _carrying(snapshot: Snapshot, numbers: AbstractSet[int]) -> Iterable[Document]:
    """The documents that carry one of ``numbers`` (in any order).

    With the bookings given: the documents no booking books that carry one,
    and the documents booked by the bookings of those numbers (a booking
    carries its document's number), picked out of the bookings' numbers in C.
    """
    documents = snapshot.documents
    if not snapshot.has_bookings:
        return compress(documents, map(numbers.__contains__, map(_BOOKING_NUMBER, documents)))
    document_of = index_of(snapshot).links.document_of
    unlinked = [d for d in unlinked_documents(snapshot) if d.booking_number in numbers]
    booked = compress(document_of, map(numbers.__contains__, booking_numbers(snapshot)))
    positions = set(booked)  # a document once, however many bookings name it
    positions.discard(-1)  # a manual booking books none
    return unlinked + [documents[position] for position in sorted(positions)]


_BOOKING_NUMBER = attrgetter("booking_number")


def _entered_by_hand(snapshot: Snapshot, to_reset: Sequence[Document]) -> frozenset[DocumentKey]:
    """The reset documents that a booking by hand names, their own booking gone (§3.10).

    The plan never deletes an entry by hand but a double booking's (§3.4),
    and a stale document has no other booking: the entry stays after the sync.
    """
    if not to_reset or not snapshot.has_bookings:
        return frozenset()
    return frozenset(document.key for _, document in bookings_of_stale_documents(snapshot))


def _sent_booked_by_hand(snapshot: Snapshot, sync: _Sync) -> list[str]:
    """Each document not booked yet that the sync books while an entry by hand names it."""
    if not snapshot.has_bookings:
        return []
    sent = {each.document.key for each in sync.sent}
    return [
        f"{document.record_name()} is not booked yet, but {booking.record_name()} entered by "
        "hand names it: the sync books it a second time"
        for booking, document in bookings_of_unbooked_documents(snapshot)
        if document.key in sent
    ]


def _reset_not_booked_once(
    to_reset: Iterable[Document], sync: _Sync, by_hand: AbstractSet[DocumentKey] = frozenset()
) -> list[str]:
    """Each reset document has one booking after the sync: its old one or a new one.

    An entry by hand naming a reset document (``by_hand``), which the plan
    keeps, books it too. A document the accounting package cannot number
    (past its limit) or refuses (a closed period) is the plan's blocker, not a
    defect of the plan's lists.
    """
    sent = {sent.document.key for sent in sync.sent}
    refused = {unsent.document.key for unsent in (*sync.overflow, *sync.refused)}
    reasons = []
    for document in to_reset:
        key = document.key
        if key in refused:
            continue
        # A deleted booking is gone whether or not it existed: the bookings are asked last.
        count = (
            (key in sent) + (key not in sync.deleted and key in sync.existing) + (key in by_hand)
        )
        if count != 1:
            reasons.append(
                f"{document.record_name()} is reset but booked {count} times after the sync"
            )
    return reasons


def _changed_before_cutoff(snapshot: Snapshot, cutoff: dt.date | None, sync: _Sync) -> list[str]:
    """Only the sent documents change; none may be booked and dated before the cutoff.

    Without a cutoff (a prevention plan) no booked document may change at all.
    """
    reasons = []
    documents, position = snapshot.documents, index_of(snapshot).position
    for sent in sync.sent:
        # The snapshot's own document (``snapshot.document``, without a DocumentRef made).
        before = documents[position(sent.document.kind, sent.document.number)]
        if before.booking_number is not None and (cutoff is None or before.date < cutoff):
            reasons.append(
                f"{before.record_name()} of {before.date.isoformat()} is dated before the "
                f"cutoff but changes from #{before.booking_number} to "
                f"#{sent.document.booking_number}"
            )
    return reasons


def _plan_reasons(
    snapshot: Snapshot,
    cutoff: dt.date | None,
    listed: set[DocumentKey],
    deleted: set[DocumentKey],
    existing: AbstractSet[DocumentKey],
) -> list[str]:
    """What is wrong with the plan's lists (the keys reset and deleted) before simulating."""
    if cutoff is None and not listed and not deleted:
        return []  # nothing reset (no cutoff resets nothing), nothing listed, nothing deleted
    expected = {document.key for document in documents_to_reset(snapshot, cutoff)}
    reasons = [
        f"{record_name(key)} is dated on or after the cutoff, so the integration resets it, but "
        "the plan does not list it"
        for key in sorted(expected - listed, key=record_name)
    ]
    reasons += [
        f"{record_name(key)} is listed to reset, but the integration does not reset it"
        for key in sorted(listed - expected, key=record_name)
    ]
    # Each listed key asked of the bookings once (``existing`` may be a view).
    existing = {key for key in listed | deleted if key in existing}
    reasons += [
        f"{record_name(key)} is listed to delete, but it has no booking in the accounting package"
        for key in sorted(deleted - existing, key=record_name)
    ]
    reasons += deleted_not_reset(listed, sorted(deleted, key=record_name))
    reasons += _booked_twice(listed, deleted, existing)
    return reasons


def _booked_twice(
    listed: AbstractSet[DocumentKey], deleted: AbstractSet[DocumentKey], existing: set[DocumentKey]
) -> list[str]:
    """Each reset document whose booking (in ``existing``) the plan does not delete."""
    return [
        f"{record_name(key)} is reset but its booking is not deleted: it would be booked twice"
        for key in sorted((listed & existing) - deleted, key=record_name)
    ]


def _check_booked_once(snapshot: Snapshot, plan: RepairPlan) -> None:
    """Refuse a plan whose sync would book a reset document twice: no snapshot holds that.

    The plan's ``to_delete`` leaves out a booking of a document it resets
    (a plan file edited by hand, say): the plan is at fault, not the document.
    """
    listed, deleted = _keys(plan.to_reset, plan.deletions)
    existing = documents_with_booking(snapshot)
    twice = _booked_twice(listed, deleted, {key for key in listed if key in existing})
    if twice:
        raise PlanMismatchError(
            f"the plan's to_delete does not delete every booking of a document it resets: "
            f"{'; '.join(twice)}; was to_delete edited after the plan was made? make the plan "
            "again from the snapshot (verify_plan names every problem of a plan)"
        )


def _check_plan_matches(snapshot: Snapshot, plan: RepairPlan) -> None:
    index_of(snapshot)  # a Snapshot, or the library's error
    for document in (*require_plan(plan).to_reset, *plan.to_delete):
        try:
            held = snapshot.document(document.ref)
        except BookingReconcileError:
            held = None
        if held != document:
            raise PlanMismatchError(
                f"the plan names {document}, which this snapshot does not hold as such; "
                "use the plan with the snapshot it was computed from"
            )

"""Warnings and blockers of a repair plan: one small rule function each.

A *warning* is what a person must know but does not stop the repair (a stale
document kept out of the accounting package); a *blocker* means the plan
cannot be carried out as it is (a booking to delete lies in a closed period).

Each rule is ``rule(facts) -> Iterator[Finding]`` (:mod:`booking_reconcile.plan_facts`): the
plan's own here, §3.8's in ``evidence_rules``, ``evidence_documents``, ``evidence_runs``;
:data:`WARNING_RULES` and :data:`BLOCKER_RULES` compose them.
"""

from __future__ import annotations

__all__ = [
    "BLOCKER_RULES",
    "CONFIGURED_NUMBER_UNKNOWN",
    "NOT_PROVEN",
    "WARNING_RULES",
    "Finding",
    "PlanFacts",
    "blockers_of",
    "not_proven",
    "warnings_of",
]

import datetime as dt
from collections.abc import Iterable, Iterator

from ._checks import MAX_BOOKING_NUMBER
from ._index import index_of
from ._per_year_cautions import described_places, per_year_numbering_assumed, predicted_there
from .cutoff import CutoffPolicy
from .double_bookings import find_double_bookings
from .errors import shown
from .evidence import bookings_of_stale_documents
from .evidence_documents import (
    documents_look_missing,
    documents_may_be_missing,
    documents_missing_on_purpose,
    reference_names_no_document,
    reference_names_no_document_read,
)
from .evidence_rules import (
    booking_linked_by_number,
    booking_of_reset_document,
    booking_of_unbooked_document,
    booking_unlinked_by_number,
    booking_unlinked_kept,
    bookings_filtered_by_date,
    bookings_filtered_on_purpose,
    bookings_filtered_to_date,
    bookings_filtered_to_date_on_purpose,
    bookings_look_missing,
    bookings_may_be_filtered_to_date,
    bookings_missing_on_purpose,
    mostly_stale,
    no_booking_names_a_document,
)
from .evidence_runs import (
    another_administration,
    another_administration_ruled_out,
    per_year_numbering_likely,
)
from .models import Document
from .next_numbers import closed_for_good
from .periods import Place
from .plan_facts import Finding, PlanFacts, Rule
from .resend import Sent
from .stale import find_stale_documents, predicted_collisions, risks_among


def stale_document_kept(facts: PlanFacts) -> Iterator[Finding]:
    """Each stale document that is not reset keeps its number without a booking."""
    reset = facts.reset_keys
    # Without the bookings, a stale document is only inferred from its collision.
    gone = (
        "no longer exists in the accounting package"
        if facts.snapshot.has_bookings
        else "is presumed deleted in the accounting package (no bookings given: the holder is "
        "inferred)"
    )
    kept = [document for document in facts.stale if document.key not in reset]
    # A stale document a booking names by its reference: entered again by hand.
    by_hand = (
        {document.key: booking for booking, document in bookings_of_stale_documents(facts.snapshot)}
        if kept and facts.snapshot.has_bookings
        else {}
    )
    place_of = facts.snapshot.place_of
    # A period closed to its last day books nothing again, under either policy (§3.4).
    closed = closed_for_good(facts.snapshot, map(place_of, kept)) if _locked(facts) else set()
    for document in kept:
        place = place_of(document)
        if place in closed:
            journal = place.journal
            why = (
                f" (journal {shown(journal)} is closed until {_lock(facts, journal)}: nothing "
                "can be booked there again)"
            )
        elif facts.policy is CutoffPolicy.KEEP_DELETED:
            why = " (the rebook-deleted policy books it again)"
        else:
            why = ""
        entry = by_hand.get(document.key)
        if entry is not None:
            yield Finding(
                "stale-document-kept",
                f"{document.record_name()} keeps booking number {document.booking_number} in "
                f"{place}, but its booking {gone}; {entry.record_name()} of "
                f"{entry.date.isoformat()} names it by its reference {entry.reference!r}: if "
                "that is the document entered again by hand, it is in the accounting package "
                "under that number"
                + (
                    " (the rebook-deleted policy would book it twice)"
                    if facts.policy is CutoffPolicy.KEEP_DELETED and place not in closed
                    else ""
                ),
                (document.ref,),
            )
            continue
        yield Finding(
            "stale-document-kept",
            f"{document.record_name()} keeps booking number {document.booking_number} in "
            f"{place}, but its booking {gone}: it stays out of the accounting package{why}",
            (document.ref,),
        )


def stale_document_rebooked(facts: PlanFacts) -> Iterator[Finding]:
    """Each stale document the plan resets and books again, nothing deleted for it (§3.8).

    Its booking is not in the export: deleted, or missing from it (a row, a page: then it
    is booked twice). Silent with ``bookings_complete``, for a document a closed period
    refuses (its blocker speaks) and one a §3.8 blocker names already (``_SAY_BOOKED_TWICE``).
    """
    snapshot = facts.snapshot
    if snapshot.bookings_complete or not snapshot.has_bookings or not facts.to_reset:
        return
    stale = {document.key for document in facts.stale}
    skip = {d.key for d in (*facts.to_delete, *(sent.document for sent in facts.refused))}
    rebooked = [d for d in facts.to_reset if d.key in stale and d.key not in skip]
    if rebooked:
        said = {
            ref for rule in _SAY_BOOKED_TWICE for found in rule(facts) for ref in found.documents
        }
        rebooked = [document for document in rebooked if document.ref not in said]
    for document in rebooked:
        yield Finding(
            "stale-document-rebooked",
            f"{document.record_name()} carries booking number {document.booking_number} in "
            f"{snapshot.place_of(document)}, but its booking is not in the export: the plan "
            "resets it and the synchronisation books it again; if its booking exists in the "
            "accounting package (a row or a page missing from the export), delete it before "
            "the synchronisation, or it is booked twice; check that the export is whole",
            (document.ref,),
        )


#: The §3.8 blockers that name a reset document as booked twice if its booking exists.
_SAY_BOOKED_TWICE = (
    booking_of_reset_document,
    booking_unlinked_by_number,
    bookings_filtered_by_date,
    bookings_filtered_to_date,
)


def manual_booking_kept(facts: PlanFacts) -> Iterator[Finding]:
    """Manual bookings dated on or after the cutoff are never deleted (double bookings are, §3.10)."""
    if facts.cutoff is None:
        return
    snapshot = facts.snapshot
    deleted = {double.duplicate for double in facts.double_bookings}
    kept = [
        (place, booking)
        for booking, place in index_of(snapshot).manual
        if booking.date >= facts.cutoff and booking not in deleted
    ]
    kept.sort(key=lambda item: (*item[0].order(), item[1].booking_number))
    for _, booking in kept:
        yield Finding(
            "manual-booking-kept",
            f"{booking.record_name()} of {booking.date.isoformat()} did not come from "
            "the invoicing tool: it is not deleted and keeps its number",
        )


def configured_next_number_differs(facts: PlanFacts) -> Iterator[Finding]:
    """Each journal whose configured next number differs from the plan's."""
    for next_number in facts.next_numbers:
        if next_number.differs:
            yield Finding(
                "configured-next-number-differs",
                f"{next_number.place}: the configured next booking number is "
                f"{next_number.configured}; set it to {next_number.number}",
            )


#: The rule of the warning that a prediction rests on an unknown configured number; the
#: checklist marks the predicted lines of the documents it names (steps.py).
CONFIGURED_NUMBER_UNKNOWN = "configured-number-unknown"


def configured_number_unknown(facts: PlanFacts) -> Iterator[Finding]:
    """Each period where the checklist's numbers rest on a configured number nobody knows (§3.5).

    Where the synchronisation sends documents into a journal and period that
    holds no booking (so nothing to number on from) and that the plan sets no
    next number for (§3.5: nothing deleted, nothing in use: no number to
    set), the accounting package gives the first document its configured
    next booking number: when that is not known, the prediction from 1 is a
    guess. Only the period a journal's one configured number describes can
    be one (§3.5: the latest the sync sends into, or in a prevention plan
    the period its step sets); an earlier period is predicted from its own
    highest number and compared with nothing. A period holding bookings is
    numbered on from its highest, as the accounting package does ("last
    booking + 1"). A plan with nothing to do predicts nothing, so warns of
    nothing.

    >>> from datetime import date
    >>> from booking_reconcile import CreditNote, Integration, Invoice, Snapshot, plan_repair
    >>> twins = [Invoice("A", date(2026, 1, 5), 1001), Invoice("B", date(2026, 1, 6), 1001)]
    >>> waiting = CreditNote("K1", date(2026, 1, 8))  # journal 71 holds nothing yet
    >>> plan = plan_repair(Snapshot(Integration("70", "71"), [*twins, waiting]))
    >>> (warning,) = [w for w in plan.warnings if w.rule == CONFIGURED_NUMBER_UNKNOWN]
    >>> print(warning)
    journal 71: the checklist predicts #1 for credit note K1, the one document the synchronisation sends there, as if the accounting package started numbering there at 1: nothing is booked there, the plan sets no next booking number there, and journal 71's configured next booking number is not known; look it up in the accounting package (master data, journals) before you synchronise: if it is higher (administrations often put the year in it), the documents sent there get the numbers from it on, in the same order, and nothing else changes (nothing collides there; the deletions and resets stay as they are)
    >>> plan.steps[-1].details[-1]
    'credit note K1 of 2026-01-08 → #1 in journal 71 (if the accounting package starts there at #1: its next booking number is unknown)'
    """
    if not facts.needed:
        return
    for place, sent in _predicted_from_unknown_numbers(facts):
        first = sent[0].document
        yield Finding(
            CONFIGURED_NUMBER_UNKNOWN,
            f"{place}: the checklist predicts {predicted_there(sent)}, as if the accounting package "
            f"started numbering there at {first.booking_number}: nothing is booked there, the "
            f"plan sets no next booking number there, and journal {shown(place.journal)}'s "
            "configured next booking number is not known; look it up in the accounting "
            "package (master data, journals) before you synchronise: if it is higher "
            "(administrations often put the year in it), the documents sent there get the "
            "numbers from it on, in the same order, and nothing else changes (nothing "
            "collides there; the deletions and resets stay as they are)",
            tuple(each.document.ref for each in sent),
        )


def _predicted_from_unknown_numbers(facts: PlanFacts) -> Iterator[tuple[Place, list[Sent]]]:
    """Each place whose first number is an unknown configured one, with what is sent there."""
    stepped = [next_number.place for next_number in facts.next_numbers]
    # The period each journal's one configured number describes, read as the
    # simulated sync reads it (§3.5).
    described = described_places(facts)
    by_place: dict[Place, list[Sent]] = {}
    for sent in facts.sent:  # in resend order: each place's numbers ascend
        by_place.setdefault(sent.place, []).append(sent)
    snapshot = facts.snapshot
    for place in sorted(by_place, key=Place.order):
        there = by_place[place]
        if (
            place not in stepped
            and described.get(place.journal) == place
            and snapshot.journal(place.journal).next_booking_number is None
            # Without a configured number or a step, the sync numbers on from the
            # highest booking left there: from 1 when there is none.
            and there[0].document.booking_number == 1
        ):
            yield place, there


def start_date_too_late(facts: PlanFacts) -> Iterator[Finding]:
    """A recorded start date later than the first booked document loses payment statuses."""
    recorded = facts.snapshot.integration.start_date
    if recorded is None:
        return  # the first booked document is looked for only when a date is recorded
    first = facts.first_booked
    if first is not None and recorded > first.date:
        yield Finding(
            "start-date-too-late",
            f"the integration's recorded start date {recorded.isoformat()} is later than "
            f"the first booked document ({first.record_name()} of {first.date.isoformat()}): "
            "reconnecting with it stops the payment statuses of older documents from being "
            f"fetched; consider {first.date.isoformat()}",
            (first.ref,),
        )


def bookings_unknown(facts: PlanFacts) -> Iterator[Finding]:
    """Without the bookings, holders and stale documents are inferred: say so."""
    if facts.snapshot.has_bookings or not facts.collisions:
        return
    holders = [c for c in facts.collisions if c.holder is not None]
    named = "; ".join(
        f"{c.holder.record_name()} for #{c.booking_number} in {c.place}"
        for c in holders
        if c.holder is not None
    )
    yield Finding(
        "bookings-unknown",
        "the accounting package's bookings were not given, so each collision's holder is "
        f"taken to be its last document in sync order ({named}): before deleting, check in "
        "the accounting package that every booking to delete exists and books the document "
        "named; a backdated document sent later is misread without sync times. Where one "
        "does not, delete nothing: give the bookings (the accounting package's export, "
        "--bookings) or the documents' sync times, and plan again",
        tuple(c.holder.ref for c in holders if c.holder is not None),
    )


def collision_ahead(facts: PlanFacts) -> Iterator[Finding]:
    """A kept stale document at or above the highest booking left will collide later.

    Journals and periods that get a next number are safe (the number is above
    every number in use); the others are not touched by the repair. A period
    closed to its last day is safe too: nothing can be booked there again, so
    nothing can collide there (§3.4, §3.9; the stale document's own warning
    still names it).
    """
    if not facts.snapshot.has_bookings:
        return
    reset = facts.reset_keys
    guarded = {next_number.place for next_number in facts.next_numbers}
    place_of = facts.snapshot.place_of
    kept = [
        document
        for document in facts.stale
        if document.key not in reset and place_of(document) not in guarded
    ]
    if kept and _locked(facts):
        closed = closed_for_good(facts.snapshot, map(place_of, kept))
        kept = [document for document in kept if place_of(document) not in closed]
    if not kept:
        return
    snapshot = facts.snapshot
    if (
        not facts.to_delete
        and facts.stale == find_stale_documents(snapshot)
        and facts.double_bookings == find_double_bookings(snapshot)
    ):
        # A stale document's risk is its own (its number against the highest
        # booking left in its place): with nothing deleted but the double
        # bookings, the prediction of the snapshot's stale documents says it.
        predicted = {document.key for document in predicted_collisions(snapshot)}
        risks: Iterable[Document] = [d for d in kept if d.key in predicted]
    else:
        deleted = {document.key for document in facts.to_delete}
        removed = [double.duplicate for double in facts.double_bookings]
        risks = risks_among(snapshot, kept, deleted, removed)
    for document in risks:
        number = document.booking_number or 0
        yield Finding(
            "collision-ahead",
            f"{document.record_name()} carries booking number {number} in {place_of(document)}, "
            "at or above the highest booking left there: a document sent into it later may get "
            f"the same number; set that journal's next booking number to {number + 1} or more",
            (document.ref,),
        )


def _lock(facts: PlanFacts, journal: str) -> dt.date | None:
    return facts.snapshot.journal(journal).locked_until


def _locked(facts: PlanFacts) -> bool:
    """Whether a journal of the snapshot has a lock date (usually none: no period rule applies)."""
    index = index_of(facts.snapshot)
    return index.remember(
        _locked,
        lambda: any(journal.locked_until is not None for journal in index.journals.values()),
    )


def closed_period(facts: PlanFacts) -> Iterator[Finding]:
    """A booking to delete whose document's date or entry date is on or before the lock date."""
    if not _locked(facts):
        return
    snapshot = facts.snapshot
    for document in facts.to_delete:
        journal = snapshot.journal_of(document)
        locked_until = _lock(facts, journal)
        if locked_until is None:
            continue
        booking = snapshot.booking_of(document)
        days = [document.date] + ([] if booking is None else [booking.date])
        day = min(days)
        if day <= locked_until:
            yield Finding(
                "closed-period",
                f"{document.record_name()} (#{document.booking_number} of {day.isoformat()}) "
                f"must be deleted, but journal {shown(journal)} is closed until "
                f"{locked_until.isoformat()}: the plan cannot be carried out as it "
                "is; reopen the period in the accounting package first",
                (document.ref,),
            )


def closed_period_rebooking(facts: PlanFacts) -> Iterator[Finding]:
    """A reset document the sync would book again on or before its journal's lock date.

    The simulated sync refused exactly those documents (``facts.refused``).
    """
    if not facts.refused:
        return
    reset = facts.reset_keys
    deletion_blocked = {ref for finding in closed_period(facts) for ref in finding.documents}
    for refused, locked_until in _refused_with_lock_dates(facts):
        document, journal = refused.document, refused.place.journal
        if document.key not in reset or document.ref in deletion_blocked:
            continue
        yield Finding(
            "closed-period-rebooking",
            f"{document.record_name()} of {document.date.isoformat()} would be booked again "
            f"in journal {shown(journal)}, which is closed until {locked_until.isoformat()}: "
            "the accounting package refuses the booking, so the plan cannot be carried out "
            "as it is; reopen the period first",
            (document.ref,),
        )


def _refused_with_lock_dates(facts: PlanFacts) -> Iterator[tuple[Sent, dt.date]]:
    """Each document the simulated sync refused, with the lock date that refused it."""
    for refused in facts.refused:
        locked_until = _lock(facts, refused.place.journal)
        assert locked_until is not None  # the sync refuses only in a closed period
        yield refused, locked_until


def _unbooked_in_closed_periods(facts: PlanFacts) -> Iterator[tuple[Sent, dt.date, bool]]:
    """Each document not booked yet in a closed period, its lock date, and whether it is touched.

    The repair *touches* it (§3.4) when it is dated on or after the cutoff and
    sent into a journal and period where documents are reset or a next number
    is set.
    """
    if not facts.refused:  # the simulated sync refused exactly these (§3.4)
        return
    reset = facts.reset_keys
    index = index_of(facts.snapshot)
    # Where documents are reset: where their bookings were, and where they are sent again.
    touched = {index.place(document) for document in facts.to_reset}
    touched.update(map(index.sent_place, facts.to_reset))
    touched.update(next_number.place for next_number in facts.next_numbers)
    cutoff = facts.cutoff
    for refused, locked_until in _refused_with_lock_dates(facts):
        document = refused.document
        if document.key in reset:
            continue
        yield (
            refused,
            locked_until,
            cutoff is not None and document.date >= cutoff and refused.place in touched,
        )


def closed_period_unbooked(facts: PlanFacts) -> Iterator[Finding]:
    """A document not booked yet that the repair touches, dated in a closed period (§3.4)."""
    for sent, locked_until, touched in _unbooked_in_closed_periods(facts):
        if not touched:
            continue
        document = sent.document
        yield Finding(
            "closed-period-unbooked",
            f"{document.record_name()} of {document.date.isoformat()} is not booked yet, and "
            f"the synchronisation sends it into journal {shown(sent.place.journal)}, which the "
            "repair touches (documents are reset there or its next booking number is set) and "
            f"which is closed until {locked_until.isoformat()}: the accounting package refuses "
            "it (the numbers the checklist predicts leave it out), so the plan cannot be "
            "carried out as it is; reopen the period first",
            (document.ref,),
        )


def unbooked_in_closed_period(facts: PlanFacts) -> Iterator[Finding]:
    """A document not booked yet in a closed period, untouched by the repair: it fails today too."""
    for sent, locked_until, touched in _unbooked_in_closed_periods(facts):
        if touched:
            continue
        document, journal = sent.document, sent.place.journal
        yield Finding(
            "unbooked-in-closed-period",
            f"{document.record_name()} of {document.date.isoformat()} is not booked yet and "
            f"journal {shown(journal)} is closed until {locked_until.isoformat()}: the "
            "synchronisation cannot book it (it fails today too); reopen the period to book it",
            (document.ref,),
        )


def double_booking_in_closed_period(facts: PlanFacts) -> Iterator[Finding]:
    """A manual duplicate to delete on or before its journal's lock date."""
    if not _locked(facts):
        return
    for double in facts.double_bookings:
        locked_until = _lock(facts, double.place.journal)
        if locked_until is not None and double.duplicate.date <= locked_until:
            yield Finding(
                "closed-period",
                f"the booking #{double.duplicate.booking_number} of "
                f"{double.duplicate.date.isoformat()} entered by hand for "
                f"{double.document.record_name()} must be deleted, but journal "
                f"{shown(double.place.journal)} is closed until {locked_until.isoformat()}: "
                "reopen the period in the accounting package first",
                (double.document.ref,),
            )


def number_limit(facts: PlanFacts) -> Iterator[Finding]:
    """A number the sync would hand out past the accounting package's limit (§3.5)."""
    places = {n.place: n.number for n in facts.next_numbers if n.number > MAX_BOOKING_NUMBER}
    for sent in facts.overflow:
        places.setdefault(sent.place, MAX_BOOKING_NUMBER + 1)
    for place in sorted(places, key=Place.order):
        yield Finding(
            "number-limit",
            f"{place}: the next booking number would be {places[place]}, past the accounting "
            f"package's limit of {MAX_BOOKING_NUMBER}: the plan cannot be carried out as it "
            "is; renumber the journal in the accounting package, or book into a new journal",
        )


def double_booking(facts: PlanFacts) -> Iterator[Finding]:
    """Each document booked twice, once by hand (§3.10): the manual booking is deleted."""
    for double in facts.double_bookings:
        yield Finding(
            "double-booking",
            f"{double}: delete the booking #{double.duplicate.booking_number} entered by hand, "
            "and nothing else for it",
            (double.document.ref,),
        )


WARNING_RULES: tuple[Rule, ...] = (
    per_year_numbering_likely,
    booking_linked_by_number,
    bookings_filtered_on_purpose,
    bookings_filtered_to_date_on_purpose,
    bookings_may_be_filtered_to_date,
    documents_may_be_missing,
    documents_missing_on_purpose,
    reference_names_no_document_read,
    bookings_missing_on_purpose,
    mostly_stale,
    another_administration_ruled_out,
    bookings_unknown,
    double_booking,
    booking_unlinked_kept,
    stale_document_kept,
    stale_document_rebooked,
    manual_booking_kept,
    configured_next_number_differs,
    per_year_numbering_assumed,
    configured_number_unknown,
    start_date_too_late,
    collision_ahead,
    unbooked_in_closed_period,
)
BLOCKER_RULES: tuple[Rule, ...] = (
    no_booking_names_a_document,
    booking_unlinked_by_number,
    booking_of_unbooked_document,
    booking_of_reset_document,
    bookings_filtered_by_date,
    bookings_filtered_to_date,
    documents_look_missing,
    reference_names_no_document,
    bookings_look_missing,
    another_administration,
    closed_period,
    closed_period_rebooking,
    closed_period_unbooked,
    double_booking_in_closed_period,
    number_limit,
)


#: The rule of the blocker a plan carries when its proof fails (DOMAIN §3.7): only a
#: plan for a cutoff of one's choosing (``plan_with_cutoff``) can; the proof is not a
#: rule of :data:`BLOCKER_RULES`, as it simulates the plan those rules describe.
NOT_PROVEN = "not-proven"


def not_proven(cutoff: dt.date | None, reasons: Iterable[str]) -> Finding:
    """The blocker of a plan whose simulation finds ``reasons`` (``verify_plan``'s)."""
    plan = "without a cutoff" if cutoff is None else f"for cutoff {cutoff.isoformat()}"
    return Finding(
        NOT_PROVEN,
        f"not proven: the plan {plan} fails its simulation ({'; '.join(reasons)}): delete "
        "nothing on its strength; use the plan plan_repair makes",
    )


def warnings_of(facts: PlanFacts) -> tuple[Finding, ...]:
    """Every warning the rules find, rule by rule."""
    return tuple(finding for rule in WARNING_RULES for finding in rule(facts))


def blockers_of(facts: PlanFacts) -> tuple[Finding, ...]:
    """Every blocker the rules find, rule by rule."""
    return tuple(finding for rule in BLOCKER_RULES for finding in rule(facts))

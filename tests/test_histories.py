"""Laws of repair plans, proven on generated histories (DOMAIN.md §3.3 to §3.7).

The histories come from :mod:`strategies`: documents created, synchronised,
bookings deleted in the accounting package, manual bookings, one or two
journals, continuous or per-financial-year numbering. For both cutoff
policies, with and without the accounting side's bookings, every plan
:func:`plan_repair` returns must repair its history.

The first tests check the generator itself: it must only produce consistent
snapshots, and produce collisions often enough to prove anything.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter

import attrs
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from booking_reconcile import (
    Booking,
    CutoffPolicy,
    Document,
    DocumentKind,
    Numbering,
    Place,
    RepairPlan,
    Snapshot,
    choose_cutoff,
    confirm_repair,
    find_collision_risks,
    find_collisions,
    find_double_bookings,
    find_stale_documents,
    natural_key,
    plan_repair,
    plan_with_cutoff,
    simulate_repair,
    verify_plan,
)
from booking_reconcile.next_numbers import configured_numbers
from booking_reconcile.periods import numbering_period
from builders import assert_sound_unless_booked_by_hand
from strategies import History, histories, history_records
from test_confirm import BOOKED_BESIDE_AN_ENTRY

PROPERTY = settings(max_examples=500, deadline=None)
POLICIES = pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda policy: policy.value)


# -- the generator ------------------------------------------------------------

GENERATOR = settings(max_examples=200, deadline=None)


@GENERATOR
@given(history_records())
def test_a_history_is_a_consistent_snapshot(history: History) -> None:
    snapshot = history.snapshot
    rebuilt = Snapshot(
        snapshot.integration, snapshot.documents, snapshot.journals, snapshot.bookings
    )
    assert rebuilt == snapshot
    month = snapshot.integration.financial_year_start_month
    for booking in snapshot.bookings or ():
        journal = snapshot.journal(booking.journal)
        period = numbering_period(journal.numbering, booking.date, month)
        assert snapshot.booking_place(booking).financial_year == period
        if booking.document is not None:
            document = snapshot.document(booking.document)
            assert booking.date == document.date
            assert snapshot.booking_of(document) == booking
    assert len(snapshot.documents) <= 25


@GENERATOR
@given(history_records())
def test_a_history_without_deletions_has_no_collision(history: History) -> None:
    if history.deletions == 0:
        assert find_collisions(history.snapshot) == ()
        assert find_stale_documents(history.snapshot) == ()


@settings(max_examples=50, deadline=None)
@given(histories(with_bookings=False))
def test_histories_without_bookings_leave_the_accounting_side_unknown(
    snapshot: Snapshot,
) -> None:
    assert snapshot.bookings is None


@settings(max_examples=50, deadline=None)
@given(histories(locks=False))
def test_histories_without_locks_close_no_journal(snapshot: Snapshot) -> None:
    assert all(journal.locked_until is None for journal in snapshot.journals)


def test_histories_collide_often_and_vary() -> None:
    collided: list[bool] = []
    features: Counter[str] = Counter()

    @settings(
        max_examples=300,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(history_records())
    def record(history: History) -> None:
        snapshot = history.snapshot
        collisions = find_collisions(snapshot)
        collided.append(bool(collisions))
        journals = [snapshot.journal(code) for code in snapshot.journal_codes]
        features["two journals"] += len(journals) == 2
        features["per financial year"] += any(
            journal.numbering is Numbering.PER_FINANCIAL_YEAR for journal in journals
        )
        features["several collisions"] += len(collisions) >= 2
        features["manual booking"] += any(b.is_manual for b in snapshot.bookings or ())
        features["double booking"] += bool(find_double_bookings(snapshot))
        features["waiting document"] += any(not d.is_booked for d in snapshot.documents)
        features["locked journal"] += history.locked

    record()
    assert sum(collided) >= 0.35 * len(collided), f"{sum(collided)} of {len(collided)} collide"
    assert all(features[name] >= 10 for name in features), features


# -- repair plans ---------------------------------------------------------------


#: The §3.8 blockers a real history can show (its bookings deleted, its entries by hand).
EVIDENCE = {
    "bookings-missing",
    "bookings-filtered-by-date",
    "booking-unlinked",
    "no-booking-names-a-document",
    # A document entered by hand whose synchronised booking is deleted later:
    # the entry by hand names it, unbooked, and resetting it books it twice.
    "reference-names-no-document",
    # A document entered by hand before it is sent: the sync books it twice.
    "booking-of-unbooked-document",
    # A document entered by hand after its booking was deleted, which the plan resets.
    "booking-of-reset-document",
    # The last bookings deleted, their documents reset: an export filtered to a date?
    "bookings-filtered-to-date",
    # A stale invoice entered again by hand in a journal shared with credit notes,
    # none of which exists: a credit note of that number left out of the export?
    "documents-missing",
}


def _check_repairs(snapshot: Snapshot, policy: CutoffPolicy) -> RepairPlan:
    """The laws of DOMAIN.md §3.3, §3.4, §3.7 and §3.9 for ``plan_repair``'s plan."""
    plan = plan_repair(snapshot, policy)
    assert_sound_unless_booked_by_hand(snapshot, plan)
    if not any(journal.locked_until for journal in snapshot.journals):
        # Without closed periods only §3.8's evidence can block: a journal whose
        # every booking was deleted looks like a missing export, bookings deleted
        # before the earliest one left like an export filtered by date, a manual
        # entry under a stale document's number and date like its booking.
        assert {blocker.rule for blocker in plan.blockers} <= EVIDENCE
    assert plan.feasible == (not plan.blockers)
    predicted = snapshot.has_bookings and [
        # §3.9: a period closed to its last day can book nothing again: nothing
        # to prevent there, under either policy (rebook-deleted resets nothing
        # for it, keep-deleted sets no number there).
        document
        for document in find_collision_risks(snapshot)
        if not _closed_for_good(snapshot, document)
    ]
    doubles = snapshot.has_bookings and find_double_bookings(snapshot)
    if not find_collisions(snapshot):
        if not predicted and not doubles:
            assert not plan.needed
            assert plan.kind == "none"
            assert plan.steps == ()
            assert plan.cutoff is None
            return plan
        # §3.9: a prevention plan; under keep-deleted it deletes and resets
        # nothing. §3.10: a double booking alone is a repair that deletes the
        # manual entry only.
        assert plan.kind == ("repair" if doubles else "prevent")
        assert plan.needed
        if policy is CutoffPolicy.KEEP_DELETED or plan.cutoff is None:
            assert plan.cutoff is None
            assert plan.to_delete == plan.to_reset == ()
            assert bool(plan.next_numbers) >= bool(predicted)
            after = simulate_repair(snapshot, plan)
            assert find_collisions(after) == ()
            _check_manual_bookings_kept(snapshot, plan, after)
            _check_numbers_follow_the_accounting_package(snapshot, plan, after)
            return plan
    assert plan.needed
    assert plan.cutoff is not None
    assert plan.delink_date == plan.cutoff
    _check_deletion_order(snapshot, plan)
    after = simulate_repair(snapshot, plan)
    assert find_collisions(after) == ()
    _check_reset_documents_booked_once(after, plan)
    _check_earlier_documents_kept(snapshot, after, plan.cutoff)
    _check_manual_bookings_kept(snapshot, plan, after)
    if snapshot.has_bookings:
        _check_numbers_follow_the_accounting_package(snapshot, plan, after)
    return plan


def _closed_for_good(snapshot: Snapshot, document: Document) -> bool:
    """Whether ``document``'s financial year is locked to its last day (nothing books there)."""
    place = snapshot.place_of(document)
    locked_until = snapshot.journal(place.journal).locked_until
    if place.financial_year is None or locked_until is None:
        return False
    month = snapshot.integration.financial_year_start_month
    last_day = dt.date(place.financial_year + 1, month, 1) - dt.timedelta(days=1)
    return locked_until >= last_day


def _check_deletion_order(snapshot: Snapshot, plan: RepairPlan) -> None:
    """Per journal and period, highest booking number first (§3.4)."""
    numbers: dict[object, list[int]] = {}
    for document in plan.to_delete:
        numbers.setdefault(snapshot.place_of(document), []).append(document.booking_number or 0)
    for place, listed in numbers.items():
        assert listed == sorted(listed, reverse=True), f"{place}: deleted in order {listed}"


def _check_reset_documents_booked_once(after: Snapshot, plan: RepairPlan) -> None:
    booked = Counter(b.document for b in after.bookings or () if b.document is not None)
    # §3.4: a reset document dated in a closed period is refused by the
    # accounting package; the plan's blocker names it (it cannot be carried out).
    refused = {
        ref
        for blocker in plan.blockers
        if blocker.rule.startswith("closed-period")
        for ref in blocker.documents
    }
    for document in plan.to_reset:
        now = after.document(document.ref)
        if document.ref in refused and not now.is_booked:
            continue
        assert now.is_booked, f"{document} is reset but not booked again"
        if after.has_bookings:
            assert booked[document.ref] == 1, f"{document} has {booked[document.ref]} bookings"


def _check_earlier_documents_kept(before: Snapshot, after: Snapshot, cutoff: dt.date) -> None:
    for document in before.documents:
        if document.is_booked and document.date < cutoff:
            now = after.document(document.ref)
            assert now.booking_number == document.booking_number, (
                f"{document} is dated before the cutoff {cutoff} but becomes #{now.booking_number}"
            )


def _check_manual_bookings_kept(before: Snapshot, plan: RepairPlan, after: Snapshot) -> None:
    """Manual bookings stay (§3.4), but for the double bookings the plan deletes (§3.10)."""
    if before.bookings is not None:
        kept = set(after.bookings or ())
        deleted = {double.duplicate for double in plan.double_bookings}
        for booking in before.bookings:
            if booking.is_manual:
                assert (booking in kept) == (booking not in deleted), booking


def _check_numbers_follow_the_accounting_package(
    snapshot: Snapshot, plan: RepairPlan, after: Snapshot
) -> None:
    """The simulation hands out what §3.7 says: ``max(highest + 1, next)``, in resend order.

    Replayed here independently of :func:`simulate_repair`, so that the laws
    above do not rest on the simulation alone: resend order is date, invoices
    before credit notes, number compared naturally (old sync times do not
    count); a journal's configured next number governs the latest numbering
    period the sync sends into or the plan sets a number for (§3.5, §3.9),
    the plan's numbers the places they name.
    """
    deleted = {document.ref for document in plan.to_delete}
    entered_twice = {double.duplicate for double in plan.double_bookings}
    highest: dict[Place, int] = {}
    for booking in snapshot.bookings or ():
        if booking.document not in deleted and booking not in entered_twice:
            place = snapshot.booking_place(booking)
            highest[place] = max(highest.get(place, 0), booking.booking_number)
    reset = {document.ref for document in plan.to_reset}
    waiting = [d for d in snapshot.documents if not d.is_booked or d.ref in reset]
    latest: dict[str, Place] = {}

    # Each document is sent by its date (a reset one too, whatever year its
    # old booking named); one dated in a closed period is refused (§3.4).
    def sent_place(document: Document) -> Place:
        return snapshot.place_for(snapshot.journal_of(document), document.date)

    def refused(document: Document) -> bool:
        locked_until = snapshot.journal(snapshot.journal_of(document)).locked_until
        return locked_until is not None and document.date <= locked_until

    places = [sent_place(document) for document in waiting]
    set_for = [n.place for n in plan.next_numbers]
    # §3.5: in a prevention plan, a journal's configured number describes the
    # period its step sets; a journal without a step, the latest period the
    # sync sends into (as in a repair plan).
    stepped = {place.journal for place in set_for} if plan.cutoff is None else set()
    described = [*set_for, *(place for place in places if place.journal not in stepped)]
    for place in described:
        if (place.financial_year or 0) >= (latest.get(place.journal, place).financial_year or 0):
            latest[place.journal] = place
    configured = {
        place: snapshot.journal(journal).next_booking_number
        for journal, place in latest.items()
        if snapshot.journal(journal).next_booking_number is not None
    }
    configured.update((n.place, n.number) for n in plan.next_numbers)
    order = sorted(
        waiting,
        key=lambda d: (d.date, d.kind is DocumentKind.CREDIT_NOTE, natural_key(d.number)),
    )
    for document in order:
        got = after.document(document.ref).booking_number
        if refused(document):
            assert got is None, f"{document} is dated in a closed period but sent as #{got}"
            continue
        place = sent_place(document)
        number = max(highest.get(place, 0) + 1, configured.get(place) or 0)
        highest[place] = number
        assert got == number, (
            f"{document} is sent as #{got}; the accounting package gives #{number}"
        )


def _check_no_later_cutoff_is_sound(snapshot: Snapshot, plan: RepairPlan) -> None:
    """Fewest deletions: the next document date after the cutoff leaves a collision."""
    if plan.cutoff is None:
        return
    later = min((d.date for d in snapshot.documents if d.date > plan.cutoff), default=None)
    if later is not None:
        alternative = plan_with_cutoff(snapshot, later, plan.policy)
        assert verify_plan(snapshot, alternative) != (), f"cutoff {later} would do too"


def _check_policy(snapshot: Snapshot, plan: RepairPlan) -> None:
    """What each policy promises beyond soundness (§3.3)."""
    if plan.policy is CutoffPolicy.KEEP_DELETED:
        _check_no_later_cutoff_is_sound(snapshot, plan)
        rebook = choose_cutoff(snapshot, CutoffPolicy.REBOOK_DELETED)
        if find_collisions(snapshot):
            assert (rebook is None) == (plan.cutoff is None)
        else:  # §3.9: rebook-deleted resets the stale documents a prevention plan keeps
            assert plan.cutoff is None
        if rebook is not None and plan.cutoff is not None:
            assert rebook <= plan.cutoff
        if snapshot.has_bookings and plan.cutoff is not None:
            warned = {ref for warning in plan.warnings for ref in warning.documents}
            for document in find_stale_documents(snapshot):
                if document.date < plan.cutoff:
                    assert document.ref in warned, f"no warning names stale {document}"
    elif plan.cutoff is not None and snapshot.has_bookings:
        # A plan that only deletes double bookings (§3.10) has no cutoff and
        # resets nothing: stale documents that predict nothing stay (§3.3).
        assert find_stale_documents(simulate_repair(snapshot, plan)) == ()


@POLICIES
@PROPERTY
@given(snapshot=histories())
def test_plan_repairs_a_history(policy: CutoffPolicy, snapshot: Snapshot) -> None:
    _check_policy(snapshot, _check_repairs(snapshot, policy))


@POLICIES
@PROPERTY
@given(snapshot=histories(with_bookings=False))
def test_plan_repairs_a_history_without_bookings(policy: CutoffPolicy, snapshot: Snapshot) -> None:
    _check_policy(snapshot, _check_repairs(snapshot, policy))


@POLICIES
@PROPERTY
@given(snapshot=histories(), seed=st.integers(0, 2**32 - 1), forget_bookings=st.booleans())
def test_input_order_never_matters(
    policy: CutoffPolicy, snapshot: Snapshot, seed: int, forget_bookings: bool
) -> None:
    if forget_bookings:
        snapshot = attrs.evolve(snapshot, bookings=None)
    shuffled = random.Random(seed).sample
    reordered = attrs.evolve(
        snapshot,
        documents=shuffled(snapshot.documents, len(snapshot.documents)),
        journals=shuffled(snapshot.journals, len(snapshot.journals)),
        bookings=None
        if snapshot.bookings is None
        else shuffled(snapshot.bookings, len(snapshot.bookings)),
    )
    assert plan_repair(reordered, policy) == plan_repair(snapshot, policy)


# -- carried out and confirmed (§3.10, §3.11) -------------------------------------

CONFIRMED = settings(max_examples=150, deadline=None)


@POLICIES
@CONFIRMED
@given(snapshot=histories())
def test_a_plan_carried_out_by_the_simulation_is_confirmed(
    policy: CutoffPolicy, snapshot: Snapshot
) -> None:
    """Double bookings, closed periods, per-financial-year prevention: carried out, confirmed.

    The simulation's snapshot after the repair shows every step done but a
    next number that only the export of its journal could show (nothing was
    sent into that period): that step alone is unchecked, and keeps the
    confirmation from ok only when the journal's number is not known at all. A plan read back from its JSON simulates and confirms
    the same.
    """
    plan = plan_repair(snapshot, policy)
    after = simulate_repair(snapshot, plan)
    confirmation = confirm_repair(snapshot, plan, after)
    # An entry by hand naming a document the sync books (§3.8's blockers):
    # carried out anyway, the sync books that document beside the entry, and
    # the confirmation says it is booked twice (§3.7, §3.10).
    doubled = [d.document.ref for d in find_double_bookings(after)] if after.has_bookings else []
    if doubled and any(b.rule in BOOKED_BESIDE_AN_ENTRY for b in plan.blockers):
        assert {(d.step, d.documents) for d in confirmation.deviations} == {
            ("delete-double-bookings", (ref,)) for ref in doubled
        }
        return
    assert confirmation.deviations == ()
    assert {u.step for u in confirmation.unchecked} <= {"set-next-numbers"}
    places = [*(sent.place for sent in plan.sent), *(n.place for n in plan.next_numbers)]
    shown = {sent.place for sent in plan.sent} | configured_numbers(after, places).keys()
    # A step no export can show while its journal's one number is another
    # period's (exported or not) is a note to check by hand (§3.5,
    # docs/choices.md); one whose journal's number is not known at all, for
    # the period that number describes, keeps the confirmation from ok.
    stepped = {n.journal for n in plan.next_numbers} if plan.cutoff is None else set()
    described: dict[str, Place] = {}
    for place in places:
        if place.journal in stepped and place not in {n.place for n in plan.next_numbers}:
            continue
        latest = described.get(place.journal)
        if latest is None or (place.financial_year or 0) > (latest.financial_year or 0):
            described[place.journal] = place
    assert confirmation.ok == all(
        n.place in shown
        or after.journal(n.journal).next_booking_number is not None
        or described[n.journal] != n.place
        for n in plan.next_numbers
    )
    saved = RepairPlan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert saved == plan
    assert simulate_repair(snapshot, saved) == after
    assert confirm_repair(snapshot, saved, after) == confirmation


@CONFIRMED
@given(snapshot=histories())
def test_a_skipped_double_booking_deletion_is_caught_naming_its_step(snapshot: Snapshot) -> None:
    # A booked document entered again by hand, above its period's highest
    # booking (the histories do this too, but rarely).
    booked = [d for d in snapshot.documents if snapshot.booking_of(d) is not None]
    assume(booked)
    document = booked[-1]
    place = snapshot.place_of(document)
    # Not a number an invoice and a credit note of its journal share: a
    # reference to it names both, an input error (§3.8).
    shared = [d for d in snapshot.documents if d.number == document.number and d is not document]
    assume(all(snapshot.journal_of(d) != place.journal for d in shared))
    top = max(b.booking_number for b in snapshot.bookings or () if b.journal == place.journal)
    twice = Booking(place.journal, top + 1, document.date, reference=document.number)
    snapshot = attrs.evolve(snapshot, bookings=[*(snapshot.bookings or ()), twice])
    plan = plan_repair(snapshot)
    assume(plan.double_bookings)
    skipped = plan.double_bookings[0]
    after = simulate_repair(snapshot, attrs.evolve(plan, double_bookings=plan.double_bookings[1:]))
    confirmation = confirm_repair(snapshot, plan, after)
    assert not confirmation.ok
    assert any(
        d.step == "delete-double-bookings" and d.documents == (skipped.document.ref,)
        for d in confirmation.deviations
    ), confirmation.deviations

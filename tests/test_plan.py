"""The repair plan: DOMAIN.md §3.6 (dates to reconnect with) and the plan's shape (§7)."""

from __future__ import annotations

import datetime as dt
import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    Document,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Place,
    RepairPlan,
    Snapshot,
    find_collision_risks,
    find_collisions,
    find_stale_documents,
    plan_repair,
    plan_with_cutoff,
    verify_plan,
)
from booking_reconcile.steps import STEP_KEYS, Step
from builders import SHARED, TWO_JOURNALS, booked, day

# Journal 70: A 01-05 #801, B 01-06 #802 (booking deleted), C 01-10 #802
# (holds it), D 01-12 #803. Journal 71: K 01-11 #4. keep-deleted: cutoff
# 01-10; delete D #803, C #802 (70) and K #4 (71).
A = Invoice("A", day(1, 5), 801)
B = Invoice("B", day(1, 6), 802)
C = Invoice("C", day(1, 10), 802)
D = Invoice("D", day(1, 12), 803)
K = CreditNote("K", day(1, 11), 4)
STORY = Snapshot(
    TWO_JOURNALS, [A, B, C, D, K], bookings=[*booked(A, C, D), *booked(K, journal="71")]
)


def _with_start(start: dt.date | None) -> Snapshot:
    integration = Integration("70", "71", start_date=start)
    return Snapshot(integration, STORY.documents, bookings=STORY.bookings)


def _step(steps: tuple[Step, ...], key: str) -> Step:
    (step,) = (s for s in steps if s.key == key)
    return step


# -- §3.6 dates ---------------------------------------------------------------


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_delink_date_equals_cutoff(policy: CutoffPolicy) -> None:
    # keep-deleted 01-10 (C); rebook-deleted 01-06 (B, the earliest).
    plan = plan_repair(STORY, policy)
    expected = day(1, 10) if policy is CutoffPolicy.KEEP_DELETED else day(1, 6)
    assert plan.cutoff == expected
    assert plan.delink_date == expected


def test_rule_3_6_an_unrecorded_start_date_is_checked_against_the_earliest_booked_document() -> (
    None
):
    # U 01-02 is not booked yet (never sent): it does not count. A 01-05 is
    # the earliest document carrying a booking number: the check, not the date.
    u = Invoice("U", day(1, 2))
    snapshot = Snapshot(TWO_JOURNALS, [u, *STORY.documents], bookings=STORY.bookings)
    plan = plan_repair(snapshot)
    assert (plan.start_date, plan.earliest_booked) == (None, day(1, 5))


def test_start_date_default_counts_a_stale_document_as_booked() -> None:
    # S 01-03 #800 lost its booking but was sent (it carries a number): the
    # integration started no later than 01-03.
    s = Invoice("S", day(1, 3), 800)
    snapshot = Snapshot(TWO_JOURNALS, [s, *STORY.documents], bookings=STORY.bookings)
    assert plan_repair(snapshot).earliest_booked == day(1, 3)


@pytest.mark.parametrize(
    ("recorded", "warned"),
    [
        # first booked document: A of 01-05
        pytest.param(day(1, 1), False, id="earlier"),
        pytest.param(day(1, 5), False, id="same-day"),
        pytest.param(day(1, 6), True, id="one-day-later"),
        pytest.param(day(1, 20), True, id="after-the-cutoff"),
    ],
)
def test_start_date_is_the_recorded_one_when_known(recorded: dt.date, warned: bool) -> None:
    plan = plan_repair(_with_start(recorded))
    assert plan.start_date == recorded
    late = [w for w in plan.warnings if w.rule == "start-date-too-late"]
    assert len(late) == (1 if warned else 0)


def test_recorded_start_date_later_than_first_booking_is_a_warning() -> None:
    plan = plan_repair(_with_start(day(1, 8)))
    (warning,) = (w for w in plan.warnings if w.rule == "start-date-too-late")
    assert "2026-01-08" in warning.message
    assert "2026-01-05" in warning.message
    assert "invoice A" in warning.message
    assert "payment status" in warning.message
    assert warning.documents == (A.ref,)


def test_reconnect_step_uses_the_start_date() -> None:
    plan = plan_repair(_with_start(day(1, 1)))
    assert "2026-01-01" in _step(plan.steps, "reconnect").title
    plan = plan_repair(STORY)
    assert "2026-01-05" in _step(plan.steps, "reconnect").title


# -- without bookings -----------------------------------------------------------


def test_plan_without_bookings_infers_holders_and_warns() -> None:
    # No bookings: the holder of {B, C} is the last in sync order, C; B is
    # taken to be stale: it is neither deleted nor reset (dated 01-06), and
    # the plan warns that it stays out, and that the bookings were not given.
    snapshot = Snapshot(TWO_JOURNALS, STORY.documents)
    plan = plan_repair(snapshot)
    (collision,) = plan.collisions
    assert collision.holder == C
    assert plan.cutoff == day(1, 10)
    assert {d.number for d in plan.to_delete} == {"C", "D", "K"}
    rules = [w.rule for w in plan.warnings]
    assert "bookings-unknown" in rules
    assert "stale-document-kept" in rules
    unknown = plan.warnings[rules.index("bookings-unknown")]
    assert "not given" in unknown.message


def test_plan_with_bookings_does_not_warn_that_they_are_unknown() -> None:
    assert "bookings-unknown" not in [w.rule for w in plan_repair(STORY).warnings]


def test_plan_with_no_bookings_at_all_deletes_nothing() -> None:
    # bookings=() says the accounting package holds none: every booked
    # document is stale, no collision has a holder, nothing can be deleted.
    snapshot = Snapshot(TWO_JOURNALS, STORY.documents, bookings=())
    plan = plan_repair(snapshot)
    assert plan.collisions[0].holder is None
    assert plan.to_delete == ()
    assert {d.number for d in plan.to_reset} == {"C", "D", "K"}


# -- the plan's shape -----------------------------------------------------------


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
def test_steps_follow_the_articles_order(policy: CutoffPolicy) -> None:
    plan = plan_repair(STORY, policy)
    assert tuple(step.key for step in plan.steps) == STEP_KEYS
    assert STEP_KEYS == (
        "show-booking-numbers",
        "delete-bookings",
        "set-next-numbers",
        "note-settings",
        "deactivate",
        "reconnect",
        "synchronise",
    )


def test_deactivate_step_gives_the_delink_date_and_keeps_contacts_linked() -> None:
    step = _step(plan_repair(STORY).steps, "deactivate")
    title = step.title.lower()
    assert "2026-01-10" in step.title
    assert "do not delink the contacts and companies" in title
    # every reset document is named
    for number in ("C", "D", "K"):
        assert any(f" {number} of " in detail for detail in step.details), step.details


def test_reconnect_step_says_no_contact_import() -> None:
    step = _step(plan_repair(STORY).steps, "reconnect")
    title = step.title.lower()
    assert "do not import companies or contacts" in title
    assert any("70" in detail and "71" in detail for detail in step.details)


def test_note_settings_step_names_the_start_date_and_journals() -> None:
    step = _step(plan_repair(STORY).steps, "note-settings")
    assert any("2026-01-05" in detail for detail in step.details)
    assert any("70" in detail and "71" in detail for detail in step.details)


def test_delete_step_names_every_booking_in_deletion_order() -> None:
    step = _step(plan_repair(STORY).steps, "delete-bookings")
    assert len(step.details) == 3
    # journal 70: #803 (D) before #802 (C); journal 71: #4 (K)
    d_line = next(i for i, line in enumerate(step.details) if "invoice D" in line)
    c_line = next(i for i, line in enumerate(step.details) if "invoice C" in line)
    assert d_line < c_line
    assert "#803" in step.details[d_line]
    assert "2026-01-12" in step.details[d_line]
    assert any("credit note K" in line and "#4" in line for line in step.details)


def test_set_next_numbers_and_synchronise_steps_name_the_numbers() -> None:
    # 70: max(802, 802 + 1) = 803; 71: max(4, nothing in use) = 4.
    plan = plan_repair(STORY)
    assert {(n.journal, n.number) for n in plan.next_numbers} == {("70", 803), ("71", 4)}
    details = _step(plan.steps, "set-next-numbers").details
    assert any("journal 70" in line and "803" in line for line in details)
    assert any("journal 71" in line and "4" in line for line in details)
    sync = _step(plan.steps, "synchronise").details
    # C 803, K 4, D 804
    assert any("invoice C" in line and "#803" in line for line in sync)
    assert any("invoice D" in line and "#804" in line for line in sync)
    assert any("credit note K" in line and "#4" in line for line in sync)


def test_show_booking_numbers_step_names_each_collision() -> None:
    step = _step(plan_repair(STORY).steps, "show-booking-numbers")
    assert any("The invoices B and C have the same booking number" in d for d in step.details)


def test_plan_lists_are_consistent() -> None:
    plan = plan_repair(STORY)
    assert set(plan.to_delete) <= set(plan.to_reset)
    assert [x.document for x in plan.deletions] == list(plan.to_delete)
    assert all(x.booking_number == x.document.booking_number for x in plan.deletions)


def test_needed_and_feasible() -> None:
    plan = plan_repair(STORY)
    assert (plan.needed, plan.feasible) == (True, True)
    closed = Snapshot(
        TWO_JOURNALS,
        STORY.documents,
        journals=[Journal("70", locked_until=day(1, 31)), Journal("71")],
        bookings=STORY.bookings,
    )
    blocked = plan_repair(closed)
    assert (blocked.needed, blocked.feasible) == (True, False)
    assert blocked.blockers
    calm = plan_repair(Snapshot(SHARED, [A, D], bookings=booked(A, D)))
    assert (calm.needed, calm.feasible) == (False, True)
    assert calm.steps == ()


def test_plan_without_collision_still_reports_warnings() -> None:
    # Nothing collides, but the recorded start date is later than A (01-05).
    snapshot = Snapshot(
        Integration("70", "70", start_date=day(1, 9)), [A, D], bookings=booked(A, D)
    )
    plan = plan_repair(snapshot)
    assert not plan.needed
    assert [w.rule for w in plan.warnings] == ["start-date-too-late"]


@pytest.mark.parametrize("policy", list(CutoffPolicy), ids=lambda p: p.value)
@pytest.mark.parametrize(
    "snapshot",
    [
        STORY,
        Snapshot(TWO_JOURNALS, STORY.documents),
        Snapshot(TWO_JOURNALS, STORY.documents, bookings=()),
        Snapshot(
            TWO_JOURNALS,
            STORY.documents,
            journals=[Journal("70", next_booking_number=2000), Journal("71")],
            bookings=STORY.bookings,
        ),
    ],
    ids=["bookings", "bookings-unknown", "no-bookings", "configured-next"],
)
def test_plan_repair_returns_a_sound_plan(snapshot: Snapshot, policy: CutoffPolicy) -> None:
    assert verify_plan(snapshot, plan_repair(snapshot, policy)) == ()


# -- the rules read again, on random snapshots ----------------------------------


def _random_snapshot(rng: random.Random) -> Snapshot:
    """A small snapshot made by sending documents in a random order, deleting
    bookings in between (mostly a journal's last) and adding manual ones."""
    month = rng.choice([1, 1, 4, 7])
    two = rng.random() < 0.5
    integration = Integration("70", "71" if two else "70", financial_year_start_month=month)
    journals = {
        code: Journal(
            code,
            Numbering.PER_FINANCIAL_YEAR if rng.random() < 0.3 else Numbering.CONTINUOUS,
            next_booking_number=rng.choice([None, None, rng.randint(1, 30)]),
            locked_until=rng.choice(
                [None, None, None, day(1, 1) + dt.timedelta(rng.randint(-30, 30))]
            ),
        )
        for code in (["70", "71"] if two else ["70"])
    }

    def place(code: str, when: dt.date) -> tuple[str, int | None]:
        if journals[code].numbering is Numbering.CONTINUOUS:
            return (code, None)
        return (code, when.year if when.month >= month else when.year - 1)

    documents: list[Document] = [
        rng.choice([Invoice, Invoice, CreditNote])(
            str(i), day(1, 1) + dt.timedelta(rng.randint(-31, 40))
        )
        for i in range(1, rng.randint(2, 12) + 1)
    ]
    bookings: dict[tuple[tuple[str, int | None], int], Booking] = {}
    for i in rng.sample(range(len(documents)), len(documents)):
        if rng.random() < 0.15:
            continue  # not sent yet
        document = documents[i]
        code = integration.journal_for(document.kind)
        where = place(code, document.date)
        highest = max((n for p, n in bookings if p == where), default=0)
        number = max(highest + 1, journals[code].next_booking_number or 1)
        documents[i] = attrs.evolve(document, booking_number=number)
        bookings[where, number] = Booking(code, number, document.date, documents[i].ref)
        if rng.random() < 0.35:
            last = max(bookings, key=lambda key: key[1])
            del bookings[last if rng.random() < 0.7 else rng.choice(list(bookings))]
        if rng.random() < 0.08:
            highest = max((n for p, n in bookings if p == where), default=0)
            bookings[where, highest + 1] = Booking(code, highest + 1, document.date)
    return Snapshot(
        integration,
        documents,
        journals=list(journals.values()),
        bookings=list(bookings.values()) if rng.random() < 0.8 else None,
    )


def _cutoff_by_hand(snapshot: Snapshot, policy: CutoffPolicy) -> dt.date | None:
    collisions = find_collisions(snapshot)
    if not collisions:
        # §3.9: a stale document that predicts a collision is booked again
        # under rebook-deleted (cutoff: the stale documents' earliest date);
        # in a period closed to its last day nothing can collide (§3.4).
        predicted = snapshot.has_bookings and [
            d for d in find_collision_risks(snapshot) if not _closed_to_its_last_day(snapshot, d)
        ]
        if policy is CutoffPolicy.REBOOK_DELETED and predicted:
            return min(d.date for d in find_stale_documents(snapshot))
        return None
    if policy is CutoffPolicy.KEEP_DELETED:
        return min(sorted(d.date for d in c.documents)[1] for c in collisions)
    dates = [d.date for c in collisions for d in c.documents]
    if snapshot.has_bookings:
        dates += [d.date for d in find_stale_documents(snapshot)]
    return min(dates)


def _closed_to_its_last_day(snapshot: Snapshot, document: Document) -> bool:
    """Whether ``document``'s financial year is locked up to its last day."""
    place = snapshot.place_of(document)
    locked_until = snapshot.journal(place.journal).locked_until
    if place.financial_year is None or locked_until is None:
        return False
    if locked_until == dt.date.max:
        return True
    month = snapshot.integration.financial_year_start_month
    return locked_until >= dt.date(place.financial_year + 1, month, 1) - dt.timedelta(days=1)


def _next_numbers_by_hand(snapshot: Snapshot, plan: RepairPlan) -> dict[Place, int]:
    reset = {d.ref for d in plan.to_reset}
    deleted = {d.ref for d in plan.to_delete}
    targets, lowest, highest = set(), {}, {}
    for document in plan.to_delete:
        where = snapshot.place_of(document)
        lowest[where] = min(
            lowest.get(where, document.booking_number or 0), document.booking_number or 0
        )
    booked_into = set()  # §3.5: a period the sync books nothing into has no number
    for document in snapshot.documents:
        where = snapshot.place_of(document)
        if document.booking_number is None or document.ref in reset:
            targets.add(where)
            locked_until = snapshot.journal(where.journal).locked_until
            if document.ref in reset or locked_until is None or document.date > locked_until:
                booked_into.add(where)
        else:
            highest[where] = max(highest.get(where, 0), document.booking_number)
    targets &= booked_into
    for booking in snapshot.bookings or ():
        if booking.document not in deleted:
            where = snapshot.booking_place(booking)
            highest[where] = max(highest.get(where, 0), booking.booking_number)
    numbers = {}
    for where in targets:
        candidates = [lowest[where]] if where in lowest else []
        candidates += [highest[where] + 1] if where in highest else []
        if candidates:
            numbers[where] = max(candidates)
    return numbers


@settings(max_examples=300, deadline=None)
@given(rng=st.randoms(use_true_random=False))
def test_plans_agree_with_the_rules_read_by_hand(rng: random.Random) -> None:
    """§3.3-§3.7 computed again here, straight from DOMAIN.md.

    Only the collisions and stale documents (§3.1, §3.2, tested in
    test_collisions.py) come from the library.
    """
    snapshot = _random_snapshot(rng)
    for policy in CutoffPolicy:
        plan = plan_repair(snapshot, policy)
        assert plan.cutoff == _cutoff_by_hand(snapshot, policy)  # §3.3
        assert plan.delink_date == plan.cutoff  # §3.6
        if plan.cutoff is None:
            if plan.kind == "prevent":  # §3.9: next numbers only, nothing deleted
                keys = [step.key for step in plan.steps]
                assert set(keys) <= {"set-next-numbers", "synchronise"}
                assert keys.count("set-next-numbers") == len(plan.next_numbers)
                assert ("synchronise" in keys) == bool(plan.sent)
                assert plan.to_delete == plan.to_reset == ()
            else:
                assert plan.steps == ()
            continue
        cutoff = plan.cutoff
        assert {d.ref for d in plan.to_reset} == {  # §3.4
            d.ref for d in snapshot.documents if d.is_booked and d.date >= cutoff
        }
        if snapshot.has_bookings:
            assert {d.ref for d in plan.to_delete} == {
                d.ref for d in plan.to_reset if snapshot.booking_of(d) is not None
            }
        else:
            inferred_stale = {d.ref for c in plan.collisions for d in c.documents[:-1]}
            assert {d.ref for d in plan.to_delete} == {
                d.ref for d in plan.to_reset if d.ref not in inferred_stale
            }
        for first, then in zip(plan.deletions, plan.deletions[1:], strict=False):
            if first.place == then.place:
                assert first.booking_number > then.booking_number
        assert {n.place: n.number for n in plan.next_numbers} == _next_numbers_by_hand(
            snapshot, plan
        )  # §3.5
        booked_dates = [d.date for d in snapshot.documents if d.is_booked]
        assert plan.start_date == snapshot.integration.start_date
        assert plan.earliest_booked == min(booked_dates)
        assert verify_plan(snapshot, plan) == ()  # §3.7
        if policy is CutoffPolicy.KEEP_DELETED:
            later = plan_with_cutoff(snapshot, cutoff + dt.timedelta(days=1), policy)
            assert verify_plan(snapshot, later) != ()


def test_no_start_date_without_a_recorded_one_or_a_booked_document() -> None:
    # §3.6: the recorded start date, else the date of the earliest booked
    # document; with neither there is none.
    from booking_reconcile.reconnect import start_date_for

    assert start_date_for(Snapshot(Integration("70", "71"), [Invoice("U", day(1, 5))])) is None

"""Confirming a repair (DOMAIN §3.11): did the person's repair do what the plan says?

A repair is carried out by hand, over several screens of two systems, and a
step is easily missed: a booking left undeleted, a next booking number not
set, the integration not deactivated, the synchronisation not run. Once the
plan has been followed, a fresh export of both sides (the *after* snapshot)
shows whether it worked. :func:`confirm_repair` compares it with the plan and
with the snapshot the plan was made from (the *before* snapshot), and returns
a :class:`Confirmation`: one :class:`Deviation` per thing that differs, each
naming the step it concerns, the documents and the numbers, and saying what
to do. A deviation *matters* unless the result is still sound (a document
received another number than predicted, but nothing collides, and no stale
document's number is left to be handed out again).

The checks, one small rule function each, composed in :data:`CHECKS` (from
:mod:`booking_reconcile._confirm_checks`, :mod:`booking_reconcile._confirm_kept`
and :mod:`booking_reconcile._confirm_after`, on facts derived once):

- each double booking's manual entry is gone (step
  ``delete-double-bookings``, §3.10), its reference compared as every
  reader compares references (without white space and case, §3.8); when
  the document's own booking was deleted instead, it says so, and not to
  delete the entry now;
- each booking to delete is gone (step ``delete-bookings``): a booking left
  undeleted stays in its journal under its number, no longer linked to the
  document that was sent again (an entry with the document's number as its
  ``reference``, or none);
- each booking the plan keeps (of a document it does not reset) is still
  there (step ``delete-bookings``: deleted although the plan keeps it), and
  so is each booking entered by hand (§3.4: never deleted; a double booking's
  entry aside), matched by journal, number, date and reference: one gone
  is a deviation that says to enter it again as it was (in
  :mod:`booking_reconcile._confirm_kept`; both when the snapshot before is
  given and the new export holds bookings of the journal, or its bookings are
  complete, ``bookings_complete``; otherwise unchecked, below);
- each journal's configured next number, when the after snapshot knows it,
  is past every number the synchronisation handed out in its latest period
  (step ``set-next-numbers``);
- each document the synchronisation sends carries the number the plan
  predicted; where it differs, whether the result is still collision-free,
  and the step the difference points to: a booking not deleted in that
  journal, a double booking's manual entry not deleted there (above its
  number: ``delete-double-bookings``), documents not reset there, documents the plan does not know sent
  there too (``synchronise``; only for a number above the prediction, as
  documents sent in addition only push numbers up), else the first number
  handed out there (``set-next-numbers`` when it is not the plan's); a
  reset document not booked after points to ``synchronise``, or to
  ``deactivate`` when it still carries its old number;
- no booked document dated before the cutoff changed (step ``deactivate``);
- no collision is left (step ``synchronise``; ``set-next-numbers`` when a
  document sent since received a number below the next number the plan
  sets, and none of the plan's documents shows that number set);
- no document is booked twice (§3.7: every reset document is booked exactly
  once; §3.10), the double bookings and bookings left that the checks above
  report aside: each one is a deviation naming both booking numbers and its
  likely cause, the step it points to, and saying to delete the booking that
  does not book it or to plan again: a document the plan did not know, sent
  after it was made and reset with the others (``delete-bookings``); an entry
  by hand naming a document the plan resets or sends
  (``delete-double-bookings``); without the snapshot before, a document dated
  before the cutoff that the plan does not reset (``deactivate``: the delink
  date set too early);
- where the synchronisation handed out other numbers than predicted, no
  stale document (§3.2: at or above the highest booking left) keeps a number
  below those the plan meant to hand out there, unless the journal's
  configured next number shown passes it: such a document collides with a
  document sent later, so the number deviations there are not "still sound",
  and one ``set-next-numbers`` deviation per place that matters names the
  stale documents and the number to set;
- the integration is connected with the plan's start date and journals,
  when the after snapshot knows them; without a recorded start date, with
  one not later than the plan's ``earliest_booked`` (DOMAIN §3.6: a later
  one loses payment statuses) (step ``reconnect``).

A step that neither the after snapshot's data nor its effects can show done
(the bookings or the journals were not exported, or the bookings export
holds none of the journal of a double booking while it has booked documents,
or none of a journal where the plan keeps bookings while not complete,
and nothing was sent since) is listed in ``unchecked`` as an
:class:`Unchecked` record that says what to export, and the confirmation
is not ``ok`` while a needed step is unchecked. A journal's one exported next
number is read as the plan read it (§3.5: in a prevention plan, as that of the
period its step sets); a step for a period nothing was sent into while that
number is another period's (exported or not) no export can show: it is
listed as a note to check by hand, which does not keep the confirmation from
being ``ok``.

The three records must be of one administration (DOMAIN §7): a plan (its
``labels``) or a snapshot before whose labels contradict the
after snapshot's (the same key, another value; a department or division
compared as the readers compare those names, case and spacing aside) is
refused with
:class:`~booking_reconcile.errors.PlanMismatchError`, and the confirmation
echoes the after snapshot's labels. Given the snapshot before, the plan must
be its plan: it is made again (for the plan's policy and cutoff) and compared
by meaning, so a saved plan edited by hand (its blockers or warnings removed,
a number changed) is refused naming the first field that differs. A plan
with blockers is confirmed like any other (docs/choices.md).

Worked example A, carried out exactly, then with the next booking number
not set:

>>> from datetime import date
>>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
>>> from booking_reconcile import plan_repair, simulate_repair
>>> a, b, c, d = (
...     Invoice("A", date(2026, 1, 5), 1001),
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("C", date(2026, 1, 10), 1002),
...     Invoice("D", date(2026, 1, 12), 1003),
... )
>>> bookings = [Booking("70", x.booking_number, x.date, x.ref) for x in (a, c, d)]
>>> before = Snapshot(Integration("70", "70"), [a, b, c, d], bookings=bookings)
>>> plan = plan_repair(before)
>>> confirm_repair(before, plan, simulate_repair(before, plan)).ok
True
>>> import attrs
>>> skipped = attrs.evolve(plan, next_numbers=())
>>> confirmation = confirm_repair(before, plan, simulate_repair(before, skipped))
>>> confirmation.ok
False
>>> [(deviation.step, deviation.matters) for deviation in confirmation.deviations]
[('set-next-numbers', True), ('set-next-numbers', False)]
>>> print(confirmation.deviations[0].message)
invoice C received booking number 1002 in journal 70, not 1003 as the plan predicted: the next booking number of journal 70 was not set to 1003 (step set-next-numbers), or the repair was not carried out at all (is the new snapshot exported after it?); it now collides (The invoices B and C have the same booking number): plan the repair again from the new snapshot
"""

from __future__ import annotations

__all__ = ["CHECKS", "Confirmation", "Deviation", "Unchecked", "confirm_repair"]

from collections import Counter
from collections.abc import Iterator

from ._confirm_after import (
    earlier_documents_kept,
    no_collision_left,
    no_collision_risk_left,
    no_double_booking_left,
)
from ._confirm_checks import (
    DEACTIVATE,
    STEP_ORDER,
    Check,
    Facts,
    bookings_deleted,
    documents_sent_as_predicted,
    double_bookings_deleted,
    next_numbers_set,
    reconnected_as_planned,
)
from ._confirm_kept import kept_bookings_kept, kept_unchecked, manual_bookings_kept
from ._index import index_of
from .columns import compared_label
from .confirmation import Confirmation, Deviation, Unchecked
from .cutoff import choose_cutoff
from .errors import BookingReconcileError, PlanMismatchError, quoted, shown
from .findings import Finding
from .periods import Place
from .plan import plan_with_cutoff
from .repair_plan import RepairPlan, require_plan
from .snapshot import Snapshot
from .steps import DELETE_BOOKINGS, DELETE_DOUBLE_BOOKINGS, SET_NEXT_NUMBERS

#: The checks, one per rule of DOMAIN §3.11; a new check is one new function here.
CHECKS: tuple[Check, ...] = (
    double_bookings_deleted,
    bookings_deleted,
    kept_bookings_kept,
    manual_bookings_kept,
    next_numbers_set,
    documents_sent_as_predicted,
    earlier_documents_kept,
    no_collision_left,
    no_double_booking_left,
    no_collision_risk_left,
    reconnected_as_planned,
)


def confirm_repair(before: Snapshot | None, plan: RepairPlan, after: Snapshot) -> Confirmation:
    """Whether the repair ``after`` shows is the one ``plan`` (made from ``before``) describes.

    ``before`` may be ``None`` when it is not at hand; then the check that no
    document dated before the cutoff changed cannot run, and the confirmation
    says so in ``unchecked`` (a check left out, which does not keep it from
    being ``ok``). A needed step that ``after`` cannot show done (deletions
    without its bookings, a double booking without a booking of its journal
    while that journal has booked documents, a booking the plan keeps without
    a booking of its journal while ``after``'s bookings are not complete, a next
    number without its journals and with nothing sent since) is unchecked too,
    and the confirmation is not ``ok``
    until a new snapshot shows it. Raises
    :class:`~booking_reconcile.errors.PlanMismatchError` when the plan names
    documents ``before`` does not hold as such, or is not the plan ``before``
    gives for its policy and cutoff (edited by hand, or made from other
    exports: the first field that differs is named), and when the labels of
    ``before`` or of the plan (DOMAIN §7: the administration) contradict
    those of ``after``: a key both have, with another value (``department``
    and ``division`` compared case and spacing aside, as the readers compare
    them). The confirmation echoes the labels of ``after``.
    """
    require_plan(plan)
    index_of(after)  # a Snapshot, or the library's error
    if before is not None:
        index_of(before)
    _check_one_administration(before, plan, after)
    if before is not None:
        _check_plan_matches(before, plan)
    facts = Facts(before, plan, after)
    unchecked = list(_unchecked_steps(facts))
    if before is None:
        unchecked.append(
            Unchecked(
                DEACTIVATE,
                "no document dated before the cutoff changed (give the snapshot the plan was "
                "made from)",
                matters=False,
            )
        )
    deviations = [deviation for check in CHECKS for deviation in check(facts)]
    deviations.sort(key=lambda deviation: STEP_ORDER.get(deviation.step, len(STEP_ORDER)))
    return Confirmation(deviations=deviations, unchecked=unchecked, labels=after.labels)


def _unchecked_steps(facts: Facts) -> Iterator[Unchecked]:
    """The needed steps that neither the after snapshot's data nor its effects show done."""
    after, plan = facts.after, facts.plan
    if not after.has_bookings:
        if plan.double_bookings:
            yield Unchecked(
                DELETE_DOUBLE_BOOKINGS,
                "each booking entered by hand that the plan deletes is gone (the new snapshot "
                "has no bookings: export them too)",
            )
        if plan.deletions:
            yield Unchecked(
                DELETE_BOOKINGS,
                "each booking to delete is gone (the new snapshot has no bookings: export "
                "them too)",
            )
    else:
        # An export that shows no booking of a journal with booked documents
        # shows nothing of it (§3.8), so not a booking of it gone either.
        exported = {booking.journal for booking in after.bookings or ()}
        doubled = {double.place.journal for double in plan.double_bookings}
        empty = sorted(doubled & _journals_with_bookings(facts) - exported)
        # Said once per journal: the export of journal 70 shows both.
        yield from kept_unchecked(facts, said=set(empty))
        if empty:
            journals = " and ".join(shown(code) for code in empty)
            yield Unchecked(
                DELETE_DOUBLE_BOOKINGS,
                "each booking entered by hand that the plan deletes is gone (the new snapshot "
                f"has no bookings of journal{'s' if len(empty) > 1 else ''} {journals}: "
                "export them too)",
            )
    visible = facts.configured.keys() | _sent_since(facts)
    for next_number in plan.next_numbers:
        place = next_number.place
        if place in visible:
            continue
        head = (
            f"{place}: the next booking number {next_number.number} (step "
            f"{SET_NEXT_NUMBERS}): nothing was sent into it since"
        )
        other = facts.described.get(place.journal)
        if other is None or other == place:
            yield Unchecked(
                SET_NEXT_NUMBERS,
                f"{head} and the new snapshot does not show the journal's next booking "
                "number; export the journals with their next booking numbers",
            )
            continue
        # §3.5: the journal's one number (exported or not) is another
        # period's; no export can show this one, so it is a note to check by hand.
        where = " in the new snapshot" if other in facts.configured else ""
        yield Unchecked(
            SET_NEXT_NUMBERS,
            f"{head}, and journal {shown(place.journal)}'s one configured next booking number"
            f"{where} is that of {_period(other)}, so no export shows it; check by hand in the "
            f"accounting package (master data, journals) that the next booking number of "
            f"{_period(place)} is at least {next_number.number}",
            matters=False,
        )


def _period(place: Place) -> str:
    """A numbering period in words: ``financial year 2025``, or the journal when continuous."""
    if place.financial_year is None:
        return str(place)
    return f"financial year {place.financial_year}"


def _journals_with_bookings(facts: Facts) -> set[str]:
    """The journals of the documents that carry a number after and should have a booking.

    A document that kept its number without a booking before (a stale one)
    has none after either: it does not say the journal's bookings are missing.
    """
    before, after = facts.before, facts.after
    journals = set()
    for document in after.documents:
        if document.booking_number is None:
            continue
        held = facts.before_documents.get(document.key)
        if (
            before is not None
            and before.has_bookings
            and held is not None
            and held.booking_number == document.booking_number
            and document.key not in facts.reset
            and before.booking_of(held) is None
        ):
            continue
        journals.add(after.journal_of(document))
    return journals


def _sent_since(facts: Facts) -> set[Place]:
    """The places a document was booked into since the plan: the effects of its numbers."""
    after = facts.after
    places = set()
    for document in after.documents:
        if facts.booked(document) and facts.booked_since(document):
            places.add(after.place_of(document))
    return places


def _check_one_administration(before: Snapshot | None, plan: RepairPlan, after: Snapshot) -> None:
    """Refuse records whose labels name two administrations (DOMAIN §7): the same key, two values."""
    # A plan carries the labels of the snapshot it was made from.
    plan_labels = plan.labels
    pairs = []
    if before is not None:
        pairs.append(
            ("the snapshot before the repair", before.labels, "the new snapshot", after.labels)
        )
        pairs.append(("the plan", plan_labels, "the snapshot before the repair", before.labels))
    pairs.append(("the plan", plan_labels, "the new snapshot", after.labels))
    for name, labels, other_name, others in pairs:
        for key, value in labels.items():
            other = others.get(key)
            if other is not None and compared_label(key, other) != compared_label(key, value):
                raise PlanMismatchError(
                    f"{name} is of {key} {quoted(value)}, but {other_name} is of {key} "
                    f"{quoted(other)}: another administration; use the exports of the same "
                    "administration (the one the plan was made for) to confirm the repair"
                )


def _check_plan_matches(before: Snapshot, plan: RepairPlan) -> None:
    """Refuse a plan that is not the plan of ``before``: made from other exports, or edited.

    The plan is made again from ``before``, for its policy and its cutoff (the
    one the policy chooses, or one of the person's choosing: ``plan_with_cutoff``),
    and compared by meaning (:func:`_plan_difference`), never by the wording of
    its steps and findings, so that a plan saved by an earlier version confirms.
    """
    for document in (*plan.to_reset, *plan.to_delete):
        try:
            held = before.document(document.ref)
        except BookingReconcileError:
            held = None
        if held != document:
            raise PlanMismatchError(
                f"the plan names {document}, which the snapshot before the repair does not "
                "hold as such; give the snapshot the plan was computed from"
            )
    difference = _plan_difference(plan, plan_with_cutoff(before, plan.cutoff, plan.policy))
    if difference is None:
        return
    chosen = choose_cutoff(before, plan.policy)
    if chosen != plan.cutoff:
        difference = (
            f"its cutoff {plan.cutoff} is not the one {plan.policy.value} chooses ({chosen}), "
            f"and it is not the plan for its cutoff either: {difference}"
        )
    raise PlanMismatchError(
        f"the plan is not the one the snapshot before the repair gives: {difference}; was the "
        "plan edited, or made from other exports? make the plan again from the exports before "
        "the repair (plan_repair, or the plan command) and confirm with that plan"
    )


def _plan_difference(plan: RepairPlan, made: RepairPlan) -> str | None:
    """The first field in which ``plan`` means something else than ``made``, in words.

    Findings are compared by rule (their wording may change between versions);
    a plan saved before plans had ``earliest_booked`` has none to compare.
    """
    fields: tuple[tuple[str, object, object], ...] = (
        ("integration", plan.integration, made.integration),
        ("collisions", plan.collisions, made.collisions),
        ("cutoff", plan.cutoff, made.cutoff),
        ("to_delete", plan.deletions, made.deletions),
        ("to_reset", plan.to_reset, made.to_reset),
        ("next_numbers", plan.next_numbers, made.next_numbers),
        ("double_bookings", plan.double_bookings, made.double_bookings),
        ("sent", plan.sent, made.sent),
        ("start_date", plan.start_date, made.start_date),
        ("earliest_booked", plan.earliest_booked or made.earliest_booked, made.earliest_booked),
        ("kind", plan.kind, made.kind),
        ("policy", plan.policy.value, made.policy.value),
    )
    for name, given, expected in fields:
        if given == expected:
            continue
        if isinstance(given, tuple) and isinstance(expected, tuple):
            index = next(
                (i for i, (a, b) in enumerate(zip(given, expected, strict=False)) if a != b),
                min(len(given), len(expected)),
            )
            given, expected = (
                items[index] if index < len(items) else _NOTHING for items in (given, expected)
            )
        return f"{name}: the plan has {_shown(given, expected)}, the snapshot's plan has " + (
            _shown(expected, given)
        )
    for name, findings, others in (
        ("blocker", plan.blockers, made.blockers),
        ("warning", plan.warnings, made.warnings),
    ):
        difference = _finding_difference(name, findings, others)
        if difference is not None:
            return difference
    return None


#: Where one list of a plan ends before the other's.
_NOTHING = "nothing more"


def _shown(value: object, other: object) -> str:
    """``value`` in words; its ``repr`` when its words are those of ``other``."""
    if value is None or value is _NOTHING:
        return str(value).lower()
    return quoted(value) if str(value) == str(other) else str(value)


def _finding_difference(
    name: str, findings: tuple[Finding, ...], others: tuple[Finding, ...]
) -> str | None:
    """The first rule of which the plan has fewer (or more) findings than the plan made again."""
    counts = Counter(finding.rule for finding in findings)
    made = Counter(finding.rule for finding in others)
    for finding in others:
        if counts[finding.rule] < made[finding.rule]:
            return (
                f"{name}s: the plan has no {name} {finding.rule} ({quoted(finding.message)}), "
                "which the snapshot's plan has"
            )
    for finding in findings:
        if counts[finding.rule] > made[finding.rule]:
            return (
                f"{name}s: the plan has a {name} {finding.rule} ({quoted(finding.message)}), "
                "which the snapshot's plan has not"
            )
    return None

"""A repair plan checked against itself: its lists and its predictions agree (§3.7, §3.11).

A plan file is read days after it was made (:mod:`~booking_reconcile.plan_json`)
and may have been edited by hand. An edit of one key shows against the steps
saved with it; an edit of a key *and* its step line does not, so the loader
also checks the plan's fields against each other, as the planner makes them:

- every document whose booking is deleted is reset (the proof's own words,
  :func:`deleted_not_reset`, which :func:`~booking_reconcile.verify_plan`
  says on a snapshot too);
- every reset document is sent again, and so has a predicted number (a plan
  with blockers excepted: the accounting package refuses some of them, and
  the plan says it cannot be carried out as it is);
- the first number sent into a journal and period is the next booking number
  the plan sets there (§3.5, §3.7: the sync gives the first document the
  number set), and each number sent there after it is one higher.

>>> from datetime import date
>>> import attrs
>>> from booking_reconcile import Integration, Invoice, Snapshot, plan_repair
>>> plan = plan_repair(Snapshot(Integration("70", "70"), [
...     Invoice("A", date(2026, 1, 5), 1001),
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("C", date(2026, 1, 10), 1002),
... ]))
>>> first_inconsistency(plan) is None
True
>>> edited = attrs.evolve(plan, next_numbers=[attrs.evolve(plan.next_numbers[0], number=1005)])
>>> field, problem, keys = first_inconsistency(edited)
>>> field, keys
('next_numbers[0]', 'next_numbers or sent')
>>> print(problem)
journal 70: the next booking number is 1005, but the first document sent there receives #1003 (invoice C of 2026-01-10 → #1003 in journal 70)
"""

from __future__ import annotations

__all__ = ["deleted_not_reset", "first_inconsistency", "record_name"]

from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet

from .models import DocumentKey, DocumentRef
from .periods import Place
from .repair_plan import RepairPlan
from .resend import Sent

#: A problem of a plan with itself: the path of the field, what is wrong, the keys to suspect.
Inconsistency = tuple[str, str, str]


def record_name(key: DocumentKey) -> str:
    """The document of ``key`` as messages name it (``"invoice C"``)."""
    return DocumentRef(*key).record_name()


def deleted_not_reset(
    reset: AbstractSet[DocumentKey], deleted: Iterable[DocumentKey]
) -> Iterator[str]:
    """Each document whose booking is deleted but which is not reset, in the order given, in words.

    The integration sends a document again only when it is reset: a deleted
    booking of a document that is not reset is never booked again.
    """
    for key in deleted:
        if key not in reset:
            yield f"{record_name(key)} is listed to delete, but it is not reset"


def first_inconsistency(plan: RepairPlan) -> Inconsistency | None:
    """The first way ``plan`` contradicts itself, or ``None`` when its fields agree."""
    return next(_inconsistencies(plan), None)


def _inconsistencies(plan: RepairPlan) -> Iterator[Inconsistency]:
    """Each way ``plan`` contradicts itself, in the order of its keys: deletions, resets, numbers."""
    reset = {document.key for document in plan.to_reset}
    for position, deletion in enumerate(plan.deletions):
        for problem in deleted_not_reset(reset, (deletion.document.key,)):
            yield f"to_delete[{position}]", problem, "to_delete or to_reset"
    sent = {each.document.key for each in plan.sent}
    if plan.feasible:
        for position, document in enumerate(plan.to_reset):
            if document.key not in sent:
                yield (
                    f"to_reset[{position}]",
                    f"{document.record_name()} is reset, but sent does not send it again: the "
                    "plan predicts no booking number for it",
                    "to_reset or sent",
                )
    yield from _numbers_sent(plan)


def _numbers_sent(plan: RepairPlan) -> Iterator[Inconsistency]:
    """The numbers sent into each place: the next number set there first, then one higher each."""
    last: dict[Place, Sent] = {}
    positions = {next_number.place: i for i, next_number in enumerate(plan.next_numbers)}
    for position, sent in enumerate(plan.sent):
        number = sent.document.booking_number
        if number is None:
            document = sent.document
            named = f"{document.record_name()} of {document.date.isoformat()}"
            yield f"sent[{position}]", f"{named} is sent but receives no booking number", "sent"
            continue
        before = last.get(sent.place)
        last[sent.place] = sent
        if before is None:
            at = positions.get(sent.place)
            if at is None:
                continue
            expected = plan.next_numbers[at].number
            if number != expected:
                yield (
                    f"next_numbers[{at}]",
                    f"{sent.place}: the next booking number is {expected}, but the first "
                    f"document sent there receives #{number} ({sent})",
                    "next_numbers or sent",
                )
            continue
        previous = before.document.booking_number
        if number != (previous or 0) + 1:
            yield (
                f"sent[{position}]",
                f"{sent}: the number sent before it in {sent.place} is #{previous} "
                f"({before.document.record_name()}), and the accounting package numbers on "
                "by one",
                "sent",
            )

"""The repair as steps a person performs, in the article's order.

1. make the booking numbers visible in the invoicing tool and find the
   collisions;
2. delete the bookings in the accounting package, in deletion order;
3. set each journal's next booking number;
4. write down the integration's start date and journals;
5. deactivate the integration with the delink date — contacts and companies
   stay linked;
6. select the right administration (department), named by the snapshot's
   labels when it has any, and connect it again with the start date and
   journals — no contact import;
7. synchronise, and check the numbers the documents receive (marked where
   the number rests on a configured next number nobody knows, as the plan's
   ``configured-number-unknown`` warning says, DOMAIN §3.5).

A prevention plan (DOMAIN §3.9) lists only the steps that apply: it shows no
collision, deletes nothing unless ``rebook-deleted`` resets a booked
document, and checks a synchronisation only when one sends something. A
plan that only deletes double bookings (§3.10) has that step, and the
synchronisation when one sends something: the plan predicts its numbers too.

Each step is a :class:`Step` record: a ``key`` for programs, a ``title`` that
says what to do, and ``details`` naming every document, number and date.
"""

from __future__ import annotations

__all__ = [
    "DELETE_BOOKINGS",
    "DELETE_DOUBLE_BOOKINGS",
    "SET_NEXT_NUMBERS",
    "STEP_KEYS",
    "SYNCHRONISE",
    "Step",
    "StepInputs",
    "administration",
    "configured_unknown",
    "steps_of",
]

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Protocol

import attrs

from ._per_year_cautions import PER_YEAR_NUMBERING_ASSUMED, configured_read_elsewhere
from .collisions import Collision
from .deletion import Deletion
from .double_bookings import DoubleBooking
from .errors import shown
from .findings import CONFIGURED_NUMBER_UNKNOWN, Finding
from .models import Document, DocumentRef, Integration
from .next_numbers import NextBookingNumber
from .periods import Place
from .resend import Sent


@attrs.frozen
class Step:
    """One step of the repair as a person performs it.

    ``key`` names the step for programs (``"delete-bookings"``, ...),
    ``title`` says what to do, ``details`` list what it applies to.
    """

    key: str
    title: str
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.title


class StepInputs(Protocol):
    """What the steps are written from: the fields of a repair plan."""

    @property
    def integration(self) -> Integration: ...
    @property
    def collisions(self) -> Sequence[Collision]: ...
    @property
    def cutoff(self) -> dt.date | None: ...
    @property
    def start_date(self) -> dt.date | None: ...
    @property
    def earliest_booked(self) -> dt.date | None: ...
    @property
    def deletions(self) -> Sequence[Deletion]: ...
    @property
    def next_numbers(self) -> Sequence[NextBookingNumber]: ...
    @property
    def to_reset(self) -> Sequence[Document]: ...
    @property
    def sent(self) -> Sequence[Sent]: ...
    @property
    def double_bookings(self) -> Sequence[DoubleBooking]: ...
    @property
    def warnings(self) -> Sequence[Finding]: ...
    @property
    def labels(self) -> Mapping[str, str]: ...


def _cutoff(plan: StepInputs) -> str:
    return "the cutoff" if plan.cutoff is None else plan.cutoff.isoformat()


def _start(plan: StepInputs) -> str:
    """The start date to reconnect with, or how to find it when it is not recorded (§3.6)."""
    if plan.start_date is not None:
        return f"start date {plan.start_date.isoformat()}"
    check = ""
    if plan.earliest_booked is not None:
        check = (
            f" (not later than {plan.earliest_booked.isoformat()}, the earliest booked "
            "document read)"
        )
    return f"the start date written down from the integration's settings{check}"


def _noted_start(plan: StepInputs) -> str:
    if plan.start_date is not None:
        return f"start date {plan.start_date.isoformat()}"
    line = "start date: not recorded here; write down the one the settings show"
    if plan.earliest_booked is not None:
        line += (
            f" (not later than {plan.earliest_booked.isoformat()}, the earliest booked "
            "document read: exports are often filtered by date, so it need not be the first "
            "ever sent)"
        )
    return line


def _journals(plan: StepInputs) -> str:
    integration = plan.integration
    return (
        f"invoice journal {integration.invoice_journal}, "
        f"credit-note journal {integration.credit_note_journal}"
    )


def _show_booking_numbers(plan: StepInputs) -> Step:
    return Step(
        "show-booking-numbers",
        "In the invoicing tool, add the 'booking number' column to the invoice and "
        "credit-note overviews, and find the documents with the same booking number",
        tuple(collision.describe() for collision in plan.collisions),
    )


def _delete_bookings(plan: StepInputs) -> Step:
    return Step(
        DELETE_BOOKINGS,
        "In the accounting package, delete these bookings, in this order "
        f"(every booked invoice and credit note dated {_cutoff(plan)} or later)",
        tuple(str(deletion) for deletion in plan.deletions) or ("nothing to delete",),
    )


def _set_next_numbers(plan: StepInputs) -> Step:
    # A prevention under rebook-deleted that deletes no booking (§3.9) says so here,
    # as its steps have no deletion step to say it.
    nothing = "; nothing is deleted" if _prevents(plan) and not plan.deletions else ""
    if nothing and plan.double_bookings:  # after the double bookings' deletion step
        nothing = "; nothing else is deleted"
    return Step(
        SET_NEXT_NUMBERS,
        "In the accounting package, set each journal's next booking number (master data, "
        f"journals){nothing}",
        tuple(_next_line(plan, next_number) for next_number in plan.next_numbers)
        or ("nothing to set",),
    )


def _note_settings(plan: StepInputs) -> Step:
    return Step(
        "note-settings",
        "In the invoicing tool, open the accounting integration's settings and write "
        "down its start date and journals",
        (_noted_start(plan), _journals(plan)),
    )


def _deactivate(plan: StepInputs) -> Step:
    return Step(
        "deactivate",
        f"Deactivate the integration with delink date {_cutoff(plan)}; do NOT "
        "delink the contacts and companies",
        tuple(
            f"resets {document.record_name()} of {document.date.isoformat()} "
            f"(#{document.booking_number})"
            for document in plan.to_reset
        ),
    )


def administration(labels: Mapping[str, str]) -> str:
    """The administration the labels name, in words (``"division 1234567, department Gent"``).

    >>> administration({"division": "1234567", "department": "Gent"})
    'division 1234567, department Gent'
    """
    return ", ".join(f"{key} {value}" for key, value in labels.items())


def _reconnect(plan: StepInputs) -> Step:
    # The article's step 12: "select the right department and click on 'Connect Exact Online'".
    named = administration(plan.labels) if plan.labels else "department"
    return Step(
        "reconnect",
        f"Connect the integration again, selecting the right administration ({named}), "
        f"with {_start(plan)} and the same journals; do NOT import companies or contacts",
        (_journals(plan),),
    )


def _synchronise(plan: StepInputs) -> Step:
    return Step(
        SYNCHRONISE,
        "Synchronise the invoices and credit notes, then check that they received "
        "these booking numbers",
        tuple(_predicted_lines(plan)),
    )


def _predicted_lines(plan: StepInputs) -> Iterator[str]:
    """Each sent document with its number; marked where the number is conditional (§3.5).

    The plan's ``configured-number-unknown`` warnings name the documents sent
    into a period whose first number is a configured number nobody knows:
    their lines say from which number the prediction starts. Its
    ``per-year-numbering-assumed`` warnings name the documents sent into a
    period of a per-year journal that the plan sets no number for, while it
    sets another period's: their lines say they hold if the accounting
    package numbers each financial year apart (§5).
    """
    guessed: set[DocumentRef] = set()
    apart: set[DocumentRef] = set()
    for warning in plan.warnings:
        if warning.rule == CONFIGURED_NUMBER_UNKNOWN:
            guessed.update(warning.documents)
        elif warning.rule == PER_YEAR_NUMBERING_ASSUMED:
            apart.update(warning.documents)
    first: dict[Place, int | None] = {}
    for sent in plan.sent:
        ref = sent.document.ref
        if ref not in guessed and ref not in apart:
            yield str(sent)
            continue
        marks = []
        if ref in guessed:
            start = first.setdefault(sent.place, sent.document.booking_number)
            marks.append(
                f"if the accounting package starts there at #{start}: its next booking "
                "number is unknown"
            )
        if ref in apart:
            each = f"numbers each financial year of journal {shown(sent.place.journal)} apart"
            marks.append(f"and if it {each}" if marks else f"if the accounting package {each}")
        yield f"{sent} ({'; '.join(marks)})"


DELETE_DOUBLE_BOOKINGS = "delete-double-bookings"
DELETE_BOOKINGS = "delete-bookings"
SET_NEXT_NUMBERS = "set-next-numbers"
SYNCHRONISE = "synchronise"

#: The steps in the order a person performs them; each key names its step.
_STEPS: tuple[tuple[str, Callable[[StepInputs], Step]], ...] = (
    ("show-booking-numbers", _show_booking_numbers),
    (DELETE_BOOKINGS, _delete_bookings),
    (SET_NEXT_NUMBERS, _set_next_numbers),
    ("note-settings", _note_settings),
    ("deactivate", _deactivate),
    ("reconnect", _reconnect),
    (SYNCHRONISE, _synchronise),
)
STEP_KEYS = tuple(key for key, _ in _STEPS)


def _prevents(plan: StepInputs) -> bool:
    """Whether ``plan`` prevents a collision (§3.9): nothing collides, nothing is booked twice."""
    return not plan.collisions and not plan.double_bookings


def steps_of(plan: StepInputs) -> tuple[Step, ...]:
    """The steps of ``plan``, in order.

    The double bookings' deletions come first (§3.10); then the repair's
    steps when it has a cutoff, or, for a prevention plan (§3.9), one step
    per journal and period whose next number is set; without a cutoff, the
    synchronisation follows when it sends a document, so that the numbers
    the plan predicts (§3.7) are in the checklist whenever it has any (the
    double bookings' deletions alone too). A prevention with a cutoff (``rebook-deleted``
    resets the stale documents) shows no collisions, and lists the bookings
    to delete only when there are any (its next numbers' step then says
    that nothing is deleted).
    """
    steps = [_delete_double_bookings(plan)] if plan.double_bookings else []
    if plan.cutoff is not None:
        steps += [
            write(plan)
            for key, write in _STEPS
            if not (_prevents(plan) and _empty_in_a_prevention(plan, key))
        ]
    elif plan.next_numbers or plan.double_bookings:
        # After the double bookings' deletions, a prevention deletes nothing else.
        nothing = "nothing else is deleted" if plan.double_bookings else "nothing is deleted"
        steps += [_prevent(plan, next_number, nothing) for next_number in plan.next_numbers]
        # The numbers the plan predicts (§3.7) are checked, whatever comes before.
        if plan.sent:
            steps.append(_synchronise(plan))
    return tuple(steps)


def _empty_in_a_prevention(plan: StepInputs, key: str) -> bool:
    """Whether the step ``key`` has nothing in it in a prevention plan (§3.9)."""
    if key == "show-booking-numbers":
        return True  # nothing collides: no documents share a number yet
    if key == DELETE_BOOKINGS:
        return not plan.deletions
    if key == SYNCHRONISE:
        return not plan.sent
    return False


def _delete_double_bookings(plan: StepInputs) -> Step:
    return Step(
        DELETE_DOUBLE_BOOKINGS,
        "In the accounting package, delete these bookings entered by hand: each books a "
        "document the integration booked too (delete nothing else for them)",
        tuple(
            f"{double.place}: #{double.duplicate.booking_number} of "
            f"{double.duplicate.date.isoformat()} (by hand; "
            f"{double.document.record_name()} keeps #{double.booking.booking_number}"
            f"{double.own_year()})"
            for double in plan.double_bookings
        ),
    )


def _now(plan: StepInputs, next_number: NextBookingNumber) -> str:
    """What the journal is set to now, or, when unknown, what to do about it (§3.5)."""
    if next_number.configured is not None:
        return f" (now {next_number.configured})"
    return f" (configured now: {configured_unknown(plan, next_number)})"


def configured_unknown(plan: StepInputs, next_number: NextBookingNumber) -> str:
    """What to do about a next number whose period's configured number is not known (§3.5).

    A per-year journal's one known configured number that is read as another
    financial year's (the latest the sync sends into, or another step's) is
    named as that year's: the person looks up this year's (§5). With two
    years of one journal set, each says which year's to look up.
    """
    number, year = next_number.number, next_number.financial_year
    if year is not None:
        read = configured_read_elsewhere(plan.next_numbers, plan.sent, plan.warnings)
        elsewhere = read.get(next_number.journal)
        if elsewhere is not None and elsewhere[1] != year:
            return (
                f"{elsewhere[0]} is financial year {elsewhere[1]}'s; look up financial year "
                f"{year}'s (master data, journals) and set it to {number}"
            )
        if sum(other.journal == next_number.journal for other in plan.next_numbers) > 1:
            return (
                f"unknown: look up financial year {year}'s (master data, journals) and set it "
                f"to {number}"
            )
    return f"unknown: look it up (master data, journals) and set it to {number}"


def _prevent(plan: StepInputs, next_number: NextBookingNumber, nothing: str) -> Step:
    now = _now(plan, next_number)
    return Step(
        SET_NEXT_NUMBERS,
        f"Before the next synchronisation, set the next booking number of {next_number.place} "
        f"to {next_number.number} in the accounting package (master data, journals); "
        f"{nothing}",
        (f"{next_number.place}: {next_number.number}{now}",),
    )


def _next_line(plan: StepInputs, next_number: NextBookingNumber) -> str:
    now = _now(plan, next_number)
    return f"{next_number.place}: {next_number.number}{now}"

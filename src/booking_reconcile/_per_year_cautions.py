"""The caution of a per-year journal whose plan sets one period's number and sends into another.

DOMAIN §5: a journal numbered per financial year may have a next booking
number per financial year in the accounting package; the snapshot knows one
configured number, which describes the latest period the synchronisation
sends into (a repair) or the period a prevention's step sets (§3.5). Where
the plan sets the next number of one period of such a journal and the
synchronisation also sends documents into another period of it that the plan
sets no number for, the checklist predicts that other period's numbers as if
the accounting package numbered each financial year apart. If it keeps one
next number for the journal, those predictions are wrong, and §3.5 says the
checklist never tells a person to set a number its own prediction then
contradicts: the rule :func:`per_year_numbering_assumed` says so, naming the
documents whose lines the checklist marks (steps.py), and
:func:`configured_read_elsewhere` tells the steps whose number a step's
"configured now" is when it is another period's.
"""

from __future__ import annotations

__all__ = [
    "PER_YEAR_NUMBERING_ASSUMED",
    "configured_read_elsewhere",
    "described_places",
    "per_year_numbering_assumed",
    "predicted_there",
]

import re
from collections.abc import Iterable, Iterator, Sequence

from .errors import shown
from .models import DocumentRef
from .next_numbers import NextBookingNumber
from .periods import Place, latest_places
from .plan_facts import Finding, PlanFacts
from .resend import Sent

#: The rule of the warning; the checklist marks the predicted lines of the documents it names.
PER_YEAR_NUMBERING_ASSUMED = "per-year-numbering-assumed"

#: How the warning says which period a journal's one known configured number is read as;
#: :func:`configured_read_elsewhere` reads it back (a plan read from JSON has no snapshot).
_READ_AS = re.compile(r"configured next booking number, (\d+), is read as financial year (\d+)'s")


def described_places(facts: PlanFacts) -> dict[str, Place]:
    """The period each journal's one configured number describes, as the simulated sync reads it.

    §3.5: the latest period the sync sends into (refused or not) or a step
    sets; in a prevention plan (no cutoff), for a journal with a step, the
    latest period its steps set.
    """
    stepped = [next_number.place for next_number in facts.next_numbers]
    prevented = {place.journal for place in stepped} if facts.cutoff is None else set()
    return latest_places(
        (
            *stepped,
            *(
                each.place
                for each in (*facts.sent, *facts.refused, *facts.overflow)
                if each.place.journal not in prevented
            ),
        )
    )


def predicted_there(sent: Sequence[Sent]) -> str:
    """What the checklist predicts for the documents sent into one place, in resend order."""
    first, last = sent[0].document, sent[-1].document
    if len(sent) == 1:
        return (
            f"#{first.booking_number} for {first.record_name()}, the one document the "
            "synchronisation sends there"
        )
    return (
        f"#{first.booking_number} to #{last.booking_number} for the {len(sent)} documents "
        f"the synchronisation sends there ({first.record_name()} first)"
    )


def per_year_numbering_assumed(facts: PlanFacts) -> Iterator[Finding]:
    """Each period of a per-year journal predicted apart from the period the plan sets (§3.5, §5).

    Where the plan sets the next number of one financial year of a journal
    and the synchronisation sends documents into another year of it that
    the plan sets no number for, the other year's numbers are predicted from
    its own highest number (or, in a repair, from the configured number when
    that year is the latest the sync sends into): they hold only if the
    accounting package numbers each financial year apart.
    """
    steps: dict[str, list[NextBookingNumber]] = {}
    for next_number in facts.next_numbers:
        if next_number.financial_year is not None:
            steps.setdefault(next_number.journal, []).append(next_number)
    if not steps:
        return
    stepped = {next_number.place for next_number in facts.next_numbers}
    by_place: dict[Place, list[Sent]] = {}
    for sent in facts.sent:  # in resend order: each place's numbers ascend
        if sent.place.journal in steps and sent.place not in stepped:
            by_place.setdefault(sent.place, []).append(sent)
    described = described_places(facts)  # a journal with a step has one
    for place in sorted(by_place, key=Place.order):
        there = by_place[place]
        yield Finding(
            PER_YEAR_NUMBERING_ASSUMED,
            _message(facts, place, there, steps[place.journal], described[place.journal]),
            tuple(sent.document.ref for sent in there),
        )


def _message(
    facts: PlanFacts,
    place: Place,
    there: Sequence[Sent],
    steps: Sequence[NextBookingNumber],
    described: Place,
) -> str:
    journal = shown(place.journal)
    if len(steps) == 1:
        (step,) = steps
        set_ = (
            f"financial year {step.financial_year}, whose next booking number the checklist "
            f"sets to {step.number}"
        )
    else:
        set_ = "the financial years whose next booking numbers the checklist sets (" + (
            ", ".join(f"{step.financial_year} to {step.number}" for step in steps) + ")"
        )
    configured = facts.snapshot.journal(place.journal).next_booking_number
    own = f"; financial year {place.financial_year} is numbered from its own highest number"
    if configured is None:
        read = f"journal {journal}'s configured next booking number is not known{own}"
    else:
        read = (
            f"journal {journal}'s configured next booking number, {configured}, is read as "
            f"financial year {described.financial_year}'s"
        )
        if described == place:
            read += ", the latest the synchronisation sends into"
        elif facts.cutoff is None:
            read += f", the period its step sets{own}"
        else:
            read += f", the latest the synchronisation sends into or sets a number for{own}"
    return (
        f"{place}: the checklist predicts {predicted_there(there)}, numbering financial year "
        f"{place.financial_year} apart from {set_}: {read}. If the accounting package keeps "
        f"one next booking number for journal {journal} rather than one per financial year, "
        f"the documents of financial year {place.financial_year} get other numbers than the "
        "checklist predicts (its lines there say so): check in the accounting package "
        f"(master data, journals) how journal {journal} numbers its financial years before "
        "you synchronise"
    )


def configured_read_elsewhere(
    next_numbers: Iterable[NextBookingNumber],
    sent: Iterable[Sent],
    warnings: Iterable[Finding],
) -> dict[str, tuple[int, int]]:
    """Each per-year journal's known configured number and the financial year it is read as.

    From a plan's fields alone (a plan read from JSON has no snapshot): a
    step whose ``configured`` is known, or this module's warning, which names
    the number and the year.
    """
    read: dict[str, tuple[int, int]] = {}
    for next_number in next_numbers:
        if next_number.configured is not None and next_number.financial_year is not None:
            read[next_number.journal] = (next_number.configured, next_number.financial_year)
    journal_of: dict[DocumentRef, str] = {each.document.ref: each.place.journal for each in sent}
    for warning in warnings:
        if warning.rule != PER_YEAR_NUMBERING_ASSUMED or not warning.documents:
            continue
        journal = journal_of.get(warning.documents[0])
        found = _READ_AS.search(warning.message)
        if journal is not None and found is not None:
            read.setdefault(journal, (int(found[1]), int(found[2])))
    return read

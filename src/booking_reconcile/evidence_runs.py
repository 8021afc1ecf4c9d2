"""Is each journal's run of numbers one administration's? (DOMAIN §3.8, §3.10)

The accounting package hands out a journal's next booking number, the
highest + 1 in its journal and numbering period, to the integration's
bookings and to entries by hand alike: one administration's numbers form one
run, and a double booking (§3.10) entered by hand takes the journal's next
number. Another administration's or department's bookings exported with
these (an export of every administration without its column, two exports
pasted together) are numbered in a run of their own, and where their
references repeat this administration's document numbers (Teamleader numbers
invoices per department) they read as double bookings: the plan would
delete them and number on from them.

The evidence: two or more double bookings in a place, and every booking
above a gap in the place's numbers (no booking carries a number inside it,
no document one inside or above it) an entry with a reference that names a document booked
below the gap or no document read (the other administration's own
documents: departments do not have equal counts), the gap at least
:data:`GAP_AT_LEAST` numbers wide and wider than the place's count of
bookings. Entries by hand after a configured jump of the journal's next
number do not show it: the integration's own bookings lie above that jump
too, or, when nothing was synchronised since, the journal's configured next
number (``Journal.next_booking_number``, known) lies past the first number
above the gap: the journal numbers up there now, and another
administration's bookings pasted in do not move it. A stale document's
number fills a gap its deleted booking left. A blocker naming the place, the
gap, the entries and the documents they seem to double; a warning when the
caller says the accounting side is complete on purpose
(``bookings_complete=True``). Composed with the other rules in
:mod:`booking_reconcile.findings`.
"""

from __future__ import annotations

__all__ = [
    "DOUBLES_AT_LEAST",
    "GAP_AT_LEAST",
    "RunApart",
    "another_administration",
    "another_administration_ruled_out",
    "per_year_numbering_likely",
    "runs_apart",
]

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise

import attrs

from ._index import index_of
from .errors import quoted
from .evidence import collisions_across_years, references_naming_nothing
from .models import Booking, Document, DocumentRef
from .next_numbers import configured_numbers
from .periods import Place, financial_year
from .plan_facts import Finding, PlanFacts
from .snapshot import Snapshot

#: Fewer double bookings than this in a place are §3.10's entries by hand, whatever their numbers.
DOUBLES_AT_LEAST = 2
#: A gap narrower than this (or than the place's count of bookings) is no evidence.
GAP_AT_LEAST = 10


@attrs.frozen
class RunApart:
    """Entries numbered apart from their place's run: above a gap, each naming a document below it.

    ``below`` is the highest number under the gap; ``entries`` are the
    bookings above it (in number order) with the documents their references
    name (``None``: a reference that names no document read); ``doubles``
    how many of them are double bookings; ``bookings`` the place's count of
    bookings; ``configured_known`` whether the journal's configured next
    number is known (describing the place, it lies below the gap's first
    number above).
    """

    place: Place
    below: int
    entries: tuple[tuple[Booking, Document | None], ...]
    doubles: int
    bookings: int
    configured_known: bool = True

    @property
    def documents(self) -> tuple[DocumentRef, ...]:
        """The documents the entries seem to double, once each, in the entries' order."""
        return tuple(
            dict.fromkeys(document.ref for _, document in self.entries if document is not None)
        )

    def describe(self) -> str:
        """What the evidence is: the place, the gap, the entries and their documents."""
        first, last = self.entries[0][0].booking_number, self.entries[-1][0].booking_number
        named = ", ".join(_named(booking, document) for booking, document in self.entries)
        nothing = any(document is None for _, document in self.entries)
        return (
            f"{self.place}: bookings #{first} to #{last} ({len(self.entries)}) lie above a gap "
            f"in its numbers (nothing between #{self.below} and #{first}: "
            f"{first - self.below - 1} numbers, more than its {self.bookings} bookings), and "
            f"each of them names a document booked below it"
            f"{' or no document read' if nothing else ''} ({named})"
        )


def _named(booking: Booking, document: Document | None) -> str:
    if document is None:
        return (
            f"#{booking.booking_number} has the reference {quoted(booking.reference)}, "
            "which names no document read"
        )
    return f"#{booking.booking_number} names {document.record_name()} (#{document.booking_number})"


def runs_apart(facts: PlanFacts) -> tuple[RunApart, ...]:
    """Each place whose double bookings' entries are numbered in a run apart (bookings given).

    >>> from datetime import date
    >>> from booking_reconcile import Booking, Integration, Invoice, Snapshot, plan_repair
    >>> a, b = Invoice("1", date(2026, 1, 5), 1), Invoice("2", date(2026, 1, 6), 2)
    >>> plan = plan_repair(Snapshot(Integration("70", "71"), [a, b], bookings=[
    ...     Booking("70", 1, a.date, reference="1"), Booking("70", 2, b.date, reference="2"),
    ...     Booking("70", 2001, a.date, reference="1"),  # another administration's
    ...     Booking("70", 2002, b.date, reference="2")]))
    >>> plan.feasible, [blocker.rule for blocker in plan.blockers]
    (False, ['another-administration'])
    """
    doubles = facts.double_bookings
    if len(doubles) < DOUBLES_AT_LEAST:
        return ()  # the usual case: nothing to read
    counted = Counter(double.place for double in doubles)
    found = []
    for place in sorted(counted, key=Place.order):
        if counted[place] >= DOUBLES_AT_LEAST:
            run = _run_apart(facts, place)
            if run is not None:
                found.append(run)
    return tuple(found)


def _run_apart(facts: PlanFacts, place: Place) -> RunApart | None:
    """The lowest gap of ``place`` above which every booking is an entry naming a document below.

    Or naming no document read; ``None`` too when the journal's configured
    next number lies past the first number above the gap.
    """
    index = index_of(facts.snapshot)
    mine = [
        (booking, index.named_by_reference(position) if document is None else None, document)
        for position, (booking, where, document) in enumerate(index.linked_bookings())
        if where == place
    ]
    carried = [
        document.booking_number
        for document, where in index.placed_documents()
        if where == place and document.booking_number is not None
    ]
    numbers = sorted({booking.booking_number for booking, _, _ in mine} | set(carried))
    wide = max(GAP_AT_LEAST, len(mine) + 1)
    duplicates = {double.duplicate for double in facts.double_bookings}
    nothing = {booking for booking, _ in references_naming_nothing(facts.snapshot)}
    highest_carried = max(carried, default=0)
    for lower, upper in pairwise(numbers):
        if upper - lower - 1 < wide:
            continue
        above = sorted(
            (item for item in mine if item[0].booking_number >= upper),
            key=lambda item: item[0].booking_number,
        )
        entries = [
            (booking, named)
            for booking, named, document in above
            if document is None
            and booking.reference is not None
            and (
                named.booking_number is not None
                and named.booking_number <= lower
                and index.place(named) == place
                if named is not None
                else booking in nothing
            )
        ]
        doubled = sum(1 for booking, _ in entries if booking in duplicates)
        if len(entries) == len(above) and doubled >= DOUBLES_AT_LEAST and highest_carried <= lower:
            configured = _configured(facts, place)
            if configured is None or configured <= upper:
                known = facts.snapshot.journal(place.journal).next_booking_number is not None
                return RunApart(place, lower, tuple(entries), doubled, len(mine), known)
            # The journal numbers above this gap now: its own entries; a gap higher up may be
            # another administration's still.
    return None


def _configured(facts: PlanFacts, place: Place) -> int | None:
    """The journal's configured next number, when known and describing ``place`` (its latest)."""
    if facts.snapshot.journal(place.journal).next_booking_number is None:
        return None  # usually
    index = index_of(facts.snapshot)
    places = {where for _, where in index.placed_bookings()}
    places.update(where for _, where in index.placed_documents())
    return configured_numbers(facts.snapshot, places).get(place)


_ANOTHER = (
    ": the accounting package numbers one administration's journal in one run (the highest + "
    "1, entries by hand too), so these look like another administration's or department's "
    "bookings exported with these (Teamleader numbers invoices per department), not entries by "
    "hand; the plan would delete {doubled} as double bookings and number on from them. Export "
    "the bookings of one administration only (with its Division column); if they really are "
    "entries by hand in this administration, say the accounting side is complete on purpose "
    "(bookings_complete=True, --bookings-complete)"
)
_NOT_KNOWN = (
    "; if the journal's next number was set to a new start below them, give the journal's "
    "configured next booking number (Journal.next_booking_number, --journals): one past "
    "#{upper} shows the run is this journal's"
)


def another_administration(facts: PlanFacts) -> Iterator[Finding]:
    """Double bookings' entries numbered in a run apart: another administration's bookings?"""
    if facts.snapshot.bookings_complete:
        return
    for run in runs_apart(facts):
        doubled = "them" if run.doubles == len(run.entries) else f"{run.doubles} of them"
        message = run.describe() + _ANOTHER.format(doubled=doubled)
        if not run.configured_known:
            message += _NOT_KNOWN.format(upper=run.entries[0][0].booking_number)
        yield Finding("another-administration", message, run.documents)


def another_administration_ruled_out(facts: PlanFacts) -> Iterator[Finding]:
    """The same, when the caller says the accounting side is complete: a warning."""
    if not facts.snapshot.bookings_complete:
        return
    for run in runs_apart(facts):
        yield Finding(
            "another-administration",
            f"{run.describe()}: taken as entries by hand in this administration (the "
            "accounting side is complete on purpose): the plan deletes the double bookings "
            "among them",
            run.documents,
        )


# -- a collision across financial years: a journal numbered per year? -----------------


def per_year_numbering_likely(facts: PlanFacts) -> Iterator[Finding]:
    """A collision across financial years of a continuous journal: per-year numbering?

    Likely where the later year's numbers start again (its lowest number at or
    below the earlier year's lowest); where they run on from the earlier
    year's, a booking deleted and its number handed out again is: then the
    warning says a restart is unlikely and to repair the collision.
    """
    for collision, years in collisions_across_years(facts.snapshot, facts.collisions):
        listed = ", ".join(map(str, years))
        head = (
            f"{collision.message}, but they fall in financial years {listed} of "
            f"{collision.place}, which is read as numbered continuously"
        )
        describe = "--journals with numbering per_financial_year, Numbering.PER_FINANCIAL_YEAR"
        run_on = _runs_on(facts.snapshot, collision.place.journal, years)
        if run_on is None:
            text = (
                f"{head}: if the journal restarts its numbers each financial year (a likely "
                f"cause), describe it so ({describe}) and there is no collision to repair"
            )
        else:
            earlier, later, low_earlier, low_later = run_on
            text = (
                f"{head}; its numbers of {later} run on from {earlier}'s (from #{low_later}, "
                f"above #{low_earlier}, where {earlier}'s begin), so a restart each financial "
                "year is unlikely: repair the collision, unless the accounting package shows "
                f"journal {collision.place.journal} numbering each financial year apart (then "
                f"describe it so: {describe})"
            )
        yield Finding(
            "per-year-numbering", text, tuple(document.ref for document in collision.documents)
        )


def _runs_on(snapshot: Snapshot, journal: str, years: tuple[int, ...]) -> tuple[int, ...] | None:
    """Two years of ``journal`` whose later one's documents' numbers start above the earlier's.

    (earlier year, later year, the earlier's lowest number, the later's), or
    ``None`` where every later year starts again at or below the year before.
    """
    month = snapshot.integration.financial_year_start_month
    lowest: dict[int, int] = {}
    for document in snapshot.documents:
        number = document.booking_number
        if number is None or snapshot.journal_of(document) != journal:
            continue
        year = financial_year(document.date, month)
        if year in years and number < lowest.get(year, number + 1):
            lowest[year] = number
    for earlier, later in pairwise(years):
        if earlier in lowest and later in lowest and lowest[later] > lowest[earlier]:
            return (earlier, later, lowest[earlier], lowest[later])
    return None

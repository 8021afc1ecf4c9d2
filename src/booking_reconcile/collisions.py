"""Collisions (DOMAIN §3.1): what the error message is about.

A **collision** is two or more documents that carry the same booking number in
the same journal and numbering period. The invoicing tool reports it as *"The
invoices X and Y have the same booking number"*. Of a collision's documents,
the **holder** really owns the number in the accounting package; the others
are **stale**: their bookings were deleted there, but they kept the number.

Worked example A of DOMAIN.md: B's booking #1002 was deleted, so the next
document sent, C, was given #1002 again.

>>> from datetime import date
>>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
>>> a = Invoice("A", date(2026, 1, 5), 1001)
>>> b = Invoice("B", date(2026, 1, 6), 1002)
>>> c = Invoice("C", date(2026, 1, 10), 1002)
>>> d = Invoice("D", date(2026, 1, 12), 1003)
>>> bookings = [Booking("70", n, x.date, x.ref) for n, x in [(1001, a), (1002, c), (1003, d)]]
>>> snapshot = Snapshot(Integration("70", "71"), [a, b, c, d], bookings=bookings)
>>> (collision,) = find_collisions(snapshot)
>>> collision.message
'The invoices B and C have the same booking number'
>>> collision.holder.number, [document.number for document in collision.stale]
('C', ['B'])
"""

from __future__ import annotations

__all__ = ["Collision", "Collisions", "collision_message", "find_collisions"]

from collections.abc import Iterable, Sequence

import attrs

from . import _checks
from ._groups import place_order
from ._index import index_of
from ._lookups import booking_numbers, positions_of, unlinked_documents
from ._presentation import to_html, to_markdown
from .errors import InvalidValueError
from .models import CreditNote, Document, Invoice
from .ordering import sync_order
from .periods import Place
from .snapshot import Snapshot


@attrs.frozen
class Collision:
    """Documents that carry one booking number in one journal and period.

    ``documents`` are in sync order; ``holder`` is the document whose booking
    exists in the accounting package (``None`` when none does).
    """

    journal: str
    financial_year: int | None
    booking_number: int
    documents: tuple[Document, ...]
    holder: Document | None

    @property
    def message(self) -> str:
        """The invoicing tool's error message for this collision."""
        return collision_message(self.documents)

    @property
    def stale(self) -> tuple[Document, ...]:
        """The documents that carry the number without owning it."""
        return tuple(document for document in self.documents if document is not self.holder)

    @property
    def place(self) -> Place:
        """The journal and numbering period of the collision."""
        return Place(self.journal, self.financial_year)

    def __str__(self) -> str:
        return f"{self.message} (#{self.booking_number} in {self.place})"

    def describe(self) -> str:
        """One line: the message, the number and place, and who holds the number.

        >>> from datetime import date
        >>> from booking_reconcile import Invoice
        >>> a, b = Invoice("A", date(2026, 1, 6), 1002), Invoice("B", date(2026, 1, 10), 1002)
        >>> print(Collision("70", None, 1002, (a, b), b).describe())
        The invoices A and B have the same booking number (#1002 in journal 70; holder invoice B)
        """
        holder = (
            f"holder {self.holder.record_name()}"
            if self.holder is not None
            else "no holder: no booking with this number exists"
        )
        return f"{self.message} (#{self.booking_number} in {self.place}; {holder})"

    def _repr_markdown_(self) -> str:
        """The message and a table of the documents, for Jupyter to display."""
        return to_markdown(self)

    def _repr_html_(self) -> str:
        """The message and an HTML table of the documents."""
        return to_html(self)


class Collisions(tuple[Collision, ...]):
    """The collisions :func:`find_collisions` returns: a tuple that displays as a table.

    It is a plain tuple in every other respect (it compares equal to one);
    ``str()`` gives one line per collision, and Jupyter shows a table.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return "\n".join(str(collision) for collision in self) or "no collisions"

    def _repr_markdown_(self) -> str:
        """A count and a table of the collisions, for Jupyter to display."""
        return to_markdown(self)

    def _repr_html_(self) -> str:
        """A count and an HTML table of the collisions."""
        return to_html(self)


def collision_message(documents: Sequence[Document]) -> str:
    """The invoicing tool's wording for documents that share a booking number.

    >>> from datetime import date
    >>> from booking_reconcile import CreditNote, Invoice
    >>> day = date(2026, 1, 5)
    >>> collision_message([CreditNote(n, day) for n in ["C1", "C4", "C7"]])
    'The credit notes C1, C4 and C7 have the same booking number'
    >>> collision_message([Invoice("2026/5", day), CreditNote("C3", day)])
    'The invoice 2026/5 and the credit note C3 have the same booking number'
    """
    expected = "a list or tuple of two or more Invoice and CreditNote records"
    listed = _checks.argument("documents", documents, (list, tuple), expected)
    for at, document in enumerate(listed):
        _checks.argument(
            f"documents[{at}]",
            document,
            (Invoice, CreditNote),
            expected,
            problem="is not a document",
        )
    if len(listed) < 2:
        raise InvalidValueError(
            "the argument", "documents", documents, "are fewer than two documents", expected
        )
    kinds = {document.kind for document in documents}
    if len(kinds) == 1:
        (kind,) = kinds
        names = [document.number for document in documents]
        return f"The {kind.plural} {_enumerate(names)} have the same booking number"
    names = [f"the {document.kind.label} {document.number}" for document in documents]
    subject = _enumerate(names)
    return f"{subject[0].upper()}{subject[1:]} have the same booking number"


def _enumerate(names: Sequence[str]) -> str:
    return f"{', '.join(names[:-1])} and {names[-1]}"


def find_collisions(snapshot: Snapshot) -> tuple[Collision, ...]:
    """Every collision, ordered by journal, financial year and booking number.

    The holder is the document whose booking exists when the snapshot has
    bookings; without bookings it is the last document in sync order (the
    accounting package handed the number out last to it).
    """
    return index_of(snapshot).remember(find_collisions, lambda: _collisions(snapshot))


def _collisions(snapshot: Snapshot) -> Collisions:
    index = index_of(snapshot)
    # One dict of numbers per place: no (place, number) tuple per document.
    firsts: dict[Place, dict[int, Document]] = {}
    shared: dict[tuple[Place, int], list[Document]] = {}
    for document, place in _suspects(snapshot):
        number = document.booking_number
        if number is None:
            continue
        numbers = firsts.get(place)
        if numbers is None:
            numbers = firsts[place] = {}
        first = numbers.setdefault(number, document)
        if first is not document:
            shared.setdefault((place, number), [first]).append(document)
    collisions = []
    for (place, number), members in shared.items():
        ordered = tuple(sync_order(members))
        if snapshot.has_bookings:
            owners = [document for document in ordered if index.booking(document)]
            holder = owners[0] if owners else None
        else:
            holder = ordered[-1]
        collisions.append(Collision(place.journal, place.financial_year, number, ordered, holder))
    if len(collisions) > 1:
        collisions.sort(key=lambda c: (*place_order(c.place), c.booking_number))
    return Collisions(collisions)


def _suspects(snapshot: Snapshot) -> Iterable[tuple[Document, Place]]:
    """The documents that may share a number, with their places.

    Without bookings, every document. With them, a collision holds a
    document that no booking books: the snapshot allows one booking per
    number and place, and a booking carries its document's number and
    place. So only those documents (usually none, or a few) and the
    documents booked under their numbers can collide: the bookings carrying
    those numbers are searched for in C, and usually there are none.
    (Which comes first does not matter: a collision's documents are put in
    sync order, the collisions in order of place and number.)
    """
    index = index_of(snapshot)
    if not snapshot.has_bookings:
        return index.placed_documents()
    suspects = [
        document for document in unlinked_documents(snapshot) if document.booking_number is not None
    ]
    if not suspects:
        return ()
    numbers = booking_numbers(snapshot)
    shared = {document.booking_number or 0 for document in suspects}.intersection(numbers)
    if shared:
        documents, document_of = snapshot.documents, index.links.document_of
        booked = [document_of[position] for position in positions_of(numbers, shared)]
        suspects += [documents[position] for position in booked if position >= 0]
    return [(document, index.place(document)) for document in suspects]

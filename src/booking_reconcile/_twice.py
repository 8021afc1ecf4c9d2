"""What to do about one document listed twice (private; DOMAIN §6).

Two identical rows are one document listed twice: a copy to remove. Two
rows of one number that differ (another date, another booking number) are
no copies: most often the documents of two departments or administrations,
whose numbers repeat (Teamleader numbers each department's documents apart),
read as one. Removing "the extra copy" would keep one department's document
at random, so the advice says to read one department instead.
"""

from __future__ import annotations

__all__ = ["differences", "listed_twice"]

from .models import Document


def differences(first: Document, second: Document, *, dates: bool = True) -> str:
    """How two documents of one number differ, in words (empty when they do not).

    ``dates=False`` leaves their dates out, where the message names them already.
    """
    found = []
    if dates and first.date != second.date:
        found.append(f"dated {first.date.isoformat()} and {second.date.isoformat()}")
    if first.booking_number != second.booking_number:
        numbers = [
            "none" if document.booking_number is None else str(document.booking_number)
            for document in (first, second)
        ]
        found.append(f"booking numbers {numbers[0]} and {numbers[1]}")
    return ", ".join(found)


def listed_twice(first: Document, second: Document, where: str = "", *, dates: bool = True) -> str:
    """The advice for ``first`` and ``second``, one number listed twice (``where``: " from the input").

    They differ when their dates or booking numbers do (``dates=False``: the
    dates are not written again, but still tell copies apart).

    >>> from datetime import date
    >>> from booking_reconcile import Invoice
    >>> listed_twice(Invoice("1", date(2026, 1, 5), 7), Invoice("1", date(2026, 1, 5), 7))
    'each document must be listed once: remove the extra copy'
    >>> print(listed_twice(Invoice("1", date(2026, 1, 5), 7), Invoice("1", date(2026, 1, 5), 9)))
    they are no copies (booking numbers 7 and 9): documents of two departments or administrations, whose numbers repeat (Teamleader numbers each department apart)? read one department's overview (its department column chooses one: department=, --department); if they are one document, keep the copy the invoicing tool shows
    """
    if differences(first, second) == "":
        return f"each document must be listed once: remove the extra copy{where}"
    differ = differences(first, second, dates=dates)
    return (
        f"they are no copies{f' ({differ})' if differ else ''}: documents of two departments or administrations, "
        "whose numbers repeat (Teamleader numbers each department apart)? read one "
        "department's overview (its department column chooses one: department=, "
        "--department); if they are one document, keep the copy the invoicing tool shows"
    )

"""How a snapshot shows itself: a short repr, and a summary table in a notebook.

The generated repr of a snapshot of 5,000 invoices spelled out every record
(1.37 MB of text). A snapshot's repr counts instead: the documents per kind,
the bookings, and the same per journal, with the labels that name the
administration; in a notebook (``_repr_html_``) the same counts are a table,
one row per journal, beside the journal's settings:

>>> from datetime import date
>>> from booking_reconcile import Booking, CreditNote, Integration, Invoice, Snapshot
>>> first, credit = Invoice("2026/1", date(2026, 1, 5), 1001), CreditNote("C1", date(2026, 1, 7), 4)
>>> snapshot = Snapshot(
...     Integration("70", "71"),
...     [first, Invoice("2026/2", date(2026, 1, 6)), credit],
...     bookings=[Booking("70", 1001, first.date, first.ref), Booking("71", 4, credit.date, credit.ref)],
...     labels={"division": "1234567"},
... )
>>> snapshot
<Snapshot {'division': '1234567'}: 2 invoices, 1 credit note, 2 bookings; journal 70: 2 invoices (1 booked), 1 booking; journal 71: 1 credit note (1 booked), 1 booking>
>>> Snapshot(Integration("70", "71"), [first])
<Snapshot: 1 invoice, bookings unknown; journal 70: 1 invoice (1 booked)>
>>> "<td>70</td><td>continuous</td><td>2</td><td>0</td><td>1</td><td>1</td>" in snapshot._repr_html_()
True
"""

from __future__ import annotations

__all__ = ["snapshot_summary", "snapshot_to_html"]

import html
from collections import Counter
from collections.abc import Mapping, Sequence

from . import _presentation
from .errors import quoted
from .models import DocumentKind, Journal, Numbering
from .snapshot import Snapshot

_KINDS = ((DocumentKind.INVOICE, "invoice"), (DocumentKind.CREDIT_NOTE, "credit note"))
_HEADER = (
    "journal",
    "numbering",
    "invoices",
    "credit notes",
    "booked",
    "bookings",
    "next booking number",
    "locked until",
)


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _journal_counts(snapshot: Snapshot) -> dict[str, Counter[str]]:
    """Per journal code: its invoices, credit notes, booked documents and bookings."""
    counts: dict[str, Counter[str]] = {code: Counter() for code in snapshot.journal_codes}
    for document in snapshot.documents:
        counted = counts.setdefault(snapshot.journal_of(document), Counter())
        counted[document.kind.value] += 1
        counted["booked"] += document.booking_number is not None
    for booking in snapshot.bookings or ():
        counts.setdefault(booking.journal, Counter())["bookings"] += 1
    return dict(sorted(counts.items()))


def _kinds(counted: Mapping[str, int]) -> list[str]:
    return [_count(counted[kind.value], word) for kind, word in _KINDS if counted.get(kind.value)]


def _labels(snapshot: Snapshot) -> str:
    if not snapshot.labels:
        return ""
    # In their order, each quoted short (reprlib would sort a whole dict's keys).
    return " {" + ", ".join(f"{quoted(k)}: {quoted(v)}" for k, v in snapshot.labels.items()) + "}"


@_presentation.to_summary.register(Snapshot)
def snapshot_summary(snapshot: Snapshot) -> str:
    """The snapshot in one line: its labels, and its documents and bookings in all and per journal."""
    counts = _journal_counts(snapshot)
    total: Counter[str] = Counter()
    for counted in counts.values():
        total.update(counted)
    whole = _kinds(total) or ["no documents"]
    known = snapshot.bookings is not None
    whole.append(_count(total["bookings"], "booking") if known else "bookings unknown")
    journals = []
    for code, counted in counts.items():
        parts = _kinds(counted)
        if parts:
            parts[-1] += f" ({counted['booked']} booked)"
        if known and (parts or counted["bookings"]):
            parts.append(_count(counted["bookings"], "booking"))
        if parts:  # a journal of the integration that holds nothing is left out
            journals.append(f"journal {code}: {', '.join(parts)}")
    return f"Snapshot{_labels(snapshot)}: " + "; ".join([", ".join(whole), *journals])


def _journal_row(snapshot: Snapshot, code: str, counted: Mapping[str, int]) -> list[object]:
    configured = {journal.code: journal for journal in snapshot.journals}
    journal = configured.get(code, Journal(code))
    return [
        code,
        "per financial year" if journal.numbering is Numbering.PER_FINANCIAL_YEAR else "continuous",
        counted.get(DocumentKind.INVOICE.value, 0),
        counted.get(DocumentKind.CREDIT_NOTE.value, 0),
        counted.get("booked", 0),
        counted.get("bookings", 0) if snapshot.bookings is not None else None,
        journal.next_booking_number,
        journal.locked_until,
    ]


def _html_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    def cell(value: object) -> str:
        return "—" if value is None else html.escape(str(value))

    head = "".join(f"<th>{html.escape(title)}</th>" for title in header)
    body = "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>"


@_presentation.to_html.register(Snapshot)
def snapshot_to_html(snapshot: Snapshot) -> str:
    """The snapshot as HTML: its labels and integration, then a table of its journals."""
    integration = snapshot.integration
    facts = [
        f"invoices in journal {integration.invoice_journal}",
        f"credit notes in journal {integration.credit_note_journal}",
        f"start date {integration.start_date or 'not recorded'}",
        f"financial year from month {integration.financial_year_start_month}",
    ]
    if snapshot.bookings is None:
        facts.append("the accounting side's bookings are unknown")
    named = ", ".join(f"{key}: {value}" for key, value in snapshot.labels.items())
    title = "<strong>Snapshot</strong>" + (f" ({html.escape(named)})" if named else "")
    rows = [_journal_row(snapshot, code, c) for code, c in _journal_counts(snapshot).items()]
    return f"<p>{title}: {html.escape('; '.join(facts))}</p>\n" + _html_table(_HEADER, rows)

"""Each record's rows and sentences, built once for every layout (private).

The Markdown, text, HTML and spreadsheet layouts only lay out what this
module builds: the header and rows of each table (a collision's documents,
the collisions, stale documents, the bookings to delete, the next numbers,
the sync's changes) and the sentences of the summaries (what was read, what
is wrong, what to do, what the policy means, ``check``'s last line).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter

from booking_reconcile import verdict as _verdict
from booking_reconcile._index import index_of
from booking_reconcile.collisions import Collision
from booking_reconcile.confirmation import Confirmation, Deviation, Unchecked
from booking_reconcile.cutoff import CutoffPolicy
from booking_reconcile.errors import quoted
from booking_reconcile.findings import Finding
from booking_reconcile.models import Document, DocumentKind, DocumentRef
from booking_reconcile.repair_plan import RepairPlan, require_plan
from booking_reconcile.resend import Sent
from booking_reconcile.snapshot import Snapshot
from booking_reconcile.steps import (
    DELETE_BOOKINGS,
    SET_NEXT_NUMBERS,
    Step,
    administration,
    configured_unknown,
)
from booking_reconcile.verdict import CheckVerdict

# -- the rows of each record's tables -------------------------------------------

Rows = tuple[tuple[str, ...], list[tuple[object, ...]]]


def collision_document_rows(collision: Collision) -> Rows:
    """Each document of ``collision``: its name, date, number, and role (holder or stale)."""
    header = ("document", "date", "booking number", "role")
    rows: list[tuple[object, ...]] = [
        (
            document.record_name(),
            document.date.isoformat(),
            document.booking_number,
            "holder" if document == collision.holder else "stale",
        )
        for document in collision.documents
    ]
    return header, rows


def collision_rows(collisions: Sequence[Collision]) -> Rows:
    """One row per collision: its place, number, message and holder."""
    header = ("journal", "financial year", "booking number", "message", "holder")
    rows: list[tuple[object, ...]] = [
        (
            c.journal,
            c.financial_year,
            c.booking_number,
            c.message,
            None if c.holder is None else c.holder.record_name(),
        )
        for c in collisions
    ]
    return header, rows


def stale_rows(documents: Sequence[Document]) -> Rows:
    """One row per stale document: its name, date and booking number."""
    header = ("document", "date", "booking number")
    rows: list[tuple[object, ...]] = [
        (d.record_name(), d.date.isoformat(), d.booking_number) for d in documents
    ]
    return header, rows


def stale_check_rows(verdict: CheckVerdict) -> Rows:
    """Each stale document ``check`` found: its place, and whether the next sync hands its number out."""
    header = (
        "document",
        "date",
        "booking number",
        "journal",
        "financial year",
        "handed out again",
    )
    rows: list[tuple[object, ...]] = []
    for document in verdict.stale or ():
        place = verdict.snapshot.place_of(document)
        risk = "yes" if document.ref in verdict.risks else "no"
        row = (document.record_name(), document.date, document.booking_number)
        rows.append((*row, place.journal, place.financial_year, risk))
    return header, rows


def deletion_rows(plan: RepairPlan) -> Rows:
    """The bookings to delete, in deletion order (the date typed: layouts write it as ISO)."""
    header = ("order", "journal", "financial year", "booking number", "document", "date")
    rows: list[tuple[object, ...]] = [
        (
            order,
            d.journal,
            d.financial_year,
            d.booking_number,
            d.document.record_name(),
            d.document.date,
        )
        for order, d in enumerate(plan.deletions, start=1)
    ]
    return header, rows


def next_number_rows(plan: RepairPlan) -> Rows:
    """The next booking numbers to set, with the configured ones."""
    header = ("journal", "financial year", "next", "configured", "differs?")
    rows: list[tuple[object, ...]] = [
        (
            n.journal,
            n.financial_year,
            n.number,
            # As the step's line says it (§3.5: a known number may be another year's).
            n.configured if n.configured is not None else configured_unknown(plan, n),
            {True: "yes", False: "no", None: "unknown"}[n.differs],
        )
        for n in plan.next_numbers
    ]
    return header, rows


def change_rows(changes: Sequence[tuple[Document, Sent]]) -> Rows:
    """Each document the sync sent: its name, date, journal, and number before and after."""
    header = ("document", "date", "journal", "booking number before", "after")
    rows: list[tuple[object, ...]] = [
        (
            old.record_name(),
            old.date.isoformat(),
            sent.place.journal,
            old.booking_number,
            sent.document.booking_number,
        )
        for old, sent in changes
    ]
    return header, rows


def step_table(plan: RepairPlan, step: Step) -> Rows | None:
    """The table a step shows instead of its details, if any (deletions, next numbers)."""
    if step.key == DELETE_BOOKINGS and plan.deletions:
        return deletion_rows(plan)
    if step.key == SET_NEXT_NUMBERS and plan.next_numbers and plan.cutoff is not None:
        return next_number_rows(plan)
    return None


# -- the sentences --------------------------------------------------------------


def iso(day: dt.date | None) -> str | None:
    """``day`` in ISO form, or ``None``."""
    return None if day is None else day.isoformat()


def start_date(plan: RepairPlan) -> str:
    """The start date to reconnect with, or, when not recorded, where to find it (§3.6)."""
    if plan.start_date is not None:
        return plan.start_date.isoformat()
    check = ""
    if plan.earliest_booked is not None:
        check = (
            f", not later than {plan.earliest_booked.isoformat()}, the earliest booked "
            "document read"
        )
    return f"not recorded (the one written down from the integration's settings{check})"


PROOF_SOUND = (
    "sound (no collision, every reset document booked once, nothing dated before the "
    "cutoff changed)"
)
NOTHING_SENT = "The synchronisation sends no document."
NO_COLLISIONS = "No collisions: no two documents share a booking number."
NO_STALE = "No stale documents: every booked document has its booking."

#: The rules of DOMAIN §3.8's evidence: check shows each finding, the summaries lead with them.
EVIDENCE = _verdict.EVIDENCE

#: The rule of the warning about a stale document the plan leaves as it is.
_STALE_KEPT = "stale-document-kept"


def count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def kind_count(kind: DocumentKind, number: int) -> str:
    return count(number, kind.label, kind.plural)


def _per_journal(counts: Counter[str]) -> str:
    if not counts:
        return ""
    if len(counts) == 1:
        (journal,) = counts
        return f" in journal {journal}"
    return " in journals " + ", ".join(f"{code} ({counts[code]})" for code in sorted(counts))


def counted(snapshot: Snapshot) -> tuple[dict[DocumentKind, Counter[str]], int]:
    """The documents per kind and journal, and how many of them are booked."""
    counts: dict[DocumentKind, Counter[str]] = {kind: Counter() for kind in DocumentKind}
    # Documents of one kind and one journal field are in one journal: the snapshot
    # is asked once for each (a snapshot of a million documents has a handful).
    documents = snapshot.documents
    if any(map(_JOURNAL, documents)):
        keys: list[object] = list(zip(map(_KIND, documents), map(_JOURNAL, documents), strict=True))
    else:
        keys = list(map(_KIND, documents))  # the usual case: no document names its journal
    one_of = dict(zip(keys, documents, strict=True))
    for key, number in Counter(keys).items():
        document = one_of[key]
        counts[document.kind][snapshot.journal_of(document)] += number
    booked = len(documents) - list(map(_BOOKING_NUMBER, documents)).count(None)
    return counts, booked


_KIND = attrgetter("kind")
_JOURNAL = attrgetter("journal")
_BOOKING_NUMBER = attrgetter("booking_number")


def bookings_per_journal(snapshot: Snapshot) -> Counter[str] | None:
    if snapshot.bookings is None:
        return None
    return Counter(booking.journal for booking in snapshot.bookings)


def reading_summary(snapshot: Snapshot, *, labels: bool = True) -> str:
    """One sentence: the documents read per kind and journal, the bookings and their links.

    With bookings, it says how they were linked to their documents (DOMAIN
    §3.8: by document, by reference, by number and date, and how many name
    none); a second sentence shows the snapshot's labels, when it has any
    and ``labels`` is true (a plan names its administration itself:
    :func:`administration_line`).

    >>> from datetime import date
    >>> from booking_reconcile import CreditNote, Integration, Invoice, Snapshot
    >>> print(reading_summary(Snapshot(Integration("70", "71"), [
    ...     Invoice("A", date(2026, 1, 5), 1), CreditNote("K", date(2026, 1, 6))])))
    Read 1 invoice in journal 70 and 1 credit note in journal 71 (1 of them booked); no bookings of the accounting package (the holders of collisions are inferred).
    >>> from booking_reconcile import Booking
    >>> print(reading_summary(Snapshot(Integration("70", "71"), [
    ...     Invoice("A", date(2026, 1, 5), 1)], bookings=[Booking("70", 1, date(2026, 1, 5),
    ...     reference="A"), Booking("70", 2, date(2026, 1, 6))], labels={"division": "123456"})))
    Read 1 invoice in journal 70 and 0 credit notes (1 of them booked); 2 bookings in journal 70; bookings linked to their document: 0 by document, 1 by reference, 0 by number and date; 1 name none. Labels: division '123456'.
    """
    index_of(snapshot)
    counts, booked = counted(snapshot)
    if not snapshot.documents:
        read = "Read no invoice and no credit note: the input holds no document"
    else:
        kinds = " and ".join(
            kind_count(kind, sum(journals.values())) + _per_journal(journals)
            for kind, journals in counts.items()
        )
        read = f"Read {kinds} ({booked} of them booked)"
    bookings = bookings_per_journal(snapshot)
    if bookings is None:
        read += "; no bookings of the accounting package (the holders of collisions are inferred)."
    else:
        read += f"; {count(sum(bookings.values()), 'booking')}{_per_journal(bookings)}"
        links = snapshot.links
        read += f"; {links.sentence()}." if links is not None and bookings else "."
    if labels and snapshot.labels:
        shown = ", ".join(f"{key} {quoted(value)}" for key, value in snapshot.labels.items())
        read += f" Labels: {shown}."
    return read


def _refs_in_words(refs: Sequence[DocumentRef]) -> str:
    kinds = Counter(ref.kind for ref in refs)
    return " and ".join(kind_count(kind, kinds[kind]) for kind in DocumentKind if kinds[kind])


def _stale_kept(plan: RepairPlan) -> list[DocumentRef]:
    return [
        ref for finding in plan.warnings if finding.rule == _STALE_KEPT for ref in finding.documents
    ]


def policy_consequences(plan: RepairPlan, *, python: bool = False) -> tuple[str, ...]:
    """What the plan's policy means for the documents whose bookings were deleted.

    The other policy is named as the command line takes it
    (``--policy rebook-deleted``), or, with ``python``, as a Python call does
    (``policy=CutoffPolicy.REBOOK_DELETED``: a plan shown in a notebook).

    Computed from the plan's fields: the stale documents it keeps (its
    ``stale-document-kept`` warnings) stay out of the accounting package; the
    stale documents it resets are booked again. The other policy is offered
    only where it changes something, never when it is the one in use.
    """
    require_plan(plan)
    lines = []
    kept = _stale_kept(plan)
    if kept:
        them = "it" if len(kept) == 1 else "them"
        line = (
            f"{_refs_in_words(kept)} {'stays' if len(kept) == 1 else 'stay'} out of the "
            "accounting package (revenue and VAT not booked)"
        )
        if plan.policy is not CutoffPolicy.REBOOK_DELETED:
            other = "policy=CutoffPolicy.REBOOK_DELETED" if python else "--policy rebook-deleted"
            line += f": use {other} to book {them} again"
        lines.append(line + ".")
    deleted = {deletion.document.ref for deletion in plan.deletions}
    rebooked = [document.ref for document in plan.to_reset if document.ref not in deleted]
    if rebooked:
        one = len(rebooked) == 1
        lines.append(
            f"{_refs_in_words(rebooked)} whose {'booking was' if one else 'bookings were'} "
            f"deleted {'is' if one else 'are'} booked again (revenue and VAT booked anew)."
        )
    return tuple(lines)


def shown_warnings(plan: RepairPlan) -> tuple[Finding, ...]:
    """The warnings, without offering the policy in use as the way out."""
    if plan.policy is not CutoffPolicy.REBOOK_DELETED:
        return plan.warnings
    offer = " (the rebook-deleted policy books it again)"
    return tuple(
        Finding(finding.rule, finding.message.replace(offer, ""), finding.documents)
        for finding in plan.warnings
    )


def administration_line(plan: RepairPlan) -> str | None:
    """The administration the plan is for, as its labels name it (DOMAIN §7); ``None`` without.

    >>> from booking_reconcile import Integration, Snapshot, plan_repair
    >>> administration_line(plan_repair(Snapshot(Integration("70", "70"), [],
    ...     labels={"division": "1234567", "department": "Gent"})))
    'Administration: division 1234567, department Gent'
    """
    if not plan.labels:
        return None
    return f"Administration: {administration(plan.labels)}"


def bookings_deleted(plan: RepairPlan) -> tuple[int, str]:
    """How many bookings ``plan`` deletes, the double bookings' manual entries (§3.10) among them.

    With how many were entered by hand (``" (1 entered by hand)"``) when the
    plan deletes both kinds, else ``""``.
    """
    doubles = len(plan.double_bookings)
    by_hand = f" ({doubles} entered by hand)" if doubles and plan.deletions else ""
    return len(plan.deletions) + doubles, by_hand


def what_to_do(plan: RepairPlan) -> str:
    if not plan.needed:
        if not plan.feasible:  # nothing collides in what was read, which a blocker doubts
            return f"Nothing to repair in what was read, but {_cannot_be_made(plan)}."
        return "Nothing to do: no repair is needed."
    nexts = len(plan.next_numbers)
    if plan.cutoff is None and plan.double_bookings:
        # §3.10: the manual entries are deleted, and nothing else.
        todo = (
            f"To do: the {count(len(plan.steps), 'step')} below: delete "
            f"{count(len(plan.double_bookings), 'booking')} entered by hand (nothing else)"
            + (
                f", set {count(nexts, 'next booking number')} before the next synchronisation."
                if nexts
                # §3.7: the sync's numbers are predicted; its step checks them.
                else ", then synchronise and check the booking numbers the documents receive."
                if plan.sent
                else "."
            )
        )
    elif plan.cutoff is None:
        # A plan that prevents a collision (contract §3.9) deletes and resets nothing.
        todo = (
            f"To do: the {count(len(plan.steps), 'step')} below: set "
            f"{count(nexts, 'next booking number')} before the next synchronisation; "
            "nothing is deleted."
        )
    else:
        total, by_hand = bookings_deleted(plan)
        todo = (
            f"To do: the {len(plan.steps)} steps below: delete "
            f"{count(total, 'booking')}{by_hand}, deactivate the integration with delink "
            f"date {iso(plan.delink_date)} (it resets "
            f"{count(len(plan.to_reset), 'document')}), set "
            f"{count(nexts, 'next booking number')}, reconnect with start date "
            f"{start_date(plan)} and synchronise."
        )
    if not plan.feasible:
        blockers = "blocker" if len(plan.blockers) == 1 else f"{len(plan.blockers)} blockers"
        todo += f" It cannot be carried out as it is: see the {blockers}."
    return todo


def _blockers(plan: RepairPlan) -> str:
    return "blocker" if len(plan.blockers) == 1 else f"{len(plan.blockers)} blockers"


def _cannot_be_made(plan: RepairPlan) -> str:
    return f"the plan cannot be made as it is: see the {_blockers(plan)}"


def ended(message: str) -> str:
    """A finding's ``message`` ended as a sentence: a full stop, unless it ends in one or a question.

    >>> ended("was the right administration exported?"), ended("export them")
    ('was the right administration exported?', 'export them.')
    """
    return message if message.endswith((".", "?", "!")) else f"{message}."


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def evidence_lead(plan: RepairPlan) -> str | None:
    """The first finding of DOMAIN §3.8's evidence as a sentence, and how many more follow.

    ``None`` when the two sides left nothing unexplained. The summaries lead
    with it ("The plan's summary leads with these"), blockers first.
    """
    evidence = _verdict.evidence_of(plan)
    if not evidence:
        return None
    lead = ended(evidence[0][1].message)
    if len(evidence) > 1:
        lead += f" {count(len(evidence) - 1, 'more finding')} below."
    return lead


def what_is_wrong(plan: RepairPlan) -> str:
    # DOMAIN §3.8: the evidence that the two sides leave something unexplained
    # leads, as a sentence of its own, before what it casts doubt on.
    lead = evidence_lead(plan)
    collisions = plan.collisions
    doubles = (
        f" {count(len(plan.double_bookings), 'document')} booked twice, once by hand."
        if plan.double_bookings
        else ""
    )
    if not collisions:
        # A prevention (§3.9), also one alongside double bookings' deletions.
        if plan.kind == "prevent" or (plan.cutoff is None and plan.next_numbers):
            wrong = (
                "nothing collides yet, but a stale document's number will be handed out "
                f"again.{doubles}"
            )
        else:
            but = "; but see the warnings" if plan.warnings and not doubles else ""
            wrong = f"no two documents share a booking number{but}.{doubles}"
    else:
        shown = "; ".join(str(collision) for collision in collisions[:3])
        more = f"; and {len(collisions) - 3} more" if len(collisions) > 3 else ""
        wrong = f"{count(len(collisions), 'collision')}: {shown}{more}.{doubles}"
    return f"Wrong: {wrong}" if lead is None else f"Wrong: {lead} {_capital(wrong)}"


# -- what check says ---------------------------------------------------------


def stale_line(snapshot: Snapshot, document: Document, risk: bool) -> str:
    """One line about a stale document; ``risk``: it predicts a collision."""
    line = (
        f"Stale: {document} carries a booking number whose booking no longer exists in "
        f"{snapshot.place_of(document)}"
    )
    if risk:
        line += f"; the next synchronisation hands #{document.booking_number} out again"
    return line


def check_summary(verdict: CheckVerdict) -> str:
    """The last line of ``check``: what was found, and what to run next.

    It says what ``plan`` would answer (the verdict's plan, under the default
    policy), so that the two commands agree: a repair, a prevention, a plan
    that a blocker stops (DOMAIN §3.8: the evidence casts doubt on what was
    found), or nothing.
    """
    snapshot, plan, stale = verdict.snapshot, verdict.plan, verdict.stale or ()
    found = [count(len(verdict.collisions), "collision")]
    if snapshot.has_bookings:
        found.append(count(len(stale), "stale document"))
    if plan.double_bookings:
        found.append(count(len(plan.double_bookings), "double booking"))
    blocked = (
        "" if plan.feasible else f" It cannot be carried out as it is: see the {_blockers(plan)}."
    )
    if plan.kind == "repair":
        return (
            f"{', '.join(found)}; run `booking-reconcile plan` with the same inputs for the "
            f"repair.{blocked}"
        )
    if plan.kind == "prevent":
        return (
            f"{', '.join(found)}: nothing collides yet, but a stale document's number will be "
            "handed out again; run `booking-reconcile plan` with the same inputs to prevent it "
            f"(nothing is deleted).{blocked}"
        )
    if not plan.feasible:
        return (
            f"{', '.join(found)}; but {_cannot_be_made(plan)}, which casts doubt on these "
            f"counts: resolve {'it' if len(plan.blockers) == 1 else 'them'} and check again."
        )
    if not snapshot.has_bookings:
        return "No collisions (stale documents are found only with the bookings: --bookings)."
    if not stale:
        return "No collisions and no stale documents."
    return (
        f"{', '.join(found)}: no collision is predicted, so there is nothing to repair; the "
        "stale documents stay out of the accounting package."
    )


def check_lines(verdict: CheckVerdict) -> list[str]:
    """What ``check`` says, one finding a line, the summary last.

    Every finding of DOMAIN §3.8's evidence (what the two sides leave
    unexplained) comes first, after what was read: :func:`evidence_lines`.
    """
    plan, snapshot = verdict.plan, verdict.snapshot
    lines = [reading_summary(snapshot), *evidence_lines(verdict)]
    lines += [collision.describe() for collision in verdict.collisions]
    lines += [f"Booked twice: {double}" for double in plan.double_bookings]
    lines += [
        stale_line(snapshot, document, document.ref in verdict.risks)
        for document in verdict.stale or ()
    ]
    lines.append(check_summary(verdict))
    return lines


def evidence_lines(verdict: CheckVerdict) -> list[str]:
    """Each finding of DOMAIN §3.8's evidence, blockers first: ``Blocker: …`` or ``Warning: …``."""
    return [
        f"{'Blocker' if blocker else 'Warning'}: {finding.message}"
        for blocker, finding in verdict.evidence
    ]


# -- what a confirmation says ---------------------------------------------------


def confirmation_verdict(confirmation: Confirmation) -> tuple[str, str]:
    """The confirmation's first sentence: its verdict (``Confirmed``, ``Not confirmed``), and why."""
    if confirmation.ok:
        why = "the new snapshot shows the repair the plan describes."
        if confirmation.deviations:
            why += " Some numbers differ from the plan's, but nothing collides."
        return "Confirmed", why
    mattering = sum(deviation.matters for deviation in confirmation.deviations)
    if not mattering:
        return "Not confirmed", (
            "the new snapshot cannot show every step done; export what is named under "
            "Not checked and confirm again."
        )
    count = "1 deviation matters" if mattering == 1 else f"{mattering} deviations matter"
    return "Not confirmed", f"{count}; the steps below say what to do."


def confirmation_administration(confirmation: Confirmation) -> str | None:
    """The administration the confirmation is about, as the new snapshot's labels name it.

    Said as a plan's checklist says it (DOMAIN §7); ``None`` without labels.

    >>> confirmation_administration(Confirmation(deviations=[], labels={"division": "1234567"}))
    'Administration: division 1234567'
    """
    if not confirmation.labels:
        return None
    return f"Administration: {administration(confirmation.labels)}"


def unchecked_line(unchecked: Unchecked) -> str:
    """A step the new snapshot cannot show done: needed or left out, its step, what to export."""
    mark = "needed" if unchecked.matters else "left out"
    return f"{mark} (step {unchecked.step}): {unchecked.message}"


def deviations_by_step(confirmation: Confirmation) -> dict[str, list[Deviation]]:
    """The deviations grouped by the step they concern, in the order they come."""
    steps: dict[str, list[Deviation]] = {}
    for deviation in confirmation.deviations:
        steps.setdefault(deviation.step, []).append(deviation)
    return steps

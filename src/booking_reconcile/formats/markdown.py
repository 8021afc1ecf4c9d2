"""Markdown: the checklist a person follows, and each record in a notebook.

``plan.to_markdown()`` is the checklist, naming every document, number and
date, with a table of the bookings to delete and one of the next booking
numbers; collisions, stale documents, the simulation and the confirmation
have their Markdown too (a notebook's ``_repr_markdown_``). Text that comes
from the input (document numbers, journal codes) is escaped, so a document
number such as ``INV*2026*5`` or ``<b>5</b>`` shows as written and never
turns into emphasis, markup or a table border.

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot, find_collisions
>>> snapshot = Snapshot(Integration("70", "70"), [
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("C", date(2026, 1, 10), 1002),
... ])
>>> print(collision_to_markdown(find_collisions(snapshot)[0]))
**The invoices B and C have the same booking number** (#1002 in journal 70)
<BLANKLINE>
| document | date | booking number | role |
|---|---|---|---|
| invoice B | 2026-01-06 | 1002 | stale |
| invoice C | 2026-01-10 | 1002 | holder |
"""

from __future__ import annotations

__all__ = [
    "check_to_markdown",
    "collision_to_markdown",
    "collisions_to_markdown",
    "confirmation_to_markdown",
    "escape_markdown",
    "plan_to_markdown",
    "simulation_to_markdown",
    "stale_to_markdown",
]

from collections.abc import Iterable, Sequence

from booking_reconcile import _presentation
from booking_reconcile._checks import argument
from booking_reconcile._index import index_of
from booking_reconcile.collisions import Collision, Collisions
from booking_reconcile.confirm import Confirmation
from booking_reconcile.findings import Finding
from booking_reconcile.models import Document
from booking_reconcile.repair_plan import RepairPlan, require_plan
from booking_reconcile.simulate import Simulation
from booking_reconcile.snapshot import Snapshot
from booking_reconcile.stale import StaleDocuments
from booking_reconcile.verdict import CheckVerdict

from . import _rows
from ._arguments import (
    require_collision,
    require_collisions,
    require_confirmation,
    require_documents,
    require_simulation,
    require_verdict,
)
from ._escape import visible

_MARKDOWN_SPECIALS = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>"})


def escape_markdown(text: str) -> str:
    r"""``text`` with the characters Markdown would interpret escaped.

    Control characters and line ends show as escapes (``\n``), so a value
    never starts a line of its own; table cells escape ``|`` as well.

    >>> print(escape_markdown("invoice INV*2026*5 <draft>"))
    invoice INV\*2026\*5 \<draft\>
    >>> print(escape_markdown("5\n# INJECTED"))
    5\\n# INJECTED
    """
    argument("text", text, str, "text")
    return visible(text).translate(_MARKDOWN_SPECIALS)


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return lines


def _cell(value: object) -> str:
    if value is None:
        return "—"
    return escape_markdown(str(value)).replace("|", "\\|")


def _indent(lines: list[str]) -> list[str]:
    return [f"    {line}" for line in lines]


def _findings(title: str, findings: Sequence[Finding]) -> list[str]:
    if not findings:
        return []
    return [
        f"## {title}",
        "",
        *(f"- {escape_markdown(finding.message)}" for finding in findings),
        "",
    ]


def _evidence_lead(plan: RepairPlan) -> list[str]:
    """The first finding of DOMAIN §3.8's evidence, and how many more, as a paragraph; or none."""
    lead = _rows.evidence_lead(plan)
    if lead is None:
        return []
    return [f"**What the two sides leave unexplained:** {escape_markdown(lead)}", ""]


@_presentation.to_markdown.register(Collision)
def collision_to_markdown(collision: Collision) -> str:
    """A collision as Markdown: its message, then a table of its documents.

    Each document's role is ``holder`` (it owns the number in the accounting
    package) or ``stale`` (it carries the number without owning it).
    """
    require_collision(collision)
    title = (
        f"**{escape_markdown(collision.message)}** "
        f"(#{collision.booking_number} in {escape_markdown(str(collision.place))})"
    )
    return "\n".join([title, "", *_table(*_rows.collision_document_rows(collision))])


@_presentation.to_markdown.register(Collisions)
def collisions_to_markdown(collisions: Sequence[Collision]) -> str:
    """Collisions as Markdown: a count, then one table row per collision."""
    require_collisions(collisions)
    if not collisions:
        return _rows.NO_COLLISIONS
    count = _rows.count(len(collisions), "collision")
    return "\n".join([f"**{count}**", "", *_table(*_rows.collision_rows(collisions))])


@_presentation.to_markdown.register(StaleDocuments)
def stale_to_markdown(documents: Sequence[Document]) -> str:
    """Stale documents as Markdown: a count, then a table of them."""
    require_documents(documents)
    if not documents:
        return _rows.NO_STALE
    count = _rows.count(len(documents), "stale document")
    return "\n".join([f"**{count}**", "", *_table(*_rows.stale_rows(documents))])


@_presentation.to_markdown.register(RepairPlan)
def plan_to_markdown(
    plan: RepairPlan, snapshot: Snapshot | None = None, *, python: bool = False
) -> str:
    """The plan as a Markdown checklist.

    It names the administration the plan's labels name, when it has any
    (``Administration: division 1234567, department Gent``). With
    ``snapshot`` (the one the plan was made from) it then says what was read
    and how the bookings were linked, as the text layout does.
    ``python`` names the other policy as a Python call does
    (``policy=CutoffPolicy.REBOOK_DELETED``), as a notebook shows the plan;
    otherwise as the command line takes it (``--policy rebook-deleted``).
    """
    require_plan(plan)
    if snapshot is not None:
        index_of(snapshot)
    lines = [f"# Repair plan ({plan.policy.value})", ""]
    named = _rows.administration_line(plan)
    if named is not None:
        lines += [escape_markdown(named), ""]
    if snapshot is not None:
        summary = _rows.reading_summary(snapshot, labels=named is None)
        lines += [escape_markdown(summary), ""]
    if not plan.needed:
        lines += _evidence_lead(plan)  # DOMAIN §3.8: the summary leads with the evidence
        nothing = "Nothing collides: no repair is needed."
        lines += [nothing if plan.feasible else escape_markdown(_rows.what_to_do(plan)), ""]
        lines += _findings("Blockers", plan.blockers)
        lines += _findings("Warnings", plan.warnings)
        return "\n".join(lines).rstrip() + "\n"
    lines += _evidence_lead(plan)  # DOMAIN §3.8: the summary leads with the evidence
    if plan.cutoff is None:  # a prevention, or double bookings only: nothing is reset
        doubles = len(plan.double_bookings)
        lines += [
            f"- collisions: {len(plan.collisions)}; documents booked twice: {doubles}",
            # §3.10: the manual entries are the only bookings deleted (docs/cli.md).
            *([f"- bookings to delete: {doubles} ({doubles} entered by hand)"] if doubles else []),
            # §3.9: next numbers set without a cutoff prevent a predicted collision.
            "- nothing collides yet: no cutoff, nothing is reset"
            if plan.kind == "prevent" or plan.next_numbers
            else "- no cutoff: nothing is reset",
            f"- next booking numbers to set: {len(plan.next_numbers)}",
        ]
    else:
        deleted, by_hand = _rows.bookings_deleted(plan)
        lines += [
            f"- collisions: {len(plan.collisions)}",
            f"- cutoff and delink date: {_rows.iso(plan.cutoff)}",
            f"- start date: {_rows.start_date(plan)}",
            f"- bookings to delete: {deleted}{by_hand}; documents to reset: {len(plan.to_reset)}",
        ]
    lines += [
        "- feasible: " + ("yes" if plan.feasible else "**no** — see the blockers"),
        *(f"- {escape_markdown(line)}" for line in _rows.policy_consequences(plan, python=python)),
        "",
    ]
    if plan.collisions:  # a prevention plan has none to show
        lines += ["## Collisions", "", *_table(*_rows.collision_rows(plan.collisions)), ""]
    lines += _findings("Blockers", plan.blockers)
    lines += _findings("Warnings", _rows.shown_warnings(plan))
    lines += ["## Steps", ""]
    for number, step in enumerate(plan.steps, start=1):
        lines.append(f"- [ ] **{number}.** {escape_markdown(step.title)}")
        lines.append("")
        table = _rows.step_table(plan, step)
        if table is not None:
            lines += _indent(_table(*table))
        else:
            lines += [f"    - {escape_markdown(detail)}" for detail in step.details]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


@_presentation.to_markdown.register(CheckVerdict)
def check_to_markdown(verdict: CheckVerdict) -> str:
    """What ``check`` found, as Markdown: the summary first, then tables.

    What was read, every finding of DOMAIN §3.8's evidence (what the two
    sides leave unexplained), what was found and what to run next; then a
    table of the collisions, the documents booked twice, and a table of the
    stale documents, as ``check``'s text shows them.

    >>> from datetime import date
    >>> from booking_reconcile import Integration, Invoice, Snapshot
    >>> from booking_reconcile.verdict import check_snapshot
    >>> print(check_to_markdown(check_snapshot(Snapshot(Integration("70", "70"), [
    ...     Invoice("B", date(2026, 1, 6), 1002), Invoice("C", date(2026, 1, 10), 1002)]))), end="")
    # Check
    <BLANKLINE>
    Read 2 invoices in journal 70 and 0 credit notes (2 of them booked); no bookings of the accounting package (the holders of collisions are inferred).
    <BLANKLINE>
    **1 collision; run `booking-reconcile plan` with the same inputs for the repair.**
    <BLANKLINE>
    ## Collisions
    <BLANKLINE>
    | journal | financial year | booking number | message | holder |
    |---|---|---|---|---|
    | 70 | — | 1002 | The invoices B and C have the same booking number | invoice C |
    """
    require_verdict(verdict)
    plan = verdict.plan
    lines = ["# Check", "", escape_markdown(_rows.reading_summary(verdict.snapshot)), ""]
    evidence = [
        f"- **{'Blocker' if blocker else 'Warning'}**: {escape_markdown(finding.message)}"
        for blocker, finding in verdict.evidence
    ]
    if evidence:  # DOMAIN §3.8: before what it casts doubt on
        lines += [*evidence, ""]
    # The summary names no value of the input: only counts, and the command to run.
    lines += [f"**{_rows.check_summary(verdict)}**", ""]
    if verdict.collisions:
        lines += ["## Collisions", "", *_table(*_rows.collision_rows(verdict.collisions)), ""]
    if plan.double_bookings:
        lines += ["## Booked twice", ""]
        lines += [f"- {escape_markdown(str(double))}" for double in plan.double_bookings]
        lines.append("")
    if verdict.stale:
        lines += ["## Stale documents", "", *_table(*_rows.stale_check_rows(verdict)), ""]
    return "\n".join(lines).rstrip() + "\n"


@_presentation.to_markdown.register(Simulation)
def simulation_to_markdown(simulation: Simulation) -> str:
    """The simulated result: a table of what the sync changes, the collisions left, the proof."""
    require_simulation(simulation)
    lines = ["## Simulated result", ""]
    changes = list(simulation.changes())
    if changes:
        lines += _table(*_rows.change_rows(changes))
    else:
        lines.append(_rows.NOTHING_SENT)
    left = simulation.collisions_left
    lines += ["", f"- collisions left: {len(left) if left else 'none'}"]
    if simulation.problems:
        lines += [f"- proof FAILED: {escape_markdown(problem)}" for problem in simulation.problems]
    else:
        lines.append(f"- proof: {_rows.PROOF_SOUND}")
    return "\n".join(lines) + "\n"


@_presentation.to_markdown.register(Confirmation)
def confirmation_to_markdown(confirmation: Confirmation) -> str:
    """The confirmation as a Markdown report, deviations grouped by step.

    >>> print(confirmation_to_markdown(Confirmation(deviations=[])))
    # Confirming the repair
    <BLANKLINE>
    **Confirmed**: the new snapshot shows the repair the plan describes.
    <BLANKLINE>
    """
    require_confirmation(confirmation)
    verdict, why = _rows.confirmation_verdict(confirmation)
    lines = ["# Confirming the repair", "", f"**{verdict}**: {why}", ""]
    labelled = _rows.confirmation_administration(confirmation)
    if labelled is not None:
        lines += [escape_markdown(labelled), ""]
    for step, deviations in _rows.deviations_by_step(confirmation).items():
        lines += [f"## Step {escape_markdown(step)}", ""]
        lines += [
            f"- {'**matters**' if deviation.matters else 'harmless'}: "
            f"{escape_markdown(deviation.message)}"
            for deviation in deviations
        ]
        lines.append("")
    if confirmation.unchecked:
        lines += ["## Not checked", ""]
        lines += [
            f"- {escape_markdown(_rows.unchecked_line(unchecked))}"
            for unchecked in confirmation.unchecked
        ]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


@_presentation.to_notebook_markdown.register(RepairPlan)
def _plan_in_a_notebook(plan: RepairPlan) -> str:
    return plan_to_markdown(plan, python=True)

"""pandas and polars on the plan's answers, for the comparison (the ``bench`` extra).

Each function takes the synthetic administration's raw rows, builds its data
frames (the construction) and computes the answers ``baseline.answers``
gives: collisions and holders, the keep-deleted cutoff, the documents to
reset, the deletions in order, the next numbers. The grouping, joins and
aggregates run in the library; the few rows of the collisions and of the
reset are ordered in Python with the same natural key, since neither
library sorts document numbers naturally. Like the baseline, they know the
synthetic data's shape and check nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

import baseline
import synthetic

from booking_reconcile import natural_key

INVOICE, CREDIT_NOTE = "invoice", "credit_note"


def available() -> bool:
    """Whether pandas or polars is installed."""
    return bool(from_raw_rows())


def from_raw_rows() -> dict[str, Callable[[synthetic.Scenario], baseline.Answers]]:
    """The installed implementations, by name."""
    found: dict[str, Callable[[synthetic.Scenario], baseline.Answers]] = {}
    if importlib.util.find_spec("pandas") is not None:
        found["pandas"] = with_pandas
    if importlib.util.find_spec("polars") is not None:
        found["polars"] = with_polars
    return found


def per_administration() -> dict[str, Callable[[synthetic.Scenario], baseline.Answers]]:
    """The same functions, for the many-administrations figure."""
    return from_raw_rows()


def _columns(raw: synthetic.Scenario) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    integration = synthetic.INTEGRATION
    documents = raw.documents
    docs: dict[str, list[Any]] = {
        "kind": [INVOICE if d.is_invoice else CREDIT_NOTE for d in documents],
        "number": [d.number for d in documents],
        "date": [d.date for d in documents],
        "booking_number": [d.booking_number for d in documents],
        "journal": [
            integration.invoice_journal if d.is_invoice else integration.credit_note_journal
            for d in documents
        ],
    }
    bookings = raw.bookings
    books: dict[str, list[Any]] = {
        "journal": [b.journal for b in bookings],
        "booking_number": [b.booking_number for b in bookings],
        "kind": [
            None if b.document is None else INVOICE if b.document[0] else CREDIT_NOTE
            for b in bookings
        ],
        "number": [None if b.document is None else b.document[1] for b in bookings],
    }
    return docs, books


def _sort_key(row: tuple[Any, ...]) -> tuple[object, ...]:
    kind, number, date = row[0], row[1], row[2]
    return (date, natural_key(number), kind)


def _finish(
    members: dict[tuple[str, int], list[tuple[Any, ...]]],
    reset_rows: Callable[[Any], list[tuple[Any, ...]]],
    kept: Callable[[Any], tuple[dict[str, int], set[str]]],
    manual: dict[str, int],
) -> baseline.Answers:
    """The answers from the collisions' rows (kind, number, date, booked, journal, bn)."""
    collisions = []
    for (journal, number), rows in sorted(
        members.items(), key=lambda item: (natural_key(item[0][0]), item[0][1])
    ):
        rows.sort(key=_sort_key)
        holder = next((row[1] for row in rows if row[3]), None)
        collisions.append((journal, number, tuple(row[1] for row in rows), holder))
    if not collisions:
        return baseline.Answers((), None, (), (), ())
    cutoff = min(sorted(row[2] for row in rows)[1] for rows in members.values())
    reset = sorted(reset_rows(cutoff), key=_sort_key)
    deleted = sorted(
        (row for row in reset if row[3]), key=lambda row: (natural_key(row[4]), -row[5])
    )
    highest, sent_into = kept(cutoff)
    for journal, number in manual.items():
        highest[journal] = max(highest.get(journal, 0), number)
    lowest: dict[str, int] = {}
    for row in deleted:
        lowest[row[4]] = min(lowest.get(row[4], row[5]), row[5])
    next_numbers = []
    for journal in sorted(sent_into | {row[4] for row in reset}, key=natural_key):
        candidates = [lowest[journal]] if journal in lowest else []
        if journal in highest:
            candidates.append(highest[journal] + 1)
        if candidates:
            next_numbers.append((journal, max(candidates)))
    return baseline.Answers(
        collisions=tuple(collisions),
        cutoff=cutoff,
        to_reset=tuple((row[0], row[1]) for row in reset),
        deletions=tuple((row[4], row[5], row[1]) for row in deleted),
        next_numbers=tuple(next_numbers),
    )


def with_pandas(raw: synthetic.Scenario) -> baseline.Answers:
    """The answers with pandas."""
    pd: Any = importlib.import_module("pandas")

    docs_columns, books_columns = _columns(raw)
    docs = pd.DataFrame(docs_columns)
    books = pd.DataFrame(books_columns)
    refs = books.dropna(subset=["number"])[["kind", "number"]].assign(booked=True)
    docs = docs.merge(refs, on=["kind", "number"], how="left")
    docs["booked"] = docs["booked"].fillna(False).astype(bool)
    booked_docs = docs[docs["booking_number"].notna()]
    shared = booked_docs[booked_docs.duplicated(["journal", "booking_number"], keep=False)]
    members: dict[tuple[str, int], list[tuple[Any, ...]]] = {}
    for row in shared[["kind", "number", "date", "booked", "journal", "booking_number"]].itertuples(
        index=False, name=None
    ):
        members.setdefault((row[4], int(row[5])), []).append((*row[:5], int(row[5])))
    manual_rows = books[books["number"].isna()]
    manual = {
        str(k): int(v) for k, v in manual_rows.groupby("journal")["booking_number"].max().items()
    }
    dates = docs["date"]

    def reset_rows(cutoff: Any) -> list[tuple[Any, ...]]:
        chosen = booked_docs[booked_docs["date"] >= cutoff]
        return [
            (*row[:5], int(row[5]))
            for row in chosen[
                ["kind", "number", "date", "booked", "journal", "booking_number"]
            ].itertuples(index=False, name=None)
        ]

    def kept(cutoff: Any) -> tuple[dict[str, int], set[str]]:
        before = booked_docs[booked_docs["date"] < cutoff]
        highest = {
            str(k): int(v) for k, v in before.groupby("journal")["booking_number"].max().items()
        }
        waiting = docs[docs["booking_number"].isna() | (dates >= cutoff)]
        return highest, set(waiting["journal"].unique())

    return _finish(members, reset_rows, kept, manual)


def with_polars(raw: synthetic.Scenario) -> baseline.Answers:
    """The answers with polars."""
    pl: Any = importlib.import_module("polars")

    docs_columns, books_columns = _columns(raw)
    docs = pl.DataFrame(docs_columns)
    books = pl.DataFrame(books_columns)
    refs = books.filter(pl.col("number").is_not_null()).select("kind", "number")
    docs = docs.with_columns(
        booked=pl.struct("kind", "number").is_in(
            refs.select(pl.struct("kind", "number")).to_series()
        )
    )
    booked_docs = docs.filter(pl.col("booking_number").is_not_null())
    shared = booked_docs.filter(pl.len().over("journal", "booking_number") > 1)
    members: dict[tuple[str, int], list[tuple[Any, ...]]] = {}
    columns = ["kind", "number", "date", "booked", "journal", "booking_number"]
    for row in shared.select(columns).iter_rows():
        members.setdefault((row[4], row[5]), []).append(row)
    manual = dict(
        books.filter(pl.col("number").is_null())
        .group_by("journal")
        .agg(pl.col("booking_number").max())
        .iter_rows()
    )

    def reset_rows(cutoff: Any) -> list[tuple[Any, ...]]:
        return list(booked_docs.filter(pl.col("date") >= cutoff).select(columns).iter_rows())

    def kept(cutoff: Any) -> tuple[dict[str, int], set[str]]:
        highest = dict(
            booked_docs.filter(pl.col("date") < cutoff)
            .group_by("journal")
            .agg(pl.col("booking_number").max())
            .iter_rows()
        )
        waiting = docs.filter(pl.col("booking_number").is_null() | (pl.col("date") >= cutoff))
        return highest, set(waiting.get_column("journal").unique().to_list())

    return _finish(members, reset_rows, kept, manual)

"""Natural order of document numbers and the sync order (DOMAIN.md §3.1)."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booking_reconcile import CreditNote, Invoice, natural_key, sync_order
from booking_reconcile.models import DOCUMENT_FIELDS, _DocumentBase
from booking_reconcile.ordering import date_order

settings.register_profile("ordering-properties", max_examples=200, deadline=None)
PROPERTIES = settings.get_profile("ordering-properties")

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        pytest.param(["2026/10", "2026/9"], ["2026/9", "2026/10"], id="digits-as-numbers"),
        pytest.param(
            ["2026/100", "2026/10", "2026/9"], ["2026/9", "2026/10", "2026/100"], id="three-widths"
        ),
        pytest.param(["2027/1", "2026/10"], ["2026/10", "2027/1"], id="year-first"),
        pytest.param(["C10", "C2", "B30"], ["B30", "C2", "C10"], id="prefix-then-number"),
        pytest.param(["C7", "C07"], ["C07", "C7"], id="leading-zero-tie-broken-by-text"),
        pytest.param(["10", "9", "A"], ["9", "10", "A"], id="plain-numbers"),
        pytest.param(["2026-2-10", "2026-2-9"], ["2026-2-9", "2026-2-10"], id="several-runs"),
    ],
)
def test_document_numbers_compare_naturally(numbers: list[str], expected: list[str]) -> None:
    assert sorted(numbers, key=natural_key) == expected


def test_natural_key_tells_apart_numbers_equal_as_numbers() -> None:
    assert natural_key("C07") != natural_key("C7")


def test_natural_key_of_a_document_is_its_numbers_and_kept_nowhere() -> None:
    invoice = Invoice("2026/9", dt.date(2026, 1, 5))

    assert invoice.number_key == natural_key("2026/9")
    # No slot keeps it: a document holds its fields and nothing else.
    assert type(invoice).__slots__ == ()
    assert _DocumentBase.__slots__ == DOCUMENT_FIELDS


def test_sync_order_by_sync_time_when_known() -> None:
    # The later-dated document was sent first: the sync time decides.
    late_but_sent_first = Invoice(
        "2026/9", dt.date(2026, 1, 9), synced_at=dt.datetime(2026, 1, 9, 8, tzinfo=UTC)
    )
    early_but_sent_last = Invoice(
        "2026/5", dt.date(2026, 1, 5), synced_at=dt.datetime(2026, 1, 9, 17, tzinfo=UTC)
    )

    ordered = sync_order([early_but_sent_last, late_but_sent_first])

    assert ordered == [late_but_sent_first, early_but_sent_last]


def test_sync_order_by_sync_time_when_known_naive_times() -> None:
    first = Invoice("B", dt.date(2026, 1, 9), synced_at=dt.datetime(2026, 1, 9, 8))
    second = Invoice("A", dt.date(2026, 1, 5), synced_at=dt.datetime(2026, 1, 9, 9))

    assert sync_order([second, first]) == [first, second]


def test_sync_order_by_date_when_sync_time_is_unknown() -> None:
    later = Invoice("2026/1", dt.date(2026, 1, 9))
    earlier = Invoice("2026/2", dt.date(2026, 1, 5))

    assert sync_order([later, earlier]) == [earlier, later]


def test_sync_order_by_date_then_number_compared_naturally() -> None:
    tenth = Invoice("2026/10", dt.date(2026, 1, 5))
    ninth = Invoice("2026/9", dt.date(2026, 1, 5))

    assert sync_order([tenth, ninth]) == [ninth, tenth]


def test_sync_order_falls_back_to_dates_when_a_sync_time_is_missing() -> None:
    # Comparing moments with days would be a guess: dates decide for all.
    sent_late = Invoice(
        "2026/1", dt.date(2026, 1, 1), synced_at=dt.datetime(2026, 3, 1, tzinfo=UTC)
    )
    unknown = Invoice("2026/2", dt.date(2026, 1, 2))

    assert sync_order([unknown, sent_late]) == [sent_late, unknown]


def test_sync_order_invoice_and_credit_note_sharing_date_and_number() -> None:
    invoice = Invoice("7", dt.date(2026, 1, 5))
    credit_note = CreditNote("7", dt.date(2026, 1, 5))

    assert sync_order([invoice, credit_note]) == sync_order([credit_note, invoice])


def test_sync_order_of_nothing_is_empty() -> None:
    assert sync_order([]) == []


def test_date_order_ignores_sync_times() -> None:
    sent_first = Invoice("B", dt.date(2026, 1, 9), synced_at=dt.datetime(2026, 1, 1, tzinfo=UTC))
    sent_last = Invoice("A", dt.date(2026, 1, 5), synced_at=dt.datetime(2026, 2, 1, tzinfo=UTC))

    assert date_order([sent_first, sent_last]) == [sent_last, sent_first]


# -- hypothesis -------------------------------------------------------------

_PREFIXES = st.sampled_from(["", "2026/", "C", "INV-", "2026-01-"])


@PROPERTIES
@given(_PREFIXES, st.lists(st.integers(min_value=0, max_value=10**6), unique=True, max_size=12))
def test_property_natural_order_is_numeric_order_for_one_prefix(
    prefix: str, values: list[int]
) -> None:
    numbers = [f"{prefix}{value}" for value in values]

    assert sorted(numbers, key=natural_key) == [f"{prefix}{value}" for value in sorted(values)]


@PROPERTIES
@given(st.lists(st.text(max_size=8), max_size=12))
def test_property_natural_key_is_a_total_order_on_any_text(numbers: list[str]) -> None:
    ordered = sorted(numbers, key=natural_key)

    assert sorted(ordered) == sorted(numbers)
    for left, right in pairwise(ordered):
        assert natural_key(left) <= natural_key(right)
        assert (natural_key(left) == natural_key(right)) == (left == right)


_SYNCED_DOCUMENTS = st.lists(
    st.builds(
        lambda kind, number, date, minutes: kind(
            f"2026/{number}",
            date,
            synced_at=None
            if minutes is None
            else dt.datetime(2026, 1, 1) + dt.timedelta(minutes=minutes),
        ),
        st.sampled_from([Invoice, CreditNote]),
        st.integers(min_value=1, max_value=50),
        st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 1, 10)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=60 * 24 * 10)),
    ),
    max_size=12,
    unique_by=lambda document: document.ref,
)


@PROPERTIES
@given(_SYNCED_DOCUMENTS, st.randoms(use_true_random=False))
def test_property_sync_order_does_not_depend_on_input_order(
    documents: list[Invoice | CreditNote], rng: Random
) -> None:
    shuffled = list(documents)
    rng.shuffle(shuffled)

    ordered = sync_order(documents)

    assert sync_order(shuffled) == ordered
    assert sorted(map(id, ordered)) == sorted(map(id, documents))


@PROPERTIES
@given(_SYNCED_DOCUMENTS)
def test_property_sync_order_is_by_sync_time_when_all_known(
    documents: list[Invoice | CreditNote],
) -> None:
    ordered = sync_order(documents)

    if all(document.synced_at is not None for document in documents):
        times = [document.synced_at for document in ordered]
        assert times == sorted(times)  # type: ignore[type-var]
    else:
        days = [document.date for document in ordered]
        assert days == sorted(days)

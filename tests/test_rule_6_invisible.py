"""§6: a number or code holding an invisible character is refused, naming it.

Text copied from a web page or a PDF often carries a zero-width space, a
direction mark or a soft hyphen. Such a number looks like another but is not
equal to it, and §3.8's comparison (white space and case aside) does not
remove it: "2026/1" and "2026/1\u200b" were two documents, and a reference
written with one named nothing. The library never repairs input silently: it
refuses the value, naming the character.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from booking_reconcile import (
    Booking,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
    read_documents,
)
from booking_reconcile.errors import InputFormatError, InvalidValueError

DAY = dt.date(2026, 1, 5)

INVISIBLE = [
    pytest.param("\u200b", "U+200B ZERO WIDTH SPACE", id="zero-width-space"),
    pytest.param("\u200f", "U+200F RIGHT-TO-LEFT MARK", id="right-to-left-mark"),
    pytest.param("\u200d", "U+200D ZERO WIDTH JOINER", id="zero-width-joiner"),
    pytest.param("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE", id="byte-order-mark"),
    pytest.param("\u00ad", "U+00AD SOFT HYPHEN", id="soft-hyphen"),
]

BUILDERS: list[tuple[str, Callable[[str], object], str]] = [
    ("invoice", lambda text: Invoice(text, DAY, 1), "number"),
    ("reference", lambda text: Booking("70", 1, DAY, reference=text), "reference"),
    ("ref", lambda text: DocumentRef(DocumentKind.INVOICE, text), "number"),
    ("journal", lambda text: Journal(text), "code"),
    ("booking-journal", lambda text: Booking(text, 1, DAY), "journal"),
    ("integration", lambda text: Integration(text, "71"), "invoice_journal"),
]


@pytest.mark.parametrize(("character", "name"), INVISIBLE)
@pytest.mark.parametrize(("what", "build", "field"), BUILDERS, ids=[b[0] for b in BUILDERS])
def test_rule_6_a_code_with_an_invisible_character_is_refused_naming_it(
    character: str, name: str, what: str, build: Callable[[str], object], field: str
) -> None:
    with pytest.raises(InvalidValueError) as refused:
        build(f"20{character}26/1")
    message = str(refused.value)
    assert f"{field} " in message
    assert f"holds an invisible character, {name}" in message
    assert "remove it where the value came from" in message


def test_rule_6_visible_text_that_is_not_ascii_is_still_a_number() -> None:
    # Letters, accents and white space inside a number are what people write.
    for number in ("Fäktur-1", "2026 / 5", "2026\xa0/\xa05", "№ 7", "A\nB"):
        assert Invoice(number, DAY, 1).number == number


def test_rule_6_a_file_with_an_invisible_character_in_a_number_names_its_line() -> None:
    text = "kind,number,date,booking_number\ninvoice,2026/1,2026-01-05,1\ninvoice,2026/\u200b2,2026-01-06,2\n"
    with pytest.raises(InputFormatError) as refused:
        read_documents(text, source="d.csv")
    message = str(refused.value)
    assert message.startswith("d.csv, line 3, field 'number': ")
    assert "U+200B ZERO WIDTH SPACE" in message

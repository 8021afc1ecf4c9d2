"""The .xlsx reader: faithfully or not at all (formulas, merged cells, the real extent, bounds, damage)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booking_reconcile import DocumentKind, Invoice
from booking_reconcile.errors import InputFormatError
from booking_reconcile.readers import documents_reading, read_bookings, read_documents
from booking_reconcile.reading import ABOVE_THE_HEADER, DRAFT, TOTALS
from booking_reconcile.sheets import MAX_COLUMNS, Sheet, read_sheet

openpyxl: Any = pytest.importorskip("openpyxl")

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
SHEET = "xl/worksheets/sheet1.xml"


def workbook(*rows: tuple[object, ...], merged: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    if merged:
        book.active.merge_cells(merged)
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


def with_part(data: bytes, name: str, change: Any) -> bytes:
    """``data`` with the part ``name`` changed (``change`` gives its new bytes, or None to drop it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == name:
                content = change(content)
                if content is None:
                    continue
            target.writestr(item.filename, content)
    return out.getvalue()


INVOICES = (
    ("Invoice number", "Invoice date", "Booking number"),
    ("2026 / 1", dt.datetime(2026, 1, 5), 1001),
    ("2026 / 2", dt.datetime(2026, 1, 6), 1002),
)


def test_a_french_overview_with_real_date_cells_reads_as_saved() -> None:
    data = (EXPORTS / "factures-fr.xlsx").read_bytes()
    reading = documents_reading(read_sheet(data, source="factures.xlsx"), kind=DocumentKind.INVOICE)
    assert reading.records == (
        Invoice("2026 / 1", dt.date(2026, 1, 5), 1001),
        Invoice("2026 / 2", dt.date(2026, 1, 6), 1002),
        Invoice("2026 / 3", dt.date(2026, 1, 16), 1002),
    )
    assert reading.skipped_lines(ABOVE_THE_HEADER) == (1,)
    assert reading.skipped_lines(DRAFT) == (5,)
    assert reading.skipped_lines(TOTALS) == (7,)


def test_a_formula_without_a_saved_value_is_refused_naming_the_cell() -> None:
    data = workbook(*INVOICES, ("2026 / 3", dt.datetime(2026, 1, 7), "=C3+1"))
    with pytest.raises(InputFormatError) as caught:
        read_sheet(data, source="facturen.xlsx")
    assert str(caught.value) == (
        "facturen.xlsx: cell C4 holds a formula whose value was never saved; open and save "
        "the file in Excel, or export CSV"
    )


def test_a_formula_with_its_saved_value_reads_the_value() -> None:
    data = workbook(*INVOICES, ("2026 / 3", dt.datetime(2026, 1, 7), "=C3+1"))
    saved = with_part(
        data, SHEET, lambda xml: xml.replace(b"<f>C3+1</f><v />", b"<f>C3+1</f><v>1003</v>")
    )
    (*_, third) = read_documents(read_sheet(saved), kind=DocumentKind.INVOICE)
    assert third.booking_number == 1003


def test_a_merged_range_over_the_records_is_refused_naming_it() -> None:
    data = workbook(
        ("journal", "booking_number", "date"),
        ("70", 1001, dt.datetime(2026, 1, 5)),
        (None, 1002, dt.datetime(2026, 1, 6)),
        merged="A2:A3",
    )
    with pytest.raises(InputFormatError) as caught:
        read_bookings(read_sheet(data, source="b.xlsx"))
    assert caught.value.line == 2
    assert caught.value.reason.startswith("cells A2:A3 are merged: only the first holds the value")


def test_a_merged_title_above_the_header_is_read() -> None:
    data = workbook(("Invoices 2026",), *INVOICES, merged="A1:C1")
    assert len(read_documents(read_sheet(data), kind=DocumentKind.INVOICE)) == 2


@pytest.mark.parametrize("dimension", ["A1:A1", "A1:XFD1048576"])
def test_the_sheets_real_extent_is_read_not_its_dimension(dimension: str) -> None:
    data = workbook(*INVOICES, ("2026 / 3", dt.datetime(2026, 1, 7), 1003))
    lying = with_part(
        data,
        SHEET,
        lambda xml: re.sub(
            rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), xml
        ),
    )
    sheet = read_sheet(lying)
    assert [row[0] for row in sheet.rows] == ["Invoice number", "2026 / 1", "2026 / 2", "2026 / 3"]


def test_a_sheet_past_the_bounds_is_refused_before_its_cells_are_read() -> None:
    book = openpyxl.Workbook()
    book.active.append(["Invoice number", "Invoice date", "Booking number"])
    book.active.cell(row=1_048_576, column=16_384, value="x")
    saved = io.BytesIO()
    book.save(saved)
    with pytest.raises(InputFormatError) as caught:
        read_sheet(saved.getvalue(), source="big.xlsx")
    assert caught.value.reason.startswith("has cells up to row 1048576 and column 16384")
    assert f"{MAX_COLUMNS} columns" in caught.value.reason


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda data: with_part(data, SHEET, lambda xml: xml[: len(xml) // 2]),
            id="truncated-sheet",
        ),
        pytest.param(lambda data: with_part(data, SHEET, lambda xml: None), id="no-sheet"),
        pytest.param(
            lambda data: with_part(data, "xl/workbook.xml", lambda xml: None), id="no-workbook"
        ),
        pytest.param(lambda data: with_part(data, SHEET, lambda xml: b"<worksheet"), id="bad-xml"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated-zip"),
        pytest.param(lambda data: b"PK\x03\x04" + bytes(100), id="not-a-zip"),
    ],
)
def test_every_damaged_workbook_is_the_librarys_error_naming_the_file(damage: Any) -> None:
    with pytest.raises(InputFormatError) as caught:
        read_sheet(damage(workbook(*INVOICES)), source="facturen.xlsx")
    assert caught.value.source == "facturen.xlsx"


VALID = workbook(*INVOICES)
VALID_ROWS = read_sheet(VALID).rows
PARTS = tuple(zipfile.ZipFile(io.BytesIO(VALID)).namelist())


def _read_or_refuse(data: bytes) -> Sheet | None:
    try:
        sheet = read_sheet(data, source="fuzzed.xlsx")
    except InputFormatError as error:
        refused = error.source
    else:
        assert all(isinstance(cell, str) for row in sheet.rows for cell in row)
        return sheet
    assert refused == "fuzzed.xlsx"
    return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_a_sheet_with_flipped_bytes_is_read_or_refused(data: st.DataObject) -> None:
    xml = zipfile.ZipFile(io.BytesIO(VALID)).read(SHEET)
    flips = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(xml) - 1), st.integers(1, 255)), min_size=1, max_size=8
        )
    )
    changed = bytearray(xml)
    for position, mask in flips:
        changed[position] ^= mask
    _read_or_refuse(with_part(VALID, SHEET, lambda _: bytes(changed)))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PARTS), st.floats(0, 1))
def test_fuzz_a_truncated_part_is_refused_or_read_as_before(part: str, share: float) -> None:
    def cut(xml: bytes) -> bytes:
        return xml[: int(len(xml) * share)]

    sheet = _read_or_refuse(with_part(VALID, part, cut))
    assert sheet is None or part != SHEET or sheet.rows == VALID_ROWS


@pytest.mark.parametrize("part", PARTS)
def test_a_workbook_without_one_of_its_parts_is_refused_or_read_as_before(part: str) -> None:
    sheet = _read_or_refuse(with_part(VALID, part, lambda _: None))
    assert sheet is None or sheet.rows == VALID_ROWS

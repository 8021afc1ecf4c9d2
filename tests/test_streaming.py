"""The command line's streaming reading: what it changes is how much is held, never what is read.

An export is decided (its encoding) and decoded in pieces, and its records
are built as its rows arrive; a row whose date needs the file's date style
waits until a date settles it. The results and the messages are those of
reading the whole text at once.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from booking_reconcile import decoding
from booking_reconcile.cli import main
from booking_reconcile.decoding import DecodedLines, decode_export, export_encoding
from booking_reconcile.errors import InputFormatError
from booking_reconcile.exports import ExportFile, ExportOptions, Exports, snapshot_from_exports
from booking_reconcile.models import Booking, Integration, Invoice
from booking_reconcile.readers import bookings_reading, documents_reading

JAN = [dt.date(2026, 1, day) for day in range(1, 32)]


def streamed(name: str, data: bytes) -> ExportFile:
    """A file read as the command reads one: opened again each time, never given whole."""
    return ExportFile(name, b"", opener=lambda: io.BytesIO(data))


def refusal(read: Callable[[], object]) -> str:
    with pytest.raises(InputFormatError) as caught:
        read()
    return str(caught.value)


# -- the date style, settled as the file is read ---------------------------------------


def test_rows_that_wait_for_the_style_keep_their_order() -> None:
    # Lines 2 and 3 read either way; line 4 says day first; line 5 repeats line 2.
    text = (
        "kind,number,date,booking_number\n"
        "invoice,A,05-01-2026,1\n"
        "invoice,B,06-01-2026,2\n"
        "invoice,C,28-01-2026,3\n"
        "invoice,A,07-01-2026,4\n"
    )
    message = refusal(lambda: documents_reading(text, source="d.csv"))
    assert message.startswith(
        "d.csv, line 5, field 'number': invoice A appears twice, on lines 2 and 5"
    )


def test_a_file_whose_style_settles_late_reads_as_a_whole() -> None:
    rows = "".join(f"invoice,N{day},{day:02}-01-2026,{day}\n" for day in range(1, 14))
    reading = documents_reading("kind,number,date,booking_number\n" + rows, source="d.csv")
    assert [document.date for document in reading.records] == JAN[:13]


def test_a_date_refused_before_the_style_is_settled_is_refused_in_its_words() -> None:
    text = "kind,number,date,booking_number\ninvoice,A,someday,1\ninvoice,B,28/01/2026,2\n"
    message = refusal(lambda: documents_reading(text, source="d.csv"))
    assert "line 2, field 'date': 'someday' is not a date in a form this reader accepts" in message
    assert "or day first (31-01-2026, 31/01/2026, 31.01.2026)" in message


def test_more_dates_refused_than_shown_are_counted() -> None:
    rows = "".join(f"invoice,N{n},someday,{n + 1}\n" for n in range(30))
    text = "kind,number,date,booking_number\n" + rows + "invoice,Z,28/01/2026,99\n"
    message = refusal(lambda: documents_reading(text, source="d.csv"))
    assert message.startswith("d.csv: 30 lines cannot be read")
    assert message.endswith("\nand 10 more")


def test_a_contradiction_found_after_the_style_settled_is_still_refused() -> None:
    text = "journal;booking_number;date\n70;1;28-01-2026\n70;2;01-28-2026\n"
    message = refusal(lambda: bookings_reading(text, source="b.csv"))
    assert "writes dates day first ('28-01-2026' on line 2) and month first" in message


def test_entry_lines_far_apart_are_one_booking() -> None:
    text = (
        "journal;booking_number;date;reference\n"
        "70;1;2026-01-05;A\n"
        "70;2;2026-01-06;B\n"
        "70;1;2026-01-05;A\n"
    )
    assert bookings_reading(text, source="b.csv").records == (
        Booking("70", 1, JAN[4], reference="A"),
        Booking("70", 2, JAN[5], reference="B"),
    )


# -- decoding in pieces --------------------------------------------------------------------


@pytest.mark.parametrize("piece", [1, 2, 3, 7])
@pytest.mark.parametrize(
    "data",
    [
        "Numéro;Date\r\n€ 1;x\n".encode(),
        "Numéro;Date\r\n€ 1;x\n".encode("cp1252"),
        b"\xef\xbb\xbf" + "Numéro\n".encode(),
        b"\xff\xfe" + "Numéro\r\nx\n".encode("utf-16-le"),
        b"a\nb\n\x81\nc",
        b"\xff\xfe" + "ab\n".encode("utf-16-le") + b"x",
    ],
    ids=["utf-8", "cp1252", "bom", "utf-16", "undecodable", "odd utf-16"],
)
def test_deciding_in_pieces_is_deciding_at_once(
    monkeypatch: pytest.MonkeyPatch, piece: int, data: bytes
) -> None:
    monkeypatch.setattr(decoding, "_PIECE", piece)
    try:
        whole: decoding.Decoded | str = decode_export(data, source="f.csv")
    except InputFormatError as error:
        whole = str(error)
    if isinstance(whole, str):
        assert refusal(lambda: export_encoding(lambda: io.BytesIO(data), source="f.csv")) == whole
        return
    encoding, skip = export_encoding(lambda: io.BytesIO(data), source="f.csv")
    assert encoding == whole.encoding
    lines = DecodedLines(lambda: io.BytesIO(data), encoding, skip, "f.csv")
    assert "".join(lines) == whole.text.removeprefix("\ufeff")


def test_decoded_lines_are_split_as_text_is() -> None:
    text = "a\rb\r\nc\n" + "x" * 9000 + "\r" + "\n" + "é\u2028f"
    lines = DecodedLines(lambda: io.BytesIO(text.encode()), "utf-8", 0, "f.csv")
    assert list(lines) == list(io.StringIO(text, newline=""))
    assert list(lines) == list(lines)


# -- what is held ----------------------------------------------------------------------------


def test_a_streamed_export_reads_as_its_bytes_do() -> None:
    documents = (
        "Factuurnummer;Factuurdatum;Boekingsnummer\n2026/1;05-01-2026;1001\n2026/2;28-01-2026;1001\n"
    ).encode("cp1252")
    bookings = b"journal,booking_number,date,document_number\n70,1001,2026-01-05,2026/1\n"
    options = ExportOptions(integration=Integration("70", "71"))
    at_once = snapshot_from_exports(
        Exports(invoices=ExportFile("i.csv", documents), bookings=ExportFile("b.csv", bookings)),
        options,
    )
    piecewise = snapshot_from_exports(
        Exports(invoices=streamed("i.csv", documents), bookings=streamed("b.csv", bookings)),
        options,
    )
    assert piecewise == at_once
    assert piecewise.snapshot.documents[1] == Invoice("2026/2", JAN[27], 1001)


def test_refusing_a_streamed_file_of_bad_lines_takes_no_more_memory_than_reading_it() -> None:
    count = 20_000
    good = "number,date,booking_number\n" + "".join(
        f"A{n},2026-01-10,{n + 1}\n" for n in range(count)
    )
    bad = "number,date,booking_number\n" + "".join(f"A{n},someday,{n + 1}\n" for n in range(count))
    options = ExportOptions(integration=Integration("70", "71"))

    def peak(text: str) -> int:
        exports = Exports(invoices=streamed("i.csv", text.encode()))
        tracemalloc.start()
        try:
            snapshot_from_exports(exports, options)
        except InputFormatError:
            pass
        finally:
            _, top = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return top

    assert peak(bad) * 4 < peak(good)


def test_the_command_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    documents = tmp_path / "documents.csv"
    documents.write_text("kind,number,date,booking_number\ninvoice,A,2026-01-05,1\n")
    assert main(["check", str(documents), "--quiet"]) == 0
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()

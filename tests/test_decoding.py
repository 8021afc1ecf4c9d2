"""Bytes to text per file: a byte order mark decides, valid UTF-8 is UTF-8, else the encoding given or cp1252."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from booking_reconcile.decoding import Decoded, decode_export
from booking_reconcile.errors import InputFormatError

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"


def test_files_of_three_encodings_are_read_in_one_run() -> None:
    read = {
        name: decode_export((EXPORTS / name).read_bytes(), source=name)
        for name in (
            "teamleader-facturen-bom.csv",
            "teamleader-creditnotas.csv",
            "exact-verkoopboekingen-nl.csv",
        )
    }
    assert {name: decoded.encoding for name, decoded in read.items()} == {
        "teamleader-facturen-bom.csv": "utf-8",
        "teamleader-creditnotas.csv": "utf-8",
        "exact-verkoopboekingen-nl.csv": "cp1252",
    }
    assert read["teamleader-facturen-bom.csv"].text.startswith("Factuurnummer;")
    assert "Taart café De Hoek" in read["exact-verkoopboekingen-nl.csv"].text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "Numéro\n".encode(), Decoded("Numéro\n", "utf-8")),
        (codecs.BOM_UTF16_LE + "Numéro\n".encode("utf-16-le"), Decoded("Numéro\n", "utf-16-le")),
        (codecs.BOM_UTF16_BE + "Numéro\n".encode("utf-16-be"), Decoded("Numéro\n", "utf-16-be")),
        (codecs.BOM_UTF32_LE + "Numéro\n".encode("utf-32-le"), Decoded("Numéro\n", "utf-32-le")),
    ],
    ids=["utf-8", "utf-16-le", "utf-16-be", "utf-32-le"],
)
def test_a_byte_order_mark_decides_over_the_encoding_given(data: bytes, expected: Decoded) -> None:
    assert decode_export(data, source="f.csv", encoding="cp1252") == expected
    assert decode_export(data, source="f.csv") == expected


def test_valid_utf8_is_utf8_whatever_encoding_is_given() -> None:
    data = "Numéro;Date\n".encode()
    assert decode_export(data, source="f.csv", encoding="latin-1") == Decoded(
        "Numéro;Date\n", "utf-8"
    )


def test_otherwise_the_encoding_given_else_cp1252() -> None:
    data = "Numéro;Œuvre\n".encode("cp1252")
    assert decode_export(data, source="f.csv") == Decoded("Numéro;Œuvre\n", "cp1252")
    assert decode_export(data, source="f.csv", encoding="latin-1").encoding == "iso8859-1"


def test_bytes_that_cp1252_cannot_read_name_the_line() -> None:
    with pytest.raises(InputFormatError) as caught:
        decode_export(b"a\nb\n\x81\n", source="f.csv")
    assert caught.value.line == 3
    assert "byte 0x81 cannot be read" in caught.value.reason


@pytest.mark.parametrize(
    "encoding",
    ["undefined", "punycode", "rot13", "idna", "unicode_escape", "utf-16", "hex", "zlib", "nope"],
)
def test_an_encoding_that_is_no_file_encoding_is_the_librarys_error(encoding: str) -> None:
    with pytest.raises(InputFormatError) as caught:
        decode_export("Numéro\n".encode("cp1252"), source="f.csv", encoding=encoding)
    assert caught.value.source == "f.csv"
    assert "try utf-8 or cp1252" in caught.value.reason


@given(st.binary(max_size=200), st.sampled_from([None, "cp1252", "latin-1", "utf-8", "cp850"]))
def test_any_bytes_decode_or_are_refused_by_the_library(data: bytes, encoding: str | None) -> None:
    try:
        decoded = decode_export(data, source="f.csv", encoding=encoding)
    except InputFormatError:
        return
    assert isinstance(decoded.text, str)
    assert not decoded.text.startswith("\ufeff")

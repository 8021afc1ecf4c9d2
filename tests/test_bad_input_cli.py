"""The catalogue of bad input for the command line (issue 7), in a subprocess.

Whatever is wrong with the files or the options, ``booking-reconcile`` ends
with exit status 2, one line on standard error that names the file, the line
and the field (or the option), nothing on standard output and no traceback.
``tests/test_cli.py`` has the first cases; this table adds the rest of the
catalogue and the regressions found while fuzzing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from messages import one_error

DOCS = "kind,number,date,booking_number\n"
DOCS_SYNCED = "kind,number,date,booking_number,synced_at\n"
BOOKINGS = "journal,booking_number,date,document_kind,document_number\n"
GOOD_DOCS = DOCS + "invoice,A,2026-01-05,1\n"
GOOD_JSON = (
    '{"integration": {"invoice_journal": "70", "credit_note_journal": "71"},\n'
    ' "documents": [{"kind": "invoice", "number": "A", "date": "2026-01-05", '
    '"booking_number": 1}]}\n'
)

# (files to write, standard input, arguments, the pattern stderr's one line must match
# after "booking-reconcile[ COMMAND]: error: ")
CASES = [
    # CSV cells
    pytest.param(
        {"d.csv": DOCS + "invoice,A,2026-01-05,1\ninvoice,B,2026-01-06,12a\n"},
        None,
        ("check", "d.csv"),
        r"d\.csv, line 3, field 'booking_number': '12a' is not a booking number",
        id="csv-cell-12a",
    ),
    pytest.param(
        {"d.csv": DOCS + f"invoice,A,2026-01-05,{2**63}\n"},
        None,
        ("plan", "d.csv"),
        rf"d\.csv, line 2, field 'booking_number': invoice A: booking_number {2**63} is too large",
        id="csv-cell-2**63",
    ),
    pytest.param(
        {"d.csv": GOOD_DOCS, "b.csv": BOOKINGS + "70,1,2026-01-05 10:00,invoice,A\n"},
        None,
        ("check", "d.csv", "--bookings", "b.csv"),
        r"b\.csv, line 2, field 'date': '2026-01-05 10:00' has a time of day; write the date alone",
        id="csv-datetime-for-date",
    ),
    pytest.param(
        {"d.csv": GOOD_DOCS, "j.csv": "code,next_booking_number\n70,0\n"},
        None,
        ("plan", "d.csv", "--journals", "j.csv"),
        r"j\.csv, line 2, field 'next_booking_number': journal '70': next_booking_number 0 is not",
        id="csv-next-number-0",
    ),
    pytest.param(
        {"d.csv": GOOD_DOCS, "b.csv": "journal,booking_number\n70,1\n"},
        None,
        ("check", "d.csv", "--bookings", "b.csv"),
        r"b\.csv, line 1: missing column 'date'",
        id="csv-missing-column",
    ),
    pytest.param(
        {"d.csv": DOCS + "invoice,A,2026-01-05,1,70\n"},
        None,
        ("check", "d.csv"),
        r"d\.csv, line 2: has 5 fields but the header has 4",
        id="csv-extra-field",
    ),
    # files
    pytest.param({}, None, ("check", "missing.csv"), r"missing\.csv: cannot be read", id="no-file"),
    pytest.param(
        {"d.csv": GOOD_DOCS},
        None,
        ("check", "d.csv", "--bookings", "nowhere.csv"),
        r"nowhere\.csv: cannot be read",
        id="no-bookings-file",
    ),
    pytest.param(
        {"d.csv": DOCS.encode("utf-16-le")},
        None,
        ("check", "d.csv"),
        r"d\.csv: is UTF-16 text without a byte order mark; save it as CSV UTF-8",
        id="utf-16-file-without-a-byte-order-mark",
    ),
    pytest.param(
        {},
        b"kind,number,date,booking_number\ninvoice,\x81,2026-01-05,1\n",
        ("check", "-"),
        r"<stdin>, line 2: is neither UTF-8 nor cp1252 text \(byte 0x81 cannot be read\)",
        id="stdin-neither-utf8-nor-cp1252",  # regression: read as a surrogate and accepted
    ),
    # JSON
    pytest.param(
        {"s.json": GOOD_JSON.replace("]}", "]")},
        None,
        ("check", "s.json"),
        r"s\.json, line 3: is not valid JSON \(Expecting .,. delimiter",
        id="json-syntax",
    ),
    pytest.param(
        {"s.json": GOOD_JSON.replace('"booking_number": 1', '"booking_number": "1"')},
        None,
        ("plan", "s.json"),
        r"s\.json, field 'documents\[0\]\.booking_number': invoice A: booking_number '1' is not",
        id="json-number-as-text",
    ),
    pytest.param(
        {"s.json": '[{"integration": {}}]'},
        None,
        ("check", "s.json"),
        r"s\.json: is a list, not an object",
        id="json-wrong-shape",
    ),
    pytest.param(
        {
            "s.json": GOOD_JSON.replace(
                '"booking_number": 1', '"booking_number": 1, "booking_number": 2'
            )
        },
        None,
        ("check", "s.json"),
        r"s\.json, field 'booking_number': is given twice in one object \(1, then 2\)",
        id="json-key-twice",  # regression: json kept the last value silently
    ),
    pytest.param(
        {"s.json": "[" * 100_000 + "]" * 100_000},
        None,
        ("check", "s.json"),
        r"s\.json: nests lists or objects too deeply",
        id="json-too-deep",  # regression: RecursionError with a traceback, exit 1
    ),
    pytest.param(
        {},
        GOOD_JSON.replace('"2026-01-05"', '"2026-02-30"').encode(),
        ("check", "-"),
        r"<stdin>, field 'documents\[0\]\.date': invoice A: date '2026-02-30' is not a calendar date",
        id="json-stdin-impossible-date",
    ),
    # options
    pytest.param(
        {"d.csv": GOOD_DOCS},
        None,
        ("plan", "d.csv", "--policy", "newest"),
        r"argument --policy: invalid choice: 'newest' .*; see booking-reconcile plan --help",
        id="unknown-policy",  # regression: argparse's usage took several lines
    ),
    pytest.param(
        {"d.csv": GOOD_DOCS},
        None,
        ("plan", "d.csv", "--format", "html"),
        r"argument --format: invalid choice: 'html'",
        id="unknown-format",
    ),
    pytest.param({}, None, (), r"the following arguments are required: COMMAND", id="no-command"),
    pytest.param(
        {"d.csv": GOOD_DOCS},
        None,
        ("plan", "d.csv", "--start-date", "2026-02-30"),
        r"--start-date: '2026-02-30' is not a calendar date",
        id="start-date-impossible",
    ),
    pytest.param(
        {"d.csv": GOOD_DOCS},
        None,
        ("plan", "d.csv", "--start-date", "2026-01-01T00:00"),
        r"--start-date: '2026-01-01T00:00' has a time of day; write the date alone$",
        id="start-date-datetime",
    ),
    *(
        pytest.param(
            {"d.csv": GOOD_DOCS},
            None,
            ("plan", "d.csv", "--fy-start-month", month),
            rf"--fy-start-month: '{month}' is not a month; give a number from 1 to 12",
            id=f"fy-start-month-{month}",
        )
        for month in ("13", "0", "-1", "seven", "7.0", "")
    ),
    pytest.param(
        {"d.csv": GOOD_DOCS},
        None,
        ("plan", "d.csv", "--fy-start-month", "\u00b2"),
        r"--fy-start-month: '\u00b2' is not a month",
        id="fy-start-month-superscript",  # regression: ValueError with a traceback
    ),
    pytest.param(
        {"d.csv": GOOD_DOCS},
        None,
        ("plan", "d.csv", "--fy-start-month", "\u0667"),
        r"--fy-start-month: '\u0667' is not a month",
        id="fy-start-month-arabic-indic",  # regression: read as 7
    ),
    pytest.param(
        {"d.csv": GOOD_DOCS},
        None,
        ("check", "d.csv", "--credit-note-journal", " 71"),
        r"--credit-note-journal: ' 71' has white space around it; give '71'",
        id="journal-option-space",
    ),
    # records that contradict each other
    pytest.param(
        {"d.csv": DOCS + "invoice,A,2026-01-05,1\ninvoice,A,2026-01-06,2\n"},
        None,
        ("check", "d.csv"),
        r"d\.csv, line 3, field 'number': invoice A appears twice, on lines 2 and 3",
        id="duplicate-document",  # regression: named no file and no line
    ),
    pytest.param(
        {"d.csv": DOCS + 'invoice,"A\nB",2026-01-05,1\ninvoice,"A\nB",2026-01-06,2\n'},
        None,
        ("check", "d.csv"),
        r"d\.csv, line 5, field 'number': invoice 'A\\nB' appears twice, on lines 3 and 5",
        id="duplicate-document-with-line-end",  # regression: a message of two lines
    ),
    pytest.param(
        {"d.csv": GOOD_DOCS, "b.csv": BOOKINGS + "70,1,2026-01-05,invoice,A\n70,1,2026-01-07,,\n"},
        None,
        ("check", "d.csv", "--bookings", "b.csv"),
        r"d\.csv \+ b\.csv: booking #1 in journal 70 appears twice in journal 70",
        id="duplicate-booking",
    ),
    pytest.param(
        {"d.csv": GOOD_DOCS, "b.csv": BOOKINGS + "70,2,2026-01-05,credit_note,A\n"},
        None,
        ("check", "d.csv", "--bookings", "b.csv"),
        r"d\.csv \+ b\.csv: booking #2 in journal 70 refers to credit note A, which is not",
        id="booking-for-unknown-document",
    ),
    pytest.param(
        {
            "d.csv": GOOD_DOCS,
            "b.csv": BOOKINGS + "90,5,2026-01-05,,\n",
            "j.csv": "code\n70\n71\n",
        },
        None,
        ("plan", "d.csv", "--bookings", "b.csv", "--journals", "j.csv"),
        r"d\.csv \+ b\.csv \+ j\.csv: booking #5 in journal 90 uses journal '90', which is not",
        id="unknown-journal",
    ),
    pytest.param(
        {
            "d.csv": DOCS_SYNCED + "invoice,A,2026-01-05,1,2026-01-05T09:00:00\n"
            "invoice,B,2026-01-06,2,2026-01-06T09:00:00+01:00\n"
        },
        None,
        ("check", "d.csv"),
        r"d\.csv, line 3, field 'synced_at': invoice B: synced_at '2026-01-06T09:00:00\+01:00' "
        r"has a time zone, but '2026-01-05T09:00:00' on line 2 has none",
        id="naive-and-aware-sync-times",
    ),
]


@pytest.mark.parametrize(("files", "stdin", "arguments", "stderr"), CASES)
def test_bad_input_ends_in_one_line_and_exit_2(
    tmp_path: Path,
    files: dict[str, str | bytes],
    stdin: bytes | None,
    arguments: tuple[str, ...],
    stderr: str,
) -> None:
    for name, content in files.items():
        if isinstance(content, bytes):
            (tmp_path / name).write_bytes(content)
        else:
            (tmp_path / name).write_text(content, encoding="utf-8", newline="")
    result = subprocess.run(
        [sys.executable, "-m", "booking_reconcile", *arguments],
        cwd=tmp_path,
        input=stdin or b"",
        capture_output=True,
        check=False,
    )
    out = result.stdout.decode("utf-8", "replace")
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    assert out == ""
    assert "Traceback" not in err
    assert err.endswith("\n")
    message = one_error(err)
    assert re.match(r"booking-reconcile( \w+)?: error: " + stderr, message), err


@pytest.mark.skipif(sys.platform == "win32", reason="closes file descriptor 0 before exec")
def test_dash_without_standard_input(tmp_path: Path) -> None:
    """Regression: with standard input closed (``<&-``), - raised AttributeError."""
    result = subprocess.run(
        [sys.executable, "-m", "booking_reconcile", "check", "-"],
        cwd=tmp_path,
        capture_output=True,
        preexec_fn=lambda: os.close(0),
        check=False,
    )
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    assert result.stdout == b""
    assert one_error(err) == (
        "booking-reconcile: error: <stdin>: is closed; give the file's name instead of -, "
        "or pipe the file in"
    )

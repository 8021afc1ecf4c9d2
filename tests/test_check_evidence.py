"""``check`` and the plan's summary say every finding of DOMAIN §3.8's evidence, and lead with it.

DOMAIN §3.8: "the library reconciles the two sides by evidence, and says
what it could not explain, before planning ... The plan's summary leads
with these". ``check`` is the command (and ``check --batch`` the nightly
run) that tells a person whether something is to do: every §3.8 finding
appears in its text, its JSON ``evidence`` and its batch answer, before the
collisions and stale documents it casts doubt on, and a snapshot whose plan
has a blocker is never "clean" (exit 0) while ``plan`` exits 1 on it.

The cases are the review's shapes (evidence finding F3, F15), as files made
in ``tmp_path``: invoices stale before the first booking (an export filtered
by date), the credit notes missing, and the bookings' reference column
missing.
"""

from __future__ import annotations

import ast
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import booking_reconcile.evidence_documents
import booking_reconcile.evidence_rules
import booking_reconcile.evidence_runs
from booking_reconcile import Booking, Integration, Invoice, Snapshot, plan_repair
from booking_reconcile.batch import check_one
from booking_reconcile.cli import main
from booking_reconcile.formats import (
    check_report_to_text,
    check_to_dict,
    check_to_markdown,
    check_to_text,
    plan_to_html,
    plan_to_markdown,
    plan_to_text,
)
from booking_reconcile.formats._rows import EVIDENCE, check_summary
from booking_reconcile.verdict import check_snapshot

INTEGRATION = Integration("70", "71")


def filtered_by_date() -> Snapshot:
    """13 December invoices stale before the first booking, 2026-01-02 (the blocker ``bookings-filtered-by-date``)."""
    december = [
        Invoice(f"2025/{i}", date(2025, 12, 1) + timedelta(days=2 * i), 900 + i) for i in range(13)
    ]
    january = [
        Invoice("2026/1", date(2026, 1, 2), 913),
        Invoice("2026/2", date(2026, 1, 3), 914),
        Invoice("2026/3", date(2026, 1, 5), 915),
    ]
    bookings = [Booking("70", d.booking_number or 0, d.date, reference=d.number) for d in january]
    return Snapshot(INTEGRATION, [*december, *january], bookings=bookings)


def credit_notes_missing() -> Snapshot:
    """Journal 71 holds 2 bookings with references, no credit note read (``documents-missing``)."""
    documents = [Invoice("1", date(2026, 1, 5), 1001), Invoice("2", date(2026, 1, 6), 1002)]
    bookings = [
        Booking("70", 1001, date(2026, 1, 5), reference="1"),
        Booking("71", 1, date(2026, 1, 5), reference="C1"),
        Booking("71", 2, date(2026, 1, 7), reference="C2"),
    ]
    return Snapshot(INTEGRATION, documents, bookings=bookings)


#: The invoices of worked example A, day first; and their bookings without the reference column.
INVOICES = (
    "Invoice number;Date;Booking number\n"
    "2026/1;05-01-2026;1001\n"
    "2026/2;06-01-2026;1002\n"
    "2026/3;10-01-2026;1002\n"
    "2026/4;12-01-2026;1003\n"
)
BOOKINGS_WITHOUT_REFERENCES = (
    "Journal;Entry number;Date\n70;1001;05-01-2026\n70;1002;10-01-2026\n70;1003;12-01-2026\n"
)


def _files(tmp_path: Path) -> dict[str, list[str]]:
    """Each case's command-line inputs, written to ``tmp_path``."""
    for name, snapshot in (
        ("filtered", filtered_by_date()),
        ("cn_missing", credit_notes_missing()),
    ):
        (tmp_path / f"{name}.json").write_text(json.dumps(snapshot.to_dict()), encoding="utf-8")
    (tmp_path / "inv4.csv").write_text(INVOICES, encoding="utf-8")
    (tmp_path / "bk_noref.csv").write_text(BOOKINGS_WITHOUT_REFERENCES, encoding="utf-8")
    return {
        "filtered": [str(tmp_path / "filtered.json")],
        "cn_missing": [str(tmp_path / "cn_missing.json")],
        "no_reference": [
            "--invoices",
            str(tmp_path / "inv4.csv"),
            "--bookings",
            str(tmp_path / "bk_noref.csv"),
            "--day-first",
            "--documents-complete",
        ],
    }


#: Each case's §3.8 rules (the plan's), blockers first.
EXPECTED = {
    "filtered": ["bookings-filtered-by-date", "mostly-stale"],
    "cn_missing": ["documents-missing"],
    "no_reference": [
        "no-booking-names-a-document",
        "booking-unlinked",
        "booking-unlinked",
        "booking-unlinked",
    ],
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "error" not in err, err
    return status, out


def _words(text: str) -> str:
    """``text`` with its wrapping undone: every run of white space one space."""
    return " ".join(text.split())


def _plan_json(capsys: pytest.CaptureFixture[str], inputs: list[str]) -> tuple[int, Any]:
    status, out = _run(capsys, "plan", *inputs, "--format", "json")
    return status, json.loads(out)


def _evidence_of(plan: Any) -> list[dict[str, Any]]:
    return [f for f in (*plan["blockers"], *plan["warnings"]) if f["rule"] in EVIDENCE]


# -- which findings are §3.8's ---------------------------------------------------


def _rules_worded_by(module: object) -> set[str]:
    """The rule of every ``Finding("rule", ...)`` the module's source builds."""
    tree = ast.parse(Path(str(getattr(module, "__file__", ""))).read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "Finding"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_rule_3_8_every_evidence_rule_is_shown_as_evidence() -> None:
    # The evidence rules (DOMAIN §3.8) are the ones evidence_rules,
    # evidence_documents (the documents side) and evidence_runs word: a new rule there is shown
    # by check and leads the summary without a second list.
    rules = (
        _rules_worded_by(booking_reconcile.evidence_rules)
        | _rules_worded_by(booking_reconcile.evidence_documents)
        | _rules_worded_by(booking_reconcile.evidence_runs)
    )
    assert rules >= {
        "bookings-missing",
        "mostly-stale",
        "bookings-filtered-by-date",
        "documents-missing",
        "no-booking-names-a-document",
        "booking-unlinked",
        "linked-by-number",
        "reference-names-no-document",
    }
    assert rules == EVIDENCE


# -- check: text, JSON, exit status ------------------------------------------------


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_rule_3_8_check_json_evidence_is_every_evidence_finding_of_the_plan(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = _files(tmp_path)[case]
    _, plan = _plan_json(capsys, inputs)
    _, out = _run(capsys, "check", *inputs, "--format", "json")
    check = json.loads(out)
    assert [f["rule"] for f in check["evidence"]] == EXPECTED[case]
    assert [(f["rule"], f["message"]) for f in check["evidence"]] == [
        (f["rule"], f["message"]) for f in _evidence_of(plan)
    ]
    blockers = {f["message"] for f in plan["blockers"]}
    assert [f["blocker"] for f in check["evidence"]] == [
        f["message"] in blockers for f in check["evidence"]
    ]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_rule_3_8_check_text_says_the_evidence_before_what_it_casts_doubt_on(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = _files(tmp_path)[case]
    _, plan = _plan_json(capsys, inputs)
    _, text = _run(capsys, "check", *inputs)
    words = _words(text)
    positions = [words.index(_words(finding["message"])) for finding in _evidence_of(plan)]
    assert len(positions) == len(EXPECTED[case])
    # Before the summary's counts and before the tables of what it casts doubt on.
    later = [words.find(marker) for marker in (" collision", "Collisions ", "Stale documents ")]
    assert max(positions) < min(p for p in later if p >= 0)
    first = words.index(_words(_evidence_of(plan)[0]["message"]))
    assert words[first - len("Blocker: ") : first] == "Blocker: "


def test_rule_3_8_check_lines_and_markdown_say_every_evidence_finding() -> None:
    for snapshot in (filtered_by_date(), credit_notes_missing()):
        verdict = check_snapshot(snapshot)
        plan = verdict.plan
        evidence = [f for f in (*plan.blockers, *plan.warnings) if f.rule in EVIDENCE]
        assert evidence
        lines = check_to_text(verdict).splitlines()
        assert lines[1 : 1 + len(evidence)] == [
            f"{'Blocker' if f in plan.blockers else 'Warning'}: {f}" for f in evidence
        ]
        markdown = _words(check_to_markdown(verdict))
        summary = markdown.index(f"**{_words(check_summary(verdict))}**")
        for finding in evidence:
            assert 0 <= markdown.index(_words(finding.message).replace("_", "\\_")) < summary


def test_rule_3_8_check_with_a_blocker_exits_as_plan_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 13 invoices stale before the first booking: plan exits 1 (infeasible),
    # and check must not answer "nothing to repair" with exit 0.
    inputs = _files(tmp_path)["filtered"]
    plan_status, plan = _plan_json(capsys, inputs)
    assert (plan_status, plan["kind"], plan["feasible"]) == (1, "none", False)
    status, text = _run(capsys, "check", *inputs)
    assert status == 1
    words = _words(text)
    assert "nothing to repair" not in words
    assert "the plan cannot be made as it is: see the blocker" in words
    status, out = _run(capsys, "check", *inputs, "--format", "json")
    data = json.loads(out)
    assert (status, data["kind"], data["needed"], data["feasible"]) == (1, "none", False, False)
    assert "see the blocker" in data["summary"]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_rule_3_8_check_and_plan_agree_on_every_case(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = _files(tmp_path)[case]
    plan_status, _ = _plan_json(capsys, inputs)
    check_status, _ = _run(capsys, "check", *inputs, "--format", "json")
    assert plan_status == check_status == 1


def test_rule_3_8_a_warning_alone_leaves_check_clean() -> None:
    # Said complete on purpose, the filter by date is a warning: nothing to do,
    # and check says so, with the evidence shown.
    snapshot = filtered_by_date()
    on_purpose = Snapshot(
        snapshot.integration, snapshot.documents, bookings=snapshot.bookings, bookings_complete=True
    )
    verdict = check_snapshot(on_purpose)
    assert (verdict.found, verdict.status, verdict.plan.feasible) == (False, "clean", True)
    data = check_to_dict(verdict)
    assert [(f["rule"], f["blocker"]) for f in data["evidence"]] == [
        ("bookings-filtered-by-date", False),
        ("mostly-stale", False),
    ]
    assert "Warning: the bookings of journal 70 before 2026-01-02" in _words(
        check_report_to_text(verdict, width=80)
    )


def test_rule_3_8_batch_answer_with_a_blocker_is_found_with_its_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, snapshot in (
        ("filtered", filtered_by_date()),
        ("cn_missing", credit_notes_missing()),
    ):
        (folder / f"{name}.json").write_text(json.dumps(snapshot.to_dict()), encoding="utf-8")
    status = main(["check", "--batch", str(folder)])
    out, err = capsys.readouterr()
    answers = {Path(a["source"]).stem: a for a in map(json.loads, out.splitlines())}
    assert status == 1
    assert err.strip().endswith("2 answers: 2 found")
    filtered = answers["filtered"]
    assert (filtered["status"], filtered["kind"]) == ("found", "none")
    assert filtered["plan"]["feasible"] is False
    assert [f["rule"] for f in filtered["evidence"]] == EXPECTED["filtered"]
    assert [f["blocker"] for f in filtered["evidence"]] == [True, False]
    assert answers["cn_missing"]["status"] == "found"
    assert [f["rule"] for f in answers["cn_missing"]["evidence"]] == ["documents-missing"]


def test_rule_3_8_batch_answer_without_evidence_has_no_evidence_key() -> None:
    # The answers of administrations without evidence stay as they were, so
    # that --since does not see every administration changed.
    a = Invoice("A", date(2026, 1, 5), 1001)
    clean = Snapshot(INTEGRATION, [a], bookings=[Booking("70", 1001, a.date, a.ref)])
    answer = check_one(clean.to_dict())
    assert answer["status"] == "clean"
    assert "evidence" not in answer


# -- the plan's summary leads with the evidence ------------------------------------


def _wrong(text: str) -> str:
    words = _words(text)
    start = words.index("Wrong: ")
    return words[start : re.compile(r" (Nothing )?[Tt]o do: ").search(words, start).start()]


def test_rule_3_8_the_plan_summary_leads_with_missing_documents() -> None:
    snapshot = credit_notes_missing()
    wrong = _wrong(plan_to_text(plan_repair(snapshot), snapshot, width=200))
    assert wrong.startswith("Wrong: the credit notes look missing: journal 71 holds 2 bookings")
    assert wrong.index("look missing") < wrong.index("Nothing collides yet")


def test_rule_3_8_the_plan_summary_leads_with_no_booking_names_a_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, text = _run(capsys, "plan", *_files(tmp_path)["no_reference"])
    assert status == 1
    wrong = _wrong(text)
    assert wrong.startswith("Wrong: no booking names a document (3 bookings, none linked)")
    assert "3 more findings below." in wrong
    assert wrong.index("no booking names") < wrong.index("1 collision")


def test_rule_3_8_a_question_ends_its_sentence_in_the_summary() -> None:
    # "... was the right administration exported?. no two documents ..." was
    # a finding spliced into a sentence: the question ends its own sentence.
    snapshot = Snapshot(
        INTEGRATION,
        filtered_by_date().documents,
        bookings=filtered_by_date().bookings,
        bookings_complete=True,
    )
    plan = plan_repair(snapshot)
    text = plan_to_text(plan, snapshot, width=200)
    assert "?." not in text
    assert re.search(r"[.?!] [a-z]", _wrong(text)) is None, _wrong(text)
    html = plan_to_html(plan)
    assert "?." not in html


def test_rule_3_8_a_plan_with_nothing_to_do_but_a_blocker_shows_it() -> None:
    # The Markdown checklist and the HTML said "no repair is needed" and left
    # the blocker out.
    plan = plan_repair(filtered_by_date())
    assert [b.rule for b in plan.blockers] == ["bookings-filtered-by-date"]
    assert not plan.needed
    markdown = plan_to_markdown(plan)
    assert "## Blockers" in markdown
    assert "no repair is needed" not in markdown
    words = _words(markdown)
    assert words.index("the bookings of journal 70 before 2026-01-02") < words.index("## Blockers")
    html = plan_to_html(plan)
    assert "<h4>Blockers</h4>" in html
    assert "Nothing to do: no repair is needed." not in plan_to_text(plan)
    assert "see the blocker" in _words(plan_to_text(plan))

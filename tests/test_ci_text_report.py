"""The editor's report on the example project (the repository's own layout), as a person reads it.

Run from a copy of the project, against the fake E-utilities server (our own abstracts); the text
report is compared with the JSON report of the same run, so that nothing that needs attention is
left out of the short form.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.cli import EXIT_FINDINGS, EXIT_UNVERIFIED, main

MAX_LINES = 80


def test_the_default_report_fits_a_screenful_and_shows_every_error_and_warning(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--format", "json"]) == EXIT_FINDINGS
    findings = json.loads(capsys.readouterr().out)["findings"]
    urgent = [f for f in findings if f["severity"] in ("error", "warning")]

    assert main(["check"]) == EXIT_FINDINGS
    captured = capsys.readouterr()
    lines = captured.out.splitlines()

    assert len(lines) <= MAX_LINES, f"{len(lines)} lines"
    assert urgent and lines[0].startswith("Needs attention: ")
    attention = captured.out.split("\nNot checked:")[0].split("\nSupported:")[0]
    for finding in urgent:
        head = f"{finding['severity']} {finding['rule']} {finding['name']}: {finding['message']}"
        assert head in attention, head
        for field in ("claimed", "found"):
            assert f"{field}: {finding[field]}" in attention
    first_warning = captured.out.index(" warning ")
    assert all(
        captured.out.index(f"error {f['rule']}") < first_warning for f in urgent if f["severity"] == "error"
    )


def test_notes_are_not_labelled_as_mismatches_and_bib_entries_read_as_references(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check"])
    out = capsys.readouterr().out

    assert "(note: rounded from 13.80 days)" in out
    assert "figure-mismatch" not in out, "the example's only figure findings are roundings and sums"
    assert "@article" not in out and "author  =" not in out
    assert str(example) not in out, "paths are relative"


def test_the_summary_is_printed_once_on_stderr(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["--format", "github"], ["--concise"], ["--format", "json"]):
        main(["check", *argv])
        captured = capsys.readouterr()
        summary = [line for line in captured.err.splitlines() if "claims:" in line]
        assert len(summary) == 1, argv
        assert "claims:" not in captured.out, argv


def test_a_cold_offline_cache_says_not_in_the_cache_once(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in ([], ["--format", "json"]):
        assert main(["check", "--offline", *argv]) == EXIT_UNVERIFIED
        captured = capsys.readouterr()
        # What a person sees: the text report and stderr; or, with JSON on stdout, stderr alone.
        shown = captured.err if argv else captured.out + captured.err
        assert "unreachable" not in shown and "could not be reached" not in shown
        reasons = [line for line in shown.splitlines() if "7 references not in the cache" in line]
        assert len(reasons) == 1, reasons

"""``[tool.claimcheck]`` and the claims file's acknowledgements decide what is reported and how a run exits.

The project is tests/ci_project.py's: the placebo article names the wrong journal (CC201, error),
the marrow article lists a reference it never cites (CC106, warning).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ci_project import PYPROJECT, claims_document, write_project
from claimcheck.cli import EXIT_FINDINGS, EXIT_SUCCESS, EXIT_USAGE, main
from fake_eutils import FakeEutils

ACKNOWLEDGED = [{"rule": "CC201", "reason": "the editor confirmed the journal with the authors"}]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eutils_server: FakeEutils) -> Path:
    root = write_project(tmp_path / "content")
    monkeypatch.chdir(root)
    return root


def configure(root: Path, *lines: str) -> None:
    (root / "pyproject.toml").write_text(PYPROJECT + "\n".join(lines) + "\n", encoding="utf-8")


def acknowledge_journal(root: Path) -> None:
    (root / "claims" / "placebo.yaml").write_text(
        claims_document("placebo", acknowledge=ACKNOWLEDGED), encoding="utf-8"
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    status = main(["check", "--format", "json", *argv])
    return status, json.loads(capsys.readouterr().out)


def rules_of(report: dict) -> dict[str, str]:
    return {finding["rule"]: finding["severity"] for finding in report["findings"]}


def test_the_planted_findings_fail_the_default_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, report = run(capsys)

    assert rules_of(report) == {"CC201": "error", "CC106": "warning"}
    assert status == EXIT_FINDINGS


def test_ignored_rules_are_not_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configure(project, 'ignore = ["CC106"]')

    _, report = run(capsys)

    assert "CC106" not in rules_of(report)
    assert "CC201" in rules_of(report), "only the listed rule goes"


def test_an_acknowledged_error_becomes_info_with_its_reason_and_the_run_passes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    acknowledge_journal(project)

    status, report = run(capsys)

    journal = next(finding for finding in report["findings"] if finding["rule"] == "CC201")
    assert journal["severity"] == "info"
    assert ACKNOWLEDGED[0]["reason"] in journal["message"]
    assert journal["evidence"], "the evidence stays for the reader"
    placebo = next(claim for claim in report["claims"] if claim["id"] == "placebo-1")
    assert placebo["verdict"] != "mismatch"
    assert status == EXIT_SUCCESS, "fail-on error and only a warning and an acknowledged error remain"


def test_an_acknowledgement_of_another_rule_changes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "claims" / "placebo.yaml").write_text(
        claims_document("placebo", acknowledge=[{"rule": "CC203", "reason": "a figure, not the journal"}]),
        encoding="utf-8",
    )

    status, report = run(capsys)

    assert rules_of(report)["CC201"] == "error" and status == EXIT_FINDINGS


def test_fail_on_warning_in_the_file_fails_on_a_warning(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    acknowledge_journal(project)
    configure(project, 'fail-on = "warning"')

    status, report = run(capsys)

    assert {f["severity"] for f in report["findings"]} == {"warning", "info"}
    assert status == EXIT_FINDINGS


def test_the_command_line_wins_over_the_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    acknowledge_journal(project)
    configure(project, 'fail-on = "warning"')

    assert run(capsys, "--fail-on", "error")[0] == EXIT_SUCCESS
    assert run(capsys, "--fail-on", "never")[0] == EXIT_SUCCESS
    assert run(capsys)[0] == EXIT_FINDINGS


def test_fail_on_never_passes_with_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, report = run(capsys, "--fail-on", "never")

    assert "error" in {f["severity"] for f in report["findings"]}
    assert status == EXIT_SUCCESS


def test_without_arguments_check_takes_the_globs_then_every_article_with_a_claims_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        PYPROJECT.replace('articles = ["articles/*.txt"]', 'articles = ["articles/r*.txt"]'), encoding="utf-8"
    )
    (project / "claims" / "review.yaml").unlink()  # matched by the glob: checked without a claims file
    (project / "articles" / "draft.txt").write_text("A draft nobody configured.\n", encoding="utf-8")

    _, report = run(capsys)

    checked = list(dict.fromkeys(claim["article"] for claim in report["claims"]))
    assert checked == ["articles/review.txt", "articles/marrow.txt", "articles/placebo.txt"]


def test_an_unknown_key_is_a_usage_error_naming_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(project, 'fail_on = "warning"')

    status = main(["check"])
    err = capsys.readouterr().err

    line = PYPROJECT.count("\n") + 1
    assert status == EXIT_USAGE
    assert f"pyproject.toml:{line}: unknown key 'fail_on'" in err and "fail-on" in err

"""GitHub workflow commands, with the runner's escaping for data and properties."""

from __future__ import annotations

from dataclasses import replace

from claimcheck.model import RunResult
from claimcheck.report import ReportFormat, render
from claimcheck.report.github import escape_data, escape_property, workflow_command


def test_one_annotation_per_finding_with_severity_command(result: RunResult) -> None:
    lines = render(result, ReportFormat.GITHUB).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(result.findings)
    figure = next(line for line in commands if "CC203" in line)
    assert figure.startswith(
        "::error file=articles/knee-clinic.txt,line=40,col=5,title=CC203 figure-mismatch::"
        "the review counted 1069 knees, not 1096%0Aclaimed: 1096 knees%0Afound: 1069 knees"
    )
    assert any(line.startswith("::warning file=articles/knee-clinic.txt,line=90") for line in commands)
    assert any(line.startswith("::notice file=articles/knee-clinic.txt,line=55") for line in commands)


def test_escaping_rules() -> None:
    assert escape_data("50% of\r\nall") == "50%25 of%0D%0Aall"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert (
        workflow_command("error", "x:y, z", file="a,b.txt", line="3")
        == "::error file=a%2Cb.txt,line=3::x:y, z"
    )
    assert workflow_command("notice", "plain") == "::notice::plain"


def test_every_command_stays_on_one_line(hostile_result: RunResult) -> None:
    lines = render(hostile_result, ReportFormat.GITHUB).splitlines()
    assert lines[0].startswith(
        "::error title=claimcheck%3A sources unavailable::Some claims could not be checked"
    )
    annotation = next(line for line in lines if "CC205" in line)
    assert 'file=articles/a&b "x".html,line=3,col=2,title=CC205 quote-altered::' in annotation
    assert 'found: <img src=x onerror="alert(2)">, 50%25' in annotation


def test_a_newline_in_a_path_or_claim_id_cannot_forge_a_workflow_command(result: RunResult) -> None:
    forged = "\n::add-mask::secret\n::error file=x::forged"
    finding = replace(
        result.findings[0],
        article=f"articles/a{forged}.txt",
        claim=f"id{forged}",
        message=f"message{forged}\x1b]0;title\x07",
        evidence=f"span\r{forged}",
    )
    text = render(replace(result, findings=(finding,), warnings=(f"warning{forged}",)), ReportFormat.GITHUB)

    lines = text.splitlines()
    assert [line.split(" ", 1)[0].split("::")[1] for line in lines] == ["error", "warning"]
    assert all("\x1b" not in line and "\x07" not in line for line in lines)
    assert "file=articles/a\\n%3A%3Aadd-mask%3A%3Asecret" in lines[0]


def test_the_totals_are_left_to_stderr(result: RunResult) -> None:
    assert all(line.startswith("::") for line in render(result, ReportFormat.GITHUB).splitlines())

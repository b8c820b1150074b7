"""GitHub workflow commands, with the runner's escaping for data and properties."""

from __future__ import annotations

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
    assert lines[0].startswith("::error title=claimcheck%3A sources unavailable::PubMed could not be reached")
    annotation = next(line for line in lines if "CC205" in line)
    assert 'file=articles/a&b "x".html,line=3,col=2,title=CC205 quote-altered::' in annotation
    assert 'found: <img src=x onerror="alert(2)">, 50%25' in annotation

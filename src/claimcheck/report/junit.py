"""JUnit XML, the test-report format every CI shows: an article is a suite, a claim is a test case.

A claim fails on error or warning findings, is skipped when the sources cannot decide it, and
passes otherwise; findings tied to no claim become test cases of their own. ElementTree escapes
markup; characters XML 1.0 forbids outright (most C0 controls) are first written as visible escapes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from claimcheck.model import ClaimResult, Finding, RunResult, Severity, Verdict
from claimcheck.report.layout import (
    ArticleSection,
    finding_details,
    rule_title,
    sections,
    support_detail,
)
from claimcheck.report.printable import escape_controls, one_line

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FAILING = (Severity.ERROR, Severity.WARNING)


def xml_safe(text: str) -> str:
    """Control characters escaped as in every format (line breaks kept), then what XML 1.0 still forbids."""
    shown = "\n".join(escape_controls(line) for line in text.split("\n"))
    return _XML_FORBIDDEN.sub(lambda match: f"\\u{ord(match.group(0)):04x}", shown)


def render_junit(result: RunResult) -> str:
    root = ET.Element("testsuites", name="claimcheck")
    for section in sections(result):
        _article_suite(root, section)
    if result.skipped:
        _skipped_suite(root, result.skipped)
    if result.sources_unavailable:
        _unavailable_suite(root, result.sources_unavailable)
    _count(root, root.findall("testsuite"))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _article_suite(root: ET.Element, section: ArticleSection) -> None:
    suite = ET.SubElement(root, "testsuite", name=xml_safe(section.article))
    for claim_result in section.claims:
        _claim_case(suite, claim_result)
    for found in section.reference_findings:
        name = f"{found.rule} {found.reference or 'line ' + str(found.line)}"
        case = _case(suite, name, section.article)
        _outcome(case, [found], skipped_reason="")


def _claim_case(suite: ET.Element, claim_result: ClaimResult) -> None:
    claim = claim_result.claim
    case = _case(suite, claim.id, claim.article)
    skipped_reason = ""
    if claim_result.verdict is Verdict.UNVERIFIABLE:
        skipped_reason = claim_result.reason or "the sources have no text to decide this claim"
    _outcome(
        case,
        list(claim_result.findings),
        skipped_reason=skipped_reason,
        passed=[f"supported: {support_detail(span)}" for span in claim_result.support],
    )


def _case(suite: ET.Element, name: str, classname: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", name=xml_safe(name), classname=xml_safe(classname))


def _outcome(
    case: ET.Element, findings: list[Finding], *, skipped_reason: str, passed: list[str] | None = None
) -> None:
    """One <failure> gathering every error and warning (JUnit allows one); else <skipped>; info as output."""
    failing = [found for found in findings if found.severity in _FAILING]
    if failing:
        failure = ET.SubElement(
            case,
            "failure",
            type=failing[0].rule,
            message=xml_safe("; ".join(f"{rule_title(f)}: {one_line(f.message)}" for f in failing)),
        )
        failure.text = xml_safe("\n\n".join(_finding_text(found) for found in failing))
    elif skipped_reason:
        ET.SubElement(case, "skipped", message=xml_safe(skipped_reason))
    output = [_finding_text(found) for found in findings if found.severity not in _FAILING] + (passed or [])
    if output:
        ET.SubElement(case, "system-out").text = xml_safe("\n\n".join(output))


def _finding_text(found: Finding) -> str:
    head = f"line {found.line}: {rule_title(found)} ({found.severity.value}): {one_line(found.message)}"
    return "\n".join([head, *finding_details(found)])


def _skipped_suite(root: ET.Element, skipped: tuple[str, ...]) -> None:
    suite = ET.SubElement(root, "testsuite", name="not checked (unchanged)")
    for article in skipped:
        case = _case(suite, article, "claimcheck")
        ET.SubElement(case, "skipped", message="unchanged since the reference; not checked")


def _unavailable_suite(root: ET.Element, reason: str) -> None:
    suite = ET.SubElement(root, "testsuite", name="sources")
    case = _case(suite, "PubMed reachable", "claimcheck")
    ET.SubElement(case, "error", type="SourceUnavailable", message=xml_safe(reason))


def _count(root: ET.Element, suites: list[ET.Element]) -> None:
    """Fill in the tests/failures/errors/skipped counters CI dashboards read, per suite and in total."""
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in suites:
        cases = suite.findall("testcase")
        counts = {
            "tests": len(cases),
            "failures": sum(1 for case in cases if case.find("failure") is not None),
            "errors": sum(1 for case in cases if case.find("error") is not None),
            "skipped": sum(1 for case in cases if case.find("skipped") is not None),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))

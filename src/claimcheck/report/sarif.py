"""SARIF 2.1.0, the format GitHub code scanning and most review tools import.

The driver lists the whole rule catalogue, so ``ruleIndex`` is stable from run to run; each
result carries a ``partialFingerprints`` hash of what identifies the problem (rule, claim or
reference, claimed value) and not of its line, so a finding keeps its identity when text moves.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from claimcheck import __version__
from claimcheck.model import Finding, RunResult, Severity
from claimcheck.report.json import indented_json
from claimcheck.report.layout import finding_details, sorted_findings
from claimcheck.report.printable import one_line
from claimcheck.rules import RULES

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://claimcheck.readthedocs.io/"
FINGERPRINT_KEY = "claimcheck/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_RULE_INDEX = {code: index for index, code in enumerate(RULES)}


def render_sarif(result: RunResult) -> str:
    return indented_json(sarif_document(result)) + "\n"


def sarif_document(result: RunResult) -> dict[str, Any]:
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "claimcheck",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(code) for code in RULES],
            }
        },
        "results": [_result(found) for found in sorted_findings(result.findings)],
    }
    notifications = _notifications(result)
    if notifications:
        run["invocations"] = [
            {
                "executionSuccessful": not result.sources_unavailable,
                "toolExecutionNotifications": notifications,
            }
        ]
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def fingerprint(found: Finding) -> str:
    """A hash of what the problem is, independent of where the text sits in the file."""
    parts = (found.rule, found.claim, found.reference, found.claimed)
    identity = "\0".join(parts)  # NUL-separated: ("ab", "c") and ("a", "bc") differ
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]


def artifact_uri(path: str) -> str:
    """A relative URI reference: relative to the working directory when the path is absolute."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_uri()
    return quote(PurePosixPath(*candidate.parts).as_posix())


def _rule_descriptor(code: str) -> dict[str, Any]:
    catalogued = RULES[code]
    return {
        "id": catalogued.code,
        "name": catalogued.name,
        "shortDescription": {"text": catalogued.name.replace("-", " ")},
        "fullDescription": {"text": catalogued.summary},
        "helpUri": catalogued.help_uri,
        "defaultConfiguration": {"level": _LEVELS[catalogued.severity]},
    }


def _result(found: Finding) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(found.article)}}
    if found.line > 0:
        location["region"] = {"startLine": found.line, "startColumn": max(found.column, 1)}
    return {
        "ruleId": found.rule,
        "ruleIndex": _RULE_INDEX[found.rule],
        "level": _LEVELS[found.severity],
        "message": {"text": "\n".join([one_line(found.message), *finding_details(found)])},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(found)},
    }


def _notifications(result: RunResult) -> list[dict[str, Any]]:
    """Run-level news (PubMed unreachable, skipped articles, warnings) as SARIF notifications."""
    notes = []
    if result.sources_unavailable:
        notes.append(("error", f"Some claims could not be checked: {result.sources_unavailable}"))
    notes += [("warning", warning) for warning in result.warnings]
    if result.skipped:
        notes.append(("note", f"Not checked (unchanged): {', '.join(result.skipped)}"))
    return [{"level": level, "message": {"text": one_line(text)}} for level, text in notes]

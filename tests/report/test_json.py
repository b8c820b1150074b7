"""The JSON report keeps DESIGN.md's version 1 shape exactly (keys may only be added)."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema

from claimcheck.model import RunResult
from claimcheck.report import ReportFormat, render, render_pieces
from claimcheck.report.json import indented_json, json_document, streamed_json

V1_SUMMARY = ["articles", "claims", "supported", "mismatch", "unverifiable", "unsourced"]
V1_CLAIM = ["id", "article", "line", "verdict", "cites", "pmids"]
V1_FINDING = [
    "rule",
    "name",
    "severity",
    "article",
    "line",
    "column",
    "claim",
    "reference",
    "pmid",
    "message",
    "claimed",
    "found",
    "evidence",
]


def test_top_level_and_v1_keys_come_first_in_order(result: RunResult) -> None:
    document = json.loads(render(result, ReportFormat.JSON))
    assert list(document)[:4] == ["version", "summary", "claims", "findings"]
    assert document["version"] == 1
    assert list(document["summary"]) == V1_SUMMARY
    assert all(list(claim)[: len(V1_CLAIM)] == V1_CLAIM for claim in document["claims"])
    assert all(list(found)[: len(V1_FINDING)] == V1_FINDING for found in document["findings"])


def test_values(result: RunResult) -> None:
    document = json.loads(render(result, ReportFormat.JSON))
    assert document["summary"] == {
        "articles": 2,
        "claims": 4,
        "supported": 1,
        "mismatch": 1,
        "unverifiable": 1,
        "unsourced": 1,
    }
    mismatch = next(claim for claim in document["claims"] if claim["id"] == "knee-clinic-2")
    assert {key: mismatch[key] for key in V1_CLAIM} == {
        "id": "knee-clinic-2",
        "article": "articles/knee-clinic.txt",
        "line": 40,
        "verdict": "mismatch",
        "cites": ["roe2019"],
        "pmids": ["90000002"],
    }
    figure = next(found for found in document["findings"] if found["rule"] == "CC203")
    assert {key: figure[key] for key in V1_FINDING} == {
        "rule": "CC203",
        "name": "figure-mismatch",
        "severity": "error",
        "article": "articles/knee-clinic.txt",
        "line": 40,
        "column": 5,
        "claim": "knee-clinic-2",
        "reference": "roe2019",
        "pmid": "90000002",
        "message": "the review counted 1069 knees, not 1096",
        "claimed": "1096 knees",
        "found": "1069 knees",
        "evidence": "1069 knees",
    }
    assert figure["source"] == "abstract" and figure["section"] == "Results"
    assert len(document["findings"]) == len(result.findings)


def test_supported_claims_carry_their_span(result: RunResult) -> None:
    document = json.loads(render(result, ReportFormat.JSON))
    supported = next(claim for claim in document["claims"] if claim["verdict"] == "supported")
    assert supported["support"][0]["evidence"] == "Resting pain fell by 84.31%"


def test_run_level_news(result: RunResult) -> None:
    partial = RunResult(
        articles=(),
        claims=(),
        findings=(),
        sources_unavailable="DNS failure",
        skipped=("articles/old.txt",),
        warnings=("w",),
    )
    document = json.loads(render(partial, ReportFormat.JSON))
    assert document["sources_unavailable"] == "DNS failure"
    assert document["skipped"] == ["articles/old.txt"]
    assert document["warnings"] == ["w"]


def test_output_is_stable(result: RunResult) -> None:
    assert render(result, ReportFormat.JSON) == render(result, ReportFormat.JSON)


def test_claims_name_the_source_and_section_of_their_deciding_evidence(result: RunResult) -> None:
    document = json.loads(render(result, ReportFormat.JSON))
    where = {claim["id"]: (claim["source"], claim["section"]) for claim in document["claims"]}
    assert where["knee-clinic-1"] == ("abstract", "Results"), "a supported claim: its first span"
    assert where["knee-clinic-2"] == ("abstract", "Results"), "a mismatch: its first error, the figure"
    assert where["knee-clinic-3"] == ("abstract", "Methods"), "undecided: the CC303 finding"
    assert where["hip-notes-1"] == ("article", "")
    assert all(list(claim)[-2:] == ["source", "section"] for claim in document["claims"])


def test_report_follows_the_published_schema(result: RunResult) -> None:
    """The schema ships in the package, for CI consumers; the report must follow it."""
    schema = json.loads(
        (resources.files("claimcheck.report") / "claimcheck-report-v1.schema.json").read_text(
            encoding="utf-8"
        )
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(
        json.loads(render(result, ReportFormat.JSON)), schema, cls=jsonschema.Draft202012Validator
    )


def test_the_schema_rejects_a_supported_claim_without_its_span(result: RunResult) -> None:
    schema = json.loads(
        (resources.files("claimcheck.report") / "claimcheck-report-v1.schema.json").read_text(
            encoding="utf-8"
        )
    )
    report = json.loads(render(result, ReportFormat.JSON))
    supported = next(claim for claim in report["claims"] if claim["verdict"] == "supported")
    supported["support"] = []
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(report))


def test_indented_json_writes_what_the_standard_library_writes(result: RunResult) -> None:
    """The hand-written indented encoder gives json.dumps's text, byte for byte, for every kind of value
    a report may hold and for a whole report."""
    awkward = {
        "text": 'é \u2028 " \\ \n \t \x00 \u202e \ud800 😀',
        "empty": [[], {}, ()],
        "numbers": [0, -3, 10**20, 1.5, -0.0, 1e-9, float("nan"), float("inf")],
        "constants": [True, False, None],
        "nested": {"list": [{"a": ("b", 1)}, [[["deep"]]]], "": ""},
    }
    assert indented_json(awkward) == json.dumps(awkward, indent=2, ensure_ascii=False)
    document = json_document(result)
    assert indented_json(document) == json.dumps(document, indent=2, ensure_ascii=False)


def test_the_report_comes_in_pieces_of_one_entry_that_join_to_the_whole(result: RunResult) -> None:
    """What the command line writes, a piece at a time, is the report rendered whole, byte for byte; no
    piece holds two claims or two findings, so that a large run's report is never one string."""
    pieces = list(render_pieces(result, ReportFormat.JSON))
    whole = render(result, ReportFormat.JSON)
    assert "".join(pieces) == whole
    assert "".join(pieces) == json.dumps(json_document(result), indent=2, ensure_ascii=False) + "\n"
    document = json.loads(whole)
    assert document["claims"] and document["findings"]
    assert len(pieces) > len(document["claims"]) + len(document["findings"])
    assert all(piece.count('"verdict": ') <= 1 and piece.count('"rule": ') <= 1 for piece in pieces)


def test_a_run_with_nothing_to_report_streams_empty_lists() -> None:
    empty = RunResult(articles=(), claims=(), findings=())
    text = "".join(render_pieces(empty, ReportFormat.JSON))
    assert text == json.dumps(json_document(empty), indent=2, ensure_ascii=False) + "\n"
    assert json.loads(text)["claims"] == [] and json.loads(text)["findings"] == []
    assert "".join(streamed_json({})) == json.dumps({}) + "\n"

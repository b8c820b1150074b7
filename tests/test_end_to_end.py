"""``claimcheck check`` on the example article, end to end, against the loopback E-utilities server.

The expectations follow from the fixture records in tests/fixtures/ (our own abstracts): e.g. the
Doyle fixture says "this treatment should be considered" where the article's quotation drops
"should", and the Burke record's authors are at Augusta University, the renamed Georgia Regents.
"""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from claimcheck.cli import EXIT_FINDINGS, EXIT_UNVERIFIED, main
from fake_eutils import FakeEutils

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "articles" / "stem-cell-therapy-knees.txt"
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture
def server() -> Iterator[FakeEutils]:
    with FakeEutils(FIXTURES / "pubmed", FIXTURES / "pmc") as fake:
        yield fake


REPORT_SCHEMA = json.loads(
    (REPO / "src" / "claimcheck" / "report" / "claimcheck-report-v1.schema.json").read_text(encoding="utf-8")
)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:
    """Run ``check --format json``; every report it prints must follow the published v1 schema."""
    status = main(["check", *argv, "--format", "json"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    jsonschema.validate(report, REPORT_SCHEMA, cls=jsonschema.Draft202012Validator)
    return status, report, captured.err


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/entrez/eutils/"


def test_unreachable_pubmed_still_runs_source_free_checks_and_exits_3(
    bare_article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report, err = run_json(
        capsys, str(bare_article), "--eutils-url", closed_port_url(), "--timeout", "2"
    )

    assert status == EXIT_UNVERIFIED
    assert "could not be reached" in err
    rules = {(f["rule"], f.get("reference", "")) for f in report["findings"]}
    assert ("CC106", "frisbie2009") in rules and ("CC106", "chang2015") in rules
    assert any(rule == "CC301" for rule, _ in rules)
    cited = [claim for claim in report["claims"] if claim["cites"]]
    assert cited and all(claim["verdict"] == "unverifiable" for claim in cited)


def test_example_article_alone_against_the_fake_server(
    bare_article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report, _ = run_json(capsys, str(bare_article), "--eutils-url", server.url)

    assert status == EXIT_FINDINGS
    assert report["version"] == 1
    summary = report["summary"]
    assert summary["claims"] >= 20
    assert summary["claims"] == sum(
        summary[v] for v in ("supported", "mismatch", "unverifiable", "unsourced")
    )
    assert {claim["verdict"] for claim in report["claims"]} <= {
        "supported",
        "mismatch",
        "unverifiable",
        "unsourced",
    }
    uncited = {f["reference"] for f in report["findings"] if f["rule"] == "CC106"}
    assert uncited == {"frisbie2009", "chang2015"}
    for finding in report["findings"]:
        assert finding["claimed"] and finding["found"] and finding["evidence"], finding
    # Requests grow with batches, not references: seven references, a handful of requests.
    assert len(server.log) <= 8


def test_example_findings_follow_from_the_fixture_records(
    bare_article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    _, report, _ = run_json(capsys, str(bare_article), "--eutils-url", server.url)
    by_rule: dict[str, list[dict]] = {}
    for finding in report["findings"]:
        by_rule.setdefault(finding["rule"], []).append(finding)

    altered = [
        f for f in by_rule.get("CC205", []) if f["reference"] == "doyle2020" and f["severity"] == "error"
    ]
    assert altered, "the Doyle quotation adds a parenthesis and drops 'should'"
    assert any("should" in f["message"] for f in altered)
    renamed = [f for f in by_rule.get("CC207", []) if f["reference"] == "burke2016"]
    assert renamed and all(f["severity"] == "info" for f in renamed)
    assert "Augusta University" in renamed[0]["found"]

    supported = {claim["line"] for claim in report["claims"] if claim["verdict"] == "supported"}
    assert 74 in supported, (
        "18 studies and 1069 knees, the Archives, August 2019: all in the Migliorini record"
    )
    # No false alarm: the only error is the one the fixtures imply (every other claim is supported
    # by them, rounding and synonyms included, or is unsourced).
    errors = {(f["rule"], f["reference"], f["line"]) for f in report["findings"] if f["severity"] == "error"}
    assert errors == {("CC205", "doyle2020", 68)}
    # A cited sentence that asserts nothing checkable is a claim too (the editor sees its link): it is
    # unverifiable for that reason and no other (a plain statement the abstract does not hold, when no
    # full text can be read, says so).
    plain = ("asserts nothing", "the statement is not in the abstract")
    decided = [
        c for c in report["claims"] if c["cites"] and not any(why in c.get("reason", "") for why in plain)
    ]
    assert {c["verdict"] for c in decided} <= {"supported", "mismatch"}


def test_warm_cache_rerun_makes_no_request(
    bare_article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    first_status, first, _ = run_json(capsys, str(bare_article), "--eutils-url", server.url)
    cold = len(server.log)
    second_status, second, _ = run_json(capsys, str(bare_article), "--eutils-url", server.url)

    assert cold > 0
    assert len(server.log) == cold
    assert (first_status, first) == (second_status, second)


def test_offline_uses_only_the_cache(
    bare_article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    _, online, _ = run_json(capsys, str(bare_article), "--eutils-url", server.url)
    requests_before = len(server.log)
    _, offline, _ = run_json(capsys, str(bare_article), "--offline")

    assert len(server.log) == requests_before
    assert offline["summary"] == online["summary"]


def test_offline_with_a_cold_cache_checks_nothing_that_needs_a_source(
    bare_article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report, err = run_json(capsys, str(bare_article), "--offline")

    assert status == EXIT_UNVERIFIED
    assert "offline" in err
    rules = {finding["rule"] for finding in report["findings"]}
    assert "CC101" not in rules, "a work missing from the cache is not missing from PubMed"
    assert {"CC106", "CC301"} <= rules
    assert all(claim["verdict"] in ("unverifiable", "unsourced") for claim in report["claims"])


def test_text_report_groups_claims_with_verdict_and_evidence(
    bare_article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(bare_article), "--eutils-url", server.url, "--all"])
    out = capsys.readouterr().out

    assert "SUPPORTED" in out.upper() and "MISMATCH" in out.upper()
    assert "1069 knees" in out, "--all lists the supported claims with their spans"
    assert "CC106" in out


def test_curated_project_layout(
    server: FakeEutils, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The repository's own layout: references.bib and the curated claims file are used."""
    for name in ("articles", "claims"):
        shutil.copytree(REPO / name, tmp_path / name)
    for name in ("references.bib", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))

    status, report, err = run_json(capsys, "--eutils-url", server.url)

    assert status == EXIT_FINDINGS
    assert report["summary"]["articles"] == 1
    assert report["summary"]["claims"] >= 20
    assert "has changed since" not in err
    uncited = {f["reference"] for f in report["findings"] if f["rule"] == "CC106"}
    assert uncited == {"frisbie2009", "chang2015"}


def test_refs_checks_the_bibliography_itself(
    server: FakeEutils, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(REPO / "references.bib", tmp_path / "references.bib")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))

    status = main(["refs", "--eutils-url", server.url, "--format", "json"])
    report = json.loads(capsys.readouterr().out)

    assert status == 0, "a pages difference is a warning"
    pages = [f for f in report["findings"] if f["rule"] == "CC103"]
    assert [(f["reference"], f["found"]) for f in pages] == [("migliorini2019", "853-868")]
    assert pages[0]["article"].endswith("references.bib") and pages[0]["line"] > 0
    assert not [f for f in report["findings"] if f["rule"] in ("CC101", "CC102")]


def test_cache_info_and_clear(
    bare_article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    run_json(capsys, str(bare_article), "--eutils-url", server.url)

    assert main(["cache", "info"]) == 0
    info = capsys.readouterr().out
    assert "records: 7" in info and "full texts: 2" in info
    assert main(["cache", "clear"]) == 0
    assert "removed" in capsys.readouterr().out
    main(["cache", "info"])
    assert "records: 0" in capsys.readouterr().out


def test_extract_writes_the_claims_file_and_check_then_uses_it(
    bare_article: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(bare_article), "--bib"]) == 0
    claims_file = bare_article.parent / "claims" / "article.yaml"
    assert claims_file.is_file() and "references.bib" in capsys.readouterr().err
    bib = (bare_article.parent / "references.bib").read_text(encoding="utf-8")
    assert bib.count("@article") + bib.count("@misc") == 7

    status, report, err = run_json(capsys, str(bare_article), "--eutils-url", server.url)

    assert status == EXIT_FINDINGS
    assert report["summary"]["claims"] >= 20
    assert "has changed since" not in err
    with bare_article.open("a", encoding="utf-8") as article:
        article.write("\nA late addition.\n")
    _, _, err = run_json(capsys, str(bare_article), "--eutils-url", server.url)
    assert "has changed since" in err, "the curated claims file no longer matches the article"

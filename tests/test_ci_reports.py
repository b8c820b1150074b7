"""Every report format of the example article, end to end through ``claimcheck.cli.main``.

The example project (articles/, claims/, references.bib, pyproject.toml) is copied to a temporary
directory and checked against the fake E-utilities server serving tests/fixtures. The HTML page is
rendered by headless Chromium (marker "browser"; skipped when Chromium is absent). The SARIF schema
is the OASIS 2.1.0 schema in tests/report/ (see tests/report/test_sarif.py for where it comes from).
"""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from claimcheck.cli import EXIT_FINDINGS, main
from claimcheck.model import RunResult
from claimcheck.report import ReportFormat, render
from fake_eutils import FakeEutils
from report.conftest import SUPPORTED, make_result

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = "articles/stem-cell-therapy-knees.txt"
SARIF_SCHEMA = json.loads((REPO / "tests" / "report" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CHROMIUM = Path("/usr/bin/chromium")
_CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]


def report_of(capsys: pytest.CaptureFixture[str], fmt: str, *argv: str) -> tuple[int, str]:
    status = main(["check", "--format", fmt, *argv])
    return status, capsys.readouterr().out


def json_report(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    return json.loads(report_of(capsys, "json", *argv)[1])


# --------------------------------------------------------------------------- SARIF, JUnit, GitHub


def test_sarif_of_the_example_validates_and_locates_findings(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = report_of(capsys, "sarif")
    document = json.loads(out)

    assert status == EXIT_FINDINGS
    jsonschema.validate(document, SARIF_SCHEMA)
    run = document["runs"][0]
    rule_ids = {descriptor["id"] for descriptor in run["tool"]["driver"]["rules"]}
    assert all(
        descriptor["name"] and descriptor["fullDescription"]["text"]
        for descriptor in run["tool"]["driver"]["rules"]
    )
    assert run["results"]
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert result["level"] in {"error", "warning", "note"}
        location = result["locations"][0]["physicalLocation"]
        assert (example / location["artifactLocation"]["uri"]).is_file(), "relative to the checkout"
        assert location["region"]["startLine"] >= 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert EXAMPLE in uris


def test_junit_of_the_example_has_one_testcase_per_claim(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = json_report(capsys)["claims"]
    _, out = report_of(capsys, "junit")
    root = ET.fromstring(out.encode("utf-8"))

    suite = next(s for s in root.iter("testsuite") if s.get("name") == EXAMPLE)
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert {claim["id"] for claim in claims} <= set(cases)
    mismatched = [claim["id"] for claim in claims if claim["verdict"] == "mismatch"]
    assert mismatched and all(cases[name].find("failure") is not None for name in mismatched)
    supported = [claim["id"] for claim in claims if claim["verdict"] == "supported"]
    assert all(cases[name].find("failure") is None for name in supported)
    assert int(root.get("tests", "0")) >= len(claims)
    assert int(root.get("failures", "0")) >= len(mismatched)


def test_github_annotations_point_at_lines_of_the_article(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = json_report(capsys)["findings"]
    _, out = report_of(capsys, "github")

    annotation = re.compile(
        r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)$"
    )
    parsed = [match.groups() for match in map(annotation.match, out.splitlines()) if match]
    assert len(parsed) == len(findings)
    article_lines = (example / EXAMPLE).read_text(encoding="utf-8").splitlines()
    on_article = [(kind, int(line)) for kind, path, line, _, _, _ in parsed if path == EXAMPLE]
    assert on_article and all(1 <= line <= len(article_lines) for _, line in on_article)
    assert {kind for kind, _ in on_article} >= {"error", "warning"}
    for _, path, _, _, title, _ in parsed:
        assert (example / path).is_file(), path
        assert re.match(r"CC\d{3} [a-z-]+$", title)


# --------------------------------------------------------------------------- HTML in a browser


def chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed")
    command = [str(CHROMIUM), *_CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *arguments]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def html_text(text: str) -> str:
    """How Chromium serializes a text node in --dump-dom: &, < and > escaped, quotes left alone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;")


@pytest.mark.browser
def test_html_of_the_example_shows_every_claim_and_its_evidence(
    example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = json_report(capsys)
    page = example / "report.html"
    status = main(["check", "--format", "html", "--output", str(page)])
    assert status == EXIT_FINDINGS

    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout

    assert len(report["claims"]) >= 20
    for claim in report["claims"]:
        assert f'id="claim-{claim["id"]}"' in dom, claim["id"]
        for span in claim["support"]:
            assert html_text(span["evidence"]) in dom, (claim["id"], span["evidence"])
    for finding in report["findings"]:
        assert html_text(finding["evidence"]) in dom, (finding["rule"], finding["evidence"])
    assert "https://pubmed.ncbi.nlm.nih.gov/31456015/" in dom, "a link to the PubMed record"
    to_review = [claim["id"] for claim in report["claims"] if claim["verdict"] != "supported"]
    assert to_review and all(f'href="#claim-{claim_id}"' in dom for claim_id in to_review)
    assert dom.count("<script") == 1, "only the page's own filter script"
    shown = re.search(r"showing (\d+) of (\d+)", dom)
    assert shown and shown[1] == shown[2] and int(shown[1]) >= len(report["claims"]), "the filter script ran"

    shot = tmp_path / "example.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri())
    assert shot.stat().st_size > 100_000, "a page full of claims, not a blank one"


# Written for this test: a quotation that carries markup, in an article citing a fixture record.
HOSTILE_ARTICLE = """\
What a clinic said about knees

The clinic wrote: "<script>document.title='pwned'</script> four injections relieved knee pain" (1).

References
1. Shaw B, Darrow M, Derian A. Short-Term Outcomes in Treatment of Knee Osteoarthritis With 4 Bone Marrow
Concentrate Injections. Clin Med Insights Arthritis Musculoskelet Disord. 2018;11. PMID: 29977117
"""


@pytest.mark.browser
def test_a_script_inside_a_quotation_is_shown_as_text_never_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    eutils_server: FakeEutils,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "quoted.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    page = tmp_path / "quoted.html"
    main(["check", "quoted.txt", "--format", "html", "--output", str(page)])
    capsys.readouterr()

    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout

    assert dom.count("<script") == 1, "only the page's own filter script"
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom, "the quotation is shown, as text"
    assert "<title>claimcheck report</title>" in dom


def test_html_lists_what_to_review_first_and_shows_a_shared_span_once() -> None:
    doubled = SUPPORTED.support[0]
    claim = replace(SUPPORTED, support=(doubled, doubled))
    result: RunResult = make_result(claims=(claim, *make_result().claims[:1]))

    page = render(result, ReportFormat.HTML)

    review = page[page.index('<nav class="to-review">') : page.index("</nav>")]
    assert 'href="#claim-knee-clinic-2"' in review and "#claim-knee-clinic-1" not in review
    assert 'href="#detached-0"' in review, "the uncited reference and unknown marker of the first article"
    assert page.count(html_text(doubled.evidence)) == 1

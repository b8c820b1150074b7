"""The HTML page in a real browser: headless Chromium renders every claim and runs no injected script."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from claimcheck.model import RunResult
from claimcheck.report import ReportFormat, render
from claimcheck.report.printable import escape_controls

from .conftest import make_result

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("chromium is not installed")
    command = [CHROMIUM, *_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _page(tmp_path: Path, result: RunResult) -> Path:
    page = tmp_path / "report.html"
    page.write_text(render(result, ReportFormat.HTML), encoding="utf-8")
    return page


def _combined(result: RunResult, hostile: RunResult) -> RunResult:
    """Several claims of every verdict, with the hostile claim among them."""
    return make_result(
        claims=result.claims + hostile.claims,
        findings=result.findings + hostile.findings,
        records={**result.records, **hostile.records},
    )


def test_dom_has_every_claim_and_evidence_and_no_injected_script(
    tmp_path: Path, result: RunResult, hostile_result: RunResult
) -> None:
    combined = _combined(result, hostile_result)
    page = _page(tmp_path, combined)
    dumped = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = dumped.stdout
    for claim_result in combined.claims:
        assert f'id="claim-{claim_result.claim.id}"' in dom
        for span in claim_result.support:
            assert _escaped(span.evidence) in dom
    for found in combined.findings:
        assert _escaped(found.evidence) in dom
    assert dom.count("<script") == 1
    assert "<img" not in dom
    assert 'class="js"' in dom  # the filter script ran
    assert "showing 7 of 7" in dom


def test_screenshot(tmp_path: Path, result: RunResult) -> None:
    page = _page(tmp_path, result)
    shot = tmp_path / "report.png"
    taken = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 20_000


def _escaped(text: str) -> str:
    """How the page shows ``text`` (control characters as visible escapes, as every format does) and
    Chromium serializes that text node: &, < and > escaped, quotes left alone."""
    return escape_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""A Word file and a CMS page checked end to end against the loopback E-utilities server.

The articles are written for these tests; they cite the fixture records of tests/fixtures/pubmed
(Shaw 2018, PMID 29977117; Burke 2016, PMID 27510262; Emadedin 2018, PMID 30318332).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.cli import main
from fake_eutils import FakeEutils

from .wordbuilder import Run, paragraph, write_docx

CMS_PAGE = """\
<!DOCTYPE html>
<html><head><title>Knee injections | Northfield Clinic</title></head>
<body class="post-template-default single-post">
<div id="masthead" class="site-header"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="/">Home</a></li><li class="menu-item"><a href="/book">Book now</a></li></ul></div>
<main id="primary" class="site-main"><article class="post type-post">
<h1 class="entry-title">What the trials say about knee injections</h1>
<div class="entry-meta"><span class="byline">By Brent Shaw</span> <span class="posted-on">Posted on May 2, 2024</span></div>
<div class="entry-content">
<p>A study of 15 patients given four bone marrow concentrate injections reported less pain at rest
and better function.<sup><a href="#ref1">1</a></sup> The same study found the last follow-up came about
86 days after the first treatment.</p>
<p>A <a href="https://doi.org/10.1186/s40169-016-0112-7">review of cell therapies</a> called current
drug treatments ineffective at stopping osteoarthritis.</p>
<p><em>Editor&#8217;s note: Brent Shaw writes for this blog and treats patients at our clinic.</em></p>
<h2>References</h2>
<ol class="references">
<li id="ref1">Shaw B, Darrow M, Derian A. Short-Term Outcomes in Treatment of Knee Osteoarthritis With 4 Bone
Marrow Concentrate Injections. Clin Med Insights Arthritis Musculoskelet Disord. 2018;11:1179544118781080.
PMID: 29977117</li>
<li id="ref2">American Academy of Orthopaedic Surgeons. Management of osteoarthritis of the knee
(non-arthroplasty): evidence-based clinical practice guideline. Rosemont, IL: AAOS; 2021.</li>
</ol>
</div></article></main>
<aside id="secondary" class="widget-area"><section class="widget"><h2>Recent posts</h2>
<p>Shaw B. reported 20 knees (2019)</p></section></aside>
<footer class="site-footer"><p>&copy; 2024 Northfield Clinic. Address correspondence to Brent Shaw.</p></footer>
</body></html>
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current directory (no configuration, bibliography or claims files) and an empty cache."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    return tmp_path


def _check(path: Path, server: FakeEutils, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    status = main(["check", str(path), "--format", "json", "--eutils-url", server.url])
    return status, json.loads(capsys.readouterr().out)


def test_a_word_file_end_to_end(
    workdir: Path, eutils_server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_docx(
        workdir / "knees.docx",
        [
            paragraph("Knee injections: what the trials say"),  # 1
            paragraph("By Mohsen Emadedin"),  # 2
            paragraph(
                "A randomized trial tested a single injection of bone marrow stromal cells in knee osteoarthritis.",
                Run(footnote=1),
            ),  # 3
            paragraph("Patients were followed for six months."),  # 4
            paragraph(
                "A review of cell therapies called current drug treatments ineffective.", Run(footnote=2)
            ),  # 5
            paragraph("Address correspondence to Mohsen Emadedin, Royan Institute."),  # 6
            paragraph("Most guidance still starts with exercise.", Run(footnote=3)),  # 7
        ],
        footnotes={
            1: "Emadedin M, Labibzadeh N, Liastani MG, et al. Intra-articular implantation of autologous bone "
            "marrow-derived mesenchymal stromal cells to treat knee osteoarthritis. Cytotherapy. 2018. PMID: 30318332.",
            2: "Burke J, Hunter M, Kolhe R, et al. Therapeutic potential of mesenchymal stem cell based therapy for "
            "osteoarthritis. Clin Transl Med. 2016;5:27. doi:10.1186/s40169-016-0112-7.",
            3: "Kasper DL, Fauci AS, eds. Harrison's Principles of Internal Medicine. 19th ed. McGraw-Hill; 2015.",
        },
    )
    status, report = _check(path, eutils_server, capsys)

    assert status in (0, 1)
    by_line = {(claim["line"], tuple(claim["pmids"])) for claim in report["claims"]}
    assert (3, ("30318332",)) in by_line  # the footnote, by paragraph number
    assert (4, ("30318332",)) in by_line  # "Patients were followed ..." goes on about that trial
    assert (5, ("27510262",)) in by_line
    located = {finding["line"] for finding in report["findings"]}
    assert not located & {1, 2, 6}, "no finding on a title, a byline or a correspondence address"
    book = [finding for finding in report["findings"] if finding["reference"] == "kasper2015"]
    assert [(finding["rule"], finding["severity"]) for finding in book] == [("CC101", "info")]
    assert "not a journal article" in book[0]["message"]


def test_a_cms_page_end_to_end(
    workdir: Path, eutils_server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workdir / "post.html"
    path.write_text(CMS_PAGE, encoding="utf-8")
    status, report = _check(path, eutils_server, capsys)

    assert status in (0, 1)
    claims = {(claim["line"], tuple(claim["pmids"])) for claim in report["claims"]}
    assert (10, ("29977117",)) in claims  # the <sup><a href="#ref1">1</a></sup> citation
    assert (11, ("29977117",)) in claims  # "The same study ..." starts on line 11 of the file
    assert (13, ("27510262",)) in claims  # the doi.org link, with no entry in the list
    furniture_lines = {4, 5, 8, 15, 28, 29, 31}
    assert not {finding["line"] for finding in report["findings"]} & furniture_lines
    assert not any(finding["rule"] == "CC209" for finding in report["findings"])
    # The guideline is listed but never cited, and PubMed is not asked for it.
    guideline = {(f["rule"], f["severity"]) for f in report["findings"] if f["reference"] == "aaos2021"}
    assert guideline == {("CC101", "info"), ("CC106", "warning")}

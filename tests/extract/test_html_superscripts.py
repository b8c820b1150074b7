"""Superscript citation numbers in HTML (<sup>1</sup>) are markers; superscript units (m<sup>2</sup>) are not."""

from __future__ import annotations

from pathlib import Path

from claimcheck.extract import extract
from claimcheck.inputs.article import read_article

# Written for this test.
PAGE = """\
<html><head><title>Knees</title><script>var x = "(9)";</script></head><body>
<nav>Home | About (7)</nav>
<p>A trial of 40 knees in a 20 m<sup>2</sup> gym found a 30% drop in pain.<sup>1</sup> Another review
pooled 12 studies.<sup>2, 3</sup></p>
<h2>References</h2>
<ol>
<li>Smith J, Doe A. A made-up trial of knee pain. J Invented Knees. 2019;3:1-9. PMID: 31000001</li>
<li>Roe B. Another invented review. J Invented Knees. 2020;4:10-19.</li>
<li>Poe C. A third invented study. J Invented Knees. 2021;5:20-29.</li>
</ol></body></html>
"""


def test_sup_numbers_become_citation_markers(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_article(path)

    extraction = extract(article, article.references)

    assert "pain.\u00b9" in article.text and "20 m\u00b2 gym" in article.text
    assert [(c.marker, c.keys) for c in extraction.citations] == [
        ("\u00b9", ("smith2019",)),
        ("\u00b2,\u00b3", ("roe2020", "poe2021")),
    ]
    linked = {claim.figures: claim.cites for claim in extraction.claims if claim.cites}
    assert [cites for figures, cites in linked.items() if "40 knees" in figures] == [("smith2019",)]
    assert linked[("12 studies",)] == ("roe2020", "poe2021")
    assert all(claim.line == 3 for claim in extraction.claims if claim.cites)
    assert "(9)" not in article.text and "(7)" not in article.text, "scripts and navigation are not text"

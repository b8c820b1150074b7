"""The reference list is not body text: neither its entries nor the lines they wrap onto."""

from __future__ import annotations

from pathlib import Path

from claimcheck.extract import extract
from claimcheck.inputs.article import read_article
from claimcheck.inputs.bibliography import load_bibliography, reconcile

# Written for this test.
WRAPPED = """\
# Knee study

A trial in horses found little benefit (1). Another review summarised the field (2).

## References

1. Frisbie DD, Kisiday JD, Kawcak CE. Evaluation of adipose-derived stromal vascular fraction for
   treatment of osteoarthritis. J Orthop Res. 2009;27(12):1675-1680.
2. Chang YH, Liu HW, Wu KC, Ding DC. Mesenchymal stem cells and their clinical applications in
   osteoarthritis. Cell Transplant. 2016;25(5):937-950.

Questions? Our clinic reported 40 patients treated last year.
"""

BIB = """\
@article{frisbie2009,
  author = {Frisbie, D. D.}, title = {Evaluation of adipose-derived stromal vascular fraction for treatment
  of osteoarthritis}, journal = {J Orthop Res}, year = {2009}, volume = {27}, pages = {1675--1680},
}
"""


def test_wrapped_entries_give_no_citation_markers(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(WRAPPED, encoding="utf-8")
    article = read_article(path)

    extraction = extract(article, article.references)

    assert [citation.marker for citation in extraction.citations] == ["(1)", "(2)"]
    assert all(not citation.unknown for citation in extraction.citations)
    # Line 3 names two designs (a trial, a review); prose after the list is body again.
    assert [claim.line for claim in extraction.claims] == [3, 12]


def test_bibliography_entries_do_not_hide_article_lines(tmp_path: Path) -> None:
    """A reconciled reference carries its bib line (1-4 here); those lines of the article stay body."""
    path = tmp_path / "a.md"
    path.write_text(WRAPPED, encoding="utf-8")
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    article = read_article(path)
    references = reconcile(article.references, load_bibliography(tmp_path / "references.bib"))

    assert references[0].line < 5
    assert extract(article, references).citations == extract(article, article.references).citations

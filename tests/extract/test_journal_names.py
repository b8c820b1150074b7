"""The journal a sentence names (extract.names.journal_named), cited or not; sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.extract import extract
from claimcheck.extract.names import journal_named
from claimcheck.inputs.article import read_article


@pytest.mark.parametrize(
    ("sentence", "journal"),
    [
        ("The trial appeared in the Journal of Invented Knees in 2011.", "Journal of Invented Knees"),
        ("The analysis appeared in the Northern Journal of Medicine.", "Northern Journal of Medicine"),
        ("It was reported in The Lancet last year.", "Lancet"),
        ("Results came out in Lancet Oncology in May.", "Lancet Oncology"),
        (
            "In Annals of Invented Surgery, a trial of 40 adults found less pain.",
            "Annals of Invented Surgery",
        ),
        ("A cohort in Acta Orthopaedica Borealis was followed for 5 years.", "Acta Orthopaedica Borealis"),
        (
            "A paper in the Proceedings of the Knee Society described 12 cases.",
            "Proceedings of the Knee Society",
        ),
        ("The review was published in Thorax in 2019.", "Thorax"),
        ("A study in the journal Cytotherapy treated 20 knees.", "Cytotherapy"),
    ],
)
def test_a_journal_named_by_cue_or_by_its_title(sentence: str, journal: str) -> None:
    assert journal_named(sentence) == journal


@pytest.mark.parametrize(
    "sentence",
    [
        "The trial ran in the United States and in Canada.",
        "In the Cochrane Review, nine trials were pooled.",
        "Patients in the Journal Club group read more.",
        "A study in the Journal found less pain.",
        "The data are kept in the National Knee Registry.",
        "The trial was published in March 2019.",
    ],
)
def test_no_journal_where_the_name_after_in_is_not_titled_as_one(sentence: str) -> None:
    assert journal_named(sentence) == ""


def test_a_journal_named_on_a_later_line_of_an_html_paragraph_is_the_claims(tmp_path: Path) -> None:
    """The sentence that names the journal is a claim of its own, on its own line, with that journal."""
    path = tmp_path / "page.html"
    path.write_text(
        "<p>A trial of 40 adults found less pain.<sup>1</sup>\n"
        "  The trial appeared in the Journal of Invented Knees.<sup>1</sup></p>\n"
        "<h2>References</h2>\n<ol>\n"
        "<li>Tarn QV, Olde P. Walking after knee injections. J Joint Stud. 2021;14:201-9.</li>\n</ol>\n",
        encoding="utf-8",
    )
    article = read_article(path)
    claims = extract(article, article.references).claims
    named = [(claim.line, claim.journal) for claim in claims if claim.journal]
    assert named == [(2, "Journal of Invented Knees")]

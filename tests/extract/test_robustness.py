"""Extraction never crashes and stays roughly linear in the size of the article."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.extract import extract
from claimcheck.model import Article, Reference

REFERENCES = (
    Reference(
        key="shaw2018", number=1, authors=("Shaw B", "Darrow M"), journal="Clin Med Insights", year=2018
    ),
    Reference(key="doyle2020", number=2, authors=("Doyle EC",), journal="Knee Surg", year=2020),
)
PIECES = st.sampled_from(
    [
        "(1)",
        "[2]",
        "[1-3]",
        "¹",
        "“",
        "”",
        '"',
        "\n",
        "\n\n",
        "  • ",
        "## ",
        "12%",
        " 15 patients",
        ". ",
        "Dr. Marc Darrow",
        "(Shaw et al., 2018)",
        "University",
        "According to X, ",
        ":",
        "January 2020",
    ]
)


def _article(text: str, references: tuple[Reference, ...] = REFERENCES) -> Article:
    return Article("fuzz.md", "md", text, tuple(range(1, text.count("\n") + 2)), references)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40))
def test_extract_never_crashes(pieces: list[str]) -> None:
    text = "".join(pieces)
    extraction = extract(_article(text), REFERENCES)
    lines = text.count("\n") + 1
    assert all(1 <= claim.line <= lines for claim in extraction.claims)
    assert all(1 <= citation.line <= lines for citation in extraction.citations)


def test_a_two_megabyte_article_completes() -> None:
    paragraph = (
        "A January 2020 study (2) of 15 patients found a 12% decrease in pain. Researchers at Northfield "
        "University wrote: “The results are promising for patients with knee pain.”\n\n"
        "  • 20 knees were treated,\n  • and 6 months of follow-up were completed.\n\n"
        "Plain words follow here.\n\n"
    )
    text = paragraph * (2_000_000 // len(paragraph) + 1)
    extraction = extract(_article(text), REFERENCES)
    assert len(extraction.citations) == text.count("(2)")
    assert len(extraction.claims) >= text.count("(2)")

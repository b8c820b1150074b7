"""How far a citation reaches, and text that is never a claim. Articles written for these tests."""

from __future__ import annotations

import time

from claimcheck.extract import Extraction, extract
from claimcheck.extract.layout import is_furniture, searchable_spans
from claimcheck.model import Article, Reference

REFERENCES = tuple(
    Reference(key=key, number=number, authors=(author,), year=2020, journal="J Invented Med")
    for number, (key, author) in enumerate(
        [("lark2020", "Lark T"), ("moss2020", "Moss E"), ("pell2020", "Pell R")], 1
    )
)


def _extract(text: str, fmt: str = "md") -> Extraction:
    article = Article("a.md", fmt, text, tuple(range(1, text.count("\n") + 2)), REFERENCES)
    return extract(article, REFERENCES)


def _links(text: str) -> dict[str, tuple[str, ...]]:
    """First words of each claim -> what it cites."""
    return {" ".join(claim.text.split()[:3]): claim.cites for claim in _extract(text).claims}


def test_a_marker_supports_its_own_sentence_and_an_unrelated_one_borrows_nothing() -> None:
    links = _links(
        "A trial of 80 adults found that walking cut pain by 30% [1]. Many clinicians still advise rest for "
        "knee pain, which studies show helps 10% of patients.\n"
    )
    assert links == {"A trial of": ("lark2020",), "Many clinicians still": ()}


def test_the_text_saying_so_borrows_the_citation() -> None:
    links = _links(
        "A trial of 80 adults found that walking cut pain [1]. The same trial found that 12% stopped early.\n\n"
        "They also reported fewer falls in the walking group.\n\n"
        "Researchers elsewhere estimate that 40% of adults have knee pain.\n"
    )
    assert links["The same trial"] == ("lark2020",)
    assert links["They also reported"] == ("lark2020",)  # a new paragraph that refers back
    assert links["Researchers elsewhere estimate"] == ()  # and the passage ends after it


def test_a_wide_first_line_of_a_paragraph_is_no_heading() -> None:
    text = (
        "Worms in the valley\n\n"
        "Among 300 randomly chosen adults in two invented valley towns, about one in four carried\n"
        "Trichuris and around a third had Ascaris [1]. Stool tests missed half of\n"
        "the infections in both towns [1].\n\n"
        "Short subheading\n"
        "Among 200 children in the same valley, one in ten carried tapeworm eggs in the spring [2].\n"
    )
    claims = {" ".join(claim.text.split()[:2]): claim.cites for claim in _extract(text, fmt="txt").claims}

    assert claims["Among 300"] == ("lark2020",)
    assert "Trichuris and" not in claims
    assert claims["Among 200"] == ("moss2020",)
    assert not any(claim.startswith("Short") for claim in claims)


def test_a_page_gives_each_heading_its_own_line() -> None:
    """In HTML and Word text one line is one block: a short line is a heading even when it ends on "for"
    and the paragraph before it ends with a marker after its full stop."""
    text = (
        "Knee care: what your physiotherapist looks for\n"
        "A trial of 80 adults found that walking cut pain by 30%.\u00b9\n"
        "Who benefits most?\n"
        "Older walkers gained the most in a second trial.\u00b2\n"
    )
    claims = {claim.line: (claim.text, claim.cites) for claim in _extract(text, fmt="html").claims}

    assert claims == {
        2: ("A trial of 80 adults found that walking cut pain by 30%.\u00b9", ("lark2020",)),
        4: ("Older walkers gained the most in a second trial.\u00b2", ("moss2020",)),
    }


def test_a_citation_never_runs_on_into_a_later_paragraph() -> None:
    links = _links(
        "A trial of 80 adults found that walking cut pain [1].\n\n"
        "Knee pain affects 25% of adults over 50, surveys show.\n"
    )
    assert links["Knee pain affects"] == ()


def test_a_marker_ending_a_paragraph_covers_the_sentences_before_it() -> None:
    extraction = _extract(
        "Sleep apnoea raises blood pressure. Treating it lowers pressure in most patients [2].\n\n"
        "A first trial found X [1]. Its authors add a caveat. A second found Y [3].\n"
    )
    links = {claim.text.split(".")[0]: (claim.cites, claim.link) for claim in extraction.claims}
    assert links["Sleep apnoea raises blood pressure"] == (
        ("moss2020",),
        "the paragraph ends with marker [2]",
    )
    assert links["Its authors add a caveat"][0] == ("lark2020",)  # it refers back before the next marker


def test_a_list_introduced_by_a_cited_sentence_borrows_it() -> None:
    extraction = _extract(
        "The trial compared two groups [1]:\n\n  • 40 adults who walked daily\n  • 40 adults who rested\n\n"
        "Keep walking, whatever your age.\n"
    )
    assert [(claim.line, claim.cites) for claim in extraction.claims] == [
        (1, ("lark2020",)),
        (3, ("lark2020",)),
        (4, ("lark2020",)),
    ]


def test_both_refers_to_the_two_works_cited_last() -> None:
    links = _links(
        "One essay compared pandemics [1]. Another compared responses [2]. Both appeared in 2021.\n"
    )
    assert links["Both appeared in"] == ("lark2020", "moss2020")


def test_a_source_line_cites_the_paragraph_above_it_and_is_no_claim() -> None:
    extraction = _extract(
        "Sunscreen cut skin cancer by 40% in one trial. Its authors urge daily use.\nSource: [1]\n", fmt="txt"
    )
    assert [(claim.text.split()[0], claim.cites) for claim in extraction.claims] == [
        ("Sunscreen", ("lark2020",)),
        ("Its", ("lark2020",)),
    ]


FURNITURE = [
    "Editor's note: Dr. Lark writes for us and was an investigator in a trial [1].",
    "Address correspondence to Tom Lark, MD, 1 Main St, Dayton, OH 45402.",
    "Author disclosure: Dr. Lark received fees from a maker of knee braces in 2022.",
    "Funding: This article received no specific funding.",
    "Conflicts of interest: none declared.",
    "The authors declare no conflicts of interest. The trial was funded by the Knee Trust.",
    "Photo: A runner on a track. Credit: J. Moss",
    "Copyright © 2024 Invented Health. All rights reserved.",
    "By Tom Lark, health writer",
    "Sign up for our newsletter and get 20% off.",
    "Home | Health | Knees",
    "Tom Lark is a nurse at the Knee Centre. Email: tom@example.org",
]


def test_text_that_is_not_a_claim() -> None:
    assert all(is_furniture(line) for line in FURNITURE)
    for prose in (
        "Contact sports raise the risk of knee injury by 30% [1].",
        "Funding for knee research rose by 20% in 2020 [2].",
        "By the end of the trial, 12% of patients had stopped [1].",
        "Of 200 surveyed papers, half disclosed conflicts of interest [2].",
        "Trials funded by industry were supported by the data less often³.",
        "Reviews paid for by drug makers reached kinder conclusions (Lark and Moss, 2020).",
    ):
        assert not is_furniture(prose), prose


def test_furniture_has_no_claims_no_markers_and_breaks_a_passage() -> None:
    text = (
        "A trial found that 30% improved [1].\n\n"
        + "\n\n".join(FURNITURE)
        + "\n\nThey also found 12% relapsed.\n"
    )
    extraction = _extract(text)
    assert [claim.line for claim in extraction.claims] == [1, text.count("\n")]
    assert [citation.marker for citation in extraction.citations] == ["[1]"]
    assert extraction.claims[-1].cites == ("lark2020",)  # the notes between are not part of the passage


def test_finding_the_body_is_linear_on_a_megabyte_of_bait() -> None:
    """Furniture units, sentence ends and list lines over adversarial text: eight times the text takes
    about eight times as long (quadratic work would take sixty-four)."""
    baits = [
        "x" * 1_000_000,  # one word: one sentence, one block
        " " * 1_000_000,
        ". " * 500_000,  # a sentence end at every other character
        "\u00b9" * 1_000_000,  # a run of superscript digits
        "(" * 1_000_000,
        "@" * 1_000_000,  # an e-mail address that never ends
        "Photo: " * 140_000,  # a furniture cue that never ends
        "  \u2022 12%\n" * 15_000,  # 140 KB of bullets
        "a\n" * 100_000,  # 100,000 one-word paragraphs
        "A study of 20 knees (1) found a 72% rise in 2019; see Shaw B. et al. " * 14_000,  # one line, no end
    ]

    def seconds(text: str) -> float:
        article = Article("a.txt", "text", text, tuple(range(1, text.count("\n") + 2)))
        started = time.perf_counter()
        searchable_spans(article)
        extract(article, REFERENCES)
        return time.perf_counter() - started

    for bait in baits:
        eighth, full = seconds(bait[: len(bait) // 8]), seconds(bait)
        assert full < 0.5 or full < 24 * eighth, f"{bait[:10]!r}: {eighth:.2f}s then {full:.2f}s"

"""Every claim is located where its sentence starts in the file (line and column), whatever the format:
HTML paragraphs over many file lines, inline tags, character references, <br>, wrapped text and
Markdown paragraphs. Articles written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.extract import extract
from claimcheck.inputs.article import read_article

_REFERENCES_HTML = (
    "<h2>References</h2>\n<ol>\n"
    "<li>Tarn QV, Olde P. Walking after knee injections. J Joint Stud. 2021;14:201-9.</li>\n</ol>\n"
)
_REFERENCES_TEXT = (
    "\nReferences\n1. Tarn QV, Olde P. Walking after knee injections. J Joint Stud. 2021;14:201-9.\n"
)


def _claim_places(tmp_path: Path, name: str, content: str) -> dict[str, tuple[int, int]]:
    """Each claim's first words, with the (line, column) it is located at."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    article = read_article(path)
    claims = extract(article, article.references).claims
    return {" ".join(claim.text.split()[:3]): (claim.line, claim.column) for claim in claims}


@pytest.mark.parametrize(
    ("body", "sentence", "place"),
    [
        # A paragraph wrapped over file lines: the second sentence starts on the second line.
        (
            "<p>A trial of 40 adults found less pain [1]. Knee swelling also\n"
            "fell by 12% [1].\n  Walking distance rose by 300 metres [1].</p>\n",
            "Walking distance rose",
            (3, 3),
        ),
        # After a superscript citation that closes the line before.
        (
            "<p>A trial of 40 adults found less pain.<sup>1</sup>\n"
            "    Knee swelling fell by 12%.<sup>1</sup></p>\n",
            "Knee swelling fell",
            (2, 5),
        ),
        # After an inline tag on the same line: the column counts the markup as written.
        (
            "<p><strong>Knees:</strong> a trial found less pain [1]. <em>Swelling</em> fell by 12% [1].</p>\n",
            "Swelling fell by",
            (1, 61),
        ),
        # Character references before the sentence on its line count as written ("&amp;" is 5 columns).
        (
            "<p>Rest &amp; ice helped 40 adults [1]. Swelling fell by 12% [1].</p>\n",
            "Swelling fell by",
            (1, 41),
        ),
        # A run of blanks inside the line is not one column.
        (
            "<p>Rest helped 40 adults [1].      Swelling fell by 12% [1].</p>\n",
            "Swelling fell by",
            (1, 36),
        ),
        # A <br> starts a new text line; the sentence after it is on the file line it is written on.
        (
            "<p>Rest helped 40 adults [1].<br>\nSwelling fell by 12% [1].</p>\n",
            "Swelling fell by",
            (2, 1),
        ),
        # A sentence that starts inside a link that cites.
        (
            '<p>Rest helped 40 adults [1].\n  <a href="#ref1">Swelling fell</a> by 12% [1].</p>\n',
            "Swelling fell by",
            (2, 19),
        ),
    ],
)
def test_html_claims_are_located_where_their_sentence_starts(
    tmp_path: Path, body: str, sentence: str, place: tuple[int, int]
) -> None:
    places = _claim_places(tmp_path, "page.html", body + _REFERENCES_HTML)
    assert places[sentence] == place


@pytest.mark.parametrize(
    ("name", "body", "sentence", "place"),
    [
        (
            "notes.txt",
            "A trial of 40 adults found less pain [1]. Knee swelling\nalso fell by 12% [1]. Walking "
            "distance\nrose by 300 metres [1].\n",
            "Walking distance rose",
            (2, 23),
        ),
        (
            "notes.md",
            "# Knees\n\nA trial of 40 adults found less pain [1].\n   Knee swelling fell by 12% [1].\n",
            "Knee swelling fell",
            (4, 4),
        ),
        (
            "notes.md",
            "- A trial of 40 adults found less pain [1].\n- Knee swelling fell by 12% [1].\n",
            "Knee swelling fell",
            (2, 3),
        ),
    ],
)
def test_wrapped_text_and_markdown_claims_are_located_where_their_sentence_starts(
    tmp_path: Path, name: str, body: str, sentence: str, place: tuple[int, int]
) -> None:
    places = _claim_places(tmp_path, name, body + _REFERENCES_TEXT)
    assert places[sentence] == place


def test_every_claim_of_a_wrapped_html_paragraph_is_on_its_own_line(tmp_path: Path) -> None:
    """One paragraph, one sentence a file line: each claim on the line its sentence is written on."""
    sentences = [f"Group {letter} walked {10 + index} km a week [1]." for index, letter in enumerate("ABCDE")]
    body = "<p>" + "\n  ".join(sentences) + "</p>\n"
    places = _claim_places(tmp_path, "page.html", body + _REFERENCES_HTML)
    assert [places[f"Group {letter} walked"] for letter in "ABCDE"] == [
        (1, 4),
        (2, 3),
        (3, 3),
        (4, 3),
        (5, 3),
    ]

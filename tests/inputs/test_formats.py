"""Articles as they arrive: Word .docx, CMS pages, Markdown footnotes and links, files we cannot read.

Every article and reference here is written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.errors import InputError
from claimcheck.extract import extract
from claimcheck.inputs.article import read_article
from claimcheck.inputs.links import cited_work

from .wordbuilder import Run, paragraph, write_docx

CMS_PAGE = """\
<!DOCTYPE html><html><head><title>Knees</title></head>
<body class="post-template-default single">
<div id="masthead" class="site-header"><ul class="menu"><li><a href="/">Home</a> (12)</li></ul></div>
<div class="breadcrumbs">Home &raquo; Blog</div>
<article class="post"><div class="entry-content">
<h1>Walking and knee pain</h1>
<p>A trial of 120 adults found a 25% drop in pain after walking.<sup><a href="#ref1">1</a></sup>
A <a href="https://pubmed.ncbi.nlm.nih.gov/31000002/">second trial</a> of 80 adults found the same.</p>
<div class="sharedaddy"><p>Share this: 45 shares</p></div>
<h2>References</h2>
<ol start="1">
<li id="ref1">Lark TQ, Moss E. Walking after knee injections. J Joint Stud. 2021;14:201-9.</li>
</ol>
</div></article>
<div class="related-posts"><p>Related: a study of 300 runners (2019)</p></div>
<div id="comments" class="comments-area"><p>Great post! I walk 5 miles a day.</p></div>
<footer class="site-footer">Copyright 2024</footer>
</body></html>
"""


def test_cms_page_keeps_the_article_and_drops_its_furniture(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(CMS_PAGE, encoding="utf-8")
    article = read_article(path)
    for furniture in ("Home", "Share this", "Related", "Great post", "Copyright"):
        assert furniture not in article.text
    assert article.text.split("\n")[0] == "Walking and knee pain"
    linked = article.references[-1]
    # The link's own line, not the line its paragraph starts on.
    assert (linked.key, linked.pmid, linked.kind, linked.line) == ("pmid31000002", "31000002", "article", 8)

    extraction = extract(article, article.references)

    assert [(c.marker, c.keys, c.line) for c in extraction.citations] == [
        ("\u00b9", ("lark2021",), 7),
        ("second trial", ("pmid31000002",), 8),
    ]
    cites = {claim.figures: claim.cites for claim in extraction.claims}
    assert cites[("120 adults", "25% drop in pain")] == ("lark2021",)
    assert cites[("80 adults",)] == ("pmid31000002",)


@pytest.mark.parametrize("start", ["\u00b2", "two", "-3", "9" * 100, ""])
def test_odd_list_starts_never_crash(tmp_path: Path, start: str) -> None:
    path = tmp_path / "list.html"
    path.write_text(
        f'<p>Intro text.</p><ol start="{start}"><li>First</li><li>Second</li></ol>', encoding="utf-8"
    )
    assert read_article(path).text.split("\n")[1:] == ["1. First", "2. Second"]


def test_runs_of_superscript_digits_never_crash(tmp_path: Path) -> None:
    path = tmp_path / "sup.html"
    digits, superscripts = "7" * 20000, "\u2074" * 20000
    path.write_text(
        f"<p>Pain fell.<sup>{digits}</sup> Then rose.\u00b2\u00b3{superscripts}</p>", encoding="utf-8"
    )
    article = read_article(path)
    extraction = extract(article, article.references)
    assert all(len(citation.marker) <= 11 for citation in extraction.citations)


def test_markdown_footnotes_and_links(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        "# Sleep\n\n"
        "A trial of 60 adults slept 40 minutes longer.[^1] A [review of 9 trials](https://doi.org/10.5555/inv.9) "
        "agreed.[^lark] An [unrelated page](https://example.com/shop) sells pillows.\n\n"
        "[^1]: Pell R. Sleeping longer. Invented Sleep J. 2019;2:3-4.\n"
        "[^lark]: Lark TQ. Sleep and knees. J Joint Stud. 2021;14:201-9.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert [(ref.key, ref.number, ref.label) for ref in article.references] == [
        ("pell2019", 1, ""),
        ("lark2021", None, "lark"),
        ("doi-inv9", None, ""),
    ]
    extraction = extract(article, article.references)
    assert [(c.marker, c.keys) for c in extraction.citations] == [
        ("[^1]", ("pell2019",)),
        ("[review of 9 trials](https://doi.org/10.5555/inv.9)", ("doi-inv9",)),
        ("[^lark]", ("lark2021",)),
    ]
    assert [claim.cites for claim in extraction.claims if claim.figures] == [
        ("pell2019",),
        ("doi-inv9", "lark2021"),
    ]


@pytest.mark.parametrize(
    ("url", "work"),
    [
        ("https://doi.org/10.1056/NEJMoa2034577", ("10.1056/NEJMoa2034577", "", "")),
        ("https://pubmed.ncbi.nlm.nih.gov/33515491/", ("", "33515491", "")),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7906746/", ("", "", "PMC7906746")),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC7906746/", ("", "", "PMC7906746")),
        ("https://www.nejm.org/doi/full/10.1056/NEJMoa2034577", ("10.1056/NEJMoa2034577", "", "")),
        ("https://onlinelibrary.wiley.com/doi/10.1002/jbmr.1234/abstract", ("10.1002/jbmr.1234", "", "")),
        ("https://www.nature.com/articles/s41586-020-2012-7", ("10.1038/s41586-020-2012-7", "", "")),
        ("https://jamanetwork.com/journals/jama/fullarticle/2768391", ("", "", "")),
        (
            "https://www.thelancet.com/journals/lancet/article/PIIS0140-6736(21)00183-5/fulltext",
            ("10.1016/S0140-6736(21)00183-5", "", ""),
        ),
        (
            "https://www.sciencedirect.com/science/article/pii/S0140673621001835",
            ("10.1016/S0140-6736(21)00183-5", "", ""),
        ),
        ("https://www.bmj.com/content/370/bmj.m3379", ("10.1136/bmj.m3379", "", "")),
        ("https://www.vaccines.gov/", None),
        ("https://example.com/shop", None),
        ("/about-us", None),
        ("mailto:someone@example.com", None),
    ],
)
def test_which_links_cite_a_work(url: str, work: tuple[str, str, str] | None) -> None:
    assert cited_work(url) == work


def test_docx_paragraphs_superscripts_footnotes_and_links(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "article.docx",
        [
            paragraph("Walking and knee pain"),
            paragraph(""),
            paragraph("A trial of 40 knees found a 30% drop in pain.", Run("1", superscript=True)),
            paragraph("A later review of 12 studies agreed.", Run(footnote=2), Run(footnote=3)),
            paragraph(
                "A ", Run("third trial", link="https://pubmed.ncbi.nlm.nih.gov/31000003/"), " of 50 adults."
            ),
        ],
        footnotes={
            2: "Roe B. Another invented review. J Invented Knees. 2020;4:10-19.",
            3: "Poe C. A third invented study. J Invented Knees. 2021;5:20-29.",
        },
    )
    article = read_article(path)
    assert article.format == "docx"
    assert article.text.split("\n\n")[2:4] == [
        "A trial of 40 knees found a 30% drop in pain.\u00b9",
        "A later review of 12 studies agreed.\u00b9,\u00b2",
    ]
    assert [(ref.key, ref.number, ref.line) for ref in article.references] == [
        ("roe2020", 1, 4),
        ("poe2021", 2, 4),
        ("pmid31000003", None, 5),
    ]
    extraction = extract(article, article.references)
    located = [(c.marker, c.line, c.keys, c.unknown) for c in extraction.citations]
    assert located == [
        ("\u00b9", 3, ("roe2020",), ()),
        ("\u00b9,\u00b2", 4, ("roe2020", "poe2021"), ()),
        ("third trial", 5, ("pmid31000003",), ()),
    ]


def test_docx_numbered_list_is_the_reference_list(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "numbered.docx",
        [
            paragraph("A trial of 40 knees found a 30% drop in pain (1)."),
            paragraph("References"),
            paragraph(
                "Smith J, Doe A. A made-up trial of knee pain. J Invented Knees. 2019;3:1-9.", numbered=True
            ),
            paragraph("Roe B. Another invented review. J Invented Knees. 2020;4:10-19.", numbered=True),
        ],
    )
    article = read_article(path)
    assert [(ref.key, ref.number, ref.line) for ref in article.references] == [
        ("smith2019", 1, 3),
        ("roe2020", 2, 4),
    ]


@pytest.mark.parametrize("suffix", [".pdf", ".doc", ".odt", ".pages"])
def test_file_types_we_cannot_read_name_the_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"article{suffix}"
    path.write_bytes(b"%PDF-1.4 binary")
    with pytest.raises(InputError, match="cannot read") as raised:
        read_article(path)
    assert str(raised.value).startswith(str(path))


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_a_broken_docx_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_article(path)
    assert str(raised.value).startswith(str(path))


def test_linked_works_whose_keys_collide_get_distinct_keys(tmp_path: Path) -> None:
    path = tmp_path / "links.md"
    path.write_text(
        "A [first trial](https://doi.org/10.5555/abc) and a [second](https://doi.org/10.6666/abc) agree.\n",
        encoding="utf-8",
    )
    assert [(ref.key, ref.doi) for ref in read_article(path).references] == [
        ("doi-abc", "10.5555/abc"),
        ("doi-abc-2", "10.6666/abc"),
    ]

"""The article's reference list: finding it and parsing each entry (the example article's seven first)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.inputs.refentry import initials_style_authors, parse_reference_entry
from claimcheck.inputs.reflist import (
    find_reference_list,
    is_reference_heading,
    looks_like_citation,
    make_keys,
)
from claimcheck.model import Reference

EXAMPLE = Path(__file__).parents[2] / "articles" / "stem-cell-therapy-knees.txt"


@pytest.fixture(scope="module")
def example_entries() -> dict[int, Reference]:
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    found = find_reference_list(lines)
    assert found is not None
    return {
        entry.number or 0: parse_reference_entry(
            entry.text, number=entry.number, path="a.txt", line=entry.line_index + 1
        )
        for entry in found.entries
    }


def test_example_list_is_the_seven_numbered_entries(example_entries: dict[int, Reference]) -> None:
    assert sorted(example_entries) == [1, 2, 3, 4, 5, 6, 7]
    assert [example_entries[n].line for n in range(1, 8)] == list(range(153, 160))


def test_example_entry_1_all_identifiers(example_entries: dict[int, Reference]) -> None:
    ref = example_entries[1]
    assert ref.authors == ("Shaw B", "Darrow M", "Derian A")
    assert ref.title == (
        "Short-Term Outcomes in Treatment of Knee Osteoarthritis With 4 Bone Marrow Concentrate Injections"
    )
    assert ref.journal == "Clin Med Insights Arthritis Musculoskelet Disord"
    assert (ref.year, ref.volume) == (2018, "11")
    assert (ref.doi, ref.pmid, ref.pmcid) == ("10.1177/1179544118781080", "29977117", "PMC6024328")
    assert ref.key == "shaw2018"


def test_example_entry_2_ahead_of_print(example_entries: dict[int, Reference]) -> None:
    ref = example_entries[2]
    assert ref.authors == ("Doyle EC", "Wragg NM", "Wilson SL")
    assert ref.title == (
        "Intraarticular injection of bone marrow-derived mesenchymal stem cells enhances regeneration"
        " in knee osteoarthritis"
    )
    assert ref.journal == "Knee Surg Sports Traumatol Arthrosc"
    assert ref.year == 2020
    assert ref.doi == "10.1007/s00167-020-05859-z"
    assert ref.volume == ""


def test_example_entry_3_no_identifiers(example_entries: dict[int, Reference]) -> None:
    ref = example_entries[3]
    assert ref.authors[0] == "Migliorini F" and len(ref.authors) == 7
    assert ref.title == (
        "Improved outcomes after mesenchymal stem cells injections for knee osteoarthritis: results at"
        " 12-months follow-up: a systematic review of the literature"
    )
    assert ref.journal == "Archives of orthopaedic and trauma surgery"
    assert ref.year == 2019
    assert (ref.doi, ref.pmid, ref.pmcid) == ("", "", "")


def test_example_entry_4_pii_and_pubmed_pmid(example_entries: dict[int, Reference]) -> None:
    ref = example_entries[4]
    assert ref.authors[2] == "Liastani MG" and len(ref.authors) == 9
    assert ref.title.endswith("a randomized, triple-blind, placebo-controlled phase 1/2 clinical trial")
    assert (ref.journal, ref.year) == ("Cytotherapy", 2018)
    assert (ref.doi, ref.pmid) == ("10.1016/j.jcyt.2018.08.005", "30318332")
    assert "pii" not in ref.journal


def test_example_entry_5_volume_and_article_number(example_entries: dict[int, Reference]) -> None:
    ref = example_entries[5]
    assert ref.title == "Therapeutic potential of mesenchymal stem cell based therapy for osteoarthritis"
    assert ref.journal == "Clinical and Translational Medicine"
    assert (ref.year, ref.volume, ref.pages) == (2016, "5", "27")
    assert ref.doi == "10.1186/s40169-016-0112-7"


def test_example_entry_6_family_comma_initials(example_entries: dict[int, Reference]) -> None:
    ref = example_entries[6]
    assert ref.authors == ("Frisbie DD", "Kisiday JD", "Kawcak CE", "Werpy NM", "McIlwraith C")
    assert (ref.journal, ref.year, ref.volume, ref.pages) == ("J Orthop Res", 2009, "27", "1675-1680")
    assert ref.key == "frisbie2009"


def test_example_entry_7_date_only(example_entries: dict[int, Reference]) -> None:
    ref = example_entries[7]
    assert ref.authors == ("Chang YH", "Liu HW", "Wu KC", "Ding DC")
    assert ref.title == "Mesenchymal stem cells and their clinical applications in osteoarthritis"
    assert (ref.journal, ref.year, ref.volume, ref.pages) == ("Cell Transplant", 2015, "", "")


# Entries below are written for these tests.


def test_apa_entry() -> None:
    ref = parse_reference_entry(
        "Lark, T. Q., & Moss, E. (2021). Walking after knee injections. Journal of Joint Studies, 14(3),"
        " 201-209. https://doi.org/10.5555/jjs.2021.014.",
        number=None,
        path="x.md",
        line=9,
    )
    assert ref.authors == ("Lark TQ", "Moss E")
    assert ref.title == "Walking after knee injections"
    assert (ref.journal, ref.year, ref.volume, ref.issue, ref.pages) == (
        "Journal of Joint Studies",
        2021,
        "14",
        "3",
        "201-209",
    )
    assert ref.doi == "10.5555/jjs.2021.014"
    assert (ref.path, ref.line, ref.key) == ("x.md", 9, "lark2021")


def test_vancouver_with_dotted_initials_and_issue() -> None:
    ref = parse_reference_entry(
        "Van der Berg A.B., Ólafsson C. Cartilage in motion? Osteoarthr Rev. 2017 Mar;22(4):e101. PMID 1234567",
        number=4,
        path="x.txt",
        line=1,
    )
    assert ref.authors == ("Van der Berg AB", "Ólafsson C")
    assert ref.title == "Cartilage in motion?"
    assert (ref.journal, ref.year, ref.volume, ref.issue, ref.pages) == (
        "Osteoarthr Rev",
        2017,
        "22",
        "4",
        "e101",
    )
    assert ref.pmid == "1234567"
    assert ref.key == "vanderberg2017"


def test_entry_without_authors_keys_on_title_word() -> None:
    ref = parse_reference_entry(
        "Knee pain facts for patients. Health Letter. 2020;3:4.", number=1, path="x.txt", line=1
    )
    assert ref.authors == ()
    assert ref.title == "Knee pain facts for patients"
    assert ref.journal == "Health Letter"
    assert ref.key == "knee2020"


def test_author_parser_rejects_a_title() -> None:
    assert initials_style_authors("Stem cells for knees") == ()
    assert initials_style_authors("Shaw B, Darrow M, et al") == ("Shaw B", "Darrow M")


def test_make_keys_adds_suffixes_only_on_collision() -> None:
    refs = [
        Reference(key="", authors=("Shaw B",), year=2018),
        Reference(key="", authors=("Darrow M",), year=2018),
        Reference(key="", authors=("Shaw C",), year=2018),
    ]
    assert [ref.key for ref in make_keys(refs)] == ["shaw2018a", "darrow2018", "shaw2018b"]


@pytest.mark.parametrize(
    "line", ["References", "## Sources:", "**Works Cited**", "  BIBLIOGRAPHY", "Notes:", "# References"]
)
def test_reference_headings(line: str) -> None:
    assert is_reference_heading(line)


@pytest.mark.parametrize("line", ["References to the study are below", "Sources of stem cells", ""])
def test_not_reference_headings(line: str) -> None:
    assert not is_reference_heading(line)


def test_bullet_lists_that_are_not_citations_are_not_a_reference_list() -> None:
    lines = ["Intro", "", "  • First treatment", "  • Second treatment 14 days after", "", "End."]
    assert find_reference_list(lines) is None
    assert not looks_like_citation("Second treatment approximately 14 days after first treatment.")


def test_heading_list_with_wrapped_unnumbered_entries() -> None:
    lines = [
        "Body text.",
        "## References",
        "",
        "Lark TQ, Moss E. Walking after knee injections. J Joint Stud. 2021;14:201-9.",
        "",
        "Pell R. A second paper that wraps",
        "  onto a second line. Knee Rev. 2019;2:3-4.",
        "",
        "Thanks for reading!",
    ]
    found = find_reference_list(lines)
    assert found is not None and found.start_line_index == 1
    assert [entry.line_index for entry in found.entries] == [3, 5]
    assert found.entries[1].text.endswith("onto a second line. Knee Rev. 2019;2:3-4.")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_parse_reference_entry_never_raises(text: str) -> None:
    ref = parse_reference_entry(text, number=None, path="p", line=1)
    assert ref.key
    assert ref.year is None or 1800 <= ref.year <= 2099


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("1. []()-•ShawB,2018;:doi\t"), max_size=60), max_size=30))
def test_find_reference_list_stays_within_lines(lines: list[str]) -> None:
    found = find_reference_list(lines)
    if found is not None:
        assert 0 <= found.start_line_index < len(lines)
        assert all(found.start_line_index <= entry.line_index < len(lines) for entry in found.entries)

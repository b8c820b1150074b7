"""references.bib: loading (with located errors), appending without touching what is there, reconciling."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.errors import InputError
from claimcheck.inputs.bibliography import load_bibliography, merge_into_bibliography, reconcile
from claimcheck.model import Reference

# Entries written for these tests.
BIB = """% kept as is
@article{lark2021,
  author = {Lark, Thomas Quinn and M{\\"o}ss, Eva},
  title = {{Walking} after knee injections},
  journal = {Journal of Joint Studies},
  year = {2021}, volume = {14}, number = {3}, pages = {201--209},
  doi = {https://doi.org/10.5555/jjs.2021.014},
  note = {PMCID: PMC1234567}
}

@article{Pell2019,
  author = {Pell, R.},
  title = {A second paper},
  year = 2019,
  eprint = {30318332},
  archivePrefix = {arXiv}
}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "references.bib"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_fields_authors_and_lines(tmp_path: Path) -> None:
    lark, pell = load_bibliography(write(tmp_path, BIB))
    assert lark.authors == ("Lark TQ", "Möss E")
    assert (lark.title, lark.journal, lark.year) == (
        "Walking after knee injections",
        "Journal of Joint Studies",
        2021,
    )
    assert (lark.volume, lark.issue, lark.pages) == ("14", "3", "201–209")  # LaTeX "--" read as an en dash
    assert (lark.doi, lark.pmcid, lark.line) == ("10.5555/jjs.2021.014", "PMC1234567", 2)
    assert (pell.key, pell.pmid, pell.line) == ("Pell2019", "30318332", 11)


@pytest.mark.parametrize(
    ("entry", "problem", "line"),
    [
        ("@article{x,\n  doi = {not-a-doi}\n}\n", "invalid DOI", 2),
        ("@article{x,\n  title = {T},\n  pmid = {12ab}\n}\n", "invalid PMID", 3),
        ("@article{x,\n  title = {A}\n}\n@article{x,\n  title = {B}\n}\n", "duplicate key 'x'", 4),
        ("@article{x,\n  title = {A}\n}\n\n@article{y\n  title = \n", "unparsable", 5),
    ],
)
def test_bad_entries_name_file_and_line(tmp_path: Path, entry: str, problem: str, line: int) -> None:
    path = write(tmp_path, entry)
    with pytest.raises(InputError) as raised:
        load_bibliography(path)
    assert problem in str(raised.value)
    assert raised.value.line == line and str(raised.value).startswith(f"{path}:{line}:")
    assert "\n" not in str(raised.value)


def test_identical_duplicate_is_tolerated(tmp_path: Path) -> None:
    entry = "@article{x,\n  title = {A}, year = {2020}\n}\n"
    assert [ref.key for ref in load_bibliography(write(tmp_path, entry + entry))] == ["x"]


def test_missing_bibliography(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such bibliography"):
        load_bibliography(tmp_path / "absent.bib")


def test_shared_real_bibliographies_load(ncbi_data: Path) -> None:
    counts = {
        path.name: len(load_bibliography(path)) for path in sorted((ncbi_data / "bibtex").glob("*.bib"))
    }
    assert counts["mendeley_library_AurinaBMH.bib"] == 290
    assert all(count > 0 for count in counts.values())


def test_merge_appends_only_new_works_and_keeps_existing_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, BIB)
    new = [
        Reference(key="lark2021", title="Walking after knee injections", year=2021),  # same key
        Reference(key="other", doi="10.5555/JJS.2021.014"),  # same DOI, other case
        Reference(key="pell2019", pmid="30318332"),  # same PMID as an eprint
        Reference(
            key="shaw2018",
            authors=("Shaw B", "Van der Berg AB"),
            title="Short {odd} title",
            year=2018,
            pages="1675–1680",
            pmid="29977117",
        ),
    ]
    assert merge_into_bibliography(path, new) == ("shaw2018",)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(BIB)
    assert "author = {Shaw, B. and Van der Berg, A. B.}" in text and "pages = {1675--1680}" in text
    reloaded = load_bibliography(path)
    assert [ref.key for ref in reloaded] == ["lark2021", "Pell2019", "shaw2018"]
    assert reloaded[2].authors == ("Shaw B", "Van der Berg AB") and reloaded[2].title == "Short odd title"
    assert merge_into_bibliography(path, new) == ()
    assert path.read_text(encoding="utf-8") == text


def test_merge_creates_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "new.bib"
    assert merge_into_bibliography(path, [Reference(key="a2020", title="T", year=2020)]) == ("a2020",)
    assert [ref.key for ref in load_bibliography(path)] == ["a2020"]


def test_reconcile_keeps_numbers_and_ignores_other_articles_entries() -> None:
    article = (
        Reference(
            key="lark2021", number=1, authors=("Lark TQ",), title="Walking after knee injections.", year=2021
        ),
        Reference(key="zed2000", number=2, doi="10.1/abc"),
        Reference(key="nomatch2010", number=3, title="Unrelated", year=2010),
    )
    bib = (
        Reference(
            key="Lark:2021", authors=("Lark TQ",), title="Walking after knee injections", year=2021, pmid="1"
        ),
        Reference(key="zed", doi="10.1/ABC", pmid="2"),
        Reference(key="elsewhere", pmid="3"),
    )
    result = reconcile(article, bib)
    assert [(ref.key, ref.number, ref.pmid) for ref in result] == [
        ("Lark:2021", 1, "1"),
        ("zed", 2, "2"),
        ("nomatch2010", 3, ""),
    ]

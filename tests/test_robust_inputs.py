"""Issue #7, bad input: each unusable file is one stderr line naming file (and line), exit 2, no traceback.

Input that is *content* rather than usage (an invalid identifier in the article's own reference list,
a claim citing a key no reference has) becomes a finding instead. Every article, bibliography and
claims file here is written for these tests; none is copied from anywhere. All runs are ``--offline``
with an empty cache: no case needs the network, and none may try it.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimcheck.cli import EXIT_USAGE, main
from claimcheck.inputs.bibliography import load_bibliography
from runners_article import RUNNERS_ARTICLE

# Written for these tests: two cited statistics, one uncited sentence, a two-entry reference list.
ARTICLE = RUNNERS_ARTICLE
REFERENCE_ONE = next(line for line in ARTICLE.splitlines() if line.startswith("1. "))

BIB = """\
% Written for claimcheck's robustness tests.
@article{smith2019,
  author  = {Smith, J. and Doe, A.},
  title   = {A made-up trial of knee pain in runners},
  journal = {J Invented Knees},
  year    = {2019},
  pmid    = {31000001},
}
"""

CLAIMS = """\
version: 1
article: articles/knees.txt
claims:
- id: smith-runners
  line: 3
  text: A trial of 120 runners found that 42% reported less pain after six months.
  cites: [smith2019]
  figures: [42%]
"""


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory with ``articles/knees.txt`` and an empty cache; the current directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CLAIMCHECK_EUTILS_URL", raising=False)
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "knees.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    status = main([*argv, "--offline"])
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err)


def assert_usage_error(result: Run, *named: str) -> None:
    """Exit 2, one line on stderr that names every string in ``named``, and no traceback."""
    assert result.status == EXIT_USAGE, result.err
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, lines
    for name in named:
        assert name in lines[0]


# --------------------------------------------------------------------------- the article itself


def test_missing_article(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_usage_error(run(capsys, "check", "articles/gone.txt"), "articles/gone.txt", "no such file")


def test_directory_instead_of_article(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_usage_error(run(capsys, "check", "articles"), "articles", "directory")


def test_binary_article(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert_usage_error(run(capsys, "check", "picture.txt"), "picture.txt", "not a text file")


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"], ids=["zero-bytes", "only-whitespace"])
def test_empty_article(project: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    (project / "empty.txt").write_bytes(content)
    assert_usage_error(run(capsys, "check", "empty.txt"), "empty.txt", "empty")


def test_non_utf8_article_is_decoded_with_the_stated_fallback_and_a_warning(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    legacy = ARTICLE.replace("Knee pain", "Knee pain \u2014 \u201cr\u00e9sum\u00e9\u201d").encode("cp1252")
    (project / "legacy.txt").write_bytes(legacy)

    result = run(capsys, "check", "legacy.txt", "--format", "json")

    assert result.status != EXIT_USAGE and "Traceback" not in result.err
    warning = next(line for line in result.err.splitlines() if "legacy.txt" in line)
    assert "UTF-8" in warning and "cp1252" in warning
    report = json.loads(result.out)
    assert report["summary"]["claims"] >= 2
    assert {claim["line"] for claim in report["claims"]} >= {3, 4}


def test_ten_megabyte_article_finishes_in_bounded_time_and_memory(project: Path) -> None:
    """A real process, so its peak memory can be read; the bounds are generous, not benchmarks."""
    prose = (
        "The clinic's newsletter describes the waiting room, the parking, the opening hours and the "
        "friendly staff who answer the telephone every morning.\n\n"
    )
    cited = "A trial of 120 runners found that 42% reported less pain after six months [1].\n\n"
    body = (prose * 30 + cited) * (10 * 1024 * 1024 // (len(prose) * 30 + len(cited)) + 1)
    big = project / "big.txt"
    big.write_text(
        "An invented, very long article\n\n"
        + body
        + ARTICLE.split("References", 1)[1].join(["References", ""]),
        encoding="utf-8",
    )
    assert big.stat().st_size >= 10 * 1024 * 1024
    report = project / "big.json"

    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimcheck",
            "check",
            str(big),
            "--offline",
            "--format",
            "json",
            "--output",
            str(report),
            "-q",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )

    assert completed.returncode != EXIT_USAGE and "Traceback" not in completed.stderr, completed.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["claims"] > 1000
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    assert peak_kib < 3 * 1024 * 1024, f"peak memory {peak_kib} KiB for a 10 MB article"


# --------------------------------------------------------------------------- bibliography


def check_with_bib(project: Path, capsys: pytest.CaptureFixture[str], bib: str) -> Run:
    (project / "references.bib").write_text(bib, encoding="utf-8")
    return run(capsys, "check", "articles/knees.txt")


def test_malformed_bibtex_names_file_and_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = BIB + "\n@article{roe2020,\n  author = {Roe, B.},\n  title = {Unclosed brace,\n  year = 2020\n"
    assert_usage_error(check_with_bib(project, capsys, broken), "references.bib:10")


def test_duplicate_bib_key_for_another_work_names_both_lines(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    duplicate = BIB + "\n" + BIB.split("\n", 1)[1].replace("{2019}", "{2021}")
    result = check_with_bib(project, capsys, duplicate)
    assert_usage_error(result, "references.bib:10", "duplicate key 'smith2019'", "line 2", "different work")


def test_duplicate_bib_key_for_the_same_work_is_a_warning(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = check_with_bib(project, capsys, BIB + "\n" + BIB.split("\n", 1)[1])

    assert result.status != EXIT_USAGE and "Traceback" not in result.err
    assert "references.bib:10: duplicate entry 'smith2019' ignored (same as line 2)" in result.err


@pytest.mark.parametrize(
    ("field", "value", "line"),
    [("doi", "doi:11.99/not-a-doi", 7), ("pmid", "3100x0001", 7), ("pmcid", "PMCX12", 7)],
)
def test_syntactically_invalid_identifier_in_the_bib_names_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str], field: str, value: str, line: int
) -> None:
    bib = BIB.replace("  pmid    = {31000001},\n", f"  {field} = {{{value}}},\n")
    result = check_with_bib(project, capsys, bib)
    assert_usage_error(
        result, f"references.bib:{line}", f"invalid {field.upper()}", value.removeprefix("doi:")
    )


def test_invalid_pmid_in_the_articles_own_reference_list_is_a_finding(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "articles" / "knees.txt").write_text(ARTICLE.replace("PMID: 31000001", "PMID: 0000000"))

    result = run(capsys, "check", "articles/knees.txt", "--format", "json")

    assert result.status != EXIT_USAGE and "Traceback" not in result.err
    findings = json.loads(result.out)["findings"]
    invalid = [f for f in findings if f["rule"] == "CC101" and "invalid PMID '0000000'" in f["message"]]
    assert [f["line"] for f in invalid] == [ARTICLE.splitlines().index(REFERENCE_ONE) + 1]


# --------------------------------------------------------------------------- claims files


def check_with_claims(project: Path, capsys: pytest.CaptureFixture[str], claims: str, *argv: str) -> Run:
    (project / "references.bib").write_text(BIB, encoding="utf-8")
    (project / "claims").mkdir(exist_ok=True)
    (project / "claims" / "knees.yaml").write_text(claims, encoding="utf-8")
    return run(capsys, "check", *(argv or ("articles/knees.txt",)))


def test_broken_yaml_names_file_and_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = CLAIMS.replace("  cites: [smith2019]", "  cites: [smith2019\n  figures: {")
    assert_usage_error(check_with_claims(project, capsys, broken), "claims/knees.yaml:8", "broken YAML")


@pytest.mark.parametrize(
    ("edit", "line", "key"),
    [(("claims:", "reviewer: me\nclaims:"), 3, "reviewer"), (("  figures:", "  figurs:"), 8, "figurs")],
    ids=["top-level", "in-a-claim"],
)
def test_unknown_key_in_claims_file_names_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str], edit: tuple[str, str], line: int, key: str
) -> None:
    result = check_with_claims(project, capsys, CLAIMS.replace(*edit))
    assert_usage_error(result, f"claims/knees.yaml:{line}", f"unknown key '{key}'")


def test_claim_citing_an_unknown_key_is_a_cc107_finding(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = check_with_claims(
        project,
        capsys,
        CLAIMS.replace("[smith2019]", "[smith2091]"),
        "articles/knees.txt",
        "--format",
        "json",
    )

    assert result.status != EXIT_USAGE and "Traceback" not in result.err
    report = json.loads(result.out)
    unknown = [f for f in report["findings"] if f["rule"] == "CC107"]
    assert [f["line"] for f in unknown] == [3] and "smith2091" in unknown[0]["message"]
    claim = next(c for c in report["claims"] if c["id"] == "smith-runners")
    assert claim["verdict"] != "supported"


def test_claims_file_whose_article_no_longer_exists(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "claims").mkdir()
    (project / "claims" / "knees.yaml").write_text(CLAIMS, encoding="utf-8")
    (project / "claims" / "retired.yaml").write_text(
        CLAIMS.replace("knees.txt", "retired.txt"), encoding="utf-8"
    )

    result = run(capsys, "check")

    assert_usage_error(result, "claims/retired.yaml:2", "articles/retired.txt", "does not exist")


# --------------------------------------------------------------------------- hostile claims files and bibliographies

ALIAS_BOMB = "".join(
    [
        "version: 1\narticle: articles/knees.txt\nclaims:\n",
        "- id: smith-runners\n  line: 3\n  text: A trial.\n  figures: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        *(f"- &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]\n" for level in range(1, 10)),
    ]
)


@pytest.mark.parametrize(
    ("claims", "line", "reason"),
    [
        (
            CLAIMS + "  note: !!python/object/apply:os.system ['touch pwned']\n",
            9,
            "'!!python/object/apply:os.system'",
        ),
        (CLAIMS + "  note: !!python/name:os.system\n", 9, "is not allowed"),
        (CLAIMS + "  note: !editor-tag hello\n", 9, "the tag '!editor-tag' is not allowed"),
        (ALIAS_BOMB, 9, "more than 10 aliases"),
        (CLAIMS + "  note: " + "[" * 50_000 + "]" * 50_000 + "\n", 9, "nested more than 20 levels deep"),
        (CLAIMS.replace("line: 3", "line: " + "9" * 100_000), 5, "a number of 100000 digits"),
        (CLAIMS.replace("line: 3", "line: " + "9" * 15), 5, "'line' must be a line number"),
        (CLAIMS.replace("article: articles/knees.txt", "article: [a, b]"), 2, "'article' must be text"),
    ],
    ids=[
        "python-object",
        "python-name",
        "custom-tag",
        "alias-bomb",
        "deep-nesting",
        "huge-number",
        "big-line",
        "article-list",
    ],
)
def test_a_hostile_claims_file_is_refused_at_its_line(
    project: Path, capsys: pytest.CaptureFixture[str], claims: str, line: int, reason: str
) -> None:
    started = time.monotonic()
    result = check_with_claims(project, capsys, claims)
    assert_usage_error(result, f"claims/knees.yaml:{line}", reason)
    assert time.monotonic() - started < 10, "refused before any expansion"
    assert not (project / "pwned").exists()


def test_an_anchor_or_two_are_still_plain_yaml(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claims = CLAIMS.replace("  cites: [smith2019]", "  cites: &cited [smith2019]") + (
        "- id: smith-again\n  line: 4\n  text: Another group of 37 volunteers saw no change.\n  cites: *cited\n"
    )
    result = check_with_claims(project, capsys, claims, "articles/knees.txt", "--format", "json")
    assert result.status != EXIT_USAGE, result.err
    cites = {claim["id"]: claim["cites"] for claim in json.loads(result.out)["claims"]}
    assert cites["smith-again"] == ["smith2019"]


@pytest.mark.parametrize(
    ("year", "expected"),
    [("{²⁰¹⁹}", None), ("{٢٠١٩}", None), ("{" + "9" * 100_000 + "}", 9999), ("{2019a}", 2019)],
    ids=["superscript", "arabic-indic", "huge", "suffixed"],
)
def test_a_year_in_other_digits_is_read_or_ignored_never_a_crash(
    project: Path, year: str, expected: int | None
) -> None:
    bib = project / "references.bib"
    bib.write_text(BIB.replace("{2019}", year), encoding="utf-8")
    assert [reference.year for reference in load_bibliography(bib)] == [expected]


@pytest.mark.parametrize("pmid", ["²³", "١٢٣"])
def test_a_pmid_in_other_digits_is_invalid_at_its_line(
    project: Path, capsys: pytest.CaptureFixture[str], pmid: str
) -> None:
    result = check_with_bib(project, capsys, BIB.replace("{31000001}", f"{{{pmid}}}"))
    assert_usage_error(result, "references.bib:7", f"invalid PMID '{pmid}'")


def test_fifty_thousand_nested_braces_are_refused_at_the_entry(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = BIB.replace("{A made-up trial of knee pain in runners}", "{" * 50_000 + "x" + "}" * 50_000)
    assert_usage_error(check_with_bib(project, capsys, deep), "references.bib:2")


def test_an_unclosed_entry_says_so(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = check_with_bib(project, capsys, BIB.rstrip().rstrip("}"))
    assert_usage_error(result, "references.bib:2", "not closed")


def test_a_bib_entry_reads_as_a_reference_in_evidence_never_as_bibtex(project: Path) -> None:
    """CC106 and CC101 quote an entry: the way a reference list prints it, a long title cut at a word."""
    long_title = " ".join(["Knees of cyclists"] * 20)
    extra = (
        "\n@article{lee2021,\n  author = {Lee, Brian and Poe, Ann and Moe, C. and Zoe, D.},\n"
        f"  title = {{{long_title}}},\n  journal = {{J Invented Knees}},\n  year = {{2021}},\n"
        "  volume = {4},\n  pages = {10--19},\n}\n"
    )
    bib = project / "references.bib"
    bib.write_text(BIB + extra, encoding="utf-8")

    smith, lee = load_bibliography(bib)

    assert smith.raw == "Smith J, Doe A. A made-up trial of knee pain in runners. J Invented Knees. 2019."
    assert lee.raw.startswith("Lee B, Poe A, Moe C, et al. Knees of cyclists Knees")
    assert lee.raw.endswith("\u2026 J Invented Knees. 2021;4:10\u201319.") and len(lee.raw) <= 200

"""``--changed-since GIT_REF`` on a real git repository of three articles (tests/ci_project.py).

An article is checked when its text, its claims file or the bib entry of a work it cites changed
since the reference, or when it is new and untracked; the report names every article it skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ci_project import article_text, claims_document, commit_all, git, write_project
from claimcheck import pipeline
from claimcheck.cli import EXIT_SUCCESS, EXIT_USAGE, main
from claimcheck.extract import Extraction
from claimcheck.model import Article, Reference
from fake_eutils import FakeEutils

ALL = {"articles/marrow.txt", "articles/placebo.txt", "articles/review.txt"}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eutils_server: FakeEutils) -> Path:
    """The three-article project, committed, as the working directory; PubMed is the fake server."""
    root = write_project(tmp_path / "content")
    git(root, "init", "-q")
    commit_all(root)
    monkeypatch.chdir(root)
    return root


def checked_since(capsys: pytest.CaptureFixture[str], ref: str = "HEAD") -> tuple[int, dict, str]:
    status = main(["check", "--changed-since", ref, "--format", "json"])
    captured = capsys.readouterr()
    return status, json.loads(captured.out), captured.err


def articles_checked(report: dict) -> set[str]:
    return {claim["article"] for claim in report["claims"]}


def test_one_changed_article_is_the_only_one_checked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (repo / "articles" / "review.txt").open("a", encoding="utf-8") as article:
        article.write("\nAn added closing sentence.\n")

    _, report, err = checked_since(capsys)

    assert articles_checked(report) == {"articles/review.txt"}
    assert report["summary"]["articles"] == 1
    assert set(report["skipped"]) == {"articles/marrow.txt", "articles/placebo.txt"}
    assert "2 not checked (unchanged)" in err


def test_only_the_changed_article_is_extracted(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Extraction is the costly part of preparing an article: unchanged ones are read, never extracted."""
    extracted: list[str] = []
    extract = pipeline.extract

    def counting(article: Article, references: tuple[Reference, ...]) -> Extraction:
        extracted.append(Path(article.path).name)
        return extract(article, references)

    monkeypatch.setattr(pipeline, "extract", counting)
    with (repo / "articles" / "review.txt").open("a", encoding="utf-8") as article:
        article.write("\nAn added closing sentence.\n")

    checked_since(capsys)

    assert extracted == ["review.txt"]


def test_text_report_names_the_skipped_articles(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "articles" / "marrow.txt").write_text(
        article_text("marrow") + "\nOne more line.\n", encoding="utf-8"
    )

    main(["check", "--changed-since", "HEAD", "--all"])
    out = capsys.readouterr().out

    not_checked = next(line for line in out.splitlines() if line.startswith("Not checked"))
    assert "articles/placebo.txt" in not_checked and "articles/review.txt" in not_checked
    assert "articles/marrow.txt" not in not_checked
    assert "A team at the Darrow Stem Cell Institute" in out, "the changed article's claim is reported"
    assert "In a randomized trial" not in out


def test_nothing_changed_checks_nothing_and_asks_pubmed_nothing(
    repo: Path, eutils_server: FakeEutils, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report, _ = checked_since(capsys)

    assert status == EXIT_SUCCESS
    assert report["claims"] == [] and set(report["skipped"]) == ALL
    assert eutils_server.log == []


def test_a_changed_bib_entry_selects_the_article_that_cites_it(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = repo / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("pmid    = {30318332}", "pmid    = {30318333}"),
        encoding="utf-8",
    )

    _, report, _ = checked_since(capsys)

    assert articles_checked(report) == {"articles/placebo.txt"}
    assert set(report["skipped"]) == ALL - {"articles/placebo.txt"}


def test_a_changed_claims_file_selects_its_article(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    acknowledged = [{"rule": "CC201", "reason": "the editor checked the journal"}]
    (repo / "claims" / "placebo.yaml").write_text(
        claims_document("placebo", acknowledge=acknowledged), encoding="utf-8"
    )

    _, report, _ = checked_since(capsys)

    assert articles_checked(report) == {"articles/placebo.txt"}


def test_an_untracked_new_article_is_selected(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "articles" / "second-review.txt").write_text(article_text("review"), encoding="utf-8")
    (repo / "claims" / "second-review.yaml").write_text(
        claims_document("review").replace("articles/review.txt", "articles/second-review.txt"),
        encoding="utf-8",
    )

    _, report, _ = checked_since(capsys)

    assert articles_checked(report) == {"articles/second-review.txt"}
    assert set(report["skipped"]) == ALL


def test_a_committed_change_is_seen_against_an_older_ref(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "articles" / "marrow.txt").write_text(article_text("marrow") + "\nEdited.\n", encoding="utf-8")
    commit_all(repo, "edit marrow")

    _, report, _ = checked_since(capsys, base)

    assert articles_checked(report) == {"articles/marrow.txt"}


def test_a_bad_ref_is_a_usage_error_with_a_clear_message(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", "--changed-since", "no-such-branch"])
    err = capsys.readouterr().err

    assert status == EXIT_USAGE
    assert "--changed-since no-such-branch" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_outside_a_git_repository_is_a_usage_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    eutils_server: FakeEutils,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = write_project(tmp_path / "not-a-repo")
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))

    status = main(["check", "--changed-since", "HEAD"])

    assert status == EXIT_USAGE
    assert "--changed-since HEAD" in capsys.readouterr().err

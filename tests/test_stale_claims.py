"""The article as it is now is what gets checked (issue 13, item 1).

``check`` extracts the article afresh and merges the curated claims file into that extraction as
``extract`` would: the editor's fields and acknowledgements win, a curated claim whose text is gone is
CC108 at its line in the claims file, and the stale text is never checked. The article below was written
for these tests; it cites the Shaw record of tests/fixtures/pubmed (facts real, abstract our own), which
reports "an 84.31% decrease in resting pain".
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from ci_project import commit_all, git
from claimcheck.cli import EXIT_FINDINGS, EXIT_SUCCESS, main
from claimcheck.inputs.claimsfile import load_claims
from fake_eutils import FakeEutils

ARTICLE = textwrap.dedent(
    """\
    Marrow injections for sore knees

    A clinic team followed 15 patients (20 knees) who received four bone marrow injections (1).

    At the final visit, resting pain had fallen by 84.31% on average (1).

    References
    1. Shaw B, Darrow M, Derian A. Short-Term Outcomes in Treatment of Knee Osteoarthritis With 4 Bone
    Marrow Concentrate Injections. Clin Med Insights Arthritis Musculoskelet Disord. 2018;11. PMID: 29977117
    """
)
PYPROJECT = '[tool.claimcheck]\narticles = ["articles/*.txt"]\n'
OLD, NEW = "fallen by 84.31%", "fallen by 94.31%"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eutils_server: FakeEutils) -> Path:
    """A content repository made as the docs say: the article, its claims extracted, all committed."""
    root = tmp_path / "content"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "marrow.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["extract", "articles/marrow.txt", "--quiet"]) == EXIT_SUCCESS
    git(root, "init", "-q")
    commit_all(root)
    return root


def edit_article(root: Path, old: str, new: str) -> None:
    article = root / "articles" / "marrow.txt"
    text = article.read_text(encoding="utf-8")
    assert old in text
    article.write_text(text.replace(old, new), encoding="utf-8")


def claims_file_line(root: Path, says: str) -> tuple[str, int]:
    """The id of the curated claim whose text contains ``says``, and the line where it starts in the file."""
    path = root / "claims" / "marrow.yaml"
    claim = next(claim for claim in load_claims(path).claims if says in claim.text)
    lines = path.read_text(encoding="utf-8").splitlines()
    return claim.id, lines.index(f"- id: {claim.id}") + 1


def check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    status = main(["check", *argv, "--format", "json"])
    return status, json.loads(capsys.readouterr().out)


def test_a_changed_figure_is_checked_and_its_old_claim_is_stale(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claim_id, line = claims_file_line(repo, OLD)
    edit_article(repo, OLD, NEW)
    commit_all(repo, "a wrong figure")

    status, report = check_json(capsys, "--changed-since", "HEAD~1")

    assert status == EXIT_FINDINGS
    texts = [claim["text"] for claim in report["claims"]]
    assert any(NEW in text for text in texts), "the new sentence is what is checked"
    assert not any(OLD in text for text in texts), "the stale text is never checked"
    wrong = [f for f in report["findings"] if f["rule"] == "CC203" and f["severity"] == "error"]
    assert len(wrong) == 1 and "94.31%" in wrong[0]["claimed"] and "84.31%" in wrong[0]["found"]
    stale = [f for f in report["findings"] if f["rule"] == "CC108"]
    assert [(f["article"], f["line"], f["severity"]) for f in stale] == [
        ("claims/marrow.yaml", line, "warning")
    ]
    assert claim_id in stale[0]["message"]
    assert OLD in stale[0]["claimed"] and NEW in stale[0]["found"] and NEW in stale[0]["evidence"]


def test_github_annotation_points_at_the_stale_claim_in_the_claims_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, line = claims_file_line(repo, OLD)
    edit_article(repo, OLD, NEW)

    status = main(["check", "--format", "github"])
    out = capsys.readouterr().out

    assert status == EXIT_FINDINGS
    assert f"::warning file=claims/marrow.yaml,line={line},col=1,title=CC108 stale-claim::" in out
    assert "::error file=articles/marrow.txt,line=5," in out


def test_an_unchanged_article_has_no_stale_claim(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, report = check_json(capsys)

    assert status == EXIT_SUCCESS
    assert not [f for f in report["findings"] if f["rule"] == "CC108"]
    assert any(OLD in claim["text"] and claim["verdict"] == "supported" for claim in report["claims"])


def test_a_removed_sentence_is_stale_and_names_no_replacement(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, line = claims_file_line(repo, OLD)
    edit_article(repo, "At the final visit, resting pain had fallen by 84.31% on average (1).\n", "")

    _, report = check_json(capsys)

    stale = [f for f in report["findings"] if f["rule"] == "CC108"]
    assert [(f["line"], f["found"]) for f in stale] == [(line, "no sentence of the article has this text")]
    assert stale[0]["evidence"]
    assert not any("84.31%" in claim["text"] for claim in report["claims"])


def test_the_editors_fields_and_acknowledgements_win_over_the_fresh_extraction(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repo / "claims" / "marrow.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in document["claims"]:
        if OLD in entry["text"]:
            entry["acknowledge"] = [{"rule": "CC203", "reason": "the editor checked table 2"}]
            entry["note"] = "reviewed"
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    edit_article(repo, OLD, NEW)

    status, report = check_json(capsys)

    assert status == EXIT_SUCCESS, "the only error is acknowledged"
    figure = [f for f in report["findings"] if f["rule"] == "CC203"]
    assert figure and all(f["severity"] == "info" and "acknowledged" in f["message"] for f in figure)
    assert any(NEW in claim["text"] for claim in report["claims"])


def test_hand_written_claims_keep_working_until_their_text_is_gone(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As an editor writes it: without the citation marker "(1)" the article has.
    sentence = "A clinic team followed 15 patients (20 knees) who received four bone marrow injections."
    hand_written = {
        "version": 1,
        "article": "articles/marrow.txt",
        "claims": [
            {
                "id": "editor-1",
                "line": 3,
                "text": sentence,
                "cites": ["shaw2018"],
                "figures": ["15 patients"],
            },
            {"id": "editor-2", "line": 9, "text": "A sentence the article never had.", "cites": ["shaw2018"]},
        ],
    }
    path = repo / "claims" / "marrow.yaml"
    path.write_text(yaml.safe_dump(hand_written, sort_keys=False), encoding="utf-8")

    _, report = check_json(capsys)

    ids = {claim["id"] for claim in report["claims"]}
    assert "editor-1" in ids and "editor-2" not in ids
    stale = [f for f in report["findings"] if f["rule"] == "CC108"]
    line = path.read_text(encoding="utf-8").splitlines().index("- id: editor-2") + 1
    assert [(f["line"], "editor-2" in f["message"]) for f in stale] == [(line, True)]

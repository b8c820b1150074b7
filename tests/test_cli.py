"""The command line's contract: usage and input errors exit 2 with file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.cli import EXIT_USAGE, main
from claimcheck.config import load_settings
from claimcheck.rules import RULES
from fake_eutils import FakeEutils


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def test_missing_article_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "nowhere.txt", "--offline"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "nowhere.txt" in err and "Traceback" not in err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-such-option"]) == EXIT_USAGE
    assert "--no-such-option" in capsys.readouterr().err


def test_no_article_and_no_claims_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--offline"]) == EXIT_USAGE
    assert "no article" in capsys.readouterr().err


def test_unknown_configuration_key_names_file_and_line(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (isolated / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.claimcheck]\nfail-on = "error"\nfial-on = 1\n'
    )
    assert main(["check", "--offline"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "pyproject.toml:6" in err and "fial-on" in err


def test_bad_configuration_value(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (isolated / "pyproject.toml").write_text('[tool.claimcheck]\nfail-on = "sometimes"\n')
    assert main(["check", "--offline"]) == EXIT_USAGE
    assert "pyproject.toml:2" in capsys.readouterr().err


def test_configuration_is_read_and_paths_resolve_against_it(isolated: Path) -> None:
    (isolated / "pyproject.toml").write_text(
        '[tool.claimcheck]\nbib = "refs/main.bib"\nignore = ["CC106"]\nmax-age = 3\n'
    )
    (isolated / "sub").mkdir()
    settings = load_settings(isolated / "sub")
    assert settings.bib_path == isolated / "refs" / "main.bib"
    assert settings.ignore == frozenset({"CC106"})
    assert settings.max_age_days == 3.0
    assert settings.claims_file(Path("articles/a.md")) == isolated / "claims" / "a.yaml"


def test_directory_instead_of_article(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (isolated / "folder").mkdir()
    assert main(["check", "folder", "--offline"]) == EXIT_USAGE
    assert "folder" in capsys.readouterr().err


def test_verbose_logs_each_request_without_ids_or_key(
    bare_article: Path,
    eutils_server: FakeEutils,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NCBI_API_KEY", "key-that-must-not-show-0123456789")
    main(["check", str(bare_article), "-v", "--format", "json"])
    err = capsys.readouterr().err

    assert "efetch.fcgi db=pubmed" in err and "HTTP 200" in err
    assert "key-that-must-not-show" not in err
    assert "29977117" not in err, "ids are counted, not listed"


def test_rules_page_lists_every_rule_of_the_catalogue() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert f"| {code} | {rule.name} | {rule.severity.value} |" in page, code

"""The command line's contract: usage and input errors exit 2 with file and line, never a traceback."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

import claimcheck
from claimcheck import pipeline
from claimcheck.cli import EXIT_INTERNAL, EXIT_USAGE, main
from claimcheck.config import ENVIRONMENT, load_settings, resolve_settings
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


# --------------------------------------------------------------------------- settings: one place, one order


def test_the_environment_beats_pyproject_and_the_command_line_beats_both(
    bare_article: Path, make_eutils_server: Callable[..., FakeEutils], monkeypatch: pytest.MonkeyPatch
) -> None:
    configured, environment, given = (make_eutils_server() for _ in range(3))
    (bare_article.parent / "pyproject.toml").write_text(
        f'[tool.claimcheck]\neutils-url = "{configured.url}"\n', encoding="utf-8"
    )

    monkeypatch.setenv("CLAIMCHECK_EUTILS_URL", environment.url)
    main(["check", str(bare_article), "-q", "--cache-dir", "cold-1"])
    assert environment.log and not configured.log and not given.log

    main(["check", str(bare_article), "-q", "--cache-dir", "cold-2", "--eutils-url", given.url])
    assert given.log and not configured.log

    monkeypatch.delenv("CLAIMCHECK_EUTILS_URL")
    main(["check", str(bare_article), "-q", "--cache-dir", "cold-3"])
    assert configured.log


def test_settings_carry_the_environment_and_an_empty_variable_is_unset(isolated: Path) -> None:
    settings = resolve_settings(
        environ={
            "NCBI_API_KEY": "k-0123",
            "NCBI_EMAIL": "",
            "CLAIMCHECK_CACHE_DIR": "/var/cache/cc",
            "GITHUB_ACTIONS": "true",
            "NO_COLOR": "1",
        }
    )
    assert settings.api_key == "k-0123" and "k-0123" not in repr(settings)
    assert settings.email == "" and settings.cache_dir == Path("/var/cache/cc")
    assert settings.github_actions and settings.no_color


def test_no_module_but_config_reads_the_environment() -> None:
    source = Path(claimcheck.__file__).parent
    readers = [
        path.relative_to(source).as_posix()
        for path in source.rglob("*.py")
        if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text(encoding="utf-8"))
    ]
    assert readers == ["config.py"]


@pytest.mark.parametrize(
    ("variable", "value"),
    [("CLAIMCHECK_EUTILS_URL", "file:///etc/passwd"), ("CLAIMCHECK_EUTILS_URL", "http://h:99999/")],
)
def test_a_bad_environment_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(["check", "--offline"]) == EXIT_USAGE
    assert variable in capsys.readouterr().err


# --------------------------------------------------------------------------- options validated at once


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "file:///etc/passwd",
        "ftp://example.org/",
        "http://127.0.0.1:99999/",
        "http://127.0.0.1:0/",
        "http:///x",
    ],
)
def test_a_bad_eutils_url_is_a_usage_error_at_once(
    bare_article: Path, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    started = time.monotonic()
    assert main(["check", str(bare_article), "--eutils-url", url]) == EXIT_USAGE
    assert time.monotonic() - started < 5, "refused before any request is tried"
    err = capsys.readouterr().err
    assert "--eutils-url" in err and "http or https" in err or "port" in err


@pytest.mark.parametrize("option", ["--timeout", "--max-age"])
@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "-inf", "soon"])
def test_timeouts_and_ages_must_be_positive_finite_numbers(
    bare_article: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    assert main(["check", str(bare_article), "--offline", f"{option}={value}"]) == EXIT_USAGE
    assert f"{option}: must be a positive number" in capsys.readouterr().err


def test_a_negative_number_in_pyproject_is_refused_with_its_line(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (isolated / "pyproject.toml").write_text("[tool.claimcheck]\ntimeout = -5\n", encoding="utf-8")
    assert main(["check", "--offline"]) == EXIT_USAGE
    assert "pyproject.toml:2: 'timeout' must be a positive number" in capsys.readouterr().err


# --------------------------------------------------------------------------- a bug is exit 4


def test_a_crash_is_exit_4_with_one_line_and_v_shows_the_traceback(
    bare_article: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise LookupError("unknown encoding: TF-8")

    monkeypatch.setattr(pipeline, "check_articles", broken)

    assert main(["check", str(bare_article), "--offline"]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "internal error (LookupError: unknown encoding: TF-8)" in err and "bug" in err and "-v" in err
    assert "Traceback" not in err

    assert main(["check", str(bare_article), "--offline", "-v"]) == EXIT_INTERNAL
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_a_crash_never_shows_the_api_key(
    bare_article: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key = "key-that-must-not-show-0123456789"
    monkeypatch.setenv("NCBI_API_KEY", key)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"request with api_key={key} failed")

    monkeypatch.setattr(pipeline, "check_articles", broken)
    assert main(["check", str(bare_article), "--offline", "-vv"]) == EXIT_INTERNAL
    assert key not in capsys.readouterr().err


# --------------------------------------------------------------------------- help


def help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def options_of(capsys: pytest.CaptureFixture[str], command: str) -> set[str]:
    """The options a command's help lists before its exit status and environment."""
    return set(re.findall(r"--[a-z-]+", help_of(capsys, command).split("exit status:")[0]))


def test_each_command_lists_only_its_own_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert options_of(capsys, "cache") == {"--help", "--cache-dir"}
    assert options_of(capsys, "extract") == {"--help", "--bib", "--claims-dir", "--quiet", "--verbose"}
    refs = options_of(capsys, "refs")
    assert "--format" in refs and "--changed-since" not in refs and "--no-fulltext" not in refs
    check = options_of(capsys, "check")
    assert {"--format", "--all", "--concise", "--changed-since", "--timeout", "--no-fulltext"} < check


def test_help_names_the_exit_codes_and_the_environment(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ((), ("check",), ("refs",)):
        text = help_of(capsys, *argv)
        for status in range(5):
            assert re.search(rf"^  {status}  ", text, re.MULTILINE), (argv, status)
        for variable in (*ENVIRONMENT, "GITHUB_ACTIONS", "NO_COLOR"):
            assert variable in text, (argv, variable)


def test_help_and_usage_errors_load_no_network_yaml_bibliography_or_biopython_stack() -> None:
    """``claimcheck --help`` answers at once (issue 15): those stacks, and the model and the stages, are
    imported by the commands that need them. A fresh interpreter, so that nothing another test imported
    is counted."""
    program = (
        "import sys\n"
        "from claimcheck import cli\n"
        "parser = cli.build_parser()\n"
        "parser.format_help()\n"
        "[command.format_help() for command in parser.subcommands.values()]\n"
        "assert cli.main(['check', '--no-such-option']) == cli.EXIT_USAGE\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)

    loaded = set(done.stdout.split())
    assert "claimcheck.cli" in loaded
    assert loaded.isdisjoint({"requests", "urllib3", "yaml", "bibtexparser", "Bio", "sqlite3"})
    assert loaded.isdisjoint(
        {"claimcheck.model", "claimcheck.rules", "claimcheck.pipeline", "claimcheck.extract"}
    )


def test_claimcheck_alone_prints_usage_and_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("usage: claimcheck")
    for command in ("check", "extract", "refs", "cache"):
        assert re.search(rf"^    {command}\s", err, re.MULTILINE), command


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check", "--ofline"], "did you mean '--offline'?"),
        (["check", "--fail-of=warning"], "did you mean '--fail-on'?"),
        (["check", "--format", "jsn"], "did you mean 'json'?"),
        (["chek"], "did you mean 'check'?"),
        (["cache", "info", "--format", "json"], "'--format' is not an option of this command"),
    ],
)
def test_a_misspelt_option_or_command_suggests_the_right_one(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert main(argv) == EXIT_USAGE
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1


# --------------------------------------------------------------------------- where the report goes


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ("reports", "is a directory"),
        ("notes.txt/report.json", "a part of the path is a file, not a directory"),
        ("", "the output path is empty"),
    ],
)
def test_an_unusable_output_path_is_exit_2_with_the_reason_before_pubmed_is_asked(
    bare_article: Path,
    eutils_server: FakeEutils,
    capsys: pytest.CaptureFixture[str],
    output: str,
    reason: str,
) -> None:
    (bare_article.parent / "reports").mkdir()
    (bare_article.parent / "notes.txt").write_text("keep", encoding="utf-8")

    assert main(["check", str(bare_article), "-o", output]) == EXIT_USAGE

    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"claimcheck: {output or '--output'}: {reason}"]
    assert not eutils_server.log, "refused before the run"


def test_dash_and_devices_are_written_through(bare_article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(bare_article), "--offline", "--format", "json", "-o", "-"]) != EXIT_USAGE
    assert json.loads(capsys.readouterr().out)["version"] == 1
    assert main(["check", str(bare_article), "--offline", "-o", "/dev/null"]) != EXIT_USAGE
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not (bare_article.parent / "-").exists()


def test_readme_documents_every_option_variable_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for command in ("check", "extract", "refs", "cache"):
        for option in options_of(capsys, command) - {"--help", "--quiet", "--verbose"}:
            assert f"`{option}" in readme, (command, option)
    for variable in (*ENVIRONMENT, "GITHUB_ACTIONS", "NO_COLOR"):
        assert f"`{variable}`" in readme, variable
    for status in range(5):
        assert f"| `{status}` |" in readme, status
    assert "Python 3.11" in readme


def test_the_distribution_name_and_python_versions_agree_everywhere() -> None:
    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert project["name"] == "claimcheck-pubmed", "'claimcheck' on the package index is another project"
    assert project["scripts"] == {"claimcheck": "claimcheck.cli:main"}
    oldest = project["requires-python"].removeprefix(">=")
    versions = [
        c.rsplit(" :: ", 1)[1] for c in project["classifiers"] if re.fullmatch(r".*Python :: 3\.\d+", c)
    ]
    assert versions[0] == oldest and f"Python {oldest} or later" in readme
    assert sys.version_info[:2] >= tuple(int(part) for part in oldest.split("."))
    assert '"claimcheck-pubmed @ git+' in readme


def test_paths_in_errors_are_relative(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    claims = example / "claims" / "stem-cell-therapy-knees.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("version: 1", "version: 1\nreviewer: me"))
    assert main(["check"]) == EXIT_USAGE
    assert capsys.readouterr().err.startswith("claimcheck: claims/stem-cell-therapy-knees.yaml:")


def test_sigterm_ends_a_run_like_ctrl_c_without_a_traceback(
    bare_article: Path, make_eutils_server: Callable[..., FakeEutils]
) -> None:
    """A cancelled CI job sends SIGTERM: the run unwinds (removing any half-written file) and says so."""
    slow = make_eutils_server(latency=5.0)
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimcheck",
            "check",
            str(bare_article),
            "-o",
            "report.json",
            "--format",
            "json",
        ],
        cwd=bare_article.parent,
        env=os.environ | {"CLAIMCHECK_EUTILS_URL": slow.url},
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not slow.log and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=30)

    assert run.returncode == 130 and err.strip().endswith("claimcheck: interrupted"), err
    assert "Traceback" not in err
    assert not list(bare_article.parent.glob("*.tmp")) and not list(bare_article.parent.glob(".report.json*"))

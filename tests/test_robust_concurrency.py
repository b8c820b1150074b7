"""Issue #7, nothing lost: two claimcheck processes at once on one claims directory, bibliography or cache.

Real processes (``python -m claimcheck``) started together, several rounds each, so their writes overlap.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from claimcheck.inputs.bibliography import load_bibliography
from claimcheck.inputs.claimsfile import load_claims
from claimcheck.lookup.cache import CACHE_FILE_NAME, RecordCache
from fake_eutils import FakeEutils
from runners_article import RUNNERS_ARTICLE

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "articles" / "stem-cell-therapy-knees.txt"
FIXTURES = REPO / "tests" / "fixtures"
ROUNDS = 3
# Written for these tests: a second article, so two extracts add different entries to one bibliography.
OTHER_ARTICLE = RUNNERS_ARTICLE


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    shutil.copy(ARTICLE, tmp_path / "articles" / ARTICLE.name)
    return tmp_path


@pytest.fixture
def server() -> Iterator[FakeEutils]:
    with FakeEutils(FIXTURES / "pubmed", FIXTURES / "pmc") as fake:
        yield fake


def run_together(
    project: Path, argv: Sequence[str], env: dict[str, str], count: int = 2
) -> list[tuple[int, str]]:
    """Start ``count`` identical processes at once; (exit status, stderr) of each."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "claimcheck", *argv],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    results = []
    for process in processes:
        _, err = process.communicate(timeout=180)
        results.append((process.returncode, err))
    return results


def environment(project: Path, server: FakeEutils | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "NCBI_API_KEY"}
    env["CLAIMCHECK_CACHE_DIR"] = str(project / "cache")
    env["CLAIMCHECK_EUTILS_URL"] = server.url if server else "http://127.0.0.1:9/"
    return env


def test_two_extracts_at_once_leave_a_valid_claims_file_and_bibliography(project: Path) -> None:
    article = f"articles/{ARTICLE.name}"
    argv = ["extract", article, "--bib", "references.bib", "-q"]
    env = environment(project)
    subprocess.run([sys.executable, "-m", "claimcheck", *argv], cwd=project, env=env, check=True)
    claims_path = project / "claims" / f"{ARTICLE.stem}.yaml"
    alone = load_claims(claims_path)
    bib_alone = load_bibliography(project / "references.bib")
    claims_path.unlink()
    (project / "references.bib").unlink()

    for _ in range(ROUNDS):
        for status, err in run_together(project, argv, env):
            assert status == 0 and "Traceback" not in err, err
        together = load_claims(claims_path)
        assert [claim.id for claim in together.claims] == [claim.id for claim in alone.claims]
        assert together.article_sha256 == alone.article_sha256
        bib = load_bibliography(project / "references.bib")
        assert sorted(reference.key for reference in bib) == sorted(reference.key for reference in bib_alone)
    leftovers = [path.name for path in project.rglob(".*.tmp")]
    assert leftovers == []


def test_two_checks_at_once_on_one_cache_both_succeed_and_the_cache_stays_valid(
    project: Path, server: FakeEutils
) -> None:
    env = environment(project, server)
    argv = [f"articles/{ARTICLE.name}", "--format", "json", "-q"]

    for _ in range(ROUNDS):
        for status, err in run_together(project, ["check", *argv], env):
            assert status == 1 and "Traceback" not in err, err  # 1: the example has an error-level finding

    with sqlite3.connect(project / "cache" / CACHE_FILE_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    info = RecordCache(project / "cache").info()
    assert info.records >= 5 and info.maps > 0
    offline = subprocess.run(
        check=False,
        args=[sys.executable, "-m", "claimcheck", "check", *argv, "--offline"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    online = subprocess.run(
        check=False,
        args=[sys.executable, "-m", "claimcheck", "check", *argv],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert offline.returncode == online.returncode == 1
    assert json.loads(offline.stdout)["summary"] == json.loads(online.stdout)["summary"]


def test_two_extracts_of_different_articles_into_one_bibliography_lose_no_entry(project: Path) -> None:
    (project / "articles" / "runners.txt").write_text(OTHER_ARTICLE, encoding="utf-8")
    env = environment(project)
    bib = project / "references.bib"

    for _ in range(ROUNDS):
        bib.unlink(missing_ok=True)
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "claimcheck", "extract", article, "--bib", "references.bib", "-q"],
                cwd=project,
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
            for article in (f"articles/{ARTICLE.name}", "articles/runners.txt")
        ]
        for process in processes:
            _, err = process.communicate(timeout=180)
            assert process.returncode == 0 and "Traceback" not in err, err
        keys = {reference.key for reference in load_bibliography(bib)}
        assert {"smith2019", "roe2020"} <= keys, keys
        assert len(keys) >= 2 + 7, keys


def test_extract_waits_for_another_process_merging_into_the_bibliography(project: Path) -> None:
    """The read-merge-write of references.bib is serialized: while held off, extract writes nothing."""
    (project / "articles" / "runners.txt").write_text(OTHER_ARTICLE, encoding="utf-8")
    descriptor = os.open(project, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # what a concurrent claimcheck extract --bib holds
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "claimcheck",
                "extract",
                "articles/runners.txt",
                "--bib",
                "references.bib",
                "-q",
            ],
            cwd=project,
            env=environment(project),
        )
        time.sleep(3)
        assert process.poll() is None and not (project / "references.bib").exists()
    finally:
        os.close(descriptor)
    assert process.wait(timeout=60) == 0
    assert {"smith2019", "roe2020"} <= {
        reference.key for reference in load_bibliography(project / "references.bib")
    }

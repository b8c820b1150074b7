"""Golden JSON reports: fixed runs of ``claimcheck check`` whose reports are kept under tests/golden/.

A refactoring must leave them byte-identical (tests/test_golden.py compares a fresh run with each). When
behaviour changes on purpose, regenerate them and review the diff before committing:

    python tests/golden_runs.py

The runs: the example article in the repository's own layout (references.bib, claims/, pyproject.toml),
checked and its bibliography checked with ``refs``; the example article alone in an empty folder; and each
article of the extraction corpus (tests/extract/corpus/) alone in an empty folder. All run against the
loopback fake E-utilities server serving tests/fixtures/, with a cold cache.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = Path(__file__).resolve().parent / "extract" / "corpus"


@dataclass(frozen=True)
class GoldenRun:
    """One run: what to copy into an empty working folder, and the articles named on the command line."""

    name: str
    copies: tuple[tuple[Path, str], ...]  # (source, name in the working folder)
    arguments: tuple[str, ...] = ("check",)  # "check" alone: the configured articles, as CI runs it

    @property
    def golden(self) -> Path:
        return GOLDEN_DIR / f"{self.name}.json"


def golden_runs() -> list[GoldenRun]:
    layout = tuple((REPO / name, name) for name in ("articles", "claims", "references.bib", "pyproject.toml"))
    article = REPO / "articles" / "stem-cell-therapy-knees.txt"
    example = [
        GoldenRun("example-curated", copies=layout),
        GoldenRun("example-bare", copies=((article, article.name),), arguments=("check", article.name)),
        GoldenRun("example-refs", copies=layout, arguments=("refs",)),
    ]
    corpus = [
        GoldenRun(f"corpus-{path.stem}", copies=((path, path.name),), arguments=("check", path.name))
        for path in sorted(CORPUS.iterdir())
        if path.suffix in (".txt", ".md", ".html")
    ]
    return [*example, *corpus]


@contextlib.contextmanager
def _working_folder(run: GoldenRun) -> Iterator[Path]:
    """An empty temporary folder holding the run's files, as the current directory for the run."""
    previous = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="claimcheck-golden-") as scratch:
        folder = Path(scratch) / "project"
        folder.mkdir()
        for source, name in run.copies:
            if source.is_dir():
                shutil.copytree(source, folder / name)
            else:
                shutil.copy(source, folder / name)
        os.chdir(folder)
        try:
            yield folder
        finally:
            os.chdir(previous)


def report_of(run: GoldenRun, eutils_url: str) -> str:
    """The JSON report of one run, with the temporary folder's path replaced by ``<project>``."""
    from claimcheck.cli import main

    with _working_folder(run) as folder:
        output = folder.parent / "report.json"
        argv = [
            *run.arguments,
            "--format",
            "json",
            "--output",
            str(output),
            "--eutils-url",
            eutils_url,
            "--cache-dir",
            str(folder.parent / "cache"),
            "--quiet",
        ]
        main(argv)
        report = output.read_text(encoding="utf-8")
        return report.replace(str(folder.resolve()), "<project>").replace(str(folder), "<project>")


def regenerate() -> None:
    from fake_eutils import FakeEutils

    os.environ.pop("NCBI_API_KEY", None)
    GOLDEN_DIR.mkdir(exist_ok=True)
    for run in golden_runs():
        with FakeEutils(FIXTURES / "pubmed", FIXTURES / "pmc") as server:
            run.golden.write_text(report_of(run, server.url), encoding="utf-8")
        print(f"wrote {run.golden.relative_to(REPO)}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    regenerate()

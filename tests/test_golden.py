"""A fresh run gives, byte for byte, the JSON report kept in tests/golden/ (see tests/golden_runs.py).

When behaviour changes on purpose: ``python tests/golden_runs.py``, then review the diff of tests/golden/.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

import pytest

from fake_eutils import FakeEutils
from golden_runs import GoldenRun, golden_runs, report_of

RUNS = golden_runs()


def test_every_golden_file_has_its_run() -> None:
    kept = {path.stem for path in RUNS[0].golden.parent.glob("*.json")}
    assert kept == {run.name for run in RUNS}


@pytest.mark.parametrize("run", RUNS, ids=[run.name for run in RUNS])
def test_fresh_report_equals_the_golden_one(
    run: GoldenRun, make_eutils_server: Callable[..., FakeEutils]
) -> None:
    expected = run.golden.read_text(encoding="utf-8")
    fresh = report_of(run, make_eutils_server().url)

    difference = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True), fresh.splitlines(keepends=True), str(run.golden), "fresh run"
        )
    )
    assert fresh == expected, f"regenerate with 'python tests/golden_runs.py' if on purpose:\n{difference}"

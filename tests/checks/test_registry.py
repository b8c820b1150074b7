"""The registry of checkers (claimcheck.checks): every module that emits findings declares its rules, the
Claim fields it reads and its documentation, and emits nothing it did not declare.

The table-driven cases (test_cases.py) hold each checker to its declaration case by case; here the
end-to-end runs (tests/golden_runs.py, plus the example with a figure changed after extraction) hold
every module to it, and every finding they report must come from a module that declared its rule.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimcheck import checks
from claimcheck.checks import identity
from claimcheck.cli import main
from claimcheck.model import Claim, Finding
from claimcheck.rules import RULES, Kind
from fake_eutils import FakeEutils
from golden_runs import REPO, golden_runs, report_of

# The functions through which each kind of module hands its findings to the run.
_ENTRY_POINTS = {
    "article checker": ("check_article",),
    "identity check": ("check_identity", "cross_check_identifiers", "not_found"),
    "reference checker": ("check_reference",),
    "claim checker": ("check",),
}


@pytest.mark.parametrize("entry", checks.REGISTRY, ids=lambda entry: entry.path)
def test_declaration_names_catalogued_rules_of_its_kind(entry: checks.Registered) -> None:
    declaration = entry.module.DECLARATION
    # A claim checker may give support only (checks/statement.py); every other module emits findings.
    assert declaration.rules or entry.kind is Kind.CLAIM, f"{entry.path} declares no rule"
    assert len(set(declaration.rules)) == len(declaration.rules)
    for code in declaration.rules:
        assert code in RULES, f"{entry.path} declares {code}, which the catalogue lacks"
        assert RULES[code].kind is entry.kind, f"{entry.path}: {code} is not a {entry.role}'s rule"


@pytest.mark.parametrize("entry", checks.REGISTRY, ids=lambda entry: entry.path)
def test_a_claim_checker_reads_claim_fields_and_no_other_kind_reads_any(entry: checks.Registered) -> None:
    reads = entry.module.DECLARATION.reads
    fields = {field.name for field in dataclasses.fields(Claim)}
    if entry.kind is Kind.CLAIM:
        assert reads and set(reads) <= fields, f"{entry.path} reads {reads}"
    else:
        assert reads == ()


@pytest.mark.parametrize("entry", checks.REGISTRY, ids=lambda entry: entry.path)
def test_the_docstring_shows_a_claim_that_passes_and_one_that_fails(entry: checks.Registered) -> None:
    docstring = (entry.module.__doc__ or "").lower()
    assert "pass" in docstring and "fail" in docstring, entry.path


def test_every_module_that_declares_rules_is_registered() -> None:
    registered = {entry.module.__name__ for entry in checks.REGISTRY}
    declaring = {
        f"claimcheck.checks.{info.name}"
        for info in pkgutil.iter_modules(checks.__path__)
        if hasattr(importlib.import_module(f"claimcheck.checks.{info.name}"), "DECLARATION")
    }
    assert declaring == registered


def _record_emissions(monkeypatch: pytest.MonkeyPatch) -> dict[str, set[str]]:
    """Wrap every registered entry point so that the rules of the findings it returns are recorded."""
    emitted: dict[str, set[str]] = {entry.path: set() for entry in checks.REGISTRY}

    def recording(path: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = function(*args, **kwargs)
            if result is None or isinstance(result, Finding):
                outcomes = [result] if result is not None else []
            else:
                outcomes = result = list(result)
            emitted[path].update(item.rule for item in outcomes if isinstance(item, Finding))
            return result

        return wrapper

    for entry in checks.REGISTRY:
        for name in _ENTRY_POINTS[entry.role]:
            monkeypatch.setattr(entry.module, name, recording(entry.path, getattr(entry.module, name)))
    assert identity in {entry.module for entry in checks.REGISTRY}
    return emitted


def _example_with_a_changed_figure(root: Path) -> Path:
    """The example's own layout after its claims were extracted, then "1069 knees" became "1096 knees"."""
    for name in ("articles", "claims"):
        shutil.copytree(REPO / name, root / name)
    for name in ("references.bib", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    article = root / "articles" / "stem-cell-therapy-knees.txt"
    text = article.read_text(encoding="utf-8")
    assert "1069 knees" in text
    article.write_text(text.replace("1069 knees", "1096 knees"), encoding="utf-8")
    return root


def test_end_to_end_runs_emit_only_declared_rules(
    monkeypatch: pytest.MonkeyPatch,
    make_eutils_server: Callable[..., FakeEutils],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    emitted = _record_emissions(monkeypatch)
    reported: set[str] = set()
    for run in golden_runs():
        report = json.loads(report_of(run, make_eutils_server().url))
        reported |= {finding["rule"] for finding in report["findings"]}
    monkeypatch.chdir(_example_with_a_changed_figure(tmp_path))
    main(["check", "--format", "json", "--eutils-url", make_eutils_server().url])
    reported |= {finding["rule"] for finding in json.loads(capsys.readouterr().out)["findings"]}

    for entry in checks.REGISTRY:
        undeclared = emitted[entry.path] - set(entry.module.DECLARATION.rules)
        assert not undeclared, f"{entry.path} emitted {sorted(undeclared)} without declaring them"
    from_registry = set().union(*emitted.values())
    assert reported <= from_registry, f"reported by no registered module: {sorted(reported - from_registry)}"
    assert {"CC101", "CC103", "CC106", "CC108", "CC203", "CC205", "CC207", "CC301", "CC303"} <= reported


def test_no_module_decides_from_the_shape_of_a_rule_code() -> None:
    """What a rule means is in the catalogue (kind, effect); comparing codes or their prefixes hides it."""
    deciding = re.compile(r"startswith\(\s*[\"']CC|\.rule\s*(?:==|!=)\s*[\"']CC|[\"']CC\d*[\"']\s*(?:==|!=)")
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "src" / "claimcheck").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if deciding.search(line)
    ]
    assert offenders == []

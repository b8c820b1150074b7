"""docs/rules.md, generated from the rule catalogue (``rules.py``) and the checkers' registry (``checks``).

The page is never edited by hand: the catalogue says what each rule means and when it is an error,
each checker module declares the rules it emits and documents itself in its docstring, and this
module lays them out. A test fails when the checked-in page differs from what it generates.

    python -m claimcheck.rulesdoc > docs/rules.md
"""

from __future__ import annotations

import sys

from claimcheck.checks import REGISTRY, Registered
from claimcheck.rules import RULES, Effect, Rule

REGENERATE = "python -m claimcheck.rulesdoc > docs/rules.md"

_INTRODUCTION = f"""\
# claimcheck rules

Every finding has a rule code, a severity and the evidence that decides it (`claimed`, `found`,
`evidence`). This page lists the catalogue of `src/claimcheck/rules.py`; the module named for each
rule holds its logic, and its docstring (under "Checkers" below) shows a claim that passes and one that
fails. Severities are the defaults; `ignore = ["CC106"]` in `[tool.claimcheck]` turns a rule off, and
an `acknowledge:` entry in a claims file accepts one finding with a reason.

This page is generated from the rule catalogue and the checkers' declarations; after changing either,
or a checker's docstring, regenerate it with `{REGENERATE}` (a test fails until you do).
"""

_VERDICTS = """\
## Verdicts

A claim is `supported` only when every assertion it makes has a supporting span and nothing below
leaves doubt. What a finding does to the verdict of the claim it is attached to is declared with its
rule:
"""

_EFFECTS = {
    Effect.CONTRADICTS: "contradicts the claim: a finding at warning or error makes it a `mismatch` "
    "(a note, or an acknowledged finding, does not)",
    Effect.UNDECIDED: "leaves the claim undecided: it is `unverifiable` (the full text is fetched when "
    "there is one), as it is when a cited reference did not resolve or PubMed was unreachable",
    Effect.UNSOURCED: "the claim cites no source: it is `unsourced`, as is every claim that cites nothing",
    Effect.NOTE: "about the article, its claims file or a reference: no claim's verdict depends on it "
    "(a claim citing a work that gave no usable record is `unverifiable` for that reason)",
}


def render() -> str:
    """The whole page, as docs/rules.md holds it."""
    producers = _producers()
    parts = [
        _INTRODUCTION,
        "| code | name | default severity | fires when | module |",
        "|---|---|---|---|---|",
        *(_row(rule, producers.get(code, ())) for code, rule in RULES.items()),
        "",
        "## When an error, when a warning",
        "",
        *(f"- **{code}** {rule.name}: {rule.severity_policy}" for code, rule in RULES.items()),
        "",
        _VERDICTS,
        *(_effect_line(effect) for effect in Effect),
        "",
        "## Checkers",
        "",
        *(_checker_section(entry) for entry in REGISTRY),
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


def _producers() -> dict[str, tuple[str, ...]]:
    """Rule code -> the modules that declare it, in registry order."""
    producers: dict[str, list[str]] = {}
    for entry in REGISTRY:
        for code in entry.module.DECLARATION.rules:
            producers.setdefault(code, []).append(entry.path)
    return {code: tuple(paths) for code, paths in producers.items()}


def _row(rule: Rule, modules: tuple[str, ...]) -> str:
    where = ", ".join(f"`{path}`" for path in modules) or "no checker yet"
    return f"| {rule.code} | {rule.name} | {rule.severity.value} | {rule.summary} | {where} |"


def _effect_line(effect: Effect) -> str:
    codes = ", ".join(code for code, rule in RULES.items() if rule.effect is effect)
    return f"- {codes}: {_EFFECTS[effect]}."


def _checker_section(entry: Registered) -> str:
    declaration = entry.module.DECLARATION
    reads = f"; reads the claim's {', '.join(f'`{field}`' for field in declaration.reads)}"
    rules = f"rules {', '.join(declaration.rules)}" if declaration.rules else "no rules (support only)"
    facts = f"{entry.role}; {rules}" + (reads if declaration.reads else "")
    docstring = (entry.module.__doc__ or "").strip()
    return f"### `{entry.path}`\n\n{facts[0].upper()}{facts[1:]}.\n\n```text\n{docstring}\n```\n"


if __name__ == "__main__":
    sys.stdout.write(render())

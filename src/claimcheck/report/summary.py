"""Counts of a run, shared by the stderr summary line and every format that shows totals."""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck.model import RunResult, Severity, Verdict


@dataclass(frozen=True)
class Totals:
    """How many articles, claims per verdict and findings per severity a run produced."""

    articles: int
    claims: int
    verdicts: dict[Verdict, int]
    severities: dict[Severity, int]

    @property
    def findings(self) -> int:
        return sum(self.severities.values())


def totals(result: RunResult) -> Totals:
    """Count ``result``; findings are counted once each, from ``result.findings`` (the complete list)."""
    severities = dict.fromkeys((Severity.ERROR, Severity.WARNING, Severity.INFO), 0)
    for found in result.findings:
        severities[found.severity] += 1
    return Totals(
        articles=len(result.articles),
        claims=len(result.claims),
        verdicts={verdict: result.count(verdict) for verdict in Verdict},
        severities=severities,
    )


def plural(count: int, noun: str) -> str:
    """English plurals for the nouns reports use: "1 article", "2 articles", "2 bibliographies"."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


def summary_line(result: RunResult) -> str:
    """One line for stderr: "1 article, 42 claims: 30 supported, 5 mismatch, 4 unverifiable, 3 unsourced;
    7 findings (2 errors, 4 warnings, 1 info)"."""
    counts = totals(result)
    verdicts = ", ".join(f"{counts.verdicts[verdict]} {verdict.value}" for verdict in Verdict)
    severities = ", ".join(
        (
            plural(counts.severities[Severity.ERROR], "error"),
            plural(counts.severities[Severity.WARNING], "warning"),
            f"{counts.severities[Severity.INFO]} info",
        )
    )
    findings = f"{plural(counts.findings, 'finding')} ({severities})"
    if result.bibliography_only:
        line = f"{plural(counts.articles, 'bibliography')}: {findings}"
    else:
        line = (
            f"{plural(counts.articles, 'article')}, {plural(counts.claims, 'claim')}: {verdicts}; {findings}"
        )
    if result.skipped:
        line += f"; {len(result.skipped)} not checked (unchanged)"
    if result.sources_unavailable:
        line += "; some claims could not be checked"
    return line

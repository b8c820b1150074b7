"""The report for people at a terminal: by article, by claim in line order, each finding with its evidence.

``concise`` gives one "path:line:col: CODE message" line per finding, the shape editors and
compilers use, so that terminals and editors can jump to the line.
"""

from __future__ import annotations

from claimcheck.model import ClaimResult, Finding, RunResult, Severity, Verdict
from claimcheck.report.layout import (
    finding_details,
    rule_title,
    sections,
    shorten,
    sorted_findings,
    support_detail,
)
from claimcheck.report.summary import summary_line

_RESET = "\033[0m"
_BOLD = "\033[1m"
_DIM = "\033[2m"
_VERDICT_COLORS = {
    Verdict.SUPPORTED: "\033[32m",
    Verdict.MISMATCH: "\033[31m",
    Verdict.UNVERIFIABLE: "\033[33m",
    Verdict.UNSOURCED: "\033[35m",
}
_SEVERITY_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_CLAIM_WIDTH = 90
_VERDICT_WIDTH = max(len(verdict.value) for verdict in Verdict)


class _Painter:
    """Wraps text in ANSI codes when colour is on and leaves it alone otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.enabled else text


def render_text(result: RunResult, *, concise: bool = False, color: bool = False) -> str:
    paint = _Painter(color)
    lines = _unavailable_banner(result, paint)
    lines += _concise_lines(result) if concise else _full_lines(result, paint)
    lines += _notices(result, paint)
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def _concise_lines(result: RunResult) -> list[str]:
    return [
        f"{found.article}:{found.line}:{found.column}: {found.rule} {found.message}"
        for found in sorted_findings(result.findings)
    ]


def _full_lines(result: RunResult, paint: _Painter) -> list[str]:
    lines: list[str] = []
    for section in sections(result):
        lines.append(paint(section.article, _BOLD))
        for claim_result in section.claims:
            lines += _claim_lines(claim_result, paint)
        if section.reference_findings:
            lines.append("  " + paint("Findings not tied to a claim", _BOLD))
            for found in section.reference_findings:
                lines += _finding_lines(found, paint, indent=4, located=True)
        lines.append("")
    return lines


def _claim_lines(claim_result: ClaimResult, paint: _Painter) -> list[str]:
    claim = claim_result.claim
    verdict = claim_result.verdict
    label = paint(verdict.value.upper().ljust(_VERDICT_WIDTH), _VERDICT_COLORS[verdict])
    lines = [f"  line {claim.line:<4} {label}  {shorten(claim.text, _CLAIM_WIDTH)}"]
    indent = " " * 4
    cited = f"cites {', '.join(claim.cites)}" if claim.cites else "no citation"
    pmids = f"; PMID {', '.join(claim_result.pmids)}" if claim_result.pmids else ""
    lines.append(paint(f"{indent}[{claim.id}] {cited}{pmids}", _DIM))
    if claim_result.reason and verdict is Verdict.UNVERIFIABLE:
        # For the other verdicts the findings below already say why.
        lines.append(f"{indent}why: {claim_result.reason}")
    for found in sorted_findings(claim_result.findings):
        lines += _finding_lines(found, paint, indent=4, located=False)
    for span in claim_result.support:
        lines.append(
            f"{indent}{paint('supported:', _VERDICT_COLORS[Verdict.SUPPORTED])} {support_detail(span)}"
        )
    return lines


def _finding_lines(found: Finding, paint: _Painter, *, indent: int, located: bool) -> list[str]:
    pad = " " * indent
    where = f"line {found.line}: " if located else ""
    severity = paint(f"({found.severity.value})", _SEVERITY_COLORS[found.severity])
    head = f"{pad}{where}{rule_title(found)} {severity}: {found.message}"
    return [head, *(f"{pad}  {detail}" for detail in finding_details(found))]


def _notices(result: RunResult, paint: _Painter) -> list[str]:
    lines = [paint(f"warning: {warning}", _SEVERITY_COLORS[Severity.WARNING]) for warning in result.warnings]
    if result.skipped:
        lines.append(f"Not checked (unchanged): {', '.join(result.skipped)}")
    return lines


def _unavailable_banner(result: RunResult, paint: _Painter) -> list[str]:
    """First thing on screen: an unreachable PubMed means the verdicts below are incomplete."""
    if not result.sources_unavailable:
        return []
    return [
        paint(f"PubMed could not be reached: {result.sources_unavailable}", _BOLD + "\033[31m"),
        "Claims that needed it were not checked; this report lists everything that could be.",
        "",
    ]

"""The report for people at a terminal: what needs attention first, then what could not be checked, then
what was supported.

- **Needs attention**: every claim with an error or a warning, and every reference-level error or
  warning, errors first; each finding with its claimed / found / evidence lines.
- **Not checked**: claims no source could decide, one line each with the reason; cited sentences that
  assert nothing checkable (a list's lead-in, say) are only counted.
- **Supported**: one line per claim with a note (a rounding, a sum, an accepted finding) at the end of
  the line; claims confirmed as written are only counted.

``show_all`` lists every claim instead, each with its supporting spans and every finding's details.

``concise`` gives one "path:line:col: severity CODE message" line per error and warning (every finding
with ``show_all``), the shape compilers use, so that terminals and editors can jump to the line.
The totals are not part of this report: the CLI prints them once, on stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from claimcheck.model import ClaimResult, Finding, RunResult, Severity, Verdict
from claimcheck.report.layout import (
    attention_rank,
    finding_details,
    needs_attention,
    reference_findings,
    rule_title,
    sections,
    shorten,
    sorted_findings,
    support_detail,
)
from claimcheck.report.printable import escape_controls, one_line
from claimcheck.report.summary import plural

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
_LISTED_WIDTH = 80


class _Painter:
    """Wraps text in ANSI codes when colour is on and leaves it alone otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.enabled else text


@dataclass(frozen=True)
class _Item:
    """One entry of "Needs attention": a claim with its findings, or a finding tied to no claim."""

    severity: Severity
    article: str
    line: int
    claim: ClaimResult | None = None
    finding: Finding | None = None


def render_text(
    result: RunResult, *, concise: bool = False, color: bool = False, show_all: bool = False
) -> str:
    paint = _Painter(color)
    lines = _unavailable_banner(result, paint)
    lines += [
        paint(f"warning: {one_line(warning)}", _SEVERITY_COLORS[Severity.WARNING])
        for warning in result.warnings
    ]
    if concise:
        lines += _concise_lines(result, show_all)
    else:
        lines += _attention_lines(result, paint)
        lines += _unchecked_lines(result, paint, show_all)
        lines += _supported_lines(result, paint, show_all)
        lines += _reference_note_lines(result, show_all)
    if result.skipped:
        lines.append(
            f"Not checked (unchanged): {', '.join(escape_controls(path) for path in result.skipped)}"
        )
    while lines and not lines[-1]:
        lines.pop()
    if not lines and not concise:  # concise prints nothing when nothing needs attention, as linters do
        lines = ["No claims and no findings."]
    return "".join(f"{line}\n" for line in lines)


def concise_line(found: Finding) -> str:
    """``path:line:col: severity CODE message``, the shape editors and compilers jump from."""
    return (
        f"{escape_controls(found.article)}:{found.line}:{found.column}: "
        f"{found.severity.value} {found.rule} {one_line(found.message)}"
    )


def _concise_lines(result: RunResult, show_all: bool) -> list[str]:
    return [
        concise_line(found)
        for found in sorted_findings(result.findings)
        if show_all or needs_attention(found)
    ]


# --------------------------------------------------------------------------- needs attention


def _attention_lines(result: RunResult, paint: _Painter) -> list[str]:
    items = sorted(
        _attention_items(result), key=lambda item: (attention_rank(item.severity), item.article, item.line)
    )
    if not items:
        return []
    counts = [
        sum(1 for found in result.findings if found.severity is severity)
        for severity in (Severity.ERROR, Severity.WARNING)
    ]
    heading = ", ".join(plural(count, noun) for count, noun in zip(counts, ("error", "warning")) if count)
    lines = [paint(f"Needs attention: {heading}", _BOLD)]
    for item in items:
        if item.claim is not None:
            lines += _claim_lines(item.claim, paint, show_all=False)
        elif item.finding is not None:
            lines += _finding_lines(item.finding, paint, located=True)
    return [*lines, ""]


def _attention_items(result: RunResult) -> Iterable[_Item]:
    for section in sections(result):
        for claim_result in section.claims:
            urgent = [found for found in claim_result.findings if needs_attention(found)]
            if urgent:
                worst = max(urgent, key=lambda found: found.severity.rank).severity
                yield _Item(worst, section.article, claim_result.claim.line, claim=claim_result)
    for found in reference_findings(result):
        if needs_attention(found):
            yield _Item(found.severity, found.article, found.line, finding=found)


def _claim_lines(claim_result: ClaimResult, paint: _Painter, *, show_all: bool) -> list[str]:
    """A claim, its findings with their details, its notes; with ``show_all`` its supporting spans too."""
    claim = claim_result.claim
    verdict = claim_result.verdict
    label = paint(verdict.value.upper(), _VERDICT_COLORS[verdict])
    location = f"{escape_controls(claim.article)}:{claim.line}"
    lines = [f"{location}  {label}  {shorten(claim.text, _CLAIM_WIDTH)}"]
    cited = f"cites {escape_controls(', '.join(claim.cites))}" if claim.cites else "no citation"
    pmids = f" (PMID {', '.join(claim_result.pmids)})" if claim_result.pmids else ""
    lines.append(paint(f"  claim {escape_controls(claim.id)}, {cited}{pmids}", _DIM))
    if claim_result.reason and verdict is Verdict.UNVERIFIABLE:
        lines.append(f"  why: {one_line(claim_result.reason)}")
    for found in sorted_findings(claim_result.findings):
        if _explains_verdict(found, claim_result):  # said by "why"; --all adds what it rests on
            lines += _finding_lines(found, paint, located=False, cited_above=True)[1:] if show_all else []
        elif needs_attention(found) or show_all:
            lines += _finding_lines(found, paint, located=False, cited_above=True)
        else:
            lines.append(f"  note: {one_line(found.message)}")
    if show_all:
        for span in claim_result.support:
            lines.append(
                f"  {paint('supported:', _VERDICT_COLORS[Verdict.SUPPORTED])} {support_detail(span)}"
            )
    return lines


def _finding_lines(found: Finding, paint: _Painter, *, located: bool, cited_above: bool = False) -> list[str]:
    """The finding's head line and its claimed / found / evidence / source lines."""
    severity = paint(found.severity.value, _SEVERITY_COLORS[found.severity])
    where = f"{escape_controls(found.article)}:{found.line}: " if located else "  "
    head = f"{where}{severity} {rule_title(found)}: {one_line(found.message)}"
    details = finding_details(found)
    if cited_above:  # the claim's own line already names the reference and the PMID
        details = [detail for detail in details if not detail.startswith("source: ")]
    return [head, *(f"    {detail}" for detail in details)]


def _explains_verdict(found: Finding, claim_result: ClaimResult) -> bool:
    """An unverifiable claim's "why" already says what its undecided-text finding says."""
    return claim_result.verdict is Verdict.UNVERIFIABLE and found.message == claim_result.reason


# --------------------------------------------------------------------------- not checked, supported


def _unchecked_lines(result: RunResult, paint: _Painter, show_all: bool) -> list[str]:
    """Claims no source decided (and unsourced claims with nothing to warn about), each with why; a cited
    sentence that asserts nothing a source could confirm (a list's lead-in) is only counted."""
    return _claim_list(
        result,
        "Not checked",
        lambda claim_result: claim_result.verdict in (Verdict.UNVERIFIABLE, Verdict.UNSOURCED),
        paint,
        show_all,
        counted=(lambda claim_result: not claim_result.claim.asserts_something, "with nothing to check"),
    )


def _supported_lines(result: RunResult, paint: _Painter, show_all: bool) -> list[str]:
    """Supported claims with a note (a rounding, a sum, an accepted finding) one line each; the others are
    counted: what was confirmed as written is not news."""
    return _claim_list(
        result,
        "Supported",
        lambda claim_result: claim_result.verdict is Verdict.SUPPORTED,
        paint,
        show_all,
        counted=(lambda claim_result: not _notes(claim_result), "confirmed as written"),
    )


def _claim_list(
    result: RunResult,
    title: str,
    belongs: Callable[[ClaimResult], bool],
    paint: _Painter,
    show_all: bool,
    *,
    counted: tuple[Callable[[ClaimResult], bool], str],
) -> list[str]:
    """The claims ``belongs`` picks that need no attention, by article, one line each, except those
    ``counted`` picks, which only add up to one line (``show_all``: every claim, each with its spans and
    every finding's details)."""
    quiet, quiet_label = counted
    lines: list[str] = []
    total = hidden = 0
    for section in sections(result):
        chosen = [
            claim_result
            for claim_result in section.claims
            if belongs(claim_result) and not any(needs_attention(found) for found in claim_result.findings)
        ]
        total += len(chosen)
        if show_all:
            lines += [
                line for claim_result in chosen for line in _claim_lines(claim_result, paint, show_all=True)
            ]
            continue
        shown = [claim_result for claim_result in chosen if not quiet(claim_result)]
        hidden += len(chosen) - len(shown)
        if shown:
            lines.append(escape_controls(section.article))
            lines += [_claim_line(claim_result) for claim_result in shown]
    if not total:
        return []
    if hidden:
        lines.append(f"  {'and ' if total > hidden else ''}{hidden} {quiet_label} (--all lists them)")
    return [paint(f"{title}: {plural(total, 'claim')}", _BOLD), *lines, ""]


def _claim_line(claim_result: ClaimResult) -> str:
    """``line N  claim text…  [keys]`` and, in brackets, why it was not checked or its notes (a rounding
    or a sum is news about a supported claim, not a mismatch)."""
    claim = claim_result.claim
    line = f"  line {claim.line:<4} {shorten(claim.text, _LISTED_WIDTH)}"
    if claim.cites:
        line += f"  [{escape_controls(', '.join(claim.cites))}]"
    if claim_result.verdict is not Verdict.SUPPORTED:
        line += f"  (why: {one_line(claim_result.reason or claim_result.verdict.value)})"
    notes = _notes(claim_result)
    if notes:
        line += f"  (note: {'; '.join(notes)})"
    return line


def _notes(claim_result: ClaimResult) -> list[str]:
    """What a claim's findings add beyond its verdict: a rounding, a sum, an accepted finding."""
    return [
        one_line(found.message)
        for found in sorted_findings(claim_result.findings)
        if not _explains_verdict(found, claim_result)
    ]


def _reference_note_lines(result: RunResult, show_all: bool) -> list[str]:
    """Info findings tied to no claim (an accepted uncited reference, say): one line each."""
    notes = [found for found in reference_findings(result) if not needs_attention(found)]
    if not notes:
        return []
    lines = ["Notes:"]
    for found in notes:
        lines.append(f"{escape_controls(found.article)}:{found.line}: {one_line(found.message)}")
        if show_all:
            lines += [f"    {detail}" for detail in finding_details(found)]
    return [*lines, ""]


def _unavailable_banner(result: RunResult, paint: _Painter) -> list[str]:
    """First thing on screen: without the sources, the verdicts below are incomplete."""
    if not result.sources_unavailable:
        return []
    return [
        paint(
            f"Some claims could not be checked: {one_line(result.sources_unavailable)}", _BOLD + "\033[31m"
        ),
        "This report lists everything that could be checked.",
        "",
    ]

"""One self-contained HTML page to share with an editor: totals, then each claim beside its evidence.

Everything that comes from an article or from PubMed goes through ``html.escape``; the page loads
nothing from the network, and its Content-Security-Policy allows only its own inline style and the
one filter script (by hash), so even a missed escape could not run a script. Without JavaScript the
filters stay hidden and every claim is shown.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html import escape as escape_markup
from importlib import resources

from claimcheck.model import ClaimResult, Finding, Passage, Record, RunResult, Severity, Support, Verdict
from claimcheck.report.layout import rule_title, sections, shorten, where_found
from claimcheck.report.printable import escape_controls
from claimcheck.report.summary import plural, summary_line, totals
from claimcheck.rules import rule

_CONTEXT_CHARS = 220
_REVIEW_WIDTH = 110
# Contradicted claims first: they are the ones an editor must fix before publishing.
_REVIEW_ORDER = {Verdict.MISMATCH: 0, Verdict.UNSOURCED: 1, Verdict.UNVERIFIABLE: 2, Verdict.SUPPORTED: 3}

_FILTER_SCRIPT = """
document.documentElement.classList.add("js");
(function () {
  var form = document.getElementById("filters");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-filterable]"));
  var shown = document.getElementById("shown");
  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name=" + name + "]:checked"))
      .map(function (input) { return input.value; });
  }
  function apply() {
    var verdicts = checked("verdict"), rules = checked("rule"), count = 0;
    items.forEach(function (item) {
      var verdict = item.getAttribute("data-verdict");
      var itemRules = (item.getAttribute("data-rules") || "").split(" ").filter(Boolean);
      var verdictOk = !verdict || verdicts.indexOf(verdict) >= 0;
      var ruleOk = rules.length === 0 || itemRules.some(function (r) { return rules.indexOf(r) >= 0; });
      item.hidden = !(verdictOk && ruleOk);
      if (!item.hidden) { count += 1; }
    });
    shown.textContent = "showing " + count + " of " + items.length;
  }
  form.addEventListener("change", apply);
  apply();
})();
"""


def escape(text: str) -> str:
    """Markup escaped, and control characters made visible as in every other format."""
    return escape_markup(escape_controls(text))


def render_html(result: RunResult) -> str:
    script_hash = base64.b64encode(hashlib.sha256(_FILTER_SCRIPT.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'"
    css = resources.files("claimcheck.report").joinpath("html.css").read_text(encoding="utf-8")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>claimcheck report</title>",
        f"<style>{css}</style></head>",
        '<body><div class="page">',
        _header(result),
        _to_review(result),
        _filters(result),
        "<main>",
        *(
            _section(result, index, section.article, section.claims, section.reference_findings)
            for index, section in enumerate(sections(result))
        ),
        "</main>",
        f"<footer>{escape(summary_line(result))}</footer>",
        f"</div><script>{_FILTER_SCRIPT}</script></body></html>",
    ]
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- page frame


def _header(result: RunResult) -> str:
    counts = totals(result)
    articles = ", ".join(f"<code>{escape(article)}</code>" for article in result.articles)
    boxes = [_total(counts.claims, "claims", "all")]
    boxes += [_total(counts.verdicts[verdict], verdict.value, verdict.value) for verdict in Verdict]
    severities = ", ".join(
        (
            plural(counts.severities[Severity.ERROR], "error"),
            plural(counts.severities[Severity.WARNING], "warning"),
            f"{counts.severities[Severity.INFO]} info",
        )
    )
    html = [
        '<header class="report-head"><h1>Claim check</h1>',
        f'<p class="meta">{plural(counts.articles, "article")}: {articles or "none"}</p>',
        _banners(result),
        f'<div class="totals">{"".join(boxes)}</div>',
        f'<p class="severity-counts">{plural(counts.findings, "finding")}: {severities}</p>',
        "</header>",
    ]
    return "\n".join(html)


def _total(count: int, what: str, css_class: str) -> str:
    return (
        f'<div class="total {css_class}"><span class="n">{count}</span><span class="what">{what}</span></div>'
    )


def _banners(result: RunResult) -> str:
    html = []
    if result.sources_unavailable:
        html.append(
            '<div class="banner alert" role="alert">Some claims could not be checked: '
            f"{escape(result.sources_unavailable)}. This page lists everything that could be.</div>"
        )
    if result.skipped:
        listed = "".join(f"<li><code>{escape(article)}</code></li>" for article in result.skipped)
        html.append(f'<div class="banner note">Not checked (unchanged):<ul>{listed}</ul></div>')
    if result.warnings:
        listed = "".join(f"<li>{escape(warning)}</li>" for warning in result.warnings)
        html.append(f'<div class="banner note">Warnings:<ul>{listed}</ul></div>')
    return "\n".join(html)


def _to_review(result: RunResult) -> str:
    """Links to every claim that is not supported, and to findings tied to no claim, so that an editor
    starts with what needs a decision."""
    pending = sorted(
        (c for c in result.claims if c.verdict is not Verdict.SUPPORTED),
        key=lambda c: (_REVIEW_ORDER[c.verdict], c.claim.article, c.claim.line),
    )
    items = [
        _review_item(
            f"claim-{claim_result.claim.id}",
            f'<span class="badge {claim_result.verdict.value}">{claim_result.verdict.value}</span>'
            f'<span class="where">line {claim_result.claim.line}</span> '
            f"{escape(shorten(claim_result.claim.text, _REVIEW_WIDTH))}",
            claim_result.findings,
        )
        for claim_result in pending
    ]
    items += [
        _review_item(
            f"detached-{index}",
            f'<span class="where">{escape(section.article)}</span> '
            f"{plural(len(section.reference_findings), 'finding')} not tied to a claim",
            section.reference_findings,
        )
        for index, section in enumerate(sections(result))
        if any(found.severity is not Severity.INFO for found in section.reference_findings)
    ]
    if not items:
        return ""
    return (
        f'<nav class="to-review"><h2 class="label">To review ({plural(len(pending), "claim")})</h2>'
        f"<ol>{''.join(items)}</ol></nav>"
    )


def _review_item(anchor: str, label: str, findings: Iterable[Finding]) -> str:
    codes = " ".join(sorted({found.rule for found in findings}))
    return f'<li><a href="#{escape(anchor)}">{label}</a><span class="codes">{codes}</span></li>'


def _filters(result: RunResult) -> str:
    verdicts = "".join(
        f'<label class="chip"><input type="checkbox" name="verdict" value="{verdict.value}" checked>'
        f"{verdict.value}</label>"
        for verdict in Verdict
    )
    codes = sorted({found.rule for found in result.findings})
    rules = "".join(
        f'<label class="chip" title="{escape(rule(code).summary)}"><input type="checkbox" name="rule" '
        f'value="{code}">{code} {rule(code).name}</label>'
        for code in codes
    )
    rule_set = f"<fieldset><legend>Only rules</legend>{rules}</fieldset>" if rules else ""
    return (
        f'<form id="filters" class="filters"><fieldset><legend>Verdicts</legend>{verdicts}</fieldset>'
        f'{rule_set}<span id="shown" class="shown"></span></form>'
    )


# --------------------------------------------------------------------------- claims


def _section(
    result: RunResult, index: int, article: str, claims: Iterable[ClaimResult], detached: Iterable[Finding]
) -> str:
    html = [f'<section class="article"><h2><code>{escape(article)}</code></h2>']
    html += [_claim_card(result.records, claim_result) for claim_result in claims]
    detached = list(detached)
    if detached:
        html.append(
            f'<div class="detached" id="detached-{index}"><h3 class="label">Findings not tied to a claim</h3>'
        )
        for found in detached:
            html.append(
                f'<div class="item" data-filterable data-rules="{found.rule}">'
                f"{_finding_block(result.records, found, located=True)}</div>"
            )
        html.append("</div>")
    html.append("</section>")
    return "\n".join(html)


def _claim_card(records: dict[str, Record], claim_result: ClaimResult) -> str:
    claim = claim_result.claim
    verdict = claim_result.verdict.value
    rules = " ".join(sorted({found.rule for found in claim_result.findings}))
    cited = ", ".join(escape(key) for key in claim.cites) or "no citation"
    head = (
        f'<div class="claim-head"><span class="badge {verdict}">{verdict}</span>'
        f"<span>line {claim.line}</span><code>{escape(claim.id)}</code><span>cites {cited}</span></div>"
    )
    article_side = (
        '<div><h3 class="label">The article says</h3>'
        f'<p class="claim-text">{_highlighted(claim.text, _checked_phrases(claim_result))}</p></div>'
    )
    return (
        f'<article class="claim {verdict}" id="claim-{escape(claim.id)}" data-filterable '
        f'data-verdict="{verdict}" data-rules="{rules}">{head}<div class="claim-body">{article_side}'
        f"{_source_side(records, claim_result)}</div></article>"
    )


def _checked_phrases(claim_result: ClaimResult) -> list[str]:
    """What was checked in the claim's text: its figures, its quote, and every claimed value."""
    claim = claim_result.claim
    phrases = [
        *claim.figures,
        claim.quote,
        *(found.claimed for found in claim_result.findings),
        *(span.claimed for span in claim_result.support),
    ]
    return [phrase for phrase in phrases if phrase]


def _source_side(records: dict[str, Record], claim_result: ClaimResult) -> str:
    html = ['<div><h3 class="label">The source says</h3>']
    html += [_record_line(records[pmid]) for pmid in claim_result.pmids if pmid in records]
    html += [
        f'<div class="item">{_finding_block(records, found, located=False)}</div>'
        for found in claim_result.findings
    ]
    # Two assertions can rest on the same span ("randomized into two groups"): show it once.
    spans = {(span.claimed, span.evidence): span for span in claim_result.support}
    html += [f'<div class="item">{_support_block(records, span)}</div>' for span in spans.values()]
    if claim_result.reason:
        html.append(f'<p class="reason">{escape(claim_result.reason)}</p>')
    if not (claim_result.findings or claim_result.support or claim_result.reason):
        html.append('<p class="none">Nothing to show.</p>')
    html.append("</div>")
    return "".join(html)


def _record_line(record: Record) -> str:
    year = f" {record.year}" if record.year else ""
    journal = escape(record.iso_abbreviation or record.journal)
    title = escape(record.title or f"PMID {record.pmid}")
    return (
        f'<p class="record"><a href="{escape(record.url)}">{title}</a> '
        f'<span class="cite">{journal}{year}; PMID {escape(record.pmid)}</span></p>'
    )


def _finding_block(records: dict[str, Record], found: Finding, *, located: bool) -> str:
    where = f"line {found.line}: " if located else ""
    facts = [
        (label, value)
        for label, value in (
            ("claimed", found.claimed),
            ("found", found.found),
            ("reference", found.reference),
        )
        if value
    ]
    if found.pmid in records and located:
        facts.append(("record", records[found.pmid].title))
    severity = found.severity.value
    html = [
        (
            f'<div class="title"><span class="sev {severity}">{severity}</span>'
            f"{where}{escape(rule_title(found))}</div>"
        ),
        f"<div>{escape(found.message)}</div>",
    ]
    if facts:
        rows = "".join(f"<dt>{label}</dt><dd>{escape(value)}</dd>" for label, value in facts)
        html.append(f'<dl class="facts">{rows}</dl>')
    if found.evidence:
        html.append(_evidence(records.get(found.pmid), found.evidence, found.source, found.section))
    return "".join(html)


def _support_block(records: dict[str, Record], span: Support) -> str:
    return (
        f'<div class="title"><span class="sev ok">supported</span>{escape(span.claimed)}</div>'
        f"{_evidence(records.get(span.pmid), span.evidence, span.source, span.section)}"
    )


# --------------------------------------------------------------------------- highlighting


def _evidence(record: Record | None, span: str, source: str, section: str) -> str:
    """The deciding span, marked inside the passage it comes from when the record has that passage."""
    context, start = _context(record, span, section)
    if start < 0:
        body = f"<mark>{escape(span)}</mark>"
    else:
        body = _highlighted(context, [], spans=[(start, start + len(span))])
    where = where_found(source, section)
    return f'<blockquote class="evidence">{body}</blockquote><span class="where">{escape(where)}</span>'


def _context(record: Record | None, span: str, section: str) -> tuple[str, int]:
    """A window of the record's passage around ``span`` and the span's offset in it (-1: not found)."""
    passages: list[Passage] = list(record.abstract) if record else []
    passages.sort(key=lambda passage: passage.section != section)
    for passage in passages:
        start = passage.text.find(span)
        if start >= 0:
            begin = max(0, start - _CONTEXT_CHARS)
            end = min(len(passage.text), start + len(span) + _CONTEXT_CHARS)
            prefix = "\u2026" if begin else ""
            suffix = "\u2026" if end < len(passage.text) else ""
            return prefix + passage.text[begin:end] + suffix, start - begin + len(prefix)
    return span, -1


def _highlighted(text: str, phrases: Iterable[str], spans: Iterable[tuple[int, int]] = ()) -> str:
    """``text`` escaped, with every phrase occurrence (case and spacing aside) and every span in <mark>."""
    ranges = list(spans)
    for phrase in phrases:
        pattern = r"\s+".join(re.escape(word) for word in phrase.split())
        ranges += [match.span() for match in re.finditer(pattern, text, re.IGNORECASE)]
    html, position = [], 0
    for start, end in _merged(ranges):
        html += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    html.append(escape(text[position:]))
    return "".join(html)


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged

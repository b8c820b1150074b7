"""Citation findings that need no source: uncited references, unknown markers, unsourced claims.

The article, references and claims here are written for these tests.
"""

from __future__ import annotations

from typing import Any

from claimcheck.checks.citations import check_article
from claimcheck.model import Article, Citation, Claim, Finding, PreparedArticle, Reference, Severity

ARTICLE = Article(path="articles/case.md", format="markdown", text="A short article.\n", source_lines=(1,))
REFERENCES = (
    Reference(key="ref1", raw="1. Shaw B. A cited study. J Test. 2018;1:1-2.", path=ARTICLE.path, line=30),
    Reference(key="ref2", raw="2. Doe J. A listed study. J Test. 2019;2:3-4.", path=ARTICLE.path, line=31),
)


def _claim(claim_id: str, line: int, **fields: Any) -> Claim:
    return Claim(id=claim_id, article=ARTICLE.path, line=line, text=f"Claim text of {claim_id}.", **fields)


def _run(claims: tuple[Claim, ...] = (), citations: tuple[Citation, ...] = ()) -> list[Finding]:
    return list(check_article(PreparedArticle(ARTICLE, REFERENCES, claims, citations)))


def _rules(findings: list[Finding]) -> list[str]:
    return [finding.rule for finding in findings]


def test_every_reference_cited_gives_no_finding() -> None:
    claims = (_claim("c1", 3, cites=("ref1",), figures=("72%",)),)
    citations = (Citation(marker="(2)", line=5, column=9, keys=("ref2",)),)
    assert _run(claims, citations) == []


def test_reference_cited_nowhere_is_cc106_at_its_entry() -> None:
    [finding] = _run((_claim("c1", 3, cites=("ref1",)),))
    assert (finding.rule, finding.severity) == ("CC106", Severity.WARNING)
    assert (finding.article, finding.line, finding.reference) == ("articles/case.md", 31, "ref2")
    assert finding.evidence == REFERENCES[1].raw


def test_marker_naming_a_missing_reference_is_cc107_at_the_marker() -> None:
    citations = (Citation(marker="[2, 8]", line=7, column=14, keys=("ref2",), unknown=("8",)),)
    [finding] = _run((_claim("c1", 3, cites=("ref1",)),), citations)
    assert (finding.rule, finding.line, finding.column) == ("CC107", 7, 14)
    assert finding.claimed == "8" and finding.evidence == "[2, 8]"


def test_claim_citing_an_unknown_key_is_cc107() -> None:
    claims = (_claim("c1", 3, cites=("ref1", "ref2", "smith2020")),)
    [finding] = _run(claims)
    assert (finding.rule, finding.claim, finding.claimed) == ("CC107", "c1", "smith2020")
    assert finding.evidence == "Claim text of c1."


def test_uncited_statistic_is_cc301_and_cited_one_is_not() -> None:
    claims = (
        _claim("c1", 3, cites=("ref1", "ref2"), figures=("1069 knees",)),
        _claim("c2", 9, figures=("10%",)),
    )
    [finding] = _run(claims)
    assert (finding.rule, finding.claim, finding.line, finding.claimed) == ("CC301", "c2", 9, "10%")


def test_uncited_study_design_is_a_study_result_cc301() -> None:
    findings = _run((_claim("c1", 3, cites=("ref1", "ref2")), _claim("c2", 4, design=("randomized",))))
    assert _rules(findings) == ["CC301"]


def test_attributed_quote_without_citation_is_cc302() -> None:
    claims = (
        _claim("c1", 3, cites=("ref1", "ref2")),
        _claim("c2", 12, quote="Most insurers do not cover it.", attribution="Resilience Orthopedics"),
    )
    [finding] = _run(claims)
    assert (finding.rule, finding.claimed, finding.line) == ("CC302", "Resilience Orthopedics", 12)


def test_unattributed_quote_and_plain_sentences_are_left_alone() -> None:
    claims = (_claim("c1", 3, cites=("ref1", "ref2")), _claim("c2", 4, quote="from the self"))
    assert _run((*claims, _claim("c3", 5))) == []


def test_every_finding_has_claimed_found_and_evidence() -> None:
    claims = (_claim("c1", 3, cites=("nope",), figures=("5",)), _claim("c2", 4, figures=("6",)))
    citations = (Citation(marker="(9)", line=2, column=1, unknown=("9",)),)
    findings = _run(claims, citations)
    assert sorted(_rules(findings)) == ["CC106", "CC106", "CC107", "CC107", "CC301"]
    assert all(finding.claimed and finding.found and finding.evidence for finding in findings)

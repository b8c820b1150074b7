"""Run-level work grows with the work, not with the run (issue 15): counted, never timed.

A run of many articles citing the same works compares each work with its record once, checks each
(claim, cited record) pair once against the abstracts and again only when that record gained a full
text, and gives each claim only its own article's findings. The records and articles here are
invented for these tests; a source in memory stands in for PubMed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from claimcheck import pipeline
from claimcheck.checks import claims as claim_checks
from claimcheck.checks import identity
from claimcheck.config import Settings
from claimcheck.lookup.interface import Fetched, FullTexts, RecordSource, Resolved
from claimcheck.model import (
    Article,
    Author,
    Claim,
    Passage,
    PreparedArticle,
    Record,
    RecordDate,
    Reference,
    Resolution,
)
from claimcheck.report.layout import sections

# Invented works; the abstracts are written for these tests.
WORKS = {
    "71000001": ("Knee braces after meniscal repair: an invented cohort", "Tovar", "PMC7100001"),
    "71000002": ("Cold therapy for knee swelling: an invented trial", "Imrie", ""),
    "71000003": ("Hydrotherapy for hip stiffness: an invented pilot", "Quell", ""),
}
ABSTRACT = "Invented abstract for these tests: 80 patients were followed for 12 months."
BODY = "Invented body text for these tests: 31 runners were back on the track within a year."


def record(pmid: str) -> Record:
    title, family, pmcid = WORKS[pmid]
    return Record(
        pmid=pmid,
        title=title,
        journal="Journal of Invented Knees",
        pmcid=pmcid,
        dates=(RecordDate("print", 2020),),
        authors=(Author(family, initials="A"),),
        abstract=(Passage("abstract", "", ABSTRACT),),
    )


class MemorySource(RecordSource):
    """The records above, resolved by PMID; one full text, for the work that has a PMCID."""

    def resolve_all(self, references: Sequence[Reference]) -> Resolved:
        return Resolved({ref.key: Resolution(ref.key, ref.pmid, "pmid") for ref in references})

    def fetch_all(self, pmids: Iterable[str]) -> Fetched:
        return Fetched({pmid: record(pmid) for pmid in pmids if pmid in WORKS})

    def fetch_fulltexts(self, pmcids: Iterable[str]) -> FullTexts:
        return FullTexts({pmcid: (Passage("fulltext", "Results", BODY),) for pmcid in pmcids})


def prepared_article(
    number: int, claims: Sequence[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> PreparedArticle:
    """Article ``number`` citing every work as r1..r3; ``claims`` are (id, cites, figures)."""
    path = f"articles/article-{number}.txt"
    references = tuple(
        Reference(
            f"r{index}",
            number=index,
            authors=(f"{family} A",),
            title=title,
            journal="J Invent Knees",
            year=2020,
            pmid=pmid,
            path=path,
            line=20 + index,
        )
        for index, (pmid, (title, family, _)) in enumerate(WORKS.items(), start=1)
    )
    text = "\n".join(f"Claim {claim_id}." for claim_id, _, _ in claims)
    return PreparedArticle(
        Article(path, "txt", text, tuple(range(1, len(claims) + 1))),
        references,
        tuple(
            Claim(claim_id, path, line, f"Claim {claim_id}.", cites=cites, figures=figures)
            for line, (claim_id, cites, figures) in enumerate(claims, start=1)
        ),
        citations=(),
    )


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[tuple[Any, ...]]:
    """Record the arguments of every call of ``module.name``."""
    calls: list[tuple[Any, ...]] = []
    function: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return function(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


@pytest.mark.parametrize("articles", [1, 12])
def test_each_work_is_compared_with_its_record_once_however_many_articles_cite_it(
    monkeypatch: pytest.MonkeyPatch, articles: int
) -> None:
    compared = counting(monkeypatch, identity, "identify")
    prepared = [prepared_article(n, [("c1", ("r1", "r2", "r3"), ("80 patients",))]) for n in range(articles)]

    result = pipeline.check_articles(prepared, Settings(), MemorySource())

    assert len(compared) == len(WORKS)
    assert len(result.claims) == articles
    assert all(claim.pmids == tuple(WORKS) for claim in result.claims)


def test_claims_are_checked_record_by_record_so_a_checkers_memory_of_a_text_serves_every_article(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked = counting(monkeypatch, claim_checks, "check_claim")
    prepared = [
        prepared_article(
            n, [("a", ("r3", "r1"), (f"{80 + n} patients",)), ("b", ("r2",), (f"{12 + n} months",))]
        )
        for n in range(5)
    ]

    result = pipeline.check_articles(prepared, Settings(), MemorySource())

    read = [context.record.pmid for (context,) in checked]
    assert read == sorted(read) and len(read) == 5 * 3
    assert [claim.pmids for claim in result.claims] == [("71000003", "71000001"), ("71000002",)] * 5


def test_the_same_claim_on_the_same_work_is_checked_once_and_reported_at_each_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked = counting(monkeypatch, claim_checks, "check_claim")
    # Article n has the same claim below n lines of its own: other places, the same content.
    prepared = [
        prepared_article(n, [*((f"filler-{i}", (), ()) for i in range(n)), ("a", ("r1",), ("81 patients",))])
        for n in range(3)
    ]

    result = pipeline.check_articles(prepared, Settings(), MemorySource())

    assert len(checked) == 1
    mismatches = [claim for claim in result.claims if claim.claim.id == "a"]
    assert [(claim.claim.article, claim.claim.line) for claim in mismatches] == [
        (f"articles/article-{n}.txt", n + 1) for n in range(3)
    ]
    for claim in mismatches:
        [finding] = [finding for finding in claim.findings if finding.pmid == "71000001"]
        assert "81" in finding.claimed
        assert (finding.article, finding.line, finding.claim) == (claim.claim.article, claim.claim.line, "a")


def test_only_the_pairs_whose_record_gained_a_full_text_are_checked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked = counting(monkeypatch, claim_checks, "check_claim")
    prepared = [
        prepared_article(
            0,
            [
                ("body-only", ("r1", "r2"), ("31 runners",)),  # r1 has a full text that holds it
                ("abstract", ("r2", "r3"), ("80 patients",)),
            ],
        )
    ]

    result = pipeline.check_articles(prepared, Settings(), MemorySource())

    pairs = [(context.claim.id, context.record.pmid, len(context.passages)) for (context,) in checked]
    assert pairs == [
        ("body-only", "71000001", 1),
        ("body-only", "71000002", 1),
        ("abstract", "71000002", 1),
        ("abstract", "71000003", 1),
        ("body-only", "71000001", 2),  # only r1's pair again, now with its body
    ]
    body_only = next(claim for claim in result.claims if claim.claim.id == "body-only")
    assert any(span.source == "fulltext" and "31 runners" in span.evidence for span in body_only.support)


def test_a_claim_gets_its_own_articles_findings_only_though_claim_ids_repeat_across_articles() -> None:
    prepared = [
        prepared_article(0, [("c1", ("r1", "r9"), ("80 patients",))]),  # r9 is in no reference list
        prepared_article(1, [("c1", ("r1",), ("80 patients",))]),
    ]

    result = pipeline.check_articles(prepared, Settings(), MemorySource())

    first, second = result.claims
    assert [finding.rule for finding in first.findings] == ["CC107"]
    assert first.claim.article == "articles/article-0.txt"
    assert second.findings == () and second.claim.article == "articles/article-1.txt"


def test_sections_keep_run_order_and_group_each_articles_claims(tmp_path: Path) -> None:
    prepared = [prepared_article(n, [("c1", ("r1",), ("80 patients",))]) for n in (2, 0, 1)]

    result = pipeline.check_articles(prepared, Settings(root=tmp_path), MemorySource())

    grouped = sections(result)
    assert [section.article for section in grouped] == [item.article.path for item in prepared]
    assert [[claim.claim.article for claim in section.claims] for section in grouped] == [
        [section.article] for section in grouped
    ]
    assert all(len(section.reference_findings) == 2 for section in grouped)  # r2, r3 uncited (CC106)

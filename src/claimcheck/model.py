"""The vocabulary every stage speaks: frozen dataclasses, no behaviour beyond small derived views.

Stages exchange these and nothing else (no dicts of dicts). Offsets and lines are 1-based where
a person reads them (``line``, ``column``) and 0-based where code slices text (``offset``).
"""

from __future__ import annotations

import bisect
import enum
import re
from dataclasses import dataclass, field
from functools import cached_property

_NEWLINE = re.compile("\n")
# Initials as reference lists write them after a family name: "B", "AB", "JE", "Ø", "ŁK".
_INITIALS = re.compile(r"[^\W\d_a-z]{1,4}")


class Severity(enum.Enum):
    """How much a finding matters; ``--fail-on`` compares against this order."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Verdict(enum.Enum):
    """What the sources say about one claim (DESIGN.md, JSON v1)."""

    SUPPORTED = "supported"
    MISMATCH = "mismatch"
    UNVERIFIABLE = "unverifiable"
    UNSOURCED = "unsourced"


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Reference:
    """One cited work, from the article's reference list or from ``references.bib``.

    ``authors`` are written "Family Initials" ("Shaw B"), the way PubMed and most
    reference lists write them, so the identity check can compare like with like.
    """

    key: str
    number: int | None = None
    authors: tuple[str, ...] = ()
    title: str = ""
    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    raw: str = ""
    path: str = ""
    line: int = 0
    url: str = ""  # a link that is none of the identifiers: a web page, a publisher's page
    kind: str = "article"  # article | book | chapter | guideline | web | report
    label: str = ""  # a footnote's own label ("smith" of "[^smith]") when it is not a number

    @property
    def first_author_family(self) -> str:
        """The family name of the first author, particles included ("van der Berg" of "van der Berg AB");
        a group author is its whole name."""
        if not self.authors:
            return ""
        family, _, initials = self.authors[0].rpartition(" ")
        return family if family and _INITIALS.fullmatch(initials) else self.authors[0]

    @property
    def identifiers(self) -> tuple[str, ...]:
        return identifier_keys(self.doi, self.pmid, self.pmcid, self.url)

    @property
    def is_journal_article(self) -> bool:
        """PubMed indexes journal articles; books, guidelines, web pages and reports it mostly lacks."""
        return self.kind == "article"


def identifier_keys(doi: str, pmid: str, pmcid: str, url: str) -> tuple[str, ...]:
    """One spelling of a work's identifiers ("doi:10.1/x", "pmid:123", "pmcid:PMC9", "url:..."), so that
    a link and a reference entry naming the same work can be matched."""
    keys = [f"doi:{doi.lower()}" if doi else "", f"pmid:{pmid}" if pmid else ""]
    keys += [f"pmcid:{pmcid.upper()}" if pmcid else "", f"url:{url.rstrip('/').lower()}" if url else ""]
    return tuple(key for key in keys if key)


@dataclass(frozen=True)
class Hyperlink:
    """A link in the article that cites a work: its span in ``Article.text``, where it points, and
    the identifiers read from the address. An HTML anchor's span is empty, at the end of its words
    (they stay text to read figures from); a Markdown link's is its "(address)"."""

    start: int
    end: int
    url: str
    text: str = ""  # the link as the article shows it: its anchor words, or the Markdown link
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""

    @property
    def identifiers(self) -> tuple[str, ...]:
        return identifier_keys(self.doi, self.pmid, self.pmcid, self.url)


@dataclass(frozen=True)
class Article:
    """An article's text, normalized, with a map back to the lines of the file it came from.

    ``text`` keeps one line per line of the file for plain text and Markdown; for HTML it is the
    visible text and for .docx one line per paragraph, and ``source_lines[i]`` gives the file line
    (paragraph) of text line ``i``; for HTML, ``source_marks`` also say where in the file pieces of a
    text line are written, so that an offset inside a block is located at its own file line and
    column. The reference list spans ``body_end`` to ``references_end`` (offsets; -1: no list, or
    the list runs to the end): claims are looked for everywhere else.
    ``links`` are the hyperlinks of the text (HTML anchors, Markdown links), in text order.
    """

    path: str
    format: str
    text: str
    source_lines: tuple[int, ...]
    references: tuple[Reference, ...] = ()
    body_end: int = -1
    references_end: int = -1
    links: tuple[Hyperlink, ...] = ()
    # (offset, file line, file column) where a piece of an HTML text line starts in the file
    source_marks: tuple[tuple[int, int, int], ...] = ()

    @property
    def body(self) -> str:
        return self.text if self.body_end < 0 else self.text[: self.body_end]

    def locate(self, offset: int) -> tuple[int, int]:
        """Return the (line, column) in the original file of a text offset, both 1-based."""
        starts = self._line_starts
        index = bisect.bisect_right(starts, offset) - 1
        column = offset - starts[index] + 1
        line = self.source_lines[index] if index < len(self.source_lines) else index + 1
        mark = bisect.bisect_right(self._mark_offsets, offset) - 1 if self.source_marks else -1
        if mark >= 0 and self._mark_offsets[mark] >= starts[index]:  # HTML: where that piece of text is
            mark_offset, line, mark_column = self.source_marks[mark]
            column = mark_column + offset - mark_offset
        return line, column

    @cached_property
    def _mark_offsets(self) -> list[int]:
        return [offset for offset, _, _ in self.source_marks]

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [match.end() for match in _NEWLINE.finditer(self.text)]


@dataclass(frozen=True)
class Citation:
    """A citation marker as written in the text and the reference keys it stands for.

    ``unknown`` keeps the parts that name no reference ("8" in "[7, 8]" of a 7-item list):
    each becomes a CC107 finding.
    """

    marker: str
    line: int
    column: int
    keys: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True)
class Acknowledgement:
    """An editor's acceptance of one finding on one claim, written in the claims file."""

    rule: str
    reason: str


@dataclass(frozen=True)
class Claim:
    """One checkable statement, with what it asserts about the work(s) it cites.

    Every assertion field is optional: a claim may name only a figure, only a quote, etc.
    ``figures`` keep the article's wording ("1069 knees", "72%", "approximately 14 days");
    the checkers normalize them. So do ``effects`` (statements of an effect without a figure: "did not
    reduce pain", "blood pressure rose") and ``population`` (who was studied: "patients", "mice").
    ``link`` says why ``cites`` were chosen (a marker, a named journal, author or institution, a passage
    that continues a cited study).
    """

    id: str
    article: str
    line: int
    text: str
    column: int = 1
    cites: tuple[str, ...] = ()
    link: str = ""
    journal: str = ""
    date: str = ""
    figures: tuple[str, ...] = ()
    quote: str = ""
    affiliation: str = ""
    authors: tuple[str, ...] = ()
    design: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    population: tuple[str, ...] = ()
    attribution: str = ""
    note: str = ""  # the editor's, from the claims file; never read by a checker
    acknowledged: tuple[Acknowledgement, ...] = ()

    @property
    def asserts_something(self) -> bool:
        return bool(
            self.journal
            or self.date
            or self.figures
            or self.quote
            or self.affiliation
            or self.authors
            or self.design
            or self.effects
            or self.population
        )


@dataclass(frozen=True)
class StaleClaim:
    """A curated claim whose text is no longer in the article: where it stands in the claims file, and
    the article's sentence that took its place, when one can be named."""

    claim: Claim
    claims_file: str
    line: int  # the claim's line in the claims file
    now: str = ""


@dataclass(frozen=True)
class PreparedArticle:
    """An article ready to be checked, before any source is asked: read, its references settled with
    the bibliography, its claims extracted as it is now and merged with the editor's claims file."""

    article: Article
    references: tuple[Reference, ...]
    claims: tuple[Claim, ...]
    citations: tuple[Citation, ...]
    notes: tuple[str, ...] = ()  # for the editor ("path:line: ..."), reported as run warnings
    digest: str = ""  # sha256 of the article file, as the claims file records it
    claims_file: str = ""  # the claims file merged in; "" when the article has none
    stale: tuple[StaleClaim, ...] = ()


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Author:
    family: str
    given: str = ""
    initials: str = ""
    collective: str = ""
    affiliations: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        """The form reference lists use: "Shaw B"."""
        return self.collective or f"{self.family} {self.initials}".strip()


@dataclass(frozen=True)
class RecordDate:
    """One of a record's dates; ``kind`` is print, electronic, or a PubMed history status."""

    kind: str
    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True)
class Passage:
    """A piece of source text that claims are checked against, and where it came from."""

    source: str  # "abstract" | "fulltext" | "metadata"
    section: str
    text: str


@dataclass(frozen=True)
class Correction:
    """A CommentsCorrections link: retraction, erratum, expression of concern..."""

    ref_type: str
    pmid: str = ""
    note: str = ""


@dataclass(frozen=True)
class Record:
    """What PubMed says about one work."""

    pmid: str
    title: str = ""
    journal: str = ""
    iso_abbreviation: str = ""
    medline_ta: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmcid: str = ""
    dates: tuple[RecordDate, ...] = ()
    authors: tuple[Author, ...] = ()
    publication_types: tuple[str, ...] = ()
    mesh_headings: tuple[str, ...] = ()  # MeSH descriptor names ("Humans", "Mice", "Aged")
    abstract: tuple[Passage, ...] = ()
    corrections: tuple[Correction, ...] = ()

    @property
    def year(self) -> int | None:
        years = [d.year for d in self.dates if d.kind in ("print", "electronic")]
        return min(years) if years else None

    @property
    def abstract_text(self) -> str:
        return "\n".join(passage.text for passage in self.abstract)

    @property
    def url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"


@dataclass(frozen=True)
class Resolution:
    """How a reference was tied to a PubMed record, or why it could not be."""

    key: str
    pmid: str = ""
    method: str = ""  # "pmid" | "doi" | "pmcid" | "ecitmatch" | "title"
    reason: str = ""  # why it stayed unresolved, when pmid is empty


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Finding:
    """One problem, located in the article, with the evidence that decides it."""

    rule: str
    severity: Severity
    article: str
    line: int
    message: str
    column: int = 1
    claim: str = ""
    reference: str = ""
    pmid: str = ""
    claimed: str = ""
    found: str = ""
    evidence: str = ""
    source: str = ""
    section: str = ""


@dataclass(frozen=True)
class Support:
    """A span of source text that supports one assertion of a claim."""

    claim: str
    reference: str
    pmid: str
    claimed: str
    evidence: str
    source: str = "abstract"
    section: str = ""


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    verdict: Verdict
    pmids: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    support: tuple[Support, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class RunResult:
    """Everything a report needs; reports read nothing else."""

    articles: tuple[str, ...]
    claims: tuple[ClaimResult, ...]
    findings: tuple[Finding, ...]
    records: dict[str, Record] = field(default_factory=dict)
    sources_unavailable: str = ""
    skipped: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    bibliography_only: bool = False  # ``claimcheck refs``: the "articles" are bibliographies, no claims

    def count(self, verdict: Verdict) -> int:
        return sum(1 for result in self.claims if result.verdict is verdict)

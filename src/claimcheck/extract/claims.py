"""From an article to its claims and citations: the one entry point the pipeline calls.

Two passes over the sentences. The first finds what each sentence cites directly (a marker, or a
heading block that holds one) and remembers the institutions named with a citation. The second
walks the passages in order: a citation carries to the following sentences, bullets and
quotations until a heading or a new citation, and a sentence with no citation may link by name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from claimcheck.extract.figures import find_date, find_design, find_figures
from claimcheck.extract.layout import Block, Sentence, find_blocks, searchable_spans, split_sentences
from claimcheck.extract.linking import RESEARCH_CUE, Link, link_by_name, remember_institutions
from claimcheck.extract.markers import Marker, find_markers
from claimcheck.extract.names import find_authors, find_institutions, find_journals, journal_named
from claimcheck.extract.people import credited_people
from claimcheck.extract.quotes import Quotation, attribution, find_quotations, is_substantial
from claimcheck.model import Article, Citation, Claim, Reference
from claimcheck.textfold import ascii_fold
from claimcheck.vocabulary.effects import effect_phrases
from claimcheck.vocabulary.populations import population_terms

_SLUG_WORDS = 3
_SLUG_STOP = frozenset(
    "a an the and or but of in on at to for from by with as is are was were be been this that these those "
    "it its their our your we you they he she his her which who what when where how than then there here "
    "also into over after before about such some more most very not no can may might will would could "
    "should has have had do does did study studies research".split()
)
_SLUG_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Extraction:
    """What ``extract`` found: claims, every citation marker, and notes for the editor ("path:line: ...")."""

    claims: tuple[Claim, ...]
    citations: tuple[Citation, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Document:
    """The article laid out: blocks, sentences, markers and quotations, with lookups by offset."""

    text: str
    blocks: list[Block]
    sentences: list[Sentence]
    markers: list[Marker]
    quotations: list[Quotation]
    marker_starts: list[int]
    quotation_starts: list[int]

    def markers_in(self, start: int, end: int) -> list[Marker]:
        first, last = (
            bisect.bisect_left(self.marker_starts, start),
            bisect.bisect_left(self.marker_starts, end),
        )
        return self.markers[first:last]

    def quotations_in(self, start: int, end: int) -> list[Quotation]:
        starts = self.quotation_starts
        return self.quotations[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def masked(self, sentence: Sentence) -> str:
        """The sentence with markers and quotations blanked, so that numbers inside them are not figures."""
        chars = list(self.text[sentence.start : sentence.end])
        markers = self.markers_in(sentence.start, sentence.end)
        quotations = self.quotations_in(sentence.start, sentence.end)
        spans = [(marker.start, marker.end) for marker in markers]
        spans += [(quotation.start, quotation.end) for quotation in quotations]
        for start, end in spans:
            for index in range(start - sentence.start, min(end, sentence.end) - sentence.start):
                chars[index] = " "
        return "".join(chars)


@dataclass(frozen=True)
class _Direct:
    """What one sentence cites by itself: its markers, or the cited heading block it belongs to."""

    keys: tuple[str, ...]
    phrase: str  # "citing (2)", used to word the links of the passage that follows
    reason: str


def extract(article: Article, references: Sequence[Reference]) -> Extraction:
    """Claims and citations of ``article``, linked to ``references``."""
    text = article.text
    spans = searchable_spans(article, references)
    quotations = find_quotations(text, spans)
    quote_spans = [(quotation.start, quotation.end) for quotation in quotations]
    blocks = find_blocks(text, spans, quote_spans, markdown=article.format in ("md", "markdown"))
    markers = find_markers(text, spans, references)
    document = _Document(
        text,
        blocks,
        split_sentences(text, blocks, quote_spans),
        markers,
        quotations,
        [marker.start for marker in markers],
        [quotation.start for quotation in quotations],
    )
    direct = _direct_links(document)
    institutions = remember_institutions(
        (document.masked(sentence), link.keys)
        for sentence, link in zip(document.sentences, direct)
        if link is not None
    )
    claims, notes = _walk(article, document, direct, references, institutions)
    citations = tuple(
        Citation(marker.text, *article.locate(marker.start), keys=marker.keys, unknown=marker.unknown)
        for marker in markers
    )
    return Extraction(_with_ids(claims), citations, tuple(notes))


def _direct_links(document: _Document) -> list[_Direct | None]:
    """Per sentence, what it cites by its own markers; a run of headings holding a marker (a study's
    title, byline and journal line) cites it in every line."""
    direct: list[_Direct | None] = []
    for sentence in document.sentences:
        markers = document.markers_in(sentence.start, sentence.end)
        if not markers:
            direct.append(None)
            continue
        written = ", ".join(marker.text for marker in markers)
        keys = tuple(dict.fromkeys(key for marker in markers for key in marker.keys))
        direct.append(_Direct(keys, f"citing {written}", f"marker {written}"))
    run: list[int] = []
    kinds = [document.blocks[sentence.block].kind for sentence in document.sentences]
    for index, kind in enumerate([*kinds, "end"]):
        if kind == "heading":
            run.append(index)
            continue
        cited = [link for link in (direct[i] for i in run) if link is not None and link.keys]
        if cited:
            for i in run:
                if direct[i] is None:
                    direct[i] = _Direct(cited[0].keys, cited[0].phrase, f"heading block {cited[0].phrase}")
        run = []
    return direct


def _walk(
    article: Article,
    document: _Document,
    direct: Sequence[_Direct | None],
    references: Sequence[Reference],
    institutions: dict[str, tuple[str, ...]],
) -> tuple[list[Claim], list[str]]:
    """Follow the passages in text order, carrying each citation until a heading or a new citation."""
    claims: list[Claim] = []
    notes: list[str] = []
    header: tuple[_Direct, int] | None = None  # the cited heading block over this part, and its level
    current: _Direct | None = None
    introduces_quote: _Direct | None = None
    for index, sentence in enumerate(document.sentences):
        block = document.blocks[sentence.block]
        first_in_block = index == 0 or document.sentences[index - 1].block != sentence.block
        masked = document.masked(sentence)
        own = direct[index]
        if block.kind == "heading" and first_in_block:
            if own is not None and own.keys:
                level = (
                    block.level
                    if header is None or header[0].keys != own.keys
                    else min(header[1], block.level)
                )
                header = (own, level)
            elif header is not None and block.level > header[1]:
                current = header[0]
                continue
            else:
                header = None
            current = own
            introduces_quote = None
        if block.kind == "heading" and (own is None or not own.keys):
            continue
        starts_with_quote = first_in_block and bool(document.quotations_in(block.start, block.start + 1))
        link: Link | None
        if own is not None:
            link = Link(own.keys, own.reason) if own.keys else None
            current = own if own.keys else None
        else:
            named, ambiguous = link_by_name(masked, references, institutions)
            line = article.locate(sentence.start)[0]
            notes.extend(f"{article.path}:{line}: {message}" for message in ambiguous)
            if named is not None:
                link = named
                current = _Direct(named.keys, f"that {named.reason}", named.reason)
            elif starts_with_quote and introduces_quote is not None:
                link = Link(
                    introduces_quote.keys, f"quotation introduced by a sentence {introduces_quote.phrase}"
                )
            elif current is not None and not attribution(masked):
                # A sentence that names its own source ("According to X, ...") does not continue the passage.
                link = Link(current.keys, f"continues the passage {current.phrase}")
            else:
                link = None
        last_in_block = (
            index + 1 == len(document.sentences) or document.sentences[index + 1].block != sentence.block
        )
        ends_with_colon = document.text[sentence.start : sentence.end].rstrip().endswith(":")
        introduces_quote = current if last_in_block and ends_with_colon and link is not None else None
        claim = _claim(article, document, sentence, masked, link, references)
        if claim is not None:
            claims.append(claim)
    return claims, notes


def _claim(
    article: Article,
    document: _Document,
    sentence: Sentence,
    masked: str,
    link: Link | None,
    references: Sequence[Reference],
) -> Claim | None:
    """The sentence as a claim, or None when it asserts nothing checkable."""
    quote = "\n".join(
        quotation.text
        for quotation in document.quotations_in(sentence.start, sentence.end)
        if is_substantial(quotation)
    )
    figures = find_figures(masked)
    journal_match = find_journals(masked, references)
    institutions = find_institutions(masked)
    fields = {
        "journal": journal_match.written if journal_match else journal_named(masked),
        "date": find_date(masked),
        "figures": figures,
        "quote": quote,
        "affiliation": institutions[0] if institutions else "",
        "authors": tuple(
            dict.fromkeys(
                [*(author.written for author in find_authors(masked, references)), *credited_people(masked)]
            )
        ),
        "design": find_design(masked),
        "effects": effect_phrases(masked),
    }
    source = ""
    if link is None or not link.keys:
        source = attribution(masked)
        is_statistic = bool(figures) and bool(RESEARCH_CUE.search(masked))
        if not (is_statistic or (quote and source)):
            return None
    elif not any(fields.values()):
        return None
    line, column = article.locate(sentence.start)
    return Claim(
        id="",
        article=article.path,
        line=line,
        column=column,
        text=document.text[sentence.start : sentence.end],
        cites=link.keys if link else (),
        link=link.reason if link else "",
        attribution=source,
        # Who was studied qualifies what a sentence asserts; on its own it makes no claim.
        population=population_terms(masked),
        **fields,  # type: ignore[arg-type]
    )


def _with_ids(claims: Sequence[Claim]) -> tuple[Claim, ...]:
    """Readable ids that depend only on the claim's text and first citation: "<key>-<salient words>"."""
    seen: dict[str, int] = {}
    named: list[Claim] = []
    for claim in claims:
        base = f"{claim.cites[0] if claim.cites else 'unsourced'}-{_slug(claim.text)}"
        seen[base] = seen.get(base, 0) + 1
        identifier = base if seen[base] == 1 else f"{base}-{seen[base]}"
        named.append(replace(claim, id=identifier))
    return tuple(named)


def _slug(text: str) -> str:
    ascii_text = ascii_fold(text).lower()
    words = [word for word in _SLUG_WORD.findall(ascii_text) if len(word) >= 3 and word not in _SLUG_STOP]
    return "-".join(words[:_SLUG_WORDS]) or "claim"

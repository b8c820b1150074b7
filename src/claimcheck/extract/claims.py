"""From an article to its claims and citations: the one entry point the pipeline calls.

Two passes over the sentences. The first finds what each sentence cites directly (a marker, or a
heading block that holds one) and remembers the institutions named with a citation. The second
walks the passages in order: a citation carries to the following sentences, bullets and
quotations until a heading or a new citation, and a sentence with no citation may link by name.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from claimcheck.extract.figures import find_date, find_design, find_figures
from claimcheck.extract.layout import Block, Sentence, find_blocks, searchable_spans, split_sentences
from claimcheck.extract.linking import (
    RESEARCH_CUE,
    Link,
    link_by_name,
    refers_back,
    refers_to_two,
    remember_institutions,
)
from claimcheck.extract.markers import Marker, find_markers
from claimcheck.extract.names import NameIndex, SentenceNames, journal_named
from claimcheck.extract.people import credited_people
from claimcheck.extract.quotes import Quotation, attribution, find_quotations, is_substantial
from claimcheck.model import Article, Citation, Claim, Reference
from claimcheck.textfold import ascii_fold
from claimcheck.vocabulary.effects import effect_phrases
from claimcheck.vocabulary.populations import population_terms
from claimcheck.vocabulary.rankings import ranking_phrases
from claimcheck.vocabulary.statistics import describes_the_article, stated_statistic

_SLUG_WORDS = 3
_SLUG_STOP = frozenset(
    "a an the and or but of in on at to for from by with as is are was were be been this that these those "
    "it its their our your we you they he she his her which who what when where how than then there here "
    "also into over after before about such some more most very not no can may might will would could "
    "should has have had do does did study studies research".split()
)
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_SOURCE_LINE = re.compile(r"[*_]*sources?[*_]*\s*:", re.IGNORECASE)


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
    masked_text: str  # with markers and quotations blanked, so that numbers inside them are not figures
    blocks: list[Block]
    sentences: list[Sentence]
    markers: list[Marker]
    quotations: list[Quotation]
    marker_starts: list[int]
    quotation_starts: list[int]
    names: NameIndex
    _read: dict[int, tuple[str, SentenceNames]] = field(default_factory=dict)
    _named: dict[str, SentenceNames] = field(default_factory=dict)  # by masked text: repeated lines
    _asserted: dict[tuple[str, str, bool, bool], dict[str, object] | None] = field(default_factory=dict)

    def read(self, index: int) -> tuple[str, SentenceNames]:
        """Sentence ``index`` masked and the names in it, worked out once however often they are asked
        (and once for all sentences of the same text)."""
        if index not in self._read:
            sentence = self.sentences[index]
            masked = self.masked_text[sentence.start : sentence.end]
            if masked not in self._named:
                self._named[masked] = self.names.analyse(masked)
            self._read[index] = masked, self._named[masked]
        return self._read[index]

    def asserted(
        self, read: tuple[str, SentenceNames], quote: str, *, cited: bool, always: bool
    ) -> dict[str, object] | None:
        """What a sentence asserts (``_asserted``), worked out once for all sentences of the same text."""
        masked, names = read
        key = (masked, quote, cited, always)
        if key not in self._asserted:
            self._asserted[key] = _asserted(masked, names, quote, cited=cited, always=always)
        return self._asserted[key]

    def markers_in(self, start: int, end: int) -> list[Marker]:
        first, last = (
            bisect.bisect_left(self.marker_starts, start),
            bisect.bisect_left(self.marker_starts, end),
        )
        return self.markers[first:last]

    def quotations_in(self, start: int, end: int) -> list[Quotation]:
        starts = self.quotation_starts
        return self.quotations[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def _masked(text: str, sentences: Sequence[Sentence], spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each span blanked from its start to the end of the sentence it starts in, at most:
    a quotation that runs on into the next sentence is that sentence's text."""
    starts = [sentence.start for sentence in sentences]
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        at = bisect.bisect_right(starts, start) - 1
        if at < 0 or start >= sentences[at].end:
            continue  # outside every sentence: no sentence reads it
        start, end = max(start, position), min(end, sentences[at].end)
        if end > start:
            pieces += [text[position:start], " " * (end - start)]
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


@dataclass(frozen=True)
class _Direct:
    """What one sentence cites by itself: its markers, or the cited heading block it belongs to."""

    keys: tuple[str, ...]
    phrase: str  # "citing (2)", used to word the links of the passage that follows
    reason: str


def extract(article: Article, references: Sequence[Reference]) -> Extraction:
    """Claims and citations of ``article``, linked to ``references``."""
    text = article.text
    spans = searchable_spans(article)
    quotations = find_quotations(text, spans)
    quote_spans = [(quotation.start, quotation.end) for quotation in quotations]
    blocks = find_blocks(
        text,
        spans,
        quote_spans,
        markdown=article.format in ("md", "markdown"),
        per_line=article.format in ("html", "docx"),
    )
    markers = find_markers(text, spans, references, article.links)
    marker_spans = [(marker.start, marker.end) for marker in markers]
    sentences = split_sentences(text, blocks, quote_spans, marker_spans)
    document = _Document(
        text,
        _masked(text, sentences, sorted(marker_spans + quote_spans)),
        blocks,
        sentences,
        markers,
        quotations,
        [marker.start for marker in markers],
        [quotation.start for quotation in quotations],
        NameIndex(references),
    )
    direct = _direct_links(document)
    institutions = remember_institutions(
        (document.read(index)[1].institutions, link.keys)
        for index, link in enumerate(direct)
        if link is not None
    )
    claims, notes = _walk(article, document, direct, references, institutions)
    notes += [
        f"{article.path}:{article.locate(marker.start)[0]}: {marker.note}"
        for marker in markers
        if marker.note
    ]
    citations = tuple(
        Citation(
            marker.text,
            *article.locate(marker.start),
            keys=marker.keys + marker.remarks,
            unknown=marker.unknown,
        )
        for marker in markers
    )
    return Extraction(tuple(claims), citations, tuple(notes))


def _direct_links(document: _Document) -> list[_Direct | None]:
    """Per sentence, what it cites by its own markers; a run of headings holding a marker (a study's
    title, byline and journal line) cites it in every line."""
    direct: list[_Direct | None] = []
    made: dict[tuple[str, tuple[str, ...]], _Direct] = {}  # one per way of citing: a long page repeats them
    for sentence in document.sentences:
        markers = document.markers_in(sentence.start, sentence.end)
        if not markers:
            direct.append(None)
            continue
        if len(markers) == 1:  # the common case; one marker's keys are distinct already
            written, keys = markers[0].text, markers[0].keys
        else:
            written = ", ".join(marker.text for marker in markers)
            keys = tuple(dict.fromkeys(key for marker in markers for key in marker.keys))
        if (written, keys) not in made:
            made[written, keys] = _Direct(keys, f"citing {written}", f"marker {written}")
        direct.append(made[written, keys])
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
    """Follow the sentences in text order and decide what each one cites, and why.

    A marker supports its own sentence. A sentence without one borrows a citation only where the text
    says so: it refers back to the cited work ("The same trial", "They also"), it is an item of a list
    that a cited sentence introduces, it continues a quotation a cited sentence introduced, it names
    the work's journal, author or institution, or the marker that ends its paragraph covers it. A
    citation stops at a heading and at a paragraph that neither cites nor refers back; only a heading
    block that is itself the citation (a study's title, byline and journal line) covers its section.
    """
    claims: list[Claim] = []
    notes: list[str] = []
    header: tuple[_Direct, int] | None = None  # the cited heading block over this part, and its level
    current: _Direct | None = None  # what a sentence referring back refers to
    previous: _Direct | None = None  # the work cited before ``current``, for "both"
    introduces_quote: _Direct | None = None
    introduces_list: tuple[Link, bool] | None = None  # the link a list's items share; carried by a section?
    current_block = -1  # the block where ``current`` was cited: its paragraph, and a list right after it
    block_linked = False
    covered = _covered_by_paragraph_end(document, direct)
    ids = _Ids()
    by_name: dict[str, tuple[Link | None, list[str]]] = {}
    for index, sentence in enumerate(document.sentences):
        block = document.blocks[sentence.block]
        first_in_block = index == 0 or document.sentences[index - 1].block != sentence.block
        if first_in_block:
            if not block_linked and index:
                current = None  # a whole block passed without the work: the passage has ended
            if block.kind != "bullet":
                introduces_list = None
            block_linked = False
        masked, names = document.read(index)
        own = direct[index]
        if block.kind == "heading" and first_in_block:
            if own is not None and own.keys:
                level = (
                    block.level
                    if header is None or header[0].keys != own.keys
                    else min(header[1], block.level)
                )
                header = (own, level)
            elif header is None or block.level <= header[1]:
                header = None
            current, introduces_quote, introduces_list = (own if own and own.keys else None), None, None
        if block.kind == "heading" and (own is None or not own.keys):
            continue
        section = header[0] if header is not None else None
        link: Link | None
        carried = False  # linked only because its section is headed by the citation
        borrowed = False  # linked because the text says it goes on about the work (then so does its list)
        if own is not None:
            link = Link(own.keys, own.reason) if own.keys else None
            if own.keys and current is not None and current.keys != own.keys:
                previous = current
            current, current_block = (own if own.keys else None), sentence.block
        else:
            if masked not in by_name:  # the names in a text are the same wherever it is repeated
                by_name[masked] = link_by_name(masked, names, institutions)
            named, ambiguous = by_name[masked]
            if ambiguous:
                line = article.locate(sentence.start)[0]
                notes.extend(f"{article.path}:{line}: {message}" for message in ambiguous)
            starts_with_quote = first_in_block and bool(document.quotations_in(block.start, block.start + 1))
            if named is not None:
                link = named
                current = _Direct(named.keys, f"that {named.reason}", named.reason)
                current_block = sentence.block
            elif starts_with_quote and introduces_quote is not None:
                phrase = introduces_quote.phrase
                link = Link(introduces_quote.keys, f"quotation introduced by a sentence {phrase}")
            elif block.kind == "bullet" and introduces_list is not None:
                (link, carried), borrowed = introduces_list, True
            elif (
                current is not None
                and refers_back(masked, same_paragraph=_same_passage(document, current_block, sentence.block))
                and not attribution(masked)
            ):
                link, borrowed = Link(current.keys, f"continues the passage {current.phrase}"), True
                if previous is not None and refers_to_two(masked):
                    keys = tuple(dict.fromkeys((*previous.keys, *current.keys)))
                    link = Link(keys, f"refers to both works, {previous.phrase} and {current.phrase}")
            elif index in covered:
                link = Link(covered[index].keys, f"the paragraph ends with {covered[index].reason}")
            elif section is not None and not attribution(masked):
                link, carried = Link(section.keys, f"continues the passage {section.phrase}"), True
            else:
                link = None
        block_linked = block_linked or (link is not None and not carried)
        text = document.text[sentence.start : sentence.end].rstrip()
        if link is not None and block.kind == "bullet" and borrowed:
            introduces_list = (link, carried)
        last_in_block = (
            index + 1 == len(document.sentences) or document.sentences[index + 1].block != sentence.block
        )
        if link is not None and text.endswith(":"):
            introducer = current if current is not None and not carried else section
            if introducer is not None:
                introduces_list = (
                    Link(introducer.keys, f"continues the passage {introducer.phrase}"),
                    carried,
                )
        introduces_quote = current if last_in_block and text.endswith(":") and link is not None else None
        if own is not None and first_in_block and _is_source_line(document, sentence):
            continue  # the citation line of the paragraph above
        always = not carried and block.kind != "heading"  # a heading is a claim when it asserts something
        claim = _claim(article, document, sentence, (masked, names), link, always=always, ids=ids)
        if claim is not None:
            claims.append(claim)
    return claims, notes


def _is_source_line(document: _Document, sentence: Sentence) -> bool:
    """ "Source: https://..." under a paragraph: the citation of that paragraph, not a claim of its own."""
    return _SOURCE_LINE.match(document.text, sentence.start) is not None


def _same_passage(document: _Document, cited_block: int, block: int) -> bool:
    """The cited sentence's own block, or a list of bullets right after it."""
    if block == cited_block:
        return True
    between = document.blocks[cited_block + 1 : block + 1] if 0 <= cited_block < block else []
    return bool(between) and all(item.kind == "bullet" for item in between)


def _covered_by_paragraph_end(document: _Document, direct: Sequence[_Direct | None]) -> dict[int, _Direct]:
    """Sentences of a paragraph with no marker of their own, before the marker that ends the paragraph
    (and after any earlier cited sentence of it), or before a "Source: ..." line right after it: that
    marker covers them."""
    covered: dict[int, _Direct] = {}
    waiting: list[int] = []
    for index, sentence in enumerate(document.sentences):
        if index and document.sentences[index - 1].block != sentence.block:
            own = direct[index]
            if own is not None and own.keys and _is_source_line(document, sentence):
                covered.update(dict.fromkeys(waiting, own))
            waiting = []
        if document.blocks[sentence.block].kind != "paragraph":
            continue
        own = direct[index]
        last_in_block = (
            index + 1 == len(document.sentences) or document.sentences[index + 1].block != sentence.block
        )
        if own is None:
            waiting.append(index)
        elif last_in_block and own.keys:
            covered.update(dict.fromkeys(waiting, own))
        else:
            waiting = []
    return covered


def _claim(
    article: Article,
    document: _Document,
    sentence: Sentence,
    read: tuple[str, SentenceNames],
    link: Link | None,
    *,
    always: bool,
    ids: _Ids,
) -> Claim | None:
    """The sentence as a claim, or None: a cited sentence is always one (``always``; the editor sees
    every link), one carried by its section only when it asserts something checkable, an uncited one
    only when it states a statistic or a study result, or quotes an attributed source."""
    quotations = document.quotations_in(sentence.start, sentence.end)
    quote = (
        "\n".join(quotation.text for quotation in quotations if is_substantial(quotation))
        if quotations
        else ""
    )
    asserted = document.asserted(read, quote, cited=link is not None and bool(link.keys), always=always)
    if asserted is None:
        return None
    line, column = article.locate(sentence.start)
    text = document.text[sentence.start : sentence.end]
    cites = link.keys if link else ()
    return Claim(
        id=ids.next(cites, text),
        article=article.path,
        line=line,
        column=column,
        text=text,
        cites=cites,
        link=link.reason if link else "",
        **asserted,  # type: ignore[arg-type]
    )


def _asserted(
    masked: str, names: SentenceNames, quote: str, *, cited: bool, always: bool
) -> dict[str, object] | None:
    """What a sentence of this masked text asserts, as the claim's fields; None when it is no claim."""
    source = ""
    statistic = ""
    if not cited:  # the cheap tests first: most sentences of an article are neither
        source = attribution(masked)
        research = RESEARCH_CUE.search(masked) is not None and not describes_the_article(masked)
        statistic = stated_statistic(masked)
        if not (research or statistic or (quote and source)):
            return None
    figures = find_figures(masked)
    if not cited and not ((figures and research) or statistic or (quote and source)):
        return None
    journal = names.journal.written if names.journal else journal_named(masked)
    said = _assertions(masked, journal)
    fields: dict[str, object] = {
        "journal": journal,
        "date": said.date,
        "figures": figures,
        "quote": quote,
        "affiliation": names.institutions[0] if names.institutions else "",
        "authors": tuple(dict.fromkeys([*(author.written for author in names.authors), *said.people])),
        "design": said.design,
        "effects": said.effects,
    }
    if cited and not always and not any(fields.values()):
        return None
    # Who was studied qualifies what a sentence asserts; on its own it makes no claim.
    return {**fields, "attribution": source, "population": said.population}


@dataclass(frozen=True)
class _Assertions:
    """What a claim's sentence asserts besides its figures and names, read from its masked text alone."""

    date: str
    people: tuple[str, ...]
    design: tuple[str, ...]
    effects: tuple[str, ...]
    population: tuple[str, ...]


@functools.lru_cache(maxsize=16384)
def _assertions(masked: str, journal: str) -> _Assertions:
    """Read once per run however many articles repeat the sentence (a boilerplate line, a long page's
    repeated passage); the cache is bounded, and each answer is a few short tuples."""
    # "published in the European Heart Review" names no review: a journal's words describe no design.
    unnamed = masked.replace(journal, " " * len(journal)) if journal else masked
    return _Assertions(
        find_date(masked),
        credited_people(masked),
        find_design(unnamed),
        tuple(dict.fromkeys(effect_phrases(masked) + ranking_phrases(masked))),
        population_terms(masked),
    )


class _Ids:
    """Readable ids that depend only on the claim's text and first citation: "<key>-<salient words>",
    numbered from the second claim of the same id on."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def next(self, cites: tuple[str, ...], text: str) -> str:
        base = f"{cites[0] if cites else 'unsourced'}-{_slug(text)}"
        count = self._seen[base] = self._seen.get(base, 0) + 1
        return base if count == 1 else f"{base}-{count}"


@functools.lru_cache(maxsize=16384)  # a long page repeats its sentences, a site its boilerplate
def _slug(text: str) -> str:
    ascii_text = ascii_fold(text[:300]).lower()  # the first salient words are all an id needs
    words = [word for word in _SLUG_WORD.findall(ascii_text) if len(word) >= 3 and word not in _SLUG_STOP]
    return "-".join(words[:_SLUG_WORDS]) or "claim"

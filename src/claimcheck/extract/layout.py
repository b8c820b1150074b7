"""The shape of an article body: blocks (headings, paragraphs, bullet items) and their sentences.

Claims are sentences, and links flow through the layout (a citation carries to the bullets and
paragraphs after it until a heading), so this module only finds where things are; it decides nothing.
Offsets are into ``Article.text`` so that ``Article.locate`` gives the line and column in the file.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from claimcheck.model import Article

_BULLET = re.compile(r"[ \t]*(?:[•◦▪‣·*+\-–]|\d{1,2}[.)])[ \t]+")
_BOLD_LINE = re.compile(r"[ \t]*(\*\*|__)[^*_\n]{1,200}\1[ \t]*")
_TRAILING_MARKER = re.compile(
    r"(?:[⁰¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹,⁻–-]*|\[[^\]\n]{1,40}\]|\(\d[\d,\s–-]*\)|(?<=[.!?])\d{1,3}(?:[,–-]\d{1,3})*)$"
)
_MD_HEADING = re.compile(r"[ \t]*(#{1,6})[ \t]+")
_WORD = re.compile(r"\S+")
_HEADING_MAX_WORDS = 16
# Longer than any sentence, or any quotation kept whole (quotes.py keeps up to 6,000 characters).
_MAX_SENTENCE_CHARS = 8000
_HEADING_MAX_CHARS = 120
# A short line at least this wide, and this share of the next line's width, is wrapped prose.
_WRAPPED_MIN_CHARS = 60
_WRAPPED_WIDTH = 0.75
# A sentence ending inside a line ("hookworm (5). Real-time PCR"): that line is prose, never a heading.
_INNER_SENTENCE_END = re.compile(r"[\w)\]%][.!?][\"'\u201d)\]]*[ \t]+[A-Z]")
# A sentence ends at . ! ? (with any closing quote or bracket) before a space and a capital, digit or quote.
# A sentence ends at . ! ? (with any closing quote or bracket, and any citation marker right after it:
# "8 weeks.[1] According", "throat.2 Sore") before a space and a capital, digit, quote or bracket.
_SENTENCE_STOP = re.compile(r"[.!?][\"'”’)\]]*")
_NEXT_SENTENCE = re.compile(r"\s+(?=[A-Z0-9“\"‘(\[])")
_ENDS_SENTENCE = re.compile(r"[.!?:][\"'”’)\]]*$")
_LAST_WORD = re.compile(r"[^\s(“\"]*\Z")
_RUNS_ON = frozenset("a an the and or of by to in for with from that than as at on".split())
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof st vs al e.g i.e fig figs no jr sr inc ltd approx etc jan feb mar apr jun jul aug "
    "sep sept oct nov dec ed eds vol pp ca ref refs".split()
)
_LONGEST_ABBREVIATION = max(len(word) for word in _ABBREVIATIONS)


class Block(NamedTuple):
    """A heading, a paragraph or a bullet item, as a span of the article text.

    ``level`` is the heading depth (1 is a section, larger is a sub-heading); for bullets it is
    the indentation, so nested bullets can be told from their parent.
    """

    kind: str  # "heading" | "paragraph" | "bullet"
    start: int
    end: int
    level: int = 0


class Sentence(NamedTuple):
    start: int
    end: int
    block: int


def searchable_spans(article: Article) -> list[tuple[int, int]]:
    """The body: everything but the reference list (web pages often put more prose after it) and the
    text that is not the article's own (bylines, addresses, disclosures, notes, credits, calls to action)."""
    text = article.text
    spans = [(0, len(text))] if article.body_end < 0 else [(0, article.body_end)]
    if article.body_end >= 0 and article.references_end >= 0:
        spans.append((article.references_end, len(text)))
    body: list[tuple[int, int]] = []
    for start, end in spans:
        body += _without_furniture(text, start, end, per_line=article.format in ("html", "docx"))
    return [(start, end) for start, end in body if end > start]


# Text that is not a claim, told by how its paragraph opens: notes and disclosures, addresses,
# credits, copyright, and the page's calls to action. The whole paragraph is furniture.
_FURNITURE_PARAGRAPH = re.compile(
    r"(?:editor['\u2019]?s?\s+note|address\s+(?:correspondence|reprint)|correspondence\s*(?::|to\b)|"
    r"reprints?\s*(?::|are\b|requests?\b)|(?:author\s+)?disclosures?\s*(?::|$)|conflicts?\s+of\s+interests?|"
    r"competing\s+interests?|declarations?\s+of\s+interests?|funding\s*(?::|sources?\b|$)|"
    r"financial\s+support\s*:|acknowledg(?:e)?ments?\s*(?::|$)|"
    r"copyright\s+(?:\u00a9|\(c\)|\d)|\u00a9|\(c\)\s|all\s+rights\s+reserved|"
    r"photo(?:graph)?(?:\s+caption)?\s*:|image\s*:|credit\s*:|illustration\s*:|"
    r"contact(?:\s+(?:us|him|her|them))?\s*:|contact\s+us\b|questions\?|e-?mail\s*:|content\s+warning|"
    r"disclaimer|advertisement|sponsored\s+content|read\s+(?:more|past|our)\b|related\s*:|"
    r"related\s+(?:articles|posts|stories)|more\s+\w+\s*:|share\s+this|subscribe\b|sign\s+(?:up|in|me\s+up)\b|"
    r"follow\s+us|click\s+here|skip\s+to|menu\s*(?:$|\s\s)|book\s+(?:a|an|your)\b|join\s+(?:our|the)\b|"
    r"next\s+issue|need\s+help|got\s+a\s+question|have\s+a\s+question|love\s+this|"
    r"(?:written|reviewed|medically\s+reviewed|prepared|answers|posted)\s+(?:by|on)\b|"
    r"by\s+(?:dr\.?\s+)?(?-i:[A-Z][\w'\u2019-]+\s+[A-Z])|"
    r"(?:last\s+)?(?:updated|reviewed)\s*:?\s+(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"tags?\s*:|categor(?:y|ies)\s*:|filed\s+under)",
    re.IGNORECASE,
)
# Anywhere in a paragraph: an e-mail address, a postal code, a conflict-of-interest or funding statement,
# a picture's credit.
_FURNITURE_ANYWHERE = re.compile(
    r"(?i:conflicts?\s+of\s+interest|no\s+relevant\s+financial|competing\s+interests|all\s+rights\s+reserved|"
    r"\b(?:was|were|is)\s+(?:supported|funded|paid\s+for)\s+by\b|\bphoto(?:graph)?\s*:|\bcredit\s*:|"
    r"\bcourtesy\s+of\b)"
)
# A citation marker: a disclosure or a credit cites no source, so text that does ("two-thirds disclosed
# conflicts of interest [7]") reports research, whatever its words.
_CITES = re.compile(
    r"\[\d{1,4}(?:\s*[,\u2013-]\s*\d{1,4})*\]|[\w.,)][\u00b9\u00b2\u00b3\u2070\u2074-\u2079]"
    r"|\([A-Z][^()\d]{1,80}?,?\s+(?:19|20)\d\d[a-z]?\)"
)
# An e-mail address (looked for only where there is an "@") or a postal code; the statements above only
# where one of their words is.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_POSTAL_CODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|\b[A-Z]{2}\s\d{5}\b")
_ANYWHERE_WORDS = (
    "conflict",
    "financial",
    "competing",
    "reserved",
    "supported",
    "funded",
    "paid for",
    "photo",
    "credit",
    "courtesy",
)
# A line of navigation or a running header: pieces joined by separators ("Home | Blog", "17 | Bulletin").
_SEPARATED = re.compile(r"(?:\s[|·•›»/]\s.*){2}|^\s*\d{1,4}\s+\|\s")
_SENTENCE_ENDINGS = tuple(
    '.!?:")]\u201d\u2019' + "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
)
_LINK_DEFINITION = re.compile(r"[ \t]{0,3}\[[^\]\n]{1,100}\]:[ \t]*<?https?://")
_MARKUP_OPENING = re.compile(r"^[\s>*_#\[(\-]*")
_FRONT_MATTER = re.compile(r"---[ \t]*\n(?:.*\n){0,40}?---[ \t]*(?:\n|$)")


def _without_furniture(text: str, start: int, end: int, *, per_line: bool) -> list[tuple[int, int]]:
    """``start``..``end`` less its furniture (and a Markdown front matter at the very top)."""
    kept: list[tuple[int, int]] = []
    position = start
    if start == 0:
        front = _FRONT_MATTER.match(text)
        position = front.end() if front else 0
    for unit_start, unit_end in _units(text, position, end, per_line=per_line):
        if is_furniture(text[unit_start:unit_end]):
            kept.append((position, unit_start))
            position = unit_end
    kept.append((position, end))
    return kept


def _units(text: str, start: int, end: int, *, per_line: bool) -> list[tuple[int, int]]:
    """Lines that start a paragraph or a sentence, each with the lines its sentence wraps onto: the
    pieces that may be furniture. (A CMS page or a Word file gives one line per paragraph.)"""
    units: list[tuple[int, int]] = []
    opened = -1
    boundary = True  # the previous line was blank or ended a sentence
    position = start
    while position <= end:
        line_end = text.find("\n", position, end)
        line_end = end if line_end < 0 else line_end
        line = text[position:line_end].rstrip()
        if opened >= 0 and (not line or boundary):
            units.append((opened, position - 1))
            opened = -1
        if line and opened < 0 and boundary:
            opened = position
        boundary = per_line or not line or line.endswith(_SENTENCE_ENDINGS)
        position = line_end + 1
    if opened >= 0:
        units.append((opened, end))
    return units


@functools.lru_cache(maxsize=4096)  # a long page repeats its paragraphs, a site its footer
def is_furniture(paragraph: str) -> bool:
    """Whether a paragraph (or a line of one) is not the article's own prose: a note, byline, address,
    disclosure, credit, copyright line, navigation or call to action."""
    if _LINK_DEFINITION.match(paragraph):  # Markdown's "[yoo]: https://...": where a link points, no prose
        return True
    opening = _MARKUP_OPENING.sub("", paragraph[:200])
    if _FURNITURE_PARAGRAPH.match(opening):
        return True
    head = paragraph[:2000]
    if ("@" in head and _EMAIL.search(head)) or _POSTAL_CODE.search(head):
        return True
    lowered = head.lower()
    if (
        any(word in lowered for word in _ANYWHERE_WORDS)
        and _FURNITURE_ANYWHERE.search(head)
        and not _CITES.search(head)
    ):
        return True
    first_line = paragraph.split("\n", 1)[0]
    return len(first_line) < 200 and _SEPARATED.search(first_line) is not None


@functools.lru_cache(maxsize=4096)  # repeated lines: a long page's, a site's boilerplate
def _line_kind(line: str) -> tuple[str, int, int]:
    """(kind, level, offset of the content) of one non-blank line."""
    heading = _MD_HEADING.match(line)
    if heading:
        return "heading", len(heading.group(1)), heading.end()
    if _BOLD_LINE.fullmatch(line):  # "**Q: Should I take vitamin D?**": a heading in bold
        return "heading", 3, len(line) - len(line.lstrip())
    bullet = _BULLET.match(line)
    if bullet and bullet.end() < len(line):
        indent = len(line) - len(line.lstrip(" \t"))
        return "bullet", indent, bullet.end()
    content = line.strip()
    words = len(_WORD.findall(content))
    ending = _TRAILING_MARKER.sub("", content[-60:]) or content  # "... organ.⁸", "... exposure.[7]"
    ends_like_prose = ending[-1] in ".,;:!" or ending.endswith((".”", '."', ".)"))
    if words <= _HEADING_MAX_WORDS and len(content) <= _HEADING_MAX_CHARS and not ends_like_prose:
        return "title", 0, len(line) - len(line.lstrip())
    return "paragraph", 0, len(line) - len(line.lstrip())


def find_blocks(
    text: str,
    spans: Sequence[tuple[int, int]],
    quotes: Sequence[tuple[int, int]],
    *,
    markdown: bool = False,
    per_line: bool = False,
) -> list[Block]:
    """Blocks in text order. Prose lines join when a sentence runs on (always in Markdown, which wraps
    paragraphs; elsewhere one line is often one paragraph); a quotation
    that runs over several paragraphs is kept in one block so that it stays one claim. Markdown marks
    its headings, so there a short line is only a heading when it says so ("## ..."). A page or a Word
    file (``per_line``) gives each heading and paragraph its own line: there a short line is a heading
    unless the next line goes on in lowercase ("... what your clinic looks for" heads its page)."""
    lines: list[tuple[str, int, int, int, bool]] = []  # kind, level, start, end, blank line after
    for span_start, span_end in spans:
        position = span_start
        for raw_line in text[span_start:span_end].split("\n"):
            start, end = position, position + len(raw_line)
            position = end + 1
            if not raw_line.strip():
                if lines:
                    lines[-1] = (*lines[-1][:4], True)
                continue
            kind, level, content = _line_kind(raw_line)
            kind = "paragraph" if markdown and kind == "title" else kind
            lines.append((kind, level, start + content, start + len(raw_line.rstrip()), False))
        if lines:
            lines[-1] = (*lines[-1][:4], True)
    quote_starts = [start for start, _ in quotes]
    blocks: list[Block] = []
    joinable = False
    for index, (kind, level, start, end, blank_after) in enumerate(lines):
        if kind == "title" and joinable:
            kind = "paragraph"  # a short last piece of a wrapped sentence ("... absorption of vitamin")
        if kind == "title":
            # A short line with a blank line after it heads a section; one running straight into
            # text is a sub-heading ("Study synopsis" above its paragraph).
            following = lines[index + 1] if index + 1 < len(lines) else None
            wraps = (
                not blank_after
                and following is not None
                and (
                    text[following[2] : following[2] + 1].islower()
                    if per_line
                    else _continues_sentence(text, (start, end), following)
                )
            )
            if wraps:
                kind = "paragraph"
            else:
                kind, level = "heading", 1 if blank_after or index + 1 == len(lines) else 2
        open_quote = _quote_open_at(quote_starts, quotes, start)
        if blocks and (open_quote or (joinable and kind == "paragraph")):
            previous = blocks[-1]
            blocks[-1] = Block(previous.kind, previous.start, end, previous.level)
        else:
            blocks.append(Block(kind, start, end, level))
        joinable = (
            kind == "paragraph"
            and not blank_after
            and (markdown or not _ends_sentence(text[max(start, end - 60) : end]))
        )
    return blocks


@functools.lru_cache(maxsize=4096)  # the ends of a long page's repeated lines
def _ends_sentence(line_end: str) -> bool:
    """Whether a line ends its sentence, a citation marker after the full stop included ("Kong.⁴")."""
    return _ENDS_SENTENCE.search(_TRAILING_MARKER.sub("", line_end) or line_end) is not None


def _continues_sentence(text: str, line: tuple[int, int], following: tuple[str, int, int, int, bool]) -> bool:
    """A short line is a wrapped paragraph line, not a heading, when its sentence runs on: the next line
    goes on in lowercase, or this one ends on a joining word, or it is about as wide as the prose line
    after it (a heading is much shorter than the text it heads: "Among 256 randomly selected people in
    rural Côte d'Ivoire, about one in five carried" is the first line of a paragraph, not its title)."""
    start, end = line
    next_kind, _, next_start, next_end, _ = following
    last_word = text[start:end].rsplit(None, 1)[-1].lower()
    next_char = text[next_start : next_start + 1]
    next_is_prose = (
        next_kind == "paragraph" or _INNER_SENTENCE_END.search(text, next_start, next_end) is not None
    )
    as_wide = (
        next_is_prose
        and end - start >= _WRAPPED_MIN_CHARS
        and end - start >= _WRAPPED_WIDTH * (next_end - next_start)
    )
    return next_char.islower() or next_char == "(" or last_word in _RUNS_ON or as_wide


def _quote_open_at(quote_starts: Sequence[int], quotes: Sequence[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies inside a quotation that started before it."""
    index = bisect.bisect_left(quote_starts, offset) - 1
    return index >= 0 and quotes[index][1] > offset


def split_sentences(
    text: str,
    blocks: Sequence[Block],
    quotes: Sequence[tuple[int, int]],
    markers: Sequence[tuple[int, int]] = (),
) -> list[Sentence]:
    """Sentences of every block; never split inside a quotation or after an abbreviation. A marker
    right after the full stop belongs to the sentence before it."""
    quote_starts = [start for start, _ in quotes]
    marker_end = dict(markers)
    marker_starts = sorted(marker_end)
    sentences: list[Sentence] = []
    for index, block in enumerate(blocks):
        start = block.start
        for match in _SENTENCE_STOP.finditer(text, block.start, block.end):
            end = match.end()
            while end in marker_end and marker_end[end] > end:
                end = marker_end[end]
            following = _NEXT_SENTENCE.match(text, end, block.end)
            if following is None or end <= start:
                continue
            if _quote_open_at(quote_starts, quotes, match.start()) or _is_abbreviation(text, match.start()):
                continue
            if _inside_marker(marker_starts, marker_end, match.start()):  # "ref. 8", "(Smith et al. 2019)"
                continue
            sentences += _bounded(text, start, end, index)
            start = following.end()
        if start < block.end:
            sentences += _bounded(text, start, block.end, index)
    return sentences


def _bounded(text: str, start: int, end: int, block: int) -> list[Sentence]:
    """A sentence, or pieces of one no real sentence is as long as (an unpunctuated or endlessly
    abbreviated block): cut at a full stop, else at a space, so that no later stage reads megabytes
    as one sentence."""
    pieces: list[Sentence] = []
    while end - start > _MAX_SENTENCE_CHARS:
        limit = start + _MAX_SENTENCE_CHARS
        cut = max(
            text.rfind(". ", start, limit), text.rfind("? ", start, limit), text.rfind("! ", start, limit)
        )
        cut = cut + 1 if cut > start else text.rfind(" ", start, limit)
        cut = cut if cut > start else limit
        pieces.append(Sentence(start, cut, block))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append(Sentence(start, end, block))
    return pieces


def _inside_marker(starts: Sequence[int], ends: dict[int, int], offset: int) -> bool:
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and starts[index] < offset < ends[starts[index]] - 1


def _is_abbreviation(text: str, period: int) -> bool:
    if text[period] != ".":
        return False
    # The word before the full stop, read from a window no wider than the longest abbreviation and the
    # mark before it: a longer word is no abbreviation.
    window = text[max(0, period - _LONGEST_ABBREVIATION - 1) : period]
    last = _LAST_WORD.search(window)
    word = last.group().lower() if last else ""
    if len(word) == len(window) and period > len(window):
        return False
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())

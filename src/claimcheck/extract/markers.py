"""Citation markers in every common style, each resolved to reference keys.

- numeric: "[1]", "(2,3)", "[4-6]" (parentheses only when the article numbers its references);
- superscripts: "pain.²", "¹⁻³" (HTML ``<sup>`` and .docx superscripts arrive written so);
- flattened superscripts, glued to a word or punctuation ("throat.2", "world,4", "testing.10,11",
  "evaluated).15,16"): adopted per article, only when its numbered list and its glued numbers agree;
- Markdown footnotes: "[^3]", "[^smith]";
- author-year (APA, Harvard, Chicago): "(Smith et al., 2019)", "(Smith 2019; Lee 2020)",
  "Smith and Jones (2019)", "(WHO, 2020)";
- prose: "reference 3", "refs. 4 and 5";
- hyperlinks to a work (the input stage keeps only those): the anchor cites that work.

What is *not* a marker matters as much: "(BMC)", "(20 knees)", "(1999)", "COVID-19", "type 2",
"kg/m2", "2.5 mg", numbering at the start of a line and "(1) rest, (2) ice" inside one.
A marker whose parts name no reference keeps them in ``unknown`` (CC107), never dropped. Every
pattern here runs in linear time over the text.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from claimcheck.model import Hyperlink, Reference
from claimcheck.textfold import fold

_RANGE_DASHES = r"\-\u2010\u2011\u2012\u2013\u2014"  # escaped: a class "[,-...]" would be a range
_NUMBER_OR_RANGE = rf"\d{{1,3}}(?:\s*[{_RANGE_DASHES}]\s*\d{{1,3}})?"
_NUMBER_LIST = rf"{_NUMBER_OR_RANGE}(?:\s*[,;]\s*{_NUMBER_OR_RANGE})*"
# Bracketed and parenthesized lists read numbers of up to four digits: an article with 2,000 references
# cites "[1999]". A four-digit number is a marker only when the list has a reference so numbered
# (``ReferenceIndex.could_cite``), so "[2019]" in a shorter list stays a year.
_WIDE_NUMBER_OR_RANGE = rf"\d{{1,4}}(?:\s*[{_RANGE_DASHES}]\s*\d{{1,4}})?"
_WIDE_NUMBER_LIST = rf"{_WIDE_NUMBER_OR_RANGE}(?:\s*[,;]\s*{_WIDE_NUMBER_OR_RANGE})*"
_BRACKETED = re.compile(rf"\[({_WIDE_NUMBER_LIST})\](?!\()")
_PARENTHESIZED = re.compile(rf"\(({_WIDE_NUMBER_LIST})\)")
_NUMBER = re.compile(r"\d+")
_YEAR_LIKE = re.compile(r"(?:1[89]|20)\d\d")
# After a line-start "[1]", what shows that it ends a sentence wrapped from the line before rather than
# numbering an item: punctuation, or the sentence going on in lowercase.
_CONTINUES_SENTENCE = re.compile(r"[.,;:!?)]|\s+[a-z]")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP = f"[{_SUPERSCRIPT_DIGITS}]"
# Whole runs only: twenty thousand superscript digits are no citation and must not become thousands.
# (The first digit, then a look behind it: a pattern that starts with a lookbehind tries it everywhere.)
_SUPERSCRIPT = re.compile(rf"{_SUP}(?<!{_SUP}{_SUP}){_SUP}{{0,2}}(?:[⁻,‒–-]{_SUP}{{1,3}})*(?!{_SUP})")
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻‒–", "0123456789---")
# "m²", "cm³", "kg/m2": a unit, not a citation.
_UNIT_BEFORE = re.compile(r"(?:^|[\s/(\d])(?:[mkcdµ]?m|ft|in)$")
# A number glued to the end of a word, after punctuation ("throat.2", "evaluated).15,16") or to a
# lower-case word itself ("studies2"); never after a digit (decimals), a hyphen ("COVID-19") or a capital
# ("H1N1", "B12"). Whether these are markers is decided per article (``_flattened``).
_MORE_GLUED_NUMBERS = rf"(?:[,{_RANGE_DASHES}]\d{{1,3}})*"
_GLUED_END = r"(?=[\s)\]]|[.,;:](?:\s|$)|$)"
# One scan finds both, from the number's first digit and a look behind it at a mark or a lower-case
# letter (a pattern that starts with a lookbehind is tried at every offset of the text); a mark counts
# only after a letter, a closing bracket or quote, or a per cent sign (``_BEFORE_GLUED_MARK``).
_GLUED = re.compile(rf"\d(?<=[.,;:a-z\u00df-\u00ff]\d)\d{{0,2}}{_MORE_GLUED_NUMBERS}{_GLUED_END}")
_BEFORE_GLUED_MARK = re.compile(r"[^\W\d_]|[)\]\u201d\u2019\"'%]")
# After a number only at a sentence's end: "in December 2019.2 It", "even at step 1.8 Many" (a decimal
# is followed by more of its sentence, not by a capital). Counted only once the style is adopted.
_GLUED_TO_NUMBER = re.compile(
    r"\.(?<=\d\.)(?P<numbers>\d{1,3}(?:,\d{1,3})*)(?=[ \t]+[A-Z\u201c\"]|[ \t]*(?:\n|$))"
)
_NOT_GLUED_AFTER = frozenset("p pp no nos vol vols fig figs ref refs eq ch chap sec vs approx ver v".split())
_FOOTNOTE = re.compile(r"\[\^([^\]\s]{1,40})\](?!:)")
# (Its first letter, then a look behind it for the word's start: "\b" first would be tried everywhere.)
_PROSE = re.compile(
    r"[Rr](?<!\w.)(?i:eferences?|efs?\.?)\s+(?i:no\.?\s*|number\s+)?"
    rf"(\d{{1,3}}(?:\s*(?:[,{_RANGE_DASHES}]|(?i:and)|&)\s*\d{{1,3}})*)(?![\d.,]\d)"
)
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0141\u015a\u0160\u017d\u0179\u017b\u0106\u010c\u0110"
_PARTICLE = (
    r"(?:(?:[vV]an|[vV]on|[dD]e|[dD]er|[dD]en|[dD]a|[dD]i|[dD]u|[dD]el|[lL]a|[lL]e|[tT]er|[tT]en|[tT]e)\s+)"
)
_NAME = rf"{_PARTICLE}{{0,3}}[{_UPPER}][\w'’-]+"
_GROUP = rf"[{_UPPER}][\w'’&.-]*(?:\s+(?:of|for|and|the|on|in|[{_UPPER}][\w'’&.-]*)){{1,8}}"
_YEAR = r"(?:19|20)\d\d"
_AUTHOR_YEAR_PART = re.compile(
    r"(?:(?:see also|see|e\.g\.,?|cf\.|as reviewed (?:by|in)|reviewed in)\s+)?"
    rf"(?P<family>{_NAME}|{_GROUP})(?:\s*\[[A-Z]{{2,8}}\])?"
    rf"(?P<etal>,?\s+et\s+al\.?)?(?:,?\s+(?:and|&)\s+(?P<second>{_NAME})|(?:,\s+{_NAME})+,?\s+(?:and|&)\s+{_NAME})?"
    rf",?\s+(?P<year>{_YEAR})(?P<letter>[a-z])?(?:,\s*(?:{_YEAR}[a-z]?|[a-z]))*"
    r"(?:,\s*(?:pp?\.\s*)?\d+(?:[-–]\d+)?)?"
)
_PARENTHESIS = re.compile(
    r"\(([^\W\d_][^()]{2,300}?)\)"
)  # may wrap over a line: "(Greenlund and Carter,\n2022)"
_NARRATIVE = re.compile(
    rf"(?P<family>{_NAME})(?P<etal>\s+et\s+al\.?|\s+and\s+(?:colleagues|coworkers|co-workers))?"
    rf"(?:\s+(?:and|&)\s+(?P<second>{_NAME}))?(?:['’]s)?"
    rf"\s+\((?P<year>{_YEAR})(?P<letter>[a-z])?\)"
)
# What every narrative citation ends with; its names are looked for only this far before it (a pattern
# that starts with a name would be tried at every offset of the text).
_BRACKETED_YEAR = re.compile(rf"\({_YEAR}[a-z]?\)")
_NARRATIVE_REACH = 200
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter".split()
)
_NOT_AUTHORS = frozenset("in since by from during until before after between the a an of for and".split())
_MAX_RANGE = 50


class Marker(NamedTuple):
    """A marker's span in the text, as written, what it resolves to, and its style.

    ``note`` says why a marker that fits several references was not linked; ``remarks`` are the notes
    it points to that cite no work ("Names have been changed"): found, so no CC107, but no citation.
    """

    start: int
    end: int
    text: str
    keys: tuple[str, ...]
    unknown: tuple[str, ...]
    style: str = ""
    note: str = ""
    remarks: tuple[str, ...] = ()


class ReferenceIndex:
    """The references looked up by number, footnote label, first author and year, and identifier."""

    def __init__(self, references: Sequence[Reference]) -> None:
        self.count = len(references)
        self.by_number = {ref.number: ref.key for ref in references if ref.number is not None}
        self.by_label = {ref.label: ref.key for ref in references if ref.label}
        self.by_author_year: dict[tuple[str, int], list[Reference]] = defaultdict(list)
        self.by_identifier: dict[str, str] = {}
        self.remarks = frozenset(ref.key for ref in references if ref.kind == "note")
        self._could_cite: dict[tuple[str, bool], bool] = {}
        self._resolved: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        for ref in references:
            if ref.year is not None and ref.authors:
                for name in _author_names(ref):
                    self.by_author_year[(name, ref.year)].append(ref)
            for identifier in ref.identifiers:
                self.by_identifier.setdefault(identifier, ref.key)

    def numbered(self) -> bool:
        return bool(self.by_number)

    def could_cite(self, numbers: str, *, years_allowed: bool) -> bool:
        """Whether a bracketed list can be citation numbers: no part written with a leading zero ("[1,000]"
        is a figure), and every four-digit number one the list has (in parentheses, never one that reads
        as a year: "(2019)" is a date even in a list of 2,500 references). Worked out once per list."""
        key = (numbers, years_allowed)
        if key not in self._could_cite:
            self._could_cite[key] = not any(
                number.startswith("0")
                or (
                    len(number) == 4
                    and (
                        int(number) not in self.by_number
                        or (not years_allowed and _YEAR_LIKE.fullmatch(number))
                    )
                )
                for number in _NUMBER.findall(numbers)
            )
        return self._could_cite[key]

    def resolve_numbers(self, numbers: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(works, unknown numbers, notes) of a written list "1, 3-5"; worked out once per list."""
        if numbers not in self._resolved:
            keys: list[str] = []
            unknown: list[str] = []
            for number in _expand(numbers):
                key = self.by_number.get(number)
                if key is None:
                    unknown.append(str(number))
                elif key not in keys:
                    keys.append(key)
            works, notes = _without_remarks(keys, self)
            self._resolved[numbers] = (works, tuple(unknown), notes)
        return self._resolved[numbers]


def _author_names(ref: Reference) -> set[str]:
    """Names an author-year citation may use for the first author: the family name with and without its
    particles, and a group author's initials ("WHO" for the World Health Organization)."""
    family = fold(ref.first_author_family)
    names = {family, family.split()[-1] if family else ""}
    if family and family == fold(ref.authors[0]) and len(family.split()) > 1:
        names.add("".join(word[0] for word in ref.authors[0].split() if word[:1].isupper()).lower())
    return {name for name in names if name}


def find_markers(
    text: str,
    spans: Sequence[tuple[int, int]],
    references: Sequence[Reference],
    links: Sequence[Hyperlink] = (),
) -> list[Marker]:
    """Every citation marker inside the searchable spans, in text order."""
    index = ReferenceIndex(references)
    markers: list[Marker] = []
    # (A plain-text article has no superscript digit: found at once, where scanning for them costs.)
    superscripts = any(digit in text for digit in _SUPERSCRIPT_DIGITS)
    for span_start, span_end in spans:
        markers += _numeric(text, span_start, span_end, index)
        for match in _SUPERSCRIPT.finditer(text, span_start, span_end) if superscripts else ():
            if match.start() > 0 and not _UNIT_BEFORE.search(text, max(0, match.start() - 4), match.start()):
                numbers = match.group().translate(_FROM_SUPERSCRIPT)
                markers.append(
                    _numbered(match.start(), match.end(), match.group(), numbers, index, "superscript")
                )
        for match in _FOOTNOTE.finditer(text, span_start, span_end):
            markers.append(_footnote(match, index))
        for match in _PROSE.finditer(text, span_start, span_end):
            numbers = re.sub(r"\s*(?:and|&)\s*", ",", match.group(1), flags=re.IGNORECASE)
            markers.append(_numbered(match.start(), match.end(), match.group(), numbers, index, "prose"))
        for match in _PARENTHESIS.finditer(text, span_start, span_end):
            marker = _author_year_marker(match, index)
            if marker:
                markers.append(marker)
        for match in _narrative_matches(text, span_start, span_end):
            marker = _narrative_marker(match, index)
            if marker:
                markers.append(marker)
    markers += _flattened(text, spans, index)
    markers += _hyperlinks(text, spans, links, index)
    return _without_overlaps(markers)


def _without_overlaps(markers: list[Marker]) -> list[Marker]:
    """In text order; where two styles read the same characters the first (longest) one wins."""
    kept: list[Marker] = []
    for marker in sorted(markers, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and marker.start < kept[-1].end:
            continue
        kept.append(marker)
    return kept


# --------------------------------------------------------------------------- numbers


def _numeric(text: str, start: int, end: int, index: ReferenceIndex) -> Iterator[Marker]:
    """[1], [2-4] anywhere but where they number a line (a "[1]" that starts a line yet ends the
    sentence wrapped onto it is a marker); (1) only in an article with a numbered list and never as the
    enumeration "(1) rest, (2) ice" or a year "(2019)"."""
    for match in _BRACKETED.finditer(text, start, end):
        if index.could_cite(match.group(1), years_allowed=True) and not _numbers_line(text, match):
            yield _numbered(match.start(), match.end(), match.group(), match.group(1), index, "numeric")
    if not index.numbered():
        return
    for match in _PARENTHESIZED.finditer(text, start, end):
        glued_to_number = match.start() > 0 and text[match.start() - 1].isdigit()  # an issue: "12(3):41"
        if (
            index.could_cite(match.group(1), years_allowed=False)
            and not _numbers_line(text, match)
            and not _enumerates(text, match)
            and not glued_to_number
        ):
            yield _numbered(match.start(), match.end(), match.group(), match.group(1), index, "numeric")


def _numbers_line(text: str, match: re.Match[str]) -> bool:
    """A number at the start of a line numbers it ("[1] Rest the knee"), unless the line carries on the
    sentence wrapped from the line before ("... with a manometer\n[1]. With the device")."""
    if not _starts_line(text, match.start()):
        return False
    cursor = text.rfind("\n", 0, match.start()) - 1
    while cursor >= 0 and text[cursor] in " \t":
        cursor -= 1
    wrapped = cursor >= 0 and text[cursor] not in "\n:"
    return not (wrapped and _CONTINUES_SENTENCE.match(text, match.end()))


def _starts_line(text: str, position: int) -> bool:
    """Nothing but blanks and bullet marks between the line start and ``position`` (looked at backwards,
    so a one-line article of megabytes costs no more than a short one)."""
    cursor = position - 1
    while cursor >= 0 and text[cursor] in " \t•*-":
        cursor -= 1
    return cursor < 0 or text[cursor] == "\n"


def _enumerates(text: str, match: re.Match[str]) -> bool:
    """Whether "(2)" numbers a list inside a sentence ("(1) rest, (2) ice"): after ":", ",", ";", "and"
    or "or" and a space, followed by words, and starting a series or continuing one begun just before."""
    number = match.group(1)
    if not number.isdigit() or not text.startswith(" ", match.end()):
        return False
    if not text[match.end() + 1 : match.end() + 2].isalpha():
        return False
    before = text[max(0, match.start() - 5) : match.start()]
    if not before.endswith(" ") or not before.rstrip().endswith((":", ",", ";", " and", " or")):
        return False
    return number == "1" or f"({int(number) - 1})" in text[max(0, match.start() - 300) : match.start()]


def _numbered(start: int, end: int, written: str, numbers: str, index: ReferenceIndex, style: str) -> Marker:
    keys, unknown, remarks = index.resolve_numbers(numbers)
    return Marker(start, end, written, keys, unknown, style, remarks=remarks)


def _without_remarks(keys: Sequence[str], index: ReferenceIndex) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A note that cites no work is found (no CC107) but is no citation: (the works, the notes)."""
    return tuple(key for key in keys if key not in index.remarks), tuple(
        key for key in keys if key in index.remarks
    )


@functools.lru_cache(maxsize=4096)  # a long article writes the same few lists again and again
def _expand(numbers: str) -> tuple[int, ...]:
    """ "1, 3-5" as (1, 3, 4, 5); a reversed or implausibly long range counts as its first number."""
    expanded: list[int] = []
    for part in re.split(r"\s*[,;]\s*", numbers.strip()):
        bounds = [int(value) for value in re.split(rf"\s*[{_RANGE_DASHES}]\s*", part) if value]
        if not bounds:
            continue
        low, high = bounds[0], bounds[-1]
        if high < low or high - low > _MAX_RANGE:
            high = low
        expanded.extend(range(low, high + 1))
    return tuple(expanded)


def _footnote(match: re.Match[str], index: ReferenceIndex) -> Marker:
    label = match.group(1)
    key = index.by_number.get(int(label)) if label.isdigit() else index.by_label.get(label)
    keys, remarks = _without_remarks((key,) if key else (), index)
    unknown = () if key else (label,)
    return Marker(match.start(), match.end(), match.group(), keys, unknown, "footnote", remarks=remarks)


def _flattened(text: str, spans: Sequence[tuple[int, int]], index: ReferenceIndex) -> list[Marker]:
    """Superscripts flattened into the text, adopted only when the article's numbered list agrees:
    most glued numbers fall within the list, and new numbers mostly appear in ascending order (the
    order in which AMA and Vancouver number their references: most lie on one increasing run)."""
    if not index.by_number:
        return []
    size = max(number for number in index.by_number if number is not None)
    candidates = [
        glued
        for span_start, span_end in spans
        for glued in _glued(text, span_start, span_end)
        if not _glued_to_abbreviation(text, glued)
    ]
    firsts: list[int] = []
    within = 0
    for glued in candidates:
        numbers = _expand(glued.numbers)
        within += all(1 <= number <= size for number in numbers)
        firsts += [number for number in numbers if number not in firsts and 1 <= number <= size]
    ascending = _longest_increasing(firsts)
    punctuated = any(glued.mark for glued in candidates)
    agrees = (
        len(firsts) >= min(2, size)
        and within >= 0.8 * len(candidates)
        and ascending >= 0.6 * len(firsts)
        and punctuated
    )
    if not agrees:
        return []
    candidates += [
        _Glued(match.start(), match.start("numbers"), match.group("numbers"), ".")
        for span_start, span_end in spans
        for match in _GLUED_TO_NUMBER.finditer(text, span_start, span_end)
        if all(1 <= number <= size for number in _expand(match.group("numbers")))
    ]
    return [
        _numbered(glued.at, glued.at + len(glued.numbers), glued.numbers, glued.numbers, index, "flattened")
        for glued in candidates
        if all(number <= 2 * size + 3 for number in _expand(glued.numbers))
    ]


class _Glued(NamedTuple):
    """A number glued to a word, or to a mark after one: where it starts (at the mark, if any), where
    its digits start, the digits ("2", "15,16", "3-5") and the mark ("" when glued to the word)."""

    start: int
    at: int
    numbers: str
    mark: str


def _glued(text: str, start: int, end: int) -> list[_Glued]:
    """The glued numbers between ``start`` and ``end``: those after a mark, then those glued to a word,
    each in text order (the order in which ``_flattened`` counts them)."""
    after_mark: list[_Glued] = []
    after_word: list[_Glued] = []
    for match in _GLUED.finditer(text, start, end):
        at = match.start()
        mark = text[at - 1]
        if mark not in ".,;:":
            after_word.append(_Glued(at, at, match.group(), ""))
        elif at - 1 >= start and at >= 2 and _BEFORE_GLUED_MARK.match(text, at - 2, at - 1):
            after_mark.append(_Glued(at - 1, at, match.group(), mark))
    return after_mark + after_word


def _longest_increasing(numbers: Sequence[int]) -> int:
    """Length of the longest increasing run, not necessarily contiguous (patience sorting)."""
    tails: list[int] = []
    for number in numbers:
        position = bisect.bisect_left(tails, number)
        tails[position : position + 1] = [number]
    return len(tails)


def _glued_to_abbreviation(text: str, glued: _Glued) -> bool:
    """ "p.5", "Fig.2", "kg/m2": the number belongs to the word before it."""
    start = glued.start
    word_start = start
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] in "/"):
        word_start -= 1
    word = text[word_start:start]
    if "/" in word or (not glued.mark and _UNIT_BEFORE.search(" " + word)):
        return True
    return word.lower() in _NOT_GLUED_AFTER


# --------------------------------------------------------------------------- author-year


def _author_year_marker(match: re.Match[str], index: ReferenceIndex) -> Marker | None:
    parts = [part.strip() for part in match.group(1).split(";")]
    cited = [_AUTHOR_YEAR_PART.fullmatch(part) for part in parts]
    if not all(cited):
        return None
    found = [part for part in cited if part is not None]
    if any(_not_a_name(part.group("family")) for part in found):
        return None
    keys, unknown, notes = _resolve_author_year(found, index)
    return Marker(match.start(), match.end(), match.group(), keys, unknown, "author-year", "; ".join(notes))


def _narrative_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """ "Smith et al. (2019)" matches in text order, each looked for before a bracketed year."""
    position = start
    for year in _BRACKETED_YEAR.finditer(text, start, end):
        if year.end() <= position:
            continue
        for match in _NARRATIVE.finditer(text, max(position, year.start() - _NARRATIVE_REACH), year.end()):
            yield match
            position = match.end()


def _narrative_marker(match: re.Match[str], index: ReferenceIndex) -> Marker | None:
    """ "Smith et al. (2019)" and "Smith and Jones (2019)" are citations even when they fit nothing;
    "Smith (2019)" alone only when it fits a reference (else it may be anything named with a year)."""
    if _not_a_name(match.group("family")):
        return None
    keys, unknown, notes = _resolve_author_year([match], index)
    if not keys and not notes and not (match.group("etal") or match.group("second")):
        return None
    return Marker(match.start(), match.end(), match.group(), keys, unknown, "author-year", "; ".join(notes))


def _not_a_name(family: str) -> bool:
    first = family.split()[0].lower()
    return first in _MONTHS or first in _NOT_AUTHORS


def _resolve_author_year(
    parts: Sequence[re.Match[str]], index: ReferenceIndex
) -> tuple[tuple[str, ...], tuple[str, ...], list[str]]:
    keys: list[str] = []
    unknown: list[str] = []
    notes: list[str] = []
    for part in parts:
        written = part.group().strip()
        fits = _author_year_fits(part, index)
        if len(fits) == 1:
            keys.append(fits[0].key)
        elif fits:
            notes.append(f"'{written}' fits {', '.join(ref.key for ref in fits)}: not linked")
        else:
            unknown.append(written)
    return tuple(dict.fromkeys(keys)), tuple(unknown), notes


def _author_year_fits(part: re.Match[str], index: ReferenceIndex) -> list[Reference]:
    """The references a cited first author and year fit; a second author, "et al." or a year letter
    ("2019b", in list order) narrows them down."""
    family = fold(part.group("family"))
    fits = list(index.by_author_year.get((family, int(part.group("year"))), []))
    second = part.group("second")
    if second and len(fits) > 1:
        fits = [ref for ref in fits if len(ref.authors) > 1 and fold(ref.authors[1]).startswith(fold(second))]
    if part.group("etal") and len(fits) > 1:
        fits = [ref for ref in fits if len(ref.authors) > 2] or fits
    letter = part.group("letter")
    if letter and len(fits) > 1:
        position = ord(letter) - ord("a")
        fits = fits[position : position + 1]
    return fits


# --------------------------------------------------------------------------- links


def _hyperlinks(
    text: str, spans: Sequence[tuple[int, int]], links: Sequence[Hyperlink], index: ReferenceIndex
) -> Iterator[Marker]:
    """A link to a work cites it: the reference with the same DOI, PMID, PMCID or URL. Only a link
    wholly inside one searchable span (they are in text order and apart) is a citation."""
    starts = [start for start, _ in spans]
    for link in links:
        within = bisect.bisect_right(starts, link.start) - 1
        if within < 0 or spans[within][1] < link.end:
            continue
        key = next((index.by_identifier[i] for i in link.identifiers if i in index.by_identifier), None)
        keys, unknown = ((key,), ()) if key else ((), (link.url,))
        yield Marker(
            link.start, link.end, link.text or text[link.start : link.end], keys, unknown, "hyperlink"
        )

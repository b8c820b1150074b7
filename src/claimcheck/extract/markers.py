"""Citation markers: numeric ("(3)", "[1-3]", "²,⁵"), author-year ("(Shaw et al., 2018)") and narrative
("Shaw and Darrow (2018)"), each resolved to reference keys.

What is *not* a marker matters as much: "(BMC)", "(20 knees)" and a year alone "(1999)" do not match
the patterns; numbering at the start of a line ("(1) First, ...") is a list, not a citation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimcheck.model import Reference

_NUMBER_LIST = r"\d{1,3}(?:\s*[-–—]\s*\d{1,3})?(?:\s*[,;]\s*\d{1,3}(?:\s*[-–—]\s*\d{1,3})?)*"
_NUMERIC = re.compile(rf"\[({_NUMBER_LIST})\]|\(({_NUMBER_LIST})\)")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT = re.compile(rf"[{_SUPERSCRIPT_DIGITS}]+(?:[⁻,‒–-][{_SUPERSCRIPT_DIGITS}]+)*")
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻‒–", "0123456789---")
# "m²", "cm³": a unit, not a citation.
_UNIT_BEFORE = re.compile(r"(?:^|[\s/(\d])(?:[mkcdµ]?m|ft|in)$")
_NAME = r"[A-Z][\w'’-]+"
_AUTHOR_YEAR_PART = re.compile(
    rf"(?:see |e\.g\.,? |cf\. )?({_NAME})(?:\s+et\s+al\.?|\s+(?:and|&)\s+({_NAME}))?"
    r",?\s+((?:19|20)\d\d)[a-z]?"
)
_PARENTHESIS = re.compile(r"\(([A-Z][^()\n]{2,300}?)\)")
_NARRATIVE = re.compile(rf"({_NAME})(?:\s+et\s+al\.?|\s+(?:and|&)\s+({_NAME}))\s+\(((?:19|20)\d\d)[a-z]?\)")
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter".split()
)
_MAX_RANGE = 50


@dataclass(frozen=True)
class Marker:
    """A marker's span in the text, as written, and what it resolves to."""

    start: int
    end: int
    text: str
    keys: tuple[str, ...]
    unknown: tuple[str, ...]


def find_markers(
    text: str, spans: Sequence[tuple[int, int]], references: Sequence[Reference]
) -> list[Marker]:
    """Every citation marker inside the searchable spans, in text order."""
    by_number = {ref.number: ref.key for ref in references if ref.number is not None}
    markers: list[Marker] = []
    for span_start, span_end in spans:
        for match in _NUMERIC.finditer(text, span_start, span_end):
            if not _starts_line(text, match.start()):
                numbers = match.group(1) or match.group(2)
                markers.append(_numeric_marker(match.start(), match.end(), match.group(), numbers, by_number))
        for match in _SUPERSCRIPT.finditer(text, span_start, span_end):
            if match.start() > 0 and not _UNIT_BEFORE.search(text[max(0, match.start() - 4) : match.start()]):
                numbers = match.group().translate(_FROM_SUPERSCRIPT)
                markers.append(_numeric_marker(match.start(), match.end(), match.group(), numbers, by_number))
        for match in _PARENTHESIS.finditer(text, span_start, span_end):
            marker = _author_year_marker(match, references)
            if marker:
                markers.append(marker)
        for match in _NARRATIVE.finditer(text, span_start, span_end):
            keys, unknown = _resolve_author_year([match], references)
            markers.append(Marker(match.start(), match.end(), match.group(), keys, unknown))
    return sorted(markers, key=lambda marker: marker.start)


def _starts_line(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return not text[line_start:position].strip(" \t•-*")


def _numeric_marker(start: int, end: int, written: str, numbers: str, by_number: dict[int, str]) -> Marker:
    keys: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"\s*[,;]\s*", numbers.strip()):
        bounds = [int(value) for value in re.split(r"\s*[-–—]\s*", part)]
        low, high = bounds[0], bounds[-1]
        if high < low or high - low > _MAX_RANGE:
            high = low
        for number in range(low, high + 1):
            key = by_number.get(number)
            if key is None:
                unknown.append(str(number))
            elif key not in keys:
                keys.append(key)
    return Marker(start, end, written, tuple(keys), tuple(unknown))


def _author_year_marker(match: re.Match[str], references: Sequence[Reference]) -> Marker | None:
    parts = [part.strip() for part in match.group(1).split(";")]
    cited = [_AUTHOR_YEAR_PART.fullmatch(part) for part in parts]
    if not all(cited):
        return None
    found = [part for part in cited if part is not None]
    if any(part.group(1).lower() in _MONTHS for part in found):
        return None
    keys, unknown = _resolve_author_year(found, references)
    return Marker(match.start(), match.end(), match.group(), keys, unknown)


def _resolve_author_year(
    parts: Sequence[re.Match[str]], references: Sequence[Reference]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    keys: list[str] = []
    unknown: list[str] = []
    for part in parts:
        family, second, year = part.group(1), part.group(2), int(part.group(3))
        fits = [
            ref.key
            for ref in references
            if ref.year == year
            and ref.first_author_family.lower() == family.lower()
            and (second is None or any(author.split()[0].lower() == second.lower() for author in ref.authors))
        ]
        if len(fits) == 1:
            keys.append(fits[0])
        else:
            unknown.append(part.group().strip())
    return tuple(keys), tuple(unknown)

"""The article's own reference list: where it starts and ends, its entries, and their keys.

Numbered ("1.", "[1]"), bulleted or paragraph entries, wrapped over lines; each entry is parsed by
``refentry.parse_reference_entry``. Finding the list never raises.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from string import ascii_lowercase

from claimcheck.inputs.refentry import base_key
from claimcheck.model import Reference

_HEADING = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*"
    r"(?:references?|sources?|bibliography|works[ \t]+cited|notes|reference[ \t]+list|citations|"
    r"footnotes|endnotes|literature[ \t]+cited|references[ \t]+and[ \t]+notes)"
    r"[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*:?[ \t]*",
    re.IGNORECASE,
)
# "1.", "1)", "[1]", a bullet, or a Markdown footnote's definition "[^1]:" / "[^smith]:".
_ENTRY_START = re.compile(
    r"[ \t]*(?:\[\^(?P<label>[^\]\s]{1,40})\]:|\[(?P<bracketed>\d{1,4})\]|(?P<number>\d{1,4})[.)]"
    r"|[-*+\u2022\u25aa\u25cf\u2013])[ \t]+(?=\S)"
)

_COPYRIGHT = re.compile(r"\s*(?:\u00a9|\(c\)\s|copyright\b|all rights reserved)", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d/.])(1[89]\d\d|20\d\d)(?![\d/])")
# Capital letters a family name may start with (Latin-1 and Latin Extended-A: "Ólafsson", "Łukasz").
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_INITIALS_AUTHOR = re.compile(rf"\b[{_UPPER}][\w'\u2019-]+,?[ \t]+(?:[A-Z]\.?[ -]?){{1,3}}(?:[,.;]|$)")
_IDENTIFIER_HINT = re.compile(r"\bdoi\b|\b10\.\d{4,9}/|\bPMID\b|\bPMC\d|https?://", re.IGNORECASE)
# Where author-date styles put the year: "(2020)." in APA and Harvard, ". 2020. " in Chicago.
_AUTHOR_DATE_YEAR = re.compile(r"\((?:1[89]|20)\d\d[a-z]?[,)]|\.\s(?:1[89]|20)\d\d[a-z]?\.\s")
_VOLUME_PAGES = re.compile(r"\d[;,][ \t]*\d+(?:\(\w+\))?[:,][ \t]*[eE]?\d+")


@dataclass(frozen=True)
class ListedEntry:
    """One entry of a reference list as found in the text: its number (or footnote label), joined
    text, 0-based first line and how many lines it was wrapped over."""

    number: int | None
    text: str
    line_index: int
    line_count: int = 1
    label: str = ""
    footnote: bool = False  # a Markdown footnote's definition: a citation, or only a remark


@dataclass(frozen=True)
class ReferenceList:
    """Where the list starts (0-based text line, the heading if there is one) and its entries."""

    start_line_index: int
    entries: tuple[ListedEntry, ...]

    @property
    def end_line_index(self) -> int:
        """The first line after the list: text there (a web page's footer prose) is body again."""
        last = self.entries[-1]
        return last.line_index + last.line_count


# --------------------------------------------------------------------------- finding the list


def is_reference_heading(line: str) -> bool:
    """True for "References", "## Sources:", "**Works cited**" and the like, alone on the line."""
    return len(line) < 40 and _HEADING.fullmatch(line) is not None


def looks_like_citation(text: str) -> bool:
    """A year plus one more mark of a citation: author initials, an identifier, or volume:pages."""
    if _YEAR.search(text) is None:
        return False
    return any(
        pattern.search(text)
        for pattern in (_INITIALS_AUTHOR, _IDENTIFIER_HINT, _VOLUME_PAGES, _AUTHOR_DATE_YEAR)
    )


def _starts_like_citation(line: str) -> bool:
    """An unnumbered entry under a heading: a citation, or a line opening with "Family I." (wrapped)."""
    return _INITIALS_AUTHOR.match(line) is not None or looks_like_citation(line)


def find_reference_list(lines: Sequence[str], *, one_line_entries: bool = False) -> ReferenceList | None:
    """The list under the last reference heading, else the last run of >= 2 citation-like entries.

    ``one_line_entries``: each line is a paragraph of its own (a CMS page, a Word file), so an unnumbered
    entry never wraps onto the next line.
    """
    for index in range(len(lines) - 1, -1, -1):
        if is_reference_heading(lines[index]):
            entries = _entries_under_heading(lines, index + 1, one_line_entries)
            if entries:
                return ReferenceList(index, entries)
    return _last_citation_run(lines)


def _entries_under_heading(
    lines: Sequence[str], first: int, one_line_entries: bool
) -> tuple[ListedEntry, ...]:
    """Numbered, bulleted or paragraph entries up to the first line that is none of these."""
    entries: list[ListedEntry] = []
    current: list[str] = []
    number: int | str | None = None
    start = first
    after_blank = True

    def close() -> None:
        if current:
            entries.append(_entry(number, current, start))
            current.clear()

    for index in range(first, len(lines)):
        line = lines[index]
        if not line.strip():
            after_blank = True
            continue
        if _COPYRIGHT.match(line):  # the page's footer, not an entry
            break
        marker = _ENTRY_START.match(line)
        starts_entry = after_blank or one_line_entries
        if marker or (starts_entry and _starts_like_citation(line.strip())):
            close()
            number = _marker_number(marker)
            start = index
            current.append(line[marker.end() :] if marker else line.strip())
        elif current and not after_blank:
            current.append(line.strip())
        else:
            break
        after_blank = False
    close()
    return tuple(entries)


def _last_citation_run(lines: Sequence[str]) -> ReferenceList | None:
    """Group marker lines into runs (blank lines and wrapped continuations allowed inside a run)."""
    best: ReferenceList | None = None
    run: list[ListedEntry] = []
    current: list[str] = []
    number: int | str | None = None
    start = 0
    after_blank = False

    def close_entry() -> None:
        if current:
            run.append(_entry(number, current, start))
            current.clear()

    def close_run() -> None:
        nonlocal best
        close_entry()
        citations = sum(1 for entry in run if looks_like_citation(entry.text))
        if citations >= 2 and citations * 2 > len(run):
            best = ReferenceList(run[0].line_index, tuple(run))
        run.clear()

    for index, line in enumerate(lines):
        if not line.strip():
            after_blank = True
            continue
        marker = _ENTRY_START.match(line)
        if marker:
            close_entry()
            number = _marker_number(marker)
            start = index
            current.append(line[marker.end() :])
        elif current and not after_blank:
            current.append(line.strip())
        else:
            close_run()
        after_blank = False
    close_run()
    return best


def _marker_number(marker: re.Match[str] | None) -> int | str | None:
    """The entry's number, or its footnote label (a str, "1" too: footnotes may be remarks)."""
    if marker is None:
        return None
    if marker["label"]:
        return str(marker["label"])
    digits = marker["bracketed"] or marker["number"]
    return int(digits) if digits else None


def _entry(number: int | str | None, lines: list[str], start: int) -> ListedEntry:
    text = " ".join(lines)
    if isinstance(number, str):
        numbered = int(number) if number.isascii() and number.isdigit() else None
        return ListedEntry(numbered, text, start, len(lines), label="" if numbered else number, footnote=True)
    return ListedEntry(number, text, start, len(lines))


# --------------------------------------------------------------------------- keys


def make_keys(references: Sequence[Reference]) -> tuple[Reference, ...]:
    """Unique keys within one list: colliding ones get a, b, c... in list order ("shaw2018a")."""
    counts = Counter(base_key(reference) for reference in references)
    taken = {key for key, count in counts.items() if count == 1}
    seen: Counter[str] = Counter()
    unique: list[Reference] = []
    for reference in references:
        key = base_key(reference)
        if counts[key] > 1:
            key = _next_free_suffix(key, seen, taken)
        unique.append(replace(reference, key=key))
    return tuple(unique)


def _next_free_suffix(key: str, seen: Counter[str], taken: set[str]) -> str:
    """a..z, then aa, ab...: enough for any real list, and never a key another entry already has."""
    while True:
        index = seen[key]
        seen[key] += 1
        suffix = ascii_lowercase[index % 26]
        if index >= 26:
            suffix = ascii_lowercase[index // 26 - 1] + suffix
        candidate = key + suffix
        if candidate not in taken:
            taken.add(candidate)
            return candidate

"""The article's own reference list: where it starts, and each entry as a ``Reference``.

Entries are Vancouver/AMA ("Shaw B, Darrow M. Title. J Abbrev. 2018;11:1-5. doi:...") or
APA-ish ("Shaw, B., & Darrow, M. (2018). Title. Journal, 11(2), 1-5."). Parsing is best effort and
never raises: whatever is not recognised stays in ``raw`` for the resolver's free-text search.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from string import ascii_lowercase
from typing import TypedDict

from claimcheck.model import Reference
from claimcheck.textfold import ascii_fold

_HEADING = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*"
    r"(?:references?|sources?|bibliography|works[ \t]+cited|notes|reference[ \t]+list|citations)"
    r"[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*:?[ \t]*",
    re.IGNORECASE,
)
_ENTRY_START = re.compile(r"[ \t]*(?:\[(\d{1,4})\]|(\d{1,4})[.)]|[-*+\u2022\u25aa\u25cf\u2013])[ \t]+(?=\S)")

_YEAR = re.compile(r"(?<![\d/.])(1[89]\d\d|20\d\d)(?![\d/])")
# Capital letters a family name may start with (Latin-1 and Latin Extended-A: "Ólafsson", "Łukasz").
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_INITIALS_AUTHOR = re.compile(rf"\b[{_UPPER}][\w'\u2019-]+,?[ \t]+(?:[A-Z]\.?[ -]?){{1,3}}(?:[,.;]|$)")
_IDENTIFIER_HINT = re.compile(r"\bdoi\b|\b10\.\d{4,9}/|\bPMID\b|\bPMC\d", re.IGNORECASE)
_VOLUME_PAGES = re.compile(r"\d[;,][ \t]*\d+(?:\(\w+\))?[:,][ \t]*[eE]?\d+")

_DOI = re.compile(r"(?:\bdoi:?[ \t]*|https?://(?:dx\.)?doi\.org/)?\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_PMID = re.compile(r"(?:\bPubMed[ \t]+)?\bPMID:?[ \t]*(\d{1,9})\b", re.IGNORECASE)
_PMCID = re.compile(r"(?:\bPMCID:?[ \t]*)?\b(PMC\d{1,9})\b", re.IGNORECASE)
_NOISE = re.compile(r"\bpii:?[ \t]*\S+|\[[^\]]*\]|https?://\S+|\bEpub\b[^.;]*", re.IGNORECASE)
# What removing identifiers leaves behind ("2018;11:5. ; ."); "A.B.," is left alone.
_LEFTOVER_PUNCTUATION = re.compile(r"[ \t]*[.;,:](?:[ \t]+[.;,:])+[ \t]*")
_SPACES = re.compile(r"\s+")

_SEGMENT_END = re.compile(r"(?<=[.?!])\s+")
_AUTHOR_CONTINUES = re.compile(rf"(?:[{_UPPER}][\w'\u2019-]+,?\s+(?:[A-Z]\.?-?){{1,3}}[.,](?:\s|$)|&|and\s)")
_APA_YEAR = re.compile(r"\s*\((\d{4})[a-z]?(?:,[^)]*)?\)\.?\s*")
_INITIALS_TOKEN = re.compile(r"(?:[A-Z]\.?[ -]?){1,4}")
_NAME_WORD = re.compile(rf"(?:[{_UPPER}][\w'\u2019-]*|van|von|der|de|den|la|le|da|di|du|del|dos|ter|ten)")
_ET_AL = re.compile(r"et\.?\s+al\.?", re.IGNORECASE)
_VANCOUVER_PUB = re.compile(
    r"(?P<year>\d{4})[a-z]?(?:\s+[A-Z][a-z]{2,8}(?:\s+\d{1,2})?)?"
    r"(?:\s*;\s*(?P<volume>[\w-]+)?(?:\s*\((?P<issue>[^)]*)\))?)?(?:\s*:\s*(?P<pages>[\w\u2010-\u2013-]+))?"
)
_APA_PUB = re.compile(
    r"(?P<journal>[^,]+?),\s*(?P<volume>\d[\w-]*)(?:\s*\((?P<issue>[^)]*)\))?(?:,\s*(?P<pages>[\w\u2010-\u2013-]+))?"
)


@dataclass(frozen=True)
class ListedEntry:
    """One entry of a reference list as found in the text: its number, joined text and 0-based line."""

    number: int | None
    text: str
    line_index: int


@dataclass(frozen=True)
class ReferenceList:
    """Where the list starts (0-based text line, the heading if there is one) and its entries."""

    start_line_index: int
    entries: tuple[ListedEntry, ...]


# --------------------------------------------------------------------------- finding the list


def is_reference_heading(line: str) -> bool:
    """True for "References", "## Sources:", "**Works cited**" and the like, alone on the line."""
    return len(line) < 40 and _HEADING.fullmatch(line) is not None


def looks_like_citation(text: str) -> bool:
    """A year plus one more mark of a citation: author initials, an identifier, or volume:pages."""
    if _YEAR.search(text) is None:
        return False
    return bool(_INITIALS_AUTHOR.search(text) or _IDENTIFIER_HINT.search(text) or _VOLUME_PAGES.search(text))


def _starts_like_citation(line: str) -> bool:
    """An unnumbered entry under a heading: a citation, or a line opening with "Family I." (wrapped)."""
    return _INITIALS_AUTHOR.match(line) is not None or looks_like_citation(line)


def find_reference_list(lines: Sequence[str]) -> ReferenceList | None:
    """The list under the last reference heading, else the last run of >= 2 citation-like entries."""
    for index in range(len(lines) - 1, -1, -1):
        if is_reference_heading(lines[index]):
            entries = _entries_under_heading(lines, index + 1)
            if entries:
                return ReferenceList(index, entries)
    return _last_citation_run(lines)


def _entries_under_heading(lines: Sequence[str], first: int) -> tuple[ListedEntry, ...]:
    """Numbered, bulleted or paragraph entries up to the first line that is none of these."""
    entries: list[ListedEntry] = []
    current: list[str] = []
    number: int | None = None
    start = first
    after_blank = True

    def close() -> None:
        if current:
            entries.append(ListedEntry(number, " ".join(current), start))
            current.clear()

    for index in range(first, len(lines)):
        line = lines[index]
        if not line.strip():
            after_blank = True
            continue
        marker = _ENTRY_START.match(line)
        if marker or (after_blank and _starts_like_citation(line.strip())):
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
    number: int | None = None
    start = 0
    after_blank = False

    def close_entry() -> None:
        if current:
            run.append(ListedEntry(number, " ".join(current), start))
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


def _marker_number(marker: re.Match[str] | None) -> int | None:
    if marker is None:
        return None
    digits = marker.group(1) or marker.group(2)
    return int(digits) if digits else None


# --------------------------------------------------------------------------- parsing one entry


def parse_reference_entry(text: str, *, number: int | None, path: str, line: int) -> Reference:
    """Split one free-text entry into authors, title, journal, year, volume, issue, pages and ids."""
    raw = _SPACES.sub(" ", text).strip()
    doi = _first_group(_DOI, raw).rstrip(".,;)")
    pmid = _first_group(_PMID, raw)
    pmcid = _first_group(_PMCID, raw).upper()
    rest = _PMID.sub(" ", _PMCID.sub(" ", _DOI.sub(" ", raw)))
    rest = _NOISE.sub(" ", rest)
    rest = _SPACES.sub(" ", _LEFTOVER_PUNCTUATION.sub(". ", rest)).strip(" .;,:")

    fields = _parse_apa(rest) or _parse_vancouver(rest)
    reference = Reference(
        key="", number=number, doi=doi, pmid=pmid, pmcid=pmcid, raw=raw, path=path, line=line, **fields
    )
    return replace(reference, key=base_key(reference))


def _first_group(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group(1) if match else ""


class _EntryFields(TypedDict, total=False):
    """The parts of an entry that its style decides; identifiers are found the same way in every style."""

    authors: tuple[str, ...]
    title: str
    journal: str
    year: int
    volume: str
    issue: str
    pages: str


def _parse_apa(text: str) -> _EntryFields | None:
    """APA style, the year in brackets after the authors: "Authors (2018). Title. Journal, 11(2), 1-5."."""
    year_match = _APA_YEAR.search(text)
    if year_match is None:
        return None
    authors = parse_authors(text[: year_match.start()])
    if not authors:
        return None
    title, _, source = _split_first_segment(text[year_match.end() :])
    fields: _EntryFields = {"authors": authors, "title": title, "year": int(year_match.group(1))}
    publication = _APA_PUB.match(source)
    if publication:
        fields.update(
            {
                "journal": publication["journal"].strip(),
                "volume": publication["volume"] or "",
                "issue": publication["issue"] or "",
                "pages": publication["pages"] or "",
            }
        )
    else:
        fields["journal"] = source.strip(" .")
    return fields


def _parse_vancouver(text: str) -> _EntryFields:
    """Vancouver style, segments ending at ". ": "Authors. Title. Journal. 2018 Jun 18;11(2):1-5."."""
    author_text, rest = _split_authors(text)
    authors = parse_authors(author_text)
    if not authors:
        rest = text
    title, _, source = _split_first_segment(rest)
    fields: _EntryFields = {"authors": authors, "title": title}
    year_match = _YEAR.search(source)
    if year_match is None:
        fields["journal"] = source.strip(" .;,")
        return fields
    fields["journal"] = source[: year_match.start()].strip(" .;,")
    publication = _VANCOUVER_PUB.match(source, year_match.start())
    if publication:
        fields.update(
            {
                "year": int(publication["year"]),
                "volume": publication["volume"] or "",
                "issue": publication["issue"] or "",
                "pages": publication["pages"] or "",
            }
        )
    return fields


def _split_first_segment(text: str) -> tuple[str, str, str]:
    """("Title", ".", "rest"): the title keeps a closing "?" or "!" but not its full stop."""
    match = _SEGMENT_END.search(text)
    if match is None:
        return text.strip().rstrip(". "), "", ""
    return text[: match.start()].rstrip(". "), ".", text[match.end() :]


def _split_authors(text: str) -> tuple[str, str]:
    """The author list ends at the first ". " not followed by another "Family I." name."""
    for match in _SEGMENT_END.finditer(text):
        if _AUTHOR_CONTINUES.match(text, match.end()) is None:
            return text[: match.start()], text[match.end() :]
    return text, ""


def parse_authors(text: str) -> tuple[str, ...]:
    """Authors as "Family Initials" ("Shaw B"), from "Shaw B, Darrow M", "Frisbie, DD, Kisiday, JD"
    or "Shaw, B., & Darrow, M.".

    Returns () when the text is not an author list (a title, say), so the caller can tell.
    """
    tokens = [token.strip() for token in re.split(r",|;|&|\band\b", text.rstrip(". ")) if token.strip()]
    authors: list[str] = []
    pending_family = ""
    for token in tokens:
        if _ET_AL.fullmatch(token):
            continue
        if _INITIALS_TOKEN.fullmatch(token) and pending_family:
            authors.append(f"{pending_family} {_compact_initials(token)}")
            pending_family = ""
            continue
        if pending_family:
            return ()
        words = token.split()
        if not words or len(words) > 5 or not all(_NAME_WORD.fullmatch(word) for word in words[:-1]):
            return ()
        if len(words) > 1 and _INITIALS_TOKEN.fullmatch(words[-1]):
            authors.append(f"{' '.join(words[:-1])} {_compact_initials(words[-1])}")
        elif _NAME_WORD.fullmatch(words[-1]):
            pending_family = token
        else:
            return ()
    if pending_family:
        return ()
    return tuple(authors)


def _compact_initials(token: str) -> str:
    return re.sub(r"[.\s]", "", token)


# --------------------------------------------------------------------------- keys


def base_key(reference: Reference) -> str:
    """First author's family name in lower-case ASCII plus year ("shaw2018"); title word if no author."""
    if reference.authors:
        # The whole family name ("Van der Berg AB" -> "vanderberg"), not only its first word.
        stem = reference.authors[0].rsplit(" ", 1)[0]
    else:
        words = reference.title.split()
        stem = words[0] if words else (f"ref{reference.number}" if reference.number is not None else "ref")
    name = re.sub(r"[^a-z0-9]", "", ascii_fold(stem).lower()) or "ref"
    return f"{name}{reference.year if reference.year is not None else 'nd'}"


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

"""Names in the text that identify a cited work without a marker: its journal, an author, an institution.

Matching is deliberately strict (a family name needs its given name's initial or a title such as
"Dr.", a journal must match word for word up to abbreviation), because a wrong link is a false alarm.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from claimcheck.model import Reference
from claimcheck.textfold import fold as shared_fold

_JOURNAL_FILLER = frozenset("of and the for in on".split())
_TEXT_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_PERSON = re.compile(
    r"(?:\b(?:Dr|Prof|Professor)\.?\s+)?\b([A-Z][a-z]+)(?:\s+[A-Z]\.)?\s+([A-Z][A-Za-z'’-]+)"
    r"|\b(?:Dr|Prof|Professor)\.?\s+([A-Z][A-Za-z'’-]+)"
)
_INSTITUTION_WORD = (
    r"(?:University|Institute|Clinic|Hospital|College|Center|Centre|School|Foundation|Laborator(?:y|ies)|"
    r"Academy|Institution)"
)
_CAPITALIZED = r"[A-Z][\w’'&.-]*"
_INSTITUTION = re.compile(
    rf"(?:{_CAPITALIZED}\s+){{0,5}}{_INSTITUTION_WORD}\b(?:\s+(?:of|for)\s+(?:the\s+)?{_CAPITALIZED}"
    rf"(?:\s+(?:and\s+)?{_CAPITALIZED}){{0,4}})?"
)
_NOT_PART_OF_NAME = frozenset("a an the at as in from by of for and our their this these research".split())
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
# Capitalized words, with the small words of titles between them ("Journal of the American ...",
# "Advances in Therapy").
_JOURNAL_NAME = r"[A-Z][\w’'&-]*(?:[ :]+(?:(?:of|and|the|for|in|&)\s+){0,2}[A-Z][\w’'&-]*){0,8}"
_JOURNAL_CUE = re.compile(rf"\b(?:journal|published in(?: the)?)\s+[*_]?({_JOURNAL_NAME})")
# Any capitalized name after "in" ("appeared in the Journal of Oral Rehabilitation", "reported in The
# Lancet") is a journal's only when it is titled like one: "appeared in the New England Journal of
# Medicine" names a journal, "appeared in the United States" and "in the Cochrane Review" do not.
_IN_NAME = re.compile(rf"\b[Ii]n\s+(?:[Tt]he\s+)?[*_]?({_JOURNAL_NAME})")
_JOURNAL_TITLE = re.compile(
    r"\b(?:Journal|Annals|Archives|Proceedings|Bulletin)\s+of\s|\bActa\s+\S|\S\s+Journal\b|\bLancet\b"
)


def fold_text(text: str) -> str:
    """The shared text folding, with British "ae" spelt "e" ("Orthopaedic" and "orthopedic" fold alike)."""
    return shared_fold(text).replace("ae", "e")


# Words repeat: folding each distinct word once keeps big articles fast (a sentence is folded uncached).
fold = functools.lru_cache(maxsize=65536)(fold_text)


@dataclass(frozen=True)
class NameMatch:
    """A name as written in the text and the references it fits."""

    written: str
    keys: tuple[str, ...]


@functools.lru_cache(maxsize=4096)
def _journal_words(name: str) -> tuple[str, ...]:
    return tuple(word for word in fold(name).split() if word not in _JOURNAL_FILLER)


def _same_word(abbreviated: str, full: str) -> bool:
    """Whether two journal words match: "orthop" and "orthopedic" do; so do "j" and "journal"."""
    if abbreviated[:1] != full[:1]:
        return False
    shorter, longer = (abbreviated, full) if len(abbreviated) <= len(full) else (full, abbreviated)
    return longer.startswith(shorter) and (len(shorter) >= 3 or len(longer) > 1 and len(shorter) == 1)


@dataclass(frozen=True)
class SentenceNames:
    """What one sentence names, worked out once: the cited journal, cited authors and institutions."""

    sentence: str
    journal: NameMatch | None
    authors: tuple[NameMatch, ...]
    institutions: tuple[str, ...]

    def names_institution(self, institution: str) -> bool:
        """Whether the sentence names an institution remembered from elsewhere (folded once, if asked)."""
        return f" {fold(institution)} " in self._folded

    @functools.cached_property
    def _folded(self) -> str:
        return f" {fold_text(self.sentence)} "


class NameIndex:
    """The references' journal words and authors' family names, indexed once per article, so that a
    sentence is looked up in time proportional to its words, not words times references."""

    def __init__(self, references: Sequence[Reference]) -> None:
        # Journal words by their first letter, each distinct journal once with the references that cite
        # it (in list order): an article of 2,000 references names a few dozen journals.
        self._journals: dict[str, dict[tuple[str, ...], list[str]]] = defaultdict(dict)
        self._authors: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._order = {ref.key: position for position, ref in reversed(list(enumerate(references)))}
        for ref in references:
            words = _journal_words(ref.journal)
            if words:
                self._journals[words[0][:1]].setdefault(words, []).append(ref.key)
            for author in ref.authors:
                parts = author.replace(",", " ").split()
                if parts:
                    self._authors[parts[0].lower()].append((parts[1] if len(parts) > 1 else "", ref.key))

    def analyse(self, sentence: str) -> SentenceNames:
        journal = self.journal(sentence) if self._journals else None
        authors = tuple(self.authors(sentence)) if self._authors else ()
        return SentenceNames(sentence, journal, authors, tuple(find_institutions(sentence)))

    def journal(self, sentence: str) -> NameMatch | None:
        """The first reference journal named in the sentence, in full or abbreviated form."""
        words = list(_TEXT_WORD.finditer(sentence))
        if not any(fold(word.group()[:1])[:1] in self._journals for word in words):
            return None  # no word starts as a cited journal's name does: most sentences
        content = [
            (match.start(), match.end(), match.group(), folded)
            for match in words
            if (folded := fold(match.group())) not in _JOURNAL_FILLER
        ]
        for index, (start, _, written, folded) in enumerate(content):
            keys: set[str] = set()
            end = 0
            for wanted, citing in self._journals.get(folded[:1], {}).items():
                window = content[index : index + len(wanted)]
                if len(window) < len(wanted) or not _same_word(wanted[0], folded):
                    continue
                if len(wanted) == 1 and (written != written.capitalize() or len(wanted[0]) < 4):
                    continue
                if all(_same_word(want, word[3]) for want, word in zip(wanted[1:], window[1:])):
                    end = max(end, window[-1][1])
                    keys.update(citing)
            if keys:
                return NameMatch(sentence[start:end], tuple(sorted(keys, key=self._order.__getitem__)))
        return None

    def authors(self, sentence: str) -> list[NameMatch]:
        """People named in the sentence who are authors of a reference ("Dr. Marc Darrow" -> "Darrow M")."""
        found: list[NameMatch] = []
        for match in _PERSON.finditer(sentence):
            given, family = (match.group(1), match.group(2)) if match.group(2) else ("", match.group(3))
            entries = self._authors.get(family.lower(), ())
            matching = (key for initials, key in entries if not given or initials[:1].upper() == given[:1])
            keys = tuple(dict.fromkeys(matching))
            if keys:
                written = match.group().split(". ", 1)[-1] if not given else f"{given} {family}"
                found.append(NameMatch(written, keys))
        return found


@functools.lru_cache(maxsize=16384)  # a long page repeats its sentences, a site its boilerplate
def journal_named(sentence: str) -> str:
    """A journal the sentence names, whether or not it is cited: after a cue ("in the journal Nature",
    "published in Thorax"), or after "in" when titled as journals are ("in the Annals of Surgery")."""
    match = _JOURNAL_CUE.search(sentence)
    name = match.group(1).strip(" :*_") if match else ""
    if not name:
        titled = (found.group(1) for found in _IN_NAME.finditer(sentence))
        name = next((found.strip(" :*_") for found in titled if _JOURNAL_TITLE.search(found)), "")
    # A date after the name is no part of it ("Lancet Oncology in May"; "published in March 2019": none).
    kept = list(itertools.takewhile(lambda word: word.lower() not in _MONTHS, name.split(" ")))
    if kept and kept[-1] == "in":
        kept.pop()
    return " ".join(kept)


def find_institutions(sentence: str) -> list[str]:
    """Institutions named in the sentence, without a leading "the" or sentence-initial word."""
    names: list[str] = []
    for match in _INSTITUTION.finditer(sentence):
        words = match.group().split()
        while words and words[0].lower() in _NOT_PART_OF_NAME:
            words.pop(0)
        if len(words) > 1:  # "Laboratory studies" or "University" alone name no institution
            names.append(" ".join(words).rstrip(".,"))
    return names

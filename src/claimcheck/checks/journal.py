"""CC201 journal-mismatch: the journal an article names must be the cited record's journal.

A name matches when it folds (case, accents, punctuation, "&"/"and", a leading "The") to the
record's full title, its ISO abbreviation or its NLM title abbreviation (MedlineTA), or when one of
them abbreviates the other word by word, the way NLM abbreviations are built ("J Orthop Res" for
"Journal of Orthopaedic Research"). British and American spellings ("orthopaedic"/"orthopedic")
fold alike.

Passes (record: "Archives of orthopaedic and trauma surgery", ISO "Arch Orthop Trauma Surg")::

    A study published in the Archives of Orthopaedic & Trauma Surgery found ...

Fails with CC201::

    A study in the journal Cytotherapy found ...
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, support
from claimcheck.checks.text import american
from claimcheck.model import Record
from claimcheck.textfold import fold

DECLARATION = Declaration(rules=("CC201",), reads=("journal",))

# Words NLM drops when it abbreviates a title (ISO 4 / LTWA practice).
_DROPPED_WORDS = frozenset({"of", "and", "the", "in", "for", "on", "a", "an", "de", "la", "der", "und"})


def record_journal_names(record: Record) -> tuple[str, ...]:
    """The record's journal names that are set: full title, ISO abbreviation, MedlineTA."""
    names = (record.journal, record.iso_abbreviation, record.medline_ta)
    return tuple(dict.fromkeys(name for name in names if name))


def matching_journal_name(named: str, record: Record) -> str | None:
    """The record's journal name that ``named`` designates, or None; shared by every journal comparison."""
    for name in record_journal_names(record):
        if same_journal(named, name):
            return name
    return None


def same_journal(first: str, second: str) -> bool:
    """True when two journal names designate the same journal: equal folded, or one abbreviates the other."""
    first_words, second_words = _journal_words(first), _journal_words(second)
    if not first_words or not second_words:
        return False
    if first_words == second_words:
        return True
    return _abbreviates(first_words, second_words) or _abbreviates(second_words, first_words)


@functools.lru_cache(maxsize=4096)  # a run names few journals, and compares each with many records
def _journal_words(name: str) -> tuple[str, ...]:
    return tuple(american(word) for word in fold(name).split())


def _abbreviates(short: Sequence[str], full: Sequence[str]) -> bool:
    """Each significant word of ``short`` starts the matching significant word of ``full``."""
    short_words = [word for word in short if word not in _DROPPED_WORDS]
    full_words = [word for word in full if word not in _DROPPED_WORDS]
    return len(short_words) == len(full_words) and all(
        full_word.startswith(short_word) for short_word, full_word in zip(short_words, full_words)
    )


def check(context: ClaimContext) -> Iterator[Outcome]:
    """Compare the journal the claim names with the record's journal names."""
    named = context.claim.journal
    names = record_journal_names(context.record)
    if not named or not names:
        return
    matched = matching_journal_name(named, context.record)
    if matched is not None:
        yield support(context, claimed=named, evidence=matched)
        return
    yield finding(
        "CC201",
        context,
        f"the text names the journal '{named}', but PMID {context.record.pmid} appeared in '{names[0]}'",
        claimed=named,
        found=" / ".join(names),
        evidence=names[0],
    )

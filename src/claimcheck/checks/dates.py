"""CC202 date-mismatch: a date the text gives for a study must fit one of the record's dates.

The date is compared at its own precision ("2016" with the year, "August 2019" with year and
month, "June 18, 2018" with the day) against every date the record has: print, electronic
(ahead of print) and the PubMed history (received, accepted, pubmed, medline...). Articles often
quote the online date, so matching any one of them is enough; the Support says which one.

Passes (record: electronic 2020-01-31)::

    A January 2020 study from Loughborough University suggests ...

Fails with CC202 (record: print 2019-08, electronic 2019-08-27)::

    A study published in March 2018 offered these observations ...

A date the sentence may give the events the study reports ("first found in samples in December 2019")
is supported when the source's own title or abstract gives that date ("In December 2019, a cluster of
patients ..."); otherwise it is a warning, since it fits none of the record's dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, support
from claimcheck.checks.text import excerpt
from claimcheck.model import Passage, RecordDate, Severity
from claimcheck.vocabulary.dates import MONTH_NUMBERS

DECLARATION = Declaration(rules=("CC202",), reads=("date",))

_MONTH = r"(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# Most specific first: the first pattern that matches decides the claim's precision.
_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b",
        rf"\b{_YEAR}-(?P<month>[01]\d)\b",
        rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",
        rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b",
        rf"\b{_YEAR}\s+{_MONTH}\s+{_DAY}\b",
        rf"\b{_MONTH},?\s+{_YEAR}\b",
        rf"\b{_YEAR}\s+{_MONTH}\b",
        rf"\b{_YEAR}\b",
    )
)


# What makes a date plainly the study's: "a January 2020 study", "published in March 2018", "the
# August 2019 issue". Any other date ("first found in samples in December 2019") may date the events the
# study reports, so a mismatch there is a warning.
_DATES_THE_WORK = re.compile(
    r"^[\s,)]*(?:study|trial|review|paper|report|analysis|survey|meta-analysis|article|issue|publication|"
    r"edition|letter|preprint)s?\b",
    re.IGNORECASE,
)
_PUBLISHED_BEFORE = re.compile(
    r"\b(?:published|appeared|released|reported|posted|printed|online|issue|dated)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
_NAMED_AFTER_YEAR = re.compile(r"-[A-Za-z]")


@dataclass(frozen=True)
class ClaimedDate:
    """A date as precise as the text gives it: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def fits(self, date: RecordDate | ClaimedDate) -> bool:
        """True when ``date`` agrees with every part this date states."""
        return (
            self.year == date.year
            and (self.month is None or self.month == date.month)
            and (self.day is None or self.day == date.day)
        )


def _parsed(match: re.Match[str]) -> ClaimedDate:
    parts = match.groupdict()
    month = parts.get("month")
    day = parts.get("day")
    month_number = int(month) if month and month.isdigit() else MONTH_NUMBERS.get((month or "").casefold())
    return ClaimedDate(int(parts["year"]), month_number, int(day) if day else None)


def parse_claimed_date(text: str) -> ClaimedDate | None:
    """The date stated in ``text`` ("a January 2020 study", "June 18, 2018", "2016"), or None."""
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match is not None:
            return _parsed(match)
    return None


def _mentions(text: str) -> Iterator[tuple[re.Match[str], ClaimedDate]]:
    """Every date written in ``text``, at each precision a pattern reads it ("December 2019" and "2019").

    A year that begins a name ("2019-nCoV") is no date."""
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if not _NAMED_AFTER_YEAR.match(text, match.end()):
                yield match, _parsed(match)


def describe(date: RecordDate) -> str:
    """The kind of date and its value, as findings and supports show it: "electronic 2020-01-31"."""
    return f"{date.kind} {date}"


def check(context: ClaimContext) -> Iterator[Outcome]:
    """Match the claim's date against each of the record's dates at the claim's precision."""
    stated = context.claim.date
    dates = context.record.dates
    if not stated or not dates:
        return
    claimed = parse_claimed_date(stated)
    if claimed is None:
        return
    matched = next((date for date in dates if claimed.fits(date)), None)
    if matched is not None:
        # The Support's section names the date that matched ("electronic date"); its evidence is the value.
        passage = Passage(source="metadata", section=f"{matched.kind} date", text=str(matched))
        yield support(context, claimed=stated, evidence=str(matched), passage=passage)
        return
    plain = _dates_the_work(context.claim.text, stated)
    told = None if plain else _told_by_source(context, claimed)
    if told is not None:
        yield support(context, claimed=stated, evidence=told[1], passage=told[0])
        return
    all_dates = ", ".join(describe(date) for date in dates)
    yield finding(
        "CC202",
        context,
        f"the text dates the study '{stated}', which fits none of the dates of PMID {context.record.pmid}"
        + ("" if plain else " (the sentence may date the events the study reports, not the study)"),
        claimed=stated,
        found=all_dates,
        evidence=all_dates,
        severity=None if plain else Severity.WARNING,
    )


def _dates_the_work(text: str, stated: str) -> bool:
    """The date stands with a word for the work or its publication, not only with events."""
    at = text.find(stated)
    if at < 0:
        return True  # an editor's date in the claims file: taken as written
    return bool(_DATES_THE_WORK.match(text, at + len(stated)) or _PUBLISHED_BEFORE.search(text, 0, at))


def _told_by_source(context: ClaimContext, claimed: ClaimedDate) -> tuple[Passage, str] | None:
    """The title or abstract sentence that gives the claimed date, and its passage, or None.

    A sentence that may date the events a study reports agrees with the source when the source's own
    text dates them the same way; the full text is left out, since its dates (methods, references)
    are many and about other things."""
    title = Passage(source="metadata", section="title", text=context.record.title)
    own = (title, *(passage for passage in context.passages if passage.source == "abstract"))
    for passage in own:
        for match, mention in _mentions(passage.text):
            if claimed.fits(mention):
                return passage, excerpt(passage.text, match.start(), match.end())
    return None

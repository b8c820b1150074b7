"""Dates as articles and abstracts write them: "January 2020", "June 18, 2018", "10 Feb 2010", "2005-2009".

The extractor reads a claim's date from them (``CALENDAR_DATE``, ``YEAR_OF_STUDY``), and the quantity
vocabulary knows that their digits are no figures (``DATE``: the 18 of "June 18, 2018" counts nothing)::

    [match.group() for match in DATE.finditer("enrolled through Feb 10, 2010")] == ["Feb 10, 2010"]
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:19|20)[0-9][0-9]"
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?"
# Each month's number by its name or abbreviation, folded ("january", "jan", "sept").
MONTH_NUMBERS: dict[str, int] = {
    **{name.casefold(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
# Month names are matched as written (capitalized), so that "may 5" is no date.
CALENDAR_DATE = re.compile(rf"\b{MONTH}\s+(?:{_DAY},?\s+)?{_YEAR}\b|\b{_DAY}\s+{MONTH},?\s+{_YEAR}\b")
# Every date whose digits count nothing: a calendar date, a day of a month, a span of years.
DATE = re.compile(
    rf"(?=[0-9JFMASOND])(?:{CALENDAR_DATE.pattern}"
    rf"|\b{_DAY}\s+{MONTH}(?!\s*[0-9])"
    rf"|\b{MONTH}\s+{_DAY}\b(?!\s*(?:%|[0-9]))"
    rf"|(?<![0-9.,])\b{_YEAR}\s*(?:-|\u2013|\u2014|to|through)\s*(?:{_YEAR}|[0-9][0-9])\b(?!\s*%))"
)  # the lookahead first: only a digit or a month's capital can start a date
_STUDY = r"(?:study|studies|review|trial|paper|article|analysis|report|survey|meta-analysis|research|update)"
# A year that dates a study, not the data it reports: "a 2016 study", "their 2021 cohort study",
# "published in 2012", "appeared in the Lancet in 2011", "in 2016, researchers ..."; never "cases in 2007"
# or "from 1915 to 2015".
YEAR_OF_STUDY = re.compile(
    rf"\b(?:a|an|the|their|his|her|its|this|that)\s+((?:19|20)\d\d)\s+(?:[\w-]+\s+)?{_STUDY}\b"
    rf"|\b((?:19|20)\d\d)\s+{_STUDY}\b"
    r"|\b(?:published|appeared)\b[^.;]{0,80}?\b(?:in|on)\s+((?:19|20)\d\d)\b"
    r"|\bin\s+((?:19|20)\d\d),?\s+(?:researchers|scientists|investigators|authors|a\s+team|a\s+study)\b",
    re.IGNORECASE,
)
# Words before a date that make it the bound of a period of data ("from January 2010 to June 2012").
PERIOD_BEFORE = re.compile(r"\b(?:from|between|since|until|through|to|and|during)\s+$", re.IGNORECASE)
PERIOD_AFTER = re.compile(r"\s*(?:-|\u2013|to|and|through|until)\s*(?:\w+\s+)?(?:19|20)\d\d", re.IGNORECASE)
# A period bounded by two calendar dates: "from January 1, 2012 to September 30, 2013", "between March
# 2019 and June 2020".
_BOUND = rf"(?:{CALENDAR_DATE.pattern})"
_PERIOD = re.compile(
    rf"\b(?:from|between)\s+(?P<first>{_BOUND})\s*(?:to|and|until|through|-|\u2013)\s*(?P<last>{_BOUND})"
)
_YEAR_IN = re.compile(_YEAR)
_DAY_IN = re.compile(r"\b([0-9]{1,2})(?:st|nd|rd|th)?\b")
_MONTH_WORD = re.compile(r"[A-Za-z]+")


def periods(text: str) -> Iterator[tuple[int, int, int]]:
    """Start, end and length in days (both bounds counted) of every period bounded by calendar dates:
    "from January 1, 2012 to September 30, 2013" lasts 639 days; a bound without its day runs from the
    first of its month to the last ("from March 2019 to June 2020")."""
    for match in _PERIOD.finditer(text):
        first, last = _bound(match.group("first"), start=True), _bound(match.group("last"), start=False)
        if first < last:
            yield match.start("first"), match.end("last"), (last - first).days + 1


def _bound(written: str, *, start: bool) -> datetime.date:
    """The date a period's bound names (its first or last day when it names only a month)."""
    name = _MONTH_WORD.search(written)
    assert name is not None  # a calendar date names its month
    month = MONTH_NUMBERS[name.group().casefold()]
    year = int(_YEAR_IN.findall(written)[-1])
    day = _DAY_IN.search(_YEAR_IN.sub("", written))
    if day:
        return datetime.date(year, month, int(day.group(1)))
    return datetime.date(year, month, 1 if start else calendar.monthrange(year, month)[1])

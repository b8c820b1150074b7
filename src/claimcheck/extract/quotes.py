"""Quotations: where they are (possibly over several paragraphs) and who they are attributed to.

Curly quotes pair unambiguously; straight quotes pair within a paragraph unless the paragraph
leaves one open. A quotation that runs over paragraphs may reopen each paragraph with an opening
mark (the typographic convention) or not (the web's habit): both end at the first closing mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_MARKS = re.compile(r"[“”\"]")
# A blank line ends a paragraph; so does a line break before a reopening mark (HTML paragraphs).
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*\n\s*|\s*\n\s*(?=[“\"])")
_LINE_BREAK = re.compile(r"\s*\n\s*")
_MAX_QUOTE_CHARS = 6000
_MIN_QUOTE_WORDS = 4
_ATTRIBUTION = (
    re.compile(
        r"\b[Aa]ccording to ((?:the )?[A-Z][\w’'&.-]*(?:\s+(?:of |for |and |the )?[A-Z][\w’'&.-]*){0,6})"
    ),
    re.compile(
        r"((?:Dr\.? |Prof\.? )?[A-Z][\w’'&.-]*(?:\s+(?:of |for |and |the )?[A-Z][\w’'&.-]*){0,6})"
        r",?\s+(?:said|says|wrote|writes|notes|noted|states|stated|explains|explained|told)\b"
    ),
)
_NOT_A_SOURCE = frozenset("he she they it we i this that these those the researchers".split())


@dataclass(frozen=True)
class Quotation:
    """A quotation's span (marks included) and its text as written, one line per quoted paragraph."""

    start: int
    end: int
    text: str


def find_quotations(text: str, spans: Sequence[tuple[int, int]]) -> list[Quotation]:
    """Every quotation inside the searchable spans, in text order."""
    found: list[Quotation] = []
    for span_start, span_end in spans:
        open_at = -1
        for mark in _MARKS.finditer(text, span_start, span_end):
            position, char = mark.start(), mark.group()
            opens = char == "“" or (char == '"' and _looks_opening(text, position, span_start))
            if open_at >= 0 and not opens:
                found.append(_quotation(text, open_at, position + 1))
                open_at = -1
            elif opens and (open_at < 0 or not _reopens_paragraph(text, open_at, position)):
                open_at = position
            if open_at >= 0 and position - open_at > _MAX_QUOTE_CHARS:
                open_at = -1
    return found


def _line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _looks_opening(text: str, position: int, span_start: int) -> bool:
    before = text[position - 1] if position > span_start else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _reopens_paragraph(text: str, open_at: int, position: int) -> bool:
    """An opening mark at the start of a paragraph inside an open quotation continues it."""
    line_start = _line_start(text, position)
    return text[line_start:position].strip() == "" and "\n" in text[open_at:position]


def _quotation(text: str, start: int, end: int) -> Quotation:
    inner = text[start + 1 : end - 1]
    # Paragraphs of the quotation become lines; a paragraph wrapped over lines becomes one line.
    paragraphs = (
        [_LINE_BREAK.sub(" ", paragraph) for paragraph in _PARAGRAPH_BREAK.split(inner)]
        if "\n" in inner
        else [inner]
    )
    inner = "\n".join(paragraph.lstrip('“"').strip() for paragraph in paragraphs)
    return Quotation(start, end, inner)


def is_substantial(quotation: Quotation) -> bool:
    """Scare quotes (“experimental”, “proven.”) are not quotations of a source."""
    return len(quotation.text.split(maxsplit=_MIN_QUOTE_WORDS - 1)) >= _MIN_QUOTE_WORDS


def attribution(sentence: str) -> str:
    """The named source a sentence credits ("According to Resilience Orthopedics, ...")."""
    for pattern in _ATTRIBUTION:
        match = pattern.search(sentence)
        source = match.group(1).removeprefix("the ").strip(" ,.") if match else ""
        if source and source.split()[0].lower() not in _NOT_A_SOURCE:
            return source
    return ""

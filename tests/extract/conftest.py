"""Helpers that build an ``Article`` straight from a file, so extraction is tested on its own.

The reference-list parser here is deliberately small (numbered "1. Family I, ... Title. Journal. Year"
entries, or "- Family I ... (Year). Title. Journal." entries); the real one lives in claimcheck.inputs.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from claimcheck.model import Article, Reference

_NUMBERED_ENTRY = re.compile(r"^[ \t]*(?:\[(\d+)\]|(\d+)\.)[ \t]+(.+)$", re.MULTILINE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_HTML_DROP = re.compile(r"<(script|style|nav)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def parse_authors(segment: str) -> tuple[str, ...]:
    parts = [part.strip() for part in segment.split(",") if part.strip()]
    if all(len(part.split()) == 1 for part in parts):  # "Frisbie, DD, Kisiday, JD"
        parts = [f"{family} {initials}" for family, initials in zip(parts[::2], parts[1::2])]
    return tuple(parts)


def parse_reference(number: int, entry: str, line: int, path: str) -> Reference:
    segments = [segment.strip() for segment in re.split(r"\.\s+", entry)]
    authors = parse_authors(segments[0])
    year_match = _YEAR.search(entry)
    year = int(year_match.group()) if year_match else None
    family = authors[0].split()[0].lower() if authors else f"ref{number}"
    return Reference(
        key=f"{family}{year or ''}",
        number=number,
        authors=authors,
        title=segments[1] if len(segments) > 1 else "",
        journal=segments[2].rstrip(".") if len(segments) > 2 else "",
        year=year,
        raw=entry,
        path=path,
        line=line,
    )


def load_article(path: Path) -> Article:
    """A plain-text or Markdown article with its numbered reference list (text after the list is body
    again), one text line per file line; HTML gets its tags blanked out on the same lines (enough for
    the test corpus)."""
    raw = path.read_text(encoding="utf-8")
    text = raw
    if path.suffix == ".html":
        text = _HTML_DROP.sub(lambda match: "\n" * match.group().count("\n"), raw)
        text = re.sub(r"<sup>([\d,–-]+)</sup>", lambda match: match.group(1).translate(_SUPERSCRIPT), text)
        text = html.unescape(_TAG.sub("", text))
    references: list[Reference] = []
    body_end = references_end = -1
    for match in _NUMBERED_ENTRY.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        number = int(match.group(1) or match.group(2))
        if number != len(references) + 1 or not _YEAR.search(match.group(3)):
            continue
        if number == 1:
            body_end = match.start()
        references_end = match.end() + 1 if match.end() < len(text) else -1
        references.append(parse_reference(number, _TAG.sub("", match.group(3)), line, str(path)))
    lines = tuple(range(1, text.count("\n") + 2))
    fmt = path.suffix.lstrip(".") or "txt"
    return Article(str(path), fmt, text, lines, tuple(references), body_end, references_end)

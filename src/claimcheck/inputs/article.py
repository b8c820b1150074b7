"""Read an article file (plain text, Markdown, HTML or Word .docx) into an ``Article``.

Text and Markdown keep their lines exactly, so a line number in a finding is the line an editor
sees. HTML becomes its visible text, one line per block, mapped back to the file line and column
where each piece of it is written (a sentence inside a paragraph is located on its own line); a .docx
one line per paragraph, located by paragraph number. The reference list is the article's own (or
the .docx's footnotes), plus one reference for each work the text links to that the list lacks.
Everything here is linear in the size of the file.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.inputs.html import visible_html_text
from claimcheck.inputs.links import link_references, text_links
from claimcheck.inputs.normalize import normalize_web_text
from claimcheck.inputs.refentry import parse_reference_entry
from claimcheck.inputs.reflist import find_reference_list, make_keys
from claimcheck.inputs.wordfile import Note, read_docx
from claimcheck.model import Article, Reference

logger = logging.getLogger("claimcheck")

_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_IBID = re.compile(r"\s*ibid\b", re.IGNORECASE)
# Chicago's shortened note: family name (et al.), the title's first words in quotes, a page.
_SHORT_NOTE = re.compile(
    r"\s*(?P<family>[^\W\d][\w'\u2019-]+(?:\s+[\w'\u2019-]+)?)(?:\s+et\s+al\.?)?,\s*"
    r"[\"\u201c](?P<title>[^\"\u201d]{3,80})[\"\u201d]"
)

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}
# Files we cannot read as an article: say so (exit 2) instead of reading their bytes as text.
_UNREADABLE = frozenset(
    ".pdf .doc .docm .dotx .odt .rtf .pages .xls .xlsx .ppt .pptx .epub .zip .png .jpg .jpeg .gif".split()
)
# Tried in this order after UTF-8: cp1252 is what Windows editors save; latin-1 decodes any byte.
_FALLBACK_ENCODINGS = ("cp1252", "latin-1")


def read_article(path: str | Path) -> Article:
    """Read, decode and normalize an article and find its reference list; bad files raise InputError."""
    name = str(path)
    suffix = Path(path).suffix.lower()
    if suffix in _UNREADABLE:
        raise InputError(name, f"cannot read {suffix} files; give the article as .txt, .md, .html or .docx")
    data = _read_bytes(Path(path), name)
    fmt = _FORMATS.get(suffix, "text")
    notes: tuple[Note, ...] = ()
    marks: tuple[tuple[int, int, int], ...] = ()
    if fmt == "docx":
        word = read_docx(Path(path), name)
        text, source_lines, links, notes = word.text, word.source_lines, word.links, word.notes
    elif fmt == "html":
        page = visible_html_text(_decode(data, name))
        text, source_lines, links, marks = page.text, page.source_lines, page.links, page.marks
    else:
        text = normalize_web_text(_decode(data, name))
        source_lines = tuple(range(1, text.count("\n") + 2))
        links = tuple(text_links(text))
    if not text.strip():
        raise InputError(name, "empty article")
    listed, body_end, references_end = _reference_list(
        text, source_lines, name, one_line_entries=fmt in ("html", "docx")
    )
    listed = make_keys((*listed, *_note_references(notes, name)))
    body_links = tuple(
        link for link in links if body_end < 0 or link.start < body_end or 0 <= references_end <= link.start
    )
    article = Article(name, fmt, text, source_lines, listed, body_end, references_end, body_links, marks)
    link_lines = [article.locate(link.start)[0] for link in body_links]
    linked = link_references(body_links, listed, path=name, lines=link_lines)
    return replace(article, references=(*listed, *linked))


def _note_references(notes: tuple[Note, ...], name: str) -> list[Reference]:
    """Footnotes and endnotes (of a .docx) as numbered references."""
    references: list[Reference] = []
    for note in notes:
        parsed = parse_reference_entry(note.text, number=note.number, path=name, line=note.paragraph)
        references.append(_as_note(parsed, references))
    return references


def _as_note(reference: Reference, earlier: list[Reference]) -> Reference:
    """A note as the work it cites: "Ibid." cites the work of the note before it, a shortened note
    ("Costa-Matos et al., "Hfe Mutations," 40.") the earlier note it shortens; a note that cites no
    work ("Names have been changed.") is kind "note"."""
    again = _cited_again(reference.raw, earlier)
    if again is not None:
        return replace(
            again, number=reference.number, label=reference.label, line=reference.line, raw=reference.raw
        )
    if not (_YEAR.search(reference.raw) or reference.identifiers):  # "Names have been changed."
        return replace(reference, kind="note")
    return reference


def _cited_again(note: str, earlier: list[Reference]) -> Reference | None:
    """The earlier note's work that "Ibid." or a shortened note (author and short title) cites again."""
    works = [reference for reference in earlier if reference.kind != "note"]
    if not works:
        return None
    if _IBID.match(note):
        return works[-1]
    short = _SHORT_NOTE.match(note)
    if short is None:
        return None
    family, title = short.group("family").lower(), short.group("title").lower().rstrip(".,")
    fits = [
        work
        for work in works
        if work.first_author_family.lower() == family and work.title.lower().startswith(title[:20])
    ]
    return fits[-1] if fits else None


def _read_bytes(path: Path, name: str) -> bytes:
    if path.is_dir():
        raise InputError(name, "is a directory, not an article file")
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(name, f"article too large ({size} bytes; the limit is {MAX_ARTICLE_BYTES})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as error:
        raise InputError(name, f"cannot read: {error.strerror or error}") from None
    if not data.strip():
        raise InputError(name, "empty article")
    return data


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM allowed) or UTF-16 with a BOM; else cp1252, then latin-1, with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(name, "not a text file (broken UTF-16)") from None
    if b"\x00" in data:
        raise InputError(name, "not a text file (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
    for encoding in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        logger.warning("%s:%d: not valid UTF-8; read as %s", name, line, encoding)
        return text
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _reference_list(
    text: str, source_lines: tuple[int, ...], name: str, *, one_line_entries: bool
) -> tuple[tuple[Reference, ...], int, int]:
    """The article's reference list parsed, and the offsets where it starts and ends (-1: no list;
    the end is -1 too when the list runs to the end of the text)."""
    lines = text.split("\n")
    found = find_reference_list(lines, one_line_entries=one_line_entries)
    if found is None:
        return (), -1, -1
    entries: list[Reference] = []
    for entry in found.entries:
        line = source_lines[entry.line_index]
        parsed = parse_reference_entry(entry.text, number=entry.number, path=name, line=line)
        reference = replace(parsed, label=entry.label)
        entries.append(_as_note(reference, entries) if entry.footnote else reference)
    body_end = sum(len(line) + 1 for line in lines[: found.start_line_index])
    after = found.end_line_index
    references_end = sum(len(line) + 1 for line in lines[:after]) if after < len(lines) else -1
    return tuple(entries), body_end, references_end

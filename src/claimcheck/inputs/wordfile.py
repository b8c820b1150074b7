"""A Word .docx article, read through python-docx: one text line per paragraph, located by paragraph.

Every ``w:p`` of the body counts, in document order, empty ones and those in tables included, so a
finding's line is the paragraph number an editor can find. Superscript citation numbers and
footnote and endnote references become superscript digits (as the page shows them), footnotes and
endnotes become the reference list, numbered as Word numbers them (by order of first reference),
Word's list numbering is written out ("3. ") and links that cite a work are kept.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.errors import InputError
from claimcheck.inputs.links import citation_link
from claimcheck.inputs.normalize import as_superscript_citation, normalize_web_text
from claimcheck.model import Hyperlink

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_OTHER_KIND = {"footnote": "endnote", "endnote": "footnote"}
_BULLET_FORMATS = frozenset({"bullet", "none", ""})
_SUPERSCRIPT_COMMA = ","


@dataclass(frozen=True)
class Note:
    """A footnote or endnote: the number Word shows for it, its text, and the paragraph citing it first."""

    number: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class WordText:
    """The document as text (a blank line between paragraphs), the paragraph of each text line, its
    citing links and its notes."""

    text: str
    source_lines: tuple[int, ...]
    links: tuple[Hyperlink, ...]
    notes: tuple[Note, ...]


@dataclass
class _Reader:
    """State while walking the body: note numbers given so far, and list counters."""

    document: Any
    note_numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    note_paragraphs: dict[tuple[str, str], int] = field(default_factory=dict)
    list_counters: dict[tuple[str, int], int] = field(default_factory=dict)
    formats: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)


def read_docx(path: Path, name: str) -> WordText:
    """The document's text, paragraph numbers, links and notes; a file that is no .docx raises InputError."""
    try:
        import docx  # imported here: only a .docx needs python-docx and lxml

        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InputError(name, f"not a readable Word .docx file ({type(error).__name__}: {error})") from None
    except Exception as error:  # noqa: BLE001 - python-docx raises its own types for broken packages
        raise InputError(name, f"not a readable Word .docx file ({type(error).__name__})") from None
    reader = _Reader(document, formats=_list_formats(document))
    lines: list[str] = []
    source_lines: list[int] = []
    links: list[Hyperlink] = []
    offset = 0
    for number, paragraph in enumerate(document.element.body.iter(f"{_W}p"), start=1):
        text, paragraph_links = _paragraph_text(reader, paragraph, number)
        if lines:
            lines.append("")
            source_lines.append(number - 1)
            offset += 1
        links += [
            Hyperlink(
                offset + link.start, offset + link.end, link.url, link.text, link.doi, link.pmid, link.pmcid
            )
            for link in paragraph_links
        ]
        lines.append(text)
        source_lines.append(number)
        offset += len(text) + 1
    notes = _notes(reader)
    return WordText("\n".join(lines), tuple(source_lines), tuple(links), notes)


def _paragraph_text(reader: _Reader, paragraph: Any, number: int) -> tuple[str, list[Hyperlink]]:
    """A paragraph's text (its list number written out) and its citing links, offsets within it."""
    parts: list[str] = [_list_label(reader, paragraph)]
    links: list[Hyperlink] = []
    previous_was_note = False
    for element in paragraph:
        if element.tag == f"{_W}hyperlink":
            start = len("".join(parts))
            for run in element.iter(f"{_W}r"):
                parts.append(_run_text(reader, run, number, previous_was_note))
            url = _link_target(reader, element)
            end = len("".join(parts).rstrip())
            link = citation_link(end, end, url, "".join(parts)[start:end].strip()) if url else None
            if link is not None:
                links.append(link)
            previous_was_note = False
        elif element.tag == f"{_W}r":
            piece = _run_text(reader, element, number, previous_was_note)
            previous_was_note = _is_note_reference(element)
            parts.append(piece)
    return "".join(parts), links


def _run_text(reader: _Reader, run: Any, paragraph: int, after_note: bool) -> str:
    """A run's text; a footnote or endnote reference as its number in superscript digits."""
    pieces: list[str] = []
    for child in run:
        tag = child.tag
        if tag == f"{_W}t":
            pieces.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            pieces.append(" ")
        elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
            kind = "footnote" if tag == f"{_W}footnoteReference" else "endnote"
            note = _note_number(reader, kind, child.get(f"{_W}id") or "", paragraph)
            separator = _SUPERSCRIPT_COMMA if after_note else ""
            pieces.append(separator + as_superscript_citation(str(note)))
    text = normalize_web_text("".join(pieces)).replace("\n", " ")
    vertical = run.find(f"{_W}rPr/{_W}vertAlign")
    if vertical is not None and vertical.get(f"{_W}val") == "superscript":
        text = as_superscript_citation(text)
    return text


def _is_note_reference(run: Any) -> bool:
    return run.find(f"{_W}footnoteReference") is not None or run.find(f"{_W}endnoteReference") is not None


def _note_number(reader: _Reader, kind: str, note_id: str, paragraph: int) -> int:
    """Word numbers notes in the order they are first referenced; footnotes and endnotes in one series."""
    key = (kind, note_id)
    if key not in reader.note_numbers:
        reader.note_numbers[key] = len(reader.note_numbers) + 1
        reader.note_paragraphs[key] = paragraph
    return reader.note_numbers[key]


def _link_target(reader: _Reader, hyperlink: Any) -> str:
    relation = hyperlink.get(f"{_R}id")
    if not relation:
        return ""
    rel = reader.document.part.rels.get(relation)
    return str(rel.target_ref) if rel is not None and rel.is_external else ""


def _notes(reader: _Reader) -> tuple[Note, ...]:
    """The referenced footnotes and endnotes, in their numbers' order."""
    texts: dict[tuple[str, str], str] = {}
    for kind, relation_type in (("footnote", _FOOTNOTES), ("endnote", _ENDNOTES)):
        for note_id, text in _note_texts(reader.document, relation_type, kind):
            texts[(kind, note_id)] = text
    notes = [
        # A reference of one kind to a note the other part holds is read from there.
        Note(
            number,
            texts.get(key) or texts.get((_OTHER_KIND[key[0]], key[1]), ""),
            reader.note_paragraphs[key],
        )
        for key, number in reader.note_numbers.items()
    ]
    return tuple(sorted(notes, key=lambda note: note.number))


def _note_texts(document: Any, relation_type: str, kind: str) -> Iterator[tuple[str, str]]:
    from docx.oxml.parser import parse_xml

    for rel in document.part.rels.values():
        if rel.reltype != relation_type or rel.is_external:
            continue
        root = parse_xml(rel.target_part.blob)
        for note in root.iter(f"{_W}{kind}"):
            if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in note.iter(f"{_W}p"))
            yield note.get(f"{_W}id") or "", " ".join(normalize_web_text(text).split())


def _list_formats(document: Any) -> dict[tuple[str, int], tuple[str, int]]:
    """(numId, level) -> (number format, start) from the numbering part: "decimal" lists are numbered."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, tuple[str, int]]] = {}
    for definition in numbering.iter(f"{_W}abstractNum"):
        levels: dict[int, tuple[str, int]] = {}
        for level in definition.iter(f"{_W}lvl"):
            fmt = level.find(f"{_W}numFmt")
            start = level.find(f"{_W}start")
            start_value = start.get(f"{_W}val") if start is not None else "1"
            levels[_int(level.get(f"{_W}ilvl"))] = (
                fmt.get(f"{_W}val") if fmt is not None else "",
                _int(start_value, default=1),
            )
        abstract[definition.get(f"{_W}abstractNumId") or ""] = levels
    formats: dict[tuple[str, int], tuple[str, int]] = {}
    for num in numbering.iter(f"{_W}num"):
        abstract_id = num.find(f"{_W}abstractNumId")
        levels = abstract.get(abstract_id.get(f"{_W}val") if abstract_id is not None else "", {})
        for level, value in levels.items():
            formats[(num.get(f"{_W}numId") or "", level)] = value
    return formats


def _list_label(reader: _Reader, paragraph: Any) -> str:
    """ "3. " for the third item of a numbered list, "• " for a bulleted one, "" for other paragraphs."""
    numbering = paragraph.find(f"{_W}pPr/{_W}numPr")
    if numbering is None:
        return ""
    num_id_element, level_element = numbering.find(f"{_W}numId"), numbering.find(f"{_W}ilvl")
    num_id = num_id_element.get(f"{_W}val") if num_id_element is not None else ""
    level = _int(level_element.get(f"{_W}val") if level_element is not None else "0")
    fmt, start = reader.formats.get((num_id or "", level), ("", 1))
    if fmt in _BULLET_FORMATS or not num_id or num_id == "0":
        return "\u2022 " if num_id and num_id != "0" else ""
    counter = reader.list_counters.get((num_id, level), start - 1) + 1
    reader.list_counters[(num_id, level)] = counter
    for deeper in [key for key in reader.list_counters if key[0] == num_id and key[1] > level]:
        del reader.list_counters[deeper]
    return f"{counter}. "


def _int(value: str | None, default: int = 0) -> int:
    """Word's numbers as written; anything else (a missing or malformed value) is the default."""
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else default

"""``references.bib``: read it into ``Reference``s, append new entries, and pair it with an article's list.

Reading goes through bibtexparser v2. Writing never re-serializes what is already in the file: the
editor's formatting, comments and order stay byte for byte, new entries are appended as text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry

from claimcheck.errors import InputError
from claimcheck.files import write_atomic
from claimcheck.model import Reference

logger = logging.getLogger("claimcheck")

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_VALID_DOI = re.compile(r"10\.\d{4,9}/\S+")
# ASCII digits only (re.ASCII): "²³" or "١٢٣" is not an identifier NCBI knows.
_PMID_IN_NOTE = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE | re.ASCII)
_PMCID_IN_NOTE = re.compile(r"\b(PMC\d{1,9})\b", re.IGNORECASE | re.ASCII)
_VALID_PMCID = re.compile(r"PMC\d{1,9}", re.ASCII)
_YEAR = re.compile(r"\d{4}")
_BRACES = re.compile(r"[{}]")
_TITLE_SIMILARITY = 0.85
# A readable reference fits the 200 characters that findings quote as evidence.
READABLE_LIMIT = 200


def _middlewares() -> list[Middleware]:
    return [LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()]


def load_bibliography(path: str | Path, text: str | None = None) -> tuple[Reference, ...]:
    """Every entry as a Reference located at its file line; unusable entries raise InputError.

    ``text``, when given, is the file's content (an older version, from git), which is then not read
    from ``path``; ``path`` still names the file in locations and errors."""
    name = str(path)
    if text is None:
        text = _read(path)
    library = bibtexparser.parse_string(text, append_middleware=_middlewares())  # type: ignore[attr-defined]
    references = [_to_reference(entry, name) for entry in library.entries]
    first_by_key = {reference.key: reference for reference in references}
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            _check_duplicate(block, first_by_key[block.key], name, line)
            continue
        reason = _one_line(block.error) or "the entry is not closed (a '}' is missing)"
        raise InputError(name, f"unparsable BibTeX block: {reason}", line)
    return tuple(references)


def _read(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "no such bibliography file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read bibliography: {error}") from None


def _check_duplicate(block: DuplicateBlockKeyBlock, first: Reference, name: str, line: int) -> None:
    """A repeated key for the same work is a harmless export slip; for another work it is ambiguous."""
    if not isinstance(block.ignore_error_block, Entry):
        raise InputError(name, f"duplicate key '{block.key}' (first at line {first.line})", line)
    again = _to_reference(_decoded(block.ignore_error_block), name)
    if (again.title, again.year, again.doi, again.pmid) != (first.title, first.year, first.doi, first.pmid):
        raise InputError(
            name, f"duplicate key '{block.key}' (first at line {first.line}) for a different work", line
        )
    logger.warning("%s:%d: duplicate entry '%s' ignored (same as line %d)", name, line, block.key, first.line)


def _decoded(entry: Entry) -> Entry:
    """Run the reading middlewares on an entry bibtexparser set aside (a duplicate) before them."""
    library = Library([entry])
    for middleware in _middlewares():
        library = middleware.transform(library)
    decoded: Entry = library.entries[0]
    return decoded


def _one_line(error: object) -> str:
    return " ".join(str(error).split())


def _to_reference(entry: Entry, name: str) -> Reference:
    line = (entry.start_line or 0) + 1
    fields = {field.key.lower(): field for field in entry.fields}

    def value(key: str) -> str:
        field = fields.get(key)
        if field is None or isinstance(field.value, list | NameParts):
            return ""
        return " ".join(_BRACES.sub("", str(field.value)).split())

    def field_line(key: str) -> int:
        field = fields.get(key)
        return field.start_line + 1 if field is not None and field.start_line is not None else line

    doi = _DOI_PREFIX.sub("", value("doi")).rstrip(".")
    if doi and not _VALID_DOI.fullmatch(doi):
        raise InputError(name, f"entry '{entry.key}': invalid DOI '{doi}'", field_line("doi"))
    pmid = value("pmid") or _mendeley_eprint_pmid(value("eprint")) or _first(_PMID_IN_NOTE, value("note"))
    if pmid and not _is_ascii_number(pmid):
        raise InputError(name, f"entry '{entry.key}': invalid PMID '{pmid}'", field_line("pmid"))
    pmcid = (value("pmcid") or _first(_PMCID_IN_NOTE, value("note"))).upper()
    if pmcid and not _VALID_PMCID.fullmatch(pmcid):
        raise InputError(name, f"entry '{entry.key}': invalid PMCID '{pmcid}'", field_line("pmcid"))
    reference = Reference(
        key=entry.key,
        authors=_authors(fields.get("author")),
        title=value("title"),
        journal=value("journal") or value("journaltitle") or value("booktitle"),
        year=_year(value("year")),
        volume=value("volume"),
        issue=value("number") or value("issue"),
        pages=value("pages"),  # LaTeX decoding already made "--" an en dash
        doi=doi,
        pmid=pmid,
        pmcid=pmcid,
        path=name,
        line=line,
    )
    return replace(reference, raw=readable(reference))


def _year(text: str) -> int | None:
    """The year a ``year`` field starts with; any other digits ("²⁰¹⁹", a 100k-digit number) give none."""
    match = _YEAR.match(text)
    if match is None or not match.group(0).isascii():
        return None
    return int(match.group(0))


def _is_ascii_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def readable(reference: Reference) -> str:
    """The entry as a reference list would print it, for evidence and messages: "Shaw B, Darrow M, Derian
    A. Short-Term Outcomes... Clin Med Insights Arthritis Musculoskelet Disord. 2018;11." At most
    ``READABLE_LIMIT`` characters: a long title is cut at a word, never the entry mid-field."""
    authors = ", ".join(reference.authors[:3]) + (", et al" if len(reference.authors) > 3 else "")
    where = str(reference.year or "")
    if reference.volume:
        where += f";{reference.volume}"
        if reference.pages:
            where += f":{reference.pages}"
    tail = ". ".join(part for part in (reference.journal, where) if part)
    head = f"{authors}. " if authors else ""
    room = READABLE_LIMIT - len(head) - len(tail) - 4
    title = reference.title if len(reference.title) <= room else _cut_at_word(reference.title, max(room, 20))
    parts = (part.strip() for part in (head, title, tail))
    return " ".join(
        part if part.endswith(("\u2026", ".", "?", "!")) else f"{part}." for part in parts if part
    )


def _cut_at_word(text: str, width: int) -> str:
    cut = text[: width - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "\u2026"


def _mendeley_eprint_pmid(eprint: str) -> str:
    """Mendeley exports a PMID as ``eprint`` (with a bogus arXiv prefix); an arXiv id is not digits only."""
    return eprint if eprint.isdigit() else ""


def _first(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group(1) if match else ""


def _authors(field: object) -> tuple[str, ...]:
    """Authors in the form PubMed uses: "Shaw, Brent and Darrow, Marc" -> ("Shaw B", "Darrow M")."""
    names = getattr(field, "value", None)
    if not isinstance(names, list):
        return ()
    authors = []
    for name in names:
        if not isinstance(name, NameParts):
            continue
        family = " ".join(_BRACES.sub("", part) for part in (*name.von, *name.last)).strip()
        initials = "".join(
            piece[0].upper()
            for given in name.first
            for piece in re.split(r"[\s.\-]+", _BRACES.sub("", given))
            if piece
        )
        if family:
            authors.append(f"{family} {initials}".strip())
    return tuple(authors)


# --------------------------------------------------------------------------- merge and reconcile


def same_work(first: Reference, second: Reference) -> bool:
    """A shared identifier, the same key, or same first author + year with a similar title."""
    for field in ("doi", "pmid", "pmcid"):
        left, right = getattr(first, field).lower(), getattr(second, field).lower()
        if left and left == right:
            return True
    if first.key and first.key == second.key:
        return True
    if not (first.year and first.year == second.year and first.authors and second.authors):
        return False
    if first.first_author_family.lower() != second.first_author_family.lower():
        return False
    ratio = SequenceMatcher(None, first.title.lower(), second.title.lower()).ratio()
    return ratio >= _TITLE_SIMILARITY


def merge_into_bibliography(path: str | Path, references: Sequence[Reference]) -> tuple[str, ...]:
    """Append the references the file lacks, leaving every existing byte as it was; return the added keys."""
    target = Path(path)
    existing_text = target.read_text(encoding="utf-8-sig") if target.exists() else ""
    existing = list(load_bibliography(target, existing_text)) if existing_text.strip() else []
    taken = {reference.key for reference in existing}
    added: list[Reference] = []
    for reference in references:
        if any(same_work(reference, known) for known in (*existing, *added)):
            continue
        added.append(replace(reference, key=_free_key(reference.key, taken)))
    if not added:
        return ()
    separator = (
        ""
        if not existing_text or existing_text.endswith("\n\n")
        else ("\n" if existing_text.endswith("\n") else "\n\n")
    )
    write_atomic(target, existing_text + separator + "\n".join(_to_bibtex(ref) for ref in added))
    return tuple(reference.key for reference in added)


def _free_key(key: str, taken: set[str]) -> str:
    candidate, suffix = key, 0
    while candidate in taken:
        suffix += 1
        candidate = f"{key}-{suffix}"
    taken.add(candidate)
    return candidate


def _to_bibtex(reference: Reference) -> str:
    """One new entry in the plain style editors write by hand (braced values, two-space indent)."""
    fields = [
        ("author", " and ".join(_bibtex_name(_escape(author)) for author in reference.authors)),
        ("title", reference.title),
        ("journal", reference.journal),
        ("year", str(reference.year) if reference.year else ""),
        ("volume", reference.volume),
        ("number", reference.issue),
        ("pages", reference.pages.replace("-", "--").replace("\u2013", "--")),
        ("doi", reference.doi),
        ("pmid", reference.pmid),
        ("pmcid", reference.pmcid),
    ]
    body = ",\n".join(
        f"  {name} = {{{value if name == 'author' else _escape(value)}}}" for name, value in fields if value
    )
    return f"@article{{{reference.key},\n{body}\n}}\n"


def _bibtex_name(author: str) -> str:
    """BibTeX's form, so that it splits family and given names correctly: "Shaw B" -> "Shaw, B."."""
    family, _, initials = author.rpartition(" ")
    if not family or not re.fullmatch(r"[A-Z]{1,4}", initials):
        return f"{{{author}}}"  # a collective name ("WHO Study Group") is kept whole
    return f"{family}, {' '.join(f'{letter}.' for letter in initials)}"


def _escape(value: str) -> str:
    """Unbalanced braces would swallow the rest of the file; drop them from free text."""
    return value.replace("{", "").replace("}", "")


def reconcile(article_refs: Sequence[Reference], bib_refs: Sequence[Reference]) -> tuple[Reference, ...]:
    """Each article reference replaced by its bib entry when they are the same work, keeping its number."""
    reconciled = []
    for reference in article_refs:
        match = next((entry for entry in bib_refs if same_work(reference, entry)), None)
        reconciled.append(reference if match is None else replace(match, number=reference.number))
    return tuple(reconciled)

"""Read an article file (plain text, Markdown or HTML) into an ``Article``.

Text and Markdown keep their lines exactly, so a line number in a finding is the line an editor
sees. HTML becomes its visible text, one line per block, each mapped back to the file line where
its text starts. Everything here is linear in the size of the file.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.inputs.normalize import normalize_web_text
from claimcheck.inputs.refentry import parse_reference_entry
from claimcheck.inputs.reflist import find_reference_list, make_keys
from claimcheck.model import Article, Reference

logger = logging.getLogger("claimcheck")

MAX_ARTICLE_BYTES = 20 * 1024 * 1024
_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
# Tried in this order after UTF-8: cp1252 is what Windows editors save; latin-1 decodes any byte.
_FALLBACK_ENCODINGS = ("cp1252", "latin-1")


def read_article(path: str | Path) -> Article:
    """Read, decode and normalize an article and find its reference list; bad files raise InputError."""
    name = str(path)
    data = _read_bytes(Path(path), name)
    fmt = _FORMATS.get(Path(path).suffix.lower(), "text")
    decoded = _decode(data, name)
    if fmt == "html":
        text, source_lines = _visible_html_text(decoded)
    else:
        text = normalize_web_text(decoded)
        source_lines = tuple(range(1, text.count("\n") + 2))
    if not text.strip():
        raise InputError(name, "empty article")
    references, body_end = _reference_list(text, source_lines, name)
    return Article(
        path=name, format=fmt, text=text, source_lines=source_lines, references=references, body_end=body_end
    )


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


def _reference_list(text: str, source_lines: tuple[int, ...], name: str) -> tuple[tuple[Reference, ...], int]:
    """Parsed entries of the article's reference list and the offset where the list starts (-1: none)."""
    lines = text.split("\n")
    found = find_reference_list(lines)
    if found is None:
        return (), -1
    entries = tuple(
        parse_reference_entry(entry.text, number=entry.number, path=name, line=source_lines[entry.line_index])
        for entry in found.entries
    )
    body_end = sum(len(line) + 1 for line in lines[: found.start_line_index])
    return make_keys(entries), body_end


# --------------------------------------------------------------------------- HTML

_HIDDEN = frozenset({"script", "style", "nav", "header", "footer", "aside", "noscript", "template", "head"})
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_WHITESPACE = re.compile(r"\s+")
# <sup>1,3-5</sup> after a sentence is a citation; in visible text it is written with superscript
# digits, as a web page pasted as text would show it, so that "pain.<sup>1</sup>" does not read "pain.1".
_CITATION_SUPERSCRIPT = re.compile(r"\s*\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*\s*")
_TO_SUPERSCRIPT = str.maketrans(
    "0123456789\u2013", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079-"
)


@dataclass
class _ListState:
    ordered: bool
    next_number: int = 1


class _VisibleTextParser(HTMLParser):
    """Collect visible text as lines; each line remembers the source line its first word came from."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.source_lines: list[int] = []
        self._parts: list[str] = []
        self._line_start = 0
        self._hidden_depth = 0
        self._pre_depth = 0
        self._sup_depth = 0
        self._lists: list[_ListState] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden_depth += 1
            return
        if self._hidden_depth:
            return
        if tag in _BLOCKS:
            self._break_line()
        if tag == "pre":
            self._pre_depth += 1
        elif tag == "sup":
            self._sup_depth += 1
        elif tag in ("ol", "ul"):
            self._lists.append(_ListState(ordered=tag == "ol", next_number=_start_number(attrs)))
        elif tag == "li":
            self._add_text(self._list_marker(), self.getpos()[0])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._hidden_depth and tag in _BLOCKS:
            self._break_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden_depth = max(0, self._hidden_depth - 1)
            return
        if self._hidden_depth:
            return
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        elif tag == "sup":
            self._sup_depth = max(0, self._sup_depth - 1)
        elif tag in ("ol", "ul") and self._lists:
            self._lists.pop()
        if tag in _BLOCKS:
            self._break_line()

    def handle_data(self, data: str) -> None:
        if self._hidden_depth:
            return
        line = self.getpos()[0]
        if self._sup_depth and _CITATION_SUPERSCRIPT.fullmatch(data):
            data = "".join(data.split()).translate(_TO_SUPERSCRIPT)
        if not self._pre_depth:
            leading = len(data) - len(data.lstrip())
            self._add_text(_WHITESPACE.sub(" ", data), line + data.count("\n", 0, leading))
            return
        for index, piece in enumerate(data.split("\n")):
            if index:
                self._break_line(empty_line=line + index - 1)
            self._add_text(piece, line + index)

    def close(self) -> None:
        super().close()
        self._break_line()

    def _add_text(self, text: str, line: int) -> None:
        if not self._parts or not "".join(self._parts).strip():
            if not text.strip():
                return
            self._line_start = line
        self._parts.append(text)

    def _break_line(self, empty_line: int = 0) -> None:
        """End the current text line; inside <pre> an empty line is kept too (``empty_line`` says where)."""
        text = normalize_web_text("".join(self._parts))
        self._parts.clear()
        text = " ".join(text.split()) if not self._pre_depth else text.rstrip()
        if text or empty_line:
            self.lines.append(text)
            self.source_lines.append(self._line_start if text else empty_line)
        self._line_start = 0

    def _list_marker(self) -> str:
        if not self._lists:
            return "\u2022 "
        state = self._lists[-1]
        if not state.ordered:
            return "\u2022 "
        state.next_number += 1
        return f"{state.next_number - 1}. "


def _start_number(attrs: list[tuple[str, str | None]]) -> int:
    for name, value in attrs:
        if name == "start" and value and value.strip().lstrip("-").isdigit():
            return int(value.strip())
    return 1


def _visible_html_text(markup: str) -> tuple[str, tuple[int, ...]]:
    """The page's visible text, one line per block, and for each line the file line it starts on."""
    parser = _VisibleTextParser()
    parser.feed(markup.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    return "\n".join(parser.lines), tuple(parser.source_lines)

"""An HTML page as a CMS gives it: its visible article text, one line per block, mapped to file lines.

What a reader does not see, and what is not the article, is left out: scripts and styles, and the
page's furniture (navigation, header, footer, sidebars, share buttons, related posts, comments,
cookie banners), told by element (``<nav>``), ARIA role or a WordPress-like class or id. ``<sup>``
citation numbers become superscript digits (so "pain.<sup>1</sup>" does not read "pain.1"), and
links that cite a work are kept with their place in the text. Linear in the size of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from claimcheck.inputs.links import citation_link
from claimcheck.inputs.normalize import as_superscript_citation, normalize_web_text
from claimcheck.model import Hyperlink

_HIDDEN = frozenset({"script", "style", "nav", "header", "footer", "aside", "noscript", "template", "head"})
_HIDDEN_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog"})
# A class or id word that marks page furniture in WordPress-like themes ("post-navigation",
# "sharedaddy", "related-posts", "comments-area", "cookie-notice", "widget_text").
_FURNITURE = re.compile(
    r"(?:^|[-_])(?:nav|navigation|navbar|menu|breadcrumbs?|footer|sidebar|widgets?|share|sharing|sharedaddy|"
    r"social|related|comments?|cookies?|newsletter|subscribe|subscription|advert|ads|promo|popup|modal|"
    r"sr-only|screen-reader-text|skip-link|cta|author|byline|entry-meta|posted-on|site-title|site-name|"
    r"site-description|site-branding|crumbs|brand|logo|disclosure|editors-note|dates?)(?:$|[-_])",
    re.IGNORECASE,
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_BLOCKS = frozenset(
    "address article blockquote body br caption dd details div dl dt fieldset figcaption figure form "
    "h1 h2 h3 h4 h5 h6 hr html li main ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_BLANKS_OR_WORD = re.compile(r"\s+|\S+")
# Where a citing link starts and ends in a line being built; private-use characters no page shows.
_LINK_OPEN, _LINK_CLOSE = "\ue000", "\ue001"
# Where a piece of text starts in the file: the mark carries its file line and column ("23,5").
_LINE_MARK, _LINE_MARK_END = "\ue002", "\ue003"
_LINK_MARK = re.compile(
    f"({_LINK_OPEN}|{_LINK_CLOSE}[^{_LINK_CLOSE}]*{_LINK_CLOSE}|{_LINE_MARK}\\d+,\\d+{_LINE_MARK_END})"
)
_ASCII_DIGITS = re.compile(r"[0-9]{1,6}")


@dataclass
class _ListState:
    ordered: bool
    next_number: int = 1


@dataclass(frozen=True)
class VisibleText:
    """A page's visible text, the file line of each of its lines, where in the file each piece of its
    text starts (``marks``, as (offset, file line, file column): a paragraph's sentences lie on many
    file lines), and its citing links."""

    text: str
    source_lines: tuple[int, ...]
    links: tuple[Hyperlink, ...]
    marks: tuple[tuple[int, int, int], ...] = ()


class _VisibleTextParser(HTMLParser):
    """Collect visible text as lines; each line remembers the source line its first word came from."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self._markup = markup  # read back where a piece of text is written, character references and all
        self._markup_line_starts = [0] + [match.end() for match in re.finditer("\n", markup)]
        self.lines: list[str] = []
        self.source_lines: list[int] = []
        self.links: list[tuple[int, int, int, str, str]] = []  # line index, start, end, url, words
        self.line_marks: list[tuple[int, int, int, int]] = []  # line index, offset, file line and column
        self._parts: list[str] = []
        self._has_text = False  # whether the line being built has a visible word yet
        self._line_start = 0
        self._hidden_tag = ""  # the element that hides everything inside it, and how deep it nests
        self._hidden_nesting = 0
        self._pre_depth = 0
        self._sup_depth = 0
        self._lists: list[_ListState] = []
        self._open_links: list[str] = []  # hrefs of citing links still open

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._hidden_tag:
            self._hidden_nesting += tag == self._hidden_tag and tag not in _VOID
            return
        if tag not in _VOID and _hides(tag, attrs):
            self._hidden_tag, self._hidden_nesting = tag, 1
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
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self._open_links.append(href)
            if citation_link(0, 0, href, "") is not None:
                self._parts.append(_LINK_OPEN)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._hidden_tag and tag in _BLOCKS:
            self._break_line()

    def handle_endtag(self, tag: str) -> None:
        if self._hidden_tag:
            if tag == self._hidden_tag:
                self._hidden_nesting -= 1
                if self._hidden_nesting <= 0:
                    self._hidden_tag = ""
            return
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        elif tag == "sup":
            self._sup_depth = max(0, self._sup_depth - 1)
        elif tag in ("ol", "ul") and self._lists:
            self._lists.pop()
        elif tag == "a" and self._open_links:
            href = self._open_links.pop()
            if citation_link(0, 0, href, "") is not None:
                self._parts.append(_LINK_CLOSE + href + _LINK_CLOSE)
        if tag in _BLOCKS:
            self._break_line()

    def handle_data(self, data: str) -> None:
        if self._hidden_tag:
            return
        line, column = self.getpos()
        if self._sup_depth:
            data = as_superscript_citation(data)
        if not self._pre_depth:
            leading = len(data) - len(data.lstrip())
            first_line = line + data.count("\n", 0, leading)
            self._add_text(_located_words(self._as_written(data, line, column), line, column), first_line)
            return
        for index, piece in enumerate(data.split("\n")):
            if index:
                self._break_line(empty_line=line + index - 1)
            self._add_text(piece, line + index)

    def _as_written(self, data: str, line: int, column: int) -> tuple[str, bool]:
        """The markup that ``data`` (found at ``line`` and 0-based ``column``) was read from, and True;
        ``data`` and False when that cannot be told (a superscript is read as its digits alone)."""
        start = self._markup_line_starts[line - 1] + column
        end = self._markup.find("<", start + 1 if self._markup.startswith("<", start) else start)
        written = self._markup[start : end if end >= 0 else len(self._markup)]
        return (written, True) if not self._sup_depth and unescape(written) == data else (data, False)

    def close(self) -> None:
        super().close()
        self._break_line()

    def _add_text(self, text: str, line: int) -> None:
        if not self._has_text:
            if not text.strip():
                return
            self._line_start, self._has_text = line, True
        self._parts.append(text)

    def _break_line(self, empty_line: int = 0) -> None:
        """End the current text line; inside <pre> an empty line is kept too (``empty_line`` says where)."""
        text = normalize_web_text("".join(self._parts))
        self._parts.clear()
        self._has_text = False
        if self._open_links and _LINK_OPEN in text.rsplit(_LINK_CLOSE, 1)[-1]:
            self._parts.append(_LINK_OPEN)  # a link that goes on over a block break goes on in the next line
        text = " ".join(text.split()) if not self._pre_depth else text.rstrip()
        text = self._take_links(text)
        if text or empty_line:
            self.lines.append(text)
            self.source_lines.append(self._line_start if text else empty_line)
        self._line_start = 0

    def _take_links(self, text: str) -> str:
        """The line without its link marks; each closed citing link recorded as (line, start, end, url,
        words), its span empty and at the end of its words. ``text`` has single spaces already."""
        if _LINK_OPEN not in text and _LINK_CLOSE not in text and _LINE_MARK not in text:
            return text
        plain = ""
        opened: int | None = None
        for piece in _LINK_MARK.split(text):
            if piece.startswith(_LINE_MARK):
                file_line, file_column = piece.strip(_LINE_MARK + _LINE_MARK_END).split(",")
                self.line_marks.append((len(self.lines), len(plain), int(file_line), int(file_column)))
            elif piece == _LINK_OPEN:
                opened = len(plain)
            elif piece.startswith(_LINK_CLOSE):
                if opened is not None:
                    end = len(plain.rstrip())
                    self.links.append(
                        (len(self.lines), end, end, piece.strip(_LINK_CLOSE), plain[opened:end].strip())
                    )
                opened = None
            else:
                plain += piece[1:] if piece.startswith(" ") and (not plain or plain.endswith(" ")) else piece
        return plain.rstrip()

    def _list_marker(self) -> str:
        if not self._lists:
            return "\u2022 "
        state = self._lists[-1]
        if not state.ordered:
            return "\u2022 "
        state.next_number += 1
        return f"{state.next_number - 1}. "


def _located_words(written: tuple[str, bool], line: int, column: int) -> str:
    """The text of ``written`` (markup found at file ``line`` and 0-based ``column``, and whether its
    character references are still to be read) with each run of blanks one space, and a mark of its
    file line and 1-based column before each word whose place the text alone would misplace: the first,
    the first of each file line, and any after a character reference or a longer run of blanks. So a
    sentence inside a paragraph is located where it is written, whatever came before it on its line."""
    markup, escaped = written
    pieces: list[str] = []
    expected = -1  # the column of the next word if it sits one blank after the word before
    for match in _BLANKS_OR_WORD.finditer(markup):
        piece = match.group()
        if piece.isspace():
            pieces.append(" ")
            newlines = piece.count("\n")
            line += newlines
            column = len(piece) - piece.rfind("\n") - 1 if newlines else column + len(piece)
            expected = -1 if newlines else expected
            continue
        text = unescape(piece) if escaped else piece
        if column != expected:
            pieces.append(f"{_LINE_MARK}{line},{column + 1}{_LINE_MARK_END}")
        pieces.append(text)
        expected = column + len(text) + 1
        column += len(piece)
    return "".join(pieces)


def _hides(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Hidden elements, furniture roles and classes, and anything marked hidden."""
    if tag in _HIDDEN:
        return True
    values = dict(attrs)
    if (values.get("role") or "").lower() in _HIDDEN_ROLES or "hidden" in values:
        return True
    if (values.get("aria-hidden") or "").lower() == "true" and tag not in ("sup", "span", "a", "i", "svg"):
        return True
    names = f"{values.get('class') or ''} {values.get('id') or ''}".split()
    return any(_FURNITURE.search(name) for name in names)


def _start_number(attrs: list[tuple[str, str | None]]) -> int:
    """``<ol start="3">``; any other value (a superscript "²", a word, a 100-digit number) starts at 1."""
    for name, value in attrs:
        if name == "start" and value and _ASCII_DIGITS.fullmatch(value.strip()):
            return int(value.strip())
    return 1


def visible_html_text(markup: str) -> VisibleText:
    """The page's visible text, one line per block, the file line each line starts on, and its links."""
    markup = markup.replace("\r\n", "\n").replace("\r", "\n")
    parser = _VisibleTextParser(markup)
    parser.feed(markup)
    parser.close()
    offsets = [0]
    for line in parser.lines:
        offsets.append(offsets[-1] + len(line) + 1)
    links = tuple(
        link
        for line, start, end, url, words in parser.links
        if (link := citation_link(offsets[line] + start, offsets[line] + end, url, words)) is not None
    )
    marks = tuple(
        (offsets[line] + start, file_line, file_column)
        for line, start, file_line, file_column in parser.line_marks
    )
    return VisibleText("\n".join(parser.lines), tuple(parser.source_lines), links, marks)

"""Web-text normalization that never moves a line: what is copied out of a browser or a CMS
carries invisible characters (no-break spaces, soft hyphens, zero-width joiners, a stray backtick
from a Markdown editor) that would defeat every later comparison.

Every function here keeps the number of ``\\n`` in the text, so a line of the normalized text is
the same line of the file. ``fold_punctuation`` also keeps the length, so offsets stay valid.
"""

from __future__ import annotations

import re

# Spaces a browser renders as a plain space: no-break, narrow no-break, thin, figure, en/em...
_SPACES = "\u00a0\u202f\u2009\u2007\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u200a\u205f\u3000\t"
# Characters a reader never sees: soft hyphen, zero-width space/joiners, word joiner, BOM.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Python's str.splitlines() breaks on these but editors number lines by "\n" alone: make them spaces
# so that every stage counts lines the same way.
_OTHER_BREAKS = "\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"

_REPLACED = {**dict.fromkeys(_SPACES + _OTHER_BREAKS, " "), **dict.fromkeys(_INVISIBLE, "")}
# str.translate looks every character up in its table (0.17 s for 2 MB); the expression finds the few
# characters to replace at C speed, and only those are looked up.
_TO_REPLACE = re.compile(f"[{re.escape(''.join(_REPLACED))}]")
# One or two backticks opening a line with no closing backtick on it: a slip of a Markdown editor,
# not inline code (which closes) and not a code fence (three or more).
_STRAY_BACKTICK = re.compile(r"^([ \t]*)`{1,2}(?=[^`\n]*$)", re.MULTILINE)

_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF: an editor shows each as one line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalize_web_text(text: str) -> str:
    """Strip what a browser copy adds and nobody sees, keeping every line where it was.

    Curly quotes and dashes are kept: a quotation check must see what the article printed.
    """
    text = normalize_newlines(text)
    if any(char in text for char in _REPLACED):  # (each looked for at C speed: most texts hold none)
        text = _TO_REPLACE.sub(lambda found: _REPLACED[found.group()], text)
    return (
        _STRAY_BACKTICK.sub(r"\1", text) if "`" in text else text
    )  # (a line-start pattern tries every offset)


# Citation numbers set as superscript (HTML <sup>, Word's superscript runs): "1", "2, 3", "4-6".
_CITATION_SUPERSCRIPT = re.compile(r"\s*\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3}){0,20}\s*")
_TO_SUPERSCRIPT = str.maketrans(
    "0123456789\u2013", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079-"
)


def as_superscript_citation(text: str) -> str:
    """Citation numbers set as superscript, written with superscript digits as a page pasted as text
    shows them ("pain.<sup>1</sup>" is "pain.¹", not "pain.1"); other text unchanged."""
    if _CITATION_SUPERSCRIPT.fullmatch(text) is None:
        return text
    return "".join(text.split()).translate(_TO_SUPERSCRIPT)


def fold_punctuation(text: str) -> str:
    """Curly quotes, primes and dashes as their ASCII forms, one character for one.

    The extractor matches patterns on this form and slices the original with the same offsets.
    """
    return text.translate(_PUNCTUATION)

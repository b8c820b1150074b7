"""One way to compare text, shared by every stage.

The extractor decides that "a review in the Archives of Orthopaedic & Trauma Surgery" names the
same journal as a reference, and the checkers decide that a record's journal is the one the text
names: both must fold text the same way, or a claim linked by one stage is contradicted by the next.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form: "The Archives of Orthopaedic & Trauma Surgery."
    and "archives of orthopaedic and trauma surgery" fold alike (a leading "the" is dropped)."""
    words = folded_words(text)
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def folded_words(text: str) -> list[str]:
    """The words of ``text``, case- and accent-free, "&" read as "and"."""
    text = strip_accents(text.translate(_QUOTES)).casefold()
    text = text.replace("&", " and ")
    return _NON_WORD.sub(" ", text).split()


def strip_accents(text: str) -> str:
    """Accents dropped ("Müller" -> "Muller", "Jörg" -> "Jorg"); other characters are kept."""
    if text.isascii():  # most text: nothing to strip, and this runs for every sentence
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def ascii_fold(text: str) -> str:
    """Accents dropped and non-ASCII removed ("Müller" -> "Muller"), for keys and ids people type."""
    if text.isascii():
        return text
    # strip_accents without its per-character loop: every combining mark it drops is non-ASCII anyway
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")

"""Text normalizers shared by every checker, so that all of them compare text the same way."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form: "The Archives of Orthopaedic & Trauma Surgery."
    and "archives of orthopaedic and trauma surgery" fold alike (a leading "the" is dropped)."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = text.replace("&", " and ")
    words = _NON_WORD.sub(" ", text).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)

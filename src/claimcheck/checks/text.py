"""Evidence spans for the checkers, and the text helpers they share with every other stage.

Words, sentences and spelling live on the ground floor (``claimcheck.vocabulary.words``) and are named
here too, so that a checker needs one import; folding itself (``fold``) is ``claimcheck.textfold``."""

from __future__ import annotations

from claimcheck.vocabulary.words import Token, american, fold_space, sentence_bounds, word_tokens

__all__ = ["Token", "american", "excerpt", "fold_space", "sentence_bounds", "word_tokens"]


def excerpt(text: str, start: int, end: int, limit: int = 200) -> str:
    """The sentence around ``text[start:end]``, cut at word boundaries to about ``limit`` characters.

    The result is verbatim source text (whitespace folded), so a reader can find it in the source.
    """
    low, high = sentence_bounds(text, start, end)
    if high - low > limit:
        room = max(limit - (end - start), 0) // 2
        low = max(low, start - room)
        high = min(high, end + room) if end - start <= limit else start + limit
        while low > 0 and not text[low - 1].isspace() and low < start:
            low += 1
        while high < len(text) and not text[high].isspace() and high > end:
            high -= 1
    return fold_space(text[low:high])

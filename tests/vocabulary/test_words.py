"""The word roots every checker compares words by (claimcheck.vocabulary.words.root)."""

from __future__ import annotations

import pytest

from claimcheck.vocabulary.words import root, word_tokens


def _root(written: str) -> str:
    (token,) = word_tokens(written)
    return root(token.word)


@pytest.mark.parametrize(
    "forms",
    [
        ("site", "sites"),  # a four-letter word in -e and its plural
        ("dose", "doses", "dosed"),
        ("kill", "kills", "killed", "killing"),  # spelling-neutral folding makes "killed" "kiled"
        ("labelled", "labeled", "labels"),
    ],
)
def test_forms_of_one_word_share_a_root(forms: tuple[str, ...]) -> None:
    assert len({_root(form) for form in forms}) == 1, {form: _root(form) for form in forms}


@pytest.mark.parametrize("pair", [("site", "side"), ("kill", "skill"), ("fall", "fail"), ("cell", "celery")])
def test_different_words_keep_different_roots(pair: tuple[str, str]) -> None:
    assert _root(pair[0]) != _root(pair[1])

"""Issue 13: an answer with any declared encoding ends in a parsed result or MalformedResponse, never a
LookupError or another traceback, in both parse_pubmed and parse_pmc.

The records are the invented ones of test_parse.py and tests/fixtures/pmc-parse.
"""

from __future__ import annotations

import codecs
import encodings.aliases
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.lookup.parse import MalformedResponse, parse_pmc, parse_pubmed

from .mutations import parse_or_refuse
from .test_parse import FULL_ARTICLE, SMALL_ARTICLE

PMC_DOCUMENT = Path(__file__).parents[1] / "fixtures" / "pmc-parse" / "knee-trial.xml"
PARSERS = {"pubmed": parse_pubmed, "pmc": parse_pmc}
# Every codec Python knows by name (its aliases lead to the same ones), and names nobody knows.
CODEC_NAMES = sorted(set(encodings.aliases.aliases.values()))
ODD_NAMES = ["TF-8", "utf-9", "ebcdic", "x-mac-roman", "", " ", "utf-8\x00", "rot13", "hex", "base64", "zlib"]


def pubmed_text(encoding: str) -> str:
    """An invented two-record answer with non-ASCII text, declaring ``encoding``."""
    articles = FULL_ARTICLE.format(pmid="99000040") + SMALL_ARTICLE.format(pmid="99000041")
    articles = articles.replace("Knee pain is common.", "Knee pain is common in Zürich and Malmö.")
    return f'<?xml version="1.0" encoding="{encoding}"?>\n<PubmedArticleSet>{articles}</PubmedArticleSet>'


def pmc_text(encoding: str) -> str:
    text = PMC_DOCUMENT.read_text(encoding="utf-8")
    declaration_end = text.index("?>") + 2
    return f'<?xml version="1.0" encoding="{encoding}"?>' + text[declaration_end:]


TEXTS: dict[str, Callable[[str], str]] = {"pubmed": pubmed_text, "pmc": pmc_text}


@pytest.mark.parametrize("kind", PARSERS)
@pytest.mark.parametrize("name", CODEC_NAMES + ODD_NAMES)
def test_any_declared_encoding_name_parses_or_is_refused(kind: str, name: str) -> None:
    """The declaration lies about bytes that are UTF-8: parsed or refused, nothing else."""
    parse_or_refuse(PARSERS[kind], TEXTS[kind](name).encode("utf-8"))


@pytest.mark.parametrize("kind", PARSERS)
def test_an_unknown_encoding_is_named_in_the_refusal(kind: str) -> None:
    with pytest.raises(MalformedResponse, match="unknown encoding 'TF-8'"):
        PARSERS[kind](TEXTS[kind]("TF-8").encode("utf-8"))


@pytest.mark.parametrize("kind", PARSERS)
def test_a_codec_that_is_not_a_text_encoding_is_refused(kind: str) -> None:
    with pytest.raises(MalformedResponse, match="not a text encoding"):
        PARSERS[kind](TEXTS[kind]("base64").encode("utf-8"))


@pytest.mark.parametrize("kind", PARSERS)
@pytest.mark.parametrize(
    ("declared", "codec"),
    [
        ("UTF-16", "utf-16"),  # with a byte-order mark
        ("UTF-16", "utf-16-le"),  # without one: known by the bytes of "<?"
        ("UTF-16", "utf-16-be"),
        ("UTF-32", "utf-32"),
        ("UTF-32", "utf-32-be"),
        ("UTF-8", "utf-8-sig"),
        ("ISO-8859-1", "latin-1"),
        ("windows-1252", "cp1252"),
        ("UTF-7", "utf-7"),
        ("macintosh", "mac-roman"),
        ("GB18030", "gb18030"),
    ],
)
def test_a_document_really_in_another_encoding_reads_as_its_utf8_twin(
    kind: str, declared: str, codec: str
) -> None:
    expected = PARSERS[kind](TEXTS[kind]("UTF-8").encode("utf-8"))
    assert expected, "the twin has something to compare"

    assert PARSERS[kind](codecs.encode(TEXTS[kind](declared), codec)) == expected


@pytest.mark.parametrize("kind", PARSERS)
def test_bytes_that_do_not_fit_the_declared_encoding_are_refused(kind: str) -> None:
    data = TEXTS[kind]("us-ascii").encode("utf-8")  # "Zürich" is not ASCII

    if kind == "pubmed":
        with pytest.raises(MalformedResponse, match="not valid us-ascii"):
            PARSERS[kind](data)
    else:
        parse_or_refuse(PARSERS[kind], data)


def test_error_positions_still_name_the_answers_own_lines() -> None:
    broken = pubmed_text("latin-1").replace("</PubmedArticleSet>", "").encode("latin-1")
    last_line = broken.count(b"\n") + 1

    with pytest.raises(MalformedResponse, match=f"line {last_line}"):
        parse_pubmed(broken)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sampled_from(list(PARSERS)))
def test_arbitrary_declared_names_never_escape_as_another_exception(name: str, kind: str) -> None:
    text = TEXTS[kind]("UTF-8").replace('encoding="UTF-8"', f"encoding={name!r}", 1)
    parse_or_refuse(PARSERS[kind], text.encode("utf-8", "surrogatepass"))

"""The quantity vocabulary on every real abstract and full text in ../shared/data, read in place.

These tests assert properties, not answers: no crash, no figure from a name with digits ("COVID-19",
"type 2", "phase 3", a trial's acronym), no confidence level read as a figure, every "x% vs y%" read
as two figures of one comparison, and everything extraction takes from a sentence read back by the
checkers to the same value. They skip when the shared data is absent.
"""

from __future__ import annotations

import functools
import gzip
import math
import re
from pathlib import Path

import pytest

from claimcheck.extract.figures import figure_phrases
from claimcheck.lookup.parse import parse_pmc, parse_pubmed
from claimcheck.vocabulary.quantities import Quantity, find_quantities, parse_quantities

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
needs_shared_data = pytest.mark.skipif(not (SHARED / "ncbi").is_dir(), reason="shared data is absent")

_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")
_NAMES = re.compile(
    r"\b(?:COVID-19|SARS-CoV-2|type [12] diabetes|[Pp]hase (?:[0-9IV]+(?:/[0-9IV]+)?[ab]?)|"
    r"(?:IL|TNF|HER|BRCA|EBNA|CD)-?[0-9]+[a-z]?|[A-Z]{3,}-?[0-9]{1,3})\b"
)
_VERSUS = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?) ?% ?(?:vs\.?|versus) ?(\d+(?:\.\d+)?) ?%")
_CONFIDENCE = re.compile(r"(?<![\d.])95 ?% ?(?:CI|confidence)")


def _read(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


@functools.cache
def real_texts() -> tuple[str, ...]:
    """Every abstract section of the recorded PubMed files, and every passage of the PMC full texts."""
    texts: list[str] = []
    for path in sorted((SHARED / "ncbi").rglob("*.xml*")):
        data = _read(path)
        if b"<PubmedArticleSet" in data[:4096] or b"<MedlineCitationSet" in data[:4096]:
            texts.extend(passage.text for record in parse_pubmed(data) for passage in record.abstract)
    for path in sorted((SHARED / "pmc").rglob("*.*xml")):
        try:
            bodies = parse_pmc(path.read_bytes())
        except ValueError:
            continue  # an answer the parser refuses is the parser's test, not this one
        texts.extend(passage.text for passages in bodies.values() for passage in passages)
    return tuple(text for text in texts if re.search(r"[0-9]", text))


def _sentences() -> list[str]:
    return [sentence for text in real_texts() for sentence in _SENTENCE.split(text)]


def _covers(quantity: Quantity, start: int, end: int) -> bool:
    return quantity.start < end and start < quantity.end


@needs_shared_data
def test_there_is_real_text_to_read() -> None:
    assert len(real_texts()) > 500


@needs_shared_data
def test_every_real_text_is_read_without_surprises() -> None:
    for text in real_texts():
        for quantity in find_quantities(text):
            assert math.isfinite(quantity.value), (quantity, text)
            assert text[quantity.start : quantity.end] in quantity.phrase
            assert quantity.high is None or quantity.high >= quantity.value


@needs_shared_data
def test_names_with_digits_are_never_figures() -> None:
    checked = 0
    for text in real_texts():
        for name in _NAMES.finditer(text):
            checked += 1
            clashes = [q for q in find_quantities(text) if _covers(q, name.start(), name.end())]
            assert not clashes, (name.group(), [q.phrase for q in clashes], text[: name.end() + 60])
    assert checked > 20


@needs_shared_data
def test_a_confidence_level_is_never_a_figure() -> None:
    for text in real_texts():
        for level in _CONFIDENCE.finditer(text):
            assert not [q for q in find_quantities(text) if q.start == level.start()], text[level.start() :][
                :80
            ]


@needs_shared_data
def test_x_percent_versus_y_percent_is_two_figures_of_one_comparison() -> None:
    checked = 0
    for text in real_texts():
        for pair in _VERSUS.finditer(text):
            checked += 1
            found = [q for q in find_quantities(text) if pair.start() <= q.start < pair.end()]
            assert [(q.value, q.unit) for q in found] == [
                (float(pair.group(1)), "%"),
                (float(pair.group(2)), "%"),
            ], pair.group()
            assert found[0].series == found[1].series >= 0, pair.group()
    assert checked >= 5


@needs_shared_data
def test_respectively_pairs_its_figures() -> None:
    pattern = re.compile(r"(\d+(?:\.\d+)?) ?%? and (\d+(?:\.\d+)?) ?%,? respectively")
    checked = 0
    for text in real_texts():
        for pair in pattern.finditer(text):
            found = [q for q in find_quantities(text) if pair.start() <= q.start < pair.end()]
            if len(found) == 2:
                checked += 1
                assert found[0].series == found[1].series >= 0, pair.group()
                assert found[0].unit == found[1].unit == "%", pair.group()
    assert checked >= 3


@needs_shared_data
def test_what_extraction_takes_from_real_sentences_reads_back_the_same() -> None:
    checked = 0
    for sentence in _sentences():
        for phrase, quantities in figure_phrases(sentence):
            checked += 1
            parsed = [(q.value, q.high, q.unit) for q in parse_quantities(phrase)]
            assert parsed == [(q.value, q.high, q.unit) for q in quantities], (phrase, sentence)
    assert checked > 1000

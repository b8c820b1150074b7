"""The figure checker on real abstracts (../shared/data/ncbi, read in place; skipped when absent).

Claims are made from the abstracts' own sentences, so that what is true of them is known without a
person writing them: a sentence claimed as it stands must be supported by its abstract, and the same
sentence with one number changed must not be. The measures are printed with ``-s``.
"""

from __future__ import annotations

import functools
import gzip
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck.checks import figures
from claimcheck.checks.base import ClaimContext
from claimcheck.extract.figures import find_figures
from claimcheck.lookup.parse import parse_pubmed
from claimcheck.model import Claim, Finding, Record, Reference, Severity, Support

NCBI_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ncbi"
needs_ncbi_data = pytest.mark.skipif(not NCBI_DATA.is_dir(), reason="shared NCBI recordings are absent")
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z(])")
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:\.\d+)?(?![\d.,])")


@functools.cache
def _records() -> tuple[Record, ...]:
    records: list[Record] = []
    for path in sorted(NCBI_DATA.rglob("*.xml*")):
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        if b"<PubmedArticleSet" in data[:4096] or b"<MedlineCitationSet" in data[:4096]:
            records.extend(record for record in parse_pubmed(data) if record.abstract)
    return tuple(records)


def _sentences() -> Iterator[tuple[Record, str, tuple[str, ...]]]:
    for record in _records():
        for passage in record.abstract:
            for sentence in _SENTENCE.split(passage.text):
                if found := find_figures(sentence):
                    yield record, sentence, found


def _verdict(record: Record, text: str, claimed: tuple[str, ...]) -> str:
    claim = Claim(id="c", article="a.txt", line=1, text=text, figures=claimed, cites=("r",))
    outcomes = list(figures.check(ClaimContext(claim, Reference(key="r"), record, record.abstract)))
    findings = [o for o in outcomes if isinstance(o, Finding) and o.rule != "CC303"]
    if any(f.severity is Severity.ERROR for f in findings):
        return "error"
    if any(f.severity is Severity.WARNING for f in findings):
        return "warning"
    if any(isinstance(o, Finding) and o.rule == "CC303" for o in outcomes):
        return "unverifiable"
    return "supported" if any(isinstance(o, Support) for o in outcomes) else "nothing"


def _changed(figure: str, sentence: str) -> tuple[str, str] | None:
    """The sentence and the figure with the figure's first number changed to one the sentence lacks."""
    number = _NUMBER.search(figure)
    if number is None or figure not in sentence:
        return None
    written = number.group()
    if "." in written:
        whole, fraction = written.split(".")
        new = f"{int(whole) + 7}.{fraction}"
    else:
        value = int(written)
        if 1900 <= value < 2100:
            return None
        new = str(value + 7 if value < 10 else value * 2 + 1)
    if re.search(rf"(?<![\d.]){re.escape(new)}(?![\d])", sentence):
        return None
    changed = figure[: number.start()] + new + figure[number.end() :]
    return sentence.replace(figure, changed, 1), changed


@needs_ncbi_data
def test_a_sentence_claimed_as_it_stands_is_supported_by_its_abstract() -> None:
    verdicts = Counter(_verdict(record, sentence, found) for record, sentence, found in _sentences())
    print(f"\nreal sentences claimed as they stand: {dict(verdicts)}")
    total = sum(verdicts.values())
    assert total > 1000
    assert verdicts["error"] == verdicts["warning"] == 0, verdicts
    assert verdicts["supported"] >= 0.99 * total, verdicts


@needs_ncbi_data
def test_a_sentence_with_one_number_changed_is_not_supported() -> None:
    verdicts: Counter[str] = Counter()
    for record, sentence, found in _sentences():
        changed = _changed(found[0], sentence)
        if changed is not None:
            verdicts[_verdict(record, changed[0], (changed[1],))] += 1
    print(f"\nreal sentences with one number changed: {dict(verdicts)}")
    total = sum(verdicts.values())
    assert total > 1000
    assert verdicts["supported"] <= 0.05 * total, verdicts
    assert verdicts["error"] + verdicts["warning"] >= 0.8 * total, verdicts

"""CC210 judged on real text: doctors' gold directions (evidence-inference) and real PubMed abstracts.

For every agreed evidence-inference prompt, a claim with the doctors' direction must not get CC210 from
the article's abstract and full text, and a claim with the direction reversed should; the rates are
printed (``pytest -s``) and held above floors. A claim that repeats a real abstract's own results
sentence must never be called wrong.
"""

from __future__ import annotations

from collections import Counter

import pytest

from claimcheck.checks import direction
from claimcheck.checks.base import ClaimContext
from claimcheck.model import Claim, Finding, Passage, Record, Reference, Severity
from claimcheck.vocabulary.effects import effect_phrases, sentences

from .evidence_inference import EVIDENCE_INFERENCE, agreed_prompts, measure, report
from .real_records import needs_ncbi_data, real_records


def _cc210(text: str, passages: tuple[Passage, ...], record: Record) -> Severity | None:
    claim = Claim(id="claim", article="a.md", line=1, text=text, effects=effect_phrases(text))
    outcomes = direction.check(ClaimContext(claim, Reference(key="ref"), record, passages))
    severities = [o.severity for o in outcomes if isinstance(o, Finding) and o.rule == "CC210"]
    return max(severities, key=lambda s: s.rank) if severities else None


@pytest.mark.skipif(not EVIDENCE_INFERENCE.is_dir(), reason="shared evidence-inference data is absent")
def test_gold_directions_against_the_full_text() -> None:
    """Floors at what CC210 reaches on the doctors' gold (``python benchmarks/direction_gold.py``)."""
    assert len(agreed_prompts()) >= 100
    result = measure()
    print("\n" + "\n".join(report(result)))
    right, wrong = result.total("right"), result.total("wrong")
    total_right, total_wrong = sum(right.values()), sum(wrong.values())
    assert right["error"] <= 0.01 * total_right, result.false_errors
    assert right["error"] + right["warning"] <= 0.06 * total_right
    assert right["supported"] >= 0.70 * total_right
    assert wrong["error"] + wrong["warning"] >= 0.79 * total_wrong
    assert wrong["supported"] <= 0.02 * total_wrong


@needs_ncbi_data
def test_a_claim_repeating_a_real_results_sentence_is_never_wrong() -> None:
    outcomes: Counter[str] = Counter()
    wrong = []
    for record in real_records():
        for passage in record.abstract:
            if passage.section.upper() not in ("RESULTS", "CONCLUSIONS", "CONCLUSION", "FINDINGS", ""):
                continue
            for start, end in sentences(passage.text):
                sentence = passage.text[start:end].strip()
                if not effect_phrases(sentence):
                    continue
                found = _cc210(sentence, record.abstract, record)
                outcomes[found.value if found else "none"] += 1
                if found is Severity.ERROR:
                    wrong.append((record.pmid, sentence))
    checked = sum(outcomes.values())
    print(f"\n{checked} real results sentences as claims: {dict(outcomes)}")
    assert checked >= 500
    assert len(wrong) <= 1, wrong
    assert outcomes["warning"] <= 0.10 * checked

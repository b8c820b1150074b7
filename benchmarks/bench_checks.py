"""Local-work benchmark: parsing, extraction and checking, the stages that need no network.

Measures, best of three runs each: parsing one full efetch batch (200 invented records), reading and
extracting claims from generated articles of 1 and 10 MB, and checking a figure and a quotation
against a ~100 KB full text. Prints a Markdown table. Run from the repository root:

    python benchmarks/bench_checks.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from claimcheck.checks import figures, quotes
from claimcheck.checks.base import ClaimContext
from claimcheck.extract import extract
from claimcheck.inputs.article import read_article
from claimcheck.lookup.parse import parse_pubmed
from claimcheck.model import Claim, Passage, Record, Reference
from fake_eutils import SyntheticWork, write_synthetic_records

PARAGRAPH = (
    "A study of 20 knees (1) found a 72% improvement in pain after 6 months. Researchers at the "
    "Invented Institute wrote: \u201cthe injections were safe and well tolerated.\u201d\n\n"
)
REFERENCE_LIST = "References\n\n1. Author Q. Invented knee study. J Invent Orthop. 2018;1:2-3.\n"


def best_of_three(work: Callable[[], object]) -> float:
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def parse_batch(directory: Path) -> tuple[str, float, str]:
    works = [
        SyntheticWork(
            pmid=str(61000000 + n),
            title=f"Invented knee study {n}",
            journal="Journal of Invented Orthopaedics",
            iso_abbreviation="J Invent Orthop",
            year=2015,
            volume="3",
            first_page=10 + n,
            author_family=f"Author{n}",
            author_initials="Q",
            doi=f"10.5555/b.{n}",
        )
        for n in range(200)
    ]
    data = write_synthetic_records(directory, works).read_bytes()
    seconds = best_of_three(lambda: parse_pubmed(data))
    return "parse one efetch batch (200 records)", seconds, f"{200 / seconds:,.0f} records/s"


def extract_article(directory: Path, megabytes: int) -> tuple[str, float, str]:
    path = directory / f"article-{megabytes}mb.txt"
    path.write_text(PARAGRAPH * (megabytes * 1_000_000 // len(PARAGRAPH)) + REFERENCE_LIST, encoding="utf-8")
    claims: list[int] = []

    def run() -> None:
        article = read_article(path)
        claims.append(len(extract(article, article.references).claims))

    seconds = best_of_three(run)
    return (
        f"read + extract a {megabytes} MB article",
        seconds,
        f"{claims[-1]:,} claims, {megabytes / seconds:.2f} MB/s",
    )


def check_against_full_text() -> tuple[str, float, str]:
    body = " ".join(
        f"In cohort {n}, {n * 7 % 997} knees showed a {n % 90}.{n % 10}% decrease in pain "
        f"after {n % 30} days."
        for n in range(1400)
    )
    claim = Claim(
        id="c",
        article="a.txt",
        line=1,
        text="...",
        cites=("r",),
        figures=("1234 knees",),
        quote="the investigators judged the outcome to be promising",
    )
    record = Record(pmid="1", abstract=(Passage("abstract", "", "Short abstract."),))
    context = ClaimContext(
        claim, Reference(key="r"), record, (*record.abstract, Passage("fulltext", "Results", body))
    )
    seconds = best_of_three(lambda: [*figures.check(context), *quotes.check(context)])
    return f"check a figure and a quote against {len(body) // 1000} KB of full text", seconds, ""


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        rows = [
            parse_batch(directory),
            extract_article(directory, 1),
            extract_article(directory, 10),
            check_against_full_text(),
        ]
    print("| work | seconds (best of 3) | rate |")
    print("|---|---|---|")
    for name, seconds, rate in rows:
        print(f"| {name} | {seconds:.3f} | {rate} |")


if __name__ == "__main__":
    main()

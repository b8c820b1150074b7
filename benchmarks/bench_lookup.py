"""Lookup benchmark: how many requests and how long claimcheck needs to resolve and fetch N references.

An article-like set of references (PMID, DOI-only and citation-only) is generated with invented
records, served by the fake E-utilities server with added latency and NCBI's 3 requests/s limit
(answered with 429), then resolved and fetched three ways: cold (empty cache), warm (same cache),
and a naive baseline that sends one reference per request through the same polite client.
Prints a Markdown table. Run from the repository root:

    python benchmarks/bench_lookup.py [--pmids 60 --dois 40 --citations 20 --latency 0.1 --rate 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from claimcheck.lookup.cache import RecordCache
from claimcheck.lookup.eutils import EutilsClient
from claimcheck.lookup.pubmed import PubMedSource, open_pubmed
from claimcheck.lookup.resolve import ecitmatch_line, parse_ecitmatch, parse_esearch_ids
from claimcheck.model import Reference
from fake_eutils import FakeEutils, SyntheticWork, write_synthetic_records

JOURNALS = (("Journal of Invented Orthopaedics", "J Invent Orthop"), ("Made-up Rheumatology", "Mdup Rheum"))


@dataclass(frozen=True)
class Run:
    name: str
    requests: int
    rate_limited: int
    seconds: float
    resolved: int

    def row(self) -> str:
        per_second = self.resolved / self.seconds if self.seconds else float("inf")
        cells = (
            self.name,
            self.requests,
            self.rate_limited,
            f"{self.seconds:.2f}",
            self.resolved,
            f"{per_second:.1f}",
        )
        return "| " + " | ".join(str(cell) for cell in cells) + " |"


def make_article(pmids: int, dois: int, citations: int) -> tuple[list[SyntheticWork], list[Reference]]:
    """Invented works and the references an article would give for them, in three kinds."""
    works: list[SyntheticWork] = []
    references: list[Reference] = []
    for n in range(pmids + dois + citations):
        journal, abbreviation = JOURNALS[n % 2]
        work = SyntheticWork(
            pmid=str(60000000 + 7 * n),
            title=f"Invented knee study {n}: injections, pain, {n % 12} months",
            journal=journal,
            iso_abbreviation=abbreviation,
            year=2010 + n % 14,
            volume=str(n % 40 + 1),
            first_page=100 + 3 * n,
            author_family=f"Author{n}",
            author_initials="Q",
            doi=f"10.5555/invented.{n}",
        )
        works.append(work)
        if n < pmids:
            references.append(Reference(f"ref{n}", pmid=work.pmid))
        elif n < pmids + dois:
            references.append(Reference(f"ref{n}", doi=work.doi.upper()))
        else:
            references.append(
                Reference(
                    f"ref{n}",
                    title=work.title,
                    journal=abbreviation,
                    year=work.year,
                    volume=work.volume,
                    pages=f"{work.first_page}-{work.first_page + 9}",
                    authors=(f"{work.author_family} Q",),
                )
            )
    return works, references


def batched_run(name: str, server: FakeEutils, cache_dir: Path, references: list[Reference]) -> Run:
    before_log, before_429 = len(server.log), server.rate_limited
    source = open_pubmed(
        base_url=server.url, cache_dir=cache_dir, offline=False, max_age_days=30, api_key=None, email=None
    )
    started = time.monotonic()
    resolved = source.resolve_all(references)
    fetched = source.fetch_all(r.pmid for r in resolved.resolutions.values() if r.pmid)
    seconds = time.monotonic() - started
    requests, rate_limited = len(server.log) - before_log, server.rate_limited - before_429
    return Run(name, requests, rate_limited, seconds, len(fetched.records))


def naive_run(server: FakeEutils, cache_dir: Path, references: list[Reference]) -> Run:
    """One reference at a time: a search or ECitMatch for its PMID, then one efetch for its record."""
    client = EutilsClient(server.url)
    source = PubMedSource(client, RecordCache(cache_dir), max_age_days=30)
    before_log, before_429 = len(server.log), server.rate_limited
    started = time.monotonic()
    found = 0
    for ref in references:
        pmid = ref.pmid or _naive_pmid(client, ref)
        found += bool(pmid and source.fetch_all([pmid]).records)
    seconds = time.monotonic() - started
    return Run(
        "naive, one reference per request",
        len(server.log) - before_log,
        server.rate_limited - before_429,
        seconds,
        found,
    )


def _naive_pmid(client: EutilsClient, ref: Reference) -> str:
    if ref.doi:
        ids = client.call("esearch.fcgi", {"db": "pubmed", "term": f'"{ref.doi}"[doi]'}, parse_esearch_ids)
        return ids[0] if ids else ""
    params = {"db": "pubmed", "retmode": "xml", "bdata": ecitmatch_line(ref, "one")}
    return client.call("ecitmatch.cgi", params, parse_ecitmatch).get("one", ("", ""))[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pmids", type=int, default=60)
    parser.add_argument("--dois", type=int, default=40)
    parser.add_argument("--citations", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every answer")
    parser.add_argument("--rate", type=float, default=3.0, help="server limit, requests/s (429 beyond)")
    parser.add_argument("--skip-naive", action="store_true", help="the naive run takes about a minute")
    options = parser.parse_args()
    works, references = make_article(options.pmids, options.dois, options.citations)
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as scratch:
        records = write_synthetic_records(Path(scratch) / "records", works).parent
        with FakeEutils(records, latency=options.latency, rate_limit=options.rate) as server:
            runs = [batched_run("claimcheck, cold cache", server, Path(scratch) / "cache", references)]
            runs.append(batched_run("claimcheck, warm cache", server, Path(scratch) / "cache", references))
            if not options.skip_naive:
                runs.append(naive_run(server, Path(scratch) / "naive-cache", references))
    print(
        f"{len(references)} references ({options.pmids} PMID, {options.dois} DOI-only, "
        f"{options.citations} citation-only), {options.latency * 1000:.0f} ms latency, "
        f"{options.rate:g} req/s limit\n"
    )
    print("| run | requests | 429s | wall time (s) | records | records/s |")
    print("|---|---|---|---|---|---|")
    for run in runs:
        print(run.row())
    if len(runs) == 3 and runs[0].requests:
        cold, naive = runs[0], runs[2]
        print(
            f"\nnaive / cold: {naive.requests / cold.requests:.0f}x the requests, "
            f"{naive.seconds / cold.seconds:.0f}x the wall time"
        )


if __name__ == "__main__":
    main()

"""Scaling benchmark: a CI run over many articles, one article with many references, extraction speed.

Invented works (records with invented abstracts that give every claim checker work: figures, a
quotation, a date, a journal, an institution, a design) are served by the loopback fake E-utilities
server (``tests/fake_eutils.py``) with 100 ms added latency and NCBI's 3 requests/s limit, answered
with 429. Invented articles cite them in a numbered Vancouver list (PMID and DOI, DOI only, citation
only, and citations ECitMatch misses because of a wrong first page, so that a title search finds them)
and make claims about them, some of them wrong.

Each scenario runs ``claimcheck check --format json`` in a child process, with an empty cache (cold)
and again with the same cache (warm); the child reports the time of the run (interpreter start-up and
``import claimcheck.cli`` left out) and its peak memory (maximum resident set size), the parent counts
the requests the server saw, and compares them with the model of issue 15:
ceil(DOIs/100) + ceil(citations/100) ECitMatch calls + ceil(ECitMatch misses/100) title searches +
ceil(records/200) efetches. Prints Markdown tables. Run from the repository root:

    python benchmarks/bench_scale.py                       # everything (about 5 minutes)
    python benchmarks/bench_scale.py --quick               # 50 and 100 articles, 120 and 500 references, 1 MB
    python benchmarks/bench_scale.py --runs 200 --singles '' --extraction-mb 0
    python benchmarks/bench_scale.py --runs 500 --singles 2000 --profile 15   # and each warm run's hot spots
    python benchmarks/bench_scale.py --runs 50 --singles '' --extraction-mb 0 --profile-dir /tmp/p  # pstats
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fake_eutils import FakeEutils, SyntheticWork, write_synthetic_records

REFERENCES_PER_ARTICLE = 40
# Each work of a run is cited by about this many of its articles: a site's articles share their sources.
CITATIONS_PER_WORK = 10
# The works of the runs and of the single articles are numbered apart: no two works share a title,
# an author or a citation, so that every search has one right answer.
RUN_WORKS = 0
SINGLE_WORKS = 100_000

JOURNALS = (
    ("Journal of Invented Orthopaedics", "J Invent Orthop"),
    ("Made-up Rheumatology Reports", "Mdup Rheumatol Rep"),
    ("Archives of Imaginary Sports Medicine", "Arch Imaginary Sports Med"),
    ("Fictional Pain Research", "Fict Pain Res"),
    ("International Journal of Pretend Physiotherapy", "Int J Pretend Physiother"),
    ("Annals of Synthetic Cartilage", "Ann Synth Cartil"),
)
INSTITUTIONS = (
    "Northfield Institute of Joint Health",
    "University of Eastvale",
    "Riverbend Medical College",
    "Southport Clinic for Movement",
    "Westmoor Research Hospital",
)
TREATMENTS = ("hyaluronic acid", "platelet-rich plasma", "bone marrow concentrate", "supervised exercise")
OUTCOMES = ("pain scores", "stiffness scores", "walking distance", "function scores")
VERDICTS = ("Encouraging", "Modest", "Consistent", "Preliminary", "Durable")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Family names are built from these, one per digit of the work's number in base 8: unique, and no digits.
SYLLABLES = ("ka", "lo", "mi", "ra", "te", "su", "no", "vi")

# How a reference names its work, by the work's number modulo 20: 10 PMID (and DOI), 5 DOI only,
# 3 a citation ECitMatch finds, 2 a citation with a wrong first page (ECitMatch misses, the title
# search finds it).
KINDS = ("pmid",) * 10 + ("doi",) * 5 + ("citation",) * 3 + ("misprint",) * 2


@dataclass(frozen=True)
class Work:
    """An invented paper and the facts its abstract states, which the articles' claims repeat."""

    number: int
    record: SyntheticWork
    patients: int
    improved: int
    weeks: int
    fall: int  # percent by which the outcome fell
    outcome: str
    treatment: str
    institution: str
    quote: str

    @property
    def kind(self) -> str:
        return KINDS[self.number % len(KINDS)]

    @property
    def percent(self) -> str:
        return f"{100 * self.improved / self.patients:.1f}"


def make_work(number: int, pmid: int) -> Work:
    """One invented work; numbers vary with ``number`` so that no two abstracts are alike."""
    journal, abbreviation = JOURNALS[number % len(JOURNALS)]
    patients = 40 + (number * 37) % 400
    improved = patients // 2 + (number * 13) % (patients // 3)
    weeks = 4 + (number * 7) % 48
    fall = 10 + (number * 11) % 60
    outcome = OUTCOMES[number % len(OUTCOMES)]
    treatment = TREATMENTS[(number // 3) % len(TREATMENTS)]
    institution = INSTITUTIONS[(number // 2) % len(INSTITUTIONS)]
    quote = (
        f"{VERDICTS[number % len(VERDICTS)]} results with {treatment} justify a larger trial "
        f"with {weeks + 12} weeks of follow-up"
    )
    abstract = (
        f"Invented abstract written for claimcheck's scale benchmark (work {number}). This randomized "
        f"controlled trial at the {institution} followed {patients} patients with knee osteoarthritis "
        f"for {weeks} weeks. {improved} of {patients} patients ({100 * improved / patients:.1f}%) "
        f"improved, and {outcome} fell by {fall}% compared with baseline. {quote}. Adverse events "
        f"were mild and affected {number % 9 + 1} patients."
    )
    record = SyntheticWork(
        pmid=str(pmid),
        title=f"{treatment.capitalize()} for knee osteoarthritis: invented trial {number} of {outcome}",
        journal=journal,
        iso_abbreviation=abbreviation,
        year=2005 + number % 19,
        month=MONTHS[number % 12],
        volume=str(number % 60 + 1),
        first_page=100 + (number * 17) % 900,
        author_family=family_name(number),
        author_initials="QR",
        doi=f"10.5555/scale.{pmid}",
        abstract=abstract,
        affiliation=f"{institution}, Invented City",
    )
    return Work(number, record, patients, improved, weeks, fall, outcome, treatment, institution, quote)


def family_name(number: int) -> str:
    """ "Kalomiber"-like names, one per number: the extractor finds names, not "Author12"."""
    syllables = [SYLLABLES[number % 8]]
    while number >= 8:
        number //= 8
        syllables.append(SYLLABLES[number % 8])
    return "".join(syllables).capitalize() + "berg"


def make_works(count: int, first: int) -> list[Work]:
    """Works ``first`` to ``first + count - 1``; PMIDs from 70,000,000, three apart."""
    return [make_work(number, 70_000_000 + 3 * number) for number in range(first, first + count)]


def reference_entry(index: int, work: Work) -> str:
    """The work in the article's numbered Vancouver list, named as its kind says."""
    record = work.record
    authors = f"{record.author_family} {record.author_initials}, Vale T"
    page = record.first_page + (1 if work.kind == "misprint" else 0)
    citation = (
        f"{index}. {authors}. {record.title}. {record.iso_abbreviation}. "
        f"{record.year};{record.volume}:{page}-{page + 9}."
    )
    if work.kind == "pmid":
        return f"{citation} doi:{record.doi}. PMID: {record.pmid}."
    if work.kind == "doi":
        return f"{citation} doi:{record.doi}."
    return citation


def claim_sentences(index: int, work: Work, variant: int) -> str:
    """A paragraph of claims about one cited work; one figure in nine is wrong."""
    record = work.record
    wrong = (work.number + variant) % 9 == 0
    improved = work.improved + 3 if wrong else work.improved
    month = MONTH_NAMES[MONTHS.index(record.month)]
    family = record.author_family
    journal = record.journal
    if variant % 3 == 0:
        return (
            f"{'An' if month[0] in 'AO' else 'A'} {month} {record.year} study published in {journal} "
            f"followed {work.patients} patients "
            f"with knee osteoarthritis, and {improved} of {work.patients} patients improved after "
            f"{work.weeks} weeks [{index}]. "
            f"Researchers at the {work.institution} wrote: \u201c{work.quote}.\u201d [{index}]\n\n"
        )
    if variant % 3 == 1:
        return (
            f"In a randomized controlled trial by {family} and colleagues, {work.outcome} fell by "
            f"{work.fall + (5 if wrong else 0)}% with {work.treatment} [{index}]. "
            f"The authors concluded that \u201c{work.quote.lower()}\u201d [{index}].\n\n"
        )
    return (
        f"According to a {record.year} trial in {journal}, {work.percent}% of patients improved with "
        f"{work.treatment} [{index}]. This is one reason many clinics now offer it.\n\n"
    )


def article_text(title: str, works: Sequence[Work], variant: int = 0) -> str:
    """An article citing ``works`` in order, each once or twice, with its reference list."""
    paragraphs = [f"{title}\n\nKnee pain is common, and patients ask what the research says.\n\n"]
    for index, work in enumerate(works, start=1):
        paragraphs.append(claim_sentences(index, work, variant + index))
        if (index + variant) % 4 == 0:
            paragraphs.append(claim_sentences(index, work, variant + index + 1))
    entries = "\n".join(reference_entry(index, work) for index, work in enumerate(works, start=1))
    return "".join(paragraphs) + f"References\n\n{entries}\n"


def run_citations(pool: Sequence[Work], articles: int) -> list[list[Work]]:
    """The works each article of a run cites: 40 of a pool of 4 per article, spread over it."""
    size = min(len(pool), articles * REFERENCES_PER_ARTICLE // CITATIONS_PER_WORK)
    step = max(1, size // REFERENCES_PER_ARTICLE)
    return [
        [pool[(article + step * n) % size] for n in range(REFERENCES_PER_ARTICLE)]
        for article in range(articles)
    ]


# --------------------------------------------------------------------------- the model of issue 15


def model_requests(works: Collection[Work]) -> int:
    """ceil(DOIs/100) + ECitMatch batches + title searches for ECitMatch's misses + ceil(records/200)."""
    dois = sum(1 for work in works if work.kind in ("pmid", "doi"))
    citations = sum(1 for work in works if work.kind in ("citation", "misprint"))
    misses = sum(1 for work in works if work.kind == "misprint")
    return (
        math.ceil(dois / 100)
        + math.ceil(citations / 100)
        + math.ceil(misses / 100)
        + math.ceil(len(works) / 200)
    )


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Measured:
    name: str
    seconds: float
    cpu_seconds: float  # the child's own user + system time: what the run costs when the machine is busy
    peak_mb: float | None
    requests: int = 0
    rate_limited: int = 0
    model: int = 0
    detail: str = ""


@dataclass(frozen=True)
class Job:
    """What a child process measures: ``claimcheck check`` over ``articles`` in ``root``, or ``extract``."""

    mode: str  # "check" | "extract"
    root: str
    articles: tuple[str, ...]
    url: str = ""
    profile: int = 0  # print this many of the costliest functions (cProfile, by own time)
    profile_file: str = ""  # and write the whole profile here, for pstats


@dataclass(frozen=True)
class Answer:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    status: int
    summary: dict[str, int]  # the JSON report's summary, or the claims extracted


def child(job: Job) -> Answer:
    """Run one measurement in a fresh interpreter, with none of claimcheck's or NCBI's variables set."""
    command = [sys.executable, __file__, "--worker", json.dumps(asdict(job))]
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CLAIMCHECK_", "NCBI_", "GITHUB_"))
    }
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker failed ({done.returncode}):\n{done.stderr}")
    *profile_lines, answer = done.stdout.rstrip("\n").split("\n")
    if profile_lines:
        print("\n".join(profile_lines), file=sys.stderr)
    return Answer(**json.loads(answer))


def worker(job: Job) -> None:
    """The child's side: the work timed in-process (start-up and imports left out), then peak memory."""
    import cProfile
    import pstats

    from claimcheck import cli
    from claimcheck.extract import extract
    from claimcheck.inputs.article import read_article

    os.chdir(job.root)
    profiler = cProfile.Profile() if job.profile or job.profile_file else None
    started, cpu_started = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    if job.mode == "extract":
        with cli.fewer_collections():  # as in every command
            article = read_article(Path(job.articles[0]))
            summary = {"claims": len(extract(article, article.references).claims)}
        status = 0
    else:
        arguments = [*job.articles, "--eutils-url", job.url, "--cache-dir", "cache"]
        status = cli.main(["check", *arguments, "--format", "json", "-o", "report.json", "-q"])
    if profiler:
        profiler.disable()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = peak_memory_mb()  # the run's, before the report is read back for its summary here
    if job.mode == "check":
        summary = json.loads(Path("report.json").read_text(encoding="utf-8"))["summary"]
    if profiler and job.profile:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(job.profile)
    if profiler and job.profile_file:
        profiler.dump_stats(job.profile_file)
    print(json.dumps(asdict(Answer(seconds, cpu_seconds, peak_mb, status, summary))))


def peak_memory_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM, where there is one: ``ru_maxrss`` would count
    the parent's memory too, which a child inherits through fork and exec."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024


def check_run(
    name: str,
    server: FakeEutils,
    root: Path,
    texts: Sequence[str],
    model: int,
    profile: int,
    profile_dir: str = "",
) -> list[Measured]:
    """Cold (empty cache) then warm (the same cache) runs over the articles ``texts``; the warm run
    profiled when asked (``profile_dir``: its whole profile kept as <run>.prof)."""
    root.mkdir(parents=True)
    paths = []
    for number, text in enumerate(texts):
        path = root / f"article-{number:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path.name)
    measured = []
    for state in ("cold", "warm"):
        before, limited = len(server.log), server.rate_limited
        warm = state == "warm"
        kept = str(Path(profile_dir).resolve() / f"{root.name}.prof") if profile_dir and warm else ""
        job = Job("check", str(root), tuple(paths), server.url, profile if warm else 0, kept)
        answer = child(job)
        summary = answer.summary
        detail = (
            f"{summary['claims']} claims: {summary['supported']} supported, {summary['mismatch']} mismatch, "
            f"{summary['unverifiable']} unverifiable; exit {answer.status}"
        )
        utilities = Counter(request.endpoint.split(".")[0] for request in server.log[before:])
        if utilities:
            detail += "; " + " + ".join(f"{count} {name}" for name, count in sorted(utilities.items()))
        measured.append(
            Measured(
                f"{name}, {state}",
                answer.seconds,
                answer.cpu_seconds,
                answer.peak_mb,
                len(server.log) - before,
                server.rate_limited - limited,
                model if state == "cold" else 0,
                detail,
            )
        )
    return measured


def extraction_run(root: Path, megabytes: float, works: Sequence[Work]) -> Measured:
    """Read and extract one article of ``megabytes``: the 40-reference body repeated, one list at its end.
    Its sentences repeat, and each is read once (``extract/claims.py`` keeps what a sentence asserts by
    its text): see ``distinct_extraction_run`` for the rate of sentences never seen before."""
    chosen = list(works[:REFERENCES_PER_ARTICLE])
    body = article_text("", chosen).split("References\n\n")[0]
    entries = "\n".join(reference_entry(index, work) for index, work in enumerate(chosen, start=1))
    repeats = max(1, int(megabytes * 1_000_000 // len(body)))
    text = body * repeats + f"References\n\n{entries}\n"
    return _extract(root, "long-article.txt", text, "its 40-reference body repeated")


def distinct_extraction_run(root: Path, works: Sequence[Work]) -> Measured:
    """Read and extract one article citing all ``works``: no sentence of it repeats another."""
    text = article_text(f"Everything about knees ({len(works)} sources)", works)
    return _extract(root, "distinct-article.txt", text, f"{len(works):,} references, no sentence repeated")


def _extract(root: Path, name: str, text: str, what: str) -> Measured:
    """The best of three runs (the machine's other work only ever adds time), with the median."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / name
    path.write_text(text, encoding="utf-8")
    size_mb = path.stat().st_size / 1_000_000
    answers = sorted(
        (child(Job("extract", str(root), (path.name,))) for _ in range(3)), key=lambda a: a.cpu_seconds
    )
    best, median = answers[0], answers[1]
    return Measured(
        f"read + extract one article of {size_mb:.1f} MB ({what}), best of 3",
        best.seconds,
        best.cpu_seconds,
        best.peak_mb,
        detail=f"{best.summary['claims']:,} claims, {size_mb / best.cpu_seconds:.2f} MB per CPU second "
        f"(median {size_mb / median.cpu_seconds:.2f})",
    )


def help_run(times: int) -> Measured:
    """``claimcheck --help`` from a fresh interpreter, start-up included: the best and the median run."""
    command = [sys.executable, "-m", "claimcheck", "--help"]
    seconds, cpu_seconds = [], []
    for _ in range(times):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        seconds.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_seconds.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    seconds.sort()
    return Measured(
        f"claimcheck --help, best of {times}",
        seconds[0],
        min(cpu_seconds),
        None,
        detail=f"median {1000 * seconds[times // 2]:.0f} ms",
    )


def table(rows: Sequence[Measured], *, header: bool = True) -> str:
    lines = (
        [
            "| run | time (s) | CPU (s) | per article (ms) | requests | model | 429s | peak memory (MB) "
            "| result |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        if header
        else []
    )
    for row in rows:
        articles = row.name.split(" articles")[0] if " articles" in row.name else ""
        per_article = f"{1000 * row.seconds / int(articles):.0f}" if articles.isdigit() else ""
        model = str(row.model) if row.model else ""
        memory = "" if row.peak_mb is None else f"{row.peak_mb:.0f}"
        lines.append(
            f"| {row.name} | {row.seconds:.2f} | {row.cpu_seconds:.2f} | {per_article} | {row.requests} | "
            f"{model} | {row.rate_limited} | {memory} | {row.detail} |"
        )
    return "\n".join(lines)


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        job = json.loads(sys.argv[2])
        worker(Job(**{**job, "articles": tuple(job["articles"])}))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", default="50,100,200,500", help="articles per run (40 references each)")
    parser.add_argument("--singles", default="120,500,1000,2000", help="references of single articles")
    parser.add_argument("--extraction-mb", type=float, default=10.0, help="0: no extraction run")
    parser.add_argument(
        "--help-runs", type=int, default=20, help="time 'claimcheck --help' so often (0: not)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="--runs 50,100 --singles 120,500 --extraction-mb 1"
    )
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added to every answer")
    parser.add_argument("--rate", type=float, default=3.0, help="server limit, requests/s (429 beyond)")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions of warm runs")
    parser.add_argument("--profile-dir", default="", help="keep each warm run's whole profile here (pstats)")
    options = parser.parse_args()
    if options.quick:
        options.runs, options.singles, options.extraction_mb = "50,100", "120,500", 1.0
    runs, singles = numbers(options.runs), numbers(options.singles)
    run_pool = make_works(max(runs, default=0) * REFERENCES_PER_ARTICLE // CITATIONS_PER_WORK, RUN_WORKS)
    single_pool = make_works(max([*singles, REFERENCES_PER_ARTICLE]), SINGLE_WORKS)
    rows = [help_run(options.help_runs)] if options.help_runs else []
    with tempfile.TemporaryDirectory(prefix="claimcheck-scale-") as scratch:
        directory = Path(scratch)
        records = write_synthetic_records(
            directory / "records", [work.record for work in (*run_pool, *single_pool)]
        ).parent
        with FakeEutils(records, None, latency=options.latency, rate_limit=options.rate) as server:
            for articles in runs:
                cited = run_citations(run_pool, articles)
                texts = [article_text(f"Knee care, part {n}", works, n) for n, works in enumerate(cited)]
                model = model_requests({work.number: work for works in cited for work in works}.values())
                name = f"{articles} articles x {REFERENCES_PER_ARTICLE} references"
                root = directory / f"run-{articles}"
                rows += check_run(name, server, root, texts, model, options.profile, options.profile_dir)
                print(table(rows[-2:], header=False), file=sys.stderr, flush=True)
            for references in singles:
                works = single_pool[:references]
                text = article_text(f"Everything about knees ({references} sources)", works)
                name = f"1 article x {references} references"
                root = directory / f"single-{references}"
                model = model_requests(works)
                rows += check_run(name, server, root, [text], model, options.profile, options.profile_dir)
                print(table(rows[-2:], header=False), file=sys.stderr, flush=True)
        if options.extraction_mb:
            rows.append(extraction_run(directory / "extraction", options.extraction_mb, single_pool))
            rows.append(distinct_extraction_run(directory / "extraction", single_pool))
    print(
        f"\n{options.latency * 1000:.0f} ms latency, {options.rate:g} requests/s limit; cold: empty cache, "
        "warm: the same cache again; model: ceil(DOIs/100) + ECitMatch batches + title searches + "
        "ceil(records/200)\n"
    )
    print(table(rows))


if __name__ == "__main__":
    main()

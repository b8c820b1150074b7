"""Command line: parse options, call the pipeline, write the report, choose the exit status.

No domain logic lives here: deciding is the checkers' job, rendering the reports'.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import NoReturn, TextIO

from claimcheck import __version__, pipeline
from claimcheck.changes import select_changed
from claimcheck.config import FAIL_ON_CHOICES, Settings, load_settings
from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.files import write_atomic
from claimcheck.inputs.bibliography import load_bibliography, merge_into_bibliography
from claimcheck.inputs.claimsfile import load_claims, write_claims
from claimcheck.lookup.cache import RecordCache, default_cache_dir
from claimcheck.lookup.interface import RecordSource
from claimcheck.lookup.pubmed import open_pubmed
from claimcheck.model import RunResult, Severity
from claimcheck.report import ReportFormat, render, summary_line

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows: no flock; see _exclusive
    fcntl = None

# ``--bib`` given without a file: the configured bibliography (references.bib by default).
_CONFIGURED_BIB = Path("<configured>")

EXIT_SUCCESS = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNVERIFIED = 3

log = logging.getLogger("claimcheck")


class UsageError(ClaimcheckError):
    """Bad options: argparse's own exit is replaced by this so ``main`` always returns."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--bib",
        nargs="?",
        const=_CONFIGURED_BIB,
        type=Path,
        metavar="FILE",
        help="bibliography (default: references.bib); extract: also add the article's references to it",
    )
    common.add_argument(
        "--claims-dir", type=Path, metavar="DIR", help="directory of curated claims files (default: claims)"
    )
    common.add_argument(
        "--format",
        choices=[f.value for f in ReportFormat],
        default=None,
        help="report format (default: text; github under GitHub Actions)",
    )
    common.add_argument("--concise", action="store_true", help="text: one line per finding, path:line:col")
    common.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write the report to FILE instead of stdout"
    )
    common.add_argument("--offline", action="store_true", default=None, help="use only the cache, no network")
    common.add_argument(
        "--cache-dir", type=Path, metavar="DIR", help="record cache directory (env CLAIMCHECK_CACHE_DIR)"
    )
    common.add_argument(
        "--eutils-url", metavar="URL", help="E-utilities base URL (env CLAIMCHECK_EUTILS_URL)"
    )
    common.add_argument(
        "--max-age", type=float, metavar="DAYS", help="re-fetch cached records older than this"
    )
    common.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="give up on a PubMed call after this long, retries included (default: 60)",
    )
    common.add_argument("--no-fulltext", action="store_true", help="do not look in PMC full texts")
    common.add_argument(
        "--fail-on", choices=FAIL_ON_CHOICES, help="lowest severity that fails (default: error)"
    )
    common.add_argument(
        "--changed-since",
        metavar="GIT_REF",
        help="only articles whose text, claims or cited references changed since GIT_REF",
    )
    common.add_argument("-q", "--quiet", action="store_true", help="no summary or progress on stderr")
    common.add_argument("-v", "--verbose", action="count", default=0, help="log requests and decisions")

    parser = _Parser(
        prog="claimcheck", description="Verify what an article says about the research it cites."
    )
    parser.add_argument("--version", action="version", version=f"claimcheck {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = commands.add_parser("check", parents=[common], help="verify articles against PubMed")
    check.add_argument(
        "articles", nargs="*", type=Path, help="articles (default: every article with a claims file)"
    )
    extract = commands.add_parser("extract", parents=[common], help="write or update claims/<stem>.yaml")
    extract.add_argument("article", type=Path)
    refs = commands.add_parser("refs", parents=[common], help="check the bibliography itself against PubMed")
    refs.add_argument("bibfile", nargs="?", type=Path, metavar="BIB")
    cache = commands.add_parser("cache", parents=[common], help="inspect or clear the record cache")
    cache.add_argument("action", choices=["info", "clear"])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    secret = os.environ.get("NCBI_API_KEY", "")
    try:
        args = build_parser().parse_args(argv)
        _configure_logging(args, secret)
        settings = _settings(args)
        return _COMMANDS[args.command](args, settings)
    except (InputError, UsageError) as error:
        _say(_scrub(str(error), secret))
        return EXIT_USAGE
    except ClaimcheckError as error:
        _say(_scrub(str(error), secret))
        return EXIT_UNVERIFIED
    except KeyboardInterrupt:
        _say("interrupted")
        return 130


def _settings(args: argparse.Namespace) -> Settings:
    """Configuration file first, then the command line on top of it."""
    settings = load_settings()
    overrides: dict[str, object] = {}
    for option, name in (
        ("cache_dir", "cache_dir"),
        ("eutils_url", "eutils_url"),
        ("max_age", "max_age_days"),
        ("fail_on", "fail_on"),
        ("offline", "offline"),
        ("timeout", "give_up_after"),
    ):
        if getattr(args, option) is not None:
            overrides[name] = getattr(args, option)
    # Paths typed on the command line are relative to where the user stands, not to pyproject.toml.
    for name in ("bib", "claims_dir"):
        if getattr(args, name) not in (None, _CONFIGURED_BIB):
            overrides[name] = Path.cwd() / getattr(args, name)
    if args.no_fulltext:
        overrides["fulltext"] = False
    return replace(settings, **overrides)  # type: ignore[arg-type]


def _open_source(settings: Settings) -> RecordSource:
    return open_pubmed(
        base_url=settings.eutils_url or os.environ.get("CLAIMCHECK_EUTILS_URL") or None,
        cache_dir=_cache_dir(settings),
        offline=settings.offline,
        max_age_days=settings.max_age_days,
        api_key=os.environ.get("NCBI_API_KEY") or None,
        email=os.environ.get("NCBI_EMAIL") or None,
        give_up_after=settings.give_up_after,
        fulltext=settings.fulltext,
    )


def _cache_dir(settings: Settings) -> Path:
    """The configured cache directory, else ``CLAIMCHECK_CACHE_DIR``, else the platform's (lookup/ reads
    no environment)."""
    configured = settings.cache_dir or os.environ.get("CLAIMCHECK_CACHE_DIR")
    return Path(configured) if configured else default_cache_dir()


# --------------------------------------------------------------------------- commands


def _check(args: argparse.Namespace, settings: Settings) -> int:
    paths = list(args.articles) or _articles_with_claims(settings)
    if not paths:
        raise UsageError("claimcheck check: no article given and no article with a claims file found")
    skipped: list[str] = []
    if args.changed_since:
        paths, skipped = select_changed(paths, args.changed_since, settings)
    progress = _progress_printer(args)
    result = pipeline.check_articles(
        paths, settings, _open_source(settings), skipped=skipped, progress=progress
    )
    return _finish(result, args, settings)


def _refs(args: argparse.Namespace, settings: Settings) -> int:
    path = args.bibfile or settings.bib_path
    references = load_bibliography(path)
    result = pipeline.check_bibliography(references, _open_source(settings))
    return _finish(result, args, settings)


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    prepared = pipeline.prepare_extraction(args.article, settings)
    target = settings.claims_file(args.article)
    with _exclusive(target.parent):
        report = write_claims(target, str(args.article), prepared.digest, prepared.claims)
    for note in prepared.notes:
        _say(note, quiet=args.quiet)
    _say(
        f"{target}: {report.added} added, {report.updated} updated, {report.kept_edits} editor edits kept, "
        f"{report.vanished} vanished",
        quiet=args.quiet,
    )
    if args.bib is not None:
        with _exclusive(settings.bib_path.parent):
            added = merge_into_bibliography(settings.bib_path, prepared.references)
        _say(
            f"{settings.bib_path}: {len(added)} references added"
            + (f" ({', '.join(added)})" if added else ""),
            quiet=args.quiet,
        )
    return EXIT_SUCCESS


@contextmanager
def _exclusive(directory: Path) -> Iterator[None]:
    """Hold other claimcheck processes off ``directory`` during a read-merge-write of a file in it.

    Atomic writes keep each file whole, but two merges at once would still lose the first one's
    additions (both read the old file). The lock is taken on the directory itself, so no lock file
    is left behind; where ``flock`` does not exist (Windows) writes stay atomic but unserialized.
    """
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _cache(args: argparse.Namespace, settings: Settings) -> int:
    cache = RecordCache(_cache_dir(settings))
    if args.action == "clear":
        removed = cache.clear()
        print(f"removed {removed} cached entries from {cache.path}")
        return EXIT_SUCCESS
    info = cache.info()
    print(
        f"cache: {info.path}\nrecords: {info.records}\nidentifier maps: {info.maps}\n"
        f"full texts: {info.fulltexts}\nsize: {info.size_bytes} bytes\n"
        f"oldest: {_when(info.oldest)}\nnewest: {_when(info.newest)}"
    )
    return EXIT_SUCCESS


def _when(timestamp: float | None) -> str:
    return datetime.fromtimestamp(timestamp).isoformat(sep=" ", timespec="seconds") if timestamp else "-"


_COMMANDS = {"check": _check, "refs": _refs, "extract": _extract, "cache": _cache}


# --------------------------------------------------------------------------- output


def _finish(result: RunResult, args: argparse.Namespace, settings: Settings) -> int:
    fmt = ReportFormat(args.format) if args.format else _default_format()
    color = fmt is ReportFormat.TEXT and args.output is None and _wants_color(sys.stdout)
    report = render(result, fmt, concise=args.concise, color=color)
    if args.output is not None:
        write_atomic(args.output, report)
    else:
        sys.stdout.write(report if report.endswith("\n") else report + "\n")
    for warning in result.warnings:
        _say(warning, quiet=args.quiet)
    _say(summary_line(result), quiet=args.quiet)
    if result.sources_unavailable:
        _say(
            f"{result.sources_unavailable}; claims that need a source were not checked (exit "
            f"{EXIT_UNVERIFIED})"
        )
        return EXIT_UNVERIFIED
    return EXIT_FINDINGS if _fails(result, settings.fail_on) else EXIT_SUCCESS


def _fails(result: RunResult, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = Severity(fail_on).rank
    return any(finding.severity.rank >= threshold for finding in result.findings)


def _articles_with_claims(settings: Settings) -> list[Path]:
    """Every configured article that has a claims file; a claims file whose article is gone is an error.

    Silently skipping such a file would let CI pass while the claims an editor curated go unchecked.
    """
    found: list[Path] = []
    for pattern in settings.articles:
        for path in sorted(settings.root.glob(pattern)):
            if settings.claims_file(path).is_file() and path not in found:
                found.append(path)
    claimed = {settings.claims_file(path) for path in found}
    for claims_path in sorted((settings.root / settings.claims_dir).glob("*.yaml")):
        if claims_path not in claimed:
            _require_article(claims_path, settings)
    return found


def _require_article(claims_path: Path, settings: Settings) -> None:
    """Raise InputError, at the line of its ``article:`` key, when a claims file's article does not exist."""
    article = load_claims(claims_path).article
    if article and (settings.root / article).is_file():
        return
    lines = claims_path.read_text(encoding="utf-8-sig").splitlines()
    line = next((number for number, text in enumerate(lines, 1) if text.startswith("article:")), None)
    raise InputError(
        str(claims_path),
        f"its article '{article}' does not exist; restore it, or delete or rename this claims file",
        line,
    )


def _default_format() -> ReportFormat:
    return ReportFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else ReportFormat.TEXT


def _wants_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


# Below this many items a stage is over before a status line could be read.
PROGRESS_MIN_ITEMS = 20


def _progress_printer(args: argparse.Namespace) -> pipeline.Progress | None:
    """One status line on a terminal, rewritten in place per stage; nothing in a pipe, a file or CI logs."""
    if args.quiet or not sys.stderr.isatty():
        return None

    def show(message: str, items: int) -> None:
        if items >= PROGRESS_MIN_ITEMS:
            sys.stderr.write(f"\r\033[Kclaimcheck: {message}…")
            sys.stderr.flush()

    return show


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """claimcheck's log lines on the current stderr, with the API key removed whatever a library logged."""

    def __init__(self, secret: str) -> None:
        super().__init__(sys.stderr)
        self._secret = secret
        self.setFormatter(logging.Formatter("claimcheck: %(message)s"))

    def format(self, record: logging.LogRecord) -> str:
        return _scrub(super().format(record), self._secret)


def _configure_logging(args: argparse.Namespace, secret: str) -> None:
    """One handler on the "claimcheck" logger, replaced on every ``main`` call so lines are never doubled."""
    log.setLevel(
        logging.ERROR
        if args.quiet
        else (logging.DEBUG if args.verbose > 1 else logging.INFO if args.verbose else logging.WARNING)
    )
    for old in [handler for handler in log.handlers if isinstance(handler, _StderrHandler)]:
        log.removeHandler(old)
    log.addHandler(_StderrHandler(secret))


def _say(message: str, *, quiet: bool = False) -> None:
    if not quiet:
        if sys.stderr.isatty():
            sys.stderr.write("\r\033[K")
        print(f"claimcheck: {message}" if not message.startswith("claimcheck") else message, file=sys.stderr)


def _scrub(message: str, secret: str) -> str:
    return message.replace(secret, "***") if secret else message

"""Command line: parse options, call the pipeline, write the report, choose the exit status.

No domain logic lives here: deciding is the checkers' job, rendering the reports', and settling
the settings config.py's. Every way a run can end has its own exit status, so that CI can tell
findings (1) from bad input (2), an unreachable PubMed (3) and a bug in claimcheck (4).

The stages, and with them the network (requests), YAML, bibliography (bibtexparser) and Biopython
stacks, are imported by the command that needs them, not here: ``--help`` and a usage error answer at
once, and ``cache info`` never loads the network.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import logging
import os
import re
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType, ModuleType
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from claimcheck import __version__
from claimcheck.config import (
    FAIL_ON_CHOICES,
    Settings,
    eutils_url,
    positive_number,
    resolve_settings,
)
from claimcheck.errors import ClaimcheckError, InputError, SourceUnavailable
from claimcheck.report import ReportFormat, render_pieces
from claimcheck.report.printable import escape_controls, relative_in_text

if TYPE_CHECKING:
    from claimcheck.files import OutputTarget
    from claimcheck.lookup.cache import RecordCache
    from claimcheck.lookup.evidence import Progress
    from claimcheck.lookup.interface import RecordSource
    from claimcheck.model import RunResult

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows: no flock; see _exclusive
    fcntl = None

# ``extract --bib`` given without a file: the configured bibliography (references.bib by default).
_CONFIGURED_BIB = Path("<configured>")
_YOUNG_OBJECTS = 50_000  # new objects between two collections of the youngest (the default is 700)

EXIT_SUCCESS = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNVERIFIED = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130

EXIT_STATUS_HELP = f"""\
exit status:
  {EXIT_SUCCESS}  nothing at or above --fail-on
  {EXIT_FINDINGS}  findings at or above --fail-on (default: error)
  {EXIT_USAGE}  bad input or usage; the message names the file and line
  {EXIT_UNVERIFIED}  PubMed could not be reached, or with --offline records are not in the cache:
     some claims were not checked (the report lists everything that could be)
  {EXIT_INTERNAL}  internal error: a bug in claimcheck (-v shows the traceback)
"""

ENVIRONMENT_HELP = """\
environment:
  NCBI_API_KEY           NCBI API key: 10 requests/s instead of 3 (never printed)
  NCBI_EMAIL             contact address NCBI asks tools to send
  CLAIMCHECK_EUTILS_URL  base URL of the E-utilities (default: NCBI's)
  CLAIMCHECK_CACHE_DIR   directory of the record cache
  GITHUB_ACTIONS=true    the default --format is github
  NO_COLOR               no colour in the text report
Settings come from the command line, then the environment, then [tool.claimcheck] in
pyproject.toml, then the defaults.
"""

_EPILOG = f"{EXIT_STATUS_HELP}\n{ENVIRONMENT_HELP}"
# extract and cache ask no source and judge no finding: three of the statuses are theirs.
_LOCAL_EPILOG = f"""\
exit status:
  {EXIT_SUCCESS}  done
  {EXIT_USAGE}  bad input or usage; the message names the file and line
  {EXIT_INTERNAL}  internal error: a bug in claimcheck (-v shows the traceback)

{ENVIRONMENT_HELP}"""

_INTERNAL_ERROR = (
    "internal error ({error}). This is a bug in claimcheck, not a problem with your files: please "
    "report it on the project's issue tracker with the command you ran, 'claimcheck --version' and "
    "the traceback that -v shows."
)

log = logging.getLogger("claimcheck")


class UsageError(ClaimcheckError):
    """Bad options: argparse's own exit is replaced by this so ``main`` always returns."""


# --------------------------------------------------------------------------- options


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, and knows its subcommands for suggestions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self.subcommands: dict[str, _Parser] = {}

    @property
    def option_names(self) -> list[str]:
        return list(self._option_string_actions)

    def error(self, message: str) -> NoReturn:
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            offered = re.findall(r"'([^']*)'", choice.group(2))
            message += _suggestion(choice.group(1), offered)
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _validated(convert: Callable[[Any], Any]) -> Callable[[str], Any]:
    """An argparse ``type`` from one of config.py's converters, so that options and settings agree."""

    def parse(value: str) -> Any:
        try:
            return convert(value)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parse.__name__ = convert.__name__
    return parse


def _cache_dir_option(parser: argparse._ActionsContainer) -> None:
    parser.add_argument(
        "--cache-dir", type=Path, metavar="DIR", help="record cache directory (env CLAIMCHECK_CACHE_DIR)"
    )


def _source_options(parser: _Parser, *, fulltext: bool) -> None:
    group = parser.add_argument_group("PubMed")
    group.add_argument("--offline", action="store_true", default=None, help="use only the cache, no network")
    _cache_dir_option(group)
    group.add_argument(
        "--eutils-url",
        type=_validated(eutils_url),
        metavar="URL",
        help="E-utilities base URL, http or https (env CLAIMCHECK_EUTILS_URL)",
    )
    group.add_argument(
        "--max-age",
        type=_validated(positive_number),
        metavar="DAYS",
        help="re-fetch cached records older than this (default: 30)",
    )
    group.add_argument(
        "--timeout",
        type=_validated(positive_number),
        metavar="SECONDS",
        help="give up on a PubMed call after this long, retries included (default: 60)",
    )
    if fulltext:
        group.add_argument("--no-fulltext", action="store_true", help="do not look in PMC full texts")


def _report_options(parser: _Parser) -> None:
    group = parser.add_argument_group("report")
    group.add_argument(
        "--format",
        choices=[f.value for f in ReportFormat],
        default=None,
        help="report format (default: text; github under GitHub Actions)",
    )
    group.add_argument(
        "--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout ('-': stdout)"
    )
    group.add_argument(
        "--concise", action="store_true", help="text: one 'path:line:col: severity CODE message' per finding"
    )
    group.add_argument(
        "--all", action="store_true", dest="show_all", help="text: every claim with its evidence, and notes"
    )
    group.add_argument(
        "--fail-on", choices=FAIL_ON_CHOICES, help="lowest severity that fails the run (default: error)"
    )


def _logging_options(parser: _Parser) -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary or progress on stderr")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log requests and decisions; tracebacks of bugs"
    )


def _command(
    commands: Any, name: str, summary: str, description: str = "", *, epilog: str = _EPILOG
) -> _Parser:
    parser: _Parser = commands.add_parser(
        name, help=summary, description=description or summary, epilog=epilog
    )
    return parser


def build_parser() -> _Parser:
    parser = _Parser(
        prog="claimcheck",
        description="Verify what an article says about the research it cites, against PubMed.",
        epilog=_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"claimcheck {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", title="commands", parser_class=_Parser
    )

    check = _command(
        commands,
        "check",
        "verify articles against PubMed",
        "Verify articles against PubMed. With no ARTICLE: the configured 'articles' globs, then every "
        "article that has a claims file.",
    )
    check.add_argument("articles", nargs="*", type=Path, metavar="ARTICLE", help="article files to check")
    check.add_argument("--bib", type=Path, metavar="FILE", help="bibliography (default: references.bib)")
    check.add_argument(
        "--claims-dir", type=Path, metavar="DIR", help="directory of curated claims files (default: claims)"
    )
    check.add_argument(
        "--changed-since",
        metavar="GIT_REF",
        help="only articles whose text, claims or cited references changed since GIT_REF",
    )
    _source_options(check, fulltext=True)
    _report_options(check)
    _logging_options(check)

    extract = _command(
        commands, "extract", "write or update claims/<stem>.yaml, keeping every edit", epilog=_LOCAL_EPILOG
    )
    extract.add_argument("article", type=Path, metavar="ARTICLE")
    extract.add_argument(
        "--bib",
        nargs="?",
        const=_CONFIGURED_BIB,
        type=Path,
        metavar="FILE",
        help="also add the article's references to FILE (default: the configured references.bib)",
    )
    extract.add_argument(
        "--claims-dir", type=Path, metavar="DIR", help="directory of curated claims files (default: claims)"
    )
    _logging_options(extract)

    refs = _command(commands, "refs", "check the bibliography itself against PubMed")
    refs.add_argument("bibfile", nargs="?", type=Path, metavar="BIB", help="default: references.bib")
    _source_options(refs, fulltext=False)
    _report_options(refs)
    _logging_options(refs)

    cache = _command(commands, "cache", "show or clear the record cache", epilog=_LOCAL_EPILOG)
    cache.add_argument("action", choices=["info", "clear"])
    _cache_dir_option(cache)
    parser.subcommands = {"check": check, "extract": extract, "refs": refs, "cache": cache}
    return parser


def _parse(parser: _Parser, argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv``; an unknown option is refused with the nearest known one, as git does."""
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        command = parser.subcommands[args.command]
        raise UsageError(f"{command.prog}: {_unknown_argument(unknown[0], command, parser)}")
    return args


def _unknown_argument(word: str, command: _Parser, parser: _Parser) -> str:
    if not word.startswith("-") or word == "-":
        return f"unexpected argument '{escape_controls(word)}' (see '{command.prog} --help')"
    option = word.split("=", 1)[0]
    elsewhere = sorted(
        name
        for name, other in parser.subcommands.items()
        if other is not command and option in other.option_names
    )
    if elsewhere:
        return f"'{option}' is not an option of this command (it is one of: {', '.join(elsewhere)})"
    return f"unknown option '{escape_controls(option)}'" + _suggestion(option, command.option_names)


def _suggestion(word: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _command_line(args: argparse.Namespace) -> dict[str, Any]:
    """The Settings fields given on the command line (config.resolve_settings puts them on top)."""
    given: dict[str, Any] = {}
    for option, name in (
        ("eutils_url", "eutils_url"),
        ("max_age", "max_age_days"),
        ("fail_on", "fail_on"),
        ("offline", "offline"),
        ("timeout", "give_up_after"),
    ):
        if getattr(args, option, None) is not None:
            given[name] = getattr(args, option)
    # Paths typed on the command line are relative to where the user stands, not to pyproject.toml.
    for name in ("bib", "claims_dir", "cache_dir"):
        if getattr(args, name, None) not in (None, _CONFIGURED_BIB):
            given[name] = Path.cwd() / getattr(args, name)
    if getattr(args, "no_fulltext", False):
        given["fulltext"] = False
    return given


# --------------------------------------------------------------------------- running


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not arguments:
        sys.stderr.write(parser.format_help())
        return EXIT_USAGE
    verbose, secret = 0, ""
    try:
        with _terminated_as_exit(), fewer_collections():
            args = _parse(parser, arguments)
            verbose = args.verbose if "verbose" in args else 0
            settings = resolve_settings(_command_line(args))
            secret = settings.api_key
            _configure_logging(args, secret)
            return _COMMANDS[args.command](args, settings)
    except (InputError, UsageError) as error:
        _say(_scrub(str(error), secret))
        return EXIT_USAGE
    except SourceUnavailable as error:
        _say(_scrub(str(error), secret))
        return EXIT_UNVERIFIED
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 - a bug must end in its own status, never look like findings
        _say(_scrub(_INTERNAL_ERROR.format(error=f"{type(error).__name__}: {error}"), secret))
        if verbose:
            sys.stderr.write(_scrub("".join(traceback.format_exception(error)), secret))
        return EXIT_INTERNAL


@contextmanager
def fewer_collections() -> Iterator[None]:
    """A run keeps most of what it makes to its end (each text's readings are cached for every claim that
    cites it), and the collector's default (a pass every 700 new objects, a full one every 70,000) re-scans
    them again and again: a tenth of a large run's CPU. Young objects are collected every 50,000 instead;
    the default comes back after the command."""
    previous = gc.get_threshold()
    gc.set_threshold(_YOUNG_OBJECTS, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@contextmanager
def _terminated_as_exit() -> Iterator[None]:
    """SIGTERM (a cancelled CI job) unwinds like Ctrl-C, so that half-written files are cleaned up."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _open_source(settings: Settings) -> RecordSource:
    from claimcheck.lookup.pubmed import open_pubmed

    return open_pubmed(
        base_url=settings.eutils_url,
        cache_dir=settings.cache_dir,
        offline=settings.offline,
        max_age_days=settings.max_age_days,
        api_key=settings.api_key or None,
        email=settings.email or None,
        give_up_after=settings.give_up_after,
        fulltext=settings.fulltext,
    )


# --------------------------------------------------------------------------- commands


def _check(args: argparse.Namespace, settings: Settings) -> int:
    from claimcheck import pipeline
    from claimcheck.changes import changes_since

    paths = list(args.articles) or articles_to_check(settings)
    if not paths:
        globs = ", ".join(settings.articles)
        raise UsageError(
            f"claimcheck check: no article given, none matches the configured articles ({globs}) "
            f"and no claims file names one"
        )
    output = _output(args)
    changes = changes_since(args.changed_since, settings) if args.changed_since else None
    kept = _record_cache(settings)  # what an earlier run extracted and checked
    prepared, skipped = pipeline.prepare_articles(
        paths, settings, wanted=changes.affects if changes else None, kept=kept
    )
    progress = _progress_printer(args)
    result = pipeline.check_articles(
        prepared, settings, _open_source(settings), skipped=skipped, progress=progress, kept=kept
    )
    return _finish(result, args, settings, output)


def _refs(args: argparse.Namespace, settings: Settings) -> int:
    from claimcheck import pipeline
    from claimcheck.inputs.bibliography import load_bibliography

    output = _output(args)
    path = args.bibfile or settings.bib_path
    references = load_bibliography(path)
    result = pipeline.check_bibliography(references, _open_source(settings))
    return _finish(result, args, settings, output)


def _output(args: argparse.Namespace) -> OutputTarget | None:
    """Where ``--output`` sends the report (None: stdout), refused before the run if it cannot be written."""
    from claimcheck.files import output_target

    return None if args.output in (None, "-") else output_target(args.output)


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from claimcheck import pipeline
    from claimcheck.inputs.bibliography import merge_into_bibliography
    from claimcheck.inputs.claimsfile import write_claims

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


def _record_cache(settings: Settings) -> RecordCache:
    """The cache of records, which also keeps what a run extracted and checked."""
    from claimcheck.lookup.cache import RecordCache, default_cache_dir

    return RecordCache(settings.cache_dir or default_cache_dir())


def _cache(args: argparse.Namespace, settings: Settings) -> int:
    cache = _record_cache(settings)
    if args.action == "clear":
        removed = cache.clear()
        print(f"removed {removed} cached entries from {cache.path}")
        return EXIT_SUCCESS
    info = cache.info()
    print(
        f"cache: {info.path}\nrecords: {info.records}\nidentifier maps: {info.maps}\n"
        f"full texts: {info.fulltexts}\n"
        + "".join(f"kept {kind}: {count}\n" for kind, count in info.kept.items())
        + f"size: {info.size_bytes} bytes\n"
        f"oldest: {_when(info.oldest)}\nnewest: {_when(info.newest)}"
    )
    return EXIT_SUCCESS


def _when(timestamp: float | None) -> str:
    return datetime.fromtimestamp(timestamp).isoformat(sep=" ", timespec="seconds") if timestamp else "-"


_COMMANDS = {"check": _check, "refs": _refs, "extract": _extract, "cache": _cache}


def articles_to_check(settings: Settings) -> list[Path]:
    """``check`` without arguments: every article the ``articles`` globs match, then every article a
    claims file names that no glob matched. A claims file whose article is gone is an error: silently
    skipping it would let CI pass while the claims an editor curated go unchecked."""
    found: list[Path] = []
    for pattern in settings.articles:
        for path in sorted(settings.root.glob(pattern)):
            if path.is_file() and path not in found:
                found.append(path)
    claimed = {settings.claims_file(path) for path in found}
    for claims_path in sorted((settings.root / settings.claims_dir).glob("*.yaml")):
        if claims_path not in claimed:
            found.append(_article_of(claims_path, settings))
    return found


def _article_of(claims_path: Path, settings: Settings) -> Path:
    """The article a claims file names; InputError, at its ``article:`` line, when it does not exist."""
    from claimcheck.inputs.claimsfile import load_claims

    claims = load_claims(claims_path)
    if claims.article and (settings.root / claims.article).is_file():
        return settings.root / claims.article
    raise InputError(
        str(claims_path),
        f"its article '{claims.article}' does not exist; restore it, or delete or rename this claims file",
        claims.article_line,
    )


# --------------------------------------------------------------------------- output


def _finish(
    result: RunResult, args: argparse.Namespace, settings: Settings, output: OutputTarget | None
) -> int:
    """Write the report, tell stderr what the report does not already show, and choose the status."""
    fmt = ReportFormat(args.format) if args.format else _default_format(settings)
    to_stdout = output is None
    color = fmt is ReportFormat.TEXT and to_stdout and _wants_color(sys.stdout, settings)
    report = render_pieces(result, fmt, concise=args.concise, color=color, show_all=args.show_all)
    if output is None:
        _write_stdout(report)
    else:
        from claimcheck.files import write_output

        write_output(output, report)
    # A text or GitHub report on stdout already shows the warnings and why sources were missing.
    if not (to_stdout and fmt in (ReportFormat.TEXT, ReportFormat.GITHUB)):
        for warning in result.warnings:
            _say(warning, quiet=args.quiet)
        if result.sources_unavailable:
            _say(f"some claims could not be checked: {result.sources_unavailable}")
    from claimcheck.report.summary import summary_line

    _say(summary_line(result), quiet=args.quiet)
    if result.sources_unavailable:
        return EXIT_UNVERIFIED
    return EXIT_FINDINGS if _fails(result, settings.fail_on) else EXIT_SUCCESS


def _write_stdout(report: Iterable[str]) -> None:
    """Write the report to stdout; a reader that went away (``| head``) is not an error of ours."""
    try:
        sys.stdout.writelines(report)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain once more when it flushes stdout at exit; point it at nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _fails(result: RunResult, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    from claimcheck.model import Severity

    threshold = Severity(fail_on).rank
    return any(finding.severity.rank >= threshold for finding in result.findings)


def _default_format(settings: Settings) -> ReportFormat:
    return ReportFormat.GITHUB if settings.github_actions else ReportFormat.TEXT


def _wants_color(stream: TextIO, settings: Settings) -> bool:
    return stream.isatty() and not settings.no_color


# Below this many items a stage is over before a status line could be read.
PROGRESS_MIN_ITEMS = 20


def _progress_printer(args: argparse.Namespace) -> Progress | None:
    """One status line on a terminal, rewritten in place per stage; nothing in a pipe, a file or CI logs."""
    if args.quiet or not sys.stderr.isatty():
        return None

    def show(message: str, items: int) -> None:
        if items >= PROGRESS_MIN_ITEMS:
            sys.stderr.write(f"\r\033[Kclaimcheck: {message}…")
            sys.stderr.flush()

    return show


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """claimcheck's log lines on the current stderr: the API key removed whatever a library logged, and
    control characters escaped so that no logged value can start a line of its own."""

    def __init__(self, secret: str) -> None:
        super().__init__(sys.stderr)
        self._secret = secret
        self.setFormatter(logging.Formatter("claimcheck: %(message)s"))

    def format(self, record: logging.LogRecord) -> str:
        return escape_controls(_scrub(super().format(record), self._secret))


def _configure_logging(args: argparse.Namespace, secret: str) -> None:
    """One handler on the "claimcheck" logger, replaced on every ``main`` call so lines are never doubled."""
    quiet, verbose = getattr(args, "quiet", False), getattr(args, "verbose", 0)
    log.setLevel(
        logging.ERROR
        if quiet
        else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    )
    for old in [handler for handler in log.handlers if isinstance(handler, _StderrHandler)]:
        log.removeHandler(old)
    log.addHandler(_StderrHandler(secret))
    # bibtexparser warns about a broken entry with 0-based lines; the InputError that follows says it right.
    logging.getLogger("bibtexparser").setLevel(logging.WARNING if verbose else logging.CRITICAL)


def _say(message: str, *, quiet: bool = False) -> None:
    """One line on stderr, prefixed "claimcheck: ": paths relative, control characters escaped."""
    if not quiet:
        if sys.stderr.isatty():
            sys.stderr.write("\r\033[K")
        line = escape_controls(relative_in_text(message))
        print(line if line.startswith("claimcheck") else f"claimcheck: {line}", file=sys.stderr)


def _scrub(message: str, secret: str) -> str:
    return message.replace(secret, "***") if secret else message

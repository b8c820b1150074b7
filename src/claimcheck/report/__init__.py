"""Reports: one module per format, chosen through ``ReportFormat``; ``render_pieces`` is all the CLI calls.

Every format reads only the ``RunResult`` and the rule catalogue, and returns the whole report as
a string (``render``); ``render_pieces`` gives it in pieces to write as they come, so that the JSON
report of a large run is never one string. Where it goes (stdout, ``--output``) is the CLI's business.
A format's module, and the model with it, is imported when a report is rendered in it: the command
line needs only the names of the formats (``--help`` and a usage error load nothing more).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, assert_never

if TYPE_CHECKING:
    from collections.abc import Iterator

    from claimcheck.model import RunResult

__all__ = ["ReportFormat", "render", "render_pieces"]


class ReportFormat(enum.Enum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    HTML = "html"


def render(
    result: RunResult,
    fmt: ReportFormat,
    *,
    concise: bool = False,
    color: bool = False,
    show_all: bool = False,
) -> str:
    """The report of ``result`` in ``fmt`` as one string (``render_pieces`` joined)."""
    return "".join(render_pieces(result, fmt, concise=concise, color=color, show_all=show_all))


def render_pieces(
    result: RunResult,
    fmt: ReportFormat,
    *,
    concise: bool = False,
    color: bool = False,
    show_all: bool = False,
) -> Iterator[str]:
    """The report of ``result`` in ``fmt``, in pieces made as they are asked for: the JSON report of 500
    articles (about 90 MB) a piece of one entry at a time, the other formats in one piece.
    ``concise``, ``color`` and ``show_all`` concern the text format.

    Paths are shown relative to the working directory in every format (``layout.display_path``).
    """
    from claimcheck.report.layout import with_display_paths

    result = with_display_paths(result)
    if fmt is ReportFormat.TEXT:
        from claimcheck.report.text import render_text

        yield render_text(result, concise=concise, color=color, show_all=show_all)
    elif fmt is ReportFormat.JSON:
        from claimcheck.report.json import json_pieces

        yield from json_pieces(result)
    elif fmt is ReportFormat.SARIF:
        from claimcheck.report.sarif import render_sarif

        yield render_sarif(result)
    elif fmt is ReportFormat.JUNIT:
        from claimcheck.report.junit import render_junit

        yield render_junit(result)
    elif fmt is ReportFormat.GITHUB:
        from claimcheck.report.github import render_github

        yield render_github(result)
    elif fmt is ReportFormat.HTML:
        from claimcheck.report.html import render_html

        yield render_html(result)
    else:
        assert_never(fmt)

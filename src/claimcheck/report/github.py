"""GitHub Actions workflow commands: each finding becomes an annotation on its line in the pull request.

Escaping follows the runner's own rules (actions/toolkit ``command.ts``): in the message ``%``, CR
and LF become ``%25``, ``%0D``, ``%0A``; in properties ``:`` and ``,`` also become ``%3A``, ``%2C``,
since they separate the properties. Before that, every other control character is made visible
(``layout.escape_controls``), so nothing from an article or a record can start a line of its own
and be read by the runner as a command. The totals are not repeated here: the CLI prints them on
stderr, which the runner shows in the same log.
"""

from __future__ import annotations

from claimcheck.model import Finding, RunResult, Severity
from claimcheck.report.layout import finding_details, rule_title, sorted_findings
from claimcheck.report.printable import escape_controls, one_line

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, **properties: str) -> str:
    """``::command k=v,k=v::message`` with every part escaped; empty properties are left out."""
    listed = ",".join(
        f"{key}={escape_property(escape_controls(value))}" for key, value in properties.items() if value
    )
    lines = "\n".join(one_line(line) for line in message.splitlines())
    return f"::{command}{' ' + listed if listed else ''}::{escape_data(lines)}"


def render_github(result: RunResult) -> str:
    lines = []
    if result.sources_unavailable:
        lines.append(
            workflow_command(
                "error",
                f"Some claims could not be checked: {result.sources_unavailable}",
                title="claimcheck: sources unavailable",
            )
        )
    lines += [_annotation(found) for found in sorted_findings(result.findings)]
    lines += [workflow_command("warning", warning, title="claimcheck") for warning in result.warnings]
    if result.skipped:
        lines.append(
            workflow_command(
                "notice", f"Not checked (unchanged): {', '.join(result.skipped)}", title="claimcheck"
            )
        )
    return "".join(f"{line}\n" for line in lines)


def _annotation(found: Finding) -> str:
    message = "\n".join([found.message, *finding_details(found)])
    position = {"line": str(found.line), "col": str(found.column)} if found.line > 0 else {}
    return workflow_command(
        _COMMANDS[found.severity], message, file=found.article, **position, title=rule_title(found)
    )

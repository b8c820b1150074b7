"""``claims/<stem>.yaml``: the claims of one article, extracted by the tool and reviewed by an editor.

The file is the editor's as much as the tool's, so re-extraction merges instead of overwriting.
Each extracted claim carries ``extracted:``, a short hash per field of what the extractor wrote
last time: a field whose value still has that hash was never touched and follows the new
extraction; any other value is the editor's and is kept. Claims without ``extracted`` were written
by hand and are never changed. Claims no longer in the article are marked ``status: vanished``.
Comments survive a rewrite too: those above the claims stay at the top of the file, and a comment
written inside a claim is kept in that claim's ``note`` (YAML gives comments no place of their own).

``check`` merges the file into a fresh extraction the same way (``curate``) without writing it: the
article as it is now is what gets checked, and a curated claim whose text is no longer in the article
is reported as stale (CC108) at its line in this file, never checked.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from claimcheck.errors import InputError
from claimcheck.files import write_atomic
from claimcheck.inputs.normalize import fold_punctuation
from claimcheck.model import Acknowledgement, Article, Claim, StaleClaim
from claimcheck.textfold import folded_words

VERSION = 1
VANISHED = "vanished"
_TOP_KEYS = ("version", "article", "article_sha256", "claims")
_STRING_FIELDS = ("text", "link", "journal", "date", "quote", "affiliation", "attribution", "note")
_LIST_FIELDS = ("cites", "figures", "design", "effects", "population", "authors")
# Fields the extractor owns until an editor changes them; "line"/"column" always follow the article.
_EXTRACTED_FIELDS = (
    "text",
    "cites",
    "link",
    "figures",
    "design",
    "effects",
    "population",
    "journal",
    "date",
    "quote",
    "affiliation",
    "authors",
    "attribution",
)
_FIELD_ORDER = ("id", "line", "column", *_EXTRACTED_FIELDS, "note", "acknowledge", "status", "extracted")
_CLAIM_START = re.compile(r"^\s*-\s+id:\s*['\"]?([^'\"\s#]+)")
_COMMENT = re.compile(r"^\s*#\s?(.*)$")
_CLAIM_KEYS = frozenset(_FIELD_ORDER)
# Limits far above what a claims file needs and far below what could exhaust memory or the stack.
MAX_ALIASES = 10
MAX_DEPTH = 20
MAX_NUMBER_DIGITS = 18
# Line and column numbers: above this, a number is a typo or an attack, not a place in an article.
MAX_POSITION = 10**9
_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
_INT_TAG = f"{_YAML_TAG_PREFIX}int"
# A date written unquoted is a timestamp: allowed here, so that its field says "must be text".
_PLAIN_TAGS = frozenset(
    f"{_YAML_TAG_PREFIX}{kind}" for kind in ("null", "bool", "int", "float", "str", "timestamp", "seq", "map")
)
# How like a stale claim's text a sentence of the article must be to be named as what took its place.
_LIKE_STALE = 0.6
_NUMERIC_MARKER = re.compile(
    r"[\[(][\d\s,;\u2013\u2014-]*\d[\d\s,;\u2013\u2014-]*[\])]|[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+"
)


@dataclass(frozen=True)
class ClaimsFile:
    path: str
    article: str
    article_sha256: str
    claims: tuple[Claim, ...]
    vanished: tuple[str, ...]
    article_line: int | None = None  # of the ``article:`` key, for errors about the article it names


@dataclass(frozen=True)
class Curated:
    """A fresh extraction merged with the claims file, as ``check`` uses it: what to check, what is stale."""

    claims: tuple[Claim, ...]
    stale: tuple[StaleClaim, ...]
    notes: tuple[str, ...]  # for the editor: the file is older than the article


@dataclass(frozen=True)
class _Entries:
    """A claims file read: top-level fields, each claim as a plain dict, and where each stands in the file."""

    header: dict[str, Any]
    claims: list[dict[str, Any]]
    header_lines: dict[str, int]
    claim_lines: dict[str, int]


@dataclass(frozen=True)
class MergeReport:
    """What a re-extraction did: counts of claims added, updated, with editor edits kept, vanished."""

    added: int = 0
    updated: int = 0
    kept_edits: int = 0
    vanished: int = 0


# --------------------------------------------------------------------------- reading


def load_claims(path: str | Path) -> ClaimsFile:
    """Read and validate a claims file; every problem is an InputError naming its line."""
    name = str(path)
    read = _read_entries(Path(path), name)
    article = str(read.header.get("article", ""))
    claims, vanished = [], []
    for fields in read.claims:
        if fields.get("status") == VANISHED:
            vanished.append(str(fields["id"]))
        else:
            claims.append(_to_claim(fields, article))
    return ClaimsFile(
        path=name,
        article=article,
        article_sha256=str(read.header.get("article_sha256", "")),
        claims=tuple(claims),
        vanished=tuple(vanished),
        article_line=read.header_lines.get("article"),
    )


class _PythonEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own scanner and parser, where it was built without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


# libyaml scans and parses a long claims file many times faster; the nodes are composed here, in Python,
# so that the limits below apply to every one of them.
if TYPE_CHECKING or not yaml.__with_libyaml__:
    _Events = _PythonEvents
else:
    _Events = yaml.cyaml.CParser


class _GuardedLoader(
    yaml.composer.Composer, _Events, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
):
    """PyYAML's safe loader with limits: a claims file is plain data a few levels deep.

    Tags other than the plain ones (``!!python/object``, custom ``!thing``) are refused rather than
    ignored, an alias bomb is stopped at a few aliases (long before its expansion could fill memory),
    deep nesting is stopped before Python's recursion limit, and oversized integers before their
    conversion fails. Each refusal is a YAMLError at the node's line.
    """

    def __init__(self, stream: str) -> None:
        _Events.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _refused(event.start_mark, f"more than {MAX_ALIASES} aliases (*name)")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _refused(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is not None and node.tag not in _PLAIN_TAGS:
            shown = node.tag.replace(_YAML_TAG_PREFIX, "!!")
            raise _refused(
                node.start_mark, f"the tag '{shown}' is not allowed: a claims file holds plain data"
            )
        if node is not None and node.tag == _INT_TAG and len(node.value) > MAX_NUMBER_DIGITS:
            raise _refused(node.start_mark, f"a number of {len(node.value)} digits")
        return node


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that a claims file may not contain."""


def _refused(mark: Any, problem: str) -> _Refused:
    return _Refused(problem=problem, problem_mark=mark)


def _read_entries(path: Path, name: str) -> _Entries:
    """The top-level fields and each claim as a plain dict, validated against the schema above."""
    try:
        loader = _GuardedLoader(path.read_text(encoding="utf-8-sig"))
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except FileNotFoundError:
        raise InputError(name, "no such claims file") from None
    except _Refused as error:
        raise InputError(name, str(error.problem), _mark_line(error)) from None
    except yaml.MarkedYAMLError as error:
        if "maximum nesting depth" in str(error.problem):  # libyaml's own limit, far above ours
            raise InputError(name, f"nested more than {MAX_DEPTH} levels deep", _mark_line(error)) from None
        raise InputError(name, f"broken YAML: {error.problem or error}", _mark_line(error)) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(name, f"cannot read claims file: {error}") from None
    if not isinstance(root, yaml.MappingNode):
        raise InputError(name, "a claims file is a mapping with version, article and claims", _line(root))
    header = _mapping(root, name, _TOP_KEYS)
    for key in ("article", "article_sha256"):
        if key in header and not isinstance(header[key][0], str):
            raise InputError(name, f"'{key}' must be text", _line(header[key][1]))
    if header.get("version", (None, None))[0] != VERSION:
        raise InputError(name, f"unsupported version (expected version: {VERSION})", _line(root))
    claims_node = header.get("claims", (None, None))[1]
    entries: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    if claims_node is not None and not (isinstance(claims_node, yaml.ScalarNode) and claims_node.value == ""):
        if not isinstance(claims_node, yaml.SequenceNode):
            raise InputError(name, "'claims' must be a list", _line(claims_node))
        for node in claims_node.value:
            fields = _claim_fields(node, name)
            claim_id, line = fields["id"], _line(node)
            if claim_id in seen:
                raise InputError(
                    name, f"duplicate claim id '{claim_id}' (first at line {seen[claim_id]})", line
                )
            seen[claim_id] = line or 0
            entries.append(fields)
    return _Entries(
        header={key: value for key, (value, _) in header.items()},
        claims=entries,
        header_lines={key: _line(node) or 0 for key, (_, node) in header.items()},
        claim_lines=seen,
    )


def _mark_line(error: yaml.MarkedYAMLError) -> int | None:
    return error.problem_mark.line + 1 if error.problem_mark else None


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _mapping(node: yaml.MappingNode, name: str, allowed: Sequence[str]) -> dict[str, tuple[Any, yaml.Node]]:
    """Keys to (plain value, node); unknown and repeated keys are errors at their own line."""
    result: dict[str, tuple[Any, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key not in allowed:
            raise InputError(
                name, f"unknown key '{key}' (expected one of: {', '.join(allowed)})", _line(key_node)
            )
        if key in result:
            raise InputError(name, f"key '{key}' given twice", _line(key_node))
        result[key] = (_plain(value_node), value_node)
    return result


def _plain(node: yaml.Node) -> Any:
    """The Python value of a node, built by PyYAML's safe constructor (no arbitrary objects)."""
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


def _claim_fields(node: yaml.Node, name: str) -> dict[str, Any]:
    if not isinstance(node, yaml.MappingNode):
        raise InputError(name, "each claim must be a mapping", _line(node))
    fields = _mapping(node, name, _FIELD_ORDER)
    for required in ("id", "line", "text"):
        if required not in fields:
            raise InputError(name, f"claim without '{required}'", _line(node))
    for key, (value, value_node) in fields.items():
        problem = _type_problem(key, value)
        if problem:
            raise InputError(name, f"'{key}' {problem}", _line(value_node))
    return {key: value for key, (value, _) in fields.items()}


def _type_problem(key: str, value: Any) -> str:
    """Why a field's value has the wrong shape, or "" when it is fine."""
    if key in ("line", "column"):
        return (
            ""
            if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_POSITION
            else f"must be a {key} number (1 to {MAX_POSITION})"
        )
    if key in _STRING_FIELDS or key == "id":
        return "" if isinstance(value, str) and (value or key not in ("id", "text")) else "must be text"
    if key in _LIST_FIELDS:
        return (
            ""
            if isinstance(value, list) and all(isinstance(item, str) for item in value)
            else "must be a list of text"
        )
    if key == "status":
        return "" if value == VANISHED else f"can only be '{VANISHED}'"
    if key == "extracted":
        return (
            ""
            if isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
            else "is not a fingerprint"
        )
    if key == "acknowledge":
        valid = isinstance(value, list) and all(
            isinstance(item, dict)
            and set(item) == {"rule", "reason"}
            and all(isinstance(part, str) for part in item.values())
            for item in value
        )
        return "" if valid else "must be a list of {rule, reason}"
    return ""


def _to_claim(fields: dict[str, Any], article: str) -> Claim:
    strings: dict[str, Any] = {key: fields.get(key, "") for key in _STRING_FIELDS if key != "text"}
    lists: dict[str, Any] = {key: tuple(fields.get(key, ())) for key in _LIST_FIELDS}
    return Claim(
        id=fields["id"],
        article=article,
        line=fields["line"],
        column=fields.get("column", 1),
        text=fields["text"],
        **strings,
        **lists,
        acknowledged=tuple(
            Acknowledgement(item["rule"], item["reason"]) for item in fields.get("acknowledge", ())
        ),
    )


# --------------------------------------------------------------------------- writing


def write_claims(
    path: str | Path, article_path: str, article_sha256: str, extracted: Sequence[Claim]
) -> MergeReport:
    """Merge a fresh extraction into the claims file, keeping every edit, and write it atomically."""
    target = Path(path)
    existing = _read_entries(target, str(target)).claims if target.exists() else []
    header, notes = _comments(target.read_text(encoding="utf-8-sig")) if target.exists() else ([], {})
    for entry in existing:
        if entry["id"] in notes:
            entry["note"] = "\n".join(filter(None, [entry.get("note", ""), *notes[entry["id"]]]))
    merged, report = _merge(existing, extracted)
    document = {
        "version": VERSION,
        "article": article_path,
        "article_sha256": article_sha256,
        "claims": [_ordered(entry) for entry in merged],
    }
    body = yaml.dump(document, Dumper=_ClaimsDumper, sort_keys=False, allow_unicode=True, width=110)
    write_atomic(target, "".join(f"{line}\n" for line in header) + body)
    return report


def curate(path: str | Path, article: Article, article_sha256: str, extracted: Sequence[Claim]) -> Curated:
    """The fresh extraction merged with the claims file exactly as ``write_claims`` merges it, unwritten.

    A curated claim (extracted or written by hand, not marked vanished) whose text is no longer in the
    article is stale: it is reported with its line in the file and never checked. Where the merge could
    tie it to the article's current sentence (same id), that sentence is checked with the editor's fields.
    Nothing is stale while the article is the one the file was extracted from (same sha256).
    """
    read = _read_entries(Path(path), str(path))
    current = _CurrentText(article.text, extracted)
    unchanged = read.header.get("article_sha256") == article_sha256

    def gone(entry: dict[str, Any]) -> bool:
        return not unchanged and entry.get("status") != VANISHED and not current.holds(entry["text"])

    stale = tuple(
        StaleClaim(
            claim=_to_claim(entry, article.path),
            claims_file=str(path),
            line=read.claim_lines[entry["id"]],
            now=current.closest(entry["text"]),
        )
        for entry in read.claims
        if gone(entry)
    )
    merged, _ = _merge(read.claims, extracted)
    claims = tuple(
        _to_claim(entry, article.path)
        for entry in merged
        if entry.get("status") != VANISHED and not gone(entry)
    )
    # Stale claims say so themselves, at their lines; this note is for an article changed elsewhere.
    outdated = bool(read.header.get("article_sha256")) and not unchanged and not stale
    notes = (
        (
            f"{path}: the article {article.path} has changed since its claims were extracted; "
            f"run 'claimcheck extract {article.path}' to bring them up to date",
        )
        if outdated
        else ()
    )
    return Curated(claims, stale, notes)


class _CurrentText:
    """The article as it is now, to tell whether a curated claim's text is still in it.

    Words are compared folded (case, accents, punctuation), with numeric citation markers ("[1]",
    "(2, 3)", superscripts) left out of both sides: a claim written by hand often omits them.
    """

    def __init__(self, text: str, extracted: Sequence[Claim]) -> None:
        self._article = _words_key(text)
        self._sentences = {_text_key(claim.text): claim.text for claim in extracted}

    def holds(self, text: str) -> bool:
        """True when ``text`` is a claim the extractor finds now, or words of the article as they stand."""
        words = _words_key(text)
        return _text_key(text) in self._sentences or (words.strip() != "" and words in self._article)

    def closest(self, text: str) -> str:
        """The extracted claim most like ``text`` (a sentence with a changed figure), or "" when none is."""
        key = _text_key(text)
        scored = [
            (SequenceMatcher(None, key, candidate, autojunk=False).ratio(), sentence)
            for candidate, sentence in self._sentences.items()
        ]
        best = max(scored, default=(0.0, ""))
        return best[1] if best[0] >= _LIKE_STALE else ""


def _merge(
    existing: list[dict[str, Any]], extracted: Sequence[Claim]
) -> tuple[list[dict[str, Any]], MergeReport]:
    """Every claim of the file and of the extraction, merged; sorted by line, ids unique."""
    by_id = {entry["id"]: entry for entry in existing}
    by_text = {_text_key(entry["text"]): entry for entry in existing}
    matched: set[str] = set()
    merged: list[dict[str, Any]] = []
    added = updated = kept = 0
    for claim in extracted:
        fresh = _extracted_values(claim)
        previous = by_id.get(claim.id) or by_text.get(_text_key(claim.text))
        if previous is not None and previous["id"] in matched:
            previous = None
        if previous is None:
            added += 1
            merged.append(
                {
                    "id": claim.id,
                    "line": claim.line,
                    "column": claim.column,
                    **fresh,
                    "extracted": _fingerprint(fresh),
                }
            )
            continue
        matched.add(previous["id"])
        if "extracted" not in previous:  # written by hand: never touched
            merged.append(dict(previous))
            continue
        entry, edits = _merge_one(previous, claim, fresh)
        kept += edits > 0
        updated += entry != previous
        merged.append(entry)
    vanished = 0
    for entry in existing:
        if entry["id"] in matched:
            continue
        if "extracted" in entry and entry.get("status") != VANISHED:
            entry = {**entry, "status": VANISHED}
            vanished += 1
        merged.append(dict(entry))
    _assign_unique_ids(merged)
    merged.sort(key=lambda entry: (entry["line"], entry["id"]))
    return merged, MergeReport(added=added, updated=updated, kept_edits=kept, vanished=vanished)


def _comments(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """Full-line comments: those before the first claim as written, the others by the claim they are in."""
    header: list[str] = []
    notes: dict[str, list[str]] = {}
    claim = ""
    for line in text.splitlines():
        start = _CLAIM_START.match(line)
        if start:
            claim = start.group(1)
            continue
        comment = _COMMENT.match(line)
        if comment is None:
            continue
        if claim:
            notes.setdefault(claim, []).append(comment.group(1).strip())
        else:
            header.append(line)
    return header, notes


def _merge_one(previous: dict[str, Any], claim: Claim, fresh: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Untouched fields follow the extraction; edited, added or deleted ones stay the editor's."""
    fingerprint = previous["extracted"]
    entry = {key: value for key, value in previous.items() if key not in _EXTRACTED_FIELDS}
    entry["line"] = claim.line
    entry.pop("column", None)
    if claim.column != 1:
        entry["column"] = claim.column
    entry.pop("status", None)
    edits = 0
    for key in _EXTRACTED_FIELDS:
        current = previous.get(key)
        untouched = _hash(current) == fingerprint.get(key, _hash(None))
        value = fresh.get(key) if untouched else current
        edits += not untouched
        if value is not None:
            entry[key] = value
    entry["extracted"] = _fingerprint(fresh)
    return entry, edits


def _extracted_values(claim: Claim) -> dict[str, Any]:
    """The extractor's non-empty fields, as they are written to the file."""
    values: dict[str, Any] = {}
    for key in _EXTRACTED_FIELDS:
        value = getattr(claim, key)
        if value:
            values[key] = list(value) if isinstance(value, tuple) else value
    return values


def _hash(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:8]


def _fingerprint(fresh: dict[str, Any]) -> dict[str, str]:
    return {key: _hash(fresh.get(key)) for key in _EXTRACTED_FIELDS if key in fresh}


def _words_key(text: str) -> str:
    """Folded words, space-padded so that ``in`` compares whole words; numeric markers left out."""
    return f" {' '.join(folded_words(_NUMERIC_MARKER.sub(' ', text)))} "


def _text_key(text: str) -> str:
    return " ".join(fold_punctuation(text).casefold().split())


def _assign_unique_ids(entries: list[dict[str, Any]]) -> None:
    """A new claim whose extractor id is already an editor's claim's id gets "-2", "-3"..."""
    seen: set[str] = set()
    for entry in entries:
        base, candidate, suffix = entry["id"], entry["id"], 1
        while candidate in seen:
            suffix += 1
            candidate = f"{base}-{suffix}"
        entry["id"] = candidate
        seen.add(candidate)


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    """Fields in a fixed, readable order; column 1 is the default and left out; lists in flow style."""
    ordered: dict[str, Any] = {}
    for key in _FIELD_ORDER:
        if key not in entry or (key == "column" and entry[key] == 1):
            continue
        value = entry[key]
        if key in _LIST_FIELDS:
            value = _Flow(value)
        elif key == "extracted":
            value = _FlowMapping(value)
        ordered[key] = value
    return ordered


class _Flow(list[str]):
    """A short list written on one line: ``cites: [shaw2018]``."""


class _FlowMapping(dict[str, str]):
    """The fingerprint, on one line so it does not crowd the editor's fields."""


class _ClaimsDumper(yaml.CSafeDumper if yaml.__with_libyaml__ else yaml.SafeDumper):  # type: ignore[misc]
    """Block style for the document, flow style for short lists and fingerprints; written by libyaml
    where PyYAML has it (the same text, several times faster)."""


_ClaimsDumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)
_ClaimsDumper.add_representer(
    _FlowMapping,
    lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True),
)

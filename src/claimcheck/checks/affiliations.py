"""CC207 affiliation-mismatch: the institution an article credits must be among the authors' affiliations.

The credited name must appear, as a whole phrase and after folding (case, accents, punctuation,
"&"/"and"), in an author's affiliation. An affiliation written in another language is read through the
words of ``data/institutions.toml`` ("Ludwig-Maximilians-Universität München" holds "University of
Munich", word by word in any order); a renamed institution ("Georgia Regents University", now "Augusta
University") is only an informational finding that gives the year. When the text ties the institution
to a person ("Dr. Hamrick of Augusta University"), it is looked for in that person's own affiliations.

Severity says how sure we are: an error only when every author's affiliations are listed and none holds
the credited institution under any of its names; a warning when only some authors list affiliations
(PubMed gave only the first author's before 2014), when the institution is another author's but not that
of the person the text ties it to, or when its name occurs only within a longer one ("University of Hong
Kong" in "The Chinese University of Hong Kong"); info for a renaming; a record that lists no affiliations
is CC303, and so is a record whose affiliations are all in another language and hold no name the text
gives ("Nasjonalt brannskadesenter" for "Norway's National Burn Centre"): the tool cannot tell.

Passes (affiliation: "Darrow Stem Cell Institute, Los Angeles, CA, USA")::

    ... published studies from the Darrow Stem Cell Institute on ...

Fails with CC207 (affiliations: "School of Sport, Loughborough University, Loughborough, UK")::

    ... researchers at Georgia Regents University wrote ...
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from claimcheck import data
from claimcheck.checks.authors import is_author
from claimcheck.checks.base import ClaimContext, Declaration, Outcome, finding, support
from claimcheck.model import Author, Finding, Passage, Severity
from claimcheck.textfold import fold, folded_words

DECLARATION = Declaration(rules=("CC207", "CC303"), reads=("affiliation",))

_EVIDENCE_LIMIT = 200
# Words that join an institution's name in any language; compared word by word they say nothing.
_JOINING = frozenset(
    "of the at for and de di da do der des la le du y und e i degli della del dei van von voor fur".split()
)
# Words every institution's name may hold; a name of these alone ("University", "the Laboratory") says
# nothing about which institution.
_GENERIC = _JOINING | frozenset(
    "university institute hospital clinic college school center centre laboratory laboratories foundation "
    "academy institution department faculty medical medicine research health sciences".split()
)
_NAME_PART = re.compile(r"[^,;()]+")  # an affiliation's parts, each naming one unit or institution
_MARKER = re.compile(r"(?<![\w.])\d+(?=[A-Z][a-z])")  # a footnote number glued to a name: "3New York"
# How a text ties an institution to a person: "Jane Doe of", "Dr. Doe, a surgeon at", "Doe (Mayo Clinic".
_TIED = r"(?:\s+(?:of|at|from|with)\s+|\s*,\s*(?:\w+\s+){0,6}?(?:of|at|from|with)\s+|\s*\(\s*)(?:the\s+)?$"


@dataclass(frozen=True)
class Renaming:
    """An institution that changed its name: articles written before or after may use either."""

    old: str
    new: str
    year: int
    source: str


RENAMINGS: tuple[Renaming, ...] = tuple(
    Renaming(item["old"], item["new"], int(item["year"]), item["source"])
    for item in data.load("institutions")["renaming"]
)
_TRANSLATIONS: tuple[tuple[str, str], ...] = tuple(
    (f" {foreign} ", f" {english.replace('_', ' ')} ")
    for english, forms in data.load("institutions")["translations"].items()
    if english != "source"
    for foreign in forms
)


# An affiliation in English names its institution with one of these words; one without any is written
# in another language ("Nasjonalt brannskadesenter, Haukeland universitetssjukehus"), where a name the
# text gives in English may stand translated: no plain evidence that the institution is missing (a warning
# when some affiliations are in English, CC303 when none is).
_ENGLISH_INSTITUTION = re.compile(
    r"\b(?:university|hospital|department|dept|institute|centre|school|college|clinic|laboratory|faculty|"
    r"division|foundation|ministry|agency|council|society|trust|academy|programme|company|inc|ltd|"
    r"corporation|of|the|and)s?\b",
    re.IGNORECASE,
)
# Not "center", "program", "service", "unit" or "group": Danish, Norwegian and Swedish write them too
# ("Center for Sundhedsforskning"), and an error needs affiliations plainly in English.


def contains_phrase(text: str, phrase: str) -> bool:
    """True when ``phrase`` occurs in ``text`` as whole words, both folded."""
    folded_phrase = fold(phrase)
    return bool(folded_phrase) and f" {folded_phrase} " in f" {fold(_without_markers(text))} "


@functools.lru_cache(maxsize=4096)
def _in_english(text: str) -> tuple[str, bool]:
    """The folded text with other languages' institution words in English, and whether any was."""
    folded = f" {fold(text)} "
    translated = folded
    for foreign, english in _TRANSLATIONS:
        translated = translated.replace(foreign, english)
    return translated, translated != folded


def names_institution(affiliation: str, credited: str) -> bool:
    """True when an affiliation holds the credited institution: as a phrase, or, in an affiliation written
    in another language, word by word ("Universidad de Chile" holds "University of Chile")."""
    if contains_phrase(affiliation, credited):
        return True
    parts = re.split(r"\s+(?:of|at)\s+the\s+", credited)
    if len(parts) > 1 and all(contains_phrase(affiliation, part) for part in parts if _distinctive(part)):
        return True  # "Laser Institute of the University of Y" in "Laser Institute, University of Y"
    translated, foreign = _in_english(affiliation)
    wanted, _ = _in_english(credited)
    if f" {wanted.strip()} " in translated:
        return True
    words = {word for word in wanted.split() if word not in _JOINING}
    return foreign and bool(words) and words <= set(translated.split())


def _longer_name(affiliation: str, credited: str) -> str:
    """The longer university name the credited one occurs in, when it occurs only as the tail of one: "The
    Chinese University of Hong Kong" for "University of Hong Kong", "Medical University of South Carolina"
    for "University of South Carolina" (other universities); else "". Only a name that starts with
    "University" is read so: the tail of another unit's name ("Research Center for X" holding "Center for
    X") is the same institution. An acronym, a joining word or a hyphen before it ("UCL Institute",
    "The University of Hong Kong", "Harbor-University of California") leaves the name whole."""
    wanted = fold(credited).split()
    if wanted[:1] != ["university"] or not contains_phrase(affiliation, credited):
        return ""
    longer = ""
    for part in _NAME_PART.findall(_without_markers(affiliation)):
        tokens = [
            (word, at, written) for at, written in enumerate(part.split()) for word in folded_words(written)
        ]
        words = [word for word, _, _ in tokens]
        for start in range(len(words) - len(wanted) + 1):
            if words[start : start + len(wanted)] != wanted:
                continue
            before, at, written = tokens[start - 1] if start else ("", -1, "")
            joined = at == tokens[start][1]  # "Harbor-University": one written word
            if not before or joined or before in _JOINING or not written[:1].isupper() or written.isupper():
                return ""
            longer = longer or part.strip()
    return longer


def _without_markers(affiliation: str) -> str:
    """The affiliation without footnote numbers glued to its names ("3New York Academy" -> "New York ...")."""
    return _MARKER.sub("", affiliation)


def _distinctive(name: str) -> bool:
    return bool(set(fold(name).split()) - _GENERIC)


def _other_names(institution: str) -> Iterator[tuple[str, Renaming]]:
    """Every other name of the institution along its chain of renamings, with the renaming that links it."""
    seen = {fold(institution)}
    queue = [institution]
    while queue:
        name = fold(queue.pop())
        for item in RENAMINGS:
            for mine, other in ((item.old, item.new), (item.new, item.old)):
                if fold(mine) == name and fold(other) not in seen:
                    seen.add(fold(other))
                    queue.append(other)
                    yield other, item


def check(context: ClaimContext) -> Iterator[Outcome]:
    """Look for the credited institution in the tied person's affiliations, or every author's."""
    credited = context.claim.affiliation
    if not credited or not set(fold(credited).split()) - _GENERIC:
        return  # "the Laboratory" names no institution in particular
    authors = context.record.authors
    affiliations = tuple(dict.fromkeys(a for author in authors for a in author.affiliations))
    if not affiliations:
        yield finding(
            "CC303",
            context,
            f"PMID {context.record.pmid} lists no author affiliations, so '{credited}' cannot be checked",
            claimed=credited,
            found="no affiliations",
            evidence="record lists no author affiliations",
        )
        return
    matched = _naming(affiliations, credited)
    longer = next((name for text in affiliations if (name := _longer_name(text, credited))), "")
    if matched is None and longer:
        message = f"'{credited}' occurs only within '{longer}', another institution's name"
        yield _mismatch(context, message, found=longer, affiliation=longer, severity=Severity.WARNING)
        return
    if matched is not None:
        person = _tied_person(context)
        own = _naming(person.affiliations, credited) if person is not None else None
        if person is None or not person.affiliations or own is not None:
            evidence = own or matched
            yield support(
                context, claimed=credited, evidence=evidence[:_EVIDENCE_LIMIT], passage=_passage(evidence)
            )
            return
        message = f"'{credited}' is another author's affiliation, not {person.short}'s"
        found = "; ".join(person.affiliations)
        yield _mismatch(context, message, found=found, affiliation=matched, severity=Severity.WARNING)
        return
    for other, renaming in _other_names(credited):
        renamed = next((text for text in affiliations if names_institution(text, other)), None)
        if renamed is not None:
            message = f"'{renaming.old}' was renamed '{renaming.new}' in {renaming.year}; "
            message += f"the authors list '{other}'"
            yield _mismatch(context, message, found=other, affiliation=renamed, severity=Severity.INFO)
            return
    in_english = [bool(_ENGLISH_INSTITUTION.search(text)) for text in affiliations]
    if not any(in_english):
        yield finding(
            "CC303",
            context,
            f"the affiliations of PMID {context.record.pmid} are not in English, where '{credited}' may be "
            "written otherwise, so it cannot be checked",
            claimed=credited,
            found="; ".join(affiliations),
            evidence=affiliations[0][:_EVIDENCE_LIMIT],
            passage=_passage(affiliations[0]),
        )
        return
    complete = all(author.affiliations or author.collective for author in authors)
    english = all(in_english)
    message = f"no author of PMID {context.record.pmid} lists '{credited}' among their affiliations" + (
        "" if complete else " (PubMed lists affiliations for only some of the authors)"
    )
    if not english:
        message += " (some affiliations are not in English, where the name may be written otherwise)"
    severity = Severity.ERROR if complete and english else Severity.WARNING
    yield _mismatch(
        context, message, found="; ".join(affiliations), affiliation=affiliations[0], severity=severity
    )


def _mismatch(
    context: ClaimContext, message: str, *, found: str, affiliation: str, severity: Severity
) -> Finding:
    """A CC207 finding whose evidence is the affiliation that decides it."""
    return finding(
        "CC207",
        context,
        message,
        claimed=context.claim.affiliation,
        found=found,
        evidence=affiliation[:_EVIDENCE_LIMIT],
        passage=_passage(affiliation),
        severity=severity,
    )


def _tied_person(context: ClaimContext) -> Author | None:
    """The record's author the text ties the institution to ("Jane Doe of Augusta University"), if any."""
    text, credited = context.claim.text, context.claim.affiliation
    at = text.find(credited)
    if at < 0:
        return None
    before = text[max(at - 80, 0) : at]
    for name in context.claim.authors:
        if re.search(re.escape(name) + _TIED, before):
            return next((author for author in context.record.authors if is_author(name, author)), None)
    return None


def _naming(affiliations: tuple[str, ...], credited: str) -> str | None:
    """The first affiliation that names the credited institution as a whole."""
    return next(
        (
            text
            for text in affiliations
            if names_institution(text, credited) and not _longer_name(text, credited)
        ),
        None,
    )


def _passage(text: str) -> Passage:
    return Passage(source="metadata", section="affiliation", text=text)

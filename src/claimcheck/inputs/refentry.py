"""One entry of a reference list as a ``Reference``: authors, title, journal, year, volume, issue,
pages, identifiers, and what kind of work it is.

The styles editors see, told apart by where the year stands:
- AMA / Vancouver: "Park YS, Artino AR Jr. Title. Acad Med. 2020;95(5):690-4. doi:..."
- APA / Harvard: "Sparks, I. L., & Morita, Y. S. (2023). Title. Journal, 205(1), e0033722." or
  "Browning, C.L. and Wise, J.P. Sr (2014) 'Title', Journal, 4(6), pp. 1-9."
- Chicago author-date: "Carr, Richard, III, and Jay M. Janz. 2014. "Title." Journal 289 (52): 35668-84."
- Chicago notes: "Antoine R. Adamantidis and Luis de Lecea, "Title," Science 382, no. 6669 (2023): 405-12."
Books, chapters, guidelines, web pages and reports are recognised (``Reference.kind``): PubMed lacks
them, so they are not looked up. Parsing never raises: what is not recognised stays in ``raw``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from claimcheck.model import Reference
from claimcheck.textfold import ascii_fold

_YEAR = r"(?:1[89]\d\d|20\d\d)"
_YEAR_WORD = re.compile(rf"(?<![\d/.])({_YEAR})(?![\d/])")
_SPACES = re.compile(r"\s+")
# Markdown emphasis around a journal or a volume ("*Nutrition & Dietetics*, *81*(3)").
_EMPHASIS = re.compile(r"(?<![\w*])[*_]{1,2}(?=\S)|(?<=\S)[*_]{1,2}(?![\w*])")
_MONTH = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2})?,?\s*$", re.I
)

# --------------------------------------------------------------------------- identifiers

_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_DOI = re.compile(r"\b(?:doi:?\s*)?(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_PMID = re.compile(r"(?:\bPubMed\s+)?\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE)
_PMCID = re.compile(r"(?:\b(?:PubMed\s+Central\s+)?PMCID:?\s*)?\b(PMC\d{1,9})\b", re.IGNORECASE)
_PUBMED_URL = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,9})", re.IGNORECASE
)
_PMC_URL = re.compile(r"/(?:pmc/)?articles/(PMC\d{1,9})", re.IGNORECASE)
_DOI_URL = re.compile(r"(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)", re.IGNORECASE)
# Words around identifiers and dates that say nothing about the work itself.
_NOISE = re.compile(
    r"\bpii:?\s*\S+"
    r"|\[(?:internet|online|cited|accessed|published|epub|updated|serial)[^\]]*\]"
    r"|\(\s*accessed[^)]*\)"
    r"|\b(?:accessed|retrieved|cited)(?:\s+on)?:?\s+(?:\w+\s+)?\d{1,2},?\s+\w+,?\s+\d{4}\.?"
    r"|\b(?:accessed|retrieved|cited)(?:\s+on)?:?\s+\w+\.?\s+\d{1,2},?\s+\d{4}\.?"
    r"|\b(?:accessed|retrieved|cited)(?:\s+on)?:?\s+\d{4}(?:\s+\w+\.?)?(?:\s+\d{1,2})?\.?"
    r"|\b(?:available\s+(?:at|from|online)|retrieved\s+from)\s*:?"
    r"|\b(?:last\s+)?(?:updated|modified|reviewed)(?:\s+on)?:?(?=\s+\w+\.?\s+\d)"
    r"|\bEpub\b[^.;]*"
    r"|\bPubMed\s+Central\b",
    re.IGNORECASE,
)
_LEFTOVER_PUNCTUATION = re.compile(r"\s*[.;,:](?:\s+[.;,:])+\s*")

# --------------------------------------------------------------------------- names

_PARTICLES = frozenset("van von der den de del della di da dos das du la le ter ten te ten 't op".split())
# Written so, never as initials ("JR" is two initials, "Jr" a suffix).
_SUFFIXES = frozenset("Jr JR. Sr II III IV 2nd 3rd".split())
_ET_AL = re.compile(r"\s*(?:,\s*)?\bet\.?\s+al\b\.?,?", re.IGNORECASE)
_ELLIPSIS = re.compile(r"(?:\s\.){3}|\s…")  # APA's ". . ." before the last of many authors
_EDITORS = re.compile(r"^\(?(?:eds?|editors?)\.?\)?$", re.IGNORECASE)
_AUTHOR_SEPARATOR = re.compile(r"\s*(?:[,;&]|\band\b)\s*")
# Words that make a capitalised phrase the name of a body, not of a person.
_GROUP_WORDS = frozenset(
    "society association organization organisation institute institutes centers centres center centre "
    "department academy academies college panel group committee team network agency council foundation "
    "board collaboration collaborators consortium commission service services ministry administration "
    "force federation alliance investigators program programme office bureau union trust excellence "
    "university hospital association".split()
)

# --------------------------------------------------------------------------- publication parts

_PAGES = r"[A-Za-z]{0,2}\d+(?:\s*[-\u2010-\u2015]\s*[A-Za-z]{0,2}\d+)?"
_VANCOUVER_PUB = re.compile(
    rf"(?P<year>{_YEAR})[a-z]?(?:\s+[A-Z][a-z]{{2,8}}\.?(?:\s+\d{{1,2}})?(?:\s*-\s*[A-Z][a-z]{{2,8}})?)?"
    rf"(?:\s*;\s*(?P<volume>[\w-]+)?(?:\s*\((?P<issue>[^)]*)\))?)?(?:\s*:\s*(?P<pages>{_PAGES}))?"
)
_COMMA_PUB = re.compile(  # APA and Harvard: "Journal, 33(2), pp. 190-217"
    rf"(?P<journal>.+?),\s*(?P<volume>\d[\w-]*)(?:\s*\((?P<issue>[^)]*)\))?"
    rf"(?:,\s*(?:Article\s+|pp?\.\s*)?(?P<pages>{_PAGES}))?\s*\.?\s*$"
)
_CHICAGO_PUB = re.compile(  # "Journal 289 (52): 35668-84" and "Journal 382, no. 6669 (2023): 405-12"
    rf"(?P<journal>.+?)\s+(?P<volume>\d[\w-]*)(?:\s*\((?P<issue>(?!{_YEAR}\))[^)]*)\)|,\s*no\.\s*(?P<number>\w+))?"
    rf"(?:\s*\((?P<year>{_YEAR})\))?(?:\s*:\s*(?P<pages>{_PAGES}))?\s*[.,]?\s*$"
)
_CHAPTER_PAGES = re.compile(rf"\(pp?\.\s*({_PAGES})\)|{_YEAR}\s*:\s*({_PAGES})\s*\.?\s*$")
_EDITION = re.compile(r"\(?\b\d+(?:st|nd|rd|th)\s+ed\b\.?\)?|\(\s*rev\.\s*ed\.\s*\)", re.IGNORECASE)
_IN_BOOK = re.compile(
    r"^\s*In:?\s|,\s*in\s+[A-Z]|\(eds?\.?\)|\(Eds?\.\)|\beds\.(?=[\s,])|,\s*ed\.\s+[A-Z]", re.IGNORECASE
)
_GUIDELINE = re.compile(r"\bguidelines?\b|\bguidance\b|\brecommendations\b|\bposition statement\b", re.I)
_REPORT = re.compile(r"\breports?\b|\bwhite paper\b|\btechnical brief\b", re.IGNORECASE)
_PUBLISHER = re.compile(
    r"\b(?:Press|Publishing|Publishers?|Books|Elsevier|Springer|Wiley|McGraw-Hill|Lippincott|Saunders)\b"
)
_PLACE_PUBLISHER = re.compile(
    r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:,\s*[A-Z]{2})?(?:\s*\([A-Z]{2}\))?:\s*[A-Z]"
)
_WEB = re.compile(r"\[internet\]|\bavailable\s+(?:at|from)\b|\baccessed\b|\blast\s+modified\b", re.I)

_APA_YEAR = re.compile(rf"\s*\(\s*({_YEAR})[a-z]?(?:,[^)]*)?\)\s*\.?\s*")
_CHICAGO_YEAR = re.compile(rf"\.\s+({_YEAR})[a-z]?\.\s+")
_NOTE_TITLE = re.compile(r",\s*[\"\u201c](?P<title>[^\"\u201d]+?)[,.]?[\"\u201d],?\s*")
_QUOTED_TITLE = re.compile(
    r"^\s*(?:[\"\u201c](?P<double>[^\"\u201d]+?)[.,]?[\"\u201d]|['\u2018](?P<single>.+?)[.,]?['\u2019](?=[,.\s]))"
    r"\s*[,.]?\s*"
)
_SEGMENT_END = re.compile(r"(?<=\.)\s+")
_ABBREVIATED = frozenset("vs e.g i.e dr st no vol ed eds et al spp approx".split())
# A title goes on past a full stop followed by one of these ("gambiae s.s. and its challenges"): no
# journal name and no second sentence of a title starts with a lowercase joining word.
_JOINING_WORDS = frozenset("and or of in on for with to from by at as vs versus the a an".split())


@dataclass
class _Fields:
    """What the style of an entry gives; identifiers are found the same way in every style."""

    authors: tuple[str, ...] = ()
    title: str = ""
    source: str = ""  # what follows the title: journal and numbers, or publisher, or "In: ..."
    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    editors_as_authors: bool = False


def parse_reference_entry(text: str, *, number: int | None, path: str, line: int) -> Reference:
    """Split one free-text entry into authors, title, journal, year, volume, issue, pages, ids and kind."""
    reference = replace(_parsed_entry(text), number=number, path=path, line=line)
    return replace(reference, key=base_key(reference))  # a key may fall back on the number


@functools.lru_cache(maxsize=8192)
def _parsed_entry(text: str) -> Reference:
    """The entry read once per run however many articles list it (a site's articles share their sources,
    each under its own number); where it stands is the caller's. A Reference is frozen: the cached one is
    never changed."""
    raw = _SPACES.sub(" ", text).strip()
    doi, pmid, pmcid, url, rest = _identifiers(_EMPHASIS.sub("", raw))
    rest = _ELLIPSIS.sub(", ", _NOISE.sub(" ", rest))
    rest = _SPACES.sub(" ", _LEFTOVER_PUNCTUATION.sub(". ", rest)).strip(" ;,:")
    fields = _parse_apa(rest) or _parse_chicago_author_date(rest) or _parse_chicago_note(rest)
    fields = fields or _parse_vancouver(rest)
    kind = _kind(fields, rest, url=url, indexed=bool(pmid or pmcid))
    if kind != "article":
        fields.journal = fields.volume = fields.issue = ""
        chapter_pages = _CHAPTER_PAGES.search(fields.source) if kind == "chapter" else None
        fields.pages = _full_pages(
            (chapter_pages.group(1) or chapter_pages.group(2)) if chapter_pages else ""
        )
    return Reference(
        key="",
        authors=fields.authors,
        title=fields.title,
        journal=fields.journal,
        year=fields.year,
        volume=fields.volume,
        issue=fields.issue,
        pages=fields.pages,
        doi=doi,
        pmid=pmid,
        pmcid=pmcid,
        url=url,
        kind=kind,
        raw=raw,
    )


def base_key(reference: Reference) -> str:
    """First author's family name in lower-case ASCII plus year ("shaw2018"); a group author by its
    initials ("who2020"); the title's first word when no author is named."""
    stem = reference.first_author_family
    if stem and stem == (reference.authors[0] if reference.authors else "") and len(stem.split()) > 1:
        stem = "".join(word[0] for word in stem.split() if word[:1].isupper())
    if not stem:
        words = reference.title.split()
        stem = words[0] if words else (f"ref{reference.number}" if reference.number is not None else "ref")
    name = re.sub(r"[^a-z0-9]", "", ascii_fold(stem).lower()) or "ref"
    return f"{name}{reference.year if reference.year is not None else 'nd'}"


# --------------------------------------------------------------------------- identifiers


def _identifiers(raw: str) -> tuple[str, str, str, str, str]:
    """(doi, pmid, pmcid, url, the entry without them); a URL is classified by what it points to."""
    doi = pmid = pmcid = url = ""
    for match in _URL.finditer(raw):
        link = _trim(match.group())
        found = _DOI_URL.search(link)
        if found:
            doi = doi or _trim(found.group(1))
        elif _PUBMED_URL.search(link):
            pmid = pmid or _PUBMED_URL.search(link).group(1)  # type: ignore[union-attr]
        elif _PMC_URL.search(link) and "ncbi" in link.lower():
            pmcid = pmcid or _PMC_URL.search(link).group(1).upper()  # type: ignore[union-attr]
        else:
            url = url or link
    rest = _URL.sub(" ", raw)
    found_doi = _DOI.search(rest)
    if found_doi:
        doi = doi or _trim(found_doi.group(1))
    found_pmid = _PMID.search(rest)
    pmid = pmid or (found_pmid.group(1) if found_pmid else "")
    found_pmcid = _PMCID.search(rest)
    pmcid = pmcid or (found_pmcid.group(1).upper() if found_pmcid else "")
    rest = _PMID.sub(" ", _PMCID.sub(" ", _DOI.sub(" ", rest)))
    return doi, pmid, pmcid, url, rest


def _trim(link: str) -> str:
    """A link or DOI without the punctuation that ends the sentence around it ("...-5." or "...)")."""
    link = link.rstrip(".,;")
    while link.endswith(")") and link.count(")") > link.count("("):
        link = link[:-1].rstrip(".,;")
    return link


# --------------------------------------------------------------------------- styles


def _parse_apa(text: str) -> _Fields | None:
    """APA and Harvard: the year in brackets right after the authors."""
    return _parse_author_date(text, _APA_YEAR, initials_style_authors, _COMMA_PUB)


def _parse_chicago_author_date(text: str) -> _Fields | None:
    """Chicago author-date: "Family, Given, Given Family, and Given Family. 2014. Title. Source"."""
    return _parse_author_date(
        text, _CHICAGO_YEAR, lambda names: given_first_authors(names, first_inverted=True), _CHICAGO_PUB
    )


def _parse_author_date(
    text: str,
    year_pattern: re.Pattern[str],
    authors_of: Callable[[str], tuple[str, ...]],
    publication_pattern: re.Pattern[str],
) -> _Fields | None:
    """Authors, the year where the style puts it, the title, then the source in the style's form."""
    year = year_pattern.search(text)
    if year is None:
        return None
    authors = authors_of(text[: year.start()])
    if not authors:
        return None
    fields = _Fields(authors=authors, year=int(year.group(1)))
    fields.title, fields.source = _title_and_source(text[year.end() :])
    publication = publication_pattern.match(fields.source)
    if publication:
        _take_publication(fields, publication)
    return fields


def _parse_chicago_note(text: str) -> _Fields | None:
    """Chicago notes: "Given Family and Given Family, "Title," Journal 11, no. 2 (2015): 83"."""
    title = _NOTE_TITLE.search(text)
    if title is None:
        return None
    authors = given_first_authors(text[: title.start()], first_inverted=False)
    if not authors:
        return None
    fields = _Fields(authors=authors, title=title.group("title").strip(), source=text[title.end() :])
    publication = _CHICAGO_PUB.match(fields.source)
    if publication and publication["year"]:
        _take_publication(fields, publication)
        fields.year = int(publication["year"])
    else:
        years = _YEAR_WORD.findall(fields.source)
        fields.year = int(years[-1]) if years else None
    return fields


def _parse_vancouver(text: str) -> _Fields:
    """AMA and Vancouver: segments ending at ". ": "Authors. Title. Journal. 2018 Jun 18;11(2):1-5."."""
    author_text, rest = _split_authors(text)
    authors = initials_style_authors(author_text) or _group_author(author_text)
    fields = _Fields(authors=authors, editors_as_authors=_ends_with_editors(author_text))
    fields.title, fields.source = _title_and_source(rest if authors else text)
    asked = fields.title.rfind("? ")
    if asked > 0 and _YEAR_WORD.match(fields.source):  # "Cartilage in motion? Osteoarthr Rev. 2017;..."
        fields.title, fields.source = (
            fields.title[: asked + 1],
            f"{fields.title[asked + 2 :]}. {fields.source}",
        )
    source = fields.source
    year = _YEAR_WORD.search(source)
    if year is None:
        fields.journal = source.strip(" .;,")
        return fields
    if _IN_BOOK.search(source) or not source[: year.start()].strip(" .;,"):
        # No journal before the year: a book's or a report's imprint, whose year closes it
        # ("Geneva: World Health Organization; 2023", "Publisher; 2021:694-707").
        fields.year = int(_YEAR_WORD.findall(source)[-1])
        return fields
    fields.journal = source[: year.start()].strip(" .;,")
    publication = _VANCOUVER_PUB.match(source, year.start())
    if publication:
        _take_publication(fields, publication)
        fields.year = int(publication["year"])
    return fields


def _take_publication(fields: _Fields, publication: re.Match[str]) -> None:
    """Journal, volume, issue and pages; a date ("Last modified May 30, 2024") is not a journal."""
    groups = publication.groupdict()
    if _MONTH.match(groups.get("journal") or ""):
        return
    if groups.get("journal"):
        fields.journal = groups["journal"].strip(" .,")
    fields.volume = groups.get("volume") or ""
    fields.issue = groups.get("issue") or groups.get("number") or ""
    fields.pages = _full_pages(groups.get("pages") or "")


def _title_and_source(text: str) -> tuple[str, str]:
    """The title (quoted, or the first sentence) and what follows it; an edition is not part of a title."""
    quoted = _QUOTED_TITLE.match(text)
    if quoted:
        title, source = quoted.group("double") or quoted.group("single"), text[quoted.end() :]
    else:
        title, source = _first_segment(text)
    title = _EDITION.sub("", title).replace("[Internet]", "")
    return _SPACES.sub(" ", title).strip(" .,"), source.strip()


def _first_segment(text: str) -> tuple[str, str]:
    """Up to the first full stop that ends a sentence (not "vs.", an initial, or a dotted abbreviation
    such as "s.s." that the title goes on after); "?" stays in the title."""
    for match in _SEGMENT_END.finditer(text):
        word = text[: match.start()].rsplit(None, 1)[-1].rstrip(".").lower()
        following = text[match.end() :].split(None, 1)[0] if text[match.end() :].strip() else ""
        goes_on = following in _JOINING_WORDS or ("." in word and following[:1].islower())
        if word in _ABBREVIATED or (len(word) == 1 and word.isalpha()) or goes_on:
            continue
        return text[: match.start()].rstrip(". "), text[match.end() :]
    return text.strip().rstrip(". "), ""


def _split_authors(text: str) -> tuple[str, str]:
    """The author list ends at the first ". " not followed by another "Family I" name."""
    for match in _SEGMENT_END.finditer(text):
        following = text[match.end() :].split(",", 1)[0].split(".", 1)[0]
        if _person_initials_style(following.strip()) is None or len(following.split()) > 4:
            return text[: match.start()], text[match.end() :]
    return text, ""


def _ends_with_editors(author_text: str) -> bool:
    return bool(re.search(r",\s*eds?\.?\s*$", author_text.strip(), re.IGNORECASE))


# --------------------------------------------------------------------------- authors


def initials_style_authors(text: str) -> tuple[str, ...]:
    """Authors as "Family Initials" from "Shaw B, Darrow M", "Frisbie, DD, Kisiday, JD",
    "Sparks, I. L., Jacobs, W. R., Jr., & Morita, Y. S." or "Zhu N, et al; China Research Team".

    A phrase left without initials at the end is a group author, as written. Returns () when the
    text is not an author list (a title, say), so the caller can tell.
    """
    text = text.strip().rstrip(". ")
    authors: list[str] = []
    pending: tuple[str, int] | None = None  # a family name waiting for its initials, and where it starts
    position = 0
    tokens = [(match.start(), match.end()) for match in _AUTHOR_SEPARATOR.finditer(text)]
    starts = [0] + [end for _, end in tokens]
    ends = [start for start, _ in tokens] + [len(text)]
    for start, end in zip(starts, ends):
        token = _ET_AL.sub("", text[start:end]).strip(" .")
        position = start
        if not token or _EDITORS.match(token) or _is_suffix(token):
            continue
        person = _person_initials_style(token)
        if pending is not None:
            if person is not None and not person[0]:
                authors.append(f"{pending[0]} {person[1]}")
                pending = None
                continue
            return _with_group(authors, text, pending[1])
        if person is None:
            return _with_group(authors, text, position)
        family, initials = person
        if family and initials:
            authors.append(f"{family} {initials}")
        elif family:
            pending = (family, position)
        else:
            return _with_group(authors, text, position)  # "NHS (2023)": an acronym, not initials
    if pending is not None:
        return _with_group(authors, text, pending[1])
    return tuple(authors)


def _with_group(authors: list[str], text: str, start: int) -> tuple[str, ...]:
    """The named authors plus the group author that the rest of the list is, if it is one."""
    group = _group_author(text[start:])
    return (*authors, *group) if group else ()


def _person_initials_style(token: str) -> tuple[str, str] | None:
    """("Artino", "AR") from "Artino AR Jr"; ("", "JE") from "J.-E."; ("De Luca", "") from "De Luca"."""
    words = token.replace(".", ". ").split()
    while words and _is_suffix(words[-1]) and len(words) > 1:
        words.pop()
    if not words:
        return None
    initials_from = len(words)
    while initials_from > 0 and _is_initials(words[initials_from - 1]):
        initials_from -= 1
    family_words, initial_words = words[:initials_from], words[initials_from:]
    initials = "".join(_initials_letters(word) for word in initial_words)
    if len(initials) > 4 or (family_words and not _is_family(family_words)):
        return None
    if not family_words and not initials:
        return None
    return " ".join(family_words), initials


def _is_suffix(word: str) -> bool:
    return word.rstrip(",") in _SUFFIXES or word.rstrip(".,") in _SUFFIXES


def _is_initials(word: str) -> bool:
    letters = _initials_letters(word)
    return 0 < len(letters) <= 4 and letters.isupper() and letters.isalpha() and len(word) <= 8


def _initials_letters(word: str) -> str:
    return word.replace(".", "").replace("-", "").replace("\u2010", "")


def _is_family(words: list[str]) -> bool:
    """1-4 words, each a capitalised name ("O'Byrne", "Cieślik-Wolski") or a particle ("van", "de")."""
    if not 1 <= len(words) <= 4 or words[-1].lower() in _PARTICLES and len(words) > 1:
        return False
    return all(_is_name_word(word) or word.lower() in _PARTICLES for word in words)


def _is_name_word(word: str) -> bool:
    core = word.replace("'", "").replace("\u2019", "").replace("-", "")
    return bool(core) and core[0].isupper() and core.isalpha() and not (len(core) > 1 and core.isupper())


def given_first_authors(text: str, *, first_inverted: bool) -> tuple[str, ...]:
    """Authors as "Family Initials" from Chicago's "Carr, Richard, III, Yang Du, and Jay M. Janz"
    (``first_inverted``) or its notes' "Antoine R. Adamantidis and Luis de Lecea"; a group author
    ends the list as written. () when the text is not such a list."""
    text = text.strip().rstrip(". ")
    tokens = [(match.start(), match.end()) for match in _AUTHOR_SEPARATOR.finditer(text)]
    starts = [0] + [end for _, end in tokens]
    ends = [start for start, _ in tokens] + [len(text)]
    pieces = [(start, _ET_AL.sub("", text[start:end]).strip(" .")) for start, end in zip(starts, ends)]
    pieces = [(start, piece) for start, piece in pieces if piece]
    authors: list[str] = []
    index = 0
    if first_inverted:
        if len(pieces) < 2 or not _is_family(pieces[0][1].split()):
            return _group_author(text)
        given = _given_initials(pieces[1][1].split())
        if not given:
            return ()
        authors.append(f"{pieces[0][1]} {given}")
        index = 2
    for start, piece in pieces[index:]:
        if _is_suffix(piece):
            continue
        person = _person_given_first(piece)
        if person is None:
            return _with_group(authors, text, start) if authors else ()
        authors.append(person)
    return tuple(authors)


def _person_given_first(piece: str) -> str | None:
    """ "Panettieri RA" from "Reynold A. Panettieri Jr."; "Te Velde JP" from "Jens P. Te Velde"."""
    words = piece.split()
    while len(words) > 2 and _is_suffix(words[-1]):
        words.pop()
    if not 2 <= len(words) <= 5:
        return None
    family_from = len(words) - 1
    for index in range(1, len(words) - 1):
        if words[index].lower() in _PARTICLES:
            family_from = index
            break
    family, given = words[family_from:], words[:family_from]
    initials = _given_initials(given)
    if not initials or not _is_family(family):
        return None
    return f"{' '.join(family)} {initials}"


def _given_initials(words: list[str]) -> str:
    """ "JP" from ["Jens", "P."]; "" when a word is neither a given name nor initials."""
    letters = ""
    for word in words:
        if _is_initials(word):
            letters += _initials_letters(word)
        elif _is_name_word(word):
            letters += word[0]
        else:
            return ""
    return letters if len(letters) <= 4 else ""


def _group_author(text: str) -> tuple[str, ...]:
    """A body as author ("World Health Organization", "NHS"), or () when the text is not one."""
    name = text.strip().rstrip(". ").strip()
    words = [word.strip("(),") for word in name.split()]
    if not words or len(words) > 20 or any(ch.isdigit() for ch in name):
        return ()
    if len(words) == 1:
        return (name,) if 2 <= len(words[0]) <= 8 and words[0].isupper() and words[0].isalpha() else ()
    significant = [word for word in words if len(word) > 3 and word.lower() not in ("with", "from")]
    title_case = all(word[:1].isupper() or word.isupper() for word in significant)
    named_body = any(word.lower() in _GROUP_WORDS for word in words)
    return (name,) if title_case and named_body else ()


# --------------------------------------------------------------------------- kind and pages


def _kind(fields: _Fields, text: str, *, url: str, indexed: bool) -> str:
    """article, book, chapter, guideline, web or report; a journal's volume and pages make an article."""
    source, title = fields.source, fields.title
    if _IN_BOOK.search(source) and not (fields.volume and fields.journal):
        return "chapter"
    if indexed or (fields.journal and (fields.volume or fields.pages or fields.issue)):
        return "article"
    group = bool(fields.authors) and _group_author(fields.authors[0]) != ()
    if _GUIDELINE.search(title) or (_GUIDELINE.search(source) and group):
        return "guideline"
    if _REPORT.search(title) or _REPORT.search(source):
        return "report"
    edition = _EDITION.search(text) is not None
    if (url or _WEB.search(text)) and not edition:
        return "web"
    publisher = _PUBLISHER.search(source) is not None or _PLACE_PUBLISHER.search(source) is not None
    if group and publisher and not edition:
        return "report"
    if edition or fields.editors_as_authors or publisher:
        return "book"
    return "article"


_PAGE_RANGE = re.compile(r"^([A-Za-z]{0,2})(\d+)\s*[-\u2010-\u2015]\s*([A-Za-z]{0,2})(\d+)$")


def _full_pages(pages: str) -> str:
    """Pages in full with an ASCII hyphen: "690-4" is "690-694", "H337-49" is "H337-H349"."""
    match = _PAGE_RANGE.match(pages.strip())
    if match is None:
        return pages.strip()
    prefix, first, last_prefix, last = match.groups()
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{prefix}{first}-{last_prefix or prefix}{last}"

"""A fake NCBI E-utilities server for tests and benchmarks: real HTTP on 127.0.0.1, no internet.

It serves esearch.fcgi, efetch.fcgi (db=pubmed and db=pmc), ecitmatch.cgi and epost.fcgi, by GET
or POST, from a directory of PubMed XML files (each a PubmedArticleSet) and a directory of PMC JATS
files. It can behave like the real service on a bad day: added latency, a per-second rate limit
answered with 429 and NCBI's JSON body, and injected faults (500, HTML page, truncated XML,
<ERROR> body, a hang, a 200 with a JSON rate error, 429 with Retry-After). It can also behave like a
hostile server (ATTACKS, TAMPERING): trickle its answer a byte at a time, redirect, answer with PMIDs
nobody asked for or with the same record twice, stream an answer far over any size cap, bait a regex,
declare an encoding that does not exist, echo the API key into the records, or ignore esearch's
retmax. Every request is logged with its parameters (POST body included) so tests can count and
inspect them.
"""

from __future__ import annotations

import re
import threading
import time
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass, field, replace
from http.client import responses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

# A server on a bad day: every one of these makes the request fail, and a run that meets only these
# ends with exit 3.
FAULTS = ("500", "html", "truncated", "error", "hang", "json-rate", "429-retry-after")
# A hostile server whose answers must be refused: each ends in exit 3 too, within its bound.
ATTACKS = (
    "trickle",  # the whole answer, status line included, one byte every ``trickle_seconds``
    "redirect-same-host",  # 307 to another path of this server
    "redirect-other-host",  # 307 to this server under another host name ("localhost")
    "wrong-pmids",  # efetch adds a record (or full text) nobody asked for
    "duplicate-pmids",  # efetch gives every record (or full text) twice
    "oversized",  # ``oversized_bytes`` streamed with no Content-Length
    "regex-bait",  # "<ERROR>" followed by ``bait_bytes`` of spaces and nothing else
    "unknown-encoding",  # the answer's XML declaration names "TF-8" (issue 13)
)
# A hostile server whose answers a run survives, with nothing leaked or fetched beyond what it asked.
TAMPERING = (
    "key-echo",  # the request's api_key written into titles, abstracts (as character references) and PMC text
    "retmax-ignored",  # esearch answers ``ignored_retmax_ids`` ids whatever retmax was
)
REDIRECT_TARGET = "redirected.fcgi"

_WORD = re.compile(r"[^\W_]+")
_ABSTRACT_START = re.compile(rb"<AbstractText[^>]*>")
_DECLARATION = re.compile(rb"<\?xml[^>]*\?>")
_UNASKED_PMID = re.compile(rb"(<PMID[^>]*>)\d+(</PMID>)")
_CLAUSE_ATOM = re.compile(r'"?([^"\[\]()]+?)"?\[(\w+)\]')
_RATE_BODY = b'{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}\n'
_HTML_PAGE = b"<!DOCTYPE html><html><head><title>Service unavailable</title></head><body>Later</body></html>"
_ERROR_BODY = b'<?xml version="1.0" ?>\n<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>'
_PUBMED_HEADER = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC'
    b' "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
    b' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class LoggedRequest:
    endpoint: str
    method: str
    params: dict[str, str]  # URL query and POST body together
    url_query: str = ""


@dataclass(frozen=True)
class _Answer:
    """What the handler writes: ``pace`` > 0 trickles it, ``filler`` streams that many bytes after it."""

    status: int
    headers: dict[str, str]
    body: bytes
    pace: float = 0.0
    filler: int = 0


@dataclass
class _Fault:
    kind: str
    endpoint: str | None
    remaining: int


@dataclass
class _Article:
    pmid: str
    xml: bytes
    doi: str = ""
    pmcid: str = ""
    title_words: set[str] = field(default_factory=set)
    citation: tuple[str, ...] = ()  # journal names..., year, volume, first page, first author
    first_author: str = ""


class PubMedIndex:
    """PubMed fixture records indexed by PMID, DOI, PMCID, title words and citation fields."""

    def __init__(self, records_dir: Path | None) -> None:
        self.articles: dict[str, _Article] = {}
        for path in sorted(records_dir.glob("*.xml")) if records_dir else []:
            for element in ET.parse(path).getroot().iter("PubmedArticle"):
                article = _index_article(element)
                self.articles[article.pmid] = article

    def search(self, term: str) -> list[str]:
        """A small subset of PubMed's query language: OR-ed clauses of AND-ed ``value[field]`` atoms."""
        hits: list[str] = []
        for clause in re.split(r"\s+OR\s+", term.strip()):
            atoms = [
                (atom.group(1), atom.group(2))
                for part in re.split(r"\s+AND\s+", clause.strip().strip("()"))
                if (atom := _CLAUSE_ATOM.fullmatch(part.strip()))
            ]
            for article in self.articles.values():
                if atoms and all(_matches(article, value, name) for value, name in atoms):
                    hits += [] if article.pmid in hits else [article.pmid]
        return hits

    def citation_match(self, line: str) -> str:
        """One ECitMatch answer line for one ``journal|year|volume|first_page|author|key|`` line."""
        fields = (line.split("|") + [""] * 6)[:6]
        journal, year, volume, page, author, _ = (value.strip().lower() for value in fields)
        found = [
            a.pmid
            for a in self.articles.values()
            if journal in a.citation[:-4]
            and (year, volume, page) == a.citation[-4:-1]
            and (not author or a.first_author.startswith(author.split()[0]))
        ]
        verdict = found[0] if len(found) == 1 else ("AMBIGUOUS" if found else "NOT_FOUND")
        return "|".join(fields[:6]) + "|" + verdict


def _index_article(element: ET.Element) -> _Article:
    pmid = element.findtext("MedlineCitation/PMID", "").strip()
    ids = {
        article_id.get("IdType"): (article_id.text or "").strip()
        for article_id in element.iterfind("PubmedData/ArticleIdList/ArticleId")
    }
    article = element.find("MedlineCitation/Article")
    assert article is not None, f"PubmedArticle {pmid} has no Article"
    names = [article.findtext(f"Journal/{tag}", "").lower() for tag in ("Title", "ISOAbbreviation")]
    names.append(element.findtext("MedlineCitation/MedlineJournalInfo/MedlineTA", "").lower())
    year = article.findtext("Journal/JournalIssue/PubDate/Year", "")
    volume = article.findtext("Journal/JournalIssue/Volume", "")
    page = article.findtext("Pagination/MedlinePgn", "") or article.findtext("Pagination/StartPage", "")
    author = article.find("AuthorList/Author")
    first_author = ""
    if author is not None:
        first_author = f"{author.findtext('LastName', '')} {author.findtext('Initials', '')}".strip().lower()
    return _Article(
        pmid=pmid,
        xml=ET.tostring(element),
        doi=ids.get("doi", "").lower(),
        pmcid=ids.get("pmc", "").upper(),
        title_words=_words(
            " ".join(title.itertext()) if (title := article.find("ArticleTitle")) is not None else ""
        ),
        citation=(*[n for n in names if n], year, volume, page.split("-")[0], first_author),
        first_author=first_author,
    )


def _matches(article: _Article, value: str, field_name: str) -> bool:
    value = value.strip()
    if field_name == "doi":
        return article.doi == value.lower()
    if field_name == "pmcid":
        return article.pmcid == value.upper()
    if field_name in ("title", "ti"):
        return bool(_words(value)) and _words(value) <= article.title_words
    if field_name in ("au", "author"):
        return article.first_author.startswith(value.lower())
    if field_name in ("uid", "pmid"):
        return article.pmid == value
    return False


class PmcIndex:
    """JATS full texts indexed by PMCID ("PMC123")."""

    def __init__(self, pmc_dir: Path | None) -> None:
        self.articles: dict[str, bytes] = {}
        for path in sorted(pmc_dir.glob("*.xml")) if pmc_dir else []:
            root = ET.parse(path).getroot()
            for article in [root] if root.tag == "article" else root.findall("article"):
                for article_id in article.iterfind("front/article-meta/article-id"):
                    if article_id.get("pub-id-type") in ("pmc", "pmcid"):
                        pmcid = (article_id.text or "").strip().upper().removeprefix("PMC")
                        self.articles["PMC" + pmcid] = ET.tostring(article)


class _Server(ThreadingHTTPServer):
    # Room for many clients connecting at once: with the default backlog of 5, the sixth connection's
    # SYN is dropped and retried a second later, which would look like the client's own delay.
    request_queue_size = 64


class FakeEutils:
    """The server, its knobs and its request log. Use as a context manager or call ``close()``.

    Knobs: ``latency`` seconds added to every answer; ``rate_limit`` requests per second beyond
    which it answers 429 with NCBI's JSON body (and ``rate_limit_retry_after`` as Retry-After, when
    set); ``hang_seconds`` for the "hang" fault; the sizes and pace of the attacks.
    ``bytes_sent`` counts the body bytes the "oversized" attack managed to write.
    """

    def __init__(
        self,
        records_dir: Path | None = None,
        pmc_dir: Path | None = None,
        *,
        latency: float = 0.0,
        rate_limit: float | None = None,
        rate_limit_retry_after: str | None = None,
        hang_seconds: float = 5.0,
        retry_after: str = "1",
        trickle_seconds: float = 1.0,
        oversized_bytes: int = 200 * 1024 * 1024,
        bait_bytes: int = 1024 * 1024,
        ignored_retmax_ids: int = 100_000,
    ) -> None:
        self.pubmed = PubMedIndex(records_dir)
        self.pmc = PmcIndex(pmc_dir)
        self.latency = latency
        self.rate_limit = rate_limit
        self.rate_limit_retry_after = rate_limit_retry_after
        self.hang_seconds = hang_seconds
        self.retry_after = retry_after
        self.trickle_seconds = trickle_seconds
        self.oversized_bytes = oversized_bytes
        self.bait_bytes = bait_bytes
        self.ignored_retmax_ids = ignored_retmax_ids
        self.bytes_sent = 0
        self.log: list[LoggedRequest] = []
        self.arrivals: list[float] = []  # monotonic time of each request, in log order
        self.rate_limited = 0
        self._faults: list[_Fault] = []
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._history: dict[str, list[str]] = {}
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/entrez/eutils/"

    def fail(self, kind: str, *, endpoint: str | None = None, times: int = 1) -> None:
        """Answer the next ``times`` requests (to ``endpoint``, or any) with fault, attack or tampering ``kind``."""
        known = (*FAULTS, *ATTACKS, *TAMPERING)
        if kind not in known:
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(known)}")
        with self._lock:
            self._faults.append(_Fault(kind, endpoint, times))

    def requests_to(self, endpoint: str) -> list[LoggedRequest]:
        return [entry for entry in self.log if entry.endpoint == endpoint]

    def close(self) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeEutils:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    # ----------------------------------------------------------------------------- serving

    def answer(self, endpoint: str, method: str, params: dict[str, str], url_query: str = "") -> _Answer:
        """What to write for one request; called from the handler threads."""
        with self._lock:
            self.log.append(LoggedRequest(endpoint, method, params, url_query))
            self.arrivals.append(time.monotonic())
            fault = self._take_fault(endpoint)
            limited = self._over_rate()
        if self.latency:
            time.sleep(self.latency)
        if limited:
            headers = {"Content-Type": "application/json"}
            if self.rate_limit_retry_after is not None:
                headers["Retry-After"] = self.rate_limit_retry_after
            return _Answer(429, headers, _RATE_BODY)
        if fault == "hang":
            self._closing.wait(self.hang_seconds)
            return _Answer(200, {}, b"")
        if fault == "500":
            return _Answer(500, {"Content-Type": "text/plain"}, b"Internal Server Error")
        if fault == "html":
            return _Answer(200, {"Content-Type": "text/html"}, _HTML_PAGE)
        if fault == "error":
            return _Answer(200, {}, _ERROR_BODY)
        if fault == "json-rate":
            return _Answer(200, {"Content-Type": "application/json"}, _RATE_BODY)
        if fault == "429-retry-after":
            return _Answer(
                429, {"Retry-After": self.retry_after, "Content-Type": "application/json"}, _RATE_BODY
            )
        if fault in ("redirect-same-host", "redirect-other-host"):
            host, port = self._server.server_address[:2]
            if fault == "redirect-other-host":
                host = "localhost"
            return _Answer(307, {"Location": f"http://{host}:{port}/entrez/eutils/{REDIRECT_TARGET}"}, b"")
        if fault == "oversized":
            return _Answer(200, {"Content-Type": "text/xml"}, _PUBMED_HEADER, filler=self.oversized_bytes)
        if fault == "regex-bait":
            return _Answer(200, {"Content-Type": "text/xml"}, b"<ERROR>" + b" " * self.bait_bytes)
        answer = self._serve(endpoint, params, fault)
        if fault == "truncated":
            answer = replace(answer, body=answer.body[: max(1, len(answer.body) // 2)])
        if fault == "trickle":
            answer = replace(answer, pace=self.trickle_seconds)
        if fault == "unknown-encoding":
            answer = replace(
                answer, body=_DECLARATION.sub(b'<?xml version="1.0" encoding="TF-8" ?>', answer.body, 1)
            )
        return answer

    def _take_fault(self, endpoint: str) -> str | None:
        for fault in self._faults:
            if fault.remaining > 0 and fault.endpoint in (None, endpoint):
                fault.remaining -= 1
                return fault.kind
        return None

    def _over_rate(self) -> bool:
        """A sliding one-second window, like NCBI's."""
        if self.rate_limit is None:
            return False
        now = time.monotonic()
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.rate_limit:
            self.rate_limited += 1
            return True
        self._recent.append(now)
        return False

    def _serve(self, endpoint: str, params: dict[str, str], fault: str | None) -> _Answer:
        xml = {"Content-Type": "text/xml; charset=UTF-8"}
        if endpoint == "esearch.fcgi":
            # PubMed orders hits by its own sort (newest first), not by the clauses of the query.
            ids = sorted(self.pubmed.search(params.get("term", "")), key=int, reverse=True)
            shown = ids[: int(params.get("retmax", "20"))]
            if fault == "retmax-ignored":
                filler = (str(90000000 + n) for n in range(self.ignored_retmax_ids - len(ids)))
                ids = shown = [*ids, *filler]
            id_list = "".join(f"<Id>{pmid}</Id>" for pmid in shown)
            body = (
                f'<?xml version="1.0" encoding="UTF-8" ?>\n<eSearchResult><Count>{len(ids)}</Count>'
                f"<RetMax>{len(shown)}</RetMax><RetStart>0</RetStart><IdList>{id_list}</IdList>"
                "</eSearchResult>\n"
            )
            return _Answer(200, xml, body.encode())
        if endpoint == "epost.fcgi":
            webenv = f"FAKE_WEBENV_{len(self._history) + 1}"
            self._history[webenv] = _ids(params)
            body = f"<ePostResult><QueryKey>1</QueryKey><WebEnv>{webenv}</WebEnv></ePostResult>"
            return _Answer(200, xml, body.encode())
        if endpoint == "efetch.fcgi":
            ids = self._history.get(params.get("WebEnv", ""), []) if "WebEnv" in params else _ids(params)
            if params.get("db") == "pmc":
                wanted = [i.upper() if i.upper().startswith("PMC") else "PMC" + i for i in ids]
                found = self._tampered(self.pmc.articles, wanted, fault, params.get("api_key", ""))
                return _Answer(
                    200, xml, b'<?xml version="1.0" ?>\n<pmc-articleset>%s</pmc-articleset>\n' % found
                )
            records = self._tampered(
                {pmid: article.xml for pmid, article in self.pubmed.articles.items()},
                ids,
                fault,
                params.get("api_key", ""),
            )
            return _Answer(
                200, xml, _PUBMED_HEADER + b"<PubmedArticleSet>\n" + records + b"\n</PubmedArticleSet>\n"
            )
        if endpoint == "ecitmatch.cgi":
            lines = [line for line in re.split(r"[\r\n]+", params.get("bdata", "")) if line.strip()]
            body = "".join(self.pubmed.citation_match(line) + "\n" for line in lines)
            return _Answer(200, {"Content-Type": "text/plain"}, body.encode())
        return _Answer(404, {"Content-Type": "text/plain"}, b"no such E-utility")

    @staticmethod
    def _tampered(articles: dict[str, bytes], ids: list[str], fault: str | None, key: str) -> bytes:
        """The articles asked for, joined, as the fault would have them: an extra one, each twice, the key."""
        chosen = [articles[i] for i in ids if i in articles]
        if fault == "wrong-pmids":
            others = [xml for i, xml in articles.items() if i not in ids]
            if others:
                chosen.append(others[0])
            elif chosen:  # every record was asked for: a copy of one under a PMID nobody asked for will do
                chosen.append(_UNASKED_PMID.sub(rb"\g<1>99999999\g<2>", chosen[0], count=1))
        if fault == "duplicate-pmids":
            chosen += chosen
        if fault == "key-echo" and key:
            # Literally in titles and paragraphs; as character references in abstracts, out of reach of
            # any search for the key's bytes.
            spelled = "".join(f"&#{ord(char)};" for char in key).encode()
            chosen = [
                _ABSTRACT_START.sub(
                    lambda start: start.group(0) + spelled + b" ",
                    xml.replace(b"<ArticleTitle>", b"<ArticleTitle>" + key.encode() + b" ").replace(
                        b"<p>", b"<p>" + key.encode() + b" ", 1
                    ),
                )
                for xml in chosen
            ]
        return b"\n".join(chosen)


def _ids(params: dict[str, str]) -> list[str]:
    return [part.strip() for part in params.get("id", "").split(",") if part.strip()]


def _handler_for(fake: FakeEutils) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._respond("GET", urlsplit(self.path).query)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            query = urlsplit(self.path).query
            self._respond("POST", "&".join(part for part in (query, body) if part))

        def _respond(self, method: str, query: str) -> None:
            params = {key: values[-1] for key, values in parse_qs(query, keep_blank_values=True).items()}
            endpoint = urlsplit(self.path).path.rsplit("/", 1)[-1]
            answer = fake.answer(endpoint, method, params, urlsplit(self.path).query)
            try:
                if answer.pace:
                    self._trickle(answer)
                elif answer.filler:
                    self._stream_filler(answer)
                else:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting: fine
                self.close_connection = True

        def _trickle(self, answer: _Answer) -> None:
            """Status line, headers and body, one byte at a time, until done, refused or the server closes."""
            head = f"HTTP/1.1 {answer.status} {responses.get(answer.status, '')}\r\n"
            head += "".join(f"{name}: {value}\r\n" for name, value in answer.headers.items())
            head += f"Content-Length: {len(answer.body)}\r\n\r\n"
            for byte in head.encode() + answer.body:
                if fake._closing.wait(answer.pace):
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            self.close_connection = True

        def _stream_filler(self, answer: _Answer) -> None:
            """The body, then ``filler`` bytes with no Content-Length: only closing the connection ends it."""
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(answer.body)
            chunk = b"<!-- filler -->" * 65536
            sent = 0
            while sent < answer.filler and not fake._closing.is_set():
                piece = chunk[: answer.filler - sent]
                self.wfile.write(piece)
                sent += len(piece)
                with fake._lock:
                    fake.bytes_sent += len(piece)
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:  # silence http.server's stderr
            pass

    return Handler


@dataclass(frozen=True)
class SyntheticWork:
    """The facts of one made-up paper, enough for every way a reference can be resolved."""

    pmid: str
    title: str
    journal: str
    iso_abbreviation: str
    year: int
    volume: str
    first_page: int
    author_family: str
    author_initials: str
    doi: str = ""
    pmcid: str = ""


def synthetic_article_xml(work: SyntheticWork) -> str:
    """One PubmedArticle following the PubMed DTD; its abstract is invented text for tests."""
    ids = [f'<ArticleId IdType="pubmed">{work.pmid}</ArticleId>']
    if work.doi:
        ids.append(f'<ArticleId IdType="doi">{work.doi}</ArticleId>')
    if work.pmcid:
        ids.append(f'<ArticleId IdType="pmc">{work.pmcid}</ArticleId>')
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{work.pmid}</PMID>'
        f'<Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print"><Volume>{work.volume}</Volume>'
        f"<PubDate><Year>{work.year}</Year></PubDate></JournalIssue><Title>{work.journal}</Title>"
        f"<ISOAbbreviation>{work.iso_abbreviation}</ISOAbbreviation></Journal>"
        f"<ArticleTitle>{work.title}</ArticleTitle>"
        f"<Pagination><MedlinePgn>{work.first_page}-{work.first_page + 9}</MedlinePgn></Pagination>"
        "<Abstract><AbstractText>Invented abstract for claimcheck's tests: a made-up study of "
        f"{work.pmid[-3:]} volunteers.</AbstractText></Abstract>"
        f'<AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>{work.author_family}</LastName>'
        f"<Initials>{work.author_initials}</Initials></Author></AuthorList><Language>eng</Language>"
        '<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType>'
        "</PublicationTypeList></Article><MedlineJournalInfo><MedlineTA>"
        f"{work.iso_abbreviation}</MedlineTA></MedlineJournalInfo></MedlineCitation>"
        f"<PubmedData><ArticleIdList>{''.join(ids)}</ArticleIdList></PubmedData></PubmedArticle>"
    )


def write_synthetic_records(directory: Path, works: list[SyntheticWork]) -> Path:
    """Write ``works`` as one PubmedArticleSet file in ``directory`` (created) and return the file."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "synthetic.xml"
    articles = "\n".join(synthetic_article_xml(work) for work in works)
    path.write_bytes(_PUBMED_HEADER + f"<PubmedArticleSet>\n{articles}\n</PubmedArticleSet>\n".encode())
    return path

"""read_article: decoding, formats, line mapping, reference list, and one-line errors for bad files."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.errors import InputError
from claimcheck.inputs.article import read_article


def test_example_article_keeps_lines_and_finds_seven_references(example_article: Path) -> None:
    article = read_article(example_article)
    file_lines = example_article.read_text(encoding="utf-8").split("\n")
    assert article.format == "text"
    assert len(article.text.split("\n")) == len(file_lines) == len(article.source_lines)
    assert [ref.number for ref in article.references] == [1, 2, 3, 4, 5, 6, 7]
    assert article.locate(article.body_end) == (153, 1)
    assert "systematic review of 18 medical studies" in article.body
    # The stray backtick a CMS left at the start of line 16 is gone; the line stays line 16.
    assert article.text.split("\n")[15].startswith("Clinical Medicine Insights")
    assert article.references[0].path == str(example_article)


def test_invisible_characters_are_removed_without_moving_lines(tmp_path: Path) -> None:
    # Text written for this test.
    path = tmp_path / "a.md"
    path.write_text(
        "# Title\r\nA\u00a0study of 20\u202fknees\u00ad and\u200b more.\r\n`stray start\n`code` kept\n“curly”\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.format == "markdown"
    assert article.text.split("\n") == [
        "# Title",
        "A study of 20 knees and more.",
        "stray start",
        "`code` kept",
        "“curly”",
        "",
    ]
    assert article.source_lines == (1, 2, 3, 4, 5, 6)


def test_utf8_bom_and_cp1252_fallback(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffPlain text.\n".encode("utf-8"))
    assert read_article(bom).text == "Plain text.\n"

    windows = tmp_path / "win.txt"
    windows.write_bytes("line one\nit\u2019s \u201cquoted\u201d\n".encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="claimcheck"):
        article = read_article(windows)
    assert article.text == "line one\nit\u2019s \u201cquoted\u201d\n"
    assert "win.txt:2" in caplog.text and "cp1252" in caplog.text


def test_latin1_when_cp1252_cannot_decode(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "l1.txt"
    path.write_bytes(b"caf\xe9 \x81\n")  # 0x81 is undefined in cp1252
    with caplog.at_level(logging.WARNING, logger="claimcheck"):
        assert read_article(path).text == "caf\u00e9 \x81\n"
    assert "latin-1" in caplog.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty article"), (b" \n\n\t", "empty article"), (b"GIF89a\x00\x01\x02", "not a text file")],
)
def test_bad_content_is_a_one_line_input_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_article(path)
    assert str(raised.value).startswith(str(path)) and reason in str(raised.value)
    assert "\n" not in str(raised.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="directory"):
        read_article(tmp_path)


def test_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimcheck.inputs.article.MAX_ARTICLE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("x" * 101, encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        read_article(path)


def test_html_visible_text_and_line_map(tmp_path: Path) -> None:
    # Markup written for this test.
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Hidden title</title>\n"  # 1
        "<style>p { color: red }</style></head>\n"  # 2
        "<body><nav>Home | About</nav>\n"  # 3
        "<h1>Knees&nbsp;and stem cells</h1>\n"  # 4
        "<p>A study (1) of\n"  # 5
        "  <b>20 knees</b> &amp; more.</p>\n"  # 6
        "<script>document.write('<p>not text</p>')</script>\n"  # 7
        "<aside>Ad</aside><p>Second<br>third</p>\n"  # 8
        "<h2>References:</h2>\n"  # 9
        "<ol>\n"  # 10
        "<li>Lark TQ, Moss E. Walking after knee injections. J Joint Stud. 2021;14:201-9.</li>\n"  # 11
        "<li>Pell R. A second paper. Knee Rev. 2019;2:3-4. PMID: 123456.</li>\n"  # 12
        "</ol><footer>Copyright</footer></body></html>\n",
        encoding="utf-8",
    )
    article = read_article(path)
    lines = article.text.split("\n")
    assert article.format == "html"
    assert lines[:4] == ["Knees and stem cells", "A study (1) of 20 knees & more.", "Second", "third"]
    assert article.source_lines[:4] == (4, 5, 8, 8)
    assert not any(
        hidden in article.text for hidden in ("Hidden", "color", "Home", "not text", "Ad", "Copyright")
    )
    assert lines[5] == "1. Lark TQ, Moss E. Walking after knee injections. J Joint Stud. 2021;14:201-9."
    assert [(ref.number, ref.line, ref.pmid) for ref in article.references] == [
        (1, 11, ""),
        (2, 12, "123456"),
    ]
    assert article.locate(article.body_end) == (9, 5)  # the file column of "References:", after "<h2>"


def test_html_pre_keeps_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "pre.htm"
    path.write_text("<p>Intro</p>\n<pre>line a\n\nline c</pre>\n", encoding="utf-8")
    article = read_article(path)
    assert article.text.split("\n") == ["Intro", "line a", "", "line c"]
    assert article.source_lines == (1, 2, 3, 4)


def test_unknown_suffix_is_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.rst"
    path.write_text("<p>not parsed as html</p>\n", encoding="utf-8")
    article = read_article(path)
    assert (article.format, article.text) == ("text", "<p>not parsed as html</p>\n")
    assert article.body_end == -1 and article.references == ()


def test_ten_megabyte_article_reads_in_bounded_time(tmp_path: Path) -> None:
    paragraph = "A study of 20 knees (1) found a 72% improvement in 2019; see Shaw B. et al.\n\n"
    path = tmp_path / "long.txt"
    path.write_text(
        paragraph * (10_000_000 // len(paragraph)) + "1. Shaw B. T. J. 2018;1:2.\n", encoding="utf-8"
    )
    single_line = tmp_path / "one-line.txt"
    single_line.write_text(paragraph.replace("\n", " ") * (10_000_000 // len(paragraph)), encoding="utf-8")
    for candidate in (path, single_line):
        started = time.monotonic()
        read_article(candidate)
        assert time.monotonic() - started < 20


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".md", ".html", ".xyz"]))
def test_any_file_reads_or_raises_input_error(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_bytes(content)
    try:
        article = read_article(path)
    except InputError:
        return
    file_line_count = content.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    assert len(article.source_lines) == article.text.count("\n") + 1
    assert all(1 <= line <= file_line_count for line in article.source_lines)
    assert -1 <= article.body_end <= len(article.text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_text_files_keep_their_line_count(tmp_path: Path, text: str) -> None:
    path = tmp_path / "any.txt"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        article = read_article(path)
    except InputError:
        return
    assert article.text.count("\n") == text.replace("\r\n", "\n").replace("\r", "\n").count("\n")

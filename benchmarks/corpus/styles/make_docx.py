"""Build the styles corpus's Word files (<name>.docx) from their readable sources (<name>.docx.txt).

    python benchmarks/corpus/styles/make_docx.py            # rebuild every .docx beside its source
    python benchmarks/corpus/styles/make_docx.py --check    # exit 1 if a committed .docx is stale

The files are written as raw OOXML with zipfile, because python-docx cannot write footnotes or
endnotes, and byte for byte the same on every run (fixed zip dates), so a rebuild shows no diff.

Source format. Each line before the notes section is one paragraph of the document body, so paragraph
N of the .docx (the number the truth files use: every w:p of the body in document order, empty ones
included) is line N of the source:
  - an empty line is an empty paragraph (Word keeps them, and they are counted);
  - "# text" and "## text" are paragraphs in the styles Heading1 and Heading2;
  - "#. text" is an item of an automatically numbered list (the number is Word's, not in the text);
  - within a line, "^12^" is a superscript run, "*text*" an italic run and "[^3]" the mark of note 3.
A line "%% footnotes" or "%% endnotes" ends the body; each line after it defines one note as
"[^3]: text". Notes are numbered by Word in the order of their marks, so the labels must be 1, 2, 3...
in that order: the number a reader sees is then the label the truth file names ("ref:3").
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
INLINE = re.compile(r"\^([^^\s][^^]*)\^|\*([^*\s][^*]*)\*|\[\^([^\]\s]+)\]")
NOTE_DEFINITION = re.compile(r"\[\^([^\]\s]+)\]:\s*(.*)")
NOTES_SECTION = re.compile(r"%%\s*(footnotes|endnotes)\s*")


class SourceError(Exception):
    """A source line the builder cannot turn into a paragraph; the message names file and line."""


@dataclass
class Document:
    """A parsed source: body paragraphs as w:p XML, and the notes in the order of their marks."""

    paragraphs: list[str] = field(default_factory=list)
    note_kind: str = "footnote"
    note_order: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    title: str = ""


def _text_run(text: str, properties: str = "") -> str:
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _runs(text: str, where: str, document: Document) -> str:
    """The w:r elements of one line of text, with its superscripts, italics and note marks."""
    runs: list[str] = []
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            runs.append(_text_run(text[position : match.start()]))
        superscript, italic, note = match.groups()
        if superscript is not None:
            runs.append(_text_run(superscript, '<w:vertAlign w:val="superscript"/>'))
        elif italic is not None:
            runs.append(_text_run(italic, "<w:i/>"))
        else:
            if note in document.note_order:
                raise SourceError(f"{where}: note [^{note}] is marked twice (Word cannot)")
            document.note_order.append(note)
            kind = document.note_kind
            style = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
            runs.append(
                f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
                f'<w:{kind}Reference w:id="{len(document.note_order)}"/></w:r>'
            )
        position = match.end()
    rest = text[position:]
    if any(mark in rest for mark in ("^", "[^")):
        raise SourceError(f"{where}: unmatched superscript or note mark in {rest!r}")
    if rest:
        runs.append(_text_run(rest))
    return "".join(runs)


def _paragraph(line: str, where: str, document: Document) -> str:
    style = ""
    if line.startswith("## "):
        style, line = '<w:pPr><w:pStyle w:val="Heading2"/></w:pPr>', line[3:]
    elif line.startswith("# "):
        style, line = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>', line[2:]
        document.title = document.title or line
    elif line.startswith("#. "):
        style = (
            '<w:pPr><w:pStyle w:val="ListParagraph"/>'
            '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        )
        line = line[3:]
    return f"<w:p>{style}{_runs(line, where, document)}</w:p>"


def parse(source: Path) -> Document:
    """Read a source file into body paragraphs and notes, or raise SourceError naming the line."""
    document = Document()
    lines = source.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    in_notes = False
    definitions: list[tuple[str, str, str]] = []
    for number, line in enumerate(lines, start=1):
        where = f"{source.name}:{number}"
        if not in_notes and (section := NOTES_SECTION.fullmatch(line)):
            in_notes, document.note_kind = True, section.group(1)[:-1]
        elif in_notes:
            if not line.strip():
                continue
            if not (definition := NOTE_DEFINITION.fullmatch(line)) or "[^" in definition.group(2):
                raise SourceError(f"{where}: a note is written '[^label]: text', with no note mark inside")
            definitions.append((definition.group(1), definition.group(2), where))
        else:
            document.paragraphs.append(_paragraph(line, where, document))
    for label, text, where in definitions:
        if label not in document.note_order:
            raise SourceError(f"{where}: note [^{label}] is never marked in the text")
        document.notes[label] = _runs(text, where, document)
    expected = [str(n) for n in range(1, len(document.note_order) + 1)]
    if document.note_order != expected:
        order = ", ".join(document.note_order)
        raise SourceError(f"{source.name}: notes must be marked in the order 1, 2, 3..., not {order}")
    if missing := [label for label in document.note_order if label not in document.notes]:
        raise SourceError(f"{source.name}: notes marked but not defined: {', '.join(missing)}")
    return document


def _notes_part(document: Document) -> str:
    kind = document.note_kind
    text_style = "FootnoteText" if kind == "footnote" else "EndnoteText"
    ref_style = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
    parts = [
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
        f"</w:p></w:{kind}>",
    ]
    for number, label in enumerate(document.note_order, start=1):
        parts.append(
            f'<w:{kind} w:id="{number}"><w:p><w:pPr><w:pStyle w:val="{text_style}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr><w:{kind}Ref/></w:r>'
            f"{_text_run(' ')}{document.notes[label]}</w:p></w:{kind}>"
        )
    return f'<w:{kind}s xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(parts)}</w:{kind}s>'


STYLES = f"""<w:styles xmlns:w="{W_NS}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
<w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>\
<w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/>\
<w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>\
<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>\
<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="EndnoteText"><w:name w:val="endnote text"/>\
<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="EndnoteReference"><w:name w:val="endnote reference"/>\
<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
</w:styles>"""

NUMBERING = f"""<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>\
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>\
<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""

SETTINGS = f"""<w:settings xmlns:w="{W_NS}">
<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>
<w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>
</w:settings>"""


def package(document: Document) -> dict[str, str]:
    """The parts of the .docx package, by name."""
    kind = document.note_kind
    body = "".join(document.paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels"'
            ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{CT_MAIN}.document.main+xml"/>'
            f'<Override PartName="/word/styles.xml" ContentType="{CT_MAIN}.styles+xml"/>'
            f'<Override PartName="/word/settings.xml" ContentType="{CT_MAIN}.settings+xml"/>'
            f'<Override PartName="/word/numbering.xml" ContentType="{CT_MAIN}.numbering+xml"/>'
            f'<Override PartName="/word/{kind}s.xml" ContentType="{CT_MAIN}.{kind}s+xml"/>'
            '<Override PartName="/docProps/core.xml"'
            ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Target="docProps/core.xml"'
            ' Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"/>'
            "</Relationships>"
        ),
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(document.title)}</dc:title><dc:creator>claimcheck styles corpus</dc:creator>"
            "</cp:coreProperties>"
        ),
        "word/_rels/document.xml.rels": (
            f'<Relationships xmlns="{PKG_RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_RELS}/settings" Target="settings.xml"/>'
            f'<Relationship Id="rId3" Type="{DOC_RELS}/numbering" Target="numbering.xml"/>'
            f'<Relationship Id="rId4" Type="{DOC_RELS}/{kind}s" Target="{kind}s.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
        ),
        "word/styles.xml": STYLES,
        "word/settings.xml": SETTINGS,
        "word/numbering.xml": NUMBERING,
        f"word/{kind}s.xml": _notes_part(document),
    }
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return {name: declaration + xml for name, xml in parts.items()}


def build(source: Path) -> bytes:
    """The .docx bytes for one source, the same bytes on every run."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in package(parse(source)).items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, xml.encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report stale .docx files instead of writing")
    options = parser.parse_args(argv)
    stale = []
    for source in sorted(HERE.glob("*.docx.txt")):
        target = source.with_name(source.name.removesuffix(".txt"))
        try:
            data = build(source)
        except SourceError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        if options.check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(target.name)
        else:
            target.write_bytes(data)
            print(f"wrote {target.relative_to(HERE)}")
    if stale:
        print(f"stale, rebuild with make_docx.py: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

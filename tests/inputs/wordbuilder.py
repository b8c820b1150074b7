"""Write small .docx files for the tests: paragraphs of runs (plain, superscript, footnote references,
hyperlinks), Word's list numbering, and footnotes; only the parts a .docx needs, as Word writes them."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_NUMBERING_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"


@dataclass
class Run:
    text: str = ""
    superscript: bool = False
    footnote: int | None = None  # a footnote reference (the footnote's id)
    link: str = ""  # an external hyperlink around the run


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    numbered: bool = False  # an item of Word's decimal list


def paragraph(*runs: Run | str, numbered: bool = False) -> Paragraph:
    return Paragraph([run if isinstance(run, Run) else Run(run) for run in runs], numbered)


def write_docx(path: Path, paragraphs: list[Paragraph], footnotes: dict[int, str] | None = None) -> Path:
    links: list[str] = []
    body = "".join(_paragraph_xml(item, links) for item in paragraphs)
    rels = [
        f'<Relationship Id="rLink{index}" Type="{_R}/hyperlink" Target="{escape(url)}" TargetMode="External"/>'
        for index, url in enumerate(links)
    ]
    rels.append(f'<Relationship Id="rNumbering" Type="{_R}/numbering" Target="numbering.xml"/>')
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{_DOCUMENT_TYPE}"/>']
    overrides.append(f'<Override PartName="/word/numbering.xml" ContentType="{_NUMBERING_TYPE}"/>')
    if footnotes:
        rels.append(f'<Relationship Id="rFootnotes" Type="{_R}/footnotes" Target="footnotes.xml"/>')
        overrides.append(f'<Override PartName="/word/footnotes.xml" ContentType="{_FOOTNOTES_TYPE}"/>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>",
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}" '
            f'xmlns:r="{_R}"><w:body>{body}</w:body></w:document>',
        )
        archive.writestr(
            "word/numbering.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{_W}">'
            '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>',
        )
        if footnotes:
            notes = "".join(
                f'<w:footnote w:id="{number}"><w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
                "</w:footnote>"
                for number, text in footnotes.items()
            )
            archive.writestr(
                "word/footnotes.xml",
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{_W}">'
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                f"{notes}</w:footnotes>",
            )
    return path


def _paragraph_xml(item: Paragraph, links: list[str]) -> str:
    numbering = (
        '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if item.numbered else ""
    )
    return f"<w:p>{numbering}{''.join(_run_xml(run, links) for run in item.runs)}</w:p>"


def _run_xml(run: Run, links: list[str]) -> str:
    properties = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>' if run.superscript else ""
    if run.footnote is not None:
        inner = f'<w:footnoteReference w:id="{run.footnote}"/>'
    else:
        inner = f'<w:t xml:space="preserve">{escape(run.text)}</w:t>'
    xml = f"<w:r>{properties}{inner}</w:r>"
    if run.link:
        links.append(run.link)
        return f'<w:hyperlink r:id="rLink{len(links) - 1}">{xml}</w:hyperlink>'
    return xml

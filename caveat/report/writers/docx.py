"""The Word report: for desks whose drafts and corrections live in Word, so the record can be edited on.

python-docx writes text as XML text nodes, so article text needs no escaping here; the characters XML
forbids outright (control codes) were already removed when the report content was built.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from caveat.core.models import Review
from caveat.report.content import FlagView, ReportContent, build_content, clean


def render_docx(review: Review, reviewer: str = "") -> bytes:
    content = build_content(review, reviewer)
    doc = Document()
    doc.core_properties.title = content.title[:255]
    doc.core_properties.author = clean(reviewer)[:255] or "Caveat"
    doc.core_properties.created = datetime.now(UTC).replace(tzinfo=None)  # not the template's 2013
    doc.core_properties.modified = doc.core_properties.created
    doc.styles["Normal"].font.size = Pt(10)
    _write(doc, content)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _labelled(doc: DocumentObject, label: str, text: str) -> None:
    """One line "Label: text" with the tool's label in bold and the text as given."""
    para = doc.add_paragraph()
    para.add_run(f"{label} ").bold = True
    para.add_run(text)


def _table(doc: DocumentObject, rows: list[list[str]]) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            cell = table.cell(r, col)
            cell.text = text
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _hyperlink(doc: DocumentObject, label: str, text: str, url: str) -> None:
    """'Paper: reference' with the DOI as a real link (python-docx has no call for it: the run is built in XML)."""
    para = doc.add_paragraph()
    para.add_run(f"{label} ").bold = True
    para.add_run(f"{text} ")
    rel = doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.extend([style, underline])
    words = OxmlElement("w:t")
    words.text = url
    run.extend([props, words])
    link.append(run)
    para._p.append(link)


def _write(doc: DocumentObject, c: ReportContent) -> None:
    doc.add_heading(f"Caveat fact-check report: {c.headline}", level=1)
    for line in c.signature:
        _labelled(doc, f"{line.label}:", line.value)
    if c.reference:
        text = c.reference.replace(c.reference_url, "").strip()
        if c.reference_url:
            _hyperlink(doc, "Paper:", text, c.reference_url)
        else:
            _labelled(doc, "Paper:", text)
    doc.add_heading("Summary", level=2)
    for point in c.verdict:
        doc.add_paragraph(point, style="List Bullet")
    doc.add_heading("Review details", level=2)
    for line in [*c.header, c.counts]:
        _labelled(doc, f"{line.label}:", line.value)

    if c.notices:
        doc.add_heading("Notices", level=2)
        for notice in c.notices:
            doc.add_paragraph(notice)

    doc.add_heading("The study's labels", level=2)
    rows = [["Label", "Value", "Where it came from"]]
    rows += [[lb.name, lb.value, lb.source] for lb in c.labels]
    _table(doc, rows)

    doc.add_heading("Checklist", level=2)
    if c.items:
        rows = [["#", "Item", "Status", "Flags", "Editor's decision", "Note"]]
        rows += [[str(it.number), it.title, it.status, str(len(it.flags)), it.decision, it.note]
                 for it in c.items]
        _table(doc, rows)
        hints = [it for it in c.items if it.hint]
        if hints:
            doc.add_paragraph("What to look for:")
            for it in hints:
                _labelled(doc, f"{it.number}.", it.hint)
    else:
        doc.add_paragraph("No checklist was made for this review.")

    doc.add_heading("Flags by checklist item", level=2)
    if not c.groups:
        doc.add_paragraph("No flags were raised.")
    for group in c.groups:
        heading = f"{group.number}. {group.title}" if group.number is not None else group.title
        doc.add_heading(heading, level=3)
        for view in group.flags:
            _flag(doc, view)

    if c.sources:
        doc.add_heading("Sources consulted", level=2)
        for src in c.sources:
            _labelled(doc, f"{src.source}:", src.outcome)
    if c.appendix:
        doc.add_heading("Appendix: services that could not be used", level=2)
        for failure in c.appendix:
            doc.add_paragraph(failure)


def _flag(doc: DocumentObject, view: FlagView) -> None:
    doc.add_heading(f"{view.title} ({view.severity}): {view.decision}", level=4)
    if view.dismissed:
        doc.add_paragraph().add_run("Dismissed by the editor; kept here for the record.").italic = True
    _labelled(doc, "Article says:", f"({view.where})")
    doc.add_paragraph(f"“{view.quote}”", style="Quote")
    _labelled(doc, "Message:", view.message)
    if view.tool_message:
        _labelled(doc, "Tool's original message:", view.tool_message)
    for ev in view.evidence:
        _labelled(doc, "Evidence:", ev)
    if view.suggestion:
        _labelled(doc, "Suggestion:", view.suggestion)
    _labelled(doc, "Raised by:", f"check {view.check}, {view.engine}, confidence {view.confidence}")
    decided = f" ({view.decided_at})" if view.decided_at else ""
    _labelled(doc, "Editor's decision:", f"{view.decision}{decided}")
    if view.note:
        _labelled(doc, "Editor's note:", view.note)

"""The Word report: for desks whose drafts and corrections live in Word, so the record can be edited on.

python-docx writes text as XML text nodes, so article text needs no escaping here; the characters XML
forbids outright (control codes) were already removed when the report content was built.

Paragraphs are added through `_Body`, not `Document.add_paragraph`: python-docx finds where a new paragraph goes by
scanning the body's children for the section properties, and looks each style up by name through every style, so
a report of thousands of flags took time quadratic in them (4,000 flags, 20 s). `_Body` keeps the insertion point
and the style ids, so each paragraph costs the same however long the report is.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

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
    _write(_Body(doc), content)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


class _Body:
    """Adds paragraphs at the end of the document's body in constant time each (see the module's docstring)."""

    def __init__(self, doc: DocumentObject) -> None:
        self.doc = doc
        self._body = doc.element.body
        self._end = self._body.sectPr
        """The section properties, which must stay last: found once (looking it up scans every child)."""
        self._style_ids: dict[str, str] = {}

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        p = self._add(OxmlElement("w:p"))
        para = Paragraph(p, self.doc._body)
        if style:
            if style not in self._style_ids:
                self._style_ids[style] = self.doc.styles[style].style_id
            para._p.style = self._style_ids[style]
        if text:
            para.add_run(text)
        return para

    def _add(self, element: BaseOxmlElement) -> BaseOxmlElement:
        """`element` appended to the body, before the section properties."""
        if self._end is not None:
            self._end.addprevious(element)
        else:
            self._body.append(element)
        return element

    def heading(self, text: str, level: int) -> Paragraph:
        return self.paragraph(text, f"Heading {level}")

    def labelled(self, label: str, text: str) -> None:
        """One line "Label: text" with the tool's label in bold and the text as given."""
        para = self.paragraph()
        para.add_run(f"{label} ").bold = True
        para.add_run(text)

    def table(self, rows: list[list[str]]) -> None:
        tbl = self._add(CT_Tbl.new_tbl(len(rows), len(rows[0]), self.doc._block_width))
        table = Table(tbl, self.doc._body)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for col, text in enumerate(row):
                cell = table.cell(r, col)
                cell.text = text
                if r == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True

    def hyperlink(self, label: str, text: str, url: str) -> None:
        """'Paper: reference' with the DOI as a real link (python-docx has no call for it: the run is built in XML)."""
        para = self.paragraph()
        para.add_run(f"{label} ").bold = True
        para.add_run(f"{text} ")
        rel = self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
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


def _write(doc: _Body, c: ReportContent) -> None:
    doc.heading(f"Caveat fact-check report: {c.headline}", level=1)
    for line in c.signature:
        doc.labelled(f"{line.label}:", line.value)
    if c.reference:
        text = c.reference.replace(c.reference_url, "").strip()
        if c.reference_url:
            doc.hyperlink("Paper:", text, c.reference_url)
        else:
            doc.labelled("Paper:", text)
    doc.heading("Summary", level=2)
    for point in c.verdict:
        doc.paragraph(point, style="List Bullet")
    doc.heading("Review details", level=2)
    for line in [*c.header, c.counts]:
        doc.labelled(f"{line.label}:", line.value)

    if c.notices:
        doc.heading("Notices", level=2)
        for notice in c.notices:
            doc.paragraph(notice)

    doc.heading("The study's labels", level=2)
    rows = [["Label", "Value", "Where it came from"]]
    rows += [[lb.name, lb.value, lb.source] for lb in c.labels]
    doc.table(rows)

    doc.heading("Checklist", level=2)
    if c.items:
        rows = [["#", "Item", "Status", "Flags", "Editor's decision", "Note"]]
        rows += [[str(it.number), it.title, it.status, str(len(it.flags)), it.decision, it.note]
                 for it in c.items]
        doc.table(rows)
        hints = [it for it in c.items if it.hint]
        if hints:
            doc.paragraph("What to look for:")
            for it in hints:
                doc.labelled(f"{it.number}.", it.hint)
    else:
        doc.paragraph("No checklist was made for this review.")

    doc.heading("Flags by checklist item", level=2)
    if not c.groups:
        doc.paragraph("No flags were raised.")
    for group in c.groups:
        heading = f"{group.number}. {group.title}" if group.number is not None else group.title
        doc.heading(heading, level=3)
        for view in group.flags:
            _flag(doc, view)

    if c.sources:
        doc.heading("Sources consulted", level=2)
        for src in c.sources:
            doc.labelled(f"{src.source}:", src.outcome)
    if c.appendix:
        doc.heading("Appendix: services that could not be used", level=2)
        for failure in c.appendix:
            doc.paragraph(failure)


def _flag(doc: _Body, view: FlagView) -> None:
    doc.heading(f"{view.title} ({view.severity}): {view.decision}", level=4)
    if view.dismissed:
        doc.paragraph().add_run("Dismissed by the editor; kept here for the record.").italic = True
    doc.labelled("Article says:", f"({view.where})")
    doc.paragraph(f"“{view.quote}”", style="Quote")
    doc.labelled("Message:", view.message)
    if view.tool_message:
        doc.labelled("Tool's original message:", view.tool_message)
    for ev in view.evidence:
        doc.labelled("Evidence:", ev)
    if view.suggestion:
        doc.labelled("Suggestion:", view.suggestion)
    doc.labelled("Raised by:", f"check {view.check}, {view.engine}, confidence {view.confidence}")
    decided = f" ({view.decided_at})" if view.decided_at else ""
    doc.labelled("Editor's decision:", f"{view.decision}{decided}")
    if view.note:
        doc.labelled("Editor's note:", view.note)

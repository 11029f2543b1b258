"""The PDF report, laid out with reportlab's platypus: the record a desk attaches to a story or files away.

Two traps are handled here. Platypus paragraphs are a small XML markup, so a `<` or `&` in a quote would
break the layout or be read as a tag: every string is escaped first. And the PDF base fonts only know
Latin-1, so curly quotes, em dashes and Greek letters need an embedded TrueType font: Debian's DejaVu Sans
when it is installed, else the Vera font that ships with reportlab; any character the chosen font cannot
draw is replaced by its closest plain form (or "?") rather than printed as an empty box.

Emoji are a third trap: no font that carries them can be embedded (Debian's emoji font is colour bitmaps, which
reportlab cannot embed; DejaVu has a few dozen), and reportlab writes characters beyond U+FFFF into the PDF's
text map in a form PDF readers cannot decode, so even those it draws cannot be copied or searched. Every symbol
outside the Basic Multilingual Plane, and every symbol the font lacks, is written as its Unicode name in brackets
("[ROCKET]"): plain text that extracts, searches and reads the same everywhere. Emoji joiners and variation
selectors, which only shape the symbol before them, are dropped.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from caveat.core.models import Review
from caveat.report.content import FlagView, ReportContent, build_content, clean

_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path(reportlab.__file__).parent / "fonts")
_TTF_CHOICES = (
    ("CaveatDejaVu", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("CaveatVera", "Vera.ttf", "VeraBd.ttf"),
)

_LOOKALIKES = {"\u03bc": "\u00b5", "\u2212": "-", "\u2009": " ", "\u202f": " "}
"""Greek mu drawn as the micro sign (Latin-1 has it), minus and thin spaces as their plain forms."""
_SHAPERS = frozenset({"\u200d", *map(chr, range(0xFE00, 0xFE10)), *map(chr, range(0x1F3FB, 0x1F400))})
"""The zero-width joiner, variation selectors and skin-tone modifiers: they shape an emoji, they are not text."""
_SYMBOLS = frozenset({"So", "Sk"})
"""Unicode categories named rather than replaced by "?": pictographs, dingbats, emoji."""


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str
    charset: frozenset[int] | None
    """Code points the regular font can draw; None for the base fonts (Latin-1 / cp1252 only)."""

    def drawable(self, text: str) -> str:
        """`text` with every character the font lacks (or cannot map back to text) replaced by its plain
        decomposition, a symbol by its name in brackets ("[ROCKET]"), anything else by "?"."""
        return "".join(self._char(ch) for ch in text)

    def _char(self, ch: str) -> str:
        if ch in _SHAPERS:
            return ""
        if self._has(ch) and ord(ch) <= 0xFFFF:
            return ch
        if ch in _LOOKALIKES and self._has(_LOOKALIKES[ch]):
            return _LOOKALIKES[ch]
        plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if self._has(c) and c.isprintable())
        if plain and ord(ch) <= 0xFFFF:
            return plain
        if unicodedata.category(ch) in _SYMBOLS or ord(ch) > 0xFFFF:
            return f"[{unicodedata.name(ch, f'U+{ord(ch):04X}')}]"
        return plain or "?"

    def _has(self, ch: str) -> bool:
        if self.charset is not None:
            return ord(ch) in self.charset
        try:
            ch.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True


@cache
def fonts() -> _Fonts:
    """Register the first TrueType pair found; fall back to Helvetica when none loads."""
    for name, regular, bold in _TTF_CHOICES:
        for folder in _FONT_DIRS:
            if (folder / regular).is_file() and (folder / bold).is_file():
                try:
                    font = TTFont(name, str(folder / regular))
                    pdfmetrics.registerFont(font)
                    pdfmetrics.registerFont(TTFont(f"{name}-Bold", str(folder / bold)))
                except (TTFError, OSError):
                    continue
                return _Fonts(name, f"{name}-Bold", frozenset(font.face.charToGlyph))
    return _Fonts("Helvetica", "Helvetica-Bold", None)


def render_pdf(review: Review, reviewer: str = "") -> bytes:
    content = build_content(review, reviewer)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
        title=content.title, author=clean(reviewer) or "Caveat", subject="Fact-check report", creator="Caveat",
    )
    doc.build(_Story(fonts()).flowables(content), onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def _footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(fonts().regular, 8)
    canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"Caveat report, page {doc.page}")
    canvas.restoreState()


class _Story:
    """Builds the flowables of one report with one set of fonts and styles."""

    def __init__(self, f: _Fonts) -> None:
        self.f = f
        base = ParagraphStyle("body", fontName=f.regular, fontSize=9.5, leading=12.5, spaceAfter=3)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, spaceAfter=0)
        self.quote = ParagraphStyle("quote", parent=base, leftIndent=10, textColor=colors.HexColor("#333333"))
        self.h1 = ParagraphStyle("h1", parent=base, fontName=f.bold, fontSize=15, leading=19, spaceAfter=8)
        self.h2 = ParagraphStyle("h2", parent=base, fontName=f.bold, fontSize=12, leading=15, spaceBefore=10,
                                 spaceAfter=5)
        self.h3 = ParagraphStyle("h3", parent=base, fontName=f.bold, fontSize=10.5, leading=13, spaceBefore=8,
                                 keepWithNext=1)

    def p(self, text: str, style: ParagraphStyle | None = None, bold_label: str = "") -> Paragraph:
        """A paragraph of literal text; `bold_label` is tool wording, put in bold before it."""
        body = escape(self.f.drawable(text))
        if bold_label:
            body = f'<font name="{self.f.bold}">{escape(self.f.drawable(bold_label))}</font> {body}'
        return Paragraph(body, style or self.body)

    def table(self, rows: list[list[str]], widths: list[float]) -> Table:
        cells = [[self.p(cell, self.small) for cell in row] for row in rows]
        table = Table(cells, colWidths=widths, repeatRows=1, splitInRow=1)  # a cell taller than a page splits
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        return table

    def flowables(self, c: ReportContent) -> list[Flowable]:
        out: list[Flowable] = [self.p(f"Caveat fact-check report: {c.headline}", self.h1)]
        out += [self.p(line.value, bold_label=f"{line.label}:") for line in c.signature]
        if c.reference:
            text = escape(self.f.drawable(c.reference.replace(c.reference_url, "").strip()))
            link = (f' <link href="{escape(c.reference_url)}" color="blue"><u>{escape(c.reference_url)}</u></link>'
                    if c.reference_url else "")
            out.append(Paragraph(f'<font name="{self.f.bold}">Paper:</font> {text}{link}', self.body))
        out.append(self.p("Summary", self.h2))
        out += [self.p(line) for line in c.verdict]
        out.append(self.p("Review details", self.h2))
        out += [self.p(line.value, bold_label=f"{line.label}:") for line in [*c.header, c.counts]]
        if c.notices:
            out.append(self.p("Notices", self.h2))
            out += [self.p(notice) for notice in c.notices]

        out.append(self.p("The study's labels", self.h2))
        rows = [["Label", "Value", "Where it came from"]]
        rows += [[lb.name, lb.value, lb.source] for lb in c.labels]
        out.append(self.table(rows, [28 * mm, 50 * mm, 96 * mm]))

        out.append(self.p("Checklist", self.h2))
        if c.items:
            rows = [["#", "Item", "Status", "Flags", "Editor's decision", "Note"]]
            rows += [[str(it.number), it.title, it.status, str(len(it.flags)), it.decision, it.note]
                     for it in c.items]
            out.append(self.table(rows, [10 * mm, 61 * mm, 22 * mm, 14 * mm, 23 * mm, 44 * mm]))
            hints = [it for it in c.items if it.hint]
            if hints:
                out.append(Spacer(1, 4))
                out.append(self.p("What to look for:", self.h3))
                out += [self.p(it.hint, bold_label=f"{it.number}.") for it in hints]
        else:
            out.append(self.p("No checklist was made for this review."))

        out.append(self.p("Flags by checklist item", self.h2))
        if not c.groups:
            out.append(self.p("No flags were raised."))
        for group in c.groups:
            heading = f"{group.number}. {group.title}" if group.number is not None else group.title
            # A flag is read whole, and a heading with its first flag: neither is split over pages.
            blocks = [self._flag(view) for view in group.flags]
            blocks[0] = [self.p(heading, self.h3), *blocks[0]]
            out += [KeepTogether(block) for block in blocks]

        if c.sources:
            out.append(self.p("Sources consulted", self.h2))
            out += [self.p(src.outcome, bold_label=f"{src.source}:") for src in c.sources]
        if c.appendix:
            out.append(self.p("Appendix: services that could not be used", self.h2))
            out += [self.p(line) for line in c.appendix]
        return out

    def _flag(self, view: FlagView) -> list[Flowable]:
        out: list[Flowable] = [
            Spacer(1, 4),
            self.p(f"{view.title} ({view.severity}): {view.decision}", self.h3),
        ]
        if view.dismissed:
            out.append(self.p("Dismissed by the editor; kept here for the record.", self.small))
        out.append(self.p(f"({view.where})", self.small, bold_label="Article says:"))
        out.append(self.p(f"“{view.quote}”", self.quote))
        out.append(self.p(view.message, bold_label="Message:"))
        if view.tool_message:
            out.append(self.p(view.tool_message, bold_label="Tool's original message:"))
        out += [self.p(ev, bold_label="Evidence:") for ev in view.evidence]
        if view.suggestion:
            out.append(self.p(view.suggestion, bold_label="Suggestion:"))
        out.append(self.p(f"check {view.check}, {view.engine}, confidence {view.confidence}", bold_label="Raised by:"))
        decided = f" ({view.decided_at})" if view.decided_at else ""
        out.append(self.p(f"{view.decision}{decided}", bold_label="Editor's decision:"))
        if view.note:
            out.append(self.p(view.note, bold_label="Editor's note:"))
        return out

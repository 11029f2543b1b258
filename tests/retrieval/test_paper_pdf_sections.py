"""Sections from an uploaded paper PDF: headings on their own lines or opening a paragraph, else one "other"."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from retrieval.paper_pdf import pdf_sections, read_paper_pdf


def pdf(pages: list[list[str]]) -> bytes:
    """Each page's lines drawn top-down in one font; an empty string leaves a blank line."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        y = 800.0
        for line in lines:
            if line:
                drawing.setFont("Helvetica", 10)
                drawing.drawString(56, y, line)
            y -= 15
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


FRONT = [
    "Otters remember where the clams are",
    "https://doi.org/10.5555/otter.2031.5",
    "",
    "Abstract",
    "We followed twelve sea otters for a season and found that they returned to the same clam beds far",
    "more often than chance would predict, which suggests a spatial memory for food that lasts weeks.",
    "",
]
BODY = [
    "1. Introduction",
    "Otters eat a lot of clams.",
    "",
    "2. Methods",
    "Twelve wild otters were tagged in",
    "Monterey Bay for 90 days.",
    "",
    "3. Results",
    "Tagged otters revisited beds 3 times more often than chance.",
    "",
    "Limitations",
    "Twelve otters in one bay are few.",
    "",
    "Funding: The Otter Trust paid for the tags.",
    "Competing interests",
    "None declared.",
    "",
    "References",
    "1. Someone. A paper about otters. 2020.",
]


def test_paper_pdf_sections_by_heading() -> None:
    paper = read_paper_pdf(pdf([FRONT, BODY]))
    assert paper.sources["full_text"] == "pdf"
    assert [(s.kind, s.title) for s in paper.full_text] == [
        ("introduction", "Introduction"),
        ("methods", "Methods"),
        ("results", "Results"),
        ("limitations", "Limitations"),
        ("funding", "Funding"),
        ("competing-interests", "Competing interests"),
    ]
    methods = paper.full_text[1]
    assert methods.text == "Twelve wild otters were tagged in Monterey Bay for 90 days."
    assert paper.full_text[4].text == "The Otter Trust paid for the tags."
    assert not any("Someone" in s.text for s in paper.full_text)  # the reference list is left out
    assert paper.abstract.startswith("We followed twelve sea otters")  # the abstract is still read as before


def test_paper_pdf_without_headings_is_one_other_section() -> None:
    paper = read_paper_pdf(pdf([[*FRONT, "Otters were watched. They liked clams.", "", "Results", "More clams."]]))
    assert [s.kind for s in paper.full_text] == ["other"]
    assert "They liked clams." in paper.full_text[0].text


def test_upper_case_and_numbered_headings() -> None:
    text = (
        "Title\n\nII. MATERIALS AND METHODS\nMice were fed.\n\nIII. RESULTS\nThey grew.\n"
        "Declaration of interests\nNone."
    )
    sections = pdf_sections(text)
    assert [(s.kind, s.title, s.text) for s in sections] == [
        ("methods", "Materials and methods", "Mice were fed."),
        ("results", "Results", "They grew."),
        ("competing-interests", "Declaration of interests", "None."),
    ]
    assert pdf_sections("") == []

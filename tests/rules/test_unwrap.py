"""Hard-wrapped copy (an e-mail, a text export, a PDF copy) reads as the same story as its one-line-per-paragraph
form: a wrap inside "in\nmice" or "may\nhelp" must not change which checks fire. Invented story and paper."""

from __future__ import annotations

import html
import io
import textwrap
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from caveat.analysis.article import unwrap_lines
from caveat.core.models import Paper
from caveat.core.paths import PROJECT_ROOT, shared_dir
from caveat.core.settings import Settings
from caveat.pipeline import ReviewInput, review
from caveat.reading.documents import read_article_bytes
from retrieval.supplied import paper_from_json

PAPER = Paper(
    title="Compound K12 lowers blood sugar in obese mice",
    journal="Journal of Imaginary Metabolism",
    status="peer-reviewed",
    abstract="Obese mice given compound K12 for four weeks had lower fasting glucose than untreated mice. "
             "These results suggest that K12 may help control blood sugar.",
)
PARAGRAPHS = [
    "Diabetes breakthrough: new pill controls blood sugar",
    "Scientists have finally found a pill that controls blood sugar, according to research published in the "
    "Journal of Imaginary Metabolism by a team at a university in the north of the country this week.",
    "The scientists gave the compound, K12, to obese mice for four weeks and found that it can improve fasting "
    "glucose compared with mice that were left untreated by the researchers during the whole study.",
    "The team now hopes to start work on a larger programme with partners in industry and in the health service "
    "within the next few years, the university said in a statement issued on Tuesday afternoon.",
]
FLAT = "\n\n".join(PARAGRAPHS) + "\n"
WRAPS = {"finally found": "finally\nfound", "can improve": "can\nimprove"}


def _wrap(paragraph: str) -> str:
    """Wrapped at 60 columns, and at the two phrases a rule reads, as a mail client might have cut them."""
    for phrase, cut in WRAPS.items():
        paragraph = paragraph.replace(phrase, cut)
    return "\n".join(textwrap.fill(line, 60) for line in paragraph.split("\n"))


WRAPPED = "\n\n".join(PARAGRAPHS[:1] + [_wrap(p) for p in PARAGRAPHS[1:]]) + "\n"


def _checks(text: str) -> list[str]:
    settings = Settings().offline()
    return sorted(f.check for f in review(ReviewInput(text=text, paper=PAPER), settings=settings).flags)


def _folders() -> list[Path]:
    """The project's own labelled stories, and the shared ones when ../shared is there."""
    roots = [PROJECT_ROOT / "tests" / "fixtures" / "stories", PROJECT_ROOT / "tests" / "fixtures" / "fulltext",
             shared_dir() / "data" / "stories"]
    return [d for root in roots if root.is_dir() for d in sorted(root.iterdir()) if (d / "article.txt").is_file()]


def _wrapped(text: str, width: int) -> str:
    """Each line past `width` folded at spaces, as a mail client folds (lines it was given, bullets, stay)."""
    head, _, body = text.partition("\n")

    def fold(line: str) -> str:
        return textwrap.fill(line, width, break_on_hyphens=False) if len(line) > width else line

    return head + "\n" + "\n".join(fold(line) for line in body.split("\n"))


def _paragraphs(text: str) -> tuple[str, list[str]]:
    head, _, body = text.partition("\n\n")
    return head, [p for p in body.split("\n\n") if p.strip()]


def _as_html(text: str) -> str:
    head, body = _paragraphs(text)
    page = f"<html><body><h1>{html.escape(head)}</h1>" + "".join(
        f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in body) + "</body></html>"
    return read_article_bytes(page.encode(), "story.html")


def _as_docx(text: str) -> str:
    head, body = _paragraphs(text)
    document = docx.Document()
    document.add_heading(head, level=1)
    for paragraph in body:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return read_article_bytes(buffer.getvalue(), "story.docx")


def _as_pdf(text: str) -> str:
    head, body = _paragraphs(text)
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [Paragraph(html.escape(head), styles["Title"])] + [Paragraph(html.escape(p), styles["BodyText"]) for p in body])
    return read_article_bytes(buffer.getvalue(), "story.pdf")


VARIANTS: dict[str, Callable[[str], str]] = {
    "uploaded as HTML": _as_html,
    "uploaded as DOCX": _as_docx,
    "uploaded as PDF": _as_pdf,
    "wrapped at 64": lambda t: _wrapped(t, 64),
    "wrapped at 78": lambda t: _wrapped(t, 78),
    "CRLF line ends": lambda t: t.replace("\n", "\r\n"),
    "no-break spaces": lambda t: t.replace(" in ", "\u00a0in\u00a0"),
    "curly apostrophes": lambda t: t.replace("'", "\u2019"),
    "two spaces after stops": lambda t: t.replace(". ", ".  "),
    "tab-indented": lambda t: "\n".join(("\t" + line if line.strip() else line) for line in t.split("\n")),
    "Markdown heading": lambda t: "# " + t,
    "byline": lambda t: t.replace("\n\n", "\n\nBy Jane Doe, Science Correspondent\n\n", 1),
    "wire dateline": lambda t: t.replace("\n\n", "\n\nLONDON (Reuters) - ", 1),
}
"""The same story as it reaches a desk in other hands: uploaded as a page, a Word file or a PDF, or pasted from a
mail client, Windows, a CMS or a wire service."""


@pytest.fixture(scope="module")
def flat_checks() -> dict[Path, tuple[Paper | None, list[str]]]:
    settings = Settings().offline()
    out: dict[Path, tuple[Paper | None, list[str]]] = {}
    for folder in _folders():
        paper_file = folder / "paper.json"
        paper = paper_from_json(paper_file.read_text(encoding="utf-8")) if paper_file.is_file() else None
        text = (folder / "article.txt").read_text(encoding="utf-8")
        out[folder] = paper, sorted(f.check for f in review(ReviewInput(text=text, paper=paper),
                                                             settings=settings).flags)
    return out


@pytest.mark.slow  # a review per story and variant
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_formatting_does_not_change_the_checks(variant: str,
                                               flat_checks: dict[Path, tuple[Paper | None, list[str]]]) -> None:
    """Every labelled story, formatted as another desk would send it, raises the checks it raises as written
    (on the code before it, 34 of the 560 text variants and 15 stories uploaded as PDF raised other checks)."""
    settings = Settings().offline()
    differ = []
    for folder, (paper, flat) in flat_checks.items():
        text = VARIANTS[variant]((folder / "article.txt").read_text(encoding="utf-8"))
        changed = sorted(f.check for f in review(ReviewInput(text=text, paper=paper), settings=settings).flags)
        if changed != flat:
            differ.append(f"{folder.name}: {flat} != {changed}")
    assert differ == []


def test_unwrapping_keeps_every_offset_and_word() -> None:
    unwrapped = unwrap_lines(WRAPPED)
    assert len(unwrapped) == len(WRAPPED)
    assert all(a == b or (a == "\n" and b == " ") for a, b in zip(WRAPPED, unwrapped, strict=True))
    assert unwrapped.split() == WRAPPED.split()
    assert unwrapped.startswith(PARAGRAPHS[0] + "\n\n"), "the headline and the paragraph breaks stay"


def test_text_that_is_not_wrapped_is_left_alone() -> None:
    assert unwrap_lines(FLAT) == FLAT
    one_line_each = "\n".join(PARAGRAPHS) + "\n"
    assert unwrap_lines(one_line_each) == one_line_each
    listing = "Findings\n\n- fewer cells\n- less scratching\n- no weight change\n\nMore to come.\n" * 3
    assert unwrap_lines(listing) == listing
    bullets = WRAPPED.replace("\n\nThe team now hopes", "\n• The team now hopes")
    assert "\n• The team now hopes" in unwrap_lines(bullets), "a list item keeps its own line"


def test_no_break_spaces_read_as_spaces_without_moving_an_offset() -> None:
    """Web and Word copy put no-break spaces in "published\u00a0in the Journal": the checks read plain spaces."""
    from caveat.analysis.article import plain_spaces

    text = "Pill helps\u00a0mice\n\nPublished\u00a0in the Journal of\u202fImaginary Metabolism, 10\u2007mg doses."
    assert plain_spaces(text) == text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2007", " ")
    assert len(plain_spaces(text)) == len(text)
    paper = PAPER.model_copy(update={"journal": "Journal of Imaginary Metabolism"})
    nbsp = FLAT.replace("published in the Journal of Imaginary Metabolism",
                        "published\u00a0in the Journal of\u00a0Imaginary Metabolism")
    assert nbsp != FLAT
    settings = Settings().offline()
    checks = [sorted(f.check for f in review(ReviewInput(text=t, paper=paper), settings=settings).flags)
              for t in (FLAT, nbsp)]
    assert checks[0] == checks[1]

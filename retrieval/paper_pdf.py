"""The paper's PDF, for the embargo case: the journal's press service sent it and no API has the paper yet.

The title, DOI and abstract come from the PDF itself, each marked as read from it, so the checks can compare
the story with the paper before anything is public. The rest of the text becomes `Paper.full_text`: split into
sections where the usual headings stand on lines of their own ("2. Methods", "RESULTS", "Competing interests")
or open a paragraph ("Funding: ..."), else kept whole as one "other" section, so the checks that read methods,
harms or funding can still quote it.
"""

from __future__ import annotations

import re
import statistics
from datetime import UTC, datetime
from typing import Any

from caveat.core import limits
from caveat.core.errors import InputError
from caveat.core.models import AbstractSection, Paper, PaperSection
from caveat.reading.documents import HYPHEN_BREAK, MAX_PAPER_BYTES, megabytes, pdf_pages, pdf_reader, quiet_pypdf
from retrieval._text import join_sections, labelled_sections
from retrieval.citations import find_citations
from retrieval.jats import kind_from_title

__all__ = ["read_paper_pdf"]

_ABSTRACT_HEAD = re.compile(r"^[ \t]*(?:abstract|summary)\b[ \t]*[:.\-–—]?[ \t]*", re.IGNORECASE | re.MULTILINE)
_ABSTRACT_END = re.compile(
    r"^[ \t]*(?:\d+\.?[ \t]*)?(?:introduction|background|main(?:\s+text)?)[ \t]*$|^[ \t]*key[ \t-]?words?\b",
    re.IGNORECASE | re.MULTILINE,
)
_ABSTRACT_WORDS = 300
_BAD_TITLES = re.compile(r"^(?:untitled|microsoft word|document|title|pdf|\S+\.(?:docx?|pdf|tex|indd))", re.I)


def read_paper_pdf(data: bytes) -> Paper:
    """Title, DOI and abstract of a paper's PDF, each marked as read from the PDF.

    Raises InputError for a file that is not a readable PDF, a scanned PDF, or one where none of the three
    can be found (then the editor should paste the abstract instead).
    """
    if len(data) > MAX_PAPER_BYTES:
        raise InputError(f"the PDF is {megabytes(len(data))}; the limit for a paper is {megabytes(MAX_PAPER_BYTES)}")
    if not data.strip():
        raise InputError("the PDF is empty")
    with quiet_pypdf():  # the metadata and the font sizes are read lazily, and pypdf notes its repairs there too
        return _read_paper(data)


def _read_paper(data: bytes) -> Paper:
    """`read_paper_pdf` once the file's size is known to be fine."""
    reader = pdf_reader(data)
    pages = pdf_pages(reader, max_pages=3)
    raw = "\n".join(pages)
    if not raw.strip():
        raise InputError("scanned PDF: no text to read; paste the abstract instead")
    flowing = HYPHEN_BREAK.sub("", raw)
    sources: dict[str, str] = {}
    fields: dict[str, Any] = {}
    title = _pdf_title(reader, pages[0] if pages else "")
    if title:
        fields["title"], sources["title"] = title, "pdf"
    dois = sorted((c for c in find_citations(flowing) if c.kind == "doi"), key=lambda c: c.span.start)
    if dois:
        fields["doi"], sources["doi"] = dois[0].value, "pdf"
    abstract = _pdf_abstract(flowing)
    if abstract:
        sections = _structured_sections(abstract)
        if sections:  # the same flat 'Label: text' form as every other source gives
            fields["abstract_sections"], abstract = sections, join_sections(sections)
        fields["abstract"], sources["abstract"] = abstract, "pdf"
    authors = _metadata_authors(reader)
    if authors:
        fields["authors"], sources["authors"] = authors, "pdf"
    if not ({"title", "doi", "abstract"} & set(fields)):
        raise InputError("no title, DOI or abstract found in this PDF; paste the abstract instead")
    full_text = pdf_sections(_all_text(reader))
    if full_text:
        fields["full_text"], sources["full_text"] = full_text, "pdf"
    return Paper(
        **fields,
        sources=sources,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        notes="read from an uploaded PDF",
    )


def _pdf_title(reader: Any, first_page: str) -> str:
    """The PDF's own title when it is a real one, else the largest text on page 1, else its first long line."""
    metadata = reader.metadata
    meta_title = " ".join(str(metadata.title or "").split()) if metadata else ""
    if len(meta_title) >= 10 and " " in meta_title and not _BAD_TITLES.match(meta_title):
        return meta_title
    largest = _largest_text(reader)
    if largest:
        return largest
    for line in first_page.split("\n"):
        line = " ".join(line.split())
        if len(line) >= 15 and not re.search(r"doi|https?://|©|journal|vol\.|volume", line, re.IGNORECASE):
            return line
    return ""


def _largest_text(reader: Any) -> str:
    """Text drawn in the biggest font on page 1: how a reader's eye finds the title."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: Any, tm: Any, font_dict: Any, font_size: float) -> None:
        if text.strip():
            scale = abs(float(tm[3])) if tm and tm[3] else 1.0
            runs.append((round(float(font_size) * (scale if scale > 0 else 1.0), 1), text))

    try:
        reader.pages[0].extract_text(visitor_text=visit)
    except Exception:
        return ""
    if not runs:
        return ""
    biggest = max(size for size, _ in runs)
    body = statistics.median(size for size, _ in runs)
    if biggest <= body * 1.15:
        return ""  # no text stands out: no visual title to find
    words = " ".join(" ".join(text for size, text in runs if size == biggest).split())
    return words if 10 <= len(words) <= 400 else ""


def _pdf_abstract(text: str) -> str:
    head = _ABSTRACT_HEAD.search(text)
    if not head:
        return ""
    rest = text[head.end() :]
    end = None
    for match in _ABSTRACT_END.finditer(rest):
        if len(rest[: match.start()].split()) >= 30:
            end = match.start()
            break
    words = (rest[:end] if end is not None else rest).split()
    if end is None:
        words = words[:_ABSTRACT_WORDS]
    return " ".join(words)


_SECTION_LABEL = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?]))\s*\b(Background|Context|Importance|Introduction|Purpose|Aims?|Objectives?|"
    r"Design|Setting|Participants|Methods?|Methodology|Interventions?|Results|Findings|Conclusions?|"
    r"Interpretation|Significance|Funding|Trial registration)\s*:\s*",
    re.IGNORECASE,
)


def _structured_sections(abstract: str) -> list[AbstractSection]:
    """'Background: … Methods: … Results: … Conclusions: …' split at its labels; [] for a plain abstract."""
    labels = list(_SECTION_LABEL.finditer(abstract))
    if len(labels) < 2 or abstract[: labels[0].start()].strip():
        return []
    parts = [
        (match.group(1), abstract[match.end() : labels[i + 1].start() if i + 1 < len(labels) else len(abstract)])
        for i, match in enumerate(labels)
    ]
    return labelled_sections(parts)


def _metadata_authors(reader: Any) -> list[str]:
    metadata = reader.metadata
    raw = " ".join(str(metadata.author or "").split()) if metadata else ""
    if not raw or len(raw) > 500 or raw.lower() in ("anonymous", "unknown", "unspecified", "author", "admin"):
        return []
    parts = re.split(r";|\band\b|,(?=\s*[A-Z][a-z]+\s+[A-Z])", raw)
    return [p.strip(" ,") for p in parts if p.strip(" ,")]


_HEADINGS = (
    r"introduction|background|(?:materials?|patients|subjects|participants) and methods|methods and materials|"
    r"methods?|methodology|study design|participants|results(?: and discussion)?|findings|discussion|"
    r"conclusions?|(?:strengths and )?limitations(?: of (?:the|this) study)?|adverse events|safety|funding|"
    r"role of the funding source|acknowledge?ments?|competing interests?|conflicts? of interests?(?: statement)?|"
    r"declarations? of (?:competing )?interests?|disclosures?|data (?:availability|sharing)(?: statement)?|"
    r"trial registration|author contributions|ethics(?: statement| approval)?|references|bibliography"
)
_HEADING_LINE = re.compile(
    rf"^[ \t]*(?:(?:\d+(?:\.\d+)*|[IVX]+)\.?[ \t]+)?({_HEADINGS})[ \t]*[:.]?[ \t]*$", re.IGNORECASE | re.MULTILINE
)
_RUN_IN = re.compile(
    r"^[ \t]*(funding|competing interests?|conflicts? of interests?|declaration of interests?|trial registration|"
    r"data availability(?: statement)?)[ \t]*:[ \t]*(?=\S)",
    re.IGNORECASE | re.MULTILINE,
)
_SKIPPED = re.compile(r"^(references|bibliography)$", re.IGNORECASE)


def _all_text(reader: Any) -> str:
    """Every page's text, dehyphenated, until the full-text bound: a long PDF costs time, not the review."""
    pages: list[str] = []
    total = 0
    for page in pdf_pages(reader):
        pages.append(page)
        total += len(page)
        if total > limits.FULL_TEXT_CHARS:
            break
    return HYPHEN_BREAK.sub("", "\n".join(pages))[: limits.FULL_TEXT_CHARS]


def _flow(text: str) -> str:
    """Lines of a PDF section as paragraphs: blank lines break them, single line ends become spaces."""
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def pdf_sections(text: str) -> list[PaperSection]:
    """The text under each known heading as a section of its kind; one "other" section when too few are found.

    The front matter before the first heading (title, authors, abstract) and the reference list are left out.
    """
    marks = sorted(
        [(m.start(), m.end(), m.group(1)) for m in _HEADING_LINE.finditer(text)]
        + [(m.start(), m.end(), m.group(1)) for m in _RUN_IN.finditer(text)]
    )
    if len({title.lower() for _, _, title in marks}) < 2:
        whole = _flow(text)
        return [PaperSection(kind="other", title="", text=whole)] if whole else []
    sections: list[PaperSection] = []
    for index, (_, end, title) in enumerate(marks):
        stop = marks[index + 1][0] if index + 1 < len(marks) else len(text)
        body = _flow(text[end:stop])
        name = " ".join(title.split())
        name = name.capitalize() if name.isupper() else name
        if body and not _SKIPPED.match(name):
            sections.append(PaperSection(kind=kind_from_title(name), title=name, text=body))
    return sections

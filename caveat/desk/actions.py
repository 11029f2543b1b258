"""What the page does that is not drawing: turning its inputs into a review, the demo.

Kept out of app.py so that the page stays a thin door onto the pipeline and so that this logic is tested
without a browser. Nothing here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from caveat.core.errors import InputError
from caveat.core.models import Paper, Review
from caveat.core.settings import Settings
from caveat.desk.safe import describe
from caveat.pipeline import Progress, ReviewInput, review
from retrieval.supplied import paper_from_json


@dataclass(frozen=True)
class Upload:
    """A file from the page's uploader, reduced to what the pipeline needs."""

    name: str
    data: bytes


def demo_inputs() -> tuple[str, Paper]:
    """The demo article and its paper: the project's own invented case, so a review works offline."""
    folder = resources.files("caveat") / "demo"
    text = (folder / "article.txt").read_text(encoding="utf-8")
    paper = paper_from_json((folder / "paper.json").read_text(encoding="utf-8"))
    return text, paper


def paper_from_page(text: str) -> Paper | None:
    """The paper JSON typed on the page, or None when the field is empty.

    Any way the reader fails on it (a `sources` list where a mapping belongs, nesting deep enough to exhaust the
    parser, a wrong type) is an input error about this field, in one line, never a traceback on the page.
    """
    if not text.strip():
        return None
    try:
        return paper_from_json(text)
    except InputError:
        raise
    except RecursionError as exc:
        raise InputError("The paper JSON is nested too deeply to read; give a flat object of paper fields.") from exc
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise InputError(f"The paper JSON cannot be used ({describe(exc)}); check its fields and types.") from exc


def page_review(
    *,
    text: str,
    article_upload: Upload | None = None,
    doi: str = "",
    abstract: str = "",
    paper_json: str = "",
    paper_pdf: Upload | None = None,
    settings: Settings,
    library: object | None = None,
    progress: Progress | None = None,
) -> Review:
    """Review what the page was given. An uploaded article wins over pasted text; a pasted abstract wins over
    the abstract of an uploaded paper, which wins over nothing."""
    from caveat.reading.documents import read_article_bytes
    from retrieval.paper_pdf import read_paper_pdf

    source = "pasted"
    if article_upload is not None:
        text = read_article_bytes(article_upload.data, article_upload.name)
        source = article_upload.name
    paper = paper_from_page(paper_json)
    if paper_pdf is not None:
        from_pdf = read_paper_pdf(paper_pdf.data)
        paper = merge_supplied(paper, from_pdf)
    return review(
        ReviewInput(text=text, source=source, paper=paper, abstract=abstract or None, doi=doi or None),
        settings=settings,
        library=library,
        progress=progress,
    )


def merge_supplied(first: Paper | None, second: Paper) -> Paper:
    """Fields of `first` (typed by the editor) win; `second` (read from a PDF) fills the gaps."""
    if first is None:
        return second
    filled = {k: v for k, v in second.model_dump().items() if v and not getattr(first, k)}
    sources = {**second.sources, **first.sources}
    return first.model_copy(update={**filled, "sources": sources})


def demo_review(settings: Settings, progress: Progress | None = None) -> Review:
    """The demo runs offline whatever the settings say: it must show a full review on a machine with no network."""
    text, paper = demo_inputs()
    return review(ReviewInput(text=text, source="demo", paper=paper), settings=settings.offline(), progress=progress)
